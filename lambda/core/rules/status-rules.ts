/**
 * The last rules of the table: what a status means when no phrase names the cause, ending with the
 * bare client status.
 */
import { mayBeRestApi } from '../facts';
import { GENERIC_SERVER_ERROR, saysOnlyTheStatus } from '../http-status';
import { CONFIDENCE } from '../types';
import { BACKEND_CLIENT_CAUSES, integrationAnswered, likelyBackendAnswer } from './backend-facts';
import { certain, likely, shown } from './evidence';
import type { Rule } from './rule';

/**
 * The invoke succeeded (Lambda's own status 2xx) and nothing says the gateway failed after it, yet the
 * client got an error: a Lambda proxy passes its function's statusCode on as it is, so the function
 * chose that status (`$context.integrationStatus` 200 logged without `$context.integration.status`).
 * Likely, since a response the gateway could not read also follows a successful invoke.
 */
export const functionChoseItsStatus: Rule = {
  name: 'the function chose its status',
  causes: [...BACKEND_CLIENT_CAUSES, 'limit.backend', 'server.unavailable', 'server.function-error'],
  match: (facts) => {
    const status = facts.clientStatus;
    if (status === undefined || status < 400 || facts.backendStatus !== undefined) return undefined;
    if (facts.serviceStatus === undefined || facts.serviceStatus >= 300) return undefined;
    // The function's answer at hand, with no statusCode (nor, as the rules before found, an error):
    // it chose no status, so the client's came from the gateway (a mapping, a template).
    if (facts.functionAnswerShown) return undefined;
    if (facts.responseType !== undefined) return undefined;
    // The gateway's generic message names nothing, in either field: the successful invoke decides.
    if (facts.errorMessage !== undefined && !GENERIC_SERVER_ERROR.test(facts.errorMessage)) return undefined;
    if (facts.integrationError !== undefined && !GENERIC_SERVER_ERROR.test(facts.integrationError))
      return undefined;
    if (facts.authorizerError !== undefined) return undefined;
    const evidence = `status=${status} with integrationStatus=${facts.serviceStatus}: the invoke succeeded, so the ${status} came from the function`;
    // A backend's own 429 is its limit, as backendThrottle reads integration.status 429.
    if (status === 429) return likely('limit.backend', evidence);
    return likelyBackendAnswer(status, facts, evidence);
  },
};

/**
 * A REST status API Gateway sent no gateway response for (`$context.error.responseType` logged as
 * `-`): every error a REST API answers itself is a gateway response with a type, an unspecified one
 * DEFAULT_4XX or DEFAULT_5XX (API Gateway's "Gateway response types"), so the status is the
 * integration's own, passed on or mapped, read with the causes of the backend's status. Likely: the
 * line does not say which integration answered. Not on an HTTP or WebSocket API (its route key,
 * event type or request id says so), which have no gateway responses to customise, nor beside a
 * backend status logged as `-` (a MOCK answers so), nor beside a gateway error message, which only a
 * gateway response carries.
 */
export const integrationAnsweredAlone: Rule = {
  name: 'no gateway response: the integration answered',
  causes: [...BACKEND_CLIENT_CAUSES, 'limit.backend', 'server.unavailable', 'server.function-error'],
  match: (facts) => {
    const status = facts.clientStatus;
    if (!facts.noGatewayResponse || status === undefined || status < 400) return undefined;
    if (!mayBeRestApi(facts)) return undefined;
    if (facts.noIntegrationStatus || facts.noRoute) return undefined;
    if (facts.backendStatus !== undefined || (facts.serviceStatus ?? 200) >= 300) return undefined;
    // Any gateway error message, "Internal server error" too, is a gateway response's: API Gateway
    // answered (an HTTP API line naming no route key may log its own "Internal Server Error" so).
    if (facts.errorMessage !== undefined) return undefined;
    if (facts.integrationError !== undefined || facts.authorizerError !== undefined) return undefined;
    const evidence = `status=${status} with responseType '-': no gateway response, so the integration answered the ${status}`;
    if (status === 429) return likely('limit.backend', evidence);
    return likelyBackendAnswer(status, facts, evidence);
  },
};

/**
 * A 404 on a route the gateway matched came from the backend: a REST API answers a path it has no
 * resource for with 403 Missing Authentication Token, and an HTTP API's unmatched request has no route
 * key. Only when the log names no gateway error, since a gateway 404 would carry one.
 */
