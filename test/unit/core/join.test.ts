/** joinRequests and analyze(): one record per request, whatever batch its lines came in. Lines are synthetic. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { joinRequests } from '../../../lambda/core/join';
import { analyze } from '../../../lambda/core/pipeline';
import {
  type AccessLogRecord,
  CHECKPOINT_EVERY,
  type LogBatch,
  type LogSource,
} from '../../../lambda/core/types';
import { outputWithinLimit } from '../../support/time-limit';

const ID = '8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
const ACCESS: LogSource = { logGroup: '/aws/apigateway/access' };
const EXECUTION: LogSource = { logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod' };

function batch(source: LogSource, lines: readonly string[]): LogBatch {
  return {
    source,
    events: lines.map((message, i) => ({ id: String(i), timestamp: 1_764_000_000_000, message })),
  };
}

describe('joinRequests', () => {
  it('makes one record of an access line and the execution lines with the same request id', () => {
    const record: AccessLogRecord = { format: 'json', requestId: ID, status: 500 };
    const records = joinRequests([
      { source: ACCESS, access: [record], execution: [] },
      {
        source: EXECUTION,
        access: [],
        execution: [
          { requestId: ID, message: 'HTTP Method: GET, Resource Path: /pets' },
          { requestId: ID, message: 'Method completed with status: 500' },
        ],
      },
    ]);
    assert.equal(records.length, 1);
    assert.equal(records[0]?.access, record);
    assert.deepEqual(records[0]?.execution?.messages, [
      'HTTP Method: GET, Resource Path: /pets',
      'Method completed with status: 500',
    ]);
    assert.equal(records[0]?.execution?.apiId, 'abc123defg', 'api id from the execution log group name');
    assert.equal(records[0]?.execution?.stage, 'prod');
    assert.equal(records[0]?.execution?.httpMethod, 'GET');
    assert.equal(records[0]?.execution?.resourcePath, '/pets');
  });

  it('joins by extendedRequestId when that is the id the execution lines carry', () => {
    const records = joinRequests([
      {
        source: ACCESS,
        access: [{ format: 'clf', requestId: 'r1', extendedRequestId: 'Ext=', status: 502 }],
        execution: [],
      },
      {
        source: EXECUTION,
        access: [],
        execution: [{ requestId: 'Ext=', message: 'Method completed with status: 502' }],
      },
    ]);
    assert.equal(records.length, 1);
    assert.equal(records[0]?.execution?.requestId, 'Ext=');
  });

  it('counts an access line delivered twice once', () => {
    const record: AccessLogRecord = { format: 'json', requestId: ID, status: 500 };
    const records = joinRequests([
      { source: ACCESS, access: [record], execution: [] },
      { source: ACCESS, access: [record], execution: [] },
    ]);
    assert.equal(records.length, 1);
  });

  it('joins an access line that logs only the extended request id to the trail whose first line names it', () => {
    const record: AccessLogRecord = { format: 'json', extendedRequestId: 'Dq6tfEh4IAMFq22=', status: 502 };
    const records = joinRequests([
      { source: ACCESS, access: [record], execution: [] },
      {
        source: EXECUTION,
        access: [],
        execution: [
          { requestId: ID, message: 'Extended Request Id: Dq6tfEh4IAMFq22=' },
          { requestId: ID, message: 'Method completed with status: 502' },
        ],
      },
    ]);
    assert.equal(records.length, 1);
    assert.equal(records[0]?.access, record);
    assert.equal(records[0]?.execution?.messages.length, 2);
  });

  it('keeps two requests whose callers set the same request id apart by their extended ids', () => {
    const records = joinRequests([
      {
        source: ACCESS,
        access: [
          { format: 'json', requestId: ID, extendedRequestId: 'AAAAAAAAAAAAAAA=', status: 502 },
          { format: 'json', requestId: ID, extendedRequestId: 'BBBBBBBBBBBBBBB=', status: 503 },
        ],
        execution: [],
      },
    ]);
    assert.deepEqual(
      records.map((r) => r.access?.status),
      [502, 503],
    );
  });

  it('counts each of three requests sharing a request id once, however often each line is delivered', () => {
    const line = (extendedRequestId: string | undefined, status: number): AccessLogRecord => ({
      format: 'json',
      requestId: ID,
      ...(extendedRequestId !== undefined && { extendedRequestId }),
      status,
    });
    const records = joinRequests([
      {
        source: ACCESS,
        access: [
          line('AAAAAAAAAAAAAAA=', 502),
          line('BBBBBBBBBBBBBBB=', 503),
          line('AAAAAAAAAAAAAAA=', 502),
          line(undefined, 504),
          line('BBBBBBBBBBBBBBB=', 503),
          line(undefined, 504),
        ],
        execution: [],
      },
    ]);
    assert.deepEqual(
      records.map((r) => r.access?.status),
      [502, 503, 504],
    );
  });

  // SYNTHETIC records: callers may set the request id themselves (x-amzn-RequestId), so two requests
  // can share one with no extended id logged to tell them apart; a copy of one line repeats it all.
  const SHARED_ID_ROWS: readonly {
    readonly name: string;
    readonly second: Partial<AccessLogRecord>;
    readonly requests: number;
  }[] = [
    { name: 'another status', second: { status: 502 }, requests: 2 },
    { name: 'another method', second: { httpMethod: 'POST' }, requests: 2 },
    { name: 'a request time seconds later', second: { timeMs: 1_764_000_005_000 }, requests: 2 },
    {
      name: 'the same second, logged as an epoch in milliseconds',
      second: { timeMs: 1_764_000_000_123 },
      requests: 1,
    },
    {
      name: 'an extended id the first does not log',
      second: { extendedRequestId: 'AAAAAAAAAAAAAAA=' },
      requests: 1,
    },
    { name: 'nothing else', second: {}, requests: 1 },
  ];
  for (const row of SHARED_ID_ROWS) {
    it(`tells a line with the same request id and ${row.name} ${row.requests === 2 ? 'from a copy: two requests' : 'as a copy: one request'}`, () => {
      const first: AccessLogRecord = {
        format: 'json',
        requestId: ID,
        httpMethod: 'GET',
        timeMs: 1_764_000_000_000,
        status: 200,
      };
      const records = joinRequests([
        { source: ACCESS, access: [first], execution: [] },
        { source: ACCESS, access: [{ ...first, format: 'clf', ...row.second }], execution: [] },
      ]);
      assert.equal(records.length, row.requests);
    });
  }

  it('gives a trail two requests share (a caller-set request id) to the one that failed, not to the success', () => {
    const records = joinRequests([
      {
        source: ACCESS,
        access: [
          { format: 'json', requestId: ID, extendedRequestId: 'AAAAAAAAAAAAAAA=', status: 200 },
          { format: 'json', requestId: ID, extendedRequestId: 'BBBBBBBBBBBBBBB=', status: 500 },
        ],
        execution: [],
      },
      {
        source: EXECUTION,
        access: [],
        execution: [
          { requestId: ID, message: 'Extended Request Id: AAAAAAAAAAAAAAA=' },
          { requestId: ID, message: 'Extended Request Id: BBBBBBBBBBBBBBB=' },
          { requestId: ID, message: 'Method completed with status: 200' },
          {
            requestId: ID,
            message: 'Execution failed due to configuration error: Invalid permissions on Lambda function',
          },
          { requestId: ID, message: 'Method completed with status: 500' },
        ],
      },
    ]);
    assert.deepEqual(
      records.map((r) => [r.access?.status, r.execution?.messages.length]),
      [
        [200, undefined],
        [500, 5],
      ],
    );
  });

  it('reads the same trail read twice (overlapping exports) as one request', () => {
    const trail = [
      { requestId: ID, message: 'Extended Request Id: AAAAAAAAAAAAAAA=' },
      { requestId: ID, message: 'Method completed with status: 502' },
    ];
    const records = joinRequests([
      { source: ACCESS, access: [{ format: 'json', requestId: ID, status: 502 }], execution: [] },
      { source: EXECUTION, access: [], execution: [...trail, ...trail] },
    ]);
    assert.equal(records.length, 1);
    assert.equal(records[0]?.execution?.messages.length, 4);
  });

  it('keeps access lines without any id as separate requests', () => {
    const records = joinRequests([
      {
        source: ACCESS,
        access: [
          { format: 'json', status: 500 },
          { format: 'json', status: 502 },
        ],
        execution: [],
      },
    ]);
    assert.equal(records.length, 2);
    assert.notEqual(records[0]?.requestId, records[1]?.requestId);
  });

  it('keeps an execution trail with no access line as a request of its own', () => {
    const records = joinRequests([
      {
        source: EXECUTION,
        access: [],
        execution: [{ requestId: ID, message: 'Method completed with status: 504' }],
      },
    ]);
    assert.equal(records.length, 1);
    assert.equal(records[0]?.access, undefined);
    assert.equal(records[0]?.requestId, ID);
    assert.equal(records[0]?.source, EXECUTION);
  });

  it('names the api of a trail split over two batches from the batch of its first line', () => {
    const records = joinRequests([
      { source: EXECUTION, access: [], execution: [{ requestId: ID, message: 'Starting execution' }] },
      {
        source: { logGroup: 'API-Gateway-Execution-Logs_zzz999zzzz/dev' },
        access: [],
        execution: [{ requestId: ID, message: 'Method completed with status: 500' }],
      },
    ]);
    assert.equal(records.length, 1);
    assert.equal(records[0]?.execution?.messages.length, 2);
    assert.equal(records[0]?.execution?.apiId, 'abc123defg');
  });

  it('keeps the first and last lines of a very long trail, where the verdict is', () => {
    const execution = Array.from({ length: 1000 }, (_, i) => ({ requestId: ID, message: `line ${i}` }));
    const trail = joinRequests([{ source: EXECUTION, access: [], execution }])[0]?.execution;
    assert.equal(trail?.messages.length, 400);
    assert.equal(trail?.messages[0], 'line 0');
    assert.equal(trail?.messages.at(-1), 'line 999');
  });
});

describe('analyze: joining across batches', () => {
  it('makes one classified request of an access line and execution lines that came in different deliveries', () => {
    const analysis = analyze([
      batch(ACCESS, [`{"requestId":"${ID}","status":"500","apiId":"abc123defg","stage":"prod"}`]),
      batch(EXECUTION, [`(${ID}) Lambda invocation failed with status: 429. Lambda request id: x`]),
      batch(EXECUTION, [`(${ID}) Method completed with status: 500`]),
    ]);
    assert.equal(analysis.stats.requests, 1);
    assert.equal(analysis.failures.length, 1);
    assert.equal(analysis.failures[0]?.cause, 'limit.backend');
    assert.equal(analysis.failures[0]?.masked, true);
    assert.deepEqual(analysis.requests[0], {
      requestId: ID,
      api: 'abc123defg',
      stage: 'prod',
      // The access line carries no time, so the execution events' time stands in.
      timeMs: 1_764_000_000_000,
      fromAccessLog: true,
    });
  });

  it('counts the same access line delivered in two deliveries as one request and one failure', () => {
    const line = `{"requestId":"${ID}","status":"502"}`;
    const analysis = analyze([batch(ACCESS, [line]), batch(ACCESS, [line])]);
    assert.equal(analysis.stats.accessLines, 2);
    assert.equal(analysis.stats.requests, 1);
    assert.equal(analysis.stats.failed, 1);
  });

  it('counts a 502 that shares its request id with a 200 before it (a caller-set id, no extended id logged)', () => {
    // SYNTHETIC lines in a REST JSON format that logs no extendedRequestId.
    const shared = 'e5f6a7b8-0000-4000-8000-0000000000aa';
    const analysis = analyze([
      batch(ACCESS, [
        `{"requestId":"${shared}","httpMethod":"GET","resourcePath":"/a","status":"200"}`,
        `{"requestId":"${shared}","httpMethod":"POST","resourcePath":"/b","status":"502"}`,
      ]),
    ]);
    assert.equal(analysis.stats.requests, 2);
    assert.equal(analysis.stats.failed, 1);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.clientStatus]),
      [[shared, 502]],
    );
  });

  for (const placeholder of [
    '<request-id>',
    'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
    '***',
    '[REDACTED]',
    '...',
  ]) {
    it(`counts access lines whose request id a page replaced with ${placeholder} as one request each: it names no request`, () => {
      // SYNTHETIC, in the shape of GH-elastic-websocket-connect-500 (test/fixtures/real-lines.json):
      // two failed CONNECTs a second apart, their ids sanitized, were deduplicated into one failure.
      const line = (second: number) =>
        `{"requestId":"${placeholder}","requestTime":"26/Jul/2023:12:20:4${second} +0000","eventType":"CONNECT","routeKey":"$connect","status":"500"}`;
      const analysis = analyze([batch(ACCESS, [line(4), line(6)])]);
      assert.equal(analysis.stats.requests, 2);
      assert.equal(analysis.failures.length, 2);
      assert.ok(analysis.failures.every((f) => f.requestId !== placeholder));
    });
  }

  it('keeps the stats consistent with what it returns', () => {
    const analysis = analyze([
      batch(ACCESS, [`{"requestId":"a","status":"200"}`, `{"requestId":"b","status":"404"}`, 'noise']),
      batch(EXECUTION, [`(c) Method completed with status: 200`]),
    ]);
    assert.deepEqual(analysis.stats, {
      events: 4,
      accessLines: 2,
      executionLines: 1,
      requests: 3,
      failed: 1,
      unparsed: 1,
    });
    assert.equal(analysis.failures.length, analysis.stats.failed);
    assert.equal(analysis.requests.length, analysis.stats.requests);
    assert.equal(analysis.unparsed.length, analysis.stats.unparsed);
  });
});

/**
 * A trail joined with the access line API Gateway logs for the same request, in one input, either
 * first: the joined request says what the trail says, unless the access line adds a verdict the
 * trail does not contradict. Every line here is SYNTHETIC, in the shapes of the unit tests' trails
 * (before-the-integration.test.ts) and of the README's recommended format and the CLF preset.
 */
