import { CfnOutput, CfnParameter, Stack, type StackProps, Token, Validations } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CAUSE_THRESHOLDS_PATTERN } from '../lambda/core/cause-thresholds';
import {
  ALERT_EMAIL_PATTERN,
  ALERT_PHONE_PATTERN,
  ApiErrorAnalyzer,
  CAUSE_THRESHOLDS_MAX_LENGTH,
  SETTINGS,
  type SettingName,
} from './api-error-analyzer';
import { integerRangePattern } from './integer-range-pattern';
import { logGroupsFromContext, reservedConcurrencyFromContext } from './log-group-context';
import { SILENCE_ALARM_HOURS } from './prop-validation';

/** The CauseThresholds parameter's MaxLength: the construct's bound on a literal causeThresholds. */
export { CAUSE_THRESHOLDS_MAX_LENGTH };

/**
 * The ids of the String parameters that take text, each named once here: the console's parameter
 * groups list them by these too.
 */
const TEXT_PARAMETERS = {
  alertEmail: { id: 'AlertEmail' },
  alertPhoneNumber: { id: 'AlertPhoneNumber' },
  causeThresholds: { id: 'CauseThresholds' },
} as const;

/** The CloudFormation parameter of each numeric setting. */
const SETTING_PARAMETERS: Record<SettingName, { readonly id: string; readonly description: string }> = {
  windowMinutes: { id: 'WindowMinutes', description: 'Length of the counting window, in minutes.' },
  cooldownMinutes: {
    id: 'CooldownMinutes',
    description: 'Minutes after an alert during which the same API, stage and cause stay quiet.',
  },
  serverErrorThreshold: {
    id: 'ServerErrorThreshold',
    description: 'Failures with a server cause (backend, integration, configuration) per window that alert.',
  },
  limitErrorThreshold: {
    id: 'LimitErrorThreshold',
    description: 'Failures with a limit cause (throttling, quota, backend throttling) per window that alert.',
  },
  clientErrorThreshold: {
    id: 'ClientErrorThreshold',
    description: 'Failures with a client cause (bad request, auth, not found) per window that alert.',
  },
  errorRatePercent: {
    id: 'ErrorRatePercent',
    description:
      "Share of a stage's requests, in percent, failing in one window at which it alerts (at or above). Needs access log groups: execution logs alone count no requests, so the rate is off then.",
  },
  minRequests: {
    id: 'MinRequests',
    description:
      'Requests a stage needs in a window before its failure rate is judged. Counted from access log groups only; without any, the rate is off.',
  },
};

/** The parameter of the analyzer's alarm on its own silence: off by default, since a quiet API is silent too. */
const SILENCE_PARAMETER = { id: 'SilenceAlarmHours' } as const;

/**
 * Every CloudFormation parameter of the stack, by id: `cdk deploy --parameters Id=value` sets them,
 * and the CDK app refuses them given as context, where they would be ignored.
 */
export const STACK_PARAMETER_IDS: readonly string[] = [
  ...Object.values(TEXT_PARAMETERS).map(({ id }) => id),
  ...Object.values(SETTING_PARAMETERS).map(({ id }) => id),
  SILENCE_PARAMETER.id,
];

export interface ApiErrorAnalyzerStackProps extends StackProps {
  /**
   * Access log group names. When neither list is given, both are read from the CDK context keys
   * `accessLogGroups` and `executionLogGroups`.
   * @default - from CDK context
   */
  readonly accessLogGroups?: readonly string[];
  /**
   * REST execution log group names (`API-Gateway-Execution-Logs_{restApiId}/{stage}`).
   * @default - from CDK context
   */
  readonly executionLogGroups?: readonly string[];
  /**
   * Reserved concurrency of the function (see ApiErrorAnalyzerProps.reservedConcurrency).
   * @default - from the CDK context key `reservedConcurrency`; without it, no reservation
   */
  readonly reservedConcurrency?: number;
}

/**
 * The deployable app: the analyzer with its alerting settings as CloudFormation parameters, so
 * they can be retuned with `cdk deploy --parameters` without a code change.
 */
export class ApiErrorAnalyzerStack extends Stack {
  readonly analyzer: ApiErrorAnalyzer;

