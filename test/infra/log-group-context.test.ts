/** Which log groups the app analyzes, from `-c key=value` or cdk.json context. No synth needed. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ApiErrorAnalyzerStack, STACK_PARAMETER_IDS } from '../../lib/api-error-analyzer-stack';
import {
  checkContextKeys,
  logGroupsFromContext,
  reservedConcurrencyFromContext,
  stackNameFromContext,
} from '../../lib/log-group-context';
import { validateAnalyzerProps } from '../../lib/prop-validation';

const nodeWith = (context: Record<string, unknown>) => new Stack(new App({ context }), 'S').node;

/** The CDK app (bin/app.ts) run in a child process with this context, as `cdk synth -c …` runs it. */
function runApp(context: Readonly<Record<string, unknown>>) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'bin', 'app.ts')], {
    env: { PATH: process.env.PATH ?? '', CDK_CONTEXT_JSON: JSON.stringify(context) },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('log groups from CDK context', () => {
  const cases: ReadonlyArray<[string, Record<string, unknown>, { access: string[]; execution: string[] }]> = [
    [
      'comma-separated names from the command line, trimmed',
      { accessLogGroups: ' /aws/a , /aws/b ', executionLogGroups: 'API-Gateway-Execution-Logs_x/prod' },
      { access: ['/aws/a', '/aws/b'], execution: ['API-Gateway-Execution-Logs_x/prod'] },
    ],
    [
      'a JSON array from cdk.json',
      { executionLogGroups: ['e1', 'e2'] },
      { access: [], execution: ['e1', 'e2'] },
    ],
    ['empty entries are ignored', { accessLogGroups: '/aws/a,,' }, { access: ['/aws/a'], execution: [] }],
    [
      // `-c accessLogGroups='["/aws/a","/aws/b"]'`: the CDK CLI passes the text as it is.
      'a JSON array given on the command line, as cdk.json holds one',
      { accessLogGroups: ' ["/aws/a", "/aws/b"] ' },
      { access: ['/aws/a', '/aws/b'], execution: [] },
    ],
  ];
  for (const [what, context, expected] of cases) {
    test(`reads ${what}`, () => {
      assert.deepEqual(logGroupsFromContext(nodeWith(context)), {
        accessLogGroups: expected.access,
        executionLogGroups: expected.execution,
      });
    });
  }

  test('without either key it fails, naming both context keys and an example command', () => {
    assert.throws(() => logGroupsFromContext(nodeWith({})), {
      name: 'AnalyzerPropsError',
      message:
        /No API Gateway log group to analyze: set the CDK context accessLogGroups and\/or executionLogGroups .*npx cdk deploy -c accessLogGroups=/,
    });
  });

  for (const value of ['["/aws/a", 42]', '["/aws/a"', '[/aws/a]']) {
    test(`a command-line value that opens a JSON array but is none of names (${value}) is refused, saying what is accepted`, () => {
      assert.throws(() => logGroupsFromContext(nodeWith({ accessLogGroups: value })), {
        name: 'AnalyzerPropsError',
        message:
          /^CDK context accessLogGroups is .* opens a JSON array but is not one of names; give comma-separated log group names, e\.g\. -c accessLogGroups=\/aws\/a,\/aws\/b, or a JSON array of strings$/,
      });
    });
  }

  test('a key holding only separators counts as missing', () => {
    assert.throws(
      () => logGroupsFromContext(nodeWith({ accessLogGroups: ' , ' })),
      /No API Gateway log group/,
    );
  });

  for (const value of ['/aws/a /aws/b', '/aws/a;/aws/b', '/aws/a; /aws/b']) {
    test(`names separated by ${JSON.stringify(value.slice(6, -6))} instead of commas are refused, saying to use commas`, () => {
      assert.throws(() => logGroupsFromContext(nodeWith({ accessLogGroups: value })), {
        name: 'AnalyzerPropsError',
        message: new RegExp(
          `^CDK context accessLogGroups is "${value}": separate log group names with commas, e\\.g\\. -c accessLogGroups=/aws/a,/aws/b$`,
        ),
      });
    });
  }

  test('a key set to null in cdk.json counts as missing', () => {
    assert.deepEqual(
      logGroupsFromContext(nodeWith({ accessLogGroups: '/aws/a', executionLogGroups: null })),
      {
        accessLogGroups: ['/aws/a'],
        executionLogGroups: [],
      },
    );
  });

  test('a name holding a space in a cdk.json list is not told to use commas: the list already separates names', () => {
    // The construct refuses the name itself, saying which characters a log group name may hold.
    assert.deepEqual(logGroupsFromContext(nodeWith({ accessLogGroups: ['/aws/a b'] })).accessLogGroups, [
      '/aws/a b',
    ]);
  });

  test('a value that is neither text nor a list of names is rejected with the expected form', () => {
    assert.throws(() => logGroupsFromContext(nodeWith({ accessLogGroups: 42 })), {
      message: /CDK context accessLogGroups is 42; give comma-separated log group names/,
    });
  });
});

describe('reserved concurrency from CDK context', () => {
  test('is absent unless the key is given, so accounts with a low concurrency quota can deploy', () => {
    assert.equal(reservedConcurrencyFromContext(nodeWith({})), undefined);
    assert.equal(reservedConcurrencyFromContext(nodeWith({ reservedConcurrency: '' })), undefined);
  });

  test('reads a whole number from the command line or cdk.json', () => {
    assert.equal(reservedConcurrencyFromContext(nodeWith({ reservedConcurrency: ' 20 ' })), 20);
    assert.equal(reservedConcurrencyFromContext(nodeWith({ reservedConcurrency: 5 })), 5);
  });

  for (const bad of ['ten', '0', '1001', '1e3', '2.5', -3]) {
    test(`rejects ${JSON.stringify(bad)}, naming the key, the range and the way to leave it out`, () => {
      assert.throws(() => reservedConcurrencyFromContext(nodeWith({ reservedConcurrency: bad })), {
        name: 'AnalyzerPropsError',
        message:
          /CDK context reservedConcurrency is .*; give a whole number from 1 to 1000, e\.g\. -c reservedConcurrency=20, or leave it out for no reservation/,
      });
    });
  }

  test('accepts exactly the reserved concurrencies the construct accepts as its prop', () => {
    for (const count of [0, 1, 2, 999, 1000, 1001]) {
      const fromContext = () =>
        reservedConcurrencyFromContext(nodeWith({ reservedConcurrency: String(count) }));
      const asProp = () => validateAnalyzerProps({ accessLogGroups: ['/aws/a'], reservedConcurrency: count });
      let propAccepts = true;
      try {
        asProp();
      } catch {
        propAccepts = false;
      }
      if (propAccepts) assert.equal(fromContext(), count);
      else assert.throws(fromContext, { name: 'AnalyzerPropsError' }, `${count}`);
    }
  });

  test('reaches the function, and a value out of range fails synth naming the context key', () => {
    const context = { accessLogGroups: '/aws/a', 'aws:cdk:bundling-stacks': [] };
    const stack = new ApiErrorAnalyzerStack(
      new App({ context: { ...context, reservedConcurrency: '7' } }),
      'R',
    );
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 7,
    });
    assert.throws(
      () => new ApiErrorAnalyzerStack(new App({ context: { ...context, reservedConcurrency: '0' } }), 'R'),
      /CDK context reservedConcurrency is "0"/,
    );
  });
});

