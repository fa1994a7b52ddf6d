/**
 * Which windows need an alert. Each cause counts against the threshold of its severity group
 * (who has to act: `server` → ServerErrorThreshold, `limit` → LimitErrorThreshold, `client` →
 * ClientErrorThreshold) unless CauseThresholds overrides it; the error rate is judged only once a
 * window holds MinRequests requests, so three failures out of four requests do not page anyone,
 * and not at all when the requests counted are not every request (access logs filtered to failures).
 */
import type { CauseThresholds } from './cause-thresholds';
import { CAUSE_IDS, CAUSES, type Cause, SEVERITY_GROUP, type SeverityGroup } from './taxonomy';

export interface ThresholdConfig {
  readonly serverErrorThreshold: number;
  readonly limitErrorThreshold: number;
  readonly clientErrorThreshold: number;
  readonly causeThresholds: CauseThresholds;
  readonly errorRatePercent: number;
  readonly minRequests: number;
  /**
   * False when the access logs carry only some requests (a subscription filter that passes
   * failures): failures ÷ requests would then read 100 %, so the rate is not judged.
   */
  readonly judgeErrorRate: boolean;
}

/** The alert subject for the error-rate alert; cause ids always contain a dot, so it cannot clash. */
export const ERROR_RATE = 'error-rate';
export type AlertSubject = Cause | typeof ERROR_RATE;

/** An alert escalates once the window's count reaches this multiple of the count it fired at. */
export const ESCALATION_FACTOR = 10;

export interface CauseCount {
  readonly count: number;
  readonly masked: number;
}

/** Everything counted for one API + stage in one window, as read back from the shared store. */
export interface WindowCounts {
  readonly api: string;
  readonly stage: string;
  readonly windowStartMs: number;
  readonly requests: number;
  readonly causes: Readonly<Partial<Record<Cause, CauseCount>>>;
}

export type Breach =
  | {
      readonly kind: 'cause';
      readonly subject: Cause;
      readonly cause: Cause;
      readonly count: number;
      readonly masked: number;
      readonly threshold: number;
    }
  | {
      readonly kind: 'rate';
      readonly subject: typeof ERROR_RATE;
      /** The cause with the most failures in the window, named so the reader knows where to look. */
      readonly cause: Cause;
      readonly causeCount: number;
      /** All failures in the window: what escalation is measured on. */
      readonly count: number;
      readonly requests: number;
      readonly ratePercent: number;
      readonly threshold: number;
    };

const GROUP_THRESHOLD: Record<SeverityGroup, keyof ThresholdConfig> = {
  [SEVERITY_GROUP.server]: 'serverErrorThreshold',
  [SEVERITY_GROUP.limit]: 'limitErrorThreshold',
  [SEVERITY_GROUP.client]: 'clientErrorThreshold',
};

export function thresholdFor(cause: Cause, config: ThresholdConfig): number {
  const override = config.causeThresholds[cause];
  if (override !== undefined) return override;
  const value = config[GROUP_THRESHOLD[CAUSES[cause].group]];
  return typeof value === 'number' ? value : Number.POSITIVE_INFINITY;
}

/** The threshold a subject alerts at under `config`: its cause's, or the error-rate percentage. */
export function subjectThreshold(subject: AlertSubject, config: ThresholdConfig): number {
  return subject === ERROR_RATE ? config.errorRatePercent : thresholdFor(subject, config);
}

export function failuresIn(window: WindowCounts): number {
  return CAUSE_IDS.reduce((sum, cause) => sum + (window.causes[cause]?.count ?? 0), 0);
}

/** The cause with the most failures; ties go to the cause listed first in the taxonomy. */
export function dominantCause(window: WindowCounts): { cause: Cause; count: number } | undefined {
  let best: { cause: Cause; count: number } | undefined;
  for (const cause of CAUSE_IDS) {
    const count = window.causes[cause]?.count ?? 0;
    if (count > 0 && (best === undefined || count > best.count)) best = { cause, count };
  }
  return best;
}

function rateBreach(window: WindowCounts, config: ThresholdConfig): Breach | undefined {
  if (!config.judgeErrorRate || window.requests < config.minRequests) return undefined;
  const failures = failuresIn(window);
  const dominant = dominantCause(window);
  if (dominant === undefined) return undefined;
  const ratePercent = (failures / window.requests) * 100;
  if (ratePercent < config.errorRatePercent) return undefined;
  return {
    kind: 'rate',
    subject: ERROR_RATE,
    cause: dominant.cause,
    causeCount: dominant.count,
    count: failures,
    requests: window.requests,
    ratePercent,
    threshold: config.errorRatePercent,
  };
}

/** Every threshold the window is at or over: per cause, then the error rate. */
export function findBreaches(window: WindowCounts, config: ThresholdConfig): Breach[] {
  const breaches: Breach[] = [];
  for (const cause of CAUSE_IDS) {
    const counted = window.causes[cause];
    if (counted === undefined) continue;
    const threshold = thresholdFor(cause, config);
    if (counted.count >= threshold) {
      breaches.push({
        kind: 'cause',
        subject: cause,
        cause,
        count: counted.count,
        masked: counted.masked,
        threshold,
      });
    }
  }
  const rate = rateBreach(window, config);
  if (rate !== undefined) breaches.push(rate);
  return breaches;
}

/**
 * Whether the subject is still at or over `threshold` in this window. A rate
 * over fewer than MinRequests requests is not a breach, the same rule as when alerting.
 */
export function isOverThreshold(
  subject: AlertSubject,
  threshold: number,
  window: WindowCounts,
  minRequests: number,
): boolean {
  if (subject === ERROR_RATE) {
    if (window.requests === 0 || window.requests < minRequests) return false;
    return (failuresIn(window) / window.requests) * 100 >= threshold;
  }
  return (window.causes[subject]?.count ?? 0) >= threshold;
}
