/**
 * The evidence of one request, read once from its access record and execution trail, so that each
 * classification rule is a small function over plain facts.
 */
import { isHttpApiLine, isHttpOrWebSocketRequestId, isWebSocketLine } from './access-log';
import { FINAL_STATUS_SOURCE } from './execution-log';
import { ACCESS_LOG_FORMAT, type AccessLogRecord, type RequestRecord } from './types';

export interface Facts {
  /** The status the client saw: the access log's, else the execution log's final "Method completed". */
  readonly clientStatus?: number;
  readonly responseType?: string;
  readonly errorMessage?: string;
  /** The backend's own status: access `integration.status`, a proxy body's statusCode, or an HTTP endpoint's status. */
  readonly backendStatus?: number;
  /** The Lambda service's status for the invoke (429 = throttled): access `integration.integrationStatus`,
   * "Received response. Status: N" from a Lambda endpoint, else API Gateway's own "Lambda invocation
   * failed with status: N" (see serviceStatusMessage). */
  readonly serviceStatus?: number;
  /**
   * API Gateway's "Lambda invocation failed with status: N" message when serviceStatus was read from
   * it (neither the access log nor a "Received response" line gave one), so a rule's evidence names
   * what was read.
   */
  readonly serviceStatusMessage?: string;
  readonly integrationError?: string;
  readonly integrationLatencyMs?: number;
  /** The whole response's latency, access `$context.responseLatency`. */
  readonly responseLatencyMs?: number;
  readonly authorizerError?: string;
  readonly authorizerStatus?: number;
  /** IAM's check of the signed credentials ($context.authenticate.status). */
  readonly authenticateStatus?: number;
  /** The policy evaluation after authentication or the authorizer ($context.authorize.status). */
  readonly authorizeStatus?: number;
  readonly wafBlocked: boolean;
  /** The messages phrase rules may read: all but those echoing the caller's request (REQUEST_ECHO)
   * and the routine ones every request has (ROUTINE). */
  readonly evidenceMessages: readonly string[];
  /** evidenceMessages joined by newlines, so a rule can rule out the whole trail with one search. */
  readonly evidenceText: string;
  /**
   * True for an HTTP API: its access log has a route key, maybe `-` (REST APIs have none), and is no
   * WebSocket API's, whose lines have route keys too.
   */
  readonly httpApi: boolean;
  /**
   * True for a WebSocket API's access line: an event type (CONNECT, MESSAGE, DISCONNECT) where HTTP
   * logs the method, or a route key only WebSocket APIs have. Unlike HTTP APIs, WebSocket APIs have
   * API keys and usage plans (AWS::ApiGatewayV2::Api apiKeySelectionExpression, route apiKeyRequired),
   * and answer a message that matches no route `Forbidden`.
   */
  readonly webSocket: boolean;
  /**
   * True when the access log's request id has the shape API Gateway makes for an HTTP or WebSocket
   * API, never a REST one's (a UUID): proof the API is not REST in a format that logs no routeKey or
   * eventType, though not which of the two it is, so httpApi and webSocket stay as their keys say.
   */
  readonly httpOrWebSocketRequestId: boolean;
  /** True when the integration's endpoint (the last one the trail names) is an AWS service API (SQS,
   * S3, DynamoDB, …; see AWS_SERVICE_HOST): it answers API Gateway's signed request, not the caller. */
  readonly awsServiceEndpoint: boolean;
  /**
   * True when the access log's integration error names an AWS service endpoint other than Lambda's
   * (SQS's "Access to the resource https://sqs.….amazonaws.com/…/q is denied."): the integration is
   * that service, as awsServiceEndpoint tells from a trail, which an HTTP API does not write.
   */
  readonly integrationErrorNamesAwsService: boolean;
  /**
   * True when the integration error is text appended to a CLF or CSV line, which names no field: it is
   * $context.integrationErrorMessage as AWS's HTTP API guide appends it, but on a REST line usually
   * $context.error.message. False when a key (JSON, XML, key-value) named it the integration's error.
   */
  readonly integrationErrorUnnamed: boolean;
  /** True when that AWS endpoint runs the owner's code (see OWNER_CODE_HOST): its 5xx is the owner's
   * resolver, query or model failing, not the service. */
  readonly ownerCodeEndpoint: boolean;
  /**
   * True when that AWS endpoint is a service whose API names the operation in the request, not the
   * path (see OPERATION_IN_REQUEST_HOST): it answers a missing queue, table or state machine with a
   * 400 code, so its 404 is a request it could not read as any operation, never a missing item.
   */
  readonly operationInRequestEndpoint: boolean;
  /**
   * The integration's endpoint URL (the last one the trail names), for a rule that must know which
   * operation of a service answered: Step Functions' StartSyncExecution has a host of its own
   * (`sync-states.…`), and an action integration names its operation in the URL (`?Action=…`).
   */
  readonly endpointUrl?: string;
  /**
   * The trail's `Endpoint request headers:` messages, for a rule that must know the operation a
   * JSON-protocol request names in its `X-Amz-Target` header (rules/service-answer-rules.ts reads it
   * only for the services that need it: every data-traced trail has such a line).
   */
  readonly requestHeaders?: readonly string[];
  /** True when that AWS endpoint is S3's (see S3_HOST), whose 403 may be a missing key. */
  readonly s3Endpoint: boolean;
  /** True when the integration's endpoint is named and is neither Lambda nor an AWS service: a plain
   * HTTP backend, whose body is its own text and may say anything. */
  readonly httpEndpoint: boolean;
  /** The resource or route the gateway matched, from the access log; unmatched requests log none. */
  readonly matchedRoute?: string;
  /** The access log says no route matched: a route key or resource path logged as `-`, and none named. */
  readonly noRoute: boolean;
  /** The access log says no integration answered: the backend's status is logged as `-`. */
  readonly noIntegrationStatus: boolean;
  /** The access log says API Gateway sent no gateway response of its own: its response type is logged as `-`. */
  readonly noGatewayResponse: boolean;
  /** The trail's `Starting authorizer` line, when a Lambda authorizer ran for the request. */
  readonly authorizerStart?: string;
  /**
   * The trail shows the request got past its authorizer: the authorizer's own success line, the
   * `Starting execution` line, or a line only the method writes after it.
   */
  readonly pastAuthorizer: boolean;
  /**
   * The authorizer's section of the trail, as indexes into evidenceMessages: from its `Starting
   * authorizer` line to the first line past it (pastAuthorizer), or to the end when none is. Empty
   * (both 0) when no Lambda authorizer started. What a Lambda invoke writes there is the authorizer's.
   */
  readonly authorizerLinesFrom: number;
  readonly authorizerLinesUntil: number;
  /**
   * The trail shows what Lambda answered for the integration (its `Endpoint response body`, from its
   * start): a function error would show there as Lambda's error object, so a body without one says
   * the function did not fail.
   */
  readonly functionAnswerShown: boolean;
  /** The trail says "Successfully completed execution": API Gateway passed the integration's answer on. */
  readonly completed: boolean;
}

