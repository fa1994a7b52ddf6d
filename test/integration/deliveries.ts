/**
 * Builders for CloudWatch Logs subscription events, made in the test from plain JSON the way
 * CloudWatch Logs makes them: JSON payload → gzip → base64 under `awslogs.data`.
 *
 * The access-log lines are SYNTHETIC, in the shape of the corpus's JSON access-log rows
 * (/work/shared/corpus/F-04.log: `status`, `integration_integrationStatus`, `requestTimeEpoch` …);
 * the execution-log lines are the real lines of corpus sample S06-01 with the request id varied
 * (one event per `(requestId) ` line, multi-line bodies kept in their event, as CloudWatch stores them).
 */
import { gzipSync } from 'node:zlib';

export const ACCESS_LOG_GROUP = '/aws/apigateway/access';

interface PlainEvent {
  readonly id: string;
  readonly timestamp: number;
  readonly message: string;
}

export function subscriptionEvent(logGroup: string, logStream: string, events: readonly PlainEvent[]) {
  const payload = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup,
    logStream,
    subscriptionFilters: ['apigw-error-analyzer'],
    logEvents: events,
  };
  return { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(payload))).toString('base64') } };
}

export interface AccessLine {
  readonly requestId: string;
  readonly api: string;
  readonly stage?: string;
  readonly timeMs: number;
  readonly status: number;
  /** $context.integration.integrationStatus: 429 when the Lambda service throttled the invoke. */
  readonly lambdaServiceStatus?: number;
  readonly method?: string;
  readonly path?: string;
}

