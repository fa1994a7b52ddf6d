/**
 * Log-delivery records (API Gateway's execution and access logs sent through CloudWatch Logs' log
 * delivery to a log group the owner chooses). Every record here is SYNTHETIC: built from the four
 * record fields the delivery's schema names (resource_arn, event_timestamp, stage, payload) around
 * lines in the shapes of the real corpus. No real delivered record has been seen (README, Limits).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBatch } from '../../../lambda/core/parse';
import { analyze } from '../../../lambda/core/pipeline';
import type { LogBatch } from '../../../lambda/core/types';
import { unwrapVendedRecord } from '../../../lambda/core/vended-record';

const ARN = 'arn:aws:apigateway:eu-west-1:123456789012:/restapis/abc123defg/stages/prod';
const ID = '8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
const ID2 = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const T0 = Date.UTC(2026, 10, 25, 10, 15, 30);

function record(payload: unknown, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ resource_arn: ARN, event_timestamp: T0, stage: 'prod', ...fields, payload });
}

/** A delivery to an owner-named log group: nothing in the group's name says which API it is. */
function ownGroupBatch(lines: readonly string[]): LogBatch {
  return {
    source: { logGroup: '/my-team/apigw-execution', logStream: 's' },
    events: lines.map((message, i) => ({ id: String(i), timestamp: T0 + 1000 + i, message })),
  };
}

describe('unwrapVendedRecord', () => {
  it('takes the line, the time, the API and the stage out of a record', () => {
    assert.deepEqual(unwrapVendedRecord(record(`(${ID}) Method completed with status: 502`)), {
      line: `(${ID}) Method completed with status: 502`,
      timeMs: T0,
      apiId: 'abc123defg',
      stage: 'prod',
    });
  });

  it('reads a payload logged as an object as the JSON line it stands for', () => {
    const unwrapped = unwrapVendedRecord(record({ requestId: ID, status: 429 }));
    assert.equal(unwrapped?.line, `{"requestId":"${ID}","status":429}`);
  });

  it('reads a record whose owner kept only some fields, and epoch seconds or ISO times', () => {
    assert.deepEqual(unwrapVendedRecord(JSON.stringify({ payload: 'x' })), { line: 'x' });
    assert.equal(
      unwrapVendedRecord(JSON.stringify({ event_timestamp: T0 / 1000, payload: 'x' }))?.timeMs,
      T0,
    );
    // SYNTHETIC: seconds with a fraction, as a number and as text.
    assert.equal(
      unwrapVendedRecord(JSON.stringify({ event_timestamp: T0 / 1000 + 0.25, payload: 'x' }))?.timeMs,
      T0 + 250,
    );
    assert.equal(
      unwrapVendedRecord(JSON.stringify({ event_timestamp: `${T0 / 1000}.250`, payload: 'x' }))?.timeMs,
      T0 + 250,
    );
    assert.equal(
      unwrapVendedRecord(JSON.stringify({ event_timestamp: new Date(T0).toISOString(), payload: 'x' }))
        ?.timeMs,
      T0,
    );
    assert.equal(unwrapVendedRecord(JSON.stringify({ stage: 'beta', payload: 'x' }))?.stage, 'beta');
  });

  it('leaves alone any object with a key a record does not have, or without a usable payload', () => {
    for (const line of [
      JSON.stringify({ payload: 'x', status: 200 }),
      JSON.stringify({ resource_arn: ARN, stage: 'prod' }),
      JSON.stringify({ payload: 42 }),
      JSON.stringify({ payload: ['x'] }),
      JSON.stringify({ payload: '   ' }),
      '{"payload": "x"',
      '"payload"',
    ]) {
      assert.equal(unwrapVendedRecord(line), undefined, line);
    }
  });
});

describe('parseBatch and analyze on log-delivery records', () => {
  it('joins an execution trail delivered as records and names its cause, dated by the records', () => {
    const analysis = analyze([
      ownGroupBatch([
        record(`(${ID}) Starting execution for request: ${ID}`),
        record(`(${ID}) Lambda invocation failed with status: 429. Lambda request id: x`, {
          event_timestamp: T0 + 5,
        }),
        record(`(${ID}) Execution failed due to configuration error: Rate Exceeded.`),
        record(`(${ID}) Method completed with status: 500`),
      ]),
    ]);
    assert.equal(analysis.stats.unparsed, 0);
    assert.equal(analysis.failures.length, 1);
    assert.equal(analysis.failures[0]?.requestId, ID);
    assert.equal(analysis.failures[0]?.cause, 'limit.backend');
    assert.equal(analysis.failures[0]?.time, new Date(T0).toISOString());
  });

  it('keeps a whole response body in its record, and reads the next record as a line of its own', () => {
    const parsed = parseBatch(
      ownGroupBatch([
        record(`(${ID}) Endpoint response body before transformations:`),
        record(`(${ID}) Method completed with status: 200`),
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((line) => line.message),
      ['Endpoint response body before transformations:', 'Method completed with status: 200'],
    );
  });

  it("keeps a caller's body holding only a payload key as the body after its header, not a record", () => {
    // SYNTHETIC: a webhook's body printed on the line after its header, as a console log is pasted.
    // Read as a record, its payload became an access line of a request that never was.
    const body = '{"payload":{"id":"evt-1","status":"503","message":"upstream down"}}';
    const parsed = parseBatch({
      source: { name: 'paste.log' },
      events: ['Method request body before transformations:', body, 'Method completed with status: 200'].map(
        (message, i) => ({ id: String(i), timestamp: 0, message }),
      ),
    });
    assert.deepEqual(parsed.access, []);
    assert.deepEqual(
      parsed.execution.map((line) => line.message),
      [`Method request body before transformations:\n${body}`, 'Method completed with status: 200'],
    );
  });

  it('reads an access line delivered as a record, scoped by the stage ARN when the line names none', () => {
    const parsed = parseBatch(
      ownGroupBatch([
        record({ requestId: ID, status: '403', responseType: 'MISSING_AUTHENTICATION_TOKEN' }),
        record(JSON.stringify({ requestId: ID2, apiId: 'zzz999zzzz', stage: 'dev', status: 200 })),
      ]),
    );
    assert.equal(parsed.unparsed.length, 0);
    assert.deepEqual(
      parsed.access.map((r) => [r.requestId, r.apiId, r.stage, r.timeMs]),
      [
        [ID, 'abc123defg', 'prod', T0],
        [ID2, 'zzz999zzzz', 'dev', T0],
      ],
    );
  });

  it('counts a record whose payload is no log line as unparsed, with the reason of the line inside', () => {
    const parsed = parseBatch({
      source: { name: 'export.jsonl' },
      events: [{ id: '0', timestamp: 0, message: record({ note: 'hello' }) }],
    });
    assert.equal(parsed.unparsed.length, 1);
    assert.match(parsed.unparsed[0]?.reason ?? '', /without any access-log field/);
  });

  it('counts an object that only looks like a record (another key beside payload) as unparsed', () => {
    const parsed = parseBatch({
      source: { name: 'export.jsonl' },
      events: [{ id: '0', timestamp: 0, message: JSON.stringify({ payload: `(${ID}) x`, level: 'INFO' }) }],
    });
    assert.equal(parsed.execution.length, 0);
    assert.equal(parsed.unparsed.length, 1);
  });
});
