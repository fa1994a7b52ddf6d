/**
 * A delivery that does not decode is acknowledged (retrying cannot fix it), so its requests are
 * lost: the handler's log line about it is also an embedded-metric-format document, the count the
 * stack's RejectedDeliveries alarm watches. A delivery that decodes writes UnparsedLines also by
 * the function's name, the sum the stack's UnparsedLines alarm watches. Every event here is
 * SYNTHETIC, built in the test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ACCESS_LOG_GROUP, ALERTING_TEST_SETTINGS, eventId, subscriptionEvent } from './deliveries';
import { type HandlerRig, startHandlerRig } from './handler-rig';

const FUNCTION_NAME = 'Analyzer-Function-SYNTHETIC';

let rig: HandlerRig;
const lines: string[] = [];

before(async () => {
  // Lambda sets AWS_LAMBDA_FUNCTION_NAME in every function's environment; the alarm's dimension is it.
  rig = await startHandlerRig({ ...ALERTING_TEST_SETTINGS, AWS_LAMBDA_FUNCTION_NAME: FUNCTION_NAME });
  mock.method(console, 'log', (line: unknown) => {
    lines.push(String(line));
  });
});

after(async () => {
  await rig.close();
});

const data = (payload: unknown) => gzipSync(Buffer.from(JSON.stringify(payload))).toString('base64');

interface MetricDirective {
  readonly Namespace: string;
  readonly Dimensions: readonly (readonly string[])[];
  readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
}

/** The log lines written while `run` ran, parsed. */
async function written(run: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const start = lines.length;
  await run();
  return lines.slice(start).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('a delivery that does not decode', () => {
  const cases: ReadonlyArray<[code: string, event: unknown]> = [
    ['not-an-event', { Records: [] }],
    ['bad-base64', { awslogs: { data: '%%%not base64%%%' } }],
    ['not-gzip', { awslogs: { data: Buffer.from('not gzip').toString('base64') } }],
    [
      'truncated-gzip',
      { awslogs: { data: gzipSync(Buffer.from('{"logGroup":"/x"}')).subarray(0, 12).toString('base64') } },
    ],
    ['bad-json', { awslogs: { data: gzipSync(Buffer.from('{"logGroup":')).toString('base64') } }],
    [
      'bad-shape',
      { awslogs: { data: data({ messageType: 'DATA_MESSAGE', logGroup: '/x', logEvents: 'no' }) } },
    ],
  ];
  for (const [code, event] of cases) {
    test(`(${code}) writes one line that both names the code and counts 1 RejectedDeliveries for the function`, async () => {
      const logged = await written(() => rig.handler(event));
      assert.equal(logged.length, 1, JSON.stringify(logged));
      const [line] = logged;
      assert.ok(line);
      assert.equal(line.type, 'delivery-rejected');
      assert.equal(line.code, code);
      assert.equal(typeof line.reason, 'string');
      const aws = line._aws as { Timestamp: number; CloudWatchMetrics: readonly MetricDirective[] };
      assert.ok(aws, 'the line is an EMF document');
      assert.ok(Math.abs(aws.Timestamp - Date.now()) < 60_000, 'stamped now');
      assert.deepEqual(aws.CloudWatchMetrics, [
        {
          Namespace: ALERTING_TEST_SETTINGS.METRICS_NAMESPACE,
          Dimensions: [['FunctionName']],
          Metrics: [{ Name: 'RejectedDeliveries', Unit: 'Count' }],
        },
      ]);
      assert.equal(line.FunctionName, FUNCTION_NAME);
      assert.equal(line.RejectedDeliveries, 1);
    });
  }

  test("names where a delivery's JSON breaks without quoting its bytes, though they hold a token (SYNTHETIC payload, fake token)", async () => {
    // V8 quotes about ten characters either side of a bad token (Node.js 20 and 24 alike): a corrupt
    // payload's bytes would reach the function's log, which more people read than the API's data.
    const token = 'ghp_SYNTHETICfakeToken0123456789abcdef';
    const json = `{"messageType":"DATA_MESSAGE","logGroup":"/x","auth":${token}}`;
    const logged = await written(() =>
      rig.handler({ awslogs: { data: gzipSync(Buffer.from(json)).toString('base64') } }),
    );
    const [line] = logged;
    assert.equal(line?.code, 'bad-json');
    assert.equal(
      line?.reason,
      `awslogs.data is gzip but not JSON: expected a value, found a letter at position ${json.indexOf(token)} of ${json.length}`,
    );
    assert.ok(!JSON.stringify(logged).includes('ghp_SYNTHE'), JSON.stringify(logged));
  });

  test('a delivery that decodes counts no RejectedDeliveries', async () => {
    const logged = await written(() =>
      rig.handler({
        awslogs: {
          data: data({ messageType: 'CONTROL_MESSAGE', logGroup: '', logStream: '', logEvents: [] }),
        },
      }),
    );
    assert.ok(
      logged.every((l) => !('RejectedDeliveries' in l)),
      JSON.stringify(logged),
    );
  });
});

describe('a delivery that decodes', () => {
  test('writes its UnparsedLines by its LogGroup and by the FunctionName Lambda sets, two metrics from one document', async () => {
    const logged = await written(() =>
      rig.handler(
        subscriptionEvent(ACCESS_LOG_GROUP, 'stream-1', [
          // SYNTHETIC: a line in no format the parser reads.
          { id: eventId(), timestamp: Date.now(), message: 'SYNTHETIC not an access-log line' },
        ]),
      ),
    );
    const unparsed = logged.filter((l) => 'UnparsedLines' in l);
    assert.equal(unparsed.length, 1, JSON.stringify(logged));
    const [line] = unparsed;
    assert.ok(line);
    const aws = line._aws as { CloudWatchMetrics: readonly MetricDirective[] };
    assert.deepEqual(aws.CloudWatchMetrics, [
      {
        Namespace: ALERTING_TEST_SETTINGS.METRICS_NAMESPACE,
        Dimensions: [['LogGroup'], ['FunctionName']],
        Metrics: [{ Name: 'UnparsedLines', Unit: 'Count' }],
      },
    ]);
    assert.equal(line.LogGroup, ACCESS_LOG_GROUP);
    assert.equal(line.FunctionName, FUNCTION_NAME);
    assert.equal(line.UnparsedLines, 1);
  });
});
