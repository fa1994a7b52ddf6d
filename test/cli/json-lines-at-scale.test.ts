/**
 * JSON Lines of many lines: each line is one small payload, so an input of 200,000 lines makes
 * 200,000 batches, and spreading them into one call's arguments (`push(...batches)`) overflowed the
 * stack (an internal error, exit 1). And JSON Lines of more than 10,000 lines with one stray text line
 * (the shell prompt a terminal copy took) were refused as "more than 10,000 JSON documents one after
 * another", a limit made for pretty-printed documents, while up to 10,000 lines were read with the
 * stray line named.
 *
 * All payloads here are SYNTHETIC: subscription payloads (DATA_MESSAGE) of one event each, the
 * execution line in them shaped as /work/shared/corpus/S05-01.log's final line.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInput } from '../../cli/input';
import { InputError } from '../../cli/input-error';
import { EXIT } from '../../cli/main';
import { analyze } from '../../lambda/core/pipeline';
import { runCli } from './harness';

/** SYNTHETIC: request `i`'s id, as API Gateway writes one (a UUID). */
const idOf = (i: number) => `${i.toString(16).padStart(8, '0')}-39db-11e9-9c2e-5bd7c2de5998`;

/** SYNTHETIC: one subscription payload on one line, its one event request `i`'s final line. */
const payloadLine = (i: number, status: number) =>
  JSON.stringify({
    messageType: 'DATA_MESSAGE',
    owner: '1',
    logGroup: 'API-Gateway-Execution-Logs_uwe3g5jm54/Prod',
    logStream: 's',
    subscriptionFilters: ['f'],
    logEvents: [
      {
        id: `${i}`,
        timestamp: 1_700_000_000_000 + i,
        message: `(${idOf(i)}) Method completed with status: ${status}`,
      },
    ],
  });

/** `count` payload lines, every 50th a 502. */
const payloadLines = (count: number) =>
  Array.from({ length: count }, (_, i) => payloadLine(i, i % 50 === 0 ? 502 : 200));

/** What a terminal copy takes after `jq -c` output: the shell's prompt. */
const PROMPT = 'user@host:~$';

describe('JSON Lines of many lines', () => {
  it('reads 200,000 JSON Lines through the CLI without overflowing the stack', async () => {
    const lines = payloadLines(200_000);
    const started = performance.now();
    const run = await runCli(['classify', '--json', '-'], { stdin: `${lines.join('\n')}\n` });
    const ms = performance.now() - started;
    process.stderr.write(`200,000 JSON Lines classified in-process in ${Math.round(ms)} ms\n`);
    assert.equal(run.code, EXIT.analyzed, run.stderr);
    assert.equal(run.stdout.split('\n').filter((line) => line !== '').length, 4_000);
  });

  const ROWS: readonly {
    readonly what: string;
    readonly lines: readonly string[];
    readonly stray: number;
  }[] = [
    { what: '9,000 lines and the prompt after them', lines: [...payloadLines(9_000), PROMPT], stray: 9_001 },
    {
      what: '10,001 lines and the prompt after them',
      lines: [...payloadLines(10_001), PROMPT],
      stray: 10_002,
    },
    {
      what: '20,000 lines with the prompt among them',
      lines: [...payloadLines(20_000).slice(0, 12_000), PROMPT, ...payloadLines(20_000).slice(12_000)],
      stray: 12_001,
    },
  ];
  for (const row of ROWS) {
    it(`reads JSON Lines of ${row.what}, the stray line counted unparsed and named`, () => {
      const input = parseInput(row.lines.join('\n'), 'copy.jsonl');
      const analysis = analyze(input.batches);
      const payloads = row.lines.length - 1;
      assert.equal(analysis.stats.failed, Math.ceil(payloads / 50));
      assert.equal(analysis.unparsed.length, 1);
      assert.equal(analysis.unparsed[0]?.sample, PROMPT);
      assert.ok(
        (input.notes ?? []).some((note) => note.startsWith(`copy.jsonl line ${row.stray}`)),
        (input.notes ?? []).join('\n'),
      );
    });
  }

  const ABOVE: readonly { readonly what: string; readonly count: number }[] = [
    { what: '5,000', count: 5_000 },
    { what: '10,001', count: 10_001 },
  ];
  for (const row of ABOVE) {
    it(`reads ${row.what} JSON Lines under the \`$ cat\` line that printed them, that line counted unparsed`, () => {
      // SYNTHETIC command line, as a terminal copy takes it above the output.
      const command = '$ cat events.jsonl';
      const input = parseInput([command, ...payloadLines(row.count)].join('\n'), 'copy.jsonl');
      const analysis = analyze(input.batches);
      assert.equal(analysis.stats.failed, Math.ceil(row.count / 50));
      assert.equal(analysis.unparsed.length, 1);
      assert.equal(analysis.unparsed[0]?.sample, command);
    });
  }

  it('still refuses more than 10,000 pretty-printed documents one after another, among one-line ones too', () => {
    // Pretty-printed: each spans lines, as `aws logs filter-log-events` prints an output.
    const pretty = (i: number) => JSON.stringify(JSON.parse(payloadLine(i, 502)), null, 2);
    const text = [...payloadLines(100), ...Array.from({ length: 10_001 }, (_, i) => pretty(100 + i)), PROMPT];
    assert.throws(
      () => parseInput(text.join('\n'), 'pretty.json'),
      (error: unknown) =>
        error instanceof InputError && /more than 10,000 JSON documents/.test(error.message),
    );
    const fewer = [
      ...payloadLines(20_000),
      ...Array.from({ length: 10 }, (_, i) => pretty(20_000 + i)),
      PROMPT,
    ];
    assert.equal(analyze(parseInput(fewer.join('\n'), 'pretty.json').batches).stats.failed, 400 + 10);
  });
});
