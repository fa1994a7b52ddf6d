/**
 * Rows exported from CloudWatch as input: the JSON `aws logs get-query-results` prints for a Logs
 * Insights query, CSV with a header row naming a `message` or `@message` column (the console's
 * "Download search results" of log events, Logs Insights' "Download table"), and the Markdown table
 * Logs Insights copies its results as (and people paste into issues). Rows become log events with
 * their time, log group and stream, so execution lines still land in an execution batch and are
 * joined by request id.
 */
import { isRecord } from '../lambda/core/decode';
import { epochTextMs } from '../lambda/core/epoch-time';
import { isoTimeMs } from '../lambda/core/iso-time';
import type { LogBatch, LogEvent } from '../lambda/core/types';
import { InputError } from './input-error';
import { rawTextBatch } from './raw-text';

/** What one row is, whichever shape it came in. */
type Row = ReadonlyMap<string, string>;

/** How the rows of one export hold their events. */
interface RowShape {
  /** The column holding the log line, if the export has one. */
  readonly messageField?: string;
  /** Why a row is a statistic rather than an event, if it is. */
  readonly aggregated: (row: Row) => boolean;
}

const AGGREGATED_HINT = 'query `fields @timestamp, @message, @log, @logStream` instead';

/** `{"results":[[{"field":…,"value":…},…],…],"statistics":…,"status":…}`, as GetQueryResults answers. */
export function isQueryResults(value: unknown): value is { results: unknown[]; status?: unknown } {
  if (!isRecord(value) || !Array.isArray(value.results)) return false;
  if (!('status' in value || 'statistics' in value)) return false;
  return value.results.every(
    (row) => Array.isArray(row) && row.every((cell) => isRecord(cell) && typeof cell.field === 'string'),
  );
}

/**
 * An exported time: Logs Insights writes `2024-05-01 10:00:00.000` in UTC, the console's log-event
 * CSV epoch milliseconds. A time without a zone is UTC, as CloudWatch shows it, not the local time of
 * whoever runs the CLI; unreadable times are 0 (unknown).
 */
export function exportedTime(text: string | undefined): number {
  const value = text?.trim();
  if (!value) return 0;
  return epochTextMs(value) ?? isoTimeMs(value) ?? 0;
}

/**
 * The event a row stands for. A row without a log line but with the fields Insights discovered in
 * a JSON access line (`fields @timestamp, status, error.responseType`) becomes that line again; a
 * row of statistics is refused, since it stands for many requests.
 */
function eventOf(
  row: Row,
  shape: RowShape,
  index: number,
  name: string,
  where: string,
): LogEvent | undefined {
  const id = `${name}#${index + 1}`;
  const timestamp = exportedTime(row.get('@timestamp') ?? row.get('timestamp'));
  const message = shape.messageField === undefined ? undefined : row.get(shape.messageField);
  if (message !== undefined) return { id, timestamp, message };
  if (shape.aggregated(row))
    throw new InputError(
      `${where}: row ${index + 1} holds statistics, not log events: each row stands for many requests`,
      AGGREGATED_HINT,
    );
  // An empty cell is a field the line did not have (Insights prints nothing there), not one it logged
  // without a value (`-`, or `""` once a pipeline rewrote it), so it is left out of the line.
  const fields = [...row].filter(([field, value]) => !field.startsWith('@') && value !== '');
  if (fields.length === 0) return undefined;
  return { id, timestamp, message: JSON.stringify(Object.fromEntries(fields)) };
}

/** `@log` is `account-id:log-group-name`. */
function logGroupOf(row: Row): string | undefined {
  const log = row.get('@log');
  if (log === undefined) return undefined;
  const colon = log.indexOf(':');
  return colon >= 0 ? log.slice(colon + 1) : log;
}

/**
 * Oldest first: Insights sorts newest first by default, and a trail's verdict is its last line.
 * Rows that run newest first are reversed before a stable sort, so lines logged in the same
 * millisecond come out in the order they were written either way; rows of one time stay as they are.
 */
