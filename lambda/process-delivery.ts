/**
 * One delivery, end to end: analyze → count in the shared table → decide and publish alerts →
 * metrics. Decisions are the pure core's; I/O goes through `DeliveryPorts`, so the handler wires
 * the AWS adapters and nothing here imports an SDK.
 *
 * Retry safety: counters apply once per delivery id, alert steps are claimed conditionally, and
 * the delivery is recorded as processed only at the end. An AWS error anywhere is thrown so Lambda
 * retries, and the retry redoes only what is missing.
 */
import type { AnalyzerConfig } from './config';
import { aggregateDelivery, type CountedFailure, type CounterIncrement } from './core/aggregate';
import {
  ALERT_KIND,
  type AlertFacts,
  type AlertKind,
  type AlertMessage,
  buildAlertMessage,
  evidenceFor,
  NO_EVIDENCE,
} from './core/alert-message';
import { deliveryIdOf } from './core/delivery-id';
import { buildEmf } from './core/emf';
import {
  type AlertState,
  decideOnBreach,
  decideResolution,
  type IncidentAction,
  type IncidentContext,
  type IncidentStep,
  leaseUntil,
  published,
  released,
  resolutionWindow,
} from './core/incident';
import { analyze } from './core/pipeline';
import {
  type AlertSubject,
  dominantCause,
  ERROR_RATE,
  failuresIn,
  findBreaches,
  type WindowCounts,
} from './core/thresholds';
import { executionLogGroupFor, type TrailLookup, type TrailQuery, trailsFromEvents } from './core/trail';
import type { SubscriptionPayload } from './core/types';

/** Everything a delivery needs from the outside world. */
export interface DeliveryPorts {
  isDeliveryProcessed(deliveryId: string): Promise<boolean>;
  markDeliveryProcessed(deliveryId: string, logGroup: string, expiresAt: number): Promise<boolean>;
  applyIncrements(
    deliveryId: string,
    increments: readonly CounterIncrement[],
    expiresAt: number,
  ): Promise<{ applied: number; alreadyApplied: number }>;
  readWindow(api: string, stage: string, windowStartMs: number): Promise<WindowCounts>;
  readAlertStates(api: string, stage: string): Promise<AlertState[]>;
  writeAlertState(next: AlertState, expectedVersion: number, expiresAt: number): Promise<boolean>;
  publish(alert: AlertMessage): Promise<string>;
  readTrails(query: TrailQuery): Promise<TrailLookup>;
  /** One structured log line (JSON) to the function's log. */
  log(line: Readonly<Record<string, unknown>>): void;
  now(): number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** A processed-delivery record outlives Lambda's longest async retry (6 hours) comfortably. */
const DELIVERY_RECORD_MS = DAY_MS;
/** Optimistic writes that lose a race re-read and decide again, at most this often. */
const MAX_STATE_ATTEMPTS = 4;
/** Trails are searched a little beyond the window: requests straddle its edges. */
const TRAIL_MARGIN_MS = MINUTE_MS;

const KIND_OF: Record<IncidentStep, AlertKind> = {
  alert: ALERT_KIND.alert,
  escalate: ALERT_KIND.escalation,
  resolve: ALERT_KIND.resolved,
};

function epochSeconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

interface Scope {
  readonly api: string;
  readonly stage: string;
  readonly windows: readonly number[];
}

function scopesOf(increments: readonly CounterIncrement[]): Scope[] {
  const byScope = new Map<string, { api: string; stage: string; windows: Set<number> }>();
  for (const inc of increments) {
    const id = `${inc.api}\u0000${inc.stage}`;
    const entry = byScope.get(id) ?? { api: inc.api, stage: inc.stage, windows: new Set<number>() };
    entry.windows.add(inc.windowStartMs);
    byScope.set(id, entry);
  }
  return [...byScope.values()].map((s) => ({ ...s, windows: [...s.windows].sort((a, b) => a - b) }));
}

interface Published {
  readonly kind: AlertKind;
  readonly subject: AlertSubject;
  readonly api: string;
  readonly stage: string;
  readonly windowStart: string;
  readonly messageId: string;
}

/** Alerting over one API + stage: breaches in the windows this delivery touched, then resolutions. */
class ScopeAlerts {
  private readonly windows = new Map<number, WindowCounts>();
  private states = new Map<AlertSubject, AlertState>();
  readonly published: Published[] = [];

  constructor(
    private readonly scope: Scope,
    private readonly counted: readonly CountedFailure[],
    private readonly config: AnalyzerConfig,
    private readonly ports: DeliveryPorts,
    private readonly ctx: IncidentContext,
  ) {}

