/**
 * The trail reader's time bound against a loopback CloudWatch Logs that never answers, through the
 * real SDK client: a lookup the invocation has no time left for is not made, and its note says so
 * instead of blaming CloudWatch Logs for not answering "within 0 s".
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CloudWatchLogsServer, startCloudWatchLogsServer } from '../../support/cloudwatch-logs-server';
import { CLI_TEST_ENV, setEnv } from '../../support/env';

const QUERY = {
  logGroupName: 'API-Gateway-Execution-Logs_abc123defg/prod',
  requestIds: ['r-1'],
  startTimeMs: 1_000,
  endTimeMs: 2_000,
};

let server: CloudWatchLogsServer;
let restoreEnv: () => void;
let readExecutionTrails: typeof import('../../../lambda/adapters/execution-trail-reader').readExecutionTrails;
/** Lookups the server holds unanswered, answered at the end so the server can close. */
const held: (() => void)[] = [];

before(async () => {
  server = await startCloudWatchLogsServer(
    () => new Promise((resolve) => held.push(() => resolve({ ok: { events: [] } }))),
  );
  restoreEnv = setEnv({ ...CLI_TEST_ENV, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: server.url });
  // Imported once the endpoint is set: the reader makes its client on the first lookup.
  ({ readExecutionTrails } = await import('../../../lambda/adapters/execution-trail-reader'));
});

after(async () => {
  for (const answer of held) answer();
  restoreEnv();
  await server.close();
});

describe('readExecutionTrails with little or no time left', () => {
  for (const timeoutMs of [0, 20, -20_000, Number.NaN]) {
    it(`a lookup with no time left (${timeoutMs} ms) says the invocation had none, not that CloudWatch Logs did not answer`, async () => {
      const calls = server.calls.length;

      const lookup = await readExecutionTrails(QUERY, timeoutMs);

      assert.equal(lookup.kind, 'skipped');
      const note = lookup.kind === 'skipped' ? lookup.note : '';
      assert.doesNotMatch(note, /did not answer|within 0 s/);
      assert.match(note, /no time left/);
      assert.match(note, /API-Gateway-Execution-Logs_abc123defg\/prod/);
      assert.equal(server.calls.length, calls, 'CloudWatch Logs was never asked');
    });
  }

  it('a lookup CloudWatch Logs never answers is asked, and given up after the time it was given, which the note states', async () => {
    const calls = server.calls.length;
    const started = Date.now();

    const lookup = await readExecutionTrails(QUERY, 1_500);

    const tookMs = Date.now() - started;
    assert.equal(server.calls.length, calls + 1, 'asked once');
    assert.equal(lookup.kind, 'skipped');
    const note = lookup.kind === 'skipped' ? lookup.note : '';
    const given = Number(/within ([\d.]+) s/.exec(note)?.[1]);
    assert.ok(given > 0 && given <= 1.5, note);
    assert.ok(tookMs < 1_500 + 500, `took ${tookMs} ms for a 1.5 s bound`);
  });
});
