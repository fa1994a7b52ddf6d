/**
 * The API Gateway console's test panels, as people paste them with (or instead of) the execution
 * log under them. The method test panel read before 2023 `Request: /path`, `Status: 200`,
 * `Latency: 139 ms`, `Response Body`, …, `Response Headers`, …, `Logs`; since then
 * `/path - GET method test results`, `Request`, the path, `Latency ms`, the number, `Status`, the
 * status, `Response body`, …, `Response headers`, …, `Logs`. The authorizer test panel read
 * `Response`, `Response Code: 500`, `Latency 2332`. The console shows them translated (Japanese:
 * `リクエスト`, `ステータス`, `レイテンシー`, `レスポンス本文`, `ログ`…), and pages print labels in bold.
 * Notes copy it from its status down (`Status: 400`, or `400 Bad Request`), as Markdown list items
 * in inline code. The panel is the console's text, not log lines: its status is what the request
 * answered, and a gateway response's body says why.
 */

import { STATUS_CODES } from 'node:http';
import { jsonObject } from '../lambda/core/decode';
import {
  holdsFinalStatus,
  isExecutionHeader,
  readExecutionLine,
  requestIdNamedIn,
  startsWithConsoleStamp,
} from '../lambda/core/execution-log';
import { isLogLine } from './log-lines';

const LABEL = {
  start: 0,
  status: 1,
  latency: 2,
  body: 3,
  headers: 4,
  logs: 5,
} as const;
type Label = (typeof LABEL)[keyof typeof LABEL];

/** Where a panel begins: its request (with its path), the new layout's title, or an authorizer test's title or `Response`. */
export const START =
  /^(?:(?:Request|リクエスト)(?::\s*\S.*)?|\S.* - [A-Z]+ method test results|\S.* - Test Authorizer\b.*|Response)$/;
/**
 * Whether START may match, told without running it: each of its alternatives opens with `R` or `リ`
 * or holds ` - `. labelAt is asked of every line of a raw text, and START's `\S.* - ` runs over the
 * whole of a line that is none (an execution log line). Exported for tests only.
 */
export function mayStartPanel(line: string): boolean {
  const first = line.charCodeAt(0);
  return first === 82 /* R */ || first === 0x30ea /* リ */ || line.includes(' - ');
}
/** A status label, its value after a colon, maybe with its reason (`Response Code: 500 - Internal server error`). */
const STATUS = /^(?:Status|ステータス|Response Code)(?:\s*:\s*(\d{3})(?:\s+-\s+.*)?)?$/;
const LATENCY = /^(?:Latency|レイテンシー|レーテンシー)(?:\s*:?\s*\d+(?:\s*ms)?|\s+ms)?$/;
const BODY = /^(?:Response Body|Response body|レスポンス本文)$/;
const HEADERS = /^(?:Response Headers|Response headers|レスポンスヘッダー)$/;
// The console has labelled the log `Logs` and, in some layouts, `Log`.
const LOGS = /^(?:Logs?|ログ)$/;
const STATUS_ALONE = /^\d{3}$/;
/** `**Request:** /` as a page prints a label in bold. */
const BOLD = /^\*\*([^*]+)\*\*/;
/** A Markdown list item's marker (`- `, `* `, `1. `), or an empty item's. */
const LIST_MARKER = /^(?:[-*+]|\d{1,3}[.)])(?:[ \t]+|$)/;
/** How a line that may be a list item starts: only those are tested for a marker. */
const MAY_START_ITEM = /^[-*+\d]/;
/** A whole line in inline code, as notes print each of the panel's lines. */
const INLINE_CODE = /^`([^`]*)`$/;
/** A Markdown heading's opening (`## `): one to six marks and a space (CommonMark). */
const HEADING_OPEN = /^#{1,6}[ \t]/;
/**
 * The titles a heading may mark, by their text in lower case, as the console writes them: notes and
 * issue pages render the panel's titles as headings, in any case. A heading that is anything else
 * stays a line of its own.
 */
