/**
 * Turns one delivery's analysis into windowed counter increments: one increment per distinct
 * API + stage + window + cause (and per API + stage + window for request totals), so the store
 * writes once per key however many log events the delivery held.
 */
import type { Cause } from './taxonomy';
import { type Analysis, type ClassifiedRequest, UNKNOWN_SCOPE } from './types';

export { UNKNOWN_SCOPE };

/**
 * The API and stage a failure counts, and alerts, under: a line that names none counts under
 * `unknown`. The function's `failed-request` log line names the same, so the alert's Logs Insights
 * query (`stage = "unknown"`) finds it.
 */
export function countedScope(failure: Pick<ClassifiedRequest, 'api' | 'stage'>): {
  readonly api: string;
  readonly stage: string;
} {
  return { api: failure.api || UNKNOWN_SCOPE, stage: failure.stage || UNKNOWN_SCOPE };
}

/** The `cause` slot of the per-window request-total counter. */
export const REQUESTS_COUNTER = 'requests';
export type CounterSubject = Cause | typeof REQUESTS_COUNTER;

export interface CounterKey {
  readonly api: string;
  readonly stage: string;
  /** Epoch ms of the window start, aligned to the clock. */
  readonly windowStartMs: number;
  readonly subject: CounterSubject;
}

/** One string per counter key, for sets of keys. */
export function counterKeyId(key: CounterKey): string {
  return `${key.api}\u0000${key.stage}\u0000${key.windowStartMs}\u0000${key.subject}`;
}

export interface CounterIncrement extends CounterKey {
  readonly count: number;
  /** How many of the counted failures were masked (0 for request totals). */
  readonly masked: number;
}

/** A failure with the API, stage and time it belongs to. */
export interface ScopedFailure {
  readonly failure: ClassifiedRequest;
  readonly api: string;
  readonly stage: string;
  readonly timeMs: number;
}

/** A failure that counts toward thresholds, with the scope and time it was counted under. */
export interface CountedFailure extends ScopedFailure {
  readonly windowStartMs: number;
}

export interface DeliveryCounts {
  readonly increments: readonly CounterIncrement[];
  readonly counted: readonly CountedFailure[];
  /**
   * Failures an execution log showed, left uncounted because the stack counts access logs: every
   * one of them, as a delivery never holds both kinds (graphed as ExecutionLogFailures, so an API
   * whose access log the stack does not subscribe shows).
   */
  readonly executionOnly: readonly ScopedFailure[];
}

interface AggregateOptions {
  readonly windowMinutes: number;
  readonly countExecutionLogs: boolean;
  /** Time for requests whose logs carry none: the delivery's latest event timestamp, else now. */
  readonly fallbackTimeMs: number;
  /**
   * Whether the delivery's access lines count toward request totals: not when they came through an
   * execution log group's filter, which lets only some of them through (access logs sent to an
   * execution-named group), so a rate over them would be near 100 %.
   * @default true
   */
  readonly countRequests?: boolean;
}

/** Start of the clock-aligned window holding `timeMs` (12:07 in 5-minute windows → 12:05). */
export function windowStartOf(timeMs: number, windowMinutes: number): number {
  const windowMs = windowMinutes * 60_000;
  return Math.floor(timeMs / windowMs) * windowMs;
}

function timeOf(iso: string | undefined, fallback: number): number {
  if (iso === undefined) return fallback;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : fallback;
}

type Tally = { -readonly [K in keyof CounterIncrement]: CounterIncrement[K] };

/**
 * One tally per key, found through a map per key part: a delivery looks a tally up once per request,
 * and a key string (with the window's time as text) cost more than the lookups.
 */
class Tallies {
  private readonly byScope = new Map<string, Map<string, Map<number, Map<CounterSubject, Tally>>>>();
  /** In the order they were first bumped. */
  readonly all: Tally[] = [];

  of(api: string, stage: string, windowStartMs: number, subject: CounterSubject): Tally {
    let byStage = this.byScope.get(api);
    if (byStage === undefined) {
      byStage = new Map();
      this.byScope.set(api, byStage);
    }
    let byWindow = byStage.get(stage);
    if (byWindow === undefined) {
      byWindow = new Map();
      byStage.set(stage, byWindow);
    }
    let bySubject = byWindow.get(windowStartMs);
    if (bySubject === undefined) {
      bySubject = new Map();
      byWindow.set(windowStartMs, bySubject);
    }
    let tally = bySubject.get(subject);
    if (tally === undefined) {
      tally = { api, stage, windowStartMs, subject, count: 0, masked: 0 };
      bySubject.set(subject, tally);
      this.all.push(tally);
    }
    return tally;
  }
}

/**
 * Counts a delivery. A failure counts when execution logs count (countExecutionLogs) or when an
 * access-log line saw the same request; otherwise the access log's own line will count it.
 */
export function aggregateDelivery(analysis: Analysis, options: AggregateOptions): DeliveryCounts {
  const { windowMinutes, fallbackTimeMs } = options;
  const totals = new Tallies();
  const bump = (
    api: string,
    stage: string,
    windowStartMs: number,
    subject: CounterSubject,
    masked: boolean,
  ) => {
    const tally = totals.of(api, stage, windowStartMs, subject);
    tally.count += 1;
    if (masked) tally.masked += 1;
  };

  // Only needed when execution-only failures are skipped: most deliveries never build it.
  const seenInAccessLog = options.countExecutionLogs
    ? undefined
    : new Set(analysis.requests.filter((r) => r.fromAccessLog).map((r) => r.requestId));
  const counted: CountedFailure[] = [];
  const executionOnly: ScopedFailure[] = [];
  for (const failure of analysis.failures) {
    const timeMs = timeOf(failure.time, fallbackTimeMs);
    const { api, stage } = countedScope(failure);
    if (seenInAccessLog !== undefined && !seenInAccessLog.has(failure.requestId)) {
      executionOnly.push({ failure, api, stage, timeMs });
      continue;
    }
    const windowStartMs = windowStartOf(timeMs, windowMinutes);
    counted.push({ failure, api, stage, timeMs, windowStartMs });
    bump(api, stage, windowStartMs, failure.cause, failure.masked);
  }
  for (const request of options.countRequests === false ? [] : analysis.requests) {
    if (!request.fromAccessLog) continue;
    const windowStartMs = windowStartOf(request.timeMs ?? fallbackTimeMs, windowMinutes);
    bump(
      request.api || UNKNOWN_SCOPE,
      request.stage || UNKNOWN_SCOPE,
      windowStartMs,
      REQUESTS_COUNTER,
      false,
    );
  }
  return { increments: totals.all, counted, executionOnly };
}
