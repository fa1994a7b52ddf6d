/** Decodes a CloudWatch Logs subscription delivery: base64 → gunzip (bounded) → JSON → checked shape. */
import { isAscii } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { jsonFault } from './decode-json-fault';
import { type LogEvent, MESSAGE_TYPE, type SubscriptionPayload } from './types';

/**
 * The most a delivery may inflate to. CloudWatch Logs sends at most 1 MiB of events per delivery
 * (before gzip); 16 MiB leaves room for JSON overhead while refusing a gzip bomb before it can
 * exhaust a 128 MB function.
 */
export const MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024;

export const DECODE_ERROR = {
  notAnEvent: 'not-an-event',
  badBase64: 'bad-base64',
  notGzip: 'not-gzip',
  truncatedGzip: 'truncated-gzip',
  tooLarge: 'too-large',
  badJson: 'bad-json',
  badShape: 'bad-shape',
} as const;
export type DecodeErrorCode = (typeof DECODE_ERROR)[keyof typeof DECODE_ERROR];

export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON object a text holds, or undefined when it holds none (no JSON, or another value). */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Extracts `awslogs.data` from a Lambda event; throws DecodeError naming what is missing. */
export function awslogsData(event: unknown): string {
  if (!isRecord(event) || !isRecord(event.awslogs) || typeof event.awslogs.data !== 'string') {
    throw new DecodeError(
      DECODE_ERROR.notAnEvent,
      'event is not a CloudWatch Logs subscription event: expected {"awslogs":{"data":"<base64 gzip>"}}',
    );
  }
  return event.awslogs.data;
}

/**
 * Decodes base64. Node skips characters outside the alphabet, so a decoded length that matches the
 * text's length proves it was clean without a regular-expression pass over a megabyte of text; only
 * text that fails that check (wrapped lines, invalid characters) takes the strict path.
 */
function base64Bytes(data: string): Buffer {
  const bytes = Buffer.from(data, 'base64');
  if (data.length > 0 && data.length % 4 === 0) {
    const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
    if (bytes.length === (data.length / 4) * 3 - padding) return bytes;
  }
  const compact = data.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 === 1 || !BASE64.test(compact)) {
    throw new DecodeError(DECODE_ERROR.badBase64, 'awslogs.data is not valid base64');
  }
  return Buffer.from(compact, 'base64');
}

/** zlib's default output chunk (16 KiB). */
const DEFAULT_CHUNK_BYTES = 16 * 1024;

/**
 * The output chunk to inflate into. By default zlib inflates a 1 MiB delivery 16 KiB at a time (about
 * 64 native calls) and then copies the chunks into one buffer; one chunk as large as the output takes
 * one call and no copy (about a third of gunzip's time on Node 20 and 24). A gzip trailer ends with
 * ISIZE, the input's size mod 2^32, which is the output's size for CloudWatch's one-member streams.
 * It is only a hint: a larger output (several members, or a forged trailer) is inflated in more chunks
 * of that size, and zlib rejects a trailer that does not match before the payload is used. The hint
 * is capped at the bound, so the one chunk is never larger than the output maxOutputLength allows
 * (+1: a chunk with room left is how zlib tells the output ended in it), and never smaller than
 * zlib's default, so a forged small hint costs no more calls than before.
 */
function inflateChunkBytes(compressed: Buffer): number {
  const hint = compressed.length >= 18 ? compressed.readUInt32LE(compressed.length - 4) : 0;
  return Math.max(DEFAULT_CHUNK_BYTES, Math.min(hint, MAX_DECOMPRESSED_BYTES) + 1);
}

