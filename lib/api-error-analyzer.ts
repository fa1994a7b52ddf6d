import { createHash } from 'node:crypto';
import {
  ArnFormat,
  Aws,
  CfnCondition,
  CfnResource,
  Duration,
  Fn,
  Names,
  RemovalPolicy,
  STACK_RESOURCE_LIMIT_CONTEXT,
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
import { CauseThresholdsError, parseCauseThresholds } from '../lambda/core/cause-thresholds';
import { DIMENSION, METRIC } from '../lambda/core/emf';
import { executionLogGroupName } from '../lambda/core/execution-log-group';
import { HANDLER_BUNDLING, HANDLER_ENTRY, HANDLER_LOCK_FILE, HANDLER_PROJECT_ROOT } from './handler-bundling';
import {
  ACCESS_LOG_FILTER_PATTERN,
  EXECUTION_LOG_FILTER_PATTERN,
  MAX_FILTER_PATTERN_LENGTH,
} from './log-filter-patterns';
import {
  AnalyzerPropsError,
  checkDisjoint,
  checkInteger,
  checkLogGroupName,
  checkPattern,
  checkUnique,
} from './prop-validation';

/** Empty (no e-mail) or one address; also the stack parameter's AllowedPattern. */
export const ALERT_EMAIL_PATTERN = '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$';
/** Empty (no SMS) or an E.164 number; also the stack parameter's AllowedPattern. */
export const ALERT_PHONE_PATTERN = '^$|^\\+[1-9][0-9]{6,14}$';

// The alerting settings' defaults and bounds live beside the function's config, which reads them;
// re-exported so the construct's users and the stack keep importing them from here.
export { DEFAULT_METRICS_NAMESPACE, SETTINGS, type SettingName };

const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

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
   * `{ $.status = 4* || $.status = 5* }`) makes rate thresholds meaningless.
   * @default '' (every event)
   */
  readonly accessLogFilterPattern?: string;
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

