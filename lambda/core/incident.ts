/**
 * One alert per incident, decided over plain data. The shared store keeps one state item per
 * API + stage + subject; every invocation reads it, decides here, and writes the next state
 * conditioned on the version it read, so of many concurrent invocations exactly one wins each
 * step (alert, escalation, resolution) and the others see the winner's state on their next read.
 */
import type { Cause } from './taxonomy';
import {
  type AlertSubject,
  type Breach,
  ERROR_RATE,
  ESCALATION_FACTOR,
  isOverThreshold,
  type WindowCounts,
} from './thresholds';

/** Each step (the alert, its escalation, its resolution) is claimed, then published or released. */
export const STEP_PHASE = {
  claimed: 'claimed',
  published: 'published',
  released: 'released',
} as const;
export type StepPhase = (typeof STEP_PHASE)[keyof typeof STEP_PHASE];

/**
 * How long after the claimant's deadline its claim is still honoured. A claimant that crashed or
 * timed out between claim and publish loses its claim then, so a retry publishes instead of the
 * alert being lost; a live claimant is never overtaken, because it cannot outlive its deadline.
 */
export const CLAIM_LEASE_MARGIN_MS = 10_000;

/** The claimant's deadline when the runtime does not say: Lambda's 15-minute maximum timeout. */
export const MAX_INVOCATION_MS = 15 * 60_000;

/** Wall-clock end of a claim made now by an invocation that must end by `deadlineMs`. */
export function leaseUntil(nowMs: number, deadlineMs: number | undefined): number {
  return (deadlineMs ?? nowMs + MAX_INVOCATION_MS) + CLAIM_LEASE_MARGIN_MS;
}

/**
 * Lambda waits a minute before retrying an asynchronous invocation that failed (Lambda developer
 * guide, "How Lambda handles errors and retries with asynchronous invocation").
 */
const ASYNC_RETRY_DELAY_MS = 60_000;

/**
 * Until when a claimant whose publish failed keeps trying to release its claim. Its retry comes a
 * minute after it ends: ending by now with the claim still held, the retry would find the claim
 * leased, take it for another invocation's and record the delivery without the alert; ending
 * later, the retry comes after the lease (half the delay to spare) and claims afresh.
 */
export function releaseDeadline(leaseUntilMs: number): number {
  return leaseUntilMs - ASYNC_RETRY_DELAY_MS / 2;
}

export interface AlertState {
  readonly api: string;
  readonly stage: string;
  readonly subject: AlertSubject;
  /** The cause alerted on (for the error rate, the dominant cause when it fired). */
  readonly cause: Cause;
  /** Incremented on every write; writes are conditioned on the version read. 0 = no item yet. */
  readonly version: number;
  readonly phase: StepPhase;
  readonly alertWindowStartMs: number;
  /** The latest window known to be over the threshold; resolution looks at the window after it. */
  readonly lastBreachWindowStartMs: number;
  /**
   * How long from its start the incident's breaches last: that window's length, as counted by the
   * invocation that recorded it, or more when it lies inside a longer breach window recorded before
   * (withLastBreachLength). A deploy may change WindowMinutes during the incident, and the window
   * after it is the first of the new length that starts once it is over. Undefined in items written
   * before it was kept.
   */
  readonly lastBreachWindowMs?: number;
  /** First window start (log time) that may raise a new alert for this subject. */
  readonly cooldownUntilMs: number;
  /**
   * The cooldown end of the last alert that went out, kept by a newer incident's claim until that
   * one goes out too: a claim whose Publish failed must not forget which windows were alerted.
   */
  readonly sentCooldownUntilMs?: number;
  /** The count the alert fired at; escalation is measured against it. */
  readonly alertCount: number;
  /**
   * The length of the window the alert counted `alertCount` in. A deploy may change WindowMinutes
   * during the incident, so escalation compares rates: 156 in 15 minutes is the same 12 a minute
   * as an alert at 12 in 1 minute. Undefined in items written before it was kept.
   */
  readonly alertWindowMs?: number;
  /**
   * The threshold the alert fired at, then the one its last resolution check judged on (the one in
   * force then: a deploy may have changed it).
   */
  readonly threshold: number;
  readonly escalation?: StepPhase;
  readonly resolution?: StepPhase;
  /**
   * The window the resolution (claimed or published) judged quiet. Kept apart from the last
   * breach, which a breach of that very window moves while the resolution is being published.
   */
  readonly resolvedWindowStartMs?: number;
  /**
   * That window's length, as counted by the invocation that judged it: after a WindowMinutes change,
   * a late breach of the other length that overlaps it is the incident going on (resolvedTooSoon).
   * Undefined in items written before it was kept.
   */
  readonly resolvedWindowMs?: number;
  /** The delivery that holds the current claim. */
  readonly claimToken?: string;
  /**
   * The invocation that holds the current claim: twin copies of a delivery share its token, and may
   * share a deadline, so only this tells an invocation's own claim from its twin's.
   */
  readonly claimant?: string;
  /** Wall-clock expiry of the current claim. */
  readonly leaseUntilMs?: number;
}

