/**
 * Retuning while the table holds state: `cdk deploy --parameters WindowMinutes=…` (or another
 * setting) changes the function's environment, which each container reads once at cold start, so
 * for a while containers of the old and the new setting process deliveries side by side, against
 * the counters and alert states the old setting wrote. The real adapters against dynalite and the
 * loopback SNS server, driven through processDelivery with one config per container. The
 * access-log lines are SYNTHETIC (see ./deliveries.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import type { AnalyzerConfig } from '../../lambda/config';
import type { DeliveryPorts } from '../../lambda/delivery-ports';
import type { LocalDynamo } from '../support/dynalite';
import type { SnsServer } from '../support/sns-server';
import { type AccessLine, succeeded, throttled } from './deliveries';
import { payloadOf, startDirectRig } from './direct-rig';

const T0 = Date.UTC(2026, 10, 25, 12, 0);
const MIN = 60_000;
/** Wall clock of the invocations: an hour after the log time, as a late but ordinary delivery. */
const NOW = T0 + 120 * MIN;

let dynamo: LocalDynamo;
let sns: SnsServer;
/** The settings before the retune: 5-minute windows, limit causes alert at 10, cooldown 30 min. */
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

/** `count` throttled requests, `stepMs` apart from `timeMs` on. */
function storm(api: string, prefix: string, count: number, timeMs: number, stepMs = 1): AccessLine[] {
  return Array.from({ length: count }, (_, i) => throttled(`${prefix}-${i}`, api, timeMs + i * stepMs));
}

/** One container: its own settings, read at its cold start, and the real adapters. */
function container(settings: Partial<AnalyzerConfig>) {
  const containerConfig = { ...config, ...settings };
  const ports: DeliveryPorts = { ...awsPorts(containerConfig), now: () => NOW };
  return {
    config: containerConfig,
    ports,
    run: (lines: readonly AccessLine[], stream: string) =>
      processDelivery(payloadOf(lines, stream), containerConfig, ports),
  };
}

/** Each message sent for `api` as `<kind>: <subject>`, in the order sent. */
function sentFor(api: string): string[] {
  return sns.publishes
    .filter((p) => p.attributes.api?.value === api)
    .map((p) => `${p.attributes.kind?.value}: ${p.subject ?? '?'}`);
}

describe('WindowMinutes changed while containers of both settings run', () => {
  test('a 1-minute window counts only its minute, not the 15-minute window an old container counted from the same start', async () => {
    const api = 'win15to001';
    const old = container({ windowMinutes: 15 });
    const retuned = container({ windowMinutes: 1 });
    const start = T0 + 15 * MIN; // 12:15: a window start in both settings
    // 8 failures over the old container's 15-minute window: under 10, no alert.
    await old.run(storm(api, 'o', 8, start, 100_000), 'old');
    // 3 in the new container's first minute: under 10 too.
    await retuned.run(storm(api, 'n', 3, start + 30_000), 'new');

    assert.deepEqual(sentFor(api), []);
    const minute = await retuned.ports.readWindow(api, 'prod', start);
    assert.equal(minute.causes['limit.backend']?.count, 3);
  });

  test('a 5-minute window of an old container does not count what a 15-minute container counted after it', async () => {
    const api = 'win05to015';
    const old = container({ windowMinutes: 5 });
    const retuned = container({ windowMinutes: 15 });
    // The new container counts 4 failures from 12:07 on: its window 12:00–12:15 (under 10).
    await retuned.run(storm(api, 'n', 4, T0 + 7 * MIN, MIN), 'new');
    // An old container then counts 8 from 12:01 on: its window 12:00–12:05 holds 8 (under 10).
    await old.run(storm(api, 'o', 8, T0 + MIN, 10_000), 'old');

    assert.deepEqual(sentFor(api), []);
    const fiveMinutes = await old.ports.readWindow(api, 'prod', T0);
    assert.equal(fiveMinutes.causes['limit.backend']?.count, 8);
  });
});