interface NamedLogGroup {
  readonly kind: 'access' | 'execution';
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

/** A short, stable, id-safe key for a literal log group name. */
function keyOf(name: string): string {
  const readable = name.replace(/[^A-Za-z0-9]/g, '').slice(-40);
  return `${readable}${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
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
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly subscriptionFilters: logs.SubscriptionFilter[] = [];
  /** One name for all of this analyzer's filters: it names the delivery metrics' FilterName. */
  readonly subscriptionFilterName: string;
  /** Its log groups, once its props passed every check; none while constructing or when refused. */
  private readonly sources: readonly NamedLogGroup[] = [];
  private readonly namespace: string;

  constructor(scope: Construct, id: string, props: ApiErrorAnalyzerProps) {
    super(scope, id);
    validate(props);

    const sources = this.logGroups(props);
    const executionNames = sources.filter((s) => s.kind === 'execution').map((s) => s.group.logGroupName);
    const hasAccessLogs = sources.some((s) => s.kind === 'access');
    const namespace = props.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE;
    this.namespace = namespace;
    this.checkNotSubscribedByAnother(sources);
    this.checkResourceBudget(props, sources.length);
    // Set once its checks pass: an analyzer refused (its error caught) claims no log group.
    this.sources = sources;

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
    this.topic = new sns.Topic(this, 'Alerts', {
      // SNS puts it before every SMS; the SMS text is budgeted around it.
      displayName: ALERTS_TOPIC_DISPLAY_NAME,
      masterKey: key,
      enforceSSL: true,
    });
    // enforceSSL writes a topic policy, which replaces SNS's default one: without this statement the
    // alarms below could not publish, and the analyzer's own failures would reach nobody.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );
    this.subscribe('EmailAlerts', sns.SubscriptionProtocol.EMAIL, props.alertEmail);
    this.subscribe('SmsAlerts', sns.SubscriptionProtocol.SMS, props.alertPhoneNumber, {
      severity: [...(props.smsSeverities ?? [SEVERITY.critical])],
    });

    this.table = new dynamodb.Table(this, 'State', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.tableRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    this.failureQueue = new sqs.Queue(this, 'FailedInvocations', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeNagFinding(
      this.failureQueue.node.defaultChild as sqs.CfnQueue,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter destination of the function (async onFailure); a queue for the dead letters of dead letters would only move the problem.',
    );

    const functionLogGroup = new logs.LogGroup(this, 'FunctionLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.functionLogGroup = functionLogGroup;
    const role = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'API Gateway error analyzer function: least privilege, no managed policies',
    });
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: HANDLER_ENTRY,
      projectRoot: HANDLER_PROJECT_ROOT,
      depsLockFilePath: HANDLER_LOCK_FILE,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      role,
      logGroup: functionLogGroup,
      timeout: props.timeout ?? Duration.seconds(60),
      memorySize: props.memorySize ?? 256,
      reservedConcurrentExecutions: props.reservedConcurrency,
      retryAttempts: 2,
      onFailure: new lambdaDestinations.SqsDestination(this.failureQueue),
      description: 'Classifies failed API Gateway requests by their real cause and alerts',
      environment: {
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
        [ENV.metricsNamespace]: namespace,
      },
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
    this.grantLeastPrivilege(role, functionLogGroup, key, executionNames);

    // One permission for all log groups: a function policy is limited to 20 KB, and one statement
    // per log group would hit it with a few dozen groups.
    const invokePermission = new lambda.CfnPermission(this, 'InvokeFromLogs', {
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionArn,
      principal: 'logs.amazonaws.com',
      sourceArn: `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
      sourceAccount: Aws.ACCOUNT_ID,
    });
    this.subscriptionFilterName = Names.uniqueResourceName(this, { maxLength: 200, separator: '-' });
    const destination = new logsDestinations.LambdaDestination(this.function, { addPermissions: false });
    for (const source of sources) {
      const filter = new logs.SubscriptionFilter(this, `Subscription${source.key}`, {
        logGroup: source.group,
        destination,
        filterPattern: logs.FilterPattern.literal(
          source.kind === 'access'
            ? (props.accessLogFilterPattern ?? ACCESS_LOG_FILTER_PATTERN)
            : (props.executionLogFilterPattern ?? EXECUTION_LOG_FILTER_PATTERN),
        ),
        filterName: this.subscriptionFilterName,
      });
      filter.node.addDependency(invokePermission);
      this.subscriptionFilters.push(filter);
    }

    this.addAlarms(sources);
    this.dashboard = this.addDashboard(namespace, props.dashboardName, sources);
  }

  private logGroups(props: ApiErrorAnalyzerProps): NamedLogGroup[] {
    type Entry = {
      kind: NamedLogGroup['kind'];
      key: string;
      name: string;
      label: string;
      /** The construct whose attributes a token name is made of: its stack owns the ids it refers to. */
      owner: Construct;
      group: () => logs.ILogGroup;
    };
    const byName = (kind: Entry['kind'], name: string, key: string): Entry => ({
      kind,
      key,
      name,
      label: name,
      owner: this,
      group: () => logs.LogGroup.fromLogGroupName(this, `LogGroup${key}`, name),
    });
    const fromEntry = (kind: Entry['kind'], entry: string | logs.ILogGroup): Entry => {
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
        'execution',
        executionLogGroupName(stage.restApi.restApiId, stage.stageName),
        Names.nodeUniqueId(stage.node),
      ),
      label: `the execution log group of stage ${stage.node.path}`,
      owner: stage.restApi,
    });
    const entries = [
      ...(props.accessLogGroups ?? []).map((entry) => fromEntry('access', entry)),
      ...(props.executionLogGroups ?? []).map((entry) => fromEntry('execution', entry)),
      ...(props.stages ?? []).map(fromStage),
    ];
    // Literal names were checked in validate(); this also catches one log group object or stage twice,
    // and a stage of an imported API (its group's name is known) whose group is also listed by name:
    // one group would get two filters of the same name.
    // A name made of tokens (a created group named after its API and stage) is compared resolved.
    const resolvedName = (entry: Entry) =>
      Token.isUnresolved(entry.name) ? tokenName(entry.name, entry.owner) : entry.name;
    const keys = new Set<string>();
    const names = new Map<string, Entry>();
    for (const entry of entries) {
      if (keys.has(entry.key)) {
        throw new AnalyzerPropsError(
          `accessLogGroups, executionLogGroups and stages name ${entry.label} twice; list each log group or stage once`,
        );
      }
      const first = names.get(resolvedName(entry));
      if (first !== undefined) {
        throw new AnalyzerPropsError(
          Token.isUnresolved(entry.name)
            ? `accessLogGroups, executionLogGroups and stages name one log group twice: ${first.label} and ${entry.label}; list each log group or stage once`
            : `accessLogGroups, executionLogGroups and stages name log group "${entry.name}" twice (${entry.label}); list each log group or stage once`,
        );
      }
      keys.add(entry.key);
      names.set(resolvedName(entry), entry);
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
   * CloudFormation refuses a stack of more than 500 resources, and each log group adds two (its
   * subscription filter and its DeliveryErrors alarm). The analyzer's own resources are all in its
   * stack, so more than fit are refused now, naming how many do; the stack's other resources (a user's
   * own stack) are counted at synth.
   */
  private checkResourceBudget(props: ApiErrorAnalyzerProps, logGroups: number): void {
    const others = OWN_RESOURCES + (props.alertEmail ? 1 : 0) + (props.alertPhoneNumber ? 1 : 0);
    const own = others + RESOURCES_PER_LOG_GROUP * logGroups;
    const stack = Stack.of(this);
    const limit = stackResourceLimit(stack);
    if (limit === undefined) return;
    const allowed = limitWording(limit);
    if (own > limit) {
      throw new AnalyzerPropsError(
        `accessLogGroups, executionLogGroups and stages name ${logGroups} log groups; each adds ${RESOURCES_PER_LOG_GROUP} resources ` +
          `to the stack (a subscription filter and an alarm) beside the analyzer's ${others} others, ${own} in all, and ${allowed}, ` +
          `so at most ${fitting(limit - others)} log groups fit in one stack: ${SPLIT_ADVICE}`,
      );
    }
    this.node.addValidation({
      validate: () => {
        const total = stackResources(stack);
        if (total <= limit) return [];
        return [
          `stack ${stack.node.path} holds ${total} resources and ${allowed}: this analyzer's ${logGroups} log groups take ` +
            `${RESOURCES_PER_LOG_GROUP} each beside its ${others} others (${own}), and the stack's other resources ${total - own}, ` +
            `so beside those at most ${fitting(limit - (total - own) - others)} log groups fit in this analyzer: ` +
            `${SPLIT_ADVICE}, or put the analyzer in a stack of its own (a NestedStack has its own limit)`,
        ];
      },
    });
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

  private addAlarms(sources: readonly NamedLogGroup[]): void {
    const action = new cloudwatchActions.SnsAction(this.topic);
    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) => {
      const created = new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
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
      'The analyzer function was throttled: its reserved concurrency is too low for the log volume.',
    );
    alarm(
      'FailedInvocationsQueued',
      this.failureQueue.metricApproximateNumberOfMessagesVisible({
        period,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      'Log deliveries failed after retries and wait in the failure queue; those requests were not analyzed.',
    );
    for (const source of sources) {
      alarm(
        `DeliveryErrors${source.key}`,
        new cloudwatch.Metric({
          namespace: 'AWS/Logs',
          metricName: 'DeliveryErrors',
          dimensionsMap: {
            LogGroupName: source.group.logGroupName,
            DestinationType: 'Lambda',
            FilterName: this.subscriptionFilterName,
          },
          period,
          statistic: cloudwatch.Stats.SUM,
        }),
        'CloudWatch Logs could not deliver log events to the analyzer function; those requests were not analyzed.',
      );
    }
  }

  private addDashboard(
    namespace: string,
    dashboardName: string | undefined,
    sources: readonly NamedLogGroup[],
  ): cloudwatch.Dashboard {
    // A SEARCH schema must hold a namespace of other characters than letters and digits in double
    // quotes (CloudWatch User Guide, search expression syntax); one known only at deploy may too.
    const schemaNamespace =
      Token.isUnresolved(namespace) || /[^A-Za-z0-9]/.test(namespace) ? `"${namespace}"` : namespace;
    const search = (dimensions: string, metricName: string, label: string) =>
      new cloudwatch.MathExpression({
        expression: `SEARCH('{${schemaNamespace},${dimensions}} MetricName="${metricName}"', 'Sum', 300)`,
        label,
        period: Duration.minutes(5),
      });
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      ...(dashboardName === undefined ? {} : { dashboardName }),
      defaultInterval: Duration.hours(3),
    });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Failed requests by cause',
        left: [search('Api,Stage,Cause', 'FailedRequests', '')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Masked failures (client saw another status family) by cause',
        left: [search('Api,Stage,Cause', 'MaskedFailedRequests', '')],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Requests by API and stage',
        left: [search('Api,Stage', 'Requests', '')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Log lines the analyzer could not parse',
        // One line per log group this stack subscribes, so a count says whose format is not
        // understood, and another stack's groups in a shared namespace never show here. CloudWatch
        // allows 500 metrics per widget; a stack reaches CloudFormation's 500 resources first (each
        // log group adds a subscription filter and an alarm).
        left: sources.map(
          ({ group }) =>
            new cloudwatch.Metric({
              namespace,
              metricName: METRIC.unparsedLines,
              dimensionsMap: { [DIMENSION.logGroup]: group.logGroupName },
              label: group.logGroupName,
              statistic: cloudwatch.Stats.SUM,
              period: Duration.minutes(5),
            }),
        ),
        width: 12,
      }),
    );
    // PutDashboard refuses an alarm status widget of more than 100 alarms, and every log group adds
    // one: past 97 groups the health alarms take several widgets.
    const widgets = Math.ceil(this.alarms.length / MAX_ALARMS_PER_WIDGET);
    for (let i = 0; i < widgets; i++) {
      dashboard.addWidgets(
        new cloudwatch.AlarmStatusWidget({
          title: widgets === 1 ? 'Analyzer health' : `Analyzer health (${i + 1} of ${widgets})`,
          alarms: this.alarms.slice(i * MAX_ALARMS_PER_WIDGET, (i + 1) * MAX_ALARMS_PER_WIDGET),
          width: 24,
        }),
      );
    }
    return dashboard;
  }
}

