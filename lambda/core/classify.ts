/** Turns one joined request into the contract record, or nothing when the request did not fail. */
import type { Facts } from './facts';
import { factsOf } from './facts';
import { isoTime } from './iso-time';
import { redactRoute } from './redact';
import { RULES, type Rule, type RuleMatch, serviceReportedFailure } from './rules';
import { isStatusOnlyCause, statusOnlyAdvice } from './status-only-advice';
import { CAUSES, type Cause, familyOf, isMasked } from './taxonomy';
import { type ClassifiedRequest, CONFIDENCE, type RequestRecord } from './types';

/** Causes whose evidence proves a failure even when the client saw 2xx/3xx. */
const PROVES_FAILURE_DESPITE_STATUS: ReadonlySet<Cause> = new Set<Cause>([
  'limit.backend',
  'auth.integration-permission',
  'auth.authorizer-error',
  'server.function-error',
  'server.bad-response',
  'server.configuration',
  // A backend's own 503 (or an AWS service's 5xx) that a default integration response passed on as a
  // success, as server.function-error is for its 500.
  'server.unavailable',
  'timeout.function',
  'timeout.integration',
  'network.unreachable',
]);

/** For a request the client saw succeed, only these rules can prove that it failed anyway. */
const FAILURE_PROOF_RULES: readonly Rule[] = RULES.filter((rule) =>
  rule.causes.some((cause) => PROVES_FAILURE_DESPITE_STATUS.has(cause)),
);

function firstMatch(facts: Facts, rules: readonly Rule[]): RuleMatch | undefined {
  for (const rule of rules) {
    const match = rule.match(facts);
    if (match !== undefined) return match;
  }
  return undefined;
}

/**
 * An access line that says the request succeeded and carries no error field at all, with no trail:
 * the bulk of every delivery, decided without building its facts.
 */
function plainSuccess(request: RequestRecord): boolean {
  const access = request.access;
  return (
    access !== undefined &&
    request.execution === undefined &&
    access.status !== undefined &&
    access.status < 400 &&
    access.responseType === undefined &&
    access.errorMessage === undefined &&
    access.integrationError === undefined &&
    access.authorizerError === undefined &&
    access.wafError === undefined &&
    (access.integrationServiceStatus ?? 200) < 400 &&
    (access.integrationStatus ?? 200) < 500 &&
    (access.authorizerStatus ?? 200) < 500 &&
    (access.authenticateStatus ?? 200) < 500 &&
    (access.authorizeStatus ?? 200) < 500
  );
}

/** How AWS services write an error body: JSON protocols name a `"__type"`, query and REST-XML ones a `<Code>`. */
const SERVICE_ERROR_BODY = /"__type"\s*:|<Code>[\w.]+<\/Code>/;
/**
 * An element named for the exception itself, which some services answer with neither (SQS's 404
 * `<UnknownOperationException/>` to a request that names no action it knows, Lambda's
 * `<AccessDeniedException>`): a service's only from an AWS host, as an XML API's or ASP.NET's
 * (`<NotFoundException>`, `<InnerException>`) may be any backend's.
 */
const EXCEPTION_ELEMENT_BODY = /<[A-Z]\w*Exception\s*\/?>/;
/**
 * The query APIs' JSON error, when an integration asks for JSON (`Accept: application/json`): many
 * other APIs write errors in this shape too, so it proves a
 * service's error only when no plain HTTP backend is named (an AWS service's endpoint, or a trail
 * cut before its request line).
 */
