/**
 * How the analyzer function is bundled: one definition shared by the stack's NodejsFunction and by the
 * benchmark, so the cold start the benchmark measures is the one that is deployed.
 */
import * as path from 'node:path';

export const HANDLER_ENTRY = path.join(__dirname, '..', 'lambda', 'handler.ts');

/**
 * The handler's dependencies, esbuild and lock file live in this repository, not in the CDK app that
 * uses the construct: NodejsFunction would otherwise look for a lock file from the directory `cdk
 * synth` runs in, and refuse a handler outside that app's directory, or find no lock file at all.
 */
export const HANDLER_PROJECT_ROOT = path.join(__dirname, '..');
export const HANDLER_LOCK_FILE = path.join(HANDLER_PROJECT_ROOT, 'package-lock.json');

/**
 * Whitespace and syntax are minified but names are kept, and there is no source map: a stack trace
 * in the function's logs still names the functions it went through, without `--enable-source-maps`,
 * which parses a megabyte of map on every cold start (about 25 ms, measured by `npm run bench`).
 */
export const HANDLER_BUNDLING = {
  minify: false,
  sourceMap: false,
  target: 'node20',
  // The SDK's ES module builds tree-shake: the bundle is about 40 % smaller and loads ~90 ms faster.
  mainFields: ['module', 'main'],
  esbuildArgs: { '--minify-whitespace': true, '--minify-syntax': true },
} as const;

/**
 * The same options in esbuild's own terms, for code that bundles the handler outside CDK (the
 * benchmark, the test that runs the deployed bundle). NodejsFunction bundles CJS for node.
 */
export const HANDLER_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: HANDLER_BUNDLING.target,
  minifyWhitespace: HANDLER_BUNDLING.esbuildArgs['--minify-whitespace'],
  minifySyntax: HANDLER_BUNDLING.esbuildArgs['--minify-syntax'],
  sourcemap: HANDLER_BUNDLING.sourceMap,
  mainFields: [...HANDLER_BUNDLING.mainFields],
  logLevel: 'error',
} as const satisfies import('esbuild').BuildOptions;
