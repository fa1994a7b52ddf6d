/** The heap watch's decisions, with the heap read from a stand-in: when a run goes on and when it stops. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  COLLECT_FROM,
  HeapLimitError,
  type HeapProbe,
  heapFull,
  heapWatch,
  nextCollectAbove,
  oldGenerationLimit,
  raiseLimitHint,
  STOP_ABOVE,
} from '../../cli/heap-watch';

const MIB = 1024 * 1024;
/** process.versions.v8 of Node 20.20, 22.23 and 24.21. */
const NODE_20_V8 = '11.3.244.8-node.38';
const NODE_22_V8 = '12.4.254.21-node.57';
const NODE_24_V8 = '13.6.233.17-node.53';

/** A heap whose size in use, and what a full collection leaves of it, the test sets. */
function fakeHeap(limit: number) {
  const state = { used: 0, afterCollection: 0, collected: 0 };
  const probe: HeapProbe = {
    limit,
    used: () => state.used,
    collect: () => {
      state.collected += 1;
      state.used = state.afterCollection;
    },
  };
  return { state, probe };
}

describe('the old generation limit the watch compares with', () => {
  it('is --max-old-space-size when Node was given one, the command line winning over NODE_OPTIONS', () => {
    assert.equal(oldGenerationLimit(112 * MIB, ['--max-old-space-size=64'], NODE_20_V8), 64 * MIB);
    assert.equal(
      oldGenerationLimit(304 * MIB, ['--max-old-space-size=64', '--max_old_space_size=256'], NODE_20_V8),
      256 * MIB,
    );
  });

  it('is the heap limit less three semi-spaces otherwise, 16 MiB each unless Node was told', () => {
    assert.equal(oldGenerationLimit(4144 * MIB, [], NODE_20_V8), 4096 * MIB);
    assert.equal(oldGenerationLimit(400 * MIB, ['--max-semi-space-size=32'], NODE_20_V8), 304 * MIB);
  });

  it('reads a size of 0 as V8 does, as no size given: --max-old-space-size=0 leaves Node its default heap', () => {
    // `node --max-old-space-size=0` reports V8's default heap_size_limit (4144 MiB on a 64-bit
    // machine), and `--max-semi-space-size=0` the default semi-space: 0 is V8's "not set".
    assert.equal(oldGenerationLimit(4144 * MIB, ['--max-old-space-size=0'], NODE_20_V8), 4096 * MIB);
    assert.equal(oldGenerationLimit(4144 * MIB, ['--max-semi-space-size=0'], NODE_20_V8), 4096 * MIB);
    assert.equal(
      oldGenerationLimit(4192 * MIB, ['--max-old-space-size=0', '--max-semi-space-size=32'], NODE_20_V8),
      4096 * MIB,
    );
    // `node --max-heap-size=200 --max-old-space-size=0`: heap limit 200 MiB, and a full heap held 194.9
    // MiB before V8's fatal error, as with --max-heap-size=200 alone (194.6): not a 48 MiB young generation.
    assert.equal(
      oldGenerationLimit(200 * MIB, ['--max-heap-size=200', '--max-old-space-size=0'], NODE_20_V8),
      oldGenerationLimit(200 * MIB, ['--max-heap-size=200'], NODE_20_V8),
    );
  });

  it("leaves a small heap's young generation as small as V8 makes it, so a small heap is not stopped at half of what it holds", () => {
    // V8 sizes a semi-space at 1/128 of the old generation (1/256 up to 256 MiB), 1 to 16 MiB. Measured
    // on Node 20 by filling the heap: `node --max-heap-size=100` held 91 MiB before V8's fatal error,
    // --max-heap-size=200 held 194, 400 held 383; a 48 MiB young generation would leave 52, 152, 352.
    assert.ok(oldGenerationLimit(100 * MIB, ['--max-heap-size=100'], NODE_20_V8) >= 91 * MIB);
    assert.ok(oldGenerationLimit(200 * MIB, ['--max-heap-size=200'], NODE_20_V8) >= 194 * MIB);
    assert.ok(oldGenerationLimit(400 * MIB, [], NODE_20_V8) >= 383 * MIB);
    // Never more than the heap limit less the smallest young generation V8 keeps (three 1 MiB semi-spaces).
    assert.ok(oldGenerationLimit(100 * MIB, [], NODE_20_V8) <= 97 * MIB);
  });

  it('keeps the largest young generation (48 MiB on Node 20, 192 on Node 24) when an old-space size was given in a form it does not read', () => {
    // `NODE_OPTIONS='--max-old-space-size="100"'` (Node strips the quotes): a heap limit of 148 MiB,
    // the young generation sized as without the flag.
    assert.equal(oldGenerationLimit(148 * MIB, ['--max-old-space-size="100"'], NODE_20_V8), 100 * MIB);
    assert.equal(oldGenerationLimit(148 * MIB, ['-max-old-space-size=100'], NODE_20_V8), 100 * MIB);
    // Node 24 gives the same option a heap limit of 292 MiB.
    assert.equal(oldGenerationLimit(292 * MIB, ['--max-old-space-size="100"'], NODE_24_V8), 100 * MIB);
  });

  it("sizes the young generation as the running V8 release does, rounded up to a power of two: Node 24's is larger", () => {
    // Measured with real child processes: heap_size_limit, and the new space grown by short-lived
    // garbage to its largest (two semi-spaces), so the old generation is the limit less three semi-spaces.
    //   Node 20 (V8 11.3) and 22 (V8 12.4): no flag 4144 MiB with 16 MiB semi-spaces; --max-heap-size=400
    //   4 MiB, =1000 8 MiB, =300 4 MiB (on 22). Node 24 (V8 13.6): no flag 4288 MiB with 64 MiB
    //   semi-spaces; --max-heap-size=400 16 MiB, =1000 32 MiB. `--max-semi-space-size=12` gives 4144 on
    //   both: V8 rounds a semi-space up to a power of two.
    assert.equal(oldGenerationLimit(4144 * MIB, [], NODE_20_V8), 4096 * MIB);
    assert.equal(oldGenerationLimit(400 * MIB, ['--max-heap-size=400'], NODE_20_V8), 388 * MIB);
    assert.equal(oldGenerationLimit(1000 * MIB, ['--max-heap-size=1000'], NODE_20_V8), 976 * MIB);
    assert.equal(oldGenerationLimit(300 * MIB, ['--max-heap-size=300'], NODE_22_V8), 288 * MIB);
    assert.equal(oldGenerationLimit(4288 * MIB, [], NODE_24_V8), 4096 * MIB);
    assert.equal(oldGenerationLimit(400 * MIB, ['--max-heap-size=400'], NODE_24_V8), 352 * MIB);
    assert.equal(oldGenerationLimit(1000 * MIB, ['--max-heap-size=1000'], NODE_24_V8), 904 * MIB);
    assert.equal(oldGenerationLimit(4144 * MIB, ['--max-semi-space-size=12'], NODE_20_V8), 4096 * MIB);
    assert.equal(oldGenerationLimit(4144 * MIB, ['--max-semi-space-size=12'], NODE_24_V8), 4096 * MIB);
  });

  it('reads a --max-old-space-size-percentage as V8 gets it, over any --max-old-space-size beside it', () => {
    // Measured on Node 24.21 on a machine of 24,106 MiB: `--max-old-space-size-percentage=10` gives a
    // heap limit of 2602 MiB (2410 + three 64 MiB semi-spaces), with `--max-old-space-size=1000` or
    // =4000 beside it, before or after, too.
    const options = ['--max-old-space-size=1000', '--max-old-space-size-percentage=10'];
    assert.equal(oldGenerationLimit(2602 * MIB, options, NODE_24_V8), 2410 * MIB);
    assert.equal(oldGenerationLimit(2602 * MIB, [...options].reverse(), NODE_24_V8), 2410 * MIB);
  });

  it('comes to half the heap limit when the options leave no room for an old generation beside the young one', () => {
    assert.equal(oldGenerationLimit(64 * MIB, ['--max-semi-space-size=64'], NODE_20_V8), 32 * MIB);
  });
});

