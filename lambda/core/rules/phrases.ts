/**
 * The phrases the rules look for in execution-log messages and access-log text fields, each with the
 * source of its words, whether one rule uses it or several.
 */

/**
 * Lambda's or API Gateway's own words for a throttled invoke, or an AWS service's error-type header
 * naming a code the AWS SDKs retry as throttling (DynamoDB's and Kinesis's
 * ProvisionedThroughputExceededException, DynamoDB's and EC2's RequestLimitExceeded among them: the
 * service's own account of its answer, as ThrottlingException's); a body pattern alone is only likely.
 * Case as AWS writes them: "Lambda execution failed … due to customer function error" is a
 * function that met throttling on its own calls, which is only likely the backend's limit.
 */
export const DECISIVE_THROTTLE =
  /Lambda invocation failed|x-amzn-ErrorType=\w*(TooManyRequests|Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded)|Execution failed/;

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
export const BACKEND_THROTTLE = new RegExp(
  String.raw`Lambda invocation failed with status:? 429|${awsErrorCode('Throttling|Throttled|RequestThrottled|KmsThrottled|KMSThrottling|OverLimit')}|TooManyRequestsException|ThrottlingException|ThrottledException|ProvisionedThroughputExceededException|RequestLimitExceeded|\bSlowDown\b|ConcurrentInvocationLimitExceeded|Rate exceeded|ReservedFunctionConcurrentInvocationLimitExceeded|EC2ThrottledException|KMSThrottlingException|throttled by Amazon EC2|ExecutionLimitExceeded|\bLimitExceededException\b`,
  'i',
);

/**
 * An AccessDenied about execute-api is the caller refused (auth.denied), not API Gateway's own role;
 * see NOT_THE_INTEGRATION. SQS names a refusal by the queue's KMS key `KMS.AccessDeniedException` in
 * its query API and `KmsAccessDenied` in its JSON protocol. A service refusing the credentials API
 * Gateway signed with (InvalidClientTokenId, UnrecognizedClientException, SignatureDoesNotMatch) or
 * a request not signed at all (the AWS common errors MissingAuthenticationToken and
 * IncompleteSignature, 403 or 400, the JSON protocols' …Exception): matched as the service's error
 * code only, since API Gateway answers its own callers "Missing Authentication Token" for a wrong route.
 */
export const INTEGRATION_PERMISSION = new RegExp(
  String.raw`Invalid permissions on Lambda function|API Gateway does not have permission to assume the provided role|Unable to assume (the )?role|\b(?:Kms)?AccessDenied(?:Exception)?\b|is not authorized to perform: [a-z0-9-]+:|doesn['’]t have permissions? to (?:call the integration|assume the IAM role)|UnrecognizedClientException|\bInvalidClientTokenId\b|\bSignatureDoesNotMatch\b|${awsErrorCode('MissingAuthenticationToken(?:Exception)?|IncompleteSignature(?:Exception)?')}`,
  'i',
);
/**
 * INTEGRATION_PERMISSION in API Gateway's own words: an HTTP API's IAM-role message (AWS Knowledge
 * Center api-gateway-http-lambda-integrations), a REST API's "Execution failed due to configuration
 * error: Invalid permissions on Lambda function" or "… API Gateway does not have permission to assume
 * the provided role …". Not the AWS services' error names (AccessDeniedException, "is not authorized
 * to perform"), which a function's own calls meet as well. Nor "Lambda invocation failed with status:
 * 403": see LAMBDA_REFUSED_INVOKE_REQUEST.
 */
