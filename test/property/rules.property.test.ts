/**
 * The joined-text shortcut in the phrase rules must never hide a match: whenever some message of a
 * trail matches a rule's pattern, mayMatchSomeMessage says the joined trail may match. Messages are
 * synthetic: fragments of the patterns themselves, mixed with arbitrary text. Fixed seed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { mayMatchSomeMessage, RULES } from '../../lambda/core/rules';

/** Fixed seed so a failure replays; FC_SEED=<n> explores other inputs once, locally. */
const SETTINGS = { seed: Number(process.env.FC_SEED ?? 20261125), numRuns: 300 } as const;

const PATTERNS = RULES.flatMap((rule) => (rule.pattern ? [rule.pattern] : []));

/** Rough literal text of every alternative of every pattern ("Lambda invocation failed with status 429"). */
const FRAGMENTS = [
  ...new Set(
    PATTERNS.flatMap((p) => p.source.split('|')).map((alternative) =>
      alternative.replace(/\\[sSdDwWb]|[\\()?*+.[\]{}^$:!<=]/g, (m) => (m === '\\s' || m === '.' ? ' ' : '')),
    ),
  ),
  'execute-api',
  'Forbidden',
  'Not Found',
  'Limit Exceeded',
  'Unauthorized',
];

const piece = fc.oneof(
  fc.constantFrom(...FRAGMENTS),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(' ', ': ', '\n', '"', '{', '}'),
);
const message = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));

describe('phrase rule shortcut properties', () => {
  it('has phrase patterns to check', () => {
    assert.ok(PATTERNS.length >= 20);
  });

  it('never rules out a trail in which some message matches the pattern', () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 6 }), (messages) => {
        const joined = messages.join('\n');
        for (const pattern of PATTERNS) {
          if (messages.some((m) => pattern.test(m))) {
            assert.ok(
              mayMatchSomeMessage(pattern, joined),
              `${pattern} matched a message but not the joined trail`,
            );
          }
        }
      }),
      SETTINGS,
    );
  });

  it('searches look-around patterns message by message, since they could see a neighbouring message', () => {
    for (const pattern of [/AccessDenied(?![\s\S]*execute-api)/, /(?<=x)y/, /a(?=b)/]) {
      assert.equal(mayMatchSomeMessage(pattern, ''), true, String(pattern));
    }
  });

  it('rules out a trail with one search when no message can match, anchored patterns included', () => {
    assert.equal(mayMatchSomeMessage(/Task timed out/i, 'Method completed with status: 502'), false);
    assert.equal(
      mayMatchSomeMessage(/^Forbidden$/, 'Method completed with status: 403\nnot Forbidden here'),
      false,
    );
    assert.equal(mayMatchSomeMessage(/^Forbidden$/, 'Method completed with status: 403\nForbidden'), true);
    assert.equal(mayMatchSomeMessage(/Not Found$/i, 'Not Found\nMethod completed with status: 404'), true);
  });
});
