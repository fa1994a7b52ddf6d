/**
 * A subscription event's `awslogs.data` saved alone (`jq -r .awslogs.data event.json > data.txt`,
 * copied from a Lambda test event, wrapped at 76 characters by `base64`): read as the event's data
 * is, base64 of gzip of a subscription payload. Only when the whole input is base64 of gzip.
 *
 * Every payload and line here is SYNTHETIC (in the shapes of /work/shared/corpus S06-01.log and S02-01.log).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { INPUT_KIND, parseInput } from '../../cli/input';
import { EXIT } from '../../cli/main';
import { runCli } from './harness';

// SYNTHETIC: a failed request's execution lines and another's access line.
const ID = '6f1c2a3b-0000-4000-8000-000000000502';
const PAYLOAD = {
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod',
  logStream: 'e4da3b7fbbce2345d7772b0674a318d5',
  subscriptionFilters: ['apigw-errors'],
  logEvents: [
    {
      id: 'e1',
      timestamp: Date.UTC(2026, 10, 25, 10, 15, 30),
      message: `(${ID}) Execution failed due to configuration error: Malformed Lambda proxy response`,
    },
    {
      id: 'e2',
      timestamp: Date.UTC(2026, 10, 25, 10, 15, 30),
      message: `(${ID}) Method completed with status: 502`,
    },
  ],
};
const DATA = gzipSync(JSON.stringify(PAYLOAD)).toString('base64');

/** `base64`'s own output: lines of 76 characters. */
const wrapped = (data: string, eol = '\n'): string => `${(data.match(/.{1,76}/g) ?? []).join(eol)}${eol}`;

describe("a subscription event's awslogs.data saved alone", () => {
  const SHAPES: readonly { readonly what: string; readonly text: string }[] = [
    { what: 'on one line', text: `${DATA}\n` },
    { what: 'wrapped at 76 characters, as base64 prints it', text: wrapped(DATA) },
    { what: 'wrapped at 76 characters with CRLF line ends', text: wrapped(DATA, '\r\n') },
    { what: 'as a JSON string, as jq prints it without -r', text: `${JSON.stringify(DATA)}\n` },
  ];
  for (const shape of SHAPES) {
    it(`reads the data ${shape.what}: the subscription payload it holds, its log group and events`, () => {
      const parsed = parseInput(shape.text, 'data.txt');
      assert.equal(parsed.kind, INPUT_KIND.awslogsData);
      assert.deepEqual(
        parsed.batches.map((b) => [b.source.logGroup, b.source.logStream, b.events.map((e) => e.message)]),
        [[PAYLOAD.logGroup, PAYLOAD.logStream, PAYLOAD.logEvents.map((e) => e.message)]],
      );
    });
  }

  it('classifies the request the data holds, with no line unparsed (exit 0)', async () => {
    const run = await runCli(['classify', '--json'], { stdin: wrapped(DATA) });
    assert.equal(run.code, EXIT.analyzed, run.stderr);
    const failures = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { requestId: string; cause: string });
    assert.deepEqual(
      failures.map((f) => [f.requestId, f.cause]),
      [[ID, 'server.bad-response']],
    );
    assert.equal(run.stderr, '');
  });

  it('refuses data whose gzip is cut short as an undecodable Lambda event is (exit 2, one line)', async () => {
    const run = await runCli(['classify'], { stdin: `${DATA.slice(0, DATA.length >> 1)}\n` });
    assert.equal(run.code, EXIT.cannotRun, run.stdout);
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0] ?? '', /^apigw-errors: stdin: .*awslogs\.data must be base64 of the gzip/);
  });

  it('reads base64 that is no gzip, and base64 among other text, as raw text, as before', () => {
    for (const text of [
      `${Buffer.from('hello world, no gzip here').toString('base64')}\n`,
      `${DATA}\n(${ID}) Method completed with status: 502\n`,
    ]) {
      assert.equal(parseInput(text, 'data.txt').kind, INPUT_KIND.rawText, text);
    }
  });
});

