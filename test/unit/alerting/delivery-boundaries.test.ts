/**
 * Metamorphic test: the deployed function sees the same logs cut into subscription deliveries however
 * CloudWatch Logs batches them. A delivery holds events of ONE log group and ONE log stream
 * (`logGroup`, `logStream`, `logEvents`: docs.aws.amazon.com/lambda/latest/dg/services-cloudwatchlogs.html),
 * CloudWatch Logs invokes the function asynchronously, so a delivery may come twice, and streams
 * deliver in no set order. Whatever the cut, what is COUNTED (causes, masked counts, request totals
 * per window) must be what one delivery of the whole file counts, or what the README documents for a
 * trail cut in two ("How counting works" and Limits, "Joining in the Lambda function").
 *
 * The log lines are REAL: every corpus file (../shared/corpus) and every sample of
 * test/fixtures/real-lines.json and real-successes.json, execution lines as the `(requestId) message`
 * events an execution log group holds, passed through the stack's execution-log filter as deployed.
 * The delivery envelopes are SYNTHETIC: stream names, event ids, request ids where the original named
 * none, times where it had none, the cuts, orders, redeliveries and shuffles (seeded, so repeatable).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseInput } from '../../../cli/input';
import { type AnalyzerConfig, loadConfig } from '../../../lambda/config';
import { parseAccessLine } from '../../../lambda/core/access-log';
import { executionLogGroupName } from '../../../lambda/core/execution-log-group';
import { parseBatch } from '../../../lambda/core/parse';
import type { LogEvent, SubscriptionPayload } from '../../../lambda/core/types';
import type { DeliveryPorts } from '../../../lambda/delivery-ports';
import { processDelivery } from '../../../lambda/process-delivery';
import { EXECUTION_LOG_TERMS } from '../../../lib/log-filter-patterns';
import { requireCorpus } from '../../support/corpus';
import { realSampleTexts } from '../../support/real-logs';

const EXECUTION_GROUP = executionLogGroupName('abc123defg', 'prod');
const ACCESS_GROUP = '/aws/apigateway/access';
/** SYNTHETIC time for lines whose original carried none. */
const T0 = Date.UTC(2021, 10, 29, 13, 31, 4);
/** Ids the parser gave lines that had none (console output) are no request ids: numbered instead. */
const REQUEST_ID = /^[0-9A-Za-z][0-9A-Za-z-]{7,63}$/;

const base = { TABLE_NAME: 't', TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:t' };
/** The stack as deployed with execution logs alone: their failures count. */
const EXECUTION_ONLY: AnalyzerConfig = loadConfig({
  ...base,
  EXECUTION_LOG_GROUPS: EXECUTION_GROUP,
  COUNT_EXECUTION_LOGS: 'true',
});
/** The stack as deployed with access logs too: requests count from the access log. */
const WITH_ACCESS_LOGS: AnalyzerConfig = loadConfig({
  ...base,
  EXECUTION_LOG_GROUPS: EXECUTION_GROUP,
  COUNT_EXECUTION_LOGS: 'false',
});

interface RealFile {
  readonly name: string;
  /** The file's execution lines as `(id) message` events that pass the execution-log filter. */
  readonly execution: readonly LogEvent[];
  /** Its access lines, one event each, as an access log group (filter: everything) delivers them. */
  readonly access: readonly LogEvent[];
}

const passesFilter = (message: string) => EXECUTION_LOG_TERMS.some((term) => message.includes(term));

function realFiles(): RealFile[] {
  return realSampleTexts().map(([name, text]) => {
    const { batches } = parseInput(text, `${name}.log`);
    const ids = new Map<string, string>();
    const idOf = (id: string) => {
      if (REQUEST_ID.test(id)) return id;
      if (!ids.has(id)) ids.set(id, `00000000-0000-4000-8000-${String(ids.size).padStart(12, '0')}`);
      return ids.get(id) ?? id;
    };
    const execution: LogEvent[] = [];
    const access: LogEvent[] = [];
    batches.forEach((batch, index) => {
      for (const event of batch.events)
        if (parseAccessLine(event.message)?.ok === true)
          access.push({
            id: `a${access.length}`,
            timestamp: event.timestamp > 0 ? event.timestamp : T0,
            message: event.message,
          });
      for (const line of parseBatch(batch, index).execution) {
        const message = `(${idOf(line.requestId ?? 'no-id')}) ${line.message}`;
        if (!passesFilter(message)) continue;
        execution.push({
          id: `x${execution.length}`,
          timestamp: line.timeMs !== undefined && line.timeMs > 0 ? line.timeMs : T0,
          message,
        });
      }
    });
    return { name, execution, access };
  });
}

/** A seeded generator, so every run cuts the same way. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

/** Events with equal timestamps in another order: CloudWatch Logs orders a stream by time only. */
function shuffleEqualTimes(events: readonly LogEvent[], next: () => number): LogEvent[] {
  const out = [...events];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const [a, b] = [out[i], out[j]];
    if (a !== undefined && b !== undefined && a.timestamp === b.timestamp) [out[i], out[j]] = [b, a];
  }
  return out;
}

