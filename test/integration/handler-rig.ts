/**
 * The real handler against dynalite and a loopback SNS server (and a loopback CloudWatch Logs
 * server, when a test file gives one), for a test file of its own: the handler reads its
 * environment once, at module load, so each configuration needs its own process.
 */
import { mock } from 'node:test';
import type { CloudWatchLogsServer } from '../support/cloudwatch-logs-server';
import { FAKE_AWS_ENV, type LocalDynamo, startDynalite } from '../support/dynalite';
import { type RecordedPublish, type SnsServer, startSnsServer } from '../support/sns-server';

export interface HandlerRig {
  readonly dynamo: LocalDynamo;
  readonly sns: SnsServer;
  readonly handler: (event: unknown) => Promise<void>;
  /** What SNS received for one API (its `api` message attribute). */
  publishesFor(api: string): RecordedPublish[];
  close(): Promise<void>;
}

/** Starts the parts, sets the function's environment to `settings`, loads the handler, silences its log. */
export async function startHandlerRig(
  settings: Readonly<Record<string, string>>,
  logsServer?: CloudWatchLogsServer,
): Promise<HandlerRig> {
  const dynamo = await startDynalite();
  const sns = await startSnsServer();
  Object.assign(process.env, FAKE_AWS_ENV, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
    ...(logsServer === undefined ? {} : { AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logsServer.url }),
    TABLE_NAME: dynamo.tableName,
    ...settings,
  });
  const { handler } = await import('../../lambda/handler');
  mock.method(console, 'log', () => {});
  return {
    dynamo,
    sns,
    handler,
    publishesFor: (api) => sns.publishes.filter((p) => p.attributes.api?.value === api),
    close: async () => {
      mock.restoreAll();
      await Promise.all([dynamo.close(), sns.close(), logsServer?.close()]);
    },
  };
}
