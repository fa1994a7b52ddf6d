/**
 * The construct as another CDK app would use it: plain props, log groups as names or objects, a
 * REST API stage. One app holds every variant and is synthesized once; bundling is skipped here
 * (the stack test bundles for real).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  App,
  CfnParameter,
  CfnWaitConditionHandle,
  Duration,
  Fn,
  NestedStack,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { transformSync } from 'esbuild';
import {
  DEFAULT_METRICS_NAMESPACE as CONFIG_NAMESPACE,
  SETTINGS as CONFIG_SETTINGS,
  ENV,
} from '../../lambda/config';
import { CAUSE_IDS } from '../../lambda/core/taxonomy';
import {
  ApiErrorAnalyzer,
  type ApiErrorAnalyzerProps,
  DEFAULT_METRICS_NAMESPACE,
  SETTINGS,
} from '../../lib/api-error-analyzer';
import { CAUSE_THRESHOLDS_MAX_LENGTH } from '../../lib/api-error-analyzer-stack';
import { MAX_FILTER_PATTERN_LENGTH } from '../../lib/log-filter-patterns';
import { dashboardWidgets, UNPARSED_WIDGET, widgetMetrics, widgetSearches } from './dashboard-body';

const cdkJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });

const literal = new Stack(app, 'Literal');
new ApiErrorAnalyzer(literal, 'Analyzer', {
  accessLogGroups: ['/aws/apigateway/orders-access'],
  alertEmail: 'ops@example.com',
  alertPhoneNumber: '+14155550100',
  windowMinutes: 10,
  cooldownMinutes: 0,
  causeThresholds: 'limit.backend=1',
  metricsNamespace: 'Orders/Errors',
  reservedConcurrency: 3,
  timeout: Duration.seconds(30),
  memorySize: 512,
  accessLogFilterPattern: '{ $.status = 5* }',
  dashboardName: 'orders-errors',
  silenceAlarmHours: 24,
});

const fromStage = new Stack(app, 'FromStage');
const api = new apigateway.RestApi(fromStage, 'Api');
api.root.addMethod('GET', new apigateway.MockIntegration());
const accessGroup = new logs.LogGroup(fromStage, 'AccessLogs');
new ApiErrorAnalyzer(fromStage, 'Analyzer', {
  stages: [api.deploymentStage],
  accessLogGroups: [accessGroup],
});

const executionOnly = new Stack(app, 'ExecutionOnly');
new ApiErrorAnalyzer(executionOnly, 'Analyzer', {
  executionLogGroups: ['API-Gateway-Execution-Logs_abc123defg/prod'],
});

const assembly = app.synth();
const templateOf = (stack: Stack) => Template.fromJSON(assembly.getStackByName(stack.stackName).template);
const [literalT, stageT, executionT] = [
  templateOf(literal),
  templateOf(fromStage),
  templateOf(executionOnly),
];

function environmentOf(template: Template): Record<string, unknown> {
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
  assert.ok(fn, 'no function');
  return fn.Properties.Environment.Variables;
}

describe('literal props', () => {
  test('a literal e-mail and phone number are subscribed without conditions', () => {
    for (const [protocol, endpoint] of [
      ['email', 'ops@example.com'],
      ['sms', '+14155550100'],
    ]) {
      const found = literalT.findResources('AWS::SNS::Subscription', {
        Properties: { Protocol: protocol, Endpoint: endpoint },
      });
      const [subscription] = Object.values(found);
      assert.ok(subscription, `no ${protocol} subscription`);
      assert.equal(subscription.Condition, undefined);
    }
    assert.equal(literalT.toJSON().Conditions, undefined);
  });

  test('SMS receives only critical alerts by default, by a filter policy on the severity attribute', () => {
    literalT.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sms',
      FilterPolicy: { severity: ['critical'] },
      FilterPolicyScope: 'MessageAttributes',
    });
    const [email] = Object.values(
      literalT.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } }),
    );
    assert.equal(email?.Properties.FilterPolicy, undefined, 'e-mail receives every alert');
  });

  test('no alert endpoint means no subscription at all', () => {
    executionT.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('an empty literal e-mail or phone number means no subscription, as for none given', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'EmptyEndpoints');
    new ApiErrorAnalyzer(stack, 'Analyzer', {
      accessLogGroups: ['/aws/apigateway/a'],
      alertEmail: '',
      alertPhoneNumber: '',
    });
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('settings reach the function as text in the variables lambda/config.ts reads', () => {
    const env = environmentOf(literalT);
    assert.equal(env[ENV.windowMinutes], '10');
    assert.equal(env[ENV.cooldownMinutes], '0');
    assert.equal(env[ENV.serverErrorThreshold], '5');
    assert.equal(env[ENV.causeThresholds], 'limit.backend=1');
    assert.equal(env[ENV.metricsNamespace], 'Orders/Errors');
    assert.equal(env[ENV.executionLogGroups], '');
  });

  test('function sizing props replace the defaults', () => {
    literalT.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 3,
      Timeout: 30,
      MemorySize: 512,
    });
  });

  test('a custom access-log filter pattern is used as given', () => {
    literalT.hasResourceProperties('AWS::Logs::SubscriptionFilter', { FilterPattern: '{ $.status = 5* }' });
  });

  test('a custom access-log filter pattern turns the error rate off: the function would see only the lines it lets through', () => {
    assert.equal(environmentOf(literalT)[ENV.judgeErrorRate], 'false');
  });

  test('the error rate stays on with the default access-log filter, and with a custom one said to pass every request', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'EveryRequest');
    new ApiErrorAnalyzer(stack, 'Analyzer', {
      accessLogGroups: ['/aws/apigateway/a'],
      // Drops only health checks: every API request still passes.
      accessLogFilterPattern: '{ $.resourcePath != "/health" }',
      accessLogFilterPassesEveryRequest: true,
    });
    assert.equal(environmentOf(Template.fromStack(stack))[ENV.judgeErrorRate], undefined);
    assert.equal(environmentOf(stageT)[ENV.judgeErrorRate], undefined);
  });

  test('accessLogFilterPassesEveryRequest false turns the error rate off even with the default filter', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'NotEveryRequest');
    new ApiErrorAnalyzer(stack, 'Analyzer', {
      accessLogGroups: ['/aws/apigateway/a'],
      accessLogFilterPassesEveryRequest: false,
    });
    assert.equal(environmentOf(Template.fromStack(stack))[ENV.judgeErrorRate], 'false');
  });

  test('a stack with execution log groups only turns the error rate off, with a synth note naming ErrorRatePercent, MinRequests and the fix: requests are counted from access logs alone', () => {
    assert.equal(environmentOf(executionT)[ENV.judgeErrorRate], 'false');
    const annotations = Annotations.fromStack(executionOnly);
    const notes = annotations
      .findInfo('*', Match.stringLikeRegexp('errorRatePercent'))
      .map((message) => String(message.entry.data));
    assert.equal(notes.length, 1, notes.join('\n'));
    for (const words of [/ErrorRatePercent/, /MinRequests/, /not judged/, /access log group/]) {
      assert.match(notes[0] ?? '', words);
    }
    // A documented setup, its rate not asked for: no warning, so `cdk synth --strict` passes.
    assert.deepEqual(annotations.findWarning('*', Match.stringLikeRegexp('errorRatePercent')), []);
  });

  test('execution log groups only with an error rate given as a number: synth warns that it is not judged', () => {
    for (const asked of [{ errorRatePercent: 2 }, { minRequests: 50 }]) {
      const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'AskedRate');
      new ApiErrorAnalyzer(stack, 'Analyzer', {
        executionLogGroups: ['API-Gateway-Execution-Logs_abc123defg/prod'],
        ...asked,
      });
      const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('not judged'));
      assert.equal(warnings.length, 1, JSON.stringify(asked));
    }
  });

  test('a stack with access log groups gets no warning about the error rate', () => {
    for (const stack of [literal, fromStage]) {
      assert.deepEqual(
        Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('errorRatePercent')),
        [],
      );
    }
  });

  test('with the error rate off, the dashboard does not call the lines that passed the filter requests', () => {
    const titles = dashboardWidgets(literalT).map((w) => w.properties.title ?? '');
    assert.ok(!titles.includes('Requests by API and stage'), titles.join(' | '));
    assert.ok(
      titles.some((t) => /access-log lines/i.test(t) && /not every request/i.test(t)),
      titles.join(' | '),
    );
    assert.ok(dashboardWidgets(stageT).some((w) => w.properties.title === 'Requests by API and stage'));
  });

  test('a custom execution-log filter pattern is used as given', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'ExecutionPattern');
    new ApiErrorAnalyzer(stack, 'Analyzer', {
      executionLogGroups: ['API-Gateway-Execution-Logs_abc123defg/prod'],
      executionLogFilterPattern: '?"Execution failed" ?"Method completed with status"',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      FilterPattern: '?"Execution failed" ?"Method completed with status"',
    });
  });

  test('the dashboard takes the given name and searches the given namespace, in double quotes since it holds a slash', () => {
    // "You don't need to use quote marks inside the metric schema unless a namespace or dimension name
    // includes spaces or non-alphanumeric characters. In that case, you must enclose the name that contains
    // those characters with double quotes." (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/search-expression-syntax.html)
    const [dashboard] = Object.values(literalT.findResources('AWS::CloudWatch::Dashboard'));
    assert.equal(dashboard?.Properties.DashboardName, 'orders-errors');
    const searches = widgetSearches(literalT);
    assert.equal(searches.length, 3);
    for (const search of searches) assert.match(search, /^SEARCH\('\{"Orders\/Errors",Api,Stage(,Cause)?\} /);
  });

  test('a namespace holding a dot, like any character but a letter or digit, is searched in double quotes', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'DottedNamespace');
    new ApiErrorAnalyzer(stack, 'Analyzer', {
      accessLogGroups: ['/aws/apigateway/a'],
      metricsNamespace: 'Orders.Errors',
    });
    const searches = widgetSearches(Template.fromStack(stack));
    assert.equal(searches.length, 3);
    for (const search of searches) assert.match(search, /^SEARCH\('\{"Orders\.Errors",Api,Stage(,Cause)?\} /);
  });

  test('a namespace known only at deploy is searched in double quotes, whatever characters it holds', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'TokenNamespace');
    const metricsNamespace = new CfnParameter(stack, 'Namespace', { type: 'String' }).valueAsString;
    new ApiErrorAnalyzer(stack, 'Analyzer', { accessLogGroups: ['/aws/apigateway/a'], metricsNamespace });
    const searches = widgetSearches(Template.fromStack(stack));
    assert.equal(searches.length, 3);
    for (const search of searches)
      assert.match(search, /^SEARCH\('\{"<Ref Namespace>",Api,Stage(,Cause)?\} /);
  });

  test('without execution log groups the function gets no FilterLogEvents permission', () => {
    assert.doesNotMatch(JSON.stringify(literalT.findResources('AWS::IAM::Policy')), /FilterLogEvents/);
  });
});

describe('log groups from a REST API stage and log group objects', () => {
  const executionGroupName = {
    'Fn::Join': [
      '',
      [
        'API-Gateway-Execution-Logs_',
        { Ref: stageT.getResourceId('AWS::ApiGateway::RestApi') },
        '/',
        {
          Ref: stageT.getResourceId('AWS::ApiGateway::Stage'),
        },
      ],
    ],
  };

  test("a stage's execution log group name is built from its API id and stage name", () => {
    stageT.hasResourceProperties('AWS::Logs::SubscriptionFilter', { LogGroupName: executionGroupName });
    assert.deepEqual(environmentOf(stageT)[ENV.executionLogGroups], executionGroupName);
  });

  test('a log group object is subscribed by reference', () => {
    stageT.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: {
        Ref: stageT.getResourceId('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 731 } }),
      },
      FilterPattern: '',
    });
  });

  test("reading a stage's trails is allowed on its group's ARN with `:*`, and cdk-nag finds nothing else to flag in the analyzer", () => {
    const policies = JSON.stringify(stageT.findResources('AWS::IAM::Policy'));
    assert.match(policies, /"Ref":"[A-Za-z0-9]*DeploymentStage[A-Za-z0-9]*"},":\*"/);
    // The RestApi of this test app has findings of its own (no access logging, no authorizer).
    const findings = new AwsSolutionsChecks()
      .validateScope(fromStage)
      .violations.filter((v) =>
        v.violatingResources.some((r) => r.constructPath?.startsWith('FromStage/Analyzer/')),
      );
    assert.deepEqual(
      findings.map((v) => v.ruleName),
      [],
    );
  });

  test("the unparsed-lines widget graphs the stage's execution log group and the access log group object, in the given namespace", () => {
    const ref = (type: string) => `<Ref ${stageT.getResourceId(type)}>`;
    const accessRef = `<Ref ${stageT.getResourceId('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 731 } })}>`;
    const execution = `API-Gateway-Execution-Logs_${ref('AWS::ApiGateway::RestApi')}/${ref('AWS::ApiGateway::Stage')}`;
    assert.deepEqual(
      widgetMetrics(stageT, UNPARSED_WIDGET).map((line) => line.slice(0, 4)),
      [accessRef, execution].map((name) => ['ApiGatewayErrorAnalyzer', 'UnparsedLines', 'LogGroup', name]),
    );
    assert.deepEqual(
      widgetMetrics(literalT, UNPARSED_WIDGET).map((line) => line.slice(0, 4)),
      [['Orders/Errors', 'UnparsedLines', 'LogGroup', '/aws/apigateway/orders-access']],
    );
  });

  test('access and execution logs together: the dashboard graphs the execution-log failures not counted from them, by API and stage', () => {
    const widget = dashboardWidgets(stageT).find((w) =>
      JSON.stringify(w.properties.metrics ?? []).includes('ExecutionLogFailures'),
    );
    assert.ok(widget, 'no widget graphs ExecutionLogFailures');
    // Every execution-log failure, the ones the access log counted too: no claim that only these logs saw them.
    assert.match(widget.properties.title ?? '', /execution-log failures.*not counted/i);
    assert.doesNotMatch(widget.properties.title ?? '', /\bonly\b/i);
    assert.deepEqual(
      widgetSearches(stageT).filter((search) => search.includes('ExecutionLogFailures')),
      [`SEARCH('{ApiGatewayErrorAnalyzer,Api,Stage} MetricName="ExecutionLogFailures"', 'Sum', 300)`],
    );
  });

  test('execution logs alone, or access logs alone: no widget for execution-log failures left uncounted, as there are none', () => {
    for (const template of [executionT, literalT]) {
      assert.doesNotMatch(JSON.stringify(dashboardWidgets(template)), /ExecutionLogFailures/);
    }
  });

  test('access logs present: execution-log failures are not counted a second time', () => {
    assert.equal(environmentOf(stageT)[ENV.countExecutionLogs], 'false');
  });

  test('execution logs alone: their failures are counted', () => {
    assert.equal(environmentOf(executionT)[ENV.countExecutionLogs], 'true');
  });
});

describe('the silence alarm (silenceAlarmHours)', () => {
  const silenceAlarms = (template: Template) =>
    template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { Namespace: 'AWS/Lambda', MetricName: 'Invocations' },
    });

  test('a literal number of hours makes an unconditional alarm that needs that many silent hours in a row', () => {
    const [[id, alarm] = []] = Object.entries(silenceAlarms(literalT));
    assert.ok(id && alarm, 'no silence alarm');
    assert.equal(alarm.Condition, undefined);
    assert.equal(alarm.Properties.Period, 3600);
    assert.equal(alarm.Properties.EvaluationPeriods, 24);
    assert.equal(alarm.Properties.DatapointsToAlarm, 24);
    assert.equal(alarm.Properties.ComparisonOperator, 'LessThanThreshold');
    assert.equal(alarm.Properties.TreatMissingData, 'breaching');
    assert.match(alarm.Properties.AlarmDescription, /for 24 hours/);
  });

  test("a literal one is on the dashboard's health widget, among the analyzer's alarms", () => {
    const [id] = Object.keys(silenceAlarms(literalT));
    const shown = dashboardWidgets(literalT)
      .filter((w) => w.type === 'alarm')
      .flatMap((w) => w.properties.alarms ?? []);
    assert.ok(shown.includes(`<${id}.Arn>`), `${id} is not on the dashboard`);
  });

  const without: ReadonlyArray<[string, Partial<ApiErrorAnalyzerProps>]> = [
    ['not given', {}],
    ['0', { silenceAlarmHours: 0 }],
  ];
  for (const [label, props] of without) {
    test(`${label}: there is no silence alarm, since a quiet API is silent too`, () => {
      const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'NoSilence');
      const analyzer = new ApiErrorAnalyzer(stack, 'Analyzer', {
        accessLogGroups: ['/aws/apigateway/a'],
        ...props,
      });
      assert.equal(Object.keys(silenceAlarms(Template.fromStack(stack))).length, 0);
      assert.equal(analyzer.silenceAlarm, undefined);
    });
  }

  test("a token (a parameter of the user's stack) makes the alarm conditional on it not being 0, and keeps it off the dashboard, which could not refer to it when left out", () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'TokenSilence');
    const hours = new CfnParameter(stack, 'Hours', { type: 'Number', default: 0 });
    // As the docs tell a user: template validation reads the default 0 into EvaluationPeriods.
    Validations.of(stack).acknowledge({ id: 'CloudFormation-Validate::W1030', reason: 'off at 0' });
    const analyzer = new ApiErrorAnalyzer(stack, 'Analyzer', {
      accessLogGroups: ['/aws/apigateway/a'],
      silenceAlarmHours: hours.valueAsNumber,
    });
    const template = Template.fromStack(stack);
    const [[id, alarm] = []] = Object.entries(silenceAlarms(template));
    assert.ok(id && alarm, 'no silence alarm');
    assert.deepEqual(template.toJSON().Conditions[alarm.Condition], {
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Hours' }, '0'] }],
    });
    assert.deepEqual(alarm.Properties.EvaluationPeriods, { Ref: 'Hours' });
    assert.ok(analyzer.silenceAlarm);
    assert.ok(!analyzer.alarms.includes(analyzer.silenceAlarm));
    assert.ok(!JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard')).includes(id));
  });
});

describe('the silence alarm where deliveries may carry failures only', () => {
  const EXECUTION_ONLY = { executionLogGroups: ['API-Gateway-Execution-Logs_abc123defg/prod'] };
  const ACCESS = { accessLogGroups: ['/aws/apigateway/a'] };
  const FAILURES_ONLY = { ...ACCESS, accessLogFilterPattern: '{ $.status = 4* || $.status = 5* }' };
  /** The synth's words on the silence alarm: warnings for hours given as a number, infos for a token's. */
  const silenceNotes = (props: (stack: Stack) => ApiErrorAnalyzerProps): string[] => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Silence');
    const given = props(stack);
    new ApiErrorAnalyzer(stack, 'Analyzer', given);
    const annotations = Annotations.fromStack(stack);
    const token = given.silenceAlarmHours !== undefined && Token.isUnresolved(given.silenceAlarmHours);
    const other = token ? annotations.findWarning : annotations.findInfo;
    assert.deepEqual(
      other.call(annotations, '*', Match.stringLikeRegexp('silenceAlarmHours')),
      [],
      token ? 'a warning for hours known only at deploy' : 'an info for hours given as a number',
    );
    return (token ? annotations.findInfo : annotations.findWarning)
      .call(annotations, '*', Match.stringLikeRegexp('silenceAlarmHours'))
      .map((message) => String(message.entry.data));
  };
  const hoursParameter = (stack: Stack) =>
    new CfnParameter(stack, 'Hours', { type: 'Number', default: 0 }).valueAsNumber;

  const warned: ReadonlyArray<[string, (stack: Stack) => ApiErrorAnalyzerProps, RegExp]> = [
    [
      'execution log groups only and 24 hours',
      () => ({ ...EXECUTION_ONLY, silenceAlarmHours: 24 }),
      /no access log group/,
    ],
    [
      'execution log groups only and hours from a stack parameter (a token)',
      (stack) => ({ ...EXECUTION_ONLY, silenceAlarmHours: hoursParameter(stack) }),
      /no access log group/,
    ],
    [
      'a failures-only access-log filter and 24 hours',
      () => ({ ...FAILURES_ONLY, silenceAlarmHours: 24 }),
      /accessLogFilterPattern/,
    ],
    [
      'accessLogFilterPassesEveryRequest false and hours from a stack parameter',
      (stack) => ({
        ...ACCESS,
        accessLogFilterPassesEveryRequest: false,
        silenceAlarmHours: hoursParameter(stack),
      }),
      /accessLogFilterPattern/,
    ],
  ];
  for (const [label, props, setup] of warned) {
    test(`${label}: synth says (a warning for a number, an info for a token) that a healthy API may deliver nothing, naming the setting, why and the fix`, () => {
      const warnings = silenceNotes(props);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      for (const words of [/NoLogDeliveries/, setup, /ERROR level/, /INFO/, /default filter/]) {
        assert.match(warnings[0] ?? '', words);
      }
    });
  }

  // The stack's hours are a parameter whose default, 0, is off: asked for only if set at deploy. A
  // construct given a number has no such parameter.
  const wording: ReadonlyArray<[string, (stack: Stack) => ApiErrorAnalyzerProps, RegExp, RegExp]> = [
    [
      'hours from a stack parameter (a token)',
      (stack) => ({ ...EXECUTION_ONLY, silenceAlarmHours: hoursParameter(stack) }),
      /^if silenceAlarmHours resolves above 0 at deploy \(in this project's stack, the SilenceAlarmHours parameter, 0 and off by default\), the NoLogDeliveries alarm fires/,
      /asks for/,
    ],
    [
      'a literal 24 hours',
      () => ({ ...EXECUTION_ONLY, silenceAlarmHours: 24 }),
      /^silenceAlarmHours \(24\) asks for the NoLogDeliveries alarm, which fires when no log delivery reached the function for 24 hours/,
      /SilenceAlarmHours|stack parameter/,
    ],
  ];
  for (const [label, props, says, saysNot] of wording) {
    test(`with ${label}, the failures-only warning words the alarm as the hours ask for it`, () => {
      const [warning = ''] = silenceNotes(props);
      assert.match(warning, says);
      assert.doesNotMatch(warning, saysNot);
    });
  }

  const quiet: ReadonlyArray<[string, (stack: Stack) => ApiErrorAnalyzerProps]> = [
    ['access log groups with the default filter and 24 hours', () => ({ ...ACCESS, silenceAlarmHours: 24 })],
    [
      'access and execution log groups with the default filter and a token',
      (stack) => ({ ...ACCESS, ...EXECUTION_ONLY, silenceAlarmHours: hoursParameter(stack) }),
    ],
    [
      'a failures-only filter said to pass every request',
      () => ({ ...FAILURES_ONLY, accessLogFilterPassesEveryRequest: true, silenceAlarmHours: 24 }),
    ],
    ['execution log groups only and no silence alarm', () => EXECUTION_ONLY],
    ['execution log groups only and 0 hours', () => ({ ...EXECUTION_ONLY, silenceAlarmHours: 0 })],
    ['a failures-only filter and no silence alarm', () => FAILURES_ONLY],
  ];
  for (const [label, props] of quiet) {
    test(`${label}: no warning about the silence alarm`, () => {
      assert.deepEqual(silenceNotes(props), []);
    });
  }
});