describe('the stack', () => {
  test('fails to synthesize without log groups, with the context message', () => {
    assert.throws(
      () => new ApiErrorAnalyzerStack(new App(), 'Analyzer'),
      /set the CDK context accessLogGroups/,
    );
  });

  test('explicit props take precedence over context', () => {
    const app = new App({ context: { accessLogGroups: '/from/context' } });
    assert.throws(
      () => new ApiErrorAnalyzerStack(app, 'Analyzer', { accessLogGroups: ['bad,name'] }),
      /accessLogGroups contains "bad,name"/,
    );
  });

  test('a reservedConcurrency prop takes precedence over the context key', () => {
    const context = { accessLogGroups: '/aws/a', 'aws:cdk:bundling-stacks': [], reservedConcurrency: '7' };
    const stack = new ApiErrorAnalyzerStack(new App({ context }), 'R', { reservedConcurrency: 3 });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 3,
    });
  });
});

describe('a log group listed under the other kind', () => {
  const warningsOf = (context: Record<string, unknown>) =>
    Annotations.fromStack(
      new ApiErrorAnalyzerStack(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }), 'W'),
    )
      .findWarning('*', Match.anyValue())
      .map((message) => String(message.entry.data));

  test('an execution log group under accessLogGroups gets a synth warning saying its failures are not counted and to move it', () => {
    const name = 'API-Gateway-Execution-Logs_abc1234501/prod';
    for (const accessLogGroups of [name, `/aws/apigateway/a,${name}`]) {
      const warnings = warningsOf({ accessLogGroups });
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(
        warnings[0] ?? '',
        new RegExp(
          `^accessLogGroups lists "${name}", which is named like an execution log group: if it holds execution logs, list it under executionLogGroups, or its failures are not counted`,
        ),
      );
    }
  });

  for (const name of [
    '/aws/apigateway/orders-access',
    'orders-api-access-logs',
    'API-Gateway-Access-Logs_orders',
  ]) {
    test(`an access-like group (${name}) under executionLogGroups gets a synth warning saying most failures are dropped and to move it`, () => {
      const warnings = warningsOf({ executionLogGroups: name });
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(
        warnings[0] ?? '',
        new RegExp(
          `^executionLogGroups lists "${name}", which is named like an access log group.*: if it holds access logs, list it under accessLogGroups, or only its lines holding one of the execution filter's terms reach the function \\(a throttled 502 or a wrong-route 403 access line is dropped`,
        ),
      );
    });
  }

  test('groups under their own kind, and an execution-list name that looks like neither, get no warning', () => {
    assert.deepEqual(
      warningsOf({
        accessLogGroups: '/aws/apigateway/a,API-Gateway-Execution-Logs-like/prod',
        executionLogGroups: 'API-Gateway-Execution-Logs_abc1234501/prod,ws-exec-copy',
      }),
      [],
    );
  });
});

