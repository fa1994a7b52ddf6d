/**
 * What the analyzer's failure queue holds, read offline: Lambda's records of failed asynchronous
 * invocations, alone, as `aws sqs receive-message` prints them, or one per line.
 *
 * The record's shape (version, timestamp, requestContext {requestId, functionArn, condition,
 * approximateInvokeCount}, requestPayload, responseContext {statusCode, executedVersion,
 * functionError}, responsePayload {errorType, errorMessage, …}) is the one documented in
 * "Capturing records of Lambda asynchronous invocations",
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html. The shape of
 * `aws sqs receive-message` output (`{"Messages":[{"MessageId","ReceiptHandle","MD5OfBody","Body":
 * "<the record as a JSON string>","Attributes":…}]}`) is as printed in
 * https://gist.github.com/richardgrantserverless/fe347ba16633026cd9a11d5a6eaa222b (a real
 * destination record received from SQS). The ids, ARNs, times and error messages here are SYNTHETIC;
 * the log lines inside are REAL corpus lines (../shared/corpus S06-01.log, source
 * sakazuki/lambda-ngrok-architecture:NOTES.md; S02-01.log, source
 * https://github.com/DataBiosphere/azul/issues/7470).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { INPUT_KIND, InputError, parseInput } from '../../cli/input';
import { EXIT } from '../../cli/main';
import { checkPayload, DecodeError, decodeEvent } from '../../lambda/core/decode';
import { UNPARSED_REASON } from '../../lambda/core/types';
import { corpusFile, requireCorpus } from '../support/corpus';
import { runCli } from './harness';

const EXECUTION_GROUP = 'API-Gateway-Execution-Logs_abc123defg/prod';
const ACCESS_GROUP = 'apigw-access/prod';

function payload(logGroup: string, lines: readonly string[], first = 1_700_000_000_000) {
  return {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup,
    logStream: 'stream-1',
    subscriptionFilters: ['apigw-errors'],
    logEvents: lines.map((message, i) => ({ id: `${logGroup}#${i}`, timestamp: first + i, message })),
  };
}

/** A subscription Lambda event as CloudWatch Logs delivers it: base64 of the gzip of the payload. */
function subscriptionEvent(body: unknown) {
  return { awslogs: { data: gzipSync(JSON.stringify(body)).toString('base64') } };
}

/**
 * SYNTHETIC corruptions of a subscription event, one per way its `awslogs.data` can be wrong: not
 * base64, a gzip stream cut in half (a copy cut short), and gzip of text that is no subscription
 * payload (JSON of another shape, or no JSON at all).
 */
const CORRUPT_EVENTS = {
  'bad-base64': () => ({ awslogs: { data: '%%% not base64 %%%' } }),
  'truncated-gzip': (body: unknown) => {
    const gzip = gzipSync(JSON.stringify(body));
    return { awslogs: { data: gzip.subarray(0, gzip.length >> 1).toString('base64') } };
  },
  'bad-shape': () => ({ awslogs: { data: gzipSync('{"hello":"world"}').toString('base64') } }),
  'bad-json': () => ({ awslogs: { data: gzipSync('hello, world').toString('base64') } }),
} as const;

interface RecordOptions {
  readonly requestPayload?: unknown;
  readonly timestamp?: string;
  readonly requestId?: string;
  readonly condition?: string;
  readonly attempts?: number;
  readonly responsePayload?: unknown;
}

/** A SYNTHETIC on-failure record in the documented shape; `requestPayload: undefined` leaves the key out. */
function invocationRecord(options: RecordOptions): Record<string, unknown> {
  return {
    version: '1.0',
    timestamp: options.timestamp ?? '2026-11-25T10:15:31.075Z',
    requestContext: {
      requestId: options.requestId ?? 'c0ffee00-0000-4000-8000-000000000001',
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ApiErrorAnalyzer-Function:$LATEST',
      condition: options.condition ?? 'RetriesExhausted',
      approximateInvokeCount: options.attempts ?? 3,
    },
    ...('requestPayload' in options ? { requestPayload: options.requestPayload } : {}),
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: options.responsePayload ?? {
      errorType: 'ProvisionedThroughputExceededException',
      errorMessage: 'The level of configured provisioned throughput for the table was exceeded.',
      trace: ['ProvisionedThroughputExceededException: The level of configured provisioned throughput…'],
    },
  };
}

/** `aws sqs receive-message` output holding these bodies, one message each. */
function receiveMessageOutput(bodies: readonly unknown[]): string {
  return JSON.stringify(
    {
      Messages: bodies.map((body, i) => ({
        MessageId: `0e1f2a3b-0000-4000-8000-00000000000${i}`,
        ReceiptHandle: `AQEB${'x'.repeat(40)}${i}`,
        MD5OfBody: '332ed48526ab22a68a161b100f83a4bc',
        Body: JSON.stringify(body),
      })),
    },
    null,
    4,
  );
}