describe('the FunctionThrottles alarm', () => {
  const throttlesDescription = (template: Template): string => {
    const alarms = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'Throttles' } }),
    );
    assert.equal(alarms.length, 1);
    return alarms[0]?.Properties.AlarmDescription;
  };

  test("without a reservation it blames the account's unreserved concurrency, which other functions share, not a reservation there is none of", () => {
    const description = throttlesDescription(stageT);
    assert.match(description, /account's unreserved concurrency/);
    assert.doesNotMatch(description, /its reserved concurrency/);
  });

  test('with a reservation it names the reservation and its size, the knob to raise', () => {
    const description = throttlesDescription(literalT);
    assert.match(description, /reserved concurrency \(3\)/);
    assert.doesNotMatch(description, /unreserved/);
  });
});

describe("from another CDK app's directory", () => {
  // `cdk synth` runs in the user's app, not in this repository: the function must still find its
  // handler, its dependencies and esbuild here, whatever lock file the user's directory holds. The
  // first two skip bundling (the construct's own resolution of its entry and lock file); the last
  // bundles for real.
  const synthIn = (lockFile: string | undefined) => {
    const dir = mkdtempSync(join(tmpdir(), 'analyzer-user-app-'));
    const cwd = process.cwd();
    try {
      if (lockFile !== undefined) writeFileSync(join(dir, lockFile), '{}');
      process.chdir(dir);
      const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'UserApp');
      new ApiErrorAnalyzer(stack, 'Analyzer', { accessLogGroups: ['/aws/apigateway/access'] });
      return Template.fromStack(stack);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  };

  test('a user app with its own package-lock.json synthesizes the analyzer', () => {
    synthIn('package-lock.json').resourceCountIs('AWS::Lambda::Function', 1);
  });

  test('a user app with no lock file at all synthesizes the analyzer', () => {
    synthIn(undefined).resourceCountIs('AWS::Lambda::Function', 1);
  });

  test("a user app's synth with bundling on bundles the handler from this package with local esbuild, not Docker", () => {
    // The tests above skip bundling (it takes seconds); this one runs it once from the user's directory.
    const dir = mkdtempSync(join(tmpdir(), 'analyzer-user-app-'));
    const outdir = mkdtempSync(join(tmpdir(), 'analyzer-user-app-out-'));
    const cwd = process.cwd();
    const path = process.env.PATH;
    try {
      writeFileSync(join(dir, 'package-lock.json'), '{}');
      // CDK falls back to Docker when it cannot run esbuild locally: make that fallback fail loudly.
      mkdirSync(join(dir, 'bin'));
      writeFileSync(
        join(dir, 'bin', 'docker'),
        '#!/bin/sh\necho "bundled with Docker, not local esbuild" >&2\nexit 1\n',
        {
          mode: 0o755,
        },
      );
      process.env.PATH = `${join(dir, 'bin')}:${path}`;
      process.chdir(dir);
      const userApp = new App({ outdir });
      const stack = new Stack(userApp, 'UserApp');
      new ApiErrorAnalyzer(stack, 'Analyzer', { accessLogGroups: ['/aws/apigateway/access'] });
      const template = Template.fromJSON(userApp.synth().getStackByName(stack.stackName).template);
      const functions = Object.values(template.findResources('AWS::Lambda::Function'));
      assert.equal(functions.length, 1);
      const s3Key = (functions[0]?.Properties as { Code: { S3Key: string } } | undefined)?.Code.S3Key ?? '';
      const code = readFileSync(join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`, 'index.js'), 'utf8');
      // The handler and the core it wires, bundled in.
      assert.match(code, /handler/);
      assert.match(code, /function classify\(/);
      assert.match(code, /function decodeData\(/);
    } finally {
      process.env.PATH = path;
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("cdk-nag 2 and 3 in the user's app", () => {
  // cdk-nag 3 reads Validations acknowledgements; cdk-nag 2, still in many apps, reads only
  // `cdk_nag.rules_to_suppress` metadata on the CloudFormation resource. The construct's findings
  // must be suppressed for both without the user writing a suppression.
  type Rule = { id: string; reason: string; applies_to?: string[] };
  const suppressedIds = (template: Template) => {
    const byResource: Record<string, string[]> = {};
    for (const [id, resource] of Object.entries(
      template.toJSON().Resources as Record<
        string,
        { Metadata?: { cdk_nag?: { rules_to_suppress: Rule[] } } }
      >,
    )) {
      const rules = resource.Metadata?.cdk_nag?.rules_to_suppress;
      if (rules === undefined) continue;
      byResource[id] = rules
        .flatMap((rule) =>
          (rule.applies_to ?? [undefined]).map((a) => (a === undefined ? rule.id : `${rule.id}[${a}]`)),
        )
        .sort();
    }
    return byResource;
  };
  const build = (writeSuppressionsToCloudFormation: boolean) => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Nag');
    new ApiErrorAnalyzer(stack, 'Analyzer', {
      executionLogGroups: [
        'API-Gateway-Execution-Logs_abc123defg/prod',
        'API-Gateway-Execution-Logs_abc123defg/test',
      ],
    });
    if (writeSuppressionsToCloudFormation) {
      Validations.of(app).addPlugins(
        new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }),
      );
    }
    return Template.fromJSON(app.synth().getStackByName('Nag').template);
  };

  test('a stage of an API in another stack (read through exports) leaves cdk-nag 3 nothing to flag in the analyzer', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const apiStack = new Stack(app, 'ApiStack');
    const api = new apigateway.RestApi(apiStack, 'Api');
    api.root.addMethod('GET', new apigateway.MockIntegration());
    const monitoring = new Stack(app, 'Monitoring');
    new ApiErrorAnalyzer(monitoring, 'Analyzer', { stages: [api.deploymentStage] });
    // cdk-nag 3 runs on the synthesized app, where the stage's ids have become Fn::ImportValue.
    const template = app.synth().getStackByName('Monitoring').template;
    assert.match(JSON.stringify(template), /Fn::ImportValue/);
    const findings = new AwsSolutionsChecks().validateScope(monitoring).violations;
    assert.deepEqual(
      findings.map((v) => v.ruleName),
      [],
    );
  });

  test("the template carries, in cdk-nag 2's form on each resource, exactly what cdk-nag 3 acknowledges there", () => {
    const v2 = suppressedIds(build(false));
    const v3 = suppressedIds(build(true));
    assert.ok(
      Object.values(v3)
        .flat()
        .some((id) => id === 'AwsSolutions-SQS3'),
    );
    const iam5 = new Set(
      Object.values(v3)
        .flat()
        .filter((id) => id.startsWith('AwsSolutions-IAM5[Resource::')),
    );
    assert.equal(iam5.size, 2, 'one IAM5 acknowledgement per execution log group');
    assert.deepEqual(v2, v3);
  });
});

describe('two analyzers in one stack (two teams)', () => {
  const twoTeams = () => new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'TwoTeams');

  test('two analyzers on different APIs get their own filter names, functions and alarms', () => {
    const stack = twoTeams();
    const [a, b] = ['Orders', 'Payments'].map((team) => {
      const api = new apigateway.RestApi(stack, `${team}Api`);
      api.root.addMethod('GET', new apigateway.MockIntegration());
      return new ApiErrorAnalyzer(stack, `${team}Errors`, {
        accessLogGroups: [new logs.LogGroup(stack, `${team}Access`)],
        stages: [api.deploymentStage],
      });
    });
    assert.ok(a && b);
    assert.notEqual(a.subscriptionFilterName, b.subscriptionFilterName);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', 4);
  });

  test('a log group a second analyzer of the stack also subscribes, in the same namespace, is refused: its failures would be counted and alerted twice', () => {
    const stack = twoTeams();
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('GET', new apigateway.MockIntegration());
    new ApiErrorAnalyzer(stack, 'TeamA', {
      accessLogGroups: ['/aws/apigateway/shared'],
      stages: [api.deploymentStage],
    });
    assert.throws(
      () => new ApiErrorAnalyzer(stack, 'TeamB', { accessLogGroups: ['/aws/apigateway/shared'] }),
      {
        name: 'AnalyzerPropsError',
        message:
          /^log group "\/aws\/apigateway\/shared" is already subscribed by the analyzer TwoTeams\/TeamA.*metricsNamespace/,
      },
    );
    assert.throws(() => new ApiErrorAnalyzer(stack, 'TeamC', { stages: [api.deploymentStage] }), {
      name: 'AnalyzerPropsError',
      message:
        /^the execution log group of stage TwoTeams\/Api\/DeploymentStage\.prod is already subscribed by the analyzer TwoTeams\/TeamA/,
    });
  });

  test('the metricsNamespace the refusal suggests is one the analyzer accepts, whatever characters its construct id holds', () => {
    for (const id of ['Team B (payments)', 'AWS', '★']) {
      const stack = twoTeams();
      new ApiErrorAnalyzer(stack, 'TeamA', { accessLogGroups: ['/aws/apigateway/shared'] });
      let message = '';
      try {
        new ApiErrorAnalyzer(stack, id, { accessLogGroups: ['/aws/apigateway/shared'] });
      } catch (error) {
        message = (error as Error).message;
      }
      const suggested = /its own metricsNamespace \(e\.g\. "([^"]*)"\)/.exec(message)?.[1];
      assert.ok(suggested !== undefined, `no suggestion in: ${message}`);
      assert.doesNotThrow(
        () =>
          new ApiErrorAnalyzer(stack, `${id} again`, {
            accessLogGroups: ['/aws/apigateway/shared'],
            metricsNamespace: suggested,
          }),
        `suggested "${suggested}" for id "${id}"`,
      );
    }
  });

  test('a log group an analyzer in another stack of the app subscribes, in the same account, region and namespace, is refused', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const env = { account: '123456789012', region: 'eu-west-1' };
    new ApiErrorAnalyzer(new Stack(app, 'Orders', { env }), 'Errors', {
      accessLogGroups: ['/aws/apigateway/shared'],
    });
    const payments = new Stack(app, 'Payments', { env });
    assert.throws(
      () => new ApiErrorAnalyzer(payments, 'Errors', { accessLogGroups: ['/aws/apigateway/shared'] }),
      {
        name: 'AnalyzerPropsError',
        message:
          /^log group "\/aws\/apigateway\/shared" is already subscribed by the analyzer Orders\/Errors/,
      },
    );
  });

  test('a log group an analyzer in a nested stack also subscribes is refused though no environment is fixed: a nested stack deploys with its parent', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const parent = new Stack(app, 'Parent');
    const group = new logs.LogGroup(parent, 'AccessLogs');
    new ApiErrorAnalyzer(parent, 'Errors', { accessLogGroups: ['/aws/apigateway/shared', group] });
    const nested = new NestedStack(parent, 'Team');
    assert.throws(
      () => new ApiErrorAnalyzer(nested, 'Errors', { accessLogGroups: ['/aws/apigateway/shared'] }),
      {
        name: 'AnalyzerPropsError',
        message:
          /^log group "\/aws\/apigateway\/shared" is already subscribed by the analyzer Parent\/Errors/,
      },
    );
    // Two nested stacks of one parent deploy together too; the group is the parent's.
    assert.throws(
      () => new ApiErrorAnalyzer(new NestedStack(parent, 'Other'), 'Errors', { accessLogGroups: [group] }),
      {
        name: 'AnalyzerPropsError',
        message: /^log group Parent\/AccessLogs is already subscribed by the analyzer Parent\/Errors/,
      },
    );
  });

  test('one stack class deployed twice to one account and region (Dev and Prod), each with its own API and log group, is allowed: their groups differ', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const env = { account: '123456789012', region: 'eu-west-1' };
    const deploy = (id: string) => {
      const stack = new Stack(app, id, { env });
      const api = new apigateway.RestApi(stack, 'Api');
      api.root.addMethod('GET', new apigateway.MockIntegration());
      return new ApiErrorAnalyzer(stack, 'Errors', {
        accessLogGroups: [new logs.LogGroup(stack, 'AccessLogs')],
        stages: [api.deploymentStage],
      });
    };
    deploy('Dev');
    assert.doesNotThrow(() => deploy('Prod'));
  });

  test('a log group and a stage of a shared stack that analyzers in two stacks of one account and region subscribe are refused', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const env = { account: '123456789012', region: 'eu-west-1' };
    const shared = new Stack(app, 'Shared', { env });
    const group = new logs.LogGroup(shared, 'AccessLogs');
    const api = new apigateway.RestApi(shared, 'Api');
    api.root.addMethod('GET', new apigateway.MockIntegration());
    new ApiErrorAnalyzer(new Stack(app, 'Orders', { env }), 'Errors', {
      accessLogGroups: [group],
      stages: [api.deploymentStage],
    });
    assert.throws(
      () => new ApiErrorAnalyzer(new Stack(app, 'Payments', { env }), 'Errors', { accessLogGroups: [group] }),
      {
        name: 'AnalyzerPropsError',
        message: /^log group Shared\/AccessLogs is already subscribed by the analyzer Orders\/Errors/,
      },
    );
    assert.throws(
      () =>
        new ApiErrorAnalyzer(new Stack(app, 'Billing', { env }), 'Errors', { stages: [api.deploymentStage] }),
      {
        name: 'AnalyzerPropsError',
        message:
          /^the execution log group of stage Shared\/Api\/DeploymentStage\.prod is already subscribed by the analyzer Orders\/Errors/,
      },
    );
  });

  test("a stage's execution log group named after its API from another stack is the stage's group: listing both, or subscribing each in one analyzer, is refused", () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const env = { account: '123456789012', region: 'eu-west-1' };
    const apis = new Stack(app, 'Apis', { env });
    const api = new apigateway.RestApi(apis, 'Api');
    api.root.addMethod('GET', new apigateway.MockIntegration());
    const name = `API-Gateway-Execution-Logs_${api.restApiId}/${api.deploymentStage.stageName}`;
    const monitoring = new Stack(app, 'Monitoring', { env });
    const created = new logs.LogGroup(monitoring, 'ExecutionLogs', { logGroupName: name });
    assert.throws(
      () =>
        new ApiErrorAnalyzer(monitoring, 'Both', {
          executionLogGroups: [created],
          stages: [api.deploymentStage],
        }),
      {
        name: 'AnalyzerPropsError',
        message:
          /name one log group twice: Monitoring\/ExecutionLogs and the execution log group of stage Apis\/Api\/DeploymentStage\.prod/,
      },
    );
    new ApiErrorAnalyzer(new Stack(app, 'Orders', { env }), 'Errors', { executionLogGroups: [name] });
    assert.throws(
      () =>
        new ApiErrorAnalyzer(new Stack(app, 'Payments', { env }), 'Errors', {
          stages: [api.deploymentStage],
        }),
      {
        name: 'AnalyzerPropsError',
        message:
          /^the execution log group of stage Apis\/Api\/DeploymentStage\.prod is already subscribed by the analyzer Orders\/Errors/,
      },
    );
  });

  test('the same log group name in stacks of other regions, or of no fixed region, is another log group: allowed', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const inRegion = (id: string, region?: string) =>
      new ApiErrorAnalyzer(
        new Stack(app, id, region ? { env: { account: '123456789012', region } } : {}),
        'Errors',
        {
          accessLogGroups: ['/aws/apigateway/shared'],
        },
      );
    inRegion('Ireland', 'eu-west-1');
    assert.doesNotThrow(() => inRegion('Virginia', 'us-east-1'));
    assert.doesNotThrow(() => inRegion('Anywhere'));
    assert.doesNotThrow(() => inRegion('AnywhereToo'));
  });

  test('the same log group name in a stack of another account, or of no fixed account or region, is another log group: allowed', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const inAccount = (id: string, account?: string) =>
      new ApiErrorAnalyzer(new Stack(app, id, { env: { account, region: 'eu-west-1' } }), 'Errors', {
        accessLogGroups: ['/aws/apigateway/shared'],
      });
    inAccount('Production', '123456789012');
    assert.doesNotThrow(() => inAccount('Staging', '210987654321'));
    assert.doesNotThrow(() => inAccount('AnyAccount'));
    assert.doesNotThrow(() => inAccount('AnyAccountToo'));
    // An account of its own but no fixed region: deployed to any region.
    const anyRegion = (id: string) =>
      new ApiErrorAnalyzer(new Stack(app, id, { env: { account: '123456789012' } }), 'Errors', {
        accessLogGroups: ['/aws/apigateway/shared'],
      });
    assert.doesNotThrow(() => anyRegion('AnyRegion'));
    assert.doesNotThrow(() => anyRegion('AnyRegionToo'));
  });

  test('a log group named through a token (an imported API stage) in two stacks of one account and region is refused too', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const env = { account: '123456789012', region: 'eu-west-1' };
    const analyzer = (id: string, apiId: string) => {
      const stack = new Stack(app, id, { env });
      const restApi = apigateway.RestApi.fromRestApiId(stack, 'Api', Fn.importValue(apiId));
      return new ApiErrorAnalyzer(stack, 'Errors', {
        stages: [apigateway.Stage.fromStageAttributes(stack, 'Stage', { restApi, stageName: 'prod' })],
      });
    };
    analyzer('Orders', 'SharedApiId');
    assert.doesNotThrow(() => analyzer('Payments', 'OtherApiId'), 'another API is another log group');
    assert.throws(() => analyzer('Billing', 'SharedApiId'), {
      name: 'AnalyzerPropsError',
      message: /is already subscribed by the analyzer Orders\/Errors/,
    });
  });

  test('an analyzer whose props were refused (and the error caught) neither breaks nor blocks a later one on the same log group', () => {
    const stack = twoTeams();
    for (const props of [
      { accessLogGroups: ['/aws/apigateway/shared'], windowMinutes: 0 },
      { accessLogGroups: ['/aws/apigateway/shared', '/aws/apigateway/shared'] },
    ]) {
      assert.throws(() => new ApiErrorAnalyzer(stack, `Refused${props.accessLogGroups.length}`, props), {
        name: 'AnalyzerPropsError',
      });
    }
    new ApiErrorAnalyzer(stack, 'TeamA', { accessLogGroups: ['/aws/apigateway/shared'] });
    assert.throws(
      () =>
        new ApiErrorAnalyzer(stack, 'TeamB', {
          accessLogGroups: ['/aws/apigateway/shared', '/aws/apigateway/b-only'],
        }),
      {
        name: 'AnalyzerPropsError',
        message: /already subscribed by the analyzer TwoTeams\/TeamA/,
      },
    );
    assert.doesNotThrow(
      () => new ApiErrorAnalyzer(stack, 'TeamC', { accessLogGroups: ['/aws/apigateway/b-only'] }),
      'TeamB, refused, subscribes nothing',
    );
  });

  test('the same log group in a second analyzer with its own metrics namespace is allowed', () => {
    const stack = twoTeams();
    new ApiErrorAnalyzer(stack, 'TeamA', { accessLogGroups: ['/aws/apigateway/shared'] });
    assert.doesNotThrow(
      () =>
        new ApiErrorAnalyzer(stack, 'TeamB', {
          accessLogGroups: ['/aws/apigateway/shared'],
          metricsNamespace: 'TeamB/ApiErrors',
        }),
    );
  });
});

describe('stable resource ids', () => {
  const filterIds = (accessLogGroups: string[]) => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Ids');
    const analyzer = new ApiErrorAnalyzer(stack, 'Analyzer', { accessLogGroups });
    return analyzer.subscriptionFilters.map((filter) =>
      stack.getLogicalId(filter.node.defaultChild as logs.CfnSubscriptionFilter),
    );
  };

  test("adding a log group in front of the list keeps the other groups' filter ids", () => {
    const [before] = filterIds(['/aws/apigateway/b']);
    const [, after] = filterIds(['/aws/apigateway/a', '/aws/apigateway/b']);
    assert.ok(before);
    assert.equal(after, before);
  });

  test('names that differ only in punctuation get different ids', () => {
    const [dash, plain] = filterIds(['/aws/a-b', '/aws/ab']);
    assert.notEqual(dash, plain);
  });
});

describe('limits CloudWatch enforces only at deploy', () => {
  test('with more log groups than one alarm status widget could hold alarms for, the alarms stay few and all on one widget', () => {
    // PutDashboard refuses an alarm status widget with more than 100 alarm ARNs ("The array can have
    // 1-100 ARNs": https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html,
    // Properties of an Alarm Status Widget Object). No alarm is per log group: DeliveryErrors is one query.
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'ManyGroups');
    const accessLogGroups = Array.from({ length: 120 }, (_, i) => `/aws/apigateway/api-${i}-access`);
    const analyzer = new ApiErrorAnalyzer(stack, 'Analyzer', { accessLogGroups });
    const template = Template.fromStack(stack);
    const alarmWidgets = dashboardWidgets(template).filter((w) => w.type === 'alarm');
    for (const widget of alarmWidgets) {
      const count = widget.properties.alarms?.length ?? 0;
      assert.ok(count >= 1 && count <= 100, `an alarm status widget lists ${count} alarms`);
    }
    const shown = alarmWidgets.flatMap((w) => w.properties.alarms ?? []);
    const alarmIds = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    assert.equal(alarmWidgets.length, 1);
    assert.equal(analyzer.alarms.length, 7);
    assert.deepEqual(shown.sort(), alarmIds.map((id) => `<${id}.Arn>`).sort());
  });
});

describe("CloudFormation's 500 resources per stack", () => {
  // CloudFormation refuses a template of more than 500 resources (CloudFormation quotas,
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html), and
  // CDK refuses it at synth (Stack's TooManyResourcesInStack), reading the limit from the context
  // key @aws-cdk/core:stackResourceLimit when set. The analyzer's counts are measured from templates.
  const stackIn = (context: Record<string, unknown> = {}, id = 'Budget') =>
    new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }), id);
  const names = (n: number, kind = 'access') =>
    Array.from({ length: n }, (_, i) => `/aws/apigateway/api-${i}-${kind}`);
  const resources = (stack: Stack) => Object.keys(Template.fromStack(stack).toJSON().Resources ?? {}).length;
  const withGroups = (props: ApiErrorAnalyzerProps, n: number): ApiErrorAnalyzerProps => {
    // Execution log groups too, as many as the function's environment takes, the rest access.
    const execution = Math.min(n >> 1, 20);
    return {
      ...props,
      executionLogGroups: names(execution, 'execution'),
      accessLogGroups: names(n - execution),
    };
  };
  /** The analyzer's resources with no log group, and per log group, read off two templates. */
  const measured = (props: ApiErrorAnalyzerProps) => {
    const count = (n: number) => {
      const stack = stackIn();
      new ApiErrorAnalyzer(stack, 'Analyzer', withGroups(props, n));
      return resources(stack);
    };
    const [one, two] = [count(1), count(2)];
    return { perGroup: two - one, fixed: one - (two - one) };
  };
  const refusal = (count: number, most: number, named = 'accessLogGroups and executionLogGroups') =>
    new RegExp(
      `^${named} name ${count} log groups; .* at most ${most} log groups fit in one stack: split the APIs across stacks \\(-c stackName=…\\)`,
    );

  const variants: ReadonlyArray<[string, () => ApiErrorAnalyzerProps]> = [
    ['without alert subscriptions', () => ({})],
    [
      'with a literal e-mail and phone number',
      () => ({ alertEmail: 'ops@example.com', alertPhoneNumber: '+14155550100' }),
    ],
    // A subscription alone makes the analyzer's own resources odd, so the one log group more is refused
    // only if that subscription is counted; with both, counting just one of them refuses the same count.
    ['with a literal e-mail alone', () => ({ alertEmail: 'ops@example.com' })],
    ['with a literal phone number alone', () => ({ alertPhoneNumber: '+14155550100' })],
    // One resource more, as a subscription: counted, or the one log group more is not refused.
    ['with a silence alarm', () => ({ silenceAlarmHours: 24 })],
  ];
  for (const [label, props] of variants) {
    test(`${label}: the most log groups that fit synthesize, and one more is refused when the construct is created, naming both counts and the fix`, () => {
      const { perGroup, fixed } = measured(props());
      assert.ok(perGroup > 0 && fixed > 0);
      const most = Math.floor((500 - fixed) / perGroup);

      const atLimit = stackIn();
      new ApiErrorAnalyzer(atLimit, 'Analyzer', withGroups(props(), most));
      const count = resources(atLimit);
      assert.ok(count <= 500 && count + perGroup > 500, `${most} log groups make ${count} resources`);

      assert.throws(() => new ApiErrorAnalyzer(stackIn(), 'Analyzer', withGroups(props(), most + 1)), {
        name: 'AnalyzerPropsError',
        message: refusal(most + 1, most),
      });
    });
  }

  test("hours given as a token (a stack parameter) count the silence alarm: its resource is in the template whatever the parameter's value", () => {
    const { perGroup, fixed } = measured({ silenceAlarmHours: 24 });
    const most = Math.floor((500 - fixed) / perGroup);
    const stack = stackIn();
    const hours = new CfnParameter(stack, 'Hours', { type: 'Number', default: 24 });
    // Left uncounted, the analyzer's own resources would be even, and one log group more would fit.
    assert.throws(
      () =>
        new ApiErrorAnalyzer(stack, 'Analyzer', {
          ...withGroups({}, most + 1),
          silenceAlarmHours: hours.valueAsNumber,
        }),
      { name: 'AnalyzerPropsError', message: refusal(most + 1, most) },
    );
  });

  test('a stage counts like a log group, and the refusal names stages among the props that were given', () => {
    const { perGroup, fixed } = measured({});
    const most = Math.floor((500 - fixed) / perGroup);
    const stack = stackIn();
    const stage = apigateway.Stage.fromStageAttributes(stack, 'Stage', {
      restApi: apigateway.RestApi.fromRestApiId(stack, 'Api', 'abc123defg'),
      stageName: 'prod',
    });
    assert.throws(
      () => new ApiErrorAnalyzer(stack, 'Analyzer', { accessLogGroups: names(most), stages: [stage] }),
      {
        name: 'AnalyzerPropsError',
        message: refusal(most + 1, most, 'accessLogGroups, executionLogGroups and stages'),
      },
    );
  });

  test('a lower limit set with the @aws-cdk/core:stackResourceLimit context (as -c gives it, a string) is the one checked, and named', () => {
    const context = { '@aws-cdk/core:stackResourceLimit': '100' };
    const { perGroup, fixed } = measured({});
    const most = Math.floor((100 - fixed) / perGroup);
    const atLimit = stackIn(context);
    new ApiErrorAnalyzer(atLimit, 'Analyzer', { accessLogGroups: names(most) });
    assert.doesNotThrow(() => Template.fromStack(atLimit));
    assert.throws(
      () => new ApiErrorAnalyzer(stackIn(context), 'Analyzer', { accessLogGroups: names(most + 1) }),
      {
        name: 'AnalyzerPropsError',
        message: /the stack allows 100 resources \(@aws-cdk\/core:stackResourceLimit\)/,
      },
    );
  });

  test('with the context limit at 0 (none, for CDK) any number of log groups is accepted', () => {
    const stack = stackIn({ '@aws-cdk/core:stackResourceLimit': 0 });
    assert.doesNotThrow(() => new ApiErrorAnalyzer(stack, 'Analyzer', { accessLogGroups: names(300) }));
  });

  test("in a user's stack whose other resources leave too little room, synth fails with the analyzer's error, naming its share and how many log groups fit beside them", () => {
    const { perGroup, fixed } = measured({});
    const others = 41;
    const fit = Math.floor((500 - others - fixed) / perGroup);
    const build = (groups: number) => {
      const stack = stackIn();
      for (let i = 0; i < others; i++) new CfnWaitConditionHandle(stack, `Other${i}`);
      new ApiErrorAnalyzer(stack, 'Analyzer', { accessLogGroups: names(groups) });
      return stack;
    };
    const atLimit = build(fit);
    assert.ok(resources(atLimit) <= 500);
    const over = build(fit + 1);
    assert.throws(
      () => Template.fromStack(over),
      (error: Error) => {
        assert.doesNotMatch(error.message, /TooManyResourcesInStack|Number of resources in stack/);
        assert.match(
          error.message,
          new RegExp(
            `\\[Budget/Analyzer\\] stack Budget holds ${others + fixed + perGroup * (fit + 1)} resources and CloudFormation allows 500 resources in a stack: ` +
              `this analyzer's ${fit + 1} log groups take ${perGroup} each .* the stack's other resources ${others}, so beside those at most ${fit} log groups fit in this analyzer`,
          ),
        );
        return true;
      },
    );
  });

  test('in a nested stack the analyzer counts against the nested stack only: its parent may be full of other resources', () => {
    const { perGroup, fixed } = measured({});
    const most = Math.floor((500 - fixed) / perGroup);
    const parent = stackIn();
    for (let i = 0; i < 400; i++) new CfnWaitConditionHandle(parent, `Other${i}`);
    const nested = new NestedStack(parent, 'Analyzers');
    new ApiErrorAnalyzer(nested, 'Analyzer', { accessLogGroups: names(most) });
    assert.doesNotThrow(() => Template.fromStack(parent));
    assert.ok(resources(nested) <= 500);
  });

  test("in a user's stack already too full for the analyzer, synth says no log group fits beside its resources, not a negative count", () => {
    const others = 490;
    const stack = stackIn();
    for (let i = 0; i < others; i++) new CfnWaitConditionHandle(stack, `Other${i}`);
    new ApiErrorAnalyzer(stack, 'Analyzer', { accessLogGroups: names(1) });
    assert.throws(
      () => Template.fromStack(stack),
      /so beside those at most 0 log groups fit in this analyzer/,
    );
  });

  test('a policy that renders nothing (no statements, attached to nothing) does not count against the stack', () => {
    const { perGroup, fixed } = measured({});
    const stack = stackIn();
    // Room for exactly one log group beside the user's resources.
    for (let i = 0; i < 500 - fixed - perGroup; i++) new CfnWaitConditionHandle(stack, `Other${i}`);
    new iam.Policy(stack, 'Unused');
    new ApiErrorAnalyzer(stack, 'Analyzer', { accessLogGroups: names(1) });
    assert.equal(resources(stack), 500);
  });

  test("a nested stack's own resources count in that stack, not in its parent, where it is one resource", () => {
    const { perGroup, fixed } = measured({});
    // The most log groups that leave room for the nested stack's one resource in the parent.
    const most = Math.floor((500 - fixed - 1) / perGroup);
    const parent = stackIn();
    const nested = new NestedStack(parent, 'Others');
    for (let i = 0; i < 50; i++) new CfnWaitConditionHandle(nested, `Other${i}`);
    new ApiErrorAnalyzer(parent, 'Analyzer', { accessLogGroups: names(most) });
    assert.ok(resources(parent) <= 500);
  });
});

describe('settings shared with the function', () => {
  test("the construct's defaults and bounds are the very object the function's config reads", () => {
    assert.equal(SETTINGS, CONFIG_SETTINGS);
    assert.equal(DEFAULT_METRICS_NAMESPACE, CONFIG_NAMESPACE);
  });
});

describe('prop validation at synth', () => {
  const one = { accessLogGroups: ['/aws/apigateway/access'] };
  const cases: ReadonlyArray<[string, ApiErrorAnalyzerProps, RegExp]> = [
    ['no log group at all', {}, /at least one log group.*accessLogGroups.*executionLogGroups.*stages/],
    ['empty lists', { accessLogGroups: [], executionLogGroups: [] }, /at least one log group/],
    [
      'a comma-joined name',
      { accessLogGroups: ['/aws/a,/aws/b'] },
      /accessLogGroups contains "\/aws\/a,\/aws\/b", which holds a comma: pass each log group as its own list entry/,
    ],
    [
      'a name with a space',
      { executionLogGroups: ['my logs'] },
      /executionLogGroups contains "my logs", which is not a CloudWatch Logs log group name/,
    ],
    [
      "a log group's ARN as the console shows it, which names the group to give instead",
      { accessLogGroups: ['arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/my-api-access:*'] },
      /accessLogGroups contains "arn:aws:logs:us-east-1:123456789012:log-group:\/aws\/apigateway\/my-api-access:\*", which is a log group's ARN: give its name alone, \/aws\/apigateway\/my-api-access/,
    ],
    [
      'more execution log group names than fit in the 4 KB of environment variables',
      {
        executionLogGroups: Array.from(
          { length: 60 },
          (_, i) => `API-Gateway-Execution-Logs_abcdefgh${String(i).padStart(2, '0')}/production`,
        ),
      },
      /^executionLogGroups names 60 execution log groups \(about 2940 characters\).*4 KB of environment variables.*split the APIs across stacks/,
    ],
    [
      // CloudWatch Logs allows 512 characters; the group's DeliveryErrors alarm names it in a metric
      // dimension, which an alarm holds at most 255 characters of (AWS::CloudWatch::Alarm Dimension,
      // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudwatch-alarm-dimension.html).
      'a log group name longer than an alarm dimension takes',
      { accessLogGroups: [`/aws/apigateway/${'a'.repeat(250)}`] },
      /^accessLogGroups contains "\/aws\/apigateway\/a+…", a name of 266 characters; .*at most 255 characters.*a log group with a shorter name/,
    ],
    [
      'the same group in both lists',
      { accessLogGroups: ['/a'], executionLogGroups: ['/a'] },
      /^log group "\/a" is in both accessLogGroups and executionLogGroups; list it once, under the kind of log it holds/,
    ],
    [
      'the same group twice in one list',
      { executionLogGroups: ['/e', '/e'] },
      /^executionLogGroups names log group "\/e" twice; list each log group once/,
    ],
    [
      'reservedConcurrency 0',
      { ...one, reservedConcurrency: 0 },
      /reservedConcurrency is 0; set it to a whole number from 1/,
    ],
    [
      'windowMinutes 61',
      { ...one, windowMinutes: 61 },
      /windowMinutes is 61; set it to a whole number from 1 to 60/,
    ],
    ['a fractional threshold', { ...one, serverErrorThreshold: 2.5 }, /serverErrorThreshold is 2.5/],
    ['errorRatePercent 0', { ...one, errorRatePercent: 0 }, /errorRatePercent is 0; .* from 1 to 100/],
    ['memorySize 64', { ...one, memorySize: 64 }, /memorySize is 64; .* from 128 to 10240/],
    ['memorySize 10241', { ...one, memorySize: 10241 }, /memorySize is 10241; .* from 128 to 10240/],
    [
      'reservedConcurrency 1001',
      { ...one, reservedConcurrency: 1001 },
      /reservedConcurrency is 1001; .* from 1 to 1000/,
    ],
    [
      // PutMetricAlarm: Period × EvaluationPeriods may not exceed 7 days, 168 one-hour periods.
      'silenceAlarmHours 169',
      { ...one, silenceAlarmHours: 169 },
      /^silenceAlarmHours is 169; set it to a whole number from 0 to 168/,
    ],
    ['silenceAlarmHours -1', { ...one, silenceAlarmHours: -1 }, /^silenceAlarmHours is -1; .* from 0 to 168/],
    [
      'silenceAlarmHours 1.5',
      { ...one, silenceAlarmHours: 1.5 },
      /^silenceAlarmHours is 1.5; .* from 0 to 168/,
    ],
    [
      'silenceAlarmHours as a string',
      { ...one, silenceAlarmHours: '24' as unknown as number },
      /^silenceAlarmHours is "24", not a number; .* e\.g\. silenceAlarmHours: 24/,
    ],
    [
      'a log group name one character longer than CloudWatch Logs allows',
      { accessLogGroups: [`/${'a'.repeat(512)}`] },
      /accessLogGroups contains "\/a+", which is not a CloudWatch Logs log group name: use 1 to 512/,
    ],
    ['a 20-minute timeout', { ...one, timeout: Duration.minutes(20) }, /timeout \(seconds\) is 1200/],
    [
      "a timeout one second over Lambda's 15 minutes",
      { ...one, timeout: Duration.seconds(901) },
      /^timeout \(seconds\) is 901; set it to a whole number from 1 to 900$/,
    ],
    [
      "a namespace one character longer than CloudWatch's 255",
      { ...one, metricsNamespace: 'a'.repeat(256) },
      /^metricsNamespace is "a{256}", which does not match /,
    ],
    [
      'a timeout that is not whole seconds',
      { ...one, timeout: Duration.millis(1500) },
      /^timeout is 1 second 500 millis; Lambda takes whole seconds: set it to 1 to 900 seconds, e\.g\. Duration\.seconds\(2\)$/,
    ],
    [
      'a namespace CloudWatch reserves for AWS services',
      { ...one, metricsNamespace: 'AWS/Lambda' },
      /^metricsNamespace is "AWS\/Lambda"; CloudWatch reserves namespaces starting with AWS\/ for AWS services: use your own/,
    ],
    [
      'a cause threshold written with an exponent, which the stack parameter refuses',
      { ...one, causeThresholds: 'limit.backend=1e3' },
      /causeThresholds is "limit\.backend=1e3": .*whole number from 1 to 9999999, in digits only/,
    ],
    [
      "a cause threshold above the stack parameter's 9999999",
      { ...one, causeThresholds: 'limit.backend=99999999' },
      /causeThresholds is "limit\.backend=99999999": .*whole number from 1 to 9999999/,
    ],
    ['an e-mail without domain', { ...one, alertEmail: 'ops@' }, /alertEmail is "ops@".*ops@example\.com/],
    [
      'a local phone number',
      { ...one, alertPhoneNumber: '0155550100' },
      /alertPhoneNumber is "0155550100".*\+14155550100/,
    ],
    [
      'an unknown cause in causeThresholds',
      { ...one, causeThresholds: 'server.oops=1' },
      /causeThresholds is "server\.oops=1": .*unknown cause "server\.oops"/,
    ],
    [
      'a filter pattern over the limit',
      { ...one, executionLogFilterPattern: 'x'.repeat(MAX_FILTER_PATTERN_LENGTH + 1) },
      /executionLogFilterPattern is 1025 characters long; CloudWatch Logs allows 1024/,
    ],
    [
      'no SMS severity',
      { ...one, smsSeverities: [] },
      /smsSeverities is \[\]; list one or more of critical, warning, info/,
    ],
    [
      'an unknown SMS severity',
      { ...one, smsSeverities: ['critical', 'loud' as never] },
      /smsSeverities is \["critical","loud"\]/,
    ],
    [
      'a namespace with a space',
      { ...one, metricsNamespace: 'My Errors' },
      /metricsNamespace is "My Errors"/,
    ],
    [
      'a JSON access-log filter pattern whose brace is never closed',
      { ...one, accessLogFilterPattern: '{ $.status = ' },
      /^accessLogFilterPattern is "\{ \$\.status = "; its "\{" at character 1 is never closed: .*e\.g\. \{ \$\.status = 5\* \}/,
    ],
    [
      'an execution-log filter pattern whose quoted term is never closed',
      { ...one, executionLogFilterPattern: '?"Execution failed ?"timeout"' },
      /^executionLogFilterPattern is "\?\\"Execution failed .*"; its quote \("\) at character 29 is never closed: .*e\.g\. \?"Execution failed" \?"timeout"/,
    ],
    [
      // A backslash escapes the next character inside a quoted term (CDK's quoteTerm writes \\ and \"), so
      // a Windows path's closing backslash leaves the quote open: the hint says how to write one.
      'a quoted term ending in a backslash, which escapes its closing quote',
      { ...one, executionLogFilterPattern: '"C:\\Windows\\"' },
      /^executionLogFilterPattern is .*; its quote \("\) at character 1 is never closed: .*a backslash as \\\\/,
    ],
    [
      'a space-delimited filter pattern closed by a brace instead of its bracket',
      { ...one, accessLogFilterPattern: '[ip, id, user, timestamp, request, status=5*, size}' },
      /^accessLogFilterPattern is ".*"; its "\}" at character 51 does not close the "\[" at character 1: .*e\.g\. \[ip, id, user, timestamp, request, status=5\*, size\]/,
    ],
    [
      // JavaScript callers pass anything: the number-looking string must show as a string.
      'a setting passed as a string',
      { ...one, windowMinutes: '5' as unknown as number },
      /^windowMinutes is "5", not a number; set it to a whole number from 1 to 60, e\.g\. windowMinutes: 5$/,
    ],
    [
      'a filter switch passed as a string',
      { ...one, accessLogFilterPassesEveryRequest: 'yes' as unknown as boolean },
      /^accessLogFilterPassesEveryRequest is "yes", not a boolean; set it to true or false, e\.g\. accessLogFilterPassesEveryRequest: true$/,
    ],
    [
      'a log retention that is not one of RetentionDays',
      { ...one, logRetention: 12345 as logs.RetentionDays },
      /^logRetention is 12345, which CloudWatch Logs does not offer; use one of logs\.RetentionDays: 1, 3, 5, 7, 14, 30, .*, 3653 days or 9999 \(INFINITE\), e\.g\. logs\.RetentionDays\.ONE_MONTH$/,
    ],
  ];
  for (const [what, props, message] of cases) {
    test(`${what} is rejected with a message that names the prop and the fix`, () => {
      assert.throws(() => new ApiErrorAnalyzer(new Stack(), 'Analyzer', props), {
        name: 'AnalyzerPropsError',
        message,
      });
    });
  }

  test('filter patterns of the 1024 characters CloudWatch Logs allows are accepted', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const longest = 'x'.repeat(MAX_FILTER_PATTERN_LENGTH);
    assert.doesNotThrow(
      () =>
        new ApiErrorAnalyzer(new Stack(app, 'LongPatterns'), 'Analyzer', {
          ...one,
          accessLogFilterPattern: longest,
          executionLogFilterPattern: longest,
        }),
    );
  });

  test('filter patterns in every CloudWatch Logs syntax, with braces and quotes inside terms and regexes, are accepted', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const valid = [
      '{ $.status = 5* }',
      '{ ($.status = 4*) || ($.status = 5*) }',
      '{ $.resourcePath != "/health" }',
      '{ $.routeKey = "GET /{proxy+}" }',
      '{ $.error.message = "*}*" }',
      '{ $.items[0].id = 1 }',
      '[ip, id, user, timestamp, request, status_code=5*, size]',
      '[..., status = "5*", latency > 1000]',
      'ERROR',
      '?"Execution failed" ?"Method completed with status"',
      '"a \\"quoted\\" word and a { brace"',
      '%[0-9]{3}%',
      '{ $.status = %5[0-9]{2}% }',
      logs.FilterPattern.stringValue('$.message', '=', 'x"y}').logPatternString,
      logs.FilterPattern.anyTerm('a"b', 'c [d').logPatternString,
      logs.FilterPattern.spaceDelimited('a', '...', 'b').whereString('b', '=', 'x }').logPatternString,
    ];
    valid.forEach((pattern, i) => {
      assert.doesNotThrow(
        () =>
          new ApiErrorAnalyzer(new Stack(app, `Pattern${i}`), 'Analyzer', {
            ...one,
            accessLogFilterPattern: pattern,
            executionLogFilterPattern: pattern,
          }),
        pattern,
      );
    });
  });

  test('every RetentionDays value and both filter switches are accepted', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const retentions = Object.values(logs.RetentionDays).filter(
      (v): v is logs.RetentionDays => typeof v === 'number',
    );
    assert.ok(retentions.length > 20);
    retentions.forEach((logRetention, i) => {
      assert.doesNotThrow(
        () =>
          new ApiErrorAnalyzer(new Stack(app, `Retention${i}`), 'Analyzer', {
            ...one,
            logRetention,
            accessLogFilterPassesEveryRequest: i % 2 === 0,
          }),
        String(logRetention),
      );
    });
  });

  test('every numeric prop is accepted at either end of its range', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    for (const end of ['min', 'max'] as const) {
      const settings = Object.fromEntries(
        Object.entries(SETTINGS).map(([name, bounds]) => [name, bounds[end]]),
      );
      assert.doesNotThrow(
        () =>
          new ApiErrorAnalyzer(new Stack(app, `At${end}`), 'Analyzer', {
            ...one,
            ...settings,
            reservedConcurrency: end === 'min' ? 1 : 1000,
            memorySize: end === 'min' ? 128 : 10240,
            timeout: Duration.seconds(end === 'min' ? 1 : 900),
            silenceAlarmHours: end === 'min' ? 0 : 168,
          }),
        end,
      );
    }
  });

  test('a log group name of 255 characters, the most an alarm dimension value holds, is accepted and synthesizes', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const name = `/aws/apigateway/${'a'.repeat(255 - 16)}`;
    assert.equal(name.length, 255);
    const stack = new Stack(app, 'LongName');
    new ApiErrorAnalyzer(stack, 'Analyzer', { accessLogGroups: [name] });
    assert.doesNotThrow(() => Template.fromStack(stack));
  });

  test("a log group name holding '#', which CloudWatch Logs allows, is accepted", () => {
    // CreateLogGroup: a-z, A-Z, 0-9, '_', '-', '/', '.' and '#'.
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    assert.doesNotThrow(
      () =>
        new ApiErrorAnalyzer(new Stack(app, 'Names'), 'Analyzer', {
          accessLogGroups: ['/aws/apigateway/orders#v2_access.log'],
        }),
    );
  });

  test("a literal causeThresholds longer than the stack parameter's bound is rejected at synth, naming its length, the bound and the fix", () => {
    // Every cause once, valid: spaces around its commas (which nothing bounds) make it long.
    const spaced = (length: number) =>
      CAUSE_IDS.map((cause) => `${cause}=9999999`)
        .join(' , ')
        .padEnd(length);
    assert.ok(spaced(0).length < CAUSE_THRESHOLDS_MAX_LENGTH, 'every cause once fits the bound');
    assert.doesNotThrow(
      () =>
        new ApiErrorAnalyzer(new Stack(), 'Analyzer', {
          ...one,
          causeThresholds: spaced(CAUSE_THRESHOLDS_MAX_LENGTH),
        }),
    );
    const long = spaced(CAUSE_THRESHOLDS_MAX_LENGTH * 3);
    assert.throws(() => new ApiErrorAnalyzer(new Stack(), 'Analyzer', { ...one, causeThresholds: long }), {
      name: 'AnalyzerPropsError',
      message: new RegExp(
        `^causeThresholds is ${long.length} characters long; at most ${CAUSE_THRESHOLDS_MAX_LENGTH} fit .*4 KB of environment variables.*remove the spaces`,
      ),
    });
  });

  test('the same stage twice is rejected, naming the stage', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Twice');
    const twice = new apigateway.RestApi(stack, 'Api');
    twice.root.addMethod('GET', new apigateway.MockIntegration());
    assert.throws(
      () =>
        new ApiErrorAnalyzer(stack, 'Analyzer', { stages: [twice.deploymentStage, twice.deploymentStage] }),
      {
        name: 'AnalyzerPropsError',
        message:
          /^accessLogGroups, executionLogGroups and stages name the execution log group of stage Twice\/Api\/DeploymentStage\.prod twice; list each log group or stage once$/,
      },
    );
  });

  test("a stage's execution log group created in the app and listed too, beside its stage, is rejected: one group would get two filters", () => {
    // The warning in docs/deploy-details.md (From another CDK app): a new API's group created as the example does, and the stage listed as well.
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Both');
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('GET', new apigateway.MockIntegration());
    const created = new logs.LogGroup(stack, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${api.restApiId}/${api.deploymentStage.stageName}`,
    });
    assert.throws(
      () =>
        new ApiErrorAnalyzer(stack, 'Analyzer', {
          executionLogGroups: [created],
          stages: [api.deploymentStage],
        }),
      {
        name: 'AnalyzerPropsError',
        message:
          /name one log group twice: Both\/ExecutionLogs and the execution log group of stage Both\/Api\/DeploymentStage\.prod; list each log group or stage once/,
      },
    );
  });

  test("stages count toward the execution log group names that fit in the function's environment", () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'ManyStages');
    const many = new apigateway.RestApi(stack, 'Api', { deploy: false });
    many.root.addMethod('GET', new apigateway.MockIntegration());
    const deployment = new apigateway.Deployment(stack, 'Deployment', { api: many });
    const stages = Array.from(
      { length: 36 },
      (_, i) => new apigateway.Stage(stack, `Stage${i}`, { deployment, stageName: `s${i}` }),
    );
    assert.throws(() => new ApiErrorAnalyzer(stack, 'Analyzer', { stages }), {
      name: 'AnalyzerPropsError',
      message: /^executionLogGroups and stages name 36 execution log groups \(about 2340 characters\)/,
    });
    assert.doesNotThrow(() => new ApiErrorAnalyzer(stack, 'Fits', { stages: stages.slice(0, 30) }));
  });

  test('a long metricsNamespace leaves fewer characters for the execution log group names: it travels in the same 4 KB environment', () => {
    // 33 literal names of 67 characters: 2,244 characters with their separators, within 2,300.
    const names = Array.from(
      { length: 33 },
      (_, i) => `API-Gateway-Execution-Logs_${String(i).padStart(10, '0')}/stage-name-of-twenty-eight-ch`,
    );
    const analyzer = (id: string, metricsNamespace?: string) =>
      new ApiErrorAnalyzer(
        new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), id),
        'Analyzer',
        {
          executionLogGroups: names,
          ...(metricsNamespace !== undefined && { metricsNamespace }),
        },
      );
    assert.doesNotThrow(() => analyzer('DefaultNamespace'));
    assert.throws(() => analyzer('LongNamespace', `Team/${'x'.repeat(200)}`), {
      name: 'AnalyzerPropsError',
      message:
        /^executionLogGroups names 33 execution log groups \(about 2244 characters\).*metricsNamespace of 205 characters leaves about 2118/,
    });
  });

  test('a metricsNamespace known only at deploy counts as the longest CloudWatch allows, 255 characters', () => {
    const names = Array.from(
      { length: 33 },
      (_, i) => `API-Gateway-Execution-Logs_${String(i).padStart(10, '0')}/stage-name-of-twenty-eight-ch`,
    );
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'TokenNamespace');
    const metricsNamespace = new CfnParameter(stack, 'Namespace', { type: 'String' }).valueAsString;
    assert.throws(
      () => new ApiErrorAnalyzer(stack, 'Analyzer', { executionLogGroups: names, metricsNamespace }),
      {
        name: 'AnalyzerPropsError',
        message: /about 2244 characters\).*metricsNamespace of 255 characters leaves about 2068/,
      },
    );
  });

  test("an imported API's deploymentStage (there is none) is rejected, naming the prop and what to pass instead", () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'ImportedApi');
    const imported = apigateway.RestApi.fromRestApiId(stack, 'Api', 'abc123defg');
    assert.throws(() => new ApiErrorAnalyzer(stack, 'Analyzer', { stages: [imported.deploymentStage] }), {
      name: 'AnalyzerPropsError',
      message:
        /^stages\[0\] is undefined.*fromRestApiId.*deploy: false.*Stage\.fromStageAttributes\(this, 'Stage', \{ restApi: api, stageName: 'prod' \}\)/,
    });
  });

  test('an HTTP or WebSocket API stage in stages (TypeScript refuses it, JavaScript does not) is rejected, naming where its logs go instead', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'V2Stages');
    const http = new apigatewayv2.HttpApi(stack, 'Http');
    const webSocket = new apigatewayv2.WebSocketStage(stack, 'WsStage', {
      webSocketApi: new apigatewayv2.WebSocketApi(stack, 'Ws'),
      stageName: 'prod',
    });
    for (const [i, stage] of [http.defaultStage, webSocket].entries()) {
      assert.throws(
        () =>
          new ApiErrorAnalyzer(stack, `Analyzer${i}`, {
            accessLogGroups: ['/aws/apigateway/access'],
            stages: [stage as unknown as apigateway.IStage],
          }),
        {
          name: 'AnalyzerPropsError',
          message:
            /^stages\[0\] \(V2Stages\/(Http\/DefaultStage|WsStage)\) is not a REST API stage: .*HTTP API.*accessLogGroups.*WebSocket.*executionLogGroups.*API-Gateway-Execution-Logs_/,
        },
      );
    }
  });

  test('a REST API passed in stages instead of its stage (TypeScript refuses it, JavaScript does not) is rejected, naming the stage to pass', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'ApiNotStage');
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('GET', new apigateway.MockIntegration());
    assert.throws(
      () => new ApiErrorAnalyzer(stack, 'Analyzer', { stages: [api as unknown as apigateway.IStage] }),
      {
        name: 'AnalyzerPropsError',
        message:
          /^stages\[0\] \(ApiNotStage\/Api\) is a REST API, not a stage: pass its stage, e\.g\. api\.deploymentStage/,
      },
    );
  });

  test('an undefined log group entry is rejected, naming the list and its position', () => {
    assert.throws(
      () =>
        new ApiErrorAnalyzer(new Stack(), 'Analyzer', {
          accessLogGroups: ['/aws/apigateway/a', undefined as unknown as string],
        }),
      { name: 'AnalyzerPropsError', message: /^accessLogGroups\[1\] is undefined; pass a log group name/ },
    );
  });

  test('a null stage, a null log group and an undefined execution log group (JavaScript passes them) are rejected, naming the list and its position', () => {
    const cases: [Partial<ApiErrorAnalyzerProps>, RegExp][] = [
      [{ stages: [null as unknown as apigateway.IStage] }, /^stages\[0\] is undefined/],
      [{ accessLogGroups: [null as unknown as string] }, /^accessLogGroups\[0\] is undefined/],
      [
        { accessLogGroups: ['/aws/apigateway/a'], executionLogGroups: [undefined as unknown as string] },
        /^executionLogGroups\[0\] is undefined/,
      ],
    ];
    for (const [props, message] of cases) {
      assert.throws(() => new ApiErrorAnalyzer(new Stack(), 'Analyzer', props as ApiErrorAnalyzerProps), {
        name: 'AnalyzerPropsError',
        message,
      });
    }
  });

  test('a stage name or a number where JavaScript passes a stage or log group is rejected, naming the prop, its position and what to pass', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'NotConstructs');
    assert.throws(
      () => new ApiErrorAnalyzer(stack, 'Stage', { stages: ['prod' as unknown as apigateway.IStage] }),
      {
        name: 'AnalyzerPropsError',
        message: /^stages\[0\] is "prod", not a stage: pass a REST API stage, e.g\. api\.deploymentStage/,
      },
    );
    assert.throws(
      () => new ApiErrorAnalyzer(stack, 'Group', { executionLogGroups: [42 as unknown as string] }),
      {
        name: 'AnalyzerPropsError',
        message: /^executionLogGroups\[0\] is 42; pass a log group name .* or a logs\.ILogGroup/,
      },
    );
    assert.throws(
      () =>
        new ApiErrorAnalyzer(stack, 'Object', {
          accessLogGroups: [{ logGroupName: '/aws/apigateway/a' } as unknown as logs.ILogGroup],
        }),
      {
        name: 'AnalyzerPropsError',
        message: /^accessLogGroups\[0\] is \{"logGroupName":"\/aws\/apigateway\/a"\}; pass a log group name/,
      },
    );
  });

  test('an imported stage whose execution log group is also listed by name is rejected, naming the group: both would put a filter of the same name on it', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'StageAndName');
    const imported = apigateway.RestApi.fromRestApiId(stack, 'Api', 'abc123defg');
    const stage = apigateway.Stage.fromStageAttributes(stack, 'Stage', {
      restApi: imported,
      stageName: 'prod',
    });
    assert.throws(
      () =>
        new ApiErrorAnalyzer(stack, 'Analyzer', {
          stages: [stage],
          executionLogGroups: ['API-Gateway-Execution-Logs_abc123defg/prod'],
        }),
      {
        name: 'AnalyzerPropsError',
        message:
          /name log group "API-Gateway-Execution-Logs_abc123defg\/prod" twice \(the execution log group of stage StageAndName\/Stage\); list each log group or stage once/,
      },
    );
  });

  test("two imported stages of the same stage of an API whose id is a token (another stack's export) are rejected as one log group named twice", () => {
    // Both would put a subscription filter of the same name on one log group, which CloudFormation
    // cannot create: the template names the group through the same Fn::ImportValue twice.
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'TwoImportedTokens');
    const stages = ['A', 'B'].map((id) =>
      apigateway.Stage.fromStageAttributes(stack, id, {
        restApi: apigateway.RestApi.fromRestApiId(stack, `Api${id}`, Fn.importValue('SharedApiId')),
        stageName: 'prod',
      }),
    );
    assert.throws(() => new ApiErrorAnalyzer(stack, 'Analyzer', { stages }), {
      name: 'AnalyzerPropsError',
      message:
        /name one log group twice: the execution log group of stage TwoImportedTokens\/A and the execution log group of stage TwoImportedTokens\/B; list each log group or stage once/,
    });
  });

  test('two imported stages of the same API and stage name are rejected as one log group named twice', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'TwoImported');
    const imported = apigateway.RestApi.fromRestApiId(stack, 'Api', 'abc123defg');
    const stages = ['A', 'B'].map((id) =>
      apigateway.Stage.fromStageAttributes(stack, id, { restApi: imported, stageName: 'prod' }),
    );
    assert.throws(() => new ApiErrorAnalyzer(stack, 'Analyzer', { stages }), {
      name: 'AnalyzerPropsError',
      message: /name log group "API-Gateway-Execution-Logs_abc123defg\/prod" twice/,
    });
  });

  test('a log group created with a literal name and that name given as a string are rejected as one log group named twice', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'NamedGroup');
    const group = new logs.LogGroup(stack, 'Access', { logGroupName: '/aws/apigateway/orders-access' });
    assert.throws(
      () =>
        new ApiErrorAnalyzer(stack, 'Analyzer', {
          accessLogGroups: [group, '/aws/apigateway/orders-access'],
        }),
      {
        name: 'AnalyzerPropsError',
        // No stages were given, so the message does not name them.
        message:
          /^accessLogGroups and executionLogGroups name log group "\/aws\/apigateway\/orders-access" twice \(.*\); list each log group once$/,
      },
    );
  });

  test('a log group created with a literal name in one analyzer and given by that name to another of the namespace is refused', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'NamedGroupTwoTeams');
    const group = new logs.LogGroup(stack, 'Access', { logGroupName: '/aws/apigateway/orders-access' });
    new ApiErrorAnalyzer(stack, 'TeamA', { accessLogGroups: [group] });
    assert.throws(
      () => new ApiErrorAnalyzer(stack, 'TeamB', { accessLogGroups: ['/aws/apigateway/orders-access'] }),
      {
        name: 'AnalyzerPropsError',
        message:
          /^log group "\/aws\/apigateway\/orders-access" is already subscribed by the analyzer NamedGroupTwoTeams\/TeamA/,
      },
    );
  });

  test('the same log group object twice is rejected, naming it', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'TwiceGroup');
    const group = new logs.LogGroup(stack, 'Access');
    assert.throws(
      () =>
        new ApiErrorAnalyzer(stack, 'Analyzer', { accessLogGroups: [group], executionLogGroups: [group] }),
      {
        message: /name TwiceGroup\/Access twice/,
      },
    );
  });

  test('values that are only known at deploy time (parameters) are left to CloudFormation', () => {
    const stack = new Stack();
    const number = new CfnParameter(stack, 'N', { type: 'Number' }).valueAsNumber;
    const text = new CfnParameter(stack, 'T', { type: 'String' }).valueAsString;
    assert.doesNotThrow(
      () =>
        new ApiErrorAnalyzer(stack, 'Analyzer', {
          accessLogGroups: [text],
          windowMinutes: number,
          reservedConcurrency: number,
          alertEmail: text,
          causeThresholds: text,
        }),
    );
  });
});

