/**
 * The execution-log subscription filter delivers only the lines holding one of its terms, so every
 * line a rule reads must hold one: a deployed stack must reach the same cause as the CLI reading the
 * whole log. Every real trail (shared corpus and test/fixtures/real-lines.json) is put in the shape
 * an execution log group delivers, one `(requestId) message` event per line, and replayed with and
 * without the filter.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseInput } from '../../cli/input';
import { parseAccessLine } from '../../lambda/core/access-log';
import { parseBatch } from '../../lambda/core/parse';
import { analyze } from '../../lambda/core/pipeline';
import type { LogBatch } from '../../lambda/core/types';
import {
  EXECUTION_LOG_FILTER_PATTERN,
  EXECUTION_LOG_TERMS,
  MAX_FILTER_PATTERN_LENGTH,
} from '../../lib/log-filter-patterns';
import { corpusLogFiles, readCorpusFile, requireCorpus } from '../support/corpus';

/** Ids the parser gave lines that had none (console output) are no request ids: number them instead. */
const REQUEST_ID = /^[0-9A-Za-z][0-9A-Za-z-]{7,63}$/;

/** The batches as deployed: access lines as they were, execution lines as `(id) message` events. */
function asDelivered(batches: readonly LogBatch[]): LogBatch[] {
  const ids = new Map<string, string>();
  const idOf = (id: string) => {
    if (REQUEST_ID.test(id)) return id;
    if (!ids.has(id)) ids.set(id, `00000000-0000-4000-8000-${String(ids.size).padStart(12, '0')}`);
    return ids.get(id) ?? id;
  };
  return batches.map((batch, index) => {
    const { execution } = parseBatch(batch, index);
    const access = batch.events.filter((e) => parseAccessLine(e.message)?.ok === true);
    const lines = execution.map((line, i) => ({
      id: `x${i}`,
      timestamp: line.timeMs ?? 0,
      message: `(${idOf(line.requestId ?? 'no-id')}) ${line.message}`,
    }));
    return { source: batch.source, events: [...access, ...lines] };
  });
}

/**
 * How CloudWatch Logs reads an unstructured-log pattern of quoted terms (case-sensitive): `"a" "b"`
 * matches an event holding both, `?"a" ?"b"` one holding either ("ERROR Exception" and "?ERROR
 * ?Exception" in the CloudWatch Logs API's filterPattern examples). Any other pattern fails the test.
 */
function patternMatcher(pattern: string): (message: string) => boolean {
  const terms = [...pattern.matchAll(/(\?)?"([^"]*)"/g)];
  assert.equal(terms.map((term) => term[0]).join(' '), pattern, `not a pattern of quoted terms: ${pattern}`);
  const phrases = terms.map((term) => term[2] ?? '');
  if (terms.every((term) => term[1] === '?')) return (message) => phrases.some((p) => message.includes(p));
  assert.ok(
    terms.every((term) => term[1] === undefined),
    `mixes ?"term" and "term": ${pattern}`,
  );
  return (message) => phrases.every((p) => message.includes(p));
}

/** What CloudWatch Logs delivers from an execution log group: the deployed pattern, read as it does. */
const delivered = patternMatcher(EXECUTION_LOG_FILTER_PATTERN);

/**
 * Lines that say a request failed and why, in API Gateway's words: what a stage logging at ERROR level
 * may still write when it drops the rest of a trail.
 */
const FAILURE_WORDS = [
  'Execution failed',
  'Lambda execution failed',
  'Lambda invocation failed',
  'Endpoint request timed out',
  'Malformed Lambda proxy response',
  'Invalid permissions',
  'Unauthorized request',
  'exceeded throttle limit',
  'throttle limit exceeded',
  'exceeded quota limit',
  'quota exhausted',
  'Access denied',
  'Request body does not match',
  'Missing required request parameters',
  'Gateway response type',
];

function isFailureLine(message: string): boolean {
  return FAILURE_WORDS.some((words) => message.includes(words));
}

function requestIdOf(message: string): string {
  return /^\(([^)]+)\) /.exec(message)?.[1] ?? '';
}

function filtered(batches: readonly LogBatch[]): LogBatch[] {
  return batches.map((batch) => ({
    ...batch,
    // Access lines come from an access log group, whose filter delivers everything.
    events: batch.events.filter((e) => parseAccessLine(e.message)?.ok === true || delivered(e.message)),
  }));
}

function causes(batches: readonly LogBatch[]): string[] {
  return analyze(batches)
    .failures.map((f) => `${f.requestId} ${f.cause} ${f.clientStatus}`)
    .sort();
}

