/**
 * Per-cause threshold overrides: the function and the construct accept a threshold N exactly when
 * the stack's CauseThresholds parameter pattern does, so a value never passes synth and fails the
 * deploy, or passes the deploy and fails every cold start.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  CAUSE_THRESHOLDS_PATTERN,
  CauseThresholdsError,
  parseCauseThresholds,
} from '../../../lambda/core/cause-thresholds';
import { CAUSE_IDS } from '../../../lambda/core/taxonomy';

const PATTERN = new RegExp(CAUSE_THRESHOLDS_PATTERN);
const SEED = Number(process.env.FC_SEED ?? 20261125);

function parses(text: string): boolean {
  try {
    parseCauseThresholds(text);
    return true;
  } catch (error) {
    if (error instanceof CauseThresholdsError) return false;
    throw error;
  }
}

describe('parseCauseThresholds', () => {
  it('reads cause=N pairs', () => {
    assert.deepEqual(parseCauseThresholds('limit.backend=1,auth.integration-permission=9999999'), {
      'limit.backend': 1,
      'auth.integration-permission': 9_999_999,
    });
    assert.deepEqual(parseCauseThresholds(''), {});
  });

  for (const n of ['1e3', '99999999', '0', '01', '5.0', '+5', '-1', '0x10', ' 5', '', '1_000']) {
    it(`refuses the threshold ${JSON.stringify(n)}, as the stack parameter does, naming the accepted form`, () => {
      assert.equal(PATTERN.test(`limit.backend=${n}`), false, 'the stack refuses it too');
      assert.throws(() => parseCauseThresholds(`limit.backend=${n}`), {
        name: 'CauseThresholdsError',
        message:
          /value for limit\.backend is ".*"; it must be a whole number from 1 to 9999999, in digits only/,
      });
    });
  }

  for (const text of [
    'limit.backend=5, auth.denied=3',
    ' limit.backend=5 ,auth.denied=3 ',
    'limit.backend=5 ',
  ]) {
    it(`accepts spaces around the commas and at the ends, as the stack parameter does: ${JSON.stringify(text)}`, () => {
      assert.equal(PATTERN.test(text), true, 'the stack accepts it too');
      assert.deepEqual(parseCauseThresholds(text), {
        'limit.backend': 5,
        ...(text.includes('auth.denied') && { 'auth.denied': 3 }),
      });
    });
  }

  for (const text of ['limit.backend =5', 'limit.backend= 5', 'limit. backend=5']) {
    it(`refuses a space inside an entry, as the stack parameter does: ${JSON.stringify(text)}`, () => {
      assert.equal(PATTERN.test(text), false, 'the stack refuses it too');
      assert.equal(parses(text), false);
    });
  }

  it('accepts any text exactly when the stack parameter pattern does', () => {
    // Small pieces, and whole entries that may come back: a cause named twice (with or without a
    // space before it) and causes that end alike (limit.backend, bad-request.backend) turn up in the runs.
    const piece = fc.constantFrom(' ', ',', '=', '1', '0', 'limit.backend', 'auth.denied', 'x');
    const entry = fc.constantFrom(
      'limit.backend=1',
      ' limit.backend=5',
      'auth.backend=3',
      'bad-request.backend=2',
      ',',
      ', ',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, entry), { maxLength: 10 }), (parts) => {
        const text = parts.join('');
        assert.equal(parses(text), PATTERN.test(text), `for ${JSON.stringify(text)}`);
      }),
      { seed: SEED, numRuns: 5000 },
    );
  });

  for (const text of [
    'limit.backend=1,limit.backend=5',
    'limit.backend=1 , auth.denied=3 ,limit.backend=2',
    ' auth.denied=3,limit.backend=1,auth.denied=3 ',
  ]) {
    it(`the stack parameter pattern refuses a cause named twice, as the function does at cold start: ${JSON.stringify(text)}`, () => {
      assert.equal(parses(text), false, 'the function refuses it');
      assert.equal(PATTERN.test(text), false, 'the stack refuses it too');
    });
  }

  it('the stack parameter pattern still accepts every cause once, and causes that share a family or end alike', () => {
    const everyCause = CAUSE_IDS.map((cause, i) => `${cause}=${i + 1}`).join(' , ');
    assert.equal(PATTERN.test(everyCause), true);
    assert.equal(parses(everyCause), true);
    for (const text of [
      'auth.denied=3,auth.unauthenticated=4',
      'limit.backend=1, limit.throttle=2',
      'auth.backend=1,limit.backend=2 , bad-request.backend=3',
    ]) {
      assert.equal(PATTERN.test(text), parses(text), `for ${JSON.stringify(text)}`);
      assert.equal(PATTERN.test(text), true, `for ${JSON.stringify(text)}`);
    }
  });

  it('refuses an entry with a second equals sign, as the stack parameter does, rather than reading its first N', () => {
    assert.equal(PATTERN.test('limit.backend=1=2'), false, 'the stack refuses it too');
    assert.throws(() => parseCauseThresholds('limit.backend=1=2'), {
      name: 'CauseThresholdsError',
      message: /entry "limit\.backend=1=2" is not of the form cause=N/,
    });
  });

  it('refuses a cause named twice, naming it, rather than keeping one of its two thresholds silently', () => {
    assert.throws(() => parseCauseThresholds('limit.backend=1,auth.denied=3,limit.backend=50'), {
      name: 'CauseThresholdsError',
      message: /names limit\.backend twice/,
    });
  });

  it('accepts a threshold N exactly when the stack parameter pattern does', () => {
    const n = fc.string({ unit: fc.constantFrom(...'0123456789e.+- x_'), maxLength: 9 });
    fc.assert(
      fc.property(n, (value) => {
        // N between two entries: the pattern's reading of N, whatever comes around it.
        const text = `limit.backend=${value},auth.denied=3`;
        assert.equal(parses(text), PATTERN.test(text), `for N = ${JSON.stringify(value)}`);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