describe("the app's SilenceAlarmHours parameter beside execution log groups only", () => {
  const silenceNotes = (context: Record<string, unknown>) =>
    Annotations.fromStack(
      new ApiErrorAnalyzerStack(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }), 'W'),
    )
      .findInfo('*', Match.stringLikeRegexp('SilenceAlarmHours'))
      .map((message) => String(message.entry.data));

  test('notes at synth (an info: the parameter is a token, off by default) that ERROR-level execution logs deliver nothing on a healthy API', () => {
    const notes = silenceNotes({ executionLogGroups: 'API-Gateway-Execution-Logs_abc1234501/prod' });
    assert.equal(notes.length, 1, notes.join('\n'));
    assert.match(notes[0] ?? '', /no access log group.*ERROR level.*INFO/);
  });

  test('says nothing of it when access log groups are subscribed with the default filter', () => {
    assert.deepEqual(
      silenceNotes({
        accessLogGroups: '/aws/apigateway/a',
        executionLogGroups: 'API-Gateway-Execution-Logs_abc1234501/prod',
      }),
      [],
    );
  });
});

describe('stack name from CDK context', () => {
  test('is ApiGatewayErrorAnalyzer unless -c stackName=NAME names another', () => {
    assert.equal(stackNameFromContext(nodeWith({})), 'ApiGatewayErrorAnalyzer');
    assert.equal(stackNameFromContext(nodeWith({ stackName: 'orders-errors' })), 'orders-errors');
    assert.equal(stackNameFromContext(nodeWith({ stackName: `A${'b'.repeat(127)}` })).length, 128);
  });

  for (const value of ['bad_name!', '1orders', 'orders errors', '', `A${'b'.repeat(128)}`, 42]) {
    test(`rejects ${JSON.stringify(value).slice(0, 24)}, naming the key and the allowed form`, () => {
      assert.throws(() => stackNameFromContext(nodeWith({ stackName: value })), {
        name: 'AnalyzerPropsError',
        message:
          /^CDK context stackName is .*; a stack name is letters, digits and hyphens, starts with a letter and has at most 128 characters, e\.g\. -c stackName=orders-errors$/,
      });
    });
  }

  test('the CDK app prints one error line for a bad stack name, not a stack trace', () => {
    const result = runApp({ stackName: 'bad_name!', accessLogGroups: '/aws/apigateway/a' });
    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stderr,
      /^error: CDK context stackName is "bad_name!"; a stack name is letters, digits and hyphens/,
    );
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
  });
});

