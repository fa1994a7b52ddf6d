/** Plain data shapes shared by the pure pipeline: decode → parse → join → classify → aggregate. */
import type { Cause, Family, Owner } from './taxonomy';

/** One CloudWatch Logs event, as delivered by a subscription or returned by FilterLogEvents. */
export interface LogEvent {
  readonly id: string;
  readonly timestamp: number;
  readonly message: string;
}

/** Where a batch of events came from; `logGroup` tells access from execution logs when known. */
export interface LogSource {
  readonly logGroup?: string;
  readonly logStream?: string;
  /** A file name or `-` for stdin, for messages to CLI users. */
  readonly name?: string;
}

/**
 * Called every CHECKPOINT_EVERY items in the pipeline's long loops; it may throw to stop the work.
 * The CLI passes one that stops a run before the heap is full; the Lambda function passes none.
 */
export type Checkpoint = () => void;

/** How many items (events, lines, requests) the long loops go through between two checkpoints: a power of two. */
export const CHECKPOINT_EVERY = 4096;

/** A batch of events read together: one subscription delivery, one file, one FilterLogEvents pull. */
export interface LogBatch {
  readonly source: LogSource;
  readonly events: readonly LogEvent[];
}

/** A subscription payload's `messageType`: CloudWatch Logs checks a new destination with a control message. */
export const MESSAGE_TYPE = {
  data: 'DATA_MESSAGE',
  control: 'CONTROL_MESSAGE',
} as const;
type MessageType = (typeof MESSAGE_TYPE)[keyof typeof MESSAGE_TYPE];

/** The decoded `awslogs.data` payload of a CloudWatch Logs subscription. */
export interface SubscriptionPayload {
  readonly messageType: MessageType;
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly subscriptionFilters: readonly string[];
  readonly logEvents: readonly LogEvent[];
}

export const ACCESS_LOG_FORMAT = {
  json: 'json',
  clf: 'clf',
  xml: 'xml',
  csv: 'csv',
  /** `key: value, key: value`, the default format of the Serverless Framework and many CDK examples. */
  keyValue: 'key-value',
  /** Positional fields joined by ` | `, told by their shapes (a request id, a status). */
  delimited: 'delimited',
} as const;
export type AccessLogFormat = (typeof ACCESS_LOG_FORMAT)[keyof typeof ACCESS_LOG_FORMAT];

/** One access-log line normalised from any format. Absent, empty and `-` values are left undefined. */
export interface AccessLogRecord {
  readonly format: AccessLogFormat;
  readonly requestId?: string;
  readonly extendedRequestId?: string;
  /** Epoch milliseconds of the request, when the line carries a time. */
  readonly timeMs?: number;
  readonly apiId?: string;
  readonly stage?: string;
  readonly domainName?: string;
  readonly httpMethod?: string;
  readonly path?: string;
  readonly resourcePath?: string;
  readonly routeKey?: string;
  readonly status?: number;
  /** $context.error.responseType (gateway response type such as THROTTLED). */
  readonly responseType?: string;
  /** $context.error.message / messageString, unquoted. */
  readonly errorMessage?: string;
  /** $context.integration.status: the backend's status (for Lambda proxy, the function's statusCode). */
  readonly integrationStatus?: number;
  /** $context.integration.integrationStatus: the Lambda service's own status (429 = throttled invoke). */
  readonly integrationServiceStatus?: number;
  /** $context.integration.error / integrationErrorMessage. */
  readonly integrationError?: string;
  readonly integrationLatencyMs?: number;
  readonly responseLatencyMs?: number;
  /** $context.authorizer.error. */
  readonly authorizerError?: string;
  /** $context.authorizer.status: a Lambda, JWT or Cognito authorizer's answer (and the status of its invoke). */
  readonly authorizerStatus?: number;
  /** $context.authenticate.status: IAM's check of the request's signed credentials (IAM authorization only). */
  readonly authenticateStatus?: number;
  /** $context.authorize.status: the policy evaluated on what the authenticate or authorizer phase found. */
  readonly authorizeStatus?: number;
  /** $context.waf.status / wafResponseCode / waf.error. */
  readonly wafStatus?: number;
  readonly wafResponseCode?: string;
  readonly wafError?: string;
  /**
   * The line logs the route key or resource path as `-`: no route matched (unless another field names
   * one). Not a `-` route key beside a REST request id (a UUID), eventType key or not: REST has neither
   * variable, and a format copied from another API's, or logging every variable, logs them as `-` on
   * every request.
   */
  readonly noRoute?: true;
  /**
   * The route key is logged as `-`, and the line has no eventType or connectionId key and no REST request
   * id: no route matched, on an HTTP API (REST APIs have no route key, and only WebSocket APIs have
   * $context.eventType and $context.connectionId).
   */
  readonly noRouteKey?: true;
  /**
   * The line has a `$context.connectionId` key, with a value or `-`, or a `$context.eventType` key
   * logged as `-`, and no REST request id, HTTP method or resource path (WebSocket APIs log none of
   * them): its format is a WebSocket API's (only WebSocket APIs have the variables, and an HTTP API's
   * stage refuses a format naming them), though it may log no event.
   */
  readonly webSocketFormat?: true;
  /** The line logs the backend's status and it is `-`: no integration answered (none was called, or it failed first). */
  readonly noIntegrationStatus?: true;
  /**
   * The line logs `$context.error.responseType` and it is `-`: API Gateway sent no gateway response of
   * its own. On a REST API every error the gateway answers itself has one (an unspecified one is
   * DEFAULT_4XX or DEFAULT_5XX), so an error status without one is the integration's. Not noted beside
   * an HTTP or WebSocket API's request id (one API Gateway made, not a UUID).
   */
  readonly noResponseType?: true;
}