function delivery(logGroup: string, logStream: string, logEvents: readonly LogEvent[]): SubscriptionPayload {
  return {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup,
    logStream,
    subscriptionFilters: ['apigw-error-analyzer'],
    logEvents: [...logEvents],
  };
}

/** The counters as the table holds them (one ADD per delivery id, as DynamoDB applies them). */
function memoryPorts() {
  const counters = new Map<string, { count: number; masked: number; applied: Set<string> }>();
  const deliveries = new Set<string>();
  const ports: DeliveryPorts = {
    isDeliveryProcessed: async (id) => deliveries.has(id),
    markDeliveryProcessed: async (id) => !deliveries.has(id) && Boolean(deliveries.add(id)),
    applyIncrements: async (id, increments) => {
      const appliedKeys = increments.filter((inc) => {
        const key = `${inc.api} ${inc.stage} ${new Date(inc.windowStartMs).toISOString()} ${inc.subject}`;
        const item = counters.get(key) ?? { count: 0, masked: 0, applied: new Set<string>() };
        if (item.applied.has(id)) return false;
        item.count += inc.count;
        item.masked += inc.masked;
        item.applied.add(id);
        counters.set(key, item);
        return true;
      });
      return {
        applied: appliedKeys.length,
        alreadyApplied: increments.length - appliedKeys.length,
        appliedKeys,
      };
    },
    // No alert state: these tests compare counts, not alerts.
    readWindow: async (api, stage, windowStartMs) => ({ api, stage, windowStartMs, requests: 0, causes: {} }),
    readAlertStates: async () => [],
    writeAlertState: async () => true,
    publish: async () => 'm',
    readTrails: async () => ({ kind: 'events', events: [] }),
    log: () => {},
    now: () => Date.UTC(2026, 10, 25, 18, 0),
    sleep: async () => {},
  };
  return { ports, counters };
}

/** What the deliveries counted, processed in this order: `key=count/masked`, sorted. */
async function counted(
  config: AnalyzerConfig,
  deliveries: readonly SubscriptionPayload[],
): Promise<string[]> {
  const { ports, counters } = memoryPorts();
  for (const d of deliveries) await processDelivery(d, config, ports);
  return [...counters].map(([key, item]) => `${key}=${item.count}/${item.masked}`).sort();
}

/** Adds up counts such as `k=1/0` and `k=2/1` into `k=3/1`. */
function sum(lists: readonly (readonly string[])[]): string[] {
  const totals = new Map<string, [number, number]>();
  for (const entry of lists.flat()) {
    const [, key = '', count = '0', masked = '0'] = /^(.*)=(\d+)\/(\d+)$/.exec(entry) ?? [];
    const [c, m] = totals.get(key) ?? [0, 0];
    totals.set(key, [c + Number(count), m + Number(masked)]);
  }
  return [...totals].map(([key, [c, m]]) => `${key}=${c}/${m}`).sort();
}

const requestOf = (event: LogEvent) => /^\(([^)]*)\) /.exec(event.message)?.[1] ?? '';

/** A cut of a file's events into 1–3 consecutive parts, and how they are delivered. */
interface Cut {
  readonly name: string;
  readonly parts: readonly (readonly LogEvent[])[];
}

/** Every cut into two, and seeded cuts into three. */
function cutsOf(events: readonly LogEvent[], next: () => number): Cut[] {
  const cuts: Cut[] = [{ name: 'whole', parts: [events] }];
  for (let at = 1; at < events.length; at++)
    cuts.push({ name: `cut at ${at}`, parts: [events.slice(0, at), events.slice(at)] });
  for (let k = 0; k < 3 && events.length >= 3; k++) {
    const a = 1 + Math.floor(next() * (events.length - 2));
    const b = a + 1 + Math.floor(next() * (events.length - a - 1));
    cuts.push({
      name: `cut at ${a} and ${b}`,
      parts: [events.slice(0, a), events.slice(a, b), events.slice(b)],
    });
  }
  return cuts;
}

/**
 * The cut's parts as deliveries: on one stream or each on its own, in a seeded order, one of them
 * redelivered, equal-time events shuffled within each.
 */
function deliveriesOf(cut: Cut, logGroup: string, next: () => number): SubscriptionPayload[] {
  const ownStreams = next() < 0.5;
  const parts = cut.parts.map((events, i) =>
    delivery(logGroup, ownStreams ? `stream-${i}` : 'stream-0', shuffleEqualTimes(events, next)),
  );
  const ordered = [...parts].sort(() => next() - 0.5);
  const again = ordered[Math.floor(next() * ordered.length)];
  return again === undefined ? ordered : [...ordered, again];
}

/** Whether some request has lines in two parts: its trail was cut. */
function splitsATrail(cut: Cut): boolean {
  const seen = new Map<string, number>();
  return cut.parts.some((part, i) =>
    part.some((event) => {
      const at = seen.get(requestOf(event));
      if (at !== undefined && at !== i) return true;
      seen.set(requestOf(event), i);
      return false;
    }),
  );
}