describe('analyze: a trail joined with its own access line', () => {
  const LAMBDA_ANSWERED_404 = [
    'Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
    'Received response. Status: 200, Integration latency: 40 ms',
    'Endpoint response headers: {Date=Fri, 27 Nov 2026 08:00:00 GMT, Content-Type=application/json, X-Amz-Executed-Version=$LATEST}',
    'Endpoint response body before transformations: {"message":"Not Found"}',
    'Method completed with status: 404',
  ];
  const HTTP_BACKEND_200_MAPPED_TO_404 = [
    `Starting execution for request: ${ID}`,
    'Endpoint request URI: https://backend.example.com/orders',
    'Sending request to https://backend.example.com/orders',
    'Received response. Status: 200, Integration latency: 12 ms',
    'Endpoint response body before transformations: {"message":"Resource not found"}',
    'Method completed with status: 404',
  ];
  const json = (fields: Record<string, string>) => JSON.stringify({ requestId: ID, ...fields });
  const ROWS: readonly (readonly [
    label: string,
    access: string,
    trail: readonly string[],
    status: number,
    cause: string,
  ])[] = [
    [
      "not a wrong route beside Lambda's 200 for the invoke, though the line logs its resource as '-'",
      json({
        status: '404',
        resourcePath: '-',
        'error.responseType': '-',
        'integration.status': '-',
        'integration.integrationStatus': '200',
      }),
      LAMBDA_ANSWERED_404,
      404,
      'unknown.client',
    ],
    [
      "not a caller refused before the backend beside the endpoint's answer, though the line logs no integration status",
      json({ status: '401', 'integration.status': '-', 'integration.integrationStatus': '-' }),
      [
        `Starting execution for request: ${ID}`,
        'Endpoint response body before transformations: {"message":"Unauthorized"}',
        'Method completed with status: 401',
      ],
      401,
      'unknown.client',
    ],
    [
      "the backend's 404 when the CLF line names the matched resource (the access line's verdict, which the backend's body agrees with)",
      `203.0.113.10 - - [27/Nov/2026:08:00:00 +0000] "GET /orders HTTP/1.1" 404 36 ${ID}`,
      HTTP_BACKEND_200_MAPPED_TO_404,
      404,
      'not-found.backend',
    ],
  ];
  for (const [label, access, trail, status, cause] of ROWS) {
    for (const order of ['first', 'last'] as const) {
      it(`reads the request as ${cause}: ${label} (access line ${order}; SYNTHETIC)`, () => {
        const lines = trail.map((m) => `(${ID}) ${m}`);
        const analysis = analyze([
          batch({ name: 'both.log' }, order === 'first' ? [access, ...lines] : [...lines, access]),
        ]);
        assert.equal(analysis.stats.requests, 1);
        assert.deepEqual(
          analysis.failures.map((f) => [f.requestId, f.clientStatus, f.cause]),
          [[ID, status, cause]],
        );
      });
    }
  }
});