const HEADING_TITLES: ReadonlyMap<string, string> = new Map(
  [
    'Request',
    'Status',
    'Latency',
    'Latency ms',
    'Response',
    'Response body',
    'Response headers',
    'Logs',
    'Log',
    'リクエスト',
    'ステータス',
    'レイテンシー',
    'レーテンシー',
    'レスポンス本文',
    'レスポンスヘッダー',
    'ログ',
  ].map((title) => [title.toLowerCase(), title]),
);
const LONGEST_FIXED_TITLE = Math.max(...[...HEADING_TITLES.keys()].map((title) => title.length));
/** The new layout's and the authorizer test's titles, which name the resource or the authorizer. */
const NAMED_TITLE = /^\S.* - (?:[A-Z]+ method test results|Test Authorizer\b.*)$/;

/** A status with its reason phrase, `400 Bad Request`, as notes copy the status. */
const STATUS_WITH_REASON = /^(\d{3})[ \t]+(\S.*)$/;

/** Lines between two labels of one panel (a response body printed over many lines). */
const MAX_GAP = 300;
/** Lines a panel may span above its log. */
const MAX_PANEL_LINES = 2000;
/** Lines a panel with no log may take from its start to its status. */
const MAX_LINES_TO_STATUS = 8;

/**
 * A trimmed heading line's text (`## Logs ##` → `Logs`): after its opening, without the closing marks
 * a space or tab stands before. Cut by hand: a pattern for the closing marks tried every space of
 * the text as where they might begin, scanning the run from each (quadratic on a long run).
 */
function headingText(line: string): string | undefined {
  const open = HEADING_OPEN.exec(line)?.[0];
  if (open === undefined) return undefined;
  const body = line.slice(open.length).trim();
  let end = body.length;
  while (end > 0 && body.charCodeAt(end - 1) === 35 /* # */) end--;
  const before = body.charCodeAt(end - 1);
  if (end === body.length || (end > 0 && before !== 32 && before !== 9)) return body;
  return body.slice(0, end).trimEnd();
}

/** The panel title a heading line marks (`# Response body`, `## logs ##`), or undefined. */
function headingTitle(line: string): string | undefined {
  const heading = headingText(line);
  if (heading === undefined) return undefined;
  const title = heading.endsWith(':') ? heading.slice(0, -1).trimEnd() : heading;
  // Most headings are neither: a note's own, longer than any fixed title and naming no resource.
  const fixed = title.length <= LONGEST_FIXED_TITLE ? HEADING_TITLES.get(title.toLowerCase()) : undefined;
  return fixed ?? (title.includes(' - ') && NAMED_TITLE.test(title) ? title : undefined);
}

/** A line's text as the panel's: without its list marker, inline code marks, bold or heading marks. */
function text(lines: readonly string[], at: number): string {
  const trimmed = (lines[at] ?? '').trim();
  if (trimmed.startsWith('#')) return headingTitle(trimmed) ?? trimmed;
  // Tested on every line, often more than once: the patterns run only where they may match.
  const item = MAY_START_ITEM.test(trimmed) ? trimmed.replace(LIST_MARKER, '') : trimmed;
  const line = item.startsWith('`') ? (INLINE_CODE.exec(item)?.[1]?.trim() ?? item) : item;
  const bold = line.startsWith('**') ? BOLD.exec(line) : null;
  return bold ? `${bold[1]}${line.slice(bold[0].length)}`.trim() : line;
}

/** The status a line shows itself (`Status: 400`, `400 Bad Request`): not one a label's next line holds. */
function ownStatus(line: string): string | undefined {
  const labelled = STATUS.exec(line.replace(/:$/, ''))?.[1];
  if (labelled !== undefined) return labelled;
  if (!/^\d/.test(line)) return undefined;
  const [, code = '', reason = ''] = STATUS_WITH_REASON.exec(line) ?? [];
  // Only the code's own reason phrase: `404 pages were found` is no status.
  return STATUS_CODES[code]?.toLowerCase() === reason.trim().toLowerCase() ? code : undefined;
}

function isStatusLabel(line: string): boolean {
  return STATUS.test(line.replace(/:$/, '')) || ownStatus(line) !== undefined;
}

function labelAt(lines: readonly string[], at: number): Label | undefined {
  const line = text(lines, at).replace(/:$/, '');
  if (isStatusLabel(line)) return LABEL.status;
  if (LATENCY.test(line)) return LABEL.latency;
  if (BODY.test(line)) return LABEL.body;
  if (HEADERS.test(line)) return LABEL.headers;
  if (LOGS.test(line)) return LABEL.logs;
  return mayStartPanel(line) && START.test(line) ? LABEL.start : undefined;
}

