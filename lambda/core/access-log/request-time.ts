/**
 * `$context.requestTime` and `$context.requestTimeEpoch` as formats log them (CLF style, ISO 8601,
 * epoch seconds or milliseconds), read as epoch milliseconds.
 */

import { epochTextMs, epochValueMs } from '../epoch-time';
import { isoTimeMs } from '../iso-time';

const MONTHS: Readonly<Record<string, number>> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

const CLF_TIME = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\s*([+-])(\d{2}):?(\d{2}))?$/;

/** Parses `$context.requestTime` (CLF style), ISO 8601, or epoch seconds/milliseconds, whole or with a fraction. */
export function parseTime(value: string): number | undefined {
  const text = value.trim();
  const clf = CLF_TIME.exec(text);
  if (clf) {
    const [, d, mon, y, h, mi, s, sign, oh, om] = clf;
    const month = MONTHS[(mon ?? '').toLowerCase()];
    if (month === undefined) return undefined;
    const utc = Date.UTC(Number(y), month, Number(d), Number(h), Number(mi), Number(s));
    const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0;
    return utc - offset;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    return isoTimeMs(text);
  }
  return epochTextMs(text);
}

/** parseTime for a value that JSON may have logged as a number: epoch seconds or milliseconds. */
export function timeOfValue(value: string | number): number | undefined {
  if (typeof value === 'string') return value ? parseTime(value) : undefined;
  return epochValueMs(value);
}
