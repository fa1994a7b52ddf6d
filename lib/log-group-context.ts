/**
 * Reads which log groups to analyze from CDK context, so one app deploys for any API:
 * `-c accessLogGroups=a,b -c executionLogGroups=c` or the same keys under "context" in cdk.json.
 */
import type { Node } from 'constructs';
import { AnalyzerPropsError } from './prop-validation';

export const CONTEXT_KEYS = {
  accessLogGroups: 'accessLogGroups',
  executionLogGroups: 'executionLogGroups',
} as const;

export const CONTEXT_EXAMPLE =
  'npx cdk deploy -c accessLogGroups=/aws/apigateway/my-api-access ' +
  '-c executionLogGroups=API-Gateway-Execution-Logs_abc123defg/prod';

export interface LogGroupNames {
  readonly accessLogGroups: string[];
  readonly executionLogGroups: string[];
}

/** Comma-separated on the command line; a JSON array of names is accepted from cdk.json too. */
function namesFrom(node: Node, key: string): string[] {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return [];
  const entries = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(entries) || !entries.every((entry) => typeof entry === 'string')) {
    throw new AnalyzerPropsError(
      `CDK context ${key} is ${JSON.stringify(value)}; give comma-separated log group names, e.g. ${CONTEXT_EXAMPLE}`,
    );
  }
  return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
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
