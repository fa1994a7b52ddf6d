/**
 * A model-based harness for the alerting engine: generated sequences of deliveries (failures and
 * successes for a few API + cause keys, at advancing and sometimes late log times), redeliveries of
 * the same delivery, two invocations interleaved port call by port call, SNS Publish failing (and
 * sometimes the write releasing the claim too), Lambda's retries, clock jumps past window and
 * cooldown ends, and redeploys that turn the error rate's judging off or back on (JUDGE_ERROR_RATE,
 * as a failures-only access-log filter does), all driven through the real processDelivery over an
 * in-memory table. A reference model of what the README's "Alerting" section promises (and
 * docs/deploy-details.md of the rate turned off) is checked after every step and at the end.
 *
 * The access-log lines are SYNTHETIC, in the corpus's JSON shape (see test/integration/deliveries.ts).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
// The interleavings replay from their seed with the same generator the benchmark's data uses.
import { prng } from '../../../bench/deliveries';
import type { AnalyzerConfig } from '../../../lambda/config';
import { loadConfig } from '../../../lambda/config';
import { counterKeyId } from '../../../lambda/core/aggregate';
import type { AlertMessage } from '../../../lambda/core/alert-message';
import { deliveryIdOf } from '../../../lambda/core/delivery-id';
import type { AlertState } from '../../../lambda/core/incident';
import { CAUSE_IDS, type Cause } from '../../../lambda/core/taxonomy';
import { dominantCause, ERROR_RATE, thresholdFor, type WindowCounts } from '../../../lambda/core/thresholds';
import type { SubscriptionPayload } from '../../../lambda/core/types';
import type { DeliveryPorts } from '../../../lambda/delivery-ports';
import { processDelivery } from '../../../lambda/process-delivery';
import { ACCESS_LOG_GROUP, type AccessLine, accessLine, eventId } from '../../integration/deliveries';

const MODEL_T0 = Date.UTC(2026, 10, 25, 12, 0);
const MIN = 60_000;
/** Lambda's default timeout in this stack (lib/api-error-analyzer.ts): the invocation's deadline. */
const TIMEOUT_MS = 60_000;
/** Lambda retries a failed asynchronous invocation about a minute after it ended. */
const RETRY_DELAY_MS = 60_000;

/** Small thresholds, so short sequences cross, escalate (10×) and resolve them. */
export const MODEL_CONFIG: AnalyzerConfig = loadConfig({
  TABLE_NAME: 'model',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:model',
  WINDOW_MINUTES: '5',
  COOLDOWN_MINUTES: '15',
  LIMIT_ERROR_THRESHOLD: '4',
  SERVER_ERROR_THRESHOLD: '3',
  ERROR_RATE_PERCENT: '50',
  MIN_REQUESTS: '8',
});
const WINDOW_MS = MODEL_CONFIG.windowMinutes * MIN;
const SPAN_MS = Math.max(MODEL_CONFIG.cooldownMinutes * MIN, WINDOW_MS);
const STAGE = 'prod';
const MODEL_APIS = ['api1', 'api2'] as const;
/** The causes the generated lines classify to: a throttled Lambda (502, Lambda 429) and a bare 503. */
const CAUSE_OF = { limit: 'limit.backend', server: 'unknown.server' } as const satisfies Record<
  string,
  Cause
>;
type Subject = Cause | typeof ERROR_RATE;
const SUBJECTS: readonly Subject[] = [CAUSE_OF.limit, CAUSE_OF.server, ERROR_RATE];

interface DeliverySpec {
  readonly api: (typeof MODEL_APIS)[number];
  /** How many windows behind the log clock its events are (a late stream). */
  readonly lag: number;
  readonly limit: number;
  readonly server: number;
  readonly ok: number;
}

type Step =
  | { readonly kind: 'deliver'; readonly d: DeliverySpec }
  | { readonly kind: 'redeliver'; readonly pick: number }
  | {
      readonly kind: 'concurrent';
      readonly a: DeliverySpec;
      readonly b: DeliverySpec | number;
      readonly seed: number;
    }
  | { readonly kind: 'sns-outage'; readonly publishes: number; readonly releaseToo: boolean }
  /**
   * DynamoDB fails the next invocation's table calls from its `from`-th on (the first of them
   * `committed`, its answer lost, or not), so it stops anywhere: before or after its claim, after
   * its Publish, while recording it, while revisiting a breach. Lambda retries it.
   */
  | { readonly kind: 'dynamo-outage'; readonly from: number; readonly committed: boolean }
  | { readonly kind: 'retry'; readonly pick: number }
  | { readonly kind: 'advance'; readonly windows: number }
  /**
   * A deploy flips JUDGE_ERROR_RATE (a failures-only access-log filter set or removed): invocations
   * from here on run with the new config, retries of earlier ones too.
   */
  | { readonly kind: 'redeploy' };

const count = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 30, max: 45 }) },
);
const deliverySpec: fc.Arbitrary<DeliverySpec> = fc.record({
  api: fc.constantFrom(...MODEL_APIS),
  lag: fc.oneof(
    { weight: 5, arbitrary: fc.constant(0) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }) },
  ),
  limit: count,
  server: count,
  ok: fc.nat({ max: 10 }),
});
/**
 * Failures under both cause thresholds that make half or more of 6-10 requests: an error rate over
 * ErrorRatePercent no cause alert covers, so rate incidents open (and a redeploy finds one open).
 */
