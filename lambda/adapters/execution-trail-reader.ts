/**
 * Fetches the execution-log lines of an alert's sample requests: at most ONE FilterLogEvents call
 * per alert (no paging, no retries), so a storm of alerts cannot exhaust the account's
 * CloudWatch Logs quota. Any failure becomes a note in the alert; the alert itself always goes out.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { type TrailLookup, type TrailQuery, trailFilterPattern } from '../core/trail';

type LogsModule = typeof import('@aws-sdk/client-cloudwatch-logs');

/**
 * One client per container, loaded on the first alert that looks up trails (it stays out of every
 * cold start). No SDK retries: a throttled lookup is skipped, not repeated.
 */
let logs:
  | Promise<{ client: CloudWatchLogsClient; FilterLogEventsCommand: LogsModule['FilterLogEventsCommand'] }>
  | undefined;

function logsClient() {
  logs ??= import('@aws-sdk/client-cloudwatch-logs').then(
    ({ CloudWatchLogsClient, FilterLogEventsCommand }) => ({
      client: new CloudWatchLogsClient({ maxAttempts: 1 }),
      FilterLogEventsCommand,
    }),
  );
  return logs;
}

/** Events returned per call: enough for three short trails. */
const EVENT_LIMIT = 200;

/**
 * How long the one lookup may take, connecting included. The SDK's own socket timeout for
 * CloudWatch Logs is 5 minutes, past the function's timeout (60 s by default): a lookup left
 * unanswered held the alert until Lambda ended the invocation, and each retry the same way, so
 * the alert never went out. Trails are an extra; the alert goes out without them, saying why.
 */
const LOOKUP_TIMEOUT_MS = 5_000;

/**
 * Below this, the lookup is not made: no call to CloudWatch Logs answers in less (a round trip, TLS
 * and signing included), and an abort that fires before the request leaves would be reported as
 * CloudWatch Logs not answering, though it was never asked.
 */
const MIN_LOOKUP_MS = 50;

/** The caller's bound when the lookup is not worth starting, else undefined. */
function noTimeLeft(query: TrailQuery, leftMs: number): TrailLookup | undefined {
  // NaN included: a bound that is not a number leaves no time either.
  if (leftMs >= MIN_LOOKUP_MS) return undefined;
  return {
    kind: 'skipped',
    note: `skipped: the invocation had no time left for the FilterLogEvents lookup on ${query.logGroupName} (it must still publish the alert)`,
  };
}

/**
 * `timeoutMs`: the caller's bound (what its invocation can spare), when shorter than the reader's
 * own. The reader's own bound starts once the SDK is loaded (the first lookup of a container spends
 * a few hundred milliseconds importing it), the caller's when it called.
 */
export async function readExecutionTrails(
  query: TrailQuery,
  timeoutMs: number = LOOKUP_TIMEOUT_MS,
): Promise<TrailLookup> {
  const startedMs = Date.now();
  const none = noTimeLeft(query, timeoutMs);
  if (none !== undefined) return none;
  let boundMs = 0;
  let signal: AbortSignal | undefined;
  try {
    const { client, FilterLogEventsCommand } = await logsClient();
    const leftMs = Math.min(LOOKUP_TIMEOUT_MS, timeoutMs - (Date.now() - startedMs));
    const late = noTimeLeft(query, leftMs);
    if (late !== undefined) return late;
    // Whole milliseconds: AbortSignal.timeout throws on a fraction.
    boundMs = Math.floor(leftMs);
    signal = AbortSignal.timeout(boundMs);
    const result = await client.send(
      new FilterLogEventsCommand({
        logGroupName: query.logGroupName,
        filterPattern: trailFilterPattern(query.requestIds),
        startTime: query.startTimeMs,
        endTime: query.endTimeMs,
        limit: EVENT_LIMIT,
      }),
      { abortSignal: signal },
    );
    // A page may be empty while matching events remain behind its nextToken; with one call per
    // alert, say so rather than let the alert claim the samples have no lines.
    if ((result.events ?? []).length === 0 && result.nextToken) {
      return {
        kind: 'skipped',
        note: `skipped: the one FilterLogEvents page read on ${query.logGroupName} held none of the samples, and CloudWatch Logs had more pages to search (an alert reads one page)`,
      };
    }
    const events = (result.events ?? []).map((e, index) => ({
      id: e.eventId ?? String(index),
      timestamp: e.timestamp ?? 0,
      message: e.message ?? '',
    }));
    return { kind: 'events', events };
  } catch (error) {
    if (signal?.aborted === true) {
      return {
        kind: 'skipped',
        note: `skipped: CloudWatch Logs did not answer the FilterLogEvents lookup on ${query.logGroupName} within ${Math.round(boundMs / 100) / 10} s`,
      };
    }
    const name = error instanceof Error ? error.name : 'Error';
    if (name === 'ThrottlingException') {
      return {
        kind: 'skipped',
        note: 'skipped: CloudWatch Logs throttled the FilterLogEvents lookup (ThrottlingException)',
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    return {
      kind: 'skipped',
      note: `skipped: FilterLogEvents on ${query.logGroupName} failed (${name}: ${message})`,
    };
  }
}
