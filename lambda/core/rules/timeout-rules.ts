/** Rules reading an integration timeout from latency and status when no message names it. */
import { answeredBeforeAnyTimeout, waitedFor } from './backend-facts';
import { likely } from './evidence';
import { INTEGRATION_TIMEOUT, UNAVAILABLE } from './phrases';
import type { Rule } from './rule';

/**
 * A 503/504 that took as long as the integration timeout (29 s on REST, 30 s on HTTP APIs, by
 * default), by waitedFor.
 */
export const integrationLatencyAtLimit: Rule = {
  name: 'integration latency at the timeout',
  causes: ['timeout.integration'],
  match: (facts) => {
    if (facts.clientStatus !== 504 && facts.clientStatus !== 503) return undefined;
    const [variable, latency] = waitedFor(facts);
    return latency !== undefined && latency >= 28_500
      ? likely('timeout.integration', `${variable}=${latency} ms at the integration timeout`)
      : undefined;
  },
};

/**
 * An HTTP API answers 503 when its integration does not answer within the 30 s limit; with no status
 * from the backend, that 503 is the gateway's own (taxonomy: timeout.integration, 503 on HTTP APIs).
 */
export const httpApiTimeout: Rule = {
  name: 'HTTP API integration timeout',
  causes: ['timeout.integration'],
  // Only when the log says the gateway answered itself (no integration status, `-`, or its own
  // "Service Unavailable"): a bare 503 may be a backend's (a load balancer with no healthy target) passed on.
  match: (facts) =>
    facts.httpApi &&
    !facts.noRoute &&
    facts.clientStatus === 503 &&
    (facts.noIntegrationStatus ||
      (facts.errorMessage !== undefined && UNAVAILABLE.test(facts.errorMessage))) &&
    // An integration error logged beside it names another failure, unless it says the wait ran out.
    (facts.integrationError === undefined || INTEGRATION_TIMEOUT.test(facts.integrationError)) &&
    facts.backendStatus === undefined &&
    facts.serviceStatus === undefined &&
    !answeredBeforeAnyTimeout(facts)
      ? likely(
          'timeout.integration',
          'HTTP API status=503 with no integration status: the integration did not answer in time',
        )
      : undefined,
};

/**
 * The shortest wait a REST 504 with nothing else logged is read as a timeout after. A REST integration
 * timeout may be anything from 50 ms to 29 s (timeoutInMillis; CDK's `LambdaIntegration({ timeout })`,
 * frameworks deriving it from the function's timeout: serverless/serverless#11222's 6.5 s), so 29 s is
 * only the default. The other gateway 504, INTEGRATION_FAILURE (a refused connection, an unknown host,
 * a failed TLS handshake), fails in a round trip or a handshake: the one real network failure with a
 * logged latency in the fixtures (SumoLogic's PKIX sample) took 258 ms. One second keeps those out
 * and takes in every timeout but a sub-second one, which few methods set.
 */
const SHORTEST_READ_REST_TIMEOUT_MS = 1_000;

/**
 * A REST 504 no integration answered (its status logged as `-`), with no response type
 * or error message logged to tell INTEGRATION_TIMEOUT from INTEGRATION_FAILURE (whose messages, "Endpoint
 * request timed out" and "Network error communicating with endpoint", the phrase rules read), that
 * waited at least SHORTEST_READ_REST_TIMEOUT_MS: the method's own, shorter, integration timeout.
 * Not a response type logged as `-` (no gateway response: the 504 is the integration's), nor on an
 * HTTP or WebSocket API (an HTTP API times out with a 503: httpApiTimeout), told by its route key or
 * event type or, in a format logging neither, by its request id (httpOrWebSocketRequestId).
 * Not in a format that does not log the integration status: there a backend's or a function's own
 * 504 passed on (a proxy's downstream timeout), or a slow INTEGRATION_FAILURE, looks the same, and
 * only a latency at the default limit (integrationLatencyAtLimit) reads as the timeout.
 */
export const restShorterTimeout: Rule = {
  name: 'REST integration timeout shorter than 29 s',
  causes: ['timeout.integration'],
  match: (facts) => {
    if (facts.clientStatus !== 504 || facts.httpApi || facts.webSocket || facts.noRoute) return undefined;
    if (facts.httpOrWebSocketRequestId) return undefined;
    if (facts.responseType !== undefined || facts.noGatewayResponse) return undefined;
    if (!facts.noIntegrationStatus) return undefined;
    if (facts.backendStatus !== undefined || facts.serviceStatus !== undefined) return undefined;
    if (facts.errorMessage !== undefined || facts.integrationError !== undefined) return undefined;
    if (facts.authorizerError !== undefined) return undefined;
    const [variable, latency] = waitedFor(facts);
    return latency !== undefined && latency >= SHORTEST_READ_REST_TIMEOUT_MS
      ? likely(
          'timeout.integration',
          `REST status=504 with no integration status after ${variable}=${latency} ms: the integration did not answer within its timeout`,
        )
      : undefined;
  },
};
