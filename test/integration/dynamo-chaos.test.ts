/**
 * Fault injection between the real DynamoDB SDK client and dynalite: the function's counting and
 * alerting must keep the README's promises ("How counting works", "One alert per incident",
 * "Metrics and dashboard", and DynamoDB errors failing the invocation so Lambda retries it) when
 * DynamoDB answers 500 InternalServerError or 400 ProvisionedThroughputExceededException /
 * ThrottlingException (the SDK retries those itself: 4 attempts for DynamoDB), when a write commits
 * but its answer is lost (socket reset, or a 500 after the commit: the SDK's retry then meets its
 * own write), and when answers are slow.
 *
 * An HTTP proxy (the idea of bench/pipeline.bench.ts's countingProxy) sits where
 * AWS_ENDPOINT_URL_DYNAMODB points. Its faults are a function of the run's fault seed, the request
 * body and how often that body was sent before, so a run replays whatever order the concurrent
 * counter writes go in; a body's first faults are used up by the SDK's own retries or by the retry
 * of the invocation (Lambda's asynchronous retry, run here at once, bounded).
 *
 * The log lines are REAL: the access-log lines of the shared corpus and test/fixtures (every line
 * the access-log parser reads). The delivery envelopes are SYNTHETIC (stream names, event ids and
 * times, which lines go together, redeliveries). Each run plays the same sequence twice, on fresh
 * tables: once without faults, once through them; counters must equal the pure analysis of the
 * unique deliveries, and the alerts sent must be the fault-free run's.
 *
 * The second describe adds SNS faults, seeded the same way by the Publish's form, in the loopback
 * SNS server: Publish answered 500 or 400 Throttling without publishing (the SDK makes 3 attempts;
 * a longer burst fails the invocation), and Publish that publishes and then loses its answer. There
 * every alert the fault-free run sends must go out at least once, a second time only for a Publish
 * whose answer was lost (README, "If Publish fails"), and deliveries after every claim's lease has
 * run out must alert and resolve as after the fault-free run.
 *
 * Fixed seed; FC_SEED=<n> (and FC_RUNS=<n>) explores others, FC_PATH replays one run of a seed,
 * CHAOS_DEBUG=1 prints each play's log lines (alerts, duplicates, thrown errors). A run replayed
 * alone may pass where it failed in sequence: the SDK client is shared, and its retry budget
 * (500 tokens, 14 a retry) drained by earlier runs turns single faults into failed invocations.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { prng } from '../../bench/deliveries';
import { type AnalyzerConfig, loadConfig } from '../../lambda/config';
import { parseAccessLine } from '../../lambda/core/access-log';
import { aggregateDelivery } from '../../lambda/core/aggregate';
import { deliveryIdOf } from '../../lambda/core/delivery-id';
import { analyze } from '../../lambda/core/pipeline';
import type { SubscriptionPayload } from '../../lambda/core/types';
import type { DeliveryPorts } from '../../lambda/delivery-ports';
import { processDelivery } from '../../lambda/process-delivery';
import { createAnalyzerTable, FAKE_AWS_ENV, type LocalDynamo, startDynalite } from '../support/dynalite';
import { realLogs } from '../support/real-logs';
import {
  type RecordedPublish,
  SNS_FAILURE,
  SNS_LOST,
  type SnsFault,
  type SnsServer,
  startSnsServer,
} from '../support/sns-server';
import { ACCESS_LOG_GROUP } from './deliveries';

const SETTINGS = {
  seed: Number(process.env.FC_SEED ?? 20261126),
  numRuns: Number(process.env.FC_RUNS ?? 6),
  endOnFailure: true,
  // FC_PATH=<path> replays one failing run of a seed (fast-check prints both).
  ...(process.env.FC_PATH === undefined ? {} : { path: process.env.FC_PATH }),
} as const;

/** SYNTHETIC log time of the first delivery; each later one is a minute on. */
const T0 = Date.UTC(2026, 10, 26, 9, 0);
const MIN = 60_000;
/** Lambda's asynchronous retries are bounded; faults here are used up well within this many. */
const MAX_INVOCATIONS = 40;

const FAULT = {
  none: 'none',
  /** 500 InternalServerError, not forwarded. */
  internal: 'internal',
  /** 400 ProvisionedThroughputExceededException, not forwarded. */
  throughput: 'throughput',
  /** 400 ThrottlingException, not forwarded. */
  throttling: 'throttling',
  /** 400 AccessDeniedException, not forwarded: the SDK does not retry it. */
  accessDenied: 'access-denied',
  /** Forwarded and committed, then the socket is destroyed: the answer is lost. */
  lostReset: 'lost-reset',
  /** Forwarded and committed, then answered 500: the answer is lost. */
  lost500: 'lost-500',
  delay: 'delay',
  /** Held, never forwarded nor answered while the proxy runs: a connection that hangs. */
  hang: 'hang',
} as const;
type Fault = (typeof FAULT)[keyof typeof FAULT];
const LOST: readonly Fault[] = [FAULT.lostReset, FAULT.lost500];

/**
 * A body's faults, in the order its sends meet them. Bursts of 4 or more 500s outlast the SDK's
 * 4 attempts and fail the invocation. Throttling errors are rare: the SDK waits about a second
 * before retrying one.
 */
function faultPlan(random: () => number, rate: number): Fault[] {
  if (random() >= rate) return [];
  const r = random();
  if (r < 0.25) return [FAULT.internal];
  if (r < 0.4) return Array.from({ length: 4 + Math.floor(random() * 2) }, () => FAULT.internal);
  if (r < 0.6) return [FAULT.lostReset];
  if (r < 0.75) return [FAULT.lost500];
  if (r < 0.9) return [FAULT.delay];
  return [random() < 0.5 ? FAULT.throughput : FAULT.throttling];
}

interface ChaosProxy {
  readonly endpoint: string;
  /** Faults on (with their seed and rate) or off. */
  arm(seed: number | undefined, rate?: number): void;
  /** Injects `fault` once, into the first request whose operation and subject match. */
  force(match: RegExp, fault: Fault): void;
  /** Injects `fault` into every request whose operation and subject match, until armed again (an outage). */
  outage(match: RegExp, fault: Fault): void;
  /** Every fault injected since arming: operation, what the request is about, the fault. */
  readonly injected: string[];
  close(): Promise<void>;
}

