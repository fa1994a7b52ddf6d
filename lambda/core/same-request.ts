/**
 * What a request's lines say about it (its final status, API, stage, method, path, extended id), to
 * tell whether lines of two inputs can be one request before a cut-short id joins them
 * (joinCutIdsAcross): a first group shared by two ids does not make them one, and joining a failed
 * trail into another request's success loses the failure.
 */
import { FINAL_STATUS_SOURCE } from './execution-log';
import { executionLogGroupApi } from './execution-log-group';
import { API_STAGE, EXTENDED_ID_LINE, HTTP_METHOD_LINE, THROTTLE_API_STAGE } from './join';
import type { AccessLogRecord, LogSource } from './types';

/**
 * The facts compared: two sides that both name one and share no value are two requests. The final
 * status has a rule of its own (statusRefused): a side naming none is compared too.
 */
export const REQUEST_FACTS = ['status', 'apiId', 'stage', 'httpMethod', 'path', 'extendedId'] as const;
type RequestFact = (typeof REQUEST_FACTS)[number];

/**
 * Each fact's distinct values as the lines name them (a request's lines normally name one each);
 * `status` holds access records' statuses, `trailStatus` the trail's final one (its last status line).
 * Arrays made when a value comes: a run may compare tens of thousands of requests, most naming few.
 */
export type RequestFacts = { [Fact in RequestFact]?: string[] } & { trailStatus?: string };

export function noFacts(): RequestFacts {
  return {};
}

function add(facts: RequestFacts, fact: RequestFact, value: string): void {
  const values = facts[fact];
  if (values === undefined) facts[fact] = [value];
  else if (!values.includes(value)) values.push(value);
}

const FINAL_STATUS = new RegExp(FINAL_STATUS_SOURCE);
/** API Gateway's own answer: a trail refused by an authorizer, a policy or a role ends so, with no `Method completed`. */
const GATEWAY_RESPONSE = /Gateway response type: [A-Z][A-Z0-9_]* with status code: (\d{3})/;
/** The throttle message names the method too: `…, Resource k0w8mc, HttpMethod POST.` */
const THROTTLE_METHOD = /for RestApi \S+, Stage [^,\s]+, Resource \S+, HttpMethod ([A-Za-z]+)/;

/** The API and stage an execution log group's name gives its lines (`API-Gateway-Execution-Logs_<api>/<stage>`). */
export function addSourceFacts(facts: RequestFacts, source: LogSource | undefined): void {
  const group = executionLogGroupApi(source?.logGroup);
  if (group === undefined) return;
  add(facts, 'apiId', group.apiId);
  add(facts, 'stage', group.stage);
}

/** What one execution message names; most name nothing, so each pattern is tried only after its phrase. */
export function addMessageFacts(facts: RequestFacts, message: string): void {
  // The trail's final status is its last status line of either kind, so a later one replaces it.
  if (message.includes('Method completed')) {
    const status = FINAL_STATUS.exec(message)?.[1];
    if (status !== undefined) facts.trailStatus = status;
  }
  if (message.includes('Gateway response type: ')) {
    const status = GATEWAY_RESPONSE.exec(message)?.[1];
    if (status !== undefined) facts.trailStatus = status;
  }
  if (message.includes('API Stage: ')) addApiStage(facts, API_STAGE.exec(message));
  if (message.includes('for RestApi ')) {
    addApiStage(facts, THROTTLE_API_STAGE.exec(message));
    const method = THROTTLE_METHOD.exec(message)?.[1];
    if (method !== undefined) add(facts, 'httpMethod', method.toUpperCase());
  }
  // Dispatch on the first letter, as join.ts reads these lines: nearly every line is neither.
  const first = message.charCodeAt(0);
  if (first === 72 /* H */) {
    const method = HTTP_METHOD_LINE.exec(message);
    if (method?.[1] !== undefined && method[2] !== undefined) {
      add(facts, 'httpMethod', method[1].toUpperCase());
      if (!method[2].includes('{')) add(facts, 'path', method[2]);
    }
  } else if (first === 69 /* E */) {
    const extended = EXTENDED_ID_LINE.exec(message)?.[1];
    if (extended !== undefined) add(facts, 'extendedId', extended);
  }
}

