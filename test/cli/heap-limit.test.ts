/**
 * Inputs that need more memory than Node allows: the run stops with one line and exit 2, not V8's
 * fatal "JavaScript heap out of memory" with its native stack trace. Every log line here is
 * SYNTHETIC: execution-log trails of four short lines, in the shapes of the sample incident.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EXIT } from '../../cli/main';
import { type CloudWatchLogsServer, startCloudWatchLogsServer } from '../support/cloudwatch-logs-server';
import { CLI_TEST_ENV } from '../support/env';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'apigw-errors.js');
const MIB = 1024 * 1024;
/** The old generation given to the child: its heap limit is this plus Node's young generation (48 MiB on Node 20). */
const OLD_SPACE_MIB = 96;

/** SYNTHETIC execution-log trails, one request of four lines each (every tenth throttled), `mib` MiB of them. */
function syntheticTrails(mib: number, seed: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < mib * MIB; i++) {
    const hex = (seed * 1_000_000 + i).toString(16).padStart(12, '0');
    const id = `0f1e2d3c-4b5a-4978-8a9b-${hex}`;
    const trail =
      `(${id}) Starting execution for request: ${id}\n` +
      `(${id}) HTTP Method: GET, Resource Path: /orders\n` +
      (i % 10 === 0
        ? `(${id}) Lambda execution failed with status 429 due to customer function error: Rate Exceeded.\n(${id}) Method completed with status: 500\n`
        : `(${id}) Received response. Status: 200, Integration latency: 31 ms\n(${id}) Method completed with status: 200\n`);
    parts.push(trail);
    length += trail.length;
  }
  return parts.join('');
}

interface ChildResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * The installed command as a child process in `env` (its NODE_OPTIONS dropped), whose old generation
 * is OLD_SPACE_MIB, given on node's command line unless `viaNodeOptions`.
 */
function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  viaNodeOptions = false,
): Promise<ChildResult> {
  const childEnv = { ...env };
  delete childEnv.NODE_OPTIONS;
  const limit = `--max-old-space-size=${OLD_SPACE_MIB}`;
  if (viaNodeOptions) childEnv.NODE_OPTIONS = limit;
  const start = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...(viaNodeOptions ? [] : [limit]), BIN, ...args],
      { cwd: ROOT, env: childEnv, maxBuffer: 64 * MIB, timeout: 60_000 },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: number; signal?: string }) | null;
        resolve({
          code: failed ? (failed.code ?? null) : 0,
          signal: failed?.signal ?? null,
          stdout,
          stderr,
          ms: Date.now() - start,
        });
      },
    );
  });
}

function classify(files: readonly string[], viaNodeOptions = false): Promise<ChildResult> {
  return runCli(['classify', ...files], process.env, viaNodeOptions);
}