function oldestFirst(events: readonly LogEvent[]): LogEvent[] {
  const newestFirst = (events[0]?.timestamp ?? 0) > (events.at(-1)?.timestamp ?? 0);
  const ordered = newestFirst ? [...events].reverse() : [...events];
  return ordered.sort((a, b) => a.timestamp - b.timestamp);
}

/** One batch per log group and stream. */
function batchesOf(rows: readonly Row[], shape: RowShape, name: string, where: string): LogBatch[] {
  const groups = new Map<string, { logGroup?: string; logStream?: string; events: LogEvent[] }>();
  rows.forEach((row, index) => {
    const event = eventOf(row, shape, index, name, where);
    if (event === undefined) return;
    const logGroup = logGroupOf(row);
    const logStream = row.get('@logStream') ?? row.get('logStreamName');
    const key = `${logGroup ?? ''}\u0000${logStream ?? ''}`;
    const group = groups.get(key);
    if (group) group.events.push(event);
    else groups.set(key, { logGroup, logStream, events: [event] });
  });
  return [...groups.values()].map(({ logGroup, logStream, events }) => ({
    source: {
      name,
      ...(logGroup !== undefined && { logGroup }),
      ...(logStream !== undefined && { logStream }),
    },
    events: oldestFirst(events),
  }));
}

/** Statuses of a query that will still change: its results so far are not all there is. */
const UNFINISHED = new Set(['Scheduled', 'Running']);

export function queryResultBatches(
  value: { results: unknown[]; status?: unknown },
  name: string,
  where: string,
): LogBatch[] {
  if (typeof value.status === 'string' && UNFINISHED.has(value.status)) {
    throw new InputError(
      `${where}: the query was still ${value.status} when these results were saved`,
      'run `aws logs get-query-results` again once its status is Complete',
    );
  }
  const rows = value.results.map((row) => {
    const cells = row as { field: string; value?: unknown }[];
    return new Map(
      cells.map((cell) => [
        cell.field,
        typeof cell.value === 'string' ? cell.value : String(cell.value ?? ''),
      ]),
    );
  });
  // Every row of a query over events carries @ptr; statistics rows have none. A discovered JSON
  // field called `message` is a field of the line, not the line.
  return batchesOf(rows, { messageField: '@message', aggregated: (row) => !row.has('@ptr') }, name, where);
}

/**
 * RFC 4180 records: fields separated by commas, quoted fields may hold commas, doubled quotes and
 * line breaks (a multi-line message). Returns undefined when a quote is never closed.
 */
function csvRecords(text: string): string[][] | undefined {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      record.push(field);
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
      field = '';
    } else field += c;
    i += 1;
  }
  if (quoted) return undefined;
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** A header is short; a longer first line is data, not worth splitting. */
const MAX_HEADER_CHARS = 4096;
const FIELD_NAME = /^"?@?[\w.()*-]+"?$/;

/**
 * The column names of a CSV header row, or undefined when the line is not one. Spaces around a name
 * (`timestamp,message `, as an editor or a copy from a page leaves them) are no part of it.
 */
function headerFields(line: string): string[] | undefined {
  if (line.length > MAX_HEADER_CHARS) return undefined;
  const fields = line
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((field) => field.trim());
  if (!fields.every((field) => FIELD_NAME.test(field))) return undefined;
  return fields.map((field) => field.replace(/^"|"$/g, ''));
}

/** Whether text starts with a CSV header row: comma-separated field names, one of them `message` or `@message`. */
export function isExportedCsv(text: string): boolean {
  const end = text.indexOf('\n');
  const fields = headerFields(end === -1 ? text : text.slice(0, end));
  return fields !== undefined && (fields.includes('@message') || fields.includes('message'));
}