/** A synthetic JSON access-log line in the corpus's production key names. */
export function accessLine(line: AccessLine): string {
  return JSON.stringify({
    requestId: line.requestId,
    apiId: line.api,
    stage: line.stage ?? 'prod',
    httpMethod: line.method ?? 'GET',
    resourcePath: line.path ?? '/orders',
    requestTimeEpoch: String(Math.floor(line.timeMs / 1000)),
    status: String(line.status),
    error_responseType: '-',
    integration_status: '-',
    integration_integrationStatus:
      line.lambdaServiceStatus === undefined ? '-' : String(line.lambdaServiceStatus),
    integration_error: '-',
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `$context.requestTime` as API Gateway writes it (CLF style): `25/Nov/2026:12:01:00 +0000`. */
function clfTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** The fields of the console's JSON preset, in its order: the status is all it says of a failure. */
function consoleJsonPresetFields(line: AccessLine) {
  return {
    requestId: line.requestId,
    ip: '203.0.113.7',
    caller: '-',
    user: '-',
    requestTime: clfTime(line.timeMs),
    httpMethod: line.method ?? 'GET',
    resourcePath: line.path ?? '/orders',
    status: String(line.status),
    protocol: 'HTTP/1.1',
    responseLength: '36',
  };
}

/**
 * A SYNTHETIC access-log line in the fields of the console's JSON preset (requestId, ip, caller,
 * user, requestTime, httpMethod, resourcePath, status, protocol, responseLength), with apiId and
 * stage added so the stage, and its execution log group, are known: the status is all it says of a
 * failure, no integration field.
 */
export function presetAccessLine(line: AccessLine): string {
  const { requestId, ...rest } = consoleJsonPresetFields(line);
  return JSON.stringify({ requestId, apiId: line.api, stage: line.stage ?? 'prod', ...rest });
}

/**
 * A SYNTHETIC access-log line in exactly the console's JSON preset fields: no apiId and no stage, so
 * the line names neither its API nor its stage (`line.api` and `line.stage` are not written).
 */
export function consoleJsonPresetLine(line: AccessLine): string {
  return JSON.stringify(consoleJsonPresetFields(line));
}

let sequence = 0;
/** A unique event id, as CloudWatch Logs gives every event. */
export function eventId(): string {
  sequence += 1;
  return `3${String(sequence).padStart(55, '0')}`;
}

/** One delivery of access-log lines; each line becomes one event at the request's own time. */
export function accessDelivery(lines: readonly AccessLine[], logStream = 'stream-1') {
  return subscriptionEvent(
    ACCESS_LOG_GROUP,
    logStream,
    lines.map((l) => ({ id: eventId(), timestamp: l.timeMs, message: accessLine(l) })),
  );
}

/** One delivery of access-log lines in the console's JSON preset fields (presetAccessLine). */
export function presetAccessDelivery(lines: readonly AccessLine[], logStream = 'stream-1') {
  return subscriptionEvent(
    ACCESS_LOG_GROUP,
    logStream,
    lines.map((l) => ({ id: eventId(), timestamp: l.timeMs, message: presetAccessLine(l) })),
  );
}

/** A throttled-Lambda failure as the access log shows it: the client got `status`, Lambda said 429. */
export function throttled(requestId: string, api: string, timeMs: number, status = 502): AccessLine {
  return { requestId, api, timeMs, status, lambdaServiceStatus: 429 };
}

export function succeeded(requestId: string, api: string, timeMs: number): AccessLine {
  return { requestId, api, timeMs, status: 200, lambdaServiceStatus: 200 };
}

/**
 * Corpus sample S06-01 verbatim (source: sakazuki/lambda-ngrok-architecture NOTES.md, see
 * /work/shared/corpus/labels.json), copied here so the suite does not depend on the shared folder;
 * only the blank line after the JSON body is left out.
 */
const S06_01_ID = 'a5e3de30-8d59-11e8-b2f5-9339f1c001b0';
const S06_01 = [
  '(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:lambda-ngrok-dev-hello/invocations',
  '(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Received response. Integration latency: 5 ms',
  '(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Endpoint response body before transformations:\n{\n    "Reason": "ReservedFunctionConcurrentInvocationLimitExceeded",\n    "Type": "User",\n    "message": "Rate Exceeded."\n}',
  '(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Endpoint response headers: {Connection=keep-alive, x-amzn-RequestId=a5e453c2-8d59-11e8-bf58-f5dde8cf91a3, x-amzn-ErrorType=TooManyRequestsException, Content-Length=104, Date=Sun, 22 Jul 2018 02:48:00 GMT, Content-Type=application/json}',
  '(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Execution failed due to configuration error: Malformed Lambda proxy response',
  '(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Method completed with status: 502',
];

/** The real execution-log events of S06-01 (a Lambda reserved-concurrency throttle) for `requestId`. */
export function s0601Events(requestId: string, timeMs: number): PlainEvent[] {
  return S06_01.map((message, i) => ({
    id: eventId(),
    timestamp: timeMs + i,
    message: message.replaceAll(S06_01_ID, requestId),
  }));
}

/**
 * FilterLogEvents' answer for an alert's trail lookup: the real S06-01 trail of every request id its
 * filter pattern names (`?"a" ?"b"`), those `wanted` keeps, as CloudWatch Logs returns events.
 */
export function s0601TrailAnswer(filterPattern: unknown, timeMs: number, wanted = (_id: string) => true) {
  const ids = [...String(filterPattern).matchAll(/\?"([^"]+)"/g)].map((m) => m[1] ?? '').filter(wanted);
  const events = ids
    .flatMap((id) => s0601Events(id, timeMs))
    .map((e) => ({
      logStreamName: 'abc',
      timestamp: e.timestamp,
      ingestionTime: e.timestamp + 100,
      message: e.message,
      eventId: e.id,
    }));
  return { ok: { events, searchedLogStreams: [] } };
}

/**
 * The function's settings the alerting tests share: server failures alert at 5 in a 5-minute
 * window; MinRequests is high, so the per-cause alerts under test are the only ones (error-rate
 * tests set their own).
 */
export const ALERTING_TEST_SETTINGS = {
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:apigw-alerts',
  WINDOW_MINUTES: '5',
  COOLDOWN_MINUTES: '30',
  SERVER_ERROR_THRESHOLD: '5',
  LIMIT_ERROR_THRESHOLD: '10',
  CLIENT_ERROR_THRESHOLD: '100',
  ERROR_RATE_PERCENT: '5',
  MIN_REQUESTS: '100000',
  COUNT_EXECUTION_LOGS: 'false',
  METRICS_NAMESPACE: 'ApiGatewayErrorAnalyzerTest',
} as const;

/** One delivery to `logGroup` of access-log lines in exactly the console's JSON preset (consoleJsonPresetLine). */
export function consoleJsonPresetDelivery(
  logGroup: string,
  lines: readonly AccessLine[],
  logStream = 'stream-1',
) {
  return subscriptionEvent(
    logGroup,
    logStream,
    lines.map((l) => ({ id: eventId(), timestamp: l.timeMs, message: consoleJsonPresetLine(l) })),
  );
}