export interface IncidentContext {
  readonly windowMs: number;
  readonly cooldownMs: number;
  /** Wall clock, for claim leases only; every other decision uses log time. */
  readonly nowMs: number;
  /** Wall-clock end of any claim this invocation makes (see leaseUntil). */
  readonly leaseUntilMs: number;
  readonly token: string;
  /** This invocation, unique among any copies of the delivery (see AlertState.claimant). */
  readonly claimant?: string;
}

/** The steps that publish a message, each claimed before it is published. */
const INCIDENT_STEP = {
  alert: 'alert',
  escalate: 'escalate',
  resolve: 'resolve',
} as const;
export type IncidentStep = (typeof INCIDENT_STEP)[keyof typeof INCIDENT_STEP];

export type IncidentAction =
  | { readonly kind: 'alert'; readonly next: AlertState }
  | { readonly kind: 'escalate'; readonly next: AlertState }
  | { readonly kind: 'resolve'; readonly next: AlertState }
  | { readonly kind: 'record-breach'; readonly next: AlertState }
  | { readonly kind: 'none'; readonly reason: string };

/** A claim whose lease ran out counts as released: its claimant crashed before publishing. */
function effective(phase: StepPhase | undefined, state: AlertState, nowMs: number): StepPhase | undefined {
  if (phase === STEP_PHASE.claimed && (state.leaseUntilMs ?? 0) < nowMs) return STEP_PHASE.released;
  return phase;
}

/**
 * Whether a step of `state` is claimed, live, under this invocation's own token: by a copy of the
 * same delivery running at the same time (its twin).
 */
export function claimedByTwin(state: AlertState, ctx: IncidentContext): boolean {
  const steps = [state.phase, state.escalation, state.resolution];
  return (
    state.claimToken === ctx.token &&
    steps.some((phase) => effective(phase, state, ctx.nowMs) === STEP_PHASE.claimed)
  );
}

function claim(
  state: AlertState,
  ctx: IncidentContext,
): Pick<AlertState, 'claimToken' | 'claimant' | 'leaseUntilMs' | 'version'> {
  return { ...claimOf(ctx), version: state.version + 1 };
}

/** The fields that name this invocation's claim. */
function claimOf(ctx: IncidentContext): Pick<AlertState, 'claimToken' | 'claimant' | 'leaseUntilMs'> {
  return {
    claimToken: ctx.token,
    leaseUntilMs: ctx.leaseUntilMs,
    ...(ctx.claimant === undefined ? {} : { claimant: ctx.claimant }),
  };
}

interface AlertScope {
  readonly api: string;
  readonly stage: string;
}

/** Whether the previous incident's alert never went out: its claim was released, or its lease lapsed. */
function alertUnsent(previous: AlertState | undefined): previous is AlertState {
  return previous?.phase === STEP_PHASE.claimed || previous?.phase === STEP_PHASE.released;
}