describe('joining many lines that share one request id', () => {
  // A client that sends the same x-amzn-RequestId on every call: each line must still be one request,
  // told apart from the others without comparing it with every earlier line of that id (SYNTHETIC lines).
  it('keeps 100,000 lines sharing a request id apart, by extended id or by second, without comparing each with all before it', () => {
    const script = `
      const { analyze } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'pipeline.ts'))});
      const t0 = 1764000000000;
      const byExtendedId = [], bySecond = [];
      for (let i = 0; i < 100000; i++) {
        byExtendedId.push([t0, JSON.stringify({ requestId: '${ID}', extendedRequestId: 'Ab' + i + '=', requestTimeEpoch: t0, httpMethod: 'GET', status: 200 })]);
        bySecond.push([t0 + i * 1000, JSON.stringify({ requestId: '${ID}', requestTimeEpoch: t0 + i * 1000, httpMethod: 'GET', status: 200 })]);
      }
      const requests = (lines) => analyze([{ source: { logGroup: '/aws/apigateway/access' }, events: lines.map(([timestamp, message], i) => ({ id: String(i), timestamp, message })) }]).stats.requests;
      // Pasted text has no event time: lines without a time of their own are compared by extended id too.
      const { parseInput } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'cli', 'input.ts'))});
      const untimed = [];
      for (let i = 0; i < 150000; i++) untimed.push(JSON.stringify({ requestId: '${ID}', extendedRequestId: 'Cd' + i + '=', httpMethod: 'POST', status: '502' }));
      const pasted = analyze(parseInput(untimed.join('\\n'), 'paste.log').batches).stats.requests;
      console.log(requests(byExtendedId) + ' ' + requests(bySecond) + ' ' + pasted);`;
    assert.equal(
      outputWithinLimit(script, 'each line sharing a request id is compared with every earlier one'),
      '100000 100000 150000',
    );
  });
});

