/**
 * Other programs' logs given to the CLI beside, or instead of, API Gateway's: a web server's access
 * log, an application's JSON log. Their lines hold a status and read much like an access line, but
 * they are no API Gateway request: each is counted unparsed with a reason naming what it is, never as
 * a failed request. Every line here is SYNTHETIC, in the shape the named program writes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInput } from '../../cli/input';
import { analyze } from '../../lambda/core/pipeline';
import { runCli } from './harness';

const ROWS: readonly {
  readonly program: string;
  readonly lines: readonly string[];
  readonly reason: RegExp;
}[] = [
  {
    program: "nginx's combined access log, with a referer and a '-' one",
    lines: [
      '203.0.113.9 - - [27/Nov/2026:10:00:00 +0000] "GET /checkout HTTP/1.1" 502 157 "https://shop.example.com/cart" "Mozilla/5.0 (X11; Linux x86_64)"',
      '203.0.113.9 - - [27/Nov/2026:10:00:01 +0000] "GET /checkout HTTP/1.1" 502 157 "-" "curl/8.0"',
    ],
    reason: /web server's combined/,
  },
  {
    program: "applications' JSON logs (Go slog, winston, Powertools)",
    lines: [
      '{"time":"2026-11-27T10:00:00Z","level":"ERROR","msg":"request failed","method":"GET","path":"/orders","status":500}',
      '{"level":"error","message":"upstream failed","statusCode":502}',
      '{"level":"INFO","message":"done","timestamp":"2026-11-27 10:00:00,000+0000","service":"orders","status":500}',
    ],
    reason: /application's log record/,
  },
  {
    // A Lambda function's own log group exported beside API Gateway's: its runtime dates each line
    // with an ISO time, which API Gateway's execution logs never start a line with.
    program:
      "a Lambda function's own log (Node.js and Python runtimes: START, levels, a timeout, END, REPORT)",
    lines: [
      'START RequestId: 3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f Version: $LATEST',
      '2026-11-25T12:00:00.123Z\t3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f\tINFO\thandling event',
      '2026-11-25T12:00:00.200Z\t3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f\tERROR\tInvoke Error \t{"errorType":"TooManyRequestsException","errorMessage":"Rate Exceeded."}',
      '[ERROR]\t2026-11-25T12:00:00.300Z\t3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f\tKeyError: boom',
      '2026-11-25T12:00:03.100Z 3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f Task timed out after 3.00 seconds',
      'END RequestId: 3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f',
      'REPORT RequestId: 3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB',
    ],
    reason: /Lambda function's own log/,
  },
  {
    // The same function's log as `aws logs tail` (its stream `YYYY/MM/DD/[version]…` after the time),
    // `sam logs` and a `--query '[timestamp,logStreamName,message]' --output text` export print it, and
    // a .NET function's lower-case level.
    program:
      "a Lambda function's own log behind the prefixes of aws logs tail, sam logs and a --query text export",
    lines: [
      '2026-11-25T12:00:00.123000+00:00 2026/11/25/[$LATEST]0123456789abcdef0123456789abcdef START RequestId: 3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f Version: $LATEST',
      '2026-11-25T12:00:03.100000+00:00 2026/11/25/[$LATEST]0123456789abcdef0123456789abcdef 2026-11-25T12:00:03.100Z 3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f Task timed out after 3.00 seconds',
      '2026/11/25/[$LATEST]0123456789abcdef0123456789abcdef 2026-11-25T12:00:03.200000 END RequestId: 3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f',
      '1795608003300\t2026/11/25/[$LATEST]0123456789abcdef0123456789abcdef\tREPORT RequestId: 3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f\tDuration: 3000.00 ms',
      '2026-11-25T12:00:03.400Z\t3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f\tfail\tUnhandled exception',
    ],
    reason: /Lambda function's own log/,
  },
  {
    // An application's tab-separated log, a level then a thread name in parentheses: the level is no
    // log stream, and the thread's words (`Unable to …`, `Execution failed …`) are the program's own.
    program: "an application's tab- or space-separated log with a level or a host before a thread's name",
    lines: [
      'WARN\t(worker-thread-1) Unable to connect to db: Connection refused',
      'ERROR\t(pool-1-thread-3) Execution failed due to a timeout error',
      'INFO\t(main-thread) Cache miss for key user:42',
      // A host or a numbered level in the first column is no log stream API Gateway writes either.
      'INFO2\t(worker-12345) Execution failed: exit 1',
      'web01\t(job-12345) Execution failed due to a timeout error',
      'node-1\t(a1b2c3d4) Method completed with status: 502',
      '2026-11-25T10:15:30.123Z web01 Execution failed: job 7 exited with code 1',
      '2026-11-25T10:15:30.123Z web01 Method completed with status: 500',
    ],
    reason: /neither an access-log line/,
  },
  {
    program: "an application's plain-text log dated with ISO times",
    lines: [
      '2026-11-25T12:00:00.000Z GET /health 200',
      '2026-11-25T12:00:01.000Z user logged in',
      '2026-11-25T12:00:02.000Z job finished',
    ],
    reason: /neither an access-log line/,
  },
  {
    program: 'a Lambda proxy response pasted beside the logs',
    lines: ['{"statusCode":502,"body":"{\\"message\\":\\"Internal server error\\"}"}'],
    reason: /without any access-log field/,
  },
];

/**
 * SYNTHETIC custom REST JSON access formats with a logging library's level key (a review's lines):
 * `$context.error.message` logged as `message` or `msg` holds API Gateway's own words, which tell
 * them from an application's log, so each is a failed request.
 */
