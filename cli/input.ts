/**
 * Turns what the user gave the CLI (a file or stdin) into LogBatches, whatever shape it came in:
 * raw log text (also as `aws logs tail`, `awslogs` or jq print it), a subscription Lambda event (or its `awslogs.data` alone), a
 * decoded subscription payload, the JSON of `aws logs filter-log-events` / `get-log-events` /
 * `get-query-results` or `aws apigateway test-invoke-method`, the first two's `--output text`, CSV exported from CloudWatch, a Logs
 * Insights table copied as Markdown, ASCII or tab-separated text, JSON Lines of events/payloads, or
 * what the analyzer's failure queue holds: Lambda invocation records, as `aws sqs receive-message`
 * prints them.
 */
import { type BigIntStats, createReadStream } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { checkPayload, DecodeError, decodeEvent, isRecord } from '../lambda/core/decode';
import { sampleOf } from '../lambda/core/text-head';
import {
  type Checkpoint,
  type LogBatch,
  type LogEvent,
  type SubscriptionPayload,
  UNPARSED_REASON,
  type UnparsedLine,
} from '../lambda/core/types';
import { awsTableOutputDocuments, awsTableStart } from './aws-table-output';
import { awsTextOutputEvents, isAwsTextOutput } from './aws-text-output';
import { awsYamlOutputDocuments } from './aws-yaml-output';
import {
  exportedCsvBatches,
  hasInsightsTable,
  insightsTableBatches,
  isExportedCsv,
  isQueryResults,
  queryResultBatches,
} from './exported-rows';
import { InputAccessError, InputError } from './input-error';
import {
  failureNote,
  isInvocationRecord,
  isReceiveMessageOutput,
  messageIdOf,
  unreadablePayload,
} from './invocation-record';
import {
  jsonSequence,
  MAX_DOCUMENTS,
  opensValue,
  skipSpace,
  tooManyDocuments,
  valueEnd,
} from './json-sequence';
import { CONSOLE_URL } from './log-group-value';
import { isTestInvokeOutput, rawTextBatch, testInvokeEvents, tryJson } from './raw-text';

/** The most one input may hold; beyond that a laptop-sized run would exhaust memory. */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;

export const INPUT_KIND = {
  rawText: 'raw text',
  lambdaEvent: 'subscription Lambda event',
  awslogsData: "a subscription event's awslogs.data alone (base64 of gzip)",
  invocationRecord: 'Lambda asynchronous invocation record',
  receiveMessage: 'aws sqs receive-message output',
  payload: 'decoded subscription payload',
  filterLogEvents: 'filter-log-events or get-log-events output',
  awsTextOutput: 'filter-log-events or get-log-events output as text (--output text)',
  awsYamlOutput:
    'filter-log-events, get-log-events or get-query-results output as YAML (--output yaml or yaml-stream)',
  awsTableOutput: 'filter-log-events, get-log-events or get-query-results output as a table (--output table)',
  queryResults: 'Logs Insights get-query-results output',
  testInvoke: 'test-invoke-method output',
  exportedCsv: 'CSV exported from CloudWatch',
  insightsTable: 'Logs Insights table copied as Markdown, ASCII or tab-separated text',
  jsonLines: 'JSON Lines of events/payloads',
  messageArray: "a JSON array of messages (--query 'events[].message')",
} as const;
export type InputKind = (typeof INPUT_KIND)[keyof typeof INPUT_KIND];

export { InputAccessError, InputError };

interface ParsedInput {
  readonly kind: InputKind;
  readonly batches: readonly LogBatch[];
  /** What was left out of the input, one line each, for stderr (a statistics table beside log lines). */
  readonly skipped?: readonly string[];
  /** What the input tells about itself, one line each, for stderr: why each queued delivery failed. */
  readonly notes?: readonly string[];
  /** Subscription payloads left out because they do not decode, for the report's unparsed count. */
  readonly unparsed?: readonly UnparsedLine[];
}

/** One subscription payload of the input that does not decode, and where it is. */
interface Undecodable {
  readonly name: string;
  readonly where: string;
  /** The SQS message's MessageId, when the payload came in one. */
  readonly messageId?: string;
  readonly error: DecodeError;
  readonly hint: string;
  /** The start of what was written: the payload's `awslogs.data`, or its JSON. */
  readonly sample: string;
  /** What was written went on after the sample. */
  readonly cut?: boolean;
}

/** Lines for stderr that reading an envelope gathers: ParsedInput's `notes` and `skipped`. */
interface Told {
  readonly notes: string[];
  readonly skipped: string[];
  readonly undecodable: Undecodable[];
  /** What was left out, in order, for the report's unparsed count: undecodable payloads, and queue messages and records that hold no subscription event. */
  readonly unparsed: UnparsedLine[];
  /**
   * The MessageIds of the queue messages left out so far: a message received twice (receive-message
   * output saved with `>>` twice) is named and counted once, as a good one's events are.
   */
  readonly leftOutIds: Set<string>;
  /** The MessageIds of the queue messages whose failure was told so far: a message received twice is told once. */
  readonly notedIds: Set<string>;
}

function newTold(): Told {
  return {
    notes: [],
    skipped: [],
    undecodable: [],
    unparsed: [],
    leftOutIds: new Set(),
    notedIds: new Set(),
  };
}

/** Whether the queue message of this MessageId is left out for the first time (one without an id always is). */
function leftOutFirst(told: Told, messageId: string | undefined): boolean {
  if (messageId === undefined) return true;
  if (told.leftOutIds.has(messageId)) return false;
  told.leftOutIds.add(messageId);
  return true;
}

/**
 * Leaves out a queue message or record that holds no subscription event: named on a `skipped:` line
 * (`why` ends in "; left out") and counted unparsed, as an undecodable payload is; once per MessageId.
 */
function leaveOut(
  told: Told,
  name: string,
  where: string,
  why: string,
  sample: string,
  messageId: string | undefined,
): void {
  if (!leftOutFirst(told, messageId)) return;
  told.skipped.push(`${where}: ${why}`);
  const place = placeIn(name, where);
  told.unparsed.push({
    reason: UNPARSED_REASON.noSubscriptionEvent,
    detail: `${place}: ${why.replace(/; left out$/, '')}`,
    ...sampleOf(sample),
    source: { name },
  });
}

/** A place in an input without the input's name before it: the report names the input itself. */
function placeIn(name: string, where: string): string {
  return where.startsWith(`${name} `) ? where.slice(name.length + 1) : where;
}

/** Control characters, which would break an error's one line (a file system's message may hold them). */
const CONTROL = /\p{Cc}+/gu;

/** An undecodable payload as the report counts it. */
function undecodableLine(bad: Undecodable): UnparsedLine {
  return {
    reason: UNPARSED_REASON.undecodablePayload,
    // The summary names the file before the sample: the detail says where in it.
    detail: placeIn(bad.name, undecodableText(bad)),
    sample: bad.sample,
    ...(bad.cut === true && { cut: true }),
    source: { name: bad.name },
  };
}

/** Where an undecodable payload is and what the decoder said of it, on one line. */
function undecodableText(bad: Undecodable): string {
  const id = bad.messageId === undefined ? '' : ` (MessageId ${bad.messageId})`;
  return `${bad.where}${id}: ${bad.error.message.replace(CONTROL, ' ')} [${bad.error.code}]`;
}

/**
 * The input with what was told on the way, when anything was. Payloads that do not decode are left
 * out, each named on a line and counted unparsed, when the input holds anything else; an input that
 * holds nothing else is refused, as one undecodable event is, on one line.
 */
function withTold(input: ParsedInput, told: Told): ParsedInput {
  const { unparsed } = told;
  const [first] = told.undecodable;
  if (first !== undefined && input.batches.length === 0) {
    const count = told.undecodable.length;
    const none = count === 1 ? '' : `; none of its ${count} subscription payloads decodes`;
    // Among other inputs, the run goes on without this one: each payload is counted, as one of a
    // partly good input is.
    throw new InputError(`${undecodableText(first)}${none}`, first.hint, unparsed);
  }
  const skipped = [...(input.skipped ?? []), ...told.skipped];
  return {
    ...input,
    ...(skipped.length > 0 && { skipped }),
    ...(told.notes.length > 0 && { notes: told.notes }),
    ...(unparsed.length > 0 && { unparsed }),
  };
}

/** The input kinds that wrap events in JSON (as opposed to raw text and JSON Lines of them). */
type Envelope =
  | typeof INPUT_KIND.lambdaEvent
  | typeof INPUT_KIND.invocationRecord
  | typeof INPUT_KIND.receiveMessage
  | typeof INPUT_KIND.payload
  | typeof INPUT_KIND.filterLogEvents
  | typeof INPUT_KIND.queryResults
  | typeof INPUT_KIND.testInvoke;

/**
 * Which wrapper a JSON value is, judged by the keys only those wrappers have, so that a JSON
 * access-log line (`{"requestId":…,"status":…}`) is never mistaken for one.
 */