/** One execution-log message with the request id it belongs to, when the line says it. */
export interface ExecutionLogLine {
  readonly requestId?: string;
  readonly timeMs?: number;
  readonly message: string;
}

/** Why a line was not read: a closed set, so unparsed lines can be counted by reason. */
export const UNPARSED_REASON = {
  invalidJson: 'invalid JSON',
  jsonNotAnObject: 'JSON line is not an object',
  jsonWithoutAccessField:
    'JSON object without any access-log field (status, error.responseType, integration status or error)',
  clfWithoutStatus: 'CLF line without a status',
  /**
   * nginx's or Apache's `combined` format: `"referer" "user agent"` after the bytes, where API
   * Gateway's CLF presets write the request id, which they never quote.
   */
  webServerCombined:
    "a web server's combined access-log line (quoted referer and user agent where API Gateway's CLF logs the request id)",
  /**
   * A key-value line of API Gateway's whose status key is there but cannot be read: logged twice with
   * two values (one forged by a caller's header text), or only inside a quoted header value. Read
   * without it, the request would count as one that did not fail.
   */
  statusUnread:
    'key-value line whose status cannot be read (logged twice with two values, or inside a quoted value)',
  /**
   * A JSON line with a logging library's level and message keys and no name only API Gateway's
   * formats use: an application's log (Go slog, winston, pino, Powertools…), whose status is its own.
   */
  applicationLog:
    "an application's log record (JSON with a log level and a message, and no field only API Gateway logs)",
  xmlWithoutAccessElement: 'XML line without any access-log element',
  notALogLine:
    "neither an access-log line (JSON, CLF, XML, CSV, key-value, ' | '-separated) nor an execution-log message",
  /**
   * A Lambda function's own log line (its runtime's START, END, REPORT, or a time, request id and
   * level): the function's log group, not API Gateway's, was exported.
   */
  lambdaFunctionLog:
    "a Lambda function's own log line (START/END/REPORT, or its runtime's time, request id and level), not API Gateway's",
  /** Not a line: one subscription payload of a file of several (the CLI's) that does not decode. */
  undecodablePayload: 'subscription payload that does not decode (its lines unread)',
  /**
   * Not a line: a failure-queue message or record of a file (the CLI's) that holds no subscription
   * event to read (a record without requestPayload, a Body that is neither record nor event).
   */
  noSubscriptionEvent: 'queue message or invocation record that holds no subscription event (nothing read)',
  /**
   * Not a line: one input of a run of several (the CLI's) refused whole for what it holds (not text,
   * a cut gzip or table, statistics, …), as it would be alone; the run reads the others.
   */
  refusedInput: 'input refused whole (its lines unread)',
} as const;
export type UnparsedReason = (typeof UNPARSED_REASON)[keyof typeof UNPARSED_REASON];