/** The status a status label shows: on its line, or on the next (the new layout). */
function statusAt(lines: readonly string[], at: number): string | undefined {
  const line = text(lines, at);
  if (!isStatusLabel(line)) return undefined;
  const own = ownStatus(line);
  if (own !== undefined) return own;
  const next = text(lines, at + 1);
  return STATUS_ALONE.test(next) ? next : undefined;
}

/**
 * Whether the lines under a label, up to the next label, may be its content: a response body or its
 * headers may take any number, the new layout's request, latency and status one value line each.
 * Other lines there are no part of the panel (a log pasted above the `Logs` label), and are read.
 */
function holdsContent(label: Label, line: string, content: readonly string[]): boolean {
  if (content.length === 0 || label === LABEL.body || label === LABEL.headers) return true;
  const [value = ''] = content;
  if (content.length !== 1) return false;
  // Only a label whose value is on the next line (the new layout's) holds one, and only a value.
  if (label === LABEL.status) return ownStatus(line) === undefined && STATUS_ALONE.test(value);
  if (label === LABEL.latency) return !/\d/.test(line) && /^\d+$/.test(value);
  return /^(?:Request|リクエスト)$/.test(line) && value.startsWith('/');
}

/** A panel's lines [from, to], and what to read in their place. */
interface ConsolePanel {
  readonly from: number;
  readonly to: number;
  /** Events read instead of the panel: for a panel pasted without its log, the request it shows. */
  readonly events: readonly string[];
}

interface ConsolePanels {
  readonly panels: readonly ConsolePanel[];
  /** After which line a panel's status is added, for a log under it that ends without its own. */
  readonly finalStatus: ReadonlyMap<number, string>;
}

/**
 * Whether a panel's label was shown already, noting it: a panel shows its status, latency, body and
 * headers once each, so one shown again belongs to another panel (the next test pasted under it).
 */
function shownAgain(shown: Set<Label>, label: Label): boolean {
  if (label === LABEL.start || label === LABEL.logs) return false;
  if (shown.has(label)) return true;
  shown.add(label);
  return false;
}

/**
 * For each line, the first line from it on whose text passes a test, or -1: found in one pass the
 * first time a body printed over lines is looked at, so that no panel-like start scans the text
 * after it again (each `Request: …` over a `{` never closed did, up to MAX_PANEL_LINES lines).
 */
class NextLine {
  private next: Int32Array | undefined;

  constructor(
    private readonly lines: readonly string[],
    private readonly test: (line: string) => boolean,
  ) {}

  from(at: number): number {
    if (this.next === undefined) {
      const next = new Int32Array(this.lines.length + 1).fill(-1);
      for (let i = this.lines.length - 1; i >= 0; i--)
        next[i] = this.test(text(this.lines, i)) ? i : (next[i + 1] ?? -1);
      this.next = next;
    }
    return this.next[at] ?? -1;
  }
}

/** Where the next `}` line and the next log line are, for bodies printed over lines. */
interface Ahead {
  readonly closing: NextLine;
  readonly logLine: NextLine;
}

/** The lines under a body or headers label: [from, next). */
interface Content {
  readonly from: number;
  readonly next: number;
}

/**
 * The content under a body or headers label: `no data`, one line, or an object printed over lines;
 * none when the next label follows at once (an empty body copied as nothing) or a log line does
 * (it is read, not taken for the console's), and no object that a log line would be inside.
 */
function contentAt(lines: readonly string[], from: number, ahead: Ahead): Content {
  let at = from;
  while (at < lines.length && text(lines, at) === '') at += 1;
  const first = text(lines, at);
  if (at >= lines.length || labelAt(lines, at) !== undefined || isLogLine(first))
    return { from: at, next: at };
  if (first !== '{') return { from: at, next: at + 1 };
  const end = ahead.closing.from(at + 1);
  const logLine = ahead.logLine.from(at + 1);
  const closes = end >= 0 && end <= at + MAX_PANEL_LINES && (logLine < 0 || logLine > end);
  return { from: at, next: closes ? end + 1 : at + 1 };
}

/** Lines of a body or headers read for what they say: a gateway response's are a handful. */
const MAX_READ_CONTENT_LINES = 50;

