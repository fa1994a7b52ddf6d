/**
 * The deployable stack, synthesized once for the whole file (bundling the function is the slow
 * part) with one access and two execution log groups, nag and CloudFormation validation as errors.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { App, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildSync } from 'esbuild';
import { ENV, SETTINGS, type SettingName } from '../../lambda/config';
import { SMS_TOPIC_PREFIX } from '../../lambda/core/alert-message';
import { CAUSE_THRESHOLDS_PATTERN } from '../../lambda/core/cause-thresholds';
import { DIMENSION, METRIC } from '../../lambda/core/emf';
import { CAUSE_IDS } from '../../lambda/core/taxonomy';
import { ApiErrorAnalyzerStack } from '../../lib/api-error-analyzer-stack';
import { HANDLER_ENTRY } from '../../lib/handler-bundling';
import { integerRangePattern } from '../../lib/integer-range-pattern';
import { EXECUTION_LOG_FILTER_PATTERN } from '../../lib/log-filter-patterns';
import { MAX_EXECUTION_NAMES_CHARS } from '../../lib/prop-validation';
import { UNPARSED_WIDGET, widgetMetrics, widgetSearches } from './dashboard-body';

const ACCESS = '/aws/apigateway/example-access';
const EXECUTION = [
  'API-Gateway-Execution-Logs_abc123defg/prod',
  'API-Gateway-Execution-Logs_abc123defg/test',
];

// The same feature flags as `cdk synth`, including validateAgainstDefaultRules.
const cdkJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
const app = new App({
  context: { ...cdkJson.context, accessLogGroups: ACCESS, executionLogGroups: EXECUTION.join(',') },
});
const stack = new ApiErrorAnalyzerStack(app, 'Analyzer');
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
// Synth throws here if cdk-nag or CloudFormation validation reports an unacknowledged error.
const assembly = app.synth();
const artifact = assembly.getStackByName(stack.stackName);
const template = Template.fromJSON(artifact.template);

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] }>;
const resources = template.toJSON().Resources as Resources;

function propertiesOf(logicalId: string): Record<string, unknown> {
  const properties = resources[logicalId]?.Properties;
  assert.ok(properties, `resource ${logicalId} has no properties`);
  return properties;
}

function onlyLogicalId(type: string): string {
  const ids = Object.keys(template.findResources(type));
  assert.equal(ids.length, 1, `expected exactly one ${type}, found ${ids.length}`);
  return ids[0] ?? '';
}
const functionId = onlyLogicalId('AWS::Lambda::Function');
const topicId = onlyLogicalId('AWS::SNS::Topic');
const keyId = onlyLogicalId('AWS::KMS::Key');
const tableId = onlyLogicalId('AWS::DynamoDB::Table');
const queueId = onlyLogicalId('AWS::SQS::Queue');
const permissionId = onlyLogicalId('AWS::Lambda::Permission');
const functionLogGroupId = onlyLogicalId('AWS::Logs::LogGroup');

describe('stack parameters', () => {
  const cases = [
    // Whole numbers as Strings with a pattern: a Number parameter would accept 2.5.
    ['WindowMinutes', { Type: 'String', Default: '5', AllowedPattern: integerRangePattern(1, 60) }],
    ['CooldownMinutes', { Type: 'String', Default: '30', AllowedPattern: integerRangePattern(0, 1440) }],
    [
      'ServerErrorThreshold',
      { Type: 'String', Default: '5', AllowedPattern: integerRangePattern(1, 1_000_000) },
    ],
    [
      'LimitErrorThreshold',
      { Type: 'String', Default: '10', AllowedPattern: integerRangePattern(1, 1_000_000) },
    ],
    [
      'ClientErrorThreshold',
      { Type: 'String', Default: '100', AllowedPattern: integerRangePattern(1, 1_000_000) },
    ],
    ['ErrorRatePercent', { Type: 'String', Default: '5', AllowedPattern: integerRangePattern(1, 100) }],
    ['MinRequests', { Type: 'String', Default: '100', AllowedPattern: integerRangePattern(1, 100_000_000) }],
    ['AlertEmail', { Type: 'String', Default: '', AllowedPattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }],
    ['AlertPhoneNumber', { Type: 'String', Default: '', AllowedPattern: '^$|^\\+[1-9][0-9]{6,14}$' }],
    ['CauseThresholds', { Type: 'String', Default: '', AllowedPattern: CAUSE_THRESHOLDS_PATTERN }],
    // Off by default: a quiet API is silent too, and an alarm on by default would cry wolf.
    ['SilenceAlarmHours', { Type: 'String', Default: '0', AllowedPattern: integerRangePattern(0, 168) }],
  ] as const;

  for (const [name, constraints] of cases) {
    test(`${name} is declared with its type, default and constraints, a description and a constraint message`, () => {
      template.hasParameter(name, {
        ...constraints,
        Description: Match.stringLikeRegexp('.{20,}'),
        ConstraintDescription: Match.anyValue(),
      });
    });
  }

  // A stack of execution log groups alone counts no requests, so these two do nothing there: the
  // console's parameter form is where a deployer reads that.
  for (const name of ['ErrorRatePercent', 'MinRequests']) {
    test(`${name}'s description says the error rate needs access log groups`, () => {
      template.hasParameter(name, { Description: Match.stringLikeRegexp('access log groups?') });
    });
  }

  test('the template declares exactly these eleven parameters besides the bootstrap version', () => {
    const names = Object.keys(template.toJSON().Parameters).filter((n) => n !== 'BootstrapVersion');
    assert.deepEqual(names.sort(), cases.map(([name]) => name).sort());
  });

  test("the console's parameter groups hold every parameter once: where alerts go, when to alert, then self-monitoring", () => {
    const groups = (
      template.toJSON().Metadata['AWS::CloudFormation::Interface'].ParameterGroups as {
        Label: { default: string };
        Parameters: string[];
      }[]
    ).map((group) => [group.Label.default, [...group.Parameters].sort()]);
    const settings = cases
      .map(([name]) => name)
      .filter((name) => !name.startsWith('Alert') && name !== 'SilenceAlarmHours');
    assert.deepEqual(groups, [
      ['Where alerts go', ['AlertEmail', 'AlertPhoneNumber']],
      ['When to alert', [...settings].sort()],
      ['Self-monitoring', ['SilenceAlarmHours']],
    ]);
  });

  test('the CauseThresholds constraint message names an example with real cause ids', () => {
    template.hasParameter('CauseThresholds', {
      ConstraintDescription: Match.stringLikeRegexp('limit\\.backend=1'),
    });
  });

  test('the CauseThresholds constraint message says each cause may be named once, as its pattern requires', () => {
    template.hasParameter('CauseThresholds', {
      ConstraintDescription: Match.stringLikeRegexp('each cause at most once'),
    });
  });

  test('the SilenceAlarmHours description says what it watches, that 0 turns it off, and to set it above the quiet spells', () => {
    template.hasParameter('SilenceAlarmHours', {
      Description: Match.stringLikeRegexp('no log delivery.*0 .*off.*longest quiet spell'),
    });
  });

  const patternCases = [
    ['AlertPhoneNumber', '', true],
    ['AlertPhoneNumber', '+14155550100', true],
    ['AlertPhoneNumber', '4155550100', false],
    ['AlertPhoneNumber', '+0155550100', false],
    ['AlertEmail', '', true],
    ['AlertEmail', 'ops@example.com', true],
    ['AlertEmail', 'ops@', false],
    ['WindowMinutes', '60', true],
    ['WindowMinutes', '2.5', false],
    ['WindowMinutes', '61', false],
    ['CooldownMinutes', '0', true],
    ['MinRequests', '100000000', true],
    ['MinRequests', '1e3', false],
    ['CauseThresholds', 'limit.backend=1,auth.integration-permission=1', true],
    ['CauseThresholds', 'limit.backend=0', false],
    ['CauseThresholds', 'made.up=3', false],
    ['CauseThresholds', 'limit.backend=1,limit.backend=5', false],
    ['CauseThresholds', 'auth.backend=1,limit.backend=5', true],
    ['SilenceAlarmHours', '0', true],
    ['SilenceAlarmHours', '168', true],
    // CloudWatch evaluates an alarm over at most 7 days of one-hour periods.
    ['SilenceAlarmHours', '169', false],
    ['SilenceAlarmHours', '1.5', false],
    // The alarm's condition compares the value with "0": "00" would make an alarm of 0 periods.
    ['SilenceAlarmHours', '00', false],
    ['SilenceAlarmHours', '-1', false],
  ] as const;
  for (const [name, value, accepted] of patternCases) {
    test(`${name} ${accepted ? 'accepts' : 'rejects'} "${value}"`, () => {
      const pattern = (template.toJSON().Parameters[name] as { AllowedPattern: string }).AllowedPattern;
      assert.equal(new RegExp(pattern).test(value), accepted);
    });
  }
});

describe('log subscriptions', () => {
  test('each log group gets exactly one subscription filter', () => {
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', 1 + EXECUTION.length);
    const names = Object.values(template.findResources('AWS::Logs::SubscriptionFilter')).map(
      (r) => r.Properties.LogGroupName,
    );
    assert.deepEqual(names.sort(), [ACCESS, ...EXECUTION].sort());
  });

  test('the access log filter delivers every event, execution log filters only the lines that matter', () => {
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: ACCESS,
      FilterPattern: '',
    });
    for (const name of EXECUTION) {
      template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
        LogGroupName: name,
        FilterPattern: EXECUTION_LOG_FILTER_PATTERN,
      });
    }
  });

  test('every filter points at the function and waits for the invoke permission', () => {
    for (const filter of Object.values(template.findResources('AWS::Logs::SubscriptionFilter'))) {
      assert.deepEqual(filter.Properties.DestinationArn, { 'Fn::GetAtt': [functionId, 'Arn'] });
      assert.ok(filter.DependsOn.includes(permissionId), 'subscription filter must depend on the permission');
    }
  });

  test('one Lambda permission lets CloudWatch Logs of this account invoke the function from any log group', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
      Principal: 'logs.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':logs:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':log-group:*',
          ],
        ],
      },
    });
  });
});

describe('the function', () => {
  test('runs Node.js 24 on arm64 with the configured timeout and memory, reserving no concurrency unless asked', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 60,
      MemorySize: 256,
      // Lambda refuses any reservation on accounts with a low concurrency quota (new accounts).
      ReservedConcurrentExecutions: Match.absent(),
      LoggingConfig: { LogGroup: { Ref: functionLogGroupId } },
    });
  });

  test("the README's Memory size section states the timeout and memory the template gives the function", () => {
    const fn = propertiesOf(functionId);
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    assert.equal(Number(/\*\*Timeout: (\d+) s\*\*/.exec(readme)?.[1]), fn.Timeout);
    assert.equal(Number(/\*\*Memory size: (\d+) MB\*\*/.exec(readme)?.[1]), fn.MemorySize);
  });

  test('gets every setting from the environment variables lambda/config.ts reads', () => {
    const variables = (propertiesOf(functionId).Environment as { Variables: Record<string, unknown> })
      .Variables;
    assert.deepEqual(variables, {
      [ENV.tableName]: { Ref: tableId },
      [ENV.topicArn]: { Ref: topicId },
      [ENV.windowMinutes]: { Ref: 'WindowMinutes' },
      [ENV.cooldownMinutes]: { Ref: 'CooldownMinutes' },
      [ENV.serverErrorThreshold]: { Ref: 'ServerErrorThreshold' },
      [ENV.limitErrorThreshold]: { Ref: 'LimitErrorThreshold' },
      [ENV.clientErrorThreshold]: { Ref: 'ClientErrorThreshold' },
      [ENV.errorRatePercent]: { Ref: 'ErrorRatePercent' },
      [ENV.minRequests]: { Ref: 'MinRequests' },
      [ENV.causeThresholds]: { Ref: 'CauseThresholds' },
      [ENV.executionLogGroups]: EXECUTION.join(','),
      // Access logs are subscribed, so execution logs must not count the same requests again.
      [ENV.countExecutionLogs]: 'false',
      [ENV.metricsNamespace]: 'ApiGatewayErrorAnalyzer',
    });
  });

  test("stays within Lambda's 4 KB of environment variables whatever the parameters hold, CauseThresholds being bounded by a MaxLength that admits every cause once", () => {
    // Lambda quotas (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): 4 KB for all
    // environment variables of a function, in aggregate. Past it, the deploy fails on the function and rolls back;
    // a parameter's MaxLength makes CloudFormation refuse the value before it changes anything.
    const parameters = template.toJSON().Parameters as Record<string, { MaxLength?: number }>;
    const maxLength = parameters.CauseThresholds?.MaxLength;
    assert.ok(maxLength !== undefined, 'CauseThresholds has no MaxLength');
    const everyCause = CAUSE_IDS.map((cause) => `${cause}=9999999`).join(' , ');
    assert.ok(everyCause.length <= maxLength, `${everyCause.length} > ${maxLength}`);
    assert.match(everyCause, new RegExp(CAUSE_THRESHOLDS_PATTERN));

    const settingByVariable = new Map<string, string>(
      Object.entries(ENV).map(([name, variable]) => [variable, name]),
    );
    const variables = (propertiesOf(functionId).Environment as { Variables: Record<string, unknown> })
      .Variables;
    // The longest each value can be: DynamoDB table names and SNS topic names have at most 255 and 256
    // characters, a topic ARN's prefix at most 46; the execution log group names are bounded at synth.
    const longest = (variable: string, value: unknown): number => {
      if (variable === ENV.executionLogGroups) return MAX_EXECUTION_NAMES_CHARS;
      if (typeof value === 'string') return value.length;
      const ref = (value as { Ref?: string }).Ref;
      if (ref === tableId) return 255;
      if (ref === topicId) return 'arn:aws-iso-b:sns:us-isob-east-1:123456789012:'.length + 256;
      if (ref === 'CauseThresholds') return maxLength;
      const setting = settingByVariable.get(variable) as SettingName | undefined;
      assert.ok(setting && setting in SETTINGS, `no bound for ${variable}`);
      return String(SETTINGS[setting].max).length;
    };
    const total = Object.entries(variables).reduce(
      (sum, [variable, value]) => sum + variable.length + longest(variable, value),
      0,
    );
    assert.ok(total <= 4096, `environment variables may take ${total} characters`);
  });

  test('is bundled locally into one whitespace-minified file that keeps function names, with no source map and no run-time require of the AWS SDK', () => {
    // The default synthesizer stages the asset as asset.<hash> and uploads it as <hash>.zip.
    const s3Key = (propertiesOf(functionId).Code as { S3Key: string }).S3Key;
    const dir = join(assembly.directory, `asset.${s3Key.replace(/\.zip$/, '')}`);
    const code = readFileSync(join(dir, 'index.js'), 'utf8');
    assert.ok(!existsSync(join(dir, 'index.js.map')), 'no source map: enabling one costs every cold start');
    assert.doesNotMatch(code, /sourceMappingURL/);
    // Minified code is a few very long lines; only template literals keep their line breaks.
    const averageLineLength = code.length / code.split('\n').length;
    assert.ok(averageLineLength > 200, `the bundle is not minified (${averageLineLength} characters a line)`);
    // Names are kept, so a stack trace in the logs says where it went.
    assert.match(code, /function classify\(/);
    assert.match(code, /function decodeData\(/);
    // The SDK's only run-time require left is its optional CRT signer, loaded inside a try.
    const required = [...code.matchAll(/require\("(@aws-sdk\/[^"]+)"\)/g)].map((m) => m[1]);
    assert.deepEqual(
      required.filter((name) => name !== '@aws-sdk/signature-v4-crt'),
      [],
      'the AWS SDK clients must be bundled, not required at run time',
    );
  });

  test('is bundled with its syntax minified too: esbuild writes `true` as `!0`, and no `return true` is left', () => {
    const s3Key = (propertiesOf(functionId).Code as { S3Key: string }).S3Key;
    const code = readFileSync(
      join(assembly.directory, `asset.${s3Key.replace(/\.zip$/, '')}`, 'index.js'),
      'utf8',
    );
    // Whitespace minification alone keeps every `true` and `false` as written (the handler has dozens).
    assert.doesNotMatch(code, /\breturn true\b/);
    assert.match(code, /return!0\b/);
  });

  test("takes the AWS SDK's ES module builds, which tree-shake, not its CommonJS ones", () => {
    // esbuild wraps each CommonJS module it bundles in a require_<name>() function; the SDK's
    // CommonJS builds live in dist-cjs, and take about a fifth more code than its dist-es builds.
    const s3Key = (propertiesOf(functionId).Code as { S3Key: string }).S3Key;
    const code = readFileSync(
      join(assembly.directory, `asset.${s3Key.replace(/\.zip$/, '')}`, 'index.js'),
      'utf8',
    );
    assert.doesNotMatch(code, /\brequire_dist_cjs/);
  });

  test('keeps its own logs for a month', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('retries an async invocation twice, then sends it to an encrypted, TLS-only queue kept 14 days', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe('alerts topic', () => {
  test('is encrypted with a rotating customer-managed key that CloudWatch alarms may use', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  test('its key is deleted with the stack after a 7-day pending window, since nothing outlives the stack', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: Match.objectLike({ PendingWindowInDays: 7 }),
    });
  });

  test('carries the display name the SMS budget leaves room for, since SNS puts it before every SMS', () => {
    const { DisplayName } = propertiesOf(topicId) as { DisplayName: string };
    assert.equal(`${DisplayName.toUpperCase()}> `, SMS_TOPIC_PREFIX);
  });

  test('refuses publishing without TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  const subscriptions = [
    ['email', 'AlertEmail'],
    ['sms', 'AlertPhoneNumber'],
  ] as const;
  for (const [protocol, parameter] of subscriptions) {
    test(`subscribes ${protocol} only when the ${parameter} parameter is not empty`, () => {
      const [subscription] = Object.values(
        template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: protocol } }),
      );
      assert.ok(subscription, `no ${protocol} subscription`);
      assert.deepEqual(subscription.Properties.Endpoint, { Ref: parameter });
      assert.deepEqual(subscription.Properties.TopicArn, { Ref: topicId });
      const condition = template.toJSON().Conditions[subscription.Condition];
      assert.deepEqual(condition, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: parameter }, ''] }] });
    });
  }

  test('lets CloudWatch alarms of this account and region publish, since its policy replaces the default one', () => {
    const [policy] = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    const statements = policy?.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    const allow = statements.find((s) => s.Effect === 'Allow');
    assert.deepEqual(allow?.Principal, { Service: 'cloudwatch.amazonaws.com' });
    assert.equal(allow?.Action, 'sns:Publish');
    assert.deepEqual(allow?.Resource, { Ref: topicId });
    assert.deepEqual(allow?.Condition, {
      ArnLike: {
        'aws:SourceArn': {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':cloudwatch:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':alarm:*',
            ],
          ],
        },
      },
    });
    assert.deepEqual(policy?.Properties.Topics, [{ Ref: topicId }]);
  });

  test('its ARN is a stack output', () => {
    template.hasOutput('AlertTopicArn', { Value: { Ref: topicId } });
  });

  test("the function's own log group is a stack output, since it is not /aws/lambda/<name>", () => {
    template.hasOutput('FunctionLogGroupName', { Value: { Ref: functionLogGroupId } });
  });
});

