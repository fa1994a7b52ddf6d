/**
 * AWS service integrations whose 200 reports that the work asked for failed: the service took the
 * request, so its status is 200, and its answer says what did not happen. API Gateway passes that
 * 200 on, so only the answer body (data trace on) shows the failure.
 *
 * - Step Functions' StartSyncExecution "will return a 200 OK response, even if your execution fails"
 *   (API reference, StartSyncExecution); its `status` is SUCCEEDED, FAILED or TIMED_OUT (the SDK
 *   models' SyncExecutionStatus), with `error` and `cause` for a failure. The SDKs send it to its own
 *   host, `sync-` before `states.…` (aws-sdk-js-v3 client-sfn, Aws_json1_0.ts), which API Gateway's
 *   action integration calls too (`https://sync-states.<region>.amazonaws.com/?Action=StartSyncExecution`).
 * - EventBridge's PutEvents answers `FailedEntryCount` and `Entries`, a failed entry with `ErrorCode`
 *   and `ErrorMessage` (API reference, PutEventsResultEntry; PutTargets and RemoveTargets answer the
 *   same count). Kinesis' PutRecords answers `FailedRecordCount` and `Records`, a failed record's
 *   `ErrorCode` ProvisionedThroughputExceededException or InternalFailure (PutRecordsResultEntry).
 *   Firehose's PutRecordBatch answers `FailedPutCount` and `RequestResponses`, each failed with
 *   `ErrorCode` and `ErrorMessage` (PutRecordBatchResponseEntry).
 *
 * Not counted: DynamoDB's BatchWriteItem `UnprocessedItems`, which DynamoDB documents as the normal
 * answer when a batch exceeds the table's throughput for now, for the caller to send again: no item
 * failed, and nothing in it names an error. Nor SQS's SendMessageBatch or SNS's PublishBatch `Failed`
 * entries (docs/limits.md).
 */
import type { Facts } from '../facts';
import type { Cause } from '../taxonomy';
import { find, likely } from './evidence';
import { CONFIGURATION } from './phrases';
import type { Rule, RuleMatch } from './rule';

/**
 * The integration's endpoint: the service's whole host (a bucket named `events.…` on S3's host is
 * not EventBridge), and the URL's `Action=` when an action integration named one.
 */
