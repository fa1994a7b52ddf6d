/**
 * JSON documents printed on one line (`aws logs filter-log-events … | jq -c .`, any one-line
 * `{"events":[…]}`) with more text after them, and test-invoke output after a first document. The
 * compact export followed by the shell prompt was refused as JSON Lines of another kind, where the
 * pretty-printed one was read; a test-invoke output after a first document was read as text, so two
 * tests the console named alike became one request with the second's status and the first's cause.
 *
 * Every input here is SYNTHETIC: the messages are those of /work/shared/corpus S05-01.log (a method
 * throttled, labelled limit.throttle) and of the shared export lines (S06-01.log and S02-01.log shapes).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { INPUT_KIND, parseInput } from '../../cli/input';
import { EXIT } from '../../cli/main';
import { analyze } from '../../lambda/core/pipeline';
import {
  EXPORT_ACCESS_LINE as ACCESS_LINE,
  EXPORT_EXECUTION_LINE as EXECUTION_LINE,
  EXPORT_REQUEST_ID as ID,
  EXPORT_STREAM as STREAM,
  EXPORT_T0 as T0,
} from '../support/export-lines';
import { outputWithinLimit } from '../support/time-limit';
import { runCli } from './harness';

/** S05-01's throttled request: its lines carry its id, and its cause is limit.throttle. */
const S05_LINES = readFileSync(new URL('../../../shared/corpus/S05-01.log', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
const S05_ID = '4f3e3b0f-39db-11e9-9c2e-5bd7c2de5998';

const MESSAGES = [`(${ID}) Execution failed due to a timeout error`, EXECUTION_LINE, ACCESS_LINE];
const exportOf = (messages: readonly string[]) => ({
  events: messages.map((message, i) => ({
    logStreamName: STREAM,
    timestamp: T0 + i,
    message,
    ingestionTime: T0 + i + 40,
    eventId: `3700000000000000000000000000000000000000000000000000000${i}`,
  })),
  searchedLogStreams: [{ logStreamName: STREAM }],
});
/** What `jq -c .` prints: the export on one line, ended by a line break. */
const COMPACT = `${JSON.stringify(exportOf(MESSAGES))}\n`;
const COMPACT_S05 = `${JSON.stringify(exportOf(S05_LINES))}\n`;
const PRETTY = `${JSON.stringify(exportOf(MESSAGES), null, 4)}\n`;
/**
 * A decoded subscription payload as `jq -cS .` prints it: keys sorted, so it opens with `logEvents`,
 * not with the `messageType` CloudWatch Logs writes first.
 */
const sortedPayloadOf = (messages: readonly string[]) =>
  `${JSON.stringify({
    logEvents: messages.map((message, i) => ({ id: `${i}`, message, timestamp: T0 + i })),
    logGroup: '/aws/apigateway/synthetic',
    logStream: STREAM,
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    subscriptionFilters: ['synthetic'],
  })}\n`;

const BOTH_FAILURES = [
  ['synthetic-1', 'not-found.route'],
  [ID, 'timeout.integration'],
];

const failuresOf = (text: string) =>
  analyze(parseInput(text, 'copy.txt').batches).failures.map((f) => [f.requestId, f.cause]);

describe('a compact one-line JSON export with text after it', () => {
  const AFTER: readonly {
    readonly what: string;
    readonly text: string;
    readonly kind: string;
    readonly failures: readonly (readonly string[])[];
    /** The line the note names as where the text after the documents starts. */
    readonly from: number;
    readonly unparsed: number;
  }[] = [
    {
      what: 'a jq -c export, then the shell prompt a terminal copy took',
      text: `${COMPACT}$ `,
      kind: INPUT_KIND.filterLogEvents,
      failures: BOTH_FAILURES,
      from: 2,
      unparsed: 1,
    },
    {
      what: 'a jq -c export, then a sentence and a PowerShell prompt',
      text: `${COMPACT}That was the first page.\r\nPS C:\\Users\\me> `,
      kind: INPUT_KIND.filterLogEvents,
      failures: BOTH_FAILURES,
      from: 2,
      unparsed: 2,
    },
    {
      what: 'two jq -c exports, one a line, then the prompt',
      text: `${COMPACT}${COMPACT_S05}$ `,
      kind: INPUT_KIND.filterLogEvents,
      failures: [...BOTH_FAILURES, [S05_ID, 'limit.throttle']],
      from: 3,
      unparsed: 1,
    },
    {
      what: 'a jq -c export, the prompt and command, then the next jq -c export',
      text: `${COMPACT}$ aws logs filter-log-events --log-group-name x | jq -c .\n${COMPACT_S05}`,
      kind: INPUT_KIND.filterLogEvents,
      failures: [...BOTH_FAILURES, [S05_ID, 'limit.throttle']],
      from: 2,
      unparsed: 1,
    },
    {
      what: 'a payload printed by jq -cS (keys sorted), the prompt and command, then the next one',
      text: `${sortedPayloadOf(MESSAGES)}$ jq -cS . next.json\n${sortedPayloadOf(S05_LINES)}`,
      kind: INPUT_KIND.payload,
      failures: [...BOTH_FAILURES, [S05_ID, 'limit.throttle']],
      from: 2,
      unparsed: 1,
    },
  ];
  for (const input of AFTER) {
    it(`reads ${input.what}: every event of the documents, the text after them counted unparsed`, () => {
      const parsed = parseInput(input.text, 'copy.txt');
      assert.equal(parsed.kind, input.kind);
      const { failures, stats } = analyze(parsed.batches);
      assert.deepEqual(
        failures.map((f) => [f.requestId, f.cause]),
        input.failures,
      );
      assert.equal(stats.unparsed, input.unparsed);
    });

    it(`says on stderr where the text after the JSON starts in ${input.what}, and exits 0`, async () => {
      const run = await runCli(['classify'], { stdin: input.text });
      assert.equal(run.code, EXIT.analyzed, run.stderr);
      assert.match(
        run.stderr,
        new RegExp(
          `^apigw-errors: stdin line ${input.from}(?: on)? follows the JSON .*; read as log text$`,
          'm',
        ),
      );
    });
  }

  it('reads a compact export followed by the prompt as it reads the pretty-printed one followed by it', () => {
    assert.deepEqual(failuresOf(`${COMPACT}$ `), failuresOf(`${PRETTY}$ `));
  });

  it('keeps JSON Lines of exports, of any number of lines, JSON Lines read whole without a note', () => {
    for (const count of [2, 3, 7]) {
      const text = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? COMPACT : COMPACT_S05)).join('');
      const parsed = parseInput(text, 'events.jsonl');
      assert.equal(parsed.kind, INPUT_KIND.jsonLines, `${count} lines`);
      assert.equal(parsed.notes, undefined, `${count} lines`);
      assert.equal(
        parsed.batches.flatMap((b) => b.events).length,
        Math.ceil(count / 2) * MESSAGES.length + Math.floor(count / 2) * S05_LINES.length,
      );
    }
  });

  const cut = (text: string) => text.slice(0, Math.floor(text.length * 0.6));
  const REFUSED: readonly { readonly what: string; readonly text: string; readonly says: RegExp }[] = [
    {
      what: 'a compact export cut short, then the prompt',
      text: `${cut(COMPACT)}\n$ `,
      says: /^apigw-errors: stdin: filter-log-events or get-log-events output whose JSON ends mid-value/,
    },
    {
      what: 'a whole compact export, then one cut short',
      text: `${COMPACT}${cut(COMPACT_S05)}`,
      says: /^apigw-errors: stdin: filter-log-events or get-log-events output \(document 2, from line 2\) whose JSON ends mid-value/,
    },
    {
      what: 'a whole compact export, the prompt, then one cut short',
      text: `${COMPACT}$ \n${cut(COMPACT_S05)}`,
      says: /^apigw-errors: stdin: filter-log-events or get-log-events output \(document 2, from line 3\) whose JSON ends mid-value/,
    },
  ];
  for (const input of REFUSED) {
    it(`refuses ${input.what} as cut (exit 2)`, async () => {
      const run = await runCli(['classify'], { stdin: input.text });
      assert.equal(run.code, EXIT.cannotRun, run.stdout);
      assert.match(run.stderr, input.says);
    });
  }
});

