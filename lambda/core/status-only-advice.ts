/**
 * Advice for a request only its status classifies (unknown.client, unknown.server). The taxonomy's
 * advice asks for the access-log fields that would name the cause; a record that logs some of them
 * already is told only of the others, and one that logs them all is told what they said and where
 * to look next. Built only for a failed request, never on the success path.
 */
import { type Facts, mayBeRestApi } from './facts';
import { CAUSES, type Cause, typicalStatusText } from './taxonomy';
import type { StatusOnlyAdviceParts } from './types';

/** The causes only a request's status names: its logs told nothing more. */
export const STATUS_ONLY_CAUSE = { client: 'unknown.client', server: 'unknown.server' } as const;
export type StatusOnlyCause = (typeof STATUS_ONLY_CAUSE)[keyof typeof STATUS_ONLY_CAUSE];

export function isStatusOnlyCause(cause: Cause): cause is StatusOnlyCause {
  return cause === STATUS_ONLY_CAUSE.client || cause === STATUS_ONLY_CAUSE.server;
}

/** The access-log fields the taxonomy's advice asks for, as its text names them. */
const STATUS_ONLY_FIELDS = {
  responseType: '$context.error.responseType',
  /** unknown.client needs the backend's status; unknown.server any of the integration's variables. */
  clientIntegration: '$context.integration.status',
  serverIntegration: '$context.integration.*',
} as const;

/** The fields the taxonomy's advice for a status-only cause asks for. */
export function taxonomyFields(cause: StatusOnlyCause): readonly string[] {
  return [
    STATUS_ONLY_FIELDS.responseType,
    cause === STATUS_ONLY_CAUSE.server
      ? STATUS_ONLY_FIELDS.serverIntegration
      : STATUS_ONLY_FIELDS.clientIntegration,
  ];
}

/** A status-only request's advice, and, when it names more than the taxonomy's, what it was built from. */
export interface StatusOnlyAdvice {
  readonly text: string;
  readonly parts?: StatusOnlyAdviceParts;
}

/** A gateway response type as API Gateway spells them (DEFAULT_5XX): any other text is not shown. */
const RESPONSE_TYPE = /^[A-Z][A-Z0-9_]{0,39}$/;

