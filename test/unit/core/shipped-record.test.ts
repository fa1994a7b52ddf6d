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
      unwrapShippedRecord(JSON.stringify({ log: ` (${ID}) Method completed with status: 504 ` })),
      `(${ID}) Method completed with status: 504`,
    );
    assert.equal(
      unwrapShippedRecord(
        JSON.stringify({ log: 'Thu Nov 26 10:15:30 UTC 2026 : Method completed with status: 504' }),
      ),
      'Thu Nov 26 10:15:30 UTC 2026 : Method completed with status: 504',
    );
    assert.equal(unwrapShippedRecord(JSON.stringify({ '@message': access })), access);
    // Splunk's HTTP Event Collector may carry the CloudWatch event itself as its event.
    assert.equal(
      unwrapShippedRecord(
        JSON.stringify({
          event: { id: '1', timestamp: 1764065730000, message: `(${ID}) Method completed with status: 502` },
        }),
      ),
      `(${ID}) Method completed with status: 502`,
    );
    // Splunk's HTTP Event Collector may carry the event as an object.
    assert.equal(
      unwrapShippedRecord(JSON.stringify({ sourcetype: 'aws:cloudwatchlogs', event: JSON.parse(access) })),
      access,
    );
    // SYNTHETIC: only HEC's `event` is ever an object. A `message` or `log` object is an application's
    // structured log (winston's logger.error({…})), no shipper's record of an API Gateway line.
    for (const field of ['message', 'log', '@message']) {
      const app = { level: 'error', [field]: { statusCode: 500, error: 'boom', requestId: 'r-17' } };
      assert.equal(unwrapShippedRecord(JSON.stringify(app)), undefined, field);
    }
  });

  it('leaves a record whose fields hold no API Gateway line, and anything that is no record', () => {
    for (const line of [
      JSON.stringify({ log: 'GET /health 200', stream: 'stdout' }),
      JSON.stringify({ message: 'Internal server error' }),
      JSON.stringify({ message: '{"orderId":"o-1"}' }),
      // A message alone, or behind an application's ISO time: API Gateway's own response body, and
      // applications' JSON logs, hold the words of its execution messages in the same field.
      JSON.stringify({ message: 'Unauthorized' }),
      JSON.stringify({ level: 'warn', message: 'Invalid token supplied', service: 'orders' }),
      JSON.stringify({ log: '2026-11-25T10:15:30.123Z ERROR request failed', stream: 'stderr' }),
      JSON.stringify({ message: 42 }),
      '["message"]',
      '{"message": "(broken',
    ]) {
      assert.equal(unwrapShippedRecord(line), undefined, line);
    }
  });
});

