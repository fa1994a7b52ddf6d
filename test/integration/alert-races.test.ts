/**
 * Races between invocations, interleaved step by step: the real adapters against dynalite and the
 * loopback SNS server, driven through processDelivery so a test can pause one invocation inside a
 * port call (a publish, say) while another runs to the end. The access-log lines are SYNTHETIC
 * (see ./deliveries.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import { type AttributeValue, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { AnalyzerConfig } from '../../lambda/config';
import type { AlertState } from '../../lambda/core/incident';
import type { SubscriptionPayload } from '../../lambda/core/types';
import type { DeliveryPorts } from '../../lambda/delivery-ports';
import type { LocalDynamo } from '../support/dynalite';
import { type RecordedPublish, SNS_FAILURE, type SnsServer } from '../support/sns-server';
import { type AccessLine, succeeded, throttled } from './deliveries';
import { payloadOf, startDirectRig } from './direct-rig';

const T0 = Date.UTC(2026, 10, 25, 12, 0);
const MIN = 60_000;
/** Wall clock of the invocations: an hour after the log time, as a late but ordinary delivery. */
const NOW = T0 + 60 * MIN;

let dynamo: LocalDynamo;
let sns: SnsServer;
let config: AnalyzerConfig;
let awsPorts: (config: AnalyzerConfig) => DeliveryPorts;
let processDelivery: typeof import('../../lambda/process-delivery').processDelivery;

before(async () => {
  ({ dynamo, sns, config, awsPorts, processDelivery } = await startDirectRig());
  mock.method(console, 'log', () => {});
});

after(async () => {
  mock.restoreAll();
  await Promise.all([dynamo.close(), sns.close()]);
});

function storm(api: string, prefix: string, count: number, timeMs: number): AccessLine[] {
  return Array.from({ length: count }, (_, i) => throttled(`${prefix}-${i}`, api, timeMs + i));
}

function kindsFor(api: string): string[] {
  return sns.publishes
    .filter((p: RecordedPublish) => p.attributes.api?.value === api)
    .map((p) => p.attributes.kind?.value ?? '?');
}

/** The real ports at a fixed wall clock, with any port call wrapped. */
function portsAt(nowMs: number, overrides: Partial<DeliveryPorts> = {}): DeliveryPorts {
  return { ...awsPorts(config), now: () => nowMs, ...overrides };
}

/**
 * The config of the races that involve the error rate: it alerts at 50 % over at least 5 requests
 * (limit.backend still at 10, its cooldown 30 min).
 */
function ratedConfig(): AnalyzerConfig {
  return { ...config, minRequests: 5, errorRatePercent: 50 };
}

/** Each message sent for `api` as `<kind> <subject without its scope>`, sorted. */
function kindsAndSubjects(api: string): string[] {
  return sns.publishes
    .filter((p: RecordedPublish) => p.attributes.api?.value === api)
    .map((p) => `${p.attributes.kind?.value} ${(p.subject ?? '?').replace(/^.*: /, '')}`)
    .sort();
}

/**
 * A Publish port that first runs `during` (under `duringConfig`), once, so that delivery is counted
 * while this invocation's Publish is in flight, then sends the message with `send`. With `run` false
 * it only sends.
 */
function publishDuring(
  during: SubscriptionPayload,
  duringConfig: AnalyzerConfig = config,
  run = true,
  send: DeliveryPorts['publish'] = awsPorts(config).publish,
): DeliveryPorts['publish'] {
  let pending = run;
  return async (message) => {
    if (pending) {
      pending = false;
      await processDelivery(during, duringConfig, portsAt(NOW));
    }
    return send(message);
  };
}

/**
 * The ports of claimant A, which counts `b` (recorded on its claim) while its Publish is in flight
 * and, when `crash`, fails at its first DynamoDB read once its alert is recorded as sent (the SDK's
 * retries used up): after its alert went out, before it decides B's breach again.
 */
function crashingClaimantPorts(
  b: SubscriptionPayload,
  crash: boolean,
  bConfig: AnalyzerConfig = config,
): DeliveryPorts {
  const real = awsPorts(config);
  let sent = false;
  let failed = false;
  return portsAt(NOW, {
    publish: publishDuring(b, bConfig),
    writeAlertState: async (next, expected, expiresAt) => {
      const written = await real.writeAlertState(next, expected, expiresAt);
      if (written && next.phase === 'published') sent = true;
      return written;
    },
    readWindow: async (...read) => {
      if (crash && sent && !failed) {
        failed = true;
        throw Object.assign(new Error('synthetic'), { name: 'InternalServerError' });
      }
      return real.readWindow(...read);
    },
  });
}

async function stateOf(api: string): Promise<AlertState | undefined> {
  const [state] = await awsPorts(config).readAlertStates(api, 'prod');
  return state;
}

