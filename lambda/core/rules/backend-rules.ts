/**
 * Rules for the integration's failures that a phrase alone does not decide: a throttled backend,
 * Lambda refusing or failing the invoke, and the backend's own error status.
 */
import type { Cause } from '../taxonomy';
import {
  BACKEND_CLIENT_CAUSES,
  backendAnswer,
  likelyBackendAnswer,
  readsTheBackendsStatus,
} from './backend-facts';
import { certain, find, findAll, likely, shown } from './evidence';
import {
  BACKEND_BODY,
  BACKEND_THROTTLE,
  CONFIGURATION,
  DECISIVE_THROTTLE,
  FUNCTION_CRASHED,
  FUNCTION_ERROR_BODY,
  FUNCTION_TIMEOUT,
  HANDLED_FUNCTION_ERROR,
  LAMBDA_COULD_NOT_RUN,
} from './phrases';
import type { Rule } from './rule';

export const backendThrottle: Rule = {
  name: 'backend throttled',
  causes: ['limit.backend'],
  match: (facts) => {
    // Read from API Gateway's "Lambda invocation failed with status: 429", the status is that phrase,
    // which the search below names with what else the trail says ("Rate Exceeded.").
    if (facts.serviceStatus === 429 && facts.serviceStatusMessage === undefined)
      return certain('limit.backend', `integration.integrationStatus=429 (Lambda service)`);
    // A gateway THROTTLED/QUOTA response is API Gateway's own limit, handled by the response-type rule.
    const hits = findAll(facts, BACKEND_THROTTLE);
    if (hits.length > 0) {
      const decisive = hits.find((h) => DECISIVE_THROTTLE.test(h));
      if (decisive !== undefined)
        return certain('limit.backend', decisive, ...hits.filter((h) => h !== decisive).slice(0, 1));
      // The backend's own 429 beside its throttling words is as decisive as Lambda's.
      if (facts.backendStatus === 429)
        return certain('limit.backend', `integration.status=429 (backend)`, ...hits.slice(0, 1));
      return likely('limit.backend', ...hits.slice(0, 2));
    }
    if (facts.backendStatus === 429) return certain('limit.backend', `integration.status=429 (backend)`);
    return undefined;
  },
};

/**
 * A 2xx/3xx from a function that still failed, or a 5xx status its own code returned. An AWS service
 * API (SQS, DynamoDB, SNS…) runs no code of the API owner's: its own 5xx (InternalError,
 * InternalFailure, InternalServerError: "try your request again") is the service failing for now.
 */
export const functionStatus: Rule = {
  name: 'backend returned a server error',
  causes: ['server.function-error', 'server.unavailable'],
  match: (facts) => {
    const status = facts.backendStatus;
    if (status === undefined || status < 500 || status === 503) return undefined;
    if (facts.serviceStatus !== undefined && facts.serviceStatus !== 200) return undefined;
    // A host that runs the owner's code (AppSync, OpenSearch, SageMaker) fails as a backend does.
    if (facts.awsServiceEndpoint && !facts.ownerCodeEndpoint) {
      const body = find(facts, BACKEND_BODY);
      const evidence = `integration.status=${status} from an AWS service: its own error, not the API's code`;
      return body === undefined
        ? certain('server.unavailable', evidence)
        : certain('server.unavailable', evidence, body);
    }
    return certain('server.function-error', `integration.status=${status} (returned by the backend)`);
  },
};

/**
 * API Gateway's INTEGRATION_FAILURE: the integration could not be reached, unless Lambda answered the
 * invoke (its status 200). API Gateway labels a function's own failure so too ("Lambda Customer
 * Function Error", DataBiosphere/azul#6624): then the function failed, or answered what the gateway
 * could not read, and a status the function answered decides in a later rule.
 */
export const integrationFailure: Rule = {
  name: 'integration failure',
  causes: ['network.unreachable', 'server.function-error'],
  match: (facts) => {
    if (facts.responseType !== 'INTEGRATION_FAILURE') return undefined;
    if (facts.serviceStatus === 200) {
      if (facts.backendStatus !== undefined) return undefined;
      return likely(
        'server.function-error',
        'responseType=INTEGRATION_FAILURE after Lambda answered the invoke (integration.integrationStatus=200)',
      );
    }
    return certain(
      'network.unreachable',
      'responseType=INTEGRATION_FAILURE',
      ...(facts.integrationError ? [`integration.error=${facts.integrationError}`] : []),
    );
  },
};

