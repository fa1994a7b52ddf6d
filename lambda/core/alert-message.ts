/**
 * The SNS alert, built from plain facts: a per-protocol JSON message (`default`, `email`, `sms`),
 * a subject and message attributes subscribers can filter on. The e-mail says plainly what the
 * client saw and what really happened, because a masked cause (a throttled Lambda reported as a
 * 502) is exactly what status-code alarms get wrong.
 */
import type { CountedFailure } from './aggregate';
import { STATUS_TEXT } from './http-status';
import { redactRoute } from './redact';
import { type RouteCount, routeLabel, topRoutes } from './routes';
import { groupStatusOnlyAdvice, isStatusOnlyCause, listed, taxonomyFields } from './status-only-advice';
import { CAUSES, type Cause, SEVERITY_GROUP, typicalStatusText } from './taxonomy';
import { headOf, printableAscii } from './text-head';
import { type AlertSubject, ERROR_RATE } from './thresholds';
import type { TrailCause } from './trail';
import { type StatusOnlyAdviceParts, UNKNOWN_SCOPE } from './types';

export const ALERT_KIND = {
  alert: 'alert',
  escalation: 'escalation',
  resolved: 'resolved',
} as const;
export type AlertKind = (typeof ALERT_KIND)[keyof typeof ALERT_KIND];

/** SNS `severity` attribute: subscribers filter on it (e.g. SMS only for critical). */
export const SEVERITY = {
  critical: 'critical',
  warning: 'warning',
  info: 'info',
} as const;
export type Severity = (typeof SEVERITY)[keyof typeof SEVERITY];

/**
 * The alerts topic's display name: e-mails come from it, and SNS puts it, upper-cased and followed
 * by "> ", before every SMS it sends from the topic (SNS developer guide: display name MyTopic and
 * message "Hello World!" arrive as "MYTOPIC> Hello World!"). It names the sender, so the SMS text
 * does not name it again. SNS takes only its first ten characters for the SMS (AWS Mobile SDK for
 * Xamarin developer guide, "Send and Receive SMS Notifications"), so it has at most ten: a longer
 * one would arrive cut ("API GATEWA> ").
 */
export const ALERTS_TOPIC_DISPLAY_NAME = 'API Errors';
/** How much of the display name SNS puts before an SMS. */
const SMS_DISPLAY_NAME_CHARS = 10;
export const SMS_TOPIC_PREFIX = `${ALERTS_TOPIC_DISPLAY_NAME.slice(0, SMS_DISPLAY_NAME_CHARS).toUpperCase()}> `;
/** One SMS segment of GSM-7 text holds 160 septets; a longer SMS is sent, and billed, as several. */
export const SMS_SEGMENT_CHARS = 160;
/** What the alert's own SMS text may take of one segment, after SNS's prefix. */
export const SMS_MAX_CHARS = SMS_SEGMENT_CHARS - SMS_TOPIC_PREFIX.length;
/** SNS e-mail subjects must be under 100 characters. */
export const SUBJECT_MAX_CHARS = 99;
const MAX_SAMPLES = 3;
const MAX_ROUTES = 3;
/**
 * SNS refuses a Publish whose message and attributes (names, types and values) pass 256 KiB, on
 * every retry alike (400 InvalidParameter "Message too long"; the SNS developer guide's message
 * attributes page). The e-mail echoes values from the log lines, which may hold 256 KiB each.
 */
export const SNS_MESSAGE_MAX_BYTES = 256 * 1024;
/**
 * Longest attribute value sent, so the e-mail keeps room under that limit: far beyond any real name
 * (an API id has 10 characters, a stage 128, a log group standing in for the API 512).
 */
const ATTRIBUTE_MAX_CHARS = 16 * 1024;

/**
 * An API or stage name as a message attribute, which subscription filter policies match: SNS
 * documents a String attribute as printable ASCII, never empty (API reference,
 * MessageAttributeValue), and delivers one with a tab to no SQS queue (aws/aws-sdk-java-v2#5828).
 * Half a surrogate pair, left by a misread custom field, is worse: the SDK's query serializer throws
 * URIError on it on every retry, and sends its half-built form in the container's next Publish. Real
 * names (an API id, a stage) are printable ASCII and pass unchanged.
 */
function attributeName(name: string): string {
  return printableAscii(name, ATTRIBUTE_MAX_CHARS, UNKNOWN_SCOPE);
}
const CUT_NOTE =
  "\n… (cut here: SNS takes at most 256 KiB per message; the analyzer's log has a line per failed request)";

interface SampleRequest {
  readonly requestId: string;
  readonly method?: string;
  readonly route?: string;
  readonly clientStatus: number | null;
  readonly evidence: readonly string[];
  /** The request's own advice: for a status-only cause it names what that request's line lacks. */
  readonly advice?: string;
  /** What that advice was built from (status-only causes): the group's is built from these. */
  readonly adviceParts?: StatusOnlyAdviceParts;
}

/** What this delivery saw of the incident: statuses, routes and sample requests. */
export interface DeliveryEvidence {
  readonly clientStatuses: readonly number[];
  readonly maskedStatuses: readonly number[];
  readonly topRoutes: readonly RouteCount[];
  readonly samples: readonly SampleRequest[];
}

