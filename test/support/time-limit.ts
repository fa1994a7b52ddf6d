/**
 * Runs a script in a child process (tsx loads the TypeScript sources) and holds it to a limit of CPU
 * time: a regular expression that backtracks blocks the event loop, which cannot be timed out from
 * inside the test's own process. CPU time, not wall-clock time, is what is limited: on a loaded
 * machine (two cores, test files run side by side) a linear scan waits its turn for many seconds,
 * while the quadratic ones these tests guard against burn tens of seconds of CPU.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

/** CPU time the child may use, loading tsx and the sources included. */
const CPU_LIMIT_MS = 20_000;
/** The child is killed after this long however little CPU it got, so a test cannot hang. */
const WALL_LIMIT_MS = 120_000;
/** The line the child writes last on stderr: its own CPU time, user and system. */
const CPU_LINE = /\n?cpu-ms=(\d+)\n$/;
const REPORT_CPU = `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu-ms=' + Math.round((u.user + u.system) / 1000) + '\\n'); });`;

/** The script's trimmed stdout; fails naming `slowBecause` when it took more than the CPU limit. */
export function outputWithinLimit(script: string, slowBecause: string): string {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', `${REPORT_CPU}\n${script}`], {
    encoding: 'utf8',
    timeout: WALL_LIMIT_MS,
  });
  assert.equal(child.signal, null, `killed after ${WALL_LIMIT_MS / 1000} s: ${slowBecause}`);
  const cpu = CPU_LINE.exec(child.stderr);
  const stderr = child.stderr.replace(CPU_LINE, '');
  assert.equal(child.status, 0, stderr);
  assert.ok(cpu?.[1] !== undefined, `the child reported no CPU time: ${stderr}`);
  const cpuMs = Number(cpu[1]);
  assert.ok(cpuMs <= CPU_LIMIT_MS, `${cpuMs} ms of CPU, over ${CPU_LIMIT_MS / 1000} s: ${slowBecause}`);
  return child.stdout.trim();
}