const rateSpec: fc.Arbitrary<DeliverySpec> = fc.record({
  api: fc.constantFrom(...MODEL_APIS),
  lag: fc.constant(0),
  limit: fc.integer({ min: 2, max: 3 }),
  server: fc.integer({ min: 1, max: 2 }),
  ok: fc.integer({ min: 3, max: 5 }),
});
export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 7, arbitrary: deliverySpec.map((d) => ({ kind: 'deliver' as const, d })) },
  { weight: 2, arbitrary: rateSpec.map((d) => ({ kind: 'deliver' as const, d })) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'redeliver' as const, pick })) },
  {
    weight: 3,
    arbitrary: fc
      .record({ a: deliverySpec, b: fc.oneof(deliverySpec, fc.nat()), seed: fc.nat() })
      .map((c) => ({ kind: 'concurrent' as const, ...c })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ publishes: fc.integer({ min: 1, max: 3 }), releaseToo: fc.boolean() })
      .map((o) => ({ kind: 'sns-outage' as const, ...o })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ from: fc.integer({ min: 1, max: 24 }), committed: fc.boolean() })
      .map((o) => ({ kind: 'dynamo-outage' as const, ...o })),
  },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'retry' as const, pick })) },
  {
    weight: 3,
    arbitrary: fc.integer({ min: 1, max: 5 }).map((windows) => ({ kind: 'advance' as const, windows })),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'redeploy' as const }) },
);

function awsError(name: string): Error {
  return Object.assign(new Error(`${name} (synthetic)`), { name });
}

/** Waits for a port call's turn; the call then reports its end through the function it returns. */
type Gate = () => Promise<() => void>;

/**
 * Runs invocations together: every port call waits at a gate, and the next gate to open is drawn
 * from the seed, so two invocations interleave at every read and write, reproducibly. A call runs
 * alone until it ends (a real table answers over the network), so its timing never decides the order.
 */
class Interleaver {
  private readonly waiting: ((end: () => void) => void)[] = [];
  private inFlight = false;
  constructor(private readonly next: () => number) {}
  gate: Gate = () => new Promise((resolve) => this.waiting.push(resolve));
  async run(tasks: readonly (() => Promise<void>)[]): Promise<PromiseSettledResult<void>[]> {
    let done = false;
    const all = Promise.allSettled(tasks.map((t) => t())).then((r) => {
      done = true;
      return r;
    });
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      if (!this.inFlight && this.waiting.length > 0) {
        const [open] = this.waiting.splice(Math.floor(this.next() * this.waiting.length), 1);
        this.inFlight = true;
        open?.(() => {
          this.inFlight = false;
        });
      }
    }
    return all;
  }
}

/** The table's ports, for a run against a real DynamoDB implementation (see AlertModel). */
export type TablePorts = Pick<
  DeliveryPorts,
  | 'isDeliveryProcessed'
  | 'markDeliveryProcessed'
  | 'applyIncrements'
  | 'readWindow'
  | 'readAlertStates'
  | 'writeAlertState'
>;

/** Alert states as a table returns them: no undefined fields, in subject order. */
function comparable(states: readonly AlertState[]): unknown {
  return JSON.parse(JSON.stringify([...states].sort((a, b) => a.subject.localeCompare(b.subject))));
}

interface Counter {
  count: number;
  masked: number;
  readonly applied: Set<string>;
}

/** One published message as the model reads it, with the table's counts at the moment it went out. */
interface Sent {
  readonly seq: number;
  readonly step: number;
  readonly kind: 'alert' | 'escalation' | 'resolved';
  readonly api: string;
  readonly subject: Subject;
  readonly cause: Cause;
  readonly windowStartMs: number;
  readonly count?: number;
  readonly alertCount?: number;
  readonly sms: string;
  readonly atPublish: WindowCounts;
  /**
   * Published, but its invocation failed on DynamoDB before recording it as sent (README: an
   * invocation that dies between Publish and recording it may publish again on retry, and a later
   * breach alerts again; no escalation or resolution need follow it).
   */
  unrecorded?: boolean;
  /** An error-rate resolution sent because the rate is no longer judged (README), not because it went quiet. */
  readonly rateNotJudged: boolean;
}

/** One invocation's own view: its table calls so far, its DynamoDB outage, the messages it has not yet recorded as sent. */
interface Invocation {
  tableCalls: number;
  readonly fault?: { readonly from: number; readonly committed: boolean };
  faulted: boolean;
  readonly unrecorded: Sent[];
}