describe('state table', () => {
  test('is on-demand with pk/sk string keys, TTL on expiresAt, encryption and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  test('is deleted with the stack, since it only holds expiring counters', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });
});

describe('self-monitoring', () => {
  const everyAlarm = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
  const silenceAlarms = everyAlarm.filter((a) => a.Properties.MetricName === 'Invocations');
  // The alarms on what went wrong; the silence alarm watches for nothing happening.
  const alarms = everyAlarm.filter((a) => !silenceAlarms.includes(a));
  const unparsed = alarms.filter((a) => a.Properties.MetricName === METRIC.unparsedLines);

  test('every alarm but the silence one notifies the alerts topic and stays quiet without data', () => {
    // The function's errors and throttles, the failure queue, records it could not take, rejected
    // deliveries, unparsed lines, and one for delivery errors of every log group.
    assert.equal(alarms.length, 7);
    for (const alarm of alarms) {
      assert.deepEqual(alarm.Properties.AlarmActions, [{ Ref: topicId }]);
      assert.equal(alarm.Properties.TreatMissingData, 'notBreaching');
      assert.equal(alarm.Properties.Threshold, 1);
    }
  });

  test('every alarm but the unparsed-lines one fires at 1 or more in one 5-minute period', () => {
    for (const alarm of alarms.filter((a) => !unparsed.includes(a))) {
      assert.equal(alarm.Properties.ComparisonOperator, 'GreaterThanOrEqualToThreshold');
      assert.equal(alarm.Properties.EvaluationPeriods, 1);
      // A query alarm gives its period with its query.
      assert.equal(alarm.Properties.Period ?? alarm.Properties.Metrics?.[0]?.Period, 300);
    }
  });

  const own = [
    ['AWS/Lambda', 'Errors', { Ref: functionId }],
    ['AWS/Lambda', 'Throttles', { Ref: functionId }],
    ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': [queueId, 'QueueName'] }],
    // Lambda's own count of failed deliveries' records it could not put into the failure queue.
    ['AWS/Lambda', 'DestinationDeliveryFailures', { Ref: functionId }],
    // Written by the function itself (lambda/core/emf.ts) for each delivery that does not decode.
    ['ApiGatewayErrorAnalyzer', 'RejectedDeliveries', { Ref: functionId }],
    // Written by the function itself for each delivery, by LogGroup and by FunctionName: one alarm
    // on the latter, whatever the number of log groups.
    ['ApiGatewayErrorAnalyzer', 'UnparsedLines', { Ref: functionId }],
  ] as const;
  for (const [namespace, metricName, dimensionValue] of own) {
    test(`alarms on ${namespace} ${metricName} of this stack's own function or queue alone`, () => {
      const matching = alarms.filter((a) => a.Properties.MetricName === metricName);
      assert.equal(matching.length, 1, `alarms on ${metricName}`);
      const [alarm] = matching;
      assert.ok(alarm);
      assert.equal(alarm.Properties.Namespace, namespace);
      assert.equal(alarm.Properties.Dimensions.length, 1);
      assert.deepEqual(alarm.Properties.Dimensions[0].Value, dimensionValue);
    });
  }

  test("the RejectedDeliveries alarm's dimension is the one the function writes its metric under", () => {
    const alarm = alarms.find((a) => a.Properties.MetricName === METRIC.rejectedDeliveries);
    assert.ok(alarm);
    assert.deepEqual(
      alarm.Properties.Dimensions.map((d: { Name: string }) => d.Name),
      [DIMENSION.functionName],
    );
    assert.match(alarm.Properties.AlarmDescription, /did not decode.*not analyzed/);
  });

  test("counts the function's errors and throttles over the period, and takes the failure queue's deepest point", () => {
    // An average of Lambda's Errors is the share of invocations that failed: one failure in many would stay under 1.
    const statistics = new Map<string, Set<string>>();
    for (const alarm of everyAlarm.filter((a) => a.Properties.MetricName !== undefined)) {
      const seen = statistics.get(alarm.Properties.MetricName) ?? new Set<string>();
      seen.add(alarm.Properties.Statistic);
      statistics.set(alarm.Properties.MetricName, seen);
    }
    assert.deepEqual(Object.fromEntries([...statistics].map(([metric, seen]) => [metric, [...seen]])), {
      Errors: ['Sum'],
      Invocations: ['Sum'],
      Throttles: ['Sum'],
      ApproximateNumberOfMessagesVisible: ['Maximum'],
      DestinationDeliveryFailures: ['Sum'],
      RejectedDeliveries: ['Sum'],
      UnparsedLines: ['Sum'],
    });
  });

  test("one UnparsedLines alarm watches the stack's function: it fires when lines go unread in each of three 5-minute periods in a row, not for one odd line, and notifies the alerts topic", () => {
    assert.equal(unparsed.length, 1);
    const [alarm] = unparsed;
    assert.ok(alarm);
    assert.equal(alarm.Properties.Namespace, 'ApiGatewayErrorAnalyzer');
    assert.deepEqual(alarm.Properties.Dimensions, [
      { Name: DIMENSION.functionName, Value: { Ref: functionId } },
    ]);
    assert.equal(alarm.Properties.Statistic, 'Sum');
    assert.equal(alarm.Properties.Period, 300);
    assert.equal(alarm.Properties.ComparisonOperator, 'GreaterThanOrEqualToThreshold');
    assert.equal(alarm.Properties.Threshold, 1);
    assert.equal(alarm.Properties.EvaluationPeriods, 3);
    assert.equal(alarm.Properties.DatapointsToAlarm, 3);
    assert.equal(alarm.Properties.TreatMissingData, 'notBreaching');
    assert.deepEqual(alarm.Properties.AlarmActions, [{ Ref: topicId }]);
    assert.match(alarm.Properties.AlarmDescription, /could not parse .* log format/);
    // It names the dashboard graph that shows which log group it is, by the title the dashboard gives it.
    const title = /dashboard graph "([^"]+)"/.exec(alarm.Properties.AlarmDescription)?.[1];
    assert.ok(title && JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard')).includes(title));
  });

  describe('the silence alarm (SilenceAlarmHours)', () => {
    const [silence] = silenceAlarms;
    const silenceId =
      Object.entries(resources).find(([, resource]) => resource.Properties === silence?.Properties)?.[0] ??
      '';

    test('there is one, and it exists only when SilenceAlarmHours is not 0 (the default, off)', () => {
      assert.equal(silenceAlarms.length, 1);
      assert.ok(silence && silenceId);
      const condition = template.toJSON().Conditions[silence.Condition];
      assert.deepEqual(condition, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SilenceAlarmHours' }, '0'] }] });
    });

    test("counts the invocations of this stack's function, each one log delivery, per hour", () => {
      assert.ok(silence);
      assert.equal(silence.Properties.Namespace, 'AWS/Lambda');
      assert.equal(silence.Properties.MetricName, 'Invocations');
      assert.deepEqual(silence.Properties.Dimensions, [{ Name: 'FunctionName', Value: { Ref: functionId } }]);
      assert.equal(silence.Properties.Statistic, 'Sum');
      assert.equal(silence.Properties.Period, 3600);
    });

    test('fires when every one of the last SilenceAlarmHours hours had no invocation, an hour without data counting as none', () => {
      assert.ok(silence);
      assert.equal(silence.Properties.ComparisonOperator, 'LessThanThreshold');
      assert.equal(silence.Properties.Threshold, 1);
      assert.deepEqual(silence.Properties.EvaluationPeriods, { Ref: 'SilenceAlarmHours' });
      assert.deepEqual(silence.Properties.DatapointsToAlarm, { Ref: 'SilenceAlarmHours' });
      // Lambda writes no Invocations datapoint for an hour without invocations.
      assert.equal(silence.Properties.TreatMissingData, 'breaching');
    });

    test("at the parameter's largest value its window is CloudWatch's longest, 7 days", () => {
      // PutMetricAlarm: Period × EvaluationPeriods may not exceed 604,800 seconds.
      assert.ok(silence);
      const pattern = (template.toJSON().Parameters.SilenceAlarmHours as { AllowedPattern: string })
        .AllowedPattern;
      assert.ok(new RegExp(pattern).test('168') && !new RegExp(pattern).test('169'));
      assert.equal(silence.Properties.Period * 168, 604_800);
    });

    test('notifies the alerts topic, as the other alarms do, and says what to check, with the hours given', () => {
      assert.ok(silence);
      assert.deepEqual(silence.Properties.AlarmActions, [{ Ref: topicId }]);
      const description = JSON.stringify(silence.Properties.AlarmDescription);
      assert.ok(description.includes('{"Ref":"SilenceAlarmHours"}'), description);
      for (const check of [/subscription filter/, /logging/, /DeliveryErrors/, /quiet/]) {
        assert.match(description, check);
      }
    });

    test('nothing else refers to it, so the stack deploys with it left out (SilenceAlarmHours 0)', () => {
      // CloudFormation refuses a template that refers to a resource its condition leaves out.
      const others = Object.entries(template.toJSON())
        .filter(([section]) => section !== 'Conditions')
        .map(([section, value]) =>
          section === 'Resources'
            ? JSON.stringify(Object.entries(value as Resources).filter(([id]) => id !== silenceId))
            : JSON.stringify(value),
        )
        .join('\n');
      assert.ok(!others.includes(`"${silenceId}"`), `${silenceId} is referred to`);
    });
  });

  test("one alarm sums the delivery errors of every log group by the stack's filter name, whatever DestinationType CloudWatch writes", () => {
    const filters = Object.values(template.findResources('AWS::Logs::SubscriptionFilter'));
    assert.equal(filters.length, 1 + EXECUTION.length);
    const filterNames = new Set(filters.map((f) => f.Properties.FilterName));
    assert.equal(filterNames.size, 1, 'every log group is subscribed under one filter name');
    const [filterName] = filterNames;
    assert.match(String(filterName), /^[A-Za-z0-9-]+$/, 'a name the query can hold between single quotes');
    const queries = alarms.filter((a) => a.Properties.Metrics !== undefined);
    assert.equal(queries.length, 1);
    const [alarm] = queries;
    assert.ok(alarm);
    const query = `SELECT SUM(DeliveryErrors) FROM "AWS/Logs" WHERE FilterName = '${filterName}'`;
    assert.deepEqual(alarm.Properties.Metrics, [
      { Expression: query, Id: 'expr_1', Label: 'DeliveryErrors', Period: 300, ReturnData: true },
    ]);
    // The alarm cannot say which group failed: its description holds the query that does.
    assert.ok(alarm.Properties.AlarmDescription.includes(`${query} GROUP BY LogGroupName`));
    assert.ok(
      !alarms.some((a) => a.Properties.MetricName === 'DeliveryErrors'),
      'no alarm on a guessed DestinationType',
    );
  });

  test('the dashboard graphs every API, stage and cause with SEARCH expressions', () => {
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const expression of [
      '{ApiGatewayErrorAnalyzer,Api,Stage,Cause} MetricName=\\\\\\"FailedRequests\\\\\\"',
      '{ApiGatewayErrorAnalyzer,Api,Stage,Cause} MetricName=\\\\\\"MaskedFailedRequests\\\\\\"',
      '{ApiGatewayErrorAnalyzer,Api,Stage} MetricName=\\\\\\"Requests\\\\\\"',
    ]) {
      assert.ok(body.includes(`SEARCH('${expression}`), `dashboard lacks SEARCH for ${expression}`);
    }
  });

  test("the dashboard's SEARCH expressions sum each 5-minute period, the alarms' period", () => {
    const searches = widgetSearches(template);
    assert.ok(searches.length >= 3, `only ${searches.length} SEARCH expressions`);
    for (const search of searches) assert.match(search, /, 'Sum', 300\)$/);
  });

  test('the dashboard opens on the last three hours', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    assert.match(JSON.stringify(dashboards[0]?.Properties.DashboardBody), /\\"start\\":\\"-PT3H\\"/);
  });

  test("the unparsed-lines widget graphs exactly the stack's own log groups, one line each", () => {
    // Each stack writes UnparsedLines by LogGroup into a namespace other stacks may share.
    const lines = widgetMetrics(template, UNPARSED_WIDGET).map(
      ([namespace, metric, dimension, logGroup, options]) => ({
        namespace,
        metric,
        dimension,
        logGroup,
        options,
      }),
    );
    assert.deepEqual(
      lines,
      [ACCESS, ...EXECUTION].map((logGroup) => ({
        namespace: 'ApiGatewayErrorAnalyzer',
        metric: 'UnparsedLines',
        dimension: 'LogGroup',
        logGroup,
        options: { label: logGroup, stat: 'Sum' },
      })),
    );
  });
});

