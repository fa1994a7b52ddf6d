/**
 * Synth-time checks of construct props. Values that are tokens (CloudFormation parameters,
 * references) are only known at deploy time, so they are left to CloudFormation's own constraints.
 * Every error names the prop, the bad value and the fix.
 */
import { Token } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { DEFAULT_METRICS_NAMESPACE, SETTINGS, type SettingName } from '../lambda/config';
import { SEVERITY } from '../lambda/core/alert-message';
import { CauseThresholdsError, parseCauseThresholds } from '../lambda/core/cause-thresholds';
import type { ApiErrorAnalyzerProps } from './api-error-analyzer';
import { MAX_FILTER_PATTERN_LENGTH, unbalancedMark } from './log-filter-patterns';

export class AnalyzerPropsError extends Error {
  override readonly name = 'AnalyzerPropsError';
}

/** CloudWatch Logs log group names: 1–512 of these characters (CreateLogGroup's own constraint). */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** A log group's ARN as the console and describe-log-groups show it, with or without `:*`. */
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]*:[0-9]*:log-group:([^:]+)(?::\*)?$/;

function checkLogGroupName(prop: string, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (name.includes(',')) {
    throw new AnalyzerPropsError(
      `${prop} contains "${name}", which holds a comma: pass each log group as its own list entry ` +
        `(for example ["/aws/apigateway/a", "/aws/apigateway/b"]), not one comma-joined string`,
    );
  }
  const arn = LOG_GROUP_ARN.exec(name);
  if (arn !== null && LOG_GROUP_NAME.test(arn[1] ?? '')) {
    throw new AnalyzerPropsError(
      `${prop} contains "${name}", which is a log group's ARN: give its name alone, ${arn[1]} ` +
        `(the stack subscribes log groups in its own account and Region)`,
    );
  }
  if (!LOG_GROUP_NAME.test(name)) {
    throw new AnalyzerPropsError(
      `${prop} contains "${name}", which is not a CloudWatch Logs log group name: use 1 to 512 of ` +
        `A-Z a-z 0-9 . - _ / #, for example API-Gateway-Execution-Logs_abc123defg/prod`,
    );
  }
  if (name.length > MAX_DIMENSION_VALUE) {
    throw new AnalyzerPropsError(
      `${prop} contains "${name.slice(0, 60)}…", a name of ${name.length} characters; the dashboard's graph of unparsed lines ` +
        `names each log group in a metric dimension, and CDK takes at most ${MAX_DIMENSION_VALUE} characters there: ` +
        `send the API's logs to a log group with a shorter name`,
    );
  }
}

/**
 * A metric's dimension value as CDK's Metric takes it: 1 to 255 characters (a longer one is refused
 * with DimensionValueLengthInvalid), fewer than a log group name's 512.
 */
const MAX_DIMENSION_VALUE = 255;

/** A whole number in [min, max]; tokens pass (CloudFormation checks parameters itself). */
function checkInteger(prop: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) return;
  // JavaScript passes '5', which would show as a valid 5.
  if (typeof value !== 'number') {
    const meant = Number(value);
    const example = Number.isInteger(meant) && meant >= min && meant <= max ? meant : min;
    throw new AnalyzerPropsError(
      `${prop} is ${shown(value)}, not a number; set it to a whole number from ${min} to ${max}, e.g. ${prop}: ${example}`,
    );
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AnalyzerPropsError(`${prop} is ${value}; set it to a whole number from ${min} to ${max}`);
  }
}

/** JavaScript passes 'yes' or 1, which would read as true. */
function checkBoolean(prop: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new AnalyzerPropsError(
      `${prop} is ${shown(value)}, not a boolean; set it to true or false, e.g. ${prop}: true`,
    );
  }
}

/** The retention periods CloudWatch Logs offers, in days (9999 is INFINITE). */
const RETENTION_DAYS: readonly number[] = Object.values(logs.RetentionDays).filter(
  (days): days is number => typeof days === 'number',
);

function checkRetention(prop: string, value: unknown): void {
  if (value === undefined || (typeof value === 'number' && Token.isUnresolved(value))) return;
  if (!RETENTION_DAYS.includes(value as number)) {
    const days = RETENTION_DAYS.filter((d) => d !== logs.RetentionDays.INFINITE).join(', ');
    throw new AnalyzerPropsError(
      `${prop} is ${shown(value)}, which CloudWatch Logs does not offer; use one of logs.RetentionDays: ` +
        `${days} days or ${logs.RetentionDays.INFINITE} (INFINITE), e.g. logs.RetentionDays.ONE_MONTH`,
    );
  }
}

