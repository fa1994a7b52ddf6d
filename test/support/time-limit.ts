/**
 * Runs a script in a child process (tsx loads the TypeScript sources) and kills it after a time
 * limit: a regular expression that backtracks blocks the event loop, which cannot be timed out from
 * inside the test's own process.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const LIMIT_MS = 20_000;

/** The script's trimmed stdout; fails naming `slowBecause` when the limit killed it. */
export function outputWithinLimit(script: string, slowBecause: string): string {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    encoding: 'utf8',
    timeout: LIMIT_MS,
  });
  assert.equal(child.signal, null, `killed after ${LIMIT_MS / 1000} s: ${slowBecause}`);
  assert.equal(child.status, 0, child.stderr);
  return child.stdout.trim();
}
