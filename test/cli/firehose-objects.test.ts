/**
 * Kinesis Data Firehose writes API Gateway's JSON access-log records into S3 objects one after
 * another with no delimiter (`{…}{…}`, as DevelopersIO shows: FIREHOSE-S3-CONCATENATED-JSON-500 in
 * test/fixtures/real-lines.json). The CLI reads such an object's line as the records it holds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInput } from '../../cli/input';
import { analyze } from '../../lambda/core/pipeline';
import { realLogs } from '../support/real-logs';

function outcomes(text: string): { failures: string[]; requests: number; unparsed: number } {
  const analysis = analyze(parseInput(text, 'firehose-object').batches);
  return {
    failures: analysis.failures.map((f) => `${f.requestId} ${f.cause} status=${f.clientStatus}`).sort(),
    requests: analysis.stats.requests,
    unparsed: analysis.stats.unparsed,
  };
}

/** Real samples made of one-line JSON access records only, two or more: what a Firehose object holds. */
const JSON_RECORD_SAMPLES = realLogs().filter(({ lines }) => {
  const records = lines.filter((line) => line.trim() !== '');
  return (
    records.length >= 2 &&
    records.every((line) => {
      try {
        const value: unknown = JSON.parse(line);
        return typeof value === 'object' && value !== null && !Array.isArray(value);
      } catch {
        return false;
      }
    })
  );
});

describe('JSON access records written one after another with no delimiter, as Firehose writes them to S3', () => {
  it('finds enough real samples of JSON records to replay', () => {
    assert.ok(JSON_RECORD_SAMPLES.length >= 5, `only ${JSON_RECORD_SAMPLES.length}`);
  });

  for (const { id, lines } of JSON_RECORD_SAMPLES) {
    const records = lines.filter((line) => line.trim() !== '');
    it(`${id}: gives the same requests and causes joined on one line as one record per line`, () => {
      const expected = outcomes(records.join('\n'));
      // SYNTHETIC wrapper: the real records joined as Firehose joins them, and with a space between.
      assert.deepEqual(outcomes(records.join('')), expected);
      assert.deepEqual(outcomes(records.join(' ')), expected);
    });
  }

  it('reads every record of an object holding more records than the CLI takes JSON documents one after another', () => {
    // SYNTHETIC: 12,000 records, past MAX_DOCUMENTS (10,000), every tenth a 502.
    const records = Array.from({ length: 12_000 }, (_, i) =>
      JSON.stringify({
        requestId: `synthetic-${i}`,
        httpMethod: 'GET',
        resourcePath: '/items',
        status: i % 10 === 0 ? 502 : 200,
      }),
    );
    const read = outcomes(records.join(''));
    assert.equal(read.requests, 12_000);
    assert.equal(read.failures.length, 1_200);
    assert.equal(read.unparsed, 0);
  });

  it("keeps objects one after another under a response body's header as that body, one request that did not fail", () => {
    // SYNTHETIC: a trail whose endpoint answered two objects on the line under its body header.
    const id = '6f1c2a4b-1111-4a2b-9c3d-123456789abc';
    const read = outcomes(
      [
        `(${id}) Endpoint response body before transformations:`,
        '{"status":500,"requestId":"zz"}{"status":502,"requestId":"yy"}',
        `(${id}) Method completed with status: 200`,
      ].join('\n'),
    );
    assert.deepEqual(read, { failures: [], requests: 1, unparsed: 0 });
  });

  it('keeps a line of objects whole when one of them is no JSON', () => {
    // SYNTHETIC: the braces pair up, but the second object's member has no value.
    const read = outcomes('{"requestId":"synthetic-d","status":502}{"requestId":}');
    assert.equal(read.requests + read.unparsed, 1, 'one line, read or counted unparsed, never split');
  });

  it('keeps a line whole when its `}{` is inside a string, or when text follows its objects', () => {
    // SYNTHETIC: a message holding `}{`; two records then a word.
    const inString = '{"requestId":"synthetic-a","status":500,"message":"bad body }{ here"}';
    assert.deepEqual(outcomes(inString), outcomes(`${inString}\n`));
    assert.equal(outcomes(inString).requests, 1);
    const withText =
      '{"requestId":"synthetic-b","status":500}{"requestId":"synthetic-c","status":200} trailer';
    const read = outcomes(withText);
    assert.equal(read.requests + read.unparsed, 1, 'one line, read or counted unparsed, never split');
  });
});
