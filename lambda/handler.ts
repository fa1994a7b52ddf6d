/** Lambda entry: one CloudWatch Logs subscription delivery → counted, alerted, measured. */
import type { Context } from 'aws-lambda';
import { awsPorts } from './adapters/aws-ports';
import { loadConfig } from './config';
import { UNKNOWN_SCOPE } from './core/aggregate';
import { DecodeError, decodeEvent } from './core/decode';
import { rejectedDeliveryEmf } from './core/emf';
import type { SubscriptionPayload } from './core/types';
import { processDelivery } from './process-delivery';

// Read once per container: a bad setting (e.g. CAUSE_THRESHOLDS) fails the cold start, loudly.
const config = loadConfig();
const ports = awsPorts(config);

export async function handler(
  event: unknown,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<void> {
  let payload: SubscriptionPayload;
  try {
    payload = decodeEvent(event);
  } catch (error) {
    // Poison data: retrying cannot fix it, so it is reported and the delivery acknowledged. The
    // line is also a RejectedDeliveries metric, which an alarm watches: its requests are lost.
    if (error instanceof DecodeError) {
      const metric = rejectedDeliveryEmf({
        namespace: config.metricsNamespace,
        functionName: config.functionName ?? UNKNOWN_SCOPE,
        timeMs: ports.now(),
      });
      ports.log({ ...metric, type: 'delivery-rejected', code: error.code, reason: error.message });
      return;
    }
    throw error;
  }
  const deadlineMs = context ? ports.now() + context.getRemainingTimeInMillis() : undefined;
  await processDelivery(payload, config, ports, { deadlineMs });
}