export function exportedCsvBatches(text: string, name: string): LogBatch[] {
  const records = csvRecords(text.replace(/^\uFEFF/, ''));
  if (records === undefined) {
    throw new InputError(
      `${name}: a quoted CSV field is never closed`,
      'export the rows again; the file looks cut short',
    );
  }
  const [names = [], ...body] = records;
  // Trimmed as headerFields, which chose this reader, trims them: `@message ` is `@message`.
  const header = names.map((name) => name.trim());
  const rows = body.map((cells, index) => {
    if (cells.length !== header.length) {
      throw new InputError(
        `${name}: CSV row ${index + 2} has ${cells.length} fields, the header ${header.length}`,
        'quote fields that contain commas or line breaks, as CloudWatch exports do',
      );
    }
    return new Map(header.map((field, i) => [field, cells[i] ?? '']));
  });
  // The console's log-event download is `timestamp,message`; in a Logs Insights table, whose system
  // fields start with @, a `message` column is a field discovered in the line, not the line.
  const insights = header.some((field) => field.startsWith('@'));
  const messageField = header.includes('@message') ? '@message' : insights ? undefined : 'message';
  return batchesOf(rows, { messageField, aggregated: namesAStatistic }, name, name);
}

/** Tables carry no @ptr: a column named after a statistic function (count(*), avg(latency)) gives them away. */
function namesAStatistic(row: Row): boolean {
  return [...row.keys()].some((field) => field.includes('('));
}

// ---------------------------------------------------------------- Logs Insights tables copied as text