/** A pattern of each syntax, as the fix of a pattern in that syntax shows it. */
const FILTER_PATTERN_EXAMPLES = {
  json: '{ $.status = 5* }',
  spaceDelimited: '[ip, id, user, timestamp, request, status=5*, size]',
  terms: '?"Execution failed" ?"timeout"',
} as const;

/** Braces, brackets and quotes that pair up: CloudWatch Logs refuses the others only at deploy. */
function checkFilterPattern(prop: string, pattern: string): void {
  const bad = unbalancedMark(pattern);
  if (bad === undefined) return;
  const what = bad.mark === '"' ? 'quote (")' : `"${bad.mark}"`;
  const problem =
    bad.kind === 'unclosed'
      ? `its ${what} at character ${bad.at} is never closed`
      : bad.opened === undefined
        ? `its ${what} at character ${bad.at} closes nothing open`
        : `its ${what} at character ${bad.at} does not close the "${bad.opened.mark}" at character ${bad.opened.at}`;
  const start = pattern.trimStart()[0];
  const example =
    start === '{'
      ? FILTER_PATTERN_EXAMPLES.json
      : start === '['
        ? FILTER_PATTERN_EXAMPLES.spaceDelimited
        : FILTER_PATTERN_EXAMPLES.terms;
  throw new AnalyzerPropsError(
    `${prop} is ${shown(pattern)}; ${problem}: pair every { with }, [ with ] and " with " ` +
      `(inside a quoted term write a quote as \\" and a backslash as \\\\), e.g. ${example}`,
  );
}

function checkPattern(prop: string, value: string, pattern: RegExp, example: string): void {
  if (Token.isUnresolved(value)) return;
  if (!pattern.test(value)) {
    throw new AnalyzerPropsError(
      `${prop} is "${value}", which does not match ${pattern}; use e.g. ${example}`,
    );
  }
}

/** A log group is either an access log group or an execution log group, never both. */
function checkDisjoint(
  [firstProp, first]: [string, readonly string[]],
  [secondProp, second]: [string, readonly string[]],
): void {
  const firsts = new Set(first.filter((name) => !Token.isUnresolved(name)));
  const both = second.find((name) => firsts.has(name));
  if (both !== undefined) {
    throw new AnalyzerPropsError(
      `log group "${both}" is in both ${firstProp} and ${secondProp}; list it once, under the kind of log it holds`,
    );
  }
}

function checkUnique(prop: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (Token.isUnresolved(name)) continue;
    if (seen.has(name)) {
      throw new AnalyzerPropsError(
        `${prop} names log group "${name}" twice; list each log group once (it gets one subscription filter)`,
      );
    }
    seen.add(name);
  }
}

// ApiErrorAnalyzerProps as a whole.

/** Empty (no e-mail) or one address; also the stack parameter's AllowedPattern. */
export const ALERT_EMAIL_PATTERN = '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$';
/** Empty (no SMS) or an E.164 number; also the stack parameter's AllowedPattern. */
export const ALERT_PHONE_PATTERN = '^$|^\\+[1-9][0-9]{6,14}$';

/** The numeric alerting settings, each a prop, an environment variable and a stack parameter. */
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/**
 * The longest causeThresholds: every cause once at 9,999,999 with spaces around the commas fits
 * (about 800 characters). Neither its pattern nor the parser bounds spaces, and the function's
 * environment variables may take 4 KB in all (MAX_EXECUTION_NAMES_CHARS counts on this bound): a
 * longer value failed the deploy on the function, after CloudFormation had begun. The stack's
 * CauseThresholds parameter has it as MaxLength; a literal is refused at synth.
 */
export const CAUSE_THRESHOLDS_MAX_LENGTH = 900;

/**
 * Lambda allows 4 KB of environment variables in all, and the execution log group names travel in
 * one of them. The others (their names, the table and topic, the settings, the default metrics
 * namespace and CauseThresholds, bounded to CAUSE_THRESHOLDS_MAX_LENGTH characters: by the stack's
 * parameter, or at synth) take at most about 1.7 KB; a longer namespace is taken from this.
 */