describe('more log groups than one stack holds', () => {
  test('the CDK app prints one error line naming how many log groups fit and the fix, not a CDK stack trace', () => {
    const accessLogGroups = Array.from({ length: 500 }, (_, i) => `/aws/apigateway/api-${i}-access`).join(
      ',',
    );
    const result = runApp({ stackName: 'Huge', accessLogGroups });
    assert.equal(result.status, 1, result.stderr);
    const fit =
      /^error: accessLogGroups and executionLogGroups name 500 log groups; .*CloudFormation allows 500 resources in a stack, so at most (\d+) log groups fit in one stack: split the APIs across stacks \(-c stackName=…\)/.exec(
        result.stderr,
      )?.[1];
    assert.ok(fit, result.stderr);
    // The app has no `stages` option: naming it would read like a missing -c key.
    assert.doesNotMatch(result.stderr, /stages/);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    // The README states the same number where a user plans the stack, and among the limits; the
    // deploy page where it counts the resources.
    const root = join(__dirname, '..', '..');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const deploy = readFileSync(join(root, 'docs', 'deploy-details.md'), 'utf8');
    assert.equal(/\*\*(\d+) log groups per stack\*\*/.exec(readme)?.[1], fit);
    assert.equal(/\*\*(\d+) log groups per stack\*\*/.exec(deploy)?.[1], fit);
    assert.equal(/\*\*Log groups per stack\*\*: at most (\d+),/.exec(readme)?.[1], fit);
  });
});

describe('more execution log group names than the environment holds', () => {
  test('the CDK app names executionLogGroups alone, the only option it has for them', () => {
    const executionLogGroups = Array.from(
      { length: 60 },
      (_, i) => `API-Gateway-Execution-Logs_abcdefgh${String(i).padStart(2, '0')}/production`,
    ).join(',');
    const result = runApp({ stackName: 'ManyExecution', executionLogGroups });
    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stderr,
      /^error: executionLogGroups names 60 execution log groups \(about 2940 characters\).*split the APIs across stacks/,
    );
    assert.doesNotMatch(result.stderr, /stages/);
  });
});

describe('what the app subscribes', () => {
  // A repeated -c key keeps only its last value, merged by the CDK CLI before the app runs: the line
  // shows which groups were taken.
  test('the CDK app prints on stderr how many log groups of each kind it subscribes, naming the first ten', () => {
    const access = Array.from({ length: 12 }, (_, i) => `/aws/apigateway/api-${i}-access`);
    const result = runApp({
      accessLogGroups: access.join(','),
      executionLogGroups: 'API-Gateway-Execution-Logs_abc123defg/prod',
    });
    assert.equal(result.status, 0, result.stderr);
    const line = result.stderr.split('\n').find((text) => text.startsWith('subscribing '));
    assert.equal(
      line,
      `subscribing 12 access log groups and 1 execution log group: ${access.slice(0, 10).join(', ')} and 3 more`,
      result.stderr,
    );
  });
});

