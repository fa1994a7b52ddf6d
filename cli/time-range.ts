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

/**
 * A span of milliseconds as the duration `--since` takes (`30m`, `1d`), in its largest whole unit;
 * undefined for none or one that is no whole number of seconds.
 */
export function durationText(ms: number): string | undefined {
  if (!Number.isSafeInteger(ms) || ms <= 0) return undefined;
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return undefined;
}
/** A date, optionally with a time; Date.parse alone would also accept "1" or "March 7". */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const FORMS_HINT = 'see --help for the accepted forms';

/** CloudWatch Logs times are epoch milliseconds; FilterLogEvents takes none before 1970. */
const EARLIEST_MS = 0;

export class TimeRangeError extends Error {
  override readonly name = 'TimeRangeError';
  constructor(
    message: string,
    /** The `(<hint>)` of the CLI's error line: what to do about this particular mistake. */
    readonly hint: string = FORMS_HINT,
  ) {
    super(message);
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * Whether the date and time an ISO match names exist. Date.parse rolls 2026-02-30 over to March 2
 * and 24:00 over to the next day; a user who typed them made a mistake worth hearing about.
 */
function isRealTime(match: RegExpExecArray): boolean {
  const [, year = '', month = '', day = '', hour = '0', minute = '0', second = '0'] = match;
  const m = Number(month);
  return (
    m >= 1 &&
    m <= 12 &&
    Number(day) >= 1 &&
    Number(day) <= daysIn(Number(year), m) &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59
  );
}

/** Epoch milliseconds for one value, relative to `now` for durations. */
export function parseTimePoint(value: string, option: string, now: number): number {
  const text = value.trim();
  const duration = DURATION.exec(text);
  if (duration) {
    const unit = duration[2] as keyof typeof UNIT_MS;
    const ms = now - Number(duration[1]) * UNIT_MS[unit];
    if (!Number.isFinite(ms) || ms < EARLIEST_MS) {
      throw new TimeRangeError(
        `${option} "${value}" is too far back: it reaches before 1970, where CloudWatch Logs times start`,
        'a duration counts back from now; give a shorter one, such as 2w, or an ISO time',
      );
    }
    return ms;
  }
  const iso = ISO.exec(text);
  if (iso) {
    if (!isRealTime(iso)) {
      throw new TimeRangeError(
        `${option} "${value}" is not a real date and time`,
        'check the day of the month and that hours run 00-23, e.g. 2026-02-28T14:00:00Z',
      );
    }
    const ms = isoTimeMs(text);
    if (ms !== undefined && ms < EARLIEST_MS) {
      throw new TimeRangeError(
        `${option} "${value}" is before 1970, where CloudWatch Logs times start`,
        'give a later time',
      );
    }
    if (ms !== undefined) return ms;
  }
  throw new TimeRangeError(
    `${option} "${value}" is neither a duration nor a timestamp`,
    'use e.g. 15m, 1h, 2d, or 2026-11-25T14:00:00Z; see --help for the accepted forms',
  );
}

interface TimeRange {
  readonly startTime: number;
  readonly endTime: number;
}

/** How far back from its end a range given without --since reaches. */
const DEFAULT_SPAN_MS = UNIT_MS.h;

/** The range to pull; without --since, the hour before its end (an --until alone moves the hour). */
export function parseTimeRange(since: string | undefined, until: string | undefined, now: number): TimeRange {
  const endTime = until === undefined ? now : parseTimePoint(until, '--until', now);
  // The default hour stops at 1970, where CloudWatch Logs times start.
  const startTime =
    since === undefined
      ? Math.max(EARLIEST_MS, endTime - DEFAULT_SPAN_MS)
      : parseTimePoint(since, '--since', now);
  // CloudWatch Logs holds nothing after now: a range that starts later would read as "No failed
  // requests". It is mostly a local time typed without its offset.
  if (since === undefined && startTime > now) {
    // The start is the default one: the user typed only --until, so the line must speak of it.
    throw new TimeRangeError(
      `--until (${new Date(endTime).toISOString()}) is more than an hour ahead, so the hour before it has not begun: it is ${new Date(now).toISOString()} now`,
      'times without an offset are UTC; add yours, e.g. 2026-11-25T14:00:00+01:00, or give --since too',
    );
  }
  if (startTime > now) {
    throw new TimeRangeError(
      `--since (${new Date(startTime).toISOString()}) is in the future: it is ${new Date(now).toISOString()} now`,
      'times without an offset are UTC; add yours, e.g. 2026-11-25T14:00:00+01:00, or give a duration such as 2h',
    );
  }
  if (startTime >= endTime) {
    throw new TimeRangeError(
      `--since (${new Date(startTime).toISOString()}) is not before --until (${new Date(endTime).toISOString()})`,
      'the start must come first; durations count back from now, so e.g. --since 2h --until 1h',
    );
  }
  return { startTime, endTime };
}