const DYNAMO_ERROR = {
  internal: { status: 500, type: 'com.amazonaws.dynamodb.v20120810#InternalServerError' },
  throughput: {
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
  },
  throttling: { status: 400, type: 'com.amazon.coral.availability#ThrottlingException' },
  /** A 400 the SDK does not retry. */
  accessDenied: { status: 400, type: 'com.amazon.coral.service#AccessDeniedException' },
} as const;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** What a request is about, for the fault trace: its item's key (and phase), or the queried key. */
function subjectOf(body: Buffer): string {
  const input = JSON.parse(body.toString('utf8')) as {
    Key?: Record<string, { S?: string }>;
    Item?: Record<string, { S?: string }>;
    ExpressionAttributeValues?: Record<string, { S?: string }>;
  };
  const item = input.Key ?? input.Item;
  if (item !== undefined) {
    const phase = input.Item?.phase?.S;
    return `${item.pk?.S} ${item.sk?.S}${phase === undefined ? '' : ` (${phase})`}`;
  }
  return input.ExpressionAttributeValues?.[':pk']?.S ?? '?';
}

/**
 * The body less what differs between plays of one scenario (the table, an alert state write's
 * random `writeId`), so a seed, or a path replayed alone, meets the same faults; the SDK's own
 * retries send the body unchanged.
 */
function stableBody(body: Buffer): string {
  const input = JSON.parse(body.toString('utf8')) as { TableName?: string; Item?: Record<string, unknown> };
  delete input.TableName;
  if (input.Item !== undefined) delete input.Item.writeId;
  return JSON.stringify(input);
}

/**
 * Faults planned per request body: a function of the run's seed and the body, met in the order the
 * body's sends come, so a run replays whatever order concurrent writes go in.
 */
interface SeededFaults<F> {
  arm(seed: number | undefined, rate?: number): void;
  /** The fault for this send of `stable` (a body less what differs between plays), and its index. */
  next(stable: string): { fault: F | undefined; n: number };
}

function seededFaults<F>(planOf: (random: () => number, rate: number) => F[]): SeededFaults<F> {
  let seed: number | undefined;
  let rate = 0;
  const sends = new Map<string, number>();
  const plans = new Map<string, F[]>();
  return {
    arm: (nextSeed, nextRate = 0) => {
      seed = nextSeed;
      rate = nextRate;
      sends.clear();
      plans.clear();
    },
    next: (stable) => {
      if (seed === undefined) return { fault: undefined, n: 0 };
      const digest = createHash('sha256').update(stable).digest('hex');
      const n = sends.get(digest) ?? 0;
      sends.set(digest, n + 1);
      let plan = plans.get(digest);
      if (plan === undefined) {
        plan = planOf(prng(seed ^ Number.parseInt(digest.slice(0, 8), 16)), rate);
        plans.set(digest, plan);
      }
      return { fault: plan[n], n };
    },
  };
}