describe('several awslogs.data strings, one per line, as `jq -r .awslogs.data events.jsonl` prints them', () => {
  // SYNTHETIC: a second delivery, another request's lines in another stream.
  const OTHER_ID = '6f1c2a3b-0000-4000-8000-000000000504';
  const OTHER = {
    ...PAYLOAD,
    logStream: 'c4ca4238a0b923820dcc509a6f75849b',
    logEvents: [
      {
        id: 'e3',
        timestamp: Date.UTC(2026, 10, 25, 10, 16, 0),
        message: `(${OTHER_ID}) Execution failed due to a timeout error`,
      },
      {
        id: 'e4',
        timestamp: Date.UTC(2026, 10, 25, 10, 16, 0),
        message: `(${OTHER_ID}) Method completed with status: 504`,
      },
    ],
  };
  /** The data of a payload gzipped until its base64 needs no `=` padding (a length that is a multiple of 3). */
  const unpadded = (payload: typeof PAYLOAD, pad = ''): string => {
    const data = gzipSync(JSON.stringify({ ...payload, owner: `123456789012${pad}` })).toString('base64');
    return data.endsWith('=') ? unpadded(payload, `${pad} `) : data;
  };
  const OTHER_DATA = gzipSync(JSON.stringify(OTHER)).toString('base64');
  const BOTH = [
    [PAYLOAD.logStream, PAYLOAD.logEvents.map((e) => e.message)],
    [OTHER.logStream, OTHER.logEvents.map((e) => e.message)],
  ];

  const SHAPES: readonly { readonly what: string; readonly text: string }[] = [
    { what: 'one per line', text: `${DATA}\n${OTHER_DATA}\n` },
    { what: 'one per line without `=` padding', text: `${unpadded(PAYLOAD)}\n${unpadded(OTHER)}` },
    { what: 'one per line with CRLF line ends', text: `${DATA}\r\n${OTHER_DATA}\r\n` },
    {
      what: 'one per line as JSON strings, as jq prints them without -r',
      text: `${JSON.stringify(DATA)}\n${JSON.stringify(OTHER_DATA)}\n`,
    },
  ];
  for (const shape of SHAPES) {
    it(`reads data strings ${shape.what}, each as its own event's data: every payload's events`, () => {
      const parsed = parseInput(shape.text, 'data.txt');
      assert.equal(parsed.kind, INPUT_KIND.awslogsData);
      assert.deepEqual(
        parsed.batches.map((b) => [b.source.logStream, b.events.map((e) => e.message)]),
        BOTH,
      );
    });
  }

  it('classifies the requests of every line, with no line unparsed (exit 0)', async () => {
    const run = await runCli(['classify', '--json'], { stdin: `${DATA}\n${OTHER_DATA}\n` });
    assert.equal(run.code, EXIT.analyzed, run.stderr);
    const failures = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { requestId: string; cause: string });
    assert.deepEqual(failures.map((f) => f.requestId).sort(), [ID, OTHER_ID]);
    assert.equal(run.stderr, '');
  });

  it('leaves out a line whose gzip is cut short, naming its line, and reads the others', async () => {
    const text = `${DATA}\n${OTHER_DATA.slice(0, OTHER_DATA.length >> 1)}\n`;
    const parsed = parseInput(text, 'data.txt');
    assert.deepEqual(
      parsed.batches.map((b) => b.source.logStream),
      [PAYLOAD.logStream],
    );
    assert.equal(parsed.unparsed?.length, 1);
    assert.match(
      parsed.skipped?.join('\n') ?? '',
      /^data\.txt line 2: awslogs\.data gzip stream is truncated/,
    );
  });

  it('reads lines wrapped at one width of at most 76 characters as one string, even where a line starts as gzip does', () => {
    // SYNTHETIC: base64 wrapped at 76 whose second line starts with H4sI by chance; no gzip of a
    // payload, so it is refused as one undecodable string, not as two.
    const text = `H4sI${'A'.repeat(72)}\nH4sI${'B'.repeat(72)}\nH4sIAA==\n`;
    assert.throws(
      () => parseInput(text, 'data.txt'),
      (error: Error) => /awslogs\.data/.test(error.message) && !/none of its/.test(error.message),
    );
  });
});
