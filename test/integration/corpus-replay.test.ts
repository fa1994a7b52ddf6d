/**
 * The labelled real samples through the deployed path: the real `handler` receives each sample as
 * CloudWatch Logs subscription deliveries (the `{messageType, owner, logGroup, logStream,
 * subscriptionFilters, logEvents}` JSON, gzipped and base64-encoded) and runs against dynalite and
 * the loopback SNS and CloudWatch Logs servers. What is asserted is what the function wrote: its
 * `failed-request` log records, its `delivery-summary` lines and the counters in the table.
 *
 * Samples: ../shared/corpus (labels.json, its README gives each source) and
 * test/fixtures/real-lines.json (each entry names its source). How a sample becomes deliveries:
 * - its events are what the CLI reads from it (`parseInput`): one event per line of raw text, the
 *   unwrapped events of a file's shape (`fileOnly` samples); then as CloudWatch Logs stores them: a
 *   line that is no log line on its own continues the execution-log event above it (a multi-line
 *   JSON body is one event), the console's time line above an event is that event's timestamp and
 *   its Copy button no event, and no event is empty;
 * - an event that parses as an access-log line goes to an access log group, every other one to the
 *   sample's `API-Gateway-Execution-Logs_{apiId}/{stage}` group (the API and stage its lines name, as
 *   API Gateway files them, else a made-up id and `prod`; listed in EXECUTION_LOG_GROUPS, as the
 *   stack lists it); a sample that holds no execution line sends everything to the access group;
 * - one delivery per group, events in the sample's order;
 * - an event's timestamp is the time of its own line (a console stamp, an ISO prefix, an access
 *   line's time: what the CLI and the corpus test read from the line, their events being at 0), else
 *   the nearest line time of the sample, else SYNTHETIC_TIME, a fixed time no real line has.
 *
 * Which stack: the one the samples' logs call for (lib/ sets COUNT_EXECUTION_LOGS to false exactly
 * when access logs are subscribed). A sample with access lines goes to a stack with access logs; a
 * sample of execution logs alone goes to a stack of execution logs alone, where each failure counts
 * (README, Limits, "Joining in the Lambda function"), and also to a stack with access logs, where
 * the same failures are logged but not counted.
 *
 * Samples run one after another; the table's items are removed after each, so every sample starts
 * from an empty table and its counters are exactly the counters it wrote.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import { BatchWriteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { parseInput } from '../../cli/input';
import { windowStartOf } from '../../lambda/core/aggregate';
import { isoTimeMs } from '../../lambda/core/iso-time';
import { isTimeAlone, parseBatch } from '../../lambda/core/parse';
import { analyze } from '../../lambda/core/pipeline';
import { type Analysis, type ClassifiedRequest, type LogEvent, UNKNOWN_SCOPE } from '../../lambda/core/types';
import { type CloudWatchLogsServer, startCloudWatchLogsServer } from '../support/cloudwatch-logs-server';
import { readCorpusFile, requireCorpus } from '../support/corpus';
import { FAKE_AWS_ENV, type LocalDynamo, startDynalite } from '../support/dynalite';
import { setEnv } from '../support/env';
import { type SnsServer, startSnsServer } from '../support/sns-server';
import { subscriptionEvent } from './deliveries';

/** SYNTHETIC: the time given to events whose sample carries no time at all. */
const SYNTHETIC_TIME = Date.UTC(2026, 10, 25, 12, 0);
const WINDOW_MINUTES = 5;
const STAGE = 'prod';
const LAMBDA_DIR = join(__dirname, '..', '..', 'lambda');

interface Sample {
  readonly id: string;
  /** The causes a correct analyzer may give every failed request; empty for a successful trail. */
  readonly accept: readonly string[];
  readonly masked: boolean | null;
  readonly text: string;
}

interface Label {
  readonly accept: readonly string[];
  readonly masked: boolean | null;
  readonly expectNoError: boolean;
}

interface RealLines {
  readonly accept: readonly string[];
  readonly masked: boolean | null;
  readonly lines: readonly string[];
}

