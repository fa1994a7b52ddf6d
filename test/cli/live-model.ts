/**
 * A model of live mode for the model-based test (./live.model.test.ts): generated log groups holding
 * real samples' lines as events at times in, on the edges of and outside the --since/--until range,
 * and per group a script of FilterLogEvents answers (pages of random sizes, empty pages that hand
 * back the nextToken they were sent, throttling and 5xx answers) that the loopback server plays to
 * the real CLI. The reference is the offline pipeline (parseInput/analyze) over the in-range events,
 * selected as the README's "Live mode" section says: both ends included.
 *
 * Every message is a real sample's line (test/support/real-logs.ts); the group names, event ids,
 * times and the server's answers are SYNTHETIC.
 */
import fc from 'fast-check';
import { parseInput } from '../../cli/input';
import { renderJsonLines, renderReport, renderUnparsedSummary } from '../../cli/report';
import { analyze } from '../../lambda/core/pipeline';
import type { LogsCall, LogsReply } from '../support/cloudwatch-logs-server';
import { realLogs } from '../support/real-logs';

export const MODEL_NOW = Date.parse('2026-11-25T12:00:00Z');
const HOUR = 3_600_000;
/** The reader's bounds (README "Live mode"): 6 retries of a page, 100 same-token empty pages. */
export const MAX_RETRIES = 6;
export const MAX_SAME_TOKEN_PAGES = 100;

/** Samples of at most a few dozen non-empty lines, so a run stays fast. */
const SAMPLES = realLogs()
  .map((s) => ({ id: s.id, lines: s.lines.filter((l) => l.trim() !== '') }))
  .filter((s) => s.lines.length > 0 && s.lines.length <= 40);

/** Where a sample's first event lies, relative to the range [since, until]. */
const PLACES = [
  'beforeSince',
  'onSince',
  'inside',
  'straddleUntil',
  'onUntil',
  'afterUntil',
  'farOut',
] as const;
type Place = (typeof PLACES)[number];

interface SampleSpec {
  readonly sample: number;
  readonly place: Place;
  /** 0: every line in the same millisecond; 1: a millisecond apart. */
  readonly step: 0 | 1;
  readonly offset: number;
}

export type Failure =
  | 'throttle'
  | 'limit'
  | 'internal'
  | 'unavailable'
  | 'proxy502'
  | 'proxy503'
  | 'proxy504';
export const FAILURES: readonly Failure[] = [
  'throttle',
  'limit',
  'internal',
  'unavailable',
  'proxy502',
  'proxy503',
  'proxy504',
];

/**
 * One stretch of a group's answers: failures, then empty same-token pages (with failures amid them,
 * which do not end the run), then a page of events.
 */
export interface Segment {
  readonly failures: readonly Failure[];
  readonly stuck: number;
  readonly amidStuck: readonly Failure[];
  readonly size: number;
}

export interface GroupSpec {
  readonly name: string;
  readonly samples: readonly SampleSpec[];
  readonly script: readonly Segment[];
  /** How the group is named on the command line, and whether it is named twice. */
  readonly naming: 'name' | 'arn' | 'arnStar' | 'nameTwice' | 'arnBoth';
  /** The Region an ARN names (a name is read in AWS_REGION's, us-east-1). */
  readonly region: string;
}

export interface RangeSpec {
  readonly since?: { readonly ms: number; readonly form: 'iso' | 'isoNoMs' | 'offset' | 'duration' };
  readonly until?: { readonly ms: number; readonly form: 'iso' | 'isoNoMs' | 'offset' | 'duration' };
}

export interface Scenario {
  /** --json, or the default report. */
  readonly json: boolean;
  /** Whether stderr is a terminal (progress redrawn in place) or not (a line every 10 pages). */
  readonly tty: boolean;
  readonly range: RangeSpec;
  readonly groups: readonly GroupSpec[];
}

const apiId = fc.stringMatching(/^[a-z0-9]{10}$/);
const groupName = fc.oneof(
  fc.nat({ max: 99 }).map((n) => `/aws/apigateway/model-access-${n}`),
  fc
    .tuple(apiId, fc.constantFrom('prod', 'dev', 'v1'))
    .map(([id, stage]) => `API-Gateway-Execution-Logs_${id}/${stage}`),
);

