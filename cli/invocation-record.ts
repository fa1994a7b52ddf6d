/**
 * What the analyzer's failure queue holds: Lambda's records of failed asynchronous invocations
 * (the function's `onFailure` destination), as `aws sqs receive-message` prints them.
 *
 * A record, as documented in "Capturing records of Lambda asynchronous invocations"
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html):
 * `{"version","timestamp","requestContext":{"requestId","functionArn","condition",
 * "approximateInvokeCount"},"requestPayload":<the event the function was given>,
 * "responseContext":{"statusCode","executedVersion","functionError"},"responsePayload":
 * {"errorType","errorMessage",…}}`. A dead-letter queue holds the event alone, without the record.
 *
 * `aws sqs receive-message` prints `{"Messages":[{"MessageId","ReceiptHandle","MD5OfBody","Body",
 * …}]}`, each Body the record as a JSON string (as printed in
 * https://gist.github.com/richardgrantserverless/fe347ba16633026cd9a11d5a6eaa222b).
 */
import { isRecord } from '../lambda/core/decode';
import { headOf } from '../lambda/core/text-head';

/** A Lambda invocation record: its requestContext says how it ended, beside the request or response. */
export function isInvocationRecord(value: unknown): boolean {
  if (!isRecord(value) || !isRecord(value.requestContext)) return false;
  const context = value.requestContext;
  // An API Gateway proxy event has a requestContext too, but no condition or invoke count.
  return (
    ('condition' in context || 'approximateInvokeCount' in context) &&
    ('requestPayload' in value || 'responseContext' in value)
  );
}

export interface QueueMessage {
  readonly Body: string;
  readonly MessageId?: unknown;
}

/** `aws sqs receive-message` output: every member of `Messages` a message with a string Body. */
export function isReceiveMessageOutput(
  value: unknown,
): value is { readonly Messages: readonly QueueMessage[] } {
  return (
    isRecord(value) &&
    Array.isArray(value.Messages) &&
    value.Messages.every(
      (m: unknown) => isRecord(m) && typeof m.Body === 'string' && ('ReceiptHandle' in m || 'MessageId' in m),
    )
  );
}

/** How much of the function's error message a note keeps. */
const MAX_ERROR_CHARS = 200;
/** Control characters (line breaks, terminal escapes): a note is one line of plain text. */
const CONTROL = /\p{Cc}+/gu;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** One line of the function's words: no line breaks or terminal escapes, cut short. */
function oneLine(value: string): string {
  const flat = value.replace(CONTROL, ' ').trim();
  // headOf, not slice: a cut must not leave half of an emoji's UTF-16 pair.
  return flat.length > MAX_ERROR_CHARS ? `${headOf(flat, MAX_ERROR_CHARS)}…` : flat;
}

/** How much of an SQS MessageId a line keeps: SQS's are 36 characters; a file may hold anything. */
const MAX_ID_CHARS = 100;

/** A queue message's MessageId, on one line and cut short, for the lines that name the message. */
export function messageIdOf(message: QueueMessage): string | undefined {
  const id = text(message.MessageId);
  if (id === undefined) return undefined;
  const flat = id.replace(CONTROL, ' ').trim();
  if (flat === '') return undefined;
  return flat.length > MAX_ID_CHARS ? `${headOf(flat, MAX_ID_CHARS)}…` : flat;
}

/** Why the function failed, as the record tells it: `errorType: errorMessage`, or what there is. */
function functionError(record: Readonly<Record<string, unknown>>): string {
  const response = record.responsePayload;
  if (isRecord(response)) {
    const type = text(response.errorType);
    const message = text(response.errorMessage);
    if (type !== undefined && message !== undefined) return oneLine(`${type}: ${message}`);
    if (type !== undefined || message !== undefined) return oneLine(type ?? message ?? '');
  }
  if (text(response) !== undefined) return oneLine(String(response));
  const kind = isRecord(record.responseContext) ? text(record.responseContext.functionError) : undefined;
  return kind === undefined ? 'the record holds no error from the function' : `a function error (${kind})`;
}

/**
 * The stderr note for one record: when the delivery failed, how (condition, attempts) and why (the
 * function's error), under `where`, so the user can tell which message of the queue it is.
 */
export function failureNote(record: Readonly<Record<string, unknown>>, where: string): string {
  const context = isRecord(record.requestContext) ? record.requestContext : {};
  const request = text(context.requestId);
  const when = text(record.timestamp) ?? 'an unknown time';
  const condition = text(context.condition) ?? 'failed';
  const count = context.approximateInvokeCount;
  const attempts =
    typeof count === 'number' && Number.isFinite(count)
      ? ` after ${count} attempt${count === 1 ? '' : 's'}`
      : '';
  const delivery = request === undefined ? 'a delivery' : `delivery ${oneLine(request)}`;
  return `${where}: ${delivery} failed at ${oneLine(when)} (${oneLine(condition)}${attempts}): ${functionError(record)}`;
}

/** Why a record's requestPayload cannot be read as log events, or undefined when it can. */
export function unreadablePayload(record: Readonly<Record<string, unknown>>): string | undefined {
  const context = isRecord(record.requestContext) ? record.requestContext : {};
  const request = text(context.requestId);
  const which = request === undefined ? 'the record' : `the record of delivery ${oneLine(request)}`;
  if (!('requestPayload' in record)) return `${which} has no requestPayload; left out`;
  const payload = record.requestPayload;
  if (!isRecord(payload) || !isRecord(payload.awslogs))
    return `${which}: its requestPayload is not a subscription event ({"awslogs":{"data":…}}); left out`;
  return undefined;
}
