import {
  Annotations,
  ArnFormat,
  Aws,
  CfnCondition,
  Duration,
  Fn,
  Names,
  RemovalPolicy,
  Stack,
  Token,
  Tokenization,
  Validations,
} from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as logsDestinations from 'aws-cdk-lib/aws-logs-destinations';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_METRICS_NAMESPACE, ENV, SETTINGS, type SettingName } from '../lambda/config';
import { ALERTS_TOPIC_DISPLAY_NAME, SEVERITY, type Severity } from '../lambda/core/alert-message';
import { DIMENSION, METRIC } from '../lambda/core/emf';
import { executionLogGroupApi, executionLogGroupName } from '../lambda/core/execution-log-group';
import { addAnalyzerDashboard } from './analyzer-dashboard';
import { HANDLER_BUNDLING, HANDLER_ENTRY, HANDLER_LOCK_FILE, HANDLER_PROJECT_ROOT } from './handler-bundling';
import { ACCESS_LOG_FILTER_PATTERN, EXECUTION_LOG_FILTER_PATTERN } from './log-filter-patterns';
import {
  deployedStack,
  joinNames,
  keyOf,
  physicalName,
  sameFixedEnvironment,
  tokenName,
} from './log-group-names';
import { acknowledgeNagFinding, nagResourceName } from './nag-acknowledgement';
import {
  ALERT_EMAIL_PATTERN,
  ALERT_PHONE_PATTERN,
  AnalyzerPropsError,
  CAUSE_THRESHOLDS_MAX_LENGTH,
  listEachOnce,
  logGroupProps,
  SETTING_NAMES,
  validateAnalyzerProps,
} from './prop-validation';
import { checkResourceBudget } from './stack-resource-budget';

// The alerting settings' defaults and bounds live beside the function's config, which reads them,
// and the patterns and bounds of the alert endpoints and causeThresholds beside the props' checks;
// re-exported so the construct's users and the stack keep importing them from here.
export {
  ALERT_EMAIL_PATTERN,
  ALERT_PHONE_PATTERN,
  CAUSE_THRESHOLDS_MAX_LENGTH,
  DEFAULT_METRICS_NAMESPACE,
  SETTINGS,
  type SettingName,
};

