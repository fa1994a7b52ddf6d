/**
 * NUL padding at the end of an input: what a writer that crashed, or one that preallocated its file,
 * leaves after the text it wrote. The log lines are REAL: /work/shared/corpus/S06-01.log (958 bytes;
 * source sakazuki/lambda-ngrok-architecture:NOTES.md). The padding, the filter-log-events wrapping,
 * the tar header and the UTF-16 re-encoding around them are SYNTHETIC.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT } from '../../cli/main';
import { corpusFile, requireCorpus } from '../support/corpus';
import { runCli } from './harness';

let root = '';
let log = Buffer.alloc(0);

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'apigw-errors-nul-'));
  log = await readFile(corpusFile('S06-01.log'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The failed requests a run prints with --json, one per line. */
async function failuresOf(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(['classify', '--json', file]);
}

/**
 * The corpus file as `aws logs filter-log-events` prints it: one event per `(id)` line, a message's
 * continuation lines (a pretty-printed body) inside its event, as CloudWatch stores them.
 */
function asFilterLogEvents(text: string): string {
  const messages: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('(') || messages.length === 0) messages.push(line);
    else messages[messages.length - 1] += `\n${line}`;
  }
  const events = messages
    .filter((message) => message.trim() !== '')
    .map((message, index) => ({
      logStreamName: 'a5e3de30d5911e8b2f59339f1c001b0',
      timestamp: 1_532_227_680_000 + index,
      message,
      ingestionTime: 1_532_227_681_000 + index,
      eventId: `3652${index}`,
    }));
  return `${JSON.stringify({ events, searchedLogStreams: [] }, null, 4)}\n`;
}

if (requireCorpus()) {
  describe('an input that ends in NUL padding', () => {
    it('reads 958 bytes of a real log followed by 4 KiB of NULs as the log, saying the NULs were ignored', async () => {
      const clean = join(root, 'clean.log');
      const padded = join(root, 'padded.log');
      await writeFile(clean, log);
      await writeFile(padded, Buffer.concat([log, Buffer.alloc(4096)]));
      const expected = await failuresOf(clean);
      const result = await failuresOf(padded);
      assert.equal(result.code, EXIT.analyzed, result.stderr);
      assert.notEqual(expected.stdout, '');
      assert.equal(result.stdout, expected.stdout);
      assert.match(result.stderr, /padded\.log: 4096 trailing NUL bytes ignored/);
      assert.doesNotMatch(expected.stderr, /NUL/);
    });

    it('reads a filter-log-events JSON export followed by one NUL as the JSON, losing none of its failures', async () => {
      const json = asFilterLogEvents(log.toString('utf8'));
      const clean = join(root, 'clean.json');
      const padded = join(root, 'padded.json');
      await writeFile(clean, json);
      await writeFile(padded, Buffer.concat([Buffer.from(json), Buffer.alloc(1)]));
      const expected = await failuresOf(clean);
      const result = await failuresOf(padded);
      assert.equal(result.code, EXIT.analyzed, result.stderr);
      assert.match(expected.stdout, /"cause":"limit\.backend"/);
      assert.equal(result.stdout, expected.stdout);
      assert.match(result.stderr, /padded\.json: 1 trailing NUL byte ignored/);
    });

    it('reads UTF-16 text behind its byte-order mark followed by NUL padding as the text', async () => {
      const bom = Buffer.from([0xff, 0xfe]);
      const padded = join(root, 'ps5.log');
      // An odd run of NULs: the last character's high byte (0x00) is part of the text, not of the padding.
      await writeFile(
        padded,
        Buffer.concat([bom, Buffer.from(log.toString('utf8'), 'utf16le'), Buffer.alloc(4095)]),
      );
      const expected = await failuresOf(corpusFile('S06-01.log'));
      const result = await failuresOf(padded);
      assert.equal(result.code, EXIT.analyzed, result.stderr);
      assert.equal(result.stdout, expected.stdout);
      assert.match(result.stderr, /ps5\.log: 4095 trailing NUL bytes ignored/);
    });

    it('refuses a tar archive of a long log, its NULs few beside the text but its end zero blocks, as a tar archive', async () => {
      // A log of several hundred KiB in a tar: its 512-byte header's NULs are too few to look binary.
      const content = Buffer.concat(Array.from({ length: 400 }, () => log));
      const header = Buffer.alloc(512);
      header.write('S06-01.log', 0);
      header.write('ustar', 257);
      const tail = Buffer.alloc(((512 - (content.length % 512)) % 512) + 1024);
      const tar = join(root, 'logs.tar');
      await writeFile(tar, Buffer.concat([header, content, tail]));
      const result = await runCli(['classify', tar]);
      assert.equal(result.code, EXIT.cannotRun, result.stderr);
      assert.match(result.stderr, /logs\.tar is a tar archive, not log text \(extract it/);
    });

    it('still refuses UTF-16LE without a byte-order mark, whose last byte is zero, as UTF-16LE', async () => {
      const file = join(root, 'u16.log');
      await writeFile(file, Buffer.from(log.toString('utf8'), 'utf16le'));
      const result = await runCli(['classify', file]);
      assert.equal(result.code, EXIT.cannotRun, result.stderr);
      assert.match(
        result.stderr,
        /u16\.log is UTF-16LE text without a byte-order mark \(re-save it as UTF-8/,
      );
    });

    it('still refuses a binary file whose body holds NULs and whose end is zeros: only text is padded (SYNTHETIC ELF-like bytes)', async () => {
      const file = join(root, 'core.bin');
      await writeFile(
        file,
        Buffer.concat([
          Buffer.from('\x7fELF\x02\x01\x01', 'latin1'),
          Buffer.alloc(9),
          Buffer.from('X'.repeat(100)),
          Buffer.alloc(4096),
        ]),
      );
      const result = await runCli(['classify', file]);
      assert.equal(result.code, EXIT.cannotRun, result.stderr);
      assert.match(result.stderr, /core\.bin is not text: a NUL byte at byte 7/);
    });

    it('still refuses a file of NULs alone as not text', async () => {
      const file = join(root, 'zeros.log');
      await writeFile(file, Buffer.alloc(4096));
      const result = await runCli(['classify', file]);
      assert.equal(result.code, EXIT.cannotRun, result.stderr);
      assert.match(result.stderr, /zeros\.log is not text: a NUL byte at byte 0/);
    });
  });
}
