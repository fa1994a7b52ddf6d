/**
 * CloudWatch embedded metric format documents for one delivery, written to stdout by the handler;
 * CloudWatch turns them into metrics without any PutMetricData call. The metric and dimension
 * names are a contract with the dashboard in lib/.
 */
import type { CountedFailure, CounterKey, ScopedFailure } from './aggregate';
import { REQUESTS_COUNTER, UNKNOWN_SCOPE, windowStartOf } from './aggregate';
import { MINUTE_MS } from './epoch-time';
import { printableAscii } from './text-head';
import type { RequestSummary } from './types';

export const METRIC = {
  failedRequests: 'FailedRequests',
  maskedFailedRequests: 'MaskedFailedRequests',
  requests: 'Requests',
  unparsedLines: 'UnparsedLines',
  executionLogFailures: 'ExecutionLogFailures',
  rejectedDeliveries: 'RejectedDeliveries',
} as const;

export const DIMENSION = {
  api: 'Api',
  stage: 'Stage',
  cause: 'Cause',
  logGroup: 'LogGroup',
  functionName: 'FunctionName',
} as const;

export interface EmfDocument {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: 'Count' }[];
    }[];
  };
  readonly [field: string]: unknown;
}

/**
 * One EMF document. `alsoBy`, when given, is a second dimension set: each set in `Dimensions` is a
 * metric of its own (EMF specification, MetricDirective), so the same values are also published by
 * those dimensions alone.
 */
function document(
  namespace: string,
  timestamp: number,
  dimensions: Readonly<Record<string, string>>,
  values: Readonly<Record<string, number>>,
  alsoBy?: Readonly<Record<string, string>>,
): EmfDocument {
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: alsoBy ? [Object.keys(dimensions), Object.keys(alsoBy)] : [Object.keys(dimensions)],
          Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'Count' as const })),
        },
      ],
    },
    ...dimensions,
    ...alsoBy,
    ...values,
  };
}

/** CloudWatch's limit on a dimension value (API reference, Dimension: 1 to 1024 characters). */
const MAX_DIMENSION_VALUE_CHARS = 1024;

/**
 * A dimension value CloudWatch accepts: printable ASCII (other characters become `?`), at most
 * 1024 characters, not blank. API and stage come from log fields, which a custom access-log format
 * may fill with anything, and an invalid value costs the whole document its dimensions: its counts
 * are recorded without Api, Stage and Cause, where no graph looks, or not at all (reported for a
 * number in awslabs/aws-embedded-metrics-python#58, an empty value in
 * aws-powertools/powertools-lambda-python#5526, a line break in
 * Amazon-Q-Developer/language-servers#2359; AWS's EMF clients now check values against the
 * Dimension reference). Each API + stage + cause + minute is its own document, so others are safe.
 */
function dimensionValue(value: string): string {
  return printableAscii(value, MAX_DIMENSION_VALUE_CHARS, UNKNOWN_SCOPE);
}

function minuteOf(timeMs: number): number {
  return Math.floor(timeMs / MINUTE_MS) * MINUTE_MS;
}

export interface EmfInput {
  readonly namespace: string;
  readonly counted: readonly CountedFailure[];
  /** Requests seen in access logs; other requests are not request totals. */
  readonly requests: readonly RequestSummary[];
  readonly unparsedLines: number;
  readonly fallbackTimeMs: number;
  /**
   * Only the counts of these counter keys. Each key takes a delivery's count exactly once (one
   * conditional ADD), so the invocation that applied it writes its metrics, right after counting:
   * neither a retry nor a redelivery doubles them, and an alert step that fails later (SNS down
   * through every retry) does not lose them.
   */
  readonly applied?: { readonly windowMinutes: number; readonly has: (key: CounterKey) => boolean };
}

/**
 * FailedRequests, MaskedFailedRequests and Requests: the counts, by API, stage (and cause). One
 * document per API + stage + cause + minute (and per API + stage + minute for requests), so each
 * metric lands in the minute the requests happened, whatever the delivery delay.
 */
