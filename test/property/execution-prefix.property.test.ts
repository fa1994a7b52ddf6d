/**
 * parseBatch reuses the previous line's request id when a line starts with the same `(id)`: the
 * lines it reads must be exactly those it reads one event at a time, where there is no previous line.
 * Ids are drawn from a small pool of near misses (the same id with padding, one character more or
 * less, another case) so that consecutive lines often almost share an id. Lines are synthetic.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseBatch } from '../../lambda/core/parse';
import type { LogEvent } from '../../lambda/core/types';

const SETTINGS = { seed: Number(process.env.FC_SEED ?? 20261125), numRuns: 500 } as const;
const GROUP = 'API-Gateway-Execution-Logs_abc123defg/prod';

const ID_POOL = [
  '8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
  '8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f',
  '8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6a',
  '8F3D2C1A-1B2C-4D5E-8F90-A1B2C3D4E5F6',
  'PDS1PEC4oAMFpyA',
  'PDS1PEC4oAMFpyA=',
  'PDS1PEC4oAMFpyA==',
  'PDS1PEC4',
  'PDS1PEC4+/_-',
  'A'.repeat(64),
];
const line = fc
  .tuple(
    fc.constantFrom(...ID_POOL),
    fc.constantFrom(' ', '', '  ', ' \t'),
    fc.constantFrom(
      'Method completed with status: 200',
      '',
      ') Method completed',
      '= Starting execution for request: x',
      'Endpoint response body before transformations: {"a":1}',
    ),
    fc.constantFrom('', '   ', '\t'),
  )
  .map(([id, gap, message, trailing]) => `(${id})${gap}${message}${trailing}`);

function events(messages: readonly string[]): LogEvent[] {
  return messages.map((message, i) => ({ id: String(i), timestamp: 1_764_000_000_000 + i, message }));
}

describe('parseBatch: consecutive lines of one request (synthetic lines)', () => {
  it('reads every line as it reads that line alone', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (messages) => {
        const all = events(messages);
        const together = parseBatch({ source: { logGroup: GROUP }, events: all }).execution;
        const alone = all.flatMap(
          (event) => parseBatch({ source: { logGroup: GROUP }, events: [event] }).execution,
        );
        assert.deepEqual(together, alone);
      }),
      SETTINGS,
    );
  });
});
