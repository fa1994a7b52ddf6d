/**
 * Metamorphic test: one REST execution trail reaches the analyzer in several shapes (CloudWatch events
 * `(requestId) message`, a subscription payload, ISO-stamped lines with or without the id, console
 * test-invoke output with or without its `Execution log for request` header, bare messages), alone or
 * pasted after another trail. Whatever the shape, each request must keep the cause, masked flag and
 * confidence its original gives it.
 *
 * The trails' messages are REAL: every execution trail of ../shared/corpus and of
 * test/fixtures/real-lines.json and real-successes.json, one per request, as the analyzer reads them
 * from the original. Only the wrappers are SYNTHETIC: request ids where the original named none (or
 * only the console's `test-request`), times where it had none, the stamps, headers, payload envelope,
 * and the pairing of trails from different sources.
 *
 * A paste without request ids keeps less: where two trails pasted one after the other leave no mark of
 * where one ends (see MARKED), they read as one request, and that is expected, not a defect.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInput } from '../../cli/input';
import { requestIdNamedIn } from '../../lambda/core/execution-log';
import { parseBatch } from '../../lambda/core/parse';
import { analyze } from '../../lambda/core/pipeline';
import { ANONYMOUS_ID_PREFIX, type ClassifiedRequest } from '../../lambda/core/types';
import { requireCorpus } from '../support/corpus';
import { realSampleTexts } from '../support/real-logs';

/** SYNTHETIC time for lines whose original carried none. */
const T0 = Date.UTC(2021, 10, 29, 13, 31, 4);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Line {
  /** The message as API Gateway wrote it, continuation lines of a multi-line event included. */
  readonly message: string;
  readonly timeMs: number;
}

interface Trail {
  readonly name: string;
  readonly id: string;
  readonly lines: readonly Line[];
  /** The original's classification of this request: none when it did not fail. */
  readonly expected: string | undefined;
}

/** What must survive a change of shape: the cause, the masked flag and the confidence. */
function summary(failure: ClassifiedRequest): string {
  return `${failure.cause}${failure.masked ? ' (masked)' : ''} ${failure.confidence}`;
}