export const notFoundOnMatchedRoute: Rule = {
  name: 'not found on a matched route',
  causes: ['not-found.backend'],
  match: (facts) =>
    facts.clientStatus === 404 &&
    facts.matchedRoute !== undefined &&
    !facts.noIntegrationStatus &&
    facts.responseType === undefined &&
    facts.errorMessage === undefined
      ? likely('not-found.backend', `status=404 on the matched route ${facts.matchedRoute}`)
      : undefined,
};

/**
 * What a status means when the access log also shows that the gateway answered on its own (the
 * route key or resource path logged as `-`, or the backend's status logged as `-`) and names no
 * gateway error: a 404 for a request that matched no route is a wrong route; on an HTTP API, which
 * has no usage-plan quotas, a 429 no integration answered is the gateway's throttling, and a 403 on a
 * route it matched a refusal (it has no API keys); a 401 no integration answered is an authorizer
 * refusing the caller's identity. (A REST 429 may be a quota
 * or a WAF rate rule as well as throttling, and a 404 on a matched resource that reached no
 * integration may be a MOCK integration's, so those stay bare statuses. So do a WebSocket API's 429
 * and 403: it has API keys and usage-plan quotas, which HTTP APIs lack.) A trail joined with the line
 * may show otherwise, which the line's `-` cannot outweigh: an integration that answered (a route
 * matched), or a request past its authorizer.
 */
export const gatewayOwnStatus: Rule = {
  name: "the gateway's own status",
  causes: ['not-found.route', 'limit.throttle', 'auth.unauthenticated', 'auth.denied'],
  match: (facts) => {
    const { clientStatus } = facts;
    if (facts.responseType !== undefined || integrationAnswered(facts)) return undefined;
    if (clientStatus === 404 && facts.noRoute)
      return likely('not-found.route', "status=404 with the route logged as '-': no route matched");
    // No route, so no integration to answer it: the gateway throttled the request before choosing one.
    if (clientStatus === 429 && facts.httpApi && facts.noRoute)
      return likely(
        'limit.throttle',
        "HTTP API status=429 with the route logged as '-': the gateway throttled it",
      );
    if (!facts.noIntegrationStatus || facts.serviceStatus !== undefined) return undefined;
    if (clientStatus === 429 && facts.httpApi)
      return likely(
        'limit.throttle',
        "HTTP API status=429 with integration status '-': the gateway throttled it",
      );
    if (clientStatus === 401 && !facts.pastAuthorizer)
      return likely(
        'auth.unauthenticated',
        "status=401 with integration status '-': refused before the backend",
      );
    // An HTTP API has no API keys and answers an unknown route 404: its own 403 on a route it
    // matched is an authorizer, a JWT scope or IAM refusing the caller.
    if (clientStatus === 403 && facts.httpApi && !facts.noRoute)
      return likely(
        'auth.denied',
        "HTTP API status=403 on a matched route with integration status '-': the caller was refused",
      );
    return undefined;
  },
};

/**
 * What the client saw when nothing else is known; the access log alone records many 4xx. A logged
 * integration error or error message no rule read is kept beside it as evidence: once when both say
 * the same, and the error message not when it is only the status's default words (saysOnlyTheStatus).
 */
export const clientStatusOnly: Rule = {
  name: 'client status',
  causes: ['bad-request.too-large', 'bad-request.media-type', 'unknown.server', 'unknown.client'],
  match: (facts) => {
    const status = facts.clientStatus;
    if (status === undefined || status < 400) return undefined;
    const evidence = `status=${status}`;
    if (status === 413 || status === 431) return certain('bad-request.too-large', evidence);
    if (status === 414) return likely('bad-request.too-large', evidence);
    if (status === 415) return likely('bad-request.media-type', evidence);
    // An integration error no rule knows the words of is still what API Gateway said went wrong:
    // the owner reads it beside the bare status, named as the line names it (integrationErrorUnnamed).
    const said = facts.integrationError;
    const label = facts.integrationErrorUnnamed ? 'logged message' : 'integration error';
    const message = facts.errorMessage;
    // Text with no key is likely $context.error.message: its default words say nothing either.
    const worthShowing =
      said !== undefined && !(facts.integrationErrorUnnamed && saysOnlyTheStatus(said, status));
    const shownEvidence = worthShowing ? [evidence, shown(`${label}: ${said}`)] : [evidence];
    if (message !== undefined && message !== said && !saysOnlyTheStatus(message, status))
      shownEvidence.push(shown(`error message: ${message}`));
    return {
      cause: status >= 500 ? 'unknown.server' : 'unknown.client',
      confidence: CONFIDENCE.statusOnly,
      evidence: shownEvidence,
    };
  },
};