/** The cooldown of the last alert that went out, which a new incident carries until its own does. */
function sentCooldown(previous: AlertState | undefined): Pick<AlertState, 'sentCooldownUntilMs'> {
  const until =
    previous?.phase === STEP_PHASE.published ? previous.cooldownUntilMs : previous?.sentCooldownUntilMs;
  return until === undefined ? {} : { sentCooldownUntilMs: until };
}

function newIncident(
  scope: AlertScope,
  previous: AlertState | undefined,
  breach: Breach,
  windowStartMs: number,
  ctx: IncidentContext,
): IncidentAction {
  return {
    kind: INCIDENT_STEP.alert,
    next: {
      api: scope.api,
      stage: scope.stage,
      subject: breach.subject,
      cause: breach.cause,
      phase: STEP_PHASE.claimed,
      alertWindowStartMs: windowStartMs,
      // An incident whose alert never went out may have recorded later breaches meanwhile: they
      // are this incident's too.
      ...(alertUnsent(previous)
        ? lastBreachThrough(previous, windowStartMs, ctx.windowMs)
        : { lastBreachWindowStartMs: windowStartMs, lastBreachWindowMs: ctx.windowMs }),
      // At least one window, so a cooldown of 0 still means one alert per window.
      cooldownUntilMs: windowStartMs + Math.max(ctx.cooldownMs, ctx.windowMs),
      ...sentCooldown(previous),
      alertCount: breach.count,
      alertWindowMs: ctx.windowMs,
      threshold: breach.threshold,
      ...claimOf(ctx),
      version: (previous?.version ?? 0) + 1,
    },
  };
}

/**
 * Whether a published resolution vouched for this very window (or, judged in windows of another
 * length, one this window overlaps): the window after the last breach, judged quiet when a
 * delivery from a later window came in. Over the threshold after all, its late
 * deliveries arrived after the resolution (streams deliver out of order): the incident never
 * ended, so it alerts again rather than staying silent behind "resolved" until the cooldown ends.
 */
function resolvedTooSoon(state: AlertState, windowStartMs: number, ctx: IncidentContext): boolean {
  if (effective(state.resolution, state, ctx.nowMs) !== STEP_PHASE.published) return false;
  // Items written before the field existed: their last breach had not moved since.
  const resolved = state.resolvedWindowStartMs ?? state.lastBreachWindowStartMs + ctx.windowMs;
  // Judged in windows of another length (a deploy changed WindowMinutes since): any window of this
  // length that overlaps it. Of one length, windows overlap only when they are the same.
  const resolvedMs = state.resolvedWindowMs ?? ctx.windowMs;
  return windowStartMs < resolved + resolvedMs && windowStartMs + ctx.windowMs > resolved;
}

/**
 * Late data for a window the last alert sent covered, while a newer incident's claim is released
 * (its Publish failed): that alert reported it. The released claim's own window is still alerted
 * (by its retry, or by the next breach of a later window).
 */
function inSentCooldown(state: AlertState, alert: StepPhase | undefined, windowStartMs: number): boolean {
  return (
    alert === STEP_PHASE.released &&
    windowStartMs < state.alertWindowStartMs &&
    windowStartMs < (state.sentCooldownUntilMs ?? Number.NEGATIVE_INFINITY)
  );
}

/**
 * Whether the subject has an alert out (or being published) that still covers this window. Once
 * resolved, it still covers the windows up to its last breach: it reported them, and late lines
 * for them are no new incident; so does the last alert sent before a released claim. A breach
 * recorded on a claim where its cooldown ends, or later, is the subject's next incident, which the
 * claimant alerts once this alert is out (unsettledBreach): it covers the windows up to it too.
 */
function isAlerting(state: AlertState | undefined, windowStartMs: number, nowMs: number): boolean {
  if (state === undefined) return false;
  const alert = effective(state.phase, state, nowMs);
  if (inSentCooldown(state, alert, windowStartMs)) return true;
  if (windowStartMs >= state.cooldownUntilMs)
    return (
      (alert === STEP_PHASE.claimed || stepBeingPublished(state, nowMs)) &&
      windowStartMs <= state.lastBreachWindowStartMs
    );
  if (alert !== STEP_PHASE.published && alert !== STEP_PHASE.claimed) return false;
  const resolution = effective(state.resolution, state, nowMs);
  return resolution !== STEP_PHASE.published || windowStartMs <= state.lastBreachWindowStartMs;
}

