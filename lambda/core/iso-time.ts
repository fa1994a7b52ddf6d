/**
 * ISO 8601 times as logs and exports write them. A time without a zone is UTC, as CloudWatch shows
 * and exports it: `Date.parse` would read it in the local zone of whoever runs the CLI.
 */

/** `2026-11-25T14:02:11`, `2026-11-25 14:02:11,123`: a date and time with no zone after it. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?$/;

/** Epoch milliseconds of an ISO 8601 time (`T` or a space between date and time), or undefined. */
export function isoTimeMs(text: string): number | undefined {
  const value = text.trim();
  const utc = ZONELESS.test(value) ? `${value.replace(' ', 'T').replace(',', '.')}Z` : value;
  const ms = Date.parse(utc);
  return Number.isNaN(ms) ? undefined : ms;
}
