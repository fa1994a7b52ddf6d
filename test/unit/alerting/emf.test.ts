/** Embedded metric format: the metric and dimension names the dashboard reads, per minute of request time. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CountedFailure } from '../../../lambda/core/aggregate';
import { countEmf, type EmfDocument, type EmfInput, unparsedEmf } from '../../../lambda/core/emf';

/** SYNTHETIC: the name Lambda would set as AWS_LAMBDA_FUNCTION_NAME. */
const FUNCTION_NAME = 'Analyzer-Function-SYNTHETIC';

/** Every document one delivery writes: its counts, then UnparsedLines (of this test's log group and function). */
function buildEmf(input: EmfInput): EmfDocument[] {
  return [
    ...countEmf(input),
    unparsedEmf({ ...input, logGroup: '/aws/apigateway/access', functionName: FUNCTION_NAME }),
  ];
}

import { failure, MIN, request, T0 } from './synthetic';

function counted(f: ReturnType<typeof failure>, timeMs: number): CountedFailure {
  return { failure: f, api: 'abc123defg', stage: 'prod', timeMs, windowStartMs: T0 };
}

function shape(doc: EmfDocument) {
  const [directive] = doc._aws.CloudWatchMetrics;
  const { _aws, ...fields } = doc;
  return {
    at: new Date(_aws.Timestamp).toISOString().slice(11, 16),
    namespace: directive?.Namespace,
    dimensions: directive?.Dimensions,
    metrics: directive?.Metrics.map((m) => `${m.Name}:${m.Unit}`),
    fields,
  };
}

describe('buildEmf', () => {
  const docs = buildEmf({
    namespace: 'ApiGatewayErrorAnalyzer',
    counted: [
      counted(failure('limit.backend', { clientStatus: 502 }), T0 + 10_000),
      counted(failure('limit.backend', { clientStatus: 429 }), T0 + 50_000),
      counted(failure('limit.backend', { clientStatus: 502 }), T0 + MIN + 1),
    ],
    requests: [request('a'), request('b', { timeMs: T0 + 30_000 }), request('c', { fromAccessLog: false })],
    unparsedLines: 2,
    fallbackTimeMs: T0 + 3 * MIN,
  }).map(shape);

  it('writes FailedRequests and MaskedFailedRequests by Api, Stage and Cause, per minute of the requests', () => {
    assert.deepEqual(docs.slice(0, 2), [
      {
        at: '12:00',
        namespace: 'ApiGatewayErrorAnalyzer',
        dimensions: [['Api', 'Stage', 'Cause']],
        metrics: ['FailedRequests:Count', 'MaskedFailedRequests:Count'],
        fields: {
          Api: 'abc123defg',
          Stage: 'prod',
          Cause: 'limit.backend',
          FailedRequests: 2,
          MaskedFailedRequests: 1,
        },
      },
      {
        at: '12:01',
        namespace: 'ApiGatewayErrorAnalyzer',
        dimensions: [['Api', 'Stage', 'Cause']],
        metrics: ['FailedRequests:Count', 'MaskedFailedRequests:Count'],
        fields: {
          Api: 'abc123defg',
          Stage: 'prod',
          Cause: 'limit.backend',
          FailedRequests: 1,
          MaskedFailedRequests: 1,
        },
      },
    ]);
  });

  it('writes Requests by Api and Stage from access-log requests only', () => {
    assert.deepEqual(docs[2], {
      at: '12:00',
      namespace: 'ApiGatewayErrorAnalyzer',
      dimensions: [['Api', 'Stage']],
      metrics: ['Requests:Count'],
      fields: { Api: 'abc123defg', Stage: 'prod', Requests: 2 },
    });
  });

  it("writes UnparsedLines by the delivery's LogGroup and, as a second metric, by the FunctionName the stack's alarm watches, even when it is 0", () => {
    // Each dimension set in Dimensions is a metric of its own (EMF specification, MetricDirective:
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
    assert.deepEqual(docs[3], {
      at: '12:03',
      namespace: 'ApiGatewayErrorAnalyzer',
      dimensions: [['LogGroup'], ['FunctionName']],
      metrics: ['UnparsedLines:Count'],
      fields: { LogGroup: '/aws/apigateway/access', FunctionName: FUNCTION_NAME, UnparsedLines: 2 },
    });
    const empty = buildEmf({
      namespace: 'N',
      counted: [],
      requests: [],
      unparsedLines: 0,
      fallbackTimeMs: T0,
    });
    assert.deepEqual(
      empty.map((d) => d.UnparsedLines),
      [0],
    );
  });
});

