/** Configuration is read once at cold start: a bad value fails the init with a message saying what to fix. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const HANDLER = join(__dirname, '..', '..', 'lambda', 'handler.ts');

function coldStart(env: Record<string, string>) {
  // A fresh process, like a new Lambda container: the module-scope config load runs on import.
  return spawnSync(process.execPath, ['--import', 'tsx', '-e', `require(${JSON.stringify(HANDLER)})`], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      TABLE_NAME: 'table',
      TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:alerts',
      ...env,
    },
    encoding: 'utf8',
  });
}

describe('cold start', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      'an unknown cause in CAUSE_THRESHOLDS',
      { CAUSE_THRESHOLDS: 'limit.backnd=1' },
      /ConfigError: environment variable CAUSE_THRESHOLDS: CauseThresholds names unknown cause "limit\.backnd"; use one of: /,
    ],
    ['a missing topic', { TOPIC_ARN: '' }, /ConfigError: environment variable TOPIC_ARN is missing or empty/],
  ];
  for (const [name, env, message] of cases) {
    it(`fails the init on ${name}, naming the variable`, () => {
      const result = coldStart(env);
      assert.notEqual(result.status, 0);
      assert.match(result.stderr, message);
    });
  }

  it('starts with a valid configuration', () => {
    const result = coldStart({ CAUSE_THRESHOLDS: 'limit.backend=1' });
    assert.equal(result.status, 0, result.stderr);
  });
});
