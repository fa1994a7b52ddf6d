/**
 * Classification rules: an ordered table of small functions, one per cause or kind of evidence. Each
 * returns a match with its evidence, or nothing. The first match wins, so the table runs from the
 * evidence that decides on its own (the gateway's response type, a WAF block) through the most
 * specific real causes (a throttled backend first) to the least (a bare status).
 *
 * The table and its order live here alone; the rules sit beside it by family (gateway-, auth-,
 * backend-, service-answer-, timeout- and status-rules.ts, phrase-rule.ts for the phrase rules), the phrases they look
 * for in phrases.ts, and the facts and evidence helpers they share in backend-facts.ts and evidence.ts.
 */
import { CONFIDENCE } from '../types';
import {
  authorizerFailure,
  authorizerRefusal,
  bareForbidden,
  denyPolicyBehind403,
  failedInAuthorizer,
  phaseRefusal,
  unsignedOnIamMethod,
} from './auth-rules';
import {
  backendStatus,
  backendThrottle,
  functionStatus,
  handledErrorMappedToClientStatus,
  integrationFailure,
  lambdaCouldNotRun,
  lambdaOkGateway502,
  lambdaRefusedInvoke,
  serviceRefusedTheRole,
} from './backend-rules';
import { configurationResponseType, gatewayResponseType, schemaValidation, wafBlock } from './gateway-rules';
import { phrase } from './phrase-rule';
import {
  API_KEY,
  BACKEND_BODY,
  BACKEND_VALIDATION,
  BODY_INVALID,
  CONFIGURATION,
  DENIED,
  DUPLICATE_REQUEST,
  EXECUTION_FAILED,
  FUNCTION_CRASHED,
  FUNCTION_ERROR,
  FUNCTION_ERROR_NAMED,
  FUNCTION_TIMEOUT,
  GATEWAY_THROTTLE,
  INTEGRATION_PERMISSION,
  INTEGRATION_PERMISSION_GATEWAYS_WORDING,
  INTEGRATION_TIMEOUT,
  LAMBDA_FILE_SYSTEM_UNREACHABLE,
  LAMBDA_FUNCTION_CONFIGURATION,
  LAMBDA_NOT_READY,
  LAMBDA_PAYLOAD_TOO_LARGE,
  LAMBDA_REFUSED_INVOKE_REQUEST,
  LAMBDA_SERVICE_ERROR,
  LAMBDA_WRONG_METHOD,
  MALFORMED_RESPONSE,
  MEDIA_TYPE,
  NETWORK,
  NETWORK_GATEWAYS_WORDING,
  NOT_THE_INTEGRATION,
  PARAMETERS_MISSING,
  QUOTA,
  ROUTE_NOT_FOUND,
  SIGNATURE,
  STATE_CONFLICT,
  TARGET_MISSING,
  TOO_LARGE,
  UNAUTHENTICATED,
  UNAVAILABLE,
  UNKNOWN_OPERATION,
  UNKNOWN_VPC_LINK,
  UNSIGNED_UNKNOWN_ROUTE,
  WAF,
  WAF_NOT_EVALUATED,
} from './phrases';
import type { Rule } from './rule';
import { serviceAnswerReportsFailure } from './service-answer-rules';
import {
  clientStatusOnly,
  functionChoseItsStatus,
  gatewayOwnStatus,
  integrationAnsweredAlone,
  notFoundOnMatchedRoute,
} from './status-rules';
import { httpApiTimeout, integrationLatencyAtLimit, restShorterTimeout } from './timeout-rules';

export { clip, mayMatchSomeMessage } from './evidence';
export type { Rule, RuleMatch } from './rule';
export { serviceReportedFailure } from './service-answer-rules';

/** The rule table, in the order of precedence: RULE_ORDER, below it, lists the orders a verdict depends on and why. */
export const RULES: readonly Rule[] = [
  unsignedOnIamMethod,
  gatewayResponseType,
  wafBlock,
  // Before the phrases: a batch answer's entry codes (ProvisionedThroughputExceededException beside
  // AccessDeniedException) are weighed together there, and a Step Functions error is the workflow's.
  serviceAnswerReportsFailure,
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
  // After the permission's own words, which a body the 403 came with may hold. An authorizer's invoke
  // refused is the authorizer's failure, as for the permission above.
  phrase('lambda refused the invoke request', 'server.configuration', LAMBDA_REFUSED_INVOKE_REQUEST, {
    confidence: CONFIDENCE.likely,
    notFromTheFunction: true,
    gatewaysWording: LAMBDA_REFUSED_INVOKE_REQUEST,
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
  // A function that ran answered in time: a timeout in its error is one its own call met (another
  // API's 504 "Endpoint request timed out"), and API Gateway's words in its access-log fields count.
  phrase('integration timeout', 'timeout.integration', INTEGRATION_TIMEOUT, {
    notInTheAuthorizer: true,
    notFromTheFunction: true,
    gatewaysWording: INTEGRATION_TIMEOUT,
  }),
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
    notInTheAnswer: true,
  }),
  functionStatus,
  serviceRefusedTheRole,
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
    'integration permission',
    'lambda refused the invoke request',
    "a body naming the permission API Gateway lacks says why Lambda answered 403; the 403 alone is only the invoke request's configuration",
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
    "an AWS service refused the integration's role",
    'configuration',
    "an AWS service's 403 is its refusal of the role, which fixing the integration response API Gateway then failed to map would not undo",
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