describe('an incident open across a WindowMinutes change', () => {
  test('resolves on a window of the new length that starts on its grid, and reports that window’s counts', async () => {
    const api = 'resolv0515';
    const old = container({ windowMinutes: 5 });
    const retuned = container({ windowMinutes: 15 });
    // Alerted in 5-minute windows: 12 failures in 12:05–12:10.
    await old.run(storm(api, 'o', 12, T0 + 6 * MIN), 'old');
    // After the deploy: 9 failures in 12:15–12:30, under the threshold of 10, then a delivery of
    // 12:46 shows that window is over.
    await retuned.run(storm(api, 'n', 9, T0 + 16 * MIN, MIN), 'new');
    await retuned.run(storm(api, 'l', 1, T0 + 46 * MIN), 'later');

    const sent = sns.publishes.filter((p) => p.attributes.api?.value === api);
    assert.deepEqual(
      sent.map((p) => `${p.attributes.kind?.value}: ${p.subject}`),
      [
        'alert: [critical] APIGW resolv0515/prod: 12x backend throttled (limit.backend) masked as 502 12:05-12:10Z',
        'resolved: [info] APIGW resolv0515/prod: resolved backend throttled (limit.backend) 12:15-12:30Z',
      ],
    );
    const email = (JSON.parse(sent[1]?.message ?? '{}') as { email?: string }).email ?? '';
    assert.match(email, /Count: 9 in the window/);
  });

  test('shortened, it resolves no earlier than the end of the window the alert was sent for', async () => {
    const api = 'resolv1501';
    const old = container({ windowMinutes: 15 });
    const retuned = container({ windowMinutes: 1 });
    // Alerted in 15-minute windows: 12 failures in 12:00–12:15.
    await old.run(storm(api, 'o', 12, T0 + MIN), 'old');
    // Two minutes later, a new container's first delivery: 12:01–12:02, inside the alerted window,
    // was counted in old containers' 15-minute window, not in a 1-minute one.
    await retuned.run(storm(api, 'n', 1, T0 + 3 * MIN), 'new');
    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW resolv1501/prod: 12x backend throttled (limit.backend) masked as 502 12:00-12:15Z',
    ]);
    // Once 12:15–12:16 is over, that first minute after the alerted window is judged.
    await retuned.run(storm(api, 'l', 1, T0 + 17 * MIN), 'later');
    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW resolv1501/prod: 12x backend throttled (limit.backend) masked as 502 12:00-12:15Z',
      'resolved: [info] APIGW resolv1501/prod: resolved backend throttled (limit.backend) 12:15-12:16Z',
    ]);
  });

  test('shortened, a breach counted but never decided moves the resolution to the first short window after it, not one a long window later', async () => {
    const api = 'undec1501';
    const old = container({ windowMinutes: 15 });
    const retuned = container({ windowMinutes: 1 });
    // Alerted in 15-minute windows: 12 failures in 12:00–12:15 (cooldown until 12:30).
    await old.run(storm(api, 'o', 12, T0 + MIN), 'old');
    // A new container counted 12 failures in 12:16–12:17 and failed before deciding on them (Lambda
    // retries it later): counted, not recorded on the alert state.
    await retuned.ports.applyIncrements(
      'crashed-delivery',
      [{ api, stage: 'prod', windowStartMs: T0 + 16 * MIN, subject: 'limit.backend', count: 12, masked: 12 }],
      Math.ceil(NOW / 1000) + 86_400,
    );
    // A delivery of 12:40: the first 1-minute window after 12:16–12:17 is long over, and quiet.
    await retuned.run(storm(api, 'l', 1, T0 + 40 * MIN), 'later');
    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW undec1501/prod: 12x backend throttled (limit.backend) masked as 502 12:00-12:15Z',
      'resolved: [info] APIGW undec1501/prod: resolved backend throttled (limit.backend) 12:17-12:18Z',
    ]);
  });

  test('shortened, a later 1-minute breach inside the alerted 15-minute window does not let a minute of that window resolve it', async () => {
    const api = 'inside1501';
    const old = container({ windowMinutes: 15 });
    const retuned = container({ windowMinutes: 1 });
    // Alerted in 15-minute windows: 20 failures in 12:00–12:15.
    await old.run(storm(api, 'o', 20, T0 + MIN), 'old');
    // A new container counts 12 in 12:05–12:06: a breach, under 10 times the alert's rate.
    await retuned.run(storm(api, 'n', 12, T0 + 5 * MIN), 'new');
    // An old container, still running, counts 12 more from 12:06 on, in its 12:00–12:15 window.
    await old.run(storm(api, 'p', 12, T0 + 6 * MIN, 15_000), 'old-still');
    // A new container's delivery of 12:08: 12:06–12:07 is over, but old containers counted in it.
    await retuned.run(storm(api, 'q', 1, T0 + 8 * MIN), 'new-later');
    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW inside1501/prod: 20x backend throttled (limit.backend) masked as 502 12:00-12:15Z',
    ]);
    // Once 12:15–12:16, the first minute after the alerted window, is over, it is judged.
    await retuned.run(storm(api, 'l', 1, T0 + 17 * MIN), 'latest');
    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW inside1501/prod: 20x backend throttled (limit.backend) masked as 502 12:00-12:15Z',
      'resolved: [info] APIGW inside1501/prod: resolved backend throttled (limit.backend) 12:15-12:16Z',
    ]);
  });

  test('lengthened, late failures an old container counts inside the window the resolution vouched for alert again', async () => {
    const api = 'late0115';
    const old = container({ windowMinutes: 1 });
    const retuned = container({ windowMinutes: 15 });
    // Alerted in 1-minute windows: 12 failures in 12:00–12:01.
    await old.run(storm(api, 'o', 12, T0 + 10_000), 'old');
    // New containers: 1 failure in 12:15–12:30, then a delivery of 12:31: that window resolves it.
    await retuned.run(storm(api, 'n', 1, T0 + 16 * MIN), 'new');
    await retuned.run(storm(api, 'm', 1, T0 + 31 * MIN), 'new-later');
    // An old container, still running, then counts a late delivery: 12 failures at 12:20, inside
    // the window the resolution judged quiet. With one length, that is an alert again.
    await old.run(storm(api, 'l', 12, T0 + 20 * MIN), 'old-late');
    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW late0115/prod: 12x backend throttled (limit.backend) masked as 502 12:00-12:01Z',
      'resolved: [info] APIGW late0115/prod: resolved backend throttled (limit.backend) 12:15-12:30Z',
      'alert: [critical] APIGW late0115/prod: 12x backend throttled (limit.backend) masked as 502 12:20-12:21Z',
    ]);
  });

  test("shortened, an old container's breach window that ends after the alerted minute keeps a minute of it from resolving the incident", async () => {
    const api = 'oldend1501';
    const old = container({ windowMinutes: 15 });
    const retuned = container({ windowMinutes: 1 });
    // A new container alerts first: 12 failures in 12:05–12:06.
    await retuned.run(storm(api, 'n', 12, T0 + 5 * MIN), 'new');
    // An old container, still running, counts 12 from 12:06 on, in its 12:00–12:15 window.
    await old.run(storm(api, 'p', 12, T0 + 6 * MIN, 15_000), 'old-still');
    // A new container's delivery of 12:08: 12:06–12:07 is over, but old containers counted in it.
    await retuned.run(storm(api, 'q', 1, T0 + 8 * MIN), 'new-later');
    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW oldend1501/prod: 12x backend throttled (limit.backend) masked as 502 12:05-12:06Z',
    ]);
    // Once 12:15–12:16, the first minute after the old container's breach window, is over, it is judged.
    await retuned.run(storm(api, 'l', 1, T0 + 17 * MIN), 'latest');
    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW oldend1501/prod: 12x backend throttled (limit.backend) masked as 502 12:05-12:06Z',
      'resolved: [info] APIGW oldend1501/prod: resolved backend throttled (limit.backend) 12:15-12:16Z',
    ]);
  });

  test('lengthened, the same failure rate in a longer window is no escalation', async () => {
    const api = 'escal0115';
    const old = container({ windowMinutes: 1 });
    const retuned = container({ windowMinutes: 15 });
    // Alerted in 1-minute windows: 12 failures in 12:00–12:01.
    await old.run(storm(api, 'o', 12, T0, 5_000), 'old');
    // The same 12 a minute goes on for 13 minutes, counted in 15-minute windows: 156 in 12:00–12:15,
    // 13 times the alert's 12, at the same rate.
    await retuned.run(storm(api, 'n', 156, T0 + MIN, 5_000), 'new');
    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW escal0115/prod: 12x backend throttled (limit.backend) masked as 502 12:00-12:01Z',
    ]);
    // Ten times the rate does escalate: 1,900 in the next 15 minutes (about 127 a minute).
    await retuned.run(storm(api, 'e', 1_900, T0 + 15 * MIN, 450), 'worse');
    assert.deepEqual(
      sentFor(api).map((s) => s.slice(0, s.indexOf(':'))),
      ['alert', 'escalation'],
    );
  });
});