const FINAL_STATUS = new RegExp(`^${FINAL_STATUS_SOURCE}`);
const RECEIVED_STATUS = /^Received response\. Status: (\d{3})/;
/** API Gateway's own answer, named in the trail (WebSocket APIs log it): the response type and the status sent. */
const GATEWAY_RESPONSE = /^Gateway response type: ([A-Z][A-Z0-9_]*) with status code: (\d{3})/;
/** A line naming the endpoint API Gateway calls: an authorizer's comes first, the integration's last. */
const ENDPOINT_LINE = /^(?:Sending request to|Endpoint request URI:) (https?:\/\/\S+)(\s*(?:\.\.\.|…))?/;
/** The host of an endpoint URL, and whether the URL is nothing more. */
const URL_HOST = /^https?:\/\/([^/?#]*)(.?)/;
const ELISION = /\.\.\.|…/;

/**
 * Every AWS endpoint host ends so (`lambda.us-east-1.amazonaws.com`, `sqs.….api.aws`): one that
 * reaches the suffix before an elision is whole, and only its path was left out.
 */
const AWS_HOST_END = /\.(?:amazonaws\.com(?:\.cn)?|api\.aws)$/i;

/**
 * The endpoint URL a line names, without the elision after a whole AWS host
 * (`https://sqs.us-east-1.amazonaws.com ...`, `https://lambda.us-east-2.amazonaws.com…`). A host
 * someone elided when pasting (`https://lambda.us-west-2.amaz...ons`, `https://la ... tions`) names
 * no endpoint: it neither hides the one named before it nor makes the integration a plain HTTP
 * backend.
 */
function namedUrl(url: string, elisionAfter: boolean): string | undefined {
  const [, host = '', next = ''] = URL_HOST.exec(url) ?? [];
  const elision = ELISION.exec(host);
  if (elision === null && !(elisionAfter && next === '')) return url;
  const whole = elision === null ? host : host.slice(0, elision.index);
  return AWS_HOST_END.test(whole) ? url.slice(0, url.indexOf(whole) + whole.length) : undefined;
}
/**
 * The domains of AWS's partitions: aws, aws-cn (`.com.cn`), the European Sovereign Cloud
 * (`amazonaws.eu`), the isolated US partitions (`c2s.ic.gov`, `sc2s.sgov.gov`), and dual-stack `api.aws`.
 */
const AWS_DOMAIN = String.raw`(?:amazonaws\.com(?:\.cn)?|amazonaws\.eu|c2s\.ic\.gov|sc2s\.sgov\.gov|api\.aws)`;
/** Lambda's host in any region, or behind a placeholder a page put for it (`lambda.<region>.…`, `lambda.{region}.…`). */
const LAMBDA_HOST = new RegExp(String.raw`^https://lambda(?:-fips)?\.[^./\s]+\.${AWS_DOMAIN}`, 'i');
/**
 * An AWS service API host (`sqs.…amazonaws.com`, dual-stack `….api.aws`): not Lambda, EC2, a load
 * balancer, another API or a customer's PrivateLink endpoint, which answer for themselves.
 */
const AWS_SERVICE_HOST = new RegExp(
  String.raw`^https://(?![^/\s]*(?:\.elb\.|\.compute(?:-1)?\.|execute-api|lambda-url|vpce|s3-website))[^/\s]*\.${AWS_DOMAIN}(?:[/:?]|$)`,
  'i',
);
/**
 * AWS hosts that run the owner's code: AppSync's GraphQL endpoint (`….appsync-api.<region>.…`, the
 * owner's resolvers), an OpenSearch domain (`search-….<region>.es.…`, `vpc-…`) or Serverless
 * collection (`….<region>.aoss.…`, the owner's queries and scripts), SageMaker's runtime
 * (`runtime.sagemaker.<region>.…`, the owner's model container), S3 Object Lambda's access points
 * (`….s3-object-lambda.<region>.…`, the owner's function answering for S3). Their control-plane APIs
 * (`es.<region>.…`, `aoss.<region>.…`, `appsync.<region>.…`) are the service's own. Tested only on a
 * host AWS_SERVICE_HOST matched.
 */
const OWNER_CODE_HOST =
  /^https:\/\/(?:[^/\s]*\.(?:appsync-api|es|aoss|s3-object-lambda)\.|runtime(?:-fips)?\.sagemaker\.)/i;
/**
 * S3's hosts, path-style or virtual-hosted (`s3.<region>.…`, `<bucket>.s3.<region>.…`, legacy
 * `s3-<region>.…`, `s3.dualstack.…`, `s3-fips.…`, `….s3-accesspoint.…`): S3 answers a missing key 403,
 * not 404, when the caller may not s3:ListBucket. Not S3 Control's or S3 on Outposts' hosts (FIPS too,
 * and an Outposts access point named `s3-…`), whose APIs (jobs, access points) have no keys to be missing. Tested only on a host AWS_SERVICE_HOST matched and
 * OWNER_CODE_HOST did not.
 */
const S3_HOST =
  /^https:\/\/(?!(?:[^/\s]*\.)?s3-(?:control|outposts)(?:-fips)?\.)(?:[^/\s]*\.)?s3(?:-[\w-]+)?\./i;
/**
 * AWS services whose APIs use the Query protocol (SQS, also on its legacy `queue.amazonaws.com`
 * hosts, SNS, STS, CloudWatch) or the JSON protocol (DynamoDB and its streams, Step Functions,
 * Kinesis, Firehose, EventBridge, CloudWatch Logs, Secrets Manager, Systems Manager, KMS): every
 * operation goes to one path and is named by `Action=` or `X-Amz-Target`. Their action errors for a
 * missing resource are 400s (QueueDoesNotExist, ResourceNotFoundException, StateMachineDoesNotExist)
 * and the only 404 among their common errors is MalformedQueryString (the services' API references,
 * "Common Errors"); SQS answers a request naming no action it knows 404 `<UnknownOperationException/>`.
 * SNS only for a Publish, whose one 404 is the topic the integration names: its other actions' 404
 * NotFound may be a subscription or endpoint the caller names (Unsubscribe, GetSubscriptionAttributes).
 * Not S3, Lambda's or other REST
 * APIs, which name the item in the path and answer 404 for one that is missing (S3's NoSuchKey).
 * Tested only on a host AWS_SERVICE_HOST matched.
 */
const OPERATION_IN_REQUEST_HOST =
  /^https:\/\/(?:(?:sqs|sts|monitoring|dynamodb|streams\.dynamodb|states|sync-states|kinesis|firehose|events|logs|secretsmanager|ssm|kms)(?:-fips)?\.|(?:[\w-]+\.)?queue\.amazonaws\.com|sns(?:-fips)?\.[^/\s]*\/?\?(?:[^\s#]*&)?Action=Publish(?:Batch)?(?![\w]))/i;
/** The first https URL in a text, without the punctuation that may close its sentence. */
const URL_IN_TEXT = /https:\/\/[^\s"'<>]*[^\s"'<>.,;:)\]]/;

/** Whether a text names an AWS service endpoint other than Lambda's (see AWS_SERVICE_HOST). */
function namesAwsService(text: string | undefined): boolean {
  if (text === undefined) return false;
  const url = URL_IN_TEXT.exec(text)?.[0];
  return url !== undefined && !LAMBDA_HOST.test(url) && AWS_SERVICE_HOST.test(url);
}
/** Lines only a Lambda invoke writes. */
const LAMBDA_ANSWER =
  /^Endpoint response headers:.*(X-Amz-Executed-Version|X-Amz-Function-Error)|^Lambda (execution|invocation) failed/i;
/**
 * API Gateway's words for Lambda refusing the invoke, with Lambda's own status (the Invoke API's
 * error status: 409 ResourceConflictException, 429 TooManyRequestsException, 502 the function's
 * setup, …); older trails write it without the colon. Only at the start of a message, where API
 * Gateway writes it: a function that invokes another may say the same in its own error, which API
 * Gateway logs after "Lambda execution failed with status 200 due to customer function error: ".
 */
const INVOKE_FAILED_STATUS = /^Lambda invocation failed with status:? ([45]\d\d)\b/i;
const BODY = /^Endpoint response body before transformations:\s*([\s\S]*)$/;
/**
 * A body whose start was elided or cut when pasted (`...`, `…`, the console's `[TRUNCATED]`): Lambda's
 * error object names itself in its first characters (`{"errorMessage":`), which are then not at hand.
 */
const BODY_START_HIDDEN = /^.{0,16}(?:\.\.\.|…|\[TRUNCATED\])/s;
/** Line kinds scanTrail reads, by the prefix API Gateway writes (see the comment in scanTrail). */
const ENDPOINT_URI = /^Endpoint request URI:/;
const RESPONSE_HEADERS = /^Endpoint response headers:/;
const REQUEST_HEADERS = /^Endpoint request headers:/;
const RESPONSE_BODY = /^Endpoint response body/;
const COMPLETED = /^Successfully completed execution/;
/** API Gateway's own failure after the integration: its answer is then not what the client got. */
const FAILED_BY_THE_GATEWAY = /^(?:Execution failed|Endpoint request timed out)/;
/** A proxy response whose body is an object or a list, not a string: malformed, so not the client's answer. */
const BODY_NOT_A_STRING = /"body"\s*:\s*[[{]/;
const SENDING = /^Sending request to/;
/**
 * Lines written once a request got past its authorizer: the authorizer's success, and the method's
 * own lines (API Gateway logs the authorizer's answer as `Authorizer result body`, never as these).
 */
const PAST_AUTHORIZER =
  /^(?:Successfully completed (?:authorizer )?execution|Starting execution|HTTP Method: |Method (?:request|response) |Endpoint response body)/;
const STARTING_AUTHORIZER = /^Starting authorizer/;
/**
 * A Lambda proxy response as functions usually write it, statusCode first: a status HTTP allows
 * (100–599), as the parsed body's is; anything else is left to JSON.parse.
 */
const LEADING_STATUS_CODE = /^\s*\{\s*"statusCode"\s*:\s*"?([1-5]\d\d)(?!\d)/;
/**
 * The first statusCode in a body, for a body cut at 1 KiB that no longer parses: all its digits, none
 * for `null`, so an out-of-range one or no number is refused rather than passed over for a nested
 * one further on.
 */
const ANY_STATUS_CODE = /^\s*\{[\s\S]*?"statusCode"\s*:\s*"?(\d*)/;

/**
 * The status a Lambda proxy response asks for: its top-level statusCode. A statusCode nested deeper
 * (`{"checks":[{"statusCode":404}]}`) is the function's data, not its answer.
 */
export function proxyStatusOf(body: string): number | undefined {
  const leading = LEADING_STATUS_CODE.exec(body);
  if (leading) return Number(leading[1]);
  if (!body.includes('"statusCode"')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // Execution logs cut lines at 1 KiB: a cut body is read as before, by its first statusCode.
    const any = ANY_STATUS_CODE.exec(body);
    const code = any?.[1] ? Number(any[1]) : undefined;
    return code !== undefined && code >= 100 && code <= 599 ? code : undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const code = Number((parsed as { statusCode?: unknown }).statusCode);
  return Number.isInteger(code) && code >= 100 && code <= 599 ? code : undefined;
}

/**
 * Messages that echo what the caller sent (its path, query, headers and body, and the request API
 * Gateway built from them). A caller controls their text, so a phrase there ("Idempotency-Key",
 * "ThrottlingException" in a header) says nothing about how the request ended.
 */
const REQUEST_ECHO =
  /^(?:Method request (?:path|query string|headers|body before transformations)|Endpoint request (?:URI|headers|body after transformations)):/;

/**
 * Messages API Gateway writes on every request whatever its outcome, matched whole: they carry no
 * evidence, only ids, the caller's path and routine statuses. Their variable parts are single
 * tokens, so no phrase can hide in a message that matches.
 */
const ROUTINE =
  /^(?:Extended Request Id: \S+|Verifying Usage Plan for request: \S+\. API Key: \S* API Stage: \S+|API Key \S* ?authorized because method '[^']*' does not require API Key\. Request will not contribute to throttle or quota limits|Usage Plan check succeeded for API Key \S* ?and API Stage \S+|Starting execution for request: \S+|HTTP Method: \S+, Resource Path: \S+|Sending request to \S+|Received response\. Status: \d{3}, Integration latency: \d+ ms|Successfully completed execution|Method completed with status: \d{3})$/;

/** Both of the above in one search, run once per message: phrase rules read only what is left. */
const NOT_EVIDENCE = new RegExp(`${REQUEST_ECHO.source}|${ROUTINE.source}`);

/** The kind of host an endpoint line names. */
const ENDPOINT_KIND = {
  lambda: 'lambda',
  aws: 'aws',
  /** An AWS host that runs the owner's code (OWNER_CODE_HOST). */
  awsOwnerCode: 'aws-owner-code',
  /** An AWS service whose API names the operation in the request (OPERATION_IN_REQUEST_HOST). */
  awsOperationInRequest: 'aws-operation-in-request',
  /** S3's host (S3_HOST). */
  awsS3: 'aws-s3',
  http: 'http',
} as const;
type EndpointKind = (typeof ENDPOINT_KIND)[keyof typeof ENDPOINT_KIND];

/**
 * The endpoint URL an endpoint line names, or undefined when it names none (see namedUrl). A
 * module-level function, not a closure made per call: under tsx's keepNames every closure is renamed
 * each time it is made, and factsOf runs for every request.
 */
function endpointUrlOf(message: string): string | undefined {
  const line = ENDPOINT_LINE.exec(message);
  return line?.[1] === undefined ? undefined : namedUrl(line[1], line[2] !== undefined);
}

/** Which host an endpoint URL names: `lambda`, another AWS service's (`aws`, …), or any other (`http`). */
function endpointKind(url: string): EndpointKind {
  if (LAMBDA_HOST.test(url)) return ENDPOINT_KIND.lambda;
  if (!AWS_SERVICE_HOST.test(url)) return ENDPOINT_KIND.http;
  if (OWNER_CODE_HOST.test(url)) return ENDPOINT_KIND.awsOwnerCode;
  if (S3_HOST.test(url)) return ENDPOINT_KIND.awsS3;
  return OPERATION_IN_REQUEST_HOST.test(url) ? ENDPOINT_KIND.awsOperationInRequest : ENDPOINT_KIND.aws;
}

/**
 * What one pass over an execution trail read, as plain values: the facts are derived from it and the
 * access record. Built by one object literal in scanTrail, so every scan has the same shape.
 */
interface TrailScan {
  /** The last "Method completed with status: N". */
  readonly finalStatus: number | undefined;
  /** The last "Gateway response type: T with status code: N": its type and its status. */
  readonly gatewayResponseType: string | undefined;
  readonly gatewayStatus: number | undefined;
  /** The last "Received response. Status: N". */
  readonly receivedStatus: number | undefined;
  /** The last "Lambda invocation failed with status: N" message, and its N. */
  readonly invokeFailedMessage: string | undefined;
  readonly invokeFailedStatus: number | undefined;
  /** The last top-level statusCode a response body asked for (proxyStatusOf). */
  readonly proxyStatus: number | undefined;
  /** The integration is Lambda: its endpoint is, or a line only a Lambda invoke writes was seen. */
  readonly lambdaEndpoint: boolean;
  /** The last endpoint named: the integration's (an authorizer's is called first). */
  readonly endpoint: EndpointKind | undefined;
  /** The last endpoint URL named (Facts.endpointUrl). */
  readonly endpointUrl: string | undefined;
  /** Facts.requestHeaders. */
  readonly requestHeaders: string[] | undefined;
  /** "Successfully completed execution" was seen. */
  readonly completed: boolean;
  /** API Gateway failed the request itself: "Execution failed …", a timeout, a gateway response. */
  readonly gatewayFailed: boolean;
  /** The body that gave proxyStatus holds its own body as an object or a list (BODY_NOT_A_STRING). */
  readonly proxyBodyNotAString: boolean;
  /** Facts.pastAuthorizer. */
  readonly pastAuthorizer: boolean;
  /** A response body was seen from its start, not empty (Facts.functionAnswerShown before the Lambda check). */
  readonly answerShown: boolean;
  /** Facts.authorizerStart, authorizerLinesFrom and authorizerLinesUntil. */
  readonly authorizerStart: string | undefined;
  readonly authorizerLinesFrom: number;
  readonly authorizerLinesUntil: number;
  /** Facts.evidenceMessages. */
  readonly evidenceMessages: readonly string[];
}

/** Reads the trail's messages once, keeping for each kind of line what the facts need. */
function scanTrail(messages: readonly string[]): TrailScan {
  let finalStatus: number | undefined;
  let gatewayResponse: RegExpExecArray | null = null;
  let receivedStatus: number | undefined;
  let invokeFailed: RegExpExecArray | null = null;
  let proxyStatus: number | undefined;
  let lambdaEndpoint = false;
  const evidenceMessages: string[] = [];
  let completed = false;
  let gatewayFailed = false;
  let proxyBodyNotAString = false;
  let pastAuthorizer = false;
  let answerShown = false;
  let authorizerStart: string | undefined;
  let authorizerLinesFrom = 0;
  let authorizerLinesUntil = -1;
  let endpoint: EndpointKind | undefined;
  let endpointUrl: string | undefined;
  let requestHeaders: string[] | undefined;
  for (const message of messages) {
    // This message's index in evidenceMessages if it is evidence, else the next evidence message's.
    const index = evidenceMessages.length;
    if (!NOT_EVIDENCE.test(message)) evidenceMessages.push(message);
    // Dispatch on the first letter: most messages are none of these, and a regex per message is the
    // hot path. Prefixes are tested by anchored regular expressions, not startsWith: a message is a
    // slice of its log line, and on a slice V8's startsWith calls into the runtime, about four times
    // the cost of an anchored test.
    switch (message.charCodeAt(0)) {
      case 77 /* M */:
        {
          const final = FINAL_STATUS.exec(message);
          if (final) finalStatus = Number(final[1]);
          else pastAuthorizer ||= PAST_AUTHORIZER.test(message);
          break;
        }
      case 82 /* R */:
        {
          const received = RECEIVED_STATUS.exec(message);
          if (received) receivedStatus = Number(received[1]);
          break;
        }
      case 69 /* E */:
        // The four prefixes exclude each other: a message is at most one of these lines.
        if (ENDPOINT_URI.test(message)) {
          const url = endpointUrlOf(message);
          if (url !== undefined) {
            endpoint = endpointKind(url);
            endpointUrl = url;
            lambdaEndpoint = endpoint === ENDPOINT_KIND.lambda;
          }
        } else if (RESPONSE_HEADERS.test(message)) {
          if (LAMBDA_ANSWER.test(message)) lambdaEndpoint = true;
        } else if (RESPONSE_BODY.test(message)) {
          pastAuthorizer = true;
          const body = BODY.exec(message);
          const text = body?.[1]?.trim() ?? '';
          answerShown ||= text !== '' && !BODY_START_HIDDEN.test(text);
          const statusCode = body ? proxyStatusOf(body[1] ?? '') : undefined;
          if (statusCode !== undefined) {
            proxyStatus = statusCode;
            proxyBodyNotAString = BODY_NOT_A_STRING.test(text);
          }
        } else if (REQUEST_HEADERS.test(message)) {
          // Kept, not read: only a few services' rules need the operation its X-Amz-Target names.
          if (requestHeaders === undefined) requestHeaders = [message];
          else requestHeaders.push(message);
        } else gatewayFailed ||= FAILED_BY_THE_GATEWAY.test(message);
        break;
      case 83 /* S */:
        // "Successfully completed execution" precedes 4xx outcomes too; a proxy's statusCode is then the answer.
        if (COMPLETED.test(message)) {
          completed = true;
          pastAuthorizer = true;
        } else if (SENDING.test(message)) {
          const url = endpointUrlOf(message);
          if (url !== undefined) {
            endpoint = endpointKind(url);
            endpointUrl = url;
            lambdaEndpoint = endpoint === ENDPOINT_KIND.lambda;
          }
        } else if (STARTING_AUTHORIZER.test(message)) {
          if (authorizerStart === undefined) {
            authorizerStart = message;
            authorizerLinesFrom = index;
          }
        } else pastAuthorizer ||= PAST_AUTHORIZER.test(message);
        break;
      case 72 /* H */:
        pastAuthorizer ||= PAST_AUTHORIZER.test(message);
        break;
      case 71 /* G */:
        gatewayResponse = GATEWAY_RESPONSE.exec(message) ?? gatewayResponse;
        break;
      case 76 /* L */:
      case 108 /* l */:
        if (LAMBDA_ANSWER.test(message)) {
          lambdaEndpoint = true;
          invokeFailed = INVOKE_FAILED_STATUS.exec(message) ?? invokeFailed;
        }
        break;
    }
    // The authorizer's section ends at the first line past it (the line itself is the method's).
    if (authorizerLinesUntil < 0 && authorizerStart !== undefined && pastAuthorizer)
      authorizerLinesUntil = index;
  }
  return {
    finalStatus,
    gatewayResponseType: gatewayResponse?.[1],
    gatewayStatus: gatewayResponse ? Number(gatewayResponse[2]) : undefined,
    receivedStatus,
    invokeFailedMessage: invokeFailed?.input,
    invokeFailedStatus: invokeFailed ? Number(invokeFailed[1]) : undefined,
    proxyStatus,
    lambdaEndpoint,
    endpoint,
    endpointUrl,
    requestHeaders,
    completed,
    gatewayFailed: gatewayFailed || gatewayResponse !== null,
    proxyBodyNotAString,
    pastAuthorizer,
    answerShown,
    authorizerStart,
    authorizerLinesFrom,
    // No authorizer: an empty section. One never passed: its section runs to the end.
    authorizerLinesUntil:
      authorizerStart === undefined
        ? 0
        : authorizerLinesUntil < 0
          ? evidenceMessages.length
          : authorizerLinesUntil,
    evidenceMessages,
  };
}

/**
 * The scan of a request without a trail (most have only an access record): read once, as the facts
 * of such requests share its empty evidenceMessages, which no one changes.
 */
const NO_TRAIL = scanTrail([]);

/** The status the client saw (Facts.clientStatus). */
function clientStatusOf(access: AccessLogRecord | undefined, scan: TrailScan): number | undefined {
  return (
    access?.status ??
    scan.finalStatus ??
    scan.gatewayStatus ??
    (scan.completed ? scan.proxyStatus : undefined)
  );
}

/**
 * Lambda's status for the invoke as something answered it: the access log's, else "Received response"
 * from a Lambda endpoint. Lambda's status for the invoke differs from what the function answered; a
 * non-Lambda integration logs its one error status in both access fields, and it is the backend's,
 * not Lambda's.
 */
function answeredServiceStatus(access: AccessLogRecord | undefined, scan: TrailScan): number | undefined {
  const loggedService =
    access?.integrationServiceStatus !== undefined &&
    access.integrationServiceStatus >= 400 &&
    access.integrationServiceStatus === access.integrationStatus
      ? undefined
      : access?.integrationServiceStatus;
  return loggedService ?? (scan.lambdaEndpoint ? scan.receivedStatus : undefined);
}

/**
 * Whether the request may be a REST API's, the only kind with execution logs and customisable gateway
 * responses: no route key, event type or request id says HTTP or WebSocket API.
 */
export function mayBeRestApi(facts: Facts): boolean {
  return !facts.httpApi && !facts.webSocket && !facts.httpOrWebSocketRequestId;
}

/**
 * The backend's own status (Facts.backendStatus), given Lambda's status for the invoke
 * (serviceStatus) and the part of it API Gateway stated (statedStatus).
 */
function backendStatusOf(
  access: AccessLogRecord | undefined,
  scan: TrailScan,
  serviceStatus: number | undefined,
  statedStatus: number | undefined,
): number | undefined {
  // For a Lambda proxy the function's statusCode is what the client gets when the gateway adds no
  // error, and when the gateway completed normally, the status it answered is the function's own.
  const lambdaBackend =
    scan.proxyStatus ?? (scan.completed && serviceStatus === 200 ? scan.finalStatus : undefined);
  // A trail pasted without its endpoint lines still shows a proxy answer: a body whose statusCode is
  // the status the client got chose that status, after a normal completion or, in a paste cut to its
  // last lines, when no line says API Gateway failed the request itself, nor a 502 may be its answer to
  // a malformed proxy response (an object body). With the endpoint named (and not Lambda), the status
  // it answered is the backend's, whatever its body holds; so is a status other than the 200 Lambda
  // answers every invoke its function ran, when the endpoint line is not at hand.
  const proxyAnswer =
    scan.endpoint === undefined &&
    (scan.receivedStatus === undefined || scan.receivedStatus === 200) &&
    (scan.completed || (!scan.gatewayFailed && !(scan.proxyBodyNotAString && scan.finalStatus === 502))) &&
    scan.proxyStatus !== undefined &&
    scan.proxyStatus === scan.finalStatus
      ? scan.proxyStatus
      : undefined;
  // Lambda refused the invoke, so no function answered: an integration status that is the one API
  // Gateway states is Lambda's own (a camel `integrationStatus` is, for a Lambda proxy), not a backend's.
  const loggedBackend =
    statedStatus !== undefined && access?.integrationStatus === statedStatus
      ? undefined
      : access?.integrationStatus;
  return loggedBackend ?? (scan.lambdaEndpoint ? lambdaBackend : (proxyAnswer ?? scan.receivedStatus));
}

export function factsOf(request: RequestRecord): Facts {
  const access = request.access;
  const scan = request.execution === undefined ? NO_TRAIL : scanTrail(request.execution.messages);
  const answeredStatus = answeredServiceStatus(access, scan);
  // API Gateway states Lambda's status when Lambda refused the invoke; read only when nothing better
  // gave it (a format without integration.integrationStatus, a trail cut before "Received response",
  // an ERROR-level log that keeps only the failure lines).
  const statedStatus = answeredStatus === undefined ? scan.invokeFailedStatus : undefined;
  const serviceStatus = answeredStatus ?? statedStatus;
  const { endpoint, lambdaEndpoint, evidenceMessages } = scan;
  return {
    clientStatus: clientStatusOf(access, scan),
    responseType: (access?.responseType ?? scan.gatewayResponseType)?.toUpperCase(),
    errorMessage: access?.errorMessage,
    backendStatus: backendStatusOf(access, scan, serviceStatus, statedStatus),
    serviceStatus,
    serviceStatusMessage: statedStatus !== undefined ? scan.invokeFailedMessage : undefined,
    integrationError: access?.integrationError,
    integrationLatencyMs: access?.integrationLatencyMs,
    responseLatencyMs: access?.responseLatencyMs,
    authorizerError: access?.authorizerError,
    authorizerStatus: access?.authorizerStatus,
    authenticateStatus: access?.authenticateStatus,
    authorizeStatus: access?.authorizeStatus,
    wafBlocked:
      access?.wafResponseCode?.toUpperCase() === 'WAF_BLOCK' ||
      (access?.wafStatus !== undefined && access.wafStatus >= 400),
    evidenceMessages,
    evidenceText: evidenceMessages.join('\n'),
    httpApi: access !== undefined && isHttpApiLine(access),
    webSocket: access !== undefined && isWebSocketLine(access),
    httpOrWebSocketRequestId: isHttpOrWebSocketRequestId(access?.requestId),
    awsServiceEndpoint:
      (endpoint === ENDPOINT_KIND.aws ||
        endpoint === ENDPOINT_KIND.awsOwnerCode ||
        endpoint === ENDPOINT_KIND.awsOperationInRequest ||
        endpoint === ENDPOINT_KIND.awsS3) &&
      !lambdaEndpoint,
    integrationErrorNamesAwsService: namesAwsService(access?.integrationError),
    integrationErrorUnnamed:
      access?.format === ACCESS_LOG_FORMAT.clf || access?.format === ACCESS_LOG_FORMAT.csv,
    ownerCodeEndpoint: endpoint === ENDPOINT_KIND.awsOwnerCode && !lambdaEndpoint,
    operationInRequestEndpoint: endpoint === ENDPOINT_KIND.awsOperationInRequest && !lambdaEndpoint,
    s3Endpoint: endpoint === ENDPOINT_KIND.awsS3 && !lambdaEndpoint,
    endpointUrl: scan.endpointUrl,
    requestHeaders: scan.requestHeaders,
    httpEndpoint: endpoint === ENDPOINT_KIND.http && !lambdaEndpoint,
    matchedRoute: access?.routeKey ?? access?.resourcePath,
    noRoute: access?.noRoute === true && access.resourcePath === undefined && access.routeKey === undefined,
    noIntegrationStatus: access?.noIntegrationStatus === true,
    noGatewayResponse: access?.noResponseType === true,
    authorizerStart: scan.authorizerStart,
    pastAuthorizer: scan.pastAuthorizer,
    authorizerLinesFrom: scan.authorizerLinesFrom,
    authorizerLinesUntil: scan.authorizerLinesUntil,
    functionAnswerShown: scan.answerShown && lambdaEndpoint,
    completed: scan.completed,
  };
}
