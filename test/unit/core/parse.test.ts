/**
 * parseBatch and the execution-log line reader: every shape users paste or CloudWatch delivers.
 * All lines are synthetic, written in the shapes of the real corpus (../shared/corpus).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  isKnownExecutionMessage,
  readExecutionLine,
  requestIdNamedIn,
  splitConsoleEntries,
} from '../../../lambda/core/execution-log';
import { executionLogGroupApi } from '../../../lambda/core/execution-log-group';
import { MAX_LINE_CHARS, parseBatch } from '../../../lambda/core/parse';
import { analyze } from '../../../lambda/core/pipeline';
import { type LogBatch, type ParsedBatch, UNPARSED_REASON } from '../../../lambda/core/types';
import { outputWithinLimit } from '../../support/time-limit';

const ID = '8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
const ID2 = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const T0 = Date.UTC(2026, 10, 25, 10, 15, 30);

/** One event per line, as the CLI reads a file. */
function fileBatch(lines: readonly string[], name = 'paste.log'): LogBatch {
  return { source: { name }, events: lines.map((message, i) => ({ id: String(i), timestamp: 0, message })) };
}

function executionBatch(lines: readonly string[]): LogBatch {
  return {
    source: { logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod', logStream: 's' },
    events: lines.map((message, i) => ({ id: String(i), timestamp: T0 + i, message })),
  };
}

function idsOf(parsed: ParsedBatch): string[] {
  return [...new Set(parsed.execution.map((l) => l.requestId ?? '(none)'))];
}

describe('readExecutionLine', () => {
  const shapes: readonly {
    readonly name: string;
    readonly line: string;
    readonly requestId?: string;
    readonly timeMs?: number;
    readonly message: string;
    readonly stamped: boolean;
  }[] = [
    {
      name: 'a CloudWatch "(requestId) message" line',
      line: `(${ID}) Method completed with status: 502`,
      requestId: ID,
      message: 'Method completed with status: 502',
      stamped: true,
    },
    {
      name: 'a line whose request id was starred out before it was pasted: stamped, but naming no request',
      line: '(************************************) The client is not authorized to perform this operation.',
      message: 'The client is not authorized to perform this operation.',
      stamped: true,
    },
    {
      name: "a documentation page's placeholder request id: stamped, but naming no request",
      line: '(XXXXX) Execution failed due to configuration error: Rate Exceeded.',
      message: 'Execution failed due to configuration error: Rate Exceeded.',
      stamped: true,
    },
    {
      name: "a page's placeholder request id of x's as long as a real one (the UUID's own shape): naming no request",
      line: '(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) Method completed with status: 502',
      message: 'Method completed with status: 502',
      stamped: true,
    },
    {
      name: "eight or more X's are a placeholder too, not an id",
      line: '(XXXXXXXXXX) Execution failed due to configuration error: Rate Exceeded.',
      message: 'Execution failed due to configuration error: Rate Exceeded.',
      stamped: true,
    },
    {
      name: "a page's (...) placeholder before a message API Gateway writes",
      line: '(...) Method completed with status: 502',
      message: 'Method completed with status: 502',
      stamped: true,
    },
    {
      name: 'a request id a writer shortened (`(abc-1)`), before a message API Gateway writes: still that request',
      line: '(abc-1) Method completed with status: 502',
      requestId: 'abc-1',
      message: 'Method completed with status: 502',
      stamped: true,
    },
    {
      name: 'a shortened request id behind a stamp a page replaced, elided or spaced: still that request',
      line: '<timestamp> (abc-1) Method completed with status: 502',
      requestId: 'abc-1',
      message: 'Method completed with status: 502',
      stamped: true,
    },
    {
      name: 'a shortened request id behind an elided stamp',
      line: '... (abc-1) Method completed with status: 502',
      requestId: 'abc-1',
      message: 'Method completed with status: 502',
      stamped: true,
    },
    {
      name: 'a short numeric request id before an execution failure',
      line: '(12345) Execution failed due to configuration error: Malformed Lambda proxy response',
      requestId: '12345',
      message: 'Execution failed due to configuration error: Malformed Lambda proxy response',
      stamped: true,
    },
    {
      name: 'a request id a writer cut short and marked with dots or an ellipsis, before a message API Gateway writes',
      line: '(7735a87a...) Execution failed due to configuration error: Invalid permissions on Lambda function',
      requestId: '7735a87a...',
      message: 'Execution failed due to configuration error: Invalid permissions on Lambda function',
      stamped: true,
    },
    {
      name: 'a cut-short id before prose: no prefix',
      line: '(see...) the notes below',
      message: '(see...) the notes below',
      stamped: false,
    },
    {
      name: 'a word without a digit cut short before a message API Gateway writes: prose, no prefix',
      line: '(Sometimes...) Invalid request body',
      message: '(Sometimes...) Invalid request body',
      stamped: false,
    },
    {
      name: 'a short parenthesised word before prose (a numbered point, a remark): no prefix',
      line: '(1) Method names are case-sensitive',
      message: '(1) Method names are case-sensitive',
      stamped: false,
    },
    {
      name: "a list's number before a message API Gateway writes ((4), (b), (iv)): a paste mark, naming no request",
      line: '(4) Execution failed due to configuration error: Invalid permissions on Lambda function',
      message: 'Execution failed due to configuration error: Invalid permissions on Lambda function',
      stamped: true,
    },
    {
      name: "a list's letter before a message API Gateway writes: a paste mark too",
      line: '(b) Method completed with status: 500',
      message: 'Method completed with status: 500',
      stamped: true,
    },
    {
      name: 'a (...) that marks lines left out of a paste, alone or before other text: no prefix',
      line: '(...) 40 more items',
      message: '(...) 40 more items',
      stamped: false,
    },
    {
      name: 'a (...) alone on its line',
      line: '(...)',
      message: '(...)',
      stamped: false,
    },
    {
      name: 'a <request-id> placeholder',
      line: '(<request-id>) Method completed with status: 502',
      message: 'Method completed with status: 502',
      stamped: true,
    },
    {
      name: "a console stamp whose weekday a page printed as two letters (AWS's Knowledge Center: 'WE')",
      line: 'WE Aug 03 09:10:00 UTC 2022 : Method completed with status: 502',
      timeMs: Date.UTC(2022, 7, 3, 9, 10, 0),
      message: 'Method completed with status: 502',
      stamped: true,
    },
    {
      // A translated page (AWS's Spanish Knowledge Center, fixture MINE-INTL-KCES-VPC-INTERNAL-ERROR-…)
      // drops the space the console writes before the colon; the stamp is the same.
      name: 'a console stamp whose space before the colon a translation dropped',
      line: 'Thu Aug 04 17:48:21 UTC 2022: Method completed with status: 500',
      timeMs: Date.UTC(2022, 7, 4, 17, 48, 21),
      message: 'Method completed with status: 500',
      stamped: true,
    },
    {
      name: 'an ISO-stamped line with a starred-out request id',
      line: '2026-11-25T10:15:30.000Z (************************************) Method completed with status: 403',
      timeMs: T0,
      message: 'Method completed with status: 403',
      stamped: true,
    },
    {
      name: 'a line whose stamp was elided with "..." when pasted: stamped, the message intact',
      line: '... Execution failed due to configuration error: Malformed Lambda proxy response',
      message: 'Execution failed due to configuration error: Malformed Lambda proxy response',
      stamped: true,
    },
    {
      name: 'a CloudWatch line whose stamp was elided before its request id',
      line: `... (${ID}) Method completed with status: 502`,
      requestId: ID,
      message: 'Method completed with status: 502',
      stamped: true,
    },
    {
      name: 'a "... (truncated)" marker, which names no request',
      line: '... (truncated) {"errorMessage":"Task timed out after 6.01 seconds"}',
      message: '... (truncated) {"errorMessage":"Task timed out after 6.01 seconds"}',
      stamped: false,
    },
    {
      name: "zappa tail's [stream] [local time] prefix before a known message: stamped, but not dated (the time has no zone)",
      line: '[2b4492] [2016-10-11 15:26:57] Method completed with status: 403',
      message: 'Method completed with status: 403',
      stamped: true,
    },
    {
      name: "zappa tail's prefix before a CloudWatch (id) line",
      line: `[2b4492] [2016-10-11 15:26:57] (${ID}) Method completed with status: 403`,
      requestId: ID,
      message: 'Method completed with status: 403',
      stamped: true,
    },
    {
      name: 'a bracketed date before text API Gateway does not write: left as it is',
      line: '[2b4492] [2016-10-11 15:26:57] Deploying to staging',
      message: '[2b4492] [2016-10-11 15:26:57] Deploying to staging',
      stamped: false,
    },
    {
      name: 'an ISO stamp with a space for the T before a known message, read as UTC',
      line: '2026-11-25 10:15:30.000 Method completed with status: 502',
      timeMs: T0,
      message: 'Method completed with status: 502',
      stamped: true,
    },
    {
      name: 'a date with a space for the T before other text: left as it is',
      line: '2026-11-25 10:15:30 deploy finished',
      message: '2026-11-25 10:15:30 deploy finished',
      stamped: false,
    },
    {
      name: 'a console-stamped line',
      line: 'Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502',
      timeMs: T0,
      message: 'Method completed with status: 502',
      stamped: true,
    },
    {
      name: 'a console-stamped line with a one-digit day',
      line: 'Thu Nov  5 10:15:30 UTC 2026 : Starting execution for request: x',
      timeMs: Date.UTC(2026, 10, 5, 10, 15, 30),
      message: 'Starting execution for request: x',
      stamped: true,
    },
    {
      name: 'an ISO-stamped line with a request id',
      line: `2026-11-25T10:15:30.000Z (${ID}) Endpoint request timed out`,
      requestId: ID,
      timeMs: T0,
      message: 'Endpoint request timed out',
      stamped: true,
    },
    {
      name: 'a bare message',
      line: 'Execution failed due to configuration error: Invalid permissions on Lambda function',
      message: 'Execution failed due to configuration error: Invalid permissions on Lambda function',
      stamped: false,
    },
  ];
  for (const { name, line, requestId, timeMs, message, stamped } of shapes) {
    it(`reads ${name}`, () => {
      const shape = readExecutionLine(line);
      assert.equal(shape.requestId, requestId);
      assert.equal(shape.timeMs, timeMs);
      assert.equal(shape.message, message);
      assert.equal(shape.stamped, stamped);
    });
  }

  it('reads a trail whose lines a page numbered as a list ((1) …, (2) …) as one request, not one per number', () => {
    // SYNTHETIC: a trail's lines as API Gateway writes them (test/fixtures/real-lines.json), numbered
    // as prose numbers points; the numbers are no request ids.
    const lines = [
      `(1) Starting execution for request: ${ID}`,
      '(2) HTTP Method: GET, Resource Path: /items',
      '(3) Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:items/invocations',
      '(4) Execution failed due to configuration error: Invalid permissions on Lambda function',
      '(5) Method completed with status: 500',
    ];
    const failures = analyze([fileBatch(lines)]).failures;
    assert.deepEqual(
      failures.map((f) => [f.requestId, f.cause]),
      [[ID, 'auth.integration-permission']],
    );
  });

  it('recognises known execution messages and not arbitrary text', () => {
    assert.equal(isKnownExecutionMessage('Endpoint response body before transformations: {}'), true);
    assert.equal(isKnownExecutionMessage('  Lambda execution failed with status 200'), true);
    assert.equal(isKnownExecutionMessage('hello world'), false);
    // HTTP API's error texts, which users paste on their own (an HTTP API has no execution log).
    assert.equal(
      isKnownExecutionMessage(
        "The IAM role configured on the authorizer or API Gateway doesn't have permissions to call the authorizer.",
      ),
      true,
    );
  });

  it('splits console entries that lost their line breaks at each stamp', () => {
    const line =
      'Wed Nov 25 10:15:30 UTC 2026 : Starting execution for request: x Wed Nov 25 10:15:31 UTC 2026 : Method completed with status: 200';
    assert.deepEqual(splitConsoleEntries(line), [
      'Wed Nov 25 10:15:30 UTC 2026 : Starting execution for request: x',
      'Wed Nov 25 10:15:31 UTC 2026 : Method completed with status: 200',
    ]);
    assert.deepEqual(splitConsoleEntries('plain text'), ['plain text']);
  });

  it("splits at a stamp whose weekday a page printed loosely ('WE'), and only where an entry can start", () => {
    // The KCDE fixture's line: its accepted causes hold with or without this split, so it is pinned here.
    const line =
      'Wed Aug 03 08:10:00 UTC 2022 : Execution failed due to configuration error: WE Aug 03 09:10:00 UTC 2022 : Method completed with status: 502';
    assert.deepEqual(splitConsoleEntries(line), [
      'Wed Aug 03 08:10:00 UTC 2022 : Execution failed due to configuration error:',
      'WE Aug 03 09:10:00 UTC 2022 : Method completed with status: 502',
    ]);
    const quoted =
      'Wed Aug 03 08:10:00 UTC 2022 : Endpoint response body before transformations: {"e":"WE Aug 03 09:10:00 UTC 2022 : x"}';
    assert.deepEqual(splitConsoleEntries(quoted), [quoted]);
  });

  it("does not split at a date a message holds before its own colon, the console's spaced stamp or not", () => {
    // SYNTHETIC: a function's error naming a date in `date`'s format, a body quoting one.
    for (const line of [
      'Thu Aug 04 17:48:21 UTC 2022 : Lambda execution failed with status 200 due to customer function error: Token valid until Fri Aug 05 17:48:21 UTC 2022: renew it. Lambda request id: 2a3f76ac-1744-4e6c-91e2-7c1951808d1b',
      'Thu Aug 04 17:48:21 UTC 2022 : Endpoint response body before transformations: {"errorMessage":"Expired Thu Aug 04 17:40:00 UTC 2022: card declined"}',
    ])
      assert.deepEqual(splitConsoleEntries(line), [line]);
  });

  it("reads a script's `$(date): …` line as no execution line", () => {
    // SYNTHETIC: what `echo "$(date): …"` prints: the console's time with no space before the colon.
    for (const line of [
      'Thu Aug  4 17:48:22 UTC 2022: backing off after 3 retries',
      'Thu Aug 04 17:48:22 UTC 2022: deploy finished, 502 errors gone',
    ]) {
      const analysis = analyze([
        { source: { name: 'script.log' }, events: [{ id: '1', timestamp: 0, message: line }] },
      ]);
      assert.deepEqual(
        [analysis.stats.requests, analysis.stats.failed, analysis.stats.unparsed],
        [0, 0, 1],
        line,
      );
    }
  });

  it('reads every message API Gateway writes after a stamp whose space before the colon a translation dropped', () => {
    // SYNTHETIC: a console test pasted from a translated page, one entry per line and joined on one line.
    const stamp = 'Tue Oct 11 15:26:57 UTC 2016: ';
    const rows: readonly (readonly [message: string, cause: string])[] = [
      [
        'Request body does not match model schema for content type application/json: [Unknown error]',
        'bad-request.body',
      ],
      ['Missing required request parameters: [id]', 'bad-request.parameters'],
      ['Method throttle limit exceeded', 'limit.throttle'],
      [
        'Execution failed due to configuration error: Invalid permissions on Lambda function',
        'auth.integration-permission',
      ],
    ];
    for (const [message, cause] of rows) {
      const entries = [
        'Starting execution for request: 3f2b1c0d-1111-4a2b-9c3d-123456789abc',
        'Method request body before transformations: {"a":1}',
        message,
      ].map((entry) => `${stamp}${entry}`);
      for (const lines of [entries, [entries.join(' ')]]) {
        const analysis = analyze([
          {
            source: { name: 'test.log' },
            events: lines.map((m, i) => ({ id: String(i), timestamp: 0, message: m })),
          },
        ]);
        assert.deepEqual(
          analysis.failures.map((f) => f.cause),
          [cause],
          lines.join('\n'),
        );
      }
    }
  });

  it('splits at a stamp whose space before the colon a translation dropped, as at the spaced one', () => {
    const line =
      'Thu Aug 04 17:48:21 UTC 2022: Execution failed due to configuration error: There was an internal error while executing your request Thu Aug 04 17:48:21 UTC 2022: Method completed with status: 500';
    assert.deepEqual(splitConsoleEntries(line), [
      'Thu Aug 04 17:48:21 UTC 2022: Execution failed due to configuration error: There was an internal error while executing your request',
      'Thu Aug 04 17:48:21 UTC 2022: Method completed with status: 500',
    ]);
  });

  it('splits where the console glued a stamp to a cut message, as test-invoke logs do', () => {
    const line =
      'Thu Apr 05 11:07:54 UTC 2018 : Method request path: {}[TRUNCATED]Thu Apr 05 11:07:54 UTC 2018 : Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/x/invocations';
    assert.deepEqual(splitConsoleEntries(line), [
      'Thu Apr 05 11:07:54 UTC 2018 : Method request path: {}[TRUNCATED]',
      'Thu Apr 05 11:07:54 UTC 2018 : Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/x/invocations',
    ]);
  });

  it("leaves a stamp quoted or escaped inside a body as the body's text", () => {
    for (const body of [
      '{"error":"Thu Apr 05 11:07:54 UTC 2018 : Rate exceeded for tenant 42"}',
      '{"log":"first\\nThu Apr 05 11:07:54 UTC 2018 : Method completed with status: 502"}',
    ]) {
      const line = `Thu Apr 05 11:07:54 UTC 2018 : Endpoint response body before transformations: ${body}`;
      assert.deepEqual(splitConsoleEntries(line), [line]);
    }
  });

  it('never splits a CloudWatch (id) line: a stamp in it is what the caller sent, not another entry', () => {
    const line = `(${ID}) Method request body before transformations: {"comment":"x Thu Apr 05 11:07:54 UTC 2018 : Method completed with status: 500"}`;
    assert.deepEqual(splitConsoleEntries(line), [line]);
    const parsed = parseBatch(executionBatch([line, `(${ID}) Method completed with status: 200`]));
    assert.deepEqual(idsOf(parsed), [ID]);
  });

  it('never splits an ISO-stamped or elided (id) line either', () => {
    for (const head of ['2026-11-25T10:15:30.000Z ', '... ', '2023-10-27T14:40:57.744+01:00 | ']) {
      const line = `${head}(${ID}) Method request body before transformations: {"c":"x Thu Apr 05 11:07:54 UTC 2018 : Method completed with status: 500"}`;
      assert.deepEqual(splitConsoleEntries(line), [line], head);
    }
  });

  it('splits where lost line breaks glued a stamp to a closing brace, before a message API Gateway writes', () => {
    const line =
      'Thu Apr 05 11:07:54 UTC 2018 : Method request headers: {}Thu Apr 05 11:07:54 UTC 2018 : Execution failed due to configuration error: Malformed Lambda proxy response';
    assert.deepEqual(splitConsoleEntries(line), [
      'Thu Apr 05 11:07:54 UTC 2018 : Method request headers: {}',
      'Thu Apr 05 11:07:54 UTC 2018 : Execution failed due to configuration error: Malformed Lambda proxy response',
    ]);
  });

  it("splits a line at a stamp without its space before the colon only before a trail's own entry, not a body's or a script's words", () => {
    // SYNTHETIC: a body quoting a date then generic words; a script's prefixed `$(date): …` line.
    for (const line of [
      'Thu Aug 04 17:48:21 UTC 2022 : Endpoint response body before transformations: {"error":"job Thu Aug 04 17:48:21 UTC 2022: Too Many Requests"}',
      '[worker-3] Thu Aug 04 17:48:21 UTC 2022: Too Many Requests from upstream, backing off',
      'Thu Aug 04 17:48:21 UTC 2022 : Execution failed due to configuration error: Certificate expired Thu Aug 04 17:48:21 UTC 2022: Invalid certificate chain',
    ])
      assert.deepEqual(splitConsoleEntries(line), [line]);
    assert.deepEqual(
      splitConsoleEntries(
        'Thu Aug 04 17:48:21 UTC 2022: Starting execution for request: x Thu Aug 04 17:48:21 UTC 2022: Malformed Lambda proxy response. Thu Aug 04 17:48:21 UTC 2022: Method completed with status: 502',
      ),
      [
        'Thu Aug 04 17:48:21 UTC 2022: Starting execution for request: x',
        'Thu Aug 04 17:48:21 UTC 2022: Malformed Lambda proxy response.',
        'Thu Aug 04 17:48:21 UTC 2022: Method completed with status: 502',
      ],
    );
    // SYNTHETIC, in the shapes of real entries (NEILR-2015's `API Key:`, a Test Authorizer's last `Unauthorized`).
    assert.deepEqual(
      splitConsoleEntries(
        'Thu Sep 05 04:56:39 UTC 2019: API Key: test-invoke-api-key Thu Sep 05 04:56:39 UTC 2019: Unauthorized request: 29d2b4df-1111 Thu Sep 05 04:56:39 UTC 2019: Unauthorized',
      ),
      [
        'Thu Sep 05 04:56:39 UTC 2019: API Key: test-invoke-api-key',
        'Thu Sep 05 04:56:39 UTC 2019: Unauthorized request: 29d2b4df-1111',
        'Thu Sep 05 04:56:39 UTC 2019: Unauthorized',
      ],
    );
  });

  it("splits a line of many stamps before Lambda's setup refusal without its 'because' in linear time", () => {
    // SYNTHETIC: the refusal's opening with no `because`, after a stamp 49,152 times (3.4 MB): the
    // message test looked for `because` to the line's end at every stamp (11 s for a third of it).
    const script = `
      const { splitConsoleEntries } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'execution-log.ts'))});
      const tight = 'Thu Aug 04 17:48:21 UTC 2022: Lambda was not able to create an ENI x '.repeat(49152);
      const glued = ')Thu Aug 04 17:48:21 UTC 2022 : Lambda was not able to create an ENI x '.repeat(49152);
      console.log(splitConsoleEntries(tight).length, splitConsoleEntries(glued).length > 0);`;
    assert.equal(
      outputWithinLimit(script, "the refusal's 'because' was looked for to the line's end"),
      '1 true',
    );
  });

  it('splits a console line with a long run of white space in linear time', () => {
    // A look-ahead after \s+ backtracked quadratically: one such line took two minutes.
    const script = `
      const { splitConsoleEntries } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'execution-log.ts'))});
      console.log(splitConsoleEntries('x UTC ' + ' '.repeat(200000) + 'Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502').length);`;
    assert.equal(outputWithinLimit(script, 'the console split backtracks'), '2');
  });

  it('finds the request id a header or a "for request:" phrase names', () => {
    assert.equal(requestIdNamedIn(`Execution log for request ${ID}`), ID);
    assert.equal(requestIdNamedIn(`Starting execution for request: ${ID}`), ID);
    assert.equal(requestIdNamedIn('Method completed with status: 200'), undefined);
  });

  it("names no request for a header whose id a page left out (`...`, `<request-id>`, x's, stars), but keeps the console's test-request", () => {
    for (const placeholder of [
      '...',
      '…',
      '<request-id>',
      '<request id>',
      '[REDACTED]',
      'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
      '********',
    ]) {
      assert.equal(requestIdNamedIn(`Execution log for request ${placeholder}`), undefined, placeholder);
    }
    assert.equal(requestIdNamedIn('Execution log for request test-request'), 'test-request');
  });

  it('reads the api id and stage from an execution log group name only', () => {
    assert.deepEqual(executionLogGroupApi('API-Gateway-Execution-Logs_abc123defg/prod'), {
      apiId: 'abc123defg',
      stage: 'prod',
    });
    assert.equal(executionLogGroupApi('/aws/apigateway/access'), undefined);
    assert.equal(executionLogGroupApi(undefined), undefined);
  });
});

describe('parseBatch', () => {
  it('keeps each "(requestId) message" line with its id and the event time', () => {
    const parsed = parseBatch(
      executionBatch([
        `(${ID}) Starting execution for request: ${ID}`,
        `(${ID}) Method completed with status: 502`,
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => [l.requestId, l.timeMs, l.message]),
      [
        [ID, T0, `Starting execution for request: ${ID}`],
        [ID, T0 + 1, 'Method completed with status: 502'],
      ],
    );
    assert.deepEqual(parsed.unparsed, []);
  });

  it('gives console output under an "Execution log for request" header the header id and the stamp times', () => {
    const parsed = parseBatch(
      fileBatch([
        `Execution log for request ${ID}`,
        `Wed Nov 25 10:15:30 UTC 2026 : Starting execution for request: ${ID}`,
        'Wed Nov 25 10:15:31 UTC 2026 : Method completed with status: 502',
      ]),
    );
    assert.deepEqual(idsOf(parsed), [ID]);
    assert.deepEqual(
      parsed.execution.map((l) => l.timeMs),
      [T0, T0 + 1000],
    );
    assert.equal(parsed.execution.length, 2, 'the header itself is not a message');
  });

  it('reads ISO-stamped lines with their stamp as the time', () => {
    const parsed = parseBatch(fileBatch([`2026-11-25T10:15:30.000Z (${ID}) Endpoint request timed out`]));
    assert.deepEqual(
      parsed.execution.map((l) => [l.requestId, l.timeMs]),
      [[ID, T0]],
    );
  });

  it('reads `aws logs tail` output, taking off its time and log-stream prefix', () => {
    const stream = 'e4da3b7fbbce2345d7772b0674a318d5';
    const parsed = parseBatch(
      fileBatch([
        `2026-11-25T10:15:30.000000+00:00 ${stream} (${ID}) Lambda invocation failed with status: 429. Lambda request id: 5a2f`,
        `2026-11-25T10:15:31.000000+00:00 ${stream} {"requestId":"r2","status":"403","error.responseType":"MISSING_AUTHENTICATION_TOKEN"}`,
        `2026-11-25T10:15:32.000000+00:00 ${stream} 203.0.113.7 - - [25/Nov/2026:10:15:32 +0000] "GET GET /pets HTTP/1.1" 500 35 r3`,
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => [l.requestId, l.timeMs, l.message]),
      [[ID, T0, 'Lambda invocation failed with status: 429. Lambda request id: 5a2f']],
    );
    assert.deepEqual(
      parsed.access.map((r) => [r.requestId, r.status]),
      [
        ['r2', 403],
        ['r3', 500],
      ],
    );
    assert.deepEqual(parsed.unparsed, []);
  });

  it('dates by an `aws logs tail` prefix an access line that logs no time, and keeps the time of one that does (README Parsing, Export prefixes)', () => {
    // SYNTHETIC: access lines behind prefixes five hours apart from what the second line logs.
    const stream = 'e4da3b7fbbce2345d7772b0674a318d5';
    const parsed = parseBatch(
      fileBatch([
        `2026-11-25T10:15:30.000000+00:00 ${stream} {"requestId":"r1","status":"502"}`,
        `2026-11-25T05:15:30.000000+00:00 ${stream} {"requestId":"r2","requestTime":"25/Nov/2026:10:15:30 +0000","status":"502"}`,
      ]),
    );
    assert.deepEqual(
      parsed.access.map((r) => [r.requestId, r.timeMs]),
      [
        ['r1', T0],
        ['r2', T0],
      ],
    );
  });

  for (const placeholder of ['<timestamp>', '<TIMESTAMP>', 'YYYY-MM-DDTHH:MM:SSZ', '<date time>']) {
    it(`reads \`aws logs tail\` output whose time a page replaced with ${placeholder}, dating nothing by it`, () => {
      // SYNTHETIC: the test above's lines with their times sanitized as published logs hide them.
      const stream = 'e4da3b7fbbce2345d7772b0674a318d5';
      const parsed = parseBatch(
        fileBatch([
          `${placeholder} ${stream} (${ID}) Lambda invocation failed with status: 429. Lambda request id: 5a2f`,
          `${placeholder} ${stream} {"requestId":"r2","status":"403","error.responseType":"MISSING_AUTHENTICATION_TOKEN"}`,
          `${placeholder} ${stream} 203.0.113.7 - - [25/Nov/2026:10:15:32 +0000] "GET GET /pets HTTP/1.1" 500 35 r3`,
        ]),
      );
      assert.deepEqual(
        parsed.execution.map((l) => [l.requestId, l.timeMs, l.message]),
        [[ID, 0, 'Lambda invocation failed with status: 429. Lambda request id: 5a2f']],
      );
      assert.deepEqual(
        parsed.access.map((r) => [r.requestId, r.status, r.timeMs]),
        [
          ['r2', 403, undefined],
          ['r3', 500, T0 + 2000],
        ],
      );
      assert.deepEqual(parsed.unparsed, []);
    });
  }

  const stampedAccess: readonly [string, string][] = [
    ["the console's table copy, a time and a tab", '2026-11-25T10:15:30.000+00:00\t'],
    ["Logs Insights' table copy, a zone-less time with a space", '2026-11-25 10:15:30.000\t'],
    ['`aws logs tail --format short`, a zone-less time and a space', '2026-11-25T10:15:30 '],
  ];
  for (const [shape, prefix] of stampedAccess) {
    it(`reads access lines behind ${shape} as access lines, one request each, dated in UTC`, () => {
      const parsed = parseBatch(
        fileBatch([
          `${prefix}{"requestId":"r1","status":"429","errorMessage":"Too Many Requests","errorResponseType":"THROTTLED"}`,
          `${prefix}{"requestId":"r2","status":"200","errorMessage":"-","errorResponseType":"-"}`,
        ]),
      );
      assert.deepEqual(
        parsed.access.map((r) => [r.requestId, r.status, r.timeMs]),
        [
          ['r1', 429, T0],
          ['r2', 200, T0],
        ],
      );
      assert.deepEqual(parsed.execution, []);
      assert.deepEqual(parsed.unparsed, []);
    });
  }

  describe("`aws logs filter-log-events --query 'events[*].[…]' --output text` rows: an epoch time or a log stream, then a tab", () => {
    // SYNTHETIC rows in the AWS CLI's text format of a JMESPath list: the columns asked for, tab-separated.
    const stream = 'e4da3b7fbbce2345d7772b0674a318d5';
    const execution = `(${ID}) Lambda invocation failed with status: 429. Lambda request id: 5a2f`;
    const access = '{"requestId":"r2","status":"403","error.responseType":"MISSING_AUTHENTICATION_TOKEN"}';
    const clf = '203.0.113.7 - - [25/Nov/2026:10:15:32 +0000] "GET GET /pets HTTP/1.1" 500 35 r3';
    const rows: readonly { query: string; prefix: (ms: number) => string; dated: boolean }[] = [
      { query: '[timestamp,message]', prefix: (ms) => `${ms}\t`, dated: true },
      { query: '[timestamp,message] in seconds', prefix: (ms) => `${ms / 1000}\t`, dated: true },
      { query: '[logStreamName,message]', prefix: () => `${stream}\t`, dated: false },
      { query: '[timestamp,logStreamName,message]', prefix: (ms) => `${ms}\t${stream}\t`, dated: true },
      {
        query: '[timestamp,logStreamName,message] of a Lambda-style stream name',
        prefix: (ms) => `${ms}\t2026/11/25/[$LATEST]0123456789abcdef\t`,
        dated: true,
      },
    ];
    for (const row of rows) {
      it(`reads ${row.query} as the lines themselves${row.dated ? ', dated by the epoch time' : ''}`, () => {
        const parsed = parseBatch(
          fileBatch([
            `${row.prefix(T0)}${execution}`,
            `${row.prefix(T0 + 1000)}${access}`,
            `${row.prefix(T0 + 2000)}${clf}`,
          ]),
        );
        assert.deepEqual(
          parsed.execution.map((l) => [l.requestId, l.timeMs, l.message]),
          [[ID, row.dated ? T0 : 0, 'Lambda invocation failed with status: 429. Lambda request id: 5a2f']],
        );
        assert.deepEqual(
          parsed.access.map((r) => [r.requestId, r.status, r.timeMs]),
          [
            ['r2', 403, row.dated ? T0 + 1000 : undefined],
            ['r3', 500, T0 + 2000],
          ],
        );
        assert.deepEqual(parsed.unparsed, []);
      });
    }

    it('leaves whole a line whose text after the epoch time or word and tab is no log line', () => {
      // SYNTHETIC: other text in a tab-separated file; nothing is swallowed of it.
      const lines = [
        `${T0}\tdeploy finished`,
        `${stream}\tstarted`,
        `${T0}\t${stream}\tsomething else`,
        `hello world\t${access}`,
      ];
      const parsed = parseBatch(fileBatch(lines));
      assert.deepEqual(
        parsed.unparsed.map((u) => u.sample),
        lines.map((line) => line),
      );
      assert.deepEqual(parsed.access, []);
    });
  });

  it("reads access lines behind a date written with slashes, dated by the line's own time (month or day first cannot be told)", () => {
    // SYNTHETIC, in the shape of tinystacks/mkdocs' logging guide (test/fixtures/real-successes.json).
    const parsed = parseBatch(
      fileBatch([
        '04/21/2022 18:27:42: {"requestId":"r1","status":"502","requestTime":"21/Apr/2022:17:09:26 +0000"}',
        '21/04/2022, 18:27:42 {"requestId":"r2","status":"200"}',
      ]),
    );
    // Before a message API Gateway writes too, as the same guide's execution lines would be.
    assert.deepEqual(
      parseBatch(fileBatch(['04/21/2022 18:27:44: Method completed with status: 500'])).execution.map(
        (l) => l.message,
      ),
      ['Method completed with status: 500'],
    );
    assert.deepEqual(
      parsed.access.map((r) => [r.requestId, r.status, r.timeMs]),
      [
        ['r1', 502, Date.UTC(2022, 3, 21, 17, 9, 26)],
        ['r2', 200, undefined],
      ],
    );
    assert.deepEqual(parsed.unparsed, []);
  });

  // The CloudWatch console's copy of selected events: each event's time on a line of its own, above
  // its message (synthetic lines in the shape of a real copy, test/fixtures/real-lines.json).
  const timesAbove: readonly [string, string][] = [
    ['an ISO time with a Z', '2026-11-25T10:15:30.000Z'],
    ['an ISO time with an offset', '2026-11-25T11:15:30.000+01:00'],
    ['a zone-less time with a space, read as UTC', '2026-11-25 10:15:30.000'],
  ];
  for (const [shape, time] of timesAbove) {
    it(`reads ${shape} alone on its line as the time of the next line, not as a line or a continuation`, () => {
      const parsed = parseBatch(
        fileBatch([
          time,
          `(${ID}) Starting authorizer: a1b2c3 for request: ${ID}`,
          time,
          `(${ID}) Unauthorized request: ${ID}`,
          time,
          '{"requestId":"r2","status":"403","errorResponseType":"ACCESS_DENIED"}',
        ]),
      );
      assert.deepEqual(
        parsed.execution.map((l) => [l.requestId, l.timeMs, l.message]),
        [
          [ID, T0, `Starting authorizer: a1b2c3 for request: ${ID}`],
          [ID, T0, `Unauthorized request: ${ID}`],
        ],
      );
      assert.deepEqual(
        parsed.access.map((r) => [r.requestId, r.status, r.timeMs]),
        [['r2', 403, T0]],
      );
      assert.deepEqual(parsed.unparsed, []);
    });
  }

  it('keeps a time alone inside a multi-line event as the body it belongs to', () => {
    const parsed = parseBatch(
      fileBatch([`(${ID}) Endpoint response body before transformations:\n2026-11-25T10:15:30.000Z`]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => l.message),
      ['Endpoint response body before transformations:\n2026-11-25T10:15:30.000Z'],
    );
  });

  it('reads zone-less times as UTC whatever the zone of the machine running it', () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      const parsed = parseBatch(
        fileBatch([`2026-11-25 10:15:30\t(${ID}) Method completed with status: 502`]),
      );
      assert.deepEqual(
        parsed.execution.map((l) => l.timeMs),
        [T0],
      );
      assert.equal(
        readExecutionLine(`2026-11-25T10:15:30 (${ID}) Method completed with status: 502`).timeMs,
        T0,
      );
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('reads WebSocket execution lines, whose request ids are base64 with padding, one request per id', () => {
    // Shapes of real WebSocket execution lines quoted in a public blog post; ids are SYNTHETIC.
    const parsed = parseBatch(
      executionBatch([
        '(PDS1PEC4oAMFpyA=) Execution failed due to configuration error: Authorizer error',
        '(Mz9qJFrwoAMFhI+/) Lambda execution failed with status 200 due to customer function error: boom',
        '(PDS1PEC4oAMFpyA=) Gateway response type: AUTHORIZER_CONFIGURATION_ERROR with status code: 500',
      ]),
    );
    assert.deepEqual(idsOf(parsed), ['PDS1PEC4oAMFpyA=', 'Mz9qJFrwoAMFhI+/']);
    assert.deepEqual(parsed.unparsed, []);
  });

  it('reads access lines delivered from a group named like an execution log group as access lines', () => {
    // An older AWS guide gave API-Gateway-Execution-Logs_{id}/{stage} as the access-log destination.
    const parsed = parseBatch(
      executionBatch([
        '{"requestId":"r1","status":"429","error.responseType":"THROTTLED"}',
        '203.0.113.7 - - [25/Nov/2026:10:15:32 +0000] "GET /pets HTTP/1.1" 502 36 r2',
        `(${ID}) Method completed with status: 500`,
      ]),
    );
    assert.deepEqual(
      parsed.access.map((r) => [r.requestId, r.status]),
      [
        ['r1', 429],
        ['r2', 502],
      ],
    );
    assert.deepEqual(idsOf(parsed), [ID]);
  });

  it("reads `awslogs get` output without times behind a log group of any name, when the stream is API Gateway's", () => {
    const parsed = parseBatch(
      fileBatch([
        'MyStack-ApiAccessLogs1A2B-AbCd a1b2c3d4e5f60718293a4b5c6d7e8f90 {"requestId":"r1","status":"504","error.responseType":"INTEGRATION_TIMEOUT"}',
      ]),
    );
    assert.deepEqual(
      parsed.access.map((r) => [r.requestId, r.status]),
      [['r1', 504]],
    );
  });

  it('reads `awslogs get` output of an execution log group whose messages have no (id) prefix, as before 2017', () => {
    // SYNTHETIC, in the shape of the 2016 'Taming logs with CloudWatch' post (test/fixtures/real-lines.json).
    const group = 'API-Gateway-Execution-Logs_abc123defg/prod';
    const stream = '0336dcbab05b9d5ad24f4333c7658a0e';
    const parsed = parseBatch(
      fileBatch([
        `${group} ${stream} a note that is no message`,
        `${group} ${stream} Starting execution for request: ${ID}`,
        `${group} ${stream} 2016-06-29T09:12:01.100Z Execution failed due to a timeout error`,
        // --timestamp --ingestion-time: the event's time, then the ingestion's.
        `${group} ${stream} 2016-06-29T09:12:01.123Z 2016-06-29T09:12:01.500Z Method completed with status: 500`,
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => [l.requestId, l.timeMs, l.message]),
      [
        [ID, undefined, `Starting execution for request: ${ID}`],
        [ID, Date.UTC(2016, 5, 29, 9, 12, 1, 100), 'Execution failed due to a timeout error'],
        [ID, Date.UTC(2016, 5, 29, 9, 12, 1, 123), 'Method completed with status: 500'],
      ],
    );
    assert.deepEqual(
      parsed.unparsed.map((u) => u.sample),
      [`${group} ${stream} a note that is no message`],
    );
  });

  it('reads a body pasted over many lines in linear time', () => {
    // SYNTHETIC: a pretty-printed body of 100,000 lines under its header, one event per line. Each
    // line read the end of the message grown so far, which V8 copies whole: 40,000 lines took 12 s.
    const script = `
      const { parseBatch } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'parse.ts'))});
      const lines = ['(${ID}) Method request body before transformations:', '{'];
      for (let i = 0; i < 100000; i++) lines.push('  "k' + i + '": "v",');
      const events = lines.map((message, i) => ({ id: String(i), timestamp: 0, message }));
      const parsed = parseBatch({ source: { name: 'paste.log' }, events });
      console.log(parsed.execution.length, parsed.execution[0].message.split('\\n').length);`;
    assert.equal(outputWithinLimit(script, 'each body line copies the message grown so far'), '1 100002');
  });

  it('reads `awslogs get` output with padded streams, no times, or both times', () => {
    const group = 'API-Gateway-Execution-Logs_abc123defg/prod';
    const parsed = parseBatch(
      fileBatch([
        `/aws/apigateway/access stream-a      2026-11-25T10:15:30.000Z {"requestId":"r1","status":"502"}`,
        `${group} e4da3b7fbbce2345d7772b0674a318d5 (${ID}) Method completed with status: 500`,
        `${group} e4da3b7fbbce2345d7772b0674a318d5 2026-11-25T10:15:31.000Z 2026-11-25T10:15:31.100Z (${ID2}) Method completed with status: 502`,
      ]),
    );
    assert.deepEqual(
      parsed.access.map((r) => [r.requestId, r.timeMs]),
      [['r1', T0]],
    );
    assert.deepEqual(
      parsed.execution.map((l) => [l.requestId, l.timeMs, l.message]),
      [
        [ID, 0, 'Method completed with status: 500'],
        [ID2, T0 + 1000, 'Method completed with status: 502'],
      ],
    );
    // Without times, a prefix counts only behind a log group's name: a message keeps its words.
    const bare = parseBatch(fileBatch(['Lambda invocation (c0ffee00) failed']));
    assert.deepEqual(
      bare.unparsed.map((u) => u.sample),
      ['Lambda invocation (c0ffee00) failed'],
    );
  });

  for (const placeholder of ['<timestamp>', 'YYYY-MM-DDTHH:MM:SSZ', '<Date Time>']) {
    it(`reads \`awslogs get\` output whose times a page replaced with ${placeholder}, dating nothing by them`, () => {
      // SYNTHETIC: the tests' shapes above with their times sanitized as published logs hide them
      // (GH-chalice-971's real awslogs lines also star out the API id and stream).
      const group = 'API-Gateway-Execution-Logs_**********/dev';
      const stream = '********************************';
      const parsed = parseBatch(
        fileBatch([
          `/aws/apigateway/access stream-a      ${placeholder} {"requestId":"r1","status":"502"}`,
          `${group} ${stream} ${placeholder} (${ID}) Method completed with status: 500`,
          `${group} ${stream} ${placeholder} ${placeholder} (${ID2}) Method completed with status: 502`,
          `${group} ${stream} ${placeholder} The client is not authorized to perform this operation.`,
        ]),
      );
      assert.deepEqual(
        parsed.access.map((r) => [r.requestId, r.status, r.timeMs]),
        [['r1', 502, undefined]],
      );
      assert.deepEqual(
        parsed.execution.map((l) => [
          l.requestId === undefined ? 'none' : l.requestId.startsWith('no-id:') ? 'anonymous' : l.requestId,
          l.timeMs,
          l.message,
        ]),
        [
          [ID, 0, 'Method completed with status: 500'],
          [ID2, 0, 'Method completed with status: 502'],
          ['anonymous', undefined, 'The client is not authorized to perform this operation.'],
        ],
      );
      assert.deepEqual(parsed.unparsed, []);
    });
  }

  it('reads `awslogs get` output, taking off its log group, log stream and time', () => {
    const group = 'API-Gateway-Execution-Logs_abc123defg/prod';
    const stream = 'e4da3b7fbbce2345d7772b0674a318d5';
    const parsed = parseBatch(
      fileBatch([
        `${group} ${stream} 2026-11-25T10:15:30.000Z (${ID}) Execution failed due to configuration error: Invalid permissions on Lambda function`,
        `/aws/apigateway/access ${stream} 2026-11-25T10:15:31.000Z {"requestId":"r2","status":"403","error.responseType":"WAF_FILTERED"}`,
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => [l.requestId, l.timeMs, l.message]),
      [[ID, T0, 'Execution failed due to configuration error: Invalid permissions on Lambda function']],
    );
    assert.deepEqual(
      parsed.access.map((r) => [r.requestId, r.status, r.timeMs]),
      [['r2', 403, T0 + 1000]],
    );
    assert.deepEqual(parsed.unparsed, []);
  });

  it('keeps a (...) that marks lines left out of a pasted body in that body, not a request of its own', () => {
    // SYNTHETIC: read as a placeholder id, the (...) began a request with an empty message (a
    // second request counted) and took the body's closing line with it.
    const parsed = parseBatch(
      fileBatch([
        `(${ID}) Endpoint response body before transformations: {`,
        '  "items": [1, 2,',
        '(...)',
        '  ]}',
        `(${ID}) Method completed with status: 502`,
      ]),
    );
    assert.deepEqual(idsOf(parsed), [ID]);
    assert.equal(
      parsed.execution[0]?.message,
      'Endpoint response body before transformations: {\n  "items": [1, 2,\n(...)\n  ]}',
    );
  });

  it("splits lines behind a page's x placeholder into one request per trail, whatever its length", () => {
    // SYNTHETIC: two trails a documentation page prints under the same placeholder. Read as one
    // request id, the second trail's 502 took the first trail's throttling as its cause.
    for (const m of ['(XXXXX)', '(XXXXXXXX)', '(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)']) {
      const parsed = parseBatch(
        fileBatch([
          `${m} Starting execution for request: ${ID}`,
          `${m} Execution failed due to configuration error: Rate Exceeded.`,
          `${m} Method completed with status: 500`,
          `${m} Starting execution for request: ${ID2}`,
          `${m} Lambda execution failed with status 200 due to customer function error: boom`,
          `${m} Method completed with status: 502`,
        ]),
      );
      assert.deepEqual(idsOf(parsed), [ID, ID2], m);
    }
  });

  it("splits starred-out lines into one request per trail, at each trail's first line", () => {
    const m = '(************************************)';
    const parsed = parseBatch(
      fileBatch([
        `${m} Extended Request Id: Dq6tfEh4IAMFqTg=`,
        `${m} Starting execution for request: ************************************`,
        `${m} Lambda invocation failed with status: 429. Lambda request id: 4f4a`,
        `${m} Method completed with status: 500`,
        `${m} Extended Request Id: Dq6tfEh4IAMFqTh=`,
        `${m} Starting execution for request: ************************************`,
        `${m} Method completed with status: 200`,
        `${m} Starting execution for request: ************************************`,
        `${m} Execution failed due to configuration error: Invalid permissions on Lambda function`,
        `${m} Method completed with status: 500`,
      ]),
    );
    const byRequest = new Map<string, string[]>();
    for (const line of parsed.execution) {
      const id = line.requestId ?? '(none)';
      byRequest.set(id, [...(byRequest.get(id) ?? []), line.message]);
    }
    assert.deepEqual(
      [...byRequest.values()].map((messages) => messages.at(-1)),
      [
        'Method completed with status: 500',
        'Method completed with status: 200',
        'Method completed with status: 500',
      ],
    );
    assert.ok([...byRequest.keys()].every((id) => id.startsWith('no-id:')));
    assert.deepEqual(parsed.unparsed, []);
  });

  it('keeps one request when a body, an error or what the caller sent says "for request <id>"', () => {
    const other = '7d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a';
    const parsed = parseBatch(
      fileBatch([
        `Execution log for request ${ID}`,
        `Wed Nov 25 10:15:30 UTC 2026 : Starting execution for request: ${ID}`,
        'Wed Nov 25 10:15:30 UTC 2026 : HTTP Method: POST, Resource Path: /webhooks/payments',
        `Wed Nov 25 10:15:30 UTC 2026 : Method request body before transformations: {"note":"Refund failed for request ${other}"}`,
        `Wed Nov 25 10:15:31 UTC 2026 : Endpoint response body before transformations: {"errorMessage":"no order for request ${other}"}`,
        'Wed Nov 25 10:15:31 UTC 2026 : Method completed with status: 404',
      ]),
    );
    assert.deepEqual(idsOf(parsed), [ID]);
  });

  it('keeps a line whose "..." stands before something that is no execution message unparsed', () => {
    const parsed = parseBatch(fileBatch(['... and then it failed again']));
    assert.deepEqual(
      parsed.unparsed.map((u) => u.sample),
      ['... and then it failed again'],
    );
  });

  it("keeps two console tests apart although the console names both 'test-request'", () => {
    const test = (status: number) => [
      'Execution log for request test-request',
      'Wed Nov 25 10:15:30 UTC 2026 : Starting execution for request: test-invoke-request',
      `Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: ${status}`,
    ];
    const parsed = parseBatch(fileBatch([...test(500), ...test(502)]));
    assert.deepEqual(idsOf(parsed), ['test-request', 'test-request#2']);
  });

  it('starts a new request at a console header, even right after a message that ends with a colon', () => {
    // SYNTHETIC console output: the first test's output was cut after a body header (a line ending
    // in ':'), the way the console prints an empty body. Taken for that body's text, the second test's
    // header was lost and its lines were read as the first test's.
    const parsed = parseBatch(
      fileBatch([
        `Execution log for request ${ID}`,
        `Wed Nov 25 10:15:30 UTC 2026 : Starting execution for request: ${ID}`,
        'Wed Nov 25 10:15:30 UTC 2026 : Method request body before transformations:',
        `Execution log for request ${ID2}`,
        'Wed Nov 25 10:16:30 UTC 2026 : Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations',
        'Wed Nov 25 10:16:30 UTC 2026 : Execution failed due to configuration error: Invalid permissions on Lambda function',
        'Wed Nov 25 10:16:30 UTC 2026 : Method completed with status: 500',
      ]),
    );
    assert.deepEqual(idsOf(parsed), [ID, ID2]);
    assert.equal(parsed.execution[1]?.message, 'Method request body before transformations:');
  });

  it("does not take the line after a message cut at its `Lambda request id:` as that message's body", () => {
    // SYNTHETIC, in the shape of a real paste that ends at the label (MD-ES-lambda-invocation-403-new-region
    // in test/fixtures/real-lines.json): API Gateway writes Lambda's request id on the same line, so
    // what follows is the next log line, here an access line of another request, not a body.
    const access =
      '{"requestId":"r1","status":"502","error.responseType":"INTEGRATION_FAILURE","integrationErrorMessage":"Lambda Customer Function Error:Response payload size exceeded maximum allowed payload size (6291556 bytes)."}';
    for (const label of ['Lambda request id:', 'Lambda request id: ']) {
      const parsed = parseBatch(
        fileBatch([`(${ID}) Lambda invocation failed with status: 403. ${label}`, access]),
      );
      assert.deepEqual(
        parsed.execution.map((l) => l.message),
        [`Lambda invocation failed with status: 403. ${label}`.trimEnd()],
        label,
      );
      assert.deepEqual(
        parsed.access.map((r) => r.requestId),
        ['r1'],
        label,
      );
    }
  });

  it('starts a new request at a line naming another request id', () => {
    const parsed = parseBatch(
      fileBatch([
        `Wed Nov 25 10:15:30 UTC 2026 : Verifying Usage Plan for request: ${ID}. API Key:  API Stage: abc/prod`,
        'Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 200',
        `Wed Nov 25 10:15:31 UTC 2026 : Verifying Usage Plan for request: ${ID2}. API Key:  API Stage: abc/prod`,
        'Wed Nov 25 10:15:31 UTC 2026 : Method completed with status: 502',
      ]),
    );
    assert.deepEqual(idsOf(parsed), [ID, ID2]);
  });

  it("dates an access line without a time field by its event's timestamp, and keeps a line's own time", () => {
    const parsed = parseBatch({
      source: { logGroup: '/aws/apigateway/access' },
      events: [
        { id: '1', timestamp: T0, message: '{"requestId":"r1","status":502}' },
        { id: '2', timestamp: T0, message: '{"requestId":"r2","status":502,"requestTimeEpoch":1700000000}' },
        { id: '3', timestamp: 0, message: '{"requestId":"r3","status":502}' },
      ],
    });
    assert.deepEqual(
      parsed.access.map((r) => [r.requestId, r.timeMs]),
      [
        ['r1', T0],
        ['r2', 1_700_000_000_000],
        ['r3', undefined],
      ],
    );
  });

  it("takes the `aws logs tail` prefix off an event's first line only, not off its body", () => {
    const body = '2024-05-01T10:00:00Z worker-7 {"error":"ThrottlingException"}';
    const parsed = parseBatch(
      executionBatch([`(${ID}) Endpoint response body before transformations: {"log":[\n${body}\n]}`]),
    );
    assert.match(parsed.execution[0]?.message ?? '', /2024-05-01T10:00:00Z worker-7/);
  });

  it('keeps an ISO-stamped message whose second word only looks like a stream name', () => {
    const parsed = parseBatch(
      fileBatch([
        `2026-11-25T10:15:30.000Z Verifying Usage Plan for request: ${ID}. API Key:  API Stage: abc/prod`,
      ]),
    );
    assert.equal(
      parsed.execution[0]?.message,
      `Verifying Usage Plan for request: ${ID}. API Key:  API Stage: abc/prod`,
    );
  });

  it('gives all bare messages of one anonymous request a single invented id', () => {
    const parsed = parseBatch(
      fileBatch([
        'HTTP Method: GET, Resource Path: /pets',
        'Endpoint response body before transformations: {"message":"Internal server error"}',
        'Method completed with status: 502',
      ]),
    );
    const ids = idsOf(parsed);
    assert.equal(ids.length, 1);
    assert.match(ids[0] ?? '', /^no-id:paste\.log#1\.1$/);
    assert.equal(parsed.execution.length, 3);
  });

  it('names an anonymous request by the id in "Starting execution for request: <uuid>", also for lines before it', () => {
    const parsed = parseBatch(
      fileBatch([
        'Verifying Usage Plan for request',
        `Starting execution for request: ${ID}`,
        'Method completed with status: 500',
      ]),
    );
    assert.deepEqual(idsOf(parsed), [ID]);
  });

  it('starts a new anonymous request when a second "Starting execution" names another id', () => {
    const parsed = parseBatch(
      fileBatch([
        `Starting execution for request: ${ID}`,
        'Method completed with status: 500',
        `Starting execution for request: ${ID2}`,
        'Method completed with status: 200',
      ]),
    );
    assert.deepEqual(idsOf(parsed), [ID, ID2]);
  });

  it("starts a new request at a console line after a request's 'Method completed', keeping the trailers with it", () => {
    // A pasted excerpt of a failure often starts mid-trail; after a whole test output it is another request.
    const parsed = parseBatch(
      fileBatch([
        `Execution log for request ${ID}`,
        `Wed Nov 25 10:15:30 UTC 2026 : Starting execution for request: ${ID}`,
        'Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 200',
        'Wed Nov 25 10:15:30 UTC 2026 : AWS Integration Endpoint RequestId : 2a3f76ac-1744-4e6c-91e2-7c1951808d1b',
        'Wed Nov 25 10:15:30 UTC 2026 : X-ray Tracing ID : Root=1-6745a0b2-0123456789abcdef01234567',
        'Mon Nov 29 13:31:04 UTC 2021 : Request body does not match model schema for content type application/json: [Unknown error parsing request body]',
      ]),
    );
    const byRequest = new Map<string, string[]>();
    for (const line of parsed.execution)
      byRequest.set(line.requestId ?? '', [...(byRequest.get(line.requestId ?? '') ?? []), line.message]);
    assert.equal(byRequest.size, 2);
    assert.deepEqual(byRequest.get(ID)?.length, 4);
    const [other] = [...byRequest].filter(([id]) => id !== ID);
    assert.match(other?.[1][0] ?? '', /^Request body does not match model schema/);
  });

  it("keeps a trailer with the request it ends only when it is timed with that request's 'Method completed'", () => {
    // SYNTHETIC console lines: API Gateway writes its trailers as a request ends; one stamped an hour
    // later is the excerpt of a later request (the real MD-awsnotes-endpoint-requestid-200 success is
    // a trailer alone), which the failure above took for its own.
    const stamp = (time: string) => `Wed Aug 03 ${time} UTC 2022 : `;
    const failure = [
      `${stamp('09:10:00')}Execution failed due to configuration error: Malformed Lambda proxy response`,
      `${stamp('09:10:00')}Method completed with status: 502`,
    ];
    const trailer = (time: string) =>
      `${stamp(time)}AWS Integration Endpoint RequestId : 2a3f76ac-1744-4e6c-91e2-7c1951808d1b`;
    const requestsOf = (lines: readonly string[]) =>
      new Set(parseBatch(fileBatch(lines)).execution.map((line) => line.requestId)).size;
    assert.equal(requestsOf([...failure, trailer('09:10:00')]), 1);
    assert.equal(requestsOf([...failure, trailer('10:10:00')]), 2);
    // Untimed, a trailer under a request's end is that request's, as CloudWatch writes it.
    assert.equal(
      requestsOf([...failure, trailer('10:10:00')].map((line) => line.slice(stamp('09:10:00').length))),
      1,
    );
  });

  describe('bare lines pasted out of order (newest first, or one millisecond in any order)', () => {
    const requestsOf = (lines: readonly string[]) => {
      const byRequest = new Map<string, string[]>();
      for (const line of parseBatch(fileBatch(lines)).execution) {
        const id = line.requestId ?? '';
        byRequest.set(id, [...(byRequest.get(id) ?? []), line.message]);
      }
      return byRequest;
    };

    it("keeps lines after a 'Method completed' with it when its request has no beginning and they reach no end", () => {
      // SYNTHETIC, in the order of the real aws/aws-cdk#31978 paste (test/fixtures/real-lines.json).
      const requests = requestsOf([
        'Received response. Status: 200, Integration latency: 25 ms',
        'Method completed with status: 502',
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'Endpoint response body before transformations: null',
      ]);
      assert.deepEqual(
        [...requests.values()].map((messages) => messages.length),
        [4],
      );
    });

    it('reads that paste given twice as two requests alike: a line the request above already holds begins the next', () => {
      // SYNTHETIC: the real aws/aws-cdk#31978 paste's order, pasted twice, one copy under the other.
      const paste = [
        'Received response. Status: 200, Integration latency: 25 ms',
        'Method completed with status: 502',
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'Endpoint response body before transformations: null',
      ];
      const requests = [...requestsOf([...paste, ...paste]).values()];
      assert.deepEqual(
        requests.map((messages) => [...messages].sort()),
        [[...paste].sort(), [...paste].sort()],
      );
    });

    it('takes the id a reversed whole trail names at its bottom for every line of it', () => {
      const requests = requestsOf([
        'Method completed with status: 502',
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'HTTP Method: GET, Resource Path: /orders',
        `Starting execution for request: ${ID}`,
      ]);
      assert.deepEqual([...requests.keys()], [ID]);
      assert.equal(requests.get(ID)?.length, 4);
    });

    it('keeps two excerpts apart when the second reaches its own end, opens a trail, or names another id', () => {
      const tail = ['Execution failed due to a timeout error', 'Method completed with status: 504'];
      assert.equal(requestsOf([...tail, ...tail]).size, 2);
      assert.equal(
        requestsOf([...tail, `Starting execution for request: ${ID2}`, 'HTTP Method: GET']).size,
        2,
      );
      const named = requestsOf([
        `Verifying Usage Plan for request: ${ID}. API Key:  API Stage: abc123defg/prod`,
        ...tail,
        'Endpoint request timed out',
        `Verifying Usage Plan for request: ${ID2}. API Key:  API Stage: abc123defg/prod`,
      ]);
      assert.deepEqual([...named.keys()].sort(), [ID, ID2].sort());
    });

    it("opens another request at a phase's opening line once the lines above reached that phase or ended", () => {
      // SYNTHETIC bare lines in the order of real trails (the authorizer, the usage plan, then the
      // execution: GH-peterbonanni-iso-authorizer-allow-200 in test/fixtures/real-successes.json).
      // Read as one request, the second trail's cause replaced the first one's, or a success took
      // a failure's lines.
      const rows: readonly { name: string; lines: readonly string[]; causes: readonly string[] }[] = [
        {
          name: 'a validation failure, then a whole trail',
          lines: [
            'Request body does not match model schema for content type application/json: [Unknown error parsing request body]',
            `Starting execution for request: ${ID2}`,
            'HTTP Method: POST, Resource Path: /signup',
            'Execution failed due to configuration error: Malformed Lambda proxy response',
            'Method completed with status: 502',
          ],
          causes: ['bad-request.body', 'server.bad-response'],
        },
        {
          name: 'an execution failure cut before its status, then a usage plan check',
          lines: [
            'Execution failed due to configuration error: Invalid permissions on Lambda function',
            `Verifying Usage Plan for request: ${ID2}. API Key:  API Stage: abc123defg/prod`,
            'Usage Plan check succeeded for API Key  and API Stage abc123defg/prod',
            `Starting execution for request: ${ID2}`,
            'Method completed with status: 200',
          ],
          causes: ['auth.integration-permission'],
        },
        {
          name: "an authorizer's allowing answer, then another authorizer test that refuses",
          lines: [
            'Starting authorizer: 2egbc3 for request: test-request',
            'Authorizer result body before parsing: {"principalId":"u","policyDocument":{}}',
            'Successfully completed authorizer execution',
            `Starting authorizer: 52u008 for request: ${ID2}`,
            `Unauthorized request: ${ID2}`,
            'Unauthorized',
          ],
          causes: ['auth.unauthenticated'],
        },
      ];
      for (const row of rows) {
        assert.equal(requestsOf(row.lines).size, 2, row.name);
        assert.deepEqual(
          analyze([fileBatch(row.lines)]).failures.map((f) => f.cause),
          row.causes,
          row.name,
        );
      }
      // Lines of an earlier phase than the opening line's are the same request's.
      const inOrder = requestsOf([
        'Successfully completed authorizer execution',
        `Verifying Usage Plan for request: ${ID}. API Key:  API Stage: abc123defg/prod`,
        'Usage Plan check succeeded for API Key  and API Stage abc123defg/prod',
        `Starting execution for request: ${ID}`,
        'Method completed with status: 500',
      ]);
      assert.deepEqual([...inOrder.keys()], [ID]);
    });

    it("keeps an excerpt timed after a request's 'Method completed' apart from it, and joins one timed at or before it", () => {
      // SYNTHETIC console lines: a success, then a later failure pasted without its last line. Joined,
      // the success would be reported as a 200 masking a function error, and the failure lost.
      const stamp = (time: string) => `Thu Nov 26 ${time} UTC 2026 : `;
      const success = [
        `${stamp('10:00:00')}Endpoint response body before transformations: {"statusCode":200,"body":"ok"}`,
        `${stamp('10:00:00')}Method completed with status: 200`,
      ];
      const failure = (time: string) => [
        `${stamp(time)}Endpoint response body before transformations: {"errorMessage":"boom"}`,
        `${stamp(time)}Lambda execution failed with status 200 due to customer function error: boom`,
      ];
      assert.equal(requestsOf([...success, ...failure('10:05:00')]).size, 2);
      // After a failure too: only the stamps tell them apart.
      const failed = success.map((line) => line.replace('status: 200', 'status: 502'));
      assert.equal(requestsOf([...failed, ...failure('10:05:00')]).size, 2);
      // Joined only when the request holds no line of the excerpt's kind: it has one response body.
      assert.equal(requestsOf([...failed, ...failure('10:00:00')]).size, 2);
      const failedAlone = failed.slice(1);
      assert.equal(requestsOf([...failedAlone, ...failure('10:05:00')]).size, 2);
      assert.equal(requestsOf([...failedAlone, ...failure('10:00:00')]).size, 1);
    });

    it("opens another request at a trail's opening line timed after the newest-first request above ended", () => {
      // SYNTHETIC console lines: the real aws/aws-cdk#31978 order (its failure under its 'Method
      // completed'), then a later request from its first line. Read as the out-of-order rest of the
      // one above, the later request took the failure's lines and the failure lost its cause.
      const stamp = (time: string) => `Thu Nov 26 ${time} UTC 2026 : `;
      const reversed = [
        `${stamp('10:00:00')}Received response. Status: 200, Integration latency: 25 ms`,
        `${stamp('10:00:00')}Method completed with status: 502`,
        `${stamp('10:00:00')}Execution failed due to configuration error: Malformed Lambda proxy response`,
        `${stamp('10:00:00')}Endpoint response body before transformations: null`,
      ];
      const later = (time: string) => [
        `${stamp(time)}Starting execution for request: ${ID2}`,
        `${stamp(time)}HTTP Method: GET, Resource Path: /orders`,
        `${stamp(time)}Method completed with status: 200`,
      ];
      const requests = requestsOf([...reversed, ...later('10:05:00')]);
      assert.deepEqual(
        [...requests.values()].map((messages) => messages.length),
        [4, 3],
      );
      assert.deepEqual(
        analyze([fileBatch([...reversed, ...later('10:05:00')])]).failures.map((f) => f.cause),
        ['server.bad-response'],
      );
      // Timed with the request above (or untimed), the opening line may still be its own, pasted last.
      const own = requestsOf([...reversed, `${stamp('10:00:00')}Starting execution for request: ${ID2}`]);
      assert.deepEqual(
        [...own.values()].map((messages) => messages.length),
        [5],
      );
    });

    it('keeps an unstamped excerpt apart from the success above it, as the same lines after a failure are not', () => {
      // SYNTHETIC: a success, then a failure pasted without its last line and without stamps. Joined,
      // the success was reported as a 200 masking a function error, and the failure was lost.
      const excerpt = [
        'Endpoint response body before transformations: {"errorMessage":"boom"}',
        'Lambda execution failed with status 200 due to customer function error: boom',
      ];
      assert.equal(requestsOf(['Method completed with status: 200', ...excerpt]).size, 2);
      assert.equal(requestsOf(['Method completed with status: 502', ...excerpt]).size, 1);
    });
  });

  it("never takes a page's prose after a request's last line for that line's text", () => {
    // SYNTHETIC: a success, then a sentence that quotes an old failure. Appended to the final line,
    // the sentence was the success's evidence and made it a timeout.
    const lines = [
      `(${ID}) Starting execution for request: ${ID}`,
      `(${ID}) Method completed with status: 200`,
      'Before the fix it said: Task timed out after 3.00 seconds',
    ];
    const parsed = parseBatch(fileBatch(lines));
    assert.deepEqual(
      parsed.execution.map((l) => l.message),
      [`Starting execution for request: ${ID}`, 'Method completed with status: 200'],
    );
    assert.equal(parsed.unparsed.length, 1);
    assert.deepEqual(analyze([fileBatch(lines)]).failures, []);
  });

  it("joins a request's line quoted again further down a page to that request, not to a request of its own", () => {
    // SYNTHETIC, in the shape of a README that shows a trail and then quotes its decisive line.
    const failed = 'Execution failed due to configuration error: Invalid permissions on Lambda function';
    const trail = (id: string) => [
      `(${id}) Starting execution for request: ${id}`,
      `(${id}) ${failed}`,
      `(${id}) Method completed with status: 500`,
    ];
    const quoted = parseBatch(fileBatch([...trail(ID), 'The key line is:', `\`${failed}\``]));
    assert.deepEqual(idsOf(quoted), [ID]);
    // A line no other request holds, or one two requests hold, is a request of its own.
    const own = parseBatch(fileBatch([...trail(ID), 'Execution failed due to a timeout error']));
    assert.equal(idsOf(own).length, 2);
    const ambiguous = parseBatch(fileBatch([...trail(ID), ...trail(ID2), failed]));
    assert.equal(idsOf(ambiguous).length, 3);
  });

  it('reads a message quoted in a sentence or behind a code comment mark, and leaves other such lines alone', () => {
    // The first line is real (serverless/serverless#1913); the others are SYNTHETIC.
    const parsed = parseBatch(
      fileBatch([
        // Before any log line: what follows a message would be read as the rest of its body.
        '"a quoted remark".',
        '# Errors',
        '"Execution failed due to configuration error: Invalid permissions on Lambda function".',
        '`Method completed with status: 500`',
        '    #Execution failed due to configuration error: Malformed Lambda proxy response',
        '// Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502',
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => l.message),
      [
        'Execution failed due to configuration error: Invalid permissions on Lambda function',
        'Method completed with status: 500',
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'Method completed with status: 502',
      ],
    );
    assert.deepEqual(
      parsed.unparsed.map((u) => u.sample),
      ['"a quoted remark".', '# Errors'],
    );
  });

  it("reads a message behind a writer's label such as 'API Gateway execution log:', and leaves a label before prose alone", () => {
    // The two lines after the comment are real (a public guide on a REST API behind a VPC link to an
    // NLB whose security group dropped the traffic; see real-lines.json); the others are SYNTHETIC.
    const parsed = parseBatch(
      fileBatch([
        // Before any log line: what follows a message would be read as the rest of its body.
        'Log: nothing useful here',
        'Catalog: Method completed with status: 500',
        'API Gateway execution log: "There was an internal error while executing your request"',
        'Method completed with status: 500',
        `CloudWatch Logs: (${ID}) Execution failed due to configuration error: General SSLEngine problem`,
        'Execution logs show: Malformed Lambda proxy response',
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => l.message),
      [
        'There was an internal error while executing your request',
        'Method completed with status: 500',
        'Execution failed due to configuration error: General SSLEngine problem',
        'Malformed Lambda proxy response',
      ],
    );
    assert.deepEqual(
      parsed.unparsed.map((u) => u.sample),
      ['Log: nothing useful here', 'Catalog: Method completed with status: 500'],
    );
  });

  it("reads messages quoted as JSON strings, as the AWS CLI prints --query 'events[].message', with their escapes read", () => {
    // SYNTHETIC lines in the shape of that output: a JSON array of messages, four spaces in (its
    // closing bracket, left out here, goes on the last message as any line no log line starts does).
    const messages = [
      `(${ID}) Endpoint response body before transformations: {"errorMessage":"boom","errorType":"Error"}`,
      `(${ID}) Method completed with status: 502`,
    ];
    const parsed = parseBatch(
      fileBatch([
        '[',
        ...messages.map(
          (message, i) => `    ${JSON.stringify(message)}${i < messages.length - 1 ? ',' : ''}`,
        ),
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => l.message),
      messages.map((message) => message.slice(ID.length + 3)),
    );
  });

  it('reads lines pasted from an indented code block or a Markdown quote, and keeps the indentation of a body', () => {
    const parsed = parseBatch(
      fileBatch([
        `    (${ID}) Endpoint response body before transformations:`,
        '    {',
        '      "errorMessage": "boom"',
        '    }',
        `>   (${ID}) Method completed with status: 502`,
        '>Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 403',
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => [l.requestId?.startsWith('no-id') ? 'no-id' : l.requestId, l.message]),
      [
        [ID, 'Endpoint response body before transformations:\n    {\n      "errorMessage": "boom"\n    }'],
        [ID, 'Method completed with status: 502'],
        ['no-id', 'Method completed with status: 403'],
      ],
    );
    assert.deepEqual(
      parseBatch(fileBatch(['    a note above the logs'])).unparsed.map((u) => u.sample),
      ['    a note above the logs'],
    );
  });

  it("cuts an unparsed line's sample at 200 characters between characters, never inside an emoji", () => {
    // SYNTHETIC: a line of prose in Japanese whose 200th UTF-16 unit is the first half of an emoji.
    const [sample] = parseBatch(fileBatch([`${'語'.repeat(199)}🚀 and more`])).unparsed.map((u) => u.sample);
    assert.equal(sample, `${'語'.repeat(199)}…`);
  });

  it('reads lines pasted as Markdown list items, and leaves a list item of prose alone', () => {
    // SYNTHETIC, in the shape of READMEs that list a console test's log lines as bullets.
    const parsed = parseBatch(
      fileBatch([
        '- a note above the logs',
        '1. Open the console',
        `- Wed Nov 25 10:15:29 UTC 2026 : Starting execution for request: ${ID}`,
        '  * Wed Nov 25 10:15:30 UTC 2026 : Execution failed due to configuration error: Malformed Lambda proxy response',
        '2. Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502',
        '• Wed Nov 25 10:15:31 UTC 2026 : Method completed with status: 200',
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => l.message),
      [
        `Starting execution for request: ${ID}`,
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'Method completed with status: 502',
        'Method completed with status: 200',
      ],
    );
    assert.deepEqual(
      parsed.unparsed.map((u) => u.sample),
      ['- a note above the logs', '1. Open the console'],
    );
  });

  it('reads a message between typographic quotes, as word processors and localized pages print them', () => {
    // The first line is real (an AWS Training lab guide stored on GitHub, see real-lines.json); the
    // others are SYNTHETIC.
    const messages = [
      '“Request body does not match model schema for content type application/json: [object has missing required properties ([“NoteId”])]”',
      '«\u00a0Execution failed due to configuration error: Invalid permissions on Lambda function\u00a0»',
      '„Method completed with status: 500“',
      '「Method completed with status: 502」',
    ];
    const parsed = parseBatch(fileBatch(messages));
    assert.deepEqual(
      parsed.execution.map((l) => l.message),
      [
        'Request body does not match model schema for content type application/json: [object has missing required properties ([“NoteId”])]',
        'Execution failed due to configuration error: Invalid permissions on Lambda function',
        'Method completed with status: 500',
        'Method completed with status: 502',
      ],
    );
  });

  it('takes off marks nested in any order: a list item, a label, backticks, an object key', () => {
    // SYNTHETIC, in the shapes of a README's bullet (artshishkin/art-kargopolov-aws-java-serverless),
    // a note's separator, and a test file's log events written as a JavaScript object.
    const parsed = parseBatch(
      fileBatch([
        '  -  Logs: `Mon Nov 29 13:31:04 UTC 2021 : Method request body before transformations: {}`',
        '`CloudWatch log == The client is not authorized to perform this operation.`',
        // A note's bullet: `+ check logs: "…"` (the shape of a real one, test/fixtures/real-lines.json).
        '+ check logs: "Execution failed due to configuration error: Malformed Lambda proxy response"',
        `      message: "(${ID}) Key throttle limit exceeded for RestApi abc123",`,
        `  "message": "(${ID2}) Method completed with status: 429"`,
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => l.message),
      [
        'Method request body before transformations: {}',
        'The client is not authorized to perform this operation.',
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'Key throttle limit exceeded for RestApi abc123',
        'Method completed with status: 429',
      ],
    );
    assert.deepEqual(
      parsed.execution.slice(3).map((l) => l.requestId),
      [ID, ID2],
    );
  });

  it("reads a sentence after 'Check logs:' as prose, not a log line, unless the message is quoted or a whole event", () => {
    // SYNTHETIC: a troubleshooting page's instructions name a message in prose; a note quotes one.
    const prose = [
      'Check the logs: Execution failed due to a timeout error means the function ran too long.',
      'Checking the logs: Unable to tell which integration failed, so log more.',
      'Check logs: Forbidden is what the body says when the key is wrong.',
    ];
    const parsed = parseBatch(
      fileBatch([
        ...prose,
        'check logs: `Execution failed due to a timeout error`',
        `Check the logs: (${ID}) Method completed with status: 504`,
      ]),
    );
    assert.deepEqual(
      parsed.unparsed.map((u) => u.sample),
      prose,
    );
    assert.deepEqual(
      parsed.execution.map((l) => l.message),
      ['Execution failed due to a timeout error', 'Method completed with status: 504'],
    );
  });

  it("dates the next line by a time alone behind a comment mark, and passes over the console's Copy button between them", () => {
    // Real: a Terraform file's comment (see GH-tf-http-api-clf-integration-permission), verbatim.
    const parsed = parseBatch(
      fileBatch([
        '# 2023-02-15T15:08:37.713-08:00',
        // The console's Copy button, copied with the event.
        '# Copy',
        '# 64.136.145.109 - - [15/Feb/2023:23:08:37 +0000] "GET $default HTTP/1.1" 500 35 AZzecgvEPHcEPew= The IAM role configured on the integration or API Gateway doesn\'t have permissions to call the integration. Check the permissions and try again.',
      ]),
    );
    assert.equal(parsed.unparsed.length, 0);
    assert.equal(parsed.access.length, 1);
    // Anywhere else, "Copy" is no log line and is counted.
    assert.equal(parseBatch(fileBatch(['Copy'])).unparsed.length, 1);
  });

  it('joins a multi-line JSON body, delivered as separate events, to the message that opened it', () => {
    const parsed = parseBatch(
      fileBatch([
        `(${ID}) Endpoint response body before transformations:`,
        '{',
        '  "errorMessage": "boom",',
        '  "errorType": "Error"',
        '}',
        `(${ID}) Method completed with status: 502`,
      ]),
    );
    assert.equal(parsed.execution.length, 2);
    assert.equal(
      parsed.execution[0]?.message,
      'Endpoint response body before transformations:\n{\n  "errorMessage": "boom",\n  "errorType": "Error"\n}',
    );
    assert.deepEqual(parsed.unparsed, []);
  });

  it('joins the later lines of one multi-line event to its first line', () => {
    const parsed = parseBatch(
      executionBatch([`(${ID}) Endpoint response body before transformations: {\n"statusCode": 500\n}`]),
    );
    assert.equal(parsed.execution.length, 1);
    assert.match(parsed.execution[0]?.message ?? '', /"statusCode": 500\n\}$/);
  });

  it('splits two console entries printed on one line into two messages', () => {
    const parsed = parseBatch(
      fileBatch([
        `Execution log for request ${ID}`,
        'Wed Nov 25 10:15:30 UTC 2026 : Starting execution for request: x Wed Nov 25 10:15:31 UTC 2026 : Method completed with status: 502',
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => l.message),
      ['Starting execution for request: x', 'Method completed with status: 502'],
    );
  });

  it('keeps an event CloudWatch cut at 1024 bytes as a message of its request', () => {
    const body = `(${ID}) Endpoint response body before transformations: {"errorMessage":"${'x'.repeat(2000)}`;
    const cut = Buffer.from(body).subarray(0, 1024).toString('utf8');
    const parsed = parseBatch(executionBatch([cut, `(${ID}) Method completed with status: 502`]));
    assert.equal(parsed.execution.length, 2);
    assert.equal(parsed.execution[0]?.requestId, ID);
    assert.ok((parsed.execution[0]?.message.length ?? 0) < 1024);
  });

  it('cuts a line longer than MAX_LINE_CHARS before parsing it', () => {
    const parsed = parseBatch(
      executionBatch([`(${ID}) Endpoint response body: ${'y'.repeat(MAX_LINE_CHARS * 2)}`]),
    );
    assert.equal(parsed.execution.length, 1);
    assert.ok((parsed.execution[0]?.message.length ?? 0) <= MAX_LINE_CHARS);
  });

  it('counts a JSON access line longer than MAX_LINE_CHARS unparsed, whole: the cut object no longer parses (README Limits, Lines)', () => {
    // SYNTHETIC: a status in the first bytes, then padding past the cut.
    const line = `{"requestId":"${ID}","status":"502","pad":"${'x'.repeat(MAX_LINE_CHARS)}"}`;
    const parsed = parseBatch(fileBatch([line]));
    assert.deepEqual(parsed.access, []);
    assert.deepEqual(
      parsed.unparsed.map((u) => u.reason),
      [UNPARSED_REASON.notALogLine],
    );
  });

  it('counts MAX_LINE_CHARS in characters, not bytes: a JSON access line of non-ASCII text over 256 KiB of UTF-8 but under 256 Ki characters parses whole (README Limits, Lines)', () => {
    // SYNTHETIC: review R3's F5; each '€' is 3 bytes of UTF-8 and one UTF-16 code unit.
    const line = `{"requestId":"${ID}","status":"502","pad":"${'€'.repeat(MAX_LINE_CHARS / 2)}"}`;
    assert.ok(Buffer.byteLength(line) > MAX_LINE_CHARS && line.length < MAX_LINE_CHARS);
    const parsed = parseBatch(fileBatch([line]));
    assert.deepEqual(
      parsed.access.map((a) => [a.requestId, a.status]),
      [[ID, 502]],
    );
  });

  it('reads a text access line longer than MAX_LINE_CHARS from its first MAX_LINE_CHARS when its fields come before the cut', () => {
    // SYNTHETIC: a CLF line whose padding trails its last field.
    const line = `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "GET /pets HTTP/1.1" 502 42 ${ID} ${'x'.repeat(MAX_LINE_CHARS)}`;
    const parsed = parseBatch(fileBatch([line]));
    assert.deepEqual(
      parsed.access.map((a) => [a.requestId, a.status]),
      [[ID, 502]],
    );
    assert.deepEqual(parsed.unparsed, []);
  });

  it('separates access and execution lines mixed in one batch', () => {
    const parsed = parseBatch(
      fileBatch([
        `{"requestId":"${ID}","status":"502","integration":{"integrationStatus":"429"}}`,
        `(${ID}) Lambda invocation failed with status: 429`,
        `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "GET /pets HTTP/1.1" 403 42 ${ID2}`,
        `(${ID2}) Method completed with status: 403`,
      ]),
    );
    assert.deepEqual(
      parsed.access.map((r) => [r.format, r.requestId, r.status]),
      [
        ['json', ID, 502],
        ['clf', ID2, 403],
      ],
    );
    assert.deepEqual(
      parsed.execution.map((l) => l.requestId),
      [ID, ID2],
    );
    assert.equal(parsed.events, 4);
  });

  it('counts every line that is neither access nor execution log as unparsed, with a reason and a short sample', () => {
    const parsed = parseBatch(
      fileBatch([
        '{"level":"info","msg":"not an access line"}',
        'random words from somewhere else',
        '[1,2,3]',
        `${'z'.repeat(500)}`,
        '',
        '   ',
      ]),
    );
    assert.equal(parsed.unparsed.length, 4, 'blank lines are skipped, not unparsed');
    assert.match(parsed.unparsed[0]?.reason ?? '', /without any access-log field/);
    assert.match(parsed.unparsed[1]?.reason ?? '', /neither an access-log line/);
    assert.ok(parsed.unparsed.every((u) => u.sample.length <= 201 && u.source?.name === 'paste.log'));
    assert.deepEqual(parsed.access, []);
    assert.deepEqual(parsed.execution, []);
  });

  it('treats every line of an execution log group as execution log, even unknown text', () => {
    const parsed = parseBatch(executionBatch(['some message API Gateway added later']));
    assert.equal(parsed.unparsed.length, 0);
    assert.equal(parsed.execution.length, 1);
  });

  it('keeps anonymous ids of different batches apart with the batch index', () => {
    const a = parseBatch(fileBatch(['Method completed with status: 500']), 0);
    const b = parseBatch(fileBatch(['Method completed with status: 500']), 1);
    assert.notEqual(a.execution[0]?.requestId, b.execution[0]?.requestId);
  });
});

/**
 * Where AWS quotes the caller's refusal by IAM or a resource policy, "User: anonymous is not authorized
 * to perform: execute-api:Invoke on resource: <api-resource-arn>" (with " with an explicit deny" when
 * a statement denies it): the 403 troubleshooting pages and the developer guide's resource-policy
 * troubleshooting. The lines built on it below are SYNTHETIC.
 */
const RESOURCE_POLICY_PAGES = [
  'https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden',
  'https://aws.amazon.com/premiumsupport/knowledge-center/api-gateway-403-error-lambda-authorizer/',
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html',
] as const;

describe("parseBatch: a caller refused by IAM or a resource policy, in the wording of AWS's pages", () => {
  const refusal = (principal: string, deny = '') =>
    `User: ${principal} is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/pets${deny}`;
  const shapes: readonly { readonly name: string; readonly lines: readonly string[] }[] = [
    {
      name: 'bare, above its final status',
      lines: [refusal('anonymous'), 'Method completed with status: 403'],
    },
    {
      name: "behind a paste's elided stamps",
      lines: [
        `... ${refusal('anonymous', ' with an explicit deny')}`,
        '... Method completed with status: 403',
      ],
    },
    {
      name: 'an IAM user refused, its final status glued on',
      lines: [
        `${refusal('arn:aws:iam::123456789012:user/bob', ' with an explicit deny')}. Method completed with status: 403`,
      ],
    },
  ];
  for (const { name, lines } of shapes) {
    it(`reads the refusal as auth.denied with the 403 it ended in: ${name}`, () => {
      const failures = analyze([fileBatch(lines)]).failures;
      assert.deepEqual(
        failures.map((f) => [f.cause, f.clientStatus]),
        [['auth.denied', 403]],
        `${RESOURCE_POLICY_PAGES.length} pages quote this wording`,
      );
      assert.match(
        failures[0]?.evidence[0] ?? '',
        /^User: \S+ is not authorized to perform: execute-api:Invoke/,
      );
    });
  }
});

describe('parseBatch: a final status glued to the message before it', () => {
  it("splits a flattened page's final status off a known message, so the status is read", () => {
    // SYNTHETIC, in the shape of a real note (test/fixtures/real-lines.json: SWEEP3-maven-notes-…).
    const parsed = parseBatch(
      fileBatch([
        'Execution failed due to configuration error: Malformed Lambda proxy response. Method completed with status: 502',
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => l.message),
      [
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'Method completed with status: 502',
      ],
    );
  });

  it('leaves text that is no known message, and a CloudWatch event, as one line', () => {
    const prose = 'We saw this. Method completed with status: 502';
    const event = `(${ID}) Endpoint response body before transformations: ok. Method completed with status: 502`;
    const parsed = parseBatch(fileBatch([prose, event]));
    assert.ok(!parsed.execution.some((l) => l.message === 'Method completed with status: 502'));
  });

  it('looks for a glued final status in linear time, whatever run of stops comes before it', () => {
    // SYNTHETIC: trimming the stops with /[.;,]+$/ retried at every stop of a long run: quadratic.
    const script = `
      const { splitConsoleEntries } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'execution-log.ts'))});
      console.log(splitConsoleEntries('Execution failed ' + ','.repeat(200000) + 'x Method completed with status: 502').length);`;
    assert.equal(outputWithinLimit(script, 'the stops before a glued status are trimmed quadratically'), '2');
  });

  it('leaves prose that opens like a generic message whole: only what AWS writes before a final status is split', () => {
    // SYNTHETIC sentences opening with words KNOWN_MESSAGE also knows.
    for (const prose of [
      'Unable to reproduce it locally, Method completed with status: 502 only in prod.',
      'Invalid input again. Method completed with status: 400 each time.',
    ]) {
      const parsed = parseBatch(fileBatch([prose]));
      assert.ok(!parsed.execution.some((l) => l.message.startsWith('Method completed')), prose);
    }
  });

  it("keeps a known message whole when the phrase is inside its body or headers, so the request's trail is not ended early", () => {
    // SYNTHETIC: a log-ingesting API's request body, a relayed error and a header value hold the phrase.
    const inBody =
      'Method request body before transformations: {"events":["GET /items Method completed with status: 200"]}';
    const inError =
      'Endpoint response body before transformations: {"message":"upstream said Method completed with status: 200"}';
    const inHeaders =
      'Endpoint response headers: {X-Upstream= Method completed with status: 200, Content-Type=application/json}';
    for (const line of [inBody, inError, inHeaders])
      assert.deepEqual(splitConsoleEntries(line), [line], line);
    const parsed = parseBatch(
      fileBatch([
        `Execution log for request ${ID}`,
        inBody,
        'Execution failed due to configuration error: Invalid permissions on Lambda function',
        'Method completed with status: 500',
      ]),
    );
    assert.deepEqual(idsOf(parsed), [ID]);
    assert.equal(parsed.execution.length, 3);
  });
});

describe('parseBatch: request ids a writer cut short', () => {
  // SYNTHETIC: a page that shortened some lines' ids (`(7735a87a...)`), as pasted trails do.
  const FULL = '7735a87a-3a83-11e9-8dc8-db3cf4c83204';
  it('joins a cut-short id to the one whole id of the input that starts with it', () => {
    const analysis = analyze([
      fileBatch([
        `(${FULL}) Starting execution for request: ${FULL}`,
        '(7735a87a...) Execution failed due to configuration error: Invalid permissions on Lambda function',
        `(${FULL}) Method completed with status: 500`,
      ]),
    ]);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.clientStatus, f.cause]),
      [[FULL, 500, 'auth.integration-permission']],
    );
  });

  it("joins a cut-short id to an access line's whole id in the same input", () => {
    const analysis = analyze([
      fileBatch([
        `{"requestId":"${FULL}","status":"500","httpMethod":"GET","resourcePath":"/pets"}`,
        '(7735a87a...) Execution failed due to configuration error: Invalid permissions on Lambda function',
        '(7735a87a...) Method completed with status: 500',
      ]),
    ]);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.clientStatus, f.cause]),
      [[FULL, 500, 'auth.integration-permission']],
    );
  });

  it('joins a shorter cut of an id to the one longer cut of it when no whole id is there', () => {
    const analysis = analyze([
      fileBatch([
        '(7735a87a...) Execution failed due to configuration error: Invalid permissions on Lambda function',
        '(7735a87a-3a83...) Method completed with status: 500',
      ]),
    ]);
    assert.deepEqual(
      analysis.failures.map((f) => [f.clientStatus, f.cause]),
      [[500, 'auth.integration-permission']],
    );
  });

  it('keeps a cut id that starts two whole ids apart from both, even beside a longer cut of one of them', () => {
    const OTHER = '7735a87a-ffff-11e9-8dc8-db3cf4c83204';
    const analysis = analyze([
      fileBatch([
        `(${FULL}) Method completed with status: 200`,
        `(${OTHER}) Method completed with status: 200`,
        '(7735a87a-3a83...) Starting execution for request',
        '(7735a87a...) Execution failed due to configuration error: Invalid permissions on Lambda function',
        '(7735a87a...) Method completed with status: 500',
      ]),
    ]);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.cause]),
      [['7735a87a…', 'auth.integration-permission']],
    );
  });

  it("does not join an id cut to fewer than 8 characters to a whole id (an access line's may be any request's)", () => {
    const analysis = analyze([
      fileBatch([
        '{"requestId":"7735a87a-ffff-11e9-8dc8-db3cf4c83204","status":"200","resourcePath":"/ok"}',
        '(7735...) Execution failed due to configuration error: Invalid permissions on Lambda function',
        '(7735...) Method completed with status: 500',
      ]),
    ]);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.clientStatus, f.cause]),
      [['7735…', 500, 'auth.integration-permission']],
    );
  });

  it('reads three cuts of one id, each longer than the last, as one request', () => {
    const analysis = analyze([
      fileBatch([
        '(7735...) Starting execution for request',
        '(7735a8...) Execution failed due to configuration error: Invalid permissions on Lambda function',
        '(7735a87a...) Method completed with status: 500',
      ]),
    ]);
    assert.deepEqual(
      analysis.failures.map((f) => [f.clientStatus, f.cause]),
      [[500, 'auth.integration-permission']],
    );
  });

  it('joins 40,000 cut-short ids to their whole ids in linear time', () => {
    // SYNTHETIC: every request's second line cut short (the stem unique to its request).
    const script = `
      const { parseBatch } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'parse.ts'))});
      const lines = [];
      for (let i = 0; i < 40000; i++) {
        const id = i.toString(16).padStart(8, '0') + '-3a83-11e9-8dc8-db3cf4c83204';
        lines.push('(' + id + ') Method completed with status: 500', '(' + id.slice(0, 13) + '...) Execution failed due to a timeout error');
      }
      const parsed = parseBatch({ source: { name: 'x' }, events: lines.map((message, i) => ({ id: String(i), timestamp: 0, message })) });
      console.log(new Set(parsed.execution.map((l) => l.requestId)).size);`;
    assert.equal(outputWithinLimit(script, 'joining cut-short ids went quadratic'), '40000');
  });

  it('reads one stem cut with three dots or an ellipsis as one request', () => {
    const analysis = analyze([
      fileBatch([
        '(7735a87a...) Execution failed due to configuration error: Invalid permissions on Lambda function',
        '(7735a87a…) Method completed with status: 500',
      ]),
    ]);
    assert.deepEqual(
      analysis.failures.map((f) => [f.clientStatus, f.cause]),
      [[500, 'auth.integration-permission']],
    );
  });
});

describe('parseBatch: execution lines with no request id behind an ISO time', () => {
  // SYNTHETIC lines in the shapes of the corpus, without the `(id) ` API Gateway wrote until 2017 or so.
  const STREAM = 'e4da3b7fbbce2345d7772b0674a318d5';
  const rows: readonly { readonly shape: string; readonly lines: readonly string[] }[] = [
    {
      shape: "aws logs tail's time and stream",
      lines: [
        `2026-11-25T10:15:30.000000+00:00 ${STREAM} Execution failed due to a timeout error`,
        `2026-11-25T10:15:30.000000+00:00 ${STREAM} Method completed with status: 504`,
      ],
    },
    {
      shape: "a time and a page's quote or list mark",
      lines: [
        '2026-11-25T10:15:30.000Z > Execution failed due to a timeout error',
        '2026-11-25T10:15:30.000Z - Method completed with status: 504',
      ],
    },
    {
      shape: "a table's time and column rule",
      lines: [
        '2026-11-25T10:15:30.000Z | Execution failed due to a timeout error',
        '2026-11-25T10:15:30.000Z | Method completed with status: 504',
      ],
    },
  ];
  for (const { shape, lines } of rows) {
    it(`reads a trail behind ${shape} as one failed request`, () => {
      const analysis = analyze([fileBatch(lines)]);
      assert.deepEqual(
        [analysis.stats.unparsed, analysis.failures.map((f) => f.cause)],
        [0, ['timeout.integration']],
      );
    });
  }

  it("reads an execution line behind a time and API Gateway's 32-hex-digit stream, tab-separated (an Insights copy without its header)", () => {
    const analysis = analyze([
      fileBatch([
        `2026-11-25T10:15:30.000Z\t${STREAM}\t(${ID}) Execution failed due to a timeout error`,
        `2026-11-25 10:15:30.000\t${STREAM}\t(${ID}) Method completed with status: 504`,
      ]),
    ]);
    assert.deepEqual(
      [analysis.stats.unparsed, analysis.failures.map((f) => [f.requestId, f.cause])],
      [0, [[ID, 'timeout.integration']]],
    );
  });

  it("reads an authorizer's policy line and a console header behind an ISO time as API Gateway's", () => {
    const parsed = parseBatch(
      fileBatch([
        '2026-11-25T10:15:30.000Z Execution log for request test-request',
        '2026-11-25T10:15:30.000Z Using valid authorizer policy for principal: user-1',
        '2026-11-25T10:15:30.000Z Method completed with status: 200',
      ]),
    );
    assert.deepEqual([parsed.unparsed.length, idsOf(parsed)], [0, ['test-request']]);
  });
});

describe('isKnownExecutionMessage', () => {
  // One opening per kind of message API Gateway writes (SYNTHETIC values in its wording), so that
  // removing a kind from the list fails its row: a bare line of that kind would then be lost or
  // glued to the line before it.
  const openings: readonly string[] = [
    'Extended Request Id: UBuxiEZSIAMFQ1Q=',
    `Verifying Usage Plan for request: ${ID}. API Key:  API Stage: abc123defg/prod`,
    "API Key  authorized because method 'GET /pets' does not require API Key. Request will not contribute to throttle or quota limits",
    'Usage Plan check succeeded for API Key  and API Stage abc123defg/prod',
    `Starting execution for request: ${ID}`,
    `Starting authorizer: q8togz for request: ${ID}`,
    'HTTP Method: GET, Resource Path: /pets',
    'Method request path: {}',
    'Method response body after transformations: {}',
    'Method completed with status: 502',
    'Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/f/invocations',
    'Endpoint response body before transformations: {}',
    'Endpoint request timed out',
    'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/f/invocations',
    'Received response. Status: 200, Integration latency: 41 ms',
    'Successfully completed execution',
    'Execution failed due to configuration error: Malformed Lambda proxy response',
    'Lambda execution failed with status 200 due to customer function error: boom',
    'Lambda invocation failed with status: 429. Lambda request id: 5a2f0c9e',
    'Request body does not match model schema for content type application/json: []',
    'Request validation failed',
    'Missing required request parameters: [id]',
    'Authorizer result body before parsing: null',
    "Authorization header requires 'Credential' parameter.",
    `Unauthorized request: ${ID}`,
    'User is not authorized to access this resource with an explicit deny',
    // IAM's or a resource policy's refusal, in the wording AWS's 403 pages quote (see RESOURCE_POLICY_PAGES).
    'User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/pets',
    'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/pets with an explicit deny',
    'Incoming identity: ***abc123',
    'Client certificate is not valid',
    'Key throttle limit exceeded for RestApi abc123defg, Stage prod, Resource r1, HttpMethod GET. Limit: 1.00 Burst: 1',
    'Method throttle limit exceeded',
    'Stage throttle limit exceeded',
    'Account throttle limit exceeded',
    'Throttling: rate exceeded',
    'Quota exceeded for the API key',
    'Limit Exceeded',
    'Too Many Requests',
    'AWS Integration Endpoint RequestId : 2a3f76ac-1744-4e6c-91e2-7c1951808d1b',
    'X-ray Tracing ID : Root=1-6745a0b2-0123456789abcdef01234567',
    'Integration latency: 12 ms',
    'Transformed request body',
    'Network error communicating with endpoint',
    'Gateway response type: ACCESS_DENIED with status code: 403',
    'Invalid permissions on Lambda function',
    'Could not parse policy',
    'Unable to transform request',
    'Forbidden',
    'Access denied. Reason: the resource policy denies the caller',
    'Missing Authentication Token',
    'The security token included in the request is expired',
    'The request signature we calculated does not match the signature you provided.',
    'The client is not authorized to perform this operation.',
    "The IAM role configured on the integration or API Gateway doesn't have permissions to call the integration.",
    "The response from the Lambda Authorizer function doesn't match the format that API Gateway expects.",
    "The request for the IAM Authorizer doesn't match the format that API Gateway expects.",
    'The Lambda function returned the following error: boom',
    'Signature expired: 20261125T101530Z is now earlier than 20261125T102030Z',
    'Request too long',
    'Cache miss for key',
    'Caching is disabled',
    'Skipping usage plan check',
    // What follows "Execution failed due to configuration error: ", quoted alone.
    'Malformed Lambda proxy response',
    'There was an internal error while executing your request',
    'General SSLEngine problem',
  ];
  for (const opening of openings) {
    it(`knows "${opening.slice(0, 40)}…" as API Gateway's`, () => {
      assert.equal(isKnownExecutionMessage(opening), true);
    });
  }

  it('does not know text API Gateway never writes', () => {
    for (const text of [
      'Deploying to staging',
      'TypeError: boom',
      '{"errorMessage":"boom"}',
      // A user named in an app's own log, and IAM refusing a function's own call: not API Gateway's words.
      'User: alice signed in',
      'User: arn:aws:sts::123456789012:assumed-role/app/fn is not authorized to perform: dynamodb:PutItem on resource: t',
    ])
      assert.equal(isKnownExecutionMessage(text), false, text);
  });
});
