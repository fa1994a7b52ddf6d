/**
 * The function's configuration: each alerting setting's default and bounds are those the README's
 * Parameters table states (written out here, not imported), so the function accepts exactly what the
 * stack's parameters and the construct's props accept.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../lambda/config';

const REQUIRED = { TABLE_NAME: 'table', TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:alerts' };

/** From the README's Parameters table: variable, config key, default, min, max. */
const DOCUMENTED: ReadonlyArray<[string, keyof ReturnType<typeof loadConfig>, number, number, number]> = [
  ['WINDOW_MINUTES', 'windowMinutes', 5, 1, 60],
  ['COOLDOWN_MINUTES', 'cooldownMinutes', 30, 0, 1440],
  ['SERVER_ERROR_THRESHOLD', 'serverErrorThreshold', 5, 1, 1_000_000],
  ['LIMIT_ERROR_THRESHOLD', 'limitErrorThreshold', 10, 1, 1_000_000],
  ['CLIENT_ERROR_THRESHOLD', 'clientErrorThreshold', 100, 1, 1_000_000],
  ['ERROR_RATE_PERCENT', 'errorRatePercent', 5, 1, 100],
  ['MIN_REQUESTS', 'minRequests', 100, 1, 100_000_000],
];

describe('loadConfig', () => {
  it('refuses WINDOW_MINUTES=61, beyond the 60 minutes the stack parameter allows', () => {
    assert.throws(() => loadConfig({ ...REQUIRED, WINDOW_MINUTES: '61' }), {
      name: 'ConfigError',
      message: 'environment variable WINDOW_MINUTES="61" must be a whole number from 1 to 60',
    });
  });

  it('refuses COOLDOWN_MINUTES=1441, beyond the day the stack parameter allows', () => {
    assert.throws(() => loadConfig({ ...REQUIRED, COOLDOWN_MINUTES: '1441' }), ConfigError);
  });

  for (const [variable, key, fallback, min, max] of DOCUMENTED) {
    it(`${variable} defaults to ${fallback} and takes whole numbers from ${min} to ${max} only`, () => {
      assert.equal(loadConfig(REQUIRED)[key], fallback);
      assert.equal(loadConfig({ ...REQUIRED, [variable]: String(min) })[key], min);
      assert.equal(loadConfig({ ...REQUIRED, [variable]: String(max) })[key], max);
      for (const bad of [min - 1, max + 1, min + 0.5]) {
        assert.throws(() => loadConfig({ ...REQUIRED, [variable]: String(bad) }), {
          name: 'ConfigError',
          message: new RegExp(
            `^environment variable ${variable}="${bad}" must be a whole number from ${min} to ${max}$`,
          ),
        });
      }
    });
  }

  it('uses the ApiGatewayErrorAnalyzer namespace when METRICS_NAMESPACE is unset', () => {
    assert.equal(loadConfig(REQUIRED).metricsNamespace, 'ApiGatewayErrorAnalyzer');
  });

  it('imports nothing from the CDK, so the function bundle stays small (lib/ imports from it, not the reverse)', () => {
    const source = readFileSync(join(__dirname, '..', '..', 'lambda', 'config.ts'), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    assert.deepEqual(
      imports.filter(
        (name) => name?.startsWith('aws-cdk-lib') || name === 'constructs' || name?.startsWith('../lib'),
      ),
      [],
    );
  });
});