describe("the docs' example of the construct in another CDK app", () => {
  /** The TypeScript block under "From another CDK app", as docs/deploy-details.md prints it. */
  const snippet = (): string => {
    const page = readFileSync(join(__dirname, '..', '..', 'docs', 'deploy-details.md'), 'utf8');
    const from = page.indexOf('\n## From another CDK app\n');
    const block = /```ts\n([\s\S]*?)```/.exec(page.slice(from));
    assert.ok(
      from >= 0 && block?.[1],
      'docs/deploy-details.md: the construct example under "From another CDK app"',
    );
    return block[1];
  };

  /**
   * Runs the example in a stack, as a user's stack constructor would (`this` is the stack), in an app
   * with the feature flag `cdk init` writes into a new app's cdk.json (this repository's has it too):
   * with it, a RestApi no longer sets the account's CloudWatch Logs role by itself.
   */
  const synthesized = (): Template => {
    const context = { '@aws-cdk/aws-apigateway:disableCloudWatchRole': true, 'aws:cdk:bundling-stacks': [] };
    const stack = new Stack(new App({ context }), 'UserApp');
    // The example's statements run in a stack's constructor: wrapped in a function called on the stack.
    const lines = snippet().split('\n');
    const imports = lines.filter((line) => line.startsWith('import '));
    const body = lines.filter((line) => !line.startsWith('import '));
    const source = [...imports, 'export default function (this: unknown) {', ...body, '}'].join('\n');
    const { code } = transformSync(source, { loader: 'ts', format: 'cjs' });
    const modules: Record<string, unknown> = {
      'aws-cdk-lib/aws-apigateway': apigateway,
      'aws-cdk-lib/aws-logs': logs,
      '../apigw-error-analyzer/lib/api-error-analyzer': { ApiErrorAnalyzer },
    };
    const load = (name: string) => {
      assert.ok(name in modules, `the example imports ${name}`);
      return modules[name];
    };
    const module = { exports: {} as { default?: (this: Stack) => void } };
    new Function('require', 'module', 'exports', 'FORMAT', code)(
      load,
      module,
      module.exports,
      '{"requestId":"$context.requestId"}',
    );
    module.exports.default?.call(stack);
    return Template.fromStack(stack);
  };

  test('synthesizes as printed', () => {
    assert.doesNotThrow(synthesized);
  });

  test("deploys in an account and Region where API Gateway never logged: it sets the account's CloudWatch Logs role before the logging stage", () => {
    // API Gateway refuses a stage with logging on until the account's role is set ("CloudWatch Logs
    // role ARN must be set in account settings to enable logging", e.g. aws-solutions/virtual-waiting-room-on-aws#74).
    const template = synthesized();
    template.resourceCountIs('AWS::ApiGateway::Account', 1);
    const [accountId] = Object.keys(template.findResources('AWS::ApiGateway::Account'));
    const stages = Object.values(template.findResources('AWS::ApiGateway::Stage'));
    assert.equal(stages.length, 1);
    assert.ok(stages[0]?.Properties.MethodSettings?.[0]?.LoggingLevel, 'the stage logs');
    assert.ok(stages[0]?.DependsOn?.includes(accountId), 'the stage waits for the account setting');
  });

  test('deploys for a brand-new API: every log group it subscribes is created in the same template', () => {
    // A subscription filter on a group that does not exist fails the deploy, and a new API's
    // execution log group does not exist until the stage logs its first request.
    const template = synthesized();
    const groups = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    const filters = Object.values(template.findResources('AWS::Logs::SubscriptionFilter'));
    assert.ok(filters.length >= 2, 'access and execution logs are both subscribed');
    for (const filter of filters) {
      const ref = (filter.Properties.LogGroupName as { Ref?: string }).Ref;
      assert.ok(
        ref !== undefined && groups.includes(ref),
        `a filter on ${JSON.stringify(filter.Properties.LogGroupName)}`,
      );
    }
  });
});