describe('test-invoke output after a first JSON document', () => {
  /** `aws apigateway test-invoke-method` output as the AWS CLI prints it; the console names the test `test-request`. */
  const testInvoke = (status: number, messages: readonly string[]) =>
    `${JSON.stringify(
      {
        status,
        body: '{"message": "x"}',
        headers: {},
        log: `Execution log for request test-request\n${messages.map((m) => `Thu Feb 28 12:00:00 UTC 2019 : ${m}\n`).join('')}`,
        latency: 12,
      },
      null,
      4,
    )}\n`;
  /** S05-01's messages without their ids, as a test's log stamps them. */
  const THROTTLED = testInvoke(
    429,
    S05_LINES.map((line) => line.replace(/^\([^)]*\) /, '')),
  );
  const TIMED_OUT = testInvoke(504, [
    'Execution failed due to a timeout error',
    'Method completed with status: 504',
  ]);
  const PROMPT =
    '$ aws apigateway test-invoke-method --rest-api-id abc123 --resource-id r1 --http-method POST\n';

  const THROTTLED_FAILURE = [S05_ID, 429, 'limit.throttle'];
  const TIMED_OUT_SECOND = ['test-request#2', 504, 'timeout.integration'];
  const EXPORT_FAILURES = [
    ['synthetic-1', 403, 'not-found.route'],
    [ID, 502, 'timeout.integration'],
  ];
  const ROWS: readonly {
    readonly what: string;
    readonly text: string;
    /** requestId, client status and cause of each failure, in the order the report lists them. */
    readonly failures: readonly (readonly (string | number)[])[];
  }[] = [
    {
      what: 'two test-invoke outputs, then the prompt',
      text: `${THROTTLED}${TIMED_OUT}$ `,
      failures: [THROTTLED_FAILURE, TIMED_OUT_SECOND],
    },
    {
      what: 'a test-invoke output, the prompt and command, then another',
      text: `${THROTTLED}${PROMPT}${TIMED_OUT}`,
      failures: [THROTTLED_FAILURE, TIMED_OUT_SECOND],
    },
    {
      what: 'a test-invoke output, the prompt and command, then another printed on one line',
      text: `${THROTTLED}${PROMPT}${JSON.stringify(JSON.parse(TIMED_OUT))}\n`,
      failures: [THROTTLED_FAILURE, TIMED_OUT_SECOND],
    },
    {
      what: 'a filter-log-events export, the prompt and command, then two test-invoke outputs',
      text: `${PRETTY}${PROMPT}${TIMED_OUT}${THROTTLED}`,
      failures: [...EXPORT_FAILURES, ['test-request', 504, 'timeout.integration'], THROTTLED_FAILURE],
    },
  ];
  it('reads a test-invoke output cut inside its log after a whole one up to the cut, as one alone is', () => {
    const cut = TIMED_OUT.slice(0, TIMED_OUT.indexOf('Method completed'));
    const { failures } = analyze(parseInput(`${THROTTLED}${cut}`, 'tests.txt').batches);
    // The cut one is read as text, apart from the documents: the console's id is numbered apart too
    // (a limit docs/limits.md names), so it keeps `test-request` and is listed first.
    assert.deepEqual(
      failures.map((f) => [f.requestId, f.clientStatus, f.cause]),
      [['test-request', 504, 'timeout.integration'], THROTTLED_FAILURE],
    );
  });

  it('reads a log of JSON access lines each cut short after a document in linear time', () => {
    // SYNTHETIC: 40,000 access lines opening as test-invoke output does on one line, none closing.
    const script = `
      const { parseInput } = require(${JSON.stringify(join(__dirname, '..', '..', 'cli', 'input.ts'))});
      const line = '{"status": 403, "requestId": "r", "error_message": "Missing Authentication Token", "path": "/' + 'x'.repeat(60);
      const text = ${JSON.stringify(TIMED_OUT)} + Array.from({ length: 40000 }, () => line).join('\\n') + '\\n';
      console.log(parseInput(text, 'cut.log').batches.flatMap((b) => b.events).length);`;
    assert.equal(
      outputWithinLimit(script, 'text after a document was scanned to its end from every line'),
      '40003',
    );
  });

  for (const row of ROWS) {
    it(`reads each test-invoke log of ${row.what} as that test's own request`, () => {
      const { failures } = analyze(parseInput(row.text, 'tests.txt').batches);
      assert.deepEqual(
        failures.map((f) => [f.requestId, f.clientStatus, f.cause]),
        row.failures,
      );
    });
  }
});