describe('context keys misspelled', () => {
  // Each would be ignored without a word: the stack would lose its execution-log subscriptions, deploy
  // unreserved, or replace the default stack instead of creating a second one.
  const typos: ReadonlyArray<[string, string]> = [
    ['accesLogGroups', 'accessLogGroups'],
    ['accessLogGroup', 'accessLogGroups'],
    ['executionloggroups', 'executionLogGroups'],
    ['ExecutionLogGroups', 'executionLogGroups'],
    ['reservedconcurrency', 'reservedConcurrency'],
    ['stack-name', 'stackName'],
    // Two letters away: two dropped, or two replaced.
    ['acessLogGroup', 'accessLogGroups'],
    ['reservedCuncurrancy', 'reservedConcurrency'],
    // Only case and separators apart, however many: they are not counted as letters.
    ['EXECUTION_LOG_GROUPS', 'executionLogGroups'],
    ['execution-log-group', 'executionLogGroups'],
  ];
  for (const [typo, key] of typos) {
    test(`refuses ${typo}, naming it and the key it misspells`, () => {
      assert.throws(
        () => checkContextKeys(nodeWith({ accessLogGroups: '/aws/a', [typo]: 'x' }), STACK_PARAMETER_IDS),
        {
          name: 'AnalyzerPropsError',
          message: new RegExp(`^CDK context key "${typo}" is not one this app reads: did you mean ${key}\\?`),
        },
      );
    });
  }

  test("passes the app's own keys, CDK's feature flags and other context alike", () => {
    assert.doesNotThrow(() =>
      checkContextKeys(
        nodeWith({
          accessLogGroups: '/aws/a',
          executionLogGroups: 'e',
          reservedConcurrency: '5',
          stackName: 'orders-errors',
          '@aws-cdk/core:validateAgainstDefaultRules': true,
          'aws:cdk:bundling-stacks': [],
          'cli-telemetry': false,
          'availability-zones:account=123456789012:region=us-east-1': ['us-east-1a'],
        }),
        STACK_PARAMETER_IDS,
      ),
    );
  });

  // The stack's parameters are read from --parameters only: as context, CDK ignores them without a
  // word, and an AlertEmail given so leaves the e-mail subscription out.
  for (const id of STACK_PARAMETER_IDS) {
    test(`refuses the stack parameter ${id} given as context, naming --parameters ${id}=…`, () => {
      assert.throws(
        () => checkContextKeys(nodeWith({ accessLogGroups: '/aws/a', [id]: 'x' }), STACK_PARAMETER_IDS),
        {
          name: 'AnalyzerPropsError',
          message: new RegExp(
            `^CDK context key "${id}" is a stack parameter, not context: give it as --parameters ${id}=x`,
          ),
        },
      );
    });
  }

  test('refuses a stack parameter given as context whatever its case', () => {
    assert.throws(
      () =>
        checkContextKeys(
          nodeWith({ accessLogGroups: '/aws/a', alertEmail: 'ops@example.com' }),
          STACK_PARAMETER_IDS,
        ),
      {
        message: /--parameters AlertEmail=ops@example\.com/,
      },
    );
  });

  // Ignored, the stack would be ApiGatewayErrorAnalyzer and the deploy would replace the default stack.
  for (const key of ['stack', 'stack-name', 'name', 'Stack', 'STACK_NAME']) {
    test(`refuses ${key} as the stack's name, naming -c stackName=…`, () => {
      assert.throws(
        () =>
          checkContextKeys(
            nodeWith({ accessLogGroups: '/aws/a', [key]: 'orders-errors' }),
            STACK_PARAMETER_IDS,
          ),
        {
          name: 'AnalyzerPropsError',
          message: new RegExp(
            `^CDK context key "${key}" is not one this app reads: did you mean stackName\\? Name the stack with -c stackName=orders-errors`,
          ),
        },
      );
    });
  }

  test("passes every plain key cdk.json holds: they are CDK's own", () => {
    const cdkJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as {
      context: Record<string, unknown>;
    };
    assert.doesNotThrow(() =>
      checkContextKeys(nodeWith({ accessLogGroups: '/aws/a', ...cdkJson.context }), STACK_PARAMETER_IDS),
    );
  });

  test("passes a key three letters away from the app's own: it is another app's context, not a typo", () => {
    assert.doesNotThrow(() =>
      checkContextKeys(nodeWith({ accessLogGroups: '/aws/a', theStackName: 'x' }), STACK_PARAMETER_IDS),
    );
  });

  test('the CDK app warns about a plain context key it does not read, naming the keys it reads, and still synthesizes', () => {
    // `-c executionLogs=…` (not a near miss of executionLogGroups) would otherwise drop that group without a word.
    const result = runApp({
      accessLogGroups: '/aws/apigateway/a',
      executionLogs: 'API-Gateway-Execution-Logs_abc123defg/prod',
      'cli-telemetry': false,
      '@aws-cdk/core:newStyleStackSynthesis': true,
    });
    assert.equal(result.status, 0, result.stderr);
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning: '));
    assert.equal(warnings.length, 1, result.stderr);
    assert.match(
      warnings[0] ?? '',
      /^warning: CDK context key "executionLogs" is not one this app reads, so it is ignored \(it reads accessLogGroups, executionLogGroups, reservedConcurrency, stackName\)/,
    );
  });

  test('the CDK app prints one error line for a misspelled key, not a synth without it', () => {
    const result = runApp({
      accessLogGroups: '/aws/apigateway/a',
      executionLogGroup: 'API-Gateway-Execution-Logs_abc123defg/prod',
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /^error: CDK context key "executionLogGroup" is not one this app reads/);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
  });
});
