/**
 * Turns what the user gave the CLI (a file or stdin) into LogBatches, whatever shape it came in:
 * raw log text (also as `aws logs tail`, `awslogs` or jq print it), a subscription Lambda event, a
 * decoded subscription payload, the JSON of `aws logs filter-log-events` / `get-log-events` /
 * `get-query-results` or `aws apigateway test-invoke-method`, CSV exported from CloudWatch, or JSON
 * Lines of events/payloads.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { checkPayload, DecodeError, decodeEvent, isRecord } from '../lambda/core/decode';
import type { LogBatch, LogEvent, SubscriptionPayload } from '../lambda/core/types';
import { exportedCsvBatches, isExportedCsv, isQueryResults, queryResultBatches } from './exported-rows';
import { InputError } from './input-error';

/** The most one input may hold; beyond that a laptop-sized run would exhaust memory. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

export const INPUT_KIND = {
  rawText: 'raw text',
  lambdaEvent: 'subscription Lambda event',
  payload: 'decoded subscription payload',
  filterLogEvents: 'filter-log-events or get-log-events output',
  queryResults: 'Logs Insights get-query-results output',
  testInvoke: 'test-invoke-method output',
  exportedCsv: 'CSV exported from CloudWatch',
  jsonLines: 'JSON Lines of events/payloads',
} as const;
export type InputKind = (typeof INPUT_KIND)[keyof typeof INPUT_KIND];

export { InputError };

export interface ParsedInput {
  readonly kind: InputKind;
  readonly batches: readonly LogBatch[];
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The input kinds that wrap events in JSON (as opposed to raw text and JSON Lines of them). */
type Envelope =
  | typeof INPUT_KIND.lambdaEvent
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
 * What `aws apigateway test-invoke-method` (and `test-invoke-authorizer`) print: the status, and the
 * whole execution log of the test as one `log` string, in the console's stamped lines.
 */
function isTestInvokeOutput(
  value: Record<string, unknown>,
): value is { log: string; status?: unknown; clientStatus?: unknown } {
  return (
    typeof value.log === 'string' &&
    (typeof value.status === 'number' || typeof value.clientStatus === 'number') &&
    'latency' in value
  );
}

function isFilterEvents(events: readonly unknown[]): boolean {
  return (
    events.length > 0 &&
    events.every((e) => isRecord(e) && typeof e.message === 'string' && 'logStreamName' in e)
  );
}

function payloadBatch(payload: SubscriptionPayload, name: string): LogBatch {
  return {
    source: { logGroup: payload.logGroup, logStream: payload.logStream, name },
    events: payload.logEvents,
  };
}

function decodeEnvelope(value: unknown, kind: Envelope, name: string, where: string): LogBatch[] {
  try {
    if (kind === INPUT_KIND.lambdaEvent) return [payloadBatch(decodeEvent(value), name)];
    if (kind === INPUT_KIND.payload) return [payloadBatch(checkPayload(value), name)];
    if (kind === INPUT_KIND.queryResults && isQueryResults(value))
      return queryResultBatches(value, name, where);
    if (kind === INPUT_KIND.testInvoke && isRecord(value) && isTestInvokeOutput(value))
      return [{ source: { name }, events: testInvokeEvents(value, name) }];
  } catch (error) {
    if (error instanceof DecodeError) {
      throw new InputError(
        `${where}: ${error.message} [${error.code}]`,
        kind === INPUT_KIND.lambdaEvent
          ? 'awslogs.data must be base64 of the gzip of a subscription payload, exactly as Lambda receives it'
          : 'a decoded payload needs messageType, logGroup and logEvents[{id,timestamp,message}]',
      );
    }
    throw error;
  }
  return filterOutputBatches(value, name, where);
}

/**
 * `aws logs filter-log-events` output does not name the log group, so it stays undefined; events
 * are grouped per stream so continuation lines of one stream stay adjacent.
 */