/**
 * Whether the sent alert's escalation or resolution is claimed, live: being published. A breach of
 * the next incident counted meanwhile is recorded on that claim, and its claimant alerts it once
 * its message is out (unsettledBreach), as it would have had the breach come after: opened now,
 * the next incident's alert would go out before the previous one's escalation or resolution.
 */
function stepBeingPublished(state: AlertState, nowMs: number): boolean {
  return (
    effective(state.escalation, state, nowMs) === STEP_PHASE.claimed ||
    effective(state.resolution, state, nowMs) === STEP_PHASE.claimed
  );
}

/**
 * A breach while another invocation holds a claim on the subject still moves the last breach (a
 * version bump that keeps the claim, which its claimant settles on: holdsClaim). Left out, a
 * claimant that fails and releases, or whose lease lapses, leaves a state whose resolution would
 * vouch for a window before this breach.
 */
function recordWhileClaimed(
  state: AlertState,
  windowStartMs: number,
  ctx: IncidentContext,
  reason: string,
): IncidentAction {
  if (windowStartMs <= state.lastBreachWindowStartMs)
    return extendedBreach(state, windowStartMs, ctx, reason);
  return {
    kind: 'record-breach',
    next: { ...state, lastBreachWindowStartMs: windowStartMs, version: state.version + 1 },
  };
}

/** Where the incident's recorded breaches end (an item without the length: one window of this one). */
function lastBreachEnd(state: AlertState, windowMs: number): number {
  return state.lastBreachWindowStartMs + (state.lastBreachWindowMs ?? windowMs);
}

/**
 * The last breach of `state` and a breach in the window from `windowStartMs`, as one: the later
 * start, and the length that reaches the later end.
 */
function lastBreachThrough(
  state: AlertState,
  windowStartMs: number,
  windowMs: number,
): Pick<AlertState, 'lastBreachWindowStartMs' | 'lastBreachWindowMs'> {
  const start = Math.max(state.lastBreachWindowStartMs, windowStartMs);
  const end = Math.max(lastBreachEnd(state, windowMs), windowStartMs + windowMs);
  return { lastBreachWindowStartMs: start, lastBreachWindowMs: end - start };
}

/**
 * A breach in a window that starts no later than the last breach but ends after it: one of another
 * length, after a deploy changed WindowMinutes (a 15-minute window from 12:00 that an old container
 * counted failures in after a 1-minute breach at 12:05). Its end is recorded, so the resolution
 * waits for it; in one length, no window does this, and the breach is `reason`'s.
 */
function extendedBreach(
  state: AlertState,
  windowStartMs: number,
  ctx: IncidentContext,
  reason: string,
): IncidentAction {
  if (windowStartMs + ctx.windowMs <= lastBreachEnd(state, ctx.windowMs)) return { kind: 'none', reason };
  return {
    kind: 'record-breach',
    next: { ...state, ...lastBreachThrough(state, windowStartMs, ctx.windowMs), version: state.version + 1 },
  };
}

/**
 * An alert whose Publish failed (its claim released: in this invocation or another, which failed so
 * that Lambda retries it), as that retry will find it: claimed again. For an error-rate breach it
 * dominates, it covers its window as if out, so the rate does not alert beside the cause's own
 * alert, which the retry sends. So does a claim left held whose lease lapsed: its alert went out
 * and was never recorded as sent (alert-claim-held), or its Publish and release both failed and
 * the retry sends it; either way the rate alerting its window would be a second message.
 */
export function awaitingRetry(state: AlertState, ctx: IncidentContext): AlertState {
  if (!alertReleased(state, ctx.nowMs)) return state;
  return { ...state, phase: STEP_PHASE.claimed, ...claimOf(ctx) };
}

