/**
 * `npm run bench`: throughput of the pure pipeline against a bare-parse baseline, cold start of the
 * bundled handler, peak RSS for one 1 MiB delivery, and DynamoDB calls per delivery. A script, not a
 * test: it prints a table and, as its last line, one JSON object with the figures.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import type { aggregateDelivery } from '../lambda/core/aggregate';
import type { decodeData } from '../lambda/core/decode';
import type { analyze } from '../lambda/core/pipeline';
import { HANDLER_ENTRY, HANDLER_ESBUILD_OPTIONS } from '../lib/handler-bundling';
import { buildDelivery, type Delivery, keyedAccessDelivery } from './deliveries';

const ROOT = join(__dirname, '..');
const OUT = join(__dirname, 'out');
const T0 = Date.UTC(2026, 10, 25, 12, 0);
/** Settings the handler reads at cold start; no value here reaches a network. */
const STUB_ENV = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_SESSION_TOKEN: 'test',
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'bench-table',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:bench',
} as const;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// ---------------------------------------------------------------- throughput

/** The pure core as deployed: the same esbuild bundle, not tsx's on-the-fly transform of the sources. */
interface Core {
  readonly decodeData: typeof decodeData;
  readonly analyze: typeof analyze;
  readonly aggregateDelivery: typeof aggregateDelivery;
}

/** Names no cause: the pipeline with it measures everything but classification. */
const NO_CAUSE = () => undefined;

/**
 * decode → parse → join → classify → aggregate by api/stage/window/cause, as the handler does; with
 * `classifier` NO_CAUSE, the same work except classification.
 */
function runPipeline(
  { decodeData, analyze, aggregateDelivery }: Core,
  delivery: Delivery,
  classifier?: typeof NO_CAUSE,
): number {
  const payload = decodeData(delivery.data);
  const analysis = analyze(
    [{ source: { logGroup: payload.logGroup, logStream: payload.logStream }, events: payload.logEvents }],
    classifier,
  );
  const counts = aggregateDelivery(analysis, {
    windowMinutes: 5,
    countExecutionLogs: true,
    fallbackTimeMs: T0,
  });
  return counts.increments.length + analysis.stats.events;
}

const EXECUTION_LINE = /^\(([^)\s]+)\) (.*)$/s;

/** The least any analyzer must do: gunzip, parse the payload, parse each access line or match each execution line. */
function runBaseline(delivery: Delivery): number {
  const payload = JSON.parse(gunzipSync(Buffer.from(delivery.data, 'base64')).toString('utf8')) as {
    logEvents: { message: string }[];
  };
  let seen = 0;
  for (const event of payload.logEvents) {
    if (delivery.kind === 'access') {
      const record = JSON.parse(event.message) as { status?: number };
      if (record.status !== undefined) seen += 1;
    } else if (EXECUTION_LINE.exec(event.message)) {
      seen += 1;
    }
  }
  return seen;
}

/**
 * A reference, not a product: what an analyzer that classifies nothing would still do. Our decoder,
 * then each access line parsed and counted by api, stage and status class; each execution line's id
 * read and its lines grouped, with one look at the last line of each request. How close this comes to
 * the baseline shows how much of the baseline's time is left for classification at all.
 */
