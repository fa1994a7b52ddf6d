/**
 * Reads which log groups to analyze, the optional reserved concurrency and the stack name from CDK
 * context, so one app deploys for any API: `-c accessLogGroups=a,b -c executionLogGroups=c` or the
 * same keys under "context" in cdk.json.
 */
import type { Node } from 'constructs';
import { AnalyzerPropsError, RESERVED_CONCURRENCY } from './prop-validation';

const CONTEXT_KEYS = {
  accessLogGroups: 'accessLogGroups',
  executionLogGroups: 'executionLogGroups',
  reservedConcurrency: 'reservedConcurrency',
  stackName: 'stackName',
} as const;

const DEFAULT_STACK_NAME = 'ApiGatewayErrorAnalyzer';

/** CloudFormation's own rule for stack names. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

const CONTEXT_EXAMPLE =
  'npx cdk deploy -c accessLogGroups=/aws/apigateway/my-api-access ' +
  '-c executionLogGroups=API-Gateway-Execution-Logs_abc123defg/prod';

export interface LogGroupNames {
  readonly accessLogGroups: string[];
  readonly executionLogGroups: string[];
}

/**
 * A command-line value that opens a JSON array, as cdk.json holds one: the CDK CLI passes `-c` values as
 * text. No log group name holds a `[`, so such a value is no name; undefined when it is no array of
 * strings.
 */
