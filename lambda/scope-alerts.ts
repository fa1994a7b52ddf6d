/**
 * Alerting over one API + stage for one delivery: breaches in the windows the delivery touched,
 * then resolutions. Decisions are the pure core's (lambda/core/incident.ts); state is written
 * optimistically through the ports, so concurrent deliveries agree on one alert per incident.
 */
import type { AnalyzerConfig } from './config';
import type { CountedFailure, CounterIncrement } from './core/aggregate';
import {
  ALERT_KIND,
  type AlertFacts,
  type AlertKind,
  buildAlertMessage,
  evidenceFor,
  NO_EVIDENCE,
} from './core/alert-message';
import { DAY_MS, MINUTE_MS } from './core/epoch-time';
import {
  type AlertState,
  awaitingRetry,
  CLAIM_LEASE_MARGIN_MS,
  claimedByTwin,
  decideOnBreach,
  decideResolution,
  holdsClaim,
  type IncidentAction,
  type IncidentContext,
  type IncidentStep,
  LEFT_OVER_REASON,
  leftOver,
  published,
  releaseDeadline,
  released,
  resolutionWindow,
  withLastBreachLength,
} from './core/incident';
import {
  type AlertSubject,
  type Breach,
  dominantCause,
  ERROR_RATE,
  failuresIn,
  findBreaches,
  subjectThreshold,
  type WindowCounts,
} from './core/thresholds';
import { type TrailLogGroup, trailCausesFromEvents, trailLogGroupFor, trailsFromEvents } from './core/trail';
import type { DeliveryPorts } from './delivery-ports';

/** Optimistic writes that lose a race re-read and decide again, at most this often. */
const MAX_STATE_ATTEMPTS = 4;

/**
 * Thrown when a step lost every race for its state item: transient, so Lambda's retry (or, for
 * recording a sent step, the next attempt) decides again.
 */
function contended(subject: AlertSubject, what: string): Error {
  return Object.assign(new Error(`${what} for ${subject} lost ${MAX_STATE_ATTEMPTS} races in a row`), {
    name: 'AlertStateContended',
  });
}
/** Between attempts to release a claim whose publish failed, while DynamoDB fails too. */
const RELEASE_RETRY_MS = 5_000;
/**
 * The least time a step's outcome is given to be recorded, even when it comes after the time for
 * retrying it (releaseDeadline): a write DynamoDB answers at all takes milliseconds, and the
 * invocation keeps 20 s for the rest.
 */
const MIN_SETTLE_MS = 2_000;
/** Trails are searched a little beyond the window: requests straddle its edges. */
const TRAIL_MARGIN_MS = MINUTE_MS;

/** What makes an invocation settle a subject's left-over window (see ScopeAlerts.settleLeftOver). */
const SETTLE_TRIGGER = {
  decision: 'decision',
  rateBreach: 'rate-breach',
  publish: 'publish',
} as const;
type SettleTrigger = (typeof SETTLE_TRIGGER)[keyof typeof SETTLE_TRIGGER];

const KIND_OF: Record<IncidentStep, AlertKind> = {
  alert: ALERT_KIND.alert,
  escalate: ALERT_KIND.escalation,
  resolve: ALERT_KIND.resolved,
};

export function epochSeconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

interface Scope {
  readonly api: string;
  readonly stage: string;
  readonly windows: readonly number[];
}

export function scopesOf(increments: readonly CounterIncrement[]): Scope[] {
  const byScope = new Map<string, { api: string; stage: string; windows: Set<number> }>();
  for (const inc of increments) {
    const id = `${inc.api}\u0000${inc.stage}`;
    const entry = byScope.get(id) ?? { api: inc.api, stage: inc.stage, windows: new Set<number>() };
    entry.windows.add(inc.windowStartMs);
    byScope.set(id, entry);
  }
  return [...byScope.values()].map((s) => ({ ...s, windows: [...s.windows].sort((a, b) => a - b) }));
}

export interface Published {
  readonly kind: AlertKind;
  readonly subject: AlertSubject;
  readonly api: string;
  readonly stage: string;
  readonly windowStart: string;
  readonly messageId: string;
}

