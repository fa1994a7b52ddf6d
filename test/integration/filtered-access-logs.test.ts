/**
 * Access logs filtered to failures (`accessLogFilterPattern`), through the real handler against
 * dynalite and the loopback SNS server: the stack then sets JUDGE_ERROR_RATE=false, because every
 * line that arrives failed and the error rate would read 100 %. A separate file (so a separate
 * process and cold start) for that configuration. Access lines are SYNTHETIC (deliveries.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accessDelivery, throttled } from './deliveries';
import { type HandlerRig, startHandlerRig } from './handler-rig';

const T0 = Date.UTC(2026, 10, 25, 12, 0);

let rig: HandlerRig;

before(async () => {
  rig = await startHandlerRig({
    TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:apigw-alerts',
    LIMIT_ERROR_THRESHOLD: '150',
    ERROR_RATE_PERCENT: '5',
    MIN_REQUESTS: '100',
    COUNT_EXECUTION_LOGS: 'false',
    JUDGE_ERROR_RATE: 'false',
  });
});

after(() => rig.close());

/** `n` SYNTHETIC throttled-Lambda failures, the only lines a failures-only filter lets through. */
function failuresOnly(api: string, n: number) {
  return accessDelivery(Array.from({ length: n }, (_, i) => throttled(`${api}-f${i}`, api, T0 + i)));
}

describe('access logs filtered to failures (JUDGE_ERROR_RATE=false)', () => {
  test('MinRequests failures under their cause threshold raise no error-rate alert', async () => {
    await rig.handler(failuresOnly('filtered01', 120));

    assert.deepEqual(rig.publishesFor('filtered01'), []);
  });

  test("a cause over its own threshold still alerts, without calling the filtered lines the window's requests", async () => {
    await rig.handler(failuresOnly('filtered02', 150));

    const published = rig.publishesFor('filtered02');
    assert.deepEqual(
      published.map((p) => [p.attributes.kind?.value, p.attributes.cause?.value]),
      [['alert', 'limit.backend']],
    );
    const { email } = JSON.parse(published[0]?.message ?? '{}') as { email: string };
    assert.match(email, /Count: 150 in the window/);
    assert.doesNotMatch(email, /Requests in the window/);
  });
});
