/**
 * A whole JSON export with more after it in one input: a terminal copy that took the shell prompt
 * after the output, two exports saved with `>>` whose second was cut short. Read as raw text, the
 * first export's structure was counted unparsed and its events lost, with exit 0 and no word of it.
 *
 * Every input here is SYNTHETIC (the lines in the shapes of /work/shared/corpus S06-01.log and S02-01.log).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INPUT_KIND, parseInput } from '../../cli/input';
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

const MESSAGES = [`(${ID}) Execution failed due to a timeout error`, EXECUTION_LINE, ACCESS_LINE];

const EVENTS = MESSAGES.map((message, i) => ({
  logStreamName: STREAM,
  timestamp: T0 + i,
  message,
  ingestionTime: T0 + i + 40,
  eventId: `3700000000000000000000000000000000000000000000000000000${i}`,
}));

/** The AWS CLI's JSON output: indented by four, ended by a line break. */
const pretty = (value: unknown): string => `${JSON.stringify(value, null, 4)}\n`;
const EXPORT = pretty({ events: EVENTS, searchedLogStreams: [{ logStreamName: STREAM }] });
const MESSAGE_ARRAY = pretty(MESSAGES);
/** Where a copy or a download stopped. */
const cut = (text: string, share = 0.6): string => text.slice(0, Math.floor(text.length * share));
const linesOf = (text: string): string[] => text.split('\n').filter((line) => line !== '');

/** The causes --json reports, by request id. */
function causes(stdout: string): string[][] {
  return linesOf(stdout).map((line) => {
    const failure = JSON.parse(line) as { requestId: string; cause: string };
    return [failure.requestId, failure.cause];
  });
}

const BOTH_FAILURES = [
  ['synthetic-1', 'not-found.route'],
  [ID, 'timeout.integration'],
];

describe('a whole JSON export with text after it', () => {
  const AFTER: readonly {
    readonly what: string;
    readonly text: string;
    readonly kind: string;
    readonly events: number;
    /** The line the note names as where the text after the documents starts. */
    readonly from: number;
    readonly unparsed: number;
  }[] = [
    {
      what: 'a filter-log-events export, then the shell prompt a terminal copy took',
      text: `${EXPORT}$ `,
      kind: INPUT_KIND.filterLogEvents,
      events: 3,
      from: EXPORT.split('\n').length,
      unparsed: 1,
    },
    {
      what: 'a filter-log-events export, then a sentence and a PowerShell prompt',
      text: `${EXPORT}That was the first page.\r\nPS C:\\Users\\me> `,
      kind: INPUT_KIND.filterLogEvents,
      events: 3,
      from: EXPORT.split('\n').length,
      unparsed: 2,
    },
    {
      what: 'two exports one after another, then the prompt',
      text: `${EXPORT}${EXPORT}$ `,
      kind: INPUT_KIND.filterLogEvents,
      events: 6,
      from: 2 * EXPORT.split('\n').length - 1,
      unparsed: 1,
    },
    {
      what: "filter-log-events --query 'events[].message' output, then the prompt",
      text: `${MESSAGE_ARRAY}$ `,
      kind: INPUT_KIND.messageArray,
      events: 3,
      from: MESSAGE_ARRAY.split('\n').length,
      unparsed: 1,
    },
  ];
  for (const input of AFTER) {
    it(`reads ${input.what}: every event of the documents, the text after them counted unparsed`, async () => {
      const parsed = parseInput(input.text, 'copy.txt');
      assert.equal(parsed.kind, input.kind);
      const messages = parsed.batches.flatMap((b) => b.events.map((e) => e.message));
      assert.deepEqual(messages.slice(0, input.events), [...MESSAGES, ...MESSAGES].slice(0, input.events));

      const run = await runCli(['classify', '--json'], { stdin: input.text });
      assert.equal(run.code, EXIT.analyzed, run.stderr);
      assert.deepEqual(causes(run.stdout), BOTH_FAILURES);
      const summary = await runCli(['classify'], { stdin: input.text });
      assert.match(
        summary.stdout,
        new RegExp(
          `^${input.events + input.unparsed} log events, 2 requests, 2 failed, ${input.unparsed} unparsed lines?$`,
          'm',
        ),
      );
    });

    it(`says on stderr where the text after the JSON starts in ${input.what}`, async () => {
      const run = await runCli(['classify'], { stdin: input.text });
      assert.match(
        run.stderr,
        new RegExp(`^apigw-errors: stdin line ${input.from} on follows the JSON .*; read as log text$`, 'm'),
      );
    });
  }

  it('reads a second export after the prompt and the command a terminal copy of two runs holds', async () => {
    const copy = `${EXPORT}$ aws logs filter-log-events --log-group-name x\n${EXPORT}$ `;
    const parsed = parseInput(copy, 'copy.txt');
    assert.equal(parsed.batches.flatMap((b) => b.events).length, 6 + 2);
    const run = await runCli(['classify'], { stdin: copy });
    assert.equal(run.code, EXIT.analyzed, run.stderr);
    assert.match(run.stdout, /^8 log events, 2 requests, 2 failed, 2 unparsed lines$/m);
  });

  it('refuses a whole export followed by the same export cut short, saying which document looks cut (exit 2)', async () => {
    const text = `${EXPORT}${cut(EXPORT)}`;
    const run = await runCli(['classify'], { stdin: text });
    assert.equal(run.code, EXIT.cannotRun, run.stdout);
    const lines = linesOf(run.stderr);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(
      lines[0] ?? '',
      new RegExp(
        `^apigw-errors: stdin: filter-log-events or get-log-events output \\(document 2, from line ${EXPORT.split('\n').length}\\) whose JSON ends mid-value .*looks cut short`,
      ),
    );
  });

  it('refuses a cut export after the prompt that ended the whole one before it (exit 2)', async () => {
    const run = await runCli(['classify'], { stdin: `${EXPORT}$ \n${cut(EXPORT)}` });
    assert.equal(run.code, EXIT.cannotRun, run.stdout);
    assert.match(
      run.stderr,
      /filter-log-events or get-log-events output .*whose JSON ends mid-value.*looks cut short/,
    );
  });

  it("keeps an application's line opening with a list of strings as text after an export, whole or not", async () => {
    for (const line of [
      '["alpha","beta"] were dropped from the cache',
      '["alpha", "beta" not closed either',
    ]) {
      const run = await runCli(['classify'], { stdin: `${EXPORT}$ tail app.log\n${line}\n` });
      assert.equal(run.code, EXIT.analyzed, run.stderr);
      assert.match(run.stdout, /^5 log events, 2 requests, 2 failed, 2 unparsed lines$/m, line);
    }
  });

  it('reads an export printed indented after text as a document of its own', () => {
    const indented = EXPORT.split('\n')
      .map((line) => (line === '' ? line : `    ${line}`))
      .join('\n');
    const parsed = parseInput(`${EXPORT}Then the next page:\n${indented}`, 'copy.txt');
    const messages = parsed.batches.flatMap((b) => b.events.map((e) => e.message));
    assert.deepEqual(messages.slice(0, 6), [...MESSAGES, ...MESSAGES]);
  });

  it('reads text whose first value is no export as before: JSON access lines and a sentence after them', () => {
    const text = `${ACCESS_LINE}\n${ACCESS_LINE.replace('synthetic-1', 'synthetic-2')}\nThat was all.\n`;
    const parsed = parseInput(text, 'copy.txt');
    assert.equal(parsed.kind, INPUT_KIND.rawText);
    assert.equal(parsed.notes, undefined);
  });
});