describe("joinRequests' checkpoint", () => {
  // The CLI's heap watch runs from the checkpoint; a run read from many small inputs (a directory of
  // short files, an export of many deliveries) is as long as one read from a large one.
  it('is called every CHECKPOINT_EVERY lines of the run, however few lines each batch holds', () => {
    const batches = Array.from({ length: 2 * CHECKPOINT_EVERY }, () => ({
      source: EXECUTION,
      access: [],
      // One request's lines, one a batch (SYNTHETIC).
      execution: [{ requestId: ID, message: 'Method completed with status: 500' }],
    }));
    let calls = 0;
    joinRequests(batches, () => {
      calls++;
    });
    assert.ok(calls >= 2, `${calls} checkpoints over ${batches.length} lines`);
  });

  it('is called every CHECKPOINT_EVERY access records of the run, however few each batch holds', () => {
    const batches = Array.from({ length: 2 * CHECKPOINT_EVERY }, () => ({
      source: ACCESS,
      // The same SYNTHETIC request delivered over and over: one record, one line a batch.
      access: [{ format: 'json' as const, requestId: ID, status: 500 }],
      execution: [],
    }));
    let calls = 0;
    joinRequests(batches, () => {
      calls++;
    });
    assert.ok(calls >= 2, `${calls} checkpoints over ${batches.length} records`);
  });
});
