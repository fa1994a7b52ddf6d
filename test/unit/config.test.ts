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
      message:
        'environment variable WINDOW_MINUTES="61" must be a whole number from 1 to 60, in digits only, without leading zeros',
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
            `^environment variable ${variable}="${bad}" must be a whole number from ${min} to ${max}, in digits only, without leading zeros$`,
          ),
        });
      }
    });
  }

  // Number() reads all of these as whole numbers in range; the stack parameter's pattern refuses
  // them, so the function must too, or a value set outside CloudFormation means another number.
  const notDecimal: ReadonlyArray<[string, string]> = [
    ['WINDOW_MINUTES', '1e1'],
    ['WINDOW_MINUTES', '0x3c'],
    ['WINDOW_MINUTES', '5.0'],
    ['WINDOW_MINUTES', '05'],
    ['WINDOW_MINUTES', '+5'],
    ['COOLDOWN_MINUTES', '0b101'],
    ['COOLDOWN_MINUTES', '0o17'],
    ['COOLDOWN_MINUTES', '-0'],
    ['MIN_REQUESTS', '1_000'],
    ['MIN_REQUESTS', '1e3'],
  ];
  for (const [variable, raw] of notDecimal) {
    it(`refuses ${variable}="${raw}", which is not written in decimal digits, naming the variable, the value and the fix`, () => {
      assert.throws(() => loadConfig({ ...REQUIRED, [variable]: raw }), {
        name: 'ConfigError',
        message: new RegExp(
          `^environment variable ${variable}="${raw.replace(/[+.]/g, '\\$&')}" must be a whole number from \\d+ to \\d+, in digits only, without leading zeros$`,
        ),
      });
    });
  }

  it('takes a whole number with spaces around it, as before', () => {
    assert.equal(loadConfig({ ...REQUIRED, WINDOW_MINUTES: ' 10 ' }).windowMinutes, 10);
  });

  for (const variable of Object.keys(REQUIRED)) {
    it(`refuses to start when ${variable} is missing or blank, naming the variable`, () => {
      for (const value of [undefined, '', '   ']) {
        assert.throws(() => loadConfig({ ...REQUIRED, [variable]: value }), {
          name: 'ConfigError',
          message: `environment variable ${variable} is missing or empty`,
        });
      }
    });
  }

  it('takes the default for a setting whose variable is set but blank, so an empty COOLDOWN_MINUTES is 30 minutes, not 0', () => {
    const config = loadConfig({ ...REQUIRED, COOLDOWN_MINUTES: '', WINDOW_MINUTES: ' ' });
    assert.equal(config.cooldownMinutes, 30);
    assert.equal(config.windowMinutes, 5);
  });

  it('reads EXECUTION_LOG_GROUPS as a comma-separated list, without blanks or the spaces around names', () => {
    assert.deepEqual(
      loadConfig({
        ...REQUIRED,
        EXECUTION_LOG_GROUPS: ' API-Gateway-Execution-Logs_a/prod, ,API-Gateway-Execution-Logs_b/dev,',
      }).executionLogGroups,
      ['API-Gateway-Execution-Logs_a/prod', 'API-Gateway-Execution-Logs_b/dev'],
    );
    assert.deepEqual(loadConfig(REQUIRED).executionLogGroups, []);
  });

  it('takes COUNT_EXECUTION_LOGS as true or false in any case, true when unset, and refuses anything else', () => {
    assert.equal(loadConfig(REQUIRED).countExecutionLogs, true);
    assert.equal(loadConfig({ ...REQUIRED, COUNT_EXECUTION_LOGS: ' FALSE ' }).countExecutionLogs, false);
    assert.equal(loadConfig({ ...REQUIRED, COUNT_EXECUTION_LOGS: 'True' }).countExecutionLogs, true);
    assert.throws(() => loadConfig({ ...REQUIRED, COUNT_EXECUTION_LOGS: 'no' }), {
      name: 'ConfigError',
      message: 'environment variable COUNT_EXECUTION_LOGS="no" must be true or false',
    });
  });

  it('takes JUDGE_ERROR_RATE as true or false in any case, true when unset, and refuses anything else', () => {
    assert.equal(loadConfig(REQUIRED).judgeErrorRate, true);
    assert.equal(loadConfig({ ...REQUIRED, JUDGE_ERROR_RATE: ' FALSE ' }).judgeErrorRate, false);
    assert.equal(loadConfig({ ...REQUIRED, JUDGE_ERROR_RATE: 'True' }).judgeErrorRate, true);
    assert.throws(() => loadConfig({ ...REQUIRED, JUDGE_ERROR_RATE: 'off' }), {
      name: 'ConfigError',
      message: 'environment variable JUDGE_ERROR_RATE="off" must be true or false',
    });
  });

  it('refuses a CAUSE_THRESHOLDS it cannot read, naming the variable, rather than alerting at the group thresholds', () => {
    assert.throws(() => loadConfig({ ...REQUIRED, CAUSE_THRESHOLDS: 'limit.backend=0' }), {
      name: 'ConfigError',
      message: /^environment variable CAUSE_THRESHOLDS: /,
    });
    assert.deepEqual(loadConfig({ ...REQUIRED, CAUSE_THRESHOLDS: 'limit.backend=1' }).causeThresholds, {
      'limit.backend': 1,
    });
  });

  it('uses the ApiGatewayErrorAnalyzer namespace when METRICS_NAMESPACE is unset', () => {
    assert.equal(loadConfig(REQUIRED).metricsNamespace, 'ApiGatewayErrorAnalyzer');
  });

  it('treats a blank METRICS_NAMESPACE or AWS_LAMBDA_LOG_GROUP_NAME as unset', () => {
    const config = loadConfig({ ...REQUIRED, METRICS_NAMESPACE: ' ', AWS_LAMBDA_LOG_GROUP_NAME: '' });
    assert.equal(config.metricsNamespace, 'ApiGatewayErrorAnalyzer');
    assert.equal(config.analyzerLogGroup, undefined);
    assert.equal(
      loadConfig({ ...REQUIRED, AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/analyzer' }).analyzerLogGroup,
      '/aws/lambda/analyzer',
    );
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