/** What alerting over one scope did, for the delivery to act on. */
interface ScopeOutcome {
  readonly published: readonly Published[];
  /**
   * A step was left to a live claim made under this very delivery id: another copy of the delivery
   * (CloudWatch Logs delivers at least once) is publishing it. That copy may still fail and leave
   * it to its retry, which must then not find the delivery recorded as processed.
   */
  readonly deferredToTwin: boolean;
  /**
   * The first step that failed: a Publish, or a decision that lost every race for its state item.
   * The other subjects' steps still run (a breach left unrecorded would let a resolution vouch for a
   * window before it); the caller throws this after them, so Lambda's retry does what failed.
   */
  readonly stepFailure: unknown;
}

/** Alerting over one API + stage: breaches in the windows this delivery touched, then resolutions. */
export class ScopeAlerts {
  private readonly windows = new Map<number, WindowCounts>();
  private states = new Map<AlertSubject, AlertState>();
  private readonly published: Published[] = [];
  private deferredToTwin = false;
  private stepFailure: unknown;
  /**
   * Subjects whose Publish failed here, or whose decision lost every race: their later steps wait
   * for Lambda's retry, which redoes them in order. Decided now, a breach in a later window would
   * open the next incident over the released claim, and the retry would find the failed alert's
   * window behind it: never sent.
   */
  private readonly failedSubjects = new Set<AlertSubject>();
  /** Each subject's windows this invocation decided again (settleLeftOver), as `subject|window`. */
  private readonly revisited = new Set<string>();

  constructor(
    private readonly scope: Scope,
    private readonly counted: readonly CountedFailure[],
    private readonly config: AnalyzerConfig,
    private readonly ports: DeliveryPorts,
    private readonly ctx: IncidentContext,
  ) {}

  async run(): Promise<ScopeOutcome> {
    await this.refreshStates();
    for (const windowStartMs of this.scope.windows) {
      const counts = await this.window(windowStartMs);
      for (const breach of findBreaches(counts, this.config)) await this.onBreach(breach, windowStartMs);
    }
    const current = this.scope.windows.at(-1) ?? 0;
    for (const subject of [...this.states.keys()]) {
      await this.step(
        subject,
        (state) => {
          const quiet = state === undefined ? undefined : resolutionWindow(state, current, this.ctx);
          if (state === undefined || quiet === undefined) return undefined;
          return this.resolutionAfter(state, quiet, current);
        },
        // A resolution speaks of the quiet window after the last breach.
        (claimed) => claimed.resolvedWindowStartMs ?? claimed.lastBreachWindowStartMs + this.ctx.windowMs,
      );
    }
    const { published, deferredToTwin, stepFailure } = this;
    return { published, deferredToTwin, stepFailure };
  }

  /**
   * Resolves when the window after the last breach stayed quiet. A breach in a later window of the
   * cooldown may be counted but not yet recorded on the state: its invocation failed between
   * counting and deciding it, and Lambda's retry decides it a minute later. It is the last breach,
   * so the window after it is the one to judge (or the breach is recorded, when that one is not
   * over yet); judging the window before it, the resolution would vouch for a window the incident
   * went on after. Read only when a resolution is due: once or so per incident.
   */
  private async resolutionAfter(
    alerted: AlertState,
    quiet: number,
    current: number,
  ): Promise<IncidentAction> {
    // Judged on the threshold in force, which a deploy may have changed since the alert: raised
    // over the failures that go on, the incident would otherwise never resolve; lowered under
    // them, it would resolve while they are over the threshold that now alerts.
    const state = { ...alerted, threshold: subjectThreshold(alerted.subject, this.config) };
    let last = state.lastBreachWindowStartMs;
    for (
      let w = quiet + this.ctx.windowMs;
      w < current && w < state.cooldownUntilMs;
      w += this.ctx.windowMs
    ) {
      const breaches = findBreaches(await this.window(w), this.config);
      if (breaches.some((b) => b.subject === state.subject)) last = w;
    }
    if (last === state.lastBreachWindowStartMs) {
      return decideResolution(state, await this.window(quiet), this.ctx, this.config.judgeErrorRate);
    }
    // The breach found is a window of this invocation's length, whatever length the one it
    // replaces had: the window after it is on this grid.
    const moved = { ...state, lastBreachWindowStartMs: last, lastBreachWindowMs: this.ctx.windowMs };
    const due = resolutionWindow(moved, current, this.ctx);
    if (due === undefined) return { kind: 'record-breach', next: { ...moved, version: state.version + 1 } };
    return decideResolution(moved, await this.window(due), this.ctx, this.config.judgeErrorRate);
  }

