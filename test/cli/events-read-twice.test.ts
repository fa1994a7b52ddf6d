/** The pass that drops events a live pull read twice (a group given by name and by ARN): counted once, and watched. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withoutEventsReadTwice } from '../../cli/main';
import { CHECKPOINT_EVERY, type LogBatch } from '../../lambda/core/types';

/** SYNTHETIC events: ids only matter here. */
function batch(logGroup: string, ids: readonly string[]): LogBatch {
  return { source: { logGroup }, events: ids.map((id) => ({ id, timestamp: 0, message: `message ${id}` })) };
}

const ids = (count: number, prefix = 'e'): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('removing events a pull read twice', () => {
  it('keeps the first read of each event of a group and drops the later ones, group by group', () => {
    const result = withoutEventsReadTwice(
      [batch('/g/access', ['a', 'b']), batch('/g/access', ['b', 'c']), batch('/g/other', ['b'])],
      () => {},
    );
    assert.deepEqual(
      result.map((b) => b.events.map((e) => e.id)),
      [['a', 'b'], ['c'], ['b']],
    );
  });

  it('lets the heap watch look every CHECKPOINT_EVERY events, since its keys add to what the pull holds', () => {
    let checks = 0;
    withoutEventsReadTwice(
      [batch('/g/access', ids(3 * CHECKPOINT_EVERY + 1)), batch('/g/access', ids(5))],
      () => {
        checks++;
      },
    );
    assert.equal(checks, 3);
  });

  it('stops where the heap watch stops it, with the watch’s error', () => {
    const stop = new Error('the inputs need more memory than this Node allows');
    assert.throws(
      () =>
        withoutEventsReadTwice([batch('/g/access', ids(2 * CHECKPOINT_EVERY))], () => {
          throw stop;
        }),
      (error) => error === stop,
    );
  });
});
