/** The trail reader turns every failure into a note (the alert always goes out) and makes one call. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { readExecutionTrails } from '../../../lambda/adapters/execution-trail-reader';

const logs = mockClient(CloudWatchLogsClient);
const QUERY = {
  logGroupName: 'API-Gateway-Execution-Logs_abc123defg/prod',
  requestIds: ['r-1', 'r-2'],
  startTimeMs: 1_000,
  endTimeMs: 2_000,
};

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

describe('readExecutionTrails', () => {
  afterEach(() => logs.reset());

  it('asks FilterLogEvents once, for the sample ids in the window', async () => {
    // Synthetic event in the `(requestId) message` shape.
    logs.on(FilterLogEventsCommand).resolves({
      events: [{ eventId: 'e1', timestamp: 1_500, message: '(r-1) Method completed with status: 502' }],
      nextToken: 'more',
    });

    const lookup = await readExecutionTrails(QUERY);

    assert.deepEqual(lookup, {
      kind: 'events',
      events: [{ id: 'e1', timestamp: 1_500, message: '(r-1) Method completed with status: 502' }],
    });
    const calls = logs.commandCalls(FilterLogEventsCommand);
    assert.equal(calls.length, 1, 'no paging: one call per alert');
    assert.deepEqual(calls[0]?.args[0].input, {
      logGroupName: QUERY.logGroupName,
      filterPattern: '?"r-1" ?"r-2"',
      startTime: 1_000,
      endTime: 2_000,
      limit: 200,
    });
  });

  it('an empty first page that has more pages is skipped with a note, not reported as no lines', async () => {
    // FilterLogEvents may return an empty page with a nextToken while matching events remain.
    logs.on(FilterLogEventsCommand).resolves({ events: [], nextToken: 'more' });

    const lookup = await readExecutionTrails(QUERY);

    assert.deepEqual(lookup, {
      kind: 'skipped',
      note: 'skipped: the one FilterLogEvents page read on API-Gateway-Execution-Logs_abc123defg/prod held none of the samples, and CloudWatch Logs had more pages to search (an alert reads one page)',
    });
    assert.equal(logs.commandCalls(FilterLogEventsCommand).length, 1, 'still one call per alert');
  });

  it('an empty last page means the samples have no lines there', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [] });

    assert.deepEqual(await readExecutionTrails(QUERY), { kind: 'events', events: [] });
  });

  const failures: [string, Error, RegExp][] = [
    [
      'a throttled lookup is skipped with a note',
      awsError('ThrottlingException', 'Rate exceeded'),
      /^skipped: CloudWatch Logs throttled the FilterLogEvents lookup \(ThrottlingException\)$/,
    ],
    [
      'a missing log group is skipped with a note naming it',
      awsError('ResourceNotFoundException', 'The specified log group does not exist.'),
      /^skipped: FilterLogEvents on API-Gateway-Execution-Logs_abc123defg\/prod failed \(ResourceNotFoundException: The specified log group does not exist\.\)$/,
    ],
    [
      'a denied lookup is skipped with a note',
      awsError('AccessDeniedException', 'not authorized to perform: logs:FilterLogEvents'),
      /AccessDeniedException: not authorized/,
    ],
  ];
  for (const [name, error, note] of failures) {
    it(name, async () => {
      logs.on(FilterLogEventsCommand).rejects(error);

      const lookup = await readExecutionTrails(QUERY);

      assert.equal(lookup.kind, 'skipped');
      assert.match(lookup.kind === 'skipped' ? lookup.note : '', note);
      assert.equal(logs.commandCalls(FilterLogEventsCommand).length, 1, 'the reader does not retry');
    });
  }
});
