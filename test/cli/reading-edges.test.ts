/**
 * Edges of reading inputs that a mutation audit of cli/ found untested: where the size limit falls,
 * what counts as gzip, the empty outputs of the AWS CLI's log commands, fenced, prose-wrapped and
 * concatenated documents, Logs Insights CSV and query states, and long console panels. Every input
 * here is SYNTHETIC.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { bytesToText, INPUT_KIND, InputError, parseInput, readFileLimited } from '../../cli/input';
import { EXIT } from '../../cli/main';
import { runCli } from './harness';

let root = '';

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'apigw-errors-edges-'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('reading input files at their edges', () => {
  it('reads a file of exactly the size limit and refuses one byte more', async () => {
    await writeFile(join(root, 'at-limit.log'), Buffer.alloc(1024, 'a'));
    await writeFile(join(root, 'over-limit.log'), Buffer.alloc(1025, 'a'));
    assert.equal((await readFileLimited(join(root, 'at-limit.log'), 1024)).length, 1024);
    await assert.rejects(
      readFileLimited(join(root, 'over-limit.log'), 1024),
      (error: unknown) => error instanceof InputError && /over-limit\.log is larger than/.test(error.message),
    );
  });

  it("reads text whose first byte is gzip's first magic byte alone as text, not as a broken gzip", () => {
    // SYNTHETIC: a unit separator (0x1f) before an execution line; gzip needs 0x1f 0x8b.
    const text = '\u001f(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Method completed with status: 502\n';
    assert.equal(bytesToText(Buffer.from(text), 'us.log'), text);
  });
});

describe('reading stdin', () => {
  it('exits 2 on one line naming stdin when reading the pipe fails, as a file that cannot be read does', async () => {
    // SYNTHETIC: a pipe whose first read gives an access-log line and whose next read fails, as a
    // read() on a pipe or terminal fails with EIO.
    const line = '{"requestId":"r1","status":"502"}\n';
    let reads = 0;
    const failing = new Readable({
      read() {
        reads += 1;
        if (reads === 1) this.push(line);
        else this.destroy(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO', syscall: 'read' }));
      },
    });
    const result = await runCli(['classify'], { stdin: failing });
    assert.equal(result.code, EXIT.cannotRun, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^apigw-errors: cannot read stdin \(EIO\b[^\n]*\)\n$/);
  });
});

describe('the AWS CLI log commands printing no events', () => {
  // SYNTHETIC outputs in the documented shapes of GetLogEvents and FilterLogEvents responses
  // (docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference): events plus their page tokens.
  const empty = [
    {
      what: 'get-log-events output with no events',
      json: {
        events: [],
        nextForwardToken: 'f/00000000000000000000000000',
        nextBackwardToken: 'b/0000000000',
      },
    },
    {
      what: 'a filter-log-events page with no events and only its next token',
      json: { events: [], nextToken: 'Bxkq6kVGFtq2y_MoigeqscPOdhXVbhiVtLoAmXb5jCrI7fXVQ' },
    },
  ];
  for (const { what, json } of empty) {
    it(`exits 2 saying ${what} holds no log events, not counting it as an unparsed line`, async () => {
      const { code, stdout, stderr } = await runCli(['classify'], {
        stdin: `${JSON.stringify(json, null, 4)}\n`,
      });
      assert.equal(code, EXIT.cannotRun, stderr);
      assert.equal(stdout, '');
      assert.match(
        stderr,
        /^apigw-errors: stdin holds no log events \(read as filter-log-events or get-log-events/,
      );
    });
  }
});

// SYNTHETIC lines in the shapes of /work/shared/corpus S06-01.log (execution) and S02-01.log (access).
const EXECUTION_LINE = '(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Method completed with status: 502';
const ACCESS_LINE =
  '{"requestId": "synthetic-1", "status": "403", "error_responseType": "MISSING_AUTHENTICATION_TOKEN", "error_message": "Missing Authentication Token"}';

/** A SYNTHETIC decoded subscription payload holding the given lines. */
function payload(...lines: string[]) {
  return {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod',
    logStream: 'stream-1',
    subscriptionFilters: ['apigw-errors'],
    logEvents: lines.map((message, i) => ({ id: `e${i}`, timestamp: 1_700_000_000_000 + i, message })),
  };
}

const messagesOf = (text: string) =>
  parseInput(text, 'in.txt').batches.flatMap((batch) => batch.events.map((event) => event.message));