if (requireCorpus()) {
  const files = realFiles();
  const withExecution = files.filter((f) => f.execution.length > 0);
  const withAccess = files.filter((f) => f.access.length > 0);

  describe('deliveries cut however CloudWatch Logs batches them', () => {
    it('reads the real files: execution trails and access lines from the corpus and both fixtures', () => {
      assert.ok(withExecution.length >= 150, `${withExecution.length} files with execution lines`);
      assert.ok(withAccess.length >= 60, `${withAccess.length} files with access lines`);
    });

    it('with execution logs alone, counts what one delivery counts when no trail is cut, whatever the streams, order, redelivery and equal-time order', async () => {
      const differences: string[] = [];
      for (const file of withExecution) {
        const next = random(file.name.length * 7919 + file.execution.length);
        const whole = await counted(EXECUTION_ONLY, [delivery(EXECUTION_GROUP, 'stream-0', file.execution)]);
        for (const cut of cutsOf(file.execution, next)) {
          if (splitsATrail(cut)) continue;
          const got = await counted(EXECUTION_ONLY, deliveriesOf(cut, EXECUTION_GROUP, next));
          if (got.join(' ') !== whole.join(' '))
            differences.push(`${file.name} ${cut.name}: ${whole.join(' ')} became ${got.join(' ')}`);
        }
      }
      assert.deepEqual(differences, []);
    });

    // README, Limits ("Joining in the Lambda function") and "How counting works": a trail cut between
    // deliveries is classified from each part, and with execution logs alone each part that shows a
    // failure counts under its own cause. Nothing joins them, whatever the order or redelivery.
    it('with execution logs alone, counts a cut trail once per part that shows a failure, each under its own cause, as the README says', async () => {
      const differences: string[] = [];
      let cutTrails = 0;
      let countedTwice = 0;
      for (const file of withExecution) {
        const next = random(file.name.length * 104_729 + file.execution.length);
        const whole = await counted(EXECUTION_ONLY, [delivery(EXECUTION_GROUP, 'stream-0', file.execution)]);
        for (const cut of cutsOf(file.execution, next)) {
          if (!splitsATrail(cut)) continue;
          cutTrails += 1;
          const deliveries = deliveriesOf(cut, EXECUTION_GROUP, next);
          const got = await counted(EXECUTION_ONLY, deliveries);
          const eachAlone = sum(
            await Promise.all(
              cut.parts.map((part) => counted(EXECUTION_ONLY, [delivery(EXECUTION_GROUP, 's', part)])),
            ),
          );
          if (got.join(' ') !== eachAlone.join(' '))
            differences.push(`${file.name} ${cut.name}: parts ${eachAlone.join(' ')} but ${got.join(' ')}`);
          if (got.join(' ') !== whole.join(' ')) countedTwice += 1;
        }
      }
      assert.deepEqual(differences, []);
      // The weaker answer is real, and common enough for the README to say so.
      assert.ok(
        cutTrails >= 500 && countedTwice > 0,
        `${countedTwice} of ${cutTrails} cuts changed the counts`,
      );
    });

    it('never counts a failure from any part of a successful real trail', async () => {
      const successes = new Set(
        Object.keys(
          JSON.parse(
            readFileSync(join(__dirname, '..', '..', 'fixtures', 'real-successes.json'), 'utf8'),
          ) as object,
        ),
      );
      const differences: string[] = [];
      const checked = withExecution.filter((f) => successes.has(f.name));
      assert.ok(checked.length >= 40, `${checked.length} successful trails`);
      for (const file of checked) {
        const next = random(file.execution.length * 31 + 7);
        for (const cut of cutsOf(file.execution, next)) {
          const got = (await counted(EXECUTION_ONLY, deliveriesOf(cut, EXECUTION_GROUP, next))).filter(
            (entry) => !/ requests=/.test(entry),
          );
          if (got.length > 0) differences.push(`${file.name} ${cut.name}: ${got.join(' ')}`);
        }
      }
      assert.deepEqual(differences, []);
    });

    it('with access logs subscribed, counts every request once from its access line, however both groups are cut, ordered and redelivered', async () => {
      const differences: string[] = [];
      for (const file of withAccess) {
        const next = random(file.name.length * 65_537 + file.access.length);
        // The access line alone decides: execution lines reach the function in other deliveries.
        const accessAlone = await counted(WITH_ACCESS_LOGS, [
          delivery(ACCESS_GROUP, 'stream-0', file.access),
        ]);
        const executionCuts = file.execution.length > 0 ? cutsOf(file.execution, next) : [];
        for (const cut of cutsOf(file.access, next)) {
          const executionCut = executionCuts[Math.floor(next() * executionCuts.length)];
          const deliveries = [
            ...deliveriesOf(cut, ACCESS_GROUP, next),
            ...(executionCut === undefined ? [] : deliveriesOf(executionCut, EXECUTION_GROUP, next)),
          ].sort(() => next() - 0.5);
          const got = await counted(WITH_ACCESS_LOGS, deliveries);
          if (got.join(' ') !== accessAlone.join(' '))
            differences.push(`${file.name} ${cut.name}: ${accessAlone.join(' ')} became ${got.join(' ')}`);
        }
      }
      assert.deepEqual(differences, []);
    });
  });
}