/**
 * What Lambda's own refusal of the invoke means when no phrase in the logs names it: the Invoke
 * API's statuses (Lambda API reference, Invoke, Errors: 409 ResourceConflictException, a function
 * being created or updated; 500 ServiceException; 413 RequestTooLargeException; 415
 * UnsupportedMediaTypeException; 403 and 404, API Gateway's permission to invoke and a function that
 * does not exist). Only when the function answered nothing: a status it answered would be the
 * backend's.
 *
 * Left out, as the exceptions behind each have different causes: 400 (InvalidRequestContentException,
 * a body that is not JSON, beside InvalidParameterValueException); 408 (EFSMountConnectivityException
 * and EFSMountTimeoutException, the file system's network, beside SnapStartTimeoutException, the
 * function's after-restore hook: Lambda's SnapStart troubleshooting page); 502 (the function's setup,
 * beside ResourceNotReadyException, an idle function's VPC connection being restored, and a plain
 * HTTP backend's own 502 in the access log's integration.integrationStatus; API Gateway's `Lambda
 * invocation failed with status: 502` is read by lambdaCouldNotRun). And 410, EFSIOException: no
 * cause of the taxonomy is a file system's read or write error. Each stays a bare status unless a
 * phrase names its exception.
 */
const LAMBDA_REFUSALS: Readonly<Record<number, readonly [Cause, string]>> = {
  403: ['auth.integration-permission', 'Lambda refused API Gateway the invoke'],
  404: ['server.configuration', 'Lambda has no such function'],
  409: ['server.unavailable', 'Lambda could not run the function now (being created or updated)'],
  413: ['bad-request.too-large', "the request was too large for Lambda's invoke payload"],
  // Lambda's one 415, UnsupportedMediaTypeException: the invoke body API Gateway passed on was not
  // JSON, a content type the method let through without a template that turns it into JSON.
  415: ['bad-request.media-type', 'Lambda refused an invoke body that is not JSON'],
  500: ['server.unavailable', "Lambda's own error"],
  503: ['server.unavailable', 'Lambda was unavailable'],
};

export const lambdaRefusedInvoke: Rule = {
  name: 'lambda refused the invoke',
  causes: [...new Set(Object.values(LAMBDA_REFUSALS).map(([cause]) => cause))],
  match: (facts) => {
    const status = facts.serviceStatus;
    if (status === undefined || facts.backendStatus !== undefined || !Object.hasOwn(LAMBDA_REFUSALS, status))
      return undefined;
    // Lambda refusing the invoke leaves the gateway answering 5xx; a client error beside such a
    // status is a backend's, remapped by a non-proxy integration.
    if (facts.clientStatus !== undefined && facts.clientStatus < 500) return undefined;
    const [cause, meaning] = LAMBDA_REFUSALS[status] as readonly [Cause, string];
    // An AWS service integration (SQS, DynamoDB, …) logs its refusal in the same field: its own
    // message names what refused, and Lambda is not in it.
    if (facts.awsServiceEndpoint || facts.integrationErrorNamesAwsService) {
      const said = facts.integrationError !== undefined ? [facts.integrationError] : [];
      const what = status === 403 ? "it refused API Gateway's request" : `it answered ${status}`;
      return likely(
        cause,
        ...said,
        `integration status ${status} from the integration's AWS service: ${what}`,
      );
    }
    const stated = facts.serviceStatusMessage;
    return stated !== undefined
      ? likely(cause, stated, `Lambda service status ${status}: ${meaning}`)
      : likely(cause, `integration.integrationStatus=${status} (Lambda service): ${meaning}`);
  },
};

/**
 * An AWS service's 403 to the request API Gateway signed with the integration's role: the role
 * refused, even when API Gateway then fails on its own to map the answer (a method response the
 * integration response names but the method lacks): fixing the mapping would still leave the call
 * refused. Not a host running the owner's code, nor S3, whose 403 may be a missing key
 * (classify.ts), for which the mapping's failure is the cause.
 */
