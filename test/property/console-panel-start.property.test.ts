/**
 * The console panel reader's pre-check before its start pattern skips only lines the pattern cannot
 * match. Generated lines are SYNTHETIC; the real lines are every real sample's. Fixed seed, bounded runs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { mayStartPanel, START } from '../../cli/console-panel';
import { realLogs } from '../support/real-logs';

const SETTINGS = { seed: Number(process.env.FC_SEED ?? 20261126), numRuns: 3000 } as const;

/** Pieces of the titles a panel starts with, to build lines near and on them. */
const PIECE = fc.constantFrom(
  'Request',
  'リクエスト',
  'Response',
  ': /pets',
  ':',
  ' - ',
  '-',
  ' ',
  '/pets/{id}',
  'GET',
  ' method test results',
  'Test Authorizer',
  ' (authorizer)',
  'x',
);

describe('console panel start pre-check', () => {
  it('passes every SYNTHETIC line the start pattern matches, built from the titles it knows', () => {
    const line = fc
      .array(fc.oneof(PIECE, fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.join(''));
    let matched = 0;
    fc.assert(
      fc.property(line, (text) => {
        if (!START.test(text)) return;
        matched += 1;
        assert.ok(mayStartPanel(text), text);
      }),
      SETTINGS,
    );
    // Not vacuous: some generated lines are panel starts of each shape.
    assert.ok(matched > 0, 'no generated line matched START');
  });

  it('passes every real line, and every real line without its first character, the start pattern matches', () => {
    for (const sample of realLogs()) {
      for (const raw of sample.lines) {
        for (const text of [raw.trim(), raw.trim().slice(1)]) {
          if (START.test(text)) assert.ok(mayStartPanel(text), `${sample.id}: ${text}`);
        }
      }
    }
    for (const title of [
      '/pets - GET method test results',
      'auth - Test Authorizer',
      'Request: /',
      'Response',
    ]) {
      assert.ok(START.test(title) && mayStartPanel(title), title);
    }
  });
});
