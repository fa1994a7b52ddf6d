/**
 * The paste marks parseBatch takes off a pasted line (list markers, writer's labels, an event
 * object's `message:` key, quotes) must not make a line of prose, a response body or a template a
 * log line, nor change how a line that already reads as a log line is read. Every line here is
 * SYNTHETIC, in the shapes of READMEs, SAM templates and custom access-log formats.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKnownExecutionMessage } from '../../../lambda/core/execution-log';
import { parseBatch } from '../../../lambda/core/parse';
import { analyze } from '../../../lambda/core/pipeline';
import type { LogBatch } from '../../../lambda/core/types';

const ID = '8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6';

/** One event per line, as the CLI reads a file. */
function fileBatch(lines: readonly string[]): LogBatch {
  return {
    source: { name: 'paste.log' },
    events: lines.map((message, i) => ({ id: String(i), timestamp: 0, message })),
  };
}

/** Events as an access log group's subscription delivers them to the Lambda. */
function accessBatch(lines: readonly string[]): LogBatch {
  return {
    source: { logGroup: '/aws/apigateway/access', logStream: 's' },
    events: lines.map((message, i) => ({ id: String(i), timestamp: 1_785_000_000_000 + i, message })),
  };
}

function causes(batch: LogBatch): string[] {
  return analyze([batch]).failures.map((f) => f.cause);
}