/**
 * A token log group name as another entry or analyzer's can be compared with it. A reference to a
 * resource (an API's id, a group's Ref) is named by the resource's path, unique in the app, so the
 * same group named from two stacks compares equal (an API in one stack, its execution log group
 * created in another). Any other token is resolved; resolved, it may refer to logical ids, which are
 * unique only within their stack (one stack class deployed twice has the same ids for different
 * groups), so it is qualified with the stack of the construct it comes from; an export's name
 * (Fn::ImportValue) is one across the account and region, so it is not.
 */
function tokenName(name: string, owner: Construct): string {
  const stack = Stack.of(owner);
  const otherToken = (resolved: string) =>
    /"(?:Ref|Fn::GetAtt)"/.test(resolved) ? `<${stack.node.path} ${resolved}>` : `<${resolved}>`;
  return Tokenization.reverseString(name)
    .mapTokens({
      mapToken: (token) => {
        // Read by shape, not by class: the app may load another copy of aws-cdk-lib.
        const reference = token as { target?: { node?: { path?: unknown } }; displayName?: unknown };
        const path = reference.target?.node?.path;
        return typeof path === 'string' && typeof reference.displayName === 'string'
          ? `<${path}.${reference.displayName}>`
          : otherToken(JSON.stringify(stack.resolve(token)));
      },
    })
    .join({ join: (left: unknown, right: unknown) => `${left}${right}` });
}

