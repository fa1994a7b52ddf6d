/** `--since` / `--until` values: a duration back from now (15m, 1h, 2d) or an ISO 8601 timestamp. */

import { isoTimeMs } from '../lambda/core/iso-time';

const UNIT_MS = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;

const DURATION = /^(\d+)([smhdw])$/;
/** A date, optionally with a time; Date.parse alone would also accept "1" or "March 7". */
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export class TimeRangeError extends Error {
  override readonly name = 'TimeRangeError';
}

/** Epoch milliseconds for one value, relative to `now` for durations. */
export function parseTimePoint(value: string, option: string, now: number): number {
  const text = value.trim();
  const duration = DURATION.exec(text);
  if (duration) {
    const unit = duration[2] as keyof typeof UNIT_MS;
    return now - Number(duration[1]) * UNIT_MS[unit];
  }
  if (ISO.test(text)) {
    const ms = isoTimeMs(text);
    if (ms !== undefined) return ms;
  }
  throw new TimeRangeError(
    `${option} "${value}" is neither a duration nor a timestamp (use e.g. 15m, 1h, 2d, or 2026-11-25T14:00:00Z)`,
  );
}

export interface TimeRange {
  readonly startTime: number;
  readonly endTime: number;
}

export function parseTimeRange(since: string, until: string | undefined, now: number): TimeRange {
  const startTime = parseTimePoint(since, '--since', now);
  const endTime = until === undefined ? now : parseTimePoint(until, '--until', now);
  if (startTime >= endTime) {
    throw new TimeRangeError(
      `--since (${new Date(startTime).toISOString()}) is not before --until (${new Date(endTime).toISOString()})`,
    );
  }
  return { startTime, endTime };
}
