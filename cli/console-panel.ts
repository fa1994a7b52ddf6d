/**
 * The API Gateway console's test panels, as people paste them with (or instead of) the execution
 * log under them. The method test panel read before 2023 `Request: /path`, `Status: 200`,
 * `Latency: 139 ms`, `Response Body`, …, `Response Headers`, …, `Logs`; since then
 * `/path - GET method test results`, `Request`, the path, `Latency ms`, the number, `Status`, the
 * status, `Response body`, …, `Response headers`, …, `Logs`. The authorizer test panel read
 * `Response`, `Response Code: 500`, `Latency 2332`. The console shows them translated (Japanese:
 * `リクエスト`, `ステータス`, `レイテンシー`, `レスポンス本文`, `ログ`…), and pages print labels in bold.
 * The panel is the console's text, not log lines: its status is what the request answered.
 */

import {
  holdsFinalStatus,
  isExecutionHeader,
  startsWithConsoleStamp,
  startsWithRequestId,
} from '../lambda/core/execution-log';

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
const START =
  /^(?:(?:Request|リクエスト)(?::\s*\S.*)?|\S.* - [A-Z]+ method test results|\S.* - Test Authorizer\b.*|Response)$/;
/** A status label, its value after a colon, maybe with its reason (`Response Code: 500 - Internal server error`). */
const STATUS = /^(?:Status|ステータス|Response Code)(?:\s*:\s*(\d{3})(?:\s+-\s+.*)?)?$/;
const LATENCY = /^(?:Latency|レイテンシー|レーテンシー)(?:\s*:?\s*\d+(?:\s*ms)?|\s+ms)?$/;
const BODY = /^(?:Response Body|Response body|レスポンス本文)$/;
const HEADERS = /^(?:Response Headers|Response headers|レスポンスヘッダー)$/;
const LOGS = /^(?:Logs|ログ)$/;
const STATUS_ALONE = /^\d{3}$/;
/** `**Request:** /` as a page prints a label in bold. */
const BOLD = /^\*\*([^*]+)\*\*/;

/** Lines between two labels of one panel (a response body printed over many lines). */
const MAX_GAP = 300;
/** Lines a panel may span above its log. */
const MAX_PANEL_LINES = 2000;
/** Lines a panel with no log may take from its start to its status. */
const MAX_LINES_TO_STATUS = 8;

function text(lines: readonly string[], at: number): string {
  const line = (lines[at] ?? '').trim();
  const bold = BOLD.exec(line);
  return bold ? `${bold[1]}${line.slice(bold[0].length)}`.trim() : line;
}

function labelAt(lines: readonly string[], at: number): Label | undefined {
  const line = text(lines, at).replace(/:$/, '');
  if (STATUS.test(line)) return LABEL.status;
  if (LATENCY.test(line)) return LABEL.latency;
  if (BODY.test(line)) return LABEL.body;
  if (HEADERS.test(line)) return LABEL.headers;
  if (LOGS.test(line)) return LABEL.logs;
  return START.test(line) ? LABEL.start : undefined;
}

/** The status a status label shows: on its line, or on the next (the new layout). */
function statusAt(lines: readonly string[], at: number): string | undefined {
  const match = STATUS.exec(text(lines, at).replace(/:$/, ''));
  if (!match) return undefined;
  if (match[1] !== undefined) return match[1];
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
  if (label === LABEL.status)
    return STATUS.exec(line.replace(/:$/, ''))?.[1] === undefined && STATUS_ALONE.test(value);
  if (label === LABEL.latency) return !/\d/.test(line) && /^\d+$/.test(value);
  return /^(?:Request|リクエスト)$/.test(line) && value.startsWith('/');
}

/** A panel's lines [from, to], and what to read in their place. */
export interface ConsolePanel {
  readonly from: number;
  readonly to: number;
  /** Events read instead of the panel: for a panel pasted without its log, the request it shows. */
  readonly events: readonly string[];
}

export interface ConsolePanels {
  readonly panels: readonly ConsolePanel[];
  /** After which line a panel's status is added, for a log under it that ends without its own. */
  readonly finalStatus: ReadonlyMap<number, string>;
}

/**
 * For each line, the first line from it on that is only `}`, or -1: found in one pass the first time
 * a body printed over lines is looked for, so that no panel-like start scans the text after it again
 * (each `Request: …` over a `{` never closed did, up to MAX_PANEL_LINES lines).
 */
