/**
 * Classification rules: an ordered table of small functions, one per cause or kind of evidence. Each
 * returns a match with its evidence, or nothing. The first match wins, so the table runs from the
 * evidence that decides on its own (the gateway's response type, a WAF block) through the most
 * specific real causes (a throttled backend first) to the least (a bare status).
 */
import type { Facts } from './facts';
import { STATUS_TEXT } from './http-status';
import { redact } from './redact';
import type { Cause } from './taxonomy';
import { headOf, tailFrom } from './text-head';
import { CONFIDENCE, type Confidence } from './types';

export interface RuleMatch {
  readonly cause: Cause;
  readonly confidence: Confidence;
  readonly evidence: readonly string[];
}

export interface Rule {
  readonly name: string;
  /** Every cause the rule can return, so callers can run only the rules that can give an answer they need. */
  readonly causes: readonly Cause[];
  readonly match: (facts: Facts) => RuleMatch | undefined;
  /** The phrase a phrase rule looks for, exposed so tests can check it against any trail. */
  readonly pattern?: RegExp;
}

const MAX_EVIDENCE_CHARS = 200;

/**
 * What clip's whitespace folding would change: a whitespace other than a space, a run of two, or
 * one at either end (trim removes exactly what \s matches). Most evidence has none, and one search
 * costs less than the replace and trim that would copy it unchanged.
 */
const FOLDABLE_WHITESPACE = /[^\S ]|\s\s|^\s|\s$/;

/** Evidence as one line of at most MAX_EVIDENCE_CHARS, cut between characters, never inside an emoji. */
export function clip(text: string): string {
  const oneLine = FOLDABLE_WHITESPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
  return oneLine.length > MAX_EVIDENCE_CHARS ? `${headOf(oneLine, MAX_EVIDENCE_CHARS)}…` : oneLine;
}

/**
 * Evidence as it leaves: secrets removed first, then cut to one short line, since a secret cut in
 * half (a JWT without its last segment) no longer looks like one.
 */
function shown(text: string): string {
  return clip(redact(text));
}

function certain(cause: Cause, ...evidence: string[]): RuleMatch {
  return { cause, confidence: CONFIDENCE.certain, evidence: evidence.map(shown) };
}

function likely(cause: Cause, ...evidence: string[]): RuleMatch {
  return { cause, confidence: CONFIDENCE.likely, evidence: evidence.map(shown) };
}

/**
 * True when `pattern` may match one of the messages joined (by newlines) in `joined`. A match in one
 * message is also a match in the joined text once ^ and $ may match at line breaks (the multiline
 * flag): the same characters, with a newline, like a string edge, around them. So a miss on the
 * joined text rules out every message with one search instead of one per message. Patterns with
 * look-arounds (which could see a neighbouring message) are always searched message by message.
 */
export function mayMatchSomeMessage(pattern: RegExp, joined: string): boolean {
  const search = joinedSearch(pattern);
  return search === undefined || search.test(joined);
}

const JOINED_SEARCH = new Map<RegExp, RegExp | undefined>();

function joinedSearch(pattern: RegExp): RegExp | undefined {
  if (JOINED_SEARCH.has(pattern)) return JOINED_SEARCH.get(pattern);
  const safe = !pattern.global && !pattern.sticky && !/\(\?<?[=!]/.test(pattern.source);
  const search = safe ? new RegExp(pattern.source, `${pattern.flags.replace('m', '')}m`) : undefined;
  JOINED_SEARCH.set(pattern, search);
  return search;
}

/**
 * What the integration answered, as the trail shows it: its response headers and body, and the
 * method response API Gateway mapped from them. Words there are the backend's.
 */
const INTEGRATION_ANSWER = /^(?:Endpoint|Method) response (?:body|headers)/;

/**
 * The first execution message matching `pattern`, or the access-log text field that does; a text
 * that also matches `unless` does not count, nor, with `notInTheAnswer`, a message of what the
 * integration answered (INTEGRATION_ANSWER).
 */
function find(facts: Facts, pattern: RegExp, unless?: RegExp, notInTheAnswer = false): string | undefined {
  if (facts.evidenceMessages.length > 0 && mayMatchSomeMessage(pattern, facts.evidenceText)) {
    for (const message of facts.evidenceMessages) {
      if (!isHit(message, pattern, unless)) continue;
      if (notInTheAnswer && INTEGRATION_ANSWER.test(message)) continue;
      // Redacted before the excerpt, which may cut the message in the middle of a secret.
      return excerpt(redact(message), pattern);
    }
  }
  // The access-log text fields, in this order.
  if (isHit(facts.errorMessage, pattern, unless)) return facts.errorMessage;
  if (isHit(facts.integrationError, pattern, unless)) return facts.integrationError;
  if (isHit(facts.authorizerError, pattern, unless)) return facts.authorizerError;
  return undefined;
}

/** A module-level function, not a closure per call: `find` runs for every phrase rule on every failure. */
function isHit(text: string | undefined, pattern: RegExp, unless: RegExp | undefined): text is string {
  return text !== undefined && pattern.test(text) && !(unless?.test(text) ?? false);
}

/** Every execution message matching `pattern`, then every access-log text field that does, in find's order. */
function findAll(facts: Facts, pattern: RegExp): string[] {
  const hits: string[] = [];
  if (mayMatchSomeMessage(pattern, facts.evidenceText))
    for (const message of facts.evidenceMessages) addHit(hits, message, pattern);
  addHit(hits, facts.errorMessage, pattern);
  addHit(hits, facts.integrationError, pattern);
  addHit(hits, facts.authorizerError, pattern);
  return hits;
}

/** A module-level function, not a closure per call, as isHit is for `find`. */
function addHit(hits: string[], text: string | undefined, pattern: RegExp): void {
  if (text !== undefined && pattern.test(text)) hits.push(excerpt(redact(text), pattern));
}

/**
 * Lambda's or API Gateway's own words for a throttled invoke; a body pattern alone is only likely.
 * Case as AWS writes them: "Lambda execution failed … due to customer function error" is a
 * function that met throttling on its own calls, which is only likely the backend's limit.
 */
const DECISIVE_THROTTLE =
  /Lambda invocation failed|x-amzn-ErrorType=\w*(TooManyRequests|Throttl)|Execution failed/;

/** Letters, digits, `-` and `_`: the characters of an id or a name a cut would split. */
function isWordCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 45 ||
    code === 95
  );
}

/** The most of a cut word an excerpt drops to open on a whole one: a UUID's rest, not a host name. */
const MAX_WORD_REST = 24;

/**
 * Where an excerpt starting at `start` opens on a whole word: past the rest of a word the window
 * cut, and the ", " or " " after it, when that rest is short and ends before the match at `at`. The
 * words just before the match stay ("table orders-archive: ProvisionedThroughputExceeded…").
 */
function wordStart(message: string, start: number, at: number): number {
  if (start === 0 || !isWordCode(message.charCodeAt(start - 1))) return start;
  const limit = Math.min(at, start + MAX_WORD_REST);
  let end = start;
  while (end < limit && isWordCode(message.charCodeAt(end))) end++;
  if (end === limit && end < at) return start;
  if (message.charCodeAt(end) === 44 && message.charCodeAt(end + 1) === 32) end += 2;
  else if (message.charCodeAt(end) === 32) end++;
  return end <= at ? end : start;
}

/**
 * Keeps the part of a long message around the match, so a 1 KiB body becomes a readable phrase,
 * opening on a whole word: a cut request id ("…1e8-bf58-f5dde8cf91a3, x-amzn-ErrorType=…") would
 * read as a value of its own.
 */
function excerpt(message: string, pattern: RegExp): string {
  if (message.length <= MAX_EVIDENCE_CHARS) return message;
  const at = message.search(pattern);
  if (at < 0) return message;
  const head = headOf(message, Math.min(message.indexOf(':') + 1 || 40, 60));
  const start = wordStart(message, Math.max(0, at - 40), at);
  return start <= head.length ? message : `${head} …${tailFrom(message, start)}`;
}

