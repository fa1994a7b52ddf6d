/**
 * What the facts say of the integration: whether the function ran, whether the integration answered,
 * how long it was waited for, and the cause a status of the backend's own stands for.
 */
import type { Facts } from '../facts';
import type { Cause } from '../taxonomy';
import { CONFIDENCE } from '../types';
import { certain, find, likely, mayMatchSomeMessage } from './evidence';
import { DUPLICATE } from './phrases';
import type { RuleMatch } from './rule';

/**
 * Lambda ran the function and the function failed: whatever it names, it met on its own calls. An
 * HTTP API says so in $context.integrationErrorMessage: "The Lambda function returned the following
 * error: … Check your Lambda function code and try again."
 * Only where Lambda and API Gateway write these words: at the start of a message or field, or in the
 * response headers Lambda answered with. A refusal's message may quote the caller (a denied path in
 * its resource ARN, a body value the validator rejected), and a caller could otherwise put these
 * words there and have API Gateway's refusal read as its function failing.
 */
const FUNCTION_RAN_WORDS =
  /^(?:Lambda execution failed with status 200 due to customer function error|Lambda Customer Function Error|The Lambda function returned the following error)|^Endpoint response headers: \{.*\bX-Amz-Function-Error=/i;
/**
 * The runtime's error object as the integration's answer (`{"errorType"…`, `{"errorMessage"…`: only
 * a function that ran writes it), which a trail may show alone, its headers cut or not pasted. Case
 * as Lambda's runtimes write the keys: another service's `"ErrorMessage"` is not Lambda's (phrases.ts).
 */
const RUNTIME_ERROR_BODY =
  /^Endpoint response body before transformations:\s*\{\s*"error(?:Message|Type)"\s*:/;
/**
 * FUNCTION_RAN_WORDS or RUNTIME_ERROR_BODY, as one pattern for the joined-text prefilter: ignoring case
 * there only lets more texts through to saysFunctionRan, which reads each with its own case.
 */
const FUNCTION_RAN_EITHER = new RegExp(`${FUNCTION_RAN_WORDS.source}|${RUNTIME_ERROR_BODY.source}`, 'i');

/** Whether a message or field says the function ran (FUNCTION_RAN_WORDS, RUNTIME_ERROR_BODY). */
export function saysFunctionRan(text: string | undefined): text is string {
  return text !== undefined && (FUNCTION_RAN_WORDS.test(text) || RUNTIME_ERROR_BODY.test(text));
}

/**
 * The integration's function ran, as its own evidence says: Lambda's 200 for the invoke, or
 * saysFunctionRan of `$context.error.message`, `$context.integrationErrorMessage` or a trail line outside
 * the authorizer's section. A Lambda authorizer is a function too: the same words in
 * `$context.authorizer.error` or among the lines of its invoke are the authorizer's failure, which
 * left no integration to call.
 */
export function functionRan(facts: Facts): boolean {
  if (facts.serviceStatus === 200) return true;
  if (saysFunctionRan(facts.errorMessage) || saysFunctionRan(facts.integrationError)) return true;
  const messages = facts.evidenceMessages;
  if (messages.length === 0 || !mayMatchSomeMessage(FUNCTION_RAN_EITHER, facts.evidenceText)) return false;
  for (let index = 0; index < messages.length; index++) {
    if (index >= facts.authorizerLinesFrom && index < facts.authorizerLinesUntil) continue;
    if (saysFunctionRan(messages[index])) return true;
  }
  return false;
}

/**
 * The logs show API Gateway called the integration and it answered: a status of the backend's own
 * (any number, a success too), Lambda's success for the invoke, or a function that ran. API Gateway
 * matches the route, authorizes the caller and validates the request before it calls the
 * integration, so such a request failed for none of those reasons, whatever words say so: they are
 * the backend's, or what the function's own calls met. Lambda refusing the invoke (its 4xx or 5xx)
 * is no answer of the integration: the function never ran.
 */
export function integrationAnswered(facts: Facts): boolean {
  return (
    facts.backendStatus !== undefined ||
    (facts.serviceStatus !== undefined && facts.serviceStatus < 300) ||
    functionRan(facts)
  );
}

/**
 * How long the integration was waited for, and the variable that says so: the integration's own
 * latency when the format logs it; otherwise the whole response's, which is the integration's plus
 * the gateway's few milliseconds.
 */
export function waitedFor(facts: Facts): readonly [variable: string, latencyMs: number | undefined] {
  return facts.integrationLatencyMs !== undefined
    ? ['integration.latency', facts.integrationLatencyMs]
    : ['responseLatency', facts.responseLatencyMs];
}

/** The cause a status from the backend itself stands for, with the evidence that the status came from it. */
export function backendAnswer(status: number, facts: Facts, evidence: string): RuleMatch | undefined {
  if (status === 401 || status === 403) return certain('auth.backend', evidence);
  if (status === 404) return certain('not-found.backend', evidence);
  // 410 Gone: a 404 that says the resource will not come back.
  if (status === 410) return likely('not-found.backend', evidence);
  // 412 Precondition Failed: the caller's condition (If-Match, If-Unmodified-Since) met a changed
  // state, or, as 409, a duplicate its answer names.
  if (status === 409 || status === 412) {
    const duplicate = find(facts, DUPLICATE);
    if (duplicate !== undefined) return likely('conflict.duplicate', evidence, duplicate);
    return status === 409 ? certain('conflict.state', evidence) : likely('conflict.state', evidence);
  }
  if (status === 413 || status === 431) return certain('bad-request.too-large', evidence);
  // 414 URI Too Long: the request line itself was too large, the same fix on the caller's side.
  if (status === 414) return likely('bad-request.too-large', evidence);
  if (status === 415) return certain('bad-request.media-type', evidence);
  if (status === 503) return certain('server.unavailable', evidence);
  if (status >= 500) return certain('server.function-error', evidence);
  if (status >= 400) return certain('bad-request.backend', evidence);
  return undefined;
}

/** backendAnswer where the lines only suggest the backend chose the status. */
export function likelyBackendAnswer(status: number, facts: Facts, evidence: string): RuleMatch | undefined {
  const answer = backendAnswer(status, facts, evidence);
  return answer && { ...answer, confidence: CONFIDENCE.likely };
}

/** Every cause backendAnswer can give for a 4xx. */
export const BACKEND_CLIENT_CAUSES: readonly Cause[] = [
  'auth.backend',
  'not-found.backend',
  'conflict.duplicate',
  'conflict.state',
  'bad-request.too-large',
  'bad-request.media-type',
  'bad-request.backend',
];

/** backendStatus names the backend's own status: an error status, not beside Lambda refusing the invoke. */
export function readsTheBackendsStatus(facts: Facts): boolean {
  const status = facts.backendStatus;
  return (
    status !== undefined && status >= 400 && (facts.serviceStatus === undefined || facts.serviceStatus < 400)
  );
}

/** The shortest integration timeout API Gateway accepts (timeoutInMillis: 50 to 29,000 or 30,000 ms). */
const SHORTEST_INTEGRATION_TIMEOUT_MS = 50;

/** Every wait logged (the integration's, the whole response's; one at least) was shorter than any integration timeout. */
export function answeredBeforeAnyTimeout(facts: Facts): boolean {
  const waits = [facts.integrationLatencyMs, facts.responseLatencyMs].filter((ms) => ms !== undefined);
  return waits.length > 0 && waits.every((ms) => ms < SHORTEST_INTEGRATION_TIMEOUT_MS);
}
