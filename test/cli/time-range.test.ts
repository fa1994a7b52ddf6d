import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimePoint, parseTimeRange, TimeRangeError } from '../../cli/time-range';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('--since / --until values', () => {
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

  for (const value of ['', '1', '1y', 'h', 'yesterday', '-1h', '2026-13-45T99:00Z']) {
    it(`refuses ${JSON.stringify(value)} and names the accepted forms`, () => {
      assert.throws(
        () => parseTimePoint(value, '--since', NOW),
        (error: unknown) => error instanceof TimeRangeError && /15m, 1h, 2d/.test(error.message),
      );
    });
  }

  it('defaults the end to now and refuses a start that is not before the end', () => {
    assert.deepEqual(parseTimeRange('1h', undefined, NOW), { startTime: NOW - 3_600_000, endTime: NOW });
    assert.throws(() => parseTimeRange('1h', '2h', NOW), /--since .* is not before --until/);
  });
});