/** Gateway response types that decide the cause on their own (taxonomy: "strongest evidence"). */
const RESPONSE_TYPES: Readonly<Record<string, Cause>> = {
  BAD_REQUEST_BODY: 'bad-request.body',
  BAD_REQUEST_PARAMETERS: 'bad-request.parameters',
  REQUEST_TOO_LARGE: 'bad-request.too-large',
  UNSUPPORTED_MEDIA_TYPE: 'bad-request.media-type',
  UNAUTHORIZED: 'auth.unauthenticated',
  ACCESS_DENIED: 'auth.denied',
  INVALID_API_KEY: 'auth.api-key',
  INVALID_SIGNATURE: 'auth.signature',
  EXPIRED_TOKEN: 'auth.signature',
  WAF_FILTERED: 'auth.waf',
  AUTHORIZER_FAILURE: 'auth.authorizer-error',
  AUTHORIZER_CONFIGURATION_ERROR: 'auth.authorizer-error',
  RESOURCE_NOT_FOUND: 'not-found.route',
  MISSING_AUTHENTICATION_TOKEN: 'not-found.route',
  QUOTA_EXCEEDED: 'limit.quota',
  THROTTLED: 'limit.throttle',
  INTEGRATION_TIMEOUT: 'timeout.integration',
};

/**
 * An AWS service's error code as the service answers it, in any of its wire shapes: the query APIs'
 * XML (`<Code>X</Code>`), the same APIs' JSON when asked for JSON (`{"Error":{"Code":"X",…}}`), and
 * the JSON protocol's type (`"__type":"com.amazonaws.sqs#X"`, or bare). The shape follows the
 * integration's headers, not the failure, so a code is matched in all three.
 */
function awsErrorCode(codes: string): string {
  return String.raw`(?:<Code>|"Code"\s*:\s*"|"__type"\s*:\s*"(?:[^"#]*#)?)(?:${codes})(?:<\/Code>|")`;
}

/**
 * Throttling named by the backend or by Lambda, never by API Gateway's own throttle. The query APIs'
 * throttling codes are words, not exception names: `Throttling` (Amazon SES's "Daily message quota
 * exceeded" is one), SNS's `Throttled` and `KMSThrottling`, SQS's `RequestThrottled`, `KmsThrottled`
 * (its query API's `KMS.ThrottlingException`) and `OverLimit` (ReceiveMessage over the queue's
 * in-flight messages: a limit of the queue, answered 403, not a refused permission).
 */
const BACKEND_THROTTLE = new RegExp(
  String.raw`Lambda invocation failed with status:? 429|${awsErrorCode('Throttling|Throttled|RequestThrottled|KmsThrottled|KMSThrottling|OverLimit')}|TooManyRequestsException|ThrottlingException|ThrottledException|ProvisionedThroughputExceededException|RequestLimitExceeded|\bSlowDown\b|ConcurrentInvocationLimitExceeded|Rate exceeded|ReservedFunctionConcurrentInvocationLimitExceeded|EC2ThrottledException|KMSThrottlingException|throttled by Amazon EC2|ExecutionLimitExceeded|\bLimitExceededException\b`,
  'i',
);

/**
 * An AccessDenied about execute-api is the caller refused (auth.denied), not API Gateway's own role;
 * see NOT_THE_INTEGRATION. SQS names a refusal by the queue's KMS key `KMS.AccessDeniedException` in
 * its query API and `KmsAccessDenied` in its JSON protocol.
 */
