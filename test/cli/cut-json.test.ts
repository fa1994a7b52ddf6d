/**
 * A JSON export cut short (a copy that stopped, a download or a `>` interrupted) is refused, as a cut
 * CSV or gzip file is: read as raw text, its structure's lines were counted unparsed and its events
 * half read, with exit 0 and no word of the cut. Text that merely starts with `{`, and JSON Lines,
 * are read as before.
 *
 * Every input here is SYNTHETIC (the lines in the shapes of /work/shared/corpus S06-01.log and S02-01.log).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { EXIT } from '../../cli/main';
// SYNTHETIC lines, shared with the other export tests.
import {
  EXPORT_ACCESS_LINE as ACCESS_LINE,
  EXPORT_EXECUTION_LINE as EXECUTION_LINE,
  EXPORT_REQUEST_ID as ID,
  EXPORT_STREAM as STREAM,
  EXPORT_T0 as T0,
} from '../support/export-lines';
import { runCli } from './harness';

const EVENTS = [EXECUTION_LINE, ACCESS_LINE, EXECUTION_LINE].map((message, i) => ({
  logStreamName: STREAM,
  timestamp: T0 + i,
  message,
  ingestionTime: T0 + i + 40,
  eventId: `3700000000000000000000000000000000000000000000000000000${i}`,
}));

const PAYLOAD = {
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod',
  logStream: STREAM,
  subscriptionFilters: ['apigw-errors'],
  logEvents: EVENTS.map((e, i) => ({ id: `e${i}`, timestamp: e.timestamp, message: e.message })),
};

const LAMBDA_EVENT = { awslogs: { data: gzipSync(JSON.stringify(PAYLOAD)).toString('base64') } };

/** The AWS CLI's JSON output: indented by four. */
const pretty = (value: unknown): string => `${JSON.stringify(value, null, 4)}\n`;

/** The first `share` of a text: where a copy or a download stopped. */
const cut = (text: string, share = 0.6): string => text.slice(0, Math.floor(text.length * share));

/** SYNTHETIC outputs of each shape the reader knows, cut mid-way, and the shape the refusal names. */
const CUT: readonly { readonly what: string; readonly text: string; readonly names: RegExp }[] = [
  {
    what: 'filter-log-events JSON output, pretty-printed',
    text: cut(pretty({ events: EVENTS, searchedLogStreams: [{ logStreamName: STREAM }] })),
    names: /filter-log-events or get-log-events output/,
  },
  {
    what: 'compact filter-log-events JSON output',
    text: cut(JSON.stringify({ events: EVENTS, searchedLogStreams: [] })),
    names: /filter-log-events or get-log-events output/,
  },
  {
    what: 'get-log-events JSON output cut inside a message',
    text: cut(pretty({ events: EVENTS, nextForwardToken: 'f/1', nextBackwardToken: 'b/1' }), 0.45),
    names: /filter-log-events or get-log-events output/,
  },
  {
    what: 'Logs Insights get-query-results output',
    text: cut(
      pretty({
        results: EVENTS.map((e, i) => [
          { field: '@timestamp', value: '2026-11-25 10:15:30.000' },
          { field: '@message', value: e.message },
          { field: '@ptr', value: `ptr${i}` },
        ]),
        statistics: { recordsMatched: 3 },
        status: 'Complete',
      }),
    ),
    names: /Logs Insights get-query-results output/,
  },
  {
    what: 'a subscription Lambda event, cut inside its awslogs.data',
    text: cut(JSON.stringify(LAMBDA_EVENT)),
    names: /subscription Lambda event/,
  },
  {
    what: 'a decoded subscription payload',
    text: cut(pretty(PAYLOAD)),
    names: /decoded subscription payload/,
  },
  {
    what: 'aws sqs receive-message output',
    text: cut(
      pretty({ Messages: [{ MessageId: 'm1', ReceiptHandle: 'h1', Body: JSON.stringify(LAMBDA_EVENT) }] }),
    ),
    names: /aws sqs receive-message output/,
  },
  {
    what: 'a Lambda asynchronous invocation record',
    text: cut(
      pretty({
        version: '1.0',
        timestamp: '2026-11-25T10:15:31.000Z',
        requestContext: { requestId: 'r', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
        requestPayload: LAMBDA_EVENT,
      }),
      0.8,
    ),
    names: /Lambda asynchronous invocation record/,
  },
  {
    what: "filter-log-events --query 'events[].message' output",
    text: cut(pretty(EVENTS.map((e) => e.message))),
    names: /a JSON array of messages/,
  },
  {
    what: "filter-log-events --query 'events' output, an array of events",
    text: cut(pretty(EVENTS)),
    names: /filter-log-events or get-log-events output/,
  },
];

/** A text up to the end of the first `end` in it. */
const upTo = (text: string, end: string): string => text.slice(0, text.indexOf(end) + end.length);

const linesOf = (text: string): string[] => text.split('\n').filter((line) => line !== '');

describe('a JSON export cut short', () => {
  for (const input of CUT) {
    it(`refuses ${input.what}, saying on one line its shape and that it looks cut short (exit 2)`, async () => {
      assert.throws(() => JSON.parse(input.text), 'the input is cut');
      const run = await runCli(['classify'], { stdin: input.text });
      assert.equal(run.code, EXIT.cannotRun, run.stdout);
      assert.equal(run.stdout, '');
      const lines = linesOf(run.stderr);
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0] ?? '', /^apigw-errors: stdin: /);
      assert.match(lines[0] ?? '', input.names);
      assert.match(lines[0] ?? '', /looks cut short/);
    });
  }

  it('refuses a gzip file whose JSON was cut before it was compressed, as the same JSON uncompressed', async () => {
    const text = CUT[0]?.text ?? '';
    const run = await runCli(['classify'], { stdin: gzipSync(text) });
    assert.equal(run.code, EXIT.cannotRun, run.stdout);
    assert.match(run.stderr, /filter-log-events or get-log-events output.*looks cut short/);
  });
});