export const MAX_EXECUTION_NAMES_CHARS = 2300;
/**
 * The reserved concurrency the function may be given, as the prop and as the app's
 * `-c reservedConcurrency` context key.
 */
export const RESERVED_CONCURRENCY = { min: 1, max: 1000 } as const;
/**
 * The hours of silence the NoLogDeliveries alarm may wait for, as the prop and as the stack's
 * SilenceAlarmHours parameter; 0 is no alarm. It counts one-hour periods, and CloudWatch evaluates
 * an alarm over at most 7 days (PutMetricAlarm: Period × EvaluationPeriods ≤ 604,800 seconds).
 */
export const SILENCE_ALARM_HOURS = { min: 0, max: 168 } as const;
/** The longest CloudWatch namespace, what one known only at deploy is counted as. */
const MAX_NAMESPACE_CHARS = 255;
/** What a name known only at deploy (a stage's group) is counted as: its id and a long stage name. */
const UNRESOLVED_NAME_CHARS = 64;

/**
 * The props that named the analyzer's log groups, as an error message names them: `stages` only when
 * stages were given, since the CDK app (and many constructs' users) has no such option, and naming
 * it would read like one missing.
 */
export function logGroupProps(props: { readonly stages?: readonly unknown[] }): string {
  return props.stages?.length
    ? 'accessLogGroups, executionLogGroups and stages'
    : 'accessLogGroups and executionLogGroups';
}

/** `list each log group once`, or `… or stage once` when stages were given. */
export function listEachOnce(props: { readonly stages?: readonly unknown[] }): string {
  return props.stages?.length ? 'list each log group or stage once' : 'list each log group once';
}

/**
 * Every synth-time check of ApiErrorAnalyzerProps on its own, before the analyzer creates anything:
 * the log groups and stages, the room their names take in the function's environment, and each
 * setting's range or form. Log groups named twice across entries and analyzers are checked by the
 * construct, which resolves their names.
 */
