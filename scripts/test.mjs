// Runs every *.test.ts under test/ with Node's own test runner, TypeScript loaded by tsx.
// Node 20's --test does not expand globs itself, so the file list is built here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// `--node-major N` refuses to run on another Node.js major: the Lambda runtime's pass must not
// silently fall back to the local Node.js when npx resolves another `node`.
const args = process.argv.slice(2);
const majorAt = args.indexOf('--node-major');
if (majorAt >= 0) {
  const wanted = args.splice(majorAt, 2)[1];
  const actual = process.versions.node.split('.')[0];
  if (actual !== wanted) {
    console.error(
      `expected Node.js ${wanted}.x, running ${process.version}: run it as npm run test:lambda-runtime (npx fetches that Node.js)`,
    );
    process.exit(1);
  }
  console.log(`Node.js ${process.version}`);
}
const only = args;
const roots = only.length > 0 ? only : ['test'];

function collect(path) {
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((name) => collect(join(path, name)));
}

const files = roots.flatMap(collect);
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
