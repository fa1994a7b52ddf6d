/**
 * parseBatch tests a line for a time alone (the console's copy of selected events) only when its
 * first character is a digit, and takes a blank line for one whose trimEnd() is empty: of pasted
 * events (no time of their own) above a message it must drop exactly the blank ones and those the
 * pattern itself, run on the trimmed line, matches, counting such a time as part of the message's
 * event; of events CloudWatch timed, only the blank ones. A pasted time alone with no message under
 * it is an event of its own, counted unparsed.
 * The pattern is written out here, not imported, so the check does not trust the parser's copy.
 * Lines are synthetic. Fixed seed, bounded runs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseBatch } from '../../lambda/core/parse';

const SETTINGS = { seed: Number(process.env.FC_SEED ?? 20261125), numRuns: 1000 } as const;

/** TIME_ALONE in lambda/core/parse.ts. */
const TIME_ALONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** ASCII and Unicode white space that trim() strips, and characters that look like it but are not. */
const SPACE = fc.constantFrom('', ' ', '\t', '\u00a0', '\ufeff', '\u2028', '\u3000', '\u200b', '\r');

const TIME = fc.constantFrom(
  '2026-11-25T14:02:11',
  '2026-11-25 14:02:11.123',
  '2026-11-25T14:02:11,5Z',
  '2026-11-25T14:02:11+01:00',
  '2026-11-25T14:02:11-0130',
  '2026-11-25T14:02',
  '２026-11-25T14:02:11',
  '2026-11-25T14:02:11Z x',
  '{"status":500}',
  '(8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6) Method completed with status: 500',
  'x',
  '',
);

const message = fc
  .tuple(SPACE, SPACE, TIME, SPACE, SPACE)
  .map(([a, b, time, c, d]) => `${a}${b}${time}${c}${d}`);

/** SYNTHETIC: the access line under the event tested, which a time alone above it dates. */
const MESSAGE = '{"requestId":"r1","status":"502"}';

describe('parseBatch: a time alone on its line (synthetic lines)', () => {
  const parse = (texts: readonly string[], timestamp: number) =>
    parseBatch({
      source: { logGroup: '/aws/apigateway/access' },
      events: texts.map((message, i) => ({ id: String(i + 1), timestamp, message })),
    });
  /** Whether the event leaves nothing of its own: the message under it is all that is read. */
  const dropped = (text: string, timestamp: number): boolean => {
    const parsed = parse([text, MESSAGE], timestamp);
    return parsed.access.length === 1 && parsed.execution.length + parsed.unparsed.length === 0;
  };

  it('drops a pasted event above a message exactly when it is blank or the pattern matches it trimmed', () => {
    fc.assert(
      fc.property(message, (text) => {
        const trimmed = text.trim();
        assert.equal(dropped(text, 0), trimmed === '' || TIME_ALONE.test(trimmed), JSON.stringify(text));
      }),
      SETTINGS,
    );
  });

  it('counts a pasted time alone as part of the event under it, and every other event as one', () => {
    fc.assert(
      fc.property(message, (text) => {
        const timeAlone = TIME_ALONE.test(text.trim());
        assert.equal(parse([text, MESSAGE], 0).events, timeAlone ? 1 : 2, JSON.stringify(text));
      }),
      SETTINGS,
    );
  });

  it('counts a pasted time alone with no message under it as an event and an unparsed line, never dropped', () => {
    fc.assert(
      fc.property(message, (text) => {
        const parsed = parse([text], 0);
        if (!TIME_ALONE.test(text.trim())) return;
        assert.equal(parsed.events, 1, JSON.stringify(text));
        assert.deepEqual(
          parsed.unparsed.map((u) => u.sample),
          [text.trim()],
          JSON.stringify(text),
        );
      }),
      SETTINGS,
    );
  });

  it('drops an event CloudWatch timed only when it is blank: a time alone there is counted, not read', () => {
    fc.assert(
      fc.property(message, (text) => {
        assert.equal(dropped(text, 1_764_000_000_000), text.trim() === '', JSON.stringify(text));
        assert.equal(parse([text, MESSAGE], 1_764_000_000_000).events, 2, JSON.stringify(text));
      }),
      SETTINGS,
    );
  });
});
