/** Joins access records and execution lines into one record per request, by request id. */
import { executionLogGroupApi } from './parse';
import type { AccessLogRecord, ExecutionLogLine, ExecutionTrail, LogSource, RequestRecord } from './types';

/** Trails longer than this keep their first and last lines: the verdict is at the end. */
const MAX_TRAIL_MESSAGES = 400;

export interface SourcedAccess {
  readonly record: AccessLogRecord;
  readonly source: LogSource;
}

export interface SourcedExecution {
  readonly line: ExecutionLogLine;
  readonly source: LogSource;
}

const HTTP_METHOD_LINE = /^HTTP Method: (\S+), Resource Path: (\S+)/;
const API_STAGE = /API Stage: ([A-Za-z0-9]+)\/(\S+?)\.?(?:\s|$)/;
const THROTTLE_API_STAGE = /for RestApi ([A-Za-z0-9]+), Stage ([^,\s]+)/;

function buildTrail(requestId: string, lines: readonly SourcedExecution[]): ExecutionTrail {
  let messages = lines.map((l) => l.line.message);
  if (messages.length > MAX_TRAIL_MESSAGES) {
    messages = [...messages.slice(0, MAX_TRAIL_MESSAGES / 2), ...messages.slice(-MAX_TRAIL_MESSAGES / 2)];
  }
  const fromGroup = executionLogGroupApi(lines[0]?.source.logGroup);
  let apiId = fromGroup?.apiId;
  let stage = fromGroup?.stage;
  let httpMethod: string | undefined;
  let resourcePath: string | undefined;
  let timeMs: number | undefined;
  for (const { line } of lines) {
    if (timeMs === undefined && line.timeMs) timeMs = line.timeMs;
    const method = line.message.startsWith('HTTP Method: ') ? HTTP_METHOD_LINE.exec(line.message) : null;
    if (method) {
      httpMethod = method[1];
      resourcePath = method[2];
    }
    // Only read while the api is unknown (an execution log group already names it), and only from
    // messages holding the phrase, so long bodies are not scanned for nothing.
    if (apiId === undefined) {
      const apiStage =
        (line.message.includes('API Stage: ') ? API_STAGE.exec(line.message) : null) ??
        (line.message.includes('for RestApi ') ? THROTTLE_API_STAGE.exec(line.message) : null);
      if (apiStage) {
        apiId = apiStage[1];
        stage = apiStage[2];
      }
    }
  }
  return {
    requestId,
    anonymous: requestId.startsWith('no-id:'),
    messages,
    timeMs,
    apiId,
    stage,
    httpMethod,
    resourcePath,
  };
}

/**
 * One record per request: access lines keyed by requestId (or extendedRequestId), execution lines
 * grouped by their request id and attached to the access record with the same id. An access line
 * without any id stays a request of its own.
 */
export function joinRequests(
  accessLines: readonly SourcedAccess[],
  executionLines: readonly SourcedExecution[],
): RequestRecord[] {
  const byTrail = new Map<string, SourcedExecution[]>();
  for (const entry of executionLines) {
    const id = entry.line.requestId ?? 'no-id';
    const list = byTrail.get(id);
    if (list) list.push(entry);
    else byTrail.set(id, [entry]);
  }

  const records: RequestRecord[] = [];
  const seen = new Set<string>();
  let anonymous = 0;
  for (const { record, source } of accessLines) {
    const id = record.requestId ?? record.extendedRequestId;
    if (id !== undefined && seen.has(id)) continue; // the same line delivered twice is one request
    if (id !== undefined) seen.add(id);
    const trailId = [record.requestId, record.extendedRequestId].find(
      (k) => k !== undefined && byTrail.has(k),
    );
    const lines = trailId !== undefined ? byTrail.get(trailId) : undefined;
    if (trailId !== undefined) byTrail.delete(trailId);
    anonymous += id === undefined ? 1 : 0;
    records.push({
      requestId: id ?? `no-id:${source.name ?? source.logGroup ?? 'access'}#${anonymous}`,
      access: record,
      execution: lines && trailId !== undefined ? buildTrail(trailId, lines) : undefined,
      source,
    });
  }
  for (const [id, lines] of byTrail) {
    const first = lines[0];
    if (first === undefined) continue;
    records.push({ requestId: id, execution: buildTrail(id, lines), source: first.source });
  }
  return records;
}