const GATEWAY_LINES_WITH_A_LEVEL: readonly string[] = [
  '{"level":"info","message":"Internal server error","requestId":"0c4a1b2e-5d3f-4e6a-9b7c-8d9e0f1a2b3c","status":"502"}',
  '{"severity":"ERROR","msg":"Endpoint request timed out","requestId":"1c4a1b2e-5d3f-4e6a-9b7c-8d9e0f1a2b3c","status":"504","method":"GET"}',
  '{"level":"info","message":"Internal server error","rid":"2c4a1b2e-5d3f-4e6a-9b7c-8d9e0f1a2b3c","status":"502"}',
  '{"level":"info","message":"Internal server error","request_id":"3c4a1b2e-5d3f-4e6a-9b7c-8d9e0f1a2b3c","status":"502"}',
];

describe("API Gateway's JSON access lines with a level key", () => {
  it('counts each as a failed request, none unparsed', () => {
    const analysis = analyze(parseInput(GATEWAY_LINES_WITH_A_LEVEL.join('\n'), 'access.log').batches);
    assert.deepEqual(
      [analysis.stats.requests, analysis.stats.failed, analysis.stats.unparsed],
      [GATEWAY_LINES_WITH_A_LEVEL.length, GATEWAY_LINES_WITH_A_LEVEL.length, 0],
    );
  });
});

describe("a Lambda function's own log after an API Gateway trail", () => {
  // SYNTHETIC: a throttled Lambda's REST trail, then the function's own log lines, as a user who
  // exported both log groups into one file has them.
  const ID = '8b6d1e9a-9b0c-4f2e-a1d3-5c7e9f0b2d4a';
  const trail = [
    `(${ID}) Starting execution for request: ${ID}`,
    `(${ID}) Lambda invocation failed with status: 429. Lambda request id: 3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f`,
    `(${ID}) Execution failed due to configuration error: Rate Exceeded.`,
    `(${ID}) Method completed with status: 500`,
  ];
  const functionLines = [
    '2026-11-25T12:00:03.100Z 3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f Task timed out after 3.00 seconds',
    '2026-11-25T12:00:03.200Z\t3c7d1f0e-8a2b-4c5d-9e6f-0a1b2c3d4e5f\tERROR\tsomething else failed',
  ];

  const orders: readonly [string, readonly string[]][] = [
    ['after the trail', [...trail, ...functionLines]],
    [
      'inside the trail, before its final status',
      [...trail.slice(0, 3), ...functionLines, ...trail.slice(3)],
    ],
  ];
  for (const [where, lines] of orders) {
    it(`keeps the trail's one failure and counts the function's lines unparsed, not as another request or the trail's text, ${where}`, () => {
      const analysis = analyze(parseInput(lines.join('\n'), 'both.log').batches);
      assert.deepEqual(
        [analysis.stats.requests, analysis.stats.failed, analysis.stats.unparsed],
        [1, 1, functionLines.length],
      );
      assert.equal(analysis.failures[0]?.cause, 'limit.backend');
      assert.ok(!analysis.failures[0]?.evidence.join(' ').includes('Task timed out'));
      assert.ok(!analysis.failures[0]?.evidence.join(' ').includes('something else failed'));
    });
  }
});

describe("other programs' logs", () => {
  for (const { program, lines, reason } of ROWS) {
    it(`counts ${program} unparsed with its reason, and no request`, () => {
      const analysis = analyze(parseInput(lines.join('\n'), 'other.log').batches);
      assert.deepEqual(
        [analysis.stats.requests, analysis.stats.failed, analysis.stats.unparsed],
        [0, 0, lines.length],
      );
      for (const line of analysis.unparsed) assert.match(line.reason, reason);
    });

    it(`shows ${program} in the CLI's unparsed summary, not as failed requests`, async () => {
      const result = await runCli(['classify'], { stdin: lines.join('\n') });
      assert.match(result.stdout, new RegExp(`0 requests, 0 failed, ${lines.length} unparsed lines?`));
      assert.match(result.stderr, reason);
    });
  }
});
