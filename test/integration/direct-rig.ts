/**
 * The real adapters against dynalite and the loopback SNS server, for tests that drive
 * processDelivery directly, one config per simulated container (5-minute windows, limit causes
 * alert at 10, cooldown 30 min, MinRequests high so only per-cause alerts fire).
 */
import { gunzipSync } from 'node:zlib';
import type { AnalyzerConfig } from '../../lambda/config';
import type { SubscriptionPayload } from '../../lambda/core/types';
import type { DeliveryPorts } from '../../lambda/delivery-ports';
import { FAKE_AWS_ENV, type LocalDynamo, startDynalite } from '../support/dynalite';
import { type SnsServer, startSnsServer } from '../support/sns-server';
import { type AccessLine, accessDelivery } from './deliveries';

export interface DirectRig {
  readonly dynamo: LocalDynamo;
  readonly sns: SnsServer;
  readonly config: AnalyzerConfig;
  readonly awsPorts: (config: AnalyzerConfig) => DeliveryPorts;
  readonly processDelivery: typeof import('../../lambda/process-delivery').processDelivery;
}

export async function startDirectRig(): Promise<DirectRig> {
  const dynamo = await startDynalite();
  const sns = await startSnsServer();
  const env = {
    ...FAKE_AWS_ENV,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
    TABLE_NAME: dynamo.tableName,
    TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:apigw-alerts',
    WINDOW_MINUTES: '5',
    COOLDOWN_MINUTES: '30',
    LIMIT_ERROR_THRESHOLD: '10',
    MIN_REQUESTS: '100000',
  };
  Object.assign(process.env, env);
  // The adapters create their clients at module load, so the environment must be set first.
  const { awsPorts } = await import('../../lambda/adapters/aws-ports');
  const { processDelivery } = await import('../../lambda/process-delivery');
  const config = (await import('../../lambda/config')).loadConfig(env);
  return { dynamo, sns, config, awsPorts, processDelivery };
}

/** The decoded payload of an access-log delivery of `lines` (accessDelivery), as the handler passes it on. */
export function payloadOf(lines: readonly AccessLine[], stream: string): SubscriptionPayload {
  const event = accessDelivery(lines, stream);
  return JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
}