describe('the change the hint suggests to raise the limit', () => {
  it("is NODE_OPTIONS when node's command line sets no old-space size, a --max-heap-size there included", () => {
    // NODE_OPTIONS=--max-old-space-size=1024 with `node --max-heap-size=300` gives a 1027 MiB heap
    // limit on Node 20 and 24: V8 takes the old-space size over the heap size.
    assert.equal(raiseLimitHint(256, []), 'NODE_OPTIONS=--max-old-space-size=256');
    assert.equal(raiseLimitHint(256, ['--max-heap-size=300']), 'NODE_OPTIONS=--max-old-space-size=256');
  });

  it("names node's command line when it sets an old-space size in any spelling, since NODE_OPTIONS' would be overridden", () => {
    // NODE_OPTIONS=--max-old-space-size=1024 with `node --max-old-space-size=512` gives 560 MiB, with
    // `--max_old_space_size=300` 348 MiB, with `--max-old-space-size=0` Node's default 4144 MiB.
    for (const flag of ['--max-old-space-size=512', '--max_old_space_size=300', '--max-old-space-size=0']) {
      assert.equal(
        raiseLimitHint(1024, [flag]),
        "node --max-old-space-size=1024 (on node's command line, where it is set now; NODE_OPTIONS would not override it)",
      );
    }
  });

  it("tells to replace a --max-old-space-size-percentage on node's command line, since it wins over any --max-old-space-size", () => {
    for (const commandLine of [
      ['--max-old-space-size-percentage=10'],
      ['--max-old-space-size=512', '--max-old-space-size-percentage=10'],
    ]) {
      assert.equal(
        raiseLimitHint(4096, commandLine),
        "node --max-old-space-size=4096 in place of --max-old-space-size-percentage on node's command line (the percentage wins over any --max-old-space-size)",
      );
    }
  });
});

