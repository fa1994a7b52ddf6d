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
 * - SQS's SendMessageBatch, DeleteMessageBatch and ChangeMessageVisibilityBatch and SNS's PublishBatch
 *   answer `Failed` and `Successful` lists, a failed entry a BatchResultErrorEntry with `Code`, `Id`,
 *   `Message` and `SenderFault` ("whether the error happened due to the caller of the batch API
 *   action"; both API references), and no count: SQS "you should check for batch errors even when
 *   the call returns an HTTP status code of 200" (SendMessageBatch).
 *
 * Not counted: DynamoDB's BatchWriteItem `UnprocessedItems`, which DynamoDB documents as the normal
 * answer when a batch exceeds the table's throughput for now, for the caller to send again: no item
 * failed, and nothing in it names an error (docs/limits.md).
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
  /^https:\/\/(sync-states|states|events|kinesis|firehose|sqs|sns)(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?(?=[/?:#]|$)/i;
/** SQS's legacy hosts (`queue.amazonaws.com`, `<region>.queue.amazonaws.com`), which answer as `sqs.…`. */
const SQS_LEGACY_HOST = /^https:\/\/(?:[a-z0-9-]+\.)?queue\.amazonaws\.com(?:\.cn)?(?=[/?:#]|$)/i;
const ACTION_IN_URL = /[?&]Action=(\w+)/;
/** The operation a JSON-protocol request names in its headers (`X-Amz-Target=AWSStepFunctions.StartSyncExecution`). */
const AMZ_TARGET = /[{,]\s*X-Amz-Target=([\w.]+)/gi;

/**
 * The operation the trail's last request headers naming one name, when they name one only: the line
 * does not escape header values, so a caller's value mapped into another header can hold
 * `, X-Amz-Target=…` too.
 */
function amzTargetOf(facts: Facts): string | undefined {
  const lines = facts.requestHeaders ?? [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const targets = [...(lines[i] as string).matchAll(AMZ_TARGET)];
    if (targets.length === 1) return targets[0]?.[1];
  }
  return undefined;
}

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
  // SQS writes its KMS errors `KMS.AccessDeniedException` in the query protocol and names them
  // `KmsAccessDenied` in its JSON one (the SDK models); SNS writes `KMSAccessDenied` and
  // `AuthorizationError`.
  [
    /^(?:AccessDenied(?:Exception)?|KMSAccessDenied(?:Exception)?|KmsAccessDenied|KMS\.AccessDeniedException|AuthorizationError|NotAuthorizedFor(?:Source|DetailType)Exception)$/,
    'auth.integration-permission',
  ],
  // The stream's, bus's, queue's or topic's key is disabled, deleted or not usable: its
  // configuration, fixed by no retry.
  [
    /^(?:KMS(?:Disabled|NotFound|InvalidState|OptInRequired)(?:Exception)?|Kms(?:Disabled|NotFound|InvalidState|OptInRequired|InvalidKeyUsage)|KMS\.(?:DisabledException|NotFoundException|InvalidStateException|OptInRequired|InvalidKeyUsageException))$/,
    'server.configuration',
  ],
  // SQS's and SNS's invalid entries: a parameter, a message's characters, a receipt handle that
  // names no message received, or a message no longer in flight to change the visibility of.
  [
    /^(?:InvalidArgument(?:Exception)?|MalformedDetail|InvalidAccountIdException|ValidationException|SerializationException|InvalidParameterValue|InvalidParameter|ParameterValueInvalid|InvalidMessageContents|ReceiptHandleIsInvalid|(?:AWS\.SimpleQueueService\.)?MessageNotInflight)$/,
    'bad-request.backend',
  ],
  [
    /^(?:ThrottlingException|ProvisionedThroughputExceededException|KMSThrottling(?:Exception)?|KmsThrottled|KMS\.ThrottlingException|RequestThrottled|Throttled|TooManyRequestsException|LimitExceededException)$/,
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

/** The batch operations whose answer lists `Failed` entries, by service. */
const ENTRY_BATCHES = {
  sqs: ['SendMessageBatch', 'DeleteMessageBatch', 'ChangeMessageVisibilityBatch'],
  sns: ['PublishBatch'],
} as const;

/**
 * A query-protocol answer names its operation first, in XML (`<SendMessageBatchResponse`) or in the
 * JSON it writes for `Accept: application/json` (`{"SendMessageBatchResponse":`); a query request
 * names its action in the form body, which the trail's evidence leaves out, so its answer tells it.
 */
const NAMED_ANSWER = /^\s*(?:<\?xml[^>]*>\s*)?(?:<|\{\s*")(\w+)Response\b/;
/** SQS's JSON protocol answer, which names nothing: only a batch's has `Failed` as its first key. */
const FAILED_FIRST = /^\s*\{\s*"Failed"\s*:/;

/** The batch operation this answer is, by its own name, the X-Amz-Target header, or its first key. */
function entryBatchOperation(
  facts: Facts,
  service: keyof typeof ENTRY_BATCHES,
  body: string,
): string | undefined {
  const operations: readonly string[] = ENTRY_BATCHES[service];
  const named = NAMED_ANSWER.exec(body)?.[1];
  if (named !== undefined) return operations.includes(named) ? named : undefined;
  const target = /^AmazonSQS\.(\w+)$/.exec(service === 'sqs' ? (amzTargetOf(facts) ?? '') : '')?.[1];
  if (target !== undefined) return operations.includes(target) ? target : undefined;
  // SQS's JSON protocol with no headers line at hand: no other SQS answer starts with `Failed`.
  return service === 'sqs' && FAILED_FIRST.test(body) ? 'batch' : undefined;
}

/**
 * The `Failed` entries' texts, each whole or cut at the body's end, and whether the list closed
 * before the cut: the JSON list's objects (not a `"Failed"` inside a string, whose quotes are
 * escaped), SNS's XML `member`s of `<Failed>`, SQS's XML `<BatchResultErrorEntry>`s. An empty list,
 * `null`, `<Failed/>` or no error entry: none.
 */
function failedEntries(body: string): { readonly texts: readonly string[]; readonly whole: boolean } {
  const json = /(?<!\\)"Failed"\s*:\s*\[/.exec(body);
  if (json) {
    const list = body.slice(json.index + json[0].length);
    const texts: string[] = [];
    const entry = /\s*,?\s*(\{(?:[^{}"]|"(?:[^"\\]|\\.)*(?:"|$))*\}?)/y;
    // A failed sticky search resets lastIndex: the list's end is kept apart.
    let end = 0;
    for (let at = entry.exec(list); at; at = entry.exec(list)) {
      texts.push(at[1] as string);
      end = entry.lastIndex;
      if (!(at[1] as string).endsWith('}')) break;
    }
    return { texts, whole: /^\s*\]/.test(list.slice(end)) };
  }
  const failed = /<Failed>([\s\S]*?)(?:<\/Failed>|$)/.exec(body)?.[1];
  const tag = failed === undefined ? 'BatchResultErrorEntry' : 'member';
  const texts = [...(failed ?? body).matchAll(new RegExp(`<${tag}>([\\s\\S]*?)(?:</${tag}>|$)`, 'g'))];
  return {
    texts: texts.map((m) => m[1] as string),
    whole: /<\/(?:Failed|\w+BatchResult)>/.test(body),
  };
}

interface FailedEntry {
  readonly code?: string;
  readonly senderFault?: boolean;
  readonly message?: string;
}

function readEntry(text: string): FailedEntry {
  const field = (name: string): string | undefined =>
    new RegExp(`"${name}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(text)?.[1] ??
    new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
  const fault = /"SenderFault"\s*:\s*(true|false)\b|<SenderFault>(true|false)<\/SenderFault>/.exec(text);
  const senderFault = fault === null ? undefined : (fault[1] ?? fault[2]) === 'true';
  return { code: field('Code'), senderFault, message: field('Message') };
}

/**
 * An entry's cause: its code's when a row knows it, else its SenderFault's, the service's own word
 * on whose fault it was: true, the caller's entry was invalid (bad-request.backend, as a service's
 * validation error); false, AWS failed it (server.unavailable, as InternalError).
 */
function causeOfEntry(entry: FailedEntry): Cause | undefined {
  return (
    (entry.code === undefined ? undefined : causeOfCode(entry.code)) ??
    (entry.senderFault === undefined
      ? undefined
      : entry.senderFault
        ? 'bad-request.backend'
        : 'server.unavailable')
  );
}

/**
 * An SQS or SNS batch answer with failed entries: a non-empty `Failed` is failed work, whatever the
 * `Successful` beside it. Its cause is the deciding entry's (precedence as for the counted batches);
 * entries whose code and SenderFault were cut off leave the backend's failed work, as there.
 */
function entryBatchFailure(facts: Facts, host: string, body: string): RuleMatch | undefined {
  if (host !== 'sqs' && host !== 'sns') return undefined;
  const operation = entryBatchOperation(facts, host, body);
  if (operation === undefined) return undefined;
  const { texts, whole } = failedEntries(body);
  if (texts.length === 0) return undefined;
  const entries = texts.map(readEntry);
  const service = `${host.toUpperCase()} ${operation}`;
  const known = entries.filter((e) => e.code !== undefined || e.senderFault !== undefined);
  const said =
    whole && known.length === entries.length
      ? `${service} answered ${facts.backendStatus ?? 200} with ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} in Failed: the service took the request, and ${entries.length === 1 ? 'that entry' : 'those entries'} failed`
      : `${service} answered ${facts.backendStatus ?? 200} with failed entries (the list was cut off)`;
  let deciding: FailedEntry | undefined;
  for (const entry of known)
    if (deciding === undefined || precedence(causeOfEntry(entry)) < precedence(causeOfEntry(deciding)))
      deciding = entry;
  if (deciding === undefined)
    return likely(
      'server.function-error',
      said,
      "the entries' codes were cut off (execution logs keep 1 KiB of a body)",
    );
  const others = [...new Set(known.map((e) => e.code).filter((c) => c !== undefined && c !== deciding.code))];
  const fault = deciding.senderFault === undefined ? '' : ` (SenderFault ${deciding.senderFault})`;
  const entry = `Code ${deciding.code ?? '(cut off)'}${fault}${deciding.message ? `: ${deciding.message}` : ''}${others.length > 0 ? ` (also ${others.join(', ')})` : ''}`;
  return likely(causeOfEntry(deciding) ?? 'server.function-error', said, entry);
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
        amzTargetOf(facts) === 'AWSStepFunctions.StartSyncExecution'));
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
  const url = facts.endpointUrl ?? '';
  const host = SERVICE_HOST.exec(url)?.[1]?.toLowerCase() ?? (SQS_LEGACY_HOST.test(url) ? 'sqs' : undefined);
  if (host === undefined) return undefined;
  const body = answerBody(facts);
  if (body === undefined) return undefined;
  return (
    syncExecutionFailure(facts, host, body) ??
    batchFailure(facts, host, body) ??
    entryBatchFailure(facts, host, body)
  );
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