export const NO_EVIDENCE: DeliveryEvidence = {
  clientStatuses: [],
  maskedStatuses: [],
  topRoutes: [],
  samples: [],
};

/** Statuses, top routes and up to three samples of one cause in one API + stage + window. */
export function evidenceFor(
  counted: readonly CountedFailure[],
  scope: { readonly api: string; readonly stage: string; readonly windowStartMs: number },
  cause: Cause,
): DeliveryEvidence {
  const matching = counted.filter(
    (c) =>
      c.api === scope.api &&
      c.stage === scope.stage &&
      c.windowStartMs === scope.windowStartMs &&
      c.failure.cause === cause,
  );
  const statuses = new Set<number>();
  const maskedStatuses = new Set<number>();
  for (const { failure } of matching) {
    if (failure.clientStatus !== null) {
      statuses.add(failure.clientStatus);
      if (failure.masked) maskedStatuses.add(failure.clientStatus);
    }
  }
  // A format that logs the request's own path (`$context.path`) instead of its resource or route
  // logs whatever token the caller put in it: the route is redacted like evidence before it leaves.
  const routeOf = (route: string | undefined) => (route === undefined ? undefined : redactRoute(route));
  const samples = matching.slice(0, MAX_SAMPLES).map(({ failure }) => ({
    requestId: failure.requestId,
    method: failure.method,
    route: routeOf(failure.route),
    clientStatus: failure.clientStatus,
    evidence: failure.evidence,
    advice: failure.advice,
    adviceParts: failure.adviceParts,
  }));
  const byNumber = (a: number, b: number) => a - b;
  return {
    clientStatuses: [...statuses].sort(byNumber),
    maskedStatuses: [...maskedStatuses].sort(byNumber),
    topRoutes: topRoutes(
      matching.map(({ failure }) => ({ method: failure.method, route: routeOf(failure.route) })),
      MAX_ROUTES,
    ),
    samples,
  };
}

export interface AlertFacts {
  readonly kind: AlertKind;
  readonly api: string;
  readonly stage: string;
  readonly windowStartMs: number;
  readonly windowMinutes: number;
  readonly subject: AlertSubject;
  /** The cause alerted on; for an error-rate alert, the window's dominant cause. */
  readonly cause: Cause;
  /** Failures of the cause in the window (all failures for an error-rate alert). */
  readonly count: number;
  /** Masked failures of the cause in the window. */
  readonly masked: number;
  /** A count, or for the error rate a percentage. */
  readonly threshold: number;
  /** Requests counted from access logs in the window. */
  readonly requests: number;
  /** For the error rate: failures of the dominant cause. */
  readonly causeCount?: number;
  /** For an escalation or resolution: the count the alert fired at. */
  readonly alertCount?: number;
  /**
   * The length of the window the alert counted `alertCount` in, when known: a deploy may have
   * changed WindowMinutes since, and escalation then compares rates.
   */
  readonly alertWindowMinutes?: number;
  /**
   * For an error-rate resolution: true when the rate is no longer judged (the access-log filter no
   * longer passes every request), so the incident closes without having seen the rate go under its
   * threshold.
   */
  readonly rateNotJudged?: boolean;
  /** For a resolution: the first window start that may raise a new alert (the cooldown's end). */
  readonly cooldownUntilMs?: number;
  readonly evidence: DeliveryEvidence;
  /** Execution-log trail per sample request id. */
  readonly trails: ReadonlyMap<string, readonly string[]>;
  /** Why trails are missing (not configured, throttled …), said in the message instead of hidden. */
  readonly trailNote?: string;
  /**
   * The cause each sample's trail names on its own (trailCausesFromEvents), by sample request id.
   * An access line that logs only the status counts its request as unknown.*; its trail may say why.
   */
  readonly trailCauses?: ReadonlyMap<string, TrailCause>;
  /** The stage's execution log group, when the stack reads it (the trails are looked up there). */
  readonly executionLogGroup?: string;
  /** The analyzer function's log group, for the Logs Insights query. */
  readonly analyzerLogGroup?: string;
}

export interface AlertAttributes {
  readonly severity: Severity;
  readonly cause: Cause;
  readonly api: string;
  readonly stage: string;
  readonly kind: AlertKind;
}

export interface AlertMessage {
  readonly subject: string;
  readonly email: string;
  readonly sms: string;
  /** The SNS Message for MessageStructure "json". */
  readonly message: string;
  readonly attributes: AlertAttributes;
}

const SEVERITY_ORDER: readonly Severity[] = [SEVERITY.info, SEVERITY.warning, SEVERITY.critical];

/**
 * critical: clients get 5xx (the server group, and backend throttling API Gateway reports as
 * 5xx); warning: other limits; info: client mistakes. An error-rate alert is at least a warning,
 * an escalation one level louder than its alert, a resolution info.
 */