describe('alert races against dynalite and a loopback SNS', () => {
  test('an escalation published while another invocation records a later breach is marked published, and is not sent again once its claim would have lapsed', async () => {
    const api = 'escrace001';
    await processDelivery(payloadOf(storm(api, 'a', 10, T0), 'a'), config, portsAt(NOW));
    assert.deepEqual(kindsFor(api), ['alert']);

    // Invocation Y reaches ten times the alerted count and publishes the escalation; while its
    // Publish is in flight, invocation X records a breach in the next window (a version bump).
    const real = awsPorts(config);
    const y = portsAt(NOW, {
      publish: async (message) => {
        await processDelivery(payloadOf(storm(api, 'x', 12, T0 + 5 * MIN), 'x'), config, portsAt(NOW));
        return real.publish(message);
      },
    });
    await processDelivery(payloadOf(storm(api, 'y', 90, T0 + MIN), 'y'), config, y, {
      deadlineMs: NOW + MIN,
    });
    assert.deepEqual(kindsFor(api), ['alert', 'escalation']);
    assert.equal((await stateOf(api))?.escalation, 'published');

    // Long after Y's deadline, the next window is ten times over too: the incident escalated already.
    await processDelivery(
      payloadOf(storm(api, 'z', 100, T0 + 6 * MIN), 'z'),
      config,
      portsAt(NOW + 10 * MIN),
    );
    assert.deepEqual(kindsFor(api), ['alert', 'escalation']);
  });

  /** Holds each caller until `count` callers arrived, so they go on together. */
  function barrier(count: number): () => Promise<void> {
    let waiting: (() => void)[] = [];
    return () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === count) {
          for (const go of waiting) go();
          waiting = [];
        }
      });
  }

  /** The real ports, with every window read held until all `count` invocations counted. */
  function togetherAtWindowRead(count: number): DeliveryPorts[] {
    const arrive = barrier(count);
    return Array.from({ length: count }, () => {
      const real = portsAt(NOW);
      let first = true;
      return {
        ...real,
        readWindow: async (api, stage, windowStartMs) => {
          if (first) {
            first = false;
            await arrive();
          }
          return real.readWindow(api, stage, windowStartMs);
        },
      };
    });
  }

  test('invocations that cross the threshold at the same moment, each seeing the crossed count, publish one alert', async () => {
    const api = 'together01';
    const ports = togetherAtWindowRead(3);
    await Promise.all(
      ports.map((p, i) => processDelivery(payloadOf(storm(api, `t${i}`, 4, T0 + i), `t${i}`), config, p)),
    );
    assert.deepEqual(kindsFor(api), ['alert']);
    const counts = await awsPorts(config).readWindow(api, 'prod', T0);
    assert.equal(counts.causes['limit.backend']?.count, 12);
  });

  test('a redelivery running at the same time as the original counts once and alerts once', async () => {
    const api = 'twincopy01';
    const payload = payloadOf(storm(api, 'w', 12, T0), 'w');
    const ports = togetherAtWindowRead(2);
    await Promise.all(ports.map((p) => processDelivery(payload, config, p)));
    assert.deepEqual(kindsFor(api), ['alert']);
    assert.equal((await awsPorts(config).readWindow(api, 'prod', T0)).causes['limit.backend']?.count, 12);
  });

  // How many times a write of one phase fails: for the whole invocation, or a few times.
  const outages: [string, number][] = [
    ['DynamoDB stays down until the invocation ends', Number.POSITIVE_INFINITY],
    ['DynamoDB comes back seconds later', 2],
  ];

  /** Ports on a clock that sleeping moves, whose writes of `phase` fail the first `failures` times. */
  const failingWrites = (phase: 'published' | 'released', failures: number) => {
    const real = awsPorts(config);
    const clock = { now: NOW };
    let failed = 0;
    const ports = portsAt(NOW, {
      now: () => clock.now,
      sleep: async (ms) => {
        clock.now += ms;
      },
      writeAlertState: (next, expected, expiresAt) =>
        next.phase === phase && failed++ < failures
          ? Promise.reject(Object.assign(new Error('synthetic'), { name: 'InternalServerError' }))
          : real.writeAlertState(next, expected, expiresAt),
    });
    return { real, clock, ports };
  };

  for (const [name, failures] of outages) {
    test(`an invocation that published but cannot record it (${name}) tries again until 20 s before its deadline; nothing counts or alerts twice`, async () => {
      const api = `pubthen${String(failures).slice(0, 3)}`;
      const payload = payloadOf(storm(api, 'p', 12, T0), 'p');
      const { real, clock, ports: failing } = failingWrites('published', failures);
      await processDelivery(payload, config, failing, { deadlineMs: NOW + MIN });
      const now = clock.now;
      assert.ok(now <= NOW + MIN - 20_000, 'it ends 20 s before its deadline');
      assert.equal(
        (await stateOf(api))?.phase,
        failures === Number.POSITIVE_INFINITY ? 'claimed' : 'published',
      );
      // A redelivery within the claim's lease.
      await processDelivery(payload, config, portsAt(now + 1_000), { deadlineMs: now + 1_000 + MIN });
      assert.deepEqual(kindsFor(api), ['alert']);
      assert.equal((await real.readWindow(api, 'prod', T0)).causes['limit.backend']?.count, 12);
    });
  }

  for (const [name, failures] of outages) {
    test(`when Publish fails and the write releasing the claim fails too (${name}), Lambda's retry a minute later publishes the alert`, async () => {
      const api = `relfail${String(failures).slice(0, 3)}`;
      const payload = payloadOf(storm(api, 'r', 12, T0), 'r');
      const { clock, ports: first } = failingWrites('released', failures);
      // Three: the SDK's standard retry makes three attempts before giving up.
      sns.failNext(3, SNS_FAILURE.internal);
      await assert.rejects(processDelivery(payload, config, first, { deadlineMs: NOW + MIN }));
      assert.deepEqual(kindsFor(api), []);

      // Lambda retries a failed asynchronous invocation a minute after it ended (Lambda developer
      // guide, "How Lambda handles errors and retries with asynchronous invocation").
      const retryAt = clock.now + MIN;
      await processDelivery(payload, config, portsAt(retryAt), { deadlineMs: retryAt + MIN });
      assert.deepEqual(kindsFor(api), ['alert']);
    });
  }

  // SYNTHETIC items under the key of limit.backend's alert state, shaped as this code never writes them.
  const unreadable: [string, string, Record<string, AttributeValue>][] = [
    [
      'written by a version that knows a cause id this one does not (a rollback)',
      'unreadv001',
      {
        cause: { S: 'limit.from-a-later-version' },
        version: { N: '3' },
        phase: { S: 'published' },
        alertWindowStart: { N: String(T0 - 5 * MIN) },
        lastBreachWindowStart: { N: String(T0 - 5 * MIN) },
        cooldownUntil: { N: String(T0 + 25 * MIN) },
        alertCount: { N: '12' },
        threshold: { N: '10' },
      },
    ],
    ['damaged, without a version', 'unreadv002', { phase: { S: 'published' } }],
  ];
  for (const [name, api, fields] of unreadable) {
    test(`an alert-state item this code cannot read (${name}) is replaced by the next breach's alert, not left to block it until its TTL`, async () => {
      await dynamo.client.send(
        new PutItemCommand({
          TableName: dynamo.tableName,
          Item: {
            pk: { S: `ALERT#${api}#prod` },
            sk: { S: 'limit.backend' },
            expiresAt: { N: String(Math.ceil(NOW / 1000) + 3 * 86_400) },
            ...fields,
          },
        }),
      );
      await processDelivery(payloadOf(storm(api, 'a', 12, T0), 'a'), config, portsAt(NOW));
      assert.deepEqual(kindsFor(api), ['alert']);
      assert.equal((await stateOf(api))?.phase, 'published');
    });
  }

  test('a resolution sent before the late deliveries of its quiet window arrived is followed by an alert when they put that window over the threshold', async () => {
    const api = 'lateresol1';
    await processDelivery(payloadOf(storm(api, 'a', 12, T0), 'a'), config, portsAt(NOW));
    // A stream's delivery from 12:10 arrives while another stream's 12:05-12:10 events are in flight.
    await processDelivery(payloadOf(storm(api, 'c', 2, T0 + 10 * MIN), 'c'), config, portsAt(NOW));
    assert.deepEqual(kindsFor(api), ['alert', 'resolved']);

    await processDelivery(payloadOf(storm(api, 'b', 12, T0 + 5 * MIN), 'b'), config, portsAt(NOW));
    assert.deepEqual(kindsFor(api), ['alert', 'resolved', 'alert']);
  });

  test('the same late deliveries, arriving while the resolution is being published, are followed by an alert too', async () => {
    const api = 'lateresol2';
    await processDelivery(payloadOf(storm(api, 'a', 12, T0), 'a'), config, portsAt(NOW));
    const real = awsPorts(config);
    let late = true;
    const resolving = portsAt(NOW, {
      publish: async (message) => {
        if (late) {
          late = false;
          // The claim as stored names the window it judges quiet; the late stream counts there.
          assert.equal((await stateOf(api))?.resolvedWindowStartMs, T0 + 5 * MIN);
          await processDelivery(payloadOf(storm(api, 'b', 12, T0 + 5 * MIN), 'b'), config, portsAt(NOW));
        }
        return real.publish(message);
      },
    });
    await processDelivery(payloadOf(storm(api, 'c', 2, T0 + 10 * MIN), 'c'), config, resolving);
    assert.deepEqual(kindsFor(api), ['alert', 'resolved', 'alert']);
  });

  test("another cause on the same API alerts during the first cause's cooldown", async () => {
    const api = 'twocause01';
    await processDelivery(payloadOf(storm(api, 'a', 12, T0), 'a'), config, portsAt(NOW));
    const unknown = Array.from({ length: 6 }, (_, i) => ({
      requestId: `u-${i}`,
      api,
      timeMs: T0 + MIN + i,
      status: 503,
    }));
    await processDelivery(
      payloadOf([...storm(api, 'b', 12, T0 + MIN), ...unknown], 'b'),
      config,
      portsAt(NOW),
    );
    const causes = sns.publishes
      .filter((p) => p.attributes.api?.value === api)
      .map((p) => [p.attributes.kind?.value, p.attributes.cause?.value]);
    assert.equal(causes.length, 2, JSON.stringify(causes));
    assert.deepEqual(causes[0], ['alert', 'limit.backend']);
    assert.equal(causes[1]?.[0], 'alert');
    assert.notEqual(causes[1]?.[1], 'limit.backend');
  });

  test('late events for a window before the alerted one are counted but raise nothing', async () => {
    const api = 'lateevent1';
    await processDelivery(payloadOf(storm(api, 'a', 12, T0 + 5 * MIN), 'a'), config, portsAt(NOW));
    await processDelivery(payloadOf(storm(api, 'late', 12, T0), 'late'), config, portsAt(NOW));
    assert.deepEqual(kindsFor(api), ['alert']);
    assert.equal((await awsPorts(config).readWindow(api, 'prod', T0)).causes['limit.backend']?.count, 12);
  });

  test('one delivery over the threshold in two windows sends one alert, for the first, and records the second as a breach', async () => {
    const api = 'twowindow1';
    const lines = [...storm(api, 'a', 12, T0 + 4 * MIN), ...storm(api, 'b', 12, T0 + 5 * MIN)];
    await processDelivery(payloadOf(lines, 'a'), config, portsAt(NOW));
    const [alert] = sns.publishes.filter((p) => p.attributes.api?.value === api);
    assert.deepEqual(kindsFor(api), ['alert']);
    assert.match(JSON.parse(alert?.message ?? '{}').sms, /12x .* 12:00-12:05Z$/);
    const state = await stateOf(api);
    assert.deepEqual([state?.alertWindowStartMs, state?.lastBreachWindowStartMs], [T0, T0 + 5 * MIN]);
  });

  test('a per-cause override alerts at its own threshold and leaves the group threshold to other causes', async () => {
    const api = 'override01';
    const overridden = { ...config, causeThresholds: { 'limit.backend': 2 } };
    await processDelivery(payloadOf(storm(api, 'a', 2, T0), 'a'), overridden, portsAt(NOW));
    assert.deepEqual(kindsFor(api), ['alert']);
    assert.equal((await stateOf(api))?.threshold, 2);
  });

  /** A DynamoDB request whose answer never came: the SDK's error after its retries, with no HTTP status. */
  function answerLost(): Error {
    return Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $metadata: {} });
  }

  test('a claim write that failed unanswered, and was never written, does not release the claim another invocation made meanwhile', async () => {
    const api = 'noclobber1';
    const real = awsPorts(config);
    let bAtPublish!: () => void;
    let resumeB!: () => void;
    const bPublishing = new Promise<void>((resolve) => {
      bAtPublish = resolve;
    });
    const bMayPublish = new Promise<void>((resolve) => {
      resumeB = resolve;
    });
    const b = portsAt(NOW, {
      publish: async (message) => {
        bAtPublish();
        await bMayPublish;
        return real.publish(message);
      },
    });
    let bDone: Promise<unknown> = Promise.resolve();
    let first = true;
    const a = portsAt(NOW, {
      writeAlertState: async (next, expected, expiresAt) => {
        if (!first) return real.writeAlertState(next, expected, expiresAt);
        first = false;
        // A's claim never reaches DynamoDB; meanwhile B claims the same version and publishes.
        bDone = processDelivery(payloadOf(storm(api, 'b', 12, T0), 'b'), config, b);
        await bPublishing;
        throw answerLost();
      },
    });
    const aPayload = payloadOf(storm(api, 'a', 12, T0), 'a');
    await assert.rejects(processDelivery(aPayload, config, a, { deadlineMs: NOW + MIN }));
    resumeB();
    await bDone;
    assert.equal((await stateOf(api))?.phase, 'published');
    // Lambda's retry of A, after its deadline: B's alert covers the window.
    await processDelivery(aPayload, config, portsAt(NOW + 2 * MIN));
    assert.deepEqual(kindsFor(api), ['alert']);
  });

  /**
   * Ports whose first alert-state write (the claim) commits, then, its answer lost, does what `then`
   * does in its place; every later write is the real one.
   */
  const firstClaimCommittedThen = (
    then: (...write: Parameters<DeliveryPorts['writeAlertState']>) => Promise<boolean>,
  ): DeliveryPorts => {
    const real = awsPorts(config);
    let first = true;
    return portsAt(NOW, {
      writeAlertState: async (next, expected, expiresAt) => {
        if (!first) return real.writeAlertState(next, expected, expiresAt);
        first = false;
        await real.writeAlertState(next, expected, expiresAt);
        return then(next, expected, expiresAt);
      },
    });
  };

  test('a claim committed but unanswered, with a breach recorded on it before the SDK retried, is published by its claimant', async () => {
    const api = 'ownclaim01';
    const real = awsPorts(config);
    const a = firstClaimCommittedThen(async (next, expected, expiresAt) => {
      // Another invocation records a later breach on the claim (a new write, with its own id).
      await processDelivery(payloadOf(storm(api, 'c', 12, T0 + 5 * MIN), 'c'), config, portsAt(NOW));
      // The SDK's retry fails on the condition, and the item is no longer the claim's own write.
      return real.writeAlertState(next, expected, expiresAt);
    });
    await processDelivery(payloadOf(storm(api, 'a', 12, T0), 'a'), config, a, { deadlineMs: NOW + MIN });
    assert.deepEqual(kindsFor(api), ['alert']);
    assert.equal((await stateOf(api))?.phase, 'published');
  });

  /**
   * Each alert sent for `api`, as its e-mail subject names it (what, count, how many masked,
   * window), without its severity or the statuses that masked them (an invocation that alerts on
   * lines another counted has none of their statuses, only the counters' masked count).
   */
  function sentFor(api: string): string[] {
    return sns.publishes
      .filter((p: RecordedPublish) => p.attributes.api?.value === api)
      .map((p) =>
        (p.subject ?? '?')
          .replace(/^\[\w+\] /, '')
          .replace(/ masked as \S+ (\d\d:\d\d-)/, ' masked $1')
          .replace(api, 'API'),
      );
  }

  /** An SNS error after the SDK's retries, as Publish throws it. */
  function snsRefused(): Error {
    return Object.assign(new Error('synthetic: SNS refused'), {
      name: 'InternalErrorException',
      $metadata: { httpStatusCode: 500 },
    });
  }

  /** A Publish that SNS refuses on its second call when `refuse` (the next incident's alert), else sends. */
  function refusingSecond(refuse: boolean): DeliveryPorts['publish'] {
    const real = awsPorts(config);
    let calls = 0;
    return (message) => {
      calls += 1;
      return refuse && calls === 2 ? Promise.reject(snsRefused()) : real.publish(message);
    };
  }

  test("an error rate sends no alert beside its dominant cause's alert whose Publish failed in another invocation: Lambda's retry sends that one alert, as when nothing failed", async () => {
    const rated = ratedConfig();
    const run = async (api: string, refuse: boolean) => {
      // A: 12 throttled requests at 12:00, over the cause's threshold (the rate's too, which the
      // cause's alert covers). B: 6 more at 12:05, the cause under its threshold, the rate at 100 %.
      const a = payloadOf(storm(api, 'a', 12, T0), 'a');
      const b = payloadOf(storm(api, 'b', 6, T0 + 5 * MIN), 'b');
      const first = portsAt(NOW, refuse ? { publish: () => Promise.reject(snsRefused()) } : {});
      if (refuse) await assert.rejects(processDelivery(a, rated, first, { deadlineMs: NOW + MIN }));
      else await processDelivery(a, rated, first, { deadlineMs: NOW + MIN });
      await processDelivery(b, rated, portsAt(NOW + 30_000), { deadlineMs: NOW + 30_000 + MIN });
      // Lambda's retry of A, a minute after it failed.
      if (refuse) await processDelivery(a, rated, portsAt(NOW + 2 * MIN), { deadlineMs: NOW + 3 * MIN });
      return sentFor(api);
    };
    const calm = await run('ratecalm01', false);
    assert.deepEqual(calm, ['APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z']);
    assert.deepEqual(await run('raterefus1', true), calm);
  });

  // The claim A leaves: released, or, when DynamoDB refuses the release too, held until its lease lapses.
  for (const releaseToo of [false, true]) {
    test(`a cause's alert whose Publish failed through every one of Lambda's retries${releaseToo ? ', its release failing too,' : ''} is sent by the next invocation its error rate breaches in, as when nothing failed`, async () => {
      const rated = ratedConfig();
      const run = async (api: string, refuse: boolean) => {
        const real = awsPorts(config);
        // A: 12 throttled requests at 12:00, over the cause's threshold. B: 6 more at 12:05, the cause
        // under its threshold, the rate at 100 %, counted once SNS is back.
        const a = payloadOf(storm(api, 'a', 12, T0), 'a');
        const b = payloadOf(storm(api, 'b', 6, T0 + 5 * MIN), 'b');
        if (refuse) {
          // A and Lambda's two retries of it, a minute apart, all refused by SNS: A ends in the failure queue.
          for (const minutes of [0, 2, 4]) {
            const refused = portsAt(NOW + minutes * MIN, {
              publish: () => Promise.reject(snsRefused()),
              ...(releaseToo
                ? {
                    writeAlertState: async (next, expected, expiresAt, signal) => {
                      if (next.phase === 'released')
                        throw Object.assign(new Error('synthetic'), { name: 'InternalServerError' });
                      return real.writeAlertState(next, expected, expiresAt, signal);
                    },
                    sleep: async () => {},
                  }
                : {}),
            });
            await assert.rejects(
              processDelivery(a, rated, refused, { deadlineMs: NOW + (minutes + 1) * MIN }),
            );
          }
        } else await processDelivery(a, rated, portsAt(NOW), { deadlineMs: NOW + MIN });
        await processDelivery(b, rated, portsAt(NOW + 6 * MIN), { deadlineMs: NOW + 7 * MIN });
        return sentFor(api);
      };
      const calm = await run(`rateexh${releaseToo ? 3 : 1}`, false);
      assert.deepEqual(calm, ['APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z']);
      assert.deepEqual(await run(`rateexh${releaseToo ? 4 : 2}`, true), calm);
    });
  }

  test("a cause's alert whose Publish failed is sent by Lambda's retry for its own window, though another cause's claimant revisits a later window where both breached, as when nothing failed", async () => {
    const run = async (api: string, refuse: boolean) => {
      const real = awsPorts(config);
      const unavailable = (prefix: string, timeMs: number): AccessLine[] =>
        Array.from({ length: 6 }, (_, i) => ({
          requestId: `${prefix}-${i}`,
          api,
          timeMs: timeMs + i,
          status: 503,
        }));
      // A: limit.backend over its threshold (10) at 12:00; its alert's cooldown ends at 12:30.
      const a = payloadOf(storm(api, 'a', 12, T0), 'a');
      // C: unknown.server over its threshold (5) at 12:05.
      const c = payloadOf(unavailable('c', T0 + 5 * MIN), 'c');
      // B: both causes over their thresholds at 12:30, counted while A and C hold their claims: each
      // breach is recorded on its claim, and left to its claimant.
      const b = payloadOf([...storm(api, 'b', 12, T0 + 30 * MIN), ...unavailable('u', T0 + 30 * MIN)], 'b');
      const cPorts = portsAt(NOW, {
        publish: async (message) => {
          await processDelivery(b, config, portsAt(NOW));
          if (refuse) throw snsRefused();
          return real.publish(message);
        },
      });
      // A's first Publish waits until C has published, or failed and released its claim.
      let cRan = false;
      const aPorts = portsAt(NOW, {
        publish: async (message) => {
          if (!cRan) {
            cRan = true;
            const cDone = processDelivery(c, config, cPorts, { deadlineMs: NOW + MIN });
            if (refuse) await assert.rejects(cDone);
            else await cDone;
          }
          return real.publish(message);
        },
      });
      await processDelivery(a, config, aPorts, { deadlineMs: NOW + MIN });
      // Lambda's retry of C, a minute after it failed.
      if (refuse) await processDelivery(c, config, portsAt(NOW + 2 * MIN), { deadlineMs: NOW + 3 * MIN });
      return sentFor(api).sort();
    };
    const calm = await run('revisit001', false);
    assert.deepEqual(calm, [
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:30-12:35Z',
      'APIGW API/prod: 6x server error (no detail logged) (unknown.server) 12:05-12:10Z',
    ]);
    assert.deepEqual(await run('revisit002', true), calm);
  });

  test("an error rate sends no alert beside its dominant cause's next incident, counted where the cause's cooldown ends while the previous alert was being published, as when nothing overlapped", async () => {
    const rated = ratedConfig();
    const run = async (api: string, overlap: boolean) => {
      // A: 12 throttled requests at 12:00. B: 12 more at 12:30, where A's alert's cooldown ends:
      // the cause's next incident, and its window's rate at 100 %.
      const a = payloadOf(storm(api, 'a', 12, T0), 'a');
      const b = payloadOf(storm(api, 'b', 12, T0 + 30 * MIN), 'b');
      if (!overlap) {
        await processDelivery(a, rated, portsAt(NOW));
        await processDelivery(b, rated, portsAt(NOW));
        return sentFor(api).sort();
      }
      // B runs while A's Publish is in flight: its breach is recorded on A's claim.
      const aPorts = portsAt(NOW, {
        publish: publishDuring(b, rated),
      });
      await processDelivery(a, rated, aPorts);
      return sentFor(api).sort();
    };
    const calm = await run('nextinc001', false);
    assert.deepEqual(calm, [
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:30-12:35Z',
    ]);
    assert.deepEqual(await run('nextinc002', true), calm);
  });

  test("an alert for a breach its claimant decides again, counted by another invocation, says how many of the window's failures were masked (from the counters), not that all were, as when nothing overlapped", async () => {
    const run = async (api: string, overlap: boolean) => {
      // A: 12 throttled requests at 12:00. B: 12 more at 12:30, where A's alert's cooldown ends:
      // 4 of them masked as 502, 8 seen as the 429 they are (SYNTHETIC lines).
      const a = payloadOf(storm(api, 'a', 12, T0), 'a');
      const bLines = [
        ...storm(api, 'b', 4, T0 + 30 * MIN),
        ...Array.from({ length: 8 }, (_, i) => throttled(`c-${i}`, api, T0 + 30 * MIN + 10 + i, 429)),
      ];
      const b = payloadOf(bLines, 'b');
      if (!overlap) {
        await processDelivery(a, config, portsAt(NOW));
        await processDelivery(b, config, portsAt(NOW));
      } else {
        // B runs while A's Publish is in flight: A's claimant alerts B's window, none of whose lines it read.
        const aPorts = portsAt(NOW, {
          publish: publishDuring(b),
        });
        await processDelivery(a, config, aPorts);
      }
      const [next, ...more] = sns.publishes.filter(
        (p) => p.attributes.api?.value === api && (p.subject ?? '').includes('12:30-12:35Z'),
      );
      assert.equal(more.length, 0);
      const { sms, email } = JSON.parse(next?.message ?? '{}');
      return { subject: next?.subject ?? '', sms: String(sms), email: String(email) };
    };
    for (const [api, overlap] of [
      ['maskshare1', false],
      ['maskshare2', true],
    ] as const) {
      const { subject, sms, email } = await run(api, overlap);
      assert.match(
        subject,
        /: 12x (?:backend throttled \(limit\.backend\)|limit\.backend), 4 masked( as 502)? 12:30-12:35Z$/,
        subject,
      );
      assert.match(sms, /: 12x backend throttled \(limit\.backend\), 4 masked( as 502)?, 12:30-12:35Z$/, sms);
      assert.match(email, /4 of 12 masked|4 of the 12 in the window were masked/, email);
      assert.doesNotMatch(email, /another status/);
    }
  });

  test("a breach recorded on a claim whose claimant fails after its alert went out, before deciding that breach again, is alerted by Lambda's retry, as when nothing failed", async () => {
    const run = async (api: string, crash: boolean) => {
      // A: 12 throttled requests at 12:00. B: 12 more at 12:30, where A's alert's cooldown ends,
      // counted while A's Publish is in flight: recorded on A's claim, and left to A.
      const a = payloadOf(storm(api, 'a', 12, T0), 'a');
      const b = payloadOf(storm(api, 'b', 12, T0 + 30 * MIN), 'b');
      const aPorts = crashingClaimantPorts(b, crash);
      if (crash) {
        await assert.rejects(processDelivery(a, config, aPorts, { deadlineMs: NOW + MIN }));
        // Lambda's retry of A, a minute after it failed.
        await processDelivery(a, config, portsAt(NOW + 2 * MIN), { deadlineMs: NOW + 3 * MIN });
      } else {
        await processDelivery(a, config, aPorts, { deadlineMs: NOW + MIN });
      }
      return sentFor(api).sort();
    };
    const calm = await run('unrevisit1', false);
    assert.deepEqual(calm, [
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:30-12:35Z',
    ]);
    assert.deepEqual(await run('unrevisit2', true), calm);
  });

  // What comes before Lambda's retry of a claimant that failed after its alert (12:00) went out,
  // with the breach recorded on its claim left over: a delivery that makes the alert's resolution
  // due, or one that opens the next incident in an earlier window, whose cooldown ends before that
  // breach. Each with what it sends when nothing fails.
  const leftOverThen: {
    name: string;
    api: string;
    /** Minutes after 12:00: the left-over breach (12 requests), and the later delivery's (count). */
    leftOverAt: number;
    later: { at: number; count: number };
    expected: string[];
  }[] = [
    {
      name: "makes the alert's resolution due",
      api: 'leftover1',
      leftOverAt: 30,
      // 12:35, the window after the left-over breach, is over and quiet.
      later: { at: 40, count: 2 },
      expected: [
        'alert: APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
        'alert: APIGW API/prod: 12x backend throttled (limit.backend) masked 12:30-12:35Z',
        'resolved: APIGW API/prod: resolved backend throttled (limit.backend) 12:35-12:40Z',
      ],
    },
    {
      name: "breaches the window where the alert's cooldown ends, a whole cooldown before that breach,",
      api: 'leftover2',
      leftOverAt: 60,
      // 12:30: the left-over 13:00 is where its cooldown would end.
      later: { at: 30, count: 12 },
      expected: [
        'alert: APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
        'alert: APIGW API/prod: 12x backend throttled (limit.backend) masked 13:00-13:05Z',
      ],
    },
  ];
  for (const { name, api: apiPrefix, leftOverAt, later, expected } of leftOverThen) {
    test(`a breach left over on a claim whose claimant failed after its alert went out is alerted as when nothing failed, when a delivery that ${name} comes before Lambda's retry`, async () => {
      const run = async (api: string, crash: boolean) => {
        // A: 12 throttled requests at 12:00. B: 12 more, where A's alert's cooldown ends or later,
        // counted while A's Publish is in flight: recorded on A's claim, and left to A.
        const a = payloadOf(storm(api, 'a', 12, T0), 'a');
        const b = payloadOf(storm(api, 'b', 12, T0 + leftOverAt * MIN), 'b');
        const c = payloadOf(storm(api, 'c', later.count, T0 + later.at * MIN), 'c');
        const aPorts = crashingClaimantPorts(b, crash);
        if (crash) {
          await assert.rejects(processDelivery(a, config, aPorts, { deadlineMs: NOW + MIN }));
          // C comes before Lambda's retry of A, a minute after A failed.
          await processDelivery(c, config, portsAt(NOW + MIN), { deadlineMs: NOW + 2 * MIN });
          await processDelivery(a, config, portsAt(NOW + 2 * MIN), { deadlineMs: NOW + 3 * MIN });
        } else {
          await processDelivery(a, config, aPorts, { deadlineMs: NOW + MIN });
          await processDelivery(c, config, portsAt(NOW + MIN), { deadlineMs: NOW + 2 * MIN });
        }
        const kinds = kindsFor(api);
        return sentFor(api).map((subject, i) => `${kinds[i]}: ${subject}`);
      };
      const calm = await run(`${apiPrefix}c`, false);
      assert.deepEqual(calm, expected);
      assert.deepEqual(await run(`${apiPrefix}f`, true), calm);
    });
  }

  test("an error rate over its threshold in the window its dominant cause's resolution judged quiet alerts whether it was counted before, while or after that resolution was published", async () => {
    const rated = ratedConfig();
    const run = async (api: string, order: 'resolution first' | 'while resolving' | 'rate first') => {
      // A: 12 throttled requests at 12:00, the cause's alert. Q: 6 more at 12:05, under the cause's
      // threshold, the window's rate at 100 % of 6. R: 2 at 12:10 (under MinRequests), after which
      // 12:05 is over: the cause resolves there.
      const a = payloadOf(storm(api, 'a', 12, T0), 'a');
      const q = payloadOf(storm(api, 'q', 6, T0 + 5 * MIN), 'q');
      const r = payloadOf(storm(api, 'r', 2, T0 + 10 * MIN), 'r');
      await processDelivery(a, rated, portsAt(NOW));
      if (order === 'rate first') await processDelivery(q, rated, portsAt(NOW));
      const rPorts = portsAt(NOW, { publish: publishDuring(q, rated, order === 'while resolving') });
      await processDelivery(r, rated, rPorts);
      if (order === 'resolution first') await processDelivery(q, rated, portsAt(NOW));
      return kindsAndSubjects(api);
    };
    const first = await run('rateorder1', 'resolution first');
    assert.deepEqual(first, [
      'alert 100% errors, mostly limit.backend masked as 502 12:05-12:10Z',
      'alert 12x backend throttled (limit.backend) masked as 502 12:00-12:05Z',
      'resolved resolved backend throttled (limit.backend) 12:05-12:10Z',
    ]);
    // The masked statuses are named only by an alert whose delivery holds those failures (docs/alerting.md).
    const alike = (sent: string[]) => sent.map((line) => line.replace(/ masked as [\d/]+ /, ' masked '));
    assert.deepEqual(alike(await run('rateorder2', 'while resolving')), alike(first));
    assert.deepEqual(alike(await run('rateorder3', 'rate first')), alike(first));
  });

  test("an error rate over its threshold in a later window of the delivery that sends its dominant cause's resolution alerts, as when counted by a delivery after it", async () => {
    const rated = ratedConfig();
    const run = async (api: string, split: boolean) => {
      // A: 12 throttled requests at 12:00, the cause's alert. Then 6 at 12:10, under the cause's
      // threshold, the window's rate at 100 % of 6: in one delivery, whose 12:10 shows 12:05 over
      // (the cause resolves there), or 2 in one such delivery and 4 in the next.
      await processDelivery(payloadOf(storm(api, 'a', 12, T0), 'a'), rated, portsAt(NOW));
      const late = storm(api, 'r', 6, T0 + 10 * MIN);
      for (const part of split ? [late.slice(0, 2), late.slice(2)] : [late]) {
        await processDelivery(payloadOf(part, `r${part.length}`), rated, portsAt(NOW));
      }
      return kindsAndSubjects(api);
    };
    const split = await run('ratelater1', true);
    assert.deepEqual(split, [
      'alert 100% errors, mostly limit.backend masked as 502 12:10-12:15Z',
      'alert 12x backend throttled (limit.backend) masked as 502 12:00-12:05Z',
      'resolved resolved backend throttled (limit.backend) 12:05-12:10Z',
    ]);
    assert.deepEqual(await run('ratelater2', false), split);
  });

  test("the cause's next incident, counted where its cooldown ends while the previous alert was being published, is still sent when the claimant's Publish of it fails: Lambda's retry sends it", async () => {
    const rated = ratedConfig();
    const run = async (api: string, refuse: boolean) => {
      // A: 12 throttled requests at 12:00. B: 12 more at 12:30, where A's alert's cooldown ends,
      // counted while A's Publish is in flight: its breach (and its window's rate, at 100 %) is left
      // to A, which alerts it next.
      const a = payloadOf(storm(api, 'a', 12, T0), 'a');
      const b = payloadOf(storm(api, 'b', 12, T0 + 30 * MIN), 'b');
      // A's second Publish, the 12:30 incident's, fails when refused.
      const aPorts = portsAt(NOW, { publish: publishDuring(b, rated, true, refusingSecond(refuse)) });
      if (refuse) {
        await assert.rejects(processDelivery(a, rated, aPorts, { deadlineMs: NOW + MIN }));
        // Lambda's retry of A, a minute after it failed.
        await processDelivery(a, rated, portsAt(NOW + 2 * MIN), { deadlineMs: NOW + 3 * MIN });
      } else await processDelivery(a, rated, aPorts, { deadlineMs: NOW + MIN });
      return sentFor(api).sort();
    };
    const calm = await run('nextinc003', false);
    assert.deepEqual(calm, [
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:30-12:35Z',
    ]);
    assert.deepEqual(await run('nextinc004', true), calm);
  });

  test("a claim committed whose own-write check was throttled is released, so Lambda's retry publishes", async () => {
    const api = 'ownthrot01';
    const a = firstClaimCommittedThen(async () => {
      // The SDK's retry fails on the condition, and the read that would show the claim is its
      // own is throttled past the SDK's retries: a 400, though the claim was written.
      throw Object.assign(new Error('Rate exceeded'), {
        name: 'ProvisionedThroughputExceededException',
        $metadata: { httpStatusCode: 400 },
      });
    });
    const payload = payloadOf(storm(api, 'a', 12, T0), 'a');
    await assert.rejects(processDelivery(payload, config, a, { deadlineMs: NOW + MIN }));
    // Lambda's retry, a minute after the failure: before the claim's lease ends.
    await processDelivery(payload, config, portsAt(NOW + MIN), { deadlineMs: NOW + 2 * MIN });
    assert.deepEqual(kindsFor(api), ['alert']);
  });

  test('a resolution judges the window after a breach within the cooldown that an invocation counted but failed before deciding, not a window before it, as when nothing failed', async () => {
    const run = async (api: string, crash: boolean) => {
      // A: 12 throttled requests at 12:00, the alert (cooldown 30 min). B: 12 more at 12:10, a
      // breach within the cooldown; its invocation fails right after counting them, before reading
      // the alert state (DynamoDB's errors outlast the SDK's retries). C: 2 at 12:20, under the
      // threshold, after which a resolution is due. B's retry comes a minute after it failed.
      const a = payloadOf(storm(api, 'a', 12, T0), 'a');
      const b = payloadOf(storm(api, 'b', 12, T0 + 10 * MIN), 'b');
      const c = payloadOf(storm(api, 'c', 2, T0 + 20 * MIN), 'c');
      await processDelivery(a, config, portsAt(NOW), { deadlineMs: NOW + MIN });
      if (crash) {
        const failing = portsAt(NOW, {
          readAlertStates: async () => {
            throw Object.assign(new Error('synthetic'), { name: 'InternalServerError' });
          },
        });
        await assert.rejects(processDelivery(b, config, failing, { deadlineMs: NOW + MIN }));
        await processDelivery(c, config, portsAt(NOW + MIN), { deadlineMs: NOW + 2 * MIN });
        await processDelivery(b, config, portsAt(NOW + 2 * MIN), { deadlineMs: NOW + 3 * MIN });
      } else {
        await processDelivery(b, config, portsAt(NOW), { deadlineMs: NOW + MIN });
        await processDelivery(c, config, portsAt(NOW + MIN), { deadlineMs: NOW + 2 * MIN });
      }
      const kinds = kindsFor(api);
      return sentFor(api).map((subject, i) => `${kinds[i]}: ${subject}`);
    };
    const calm = await run('laterbr1', false);
    assert.deepEqual(calm, [
      'alert: APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
      'resolved: APIGW API/prod: resolved backend throttled (limit.backend) 12:15-12:20Z',
    ]);
    assert.deepEqual(await run('laterbr2', true), calm);
  });

  // An escalation or resolution being published when the next incident's breach (where the alert's
  // cooldown ends) is counted: B claims the step, C counts 12:30 while B's Publish is in flight.
  const stepThenNext: { step: string; api: string; b: { at: number; count: number }; expected: string[] }[] =
    [
      {
        step: 'escalation',
        api: 'escnext',
        // 120 at 12:05: ten times the alert's 12.
        b: { at: 5, count: 120 },
        expected: [
          'alert: APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
          'escalation: ESCALATED APIGW API/prod: 120x limit.backend masked 12:05-12:10Z',
          'alert: APIGW API/prod: 12x backend throttled (limit.backend) masked 12:30-12:35Z',
        ],
      },
      {
        step: 'resolution',
        api: 'resnext',
        // 2 at 12:10: 12:05 is over and quiet.
        b: { at: 10, count: 2 },
        expected: [
          'alert: APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
          'resolved: APIGW API/prod: resolved backend throttled (limit.backend) 12:05-12:10Z',
          'alert: APIGW API/prod: 12x backend throttled (limit.backend) masked 12:30-12:35Z',
        ],
      },
    ];
  for (const { step, api: apiPrefix, b: later, expected } of stepThenNext) {
    test(`the next incident's breach, counted while the previous alert's ${step} is being published, alerts after that ${step}, as when nothing overlapped`, async () => {
      const run = async (api: string, overlap: boolean) => {
        // A: 12 throttled requests at 12:00, the alert (cooldown 30 min). C: 12 at 12:30.
        const a = payloadOf(storm(api, 'a', 12, T0), 'a');
        const b = payloadOf(storm(api, 'b', later.count, T0 + later.at * MIN), 'b');
        const c = payloadOf(storm(api, 'c', 12, T0 + 30 * MIN), 'c');
        await processDelivery(a, config, portsAt(NOW));
        const bPorts = portsAt(NOW, { publish: publishDuring(c, config, overlap) });
        await processDelivery(b, config, bPorts);
        if (!overlap) await processDelivery(c, config, portsAt(NOW));
        const kinds = kindsFor(api);
        return sentFor(api).map((subject, i) => `${kinds[i]}: ${subject}`);
      };
      const calm = await run(`${apiPrefix}1`, false);
      assert.deepEqual(calm, expected);
      assert.deepEqual(await run(`${apiPrefix}2`, true), calm);
    });
  }

  test("the next incident's alert, opened by a claimant deciding a breach recorded on its claim, whose Publish then failed, is sent by Lambda's retry, as when nothing failed", async () => {
    const run = async (api: string, fail: boolean) => {
      // A: 12 throttled requests at 12:00. B: 12 more at 12:30, where A's alert's cooldown ends,
      // counted while A's Publish is in flight: recorded on A's claim, and decided by A next, whose
      // Publish of that alert fails (SNS refuses it).
      const a = payloadOf(storm(api, 'a', 12, T0), 'a');
      const b = payloadOf(storm(api, 'b', 12, T0 + 30 * MIN), 'b');
      const aPorts = portsAt(NOW, {
        publish: publishDuring(b, config, true, refusingSecond(fail)),
      });
      if (fail) {
        await assert.rejects(processDelivery(a, config, aPorts, { deadlineMs: NOW + MIN }));
        // Lambda's retry of A, a minute after it failed.
        await processDelivery(a, config, portsAt(NOW + 2 * MIN), { deadlineMs: NOW + 3 * MIN });
      } else {
        await processDelivery(a, config, aPorts, { deadlineMs: NOW + MIN });
      }
      return sentFor(api);
    };
    const calm = await run('revfail1', false);
    assert.deepEqual(calm, [
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:30-12:35Z',
    ]);
    assert.deepEqual(await run('revfail2', true), calm);
  });

  test("an error rate in a later window sends no alert beside its dominant cause's next incident left over on a claim whose claimant failed after its alert went out, as when nothing failed", async () => {
    const rated = ratedConfig();
    const run = async (api: string, crash: boolean) => {
      // A: 12 throttled requests at 12:00. B: 12 more at 12:30, where A's alert's cooldown ends,
      // counted while A's Publish is in flight: recorded on A's claim, and left to A, which fails
      // (a DynamoDB read) right after its alert is recorded as sent. C: 6 throttled at 12:35, under
      // the cause's threshold, the window's rate at 100 %; before Lambda's retry of A.
      const a = payloadOf(storm(api, 'a', 12, T0), 'a');
      const b = payloadOf(storm(api, 'b', 12, T0 + 30 * MIN), 'b');
      const c = payloadOf(storm(api, 'c', 6, T0 + 35 * MIN), 'c');
      const aPorts = crashingClaimantPorts(b, crash, rated);
      if (crash) {
        await assert.rejects(processDelivery(a, rated, aPorts, { deadlineMs: NOW + MIN }));
        await processDelivery(c, rated, portsAt(NOW + MIN), { deadlineMs: NOW + 2 * MIN });
        await processDelivery(a, rated, portsAt(NOW + 2 * MIN), { deadlineMs: NOW + 3 * MIN });
      } else {
        await processDelivery(a, rated, aPorts, { deadlineMs: NOW + MIN });
        await processDelivery(c, rated, portsAt(NOW + MIN), { deadlineMs: NOW + 2 * MIN });
      }
      return sentFor(api).sort();
    };
    const calm = await run('rateleft1', false);
    assert.deepEqual(calm, [
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:30-12:35Z',
    ]);
    assert.deepEqual(await run('rateleft2', true), calm);
  });

  test("the next incident's alert, opened by a claimant deciding a breach recorded on its claim, whose Publish and release both failed, is sent by Lambda's retry once the claim lapsed, as when nothing failed", async () => {
    const run = async (api: string, fail: boolean) => {
      const real = awsPorts(config);
      // As above, and DynamoDB refuses the release of that claim too, until the invocation gives up.
      const a = payloadOf(storm(api, 'a', 12, T0), 'a');
      const b = payloadOf(storm(api, 'b', 12, T0 + 30 * MIN), 'b');
      const aPorts = portsAt(NOW, {
        publish: publishDuring(b, config, true, refusingSecond(fail)),
        writeAlertState: async (next, expected, expiresAt, signal) => {
          if (next.phase === 'released') {
            throw Object.assign(new Error('synthetic'), { name: 'InternalServerError' });
          }
          return real.writeAlertState(next, expected, expiresAt, signal);
        },
        // The invocation's clock stands still: it gives up the release after its attempts.
        sleep: async () => {},
      });
      if (fail) {
        await assert.rejects(processDelivery(a, config, aPorts, { deadlineMs: NOW + MIN }));
        // Lambda's retry of A, after the claim's lease (10 s after A's deadline).
        await processDelivery(a, config, portsAt(NOW + 2 * MIN), { deadlineMs: NOW + 3 * MIN });
      } else {
        await processDelivery(a, config, aPorts, { deadlineMs: NOW + MIN });
      }
      return sentFor(api);
    };
    const calm = await run('revlapse1', false);
    assert.deepEqual(calm, [
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:30-12:35Z',
    ]);
    assert.deepEqual(await run('revlapse2', true), calm);
  });

  // A claimant whose alert (12:00) went out but was never recorded as sent (alert-claim-held: it
  // ends without failing, so no retry comes), with the next incident's breach (12:30) recorded on
  // its claim meanwhile. The first invocation after the claim lapsed carries no breach of its own:
  // two throttled requests (SYNTHETIC) in a later window. Each with what it sends when nothing fails.
  for (const later of [
    {
      at: 36,
      api: 'heldleft1',
      expected: [
        'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
        'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:30-12:35Z',
      ],
    },
    {
      // 12:35, the window after the next incident's breach, is over and quiet: its resolution is due.
      at: 40,
      api: 'heldleft2',
      expected: [
        'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
        'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:30-12:35Z',
        'APIGW API/prod: resolved backend throttled (limit.backend) 12:35-12:40Z',
      ],
    },
  ]) {
    test(`the next incident's breach recorded on an alert claim held after its alert went out is alerted by the first invocation once the claim lapsed and no Lambda retry can come, one at 12:${later.at} with no breach of its own, as when nothing failed`, async () => {
      const run = async (api: string, hold: boolean) => {
        const real = awsPorts(config);
        const a = payloadOf(storm(api, 'a', 12, T0), 'a');
        const b = payloadOf(storm(api, 'b', 12, T0 + 30 * MIN), 'b');
        const c = payloadOf(storm(api, 'c', 2, T0 + later.at * MIN), 'c');
        const aPorts = portsAt(NOW, {
          publish: publishDuring(b),
          // DynamoDB refuses every write recording A's alert as sent, until A gives up.
          writeAlertState: async (next, expected, expiresAt, signal) => {
            if (hold && next.phase === 'published') {
              throw Object.assign(new Error('synthetic'), { name: 'InternalServerError' });
            }
            return real.writeAlertState(next, expected, expiresAt, signal);
          },
          sleep: async () => {},
        });
        // A ends without failing either way: no Lambda retry.
        await processDelivery(a, config, aPorts, { deadlineMs: NOW + MIN });
        if (hold) assert.equal((await stateOf(api))?.phase, 'claimed');
        // C, after A's claim lapsed (10 s after A's deadline) and the time a Lambda retry of A
        // would have come (a minute after A ended, 30 s before the lapse).
        await processDelivery(c, config, portsAt(NOW + 3 * MIN), { deadlineMs: NOW + 4 * MIN });
        return sentFor(api);
      };
      const calm = await run(`${later.api}a`, false);
      assert.deepEqual(calm, later.expected);
      assert.deepEqual(await run(`${later.api}b`, true), calm);
    });
  }

  test("an alert whose Publish and release both failed, with the next incident's breach recorded on its claim, is sent by Lambda's retry though another invocation with no breach of its own runs between the claim's lapse and that retry, as when nothing failed", async () => {
    const run = async (api: string, fail: boolean) => {
      const real = awsPorts(config);
      const a = payloadOf(storm(api, 'a', 12, T0), 'a');
      const b = payloadOf(storm(api, 'b', 12, T0 + 30 * MIN), 'b');
      // SYNTHETIC: two throttled requests at 12:36, under the threshold.
      const c = payloadOf(storm(api, 'c', 2, T0 + 36 * MIN), 'c');
      const aPorts = portsAt(NOW, {
        publish: publishDuring(b, config, true, (message) =>
          fail
            ? Promise.reject(Object.assign(new Error('synthetic'), { name: 'InternalErrorException' }))
            : real.publish(message),
        ),
        writeAlertState: async (next, expected, expiresAt, signal) => {
          if (next.phase === 'released') {
            throw Object.assign(new Error('synthetic'), { name: 'InternalServerError' });
          }
          return real.writeAlertState(next, expected, expiresAt, signal);
        },
        sleep: async () => {},
      });
      if (fail) {
        // A gives up the release at its release deadline (30 s before the claim lapses) and fails.
        await assert.rejects(processDelivery(a, config, aPorts, { deadlineMs: NOW + MIN }));
        // C, 5 s after the claim lapsed (10 s after A's deadline), before Lambda's retry of A (a
        // minute after A ended).
        await processDelivery(c, config, portsAt(NOW + MIN + 15_000), { deadlineMs: NOW + 2 * MIN });
        await processDelivery(a, config, portsAt(NOW + MIN + 40_000), { deadlineMs: NOW + 3 * MIN });
      } else {
        await processDelivery(a, config, aPorts, { deadlineMs: NOW + MIN });
        await processDelivery(c, config, portsAt(NOW + MIN + 15_000), { deadlineMs: NOW + 2 * MIN });
      }
      return sentFor(api);
    };
    const calm = await run('heldrel1', false);
    assert.deepEqual(calm, [
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:30-12:35Z',
    ]);
    assert.deepEqual(await run('heldrel2', true), calm);
  });
  test("an error rate sends no alert beside its dominant cause's alert that went out but was never recorded as sent (alert-claim-held), once that claim lapsed: that alert may go out again, as README allows, nothing else", async () => {
    // unknown.server alerts at 5.
    const rated = { ...ratedConfig(), serverErrorThreshold: 5 };
    const run = async (api: string, hold: boolean) => {
      const real = awsPorts(config);
      // SYNTHETIC: A, 12 throttled requests at 12:05, over limit.backend's threshold and the rate's
      // (the cause's alert covers the rate). S, 5 server errors with nothing logged at 12:00. C, one
      // request that succeeded at 12:10: unknown.server's resolution judges 12:05 quiet, and the
      // rate is decided again there.
      const a = payloadOf(storm(api, 'a', 12, T0 + 5 * MIN), 'a');
      const s = payloadOf(
        Array.from({ length: 5 }, (_, i) => ({ requestId: `s-${i}`, api, timeMs: T0 + i, status: 500 })),
        's',
      );
      const c = payloadOf([succeeded('c-0', api, T0 + 10 * MIN)], 'c');
      const aPorts = portsAt(NOW, {
        // DynamoDB refuses every write recording A's alert as sent, until A gives up.
        writeAlertState: async (next, expected, expiresAt, signal) => {
          if (hold && next.phase === 'published') {
            throw Object.assign(new Error('synthetic'), { name: 'InternalServerError' });
          }
          return real.writeAlertState(next, expected, expiresAt, signal);
        },
        sleep: async () => {},
      });
      // A ends without failing either way (no Lambda retry).
      await processDelivery(a, rated, aPorts, { deadlineMs: NOW + MIN });
      if (hold) assert.equal((await stateOf(api))?.phase, 'claimed');
      await processDelivery(s, rated, portsAt(NOW + 30_000), { deadlineMs: NOW + 30_000 + MIN });
      // C, after A's claim lapsed and the time a Lambda retry of A would have come.
      await processDelivery(c, rated, portsAt(NOW + 3 * MIN), { deadlineMs: NOW + 4 * MIN });
      return sentFor(api);
    };
    const calm = await run('heldrate1', false);
    assert.deepEqual(calm, [
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:05-12:10Z',
      'APIGW API/prod: 5x server error (no detail logged) (unknown.server) 12:00-12:05Z',
      'APIGW API/prod: resolved server error (no detail logged) (unknown.server) 12:05-12:10Z',
    ]);
    const held = await run('heldrate2', true);
    // Once the claim lapsed, the alert cannot be told from one never sent: it may go out again
    // (README), and the error rate never alerts beside it.
    assert.deepEqual([...new Set(held)], calm);
    assert.ok(
      held.every((subject) => !subject.includes('% errors')),
      held.join('\n'),
    );
  });

  /**
   * Ports whose alert-state writes of `when` are each preceded, `rivals` times, by another
   * delivery's breach (12 throttled requests, at 12:05, 12:10…) recorded on the same state item:
   * each of this invocation's conditional writes loses its race.
   */
  function outracedPorts(api: string, rivals: number, when: (next: AlertState) => boolean): DeliveryPorts {
    const real = awsPorts(config);
    let raced = 0;
    return portsAt(NOW, {
      sleep: async () => {},
      writeAlertState: async (next, expected, expiresAt, signal) => {
        if (raced < rivals && when(next)) {
          raced += 1;
          const rival = payloadOf(storm(api, `r${raced}`, 12, T0 + raced * 5 * MIN), `r${raced}`);
          await processDelivery(rival, config, portsAt(NOW), { deadlineMs: NOW + MIN });
        }
        return real.writeAlertState(next, expected, expiresAt, signal);
      },
    });
  }

  test("an escalation whose every claim loses its race to another invocation fails the invocation, and Lambda's retry sends it, as when nothing raced", async () => {
    const api = 'contend01';
    await processDelivery(payloadOf(storm(api, 'a', 12, T0), 'a'), config, portsAt(NOW));
    // 108 more at 12:00: 120, ten times the alert's 12.
    const x = payloadOf(storm(api, 'x', 108, T0 + 1), 'x');
    const outraced = outracedPorts(api, 4, () => true);
    await assert.rejects(processDelivery(x, config, outraced, { deadlineMs: NOW + MIN }), {
      name: 'AlertStateContended',
    });
    assert.deepEqual(kindsFor(api), ['alert']);
    await processDelivery(x, config, portsAt(NOW + MIN), { deadlineMs: NOW + 2 * MIN });
    assert.deepEqual(sentFor(api), [
      'APIGW API/prod: 12x backend throttled (limit.backend) masked 12:00-12:05Z',
      'ESCALATED APIGW API/prod: 120x limit.backend masked 12:00-12:05Z',
    ]);
  });

  test('an escalation sent whose record as published loses its race to other invocations again and again is recorded after a pause, so it is not sent again once its claim would have lapsed', async () => {
    const api = 'contend02';
    await processDelivery(payloadOf(storm(api, 'a', 12, T0), 'a'), config, portsAt(NOW));
    const x = payloadOf(storm(api, 'x', 108, T0 + 1), 'x');
    const outraced = outracedPorts(api, 4, (next) => next.escalation === 'published');
    await processDelivery(x, config, outraced, { deadlineMs: NOW + MIN });
    assert.equal((await stateOf(api))?.escalation, 'published');
    // Long after X's deadline, another window ten times over: the incident escalated already.
    const z = payloadOf(storm(api, 'z', 120, T0 + 25 * MIN), 'z');
    await processDelivery(z, config, portsAt(NOW + 10 * MIN), { deadlineMs: NOW + 11 * MIN });
    assert.deepEqual(kindsFor(api), ['alert', 'escalation']);
  });
});
