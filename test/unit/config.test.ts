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
        'environment variable WINDOW_MINUTES="61" must be a whole number from 1 to 60 in decimal digits (05 and 5.0 read as 5; no sign, exponent, hex or other fraction)',
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
            `^environment variable ${variable}="${bad}" must be a whole number from ${min} to ${max} in decimal digits \\(05 and 5\\.0 read as 5; no sign, exponent, hex or other fraction\\)$`,
          ),
        });
      }
    });
  }

  // A construct user's CloudFormation Number parameter, passed through as a token, may resolve to
  // leading zeros or a zero fraction: the same number, which every cold start refused.
  const sameNumber: ReadonlyArray<
    [string, string, 'windowMinutes' | 'cooldownMinutes' | 'minRequests', number]
  > = [
    ['WINDOW_MINUTES', '05', 'windowMinutes', 5],
    ['WINDOW_MINUTES', '5.0', 'windowMinutes', 5],
    ['WINDOW_MINUTES', '005.000', 'windowMinutes', 5],
    ['COOLDOWN_MINUTES', '00', 'cooldownMinutes', 0],
    ['MIN_REQUESTS', '020', 'minRequests', 20],
  ];
  for (const [variable, raw, key, expected] of sameNumber) {
    it(`reads ${variable}="${raw}" as ${expected}: leading zeros and a zero fraction name the same whole number`, () => {
      assert.equal(loadConfig({ ...REQUIRED, [variable]: raw })[key], expected);
    });
  }

  // Number() reads all of these as whole numbers in range, some as another number than written; a
  // value set outside CloudFormation must not mean another number, so the function refuses them.
  const notDecimal: ReadonlyArray<[string, string]> = [
    ['WINDOW_MINUTES', '1e1'],
    ['WINDOW_MINUTES', '0x3c'],
    ['WINDOW_MINUTES', '5.5'],
    ['WINDOW_MINUTES', '5.'],
    ['WINDOW_MINUTES', '+5'],
    ['COOLDOWN_MINUTES', '0b101'],
    ['COOLDOWN_MINUTES', '0o17'],
    ['COOLDOWN_MINUTES', '-0'],
    ['MIN_REQUESTS', '1_000'],
    ['MIN_REQUESTS', '1e3'],
    ['MIN_REQUESTS', '.0'],
  ];
  for (const [variable, raw] of notDecimal) {
    it(`refuses ${variable}="${raw}", which is not written in decimal digits, naming the variable, the value and the fix`, () => {
      assert.throws(() => loadConfig({ ...REQUIRED, [variable]: raw }), {
        name: 'ConfigError',
        message: new RegExp(
          `^environment variable ${variable}="${raw.replace(/[+.]/g, '\\$&')}" must be a whole number from \\d+ to \\d+ in decimal digits \\(05 and 5\\.0 read as 5; no sign, exponent, hex or other fraction\\)$`,
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