export function severityOf(kind: AlertKind, subject: AlertSubject, cause: Cause): Severity {
  if (kind === ALERT_KIND.resolved) return SEVERITY.info;
  const info = CAUSES[cause];
  let level: Severity =
    info.group === SEVERITY_GROUP.server ||
    (info.group === SEVERITY_GROUP.limit && info.typicalStatus.some((s) => s >= 500))
      ? SEVERITY.critical
      : info.group === SEVERITY_GROUP.limit
        ? SEVERITY.warning
        : SEVERITY.info;
  if (subject === ERROR_RATE && level === SEVERITY.info) level = SEVERITY.warning;
  if (kind === ALERT_KIND.escalation) {
    level = SEVERITY_ORDER[Math.min(SEVERITY_ORDER.indexOf(level) + 1, SEVERITY_ORDER.length - 1)] ?? level;
  }
  return level;
}

function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

function windowText(facts: AlertFacts): { start: string; end: string; day: string } {
  const endMs = facts.windowStartMs + facts.windowMinutes * 60_000;
  return {
    start: hhmm(facts.windowStartMs),
    end: hhmm(endMs),
    day: new Date(facts.windowStartMs).toISOString().slice(0, 10),
  };
}

function statusList(statuses: readonly number[]): string {
  return statuses.map((s) => (STATUS_TEXT[s] ? `${s} ${STATUS_TEXT[s]}` : String(s))).join(' or ');
}