/**
 * A container whose Publish first runs `during` once, so that delivery is counted (and its breach
 * recorded on this container's claim) while the message is in flight.
 */
function publishingWhile(settings: Partial<AnalyzerConfig>, during: () => Promise<unknown>) {
  const self = container(settings);
  let pending = true;
  const send = self.ports.publish;
  const ports: DeliveryPorts = {
    ...self.ports,
    publish: async (message) => {
      if (pending) {
        pending = false;
        await during();
      }
      return send(message);
    },
  };
  return {
    run: (lines: readonly AccessLine[], stream: string) =>
      processDelivery(payloadOf(lines, stream), self.config, ports),
  };
}

describe('a breach of the other length recorded while a resolution is being published', () => {
  test("shortened, an old container's 15-minute breach that overlaps the minute the resolution judged quiet alerts again", async () => {
    const api = 'claim1501';
    const old = container({ windowMinutes: 15 });
    const retuned = container({ windowMinutes: 1 });
    // Alerted in 15-minute windows: 20 failures in 12:00–12:15 (cooldown until 12:30).
    await old.run(storm(api, 'o', 20, T0 + MIN), 'old');
    // A new container counts 12 in 12:19–12:20: a breach, under ten times the alert's rate.
    await retuned.run(storm(api, 'n', 12, T0 + 19 * MIN), 'new');
    // A delivery of 12:22: 12:20–12:21 is over and quiet, and its resolution is claimed. While it is
    // being published, an old container counts 12 failures from 12:16 on in its 12:15–12:30
    // window, which overlaps that minute: recorded on the claim.
    const resolver = publishingWhile({ windowMinutes: 1 }, () =>
      old.run(storm(api, 'p', 12, T0 + 16 * MIN, 30_000), 'old-during'),
    );
    await resolver.run(storm(api, 'q', 1, T0 + 22 * MIN), 'resolver');
    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW claim1501/prod: 20x backend throttled (limit.backend) masked as 502 12:00-12:15Z',
      'resolved: [info] APIGW claim1501/prod: resolved backend throttled (limit.backend) 12:20-12:21Z',
    ]);
    // The next delivery an old container handles for the stage (of 12:31, another window) decides
    // that breach again, as the claimant would have in one length: the incident went on. (Its
    // lines are another delivery's, so the subject names no status.)
    await old.run(storm(api, 'r', 1, T0 + 31 * MIN), 'old-next');
    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW claim1501/prod: 20x backend throttled (limit.backend) masked as 502 12:00-12:15Z',
      'resolved: [info] APIGW claim1501/prod: resolved backend throttled (limit.backend) 12:20-12:21Z',
      'alert: [critical] APIGW claim1501/prod: 12x backend throttled (limit.backend) masked 12:15-12:30Z',
    ]);
  });

  test("lengthened, an old container's 1-minute breach inside the 15 minutes the resolution judged quiet alerts again", async () => {
    const api = 'claim0115';
    const old = container({ windowMinutes: 1 });
    const retuned = container({ windowMinutes: 15 });
    // Alerted in 1-minute windows: 12 failures in 12:00–12:01 (cooldown until 12:30).
    await old.run(storm(api, 'o', 12, T0 + 10_000), 'old');
    // New containers: 1 failure in 12:15–12:30, then a delivery of 12:31 claims its resolution.
    // While that is being published, an old container counts 12 failures at 12:20: recorded on
    // the claim.
    await retuned.run(storm(api, 'n', 1, T0 + 16 * MIN), 'new');
    const resolver = publishingWhile({ windowMinutes: 15 }, () =>
      old.run(storm(api, 'p', 12, T0 + 20 * MIN), 'old-during'),
    );
    await resolver.run(storm(api, 'q', 1, T0 + 31 * MIN), 'resolver');
    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW claim0115/prod: 12x backend throttled (limit.backend) masked as 502 12:00-12:01Z',
      'resolved: [info] APIGW claim0115/prod: resolved backend throttled (limit.backend) 12:15-12:30Z',
    ]);
    // The next delivery an old container handles for the stage (of 12:32) decides it again; being
    // of 12:32, it then shows the minute after that breach is over, and quiet.
    await old.run(storm(api, 'r', 1, T0 + 32 * MIN), 'old-next');
    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW claim0115/prod: 12x backend throttled (limit.backend) masked as 502 12:00-12:01Z',
      'resolved: [info] APIGW claim0115/prod: resolved backend throttled (limit.backend) 12:15-12:30Z',
      'alert: [critical] APIGW claim0115/prod: 12x backend throttled (limit.backend) masked 12:20-12:21Z',
      'resolved: [info] APIGW claim0115/prod: resolved backend throttled (limit.backend) 12:21-12:22Z',
    ]);
  });
});

