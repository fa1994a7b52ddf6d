/** Lambda entry: one CloudWatch Logs subscription delivery → counted, alerted, measured. */
import type { Context } from 'aws-lambda';
import { awsPorts } from './adapters/aws-ports';
import { loadConfig } from './config';
import { DecodeError, decodeEvent } from './core/decode';
import type { SubscriptionPayload } from './core/types';
import { processDelivery, reportRejectedDelivery } from './process-delivery';

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
    // Poison data: retrying cannot fix it, so it is reported and the delivery acknowledged.
    if (error instanceof DecodeError) return reportRejectedDelivery(error, config, ports);
    throw error;
  }
  const deadlineMs = context ? ports.now() + context.getRemainingTimeInMillis() : undefined;
  await processDelivery(payload, config, ports, { deadlineMs });
}
