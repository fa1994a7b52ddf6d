/**
 * The function as it is deployed: `lambda/handler.ts` bundled by esbuild with the stack's own options
 * (the SDK's ES module builds, minified), then run against dynalite and the loopback SNS server. A
 * bundling option that breaks the SDK at run time fails here, not in the user's account.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import { buildSync } from 'esbuild';
import { HANDLER_ENTRY, HANDLER_ESBUILD_OPTIONS } from '../../lib/handler-bundling';
import { FAKE_AWS_ENV, type LocalDynamo, startDynalite } from '../support/dynalite';
import { type SnsServer, startSnsServer } from '../support/sns-server';
import { accessDelivery, succeeded, throttled } from './deliveries';

const T0 = Date.UTC(2026, 10, 25, 12, 0);
const API = 'bundle0001';

let dynamo: LocalDynamo;
let sns: SnsServer;
let outDir: string;
let handler: (event: unknown) => Promise<void>;

before(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'apigw-bundle-'));
  const outfile = join(outDir, 'index.js');
  buildSync({
    ...HANDLER_ESBUILD_OPTIONS,
    mainFields: [...HANDLER_ESBUILD_OPTIONS.mainFields],
    entryPoints: [HANDLER_ENTRY],
    outfile,
  });
  dynamo = await startDynalite();
  sns = await startSnsServer();
  Object.assign(process.env, FAKE_AWS_ENV, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
    TABLE_NAME: dynamo.tableName,
    TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:apigw-alerts',
    LIMIT_ERROR_THRESHOLD: '10',
    MIN_REQUESTS: '100000',
    COUNT_EXECUTION_LOGS: 'false',
  });
  mock.method(console, 'log', () => undefined);
  ({ handler } = require(outfile) as { handler: typeof handler });
});

after(async () => {
  mock.restoreAll();
  await Promise.all([dynamo.close(), sns.close()]);
  rmSync(outDir, { recursive: true, force: true });
});

describe('the bundled function', () => {
  it('counts a throttled-Lambda storm in DynamoDB and publishes one alert naming the masked cause', async () => {
    const lines = [
      ...Array.from({ length: 12 }, (_, i) => throttled(`req-throttled-${i}`, API, T0 + i * 1000)),
      ...Array.from({ length: 5 }, (_, i) => succeeded(`req-ok-${i}`, API, T0 + i * 1000)),
    ];
    await handler(accessDelivery(lines));

    const alerts = sns.publishes.filter((p) => p.attributes.api?.value === API);
    assert.equal(alerts.length, 1);
    const alert = alerts[0];
    assert.ok(alert);
    assert.equal(alert.attributes.cause?.value, 'limit.backend');
    const message = JSON.parse(alert.message) as { email: string; sms: string };
    assert.match(message.email, /real cause is backend throttled \(limit\.backend\)/);
    assert.ok(Buffer.byteLength(message.sms) <= 140);
  });
});