/** The JSON object a body or headers label shows, if its content is one. */
function contentObject(lines: readonly string[], content: Content): Record<string, unknown> | undefined {
  if (content.next <= content.from || content.next - content.from > MAX_READ_CONTENT_LINES) return undefined;
  const json: string[] = [];
  for (let at = content.from; at < content.next; at++) json.push(text(lines, at));
  // Only what may be an object is parsed: a refused parse costs, and panel-like starts may be many.
  if (!json[0]?.startsWith('{') || !json.at(-1)?.endsWith('}')) return undefined;
  return jsonObject(json.join('\n'));
}

/** A response body's `message` (`{"message": "Invalid request body"}`), as gateway responses carry it. */
function messageOf(body: Record<string, unknown> | undefined): string | undefined {
  const message = body?.message ?? body?.Message;
  return typeof message === 'string' && message.trim() !== '' ? message : undefined;
}

/**
 * The `x-amzn-ErrorType` header API Gateway puts on the responses it writes itself (its gateway
 * responses: `BadRequestException`, …), as one value or the new layout's list of them.
 */
function gatewayErrorTypeOf(headers: Record<string, unknown>): string | undefined {
  const key = Object.keys(headers).find((name) => name.toLowerCase() === 'x-amzn-errortype');
  const value = key === undefined ? undefined : headers[key];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

/** Headers API Gateway puts on a response (the console's test adds its trace id): a panel's, not a document's. */
const API_GATEWAY_HEADERS = /^(?:x-amzn-errortype|x-amzn-requestid|x-amz-apigw-id|x-amzn-trace-id)$/i;

function writtenByApiGateway(headers: Record<string, unknown> | undefined): boolean {
  return headers !== undefined && Object.keys(headers).some((name) => API_GATEWAY_HEADERS.test(name));
}

/** `Logs: \`Mon Nov 29 13:31:04 UTC 2021 : …\``: the label with the log's first line beside it, as notes print it. */
const LOGS_INLINE = /^(?:Logs?|ログ)\s*:\s*`?(.*?)`?$/;

/** A console line of a log under a panel: a list item, inline code or the inline label taken off. */
function consoleLineAt(lines: readonly string[], at: number): string {
  const line = text(lines, at);
  return line.startsWith('Log') || line.startsWith('ログ') ? (LOGS_INLINE.exec(line)?.[1] ?? line) : line;
}

/** A log under a panel with no `Execution log for request` header. */
interface HeaderlessLog {
  /** Whether its `Logs` label is a line of its own (the console's, part of the panel). */
  readonly labelAlone: boolean;
  /** Its last console line. */
  readonly last: number;
  /** Whether it holds its own `Method completed` line. */
  readonly completed: boolean;
}

/**
 * The log a panel's `Logs` label shows when it was pasted without its header: the label over console
 * lines, or beside the first of them. Its lines are read as the log; the panel's status ends it when
 * it has no `Method completed` line, as for a log with its header.
 */
function headerlessLogAt(lines: readonly string[], at: number): HeaderlessLog | undefined {
  if (at >= lines.length) return undefined;
  const label = text(lines, at);
  const labelAlone = LOGS.test(label.replace(/:$/, ''));
  let first = at;
  if (labelAlone) {
    first = at + 1;
    while (first < lines.length && text(lines, first) === '') first += 1;
  } else if (!LOGS_INLINE.test(label)) return undefined;
  if (!startsWithConsoleStamp(consoleLineAt(lines, first))) return undefined;
  const log = consoleLogFrom(lines, first, {
    last: first,
    end: Math.min(lines.length, first + MAX_PANEL_LINES + 1),
    lineAt: consoleLineAt,
    // The next panel's label ends it too.
    endsAt: (j) => j > first && labelAt(lines, j) !== undefined,
  });
  return { labelAlone, ...log };
}

/**
 * The console lines of one request's log from `first` (before `end`): its last one, and whether it
 * holds its own `Method completed` line. The log ends at the next header, or at a line naming another
 * request than the log's (`Starting execution for request: <other id>`): text and another test's log
 * may follow it, and the panel's status is this request's alone.
 */
function consoleLogFrom(
  lines: readonly string[],
  first: number,
  reading: {
    /** The line that is its last when none below is a console line (its header). */
    readonly last: number;
    readonly end: number;
    /** A line's text as the log's. */
    readonly lineAt: (lines: readonly string[], at: number) => string;
    /** Whether a line ends the log whatever it holds. */
    readonly endsAt?: (at: number) => boolean;
  },
): { last: number; completed: boolean } {
  let { last } = reading;
  let completed = false;
  let request: string | undefined;
  for (let j = first; j < reading.end; j++) {
    const line = reading.lineAt(lines, j);
    if (isExecutionHeader(line) || reading.endsAt?.(j) === true) break;
    if (!startsWithConsoleStamp(line)) continue;
    const named = requestIdNamedIn(readExecutionLine(line).message);
    if (named !== undefined && request !== undefined && named !== request) break;
    request ??= named;
    last = j;
    completed ||= holdsFinalStatus(line);
  }
  return { last, completed };
}

/** A panel read alone, and the headerless log under it if there is one. */
interface PanelAlone extends ConsolePanel {
  readonly log?: HeaderlessLog & { readonly status: string };
}

/**
 * A panel with no log under it, from its start: it must show a status within a few lines. Its
 * request becomes an access line of what the panel shows (path, status, latency), as a Logs Insights
 * row of fields does, with its body's message as the error message when API Gateway wrote the
 * response: the core reads `Missing required request parameters: […]` there as it would in an access
 * line. A body whose headers show no `x-amzn-ErrorType` is the integration's, and its message is not
 * API Gateway's; without headers, the message is the best the panel shows and the core decides.
 */
function panelWithoutLog(lines: readonly string[], start: number, ahead: Ahead): PanelAlone | undefined {
  let status: string | undefined;
  let path: string | undefined;
  let latency: string | undefined;
  let message: string | undefined;
  let headers: Record<string, unknown> | undefined;
  let end = start;
  let i = start;
  const shown = new Set<Label>();
  while (i < lines.length) {
    const label = labelAt(lines, i);
    if (label === undefined || label === LABEL.logs) break;
    // Another panel's start; the new layout's bare `Request` under its title is this one's.
    if (i > start && label === LABEL.start && !/^(?:Request|リクエスト)$/.test(text(lines, i))) break;
    // A panel shows each label once: one shown again is the next panel's (tests pasted one after another).
    if (shownAgain(shown, label)) break;
    const line = text(lines, i);
    end = i;
    i += 1;
    if (label === LABEL.start) {
      const request = /^(?:Request|リクエスト)\s*:\s*(\S.*)$/.exec(line);
      if (request) path = request[1];
      else if (/^(?:Request|リクエスト)$/.test(line) && labelAt(lines, i) === undefined) {
        path = text(lines, i);
        end = i;
        i += 1;
      }
    } else if (label === LABEL.status) {
      status = statusAt(lines, end);
      if (status !== undefined && ownStatus(line) === undefined) {
        end = i;
        i += 1;
      }
    } else if (label === LABEL.latency) {
      latency = /(\d+)/.exec(line)?.[1];
      if (latency === undefined && /^\d+$/.test(text(lines, i))) {
        latency = text(lines, i);
        end = i;
        i += 1;
      }
    } else {
      // A body or headers label: its content is the console's too.
      const content = contentAt(lines, i, ahead);
      const value = contentObject(lines, content);
      if (label === LABEL.body) message = messageOf(value) ?? message;
      else headers = value ?? headers;
      end = Math.max(end, content.next - 1);
      i = content.next;
    }
    if (status === undefined && i - start > MAX_LINES_TO_STATUS) return undefined;
    while (i < lines.length && text(lines, i) === '') i += 1;
  }
  if (status === undefined) return undefined;
  // The label alone is the console's; a label beside a log line is that line's, read with it.
  const log = headerlessLogAt(lines, i);
  if (log !== undefined)
    return { from: start, to: log.labelAlone ? i : i - 1, events: [], log: { ...log, status } };
  // A panel over its log is read from the log's header (consolePanels).
  if (i < lines.length && (labelAt(lines, i) === LABEL.logs || isExecutionHeader(text(lines, i))))
    return undefined;
  // From a status down, only what the console alone shows makes it a panel: an API's documentation
  // prints a status over `Response body:` too.
  if (labelAt(lines, start) === LABEL.status && latency === undefined && !writtenByApiGateway(headers))
    return undefined;
  const request: Record<string, string> = {};
  if (path !== undefined) request.path = path;
  request.status = status;
  if (latency !== undefined) request.responseLatency = latency;
  if (message !== undefined && (headers === undefined || gatewayErrorTypeOf(headers) !== undefined))
    request.errorMessage = message;
  // Empty list items after the panel (`-`) are the note's, no log lines.
  while (end + 1 < lines.length && text(lines, end + 1) === '') end += 1;
  return { from: start, to: end, events: [JSON.stringify(request)] };
}

/**
 * Whether a panel with no log above it may start at a line: its request's path, the new layout's
 * title, or its status (`Status: 400`, `Status` over `400`, `400 Bad Request`) when a latency, body
 * or headers label comes next, so that a status in prose starts none (and one over a body label is
 * a panel only with a latency, headers API Gateway wrote or a log: panelWithoutLog).
 */
function startsPanelWithoutLog(lines: readonly string[], at: number): boolean {
  const line = text(lines, at);
  const label = labelAt(lines, at);
  if (label === LABEL.start) return /^(?:Request|リクエスト)\s*:\s*\S|method test results$/.test(line);
  if (label !== LABEL.status || statusAt(lines, at) === undefined) return false;
  let next = ownStatus(line) === undefined ? at + 2 : at + 1;
  while (next < lines.length && text(lines, next) === '') next += 1;
  const after = labelAt(lines, next);
  return after === LABEL.latency || after === LABEL.body || after === LABEL.headers;
}

/**
 * The console panels of a text. A panel above a log runs up from the label just above its
 * `Execution log for request` header to its first label, never above the previous log nor over
 * lines no label above them holds (holdsContent), so each line is read at most twice; its status becomes the log's final line when the log has none (a trail
 * pasted short, as test-invoke-method's status is used). A panel whose start shows a status within a
 * few lines but has no log under it is read as the request it shows.
 */
export function consolePanels(lines: readonly string[]): ConsolePanels {
  const panels: ConsolePanel[] = [];
  const finalStatus = new Map<number, string>();
  let floor = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!isExecutionHeader(text(lines, i))) continue;
    let above = i - 1;
    while (above >= floor && text(lines, above) === '') above -= 1;
    let top = -1;
    let status: string | undefined;
    if (above >= floor && labelAt(lines, above) !== undefined) {
      let gap = 0;
      /** The lines with text between this label and the one below it, nearest the label first. */
      let content: string[] = [];
      const shown = new Set<Label>();
      for (let j = above; j >= floor && j >= above - MAX_PANEL_LINES && gap <= MAX_GAP; j--) {
        const line = text(lines, j);
        if (isLogLine(line)) break;
        const label = labelAt(lines, j);
        if (label === undefined) {
          gap += 1;
          if (line !== '') content = [line, ...content.slice(0, 1)];
          continue;
        }
        // A label shown again above is another panel's, pasted above this one: its status is not this log's.
        if (!holdsContent(label, line, content) || shownAgain(shown, label)) break;
        gap = 0;
        content = [];
        top = j;
        if (label === LABEL.status) status = statusAt(lines, j) ?? status;
        // The new layout's bare `Request` may have its title above it.
        if (label === LABEL.start && !/^(?:Request|リクエスト)$/.test(line)) break;
      }
    }
    floor = i + 1;
    if (top < 0) continue;
    panels.push({ from: top, to: above, events: [] });
    if (status === undefined) continue;
    const { last, completed } = consoleLogFrom(lines, i + 1, { last: i, end: lines.length, lineAt: text });
    if (!completed) finalStatus.set(last, `Method completed with status: ${status}`);
  }
  // Then panels pasted without their log, outside those above a log.
  const withLog = [...panels];
  const ahead: Ahead = {
    closing: new NextLine(lines, (line) => line === '}'),
    logLine: new NextLine(lines, isLogLine),
  };
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    const covering = withLog[next];
    if (covering !== undefined && i >= covering.from) {
      i = covering.to;
      next += 1;
      continue;
    }
    if (!startsPanelWithoutLog(lines, i)) continue;
    const alone = panelWithoutLog(lines, i, ahead);
    if (alone === undefined || (covering !== undefined && alone.to >= covering.from)) continue;
    panels.push({ from: alone.from, to: alone.to, events: alone.events });
    i = alone.to;
    if (alone.log === undefined) continue;
    if (!alone.log.completed)
      finalStatus.set(alone.log.last, `Method completed with status: ${alone.log.status}`);
    i = alone.log.last;
  }
  panels.sort((a, b) => a.from - b.from);
  // In line order, as the reader adds them: panels alone come after those above a log.
  return { panels, finalStatus: new Map([...finalStatus].sort((a, b) => a[0] - b[0])) };
}