/**
 * A service's error body that names its code: the Query protocol's `<Code>`, the JSON protocols'
 * `__type` or `code`, on the header's line or the lines after it (a pretty-printed body). The look
 * ahead makes `find` test each message alone, from its start: never the trail's joined text.
 */
const SERVICE_ERROR_CODE_BODY =
  /^Endpoint response body before transformations:(?=[\s\S]*?(?:<Code>[^<\s]+<\/Code>|"(?:__type|[Cc]ode)"\s*:\s*"[^"\s]+"))/;
/** Codes by which a service refuses a caller, whether or not a permission phrase reads them (SNS's AuthorizationError). */
const REFUSAL_CODE =
  /<Code>[\w.]*(?:AccessDenied|AuthorizationError|NotAuthorized|Forbidden)[\w.]*<\/Code>|"(?:__type|[Cc]ode)"\s*:\s*"[^"\s]*(?:AccessDenied|AuthorizationError|NotAuthorized|Forbidden)[^"\s]*"/;

export const serviceRefusedTheRole: Rule = {
  name: "an AWS service refused the integration's role",
  causes: ['auth.integration-permission'],
  match: (facts) => {
    if (facts.backendStatus !== 403 || !readsTheBackendsStatus(facts)) return undefined;
    if (!facts.awsServiceEndpoint || facts.ownerCodeEndpoint || facts.s3Endpoint) return undefined;
    // A logged body naming another code than a refusal (a request expired, a Region not opted in) is
    // no refusal to assume. One naming a refusal, or cut before its code, leaves the 403 to this rule.
    if (find(facts, SERVICE_ERROR_CODE_BODY, REFUSAL_CODE) !== undefined) return undefined;
    const configuration = find(facts, CONFIGURATION);
    return likely(
      'auth.integration-permission',
      `integration.status=403 from an AWS service: it refused API Gateway's request`,
      // The second fault, for the owner to mend too once the role is allowed.
      ...(configuration === undefined ? [] : [configuration]),
    );
  },
};

/** The backend answered with a client or server status of its own and the gateway passed it on. */
export const backendStatus: Rule = {
  name: 'backend status',
  causes: [
    ...BACKEND_CLIENT_CAUSES,
    'server.unavailable',
    'server.function-error',
    'auth.integration-permission',
    'server.configuration',
  ],
  match: (facts) => {
    const status = facts.backendStatus;
    if (status === undefined || !readsTheBackendsStatus(facts)) return undefined;
    // An AWS service answers API Gateway's signed request, not the caller: its refusal is the role's.
    if (status === 403 && facts.awsServiceEndpoint)
      return likely(
        'auth.integration-permission',
        `integration.status=${status} from an AWS service: it refused API Gateway's request`,
      );
    // A service naming its operations in the request names no item in the path: its 404 is the
    // request API Gateway built (facts.ts OPERATION_IN_REQUEST_HOST), not a missing item.
    const answer =
      status === 404 && facts.operationInRequestEndpoint
        ? likely(
            'server.configuration',
            `integration.status=${status} from an AWS service that names its operations in the request, not the path: it could not read the integration's request as one (a wrong path, Action or content type)`,
          )
        : backendAnswer(status, facts, `integration.status=${status} (backend)`);
    // Found only once the backend answered an error: what it said is why, and no rule above showed it.
    const body = answer && find(facts, BACKEND_BODY);
    return answer && body !== undefined && !answer.evidence.includes(shown(body))
      ? { ...answer, evidence: [...answer.evidence, shown(body)] }
      : answer;
  },
};

/**
 * A non-proxy Lambda integration maps the errors its function handled to the statuses the API
 * owner chose. A 4xx mapped that way is the backend's own verdict on the request, not a function
 * failure hidden behind a client status. So is a 4xx beside Lambda's error object when the headers
 * saying Handled are not at hand: a function error the gateway did not map answers 502 (proxy) or
 * 200 (non-proxy), never a 4xx; only likely, since the lines that prove the mapping are missing.
 */
export const handledErrorMappedToClientStatus: Rule = {
  name: 'handled function error mapped to a client status',
  causes: BACKEND_CLIENT_CAUSES,
  match: (facts) => {
    const status = facts.clientStatus;
    if (status === undefined || status < 400 || status >= 500) return undefined;
    const handled = find(facts, HANDLED_FUNCTION_ERROR);
    if (handled !== undefined)
      return backendAnswer(
        status,
        facts,
        `status=${status} mapped from the function's handled error (${handled})`,
      );
    const body = find(facts, FUNCTION_ERROR_BODY);
    if (body === undefined) return undefined;
    // A timed-out or crashed function gave no verdict on the request: the owner mapped its failure.
    if (find(facts, FUNCTION_TIMEOUT) !== undefined || find(facts, FUNCTION_CRASHED) !== undefined)
      return undefined;
    return likelyBackendAnswer(status, facts, `status=${status} mapped from the function's error (${body})`);
  },
};

/**
 * A REST Lambda proxy that answered 200 while the client got 502: the function failed or answered
 * badly. When the trail shows its answer, the phrase rules before found no function error in it
 * (Lambda's error object, X-Amz-Function-Error, a timeout or a crash), so the gateway could not read
 * what the function returned: API Gateway answers 502 for a malformed proxy response.
 *
 * An HTTP API answers 500 for both instead: a function that threw ("The Lambda function returned the
 * following error", http-api-troubleshooting-lambda) and a payload 1.0 response not in the required
 * format (Knowledge Center api-gateway-status-codes-http-api). So its 500 after Lambda's 200 and an
 * integration status of 200 is the function's too; with no integration status logged,
 * functionChoseItsStatus reads it. It logs no trail to tell the two apart. Beside an integration
 * error logged, the phrase rules before have read the words they know ("Lambda body is invalid
 * JSON"); words none knows (even the generic "Internal server error") do not undo the two 200s, so
 * they lead the evidence of the same reading. Not when that error names a non-Lambda AWS service:
 * the 200s are then that service's, not a function's. On a non-Lambda HTTP integration the same two
 * fields hold the backend's status and look alike, so the function's failure is likely, not certain.
 */
export const lambdaOkGateway502: Rule = {
  name: 'lambda answered but the gateway returned 502 (an HTTP API 500)',
  causes: ['server.function-error', 'server.bad-response'],
  match: (facts) => {
    if (
      facts.httpApi &&
      facts.clientStatus === 500 &&
      !facts.integrationErrorNamesAwsService &&
      facts.serviceStatus === 200 &&
      facts.backendStatus !== undefined &&
      facts.backendStatus < 400
    ) {
      const said = facts.integrationError !== undefined ? [facts.integrationError] : [];
      return likely(
        'server.function-error',
        ...said,
        `HTTP API status=500 after integration.status=${facts.backendStatus} and integration.integrationStatus=200: the function errored or its response could not be read`,
      );
    }
    if (facts.clientStatus !== 502 || facts.serviceStatus !== 200 || (facts.backendStatus ?? 200) >= 400)
      return undefined;
    if (facts.functionAnswerShown)
      return likely(
        'server.bad-response',
        'status=502 after Lambda answered 200 with a response that names no function error: the gateway could not read it',
      );
    return likely(
      'server.function-error',
      'status=502 with integration.integrationStatus=200: the function errored or its response could not be mapped',
    );
  },
};

/**
 * Lambda failed the invoke with 502: likely the function's setup. When API Gateway also logged
 * Lambda's own message ("Execution failed due to configuration error: …", one no exception name in
 * LAMBDA_FUNCTION_CONFIGURATION covers), that message says what and is certain: it leads the
 * evidence, as it did before the status was read, instead of giving way to the bare status.
 */
export const lambdaCouldNotRun: Rule = {
  name: 'lambda could not run the function',
  causes: ['server.configuration'],
  pattern: LAMBDA_COULD_NOT_RUN,
  match: (facts) => {
    if (facts.serviceStatus === 200 || facts.backendStatus !== undefined) return undefined;
    const hit = find(facts, LAMBDA_COULD_NOT_RUN);
    if (hit === undefined) return undefined;
    const said = find(facts, CONFIGURATION);
    return said !== undefined
      ? certain('server.configuration', said, hit)
      : likely('server.configuration', hit);
  },
};