function filterOutputBatches(value: unknown, name: string, where: string): LogBatch[] {
  const events = isRecord(value) && Array.isArray(value.events) ? value.events : [];
  const byStream = new Map<string, LogEvent[]>();
  events.forEach((raw: unknown, index) => {
    if (!isRecord(raw) || typeof raw.message !== 'string') {
      throw new InputError(
        `${where}: events[${index}] has no string "message"`,
        'expected the JSON that `aws logs filter-log-events` or `get-log-events` prints',
      );
    }
    const stream = typeof raw.logStreamName === 'string' ? raw.logStreamName : '';
    const timestamp = Number(raw.timestamp);
    const event: LogEvent = {
      id: typeof raw.eventId === 'string' ? raw.eventId : `${name}#${index}`,
      timestamp: Number.isFinite(timestamp) ? timestamp : 0,
      message: raw.message,
    };
    const list = byStream.get(stream);
    if (list) list.push(event);
    else byStream.set(stream, [event]);
  });
  return [...byStream].map(([stream, streamEvents]) => ({
    source: stream === '' ? { name } : { logStream: stream, name },
    events: streamEvents,
  }));
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

const TEST_REQUEST = /^Execution log for request (\S+)/;

/**
 * A test-invoke output's events: its execution log line by line, and its status as an access line
 * for the request the log names. test-invoke-authorizer's log has no final status, so without that
 * line an authorizer's 403 would be no failure at all.
 */
function testInvokeEvents(
  value: { log: string; status?: unknown; clientStatus?: unknown },
  name: string,
): LogEvent[] {
  const lines = value.log.split('\n').filter((line) => line.trim() !== '');
  const events = lines.map((message, i): LogEvent => ({ id: `${name}:log:${i + 1}`, timestamp: 0, message }));
  const requestId = TEST_REQUEST.exec(lines[0] ?? '')?.[1];
  const status = typeof value.status === 'number' ? value.status : value.clientStatus;
  if (requestId !== undefined && typeof status === 'number')
    events.push({ id: `${name}:status`, timestamp: 0, message: JSON.stringify({ requestId, status }) });
  return events;
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

/** Lines a pretty-printed object may span before it is taken for separate lines. */
const MAX_PRETTY_LINES = 500;

/** For each line, the index of the first line from it on that is only `}`, or -1: one pass, read lazily. */
function closingLines(lines: readonly string[]): Int32Array {
  const next = new Int32Array(lines.length + 1).fill(-1);
  for (let i = lines.length - 1; i >= 0; i--) next[i] = lines[i]?.trimEnd() === '}' ? i : (next[i + 1] ?? -1);
  return next;
}

/**
 * Rejoins JSON objects printed over several lines (copied from a document or the console's
 * expanded view): a line that is only `{`, then a quoted key, up to the next line that is only `}`,
 * compacted to the one line CloudWatch stores. Each closing line is tried once, so the work stays
 * linear. After a line ending in `:` the object is an execution log's response body, left line by
 * line for the parser to join to its message.
 */
class PrettyObjects {
  private next: Int32Array | undefined;
  private failedEnd = -1;

  constructor(private readonly lines: readonly string[]) {}

  at(start: number, previous: string): { text: string; end: number } | undefined {
    const { lines } = this;
    if (lines[start]?.trimEnd() !== '{' || previous.trimEnd().endsWith(':')) return undefined;
    if (!lines[start + 1]?.trimStart().startsWith('"')) return undefined;
    this.next ??= closingLines(lines);
    const end = this.next[start + 1] ?? -1;
    if (end < 0 || end - start > MAX_PRETTY_LINES || end === this.failedEnd) return undefined;
    const value = tryJson(lines.slice(start, end + 1).join('\n'));
    if (isRecord(value)) return { text: JSON.stringify(value), end };
    this.failedEnd = end;
    return undefined;
  }
}

/**
 * One event per physical line: the parser joins continuation lines (multi-line bodies) itself.
 * Empty lines are skipped because CloudWatch Logs never stores an empty event. Raw text carries no
 * event timestamp, so 0 says "unknown" and the line's own time is authoritative. A log event object
 * per line is unwrapped, and a pretty-printed object becomes one line again; neither after a line
 * ending in `:`, where a JSON body follows its execution-log message.
 */
function rawTextBatch(text: string, name: string): LogBatch {
  const events: LogEvent[] = [];
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const pretty = new PrettyObjects(lines);
  let previous = '';
  for (let index = 0; index < lines.length; index++) {
    const id = `${name}:${index + 1}`;
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    const object = line.startsWith('{') ? pretty.at(index, previous) : undefined;
    const message = object?.text ?? line;
    // An object after a line ending in `:` is a response body; others may wrap log lines.
    const afterBodyHeader = previous.trimEnd().endsWith(':');
    previous = object ? '}' : line;
    if (object) index = object.end;
    const wrapper =
      message.startsWith('{') && !afterBodyHeader && /"(?:message|log)"/.test(message)
        ? tryJson(message)
        : undefined;
    const event = loggedEvent(wrapper);
    if (event) events.push({ id, ...event });
    else if (isRecord(wrapper) && isTestInvokeOutput(wrapper)) events.push(...testInvokeEvents(wrapper, id));
    else events.push({ id, timestamp: 0, message });
  }
  return { source: { name }, events };
}

/** Decides what one input is and turns it into batches. Pure: the caller reads the bytes. */
export function parseInput(text: string, name: string): ParsedInput {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const whole = tryJson(trimmed);
    const kind = envelopeOf(whole);
    if (kind !== undefined) {
      return { kind, batches: decodeEnvelope(whole, kind, name, name) };
    }
    // Not one JSON document: maybe one envelope per line. The first line decides, so a file of
    // JSON access-log lines stays raw text.
    const end = trimmed.indexOf('\n');
    const firstLine = end === -1 ? trimmed : trimmed.slice(0, end);
    if (envelopeOf(tryJson(firstLine)) !== undefined)
      return { kind: INPUT_KIND.jsonLines, batches: jsonLines(text, name) };
  }
  if (isExportedCsv(trimmed))
    return { kind: INPUT_KIND.exportedCsv, batches: exportedCsvBatches(trimmed, name) };
  return { kind: INPUT_KIND.rawText, batches: [rawTextBatch(text, name)] };
}

function jsonLines(text: string, name: string): LogBatch[] {
  const batches: LogBatch[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `${name} line ${index + 1}`;
    const value = tryJson(line);
    const kind = envelopeOf(value);
    if (kind === undefined) {
      throw new InputError(
        `${where} is not a subscription event or payload, unlike the first line`,
        'give JSON Lines of {"awslogs":…} events or decoded payloads only, or plain log text in a separate file',
      );
    }
    batches.push(...decodeEnvelope(value, kind, name, where));
  });
  return batches;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Bytes to text; gzip files (exports, archived logs) are inflated, still within the size limit. */
export function bytesToText(bytes: Buffer, name: string, maxBytes: number = MAX_INPUT_BYTES): string {
  if (bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes }).toString('utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw tooLarge(name, maxBytes);
    throw new InputError(
      `${name} is gzip but cannot be inflated: ${(error as Error).message}`,
      'check the file is complete',
    );
  }
}

function tooLarge(name: string, maxBytes: number): InputError {
  return new InputError(
    `${name} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; refused`,
    'split it, or pull a shorter time range with --log-group and --since/--until',
  );
}

/** Reads a stream (stdin) up to maxBytes, refusing rather than buffering without bound. */
export async function readLimited(
  stream: Readable,
  name: string,
  maxBytes: number = MAX_INPUT_BYTES,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > maxBytes) {
      stream.destroy();
      throw tooLarge(name, maxBytes);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

const FS_HINTS: Record<string, string> = {
  ENOENT: 'no such file; check the path',
  EISDIR: 'it is a directory; give a log file',
  EACCES: 'permission denied; check the file mode',
  EPERM: 'permission denied; check the file mode',
};

/** Reads one file with the size checked first, so a huge file is refused before any read. */
export async function readFileLimited(path: string, maxBytes: number = MAX_INPUT_BYTES): Promise<Buffer> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (info.size > maxBytes) throw tooLarge(path, maxBytes);
    return await readLimited(createReadStream(path), path, maxBytes);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as { code?: string }).code ?? '';
    throw new InputError(
      `cannot read ${path}`,
      FS_HINTS[code] ?? `${code || 'read failed'}: ${(error as Error).message}`,
    );
  }
}
