/**
 * Turns one delivery's analysis into windowed counter increments: one increment per distinct
 * API + stage + window + cause (and per API + stage + window for request totals), so the store
 * writes once per key however many log events the delivery held.
 */
import type { Cause } from './taxonomy';
import type { Analysis, ClassifiedRequest } from './types';

/** Placeholder for an API or stage the logs did not name; counted rather than dropped. */
export const UNKNOWN_SCOPE = 'unknown';

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

export interface CounterIncrement extends CounterKey {
  readonly count: number;
  /** How many of the counted failures were masked (0 for request totals). */
  readonly masked: number;
}

/** A failure that counts toward thresholds, with the scope and time it was counted under. */
export interface CountedFailure {
  readonly failure: ClassifiedRequest;
  readonly api: string;
  readonly stage: string;
  readonly timeMs: number;
  readonly windowStartMs: number;
}

export interface DeliveryCounts {
  readonly increments: readonly CounterIncrement[];
  readonly counted: readonly CountedFailure[];
  /** Failures seen only in execution logs and left uncounted (access logs count them instead). */
  readonly executionOnlySkipped: number;
}

export interface AggregateOptions {
  readonly windowMinutes: number;
  readonly countExecutionLogs: boolean;
  /** Time for requests whose logs carry none: the delivery's latest event timestamp, else now. */
  readonly fallbackTimeMs: number;
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

export function counterKeyId(key: CounterKey): string {
  return `${key.api}\u0000${key.stage}\u0000${key.windowStartMs}\u0000${key.subject}`;
}

/**
 * Counts a delivery. A failure counts when execution logs count (countExecutionLogs) or when an
 * access-log line saw the same request; otherwise the access log's own line will count it.
 */
export function aggregateDelivery(analysis: Analysis, options: AggregateOptions): DeliveryCounts {
  const seenInAccessLog = new Set(analysis.requests.filter((r) => r.fromAccessLog).map((r) => r.requestId));
  const totals = new Map<string, { key: CounterKey; count: number; masked: number }>();
  const bump = (key: CounterKey, masked: boolean) => {
    const id = counterKeyId(key);
    const entry = totals.get(id) ?? { key, count: 0, masked: 0 };
    entry.count += 1;
    if (masked) entry.masked += 1;
    totals.set(id, entry);
  };

  const counted: CountedFailure[] = [];
  let executionOnlySkipped = 0;
  for (const failure of analysis.failures) {
    if (!options.countExecutionLogs && !seenInAccessLog.has(failure.requestId)) {
      executionOnlySkipped += 1;
      continue;
    }
    const timeMs = timeOf(failure.time, options.fallbackTimeMs);
    const scope = {
      api: failure.api || UNKNOWN_SCOPE,
      stage: failure.stage || UNKNOWN_SCOPE,
      windowStartMs: windowStartOf(timeMs, options.windowMinutes),
    };
    counted.push({ failure, ...scope, timeMs });
    bump({ ...scope, subject: failure.cause }, failure.masked);
  }
  for (const request of analysis.requests) {
    if (!request.fromAccessLog) continue;
    const timeMs = request.timeMs ?? options.fallbackTimeMs;
    bump(
      {
        api: request.api || UNKNOWN_SCOPE,
        stage: request.stage || UNKNOWN_SCOPE,
        windowStartMs: windowStartOf(timeMs, options.windowMinutes),
        subject: REQUESTS_COUNTER,
      },
      false,
    );
  }
  const increments = [...totals.values()].map(({ key, count, masked }) => ({ ...key, count, masked }));
  return { increments, counted, executionOnlySkipped };
}