describe('an escalation across a WindowMinutes change', () => {
  test('shortened, it says the window length the alert counted in, so a smaller count at ten times the rate reads as an escalation', async () => {
    const api = 'escmsg1501';
    const old = container({ windowMinutes: 15 });
    const retuned = container({ windowMinutes: 1 });
    // Alerted in 15-minute windows: 20 failures in 12:00–12:15, about 1.3 a minute.
    await old.run(storm(api, 'o', 20, T0 + MIN), 'old');
    // 14 in 12:16–12:17: over ten times that rate, fewer than the alert's 20.
    await retuned.run(storm(api, 'n', 14, T0 + 16 * MIN), 'new');
    const sent = sns.publishes.filter((p) => p.attributes.api?.value === api);
    assert.deepEqual(
      sent.map((p) => p.attributes.kind?.value),
      ['alert', 'escalation'],
    );
    const { email, sms } = JSON.parse(sent[1]?.message ?? '{}') as { email?: string; sms?: string };
    assert.match(email ?? '', /alert fired at 20 in 15 min/);
    assert.match(sms ?? '', /alert at 20 in 15 min/);
  });
});

describe('a threshold changed during an open incident', () => {
  test('raised above the failures that go on, the incident resolves instead of staying open for ever', async () => {
    const api = 'raise10to50';
    const old = container({ limitErrorThreshold: 10 });
    const retuned = container({ limitErrorThreshold: 50 });
    await old.run(storm(api, 'o', 12, T0 + MIN), 'old');
    // 20 failures in every window after the deploy: over the old threshold, under the new one.
    for (let w = 1; w <= 4; w++) await retuned.run(storm(api, `n${w}`, 20, T0 + w * 5 * MIN), `new${w}`);

    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW raise10to50/prod: 12x backend throttled (limit.backend) masked as 502 12:00-12:05Z',
      'resolved: [info] APIGW raise10to50/prod: resolved backend throttled (limit.backend) 12:05-12:10Z',
    ]);
    const resolved = sns.publishes.filter((p) => p.attributes.api?.value === api)[1];
    const email = (JSON.parse(resolved?.message ?? '{}') as { email?: string }).email ?? '';
    assert.match(email, /Count: 20 in the window, 20 masked; stayed under 50 /);
  });

  test('lowered under the failures that go on, the incident stays open instead of resolving and alerting again', async () => {
    const api = 'lower10to3';
    const old = container({ limitErrorThreshold: 10 });
    const retuned = container({ limitErrorThreshold: 3 });
    await old.run(storm(api, 'o', 12, T0 + MIN), 'old');
    // 5 failures in every window after the deploy: under the old threshold, over the new one.
    for (let w = 1; w <= 4; w++) await retuned.run(storm(api, `n${w}`, 5, T0 + w * 5 * MIN), `new${w}`);

    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW lower10to3/prod: 12x backend throttled (limit.backend) masked as 502 12:00-12:05Z',
    ]);
  });
});