  async run(): Promise<void> {
    await this.refreshStates();
    for (const windowStartMs of this.scope.windows) {
      const counts = await this.window(windowStartMs);
      for (const breach of findBreaches(counts, this.config)) {
        await this.step(
          breach.subject,
          (state) =>
            decideOnBreach(this.scope, state, breach, windowStartMs, this.ctx, this.states.get(breach.cause)),
          () => windowStartMs,
        );
      }
    }
    const current = this.scope.windows.at(-1) ?? 0;
    for (const subject of [...this.states.keys()]) {
      await this.step(
        subject,
        (state) => {
          const quiet = state === undefined ? undefined : resolutionWindow(state, current, this.ctx);
          if (state === undefined || quiet === undefined) return undefined;
          return this.window(quiet).then((counts) =>
            decideResolution(state, counts, this.config.minRequests, this.ctx),
          );
        },
        // A resolution speaks of the quiet window after the last breach.
        (claimed) => claimed.lastBreachWindowStartMs + this.ctx.windowMs,
      );
    }
  }

  private async refreshStates(): Promise<void> {
    const states = await this.ports.readAlertStates(this.scope.api, this.scope.stage);
    this.states = new Map(states.map((s) => [s.subject, s]));
  }

  private async window(windowStartMs: number): Promise<WindowCounts> {
    const cached = this.windows.get(windowStartMs);
    if (cached) return cached;
    const counts = await this.ports.readWindow(this.scope.api, this.scope.stage, windowStartMs);
    this.windows.set(windowStartMs, counts);
    return counts;
  }

  private expiresAt(state: AlertState): number {
    const windowMs = this.config.windowMinutes * MINUTE_MS;
    const lastUseful = Math.max(
      this.ctx.nowMs,
      state.cooldownUntilMs,
      state.lastBreachWindowStartMs + 2 * windowMs,
    );
    return epochSeconds(lastUseful + DAY_MS);
  }

  /**
   * Decides, claims with a conditional write, then publishes and marks the step published. A lost
   * race re-reads the state and decides again; a failed publish releases the claim and rethrows.
   */
  private async step(
    subject: AlertSubject,
    decide: (
      state: AlertState | undefined,
    ) => IncidentAction | undefined | Promise<IncidentAction | undefined>,
    /** The window the message reports on. */
    windowOf: (claimed: AlertState) => number,
  ): Promise<void> {
    for (let attempt = 0; attempt < MAX_STATE_ATTEMPTS; attempt++) {
      const state = this.states.get(subject);
      const action = await decide(state);
      if (action === undefined || action.kind === 'none') return;
      const won = await this.ports.writeAlertState(
        action.next,
        state?.version ?? 0,
        this.expiresAt(action.next),
      );
      if (!won) {
        await this.refreshStates();
        continue;
      }
      this.states.set(subject, action.next);
      if (action.kind === 'record-breach') return;
      await this.publishClaimed(action.next, action.kind, windowOf(action.next));
      return;
    }
    this.ports.log({
      type: 'alert-state-contended',
      api: this.scope.api,
      stage: this.scope.stage,
      subject,
      reason: `gave up after ${MAX_STATE_ATTEMPTS} lost races; the next delivery decides again`,
    });
  }

  private async publishClaimed(
    claimed: AlertState,
    step: IncidentStep,
    windowStartMs: number,
  ): Promise<void> {
    const kind = KIND_OF[step];
    const facts = await this.facts(claimed, kind, windowStartMs);
    const message = buildAlertMessage(facts);
    let messageId: string;
    try {
      messageId = await this.ports.publish(message);
    } catch (error) {
      const release = released(claimed, step);
      const ok = await this.ports.writeAlertState(release, claimed.version, this.expiresAt(release));
      if (ok) this.states.set(claimed.subject, release);
      throw error;
    }
    const done = published(claimed, step);
    if (await this.ports.writeAlertState(done, claimed.version, this.expiresAt(done))) {
      this.states.set(claimed.subject, done);
    }
    this.published.push({
      kind,
      subject: claimed.subject,
      api: claimed.api,
      stage: claimed.stage,
      windowStart: new Date(windowStartMs).toISOString(),
      messageId,
    });
    this.ports.log({
      type: 'alert-published',
      kind,
      subject: claimed.subject,
      api: claimed.api,
      stage: claimed.stage,
      messageId,
      severity: message.attributes.severity,
    });
  }

  private async facts(state: AlertState, kind: AlertKind, windowStartMs: number): Promise<AlertFacts> {
    const counts = await this.window(windowStartMs);
    const isRate = state.subject === ERROR_RATE;
    const cause = isRate ? (dominantCause(counts)?.cause ?? state.cause) : state.cause;
    const causeCounts = counts.causes[cause];
    const evidence =
      kind === ALERT_KIND.resolved
        ? NO_EVIDENCE
        : evidenceFor(this.counted, { api: state.api, stage: state.stage, windowStartMs }, cause);
    const base = {
      kind,
      api: state.api,
      stage: state.stage,
      windowStartMs,
      windowMinutes: this.config.windowMinutes,
      subject: state.subject,
      cause,
      count: isRate ? failuresIn(counts) : (causeCounts?.count ?? 0),
      masked: causeCounts?.masked ?? 0,
      threshold: state.threshold,
      requests: counts.requests,
      causeCount: causeCounts?.count ?? 0,
      alertCount: state.alertCount,
      evidence,
      trails: new Map<string, readonly string[]>(),
      analyzerLogGroup: this.config.analyzerLogGroup,
    } satisfies AlertFacts;
    if (kind === ALERT_KIND.resolved || evidence.samples.length === 0) return base;
    return {
      ...base,
      ...(await this.trails(
        state,
        windowStartMs,
        evidence.samples.map((s) => s.requestId),
      )),
    };
  }

