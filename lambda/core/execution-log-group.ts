/**
 * How API Gateway names execution log groups (REST and WebSocket): `API-Gateway-Execution-Logs_`
 * then the API id, a slash and the stage. Written once, for the parser, the alerts and the stack.
 */
const PREFIX = 'API-Gateway-Execution-Logs_';
const NAME = /^API-Gateway-Execution-Logs_([A-Za-z0-9]+)\/(.+)$/;

/** The execution log group of an API's stage. */
export function executionLogGroupName(apiId: string, stage: string): string {
  return `${PREFIX}${apiId}/${stage}`;
}

/** The API and stage an execution log group belongs to; undefined for any other group. */
export function executionLogGroupApi(
  logGroup: string | undefined,
): { apiId: string; stage: string } | undefined {
  const m = logGroup ? NAME.exec(logGroup) : null;
  return m ? { apiId: m[1] ?? '', stage: m[2] ?? '' } : undefined;
}