describe('CooldownMinutes and CauseThresholds changed during an open incident', () => {
  test('a shortened cooldown applies from the next alert: the open incident keeps the cooldown it was sent with', async () => {
    const api = 'cool30to10';
    const old = container({ cooldownMinutes: 30 });
    const retuned = container({ cooldownMinutes: 10 });
    await old.run(storm(api, 'o', 12, T0 + MIN), 'old');
    // The failures go on, 12 in every 5-minute window up to 12:35.
    for (let w = 1; w <= 7; w++) await retuned.run(storm(api, `n${w}`, 12, T0 + w * 5 * MIN), `new${w}`);

    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW cool30to10/prod: 12x backend throttled (limit.backend) masked as 502 12:00-12:05Z',
      'alert: [critical] APIGW cool30to10/prod: 12x backend throttled (limit.backend) masked as 502 12:30-12:35Z',
    ]);
  });

  test('an override removed from CauseThresholds judges the open incident on its group threshold again', async () => {
    const api = 'override01';
    const old = container({ causeThresholds: { 'limit.backend': 2 } });
    const retuned = container({ causeThresholds: {} });
    await old.run(storm(api, 'o', 3, T0 + MIN), 'old');
    // 5 failures a window go on: over the override of 2, under LimitErrorThreshold (10).
    for (let w = 1; w <= 3; w++) await retuned.run(storm(api, `n${w}`, 5, T0 + w * 5 * MIN), `new${w}`);

    assert.deepEqual(sentFor(api), [
      'alert: [critical] APIGW override01/prod: 3x backend throttled (limit.backend) masked as 502 12:00-12:05Z',
      'resolved: [info] APIGW override01/prod: resolved backend throttled (limit.backend) 12:05-12:10Z',
    ]);
  });
});