export interface UnparsedLine {
  readonly reason: UnparsedReason;
  /** What the parser said, where it says more than the reason (the JSON error and its position). */
  readonly detail?: string;
  /** The start of the line, for the user to recognise it: at most 200 characters, then the parser's `…` when cut. */
  readonly sample: string;
  /**
   * The line went on after the sample: its last run may be half a secret, which no longer shows
   * what it is, so it is redacted as cut. Set by whoever made the sample.
   * @default false
   */
  readonly cut?: boolean;
  readonly source?: LogSource;
}

/** Everything the parser recognised in one batch. */
export interface ParsedBatch {
  readonly access: readonly AccessLogRecord[];
  readonly execution: readonly ExecutionLogLine[];
  readonly unparsed: readonly UnparsedLine[];
  /**
   * Events in the batch, for the summary. A pasted time alone and the console's Copy button above a
   * message are part of that message's event, not events of their own.
   */
  readonly events: number;
}

/** How an invented request id begins: for lines that carried none (console output, bare messages). */
export const ANONYMOUS_ID_PREFIX = 'no-id:';

/** All lines of one REST request's execution log, in order. */
export interface ExecutionTrail {
  /** The lines' request id, or one invented (ANONYMOUS_ID_PREFIX…) when they carried none. */
  readonly requestId: string;
  readonly messages: readonly string[];
  readonly timeMs?: number;
  readonly apiId?: string;
  readonly stage?: string;
  readonly httpMethod?: string;
  readonly resourcePath?: string;
}

/** One request as seen by all evidence: its access-log line, its execution trail, or both. */
export interface RequestRecord {
  readonly requestId: string;
  readonly access?: AccessLogRecord;
  readonly execution?: ExecutionTrail;
  readonly source: LogSource;
}

export const CONFIDENCE = {
  certain: 'certain',
  likely: 'likely',
  statusOnly: 'status-only',
} as const;
export type Confidence = (typeof CONFIDENCE)[keyof typeof CONFIDENCE];

/**
 * What a status-only request's own advice says, as data: the sentence on what its line logged, and
 * the access-log fields it lacks (none: it logged them all). A group's advice is built from these,
 * never from the advice's text.
 */
export interface StatusOnlyAdviceParts {
  readonly known: string;
  readonly lacking: readonly string[];
  /** The line logged an error message (which named no cause): it is known, beside the status. */
  readonly messageLogged?: true;
  /** The request may be a REST API's and came without an execution trail: enabling execution logs would show more. */
  readonly executionLogsToEnable: boolean;
}

/** The contract record of one failed request (taxonomy.md, "What one classified request carries"). */
export interface ClassifiedRequest {
  readonly requestId: string;
  readonly time?: string;
  readonly api?: string;
  readonly stage?: string;
  readonly method?: string;
  readonly route?: string;
  readonly clientStatus: number | null;
  readonly cause: Cause;
  readonly family: Family;
  readonly masked: boolean;
  readonly retry: string;
  readonly owner: Owner;
  readonly confidence: Confidence;
  readonly evidence: readonly string[];
  readonly advice: string;
  /**
   * For unknown.client and unknown.server, what the advice was built from, when it names more than
   * the taxonomy's: not a contract field, so the JSON output and the failed-request log leave it out.
   */
  readonly adviceParts?: StatusOnlyAdviceParts;
}

interface AnalysisStats {
  readonly events: number;
  readonly accessLines: number;
  readonly executionLines: number;
  readonly requests: number;
  readonly failed: number;
  readonly unparsed: number;
}

export interface Analysis {
  readonly failures: readonly ClassifiedRequest[];
  /** Every request seen, failed or not, keyed for rate computation. */
  readonly requests: readonly RequestSummary[];
  readonly unparsed: readonly UnparsedLine[];
  readonly stats: AnalysisStats;
}

/** The minimum the counters need of every request, successful or not. */
/** Placeholder for an API or stage the logs did not name (AWS's CLF and CSV presets log no stage); counted rather than dropped. */
export const UNKNOWN_SCOPE = 'unknown';

export interface RequestSummary {
  readonly requestId: string;
  /** The API id, else the log group; UNKNOWN_SCOPE when neither is known. */
  readonly api: string;
  /** The stage; UNKNOWN_SCOPE when no log names it. The same scope its failure is counted in. */
  readonly stage: string;
  readonly timeMs?: number;
  /** True when an access-log line saw this request (access logs are the source of request totals). */
  readonly fromAccessLog: boolean;
}