function corpusLines(file: string): Promise<string[]> {
  return readFile(corpusFile(file), 'utf8').then((text) => text.split('\n').filter((line) => line !== ''));
}

function messagesOf(batches: ReturnType<typeof parseInput>['batches']): string[] {
  return batches.flatMap((batch) => batch.events.map((event) => event.message));
}

const tempDirs: string[] = [];

after(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'apigw-records-'));
  tempDirs.push(dir);
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

interface JsonFailure {
  readonly requestId: string;
  readonly cause: string;
  readonly masked: boolean;
}

function verdicts(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JsonFailure)
    .map((f) => `${f.requestId} ${f.cause}${f.masked ? ' (masked)' : ''}`)
    .sort();
}

if (requireCorpus()) {
  describe('records of failed asynchronous invocations', () => {
    it('reads one record as the subscription event its requestPayload holds, and says why it failed', async () => {
      const lines = await corpusLines('S06-01.log');
      const record = invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, lines)) });
      const parsed = parseInput(JSON.stringify(record, null, 2), 'failed.json');
      assert.equal(parsed.kind, INPUT_KIND.invocationRecord);
      assert.deepEqual(messagesOf(parsed.batches), lines);
      assert.equal(parsed.batches[0]?.source.logGroup, EXECUTION_GROUP);
      assert.equal(parsed.skipped, undefined);
      assert.equal(parsed.notes?.length, 1);
      const [note] = parsed.notes ?? [];
      assert.match(note ?? '', /^failed\.json: /);
      assert.match(note ?? '', /2026-11-25T10:15:31\.075Z/);
      assert.match(note ?? '', /RetriesExhausted after 3 attempts/);
      assert.match(
        note ?? '',
        /ProvisionedThroughputExceededException: The level of configured provisioned throughput/,
      );
      assert.match(note ?? '', /c0ffee00-0000-4000-8000-000000000001/);
    });

    it('reads every message of aws sqs receive-message output, a dead-letter body of a bare event too', async () => {
      const execution = await corpusLines('S06-01.log');
      const access = await corpusLines('S02-01.log');
      const text = receiveMessageOutput([
        invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, execution)) }),
        invocationRecord({
          requestId: 'c0ffee00-0000-4000-8000-000000000002',
          condition: 'EventAgeExceeded',
          attempts: 1,
          requestPayload: subscriptionEvent(payload(ACCESS_GROUP, access)),
          responsePayload: { errorMessage: 'RequestId: c0ffee00 Error: Task timed out after 60.06 seconds' },
        }),
        // A dead-letter queue holds the event alone, without the record around it.
        subscriptionEvent(payload(ACCESS_GROUP, access, 1_700_000_100_000)),
      ]);
      const parsed = parseInput(text, 'failed.json');
      assert.equal(parsed.kind, INPUT_KIND.receiveMessage);
      assert.deepEqual(messagesOf(parsed.batches), [...execution, ...access, ...access]);
      const notes = parsed.notes ?? [];
      assert.equal(notes.length, 2, 'one note per record; the bare event has no why to tell');
      assert.match(notes[0] ?? '', /^failed\.json message 1: .*RetriesExhausted after 3 attempts/);
      assert.match(
        notes[1] ?? '',
        /^failed\.json message 2: .*EventAgeExceeded after 1 attempt\b.*Task timed out after 60\.06 seconds/,
      );
    });

    it("reads the bodies alone, as receive-message --query 'Messages[].Body' prints them", async () => {
      const execution = await corpusLines('S06-01.log');
      const access = await corpusLines('S02-01.log');
      const bodies = [
        invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, execution)) }),
        subscriptionEvent(payload(ACCESS_GROUP, access)),
      ].map((body) => JSON.stringify(body));
      const parsed = parseInput(JSON.stringify(bodies, null, 4), 'bodies.json');
      assert.equal(parsed.kind, INPUT_KIND.receiveMessage);
      assert.deepEqual(messagesOf(parsed.batches), [...execution, ...access]);
      assert.equal(parsed.notes?.length, 1);
      assert.match(parsed.notes?.[0] ?? '', /^bodies\.json message 1: .*RetriesExhausted after 3 attempts/);
    });

    it('keeps reading an array of log messages as messages when only some strings are records', async () => {
      const access = await corpusLines('S02-01.log');
      const record = JSON.stringify(
        invocationRecord({ requestPayload: subscriptionEvent(payload(ACCESS_GROUP, access)) }),
      );
      const parsed = parseInput(JSON.stringify([...access, record]), 'messages.json');
      assert.equal(parsed.kind, INPUT_KIND.messageArray);
      assert.deepEqual(messagesOf(parsed.batches), [...access, record]);
    });

    it('reads a Body that starts with a byte-order mark, as a file that does is read', async () => {
      // SYNTHETIC: an event file saved by Notepad (UTF-8 with BOM) and sent with
      // `aws sqs send-message --message-body file://event.json`; SQS keeps the mark in the Body.
      const lines = await corpusLines('S06-01.log');
      const record = invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, lines)) });
      const text = JSON.stringify({
        Messages: [
          { MessageId: 'm-1', ReceiptHandle: 'r-1', Body: `\uFEFF${JSON.stringify(record)}` },
          {
            MessageId: 'm-2',
            ReceiptHandle: 'r-2',
            Body: `\uFEFF${JSON.stringify(subscriptionEvent(payload(ACCESS_GROUP, lines)))}`,
          },
        ],
      });
      const parsed = parseInput(text, 'failed.json');
      assert.equal(parsed.skipped, undefined, JSON.stringify(parsed.skipped));
      assert.deepEqual(messagesOf(parsed.batches), [...lines, ...lines]);
      assert.equal(parsed.notes?.length, 1);
    });

    it('reads JSON Lines of records, one note per line', async () => {
      const execution = await corpusLines('S06-01.log');
      const access = await corpusLines('S02-01.log');
      const text = [
        invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, execution)) }),
        invocationRecord({ requestPayload: subscriptionEvent(payload(ACCESS_GROUP, access)) }),
      ]
        .map((record) => JSON.stringify(record))
        .join('\n');
      const parsed = parseInput(text, 'failed.jsonl');
      assert.equal(parsed.kind, INPUT_KIND.jsonLines);
      assert.deepEqual(messagesOf(parsed.batches), [...execution, ...access]);
      assert.deepEqual(
        (parsed.notes ?? []).map((note) => note.slice(0, note.indexOf(':'))),
        ['failed.jsonl line 1', 'failed.jsonl line 2'],
      );
    });

    it('names a record whose requestPayload is no subscription event, or missing, and reads the others', async () => {
      const execution = await corpusLines('S06-01.log');
      const text = receiveMessageOutput([
        invocationRecord({ requestPayload: { Success: false } }),
        invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, execution)) }),
        invocationRecord({ requestId: 'c0ffee00-0000-4000-8000-00000000000f' }),
      ]);
      const parsed = parseInput(text, 'failed.json');
      assert.deepEqual(messagesOf(parsed.batches), execution);
      const skipped = parsed.skipped ?? [];
      assert.equal(skipped.length, 2);
      assert.match(skipped[0] ?? '', /^failed\.json message 1: .*requestPayload is not a subscription event/);
      assert.match(skipped[1] ?? '', /^failed\.json message 3: .*has no requestPayload/);
      assert.equal((parsed.notes ?? []).length, 3, 'the why of every failed delivery is told still');
    });

    it('counts unparsed each record without a subscription event and each Body that is neither, as it counts an undecodable one', async () => {
      const execution = await corpusLines('S06-01.log');
      const good = invocationRecord({
        requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, execution)),
      });
      // SYNTHETIC: a Body someone sent to the queue by hand, neither a record nor an event.
      const stray = { hello: 'world' };
      const text = receiveMessageOutput([
        invocationRecord({ requestPayload: { Success: false } }),
        good,
        invocationRecord({ requestId: 'c0ffee00-0000-4000-8000-00000000000f' }),
        stray,
      ]);
      const parsed = parseInput(text, 'failed.json');
      assert.deepEqual(messagesOf(parsed.batches), execution);
      assert.equal((parsed.skipped ?? []).length, 3, JSON.stringify(parsed.skipped));
      const unparsed = parsed.unparsed ?? [];
      assert.equal(unparsed.length, 3, 'every message left out is counted');
      assert.deepEqual(
        unparsed.map((line) => line.reason),
        [
          UNPARSED_REASON.noSubscriptionEvent,
          UNPARSED_REASON.noSubscriptionEvent,
          UNPARSED_REASON.noSubscriptionEvent,
        ],
      );
      assert.deepEqual(
        unparsed.map((line) => line.source?.name),
        ['failed.json', 'failed.json', 'failed.json'],
      );
      assert.match(unparsed[0]?.detail ?? '', /^message 1: .*requestPayload is not a subscription event/);
      assert.match(unparsed[1]?.detail ?? '', /^message 3: .*has no requestPayload/);
      assert.match(unparsed[2]?.detail ?? '', /^message 4: its Body is neither/);
      assert.equal(unparsed[2]?.sample, JSON.stringify(stray));

      const unparsedOf = (stdout: string): number => Number(/(\d+) unparsed lines?/.exec(stdout)?.[1]);
      const report = await runCli(['classify', await tempFile('partly.json', text)]);
      const whole = await runCli(['classify', await tempFile('whole.json', receiveMessageOutput([good]))]);
      assert.equal(report.code, EXIT.analyzed, report.stderr);
      assert.equal(unparsedOf(report.stdout), unparsedOf(whole.stdout) + 3, report.stdout);
    });

    it('gives each message left out a detail of where in the file and why, and the start of what it held as its sample', () => {
      const execution = ['(a) Method completed with status: 200'];
      // SYNTHETIC: a record whose requestPayload is no subscription event, a long hand-sent Body,
      // and a dead-letter queue's bare event whose awslogs.data does not decode, long too.
      const long = 'x'.repeat(5000);
      const text = receiveMessageOutput([
        invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, execution)) }),
        invocationRecord({ requestPayload: { Success: false } }),
        { note: long },
        { awslogs: { data: `%%%${long}` } },
      ]);
      const unparsed = parseInput(text, 'failed.json').unparsed ?? [];
      assert.deepEqual(
        unparsed.map((line) => (line.detail ?? '').replace(/:.*/, '')),
        ['message 2', 'message 3', 'message 4 (MessageId 0e1f2a3b-0000-4000-8000-000000000003)'],
        'where in the file, without its name (the report names the file)',
      );
      assert.ok(
        unparsed.every((line) => !(line.detail ?? '').endsWith('; left out')),
        JSON.stringify(unparsed.map((line) => line.detail)),
      );
      // A record's sample is its requestPayload; an event's is its awslogs.data: what was written.
      assert.equal(unparsed[0]?.sample, JSON.stringify({ Success: false }));
      assert.equal(unparsed[1]?.sample, JSON.stringify({ note: long }).slice(0, 200));
      assert.equal(unparsed[2]?.sample, `%%%${long}`.slice(0, 200));
    });

    it('refuses a file holding only an undecodable event with the hint for awslogs.data, and only an undecodable payload with the hint for a payload', () => {
      // SYNTHETIC: a Lambda event whose awslogs.data is not base64; a decoded payload whose event has no message.
      const hintOf = (text: string): string => {
        try {
          parseInput(text, 'bad.json');
        } catch (error) {
          if (error instanceof InputError) return error.hint;
        }
        return 'not refused';
      };
      assert.match(hintOf(JSON.stringify(CORRUPT_EVENTS['bad-base64']())), /^awslogs\.data must be base64/);
      assert.match(
        hintOf(
          JSON.stringify({
            messageType: 'DATA_MESSAGE',
            logGroup: EXECUTION_GROUP,
            logStream: 's',
            logEvents: [{ id: '1', timestamp: 1 }],
          }),
        ),
        /^a decoded payload needs messageType/,
      );
    });

    it('names and counts once a record without a subscription event, or a bare event that does not decode, received twice', () => {
      // SYNTHETIC: receive-message output saved with >> twice.
      for (const body of [invocationRecord({}), CORRUPT_EVENTS['bad-base64']()]) {
        const output = receiveMessageOutput([
          invocationRecord({
            requestPayload: subscriptionEvent(
              payload(EXECUTION_GROUP, ['(a) Method completed with status: 200']),
            ),
          }),
          body,
        ]);
        const twice = parseInput(`${output}\n${output}\n`, 'failed.json');
        assert.equal((twice.skipped ?? []).length, 1, JSON.stringify(twice.skipped));
        assert.equal((twice.unparsed ?? []).length, 1);
      }
    });

    it('refuses a queue of records none of which holds a subscription event, naming each (exit 2)', async () => {
      const path = await tempFile(
        'failed.json',
        receiveMessageOutput([invocationRecord({ requestPayload: { Success: false } })]),
      );
      const result = await runCli(['classify', path]);
      assert.equal(result.code, EXIT.cannotRun);
      assert.match(
        result.stderr,
        /apigw-errors: skipped: .*message 1: .*requestPayload is not a subscription event/,
      );
      assert.match(result.stderr, /holds no log events \(read as aws sqs receive-message output\)/);
    });

    it('writes the why of each failed delivery on stderr, cut short, on one line', async () => {
      const execution = await corpusLines('S06-01.log');
      const long = `line one\nline two\u001b[2J ${'x'.repeat(2000)}`;
      const path = await tempFile(
        'failed.json',
        JSON.stringify(
          invocationRecord({
            requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, execution)),
            responsePayload: { errorType: 'Error', errorMessage: long },
          }),
        ),
      );
      const result = await runCli(['classify', '--json', path]);
      assert.equal(result.code, EXIT.analyzed, result.stderr);
      const noteLine = result.stderr.split('\n').find((line) => line.includes('RetriesExhausted'));
      assert.ok(noteLine, result.stderr);
      assert.match(noteLine, /^apigw-errors: .*failed\.json: .*Error: line one line two \[2J x+…$/);
      assert.ok(noteLine.length < 400, `cut short: ${noteLine.length} characters`);
      assert.ok(!result.stderr.includes('\u001b'), 'no terminal escape from the record reaches stderr');
    });

    it("cuts the function's error without leaving half of an emoji", () => {
      // SYNTHETIC: the emoji's UTF-16 pair straddles the 200th character.
      const record = invocationRecord({
        requestPayload: subscriptionEvent(
          payload(EXECUTION_GROUP, ['(x) Method completed with status: 200']),
        ),
        responsePayload: { errorMessage: `${'x'.repeat(199)}\u{1F600} after` },
      });
      const [note = ''] = parseInput(JSON.stringify(record), 'failed.json').notes ?? [];
      assert.match(note, /x{199}…$/);
      assert.doesNotMatch(note, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, 'no lone high surrogate');
    });

    it('finds the same causes in records from the queue as in the same lines given raw', async () => {
      const execution = await corpusLines('S06-01.log');
      const access = await corpusLines('S02-01.log');
      const raw = await runCli(['classify', '--json', corpusFile('S06-01.log'), corpusFile('S02-01.log')]);
      const queued = await tempFile(
        'failed.json',
        receiveMessageOutput([
          invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, execution)) }),
          invocationRecord({ requestPayload: subscriptionEvent(payload(ACCESS_GROUP, access)) }),
        ]),
      );
      const fromQueue = await runCli(['classify', '--json', queued]);
      assert.equal(raw.code, EXIT.analyzed, raw.stderr);
      assert.equal(fromQueue.code, EXIT.analyzed, fromQueue.stderr);
      assert.ok(verdicts(raw.stdout).length >= 2, raw.stdout);
      assert.deepEqual(verdicts(fromQueue.stdout), verdicts(raw.stdout));
    });

    it('counts a message received twice (receive-message saved with >> twice) once, and tells why it failed once', async () => {
      const execution = await corpusLines('S06-01.log');
      const output = receiveMessageOutput([
        invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, execution)) }),
      ]);
      const once = await runCli(['classify', '--json', await tempFile('once.json', `${output}\n`)]);
      const twice = await runCli([
        'classify',
        '--json',
        await tempFile('twice.json', `${output}\n${output}\n`),
      ]);
      assert.equal(twice.code, EXIT.analyzed, twice.stderr);
      assert.ok(verdicts(once.stdout).length >= 1, once.stdout);
      assert.deepEqual(verdicts(twice.stdout), verdicts(once.stdout));
      const notes = (stderr: string) =>
        stderr.split('\n').filter((line) => line.includes('RetriesExhausted'));
      assert.equal(notes(once.stderr).length, 1, once.stderr);
      assert.equal(notes(twice.stderr).length, 1, twice.stderr);
      assert.match(
        notes(twice.stderr)[0] ?? '',
        /twice\.json document 1 message 1: /,
        'named where it is first',
      );
      // Two messages of their own, with ids of their own, are two failed deliveries, each told.
      const other = output.replace(/0e1f2a3b-0000-4000-8000-000000000000/g, 'another-message-id');
      assert.notEqual(other, output);
      const distinct = await runCli([
        'classify',
        '--json',
        await tempFile('distinct.json', `${output}\n${other}\n`),
      ]);
      assert.equal(notes(distinct.stderr).length, 2, distinct.stderr);
    });
    it('names and counts a message left out once when it was received twice, as a good one is counted once', async () => {
      const execution = await corpusLines('S06-01.log');
      const output = receiveMessageOutput([
        invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, execution)) }),
        invocationRecord({ requestPayload: CORRUPT_EVENTS['bad-base64']() }),
        // SYNTHETIC: a Body sent to the queue by hand, neither a record nor an event.
        { hello: 'world' },
      ]);
      const once = parseInput(`${output}\n`, 'failed.json');
      const twice = parseInput(`${output}\n${output}\n`, 'failed.json');
      assert.equal((once.skipped ?? []).length, 2, JSON.stringify(once.skipped));
      assert.equal((once.unparsed ?? []).length, 2);
      assert.equal((twice.skipped ?? []).length, (once.skipped ?? []).length, JSON.stringify(twice.skipped));
      assert.deepEqual(
        (twice.unparsed ?? []).map((line) => line.reason),
        (once.unparsed ?? []).map((line) => line.reason),
      );
      // Two messages of their own, with ids of their own, are two.
      const other = receiveMessageOutput([
        invocationRecord({ requestPayload: CORRUPT_EVENTS['bad-base64']() }),
      ]);
      const distinct = parseInput(
        `${output}\n${other.replace(/0e1f2a3b-0000-4000-8000-000000000000/g, 'another-message-id')}\n`,
        'failed.json',
      );
      assert.equal((distinct.unparsed ?? []).length, 3);
    });

    it('says a file of one corrupt message received twice holds one payload that does not decode', () => {
      const output = receiveMessageOutput([
        invocationRecord({ requestPayload: CORRUPT_EVENTS['bad-base64']() }),
      ]);
      assert.throws(
        () => parseInput(`${output}\n${output}\n`, 'failed.json'),
        (error: unknown) =>
          error instanceof InputError &&
          !/none of its/.test(error.message) &&
          (error.unparsed ?? []).length === 1,
      );
    });

    it("names stdin's places among other inputs as a file's are named, without the `-` argument", async () => {
      const execution = await corpusLines('S06-01.log');
      const inputs = {
        // A record (its failure note), a Body that is neither a record nor an event, and a corrupt
        // payload (skipped: lines and unparsed samples).
        'receive-message output': receiveMessageOutput([
          invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, execution)) }),
          // SYNTHETIC: a Body sent to the queue by hand.
          { hello: 'world' },
          invocationRecord({ requestPayload: CORRUPT_EVENTS['bad-base64']() }),
        ]),
        // Refused whole: its second line is no JSON output this reader knows (SYNTHETIC).
        'JSON Lines with a stranger on line 2': `${JSON.stringify(subscriptionEvent(payload(EXECUTION_GROUP, execution)))}\n{"hello":"world"}\n`,
      };
      for (const [kind, text] of Object.entries(inputs)) {
        const file = await tempFile('queue.json', text);
        const fromFile = await runCli(['classify', '--json', corpusFile('S02-01.log'), file]);
        const fromStdin = await runCli(['classify', '--json', corpusFile('S02-01.log'), '-'], {
          stdin: text,
        });
        assert.equal(fromStdin.code, EXIT.analyzed, fromStdin.stderr);
        assert.match(fromStdin.stderr, /stdin (message|line) \d/, kind);
        assert.equal(fromStdin.stderr, fromFile.stderr.split(file).join('stdin'), kind);
      }
    });

    describe('a file of several payloads, one of which does not decode', () => {
      /** What the decoder says of a corrupt payload, as the line naming it must say it. */
      function decoderSays(read: () => unknown): string {
        try {
          read();
        } catch (error) {
          if (error instanceof DecodeError) return `${error.message} [${error.code}]`;
          throw error;
        }
        throw new Error('the payload decoded');
      }

      interface PartlyBadCase {
        readonly kind: string;
        /** The input, its second payload the corrupt one; the first and third hold these lines. */
        readonly text: (first: readonly string[], third: readonly string[]) => string;
        readonly inputKind: string;
        /** Where the bad payload is, after the file's name. */
        readonly where: string;
        readonly says: string;
      }

      const execution = payload(EXECUTION_GROUP, ['(x) placeholder']);
      const CASES: readonly PartlyBadCase[] = [
        {
          kind: 'aws sqs receive-message output (a record, a corrupt record, a bare event)',
          text: (first, third) =>
            receiveMessageOutput([
              invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, first)) }),
              invocationRecord({ requestPayload: CORRUPT_EVENTS['truncated-gzip'](execution) }),
              subscriptionEvent(payload(ACCESS_GROUP, third)),
            ]),
          inputKind: INPUT_KIND.receiveMessage,
          where: 'message 2 requestPayload',
          says: decoderSays(() => decodeEvent(CORRUPT_EVENTS['truncated-gzip'](execution))),
        },
        {
          kind: "the bodies alone (receive-message --query 'Messages[].Body')",
          text: (first, third) =>
            JSON.stringify(
              [
                invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, first)) }),
                CORRUPT_EVENTS['bad-base64'](),
                invocationRecord({ requestPayload: subscriptionEvent(payload(ACCESS_GROUP, third)) }),
              ].map((body) => JSON.stringify(body)),
            ),
          inputKind: INPUT_KIND.receiveMessage,
          where: 'message 2',
          says: decoderSays(() => decodeEvent(CORRUPT_EVENTS['bad-base64']())),
        },
        {
          kind: 'JSON Lines of records',
          text: (first, third) =>
            [
              invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, first)) }),
              invocationRecord({ requestPayload: CORRUPT_EVENTS['bad-shape']() }),
              invocationRecord({ requestPayload: subscriptionEvent(payload(ACCESS_GROUP, third)) }),
            ]
              .map((record) => JSON.stringify(record))
              .join('\n'),
          inputKind: INPUT_KIND.jsonLines,
          where: 'line 2 requestPayload',
          says: decoderSays(() => decodeEvent(CORRUPT_EVENTS['bad-shape']())),
        },
        {
          kind: 'JSON Lines of Lambda subscription events',
          text: (first, third) =>
            [
              subscriptionEvent(payload(EXECUTION_GROUP, first)),
              CORRUPT_EVENTS['bad-json'](),
              subscriptionEvent(payload(ACCESS_GROUP, third)),
            ]
              .map((event) => JSON.stringify(event))
              .join('\n'),
          inputKind: INPUT_KIND.jsonLines,
          where: 'line 2',
          says: decoderSays(() => decodeEvent(CORRUPT_EVENTS['bad-json']())),
        },
        {
          kind: 'JSON Lines of decoded payloads',
          text: (first, third) =>
            [
              payload(EXECUTION_GROUP, first),
              { ...execution, logEvents: [{ id: 'no-message', timestamp: 1 }] },
              payload(ACCESS_GROUP, third),
            ]
              .map((body) => JSON.stringify(body))
              .join('\n'),
          inputKind: INPUT_KIND.jsonLines,
          where: 'line 2',
          says: decoderSays(() =>
            checkPayload({ ...execution, logEvents: [{ id: 'no-message', timestamp: 1 }] }),
          ),
        },
        {
          kind: 'Lambda subscription events saved one after another, pretty-printed',
          text: (first, third) =>
            [
              subscriptionEvent(payload(EXECUTION_GROUP, first)),
              CORRUPT_EVENTS['truncated-gzip'](execution),
              subscriptionEvent(payload(ACCESS_GROUP, third)),
            ]
              .map((event) => JSON.stringify(event, null, 2))
              .join('\n'),
          inputKind: INPUT_KIND.lambdaEvent,
          where: 'document 2',
          says: decoderSays(() => decodeEvent(CORRUPT_EVENTS['truncated-gzip'](execution))),
        },
        {
          kind: 'receive-message output saved with >> three times',
          text: (first, third) =>
            [
              receiveMessageOutput([
                invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, first)) }),
              ]),
              receiveMessageOutput([invocationRecord({ requestPayload: CORRUPT_EVENTS['bad-base64']() })]),
              receiveMessageOutput([
                invocationRecord({ requestPayload: subscriptionEvent(payload(ACCESS_GROUP, third)) }),
              ]),
            ].join('\n'),
          inputKind: INPUT_KIND.receiveMessage,
          where: 'document 2 message 1 requestPayload',
          says: decoderSays(() => decodeEvent(CORRUPT_EVENTS['bad-base64']())),
        },
      ];

      for (const c of CASES) {
        it(`reads the good payloads of ${c.kind}, and names and counts the bad one`, async () => {
          const first = await corpusLines('S06-01.log');
          const third = await corpusLines('S02-01.log');
          const parsed = parseInput(c.text(first, third), 'failed.json');
          assert.equal(parsed.kind, c.inputKind);
          assert.deepEqual(messagesOf(parsed.batches), [...first, ...third]);
          const skipped = parsed.skipped ?? [];
          assert.equal(skipped.length, 1, JSON.stringify(skipped));
          assert.ok(
            (skipped[0] ?? '').startsWith(`failed.json ${c.where}`),
            `names the file and the payload's place: ${skipped[0]}`,
          );
          assert.ok((skipped[0] ?? '').includes(c.says), `says what the decoder said: ${skipped[0]}`);
          assert.doesNotMatch(skipped[0] ?? '', /\n/);
          const unparsed = parsed.unparsed ?? [];
          assert.equal(unparsed.length, 1, 'the bad payload is counted');
          assert.equal(unparsed[0]?.reason, UNPARSED_REASON.undecodablePayload);
          assert.ok((unparsed[0]?.detail ?? '').includes(c.says), unparsed[0]?.detail);
        });
      }

      it("names a bad message's SQS MessageId", async () => {
        const lines = await corpusLines('S06-01.log');
        const parsed = parseInput(
          receiveMessageOutput([
            invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, lines)) }),
            invocationRecord({ requestPayload: CORRUPT_EVENTS['bad-base64']() }),
          ]),
          'failed.json',
        );
        const [line = ''] = parsed.skipped ?? [];
        // receiveMessageOutput numbers its messages' ids from 0: the second is …01.
        assert.match(
          line,
          /^failed\.json message 2 requestPayload .*MessageId 0e1f2a3b-0000-4000-8000-000000000001\b/,
        );
      });

      it("keeps a bad payload's line one line, naming where its JSON breaks and quoting none of its text", async () => {
        // SYNTHETIC: gzip of text that is no JSON, holding a line break and a screen-clearing escape,
        // which V8's own JSON error would quote.
        const lines = await corpusLines('S06-01.log');
        const path = await tempFile(
          'events.jsonl',
          [
            subscriptionEvent(payload(EXECUTION_GROUP, lines)),
            { awslogs: { data: gzipSync('hello,\nworld\u001b[2J').toString('base64') } },
          ]
            .map((event) => JSON.stringify(event))
            .join('\n'),
        );
        const result = await runCli(['classify', path]);
        assert.equal(result.code, EXIT.analyzed, result.stderr);
        assert.ok(!result.stderr.includes('\u001b'), 'no terminal escape from the file reaches stderr');
        const skipped = result.stderr.split('\n').filter((line) => line.includes('skipped:'));
        assert.equal(skipped.length, 1, result.stderr);
        assert.match(
          skipped[0] ?? '',
          /events\.jsonl line 2: awslogs\.data is gzip but not JSON: expected a value, found a letter at position 0 of 16 \[bad-json\]; left out$/,
        );
      });

      it('refuses, in one line, a file none of whose payloads decodes', () => {
        const text = receiveMessageOutput([
          invocationRecord({ requestPayload: CORRUPT_EVENTS['bad-base64']() }),
          invocationRecord({ requestPayload: CORRUPT_EVENTS['bad-json']() }),
        ]);
        assert.throws(
          () => parseInput(text, 'failed.json'),
          (error: unknown) =>
            error instanceof InputError &&
            /^failed\.json message 1 requestPayload \(MessageId [^)]+\): /.test(error.message) &&
            error.message.includes(decoderSays(() => decodeEvent(CORRUPT_EVENTS['bad-base64']()))) &&
            /none of its 2 subscription payloads decodes/.test(error.message),
        );
      });

      it('exits 0 with the good payloads analysed, the bad one on stderr and counted unparsed in the report', async () => {
        const execution = await corpusLines('S06-01.log');
        const access = await corpusLines('S02-01.log');
        const good = [
          invocationRecord({ requestPayload: subscriptionEvent(payload(EXECUTION_GROUP, execution)) }),
          subscriptionEvent(payload(ACCESS_GROUP, access)),
        ];
        const bad = invocationRecord({
          requestId: 'c0ffee00-0000-4000-8000-0000000000bd',
          requestPayload: CORRUPT_EVENTS['truncated-gzip'](payload(ACCESS_GROUP, access)),
        });
        const partly = await tempFile('partly.json', receiveMessageOutput([good[0], bad, good[1]]));
        const whole = await tempFile('whole.json', receiveMessageOutput(good));
        const json = await runCli(['classify', '--json', partly]);
        const wholeJson = await runCli(['classify', '--json', whole]);
        assert.equal(json.code, EXIT.analyzed, json.stderr);
        assert.ok(verdicts(wholeJson.stdout).length >= 1, wholeJson.stdout);
        assert.deepEqual(verdicts(json.stdout), verdicts(wholeJson.stdout));
        const skippedLines = json.stderr.split('\n').filter((line) => line.includes('skipped:'));
        assert.equal(skippedLines.length, 1, json.stderr);
        assert.match(skippedLines[0] ?? '', /partly\.json message 2 requestPayload .*\[truncated-gzip\]/);
        assert.equal(
          json.stderr.split('\n').filter((line) => line.includes('RetriesExhausted')).length,
          2,
          'the why of each failed delivery is told still, the bad one too',
        );
        const unparsedOf = (stdout: string): number => Number(/(\d+) unparsed lines?/.exec(stdout)?.[1]);
        const report = await runCli(['classify', partly]);
        const wholeReport = await runCli(['classify', whole]);
        assert.equal(report.code, EXIT.analyzed, report.stderr);
        assert.equal(unparsedOf(report.stdout), unparsedOf(wholeReport.stdout) + 1, report.stdout);
        assert.match(
          report.stderr,
          new RegExp(`1 × ${UNPARSED_REASON.undecodablePayload.replace(/[()]/g, '\\$&')}`),
        );
      });

      it('exits 2 with one line on stderr when no payload of the file decodes', async () => {
        const path = await tempFile(
          'failed.json',
          receiveMessageOutput([
            invocationRecord({
              requestPayload: CORRUPT_EVENTS['truncated-gzip'](payload(ACCESS_GROUP, ['x'])),
            }),
            invocationRecord({ requestPayload: CORRUPT_EVENTS['bad-shape']() }),
          ]),
        );
        const result = await runCli(['classify', path]);
        assert.equal(result.code, EXIT.cannotRun);
        assert.equal(result.stdout, '');
        const lines = result.stderr.split('\n').filter((line) => line !== '');
        assert.equal(lines.length, 1, result.stderr);
        assert.match(
          lines[0] ?? '',
          /^apigw-errors: .*failed\.json message 1 requestPayload .*\[truncated-gzip\]/,
        );
      });
    });
  });
}