function gunzipBounded(compressed: Buffer): Buffer {
  if (compressed.length < 2 || compressed[0] !== 0x1f || compressed[1] !== 0x8b) {
    throw new DecodeError(
      DECODE_ERROR.notGzip,
      'awslogs.data is not gzip data (no gzip magic bytes after base64)',
    );
  }
  try {
    return gunzipSync(compressed, {
      maxOutputLength: MAX_DECOMPRESSED_BYTES,
      chunkSize: inflateChunkBytes(compressed),
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new DecodeError(
        DECODE_ERROR.tooLarge,
        `awslogs.data inflates to more than ${MAX_DECOMPRESSED_BYTES} bytes; refused (possible gzip bomb)`,
      );
    }
    if (code === 'Z_BUF_ERROR') {
      throw new DecodeError(
        DECODE_ERROR.truncatedGzip,
        'awslogs.data gzip stream is truncated (unexpected end of file)',
      );
    }
    throw new DecodeError(
      DECODE_ERROR.notGzip,
      `awslogs.data gzip stream is corrupt: ${(error as Error).message}`,
    );
  }
}

function checkEvent(value: unknown, index: number): LogEvent {
  if (!isRecord(value) || typeof value.message !== 'string') {
    throw new DecodeError(DECODE_ERROR.badShape, `logEvents[${index}] has no string "message"`);
  }
  // CloudWatch's own events are already the right shape: keep them rather than copy a thousand objects.
  if (
    typeof value.id === 'string' &&
    typeof value.timestamp === 'number' &&
    Number.isFinite(value.timestamp)
  ) {
    return value as unknown as LogEvent;
  }
  const timestamp = typeof value.timestamp === 'number' ? value.timestamp : Number(value.timestamp);
  return {
    id: typeof value.id === 'string' ? value.id : String(index),
    timestamp: Number.isFinite(timestamp) ? timestamp : 0,
    message: value.message,
  };
}

/** A message type's spelling: an upper-case word, as CloudWatch's are. Anything else may be data. */
const TYPE_WORD = /^[A-Z][A-Z_]{0,31}$/;

/** A field's value as an error may show it: quoted when it is a type's word, else only its kind. */
function described(value: unknown): string {
  if (typeof value === 'string')
    return TYPE_WORD.test(value) ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** Checks a decoded payload's shape (also used for payloads the CLI reads already decoded). */
export function checkPayload(value: unknown): SubscriptionPayload {
  if (!isRecord(value)) throw new DecodeError(DECODE_ERROR.badShape, 'payload is not a JSON object');
  const { messageType } = value;
  if (messageType !== MESSAGE_TYPE.data && messageType !== MESSAGE_TYPE.control) {
    throw new DecodeError(
      DECODE_ERROR.badShape,
      `payload messageType is ${described(messageType)}; expected ${MESSAGE_TYPE.data} or ${MESSAGE_TYPE.control}`,
    );
  }
  const logEvents = value.logEvents ?? [];
  if (!Array.isArray(logEvents))
    throw new DecodeError(DECODE_ERROR.badShape, 'payload logEvents is not an array');
  if (messageType === MESSAGE_TYPE.data && typeof value.logGroup !== 'string') {
    throw new DecodeError(DECODE_ERROR.badShape, 'payload has no string logGroup');
  }
  const filters = Array.isArray(value.subscriptionFilters) ? value.subscriptionFilters : [];
  return {
    messageType,
    owner: typeof value.owner === 'string' ? value.owner : '',
    logGroup: typeof value.logGroup === 'string' ? value.logGroup : '',
    logStream: typeof value.logStream === 'string' ? value.logStream : '',
    subscriptionFilters: filters.filter((f): f is string => typeof f === 'string'),
    logEvents: messageType === MESSAGE_TYPE.control ? [] : logEvents.map(checkEvent),
  };
}

/**
 * UTF-8 text of the inflated payload. CloudWatch payloads are nearly always pure ASCII, for which
 * Latin-1 decoding gives the same string about five times faster (and JSON.parse reads a one-byte
 * string faster too); the one-pass ASCII check keeps any other payload on the UTF-8 decoder.
 */
function utf8Text(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/**
 * What JSON.parse refused in a text, by position and kind, never by quoting it: V8's own message
 * quotes a window of the input, and a corrupt delivery's bytes may hold a secret.
 */
function notJson(json: string): string {
  const fault = jsonFault(json);
  if (fault === undefined) return `JSON.parse refused its ${json.length} characters`;
  return `${fault.problem} at position ${fault.position} of ${json.length}`;
}

/** Decodes `awslogs.data`. A CONTROL_MESSAGE decodes to a payload with no events. */
export function decodeData(data: string): SubscriptionPayload {
  const json = utf8Text(gunzipBounded(base64Bytes(data)));
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new DecodeError(DECODE_ERROR.badJson, `awslogs.data is gzip but not JSON: ${notJson(json)}`);
  }
  return checkPayload(parsed);
}

/** Decodes a whole Lambda subscription event. */
export function decodeEvent(event: unknown): SubscriptionPayload {
  return decodeData(awslogsData(event));
}