/**
 * Whether the alert's claim counts as released now: released after a failed Publish, or held with its
 * lease run out (its release failed too, or its claimant crashed).
 */
function alertReleased(state: AlertState, nowMs: number): boolean {
  return effective(state.phase, state, nowMs) === STEP_PHASE.released;
}

/**
 * What to do when a window of this subject is at or over its threshold. `dominantCauseState` is
 * the alert state of an error-rate breach's dominant cause: when that cause is already alerting,
 * a rate alert would only repeat it, so one incident still sends one alert.
 */
export function decideOnBreach(
  scope: AlertScope,
  state: AlertState | undefined,
  breach: Breach,
  windowStartMs: number,
  ctx: IncidentContext,
  dominantCauseState?: AlertState,
): IncidentAction {
  const alert = state === undefined ? undefined : effective(state.phase, state, ctx.nowMs);
  if (state !== undefined && alert === STEP_PHASE.claimed)
    return recordWhileClaimed(state, windowStartMs, ctx, 'another invocation is publishing this alert');
  if (state !== undefined && alert === STEP_PHASE.published && stepBeingPublished(state, ctx.nowMs))
    return recordWhileClaimed(
      state,
      windowStartMs,
      ctx,
      "another invocation is publishing this alert's next step",
    );
  if (
    state === undefined ||
    alert === STEP_PHASE.released ||
    windowStartMs >= state.cooldownUntilMs ||
    resolvedTooSoon(state, windowStartMs, ctx)
  ) {
    if (state !== undefined && inSentCooldown(state, alert, windowStartMs)) {
      return { kind: 'none', reason: 'in the cooldown of the last alert sent' };
    }
    if (breach.kind === 'rate' && isAlerting(dominantCauseState, windowStartMs, ctx.nowMs)) {
      const reason = `its dominant cause ${breach.cause} is already alerting`;
      // A released claim is claimed again (by Lambda's retry) with the breaches it recorded: left
      // out, its resolution could vouch for a window before this one.
      if (state !== undefined && alert === STEP_PHASE.released)
        return recordWhileClaimed(state, windowStartMs, ctx, reason);
      return { kind: 'none', reason };
    }
    return newIncident(scope, state, breach, windowStartMs, ctx);
  }
  if (windowStartMs < state.alertWindowStartMs)
    return extendedBreach(state, windowStartMs, ctx, 'late data for a window before the alert');
  const resolution = effective(state.resolution, state, ctx.nowMs);
  if (resolution === STEP_PHASE.claimed)
    return recordWhileClaimed(state, windowStartMs, ctx, 'another invocation is publishing its resolution');
  if (resolution === STEP_PHASE.published) {
    return { kind: 'none', reason: 'resolved; a new alert waits for the cooldown to end' };
  }
  const lastBreachWindowStartMs = Math.max(state.lastBreachWindowStartMs, windowStartMs);
  const escalation = effective(state.escalation, state, ctx.nowMs);
  const escalationOpen = escalation === undefined || escalation === STEP_PHASE.released;
  if (escalationOpen && isEscalation(state, breach, ctx.windowMs)) {
    return {
      kind: INCIDENT_STEP.escalate,
      next: { ...state, ...claim(state, ctx), escalation: STEP_PHASE.claimed, lastBreachWindowStartMs },
    };
  }
  if (lastBreachWindowStartMs > state.lastBreachWindowStartMs) {
    return { kind: 'record-breach', next: { ...state, lastBreachWindowStartMs, version: state.version + 1 } };
  }
  return extendedBreach(state, windowStartMs, ctx, 'in cooldown');
}

/**
 * Whether a breach in a window of `windowMs` is ESCALATION_FACTOR times the alert's, as a rate: the
 * alert's window may have had another length (alertWindowMs).
 */
function isEscalation(state: AlertState, breach: Breach, windowMs: number): boolean {
  const alertWindowMs = state.alertWindowMs ?? windowMs;
  return breach.count * alertWindowMs >= ESCALATION_FACTOR * state.alertCount * windowMs;
}