function runSkeleton({ decodeData }: Core, delivery: Delivery): number {
  const payload = decodeData(delivery.data);
  const counts = new Map<string, number>();
  if (delivery.kind === 'access') {
    for (const event of payload.logEvents) {
      const record = JSON.parse(event.message) as { apiId?: string; stage?: string; status?: number };
      const status = record.status ?? 0;
      const key = `${record.apiId}\u0000${record.stage}\u0000${status >= 500 ? 5 : status >= 400 ? 4 : 2}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts.size;
  }
  const trails = new Map<string, string[]>();
  for (const event of payload.logEvents) {
    const line = EXECUTION_LINE.exec(event.message);
    if (!line) continue;
    const [, id = '', message = ''] = line;
    const trail = trails.get(id);
    if (trail) trail.push(message);
    else trails.set(id, [message]);
  }
  for (const trail of trails.values()) {
    const last = trail.at(-1) ?? '';
    counts.set(last, (counts.get(last) ?? 0) + 1);
  }
  return counts.size;
}

/** Milliseconds per kind of delivery, for one round of one runner. */
type KindMs = Record<Delivery['kind'], number>;

function throughput(core: Core, deliveries: readonly Delivery[]) {
  const events = deliveries.reduce((sum, d) => sum + d.events.length, 0);
  // Each delivery is timed on its own too (a 1 MiB delivery takes milliseconds, so the clock reads
  // cost nothing), to tell how far each kind of log falls behind the baseline.
  const byKind: Map<(d: Delivery) => number, KindMs[]> = new Map();
  const timeAll = (run: (d: Delivery) => number) => {
    const start = process.hrtime.bigint();
    const kindMs: KindMs = { access: 0, execution: 0 };
    let sink = 0;
    for (const d of deliveries) {
      const deliveryStart = process.hrtime.bigint();
      sink += run(d);
      kindMs[d.kind] += msSince(deliveryStart);
    }
    if (sink < 0) throw new Error('unreachable');
    const total = msSince(start);
    byKind.set(run, [...(byKind.get(run) ?? []), kindMs]);
    return total;
  };
  // The decoder alone (validated base64, bounded gunzip, checked shape): the floor under the pipeline.
  const runDecode = (d: Delivery) => core.decodeData(d.data).logEvents.length;
  const runSkeletonCore = (d: Delivery) => runSkeleton(core, d);
  const runPipelineCore = (d: Delivery) => runPipeline(core, d);
  const runUnclassified = (d: Delivery) => runPipeline(core, d, NO_CAUSE);
  for (let i = 0; i < 3; i++) {
    timeAll(runBaseline);
    timeAll(runDecode);
    timeAll(runSkeletonCore);
    timeAll(runUnclassified);
    timeAll(runPipelineCore);
  }
  byKind.clear();
  const pipeline: number[] = [];
  const baseline: number[] = [];
  const decode: number[] = [];
  const skeleton: number[] = [];
  const unclassified: number[] = [];
  // Interleaved, so drift (GC, CPU frequency, other load) affects all alike.
  for (let i = 0; i < 9; i++) {
    baseline.push(timeAll(runBaseline));
    decode.push(timeAll(runDecode));
    skeleton.push(timeAll(runSkeletonCore));
    unclassified.push(timeAll(runUnclassified));
    pipeline.push(timeAll(runPipelineCore));
  }
  const pipelineMs = median(pipeline);
  const baselineMs = median(baseline);
  const decodeMs = median(decode);
  const skeletonMs = median(skeleton);
  const unclassifiedMs = median(unclassified);
  const kindMedian = (run: (d: Delivery) => number, kind: Delivery['kind']) =>
    median((byKind.get(run) ?? []).map((round) => round[kind]));
  const kindRatio = (kind: Delivery['kind']) =>
    kindMedian(runBaseline, kind) / kindMedian(runPipelineCore, kind);
  const decodeShare = (kind: Delivery['kind']) => kindMedian(runDecode, kind) / kindMedian(runBaseline, kind);
  return {
    accessVsBaseline: kindRatio('access'),
    executionVsBaseline: kindRatio('execution'),
    accessDecodeShare: decodeShare('access'),
    executionDecodeShare: decodeShare('execution'),
    events,
    pipelineMs,
    baselineMs,
    decodeMs,
    skeletonMs,
    unclassifiedMs,
    eventsPerSec: Math.round((events / pipelineMs) * 1000),
    baselineEventsPerSec: Math.round((events / baselineMs) * 1000),
    decodeEventsPerSec: Math.round((events / decodeMs) * 1000),
    skeletonEventsPerSec: Math.round((events / skeletonMs) * 1000),
    unclassifiedEventsPerSec: Math.round((events / unclassifiedMs) * 1000),
  };
}

// ---------------------------------------------------------------- cold start and memory

/** Bundles exactly as the stack's NodejsFunction does (lib/api-error-analyzer.ts `bundling`). */
function bundle(): void {
  mkdirSync(OUT, { recursive: true });
  const common = { ...HANDLER_ESBUILD_OPTIONS, mainFields: [...HANDLER_ESBUILD_OPTIONS.mainFields] };
  buildSync({
    ...common,
    entryPoints: [HANDLER_ENTRY],
    outfile: join(OUT, 'handler.js'),
  });
  // The pure core on its own, bundled the same way, so throughput and the memory probe run the
  // deployed code without a network.
  buildSync({
    ...common,
    stdin: {
      contents: [
        "export { decodeData } from './lambda/core/decode';",
        "export { analyze } from './lambda/core/pipeline';",
        "export { aggregateDelivery } from './lambda/core/aggregate';",
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
      sourcefile: 'core-entry.ts',
    },
    outfile: join(OUT, 'core.js'),
  });
}

const COLD_START_PAIRS = 15;

function timeNode(args: readonly string[]): number {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...STUB_ENV },
    encoding: 'utf8',
  });
  const ms = msSince(start);
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${child.stderr}`);
  return ms;
}

/**
 * Pairs a bare start with a handler start, back to back, and takes the median of the differences:
 * on a shared machine the cost of starting node drifts by tens of milliseconds, and a pair sees
 * the same drift on both sides.
 */
function coldStart() {
  const bare: number[] = [];
  const handler: number[] = [];
  const over: number[] = [];
  timeNode(['-e', "require('./bench/out/handler.js')"]);
  for (let i = 0; i < COLD_START_PAIRS; i++) {
    const b = timeNode(['-e', '0']);
    const h = timeNode(['-e', "require('./bench/out/handler.js')"]);
    bare.push(b);
    handler.push(h);
    over.push(h - b);
  }
  return { bareMs: median(bare), handlerMs: median(handler), initMsOverNode: median(over) };
}

/** Runs one delivery end to end in a fresh process that has also loaded the real handler bundle. */
function peakRss(delivery: Delivery) {
  writeFileSync(join(OUT, 'delivery.b64'), delivery.data);
  const script = `
    const { readFileSync } = require('node:fs');
    require('./bench/out/handler.js');
    const core = require('./bench/out/core.js');
    const hwm = () => Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
    const loaded = hwm();
    const data = readFileSync('./bench/out/delivery.b64', 'utf8');
    const payload = core.decodeData(data);
    const analysis = core.analyze([{ source: { logGroup: payload.logGroup }, events: payload.logEvents }]);
    core.aggregateDelivery(analysis, { windowMinutes: 5, countExecutionLogs: true, fallbackTimeMs: 0 });
    console.log(JSON.stringify({ loaded, peak: Math.max(hwm(), process.resourceUsage().maxRSS * 1024), events: analysis.stats.events }));`;
  const child = spawnSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: { ...process.env, ...STUB_ENV },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`memory probe failed: ${child.stderr}`);
  const result = JSON.parse(child.stdout.trim()) as { loaded: number; peak: number; events: number };
  return { loadedMb: result.loaded / 2 ** 20, peakRssMb: result.peak / 2 ** 20, events: result.events };
}

