/**
 * Metamorphic test: a log reaches the CLI twice over. Users save two overlapping exports into one
 * file (`aws logs filter-log-events … >> out.json` run twice), `cat` two exports into the tool, give
 * the same file twice, or paste a log twice into a note. What is RIGHT, per kind of request:
 * - A request that carries an id (an execution line's `(id) `, an access line's requestId that is no
 *   placeholder, an exported row's id, `synthetic` and `row` ones too) seen twice is ONE request with
 *   the same verdict: the same events twice are the same request, their repeated lines no new facts.
 * - Text that names no request (console output, bare trails, rows whose ids are placeholders) cannot
 *   tell two copies from two requests that failed alike, so each copy may count as a request of its
 *   own, but every copy keeps the single copy's verdict: none becomes another cause or loses its own.
 * - Two whole JSON documents one after the other (pretty-printed or compact, with or without a line
 *   between) are both read.
 *
 * The samples are REAL (realSampleTexts(): ../shared/corpus and test/fixtures/real-*.json); the
 * doubling is SYNTHETIC.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INPUT_KIND, InputError, type InputKind, parseInput } from '../../cli/input';
import { jsonSequence, MAX_DOCUMENTS, valueEnd } from '../../cli/json-sequence';
import { tryJson } from '../../cli/raw-text';
import { analyze } from '../../lambda/core/pipeline';
import { ANONYMOUS_ID_PREFIX, type Analysis } from '../../lambda/core/types';
import { requireCorpus } from '../support/corpus';
import { realSampleTexts } from '../support/real-logs';

/** The single input's analysis and the doubled one's, or undefined when the doubling does not apply. */
type Doubling = (text: string, name: string) => { once: Analysis; twice: Analysis } | undefined;

const analyzed = (text: string, name: string) => analyze(parseInput(text, name).batches);

/**
 * The sample as one JSON document, when it is one of the outputs and payloads the CLI reads whole
 * (the doubling of documents applies to those only; a JSON access line is a log line, not a document).
 */