/**
 * The window whose counts decide resolution, or undefined when none is due yet: the window after
 * the last breach, once a delivery from a later window shows it is over. Without traffic no
 * delivery arrives, so no resolution is sent.
 */
export function resolutionWindow(
  state: AlertState,
  currentWindowStartMs: number,
  ctx: IncidentContext,
): number | undefined {
  if (effective(state.phase, state, ctx.nowMs) !== STEP_PHASE.published) return undefined;
  const resolution = effective(state.resolution, state, ctx.nowMs);
  if (resolution === STEP_PHASE.published || resolution === STEP_PHASE.claimed) return undefined;
  if (effective(state.escalation, state, ctx.nowMs) === STEP_PHASE.claimed) return undefined;
  const quietWindow = windowAfterLastBreach(state, ctx.windowMs);
  return currentWindowStartMs >= quietWindow + ctx.windowMs ? quietWindow : undefined;
}

/**
 * The first window of this invocation's length (`windowMs`) that starts once the last breach's
 * window is over. After a deploy that changed WindowMinutes, the last breach may be a window of the
 * other length: 12:05–12:10 in 5-minute windows is followed by 12:15 in 15-minute ones (12:20 is a
 * window no container counts, always empty), 12:00–12:15 in 15-minute windows by 12:15 in 1-minute
 * ones (12:01 lies inside the breach, and its failures were counted in the 15-minute window).
 */
export function windowAfterLastBreach(state: AlertState, windowMs: number): number {
  const breachMs = state.lastBreachWindowMs;
  // Kept by items written before the length was: the next window on this grid.
  if (breachMs === undefined) return (Math.floor(state.lastBreachWindowStartMs / windowMs) + 1) * windowMs;
  return Math.ceil((state.lastBreachWindowStartMs + breachMs) / windowMs) * windowMs;
}

/**
 * `next` with the length of its last breach's window: this invocation's (`windowMs`) when the
 * action moved the last breach, else the one `previous` recorded. A move to a shorter window that
 * ends before the incident's previous last breach does (a 1-minute breach at 12:05 inside a
 * 15-minute one from 12:00) keeps that end: the minutes up to it may be counted in the longer
 * window, and a resolution judging 12:06 would vouch for a minute an old container counted
 * failures in. Kept as the length from the new start, so the window after it is found the same way.
 */
export function withLastBreachLength(
  previous: AlertState | undefined,
  next: AlertState,
  windowMs: number,
): AlertState {
  if (previous === undefined) return { ...next, lastBreachWindowMs: next.lastBreachWindowMs ?? windowMs };
  const start = next.lastBreachWindowStartMs;
  // Kept as the action left it: the previous one's, or one it extended (extendedBreach).
  if (start === previous.lastBreachWindowStartMs)
    return next.lastBreachWindowMs === undefined
      ? { ...next, lastBreachWindowMs: previous.lastBreachWindowMs }
      : next;
  const sameIncident = next.alertWindowStartMs === previous.alertWindowStartMs || alertUnsent(previous);
  const previousEnd =
    sameIncident && previous.lastBreachWindowMs !== undefined
      ? previous.lastBreachWindowStartMs + previous.lastBreachWindowMs
      : start;
  return { ...next, lastBreachWindowMs: Math.max(windowMs, previousEnd - start) };
}

/**
 * An alert already out is judged on whatever traffic the window had: MinRequests keeps a few
 * requests from raising a rate alert, but a failing API's clients give up, and 40 failures in 50
 * requests is no recovery (a window without requests has no rate, and resolves).
 */
const ANY_TRAFFIC = 1;

/**
 * Resolves when the window after the last breach stayed under `state.threshold`. An error-rate
 * incident resolves whatever the window holds once the rate is not judged (`judgeErrorRate` false,
 * see ThresholdConfig): a deploy that narrowed the access logs to failures leaves windows of
 * failures only, which read 100 % and would keep the incident open for as long as one failure a
 * window comes in, though nothing judges the rate any more.
 */
