/**
 * Raw log text as the CLI reads it: one event per physical line, with what people paste unwrapped
 * (a CloudWatch log event object per line, a pretty-printed object, `aws apigateway
 * test-invoke-method` output, as JSON or YAML). The parser itself joins continuation lines and takes
 * off stamps.
 */
import { isIP } from 'node:net';
import { GATEWAY_RESPONSE_TYPES, parseAccessLine, repairDoubleQuoted } from '../lambda/core/access-log';
import { isRecord, jsonObject } from '../lambda/core/decode';
import { holdsFinalStatus, isKnownExecutionMessage, startsWithRequestId } from '../lambda/core/execution-log';
import { isTimeAlone } from '../lambda/core/parse';
import { CHECKPOINT_EVERY, type Checkpoint, type LogBatch, type LogEvent } from '../lambda/core/types';
import { consolePanels } from './console-panel';
import { cutTestInvokes } from './cut-test-invoke';
import { skipSpace, valueEnd } from './json-sequence';
import { isLogLine } from './log-lines';
import { pythonTestInvoke } from './python-test-invoke';
import { yamlTestInvokes } from './yaml-test-invoke';

/**
 * Appends items one by one: `push(...items)` passes each as an argument, and a test-invoke log of
 * a few hundred thousand lines is more than one call takes (the stack overflows).
 */
function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** The value of a JSON text, or undefined when it is not JSON. */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A parsed object as the one line CloudWatch stores, or undefined when it is nested too deep to be
 * written back (JSON.stringify recurses; JSON.parse does not): its lines are then read as they are.
 */
function compacted(value: Record<string, unknown>): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * What `aws apigateway test-invoke-method` (and `test-invoke-authorizer`) print: the status, and the
 * whole execution log of the test as one `log` string, in the console's stamped lines.
 */
export function isTestInvokeOutput(
  value: Record<string, unknown>,
): value is { log: string; status?: unknown; clientStatus?: unknown } {
  return (
    typeof value.log === 'string' &&
    (typeof value.status === 'number' || typeof value.clientStatus === 'number') &&
    'latency' in value
  );
}

/**
 * The keys of one CloudWatch log event, as `jq -c '.logEvents[]'` (a subscription payload),
 * `jq -c '.events[]'` (filter-log-events, get-log-events) or a Firehose split prints it.
 */
const EVENT_KEYS: ReadonlySet<string> = new Set([
  'id',
  'eventId',
  'timestamp',
  'ingestionTime',
  'message',
  'logStreamName',
  'logGroupName',
]);

/**
 * A test-invoke output's events: its execution log line by line. test-invoke-authorizer's log has
 * no final status (the verdict is its clientStatus), so without one an authorizer's 403 would be no
 * failure at all: the output's status is then added as the log's final line.
 */
export function testInvokeEvents(
  value: { log: string; status?: unknown; clientStatus?: unknown },
  name: string,
): LogEvent[] {
  const lines = value.log.split('\n').filter((line) => line.trim() !== '');
  const status = typeof value.status === 'number' ? value.status : value.clientStatus;
  // test-invoke-authorizer answers 0 for an allowed request: only an HTTP status is one.
  if (
    typeof status === 'number' &&
    status >= 100 &&
    status <= 599 &&
    !lines.some((line) => holdsFinalStatus(line))
  )
    lines.push(`Method completed with status: ${status}`);
  return lines.map((message, i): LogEvent => ({ id: `${name}:log:${i + 1}`, timestamp: 0, message }));
}

/** A line that is one log event object, not a log line: its message is the log line. */
function loggedEvent(value: unknown): { message: string; timestamp: number } | undefined {
  if (!isRecord(value) || typeof value.message !== 'string') return undefined;
  // A body such as {"message":"Rate Exceeded."} is not an event: an event has its time, and an id
  // or the time CloudWatch took it in.
  if (typeof value.timestamp !== 'number') return undefined;
  if (!('id' in value || 'eventId' in value || 'ingestionTime' in value)) return undefined;
  if (!Object.keys(value).every((key) => EVENT_KEYS.has(key))) return undefined;
  return { message: value.message, timestamp: Number.isFinite(value.timestamp) ? value.timestamp : 0 };
}

/** How a CLF or CSV access line starts: the caller's IPv4 or IPv6 address, then a space or comma. */
const ADDRESS_FIRST_LINE = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:]+)[ ,]/;

/**
 * The messages of a line that holds several, tab-separated: `aws logs filter-log-events --query
 * 'events[].message' --output text` prints them all on one line. Only split when every piece is a
 * log line of one kind (all `(id) …`, all JSON objects, or all CLF/CSV lines starting with an
 * address), so a message with a tab in its body
 * stays whole: a JSON line cannot hold a raw tab in a string, and between its tokens a tab leaves
 * pieces that are no objects. The one exception is the first piece of a line below a split one,
 * when all the others are `(id) …` lines: it ends a message printed over several lines.
 */
function tabJoinedMessages(line: string, afterJoined: boolean): string[] | undefined {
  if (!line.includes('\t')) return undefined;
  const pieces = line.split('\t');
  if (pieces.every((piece) => startsWithRequestId(piece))) return pieces;
  // After such a line, a message with line breaks ends on a line of its own that goes on with the
  // next messages: its first piece is the end of that message.
  if (afterJoined && pieces.length > 1 && pieces.slice(1).every((piece) => startsWithRequestId(piece)))
    return pieces;
  if (pieces.every((piece) => piece.startsWith('{') && jsonObject(piece) !== undefined)) return pieces;
  // A field of one line may hold a tab before an address too (an appended message): every piece
  // must also read as an access line.
  if (pieces.every((piece) => ADDRESS_FIRST_LINE.test(piece) && parseAccessLine(piece)?.ok === true))
    return pieces;
  return undefined;
}