function asDocument(text: string, name: string): unknown {
  if (!/^\s*[{[]/.test(text) || !DOCUMENT_KINDS.has(parseInput(text, name).kind)) return undefined;
  return tryJson(text.trim());
}
const DOCUMENT_KINDS: ReadonlySet<InputKind> = new Set([
  INPUT_KIND.lambdaEvent,
  INPUT_KIND.payload,
  INPUT_KIND.filterLogEvents,
  INPUT_KIND.queryResults,
  INPUT_KIND.testInvoke,
  INPUT_KIND.messageArray,
]);

const DOUBLINGS: Readonly<Record<string, Doubling>> = {
  'the text twice, one copy under the other': (text, name) => ({
    once: analyzed(text, name),
    twice: analyzed(`${text}\n${text}`, name),
  }),
  'the same file given twice (two FILE arguments)': (text, name) => {
    const { batches } = parseInput(text, name);
    return { once: analyze(batches), twice: analyze([...batches, ...batches]) };
  },
  'a JSON document twice with nothing between': (text, name) =>
    asDocument(text, name) === undefined
      ? undefined
      : { once: analyzed(text, name), twice: analyzed(`${text.trim()}${text.trim()}`, name) },
  'a JSON document compacted, twice on one line': (text, name) => {
    const document = asDocument(text, name);
    if (document === undefined) return undefined;
    const compact = JSON.stringify(document);
    return { once: analyzed(compact, name), twice: analyzed(`${compact}${compact}`, name) };
  },
  // SYNTHETIC: the sentence a note puts above what it pastes.
  'a JSON document twice under a sentence of a note': (text, name) =>
    asDocument(text, name) === undefined
      ? undefined
      : {
          once: analyzed(`The output was:\n${text.trim()}`, name),
          twice: analyzed(`The output was:\n${text.trim()}\n${text.trim()}`, name),
        },
};

/**
 * Ids that name no request: the analyzer's own for lines without one, and the console's
 * `test-request`, which it gives every test (numbered from the second on).
 */
const namesNoRequest = (id: string) =>
  id.startsWith(ANONYMOUS_ID_PREFIX) || /^test-request(?:#\d+)?$/.test(id);

type Failure = Analysis['failures'][number];
/** Everything said of a failure but its id, which for a request without one is the analyzer's invention. */
const verdictOf = ({ requestId: _, ...rest }: Failure) => JSON.stringify(rest);

/** What differs between a single input's analysis and its doubled one's, against the rules above. */
function differences(once: Analysis, twice: Analysis): string[] {
  const found: string[] = [];
  const named = (a: Analysis) =>
    a.failures
      .filter((f) => !namesNoRequest(f.requestId))
      .map((f) => `${f.requestId} ${verdictOf(f)}`)
      .sort();
  const [namedOnce, namedTwice] = [named(once), named(twice)];
  if (namedOnce.join('\n') !== namedTwice.join('\n'))
    found.push(`requests with ids: ${namedOnce.join('; ')} became ${namedTwice.join('; ')}`);
  const anonymous = (a: Analysis) =>
    a.failures
      .filter((f) => namesNoRequest(f.requestId))
      .map(verdictOf)
      .sort();
  const [anonymousOnce, anonymousTwice] = [anonymous(once), anonymous(twice)];
  const asOften = anonymousTwice.join('\n') === anonymousOnce.join('\n');
  const twiceAsOften = anonymousTwice.join('\n') === [...anonymousOnce, ...anonymousOnce].sort().join('\n');
  if (!asOften && !twiceAsOften)
    found.push(
      `requests without ids: ${summary(anonymousOnce)} became ${summary(anonymousTwice)} (each copy keeps its verdict)`,
    );
  const ids = (a: Analysis) =>
    a.requests
      .map((r) => r.requestId)
      .filter((id) => !namesNoRequest(id))
      .sort()
      .join(' ');
  if (ids(once) !== ids(twice)) found.push(`request ids ${ids(once)} became ${ids(twice)}`);
  const unnamed = (a: Analysis) => a.requests.filter((r) => namesNoRequest(r.requestId)).length;
  if (![unnamed(once), 2 * unnamed(once)].includes(unnamed(twice)))
    found.push(`${unnamed(once)} requests without ids became ${unnamed(twice)}`);
  const { unparsed } = once.stats;
  if (![unparsed, 2 * unparsed].includes(twice.stats.unparsed))
    found.push(
      `${unparsed} unparsed lines became ${twice.stats.unparsed}: ${twice.unparsed.map((u) => u.sample.slice(0, 60)).join(' / ')}`,
    );
  return found;
}

function summary(verdicts: readonly string[]): string {
  const causes = verdicts.map((v) => (JSON.parse(v) as Failure).cause);
  return causes.length === 0 ? 'no failure' : causes.join(', ');
}

/** Samples whose doubling loses what the text alone cannot give back, per doubling, with the reason. */
const EXCEPTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {};

describe('real samples given twice over (overlapping exports, a file given twice, a log pasted twice)', () => {
  const samples = requireCorpus() ? realSampleTexts() : [];

  it('has real samples to double, JSON documents among them', () => {
    assert.ok(samples.length > 250, `${samples.length} samples`);
    assert.ok(samples.filter(([name, text]) => asDocument(text, name) !== undefined).length >= 10);
  });

  for (const [doubling, double] of Object.entries(DOUBLINGS)) {
    it(`keeps one verdict per request with an id, and each copy's verdict, with ${doubling}`, () => {
      const exceptions = EXCEPTIONS[doubling] ?? {};
      const changed: string[] = [];
      for (const [name, text] of samples) {
        const pair = double(text, `${name}.log`);
        if (pair === undefined) continue;
        const found = differences(pair.once, pair.twice);
        if (name in exceptions) {
          if (found.length === 0) changed.push(`${name}: listed as an exception, but keeps its verdicts`);
          continue;
        }
        for (const difference of found) changed.push(`${name}: ${difference}`);
      }
      assert.deepEqual(changed, []);
    });
  }
});

describe('JSON documents one after another (SYNTHETIC)', () => {
  const output = (id: string) =>
    JSON.stringify(
      {
        events: [
          {
            logStreamName: 's',
            timestamp: 1764165600000,
            // SYNTHETIC: braces and an escaped quote inside a message are no document's end.
            message: `{"requestId":"${id}","status":"502","error":{"message":"Internal server error }\\""},"integrationError":"Malformed Lambda proxy response"}`,
            eventId: id,
          },
        ],
        searchedLogStreams: [],
      },
      null,
      2,
    );

  it('reads two filter-log-events outputs saved into one file, one request per id', () => {
    const text = `${output('a1')}\n${output('a1')}${output('b2')}`;
    const { kind, batches } = parseInput(text, 'twice.json');
    assert.equal(kind, INPUT_KIND.filterLogEvents);
    const { failures } = analyze(batches);
    assert.deepEqual(
      failures.map((f) => `${f.requestId} ${f.cause}`),
      ['a1 server.bad-response', 'b2 server.bad-response'],
    );
  });

  it('keeps two tests the console named alike two requests when their outputs are saved into one file', () => {
    // SYNTHETIC: test-invoke-method outputs as the CLI prints them, the console's id in each.
    const test = (status: number, last: string) =>
      JSON.stringify({
        status,
        body: '{}',
        log: `Execution log for request test-request\nThu Nov 26 10:00:00 UTC 2026 : ${last}\nThu Nov 26 10:00:00 UTC 2026 : Method completed with status: ${status}\n`,
        latency: 12,
      });
    const text = `${test(502, 'Execution failed due to configuration error: Malformed Lambda proxy response')}${test(200, 'Method response body after transformations: {}')}`;
    const analysis = analyze(parseInput(text, 'tests.json').batches);
    assert.equal(analysis.stats.requests, 2);
    assert.deepEqual(
      analysis.failures.map((f) => f.cause),
      ['server.bad-response'],
    );
  });

  it('finds where a value ends past strings holding brackets and escapes, and not when it never closes', () => {
    const text = '{"a":"}]\\"{"} {"b":[1]}';
    assert.equal(valueEnd(text, 0), text.indexOf(' '));
    assert.equal(valueEnd(text, text.indexOf(' ') + 1), text.length);
    assert.equal(valueEnd('{"a":"}', 0), -1);
  });

  it('reads no sequence of values it does not accept, of one value, or of more than it bounds', () => {
    const any = () => true;
    assert.equal(jsonSequence('{"a":1}', any), undefined);
    assert.equal(jsonSequence('{"a":1} x {"a":1}', any), undefined);
    assert.equal(
      jsonSequence('{"a":1}{"b":2}', (v) => typeof v === 'object' && v !== null && 'a' in v),
      undefined,
    );
    assert.deepEqual(jsonSequence('{"a":1}\n[2]', any), [{ a: 1 }, [2]]);
    assert.equal(jsonSequence('{}'.repeat(MAX_DOCUMENTS), any)?.length, MAX_DOCUMENTS);
  });

  it('refuses more documents one after another than it bounds with a message, rather than read them as raw text', () => {
    // SYNTHETIC payloads glued one after another, one more than the bound: read as raw text, none of
    // their lines was recognised and their failures were lost with exit 0.
    const payloads = (count: number) =>
      Array.from({ length: count }, (_, i) =>
        JSON.stringify({
          messageType: 'DATA_MESSAGE',
          logGroup: '/aws/apigateway/glued',
          logEvents: [{ id: `${i}`, timestamp: 0, message: `{"requestId":"r${i}","status":504}` }],
        }),
      ).join('');
    assert.equal(analyze(parseInput(payloads(65), 'glued.json').batches).stats.failed, 65);
    assert.throws(
      () => parseInput(payloads(MAX_DOCUMENTS + 1), 'glued.json'),
      (error: unknown) =>
        error instanceof InputError && /more than 10,000 JSON documents/.test(error.message),
    );
  });

  it('parses no lone document, nor one text follows: a large Insights array copied as JSON is parsed once, by the reader that reads it', () => {
    // SYNTHETIC: one whole document, not accepted; the reader before already parsed it, and parsing it
    // again doubled the time and held a second copy (a 256 MiB array: 3.7 s and 0.8 GB became 6 s and 1.2 GB).
    const judged: unknown[] = [];
    const judging = (value: unknown) => {
      judged.push(value);
      return true;
    };
    // A document with text after it (a shell prompt, `(END)` of a pager) is no sequence either.
    for (const lone of ['[{"@message":"x"}]', ' {"a":1}\n', '[]', '[{"@message":"x"}]\n(END)'])
      assert.equal(jsonSequence(lone, judging), undefined, lone);
    assert.deepEqual(judged, []);
  });
});