export interface ApiErrorAnalyzerProps {
  /**
   * Access log groups of REST, HTTP or WebSocket API stages, by name or as log groups. Every event
   * is delivered (rates need the successful requests too).
   * @default - none; at least one access log group, execution log group or stage is required
   */
  readonly accessLogGroups?: ReadonlyArray<string | logs.ILogGroup>;
  /**
   * REST API execution log groups (`API-Gateway-Execution-Logs_{restApiId}/{stage}`), by name or
   * as log groups. They must exist at deploy time: API Gateway creates one when execution logging
   * is on and the stage logs its first request.
   * @default - none
   */
  readonly executionLogGroups?: ReadonlyArray<string | logs.ILogGroup>;
  /**
   * REST API stages whose execution log groups to analyze (e.g. `api.deploymentStage`). A stage's
   * access log group cannot be read back from the stage; pass it in `accessLogGroups`.
   * @default - none
   */
  readonly stages?: readonly apigateway.IStage[];
  /**
   * Subscription filter pattern for access log groups. Narrowing it to errors (for a JSON format,
   * `{ $.status = 4* || $.status = 5* }`) cuts invocations, but the function then sees failures
   * only, so the error rate (`errorRatePercent`, `minRequests`) is not judged unless
   * `accessLogFilterPassesEveryRequest` says otherwise; per-cause thresholds still alert.
   * @default '' (every event)
   */
  readonly accessLogFilterPattern?: string;
  /**
   * Whether the access-log filter still passes every request, successful ones included, so the
   * function can judge the error rate (failures ÷ requests). Set it to `true` for a custom
   * `accessLogFilterPattern` that drops no API request (e.g. only health checks of another log).
   * @default - true with the default access-log filter; false when `accessLogFilterPattern` is given
   */
  readonly accessLogFilterPassesEveryRequest?: boolean;
  /**
   * Subscription filter pattern for execution log groups.
   * @default EXECUTION_LOG_FILTER_PATTERN (the lines the classifier reads)
   */
  readonly executionLogFilterPattern?: string;
  /**
   * E-mail address subscribed to alerts; empty for none. Tokens become a CloudFormation condition.
   * @default - no e-mail subscription
   */
  readonly alertEmail?: string;
  /**
   * E.164 phone number subscribed to SMS alerts; empty for none. Tokens become a condition.
   * @default - no SMS subscription
   */
  readonly alertPhoneNumber?: string;
  /**
   * Alert severities the SMS subscription receives (an SNS filter policy on the `severity` message
   * attribute). SMS is paid per message and wakes people up: by default only alerts whose clients get
   * 5xx. Add `warning` and `info` for everything, including resolved messages.
   * @default ['critical']
   */
  readonly smsSeverities?: readonly Severity[];
  /**
   * Length of the counting window, in minutes (1–60).
   * @default 5
   */
  readonly windowMinutes?: number;
  /**
   * Minutes after an alert during which the same API, stage and cause do not alert again (0–1440).
   * @default 30
   */
  readonly cooldownMinutes?: number;
  /**
   * Failures with a server-group cause per window that raise an alert.
   * @default 5
   */
  readonly serverErrorThreshold?: number;
  /**
   * Failures with a limit-group cause (throttling, quotas) per window that raise an alert.
   * @default 10
   */
  readonly limitErrorThreshold?: number;
  /**
   * Failures with a client-group cause per window that raise an alert.
   * @default 100
   */
  readonly clientErrorThreshold?: number;
  /**
   * Failure rate of a stage, in percent of its requests per window, that raises an alert (1–100).
   * @default 5
   */
  readonly errorRatePercent?: number;
  /**
   * Requests a stage needs in a window before its failure rate is judged.
   * @default 100
   */
  readonly minRequests?: number;
  /**
   * Per-cause threshold overrides, `cause=N,…`, e.g. `limit.backend=1,auth.integration-permission=1`.
   * @default '' (group thresholds only)
   */
  readonly causeThresholds?: string;
  /**
   * CloudWatch namespace of the function's embedded-metric-format metrics and of the dashboard.
   * @default 'ApiGatewayErrorAnalyzer'
   */
  readonly metricsNamespace?: string;
  /**
   * Reserved concurrency of the function (1–1000): bounds its cost and its share of the account's
   * concurrency during a log flood. Lambda refuses any reservation that leaves the account less
   * than its minimum of unreserved concurrency, so accounts with a low concurrency quota (new
   * accounts get 10 or 50) cannot reserve at all.
   * @default - no reservation: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
  /**
   * Hours without any log delivery to the function after which the NoLogDeliveries alarm tells the
   * alerts topic that the analyzer hears nothing (a subscription filter removed, the stage's logging
   * switched off, a log group renamed), which otherwise looks like a healthy API; 0 for no such
   * alarm. A quiet API is silent too: set it above the longest quiet spell the APIs normally have
   * (nights, weekends), or that spell raises it. It counts deliveries, so it needs lines every
   * request writes: execution log groups alone at ERROR level, or an `accessLogFilterPattern` passing
   * failures only, deliver nothing on a healthy API, and synth says so (a warning for a number, an
   * info for a token). A whole number from 0 to 168, one-hour periods up to the 7 days CloudWatch
   * evaluates an alarm over. A token (a stack parameter) makes the alarm conditional on its value not
   * being `0`, so it must resolve to one written without leading zeros; a parameter whose default is
   * 0 draws template validation's W1030 warning (0 periods), which the condition makes moot:
   * acknowledge it on your stack.
   * @default 0 (no silence alarm)
   */
  readonly silenceAlarmHours?: number;
  /**
   * Function timeout (1 s to 15 min).
   * @default Duration.seconds(60)
   */
  readonly timeout?: Duration;
  /**
   * Function memory in MB (128–10240).
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Retention of the function's own log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Removal policy of the state table. It only holds window counters and cooldown markers that
   * expire on their own, so deleting it with the stack loses nothing worth keeping.
   * @default RemovalPolicy.DESTROY
   */
  readonly tableRemovalPolicy?: RemovalPolicy;
  /**
   * Name of the CloudWatch dashboard.
   * @default - generated by CloudFormation
   */
  readonly dashboardName?: string;
}

/** A name that says it is an access log group: under /aws/apigateway/, or holding "access". */
const ACCESS_LIKE_NAME = /^\/aws\/apigateway\/|access/i;

/** Which log a subscribed group holds: each kind has its own subscription filter pattern. */
const LOG_KIND = {
  access: 'access',
  execution: 'execution',
} as const;
type LogKind = (typeof LOG_KIND)[keyof typeof LOG_KIND];

interface NamedLogGroup {
  readonly kind: LogKind;
  readonly group: logs.ILogGroup;
  /**
   * Construct id suffix derived from the log group, not its list position, so adding or removing
   * one group never replaces another group's filter (a replacement would create the new filter
   * under the same name, then delete it with the old resource).
   */
  readonly key: string;
  /** How an error message names it: `log group "NAME"`, or the stage or construct it comes from. */
  readonly description: string;
  /** Its name as the template will hold it, to find the same group subscribed twice. */
  readonly resolvedName: string;
}

/**
 * Subscribes a Lambda function to API Gateway access and execution logs, classifies every failed
 * request by its real cause, and alerts once per incident on an encrypted SNS topic.
 */
