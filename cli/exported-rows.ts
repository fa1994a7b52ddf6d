/**
 * Rows exported from CloudWatch as input: the JSON `aws logs get-query-results` prints for a Logs
 * Insights query, and CSV with a header row naming a `message` or `@message` column (the console's
 * "Download search results" of log events, Logs Insights' "Download table"). Rows become log events
 * with their time, log group and stream, so execution lines still land in an execution batch and
 * are joined by request id.
 */
import { isRecord } from '../lambda/core/decode';
import type { LogBatch, LogEvent } from '../lambda/core/types';
import { InputError } from './input-error';

/** What one row is, whichever shape it came in. */
type Row = ReadonlyMap<string, string>;

const AGGREGATED_HINT =
  'these rows are statistics (each stands for many requests); run `fields @timestamp, @message, @log, @logStream` instead';

/** `{"results":[[{"field":…,"value":…},…],…],"statistics":…,"status":…}`, as GetQueryResults answers. */
export function isQueryResults(value: unknown): value is { results: unknown[] } {
  if (!isRecord(value) || !Array.isArray(value.results)) return false;
  if (!('status' in value || 'statistics' in value)) return false;
  return value.results.every(
    (row) => Array.isArray(row) && row.every((cell) => isRecord(cell) && typeof cell.field === 'string'),
  );
}

/** Logs Insights writes `@timestamp` as `2024-05-01 10:00:00.000`, in UTC; the console's log-event CSV as epoch milliseconds. */
function timeOf(text: string | undefined): number {
  if (text === undefined) return 0;
  if (/^\d{11,13}$/.test(text)) return Number(text);
  const iso = /^\d{4}-\d{2}-\d{2} \d/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * The event a row stands for. A row without `@message` but with the fields Insights discovered in a
 * JSON access line (`fields @timestamp, status, error.responseType`) becomes that line again; a row
 * with neither `@message` nor `@ptr` is a statistic, not an event, and is refused.
 */
function eventOf(row: Row, index: number, name: string, where: string): LogEvent | undefined {
  const message = row.get('@message') ?? row.get('message');
  const id = `${name}#${index + 1}`;
  const timestamp = timeOf(row.get('@timestamp') ?? row.get('timestamp'));
  if (message !== undefined) return { id, timestamp, message };
  if (!row.has('@ptr'))
    throw new InputError(`${where}: row ${index + 1} has no @message and no @ptr`, AGGREGATED_HINT);
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
 * One batch per log group and stream, events oldest first: Insights sorts newest first by default,
 * and a trail's verdict is its last line. Rows in descending time are reversed rather than sorted,
 * so lines logged in the same millisecond keep their order.
 */
function batchesOf(rows: readonly Row[], name: string, where: string): LogBatch[] {
  const groups = new Map<string, { logGroup?: string; logStream?: string; events: LogEvent[] }>();
  rows.forEach((row, index) => {
    const event = eventOf(row, index, name, where);
    if (event === undefined) return;
    const logGroup = logGroupOf(row);
    const logStream = row.get('@logStream') ?? row.get('logStreamName');
    const key = `${logGroup ?? ''}\u0000${logStream ?? ''}`;
    const group = groups.get(key);
    if (group) group.events.push(event);
    else groups.set(key, { logGroup, logStream, events: [event] });
  });
  return [...groups.values()].map(({ logGroup, logStream, events }) => {
    const descending = events.every((e, i) => i === 0 || e.timestamp <= (events[i - 1]?.timestamp ?? 0));
    const ordered = descending
      ? [...events].reverse()
      : [...events].sort((a, b) => a.timestamp - b.timestamp);
    return {
      source: {
        name,
        ...(logGroup !== undefined && { logGroup }),
        ...(logStream !== undefined && { logStream }),
      },
      events: ordered,
    };
  });
}

export function queryResultBatches(value: { results: unknown[] }, name: string, where: string): LogBatch[] {
  const rows = value.results.map((row) => {
    const cells = row as { field: string; value?: unknown }[];
    return new Map(
      cells.map((cell) => [
        cell.field,
        typeof cell.value === 'string' ? cell.value : String(cell.value ?? ''),
      ]),
    );
  });
  return batchesOf(rows, name, where);
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

const CSV_HEADER = /^\uFEFF?(?:"?@?[\w.()*]+"?,)*"?@?message"?(?:,"?@?[\w.()*]+"?)*\r?$/;

/** Whether text starts with a CSV header row: comma-separated field names, one of them `message` or `@message`. */
export function isExportedCsv(text: string): boolean {
  const end = text.indexOf('\n');
  return CSV_HEADER.test(end === -1 ? text : text.slice(0, end));
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
  return batchesOf(rows, name, name);
}
