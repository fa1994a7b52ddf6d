/**
 * The real handler against real protocol peers: dynalite (a genuine DynamoDB implementation), a
 * loopback SNS Query-protocol server and a loopback CloudWatch Logs server. Events are built in
 * the test from plain JSON (gzip + base64); the real classifier decides every cause.
 *
 * Each test uses its own API id, so counters and alert states never mix between tests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import { DeleteItemCommand, PutItemCommand, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '../../lambda/config';
import { decodeEvent } from '../../lambda/core/decode';
import type { DeliveryPorts } from '../../lambda/delivery-ports';
import { processDelivery } from '../../lambda/process-delivery';
import { type CloudWatchLogsServer, startCloudWatchLogsServer } from '../support/cloudwatch-logs-server';
import { FAKE_AWS_ENV, type LocalDynamo, startDynalite } from '../support/dynalite';
import {
  type RecordedPublish,
  SNS_FAILURE,
  SNS_HANG,
  SNS_REFUSAL,
  type SnsServer,
  startSnsServer,
} from '../support/sns-server';
import {
  ALERTING_TEST_SETTINGS,
  accessDelivery,
  presetAccessDelivery,
  s0601Events,
  s0601TrailAnswer,
  subscriptionEvent,
  succeeded,
  throttled,
} from './deliveries';

const T0 = Date.UTC(2026, 10, 25, 12, 0);
const MIN = 60_000;
const STORM_API = 'storm00001';
const THROTTLED_TRAILS_API = 'thrott0001';
const PRESET_API = 'preset0001';
const HUNG_TRAILS_API = 'hungtrl001';
const HUNG_TRAILS_SHORT_API = 'hungtrl002';
/** Lambda's default timeout for the stack's function (lib/api-error-analyzer.ts): 60 s. */
const FUNCTION_TIMEOUT_MS = 60_000;

let dynamo: LocalDynamo;
let sns: SnsServer;
let logsServer: CloudWatchLogsServer;
let handler: (event: unknown, context?: { getRemainingTimeInMillis(): number }) => Promise<void>;
let awsPorts: typeof import('../../lambda/adapters/aws-ports').awsPorts;
const logLines: string[] = [];
/** Answers the FilterLogEvents calls held back (a CloudWatch Logs that never answers), at the end. */
const heldLookups: (() => void)[] = [];

before(async () => {
  dynamo = await startDynalite();
  sns = await startSnsServer();
  logsServer = await startCloudWatchLogsServer((call) => {
    const group = String(call.body.logGroupName);
    if (group.includes(THROTTLED_TRAILS_API))
      return { error: 'ThrottlingException', message: 'Rate exceeded' };
    if (group.includes(HUNG_TRAILS_API) || group.includes(HUNG_TRAILS_SHORT_API))
      return new Promise((resolve) => heldLookups.push(() => resolve({ ok: { events: [] } })));
    // FilterLogEvents: the real S06-01 trail of every id the filter pattern names.
    return s0601TrailAnswer(call.body.filterPattern, T0 + MIN);
  });
  Object.assign(process.env, FAKE_AWS_ENV, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logsServer.url,
    TABLE_NAME: dynamo.tableName,
    ...ALERTING_TEST_SETTINGS,
    EXECUTION_LOG_GROUPS: [
      STORM_API,
      THROTTLED_TRAILS_API,
      PRESET_API,
      HUNG_TRAILS_API,
      HUNG_TRAILS_SHORT_API,
    ]
      .map((api) => `API-Gateway-Execution-Logs_${api}/prod`)
      .join(','),
  });
  // The adapters create their clients at module load, so the environment must be set first.
  ({ handler } = await import('../../lambda/handler'));
  ({ awsPorts } = await import('../../lambda/adapters/aws-ports'));
  mock.method(console, 'log', (line: unknown) => {
    logLines.push(String(line));
  });
});

after(async () => {
  mock.restoreAll();
  for (const answer of heldLookups) answer();
  await Promise.all([dynamo.close(), sns.close(), logsServer.close()]);
});