const QUERY_JSON_ERROR_BODY = /"Error"\s*:\s*\{\s*"Code"\s*:/;

/**
 * The backend answered with an error of its own, so the request failed whatever status the client
 * got: a non-proxy AWS service integration whose responses map nothing passes DynamoDB's 400 on as
 * 200 with the error body. A backend status alone proves nothing behind a 2xx/3xx (mapping a 404 to
 * an empty 200, or a 401 to a redirect, is a common design), so an error body or message must back
 * it, unless it is an AWS service's own 5xx.
 */
function backendFailed(facts: Facts): boolean {
  // An AWS service's 200 whose answer reports the work failed (a FAILED StartSyncExecution, a batch
  // with failed entries): the service's own words, which no integration response makes a success.
  if (facts.backendStatus === undefined || facts.backendStatus < 400)
    return facts.awsServiceEndpoint && serviceReportedFailure(facts) !== undefined;
  // An AWS service's own 5xx is the service failing, which no integration response maps to a success.
  if (facts.awsServiceEndpoint && facts.backendStatus >= 500) return true;
  // Nor its 403 to the request API Gateway signed: the integration's role refused, which a stage
  // without data trace logs with no body (a default integration response passes it on as 200). Not
  // from a host running the owner's code (AppSync, OpenSearch), whose 403 may be its own answer. S3
  // answers a missing key 403 AccessDenied when the role may not s3:ListBucket (the usual GetObject-only
  // role), so an existence check may map it to 200: only S3's words that are no missing key count.
  if (facts.awsServiceEndpoint && !facts.ownerCodeEndpoint && facts.backendStatus === 403)
    return !facts.s3Endpoint || s3RefusedMoreThanAKey(facts);
  // Nor the 404 of a service that names its operations in the request: the integration's request was
  // wrong (facts.ts), never an item the caller asked for and a mapping may answer as empty.
  if (facts.operationInRequestEndpoint && facts.backendStatus === 404) return true;
  return (
    facts.integrationError !== undefined ||
    facts.evidenceMessages.some(
      (m) =>
        SERVICE_ERROR_BODY.test(m) ||
        (!facts.httpEndpoint && (QUERY_JSON_ERROR_BODY.test(m) || EXCEPTION_ELEMENT_BODY.test(m))),
    )
  );
}

/**
 * S3's error that is no missing key: another code than AccessDenied (SignatureDoesNotMatch,
 * InvalidAccessKeyId), or an AccessDenied naming the action refused, unless it is s3:ListBucket, the
 * one whose lack turns a missing key's 404 into a 403 (another service's action, the object's
 * `kms:Decrypt`, is refused for a key that exists).
 */
const S3_NOT_A_MISSING_KEY =
  /<Code>(?!AccessDenied<)[\w.]+<\/Code>|not authorized to perform:? (?!s3:ListBucket\b)[a-z0-9-]+:\w/;

/** S3's 403 says more than that the key may be missing: in its body or the access log's integration error. */
function s3RefusedMoreThanAKey(facts: Facts): boolean {
  return (
    (facts.integrationError !== undefined && S3_NOT_A_MISSING_KEY.test(facts.integrationError)) ||
    facts.evidenceMessages.some((m) => S3_NOT_A_MISSING_KEY.test(m))
  );
}

/** What a backend answered, logged whole when full request/response logging is on: its data, not API Gateway's words. */
const RESPONSE_BODY =
  /^(?:Endpoint response body before transformations|Method response body after transformations):/;

/**
 * The facts without the response bodies. A request the client saw succeed can only be proved failed
 * by what API Gateway and Lambda wrote about it (an execution failure, a function error header), never
 * by words in the data it returned (`"errorMessage":null`, a job log saying "Task timed out").
 */
function withoutResponseBodies(facts: Facts): Facts {
  const evidenceMessages = facts.evidenceMessages.filter((m) => !RESPONSE_BODY.test(m));
  if (evidenceMessages.length === facts.evidenceMessages.length) return facts;
  return { ...facts, evidenceMessages, evidenceText: evidenceMessages.join('\n') };
}

/**
 * Why a request the client saw succeed failed anyway, if it did. Only API Gateway's and Lambda's own
 * words prove it; once proved, the response body may still name the precise cause (a non-proxy
 * Lambda whose timeout was mapped to 200 says "Task timed out" only there).
 */
function failedDespiteStatus(facts: Facts): RuleMatch | undefined {
  const proof = firstMatch(withoutResponseBodies(facts), FAILURE_PROOF_RULES);
  if (proof === undefined || !failed(facts, proof)) return undefined;
  const precise = firstMatch(facts, FAILURE_PROOF_RULES);
  return precise !== undefined && failed(facts, precise) ? precise : proof;
}

/**
 * A body opening as a Lambda proxy response does, with one of its own keys, and cut at 1 KiB (the mark
 * ends one of its lines; a pasted line may follow it): only a cut one can hide its statusCode (API
 * Gateway refuses a whole proxy answer without one as malformed).
 */
const PROXY_SHAPED_BODY =
  /^Endpoint response body before transformations:\s*\{\s*"(?:statusCode|headers|multiValueHeaders|body|isBase64Encoded|cookies)"[\s\S]* \[TRUNCATED\][^\S\n]*(?:\n|$)/;

/**
 * The client got a 2xx/3xx: its status says so, or, in a trail cut before its final status, API
 * Gateway completed normally with a backend's 2xx/3xx, which an integration response passes on as a
 * success (a proxy as it is, a default mapping as 200); a non-proxy Lambda integration's answer names
 * no status of its own, so there Lambda's 2xx for the invoke stands for it.
 */
function clientSucceeded(facts: Facts): boolean {
  if (facts.clientStatus !== undefined) return facts.clientStatus < 400;
  if (!facts.completed) return false;
  if (facts.backendStatus !== undefined) return facts.backendStatus < 400;
  // A proxy response cut before its statusCode asked for a status the lines do not show.
  return (
    facts.serviceStatus !== undefined &&
    facts.serviceStatus < 300 &&
    !facts.evidenceMessages.some((message) => PROXY_SHAPED_BODY.test(message))
  );
}

function failed(facts: Facts, match: RuleMatch): boolean {
  if (facts.clientStatus === undefined) return match.confidence !== CONFIDENCE.statusOnly;
  if (facts.clientStatus >= 400 || backendFailed(facts)) return true;
  return match.confidence === CONFIDENCE.certain && PROVES_FAILURE_DESPITE_STATUS.has(match.cause);
}

export function classify(request: RequestRecord): ClassifiedRequest | undefined {
  if (plainSuccess(request)) return undefined;
  const facts = factsOf(request);
  const succeeded = clientSucceeded(facts) && !backendFailed(facts);
  const match = succeeded ? failedDespiteStatus(facts) : firstMatch(facts, RULES);
  if (match === undefined || !failed(facts, match)) return undefined;
  const { access, execution, source } = request;
  const timeMs = access?.timeMs ?? execution?.timeMs;
  const info = CAUSES[match.cause];
  const clientStatus = facts.clientStatus ?? null;
  const time = timeMs !== undefined && Number.isFinite(timeMs) && timeMs > 0 ? isoTime(timeMs) : undefined;
  // A file name is not an API: without an id or a log group the field is left out.
  const api = access?.apiId ?? execution?.apiId ?? source.logGroup;
  const stage = access?.stage ?? execution?.stage;
  const method = access?.httpMethod ?? execution?.httpMethod;
  const route = access?.routeKey ?? access?.resourcePath ?? execution?.resourcePath ?? access?.path;
  // Optional fields are left out rather than written as undefined, so the JSON carries only what is
  // known. Set one by one in the order the JSON lists them: spreading conditional objects instead
  // is several times slower, and this is once per failed request.
  const classified: { -readonly [K in keyof ClassifiedRequest]?: ClassifiedRequest[K] } = {
    requestId: request.requestId,
  };
  if (time !== undefined) classified.time = time;
  if (api !== undefined) classified.api = api;
  if (stage !== undefined) classified.stage = stage;
  if (method !== undefined) classified.method = method;
  // A format logging $context.path logs what the caller sent, tokens in a path segment included.
  if (route !== undefined) classified.route = redactRoute(route);
  classified.clientStatus = clientStatus;
  classified.cause = match.cause;
  classified.family = familyOf(match.cause);
  classified.masked = isMasked(match.cause, facts.clientStatus);
  classified.retry = info.retry;
  classified.owner = info.owner;
  classified.confidence = match.confidence;
  classified.evidence = match.evidence;
  // A status-only cause's advice names what this record lacks; every other cause's is constant.
  if (isStatusOnlyCause(match.cause)) {
    const advice = statusOnlyAdvice(match.cause, facts, execution !== undefined);
    classified.advice = advice.text;
    if (advice.parts !== undefined) classified.adviceParts = advice.parts;
  } else classified.advice = info.advice;
  return classified as ClassifiedRequest;
}
