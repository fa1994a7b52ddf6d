/**
 * Model-based test of live mode (see ./live-model.ts): generated log groups of real samples' lines,
 * pulled by the real CLI with the real AWS SDK client from a loopback CloudWatch Logs whose answers
 * are scripted pages, same-token empty pages, throttling and 5xx answers. What the CLI prints with
 * --json must be what the offline pipeline gives for the events the README's range selects, each
 * group once; a script past the README's bounds must end with exit 2 and one line. Fixed seed and
 * bounded runs; FC_SEED=<n> (and FC_RUNS=<n>) explores other scenarios once, locally.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { EXIT } from '../../cli/main';
import {
  type CloudWatchLogsServer,
  type LogsCall,
  startCloudWatchLogsServer,
} from '../support/cloudwatch-logs-server';
import { setEnv, CLI_TEST_ENV as TEST_ENV } from '../support/env';
import { runCli } from './harness';
import {
  argvOf,
  expectedOutput,
  FAILURES,
  type Failure,
  groupEvents,
  MAX_RETRIES,
  MAX_SAME_TOKEN_PAGES,
  MODEL_NOW,
  type Scenario,
  ScriptedGroup,
  type Segment,
  scenario,
  segment,
} from './live-model';

const SEED = Number(process.env.FC_SEED ?? 20261126);
const RUNS = process.env.FC_RUNS === undefined ? undefined : Number(process.env.FC_RUNS);

let server: CloudWatchLogsServer;
let groups = new Map<string, ScriptedGroup>();
let restoreEnv: () => void = () => {};

before(async () => {
  server = await startCloudWatchLogsServer((call: LogsCall) => {
    const id = String(call.body.logGroupIdentifier ?? call.body.logGroupName ?? '');
    const name = id.replace(/^arn:aws:logs:[a-z0-9-]+:\d{12}:log-group:/, '');
    const group = groups.get(name);
    if (group === undefined) return { error: 'ResourceNotFoundException', message: `model: no group ${id}` };
    // A group named by its ARN is read in the ARN's Region, one named by name in AWS_REGION's.
    const region = /^arn:aws:logs:([a-z0-9-]+):/.exec(id)?.[1] ?? TEST_ENV.AWS_REGION;
    if (call.region !== region)
      return { error: 'InvalidParameterException', message: `model: ${id} signed for ${call.region}` };
    return group.reply(call);
  });
  restoreEnv = setEnv({ ...TEST_ENV, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: server.url });
});

after(async () => {
  restoreEnv();
  await server.close();
});

/** Backoff waits are recorded, not waited. */
const sleep = async (_ms: number) => {};

function serve(s: Scenario, scriptOf: (index: number) => readonly Segment[]): void {
  groups = new Map(s.groups.map((g, i) => [g.name, new ScriptedGroup(groupEvents(g, s.range), scriptOf(i))]));
  server.calls.length = 0;
}

/** stderr without the progress: lines every 10 pages, or on a terminal one line redrawn in place. */
function ownLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter(
      (l) =>
        l !== '' &&
        !l.startsWith('\r\u001b[K') &&
        !/^apigw-errors: pulling .*: [\d,]+ events, [\d,]+ pages/.test(l),
    );
}

const STACK = /\n\s+at /;