/** Where one JSON object ends and the next starts right after it, with or without white space between. */
const OBJECT_AFTER_OBJECT = /\}\s*\{/;

/**
 * The objects of a line that is JSON objects written one after another with nothing between them but
 * white space, as Kinesis Data Firehose writes API Gateway's JSON access-log records into an S3 object
 * (`{…}{…}{…}`: it adds no delimiter). Each object's own text, so that its line is read as written;
 * undefined unless the whole line is two or more objects that each parse, so a message holding `}{` in
 * a string, or text after the objects, stays one line. Not asked of a line under a body's header
 * (`Endpoint response body before transformations:`): objects there are that body's. No bound on their
 * number: a Firehose object holds as many records as arrived in its buffering interval.
 */
function concatenatedObjects(line: string): string[] | undefined {
  if (!line.startsWith('{') || !OBJECT_AFTER_OBJECT.test(line)) return undefined;
  const objects: string[] = [];
  let at = 0;
  while (at < line.length) {
    if (line.charCodeAt(at) !== 123 /* { */) return undefined;
    const end = valueEnd(line, at);
    if (end < 0) return undefined;
    const text = line.slice(at, end);
    if (jsonObject(text) === undefined) return undefined;
    objects.push(text);
    at = skipSpace(line, end);
  }
  return objects.length >= 2 ? objects : undefined;
}

/**
 * What `sam logs` prints before a message (`<log stream> <UTC time> `); it prints a JSON message
 * re-indented over several lines, starting on this line.
 */
const SAM_LOGS_HEAD = /^[0-9a-f]{32} \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})? $/;

/**
 * The header `aws logs tail --format json` prints above a message that is entirely JSON: `<time> <log
 * stream> `, the message re-indented by `json.dumps(…, indent=4)` on the lines below from a `{` alone
 * (aws/aws-cli awscli/customizations/logs/tail.py, PrettyJSONLogEventsFormatter; any other message
 * follows the header on its line, as `--format detailed` prints it). The time is a UTC datetime's
 * isoformat(): `2025-01-01T10:00:00.123000+00:00`, no fraction on a whole second. A log stream's
 * name holds no `:` or `*`; the trailing space is often lost in a copy from a terminal.
 * `json.loads` takes any JSON value, so an array is re-indented from a `[` alone to a `]` at its
 * line's start, and `[]`, `{}` or a scalar stands alone on the line below; an empty or blank message
 * leaves the header alone on its line, as each event is right-stripped.
 */
const TAIL_JSON_HEAD = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2}) [^\s:*]+ ?$/;
/** The start of the next event's header (or of a message on its line) below a header alone. */
const TAIL_JSON_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2}) /;
/** A header's stream name (after the time's space) holding a digit. */
const STREAM_WITH_DIGIT = / \S*\d/;
/** A JSON value `json.dumps` prints on one line: `[]`, `{}`, a number, a string, true, false, null. */
const ONE_LINE_JSON = /^(?:\[\]|\{\}|-?\d[\d.eE+-]*|"(?:[^"\\]|\\.)*"|true|false|null|NaN|-?Infinity)$/;

/** Whether a line may be such a header (told from its first character first). */
function isTailJsonHead(line: string): boolean {
  const first = line.charCodeAt(0);
  return first >= 48 /* 0 */ && first <= 57 /* 9 */ && TAIL_JSON_HEAD.test(line);
}

/** Whether a line is such a header over the `{` that opens its message (told from that line first). */
function isTailJsonHeadOverObject(line: string, next: string | undefined): boolean {
  return next?.charCodeAt(0) === 123 /* { */ && next.trimEnd() === '{' && isTailJsonHead(line);
}

/**
 * The end of the message below a tail header at `index` that is no JSON object, and its text for the
 * parser (no header: the event is no request, and its JSON is counted unparsed): an array's lines
 * joined, a one-line value, or nothing for an empty message. Undefined when the lines below are no
 * such message; `cut` when an array never closes.
 */
function tailJsonValueBelow(
  lines: readonly string[],
  index: number,
): { text: string; end: number } | 'cut' | undefined {
  const below = lines[index + 1];
  // A header alone: only over a stream name with a digit (API Gateway's and Lambda's all hold one: a
  // hash, a date, a UUID), as `<time> Unauthorized` is a dated one-word message.
  if (below === undefined || below.trim() === '' || TAIL_JSON_TIME.test(below))
    return STREAM_WITH_DIGIT.test(lines[index] ?? '') ? { text: '', end: index } : undefined;
  const value = below.trimEnd();
  if (ONE_LINE_JSON.test(value)) return { text: value, end: index + 1 };
  if (value !== '[') return undefined;
  const last = Math.min(lines.length, index + 2 + MAX_PRETTY_LINES);
  for (let at = index + 2; at < last; at++) {
    const line = lines[at] ?? '';
    if (line.trimEnd() === ']') {
      const text = lines
        .slice(index + 1, at + 1)
        .map((piece) => piece.trim())
        .join('');
      return { text, end: at };
    }
    if (line.charCodeAt(0) !== 32 /* space */) return 'cut';
  }
  return 'cut';
}

/** Lines a pretty-printed object may span before it is taken for separate lines. */
const MAX_PRETTY_LINES = 500;

/** An object's own `}`, or `},` when another object follows it in an array. */
function closesObject(line: string | undefined): boolean {
  const text = line?.trimEnd();
  return text === '}' || text === '},';
}

/**
 * For each line, the index of the first line from it on that is only `}` (or also `},`, for an object
 * in a JSON array of objects), or -1: one pass, read lazily.
 */
function closingLines(lines: readonly string[], inArray: boolean): Int32Array {
  const next = new Int32Array(lines.length + 1).fill(-1);
  for (let i = lines.length - 1; i >= 0; i--) {
    const closes = inArray ? closesObject(lines[i]) : lines[i]?.trimEnd() === '}';
    next[i] = closes ? i : (next[i + 1] ?? -1);
  }
  return next;
}