function publishesFor(api: string): RecordedPublish[] {
  return sns.publishes.filter((p) => p.attributes.api?.value === api);
}

function messageOf(publish: RecordedPublish): { default: string; email: string; sms: string } {
  return JSON.parse(publish.message) as { default: string; email: string; sms: string };
}

/** Every counter item of one API: `pk | sk` → count. */
async function countersOf(api: string): Promise<Map<string, number>> {
  const result = await dynamo.client.send(
    new ScanCommand({
      TableName: dynamo.tableName,
      FilterExpression: 'begins_with(pk, :prefix)',
      ExpressionAttributeValues: { ':prefix': { S: `COUNT#${api}#` } },
    }),
  );
  return new Map((result.Items ?? []).map((i) => [`${i.pk?.S} | ${i.sk?.S}`, Number(i.count?.N)]));
}

function logsOfType(type: string): Record<string, unknown>[] {
  return logLines
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return {};
      }
    })
    .filter((l) => l.type === type);
}

/** The one alert-publish-failed line of `api`'s limit.backend alert, its `error` asserted; returned for its message. */
function onePublishFailure(api: string, error: string): Record<string, unknown> | undefined {
  const [line, ...more] = publishFailuresFor(api);
  assert.deepEqual(more, []);
  assert.deepEqual(
    { ...line, message: undefined },
    {
      type: 'alert-publish-failed',
      api,
      stage: 'prod',
      subject: 'limit.backend',
      kind: 'alert',
      windowStart: '2026-11-25T12:00:00.000Z',
      error,
      message: undefined,
    },
  );
  return line;
}

function publishFailuresFor(api: string): Record<string, unknown>[] {
  return logsOfType('alert-publish-failed').filter((l) => l.api === api);
}

/** The function's EMF documents for one API, all minutes. */
function emfDocsOf(api: string): Record<string, unknown>[] {
  return logLines
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return {};
      }
    })
    .filter((d) => '_aws' in d && d.Api === api);
}

/** What the function's EMF lines graph for one API: failed requests and requests, all minutes. */
function graphed(api: string): { failed: number; requests: number } {
  const docs = emfDocsOf(api);
  const sum = (metric: string) => docs.reduce((n, d) => n + Number(d[metric] ?? 0), 0);
  return { failed: sum('FailedRequests'), requests: sum('Requests') };
}

/** A crash after counting, before the delivery was recorded: the processed-delivery records go. */
async function forgetProcessedDeliveries(): Promise<void> {
  const scan = await dynamo.client.send(new ScanCommand({ TableName: dynamo.tableName }));
  for (const item of scan.Items ?? []) {
    if (item.pk?.S?.startsWith('DELIVERY#') && item.pk && item.sk) {
      await dynamo.client.send(
        new DeleteItemCommand({ TableName: dynamo.tableName, Key: { pk: item.pk, sk: item.sk } }),
      );
    }
  }
}

function storm(api: string, prefix: string, count: number, timeMs: number) {
  return Array.from({ length: count }, (_, i) => throttled(`${prefix}-${i}`, api, timeMs + i));
}