/**
 * The name a log group created in the app is given (`new logs.LogGroup(…, { logGroupName })`), a
 * literal or made of tokens (`API-Gateway-Execution-Logs_${api.restApiId}/…`), which its
 * `logGroupName` attribute hides behind a Ref; undefined for any other group. Read off its
 * CloudFormation resource by type, not by class: the app may load another copy of aws-cdk-lib.
 */
function physicalName(group: logs.ILogGroup): string | undefined {
  const resource = group.node.defaultChild as
    | { cfnResourceType?: unknown; logGroupName?: unknown }
    | undefined;
  if (resource?.cfnResourceType !== 'AWS::Logs::LogGroup') return undefined;
  const name = resource.logGroupName;
  if (typeof name !== 'string') return undefined;
  // A group given no name holds a token that resolves to nothing: CloudFormation names it.
  return Token.isUnresolved(name) && Stack.of(group).resolve(name) == null ? undefined : name;
}

/**
 * Resources the analyzer adds whatever its log groups: the key, topic and topic policy, table,
 * queue and queue policy, the function with its role, policy, log group, invoke config and invoke
 * permission, three alarms and the dashboard; and one per alert subscription. A test measures it
 * from the template.
 */
const OWN_RESOURCES = 16;
/** Each log group's subscription filter and DeliveryErrors alarm. */
const RESOURCES_PER_LOG_GROUP = 2;
/** CloudFormation's resources per stack (CloudFormation quotas), which CDK enforces at synth. */
const MAX_STACK_RESOURCES = 500;
const SPLIT_ADVICE =
  'split the APIs across stacks (-c stackName=…), or in your own app give each of several stacks its own ApiErrorAnalyzer';

