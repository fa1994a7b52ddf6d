/**
 * The delivery flow over in-memory ports: which AWS failures fail the invocation (so Lambda
 * retries), what a failed publish leaves behind, and what is written when. Access-log lines are
 * SYNTHETIC, in the corpus's JSON shape (see test/integration/deliveries.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AnalyzerConfig, loadConfig } from '../../../lambda/config';
import type { CounterIncrement } from '../../../lambda/core/aggregate';
import type { AlertMessage } from '../../../lambda/core/alert-message';
import type { AlertState } from '../../../lambda/core/incident';
import type { Cause } from '../../../lambda/core/taxonomy';
import type { WindowCounts } from '../../../lambda/core/thresholds';
import type { TrailQuery } from '../../../lambda/core/trail';
import type { SubscriptionPayload } from '../../../lambda/core/types';
import type { DeliveryPorts } from '../../../lambda/delivery-ports';
import { processDelivery } from '../../../lambda/process-delivery';
import { type AccessLine, accessLine, succeeded, throttled } from '../../integration/deliveries';
import { T0 } from './synthetic';

const CONFIG: AnalyzerConfig = loadConfig({
  TABLE_NAME: 't',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:t',
});

function payload(count: number): SubscriptionPayload {
  return {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/aws/apigateway/access',
    logStream: 's',
    subscriptionFilters: [],
    logEvents: Array.from({ length: count }, (_, i) => ({
      id: `e${i}`,
      timestamp: T0,
      message: accessLine(throttled(`r${i}`, 'abc123defg', T0 + i)),
    })),
  };
}

/** One delivery of SYNTHETIC access lines in the 5-minute window `window` after T0, on its own stream. */
function mixed(
  window: number,
  counts: { throttled?: number; server?: number; ok?: number },
): SubscriptionPayload {
  const start = T0 + window * 5 * 60_000;
  const lines: AccessLine[] = [];
  const add = (n: number | undefined, line: (id: string, t: number) => AccessLine) => {
    for (let k = 0; k < (n ?? 0); k++) lines.push(line(`w${window}-${lines.length}`, start + lines.length));
  };
  add(counts.throttled, (id, t) => throttled(id, 'abc123defg', t));
  add(counts.server, (id, t) => ({ requestId: id, api: 'abc123defg', timeMs: t, status: 503 }));
  add(counts.ok, (id, t) => succeeded(id, 'abc123defg', t));
  return {
    ...payload(0),
    logStream: `w${window}`,
    logEvents: lines.map((l, i) => ({ id: `w${window}e${i}`, timestamp: l.timeMs, message: accessLine(l) })),
  };
}

/** Just enough of the table in memory: counters applied once per delivery id, versioned alert states. */
function memoryPorts(overrides: Partial<DeliveryPorts> = {}) {
  const counters = new Map<string, { count: number; masked: number; applied: Set<string> }>();
  const states = new Map<string, AlertState>();
  const deliveries = new Set<string>();
  const published: AlertMessage[] = [];
  const lines: Record<string, unknown>[] = [];
  const ports: DeliveryPorts = {
    isDeliveryProcessed: async (id) => deliveries.has(id),
    markDeliveryProcessed: async (id) => !deliveries.has(id) && Boolean(deliveries.add(id)),
    applyIncrements: async (id, increments) => {
      const appliedKeys: CounterIncrement[] = [];
      for (const inc of increments) {
        const key = `${inc.api}|${inc.stage}|${inc.windowStartMs}|${inc.subject}`;
        const item = counters.get(key) ?? { count: 0, masked: 0, applied: new Set<string>() };
        if (item.applied.has(id)) continue;
        item.count += inc.count;
        item.masked += inc.masked;
        item.applied.add(id);
        counters.set(key, item);
        appliedKeys.push(inc);
      }
      return {
        applied: appliedKeys.length,
        alreadyApplied: increments.length - appliedKeys.length,
        appliedKeys,
      };
    },
    readWindow: async (api, stage, windowStartMs) => {
      const causes: WindowCounts['causes'] = {};
      let requests = 0;
      for (const [key, item] of counters) {
        const [a, s, w, subject] = key.split('|');
        if (a !== api || s !== stage || Number(w) !== windowStartMs) continue;
        if (subject === 'requests') requests = item.count;
        else Object.assign(causes, { [subject as Cause]: { count: item.count, masked: item.masked } });
      }
      return { api, stage, windowStartMs, requests, causes };
    },
    readAlertStates: async (api, stage) =>
      [...states.values()].filter((s) => s.api === api && s.stage === stage),
    writeAlertState: async (next, expectedVersion) => {
      const key = `${next.api}|${next.stage}|${next.subject}`;
      if ((states.get(key)?.version ?? 0) !== expectedVersion) return false;
      states.set(key, next);
      return true;
    },
    publish: async (alert) => {
      published.push(alert);
      return `m${published.length}`;
    },
    readTrails: async () => ({ kind: 'events', events: [] }),
    log: (line) => {
      lines.push({ ...line });
    },
    now: () => Date.UTC(2026, 10, 25, 18, 0),
    sleep: async () => {},
    ...overrides,
  };
  return { ports, counters, states, deliveries, published, lines };
}