const sampleSpec: fc.Arbitrary<SampleSpec> = fc.record({
  sample: fc.nat({ max: SAMPLES.length - 1 }),
  place: fc.constantFrom(...PLACES),
  step: fc.constantFrom(0 as const, 1 as const),
  offset: fc.nat({ max: 5 }),
});

const failure = fc.constantFrom(...FAILURES);

export const segment: fc.Arbitrary<Segment> = fc.record({
  failures: fc.oneof(
    { weight: 4, arbitrary: fc.constant([]) },
    { weight: 2, arbitrary: fc.array(failure, { minLength: 1, maxLength: MAX_RETRIES }) },
  ),
  stuck: fc.oneof(
    { weight: 6, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }) },
    { weight: 1, arbitrary: fc.integer({ min: MAX_SAME_TOKEN_PAGES - 3, max: MAX_SAME_TOKEN_PAGES - 1 }) },
  ),
  amidStuck: fc.oneof(
    { weight: 4, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(failure, { minLength: 1, maxLength: MAX_RETRIES }) },
  ),
  size: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 4, max: 30 })),
});

/** A time point in one of its written forms; whole seconds for the forms that cannot say milliseconds. */
function timeArb(back: fc.Arbitrary<number>) {
  return fc
    .tuple(back, fc.constantFrom('iso' as const, 'isoNoMs' as const, 'offset' as const, 'duration' as const))
    .map(([ms, form]) => {
      // A duration counts back from now; a time ahead of now is written as an ISO time.
      if (form === 'duration' && ms > 0) return { ms: MODEL_NOW - Math.ceil(ms / 60_000) * 60_000, form };
      if (form === 'duration') return { ms: MODEL_NOW - ms, form: 'iso' as const };
      if (form === 'iso') return { ms: MODEL_NOW - ms, form };
      return { ms: MODEL_NOW - Math.ceil(ms / 1000) * 1000, form };
    });
}

const rangeSpec: fc.Arbitrary<RangeSpec> = fc
  .record({
    since: fc.option(timeArb(fc.integer({ min: 2 * HOUR, max: 3 * HOUR })), { nil: undefined }),
    // Up to half an hour ahead: an --until alone may reach up to an hour ahead of now.
    until: fc.option(timeArb(fc.integer({ min: -HOUR / 2, max: HOUR })), { nil: undefined }),
  })
  .map((r) => ({
    ...(r.since === undefined ? {} : { since: r.since }),
    ...(r.until === undefined ? {} : { until: r.until }),
  }));

export const scenario: fc.Arbitrary<Scenario> = fc.record({
  json: fc.boolean(),
  tty: fc.boolean(),
  range: rangeSpec,
  groups: fc.uniqueArray(
    fc.record({
      name: groupName,
      samples: fc.array(sampleSpec, { minLength: 1, maxLength: 4 }),
      script: fc.array(segment, { maxLength: 6 }),
      region: fc.constantFrom('us-east-1', 'eu-west-1'),
      naming: fc.constantFrom(
        'name' as const,
        'arn' as const,
        'arnStar' as const,
        'nameTwice' as const,
        'arnBoth' as const,
      ),
    }),
    { minLength: 1, maxLength: 3, selector: (g) => g.name },
  ),
});

function written(point: NonNullable<RangeSpec['since']>): string {
  const iso = new Date(point.ms).toISOString();
  switch (point.form) {
    case 'iso':
      return iso;
    case 'isoNoMs':
      return iso.replace(/\.\d{3}Z$/, 'Z');
    case 'offset':
      // The same instant at +01:00.
      return `${new Date(point.ms + HOUR).toISOString().replace(/\.\d{3}Z$/, '')}+01:00`;
    case 'duration':
      return `${(MODEL_NOW - point.ms) / 60_000}m`;
  }
}

/** The range the README promises: --until defaults to now, --since to an hour before --until. */
function rangeOf(range: RangeSpec): { since: number; until: number } {
  const until = range.until?.ms ?? MODEL_NOW;
  return { since: range.since?.ms ?? until - HOUR, until };
}