describe('buildEmf dimension values', () => {
  // CloudWatch API reference, Dimension: a value is 1 to 1024 ASCII characters, no control
  // characters, at least one non-whitespace. EMF with an invalid value loses its dimensions (see
  // lambda/core/emf.ts). API and stage come from log fields, which a custom format fills freely.
  const VALID = /^[\x20-\x7e]{1,1024}$/;
  const names: [string, { api: string; stage: string }][] = [
    ['non-ASCII letters', { api: 'äpi', stage: 'prød' }],
    ['a control character', { api: 'abc123defg', stage: 'prod\n' }],
    ['an over-long value', { api: 'a'.repeat(2000), stage: 'prod' }],
    ['only whitespace', { api: 'abc123defg', stage: '   ' }],
  ];
  for (const [name, scope] of names) {
    it(`writes valid Api and Stage dimension values for ${name}, so the metrics keep their dimensions`, () => {
      const docs = buildEmf({
        namespace: 'N',
        counted: [{ failure: failure('limit.backend', scope), ...scope, timeMs: T0, windowStartMs: T0 }],
        requests: [request('a', scope)],
        unparsedLines: 0,
        fallbackTimeMs: T0,
      });
      const values = docs.flatMap((d) => [d.Api, d.Stage]).filter((v) => v !== undefined);
      assert.equal(values.length, 4);
      for (const value of values) {
        assert.match(String(value), VALID, JSON.stringify(value));
        assert.match(String(value), /\S/, JSON.stringify(value));
      }
    });
  }
});

describe('unparsedEmf LogGroup value', () => {
  // CloudWatch Logs names are ASCII and at most 512 characters, so a real delivery's name passes
  // unchanged; the value is still made valid the way Api and Stage are, so a malformed payload
  // cannot cost the document its dimension.
  const cases: [string, string, string][] = [
    [
      'a real name, unchanged',
      'API-Gateway-Execution-Logs_abc123defg/prod',
      'API-Gateway-Execution-Logs_abc123defg/prod',
    ],
    ['non-ASCII letters as ?', '/aws/apigateway/äpi', '/aws/apigateway/?pi'],
    ['an over-long name cut at 1024 characters', 'g'.repeat(2000), 'g'.repeat(1024)],
    ['an empty name as the unknown scope', '', 'unknown'],
  ];
  for (const [name, logGroup, expected] of cases) {
    it(`writes ${name}`, () => {
      const doc = unparsedEmf({
        namespace: 'N',
        unparsedLines: 1,
        fallbackTimeMs: T0,
        logGroup,
        functionName: FUNCTION_NAME,
      });
      assert.equal(doc.LogGroup, expected);
      assert.deepEqual(doc._aws.CloudWatchMetrics[0]?.Dimensions, [['LogGroup'], ['FunctionName']]);
    });
  }
});

describe('unparsedEmf FunctionName value', () => {
  // Outside Lambda (the CLI, tests) the function name is unset; the value must still be a valid
  // dimension, or the document loses its dimensions, LogGroup's included.
  for (const [name, functionName, expected] of [
    ['a real name, unchanged', FUNCTION_NAME, FUNCTION_NAME],
    ['an empty name as the unknown scope', '', 'unknown'],
  ] as const) {
    it(`writes ${name}`, () => {
      const doc = unparsedEmf({
        namespace: 'N',
        unparsedLines: 0,
        fallbackTimeMs: T0,
        logGroup: '/g',
        functionName,
      });
      assert.equal(doc.FunctionName, expected);
      assert.equal(doc.LogGroup, '/g');
    });
  }
});
