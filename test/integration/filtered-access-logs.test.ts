/**
 * Access logs filtered to failures (`accessLogFilterPattern`), through the real handler against
 * dynalite and the loopback SNS server: the stack then sets JUDGE_ERROR_RATE=false, because every
 * line that arrives failed and the error rate would read 100 %. A separate file (so a separate
 * process and cold start) for that configuration. Access lines are SYNTHETIC (deliveries.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import { FAKE_AWS_ENV, type LocalDynamo, startDynalite } from '../support/dynalite';
import { type RecordedPublish, type SnsServer, startSnsServer } from '../support/sns-server';
import { accessDelivery, throttled } from './deliveries';

const T0 = Date.UTC(2026, 10, 25, 12, 0);

let dynamo: LocalDynamo;
let sns: SnsServer;
let handler: (event: unknown) => Promise<void>;

before(async () => {
  dynamo = await startDynalite();
  sns = await startSnsServer();
  Object.assign(process.env, FAKE_AWS_ENV, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
    TABLE_NAME: dynamo.tableName,
    TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:apigw-alerts',
    LIMIT_ERROR_THRESHOLD: '150',
    ERROR_RATE_PERCENT: '5',
    MIN_REQUESTS: '100',
    COUNT_EXECUTION_LOGS: 'false',
    JUDGE_ERROR_RATE: 'false',
  });
  ({ handler } = await import('../../lambda/handler'));
  mock.method(console, 'log', () => {});
});

after(async () => {
  mock.restoreAll();
  await Promise.all([dynamo.close(), sns.close()]);
});

function publishesFor(api: string): RecordedPublish[] {
  return sns.publishes.filter((p) => p.attributes.api?.value === api);
}

/** `n` SYNTHETIC throttled-Lambda failures, the only lines a failures-only filter lets through. */
function failuresOnly(api: string, n: number) {
  return accessDelivery(Array.from({ length: n }, (_, i) => throttled(`${api}-f${i}`, api, T0 + i)));
}

describe('access logs filtered to failures (JUDGE_ERROR_RATE=false)', () => {
  test('MinRequests failures under their cause threshold raise no error-rate alert', async () => {
    await handler(failuresOnly('filtered01', 120));

    assert.deepEqual(publishesFor('filtered01'), []);
  });

  test("a cause over its own threshold still alerts, without calling the filtered lines the window's requests", async () => {
    await handler(failuresOnly('filtered02', 150));

    const published = publishesFor('filtered02');
    assert.deepEqual(
      published.map((p) => [p.attributes.kind?.value, p.attributes.cause?.value]),
      [['alert', 'limit.backend']],
    );
    const { email } = JSON.parse(published[0]?.message ?? '{}') as { email: string };
    assert.match(email, /Count: 150 in the window/);
    assert.doesNotMatch(email, /Requests in the window/);
  });
});
