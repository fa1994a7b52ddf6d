/**
 * The function's configuration, read from the environment once at cold start. A bad value throws
 * here, so the function fails at init with a message that names the variable, instead of
 * mis-alerting later.
 */
import { type CauseThresholds, parseCauseThresholds } from './core/cause-thresholds';

export interface AnalyzerConfig {
  readonly tableName: string;
  readonly topicArn: string;
  readonly windowMinutes: number;
  readonly cooldownMinutes: number;
  readonly serverErrorThreshold: number;
  readonly limitErrorThreshold: number;
  readonly clientErrorThreshold: number;
  readonly errorRatePercent: number;
  readonly minRequests: number;
  readonly causeThresholds: CauseThresholds;
  /** Execution log groups the alert may read sample trails from (FilterLogEvents). */
  readonly executionLogGroups: readonly string[];
  /**
   * Whether failures seen only in execution logs count toward thresholds. False when access logs
   * are subscribed too, so one request is never counted twice.
   */
  readonly countExecutionLogs: boolean;
  /**
   * Whether the error rate (ErrorRatePercent over MinRequests) is judged. False when the access-log
   * filter lets only some requests through (failures only): the rate would read 100 %.
   */
  readonly judgeErrorRate: boolean;
  readonly metricsNamespace: string;
  /**
   * The function's own log group (set by Lambda as AWS_LAMBDA_LOG_GROUP_NAME, not by the stack),
   * named in the alert's Logs Insights query; undefined outside Lambda.
   */
  readonly analyzerLogGroup?: string;
  /**
   * The function's name (set by Lambda as AWS_LAMBDA_FUNCTION_NAME), the dimension of its
   * RejectedDeliveries metric and of the UnparsedLines sum its alarm watches; undefined outside Lambda.
   */
  readonly functionName?: string;
}

/** The environment variables the stack sets; the names are shared with lib/ so they cannot drift. */
export const ENV = {
  tableName: 'TABLE_NAME',
  topicArn: 'TOPIC_ARN',
  windowMinutes: 'WINDOW_MINUTES',
  cooldownMinutes: 'COOLDOWN_MINUTES',
  serverErrorThreshold: 'SERVER_ERROR_THRESHOLD',
  limitErrorThreshold: 'LIMIT_ERROR_THRESHOLD',
  clientErrorThreshold: 'CLIENT_ERROR_THRESHOLD',
  errorRatePercent: 'ERROR_RATE_PERCENT',
  minRequests: 'MIN_REQUESTS',
  causeThresholds: 'CAUSE_THRESHOLDS',
  executionLogGroups: 'EXECUTION_LOG_GROUPS',
  countExecutionLogs: 'COUNT_EXECUTION_LOGS',
  judgeErrorRate: 'JUDGE_ERROR_RATE',
  metricsNamespace: 'METRICS_NAMESPACE',
} as const;

/**
 * Alerting settings with their defaults and bounds. The function reads each from `ENV[name]`, the
 * construct checks its props and the stack bounds its parameters with these same numbers (lib/
 * imports them from here, so this file must stay free of CDK imports).
 */
export const SETTINGS = {
  windowMinutes: { default: 5, min: 1, max: 60 },
  cooldownMinutes: { default: 30, min: 0, max: 1440 },
  serverErrorThreshold: { default: 5, min: 1, max: 1_000_000 },
  limitErrorThreshold: { default: 10, min: 1, max: 1_000_000 },
  clientErrorThreshold: { default: 100, min: 1, max: 1_000_000 },
  errorRatePercent: { default: 5, min: 1, max: 100 },
  minRequests: { default: 100, min: 1, max: 100_000_000 },
} as const satisfies Record<string, { default: number; min: number; max: number }>;
export type SettingName = keyof typeof SETTINGS;

/** CloudWatch namespace of the function's metrics and of the dashboard, unless the construct sets one. */
export const DEFAULT_METRICS_NAMESPACE = 'ApiGatewayErrorAnalyzer';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`environment variable ${name} is missing or empty`);
  return value;
}

/**
 * A whole number in decimal digits, leading zeros and a zero fraction allowed: the app's stack
 * parameters refuse both (lib/integer-range-pattern.ts), but a construct user's CloudFormation Number
 * parameter, passed through as a token, may resolve to `05` or `5.0`, the same number. Number() alone
 * would also read 1e1, 0x3c, 0b101 and -0, numbers written otherwise.
 */
const DECIMAL_WHOLE_NUMBER = /^[0-9]+(?:\.0+)?$/;

/** One of SETTINGS from its environment variable: the default when unset, else a whole number in bounds. */
function setting(env: Env, name: SettingName): number {
  const variable = ENV[name];
  const { default: fallback, min, max } = SETTINGS[name];
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!DECIMAL_WHOLE_NUMBER.test(raw) || value < min || value > max) {
    throw new ConfigError(
      `environment variable ${variable}="${raw}" must be a whole number from ${min} to ${max} in decimal digits (05 and 5.0 read as 5; no sign, exponent, hex or other fraction)`,
    );
  }
  return value;
}

/** `true` or `false` in any case, `true` when unset. */
function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? 'true').trim().toLowerCase();
  if (raw !== 'true' && raw !== 'false') {
    throw new ConfigError(`environment variable ${name}="${raw}" must be true or false`);
  }
  return raw === 'true';
}

function list(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function loadConfig(env: Env = process.env): AnalyzerConfig {
  let causeThresholds: CauseThresholds;
  try {
    causeThresholds = parseCauseThresholds(env[ENV.causeThresholds] ?? '');
  } catch (error) {
    throw new ConfigError(`environment variable ${ENV.causeThresholds}: ${(error as Error).message}`);
  }
  return {
    tableName: required(env, ENV.tableName),
    topicArn: required(env, ENV.topicArn),
    windowMinutes: setting(env, 'windowMinutes'),
    cooldownMinutes: setting(env, 'cooldownMinutes'),
    serverErrorThreshold: setting(env, 'serverErrorThreshold'),
    limitErrorThreshold: setting(env, 'limitErrorThreshold'),
    clientErrorThreshold: setting(env, 'clientErrorThreshold'),
    errorRatePercent: setting(env, 'errorRatePercent'),
    minRequests: setting(env, 'minRequests'),
    causeThresholds,
    executionLogGroups: list(env, ENV.executionLogGroups),
    countExecutionLogs: flag(env, ENV.countExecutionLogs),
    judgeErrorRate: flag(env, ENV.judgeErrorRate),
    metricsNamespace: env[ENV.metricsNamespace]?.trim() || DEFAULT_METRICS_NAMESPACE,
    analyzerLogGroup: env.AWS_LAMBDA_LOG_GROUP_NAME?.trim() || undefined,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME?.trim() || undefined,
  };
}