/** "a, b and c". */
export function listed(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** What the record says of the gateway's own response, or undefined when the field is not logged. */
function responseTypeSaid(facts: Facts, rest: boolean): string | undefined {
  if (facts.responseType !== undefined) {
    return RESPONSE_TYPE.test(facts.responseType) ? `response type ${facts.responseType}` : 'a response type';
  }
  if (!facts.noGatewayResponse) return undefined;
  return rest ? 'response type "-" (no gateway response)' : 'response type "-"';
}

/** What the record says of the integration's answer, or undefined when no field tells it. */
function integrationSaid(facts: Facts): string | undefined {
  if (facts.backendStatus !== undefined) return `integration status ${facts.backendStatus}`;
  if (facts.serviceStatus !== undefined) return `Lambda invoke status ${facts.serviceStatus}`;
  return facts.noIntegrationStatus ? 'integration status "-" (no integration answered)' : undefined;
}

/** The message the record logged, named as known: it named no cause, but the reader has it. */
function messageSaid(facts: Facts): string | undefined {
  if (facts.errorMessage !== undefined) return 'the error message';
  return facts.integrationError !== undefined ? "the integration's error message" : undefined;
}

/**
 * The advice for a status-only request: the taxonomy's when the line logs nothing but the status
 * (for unknown.server, only if it may be a REST API's), else one or two sentences naming only what it lacks, or, lacking nothing,
 * what it logged. Execution logs are suggested only where they exist: on a REST API.
 */
export function statusOnlyAdvice(
  cause: StatusOnlyCause,
  facts: Facts,
  executionLog: boolean,
): StatusOnlyAdvice {
  const server = cause === STATUS_ONLY_CAUSE.server;
  const rest = mayBeRestApi(facts);
  const responseType = responseTypeSaid(facts, rest);
  const integration = integrationSaid(facts);
  const message = messageSaid(facts);
  // unknown.client's names no execution logs, so it fits an HTTP or WebSocket API's line too.
  if (
    responseType === undefined &&
    integration === undefined &&
    message === undefined &&
    !executionLog &&
    (rest || !server)
  )
    return { text: CAUSES[cause].advice };
  const status = facts.clientStatus === undefined ? 'status' : `${facts.clientStatus} status`;
  const logged = [`the ${status}`, ...[responseType, integration, message].filter((s) => s !== undefined)];
  const lacking = [
    ...(responseType === undefined ? [STATUS_ONLY_FIELDS.responseType] : []),
    ...(integration === undefined
      ? [server ? STATUS_ONLY_FIELDS.serverIntegration : STATUS_ONLY_FIELDS.clientIntegration]
      : []),
  ];
  const executionLogsToEnable = rest && !executionLog;
  if (lacking.length > 0) {
    const trail = executionLog ? ', and the execution log names no cause' : '';
    const known = `Only ${listed(logged)} ${logged.length > 1 ? 'are' : 'is'} known${trail}.`;
    return {
      text: `${known} ${askFor(lacking, server && executionLogsToEnable)}`,
      parts: { known, lacking, executionLogsToEnable, ...(message !== undefined && { messageLogged: true }) },
    };
  }
  // A trail-only request has no access log: "neither" reads true of the one log it has too.
  const said = `${executionLog ? 'Neither log names a cause' : 'The access log names no cause'} beyond ${listed(logged)}.`;
  const parts = { known: said, lacking: [], executionLogsToEnable };
  if (facts.backendStatus !== undefined)
    return {
      text: `${said} Look in the backend's own logs for why it answered ${facts.backendStatus}.`,
      parts,
    };
  return { text: `${said} ${lookNext(executionLogsToEnable)}`, parts };
}

/** The sentence asking for the access-log fields a status-only request lacks. */
function askFor(lacking: readonly string[], orExecutionLogs: boolean): string {
  const orTrail = orExecutionLogs ? ', or enable execution logs,' : '';
  return `Add ${listed(lacking)} to the access-log format${orTrail} to learn more.`;
}

/** Where to look when the access log logged every field the advice asks for. */
function lookNext(executionLogsToEnable: boolean): string {
  return executionLogsToEnable
    ? 'Enable execution logs to see where API Gateway stopped the request.'
    : "Look in the backend's own logs, if it was called, and at the route's integration settings.";
}

/** A sample of a status-only group, as its advice is built from. */
export interface StatusOnlyAdviceSample {
  readonly advice?: string;
  readonly adviceParts?: StatusOnlyAdviceParts;
}

/** The order the fields are asked for in: the taxonomy's. */
const FIELD_ORDER: readonly string[] = Object.values(STATUS_ONLY_FIELDS);

/**
 * A status-only group's advice, for a stack that reads no execution log of it: the samples' own when
 * all say the same, else one built from their parts, never from their text (samples that differ only
 * in their status name the same fields): the fields any sample lacks, and execution logs only if a
 * sample may be a REST API's without a trail. A sample without parts got the taxonomy's advice,
 * which asks for its fields (and, for unknown.server, execution logs: only a REST line gets it).
 */
export function groupStatusOnlyAdvice(
  cause: StatusOnlyCause,
  samples: readonly StatusOnlyAdviceSample[],
): string {
  const first = samples[0]?.advice;
  if (first !== undefined && samples.every((s) => s.advice === first)) return first;
  const info = CAUSES[cause];
  if (samples.length === 0) return info.advice;
  const server = cause === STATUS_ONLY_CAUSE.server;
  const taxonomy = taxonomyFields(cause);
  const lacking = new Set<string>();
  let toEnable = false;
  let onlyStatus = true;
  let everyMessage = true;
  for (const { adviceParts: parts } of samples) {
    everyMessage &&= parts?.messageLogged === true;
    const fields = parts?.lacking ?? taxonomy;
    for (const field of fields) lacking.add(field);
    toEnable ||= parts?.executionLogsToEnable ?? server;
    onlyStatus &&= taxonomy.every((field) => fields.includes(field));
  }
  if (lacking.size === 0)
    return `The access log names no cause for these failures beyond what it logged. ${lookNext(toEnable)}`;
  const known = !onlyStatus
    ? 'The access log names no cause for these failures.'
    : everyMessage
      ? `Only the ${typicalStatusText(info)} status and the error message are known.`
      : `Only the ${typicalStatusText(info)} status is known.`;
  const fields = [...lacking].sort((a, b) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b));
  return `${known} ${askFor(fields, server && toEnable)}`;
}
