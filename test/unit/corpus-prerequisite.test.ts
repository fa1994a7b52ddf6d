/**
 * The tests that read ../shared (the corpus and the cause contract) on a checkout without it (a
 * plain clone): each file fails with one message saying where it must be, instead of crashing at
 * load with ENOENT, and none is skipped. The project is copied to a temporary directory with
 * nothing beside it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CORPUS = 'the shared corpus must be beside the project, at ../shared/corpus';
const CONTRACT = 'the shared cause contract must be beside the project, at ../shared/taxonomy.md';
/** Every test file that reads ../shared, with the message its failure must carry. */
const SHARED_TESTS: ReadonlyArray<[string, string]> = [
  ['test/unit/core/corpus.test.ts', CORPUS],
  ['test/cli/export-shapes.test.ts', CORPUS],
  ['test/cli/live.test.ts', CORPUS],
  ['test/cli/e2e.test.ts', CORPUS],
  ['test/integration/corpus-replay.test.ts', CORPUS],
  ['test/infra/log-filter-patterns.test.ts', CORPUS],
  ['test/unit/contract-taxonomy.test.ts', CONTRACT],
];
const SKIP = new Set(['node_modules', '.git', 'cdk.out', '.cdk.staging', 'coverage']);

const dir = mkdtempSync(join(tmpdir(), 'apigw-no-corpus-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(cwd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('a checkout without the shared corpus beside it', () => {
  const project = join(dir, 'project');
  cpSync(ROOT, project, { recursive: true, filter: (source) => !SKIP.has(basename(source)) });
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(project, 'node_modules'));

  for (const [file, message] of SHARED_TESTS) {
    it(`${file} fails with one message naming where in ../shared, without crashing or skipping`, async () => {
      const { code, output } = await run(project, ['--import', 'tsx', '--test', '--test-reporter=tap', file]);
      const excerpt = output.slice(0, 3000);
      assert.notEqual(code, 0, 'the run fails');
      assert.ok(!output.includes('ENOENT'), `a test crashed on the missing corpus:\n${excerpt}`);
      assert.match(output, /^# cancelled 0$/m, 'no test is cancelled by a crash at load');
      assert.match(output, /^# skipped 0$/m);
      assert.ok(output.includes(message), `the failure does not say where the corpus must be:\n${excerpt}`);
    });
  }
});
