/**
 * Log shippers' records around one API Gateway line. Every record here is SYNTHETIC, in the shapes the
 * shippers write (Datadog's Forwarder: aws.awslogs, ddsource, host, message; Splunk's HTTP Event
 * Collector: sourcetype, event; Fluent Bit: log), around lines in the shapes of the real corpus. No
 * real shipper export of API Gateway lines has been read (README, Limits).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';
import { unwrapShippedRecord } from '../../../lambda/core/shipped-record';

const ID = 'a5e3de30-8d59-11e8-b2f5-9339f1c001b0';
const datadog = (message: string) =>
  JSON.stringify({
    aws: { awslogs: { logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod', logStream: 's', owner: '1' } },
    ddsource: 'apigateway',
    host: 'API-Gateway-Execution-Logs_abc123defg/prod',
    id: '1',
    timestamp: 1764065730000,
    message,
  });

describe('unwrapShippedRecord', () => {
  it("reads the API Gateway line in a shipper's message, event, log or @message field", () => {
    const access = '{"requestId":"r1","status":"429","responseType":"THROTTLED"}';
    assert.equal(
      unwrapShippedRecord(datadog(`(${ID}) Method completed with status: 502`)),
      `(${ID}) Method completed with status: 502`,
    );
    assert.equal(
      unwrapShippedRecord(JSON.stringify({ sourcetype: 'aws:cloudwatchlogs', event: access })),
      access,
    );
    assert.equal(
      unwrapShippedRecord(JSON.stringify({ log: ' Method completed with status: 504 ' })),
      'Method completed with status: 504',
    );
    assert.equal(unwrapShippedRecord(JSON.stringify({ '@message': access })), access);
  });

  it('leaves a record whose fields hold no API Gateway line, and anything that is no record', () => {
    for (const line of [
      JSON.stringify({ log: 'GET /health 200', stream: 'stdout' }),
      JSON.stringify({ message: 'Internal server error' }),
      JSON.stringify({ message: '{"orderId":"o-1"}' }),
      JSON.stringify({ message: 42 }),
      '["message"]',
      '{"message": "(broken',
    ]) {
      assert.equal(unwrapShippedRecord(line), undefined, line);
    }
  });
});

describe('analyze on shippers’ records', () => {
  it('joins the execution lines of a Datadog export and names their cause', () => {
    const events = [
      datadog(`(${ID}) Execution failed due to configuration error: Invalid permissions on Lambda function`),
      datadog(`(${ID}) Method completed with status: 500`),
    ].map((message, i) => ({ id: String(i), timestamp: 0, message }));
    const analysis = analyze([{ source: { name: 'datadog-export.jsonl' }, events }]);
    assert.equal(analysis.stats.unparsed, 0);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.cause, f.clientStatus]),
      [[ID, 'auth.integration-permission', 500]],
    );
  });
});