  constructor(scope: Construct, id: string, props: ApiErrorAnalyzerStackProps = {}) {
    super(scope, id, props);
    const logGroups =
      props.accessLogGroups === undefined && props.executionLogGroups === undefined
        ? logGroupsFromContext(this.node)
        : {
            accessLogGroups: props.accessLogGroups ?? [],
            executionLogGroups: props.executionLogGroups ?? [],
          };

    const text = (
      id: string,
      description: string,
      allowedPattern: string,
      constraintDescription: string,
      maxLength?: number,
    ) =>
      new CfnParameter(this, id, {
        type: 'String',
        default: '',
        description,
        allowedPattern,
        constraintDescription,
        ...(maxLength !== undefined && { maxLength }),
      }).valueAsString;
    const settings: { [name in SettingName]?: number } = {};
    for (const [name, parameter] of Object.entries(SETTING_PARAMETERS) as [
      SettingName,
      { id: string; description: string },
    ][]) {
      const { default: defaultValue, min, max } = SETTINGS[name];
      // A String with a pattern, not a Number: a Number parameter takes 2.5, which the function
      // would refuse at every cold start after a deploy that reported success.
      const value = new CfnParameter(this, parameter.id, {
        type: 'String',
        default: String(defaultValue),
        allowedPattern: integerRangePattern(min, max),
        description: `${parameter.description} A whole number from ${min} to ${max}.`,
        constraintDescription: `a whole number from ${min} to ${max}, without a fraction or leading zeros`,
      }).valueAsString;
      settings[name] = Token.asNumber(value);
    }

    const hours = SILENCE_ALARM_HOURS;
    // A String with a pattern, as the settings: the alarm's condition compares it with "0".
    const silenceAlarmHours = new CfnParameter(this, SILENCE_PARAMETER.id, {
      type: 'String',
      default: '0',
      allowedPattern: integerRangePattern(hours.min, hours.max),
      description:
        'Hours with no log delivery to the analyzer after which an alarm tells the alerts topic (e-mail) that it hears nothing: ' +
        "a subscription filter removed, the stage's logging switched off, a log group renamed. 0 (the default) turns it off. " +
        'A quiet API is silent too: set it above the longest quiet spell your API normally has (nights, weekends). ' +
        `A whole number from ${hours.min} to ${hours.max} (7 days, the longest an alarm looks back).`,
      constraintDescription: `a whole number from ${hours.min} to ${hours.max}, without a fraction or leading zeros`,
    }).valueAsString;

    const reservedConcurrency = props.reservedConcurrency ?? reservedConcurrencyFromContext(this.node);
    this.analyzer = new ApiErrorAnalyzer(this, 'Analyzer', {
      ...logGroups,
      ...(reservedConcurrency !== undefined && { reservedConcurrency }),
      alertEmail: text(
        TEXT_PARAMETERS.alertEmail.id,
        'E-mail address that receives alerts (confirm the subscription e-mail). Empty: no e-mail.',
        ALERT_EMAIL_PATTERN,
        'empty, or one e-mail address such as ops@example.com',
      ),
      alertPhoneNumber: text(
        TEXT_PARAMETERS.alertPhoneNumber.id,
        'Phone number in E.164 format that receives alerts by SMS. Empty: no SMS.',
        ALERT_PHONE_PATTERN,
        'empty, or an E.164 number such as +14155550100',
      ),
      ...settings,
      causeThresholds: text(
        TEXT_PARAMETERS.causeThresholds.id,
        'Per-cause threshold overrides, cause=N separated by commas. Empty: group thresholds only.',
        CAUSE_THRESHOLDS_PATTERN,
        `empty, or at most ${CAUSE_THRESHOLDS_MAX_LENGTH} characters of cause=N pairs with known cause ids, each cause at most once, e.g. limit.backend=1,auth.integration-permission=1`,
        CAUSE_THRESHOLDS_MAX_LENGTH,
      ),
      silenceAlarmHours: Token.asNumber(silenceAlarmHours),
    });
    // Template validation reads the default, 0, into the silence alarm's EvaluationPeriods (minimum
    // 1), though the alarm's condition leaves it out then; it reports that on the stack.
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W1030',
      reason: `The silence alarm exists only when ${SILENCE_PARAMETER.id} is not 0 (its condition), so its EvaluationPeriods and DatapointsToAlarm are 1 or more whenever it exists.`,
    });

    this.templateOptions.metadata = {
      'AWS::CloudFormation::Interface': {
        ParameterGroups: [
          {
            Label: { default: 'Where alerts go' },
            Parameters: [TEXT_PARAMETERS.alertEmail.id, TEXT_PARAMETERS.alertPhoneNumber.id],
          },
          {
            Label: { default: 'When to alert' },
            Parameters: [
              ...Object.values(SETTING_PARAMETERS).map(({ id }) => id),
              TEXT_PARAMETERS.causeThresholds.id,
            ],
          },
          { Label: { default: 'Self-monitoring' }, Parameters: [SILENCE_PARAMETER.id] },
        ],
      },
    };

    new CfnOutput(this, 'AlertTopicArn', {
      description: 'SNS topic of the alerts; subscribe more endpoints here',
      value: this.analyzer.topic.topicArn,
    });
    new CfnOutput(this, 'FunctionName', { value: this.analyzer.function.functionName });
    new CfnOutput(this, 'FunctionLogGroupName', {
      description: "The analyzer's own log: its per-failure lines and any error it met",
      value: this.analyzer.functionLogGroup.logGroupName,
    });
    new CfnOutput(this, 'StateTableName', { value: this.analyzer.table.tableName });
    new CfnOutput(this, 'FailedInvocationsQueueUrl', {
      description: 'Log deliveries that failed after retries',
      value: this.analyzer.failureQueue.queueUrl,
    });
    new CfnOutput(this, 'DashboardName', { value: this.analyzer.dashboard.dashboardName });
  }
}
