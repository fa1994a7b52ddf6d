import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimePoint, parseTimeRange, TimeRangeError } from '../../cli/time-range';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const WEEK_MS = 604_800_000;
/** The longest duration in weeks that still ends after 1970-01-01 (2968 on NOW). */
const WEEKS_SINCE_1970 = Math.floor(NOW / WEEK_MS);

describe('--since / --until values', () => {
  it('reads a value with spaces around it, as one pasted into quotes, like the value alone', () => {
    assert.equal(parseTimePoint(' 2h ', '--since', NOW), parseTimePoint('2h', '--since', NOW));
    assert.equal(
      parseTimePoint(' 2026-11-25T10:00:00Z\t', '--until', NOW),
      Date.parse('2026-11-25T10:00:00Z'),
    );
  });

  const accepted: [string, string][] = [
    ['30s', '2026-11-25T11:59:30.000Z'],
    ['15m', '2026-11-25T11:45:00.000Z'],
    ['1h', '2026-11-25T11:00:00.000Z'],
    ['2d', '2026-11-23T12:00:00.000Z'],
    ['1w', '2026-11-18T12:00:00.000Z'],
    ['2026-11-25T10:30:00Z', '2026-11-25T10:30:00.000Z'],
    ['2026-11-25T10:30:00+01:00', '2026-11-25T09:30:00.000Z'],
    ['2026-11-25T10:30', '2026-11-25T10:30:00.000Z'],
    ['2026-11-25 10:30:00', '2026-11-25T10:30:00.000Z'],
    ['2026-11-24', '2026-11-24T00:00:00.000Z'],
  ];
  for (const [value, expected] of accepted) {
    it(`reads ${value} as ${expected} (times without an offset are UTC, like the logs)`, () => {
      assert.equal(new Date(parseTimePoint(value, '--since', NOW)).toISOString(), expected);
    });
  }

  for (const value of ['', '1', '1y', 'h', 'yesterday', '-1h']) {
    it(`refuses ${JSON.stringify(value)} and names the accepted forms`, () => {
      assert.throws(
        () => parseTimePoint(value, '--since', NOW),
        (error: unknown) =>
          error instanceof TimeRangeError &&
          /is neither a duration nor a timestamp$/.test(error.message) &&
          /15m, 1h, 2d/.test(error.hint),
      );
    });
  }

  const impossible: [string, RegExp][] = [
    ['99999999999999w', /^--since "99999999999999w" is too far back: it reaches before 1970/],
    [`${'9'.repeat(400)}s`, /is too far back: it reaches before 1970/],
    [`${WEEKS_SINCE_1970 + 1}w`, /w" is too far back/],
    ['2026-13-45T99:00Z', /is not a real date and time/],
    ['2026-02-30', /^--since "2026-02-30" is not a real date and time$/],
    ['2025-02-29T10:00:00Z', /is not a real date and time/],
    ['2026-04-31', /is not a real date and time/],
    ['2026-11-25T24:00', /is not a real date and time/],
    ['2026-11-25T10:60:00Z', /is not a real date and time/],
    ['1969-12-31T23:59:59Z', /^--since "1969-12-31T23:59:59Z" is before 1970/],
  ];
  for (const [value, message] of impossible) {
    it(`refuses ${value.length > 30 ? `${value.slice(0, 12)}… (${value.length} characters)` : value}, a time that cannot be pulled, saying why`, () => {
      assert.throws(
        () => parseTimePoint(value, '--since', NOW),
        (error: unknown) =>
          error instanceof TimeRangeError && message.test(error.message) && error.hint !== '',
      );
    });
  }

  it('accepts the last day of each month, 29 February of a leap year, and the first millisecond of 1970', () => {
    for (const value of [
      '2024-02-29',
      '2026-01-31',
      '2026-04-30',
      '2026-12-31T23:59:59Z',
      '1970-01-01T00:00:00Z',
    ]) {
      assert.equal(
        parseTimePoint(value, '--since', NOW),
        Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value),
      );
    }
    assert.equal(parseTimePoint(`${WEEKS_SINCE_1970}w`, '--since', NOW), NOW - WEEKS_SINCE_1970 * WEEK_MS);
  });

  it('without --since reaches back one hour from the end, so an --until alone moves the hour instead of failing against a start never typed', () => {
    assert.deepEqual(parseTimeRange(undefined, undefined, NOW), { startTime: NOW - 3_600_000, endTime: NOW });
    const until = Date.UTC(2026, 10, 20, 10, 0);
    assert.deepEqual(parseTimeRange(undefined, '2026-11-20T10:00:00Z', NOW), {
      startTime: until - 3_600_000,
      endTime: until,
    });
  });

  it('with --until alone more than an hour ahead, names --until, not a --since the user never typed', () => {
    // A local time typed without its offset, read as UTC two hours ahead.
    assert.throws(
      () => parseTimeRange(undefined, '2026-11-25T14:00:00', NOW),
      (error: unknown) =>
        error instanceof TimeRangeError &&
        /^--until \(2026-11-25T14:00:00\.000Z\) is more than an hour ahead/.test(error.message) &&
        !error.message.includes('--since') &&
        /offset/.test(error.hint),
    );
  });

  it('without --since does not reach before 1970, where FilterLogEvents takes no start time', () => {
    assert.deepEqual(parseTimeRange(undefined, '1970-01-01T00:30:00Z', NOW), {
      startTime: 0,
      endTime: 1_800_000,
    });
  });

  it('defaults the end to now and refuses a start that is not before the end, with a hint about order', () => {
    assert.deepEqual(parseTimeRange('1h', undefined, NOW), { startTime: NOW - 3_600_000, endTime: NOW });
    assert.throws(
      () => parseTimeRange('1h', '2h', NOW),
      (error: unknown) =>
        error instanceof TimeRangeError &&
        /--since .* is not before --until/.test(error.message) &&
        /start must come first/.test(error.hint),
    );
  });
});
