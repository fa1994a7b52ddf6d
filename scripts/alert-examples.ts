/**
 * Prints the README's alert examples (the e-mail, then the SMS and subjects) from the code, so the
 * docs show what the function sends: a delivery goes through the same core the function runs
 * (analyze, aggregate, evidence, message), with a real execution-log trail for the samples.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aggregateDelivery, REQUESTS_COUNTER } from '../lambda/core/aggregate';
import {
  ALERT_KIND,
  type AlertFacts,
  buildAlertMessage,
  evidenceFor,
  NO_EVIDENCE,
  SMS_TOPIC_PREFIX,
} from '../lambda/core/alert-message';
import { analyze } from '../lambda/core/pipeline';
import { trailCausesFromEvents, trailsFromEvents } from '../lambda/core/trail';
import type { LogEvent } from '../lambda/core/types';

const API = 'abc123defg';
const STAGE = 'prod';
const WINDOW_MINUTES = 5;
const WINDOW_START_MS = Date.UTC(2026, 10, 25, 12, 5);
const CAUSE = 'limit.backend';
const THRESHOLD = 10;
/** The same storm logged in the console's JSON preset fields: only the status of each failure. */
const STATUS_ONLY_CAUSE = 'unknown.server';
const SERVER_THRESHOLD = 5;
/** The shape CloudFormation names the function's log group under the default stack name (suffix made up). */
const ANALYZER_LOG_GROUP = 'ApiGatewayErrorAnalyzer-AnalyzerFunctionLogsB3ACD8AD-k2Jd8sQ1vL0e';
/** The real trail of a reserved-concurrency throttle that API Gateway reported as a malformed response. */
const REAL_TRAIL = 'NGROK-reserved-concurrency-malformed-502';
const ELIDED_TRAIL = '    (… same trail …)';

/** Failures per route, and the order they arrive in: two GET /orders, then one of each other route. */
const ROUTES = [
  { method: 'GET', path: '/orders', failures: 29 },
  { method: 'GET', path: '/orders/{id}', failures: 14 },
  { method: 'POST', path: '/payments', failures: 14 },
] as const;
const ARRIVAL = [0, 0, 1, 2] as const;
const SUCCESSES = 40;

const requestId = (n: number) => `1a2b3c${n.toString(16).padStart(2, '0')}-8d59-11e8-b2f5-9339f1c001b0`;

/**
 * SYNTHETIC access lines in the README's recommended JSON format: a throttled function's 502s. With
 * `statusOnly`, the console's JSON preset fields instead (plus apiId and stage, which name the
 * stage's execution log group): the status is all a failure shows.
 */
function accessLines(statusOnly = false): string[] {
  const left: number[] = ROUTES.map((r) => r.failures);
  const lines: string[] = [];
  const preset = (id: string, method: string, path: string, failed: boolean) =>
    JSON.stringify({
      requestId: id,
      apiId: API,
      stage: STAGE,
      ip: '203.0.113.7',
      caller: '-',
      user: '-',
      requestTime: `25/Nov/2026:12:${String(6 + Math.floor(lines.length / 60)).padStart(2, '0')}:${String(lines.length % 60).padStart(2, '0')} +0000`,
      httpMethod: method,
      resourcePath: path,
      status: failed ? '502' : '200',
      protocol: 'HTTP/1.1',
      responseLength: failed ? '36' : '512',
    });
  const recommended = (id: string, method: string, path: string, failed: boolean) =>
    JSON.stringify({
      requestId: id,
      requestTimeEpoch: String(WINDOW_START_MS + 1000 + lines.length * 1000),
      apiId: API,
      stage: STAGE,
      httpMethod: method,
      resourcePath: path,
      path,
      status: failed ? '502' : '200',
      'error.responseType': '-',
      'error.message': failed ? 'Internal server error' : '-',
      'integration.status': failed ? '-' : '200',
      'integration.integrationStatus': failed ? '429' : '200',
      'integration.error': '-',
      'integration.latency': '5',
      responseLatency: '12',
    });
  const line = statusOnly ? preset : recommended;
  while (left.some((n) => n > 0)) {
    for (const at of ARRIVAL) {
      const route = ROUTES[at];
      if ((left[at] ?? 0) === 0) continue;
      left[at] = (left[at] ?? 0) - 1;
      lines.push(line(requestId(lines.length), route.method, route.path, true));
    }
  }
  for (let n = 0; n < SUCCESSES; n++) lines.push(line(`ok-${n}`, 'GET', '/orders', false));
  return lines;
}