export function decideResolution(
  state: AlertState,
  quietWindow: WindowCounts,
  ctx: IncidentContext,
  judgeErrorRate: boolean,
): IncidentAction {
  const judged = judgeErrorRate || state.subject !== ERROR_RATE;
  if (judged && isOverThreshold(state.subject, state.threshold, quietWindow, ANY_TRAFFIC)) {
    // Late data put that window over the threshold after all: the incident goes on.
    return {
      kind: 'record-breach',
      next: { ...state, lastBreachWindowStartMs: quietWindow.windowStartMs, version: state.version + 1 },
    };
  }
  return {
    kind: INCIDENT_STEP.resolve,
    next: {
      ...state,
      ...claim(state, ctx),
      resolution: STEP_PHASE.claimed,
      resolvedWindowStartMs: quietWindow.windowStartMs,
      resolvedWindowMs: ctx.windowMs,
    },
  };
}

/**
 * Whether an alert claim left held is past the time its claimant's Lambda retry, if any, comes: that
 * claimant ended by its release deadline, half the retry delay before the lease lapses, and is
 * retried a minute after it ended. Half the delay is spared on this side too.
 */
function heldClaimSettled(state: AlertState, nowMs: number): boolean {
  return (state.leaseUntilMs ?? 0) + ASYNC_RETRY_DELAY_MS < nowMs;
}

/**
 * A breach the published state records but no alert covers, which its claimant must decide again
 * now: another invocation counted it while this claim stood (recordWhileClaimed) and cannot come
 * back to it. One in or after the window where the alert's cooldown ends begins the next incident;
 * a published resolution whose last breach moved into its quiet window or beyond (one of another
 * length may start before it: breachIntoResolved) may have vouched for a window that was over the
 * threshold (decided again there: resolvedTooSoon).
 *
 * So does an alert claim left held, for the next incident's breach recorded on it: its claimant
 * may have sent the alert and failed to record it (alert-claim-held), ending without failing, so no
 * retry comes back to that breach; the next invocation decides it instead, as a new incident over
 * the lapsed claim. Only once Lambda's retry would have come (heldClaimSettled): a claimant whose
 * Publish and release both failed leaves the same claim and fails, and its retry, a minute after,
 * sends its alert first (leftOver); the next incident opened before that would leave that
 * alert's window behind it, never sent.
 */
export function unsettledBreach(state: AlertState, nowMs: number, windowMs: number): number | undefined {
  if (state.phase === STEP_PHASE.claimed) {
    if (!heldClaimSettled(state, nowMs)) return undefined;
    return state.lastBreachWindowStartMs >= state.cooldownUntilMs ? state.lastBreachWindowStartMs : undefined;
  }
  if (state.phase !== STEP_PHASE.published) return undefined;
  const resolved = state.resolvedWindowStartMs;
  if (state.resolution === STEP_PHASE.published && resolved !== undefined) {
    // The next incident's breach, recorded while the resolution was being published, first.
    if (state.lastBreachWindowStartMs >= state.cooldownUntilMs) return state.lastBreachWindowStartMs;
    return breachIntoResolved(state, resolved, windowMs);
  }
  return state.lastBreachWindowStartMs >= state.cooldownUntilMs ? state.lastBreachWindowStartMs : undefined;
}

/**
 * The window of this invocation's length (`windowMs`) to decide again for breaches recorded while
 * the resolution of the window from `resolved` was being published, or undefined when they end
 * before it. After a deploy changed WindowMinutes, such a breach may be of the other length and
 * start before the resolved window yet overlap it (12:15–12:30 in 15-minute windows over a
 * resolution of 12:20–12:21): any that ends after the resolved window starts counts, as in
 * resolvedTooSoon. Its failures are counted in its own length only, so the window decided again is
 * the one of this length where the breach meets the resolved window (12:15 for a 15-minute
 * container, 12:20 for a 1-minute one): a container of the other length finds it quiet, and the
 * next one of the breach's length to decide on the subject alerts it. In one length: the resolved
 * window, once the last breach starts in it or after.
 */
