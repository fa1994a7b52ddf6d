/**
 * clip skips the whitespace folding when it would change nothing: its answer must be the folding's
 * on any text, whitespace of every kind included; and its cut never splits a character into its two
 * UTF-16 halves (an emoji). Fixed seed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { clip } from '../../lambda/core/rules';

/** Fixed seed so a failure replays; FC_SEED=<n> explores other inputs once, locally. */
const SETTINGS = { seed: Number(process.env.FC_SEED ?? 20261126), numRuns: 2000 } as const;

/**
 * clip as it was before the shortcut: every run of whitespace folded to one space, then trimmed and
 * cut, one unit short when the 200th is the first half of a surrogate pair.
 */
function foldedClip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= 200) return oneLine;
  return `${oneLine.slice(0, /[\uD800-\uDBFF]/.test(oneLine.charAt(199)) ? 199 : 200)}…`;
}

/** A half of a surrogate pair with no other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every character \s matches, and letters around them. */
const WHITESPACE = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u3000',
  '\ufeff',
];
const char = fc.oneof(
  fc.constantFrom(...WHITESPACE),
  fc.constantFrom('a', 'Z', '=', '…'),
  fc.string({ maxLength: 1 }),
  fc.constantFrom('🚀', '語', 'ß'),
);
const text = fc.oneof(
  fc.array(char, { maxLength: 40 }).map((chars) => chars.join('')),
  fc.array(char, { minLength: 190, maxLength: 230 }).map((chars) => chars.join('')),
  fc.string({ maxLength: 250 }),
);

describe('clip', () => {
  it('gives the folded text whatever whitespace it holds', () => {
    fc.assert(
      fc.property(text, (t) => {
        assert.equal(clip(t), foldedClip(t));
      }),
      SETTINGS,
    );
  });

  it('folds each kind of whitespace, alone, doubled and at either end', () => {
    for (const space of WHITESPACE)
      for (const t of [`a${space}b`, `a${space}${space}b`, `${space}a`, `a${space}`, space, `a ${space}b`])
        assert.equal(clip(t), foldedClip(t), JSON.stringify(t));
  });

  it('never cuts an emoji in two, wherever its halves fall around the cut', () => {
    // SYNTHETIC evidence: an error message in Japanese ending in an emoji, at every offset around 200.
    for (let before = 195; before <= 202; before++) {
      const clipped = clip(`${'語'.repeat(before)}🚀 and more`);
      assert.ok(!LONE_SURROGATE.test(clipped), `${before}: ${JSON.stringify(clipped.slice(-3))}`);
      assert.ok(clipped.length <= 201);
    }
  });

  it('gives well-formed text for any well-formed text, emoji and all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 150, maxLength: 260 }), (t) => {
        assert.ok(!LONE_SURROGATE.test(clip(t)));
      }),
      SETTINGS,
    );
  });
});