  private async trails(
    state: AlertState,
    windowStartMs: number,
    requestIds: readonly string[],
  ): Promise<Pick<AlertFacts, 'trails' | 'trailNote'>> {
    const logGroupName = executionLogGroupFor(state.api, state.stage, this.config.executionLogGroups);
    if (logGroupName === undefined) {
      return {
        trails: new Map(),
        trailNote: `not read: add API-Gateway-Execution-Logs_${state.api}/${state.stage} to the CDK context key executionLogGroups to include sample trails`,
      };
    }
    const lookup = await this.ports.readTrails({
      logGroupName,
      requestIds,
      startTimeMs: windowStartMs - TRAIL_MARGIN_MS,
      endTimeMs: windowStartMs + this.ctx.windowMs + TRAIL_MARGIN_MS,
    });
    if (lookup.kind === 'skipped') return { trails: new Map(), trailNote: lookup.note };
    const trails = trailsFromEvents(requestIds, lookup.events);
    const found = [...trails.values()].some((lines) => lines.length > 0);
    return found ? { trails } : { trails, trailNote: `no lines for the samples in ${logGroupName}` };
  }
}

/** Processes one decoded delivery. Throws only for AWS errors, so Lambda retries. */
export interface Invocation {
  /** Wall-clock time by which Lambda ends this invocation; claims are honoured until just after it. */
  readonly deadlineMs?: number;
}

export async function processDelivery(
  payload: SubscriptionPayload,
  config: AnalyzerConfig,
  ports: DeliveryPorts,
  invocation: Invocation = {},
): Promise<void> {
  const nowMs = ports.now();
  if (payload.logEvents.length === 0) {
    ports.log({
      type: 'delivery-summary',
      logGroup: payload.logGroup,
      messageType: payload.messageType,
      events: 0,
    });
    return;
  }
  const deliveryId = deliveryIdOf(payload.logGroup, payload.logStream, payload.logEvents);
  if (await ports.isDeliveryProcessed(deliveryId)) {
    ports.log({
      type: 'delivery-duplicate',
      deliveryId,
      logGroup: payload.logGroup,
      logStream: payload.logStream,
    });
    return;
  }

  const analysis = analyze([
    { source: { logGroup: payload.logGroup, logStream: payload.logStream }, events: payload.logEvents },
  ]);
  for (const failure of analysis.failures) ports.log({ type: 'failed-request', ...failure });

  const latestEvent = Math.max(0, ...payload.logEvents.map((e) => e.timestamp));
  const fallbackTimeMs = latestEvent > 0 ? latestEvent : nowMs;
  const counts = aggregateDelivery(analysis, {
    windowMinutes: config.windowMinutes,
    countExecutionLogs: config.countExecutionLogs,
    fallbackTimeMs,
  });
  const windowMs = config.windowMinutes * MINUTE_MS;
  const cooldownMs = config.cooldownMinutes * MINUTE_MS;
  const latestWindowEnd = Math.max(nowMs, ...counts.increments.map((i) => i.windowStartMs + windowMs));
  // Counters must outlive the cooldown and the resolution check that reads the window after.
  const counterExpiresAt = epochSeconds(latestWindowEnd + cooldownMs + 2 * windowMs + DAY_MS);
  const writes = await ports.applyIncrements(deliveryId, counts.increments, counterExpiresAt);

  const ctx: IncidentContext = {
    windowMs,
    cooldownMs,
    nowMs,
    leaseUntilMs: leaseUntil(nowMs, invocation.deadlineMs),
    token: deliveryId,
  };
  const alerts: Published[] = [];
  for (const scope of scopesOf(counts.increments)) {
    const scopeAlerts = new ScopeAlerts(scope, counts.counted, config, ports, ctx);
    await scopeAlerts.run();
    alerts.push(...scopeAlerts.published);
  }

  const firstToFinish = await ports.markDeliveryProcessed(
    deliveryId,
    payload.logGroup,
    epochSeconds(nowMs + DELIVERY_RECORD_MS),
  );
  // Metrics only from the copy that recorded the delivery: a retry of a half-done delivery, or a
  // redelivery running at the same time, never emits them twice.
  if (firstToFinish) {
    for (const doc of buildEmf({
      namespace: config.metricsNamespace,
      counted: counts.counted,
      requests: analysis.requests,
      unparsedLines: analysis.unparsed.length,
      fallbackTimeMs,
    })) {
      ports.log(doc);
    }
  }
  ports.log({
    type: 'delivery-summary',
    deliveryId,
    logGroup: payload.logGroup,
    ...analysis.stats,
    counted: counts.counted.length,
    executionOnlySkipped: counts.executionOnlySkipped,
    counterKeys: counts.increments.length,
    countersApplied: writes.applied,
    countersAlreadyApplied: writes.alreadyApplied,
    metricsWritten: firstToFinish,
    alerts,
  });
}
