/**
 * ISO 8601 times as logs and exports write them. A time without a zone is UTC, as CloudWatch shows
 * and exports it: `Date.parse` would read it in the local zone of whoever runs the CLI.
 */

import { DAY_MS } from './epoch-time';

/** `2026-11-25T14:02:11`, `2026-11-25 14:02:11,123`: a date and time with no zone after it. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?$/;

/** Epoch milliseconds of an ISO 8601 time (`T` or a space between date and time), or undefined. */
export function isoTimeMs(text: string): number | undefined {
  const value = text.trim();
  const utc = ZONELESS.test(value) ? `${value.replace(' ', 'T').replace(',', '.')}Z` : value;
  const ms = Date.parse(utc);
  return Number.isNaN(ms) ? undefined : ms;
}

/** 10000-01-01T00:00:00Z: from there on, toISOString writes a six-digit year with a sign. */
const YEAR_10000_MS = 253_402_300_800_000;

/** The day formatted last and its `2026-11-25T`: a delivery's requests nearly all fall on one day. */
let lastDay = Number.NaN;
let lastDayPrefix = '';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * `new Date(ms).toISOString()`. Only the date part is left to Date, once per day: toISOString was
 * most of the time spent on an access-log failure once it had been classified.
 */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= YEAR_10000_MS) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    lastDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    lastDay = day;
  }
  const inDay = ms - day * DAY_MS;
  const hours = Math.floor(inDay / 3_600_000);
  const minutes = Math.floor(inDay / 60_000) % 60;
  const seconds = Math.floor(inDay / 1000) % 60;
  return `${lastDayPrefix}${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(inDay % 1000, 3)}Z`;
}
