/**
 * Parses a batch of log events (one delivery or one file) into access records and execution-log lines.
 * A line that is neither becomes a counted unparsed result with a reason; nothing here throws on input.
 */
import { type AccessParse, mayBeAccessLine, parseAccessLine } from './access-log';
import { epochTextMs } from './epoch-time';
import {
  elidedIdStem,
  isExecutionHeader,
  isKnownExecutionMessage,
  isLambdaRuntimeLine,
  PLACEHOLDER_TIME,
  readExecutionLine,
  requestIdNamedIn,
  splitConsoleEntries,
} from './execution-log';
import { executionLogGroupApi } from './execution-log-group';
import { isoTimeMs } from './iso-time';
import {
  addMessageFacts,
  addRecordFacts,
  addSourceFacts,
  contradiction,
  noFacts,
  type RequestFacts,
} from './same-request';
import { unwrapShippedRecord } from './shipped-record';
import { sampleOf } from './text-head';
import {
  type AccessLogRecord,
  ANONYMOUS_ID_PREFIX,
  CHECKPOINT_EVERY,
  type Checkpoint,
  type ExecutionLogLine,
  type LogBatch,
  type LogEvent,
  type LogSource,
  type ParsedBatch,
  UNPARSED_REASON,
  type UnparsedLine,
} from './types';
import { unwrapVendedRecord, type VendedRecord } from './vended-record';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ISO_TIME = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})`;
/** How a log line starts: `(id) …`, `{…`, `<request …`, or an IPv4/IPv6 address (CLF, CSV). */
const LOG_LINE_START = String.raw`(?=\(\S+\) |\{|<request|\d{1,3}(?:\.\d{1,3}){3}[ ,]|[0-9a-fA-F]*:[0-9a-fA-F:]+[ ,])`;

/**
 * `aws logs tail` prints each event as `<ISO time> <log stream> <message>`. The prefix is taken off
 * only when the message after it starts as a log line does; also with a placeholder a page put for
 * the time (`<timestamp>`), which dates nothing (hence the `i` flag; no real prefix depends on case).
 * A stream starts with no `{` or `(`: that word is a message's own, as after an export's
 * `<ISO time> ` (CreateExportTask), where a JSON line's User-Agent `(platform) ` would pass for the
 * line after a stream.
 */
const CLI_TAIL = new RegExp(`^(?:(${ISO_TIME})|${PLACEHOLDER_TIME}) (?![{(])\\S+ ${LOG_LINE_START}`, 'i');
/**
 * CLI_TAIL's prefix alone, taken off before a known message with no `(id) ` (logs written until 2017
 * or so). Its stream is one API Gateway writes (GATEWAY_OR_LAMBDA_STREAM): a word there is a
 * message's (`<time> Verifying Usage Plan …`, an application's `<time> web01 Execution failed …`).
 */
const CLI_TAIL_PREFIX = new RegExp(`^(?:(${ISO_TIME})|${PLACEHOLDER_TIME}) ((?![{(])\\S+) `, 'i');

/** CLI_TAIL's prefix before a message API Gateway writes, as bareExecutionGroupPrefix reads awslogs'. */
function tailBeforeKnownMessage(line: string): RegExpExecArray | null {
  const prefix = CLI_TAIL_PREFIX.exec(line);
  return prefix &&
    GATEWAY_OR_LAMBDA_STREAM.test(prefix[2] ?? '') &&
    isKnownExecutionMessage(line.slice(prefix[0].length))
    ? prefix
    : null;
}

/**
 * `awslogs get` prints `<log group> <log stream> [<time> [<ingestion time>]] <message>`, the stream
 * padded with spaces to the longest one. Without times, the two words are only taken for a prefix
 * when the first is an API Gateway log group name (`/aws/…`, `API-Gateway-Execution-Logs_…`) or the
 * second is one of the 32-hex-digit streams API Gateway writes to; a log line must follow either way.
 * A time may be a placeholder a page put for it (`<timestamp>`), as in CLI_TAIL: it dates nothing.
 */
const GROUP_STREAM_TIME = new RegExp(
  `^(?:\\S+ +\\S+ +(?:(${ISO_TIME})|${PLACEHOLDER_TIME}) +(?:(?:${ISO_TIME}|${PLACEHOLDER_TIME}) +)?${LOG_LINE_START}|(?:/|API-Gateway-Execution-Logs_)\\S* +\\S+ +${LOG_LINE_START}|\\S+ +[0-9a-f]{32} +${LOG_LINE_START})`,
  'i',
);

/**
 * The same `awslogs get` prefix of an execution log group before a message with no `(id) ` of its
 * own, as execution logs were written until 2017 or so; taken off only before a known message. Its
 * times, the event's and the ingestion's, are each optional (and may be placeholders); a zone too
 * (awslogs prints `Z`).
 */
const AWSLOGS_TIME = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?`;
const EXECUTION_GROUP_STREAM = new RegExp(
  `^API-Gateway-Execution-Logs_\\S+ +\\S+ +(?:(?:(${AWSLOGS_TIME})|${PLACEHOLDER_TIME}) +(?:(?:${AWSLOGS_TIME}|${PLACEHOLDER_TIME}) +)?)?`,
  'i',
);

/**
 * `sam logs` prints `<log stream> <time> <message>`: for API Gateway the stream is a 32-hex-digit
 * name, and the time is UTC with no zone and up to six fraction digits (the SAM CLI's
 * `utcfromtimestamp(…).isoformat()`).
 */
const SAM_LOGS = new RegExp(
  `^[0-9a-f]{32} (\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?) ${LOG_LINE_START}`,
);

/**
 * A log stream's name before a tab: no `{` or `(` first (a message's own), and not letters alone,
 * which is a log level (`WARN\t(worker-1) Unable to …` is an application's line, not a stream's);
 * API Gateway's streams are 32 hex digits, a Lambda function's `YYYY/MM/DD/[version]…`.
 */
const TAB_STREAM = String.raw`((?![{(])(?![A-Za-z]+\t)\S+)\t`;
/**
 * The streams API Gateway and Lambda write (32 hex digits; `YYYY/MM/DD/[version]…`): before an
 * execution line's `(id) ` only these are taken for a stream, since an application's line puts a host
 * or a thread there (`web01\t(job-12345) Execution failed …`), where a JSON or CLF access line after
 * any stream reads as one only if it is one.
 */
const GATEWAY_OR_LAMBDA_STREAM = /^(?:[0-9a-f]{32}|[^\s/]*\/\S*)$/;

/**
 * `aws logs filter-log-events --query 'events[*].[timestamp,message]' --output text` (also
 * `[logStreamName,message]` and `[timestamp,logStreamName,message]`): the columns asked for,
 * tab-separated, the time in epoch milliseconds (10 digits, seconds, from a script's own export).
 * Taken off only before a log line's start, as CLI_TAIL is: a tab-separated file's other text stays whole.
 */
const EPOCH_STREAM_TAB = new RegExp(
  `^(?:(\\d{13}|\\d{10})\\t(?:${TAB_STREAM})?|${TAB_STREAM})${LOG_LINE_START}`,
);

/**
 * A time alone before a log line: the console's table copy (`<time><TAB><message>`), Logs Insights'
 * (`2026-11-25 14:02:11.123<TAB>…`, or with API Gateway's 32-hex-digit `@logStream` column between)
 * and `aws logs tail --format short` (`2026-11-25T14:02:11 …`).
 * Taken off so an access line behind it is read as one, not as an execution message.
 */
const TIME_THEN_LINE = new RegExp(
  `^(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)[\\t ]+(?:[0-9a-f]{32}\\t)?${LOG_LINE_START}`,
);

/**
 * A date and time written with slashes before a log line (`04/21/2022 18:27:42: {…}`, as a published
 * guide shows access lines copied with their time). Month first or day first cannot be told apart,
 * so it dates nothing: the line's own time does.
 */
const SLASHED_TIME = /^\d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}:\d{2}(?:[.,]\d+)?:?[\t ]+/;
const SLASHED_TIME_THEN_LINE = new RegExp(`${SLASHED_TIME.source}${LOG_LINE_START}`);

/**
 * A time of day alone before a log line (`17:04:03 (id) …`), as the old CloudWatch console's time
 * column copies with its events. With no date, it dates nothing either.
 */
const TIME_OF_DAY = /^\d{2}:\d{2}:\d{2}(?:[.,]\d{1,3})?[\t ]+/;
const TIME_OF_DAY_THEN_LINE = new RegExp(`${TIME_OF_DAY.source}${LOG_LINE_START}`);

/** SLASHED_TIME or TIME_OF_DAY before a log line, or before a message API Gateway writes. */
function undatedTimePrefix(line: string): RegExpExecArray | null {
  const first = line.charCodeAt(0);
  if (first < 48 /* 0 */ || first > 57 /* 9 */) return null;
  const [time, thenLine] =
    line.charCodeAt(2) === 58 /* : */
      ? [TIME_OF_DAY, TIME_OF_DAY_THEN_LINE]
      : [SLASHED_TIME, SLASHED_TIME_THEN_LINE];
  const before = thenLine.exec(line);
  if (before) return before;
  const prefix = time.exec(line);
  return prefix && isKnownExecutionMessage(line.slice(prefix[0].length)) ? prefix : null;
}

/**
 * A time alone on its line: the CloudWatch console's copy of selected events (and pastes of it) puts
 * each event's time on a line of its own, above the message. It dates the line after it, which
 * starts a new event, and is no log line itself.
 */
const TIME_ALONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** TIME_ALONE, whose match starts with a digit: the first character keeps its regex off nearly every line. */
export function isTimeAlone(line: string): boolean {
  const first = line.charCodeAt(0);
  return first >= 48 /* 0 */ && first <= 57 /* 9 */ && TIME_ALONE.test(line);
}

/** The CloudWatch console's "Copy" button, maybe behind the same paste marks as the lines around it. */
function isCopyButton(line: string): boolean {
  return line.endsWith('Copy') && line.slice(PASTE_INDENT.exec(line)?.[0].length ?? 0) === 'Copy';
}

/** A log line's own first character: such a line has no export prefix to take off. */
function startsAsLogLine(line: string): boolean {
  const first = line.charCodeAt(0);
  return first === 40 /* ( */ || first === 123 /* { */ || first === 60 /* < */ || first === 34 /* " */;
}

/**
 * White space, Markdown quote marks (`> `), list markers (`- `, `* `, `+ `, `• `, `1. `) and comment
 * marks (`#`, `//`) in front of a pasted line. At most MAX_PASTE_MARKS of them: the regex engine
 * recurses once per repetition, and a line of millions of marks (`- - - …`) overflowed the stack.
 * Each round of withoutPasteIndent takes as many; a line with more than its rounds take is left whole.
 */
const MAX_PASTE_MARKS = 64;
const PASTE_INDENT = new RegExp(
  String.raw`^(?:[ \t]*(?:>|#|\/\/|(?:[-*+•]|\d{1,3}[.)])(?=[ \t]))){0,${MAX_PASTE_MARKS}}[ \t]*`,
);
/**
 * Quotes or backticks around a message pasted into a sentence, and the sentence's stop after them:
 * ASCII pairs, and the typographic ones that word processors and localized pages print.
 */
const QUOTED = /^(?:(["'`])(.+)\1|“(.+)”|‘(.+)’|„(.+)[“”]|«[ \u00a0]?(.+?)[ \u00a0]?»|「(.+)」)[.,;:]?$/;

/**
 * The message inside quotes. Between double quotes it is often a JSON string (the AWS CLI prints
 * `--query 'events[].message'` as an array of them), whose escapes are read: a body's `\"errorType\"`
 * is `"errorType"` to the rules.
 */
function quotedText(text: string): string | undefined {
  if (!opensQuote(text.charCodeAt(0))) return undefined;
  const m = QUOTED.exec(text);
  if (m === null) return undefined;
  const inner = m[2];
  if (inner === undefined) return m[3] ?? m[4] ?? m[5] ?? m[6] ?? m[7];
  if (m[1] !== '"' || !inner.includes('\\')) return inner;
  try {
    const decoded: unknown = JSON.parse(`"${inner}"`);
    return typeof decoded === 'string' ? decoded : inner;
  } catch {
    return inner;
  }
}

/** Whether a character opens one of QUOTED's pairs: most lines start otherwise, and skip its regex. */
function opensQuote(first: number): boolean {
  return (
    first === 34 /* " */ ||
    first === 39 /* ' */ ||
    first === 96 /* ` */ ||
    first === 0x201c /* “ */ ||
    first === 0x2018 /* ‘ */ ||
    first === 0x201e /* „ */ ||
    first === 0xab /* « */ ||
    first === 0x300c /* 「 */
  );
}

/** Whether a line's first character may start a paste mark: white space, `>`, `#`, `/`, a list marker or a quote. */
function mayHavePasteMarks(first: number): boolean {
  return (
    first === 32 /* space */ ||
    first === 9 /* tab */ ||
    first === 62 /* > */ ||
    first === 35 /* # */ ||
    first === 47 /* / */ ||
    first === 45 /* - */ ||
    first === 42 /* * */ ||
    first === 43 /* + */ ||
    first === 0x2022 /* • */ ||
    (first >= 48 /* 0 */ && first <= 57) /* 9: `1. ` */ ||
    opensQuote(first)
  );
}

/**
 * A writer's label in front of a pasted line (`API Gateway execution log: "…"`, `CloudWatch log == …`,
 * `Logs: \`…\``, `check logs: "…"`) or the key of a log event written out as an object (`message: "(id) …",`; its quote,
 * maybe empty, is group 1). Taken off only when what follows reads as a log line, as the other paste
 * marks are; after the key, only when it reads as a whole event (see withoutPasteIndent).
 */
const LOG_LABEL =
  /^(?:(?:check(?:ing)?[ \t]+(?:the[ \t]+)?)?(?:(?:API ?Gateway|APIGW|CloudWatch)[ -]?)?(?:execution[ -])?logs?(?: (?:says?|said|shows?|showed))?|(["']?)@?(?:message|msg)\1)[ \t]*(?::|==?|=>|->|—|–)[ \t]*/i;

/** LOG_LABEL's `check logs:` / `checking the logs:`, an instruction's opening as often as a paste's label. */
const CHECK_LABEL = /^check/i;

/** Whether a line's first character may start LOG_LABEL: A, C, E, L or M in either case, `@` or a quote. */
function mayStartLogLabel(first: number): boolean {
  const upper = first & ~32;
  return (
    upper === 65 /* A */ ||
    upper === 67 /* C */ ||
    upper === 69 /* E */ ||
    upper === 76 /* L */ ||
    upper === 77 /* M */ ||
    first === 64 /* @ */ ||
    first === 34 /* " */ ||
    first === 39 /* ' */
  );
}
/** A CloudWatch `(id) ` prefix, an IP address (CLF, CSV) or `<request`: how a log line starts. */
const LOG_LINE_AT_START = new RegExp(`^${LOG_LINE_START}`);

/** Whether text reads as an access line, in any format parseAccessLine knows. */
function isAccessLine(text: string): boolean {
  return mayBeAccessLine(text) && parseAccessLine(text)?.ok === true;
}

/**
 * A line pasted from an indented code block, a list, a quote or a code comment, behind a writer's
 * label, or quoted in a sentence (`"Execution failed …".`), without those marks: only when what
 * follows starts as a log line does (a request id prefix, a stamp, a known message, a whole JSON
 * object), so the indentation of a pretty-printed body is kept. CloudWatch itself never stores a line
 * behind white space.
 */
function withoutPasteIndent(line: string): string {
  const first = line.charCodeAt(0);
  // Nearly every line (CloudWatch's `(id) …`, a JSON access line) has no mark: no work, no allocation.
  if (first === 40 /* ( */ || (first === 123 /* { */ && line.endsWith('}'))) return line;
  let text = line;
  /** Whether an event object's `message` key was taken off. */
  let keyed = false;
  /** Whether a `check logs:` label was taken off with no quote after it: a sentence may follow. */
  let checkedBare = false;
  /** The text before each run of marks or label was taken off, outermost first, with where its marks end (0 for a label). */
  const stages: [text: string, marksEnd: number][] = [];
  // Marks nest (`- Logs: \`…\``, `"message": "…",`): a few rounds take them off in any order.
  for (let round = 0; round < 3; round++) {
    const before = text;
    const indent = mayHavePasteMarks(text.charCodeAt(0)) ? (PASTE_INDENT.exec(text)?.[0].length ?? 0) : 0;
    if (indent > 0) {
      stages.push([text, indent]);
      text = text.slice(indent);
    }
    const label = mayStartLogLabel(text.charCodeAt(0)) ? LOG_LABEL.exec(text) : null;
    if (label !== null) {
      stages.push([text, 0]);
      text = text.slice(label[0].length);
      if (label[1] !== undefined) keyed = true;
    }
    const unquoted = quotedText(text) ?? unpairedQuoteOff(text);
    // `Check logs:` opens instructions as often as a paste: a known message after it counts only quoted.
    if (label !== null && CHECK_LABEL.test(label[0]) && unquoted === text) checkedBare = true;
    text = unquoted;
    if (text === before) break;
  }
  if (text === line || text === '') return line;
  if (text.startsWith('{')) return text.endsWith('}') ? text : line;
  // A stamped execution line or a header reads whole: no access line's fields are in its marks.
  if (readExecutionLine(text).stamped || isExecutionHeader(text)) return text;
  if (isAccessLine(text)) return text;
  // What looked like marks may be an access line's own first fields: a custom format's caller and
  // user (`- - 10.0.0.1 [time] …`) or its first key (`message: Forbidden, requestId: …, status: 403`).
  // The innermost text that reads as an access line is that line.
  for (let i = stages.length - 1; i >= 0; i--) {
    const [stage, marksEnd] = stages[i] ?? ['', 0];
    const access =
      marksEnd > 0 ? accessLineAmongMarks(stage, marksEnd) : isAccessLine(stage) ? stage : undefined;
    if (access !== undefined) return access;
  }
  // What a `message` key holds is a whole event (`(id) …`, a stamp, a header, an object, an access
  // line): `"message": "Forbidden"` is API Gateway's response body, or a template's, or a test's
  // expectation, and a pretty-printed body's line stays in its body. After other marks, a known
  // message or a time alone is a log line too.
  if (LOG_LINE_AT_START.test(text)) return text;
  return !keyed && !checkedBare && (isKnownExecutionMessage(text) || isTimeAlone(text)) ? text : line;
}

/** A backslash escape of a JSON or YAML double-quoted string: a line break, a tab, a quote. */
const STRING_ESCAPE = /\\[nrt"]/;

/** A quote or backtick closing a message at a line's end, maybe with the sentence's stop after it. */
const CLOSING_QUOTE = /(["`])[.,;]?$/;

/**
 * The text without a double quote or backtick a page opened on one line and closed on another, as it
 * quotes a log of several lines (`"Thu May 04 … : Execution failed …` … `… : Method completed with
 * status: 500"`; a Markdown code span over two lines): a line's first or last one, when the line holds
 * an odd number of them. A line CloudWatch stores starts with `(` or `{`, and keeps its quotes; so do a
 * line that reads as an access line with them and the start or end of an escaped string.
 */
function unpairedQuoteOff(text: string): string {
  const first = text.charCodeAt(0);
  if (first === 40 /* ( */ || first === 123 /* { */) return text;
  const typographic = unpairedTypographicQuoteOff(text);
  if (typographic !== undefined) return typographic;
  const closing = first === 34 /* " */ || first === 96 /* ` */ ? undefined : CLOSING_QUOTE.exec(text);
  const quote = closing ? (closing[1] ?? '"') : text.charAt(0);
  if (quote !== '"' && quote !== '`') return text;
  let quotes = 0;
  for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) quotes += 1;
  // An access line's field may hold a quote unescaped (CLF's user agent `foo"bar`): a line that reads
  // as one with its quotes keeps them. A JSON or YAML string folded over lines (test-invoke's `log:
  // "Execution log for request <id>\nTue Oct 12`) escapes its breaks: no page's quote does.
  if (quotes % 2 === 0 || STRING_ESCAPE.test(text) || isAccessLine(text)) return text;
  return closing ? text.slice(0, text.lastIndexOf(quote)) : text.slice(1);
}

/**
 * Typographic quotes a localized page opens on one line and closes on another, as it quotes a log of
 * several lines (AWS Knowledge Center editions: Spanish `«Sending request …` … `… status: 500».`,
 * German `„Sending request …` … `… 500“`, Chinese and Japanese `「…」`, English `“…”`): each opening
 * quote with the closing ones it takes (German closes `„` with `“`, which opens a quote elsewhere).
 * Single quotes are left out: `’` is an apostrophe as often (`doesn’t`).
 */
const TYPOGRAPHIC_CLOSERS_OF: Readonly<Record<string, string>> = {
  '“': '”',
  '„': '“”',
  '«': '»',
  '「': '」',
};
/** Each closing quote with the opening ones that take it. */
const TYPOGRAPHIC_OPENERS_OF: Readonly<Record<string, string>> = {
  '”': '“„',
  '“': '„',
  '»': '«',
  '」': '「',
};
/** A closing typographic quote. */
const TYPOGRAPHIC_CLOSER = /[”“»」]/;
/** A closing typographic quote at a line's end, maybe with the sentence's stop after it. */
const TYPOGRAPHIC_CLOSING = /[ \u00a0]?([”“»」])[.,;。]?$/;

/**
 * The text without a typographic quote opened on it and closed on another line, or closed on it and
 * opened above: a line's first or last one, when the line holds none of its partners. Undefined when
 * the line has no such quote, for unpairedQuoteOff's straight quotes to be looked at.
 */
function unpairedTypographicQuoteOff(text: string): string | undefined {
  const closers = TYPOGRAPHIC_CLOSERS_OF[text.charAt(0)];
  if (closers !== undefined && !hasAnyOf(text.slice(1), closers)) {
    // French and Spanish pages may set a space inside guillemets (`« Sending …`).
    return text.slice(text.charAt(0) === '«' && /^«[ \u00a0]/.test(text) ? 2 : 1);
  }
  // Most lines end otherwise: look at the last two characters before running the regex over the line.
  if (!TYPOGRAPHIC_CLOSER.test(text.slice(-2))) return undefined;
  const closing = TYPOGRAPHIC_CLOSING.exec(text);
  const openers = closing ? TYPOGRAPHIC_OPENERS_OF[closing[1] ?? ''] : undefined;
  if (closing === null || openers === undefined || hasAnyOf(text.slice(0, closing.index), openers)) {
    return undefined;
  }
  return text.slice(0, closing.index);
}

/** Whether text holds any of the characters of `chars`. */
function hasAnyOf(text: string, chars: string): boolean {
  for (const c of chars) if (text.includes(c)) return true;
  return false;
}

/** One paste mark of PASTE_INDENT, with the white space before it. */
const PASTE_MARK = /[ \t]*(?:>|#|\/\/|(?:[-*+•]|\d{1,3}[.)])(?=[ \t]))/y;
/** How many of a run's last marks may be an access line's first fields: CLF's caller and user, and one more. */
const MARKS_AS_FIELDS = 3;

/**
 * The innermost access line that starts at one of the last marks of the run that ends at `end`
 * (`- - 10.0.0.1 [time] …`, maybe as a list item: its caller and user are no marks), if one does.
 */
function accessLineAmongMarks(text: string, end: number): string | undefined {
  const starts: number[] = [];
  PASTE_MARK.lastIndex = 0;
  while (PASTE_MARK.lastIndex < end) {
    const at = PASTE_MARK.lastIndex;
    if (!PASTE_MARK.test(text)) break;
    if (starts.push(at) > MARKS_AS_FIELDS) starts.shift();
  }
  for (let i = starts.length - 1; i >= 0; i--) {
    const candidate = text.slice(starts[i]).trimStart();
    // Of the marks, only `-` is ever a field's value (API Gateway's for one it has none).
    if (candidate.charCodeAt(0) === 45 /* - */ && isAccessLine(candidate)) return candidate;
  }
  return undefined;
}

/** The time and length of an export tool's prefix in front of a log line, if there is one. */
function exportPrefix(line: string): RegExpExecArray | null {
  // Of those, only a placeholder time (`<timestamp> <stream> {…}`) may be an export's prefix.
  if (startsAsLogLine(line)) return line.charCodeAt(0) === 60 /* < */ ? CLI_TAIL.exec(line) : null;
  return (
    CLI_TAIL.exec(line) ??
    GROUP_STREAM_TIME.exec(line) ??
    SAM_LOGS.exec(line) ??
    TIME_THEN_LINE.exec(line) ??
    epochOrStreamPrefix(line) ??
    undatedTimePrefix(line) ??
    bareExecutionGroupPrefix(line) ??
    tailBeforeKnownMessage(line)
  );
}

/** The time an export prefix carries: ISO 8601, or EPOCH_STREAM_TAB's epoch digits. */
function prefixTimeMs(time: string | undefined): number | undefined {
  if (time === undefined) return undefined;
  return /^\d+$/.test(time) ? epochTextMs(time) : isoTimeMs(time);
}

/** EPOCH_STREAM_TAB, whose every match has a tab within a log stream's length: most lines have none. */
function epochOrStreamPrefix(line: string): RegExpExecArray | null {
  const tab = line.indexOf('\t');
  if (tab <= 0 || tab > MAX_STREAM_CHARS) return null;
  const prefix = EPOCH_STREAM_TAB.exec(line);
  const stream = prefix?.[2] ?? prefix?.[3];
  return prefix === null ||
    stream === undefined ||
    line.charCodeAt(prefix[0].length) !== 40 /* ( */ ||
    GATEWAY_OR_LAMBDA_STREAM.test(stream)
    ? prefix
    : null;
}

/** CloudWatch Logs' longest log stream name. */
const MAX_STREAM_CHARS = 512;

/** EXECUTION_GROUP_STREAM before a known message, with its time when awslogs printed one. */
function bareExecutionGroupPrefix(line: string): RegExpExecArray | null {
  if (!line.startsWith('API-Gateway-Execution-Logs_')) return null;
  const prefix = EXECUTION_GROUP_STREAM.exec(line);
  return prefix && isKnownExecutionMessage(line.slice(prefix[0].length)) ? prefix : null;
}

/**
 * Lines longer than this many characters (UTF-16 code units, `line.length`, not bytes) are cut before
 * parsing. API Gateway writes none this long (it cuts execution
 * lines at 1 KiB), but CloudWatch Logs has taken events of up to 1 MB since April 2025 (256 KiB before),
 * and pasted or exported text can hold anything.
 */
export const MAX_LINE_CHARS = 256 * 1024;

interface Context {
  id: string | undefined;
  readonly anonymousKey: string;
  /** Lines given to it so far. */
  lines: number;
  /** The furthest phase its lines show the request reached. */
  phase: TrailPhase;
  /** The phases whose opening line it holds (bit 1 << phase): a second one is another request. */
  opened: number;
  /** Whether its `Method completed with status` line has been read: API Gateway's last word on it. */
  completed: boolean;
  /** Whether it has a line that opens a trail (`Starting execution`, `Extended Request Id`). */
  begun: boolean;
  /** The latest time its lines carry, if any does. */
  latestMs: number | undefined;
  /** The time its `Method completed` line carries, if it does. */
  completedMs: number | undefined;
  /** Whether its `Method completed` status is a success: the excerpt of a failure below is not its. */
  succeeded: boolean;
  /**
   * The request it was split from only because that one had completed, its own first line opening
   * nothing and naming no id: lines pasted out of order may be that request's (see withOutOfOrderLines).
   */
  after: Context | undefined;
  /** Which of the lines API Gateway writes once per request, before its end, it holds (ONCE_BEFORE_END bits). */
  held: number;
}

/**
 * Lines API Gateway writes once per request, before its `Method completed`: the method's request, the
 * call to the integration and its answer (not the endpoint request lines, which a Lambda authorizer's
 * call writes too: the real GH-peterbonanni-iso-authorizer-allow-200 trail holds them twice). A
 * request's lines pasted out of order below it never hold one it holds itself.
 */
const ONCE_BEFORE_END = [
  /^HTTP Method: /,
  /^Method request path: /,
  /^Method request query string: /,
  /^Method request headers: /,
  /^Method request body before transformations: /,
  /^Sending request to /,
  /^Received response\b/,
  /^Endpoint response headers: /,
  /^Endpoint response body before transformations: /,
  /^Method response body after transformations: /,
  /^Method response headers: /,
] as const;
const ONCE_BEFORE_END_ANY = new RegExp(ONCE_BEFORE_END.map((line) => `(?:${line.source})`).join('|'));

/** The ONCE_BEFORE_END bit of a line, or 0. */
function onceBeforeEnd(message: string): number {
  if (!ONCE_BEFORE_END_ANY.test(message)) return 0;
  for (let i = 0; i < ONCE_BEFORE_END.length; i++) if (ONCE_BEFORE_END[i]?.test(message)) return 1 << i;
  return 0;
}

const METHOD_COMPLETED = /^Method completed with status:? ?(\d{3})?/;
/**
 * A request's last line, whole: nothing API Gateway writes continues it, so a line after it that is
 * no log line (a page's prose: "earlier it said Task timed out after 3.00 seconds") is not its text.
 */
const ENDS_A_REQUEST = /^Method completed with status:? ?\d{3}$/;
/** What CloudWatch may write after a request's `Method completed` line, still about that request. */
const TRAILER = /^(?:AWS Integration Endpoint RequestId|X-ray Tracing ID)\b/;
/**
 * How long after a request's `Method completed` its trailers are written: at once, as the request ends
 * (a second covers the console's second-long stamps). One timed later belongs to a later request.
 */
const TRAILER_WINDOW_MS = 1000;

/** Whether a line is a trailer of a request that completed at `completedMs`, by its time if both are known. */
function trailsEnd(message: string, timeMs: number | undefined, completedMs: number | undefined): boolean {
  if (!TRAILER.test(message)) return false;
  return timeMs === undefined || completedMs === undefined || timeMs - completedMs <= TRAILER_WINDOW_MS;
}

/**
 * An execution line while its batch is read: a later line may still continue its message. Every
 * one is built with all three keys in this order (requestId undefined until known) so that the
 * lines the join reads have one shape.
 */
interface OpenLine {
  requestId: string | undefined;
  readonly timeMs: number | undefined;
  message: string;
}

/** A line without an id of its own, whose request is known only once its whole context has been read. */
interface BareLine {
  readonly line: OpenLine;
  readonly context: Context;
}

/** An unparsed line's sample, `…` after it when the line went on. */
function sample(text: string): Pick<UnparsedLine, 'sample' | 'cut'> {
  return sampleOf(text, '…');
}

function sourceLabel(source: LogSource): string {
  return source.name ?? source.logGroup ?? 'input';
}

/** A log-delivery record that carries more than its payload: its time, its API or its stage. */
function isScopedRecord(vended: VendedRecord | undefined): boolean {
  return (
    vended !== undefined &&
    (vended.timeMs !== undefined || vended.apiId !== undefined || vended.stage !== undefined)
  );
}

/** A label API Gateway writes its value after on the same line (`Lambda request id: <uuid>`), the value cut off. */
const LABELS_AN_ID = /\brequest id:$/i;

/** Whether `line` continues the message whose last physical line is `previous` (its body header). */
function continuesBody(previous: string, line: string): boolean {
  // Same test as /:\s*$/ (trimEnd strips the same white space as \s) without scanning a long message for colons.
  const header = previous.trimEnd();
  if (!header.endsWith(':')) return false;
  // API Gateway writes Lambda's request id on the line it labels ("… Lambda request id: <uuid>"), never
  // under it: a paste cut at the label leaves the colon, and the next line is the next log line.
  if (LABELS_AN_ID.test(header)) return false;
  // A log-delivery record holds its whole message: the next record is another one, not its body. A
  // body of the caller's own `{"payload":…}` is no record: a record also carries its time, API or stage.
  // A shipper's record of an API Gateway line is another event too.
  if (
    line.charCodeAt(0) === 123 /* { */ &&
    (isScopedRecord(unwrapVendedRecord(line)) || unwrapShippedRecord(line) !== undefined)
  )
    return false;
  const shape = readExecutionLine(line);
  // The console's `Execution log for request …` header opens another test's output, never a body's text.
  return (
    !shape.stamped &&
    shape.foreign === undefined &&
    !isKnownExecutionMessage(shape.message) &&
    !isExecutionHeader(shape.message)
  );
}

/**
 * The shape of nearly every event in an execution log group, read on its own: one `(id) message`
 * line. Anything else (several lines, no id) returns undefined and takes the general path. A
 * prefixed line is stamped, so it never continues the previous message's body, and is never split at
 * a console stamp inside it (splitConsoleEntries).
 *
 * A request's lines come one after another. When a line starts with `(`, the previous line's id
 * and `)`, that id string is reused: the id is whole (it was read by the same prefix rule, and `)`
 * cannot be part of one), so readExecutionLine would read the same prefix, and the join then hashes
 * one string per request instead of a fresh one per line.
 */
function prefixedLine(event: LogEvent, previousId: string | undefined): OpenLine | undefined {
  const text = event.message;
  if (text.charCodeAt(0) !== 40 /* ( */ || text.includes('\n')) return undefined;
  let line = text.trimEnd();
  if (line.length > MAX_LINE_CHARS) line = line.slice(0, MAX_LINE_CHARS);
  // indexOf(…, 1) === 1 means startsWith(…, 1), but previousId is a slice of an earlier line and
  // V8's startsWith leaves its fast path for a slice, calling into the runtime on every line; indexOf
  // reads slices directly. This halved the time parseBatch takes per execution delivery.
  if (
    previousId !== undefined &&
    line.charCodeAt(previousId.length + 1) === 41 /* ) */ &&
    line.indexOf(previousId, 1) === 1
  ) {
    // The prefix's space is optional, as in readExecutionLine.
    const end = previousId.length + 2;
    const message = line.slice(line.charCodeAt(end) === 32 /* space */ ? end + 1 : end);
    return { requestId: previousId, timeMs: event.timestamp, message };
  }
  const shape = readExecutionLine(line);
  if (shape.requestId === undefined) return undefined;
  return { requestId: shape.requestId, timeMs: event.timestamp, message: shape.message };
}

/**
 * How far an access line's own time may run ahead of the CloudWatch event that stores it. API Gateway
 * stamps the event with the request's arrival time (real `aws logs tail` output: the stored time
 * equals requestTimeEpoch to the millisecond), so the request's time is never after its event's; a time
 * further ahead was misread or written in the wrong zone (a local wall-clock time with a `Z`), and,
 * counted there, would open an incident in a window hours ahead that holds back every alert before
 * it. The event's time is the better one: PutLogEvents refuses events more than 2 hours ahead of
 * the writer's clock. A time before the event's is kept: a slow request, a late write, or an old
 * export replayed into the group, whose requests did happen then.
 */
const LINE_AHEAD_OF_EVENT_MS = 60_000;

/** The record dated by its stored event (`storedMs`, CloudWatch's own stamp) when its time is ahead of it. */
function notAheadOfEvent(record: AccessLogRecord, storedMs: number): AccessLogRecord {
  return storedMs > 0 && record.timeMs !== undefined && record.timeMs > storedMs + LINE_AHEAD_OF_EVENT_MS
    ? { ...record, timeMs: storedMs }
    : record;
}

/** An access record from a log-delivery record: the record's stage ARN and time fill what the line left out. */
function withVendedScope(record: AccessLogRecord, vended: VendedRecord, eventTime: number): AccessLogRecord {
  return {
    ...record,
    timeMs: record.timeMs ?? (eventTime > 0 ? eventTime : undefined),
    apiId: record.apiId ?? vended.apiId,
    stage: record.stage ?? vended.stage,
  };
}

/** An API Gateway line read out of a record around it, and what the record adds. */
interface UnwrappedLine {
  /** The line, cut to MAX_LINE_CHARS. */
  readonly line: string;
  /** The time the record gives the line, else the event's. */
  readonly eventTime: number;
  readonly parsed: AccessParse | undefined;
  /** The log-delivery record it came from, if it did. */
  readonly vended: VendedRecord | undefined;
  /**
   * Whether a log shipper's record (Datadog, Splunk, Fluent Bit…) held it. Such a record holds its
   * whole event: the record after it, maybe another service's, is none of its message.
   */
  readonly shipped: boolean;
}

/**
 * The line inside a log-delivery record, else inside a log shipper's record, parsed as an access
 * line; undefined when `line` is neither. Called only for a JSON object with none of an access
 * line's fields, which no success path reads.
 */
function unwrapRecord(line: string, eventTime: number): UnwrappedLine | undefined {
  const vended = unwrapVendedRecord(line);
  if (vended !== undefined) {
    const inner = vended.line.length > MAX_LINE_CHARS ? vended.line.slice(0, MAX_LINE_CHARS) : vended.line;
    return {
      line: inner,
      eventTime: vended.timeMs ?? eventTime,
      parsed: parseAccessLine(inner),
      vended,
      shipped: false,
    };
  }
  const shipped = unwrapShippedRecord(line);
  if (shipped === undefined) return undefined;
  const inner = shipped.length > MAX_LINE_CHARS ? shipped.slice(0, MAX_LINE_CHARS) : shipped;
  return { line: inner, eventTime, parsed: parseAccessLine(inner), vended: undefined, shipped: true };
}

/**
 * An access record with the time it is counted at: a format without a time field is dated by its
 * event (CloudWatch stamps every line it stores), a log-delivery record's stage ARN and time fill
 * what the line left out, and a time ahead of the stored event's (`storedMs`) gives way to it.
 */
function datedRecord(
  record: AccessLogRecord,
  vended: VendedRecord | undefined,
  eventTime: number,
  storedMs: number,
): AccessLogRecord {
  const dated =
    vended !== undefined
      ? withVendedScope(record, vended, eventTime)
      : record.timeMs === undefined && eventTime > 0
        ? { ...record, timeMs: eventTime }
        : record;
  return notAheadOfEvent(dated, storedMs);
}

/**
 * The request a context's lines belong to. A context split from a request without a beginning only
 * because that request had completed, which never completes itself, holds lines of that request
 * pasted out of order: the console lists events of one millisecond in any order, and people paste
 * the newest first (aws/aws-cdk#31978: `Method completed` above the `Malformed Lambda proxy response`
 * that caused it). Joined to it, the request keeps both its verdict and its evidence. Lines timed
 * after its `Method completed` are no part of it, nor are lines after a success: they are the excerpt
 * of a later request, cut before its own end, and joined they would make the success a failure.
 */
function withOutOfOrderLines(context: Context): Context {
  const request = context.after;
  if (request === undefined || context.completed || !mayBeRestOf(context, request)) return context;
  request.id ??= context.id;
  return request;
}

/** Whether a context's lines, so far, may be those of the completed request above it, pasted out of order. */
function mayBeRestOf(context: Context, request: Context): boolean {
  if (request.begun || request.succeeded || (context.held & request.held) !== 0) return false;
  if (
    context.latestMs !== undefined &&
    request.completedMs !== undefined &&
    context.latestMs > request.completedMs
  )
    return false;
  return !differentIds(context.id, request.id);
}

/**
 * Whether a line is one the completed request above a context already holds, while the context's
 * lines may be the rest of that request pasted out of order: then the line begins another request
 * (a log pasted twice, newest first: the second copy's `Received response` under the first's end),
 * and the lines before it stay the rest of the request above.
 */
function heldAbove(context: Context, once: number): boolean {
  const request = context.after;
  return (
    once !== 0 &&
    request !== undefined &&
    context.lines > 0 &&
    !context.completed &&
    (request.held & once) !== 0 &&
    mayBeRestOf(context, request)
  );
}

/** Whether two ids, both known, name different requests; compared without case, as UUIDs are. */
function differentIds(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() !== b.toLowerCase();
}

/**
 * The phases of a REST trail, in the order API Gateway logs them: a Lambda authorizer's, the usage
 * plan check, the execution (the real GH-peterbonanni-iso-authorizer-allow-200 trail in
 * test/fixtures/real-successes.json has all three), then the failure that ends it.
 */
const TRAIL_PHASE = { none: 0, authorizer: 1, usagePlan: 2, execution: 3, ended: 4 } as const;
type TrailPhase = (typeof TRAIL_PHASE)[keyof typeof TRAIL_PHASE];
type PhaseLines = readonly (readonly [RegExp, TrailPhase])[];

/** The line that opens each phase. */
const PHASE_OPENING: PhaseLines = [
  [/^Starting authorizer\b/, TRAIL_PHASE.authorizer],
  [/^Verifying Usage Plan\b/, TRAIL_PHASE.usagePlan],
  [/^Starting execution\b/, TRAIL_PHASE.execution],
];

/**
 * Lines that show how far a request got: each is written in its phase only, or (an execution failure,
 * a refusal) ends the request. The integration's response is the execution's: a Lambda authorizer's
 * answer is logged as `Authorizer result body before parsing`, right after its request (the three
 * real authorizer trails of test/fixtures). Lines written in several phases (`Endpoint request …`,
 * `Sending request`, an `API Key:` line) show nothing.
 */
const PHASE_SHOWN: PhaseLines = [
  [
    /^(?:Execution failed|Lambda (?:execution|invocation) failed|Unauthorized request|AuthorizerConfigurationException|Method completed|API Key\b.{0,200}?\b(?:not authorized|exceeded)|(?:Key|Method|Stage|Account) throttle|User is not authorized|User: \S+ is not authorized to perform: execute-api:|The (?:client is not authorized|response from the Lambda Authorizer|IAM role configured))/,
    TRAIL_PHASE.ended,
  ],
  [
    /^(?:HTTP Method:|Method (?:request|response)|Received response|Endpoint response|Successfully completed execution|Request body does not match|Request validation|Missing required request)/,
    TRAIL_PHASE.execution,
  ],
  [/^(?:API Key\b.{0,200}?\bauthorized because|Usage Plan check)/, TRAIL_PHASE.usagePlan],
  [
    /^(?:Incoming identity|Authorizer result body|Using valid authorizer policy|Successfully completed authorizer)/,
    TRAIL_PHASE.authorizer,
  ],
];

function phaseIn(table: PhaseLines, message: string): TrailPhase | undefined {
  for (const [pattern, phase] of table) if (pattern.test(message)) return phase;
  return undefined;
}

/**
 * Whether a request already got to, or past, the phase a line opens: then the line opens another
 * request. A second opening line always does; lines of a later phase do unless they may be the
 * completed request's above, pasted newest first (where its opening lines come last): not when the
 * opening line is timed after that request's `Method completed`, as no line of it is.
 */
function reachedBefore(context: Context, opening: TrailPhase, timeMs: number | undefined): boolean {
  if ((context.opened & (1 << opening)) !== 0) return true;
  if (context.phase < opening) return false;
  const request = context.after;
  if (request === undefined || !mayBeRestOf(context, request)) return true;
  return timeMs !== undefined && request.completedMs !== undefined && timeMs > request.completedMs;
}

/**
 * What the console shows around a message, pasted with it: no event of its own, but part of the
 * message's. In pasted text (events without a time of their own), a one-line event that is only a
 * time dates the next event; an event CloudWatch timed is never one: there such a line stays a line,
 * and is counted unparsed if nothing reads it. The console's "Copy" button sits beside an event.
 */
class ConsoleChrome {
  /** Events read as chrome: the batch holds that many fewer events of its own. */
  events = 0;
  private readonly source: LogSource;
  private readonly unparsed: UnparsedLine[];
  /** A time-alone line just read, and its time, for the event after it. */
  private timeLine: string | undefined = undefined;
  private timeAbove: number | undefined = undefined;

  /** `unparsed` receives each time alone that no message follows. */
  constructor(source: LogSource, unparsed: UnparsedLine[]) {
    this.source = source;
    this.unparsed = unparsed;
  }

  /** Whether an event's first line (`oneLine`: its only one) is a pasted time alone; takes it if so. */
  takeTimeAlone(line: string, oneLine: boolean, storedMs: number): boolean {
    if (!(oneLine && storedMs <= 0 && isTimeAlone(line.trimStart()))) return false;
    if (this.timeLine !== undefined) this.timeWithoutMessage(this.timeLine);
    this.timeLine = line.trimStart();
    this.timeAbove = isoTimeMs(line);
    this.events += 1;
    return true;
  }

  /** Whether an event's first line is the Copy button under a time alone; takes it if so. */
  takeCopyButton(line: string, oneLine: boolean): boolean {
    if (this.timeLine === undefined || !oneLine || !isCopyButton(line)) return false;
    this.events += 1;
    return true;
  }

  /** The time of an event that is no chrome: the time alone above it, if it has no time of its own. */
  timeOf(eventTime: number): number {
    if (this.timeLine === undefined) return eventTime;
    const time = this.timeAbove !== undefined && eventTime <= 0 ? this.timeAbove : eventTime;
    this.timeLine = undefined;
    this.timeAbove = undefined;
    return time;
  }

  /** Ends the batch: a time alone no message followed is an event of its own, and no log line. */
  end(): void {
    if (this.timeLine !== undefined) this.timeWithoutMessage(this.timeLine);
  }

  /** A time alone no message followed: counted, not dropped. */
  private timeWithoutMessage(line: string): void {
    this.events -= 1;
    this.unparsed.push({
      reason: UNPARSED_REASON.notALogLine,
      detail: 'a time alone, with no message under it',
      ...sample(line),
      source: this.source,
    });
  }
}

/**
 * Splits lines without an id (console output, starred-out ids) into requests where a trail begins:
 * its first line (`Extended Request Id`), the opening line of a phase the request already reached (a
 * second `Starting execution`; a `Starting authorizer` after the authorizer's answer; a `Verifying
 * Usage Plan` or `Starting execution` after an execution failure), a line after the request's `Method
 * completed` (pasted excerpts of failures often start mid-trail), or a line in which API Gateway
 * names another request id (requestIdNamedIn reads only those). A console header (`Execution log for
 * request …`) opens a request too. Each line gets its request's id once the whole batch is read.
 */
class BareTrailSplitter {
  private readonly source: LogSource;
  private readonly batchIndex: number;
  /** The request lines go to now. */
  private context: Context | undefined = undefined;
  /** Requests opened so far: numbers each anonymous one. */
  private anonymousCount = 0;
  /** Each header id that is no UUID, and how many times the batch has shown it. */
  private readonly headerIds = new Map<string, number>();
  /** Every line added, with the request it went to. */
  private readonly bare: BareLine[] = [];

  constructor(source: LogSource, batchIndex: number) {
    this.source = source;
    this.batchIndex = batchIndex;
  }

  /** Opens a request at a console header: its lines follow, without an id of their own. */
  openAtHeader(header: string): void {
    this.open(this.headerId(requestIdNamedIn(header)));
  }

  /** The line of a message without an id, in the request it continues or opens. */
  add(message: string, timeMs: number | undefined): OpenLine {
    const named = requestIdNamedIn(message);
    const starting = message.startsWith('Starting execution');
    const extended = message.startsWith('Extended Request Id');
    const opening = phaseIn(PHASE_OPENING, message);
    const once = onceBeforeEnd(message);
    let ctx = this.context ?? this.open(named);
    const repeated = heldAbove(ctx, once);
    const opensTrail = extended
      ? ctx.lines > 0
      : (opening !== undefined && reachedBefore(ctx, opening, timeMs)) ||
        (ctx.completed && !trailsEnd(message, timeMs, ctx.completedMs)) ||
        repeated;
    if (opensTrail || differentIds(named, ctx.id)) {
      const previous = ctx;
      ctx = this.open(named);
      if (opening === undefined && !extended && named === undefined && !repeated) ctx.after = previous;
    } else if (named !== undefined && ctx.id === undefined) ctx.id = named;
    ctx.held |= once;
    if (opening !== undefined) ctx.opened |= 1 << opening;
    const shown = opening ?? phaseIn(PHASE_SHOWN, message) ?? TRAIL_PHASE.none;
    if (shown > ctx.phase) ctx.phase = shown;
    if (starting || extended) ctx.begun = true;
    const completion = METHOD_COMPLETED.exec(message);
    if (completion) {
      ctx.completed = true;
      ctx.completedMs = timeMs;
      ctx.succeeded = Number(completion[1]) < 400;
    }
    if (timeMs !== undefined && (ctx.latestMs === undefined || timeMs > ctx.latestMs)) ctx.latestMs = timeMs;
    ctx.lines += 1;
    const line: OpenLine = { requestId: undefined, timeMs, message };
    this.bare.push({ line, context: ctx });
    return line;
  }

  /**
   * Gives every added line its request's id, or the request's anonymous key. Requests first, ids
   * after: joining lines pasted out of order may give a request its id.
   */
  assignRequests(execution: readonly OpenLine[]): void {
    const { bare } = this;
    const requests = bare.map(({ context }) => withOutOfOrderLines(context));
    bare.forEach(({ line }, i) => {
      const request = requests[i];
      if (request !== undefined) line.requestId = request.id ?? request.anonymousKey;
    });
    if (bare.length > 0) rejoinQuotedLines(execution, bare, requests);
  }

  private open(id: string | undefined): Context {
    this.anonymousCount += 1;
    const context: Context = {
      id,
      anonymousKey: `${ANONYMOUS_ID_PREFIX}${sourceLabel(this.source)}#${this.batchIndex + 1}.${this.anonymousCount}`,
      lines: 0,
      phase: TRAIL_PHASE.none,
      opened: 0,
      completed: false,
      begun: false,
      latestMs: undefined,
      completedMs: undefined,
      succeeded: false,
      after: undefined,
      held: 0,
    };
    this.context = context;
    return context;
  }

  /**
   * The console names every test `test-request`: a header id that is no request id (not a UUID)
   * and was seen before in this batch is another test, so it gets a number of its own.
   */
  private headerId(id: string | undefined): string | undefined {
    if (id === undefined || UUID.test(id)) return id;
    const seen = this.headerIds.get(id) ?? 0;
    this.headerIds.set(id, seen + 1);
    return seen === 0 ? id : `${id}#${seen + 1}`;
  }
}

/**
 * A batch's execution lines as they are read, and the last one, whose message later lines may still
 * continue: the event's later lines, or a body's lines under its header (a JSON body spans lines).
 */
class ExecutionLines {
  readonly all: OpenLine[] = [];
  /** Whether a line's id was cut short by a writer (`(7735a87a...)`): joinElidedIds then runs. */
  elided = false;
  /** The line later lines may continue; undefined once a line that is none of its message came between. */
  last: OpenLine | undefined = undefined;
  /**
   * The message a line was last appended to, and that line: continuesBody reads the line, not the
   * message's end, since V8 copies a string built by appending whole to read any of it (a body pasted
   * over 40,000 lines took 12 s).
   */
  private appendedTo: OpenLine | undefined = undefined;
  private appended = '';

  add(line: OpenLine): void {
    this.last = line;
    this.all.push(line);
  }

  /**
   * Whether `line` continues the last message: a later line of its event (`laterInEvent`), or an
   * unstamped line under a body header ("…before transformations:").
   */
  continuedBy(line: string, laterInEvent: boolean): boolean {
    const { last } = this;
    return (
      last !== undefined &&
      (laterInEvent || continuesBody(this.appendedTo === last ? this.appended : last.message, line))
    );
  }

  /** Whether text that is no log line is more of the last message: not after its request's last line. */
  takesText(): boolean {
    const { last } = this;
    return last !== undefined && (this.appendedTo === last || !ENDS_A_REQUEST.test(last.message));
  }

  /** Appends a line to the last message. */
  append(text: string): void {
    const { last } = this;
    if (last === undefined) return;
    last.message = `${last.message}\n${text}`;
    this.appendedTo = last;
    this.appended = text;
  }
}

/**
 * Reads one console entry of a line that is no access line: a line with its request id, a console
 * header, a known or stamped execution message without an id, more of the last message, or, in an
 * execution log group, a message of its own. False when it is none: no log line.
 */
function readEntry(
  entry: string,
  eventTime: number,
  lines: ExecutionLines,
  trails: BareTrailSplitter,
  inExecutionGroup: boolean,
): boolean {
  const shape = readExecutionLine(entry);
  if (shape.requestId !== undefined) {
    if (elidedIdStem(shape.requestId) !== undefined) lines.elided = true;
    lines.add({ requestId: shape.requestId, timeMs: shape.timeMs ?? eventTime, message: shape.message });
  } else if (isExecutionHeader(shape.message)) {
    trails.openAtHeader(shape.message);
    lines.last = undefined;
  } else if (shape.stamped || isKnownExecutionMessage(shape.message)) {
    lines.add(trails.add(shape.message, shape.timeMs ?? (eventTime || undefined)));
  } else if (shape.foreign === undefined && lines.takesText()) {
    lines.append(entry);
  } else if (inExecutionGroup) {
    lines.add(trails.add(entry, eventTime || undefined));
  } else {
    return false;
  }
  return true;
}

/**
 * Parses one batch. `batchIndex` keeps anonymous request ids unique across the batches of one run.
 * `joinCutIds` false leaves ids a writer cut short as they are, for joinCutIdsAcross to join over all
 * the batches read together.
 */
export function parseBatch(
  batch: LogBatch,
  batchIndex = 0,
  checkpoint?: Checkpoint,
  joinCutIds = true,
): ParsedBatch {
  const { source } = batch;
  const inExecutionGroup = executionLogGroupApi(source.logGroup) !== undefined;
  const access: AccessLogRecord[] = [];
  const unparsed: UnparsedLine[] = [];
  const trails = new BareTrailSplitter(source, batchIndex);
  const lines = new ExecutionLines();
  const chrome = new ConsoleChrome(source, unparsed);

  let read = 0;
  for (const event of batch.events) {
    if (checkpoint !== undefined && ++read % CHECKPOINT_EVERY === 0) checkpoint();
    const single = inExecutionGroup ? prefixedLine(event, lines.last?.requestId) : undefined;
    if (single !== undefined) {
      lines.add(single);
      continue;
    }
    // Most events are one line: skip the split's regex and allocation for them.
    const physical = event.message.includes('\n') ? event.message.split(/\r?\n/) : [event.message];
    for (let i = 0; i < physical.length; i++) {
      let line = (physical[i] ?? '').trimEnd();
      // trimEnd strips the same white space as trim: it leaves nothing only of a blank line.
      if (line === '') continue;
      let eventTime = event.timestamp;
      if (i === 0) {
        line = withoutPasteIndent(line);
        // A time alone dates the next event, which no earlier message continues.
        if (chrome.takeTimeAlone(line, physical.length === 1, event.timestamp)) {
          lines.last = undefined;
          continue;
        }
        if (chrome.takeCopyButton(line, physical.length === 1)) continue;
        eventTime = chrome.timeOf(eventTime);
      }
      // Only an event's first line: later lines are its body, whatever they start with.
      const exported = i === 0 ? exportPrefix(line) : null;
      if (exported) {
        line = line.slice(exported[0].length);
        eventTime = prefixTimeMs(exported[1]) ?? eventTime;
      }
      if (line.length > MAX_LINE_CHARS) line = line.slice(0, MAX_LINE_CHARS);
      // An execution log group's events are whole: API Gateway writes a body in its header's event,
      // so an event of its own (an access line sent there too) never continues the one before.
      if (lines.continuedBy(line, i > 0) && (i > 0 || !inExecutionGroup)) {
        lines.append(line);
        continue;
      }
      // Also in a group named like an execution log: an older AWS guide had users send access logs there.
      let parsed = parseAccessLine(line);
      // A JSON object with none of an access line's fields may be a record around one: read what it carries.
      const wrapped =
        parsed?.ok === false &&
        (parsed.reason === UNPARSED_REASON.jsonWithoutAccessField ||
          parsed.reason === UNPARSED_REASON.applicationLog)
          ? unwrapRecord(line, eventTime)
          : undefined;
      if (wrapped !== undefined) {
        line = wrapped.line;
        eventTime = wrapped.eventTime;
        parsed = wrapped.parsed;
      }
      if (parsed?.ok) {
        access.push(datedRecord(parsed.record, wrapped?.vended, eventTime, event.timestamp));
        lines.last = undefined;
        continue;
      }
      if (parsed && lines.last === undefined && !inExecutionGroup) {
        unparsed.push({
          reason: parsed.reason,
          ...(parsed.detail !== undefined && { detail: parsed.detail }),
          ...sample(line),
          source,
        });
        continue;
      }
      for (const entry of splitConsoleEntries(line)) {
        if (!readEntry(entry, eventTime, lines, trails, inExecutionGroup)) {
          const reason = isLambdaRuntimeLine(entry)
            ? UNPARSED_REASON.lambdaFunctionLog
            : UNPARSED_REASON.notALogLine;
          unparsed.push({ reason, ...sample(entry), source });
        }
      }
      // A shipper's record holds its whole event (see UnwrappedLine.shipped).
      if (wrapped?.shipped === true) lines.last = undefined;
    }
  }

  chrome.end();
  trails.assignRequests(lines.all);
  if (joinCutIds && lines.elided) joinElidedIds(lines.all, access);
  return {
    access,
    execution: lines.all as ExecutionLogLine[],
    unparsed,
    events: batch.events.length - chrome.events,
  };
}

/** A batch for joinCutIdsAcross: its lines, and its source (an execution log group names an API). */
export type CutIdBatch = Pick<ParsedBatch, 'access' | 'execution'> & { readonly source?: LogSource };

/**
 * joinElidedIds over batches read together (the files of one CLI run, parsed with `joinCutIds`
 * false). A cut id joins its own batch's whole id by that rule first: another input's ids never
 * break a join its own lines make. Only when no whole id of its own batch starts with it, it may name
 * another batch's: the one whole id of the whole run starting with it (several keep it apart, as
 * within one batch), and only when its lines and that id's lines and records contradict in nothing
 * both name (same-request.ts's facts: the API and stage, the HTTP method, the path, the extended
 * request id), and only when their final statuses (a trail's last `Method completed with status: N`
 * or `Gateway response type: … with status code: N`, an access record's status) agree: both name one
 * and it is the same, or exactly one side names one, 400 or above, and the other none (a failing
 * request's other half; joining cannot hide a failure). A first group two ids share does not make
 * them one request, and joining a throttled trail cut before its status into another request's 200,
 * or a trail's 200 into a throttled trail without its final line, would lose the failure. Nothing is
 * done when no line's id was cut. Sorted ids and binary searches: n log n in the lines.
 */
export function joinCutIdsAcross(parsed: readonly CutIdBatch[]): void {
  // Looked for before any array is built: a run of millions of lines mostly holds no cut id.
  const cut = parsed.some(({ execution }) =>
    execution.some((line) => line.requestId !== undefined && elidedIdStem(line.requestId) !== undefined),
  );
  if (!cut) return;
  // parseBatch made these lines: OpenLines, whose ids are still to be settled.
  const own = parsed.map(({ execution, access }) => idsOf(execution as OpenLine[], access));
  const run = sortedDistinct(own.flatMap(({ whole }) => whole));
  /** Per batch, its stems with no whole id of its own but some in the run: the one id, or null for several. */
  const elsewhere = own.map(({ whole, stems }) => {
    const found = new Map<string, string | null>();
    for (const stem of stems) {
      if (stem.length < MIN_JOINED_STEM || startingWith(whole, stem, 1).length > 0) continue;
      const ids = startingWith(run, stem, 2);
      if (ids.length > 0) found.set(stem, ids.length === 1 ? (ids[0] as string) : null);
    }
    return found;
  });
  const facts = factsForJoins(parsed, elsewhere);
  parsed.forEach((batch, index) => {
    const found = elsewhere[index] as Map<string, string | null>;
    const stemFacts = facts.ofStems[index] as Map<string, RequestFacts>;
    settleElidedIds(batch.execution as OpenLine[], own[index] as BatchIds, (stem) => {
      const id = found.get(stem);
      if (id === undefined || id === null) return id;
      // A trail cut before its final status may be any request whose id starts so: joined into
      // another's success, its failure would be lost. So the statuses must agree, or the one named fail.
      const ours = stemFacts.get(stem) ?? noFacts();
      const theirs = facts.ofIds.get(id) ?? noFacts();
      return contradiction(ours, theirs) === undefined ? id : null;
    });
  });
}

/**
 * The facts of each whole id another batch's stem may join (its lines' and records' in every batch),
 * and of each such stem's own lines in its batch: one pass over the lines, regexes only on theirs.
 */
function factsForJoins(
  parsed: readonly CutIdBatch[],
  elsewhere: readonly ReadonlyMap<string, string | null>[],
): { ofIds: Map<string, RequestFacts>; ofStems: Map<string, RequestFacts>[] } {
  const ofIds = new Map<string, RequestFacts>();
  for (const found of elsewhere) for (const id of found.values()) if (id !== null) ofIds.set(id, noFacts());
  const ofStems = parsed.map(() => new Map<string, RequestFacts>());
  if (ofIds.size === 0) return { ofIds, ofStems };
  parsed.forEach(({ source, execution, access }, index) => {
    const found = elsewhere[index] as ReadonlyMap<string, string | null>;
    const stems = ofStems[index] as Map<string, RequestFacts>;
    for (const line of execution) {
      if (line.requestId === undefined) continue;
      const stem = found.size === 0 ? undefined : elidedIdStem(line.requestId);
      let facts = stem === undefined ? ofIds.get(line.requestId) : undefined;
      if (stem !== undefined && typeof found.get(stem) === 'string') {
        facts = stems.get(stem);
        if (facts === undefined) {
          facts = noFacts();
          addSourceFacts(facts, source);
          stems.set(stem, facts);
        }
      } else if (facts !== undefined) addSourceFacts(facts, source);
      if (facts !== undefined) addMessageFacts(facts, line.message);
    }
    for (const record of access) {
      const facts = record.requestId === undefined ? undefined : ofIds.get(record.requestId);
      if (facts !== undefined) addRecordFacts(facts, record);
    }
  });
  return { ofIds, ofStems };
}

/**
 * A request id a writer cut short (`7735a87a...`, `7735a87a…`) names the one whole id of the batch
 * (an execution line's or an access line's) that starts with it, when at least MIN_JOINED_STEM of it
 * is left (`7735...` may start any of thousands of ids): a page that shortens some lines' ids shows
 * one request, not two. With no whole id starting with it, it names what the longer cuts of it name
 * when they all name one (`7735a87a-3a83...` beside `7735a87a...`); otherwise (several whole ids, or
 * longer cuts naming several) its lines are one request under the stem and one mark, whichever mark
 * each line used. Ids of other batches are not looked at here (joinCutIdsAcross gives it all of them).
 */
function joinElidedIds(lines: readonly OpenLine[], access: readonly AccessLogRecord[]): void {
  settleElidedIds(lines, idsOf(lines, access));
}

/** A batch's whole ids, sorted and distinct, and the stems of its cut ones. */
interface BatchIds {
  readonly whole: readonly string[];
  readonly stems: readonly string[];
}

function idsOf(lines: readonly OpenLine[], access: readonly AccessLogRecord[]): BatchIds {
  const ids = new Set<string>();
  const stems = new Set<string>();
  for (const line of lines) {
    if (line.requestId === undefined) continue;
    const stem = elidedIdStem(line.requestId);
    if (stem === undefined) ids.add(line.requestId);
    else stems.add(stem);
  }
  for (const record of access) if (record.requestId !== undefined) ids.add(record.requestId);
  // Sorted, the ids starting with a stem are one run, found by a binary search: n log n in the ids,
  // not ids times stems.
  return { whole: [...ids].sort(), stems: [...stems].sort() };
}

function sortedDistinct(values: string[]): string[] {
  values.sort();
  return values.filter((value, i) => i === 0 || value !== values[i - 1]);
}

/**
 * joinElidedIds's rule over a batch's ids. `elsewhere` is asked about a stem of at least
 * MIN_JOINED_STEM that no whole id of the batch starts with: the id it names in another batch, null to
 * keep it apart under its stem, undefined when no other batch has an id starting with it either.
 */
function settleElidedIds(
  lines: readonly OpenLine[],
  { whole, stems }: BatchIds,
  elsewhere?: (stem: string) => string | null | undefined,
): void {
  const joined = new Map<string, string>();
  // Longest first, so a shorter cut can take what the longer cuts of it were given.
  for (const stem of [...stems].sort((a, b) => b.length - a.length)) {
    const own = `${stem}…`;
    const wholeIds = stem.length < MIN_JOINED_STEM ? [] : startingWith(whole, stem, 2);
    let id = wholeIds.length === 1 ? wholeIds[0] : undefined;
    const other = wholeIds.length === 0 && stem.length >= MIN_JOINED_STEM ? elsewhere?.(stem) : undefined;
    if (other !== undefined) id = other ?? undefined;
    else if (wholeIds.length === 0) {
      // What every longer cut of it was given, when that is one id.
      const named = new Set<string>();
      for (const longer of startingWith(stems, stem, Number.POSITIVE_INFINITY, stem)) {
        named.add(joined.get(longer) ?? `${longer}…`);
        if (named.size > 1) break;
      }
      if (named.size === 1) id = [...named][0];
    }
    joined.set(stem, id ?? own);
  }
  for (const line of lines) {
    const stem = line.requestId === undefined ? undefined : elidedIdStem(line.requestId);
    if (stem !== undefined) line.requestId = joined.get(stem);
  }
}

/** The shortest stem a cut-short id is joined to a whole id by: a UUID's first group. */
const MIN_JOINED_STEM = 8;

/**
 * The distinct strings of `sorted` that start with `prefix`, `except` left out, at most `most` of
 * them: a binary search for the run, then the run read up to that many.
 */
function startingWith(sorted: readonly string[], prefix: string, most: number, except?: string): string[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as string) < prefix) low = mid + 1;
    else high = mid;
  }
  const found: string[] = [];
  for (let at = low; at < sorted.length && found.length < most; at++) {
    const entry = sorted[at] as string;
    if (!entry.startsWith(prefix)) break;
    if (entry !== except) found.push(entry);
  }
  return found;
}

/** A request of at most this many lines may be a quote of another's. */
const MAX_QUOTED_LINES = 3;

/**
 * A page that shows a request's trail often quotes its decisive line again in its text
 * (`Execution failed due to configuration error: Invalid permissions on Lambda function`), which
 * reads as a request of its own with no id and no end: a second failure that never happened. Such a
 * short request, every line of which another request of the batch holds word for word, is that
 * request's, quoted.
 */
function rejoinQuotedLines(
  execution: readonly OpenLine[],
  bare: readonly BareLine[],
  requests: readonly Context[],
): void {
  const quoted = new Map<string, OpenLine[]>();
  bare.forEach(({ line }, i) => {
    const request = requests[i];
    if (
      request === undefined ||
      request.id !== undefined ||
      request.completed ||
      request.lines > MAX_QUOTED_LINES
    )
      return;
    const key = line.requestId ?? '';
    quoted.set(key, [...(quoted.get(key) ?? []), line]);
  });
  if (quoted.size === 0) return;
  const wanted = new Set<string>();
  for (const lines of quoted.values()) for (const line of lines) wanted.add(line.message);
  /** For each quoted message, the requests other than the quote's own that hold it. */
  const holders = new Map<string, Set<string>>();
  for (const line of execution) {
    if (line.requestId === undefined || !wanted.has(line.message) || quoted.has(line.requestId)) continue;
    const set = holders.get(line.message) ?? new Set<string>();
    set.add(line.requestId);
    holders.set(line.message, set);
  }
  for (const lines of quoted.values()) {
    const [first, ...rest] = lines.map((line) => holders.get(line.message));
    if (first === undefined || first.size !== 1) continue;
    const [holder] = first;
    if (holder === undefined || !rest.every((set) => set?.size === 1 && set.has(holder))) continue;
    for (const line of lines) line.requestId = holder;
  }
}
