/**
 * Rows exported from CloudWatch as input: the JSON `aws logs get-query-results` prints for a Logs
 * Insights query, and CSV with a header row naming a `message` or `@message` column (the console's
 * "Download search results" of log events, Logs Insights' "Download table"). Rows become log events
 * with their time, log group and stream, so execution lines still land in an execution batch and
 * are joined by request id.
 */
import { isRecord } from '../lambda/core/decode';
import { isoTimeMs } from '../lambda/core/iso-time';
import type { LogBatch, LogEvent } from '../lambda/core/types';
import { InputError } from './input-error';

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
  if (/^\d{10}$/.test(value)) return Number(value) * 1000;
  if (/^\d{11,13}$/.test(value)) return Number(value);
  return isoTimeMs(value) ?? 0;
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
  const fields = [...row].filter(([field]) => !field.startsWith('@'));
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
export function csvRecords(text: string): string[][] | undefined {
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

/** The column names of a CSV header row, or undefined when the line is not one. */
function headerFields(line: string): string[] | undefined {
  if (line.length > MAX_HEADER_CHARS) return undefined;
  const fields = line
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split(',');
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
  const [header = [], ...body] = records;
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
  // CSV tables carry no @ptr: a column named after a statistic function (count(*), avg(latency)) gives them away.
  const aggregated = (row: Row) => [...row.keys()].some((field) => field.includes('('));
  return batchesOf(rows, { messageField, aggregated }, name, name);
}