describe('live mode model', () => {
  it('prints for any pages, same-token pages, throttles and 5xx answers what the offline pipeline gives for the range', {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        serve(s, (i) => s.groups[i]?.script ?? []);
        const argv = argvOf(s);
        const result = await runCli(argv, { now: () => MODEL_NOW, sleep, stderrIsTTY: s.tty });
        const trace = `argv: ${JSON.stringify(argv)}\nstderr: ${result.stderr}`;
        assert.equal(result.code, EXIT.analyzed, trace);
        assert.doesNotMatch(result.stderr, STACK, trace);
        const expected = expectedOutput(s);
        assert.equal(result.stdout, expected.stdout, trace);
        assert.deepEqual(ownLines(result.stderr), ownLines(expected.unparsed), trace);
        // Each group pulled once, even when named twice.
        for (const [name, group] of groups) {
          assert.ok(group.done, `${name} not read to its end\n${trace}`);
          assert.equal(group.pulls, 1, `${name} pulled ${group.pulls} times\n${trace}`);
        }
      }),
      { seed: SEED, numRuns: RUNS ?? 60 },
    );
  });

  const throttles: readonly Failure[] = ['throttle', 'limit'];
  const failing = fc.oneof(
    fc
      .array(fc.constantFrom<Failure>(...FAILURES), {
        minLength: MAX_RETRIES + 1,
        maxLength: MAX_RETRIES + 3,
      })
      .map((failures) => ({
        kind: 'retries' as const,
        segment: { failures, stuck: 0, amidStuck: [], size: 1 },
      })),
    fc
      .integer({ min: MAX_SAME_TOKEN_PAGES + 1, max: MAX_SAME_TOKEN_PAGES + 5 })
      .map((stuck) => ({ kind: 'stuck' as const, segment: { failures: [], stuck, amidStuck: [], size: 1 } })),
  );

  it('ends a pull past the retry or same-token bound with exit 2 and one line that says what to do', {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        scenario,
        fc.nat(),
        fc.array(segment, { maxLength: 3 }),
        failing,
        async (s, pick, prefix, fail) => {
          const at = pick % s.groups.length;
          serve(s, (i) => (i === at ? [...prefix, fail.segment] : (s.groups[i]?.script ?? [])));
          const argv = argvOf(s);
          const result = await runCli(argv, { now: () => MODEL_NOW, sleep, stderrIsTTY: s.tty });
          const trace = `argv: ${JSON.stringify(argv)}\nstderr: ${result.stderr}`;
          assert.equal(result.code, EXIT.cannotRun, trace);
          assert.equal(result.stdout, '', trace);
          const lines = ownLines(result.stderr);
          assert.equal(lines.length, 1, trace);
          const name = (s.groups[at]?.name ?? '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
          const last = fail.segment.failures[MAX_RETRIES];
          const expected =
            fail.kind === 'stuck'
              ? `^apigw-errors: CloudWatch Logs returned the same nextToken for ${MAX_SAME_TOKEN_PAGES} pages in a row reading ${name}, with no events \\(retry later`
              : last !== undefined && throttles.includes(last)
                ? `^apigw-errors: still throttled reading ${name}: .* \\(FilterLogEvents allows 5 requests/s`
                : `^apigw-errors: CloudWatch Logs kept failing reading ${name} \\(HTTP 50\\d[^)]*\\) \\(a CloudWatch Logs outage`;
          assert.match(lines[0] ?? '', new RegExp(expected), trace);
        },
      ),
      { seed: SEED, numRuns: RUNS ?? 25 },
    );
  });
});

// The README's "up to 100 in a row" said 100 such pages were followed; the 100th ends the pull.
describe('live mode same-token bound, at its edge', () => {
  // SYNTHETIC answers around real lines (the first real sample's): `stuck` empty pages handing back
  // the token they were sent, then the events.
  for (const [stuck, code] of [
    [MAX_SAME_TOKEN_PAGES - 1, EXIT.analyzed],
    [MAX_SAME_TOKEN_PAGES, EXIT.cannotRun],
  ] as const) {
    it(`${code === EXIT.analyzed ? 'reads on after' : 'ends the pull at'} ${stuck} same-token empty pages in a row`, async () => {
      const s: Scenario = {
        json: true,
        tty: false,
        range: {},
        groups: [
          {
            name: '/aws/apigateway/model-access-0',
            samples: [{ sample: 0, place: 'inside', step: 1, offset: 0 }],
            script: [
              { failures: [], stuck: 0, amidStuck: [], size: 0 },
              { failures: [], stuck, amidStuck: [], size: 50 },
            ],
            naming: 'name',
            region: 'us-east-1',
          },
        ],
      };
      serve(s, () => s.groups[0]?.script ?? []);
      const result = await runCli(argvOf(s), { now: () => MODEL_NOW, sleep });
      assert.equal(result.code, code, result.stderr);
      // The first page, the same-token pages, then the events' page only when the pull read on.
      assert.equal(server.calls.length, 1 + stuck + (code === EXIT.analyzed ? 1 : 0), result.stderr);
    });
  }
});

describe('live mode, a group given by name and by ARN', () => {
  // The README: a name and an ARN are pulled apart, as the ARN may be another account's group; an
  // event CloudWatch names by one eventId is counted once however many times it is read.
  it('pulls it twice, once by name and once by ARN, and counts its events once', async () => {
    const s: Scenario = {
      json: false,
      tty: false,
      range: {},
      groups: [
        {
          name: '/aws/apigateway/model-access-0',
          samples: [{ sample: 0, place: 'inside', step: 1, offset: 0 }],
          script: [],
          naming: 'name',
          region: 'us-east-1',
        },
      ],
    };
    serve(s, () => []);
    const arn = `arn:aws:logs:us-east-1:123456789012:log-group:${s.groups[0]?.name}`;
    const result = await runCli([...argvOf(s), '--log-group', arn], { now: () => MODEL_NOW, sleep });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.deepEqual(
      server.calls.map((c) => c.body.logGroupIdentifier ?? c.body.logGroupName),
      [s.groups[0]?.name, arn],
    );
    assert.equal(result.stdout, expectedOutput(s).stdout);
  });
});