/** A code comment's mark before an object's `{` (`#{`, `# {`, `// {`): the mark, with the white space before it. */
const COMMENTED_OPEN = /^([ \t]*(?:#|\/\/))[ \t]*\{$/;
/** A commented `}` that may close such an object: at most a space after the mark, as an object's own `}` is unindented. */
const COMMENTED_CLOSE = /^[ \t]*(?:#|\/\/) ?\}$/;

/** An object's `{` alone on its line behind white space or Markdown quote marks: the indent. */
const INDENTED_OPEN = /^([ \t>]*[ \t>])\{$/;
const INDENTED_CLOSE = /^[ \t>]*[ \t>]\}$/;

/** Whether a line above an object ends a log message whose body the object is (`… before transformations:`). */
function opensBody(previous: string, indent: string): boolean {
  const line = previous.trimEnd();
  if (!line.endsWith(':')) return false;
  const text = (line.startsWith(indent) ? line.slice(indent.length) : line).trimStart();
  return isLogLine(text) || isKnownExecutionMessage(text);
}

/**
 * The lines that are only an indented or quoted `}` (or also `},`, an object followed by another in
 * a JSON array of objects), by their text without the comma (indent included), in order.
 */
function indentedClosers(lines: readonly string[], inArray: boolean): Map<string, number[]> {
  const closers = new Map<string, number[]>();
  lines.forEach((raw, at) => {
    const trimmed = raw.trimEnd();
    const line = inArray && trimmed.endsWith('},') ? trimmed.slice(0, -1) : trimmed;
    if (!line.endsWith('}') || !INDENTED_CLOSE.test(line)) return;
    const list = closers.get(line);
    if (list) list.push(at);
    else closers.set(line, [at]);
  });
  return closers;
}

/** The first number in an ascending list greater than `after`, by binary search. */
function firstAfter(list: readonly number[] | undefined, after: number): number | undefined {
  if (list === undefined) return undefined;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((list[middle] ?? Number.POSITIVE_INFINITY) > after) high = middle;
    else low = middle + 1;
  }
  return list[low];
}

/** For each line, the index of the first line from it on that is only a commented `}`, or -1. */
function commentedClosingLines(lines: readonly string[]): Int32Array {
  const next = new Int32Array(lines.length + 1).fill(-1);
  for (let i = lines.length - 1; i >= 0; i--)
    next[i] = COMMENTED_CLOSE.test(lines[i]?.trimEnd() ?? '') ? i : (next[i + 1] ?? -1);
  return next;
}

/** A JSON string (skipped whole, so a comma inside one stays), or a comma before a closing `}` or `]`. */
const STRING_OR_TRAILING_COMMA = /("(?:[^"\\]|\\.)*")|,(\s*[}\]])/g;

/**
 * The text without the commas a Python or JavaScript literal (or a hand-trimmed object) leaves
 * before a closing brace or bracket, which strict JSON refuses.
 */
function withoutTrailingCommas(text: string): string {
  return text.replace(
    STRING_OR_TRAILING_COMMA,
    (_match, string?: string, close?: string) => string ?? close ?? '',
  );
}

/**
 * The text with the line breaks a page put inside a long string value (`"Missing Authentication` over
 * `Token",`) made one space each, with the white space around them, which strict JSON refuses raw.
 */
function withoutBreaksInStrings(text: string): string {
  const parts: string[] = [];
  let inString = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString && c === 92 /* \ */) i += 1;
    else if (c === 34 /* " */) inString = !inString;
    else if (inString && c === 10 /* \n */) {
      parts.push(text.slice(from, i).trimEnd(), ' ');
      while (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9) i += 1;
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** The value of a text as strict JSON, or with the commas before its closing braces dropped. */
function lenientJson(text: string): unknown {
  return tryJson(text) ?? tryJson(withoutTrailingCommas(text));
}

/**
 * The object a pretty-printed text holds, trying the repairs a pasted copy needs: trailing commas,
 * line breaks a page put inside string values, and the doubled quotes of a format that quoted the
 * already quoted `$context.error.messageString` (`"messageString": ""Forbidden""`), which the
 * access-log parser repairs on a one-line record.
 */
function prettyObject(text: string): unknown {
  const parsed = lenientJson(text);
  if (parsed !== undefined || !text.includes('"')) return parsed;
  const unbroken = withoutBreaksInStrings(text);
  const rejoined = unbroken === text ? undefined : lenientJson(unbroken);
  if (rejoined !== undefined || !unbroken.includes('""')) return rejoined;
  const requoted = repairDoubleQuoted(unbroken);
  return requoted === unbroken ? undefined : lenientJson(requoted);
}

/**
 * Rejoins JSON objects printed over several lines (copied from a document or the console's
 * expanded view, or `sam logs` output behind its prefix): a line that is only `{`, then a quoted
 * key, up to the next line that is only `}`, compacted to the one line CloudWatch stores (trailing
 * commas dropped when strict JSON refuses them). An object commented out line by line in a script
 * (`#{` … `#}`, `// {` … `// }`) is read the same without its marks. Each closing line is tried
 * once, so the work stays linear. After a line ending in `:` the object is an execution log's
 * response body, left line by line for the parser to join to its message.
 */
class PrettyObjects {
  /** Closing lines: `}` alone; and `}` or `},` for an object in a JSON array of objects. */
  private next: Int32Array | undefined;
  private nextInArray: Int32Array | undefined;
  private failedEnd = -1;
  private nextCommented: Int32Array | undefined;
  private failedCommentedEnd = -1;
  /** The last run of lines behind one comment mark, found once for all the objects it may hold. */
  private run = { mark: '', from: -1, to: -1 };
  /** Lines that are only an indented or quoted `}` (and `},`, in a JSON array of objects), by their text, in order. */
  private closers: Map<string, number[]> | undefined;
  private closersInArray: Map<string, number[]> | undefined;
  /** Closing lines of indented objects that did not parse: each is tried once. */
  private readonly failedIndentedEnds = new Set<number>();
  /**
   * For a closing line, the last line above it found to leave its indent: an opening above that line
   * cannot reach it, one below may (an object cut off above a whole one in the same list).
   */
  private readonly indentLeftBefore = new Map<number, number>();
  /** For a closing line: the first opening whose lines up to it were scanned, and the last tail header in them (-1: none). */
  private readonly lastTailHead = new Map<number, { readonly from: number; readonly head: number }>();

  constructor(private readonly lines: readonly string[]) {}

  /**
   * `inArray`: the object is an element of a JSON array of objects on lines of its own (its `[` alone
   * on a line above it), where `},` closes an object followed by another. Elsewhere (a response
   * body's array: `"errors": [`) a `},` line is inside the object being read.
   */
  at(start: number, previous: string, inArray = false): { text: string; end: number } | undefined {
    const { lines } = this;
    // Below a line that leaves an array or object open (`"results": [`, or an element's `},`), the
    // object is an element of a larger one, a response body's, and no line of its own.
    if (!inArray && LEAVES_OPEN.test(previous.trimEnd())) return undefined;
    const first = lines[start]?.trimEnd() ?? '';
    // Under a page's own sentence ending in `:` (`> It logged:`), an indented object is what the page
    // shows; under a log line's, it is that message's body.
    const indent = INDENTED_OPEN.exec(first)?.[1];
    if (indent !== undefined && !opensBody(previous, indent)) return this.indentedAt(start, indent, inArray);
    // Under a log line ending in `:` (`… Endpoint response body before transformations:`), the object
    // is that message's body; under a page's own sentence (`Here is the log:`), it is what the page shows.
    if (opensBody(previous, '')) return undefined;
    const mark = COMMENTED_OPEN.exec(first)?.[1];
    if (mark !== undefined) return this.commentedAt(start, mark);
    const head = first.slice(0, -1);
    if (!first.endsWith('{') || (head !== '' && !SAM_LOGS_HEAD.test(head))) return undefined;
    // Blank lines inside are a page's rendering (a copy of the Dynatrace docs has three between keys).
    let key = start + 1;
    while (key < lines.length && key - start <= MAX_PRETTY_LINES && lines[key]?.trim() === '') key += 1;
    if (!lines[key]?.trimStart().startsWith('"')) return undefined;
    const end = this.closingTable(inArray)[key] ?? -1;
    if (end < 0 || end - start > MAX_PRETTY_LINES || end === this.failedEnd) return undefined;
    // An `aws logs tail --format json` header between: this object was cut short above the next
    // event, whose object the closing line ends (not marked failed, so that one is still read).
    if (this.tailHeadBetween(start, end)) return undefined;
    const text = ['{', ...lines.slice(start + 1, end), '}'].join('\n');
    const value = prettyObject(text);
    const compact = isRecord(value) ? compacted(value) : undefined;
    if (compact !== undefined) return { text: head + compact, end };
    this.failedEnd = end;
    return undefined;
  }

  /**
   * Whether a header of `aws logs tail --format json` lies between `start` and the closing line `end`.
   * Each closing line's lines are scanned once, by the first opening to reach it: the last header
   * found is kept, and a later opening lies above it or not.
   */
  private tailHeadBetween(start: number, end: number): boolean {
    const known = this.lastTailHead.get(end);
    if (known !== undefined && known.from <= start) return known.head > start;
    let head = -1;
    for (let at = end - 1; at > start && head < 0; at--) {
      if (isTailJsonHeadOverObject(this.lines[at] ?? '', this.lines[at + 1])) head = at;
    }
    this.lastTailHead.set(end, { from: start, head });
    return head >= 0;
  }

  /**
   * An object indented or quoted under other text (a Markdown code block in a list item or a quote),
   * from `<indent>{` to the next line that is `<indent>}`, every line between behind the same indent:
   * read as it would be without it. Closing lines are indexed once by their text, so each object is
   * found without scanning.
   */
  private indentedAt(
    start: number,
    indent: string,
    inArray: boolean,
  ): { text: string; end: number } | undefined {
    const { lines } = this;
    const end = firstAfter(this.indentedClosing(inArray).get(`${indent}}`), start);
    if (end === undefined || end - start > MAX_PRETTY_LINES || this.failedIndentedEnds.has(end))
      return undefined;
    if ((this.indentLeftBefore.get(end) ?? -1) > start) return undefined;
    const inner: string[] = [];
    for (let at = start + 1; at < end; at++) {
      const line = (lines[at] ?? '').trimEnd();
      if (line.trim() === '' || line === indent.trimEnd()) inner.push('');
      else if (line.startsWith(indent)) inner.push(line.slice(indent.length));
      else {
        // Each line is scanned by one opening only: those above this line stop at it unscanned.
        this.indentLeftBefore.set(end, at);
        return undefined;
      }
    }
    if (
      !inner
        .find((line) => line.trim() !== '')
        ?.trimStart()
        .startsWith('"')
    )
      return this.failIndented(end);
    const value = prettyObject(['{', ...inner, '}'].join('\n'));
    const compact = isRecord(value) ? compacted(value) : undefined;
    return compact === undefined ? this.failIndented(end) : { text: compact, end };
  }

  /** The closing lines of unindented objects, indexed on first use. */
  private closingTable(inArray: boolean): Int32Array {
    if (inArray) {
      this.nextInArray ??= closingLines(this.lines, true);
      return this.nextInArray;
    }
    this.next ??= closingLines(this.lines, false);
    return this.next;
  }

  /** The closing lines of indented objects, indexed on first use. */
  private indentedClosing(inArray: boolean): Map<string, number[]> {
    if (inArray) {
      this.closersInArray ??= indentedClosers(this.lines, true);
      return this.closersInArray;
    }
    this.closers ??= indentedClosers(this.lines, false);
    return this.closers;
  }

  private failIndented(end: number): undefined {
    this.failedIndentedEnds.add(end);
    return undefined;
  }

  /**
   * An object commented out line by line in a script (`#{`, `#    "status": 200,`, …, `#}`), every
   * line behind the same mark: read as it would be without the marks, when it then parses.
   */
  private commentedAt(start: number, mark: string): { text: string; end: number } | undefined {
    const { lines } = this;
    const unmarked = (line: string | undefined): string =>
      line?.startsWith(mark) ? line.slice(mark.length) : '';
    if (this.commentedAfterColon(start, mark)) return undefined;
    const run = this.markedRun(start, mark);
    let key = start + 1;
    while (key <= run.to && key - start <= MAX_PRETTY_LINES && unmarked(lines[key]).trim() === '') key += 1;
    if (key > run.to || !unmarked(lines[key]).trimStart().startsWith('"')) return undefined;
    this.nextCommented ??= commentedClosingLines(lines);
    const end = this.nextCommented[key] ?? -1;
    if (end < 0 || end > run.to || end - start > MAX_PRETTY_LINES || end === this.failedCommentedEnd)
      return undefined;
    const text = ['{', ...lines.slice(start + 1, end + 1).map(unmarked)].join('\n');
    const value = prettyObject(text);
    const compact = isRecord(value) ? compacted(value) : undefined;
    if (compact !== undefined) return { text: compact, end };
    this.failedCommentedEnd = end;
    return undefined;
  }

  /**
   * Whether the text above a commented object, past lines blank behind the mark (`#`, `# `), ends in
   * `:`: the object is then an execution log's response body, as it would be without the marks. Each
   * look goes back over the blank lines just above one opening, so all of them read each line once.
   */
  private commentedAfterColon(start: number, mark: string): boolean {
    for (let above = start - 1; above >= 0; above--) {
      const line = this.lines[above] ?? '';
      const text = line.startsWith(mark) ? line.slice(mark.length) : line;
      if (text.trim() !== '') return text.trimEnd().endsWith(':');
    }
    return false;
  }

  /** The lines from `start` that carry the mark (blank ones between them too), up to the last that does. */
  private markedRun(start: number, mark: string): { from: number; to: number } {
    const { run, lines } = this;
    if (run.mark === mark && start >= run.from && start <= run.to) return run;
    let to = start;
    for (let at = start + 1; at < lines.length; at++) {
      const line = lines[at] ?? '';
      if (line.startsWith(mark)) to = at;
      else if (line.trim() !== '') break;
    }
    this.run = { mark, from: start, to };
    return this.run;
  }
}

/** Lines after its first that a wrapped one-line object may span. */
const MAX_WRAPPED_LINES = 10;

/**
 * Rejoins a one-line JSON access line that a document wrapped after a comma (`{"status":"403",…,`
 * then ` "integrationStatus":"-",…}`): from a line that starts an object and ends in `,`, through the
 * lines that each start with a quoted key, to the first that ends in `}`. Kept only when the joined
 * text is an object that reads as an access line, and never after a line ending in `:`, where a
 * JSON body follows its execution-log message.
 */
function wrappedObjectAt(
  lines: readonly string[],
  start: number,
  previous: string,
): { text: string; end: number } | undefined {
  const first = lines[start]?.trim() ?? '';
  if (!first.startsWith('{"') || !first.endsWith(',') || opensBody(previous, '')) return undefined;
  const parts = [first];
  for (let i = start + 1; i < lines.length && i <= start + MAX_WRAPPED_LINES; i++) {
    const part = lines[i]?.trim() ?? '';
    if (!part.startsWith('"')) return undefined;
    parts.push(part);
    if (part.endsWith('}')) {
      const text = parts.join(' ');
      return jsonObject(text) !== undefined && parseAccessLine(text)?.ok === true
        ? { text, end: i }
        : undefined;
    }
  }
  return undefined;
}

/**
 * One member of a JSON object on a line of its own: a quoted key, a scalar value, maybe a comma, or
 * the period of the sentence a page quotes the member in (AWS's Italian Knowledge Center:
 * `“integrationError”: “The IAM role … try again”.`). The key, or a string value, may stand in the
 * typographic quotes (“…”) a localized page or a word processor prints; see straightQuoted.
 */
const MEMBER_LINE =
  /^(?:"[^"\\]{1,200}"|“[^“”"\\]{1,200}”)\s*:\s*(?:"(?:[^"\\]|\\.)*"|“[^“”"\\]*”|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)\s*[,.]?$/;