const INTEGRATION_PERMISSION =
  /Invalid permissions on Lambda function|API Gateway does not have permission to assume the provided role|Unable to assume (the )?role|\b(?:Kms)?AccessDenied(?:Exception)?\b|is not authorized to perform: [a-z0-9-]+:|doesn['’]t have permissions? to (?:call the integration|assume the IAM role)|Lambda invocation failed with status:? 403|UnrecognizedClientException|\bInvalidClientTokenId\b|\bSignatureDoesNotMatch\b/i;
/**
 * INTEGRATION_PERMISSION in API Gateway's own words: an HTTP API's IAM-role message (AWS Knowledge
 * Center api-gateway-http-lambda-integrations), a REST API's "Execution failed due to configuration
 * error: Invalid permissions on Lambda function" or "… API Gateway does not have permission to assume
 * the provided role …", and its "Lambda invocation failed with status: 403". Not the AWS services'
 * error names (AccessDeniedException, "is not authorized to perform"), which a function's own calls
 * meet as well.
 */
const INTEGRATION_PERMISSION_GATEWAYS_WORDING =
  /Invalid permissions on Lambda function|API Gateway does not have permission to assume the provided role|doesn['’]t have permissions? to (?:call the integration|assume the IAM role)|Lambda invocation failed with status:? 403\b/i;
/** A text that names execute-api is about the caller's permission to call the API. */
const NOT_THE_INTEGRATION = /execute-api/i;

/**
 * The integration points at something that does not exist (a deleted function, a missing table, a
 * state machine being deleted, which only goes on to not exist). SNS
 * says it of a topic with its NotFound code and a 404, where SQS answers 400: the meaning is the
 * same, so the words decide, not the status the service chose.
 */
const TARGET_MISSING =
  /ResourceNotFoundException|Function not found: arn:|Lambda invocation failed with status:? 404|NonExistentQueue|QueueDoesNotExist|The specified queue does not exist|StateMachineDoesNotExist|StateMachineDeleting|Event bus \S+ does not exist|Topic does not exist/i;
/**
 * Lambda could not tell which operation API Gateway called: the integration's HTTP method is not
 * POST (an OpenAPI or CloudFormation Lambda integration written with GET or ANY). AWS's Knowledge
 * Center: the fix is POST, no permission is missing.
 */
const LAMBDA_WRONG_METHOD = /Unable to determine service\/operation name to be authorized/i;
/**
 * An AWS service did not know the operation API Gateway asked for: the integration's action, URI or
 * content type is wrong. Only in the services' own error shapes, which a customer's body does not use.
 */
const UNKNOWN_OPERATION = new RegExp(
  String.raw`<UnknownOperationException\s*\/?>|${awsErrorCode('InvalidAction|UnknownOperation(?:Exception)?')}`,
);

/** Lambda refused the invoke payload (6 MB synchronous limit): the caller sent too much. */
const LAMBDA_PAYLOAD_TOO_LARGE =
  /Lambda invocation failed with status:? 413|RequestTooLargeException|Request must be smaller than \d+ bytes for the InvokeFunction operation/i;

/**
 * Lambda could not run the function because of the function's own configuration: its execution role,
 * KMS key, VPC subnets and security groups, runtime, package or file system (Invoke API errors).
 * Not API Gateway's permission to invoke it, which is auth.integration-permission.
 */
const LAMBDA_FUNCTION_CONFIGURATION =
  /KMSAccessDeniedException|KMSDisabledException|KMSInvalidStateException|KMSNotFoundException|unable to decrypt the environment variables|EC2AccessDeniedException|Need additional permissions to configure VPC settings|ENILimitReachedException|SubnetIPAddressLimitReachedException|InvalidSubnetIDException|InvalidSecurityGroupIDException|InvalidRuntimeException|InvalidZipFileException|EFSMountFailureException|role defined for the function cannot be assumed|not able to create an ENI in the VPC|not able to set up VPC access for the Lambda function|Subnet ID provided in the Lambda function VPC configuration is invalid|runtime or runtime version specified is not supported|could not unzip the deployment package/i;

/** The function cannot run yet or for now (being created, its VPC connection being restored): retry later. */
const LAMBDA_NOT_READY =
  /ResourceNotReadyException|ResourceConflictException|The function is currently in the following state: Pending|The function is inactive and its VPC connection is no longer available|SnapStartNotReadyException/i;

/** The function's file system could not be reached. */
const LAMBDA_FILE_SYSTEM_UNREACHABLE =
  /EFSMountConnectivityException|EFSMountTimeoutException|couldn't connect to the Amazon EFS file system/i;

/**
 * Also HTTP API's authorizer errors: its role may not call the authorizer, or its answer has the wrong
 * shape. "Invalid JSON in response" is the gateway failing to read an authorizer's answer as a policy
 * and context (a context value that is an array or object, an error object instead of a policy), and
 * counts only in API Gateway's words ("Execution failed due to configuration error: Invalid JSON in
 * response"): alone it is a common message of client code that could not parse an answer, so a
 * function's error or a backend's body may say it of their own calls.
 */
const AUTHORIZER_ERROR =
  /AuthorizerConfigurationException|AuthorizerException|Authorizer error|authorizer (function )?(returned|failed)|Could not parse policy|configuration error: Invalid JSON in response|Authorizer result body before parsing: (null|\{"errorType")|permissions to call the authorizer|Lambda Authorizer function doesn['’]t match the format/i;

/** API Gateway's words for why it could not use what the authorizer returned. */
const AUTHORIZER_WHY =
  /Could not parse policy|configuration error: Invalid JSON in response|Lambda Authorizer function doesn['’]t match the format/i;

const FUNCTION_TIMEOUT = /Task timed out after/i;
/**
 * Lambda's words for a function whose process died (out of memory, an exit, a crash in the runtime):
 * the function failed, whatever API Gateway then says of the error object it got instead of a proxy
 * response ("Malformed Lambda proxy response").
 */
const FUNCTION_CRASHED =
  /Process exited before completing request|Runtime exited with error|Runtime\.ExitError/;
const INTEGRATION_TIMEOUT =
  /Endpoint request timed out|Execution failed due to a timeout error|Integration timeout|Network error communicating with endpoint: .*timed? ?out/i;
const MALFORMED_RESPONSE =
  /Malformed Lambda proxy response|Malformed Lambda response|Invalid Lambda proxy response|Execution failed due to configuration error: Malformed|doesn['’]t match the format that API Gateway expects/i;
/**
 * A function error's texts that name the error (Lambda's error object, its "customer function error:
 * …" line), not the X-Amz-Function-Error header that only flags one: the header comes first in a
 * trail, and "Unhandled" does not tell the function's owner what failed. Case as Lambda writes it: a
 * service's own `"ErrorMessage"` field is not a function error. Lambda's "customer function error" is
 * read in the message API Gateway writes it in ("Lambda execution failed with status N due to …").
 */
const FUNCTION_ERROR_NAMED =
  /Customer Function Error:|"errorType"\s*:|"errorMessage"\s*:|Lambda execution failed with status \d+ due to|Runtime\.\w+Error|The Lambda function returned the following error/;
/** A function error, named or only flagged by Lambda's header. */
const FUNCTION_ERROR = new RegExp(`${FUNCTION_ERROR_NAMED.source}|X-Amz-Function-Error=`);
/** Lambda's answer when a non-proxy integration's function returned an error it handled (callback(err)). */
const HANDLED_FUNCTION_ERROR = /X-Amz-Function-Error=Handled/i;
/**
 * Lambda's error object as the response body (`{"errorMessage":…}`, `{"errorType":…}`: every runtime
 * starts it so), which a trail shows without its headers when they were cut at 1 KiB or not pasted.
 */
const FUNCTION_ERROR_BODY =
  /^(?:Endpoint|Method) response body (?:before|after) transformations:\s*\{\s*"error(?:Message|Type)"\s*:/;
/**
 * Lambda could not start the function: its Invoke errors answered 502 are nearly all the function's
 * setup (runtime, package, VPC subnets and security groups, ENIs, KMS key), and when the exception
 * is logged LAMBDA_FUNCTION_CONFIGURATION names it first. Only in these words, which name Lambda: a
 * 502 in the access log's integration status alone may be a plain HTTP backend's (a load balancer's).
 */
const LAMBDA_COULD_NOT_RUN = /Lambda invocation failed with status:? 502\b/;
/** Lambda's own failure, not the function's: `{"Message":…,"Type":"Service"}`, a ServiceException, an invoke 500. */
const LAMBDA_SERVICE_ERROR =
  /"Type"\s*:\s*"Service"|\bServiceException\b|Lambda invocation failed with status:? 50[03]\b/;
const NETWORK =
  /Network error communicating with endpoint|There was an internal error while executing your request|UnknownHostException|Name or service not known|getaddrinfo|\bENOTFOUND\b|\bECONNREFUSED\b|\bECONNRESET\b|Connection refused|connection reset|does not match the certificate|SSLHandshake|SSLEngine|handshake_failure|PKIX path|certificate (has )?expired|VPC link|VpcLink|\bNLB\b|Target group has no healthy|no healthy (targets|upstream)|Unable to reach the integration/i;
/**
 * A VPC link id the integration names that API Gateway does not know ("Execution failed due to
 * configuration error: Invalid vpclink id 96czbs referenced in integration", re:Post): a link used in
 * its first minutes, a stage variable holding the wrong id, an HTTP API's link on a REST API. The
 * integration's setup, not a link that cannot reach its targets, so NETWORK's `VpcLink` does not count it
 * and the 'unknown vpc link' phrase does, in API Gateway's own words only (the execution log's lines,
 * its access-log fields): not in what a backend answered, whose body may name any id.
 */
const UNKNOWN_VPC_LINK = /Invalid vpc ?link id\b/i;
/**
 * NETWORK in API Gateway's own words for its call to an HTTP or VPC-link integration, as its execution
 * logs and `$context.integration.error` print them ("Execution failed due to configuration error:
 * There was an internal error while executing your request", "… Host name '…' does not match the
 * certificate subject provided by the peer (CN=…)": AWS Knowledge Center api-gateway-500-error-vpc;
 * "… PKIX path building failed: …", its own Java client's words behind its lead-in; "Execution failed
 * due to an vpc link error"). Not a runtime's or a library's error names (getaddrinfo, ECONNREFUSED,
 * UnknownHostException, SSLHandshake…), which are a function's own calls'.
 */
const NETWORK_GATEWAYS_WORDING =
  /Network error communicating with endpoint|There was an internal error while executing your request|does not match the certificate subject provided by the peer|^Execution failed due to configuration error: PKIX path|Execution failed due to an? vpc link error/i;
/** The method's or route's setup in API Gateway's words. */
const CONFIGURATION =
  /Execution failed due to configuration error|API_CONFIGURATION_ERROR|Output mapping refers to an invalid method response|Unable to transform (request|response)|Invalid mapping expression|Invalid (endpoint|integration)|Integration response .* not found|No method response/i;
/**
 * API Gateway's older words for a failure while it ran the method, without "due to" (`Execution
 * failed: null` for an SNS text/plain post no mapping template could read): the method's setup,
 * when nothing more specific is said.
 */
const EXECUTION_FAILED = /^Execution failed: /;
/** A bare "Forbidden": see bareForbidden. */
const FORBIDDEN = /^Forbidden$/;
const UNAVAILABLE = /Service Unavailable|ServiceUnavailable(Exception)?/i;

const BODY_INVALID =
  /Request body does not match model schema|Invalid request body|Could not parse request body into json|Unexpected character .* was expecting|Request validation failed.*body/i;
/**
 * What the request validator writes into $context.error.validationErrorString: the messages of the
 * JSON Schema library it uses (`[object has missing required properties (["name"])]`). A backend may
 * use the same library, so they count only in the access log's error text of a request no backend
 * answered.
 */
const SCHEMA_VALIDATION =
  /object has missing required properties|does not match any allowed primitive type|object instance has properties which are not allowed by the schema|instance value .{1,200} not found in enum|instance failed to match (exactly one|at least one) schema|ECMA 262 regex .{1,200} does not match input string|numeric instance is (greater|lower) than the required (maximum|minimum)/i;
const PARAMETERS_MISSING = /Missing required request parameters|Request validation failed.*parameter/i;
const API_KEY =
  /API Key .*not authorized because method .* requires API Key|Invalid API Key identifier|API Key .* not (found|valid)|Forbidden: missing api key/i;
const SIGNATURE =
  /The request signature we calculated does not match|The request for the IAM Authorizer doesn['’]t match the format|Signature expired|The security token included in the request is (invalid|expired)|Credential should be scoped|Signature not yet current|InvalidSignatureException|ExpiredTokenException/i;
const DENIED =
  /not authorized to perform: execute-api:\w+|Access denied\.\s*Reason:|The client is not authorized to perform this operation|User is not authorized to access this resource|explicit deny|AccessDeniedException.*execute-api|Authorization denied|Policy evaluation denied/i;
const UNAUTHENTICATED =
  /^Unauthorized( request)?\b|Unauthorized request|Identity source (is )?(missing|empty)|Incoming identity: .* (is )?(null|empty)|JWT (is )?(invalid|expired)|invalid_token|The incoming token has expired/i;
const ROUTE_NOT_FOUND = /Missing Authentication Token|No route matched|Resource not found|Not Found$/i;
/**
 * A REST API checks an Authorization header as a SigV4 signature on a route it does not have (as it
 * answers "Missing Authentication Token" without one), so a Bearer token sent to a wrong path gets
 * this; an IAM-authorised method sent an unsigned token gets it too, hence only likely.
 */
const UNSIGNED_UNKNOWN_ROUTE =
  /Authorization header requires '(Credential|Signature|SignedHeaders)' parameter|(?:Invalid|not a valid) key=value pair \(missing equal-sign\) in Authorization header|IncompleteSignatureException/i;
const QUOTA =
  /^Limit Exceeded$|Quota (limit )?exceeded|exceeded quota limit|quota exhausted|Usage plan quota/i;
const GATEWAY_THROTTLE =
  /Too Many Requests|(Key|Method|Stage|Account|API|Usage plan) throttle limit exceeded|throttle limit exceeded for RestApi|exceeded throttle limit/i;
const TOO_LARGE =
  /Request Entity Too Large|Request too long|Payload Too Large|Request Header Fields Too Large/i;
const MEDIA_TYPE = /Unsupported Media Type|Unsupported content type/i;
const WAF = /WAF_FILTERED|AWS WAF|web ACL/i;
/** AWS could not evaluate the API's WAF rules (a 500): nothing was blocked. */
const WAF_NOT_EVALUATED = /error evaluating the AWS WAF rules/i;
/**
 * The backend refused the request's values. The names are the JSON protocol's (and the SDKs'); the
 * query APIs answer the same refusal with a shorter code (SQS's `InvalidParameterValue`, SNS's
 * `InvalidParameter`, `MissingParameter`, `ValidationError`), matched only as an error code.
 */
const BACKEND_VALIDATION = new RegExp(
  `ValidationException|SerializationException|InvalidParameter(Value)?Exception|MalformedPolicyDocument|${awsErrorCode('InvalidParameter(?:Value|Combination)?|MissingParameter|ValidationError')}`,
);
/** The backend refused a request it had already received: the same execution name, idempotency token. */
const DUPLICATE_REQUEST = /ExecutionAlreadyExists|Execution Already Exists|IdempotentParameterMismatch/i;
const DUPLICATE =
  /duplicate|idempoten|already (exists|been processed|processed)|caller ?reference|IdempotentParameterMismatch/i;
const STATE_CONFLICT =
  /ConditionalCheckFailed|The conditional request failed|TransactionConflict|TransactionCanceled|version conflict|\bConflictException/i;

interface PhraseOptions {
  readonly confidence?: Confidence;
  /** A text that also matches this is about something else and does not count. */
  readonly unless?: RegExp;
  /** Only when the backend did not answer with a status of its own: the phrase is the gateway's. */
  readonly gatewayOnly?: boolean;
  /**
   * Only when Lambda itself failed the invoke: not when the function answered (Lambda service status
   * 200), whose own body may name any error, nor when a backend answered with a status of its own.
   */
  readonly invokeFailureOnly?: boolean;
  /** Not when the integration is a plain HTTP backend: its body is its own and may say anything. */
  readonly notFromHttpBackend?: boolean;
  /**
   * Not when Lambda ran the function (service status 200, a function error): then the phrase is the
   * function's own, from its own AWS calls (its role refused by DynamoDB, a table it cannot find).
   */
  readonly notFromTheFunction?: boolean;
  /**
   * The words of `pattern` API Gateway itself writes into its access-log fields about its call to the
   * integration (see gatewaysOwnField). Once the function ran, only these still name the cause; the
   * rest of the pattern (a runtime's, a library's or an AWS SDK's error names: Node's getaddrinfo,
   * Java's UnknownHostException, AccessDeniedException) is never API Gateway's there. A rule without
   * them names nothing beside a successful invoke.
   */
  readonly gatewaysWording?: RegExp;
  /**
   * The words are API Gateway's refusal of the caller, which it answers before it calls the
   * integration: not in what the integration answered (INTEGRATION_ANSWER), where they are the
   * backend's own (another API behind an HTTP proxy answers "Too Many Requests" or "Invalid API Key
   * identifier specified" too), as notFromTheFunction leaves them to a function that ran. A refusal
   * is decided before the integration, so this implies beforeTheIntegration.
   */
  readonly gatewaysOwnWords?: boolean;
  /**
   * API Gateway's words, but not only before the integration: not in what the integration answered
   * (INTEGRATION_ANSWER), as gatewaysOwnWords, without implying beforeTheIntegration.
   */
  readonly notInTheAnswer?: boolean;
  /**
   * Not when the trail says the authorizer failed: a permission refused then was the authorizer's
   * (its invoke permission or credentials role), and the authorizer rule names both.
   */
  readonly notWhenTheAuthorizerFailed?: boolean;
  /**
   * The evidence to show, when the trail has it, instead of the first text the phrase matched: that
   * one may only flag the cause (a header) where a later line names it (the error itself).
   */
  readonly tellingEvidence?: RegExp;
  /** A further line to show, when the trail has it, that says what the matched one only names. */
  readonly alsoShow?: RegExp;
  /**
   * Not while the trail is in its Lambda authorizer's stage (started, never past it): the integration
   * was not called yet, so the words are about the authorizer, and failedInAuthorizer names it.
   */
  readonly notInTheAuthorizer?: boolean;
  /**
   * The cause is one API Gateway decides before it calls the integration (route matching, the
   * caller's authorization, request validation): not once the logs show the integration answered
   * (integrationAnswered), whose own words these then are.
   */
  readonly beforeTheIntegration?: boolean;
  /**
   * The words are API Gateway's refusal made before it calls the integration (its 413 for a payload
   * over its limit, its 415 for a content type no mapping template takes under passthrough NEVER),
   * but a backend answers the same status in the same words. Beside an integration that answered
   * (integrationAnswered) they are the backend's body: an error status of the backend's own decides
   * (backendStatus reads it, as it would without them), and with none they are only likely.
   */
  readonly alsoTheBackendsWords?: boolean;
}

/**
 * Lambda ran the function and the function failed: whatever it names, it met on its own calls. An
 * HTTP API says so in $context.integrationErrorMessage: "The Lambda function returned the following
 * error: … Check your Lambda function code and try again."
 * Only where Lambda and API Gateway write these words: at the start of a message or field, or in the
 * response headers Lambda answered with. A refusal's message may quote the caller (a denied path in
 * its resource ARN, a body value the validator rejected), and a caller could otherwise put these
 * words there and have API Gateway's refusal read as its function failing.
 */
const FUNCTION_RAN =
  /^(?:Lambda execution failed with status 200 due to customer function error|Lambda Customer Function Error|The Lambda function returned the following error)|^Endpoint response headers: \{.*\bX-Amz-Function-Error=/i;

/**
 * The integration's function ran, as its own evidence says: Lambda's 200 for the invoke, or
 * FUNCTION_RAN in `$context.error.message`, `$context.integrationErrorMessage` or a trail line outside
 * the authorizer's section. A Lambda authorizer is a function too: the same words in
 * `$context.authorizer.error` or among the lines of its invoke are the authorizer's failure, which
 * left no integration to call.
 */
function functionRan(facts: Facts): boolean {
  if (facts.serviceStatus === 200) return true;
  if (
    isHit(facts.errorMessage, FUNCTION_RAN, undefined) ||
    isHit(facts.integrationError, FUNCTION_RAN, undefined)
  )
    return true;
  const messages = facts.evidenceMessages;
  if (messages.length === 0 || !mayMatchSomeMessage(FUNCTION_RAN, facts.evidenceText)) return false;
  for (let index = 0; index < messages.length; index++) {
    if (index >= facts.authorizerLinesFrom && index < facts.authorizerLinesUntil) continue;
    if (FUNCTION_RAN.test(messages[index] as string)) return true;
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
function integrationAnswered(facts: Facts): boolean {
  return (
    facts.backendStatus !== undefined ||
    (facts.serviceStatus !== undefined && facts.serviceStatus < 300) ||
    functionRan(facts)
  );
}

/**
 * The access-log text field that says `pattern` in API Gateway's own words: `$context.error.message`,
 * and `$context.integrationErrorMessage`, API Gateway's account of its call to the integration
 * ("The IAM role configured on the integration or API Gateway doesn't have permissions to call the
 * integration…", AWS Knowledge Center api-gateway-http-lambda-integrations). A function's own error
 * reaches these fields only behind a lead-in of FUNCTION_RAN ("The Lambda function returned the
 * following error: …"), and is then the function's.
 */
function gatewaysOwnField(facts: Facts, pattern: RegExp, unless: RegExp | undefined): string | undefined {
  if (isGatewaysHit(facts.errorMessage, pattern, unless)) return facts.errorMessage;
  if (isGatewaysHit(facts.integrationError, pattern, unless)) return facts.integrationError;
  return undefined;
}

function isGatewaysHit(
  text: string | undefined,
  pattern: RegExp,
  unless: RegExp | undefined,
): text is string {
  return isHit(text, pattern, unless) && !FUNCTION_RAN.test(text);
}

function phrase(name: string, cause: Cause, pattern: RegExp, options: PhraseOptions = {}): Rule {
  const confidence = options.confidence ?? CONFIDENCE.certain;
  return {
    name,
    causes: [cause],
    pattern,
    match: (facts) => {
      if (options.gatewayOnly && facts.backendStatus !== undefined && facts.backendStatus >= 400)
        return undefined;
      if (options.invokeFailureOnly && (facts.serviceStatus === 200 || facts.backendStatus !== undefined))
        return undefined;
      if (options.notFromHttpBackend && facts.httpEndpoint) return undefined;
      // Once the function ran, only API Gateway's own words in its access-log fields still name the
      // cause: a phrase there is no function's, though the successful invoke beside it makes it likely.
      const wording = options.gatewaysWording;
      const saidBesideTheFunction =
        options.notFromTheFunction && functionRan(facts)
          ? ((wording && gatewaysOwnField(facts, wording, options.unless)) ?? null)
          : undefined;
      if (saidBesideTheFunction === null) return undefined;
      if (options.notInTheAuthorizer && facts.authorizerStart !== undefined && !facts.pastAuthorizer)
        return undefined;
      const notInTheAnswer = options.gatewaysOwnWords || options.notInTheAnswer;
      const hit = saidBesideTheFunction ?? find(facts, pattern, options.unless, notInTheAnswer);
      if (hit === undefined) return undefined;
      // notFromTheFunction above only stops these once the function ran, not beside a backend's own status.
      const beforeTheIntegration = options.beforeTheIntegration || options.gatewaysOwnWords;
      if (beforeTheIntegration && integrationAnswered(facts)) return undefined;
      const backendsWords = options.alsoTheBackendsWords === true && integrationAnswered(facts);
      if (backendsWords && readsTheBackendsStatus(facts)) return undefined;
      // After the hit: this rule runs on successful trails too, where the phrase is nearly never there.
      if (options.notWhenTheAuthorizerFailed && find(facts, AUTHORIZER_ERROR) !== undefined) return undefined;
      const shownHit = (options.tellingEvidence && find(facts, options.tellingEvidence)) ?? hit;
      const also = options.alsoShow && find(facts, options.alsoShow);
      const evidence = also === undefined || also === shownHit ? [shownHit] : [shownHit, also];
      return confidence === CONFIDENCE.certain && saidBesideTheFunction === undefined && !backendsWords
        ? certain(cause, ...evidence)
        : likely(cause, ...evidence);
    },
  };
}

const MISSING_TOKEN = /Missing Authentication Token/i;

/**
 * "Missing Authentication Token" after IAM's authenticate phase answered 401 or 403: only a method
 * that exists and uses IAM authorization has that phase, so the path was right and the request was
 * not signed (or not as IAM expects), the classic confusion with a wrong path. Read from the response
 * type, or in a format that logs none from the gateway's words ($context.error.message, or the
 * phase's own $context.authenticate.error). Ahead of the rules that would read either as a wrong path.
 */
const unsignedOnIamMethod: Rule = {
  name: 'missing authentication token after the authenticate phase',
  causes: ['auth.signature'],
  match: (facts) => {
    const phase = facts.authenticateStatus;
    if (phase !== 403 && phase !== 401) return undefined;
    const outcome = `after authenticate.status=${phase}: the method exists and uses IAM; the request was not signed`;
    if (facts.responseType === 'MISSING_AUTHENTICATION_TOKEN') {
      const extra = facts.errorMessage ? [`error.message=${facts.errorMessage}`] : [];
      return likely('auth.signature', `responseType=${facts.responseType} ${outcome}`, ...extra);
    }
    // The phase refused the request before the integration: beside an integration that answered,
    // the words are the backend's.
    const hit = find(facts, MISSING_TOKEN);
    return hit === undefined || integrationAnswered(facts)
      ? undefined
      : likely('auth.signature', `${hit} ${outcome}`);
  },
};

const gatewayResponseType: Rule = {
  name: 'gateway response type',
  causes: [...new Set(Object.values(RESPONSE_TYPES))],
  match: (facts) => {
    const type = facts.responseType;
    const cause =
      type !== undefined && Object.hasOwn(RESPONSE_TYPES, type) ? RESPONSE_TYPES[type] : undefined;
    if (cause === undefined) return undefined;
    const extra = facts.errorMessage ? [`error.message=${facts.errorMessage}`] : [];
    return certain(cause, `responseType=${type}`, ...extra);
  },
};

const backendThrottle: Rule = {
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

const wafBlock: Rule = {
  name: 'waf',
  causes: ['auth.waf'],
  match: (facts) => (facts.wafBlocked ? certain('auth.waf', 'waf response: blocked') : undefined),
};

/**
 * An authorizer runs before the integration: one that failed or refused the caller left none to
 * call, so beside an integration that answered, its words and fields name nothing.
 */
const authorizerFailure: Rule = {
  name: 'authorizer failure',
  causes: ['auth.authorizer-error', 'auth.unauthenticated'],
  match: (facts) => {
    const verdict = authorizerFailed(facts);
    return verdict === undefined || integrationAnswered(facts) ? undefined : verdict;
  },
};

function authorizerFailed(facts: Facts): RuleMatch | undefined {
  const hit = find(facts, AUTHORIZER_ERROR);
  // A Lambda authorizer that throws "Unauthorized" is how it answers 401, by design.
  if (hit !== undefined && facts.clientStatus === 401) return likely('auth.unauthenticated', hit);
  if (hit !== undefined) {
    // "Authorizer error", or the result body, alone does not say why; API Gateway's reason or a
    // refused permission beside it does.
    const why = find(facts, AUTHORIZER_WHY);
    const permission = find(facts, INTEGRATION_PERMISSION, NOT_THE_INTEGRATION);
    const reasons = [why, permission].filter((text): text is string => text !== undefined && text !== hit);
    return certain('auth.authorizer-error', hit, ...reasons);
  }
  // With no status, an authorizer's words refusing the caller (an IAM authorizer's about its
  // signature, a Lambda authorizer's "Unauthorized", answered 401 by design) are the caller's
  // failure, read by the phrase rules; beside a 5xx they are the gateway's own.
  const authorizerError = facts.authorizerError;
  const refusedTheCaller =
    facts.clientStatus === undefined &&
    authorizerError !== undefined &&
    (SIGNATURE.test(authorizerError) || UNAUTHENTICATED.test(authorizerError));
  if (authorizerError !== undefined && !refusedTheCaller && (facts.clientStatus ?? 500) >= 500) {
    return certain('auth.authorizer-error', `authorizer.error=${authorizerError}`);
  }
  // Any phase around the authorizer that failed on the gateway's side.
  for (const [variable, status] of [
    ['authorizer.status', facts.authorizerStatus],
    ['authenticate.status', facts.authenticateStatus],
    ['authorize.status', facts.authorizeStatus],
  ] as const) {
    if (status !== undefined && status >= 500)
      return certain('auth.authorizer-error', `${variable}=${status}`);
  }
  return undefined;
}

/** The request validator refused the body, as $context.error.validationErrorString tells (see SCHEMA_VALIDATION). */
const schemaValidation: Rule = {
  name: 'request validator message',
  causes: ['bad-request.body'],
  match: (facts) => {
    const text = facts.errorMessage;
    if (text === undefined || !SCHEMA_VALIDATION.test(text)) return undefined;
    if (facts.backendStatus !== undefined || facts.serviceStatus !== undefined) return undefined;
    if (facts.clientStatus !== undefined && facts.clientStatus !== 400) return undefined;
    return certain('bad-request.body', text);
  },
};

/** A Deny statement in the policy a Lambda authorizer returned, not in any other body. */
const DENY_STATEMENT = /^Authorizer result body before parsing:[\s\S]*"Effect"\s*:\s*"Deny"/i;
/** The Deny itself, which the evidence shows: a policy's start is often its Allow statements. */
const DENY_EFFECT = /"Effect"\s*:\s*"Deny"/i;

/** A policy that allows something: only then may a Deny in it leave the request allowed. */
const ALLOW_EFFECT = /"Effect"\s*:\s*"Allow"/i;
/** Execution logs cut a long message at 1 KiB and say so: a statement may be missing after the cut. */
const CUT_MESSAGE = /\[TRUNCATED\]\s*$/;

/**
 * A Deny statement in the authorizer's policy of a request refused with a 403: the denial, with API
 * Gateway's own words ("The client is not authorized to perform this operation") missing from the
 * lines at hand. A Deny alone proves nothing: a policy commonly allows most methods and denies a
 * few, and a statement applies only to the methods in its Resource, so an authorizer test, or a trail
 * cut before the method ran, shows the policy of a request that may well have succeeded; and a
 * request whose integration answered was allowed. Without any status (an authorizer test), only a
 * whole policy that allows nothing denies whatever method it is used for.
 */
const denyPolicyBehind403: Rule = {
  name: 'authorizer deny policy',
  causes: ['auth.denied'],
  pattern: DENY_STATEMENT,
  match: (facts) => {
    // A status from the integration means the authorizer let the request through: the 403 is the
    // backend's, whatever the policy denies to other methods.
    if (facts.backendStatus !== undefined) return undefined;
    if (facts.clientStatus !== 403 && facts.clientStatus !== undefined) return undefined;
    const policy = facts.evidenceMessages.find((message) => DENY_STATEMENT.test(message));
    if (policy === undefined || integrationAnswered(facts)) return undefined;
    if (facts.clientStatus === undefined && (ALLOW_EFFECT.test(policy) || CUT_MESSAGE.test(policy)))
      return undefined;
    return likely('auth.denied', excerpt(redact(policy), DENY_EFFECT));
  },
};

/** API Gateway's words for a failure it answers with a 5xx (a configuration error, a timeout). */
const GATEWAY_FAILED = /^Execution failed due to /;

/**
 * A 5xx for a request whose trail ran its Lambda authorizer and never got past it: the request
 * failed in the authorizer, whatever words for it the lines at hand lack (a console authorizer test,
 * a trail cut short). A 5xx after the authorizer succeeded or the method started is the method's,
 * even when the excerpt at hand lacks the `Starting execution` line.
 */
const failedInAuthorizer: Rule = {
  name: 'failed before the method, in the authorizer',
  causes: ['auth.authorizer-error'],
  match: (facts) => {
    if (facts.authorizerStart === undefined || facts.pastAuthorizer) return undefined;
    // Without a status, API Gateway's own "Execution failed due to …" is the 5xx it answers.
    const failed = facts.clientStatus === undefined ? find(facts, GATEWAY_FAILED) : undefined;
    const answered5xx = facts.clientStatus === undefined ? failed !== undefined : facts.clientStatus >= 500;
    // An integration that answered says the request got past the authorizer, whatever lines are at hand.
    if (!answered5xx || integrationAnswered(facts)) return undefined;
    // A timeout then was the authorizer's (the integration was not called yet): it says why.
    const why = find(facts, INTEGRATION_TIMEOUT) ?? failed;
    return likely(
      'auth.authorizer-error',
      clip(redact(facts.authorizerStart)),
      ...(why === undefined ? [] : [why]),
    );
  },
};

/** An authorizer that answered with an error and a 401 or 403 refused the caller (a JWT's audience, an expired token). */
const authorizerRefusal: Rule = {
  name: 'authorizer refused the caller',
  causes: ['auth.unauthenticated', 'auth.denied'],
  match: (facts) => {
    if (facts.authorizerError === undefined || integrationAnswered(facts)) return undefined;
    const evidence = `authorizer.error=${facts.authorizerError}`;
    if (facts.clientStatus === 401) return likely('auth.unauthenticated', evidence);
    if (facts.clientStatus === 403) return likely('auth.denied', evidence);
    return undefined;
  },
};

/**
 * Which phase refused the caller, from the enhanced observability variables (AWS Compute Blog,
 * "Troubleshooting Amazon API Gateway with enhanced observability variables"). The phases run in
 * order: authenticate (IAM verifies the signed request's credentials), authorizer (a Lambda, JWT or
 * Cognito authorizer judges the token), authorize (the policy from either is evaluated). The first
 * that answered the client's own 401 or 403, with no integration called, is the refusal.
 */
const phaseRefusal: Rule = {
  name: 'authentication or authorization phase refused the caller',
  causes: ['auth.signature', 'auth.unauthenticated', 'auth.denied'],
  match: (facts) => {
    const status = facts.clientStatus;
    if (status !== 401 && status !== 403) return undefined;
    if (
      facts.authenticateStatus !== status &&
      facts.authorizerStatus !== status &&
      facts.authorizeStatus !== status
    )
      return undefined;
    // A phase that refused the caller left no integration to call.
    if (integrationAnswered(facts)) return undefined;
    // The phase's own words, when logged, say more than its status (one field holds all three phases').
    const error = facts.authorizerError !== undefined ? [`error=${facts.authorizerError}`] : [];
    if (facts.authenticateStatus === status) {
      const evidence = `authenticate.status=${status} (IAM refused the request's signed credentials)`;
      // A signature that does not verify, an expired or invalid token: answered 403 by IAM.
      return status === 403
        ? likely('auth.signature', evidence, ...error)
        : likely('auth.unauthenticated', evidence, ...error);
    }
    if (facts.authorizerStatus === status) {
      const evidence = `authorizer.status=${status}`;
      return status === 401
        ? certain('auth.unauthenticated', evidence, ...error)
        : certain('auth.denied', evidence, ...error);
    }
    // The policy's refusal is a 403; a 401 is API Gateway's UNAUTHORIZED whichever phase logged it.
    if (facts.authorizeStatus === status)
      return status === 401
        ? certain('auth.unauthenticated', `authorize.status=${status}`, ...error)
        : certain('auth.denied', `authorize.status=${status} (the policy did not allow the call)`, ...error);
    return undefined;
  },
};

/**
 * REST answers a bare "Forbidden" for a missing or invalid API key (WAF and private APIs are rarer);
 * HTTP APIs have no API keys, so there it is an authorizer or IAM policy refusing the caller. A
 * WebSocket API answers "Forbidden" to a missing API key, an IAM refusal and a message that matches
 * no route alike (aws-samples/simple-websockets-chat-app#24), so there the word decides nothing.
 */
const bareForbidden: Rule = {
  name: 'forbidden',
  causes: ['auth.api-key', 'auth.denied'],
  pattern: FORBIDDEN,
  match: (facts) => {
    if (facts.webSocket) return undefined;
    const hit = find(facts, FORBIDDEN);
    // An API key, a policy or an authorizer refuses before the integration: beside one that
    // answered, the word is the backend's.
    if (hit === undefined || integrationAnswered(facts)) return undefined;
    return likely(facts.httpApi ? 'auth.denied' : 'auth.api-key', hit);
  },
};

/**
 * A 2xx/3xx from a function that still failed, or a 5xx status its own code returned. An AWS service
 * API (SQS, DynamoDB, SNS…) runs no code of the API owner's: its own 5xx (InternalError,
 * InternalFailure, InternalServerError: "try your request again") is the service failing for now.
 */
const functionStatus: Rule = {
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

const configurationResponseType: Rule = {
  name: 'configuration error response type',
  causes: ['server.configuration'],
  match: (facts) =>
    facts.responseType === 'API_CONFIGURATION_ERROR'
      ? certain('server.configuration', 'responseType=API_CONFIGURATION_ERROR')
      : undefined,
};

/**
 * API Gateway's INTEGRATION_FAILURE: the integration could not be reached, unless Lambda answered the
 * invoke (its status 200). API Gateway labels a function's own failure so too ("Lambda Customer
 * Function Error", DataBiosphere/azul#6624): then the function failed, or answered what the gateway
 * could not read, and a status the function answered decides in a later rule.
 */
const integrationFailure: Rule = {
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

const lambdaRefusedInvoke: Rule = {
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
 * How long the integration was waited for, and the variable that says so: the integration's own
 * latency when the format logs it; otherwise the whole response's, which is the integration's plus
 * the gateway's few milliseconds.
 */
function waitedFor(facts: Facts): readonly [variable: string, latencyMs: number | undefined] {
  return facts.integrationLatencyMs !== undefined
    ? ['integration.latency', facts.integrationLatencyMs]
    : ['responseLatency', facts.responseLatencyMs];
}

/**
 * A 503/504 that took as long as the integration timeout (29 s on REST, 30 s on HTTP APIs, by
 * default), by waitedFor.
 */
const integrationLatencyAtLimit: Rule = {
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

/** The cause a status from the backend itself stands for, with the evidence that the status came from it. */
function backendAnswer(status: number, facts: Facts, evidence: string): RuleMatch | undefined {
  if (status === 401 || status === 403) return certain('auth.backend', evidence);
  if (status === 404) return certain('not-found.backend', evidence);
  if (status === 409) {
    const duplicate = find(facts, DUPLICATE);
    if (duplicate !== undefined) return likely('conflict.duplicate', evidence, duplicate);
    return certain('conflict.state', evidence);
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
function likelyBackendAnswer(status: number, facts: Facts, evidence: string): RuleMatch | undefined {
  const answer = backendAnswer(status, facts, evidence);
  return answer && { ...answer, confidence: CONFIDENCE.likely };
}

/** Every cause backendAnswer can give for a 4xx. */
const BACKEND_CLIENT_CAUSES: readonly Cause[] = [
  'auth.backend',
  'not-found.backend',
  'conflict.duplicate',
  'conflict.state',
  'bad-request.too-large',
  'bad-request.media-type',
  'bad-request.backend',
];

/** What the backend answered, as the trail shows it: a refusal's body says why it refused. */
const BACKEND_BODY = /^Endpoint response body before transformations:\s*\S/;

/** backendStatus names the backend's own status: an error status, not beside Lambda refusing the invoke. */
function readsTheBackendsStatus(facts: Facts): boolean {
  const status = facts.backendStatus;
  return (
    status !== undefined && status >= 400 && (facts.serviceStatus === undefined || facts.serviceStatus < 400)
  );
}

/** The backend answered with a client or server status of its own and the gateway passed it on. */
const backendStatus: Rule = {
  name: 'backend status',
  causes: [
    ...BACKEND_CLIENT_CAUSES,
    'server.unavailable',
    'server.function-error',
    'auth.integration-permission',
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
    const answer = backendAnswer(status, facts, `integration.status=${status} (backend)`);
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
const handledErrorMappedToClientStatus: Rule = {
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

/** The shortest integration timeout API Gateway accepts (timeoutInMillis: 50 to 29,000 or 30,000 ms). */
const SHORTEST_INTEGRATION_TIMEOUT_MS = 50;

/** Every wait logged (the integration's, the whole response's; one at least) was shorter than any integration timeout. */
function answeredBeforeAnyTimeout(facts: Facts): boolean {
  const waits = [facts.integrationLatencyMs, facts.responseLatencyMs].filter((ms) => ms !== undefined);
  return waits.length > 0 && waits.every((ms) => ms < SHORTEST_INTEGRATION_TIMEOUT_MS);
}

/**
 * An HTTP API answers 503 when its integration does not answer within the 30 s limit; with no status
 * from the backend, that 503 is the gateway's own (taxonomy: timeout.integration, 503 on HTTP APIs).
 */
const httpApiTimeout: Rule = {
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
const restShorterTimeout: Rule = {
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
const lambdaOkGateway502: Rule = {
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

/** The gateway's generic 5xx message: it names nothing, and is what a function that threw gets too. */
const GENERIC_SERVER_ERROR = /^Internal server error$/i;

/**
 * The invoke succeeded (Lambda's own status 2xx) and nothing says the gateway failed after it, yet the
 * client got an error: a Lambda proxy passes its function's statusCode on as it is, so the function
 * chose that status (`$context.integrationStatus` 200 logged without `$context.integration.status`).
 * Likely, since a response the gateway could not read also follows a successful invoke.
 */
const functionChoseItsStatus: Rule = {
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
 * line does not say which integration answered. Not on an HTTP or WebSocket API, which have no
 * gateway responses to customise, nor beside a backend status logged as `-` (a MOCK answers so), nor
 * beside a gateway error message, which only a gateway response carries.
 */
const integrationAnsweredAlone: Rule = {
  name: 'no gateway response: the integration answered',
  causes: [...BACKEND_CLIENT_CAUSES, 'limit.backend', 'server.unavailable', 'server.function-error'],
  match: (facts) => {
    const status = facts.clientStatus;
    if (!facts.noGatewayResponse || status === undefined || status < 400) return undefined;
    if (facts.httpApi || facts.webSocket || facts.noIntegrationStatus || facts.noRoute) return undefined;
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
const notFoundOnMatchedRoute: Rule = {
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
 * and 403: it has API keys and usage-plan quotas, which HTTP APIs lack.)
 */
const gatewayOwnStatus: Rule = {
  name: "the gateway's own status",
  causes: ['not-found.route', 'limit.throttle', 'auth.unauthenticated', 'auth.denied'],
  match: (facts) => {
    const { clientStatus } = facts;
    if (facts.responseType !== undefined || facts.backendStatus !== undefined) return undefined;
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
    if (clientStatus === 401)
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
 * Whether a logged message is only the words API Gateway answers a status with by default: its reason
 * phrase (STATUS_TEXT) and, for any 5xx, REST's `"Internal server error"`, which a Lambda's 500 and
 * 502 both get (AWS Lambda's "Handling Lambda errors with an API Gateway API"). They say nothing the
 * status does not.
 */
function saysOnlyTheStatus(message: string, status: number): boolean {
  const words = message.trim().replace(/\.$/, '').toLowerCase();
  return (
    words === '' ||
    words === STATUS_TEXT[status]?.toLowerCase() ||
    (status >= 500 && GENERIC_SERVER_ERROR.test(words))
  );
}

/**
 * What the client saw when nothing else is known; the access log alone records many 4xx. A logged
 * integration error or error message no rule read is kept beside it as evidence: once when both say
 * the same, and the error message not when it is only the status's default words (saysOnlyTheStatus).
 */
const clientStatusOnly: Rule = {
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

/**
 * Lambda failed the invoke with 502: likely the function's setup. When API Gateway also logged
 * Lambda's own message ("Execution failed due to configuration error: …", one no exception name in
 * LAMBDA_FUNCTION_CONFIGURATION covers), that message says what and is certain: it leads the
 * evidence, as it did before the status was read, instead of giving way to the bare status.
 */
const lambdaCouldNotRun: Rule = {
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

/** The rule table, in the order of precedence: RULE_ORDER, below it, lists the orders a verdict depends on and why. */
export const RULES: readonly Rule[] = [
  unsignedOnIamMethod,
  gatewayResponseType,
  wafBlock,
  backendThrottle,
  phrase('lambda function configuration', 'server.configuration', LAMBDA_FUNCTION_CONFIGURATION, {
    invokeFailureOnly: true,
  }),
  phrase('lambda function not ready', 'server.unavailable', LAMBDA_NOT_READY, { invokeFailureOnly: true }),
  phrase('lambda file system unreachable', 'network.unreachable', LAMBDA_FILE_SYSTEM_UNREACHABLE, {
    invokeFailureOnly: true,
  }),
  phrase('lambda payload too large', 'bad-request.too-large', LAMBDA_PAYLOAD_TOO_LARGE, {
    notFromTheFunction: true,
    gatewaysWording: /Lambda invocation failed with status:? 413\b/,
  }),
  phrase('lambda integration method', 'server.configuration', LAMBDA_WRONG_METHOD),
  phrase('integration permission', 'auth.integration-permission', INTEGRATION_PERMISSION, {
    unless: NOT_THE_INTEGRATION,
    notFromHttpBackend: true,
    notFromTheFunction: true,
    gatewaysWording: INTEGRATION_PERMISSION_GATEWAYS_WORDING,
    notWhenTheAuthorizerFailed: true,
  }),
  // As for a permission: a plain HTTP backend naming these met them on its own AWS calls.
  phrase('integration target missing', 'server.configuration', TARGET_MISSING, {
    notFromHttpBackend: true,
    notFromTheFunction: true,
    gatewaysWording: /Lambda invocation failed with status:? 404\b/,
  }),
  phrase('unknown service operation', 'server.configuration', UNKNOWN_OPERATION, {
    notFromHttpBackend: true,
    notFromTheFunction: true,
  }),
  authorizerFailure,
  // API Gateway refuses a caller before it calls the integration: once the function ran, these
  // words in its error are what its own calls met (an SDK's invalid token, a third party's 429).
  phrase('request body invalid', 'bad-request.body', BODY_INVALID, {
    notFromTheFunction: true,
    gatewaysOwnWords: true,
  }),
  schemaValidation,
  phrase('request parameters missing', 'bad-request.parameters', PARAMETERS_MISSING, {
    notFromTheFunction: true,
    gatewaysOwnWords: true,
  }),
  phrase('api key', 'auth.api-key', API_KEY, { notFromTheFunction: true, gatewaysOwnWords: true }),
  phrase('signature', 'auth.signature', SIGNATURE, {
    gatewayOnly: true,
    notFromTheFunction: true,
    beforeTheIntegration: true,
  }),
  phrase('access denied', 'auth.denied', DENIED, {
    gatewayOnly: true,
    notFromTheFunction: true,
    beforeTheIntegration: true,
  }),
  denyPolicyBehind403,
  phrase('waf message', 'auth.waf', WAF, {
    unless: WAF_NOT_EVALUATED,
    notFromTheFunction: true,
    gatewaysOwnWords: true,
  }),
  phrase('gateway throttle', 'limit.throttle', GATEWAY_THROTTLE, {
    notFromTheFunction: true,
    gatewaysOwnWords: true,
  }),
  phrase('quota', 'limit.quota', QUOTA, { notFromTheFunction: true, gatewaysOwnWords: true }),
  handledErrorMappedToClientStatus,
  phrase('function timeout', 'timeout.function', FUNCTION_TIMEOUT),
  phrase('integration timeout', 'timeout.integration', INTEGRATION_TIMEOUT, { notInTheAuthorizer: true }),
  integrationLatencyAtLimit,
  phrase('function crashed', 'server.function-error', FUNCTION_CRASHED),
  phrase('malformed response', 'server.bad-response', MALFORMED_RESPONSE, { alsoShow: BACKEND_BODY }),
  phrase('function error', 'server.function-error', FUNCTION_ERROR, {
    tellingEvidence: FUNCTION_ERROR_NAMED,
  }),
  phrase('lambda service error', 'server.unavailable', LAMBDA_SERVICE_ERROR, {
    confidence: CONFIDENCE.likely,
    invokeFailureOnly: true,
  }),
  lambdaCouldNotRun,
  phrase('duplicate request', 'conflict.duplicate', DUPLICATE_REQUEST, { confidence: CONFIDENCE.likely }),
  phrase('backend validation', 'bad-request.backend', BACKEND_VALIDATION, { confidence: CONFIDENCE.likely }),
  phrase('state conflict', 'conflict.state', STATE_CONFLICT, { confidence: CONFIDENCE.likely }),
  // After every phrase (a trail cut or filtered may lack its Starting execution line), before the
  // rules reading an integration's status, which in the authorizer's stage is the authorizer's.
  failedInAuthorizer,
  lambdaRefusedInvoke,
  integrationFailure,
  // A function that ran and met a network error on its own calls failed itself, or answered for itself.
  phrase('network', 'network.unreachable', NETWORK, {
    unless: UNKNOWN_VPC_LINK,
    notFromTheFunction: true,
    gatewaysWording: NETWORK_GATEWAYS_WORDING,
  }),
  functionStatus,
  configurationResponseType,
  phrase('configuration', 'server.configuration', CONFIGURATION),
  // Also bare, without the configuration-error lead-in (the access log's integration error), but
  // never in the backend's answer.
  phrase('unknown vpc link', 'server.configuration', UNKNOWN_VPC_LINK, { notInTheAnswer: true }),
  // Vaguer than a status the backend answered itself (a 404, a 503), which the backend rules read.
  phrase('execution failed', 'server.configuration', EXECUTION_FAILED, {
    confidence: CONFIDENCE.likely,
    gatewayOnly: true,
  }),
  phrase('unauthenticated', 'auth.unauthenticated', UNAUTHENTICATED, { beforeTheIntegration: true }),
  // A route API Gateway did not find has no integration to answer: beside one that answered, the
  // words ("Not Found", "ResourceNotFoundException: Requested resource not found") are the backend's.
  phrase('route not found', 'not-found.route', ROUTE_NOT_FOUND, { beforeTheIntegration: true }),
  phrase('authorization header on an unknown route', 'not-found.route', UNSIGNED_UNKNOWN_ROUTE, {
    beforeTheIntegration: true,
    confidence: CONFIDENCE.likely,
  }),
  // After the phrases: the access log keeps one error field for the authenticate, authorizer and
  // authorize phases alike, so a known phrase there names the cause, and the phase whose status is
  // the client's decides only for a wording no phrase knows.
  phaseRefusal,
  authorizerRefusal,
  bareForbidden,
  // Right before backendStatus, which reads a backend's own error status beside these words.
  phrase('too large', 'bad-request.too-large', TOO_LARGE, { alsoTheBackendsWords: true }),
  phrase('media type', 'bad-request.media-type', MEDIA_TYPE, { alsoTheBackendsWords: true }),
  backendStatus,
  httpApiTimeout,
  restShorterTimeout,
  phrase('backend unavailable', 'server.unavailable', UNAVAILABLE, {
    confidence: CONFIDENCE.likely,
    gatewayOnly: true,
  }),
  lambdaOkGateway502,
  functionChoseItsStatus,
  integrationAnsweredAlone,
  notFoundOnMatchedRoute,
  gatewayOwnStatus,
  clientStatusOnly,
];

/**
 * Orders in RULES that decide a verdict, each as [earlier rule, later rule, why]: for the same facts
 * both rules match, and the earlier one's answer (cause, confidence or evidence) is the right one.
 * Swapping any of these fails a test; a unit test holds the table to this list. Other neighbours in
 * RULES may match disjoint facts, so their order is no contract unless listed here (or said beside
 * them in the table).
 */
export const RULE_ORDER = [
  [
    'missing authentication token after the authenticate phase',
    'gateway response type',
    "MISSING_AUTHENTICATION_TOKEN after IAM's authenticate phase refused is an unsigned call to a method that exists, not the wrong route the response type alone says",
  ],
  [
    'lambda integration method',
    'integration permission',
    "Lambda's 403 AccessDeniedException 'Unable to determine service/operation name' is an integration method other than POST: no permission is missing",
  ],
  [
    'access denied',
    'authorizer deny policy',
    "API Gateway's own words for the refusal are a certain denial; a Deny in the authorizer's policy is only likely",
  ],
  [
    'integration timeout',
    'integration latency at the timeout',
    "API Gateway's own words for the timeout are certain; a latency at the limit only makes it likely",
  ],
  [
    'function crashed',
    'malformed response',
    "a process that died is the function's failure, whatever API Gateway then says of the error object it got instead of a proxy response",
  ],
  [
    'malformed response',
    'function error',
    "'Malformed Lambda proxy response' is server.bad-response (taxonomy) even beside a function's error object: that is the answer the gateway could not read",
  ],
  [
    'lambda refused the invoke',
    'integration failure',
    "Lambda's own status for the invoke (a 403, a 500) says why behind INTEGRATION_FAILURE, which alone reads as an unreachable network",
  ],
  [
    'backend returned a server error',
    'configuration error response type',
    "a backend's own 5xx comes first; the API_CONFIGURATION_ERROR response is what it then caused",
  ],
  [
    'authentication or authorization phase refused the caller',
    'authorizer refused the caller',
    "the access log's one error field holds the authenticate and authorize phases' words too: the phase whose status is the client's says which refused (IAM's 403 a signature)",
  ],
  [
    'authorizer refused the caller',
    'forbidden',
    "an authorizer's error beside a bare 'Forbidden' is the authorizer refusing, not the missing API key the word alone means on REST",
  ],
  [
    'HTTP API integration timeout',
    'backend unavailable',
    "an HTTP API's own 503 'Service Unavailable' with no integration status is its integration timing out, not a backend that said so",
  ],
  [
    'no gateway response: the integration answered',
    'not found on a matched route',
    "both read a REST 404 as the backend's; the response type logged as '-' (no gateway response) is the evidence that the integration answered, more than a matched route",
  ],
  [
    "the gateway's own status",
    'client status',
    'the client status alone is the last resort: any rule that reads more than the status comes before it',
  ],
] as const;