/** The CLI's test environment, pulling from the loopback CloudWatch Logs server at `url`. */
function pullEnv(url: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url };
  for (const [name, value] of Object.entries(CLI_TEST_ENV)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** The line that stopped the run, its progress lines before it left out. */
function stopLine(result: ChildResult): string {
  return (
    result.stderr
      .split('\n')
      .filter((line) => line !== '')
      .at(-1) ?? ''
  );
}

describe('inputs that need more memory than Node allows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-errors-heap-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const first = join(dir, 'first.log');
  const second = join(dir, 'second.log');
  writeFileSync(first, syntheticTrails(10, 1));
  writeFileSync(second, syntheticTrails(10, 2));

  it('a SYNTHETIC input that fits analyses as usual', async () => {
    const result = await classify([first]);
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.match(result.stdout, /^[\d,]+ log events, [\d,]+ requests, [\d,]+ failed/);
  });

  it('two SYNTHETIC inputs that fit only apart stop with one line, exit 2 and no stack trace, in seconds', async () => {
    const result = await classify([first, second]);
    assert.equal(result.signal, null, result.stderr.slice(0, 2000));
    assert.equal(result.code, EXIT.cannotRun, result.stderr.slice(0, 2000));
    assert.equal(result.stdout, '');
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    // Progress may come first on a slow machine ("analysing … log events"); the last line says why.
    assert.ok(lines.length <= 2, result.stderr.slice(0, 2000));
    // The limit was given on node's command line, which overrides NODE_OPTIONS: the hint names it there.
    assert.match(
      lines.at(-1) ?? '',
      /^apigw-errors: the inputs need more memory than this Node allows \(\d+ MiB of heap\); stopped .+ \(split the inputs across runs, or raise the limit if the machine has the memory: node --max-old-space-size=\d+ \(on node's command line, where it is set now; NODE_OPTIONS would not override it\)\)$/,
    );
    assert.doesNotMatch(result.stderr, /FATAL|heap out of memory|\n\s+at |Native stack/);
    assert.ok(result.ms < 15_000, `took ${result.ms} ms`);
  });

  it('a limit set in NODE_OPTIONS is raised in NODE_OPTIONS, the hint says, with a larger size', async () => {
    const result = await classify([first, second], true);
    assert.equal(result.code, EXIT.cannotRun, result.stderr.slice(0, 2000));
    const suggested = /NODE_OPTIONS=--max-old-space-size=(\d+)\)$/.exec(stopLine(result));
    assert.ok(suggested, stopLine(result));
    assert.ok(Number(suggested[1]) > OLD_SPACE_MIB, stopLine(result));
  });
});

describe('a live pull that needs more memory than Node allows', () => {
  const group = '/aws/apigateway/synthetic-access';
  /**
   * Events in a page, each a SYNTHETIC access line of about 1 KiB: 1 MiB of messages a page, the most
   * FilterLogEvents returns. The watch looks once a page; 2 MiB pages let one page's parse take a
   * loaded machine's V8 past its limit between two looks.
   */
  const perPage = 1000;
  const padding = 'x'.repeat(1000);
  let server: CloudWatchLogsServer;
  after(() => server?.close());

  it('stops during the pull with one line naming the group, exit 2 and no stack trace, before any analysis', async () => {
    // Pages without end: the pull alone outgrows a 96 MiB old generation long before the reader's 256 MiB cap.
    server = await startCloudWatchLogsServer((_call, index) => ({
      ok: {
        events: Array.from({ length: perPage }, (_, i) => ({
          logStreamName: 'stream-a',
          timestamp: Date.now() - 60_000,
          eventId: `page-${index}-event-${i}`,
          message: `{"requestId": "synthetic-${index}-${i}", "status": "200", "padding": "${padding}"}`,
        })),
        nextToken: `token-${index}`,
      },
    }));
    const result = await runCli(['classify', '--log-group', group], pullEnv(server.url));
    assert.equal(result.signal, null, result.stderr.slice(-2000));
    assert.equal(result.code, EXIT.cannotRun, result.stderr.slice(-2000));
    assert.equal(result.stdout, '');
    assert.match(
      stopLine(result),
      /^apigw-errors: the inputs need more memory than this Node allows \(\d+ MiB of heap\); stopped pulling \/aws\/apigateway\/synthetic-access after [\d,]+ events in [\d,]+ pages \(/,
    );
    // A live pull has no inputs to split: it is split by time range (one group here: no fewer groups).
    assert.match(
      stopLine(result),
      / \(pull a shorter time range \(--since, --until\), or raise the limit if the machine has the memory: node --max-old-space-size=\d+ /,
    );
    assert.doesNotMatch(result.stderr, /FATAL|heap out of memory|\n\s+at |Native stack|analysing/);
    assert.ok(result.ms < 15_000, `took ${result.ms} ms`);
  });
  it('names, when a pull of several groups stops, the group it reached and counts what every group pulled so far', async (t) => {
    const finished = '/aws/apigateway/synthetic-first';
    const endless = '/aws/apigateway/synthetic-second';
    const finishedPages = 24;
    // The first group ends after 24 pages (24,000 events), which the run still holds; the second has
    // pages without end.
    const pagesOf = new Map<string, number>();
    const multi = await startCloudWatchLogsServer((call) => {
      const name = String(call.body.logGroupName);
      const index = pagesOf.get(name) ?? 0;
      pagesOf.set(name, index + 1);
      const last = name === finished && index + 1 >= finishedPages;
      return {
        ok: {
          events: Array.from({ length: perPage }, (_, i) => ({
            logStreamName: 'stream-a',
            timestamp: Date.now() - 60_000,
            eventId: `${name}-page-${index}-event-${i}`,
            message: `{"requestId": "synthetic-${index}-${i}", "status": "200", "padding": "${padding}"}`,
          })),
          ...(last ? {} : { nextToken: `token-${index}` }),
        },
      };
    });
    t.after(() => multi.close());
    const result = await runCli(
      ['classify', '--log-group', finished, '--log-group', endless],
      pullEnv(multi.url),
    );
    assert.equal(result.code, EXIT.cannotRun, result.stderr.slice(-2000));
    const stopped =
      /stopped pulling \/aws\/apigateway\/synthetic-second, log group 2 of 2, after ([\d,]+) events in ([\d,]+) pages in all \(/.exec(
        stopLine(result),
      );
    assert.ok(stopped, stopLine(result));
    // The first group's events are held too: the count is not the second group's alone.
    assert.ok(Number(stopped[1]?.replaceAll(',', '')) > finishedPages * perPage, stopLine(result));
    assert.ok(Number(stopped[2]?.replaceAll(',', '')) > finishedPages, stopLine(result));
    // Several groups: fewer of them per run is a way to make the pull smaller.
    assert.match(
      stopLine(result),
      / \(pull a shorter time range \(--since, --until\) or fewer log groups per run, or raise/,
    );
  });
});
