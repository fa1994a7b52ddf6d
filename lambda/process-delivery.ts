/**
 * One delivery, end to end: analyze → count in the shared table → decide and publish alerts →
 * metrics. Decisions are the pure core's; I/O goes through `DeliveryPorts`, so the handler wires
 * the AWS adapters and nothing here imports an SDK.
 *
 * Retry safety: counters apply once per delivery id (and their metrics are written by whoever
 * applied them), alert steps are claimed conditionally, and the delivery is recorded as processed
 * only at the end. An AWS error anywhere is thrown so Lambda
 * retries, and the retry redoes only what is missing.
 */
import { randomUUID } from 'node:crypto';
import type { AnalyzerConfig } from './config';
import { aggregateDelivery, counterKeyId } from './core/aggregate';
import { deliveryIdOf } from './core/delivery-id';
import { countEmf, unparsedEmf } from './core/emf';
import { type IncidentContext, leaseUntil } from './core/incident';
import { analyze } from './core/pipeline';
import type { SubscriptionPayload } from './core/types';
import type { DeliveryPorts } from './delivery-ports';
import { DAY_MS, epochSeconds, MINUTE_MS, type Published, ScopeAlerts, scopesOf } from './scope-alerts';

/** A processed-delivery record outlives Lambda's longest async retry (6 hours) comfortably. */
const DELIVERY_RECORD_MS = DAY_MS;

interface Invocation {
  /** Wall-clock time by which Lambda ends this invocation; claims are honoured until just after it. */
  readonly deadlineMs?: number;
}

/** Processes one decoded delivery. Throws only for AWS errors, so Lambda retries. */
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

  // Access lines in a group subscribed as an execution log group passed its filter: only some did,
  // so they count as failures but not toward request totals.
  const countRequests = !config.executionLogGroups.includes(payload.logGroup);
  const latestEvent = Math.max(0, ...payload.logEvents.map((e) => e.timestamp));
  const fallbackTimeMs = latestEvent > 0 ? latestEvent : nowMs;
  const counts = aggregateDelivery(analysis, {
    windowMinutes: config.windowMinutes,
    countExecutionLogs: config.countExecutionLogs,
    fallbackTimeMs,
    countRequests,
  });
  const windowMs = config.windowMinutes * MINUTE_MS;
  const cooldownMs = config.cooldownMinutes * MINUTE_MS;
  const latestWindowEnd = Math.max(nowMs, ...counts.increments.map((i) => i.windowStartMs + windowMs));
  // Counters must outlive the cooldown and the resolution check that reads the window after.
  const counterExpiresAt = epochSeconds(latestWindowEnd + cooldownMs + 2 * windowMs + DAY_MS);
  const writes = await ports.applyIncrements(deliveryId, counts.increments, counterExpiresAt);
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

  const ctx: IncidentContext = {
    windowMs,
    cooldownMs,
    nowMs,
    leaseUntilMs: leaseUntil(nowMs, invocation.deadlineMs),
    token: deliveryId,
    claimant: randomUUID(),
  };
  const alerts: Published[] = [];
  let deferredToTwin = false;
  let publishFailure: { error: unknown } | undefined;
  for (const scope of scopesOf(counts.increments)) {
    const outcome = await new ScopeAlerts(scope, counts.counted, config, ports, ctx).run();
    alerts.push(...outcome.published);
    deferredToTwin ||= outcome.deferredToTwin;
    if (outcome.publishFailure !== undefined) publishFailure ??= { error: outcome.publishFailure };
  }
  // Every breach was decided and recorded; now the retry publishes what SNS refused.
  if (publishFailure !== undefined) throw publishFailure.error;

  // A copy of this delivery running at the same time holds an alert step: it records the delivery
  // when it finishes. Recorded here, a Publish that copy then fails would be skipped by its retry
  // as a duplicate, and the alert lost.
  const firstToFinish =
    !deferredToTwin &&
    (await ports.markDeliveryProcessed(
      deliveryId,
      payload.logGroup,
      epochSeconds(nowMs + DELIVERY_RECORD_MS),
    ));
  // UnparsedLines has no counter: only the copy that recorded the delivery writes it, so a retry
  // of a half-done delivery, or a redelivery running at the same time, never writes it twice.
  if (firstToFinish) {
    ports.log(
      unparsedEmf({
        namespace: config.metricsNamespace,
        unparsedLines: analysis.unparsed.length,
        fallbackTimeMs,
        logGroup: payload.logGroup,
      }),
    );
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
    metricsWritten: countDocs.length + (firstToFinish ? 1 : 0),
    ...(deferredToTwin ? { recorded: false } : {}),
    alerts,
  });
}