// ---------------------------------------------------------------- DynamoDB calls per delivery

/** A loopback proxy in front of dynalite that counts every DynamoDB call by operation. */
async function countingProxy(target: string) {
  const counts = new Map<string, number>();
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? 'unknown').replace(/^DynamoDB_\d+\./, '');
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (reply) => {
        res.writeHead(reply.statusCode ?? 500, reply.headers);
        reply.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function dynamoCalls() {
  const { startDynalite } = await import('../test/support/dynalite');
  const { startSnsServer } = await import('../test/support/sns-server');
  const { startCloudWatchLogsServer } = await import('../test/support/cloudwatch-logs-server');
  const dynamo = await startDynalite('bench-counters');
  const proxy = await countingProxy(dynamo.endpoint);
  const sns = await startSnsServer();
  const logs = await startCloudWatchLogsServer(() => ({ ok: { events: [], searchedLogStreams: [] } }));
  Object.assign(process.env, STUB_ENV, {
    AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.url,
    TABLE_NAME: dynamo.tableName,
    // Thresholds out of reach: this measures counting, not alerting (an alert adds a few calls once per incident).
    SERVER_ERROR_THRESHOLD: '1000000',
    LIMIT_ERROR_THRESHOLD: '1000000',
    CLIENT_ERROR_THRESHOLD: '1000000',
    MIN_REQUESTS: '1000000',
    COUNT_EXECUTION_LOGS: 'false',
    EXECUTION_LOG_GROUPS: '',
  });
  const { handler } = await import('../lambda/handler');
  const log = console.log;
  const results: { events: number; calls: number; byOperation: Record<string, number> }[] = [];
  try {
    // Silence the handler's per-failure log lines while it runs.
    console.log = () => undefined;
    for (const [events, seed] of [
      [100, 1],
      [1000, 2],
    ] as const) {
      proxy.counts.clear();
      await handler(keyedAccessDelivery(events, seed, T0));
      const byOperation = Object.fromEntries(proxy.counts);
      const calls = [...proxy.counts.values()].reduce((a, b) => a + b, 0);
      results.push({ events, calls, byOperation });
    }
  } finally {
    console.log = log;
    await Promise.all([proxy.close(), dynamo.close(), sns.close(), logs.close()]);
  }
  return results;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  // On Node < 22 the AWS SDK prints a 7-line NodeVersionSupportWarning when the handler creates its
  // clients, above the table; the Lambda runtime (Node 24) prints none. The SDK's own switch, as in
  // cli/main.ts; set before any child starts, so the cold-start and memory probes inherit it too.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const started = process.hrtime.bigint();
  const deliveries = [1, 2, 3].flatMap((seed) => [
    buildDelivery('access', seed),
    buildDelivery('execution', 100 + seed),
  ]);
  const mib = deliveries.reduce((s, d) => s + d.uncompressedBytes, 0) / 2 ** 20;
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}; ${deliveries.length} deliveries, ${mib.toFixed(1)} MiB uncompressed`,
  );

  bundle();
  const t = throughput(require(join(OUT, 'core.js')) as Core, deliveries);
  const ratio = t.baselineMs / t.pipelineMs;
  const cold = coldStart();
  const memory = peakRss(deliveries[1] ?? (deliveries[0] as Delivery));
  const dynamo = await dynamoCalls();

  const rows: [string, string, string][] = [
    ['pipeline events/s (decode→parse→classify→aggregate)', t.eventsPerSec.toLocaleString('en'), ''],
    [
      'baseline events/s (gunzip+JSON.parse+parse/regex per line)',
      t.baselineEventsPerSec.toLocaleString('en'),
      '',
    ],
    [
      'decode only events/s (validated base64, bounded gunzip, checked shape)',
      t.decodeEventsPerSec.toLocaleString('en'),
      `takes ${((t.decodeMs / t.baselineMs) * 100).toFixed(0)} % of the baseline's time`,
    ],
    [
      'skeleton events/s (decode, parse and count by status class, no classification)',
      t.skeletonEventsPerSec.toLocaleString('en'),
      `keeps ${((t.baselineMs / t.skeletonMs) * 100).toFixed(0)} % of the baseline's speed: the room left for classification`,
    ],
    [
      'unclassified events/s (the pipeline with a classifier that names no cause)',
      t.unclassifiedEventsPerSec.toLocaleString('en'),
      `keeps ${((t.baselineMs / t.unclassifiedMs) * 100).toFixed(0)} % of the baseline's speed; classification takes ${(((t.pipelineMs - t.unclassifiedMs) / t.baselineMs) * 100).toFixed(0)} % of the baseline's time, and ${(((t.baselineMs / 0.8 - t.unclassifiedMs) / t.baselineMs) * 100).toFixed(0)} % would keep 80 %`,
    ],
    ['pipeline vs baseline', `${(ratio * 100).toFixed(0)} %`, ratio >= 0.8 ? 'ok (≥ 80 %)' : 'BELOW 80 %'],
    [
      '  of which: access-log deliveries',
      `${(t.accessVsBaseline * 100).toFixed(0)} %`,
      `on the access deliveries alone; the decoder takes ${(t.accessDecodeShare * 100).toFixed(0)} % of their baseline's time`,
    ],
    [
      '  of which: execution-log deliveries',
      `${(t.executionVsBaseline * 100).toFixed(0)} %`,
      `on the execution deliveries alone; the decoder takes ${(t.executionDecodeShare * 100).toFixed(0)} % of their baseline's time`,
    ],
    [
      'cold start: require(handler bundle) − node -e 0',
      `${cold.initMsOverNode.toFixed(0)} ms`,
      `${cold.initMsOverNode <= 150 ? 'ok (≤ 150 ms)' : 'ABOVE 150 ms'}; node -e 0 itself: ${cold.bareMs.toFixed(0)} ms`,
    ],
    [
      'peak RSS, one 1 MiB delivery, fresh process',
      `${memory.peakRssMb.toFixed(0)} MB`,
      memory.peakRssMb <= 128 ? 'ok (≤ 128 MB)' : 'ABOVE 128 MB',
    ],
    ...dynamo.map((d): [string, string, string] => [
      `DynamoDB calls, delivery of ${d.events} events`,
      String(d.calls),
      Object.entries(d.byOperation)
        .map(([op, n]) => `${op} ${n}`)
        .join(', '),
    ]),
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [name, value, note] of rows)
    console.log(`${name.padEnd(width)}  ${value.padStart(12)}  ${note}`);
  console.log(
    `(${t.events} events per round; medians of 9 interleaved rounds after 3 warm-ups; cold start median of ${COLD_START_PAIRS} paired differences; handler bundle loaded at ${memory.loadedMb.toFixed(0)} MB RSS; ${msSince(started).toFixed(0)} ms total)`,
  );
  console.log(
    JSON.stringify({
      pipelineVsBaseline: Number(ratio.toFixed(3)),
      accessVsBaseline: Number(t.accessVsBaseline.toFixed(3)),
      executionVsBaseline: Number(t.executionVsBaseline.toFixed(3)),
      eventsPerSec: t.eventsPerSec,
      baselineEventsPerSec: t.baselineEventsPerSec,
      decodeOnlyEventsPerSec: t.decodeEventsPerSec,
      skeletonVsBaseline: Number((t.baselineMs / t.skeletonMs).toFixed(3)),
      unclassifiedVsBaseline: Number((t.baselineMs / t.unclassifiedMs).toFixed(3)),
      initMsOverNode: Number(cold.initMsOverNode.toFixed(1)),
      peakRssMb: Number(memory.peakRssMb.toFixed(1)),
      dynamoCallsPerDelivery: Object.fromEntries(dynamo.map((d) => [String(d.events), d.calls])),
    }),
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  // The minified bundles would otherwise be linted by `biome check .`; they are rebuilt on every run.
  .finally(() => rmSync(OUT, { recursive: true, force: true }));