function jsonNames(text: string): unknown[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((entry) => typeof entry === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Comma-separated on the command line, or a JSON array of names there or in cdk.json. */
function namesFrom(node: Node, key: string): string[] {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return [];
  const array = typeof value === 'string' && value.trim().startsWith('[') ? jsonNames(value) : value;
  if (array === undefined)
    throw new AnalyzerPropsError(
      `CDK context ${key} is ${JSON.stringify(value)}, which opens a JSON array but is not one of names; give comma-separated log group names, e.g. -c ${key}=/aws/a,/aws/b, or a JSON array of strings`,
    );
  const entries = typeof array === 'string' ? array.split(',') : array;
  if (!Array.isArray(entries) || !entries.every((entry) => typeof entry === 'string')) {
    throw new AnalyzerPropsError(
      `CDK context ${key} is ${JSON.stringify(value)}; give comma-separated log group names, e.g. ${CONTEXT_EXAMPLE}`,
    );
  }
  const names = entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
  // No log group name holds a space or a semicolon, so these separate names the shell kept together.
  if (typeof array === 'string' && names.some((name) => /[\s;]/.test(name))) {
    throw new AnalyzerPropsError(
      `CDK context ${key} is ${JSON.stringify(value)}: separate log group names with commas, e.g. -c ${key}=/aws/a,/aws/b`,
    );
  }
  return names;
}

export function logGroupsFromContext(node: Node): LogGroupNames {
  const names = {
    accessLogGroups: namesFrom(node, CONTEXT_KEYS.accessLogGroups),
    executionLogGroups: namesFrom(node, CONTEXT_KEYS.executionLogGroups),
  };
  if (names.accessLogGroups.length + names.executionLogGroups.length === 0) {
    throw new AnalyzerPropsError(
      `No API Gateway log group to analyze: set the CDK context ${CONTEXT_KEYS.accessLogGroups} and/or ` +
        `${CONTEXT_KEYS.executionLogGroups} (comma-separated log group names), e.g. ${CONTEXT_EXAMPLE}, ` +
        'or put them under "context" in cdk.json',
    );
  }
  return names;
}

/**
 * Plain context keys the CDK CLI or cdk.json sets for itself; CDK's other keys (feature flags,
 * lookups, `aws:cdk:…`) hold `:`, `@` or `/`.
 */
const CDK_PLAIN_KEYS: ReadonlySet<string> = new Set(['cli-telemetry', 'acknowledged-issue-numbers']);

/**
 * Plain context keys this app does not read and CDK does not set, which CDK ignores without a word
 * (`-c executionLogs=…`, too far from executionLogGroups for checkContextKeys to call it a typo):
 * the app warns about each, since in another app's context they may be meant.
 */
export function ignoredContextKeys(node: Node): string[] {
  const known = Object.values(CONTEXT_KEYS) as string[];
  return Object.keys(node.getAllContext() as Record<string, unknown>).filter(
    (key) => !known.includes(key) && !/[:@/]/.test(key) && !CDK_PLAIN_KEYS.has(key),
  );
}

/** One warning line for a key the app ignores, naming the keys it reads. */
export function ignoredKeyWarning(key: string): string {
  const known = Object.values(CONTEXT_KEYS) as string[];
  return `warning: CDK context key "${key}" is not one this app reads, so it is ignored (it reads ${known.join(', ')})`;
}

/** Names shown in the app's subscription line; the rest are counted. */
const SHOWN_NAMES = 10;

/**
 * One line saying what the app subscribes: the CDK CLI keeps only the last of a repeated `-c` key
 * before the app runs, so this line is where a user sees which groups were taken.
 */
export function subscriptionSummary(names: LogGroupNames): string {
  const count = (n: number, kind: string) => `${n} ${kind} log group${n === 1 ? '' : 's'}`;
  const all = [...names.accessLogGroups, ...names.executionLogGroups];
  const rest = all.length - SHOWN_NAMES;
  return (
    `subscribing ${count(names.accessLogGroups.length, 'access')} and ${count(names.executionLogGroups.length, 'execution')}: ` +
    `${all.slice(0, SHOWN_NAMES).join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`
  );
}

/**
 * `-c reservedConcurrency=N` reserves N concurrent executions for the function; absent, none is
 * reserved. The construct checks the range and names the key's prop in its error.
 */
export function reservedConcurrencyFromContext(node: Node): number | undefined {
  const value: unknown = node.tryGetContext(CONTEXT_KEYS.reservedConcurrency);
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim();
  const count = Number(text);
  const { min, max } = RESERVED_CONCURRENCY;
  if (!/^[0-9]+$/.test(text) || count < min || count > max) {
    throw new AnalyzerPropsError(
      `CDK context ${CONTEXT_KEYS.reservedConcurrency} is ${JSON.stringify(value)}; give a whole number from ${min} to ${max}, e.g. -c ${CONTEXT_KEYS.reservedConcurrency}=20, or leave it out for no reservation`,
    );
  }
  return count;
}

/** Lower-case letters and digits only, so `stack-name` and `StackName` compare equal to `stackName`. */
const fold = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Keys, folded, that a user may give for the stack's name: `stack-name` is also a near miss of stackName. */
const STACK_NAME_GUESSES = ['stack', 'stackname', 'name'];

/** Levenshtein distance, stopping early: keys are short, and only "at most 2" matters. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * A context key one or two letters (or only its case or hyphens) away from one of this app's keys is
 * a typo: CDK would ignore it without a word, and the stack would lose a log group's subscription,
 * its reservation, or deploy over the default stack instead of beside it. The app's own check: in
 * another CDK app, other context is that app's business. A stack parameter given as context (one of
 * `stackParameterIds`, the stack's), or the stack's name under another key, is refused too, naming
 * the way to give it.
 */
export function checkContextKeys(node: Node, stackParameterIds: readonly string[]): void {
  const known = Object.values(CONTEXT_KEYS) as string[];
  const context = node.getAllContext() as Record<string, unknown>;
  for (const key of Object.keys(context)) {
    if (known.includes(key)) continue;
    const parameter = stackParameterIds.find((id) => fold(id) === fold(key));
    if (parameter !== undefined) {
      throw new AnalyzerPropsError(
        `CDK context key "${key}" is a stack parameter, not context: give it as --parameters ${parameter}=${String(context[key])} ` +
          '(cdk deploy reads parameters only from --parameters; as context it is ignored)',
      );
    }
    if (STACK_NAME_GUESSES.includes(fold(key))) {
      throw new AnalyzerPropsError(
        `CDK context key "${key}" is not one this app reads: did you mean ${CONTEXT_KEYS.stackName}? ` +
          `Name the stack with -c ${CONTEXT_KEYS.stackName}=${typeof context[key] === 'string' ? context[key] : 'orders-errors'} ` +
          `(without it, the deploy goes to the default stack ${DEFAULT_STACK_NAME})`,
      );
    }
    const meant = known.find((ours) => editDistance(fold(key), fold(ours)) <= 2);
    if (meant !== undefined) {
      throw new AnalyzerPropsError(
        `CDK context key "${key}" is not one this app reads: did you mean ${meant}? ` +
          `(the keys are ${known.join(', ')}; their case matters), e.g. ${CONTEXT_EXAMPLE}`,
      );
    }
  }
}

/**
 * `-c stackName=NAME` deploys a separately named stack (one per API); absent, the default name.
 * Checked here, so a bad name gets one line that names the key, not CDK's stack trace.
 */
export function stackNameFromContext(node: Node): string {
  const value: unknown = node.tryGetContext(CONTEXT_KEYS.stackName);
  if (value === undefined || value === null) return DEFAULT_STACK_NAME;
  if (typeof value !== 'string' || !STACK_NAME.test(value)) {
    throw new AnalyzerPropsError(
      `CDK context ${CONTEXT_KEYS.stackName} is ${JSON.stringify(value)}; a stack name is letters, digits and hyphens, ` +
        `starts with a letter and has at most 128 characters, e.g. -c ${CONTEXT_KEYS.stackName}=orders-errors`,
    );
  }
  return value;
}
