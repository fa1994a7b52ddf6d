/**
 * `aws logs tail --format json` output (test/support/aws-logs-tail.ts: the AWS CLI's own formatter,
 * colour off): a header `<time> <log stream> ` per event, a JSON message pretty-printed on the lines
 * below it, any other message on the header's line. Each header and its message are one event, dated
 * by the header; the header is never a request of its own.
 *
 * The messages are REAL (named below); the headers, their times and stream names are SYNTHETIC.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInput } from '../../cli/input';
import { analyze } from '../../lambda/core/pipeline';
import { ANONYMOUS_ID_PREFIX } from '../../lambda/core/types';
import { awsLogsTailJson, type TailedEvent } from '../support/aws-logs-tail';
import { requireCorpus } from '../support/corpus';
import { realSample } from '../support/real-logs';

const STREAM = 'f525e7be-c42d-3f0d-a7c4-6a51d01da714';
/** 2026-09-08T02:31:12.345Z: a time with microseconds in Python's isoformat. */
const T0 = Date.UTC(2026, 8, 8, 2, 31, 12, 345);

function read(text: string) {
  const analysis = analyze(parseInput(text, 'tail.txt').batches);
  return {
    analysis,
    verdicts: analysis.failures.map((f) => [f.requestId, f.cause, f.masked, f.confidence, f.clientStatus]),
    anonymous: analysis.requests.filter((r) => r.requestId.startsWith(ANONYMOUS_ID_PREFIX)).length,
  };
}

/** SYNTHETIC: the messages tailed one second apart, the first at `from`. */
function tailed(messages: readonly string[], from: number): TailedEvent[] {
  return messages.map((message, i) => ({ timestamp: from + i * 1000, logStreamName: STREAM, message }));
}

// REAL: test/fixtures/real-lines.json GH-careervp-401-authorizer-error-field and
// GH-careervp-409-backend-conflict (ymeirovich/careervp docs): REST access lines with no time field.
const ACCESS = [
  ...realSample('GH-careervp-401-authorizer-error-field').lines,
  ...realSample('GH-careervp-409-backend-conflict').lines,
];