describe('function permissions', () => {
  // CDK may reorder actions when it minimizes policies; the set is what grants access.
  const sortedActions = (action: unknown) => (Array.isArray(action) ? [...action].sort() : action);
  const policies = Object.values(template.findResources('AWS::IAM::Policy'));
  const statements = policies.flatMap(
    (p) => p.Properties.PolicyDocument.Statement as { Sid?: string; Action: unknown; Resource: unknown }[],
  );
  const logGroupArn = (name: string) => ({
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':logs:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        // IAM checks FilterLogEvents against the group's ARN with `:*`; without it every read is denied.
        `:log-group:${name}:*`,
      ],
    ],
  });

  const expected = [
    [
      'WriteOwnLogs',
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      { 'Fn::GetAtt': [functionLogGroupId, 'Arn'] },
    ],
    ['PublishAlerts', 'sns:Publish', { Ref: topicId }],
    ['EncryptAlerts', ['kms:GenerateDataKey', 'kms:Decrypt'], { 'Fn::GetAtt': [keyId, 'Arn'] }],
    [
      'CountWindows',
      ['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      { 'Fn::GetAtt': [tableId, 'Arn'] },
    ],
    ['ReadExecutionTrails', 'logs:FilterLogEvents', EXECUTION.map(logGroupArn)],
  ] as const;
  for (const [sid, actions, resource] of expected) {
    test(`${sid} allows exactly ${JSON.stringify(actions)} on its own resource`, () => {
      const statement = statements.find((s) => s.Sid === sid);
      assert.ok(statement, `no statement ${sid}`);
      assert.deepEqual(sortedActions(statement.Action), sortedActions(actions));
      assert.deepEqual(statement.Resource, resource);
    });
  }

  test('the failure destination may only send to its queue', () => {
    const statement = statements.find((s) => s.Sid === undefined);
    assert.deepEqual(sortedActions(statement?.Action), [
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
    assert.deepEqual(statement?.Resource, { 'Fn::GetAtt': [queueId, 'Arn'] });
  });

  test("every AWS API call in the function's code is an action its role allows", () => {
    // The function's own files, as esbuild bundles them from the handler (the CLI's adapters stay out).
    const ROOT = join(__dirname, '..', '..');
    const { metafile } = buildSync({
      absWorkingDir: ROOT,
      entryPoints: [HANDLER_ENTRY],
      bundle: true,
      platform: 'node',
      write: false,
      metafile: true,
      external: ['@aws-sdk/*'],
      logLevel: 'silent',
    });
    const SERVICE: Readonly<Record<string, string>> = {
      'client-dynamodb': 'dynamodb',
      'client-sns': 'sns',
      'client-cloudwatch-logs': 'logs',
    };
    const calls = new Set<string>();
    for (const file of Object.keys(metafile.inputs)) {
      const source = readFileSync(join(ROOT, file), 'utf8');
      const clients = new Set([...source.matchAll(/@aws-sdk\/(client-[a-z-]+)/g)].map((m) => m[1] ?? ''));
      const commands = new Set([...source.matchAll(/\b([A-Z][A-Za-z]+)Command\b/g)].map((m) => m[1] ?? ''));
      if (clients.size === 0 || commands.size === 0) continue;
      assert.equal(clients.size, 1, `${file}: one AWS client per adapter, so its commands' service is known`);
      const [client = ''] = clients;
      const service = SERVICE[client];
      assert.ok(service, `${file}: IAM service prefix of @aws-sdk/${client}`);
      for (const command of commands) calls.add(`${service}:${command}`);
    }
    assert.ok(calls.has('sns:Publish') && calls.has('dynamodb:UpdateItem'), 'the adapters were read');
    const allowed = new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
    for (const call of calls)
      assert.ok(allowed.has(call), `the function calls ${call}, which its role does not allow`);
  });

  test('there are no other statements, no "*" resource and no managed policy', () => {
    assert.equal(statements.length, expected.length + 1);
    assert.ok(!JSON.stringify(statements).includes('"*"'));
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });
});

test('the stack outputs exactly the six values the README lists', () => {
  assert.deepEqual(Object.keys(template.toJSON().Outputs).sort(), [
    'AlertTopicArn',
    'DashboardName',
    'FailedInvocationsQueueUrl',
    'FunctionLogGroupName',
    'FunctionName',
    'StateTableName',
  ]);
  template.hasOutput('FunctionName', { Value: { Ref: functionId } });
  template.hasOutput('StateTableName', { Value: { Ref: tableId } });
  // Ref of a queue is its URL; Ref of a dashboard is its name.
  template.hasOutput('FailedInvocationsQueueUrl', { Value: { Ref: queueId } });
  template.hasOutput('DashboardName', { Value: { Ref: onlyLogicalId('AWS::CloudWatch::Dashboard') } });
});

test("the README's command that finds the FunctionErrors alarm matches that alarm alone", () => {
  // CloudFormation names the alarms; the README finds one by the start of its logical id, which does
  // not depend on the stack's name.
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const prefix = /starts_with\(LogicalResourceId, '(\w+)'\)/.exec(readme)?.[1];
  assert.ok(prefix, 'README: the describe-stack-resources command before set-alarm-state');
  const matching = Object.keys(resources).filter((id) => id.startsWith(prefix));
  assert.equal(matching.length, 1, `logical ids starting with ${prefix}: ${matching.join(', ')}`);
  const id = matching[0] ?? '';
  assert.deepEqual(
    { type: resources[id]?.Type, metric: propertiesOf(id).MetricName, namespace: propertiesOf(id).Namespace },
    { type: 'AWS::CloudWatch::Alarm', metric: 'Errors', namespace: 'AWS/Lambda' },
  );
});

test('cdk-nag AwsSolutions reports no unacknowledged finding', () => {
  const report = new AwsSolutionsChecks().validateScope(stack);
  assert.deepEqual(
    report.violations.map((v) => `${v.ruleName}: ${v.description}`),
    [],
  );
  assert.equal(report.success, true);
});

test("CDK's template validation leaves no finding, not even a warning, unacknowledged; the one acknowledged is the silence alarm's parameter default", () => {
  // It reads SilenceAlarmHours' default, 0, into the alarm's EvaluationPeriods (minimum 1), though
  // the alarm's condition leaves it out then.
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
    pluginReports: {
      pluginName: string;
      violations: unknown[];
      suppressedViolations?: { ruleName: string; description: string }[];
    }[];
  };
  const validate = report.pluginReports.find((r) => r.pluginName === 'CloudFormation Validate');
  assert.ok(validate);
  for (const plugin of report.pluginReports) assert.deepEqual(plugin.violations, [], plugin.pluginName);
  for (const suppressed of validate.suppressedViolations ?? []) {
    assert.equal(suppressed.ruleName, 'W1030');
    assert.match(
      suppressed.description,
      /^Parameters\/SilenceAlarmHours\/Default: .*default '0'.*NoLogDeliveries/,
    );
  }
});