const real = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'real-lines.json'), 'utf8')) as Record<
  string,
  { lines: string[] }
>;
/** Real successful trails: through the filter they must stay successes, failing nothing new. */
const realSuccesses = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'real-successes.json'), 'utf8'),
) as Record<string, { lines: string[] }>;
/**
 * SYNTHETIC trails for lines no real sample below holds: a WebSocket trail whose only status is API
 * Gateway's own answer (line shapes from a public post about WebSocket authorizers), a 5xx after a
 * Lambda authorizer started with no words for its failure (the shape of a trail cut short), and a
 * non-proxy Lambda integration whose integration response mapped the function's answer to a 404
 * (only "Successfully completed execution" says the gateway passed an answer on, not an error), and a
 * Step Functions path-override integration whose only word that the call was StartSyncExecution (a
 * FAILED execution answered 200) is the X-Amz-Target its endpoint request headers carry.
 */
const SYNTHETIC_TRAILS: [string, string][] = [
  [
    'synthetic WebSocket authorizer trail',
    [
      '(PDS1PEC4oAMFpyA=) Execution failed due to configuration error: Invalid permissions on Lambda function',
      '(PDS1PEC4oAMFpyA=) Execution failed due to configuration error: Authorizer error',
      '(PDS1PEC4oAMFpyA=) Gateway response type: AUTHORIZER_CONFIGURATION_ERROR with status code: 500',
    ].join('\n'),
  ],
  [
    'synthetic trail failing in its authorizer',
    [
      '(c0ffee00-0000-4000-8000-000000000001) Starting authorizer: abc123 for request: c0ffee00-0000-4000-8000-000000000001',
      '(c0ffee00-0000-4000-8000-000000000001) Incoming identity: ***xyz',
      '(c0ffee00-0000-4000-8000-000000000001) Method completed with status: 500',
    ].join('\n'),
  ],
  [
    // SQS's JSON protocol names the batch operation only in X-Amz-Target when its answer does not
    // open with `Failed`: the headers line must reach the function, or its failed entries are lost.
    'synthetic SQS JSON-protocol SendMessageBatch answering Successful before Failed',
    [
      'Starting execution for request: c0ffee00-0000-4000-8000-0000000005a5',
      'Endpoint request URI: https://sqs.us-east-1.amazonaws.com/',
      'Endpoint request headers: {X-Amz-Date=20260101T000000Z, X-Amz-Target=AmazonSQS.SendMessageBatch, Accept=application/json, User-Agent=AmazonAPIGateway_abc123}',
      'Received response. Status: 200, Integration latency: 40 ms',
      'Endpoint response body before transformations: {"Successful":[],"Failed":[{"Code":"InvalidParameterValue","Id":"m1","Message":"One or more parameters are invalid.","SenderFault":true}]}',
      'Successfully completed execution',
      'Method completed with status: 200',
    ]
      .map((message) => `(c0ffee00-0000-4000-8000-0000000005a5) ${message}`)
      .join('\n'),
  ],
  [
    'synthetic non-proxy Lambda trail mapped to 404',
    [
      'Starting execution for request: c0ffee00-0000-4000-8000-000000000404',
      'HTTP Method: GET, Resource Path: /orders/42',
      'Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
      'Received response. Status: 200, Integration latency: 31 ms',
      'Endpoint response body before transformations: {"error":"order 42 not found"}',
      'Method response body after transformations: {"error":"order 42 not found"}',
      'Successfully completed execution',
      'Method completed with status: 404',
    ]
      .map((message) => `(c0ffee00-0000-4000-8000-000000000404) ${message}`)
      .join('\n'),
  ],
  [
    'synthetic StartSyncExecution told by its X-Amz-Target header, whose execution FAILED',
    [
      'Starting execution for request: c0ffee00-0000-4000-8000-0000000005f1',
      'HTTP Method: POST, Resource Path: /orders',
      'Endpoint request URI: https://states.us-east-1.amazonaws.com/',
      'Endpoint request headers: {X-Amz-Date=20260101T000000Z, X-Amz-Target=AWSStepFunctions.StartSyncExecution, Accept=application/json, User-Agent=AmazonAPIGateway_abc123defg}',
      'Endpoint request body after transformations: {"input":"{}","stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:orders"}',
      'Sending request to https://states.us-east-1.amazonaws.com/',
      'Received response. Status: 200, Integration latency: 40 ms',
      'Endpoint response body before transformations: {"billingDetails":{"billedDurationInMilliseconds":100,"billedMemoryUsedInMB":64},"cause":"Payment declined for order 42","error":"PaymentError","executionArn":"arn:aws:states:us-east-1:123456789012:express:orders:run-1:0f1e","name":"run-1","status":"FAILED"}',
      'Successfully completed execution',
      'Method completed with status: 200',
    ]
      .map((message) => `(c0ffee00-0000-4000-8000-0000000005f1) ${message}`)
      .join('\n'),
  ],
];