  private async onBreach(breach: Breach, windowStartMs: number): Promise<void> {
    // The dominant cause first: its unsent alert or next incident may cover the rate's window.
    if (breach.kind === 'rate') await this.settleLeftOver(breach.cause, SETTLE_TRIGGER.rateBreach);
    await this.step(
      breach.subject,
      (state) =>
        decideOnBreach(this.scope, state, breach, windowStartMs, this.ctx, this.dominantState(breach.cause)),
      () => windowStartMs,
    );
  }

  /**
   * The cause's alert state for an error-rate breach: an alert whose Publish failed still covers,
   * here or in another invocation, whose retry sends it.
   */
  private dominantState(cause: AlertSubject): AlertState | undefined {
    const state = this.states.get(cause);
    return state === undefined ? undefined : awaitingRetry(state, this.ctx);
  }

  /**
   * Settles what the subject's previous claimant left undecided (leftOver: which window, and why).
   * A breach others record on a claim is left to its claimant, which alone knows when the claim has
   * settled, and decides it again once its message is out ('publish'). A claimant that fails first
   * leaves that breach, or its own unsent alert, to the next invocation for the subject, which
   * decides it before anything else for the subject ('decision') or for an error rate the subject
   * dominates ('rate-breach'), as the claimant would have. Decided after, the alert's resolution, an
   * earlier window's alert or a rate alert beside it would go out in its place. Before a decision, a
   * window is decided again once per invocation: the revisit's own step comes back here. After a
   * Publish, always: the breach may have been recorded during it, after an earlier revisit.
   */
  private async settleLeftOver(subject: AlertSubject, trigger: SettleTrigger): Promise<void> {
    if (this.failedSubjects.has(subject)) return;
    const left = leftOver(this.states.get(subject), this.ctx, trigger === SETTLE_TRIGGER.rateBreach);
    if (left === undefined) return;
    const once = trigger !== SETTLE_TRIGGER.publish && left.why !== LEFT_OVER_REASON.heldBack;
    if (once && this.revisited.has(`${subject}|${left.windowStartMs}`)) return;
    await this.revisit(subject, left.windowStartMs);
    if (left.why === LEFT_OVER_REASON.heldBack) await this.settleLeftOver(subject, SETTLE_TRIGGER.decision);
  }

  /** Decides the subject's breaches in the window again. */
  private async revisit(subject: AlertSubject, windowStartMs: number): Promise<void> {
    this.revisited.add(`${subject}|${windowStartMs}`);
    // Read afresh: the breach was counted after this invocation may have read the window.
    this.windows.delete(windowStartMs);
    const counts = await this.window(windowStartMs);
    for (const breach of findBreaches(counts, this.config)) {
      // Only this subject: the window's other breaches were decided by the invocation that counted
      // them, or left to their own claimants. Decided here too, one whose Publish failed elsewhere
      // would open its next incident over the released claim, and the retry would find the failed
      // alert's window behind it, never sent.
      if (breach.subject === subject) await this.onBreach(breach, windowStartMs);
    }
  }

  /**
   * Decides the error rate again once its dominant cause's resolution is out, in the window that
   * resolution judged quiet and this delivery's later ones: the cause's alert covered them until
   * now, so a rate breach counted before (or while the resolution was being published) was held
   * back, and the same breach counted after it alerts. Only a cause's resolution: a rate's own
   * windows are its own to decide.
   */
  private async revisitRateAfter(resolved: AlertState): Promise<void> {
    const quiet = resolved.resolvedWindowStartMs;
    if (resolved.subject === ERROR_RATE || quiet === undefined) return;
    for (const windowStartMs of [quiet, ...this.scope.windows.filter((w) => w > quiet)]) {
      await this.revisit(ERROR_RATE, windowStartMs);
    }
  }