export function argvOf(s: Scenario): string[] {
  const argv = s.json ? ['classify', '--json'] : ['classify'];
  for (const g of s.groups) {
    const arn = `arn:aws:logs:${g.region}:123456789012:log-group:${g.name}`;
    const names = {
      name: [g.name],
      nameTwice: [g.name, g.name],
      arn: [arn],
      arnStar: [`${arn}:*`],
      arnBoth: [arn, `${arn}:*`],
    }[g.naming];
    for (const n of names) argv.push('--log-group', n);
  }
  if (s.range.since !== undefined) argv.push('--since', written(s.range.since));
  if (s.range.until !== undefined) argv.push('--until', written(s.range.until));
  return argv;
}

interface ModelEvent {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly eventId: string;
  readonly message: string;
}

function firstTime(place: Place, offset: number, lines: number, since: number, until: number): number {
  switch (place) {
    case 'beforeSince':
      return since - Math.max(1, Math.floor(lines / 2)) - offset;
    case 'onSince':
      return since;
    case 'inside':
      return since + Math.floor((until - since) / 2) + offset * 1000;
    case 'straddleUntil':
      return until - Math.floor(lines / 2);
    case 'onUntil':
      return until;
    case 'afterUntil':
      return until + 1 + offset;
    case 'farOut':
      return offset % 2 === 0 ? since - HOUR : until + HOUR;
  }
}

/** A group's events in the order FilterLogEvents returns them: by time, then as written. */
export function groupEvents(g: GroupSpec, range: RangeSpec): ModelEvent[] {
  const { since, until } = rangeOf(range);
  const events: ModelEvent[] = [];
  g.samples.forEach((spec, n) => {
    const sample = SAMPLES[spec.sample];
    if (sample === undefined) return;
    const start = firstTime(spec.place, spec.offset, sample.lines.length, since, until);
    sample.lines.forEach((message, i) => {
      const timestamp = start + i * spec.step;
      events.push({
        logStreamName: `stream-${n}-${sample.id}`,
        timestamp,
        ingestionTime: timestamp + 500,
        eventId: `${n}-${i}`,
        message,
      });
    });
  });
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.timestamp - b.e.timestamp || a.i - b.i)
    .map(({ e }) => e);
}

/**
 * What the offline pipeline prints (stdout, and the unparsed summary on stderr) for the events the
 * README's range selects (both ends included), each group once.
 */
export function expectedOutput(s: Scenario): { stdout: string; unparsed: string } {
  const { since, until } = rangeOf(s.range);
  const lines: string[] = [];
  for (const g of s.groups) {
    const inRange = groupEvents(g, s.range).filter((e) => e.timestamp >= since && e.timestamp <= until);
    const streams = new Map<string, ModelEvent[]>();
    for (const e of inRange) streams.set(e.logStreamName, [...(streams.get(e.logStreamName) ?? []), e]);
    for (const [logStream, events] of streams) {
      lines.push(
        JSON.stringify({
          messageType: 'DATA_MESSAGE',
          owner: '123456789012',
          logGroup: g.name,
          logStream,
          subscriptionFilters: [],
          logEvents: events.map((e) => ({ id: e.eventId, timestamp: e.timestamp, message: e.message })),
        }),
      );
    }
  }
  const batches = (lines.length === 0 ? [] : parseInput(lines.join('\n'), 'model').batches).map(
    ({ source, events }) => ({
      source: {
        logGroup: source.logGroup,
        ...(source.logStream === undefined ? {} : { logStream: source.logStream }),
      },
      events,
    }),
  );
  const analysis = analyze(batches);
  return {
    stdout: s.json ? renderJsonLines(analysis.failures) : renderReport(analysis, { color: false }),
    unparsed: lines.length === 0 ? noEventsLine(s, since, until) : renderUnparsedSummary(analysis.unparsed),
  };
}

/** What the README says a pull that finds no event writes on stderr: the groups and the range pulled, in UTC. */
function noEventsLine(s: Scenario, since: number, until: number): string {
  // A group is pulled once, by its ARN (without `:*`) when one names it.
  const pulled = [
    ...new Set(
      s.groups.map((g) =>
        g.naming === 'name' || g.naming === 'nameTwice'
          ? g.name
          : `arn:aws:logs:${g.region}:123456789012:log-group:${g.name}`,
      ),
    ),
  ];
  const named =
    pulled.length > 3
      ? `${pulled.length} log groups`
      : pulled.length > 1
        ? `${pulled.slice(0, -1).join(', ')} or ${pulled.at(-1)}`
        : (pulled[0] ?? '');
  const range = `from ${new Date(since).toISOString()} to ${new Date(until).toISOString()}`;
  return `apigw-errors: no log event in ${named} ${range} (times are UTC, and a time given without an offset is read as UTC)\n`;
}