describe('pasted and saved documents at their edges', () => {
  it('reads a subscription Lambda event fenced by tildes (~~~json) as the event, as one fenced by backticks', () => {
    const event = JSON.stringify({
      awslogs: { data: gzipSync(JSON.stringify(payload(EXECUTION_LINE))).toString('base64') },
    });
    for (const fence of ['~~~', '```']) {
      const read = parseInput(`${fence}json\n${event}\n${fence}\n`, 'issue.md');
      assert.equal(read.kind, INPUT_KIND.lambdaEvent, fence);
      assert.deepEqual(
        read.batches.flatMap((batch) => batch.events.map((event) => event.message)),
        [EXECUTION_LINE],
      );
    }
  });

  it('reads two pretty-printed payloads saved one after another with Windows line ends as both', () => {
    const one = JSON.stringify(payload(EXECUTION_LINE), null, 2);
    const two = JSON.stringify(payload(ACCESS_LINE), null, 2);
    const text = `${one}\n${two}\n`.replace(/\n/g, '\r\n');
    assert.deepEqual(messagesOf(text), [EXECUTION_LINE, ACCESS_LINE]);
  });

  it('reads a payload pasted under 20 lines of prose as the payload, the prose as lines', () => {
    const prose = Array.from({ length: 20 }, (_, i) => `SYNTHETIC note ${i + 1} about the outage.`);
    const text = `${prose.join('\n')}\n${JSON.stringify(payload(EXECUTION_LINE), null, 2)}\n`;
    const read = parseInput(text, 'issue.md');
    assert.equal(read.kind, INPUT_KIND.payload);
    assert.deepEqual(
      read.batches.flatMap((batch) => batch.events.map((event) => event.message)),
      [EXECUTION_LINE, ...prose],
    );
  });

  it('reads a pretty-printed access log object of 60 lines as one line', () => {
    // SYNTHETIC: an access log format of many $context fields, printed one member per line.
    const line: Record<string, string> = { requestId: 'synthetic-2', status: '502' };
    for (let i = 1; i <= 56; i++) line[`field${i}`] = `value ${i}`;
    const text = `${JSON.stringify(line, null, 4)}\n`;
    assert.equal(text.split('\n').length - 1, 60);
    const read = parseInput(text, 'access.log');
    assert.equal(read.kind, INPUT_KIND.rawText);
    assert.deepEqual(messagesOf(text), [JSON.stringify(line)]);
  });

  it('adds the final status a test-invoke log lacks for any HTTP status, 599 and 100 included', () => {
    // SYNTHETIC test-invoke-authorizer outputs (their log has no "Method completed" line).
    for (const clientStatus of [100, 599]) {
      const text = JSON.stringify({
        clientStatus,
        log: 'Execution log for request test-request\n',
        latency: 3,
      });
      assert.equal(messagesOf(text).at(-1), `Method completed with status: ${clientStatus}`);
    }
  });
});

describe('exports from CloudWatch at their edges', () => {
  it('refuses get-query-results output saved while the query was still Scheduled, saying so', () => {
    // SYNTHETIC: what get-query-results answers right after start-query, before any row.
    assert.throws(
      () => parseInput(JSON.stringify({ results: [], statistics: {}, status: 'Scheduled' }), 'q.json'),
      (error: unknown) => error instanceof InputError && /still Scheduled/.test(error.message),
    );
  });

  it('reads a Logs Insights CSV export whose header names five fields', () => {
    // SYNTHETIC rows; the header is longer than the four usual fields.
    const text = [
      '@timestamp,@message,@logStream,@log,@ingestionTime',
      `2026-11-25 10:15:30.000,${EXECUTION_LINE},stream-1,123456789012:API-Gateway-Execution-Logs_abc123defg/prod,2026-11-25 10:15:31.000`,
      '',
    ].join('\n');
    const read = parseInput(text, 'insights.csv');
    assert.equal(read.kind, INPUT_KIND.exportedCsv);
    assert.deepEqual(messagesOf(text), [EXECUTION_LINE]);
  });

  it('reads a Logs Insights CSV export of the @message field alone, one line per row', () => {
    // SYNTHETIC: `fields @message` exported as CSV: one column, so every row is one field.
    const text = `@message\n${EXECUTION_LINE}\n"${ACCESS_LINE.replace(/"/g, '""')}"\n`;
    assert.equal(parseInput(text, 'insights.csv').kind, INPUT_KIND.exportedCsv);
    assert.deepEqual(messagesOf(text), [EXECUTION_LINE, ACCESS_LINE]);
  });

  it('drops the UTF-8 byte-order mark of a file with an odd Latin-1 byte too, so its first line reads like the others', () => {
    // SYNTHETIC: a UTF-8 file with a byte-order mark, one Windows-1252 "é" in a later line.
    const lines = `${EXECUTION_LINE}\n${ACCESS_LINE}\n`;
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(lines),
      Buffer.from('caf\xe9\n', 'latin1'),
    ]);
    assert.equal(bytesToText(bytes, 'bom.log'), `${lines}caf\uFFFD\n`);
  });
});

describe("the console's method test panel at its edges", () => {
  for (const bodyLines of [40, 250]) {
    it(`takes the status of a panel whose response body runs over ${bodyLines} lines when its log was cut short`, () => {
      // SYNTHETIC panel in the console's layout before 2023 (real ones: test/fixtures), its body a
      // pretty-printed error of that many lines.
      const id = '4fc3c0c7-6f9f-4ac3-84d7-205500f39b5f';
      const stamp = 'Tue Aug 18 17:36:14 UTC 2020 : ';
      const body = [
        '{',
        ...Array.from({ length: bodyLines - 3 }, (_, i) => `  "detail${i}": "line ${i}",`),
        '  "message": "x"',
        '}',
      ];
      const lines = [
        'Request: /todos?limit=10',
        'Status: 502',
        'Latency: 139 ms',
        'Response Body',
        ...body,
        'Response Headers',
        '{"x-amzn-ErrorType":"InternalServerErrorException"}',
        'Logs',
        `Execution log for request ${id}`,
        `${stamp}Starting execution for request: ${id}`,
      ];
      assert.equal(body.length, bodyLines);
      assert.deepEqual(messagesOf(lines.join('\n')), [
        `Execution log for request ${id}`,
        `${stamp}Starting execution for request: ${id}`,
        'Method completed with status: 502',
      ]);
    });
  }
});