const SERVICE_HOST =
  /^https:\/\/(sync-states|states|events|kinesis|firehose)(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?(?=[/?:#]|$)/i;
const ACTION_IN_URL = /[?&]Action=(\w+)/;

/** What the service answered, whole or cut at 1 KiB: the last response body the trail shows. */
const ANSWER_BODY = /^Endpoint response body before transformations:\s*/;

function answerBody(facts: Facts): string | undefined {
  for (let i = facts.evidenceMessages.length - 1; i >= 0; i--) {
    const message = facts.evidenceMessages[i] as string;
    const body = ANSWER_BODY.exec(message);
    if (body) return message.slice(body[0].length);
  }
  return undefined;
}

/**
 * The batch operations that answer a count of failed entries, by the host of the service that answers
 * it; `entriesFirst`, the opening of an answer that writes its entries before its count, so that the
 * entries' codes prove failed work when the count was cut off (EventBridge's PutEvents and
 * PutTargets). Any other answer must show its count: an `"ErrorCode"` elsewhere may be data (a
 * target's header parameters in ListTargetsByRule).
 */
const BATCH_ANSWERS = [
  {
    host: 'events',
    service: 'EventBridge',
    count: /"FailedEntryCount"\s*:\s*(\d+)/,
    entriesFirst: /^\s*\{\s*"(?:Entries|FailedEntries)"\s*:\s*\[/,
  },
  {
    host: 'kinesis',
    service: 'Kinesis PutRecords',
    count: /"FailedRecordCount"\s*:\s*(\d+)/,
    entriesFirst: undefined,
  },
  {
    host: 'firehose',
    service: 'Firehose PutRecordBatch',
    count: /"FailedPutCount"\s*:\s*(\d+)/,
    entriesFirst: undefined,
  },
] as const;

/** A failed entry's code and the message after it, as the three services write them. */
const ENTRY_ERROR = /"ErrorCode"\s*:\s*"([\w.:-]+)"(?:\s*,\s*"ErrorMessage"\s*:\s*"((?:[^"\\]|\\.)*)")?/g;

/**
 * Entry codes by what they mean, in precedence: a code that no retry fixes (a permission, a key's
 * setup, an invalid entry) outranks one a retry may (a throttle, the service's own fault), since it
 * is what the owner must change. The request was signed with the integration's role, so a permission
 * refused is that role's, as a service's 403 is (backend-rules backendStatus): the caller has no
 * credentials of its own in the call. An invalid entry is the service's validation error the
 * taxonomy names for bad-request.backend; the caller's input usually filled it.
 */
const ENTRY_CODE_CAUSES: readonly (readonly [RegExp, Cause])[] = [
  [
    /^(?:AccessDenied(?:Exception)?|KMSAccessDenied(?:Exception)?|NotAuthorizedFor(?:Source|DetailType)Exception)$/,
    'auth.integration-permission',
  ],
  // The stream's or bus's key is disabled, deleted or not usable: its configuration, fixed by no retry.
  [/^KMS(?:Disabled|NotFound|InvalidState|OptInRequired)(?:Exception)?$/, 'server.configuration'],
  [
    /^(?:InvalidArgument(?:Exception)?|MalformedDetail|InvalidAccountIdException|ValidationException|SerializationException)$/,
    'bad-request.backend',
  ],
  [
    /^(?:ThrottlingException|ProvisionedThroughputExceededException|KMSThrottling(?:Exception)?|TooManyRequestsException|LimitExceededException)$/,
    'limit.backend',
  ],
  // AWS's own fault, which its documentation says to retry (EventBridge lists InternalFailure as
  // retryable; Firehose's ServiceUnavailableException "Back off and retry").
  [
    /^(?:InternalFailure|InternalException|InternalError|InternalServerError|ServiceUnavailable(?:Exception)?)$/,
    'server.unavailable',
  ],
];

function causeOfCode(code: string): Cause | undefined {
  for (const [pattern, cause] of ENTRY_CODE_CAUSES) if (pattern.test(code)) return cause;
  return undefined;
}

function precedence(cause: Cause | undefined): number {
  const at = ENTRY_CODE_CAUSES.findIndex(([, c]) => c === cause);
  return at < 0 ? ENTRY_CODE_CAUSES.length : at;
}

/**
 * A batch answer with failed entries. A count above 0 proves it; so does an entry's ErrorCode when
 * the count was cut off (EventBridge writes Entries first). A count of 0 proves the opposite. An
 * entry code no row knows, or codes cut off after the count, leave the cause as the backend's failed
 * work (server.function-error, "maybe" retried, the owner's to look at): never unknown.server, which
 * means nothing but a status and asks for log fields this trail already has.
 */
function batchFailure(facts: Facts, host: string, body: string): RuleMatch | undefined {
  const answer = BATCH_ANSWERS.find((a) => a.host === host);
  if (answer === undefined) return undefined;
  const count = answer.count.exec(body)?.[1];
  if (count !== undefined && Number(count) === 0) return undefined;
  if (count === undefined && !answer.entriesFirst?.test(body)) return undefined;
  const codes = [...body.matchAll(ENTRY_ERROR)];
  if (count === undefined && codes.length === 0) return undefined;
  const said =
    count !== undefined
      ? `${answer.service} answered ${facts.backendStatus ?? 200} with ${answer.count.exec(body)?.[0].replace(/\s+/g, '')}: the service took the request, and ${count} of its entries failed`
      : `${answer.service} answered ${facts.backendStatus ?? 200} with failed entries (the count was cut off)`;
  let deciding: RegExpExecArray | undefined;
  for (const code of codes)
    if (
      deciding === undefined ||
      precedence(causeOfCode(code[1] ?? '')) < precedence(causeOfCode(deciding[1] ?? ''))
    )
      deciding = code;
  if (deciding === undefined)
    return likely(
      'server.function-error',
      said,
      "the entries' error codes were cut off (execution logs keep 1 KiB of a body)",
    );
  const code = deciding[1] ?? '';
  const others = [...new Set(codes.map((c) => c[1]).filter((c) => c !== code))];
  const entry = `ErrorCode ${code}${deciding[2] ? `: ${deciding[2]}` : ''}${others.length > 0 ? ` (also ${others.join(', ')})` : ''}`;
  return likely(causeOfCode(code) ?? 'server.function-error', said, entry);
}

/** A top-level field of Step Functions' answer: not one inside its `input` or `output`, which are escaped JSON strings. */
const SYNC_STATUS = /(?<!\\)"status"\s*:\s*"(FAILED|TIMED_OUT)"/;
const SYNC_SUCCEEDED = /(?<!\\)"status"\s*:\s*"SUCCEEDED"/;
const SYNC_ERROR = /(?<!\\)"error"\s*:\s*"((?:[^"\\]|\\.)*)"/;
const SYNC_CAUSE = /(?<!\\)"cause"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/**
 * StartSyncExecution only, never DescribeExecution (`states.…`, the same `status`): there a FAILED
 * execution is the answer the caller asked for. Told by its own host, or by the operation the URL or
 * the X-Amz-Target header names.
 *
 * FAILED is server.function-error: the owner's workflow failed, as a function that threw. TIMED_OUT
 * is timeout.function: an Express execution that answers inside API Gateway's integration timeout
 * and still timed out hit the state machine's own TimeoutSeconds, as a function hits its own.
 */