describe('aws logs tail --format json output', () => {
  it('reads each JSON message pretty-printed below its header as one event, dated by the header', () => {
    const text = awsLogsTailJson(tailed(ACCESS, T0));
    assert.match(text, /^2026-09-08T02:31:12\.345000\+00:00 f525e7be-\S+ \n\{\n {4}"status": "401",/);
    const plain = read(ACCESS.join('\n'));
    const tail = read(text);
    assert.deepEqual(tail.verdicts, plain.verdicts);
    assert.equal(tail.analysis.stats.events, ACCESS.length);
    assert.equal(tail.analysis.stats.requests, ACCESS.length);
    assert.equal(tail.anonymous, 0);
    assert.deepEqual(
      tail.analysis.failures.map((f) => f.time),
      ACCESS.map((_, i) => new Date(T0 + i * 1000).toISOString()),
    );
  });

  it('reads a header whose trailing space a copy from the terminal dropped', () => {
    const text = awsLogsTailJson(tailed(ACCESS, T0)).replace(/ +$/gm, '');
    const tail = read(text);
    assert.equal(tail.analysis.stats.events, ACCESS.length);
    assert.equal(tail.analysis.stats.requests, ACCESS.length);
    assert.equal(tail.anonymous, 0);
    assert.equal(tail.analysis.failures[0]?.time, new Date(T0).toISOString());
  });

  it("keeps an access line's own time under its header", () => {
    // REAL: test/fixtures/real-lines.json GH-oficina-http-api-backend-401
    // (FIAP-15SOAT/oficina-mecanica-gateway:docs/observability.md), requestTime 08/Sep/2026:02:31:12.
    const line = realSample('GH-oficina-http-api-backend-401').lines.join('\n');
    const tail = read(awsLogsTailJson(tailed([line], T0)));
    assert.deepEqual(tail.verdicts, read(line).verdicts);
    assert.equal(tail.analysis.failures[0]?.time, '2026-09-08T02:31:12.000Z');
  });

  it('reads no request from a header whose object was cut short in a copy', () => {
    // SYNTHETIC damage: the object's last lines left out, as a hand-trimmed copy may.
    const lines = awsLogsTailJson(tailed(ACCESS.slice(0, 1), T0)).split('\n');
    const tail = read(lines.slice(0, 3).join('\n'));
    assert.equal(tail.analysis.stats.requests, 0);
    assert.equal(tail.analysis.stats.unparsed, 2);
  });

  it('reads the whole event after a header whose object was cut short in a copy', () => {
    // SYNTHETIC damage: the first object's last lines left out, the next event whole below it. Both
    // objects' lines run to the second one's `}`: that closing line ends the second event only.
    const lines = awsLogsTailJson(tailed(ACCESS, T0)).split('\n');
    const secondHeader = lines.findIndex((line, i) => i > 0 && line.startsWith('2026-'));
    const text = [...lines.slice(0, secondHeader - 3), ...lines.slice(secondHeader)].join('\n');
    const tail = read(text);
    assert.deepEqual(tail.verdicts, read(ACCESS[1] ?? '').verdicts);
    assert.equal(tail.analysis.stats.requests, 1);
    assert.equal(tail.anonymous, 0);
    assert.equal(tail.analysis.failures[0]?.time, new Date(T0 + 1000).toISOString());
  });

  // What PrettyJSONLogEventsFormatter prints for a message that is no JSON object (aws/aws-cli
  // awscli/customizations/logs/tail.py): json.loads takes any JSON value, so an array is re-indented
  // below the header from a `[` alone to a `]` at the line's start, `[]`, `{}` and a scalar (a number,
  // a string, true, false, null) stand on the one line below it, and an empty or blank message leaves
  // the header alone on its line (the event is right-stripped). Each is one event, never a request of
  // its own. SYNTHETIC messages (API Gateway logs none of them), headers and times.
  const NOT_AN_OBJECT: readonly (readonly [what: string, message: string, unparsed: number])[] = [
    ['an array of objects', '[{"status": "500", "requestId": "abc-1"}, {"status": "200"}]', 1],
    ['an array of numbers', '[1, 2, 3]', 1],
    ['an empty array', '[]', 1],
    ['an empty object', '{}', 1],
    ['a number', '42', 1],
    ['a string', '"cache warmed"', 1],
    ['null', 'null', 1],
    ['an empty message', '', 0],
    ['a blank message', '   ', 0],
  ];
  for (const [what, message, unparsed] of NOT_AN_OBJECT) {
    it(`reads ${what} below its header as one event, no request (SYNTHETIC)`, () => {
      const text = awsLogsTailJson([...tailed([message], T0), ...tailed(ACCESS, T0 + 1000)]);
      const tail = read(text);
      assert.equal(tail.analysis.stats.events, 1 + ACCESS.length);
      assert.equal(tail.analysis.stats.requests, ACCESS.length);
      assert.equal(tail.anonymous, 0);
      assert.equal(tail.analysis.stats.unparsed, unparsed);
      assert.deepEqual(tail.verdicts, read(ACCESS.join('\n')).verdicts);
    });

    it(`reads ${what} as the last event, below its header, as one event, no request (SYNTHETIC)`, () => {
      const tail = read(awsLogsTailJson([...tailed(ACCESS, T0), ...tailed([message], T0 + 10_000)]));
      assert.equal(tail.analysis.stats.events, ACCESS.length + 1);
      assert.equal(tail.analysis.stats.requests, ACCESS.length);
      assert.equal(tail.anonymous, 0);
      assert.equal(tail.analysis.stats.unparsed, unparsed);
    });
  }

  it("names an array message's start as the unparsed line's sample, with the reason (SYNTHETIC)", () => {
    const tail = read(awsLogsTailJson(tailed(['[1, 2, 3]'], T0)));
    assert.equal(tail.analysis.unparsed.length, 1);
    assert.match(tail.analysis.unparsed[0]?.sample ?? '', /^\[1,/);
    assert.match(tail.analysis.unparsed[0]?.reason ?? '', /neither an access-log line/);
  });

  it('still reads dated one-word messages, which no stream name is, as before (SYNTHETIC)', () => {
    // SYNTHETIC: an HTTP API's bare messages, each after its ISO time, as a copy with times gives them.
    const text = '2026-09-08T02:31:12.345Z Unauthorized\n2026-09-08T02:31:13.345Z Forbidden';
    const tail = read(text);
    assert.equal(tail.analysis.stats.requests, 1);
    assert.deepEqual(
      tail.analysis.failures.map((f) => f.cause),
      ['auth.unauthenticated'],
    );
  });

  describe('with messages that are no JSON, printed on their header line', () => {
    if (!requireCorpus()) return;
    // REAL: /work/shared/corpus/S05-01.log (ericallam/aws-api-gateway-log-parser), one throttled
    // request's four execution-log lines.
    const execution = realSample('S05-01').lines.filter((line) => line.trim() !== '');

    for (const [times, from] of [
      ['with microseconds', T0],
      ['on whole seconds, which isoformat prints without a fraction', T0 - 345],
    ] as const) {
      it(`reads an execution-log line after its header, times ${times}`, () => {
        const text = awsLogsTailJson(tailed(execution, from));
        assert.equal(text.split('\n')[0]?.startsWith(`${new Date(from).toISOString().slice(0, 19)}`), true);
        const tail = read(text);
        assert.deepEqual(tail.verdicts, read(execution.join('\n')).verdicts);
        assert.equal(tail.analysis.stats.events, execution.length);
        assert.equal(tail.analysis.stats.requests, 1);
      });
    }

    it('reads JSON access lines and execution-log lines tailed together, each event once', () => {
      const text = awsLogsTailJson([...tailed(ACCESS, T0), ...tailed(execution, T0 + 10_000)]);
      const tail = read(text);
      assert.equal(tail.analysis.stats.events, ACCESS.length + execution.length);
      assert.equal(tail.analysis.stats.requests, ACCESS.length + 1);
      assert.equal(tail.anonymous, 0);
      assert.deepEqual(tail.verdicts, [
        ...read(ACCESS.join('\n')).verdicts,
        ...read(execution.join('\n')).verdicts,
      ]);
    });
  });
});
