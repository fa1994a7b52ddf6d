/**
 * Sample execution-log trails for an alert: which log group to read, the FilterLogEvents pattern
 * for the sample ids, and the trail text per sample with secrets removed (the project's one
 * redaction rule set, core/redact.ts) before it leaves the account in an e-mail.
 */
import { executionLogGroupApi, executionLogGroupName } from './execution-log-group';
import { analyze } from './pipeline';
import { redact } from './redact';
import type { Cause } from './taxonomy';
import { headOf } from './text-head';
import { type LogEvent, UNKNOWN_SCOPE } from './types';

/** One FilterLogEvents lookup for an alert's sample requests. */
export interface TrailQuery {
  readonly logGroupName: string;
  readonly requestIds: readonly string[];
  readonly startTimeMs: number;
  readonly endTimeMs: number;
}

/** The events found, or why none were read (said in the alert instead of hidden). */
export type TrailLookup =
  | { readonly kind: 'events'; readonly events: readonly LogEvent[] }
  | { readonly kind: 'skipped'; readonly note: string };

/** The configured execution log group of this REST API stage, if the stack was given it. */
export function executionLogGroupFor(
  api: string,
  stage: string,
  configured: readonly string[],
): string | undefined {
  const wanted = executionLogGroupName(api, stage);
  return configured.find((group) => group === wanted);
}

/** Where an alert's sample trails are looked up, or why they are not (said in the alert). */
export type TrailLogGroup =
  | {
      readonly kind: 'group';
      readonly logGroupName: string;
      /**
       * True for the group the scope names; false for the sole configured group of a scope that names
       * none, which is the samples' stage's only when the lookup finds their trails there.
       */
      readonly ofScope: boolean;
    }
  | { readonly kind: 'note'; readonly note: string };

/**
 * The execution log group to look an alert's sample trails up in. A scope that names its API and
 * stage reads that stage's configured group. A scope that does not (an access format without
 * `$context.apiId` and `$context.stage`, as every console preset: the failures count under the
 * access log group's name and an unknown stage) names no group; when the stack reads exactly one
 * execution log group, the trails are looked up there: the lookup filters by the samples' request
 * ids, so whatever it finds is their own trail.
 */
export function trailLogGroupFor(api: string, stage: string, configured: readonly string[]): TrailLogGroup {
  const namesStage = stage !== UNKNOWN_SCOPE;
  // An API id is what an execution log group's name can hold; a log group name standing in is not.
  const namesApi =
    api !== UNKNOWN_SCOPE && executionLogGroupApi(executionLogGroupName(api, stage)) !== undefined;
  if (namesApi && namesStage) {
    const logGroupName = executionLogGroupFor(api, stage, configured);
    return logGroupName !== undefined
      ? { kind: 'group', logGroupName, ofScope: true }
      : {
          kind: 'note',
          note: `not read: add ${executionLogGroupName(api, stage)} to the CDK context key executionLogGroups to include sample trails`,
        };
  }
  const distinct = new Set(configured);
  if (distinct.size === 1) return { kind: 'group', logGroupName: [...distinct][0] as string, ofScope: false };
  // The scope's name is no execution log group's: say what is missing, never a group that cannot exist.
  const missing = [namesApi ? '' : '$context.apiId', namesStage ? '' : '$context.stage'].filter(Boolean);
  const unknownGroup =
    distinct.size === 0
      ? "the stage's execution log group is not known"
      : `it is not known which of the ${distinct.size} execution log groups this stack reads is the stage's`;
  const them = missing.length > 1 ? 'them' : 'it';
  const subscribe =
    distinct.size === 0
      ? ", and the stage's execution log group to the CDK context key executionLogGroups"
      : '';
  return {
    kind: 'note',
    note: `not read: the access lines log no ${missing.join(' and ')}, so ${unknownGroup}; add ${them} to the access-log format (README "Recommended access-log format")${subscribe} to include sample trails`,
  };
}

/** A filter pattern matching events that contain any of the ids (`?"a" ?"b"`). */
export function trailFilterPattern(requestIds: readonly string[]): string {
  return requestIds.map((id) => `?"${id.replace(/["\\]/g, '')}"`).join(' ');
}

/** Lines kept per sample: the start (what was called) and the end (how it failed). */
const HEAD_LINES = 3;
const TAIL_LINES = 7;
const MAX_LINE_CHARS = 300;

/** A multi-line event (a pretty-printed response body) becomes one line of the trail. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

function shorten(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${headOf(line, MAX_LINE_CHARS)}…` : line;
}

/** Groups FilterLogEvents results into one redacted, bounded trail per sample id. */
export function trailsFromEvents(
  requestIds: readonly string[],
  events: readonly LogEvent[],
): Map<string, readonly string[]> {
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  const trails = new Map<string, readonly string[]>();
  for (const id of requestIds) {
    const prefix = `(${id}) `;
    const lines = sorted
      .filter((e) => e.message.includes(id))
      .map((e) => (e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message))
      .map((m) => shorten(redact(oneLine(m))));
    if (lines.length > HEAD_LINES + TAIL_LINES) {
      const omitted = lines.length - HEAD_LINES - TAIL_LINES;
      trails.set(id, [
        ...lines.slice(0, HEAD_LINES),
        `… ${omitted} more lines …`,
        ...lines.slice(-TAIL_LINES),
      ]);
    } else {
      trails.set(id, lines);
    }
  }
  return trails;
}

/** What one sample's execution-log trail names on its own: a cause and the texts that decided it. */
export interface TrailCause {
  readonly cause: Cause;
  readonly evidence: readonly string[];
}

/**
 * The cause each sample's trail names, classified by the same pipeline as every delivery: an access
 * line that logs only the status counts its request as unknown.*, while the execution log the alert
 * looked up for it may name the cause. Run once per alert on the lookup's events, never per line.
 * Samples whose trail names no failure are left out.
 */
export function trailCausesFromEvents(
  logGroupName: string,
  requestIds: readonly string[],
  events: readonly LogEvent[],
): Map<string, TrailCause> {
  const wanted = new Set(requestIds);
  const causes = new Map<string, TrailCause>();
  if (events.length === 0) return causes;
  const { failures } = analyze([{ source: { logGroup: logGroupName }, events }]);
  for (const failure of failures) {
    if (wanted.has(failure.requestId) && !causes.has(failure.requestId)) {
      causes.set(failure.requestId, { cause: failure.cause, evidence: failure.evidence });
    }
  }
  return causes;
}