function envelopeOf(value: unknown): Envelope | undefined {
  if (!isRecord(value)) return undefined;
  if (isRecord(value.awslogs)) return INPUT_KIND.lambdaEvent;
  if (isInvocationRecord(value)) return INPUT_KIND.invocationRecord;
  if (isReceiveMessageOutput(value)) return INPUT_KIND.receiveMessage;
  if (typeof value.messageType === 'string' && 'logEvents' in value) return INPUT_KIND.payload;
  if (
    Array.isArray(value.events) &&
    ('searchedLogStreams' in value ||
      'nextToken' in value ||
      'nextForwardToken' in value ||
      isFilterEvents(value.events))
  ) {
    return INPUT_KIND.filterLogEvents;
  }
  if (isQueryResults(value)) return INPUT_KIND.queryResults;
  if (isTestInvokeOutput(value)) return INPUT_KIND.testInvoke;
  return undefined;
}

/**
 * Keys only a CloudWatch Logs event carries, or a log pipeline's copy of one: an application's own
 * `events` (ECS deployment events, a Lambda test event of messages) carry a `message` too.
 */
const LOG_EVENT_KEYS = [
  'logStreamName',
  'ingestionTime',
  'eventId',
  'aws.cloudwatch.log_group',
  'aws.cloudwatch.log_stream',
] as const;

/**
 * An `events` array whose every member carries its line as a string `message` beside a key of a
 * CloudWatch Logs event: filter-log-events' events, and the same events as log pipelines' test files
 * keep them (Elastic's `{"events":[…]}`, with `aws.cloudwatch.log_group` beside the message).
 */
function isFilterEvents(events: readonly unknown[]): boolean {
  return (
    events.length > 0 &&
    events.every(
      (e) => isRecord(e) && typeof e.message === 'string' && LOG_EVENT_KEYS.some((key) => key in e),
    )
  );
}

/** The first of a record's keys that holds a string. */
function stringAt(record: Readonly<Record<string, unknown>>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

const STREAM_KEYS = ['logStreamName', 'aws.cloudwatch.log_stream'] as const;
const GROUP_KEYS = ['logGroupName', 'logGroup', 'aws.cloudwatch.log_group'] as const;

function payloadBatch(payload: SubscriptionPayload, name: string): LogBatch {
  return {
    source: { logGroup: payload.logGroup, logStream: payload.logStream, name },
    events: payload.logEvents,
  };
}

const UNDECODABLE_HINT = {
  [INPUT_KIND.lambdaEvent]:
    'awslogs.data must be base64 of the gzip of a subscription payload, exactly as Lambda receives it',
  [INPUT_KIND.payload]: 'a decoded payload needs messageType, logGroup and logEvents[{id,timestamp,message}]',
} as const;

/** How much of a payload that does not decode its unparsed sample keeps, as a line's does. */
/** The start of what a payload that does not decode holds: its `awslogs.data`, or its JSON. */
function payloadSample(value: unknown): Pick<UnparsedLine, 'sample' | 'cut'> {
  const data = isRecord(value) && isRecord(value.awslogs) ? value.awslogs.data : undefined;
  return sampleOf(typeof data === 'string' ? data : (JSON.stringify(value) ?? ''));
}

/**
 * One envelope's batches. A subscription event or payload that does not decode is told, not thrown:
 * the other payloads of the input are read still (withTold decides whether anything is left).
 */
function decodeEnvelope(
  value: unknown,
  kind: Envelope,
  name: string,
  where: string,
  told: Told,
  messageId?: string,
): LogBatch[] {
  if (kind === INPUT_KIND.invocationRecord && isRecord(value))
    return recordBatches(value, name, where, told, messageId);
  if (kind === INPUT_KIND.receiveMessage && isReceiveMessageOutput(value))
    return value.Messages.flatMap((message, i) =>
      messageBatches(message.Body, name, `${where} message ${i + 1}`, told, messageIdOf(message)),
    );
  if (kind === INPUT_KIND.lambdaEvent || kind === INPUT_KIND.payload) {
    try {
      return [payloadBatch(kind === INPUT_KIND.lambdaEvent ? decodeEvent(value) : checkPayload(value), name)];
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      if (!leftOutFirst(told, messageId)) return [];
      const bad = {
        name,
        where,
        messageId,
        error,
        hint: UNDECODABLE_HINT[kind],
        ...payloadSample(value),
      };
      told.undecodable.push(bad);
      told.unparsed.push(undecodableLine(bad));
      told.skipped.push(`${undecodableText(bad)}; left out`);
      return [];
    }
  }
  if (kind === INPUT_KIND.queryResults && isQueryResults(value))
    return queryResultBatches(value, name, where);
  if (kind === INPUT_KIND.testInvoke && isRecord(value) && isTestInvokeOutput(value))
    return [{ source: { name }, events: testInvokeEvents(value, name) }];
  return filterOutputBatches(value, name, where);
}

/**
 * One record of a failed asynchronous invocation: the subscription event it was given, read as that
 * event alone is, and a note of why it failed. A record whose requestPayload is no subscription event
 * is left out, named (the other records of a queue are still read).
 */
function recordBatches(
  record: Readonly<Record<string, unknown>>,
  name: string,
  where: string,
  told: Told,
  messageId?: string,
): LogBatch[] {
  if (messageId === undefined || !told.notedIds.has(messageId)) {
    if (messageId !== undefined) told.notedIds.add(messageId);
    told.notes.push(failureNote(record, where));
  }
  const unreadable = unreadablePayload(record);
  if (unreadable !== undefined) {
    leaveOut(told, name, where, unreadable, JSON.stringify(record.requestPayload ?? record) ?? '', messageId);
    return [];
  }
  return decodeEnvelope(
    record.requestPayload,
    INPUT_KIND.lambdaEvent,
    name,
    `${where} requestPayload`,
    told,
    messageId,
  );
}

/** A queue message's Body as JSON. A byte-order mark is dropped, as it is from a file: a Body sent from a file Notepad saved has one. */
function queueBodyValue(body: string): unknown {
  return tryJson(body.charCodeAt(0) === 0xfeff ? body.slice(1) : body);
}

/** Whether a string is what the failure queue holds: an invocation record, or a bare subscription event. */
function isQueueBody(body: string): boolean {
  const value = queueBodyValue(body);
  return isRecord(value) && (isInvocationRecord(value) || isRecord(value.awslogs));
}

/**
 * One SQS message's Body: a failure destination's invocation record, or a dead-letter queue's bare
 * subscription event. Any other body is left out, named.
 */
function messageBatches(
  body: string,
  name: string,
  where: string,
  told: Told,
  messageId?: string,
): LogBatch[] {
  const value = queueBodyValue(body);
  if (isRecord(value) && isInvocationRecord(value)) return recordBatches(value, name, where, told, messageId);
  if (isRecord(value) && isRecord(value.awslogs))
    return decodeEnvelope(value, INPUT_KIND.lambdaEvent, name, where, told, messageId);
  leaveOut(
    told,
    name,
    where,
    'its Body is neither a Lambda invocation record nor a subscription event; left out',
    body,
    messageId,
  );
  return [];
}

/**
 * `aws logs filter-log-events` output does not name the log group, so it stays undefined unless an
 * event does; events are grouped per group and stream so continuation lines of one stream stay
 * adjacent.
 */
function filterOutputBatches(value: unknown, name: string, where: string): LogBatch[] {
  const events = isRecord(value) && Array.isArray(value.events) ? value.events : [];
  const byStream = new Map<string, { group?: string; stream?: string; events: LogEvent[] }>();
  events.forEach((raw: unknown, index) => {
    if (!isRecord(raw) || typeof raw.message !== 'string') {
      throw new InputError(
        `${where}: events[${index}] has no string "message"`,
        'expected the JSON that `aws logs filter-log-events` or `get-log-events` prints',
      );
    }
    const stream = stringAt(raw, STREAM_KEYS);
    const group = stringAt(raw, GROUP_KEYS);
    const timestamp = Number(raw.timestamp);
    const event: LogEvent = {
      id: typeof raw.eventId === 'string' ? raw.eventId : `${name}#${index}`,
      timestamp: Number.isFinite(timestamp) ? timestamp : 0,
      message: raw.message,
    };
    const key = `${group ?? ''}\n${stream ?? ''}`;
    const batch = byStream.get(key);
    if (batch) batch.events.push(event);
    else byStream.set(key, { group, stream, events: [event] });
  });
  return [...byStream.values()].map(({ group, stream, events: streamEvents }) => ({
    source: {
      ...(group === undefined ? {} : { logGroup: group }),
      ...(stream === undefined ? {} : { logStream: stream }),
      name,
    },
    events: streamEvents,
  }));
}

/** A line with nothing on it but white space and Markdown quote marks. */
const BLANK_OR_QUOTE_MARKS = /^[\s>]*$/;
const INDENT_OR_QUOTE_MARKS = /^[ \t>]*/;

/**
 * The input without the indentation or Markdown quote marks (`> `) that every line of it shares: a
 * whole input pasted from a document's indented code block or quote reads as the logs it holds.
 */
function withoutCommonIndent(text: string): string {
  let common: string | undefined;
  let at = 0;
  while (at <= text.length) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end < 0 ? text.length : end);
    at = end < 0 ? text.length + 1 : end + 1;
    if (BLANK_OR_QUOTE_MARKS.test(line)) continue;
    const indent = INDENT_OR_QUOTE_MARKS.exec(line)?.[0] ?? '';
    let shared = 0;
    const known = common ?? indent;
    while (shared < known.length && shared < indent.length && known[shared] === indent[shared]) shared++;
    common = known.slice(0, shared);
    if (common === '') return text;
  }
  if (common === undefined) return text;
  const prefix = common;
  return text
    .split('\n')
    .map((line) =>
      line.startsWith(prefix) ? line.slice(prefix.length) : line.replace(BLANK_OR_QUOTE_MARKS, ''),
    )
    .join('\n');
}