describe('JudgeErrorRate turned off during an open error-rate incident', () => {
  test('an error-rate incident open when a deploy turns the rate off resolves, though a failures-only filter passes only failures', async () => {
    const api = 'rateoff001';
    // Cause thresholds out of reach: only the error rate alerts here.
    const settings = { minRequests: 10, errorRatePercent: 5, limitErrorThreshold: 100_000 };
    const old = container(settings);
    const retuned = container({ ...settings, judgeErrorRate: false });
    await old.run(
      [
        ...Array.from({ length: 20 }, (_, i) => succeeded(`s-${i}`, api, T0 + i)),
        ...storm(api, 'o', 10, T0 + 100),
      ],
      'old',
    );
    // The filter now passes failures only: two in each of the next three windows.
    for (let w = 1; w <= 3; w++) await retuned.run(storm(api, `n${w}`, 2, T0 + w * 5 * MIN), `new${w}`);

    const sent = sentFor(api);
    assert.equal(sent.length, 2, JSON.stringify(sent));
    assert.match(sent[0] ?? '', /^alert: .*33\.3% errors/);
    // The subject too, as an inbox shows only the subject: no recovery is claimed.
    assert.match(sent[1] ?? '', /^resolved: .*resolved error rate, no longer judged /);
    // Closed because the rate is no longer judged, not because it was seen under 5 %: the lines
    // counted now are the failures the filter passed, never a rate.
    const resolved = sns.publishes.filter((p) => p.attributes.api?.value === api)[1];
    const { email, sms } = JSON.parse(resolved?.message ?? '{}') as { email?: string; sms?: string };
    assert.match(email ?? '', /no longer judged/);
    // Whatever made the filter pass only some requests (failures only here, or any custom filter).
    assert.match(email ?? '', /no longer passes every request/);
    assert.doesNotMatch(email ?? '', /stayed under|Error rate: \d/);
    assert.match(sms ?? '', /no longer judged/);
  });
});
