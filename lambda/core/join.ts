/** Joins access records and execution lines into one record per request, by request id. */
import { executionLogGroupApi } from './execution-log-group';
import {
  type AccessLogRecord,
  ANONYMOUS_ID_PREFIX,
  CHECKPOINT_EVERY,
  type Checkpoint,
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

/**
 * The execution lines of one request, read as they are grouped: the trail needs only their messages
 * and what a few of them name, so the lines are not walked a second time. A class so every trail has
 * all its fields from the start, in one order: added as lines named them, trails took several
 * shapes and addLine's reads of them turned polymorphic.
 */
class TrailLines {
  /** The source of its first line (its log group names the API). */
  readonly source: LogSource;
  readonly messages: string[] = [];
  /** The first time its lines carry. */
  timeMs: number | undefined = undefined;
  /** From the log group, else from the first line naming them. */
  apiId: string | undefined;
  stage: string | undefined;
  /** From the last `HTTP Method:` line. */
  httpMethod: string | undefined = undefined;
  resourcePath: string | undefined = undefined;
  /** The extended request id its first line names, if read yet. */
  extendedId: string | undefined = undefined;
  /**
   * True when its lines name two extended request ids: callers may set the request id themselves, so
   * two requests can share one, and their lines cannot be told apart.
   */
  mixed = false;

  constructor(source: LogSource, group: { readonly apiId: string; readonly stage: string } | undefined) {
    this.source = source;
    this.apiId = group?.apiId;
    this.stage = group?.stage;
  }
}

/** Trails longer than this keep their first and last lines: the verdict is at the end. */
const MAX_TRAIL_MESSAGES = 400;

export const HTTP_METHOD_LINE = /^HTTP Method: (\S+), Resource Path: (\S+)/;
/** A trail's first line names the extended request id, the only id some access-log formats log. */
export const EXTENDED_ID_LINE = /^Extended Request Id: (\S+)/;
export const API_STAGE = /API Stage: ([A-Za-z0-9]+)\/(\S+?)\.?(?:\s|$)/;
export const THROTTLE_API_STAGE = /for RestApi ([A-Za-z0-9]+), Stage ([^,\s]+)/;

/** Adds one line to its trail; returns the extended request id the line names, if it names one. */
function addLine(trail: TrailLines, line: ExecutionLogLine): string | undefined {
  const { message } = line;
  trail.messages.push(message);
  if (trail.timeMs === undefined && line.timeMs) trail.timeMs = line.timeMs;
  // Only read while the api is unknown (an execution log group already names it), and only from
  // messages holding the phrase, so long bodies are not scanned for nothing.
  if (trail.apiId === undefined) {
    const apiStage =
      (message.includes('API Stage: ') ? API_STAGE.exec(message) : null) ??
      (message.includes('for RestApi ') ? THROTTLE_API_STAGE.exec(message) : null);
    if (apiStage) {
      trail.apiId = apiStage[1];
      trail.stage = apiStage[2];
    }
  }
  // Dispatch on the first letter: nearly every line is neither of these.
  const first = message.charCodeAt(0);
  if (first === 72 /* H */) {
    // The pattern is anchored at the prefix: startsWith first would only add a call into the runtime
    // (a message is a slice of its line, which V8's startsWith does not read directly).
    const method = HTTP_METHOD_LINE.exec(message);
    if (method) {
      trail.httpMethod = method[1];
      trail.resourcePath = method[2];
    }
  } else if (first === 69 /* E */) {
    return EXTENDED_ID_LINE.exec(message)?.[1];
  }
  return undefined;
}

function buildTrail(requestId: string, trail: TrailLines): ExecutionTrail {
  let messages = trail.messages;
  if (messages.length > MAX_TRAIL_MESSAGES) {
    messages = [...messages.slice(0, MAX_TRAIL_MESSAGES / 2), ...messages.slice(-MAX_TRAIL_MESSAGES / 2)];
  }
  return {
    requestId,
    messages,
    timeMs: trail.timeMs,
    apiId: trail.apiId,
    stage: trail.stage,
    httpMethod: trail.httpMethod,
    resourcePath: trail.resourcePath,
  };
}

/**
 * One record per request: access lines keyed by requestId (or extendedRequestId), execution lines
 * grouped by their request id and attached to the access record with the same id. An access line
 * without any id stays a request of its own.
 */
export function joinRequests(batches: readonly SourcedLines[], checkpoint?: Checkpoint): RequestRecord[] {
  const byTrail = new Map<string, TrailLines>();
  const byExtendedId = new Map<string, string>();
  // Lines and records counted over the whole run, not per batch: a run of many small batches (a
  // directory of short files, an export of many deliveries) reaches its checkpoints too.
  let read = 0;
  for (const { source, execution } of batches) {
    const fromGroup = executionLogGroupApi(source.logGroup);
    // A request's lines come one after another: the trail of the line before is looked up once.
    let lastId: string | undefined;
    let lastTrail: TrailLines | undefined;
    for (let index = 0; index < execution.length; index++) {
      if (checkpoint !== undefined && ++read % CHECKPOINT_EVERY === 0) checkpoint();
      const line = execution[index] as ExecutionLogLine;
      const id = line.requestId ?? 'no-id';
      let trail = id === lastId ? lastTrail : byTrail.get(id);
      if (trail === undefined) {
        trail = new TrailLines(source, fromGroup);
        byTrail.set(id, trail);
      }
      lastId = id;
      lastTrail = trail;
      const extended = addLine(trail, line);
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
    for (let index = 0; index < access.length; index++) {
      if (checkpoint !== undefined && ++read % CHECKPOINT_EVERY === 0) checkpoint();
      const record = access[index] as AccessLogRecord;
      const id = record.requestId ?? record.extendedRequestId;
      // The same line delivered twice is one request. Callers may set the request id themselves
      // (x-amzn-RequestId), so lines sharing one are compared before one is dropped as a copy.
      if (id !== undefined && seen.repeats(id, record)) continue;
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
  // `access: undefined` rather than no key: every record has one shape for classify to read.
  for (const [id, trail] of byTrail) {
    if (checkpoint !== undefined && (records.length + 1) % CHECKPOINT_EVERY === 0) checkpoint();
    records.push({
      requestId: id,
      access: undefined,
      execution: buildTrail(id, trail),
      source: trail.source,
    });
  }
  return records;
}

/**
 * The access records seen so far by id: the record itself while an id has one (most ids: no key
 * string or index is built for them), then an index of all of them (SeenIndex).
 */
class SeenIds {
  private readonly byId = new Map<string, AccessLogRecord | SeenIndex>();

  /** Whether the record copies one seen before under the same id; notes it if not. */
  repeats(id: string, record: AccessLogRecord): boolean {
    const known = this.byId.get(id);
    if (known === undefined) {
      this.byId.set(id, record);
      return false;
    }
    if (known instanceof SeenIndex) {
      if (known.copies(record)) return true;
      known.add(record);
      return false;
    }
    if (sameLine(known, record)) return true;
    const index = new SeenIndex();
    index.add(known);
    index.add(record);
    this.byId.set(id, index);
    return false;
  }
}

/** The records of one id logged in one second with one status, by extended id. */
interface SameSecondAndStatus {
  readonly byExtendedId: Map<string, AccessLogRecord[]>;
  readonly withoutExtendedId: AccessLogRecord[];
}

/**
 * The records that share one request id (a client that sets x-amzn-RequestId may send the same on
 * every call), indexed so that a line is compared only with those it could copy: the same second and
 * status, and the same extended id or none. Records without a time or status (pasted text has no
 * event time) are indexed by extended id alike; one of them is compared with every bucket, and every
 * line with them.
 */
class SeenIndex {
  private readonly buckets = new Map<string, SameSecondAndStatus>();
  /** Records without a time or status (pasted text has no event time): any line may copy them. */
  private readonly loose: SameSecondAndStatus = { byExtendedId: new Map(), withoutExtendedId: [] };

  copies(record: AccessLogRecord): boolean {
    if (copiedIn(this.loose, record)) return true;
    const key = bucketKey(record);
    if (key === undefined) {
      for (const bucket of this.buckets.values()) if (copiedIn(bucket, record)) return true;
      return false;
    }
    const bucket = this.buckets.get(key);
    return bucket !== undefined && copiedIn(bucket, record);
  }

  add(record: AccessLogRecord): void {
    const key = bucketKey(record);
    let bucket = key === undefined ? this.loose : this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { byExtendedId: new Map(), withoutExtendedId: [] };
      this.buckets.set(key as string, bucket);
    }
    const extended = record.extendedRequestId;
    if (extended === undefined) {
      bucket.withoutExtendedId.push(record);
      return;
    }
    const same = bucket.byExtendedId.get(extended);
    if (same === undefined) bucket.byExtendedId.set(extended, [record]);
    else same.push(record);
  }
}

/** A record's second and status, the fields sameLine compares that nearly every line logs. */
function bucketKey(record: AccessLogRecord): string | undefined {
  if (record.timeMs === undefined || record.status === undefined) return undefined;
  return `${Math.floor(record.timeMs / 1000)} ${record.status}`;
}

function copiedIn(bucket: SameSecondAndStatus, record: AccessLogRecord): boolean {
  if (anyCopied(bucket.withoutExtendedId, record)) return true;
  const extended = record.extendedRequestId;
  if (extended !== undefined) return anyCopied(bucket.byExtendedId.get(extended), record);
  for (const same of bucket.byExtendedId.values()) if (anyCopied(same, record)) return true;
  return false;
}

function anyCopied(records: readonly AccessLogRecord[] | undefined, record: AccessLogRecord): boolean {
  if (records !== undefined) for (const other of records) if (sameLine(other, record)) return true;
  return false;
}

/**
 * Whether two records with one id can be one line read twice: nothing both log differs. The same
 * line may come in two formats (two inputs, two log groups), so a field only one logs tells nothing.
 * The time is compared to the second: one format may log `requestTime`, the other its epoch in ms.
 */
function sameLine(a: AccessLogRecord, b: AccessLogRecord): boolean {
  return (
    agrees(a.status, b.status) &&
    agrees(a.extendedRequestId, b.extendedRequestId) &&
    agrees(a.httpMethod, b.httpMethod) &&
    (a.timeMs === undefined ||
      b.timeMs === undefined ||
      Math.floor(a.timeMs / 1000) === Math.floor(b.timeMs / 1000))
  );
}

const agrees = <T>(a: T | undefined, b: T | undefined) => a === undefined || b === undefined || a === b;

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
