/**
 * A run over several inputs (FILE arguments, a directory, a glob of daily exports) one of which is
 * refused for what it holds: that input is left out, named on a `skipped:` line and counted unparsed,
 * and the others are analysed (exit 0). An input that cannot be opened stays a usage-level exit 2,
 * and so does a run none of whose inputs can be read.
 *
 * Every log line and input here is SYNTHETIC (the access line in the shape of
 * /work/shared/corpus/S02-01.log).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { EXIT } from '../../cli/main';
import { UNPARSED_REASON } from '../../lambda/core/types';
import { runCli } from './harness';

let dir = '';
const path = (...parts: string[]) => join(dir, ...parts);

// SYNTHETIC: one failed request.
const ACCESS_LINE =
  '{"requestId": "synthetic-1", "status": "403", "error_responseType": "MISSING_AUTHENTICATION_TOKEN", "error_message": "Missing Authentication Token"}';

/** SYNTHETIC inputs refused whole for what they hold, one per InputError the reader throws on content. */
const REFUSED: readonly {
  readonly what: string;
  readonly file: string;
  readonly bytes: () => Buffer | string;
}[] = [
  {
    what: 'a gzip file cut short',
    file: 'cut.gz',
    bytes: () => {
      const gzip = gzipSync(`${ACCESS_LINE}\n`.repeat(20));
      return gzip.subarray(0, gzip.length >> 1);
    },
  },
  {
    what: 'a binary file',
    file: 'random.bin',
    bytes: () => Buffer.from([0x41, 0x0a, 0x9f, 0x00, 0x17, 0x00]),
  },
  {
    what: 'a Lambda event whose awslogs.data does not decode',
    file: 'bad-event.json',
    bytes: () => JSON.stringify({ awslogs: { data: 'not base64!!' } }),
  },
  {
    what: 'a Logs Insights table of statistics',
    file: 'stats.md',
    bytes: () => '| status | count(*) |\n| --- | --- |\n| 502 | 17 |\n',
  },
  {
    what: 'Logs Insights results saved while the query was still Running',
    file: 'running.json',
    bytes: () =>
      JSON.stringify({ results: [[{ field: '@message', value: ACCESS_LINE }]], status: 'Running' }),
  },
  {
    what: 'a Logs Insights table whose last row is cut',
    file: 'cut-table.md',
    bytes: () =>
      '| @timestamp | @message |\n| --- | --- |\n| 2026-11-25 10:00:00.000 | (abc) Method completed with status: 502 |\n| 2026-11-25 10:00:01.000 \n',
  },
  {
    what: 'a CSV export whose quoted field never closes',
    file: 'cut.csv',
    bytes: () => `timestamp,message\n1764064800000,"${ACCESS_LINE.replace(/"/g, '""')}\n`,
  },
  {
    what: 'filter-log-events JSON output cut short',
    file: 'cut.json',
    bytes: () => {
      const output = JSON.stringify(
        { events: [{ logStreamName: 's', timestamp: 1, message: ACCESS_LINE }] },
        null,
        4,
      );
      return output.slice(0, output.length >> 1);
    },
  },
  {
    what: 'more JSON documents one after another than the limit',
    file: 'many.json',
    bytes: () => '[]\n'.repeat(10_001),
  },
  {
    what: 'JSON Lines whose second line is none of the known outputs',
    file: 'mixed.jsonl',
    bytes: () => `${JSON.stringify({ awslogs: { data: 'x' } })}\nhello\n`,
  },
  {
    what: 'filter-log-events output with an event without a message',
    file: 'no-message.json',
    bytes: () => JSON.stringify({ events: [{ timestamp: 1 }], searchedLogStreams: [] }),
  },
];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'apigw-errors-partly-'));
  await writeFile(path('access.log'), `${ACCESS_LINE}\n`);
  for (const input of REFUSED) await writeFile(path(input.file), input.bytes());
  await writeFile(path('huge.log'), '');
  // Sparse: over the size limit without writing 257 MiB to disk.
  await truncate(path('huge.log'), 257 * 1024 * 1024);
  await mkdir(path('export'));
  await writeFile(path('export', '000000.gz'), gzipSync(`2026-11-25T10:00:00.000Z ${ACCESS_LINE}\n`));
  await writeFile(path('export', '000001.gz'), gzipSync(`${ACCESS_LINE}\n`).subarray(0, 10));
  await writeFile(
    path('all-bad.jsonl'),
    [{ awslogs: { data: 'not base64!!' } }, { awslogs: { data: '%%%' } }]
      .map((e) => JSON.stringify(e))
      .join('\n'),
  );
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const unparsedOf = (stdout: string): number => Number(/(\d+) unparsed lines?/.exec(stdout)?.[1]);
const linesOf = (stderr: string): string[] => stderr.split('\n').filter((line) => line !== '');
const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a run of several inputs, one of them refused for what it holds', () => {
  for (const input of [
    ...REFUSED,
    { what: 'a file over the size limit', file: 'huge.log', bytes: () => '' },
  ]) {
    it(`leaves out ${input.what}, names it on one skipped line and counts it unparsed, and reads the others (exit 0)`, async () => {
      const bad = path(input.file);
      const alone = await runCli(['classify', bad]);
      assert.equal(alone.code, EXIT.cannotRun, 'alone, the input is refused as before');
      assert.equal(linesOf(alone.stderr).length, 1, alone.stderr);
      const good = await runCli(['classify', path('access.log')]);
      const run = await runCli(['classify', path('access.log'), bad]);
      assert.equal(run.code, EXIT.analyzed, run.stderr);
      assert.match(run.stdout, /^1 log event, 1 request, 1 failed, /, 'the good input is analysed');
      const skipped = linesOf(run.stderr).filter((line) => line.includes('skipped:'));
      assert.equal(skipped.length, 1, run.stderr);
      // The same words as the refusal alone, the file named first.
      const refusal = (linesOf(alone.stderr)[0] ?? '').replace(/^apigw-errors: /, '');
      const named = refusal.startsWith(bad) ? refusal : `${bad}: ${refusal}`;
      assert.equal(skipped[0], `apigw-errors: skipped: ${named}`);
      assert.equal(unparsedOf(run.stdout), unparsedOf(good.stdout) + 1, run.stdout);
      assert.match(run.stderr, /^apigw-errors: 1 line not recognised as API Gateway logs:$/m);
      assert.match(
        run.stderr,
        new RegExp(`^ {4}${escaped(bad)}|^ {4}${escaped(JSON.stringify(bad))}`, 'm'),
        'the sample names the file',
      );
    });
  }

  it("samples a refused input by its name, what it was refused for after it, before the other inputs' unrecognised lines", async () => {
    // SYNTHETIC: the good input holds one line that is no log line.
    await writeFile(path('with-noise.log'), `${ACCESS_LINE}\nhello world\n`);
    const stats = path('stats.md');
    const run = await runCli(['classify', path('with-noise.log'), stats]);
    assert.equal(run.code, EXIT.analyzed, run.stderr);
    const samples = linesOf(run.stderr.slice(run.stderr.indexOf('  samples:')));
    assert.equal(
      samples[1],
      `    ${JSON.stringify(stats)} (row 1 holds statistics, not log events: each row stands for many requests)`,
    );
    assert.match(samples[2] ?? '', /with-noise\.log: "hello world"$/);
  });

  it('reads the inputs after a refused one, in either order', async () => {
    const run = await runCli(['classify', '--json', path('cut.gz'), path('access.log')]);
    assert.equal(run.code, EXIT.analyzed, run.stderr);
    assert.equal(linesOf(run.stdout).length, 1);
    assert.match(run.stderr, /^apigw-errors: skipped: .*cut\.gz is gzip but cannot be inflated/m);
  });

  it('counts an undecodable Lambda event as a subscription payload that does not decode', async () => {
    const run = await runCli(['classify', path('access.log'), path('bad-event.json')]);
    assert.equal(run.code, EXIT.analyzed, run.stderr);
    assert.match(run.stderr, new RegExp(`1 × ${escaped(UNPARSED_REASON.undecodablePayload)}`));
  });

  it("drops the run an undecodable payload's 200-character sample was cut in, which may be half a secret (SYNTHETIC payload)", async () => {
    await writeFile(
      path('long-bad.json'),
      JSON.stringify({ awslogs: { data: `not base64!! key=${'S'.repeat(300)}` } }),
    );
    const run = await runCli(['classify', path('access.log'), path('long-bad.json')]);
    assert.equal(run.code, EXIT.analyzed, run.stderr);
    assert.match(run.stderr, /"not base64!! key=…"/);
  });

  it('counts each payload of an input none of whose several payloads decodes', async () => {
    const run = await runCli(['classify', path('access.log'), path('all-bad.jsonl')]);
    assert.equal(run.code, EXIT.analyzed, run.stderr);
    assert.equal(linesOf(run.stderr).filter((line) => line.includes('skipped:')).length, 1, run.stderr);
    assert.match(run.stderr, new RegExp(`2 × ${escaped(UNPARSED_REASON.undecodablePayload)}`));
    assert.equal(unparsedOf(run.stdout), 2, run.stdout);
  });

  it('leaves a corrupt file of a directory out and reads the rest of it', async () => {
    const run = await runCli(['classify', '--json', path('export')]);
    assert.equal(run.code, EXIT.analyzed, run.stderr);
    assert.equal(linesOf(run.stdout).length, 1);
    assert.match(run.stderr, /^apigw-errors: skipped: .*000001\.gz is gzip but cannot be inflated/m);
  });

  it('exits 2 with the first refused input named on one line when every input is refused', async () => {
    const first = await runCli(['classify', path('cut.gz')]);
    const run = await runCli(['classify', path('cut.gz'), path('random.bin'), path('stats.md')]);
    assert.equal(run.code, EXIT.cannotRun);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, first.stderr);
    assert.equal(linesOf(run.stderr).length, 1);
  });

  it('exits 2 naming a refused input when the others hold no log events', async () => {
    await writeFile(path('empty.log'), '');
    const run = await runCli(['classify', path('empty.log'), path('cut.gz')]);
    assert.equal(run.code, EXIT.cannotRun);
    assert.match(run.stderr, /^apigw-errors: .*cut\.gz is gzip but cannot be inflated.*\n$/);
  });

  it("skips a directory with nothing to read (only an export's marker) among inputs that hold log events, as an empty file is, and reads the others (exit 0)", async () => {
    await mkdir(path('quiet-day'));
    await writeFile(path('quiet-day', 'aws-logs-write-test'), 'Permission Check Successful');
    const alone = await runCli(['classify', path('quiet-day')]);
    assert.equal(alone.code, EXIT.cannotRun, 'alone, it is refused as before');
    const good = await runCli(['classify', path('access.log')]);
    for (const inputs of [
      [path('quiet-day'), path('access.log')],
      [path('access.log'), path('quiet-day')],
    ]) {
      const run = await runCli(['classify', ...inputs]);
      assert.equal(run.code, EXIT.analyzed, run.stderr);
      assert.equal(run.stdout, good.stdout, 'the other input is analysed, nothing counted for the directory');
      const skipped = linesOf(run.stderr).filter((line) => line.includes('skipped:'));
      assert.deepEqual(skipped, [
        `apigw-errors: skipped: ${path('quiet-day')} holds no files to read; skipped 1 (1 aws-logs-write-test marker)`,
      ]);
    }
  });

  it('still exits 2 on one line for a named file that does not exist, the others good', async () => {
    const run = await runCli(['classify', path('access.log'), path('missing.log')]);
    assert.equal(run.code, EXIT.cannotRun);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^apigw-errors: cannot read .*missing\.log \(no such file; check the path\)\n$/);
  });
});