function syncExecutionFailure(facts: Facts, host: string, body: string): RuleMatch | undefined {
  const startSync =
    host === 'sync-states' ||
    (host === 'states' &&
      (ACTION_IN_URL.exec(facts.endpointUrl ?? '')?.[1] === 'StartSyncExecution' ||
        facts.amzTarget === 'AWSStepFunctions.StartSyncExecution'));
  if (!startSync) return undefined;
  const error = SYNC_ERROR.exec(body)?.[1];
  // Step Functions writes its answer's keys in alphabetical order: `cause` and `error` come before
  // `status`, which a long cause (a stack trace) pushes past the 1 KiB cut. Only a failed execution
  // has an `error`, States.Timeout for one that timed out.
  const status =
    SYNC_STATUS.exec(body)?.[1] ??
    (error === undefined || SYNC_SUCCEEDED.test(body)
      ? undefined
      : error === 'States.Timeout'
        ? 'TIMED_OUT'
        : 'FAILED');
  if (status === undefined) return undefined;
  const cause = SYNC_CAUSE.exec(body)?.[1];
  const said = `StartSyncExecution answered ${facts.backendStatus ?? 200} with "status":"${status}": the execution ${status === 'FAILED' ? 'failed' : 'timed out'}`;
  const named = [
    ...(error !== undefined ? [`error=${error}`] : []),
    ...(cause !== undefined ? [`cause=${cause}`] : []),
  ];
  return likely(status === 'FAILED' ? 'server.function-error' : 'timeout.function', said, ...named);
}

/**
 * The failure an AWS service's own success status reports in its answer, if any: what `classify`
 * reads to count such a 200 as failed, and what the rule below answers.
 */
export function serviceReportedFailure(facts: Facts): RuleMatch | undefined {
  // An AWS service's error status is read by the backend rules; only its success reports failed work.
  if (!facts.awsServiceEndpoint || (facts.backendStatus ?? 200) >= 400) return undefined;
  // API Gateway failing on its own after the answer (a template that cannot map it) made the
  // client's status: the method's configuration, whatever the answer reported.
  if (find(facts, CONFIGURATION, undefined, true) !== undefined) return undefined;
  const host = SERVICE_HOST.exec(facts.endpointUrl ?? '')?.[1]?.toLowerCase();
  if (host === undefined) return undefined;
  const body = answerBody(facts);
  if (body === undefined) return undefined;
  return syncExecutionFailure(facts, host, body) ?? batchFailure(facts, host, body);
}

export const serviceAnswerReportsFailure: Rule = {
  name: "an AWS service's 200 reports failed work",
  causes: [
    'server.function-error',
    'timeout.function',
    ...new Set(ENTRY_CODE_CAUSES.map(([, cause]) => cause)),
  ],
  match: serviceReportedFailure,
};