  private async refreshStates(signal?: AbortSignal): Promise<void> {
    const states = await this.ports.readAlertStates(this.scope.api, this.scope.stage, signal);
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
   * race re-reads the state and decides again; a failed publish releases the claim and is kept in
   * publishFailure.
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
      await this.settleLeftOver(subject, SETTLE_TRIGGER.decision);
      if (this.failedSubjects.has(subject)) return;
      const state = this.states.get(subject);
      const decided = await decide(state);
      if (decided === undefined || decided.kind === 'none') {
        if (state !== undefined && claimedByTwin(state, this.ctx)) this.deferredToTwin = true;
        return;
      }
      const action = { ...decided, next: withLastBreachLength(state, decided.next, this.ctx.windowMs) };
      const claimed = await this.claimed(action, state?.version ?? 0);
      if (claimed === undefined) continue;
      this.states.set(subject, claimed);
      if (action.kind === 'record-breach') return;
      const settled = await this.publishClaimed(claimed, action.kind, windowOf(claimed));
      if (settled === undefined) return;
      await this.settleLeftOver(subject, SETTLE_TRIGGER.publish);
      if (action.kind === 'resolve') await this.revisitRateAfter(settled);
      return;
    }
    this.ports.log({
      type: 'alert-state-contended',
      api: this.scope.api,
      stage: this.scope.stage,
      subject,
      reason: `gave up after ${MAX_STATE_ATTEMPTS} lost races; the invocation fails, so Lambda's retry decides again`,
    });
    // Not left to the next delivery: none may come for this window again, and this one, recorded
    // as processed, would never be retried, so its escalation (or breach) would be lost unseen.
    // Its retry decides the delivery's windows again (counters apply once, decisions every time).
    this.failedSubjects.add(subject);
    this.stepFailure ??= contended(subject, 'deciding a step');
  }

  /**
   * The action's next state as written, or undefined when another write came first (states re-read).
   * A claim committed whose answer was lost, then moved by a breach another invocation recorded on
   * it before the SDK's retry, fails that retry's condition and no longer carries the claim's write
   * id: it still names this invocation as its claimant, so it is returned as read now (that breach
   * recorded on it) and published like any claim this invocation won (claimHeld).
   */
  private async claimed(
    action: Exclude<IncidentAction, { kind: 'none' }>,
    expected: number,
  ): Promise<AlertState | undefined> {
    if (await this.claim(action, expected)) return action.next;
    if (action.kind === 'record-breach') {
      await this.refreshStates();
      return undefined;
    }
    return this.claimHeld(action.next, action.kind);
  }

  /**
   * Writes the action's next state. A claim write that fails may still have been written (its
   * answer lost in transit, then the read that would have shown it its own refused, a 4xx): it is
   * released before the error fails the invocation, or Lambda's retry, finding its own delivery's
   * claim live, would take it for a twin copy's and never publish.
   */
  private async claim(action: Exclude<IncidentAction, { kind: 'none' }>, expected: number): Promise<boolean> {
    try {
      return await this.ports.writeAlertState(action.next, expected, this.expiresAt(action.next));
    } catch (error) {
      // Only if written: a release conditioned on the version alone would overwrite a rival's claim
      // of that same version, whose alert, once sent, this invocation's retry would send again.
      if (action.kind !== 'record-breach') await this.persist(action.next, action.kind, released, true);
      throw error;
    }
  }

  /** Publishes the claimed step; the state it was recorded in as published, if it was. */
  private async publishClaimed(
    claimed: AlertState,
    step: IncidentStep,
    windowStartMs: number,
  ): Promise<AlertState | undefined> {
    const kind = KIND_OF[step];
    const facts = await this.facts(claimed, kind, windowStartMs);
    const message = buildAlertMessage(facts);
    let messageId: string;
    try {
      // At most half the time the invocation has left: a Publish that does not answer must fail it
      // with time to release the claim, so Lambda's retry sends the alert.
      const deadlineMs = this.ctx.leaseUntilMs - CLAIM_LEASE_MARGIN_MS;
      messageId = await this.ports.publish(message, (deadlineMs - this.ports.now()) / 2);
    } catch (error) {
      // The invocation's error alone says only that it failed: this says which alert was not sent.
      // A topic key SNS cannot use (KMSAccessDenied…) silences the alarms too, which publish there.
      this.ports.log({
        type: 'alert-publish-failed',
        api: claimed.api,
        stage: claimed.stage,
        subject: claimed.subject,
        kind,
        windowStart: new Date(windowStartMs).toISOString(),
        error: error instanceof Error ? error.name : typeof error,
        message: error instanceof Error ? error.message : String(error),
      });
      await this.release(claimed, step);
      this.failedSubjects.add(claimed.subject);
      this.stepFailure ??= error;
      return undefined;
    }
    const settled = await this.persist(claimed, step, published);
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
    return settled;
  }

  /** Releases the claim of a step whose publish failed, so the retry claims it again. */
  private async release(claimed: AlertState, step: IncidentStep): Promise<void> {
    await this.persist(claimed, step, released);
  }

  /**
   * Records the claimed step's outcome (sent, or released after a failed publish). While DynamoDB
   * fails the write, it is tried again until releaseDeadline: an invocation that ends with its claim
   * held must end late enough for its retry to find the claim lapsed, and a sent step left claimed
   * is never recorded as sent (a copy of the delivery within the lease takes the claim for a twin's,
   * and the invocation ends without failing, so no retry sends it again), so neither its escalation
   * nor its resolution follows, and a breach after the lease alerts again.
   */
  private async persist(
    claimed: AlertState,
    step: IncidentStep,
    outcome: (state: AlertState, step: IncidentStep) => AlertState,
    /** The claim's write may not have happened: read that it holds before writing over it. */
    readFirst = false,
  ): Promise<AlertState | undefined> {
    const until = releaseDeadline(this.ctx.leaseUntilMs);
    // Bounded in attempts as well as by the clock: a clock that does not move while sleeping (a
    // test's, or a sleep cut short) must not keep the invocation retrying forever.
    const maxAttempts = Math.max(1, Math.ceil((until - this.ports.now()) / RELEASE_RETRY_MS) + 1);
    // And in time, whatever DynamoDB does: a request that hangs past the deadline would have Lambda
    // end the invocation as failed, and its retry, after the lease, claim and publish again an alert
    // already sent. Its requests are abandoned when the retrying ends (whole milliseconds: a
    // fractional delay throws, and here that would be after the Publish).
    const signal = AbortSignal.timeout(Math.ceil(Math.max(until - this.ports.now(), MIN_SETTLE_MS)));
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.settle(claimed, step, outcome, readFirst, signal);
      } catch (error) {
        const waitMs = Math.min(RELEASE_RETRY_MS, until - this.ports.now());
        if (waitMs <= 0 || attempt >= maxAttempts) {
          const name = error instanceof Error ? error.name : 'error';
          const lapses = `the claim lapses at ${new Date(this.ctx.leaseUntilMs).toISOString()}`;
          this.ports.log({
            type: 'alert-claim-held',
            api: this.scope.api,
            stage: this.scope.stage,
            subject: claimed.subject,
            reason:
              outcome === published
                ? `published, but recording it failed (${name}); ${lapses}, and a breach after that alerts again`
                : `publish and release both failed (${name}); ${lapses}, before Lambda's retry`,
          });
          return undefined;
        }
        await this.ports.sleep(waitMs);
      }
    }
  }

  /**
   * Records the claimed step's outcome. A write that loses to a breach recorded meanwhile (it keeps
   * the claim) re-reads and records the outcome on the current state; left claimed, the step would
   * count as released once the lease ran out, and an escalation already sent would be sent again.
   * Losing every race throws, so persist tries again after a pause, as after a DynamoDB error.
   */
  private async settle(
    claimed: AlertState,
    step: IncidentStep,
    outcome: (state: AlertState, step: IncidentStep) => AlertState,
    readFirst: boolean,
    signal: AbortSignal,
  ): Promise<AlertState | undefined> {
    let current = readFirst ? await this.claimHeld(claimed, step, signal) : claimed;
    for (let attempt = 0; attempt < MAX_STATE_ATTEMPTS; attempt++) {
      if (current === undefined) return undefined;
      const next = outcome(current, step);
      if (await this.ports.writeAlertState(next, current.version, this.expiresAt(next), signal)) {
        this.states.set(claimed.subject, next);
        return next;
      }
      current = await this.claimHeld(claimed, step, signal);
    }
    if (current === undefined) return undefined;
    throw contended(
      claimed.subject,
      `recording the ${step} as ${outcome === published ? 'published' : 'released'}`,
    );
  }

  /** The subject's state as read now, if it still holds the claim made in `claimed` for this step. */
  private async claimHeld(
    claimed: AlertState,
    step: IncidentStep,
    signal?: AbortSignal,
  ): Promise<AlertState | undefined> {
    await this.refreshStates(signal);
    const latest = this.states.get(claimed.subject);
    return latest !== undefined && holdsClaim(latest, claimed, step) ? latest : undefined;
  }

  private async facts(state: AlertState, kind: AlertKind, windowStartMs: number): Promise<AlertFacts> {
    const counts = await this.window(windowStartMs);
    const isRate = state.subject === ERROR_RATE;
    const cause = isRate ? (dominantCause(counts)?.cause ?? state.cause) : state.cause;
    const causeCounts = counts.causes[cause];
    const trailGroup = trailLogGroupFor(state.api, state.stage, this.config.executionLogGroups);
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
      // Filtered access logs count only the lines their filter passed: not the window's requests.
      requests: this.config.judgeErrorRate ? counts.requests : 0,
      ...(isRate && !this.config.judgeErrorRate ? { rateNotJudged: true } : {}),
      causeCount: causeCounts?.count ?? 0,
      alertCount: state.alertCount,
      ...(state.alertWindowMs === undefined ? {} : { alertWindowMinutes: state.alertWindowMs / MINUTE_MS }),
      cooldownUntilMs: state.cooldownUntilMs,
      evidence,
      trails: new Map<string, readonly string[]>(),
      analyzerLogGroup: this.config.analyzerLogGroup,
      // The scope's own group; the sole group of a scope that names none only once its trails are found.
      executionLogGroup:
        trailGroup.kind === 'group' && trailGroup.ofScope ? trailGroup.logGroupName : undefined,
    } satisfies AlertFacts;
    if (kind === ALERT_KIND.resolved || evidence.samples.length === 0) return base;
    return {
      ...base,
      ...(await this.trails(
        trailGroup,
        windowStartMs,
        evidence.samples.map((s) => s.requestId),
      )),
    };
  }

  private async trails(
    trailGroup: TrailLogGroup,
    windowStartMs: number,
    requestIds: readonly string[],
  ): Promise<Pick<AlertFacts, 'trails' | 'trailNote' | 'trailCauses' | 'executionLogGroup'>> {
    if (trailGroup.kind === 'note') return { trails: new Map(), trailNote: trailGroup.note };
    const { logGroupName } = trailGroup;
    // At most half the time the invocation has left: the claimed alert is still to be published and
    // recorded, and a function timeout shorter than the reader's own bound would end the invocation
    // first, every retry alike.
    const deadlineMs = this.ctx.leaseUntilMs - CLAIM_LEASE_MARGIN_MS;
    const lookup = await this.ports.readTrails(
      {
        logGroupName,
        requestIds,
        startTimeMs: windowStartMs - TRAIL_MARGIN_MS,
        endTimeMs: windowStartMs + this.ctx.windowMs + TRAIL_MARGIN_MS,
      },
      (deadlineMs - this.ports.now()) / 2,
    );
    if (lookup.kind === 'skipped') return { trails: new Map(), trailNote: lookup.note };
    const trails = trailsFromEvents(requestIds, lookup.events);
    const found = [...trails.values()].some((lines) => lines.length > 0);
    if (!found) return { trails, trailNote: `no lines for the samples in ${logGroupName}` };
    // Once per alert, on the lookup's events: what each trail names, which the access line may not.
    return {
      trails,
      trailCauses: trailCausesFromEvents(logGroupName, requestIds, lookup.events),
      executionLogGroup: logGroupName,
    };
  }
}