describe('unwrapShippedRecord cost', () => {
  it('serialises no record again for a line that needs no vouching (an execution or JSON access line)', () => {
    // SYNTHETIC: a Datadog record of an execution line; serialising its fields again per record made
    // unwrapping 2.6 times slower, for an answer only text access lines use.
    const record = JSON.stringify({
      ddsource: 'apigateway',
      aws: { awslogs: { logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod' } },
      message: `(${ID}) Method completed with status: 502`,
    });
    const stringify = JSON.stringify;
    let calls = 0;
    JSON.stringify = ((...args: Parameters<typeof stringify>) => {
      calls += 1;
      return stringify(...args);
    }) as typeof stringify;
    try {
      assert.equal(unwrapShippedRecord(record), `(${ID}) Method completed with status: 502`);
    } finally {
      JSON.stringify = stringify;
    }
    assert.equal(calls, 0);
  });
});

describe('unwrapShippedRecord and text access lines', () => {
  it("reads a CLF or key-value line only from a record that names API Gateway: a web server's or an app's reads alike", () => {
    const clf =
      '198.51.100.1 - - [25/Nov/2026:10:15:30 +0000] "GET /pets HTTP/1.1" 502 36 e5f6a7b8-0000-4000-8000-000000000001';
    assert.equal(unwrapShippedRecord(JSON.stringify({ ddsource: 'apigateway', message: clf })), clf);
    assert.equal(unwrapShippedRecord(JSON.stringify({ source: '/aws/apigateway/access', event: clf })), clf);
    // An nginx line in a Fluent Bit record, and an application's own `key: value` log.
    const nginx =
      '10.1.2.3 - - [25/Nov/2026:10:15:30 +0000] "GET /api/orders HTTP/1.1" 502 157 "-" "curl/8.4.0"';
    assert.equal(unwrapShippedRecord(JSON.stringify({ log: nginx, stream: 'stdout' })), undefined);
    assert.equal(
      unwrapShippedRecord(JSON.stringify({ message: 'user: u-17, action: pay, status: 500' })),
      undefined,
    );
    // Words of the carried line itself vouch for nothing.
    assert.equal(unwrapShippedRecord(JSON.stringify({ log: `${nginx} apigateway` })), undefined);
  });

  it('takes API Gateway as named by AWS, not a Kubernetes pod or a service of that name', () => {
    const clf =
      '198.51.100.1 - - [25/Nov/2026:10:15:30 +0000] "GET /pets HTTP/1.1" 502 36 e5f6a7b8-0000-4000-8000-000000000001';
    for (const own of [
      { ddsource: 'apigateway' },
      { source: 'aws:apigateway' },
      { source: '/aws/api-gateway/orders-prod' },
      // Elastic's Firehose records name the log group without its leading slash.
      { 'aws.cloudwatch.log_group': 'aws/api-gateway/test-HTTP' },
      { service: 'Amazon API Gateway' },
      { aws: { awslogs: { logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod' } } },
      { data_stream: { dataset: 'aws.apigateway_logs' } },
    ]) {
      assert.equal(unwrapShippedRecord(JSON.stringify({ ...own, message: clf })), clf, JSON.stringify(own));
    }
    // SYNTHETIC: an nginx in a Kubernetes pod its team named api-gateway (Fluent Bit adds the pod's
    // metadata), and an application's key-value log from a client of such a gateway.
    const nginx =
      '10.1.2.3 - - [25/Nov/2026:10:15:30 +0000] "GET /api/orders HTTP/1.1" 502 157 "-" "curl/8.4.0"';
    const pod = { pod_name: 'api-gateway-7d9f8c-x2x', container_name: 'nginx', namespace_name: 'prod' };
    assert.equal(unwrapShippedRecord(JSON.stringify({ log: nginx, kubernetes: pod })), undefined);
    assert.equal(
      unwrapShippedRecord(JSON.stringify({ log: nginx, group: 'my-aws/api-gateway/x' })),
      undefined,
    );
    const app = { message: 'user: u-17, action: pay, status: 500', service: 'payments-api-gateway-client' };
    assert.equal(unwrapShippedRecord(JSON.stringify(app)), undefined);
  });
});

describe('analyze on shippers’ records', () => {
  it('keeps a response body {"message":…} after its header, and counts applications\' JSON logs unparsed', () => {
    // SYNTHETIC: application log records (one a bare 'Unauthorized', as services log a refused
    // token), then a backend's 401 body on the line after its header, as a paste breaks it.
    const lines = [
      '{"level":"warn","message":"Unauthorized","service":"orders"}',
      '{"log":"2026-11-25T10:15:30.123Z ERROR request failed","stream":"stderr"}',
      `(${ID}) Starting execution for request: ${ID}`,
      `(${ID}) Endpoint response body before transformations:`,
      '{"message":"Unauthorized"}',
      `(${ID}) Method completed with status: 401`,
    ];
    const events = lines.map((message, i) => ({ id: String(i), timestamp: 0, message }));
    const analysis = analyze([{ source: { name: 'paste.log' }, events }]);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.clientStatus]),
      [[ID, 401]],
    );
    assert.equal(analysis.stats.unparsed, 2);
  });

  it("takes another service's record between a request's lines for no part of them", () => {
    // SYNTHETIC: a Datadog export of one service, the function's own log line between the API's.
    const lambda = JSON.stringify({
      ddsource: 'lambda',
      message: '2026-11-25T10:15:30.123Z\t1b2c\tERROR\tRate Exceeded.',
    });
    const events = [
      datadog(`(${ID}) Starting execution for request: ${ID}`),
      datadog(
        `(${ID}) Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/f/invocations`,
      ),
      lambda,
      datadog(`(${ID}) Method completed with status: 500`),
    ].map((message, i) => ({ id: String(i), timestamp: 0, message }));
    const analysis = analyze([{ source: { name: 'datadog-export.jsonl' }, events }]);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.cause, f.evidence]),
      [[ID, 'unknown.server', ['status=500']]],
    );
    assert.deepEqual(
      analysis.unparsed.map((u) => u.sample),
      [lambda],
    );
  });

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