describe('the hint when NODE_OPTIONS holds a --max-old-space-size-percentage (a Node whose NODE_OPTIONS takes it)', () => {
  it('says to put the size in its place there, since the percentage wins over any size', () => {
    assert.equal(
      raiseLimitHint(4096, [], ['--max-old-space-size-percentage=10']),
      'NODE_OPTIONS=--max-old-space-size=4096 in place of its --max-old-space-size-percentage (the percentage wins over any --max-old-space-size)',
    );
  });

  it("says to drop it when node's command line sets the size, which it would override", () => {
    assert.equal(
      raiseLimitHint(4096, ['--max-old-space-size=512'], ['--max-old-space-size-percentage=10']),
      "node --max-old-space-size=4096 (on node's command line, where it is set now; NODE_OPTIONS would not override it), and drop --max-old-space-size-percentage from NODE_OPTIONS (the percentage wins over any --max-old-space-size)",
    );
  });

  it('leaves the hint as it was for a NODE_OPTIONS without one', () => {
    assert.equal(
      raiseLimitHint(256, [], ['--max-old-space-size=128']),
      'NODE_OPTIONS=--max-old-space-size=256',
    );
  });
});

describe('when a run stops', () => {
  it('stops only once a full collection left more than STOP_ABOVE of the limit held', () => {
    assert.equal(heapFull(STOP_ABOVE * 100 * MIB, 100 * MIB), false);
    assert.equal(heapFull(STOP_ABOVE * 100 * MIB + 1, 100 * MIB), true);
  });

  it('collects again only once half of what the last collection left free is used, and never below COLLECT_FROM', () => {
    assert.equal(nextCollectAbove(60 * MIB, 100 * MIB), 80 * MIB);
    assert.equal(nextCollectAbove(10 * MIB, 100 * MIB), COLLECT_FROM * 100 * MIB);
  });

  it('collects again no later than at STOP_ABOVE of the limit in use, unless the last collection left less room past what is held than half of what STOP_ABOVE leaves free', () => {
    // Half of what 65 MiB left free would be 82.5 MiB: between 80 and 82.5 V8 may give up first.
    assert.equal(nextCollectAbove(65 * MIB, 100 * MIB), STOP_ABOVE * 100 * MIB);
    // Held closer to it, the next look still leaves half of what STOP_ABOVE leaves free (10 MiB).
    assert.equal(nextCollectAbove(76 * MIB, 100 * MIB), 86 * MIB);
  });
});

describe('a heap watch', () => {
  const limit = 100 * MIB;

  it('collects no garbage while the heap in use, garbage included, stays under COLLECT_FROM of the limit', () => {
    const { state, probe } = fakeHeap(limit);
    const watch = heapWatch(() => 'somewhere', probe);
    state.used = COLLECT_FROM * limit - 1;
    watch.check();
    assert.equal(state.collected, 0);
  });

  it('goes on over a heap nearly full of garbage, and collects again only when the heap has grown', () => {
    const { state, probe } = fakeHeap(limit);
    const watch = heapWatch(() => 'somewhere', probe);
    state.used = 0.99 * limit;
    state.afterCollection = 0.4 * limit;
    watch.check();
    assert.equal(state.collected, 1);
    state.used = 0.69 * limit;
    watch.check();
    assert.equal(state.collected, 1);
    state.used = 0.71 * limit;
    watch.check();
    assert.equal(state.collected, 2);
  });

  it('does not force a full collection at every look while a run holding just under STOP_ABOVE only makes garbage', () => {
    // A run that fits: every collection leaves 79.9% held, and between two looks it makes 0.2% of the
    // limit of garbage. Each forced collection marks all it holds, and V8 counts the time it takes
    // against the run; half of what STOP_ABOVE leaves free is the least room the watch gave before.
    const { state, probe } = fakeHeap(limit);
    const watch = heapWatch(() => 'somewhere', probe);
    state.afterCollection = (STOP_ABOVE - 0.001) * limit;
    state.used = 0.9 * limit;
    for (let look = 0; look < 1000; look++) {
      watch.check();
      state.used += 0.002 * limit;
    }
    const room = ((1 - STOP_ABOVE) / 2) * limit;
    assert.ok(
      state.collected <= Math.ceil((1000 * 0.002 * limit) / room) + 1,
      `${state.collected} collections`,
    );
  });

  it('stops with one line naming the limit, where the run got and what to do, once a collection left too much', () => {
    const { state, probe } = fakeHeap(limit);
    const watch = heapWatch(() => 'reading input 2 of 3, 40.0 of 60.0 MiB read', probe);
    state.used = 0.95 * limit;
    state.afterCollection = 0.9 * limit;
    assert.throws(
      () => watch.check(),
      (error: unknown) => {
        assert.ok(error instanceof HeapLimitError);
        assert.equal(
          error.message,
          'the inputs need more memory than this Node allows (100 MiB of heap); stopped reading input 2 of 3, 40.0 of 60.0 MiB read',
        );
        assert.equal(
          error.hint,
          'split the inputs across runs, or raise the limit if the machine has the memory: NODE_OPTIONS=--max-old-space-size=256',
        );
        return true;
      },
    );
  });
});
