/**
 * The error-rate alert and execution-log counting through the real handler, against dynalite and
 * the loopback SNS server. A separate file (so a separate process and cold start) because it needs
 * another configuration: per-cause thresholds out of reach, MinRequests 100, execution logs counted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { accessDelivery, s0601Events, subscriptionEvent, succeeded, throttled } from './deliveries';
import { type HandlerRig, startHandlerRig } from './handler-rig';

const T0 = Date.UTC(2026, 10, 25, 12, 0);

let rig: HandlerRig;

before(async () => {
  rig = await startHandlerRig({
    TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:apigw-alerts',
    SERVER_ERROR_THRESHOLD: '1000',
    LIMIT_ERROR_THRESHOLD: '1000',
    CLIENT_ERROR_THRESHOLD: '1000',
    ERROR_RATE_PERCENT: '5',
    MIN_REQUESTS: '100',
    COUNT_EXECUTION_LOGS: 'true',
  });
});

after(() => rig.close());

function traffic(api: string, failures: number, successes: number) {
  return accessDelivery([
    ...Array.from({ length: failures }, (_, i) => throttled(`${api}-f${i}`, api, T0 + i)),
    ...Array.from({ length: successes }, (_, i) => succeeded(`${api}-s${i}`, api, T0 + i)),
  ]);
}

describe('error-rate alerts and execution-log counting', () => {
  test('a window at the error rate with MinRequests requests raises one rate alert naming the dominant cause', async () => {
    await rig.handler(traffic('rate000001', 12, 188));
    await rig.handler(traffic('rate000001', 1, 0));

    const published = rig.publishesFor('rate000001');
    assert.equal(published.length, 1);
    const [alert] = published;
    assert.deepEqual(
      [alert?.attributes.kind?.value, alert?.attributes.cause?.value, alert?.attributes.severity?.value],
      ['alert', 'limit.backend', 'critical'],
    );
    const message = JSON.parse(alert?.message ?? '{}') as { sms: string; email: string };
    assert.equal(
      message.sms,
      'rate000001/prod: 6% errors (12/200), mostly backend throttled (limit.backend), masked as 502, 12:00-12:05Z',
    );
    assert.match(message.email, /Error rate: 6% \(12 failed of 200 requests\); threshold 5%\./);
  });

  test('a rate alert raised by a delivery of successes alone says its failures came earlier, not that their routes went unlogged', async () => {
    // 12 failures among 90 requests: under MinRequests. The next delivery, all successes, reaches it.
    await rig.handler(traffic('rate000003', 12, 78));
    await rig.handler(traffic('rate000003', 0, 10));

    const [alert] = rig.publishesFor('rate000003');
    const { email } = JSON.parse(alert?.message ?? '{}') as { email: string };
    assert.match(email, /12% of requests failed \(12 of 100\)/);
    assert.doesNotMatch(email, /not logged/);
    assert.match(email, /Top routes \(this delivery\): none of these failures came in this delivery/);
  });

  test('a rate alert is not resolved by a window whose traffic fell under MinRequests while most of it still failed', async () => {
    const api = 'rate000004';
    const at = (minutes: number, failures: number, successes: number) =>
      accessDelivery([
        ...Array.from({ length: failures }, (_, i) =>
          throttled(`${api}-${minutes}f${i}`, api, T0 + minutes * 60_000 + i),
        ),
        ...Array.from({ length: successes }, (_, i) =>
          succeeded(`${api}-${minutes}s${i}`, api, T0 + minutes * 60_000 + i),
        ),
      ]);
    await rig.handler(at(0, 12, 188));
    // Clients give up: 50 requests in the next window, 40 of them failed.
    await rig.handler(at(5, 40, 10));
    await rig.handler(at(10, 0, 1));

    assert.deepEqual(
      rig.publishesFor(api).map((p) => p.attributes.kind?.value),
      ['alert'],
      'no RESOLVED while 80% of the requests fail',
    );

    // The window after is quiet: 1 failure in 60 requests.
    await rig.handler(at(15, 1, 59));
    await rig.handler(at(20, 0, 1));
    assert.deepEqual(
      rig.publishesFor(api).map((p) => p.attributes.kind?.value),
      ['alert', 'resolved'],
    );
  });

  test('the same rate over fewer than MinRequests requests raises nothing', async () => {
    await rig.handler(traffic('rate000002', 50, 49));

    assert.equal(rig.publishesFor('rate000002').length, 0);
  });

  test('with COUNT_EXECUTION_LOGS=true a failure seen only in execution logs counts', async () => {
    const api = 'execonly01';
    await rig.handler(
      subscriptionEvent(`API-Gateway-Execution-Logs_${api}/prod`, 'stream', s0601Events('e-1', T0)),
    );

    const scan = await rig.dynamo.client.send(
      new ScanCommand({
        TableName: rig.dynamo.tableName,
        FilterExpression: 'begins_with(pk, :prefix)',
        ExpressionAttributeValues: { ':prefix': { S: `COUNT#${api}#` } },
      }),
    );
    assert.deepEqual(
      (scan.Items ?? []).map((i) => [i.sk?.S, i.count?.N, i.masked?.N]),
      [['CAUSE#limit.backend', '1', '1']],
      'counted as a masked limit.backend failure, and no request total from execution logs',
    );
  });
});