function corpusSamples(): Sample[] {
  const labels = JSON.parse(readCorpusFile('labels.json')) as Record<string, Label>;
  return Object.entries(labels).map(([id, label]) => ({
    id,
    accept: label.expectNoError ? [] : label.accept,
    masked: label.masked,
    text: readCorpusFile(`${id}.log`),
  }));
}

function realLineSamples(): Sample[] {
  const file = join(__dirname, '..', 'fixtures', 'real-lines.json');
  const samples = JSON.parse(readFileSync(file, 'utf8')) as Record<string, RealLines>;
  return Object.entries(samples).map(([id, s]) => ({
    id,
    accept: s.accept,
    masked: s.masked,
    text: s.lines.join('\n'),
  }));
}

type Kind = 'access' | 'execution' | 'other';

/** What one message is on its own, and the time its own text carries (none for `(id) message`). */
function readAlone(message: string): { kind: Kind; timeMs?: number } {
  const parsed = parseBatch({ source: {}, events: [{ id: '0', timestamp: 0, message }] });
  const access = parsed.access[0];
  if (access !== undefined) return { kind: 'access', timeMs: access.timeMs || undefined };
  const execution = parsed.execution[0];
  if (execution !== undefined) return { kind: 'execution', timeMs: execution.timeMs || undefined };
  return { kind: 'other' };
}

interface Replay {
  /** What the CLI reads from the sample: the events, and the core's analysis of them. */
  readonly cli: Analysis;
  readonly accessEvents: LogEvent[];
  readonly executionEvents: LogEvent[];
  /** The sample's execution log group: its API's and stage's where its lines name them. */
  readonly executionGroup: string;
}

let eventSequence = 0;