export const INTEGRATION_PERMISSION_GATEWAYS_WORDING =
  /Invalid permissions on Lambda function|API Gateway does not have permission to assume the provided role|doesn['’]t have permissions? to (?:call the integration|assume the IAM role)/i;
/**
 * Lambda answered API Gateway's invoke with 403, in API Gateway's words. A missing invoke permission
 * is not logged so: API Gateway writes "Invalid permissions on Lambda function" and no Lambda status
 * (AWS Knowledge Center api-gateway-rest-api-lambda-integrations). AWS's Knowledge Center
 * api-gateway-lambda-template-invoke-error shows this line for an integration HTTP method other than
 * POST, its body "Unable to determine service/operation name to be authorized" (LAMBDA_WRONG_METHOD);
 * without the body (no data trace, or an ERROR-level stage) it is the invoke request API Gateway was
 * configured to build, only likely: a Region not enabled for the account answers 403 too.
 */
export const LAMBDA_REFUSED_INVOKE_REQUEST = /Lambda invocation failed with status:? 403\b/;
/** A text that names execute-api is about the caller's permission to call the API. */
export const NOT_THE_INTEGRATION = /execute-api/i;

/**
 * The integration points at something that does not exist (a deleted function, a missing table, a
 * state machine being deleted, which only goes on to not exist). SNS
 * says it of a topic with its NotFound code and a 404, where SQS answers 400: the meaning is the
 * same, so the words decide, not the status the service chose.
 */
export const TARGET_MISSING =
  /ResourceNotFoundException|Function not found: arn:|Lambda invocation failed with status:? 404|NonExistentQueue|QueueDoesNotExist|The specified queue does not exist|StateMachineDoesNotExist|StateMachineDeleting|Event bus \S+ does not exist|Topic does not exist/i;
/**
 * Lambda could not tell which operation API Gateway called: the integration's HTTP method is not
 * POST (an OpenAPI or CloudFormation Lambda integration written with GET or ANY). AWS's Knowledge
 * Center: the fix is POST, no permission is missing.
 */
export const LAMBDA_WRONG_METHOD = /Unable to determine service\/operation name to be authorized/i;
/**
 * An AWS service did not know the operation API Gateway asked for: the integration's action, URI or
 * content type is wrong. Only in the services' own error shapes, which a customer's body does not use.
 */
export const UNKNOWN_OPERATION = new RegExp(
  String.raw`<UnknownOperationException\s*\/?>|${awsErrorCode('InvalidAction|UnknownOperation(?:Exception)?')}`,
);

/** Lambda refused the invoke payload (6 MB synchronous limit): the caller sent too much. */
export const LAMBDA_PAYLOAD_TOO_LARGE =
  /Lambda invocation failed with status:? 413|RequestTooLargeException|Request must be smaller than \d+ bytes for the InvokeFunction operation/i;

/**
 * Lambda could not run the function because of the function's own configuration: its execution role,
 * KMS key, VPC subnets and security groups, runtime, package or file system (Invoke API errors).
 * Not API Gateway's permission to invoke it, which is auth.integration-permission.
 */
export const LAMBDA_FUNCTION_CONFIGURATION =
  /KMSAccessDeniedException|KMSDisabledException|KMSInvalidStateException|KMSNotFoundException|unable to decrypt the environment variables|EC2AccessDeniedException|Need additional permissions to configure VPC settings|ENILimitReachedException|SubnetIPAddressLimitReachedException|InvalidSubnetIDException|InvalidSecurityGroupIDException|InvalidRuntimeException|InvalidZipFileException|EFSMountFailureException|role defined for the function cannot be assumed|not able to create an ENI in the VPC|not able to set up VPC access for the Lambda function|Subnet ID provided in the Lambda function VPC configuration is invalid|runtime or runtime version specified is not supported|could not unzip the deployment package/i;

/** The function cannot run yet or for now (being created, its VPC connection being restored): retry later. */
export const LAMBDA_NOT_READY =
  /ResourceNotReadyException|ResourceConflictException|The function is currently in the following state: Pending|The function is inactive and its VPC connection is no longer available|SnapStartNotReadyException/i;

/** The function's file system could not be reached. */
export const LAMBDA_FILE_SYSTEM_UNREACHABLE =
  /EFSMountConnectivityException|EFSMountTimeoutException|couldn't connect to the Amazon EFS file system/i;

/**
 * Also HTTP API's authorizer errors: its role may not call the authorizer, or its answer has the wrong
 * shape. "Invalid JSON in response" is the gateway failing to read an authorizer's answer as a policy
 * and context (a context value that is an array or object, an error object instead of a policy), and
 * counts only in API Gateway's words ("Execution failed due to configuration error: Invalid JSON in
 * response"): alone it is a common message of client code that could not parse an answer, so a
 * function's error or a backend's body may say it of their own calls.
 */
export const AUTHORIZER_ERROR =
  /AuthorizerConfigurationException|AuthorizerException|Authorizer error|authorizer (function )?(returned|failed)|Could not parse policy|configuration error: Invalid JSON in response|Authorizer result body before parsing: (null|\{"errorType")|permissions to call the authorizer|Lambda Authorizer function doesn['’]t match the format/i;

/** API Gateway's words for why it could not use what the authorizer returned. */
export const AUTHORIZER_WHY =
  /Could not parse policy|configuration error: Invalid JSON in response|Lambda Authorizer function doesn['’]t match the format/i;

export const FUNCTION_TIMEOUT = /Task timed out after/i;
/**
 * Lambda's words for a function whose process died (out of memory, an exit, a crash in the runtime):
 * the function failed, whatever API Gateway then says of the error object it got instead of a proxy
 * response ("Malformed Lambda proxy response").
 */
export const FUNCTION_CRASHED =
  /Process exited before completing request|Runtime exited with error|Runtime\.ExitError/;
export const INTEGRATION_TIMEOUT =
  /Endpoint request timed out|Execution failed due to a timeout error|Integration timeout|Network error communicating with endpoint: .*timed? ?out/i;
export const MALFORMED_RESPONSE =
  /Malformed Lambda proxy response|Malformed Lambda response|Invalid Lambda proxy response|Execution failed due to configuration error: Malformed|doesn['’]t match the format that API Gateway expects/i;
/**
 * A function error's texts that name the error (Lambda's error object, its "customer function error:
 * …" line), not the X-Amz-Function-Error header that only flags one: the header comes first in a
 * trail, and "Unhandled" does not tell the function's owner what failed. Case as Lambda writes it: a
 * service's own `"ErrorMessage"` field is not a function error. Lambda's "customer function error" is
 * read in the message API Gateway writes it in ("Lambda execution failed with status N due to …").
 */
export const FUNCTION_ERROR_NAMED =
  /Customer Function Error:|"errorType"\s*:|"errorMessage"\s*:|Lambda execution failed with status \d+ due to|Runtime\.\w+Error|The Lambda function returned the following error/;
/** A function error, named or only flagged by Lambda's header. */
export const FUNCTION_ERROR = new RegExp(`${FUNCTION_ERROR_NAMED.source}|X-Amz-Function-Error=`);
/** Lambda's answer when a non-proxy integration's function returned an error it handled (callback(err)). */
export const HANDLED_FUNCTION_ERROR = /X-Amz-Function-Error=Handled/i;
/**
 * Lambda's error object as the response body (`{"errorMessage":…}`, `{"errorType":…}`: every runtime
 * starts it so), which a trail shows without its headers when they were cut at 1 KiB or not pasted.
 */
export const FUNCTION_ERROR_BODY =
  /^(?:Endpoint|Method) response body (?:before|after) transformations:\s*\{\s*"error(?:Message|Type)"\s*:/;
/**
 * Lambda could not start the function: its Invoke errors answered 502 are nearly all the function's
 * setup (runtime, package, VPC subnets and security groups, ENIs, KMS key), and when the exception
 * is logged LAMBDA_FUNCTION_CONFIGURATION names it first. Only in these words, which name Lambda: a
 * 502 in the access log's integration status alone may be a plain HTTP backend's (a load balancer's).
 */
export const LAMBDA_COULD_NOT_RUN = /Lambda invocation failed with status:? 502\b/;
/** Lambda's own failure, not the function's: `{"Message":…,"Type":"Service"}`, a ServiceException, an invoke 500. */
export const LAMBDA_SERVICE_ERROR =
  /"Type"\s*:\s*"Service"|\bServiceException\b|Lambda invocation failed with status:? 50[03]\b/;
export const NETWORK =
  /Network error communicating with endpoint|There was an internal error while executing your request|UnknownHostException|Name or service not known|getaddrinfo|\bENOTFOUND\b|\bECONNREFUSED\b|\bECONNRESET\b|Connection refused|connection reset|does not match the certificate|SSLHandshake|SSLEngine|handshake_failure|PKIX path|certificate (has )?expired|VPC link|VpcLink|\bNLB\b|Target group has no healthy|no healthy (targets|upstream)|Unable to reach the integration/i;
/**
 * A VPC link id the integration names that API Gateway does not know ("Execution failed due to
 * configuration error: Invalid vpclink id 96czbs referenced in integration", re:Post): a link used in
 * its first minutes, a stage variable holding the wrong id, an HTTP API's link on a REST API. The
 * integration's setup, not a link that cannot reach its targets, so NETWORK's `VpcLink` does not count it
 * and the 'unknown vpc link' phrase does, in API Gateway's own words only (the execution log's lines,
 * its access-log fields): not in what a backend answered, whose body may name any id.
 */
export const UNKNOWN_VPC_LINK = /Invalid vpc ?link id\b/i;
/**
 * NETWORK in API Gateway's own words for its call to an HTTP or VPC-link integration, as its execution
 * logs and `$context.integration.error` print them ("Execution failed due to configuration error:
 * There was an internal error while executing your request", "… Host name '…' does not match the
 * certificate subject provided by the peer (CN=…)": AWS Knowledge Center api-gateway-500-error-vpc;
 * "… PKIX path building failed: …", its own Java client's words behind its lead-in; "Execution failed
 * due to an vpc link error"). Not a runtime's or a library's error names (getaddrinfo, ECONNREFUSED,
 * UnknownHostException, SSLHandshake…), which are a function's own calls'.
 */
export const NETWORK_GATEWAYS_WORDING =
  /Network error communicating with endpoint|There was an internal error while executing your request|does not match the certificate subject provided by the peer|^Execution failed due to configuration error: PKIX path|Execution failed due to an? vpc link error/i;
/** The method's or route's setup in API Gateway's words. */
export const CONFIGURATION =
  /Execution failed due to configuration error|API_CONFIGURATION_ERROR|Output mapping refers to an invalid method response|Unable to transform (request|response)|Invalid mapping expression|Invalid (endpoint|integration)|Integration response .* not found|No method response/i;
/**
 * API Gateway's older words for a failure while it ran the method, without "due to" (`Execution
 * failed: null` for an SNS text/plain post no mapping template could read): the method's setup,
 * when nothing more specific is said.
 */
export const EXECUTION_FAILED = /^Execution failed: /;
/** A bare "Forbidden": see bareForbidden. */
export const FORBIDDEN = /^Forbidden$/;
export const UNAVAILABLE = /Service Unavailable|ServiceUnavailable(Exception)?/i;

export const BODY_INVALID =
  /Request body does not match model schema|Invalid request body|Could not parse request body into json|Unexpected character .* was expecting|Request validation failed.*body/i;
/**
 * What the request validator writes into $context.error.validationErrorString: the messages of the
 * JSON Schema library it uses (`[object has missing required properties (["name"])]`). A backend may
 * use the same library, so they count only in the access log's error text of a request no backend
 * answered.
 */
export const SCHEMA_VALIDATION =
  /object has missing required properties|does not match any allowed primitive type|object instance has properties which are not allowed by the schema|instance value .{1,200} not found in enum|instance failed to match (exactly one|at least one) schema|ECMA 262 regex .{1,200} does not match input string|numeric instance is (greater|lower) than the required (maximum|minimum)/i;
export const PARAMETERS_MISSING = /Missing required request parameters|Request validation failed.*parameter/i;
export const API_KEY =
  /API Key .*not authorized because method .* requires API Key|Invalid API Key identifier|API Key .* not (found|valid)|Forbidden: missing api key/i;
/**
 * SigV4 verification refusing the caller's signature: its own messages (IAM User Guide,
 * signature-v4-troubleshooting: the canonical request, the credential scope's date, Region, service
 * and terminator, a signature expired or not yet current), an IAM authorizer's malformed request, and
 * the exceptions' names.
 */
export const SIGNATURE =
  /The request signature we calculated does not match|The request for the IAM Authorizer doesn['’]t match the format|Signature expired|The security token included in the request is (invalid|expired)|Credential should be scoped|Date in Credential scope does not match|Signature not yet current|InvalidSignatureException|ExpiredTokenException/i;
export const DENIED =
  /not authorized to perform: execute-api:\w+|Access denied\.\s*Reason:|The client is not authorized to perform this operation|User is not authorized to access this resource|explicit deny|AccessDeniedException.*execute-api|Authorization denied|Policy evaluation denied/i;
export const UNAUTHENTICATED =
  /^Unauthorized( request)?\b|Unauthorized request|Identity source (is )?(missing|empty)|Incoming identity: .* (is )?(null|empty)|JWT (is )?(invalid|expired)|invalid_token|The incoming token has expired/i;
export const ROUTE_NOT_FOUND = /Missing Authentication Token|No route matched|Resource not found|Not Found$/i;
/**
 * A REST API checks an Authorization header as a SigV4 signature on a route it does not have (as it
 * answers "Missing Authentication Token" without one), so a Bearer token sent to a wrong path gets
 * this; an IAM-authorised method sent an unsigned token gets it too, hence only likely.
 */
export const UNSIGNED_UNKNOWN_ROUTE =
  /Authorization header requires '(Credential|Signature|SignedHeaders)' parameter|(?:Invalid|not a valid) key=value pair \(missing equal-sign\) in Authorization header|IncompleteSignatureException/i;
export const QUOTA =
  /^Limit Exceeded$|Quota (limit )?exceeded|exceeded quota limit|quota exhausted|Usage plan quota/i;
export const GATEWAY_THROTTLE =
  /Too Many Requests|(Key|Method|Stage|Account|API|Usage plan) throttle limit exceeded|throttle limit exceeded for RestApi|exceeded throttle limit/i;
export const TOO_LARGE =
  /Request Entity Too Large|Request too long|Payload Too Large|Request Header Fields Too Large/i;
export const MEDIA_TYPE = /Unsupported Media Type|Unsupported content type/i;
export const WAF = /WAF_FILTERED|AWS WAF|web ACL/i;
/** AWS could not evaluate the API's WAF rules (a 500): nothing was blocked. */
export const WAF_NOT_EVALUATED = /error evaluating the AWS WAF rules/i;
/**
 * The backend refused the request's values. The names are the JSON protocol's (and the SDKs'); the
 * query APIs answer the same refusal with a shorter code (SQS's `InvalidParameterValue`, SNS's
 * `InvalidParameter`, `MissingParameter`, `ValidationError`), matched only as an error code.
 */
export const BACKEND_VALIDATION = new RegExp(
  `ValidationException|SerializationException|InvalidParameter(Value)?Exception|MalformedPolicyDocument|${awsErrorCode('InvalidParameter(?:Value|Combination)?|MissingParameter|ValidationError')}`,
);
/** The backend refused a request it had already received: the same execution name, idempotency token. */
export const DUPLICATE_REQUEST =
  /ExecutionAlreadyExists|Execution Already Exists|IdempotentParameterMismatch/i;
export const DUPLICATE =
  /duplicate|idempoten|already (exists|been processed|processed)|caller ?reference|IdempotentParameterMismatch/i;
export const STATE_CONFLICT =
  /ConditionalCheckFailed|The conditional request failed|TransactionConflict|TransactionCanceled|version conflict|\bConflictException/i;

/** What the backend answered, as the trail shows it: a refusal's body says why it refused. */
export const BACKEND_BODY = /^Endpoint response body before transformations:\s*\S/;
