/**
 * One delivery, end to end, as named steps: skip a duplicate → analyze → count in the shared table
 * (and its metrics) → decide and publish alerts → record the delivery. Decisions are the pure
 * core's; I/O goes through `DeliveryPorts`, so the handler wires the AWS adapters and nothing here
 * imports an SDK.
 *
 * Retry safety: counters apply once per delivery id (and their metrics are written by whoever
 * applied them), alert steps are claimed conditionally, and the delivery is recorded as processed
 * only at the end. An AWS error anywhere is thrown so Lambda
 * retries, and the retry redoes only what is missing.
 */
import { randomUUID } from 'node:crypto';
import type { AnalyzerConfig } from './config';
import {
  aggregateDelivery,
  countedScope,
  counterKeyId,
  type DeliveryCounts,
  UNKNOWN_SCOPE,
} from './core/aggregate';
import type { DecodeError } from './core/decode';
import { deliveryIdOf } from './core/delivery-id';
import { countEmf, executionLogFailuresEmf, rejectedDeliveryEmf, unparsedEmf } from './core/emf';
import { DAY_MS, MINUTE_MS } from './core/epoch-time';
import { type IncidentContext, leaseUntil } from './core/incident';
import { analyze } from './core/pipeline';
import type { Analysis, SubscriptionPayload } from './core/types';
import type { DeliveryPorts } from './delivery-ports';
import { epochSeconds, type Published, ScopeAlerts, scopesOf } from './scope-alerts';

/** A processed-delivery record outlives Lambda's longest async retry (6 hours) comfortably. */
const DELIVERY_RECORD_MS = DAY_MS;

interface Invocation {
  /** Wall-clock time by which Lambda ends this invocation; claims are honoured until just after it. */
  readonly deadlineMs?: number;
}

/** One delivery with events, as every step sees it. */
interface Delivery {
  readonly id: string;
  readonly payload: SubscriptionPayload;
  /** The invocation's clock when it began: every step decides at this time. */
  readonly nowMs: number;
}

/** What the count step wrote, for the steps after it and the summary. */
interface Counted {
  readonly counts: DeliveryCounts;
  readonly applied: number;
  readonly alreadyApplied: number;
  readonly metricsWritten: number;
  /** The time of lines that carry none: the delivery's latest event, or now. */
  readonly fallbackTimeMs: number;
}

/** What the alert step did. */
interface Alerted {
  readonly alerts: readonly Published[];
  /** A copy of this delivery running at the same time holds an alert step: it records the delivery. */
  readonly deferredToTwin: boolean;
}

/** Processes one decoded delivery. Throws only for AWS errors, so Lambda retries. */
export async function processDelivery(
  payload: SubscriptionPayload,
  config: AnalyzerConfig,
  ports: DeliveryPorts,
  invocation: Invocation = {},
): Promise<void> {
  const nowMs = ports.now();
  if (payload.logEvents.length === 0) return logEmptyDelivery(payload, ports);
  const delivery: Delivery = {
    id: deliveryIdOf(payload.logGroup, payload.logStream, payload.logEvents),
    payload,
    nowMs,
  };
  if (await isDuplicate(delivery, ports)) return;
  const analysis = analyzeDelivery(delivery, ports);
  const counted = await countDelivery(delivery, analysis, config, ports);
  const alerted = await alertDelivery(delivery, counted, config, ports, invocation);
  await recordDelivery(delivery, analysis, counted, alerted, config, ports);
}

function logEmptyDelivery(payload: SubscriptionPayload, ports: DeliveryPorts): void {
  ports.log({
    type: 'delivery-summary',
    logGroup: payload.logGroup,
    messageType: payload.messageType,
    events: 0,
  });
}

/** A delivery already recorded as processed (a redelivery, or a retry after it finished) is skipped. */
async function isDuplicate(delivery: Delivery, ports: DeliveryPorts): Promise<boolean> {
  if (!(await ports.isDeliveryProcessed(delivery.id))) return false;
  ports.log({
    type: 'delivery-duplicate',
    deliveryId: delivery.id,
    logGroup: delivery.payload.logGroup,
    logStream: delivery.payload.logStream,
  });
  return true;
}

/** Parse, join and classify (the pure core), then one log line per failed request. */
function analyzeDelivery(delivery: Delivery, ports: DeliveryPorts): Analysis {
  const { logGroup, logStream, logEvents } = delivery.payload;
  const analysis = analyze([{ source: { logGroup, logStream }, events: logEvents }]);
  // Under the scope it counts and alerts under, which the alert's Logs Insights query filters on.
  for (const failure of analysis.failures) {
    // The contract's fields: the advice's parts are the alert's to build with, not the log's.
    const { adviceParts: _parts, ...contract } = failure;
    ports.log({ type: 'failed-request', ...contract, ...countedScope(failure) });
  }
  return analysis;
}

/**
 * Counts the failures (and requests) in the shared windowed table, once per delivery id, and
 * writes the metrics of the counts this invocation applied. Throws a failed write after them.
 */