/** Whether `text` from `from` to `to` holds only spaces, tabs and carriage returns (no regex: it may run on every line). */
function isBlankBetween(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) {
    const c = text.charCodeAt(at);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * The input without the blank line a page or chat put after every line of it (double-spaced text,
 * where one blank line of the log became three): only when, from its first non-blank line to its
 * end, every other line is blank, and most of its non-blank lines stand one blank line apart, not
 * three or more; a log with blank lines of its own reads as before. Most inputs fail on their second
 * line, so a large log costs nothing here.
 */
function singleSpaced(text: string): string {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    if (end < 0 || !isBlankBetween(text, start, end)) break;
    start = end + 1;
  }
  const kept: string[] = [];
  let lastContent = -1;
  let oneApart = 0;
  let furtherApart = 0;
  for (let at = start, line = 0; at <= text.length; line++) {
    const next = text.indexOf('\n', at);
    const end = next < 0 ? text.length : next;
    const blank = isBlankBetween(text, at, end);
    if (line % 2 === 1 && !blank) return text;
    if (line % 2 === 0) kept.push(text.slice(at, end));
    if (!blank) {
      if (lastContent >= 0 && line - lastContent === 2) oneApart++;
      else if (lastContent >= 0) furtherApart++;
      lastContent = line;
    }
    at = end + 1;
  }
  return oneApart > furtherApart ? text.slice(0, start) + kept.join('\n') : text;
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;
/** The list marks a Markdown list item starts with: bullets, and the ends of an ordered item's number. */
const LIST_MARKS = new Set(['-', '*', '+', '.', ')'].map((c) => c.charCodeAt(0)));

/**
 * Where a Markdown list item's mark on the line from `at` to `end` ends (`- `, `* `, `+ `, `1. `,
 * `12) `: past the bullet or the number's `.` or `)`), when a space or the line's end follows it;
 * -1 when the line is no list item. Character codes, not a regex: it may run on every line.
 */
function listMarkEnd(text: string, at: number, end: number): number {
  let next = at;
  while (next < end && next - at < 9 && text.charCodeAt(next) >= DIGIT_0 && text.charCodeAt(next) <= DIGIT_9)
    next++;
  const mark = text.charCodeAt(next);
  const ordered = next > at;
  if (next >= end || !LIST_MARKS.has(mark) || ordered !== (mark === 46 || mark === 41)) return -1;
  next++;
  const after = text.charCodeAt(next);
  return next === end || after === 32 || (after === 13 && next + 1 === end) ? next : -1;
}

/**
 * The input without the Markdown list marks every non-blank line of it carries, all of one kind
 * (all `- `, all `* `, all `+ `, or all numbered with `.`, or with `)`): text pasted from notes
 * that made each log line a list item, so a pretty-printed object's or a table's lines are read
 * together again. No log line starts so (an access line starts with an IP, `{` or a field, an
 * execution line with `(` or a stamp), so one line without a mark leaves the input as it is; a
 * YAML list item (`- body: …`) is followed by lines without one. Most inputs fail on their first
 * line, so a large log costs nothing here.
 */
function withoutListMarks(text: string): string {
  const kept: string[] = [];
  let kind = -1;
  for (let at = 0; at <= text.length; ) {
    const next = text.indexOf('\n', at);
    const end = next < 0 ? text.length : next;
    if (isBlankBetween(text, at, end)) kept.push(text.slice(at, end));
    else {
      const markEnd = listMarkEnd(text, at, end);
      if (markEnd < 0) return text;
      const mark = text.charCodeAt(markEnd - 1);
      if (kind >= 0 && mark !== kind) return text;
      kind = mark;
      kept.push(text.slice(Math.min(markEnd + 1, end), end));
    }
    at = end + 1;
  }
  return kind < 0 ? text : kept.join('\n');
}

/** Decides what one input is and turns it into batches. Pure: the caller reads the bytes. */
/** A Markdown code fence's line: three backticks or tildes, maybe a language (```json, ~~~log). */
const FENCE_LINE = /^[ \t]*(?:```|~~~)[\w-]*[ \t]*\r?$/;

/**
 * The text inside a Markdown code fence, when the whole input is one fenced block (a log pasted into
 * an issue): a JSON document or a test-invoke output in it is then recognised as without the fence.
 * Several blocks, or prose around one, stay as they are, for the line reader.
 */
function unfenced(text: string): string {
  // The first and last lines are looked at before any split: most inputs are no fenced block, and a
  // large log file should not be split into lines twice.
  const trimmed = text.trim();
  const firstEnd = trimmed.indexOf('\n');
  const lastStart = trimmed.lastIndexOf('\n');
  if (firstEnd < 0 || lastStart <= firstEnd) return text;
  if (!FENCE_LINE.test(trimmed.slice(0, firstEnd)) || !FENCE_LINE.test(trimmed.slice(lastStart + 1)))
    return text;
  const inner = trimmed.slice(firstEnd + 1, lastStart);
  return inner.split('\n').some((line) => FENCE_LINE.test(line)) ? text : inner;
}

/** `checkpoint` is called every few thousand lines of raw text (see Checkpoint); it may throw to stop. */
export function parseInput(input: string, name: string, checkpoint?: Checkpoint): ParsedInput {
  // Lines ended by a carriage return alone (classic Mac OS, some clipboards): only when no line feed
  // is there, since a CR inside a line of LF-ended text may be a message's own.
  const lined = input.includes('\r') && !input.includes('\n') ? input.replace(/\r/g, '\n') : input;
  // Text copied from a rich-text page or chat may carry no-break spaces where the log had spaces.
  const spaced = lined.includes('\u00a0') ? lined.replace(/\u00a0/g, ' ') : lined;
  const text = withoutListMarks(withoutCommonIndent(unfenced(singleSpaced(spaced))));
  const trimmed = text.trim();
  const strings = bareAwslogsData(trimmed);
  if (strings !== undefined) {
    const told = newTold();
    // Lines are counted from the first that is not blank, as the trimmed input's are.
    const before = text.slice(0, text.length - text.trimStart().length).split('\n').length - 1;
    const batches = strings.flatMap(({ data, line }) => {
      const where = strings.length === 1 ? name : `${name} line ${before + line}`;
      return decodeEnvelope({ awslogs: { data } }, INPUT_KIND.lambdaEvent, name, where, told);
    });
    const read = withTold({ kind: INPUT_KIND.lambdaEvent, batches }, told);
    return { ...read, kind: INPUT_KIND.awslogsData };
  }
  // Whether the input parsed as one JSON document: then it is no sequence of them.
  let oneDocument = false;
  if (trimmed.startsWith('{')) {
    const whole = tryJson(trimmed);
    oneDocument = whole !== undefined;
    const kind = envelopeOf(whole);
    if (kind !== undefined) {
      const told = newTold();
      return withTold({ kind, batches: decodeEnvelope(whole, kind, name, name, told) }, told);
    }
    // Not one JSON document: maybe one envelope per line. The first line decides, so a file of
    // JSON access-log lines stays raw text.
    const end = trimmed.indexOf('\n');
    const firstLine = end === -1 ? trimmed : trimmed.slice(0, end);
    if (envelopeOf(tryJson(firstLine)) !== undefined) {
      const told = newTold();
      const lines = jsonLines(text, name, told);
      if (Array.isArray(lines)) return withTold({ kind: INPUT_KIND.jsonLines, batches: lines }, told);
      // A line of text among them: a terminal copy that took the shell prompt after `jq -c` output.
      // Read as the pretty-printed output followed by text is: each document, then the text, named.
      const documentsFirst = documentsAndText(text, name, checkpoint);
      if (documentsFirst !== undefined) return documentsFirst;
      throw notJsonLine(lines.where);
    }
  }
  // `aws logs filter-log-events --query 'events[].message'` in its default JSON output: each
  // string is one event's message, escapes and line breaks included. `[]` is what it prints when no
  // event matched: an input without events, refused as one, not a line counted unparsed.
  if (trimmed.startsWith('[')) {
    const messages = tryJson(trimmed);
    oneDocument = messages !== undefined;
    if (isMessageArray(messages) && messages.length > 0 && messages.every(isQueueBody)) {
      // `aws sqs receive-message --query 'Messages[].Body'`: the failure queue's bodies alone.
      const told = newTold();
      const batches = messages.flatMap((body, i) =>
        messageBatches(body, name, `${name} message ${i + 1}`, told),
      );
      return withTold({ kind: INPUT_KIND.receiveMessage, batches }, told);
    }
    if (isMessageArray(messages))
      return { kind: INPUT_KIND.messageArray, batches: [messageArrayBatch(messages, name)] };
  }
  const printed = oneDocument ? undefined : awsPrintedOutput(text, name, checkpoint);
  if (printed !== undefined) return printed;
  if (!oneDocument) refuseCutDocument(trimmed, name);
  // Only once the input read as no one document: two exports saved into one file, one pasted twice.
  const documents = oneDocument ? undefined : documentSequence(trimmed, name);
  if (documents !== undefined) return documents;
  const documentsFirst = oneDocument ? undefined : documentsAndText(text, name, checkpoint);
  if (documentsFirst !== undefined) return documentsFirst;
  const amidProse = envelopeAmidProse(text, name);
  if (amidProse !== undefined) return amidProse;
  if (isAwsTextOutput(text))
    return { kind: INPUT_KIND.awsTextOutput, batches: awsTextOutputBatches(text, name) };
  if (isExportedCsv(trimmed))
    return { kind: INPUT_KIND.exportedCsv, batches: exportedCsvBatches(trimmed, name) };
  if (hasInsightsTable(text)) {
    const { batches, skipped } = insightsTableBatches(text, name);
    return { kind: INPUT_KIND.insightsTable, batches, ...(skipped.length > 0 && { skipped }) };
  }
  return { kind: INPUT_KIND.rawText, batches: [rawTextBatch(text, name, checkpoint)] };
}

/**
 * How each JSON output this reader knows starts, as its writer prints it: the first key of the
 * object (and, for a key an access line may open with too, a key only that output holds further on),
 * or of the first event of an array of them (`--query 'events'`); a string for `--query 'events[].message'`.
 * Not test-invoke output: cut inside its log, it is read up to the cut (cut-test-invoke.ts).
 */
const CUT_OPENINGS: readonly {
  readonly kind: Envelope | typeof INPUT_KIND.messageArray;
  readonly opening: RegExp;
  readonly holds?: RegExp;
}[] = [
  { kind: INPUT_KIND.lambdaEvent, opening: /^\{\s*"awslogs"\s*:/ },
  { kind: INPUT_KIND.payload, opening: /^\{\s*"messageType"\s*:/ },
  { kind: INPUT_KIND.receiveMessage, opening: /^\{\s*"Messages"\s*:/ },
  {
    kind: INPUT_KIND.invocationRecord,
    opening: /^\{\s*"version"\s*:/,
    // An API Gateway proxy event opens with a version and a requestContext too, but no invoke count.
    holds: /"(?:condition|approximateInvokeCount)"\s*:/,
  },
  { kind: INPUT_KIND.filterLogEvents, opening: /^\{\s*"events"\s*:/ },
  { kind: INPUT_KIND.queryResults, opening: /^\{\s*"results"\s*:/ },
  { kind: INPUT_KIND.filterLogEvents, opening: /^\[\s*\{\s*"logStreamName"\s*:/ },
  { kind: INPUT_KIND.filterLogEvents, opening: /^\[\s*\{\s*"timestamp"\s*:/, holds: /"ingestionTime"\s*:/ },
  { kind: INPUT_KIND.messageArray, opening: /^\[\s*"/ },
];

/** How far into a cut document CUT_OPENINGS' `holds` is looked for: an invocation record's invoke count comes early. */
const CUT_HOLDS_CHARS = 4096;
/** How far CUT_OPENINGS' `opening` is looked for: a first key, or an array's first event's, with the AWS CLI's indent. */
const CUT_OPENING_CHARS = 120;

/** The JSON output this reader knows that the text at `at` starts as, judged by its start alone. */
function shapeAt(text: string, at: number): (typeof CUT_OPENINGS)[number] | undefined {
  const first = text.charCodeAt(at);
  if (first !== 123 /* { */ && first !== 91 /* [ */) return undefined;
  // Slices, not the whole text: this is asked at each line of text after a document that opens one.
  const head = text.slice(at, at + CUT_OPENING_CHARS);
  return CUT_OPENINGS.find(
    ({ opening, holds }) =>
      opening.test(head) && (holds === undefined || holds.test(text.slice(at, at + CUT_HOLDS_CHARS))),
  );
}

/** A list of messages as the AWS CLI prints one (`--query 'events[].message'`): `[` alone, then an indented string. */
const PRINTED_MESSAGE_ARRAY = /^\[[ \t]*\r?\n[ \t]+"/;

/**
 * shapeAt for a document after the first: a list of messages only as the AWS CLI prints one, since
 * an application's line may open with `["` (`["alpha","beta"] were dropped …`).
 */
function laterShapeAt(text: string, at: number): (typeof CUT_OPENINGS)[number] | undefined {
  const shape = shapeAt(text, at);
  return shape?.kind === INPUT_KIND.messageArray &&
    !PRINTED_MESSAGE_ARRAY.test(text.slice(at, at + CUT_OPENING_CHARS))
    ? undefined
    : shape;
}

/** The refusal of a JSON output of a known shape that never closes; `which` places it among others. */
function cutDocument(name: string, kind: CutShape, which = ''): InputError {
  return new InputError(
    `${name}: ${kind}${which} whose JSON ends mid-value`,
    'save or export it again; the file looks cut short',
  );
}

type CutShape = (typeof CUT_OPENINGS)[number]['kind'];

/**
 * Refuses an input that starts as one of the JSON outputs this reader knows but whose first value
 * never closes: an export cut short (a copy that stopped, an interrupted download), whose structure
 * read as text would be counted unparsed and its events half read, with no word of the cut. JSON
 * Lines, and text whose first object closes, are left to the readers after.
 */
function refuseCutDocument(trimmed: string, name: string): void {
  const shape = shapeAt(trimmed, 0);
  if (shape === undefined || valueEnd(trimmed, 0) >= 0) return;
  throw cutDocument(name, shape.kind);
}

/** Base64 of gzip's first bytes (1f 8b 08): every gzip stream's, as every `awslogs.data` starts. */
const BASE64_GZIP_START = 'H4sI';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The widest lines base64 wraps at (`base64`, MIME, Python; openssl wraps at 64): no payload's data is that short. */
const BASE64_WRAP_MAX = 76;

/** The input's non-blank lines, each without its line end and the quotes `jq` without -r prints. */
function dataLines(trimmed: string): { readonly text: string; readonly line: number }[] {
  // One quoted string wrapped in lines loses its outer quotes alone, as one on one line does.
  const inner = trimmed.slice(1, -1);
  const whole =
    trimmed.length > 1 && trimmed.startsWith('"') && trimmed.endsWith('"') && !inner.includes('"');
  return (whole ? inner : trimmed)
    .split('\n')
    .map((raw, i) => {
      const text = raw.trim();
      const quoted = text.length > 1 && text.startsWith('"') && text.endsWith('"');
      return { text: quoted ? text.slice(1, -1) : text, line: i + 1 };
    })
    .filter(({ text }) => text !== '');
}

/** Lines of one width of at most BASE64_WRAP_MAX, the last no longer: one string as base64 wraps it. */
function isWrapped(lines: readonly { readonly text: string }[]): boolean {
  const width = lines[0]?.text.length ?? 0;
  return (
    width <= BASE64_WRAP_MAX &&
    lines.every(({ text }, i) => (i === lines.length - 1 ? text.length <= width : text.length === width))
  );
}

/**
 * The input as subscription events' `awslogs.data`, when the whole of it is base64 of gzip: the
 * data saved alone (`jq -r .awslogs.data`), maybe wrapped in lines (`base64` wraps at 76) or
 * quoted as a JSON string (`jq` without -r); or several, one per line, as `jq -r .awslogs.data` prints
 * a file of events: each line that starts as gzip does starts another, save in lines wrapped as
 * base64 wraps, where one may start so by chance. Each string comes with the line it starts on.
 * Anything else (base64 among log lines) is left as text.
 */
function bareAwslogsData(trimmed: string): { readonly data: string; readonly line: number }[] | undefined {
  if (!(trimmed.startsWith('"') ? trimmed.slice(1) : trimmed).startsWith(BASE64_GZIP_START)) return undefined;
  const lines = dataLines(trimmed);
  if (!lines.every(({ text }) => BASE64.test(text))) return undefined;
  const starts = lines.filter(({ text }) => text.startsWith(BASE64_GZIP_START)).length;
  if (starts < 2 || isWrapped(lines)) return [{ data: lines.map(({ text }) => text).join(''), line: 1 }];
  const strings: { data: string; line: number }[] = [];
  for (const { text, line } of lines) {
    const current = strings[strings.length - 1];
    if (current === undefined || text.startsWith(BASE64_GZIP_START)) strings.push({ data: text, line });
    else current.data += text;
  }
  return strings;
}

/** A line that opens a JSON document: `{` or `[` alone, or an object's first key. */
const DOCUMENT_OPEN = /^[ \t]*(?:[{[][ \t]*|\{".*)$/;
/** A line that closes one: `}` or `]` alone, or an object's last value. */
const DOCUMENT_CLOSE = /^[ \t]*(?:[}\]][ \t]*|.*\})\r?$/;
/** How many lines of a page's own sentences may stand before or after the document. */
const PROSE_LINES = 20;

/**
 * A whole JSON document (a subscription payload, a Logs Insights result) pasted under or above a
 * page's own sentences ("The payload was:"): the document from its first opening line to its last
 * closing line, read as it would be alone; the sentences are read as raw text, so they are counted,
 * not dropped. Only when that span parses as one of the envelopes this reader knows, and only the
 * first and last few lines are looked at, so a large log file costs nothing here.
 */
function envelopeAmidProse(text: string, name: string): ParsedInput | undefined {
  let from = -1;
  for (let at = 0, line = 0; at < text.length && line <= PROSE_LINES; line++) {
    const next = text.indexOf('\n', at);
    const stop = next === -1 ? text.length : next;
    if (line > 0 && DOCUMENT_OPEN.test(text.slice(at, stop))) {
      from = at;
      break;
    }
    at = stop + 1;
  }
  if (from < 0) return undefined;
  let to = -1;
  for (let stop = text.length, line = 0; stop > from && line <= PROSE_LINES; line++) {
    const previous = text.lastIndexOf('\n', stop - 1);
    const at = Math.max(previous + 1, from);
    if (DOCUMENT_CLOSE.test(text.slice(at, stop))) {
      to = stop;
      break;
    }
    stop = previous;
  }
  if (to < 0) return undefined;
  const span = text.slice(from, to);
  const document = tryJson(span);
  const kind = envelopeOf(document);
  const told = newTold();
  // JSON Lines under the command line that printed them: read line by line, whatever their number,
  // as JSON Lines alone are (MAX_DOCUMENTS bounds documents that span lines).
  const lines = kind === undefined ? jsonLines(span, name, told, lineOf(text, from) - 1) : undefined;
  const read: ParsedInput | undefined =
    kind !== undefined
      ? withTold({ kind, batches: decodeEnvelope(document, kind, name, name, told) }, told)
      : Array.isArray(lines) && lines.length > 0
        ? withTold({ kind: INPUT_KIND.jsonLines, batches: lines }, told)
        : documentSequence(span, name);
  if (read === undefined) return undefined;
  const prose = `${text.slice(0, from)}${text.slice(to)}`;
  return prose.trim() === '' ? read : { ...read, batches: [...read.batches, rawTextBatch(prose, name)] };
}

function isMessageArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((m) => typeof m === 'string');
}

function messageArrayBatch(messages: readonly string[], name: string): LogBatch {
  const events = messages.map((message, i) => ({ id: `${name}:${i + 1}`, timestamp: 0, message }));
  return { source: { name }, events };
}

/** Whether a JSON value is a document this reader reads: one of its envelopes, or an array of messages. */
function isKnownDocument(value: unknown): boolean {
  return envelopeOf(value) !== undefined || isMessageArray(value);
}

/** A document's batches, read as it would be alone. */
function documentBatches(value: unknown, name: string, where: string, told: Told): LogBatch[] {
  const kind = envelopeOf(value);
  if (kind !== undefined) return decodeEnvelope(value, kind, name, where, told);
  return isMessageArray(value) ? [messageArrayBatch(value, name)] : [];
}

/**
 * Whole JSON documents one after another (two `filter-log-events` outputs saved with `>>`, two
 * Insights results, a payload pasted twice; pretty-printed or compact, with or without a line
 * between): each read as it would be alone, all of them. The input's kind is the first's.
 */
function documentSequence(text: string, name: string): ParsedInput | undefined {
  const documents = jsonSequence(text, isKnownDocument);
  if (documents === undefined) return undefined;
  const told = newTold();
  const batches = documents.flatMap((value, i) =>
    documentBatches(value, name, `${name} document ${i + 1}`, told),
  );
  return withTold(
    { kind: envelopeOf(documents[0]) ?? INPUT_KIND.messageArray, batches: bySource(batches) },
    told,
  );
}

/** The 1-based line of each offset asked, offsets asked in increasing order: the text is counted once. */
function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    for (let i = text.indexOf('\n', at); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    at = Math.max(at, offset);
    return line;
  };
}

/** Where a line's text starts past its indent of spaces and tabs, from `at`, its start. */
function pastIndent(text: string, at: number): number {
  let past = at;
  while (text.charCodeAt(past) === 32 || text.charCodeAt(past) === 9) past++;
  return past;
}

/**
 * How test-invoke-method and test-invoke-authorizer output starts as the AWS CLI prints it: `{` alone,
 * then its first key and a number. Not among CUT_OPENINGS, since one cut inside its log is read up to
 * the cut (cut-test-invoke.ts) and a JSON access line may open with `status` too: it starts a later
 * document only when it closes as one. Printed so, not merely opening so: where it is sought for the
 * end of its value, a log of JSON access lines each cut short (`{"status":403,…` at 1024 bytes) would
 * be scanned to its end from every line. Printed on one line, it is found as any output is
 * (wholeDocumentEnd).
 */
const TEST_INVOKE_OPENING = /^\{[ \t]*\r?\n[ \t]*"(?:status|clientStatus)"[ \t]*:[ \t]*\d/;

/**
 * A key one of the outputs this reader knows holds (envelopeOf): a line without any is no document of
 * them, and is not parsed to find out (the text after a document may be a log of JSON access lines).
 */
const ENVELOPE_KEY = /"(?:awslogs|requestContext|Messages|logEvents|events|results|log)"\s*:/;

/**
 * Where a later document that is read only when whole ends, when one starts at `at` and closes: a
 * test-invoke output (TEST_INVOKE_OPENING), or any output this reader knows printed on one line
 * (`jq -c`, JSON Lines), whatever its first key. -1 otherwise: the line is text.
 */
function wholeDocumentEnd(text: string, at: number): number {
  if (text.charCodeAt(at) !== 123 /* { */) return -1;
  if (TEST_INVOKE_OPENING.test(text.slice(at, at + CUT_OPENING_CHARS))) return valueEnd(text, at);
  const lineEnd = text.indexOf('\n', at);
  const line = text.slice(at, lineEnd < 0 ? text.length : lineEnd).trimEnd();
  return line.endsWith('}') && ENVELOPE_KEY.test(line) ? at + line.length : -1;
}

/**
 * A later document at `at`: one that opens as the AWS CLI prints an output (laterShapeAt; `cut` when it
 * never closes, to be refused), or one read only when whole (wholeDocumentEnd). `value` is the parsed
 * JSON when it closes.
 */
function laterDocumentAt(
  text: string,
  at: number,
): { readonly shape?: CutShape; readonly end: number; readonly value?: unknown } {
  const shape = laterShapeAt(text, at)?.kind;
  const end = shape === undefined ? wholeDocumentEnd(text, at) : valueEnd(text, at);
  return { shape, end, ...(end >= 0 && { value: tryJson(text.slice(at, end)) }) };
}

/** Whether a later document starts at `at`: one refused when cut, or a whole one this reader knows. */
function startsLaterDocument(text: string, at: number): boolean {
  const { shape, value } = laterDocumentAt(text, at);
  return shape !== undefined || isKnownDocument(value);
}

/** The start of the first line after `from` whose text (past its indent) starts a later document, or the text's end. */
function nextDocumentLine(text: string, from: number): number {
  for (let end = text.indexOf('\n', from); end >= 0; end = text.indexOf('\n', end + 1)) {
    if (startsLaterDocument(text, pastIndent(text, end + 1))) return end + 1;
  }
  return text.length;
}

/**
 * An input that starts with a whole JSON document this reader knows and holds other text after it:
 * a terminal copy that took the shell prompt after the output (and maybe the next command and its
 * output), an export saved with `>>` after another that was cut short. Each document is read as it
 * would be alone, so the first one's events are never lost; text after a document is read as raw
 * text (counted unparsed unless it holds log lines), each stretch named in a note; a document after
 * the first that starts as a known output but never closes is refused, as a cut first one is.
 * Undefined when the input does not start with a known document that closes.
 */
function documentsAndText(text: string, name: string, checkpoint?: Checkpoint): ParsedInput | undefined {
  const start = skipSpace(text, 0);
  const firstEnd = opensValue(text.charCodeAt(start)) ? valueEnd(text, start) : -1;
  if (firstEnd < 0) return undefined;
  const first = tryJson(text.slice(start, firstEnd));
  if (!isKnownDocument(first)) return undefined;
  const lineAt = lineCounter(text);
  const told = newTold();
  const batches = documentBatches(first, name, `${name} document 1`, told);
  let documents = 1;
  // MAX_DOCUMENTS bounds documents that span lines (pretty-printed outputs); a line of JSON Lines is
  // one small output, read whatever their number, as JSON Lines without the stray line are.
  let spanning = isJsonLinesLine(text, start, firstEnd) ? 0 : 1;
  const stretches: string[] = [];
  let at = skipSpace(text, firstEnd);
  while (at < text.length) {
    // Past the first, only outputs that start as the AWS CLI prints them, whole test-invoke output
    // and known outputs on one line are documents: a JSON access line among the text after one
    // stays a line of it.
    const { shape, end, value } = laterDocumentAt(text, at);
    if (shape !== undefined && end < 0)
      throw cutDocument(name, shape, ` (document ${documents + 1}, from line ${lineAt(at)})`);
    if (isKnownDocument(value)) {
      if (!isJsonLinesLine(text, at, end) && ++spanning > MAX_DOCUMENTS) throw tooManyDocuments();
      documents++;
      for (const batch of documentBatches(value, name, `${name} document ${documents}`, told))
        batches.push(batch);
      at = skipSpace(text, end);
      continue;
    }
    const next = nextDocumentLine(text, at);
    const from = lineAt(at);
    const stretch = text.slice(at, next);
    const last = next === text.length;
    const to = lineAt(at + stretch.trimEnd().length);
    const where = last
      ? `line ${from} on follows`
      : from === to
        ? `line ${from} follows`
        : `lines ${from}–${to} follow`;
    told.notes.push(
      `${name} ${where} the JSON ${documents === 1 ? 'document' : 'documents'} above; read as log text`,
    );
    stretches.push(stretch);
    // Past the indent nextDocumentLine looked past: an export printed indented still opens there.
    at = pastIndent(text, next);
  }
  if (stretches.length === 0) return undefined;
  const read = withTold(
    { kind: envelopeOf(first) ?? INPUT_KIND.messageArray, batches: bySource(batches) },
    told,
  );
  return { ...read, batches: [...read.batches, rawTextBatch(stretches.join('\n'), name, checkpoint)] };
}

/**
 * Whether the document from `at` to `end` is a line of its own, as in JSON Lines: no line break inside
 * it, and only white space before it and after it on its line.
 */
function isJsonLinesLine(text: string, at: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  if (text.slice(lineStart, at).trim() !== '') return false;
  const lineEnd = text.indexOf('\n', end);
  if (text.lastIndexOf('\n', end - 1) >= at) return false;
  return text.slice(end, lineEnd < 0 ? text.length : lineEnd).trim() === '';
}

/**
 * Batches of one source (log group, stream and input) as one: the events of one stream stay
 * together, and tests the console named alike (`test-request`) in two outputs stay two requests,
 * numbered as in one output (lines are joined across batches by their request id).
 */
function bySource(batches: readonly LogBatch[]): LogBatch[] {
  const merged = new Map<string, { source: LogBatch['source']; events: LogEvent[] }>();
  for (const { source, events } of batches) {
    const key = `${source.logGroup ?? ''}\n${source.logStream ?? ''}\n${source.name ?? ''}`;
    const batch = merged.get(key);
    if (batch === undefined) merged.set(key, { source, events: [...events] });
    else for (const event of events) batch.events.push(event);
  }
  return [...merged.values()];
}

/**
 * A shell command line a terminal copy holds above the output: a prompt's mark (`$`, `%`, `>`, after
 * the prompt's own text, or PowerShell's `PS …>`) and a command, or the `aws` command alone.
 */
const COMMAND_LINE = /^(?:PS [^>]*>|[^\s$%>]*[$%>])\s+\S|^aws\s/;

/**
 * The shell command lines (and blank lines among them) the text starts with: how many lines, and
 * where the text after them starts. Found line by line, so a large log is not split here.
 */
function commandLinesBefore(text: string): { readonly lines: number; readonly end: number } {
  let lines = 0;
  let end = 0;
  let count = 0;
  for (let at = 0; at < text.length; ) {
    const next = text.indexOf('\n', at);
    const stop = next < 0 ? text.length : next + 1;
    const line = text.slice(at, stop);
    count++;
    if (line.trim() !== '') {
      if (!COMMAND_LINE.test(line)) break;
      lines = count;
      end = stop;
    }
    at = stop;
  }
  return { lines, end };
}

/** The 1-based line of the text that offset `at` is on. */
function lineOf(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The text from its 0-based line `line` on. */
function fromLine(text: string, line: number): string {
  let at = 0;
  for (let n = 0; n < line && at >= 0; n++) at = text.indexOf('\n', at) + 1 || -1;
  return at < 0 ? '' : text.slice(at);
}

/**
 * An export the AWS CLI printed as YAML or as a table: its pages read as their JSON would be. A
 * terminal copy of one may hold the command line above it and the shell prompt after it, maybe the
 * next command and its output: those lines are read as log text (counted unparsed unless they hold
 * log lines), each stretch named in a note, as text after a JSON export is; a later output is read
 * as the first is.
 */
function awsPrintedOutput(text: string, name: string, checkpoint?: Checkpoint): ParsedInput | undefined {
  const pages: Record<string, unknown>[] = [];
  const notes: string[] = [];
  const stretches: string[] = [];
  let kind: InputKind | undefined;
  let output = '';
  let rest = text;
  /** The 1-based line of the input `rest` starts at. */
  let line = 1;
  for (;;) {
    const { lines: lead, end } = commandLinesBefore(rest);
    const body = rest.slice(end);
    const yaml = awsYamlOutputDocuments(body, name);
    const read = yaml ?? awsTableOutputDocuments(body, name);
    if (read === undefined) {
      if (kind === undefined) return undefined;
      // A bare prompt or a sentence between two tables: text, then the next table is read too.
      const next = awsTableStart(rest);
      if (next !== undefined && next > 0) {
        const which = next === 1 ? `line ${line}` : `lines ${line}–${line + next - 1}`;
        notes.push(`${name} ${which} ${next === 1 ? 'follows' : 'follow'} the ${output}; read as log text`);
        stretches.push(rest.split('\n', next).join('\n'));
        line += next;
        rest = fromLine(rest, next);
        continue;
      }
      notes.push(`${name} line ${line} on follows the ${output}; read as log text`);
      stretches.push(rest);
      break;
    }
    const thisOutput = `AWS CLI --output ${yaml === undefined ? 'table' : 'yaml'} export`;
    if (lead > 0) {
      const which = lead === 1 ? `line ${line}` : `lines ${line}–${line + lead - 1}`;
      // Above the first output, its command; between two, the prompt and the next command.
      const where =
        kind === undefined
          ? `${lead === 1 ? 'precedes' : 'precede'} the ${thisOutput}`
          : `${lead === 1 ? 'follows' : 'follow'} the ${output}`;
      notes.push(`${name} ${which} ${where}; read as log text`);
      stretches.push(rest.slice(0, end).trimEnd());
    }
    kind ??= yaml === undefined ? INPUT_KIND.awsTableOutput : INPUT_KIND.awsYamlOutput;
    output = thisOutput;
    // Loops, not push(...): yaml-stream may hold more pages than one call takes arguments.
    for (const page of read.pages) pages.push(page);
    // A reader names a line past its first, so each turn reads further.
    if (read.textFrom === undefined || read.textFrom <= 0) break;
    line += lead + read.textFrom;
    rest = fromLine(body, read.textFrom);
  }
  const told = newTold();
  for (const note of notes) told.notes.push(note);
  const where = (i: number) => (pages.length === 1 ? name : `${name} document ${i + 1}`);
  const batches = pages.flatMap((page, i) => documentBatches(page, name, where(i), told));
  const printed = withTold({ kind, batches: bySource(batches) }, told);
  if (stretches.length === 0) return printed;
  return { ...printed, batches: [...printed.batches, rawTextBatch(stretches.join('\n'), name, checkpoint)] };
}

function awsTextOutputBatches(text: string, name: string): LogBatch[] {
  const events = awsTextOutputEvents(text);
  const bad = events.indexOf(undefined);
  if (bad >= 0) {
    throw new InputError(
      `${name}: EVENTS row ${bad + 1} does not end in a timestamp`,
      'expected `aws logs filter-log-events` or `get-log-events` printed with --output text and no --query; or give its JSON output',
    );
  }
  return filterOutputBatches({ events }, name, name);
}

/**
 * JSON Lines of the outputs this reader knows, each line read as it would be alone; the first line
 * that is none of them instead, named, for the caller to read the input another way.
 */
function jsonLines(
  text: string,
  name: string,
  told: Told,
  linesBefore = 0,
): LogBatch[] | { readonly where: string } {
  const batches: LogBatch[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const where = `${name} line ${linesBefore + index + 1}`;
    const value = tryJson(line);
    const kind = envelopeOf(value);
    if (kind === undefined) return { where };
    for (const batch of decodeEnvelope(value, kind, name, where, told)) batches.push(batch);
  }
  return batches;
}

function notJsonLine(where: string): InputError {
  return new InputError(
    `${where} is none of the JSON outputs this reader knows, unlike the first line`,
    'give JSON Lines of {"awslogs":…} events, decoded payloads, Lambda invocation records or aws logs outputs only, or plain log text in a separate file',
  );
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** What Windows tools write first: PowerShell 5's `>` and Notepad's "Unicode" are UTF-16LE. */
const UTF16_BOMS = [
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
] as const;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

const NOT_TEXT_HINT = 'give log text in UTF-8, UTF-16 with a byte-order mark, or a gzip of either';

/** An input's text, and how many NUL bytes of padding after it were dropped (to be told on stderr). */
export interface DecodedText {
  readonly text: string;
  readonly trailingNuls: number;
}

/** decodeBytes's text alone, its dropped NUL count not wanted (the tests' entry point). */
export function bytesToText(bytes: Buffer, name: string, maxBytes: number = MAX_INPUT_BYTES): string {
  return decodeBytes(bytes, name, maxBytes).text;
}

/**
 * Bytes to text; gzip files (exports, archived logs) are inflated, still within the size limit.
 * Text is UTF-8 (a byte-order mark is dropped) or UTF-16 behind its byte-order mark; binary data
 * (NUL bytes, mostly invalid UTF-8) is refused, since reading it as lines would only count mojibake.
 * A run of NULs ending the text (what a crashed or preallocating writer leaves) is dropped and counted.
 */
export function decodeBytes(bytes: Buffer, name: string, maxBytes: number = MAX_INPUT_BYTES): DecodedText {
  if (bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) return decodeText(bytes, name);
  let inflated: Buffer;
  try {
    inflated = gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError)
      throw inflatesTooLarge(name, maxBytes);
    throw new InputError(
      `${name} is gzip but cannot be inflated: ${(error as Error).message}`,
      'check the file is complete',
    );
  }
  return decodeText(inflated, `${name} (inflated)`, name, true);
}

/**
 * `file` is the name the user gave, for a hint's command; `name` may say the bytes were inflated,
 * and `gzipped` that the user's file holds them gzipped.
 */
function decodeText(bytes: Buffer, name: string, file: string = name, gzipped = false): DecodedText {
  const bom = UTF16_BOMS.find((b) => bytes[0] === b.bytes[0] && bytes[1] === b.bytes[1]);
  if (bom !== undefined) return decodeUtf16(bytes, bom.encoding, name);
  const padding = bytes[bytes.length - 1] === 0 ? trailingZeros(bytes) : 0;
  if (padding > 0) {
    // A tar ends in zero blocks, UTF-16LE text in a zero byte: what the bytes are is told before any
    // NUL is dropped, or a long log's tar would read as text with its header as a line.
    const known = binaryKind(bytes, hintName(file), gzipped);
    if (known !== undefined) throw new InputError(`${file} ${known.what}`, known.hint);
  }
  // Nothing but NULs is no text at all, and NULs inside what is left say it is no padded text (a
  // binary whose end is zeros): both are judged on the whole bytes below.
  const dropped =
    padding === bytes.length || bytes.subarray(0, bytes.length - padding).indexOf(0) !== -1 ? 0 : padding;
  const body = dropped === 0 ? bytes : bytes.subarray(0, bytes.length - dropped);
  const nul = body.indexOf(0);
  if (nul !== -1 && looksBinary(countOf(body, 0), body.length))
    throw notText(name, `a NUL byte at byte ${nul}`, bytes, file, gzipped);
  try {
    // Drops a UTF-8 byte-order mark (Notepad, PowerShell 7's utf8BOM) too.
    return { text: UTF8.decode(body), trailingNuls: dropped };
  } catch {
    // A log saved in Latin-1 with an accent here and there is a partly bad input: its lines are
    // read, the odd character replaced. Mostly invalid text is binary, and is refused.
    const text = body.toString('utf8').replace(/^\uFEFF/, '');
    if (looksBinary(replacements(text), text.length)) {
      throw notText(name, `invalid UTF-8 at byte ${firstInvalidUtf8(body)}`, bytes, file, gzipped);
    }
    return { text, trailingNuls: dropped };
  }
}

/**
 * UTF-16 behind its byte-order mark. NUL padding after it ends at the last byte that is not zero,
 * rounded up to a whole code unit: UTF-16LE's last character has its zero high byte after it.
 */
function decodeUtf16(bytes: Buffer, encoding: 'utf-16le' | 'utf-16be', name: string): DecodedText {
  let end = bytes.length;
  if (bytes[end - 1] === 0) {
    end -= trailingZeros(bytes);
    end += end % 2;
    // A byte-order mark before NULs alone keeps them, and is refused below for them.
    if (end <= 2) end = bytes.length;
  }
  let text: string;
  try {
    // The decoder drops the byte-order mark itself.
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, end));
  } catch {
    throw new InputError(
      `${name} starts with a UTF-16 byte-order mark but is not valid UTF-16 text`,
      're-save it as UTF-8',
    );
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) throw notText(name, `a NUL character at byte ${2 + 2 * nul}`);
  return { text, trailingNuls: bytes.length - end };
}

/** How many zero bytes end the bytes. */
function trailingZeros(bytes: Buffer): number {
  let at = bytes.length;
  while (at > 0 && bytes[at - 1] === 0) at -= 1;
  return bytes.length - at;
}

/**
 * Whether this many odd characters (NUL bytes, bytes that are not UTF-8) make an input binary rather
 * than text with stray ones: more than a tenth of it. A log saved in Latin-1 has an accent here and
 * there; binary data is mostly odd bytes.
 */
function looksBinary(odd: number, length: number): boolean {
  return odd * 10 > length;
}

function countOf(bytes: Buffer, byte: number): number {
  let count = 0;
  for (let at = bytes.indexOf(byte); at !== -1; at = bytes.indexOf(byte, at + 1)) count += 1;
  return count;
}

function replacements(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\uFFFD'); at !== -1; at = text.indexOf('\uFFFD', at + 1)) count += 1;
  return count;
}

/**
 * Binary data refused; when it is an archive, another compression than gzip, or UTF-16 that lost its
 * byte-order mark, the user is told so and given the command that makes log text of it (only gzip is
 * inflated here). Read only on refusal, so text pays nothing for it.
 */
function notText(
  name: string,
  detail: string,
  bytes?: Buffer,
  file: string = name,
  gzipped = false,
): InputError {
  const known = bytes === undefined ? undefined : binaryKind(bytes, hintName(file), gzipped);
  if (known !== undefined) return new InputError(`${file} ${known.what}`, known.hint);
  return new InputError(`${name} is not text: ${detail}`, NOT_TEXT_HINT);
}

/** The input as a hint's command names it: stdin has no name to give. */
function hintName(file: string): string {
  return file === 'stdin' ? 'FILE' : shellWord(file);
}

/**
 * A file name as one shell word, so the command a hint gives can be pasted as it is; one starting
 * with a dash as `./name`, or the command would read it as options.
 */
function shellWord(name: string): string {
  const path = name.startsWith('-') ? `./${name}` : name;
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

function startsWith(bytes: Buffer, magic: readonly number[], at = 0): boolean {
  return magic.every((byte, index) => bytes[at + index] === byte);
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
/** POSIX and GNU tar headers both hold "ustar" at offset 257. */
const TAR_MAGIC = [0x75, 0x73, 0x74, 0x61, 0x72];
const STREAM_COMPRESSIONS = [
  { magic: [0x42, 0x5a, 0x68], what: 'bzip2', cat: 'bzcat' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'xz', cat: 'xzcat' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd', cat: 'zstdcat' },
] as const;

function binaryKind(
  bytes: Buffer,
  file: string,
  gzipped: boolean,
): { what: string; hint: string } | undefined {
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC))
    return {
      what: 'is a zip archive, not log text',
      hint: `unzip it and give the folder: unzip ${file} -d logs && apigw-errors classify logs`,
    };
  if (startsWith(bytes, TAR_MAGIC, 257))
    return {
      what: 'is a tar archive, not log text',
      hint: `extract it and give the folder: mkdir logs && tar xf ${file} -C logs && apigw-errors classify logs`,
    };
  const compression = STREAM_COMPRESSIONS.find((c) => startsWith(bytes, c.magic));
  if (compression !== undefined)
    return {
      what: `is ${compression.what}-compressed, not log text`,
      hint: `only gzip is inflated here: ${compression.cat} ${file} | apigw-errors classify`,
    };
  // ASCII text in UTF-16 has a NUL beside every character; which side says the byte order.
  const le = bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0;
  const be = bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0;
  if (bytes.length % 2 === 0 && (le || be)) {
    const encoding = le ? 'UTF-16LE' : 'UTF-16BE';
    // iconv reads bytes as they are: a gzipped file is inflated first.
    const convert = `iconv -f ${encoding} -t UTF-8`;
    return gzipped
      ? {
          what: `is gzip-compressed ${encoding} text without a byte-order mark`,
          hint: `inflate and convert it: zcat ${file} | ${convert} | apigw-errors classify`,
        }
      : {
          what: `is ${encoding} text without a byte-order mark`,
          hint: `re-save it as UTF-8, or convert it: ${convert} ${file} | apigw-errors classify`,
        };
  }
  return undefined;
}

/**
 * The offset of the first byte that is not valid UTF-8. Node's lenient decoder writes U+FFFD for
 * each bad sequence; one that the bytes really spell (EF BF BD) is skipped.
 */
function firstInvalidUtf8(bytes: Buffer): number {
  const text = bytes.toString('utf8');
  let offset = 0;
  let from = 0;
  for (let index = text.indexOf('\uFFFD'); index !== -1; index = text.indexOf('\uFFFD', index + 1)) {
    offset += Buffer.byteLength(text.slice(from, index));
    if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd) return offset;
    offset += 3;
    from = index + 1;
  }
  return offset;
}

function tooLarge(name: string, maxBytes: number): InputError {
  return new InputError(
    `${name} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; refused`,
    'split it, or pull a shorter time range with --log-group and --since/--until',
  );
}

/** A gzip file whose text is over the limit: the file itself may be a few MB, so its size is not named. */
function inflatesTooLarge(name: string, maxBytes: number): InputError {
  return new InputError(
    `${name} inflates to more than ${Math.round(maxBytes / 1024 / 1024)} MiB; refused`,
    `inflate and split it, then give the parts (or their folder): gunzip -c ${name} | split -l 1000000 - ${name}.part-`,
  );
}

/**
 * Reads a stream (stdin) up to maxBytes, refusing rather than buffering without bound. A failed read
 * (EIO from a pipe or terminal) is an input that cannot be read, as a file's is: one line, exit 2.
 */
export async function readLimited(
  stream: Readable,
  name: string,
  maxBytes: number = MAX_INPUT_BYTES,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      total += buffer.length;
      if (total > maxBytes) {
        stream.destroy();
        throw tooLarge(name, maxBytes);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw cannotRead(name, error);
  }
  return Buffer.concat(chunks);
}

const FS_HINTS: Record<string, string> = {
  ENOENT: 'no such file; check the path',
  EISDIR: 'it is a directory; give a log file',
  EACCES: 'permission denied; check the file mode',
  EPERM: 'permission denied; check the file mode',
};

/**
 * What a FILE argument that is no file may name instead, and how to read that: a log group (its
 * name or ARN) is pulled with --log-group, an export in S3 is copied down first, and a console URL
 * given as --log-group is refused with the command that pulls its group. Said only when no such file is there.
 */
const NOT_A_PATH: readonly { readonly names: RegExp; readonly hint: (word: string) => string }[] = [
  {
    names: CONSOLE_URL,
    hint: (word) =>
      `no such file; a console URL is no file: give it as --log-group ${word}, which names the command that pulls its log group`,
  },
  {
    names: /^s3:\/\//i,
    hint: (word) =>
      `no such file; copy it down first: aws s3 cp --recursive ${word} logs && apigw-errors classify logs`,
  },
  {
    names: /^(?:arn:aws[a-z-]*:logs:|\/aws\/|API-Gateway-Execution-Logs_)/,
    hint: (word) => `no such file; to pull a log group, give --log-group ${word}`,
  },
];

/** FS_HINTS, with a missing FILE's hint saying what it may name instead (NOT_A_PATH). */
function fileHints(path: string): Record<string, string> {
  const known = NOT_A_PATH.find(({ names }) => names.test(path));
  return known === undefined ? FS_HINTS : { ...FS_HINTS, ENOENT: known.hint(shellWord(path)) };
}

/** Reads one file with the size checked first, so a huge file is refused before any read. */
export async function readFileLimited(path: string, maxBytes: number = MAX_INPUT_BYTES): Promise<Buffer> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (info.size > maxBytes) throw tooLarge(path, maxBytes);
    return await readLimited(createReadStream(path), path, maxBytes);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw cannotRead(path, error, fileHints(path));
  }
}

function cannotRead(
  path: string,
  error: unknown,
  hints: Record<string, string> = FS_HINTS,
): InputAccessError {
  const code = (error as { code?: string }).code ?? '';
  // Node's own errors start with their code (`EIO: i/o error, read`): it is said once.
  const message = String((error as Error)?.message ?? error).replace(CONTROL, ' ');
  const detail = code !== '' && message.startsWith(code) ? message : `${code || 'read failed'}: ${message}`;
  return new InputAccessError(`cannot read ${path}`, hints[code] ?? detail);
}

/**
 * A stat of an entry found in a directory needs search (x) permission on that directory, not read
 * permission on the entry: denied, the entry's own mode is not what to fix.
 */
const STAT_HINTS: Record<string, string> = {
  ...FS_HINTS,
  EACCES: 'permission denied; check the search (x) permission of the directory holding it',
};

/**
 * The permission check a CloudWatch Logs export to S3 (CreateExportTask) writes beside its
 * `<task id>/<log stream>/000000.gz` objects, holding "Permission Check Successful": no log.
 * (Its layout as moto emulates it: getmoto/moto, moto/logs/models.py, create_export_task.)
 */
const EXPORT_MARKER = 'aws-logs-write-test';

/** Why a directory walk left an entry out, as the stderr line words it. */
const SKIP_REASON = {
  hidden: 'hidden',
  marker: `${EXPORT_MARKER} marker`,
  repeated: 'link to something already read',
  special: 'not a regular file',
  broken: 'broken link',
} as const;
type SkipReason = keyof typeof SKIP_REASON;

interface DirectoryListing {
  /** Every regular file below the directory, in a stable order: names sorted at each level. */
  readonly files: readonly string[];
  readonly skipped: Readonly<Record<SkipReason, number>>;
  /** The files' sizes added up, for the progress total. */
  readonly bytes: number;
  /**
   * Entries below it that could not be looked at (a directory that cannot be listed, an entry whose
   * stat fails for another reason than a broken link), each with why: left out, as an unreadable file is.
   */
  readonly unlisted: readonly { readonly path: string; readonly error: InputAccessError }[];
}

/**
 * A file's size in bytes for the progress total; 0 for one that cannot be read (readFileLimited says
 * why), undefined for a pipe or device (`<(zcat …)`, /dev/stdin), whose size is known only once read.
 */
export async function fileSize(path: string): Promise<number | undefined> {
  return stat(path).then(
    (info) => (info.isFile() ? info.size : undefined),
    () => 0,
  );
}

/** Whether a path is a directory; anything else (a missing file too) is left to readFileLimited. */
export async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

/**
 * The files a directory argument stands for (what `aws s3 cp --recursive` makes of an export).
 * Links are followed, but a directory or file is read once: a link back up the tree is no loop.
 */
export async function filesUnder(
  dir: string,
  list: (path: string) => Promise<string[]> = readdir,
  look: (path: string) => Promise<BigIntStats> = (path) => stat(path, { bigint: true }),
): Promise<DirectoryListing> {
  const files: string[] = [];
  const skipped: Record<SkipReason, number> = { hidden: 0, marker: 0, repeated: 0, special: 0, broken: 0 };
  const unlisted: { path: string; error: InputAccessError }[] = [];
  const seen = new Set([await identity(dir)]);
  let bytes = 0;
  const walk = async (at: string): Promise<void> => {
    // The directory given cannot be listed: the command's fault, as a file named that cannot be read.
    // One below it is not what the user named: it is left out and said, and the others are read.
    const names = await list(at).catch((error: unknown) => {
      if (at === dir) throw cannotRead(at, error);
      unlisted.push({ path: at, error: cannotRead(at, error) });
      return undefined;
    });
    if (names === undefined) return;
    // Sorted by code unit, not locale: the same order on every machine.
    for (const name of names.sort()) {
      const reason = skipOf(name);
      if (reason !== undefined) {
        skipped[reason] += 1;
        continue;
      }
      const path = join(at, name);
      const info = await look(path).catch(async (error: unknown) => {
        // A link whose target is gone (or a loop of links) is no regular file: nothing below the
        // directory to read, as a socket is not. Any other failure (EACCES in a directory without
        // search permission, EIO) is an entry the user did not name: left out and said, as an
        // unreadable file below the directory is.
        if (await isBrokenLink(path, error)) return null;
        unlisted.push({ path, error: cannotRead(path, error, STAT_HINTS) });
        return undefined;
      });
      if (info === undefined) continue;
      if (info === null) {
        skipped.broken += 1;
        continue;
      }
      const id = `${info.dev}:${info.ino}`;
      if (seen.has(id)) skipped.repeated += 1;
      else if (info.isDirectory()) {
        seen.add(id);
        await walk(path);
      } else if (info.isFile()) {
        seen.add(id);
        files.push(path);
        bytes += Number(info.size);
      } else skipped.special += 1;
    }
  };
  await walk(dir);
  return { files, skipped, bytes, unlisted };
}

async function isBrokenLink(path: string, error: unknown): Promise<boolean> {
  const code = (error as { code?: string }).code;
  if (code !== 'ENOENT' && code !== 'ELOOP') return false;
  return lstat(path).then(
    (info) => info.isSymbolicLink(),
    () => false,
  );
}

function skipOf(name: string): SkipReason | undefined {
  if (name.startsWith('.')) return 'hidden';
  if (name === EXPORT_MARKER) return 'marker';
  return undefined;
}

async function identity(path: string): Promise<string> {
  const info = await stat(path, { bigint: true }).catch((error: unknown) => {
    throw cannotRead(path, error);
  });
  return `${info.dev}:${info.ino}`;
}

/** What a listing left out, as `N (a hidden, b …)`, or '' when nothing. */
export function skippedText(skipped: DirectoryListing['skipped']): string {
  const parts = (Object.keys(SKIP_REASON) as SkipReason[])
    .filter((reason) => skipped[reason] > 0)
    .map((reason) => `${skipped[reason]} ${SKIP_REASON[reason]}`);
  const total = Object.values(skipped).reduce((n, count) => n + count, 0);
  return total === 0 ? '' : `${total} (${parts.join(', ')})`;
}