const PROXY_BODY = {
  proxy502: '',
  proxy503: '<html><body>503 Service Unavailable</body></html>',
  proxy504: 'Gateway Timeout',
};

function failureReply(f: Failure): LogsReply {
  switch (f) {
    case 'throttle':
      return { error: 'ThrottlingException', message: 'Rate exceeded' };
    case 'limit':
      return { error: 'LimitExceededException', message: 'Resource limit exceeded' };
    case 'internal':
      return { error: 'InternalFailure', message: 'synthetic internal failure', status: 500 };
    case 'unavailable':
      return { error: 'ServiceUnavailableException', message: 'synthetic unavailable', status: 503 };
    case 'proxy502':
    case 'proxy503':
    case 'proxy504':
      return {
        raw: {
          status: Number(f.slice(5)),
          contentType: f === 'proxy503' ? 'text/html' : 'text/plain',
          body: PROXY_BODY[f],
        },
      };
  }
}

type Answer =
  | { readonly kind: 'fail'; readonly failure: Failure }
  | { readonly kind: 'stuck' }
  | { readonly kind: 'page'; readonly size: number };

/**
 * Plays one group's script: each call gets the next answer; a page hands out the next events of the
 * range the call asked for (as the service filters, both ends included) and a new token while events
 * or answers remain. A token the CLI did not get back refuses the call, as the service would.
 */
export class ScriptedGroup {
  private readonly script: readonly Answer[];
  private answers: Answer[] = [];
  private events: ModelEvent[] | undefined;
  private cursor = 0;
  private token: string | undefined;
  private tokens = 0;
  done = false;
  /** Pulls begun: a call without a token after the group was read to its end starts another. */
  pulls = 1;

  constructor(
    private readonly all: readonly ModelEvent[],
    script: readonly Segment[],
  ) {
    this.script = script.flatMap((s) => [
      ...s.failures.map((failure) => ({ kind: 'fail' as const, failure })),
      ...Array.from({ length: s.stuck }, (_, i) => ({ kind: 'stuck' as const, i })).flatMap((stuck) => [
        // Between two same-token pages, so no more failures come in a row than the segment's own.
        ...(stuck.i > 0 && stuck.i === Math.floor(s.stuck / 2)
          ? s.amidStuck.map((failure) => ({ kind: 'fail' as const, failure }))
          : []),
        { kind: 'stuck' as const },
      ]),
      { kind: 'page' as const, size: s.size },
    ]);
    this.answers = [...this.script];
  }

  reply(call: LogsCall): LogsReply {
    const sent = call.body.nextToken as string | undefined;
    if (this.done && sent === undefined) {
      // Read again (the group named twice and pulled twice): the service answers it afresh.
      this.pulls++;
      this.answers = [...this.script];
      this.events = undefined;
      this.cursor = 0;
      this.done = false;
    }
    if (sent !== this.token)
      return {
        error: 'InvalidParameterException',
        message: `model: expected token ${this.token}, got ${sent}`,
      };
    if (this.events === undefined) {
      const start = call.body.startTime as number;
      const end = call.body.endTime as number;
      this.events = this.all.filter((e) => e.timestamp >= start && e.timestamp <= end);
    }
    const answer = this.answers.shift() ?? { kind: 'page', size: Number.MAX_SAFE_INTEGER };
    if (answer.kind === 'fail') return failureReply(answer.failure);
    if (answer.kind === 'stuck') {
      // The first call has no token to hand back: it hands out one, as an empty first page does.
      this.token ??= `t${++this.tokens}`;
      return { ok: { events: [], nextToken: this.token, searchedLogStreams: [] } };
    }
    const page = this.events.slice(this.cursor, this.cursor + answer.size);
    this.cursor += page.length;
    const more = this.cursor < this.events.length || this.answers.length > 0;
    this.token = more ? `t${++this.tokens}` : undefined;
    if (!more) this.done = true;
    return { ok: { events: page, ...(this.token === undefined ? {} : { nextToken: this.token }) } };
  }
}