/** The line under a Markdown table's header: `| --- | --- |`. */
const MARKDOWN_DIVIDER = /^[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*\r?$/;
const MARKDOWN_DIVIDERS = new RegExp(MARKDOWN_DIVIDER.source, 'gm');
/**
 * Where a row divides into cells: a `|` with white space, another `|` or the row's edge on both
 * sides. A `|` inside a word or escaped as `\|` belongs to its cell.
 */
const CELL_DIVIDER = /(?<=^|[\s|])\|(?=[\s|]|$)/g;
/** What Logs Insights writes above the table it copies: its title, then the query's settings, then `---`. */
const INSIGHTS_TITLE = /^[ \t]*\*\*CloudWatch Logs Insights\*\*[ \t]*$/;
const LOG_GROUP_NAMES = /^[ \t]*log-group-names:[ \t]*(.*?)[ \t]*$/;
/** A rule of dashes (the ASCII copy's) or a Markdown code fence, around a table. */
const FRAME = /^[ \t]*(?:-{3,}|```[\w-]*|~~~[\w-]*)[ \t]*$/;

/**
 * A column a `stats` query adds: a Logs Insights statistic function over a field or `*`. Its table
 * often has no `@` field at all (`stats count(*) by status, error_responseType`).
 */
const STATISTIC_COLUMN =
  /^(?:count|count_distinct|sum|avg|min|max|pct|stddev|earliest|latest|sortsFirst|sortsLast)\([^()]*\)$/;

/**
 * The column names of a copied table's header: every cell a field name and one a Logs Insights
 * field, or one a statistic (its other names may hold the spaces a page wrapped them at), so that a
 * statistics table is refused as one rather than read line by line as text.
 */
function insightsHeader(cells: string[]): string[] | undefined {
  if (cells.some((cell) => STATISTIC_COLUMN.test(cell))) return cells;
  const named = cells.every((cell) => FIELD_NAME.test(cell)) && cells.some((cell) => cell.startsWith('@'));
  return named ? cells : undefined;
}

/** Where each divider of a row stands. */
function dividersOf(row: string): number[] {
  return [...row.matchAll(CELL_DIVIDER)].map((match) => match.index);
}

/**
 * A row's cells. A message may hold ` | ` itself (a body, a Lambda log line), so when a row has more
 * cells than the header, the cells before the message column are counted from the left, those after
 * it from the right, and the message is everything between them.
 */
function markdownCells(row: string, width: number, messageAt: number): string[] | undefined {
  const text = row.trim();
  const at = dividersOf(text);
  if (at[0] !== 0 || at.at(-1) !== text.length - 1) return undefined;
  const count = at.length - 1;
  if (count < width || (count > width && messageAt < 0)) return undefined;
  const cell = (from: number, to: number) =>
    text
      .slice((at[from] ?? 0) + 1, at[to] ?? text.length)
      .trim()
      .replace(/\\\|/g, '|');
  const cells: string[] = [];
  for (let i = 0; i < width; i++) {
    if (count === width || i < messageAt) cells.push(cell(i, i + 1));
    else if (i === messageAt) cells.push(cell(i, i + 1 + count - width));
    else cells.push(cell(i + count - width, i + 1 + count - width));
  }
  return cells;
}

interface InsightsTable {
  readonly header: readonly string[];
  /** Each row's text (a message holding line breaks spans lines) and its first line's number. */
  readonly rows: readonly { readonly text: string; readonly line: number }[];
  /** How a row of this kind of copy divides into the header's cells. */
  readonly cellsOf: (row: string, width: number, messageAt: number) => string[] | undefined;
}

/**
 * Whether text holds a table copied from Logs Insights: a header row of field names, one of them a
 * Logs Insights field (`@timestamp`, `@message`, `@log`…), over its divider; or, copied as
 * tab-separated text, a header of such names starting with an `@` field, over a row. Other tables (a
 * README's) are no export. Tested on every input before it is read as raw text, so it looks only at
 * divider lines, lines that start with `@` and hold a tab, and lines that name a statistic.
 */
export function hasInsightsTable(text: string): boolean {
  // A divider holds `|`; a tab-separated header (the only thing the last two searches accept, through
  // tsvHeaderAt) holds a tab. A text with neither, such as a plain log, is not searched line by line.
  const piped = text.includes('|');
  if (!piped && !text.includes('\t')) return false;
  if (piped)
    for (const match of text.matchAll(MARKDOWN_DIVIDERS)) {
      const end = match.index - 1;
      if (end <= 0) continue;
      const header = text.slice(text.lastIndexOf('\n', end - 1) + 1, end).replace(/\r$/, '');
      if (markdownHeaderAt([header, match[0]], 0) !== undefined) return true;
    }
  for (const match of text.matchAll(TSV_HEADERS)) {
    if (tsvHeaderAt(lineAndNext(text, match.index), 0) !== undefined) return true;
  }
  // Each line that names a statistic is read once, however many it names.
  let checkedUpTo = -1;
  for (const match of text.matchAll(STATISTIC_NAMED)) {
    if (match.index < checkedUpTo) continue;
    const start = text.lastIndexOf('\n', match.index) + 1;
    const lines = lineAndNext(text, start);
    if (tsvHeaderAt(lines, 0) !== undefined) return true;
    checkedUpTo = start + lines[0].length + 1;
  }
  return false;
}

/** The line starting at `start` and the one after it. */
function lineAndNext(text: string, start: number): [string, string] {
  const end = text.indexOf('\n', start);
  if (end < 0) return [text.slice(start), ''];
  const stop = text.indexOf('\n', end + 1);
  return [text.slice(start, end), text.slice(end + 1, stop < 0 ? text.length : stop)];
}

/**
 * The events of every Logs Insights table in a text, a batch per log group and stream: the
 * console's Markdown copy, its ASCII copy (padded cells, `|----|` dividers, a rule of dashes above
 * and below), and rows copied as tab-separated text. The title and settings Logs Insights writes above a table are skipped (its one
 * log group, when it names only one, is each row's without `@log`); any other line outside the
 * tables is read as raw log text, so log lines pasted beside a table are read and anything else is
 * counted, not dropped.
 */
/** What a text's Logs Insights tables hold, and why any of them was left out. */
interface TableBatches {
  readonly batches: LogBatch[];
  /** One line each: a statistics table left out of a text that holds log lines besides it. */
  readonly skipped: readonly string[];
}

/** A `stats` query's table: a column named after a statistic, and no log line to read instead. */
function holdsStatistics(table: InsightsTable): boolean {
  return !table.header.includes('@message') && table.header.some((field) => STATISTIC_COLUMN.test(field));
}

export function insightsTableBatches(text: string, name: string): TableBatches {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const outside = [...lines];
  const tables: { table: InsightsTable; logGroup?: string }[] = [];
  let logGroup: string | undefined;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (INSIGHTS_TITLE.test(line)) {
      const end = preambleEnd(lines, i);
      if (end !== undefined) {
        logGroup = undefined;
        for (let j = i; j < end; j++) {
          const groups = LOG_GROUP_NAMES.exec(lines[j] ?? '')?.[1]
            ?.split(',')
            .map((g) => g.trim());
          if (groups?.length === 1 && groups[0]) logGroup = groups[0];
          outside[j] = '';
        }
        i = end;
        continue;
      }
    }
    const table = tableAt(lines, i, name) ?? tsvTableAt(lines, i, name);
    if (table === undefined) {
      i += 1;
      continue;
    }
    // The ASCII copy draws a rule of dashes above and below its table, and a paste may fence it.
    for (let above = i - 1; above >= i - 2 && FRAME.test(lines[above] ?? ''); above--) outside[above] = '';
    let end = table.end;
    while (end < table.end + 2 && FRAME.test(lines[end] ?? '')) end += 1;
    for (let j = i; j < end; j++) outside[j] = '';
    tables.push({ table: table.table, ...(logGroup !== undefined && { logGroup }) });
    logGroup = undefined;
    i = end;
  }
  const rest = outside.join('\n');
  // A statistics table beside log lines (an issue quoting both) is left out, said on stderr, so the
  // lines are still read; alone, it is refused (tableBatches throws), since it holds no event.
  const statistics = tables.filter(({ table }) => holdsStatistics(table));
  const beside = rest.trim() !== '' || statistics.length < tables.length;
  const read = beside ? tables.filter(({ table }) => !holdsStatistics(table)) : tables;
  const batches = read.flatMap(({ table, logGroup }) => tableBatches(table, logGroup, name));
  const skipped = beside
    ? statistics.map(
        ({ table }) =>
          `${name}: the table whose rows start at line ${table.rows[0]?.line ?? 1} holds statistics, not log events; its rows were left out (${AGGREGATED_HINT})`,
      )
    : [];
  return { batches: rest.trim() === '' ? batches : [...batches, rawTextBatch(rest, name)], skipped };
}

/** The line after Logs Insights' title and settings (its fenced query, then `---`), if a table follows. */
function preambleEnd(lines: readonly string[], title: number): number | undefined {
  let fenced = false;
  for (let j = title + 1; j < lines.length && j < title + 200; j++) {
    const line = (lines[j] ?? '').trim();
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) continue;
    if (line.startsWith('|')) return markdownHeaderAt(lines, j) ? j : undefined;
    // Some published copies carry a literal `$nl` where the line break before `---` was.
    if (line === '---' || line.endsWith('$nl---')) return j + 1 < lines.length ? j + 1 : undefined;
  }
  return undefined;
}

function markdownHeaderAt(lines: readonly string[], at: number): string[] | undefined {
  const line = (lines[at] ?? '').trim();
  if (!line.startsWith('|') || !line.endsWith('|') || !MARKDOWN_DIVIDER.test(lines[at + 1] ?? '')) {
    return undefined;
  }
  return insightsHeader(
    line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim()),
  );
}

/** How the rows of one kind of copied table are told apart. */
interface TableRows {
  /** How many cell boundaries a line adds to the row it is part of. */
  readonly boundaries: (line: string) => number;
  /** Whether a row with this many boundaries, whose last non-blank line is `last`, has all its cells. */
  readonly whole: (boundaries: number, last: string, width: number) => boolean;
  /** Whether a line after a whole row starts another one (else the table has ended). */
  readonly startsRow: (line: string) => boolean;
  /**
   * Whether the line at `at` is a table's header: the header again (a table copied twice, two
   * exports pasted one under the other) ends the table, and the rows under it are another table's.
   */
  readonly headerAt: (lines: readonly string[], at: number) => boolean;
}

const MARKDOWN_ROWS: TableRows = {
  // A line break is white space on both sides, as a row's edge is, so dividers add up line by line.
  boundaries: (line) => dividersOf(line).length,
  whole: (boundaries, last, width) => boundaries > width && last.trimEnd().endsWith('|'),
  startsRow: (line) => line.trim() !== '' && line.trimStart().startsWith('|'),
  headerAt: (lines, at) => markdownHeaderAt(lines, at) !== undefined,
};

const TSV_ROWS: TableRows = {
  boundaries: (line) => tabRuns(line),
  whole: (boundaries, _last, width) => boundaries >= width - 1,
  startsRow: (line) => line.includes('\t'),
  headerAt: (lines, at) => tsvHeaderAt(lines, at) !== undefined,
};

/** What a writer puts where rows were left out: `...`, `…`, `[...]`, `(...)`. */
const ELISION = /^(?:\.{3,}|…+|\[(?:\.{3,}|…)\]|\((?:\.{3,}|…)\))$/;

/** Whether a line only marks rows left out: an elision alone, or one in every cell of a row. */
function isElision(line: string): boolean {
  const cells = line
    .split(/[|\t]/)
    .map((cell) => cell.trim())
    .filter((cell) => cell !== '');
  return cells.length > 0 && cells.every((cell) => ELISION.test(cell));
}

/**
 * A table's rows from line `first` on, and the line after them. A row whose message holds line
 * breaks goes on over the next lines until it has all its cells; after a whole row, a line that
 * starts none ends the table, and so does a table's header (the same table copied again under it),
 * except a line marking rows left out when a whole row of the table follows it: it is skipped, part
 * of the table, so the rows under it are read as rows and it counts as no log line.
 * Boundaries are counted line by line as a row grows, so a row that never ends costs one pass, not
 * one per line it swallows.
 */
function rowsOf(
  lines: readonly string[],
  first: number,
  header: readonly string[],
  shape: TableRows,
  name: string,
): { rows: { text: string; line: number }[]; end: number } {
  const rows: { text: string; line: number }[] = [];
  // The row's last non-blank line is kept apart, so telling whether the row ends reads one line,
  // not the whole row again for every line it swallows.
  let open: { text: string; line: number; boundaries: number; last: string } | undefined;
  const whole = (row: { boundaries: number; last: string }) =>
    shape.whole(row.boundaries, row.last, header.length);
  let j = first;
  for (; j < lines.length; j++) {
    const line = lines[j] ?? '';
    if (open !== undefined && !whole(open)) {
      open.text += `\n${line}`;
      open.boundaries += shape.boundaries(line);
      if (line.trim() !== '') open.last = line;
      continue;
    }
    if (isElision(line) && rowAfterElision(lines, j + 1, shape, header.length)) continue;
    if (!shape.startsRow(line) || shape.headerAt(lines, j)) break;
    if (open !== undefined) rows.push(open);
    open = { text: line, line: j + 1, boundaries: shape.boundaries(line), last: line };
  }
  if (open !== undefined) {
    if (!whole(open)) {
      throw new InputError(
        `${name}: the table row at line ${open.line} never ends: it has fewer cells than the header (${header.join(', ')})`,
        'copy the table again; it looks cut short',
      );
    }
    rows.push(open);
  }
  return { rows, end: j };
}

/**
 * Whether the line under an elision is a whole row of this table by itself: not another elision, not
 * the header of another table (a writer sets tables apart with `...` too), and not a line with fewer
 * cells than the header, which is no row of it. Otherwise the elision ends the table, as other text
 * does, and what follows is read on its own.
 */
function rowAfterElision(lines: readonly string[], at: number, shape: TableRows, width: number): boolean {
  const next = lines[at] ?? '';
  if (!shape.startsRow(next) || isElision(next)) return false;
  if (markdownHeaderAt(lines, at) !== undefined || tsvHeaderAt(lines, at) !== undefined) return false;
  return shape.whole(shape.boundaries(next), next, width);
}

/** The Markdown or ASCII table whose header is at line `at`, if one is, and the line after it. */
function tableAt(
  lines: readonly string[],
  at: number,
  name: string,
): { table: InsightsTable; end: number } | undefined {
  const header = markdownHeaderAt(lines, at);
  if (header === undefined) return undefined;
  const { rows, end } = rowsOf(lines, at + 2, header, MARKDOWN_ROWS, name);
  return { table: { header, rows, cellsOf: markdownCells }, end };
}

/** A tab-separated header: an `@` field first, then field names, separated by tabs (runs of them when aligned by hand). */
const TSV_HEADERS = /^[ \t]*@[\w.()*-]+(?:\t+[^\t\r\n]+)+[ \t]*\r?$/gm;
/** Where a statistic function is named: a `stats` query's tab-separated header may have no `@` field. */
const STATISTIC_NAMED =
  /\b(?:count|count_distinct|sum|avg|min|max|pct|stddev|earliest|latest|sortsFirst|sortsLast)\(/g;

function tsvHeaderAt(lines: readonly string[], at: number): string[] | undefined {
  const line = (lines[at] ?? '').trim();
  if (!line.includes('\t') || !(lines[at + 1] ?? '').includes('\t')) return undefined;
  const cells = line.split(/\t+/).map((cell) => cell.trim());
  // Without an `@` field, a statistic among names only: a Lambda function's tab-separated line
  // (`2026-…Z<TAB>id<TAB>INFO<TAB>max(retries)`) may end in a message that looks like one.
  if (
    !line.startsWith('@') &&
    !(
      cells.some((cell) => STATISTIC_COLUMN.test(cell)) &&
      cells.every((cell) => FIELD_NAME.test(cell) || STATISTIC_COLUMN.test(cell))
    )
  )
    return undefined;
  return insightsHeader(cells);
}

/** How many runs of tabs divide a line's text into cells. */
function tabRuns(line: string): number {
  return line.trim().match(/\t+/g)?.length ?? 0;
}

/** The tab-separated table whose header is at line `at`, if one is, and the line after it. */
function tsvTableAt(
  lines: readonly string[],
  at: number,
  name: string,
): { table: InsightsTable; end: number } | undefined {
  const header = tsvHeaderAt(lines, at);
  if (header === undefined) return undefined;
  const { rows, end } = rowsOf(lines, at + 1, header, TSV_ROWS, name);
  return { table: { header, rows, cellsOf: tsvCells }, end };
}

/**
 * A tab-separated row's cells: runs of tabs divide them (pastes align columns with extra tabs), and
 * a message holding tabs itself (a Lambda REPORT line) is read as markdownCells reads one holding ` | `.
 */
function tsvCells(row: string, width: number, messageAt: number): string[] | undefined {
  const parts = row.trim().split(/\t+/);
  if (parts.length === width) return parts.map((part) => part.trim());
  if (parts.length < width || messageAt < 0) return undefined;
  const extra = parts.length - width;
  return [
    ...parts.slice(0, messageAt),
    parts.slice(messageAt, messageAt + extra + 1).join('\t'),
    ...parts.slice(messageAt + extra + 1),
  ].map((part) => part.trim());
}

function tableBatches(table: InsightsTable, logGroup: string | undefined, name: string): LogBatch[] {
  const { header } = table;
  const messageAt = header.indexOf('@message');
  const rows = table.rows.map(({ text, line }) => {
    const cells = table.cellsOf(text, header.length, messageAt);
    if (cells === undefined) {
      throw new InputError(
        `${name}: the table row at line ${line} does not have the header's ${header.length} cells (${header.join(', ')})`,
        'copy the table again from Logs Insights, or export it as CSV',
      );
    }
    const row = new Map(header.map((field, i) => [field, cells[i] ?? '']));
    if (logGroup !== undefined && !row.has('@log')) row.set('@log', logGroup);
    return row;
  });
  return batchesOf(
    rows,
    { ...(messageAt >= 0 && { messageField: '@message' }), aggregated: namesAStatistic },
    name,
    name,
  );
}
