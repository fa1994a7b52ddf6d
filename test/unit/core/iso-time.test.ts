/** isoTime: the same text as Date's toISOString, for every kind of time. Times are synthetic. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoTime } from '../../../lambda/core/iso-time';

const DAY = 86_400_000;

describe('isoTime', () => {
  it("writes what toISOString writes, across a day's edges, leap days and the ends of the four-digit years", () => {
    const times = [
      0,
      1,
      999,
      1000,
      DAY - 1,
      DAY,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2024, 2, 1),
      Date.UTC(2026, 10, 25, 12, 0, 0, 25),
      Date.UTC(2026, 10, 25, 9, 5, 7, 8),
      253_402_300_799_999,
      253_402_300_800_000,
      8.64e15,
      1_764_065_730_000.5,
    ];
    // The cached day must not leak into the next time: go forward, back, and over midnight.
    for (let i = 0; i < 2000; i++) times.push(Date.UTC(2026, 10, 25, 23, 59) + i * 97 - (i % 3) * DAY);
    for (const ms of times) assert.equal(isoTime(ms), new Date(ms).toISOString(), String(ms));
  });

  it('throws for a time toISOString cannot write, as toISOString does', () => {
    assert.throws(() => isoTime(Number.NaN), RangeError);
    assert.throws(() => isoTime(8.64e15 + 1), RangeError);
  });
});
