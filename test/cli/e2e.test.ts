/**
 * End to end: real corpus files and the sample incident through the whole CLI, in-process and once
 * as a real child process through the bin shim.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { EXIT } from '../../cli/main';
import { isCause } from '../../lambda/core/taxonomy';
import { CONTRACT_KEYS, REQUIRED_KEYS } from '../support/contract';
import { corpusFile } from '../support/corpus';
import { runCli } from './harness';

const ROOT = join(__dirname, '..', '..');
const SAMPLE = join(ROOT, 'samples', 'incident.log');

interface JsonFailure {
  readonly requestId: string;
  readonly clientStatus: number | null;
  readonly cause: string;
  readonly masked: boolean;
}

function jsonLines(stdout: string): JsonFailure[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as JsonFailure);
}

describe('real corpus files through the CLI', () => {
  const cases: { file: string; expected: [string, boolean][] }[] = [
    { file: 'S06-01.log', expected: [['limit.backend', true]] },
    { file: 'S02-01.log', expected: [['not-found.route', true]] },
    { file: 'S10-01.log', expected: [['timeout.integration', false]] },
    { file: 'S10-03.log', expected: [['timeout.integration', false]] },
    { file: 'S07-05.log', expected: [['server.function-error', false]] },
    { file: 'S11-02.log', expected: [] },
  ];
  for (const c of cases) {
    it(`classifies ${c.file} as ${c.expected.map(([cause, masked]) => `${cause}${masked ? ' (masked)' : ''}`).join(', ') || 'no failure'}`, async () => {
      const result = await runCli(['classify', '--json', corpusFile(c.file)]);
      assert.equal(result.code, EXIT.analyzed, result.stderr);
      assert.deepEqual(
        jsonLines(result.stdout).map((f) => [f.cause, f.masked]),
        c.expected,
      );
    });
  }

  it('classifies the same real lines wrapped in a gzip+base64 subscription event', async () => {
    const lines = (await readFile(corpusFile('S06-01.log'), 'utf8')).split('\n').filter((l) => l !== '');
    const payload = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod',
      logStream: 'stream-1',
      subscriptionFilters: ['apigw-errors'],
      logEvents: lines.map((message, i) => ({ id: String(i), timestamp: 1_532_227_680_000 + i, message })),
    };
    const event = JSON.stringify({ awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } });
    const result = await runCli(['classify', '--json'], { stdin: event });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.deepEqual(
      jsonLines(result.stdout).map((f) => [f.requestId, f.cause, f.masked]),
      [['a5e3de30-8d59-11e8-b2f5-9339f1c001b0', 'limit.backend', true]],
    );
  });
});

describe('the sample incident', () => {
  it('finds the masked throttles and wrong routes first, then the other causes', async () => {
    const result = await runCli(['classify', SAMPLE]);
    assert.equal(result.code, EXIT.analyzed);
    assert.equal(result.stderr, '', 'every sample line is recognised');
    assert.match(result.stdout, /^90 log events, 40 requests, 23 failed, 0 unparsed lines\n/);
    const masked = result.stdout.slice(
      result.stdout.indexOf('MASKED'),
      result.stdout.indexOf('Failed requests by cause'),
    );
    assert.match(
      masked,
      /9 requests answered 500\/502 whose real cause is backend throttled \(limit\.backend\)/,
    );
    assert.match(masked, /5 requests answered 403 whose real cause is wrong route \(not-found\.route\)/);
  });

  it('gives every failed request one contract record in --json', async () => {
    const result = await runCli(['classify', '--json', SAMPLE]);
    for (const line of result.stdout.trimEnd().split('\n')) {
      const record = JSON.parse(line) as Record<string, unknown>;
      const keys = Object.keys(record);
      assert.deepEqual(
        keys.filter((k) => !CONTRACT_KEYS.includes(k)),
        [],
        'no key outside the contract',
      );
      assert.deepEqual(
        REQUIRED_KEYS.filter((k) => !keys.includes(k)),
        [],
        'every required key present',
      );
      assert.ok(
        typeof record.cause === 'string' && isCause(record.cause),
        `unknown cause ${String(record.cause)}`,
      );
    }
    const counts: Record<string, number> = {};
    for (const failure of jsonLines(result.stdout)) counts[failure.cause] = (counts[failure.cause] ?? 0) + 1;
    assert.deepEqual(counts, {
      'limit.backend': 9,
      'not-found.route': 5,
      'timeout.integration': 4,
      'server.function-error': 3,
      'limit.throttle': 2,
    });
  });
});

describe('the installed command', () => {
  const exec = promisify(execFile);
  const bin = join(ROOT, 'bin', 'apigw-errors.js');

  it('runs as a real process through the bin shim, exits 0 and prints JSON lines', async () => {
    const { stdout } = await exec(process.execPath, [bin, 'classify', '--json', SAMPLE], { cwd: ROOT });
    assert.equal(jsonLines(stdout).length, 23);
  });

  it('exits 0 and prints no error when the reader of its output closes the pipe early, as `| head` does', async () => {
    // SYNTHETIC access lines, 5,000 distinct failures: their JSON lines fill more than a pipe's buffer.
    const lines = Array.from(
      { length: 5_000 },
      (_, i) =>
        `{"requestId": "synthetic-${i}", "status": "403", "error_responseType": "MISSING_AUTHENTICATION_TOKEN", "error_message": "Missing Authentication Token"}`,
    );
    const child = spawn(process.execPath, [bin, 'classify', '--json'], { cwd: ROOT });
    child.stdin.end(`${lines.join('\n')}\n`);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, EXIT.analyzed, stderr);
    // On a slow machine the run may say it is analysing (PROGRESS_DELAY_MS); nothing else may be said.
    const said = stderr
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('apigw-errors: analysing '));
    assert.deepEqual(said, []);
  });

  it('exits 2 with one line and no stack trace for a missing file', async () => {
    await assert.rejects(
      exec(process.execPath, [bin, 'classify', 'no-such-file.log'], { cwd: ROOT }),
      (error: unknown) => {
        const { code, stderr } = error as { code: number; stderr: string };
        assert.equal(code, EXIT.cannotRun);
        assert.equal(stderr, 'apigw-errors: cannot read no-such-file.log (no such file; check the path)\n');
        return true;
      },
    );
  });
});