function addApiStage(facts: RequestFacts, match: RegExpExecArray | null): void {
  if (match?.[1] === undefined || match[2] === undefined) return;
  add(facts, 'apiId', match[1]);
  add(facts, 'stage', match[2]);
}

/**
 * What an access line names. Its path is compared as the execution log's `Resource Path` writes the
 * request's: `$context.path` (also without the leading `/<stage>` it has on the default endpoint, the
 * stage the line or the trail names) or
 * a `$context.resourcePath` with no `{parameter}`; a template names no one path, so it is left out.
 */
export function addRecordFacts(facts: RequestFacts, record: AccessLogRecord): void {
  if (record.status !== undefined) add(facts, 'status', String(record.status));
  if (record.apiId !== undefined) add(facts, 'apiId', record.apiId);
  if (record.stage !== undefined) add(facts, 'stage', record.stage);
  if (record.httpMethod !== undefined) add(facts, 'httpMethod', record.httpMethod.toUpperCase());
  if (record.extendedRequestId !== undefined) add(facts, 'extendedId', record.extendedRequestId);
  if (record.resourcePath !== undefined && !record.resourcePath.includes('{'))
    add(facts, 'path', record.resourcePath);
  // Its leading `/<stage>` is taken off where the paths are compared (contradiction).
  if (record.path !== undefined) add(facts, 'path', record.path);
}

/**
 * A side's paths, each also without a leading `/<stage>` of a stage either side names: an access
 * line on the default endpoint has the stage in its `path` even when the format logs no stage field,
 * and the trail names it (`API Stage:`, its log group).
 */
function pathsOf(side: RequestFacts, stages: readonly string[]): string[] | undefined {
  const paths = side.path;
  if (paths === undefined) return undefined;
  const all = [...paths];
  for (const path of paths)
    for (const stage of stages) if (path.startsWith(`/${stage}/`)) all.push(path.slice(stage.length + 1));
  return all;
}

/** The final statuses a side names: its records' and its trail's. */
function statusesOf(side: RequestFacts): string[] {
  const statuses = side.status ?? [];
  return side.trailStatus === undefined || statuses.includes(side.trailStatus)
    ? statuses
    : [...statuses, side.trailStatus];
}

const failing = (status: string): boolean => Number(status) >= 400;

/**
 * Whether the final statuses keep two sides apart. They are one request's only when both name one and
 * it agrees, or when one side names none and the other only failing ones (400 or above): a failing
 * request's other half, so joining cannot hide a failure. A 2xx against a side naming none may be
 * another request's success swallowing a trail cut before its status; two sides naming none, any two.
 */
function statusRefused(a: RequestFacts, b: RequestFacts): boolean {
  const ours = statusesOf(a);
  const theirs = statusesOf(b);
  if (ours.length > 0 && theirs.length > 0) return !ours.some((status) => theirs.includes(status));
  const named = ours.length > 0 ? ours : theirs;
  return named.length === 0 || !named.every(failing);
}

/**
 * The first fact keeping the two sides apart: the final status by statusRefused, any other fact both
 * sides name with no value in common. The lines cannot then be one request's.
 */
export function contradiction(a: RequestFacts, b: RequestFacts): RequestFact | undefined {
  if (statusRefused(a, b)) return 'status';
  const stages = [...(a.stage ?? []), ...(b.stage ?? [])];
  return REQUEST_FACTS.find((fact) => {
    if (fact === 'status') return false;
    const ours = fact === 'path' ? pathsOf(a, stages) : a[fact];
    const theirs = fact === 'path' ? pathsOf(b, stages) : b[fact];
    return ours !== undefined && theirs !== undefined && !ours.some((value) => theirs.includes(value));
  });
}
