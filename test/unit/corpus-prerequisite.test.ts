/**
 * The corpus tests on a checkout without ../shared/corpus (a plain clone): each file fails with one
 * message saying where the corpus must be, instead of crashing at load with ENOENT, and none is
 * skipped. The project is copied to a temporary directory with nothing beside it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CORPUS_TESTS = [
  'test/unit/core/corpus.test.ts',
  'test/cli/export-shapes.test.ts',
  'test/cli/live.test.ts',
  'test/cli/e2e.test.ts',
  'test/infra/log-filter-patterns.test.ts',
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

  for (const file of CORPUS_TESTS) {
    it(`${file} fails with the message naming ../shared/corpus, without crashing or skipping`, async () => {
      const { code, output } = await run(project, ['--import', 'tsx', '--test', '--test-reporter=tap', file]);
      const excerpt = output.slice(0, 3000);
      assert.notEqual(code, 0, 'the run fails');
      assert.ok(!output.includes('ENOENT'), `a test crashed on the missing corpus:\n${excerpt}`);
      assert.match(output, /^# cancelled 0$/m, 'no test is cancelled by a crash at load');
      assert.match(output, /^# skipped 0$/m);
      assert.ok(
        output.includes('the shared corpus must be beside the project, at ../shared/corpus'),
        `the failure does not say where the corpus must be:\n${excerpt}`,
      );
    });
  }
});