describe('text that starts as JSON but is no cut export', () => {
  /** SYNTHETIC inputs read as before: their requests and unparsed lines. */
  const READ: readonly { readonly what: string; readonly text: string; readonly summary: RegExp }[] = [
    {
      what: 'JSON Lines of subscription Lambda events',
      text: `${JSON.stringify(LAMBDA_EVENT)}\n${JSON.stringify(LAMBDA_EVENT)}\n`,
      summary: /^6 log events, /,
    },
    {
      what: 'JSON access lines whose last one is cut',
      text: `${ACCESS_LINE}\n${ACCESS_LINE.replace('synthetic-1', 'synthetic-2')}\n${cut(ACCESS_LINE)}`,
      summary: /^3 log events, 2 requests, 2 failed, 1 unparsed line$/m,
    },
    {
      what: 'a JSON access line cut short alone, its first key "status" as a test-invoke output has it',
      text: cut('{"status": "502", "requestId": "synthetic-3", "integrationErrorMessage": "timeout"}', 0.7),
      summary: /^1 log event, 0 requests, 0 failed, 1 unparsed line$/m,
    },
    {
      // Read up to the cut, as test-invoke output pasted cut inside its log always was (cut-test-invoke.ts).
      what: 'test-invoke-method output cut inside its log',
      text: upTo(
        pretty({
          status: 502,
          body: '{"message": "Internal server error"}',
          headers: {},
          log: `Execution log for request ${ID}\nWed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502\n`,
          latency: 31,
        }),
        'status: 502',
      ),
      summary: /^2 log events, 1 request, 1 failed, 0 unparsed lines$/m,
    },
    {
      what: "a response body's lines pasted without their end, then an execution line",
      text: `{\n    "message": "Internal server error",\n    "events": [\n${EXECUTION_LINE}\n`,
      summary: /1 request, 1 failed/,
    },
  ];
  for (const input of READ) {
    it(`reads ${input.what} as before, with no word of a cut (exit 0)`, async () => {
      const run = await runCli(['classify'], { stdin: input.text });
      assert.equal(run.code, EXIT.analyzed, run.stderr);
      assert.match(run.stdout, input.summary);
      assert.doesNotMatch(run.stderr, /cut short/);
    });
  }
});