export function validateAnalyzerProps(props: ApiErrorAnalyzerProps): void {
  checkDefined(props);
  const access = (props.accessLogGroups ?? []).map(nameOf);
  const execution = (props.executionLogGroups ?? []).map(nameOf);
  if (access.length + execution.length + (props.stages?.length ?? 0) === 0) {
    throw new AnalyzerPropsError(
      'ApiErrorAnalyzer needs at least one log group: accessLogGroups, executionLogGroups and stages are all empty; ' +
        'pass e.g. accessLogGroups: ["/aws/apigateway/my-api-access"] or stages: [api.deploymentStage]',
    );
  }
  for (const name of access) checkLogGroupName('accessLogGroups', name);
  for (const name of execution) checkLogGroupName('executionLogGroups', name);
  checkUnique('accessLogGroups', access);
  checkUnique('executionLogGroups', execution);
  checkDisjoint(['accessLogGroups', access], ['executionLogGroups', execution]);
  const executionCount = execution.length + (props.stages?.length ?? 0);
  const executionChars =
    execution.reduce(
      (sum, name) => sum + (Token.isUnresolved(name) ? UNRESOLVED_NAME_CHARS : name.length) + 1,
      0,
    ) +
    (props.stages?.length ?? 0) * (UNRESOLVED_NAME_CHARS + 1);
  // The budget counts on the default namespace; a longer one takes its room from the names.
  const namespace = props.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE;
  const namespaceChars = Token.isUnresolved(namespace) ? MAX_NAMESPACE_CHARS : namespace.length;
  const budget = MAX_EXECUTION_NAMES_CHARS - Math.max(0, namespaceChars - DEFAULT_METRICS_NAMESPACE.length);
  if (executionChars > budget) {
    const shrunk =
      budget < MAX_EXECUTION_NAMES_CHARS
        ? `, and a metricsNamespace of ${namespaceChars} characters leaves about ${budget} (a shorter namespace leaves more)`
        : '';
    throw new AnalyzerPropsError(
      `${props.stages?.length ? 'executionLogGroups and stages name' : 'executionLogGroups names'} ${executionCount} execution log groups (about ${executionChars} characters); ` +
        `the function receives them in one environment variable and Lambda allows 4 KB of environment variables in all, ` +
        `so about ${MAX_EXECUTION_NAMES_CHARS} characters of names fit${shrunk}: split the APIs across stacks (-c stackName=…)`,
    );
  }
  if (props.smsSeverities !== undefined) {
    const known: readonly string[] = Object.values(SEVERITY);
    const unknown = props.smsSeverities.filter((s) => !known.includes(s));
    if (props.smsSeverities.length === 0 || unknown.length > 0) {
      throw new AnalyzerPropsError(
        `smsSeverities is ${JSON.stringify(props.smsSeverities)}; list one or more of ${known.join(', ')} ` +
          "(for example ['critical']), or leave alertPhoneNumber empty for no SMS",
      );
    }
  }

  const integers: ReadonlyArray<[string, number | undefined, number, number]> = [
    ...SETTING_NAMES.map((name): [string, number | undefined, number, number] => [
      name,
      props[name],
      SETTINGS[name].min,
      SETTINGS[name].max,
    ]),
    ['reservedConcurrency', props.reservedConcurrency, RESERVED_CONCURRENCY.min, RESERVED_CONCURRENCY.max],
    ['memorySize', props.memorySize, 128, 10240],
    ['silenceAlarmHours', props.silenceAlarmHours, SILENCE_ALARM_HOURS.min, SILENCE_ALARM_HOURS.max],
  ];
  for (const [prop, value, min, max] of integers) {
    if (value !== undefined) checkInteger(prop, value, min, max);
  }
  if (props.timeout !== undefined && !props.timeout.isUnresolved()) {
    // Lambda takes whole seconds; CDK's own error for 1500 ms names no prop.
    const ms = props.timeout.toMilliseconds();
    if (ms % 1000 !== 0) {
      throw new AnalyzerPropsError(
        `timeout is ${props.timeout.toHumanString()}; Lambda takes whole seconds: set it to 1 to 900 seconds, e.g. Duration.seconds(${Math.min(Math.max(Math.round(ms / 1000), 1), 900)})`,
      );
    }
    checkInteger('timeout (seconds)', ms / 1000, 1, 900);
  }
  if (props.alertEmail !== undefined) {
    checkPattern('alertEmail', props.alertEmail, new RegExp(ALERT_EMAIL_PATTERN), 'ops@example.com');
  }
  if (props.alertPhoneNumber !== undefined) {
    checkPattern('alertPhoneNumber', props.alertPhoneNumber, new RegExp(ALERT_PHONE_PATTERN), '+14155550100');
  }
  if (props.causeThresholds !== undefined && !Token.isUnresolved(props.causeThresholds)) {
    try {
      parseCauseThresholds(props.causeThresholds);
    } catch (error) {
      if (error instanceof CauseThresholdsError) {
        throw new AnalyzerPropsError(`causeThresholds is "${props.causeThresholds}": ${error.message}`);
      }
      throw error;
    }
    // Known causes, each once (the parser refuses repeats): only spaces make it this long.
    if (props.causeThresholds.length > CAUSE_THRESHOLDS_MAX_LENGTH) {
      throw new AnalyzerPropsError(
        `causeThresholds is ${props.causeThresholds.length} characters long; at most ${CAUSE_THRESHOLDS_MAX_LENGTH} fit ` +
          'beside the other environment variables of the function (Lambda allows 4 KB of environment variables in all): ' +
          'remove the spaces around its commas, e.g. limit.backend=1,auth.integration-permission=1',
      );
    }
  }
  for (const prop of ['accessLogFilterPattern', 'executionLogFilterPattern'] as const) {
    const pattern = props[prop];
    if (pattern === undefined || Token.isUnresolved(pattern)) continue;
    if (pattern.length > MAX_FILTER_PATTERN_LENGTH) {
      throw new AnalyzerPropsError(
        `${prop} is ${pattern.length} characters long; CloudWatch Logs allows ${MAX_FILTER_PATTERN_LENGTH}: drop terms`,
      );
    }
    checkFilterPattern(prop, pattern);
  }
  checkBoolean('accessLogFilterPassesEveryRequest', props.accessLogFilterPassesEveryRequest);
  checkRetention('logRetention', props.logRetention);
  if (props.metricsNamespace !== undefined) {
    checkPattern(
      'metricsNamespace',
      props.metricsNamespace,
      /^[A-Za-z0-9._/#:-]{1,255}$/,
      DEFAULT_METRICS_NAMESPACE,
    );
    if (!Token.isUnresolved(props.metricsNamespace) && props.metricsNamespace.startsWith('AWS/')) {
      throw new AnalyzerPropsError(
        `metricsNamespace is "${props.metricsNamespace}"; CloudWatch reserves namespaces starting with AWS/ for AWS services: use your own, e.g. ${DEFAULT_METRICS_NAMESPACE}`,
      );
    }
  }
}

/** How the errors about a stage show one to pass when the API has none (imported, or deploy: false). */
const STAGE_EXAMPLE =
  "apigateway.Stage.fromStageAttributes(this, 'Stage', { restApi: api, stageName: 'prod' })";
/** What the errors about a log group entry ask for. */
const LOG_GROUP_ENTRY = 'a log group name (e.g. "/aws/apigateway/my-api-access") or a logs.ILogGroup';

/**
 * TypeScript types `deploymentStage` as always set, but an imported RestApi or one created with
 * `deploy: false` has none; and JavaScript passes any stage. Without these checks the construct
 * dies on `undefined.restApi` or `undefined.restApiId`.
 */
function checkDefined(props: ApiErrorAnalyzerProps): void {
  (props.stages ?? []).forEach((stage, i) => {
    if (stage === undefined || stage === null) {
      throw new AnalyzerPropsError(
        `stages[${i}] is undefined: a RestApi imported with RestApi.fromRestApiId or fromRestApiAttributes, or created with deploy: false, ` +
          `has no deploymentStage; pass its stage, e.g. ${STAGE_EXAMPLE}`,
      );
    }
    // A stage's name, or anything but a construct: there is no path to name it by.
    if (!isConstruct(stage)) {
      throw new AnalyzerPropsError(
        `stages[${i}] is ${shown(stage)}, not a stage: pass a REST API stage, e.g. api.deploymentStage, ` +
          `or ${STAGE_EXAMPLE}`,
      );
    }
    // The API itself, not its stage: a REST API has a restApiId and a deploymentStage.
    if (typeof (stage as Partial<apigateway.IRestApi>).restApiId === 'string' && 'deploymentStage' in stage) {
      throw new AnalyzerPropsError(
        `stages[${i}] (${stage.node.path}) is a REST API, not a stage: pass its stage, e.g. api.deploymentStage, ` +
          `or ${STAGE_EXAMPLE}`,
      );
    }
    // An aws-apigatewayv2 stage has `api`, not `restApi`; TypeScript refuses it, JavaScript does not.
    if ((stage as Partial<apigateway.IStage>).restApi === undefined) {
      throw new AnalyzerPropsError(
        `stages[${i}] (${stage.node.path}) is not a REST API stage: an HTTP API writes no execution logs, so pass its stage's access log group in accessLogGroups; ` +
          'for a WebSocket API stage, pass its execution log group by name in executionLogGroups, API-Gateway-Execution-Logs_{apiId}/{stage}',
      );
    }
  });
  for (const prop of ['accessLogGroups', 'executionLogGroups'] as const) {
    (props[prop] ?? []).forEach((entry, i) => {
      if (entry === undefined || entry === null) {
        throw new AnalyzerPropsError(`${prop}[${i}] is undefined; pass ${LOG_GROUP_ENTRY}`);
      }
      // JavaScript passes anything: a number, or a plain object that only looks like a log group.
      if (typeof entry !== 'string' && !(isConstruct(entry) && typeof entry.logGroupName === 'string')) {
        throw new AnalyzerPropsError(
          `${prop}[${i}] is ${shown(entry)}; pass ${LOG_GROUP_ENTRY} ` +
            "(e.g. logs.LogGroup.fromLogGroupName(this, 'AccessLogs', '/aws/apigateway/my-api-access'))",
        );
      }
    });
  }
}

/** A construct of any copy of the constructs library: it has a node with a path. */
function isConstruct(value: unknown): value is Construct {
  return typeof (value as Partial<Construct> | null)?.node?.path === 'string';
}

/** A value JavaScript passed where a construct or name belongs, as an error message shows it. */
function shown(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A log group entry's name: the string itself, or the group's (maybe a token). */
function nameOf(entry: string | logs.ILogGroup): string {
  return typeof entry === 'string' ? entry : entry.logGroupName;
}
