/** Evidence excerpts of long messages: the window around a match opens on a whole token. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';
import { readCorpusFile } from '../../support/corpus';

const GROUP = { logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod', logStream: 'stream' };

/** "(id) message" events of a trail file; a line without an id continues the message above (a pretty-printed body). */
function eventsOf(text: string) {
  const messages: string[] = [];
  for (const line of text.split('\n')) {
    if (/^\([^)]+\) /.test(line)) messages.push(line);
    else if (line.trim() !== '' && messages.length > 0) messages[messages.length - 1] += `\n${line}`;
  }
  return messages.map((message, i) => ({ id: String(i), timestamp: 1_700_000_000_000 + i, message }));
}

function evidenceOf(text: string): readonly string[] {
  const [failure] = analyze([{ source: GROUP, events: eventsOf(text) }]).failures;
  return failure?.evidence ?? [];
}

describe('evidence excerpt around a match', () => {
  it("opens corpus sample S06-01's response-headers excerpt at a whole header, not inside the request id's UUID", () => {
    // Real: /work/shared/corpus/S06-01.log (source in the corpus's labels.json).
    const text = readCorpusFile('S06-01.log');
    const headers = evidenceOf(text).find((e) => e.startsWith('Endpoint response headers: …'));
    assert.ok(headers !== undefined, 'the headers are the evidence');
    const tail = headers.slice('Endpoint response headers: …'.length);
    const line = text.split('\n').find((l) => l.includes('Endpoint response headers:')) ?? '';
    const at = line.indexOf(tail.replace(/…$/, ''));
    assert.ok(at > 0, `${tail} is a part of the line`);
    assert.equal(line[at - 1], ' ', `the excerpt starts a token: ${tail}`);
    assert.match(tail, /TooManyRequestsException/);
  });

  /** SYNTHETIC: a backend's long error body naming a throttled table, with what is logged before it. */
  function excerptOf(before: string): { excerpt: string; body: string } {
    const id = 'c0ffee00-0000-4000-8000-000000000000';
    const body = `{"trace":"${'a'.repeat(300)}",${before},"error":"ProvisionedThroughputExceededException"}`;
    const text = [
      'Endpoint request URI: https://orders.example.com/v1/orders',
      'Received response. Status: 500, Integration latency: 20 ms',
      `Endpoint response body before transformations: ${body}`,
      'Method completed with status: 500',
    ]
      .map((line) => `(${id}) ${line}`)
      .join('\n');
    const excerpt = evidenceOf(text).find((e) => e.includes(' …')) ?? '';
    return { excerpt, body };
  }

  it('drops only the rest of the word the window cut, keeping the punctuation and words before the match (SYNTHETIC body)', () => {
    const { excerpt, body } = excerptOf('"request":"r-4 0123456789abcdef0123"');
    const tail = excerpt.split(' …')[1] ?? '';
    assert.match(tail, /r-4 0123456789abcdef0123","error":"ProvisionedThroughputExceededException/);
    const around = `${body[body.indexOf(tail) - 1]}${tail[0]}`;
    assert.doesNotMatch(around, /^[A-Za-z0-9_-]{2}$/, `the excerpt does not open inside a word: ${tail}`);
  });

  it('drops the rest of a cut snake_case word and the space after it, opening on the next word (SYNTHETIC body)', () => {
    // The window (40 characters before the match) opens just after "snake_", inside the word.
    const { excerpt } = excerptOf('"note":"snake_case_word then the table name"');
    const tail = excerpt.split(' …')[1] ?? '';
    assert.match(tail, /^then the table name","error":"ProvisionedThroughputExceededException/);
  });

  it('keeps a long cut word, such as a host name, rather than drop it whole (SYNTHETIC body)', () => {
    const host = `web-app-fargate-nlb-internal2-${'f'.repeat(40)}`;
    const { excerpt } = excerptOf(`"host":"${host}"`);
    assert.match(excerpt, /…f{20,}","error":"ProvisionedThroughputExceededException/);
  });
});