describe('alerting against dynalite and a loopback SNS', () => {
  test('20 concurrent invocations that together cross the threshold publish exactly one alert', async () => {
    const api = 'concur0001';
    const deliveries = Array.from({ length: 20 }, (_, i) =>
      accessDelivery([throttled(`c-${i}`, api, T0 + i * 1000)], `stream-${i}`),
    );

    await Promise.all(deliveries.map((d) => handler(d)));

    assert.equal(publishesFor(api).length, 1);
    const counters = await countersOf(api);
    assert.equal(counters.get(`COUNT#${api}#prod#2026-11-25T12:00:00.000Z/PT5M | CAUSE#limit.backend`), 20);
    assert.equal(counters.get(`COUNT#${api}#prod#2026-11-25T12:00:00.000Z/PT5M | REQUESTS`), 20);
  });

  test('a redelivered delivery is recognised as processed and leaves every counter unchanged', async () => {
    const api = 'redeliv001';
    const delivery = accessDelivery([...storm(api, 'r', 3, T0), succeeded('r-ok', api, T0 + 10)]);
    await handler(delivery);
    const before = await countersOf(api);
    const duplicatesBefore = logsOfType('delivery-duplicate').length;

    await handler(delivery);

    assert.deepEqual(await countersOf(api), before);
    assert.equal(before.get(`COUNT#${api}#prod#2026-11-25T12:00:00.000Z/PT5M | CAUSE#limit.backend`), 3);
    assert.equal(logsOfType('delivery-duplicate').length, duplicatesBefore + 1);
  });

  test('a retry after a crash before the delivery was recorded changes no counter', async () => {
    const api = 'crashed001';
    const delivery = accessDelivery([...storm(api, 'x', 4, T0), succeeded('x-ok', api, T0 + 10)]);
    await handler(delivery);
    const before = await countersOf(api);
    // Simulate a crash after counting: the processed-delivery record was never written.
    await forgetProcessedDeliveries();

    await handler(delivery);

    assert.deepEqual(await countersOf(api), before);
  });

  for (const failure of Object.values(SNS_FAILURE)) {
    test(`an SNS ${failure} error fails the invocation, and its retry publishes once without counting twice`, async () => {
      const api = `snsfail${failure.slice(0, 3)}`;
      const delivery = accessDelivery(storm(api, `f-${failure}`, 12, T0));
      // Three: the SDK's standard retry makes three attempts before giving up.
      sns.failNext(3, failure);

      let thrown: unknown;
      await assert.rejects(handler(delivery), (error) => {
        thrown = error;
        return true;
      });
      assert.equal(publishesFor(api).length, 0);
      // The function's log names what was not sent and why, not only that the invocation failed.
      assert.deepEqual(
        publishFailuresFor(api).map((l) => [l.kind, l.subject, l.error]),
        [['alert', 'limit.backend', (thrown as Error).name]],
      );
      const afterFailure = await countersOf(api);

      await handler(delivery);
      await handler(delivery);

      assert.equal(publishesFor(api).length, 1);
      assert.deepEqual(await countersOf(api), afterFailure);
      assert.equal(
        afterFailure.get(`COUNT#${api}#prod#2026-11-25T12:00:00.000Z/PT5M | CAUSE#limit.backend`),
        12,
      );
    });
  }

  test("a Publish SNS refuses because the topic's KMS key is unusable logs one alert-publish-failed line naming the alert and SNS's error, fails the invocation, and the retry sends the alert once", async () => {
    const api = 'snskms0001';
    const delivery = accessDelivery(storm(api, 'k', 12, T0));
    const attemptsBefore = sns.attempts;
    sns.failNext(1, SNS_REFUSAL.kmsAccessDenied);

    await assert.rejects(handler(delivery), { name: 'KMSAccessDeniedException' });

    // Not retried by the SDK: one Publish, refused.
    assert.equal(sns.attempts - attemptsBefore, 1);
    assert.equal(publishesFor(api).length, 0);
    const line = onePublishFailure(api, 'KMSAccessDeniedException');
    assert.match(
      String(line?.message),
      /^The ciphertext refers to a customer master key that does not exist/,
    );

    await handler(delivery);

    assert.equal(publishesFor(api).length, 1);
    assert.equal(publishFailuresFor(api).length, 1);
    assert.equal(logsOfType('alert-published').filter((l) => l.api === api).length, 1);
  });

  test('a Publish SNS takes in and never answers fails the invocation well within the function timeout, as a refused one does: one alert-publish-failed line, the claim released, and the retry sends the alert once', async () => {
    const api = 'snshang001';
    const delivery = accessDelivery(storm(api, 'n', 12, T0));
    const attemptsBefore = sns.attempts;
    sns.failNext(1, SNS_HANG.noAnswer);
    // The stack's `timeout` prop goes down to 1 s; this invocation has 4 s left when it starts.
    const remainingMs = 4_000;
    const started = Date.now();
    const context = { getRemainingTimeInMillis: () => remainingMs - (Date.now() - started) };

    const outcome = await Promise.race([
      handler(delivery, context).then(
        () => 'succeeded',
        (error: unknown) => error,
      ),
      new Promise<string>((resolve) => setTimeout(resolve, remainingMs, 'past the deadline')),
    ]);

    assert.ok(outcome instanceof Error, `the invocation must fail before Lambda ends it: ${String(outcome)}`);
    assert.equal(outcome.name, 'TimeoutError');
    assert.equal(sns.attempts - attemptsBefore, 1);
    assert.equal(publishesFor(api).length, 0);
    const line = onePublishFailure(api, 'TimeoutError');
    assert.match(String(line?.message), /^SNS did not answer the Publish within \d+(\.\d)? s$/);

    // Lambda's retry: the released claim is claimed again and the alert sent once.
    await handler(delivery);

    assert.equal(publishesFor(api).length, 1);
    assert.equal(publishFailuresFor(api).length, 1);
    assert.equal(logsOfType('alert-published').filter((l) => l.api === api).length, 1);
  });

  test('while SNS is down, the failures of a delivery whose every attempt fails are graphed, once', async () => {
    const api = 'snsdown001';
    const delivery = accessDelivery(storm(api, 'd', 12, T0));
    // Lambda's three attempts, each making the SDK's three Publish attempts.
    sns.failNext(9, SNS_FAILURE.internal);
    for (let attempt = 0; attempt < 3; attempt++) await assert.rejects(handler(delivery));
    assert.equal(publishesFor(api).length, 0);

    assert.deepEqual(graphed(api), { failed: 12, requests: 12 });
  });

  test('a delivery whose counting failed half-way has every count graphed once, after its retry', async () => {
    const api = 'halfcnt001';
    // SYNTHETIC item: an `applied` that is a string, not a string set, fails the ADD on this key
    // only (DynamoDB: an operand of the wrong type), so the delivery's other counters do apply.
    const key = { pk: { S: `COUNT#${api}#prod#2026-11-25T12:00:00.000Z/PT5M` }, sk: { S: 'REQUESTS' } };
    await dynamo.client.send(
      new PutItemCommand({ TableName: dynamo.tableName, Item: { ...key, applied: { S: 'x' } } }),
    );
    const delivery = accessDelivery(storm(api, 'h', 3, T0));
    await assert.rejects(handler(delivery));
    await dynamo.client.send(new DeleteItemCommand({ TableName: dynamo.tableName, Key: key }));
    await handler(delivery);

    assert.deepEqual(graphed(api), { failed: 3, requests: 3 });
  });

  test('a counter whose dedupe set is full keeps counting every later delivery once, and its incident alerts', async () => {
    const api = 'fullset001';
    const pk = `COUNT#${api}#prod#2026-11-25T12:00:00.000Z/PT5M`;
    // SYNTHETIC items: a cause counter and a request total whose `applied` sets hold so many
    // 16-character delivery ids (what an hour-long window of a very busy log group collects) that
    // the item sits under 16 bytes below DynamoDB's 400 KB item limit (409,600 bytes: attribute names
    // plus values, a string set the sum of its strings, as DynamoDB's item-size page and dynalite
    // count them). DynamoDB then refuses any UpdateItem that grows it with a ValidationException
    // "Item size to update has exceeded the maximum allowed size", on every retry alike.
    for (const sk of ['CAUSE#limit.backend', 'REQUESTS']) {
      const fixed = { pk: { S: pk }, sk: { S: sk }, count: { N: '3' }, masked: { N: '3' } };
      let size = 2 + pk.length + 2 + sk.length + 'count'.length + 2 + 'masked'.length + 2 + 'applied'.length;
      const ids: string[] = [];
      while (size + 16 <= 409_600) {
        ids.push(`full${String(ids.length).padStart(12, '0')}`);
        size += 16;
      }
      await dynamo.client.send(
        new PutItemCommand({ TableName: dynamo.tableName, Item: { ...fixed, applied: { SS: ids } } }),
      );
      await assert.rejects(
        dynamo.client.send(
          new UpdateItemCommand({
            TableName: dynamo.tableName,
            Key: { pk: fixed.pk, sk: fixed.sk },
            UpdateExpression: 'ADD applied :id',
            ExpressionAttributeValues: { ':id': { SS: ['probe00000000000'] } },
          }),
        ),
        { name: 'ValidationException', message: /maximum allowed size/ },
        'precondition: the item cannot take one more delivery id',
      );
    }
    const windowSum = async (sk: string) =>
      [...(await countersOf(api))]
        .filter(([key]) => key === `${pk} | ${sk}` || key.startsWith(`${pk} | ${sk}#`))
        .reduce((sum, [, count]) => sum + count, 0);

    const first = accessDelivery(storm(api, 'full-a', 12, T0 + MIN));
    await handler(first);
    assert.equal(await windowSum('CAUSE#limit.backend'), 15);
    assert.equal(await windowSum('REQUESTS'), 15);
    assert.equal(publishesFor(api).length, 1, 'the incident alerts');

    // A retry after a crash before the delivery was recorded, then two concurrent copies of the next.
    await forgetProcessedDeliveries();
    await handler(first);
    const second = accessDelivery(storm(api, 'full-b', 5, T0 + 2 * MIN));
    await Promise.all([handler(second), handler(second)]);

    assert.equal(await windowSum('CAUSE#limit.backend'), 20, 'each delivery counted once');
    assert.equal(await windowSum('REQUESTS'), 20);
    // The window as thresholds and the error rate see it adds the shards up, requests included.
    const { readWindow } = await import('../../lambda/adapters/counter-store');
    const window = await readWindow(dynamo.tableName, api, 'prod', T0, 5);
    assert.deepEqual([window.requests, window.causes['limit.backend']?.count], [20, 20]);
    assert.equal(publishesFor(api).length, 1, 'one alert per incident');
    assert.deepEqual(graphed(api), { failed: 17, requests: 17 }, 'metrics written once');
  });

  test('an API name longer than any real one is still counted and alerts, under keys DynamoDB accepts', async () => {
    // SYNTHETIC: only a misread custom field could log a 3,000-character API id; written into the
    // keys as it is, DynamoDB refuses the counter's 2,048-byte partition key on every retry alike.
    const api = `longapi${'x'.repeat(3000)}`;
    await handler(accessDelivery(storm(api, 'long', 12, T0)));
    assert.equal(publishesFor(api).length, 1);
  });

  test('the cooldown suppresses repeats, a quiet window resolves, and a breach after the cooldown alerts again', async () => {
    const api = 'cooldown01';
    await handler(accessDelivery(storm(api, 'w0', 12, T0)));
    await handler(accessDelivery(storm(api, 'w1', 12, T0 + 5 * MIN)));
    await handler(accessDelivery(storm(api, 'w2', 2, T0 + 10 * MIN)));
    assert.deepEqual(
      publishesFor(api).map((p) => p.attributes.kind?.value),
      ['alert'],
      'no repeat inside the cooldown, and no resolution before the quiet window is over',
    );

    await handler(accessDelivery([succeeded('w3-ok', api, T0 + 15 * MIN)]));
    await handler(accessDelivery(storm(api, 'w6', 12, T0 + 30 * MIN)));

    const published = publishesFor(api);
    assert.deepEqual(
      published.map((p) => [p.attributes.kind?.value, p.attributes.severity?.value]),
      [
        ['alert', 'critical'],
        ['resolved', 'info'],
        ['alert', 'critical'],
      ],
    );
    assert.match(
      messageOf(published[1] as RecordedPublish).email,
      /RESOLVED: API cooldown01 stage prod: backend throttled \(limit\.backend\) stayed under 10 in the window 12:10-12:15 UTC/,
    );
    // The breach in 12:30 alerts; one in 12:15-12:30 would not, and the resolution says so.
    assert.match(
      messageOf(published[1] as RecordedPublish).email,
      /in a later window starting before 2026-11-25 12:30 UTC sends no alert/,
    );
  });

  test('an alert escalates once, when the window count reaches ten times the count it fired at', async () => {
    const api = 'escalat001';
    await handler(accessDelivery(storm(api, 'e0', 10, T0)));
    await handler(accessDelivery(storm(api, 'e1', 89, T0 + MIN)));
    assert.equal(publishesFor(api).length, 1, '99 is under ten times 10');

    await handler(accessDelivery(storm(api, 'e2', 1, T0 + 2 * MIN)));
    await handler(accessDelivery(storm(api, 'e3', 50, T0 + 3 * MIN)));

    const published = publishesFor(api);
    assert.deepEqual(
      published.map((p) => p.attributes.kind?.value),
      ['alert', 'escalation'],
    );
    assert.match(messageOf(published[1] as RecordedPublish).sms, /ESCALATED 100x \(alert at 10\)/);
  });

  test('the e-mail of a throttled-Lambda 500 storm names the masked real cause, with trails from one FilterLogEvents call', async () => {
    const callsBefore = logsServer.calls.length;
    const lines = Array.from({ length: 30 }, (_, i) =>
      throttled(`storm-${i}`, STORM_API, T0 + 61_000 + i, 500),
    );

    await handler(accessDelivery(lines));

    const [alert] = publishesFor(STORM_API);
    assert.ok(alert, 'one alert published');
    assert.equal(alert.messageStructure, 'json');
    const message = messageOf(alert);
    assert.match(
      message.email,
      /Clients saw 500 Internal Server Error; the real cause is backend throttled \(limit\.backend\): integration\.integrationStatus=429/,
    );
    assert.match(message.email, /Count: 30 in the window, 30 masked; threshold 10/);
    assert.match(message.email, /Window: 2026-11-25 12:00-12:05 UTC/);
    assert.match(message.email, /- storm-0 GET \/orders, status 500/);
    assert.match(
      message.email,
      /ReservedFunctionConcurrentInvocationLimitExceeded/,
      'the real execution-log trail',
    );
    assert.match(message.email, /filter type = "failed-request" and api = "storm00001"/);
    assert.equal(message.default, message.email);
    assert.equal(
      message.sms,
      'storm00001/prod: 30x backend throttled (limit.backend), masked as 500, 12:00-12:05Z',
    );
    assert.deepEqual(Object.fromEntries(Object.entries(alert.attributes).map(([k, v]) => [k, v.value])), {
      severity: 'critical',
      cause: 'limit.backend',
      api: STORM_API,
      stage: 'prod',
      kind: 'alert',
    });
    const calls = logsServer.calls.slice(callsBefore);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.operation, 'FilterLogEvents');
    assert.equal(calls[0]?.body.logGroupName, `API-Gateway-Execution-Logs_${STORM_API}/prod`);
    assert.equal(calls[0]?.body.filterPattern, '?"storm-0" ?"storm-1" ?"storm-2"');
  });

  test('an access log that logs only the status counts a throttled Lambda as unknown.server, and the published e-mail and SMS name the limit.backend its looked-up trails name', async () => {
    // The loopback CloudWatch Logs server answers with the real S06-01 trail of each sample id.
    const lines = Array.from({ length: 6 }, (_, i) => throttled(`preset-${i}`, PRESET_API, T0 + 61_000 + i));

    await handler(presetAccessDelivery(lines));

    const counters = await countersOf(PRESET_API);
    assert.deepEqual(
      [...counters.keys()].map((k) => k.split(' | ')[1]).filter((sk) => sk !== 'REQUESTS'),
      ['CAUSE#unknown.server'],
      'the count stays under the cause the access line shows',
    );
    const [alert] = publishesFor(PRESET_API);
    assert.ok(alert, 'one alert published');
    assert.equal(alert.attributes.cause?.value, 'unknown.server');
    const message = messageOf(alert);
    const top = message.email.split('\n').slice(0, 4);
    assert.ok(
      top.includes(
        'The execution logs of 3 of 3 sampled requests name the cause: backend throttled (limit.backend).',
      ),
      message.email,
    );
    assert.match(
      message.email,
      /- preset-0 GET \/orders, status 502\n {2}evidence: status=502\n {2}trail names: backend throttled \(limit\.backend\)/,
    );
    assert.equal(
      message.sms,
      'preset0001/prod: 6x server error (no detail logged) (unknown.server) (exec log: backend throttled), 12:00-12:05Z',
    );
    assert.doesNotMatch(message.email, /that is the real cause|the real cause is/);
    const advice = message.email.split('\n').find((l) => l.startsWith('What to do: ')) ?? '';
    assert.doesNotMatch(advice, /enable execution logs/, "the stack reads this stage's execution logs");
    assert.match(advice, /Recommended access-log format/);
  });

  for (const [field, line] of [
    // SYNTHETIC: a path, or an API id, this long comes only from a misread custom field (a line
    // may hold 256 KiB); its alert repeats it in every sample and in both variants of the e-mail.
    [
      'path',
      (i: number) => ({ ...throttled(`big-${i}`, 'bigpath001', T0 + i), path: `/${'p'.repeat(60_000)}` }),
    ],
    ['API id', (i: number) => throttled(`big-${i}`, `bigapi${'a'.repeat(60_000)}`, T0 + i)],
  ] as const) {
    test(`an alert whose ${field} would take it past SNS's 256 KiB limit is sent, cut to fit and saying so, instead of being refused on every retry`, async () => {
      const delivery = accessDelivery(Array.from({ length: 12 }, (_, i) => line(i)));
      const api = line(0).api;

      await handler(delivery);

      // An attribute value is cut too, far beyond any real name: the API id is found by its start.
      const [alert] = sns.publishes.filter((p) => api.startsWith(p.attributes.api?.value ?? '-'));
      assert.ok(alert, 'the alert was published');
      assert.match(messageOf(alert).email, /cut here: SNS takes at most 256 KiB per message/);
      assert.match(messageOf(alert).email, /^API .*: 12 requests failed with backend throttled/);
    });
  }

  test('a throttled trail lookup still publishes the alert, with a note instead of the trails', async () => {
    await handler(accessDelivery(storm(THROTTLED_TRAILS_API, 't', 10, T0)));

    const [alert] = publishesFor(THROTTLED_TRAILS_API);
    assert.ok(alert);
    assert.match(messageOf(alert).email, /Execution-log trail: skipped: CloudWatch Logs throttled/);
  });

  test("a trail lookup CloudWatch Logs never answers is handed half the time a 60 s invocation has, given up at the reader's own 5 s bound, and the alert goes out saying so", async () => {
    // The real adapters with the clock held still, so the budget handed to the reader is exact.
    const nowMs = Date.now();
    const budgets: number[] = [];
    const real = awsPorts(loadConfig());
    const ports: DeliveryPorts = {
      ...real,
      now: () => nowMs,
      readTrails: (query, timeoutMs) => {
        budgets.push(timeoutMs);
        return real.readTrails(query, timeoutMs);
      },
    };
    const payload = decodeEvent(accessDelivery(storm(HUNG_TRAILS_API, 'h', 10, T0)));

    await processDelivery(payload, loadConfig(), ports, { deadlineMs: nowMs + FUNCTION_TIMEOUT_MS });

    assert.deepEqual(budgets, [FUNCTION_TIMEOUT_MS / 2]);
    const [alert] = publishesFor(HUNG_TRAILS_API);
    assert.ok(alert, 'the alert was published');
    assert.match(
      messageOf(alert).email,
      /Execution-log trail: skipped: CloudWatch Logs did not answer .* within 5 s/,
      "the reader's own 5 s bound, not the 30 s the invocation could spare",
    );
  });

  test('a trail lookup CloudWatch Logs never answers leaves a short function timeout the time to publish the alert: the handler hands the lookup at most half of what Lambda says remains', async () => {
    // The stack's `timeout` prop goes down to 1 s; Lambda says this invocation has 4 s left.
    const remainingMs = 4_000;

    await handler(accessDelivery(storm(HUNG_TRAILS_SHORT_API, 's', 10, T0)), {
      getRemainingTimeInMillis: () => remainingMs,
    });

    const [alert] = publishesFor(HUNG_TRAILS_SHORT_API);
    assert.ok(alert, 'the alert was published');
    const bound =
      /Execution-log trail: skipped: CloudWatch Logs did not answer .* within (\d+(?:\.\d)?) s/.exec(
        messageOf(alert).email,
      );
    assert.ok(bound, messageOf(alert).email);
    // Without the remaining time the reader would wait its own 5 s, past the invocation's end.
    assert.ok(Number(bound[1]) <= remainingMs / 2 / 1000, `gave the lookup ${bound[1]} s of 4 s`);
  });

  test('DynamoDB calls per delivery depend on the distinct counter keys, not on the number of events', async () => {
    const callsFor = async (event: unknown) => {
      const start = dynamo.operations.length;
      await handler(event);
      return dynamo.operations.slice(start).sort();
    };
    const small = await callsFor(
      accessDelivery([throttled('s-1', 'keysmall01', T0), succeeded('s-2', 'keysmall01', T0)]),
    );
    const big = await callsFor(
      accessDelivery([
        ...storm('keybig0001', 'b', 9, T0),
        ...Array.from({ length: 300 }, (_, i) => succeeded(`b-ok-${i}`, 'keybig0001', T0 + i)),
      ]),
    );

    assert.deepEqual(big, small, 'same operations for 2 events as for 309');
    assert.equal(big.filter((op) => op === 'UpdateItem').length, 2, 'one counter write per distinct key');
  });

  test('with COUNT_EXECUTION_LOGS=false a failure seen only in execution logs is left for its access-log line', async () => {
    const api = 'execskip01';
    await handler(
      subscriptionEvent(`API-Gateway-Execution-Logs_${api}/prod`, 'stream', s0601Events('e-1', T0)),
    );

    assert.equal((await countersOf(api)).size, 0);
    const summary = logsOfType('delivery-summary').at(-1);
    assert.deepEqual([summary?.failed, summary?.counted, summary?.executionOnlySkipped], [1, 0, 1]);
  });

  test('with COUNT_EXECUTION_LOGS=false, failures seen only in execution logs are graphed as ExecutionLogFailures by API and stage, once, and still not counted', async () => {
    const api = 'execonly02';
    // The real S06-01 trail (a throttled Lambda) under 10 SYNTHETIC request ids, in one delivery.
    const event = subscriptionEvent(
      `API-Gateway-Execution-Logs_${api}/prod`,
      'stream',
      Array.from({ length: 10 }, (_, i) => s0601Events(`x-${i}`, T0 + i * 10)).flat(),
    );
    await handler(event);
    await handler(event); // redelivered

    assert.equal((await countersOf(api)).size, 0, 'no counter: which failures count is unchanged');
    assert.deepEqual(graphed(api), { failed: 0, requests: 0 });
    assert.equal(publishesFor(api).length, 0);
    const docs = emfDocsOf(api).filter((d) => 'ExecutionLogFailures' in d);
    assert.equal(
      docs.reduce((n, d) => n + Number(d.ExecutionLogFailures), 0),
      10,
      'written once, the redelivery skipped',
    );
    for (const doc of docs) {
      assert.equal(doc.Stage, 'prod');
      const [directive] = (doc._aws as { CloudWatchMetrics: { Dimensions: string[][] }[] }).CloudWatchMetrics;
      assert.deepEqual(directive?.Dimensions, [['Api', 'Stage']]);
    }
  });

  test('poison data is acknowledged without any DynamoDB or SNS call', async () => {
    const dynamoBefore = dynamo.operations.length;
    const snsBefore = sns.attempts;

    await handler({ awslogs: { data: 'bm90IGd6aXA=' } });

    assert.equal(dynamo.operations.length, dynamoBefore);
    assert.equal(sns.attempts, snsBefore);
    assert.equal(logsOfType('delivery-rejected').at(-1)?.code, 'not-gzip');
  });
});
