/**
 * Sample trails of an alert whose access lines name no API and no stage (every console preset),
 * through the real handler against dynalite, a loopback SNS and a loopback CloudWatch Logs server.
 * The stack subscribes exactly one execution log group, so that group is where the trails are.
 *
 * Its own file: the handler reads EXECUTION_LOG_GROUPS once, at module load.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CloudWatchLogsServer, startCloudWatchLogsServer } from '../support/cloudwatch-logs-server';
import { ALERTING_TEST_SETTINGS, consoleJsonPresetDelivery, s0601TrailAnswer, throttled } from './deliveries';
import { type HandlerRig, startHandlerRig } from './handler-rig';

const T0 = Date.UTC(2026, 10, 25, 12, 0);
const MIN = 60_000;
const ACCESS_GROUP = '/aws/apigateway/orders-access';
const EXECUTION_GROUP = 'API-Gateway-Execution-Logs_orders0001/prod';

let logsServer: CloudWatchLogsServer;
let rig: HandlerRig;

before(async () => {
  logsServer = await startCloudWatchLogsServer((call) => {
    // FilterLogEvents in the one execution log group: the real S06-01 trail of every id the
    // filter pattern names (none for a `quiet-` id: its stage's execution logs are elsewhere).
    if (call.body.logGroupName !== EXECUTION_GROUP) return { ok: { events: [], searchedLogStreams: [] } };
    return s0601TrailAnswer(call.body.filterPattern, T0 + MIN, (id) => !id.startsWith('quiet-'));
  });
  rig = await startHandlerRig(
    { ...ALERTING_TEST_SETTINGS, EXECUTION_LOG_GROUPS: EXECUTION_GROUP },
    logsServer,
  );
});

after(() => rig.close());

describe('alert trails when the access lines name no API and stage', () => {
  test("SYNTHETIC console-JSON-preset access lines and a stack with one execution log group give an e-mail with the sample's trail and the cause it names, from one FilterLogEvents call", async () => {
    const callsBefore = logsServer.calls.length;
    // SYNTHETIC access lines in the console's JSON preset: no apiId, no stage, no integration field.
    const lines = Array.from({ length: 6 }, (_, i) => throttled(`scope-${i}`, 'unused', T0 + 61_000 + i));

    await rig.handler(consoleJsonPresetDelivery(ACCESS_GROUP, lines));

    const alerts = rig.publishesFor(ACCESS_GROUP);
    assert.equal(alerts.length, 1, 'one alert, on the access log group and an unknown stage');
    const [alert] = alerts;
    assert.equal(alert?.attributes.stage?.value, 'unknown');
    assert.equal(alert?.attributes.cause?.value, 'unknown.server');
    const { email } = JSON.parse(alert?.message ?? '{}') as { email: string };
    assert.ok(
      email
        .split('\n')
        .includes(
          'The execution logs of 3 of 3 sampled requests name the cause: backend throttled (limit.backend).',
        ),
      email,
    );
    assert.match(
      email,
      /- scope-0 GET \/orders, status 502\n {2}evidence: status=502\n {2}trail names: backend throttled \(limit\.backend\)/,
    );
    assert.match(email, /ReservedFunctionConcurrentInvocationLimitExceeded/, "the sample's real trail");
    assert.doesNotMatch(email, /Execution-log trail: not read/);
    assert.doesNotMatch(email, /API-Gateway-Execution-Logs_\/aws/, 'no group that cannot exist');

    const calls = logsServer.calls.slice(callsBefore);
    assert.equal(calls.length, 1, 'one CloudWatch Logs call per alert');
    assert.equal(calls[0]?.operation, 'FilterLogEvents');
    assert.equal(calls[0]?.body.logGroupName, EXECUTION_GROUP);
    assert.equal(calls[0]?.body.filterPattern, '?"scope-0" ?"scope-1" ?"scope-2"');
  });

  test("SYNTHETIC console-JSON-preset access lines whose trails the one execution log group does not hold give a note naming that group, and the advice does not claim the stage's execution logs are read", async () => {
    const callsBefore = logsServer.calls.length;
    const quietGroup = '/aws/apigateway/quiet-access';
    // SYNTHETIC access lines in the console's JSON preset: no apiId, no stage, no integration field.
    const lines = Array.from({ length: 6 }, (_, i) => throttled(`quiet-${i}`, 'unused', T0 + 61_000 + i));

    await rig.handler(consoleJsonPresetDelivery(quietGroup, lines));

    const alerts = rig.publishesFor(quietGroup);
    assert.equal(alerts.length, 1);
    const { email } = JSON.parse(alerts[0]?.message ?? '{}') as { email: string };
    assert.match(email, new RegExp(`Execution-log trail: no lines for the samples in ${EXECUTION_GROUP}\n`));
    const advice = email.split('\n').find((l) => l.startsWith('What to do: ')) ?? '';
    assert.doesNotMatch(advice, /already reads/, advice);
    const calls = logsServer.calls.slice(callsBefore);
    assert.equal(calls.length, 1, 'one CloudWatch Logs call per alert');
    assert.equal(calls[0]?.body.logGroupName, EXECUTION_GROUP);
  });

  test("SYNTHETIC console-JSON-preset access lines give an e-mail whose Logs Insights query selects the function's own failed-request lines of that alert", async () => {
    const group = '/aws/apigateway/query-access';
    const log = console.log as unknown as { mock: { calls: { arguments: unknown[] }[] } };
    const logged = log.mock.calls.length;
    // SYNTHETIC access lines in the console's JSON preset: no apiId, no stage, no integration field.
    const lines = Array.from({ length: 6 }, (_, i) => throttled(`query-${i}`, 'unused', T0 + 61_000 + i));

    await rig.handler(consoleJsonPresetDelivery(group, lines));

    const alerts = rig.publishesFor(group);
    assert.equal(alerts.length, 1);
    const { email } = JSON.parse(alerts[0]?.message ?? '{}') as { email: string };
    const filter = email.split('\n').find((l) => l.trim().startsWith('filter ')) ?? '';
    // The query's `field = "value"` conditions, joined by `and`, as Logs Insights reads them.
    const conditions = [...filter.matchAll(/(\w+) = ("(?:[^"\\]|\\.)*")/g)].map(
      ([, field, value]) => [field ?? '', JSON.parse(value ?? '""') as unknown] as const,
    );
    assert.ok(
      conditions.some(([field]) => field === 'stage'),
      filter,
    );
    const failedRequests = log.mock.calls
      .slice(logged)
      .map((call) => JSON.parse(String(call.arguments[0])) as Record<string, unknown>)
      .filter((line) => line.type === 'failed-request');
    assert.equal(failedRequests.length, 6);
    const selected = failedRequests.filter((line) =>
      conditions.every(([field, value]) => line[field] === value),
    );
    assert.equal(selected.length, 6, `${filter} selects none of ${JSON.stringify(failedRequests[0])}`);
  });
});