class ClosingLines {
  private next: Int32Array | undefined;

  constructor(private readonly lines: readonly string[]) {}

  from(at: number): number {
    if (this.next === undefined) {
      const next = new Int32Array(this.lines.length + 1).fill(-1);
      for (let i = this.lines.length - 1; i >= 0; i--)
        next[i] = text(this.lines, i) === '}' ? i : (next[i + 1] ?? -1);
      this.next = next;
    }
    return this.next[at] ?? -1;
  }
}

/**
 * The line after the content under a body or headers label: `no data`, one line, or an object
 * printed over lines; none when the next label follows at once (an empty body copied as nothing).
 */
function afterContent(lines: readonly string[], from: number, closing: ClosingLines): number {
  let at = from;
  while (at < lines.length && text(lines, at) === '') at += 1;
  if (labelAt(lines, at) !== undefined) return at;
  const first = text(lines, at);
  if (first !== '{' || at >= lines.length) return at + 1;
  const end = closing.from(at + 1);
  return end >= 0 && end <= at + MAX_PANEL_LINES ? end + 1 : at + 1;
}

/**
 * A panel with no log under it, from its start: it must show a status within a few lines. Its
 * request becomes an access line of what the panel shows (path, status, latency), as a Logs Insights
 * row of fields does.
 */
function panelWithoutLog(
  lines: readonly string[],
  start: number,
  closing: ClosingLines,
): ConsolePanel | undefined {
  let status: string | undefined;
  let path: string | undefined;
  let latency: string | undefined;
  let end = start;
  let i = start;
  while (i < lines.length) {
    const label = labelAt(lines, i);
    if (label === undefined || label === LABEL.logs) break;
    // Another panel's start; the new layout's bare `Request` under its title is this one's.
    if (i > start && label === LABEL.start && !/^(?:Request|リクエスト)$/.test(text(lines, i))) break;
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
      if (status !== undefined && !STATUS.exec(line)?.[1]) {
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
      const next = afterContent(lines, i, closing);
      end = next - 1;
      i = next;
    }
    if (status === undefined && i - start > MAX_LINES_TO_STATUS) return undefined;
    while (i < lines.length && text(lines, i) === '') i += 1;
  }
  // A panel over its log is read from the log's header (consolePanels).
  if (i < lines.length && (labelAt(lines, i) === LABEL.logs || isExecutionHeader(text(lines, i))))
    return undefined;
  if (status === undefined) return undefined;
  const request: Record<string, string> = {};
  if (path !== undefined) request.path = path;
  request.status = status;
  if (latency !== undefined) request.responseLatency = latency;
  return { from: start, to: end, events: [JSON.stringify(request)] };
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
      for (let j = above; j >= floor && j >= above - MAX_PANEL_LINES && gap <= MAX_GAP; j--) {
        const line = text(lines, j);
        // A log line is never the console's: a panel ends above it.
        if (isExecutionHeader(line) || startsWithConsoleStamp(line) || startsWithRequestId(line)) break;
        const label = labelAt(lines, j);
        if (label === undefined) {
          gap += 1;
          if (line !== '') content = [line, ...content.slice(0, 1)];
          continue;
        }
        if (!holdsContent(label, line, content)) break;
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
    let last = i;
    let completed = false;
    for (let j = i + 1; j < lines.length; j++) {
      const line = text(lines, j);
      if (isExecutionHeader(line)) break;
      if (!startsWithConsoleStamp(line)) continue;
      last = j;
      completed ||= holdsFinalStatus(line);
    }
    if (!completed) finalStatus.set(last, `Method completed with status: ${status}`);
  }
  // Then panels pasted without their log, outside those above a log.
  const withLog = [...panels];
  const closing = new ClosingLines(lines);
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    const covering = withLog[next];
    if (covering !== undefined && i >= covering.from) {
      i = covering.to;
      next += 1;
      continue;
    }
    const line = text(lines, i);
    // A panel of its own needs its request's path or the new layout's title to start it.
    if (
      !/^(?:Request|リクエスト)\s*:\s*\S|method test results$/.test(line) ||
      labelAt(lines, i) !== LABEL.start
    )
      continue;
    const alone = panelWithoutLog(lines, i, closing);
    if (alone === undefined || (covering !== undefined && alone.to >= covering.from)) continue;
    panels.push(alone);
    i = alone.to;
  }
  panels.sort((a, b) => a.from - b.from);
  return { panels, finalStatus };
}
