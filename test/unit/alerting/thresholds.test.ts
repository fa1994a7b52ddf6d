/** Thresholds: the three severity groups, per-cause overrides, and the error rate gated by MinRequests. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CAUSE_IDS, type Cause, isCause } from '../../../lambda/core/taxonomy';
import {
  type Breach,
  dominantCause,
  ERROR_RATE,
  findBreaches,
  isOverThreshold,
  type ThresholdConfig,
  thresholdFor,
  type WindowCounts,
} from '../../../lambda/core/thresholds';
import { THRESHOLD_GROUP_OF } from '../../support/contract';
import { T0 } from './synthetic';

const CONFIG: ThresholdConfig = {
  serverErrorThreshold: 5,
  limitErrorThreshold: 10,
  clientErrorThreshold: 100,
  causeThresholds: {},
  errorRatePercent: 5,
  minRequests: 100,
  judgeErrorRate: true,
};

function window(requests: number, causes: Partial<Record<Cause, number>>): WindowCounts {
  const entries = Object.entries(causes).map(([cause, count]) => [cause, { count, masked: 0 }]);
  return {
    api: 'abc123defg',
    stage: 'prod',
    windowStartMs: T0,
    requests,
    causes: Object.fromEntries(entries),
  };
}

describe('thresholdFor', () => {
  const groupThreshold = { server: 5, limit: 10, client: 100 } as const;
  // The expected group is the README's, written out in the contract support file, not the code's.
  for (const [cause, group] of Object.entries(THRESHOLD_GROUP_OF)) {
    it(`${cause} counts against the ${group} threshold, as the README's cause table says`, () => {
      assert.ok(isCause(cause), `${cause} is in the README but not in the taxonomy`);
      assert.equal(thresholdFor(cause, CONFIG), groupThreshold[group]);
    });
  }

  it("covers every cause of the taxonomy in the README's group table", () => {
    assert.deepEqual(Object.keys(THRESHOLD_GROUP_OF).sort(), [...CAUSE_IDS].sort());
  });

  it('a per-cause override wins over its group, and only for that cause', () => {
    const config = { ...CONFIG, causeThresholds: { 'limit.backend': 1, 'auth.denied': 3 } };
    assert.deepEqual(
      (['limit.backend', 'limit.throttle', 'auth.denied', 'auth.waf'] as const).map((c) =>
        thresholdFor(c, config),
      ),
      [1, 10, 3, 100],
    );
  });
});

describe('findBreaches', () => {
  const cases: [string, WindowCounts, Partial<ThresholdConfig>, string[]][] = [
    ['nothing under any threshold', window(0, { 'limit.backend': 9, 'server.function-error': 4 }), {}, []],
    [
      'a cause at exactly its threshold breaches',
      window(0, { 'limit.backend': 10 }),
      {},
      ['limit.backend 10/10'],
    ],
    [
      'each cause is judged on its own threshold',
      window(0, { 'server.function-error': 5, 'auth.denied': 99 }),
      {},
      ['server.function-error 5/5'],
    ],
    [
      'an override lowers one cause',
      window(0, { 'limit.backend': 1 }),
      { causeThresholds: { 'limit.backend': 1 } },
      ['limit.backend 1/1'],
    ],
    [
      'a rate over ErrorRatePercent with MinRequests names its dominant cause',
      window(100, { 'not-found.route': 3, 'auth.denied': 4 }),
      {},
      ['error-rate auth.denied 7%/5'],
    ],
    [
      'a rate over the percentage with fewer than MinRequests requests is not judged',
      window(99, { 'auth.denied': 50 }),
      {},
      [],
    ],
    ['a rate just under the percentage does not breach', window(1000, { 'auth.denied': 49 }), {}, []],
    [
      'a cause and the rate can breach together',
      window(100, { 'server.function-error': 6 }),
      {},
      ['server.function-error 6/5', 'error-rate server.function-error 6%/5'],
    ],
    [
      'with the error rate not judged (access logs filtered to failures), failures alone are no rate breach',
      window(120, { 'not-found.route': 60, 'auth.unauthenticated': 60 }),
      { judgeErrorRate: false },
      [],
    ],
    [
      'with the error rate not judged, a cause at its own threshold still breaches',
      window(120, { 'not-found.route': 100, 'auth.unauthenticated': 20 }),
      { judgeErrorRate: false },
      ['not-found.route 100/100'],
    ],
  ];
  const describeBreach = (b: Breach) =>
    b.kind === 'cause'
      ? `${b.cause} ${b.count}/${b.threshold}`
      : `${b.subject} ${b.cause} ${Math.round(b.ratePercent * 10) / 10}%/${b.threshold}`;
  for (const [name, counts, overrides, expected] of cases) {
    it(name, () => {
      assert.deepEqual(findBreaches(counts, { ...CONFIG, ...overrides }).map(describeBreach), expected);
    });
  }

  it('breaks a tie for the dominant cause by taxonomy order', () => {
    const [breach] = findBreaches(window(100, { 'auth.denied': 3, 'bad-request.body': 3 }), {
      ...CONFIG,
      errorRatePercent: 6,
    });
    assert.equal(breach?.cause, 'bad-request.body');
  });
});

describe('dominantCause', () => {
  // A rate alert's messages name it, falling back to the alert's own cause when it is undefined.
  it('is none for a window without failures, however many requests it had', () => {
    assert.equal(dominantCause(window(500, {})), undefined);
  });

  it('is the cause with the most failures', () => {
    assert.deepEqual(dominantCause(window(500, { 'auth.denied': 2, 'limit.backend': 7 })), {
      cause: 'limit.backend',
      count: 7,
    });
  });
});

describe('isOverThreshold', () => {
  const cases: [string, Parameters<typeof isOverThreshold>, boolean][] = [
    ['a cause at its threshold', ['limit.backend', 10, window(0, { 'limit.backend': 10 }), 100], true],
    ['a cause under its threshold', ['limit.backend', 10, window(0, { 'limit.backend': 9 }), 100], false],
    ['a cause not seen at all', ['limit.backend', 10, window(0, {}), 100], false],
    ['a rate at its percentage', [ERROR_RATE, 5, window(100, { 'auth.denied': 5 }), 100], true],
    ['a rate under MinRequests', [ERROR_RATE, 5, window(50, { 'auth.denied': 50 }), 100], false],
    ['a rate with no requests', [ERROR_RATE, 5, window(0, { 'auth.denied': 5 }), 0], false],
  ];
  for (const [name, args, expected] of cases) {
    it(`${name}: ${expected ? 'over' : 'under'}`, () => assert.equal(isOverThreshold(...args), expected));
  }
});