function breachIntoResolved(state: AlertState, resolved: number, windowMs: number): number | undefined {
  if (lastBreachEnd(state, windowMs) <= resolved) return undefined;
  const resolvedEnd = resolved + (state.resolvedWindowMs ?? windowMs);
  // Where the breach enters the resolved window (for one recorded after it: its last instant).
  const meets = Math.max(resolved, Math.min(state.lastBreachWindowStartMs, resolvedEnd - 1));
  return Math.floor(meets / windowMs) * windowMs;
}

/** Why a subject's window is left for this invocation to decide again (leftOver). */
export const LEFT_OVER_REASON = {
  heldBack: 'held-back',
  retriedAlert: 'retried-alert',
  unsettledBreach: 'unsettled-breach',
} as const;
type LeftOverReason = (typeof LEFT_OVER_REASON)[keyof typeof LEFT_OVER_REASON];

/**
 * The window a previous claimant left undecided on the subject, which the next invocation to decide
 * on it decides again first, and why:
 * - held-back: asked for an error-rate breach's dominant cause, that cause's alert whose claim counts
 *   as released, whoever claimed it. It holds the rate back (awaitingRetry); sent only by Lambda's
 *   retry, it is never sent once the retries run out, and the rate not either.
 * - retried-alert: this delivery's own alert whose Publish failed in an earlier run (its claim,
 *   released or lapsed, keeps the delivery's token). Its window may be none the delivery touches
 *   (an incident its claimant opened on an unsettled breach); left to those, the retry finds them in
 *   the cooldown of the alert sent before, and this one is never sent.
 * - unsettled-breach: a breach recorded on the claim that no alert covers (unsettledBreach).
 */
export function leftOver(
  state: AlertState | undefined,
  ctx: IncidentContext,
  dominatesRate = false,
): { readonly windowStartMs: number; readonly why: LeftOverReason } | undefined {
  if (state === undefined) return undefined;
  const unsent = alertReleased(state, ctx.nowMs);
  if (unsent && (dominatesRate || state.claimToken === ctx.token))
    return {
      windowStartMs: state.alertWindowStartMs,
      why: dominatesRate ? LEFT_OVER_REASON.heldBack : LEFT_OVER_REASON.retriedAlert,
    };
  const breach = unsettledBreach(state, ctx.nowMs, ctx.windowMs);
  return breach === undefined ? undefined : { windowStartMs: breach, why: LEFT_OVER_REASON.unsettledBreach };
}

const STEP_FIELD = {
  [INCIDENT_STEP.alert]: 'phase',
  [INCIDENT_STEP.escalate]: 'escalation',
  [INCIDENT_STEP.resolve]: 'resolution',
} as const satisfies Record<IncidentStep, keyof AlertState>;

/**
 * Whether `state` still holds the claim made in `claimed` for this step. Another invocation may
 * record a later breach while an escalation is being published (a version bump that keeps the
 * claim), so the claimant settles its step on the state as it is now, not only as it claimed it.
 */
export function holdsClaim(state: AlertState, claimed: AlertState, step: IncidentStep): boolean {
  return (
    state[STEP_FIELD[step]] === STEP_PHASE.claimed &&
    state.claimToken === claimed.claimToken &&
    state.claimant === claimed.claimant &&
    state.leaseUntilMs === claimed.leaseUntilMs
  );
}

/** The state after the claimed step was published. */
export function published(state: AlertState, step: IncidentStep): AlertState {
  const field = STEP_FIELD[step];
  return {
    ...state,
    [field]: STEP_PHASE.published,
    claimToken: undefined,
    claimant: undefined,
    leaseUntilMs: undefined,
    version: state.version + 1,
  };
}

/**
 * The state after publishing the claimed step failed: anyone, including the retry, may claim it
 * again. It keeps the delivery's token, so that delivery's retry knows the alert as its own to send
 * (leftOver).
 */
export function released(state: AlertState, step: IncidentStep): AlertState {
  const field = STEP_FIELD[step];
  return {
    ...state,
    [field]: STEP_PHASE.released,
    claimant: undefined,
    leaseUntilMs: undefined,
    version: state.version + 1,
  };
}
