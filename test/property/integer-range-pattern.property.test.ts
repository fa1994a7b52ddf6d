/**
 * The stack's numeric parameters are Strings constrained by integerRangePattern, so the pattern must
 * accept exactly the whole numbers in range (no fraction, sign, leading zero or blank). Fixed seed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SETTINGS } from '../../lib/api-error-analyzer';
import { integerRangePattern } from '../../lib/integer-range-pattern';

/** Fixed seed so a failure replays; FC_SEED=<n> explores other inputs once, locally. */
const RUNS = { seed: Number(process.env.FC_SEED ?? 20261125), numRuns: 300 } as const;

const range = fc
  .tuple(fc.nat({ max: 200_000_000 }), fc.nat({ max: 200_000_000 }))
  .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);

describe('integerRangePattern', () => {
  it('accepts a number written plainly exactly when it lies in the range', () => {
    fc.assert(
      fc.property(range, fc.nat({ max: 300_000_000 }), ([min, max], n) => {
        const pattern = new RegExp(integerRangePattern(min, max));
        assert.equal(pattern.test(String(n)), n >= min && n <= max, `${n} against ${min}–${max}`);
      }),
      RUNS,
    );
  });

  it('accepts both ends and refuses the numbers just outside them', () => {
    fc.assert(
      fc.property(range, ([min, max]) => {
        const pattern = new RegExp(integerRangePattern(min, max));
        assert.ok(pattern.test(String(min)) && pattern.test(String(max)));
        assert.ok(!pattern.test(String(max + 1)));
        if (min > 0) assert.ok(!pattern.test(String(min - 1)));
      }),
      RUNS,
    );
  });

  it('refuses fractions, signs, leading zeros, spaces and empty text, which a Number parameter would let through', () => {
    for (const { min, max, default: value } of Object.values(SETTINGS)) {
      const pattern = new RegExp(integerRangePattern(min, max));
      assert.ok(pattern.test(String(value)), `default ${value} in ${min}–${max}`);
      for (const bad of [
        `${value}.5`,
        `${value}.0`,
        `+${value}`,
        `-${value}`,
        `0${value}`,
        ` ${value}`,
        `${value} `,
        '',
        '1e3',
      ]) {
        assert.ok(!pattern.test(bad), `"${bad}" in ${min}–${max}`);
      }
    }
  });

  it('refuses a range it cannot express', () => {
    assert.throws(() => integerRangePattern(5, 4), RangeError);
    assert.throws(() => integerRangePattern(-1, 4), RangeError);
    assert.throws(() => integerRangePattern(0.5, 4), RangeError);
  });
});