test('a stack of execution log groups only synthesizes without a warning, so cdk synth --strict passes: what its error rate and silence alarm need is said as infos', () => {
  const executionOnly = new ApiErrorAnalyzerStack(
    new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        executionLogGroups: 'API-Gateway-Execution-Logs_abc123defg/prod',
      },
    }),
    'ExecutionOnly',
  );
  const annotations = Annotations.fromStack(executionOnly);
  assert.deepEqual(annotations.findWarning('*', Match.anyValue()), []);
  const infos = annotations.findInfo('*', Match.anyValue()).map((message) => String(message.entry.data));
  assert.ok(infos.some((info) => /ErrorRatePercent/.test(info)));
  assert.ok(infos.some((info) => /SilenceAlarmHours/.test(info)));
});

test('synthesis leaves no error or warning annotation', () => {
  const annotations = Annotations.fromStack(stack);
  assert.deepEqual(annotations.findError('*', Match.anyValue()), []);
  assert.deepEqual(annotations.findWarning('*', Match.anyValue()), []);
});

test('cdk.json runs the app with tsx, fails synth on template validation findings and keeps the CLI quiet offline', () => {
  assert.equal(cdkJson.app, 'npx tsx bin/app.ts');
  assert.equal(cdkJson.context['@aws-cdk/core:validateAgainstDefaultRules'], true);
  assert.equal(cdkJson.context['cli-telemetry'], false);
  assert.equal(cdkJson.notices, false);
  assert.equal(cdkJson.versionReporting, false);
});