export class ApiErrorAnalyzer extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly topic: sns.Topic;
  readonly table: dynamodb.Table;
  readonly failureQueue: sqs.Queue;
  /** The function's own log group. */
  readonly functionLogGroup: logs.LogGroup;
  readonly dashboard: cloudwatch.Dashboard;
  /**
   * Its alarms, each on the dashboard's health widget. The silence alarm is among them only when
   * `silenceAlarmHours` is a literal number: hours known only at deploy make it conditional, and the
   * dashboard cannot refer to an alarm CloudFormation may leave out.
   */
  readonly alarms: cloudwatch.Alarm[] = [];
  /**
   * The NoLogDeliveries alarm, when `silenceAlarmHours` asks for one (or is a token). With hours
   * from a token the alarm is conditional (left out when they resolve to 0): referring to it
   * elsewhere (a dashboard, a composite alarm, an output) makes a template CloudFormation rejects
   * when the parameter is 0, since the reference names a resource it did not create. Give the
   * referring resource the same condition (the alarm's `node.defaultChild` `cfnOptions.condition`),
   * or use a literal number of hours.
   */
  readonly silenceAlarm?: cloudwatch.Alarm;
  readonly subscriptionFilters: logs.SubscriptionFilter[] = [];
  /** One name for all of this analyzer's filters: it names the delivery metrics' FilterName. */
  readonly subscriptionFilterName: string;
  /** Its log groups, once its props passed every check; none while constructing or when refused. */
  private readonly sources: readonly NamedLogGroup[] = [];
  private readonly namespace: string;

  constructor(scope: Construct, id: string, props: ApiErrorAnalyzerProps) {
    super(scope, id);
    validateAnalyzerProps(props);

    const sources = this.logGroups(props);
    const executionNames = sources
      .filter((s) => s.kind === LOG_KIND.execution)
      .map((s) => s.group.logGroupName);
    const hasAccessLogs = sources.some((s) => s.kind === LOG_KIND.access);
    const namespace = props.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE;
    this.namespace = namespace;
    // A filter that passes failures only would make every window's rate 100 %.
    const filterPassesEveryRequest =
      props.accessLogFilterPassesEveryRequest ??
      (props.accessLogFilterPattern === undefined ||
        props.accessLogFilterPattern === ACCESS_LOG_FILTER_PATTERN);
    // Requests are counted from access lines only: without them no window reaches minRequests.
    const judgeErrorRate = hasAccessLogs && filterPassesEveryRequest;
    if (!hasAccessLogs) this.noteErrorRateNotJudged(props);
    this.warnIfSilenceMayBeHealthy(props.silenceAlarmHours, { hasAccessLogs, filterPassesEveryRequest });
    this.checkNotSubscribedByAnother(sources);
    checkResourceBudget(this, props, sources.length);
    // Set once its checks pass: an analyzer refused (its error caught) claims no log group.
    this.sources = sources;

    const key = this.alertsKey();
    this.topic = this.alertsTopic(key);
    this.subscribe('EmailAlerts', sns.SubscriptionProtocol.EMAIL, props.alertEmail);
    this.subscribe('SmsAlerts', sns.SubscriptionProtocol.SMS, props.alertPhoneNumber, {
      severity: [...(props.smsSeverities ?? [SEVERITY.critical])],
    });
    this.table = this.stateTable(props);
    this.failureQueue = this.deadLetterQueue();
    this.functionLogGroup = new logs.LogGroup(this, 'FunctionLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'API Gateway error analyzer function: least privilege, no managed policies',
    });
    this.function = this.analyzerFunction(
      props,
      role,
      this.functionEnvironment(props, { executionNames, hasAccessLogs, judgeErrorRate }),
    );
    this.grantLeastPrivilege(role, this.functionLogGroup, key, executionNames);
    this.subscriptionFilterName = Names.uniqueResourceName(this, { maxLength: 200, separator: '-' });
    this.subscribeAll(sources, props);
    this.addAlarms(props.reservedConcurrency);
    this.silenceAlarm = this.addSilenceAlarm(props.silenceAlarmHours);
    this.dashboard = addAnalyzerDashboard(
      this,
      namespace,
      props.dashboardName,
      sources.map((source) => source.group),
      this.alarms,
      {
        requestsAreEveryRequest: filterPassesEveryRequest,
        executionFailuresCountedFromAccessLogs: hasAccessLogs && executionNames.length > 0,
      },
    );
  }

  /** The customer-managed key of the alerts topic, which CloudWatch alarms may use to publish. */
  private alertsKey(): kms.Key {
    const key = new kms.Key(this, 'AlertsKey', {
      description: 'Encrypts API Gateway error analyzer alerts on their SNS topic',
      enableKeyRotation: true,
      // Only alerts in flight are encrypted with it; nothing outlives the stack.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch alarms publish to the encrypted topic, so the service needs the key. In a key
    // policy the resource is always "*", meaning this key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    return key;
  }

  /** The encrypted, TLS-only alerts topic, which the function and CloudWatch alarms publish to. */
  private alertsTopic(key: kms.Key): sns.Topic {
    const topic = new sns.Topic(this, 'Alerts', {
      // SNS puts it before every SMS; the SMS text is budgeted around it.
      displayName: ALERTS_TOPIC_DISPLAY_NAME,
      masterKey: key,
      enforceSSL: true,
    });
    // enforceSSL writes a topic policy, which replaces SNS's default one: without this statement the
    // alarms could not publish, and the analyzer's own failures would reach nobody.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );
    return topic;
  }

  /** Window counters, alert states and processed deliveries, all expiring on their own. */
  private stateTable(props: ApiErrorAnalyzerProps): dynamodb.Table {
    return new dynamodb.Table(this, 'State', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.tableRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
  }

  /** Where deliveries the function failed on every retry are kept. */
  private deadLetterQueue(): sqs.Queue {
    const queue = new sqs.Queue(this, 'FailedInvocations', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeNagFinding(
      queue.node.defaultChild as sqs.CfnQueue,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter destination of the function (async onFailure); a queue for the dead letters of dead letters would only move the problem.',
    );
    return queue;
  }

  /** What the function reads at cold start (lambda/config.ts): its table, topic and every setting. */
  private functionEnvironment(
    props: ApiErrorAnalyzerProps,
    sources: { executionNames: readonly string[]; hasAccessLogs: boolean; judgeErrorRate: boolean },
  ): Record<string, string> {
    const { executionNames, hasAccessLogs, judgeErrorRate } = sources;
    return {
      [ENV.tableName]: this.table.tableName,
      [ENV.topicArn]: this.topic.topicArn,
      ...Object.fromEntries(
        SETTING_NAMES.map((name) => [
          ENV[name],
          Tokenization.stringifyNumber(props[name] ?? SETTINGS[name].default),
        ]),
      ),
      [ENV.causeThresholds]: props.causeThresholds ?? '',
      [ENV.executionLogGroups]: joinNames(executionNames),
      // With access logs every request is counted there; execution logs only add evidence.
      [ENV.countExecutionLogs]: hasAccessLogs ? 'false' : 'true',
      // Set only when off (the function's default is on), so most stacks keep their environment.
      ...(judgeErrorRate ? {} : { [ENV.judgeErrorRate]: 'false' }),
      [ENV.metricsNamespace]: this.namespace,
    };
  }

  /** The handler, bundled locally from this package, with its settings in its environment. */
  private analyzerFunction(
    props: ApiErrorAnalyzerProps,
    role: iam.Role,
    environment: Record<string, string>,
  ): nodejs.NodejsFunction {
    return new nodejs.NodejsFunction(this, 'Function', {
      entry: HANDLER_ENTRY,
      projectRoot: HANDLER_PROJECT_ROOT,
      depsLockFilePath: HANDLER_LOCK_FILE,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      role,
      logGroup: this.functionLogGroup,
      timeout: props.timeout ?? Duration.seconds(60),
      memorySize: props.memorySize ?? 256,
      reservedConcurrentExecutions: props.reservedConcurrency,
      retryAttempts: 2,
      onFailure: new lambdaDestinations.SqsDestination(this.failureQueue),
      description: 'Classifies failed API Gateway requests by their real cause and alerts',
      environment,
      bundling: {
        // Local esbuild only: there is no Docker where this is built.
        forceDockerBundling: false,
        ...HANDLER_BUNDLING,
        mainFields: [...HANDLER_BUNDLING.mainFields],
        esbuildArgs: { ...HANDLER_BUNDLING.esbuildArgs },
        format: nodejs.OutputFormat.CJS,
        // The SDK is bundled so the function runs the version it was tested with.
        bundleAwsSDK: true,
        externalModules: [],
      },
    });
  }

  /** One subscription filter per log group, each with its kind's pattern, all invoking the function. */
  private subscribeAll(sources: readonly NamedLogGroup[], props: ApiErrorAnalyzerProps): void {
    // One permission for all log groups: a function policy is limited to 20 KB, and one statement
    // per log group would hit it with a few dozen groups.
    const invokePermission = new lambda.CfnPermission(this, 'InvokeFromLogs', {
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionArn,
      principal: 'logs.amazonaws.com',
      sourceArn: `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
      sourceAccount: Aws.ACCOUNT_ID,
    });
    const destination = new logsDestinations.LambdaDestination(this.function, { addPermissions: false });
    for (const source of sources) {
      const filter = new logs.SubscriptionFilter(this, `Subscription${source.key}`, {
        logGroup: source.group,
        destination,
        filterPattern: logs.FilterPattern.literal(
          source.kind === LOG_KIND.access
            ? (props.accessLogFilterPattern ?? ACCESS_LOG_FILTER_PATTERN)
            : (props.executionLogFilterPattern ?? EXECUTION_LOG_FILTER_PATTERN),
        ),
        filterName: this.subscriptionFilterName,
      });
      filter.node.addDependency(invokePermission);
      this.subscriptionFilters.push(filter);
    }
  }

  private logGroups(props: ApiErrorAnalyzerProps): NamedLogGroup[] {
    type Entry = {
      kind: LogKind;
      key: string;
      name: string;
      label: string;
      /** The construct whose attributes a token name is made of: its stack owns the ids it refers to. */
      owner: Construct;
      group: () => logs.ILogGroup;
    };
    const byName = (kind: LogKind, name: string, key: string): Entry => ({
      kind,
      key,
      name,
      label: name,
      owner: this,
      group: () => logs.LogGroup.fromLogGroupName(this, `LogGroup${key}`, name),
    });
    const fromEntry = (kind: LogKind, entry: string | logs.ILogGroup): Entry => {
      if (typeof entry === 'string') return byName(kind, entry, keyOf(entry));
      const named = !Token.isUnresolved(entry.logGroupName);
      return {
        kind,
        key: named ? keyOf(entry.logGroupName) : Names.nodeUniqueId(entry.node),
        // A group created here with a name is known by it: that name given elsewhere is it too.
        name: named ? entry.logGroupName : (physicalName(entry) ?? entry.logGroupName),
        label: named ? entry.logGroupName : entry.node.path,
        owner: entry,
        group: () => entry,
      };
    };
    const fromStage = (stage: apigateway.IStage): Entry => ({
      ...byName(
        LOG_KIND.execution,
        executionLogGroupName(stage.restApi.restApiId, stage.stageName),
        Names.nodeUniqueId(stage.node),
      ),
      label: `the execution log group of stage ${stage.node.path}`,
      owner: stage.restApi,
    });
    const entries = [
      ...(props.accessLogGroups ?? []).map((entry) => fromEntry(LOG_KIND.access, entry)),
      ...(props.executionLogGroups ?? []).map((entry) => fromEntry(LOG_KIND.execution, entry)),
      ...(props.stages ?? []).map(fromStage),
    ];
    // Literal names were checked in validateAnalyzerProps(); this also catches one log group object
    // or stage twice, and a stage of an imported API (its group's name is known) whose group is also
    // listed by name: one group would get two filters of the same name.
    // A name made of tokens (a created group named after its API and stage) is compared resolved.
    const resolvedName = (entry: Entry) =>
      Token.isUnresolved(entry.name) ? tokenName(entry.name, entry.owner) : entry.name;
    const keys = new Set<string>();
    const names = new Map<string, Entry>();
    for (const entry of entries) {
      if (keys.has(entry.key)) {
        throw new AnalyzerPropsError(
          `${logGroupProps(props)} name ${entry.label} twice; ${listEachOnce(props)}`,
        );
      }
      const first = names.get(resolvedName(entry));
      if (first !== undefined) {
        throw new AnalyzerPropsError(
          Token.isUnresolved(entry.name)
            ? `${logGroupProps(props)} name one log group twice: ${first.label} and ${entry.label}; ${listEachOnce(props)}`
            : `${logGroupProps(props)} name log group "${entry.name}" twice (${entry.label}); ${listEachOnce(props)}`,
        );
      }
      keys.add(entry.key);
      names.set(resolvedName(entry), entry);
      if (!Token.isUnresolved(entry.name)) this.warnIfListedUnderOtherKind(entry.kind, entry.name);
    }
    return entries.map((entry) => ({
      kind: entry.kind,
      key: entry.key,
      group: entry.group(),
      description: Token.isUnresolved(entry.name)
        ? entry.label.startsWith('the ')
          ? entry.label
          : `log group ${entry.label}`
        : `log group "${entry.name}"`,
      resolvedName: resolvedName(entry),
    }));
  }

  /**
   * Without access logs no request is counted, so the error rate could never be judged: it is
   * turned off as for a failures-only filter, and synth says so rather than leaving
   * errorRatePercent and minRequests to do nothing unseen. A warning when either was given as a
   * number (asked for, and `cdk synth --strict` refuses it); otherwise, as in the app's stack, whose
   * settings are parameters, an info: execution log groups alone are a documented setup.
   */
  private noteErrorRateNotJudged(props: ApiErrorAnalyzerProps): void {
    const asked = [props.errorRatePercent, props.minRequests].some(
      (value) => value !== undefined && !Token.isUnresolved(value),
    );
    const message =
      'this analyzer subscribes no access log group, and requests are counted from access logs only: the error rate ' +
      '(errorRatePercent, minRequests; the stack parameters ErrorRatePercent, MinRequests) is not judged, and only ' +
      "per-cause thresholds alert. To judge it, subscribe the stages' access log groups too (accessLogGroups, the prop or the context key)";
    if (asked) Annotations.of(this).addWarningV2('apigw-error-analyzer:errorRateNeedsAccessLogs', message);
    else Annotations.of(this).addInfo(message);
  }

  /**
   * The silence alarm counts deliveries, and deliveries that may carry failures only (execution log
   * groups alone, which at ERROR level write lines only for failing requests, or an access-log filter
   * passing failures only) stop on a healthy API: after a good day it would fire. The stack's hours
   * are a parameter (a token), so any token may ask for it, and is noted conditionally.
   */
  private warnIfSilenceMayBeHealthy(
    hours: number | undefined,
    sources: { hasAccessLogs: boolean; filterPassesEveryRequest: boolean },
  ): void {
    if (hours === undefined) return;
    const token = Token.isUnresolved(hours);
    if (!(token || hours > 0) || (sources.hasAccessLogs && sources.filterPassesEveryRequest)) return;
    const why = sources.hasAccessLogs
      ? 'accessLogFilterPattern passes failures only (accessLogFilterPassesEveryRequest is not true), so a successful request delivers no access line'
      : 'this analyzer subscribes no access log group, and execution log groups at ERROR level write lines only for failing requests';
    // A token's hours are known only at deploy, and the stack's parameter is off by default: the alarm is
    // asked for only if it is set. A literal number is the construct's prop, with no parameter behind it.
    const alarm = token
      ? "if silenceAlarmHours resolves above 0 at deploy (in this project's stack, the SilenceAlarmHours parameter, 0 and off by default), " +
        'the NoLogDeliveries alarm fires when no log delivery reached the function for that many hours'
      : `silenceAlarmHours (${hours}) asks for the NoLogDeliveries alarm, which fires when no log delivery reached the function for ${hours} hours`;
    const span = token ? 'that many' : String(hours);
    const message =
      `${alarm}; but ${why}: a healthy API may then deliver nothing, and the alarm fires after ${span} hours without a failure. ` +
      "Subscribe the stages' access log groups with the default filter (every event), " +
      `or keep the stages' execution logging at INFO, whose lines every request writes (not ERROR level); or leave ${token ? 'silenceAlarmHours at 0' : 'the alarm off (0)'}`;
    // Hours known only at deploy may well be 0 (the app's default): an info, which `cdk synth
    // --strict` lets pass. A number above 0 asked for the alarm: a warning.
    if (token) Annotations.of(this).addInfo(message);
    else Annotations.of(this).addWarningV2('apigw-error-analyzer:silenceAlarmOnFailuresOnly', message);
  }

  /**
   * A group named like the other kind of log is probably listed under the wrong key, which synth
   * cannot refuse: log delivery may write either kind under any name (an older AWS guide named an
   * access log group like an execution log group). A warning says what its failures come to.
   */
  private warnIfListedUnderOtherKind(kind: LogKind, name: string): void {
    const executionNamed = executionLogGroupApi(name) !== undefined;
    if (kind === LOG_KIND.access && executionNamed) {
      Annotations.of(this).addWarningV2(
        'apigw-error-analyzer:executionLogGroupUnderAccessLogGroups',
        `accessLogGroups lists "${name}", which is named like an execution log group: if it holds execution logs, ` +
          'list it under executionLogGroups, or its failures are not counted, graphed or alerted (execution lines in an ' +
          'access log group are only evidence for access lines, which it has none of); if it holds access logs, keep it',
      );
    }
    if (kind === LOG_KIND.execution && !executionNamed && ACCESS_LIKE_NAME.test(name)) {
      Annotations.of(this).addWarningV2(
        'apigw-error-analyzer:accessLogGroupUnderExecutionLogGroups',
        `executionLogGroups lists "${name}", which is named like an access log group, not API-Gateway-Execution-Logs_{restApiId}/{stage}: ` +
          "if it holds access logs, list it under accessLogGroups, or only its lines holding one of the execution filter's terms reach the function " +
          '(a throttled 502 or a wrong-route 403 access line is dropped, uncounted); if it holds execution logs, keep it',
      );
    }
  }

  /**
   * Two analyzers of one stack or account and region (two teams' APIs) are independent, but a log group both subscribe
   * reaches both functions: in one metrics namespace its failures would be counted twice on every
   * dashboard, and each analyzer would alert on them.
   */
  private checkNotSubscribedByAnother(sources: readonly NamedLogGroup[]): void {
    const stack = deployedStack(Stack.of(this));
    for (const other of this.node.root.node.findAll()) {
      if (!(other instanceof ApiErrorAnalyzer) || other === this || other.namespace !== this.namespace)
        continue;
      // A name names the same log group in another stack only in the same account and region; a
      // stack of no fixed environment may be deployed anywhere, but a nested stack goes with its parent.
      const theirStack = deployedStack(Stack.of(other));
      if (theirStack !== stack && !sameFixedEnvironment(theirStack, stack)) continue;
      const theirs = new Set(other.sources.map((source) => source.resolvedName));
      const shared = sources.find((source) => theirs.has(source.resolvedName));
      if (shared !== undefined) {
        throw new AnalyzerPropsError(
          `${shared.description} is already subscribed by the analyzer ${other.node.path}, which writes to the same metrics namespace "${this.namespace}": ` +
            'both would count and alert its failures, so they would be counted twice; subscribe it in one analyzer only, ' +
            `or give this one its own metricsNamespace (e.g. "${this.namespaceSuggestion()}")`,
        );
      }
    }
  }

  /**
   * A namespace of this analyzer's own to offer in an error, made of its construct id: only the
   * characters a namespace may hold, not under the reserved `AWS/`, and not the one it already has.
   */
  private namespaceSuggestion(): string {
    const team = this.node.id.replace(/[^A-Za-z0-9._#:-]/g, '').slice(0, 200);
    const candidate = `${team === '' || team === 'AWS' ? 'Team' : team}/ApiErrors`;
    return candidate === this.namespace ? `${candidate}2` : candidate;
  }

  /** Adds a subscription when the endpoint is set; a token endpoint is decided at deploy time. */
  private subscribe(
    id: string,
    protocol: sns.SubscriptionProtocol,
    endpoint: string | undefined,
    filterPolicy?: Readonly<Record<string, readonly string[]>>,
  ): void {
    if (endpoint === undefined || endpoint === '') return;
    const subscription = new sns.CfnSubscription(this, id, {
      topicArn: this.topic.topicArn,
      protocol,
      endpoint,
      ...(filterPolicy !== undefined && { filterPolicy, filterPolicyScope: 'MessageAttributes' }),
    });
    if (Token.isUnresolved(endpoint)) {
      subscription.cfnOptions.condition = new CfnCondition(this, `${id}Given`, {
        expression: Fn.conditionNot(Fn.conditionEquals(endpoint, '')),
      });
    }
  }

  private grantLeastPrivilege(
    role: iam.Role,
    functionLogGroup: logs.LogGroup,
    key: kms.Key,
    executionNames: readonly string[],
  ): void {
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [functionLogGroup.logGroupArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PublishAlerts',
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
      }),
    );
    // SNS encrypts each published message with a data key from the topic's key.
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptAlerts',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [key.keyArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'CountWindows',
        actions: ['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        resources: [this.table.tableArn],
      }),
    );
    if (executionNames.length > 0) {
      // Alerts quote sample trails from the execution logs. IAM checks FilterLogEvents against the
      // log group's ARN with a trailing `:*`; without it every read is AccessDenied.
      const stack = Stack.of(this);
      const arns = executionNames.map((name) =>
        stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: `${name}:*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      );
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'ReadExecutionTrails',
          actions: ['logs:FilterLogEvents'],
          resources: arns,
        }),
      );
      // The finding is on the role's default policy, which holds the statement.
      const policy = role.node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy;
      const reason =
        'The `:*` ends the ARN of one named log group, the form IAM evaluates logs:FilterLogEvents against; it names no other group.';
      const findings = () => arns.map((arn) => `Resource::${nagResourceName(stack.resolve(arn))}`);
      acknowledgeNagFinding(policy, 'AwsSolutions-IAM5', reason, findings());
      // A stage of an API in another stack is named through Fn::ImportValue only once the app is
      // prepared, and cdk-nag 3 checks the synthesized template: acknowledge that form too. Node
      // validations run after preparation and before the validation plugins.
      this.node.addValidation({
        validate: () => {
          for (const finding of findings()) {
            Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
          }
          return [];
        },
      });
    }
  }

  private addAlarms(reservedConcurrency: number | undefined): void {
    const action = new cloudwatchActions.SnsAction(this.topic);
    const alarm = (id: string, metric: cloudwatch.IMetric, description: string, periodsInARow = 1) => {
      const created = new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: periodsInARow,
        datapointsToAlarm: periodsInARow,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
    };
    const period = Duration.minutes(5);
    alarm(
      'FunctionErrors',
      this.function.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
      'The analyzer function failed; read its log group. Failed deliveries are retried, then land in the failure queue.',
    );
    alarm(
      'FunctionThrottles',
      this.function.metricThrottles({ period, statistic: cloudwatch.Stats.SUM }),
      // With no reservation there is no reservation to raise: the account's shared pool ran out.
      reservedConcurrency === undefined
        ? "The analyzer function was throttled: it reserves no concurrency, so the account's unreserved concurrency " +
            '(shared by every function of the account in this Region) ran out. Check the account-wide ConcurrentExecutions; ' +
            'ask for a higher concurrency quota, or reserve some for the analyzer (reservedConcurrency).'
        : `The analyzer function was throttled: its reserved concurrency (${reservedConcurrency}) is too low for the log volume; raise reservedConcurrency.`,
    );
    alarm(
      'FailedInvocationsQueued',
      this.failureQueue.metricApproximateNumberOfMessagesVisible({
        period,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      'Log deliveries failed after retries and wait in the failure queue; those requests were not analyzed.',
    );
    // A delivery that failed after its retries goes to the failure queue as a record; one Lambda cannot
    // put there (its permissions, a size limit) is lost but for this metric of Lambda's.
    alarm(
      'DestinationDeliveryFailures',
      this.function.metric('DestinationDeliveryFailures', { period, statistic: cloudwatch.Stats.SUM }),
      "Lambda could not put a failed delivery's record into the failure queue (its permissions or a size limit): that " +
        'delivery was not analyzed and is not in the queue either. FunctionErrors (a failed invocation) or FunctionThrottles ' +
        "(an event that grew too old waiting) fired for it; read the function's log group.",
    );
    // A delivery that does not decode is acknowledged, not retried (retrying cannot fix it), so it
    // reaches neither FunctionErrors nor the failure queue: the function counts it itself.
    alarm(
      'RejectedDeliveries',
      new cloudwatch.Metric({
        namespace: this.namespace,
        metricName: METRIC.rejectedDeliveries,
        dimensionsMap: { [DIMENSION.functionName]: this.function.functionName },
        period,
        statistic: cloudwatch.Stats.SUM,
      }),
      'A log delivery did not decode (not gzip, cut short, too large, not JSON or not a subscription payload) and was ' +
        "acknowledged, so those requests were not analyzed: read the delivery-rejected lines in the function's log group for its code and reason.",
    );
    // A log format the parser cannot read makes every line unparsed: 0 requests, 0 failures, no
    // alert, just like a healthy API. One odd line (a truncated or hand-written one) must not page,
    // so it takes unread lines in 3 five-minute periods in a row; a quiet period (no delivery, so
    // no data) is not breaching, since a quiet API is not a broken format. One alarm for the stack,
    // on the sum the function also writes by FunctionName: one per log group would cost a resource
    // per group, and the dashboard's UnparsedLines widget shows which group it is.
    alarm(
      'UnparsedLines',
      new cloudwatch.Metric({
        namespace: this.namespace,
        metricName: METRIC.unparsedLines,
        dimensionsMap: { [DIMENSION.functionName]: this.function.functionName },
        period,
        statistic: cloudwatch.Stats.SUM,
      }),
      'The analyzer could not parse lines of a subscribed log group in 3 five-minute periods in a row: if its log format is one ' +
        'the parser cannot read, its requests are neither counted nor alerted on. The dashboard graph "Log lines the analyzer ' +
        'could not parse" (UnparsedLines by log group) shows which group; run apigw-errors classify on an export of it to see ' +
        "samples of the unread lines with their reasons, and see the README's recommended access-log format.",
      3,
    );
    // One Metrics Insights query over every log group this analyzer subscribes, by its filter's name:
    // CloudWatch documents DeliveryErrors' dimensions but not the DestinationType value it writes for
    // a Lambda destination, and an alarm on a guessed value would never fire. One alarm also keeps
    // each log group to one resource of the stack's 500. The description holds the query that names
    // the groups.
    const deliveryErrors = `SELECT SUM(DeliveryErrors) FROM "AWS/Logs" WHERE FilterName = '${this.subscriptionFilterName}'`;
    alarm(
      'DeliveryErrors',
      new cloudwatch.MathExpression({ expression: deliveryErrors, period, label: 'DeliveryErrors' }),
      'CloudWatch Logs could not deliver log events to the analyzer function: until a retry delivers them, those requests are not analyzed. ' +
        `To see which log groups, run in CloudWatch Metrics Insights: ${deliveryErrors} GROUP BY LogGroupName`,
    );
  }

  /**
   * When no log delivery reaches the function for `hours` hours: a removed filter, logging switched
   * off or a renamed group look like a healthy API. Lambda's Invocations, not a metric the function
   * writes: only CloudWatch Logs may invoke it, each invocation is one delivery, and it is counted
   * whether or not the function then succeeds (FunctionErrors tells that). Lambda writes nothing for
   * an hour without invocations, so missing data breaches; every hour of the window must be silent.
   */
  private addSilenceAlarm(hours: number | undefined): cloudwatch.Alarm | undefined {
    if (hours === undefined || hours === 0) return undefined;
    // Hours known only at deploy: the stack's default, 0, leaves the alarm out, so nothing else may
    // refer to it (the dashboard does not).
    const wanted = Token.isUnresolved(hours)
      ? new CfnCondition(this, 'NoLogDeliveriesWanted', {
          expression: Fn.conditionNot(Fn.conditionEquals(hours, '0')),
        })
      : undefined;
    const alarm = new cloudwatch.Alarm(this, 'NoLogDeliveries', {
      metric: this.function.metricInvocations({ period: Duration.hours(1), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: hours,
      datapointsToAlarm: hours,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription:
        `No log delivery reached the analyzer function for ${Tokenization.stringifyNumber(hours)} hours, so nothing was analyzed. ` +
        'If the APIs were not just quiet that long, check that each subscribed log group still has its subscription filter ' +
        "(aws logs describe-subscription-filters), that the stages' access and execution logging is still on and writes to " +
        'the same log groups (a renamed group or a format that writes no line delivers nothing), and the DeliveryErrors alarm.',
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.topic));
    if (wanted === undefined) {
      this.alarms.push(alarm);
    } else {
      (alarm.node.defaultChild as cloudwatch.CfnAlarm).cfnOptions.condition = wanted;
    }
    return alarm;
  }
}
