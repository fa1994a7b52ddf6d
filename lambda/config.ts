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
  readonly metricsNamespace: string;
  /**
   * The function's own log group (set by Lambda as AWS_LAMBDA_LOG_GROUP_NAME, not by the stack),
   * named in the alert's Logs Insights query; undefined outside Lambda.
   */
  readonly analyzerLogGroup?: string;
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
  metricsNamespace: 'METRICS_NAMESPACE',
} as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`environment variable ${name} is missing or empty`);
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      `environment variable ${name}="${raw}" must be a whole number from ${min} to ${max}`,
    );
  }
  return value;
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
  const countRaw = (env[ENV.countExecutionLogs] ?? 'true').trim().toLowerCase();
  if (countRaw !== 'true' && countRaw !== 'false') {
    throw new ConfigError(
      `environment variable ${ENV.countExecutionLogs}="${countRaw}" must be true or false`,
    );
  }
  return {
    tableName: required(env, ENV.tableName),
    topicArn: required(env, ENV.topicArn),
    windowMinutes: integer(env, ENV.windowMinutes, 5, 1, 1440),
    cooldownMinutes: integer(env, ENV.cooldownMinutes, 30, 0, 10080),
    serverErrorThreshold: integer(env, ENV.serverErrorThreshold, 5, 1, 1_000_000),
    limitErrorThreshold: integer(env, ENV.limitErrorThreshold, 10, 1, 1_000_000),
    clientErrorThreshold: integer(env, ENV.clientErrorThreshold, 100, 1, 1_000_000),
    errorRatePercent: integer(env, ENV.errorRatePercent, 5, 1, 100),
    minRequests: integer(env, ENV.minRequests, 100, 1, 100_000_000),
    causeThresholds,
    executionLogGroups: list(env, ENV.executionLogGroups),
    countExecutionLogs: countRaw === 'true',
    metricsNamespace: env[ENV.metricsNamespace]?.trim() || 'ApiGatewayErrorAnalyzer',
    analyzerLogGroup: env.AWS_LAMBDA_LOG_GROUP_NAME?.trim() || undefined,
  };
}