const trails: [string, string][] = [
  ...SYNTHETIC_TRAILS,
  ...corpusLogFiles().map((f): [string, string] => [`corpus ${f}`, readCorpusFile(f)]),
  ...Object.entries(real).map(([id, sample]): [string, string] => [`fixture ${id}`, sample.lines.join('\n')]),
  ...Object.entries(realSuccesses).map(([id, sample]): [string, string] => [
    `success fixture ${id}`,
    sample.lines.join('\n'),
  ]),
];

describe('the execution-log subscription filter', () => {
  requireCorpus();
  it('fits the length CloudWatch Logs allows', () => {
    assert.ok(EXECUTION_LOG_FILTER_PATTERN.length <= MAX_FILTER_PATTERN_LENGTH);
  });

  it('delivers a line holding any one of its terms, not only lines holding them all', () => {
    for (const term of EXECUTION_LOG_TERMS) assert.ok(delivered(`(id) ${term}`), term);
    assert.ok(!delivered('(id) Method request body before transformations: {}'));
    // SYNTHETIC: a query-protocol batch's request body, and an API's own path naming the operation.
    assert.ok(
      !delivered(
        '(id) Endpoint request body after transformations: Action=SendMessageBatch&SendMessageBatchRequestEntry.1.Id=m1',
      ),
    );
    assert.ok(!delivered('(id) Method request path: {proxy=queues/sendMessageBatch}'));
  });

  /**
   * A stage logging at ERROR level writes a failure's line without the trail around it. Each row is
   * the line a term of the pattern is there for, alone in the shape CloudWatch Logs delivers: it must
   * pass the deployed pattern and be read under the cause taxonomy.md gives its words. Real lines are
   * taken from the fixture that holds them, with their own request ids.
   */
  const ERROR_LEVEL_LINES: { term: string; line: string; source: string; cause: string }[] = [
    {
      term: 'timeout',
      line: real['GH-k1k7gu3ct7-execution-timeout']?.lines[0] ?? '',
      source: 'fixture GH-k1k7gu3ct7-execution-timeout (real; corpus S10-01 holds the same words)',
      cause: 'timeout.integration',
    },
    {
      term: 'Invalid permissions',
      line: real['GH-k1k7gu3ct7-invalid-permissions']?.lines[0] ?? '',
      source: 'fixture GH-k1k7gu3ct7-invalid-permissions (real; corpus S07-07 holds the same words)',
      cause: 'auth.integration-permission',
    },
    {
      term: 'Rate Exceeded',
      line: real['GH-k1k7gu3ct7-lambda-throttled']?.lines[1] ?? '',
      source:
        'fixture GH-k1k7gu3ct7-lambda-throttled, its second line (real; corpus S06-03 holds the same words)',
      cause: 'limit.backend',
    },
    {
      term: 'SSLEngine',
      // SYNTHETIC: the error AWS's Knowledge Center article api-gateway-ssl-error is about
      // (https://aws.amazon.com/fr/premiumsupport/knowledge-center/api-gateway-ssl-error/, whose
      // French title quotes it), in English, with a request id of our own.
      line: '(c0ffee00-0000-4000-8000-0000000055e1) Execution failed due to configuration error: General SSLEngine problem',
      source: 'SYNTHETIC, rebuilt from the AWS Knowledge Center article api-gateway-ssl-error',
      cause: 'network.unreachable',
    },
  ];
  for (const { term, line, source, cause } of ERROR_LEVEL_LINES) {
    it(`delivers the "${term}" line an ERROR-level stage writes alone, read as ${cause} (${source})`, () => {
      assert.ok(line.includes(term), `the row's line does not hold its term: ${line}`);
      assert.ok(delivered(line), `the filter drops: ${line}`);
      const batch: LogBatch = {
        source: { logGroup: 'API-Gateway-Execution-Logs_k1k7gu3ct7/test' },
        events: [{ id: 'e0', timestamp: 1747699200000, message: line }],
      };
      const failures = analyze(filtered([batch])).failures;
      assert.deepEqual(
        failures.map((f) => [f.requestId, f.cause]),
        [[requestIdOf(line), cause]],
      );
    });
  }

  /**
   * SYNTHETIC trails of a REST method refusing a caller's SigV4 signature: each wording the signature
   * rule reads (the IAM User Guide's signature-v4-troubleshooting messages, the exceptions' names, an
   * IAM authorizer's malformed request), as its own line before the 403, the way a resource policy's
   * "is not authorized to perform" line is written. No public execution log holds one, so the
   * request ids and dates are ours; the function must read them as the CLI does, not as a bare 403.
   */
  const SIGNATURE_REFUSALS: { term: string; line: string }[] = [
    {
      term: 'signature we calculated',
      line: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    },
    { term: 'security token', line: 'The security token included in the request is invalid.' },
    { term: 'security token', line: 'The security token included in the request is expired' },
    {
      term: 'Signature expired',
      line: 'Signature expired: 20260101T001000Z is now earlier than 20260101T001500Z (20260101T002000Z - 5 min.)',
    },
    {
      term: 'Signature not yet',
      line: 'Signature not yet current: 20260101T003000Z is still later than 20260101T002000Z (20260101T001500Z + 5 min.)',
    },
    { term: 'Credential should', line: "Credential should be scoped to a valid region, not 'us-east-2'." },
    {
      term: 'Credential scope',
      line: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260102' != '20260101', from '20260101T000000Z'.",
    },
    { term: 'SignatureException', line: 'InvalidSignatureException' },
    { term: 'ExpiredToken', line: 'ExpiredTokenException' },
    {
      term: 'Authorizer',
      line: "The request for the IAM Authorizer doesn't match the format that API Gateway expects.",
    },
  ];
  SIGNATURE_REFUSALS.forEach(({ term, line }, i) => {
    it(`delivers the SYNTHETIC signature refusal "${line.slice(0, 40)}…" by its term "${term}", read as auth.signature`, () => {
      assert.ok(line.includes(term), `the row's line does not hold its term: ${line}`);
      const id = `c0ffee00-0000-4000-8000-0000000051${String(i).padStart(2, '0')}`;
      const batch: LogBatch = {
        source: { logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod' },
        events: [line, 'Method completed with status: 403'].map((message, n) => ({
          id: `e${n}`,
          timestamp: 1767225600000 + n,
          message: `(${id}) ${message}`,
        })),
      };
      assert.deepEqual(causes([batch]), [`${id} auth.signature 403`]);
      assert.deepEqual(causes(filtered([batch])), causes([batch]));
    });
  });

  const withTrails = trails
    .map(([name, text]) => [name, asDelivered(parseInput(text, name).batches)] as const)
    .filter(([, batches]) => batches.some((b) => b.events.some((e) => e.message.startsWith('('))));

  it('has real execution trails to replay', () => {
    assert.ok(withTrails.length >= 40, `only ${withTrails.length}`);
  });

  for (const [name, batches] of withTrails) {
    it(`${name}: the lines it delivers lead to the same causes as the whole log`, () => {
      assert.deepEqual(causes(filtered(batches)), causes(batches));
    });
  }

  // SYNTHETIC variants of the real trails: a stage logging at ERROR level writes only "error-level
  // entries" (AWS's MethodSetting reference), and no public ERROR-level log says which lines those
  // are. So every trail is cut down to its failure lines, with and without its `Method completed`
  // line: no `Starting execution`, no endpoint response. Each request that keeps a failure line must
  // still be found failed, under a named cause (not `unknown.*`), through the filter.
  for (const [name, batches] of withTrails) {
    const reducedTo = (keep: (message: string) => boolean) =>
      batches.map((batch) => ({ ...batch, events: batch.events.filter((e) => keep(e.message)) }));
    const errorOnly = reducedTo(isFailureLine);
    const failedWhole = new Set(analyze(batches).failures.map((f) => f.requestId));
    const failing = new Set(
      errorOnly
        .flatMap((b) => b.events.map((e) => requestIdOf(e.message)))
        .filter((id) => failedWhole.has(id)),
    );
    if (failing.size === 0) continue;
    it(`${name}: cut to its failure lines (SYNTHETIC, an ERROR-level stage's shape), every failing request is still found, through the filter`, () => {
      const withStatus = reducedTo((m) => isFailureLine(m) || m.includes('Method completed with status'));
      for (const reduced of [errorOnly, withStatus]) {
        for (const batch of reduced) {
          for (const e of batch.events) assert.ok(delivered(e.message), `the filter drops: ${e.message}`);
        }
        const found = new Map(analyze(reduced).failures.map((f) => [f.requestId, f.cause]));
        for (const id of failing) {
          const cause = found.get(id);
          assert.ok(cause !== undefined, `request ${id} not found failed`);
          assert.doesNotMatch(cause, /^unknown\./, `request ${id}`);
        }
      }
    });
  }
});