/**
 * The limit CDK checks a stack's resources against at synth (its private Stack.maxResources): the
 * context key when set, 0 or less meaning none; else CloudFormation's 500.
 */
function stackResourceLimit(stack: Stack): number | undefined {
  const context: unknown = stack.node.tryGetContext(STACK_RESOURCE_LIMIT_CONTEXT);
  const limit = context === undefined ? MAX_STACK_RESOURCES : Number.parseInt(String(context), 10);
  return limit > 0 ? limit : undefined;
}

function limitWording(limit: number): string {
  return limit === MAX_STACK_RESOURCES
    ? `CloudFormation allows ${limit} resources in a stack`
    : `the stack allows ${limit} resources (${STACK_RESOURCE_LIMIT_CONTEXT})`;
}

function fitting(resources: number): number {
  return Math.max(0, Math.floor(resources / RESOURCES_PER_LOG_GROUP));
}

/**
 * The resources a stack's template will hold, counted as CDK counts them at synth: those under it
 * but not under a stack of their own (a nested stack is one resource of its parent), and not those
 * that render nothing (an IAM policy left without statements).
 */
function stackResources(stack: Stack): number {
  let count = 0;
  const visit = (construct: Construct) => {
    if (CfnResource.isCfnResource(construct)) {
      const rendered = (construct as unknown as { shouldSynthesize?: () => boolean }).shouldSynthesize?.();
      if (rendered !== false) count++;
    }
    for (const child of construct.node.children) if (!Stack.isStack(child)) visit(child);
  };
  visit(stack);
  return count;
}

/**
 * Alarm ARNs one alarm status widget may list: "The array can have 1-100 ARNs" (CloudWatch API
 * Reference, Dashboard Body Structure and Syntax, Properties of an Alarm Status Widget Object).
 */
const MAX_ALARMS_PER_WIDGET = 100;

/** The stack deployed on its own that holds this one: a nested stack is deployed with its parent. */
function deployedStack(stack: Stack): Stack {
  return stack.nestedStackParent === undefined ? stack : deployedStack(stack.nestedStackParent);
}

/** Both stacks are deployed to one account and region, both named (not left to deploy time). */
function sameFixedEnvironment(a: Stack, b: Stack): boolean {
  const fixed = (stack: Stack) => !Token.isUnresolved(stack.account) && !Token.isUnresolved(stack.region);
  return fixed(a) && fixed(b) && a.account === b.account && a.region === b.region;
}

/**
 * Acknowledges a cdk-nag finding on the resource that has it, in the forms both major versions read,
 * so a user's app passes either without suppressions of its own: cdk-nag 3 reads Validations
 * acknowledgements (one per finding, `RULE[finding]`); cdk-nag 2 reads only `cdk_nag` metadata on
 * the CloudFormation resource, a rule with the findings it `applies_to`.
 */
function acknowledgeNagFinding(
  resource: CfnResource,
  rule: string,
  reason: string,
  findings?: readonly string[],
): void {
  for (const id of findings?.map((finding) => `${rule}[${finding}]`) ?? [rule]) {
    Validations.of(resource).acknowledge({ id, reason });
  }
  const existing = (resource.getMetadata('cdk_nag') as { rules_to_suppress?: unknown[] } | undefined)
    ?.rules_to_suppress;
  resource.addMetadata('cdk_nag', {
    rules_to_suppress: [
      ...(existing ?? []),
      { id: rule, reason, ...(findings !== undefined && { applies_to: [...findings] }) },
    ],
  });
}

/**
 * A resolved resource as cdk-nag names it in a finding (`Fn::Join` flattened, `Ref` as `<Name>`,
 * `Fn::GetAtt` as `<Name.Attr>`, `Fn::ImportValue` as the export's name), so one finding can be
 * acknowledged and no other.
 */