export function countEmf(input: Omit<EmfInput, 'unparsedLines'>): EmfDocument[] {
  const { applied } = input;
  const failures = new Map<
    string,
    { minute: number; api: string; stage: string; cause: string; n: number; masked: number }
  >();
  for (const { failure, api, stage, timeMs, windowStartMs } of input.counted) {
    if (applied && !applied.has({ api, stage, windowStartMs, subject: failure.cause })) continue;
    const minute = minuteOf(timeMs);
    const id = `${minute}\u0000${api}\u0000${stage}\u0000${failure.cause}`;
    const entry = failures.get(id) ?? { minute, api, stage, cause: failure.cause, n: 0, masked: 0 };
    entry.n += 1;
    if (failure.masked) entry.masked += 1;
    failures.set(id, entry);
  }
  const requests = new Map<string, { minute: number; api: string; stage: string; n: number }>();
  for (const request of input.requests) {
    if (!request.fromAccessLog) continue;
    const timeMs = request.timeMs ?? input.fallbackTimeMs;
    const minute = minuteOf(timeMs);
    const api = request.api || UNKNOWN_SCOPE;
    const stage = request.stage || UNKNOWN_SCOPE;
    const windowStartMs = applied ? windowStartOf(timeMs, applied.windowMinutes) : 0;
    if (applied && !applied.has({ api, stage, windowStartMs, subject: REQUESTS_COUNTER })) continue;
    const id = `${minute}\u0000${api}\u0000${stage}`;
    const entry = requests.get(id) ?? { minute, api, stage, n: 0 };
    entry.n += 1;
    requests.set(id, entry);
  }
  const docs: EmfDocument[] = [];
  for (const f of failures.values()) {
    docs.push(
      document(
        input.namespace,
        f.minute,
        {
          [DIMENSION.api]: dimensionValue(f.api),
          [DIMENSION.stage]: dimensionValue(f.stage),
          [DIMENSION.cause]: f.cause,
        },
        { [METRIC.failedRequests]: f.n, [METRIC.maskedFailedRequests]: f.masked },
      ),
    );
  }
  for (const r of requests.values()) {
    docs.push(
      document(
        input.namespace,
        r.minute,
        { [DIMENSION.api]: dimensionValue(r.api), [DIMENSION.stage]: dimensionValue(r.stage) },
        { [METRIC.requests]: r.n },
      ),
    );
  }
  return docs;
}

/**
 * UnparsedLines by LogGroup, the delivery's log group: the namespace is shared by every stack in
 * the account and Region unless set, and each stack's dashboard graphs only its own log groups.
 * Also by FunctionName, the stack's function: one alarm per stack watches that sum, where an alarm
 * per log group would cost a CloudFormation resource per group; the dashboard says which group.
 */
export function unparsedEmf(
  input: Pick<EmfInput, 'namespace' | 'unparsedLines' | 'fallbackTimeMs'> & {
    readonly logGroup: string;
    readonly functionName: string;
  },
): EmfDocument {
  // Always written, 0 included, so the dashboard shows parsing health rather than gaps.
  return document(
    input.namespace,
    input.fallbackTimeMs,
    { [DIMENSION.logGroup]: dimensionValue(input.logGroup) },
    { [METRIC.unparsedLines]: input.unparsedLines },
    { [DIMENSION.functionName]: dimensionValue(input.functionName) },
  );
}

/**
 * ExecutionLogFailures by API and stage (one document per API + stage + minute): every failure an
 * execution log showed, not counted from it because the stack counts access logs (each request
 * once). One delivery never holds both kinds, so these include the failures the access log counted
 * too. With an access format that logs $context.apiId and $context.stage, an API + stage graphed
 * here and never under FailedRequests has no access log subscribed; the console presets log
 * neither, and count the same failures under the log group name and stage `unknown`.
 * Written by the copy that recorded the delivery, as UnparsedLines, so never twice.
 */
export function executionLogFailuresEmf(input: {
  readonly namespace: string;
  readonly executionOnly: readonly ScopedFailure[];
}): EmfDocument[] {
  const byScope = new Map<string, { minute: number; api: string; stage: string; n: number }>();
  for (const { api, stage, timeMs } of input.executionOnly) {
    const minute = minuteOf(timeMs);
    const id = `${minute}\u0000${api}\u0000${stage}`;
    const entry = byScope.get(id) ?? { minute, api, stage, n: 0 };
    entry.n += 1;
    byScope.set(id, entry);
  }
  return [...byScope.values()].map((e) =>
    document(
      input.namespace,
      e.minute,
      { [DIMENSION.api]: dimensionValue(e.api), [DIMENSION.stage]: dimensionValue(e.stage) },
      { [METRIC.executionLogFailures]: e.n },
    ),
  );
}

/**
 * RejectedDeliveries: 1 for a delivery that did not decode, which is acknowledged and so lost. By
 * FunctionName, not LogGroup: an undecoded delivery names no log group, and the namespace may be
 * shared by other stacks, whose functions have other names.
 */
export function rejectedDeliveryEmf(input: {
  readonly namespace: string;
  readonly functionName: string;
  readonly timeMs: number;
}): EmfDocument {
  return document(
    input.namespace,
    input.timeMs,
    { [DIMENSION.functionName]: dimensionValue(input.functionName) },
    { [METRIC.rejectedDeliveries]: 1 },
  );
}