async function countDelivery(
  delivery: Delivery,
  analysis: Analysis,
  config: AnalyzerConfig,
  ports: DeliveryPorts,
): Promise<Counted> {
  const { payload, nowMs } = delivery;
  // Access lines in a group subscribed as an execution log group passed its filter: only some did,
  // so they count as failures but not toward request totals.
  const countRequests = !config.executionLogGroups.includes(payload.logGroup);
  // A loop, not Math.max(...): a delivery may hold more events than one call takes arguments.
  let latestEvent = 0;
  for (const event of payload.logEvents) latestEvent = Math.max(latestEvent, event.timestamp);
  const fallbackTimeMs = latestEvent > 0 ? latestEvent : nowMs;
  const counts = aggregateDelivery(analysis, {
    windowMinutes: config.windowMinutes,
    countExecutionLogs: config.countExecutionLogs,
    fallbackTimeMs,
    countRequests,
  });
  const windowMs = config.windowMinutes * MINUTE_MS;
  const cooldownMs = config.cooldownMinutes * MINUTE_MS;
  let latestWindowEnd = nowMs;
  for (const i of counts.increments) latestWindowEnd = Math.max(latestWindowEnd, i.windowStartMs + windowMs);
  // Counters must outlive the cooldown and the resolution check that reads the window after.
  const counterExpiresAt = epochSeconds(latestWindowEnd + cooldownMs + 2 * windowMs + DAY_MS);
  const writes = await ports.applyIncrements(delivery.id, counts.increments, counterExpiresAt);
  // The counts' metrics now, from the invocation that applied them: an alert step that fails
  // (SNS down through every retry) must not keep the failures off the dashboard.
  const appliedIds = new Set(writes.appliedKeys.map(counterKeyId));
  const countDocs = countEmf({
    namespace: config.metricsNamespace,
    counted: counts.counted,
    requests: countRequests ? analysis.requests : [],
    fallbackTimeMs,
    applied: { windowMinutes: config.windowMinutes, has: (key) => appliedIds.has(counterKeyId(key)) },
  });
  for (const doc of countDocs) ports.log(doc);
  if (writes.failure !== undefined) throw writes.failure;
  return {
    counts,
    applied: writes.applied,
    alreadyApplied: writes.alreadyApplied,
    metricsWritten: countDocs.length,
    fallbackTimeMs,
  };
}

/**
 * Decides and publishes the alerts of every API + stage the delivery counted in. Every breach is
 * decided and recorded before a Publish that SNS refused (or a decision that lost every race for
 * its alert state) is thrown, so the retry does it.
 */
async function alertDelivery(
  delivery: Delivery,
  { counts }: Counted,
  config: AnalyzerConfig,
  ports: DeliveryPorts,
  invocation: Invocation,
): Promise<Alerted> {
  const ctx: IncidentContext = {
    windowMs: config.windowMinutes * MINUTE_MS,
    cooldownMs: config.cooldownMinutes * MINUTE_MS,
    nowMs: delivery.nowMs,
    leaseUntilMs: leaseUntil(delivery.nowMs, invocation.deadlineMs),
    token: delivery.id,
    claimant: randomUUID(),
  };
  const alerts: Published[] = [];
  let deferredToTwin = false;
  let stepFailure: { error: unknown } | undefined;
  for (const scope of scopesOf(counts.increments)) {
    const outcome = await new ScopeAlerts(scope, counts.counted, config, ports, ctx).run();
    for (const alert of outcome.published) alerts.push(alert);
    deferredToTwin ||= outcome.deferredToTwin;
    if (outcome.stepFailure !== undefined) stepFailure ??= { error: outcome.stepFailure };
  }
  if (stepFailure !== undefined) throw stepFailure.error;
  return { alerts, deferredToTwin };
}

/**
 * Records the delivery as processed, then writes its unparsed-lines metric (if it recorded it) and
 * its summary line.
 */
async function recordDelivery(
  delivery: Delivery,
  analysis: Analysis,
  counted: Counted,
  { alerts, deferredToTwin }: Alerted,
  config: AnalyzerConfig,
  ports: DeliveryPorts,
): Promise<void> {
  const { logGroup } = delivery.payload;
  // A copy of this delivery running at the same time holds an alert step: it records the delivery
  // when it finishes. Recorded here, a Publish that copy then fails would be skipped by its retry
  // as a duplicate, and the alert lost.
  const firstToFinish =
    !deferredToTwin &&
    (await ports.markDeliveryProcessed(
      delivery.id,
      logGroup,
      epochSeconds(delivery.nowMs + DELIVERY_RECORD_MS),
    ));
  const { counts } = counted;
  // UnparsedLines and ExecutionLogFailures have no counter: only the copy that recorded the
  // delivery writes them, so a retry of a half-done delivery, or a redelivery running at the same
  // time, never writes them twice.
  const recordDocs = firstToFinish
    ? [
        unparsedEmf({
          namespace: config.metricsNamespace,
          unparsedLines: analysis.unparsed.length,
          fallbackTimeMs: counted.fallbackTimeMs,
          logGroup,
          functionName: config.functionName ?? UNKNOWN_SCOPE,
        }),
        ...executionLogFailuresEmf({
          namespace: config.metricsNamespace,
          executionOnly: counts.executionOnly,
        }),
      ]
    : [];
  for (const doc of recordDocs) ports.log(doc);
  ports.log({
    type: 'delivery-summary',
    deliveryId: delivery.id,
    logGroup,
    ...analysis.stats,
    counted: counts.counted.length,
    executionOnlySkipped: counts.executionOnly.length,
    counterKeys: counts.increments.length,
    countersApplied: counted.applied,
    countersAlreadyApplied: counted.alreadyApplied,
    metricsWritten: counted.metricsWritten + recordDocs.length,
    ...(deferredToTwin ? { recorded: false } : {}),
    alerts,
  });
}

/**
 * A delivery that did not decode: its `delivery-rejected` line names the code and reason, and is also
 * a RejectedDeliveries metric, which an alarm watches, since its requests are lost.
 */
export function reportRejectedDelivery(
  error: DecodeError,
  config: AnalyzerConfig,
  ports: DeliveryPorts,
): void {
  const metric = rejectedDeliveryEmf({
    namespace: config.metricsNamespace,
    functionName: config.functionName ?? UNKNOWN_SCOPE,
    timeMs: ports.now(),
  });
  ports.log({ ...metric, type: 'delivery-rejected', code: error.code, reason: error.message });
}