/** Whether a line may be a MEMBER_LINE: its first character opens a key's quotes. */
function opensMember(line: string): boolean {
  return line.startsWith('"') || line.startsWith('“');
}

/** A MEMBER_LINE's key and value, to put a typographic pair back into JSON's straight quotes. */
const TYPOGRAPHIC_MEMBER = /^(?:"([^"\\]{1,200})"|“([^“”"\\]{1,200})”)(\s*:\s*)(.*)$/;

/** A member with its key, and a string value, between straight quotes (only those MEMBER_LINE let be typographic). */
function straightQuoted(member: string): string {
  if (!member.includes('“')) return member;
  const m = TYPOGRAPHIC_MEMBER.exec(member);
  if (m === null) return member;
  // MEMBER_LINE lets spaces stand between the value and its comma, which the caller took off.
  const value = (m[4] ?? '').trimEnd();
  const typographicValue = value.startsWith('“') && value.endsWith('”');
  return `"${m[1] ?? m[2]}"${m[3]}${typographicValue ? `"${value.slice(1, -1)}"` : value}`;
}

/** A line that leaves an object or array open for the lines below it (a response body's start). */
const OPENS_BELOW = /[{[,:]$/;

/**
 * Reads runs of `"key": value` lines that a document published without the braces of the access
 * line they belong to (a README quoting the one member that matters). Each run is tried once,
 * from its first line, so the work stays linear.
 */
class MemberRuns {
  private triedTo = -1;

  constructor(private readonly lines: readonly string[]) {}

  /**
   * The run from `start` (blank lines between its members allowed), braced into one line: kept only
   * when it reads as an access line with a field the core knows, so a body's stray `"message"` stays
   * a line. Never inside an object left open above (a line ending in `{`, `[`, `,` or `:`, where a
   * response body follows its execution-log message) nor before a `}` or `]` that closes one.
   */
  at(start: number, previous: string): { text: string; end: number } | undefined {
    if (start <= this.triedTo) return undefined;
    const { lines } = this;
    const members: string[] = [];
    let end = start;
    let at = start;
    for (; at < lines.length && at - start <= MAX_PRETTY_LINES; at++) {
      const line = lines[at]?.trim() ?? '';
      if (line === '') continue;
      if (!MEMBER_LINE.test(line)) break;
      members.push(straightQuoted(line.replace(/[,.]$/, '')));
      end = at;
    }
    this.triedTo = end;
    if (members.length === 0 || OPENS_BELOW.test(previous.trimEnd())) return undefined;
    if (/^[}\]]/.test(lines[at]?.trim() ?? '')) return undefined;
    const text = `{${members.join(',')}}`;
    const value = jsonObject(text);
    return value !== undefined && parseAccessLine(text)?.ok === true
      ? { text: JSON.stringify(value), end }
      : undefined;
  }
}