/** Paste marks in front of a copied line: a code comment, a quote, an indent. */
const PASTE_MARKS = /^(?:\s*(?:#|\/\/|>))*\s*/;

/**
 * The CloudWatch console's chrome copied with an event: its time on a line of its own above the
 * message, and the Copy button beside it. In CloudWatch that time is the event's timestamp, and
 * neither is an event: the time dates the next event, the button is dropped.
 */
function withoutConsoleChrome(events: readonly LogEvent[]): LogEvent[] {
  const kept: LogEvent[] = [];
  let timeAbove: number | undefined;
  for (const event of events) {
    const text = event.message.replace(PASTE_MARKS, '').trim();
    if (isTimeAlone(text)) {
      timeAbove = isoTimeMs(text);
      continue;
    }
    if (timeAbove !== undefined && text === 'Copy') continue;
    // CloudWatch Logs stores no empty event.
    if (text === '') continue;
    kept.push(timeAbove !== undefined && event.timestamp <= 0 ? { ...event, timestamp: timeAbove } : event);
    timeAbove = undefined;
  }
  return kept;
}

/**
 * The sample's events as CloudWatch Logs stores them: a multi-line message (a JSON body continued
 * on the next lines, corpus README) is one event, so a line that is no log line on its own continues
 * the execution-log event above it.
 */
function cloudWatchEvents(events: readonly LogEvent[]): { event: LogEvent; kind: Kind; timeMs?: number }[] {
  const stored: { event: LogEvent; kind: Kind; timeMs?: number }[] = [];
  for (const event of events) {
    const read = readAlone(event.message);
    const above = stored.at(-1);
    if (read.kind === 'other' && above?.kind === 'execution') {
      above.event = { ...above.event, message: `${above.event.message}\n${event.message}` };
      continue;
    }
    // An event's own time: the CLI's (a file that carried one), else the time its line shows.
    stored.push({ event, kind: read.kind, timeMs: event.timestamp > 0 ? event.timestamp : read.timeMs });
  }
  return stored;
}

function replayOf(sample: Sample, index: number): Replay {
  const batches = parseInput(sample.text, `${sample.id}.log`).batches;
  const cli = analyze(batches);
  const stored = cloudWatchEvents(withoutConsoleChrome(batches.flatMap((b) => b.events)));
  const own = stored.map((s) => s.timeMs);
  const times = own.map((t, i) => {
    if (t !== undefined) return t;
    const before = own.slice(0, i).findLast((x) => x !== undefined);
    return before ?? own.slice(i + 1).find((x) => x !== undefined) ?? SYNTHETIC_TIME;
  });
  const hasExecution = stored.some((s) => s.kind === 'execution');
  const accessEvents: LogEvent[] = [];
  const executionEvents: LogEvent[] = [];
  stored.forEach(({ event: e, kind }, i) => {
    eventSequence += 1;
    // CloudWatch Logs event ids are 56-digit strings.
    const event = {
      id: `4${String(eventSequence).padStart(55, '0')}`,
      timestamp: times[i] ?? 0,
      message: e.message,
    };
    if (kind === 'access' || !hasExecution) accessEvents.push(event);
    else executionEvents.push(event);
  });
  // API Gateway writes a request's execution log into its own API's and stage's group.
  const named = cli.requests.find((r) => /^[A-Za-z0-9]+$/.test(r.api) && r.api !== UNKNOWN_SCOPE);
  const executionGroup = named
    ? `API-Gateway-Execution-Logs_${named.api}/${named.stage === UNKNOWN_SCOPE ? STAGE : named.stage}`
    : `API-Gateway-Execution-Logs_${apiIdOf(index)}/${STAGE}`;
  return { cli, accessEvents, executionEvents, executionGroup };
}

/** A 10-character API id for a sample's execution log group, as API Gateway's ids look. */
function apiIdOf(index: number): string {
  return `replay${String(index).padStart(4, '0')}`;
}

function accessGroupOf(sampleId: string): string {
  return `/aws/apigateway/replay-access/${sampleId}`;
}

type Handler = (event: unknown) => Promise<void>;

/**
 * The handler of a fresh container: the function reads its configuration at module load, so the
 * modules of lambda/ are loaded anew with COUNT_EXECUTION_LOGS as that stack sets it.
 */
function coldStart(countExecutionLogs: boolean): Handler {
  const restore = setEnv({ COUNT_EXECUTION_LOGS: String(countExecutionLogs) });
  try {
    for (const file of Object.keys(require.cache)) {
      if (file.startsWith(LAMBDA_DIR)) delete require.cache[file];
    }
    return (require(join(LAMBDA_DIR, 'handler')) as typeof import('../../lambda/handler')).handler;
  } finally {
    restore();
  }
}

/**
 * README, Limits, "Joining in the Lambda function", with its own example: a CLF access line's 502
 * beside an execution log that names the cause plainly. No labelled sample holds both logs of one
 * request, so this one is built: corpus sample S06-01's real trail (a Lambda reserved-concurrency
 * throttle) under a SYNTHETIC access line in AWS's CLF preset for the same request id.
 */
function joinedClfSample(): Sample {
  const trail = readCorpusFile('S06-01.log').trimEnd();
  const clf =
    '192.0.2.10 - - [22/Jul/2018:02:48:00 +0000] "GET /hello HTTP/1.1" 502 36 a5e3de30-8d59-11e8-b2f5-9339f1c001b0';
  return {
    id: 'S06-01-with-SYNTHETIC-CLF-502',
    accept: ['limit.backend'],
    masked: true,
    text: `${clf}\n${trail}`,
  };
}

let dynamo: LocalDynamo;
let sns: SnsServer;
let logsServer: CloudWatchLogsServer;
let restoreEnv: () => void;
/** Stack with access logs subscribed (COUNT_EXECUTION_LOGS=false) and one of execution logs alone. */
let withAccessLogs: Handler;
let executionLogsAlone: Handler;
const logLines: string[] = [];

interface Written {
  /** The `failed-request` records it logged. */
  readonly failures: ClassifiedRequest[];
  /** The same, by delivery, in the order they were sent. */
  readonly failuresByDelivery: ClassifiedRequest[][];
  /** `COUNT#… | CAUSE#…` → [count, masked]; `COUNT#… | REQUESTS` → [count, 0]. */
  readonly counters: Map<string, [number, number]>;
  /** Lines its delivery summaries counted unparsed. */
  readonly unparsed: number;
  readonly rejected: number;
}

function parsedLogs(lines: readonly string[]): Record<string, unknown>[] {
  return lines.flatMap((l) => {
    try {
      const value = JSON.parse(l) as unknown;
      return typeof value === 'object' && value !== null ? [value as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

function failuresIn(logs: readonly Record<string, unknown>[]): ClassifiedRequest[] {
  return logs.filter((l) => l.type === 'failed-request') as unknown as ClassifiedRequest[];
}

/** Every item of the table, removed: the next sample starts from an empty table. */
async function takeCounters(): Promise<Map<string, [number, number]>> {
  const counters = new Map<string, [number, number]>();
  const scan = await dynamo.client.send(new ScanCommand({ TableName: dynamo.tableName }));
  const items = scan.Items ?? [];
  assert.equal(scan.LastEvaluatedKey, undefined, 'one page holds a sample');
  for (const item of items) {
    const pk = item.pk?.S ?? '';
    if (pk.startsWith('COUNT#')) {
      counters.set(`${pk} | ${item.sk?.S}`, [Number(item.count?.N), Number(item.masked?.N ?? 0)]);
    }
  }
  for (let i = 0; i < items.length; i += 25) {
    await dynamo.client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [dynamo.tableName]: items.slice(i, i + 25).map((item) => ({
            DeleteRequest: { Key: { pk: item.pk ?? { S: '' }, sk: item.sk ?? { S: '' } } },
          })),
        },
      }),
    );
  }
  return counters;
}

/** Sends the deliveries to one handler and collects what the function wrote. */
async function run(handler: Handler, deliveries: readonly unknown[]): Promise<Written> {
  const from = logLines.length;
  const failuresByDelivery: ClassifiedRequest[][] = [];
  for (const delivery of deliveries) {
    const start = logLines.length;
    await handler(delivery);
    failuresByDelivery.push(failuresIn(parsedLogs(logLines.slice(start))));
  }
  const logs = parsedLogs(logLines.slice(from));
  const summaries = logs.filter((l) => l.type === 'delivery-summary');
  return {
    failures: failuresIn(logs),
    failuresByDelivery,
    counters: await takeCounters(),
    unparsed: summaries.reduce((n, s) => n + Number(s.unparsed ?? 0), 0),
    rejected: logs.filter((l) => l.type === 'delivery-rejected').length,
  };
}

/** The counters a list of counted failures makes, each in the window of its own time, else `fallbackMs`. */
function causeCounters(
  failures: readonly ClassifiedRequest[],
  fallbackMs: number,
): Map<string, [number, number]> {
  const counters = new Map<string, [number, number]>();
  for (const f of failures) {
    const parsed = f.time === undefined ? Number.NaN : Date.parse(f.time);
    const window = windowStartOf(Number.isFinite(parsed) ? parsed : fallbackMs, WINDOW_MINUTES);
    const key = `COUNT#${f.api || UNKNOWN_SCOPE}#${f.stage || UNKNOWN_SCOPE}#${new Date(window).toISOString()}/PT${WINDOW_MINUTES}M | CAUSE#${f.cause}`;
    const [count, masked] = counters.get(key) ?? [0, 0];
    counters.set(key, [count + 1, masked + (f.masked ? 1 : 0)]);
  }
  return counters;
}

function onlyCauses(counters: Map<string, [number, number]>): Map<string, [number, number]> {
  return new Map([...counters].filter(([key]) => key.includes(' | CAUSE#')));
}

function requestTotal(counters: Map<string, [number, number]>): number {
  return [...counters].filter(([key]) => / \| REQUESTS(#\d+)?$/.test(key)).reduce((n, [, [c]]) => n + c, 0);
}

function summary(f: ClassifiedRequest): string {
  return `${f.cause} masked=${f.masked} status=${f.clientStatus}`;
}

/** Each labelled failure under an accepted cause (and the labelled mask); a success, none. */
function assertLabelled(sample: Sample, failures: readonly ClassifiedRequest[]): void {
  if (sample.accept.length === 0) {
    assert.deepEqual(failures.map(summary), [], 'a successful trail reports no failure');
    return;
  }
  assert.ok(failures.length > 0, 'the failed request is reported');
  for (const f of failures) {
    assert.ok(sample.accept.includes(f.cause), `got ${f.cause}; evidence: ${f.evidence.join(' | ')}`);
    if (sample.masked !== null) assert.equal(f.masked, sample.masked, 'masked');
  }
}

/** Each request reported once: no request id twice among the records. */
function assertOnce(failures: readonly ClassifiedRequest[]): void {
  const ids = failures.map((f) => f.requestId);
  assert.equal(new Set(ids).size, ids.length, `a request reported twice: ${ids.join(', ')}`);
}

/** The deliveries were read, each labelled failure reported once under an accepted cause, as the CLI reports it. */
function assertReadAsLabelled(
  sample: Sample,
  written: { readonly rejected: number; readonly failures: readonly ClassifiedRequest[] },
  cli: { readonly failures: readonly ClassifiedRequest[] },
): void {
  assert.equal(written.rejected, 0, 'the delivery is read');
  assertLabelled(sample, written.failures);
  assertOnce(written.failures);
  assert.deepEqual(
    written.failures.map(summary).sort(),
    cli.failures.map(summary).sort(),
    'as the CLI reports',
  );
}

describe('the labelled real samples, replayed through the deployed function', () => {
  // Without the corpus, one failing test says where it must be.
  if (!requireCorpus()) return;
  const samples: Sample[] = [...corpusSamples(), joinedClfSample(), ...realLineSamples()];
  const replays = samples.map((sample, index) => ({ sample, index, ...replayOf(sample, index) }));

  before(async () => {
    dynamo = await startDynalite('corpus-replay');
    sns = await startSnsServer();
    logsServer = await startCloudWatchLogsServer(() => ({ ok: { events: [], searchedLogStreams: [] } }));
    restoreEnv = setEnv({
      ...FAKE_AWS_ENV,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SNS: sns.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logsServer.url,
      TABLE_NAME: dynamo.tableName,
      TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:apigw-alerts',
      WINDOW_MINUTES: String(WINDOW_MINUTES),
      // No sample is an incident: alerting has its own tests, this file checks what is counted.
      SERVER_ERROR_THRESHOLD: '1000000',
      LIMIT_ERROR_THRESHOLD: '1000000',
      CLIENT_ERROR_THRESHOLD: '1000000',
      MIN_REQUESTS: '100000000',
      EXECUTION_LOG_GROUPS: [...new Set(replays.map((r) => r.executionGroup))].join(','),
      METRICS_NAMESPACE: 'ApiGatewayErrorAnalyzerReplay',
    });
    executionLogsAlone = coldStart(true);
    withAccessLogs = coldStart(false);
    mock.method(console, 'log', (line: unknown) => {
      logLines.push(String(line));
    });
  });

  after(async () => {
    mock.restoreAll();
    restoreEnv();
    await Promise.all([dynamo.close(), sns.close(), logsServer.close()]);
  });

  for (const { sample, index, cli, accessEvents, executionEvents, executionGroup } of replays) {
    const accessGroup = accessGroupOf(sample.id);
    const deliveries = [
      ...(accessEvents.length > 0 ? [subscriptionEvent(accessGroup, 'replay', accessEvents)] : []),
      ...(executionEvents.length > 0 ? [subscriptionEvent(executionGroup, 'replay', executionEvents)] : []),
    ];
    const latest = (events: readonly LogEvent[]) => Math.max(...events.map((e) => e.timestamp));

    if (accessEvents.length > 0 && executionEvents.length > 0) {
      // README, Limits, "Joining in the Lambda function": the two logs arrive through different
      // subscriptions, so the access line alone counts the request, under the cause it names (a CLF
      // line's 502 stays unknown.server however plainly the execution log names the cause), and the
      // execution log's failures are logged as evidence, not counted.
      it(`${sample.id}: access and execution logs in their own deliveries: the access line alone counts each request once, the execution log is evidence`, async () => {
        const written = await run(withAccessLogs, deliveries);
        const [counted = [], evidence = []] = written.failuresByDelivery;
        const accessAlone = analyze([{ source: { logGroup: accessGroup }, events: accessEvents }]);
        assert.deepEqual(
          counted.map(summary),
          accessAlone.failures.map(summary),
          'as the access log alone says',
        );
        assert.equal(counted.length, cli.failures.length, 'each failed request is counted once');
        assertOnce(counted);
        for (const f of counted) {
          const joined = cli.failures.find((c) => c.requestId === f.requestId);
          assert.ok(joined, `${f.requestId} is a request the CLI finds failed`);
          if (f.cause === joined.cause) continue;
          // Only where the access line alone names no cause: a status is all it has.
          assert.equal(
            f.confidence,
            'status-only',
            `${f.requestId}: ${f.cause} where the CLI says ${joined.cause}`,
          );
          assert.equal(
            f.cause,
            f.clientStatus !== null && f.clientStatus >= 500 ? 'unknown.server' : 'unknown.client',
          );
        }
        assertLabelled(sample, evidence);
        assert.deepEqual(onlyCauses(written.counters), causeCounters(counted, latest(accessEvents)));
        assert.equal(requestTotal(written.counters), cli.requests.filter((r) => r.fromAccessLog).length);
        assert.equal(written.unparsed, cli.stats.unparsed, 'no line the CLI reads is left unparsed');
      });
      continue;
    }

    const label = sample.accept.length === 0 ? 'no failure' : sample.accept.join(' or ');
    if (executionEvents.length === 0) {
      it(`${sample.id}: from its access log, counts each failed request once under an accepted cause (${label}) and every request`, async () => {
        const written = await run(withAccessLogs, deliveries);
        assertReadAsLabelled(sample, written, cli);
        assert.deepEqual(onlyCauses(written.counters), causeCounters(written.failures, latest(accessEvents)));
        assert.equal(
          requestTotal(written.counters),
          cli.requests.filter((r) => r.fromAccessLog).length,
          'each access line counts one request',
        );
        assert.equal(written.unparsed, cli.stats.unparsed, 'no line the CLI reads is left unparsed');
      });
      continue;
    }

    it(`${sample.id}: from execution logs alone, counts each failed request once under an accepted cause (${label})`, async () => {
      const written = await run(executionLogsAlone, deliveries);
      assertReadAsLabelled(sample, written, cli);
      written.failures.forEach((f, i) => {
        // The log group names the API and stage when the lines do not. (A request whose lines name
        // no id gets one made from where it was read: the CLI's then differs, its order does not.)
        const read = cli.failures.find((c) => c.requestId === f.requestId) ?? cli.failures[i];
        assert.ok(read, `${f.requestId} is a request the CLI finds failed`);
        assert.deepEqual(
          [f.api, f.stage],
          [read.api ?? apiIdOf(index), read.stage ?? STAGE],
          `${f.requestId} is counted under its API and stage`,
        );
      });
      assert.deepEqual(
        onlyCauses(written.counters),
        causeCounters(written.failures, latest(executionEvents)),
      );
      assert.equal(requestTotal(written.counters), 0, 'request totals come from access logs only');
      assert.equal(written.unparsed, cli.stats.unparsed, 'no line the CLI reads is left unparsed');
    });

    it(`${sample.id}: with access logs subscribed too, its execution-log failures are logged but not counted`, async () => {
      const written = await run(withAccessLogs, deliveries);
      assert.deepEqual(written.failures.map(summary).sort(), cli.failures.map(summary).sort());
      assert.deepEqual([...written.counters], [], 'the access log counts these requests');
    });
  }
});
