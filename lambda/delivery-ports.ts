/** Everything one delivery needs from the outside world; lambda/adapters/aws-ports.ts implements it with AWS. */
import type { CounterIncrement, CounterKey } from './core/aggregate';
import type { AlertMessage } from './core/alert-message';
import type { AlertState } from './core/incident';
import type { WindowCounts } from './core/thresholds';
import type { TrailLookup, TrailQuery } from './core/trail';

export interface DeliveryPorts {
  isDeliveryProcessed(deliveryId: string): Promise<boolean>;
  markDeliveryProcessed(deliveryId: string, logGroup: string, expiresAt: number): Promise<boolean>;
  applyIncrements(
    deliveryId: string,
    increments: readonly CounterIncrement[],
    expiresAt: number,
  ): Promise<{
    applied: number;
    alreadyApplied: number;
    appliedKeys: readonly CounterKey[];
    /** A write failed: the caller writes the applied keys' metrics, then throws this. */
    failure?: unknown;
  }>;
  readWindow(api: string, stage: string, windowStartMs: number): Promise<WindowCounts>;
  /** `signal` abandons the call (its request aborted) when it fires. */
  readAlertStates(api: string, stage: string, signal?: AbortSignal): Promise<AlertState[]>;
  writeAlertState(
    next: AlertState,
    expectedVersion: number,
    expiresAt: number,
    signal?: AbortSignal,
  ): Promise<boolean>;
  /**
   * Fails, as a refused Publish does, with a TimeoutError when SNS has not answered after
   * `timeoutMs` (or the adapter's own bound if shorter).
   */
  publish(alert: AlertMessage, timeoutMs?: number): Promise<string>;
  /** Gives the lookup up (a note, not an error) after `timeoutMs`, or the adapter's own bound if shorter. */
  readTrails(query: TrailQuery, timeoutMs: number): Promise<TrailLookup>;
  /** One structured log line (JSON) to the function's log. */
  log(line: Readonly<Record<string, unknown>>): void;
  now(): number;
  sleep(ms: number): Promise<void>;
}
