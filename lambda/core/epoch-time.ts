/**
 * Epoch times as logs and exports write them: seconds (`$context.requestTimeEpoch` on an HTTP API)
 * or milliseconds (the REST variable, CloudWatch's event stamps), either with a fraction a log
 * shipper or Python's `time.time()` added (`1795707088.123456`).
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * 9–10 integer digits are seconds, 11–13 milliseconds: 1973 to 2286 as seconds, April 1970 to 2286
 * as milliseconds, so a count, a latency or an id in a time's place is not read as a time.
 */
const EPOCH = /^(\d{9,13})(?:\.(\d+))?$/;

/** Epoch milliseconds of epoch seconds or milliseconds written as text, or undefined. */
export function epochTextMs(text: string): number | undefined {
  const match = EPOCH.exec(text);
  if (match === null) return undefined;
  const whole = match[1] ?? '';
  // Below a millisecond the fraction is dropped, as Date drops an ISO time's microseconds.
  if (whole.length > 10) return Number(whole);
  const millis = (match[2] ?? '').slice(0, 3).padEnd(3, '0');
  return Number(whole) * 1000 + Number(millis);
}

/** epochTextMs for a number JSON logged; a whole number is read without a round trip through text. */
export function epochValueMs(value: number): number | undefined {
  if (Number.isInteger(value)) {
    if (value < 1e8 || value >= 1e13) return undefined;
    return value < 1e10 ? value * 1000 : value;
  }
  // The shortest text that reads back as the number: 1795707088.123 times 1000 is not 1795707088123.
  return Number.isFinite(value) ? epochTextMs(String(value)) : undefined;
}