/** One decimal at most, without float noise: 7.000000000000001 → "7", 6.25 → "6.3". */
function percent(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function ratePercentOf(facts: AlertFacts): number {
  return facts.requests > 0 ? (facts.count / facts.requests) * 100 : 0;
}

const DELIVERY_WITHOUT = 'the delivery that raised this alert';

/** A cause the sample's trail names that the alert's own cause does not say: shown beside the sample. */
function trailCauseOf(facts: AlertFacts, requestId: string): TrailCause | undefined {
  const named = facts.trailCauses?.get(requestId);
  return named === undefined || isStatusOnlyCause(named.cause) || named.cause === facts.cause
    ? undefined
    : named;
}

/**
 * What the sampled trails name, for an alert on a status-only cause: each named cause with how many
 * samples' trails name it, most first, and how many samples there were. Undefined when none names one.
 */
function trailFindings(
  facts: AlertFacts,
): { readonly named: number; readonly of: number; readonly causes: readonly [Cause, number][] } | undefined {
  if (facts.kind === ALERT_KIND.resolved || !isStatusOnlyCause(facts.cause)) return undefined;
  const counts = new Map<Cause, number>();
  let named = 0;
  for (const sample of facts.evidence.samples) {
    const found = trailCauseOf(facts, sample.requestId);
    if (found === undefined) continue;
    named += 1;
    counts.set(found.cause, (counts.get(found.cause) ?? 0) + 1);
  }
  if (named === 0) return undefined;
  // A stable sort: causes named equally often keep the samples' order.
  const causes = [...counts].sort((a, b) => b[1] - a[1]);
  return { named, of: facts.evidence.samples.length, causes };
}

/** "The execution logs of 3 of 3 sampled requests name the cause: backend throttled (limit.backend)." */
function trailFindingSentence(facts: AlertFacts): string | undefined {
  const found = trailFindings(facts);
  if (found === undefined) return undefined;
  const of = `The execution logs of ${found.named} of ${found.of} sampled requests`;
  const [first] = found.causes;
  if (found.causes.length === 1 && first !== undefined) {
    return `${of} name the cause: ${CAUSES[first[0]].title} (${first[0]}).`;
  }
  const each = found.causes.map(([cause, n]) => `${CAUSES[cause].title} (${cause}) in ${n}`).join(', ');
  return `${of} name causes: ${each}.`;
}

/**
 * The failures of the cause the masked count is a share of: for an error rate, its dominant cause's
 * (`masked` is that cause's), not every failure in the window.
 */
function causeFailures(facts: AlertFacts): number {
  return facts.subject === ERROR_RATE ? (facts.causeCount ?? facts.count) : facts.count;
}

/** One plain sentence: what the client saw, what really happened, and whether the status hid it. */
export function causeSentence(facts: AlertFacts): string {
  const { title } = CAUSES[facts.cause];
  const of = causeFailures(facts);
  const named = `${title} (${facts.cause})`;
  // Its own closing period goes: the sentence puts one after it ("Rate Exceeded." read "Rate Exceeded..").
  const detail = facts.evidence.samples[0]?.evidence[0]?.replace(/\.+$/, '');
  const withDetail = detail ? `${named}: ${detail}` : named;
  const seen =
    facts.evidence.maskedStatuses.length > 0 ? facts.evidence.maskedStatuses : facts.evidence.clientStatuses;
  if (isStatusOnlyCause(facts.cause)) return statusOnlySentence(facts, seen);
  // The threshold may be reached by a delivery without any of these failures (a rate alert raised
  // by the successes that reached MinRequests): their statuses were logged, just not here.
  if (facts.evidence.samples.length === 0 && seen.length === 0) {
    const absent = `None of these failures came in ${DELIVERY_WITHOUT}, so their statuses are not shown.`;
    // The masked count is the counters', not this delivery's: it may be a share of the window.
    const share = facts.masked < of ? ` (${facts.masked} of ${of} masked)` : '';
    return facts.masked > 0
      ? `The real cause is ${named}, masked behind a status of another kind${share}. ${absent}`
      : `The cause is ${named}. ${absent}`;
  }
  if (facts.masked > 0 && facts.evidence.maskedStatuses.length === 0 && seen.length > 0) {
    // The window's masked failures came in other deliveries: this one's statuses hide nothing.
    return `Clients saw ${statusList(seen)}, and that is the real cause: ${withDetail}. ${facts.masked} of the ${of} in the window were masked behind a status of another kind, which status-code alarms see as a different problem.`;
  }
  if (facts.masked > 0) {
    const share = facts.masked < of ? ` (${facts.masked} of ${of} masked)` : '';
    const plainly = ' The status masks it: status-code alarms see a different problem.';
    if (seen.length > 0) {
      return `Clients saw ${statusList(seen)}; the real cause is ${withDetail}${share}.${plainly}`;
    }
    return `The real cause is ${withDetail}, masked behind a status of another kind${share}.`;
  }
  if (seen.length > 0) return `Clients saw ${statusList(seen)}, and that is the real cause: ${withDetail}.`;
  return `The cause is ${withDetail} (the client status was not logged).`;
}

/**
 * For a status-only cause the status is all the counted logs say: it is not the cause, which is not
 * known from them (the sampled trails may name it, said above this sentence).
 */
function statusOnlySentence(facts: AlertFacts, seen: readonly number[]): string {
  const { title } = CAUSES[facts.cause];
  const notKnown = `the cause is not known (${title}, ${facts.cause})`;
  if (facts.evidence.samples.length === 0 && seen.length === 0) {
    return `The logs show only the status of these failures, so ${notKnown}. None of these failures came in ${DELIVERY_WITHOUT}, so their statuses are not shown.`;
  }
  const saw = seen.length > 0 ? `Clients saw ${statusList(seen)}; the logs` : 'The logs';
  if (trailFindings(facts) !== undefined) {
    return `${saw} these failures were counted from show only that status, so they count as ${title} (${facts.cause}).`;
  }
  return `${saw} show only that status, so ${notKnown}.`;
}

/**
 * The taxonomy's advice, except for a status-only cause. There the samples' own advice says what the
 * stage's access-log format lacks, when every sample's says the same; samples that differ (two
 * formats, two statuses) get advice built from all their parts (groupStatusOnlyAdvice), since one
 * request's is not the incident's. On a stage whose execution logs the stack already reads, enabling
 * them would change nothing: only the access-log fields the samples lack are asked for, taken from
 * their advice's parts, not its text.
 */
function adviceFor(facts: AlertFacts): string {
  const info = CAUSES[facts.cause];
  if (!isStatusOnlyCause(facts.cause)) return info.advice;
  if (facts.executionLogGroup === undefined)
    return groupStatusOnlyAdvice(facts.cause, facts.evidence.samples);
  const [first, ...others] = facts.evidence.samples;
  const agreed = first !== undefined && others.every((s) => s.advice === first.advice) ? first : undefined;
  const trails = facts.trailCauses !== undefined ? ' (see the sample trails below)' : '';
  const reads = `This stack already reads the stage's execution logs${trails}`;
  const parts = agreed?.adviceParts;
  const fields = parts?.lacking ?? taxonomyFields(facts.cause);
  const known =
    parts?.known ??
    (agreed !== undefined
      ? `Only the ${typicalStatusText(info)} status is logged where these failures were counted.`
      : 'The access log names no cause for these failures.');
  if (fields.length === 0) return `${known} ${reads}; look there, and in the backend's own logs.`;
  return `${known} ${reads}; add ${listed(fields)} to the access-log format (README "Recommended access-log format") so the function can count the real cause.`;
}

/**
 * The count an escalated alert fired at, with its window's length when a deploy changed
 * WindowMinutes since: "alert at 20 in 15 min" beside 14 in a 1-minute window, ten times its rate.
 * An error rate's alert fired at a number of failed requests: "failed" says so, since beside
 * "60% errors" a bare "alert at 60" reads as 60 %.
 */
function alertAt(facts: AlertFacts): string {
  const count = `${facts.alertCount ?? '?'}${facts.subject === ERROR_RATE ? ' failed' : ''}`;
  const minutes = facts.alertWindowMinutes;
  return minutes === undefined || minutes === facts.windowMinutes ? count : `${count} in ${minutes} min`;
}

function headline(facts: AlertFacts): string {
  const w = windowText(facts);
  const where = `API ${facts.api} stage ${facts.stage}`;
  const { title } = CAUSES[facts.cause];
  const when = `${w.start}-${w.end} UTC`;
  if (facts.kind === ALERT_KIND.resolved) {
    if (facts.rateNotJudged === true)
      return `RESOLVED: ${where}: error rate no longer judged in the window ${when}: the access-log filter no longer passes every request (JUDGE_ERROR_RATE=false), so the rate is not measured; per-cause thresholds still alert.`;
    const what = facts.subject === ERROR_RATE ? `error rate` : `${title} (${facts.cause})`;
    const limit = facts.subject === ERROR_RATE ? `${facts.threshold}%` : String(facts.threshold);
    return `RESOLVED: ${where}: ${what} stayed under ${limit} in the window ${when}.`;
  }
  const prefix = facts.kind === ALERT_KIND.escalation ? `ESCALATED (alert fired at ${alertAt(facts)}): ` : '';
  if (facts.subject === ERROR_RATE) {
    return `${prefix}${where}: ${percent(ratePercentOf(facts))}% of requests failed (${facts.count} of ${facts.requests}) in ${when}, mostly ${title} (${facts.cause}).`;
  }
  const statuses = facts.evidence.maskedStatuses.join('/');
  const share = facts.masked < facts.count ? `${facts.masked} of them ` : '';
  const masked = facts.masked > 0 ? `, ${share}masked${statuses ? ` as ${statuses}` : ''},` : '';
  return `${prefix}${where}: ${facts.count} requests failed with ${title} (${facts.cause})${masked} in ${when}.`;
}

/** A ready Logs Insights query over the analyzer's own `failed-request` log lines. */
export function insightsQuery(facts: Pick<AlertFacts, 'api' | 'stage' | 'subject' | 'cause'>): string {
  const q = (s: string) => JSON.stringify(s);
  const causeFilter = facts.subject === ERROR_RATE ? '' : ` and cause = ${q(facts.cause)}`;
  return [
    `filter type = "failed-request" and api = ${q(facts.api)} and stage = ${q(facts.stage)}${causeFilter}`,
    `| stats count(*) as failures by cause, clientStatus, route`,
    `| sort failures desc`,
  ].join('\n');
}

/**
 * Flap protection: after a resolution, a new breach still inside the alert's cooldown raises no
 * alert. A reader of "resolved" would expect the next incident to page, so the e-mail says until when.
 */
function cooldownNote(facts: AlertFacts): string | undefined {
  const nextWindowMs = facts.windowStartMs + facts.windowMinutes * 60_000;
  if (facts.cooldownUntilMs === undefined || facts.cooldownUntilMs <= nextWindowMs) return undefined;
  const until = new Date(facts.cooldownUntilMs).toISOString();
  return `Cooldown: a new breach of this threshold in a later window starting before ${until.slice(0, 10)} ${until.slice(11, 16)} UTC sends no alert (CooldownMinutes after the alert); watch the dashboard until then.`;
}

/** Marks a trail line that is one of the sample's evidence texts; the trail's other lines are indented. */
const EVIDENCE_MARK = '  ▶ ';
const TRAIL_INDENT = '    ';
/** A piece of evidence shorter than this ("429") could be in any line: it marks none. */
const MIN_MATCH_CHARS = 12;

/** Whitespace as clip folds it, so a trail line and the evidence cut from it compare alike. */
function folded(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * True when `line` is where `evidence` came from. Evidence is the message cut to 200 characters
 * ("…" at the end) or an excerpt around the match ("head …tail"); the trail line is the message cut
 * to 300 characters. Each piece between cuts must be in the line in order, except that the line's
 * own cut may end it inside the last piece it reaches.
 */
function isEvidenceLine(line: string, evidence: string): boolean {
  const pieces = folded(evidence)
    .split('…')
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '');
  if (pieces.length === 0 || pieces.every((piece) => piece.length < MIN_MATCH_CHARS)) return false;
  const cut = line.endsWith('…');
  const text = folded(cut ? line.slice(0, -1) : line);
  let from = 0;
  for (const piece of pieces) {
    const at = text.indexOf(piece, from);
    if (at >= 0) {
      from = at + piece.length;
      continue;
    }
    // The line's cut may fall inside this piece: the rest of the line must then start it.
    if (!cut) return false;
    for (let start = from; start <= text.length - MIN_MATCH_CHARS; start++) {
      if (piece.startsWith(text.slice(start))) return true;
    }
    return false;
  }
  return true;
}

/**
 * The sample's trail under a header that says which lines are its evidence, so a line such as
 * "Malformed Lambda proxy response" in a throttled invoke's trail is not read as the cause.
 */
function trailLines(trail: readonly string[], evidence: readonly string[]): string[] {
  if (trail.length === 0) return [];
  const marked = trail.map((line) => evidence.some((text) => isEvidenceLine(line, text)));
  const header = marked.includes(true)
    ? '  trail (▶ = evidence):'
    : '  trail (the evidence above is not in it):';
  return [header, ...trail.map((line, i) => `${marked[i] ? EVIDENCE_MARK : TRAIL_INDENT}${line}`)];
}

function emailBody(facts: AlertFacts): string {
  const w = windowText(facts);
  const info = CAUSES[facts.cause];
  const lines: string[] = [headline(facts), ''];
  const found = trailFindingSentence(facts);
  if (found !== undefined) lines.push(found, '');
  if (facts.kind !== ALERT_KIND.resolved) lines.push(causeSentence(facts), '');
  if (facts.rateNotJudged === true) {
    lines.push(`Failures counted in the window: ${facts.count}; no request total, so no rate.`);
  } else if (facts.subject === ERROR_RATE) {
    // A resolution may speak of a window without traffic, or without failures: it has no rate, or
    // no dominant cause, to report.
    lines.push(
      facts.requests > 0
        ? `Error rate: ${percent(ratePercentOf(facts))}% (${facts.count} failed of ${facts.requests} requests); threshold ${facts.threshold}%.`
        : `Error rate: no requests counted in the window${facts.count > 0 ? ` (${facts.count} failed)` : ''}; threshold ${facts.threshold}%.`,
    );
    if (facts.count > 0)
      lines.push(`Dominant cause: ${facts.cause} with ${facts.causeCount ?? '?'} failures.`);
  } else {
    const masked = facts.masked > 0 ? `, ${facts.masked} masked` : '';
    const verb = facts.kind === ALERT_KIND.resolved ? 'stayed under' : 'threshold';
    lines.push(
      `Count: ${facts.count} in the window${masked}; ${verb} ${facts.threshold} (${info.group} errors).`,
    );
    if (facts.requests > 0) lines.push(`Requests in the window: ${facts.requests}.`);
  }
  lines.push(
    `Window: ${w.day} ${w.start}-${w.end} UTC (${facts.windowMinutes} min)`,
    `API: ${facts.api}`,
    `Stage: ${facts.stage}`,
  );
  // A rate no longer judged raises no new breach to hold back.
  const quietUntil =
    facts.kind === ALERT_KIND.resolved && facts.rateNotJudged !== true ? cooldownNote(facts) : undefined;
  if (quietUntil !== undefined) lines.push('', quietUntil);
  if (facts.kind !== ALERT_KIND.resolved) {
    const routes = facts.evidence.topRoutes.map((r) => `${r.route} (${r.count})`).join(', ');
    const noRoutes =
      facts.evidence.samples.length === 0 ? 'none of these failures came in this delivery' : 'not logged';
    lines.push(`Top routes (this delivery): ${routes || noRoutes}`);
    lines.push('', `Retry: ${info.retry}`, `Who fixes it: ${info.owner}`, `What to do: ${adviceFor(facts)}`);
    lines.push('', 'Sample requests:');
    if (facts.evidence.samples.length === 0) lines.push('  (none in this delivery)');
    for (const sample of facts.evidence.samples) {
      const route = routeLabel(sample);
      const status = sample.clientStatus === null ? 'status not logged' : `status ${sample.clientStatus}`;
      lines.push(`- ${sample.requestId}${route ? ` ${route}` : ''}, ${status}`);
      if (sample.evidence.length > 0) lines.push(`  evidence: ${sample.evidence.join('; ')}`);
      const named = trailCauseOf(facts, sample.requestId);
      if (named !== undefined) lines.push(`  trail names: ${CAUSES[named.cause].title} (${named.cause})`);
      const evidence = named === undefined ? sample.evidence : [...sample.evidence, ...named.evidence];
      for (const line of trailLines(facts.trails.get(sample.requestId) ?? [], evidence)) lines.push(line);
    }
    if (facts.trailNote) lines.push(`Execution-log trail: ${facts.trailNote}`);
  }
  const logGroup = facts.analyzerLogGroup || "the analyzer function's log group";
  // Insights ranges over the time a line was logged: the function logs a failure when it processes
  // its delivery, after the request (a replayed export, hours after), so the range may not end with
  // the window.
  lines.push(
    '',
    `Investigate in CloudWatch Logs Insights on ${logGroup}, time range from ${w.day} ${w.start} UTC to when this message was sent (the function logs each failure when it processes it, after the request):`,
    ...insightsQuery(facts)
      .split('\n')
      .map((l) => `  ${l}`),
  );
  return lines.join('\n');
}

/** Printable ASCII without the GSM-7 extension characters, so every character is one septet. */
const SMS_UNSAFE = /[^ !"#$%&'()*+,\-./0-9:;<=>?@A-Z_a-z]/g;

function toGsm7Basic(text: string): string {
  return text.replace(SMS_UNSAFE, '?');
}

/**
 * The SMS's parts that give way when room is short, each with its forms from the fullest down, worked
 * out once: the text is rebuilt for every name length tried.
 */
interface SmsParts {
  readonly when: string;
  /**
   * The cause and its masked statuses, in the order tried. Beside a count the cause's words give way
   * first; beside a rate they come before the statuses and outlast them when room is short.
   */
  readonly causeForms: readonly (readonly [cause: string, masked: string])[];
  /** What the sampled trails name, for a status-only cause: by title, then by id, then left out. */
  readonly execForms: readonly string[];
  /** The masked count's last form, once the name is down to MIN_NAME_CHARS: "some masked". */
  readonly some: string;
}

function smsParts(facts: AlertFacts): SmsParts {
  const w = windowText(facts);
  const titled = `${CAUSES[facts.cause].title} (${facts.cause})`;
  const statuses = facts.evidence.maskedStatuses.join('/');
  const share = maskedShare(facts);
  const masked = facts.masked > 0 ? (statuses ? `, ${share}masked as ${statuses}` : `, ${share}masked`) : '';
  // Before the name is shortened: the statuses go, the fact that they masked it stays.
  const bare = facts.masked > 0 ? `, ${share}masked` : '';
  const found = trailFindings(facts);
  const top = found?.causes[0]?.[0];
  const more = found !== undefined && found.causes.length > 1 ? ` +${found.causes.length - 1} more` : '';
  return {
    when: `${w.start}-${w.end}Z`,
    causeForms:
      facts.subject === ERROR_RATE
        ? [
            [titled, masked],
            [titled, bare],
            [facts.cause, masked],
            [facts.cause, bare],
          ]
        : [
            [titled, masked],
            [facts.cause, masked],
            [facts.cause, bare],
          ],
    execForms:
      top === undefined
        ? ['']
        : [` (exec log: ${CAUSES[top].title}${more})`, ` (exec log: ${top}${more})`, ''],
    some: share !== '' && 'some '.length < share.length ? ', some masked' : bare,
  };
}

/** What an alert or escalation says happened, before its cause; `at` is when the alert it escalates fired. */
function smsWhat(facts: AlertFacts, at: string): string {
  // The count is every failure in the window, not the dominant cause's.
  const rate = `${percent(ratePercentOf(facts))}% errors (${facts.count}/${facts.requests}`;
  if (facts.kind === ALERT_KIND.escalation)
    return facts.subject === ERROR_RATE
      ? `ESCALATED ${rate}, alert at ${at}), mostly `
      : `ESCALATED ${facts.count}x (alert at ${at}) `;
  return facts.subject === ERROR_RATE ? `${rate}), mostly ` : `${facts.count}x `;
}

/** Every form with the name at `scope`, most detailed first: the trail's cause is the last part to give way. */
function smsVariants(facts: AlertFacts, parts: SmsParts, scope: string): string[] {
  const { when } = parts;
  if (facts.kind === ALERT_KIND.resolved) {
    if (facts.rateNotJudged === true) return [`${scope}: RESOLVED error rate, no longer judged, ${when}`];
    if (facts.subject === ERROR_RATE)
      return [`${scope}: RESOLVED error rate, under ${facts.threshold}% in ${when}`];
    // The cause in words, as the alert named it, else its id alone.
    return [`${CAUSES[facts.cause].title} (${facts.cause})`, facts.cause].map(
      (cause) => `${scope}: RESOLVED ${cause}, under ${facts.threshold} in ${when}`,
    );
  }
  const what = `${scope}: ${smsWhat(facts, alertAt(facts))}`;
  return parts.execForms.flatMap((exec) =>
    parts.causeForms.map(([cause, masked]) => `${what}${cause}${masked}${exec}, ${when}`),
  );
}

/**
 * Only once the name is down to MIN_NAME_CHARS: the masked count gives way to "some", then an
 * escalation's alert loses its window's length and "failed"; the cause id, "masked" and the window stay.
 */
function smsLastResorts(facts: AlertFacts, parts: SmsParts, scope: string): string[] {
  if (facts.kind === ALERT_KIND.resolved) return [];
  const at = alertAt(facts);
  const ats =
    facts.kind === ALERT_KIND.escalation
      ? [at, at.replace(/ in \d+ min$/, ''), String(facts.alertCount ?? '?')]
      : [at];
  return ats.map((a) => `${scope}: ${smsWhat(facts, a)}${facts.cause}${parts.some}, ${parts.when}`);
}

/** "<api>/<stage>: <what happened> <cause><masked><exec log>, <window>", in at most SMS_MAX_CHARS. */
function sms(facts: AlertFacts): string {
  const parts = smsParts(facts);
  const scope = `${facts.api}/${facts.stage}`;
  // The whole name with every fact; else the name is shortened before the facts are (the last resorts
  // come after every variant that keeps MIN_NAME_CHARS of it).
  const fitting = smsVariants(facts, parts, scope)
    .map(toGsm7Basic)
    .find((t) => t.length <= SMS_MAX_CHARS);
  if (fitting !== undefined) return fitting;
  const variants = (s: string) =>
    [...smsVariants(facts, parts, s), ...smsLastResorts(facts, parts, s)].map(toGsm7Basic);
  return withShortenedName(variants, scope, SMS_MAX_CHARS, `, ${parts.when}`);
}

/** A shortened API/stage name keeps at least this much, before the masked statuses give way. */
const MIN_NAME_CHARS = 16;

/**
 * For a name too long to fit any variant whole: the first variant (most detailed first) that still
 * leaves MIN_NAME_CHARS of the name (all of a shorter one), else the last one, with the name cut to
 * the room left; ".." marks the name only when it was cut. Should even that not fit (a count no
 * window holds), the text is cut before its `tail`, the window, which is never cut.
 */
function withShortenedName(
  variants: (scope: string) => string[],
  scope: string,
  max: number,
  tail: string,
): string {
  const unnamed = variants('').map((text) => text.length);
  const keep = Math.min(MIN_NAME_CHARS, scope.length);
  const found = unnamed.findIndex((length) => max - length >= scope.length || max - length - 2 >= keep);
  const pick = found >= 0 ? found : unnamed.length - 1;
  const left = max - (unnamed[pick] ?? 0);
  const shown = left >= scope.length ? scope : `${scope.slice(0, Math.max(left - 2, 1))}..`;
  const text = variants(shown)[pick] ?? '';
  return text.length <= max ? text : `${text.slice(0, max - tail.length - 2)}..${tail}`;
}

/**
 * "7 " when only some of the cause's failures in the window were masked, for "57x …, 7 masked"
 * (for an error rate, its dominant cause's); else nothing.
 */
function maskedShare(facts: AlertFacts): string {
  return facts.masked > 0 && facts.masked < causeFailures(facts) ? `${facts.masked} ` : '';
}

/** ASCII only and one line, as SNS requires of e-mail subjects. */
function subjectText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').replace(/\s+/g, ' ');
}

/** What the subject says happened, naming the cause as `named` says it. */
function subjectWhats(facts: AlertFacts, named: string): string[] {
  if (facts.kind === ALERT_KIND.resolved) {
    // A rate no longer judged did not recover: the subject says so (an inbox shows only it), the
    // name shortened rather than those words left out.
    if (facts.rateNotJudged === true) return ['resolved error rate, no longer judged'];
    return [`resolved ${facts.subject === ERROR_RATE ? 'error rate' : named}`];
  }
  const statuses = facts.evidence.maskedStatuses.join('/');
  const share = maskedShare(facts);
  // An error rate's masked failures are its dominant cause's, named after "mostly".
  const happened =
    facts.subject === ERROR_RATE
      ? `${percent(ratePercentOf(facts))}% errors, mostly ${named}`
      : `${facts.count}x ${named}`;
  const what = `${happened}${share ? ',' : ''}`;
  // The statuses only when this delivery logged them: an alert on failures other deliveries
  // counted knows how many were masked (the counters), not as what.
  const masked = `${what} ${share}masked`;
  return facts.masked === 0 ? [what] : statuses ? [`${masked} as ${statuses}`, masked] : [masked];
}

function subjectLine(facts: AlertFacts, severity: Severity): string {
  const w = windowText(facts);
  // The cause in words ("backend throttled (limit.backend)"), as an inbox shows only the subject,
  // else its id alone; as in the SMS, the masked statuses go only after the words.
  const titled = subjectWhats(facts, `${CAUSES[facts.cause].title} (${facts.cause})`);
  const plain = subjectWhats(facts, facts.cause);
  // What the sampled trails name, for a status-only cause, first; left out before the name is cut.
  const top = trailFindings(facts)?.causes[0]?.[0];
  const withTrail = (whats: string[]) =>
    top === undefined ? whats : [...whats.map((what) => `${what} (exec log: ${top})`), ...whats];
  const prefix = facts.kind === ALERT_KIND.escalation ? 'ESCALATED ' : '';
  const line = (scope: string, what: string) =>
    `[${severity}] ${prefix}APIGW ${scope}: ${what} ${w.start}-${w.end}Z`;
  const scope = subjectText(`${facts.api}/${facts.stage}`);
  const fitting = withTrail(plain.flatMap((what, i) => [titled[i] ?? what, what]))
    .map((what) => line(scope, what))
    .find((t) => t.length <= SUBJECT_MAX_CHARS);
  if (fitting !== undefined) return fitting;
  // A long API or stage name (a log group stands for the API when no id was logged, a stage may
  // have 128 characters): shorten it, never what happened or when; the words go before the name.
  // Then a huge masked share's count becomes "some" and, with the trail's cause, gives way before
  // "masked" does. Last of all, should no room be left even for "masked": what happened without it,
  // so the window is never cut.
  const unmasked = subjectWhats({ ...facts, masked: 0 }, facts.cause)[0] ?? '';
  const share = maskedShare(facts);
  const some = facts.masked > 0 && 'some '.length < share.length ? [`${unmasked}, some masked`] : [];
  const ids =
    facts.masked > 0 ? [...withTrail([...plain, ...some]), ...withTrail([unmasked])] : withTrail(plain);
  return withShortenedName(
    (s) => ids.map((what) => line(s, what)),
    scope,
    SUBJECT_MAX_CHARS,
    ` ${w.start}-${w.end}Z`,
  );
}

export function buildAlertMessage(facts: AlertFacts): AlertMessage {
  const severity = severityOf(facts.kind, facts.subject, facts.cause);
  const smsText = sms(facts);
  const attributes: AlertAttributes = {
    severity,
    cause: facts.cause,
    api: attributeName(facts.api),
    stage: attributeName(facts.stage),
    kind: facts.kind,
  };
  const attributeBytes = Object.entries(attributes).reduce(
    // Each is sent with its data type, "String".
    (sum, [name, value]) => sum + utf8Bytes(name) + utf8Bytes(value) + 'String'.length,
    0,
  );
  const frame = utf8Bytes(JSON.stringify({ default: '', email: '', sms: smsText }));
  // The e-mail goes twice: as itself and as the default for other protocols.
  const email = fitted(emailBody(facts), Math.floor((SNS_MESSAGE_MAX_BYTES - attributeBytes - frame) / 2));
  return {
    subject: subjectLine(facts, severity),
    email,
    sms: smsText,
    message: JSON.stringify({ default: email, email, sms: smsText }),
    attributes,
  };
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The e-mail cut, with a note saying so, until it takes at most `maxBytes` as a JSON string. */
function fitted(email: string, maxBytes: number): string {
  let text = email;
  let bytes = utf8Bytes(JSON.stringify(text));
  // Each pass keeps a share of the text in proportion to its bytes, so it ends in two or three, and
  // always shortens it, down to the note alone.
  while (bytes > maxBytes && text.length > CUT_NOTE.length) {
    const keep = Math.floor((text.length * maxBytes) / bytes) - CUT_NOTE.length;
    text = `${headOf(email, Math.max(0, keep))}${CUT_NOTE}`;
    bytes = utf8Bytes(JSON.stringify(text));
  }
  return text;
}