/** Each published alert's kind and the window its SMS ends with (`alert 12:00-12:05Z`), in order. */
function sentKindsAndWindows(memory: ReturnType<typeof memoryPorts>): string[] {
  return memory.published.map((m) => `${m.attributes.kind} ${m.sms.slice(-12)}`);
}

function awsError(name: string): Error {
  return Object.assign(new Error(`${name} (synthetic)`), { name });
}

/** Runs `work` while SNS refuses every Publish, then lets it publish again. */
async function whileSnsFails<T>(memory: ReturnType<typeof memoryPorts>, work: () => Promise<T>): Promise<T> {
  const { publish } = memory.ports;
  memory.ports.publish = () => Promise.reject(awsError('InternalErrorException'));
  try {
    return await work();
  } finally {
    memory.ports.publish = publish;
  }
}

describe('processDelivery', () => {
  const transient: [string, Partial<DeliveryPorts>][] = [
    [
      'a throttled counter write',
      { applyIncrements: () => Promise.reject(awsError('ProvisionedThroughputExceededException')) },
    ],
    [
      'a DynamoDB 5xx while reading the window',
      { readWindow: () => Promise.reject(awsError('InternalServerError')) },
    ],
    [
      'a throttled alert-state read',
      { readAlertStates: () => Promise.reject(awsError('ThrottlingException')) },
    ],
    ['an SNS 5xx', { publish: () => Promise.reject(awsError('InternalErrorException')) }],
  ];
  for (const [name, failing] of transient) {
    it(`throws on ${name}, so Lambda retries, and does not record the delivery as processed`, async () => {
      const memory = memoryPorts(failing);
      await assert.rejects(processDelivery(payload(12), CONFIG, memory.ports), { message: /synthetic/ });
      assert.equal(memory.deliveries.size, 0);
    });
  }

  it("a line dated hours after its own CloudWatch event (local time written as UTC) counts at the event's time, so it does not hold back the next incident's alert", async () => {
    const memory = memoryPorts();
    // SYNTHETIC: a pipeline wrote UTC+9 wall-clock time with a `Z`, so each line claims T0 + 9 h
    // while CloudWatch stamped its event at T0. Counted at T0 + 9 h, its alert would hold the
    // cause's state in a window hours ahead, and every breach before it would be "late data".
    const skewed = payload(12);
    await processDelivery(
      {
        ...skewed,
        logStream: 'skewed',
        logEvents: skewed.logEvents.map((e, i) => ({
          ...e,
          message: accessLine(throttled(`skewed-${i}`, 'abc123defg', T0 + 9 * 3_600_000)),
        })),
      },
      CONFIG,
      memory.ports,
    );
    // Two hours later, beyond the 30-minute cooldown, a new incident whose lines are dated right.
    await processDelivery(mixed(24, { throttled: 12 }), CONFIG, memory.ports);
    assert.deepEqual(
      memory.published.map((m) => m.attributes.kind),
      ['alert', 'alert'],
    );
  });

  it('releases the claim when the publish fails, so the retry claims and publishes', async () => {
    let failPublish = true;
    const memory = memoryPorts();
    const publish = memory.ports.publish;
    memory.ports.publish = (alert) => (failPublish ? Promise.reject(awsError('Throttled')) : publish(alert));

    await assert.rejects(processDelivery(payload(12), CONFIG, memory.ports));
    assert.deepEqual(
      [...memory.states.values()].map((s) => s.phase),
      ['released'],
    );
    failPublish = false;
    await processDelivery(payload(12), CONFIG, memory.ports);

    assert.equal(memory.published.length, 1);
    assert.deepEqual(
      [...memory.states.values()].map((s) => s.phase),
      ['published'],
    );
  });

  it("a redelivery that ran while the original was publishing does not record the delivery when that publish fails, so the original's retry still alerts", async () => {
    const memory = memoryPorts();
    // CloudWatch Logs delivers at least once: the twin runs to the end while the original's
    // Publish is in flight, finds the claim held under its own delivery id, and defers to it.
    const original: DeliveryPorts = {
      ...memory.ports,
      publish: async () => {
        await processDelivery(payload(12), CONFIG, memory.ports);
        throw awsError('InternalErrorException');
      },
    };
    await assert.rejects(processDelivery(payload(12), CONFIG, original), { name: 'InternalErrorException' });
    assert.equal(memory.published.length, 0);

    await processDelivery(payload(12), CONFIG, memory.ports);
    assert.equal(memory.published.length, 1, 'the retry publishes the alert the original could not');
    assert.equal(memory.deliveries.size, 1);
  });

  it("a redelivery that defers one API's alert to the original, and has nothing to do for the next API, still leaves the delivery unrecorded", async () => {
    const memory = memoryPorts();
    // One delivery of two APIs: 12 throttles of abc123defg (an alert), then successes of a second API.
    const base = payload(12);
    const delivery: SubscriptionPayload = {
      ...base,
      logEvents: [
        ...base.logEvents,
        ...[0, 1].map((i) => ({
          id: `ok${i}`,
          timestamp: T0,
          message: accessLine(succeeded(`ok${i}`, 'zzz999zzzz', T0 + i)),
        })),
      ],
    };
    const original: DeliveryPorts = {
      ...memory.ports,
      publish: async () => {
        await processDelivery(delivery, CONFIG, memory.ports);
        throw awsError('InternalErrorException');
      },
    };
    await assert.rejects(processDelivery(delivery, CONFIG, original), { name: 'InternalErrorException' });
    assert.equal(memory.deliveries.size, 0, 'the redelivery did not record it');

    await processDelivery(delivery, CONFIG, memory.ports);
    assert.equal(memory.published.length, 1, "the original's retry publishes the alert");
  });

  it("a Publish that fails for one subject does not keep the delivery's other breaches from being recorded, so no resolution skips them", async () => {
    const memory = memoryPorts();
    // 12:00-12:05: 8 % of 100 requests failed, no cause over its own threshold: a rate alert.
    await processDelivery(mixed(0, { throttled: 4, server: 4, ok: 92 }), CONFIG, memory.ports);
    assert.deepEqual(
      memory.published.map((m) => m.attributes.kind),
      ['alert'],
    );
    // 12:10-12:15: limit.backend over 10 (its Publish fails) and the rate over 5 % again.
    await whileSnsFails(memory, () =>
      assert.rejects(processDelivery(mixed(2, { throttled: 12, ok: 88 }), CONFIG, memory.ports)),
    );
    assert.equal(memory.states.get('abc123defg|prod|error-rate')?.lastBreachWindowStartMs, T0 + 10 * 60_000);

    // 12:15-12:20 traffic: 12:05-12:10 was quiet, but the rate's last breach was 12:10-12:15, still going on.
    await processDelivery(mixed(3, { ok: 1 }), CONFIG, memory.ports);
    assert.deepEqual(
      memory.published.map((m) => m.attributes.kind),
      ['alert'],
    );
  });

  it("a rate breach left to its dominant cause's alert while the rate's claim is released is recorded on that claim, so the retry's incident does not resolve a window before it", async () => {
    const memory = memoryPorts();
    const { publish } = memory.ports;
    // 12:00-12:05: 7 % of 100 requests failed, mostly unknown.server (under its own threshold); the
    // rate alert's Publish fails, so its claim is released and Lambda retries the delivery.
    const first = mixed(0, { throttled: 3, server: 4, ok: 93 });
    memory.ports.publish = () => Promise.reject(awsError('InternalErrorException'));
    await assert.rejects(processDelivery(first, CONFIG, memory.ports));
    memory.ports.publish = publish;
    // 12:10-12:15: limit.backend over 10 alerts; the rate (12 %) is left to it, its dominant cause.
    await processDelivery(mixed(2, { throttled: 12, ok: 88 }), CONFIG, memory.ports);
    // Lambda's retry sends the rate alert for 12:00-12:05, then traffic from 12:15 arrives.
    await processDelivery(first, CONFIG, memory.ports);
    await processDelivery(mixed(3, { ok: 1 }), CONFIG, memory.ports);

    assert.deepEqual(
      sentKindsAndWindows(memory),
      ['alert 12:10-12:15Z', 'alert 12:00-12:05Z'],
      'no RESOLVED error rate for 12:05-12:10: 12:10-12:15 was over the rate threshold',
    );
    assert.equal(memory.states.get('abc123defg|prod|error-rate')?.lastBreachWindowStartMs, T0 + 10 * 60_000);
  });

  it("sends no error-rate alert beside a cause alert whose Publish just failed in the same delivery: the retry sends that cause's alert alone", async () => {
    const memory = memoryPorts();
    const { publish } = memory.ports;
    let calls = 0;
    // SNS refuses the first Publish only: limit.backend's alert for 12:00-12:05.
    memory.ports.publish = (alert) =>
      ++calls === 1 ? Promise.reject(awsError('InternalErrorException')) : publish(alert);
    // 12:00-12:05: limit.backend over 10, and the rate (12 % of 100) over 5 %, dominated by it.
    const delivery = mixed(0, { throttled: 12, ok: 88 });
    await assert.rejects(processDelivery(delivery, CONFIG, memory.ports), { name: 'InternalErrorException' });
    await processDelivery(delivery, CONFIG, memory.ports);

    assert.deepEqual(
      memory.published.map((m) => [m.attributes.kind, m.attributes.cause, m.sms.includes('error rate')]),
      [['alert', 'limit.backend', false]],
    );
  });

  it("a cause whose alert's Publish failed is left alone for the rest of the delivery, so a later window's next incident does not leave that alert unsent", async () => {
    const memory = memoryPorts();
    const { publish } = memory.ports;
    let calls = 0;
    memory.ports.publish = (alert) =>
      ++calls === 1 ? Promise.reject(awsError('InternalErrorException')) : publish(alert);
    // One delivery: limit.backend over 10 at 12:00-12:05 (its Publish fails), and again at 12:30-12:35,
    // where the 30-minute cooldown ends.
    const first = mixed(0, { throttled: 12 });
    const next = mixed(6, { throttled: 12 });
    const delivery = { ...first, logStream: 'both', logEvents: [...first.logEvents, ...next.logEvents] };
    await assert.rejects(processDelivery(delivery, CONFIG, memory.ports), { name: 'InternalErrorException' });
    await processDelivery(delivery, CONFIG, memory.ports);

    assert.deepEqual(sentKindsAndWindows(memory), ['alert 12:00-12:05Z', 'alert 12:30-12:35Z']);
  });

  it("claims again after losing the claim's race to a rival whose own claim was released (its Publish failed), so the alert still goes out", async () => {
    const memory = memoryPorts();
    const { writeAlertState } = memory.ports;
    let rivalled = false;
    memory.ports.writeAlertState = async (next, expected, expiresAt, signal) => {
      if (!rivalled) {
        rivalled = true;
        // Between this invocation's read and its claim, another invocation claimed the same alert,
        // failed to publish it, and released its claim.
        const key = `${next.api}|${next.stage}|${next.subject}`;
        memory.states.set(key, {
          ...next,
          version: 2,
          phase: 'released',
          claimToken: 'rival',
          claimant: 'rival',
        });
        return false;
      }
      return writeAlertState(next, expected, expiresAt, signal);
    };
    await processDelivery(payload(12), CONFIG, memory.ports);

    assert.equal(memory.published.length, 1);
    assert.equal(memory.states.get('abc123defg|prod|limit.backend')?.phase, 'published');
  });

  it('one delivery over the threshold on two stages of one API alerts for each stage', async () => {
    const memory = memoryPorts();
    const base = payload(12);
    const delivery: SubscriptionPayload = {
      ...base,
      logEvents: [
        ...base.logEvents,
        ...base.logEvents.map((e, i) => ({
          ...e,
          id: `dev${i}`,
          message: accessLine({ ...throttled(`dev${i}`, 'abc123defg', T0 + i), stage: 'dev' }),
        })),
      ],
    };
    await processDelivery(delivery, CONFIG, memory.ports);

    assert.deepEqual(memory.published.map((m) => m.attributes.stage).sort(), ['dev', 'prod']);
  });

  it('a delivery that also carries late lines for an earlier window resolves by its latest window', async () => {
    const memory = memoryPorts();
    // 12:00-12:05: limit.backend over 10 alerts.
    await processDelivery(mixed(0, { throttled: 12 }), CONFIG, memory.ports);
    // One delivery with a late success for 12:00-12:05 and one of 12:10-12:15: 12:05-12:10 was quiet.
    const late = mixed(0, { ok: 1 });
    const current = mixed(2, { ok: 1 });
    await processDelivery(
      { ...late, logStream: 'mixed', logEvents: [...late.logEvents, ...current.logEvents] },
      CONFIG,
      memory.ports,
    );

    assert.deepEqual(sentKindsAndWindows(memory), ['alert 12:00-12:05Z', 'resolved 12:05-12:10Z']);
  });

  it("late lines for a window its dominant cause's alert reported raise no error-rate alert once that cause is resolved", async () => {
    const memory = memoryPorts();
    // 12:00-12:05: limit.backend over 10 alerts; the rate (12 %) is left to it.
    await processDelivery(mixed(0, { throttled: 12, ok: 88 }), CONFIG, memory.ports);
    // Traffic from 12:10 judges 12:05-12:10 quiet: limit.backend resolves.
    await processDelivery(mixed(2, { ok: 1 }), CONFIG, memory.ports);
    // A late stream of successes for 12:00-12:05: the rate is still 11 %, still that one incident.
    await processDelivery({ ...mixed(0, { ok: 5 }), logStream: 'late' }, CONFIG, memory.ports);

    assert.deepEqual(sentKindsAndWindows(memory), ['alert 12:00-12:05Z', 'resolved 12:05-12:10Z']);
  });

  it("late lines for a window its dominant cause's alert reported raise no error-rate alert while that cause's next incident waits for its retry", async () => {
    const memory = memoryPorts();
    // 12:00-12:05: unknown.server over 5 alerts; the rate (6 %) is left to it.
    await processDelivery(mixed(0, { server: 6, ok: 94 }), CONFIG, memory.ports);
    // 12:30, the cooldown over: unknown.server's next incident, whose Publish fails (claim released).
    await whileSnsFails(memory, () =>
      assert.rejects(processDelivery(mixed(6, { server: 6 }), CONFIG, memory.ports)),
    );
    // A late stream of successes for 12:00-12:05 (the rate stays over 5 %), then Lambda's retry.
    await processDelivery({ ...mixed(0, { ok: 5 }), logStream: 'late' }, CONFIG, memory.ports);
    await processDelivery(mixed(6, { server: 6 }), CONFIG, memory.ports);

    assert.deepEqual(sentKindsAndWindows(memory), ['alert 12:00-12:05Z', 'alert 12:30-12:35Z']);
  });

  it('an alert is recorded as sent when the clock and the deadline hold fractions of a millisecond', async () => {
    // A clock such as performance.timeOrigin + performance.now() is fractional; the deadline then is too.
    let now = Date.UTC(2026, 10, 25, 18, 0) + 0.25;
    const memory = memoryPorts({
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    await processDelivery(mixed(0, { throttled: 12 }), CONFIG, memory.ports, { deadlineMs: now + 59_999.5 });
    assert.deepEqual(
      memory.published.map((m) => m.attributes.kind),
      ['alert'],
    );
    assert.equal(memory.states.get('abc123defg|prod|limit.backend')?.phase, 'published');
  });

  // Which step's Publish fails while DynamoDB refuses the release too, so its claim stays held.
  const heldClaims: [string, number][] = [
    ['its alert', 0],
    ['its resolution', 1],
  ];
  for (const [name, failing] of heldClaims) {
    it(`a breach counted while another invocation holds the claim of ${name} is recorded, so no resolution vouches for a window before it`, async () => {
      let now = Date.UTC(2026, 10, 25, 18, 0);
      const memory = memoryPorts({
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      });
      const { publish, writeAlertState } = memory.ports;
      const outage = () => {
        memory.ports.publish = () => Promise.reject(awsError('InternalErrorException'));
        memory.ports.writeAlertState = (next, expected, expiresAt) =>
          [next.phase, next.resolution].includes('released')
            ? Promise.reject(awsError('InternalServerError'))
            : writeAlertState(next, expected, expiresAt);
      };
      const healthy = () => {
        memory.ports.publish = publish;
        memory.ports.writeAlertState = writeAlertState;
      };
      // 12:00-12:05 over the limit threshold; then traffic from 12:15 judges 12:05-12:10 quiet.
      const deliveries = [mixed(0, { throttled: 12 }), mixed(3, { ok: 1 })];
      for (const [i, delivery] of deliveries.entries()) {
        if (i === failing) outage();
        const run = processDelivery(delivery, CONFIG, memory.ports, { deadlineMs: now + 60_000 });
        if (i === failing) await assert.rejects(run);
        else await run;
        healthy();
      }
      // While that claim is held, a late stream puts 12:10-12:15 over the threshold too.
      await processDelivery(mixed(2, { throttled: 12 }), CONFIG, memory.ports, { deadlineMs: now + 60_000 });

      // Long after the claim lapsed, the failed delivery is retried and traffic from 12:15 arrives.
      now += 10 * 60_000;
      await processDelivery(deliveries[failing] as SubscriptionPayload, CONFIG, memory.ports);
      await processDelivery(mixed(3, { ok: 2 }), CONFIG, memory.ports);
      assert.deepEqual(
        memory.published.map((m) => m.attributes.kind),
        ['alert'],
      );
      assert.equal(
        memory.states.get('abc123defg|prod|limit.backend')?.lastBreachWindowStartMs,
        T0 + 10 * 60_000,
      );
    });
  }

  // How the previous alert's claim is still standing when the cooldown's last window breaches.
  const standingClaims: [string, 'in-flight' | 'held'][] = [
    ['its Publish is still in flight', 'in-flight'],
    ['its Publish and the release of its claim both failed', 'held'],
  ];
  for (const [name, how] of standingClaims) {
    it(`a breach in the window where a cooldown ends, counted while the previous alert's claim stands because ${name}, is alerted once that claim settles`, async () => {
      let now = Date.UTC(2026, 10, 25, 18, 0);
      const memory = memoryPorts({
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      });
      const { publish, writeAlertState } = memory.ports;
      // 12:30-12:35, the first window after the 30-minute cooldown of an alert for 12:00-12:05.
      const next = () =>
        processDelivery(mixed(6, { throttled: 12 }), CONFIG, memory.ports, { deadlineMs: now + 60_000 });
      if (how === 'in-flight') {
        memory.ports.publish = async (alert) => {
          memory.ports.publish = publish;
          await next();
          return publish(alert);
        };
        await processDelivery(mixed(0, { throttled: 12 }), CONFIG, memory.ports, {
          deadlineMs: now + 60_000,
        });
      } else {
        memory.ports.publish = () => Promise.reject(awsError('InternalErrorException'));
        memory.ports.writeAlertState = (state, expected, expiresAt) =>
          state.phase === 'released'
            ? Promise.reject(awsError('InternalServerError'))
            : writeAlertState(state, expected, expiresAt);
        await assert.rejects(
          processDelivery(mixed(0, { throttled: 12 }), CONFIG, memory.ports, { deadlineMs: now + 60_000 }),
        );
        memory.ports.publish = publish;
        memory.ports.writeAlertState = writeAlertState;
        await next();
        assert.equal(memory.published.length, 0, 'the claim is honoured while its claimant may be running');
        // Lambda's retry, after the claim lapsed.
        now += 10 * 60_000;
        await processDelivery(mixed(0, { throttled: 12 }), CONFIG, memory.ports);
      }
      assert.deepEqual(sentKindsAndWindows(memory), ['alert 12:00-12:05Z', 'alert 12:30-12:35Z']);
    });
  }

  it('a breach of the quiet window, counted while another invocation publishes its resolution, alerts again once the resolution is out', async () => {
    const memory = memoryPorts();
    const { publish } = memory.ports;
    await processDelivery(mixed(0, { throttled: 12 }), CONFIG, memory.ports);
    // Traffic from 12:10 judges 12:05-12:10 quiet; while that resolution's Publish is in flight, a
    // late stream puts 12:05-12:10 over the threshold after all: the incident never ended.
    memory.ports.publish = async (alert) => {
      memory.ports.publish = publish;
      await processDelivery(mixed(1, { throttled: 12 }), CONFIG, memory.ports);
      return publish(alert);
    };
    await processDelivery(mixed(2, { ok: 1 }), CONFIG, memory.ports);
    assert.deepEqual(sentKindsAndWindows(memory), [
      'alert 12:00-12:05Z',
      'resolved 12:05-12:10Z',
      'alert 12:05-12:10Z',
    ]);
  });

  it("late data for a window an alert already covered raises no second alert after the next incident's Publish failed", async () => {
    const memory = memoryPorts();
    await processDelivery(mixed(0, { throttled: 12 }), CONFIG, memory.ports);
    // 12:30, the cooldown over: a new incident, whose Publish fails (the claim is released).
    await whileSnsFails(memory, () =>
      assert.rejects(processDelivery(mixed(6, { throttled: 12 }), CONFIG, memory.ports)),
    );
    // A late stream for 12:00-12:05, which the first alert covered, then Lambda's retry.
    await processDelivery({ ...mixed(0, { throttled: 12 }), logStream: 'late' }, CONFIG, memory.ports);
    await processDelivery(mixed(6, { throttled: 12 }), CONFIG, memory.ports);
    assert.deepEqual(
      memory.published.map((m) => m.sms.slice(-12)),
      ['12:00-12:05Z', '12:30-12:35Z'],
    );
  });

  it("a claim left by an invocation that died before publishing is taken over once the claimant's deadline passed", async () => {
    let now = Date.UTC(2026, 10, 25, 18, 0);
    const deadlineMs = now + 60_000;
    const memory = memoryPorts({
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    const { publish, writeAlertState } = memory.ports;
    // The first attempt dies after claiming: the publish and the release both fail, however long it tries.
    memory.ports.publish = () => Promise.reject(awsError('InternalErrorException'));
    memory.ports.writeAlertState = (next, expected, expiresAt) =>
      next.phase === 'released'
        ? Promise.reject(awsError('Killed'))
        : writeAlertState(next, expected, expiresAt);
    await assert.rejects(processDelivery(payload(12), CONFIG, memory.ports, { deadlineMs }));
    memory.ports.publish = publish;
    memory.ports.writeAlertState = writeAlertState;

    await processDelivery(payload(12), CONFIG, memory.ports, { deadlineMs: now + 60_000 });
    assert.equal(memory.published.length, 0, 'the claim is honoured while its claimant may still be running');

    now = deadlineMs + 10_001;
    await processDelivery(payload(13), CONFIG, memory.ports);
    assert.equal(memory.published.length, 1);
  });

  it('stops retrying the release after its time budget in attempts too, when its clock does not move', {
    timeout: 10_000,
  }, async () => {
    // A clock that stands still while sleeping (sleep yields to the event loop, so the test's own
    // timeout can still fire): a loop bounded only by the clock would never end, and the invocation
    // would hang instead of throwing for its retry.
    const memory = memoryPorts({ sleep: () => new Promise((resolve) => setImmediate(resolve)) });
    const { writeAlertState } = memory.ports;
    let releaseAttempts = 0;
    memory.ports.publish = () => Promise.reject(awsError('InternalErrorException'));
    memory.ports.writeAlertState = (next, expected, expiresAt) => {
      if (next.phase !== 'released') return writeAlertState(next, expected, expiresAt);
      releaseAttempts += 1;
      return Promise.reject(awsError('InternalServerError'));
    };
    const deadlineMs = memory.ports.now() + 60_000;
    await assert.rejects(processDelivery(payload(12), CONFIG, memory.ports, { deadlineMs }), {
      name: 'InternalErrorException',
    });
    // Until 20 s before the deadline, one attempt every 5 s: 8 attempts, and one more at the end.
    assert.equal(releaseAttempts, 9);
    assert.equal(memory.lines.filter((l) => l.type === 'alert-claim-held').length, 1);
  });

  it('logs one failed-request line per failure, then metrics, then one summary', async () => {
    const memory = memoryPorts();
    await processDelivery(payload(3), CONFIG, memory.ports);
    const types = memory.lines.map((l) => (typeof l.type === 'string' ? l.type : '_aws' in l ? 'emf' : '?'));
    assert.deepEqual(types, [
      'failed-request',
      'failed-request',
      'failed-request',
      'emf',
      'emf',
      'emf',
      'delivery-summary',
    ]);
    assert.deepEqual(
      Object.fromEntries(
        ['counted', 'counterKeys', 'countersApplied', 'countersAlreadyApplied'].map((k) => [
          k,
          memory.lines.at(-1)?.[k],
        ]),
      ),
      { counted: 3, counterKeys: 2, countersApplied: 2, countersAlreadyApplied: 0 },
    );
  });

  it('writes metrics once when a redelivery ran at the same time: counts from the copy that applied them, UnparsedLines from the copy that recorded the delivery', async () => {
    const memory = memoryPorts();
    await processDelivery(payload(3), CONFIG, memory.ports);
    assert.equal(memory.lines.at(-1)?.metricsWritten, 3);
    // The twin read the delivery as unprocessed before the first copy recorded it.
    const twin = memoryPorts({ isDeliveryProcessed: async () => false });
    const emitted = twin.lines;
    await processDelivery(payload(3), CONFIG, {
      ...memory.ports,
      isDeliveryProcessed: twin.ports.isDeliveryProcessed,
      log: twin.ports.log,
    });
    assert.equal(emitted.filter((l) => '_aws' in l).length, 0);
    assert.equal(emitted.at(-1)?.metricsWritten, 0);
  });

  it("writes UnparsedLines by the delivery's log group, so a count says where the unreadable lines came from, and by the function's name, which the stack's one UnparsedLines alarm watches", async () => {
    const memory = memoryPorts();
    // SYNTHETIC: Lambda sets AWS_LAMBDA_FUNCTION_NAME in every function's environment.
    const config = { ...CONFIG, functionName: 'Analyzer-Function-SYNTHETIC' };
    const access = payload(2);
    const delivery = {
      ...access,
      logGroup: '/aws/apigateway/orders-access',
      // SYNTHETIC: a JSON object without any access-log field, next to the delivery's two access lines.
      logEvents: [...access.logEvents, { id: 'x', timestamp: T0, message: '{"note":"no access-log field"}' }],
    };
    await processDelivery(delivery, config, memory.ports);
    const unparsed = memory.lines.filter((l) => 'UnparsedLines' in l);
    assert.deepEqual(
      unparsed.map((l) => ({
        LogGroup: l.LogGroup,
        FunctionName: l.FunctionName,
        UnparsedLines: l.UnparsedLines,
      })),
      [
        {
          LogGroup: '/aws/apigateway/orders-access',
          FunctionName: 'Analyzer-Function-SYNTHETIC',
          UnparsedLines: 1,
        },
      ],
    );
  });

  it('searches the sample trails from a minute before the alerted window to a minute after it, since requests straddle its edges', async () => {
    const queries: TrailQuery[] = [];
    const memory = memoryPorts({
      readTrails: async (query) => {
        queries.push(query);
        return { kind: 'events', events: [] };
      },
    });
    const group = 'API-Gateway-Execution-Logs_abc123defg/prod';
    await processDelivery(
      mixed(2, { throttled: 12 }),
      { ...CONFIG, executionLogGroups: [group] },
      memory.ports,
    );

    const windowStart = T0 + 10 * 60_000;
    assert.deepEqual(
      queries.map((q) => [q.logGroupName, q.startTimeMs, q.endTimeMs]),
      [[group, windowStart - 60_000, windowStart + 5 * 60_000 + 60_000]],
    );
  });

  it("keeps a delivery's counters a day past the cooldown and the quiet window's check, counted from now for lines dated hours before it", async () => {
    const expiries: number[] = [];
    const memory = memoryPorts();
    const { applyIncrements } = memory.ports;
    memory.ports.applyIncrements = (id, increments, expiresAt) => {
      expiries.push(expiresAt);
      return applyIncrements(id, increments, expiresAt);
    };
    // The lines are dated 12:00-12:05; the delivery is processed at 18:00 (memoryPorts' clock).
    await processDelivery(mixed(0, { throttled: 12 }), CONFIG, memory.ports);

    const now = memory.ports.now();
    const cooldownAndQuietWindow = 30 * 60_000 + 2 * 5 * 60_000;
    assert.deepEqual(expiries, [(now + cooldownAndQuietWindow + 86_400_000) / 1000]);
  });

  it('keeps an alert state a day past the check of the quiet window after its last breach, when that ends after its cooldown and now', async () => {
    const expiries: number[] = [];
    // Processed a minute into the window, with no cooldown (which lasts one window at least).
    const memory = memoryPorts({ now: () => T0 + 60_000 });
    const { writeAlertState } = memory.ports;
    memory.ports.writeAlertState = (next, expected, expiresAt, signal) => {
      expiries.push(expiresAt);
      return writeAlertState(next, expected, expiresAt, signal);
    };
    await processDelivery(mixed(0, { throttled: 12 }), { ...CONFIG, cooldownMinutes: 0 }, memory.ports);

    assert.equal(memory.published.length, 1);
    // 12:00-12:05 breached; 12:05-12:10 is judged quiet or not once it has ended, at 12:10.
    assert.deepEqual(new Set(expiries), new Set([(T0 + 10 * 60_000 + 86_400_000) / 1000]));
  });

  it('keeps an alert state a day past its cooldown when that ends after now', async () => {
    const expiries: number[] = [];
    const memory = memoryPorts({ now: () => T0 + 60_000 });
    const { writeAlertState } = memory.ports;
    memory.ports.writeAlertState = (next, expected, expiresAt, signal) => {
      expiries.push(expiresAt);
      return writeAlertState(next, expected, expiresAt, signal);
    };
    await processDelivery(mixed(0, { throttled: 12 }), CONFIG, memory.ports);

    assert.deepEqual(new Set(expiries), new Set([(T0 + 30 * 60_000 + 86_400_000) / 1000]));
  });

  it('keeps an alert state a day past now when the lines that raised it came hours after their window', async () => {
    const expiries: number[] = [];
    const memory = memoryPorts();
    const { writeAlertState } = memory.ports;
    memory.ports.writeAlertState = (next, expected, expiresAt, signal) => {
      expiries.push(expiresAt);
      return writeAlertState(next, expected, expiresAt, signal);
    };
    // Lines of 12:00-12:05, processed at 18:00: the cooldown ended at 12:30.
    await processDelivery(mixed(0, { throttled: 12 }), CONFIG, memory.ports);

    assert.equal(memory.published.length, 1);
    assert.deepEqual(new Set(expiries), new Set([(memory.ports.now() + 86_400_000) / 1000]));
  });

  it('acknowledges a control message without touching the store', async () => {
    const memory = memoryPorts({
      isDeliveryProcessed: () => Promise.reject(new Error('must not be called')),
    });
    await processDelivery({ ...payload(0), messageType: 'CONTROL_MESSAGE' }, CONFIG, memory.ports);
    assert.equal(memory.lines.at(-1)?.type, 'delivery-summary');
  });
});