/** The real trail's CloudWatch events (a pretty-printed body is one event), under another request id. */
function trailEvents(id: string): LogEvent[] {
  const fixture = JSON.parse(
    readFileSync(join(__dirname, '..', 'test', 'fixtures', 'real-lines.json'), 'utf8'),
  ) as Record<string, { lines: string[] }>;
  const messages: string[] = [];
  for (const raw of fixture[REAL_TRAIL]?.lines ?? []) {
    const line = raw.replace(/^ {4}/, '');
    const own = /^\([^)]+\) (.*)$/.exec(line);
    if (own) messages.push(`(${id}) ${own[1]}`);
    else if (line.trim() !== '' && messages.length > 0) messages[messages.length - 1] += `\n${line}`;
  }
  return messages.map((message, i) => ({ id: `${id}-${i}`, timestamp: WINDOW_START_MS + i, message }));
}

function incidentFacts(statusOnly = false): AlertFacts {
  const cause = statusOnly ? STATUS_ONLY_CAUSE : CAUSE;
  const lines = accessLines(statusOnly);
  const analysis = analyze([
    {
      source: { logGroup: '/aws/apigateway/orders-access', logStream: 'stream' },
      events: lines.map((message, i) => ({ id: String(i), timestamp: WINDOW_START_MS + 60_000, message })),
    },
  ]);
  const counts = aggregateDelivery(analysis, {
    windowMinutes: WINDOW_MINUTES,
    countExecutionLogs: false,
    fallbackTimeMs: WINDOW_START_MS,
  });
  const scope = { api: API, stage: STAGE, windowStartMs: WINDOW_START_MS };
  const evidence = evidenceFor(counts.counted, scope, cause);
  const ids = evidence.samples.map((s) => s.requestId);
  const counted = counts.increments.find((i) => i.subject === cause);
  const executionLogGroup = `API-Gateway-Execution-Logs_${API}/${STAGE}`;
  return {
    kind: ALERT_KIND.alert,
    ...scope,
    windowMinutes: WINDOW_MINUTES,
    subject: cause,
    cause,
    count: counted?.count ?? 0,
    masked: counted?.masked ?? 0,
    threshold: statusOnly ? SERVER_THRESHOLD : THRESHOLD,
    requests: counts.increments.find((i) => i.subject === REQUESTS_COUNTER)?.count ?? 0,
    evidence,
    trails: trailsFromEvents(ids, ids.flatMap(trailEvents)),
    trailCauses: trailCausesFromEvents(executionLogGroup, ids, ids.flatMap(trailEvents)),
    executionLogGroup,
    analyzerLogGroup: ANALYZER_LOG_GROUP,
  };
}

/** The alert e-mail, every sample's trail after the first elided (they are the same). */
export function alertEmailExample(): string {
  const facts = incidentFacts();
  const firstTrail = new Set(facts.trails.get(facts.evidence.samples[0]?.requestId ?? '') ?? []);
  const out: string[] = [];
  let sample = 0;
  for (const line of buildAlertMessage(facts).email.split('\n')) {
    if (line.startsWith('- ')) sample += 1;
    const trailLine = /^ {2}(?: {2}|▶ )/.test(line) && firstTrail.has(line.slice(4));
    if (!trailLine || sample <= 1) out.push(line);
    else if (out.at(-1) !== ELIDED_TRAIL) out.push(ELIDED_TRAIL);
  }
  return out.join('\n');
}

/** The same incident's SMS as a phone shows them, then the subjects: alert, escalation, resolution. */
export function alertShortExamples(): string {
  const alert = incidentFacts();
  const nextWindowMs = WINDOW_START_MS + WINDOW_MINUTES * 60_000;
  const messages = [
    buildAlertMessage(alert),
    buildAlertMessage({ ...alert, kind: ALERT_KIND.escalation, count: 657, masked: 657, alertCount: 57 }),
    buildAlertMessage({
      ...alert,
      kind: ALERT_KIND.resolved,
      windowStartMs: nextWindowMs,
      count: 0,
      masked: 0,
      alertCount: 57,
      evidence: NO_EVIDENCE,
      trails: new Map(),
    }),
  ];
  return [...messages.map((m) => `${SMS_TOPIC_PREFIX}${m.sms}`), '', ...messages.map((m) => m.subject)].join(
    '\n',
  );
}

/**
 * The same storm under an access-log format that logs only the status: the e-mail up to its first
 * sample's trail, then the SMS as a phone shows it and the subject.
 */
export function statusOnlyAlertExample(): string {
  const message = buildAlertMessage(incidentFacts(true));
  const lines = message.email.split('\n');
  const second = lines.findIndex((line, i) => line.startsWith('- ') && lines[i - 1]?.startsWith('    '));
  return [...lines.slice(0, second), '…', '', `${SMS_TOPIC_PREFIX}${message.sms}`, message.subject].join(
    '\n',
  );
}

if (require.main === module) {
  console.log(`${alertEmailExample()}\n\n${alertShortExamples()}\n\n${statusOnlyAlertExample()}`);
}