/** A Markdown table row of one cell holding a JSON object: Logs Insights `@message` rows pasted without their header. */
const OBJECT_ROW = /^\|[ \t]*(\{.*\})[ \t]*\|$/;

/**
 * A row of the CloudWatch console's log events table as copied: the event's time in epoch
 * milliseconds, its message (here an object), maybe its log stream, the closing bar maybe left off.
 */
const EVENT_ROW = /^\|[ \t]*(\d{13})[ \t]*\|[ \t]*(\{.*\})[ \t]*(?:\|[^|]*)?\|?$/;

/** White space, quote marks and code comment marks in front of a pasted row. */
const ROW_MARKS = /^(?:[ \t]*(?:>|#|\/\/))*[ \t]*/;

/**
 * The object a table row holds, when it is one, with the time its row gives (0 when none): the
 * row's bars and other cells are no part of the line.
 */
function objectInRow(line: string): { message: string; timestamp: number } | undefined {
  const row = line.slice(ROW_MARKS.exec(line)?.[0].length ?? 0).trimEnd();
  if (!row.startsWith('|')) return undefined;
  const cell = OBJECT_ROW.exec(row)?.[1];
  if (cell !== undefined) return jsonObject(cell) === undefined ? undefined : { message: cell, timestamp: 0 };
  const [, time, object] = EVENT_ROW.exec(row) ?? [];
  if (time === undefined || object === undefined || jsonObject(object) === undefined) return undefined;
  return { message: object, timestamp: Number(time) };
}

/**
 * A Logs Insights row copied as text without its header, its cells aligned by runs of spaces
 * (DataBiosphere/azul#7355: `2025-08-17 03:21:55.350  132.219.138.65  /repository/files/…
 * WAF_FILTERED  429  curl/8.4.0   6.8 MB`). A time first; then, side by side, the gateway's response
 * type (or `-` for none) and the status, which only an access log's row holds; and a path or an
 * address, which a row of requests shows. Single spaces stay inside a cell (`6.8 MB`).
 */
const SPACED_ROW = /^\s*(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)Z?(?: {2,}|\t+)(\S.*)$/;
const CELL_GAP = / {2,}|\t+/;
const STATUS_CELL = /^[1-5]\d\d$/;
/** A log level cell: an application's log line (a Lambda runtime's `<time>\t<request id>\tINFO\t…`), no request row. */
const LEVEL_CELL = /^(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)$/;

/** The access line a headerless space-aligned row stands for, dated by its time (Logs Insights writes UTC). */
function spacedRow(line: string): { message: string; timestamp: number } | undefined {
  const [, date, time, rest] = SPACED_ROW.exec(line) ?? [];
  if (date === undefined || time === undefined || rest === undefined) return undefined;
  const cells = rest.split(CELL_GAP).map((cell) => cell.trim());
  if (cells.some((cell) => LEVEL_CELL.test(cell))) return undefined;
  const at = cells.findIndex(
    (cell, i) => (cell === '-' || GATEWAY_RESPONSE_TYPES.has(cell)) && STATUS_CELL.test(cells[i + 1] ?? ''),
  );
  const path = cells.find((cell) => cell.startsWith('/'));
  // A whole IPv4 or IPv6 address: a time of day (`00:00:12`) or a hex word (`dead:beef`) is none.
  const address = cells.find((cell) => isIP(cell) !== 0);
  if (at < 0 || (path === undefined && address === undefined)) return undefined;
  const requestTime = `${date}T${time}Z`;
  const record: Record<string, string> = { requestTime, status: cells[at + 1] as string };
  if (cells[at] !== '-') record['error.responseType'] = cells[at] as string;
  if (path !== undefined) record.path = path;
  if (address !== undefined) record.sourceIp = address;
  return { message: JSON.stringify(record), timestamp: Date.parse(requestTime) || 0 };
}

/**
 * The next line after `index` that is not blank, trimmed ('' when none); past one `Copy` line (the
 * console's button) too when asked.
 */
function nextFilled(lines: readonly string[], index: number, step: 1 | -1, pastCopy = false): string {
  let copies = pastCopy ? 0 : 1;
  for (let at = index + step; at >= 0 && at < lines.length; at += step) {
    const line = (lines[at] ?? '').trim();
    if (line !== '' && (line !== 'Copy' || ++copies > 1)) return line;
  }
  return '';
}

/** A line that leaves an object or array open below it: what follows is part of it, not a new array. */
const LEAVES_OPEN = /[{[,]$/;

/**
 * A line holding only `[` over an object's `{`: a JSON array of objects on lines of its own, unless
 * the line above leaves an object or array open (a response body's nested array) or is a log line
 * ending in `:` (whose body the array is).
 */
function opensObjectArray(lines: readonly string[], index: number, previous: string): boolean {
  const raw = lines[index] ?? '';
  // Most lines hold no bracket: one search, no copy.
  if (!raw.includes('[') || raw.trim() !== '[' || !nextFilled(lines, index, 1).startsWith('{')) return false;
  const above = previous.trimEnd();
  return !LEAVES_OPEN.test(above) && !opensBody(above, '');
}

/** A line holding only `]` (or `],`), which closes such an array after its last object. */
function closesArray(line: string): boolean {
  if (!line.includes(']')) return false;
  const text = line.trim();
  return text === ']' || text === '],';
}

/**
 * Whether a line may stand between a console copy's message and its expanded row's repeat: blank,
 * or the expanded view's Copy button. Told from its last character first: asked of nearly every line.
 */
function mayBeGapLine(line: string): boolean {
  if (line.length === 0) return true;
  const last = line.charCodeAt(line.length - 1);
  if (last !== 121 /* y, of Copy */ && last > 32 && last !== 0xa0 && last !== 0x3000) return false;
  const text = line.trim();
  return text === '' || text === 'Copy';
}

/** The first line after `index` that is not blank (lines.length when none). */
function filledAfter(lines: readonly string[], index: number): number {
  let at = index + 1;
  while (at < lines.length && (lines[at] ?? '').trim() === '') at += 1;
  return at;
}

/**
 * Whether the line at `index` is the message of an event the console's copy gave above it already: an
 * expanded row shows its message again, below a blank line and maybe the expanded view's Copy button
 * (SYNTHETIC shape: no published copy of an expanded row was found). Only a message under its time is
 * one (a time alone above it, maybe with a blank line and Copy between, or the table copy's
 * `<time><TAB><message>` row): a message that merely equals the one above, without a time over the
 * first, is an event of its own, as is a repeat under a time of its own.
 */
function isExpandedRepeat(lines: readonly string[], index: number): boolean {
  let at = index - 1;
  let blank = false;
  let copies = 0;
  for (; at >= 0; at--) {
    const text = (lines[at] ?? '').trim();
    if (text === '') blank = true;
    else if (text !== 'Copy' || ++copies > 1) break;
  }
  if (!blank || at < 0) return false;
  const repeat = (lines[index] ?? '').trim();
  const shown = (lines[at] ?? '').trim();
  if (shown === repeat) return isTimeAlone(nextFilled(lines, at, -1, true));
  // The table copy's row: its time, a tab, the message.
  const tab = shown.indexOf('\t');
  return tab > 0 && shown.slice(tab + 1).trim() === repeat && isTimeAlone(shown.slice(0, tab).trimEnd());
}

/**
 * One event per physical line: the parser joins continuation lines (multi-line bodies) itself.
 * Empty lines are skipped because CloudWatch Logs never stores an empty event. Raw text carries no
 * event timestamp, so 0 says "unknown" and the line's own time is authoritative. A log event object
 * per line is unwrapped, and a pretty-printed or wrapped object becomes one line again; neither after
 * a line ending in `:`, where a JSON body follows its execution-log message; so do `"key": value`
 * lines published without their braces, when they read as an access line. A one-cell table row
 * holding an object is read as that object, and so is a row of the console's log events table,
 * dated by its time cell. test-invoke output printed as YAML, or as JSON cut off inside its log, is
 * read as its log. An expanded row's repeat of its message in a console copy is no event of its own.
 */
export function rawTextBatch(text: string, name: string, checkpoint?: Checkpoint): LogBatch {
  const events: LogEvent[] = [];
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const pretty = new PrettyObjects(lines);
  const members = new MemberRuns(lines);
  const { panels, finalStatus } = consolePanels(lines);
  let panel = 0;
  // test-invoke outputs no JSON reader takes: printed as YAML, or JSON cut off inside its log.
  const cutOutputs = new Set(cutTestInvokes(lines));
  const yamlOutputs = [...yamlTestInvokes(lines), ...cutOutputs].sort((a, b) => a.from - b.from);
  let yamlOutput = 0;
  const statuses = [...finalStatus];
  let nextStatus = 0;
  /** Adds each panel status due after a line before `index` (a line may be skipped as part of an object). */
  const addStatusesBefore = (index: number): void => {
    for (let due = statuses[nextStatus]; due !== undefined && due[0] < index; due = statuses[++nextStatus]) {
      events.push({ id: `${name}:${due[0] + 1}.status`, timestamp: 0, message: due[1] });
    }
  };
  let previous = '';
  /**
   * A header of `aws logs tail --format json` at `index` and the JSON message below it, as the one
   * line `--format detailed` prints for the event (the parser takes the header's time off it, and
   * gives it to a line that logs none): the header is no event of its own.
   */
  const tailJsonAt = (index: number): { text: string; end: number } | undefined => {
    const line = lines[index] ?? '';
    if (!isTailJsonHead(line)) return undefined;
    const overObject = lines[index + 1]?.trimEnd() === '{';
    const value = overObject ? undefined : tailJsonValueBelow(lines, index);
    if (value === undefined && !overObject) return undefined;
    const object = overObject ? pretty.at(index + 1, '') : undefined;
    if (object) return { text: `${line.trimEnd()} ${object.text}`, end: object.end };
    // A message that is no JSON object (an array, a scalar, nothing): one event of its own, whose
    // header is no execution line (that would be a request with no id).
    if (value !== undefined && value !== 'cut') return value;
    // An object or array cut short (a hand-trimmed copy): the header is its time alone, which dates
    // the next event, never an execution line of its own; the value's lines are read as they are.
    return { text: line.slice(0, line.indexOf(' ')), end: index };
  };
  /** The pretty-printed object the loop below would read at `index`, if any. */
  const wholeObjectAt = (index: number) =>
    (lines[index] ?? '').trimEnd().endsWith('{') ? pretty.at(index, previous, inArray) : undefined;
  /**
   * Whether the lines read last are a JSON array of objects on lines of their own: its `[` alone on
   * a line, then objects read whole, one after another. Its `]` is punctuation only then.
   */
  let inArray = false;
  /** Whether the last line holding a tab was split into messages (its last one may go on below). */
  let afterJoined = false;
  for (let index = 0; index < lines.length; index++) {
    if (checkpoint !== undefined && (index + 1) % CHECKPOINT_EVERY === 0) checkpoint();
    addStatusesBefore(index);
    const id = `${name}:${index + 1}`;
    // An output whose first line another reader took (an object, a panel) is passed over.
    while ((yamlOutputs[yamlOutput]?.from ?? Number.POSITIVE_INFINITY) < index) yamlOutput += 1;
    let yaml = yamlOutputs[yamlOutput];
    // A log string that only looked cut, going on over the next lines of an object that closes (a
    // copy from a document breaks long strings): the object reader below reads it whole, once.
    if (index === yaml?.from && cutOutputs.has(yaml) && (wholeObjectAt(index)?.end ?? -1) > yaml.to) {
      yamlOutput += 1;
      yaml = undefined;
    }
    if (index === yaml?.from) {
      // test-invoke output as YAML, or cut inside its log: the log is read, the other keys are no log lines.
      pushAll(events, testInvokeEvents(yaml.value, id));
      index = yaml.to;
      yamlOutput += 1;
      inArray = false;
      while ((panels[panel]?.from ?? Number.POSITIVE_INFINITY) <= index) panel += 1;
      previous = '';
      continue;
    }
    const current = panels[panel];
    if (index === current?.from) {
      // The console's own panel: its status is read, its response is no log line.
      current.events.forEach((message, i) => {
        events.push({ id: `${id}.panel.${i + 1}`, timestamp: 0, message });
      });
      index = current.to;
      panel += 1;
      inArray = false;
      previous = '';
      continue;
    }
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    // An expanded row's repeat of the message above (and the Copy button over it): the same event.
    const copy = line.endsWith('Copy') && line.trim() === 'Copy';
    if (copy || (index > 0 && mayBeGapLine(lines[index - 1] ?? ''))) {
      const repeat = copy ? filledAfter(lines, index) : index;
      if (repeat < lines.length && isExpandedRepeat(lines, repeat)) {
        index = repeat;
        continue;
      }
    }
    // The brackets of a JSON array of objects (Logs Insights results copied as JSON) on lines of
    // their own: punctuation around the objects read below, no line of their own. Brackets inside a
    // body (`"errors": [` … `],`) stay its lines.
    if (opensObjectArray(lines, index, previous) || (inArray && closesArray(line))) {
      inArray = !inArray;
      previous = line;
      continue;
    }
    // A test-invoke log printed as a JSON string (`--query log`, or jq without -r): its lines.
    const logString = line.startsWith('"Execution log for request ') ? tryJson(line.trim()) : undefined;
    if (typeof logString === 'string') {
      pushAll(events, testInvokeEvents({ log: logString }, id));
      previous = line;
      inArray = false;
      continue;
    }
    const object: { text: string; end: number } | undefined = line.trimEnd().endsWith('{')
      ? pretty.at(index, previous, inArray)
      : opensMember(line.trimStart())
        ? members.at(index, previous)
        : (tailJsonAt(index) ?? wrappedObjectAt(lines, index, previous));
    const row = object ? undefined : (objectInRow(line) ?? spacedRow(line));
    const message = object?.text ?? row?.message ?? line;
    // An object after a log line ending in `:` is a response body; others may wrap log lines.
    const afterBodyHeader = opensBody(previous, '');
    previous = object ? '}' : line;
    if (object) index = object.end;
    // An array's objects follow one another; any other line ends it.
    inArray &&= object !== undefined;
    // boto3's test_invoke_method response as Python prints it: a dict's repr, not JSON.
    const printed = afterBodyHeader ? undefined : pythonTestInvoke(message);
    if (printed !== undefined) {
      pushAll(events, testInvokeEvents(printed, id));
      continue;
    }
    const wrapper =
      message.startsWith('{') && !afterBodyHeader && /"(?:message|log)"/.test(message)
        ? tryJson(message)
        : undefined;
    const event = loggedEvent(wrapper);
    if (event) events.push({ id, ...event });
    else if (isRecord(wrapper) && isTestInvokeOutput(wrapper)) pushAll(events, testInvokeEvents(wrapper, id));
    else {
      const joined: string[] | undefined = object
        ? undefined
        : (tabJoinedMessages(message, afterJoined) ??
          (afterBodyHeader ? undefined : concatenatedObjects(message)));
      if (message.includes('\t')) afterJoined = joined !== undefined;
      if (joined)
        pushAll(
          events,
          joined.map((piece, i) => ({ id: `${id}.${i + 1}`, timestamp: 0, message: piece })),
        );
      else events.push({ id, timestamp: row?.timestamp ?? 0, message });
    }
  }
  addStatusesBefore(lines.length);
  return { source: { name }, events };
}
