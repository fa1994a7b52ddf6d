/** Windowed counting: clock-aligned windows, one increment per distinct key, the counting rule. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  aggregateDelivery,
  REQUESTS_COUNTER,
  UNKNOWN_SCOPE,
  windowStartOf,
} from '../../../lambda/core/aggregate';
import type { Analysis } from '../../../lambda/core/types';
import { failure, MIN, request, T0 } from './synthetic';

function analysis(parts: Partial<Pick<Analysis, 'failures' | 'requests'>>): Analysis {
  const failures = parts.failures ?? [];
  const requests = parts.requests ?? [];
  return {
    failures,
    requests,
    unparsed: [],
    stats: {
      events: 0,
      accessLines: 0,
      executionLines: 0,
      requests: requests.length,
      failed: failures.length,
      unparsed: 0,
    },
  };
}

const OPTIONS = { windowMinutes: 5, countExecutionLogs: true, fallbackTimeMs: T0 + 42 * MIN };

describe('windowStartOf', () => {
  const cases: [string, number, number, number][] = [
    ['the start of a window is its own start', T0, 5, T0],
    ['12:07:30 falls in the 12:05 window', T0 + 7.5 * MIN, 5, T0 + 5 * MIN],
    ['the last millisecond stays in the window', T0 + 5 * MIN - 1, 5, T0],
    ['one-minute windows align to the minute', T0 + 90_000, 1, T0 + MIN],
    ['an hour window aligns to the hour', T0 + 59 * MIN, 60, T0],
  ];
  for (const [name, time, minutes, expected] of cases) {
    it(name, () => assert.equal(windowStartOf(time, minutes), expected));
  }
});

describe('aggregateDelivery', () => {
  it('writes one increment per distinct API, stage, window and cause, however many failures share it', () => {
    const failures = [
      ...Array.from({ length: 50 }, (_, i) =>
        failure('limit.backend', { requestId: `a${i}`, timeMs: T0 + i * 1000 }),
      ),
      failure('limit.backend', { requestId: 'b', timeMs: T0 + 6 * MIN }),
      failure('server.function-error', { requestId: 'c', timeMs: T0 }),
      failure('limit.backend', { requestId: 'd', stage: 'dev', timeMs: T0 }),
    ];
    const counts = aggregateDelivery(analysis({ failures }), OPTIONS);
    const summary = counts.increments
      .map(
        (i) => `${i.stage} ${new Date(i.windowStartMs).toISOString().slice(11, 16)} ${i.subject} ${i.count}`,
      )
      .sort();
    assert.deepEqual(summary, [
      'dev 12:00 limit.backend 1',
      'prod 12:00 limit.backend 50',
      'prod 12:00 server.function-error 1',
      'prod 12:05 limit.backend 1',
    ]);
  });

  it('lists increments in the order their keys first came, each key part telling them apart', () => {
    const failures = [
      failure('limit.backend', { requestId: 'a', timeMs: T0 + 6 * MIN }),
      failure('limit.backend', { requestId: 'b', api: 'zzz999', timeMs: T0 }),
      failure('limit.backend', { requestId: 'c', stage: 'dev', timeMs: T0 }),
      failure('server.function-error', { requestId: 'd', timeMs: T0 }),
      failure('limit.backend', { requestId: 'e', timeMs: T0 }),
      failure('limit.backend', { requestId: 'f', timeMs: T0 + 7 * MIN }),
    ];
    const requests = [request('a', { timeMs: T0 + 6 * MIN }), request('b', { api: 'zzz999' }), request('e')];
    const counts = aggregateDelivery(analysis({ failures, requests }), OPTIONS);
    assert.deepEqual(
      counts.increments.map(
        (i) =>
          `${i.api} ${i.stage} ${new Date(i.windowStartMs).toISOString().slice(11, 16)} ${i.subject} ${i.count}`,
      ),
      [
        'abc123defg prod 12:05 limit.backend 2',
        'zzz999 prod 12:00 limit.backend 1',
        'abc123defg dev 12:00 limit.backend 1',
        'abc123defg prod 12:00 server.function-error 1',
        'abc123defg prod 12:00 limit.backend 1',
        `abc123defg prod 12:05 ${REQUESTS_COUNTER} 1`,
        `zzz999 prod 12:00 ${REQUESTS_COUNTER} 1`,
        `abc123defg prod 12:00 ${REQUESTS_COUNTER} 1`,
      ],
    );
  });

  it('counts masked failures separately from all failures of the cause', () => {
    const counts = aggregateDelivery(
      analysis({
        failures: [
          failure('limit.backend', { clientStatus: 502 }),
          failure('limit.backend', { clientStatus: 429 }),
          failure('limit.backend', { clientStatus: 500 }),
        ],
      }),
      OPTIONS,
    );
    assert.deepEqual(
      counts.increments.map((i) => [i.count, i.masked]),
      [[3, 2]],
    );
  });

  it('totals requests seen in access logs only, per API, stage and window', () => {
    const counts = aggregateDelivery(
      analysis({
        requests: [
          request('r1'),
          request('r2', { timeMs: T0 + MIN }),
          request('r3', { fromAccessLog: false }),
          request('r4', { timeMs: T0 + 5 * MIN }),
        ],
      }),
      OPTIONS,
    );
    assert.deepEqual(
      counts.increments.map((i) => [i.subject, i.windowStartMs, i.count]),
      [
        [REQUESTS_COUNTER, T0, 2],
        [REQUESTS_COUNTER, T0 + 5 * MIN, 1],
      ],
    );
  });

  it('counts the failures but no request totals of access lines that came through an execution log filter', () => {
    const counts = aggregateDelivery(
      analysis({
        failures: [failure('limit.throttle', { requestId: 'r1' })],
        requests: [request('r1'), request('r2')],
      }),
      { ...OPTIONS, countRequests: false },
    );
    assert.deepEqual(
      counts.increments.map((i) => [i.subject, i.count]),
      [['limit.throttle', 1]],
    );
  });

  const countingRule: [string, boolean, number, number][] = [
    ['counts an execution-only failure when execution logs count', true, 2, 0],
    ['leaves an execution-only failure to the access log when they do not', false, 1, 1],
  ];
  for (const [name, countExecutionLogs, counted, skipped] of countingRule) {
    it(name, () => {
      const counts = aggregateDelivery(
        analysis({
          failures: [
            failure('limit.backend', { requestId: 'seen' }),
            failure('limit.backend', { requestId: 'exec-only' }),
          ],
          requests: [request('seen'), request('exec-only', { fromAccessLog: false })],
        }),
        { ...OPTIONS, countExecutionLogs },
      );
      assert.equal(counts.counted.length, counted);
      assert.equal(counts.executionOnly.length, skipped);
      assert.equal(counts.increments.find((i) => i.subject === 'limit.backend')?.count, counted);
    });
  }

  it("uses the delivery's fallback time for a failure without a time, and 'unknown' for a missing API or stage", () => {
    const counts = aggregateDelivery(
      analysis({ failures: [failure('unknown.server', { time: undefined, api: undefined, stage: '' })] }),
      OPTIONS,
    );
    assert.deepEqual(counts.increments, [
      {
        api: UNKNOWN_SCOPE,
        stage: UNKNOWN_SCOPE,
        windowStartMs: T0 + 40 * MIN,
        subject: 'unknown.server',
        count: 1,
        masked: 0,
      },
    ]);
  });

  it("totals a request whose access line logged no time in the delivery's fallback window", () => {
    const counts = aggregateDelivery(analysis({ requests: [request('r1', { timeMs: undefined })] }), OPTIONS);
    assert.deepEqual(
      counts.increments.map((i) => [i.subject, i.windowStartMs, i.count]),
      [[REQUESTS_COUNTER, T0 + 40 * MIN, 1]],
    );
  });

  it("totals a request with no API or stage under 'unknown', where its failures are counted", () => {
    const counts = aggregateDelivery(
      analysis({
        failures: [failure('unknown.server', { api: '', stage: '' })],
        requests: [request('r1', { api: '', stage: '' })],
      }),
      OPTIONS,
    );
    assert.deepEqual(
      counts.increments.map((i) => [i.api, i.stage, i.subject]),
      [
        [UNKNOWN_SCOPE, UNKNOWN_SCOPE, 'unknown.server'],
        [UNKNOWN_SCOPE, UNKNOWN_SCOPE, REQUESTS_COUNTER],
      ],
    );
  });

  it('falls back for an unparseable time instead of dropping the failure', () => {
    const counts = aggregateDelivery(
      analysis({ failures: [failure('unknown.server', { time: 'yesterday' })] }),
      OPTIONS,
    );
    assert.equal(counts.counted[0]?.timeMs, OPTIONS.fallbackTimeMs);
  });
});