describe('paste marks', () => {
  it("knows AWS's bare configuration-error texts only whole, not as the start of a sentence about them", () => {
    for (const whole of [
      'Malformed Lambda proxy response',
      'Malformed Lambda response',
      'There was an internal error while executing your request',
      'General SSLEngine problem',
      'General SSLEngine problem.',
    ])
      assert.ok(isKnownExecutionMessage(whole), whole);
    for (const prose of [
      'Malformed Lambda proxy response errors are common when the handler returns a string',
      'There was an internal error while executing your request, the docs say; retry later',
      'General SSLEngine problem usually means the backend certificate chain is incomplete',
    ])
      assert.ok(!isKnownExecutionMessage(prose), prose);
    // A success trail and the notes a README keeps under it: no failure.
    const batch = fileBatch([
      `Wed Nov 25 10:15:29 UTC 2026 : Starting execution for request: ${ID}`,
      'Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 200',
      'Notes:',
      '- Malformed Lambda proxy response errors come from a handler that returns a string',
    ]);
    assert.deepEqual(causes(batch), []);
    assert.equal(analyze([batch]).stats.requests, 1);
  });

  it("reads Lambda's own refusal of an invoke on the function's setup, pasted alone, as the function's configuration, and a sentence about a function's failure as prose", () => {
    // SYNTHETIC: Lambda's messages for ENILimitReached, SubnetIPAddressLimitReached and a KMS exception,
    // each quoted without the body header it sits under in a trail (real: Miserlou/Zappa#305, in
    // test/fixtures/real-lines.json).
    for (const message of [
      'Lambda was not able to create an ENI in the VPC of the Lambda function because the limit for Network Interfaces has been reached.',
      'Lambda was not able to set up VPC access for the Lambda function because one or more configured subnets has no available IP addresses.',
      "Lambda was unable to decrypt the environment variables because the KMS key used is disabled. Please check the function's KMS key settings.",
    ]) {
      const analysis = analyze([fileBatch([message])]);
      assert.equal(analysis.stats.unparsed, 0, message);
      assert.deepEqual(
        analysis.failures.map((f) => f.cause),
        ['server.configuration'],
        message,
      );
    }
    for (const prose of [
      'Lambda was unable to connect to the database after the security group change',
      'Lambda was not able to reach the internet without a NAT gateway',
      'Lambda was unable to decrypt the environment variables after I rotated the key, what now?',
      'Lambda was not able to create an ENI, is that a quota?',
    ])
      assert.ok(!isKnownExecutionMessage(prose), prose);
  });

  it("reads a REST API's integration error quoted alone, as pages quote an HTTP API's, as the function error it names", () => {
    // SYNTHETIC values in the wording of $context.integration.error (DataBiosphere/azul#7466 quotes a real one).
    for (const [value, cause] of [
      [
        'Lambda Customer Function Error:Response payload size exceeded maximum allowed payload size (6291556 bytes).',
        'server.function-error',
      ],
      ["Lambda Customer Function Error:'DATABASE_URL'", 'server.function-error'],
      ['The Lambda function returned the following error: boom', 'server.function-error'],
    ] as const) {
      const batch = fileBatch([value]);
      assert.deepEqual(causes(batch), [cause], value);
      assert.deepEqual(analyze([batch]).stats.unparsed, 0, value);
    }
    for (const prose of [
      'Lambda Customer Function Error means the handler threw',
      'Lambda Customer Function Error: what does it mean?',
    ])
      assert.ok(!isKnownExecutionMessage(prose), prose);
  });

  it("leaves a response body's or a template's `message` key alone unless a log line follows it", () => {
    // A success trail pasted with its pretty-printed body: one request, its body whole.
    const trail = fileBatch([
      `(${ID}) Endpoint response body before transformations: {`,
      '  "message": "Unauthorized",',
      '  "code": 401',
      '}',
      `(${ID}) Method completed with status: 200`,
    ]);
    assert.deepEqual(causes(trail), []);
    assert.deepEqual(
      parseBatch(trail).execution.map((l) => l.message),
      [
        'Endpoint response body before transformations: {\n  "message": "Unauthorized",\n  "code": 401\n}',
        'Method completed with status: 200',
      ],
    );
    // A SAM template's gateway response, a JavaScript object printed by console.log, a test's expectation.
    for (const lines of [
      ['GatewayResponses:', '  UNAUTHORIZED:', '    StatusCode: 401', '    message: Unauthorized'],
      ['{', "  message: 'Forbidden',", '  statusCode: 403', '}'],
      ['expected body:', '"message": "Endpoint request timed out"'],
      ['msg: Too Many Requests'],
    ]) {
      const analysis = analyze([fileBatch(lines)]);
      assert.deepEqual(
        analysis.failures.map((f) => f.cause),
        [],
        lines.join(' / '),
      );
      assert.equal(analysis.stats.executionLines, 0, lines.join(' / '));
    }
    // A log event written out as an object still gives its line.
    assert.deepEqual(
      parseBatch(fileBatch([`  message: "(${ID}) Method completed with status: 502",`])).execution.map(
        (l) => l.message,
      ),
      ['Method completed with status: 502'],
    );
  });

  it('reads an access line whose first fields look like paste marks as that access line, in a delivery and in a file', () => {
    // Custom text formats: CLF with the caller and user first, key-value with the error message first.
    const lines = [
      `- - 10.0.0.1 [25/Nov/2026:10:15:30 +0000] "GET /pets HTTP/1.1" 502 36 ${ID}`,
      `message: Forbidden, requestId: ${ID}, status: 403, httpMethod: GET, resourcePath: /pets`,
      `msg: Unauthorized, requestId: ${ID}, status: 401, httpMethod: GET, resourcePath: /pets`,
    ];
    for (const batch of [accessBatch(lines), fileBatch(lines)]) {
      const parsed = parseBatch(batch);
      assert.deepEqual(
        parsed.access.map((r) => [r.status, r.errorMessage]),
        [
          [502, undefined],
          [403, 'Forbidden'],
          [401, undefined],
        ],
      );
      assert.equal(parsed.execution.length, 0);
      assert.equal(parsed.unparsed.length, 0);
    }
    // The same lines as list items read as they do alone.
    const listed = parseBatch(fileBatch(lines.map((line) => `- ${line}`)));
    assert.deepEqual(
      listed.access.map((r) => r.status),
      [502, 403, 401],
    );
  });

  it("takes off a quote a page opened on one line and closed on another, and keeps a line's balanced or stored quotes", () => {
    // In the shape of AWS's Knowledge Center page on 500s with VPC links (see real-lines.json).
    const parsed = parseBatch(
      fileBatch([
        `"Thu May 04 19:50:21 UTC 2024 : Starting execution for request: ${ID}`,
        "Thu May 04 19:50:21 UTC 2024 : Execution failed due to configuration error: Host name 'a.example' does not match the certificate subject provided by the peer (CN=b.example)",
        'Thu May 04 19:50:21 UTC 2024 : Method completed with status: 500".',
        `(${ID}) Endpoint response body before transformations: {"message":"cut short`,
        `(${ID}) Method request body before transformations: "quoted"`,
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => l.message),
      [
        `Starting execution for request: ${ID}`,
        "Execution failed due to configuration error: Host name 'a.example' does not match the certificate subject provided by the peer (CN=b.example)",
        'Method completed with status: 500',
        'Endpoint response body before transformations: {"message":"cut short',
        'Method request body before transformations: "quoted"',
      ],
    );
    // A quote opening prose stays with the prose: nothing reads as a log line without it.
    assert.equal(parseBatch(fileBatch(['"so it goes'])).unparsed.length, 1);
  });

  it('keeps the last quote of an access line whose field holds a quote: it is no page quote', () => {
    // API Gateway writes $context.identity.userAgent (or an error message) into CLF unescaped: a user
    // agent `foo"bar` appended after the request id leaves an odd number of quotes, the line's last
    // one closing that field. (SYNTHETIC. With `"-"` in the id's place it would be a web server's line.)
    const line = `10.0.0.1 - - [04/May/2023:10:00:00 +0000] "GET /pets HTTP/1.1" 500 12 ${ID} "foo"bar"`;
    const parsed = parseBatch(accessBatch([line]));
    assert.equal(parsed.access.length, 1);
    assert.equal(parsed.access[0]?.errorMessage, 'foo"bar');
    assert.equal(parsed.access[0]?.integrationError, undefined);
  });

  it('keeps the quote of a JSON or YAML string that goes on to the next line: its escapes are no page text', () => {
    // `aws apigateway test-invoke-method --output yaml` folds its `log` string, `\n` escapes and all;
    // pasted as a list item its first line once named the request `<id>\nTue`.
    const lines = [
      `- log: "Execution log for request ${ID}\\nTue Oct 12`,
      `"Tue Oct 12 22:09:55 UTC 2021 : Starting execution for request: ${ID}\\nTue`,
    ];
    const parsed = parseBatch(fileBatch(lines));
    assert.deepEqual(parsed.execution, []);
    assert.deepEqual(
      parsed.unparsed.map((u) => u.sample),
      lines,
    );
  });

  // SYNTHETIC, in the shapes of AWS Knowledge Center editions that quote a log of several lines in their
  // language's quotes (the Spanish and German editions are in real-lines.json).
  const TYPOGRAPHIC_SPANS: readonly {
    readonly name: string;
    readonly open: string;
    readonly close: string;
  }[] = [
    { name: 'Spanish guillemets with the sentence stop after them', open: '«', close: '».' },
    { name: 'French guillemets with spaces inside', open: '« ', close: ' »' },
    { name: 'German low-high quotes', open: '„', close: '“' },
    { name: 'English curly quotes', open: '“', close: '”.' },
    { name: 'Japanese corner brackets with the full stop after them', open: '「', close: '」。' },
  ];
  for (const { name, open, close } of TYPOGRAPHIC_SPANS) {
    it(`takes off ${name} a page opened on one line and closed on another`, () => {
      const parsed = parseBatch(
        fileBatch([
          `${open}Sending request to https://lambda.example/2015-03-31/functions/f/invocations`,
          'Execution failed due to configuration error: Invalid permissions on Lambda function',
          `Method completed with status: 500${close}`,
        ]),
      );
      assert.deepEqual(parsed.unparsed, []);
      assert.deepEqual(
        parsed.execution.map((l) => l.message),
        [
          'Sending request to https://lambda.example/2015-03-31/functions/f/invocations',
          'Execution failed due to configuration error: Invalid permissions on Lambda function',
          'Method completed with status: 500',
        ],
      );
    });
  }

  it('keeps a typographic quote whose partner is on the same line, and prose behind an unpaired one', () => {
    const parsed = parseBatch(
      fileBatch([
        '“Execution failed due to configuration error: Invalid permissions on Lambda function” appears.',
        '«so it goes',
        'and so on»',
      ]),
    );
    assert.deepEqual(parsed.execution, []);
    assert.equal(parsed.unparsed.length, 3);
  });

  it('takes off a Markdown code span a page opened on one line and closed on the next', () => {
    // The shape of amazon-archives/aws-apigateway-importer#170 (see real-lines.json).
    const parsed = parseBatch(
      fileBatch([
        '`Tue Feb 16 22:34:16 UTC 2016 : Execution failed due to configuration error: Invalid permissions on Lambda function',
        'Tue Feb 16 22:34:16 UTC 2016 : Method completed with status: 500`',
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => l.message),
      [
        'Execution failed due to configuration error: Invalid permissions on Lambda function',
        'Method completed with status: 500',
      ],
    );
  });

  it('reads a line behind a time of day alone, as the old CloudWatch console copied its time column, and dates nothing by it', () => {
    // The shape of WizardFactory/TodayWeather#2033 (see real-lines.json); prose after a time stays prose.
    const parsed = parseBatch(
      fileBatch([
        `17:04:28 (${ID}) Execution failed due to configuration error: Malformed Lambda proxy response`,
        '17:04:28.123 Method completed with status: 502',
        '17:04 is when it broke',
      ]),
    );
    assert.deepEqual(
      parsed.execution.map((l) => [
        l.requestId?.startsWith('no-id') ? 'no-id' : l.requestId,
        l.message,
        Boolean(l.timeMs),
      ]),
      [
        [ID, 'Execution failed due to configuration error: Malformed Lambda proxy response', false],
        ['no-id', 'Method completed with status: 502', false],
      ],
    );
    assert.deepEqual(
      parsed.unparsed.map((u) => u.sample),
      ['17:04 is when it broke'],
    );
  });

  it('does not throw on a line of millions of paste marks', () => {
    for (const mark of ['- ', '* ', '1. ', '# ', '> ', ' -']) {
      const line = mark.repeat(Math.ceil(8_000_000 / mark.length));
      const parsed = parseBatch(fileBatch([line, `(${ID}) Method completed with status: 200`]));
      assert.equal(parsed.unparsed.length, 1, JSON.stringify(mark));
      assert.equal(parsed.execution.length, 1, JSON.stringify(mark));
    }
  });
});