function nagResourceName(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (value !== null && typeof value === 'object') {
    const fn = value as {
      'Fn::Join'?: [string, unknown[]];
      'Fn::ImportValue'?: unknown;
      Ref?: unknown;
      'Fn::GetAtt'?: [unknown, unknown];
    };
    if (fn['Fn::Join']) return fn['Fn::Join'][1].map(nagResourceName).join(fn['Fn::Join'][0]);
    if (fn['Fn::ImportValue'] !== undefined) return nagResourceName(fn['Fn::ImportValue']);
    if (fn.Ref !== undefined) return `<${nagResourceName(fn.Ref)}>`;
    if (fn['Fn::GetAtt'])
      return `<${nagResourceName(fn['Fn::GetAtt'][0])}.${nagResourceName(fn['Fn::GetAtt'][1])}>`;
  }
  return JSON.stringify(value);
}

function joinNames(names: readonly string[]): string {
  return names.some((name) => Token.isUnresolved(name)) ? Fn.join(',', [...names]) : names.join(',');
}

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
/** The longest CloudWatch namespace, what one known only at deploy is counted as. */
const MAX_NAMESPACE_CHARS = 255;
/** What a name known only at deploy (a stage's group) is counted as: its id and a long stage name. */
const UNRESOLVED_NAME_CHARS = 64;

function validate(props: ApiErrorAnalyzerProps): void {
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
      `executionLogGroups and stages name ${executionCount} execution log groups (about ${executionChars} characters); ` +
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
    ['reservedConcurrency', props.reservedConcurrency, 1, 1000],
    ['memorySize', props.memorySize, 128, 10240],
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
    if (pattern !== undefined && !Token.isUnresolved(pattern) && pattern.length > MAX_FILTER_PATTERN_LENGTH) {
      throw new AnalyzerPropsError(
        `${prop} is ${pattern.length} characters long; CloudWatch Logs allows ${MAX_FILTER_PATTERN_LENGTH}: drop terms`,
      );
    }
  }
  if (props.metricsNamespace !== undefined) {
    checkPattern(
      'metricsNamespace',
      props.metricsNamespace,
      /^[A-Za-z0-9._/#:-]{1,255}$/,
      'ApiGatewayErrorAnalyzer',
    );
    if (!Token.isUnresolved(props.metricsNamespace) && props.metricsNamespace.startsWith('AWS/')) {
      throw new AnalyzerPropsError(
        `metricsNamespace is "${props.metricsNamespace}"; CloudWatch reserves namespaces starting with AWS/ for AWS services: use your own, e.g. ${DEFAULT_METRICS_NAMESPACE}`,
      );
    }
  }
}

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
          "has no deploymentStage; pass its stage, e.g. apigateway.Stage.fromStageAttributes(this, 'Stage', { restApi: api, stageName: 'prod' })",
      );
    }
    // A stage's name, or anything but a construct: there is no path to name it by.
    if (!isConstruct(stage)) {
      throw new AnalyzerPropsError(
        `stages[${i}] is ${shown(stage)}, not a stage: pass a REST API stage, e.g. api.deploymentStage, ` +
          "or apigateway.Stage.fromStageAttributes(this, 'Stage', { restApi: api, stageName: 'prod' })",
      );
    }
    // The API itself, not its stage: a REST API has a restApiId and a deploymentStage.
    if (typeof (stage as Partial<apigateway.IRestApi>).restApiId === 'string' && 'deploymentStage' in stage) {
      throw new AnalyzerPropsError(
        `stages[${i}] (${stage.node.path}) is a REST API, not a stage: pass its stage, e.g. api.deploymentStage, ` +
          "or apigateway.Stage.fromStageAttributes(this, 'Stage', { restApi: api, stageName: 'prod' })",
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
        throw new AnalyzerPropsError(
          `${prop}[${i}] is undefined; pass a log group name (e.g. "/aws/apigateway/my-api-access") or a logs.ILogGroup`,
        );
      }
      // JavaScript passes anything: a number, or a plain object that only looks like a log group.
      if (typeof entry !== 'string' && !(isConstruct(entry) && typeof entry.logGroupName === 'string')) {
        throw new AnalyzerPropsError(
          `${prop}[${i}] is ${shown(entry)}; pass a log group name (e.g. "/aws/apigateway/my-api-access") or a logs.ILogGroup ` +
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

function nameOf(entry: string | logs.ILogGroup): string {
  return typeof entry === 'string' ? entry : entry.logGroupName;
}