function parseSent(
  message: AlertMessage,
  seq: number,
  step: number,
  atPublish: (api: string, w: number) => WindowCounts,
): Sent {
  const { kind, api, cause } = message.attributes;
  const window = /Window: (\d{4}-\d\d-\d\d) (\d\d:\d\d)-/.exec(message.email);
  assert.ok(window, `no window in ${message.email}`);
  const windowStartMs = Date.parse(`${window[1]}T${window[2]}:00Z`);
  const rate = /% errors|RESOLVED error rate/.test(message.sms);
  const counted = /: (?:ESCALATED )?(\d+)x /.exec(message.sms) ?? /\((\d+)\/\d+/.exec(message.sms);
  const alertAt = /alert at (\d+)/.exec(message.sms);
  const notJudged = /no longer judged/.test(message.sms);
  assert.equal(
    notJudged,
    /no longer judged/.test(message.email),
    'the SMS and the e-mail agree the rate is no longer judged',
  );
  return {
    seq,
    step,
    kind,
    api,
    subject: rate ? ERROR_RATE : cause,
    cause,
    windowStartMs,
    count: counted ? Number(counted[1]) : undefined,
    alertCount: alertAt ? Number(alertAt[1]) : undefined,
    sms: message.sms,
    atPublish: atPublish(api, windowStartMs),
    rateNotJudged: notJudged,
  };
}

function isOver(subject: Subject, counts: WindowCounts, threshold: number, minRequests: number): boolean {
  if (subject === ERROR_RATE) {
    const failures = CAUSE_IDS.reduce((n, c) => n + (counts.causes[c]?.count ?? 0), 0);
    return (
      counts.requests > 0 && counts.requests >= minRequests && (failures / counts.requests) * 100 >= threshold
    );
  }
  return (counts.causes[subject]?.count ?? 0) >= threshold;
}

function thresholdOf(subject: Subject): number {
  return subject === ERROR_RATE ? MODEL_CONFIG.errorRatePercent : thresholdFor(subject, MODEL_CONFIG);
}

/** Over its threshold as a config judges it: the error rate not at all when JUDGE_ERROR_RATE is false. */
function breached(subject: Subject, counts: WindowCounts, judgeErrorRate: boolean): boolean {
  if (subject === ERROR_RATE && !judgeErrorRate) return false;
  return isOver(subject, counts, thresholdOf(subject), MODEL_CONFIG.minRequests);
}

interface Delivery {
  readonly spec: DeliverySpec;
  readonly windowStartMs: number;
  readonly payload: SubscriptionPayload;
}

/**
 * The whole world of one run: the table, SNS, the clocks, and the model's own bookkeeping. Given a
 * real table's ports, every table call goes to both it and the in-memory table, which must agree
 * (same answers, same conditional-write outcomes); the real table's answers drive the run.
 */
export class AlertModel {
  constructor(private readonly real?: TablePorts) {}

  private readonly counters = new Map<string, Counter>();
  private readonly states = new Map<string, AlertState>();
  private readonly processed = new Set<string>();
  readonly sent: Sent[] = [];
  private readonly deliveries: Delivery[] = [];
  /** Deliveries whose processDelivery ran at least once: their counts are in the table. */
  private readonly counted = new Set<Delivery>();
  /** Failed invocations waiting for Lambda's retry, with the wall time it may come. */
  private retries: { delivery: Delivery; notBefore: number }[] = [];
  private logWindow = 0;
  private wall = MODEL_T0 + 60 * MIN;
  private snsFailures = 0;
  private releaseFailures = 0;
  /** The next invocation's DynamoDB outage (dynamo-outage). */
  private dynamoFault?: { readonly from: number; readonly committed: boolean };
  private seq = 0;
  private stepIndex = 0;
  /** Whether two invocations are running interleaved. */
  private together = false;
  /**
   * Port calls so far: the order of events inside a step, where two invocations interleave (a step
   * index cannot tell which of them came first).
   */
  private calls = 0;
  /** When each (api, subject, window) first went over its threshold in the table. */
  private readonly overSince = new Map<string, { readonly step: number; readonly call: number }>();
  /**
   * When the current resolution claim of each (api, subject) was written: step index (its decision
   * read the counts earlier in that step, perhaps before a breach another invocation counted).
   */
  private readonly resolutionClaimedAt = new Map<string, number>();
  /** When each incident (api, subject, alerted window) was first claimed: port call. */
  private readonly alertClaimedAt = new Map<string, number>();
  /** The config deployed now (redeploy flips judgeErrorRate): every invocation runs with it, a retry too. */
  private config: AnalyzerConfig = MODEL_CONFIG;
  /** The last step whose deploy turned the error rate's judging off (0: none). */
  private rateOffAtStep = 0;
  /** The last counts each (api, window) got: the step, and whether the rate was judged then. */
  private readonly lastApplied = new Map<string, { readonly step: number; readonly judged: boolean }>();
  readonly trace: string[] = [];

  private key(api: string, w: number, subject: string): string {
    return `${api}|${w}|${subject}`;
  }

  private windowCounts(api: string, windowStartMs: number): WindowCounts {
    const causes: Partial<Record<Cause, { count: number; masked: number }>> = {};
    let requests = 0;
    for (const [key, item] of this.counters) {
      const [a, w, subject] = key.split('|');
      if (a !== api || Number(w) !== windowStartMs) continue;
      if (subject === 'requests') requests += item.count;
      else causes[subject as Cause] = { count: item.count, masked: item.masked };
    }
    return { api, stage: STAGE, windowStartMs, requests, causes };
  }

  private ports(gate: Gate, inv: Invocation): DeliveryPorts {
    const real = this.real;
    /** One table call: the in-memory table's answer, or the real table's after checking they agree. */
    const at = async <T>(
      memory: () => T,
      fromReal?: (real: TablePorts) => Promise<T>,
      agree: (fromReal: T, fromMemory: T) => void = (a, b) => assert.deepEqual(a, b),
      name = 'table call',
    ): Promise<T> => {
      const end = await gate();
      this.calls += 1;
      try {
        // Publish is no table call.
        if (name !== 'publish') inv.tableCalls += 1;
        const fault = inv.fault;
        const failing = name !== 'publish' && fault !== undefined && inv.tableCalls >= fault.from;
        const committed = failing && fault?.committed === true && inv.tableCalls === fault.from;
        if (failing && !committed) {
          inv.faulted = true;
          this.trace.push(`  table call ${inv.tableCalls} (${name}) fails`);
          throw awsError('InternalServerError');
        }
        const fromMemory = memory();
        let answer = fromMemory;
        if (real !== undefined && fromReal !== undefined) {
          answer = await fromReal(real);
          agree(answer, fromMemory);
        }
        if (committed) {
          inv.faulted = true;
          this.trace.push(`  table call ${inv.tableCalls} (${name}) commits, its answer lost`);
          throw awsError('InternalServerError');
        }
        return answer;
      } finally {
        end();
      }
    };
    return {
      isDeliveryProcessed: (id) =>
        at(
          () => this.processed.has(id),
          (t) => t.isDeliveryProcessed(id),
          undefined,
          'isDeliveryProcessed',
        ),
      markDeliveryProcessed: (id, logGroup, expiresAt) =>
        at(
          () => {
            const first = !this.processed.has(id);
            this.processed.add(id);
            return first;
          },
          (t) => t.markDeliveryProcessed(id, logGroup, expiresAt),
          undefined,
          'markDeliveryProcessed',
        ),
      applyIncrements: (id, increments, expiresAt) =>
        at(
          () => {
            const appliedKeys = [];
            for (const inc of increments) {
              const key = this.key(inc.api, inc.windowStartMs, inc.subject);
              const item = this.counters.get(key) ?? { count: 0, masked: 0, applied: new Set<string>() };
              if (item.applied.has(id)) continue;
              item.count += inc.count;
              item.masked += inc.masked;
              item.applied.add(id);
              this.counters.set(key, item);
              appliedKeys.push(inc);
            }
            // Once the call has applied them all: it is one step of the interleaving, and between
            // its keys (failures counted, the requests beside them not yet) no reader comes.
            for (const inc of appliedKeys) {
              const counts = this.windowCounts(inc.api, inc.windowStartMs);
              this.lastApplied.set(`${inc.api}|${inc.windowStartMs}`, {
                step: this.stepIndex,
                judged: this.config.judgeErrorRate,
              });
              for (const subject of SUBJECTS) {
                const over = this.key(inc.api, inc.windowStartMs, subject);
                if (!this.overSince.has(over) && breached(subject, counts, this.config.judgeErrorRate))
                  this.overSince.set(over, { step: this.stepIndex, call: this.calls });
              }
            }
            return {
              applied: appliedKeys.length,
              alreadyApplied: increments.length - appliedKeys.length,
              appliedKeys,
            };
          },
          (t) => t.applyIncrements(id, increments, expiresAt),
          (fromReal, fromMemory) => {
            assert.equal(fromReal.failure, undefined);
            assert.deepEqual(
              [fromReal.applied, fromReal.alreadyApplied, fromReal.appliedKeys.map(counterKeyId).sort()],
              [
                fromMemory.applied,
                fromMemory.alreadyApplied,
                fromMemory.appliedKeys.map(counterKeyId).sort(),
              ],
              'counters applied',
            );
          },
          'applyIncrements',
        ),
      readWindow: (api, stage, windowStartMs) =>
        at(
          () => this.windowCounts(api, windowStartMs),
          (t) => t.readWindow(api, stage, windowStartMs),
          undefined,
          'readWindow',
        ),
      readAlertStates: (api, stage) =>
        at(
          () => [...this.states.values()].filter((s) => s.api === api),
          (t) => t.readAlertStates(api, stage),
          (fromReal, fromMemory) =>
            assert.deepEqual(comparable(fromReal), comparable(fromMemory), 'alert states'),
          'readAlertStates',
        ),
      writeAlertState: (next, expectedVersion, expiresAt) =>
        at(
          () => {
            const released =
              next.phase === 'released' || next.escalation === 'released' || next.resolution === 'released';
            if (released && this.releaseFailures > 0) {
              this.releaseFailures -= 1;
              throw awsError('InternalServerError');
            }
            const key = `${next.api}|${next.subject}`;
            if ((this.states.get(key)?.version ?? 0) !== expectedVersion) return false;
            const before = this.states.get(key);
            // Nothing judges the rate: no breach of it is recorded, so an open incident's next
            // quiet-window decision is its resolution (README), never "the incident goes on".
            if (next.subject === ERROR_RATE && !this.config.judgeErrorRate) {
              assert.ok(
                before !== undefined && next.lastBreachWindowStartMs <= before.lastBreachWindowStartMs,
                `${next.api} error rate: a breach recorded in ${this.w(next.lastBreachWindowStartMs)} while the rate is not judged`,
              );
              assert.notEqual(
                next.phase === 'claimed' && before.phase !== 'claimed',
                true,
                'a rate alert claimed while the rate is not judged',
              );
            }
            if (next.resolution === 'claimed' && before?.resolution !== 'claimed') {
              this.resolutionClaimedAt.set(key, this.stepIndex);
            }
            const incident = `${key}|${next.alertWindowStartMs}`;
            if (next.phase === 'claimed' && !this.alertClaimedAt.has(incident)) {
              this.alertClaimedAt.set(incident, this.calls);
            }
            this.states.set(key, next);
            // The claimant recorded its message as sent.
            for (const [kind, field] of [
              ['alert', 'phase'],
              ['escalation', 'escalation'],
              ['resolved', 'resolution'],
            ] as const) {
              if (next[field] !== 'published' || before?.[field] !== 'claimed') continue;
              const i = inv.unrecorded.findIndex(
                (m) => m.api === next.api && m.subject === next.subject && m.kind === kind,
              );
              if (i >= 0) inv.unrecorded.splice(i, 1);
            }
            return true;
          },
          (t) => t.writeAlertState(next, expectedVersion, expiresAt),
          undefined,
          'writeAlertState',
        ),
      publish: (message) =>
        at(
          () => {
            if (this.snsFailures > 0) {
              this.snsFailures -= 1;
              throw awsError('InternalErrorException');
            }
            this.seq += 1;
            const sent = parseSent(message, this.seq, this.stepIndex, (api, w) => this.windowCounts(api, w));
            this.trace.push(
              `  sent ${sent.kind} ${sent.api} ${sent.subject} ${this.w(sent.windowStartMs)}: ${sent.sms}`,
            );
            this.checkAtPublish(sent);
            this.sent.push(sent);
            inv.unrecorded.push(sent);
            return `m${this.seq}`;
          },
          undefined,
          undefined,
          'publish',
        ),
      readTrails: async () => ({ kind: 'events', events: [] }),
      log: () => {},
      now: () => this.wall,
      sleep: async (ms) => {
        this.wall += ms;
      },
    };
  }

  private w(ms: number): string {
    return `W${(ms - MODEL_T0) / WINDOW_MS}`;
  }

  private newDelivery(spec: DeliverySpec): Delivery {
    const windowStartMs = MODEL_T0 + (this.logWindow - spec.lag) * WINDOW_MS;
    const lines: AccessLine[] = [];
    let i = 0;
    const add = (n: number, line: (requestId: string, timeMs: number) => AccessLine) => {
      for (let k = 0; k < n; k++, i++)
        lines.push(line(`r${this.deliveries.length}-${i}`, windowStartMs + 1000 * i));
    };
    const api = spec.api;
    add(spec.limit, (requestId, timeMs) => ({
      requestId,
      api,
      timeMs,
      status: 502,
      lambdaServiceStatus: 429,
    }));
    add(spec.server, (requestId, timeMs) => ({ requestId, api, timeMs, status: 503 }));
    add(spec.ok, (requestId, timeMs) => ({ requestId, api, timeMs, status: 200, lambdaServiceStatus: 200 }));
    const payload: SubscriptionPayload = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: ACCESS_LOG_GROUP,
      logStream: `stream-${this.deliveries.length}`,
      subscriptionFilters: [],
      logEvents: lines.map((l) => ({ id: eventId(), timestamp: l.timeMs, message: accessLine(l) })),
    };
    const delivery = { spec, windowStartMs, payload };
    this.deliveries.push(delivery);
    return delivery;
  }

  private async invoke(delivery: Delivery, gate: Gate): Promise<void> {
    const inv: Invocation = { tableCalls: 0, fault: this.dynamoFault, faulted: false, unrecorded: [] };
    this.dynamoFault = undefined;
    try {
      await processDelivery(delivery.payload, this.config, this.ports(gate, inv), {
        deadlineMs: this.wall + TIMEOUT_MS,
      });
    } catch (error) {
      if (!(error instanceof Error) || !/synthetic/.test(error.message)) throw error;
      this.trace.push(`  failed: ${error.name}; Lambda retries`);
      this.retries.push({ delivery, notBefore: this.wall + RETRY_DELAY_MS });
    } finally {
      // Counted once its counters are written (before, the outage may have stopped it).
      if (this.countedIn(delivery)) this.counted.add(delivery);
      if (inv.faulted) for (const m of inv.unrecorded) m.unrecorded = true;
    }
  }

  /** Whether the table holds this delivery's counts. */
  private countedIn(delivery: Delivery): boolean {
    const { logGroup, logStream, logEvents } = delivery.payload;
    const id = deliveryIdOf(logGroup, logStream, logEvents);
    return [...this.counters.values()].some((c) => c.applied.has(id));
  }

  private describe(d: Delivery): string {
    const s = d.spec;
    return `${s.api} ${this.w(d.windowStartMs)} limit=${s.limit} server=${s.server} ok=${s.ok}`;
  }

  async run(steps: readonly Step[]): Promise<void> {
    const open: Gate = async () => () => {};
    for (const s of steps) {
      this.stepIndex += 1;
      this.wall += 1000;
      switch (s.kind) {
        case 'deliver': {
          const d = this.newDelivery(s.d);
          this.trace.push(`deliver ${this.describe(d)}`);
          await this.invoke(d, open);
          break;
        }
        case 'redeliver': {
          const d = this.deliveries[s.pick % Math.max(1, this.deliveries.length)];
          if (d === undefined) continue;
          this.trace.push(`redeliver ${this.describe(d)}`);
          await this.invoke(d, open);
          break;
        }
        case 'concurrent': {
          const a = this.newDelivery(s.a);
          const b =
            typeof s.b === 'number' ? this.deliveries[s.b % this.deliveries.length] : this.newDelivery(s.b);
          if (b === undefined) continue;
          this.trace.push(`together (seed ${s.seed}): ${this.describe(a)} | ${this.describe(b)}`);
          const together = new Interleaver(prng(s.seed));
          this.together = true;
          const results = await together.run([
            () => this.invoke(a, together.gate),
            () => this.invoke(b, together.gate),
          ]);
          this.together = false;
          for (const r of results) if (r.status === 'rejected') throw r.reason;
          break;
        }
        case 'sns-outage':
          this.trace.push(`sns fails ${s.publishes}${s.releaseToo ? ', and the release writes too' : ''}`);
          this.snsFailures = s.publishes;
          this.releaseFailures = s.releaseToo ? Number.POSITIVE_INFINITY : 0;
          break;
        case 'dynamo-outage':
          this.trace.push(
            `dynamo fails the next invocation's table calls from call ${s.from}${s.committed ? ' (that one committed)' : ''}`,
          );
          this.dynamoFault = { from: s.from, committed: s.committed };
          break;
        case 'retry': {
          const [r] = this.retries.splice(s.pick % Math.max(1, this.retries.length), 1);
          if (r === undefined) continue;
          this.wall = Math.max(this.wall, r.notBefore);
          this.trace.push(`retry ${this.describe(r.delivery)}`);
          await this.invoke(r.delivery, open);
          break;
        }
        case 'advance':
          this.trace.push(`advance ${s.windows} windows`);
          this.logWindow += s.windows;
          this.wall += s.windows * WINDOW_MS;
          break;
        case 'redeploy': {
          const judgeErrorRate = !this.config.judgeErrorRate;
          this.trace.push(`redeploy: the error rate ${judgeErrorRate ? 'judged again' : 'no longer judged'}`);
          this.config = { ...MODEL_CONFIG, judgeErrorRate };
          if (!judgeErrorRate) this.rateOffAtStep = this.stepIndex;
          break;
        }
      }
      // The release writes fail only as long as the SNS outage lasts.
      this.releaseFailures = Math.min(
        this.releaseFailures,
        this.snsFailures > 0 ? Number.POSITIVE_INFINITY : 0,
      );
      this.checkCounts();
    }
    // SNS and DynamoDB are healthy again: every failed invocation's retry runs to the end.
    this.stepIndex += 1;
    this.snsFailures = 0;
    this.releaseFailures = 0;
    this.dynamoFault = undefined;
    while (this.retries.length > 0) {
      const r = this.retries.shift();
      if (r === undefined) break;
      this.wall = Math.max(this.wall, r.notBefore);
      this.trace.push(`final retry ${this.describe(r.delivery)}`);
      await this.invoke(r.delivery, open);
    }
    // Traffic goes on: one more delivery per API once every claim has lapsed and any retry has come.
    // README's exceptions need none to come (no resolution, a breach left on a claim held after
    // alert-claim-held); with traffic, nothing may be lost.
    this.wall += 3 * MIN;
    for (const api of MODEL_APIS) {
      const d = this.newDelivery({ api, lag: 0, limit: 0, server: 0, ok: 1 });
      this.trace.push(`traffic goes on: ${this.describe(d)}`);
      await this.invoke(d, open);
    }
    if (!this.config.judgeErrorRate) await this.quietUntilRatesResolve();
    this.checkCounts();
    this.checkSequence();
    this.checkNothingLost();
  }

  /**
   * With the rate no longer judged, every error-rate incident still open resolves at its next
   * quiet-window decision, saying so: the log clock moves past every such window (and wall time
   * past every claim) and one more delivery per API comes.
   */
  private async quietUntilRatesResolve(): Promise<void> {
    const open = [...this.states.values()].filter(
      (s) => s.subject === ERROR_RATE && s.phase === 'published' && s.resolution !== 'published',
    );
    if (open.length === 0) return;
    const latest = Math.max(...open.map((s) => s.lastBreachWindowStartMs));
    const windows = Math.max(0, Math.ceil((latest - MODEL_T0) / WINDOW_MS) + 2 - this.logWindow);
    this.logWindow += windows;
    this.wall += windows * WINDOW_MS + 3 * MIN;
    this.trace.push(`advance ${windows} windows past every open rate incident's quiet window`);
    const direct: Gate = async () => () => {};
    for (const api of MODEL_APIS) {
      if (!open.some((s) => s.api === api)) continue;
      const d = this.newDelivery({ api, lag: 0, limit: 0, server: 0, ok: 1 });
      this.trace.push(`traffic goes on: ${this.describe(d)}`);
      await this.invoke(d, direct);
    }
    for (const s of open) {
      const state = this.states.get(`${s.api}|${ERROR_RATE}`);
      const resolution = this.lastOf(s.api, ERROR_RATE, 'resolved');
      assert.ok(
        state?.resolution === 'published' && resolution?.rateNotJudged === true,
        `${s.api} error rate: the incident alerted in ${this.w(s.alertWindowStartMs)} did not resolve as no longer judged`,
      );
    }
  }

  /** Redeliveries and retries count once: the table holds exactly the deliveries that ran. */
  private checkCounts(): void {
    const expected = new Map<string, number>();
    const add = (key: string, n: number) => {
      if (n > 0) expected.set(key, (expected.get(key) ?? 0) + n);
    };
    for (const d of this.counted) {
      add(this.key(d.spec.api, d.windowStartMs, CAUSE_OF.limit), d.spec.limit);
      add(this.key(d.spec.api, d.windowStartMs, CAUSE_OF.server), d.spec.server);
      add(this.key(d.spec.api, d.windowStartMs, 'requests'), d.spec.limit + d.spec.server + d.spec.ok);
    }
    const actual = new Map([...this.counters].map(([k, v]) => [k, v.count]));
    assert.deepEqual(
      Object.fromEntries([...actual].sort()),
      Object.fromEntries([...expected].sort()),
      'counts',
    );
  }

  /** What each message may say when it goes out. */
  private checkAtPublish(sent: Sent): void {
    const { atPublish } = sent;
    const judged = this.config.judgeErrorRate;
    assert.equal(
      sent.rateNotJudged,
      sent.kind === 'resolved' && sent.subject === ERROR_RATE && !judged,
      'a rate resolution says "no longer judged" exactly when the rate is not judged',
    );
    if (sent.kind === 'resolved') {
      // Together, the next incident's alert may go out while this resolution is in flight, and
      // another invocation may count in the quiet window after this one read it (the breach is then
      // recorded and alerted again: checkNothingLost).
      const alone = !this.together;
      const alert = alone
        ? this.lastOf(sent.api, sent.subject, 'alert')
        : this.sent
            .filter(
              (s) =>
                s.api === sent.api &&
                s.subject === sent.subject &&
                s.kind === 'alert' &&
                s.windowStartMs < sent.windowStartMs,
            )
            .at(-1);
      assert.ok(alert, 'a resolution follows an alert');
      assert.ok(sent.windowStartMs > alert.windowStartMs, 'the quiet window comes after the alerted one');
      // README: once the rate is not judged, an open rate incident resolves whatever its window holds.
      if (sent.rateNotJudged) return;
      // Judged on any traffic (README): MinRequests does not apply to an alert already out.
      assert.ok(
        !alone || !isOver(sent.subject, atPublish, thresholdOf(sent.subject), 1),
        'RESOLVED while its window is over the threshold',
      );
      // "the whole window after the last breach": no later window this API's deliveries counted
      // over the threshold before the resolution was decided may still be going on.
      const claimedAt = this.resolutionClaimedAt.get(`${sent.api}|${sent.subject}`) ?? this.stepIndex;
      const incidentAt = this.alertClaimedAt.get(`${sent.api}|${sent.subject}|${alert.windowStartMs}`) ?? 0;
      for (const [key, since] of this.overSince) {
        const [api, w, subject] = key.split('|');
        if (api !== sent.api || subject !== sent.subject || Number(w) <= sent.windowStartMs) continue;
        if (Number(w) >= alert.windowStartMs + SPAN_MS) continue;
        // A window over the threshold before the incident was claimed (its breach then left to
        // its dominant cause's alert, say) is not one this incident heard of.
        if (since.call < incidentAt) continue;
        assert.ok(
          since.step >= claimedAt,
          `RESOLVED ${this.w(sent.windowStartMs)} after ${this.w(Number(w))} went over the threshold (step ${since.step}, resolution claimed at step ${claimedAt})`,
        );
      }
      return;
    }
    // Another invocation may count between this one's read and its Publish (successes lower a
    // rate): exact only alone.
    const alone = !this.together;
    assert.ok(
      sent.subject !== ERROR_RATE || judged,
      `an error-rate ${sent.kind} for ${this.w(sent.windowStartMs)} while the rate is not judged`,
    );
    assert.ok(
      breached(sent.subject, atPublish, judged) || (!alone && sent.subject === ERROR_RATE),
      `${sent.kind} while ${this.w(sent.windowStartMs)} is under the threshold`,
    );
    if (sent.subject === ERROR_RATE) {
      if (alone)
        assert.equal(sent.cause, dominantCause(atPublish)?.cause, 'a rate alert names the dominant cause');
      // README: no error-rate alert for a window its dominant cause's own alert covers, which the
      // window it reported always is. Alone only: another invocation may claim that cause's alert
      // after this one read its state (the two are separate items).
      const reported = this.sent.some(
        (s) =>
          s.kind === 'alert' &&
          s.api === sent.api &&
          s.subject === sent.cause &&
          s.windowStartMs === sent.windowStartMs,
      );
      assert.ok(
        !alone || sent.kind !== 'alert' || !reported,
        `an error-rate alert for ${this.w(sent.windowStartMs)}, which ${sent.cause}'s own alert reported`,
      );
    } else {
      assert.equal(sent.cause, sent.subject);
      const inWindow = atPublish.causes[sent.subject]?.count ?? 0;
      if (alone) assert.equal(sent.count, inWindow, 'the alert says the count in the window');
      else assert.ok((sent.count ?? 0) <= inWindow && (sent.count ?? 0) >= thresholdOf(sent.subject));
    }
    if (sent.kind === 'escalation') {
      const alert = this.lastOf(sent.api, sent.subject, 'alert');
      assert.ok(alert, 'an escalation follows an alert');
      assert.equal(sent.alertCount, alert.count ?? sent.alertCount);
      assert.ok((sent.count ?? 0) >= 10 * (sent.alertCount ?? Number.POSITIVE_INFINITY), 'escalates at 10x');
      assert.ok(
        sent.windowStartMs >= alert.windowStartMs && sent.windowStartMs < alert.windowStartMs + SPAN_MS,
      );
    }
  }

  private lastOf(api: string, subject: Subject, kind: Sent['kind']): Sent | undefined {
    return this.sent.filter((s) => s.api === api && s.subject === subject && s.kind === kind).at(-1);
  }

  /** One alert per incident per cooldown, at most one escalation and one resolution each. */
  private checkSequence(): void {
    for (const api of MODEL_APIS) {
      for (const subject of SUBJECTS) {
        const mine = this.sent.filter((s) => s.api === api && s.subject === subject);
        let alert: Sent | undefined;
        let escalated: Sent | undefined;
        let resolved: Sent | undefined;
        for (const s of mine) {
          if (s.kind === 'alert') {
            if (alert !== undefined) {
              const afterCooldown = s.windowStartMs >= alert.windowStartMs + SPAN_MS;
              // The resolved window ended over the threshold: the incident never ended and alerts
              // again (README), for that window, or for a later one whose breach took over that
              // alert's claim after its Publish failed (incident.ts: a released claim's window is
              // alerted "by its retry, or by the next breach of a later window").
              const resolvedTooSoon =
                resolved !== undefined &&
                (resolved.windowStartMs === s.windowStartMs ||
                  (s.windowStartMs > resolved.windowStartMs &&
                    breached(subject, this.windowCounts(api, resolved.windowStartMs), true)));
              // README: an alert its invocation never recorded as sent is sent again by the retry,
              // and a later breach alerts again.
              assert.ok(
                afterCooldown || resolvedTooSoon || alert.unrecorded === true,
                `${api} ${subject}: alert for ${this.w(s.windowStartMs)} within the cooldown of the alert for ${this.w(alert.windowStartMs)}`,
              );
            }
            alert = s;
            escalated = undefined;
            resolved = undefined;
          } else if (s.kind === 'escalation') {
            // A message its invocation never recorded as sent may go out again (README).
            assert.ok(
              escalated === undefined || escalated.unrecorded === true,
              `${api} ${subject}: a second escalation of one incident`,
            );
            assert.ok(
              resolved === undefined || resolved.unrecorded === true,
              'no escalation after the resolution',
            );
            escalated = s;
          } else {
            assert.ok(
              resolved === undefined || resolved.unrecorded === true,
              `${api} ${subject}: a second resolution of one incident`,
            );
            resolved = s;
          }
        }
      }
    }
  }

  /**
   * Whether an error-rate breach of this window must have been alerted: its last counts came while
   * the rate was judged, no deploy turned the rate off since (a retry re-decides with the config in
   * force, and then raises nothing), and it is judged now. A window that went over while the rate was
   * off is judged again only when more of its counts come.
   */
  private rateOwed(api: string, windowStartMs: number): boolean {
    const last = this.lastApplied.get(`${api}|${windowStartMs}`);
    return this.config.judgeErrorRate && last?.judged === true && last.step > this.rateOffAtStep;
  }

  /**
   * A breach is never silently lost: every window over a threshold in the end is covered by an
   * alert (its own, or one whose cooldown it falls in, or a later one when the window's data came
   * late), and a window a resolution vouched for that turned out over the threshold is alerted again.
   */
  private checkNothingLost(): void {
    const windows = new Set<string>();
    for (const key of this.counters.keys()) {
      const [api, w] = key.split('|');
      windows.add(`${api}|${w}`);
    }
    for (const id of windows) {
      const [api = '', w] = id.split('|');
      const windowStartMs = Number(w);
      const counts = this.windowCounts(api, windowStartMs);
      for (const subject of SUBJECTS) {
        if (!breached(subject, counts, this.rateOwed(api, windowStartMs))) continue;
        const covering = this.sent.filter(
          (s) =>
            s.api === api &&
            s.kind === 'alert' &&
            (s.subject === subject || subject === ERROR_RATE) &&
            (s.windowStartMs > windowStartMs || windowStartMs < s.windowStartMs + SPAN_MS),
        );
        assert.ok(
          covering.length > 0,
          `${api} ${subject} over its threshold in ${this.w(windowStartMs)} and never alerted`,
        );
      }
    }
    for (const r of this.sent.filter((s) => s.kind === 'resolved')) {
      // README's exception: a resolution sent but never recorded, in an invocation that failed,
      // cannot be told from one never sent by its retry, and its window is not alerted again.
      if (r.unrecorded === true) continue;
      // Not a quiet window the resolution vouched for: the rate was no longer judged (README).
      if (r.rateNotJudged) continue;
      // A new alert needs a breach: for the error rate, MinRequests requests too.
      if (
        !breached(r.subject, this.windowCounts(r.api, r.windowStartMs), this.rateOwed(r.api, r.windowStartMs))
      )
        continue;
      const again = this.sent.find(
        (s) =>
          s.api === r.api &&
          s.kind === 'alert' &&
          ((s.seq > r.seq && s.subject === r.subject && s.windowStartMs >= r.windowStartMs) ||
            // README: no error-rate alert while its dominant cause has its own alert out, so a
            // cause alert whose cooldown covers that window stands for the rate's new alert.
            (r.subject === ERROR_RATE &&
              s.subject !== ERROR_RATE &&
              r.windowStartMs < s.windowStartMs + SPAN_MS)),
      );
      assert.ok(
        again,
        `${r.api} ${r.subject}: resolved ${this.w(r.windowStartMs)}, which ended over the threshold, and never alerted again`,
      );
    }
  }
}