/** Every request of every source that is execution lines only, with the original's verdict on it. */
function realTrails(): Trail[] {
  const trails: Trail[] = [];
  let synthetic = 0;
  for (const [name, text] of realSampleTexts()) {
    const { batches } = parseInput(text, `${name}.log`);
    const analysis = analyze(batches);
    if (analysis.stats.executionLines === 0 || analysis.stats.accessLines > 0) continue;
    const requests = new Map<string, { readonly message: string; readonly timeMs?: number }[]>();
    // The ids analyze gives each batch's lines, so that its failures can be matched to them.
    batches.forEach((batch, index) => {
      for (const line of parseBatch(batch, index).execution) {
        const id = line.requestId ?? '';
        requests.set(id, [...(requests.get(id) ?? []), line]);
      }
    });
    for (const [requestId, lines] of requests) {
      const named = lines.map((line) => requestIdNamedIn(line.message)).find((id) => id && UUID.test(id));
      synthetic += 1;
      const id =
        named ??
        (UUID.test(requestId) && !requestId.startsWith(ANONYMOUS_ID_PREFIX)
          ? requestId
          : `00000000-0000-4000-8000-${String(synthetic).padStart(12, '0')}`);
      const failures = analysis.failures.filter((f) => f.requestId === requestId);
      assert.ok(failures.length <= 1, name);
      trails.push({
        name: `${name}#${trails.length}`,
        id,
        lines: lines.map((line) => ({
          message: line.message,
          timeMs: line.timeMs !== undefined && line.timeMs > 0 ? line.timeMs : T0,
        })),
        expected: failures[0] && summary(failures[0]),
      });
    }
  }
  return trails;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const two = (n: number) => String(n).padStart(2, '0');
/** The console's stamp, `Mon Nov 29 13:31:04 UTC 2021 : `. */
function consoleStamp(ms: number): string {
  const d = new Date(ms);
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${time} UTC ${d.getUTCFullYear()} : `;
}
const iso = (ms: number) => new Date(ms).toISOString();

/** A shape: the trails' text as one input, and whether it carries the request id. */
interface Shape {
  readonly render: (trails: readonly Trail[]) => string;
  readonly ids: boolean;
  /** Whether each line carries its time. */
  readonly timed: boolean;
}

const lineShape = (ids: boolean, timed: boolean, line: (t: Trail, l: Line) => string): Shape => ({
  render: (trails) => trails.flatMap((t) => t.lines.map((l) => line(t, l))).join('\n'),
  ids,
  timed,
});

/** Each shape the same trail reaches the CLI in (cli/input.ts reads them all). */
const SHAPES: Readonly<Record<string, Shape>> = {
  // CloudWatch's own events, pasted: a multi-line event's body continues on the lines below.
  'CloudWatch lines (id) message': lineShape(true, false, (t, l) => `(${t.id}) ${l.message}`),
  // The same events delivered by a subscription: a multi-line event is one event.
  'subscription payload': {
    render: (trails) =>
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod',
        logStream: '0123456789abcdef0123456789abcdef',
        subscriptionFilters: ['apigw-errors'],
        logEvents: trails.flatMap((t, j) =>
          t.lines.map((l, i) => ({
            id: `${j}.${i}`,
            timestamp: l.timeMs,
            message: `(${t.id}) ${l.message}`,
          })),
        ),
      }),
    ids: true,
    timed: true,
  },
  'ISO stamp, then (id) message': lineShape(true, true, (t, l) => `${iso(l.timeMs)}\t(${t.id}) ${l.message}`),
  'ISO stamp, then a bare message': lineShape(false, true, (_t, l) => `${iso(l.timeMs)} ${l.message}`),
  'console output under its header': {
    render: (trails) =>
      trails
        .flatMap((t) => [
          `Execution log for request ${t.id}`,
          ...t.lines.map((l) => `${consoleStamp(l.timeMs)}${l.message}`),
        ])
        .join('\n'),
    ids: true,
    timed: true,
  },
  'console output without its header': lineShape(
    false,
    true,
    (_t, l) => `${consoleStamp(l.timeMs)}${l.message}`,
  ),
  'bare messages': lineShape(false, false, (_t, l) => l.message),
};

function failuresOf(shape: Shape, trails: readonly Trail[]) {
  const analysis = analyze(parseInput(shape.render(trails), 'shapes.log').batches);
  return { requests: analysis.stats.requests, failures: analysis.failures };
}

/** The phases of a REST trail in the order API Gateway logs them, and the line that opens each. */
const OPENING: readonly (readonly [RegExp, number])[] = [
  [/^Starting authorizer/, 1],
  [/^Verifying Usage Plan/, 2],
  [/^Starting execution/, 3],
];
/** Lines written only in one phase, or (4) after which the request has failed. */
const REACHED: readonly (readonly [RegExp, number])[] = [
  [
    /^(?:Execution failed|Lambda (?:execution|invocation) failed|Unauthorized request|AuthorizerConfigurationException|Method completed|API Key\b.*\b(?:not authorized|exceeded)|(?:Key|Method|Stage|Account) throttle|User is not authorized|User: \S+ is not authorized to perform: execute-api:|The (?:client is not authorized|response from the Lambda Authorizer|IAM role configured))/,
    4,
  ],
  [
    /^(?:HTTP Method:|Method (?:request|response)|Received response|Endpoint response|Successfully completed execution|Request body does not match|Request validation|Missing required request)/,
    3,
  ],
  [/^(?:API Key\b.*\bauthorized because|Usage Plan check)/, 2],
  [
    /^(?:Incoming identity|Authorizer result body|Using valid authorizer policy|Successfully completed authorizer)/,
    1,
  ],
  ...OPENING,
];
const phaseOf = (table: typeof REACHED, message: string) =>
  table.find(([pattern]) => pattern.test(message))?.[1] ?? 0;
const FINAL_STATUS = /^Method completed with status:? ?(\d{3})$/;
const BEGINNING = /^(?:Starting execution|Extended Request Id)/;

/**
 * Whether a paste without ids still marks where trail `a` ends and `b` begins. It does when `b` starts
 * with a trail's first line (`Extended Request Id`), with the opening line of a phase `a` already
 * reached or passed, or naming another request id than `a` named; or when `a` ends with its final
 * status and `b` cannot be `a`'s own lines pasted newest first (README, "Execution logs"): `a`
 * succeeded or shows its beginning, `b` reaches its own final status, or `b`'s stamps are later.
 * Never when `b` is at most three lines, each word for word one of `a`'s, with no end and no id of its
 * own: a page quoting `a`'s decisive line again reads so.
 */
function marked(a: Trail, b: Trail, timed: boolean): boolean {
  const messages = new Set(a.lines.map((l) => l.message));
  const bNamed = b.lines.some((l) => requestIdNamedIn(l.message) !== undefined);
  const bEnds = b.lines.some((l) => FINAL_STATUS.test(l.message));
  if (b.lines.length <= 3 && !bEnds && !bNamed && b.lines.every((l) => messages.has(l.message))) return false;
  const first = b.lines[0]?.message ?? '';
  if (first.startsWith('Extended Request Id')) return true;
  const aNamed = a.lines.map((l) => requestIdNamedIn(l.message)).find((id) => id !== undefined);
  const firstNamed = requestIdNamedIn(first);
  if (aNamed !== undefined && firstNamed !== undefined && aNamed !== firstNamed) return true;
  const opening = phaseOf(OPENING, first);
  if (opening > 0 && Math.max(...a.lines.map((l) => phaseOf(REACHED, l.message))) >= opening) return true;
  const status = FINAL_STATUS.exec(a.lines.at(-1)?.message ?? '')?.[1];
  if (status === undefined) return false;
  return Number(status) < 400 || a.lines.some((l) => BEGINNING.test(l.message)) || bEnds || timed;
}

/** `b` with its times moved after `a`'s, as two trails pasted one after the other were logged. */
function after(a: Trail, b: Trail): Trail {
  const end = Math.max(...a.lines.map((l) => l.timeMs));
  const start = Math.min(...b.lines.map((l) => l.timeMs));
  const shift = start > end ? 0 : end - start + 60 * 60 * 1000;
  return { ...b, lines: b.lines.map((l) => ({ ...l, timeMs: l.timeMs + shift })) };
}

if (requireCorpus()) {
  const trails = realTrails();
  const failed = trails.filter((t) => t.expected !== undefined);
  const succeeded = trails.filter((t) => t.expected === undefined);

  describe('a real execution trail rewritten into each shape', () => {
    it('finds the real trails: failures and successes from the corpus and both fixture files', () => {
      assert.ok(failed.length >= 150, `${failed.length} failed trails`);
      assert.ok(succeeded.length >= 40, `${succeeded.length} successful trails`);
    });

    for (const [name, shape] of Object.entries(SHAPES)) {
      it(`keeps every trail's cause, masked flag and confidence as ${name}`, () => {
        const differences: string[] = [];
        for (const trail of trails) {
          const { requests, failures } = failuresOf(shape, [trail]);
          const got = failures.map(summary).join(', ') || undefined;
          if (requests !== 1 || got !== trail.expected)
            differences.push(
              `${trail.name}: ${trail.expected ?? 'no failure'} became ${got ?? 'no failure'} (${requests} requests)`,
            );
        }
        assert.deepEqual(differences, []);
      });
    }
  });

  describe('two real trails pasted one after the other', () => {
    /** Each failure after the next one, and each success before and after a failure. */
    const pairs: [Trail, Trail][] = [
      ...failed.map((t, i): [Trail, Trail] => [t, failed[(i + 1) % failed.length] as Trail]),
      ...succeeded.flatMap((s, i): [Trail, Trail][] => {
        const f = failed[(i * 7) % failed.length] as Trail;
        return [
          [s, f],
          [f, s],
        ];
      }),
    ].filter(([a, b]) => a.id !== b.id);

    for (const [name, shape] of Object.entries(SHAPES)) {
      it(`keeps two requests, each with its own cause and a success with none, as ${name}, where the paste marks where one ends`, () => {
        const differences: string[] = [];
        let checked = 0;
        for (const [a, b0] of pairs) {
          const b = after(a, b0);
          if (!shape.ids && !marked(a, b, shape.timed)) continue;
          checked += 1;
          const { requests, failures } = failuresOf(shape, [a, b]);
          // With ids, each failure must also be the request it was: its id, or its header's.
          const named = (t: Trail) => (shape.ids ? `${t.id} ${t.expected}` : t.expected);
          const want = [a, b].filter((t) => t.expected !== undefined).map(named);
          const got = failures.map((f) => (shape.ids ? `${f.requestId} ${summary(f)}` : summary(f)));
          if (requests !== 2 || got.join(' | ') !== want.join(' | '))
            differences.push(
              `${a.name} + ${b.name}: ${want.join(' | ') || 'no failure'} became ${got.join(' | ') || 'no failure'} (${requests} requests)`,
            );
        }
        assert.deepEqual(differences, []);
        // Shapes with ids mark every boundary; a paste without them still marks most.
        assert.ok(
          checked >= (shape.ids ? pairs.length : pairs.length / 2),
          `${checked} of ${pairs.length} checked`,
        );
      });
    }
  });

  it('keeps every real failure its own cause when all of them are pasted together with their ids', () => {
    const seen = new Set<string>();
    const distinct = trails.filter((t) => !seen.has(t.id) && seen.add(t.id));
    for (const [name, shape] of Object.entries(SHAPES)) {
      if (!shape.ids) continue;
      const { requests, failures } = failuresOf(shape, distinct);
      assert.equal(requests, distinct.length, name);
      assert.deepEqual(
        failures.map((f) => `${f.requestId} ${summary(f)}`),
        distinct.flatMap((t) => (t.expected === undefined ? [] : [`${t.id} ${t.expected}`])),
        name,
      );
    }
  });
}
