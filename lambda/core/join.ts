/** Joins access records and execution lines into one record per request, by request id. */
import { executionLogGroupApi } from './execution-log-group';
import {
  type AccessLogRecord,
  ANONYMOUS_ID_PREFIX,
  type ExecutionLogLine,
  type ExecutionTrail,
  type LogSource,
  type RequestRecord,
} from './types';

/** One batch's parsed lines with the source they came from. */
export interface SourcedLines {
  readonly source: LogSource;
  readonly access: readonly AccessLogRecord[];
  readonly execution: readonly ExecutionLogLine[];
}

/** The execution lines of one request, with the source of its first line (its log group names the API). */
interface TrailLines {
  readonly source: LogSource;
  readonly lines: ExecutionLogLine[];
  /** The extended request id its first line names, if read yet. */
  extendedId?: string;
  /**
   * True when its lines name two extended request ids: callers may set the request id themselves, so
   * two requests can share one, and their lines cannot be told apart.
   */
  mixed?: boolean;
}

/** Trails longer than this keep their first and last lines: the verdict is at the end. */
const MAX_TRAIL_MESSAGES = 400;

const HTTP_METHOD_LINE = /^HTTP Method: (\S+), Resource Path: (\S+)/;
/** A trail's first line names the extended request id, the only id some access-log formats log. */
const EXTENDED_ID_LINE = /^Extended Request Id: (\S+)/;
const API_STAGE = /API Stage: ([A-Za-z0-9]+)\/(\S+?)\.?(?:\s|$)/;
const THROTTLE_API_STAGE = /for RestApi ([A-Za-z0-9]+), Stage ([^,\s]+)/;

function buildTrail(requestId: string, { source, lines }: TrailLines): ExecutionTrail {
  let messages = lines.map((line) => line.message);
  if (messages.length > MAX_TRAIL_MESSAGES) {
    messages = [...messages.slice(0, MAX_TRAIL_MESSAGES / 2), ...messages.slice(-MAX_TRAIL_MESSAGES / 2)];
  }
  const fromGroup = executionLogGroupApi(source.logGroup);
  let apiId = fromGroup?.apiId;
  let stage = fromGroup?.stage;
  let httpMethod: string | undefined;
  let resourcePath: string | undefined;
  let timeMs: number | undefined;
  for (const line of lines) {
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
export function joinRequests(batches: readonly SourcedLines[]): RequestRecord[] {
  const byTrail = new Map<string, TrailLines>();
  const byExtendedId = new Map<string, string>();
  for (const { source, execution } of batches) {
    for (const line of execution) {
      const id = line.requestId ?? 'no-id';
      let trail = byTrail.get(id);
      if (trail) trail.lines.push(line);
      else {
        trail = { source, lines: [line] };
        byTrail.set(id, trail);
      }
      const extended = line.message.startsWith('Extended Request Id: ')
        ? EXTENDED_ID_LINE.exec(line.message)?.[1]
        : undefined;
      if (extended !== undefined) {
        byExtendedId.set(extended, id);
        if (trail.extendedId === undefined) trail.extendedId = extended;
        else if (trail.extendedId !== extended) trail.mixed = true;
      }
    }
  }

  const records: RequestRecord[] = [];
  const seen = new SeenIds();
  let anonymous = 0;
  for (const { source, access } of batches) {
    for (const record of access) {
      const id = record.requestId ?? record.extendedRequestId;
      // The same line delivered twice is one request. Callers may set the request id themselves
      // (x-amzn-RequestId), so two requests sharing one are told apart by their extended ids.
      if (id !== undefined && seen.repeats(id, record.extendedRequestId ?? '')) continue;
      // Most deliveries hold access lines only: no trail to look for.
      const trailId = byTrail.size > 0 ? trailIdOf(record, byTrail, byExtendedId) : undefined;
      const trail = trailId !== undefined ? byTrail.get(trailId) : undefined;
      if (trailId !== undefined) byTrail.delete(trailId);
      anonymous += id === undefined ? 1 : 0;
      records.push({
        requestId: id ?? `${ANONYMOUS_ID_PREFIX}${source.name ?? source.logGroup ?? 'access'}#${anonymous}`,
        access: record,
        execution: trail && trailId !== undefined ? buildTrail(trailId, trail) : undefined,
        source,
      });
    }
  }
  for (const [id, trail] of byTrail)
    records.push({ requestId: id, execution: buildTrail(id, trail), source: trail.source });
  return records;
}

/**
 * The (request id, extended id) pairs seen so far, as request id → its extended id, or all of them
 * once there are several: no key string is built per line.
 */
class SeenIds {
  private readonly byId = new Map<string, string | Set<string>>();

  /** Whether the pair was seen before; notes it if not. */
  repeats(id: string, extendedId: string): boolean {
    const known = this.byId.get(id);
    if (known === undefined) {
      this.byId.set(id, extendedId);
      return false;
    }
    if (known === extendedId) return true;
    if (typeof known === 'string') {
      this.byId.set(id, new Set([known, extendedId]));
      return false;
    }
    if (known.has(extendedId)) return true;
    known.add(extendedId);
    return false;
  }
}

/** The id under which an access record's execution lines were logged, if any were. */
function trailIdOf(
  record: AccessLogRecord,
  byTrail: ReadonlyMap<string, TrailLines>,
  byExtendedId: ReadonlyMap<string, string>,
): string | undefined {
  const extended = record.extendedRequestId;
  let id: string | undefined;
  if (record.requestId !== undefined && byTrail.has(record.requestId)) id = record.requestId;
  else if (extended !== undefined && byTrail.has(extended)) id = extended;
  else if (extended !== undefined) id = byExtendedId.get(extended);
  if (id === undefined || !byTrail.has(id)) return undefined;
  // A trail two requests share goes to one that failed, never to a success it would make look failed.
  if (byTrail.get(id)?.mixed && record.status !== undefined && record.status < 400) return undefined;
  return id;
}