async function startChaosProxy(target: string): Promise<ChaosProxy> {
  const upstream = new URL(target);
  const planned = seededFaults(faultPlan);
  const injected: string[] = [];
  const forced: { match: RegExp; fault: Fault }[] = [];
  const outages: { match: RegExp; fault: Fault }[] = [];

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const out = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (reply) => {
          readBody(reply).then(
            (b) => resolve({ status: reply.statusCode ?? 500, headers: reply.headers, body: b }),
            reject,
          );
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, '');
    const about = `${operation} ${subjectOf(body)}`;
    let fault: Fault = FAULT.none;
    const force = forced.findIndex((f) => f.match.test(about));
    const down = outages.find((o) => o.match.test(about));
    if (down !== undefined) {
      fault = down.fault;
      injected.push(`${about}: ${fault} (outage)`);
    } else if (force >= 0) {
      fault = forced[force]?.fault ?? FAULT.none;
      forced.splice(force, 1);
      injected.push(`${about}: ${fault} (forced)`);
    } else {
      const next = planned.next(stableBody(body));
      fault = next.fault ?? FAULT.none;
      if (fault !== FAULT.none) injected.push(`${about} #${next.n}: ${fault}`);
    }
    const refuse = (error: (typeof DYNAMO_ERROR)[keyof typeof DYNAMO_ERROR]) => {
      res.writeHead(error.status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: error.type, message: 'injected by the chaos proxy' }));
    };
    if (fault === FAULT.internal) return refuse(DYNAMO_ERROR.internal);
    if (fault === FAULT.throughput) return refuse(DYNAMO_ERROR.throughput);
    if (fault === FAULT.throttling) return refuse(DYNAMO_ERROR.throttling);
    if (fault === FAULT.accessDenied) return refuse(DYNAMO_ERROR.accessDenied);
    if (fault === FAULT.hang) return;
    if (fault === FAULT.delay) await new Promise((r) => setTimeout(r, 20));
    const reply = await forward(req, body);
    if (fault === FAULT.lostReset) {
      req.socket.destroy();
      return;
    }
    if (fault === FAULT.lost500) return refuse(DYNAMO_ERROR.internal);
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    injected,
    force: (match, fault) => forced.push({ match, fault }),
    outage: (match, fault) => outages.push({ match, fault }),
    arm: (nextSeed, nextRate = 0) => {
      planned.arm(nextSeed, nextRate);
      forced.length = 0;
      outages.length = 0;
      injected.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** Every line of the real samples that the access-log parser reads (the corpus's and fixtures'). */
function realAccessLines(): string[] {
  const lines: string[] = [];
  for (const sample of realLogs())
    for (const line of sample.lines) if (parseAccessLine(line)?.ok === true) lines.push(line);
  return lines;
}

const CONFIG_ENV = {
  WINDOW_MINUTES: '5',
  COOLDOWN_MINUTES: '15',
  SERVER_ERROR_THRESHOLD: '2',
  LIMIT_ERROR_THRESHOLD: '2',
  CLIENT_ERROR_THRESHOLD: '3',
  ERROR_RATE_PERCENT: '50',
  MIN_REQUESTS: '4',
  COUNT_EXECUTION_LOGS: 'false',
  METRICS_NAMESPACE: 'ApiGatewayErrorAnalyzerChaos',
} as const;

function configFor(tableName: string): AnalyzerConfig {
  return loadConfig({
    ...CONFIG_ENV,
    TABLE_NAME: tableName,
    TOPIC_ARN: `arn:aws:sns:us-east-1:123456789012:${tableName}`,
  });
}

/** A delivery: some real lines, in one SYNTHETIC envelope. */
function payloadOf(lines: readonly string[], index: number, stream: number): SubscriptionPayload {
  return {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: ACCESS_LOG_GROUP,
    logStream: `stream-${stream}`,
    subscriptionFilters: ['apigw-error-analyzer'],
    logEvents: lines.map((message, i) => ({
      id: `${String(index).padStart(6, '0')}${String(i).padStart(50, '0')}`,
      timestamp: T0 + index * MIN + i,
      message,
    })),
  };
}

/** What the pure pipeline counts for the unique deliveries: `pk-ish key` → count and masked. */
function expectedCounts(payloads: readonly SubscriptionPayload[], config: AnalyzerConfig) {
  const unique = new Map<string, SubscriptionPayload>();
  for (const p of payloads) unique.set(deliveryIdOf(p.logGroup, p.logStream, p.logEvents), p);
  const counts = new Map<string, { count: number; masked: number }>();
  let failures = 0;
  let requests = 0;
  for (const p of unique.values()) {
    const analysis = analyze([
      { source: { logGroup: p.logGroup, logStream: p.logStream }, events: p.logEvents },
    ]);
    const latest = Math.max(...p.logEvents.map((e) => e.timestamp));
    const delivery = aggregateDelivery(analysis, {
      windowMinutes: config.windowMinutes,
      countExecutionLogs: config.countExecutionLogs,
      fallbackTimeMs: latest,
      countRequests: true,
    });
    for (const inc of delivery.increments) {
      const key = `${inc.api}|${inc.stage}|${new Date(inc.windowStartMs).toISOString()}|${inc.subject}`;
      const before = counts.get(key) ?? { count: 0, masked: 0 };
      counts.set(key, { count: before.count + inc.count, masked: before.masked + inc.masked });
      if (inc.subject === 'requests') requests += inc.count;
      else failures += inc.count;
    }
  }
  return { counts, failures, requests, unique: unique.size };
}

/** The table's counters, shards added up, keyed as expectedCounts keys them. */
async function tableCounts(dynamo: LocalDynamo, tableName: string) {
  const counts = new Map<string, { count: number; masked: number }>();
  let start: Record<string, never> | undefined;
  do {
    const page = await dynamo.client.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) {
      if (!item.pk?.S?.startsWith('COUNT#')) continue;
      const sk = (item.sk?.S ?? '').replace(/#\d+$/, '');
      const subject = sk === 'REQUESTS' ? 'requests' : sk.replace(/^CAUSE#/, '');
      const key = `${item.api?.S}|${item.stage?.S}|${new Date(Number(item.windowStart?.N)).toISOString()}|${subject}`;
      const before = counts.get(key) ?? { count: 0, masked: 0 };
      counts.set(key, {
        count: before.count + Number(item.count?.N ?? 0),
        masked: before.masked + Number(item.masked?.N ?? 0),
      });
    }
    start = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start !== undefined);
  return counts;
}

interface Played {
  /** `kind subject` of each message published to the play's topic, sorted. */
  readonly alerts: string[];
  /** The same for each Publish whose answer the SNS server lost after publishing it. */
  readonly lostAlerts: string[];
  readonly failedMetric: number;
  readonly requestsMetric: number;
  readonly unparsedDocs: number;
  readonly thrown: number;
}

let dynamo: LocalDynamo;
let proxy: ChaosProxy;
let sns: SnsServer;
let awsPortsFor: (config: AnalyzerConfig) => DeliveryPorts;

before(async () => {
  dynamo = await startDynalite();
  proxy = await startChaosProxy(dynamo.endpoint);
  sns = await startSnsServer();
  Object.assign(process.env, FAKE_AWS_ENV, {
    AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
  });
  // The adapters create their clients at module load, so the environment must be set first.
  ({ awsPorts: awsPortsFor } = await import('../../lambda/adapters/aws-ports'));
});

after(async () => {
  await Promise.all([proxy.close(), dynamo.close(), sns.close()]);
});

/** The wall clock of a play (claims' leases): fixed, an hour after the first delivery's log time. */
const PLAY_NOW = T0 + 60 * MIN;

interface PlayOptions {
  /** The wall clock; PLAY_NOW unless set. */
  readonly nowMs?: number;
  /** Plays on the table as an earlier play left it, rather than creating it. */
  readonly reuseTable?: boolean;
}

const alertKey = (p: RecordedPublish) => `${p.attributes.kind?.value} ${p.subject}`;

/**
 * A fresh table and the function's ports on it with a test clock (sleeping moves it), their log kept
 * in `docs`. SNS answers at once, or `publishTakesMs` later on that clock, after `afterPublish` ran.
 */
async function clockedPorts(
  tableName: string,
  options: {
    publishTakesMs?: number;
    afterPublish?: () => void;
    override?: (real: DeliveryPorts) => Partial<DeliveryPorts>;
  } = {},
) {
  await createAnalyzerTable(dynamo.client, tableName);
  const config = configFor(tableName);
  const clock = { now: PLAY_NOW };
  const docs: Record<string, unknown>[] = [];
  const real = awsPortsFor(config);
  const { publishTakesMs = 0, afterPublish, override } = options;
  const ports: DeliveryPorts = {
    ...real,
    ...override?.(real),
    log: (line) => docs.push({ ...line }),
    now: () => clock.now,
    sleep: async (ms) => {
      clock.now += ms;
    },
    publish: async (message) => {
      const id = await real.publish(message);
      clock.now += publishTakesMs;
      afterPublish?.();
      return id;
    },
  };
  const sent = () => sns.publishes.filter((p) => p.topicArn === config.topicArn).map(alertKey);
  return { config, clock, docs, real, ports, sent };
}

/** Plays the deliveries in order, each invocation retried until it succeeds, as Lambda would. */
async function play(
  payloads: readonly SubscriptionPayload[],
  tableName: string,
  options: PlayOptions = {},
): Promise<Played> {
  if (options.reuseTable !== true) await createAnalyzerTable(dynamo.client, tableName);
  const config = configFor(tableName);
  const firstPublish = sns.publishes.length;
  const firstLost = sns.lostAnswers.length;
  const docs: Record<string, unknown>[] = [];
  const real = awsPortsFor(config);
  // A fixed wall clock (claims' leases) and no real sleeping; everything else is the real adapters.
  const ports: DeliveryPorts = {
    ...real,
    log: (line) => docs.push({ ...line }),
    now: () => options.nowMs ?? PLAY_NOW,
    sleep: () => Promise.resolve(),
  };
  let thrown = 0;
  for (const payload of payloads) {
    for (let attempt = 1; ; attempt++) {
      try {
        await processDelivery(payload, config, ports);
        break;
      } catch (error) {
        if (process.env.CHAOS_DEBUG) docs.push({ type: 'THROWN', error: String(error) });
        thrown += 1;
        if (attempt >= MAX_INVOCATIONS) throw error;
      }
    }
  }
  if (process.env.CHAOS_DEBUG)
    for (const d of docs)
      if (!('_aws' in d) && d.type !== 'failed-request')
        process.stderr.write(`${tableName} ${JSON.stringify(d).slice(0, 400)}\n`);
  const sum = (metric: string) => docs.reduce((n, d) => n + Number(d[metric] ?? 0), 0);
  const ours = (publishes: readonly RecordedPublish[]) =>
    publishes
      .filter((p) => p.topicArn === config.topicArn)
      .map(alertKey)
      .sort();
  return {
    alerts: ours(sns.publishes.slice(firstPublish)),
    lostAlerts: ours(sns.lostAnswers.slice(firstLost)),
    failedMetric: sum('FailedRequests'),
    requestsMetric: sum('Requests'),
    unparsedDocs: docs.filter((d) => 'UnparsedLines' in d).length,
    thrown,
  };
}

const LINES = realAccessLines();

/** Deliveries of 1 to 6 real lines on 1 to 3 streams, some delivered again later (redeliveries). */
const scenario = fc.record({
  deliveries: fc.array(
    fc.record({
      lines: fc.array(fc.nat(LINES.length - 1), { minLength: 1, maxLength: 6 }),
      stream: fc.integer({ min: 1, max: 3 }),
      redeliverAfter: fc.option(fc.nat(3), { freq: 4 }),
    }),
    { minLength: 3, maxLength: 10 },
  ),
  faultSeed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  faultRate: fc.constantFrom(0.15, 0.3, 0.5),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The deliveries in the order they arrive: each redelivery some deliveries after its original. */
function sequenceOf(s: Scenario): SubscriptionPayload[] {
  const originals = s.deliveries.map((d, i) =>
    payloadOf(
      d.lines.map((n) => LINES[n] ?? ''),
      i,
      d.stream,
    ),
  );
  const sequence: SubscriptionPayload[] = [];
  const later = new Map<number, SubscriptionPayload[]>();
  originals.forEach((p, i) => {
    sequence.push(p, ...(later.get(i) ?? []));
    const again = s.deliveries[i]?.redeliverAfter;
    if (again !== null && again !== undefined) later.set(i + again, [...(later.get(i + again) ?? []), p]);
  });
  for (const [at, ps] of later) if (at >= originals.length) sequence.push(...ps);
  return sequence;
}

describe('counting and alerting through DynamoDB faults (dynalite behind a chaos proxy)', () => {
  it('the real samples hold enough access lines to cross thresholds', () => {
    assert.ok(LINES.length >= 20, `only ${LINES.length} real access lines`);
  });

  for (const fault of LOST) {
    it(`an alert claim whose answer is lost (${fault}) is still published, once`, async () => {
      const all = [payloadOf(LINES, 0, 1)];
      proxy.arm(undefined);
      const calm = await play(all, `claim-${fault}-calm`);
      assert.ok(calm.alerts.length > 0, 'the real lines cross thresholds');
      proxy.force(/^PutItem ALERT#.* \(claimed\)$/, fault);
      const lost = await play(all, `claim-${fault}-lost`);
      assert.match(proxy.injected.join('\n'), /\(claimed\): lost-/);
      assert.deepEqual(lost.alerts, calm.alerts);
    });
  }

  it("a counter write that hangs is abandoned at the client's request timeout and retried: the delivery counts and alerts as if nothing hung", async () => {
    const all = [payloadOf(LINES, 0, 1)];
    proxy.arm(undefined);
    const calm = await play(all, 'hung-counter-calm');
    // One counter write hangs, never answered: without a timeout the invocation would run until
    // Lambda ends it, and its retry would come after the alert claims' lease.
    proxy.force(/^UpdateItem /, FAULT.hang);
    const cap = new Promise<'overran'>((resolve) => setTimeout(resolve, 20_000, 'overran').unref());
    const hung = await Promise.race([play(all, 'hung-counter'), cap]);
    assert.notEqual(hung, 'overran', 'the hung request was never abandoned');
    if (hung === 'overran') return;
    assert.match(proxy.injected.join('\n'), /^UpdateItem .*: hang \(forced\)$/m);
    assert.equal(hung.thrown, 0);
    assert.deepEqual(hung.alerts, calm.alerts);
  });

  it("an alert claim written but whose every answer is lost fails the invocation, and Lambda's retry publishes it", async () => {
    const all = [payloadOf(LINES, 0, 1)];
    proxy.arm(undefined);
    const calm = await play(all, 'claim-failed-calm');
    // The SDK's 4 attempts: the first writes the claim, the other three fail on its version.
    for (let i = 0; i < 4; i++) proxy.force(/^PutItem ALERT#.* \(claimed\)$/, FAULT.lostReset);
    const failed = await play(all, 'claim-failed-lost');
    assert.equal(failed.thrown, 1);
    assert.deepEqual(failed.alerts, calm.alerts);
  });

  it('an alert whose record as published fails past the SDK retries is sent once, and its incident resolves', async () => {
    // Deliveries 0 and 20 minutes later: the first crosses thresholds, the second finds them resolved.
    const timeless = LINES.filter((line) => {
      const parsed = parseAccessLine(line);
      return parsed?.ok === true && parsed.record.timeMs === undefined && parsed.record.apiId === undefined;
    });
    const two = [payloadOf(LINES, 0, 1), payloadOf(timeless.slice(0, 1), 20, 2)];
    proxy.arm(undefined);
    const calm = await play(two, 'published-calm');
    assert.ok(
      calm.alerts.some((a) => a.startsWith('resolved ')),
      'the fault-free run resolves',
    );
    for (let i = 0; i < 5; i++) proxy.force(/^PutItem ALERT#.* \(published\)$/, FAULT.internal);
    const failing = await play(two, 'published-failing');
    assert.equal(proxy.injected.length, 5);
    assert.deepEqual(failing.alerts, calm.alerts);
  });

  it('an alert sent while DynamoDB refuses every write until the deadline ends the invocation without failing, so no retry sends it again', async () => {
    // REAL lines: two unknown.server requests of one API and window (2023-07-26 12:20 UTC), over
    // its threshold (2), under MinRequests (4). One SYNTHETIC delivery: one alert.
    const payload = payloadOf([LINES[7] ?? '', LINES[8] ?? ''], 0, 1);
    proxy.arm(undefined);
    const calm = await play([payload], 'unrecorded-calm');
    assert.equal(calm.alerts.length, 1, 'one alert');

    const { config, clock, docs, ports, sent } = await clockedPorts('unrecorded-down');
    // SNS takes the alert; DynamoDB refuses every write after it (the record as sent, then the
    // delivery's record) until the invocation ends.
    proxy.outage(/^PutItem (ALERT#.* \(published\)|DELIVERY#)/, FAULT.internal);
    let failed = false;
    await processDelivery(payload, config, ports, { deadlineMs: PLAY_NOW + MIN }).catch(() => {
      failed = true;
    });
    const injected = proxy.injected.join('\n');
    proxy.arm(undefined);
    assert.match(injected, /\(published\): internal \(outage\)/);
    assert.ok(
      docs.some((d) => d.type === 'alert-claim-held'),
      'it says the claim is held',
    );
    assert.ok(clock.now <= PLAY_NOW + MIN - 20_000, 'it ends 20 s before its deadline');
    // Failed, it would be retried a minute after its end, past the claim's lease: sent again.
    assert.equal(failed, false, 'the invocation ends without failing, so Lambda does not retry it');
    assert.deepEqual(sent(), calm.alerts, 'the alert was sent once');
  });

  it("an alert whose record as sent hangs is not sent again: the invocation still ends before its deadline, so Lambda's retry never comes", async () => {
    // REAL lines: two unknown.server requests of one API and window (2023-07-26 12:20 UTC), over
    // its threshold (2), under MinRequests (4). One SYNTHETIC delivery: one alert.
    const payload = payloadOf([LINES[7] ?? '', LINES[8] ?? ''], 0, 1);
    proxy.arm(undefined);
    const calm = await play([payload], 'hung-record-calm');
    assert.equal(calm.alerts.length, 1, 'one alert');

    const deadlineMs = PLAY_NOW + MIN;
    // SNS takes 39.7 s to answer: the write recording the alert as sent starts 300 ms before the
    // invocation stops retrying it (20 s before its deadline).
    const { config, clock, docs, real, ports, sent } = await clockedPorts('hung-record', {
      publishTakesMs: 39_700,
    });
    // Every write recording the alert as sent hangs, its answer never coming.
    proxy.outage(/^PutItem ALERT#.* \(published\)$/, FAULT.hang);
    // Far longer, in real time, than the invocation gives that write; still short of its deadline.
    const cap = new Promise<'overran'>((resolve) => setTimeout(resolve, 5_000, 'overran').unref());
    const ended = await Promise.race([
      processDelivery(payload, config, ports, { deadlineMs }).then(
        () => 'ended' as const,
        () => 'failed' as const,
      ),
      cap,
    ]);
    const injected = proxy.injected.join('\n');
    proxy.arm(undefined);
    assert.match(injected, /\(published\): hang \(outage\)/);
    if (ended !== 'ended') {
      // Lambda ends an invocation at its deadline, an error it retries a minute later: past the
      // claim's lease, with DynamoDB answering again.
      clock.now = deadlineMs + MIN;
      await processDelivery(
        payload,
        config,
        { ...ports, publish: real.publish },
        { deadlineMs: clock.now + MIN },
      );
    }
    assert.deepEqual(sent(), calm.alerts, 'the alert was sent once');
    assert.equal(ended, 'ended', 'the invocation ended without failing, before its deadline');
    assert.ok(
      docs.some((d) => d.type === 'alert-claim-held'),
      'it says the claim is held',
    );
  });

  // After the alert is published, the read that would settle its record hangs: the read of a rival's
  // state after a refused write, or the read of its own write after its answer was lost.
  const hungReads: [string, (real: DeliveryPorts) => Partial<DeliveryPorts>, RegExp][] = [
    [
      'the state read after a write a rival won',
      (real) => ({
        writeAlertState: async (next, expectedVersion, expiresAt, signal) =>
          next.phase === 'published' ? false : real.writeAlertState(next, expectedVersion, expiresAt, signal),
      }),
      /^Query /,
    ],
    ['the read of its own write whose answer was lost', () => ({}), /^GetItem ALERT#/],
  ];
  for (const [name, override, hung] of hungReads) {
    it(`an alert whose record's settling read hangs (${name}) ends the invocation before its deadline, saying its claim is held`, async () => {
      // REAL lines: two unknown.server requests of one API and window (2023-07-26 12:20 UTC), over
      // its threshold (2), under MinRequests (4). One SYNTHETIC delivery: one alert.
      const payload = payloadOf([LINES[7] ?? '', LINES[8] ?? ''], 0, 1);
      proxy.arm(undefined);
      // SNS takes 39.7 s to answer (the record's settling has 300 ms left); from then on the read hangs.
      const { config, docs, ports } = await clockedPorts(`hung-read-${hung.source.slice(1, 6)}`, {
        publishTakesMs: 39_700,
        afterPublish: () => {
          proxy.force(/^PutItem ALERT#.* \(published\)$/, FAULT.lostReset);
          proxy.outage(hung, FAULT.hang);
        },
        override,
      });
      const cap = new Promise<'overran'>((resolve) => setTimeout(resolve, 5_000, 'overran').unref());
      const ended = await Promise.race([
        processDelivery(payload, config, ports, { deadlineMs: PLAY_NOW + MIN }).then(
          () => 'ended' as const,
          () => 'failed' as const,
        ),
        cap,
      ]);
      const injected = proxy.injected.join('\n');
      proxy.arm(undefined);
      assert.match(injected, /: hang \(outage\)/);
      assert.equal(ended, 'ended', 'the invocation ended without failing, before its deadline');
      assert.ok(
        docs.some((d) => d.type === 'alert-claim-held'),
        'it says the claim is held',
      );
    });
  }

  it("an alert sent but not recorded is sent again by Lambda's retry when another alert of the delivery failed: a duplicate, never a lost alert", async () => {
    // REAL lines: two unknown.server requests of one API (z1ctxygne5) in one window, and four
    // failed requests with no API or time of their own (an error rate of 100 % in T0's window).
    // One SYNTHETIC delivery: two alerts.
    const payload = payloadOf(
      [7, 8, 1, 2, 3, 4].map((n) => LINES[n] ?? ''),
      0,
      1,
    );
    proxy.arm(undefined);
    armSns(undefined);
    const calm = await play([payload], 'unrecorded-other-calm');
    assert.equal(calm.alerts.length, 2, 'two alerts');
    assert.equal(calm.alerts.filter((a) => a.includes('z1ctxygne5')).length, 1);

    const { config, clock, ports } = await clockedPorts('unrecorded-other');
    // z1ctxygne5's alert goes out and DynamoDB refuses to record it; SNS refuses the other alert
    // on the SDK's 3 attempts.
    proxy.outage(/^PutItem ALERT#z1ctxygne5.* \(published\)$/, FAULT.internal);
    const refusals: SnsFault[] = [SNS_FAILURE.internal, SNS_FAILURE.internal, SNS_FAILURE.internal];
    sns.inject((form) => (form.get('Subject')?.includes('z1ctxygne5') ? undefined : refusals.shift()));
    await assert.rejects(processDelivery(payload, config, ports, { deadlineMs: PLAY_NOW + MIN }));
    proxy.arm(undefined);
    sns.inject(undefined);
    assert.equal(refusals.length, 0);

    // Lambda's retry, a minute after the invocation ended, past the claim's lease.
    clock.now += MIN;
    await processDelivery(payload, config, ports, { deadlineMs: clock.now + MIN });
    const sent = sns.publishes
      .filter((p) => p.topicArn === config.topicArn)
      .map(alertKey)
      .sort();
    const sentOnce = calm.alerts.find((a) => !a.includes('z1ctxygne5'));
    const sentTwice = calm.alerts.find((a) => a.includes('z1ctxygne5'));
    assert.deepEqual(sent, [sentOnce, sentTwice, sentTwice].sort());
  });

  for (const fault of LOST) {
    it(`a delivery whose record as processed loses its answer (${fault}) still writes UnparsedLines, once`, async () => {
      proxy.arm(undefined);
      proxy.force(/^PutItem DELIVERY#/, fault);
      const played = await play([payloadOf(LINES.slice(0, 3), 0, 1)], `record-${fault}`);
      assert.match(proxy.injected.join('\n'), /^PutItem DELIVERY#.*: lost-/);
      assert.equal(played.unparsedDocs, 1);
    });
  }

  it('a delivery whose record as processed commits, its answer lost, and whose retry of the write is refused (a 400), still writes UnparsedLines, once', async () => {
    proxy.arm(undefined);
    // The record commits and its answer is lost; the SDK's retry is refused before reaching the table.
    proxy.force(/^PutItem DELIVERY#/, FAULT.lostReset);
    proxy.force(/^PutItem DELIVERY#/, FAULT.accessDenied);
    const played = await play([payloadOf(LINES.slice(0, 3), 0, 1)], 'record-lost-then-refused');
    assert.equal(proxy.injected.filter((line) => line.startsWith('PutItem DELIVERY#')).length, 2);
    assert.ok(played.thrown >= 1, "the invocation fails, and Lambda's retry records the delivery");
    assert.equal(played.unparsedDocs, 1);
  });

  it("a copy of a delivery whose record is refused leaves another copy's record of it: its UnparsedLines are written once", async () => {
    proxy.arm(undefined);
    const tableName = 'record-rival';
    const payload = payloadOf(LINES.slice(0, 3), 0, 1);
    const first = await play([payload], tableName);
    assert.equal(first.unparsedDocs, 1);
    // A second copy that read the delivery as new before the first recorded it; its record is
    // refused (a 400, never reaching the table), so it fails and Lambda retries it.
    const config = configFor(tableName);
    const docs: Record<string, unknown>[] = [];
    const ports: DeliveryPorts = {
      ...awsPortsFor(config),
      isDeliveryProcessed: async () => false,
      log: (line) => docs.push({ ...line }),
      now: () => PLAY_NOW,
      sleep: () => Promise.resolve(),
    };
    proxy.force(/^PutItem DELIVERY#/, FAULT.accessDenied);
    await assert.rejects(processDelivery(payload, config, ports));
    const retry = await play([payload], tableName, { reuseTable: true });
    assert.equal(docs.filter((d) => 'UnparsedLines' in d).length + retry.unparsedDocs, 0);
  });

  it('an alert published after the time for retrying its record is still recorded as sent when DynamoDB answers at once', async () => {
    // REAL lines: two unknown.server requests of one API and window (2023-07-26 12:20 UTC), over
    // its threshold (2), under MinRequests (4). One SYNTHETIC delivery: one alert.
    const payload = payloadOf([LINES[7] ?? '', LINES[8] ?? ''], 0, 1);
    proxy.arm(undefined);
    // SNS takes 45 s to answer: past the time for retrying the record (20 s before the deadline).
    const { config, docs, ports } = await clockedPorts('late-publish', { publishTakesMs: 45_000 });
    await processDelivery(payload, config, ports, { deadlineMs: PLAY_NOW + MIN });
    assert.ok(!docs.some((d) => d.type === 'alert-claim-held'), JSON.stringify(docs.map((d) => d.type)));
  });

  // The SDK's 4 attempts refused with a 500, or one 400 it does not retry.
  const readFaults: [string, Fault, number][] = [
    ['a 500 on every attempt', FAULT.internal, 4],
    ['a 400 AccessDeniedException', FAULT.accessDenied, 1],
  ];
  for (const [name, fault, times] of readFaults) {
    it(`a delivery whose record as processed loses its answer, and whose read of it fails (${name}), still writes UnparsedLines, once`, async () => {
      proxy.arm(undefined);
      // The start's read that the delivery is new passes; the record commits, its answer lost, so
      // the SDK's retry fails on the record's own condition; the read that would show it its own fails.
      proxy.force(/^GetItem DELIVERY#/, FAULT.none);
      proxy.force(/^PutItem DELIVERY#/, FAULT.lostReset);
      for (let i = 0; i < times; i++) proxy.force(/^GetItem DELIVERY#/, fault);
      const played = await play([payloadOf(LINES.slice(0, 3), 0, 1)], `record-read-${fault}`);
      assert.equal(proxy.injected.filter((line) => line.startsWith('GetItem DELIVERY#')).length, times + 1);
      // Once, or more when the SDK's retry budget, drained by earlier tests, leaves a 500 to Lambda.
      assert.ok(played.thrown >= 1, "the invocation fails, and Lambda's retry records the delivery");
      assert.equal(played.unparsedDocs, 1);
    });
  }

  it('faults are transient: counters exact, alerts those of the fault-free run, metrics never doubled', {
    timeout: 120_000,
  }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        run += 1;
        const { calm, chaos, trace } = await playCalmAndChaos(s, `chaos-${run}`);
        assert.deepEqual(chaos.alerts, calm.alerts, `the alerts sent are the fault-free run's\n${trace}`);
      }),
      SETTINGS,
    );
  });
});

/** The SNS faults in a chaos play: seeded like the DynamoDB ones, by the Publish's form. */
const snsFaults = seededFaults(snsFaultPlan);

/**
 * A Publish's faults, in the order its sends meet them. The SNS SDK makes 3 attempts: a burst of 3
 * or more refusals fails the invocation. Throttling is rare: the SDK waits up to a second after it.
 */
function snsFaultPlan(random: () => number, rate: number): SnsFault[] {
  if (random() >= rate) return [];
  const r = random();
  const burst = (fault: SnsFault) => Array.from({ length: 3 + Math.floor(random() * 2) }, () => fault);
  if (r < 0.2) return [SNS_FAILURE.internal];
  if (r < 0.35) return burst(SNS_FAILURE.internal);
  if (r < 0.5) return [SNS_LOST.reset];
  if (r < 0.65) return [SNS_LOST.internal];
  // Sent on every attempt, heard on none: the invocation fails, and Lambda's retry sends it again.
  if (r < 0.75) return burst(SNS_LOST.internal);
  if (r < 0.9) return [...burst(SNS_FAILURE.internal), SNS_LOST.reset];
  return [SNS_FAILURE.throttling];
}

/** A Publish's form less its topic (named after the play's table), so a seed replays alike. */
function stablePublish(form: URLSearchParams): string {
  const copy = new URLSearchParams(form);
  copy.delete('TopicArn');
  return copy.toString();
}

/** Arms (or, with no seed, disarms) the SNS server's seeded faults, tracing them into `injected`. */
function armSns(seed: number | undefined, rate = 0, injected: string[] = []): void {
  snsFaults.arm(seed, rate);
  sns.inject(
    seed === undefined
      ? undefined
      : (form) => {
          const { fault, n } = snsFaults.next(stablePublish(form));
          if (fault !== undefined) injected.push(`Publish ${form.get('Subject')} #${n}: ${fault}`);
          return fault;
        },
  );
}

/**
 * Plays a scenario without faults, then through them on a fresh table, and checks what both must
 * share whatever the faults: counters exact, metrics never doubled and complete unless a write's
 * answer was lost. The alerts are the caller's to compare.
 */
async function playCalmAndChaos(s: Scenario, name: string, options: { snsRate?: number } = {}) {
  const payloads = sequenceOf(s);
  const expected = expectedCounts(payloads, configFor('x'));
  proxy.arm(undefined);
  armSns(undefined);
  const calm = await play(payloads, `${name}-calm`);
  const snsInjected: string[] = [];
  proxy.arm(s.faultSeed, s.faultRate);
  if (options.snsRate !== undefined) armSns(s.faultSeed, options.snsRate, snsInjected);
  const chaos = await play(payloads, `${name}-faults`);
  const injected = [...proxy.injected, ...snsInjected];
  proxy.arm(undefined);
  armSns(undefined);
  const rates = `rate ${s.faultRate}${options.snsRate === undefined ? '' : `, SNS ${options.snsRate}`}`;
  const trace = `faults (seed ${s.faultSeed}, ${rates}):\n  ${injected.join('\n  ')}`;

  for (const [play, table] of [
    ['calm', `${name}-calm`],
    ['faults', `${name}-faults`],
  ] as const) {
    const counted = await tableCounts(dynamo, table);
    assert.deepEqual(
      Object.fromEntries([...counted].sort()),
      Object.fromEntries([...expected.counts].sort()),
      `${play}: counters are the pure analysis of the unique deliveries\n${trace}`,
    );
  }
  assert.equal(calm.failedMetric, expected.failures);
  assert.equal(calm.requestsMetric, expected.requests);
  assert.equal(calm.unparsedDocs, expected.unique);
  // A counter write whose answer is lost leaves its counts off the dashboard, a processed
  // record whose answer is lost may leave UnparsedLines off (README, Metrics); nothing else
  // may, and nothing may write a metric twice.
  const lostOn = (prefix: string) =>
    injected.some((line) => line.startsWith(prefix) && LOST.some((f) => line.endsWith(f)));
  const lostCount = lostOn('UpdateItem COUNT#');
  assert.ok(chaos.unparsedDocs <= expected.unique, `UnparsedLines never doubled\n${trace}`);
  if (!lostOn('PutItem DELIVERY#'))
    assert.equal(chaos.unparsedDocs, expected.unique, `UnparsedLines once per delivery\n${trace}`);
  assert.ok(chaos.failedMetric <= expected.failures, `FailedRequests never doubled\n${trace}`);
  assert.ok(chaos.requestsMetric <= expected.requests, `Requests never doubled\n${trace}`);
  if (!lostCount) {
    assert.equal(chaos.failedMetric, expected.failures, `FailedRequests complete\n${trace}`);
    assert.equal(chaos.requestsMetric, expected.requests, `Requests complete\n${trace}`);
  }
  return { payloads, calm, chaos, trace };
}

function tally(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** Access lines with neither a time nor an API of their own: they count in their event's window. */
const TIMELESS = LINES.filter((line) => {
  const parsed = parseAccessLine(line);
  return parsed?.ok === true && parsed.record.timeMs === undefined && parsed.record.apiId === undefined;
});

/**
 * Deliveries after the chaos has settled and every claim's lease has run out: the scenario's lines
 * again in new envelopes (new incidents, escalations, or late data for old windows), then a timeless
 * line well after them (resolutions). SYNTHETIC envelopes, REAL lines.
 */
function followUpOf(payloads: readonly SubscriptionPayload[]): SubscriptionPayload[] {
  const lines = payloads.flatMap((p) => p.logEvents.map((e) => e.message));
  return [payloadOf(lines, 40, 9), payloadOf(TIMELESS.slice(0, 1), 70, 9)];
}

/** Past every lease a play's claims hold (Lambda's 15-minute maximum timeout and the margin). */
const AFTER_LEASES = PLAY_NOW + 16 * MIN;

/**
 * The deliveries played without faults, then again on a fresh table with the SDK's three attempts at
 * the last delivery's first Publish refused (the invocation fails once); both runs' alerts.
 */
async function calmThenLastPublishRefused(deliveries: readonly SubscriptionPayload[], name: string) {
  armSns(undefined);
  const calm = await play(deliveries, `${name}-calm`);
  const before = await play(deliveries.slice(0, -1), `${name}-refused`);
  sns.failNext(3, SNS_FAILURE.internal);
  const refused = await play(deliveries.slice(-1), `${name}-refused`, { reuseTable: true });
  return { calm: calm.alerts, refused: [...before.alerts, ...refused.alerts].sort(), thrown: refused.thrown };
}

describe('alerting through SNS and DynamoDB faults (the loopback SNS server and the chaos proxy)', () => {
  it('a Publish whose answer is lost is sent again, and only that message', async () => {
    const all = [payloadOf(LINES, 0, 1)];
    armSns(undefined);
    const calm = await play(all, 'sns-lost-calm');
    for (const lost of Object.values(SNS_LOST)) {
      const faults: SnsFault[] = [lost];
      sns.inject(() => faults.shift());
      const played = await play(all, `sns-${lost}`);
      sns.inject(undefined);
      assert.equal(played.lostAlerts.length, 1, lost);
      assert.deepEqual(
        played.alerts,
        [...calm.alerts, ...played.lostAlerts].sort(),
        `${lost}: the fault-free run's alerts, and the lost one again`,
      );
    }
  });

  it("a cause's alert whose Publish fails is sent by the retry, though the same delivery alerts that cause in a later window", async () => {
    // REAL lines: an unknown.server with its own time (2023-07-25 16:25 UTC), and one with no time
    // or API of its own (counted in its event's window, T0's). SYNTHETIC envelopes: the first
    // delivery leaves 16:25 one short of the threshold; the second crosses it there and at T0.
    const [old, timeless] = [LINES[10] ?? '', LINES[18] ?? ''];
    const deliveries = [payloadOf([old], 0, 1), payloadOf([old, timeless, timeless], 1, 2)];
    // The first Publish refused is the older window's alert.
    const { calm, refused, thrown } = await calmThenLastPublishRefused(deliveries, 'sns-same-cause');
    assert.equal(calm.filter((a) => a.includes('unknown.server')).length, 2, 'two incidents of one cause');
    assert.equal(thrown, 1);
    assert.deepEqual(refused, calm);
  });

  it("an error rate its dominant cause's alert covers sends nothing, though that alert's Publish failed", async () => {
    // REAL lines: two not-found.route lines with no time or API of their own, in two SYNTHETIC
    // deliveries (one line twice in a delivery is one request): 4 of 4 requests fail in T0's
    // window, over the cause's threshold (3) and the rate's (50 %), when the second comes.
    const [a, b] = [LINES[2] ?? '', LINES[21] ?? ''];
    const deliveries = [payloadOf([a, b], 0, 1), payloadOf([a, b], 0, 2)];
    // The first Publish refused is the cause's alert.
    const { calm, refused, thrown } = await calmThenLastPublishRefused(deliveries, 'sns-rate-covered');
    assert.deepEqual(
      calm.map((alert) => alert.split(' ')[0]),
      ['alert'],
      'the cause alerts, the rate it covers does not',
    );
    assert.equal(thrown, 1);
    assert.deepEqual(refused, calm);
  });

  it('every alert is sent at least once, a second time only after a lost answer; counters exact; no claim held past its lease', {
    timeout: 120_000,
  }, async () => {
    assert.ok(TIMELESS.length > 0, 'a real access line with no time or API of its own');
    let run = 0;
    await fc.assert(
      // Publishes are few (a handful a run), so they meet faults more often than DynamoDB writes.
      fc.asyncProperty(scenario, fc.constantFrom(0.3, 0.6, 0.9), async (s, snsRate) => {
        run += 1;
        const name = `sns-chaos-${run}`;
        const played = await playCalmAndChaos(s, name, { snsRate });
        const { payloads, calm, chaos } = played;
        const sentBoth = `fault-free: ${calm.alerts.join('; ')}\nthrough faults: ${chaos.alerts.join('; ')}`;
        const trace = `${played.trace}\n${sentBoth}`;
        const sent = tally(chaos.alerts);
        const wanted = tally(calm.alerts);
        const lost = tally(chaos.lostAlerts);
        for (const key of new Set([...sent.keys(), ...wanted.keys()])) {
          const [n, want, extra] = [sent.get(key) ?? 0, wanted.get(key) ?? 0, lost.get(key) ?? 0];
          assert.ok(n >= want, `"${key}" sent ${n} times, the fault-free run ${want}\n${trace}`);
          assert.ok(
            n <= want + extra,
            `"${key}" sent ${n} times, the fault-free run ${want}, answers lost ${extra}\n${trace}`,
          );
        }
        const later = followUpOf(payloads);
        const options = { nowMs: AFTER_LEASES, reuseTable: true };
        const calmLater = await play(later, `${name}-calm`, options);
        const chaosLater = await play(later, `${name}-faults`, options);
        assert.deepEqual(
          chaosLater.alerts,
          calmLater.alerts,
          `after the leases, later deliveries alert and resolve as after the fault-free run\n${trace}`,
        );
      }),
      { ...SETTINGS, numRuns: Number(process.env.FC_RUNS ?? 3) },
    );
  });
});
