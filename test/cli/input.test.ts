import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { exportedTime } from '../../cli/exported-rows';
import { bytesToText, INPUT_KIND, InputError, parseInput, readLimited } from '../../cli/input';
import { analyze } from '../../lambda/core/pipeline';
import { outputWithinLimit } from '../support/time-limit';

/** A SYNTHETIC access line, pretty-printed as issues paste them. */
const PRETTY_WAF_ACCESS_LINE = [
  '{',
  '    "requestId": "r-1",',
  '    "status": "403",',
  '    "error.responseType": "WAF_FILTERED"',
  '}',
];

// Synthetic lines in the real shapes of /work/shared/corpus S06-01.log (execution) and S02-01.log (access).
const EXECUTION_LINE = '(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Method completed with status: 502';
const ID_A = '8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d';
const ID_B = '9a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d';
const ACCESS_LINE =
  '{"requestId": "synthetic-1", "status": "403", "error_responseType": "MISSING_AUTHENTICATION_TOKEN", "error_message": "Missing Authentication Token"}';

const PAYLOAD = {
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod',
  logStream: 'stream-1',
  subscriptionFilters: ['apigw-errors'],
  logEvents: [
    { id: 'e1', timestamp: 1_700_000_000_000, message: EXECUTION_LINE },
    { id: 'e2', timestamp: 1_700_000_000_001, message: ACCESS_LINE },
  ],
};

/** A subscription Lambda event exactly as CloudWatch Logs delivers it: base64 of gzip of the payload. */
function lambdaEvent(payload: unknown): string {
  return JSON.stringify({ awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } });
}

const FILTER_OUTPUT = {
  events: [
    { logStreamName: 's1', timestamp: 1, message: EXECUTION_LINE, ingestionTime: 2, eventId: 'a' },
    { logStreamName: 's2', timestamp: 3, message: ACCESS_LINE, ingestionTime: 4, eventId: 'b' },
    { logStreamName: 's1', timestamp: 5, message: `${EXECUTION_LINE} again`, ingestionTime: 6, eventId: 'c' },
  ],
  searchedLogStreams: [],
};

/** `aws logs get-query-results` output: newest first, as Logs Insights sorts by default. SYNTHETIC rows. */
const QUERY_RESULTS = {
  results: [
    [
      { field: '@timestamp', value: '2026-11-25 10:15:31.000' },
      { field: '@message', value: `${EXECUTION_LINE} again` },
      { field: '@log', value: '123456789012:API-Gateway-Execution-Logs_abc123defg/prod' },
      { field: '@ptr', value: 'CmAKJwoj' },
    ],
    [
      { field: '@timestamp', value: '2026-11-25 10:15:30.000' },
      { field: '@message', value: EXECUTION_LINE },
      { field: '@log', value: '123456789012:API-Gateway-Execution-Logs_abc123defg/prod' },
      { field: '@ptr', value: 'CmAKJwoi' },
    ],
  ],
  statistics: { recordsMatched: 2, recordsScanned: 40, bytesScanned: 8000 },
  status: 'Complete',
};

/**
 * The CloudWatch console's "Download search results (CSV)" of a log stream: REAL lines from
 * https://github.com/brefphp/bref/issues/534 (comment by gerdzhikov; the first five rows as posted).
 */
const CONSOLE_CSV = [
  'timestamp,message',
  '1579627365972,(d0a6c3bf-f5ee-4153-be2d-493031a7c885) Extended Request Id: GqT38H-FFiAFhLQ=',
  '1579627365975,(d0a6c3bf-f5ee-4153-be2d-493031a7c885) Verifying Usage Plan for request: d0a6c3bf-f5ee-4153-be2d-493031a7c885. API Key: **********************************BeFFOj API Stage: **********/int',
  '1579627365978,(d0a6c3bf-f5ee-4153-be2d-493031a7c885) Usage Plan check succeeded for API Key **********************************BeFFOj and API Stage **********/int',
  '1579627365978,(d0a6c3bf-f5ee-4153-be2d-493031a7c885) Starting execution for request: d0a6c3bf-f5ee-4153-be2d-493031a7c885',
  '1579627365978,"(d0a6c3bf-f5ee-4153-be2d-493031a7c885) HTTP Method: PUT, Resource Path: /int/booking/api-invoker"',
].join('\n');

describe('input detection', () => {
  const cases: { name: string; text: string; kind: string; batches: number; messages: string[] }[] = [
    {
      name: 'mixed raw access and execution lines are one raw-text batch, one event per line',
      text: `${EXECUTION_LINE}\n${ACCESS_LINE}\n`,
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [EXECUTION_LINE, ACCESS_LINE],
    },
    {
      name: 'a one-line JSON access log is raw text, not mistaken for a payload',
      text: `${ACCESS_LINE}\n`,
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [ACCESS_LINE],
    },
    {
      name: 'multi-line bodies keep each physical line as its own event, CRLF trimmed, empty lines skipped',
      text: '(id1) Endpoint response body before transformations:\r\n{\r\n    "message": "Rate Exceeded."\r\n}\r\n\r\n(id1) Method completed with status: 502\r\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [
        '(id1) Endpoint response body before transformations:',
        '{',
        '    "message": "Rate Exceeded."',
        '}',
        '(id1) Method completed with status: 502',
      ],
    },
    {
      name: 'a gzip+base64 subscription Lambda event is decoded',
      text: lambdaEvent(PAYLOAD),
      kind: INPUT_KIND.lambdaEvent,
      batches: 1,
      messages: [EXECUTION_LINE, ACCESS_LINE],
    },
    {
      name: 'a decoded subscription payload is read as is',
      text: JSON.stringify(PAYLOAD, null, 2),
      kind: INPUT_KIND.payload,
      batches: 1,
      messages: [EXECUTION_LINE, ACCESS_LINE],
    },
    {
      name: 'filter-log-events output becomes one batch per log stream',
      text: JSON.stringify(FILTER_OUTPUT, null, 4),
      kind: INPUT_KIND.filterLogEvents,
      batches: 2,
      messages: [EXECUTION_LINE, `${EXECUTION_LINE} again`, ACCESS_LINE],
    },
    {
      name: 'get-log-events output (no stream or id per event) becomes one batch',
      text: JSON.stringify({
        events: [
          { timestamp: 1, message: EXECUTION_LINE, ingestionTime: 2 },
          { timestamp: 3, message: ACCESS_LINE, ingestionTime: 4 },
        ],
        nextForwardToken: 'f/1',
        nextBackwardToken: 'b/1',
      }),
      kind: INPUT_KIND.filterLogEvents,
      batches: 1,
      messages: [EXECUTION_LINE, ACCESS_LINE],
    },
    {
      name: 'JSON Lines of Lambda events and payloads become one batch each',
      text: `${lambdaEvent(PAYLOAD)}\n${JSON.stringify(PAYLOAD)}\n`,
      kind: INPUT_KIND.jsonLines,
      batches: 2,
      messages: [EXECUTION_LINE, ACCESS_LINE, EXECUTION_LINE, ACCESS_LINE],
    },
    {
      name: 'Logs Insights results from get-query-results become events oldest first',
      text: JSON.stringify(QUERY_RESULTS, null, 4),
      kind: INPUT_KIND.queryResults,
      batches: 1,
      messages: [EXECUTION_LINE, `${EXECUTION_LINE} again`],
    },
    {
      name: "the console's CSV download becomes one event per row, quoted commas kept in the message",
      text: `${CONSOLE_CSV}\n`,
      kind: INPUT_KIND.exportedCsv,
      batches: 1,
      messages: CONSOLE_CSV.split('\n')
        .slice(1)
        .map((row) => row.slice(row.indexOf(',') + 1).replace(/^"|"$/g, '')),
    },
    {
      name: "one log event object per line (jq -c '.logEvents[]') is unwrapped to its message",
      text: `${JSON.stringify({ id: 'e1', timestamp: 1_700_000_000_000, message: ACCESS_LINE })}\n`,
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [ACCESS_LINE],
    },
    {
      name: 'a response body that only has a message key is a log line, not an event',
      text: '{"message":"Rate Exceeded."}\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: ['{"message":"Rate Exceeded."}'],
    },
    {
      name: 'a pretty-printed access-log object becomes the one line CloudWatch stores',
      text: '{\n  "requestId": "synthetic-2",\n  "status": "502",\n  "error": {\n    "responseType": "DEFAULT_5XX"\n  }\n}\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: ['{"requestId":"synthetic-2","status":"502","error":{"responseType":"DEFAULT_5XX"}}'],
    },
    {
      // Real, as published in aws-samples/sample-mcp-tool-adapter-for-dotnet:docs/agentcore-test.md
      // (commit 600281ad), section "2. The API Gateway access log": one access line wrapped after a comma.
      name: 'a one-line access object a document wrapped after a comma becomes one line again',
      text: '{"path":"/live/_mcp/tools/cancel_order","status":"403","sourceIp":"10.0.0.215",\n "vpcEndpointId":"vpce-0abc123def4567890","integrationStatus":"200","integrationError":"-"}\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [
        '{"path":"/live/_mcp/tools/cancel_order","status":"403","sourceIp":"10.0.0.215", "vpcEndpointId":"vpce-0abc123def4567890","integrationStatus":"200","integrationError":"-"}',
      ],
    },
    {
      name: 'a wrapped object after a line ending in ":" stays the lines of a response body (SYNTHETIC)',
      text: '(id1) Endpoint response body before transformations:\n{"status":"ok",\n "count":2}\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: ['(id1) Endpoint response body before transformations:', '{"status":"ok",', ' "count":2}'],
    },
    {
      name: 'wrapped lines that join into no access line stay as they are (SYNTHETIC)',
      text: '{"orderId":"o-1",\n "total":2}\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: ['{"orderId":"o-1",', ' "total":2}'],
    },
    {
      // Real rows of a Logs Insights result pasted as a table without its header (a Japanese post on
      // querying a SAM HelloWorld REST API's access log, 13 Feb 2021; addresses masked by its author).
      name: 'a one-cell table row holding an access object is read as that object',
      text: '|{ "requestId":"8d2f5138-019f-449c-bde7-432ff3cb49a1", "ip": "103.4.xxx.xxx", "caller":"-", "user":"-","requestTime":"13/Feb/2021:07:45:36 +0000", "httpMethod":"GET","resourcePath":"/hello", "status":"200","protocol":"HTTP/1.1", "responseLength":"26" }|\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [
        '{ "requestId":"8d2f5138-019f-449c-bde7-432ff3cb49a1", "ip": "103.4.xxx.xxx", "caller":"-", "user":"-","requestTime":"13/Feb/2021:07:45:36 +0000", "httpMethod":"GET","resourcePath":"/hello", "status":"200","protocol":"HTTP/1.1", "responseLength":"26" }',
      ],
    },
    {
      // Real row of the CloudWatch console's log events table as a course notebook quotes it (AWS
      // Cloud Institute 'Regular Expressions Examples', index file id 19409618990): the event's time
      // in epoch milliseconds, the access line, the log stream, and no closing bar.
      name: 'a console events row (time, object, log stream) is read as its object',
      text: '| 1713481524320 | { "requestId":"cd09a709-7933-4803-b886-bcd8a12e14d7", "ip": "89.248.171.23", "caller":"-", "user":"-","requestTime":"18/Apr/2024:23:05:24 +0000", "httpMethod":"GET","resourcePath":"/moviesummary", "status":"200","protocol":"HTTP/1.1", "responseLength":"4478" }     | 8cdc959f069244cb30b8ad47bce0771d\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [
        '{ "requestId":"cd09a709-7933-4803-b886-bcd8a12e14d7", "ip": "89.248.171.23", "caller":"-", "user":"-","requestTime":"18/Apr/2024:23:05:24 +0000", "httpMethod":"GET","resourcePath":"/moviesummary", "status":"200","protocol":"HTTP/1.1", "responseLength":"4478" }',
      ],
    },
    {
      // SYNTHETIC, in the shape of a stored copy of the Dynatrace docs (test/fixtures/real-successes.json).
      name: 'a pretty-printed object with blank lines between its keys becomes one line too',
      text: '{\n\n\n"requestId": "synthetic-3",\n\n\n"status": "504"\n\n\n}\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: ['{"requestId":"synthetic-3","status":"504"}'],
    },
    {
      // Real, as printed in a Python test of the webbpulse e2e suite (index file id 69509983792,
      // authorizer_refusal(): "parsed from a CarModPicker staging entry"): a dict literal whose last
      // member keeps its comma. Its request id is the test author's, so it is no fixture.
      name: 'a pretty-printed access object with a trailing comma before its closing brace becomes one line',
      text: [
        '            {',
        '                "requestId": "req-refused",',
        '                "routeKey": "GET /api/issues",',
        '                "path": "/api/issues",',
        '                "httpMethod": "GET",',
        '                "status": "403",',
        '                "integrationStatus": "-",',
        '                "integrationLatency": "-",',
        '                "authorizerError": "Forbidden",',
        '                "errorMessage": "Forbidden",',
        '                "errorType": "ACCESS_DENIED",',
        '                "integrationErrorMessage": "-",',
        '            }',
      ].join('\n'),
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [
        '{"requestId":"req-refused","routeKey":"GET /api/issues","path":"/api/issues","httpMethod":"GET","status":"403","integrationStatus":"-","integrationLatency":"-","authorizerError":"Forbidden","errorMessage":"Forbidden","errorType":"ACCESS_DENIED","integrationErrorMessage":"-"}',
      ],
    },
    {
      name: 'trailing commas in nested objects and arrays are dropped, a comma before a brace inside a string kept (SYNTHETIC)',
      text: '{\n  "status": "502",\n  "errorMessage": "a ,}",\n  "error": {"responseType": "DEFAULT_5XX",},\n  "tags": ["a", "b",],\n}\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [
        '{"status":"502","errorMessage":"a ,}","error":{"responseType":"DEFAULT_5XX"},"tags":["a","b"]}',
      ],
    },
    {
      // Real, as the French edition of AWS's Knowledge Center page on finding REST API errors in
      // CloudWatch Logs prints it (see real-lines.json): the page wrapped one value over two lines.
      name: 'a pretty-printed access object whose page wrapped a string value over two lines becomes one line, the break a space',
      text: [
        '{',
        '"requestId": "17cb49b2-c061-11e9-bc30-f118c8b08d5f",',
        '"status": "403",',
        '"message": "Missing Authentication',
        'Token",',
        '"protocol": "HTTP/1.1"',
        '}',
      ].join('\n'),
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [
        '{"requestId":"17cb49b2-c061-11e9-bc30-f118c8b08d5f","status":"403","message":"Missing Authentication Token","protocol":"HTTP/1.1"}',
      ],
    },
    {
      name: 'a line break between members, or after an escaped quote, is no break inside a string (SYNTHETIC)',
      text: '{\n  "status": "502",\n  "errorMessage": "say \\"hi\\"\n    there",\n  "x": "a"\n}\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: ['{"status":"502","errorMessage":"say \\"hi\\" there","x":"a"}'],
    },
    {
      // A format that quotes $context.error.messageString, which is already quoted, logs
      // `"messageString":""Forbidden""`: no strict JSON, pretty-printed or not.
      name: 'a pretty-printed access object whose format quoted the already quoted messageString becomes one line, its quotes single (SYNTHETIC)',
      text: [
        '{',
        '  "status": "403",',
        '  "messageString": ""Forbidden"",',
        '  "error": {',
        '    "message": "Forbidden",',
        '    "messageString": ""Forbidden""',
        '  }',
        '}',
      ].join('\n'),
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [
        '{"status":"403","messageString":"Forbidden","error":{"message":"Forbidden","messageString":"Forbidden"}}',
      ],
    },
    {
      name: 'an object indented under a list item or quoted under a sentence ending in a colon is read as one line (SYNTHETIC)',
      text: [
        '1. The failing request looks like this:',
        '    ```',
        '    {',
        '        "status": "502",',
        '        "error": {',
        '            "responseType": "DEFAULT_5XX"',
        '        }',
        '    }',
        '    ```',
        '> It logged:',
        '> {',
        '>     "status": "403",',
        '>',
        '>     "errorMessage": "Missing Authentication Token"',
        '> }',
      ].join('\n'),
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [
        '1. The failing request looks like this:',
        '    ```',
        '{"status":"502","error":{"responseType":"DEFAULT_5XX"}}',
        '    ```',
        '> It logged:',
        '{"status":"403","errorMessage":"Missing Authentication Token"}',
      ],
    },
    {
      name: 'an indented object is read when one opened above it under the same indent was cut off by other text (SYNTHETIC)',
      text: [
        '1. The request body was cut off:',
        '   {',
        '   "user": "a",',
        '2. The access log line:',
        '   {',
        '     "status": "502",',
        '     "error": {"responseType": "DEFAULT_5XX"}',
        '   }',
      ].join('\n'),
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [
        '1. The request body was cut off:',
        '   {',
        '   "user": "a",',
        '2. The access log line:',
        '{"status":"502","error":{"responseType":"DEFAULT_5XX"}}',
      ],
    },
    {
      name: "an indented object under a log line's body header, or whose lines leave its indent, stays line by line (SYNTHETIC)",
      text: [
        'Steps:',
        '    (8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6) Endpoint response body before transformations:',
        '    {',
        '      "status": 502',
        '    }',
        '  {',
        '"status": "502"',
        '  }',
      ].join('\n'),
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [
        'Steps:',
        '    (8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6) Endpoint response body before transformations:',
        '    {',
        '      "status": 502',
        '    }',
        '  {',
        '"status": "502"',
        '  }',
      ],
    },
    {
      // Real, as published in pwrdrvr/microapps-core:README.md (commit 7d672993), section "CloudFront
      // Requests to API Gateway are Rejected with 403 Forbidden": one member of the JSON access line.
      name: 'one member of a JSON access line, published without its braces, is read as that access line',
      text: '"authorizerError": "The request for the IAM Authorizer doesn\'t match the format that API Gateway expects."\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [
        '{"authorizerError":"The request for the IAM Authorizer doesn\'t match the format that API Gateway expects."}',
      ],
    },
    {
      name: 'members whose keys or string values stand in typographic quotes are read as one access line in JSON quotes (SYNTHETIC)',
      text: '“status”: “502”,\n“integrationErrorMessage”: "Connection refused"\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: ['{"status":"502","integrationErrorMessage":"Connection refused"}'],
    },
    {
      name: 'a member whose typographic value has a space before its comma is read as with straight quotes (SYNTHETIC)',
      text: '“status”: “502” ,\n“integrationErrorMessage”: “Connection refused”\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: ['{"status":"502","integrationErrorMessage":"Connection refused"}'],
    },
    {
      name: "a member a page ends with its sentence's period after the closing quote is read without the period (SYNTHETIC)",
      text: '“integrationErrorMessage”: “Connection refused”.\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: ['{"integrationErrorMessage":"Connection refused"}'],
    },
    {
      name: "a run of members whose last one ends in the sentence's period is one access line (SYNTHETIC)",
      text: '"status": "502",\n"integrationErrorMessage": "Connection refused".\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: ['{"status":"502","integrationErrorMessage":"Connection refused"}'],
    },
    {
      name: 'typographic quotes inside a straight-quoted member value are kept as its text (SYNTHETIC)',
      text: '"integrationErrorMessage": "Invalid “q” value"\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: ['{"integrationErrorMessage":"Invalid “q” value"}'],
    },
    {
      name: 'a run of access-log members without braces, commas after them or not, is one access line (SYNTHETIC)',
      text: '  "status": "502",\n  "integrationStatus": 200,\n  "integrationErrorMessage": "Connection refused"\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: ['{"status":"502","integrationStatus":200,"integrationErrorMessage":"Connection refused"}'],
    },
    {
      name: 'members without an access-log field, or under a body that opened above them, stay as they are (SYNTHETIC)',
      text: '"message": "Invalid request body"\n(id1) Endpoint response body before transformations:\n"status": 502\n(id1) Method response body after transformations: {\n"status": 502,\n"reason": "x"\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: [
        '"message": "Invalid request body"',
        '(id1) Endpoint response body before transformations:',
        '"status": 502',
        '(id1) Method response body after transformations: {',
        '"status": 502,',
        '"reason": "x"',
      ],
    },
    {
      name: 'members closed by a brace below them are the tail of an object, not an access line of their own (SYNTHETIC)',
      text: '(id1) Method response body after transformations: {"a": 1,\n\n"status": 502\n}\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: ['(id1) Method response body after transformations: {"a": 1,', '"status": 502', '}'],
    },
    {
      name: "the JSON array `--query 'events[].message'` prints is one event per message, escapes read",
      text: '[\n    "(id1) Endpoint response body before transformations: {\\"errorType\\":\\"TypeError\\"}",\n    "(id1) Method completed with status: 502"\n]\n',
      kind: INPUT_KIND.messageArray,
      batches: 1,
      messages: [
        '(id1) Endpoint response body before transformations: {"errorType":"TypeError"}',
        '(id1) Method completed with status: 502',
      ],
    },
    {
      name: 'test-invoke-method output becomes the lines of its execution log',
      text: JSON.stringify(
        {
          status: 500,
          body: '{"message": "Internal server error"}',
          headers: {},
          log: 'Execution log for request test-request\nWed Nov 25 10:15:30 UTC 2026 : Method completed with status: 500\n',
          latency: 39,
        },
        null,
        4,
      ),
      kind: INPUT_KIND.testInvoke,
      batches: 1,
      messages: [
        'Execution log for request test-request',
        'Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 500',
      ],
    },
    {
      name: 'test-invoke-authorizer output too, its status the final line its log lacks',
      text: JSON.stringify({
        clientStatus: 500,
        log: 'Execution log for request test-request\nWed Nov 25 10:15:30 UTC 2026 : Execution failed due to configuration error: Authorizer error',
        latency: 12,
      }),
      kind: INPUT_KIND.testInvoke,
      batches: 1,
      messages: [
        'Execution log for request test-request',
        'Wed Nov 25 10:15:30 UTC 2026 : Execution failed due to configuration error: Authorizer error',
        'Method completed with status: 500',
      ],
    },
    {
      name: 'garbage text is still raw text',
      text: '\u0000\u0001 not a log line at all\n',
      kind: INPUT_KIND.rawText,
      batches: 1,
      messages: ['\u0000\u0001 not a log line at all'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const parsed = parseInput(c.text, 'input.log');
      assert.equal(parsed.kind, c.kind);
      assert.equal(parsed.batches.length, c.batches);
      assert.deepEqual(
        parsed.batches.flatMap((b) => b.events.map((e) => e.message)),
        c.messages,
      );
    });
  }

  it('keeps the log group and stream of a subscription event and names the source', () => {
    const [batch] = parseInput(lambdaEvent(PAYLOAD), 'delivery.json').batches;
    assert.deepEqual(batch?.source, {
      logGroup: PAYLOAD.logGroup,
      logStream: 'stream-1',
      name: 'delivery.json',
    });
    assert.deepEqual(
      batch?.events.map((e) => [e.id, e.timestamp]),
      [
        ['e1', 1_700_000_000_000],
        ['e2', 1_700_000_000_001],
      ],
    );
  });

  it('leaves the log group of filter-log-events output unknown, since that output does not carry it', () => {
    const batches = parseInput(JSON.stringify(FILTER_OUTPUT), '-').batches;
    assert.deepEqual(
      batches.map((b) => b.source),
      [
        { logStream: 's1', name: '-' },
        { logStream: 's2', name: '-' },
      ],
    );
  });

  it("reads a log pipeline test file's events, taking each event's log group and stream from its dotted keys", () => {
    // SYNTHETIC events in the shape of Elastic's Firehose pipeline tests (elastic/integrations
    // packages/awsfirehose/.../test-apigateway-log.json; the real file is in real-lines.json).
    const record = (group: string, stream: string, message: string) => ({
      'aws.cloudwatch.log_group': group,
      'aws.cloudwatch.log_stream': stream,
      '@timestamp': '2026-11-25T10:00:00Z',
      message,
    });
    const batches = parseInput(
      JSON.stringify(
        {
          events: [
            record('aws/api-gateway/http', 'a', ACCESS_LINE),
            record('API-Gateway-Execution-Logs_abc123/prod', 'b', EXECUTION_LINE),
            record('aws/api-gateway/http', 'a', ACCESS_LINE),
          ],
        },
        null,
        2,
      ),
      'test.json',
    ).batches;
    assert.deepEqual(
      batches.map((b) => [b.source, b.events.length]),
      [
        [{ logGroup: 'aws/api-gateway/http', logStream: 'a', name: 'test.json' }, 2],
        [{ logGroup: 'API-Gateway-Execution-Logs_abc123/prod', logStream: 'b', name: 'test.json' }, 1],
      ],
    );
  });

  it("reads no `events` array of records a log event would not be as log events: an app's own events stay one JSON document", () => {
    // SYNTHETIC documents: `aws ecs describe-services --query 'services[0]'` (its deployment events
    // carry id, createdAt and message), and a Lambda test event of application messages.
    const ecsService = JSON.stringify(
      {
        serviceName: 'web',
        status: 'ACTIVE',
        events: [
          {
            id: '5b1b4d1e-1111-4a4a-9c9c-0123456789ab',
            createdAt: '2024-05-01T09:55:00.000000+00:00',
            message: '{"status": 503, "message": "service unavailable"}',
          },
        ],
      },
      null,
      4,
    );
    const testEvent = JSON.stringify({ events: [{ message: '{"level":"error","status":500}' }] });
    for (const text of [ecsService, testEvent]) {
      const input = parseInput(text, 'doc.json');
      assert.equal(input.kind, INPUT_KIND.rawText);
      assert.deepEqual(analyze(input.batches).failures, []);
    }
  });

  it('reads log lines under a first line that is an app\'s own `{"events":[…]}` record as raw text, refusing nothing', () => {
    // SYNTHETIC: an application logged the batch it handled, then API Gateway lines follow.
    const text = `{"events":[{"message":"user signed in"}]}\n${EXECUTION_LINE}\n`;
    const input = parseInput(text, 'app.log');
    assert.equal(input.kind, INPUT_KIND.rawText);
    assert.equal(analyze(input.batches).failures.length, 1);
  });

  it('reads a pretty-printed object nested too deep to compact line by line, plain, with a trailing comma or commented out', () => {
    // SYNTHETIC hostile input: the object parses, but compacting it overflowed the stack, and the CLI
    // stopped with an internal error (exit 1) instead of reading the input.
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const plain = ['{', '"status": "502",', `"a": ${deep}`, '}'];
    for (const lines of [
      plain,
      ['{', '"status": "502",', `"a": ${deep},`, '}'],
      plain.map((line) => `#${line}`),
    ]) {
      const events = parseInput(lines.join('\n'), 'deep.txt').batches.flatMap((b) => b.events);
      assert.deepEqual(
        events.map((e) => e.message.slice(0, 20)),
        lines.map((line) => line.slice(0, 20)),
      );
    }
  });

  it('refuses a Lambda event whose data is not base64, naming the decode error', () => {
    assert.throws(
      () => parseInput(JSON.stringify({ awslogs: { data: '%%% not base64 %%%' } }), 'event.json'),
      (error: unknown) =>
        error instanceof InputError && /event\.json/.test(error.message) && /bad-base64/.test(error.message),
    );
  });

  it('reads a JSON Lines file whose later line is not an envelope as a document with text after it, naming the line', () => {
    // As a pretty-printed event followed by that line is read: its events, then the line as log text.
    const input = parseInput(`${lambdaEvent(PAYLOAD)}\n${ACCESS_LINE}\n`, 'mixed.jsonl');
    assert.equal(input.kind, INPUT_KIND.lambdaEvent);
    assert.deepEqual(input.notes, [
      'mixed.jsonl line 2 on follows the JSON document above; read as log text',
    ]);
    assert.deepEqual(
      input.batches.flatMap((b) => b.events.map((e) => e.message)),
      [...PAYLOAD.logEvents.map((e) => e.message), ACCESS_LINE],
    );
  });
});

describe('CloudWatch exports', () => {
  it('names each Logs Insights batch after its log group and dates events by @timestamp (UTC)', () => {
    const [batch] = parseInput(JSON.stringify(QUERY_RESULTS), 'results.json').batches;
    assert.deepEqual(batch?.source, {
      name: 'results.json',
      logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod',
    });
    assert.deepEqual(
      batch?.events.map((e) => e.timestamp),
      [Date.UTC(2026, 10, 25, 10, 15, 30), Date.UTC(2026, 10, 25, 10, 15, 31)],
    );
  });

  it('rebuilds an access line from the fields of a row queried without @message', () => {
    const results = {
      results: [
        [
          { field: '@timestamp', value: '2026-11-25 10:15:30.000' },
          { field: 'status', value: '502' },
          { field: 'integration.integrationStatus', value: '429' },
          { field: '@ptr', value: 'CmAKJwoh' },
        ],
      ],
      status: 'Complete',
    };
    const [event] = parseInput(JSON.stringify(results), 'fields.json').batches[0]?.events ?? [];
    assert.deepEqual(JSON.parse(event?.message ?? ''), {
      status: '502',
      'integration.integrationStatus': '429',
    });
  });

  it('refuses statistics rows, which each stand for many requests, and says what to query instead', () => {
    const stats = {
      results: [
        [
          { field: 'status', value: '502' },
          { field: 'count(*)', value: '37' },
        ],
      ],
      status: 'Complete',
    };
    assert.throws(
      () => parseInput(JSON.stringify(stats), 'stats.json'),
      (error: unknown) =>
        error instanceof InputError &&
        /row 1 holds statistics/.test(error.message) &&
        /fields @timestamp, @message/.test(error.hint),
    );
  });

  it('says once, in one sentence without nested brackets, that statistics rows stand for many requests', () => {
    const stats = { results: [[{ field: 'count(*)', value: '37' }]], status: 'Complete' };
    let line = '';
    try {
      parseInput(JSON.stringify(stats), 'stats.json');
    } catch (error) {
      if (error instanceof InputError) line = `${error.message} (${error.hint})`;
    }
    assert.equal(
      line,
      'stats.json: row 1 holds statistics, not log events: each row stands for many requests (query `fields @timestamp, @message, @log, @logStream` instead)',
    );
    assert.equal(line.match(/statistics/g)?.length, 1);
  });

  it('keeps a quoted multi-line message of an exported CSV as one event', () => {
    const csv =
      '"@timestamp","@message"\r\n"2026-11-25 10:15:30.000","(id1) Endpoint response body before transformations:\n{""message"": ""Rate Exceeded.""}"\r\n';
    const [batch] = parseInput(csv, 'insights.csv').batches;
    assert.deepEqual(
      batch?.events.map((e) => e.message),
      ['(id1) Endpoint response body before transformations:\n{"message": "Rate Exceeded."}'],
    );
  });

  it('reads an exported CSV whose header names end in spaces (a SYNTHETIC mutation) as the same CSV without them', () => {
    // Real lines of corpus S06-01 (sakazuki/lambda-ngrok-architecture:NOTES.md); the trailing
    // spaces after the header's names, as an editor or a copy from a page leaves them, are SYNTHETIC.
    const rows = [
      '"(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Execution failed due to configuration error: Malformed Lambda proxy response"',
      '"(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Method completed with status: 502"',
    ];
    const outcome = (header: string, times: readonly string[]) => {
      const csv = `${header}\n${rows.map((row, i) => `${times[i]},${row}`).join('\n')}\n`;
      const analysis = analyze(parseInput(csv, 'spaced.csv').batches);
      return {
        causes: analysis.failures.map((f) => [f.cause, f.clientStatus]),
        unparsed: analysis.stats.unparsed,
      };
    };
    const epoch = ['1532227680000', '1532227680001'];
    const insights = ['2018-07-22 02:48:00.000', '2018-07-22 02:48:00.001'];
    const console = outcome('timestamp,message', epoch);
    assert.deepEqual(console.causes, [['server.bad-response', 502]]);
    assert.deepEqual(outcome('timestamp,message ', epoch), console);
    assert.deepEqual(outcome('timestamp , message  ', epoch), console);
    assert.deepEqual(outcome('@timestamp,@message  ', insights), outcome('@timestamp,@message', insights));
    assert.deepEqual(
      outcome('"@timestamp" ,"@message" ', insights),
      outcome('@timestamp,@message', insights),
    );
  });

  it('refuses an exported CSV cut inside a quoted field, and one whose row has the wrong number of fields', () => {
    assert.throws(
      () => parseInput('timestamp,message\n1579627365972,"(id1) cut sho', 'cut.csv'),
      (error: unknown) => error instanceof InputError && /never closed/.test(error.message),
    );
    assert.throws(
      () => parseInput('timestamp,message\n1579627365972,(id1) a, b\n', 'wrong.csv'),
      (error: unknown) =>
        error instanceof InputError && /row 2 has 3 fields, the header 2/.test(error.message),
    );
  });
});

/**
 * Logs Insights results copied as Markdown, in the shape the console writes (its title, the query's
 * settings, `---`, then the table; seen pasted into GitHub issues such as DataBiosphere/azul#6284).
 * The rows are SYNTHETIC, in the real shapes of the corpus lines above.
 */
function insightsMarkdown(logGroups: string, header: string, rows: readonly string[]): string {
  return [
    '**CloudWatch Logs Insights**  ',
    'region: us-east-1  ',
    `log-group-names: ${logGroups}  `,
    'start-time: 2026-11-25T10:00:00.000Z  ',
    'end-time: 2026-11-25T11:00:00.000Z  ',
    'query-string:',
    '  ```',
    '  fields @timestamp, @message',
    '| sort @timestamp desc',
    '  ```',
    '---',
    header,
    `|${' --- |'.repeat(header.split(' | ').length)}`,
    ...rows,
  ].join('\n');
}

describe('filter-log-events and get-log-events printed with --output text', () => {
  // Synthetic rows in the AWS CLI's text format (awscli/text.py): the next token first, EVENTS rows
  // with the fields sorted by name, SEARCHEDLOGSTREAMS rows last.
  const ID = '11111111-1111-4111-8111-111111111111';
  const STREAM = 'abcdef0123456789abcdef0123456789';
  const EVENT_ID = '3'.repeat(56);

  it('reads each EVENTS row as one event of its stream, with its time and its whole message', () => {
    const text = [
      'eyJuZXh0VG9rZW4iOiJ4In0',
      `EVENTS\t${EVENT_ID}\t1764065730500\t${STREAM}\t(${ID}) Endpoint response body before transformations: {\t"errorMessage": "boom",`,
      '"errorType": "Error"}\t1764065730000',
      `EVENTS\t${EVENT_ID.replace(/3$/, '4')}\t1764065731500\t${STREAM}\t(${ID}) Method completed with status: 502\t1764065731000`,
      `SEARCHEDLOGSTREAMS\t${STREAM}\tTrue`,
    ].join('\n');
    const input = parseInput(text, 'events.txt');
    assert.equal(input.kind, INPUT_KIND.awsTextOutput);
    assert.deepEqual(
      input.batches.map((b) => ({
        source: b.source,
        events: b.events.map((e) => [e.id, e.timestamp, e.message]),
      })),
      [
        {
          source: { logStream: STREAM, name: 'events.txt' },
          events: [
            [
              EVENT_ID,
              1764065730000,
              `(${ID}) Endpoint response body before transformations: {\t"errorMessage": "boom",\n"errorType": "Error"}`,
            ],
            [EVENT_ID.replace(/3$/, '4'), 1764065731000, `(${ID}) Method completed with status: 502`],
          ],
        },
      ],
    );
    assert.equal(analyze(input.batches).failures[0]?.cause, 'server.function-error');
  });

  it("reads get-log-events' shorter rows, after the line of its two tokens", () => {
    const text = [
      'b/37000000000000000000000000000000000000000000000000000000\tf/37000000000000000000000000000000000000000000000000000001',
      'EVENTS\t1764065730500\t{"requestId":"r1","status":429,"error.responseType":"THROTTLED"}\t1764065730000',
    ].join('\n');
    const input = parseInput(text, 'stream.txt');
    assert.equal(input.kind, INPUT_KIND.awsTextOutput);
    assert.deepEqual(
      input.batches[0]?.events.map((e) => [e.timestamp, e.message]),
      [[1764065730000, '{"requestId":"r1","status":429,"error.responseType":"THROTTLED"}']],
    );
  });

  it('reads the NEXTTOKEN row --max-items prints last as no part of the last event', () => {
    // awscli/formatter.py prints a paginated command's resume token as {"NextToken": {"NextToken": …}},
    // which the text format writes as `NEXTTOKEN<TAB><token>` after the last page's rows.
    const text = [
      `EVENTS\t${EVENT_ID}\t1764065730500\t${STREAM}\t(${ID}) Method completed with status: 502\t1764065730000`,
      'NEXTTOKEN\teyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==',
    ].join('\n');
    const input = parseInput(text, 'max-items.txt');
    assert.equal(input.kind, INPUT_KIND.awsTextOutput);
    assert.deepEqual(
      input.batches[0]?.events.map((e) => [e.timestamp, e.message]),
      [[1764065730000, `(${ID}) Method completed with status: 502`]],
    );
  });

  it('reads rows that end in spaces after their timestamp (a SYNTHETIC terminal copy) as the rows without them', () => {
    // Real lines of corpus S06-01 (sakazuki/lambda-ngrok-architecture:NOTES.md). A console window's
    // copy pads each line with spaces to its width; those spaces, and the rows, are SYNTHETIC.
    const rows = [
      `EVENTS\t${EVENT_ID}\t1532227680500\t${STREAM}\t(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Execution failed due to configuration error: Malformed Lambda proxy response\t1532227680000`,
      `EVENTS\t${EVENT_ID.replace(/3$/, '4')}\t1532227680501\t${STREAM}\t(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Method completed with status: 502\t1532227680001`,
      `SEARCHEDLOGSTREAMS\t${STREAM}\tTrue`,
    ];
    const read = (text: string) => {
      const input = parseInput(text, 'copied.txt');
      return {
        kind: input.kind,
        events: input.batches.flatMap((b) => b.events.map((e) => [e.timestamp, e.message])),
        causes: analyze(input.batches).failures.map((f) => [f.cause, f.clientStatus]),
      };
    };
    const plain = read(['None', ...rows].join('\n'));
    assert.deepEqual(plain.causes, [['server.bad-response', 502]]);
    assert.deepEqual(read(['None   ', ...rows.map((row) => `${row}    `)].join('\n')), plain);
    assert.deepEqual(read(['None', ...rows.map((row) => `${row} \t `)].join('\r\n')), plain);
  });

  it('refuses a row that does not end in a timestamp (a --query changed the columns), naming it', () => {
    const text = `EVENTS\t1764065730500\tMethod completed with status: 502\t1764065730000\nEVENTS\t1764065731500\tno time here`;
    assert.throws(
      () => parseInput(text, 'cut.txt'),
      (error: unknown) =>
        error instanceof InputError && /EVENTS row 2 does not end in a timestamp/.test(error.message),
    );
  });

  it("splits the one line --query 'events[].message' --output text prints into its messages", () => {
    const executionLines = [
      `(${ID}) Execution failed due to configuration error: Malformed Lambda proxy response`,
      `(${ID}) Method completed with status: 502`,
    ];
    const accessLines = [
      '{"requestId":"r1","status":429,"error.responseType":"THROTTLED"}',
      '{"requestId":"r2","status":200}',
    ];
    const clfLines = [
      '203.0.113.7 - - [25/Nov/2026:12:01:00 +0000] "GET /pets HTTP/1.1" 502 36 11111111-1111-4111-8111-111111111111',
      '2001:db8::7 - - [25/Nov/2026:12:01:01 +0000] "GET /pets HTTP/1.1" 200 90 22222222-2222-4222-8222-222222222222',
    ];
    for (const lines of [executionLines, accessLines, clfLines]) {
      const [batch] = parseInput(lines.join('\t'), 'messages.txt').batches;
      assert.deepEqual(
        batch?.events.map((e) => e.message),
        lines,
      );
    }
  });

  it('keeps whole a CLF access line whose appended message holds a tab before an address', () => {
    // SYNTHETIC: the piece after the tab starts like a CLF line (an address, a space) but is none;
    // split there, the error message lost its end and the rest was reported as an unparsed line.
    const line =
      '203.0.113.7 - - [25/Nov/2026:12:01:00 +0000] "GET /pets HTTP/1.1" 504 36 11111111-1111-4111-8111-111111111111 "Network error communicating with endpoint\t10.0.0.8 port 443 refused"';
    const [batch] = parseInput(line, 'access.log').batches;
    assert.deepEqual(
      batch?.events.map((e) => e.message),
      [line],
    );
  });

  it("splits the messages after one with line breaks, which end that message's last line", () => {
    // Synthetic: the text format prints a message's line breaks as they are, so a multi-line body
    // ends on a line that goes on, after a tab, with the next messages.
    const OTHER = '22222222-2222-4222-8222-222222222222';
    const text = [
      `(${ID}) Starting execution for request: ${ID}\t(${ID}) Endpoint response body before transformations: {`,
      '  "errorMessage": "boom"',
      `}\t(${ID}) Method completed with status: 502\t(${OTHER}) Execution failed due to a timeout error\t(${OTHER}) Method completed with status: 504`,
    ].join('\n');
    const failures = analyze(parseInput(text, 'messages.txt').batches).failures;
    assert.deepEqual(
      failures.map((f) => [f.requestId, f.clientStatus]),
      [
        [ID, 502],
        [OTHER, 504],
      ],
    );
  });

  it('keeps a line whole when a tab is inside its message, not between log lines', () => {
    const line = `(${ID}) Endpoint response body before transformations: {"a":\t"b"}\tand more`;
    const [batch] = parseInput(line, 'body.txt').batches;
    assert.deepEqual(
      batch?.events.map((e) => e.message),
      [line],
    );
  });

  it('reads a row whose message holds a long run of blank lines in linear time', () => {
    // Synthetic: 200,000 line breaks inside one message. Taking a row's trailing line breaks off
    // with /\n+$/ retried the run from each of its breaks: about three minutes.
    const script = `
      const { parseInput } = require(${JSON.stringify(join(__dirname, '..', '..', 'cli', 'input.ts'))});
      const text = 'EVENTS\\t1764065730500\\t(id1) body:' + '\\n'.repeat(200000) + 'x\\t1764065730000\\n';
      console.log(parseInput(text, 'x').batches[0].events[0].message.length);`;
    assert.equal(outputWithinLimit(script, 'taking off trailing line breaks went quadratic'), '200012');
  });

  it('leaves a log line that merely starts with the word EVENTS to the raw-text reader', () => {
    const input = parseInput('EVENTS were dropped\n{"requestId":"r1","status":502}', 'notes.log');
    assert.equal(input.kind, INPUT_KIND.rawText);
  });
});

describe('Logs Insights tables copied as Markdown, ASCII or tab-separated text', () => {
  it('reads each row as an event of the one log group the title names, oldest first, and skips the title', () => {
    const text = insightsMarkdown('API-Gateway-Execution-Logs_abc123defg/prod', '| @timestamp | @message |', [
      `| 2026-11-25 10:15:31.000 | ${EXECUTION_LINE} again |`,
      `| 2026-11-25 10:15:30.000 | ${EXECUTION_LINE} |`,
    ]);
    const input = parseInput(text, 'copied.md');
    assert.equal(input.kind, INPUT_KIND.insightsTable);
    assert.deepEqual(input.batches, [
      {
        source: { name: 'copied.md', logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod' },
        events: [
          { id: 'copied.md#2', timestamp: Date.UTC(2026, 10, 25, 10, 15, 30), message: EXECUTION_LINE },
          {
            id: 'copied.md#1',
            timestamp: Date.UTC(2026, 10, 25, 10, 15, 31),
            message: `${EXECUTION_LINE} again`,
          },
        ],
      },
    ]);
  });

  it("takes each row's log group from @log when several are queried, so access and execution lines join", () => {
    const text = insightsMarkdown(
      'API-Gateway-Execution-Logs_abc123defg/prod, /aws/apigateway/example',
      '| @timestamp | @message | @log |',
      [
        `| 2026-11-25 10:15:30.000 | ${ACCESS_LINE.replace('synthetic-1', ID_A)} | 123456789012:/aws/apigateway/example |`,
        `| 2026-11-25 10:15:30.000 | (${ID_A}) Method completed with status: 403 | 123456789012:API-Gateway-Execution-Logs_abc123defg/prod |`,
      ],
    );
    const batches = parseInput(text, 'two-groups.md').batches;
    assert.deepEqual(
      batches.map((b) => b.source.logGroup),
      ['/aws/apigateway/example', 'API-Gateway-Execution-Logs_abc123defg/prod'],
    );
    const [failure, ...others] = analyze(batches).failures;
    assert.equal(others.length, 0);
    assert.equal(failure?.requestId, ID_A);
    assert.equal(failure?.cause, 'not-found.route');
  });

  it('keeps a message holding " | " or line breaks whole, counting the other cells from both ends', () => {
    const body = '(id1) Endpoint response body before transformations: {"a": "x | y"}';
    const text = insightsMarkdown('/aws/apigateway/example', '| @timestamp | @message | @logStream |', [
      `| 2026-11-25 10:15:30.000 | ${body} | stream-1 |`,
      '| 2026-11-25 10:15:31.000 | (id1) Endpoint response body before transformations:',
      '{"message": "Rate Exceeded."} | stream-1 |',
    ]);
    const [batch] = parseInput(text, 'pipes.md').batches;
    assert.equal(batch?.source.logStream, 'stream-1');
    assert.deepEqual(
      batch?.events.map((e) => e.message),
      [body, '(id1) Endpoint response body before transformations:\n{"message": "Rate Exceeded."}'],
    );
  });

  it('rebuilds an access line from a table queried without @message, and refuses a table of statistics', () => {
    const fields = insightsMarkdown(
      '/aws/apigateway/example',
      '| @timestamp | status | error.responseType |',
      ['| 2026-11-25 10:15:30.000 | 403 | MISSING_AUTHENTICATION_TOKEN |'],
    );
    const [event] = parseInput(fields, 'fields.md').batches[0]?.events ?? [];
    assert.deepEqual(JSON.parse(event?.message ?? ''), {
      status: '403',
      'error.responseType': 'MISSING_AUTHENTICATION_TOKEN',
    });
    const stats = insightsMarkdown('/aws/apigateway/example', '| @logStream | count(*) |', ['| s1 | 37 |']);
    assert.throws(
      () => parseInput(stats, 'stats.md'),
      (error: unknown) => error instanceof InputError && /row 1 holds statistics/.test(error.message),
    );
  });

  it('refuses a statistics table pasted without any @ field, as published in an issue, instead of counting its rows unparsed', () => {
    // The header and first row of a real `stats count(*) by …` table (DataBiosphere/azul#7470,
    // 2025-10-07), with the spaces the page wrapped two names at.
    const text = [
      '| error_responseType | status | integration_ status | integration_ integrationStatus | error_message_ short | integration_error | count(*) |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      '| - | 400 | 400 | 200 | - | - | 1895 |',
    ].join('\n');
    assert.throws(
      () => parseInput(text, 'issue.md'),
      (error: unknown) =>
        error instanceof InputError && /issue\.md: row 1 holds statistics/.test(error.message),
    );
    // The same table copied as tab-separated text: its header has no @ field either.
    const tsv = ['status\terror_responseType\tcount(*)', '502\tDEFAULT_5XX\t17'].join('\n');
    assert.throws(
      () => parseInput(tsv, 'rows.tsv'),
      (error: unknown) =>
        error instanceof InputError && /rows\.tsv: row 1 holds statistics/.test(error.message),
    );
    // Beside log lines (an issue quoting both), the table is left out and said so; the lines are read.
    const beside = parseInput(`${text}\n\n${EXECUTION_LINE}`, 'issue.md');
    assert.deepEqual(
      beside.batches.flatMap((b) => b.events.map((e) => e.message)),
      [EXECUTION_LINE],
    );
    assert.deepEqual(beside.skipped, [
      'issue.md: the table whose rows start at line 3 holds statistics, not log events; its rows were left out (query `fields @timestamp, @message, @log, @logStream` instead)',
    ]);
    // A README's table that merely mentions a function in a cell is no statistics table.
    const readme = ['| query | meaning |', '| --- | --- |', '| count(*) | how many |'].join('\n');
    assert.equal(parseInput(readme, 'README.md').batches[0]?.events.length, 3);
  });

  it("reads a Lambda function's tab-separated line whose message names a function as a log line, not a statistics header", () => {
    // SYNTHETIC: the runtime's `time<TAB>request id<TAB>level<TAB>message` lines above an execution line.
    const text = [
      '2026-11-26T10:15:30.123Z\te5f6a7b8-0000-4000-8000-000000000009\tINFO\tmax(retries)',
      '2026-11-26T10:15:30.200Z\te5f6a7b8-0000-4000-8000-000000000009\tINFO\tdone',
      '(e5f6a7b8-0000-4000-8000-000000000001) Method completed with status: 502',
    ].join('\n');
    const input = parseInput(text, 'lambda.log');
    assert.equal(input.kind, INPUT_KIND.rawText);
    assert.equal(input.batches[0]?.events.length, 3);
  });

  it('looks for statistics headers in linear time, however many functions a line names', () => {
    // SYNTHETIC: one line naming 200,000 statistics, tab-separated from a first cell.
    const script = `
      const { parseInput } = require(${JSON.stringify(join(__dirname, '..', '..', 'cli', 'input.ts'))});
      const text = 'x\\t' + 'count('.repeat(200000) + '\\nnext line\\n';
      console.log(parseInput(text, 'x').batches[0].events.length);`;
    assert.equal(outputWithinLimit(script, 'the statistics header search went quadratic'), '2');
  });

  it('reads log lines pasted beside a fenced table, and counts other text there as unparsed', () => {
    const text = [
      'The gateway answered 403 to these:',
      '```',
      '| @timestamp | @message |',
      '| --- | --- |',
      `| 2026-11-25 10:15:30.000 | ${ACCESS_LINE} |`,
      '```',
      '',
      'and this one came from the execution log:',
      EXECUTION_LINE,
    ].join('\n');
    const analysis = analyze(parseInput(text, 'issue.md').batches);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.cause]),
      [
        ['synthetic-1', 'not-found.route'],
        ['a5e3de30-8d59-11e8-b2f5-9339f1c001b0', 'unknown.server'],
      ],
    );
    assert.deepEqual(
      analysis.unparsed.map((u) => u.sample),
      ['The gateway answered 403 to these:', 'and this one came from the execution log:'],
    );
  });

  it('refuses a row with fewer cells than the header, naming its line', () => {
    const text = [
      '| @timestamp | @message | @log |',
      '| --- | --- | --- |',
      `| 2026-11-25 10:15:30.000 | ${EXECUTION_LINE} |`,
    ].join('\n');
    assert.throws(
      () => parseInput(text, 'cut.md'),
      (error: unknown) => error instanceof InputError && /row at line 3 never ends/.test(error.message),
    );
  });

  it('reads rows copied as tab-separated text, columns aligned with extra tabs, a message holding tabs kept whole', () => {
    // SYNTHETIC rows in the shape of a published paste (DataBiosphere/azul#6624; fixture GH-azul-6624-…).
    const report = '(id9) REPORT RequestId: id9\tDuration: 3497.80 ms\tBilled Duration: 3498 ms';
    const text = [
      '@timestamp\t\t@message\t\t\t@logStream',
      `2026-11-25 10:15:30.000\t${EXECUTION_LINE}\t\ts1`,
      `2026-11-25 10:15:31.000\t${report}\ts1`,
    ].join('\n');
    const input = parseInput(text, 'rows.tsv');
    assert.equal(input.kind, INPUT_KIND.insightsTable);
    assert.deepEqual(
      input.batches.flatMap((b) => b.events.map((e) => e.message)),
      [EXECUTION_LINE, report],
    );
  });

  it('skips a line marking rows left out between rows, so the rows after it are read as rows too', () => {
    // SYNTHETIC rows; the shape is DataBiosphere/azul#6624's (fixture AZUL-6624-TSV-ROWS-WITH-ELISION-LINE),
    // where the author's `...` ended the table and the rows after it were counted unparsed.
    const eventsRead = (text: string) => {
      const analysis = analyze(parseInput(text, 'rows.txt').batches);
      assert.equal(analysis.stats.unparsed, 0);
      return analysis.stats.events;
    };
    const tsv = (elision: string) =>
      [
        '@timestamp\t@message',
        `2026-11-25 10:15:30.000\t${EXECUTION_LINE}`,
        elision,
        `2026-11-25 10:15:31.000\t${EXECUTION_LINE}`,
      ].join('\n');
    for (const elision of ['...', '…', '[...]', '...\t...'])
      assert.equal(eventsRead(tsv(elision)), 2, elision);
    const markdown = (elision: string) =>
      [
        '| @timestamp | @message |',
        '| --- | --- |',
        `| 2026-11-25 10:15:30.000 | ${EXECUTION_LINE} |`,
        elision,
        `| 2026-11-25 10:15:31.000 | ${EXECUTION_LINE} |`,
      ].join('\n');
    for (const elision of ['...', '| … | … |', '|...|...|'])
      assert.equal(eventsRead(markdown(elision)), 2, elision);
  });

  it("ends the table at an elision line under which another table's header, or no whole row, follows", () => {
    // SYNTHETIC: two Insights tables a writer set apart with `...`, and a table whose `...` is followed
    // by a Lambda line with fewer cells than the header; both were read in full before elisions were
    // skipped, and were then refused whole.
    const other = `(${ID_B}) Execution failed due to configuration error: Invalid permissions on Lambda function`;
    const markdown = [
      '| @timestamp | @message |',
      '|---|---|',
      `| 2026-11-25 10:15:30.000 | ${EXECUTION_LINE} |`,
      '...',
      '| @timestamp | @message | @log |',
      '|---|---|---|',
      `| 2026-11-25 10:15:31.000 | ${other} | 123456789012:API-Gateway-Execution-Logs_abc/prod |`,
    ].join('\n');
    const tsv = [
      '@timestamp\t@message\t@log',
      `2026-11-25 10:15:30.000\t${EXECUTION_LINE}\t123456789012:API-Gateway-Execution-Logs_abc/prod`,
      '...',
      '2026-11-25T10:15:31.000Z\tTask timed out after 3.00 seconds',
    ].join('\n');
    // Each as it was read before: both tables' requests; the row, and the Lambda function's own line
    // counted unparsed (no API Gateway request: its runtime's time opens no execution-log line).
    for (const [text, failures] of [
      [markdown, 2],
      [tsv, 1],
    ] as const) {
      const analysis = analyze(parseInput(text, 'rows.txt').batches);
      assert.equal(analysis.failures.length, failures, text);
    }
    const tsvTwo = [
      '@timestamp\t@message',
      `2026-11-25 10:15:30.000\t${EXECUTION_LINE}`,
      '...',
      '@timestamp\t@message',
      `2026-11-25 10:15:31.000\t${other}`,
    ].join('\n');
    const events = parseInput(tsvTwo, 'rows.txt').batches.flatMap((b) => b.events.map((e) => e.message));
    assert.ok(!events.includes('@message'), 'the second header is no row of the first table');
  });

  it('leaves an elision line that no row follows outside the table, read as text', () => {
    // SYNTHETIC: after the last row, `...` is no row between rows; it is text like any other.
    const text = [
      '@timestamp\t@message',
      `2026-11-25 10:15:30.000\t${EXECUTION_LINE}`,
      '...',
      'That is all.',
    ].join('\n');
    const analysis = analyze(parseInput(text, 'rows.txt').batches);
    assert.equal(analysis.stats.unparsed, 2);
  });

  it('refuses a tab-separated row with fewer cells than the header, naming its line', () => {
    const text = ['@timestamp\t@message\t@log', `2026-11-25 10:15:30.000\t${EXECUTION_LINE}`].join('\n');
    assert.throws(
      () => parseInput(text, 'short.tsv'),
      (error: unknown) => error instanceof InputError && /row at line 2 never ends/.test(error.message),
    );
  });

  it('leaves a Markdown table without Logs Insights fields to the raw-text reader', () => {
    const text = ['| cause | count |', '| --- | --- |', '| limit.backend | 9 |', EXECUTION_LINE].join('\n');
    assert.equal(parseInput(text, 'readme.md').kind, INPUT_KIND.rawText);
  });
});

describe("the console's method test panel pasted above its log", () => {
  // SYNTHETIC lines in the two layouts of the console's test panel (real ones: test/fixtures).
  const ID = '4fc3c0c7-6f9f-4ac3-84d7-205500f39b5f';
  const stamp = 'Tue Aug 18 17:36:14 UTC 2020 : ';
  const oldPanel = (status: number) => [
    'Request: /todos?limit=10',
    `Status: ${status}`,
    'Latency: 139 ms',
    'Response Body',
    '{',
    '  "message": "Internal server error"',
    '}',
    'Response Headers',
    '{"x-amzn-ErrorType":"InternalServerErrorException"}',
    'Logs',
    `Execution log for request ${ID}`,
  ];
  const newPanel = (status: number) => [
    '/todos - GET method test results',
    'Request',
    '/todos',
    'Latency ms',
    '139',
    'Status',
    String(status),
    'Response body',
    '{"message": "Internal server error"}',
    'Response headers',
    '{',
    '  "x-amzn-ErrorType": "InternalServerErrorException"',
    '}',
    'Logs',
    `Execution log for request ${ID}`,
  ];
  const messages = (lines: readonly string[]) =>
    parseInput(lines.join('\n'), 'panel.log').batches.flatMap((b) => b.events.map((e) => e.message));

  for (const [layout, panel] of [
    ['before 2023', oldPanel],
    ['since 2023', newPanel],
  ] as const) {
    it(`reads the log under a panel of the ${layout} layout, and the panel's status when the log was cut short`, () => {
      assert.deepEqual(messages([...panel(502), `${stamp}Starting execution for request: ${ID}`]), [
        `Execution log for request ${ID}`,
        `${stamp}Starting execution for request: ${ID}`,
        'Method completed with status: 502',
      ]);
    });
  }

  it('reads a log labelled `Log`, as some console layouts label it, like one labelled `Logs`', () => {
    // The label of podaac/hydrocron#36's panel (test/fixtures/real-lines.json); the lines SYNTHETIC.
    const panel = newPanel(500).map((line) => (line === 'Logs' ? 'Log' : line));
    assert.deepEqual(messages([...panel, `${stamp}Starting execution for request: ${ID}`]), [
      `Execution log for request ${ID}`,
      `${stamp}Starting execution for request: ${ID}`,
      'Method completed with status: 500',
    ]);
  });

  /** The panel with each line that is a title alone marked as a heading, as notes and issue pages render it. */
  const asHeadings = (lines: readonly string[], heading: (title: string) => string) =>
    lines.map((line) =>
      /^(?:Request|Status|Response (?:Body|body|Headers|headers)|Logs?|\S.* method test results)$/.test(line)
        ? heading(line)
        : line,
    );
  /** A fixed title in another case; a title naming the resource keeps its method as the console writes it. */
  const recased = (title: string, to: (title: string) => string) =>
    title.includes(' - ') ? title : to(title);
  const HEADINGS: readonly (readonly [string, (title: string) => string])[] = [
    ['# Logs', (title) => `# ${title}`],
    ['## Logs ##', (title) => `## ${title} ##`],
    ['###### logs', (title) => `###### ${recased(title, (t) => t.toLowerCase())}`],
    ['  ### LOGS #', (title) => `  ### ${recased(title, (t) => t.toUpperCase())} #`],
  ];

  for (const [example, heading] of HEADINGS)
    it(`reads a panel whose titles are Markdown headings (\`${example}\`) as the same panel`, () => {
      // SYNTHETIC: the panels above, their titles as headings.
      const log = [`${stamp}Starting execution for request: ${ID}`];
      for (const panel of [oldPanel(502), newPanel(504)]) {
        assert.deepEqual(messages([...asHeadings(panel, heading), ...log]), messages([...panel, ...log]));
        const alone = panel.slice(0, -2);
        assert.deepEqual(messages(asHeadings(alone, heading)), messages(alone));
      }
    });

  it('reads any other heading, or a title with more after it, as the line it is', () => {
    // SYNTHETIC: headings that only look like a panel's title.
    const log = [`Execution log for request ${ID}`, `${stamp}Starting execution for request: ${ID}`];
    for (const other of [
      '# Logs below',
      '## Response body of the failing call',
      '#Logs',
      '####### Logs',
      '# Logs: see below',
      '# # Logs',
      '\\# Logs',
    ])
      assert.deepEqual(messages([other, ...log]), [other, ...log], other);
  });

  it('reads a heading line with a long run of spaces inside in linear time', () => {
    // SYNTHETIC: a `#` line whose text holds 200,000 spaces; the heading pattern tried each of them
    // as where its closing marks might start, scanning the run from each (quadratic).
    const script = `
      const { parseInput } = require(${JSON.stringify(join(__dirname, '..', '..', 'cli', 'input.ts'))});
      const text = '# a' + ' '.repeat(200000) + 'b\\n(id1) Method completed with status: 500\\n';
      console.log(parseInput(text, 'x').batches[0].events.length);`;
    assert.equal(outputWithinLimit(script, 'reading a heading went quadratic'), '2');
  });

  it("keeps the log's own final status, adding none, and reads text after the log as before", () => {
    const log = [`${stamp}Method completed with status: 500`];
    assert.deepEqual(messages([...oldPanel(502), ...log, 'That is all.']), [
      `Execution log for request ${ID}`,
      ...log,
      'That is all.',
    ]);
  });

  it("reads a panel pasted without its log as the request it shows, with the message of API Gateway's response", () => {
    assert.deepEqual(messages(oldPanel(502).slice(0, -2)), [
      '{"path":"/todos?limit=10","status":"502","responseLatency":"139","errorMessage":"Internal server error"}',
    ]);
    assert.deepEqual(messages(newPanel(504).slice(0, -2)), [
      '{"path":"/todos","status":"504","responseLatency":"139","errorMessage":"Internal server error"}',
    ]);
  });

  it('reads the headers of a panel pasted without its log whose body was empty as the panel too', () => {
    // SYNTHETIC: nothing between `Response Body` and `Response Headers`; the headers label was taken
    // for the body, and the headers' object was left over as an unparsed line.
    const panel = oldPanel(502).slice(0, -2);
    assert.deepEqual(messages([...panel.slice(0, 4), ...panel.slice(7)]), [
      '{"path":"/todos?limit=10","status":"502","responseLatency":"139"}',
    ]);
  });

  it('reads translated and bold labels, a partial panel, and an authorizer test panel', () => {
    const log = [`Execution log for request ${ID}`, `${stamp}Starting execution for request: ${ID}`];
    const japanese = [
      'リクエスト: /',
      'ステータス: 502',
      'レーテンシー: 407 ms',
      'レスポンス本文',
      '{}',
      'ログ',
      ...log,
    ];
    assert.deepEqual(messages(japanese), [...log, 'Method completed with status: 502']);
    const bold = [
      '**Request:** /',
      'Status: 500',
      'Latency: 16 ms',
      '**Response Body**',
      '{}',
      '**Logs**',
      ...log,
    ];
    assert.deepEqual(messages(bold), [...log, 'Method completed with status: 500']);
    const partial = [
      'Response body',
      '{"message": "Internal server error"}',
      'Response headers',
      '{}',
      'Logs',
      ...log,
    ];
    assert.deepEqual(messages(partial), log);
    const authorizer = ['Response', 'Response Code: 500', 'Latency 2332', ...log];
    assert.deepEqual(messages(authorizer), [...log, 'Method completed with status: 500']);
  });

  it("reads log lines pasted between a label-like line and the panel's Logs label, which are no panel content", () => {
    // SYNTHETIC: a note's `Response:` heading, CloudWatch lines and an access line, then a panel's
    // `Logs` label over a console log. Taken for the panel's content, both failures were dropped.
    const cloudWatch = [
      `(${ID}) Execution failed due to configuration error: Invalid permissions on Lambda function`,
      `(${ID}) Method completed with status: 500`,
      '{"requestId":"r1","status":"502","integrationErrorMessage":"Connection refused"}',
    ];
    const log = [`Execution log for request ${ID}`, `${stamp}Starting execution for request: ${ID}`];
    assert.deepEqual(messages(['Response:', ...cloudWatch, 'Logs', ...log]), [
      'Response:',
      ...cloudWatch,
      ...log,
    ]);
  });

  it("reads a panel that starts at its status, bulleted and in backticks, with its gateway response's message", () => {
    // Real, as published in artshishkin/art-kargopolov-aws-java-serverless:README.md (commit
    // d6dddb1d), section 33: a console test of a MOCK method without its required header.
    const section33 = [
      '    - Test ->',
      '        - 400 Bad Request',
      '        - `Response Body`',
      '        - `{`',
      '        - `"message": "Missing required request parameters: [Authorization]"`',
      '        - `}`',
      '        - `Response Headers`',
      '        - `{"x-amzn-ErrorType":"BadRequestException"}`',
    ];
    assert.deepEqual(messages(section33), [
      '- Test ->',
      '{"status":"400","errorMessage":"Missing required request parameters: [Authorization]"}',
    ]);
    // Section 36 of the same README: the old layout's labels, then the log under it without its
    // header, its first line beside the label: the log is read, and the panel's status ends it, so
    // the one console test is one request.
    const section36 = [
      '    - `Status: 400`',
      '    - `Latency: 151 ms`',
      '    - `Response Body`',
      '    - `{`',
      '    - `"message": "Invalid request body"`',
      '    - `}`',
      '    - `Response Headers`',
      '    - `{"x-amzn-ErrorType":"BadRequestException"}`',
      '    -',
      '  Logs: `Mon Nov 29 13:31:04 UTC 2021 : Request body does not match model schema for content type application/json: [Unknown error parsing request body]`',
    ];
    assert.deepEqual(messages(section36), [section36[9]?.trim(), 'Method completed with status: 400']);
    const both = analyze(parseInput(section36.join('\n'), 'panel.md').batches);
    assert.equal(both.stats.unparsed, 0);
    assert.deepEqual(
      both.failures.map((f) => [f.cause, f.clientStatus]),
      [['bad-request.body', 400]],
    );
    const analysis = analyze(parseInput(section33.slice(1).join('\n'), 'panel.md').batches);
    assert.equal(analysis.stats.unparsed, 0);
    assert.deepEqual(
      analysis.failures.map((f) => [f.cause, f.clientStatus]),
      [['bad-request.parameters', 400]],
    );
  });

  it("reads a log pasted under a panel's Logs label without its header as the panel's request, ended by the panel's status only when it has no end of its own", () => {
    // SYNTHETIC, in the old layout's shape: the log's `Execution log for request` line left out.
    const panel = [
      'Request: /pets',
      'Status: 502',
      'Latency: 31 ms',
      'Response Body',
      '{"message": "Internal server error"}',
      'Logs',
    ];
    const log = [
      'Wed Nov 25 10:15:30 UTC 2026 : Starting execution for request: 8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
      'Wed Nov 25 10:15:30 UTC 2026 : Execution failed due to configuration error: Malformed Lambda proxy response',
    ];
    const cut = analyze(parseInput([...panel, ...log].join('\n'), 'panel.txt').batches);
    assert.equal(cut.stats.unparsed, 0);
    assert.deepEqual(
      cut.failures.map((f) => [f.cause, f.clientStatus]),
      [['server.bad-response', 502]],
    );
    const whole = [...log, 'Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502'];
    assert.deepEqual(messages([...panel, ...whole]), whole);
  });

  for (const placeholder of ['<timestamp>', '<TIMESTAMP>', 'YYYY-MM-DDTHH:MM:SSZ']) {
    it(`reads a log under a panel's Logs label as the panel's request when a page replaced its console stamps with ${placeholder}`, () => {
      // SYNTHETIC: the test above's panel and log, and section 36's inline label (ART-36-* in
      // test/fixtures), with the stamps sanitized as published logs hide them. The log was read as a
      // request of its own beside the panel's: one console test counted twice.
      const panel = [
        'Request: /pets',
        'Status: 502',
        'Latency: 31 ms',
        'Response Body',
        '{"message": "Internal server error"}',
      ];
      const log = [
        `${placeholder} : Starting execution for request: 8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6`,
        `${placeholder} : Execution failed due to configuration error: Malformed Lambda proxy response`,
      ];
      for (const lines of [
        [...panel, 'Logs', ...log],
        [...panel, `Logs: \`${log[0]}\``, log[1] ?? ''],
      ]) {
        const analysis = analyze(parseInput(lines.join('\n'), 'panel.txt').batches);
        assert.equal(analysis.stats.unparsed, 0);
        assert.deepEqual(
          analysis.failures.map((f) => [f.cause, f.clientStatus]),
          [['server.bad-response', 502]],
        );
      }
    });
  }

  it('reads panels pasted one after another as one request each, a label shown again starting the next', () => {
    // SYNTHETIC notes of two console tests, in the shape of artshishkin's bulleted panels (real ones:
    // ART-36-* in test/fixtures): the second panel's status replaced the first's, and the first
    // request's 400 was lost without a line counted unparsed.
    const first = [
      '- `Status: 400`',
      '- `Latency: 151 ms`',
      '- `Response Body`',
      '- `{"message": "Invalid request body"}`',
      '- `Response Headers`',
      '- `{"x-amzn-ErrorType":"BadRequestException"}`',
    ];
    const second = ['- `Status: 200`', '- `Latency: 20 ms`', '- `Response Body`', '- `{"ok": true}`'];
    for (const between of [[], ['']]) {
      assert.deepEqual(messages([...first, ...between, ...second]), [
        '{"status":"400","responseLatency":"151","errorMessage":"Invalid request body"}',
        '{"status":"200","responseLatency":"20"}',
      ]);
    }
    const newLayout = (status: number) => [
      'Status',
      String(status),
      'Latency ms',
      '20',
      'Response body',
      '{}',
    ];
    assert.deepEqual(messages([...newLayout(502), ...newLayout(504)]), [
      '{"status":"502","responseLatency":"20"}',
      '{"status":"504","responseLatency":"20"}',
    ]);
  });

  it("keeps a panel above another panel's log out of that log: its status is not the log's, and it is read as its own request", () => {
    // SYNTHETIC: a panel pasted alone, then the next test's panel over its log. The log took the
    // upper panel's status (400 for a 502) and the upper request was lost.
    const upper = [
      '- `Status: 400`',
      '- `Latency: 151 ms`',
      '- `Response Body`',
      '- `{"message": "Invalid request body"}`',
    ];
    const text = [...upper, ...oldPanel(502).slice(1), `${stamp}Starting execution for request: ${ID}`];
    const analysis = analyze(parseInput(text.join('\n'), 'panel.md').batches);
    assert.equal(analysis.stats.unparsed, 0);
    assert.deepEqual(analysis.failures.map((f) => [f.requestId === ID, f.clientStatus]).sort(), [
      [false, 400],
      [true, 502],
    ]);
  });

  it("ends a panel's log at another request's log below it, so the panel's status is never that request's", () => {
    // SYNTHETIC notes: a test's panel and its log cut short, then text, then the start of another
    // request's log. The panel's 502 was added after the other log's last line, a failure it never had.
    const other = [
      'Later the start of the next request read:',
      'Wed Nov 25 10:20:00 UTC 2026 : Starting execution for request: 9f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f7',
      'Wed Nov 25 10:20:00 UTC 2026 : HTTP Method: GET, Resource Path: /pets',
    ];
    const headerless = [
      'Status: 502',
      'Latency: 31 ms',
      'Logs',
      'Wed Nov 25 10:15:30 UTC 2026 : Starting execution for request: 8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
      'Wed Nov 25 10:15:30 UTC 2026 : Execution failed due to configuration error: Malformed Lambda proxy response',
    ];
    const withHeader = [
      ...oldPanel(502),
      `${stamp}Starting execution for request: ${ID}`,
      `${stamp}Execution failed due to configuration error: Malformed Lambda proxy response`,
    ];
    for (const panel of [headerless, withHeader]) {
      const analysis = analyze(parseInput([...panel, '', ...other].join('\n'), 'notes.md').batches);
      assert.deepEqual(
        analysis.failures.map((f) => [f.cause, f.clientStatus]),
        [['server.bad-response', 502]],
      );
    }
  });

  it('takes no log line behind a time stamp for the content of a body or headers label', () => {
    // SYNTHETIC: the log line (as `aws logs tail` or an ISO-stamped paste prints it) was taken for the
    // panel's body, and its failure lost.
    const logLine = `2026-11-25T10:15:30.000Z (${ID}) Execution failed due to configuration error: Invalid permissions on Lambda function`;
    for (const label of ['Response Body', 'Response Headers']) {
      const analysis = analyze(
        parseInput(['Status: 500', 'Latency: 31 ms', label, logLine].join('\n'), 'panel.txt').batches,
      );
      assert.deepEqual(
        analysis.failures.map((f) => [f.requestId, f.cause]).sort(),
        [
          [ID, 'auth.integration-permission'],
          ['no-id:panel.txt#1', 'unknown.server'],
        ],
        label,
      );
    }
  });

  it("passes no body message on when the panel's headers show the integration answered, not API Gateway", () => {
    // SYNTHETIC: a mock's own 500, whose body happens to read like a gateway message; without
    // x-amzn-ErrorType among the headers, API Gateway did not write it.
    const panel = [
      'Status: 500',
      'Latency: 31 ms',
      'Response Body',
      '{"message": "Missing required request parameters: [x]"}',
      'Response Headers',
      '{"Content-Type":"application/json"}',
    ];
    assert.deepEqual(messages(panel), ['{"status":"500","responseLatency":"31"}']);
  });

  it('reads a status over a body or headers label as a panel only with what the console alone shows: a latency, or headers API Gateway writes', () => {
    // SYNTHETIC: an API's documentation of its error responses, in the shape such READMEs print them.
    // Each status over 'Response body:' was read as a console test that failed.
    const docs = [
      '## Errors',
      '',
      '**400 Bad Request**',
      '',
      'Response body:',
      '',
      '```json',
      '{"message": "Invalid request body"}',
      '```',
      '',
      'Status: 404',
      'Response body:',
      '{"message": "Missing required request parameters: [petId]"}',
      '',
      '**500 Internal Server Error**',
      'Response Headers',
      '{"Content-Type": "application/json"}',
    ];
    assert.deepEqual(
      messages(docs),
      docs.filter((line) => line !== ''),
    );
    // With API Gateway's own header, or a latency, it is the console's.
    assert.deepEqual(
      messages(['400 Bad Request', 'Response Headers', '{"x-amzn-ErrorType":"BadRequestException"}']),
      ['{"status":"400"}'],
    );
    assert.deepEqual(messages(['Status: 404', 'Latency: 9 ms', 'Response body:', '{}']), [
      '{"status":"404","responseLatency":"9"}',
    ]);
  });

  it('takes no prose, and no log line under a body label, for a panel that starts at a status', () => {
    // SYNTHETIC lines.
    const prose = ['Status: 400', 'was all the test said.', '400 Bad Request', 'came back again.'];
    assert.deepEqual(messages(prose), prose);
    assert.deepEqual(messages(['400 Server Trouble', 'Response Body', '{}']), [
      '400 Server Trouble',
      'Response Body',
      '{}',
    ]);
    const logLine = `(${ID}) Method completed with status: 502`;
    assert.deepEqual(messages(['Status: 502', 'Latency: 31 ms', 'Response Body', logLine]), [
      '{"status":"502","responseLatency":"31"}',
      logLine,
    ]);
  });

  it('leaves lines that only look like a panel (no status near its start, no log under it) as they are', () => {
    const text = ['Request: /todos', 'was sent twice', 'Response body', '{}'];
    assert.deepEqual(messages(text), text);
  });

  it('finds panels in linear time, whatever number of lines look like their start', () => {
    // Synthetic: 200,000 `Request: …` lines then one panel; scanning down from each start for its
    // `Logs` line took each of them through the rest of the text.
    const script = `
      const { parseInput } = require(${JSON.stringify(join(__dirname, '..', '..', 'cli', 'input.ts'))});
      const text = 'Request: /x\\n'.repeat(200000) + 'Status: 502\\nLogs\\nExecution log for request r1\\n';
      const events = parseInput(text, 'x').batches[0].events;
      console.log(events.length, events.at(-1).message);`;
    assert.equal(
      outputWithinLimit(script, 'finding console panels went quadratic'),
      '200001 Method completed with status: 502',
    );
  });

  it('finds panels in linear time when many panel-like starts hold a body that never closes', () => {
    // SYNTHETIC: 500,000 `Request: …` starts, each over a `Response Body` and a `{` with no `}`: each
    // start looked for the `}` through the next 2,000 lines (over 30 s here, against about 2 s now).
    const script = `
      const { parseInput } = require(${JSON.stringify(join(__dirname, '..', '..', 'cli', 'input.ts'))});
      const text = 'Request: /x\\nResponse Body\\n{\\nx\\n'.repeat(500000);
      console.log(parseInput(text, 'x').batches[0].events.length);`;
    assert.equal(outputWithinLimit(script, 'each panel-like start scanned for its body'), '2000000');
  });

  it('names the real failure of a panel pasted with a cut log, through the whole pipeline', () => {
    const analysis = analyze(
      parseInput([...newPanel(504), `${stamp}Starting execution for request: ${ID}`].join('\n'), 'p.log')
        .batches,
    );
    assert.equal(analysis.stats.unparsed, 0);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.clientStatus]),
      [[ID, 504]],
    );
  });
});

describe("boto3's test_invoke_method response as Python prints it", () => {
  // SYNTHETIC responses in the shape print(response) gives in a script or a notebook: a dict's repr.
  const ID = '5e1f0c2a-7b3d-4c8e-9f10-2a3b4c5d6e7f';
  const trail = [
    `Execution log for request ${ID}`,
    `Wed Nov 25 10:15:30 UTC 2026 : Starting execution for request: ${ID}`,
    "Wed Nov 25 10:15:30 UTC 2026 : API Key  authorized because method 'GET /pets' does not require API Key. Request will not contribute to throttle or quota limits",
    'Wed Nov 25 10:15:30 UTC 2026 : Endpoint response body before transformations: {"errorMessage":"boom"}',
    'Wed Nov 25 10:15:30 UTC 2026 : Execution failed due to configuration error: Malformed Lambda proxy response',
    'Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502',
  ];
  /** Python's repr of a str: single quotes, or double ones when it holds a single quote and no double one. */
  const pythonRepr = (text: string): string => {
    const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
    const escaped = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
    return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
  };
  const printed = (log: string, status = "'status': 502") =>
    `{'ResponseMetadata': {'RequestId': 'x', 'HTTPStatusCode': 200, 'RetryAttempts': 0}, ${status}, 'body': '{"message": "Internal server error"}', 'log': ${pythonRepr(log)}, 'latency': 31}`;

  it('reads its log line by line, with its escapes, in single or double quotes', () => {
    const withBoth = `${trail.join('\n')}\n`;
    const withSingleOnly = `${trail.filter((l) => !l.includes('"')).join('\n')}\n`;
    for (const log of [withBoth, withSingleOnly]) {
      const analysis = analyze(parseInput(`print(response)\n${printed(log)}\n`, 'notebook.txt').batches);
      assert.deepEqual(
        analysis.failures.map((f) => [f.requestId, f.cause, f.clientStatus]),
        [[ID, 'server.bad-response', 502]],
      );
      assert.equal(analysis.stats.unparsed, 1, 'only the print line');
    }
  });

  it("gives test_invoke_authorizer's clientStatus to a log that has no final line", () => {
    const log = `Execution log for request ${ID}\nWed Nov 25 10:15:30 UTC 2026 : Starting authorizer: q8togz for request: ${ID}\n`;
    const analysis = analyze(parseInput(printed(log, "'clientStatus': 403"), 'x.txt').batches);
    assert.deepEqual(
      analysis.failures.map((f) => f.clientStatus),
      [403],
    );
  });

  it('leaves a dict whose log never closes, or that has no status beside it, as a line', () => {
    const open = printed(`${trail.join('\n')}`).replace(/', 'latency': 31}$/, '');
    const statusOnlyInside = printed(`${trail.join('\n')}`, "'other': 1");
    for (const text of [open, statusOnlyInside]) {
      const parsed = parseInput(text, 'x.txt');
      assert.deepEqual(
        parsed.batches.flatMap((b) => b.events.map((e) => e.message)),
        [text],
      );
    }
  });
});

describe('test-invoke output inside other text', () => {
  const output = (id: string, status: number) =>
    JSON.stringify(
      {
        status,
        body: '{"message": "Internal server error"}',
        headers: {},
        log: `Execution log for request ${id}\nWed Nov 25 10:15:30 UTC 2026 : Execution failed due to configuration error: Malformed Lambda proxy response\nWed Nov 25 10:15:30 UTC 2026 : Method completed with status: ${status}\n`,
        latency: 39,
      },
      null,
      4,
    );

  it("rejoins a JSON access line a page wrapped after a comma, under the page's own sentence ending in ':'", () => {
    // SYNTHETIC line, wrapped as a document wraps it.
    const text =
      'The access log said:\n{"requestId":"r-1","status":"403",\n"error.responseType":"WAF_FILTERED"}\n';
    const failures = analyze(parseInput(text, 'issue.md').batches).failures;
    assert.deepEqual(
      failures.map((f) => f.cause),
      ['auth.waf'],
    );
  });

  it("reads an output under a page's own sentence ending in ':' (The test returned:) as the output", () => {
    const text = `The test in the console returned:\n\n${output(ID_A, 502)}\n`;
    const failures = analyze(parseInput(text, 'issue.md').batches).failures;
    assert.deepEqual(
      failures.map((f) => [f.requestId, f.cause]),
      [[ID_A, 'server.bad-response']],
    );
  });

  it('reads each pretty-printed output of a file, below the command that printed it', () => {
    const text = `$ aws apigateway test-invoke-method --rest-api-id abc123 --resource-id r1 --http-method GET\n${output(ID_A, 502)}\n${output(ID_B, 502)}\n`;
    const messages = parseInput(text, 'tests.txt').batches.flatMap((b) => b.events.map((e) => e.message));
    assert.equal(messages.filter((m) => m.endsWith('Malformed Lambda proxy response')).length, 2);
    assert.equal(
      messages.filter((m) => m.endsWith('Method completed with status: 502')).length,
      2,
      'none added',
    );
  });

  it('reads a whole input pasted as an indented code block or a Markdown quote as what it holds', () => {
    const pretty = output(ID_A, 502);
    const indented = pretty
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n');
    const quoted = pretty
      .split('\n')
      // A quote's empty line is `>` alone.
      .flatMap((line, i) => (i === 2 ? ['>', `> ${line}`] : [`> ${line}`]))
      .join('\n');
    for (const text of [indented, quoted]) {
      const input = parseInput(`\n${text}\n`, 'pasted.txt');
      assert.equal(input.kind, INPUT_KIND.testInvoke);
      assert.equal(analyze(input.batches).failures[0]?.cause, 'server.bad-response');
    }
  });

  it('reads lines copied from rich text, whose spaces became no-break spaces', () => {
    const text = `(${ID_A}) Execution failed due to configuration error: Malformed Lambda proxy response\n(${ID_A}) Method completed with status: 502`;
    const input = parseInput(text.replace(/ /g, '\u00a0'), 'copied.txt');
    assert.equal(analyze(input.batches).failures[0]?.cause, 'server.bad-response');
  });

  it("reads a pretty-printed access line under a page's own sentence ending in ':' as that line, and an object under a log line's as its body", () => {
    const object = PRETTY_WAF_ACCESS_LINE;
    const underProse = parseInput(['Here is the access log:', '', ...object].join('\n'), 'issue.md');
    assert.deepEqual(
      analyze(underProse.batches).failures.map((f) => f.cause),
      ['auth.waf'],
    );
    const underLogLine = parseInput(
      [`(${ID_A}) Endpoint response body before transformations:`, ...object].join('\n'),
      'trail.log',
    );
    const { stats } = analyze(underLogLine.batches);
    assert.equal(stats.accessLines, 0, "the object is the message's body, not an access line");
    assert.equal(stats.executionLines, 1);
  });

  /** SYNTHETIC: a decoded subscription payload of one malformed-response trail, pretty-printed. */
  const malformedPayload = () =>
    JSON.stringify(
      {
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod',
        logStream: 's',
        subscriptionFilters: ['f'],
        logEvents: [
          {
            id: '1',
            timestamp: 1,
            message: `(${ID_A}) Execution failed due to configuration error: Malformed Lambda proxy response`,
          },
          { id: '2', timestamp: 2, message: `(${ID_A}) Method completed with status: 502` },
        ],
      },
      null,
      2,
    );

  it("reads a JSON document between a page's own sentences as the document, and counts the sentences unparsed", () => {
    // With an issue's words above and below it.
    const payload = malformedPayload();
    for (const document of [payload, JSON.stringify(JSON.parse(payload))]) {
      const input = parseInput(`My function got this payload:\n\n${document}\n\nAny idea?\n`, 'issue.md');
      assert.equal(input.kind, INPUT_KIND.payload);
      const { failures, stats } = analyze(input.batches);
      assert.deepEqual(
        failures.map((f) => f.cause),
        ['server.bad-response'],
      );
      assert.equal(stats.unparsed, 2, 'the two sentences');
    }
  });

  it('reads a JSON document pasted inside a Markdown code fence as the document itself', () => {
    // Fenced as an issue would show it.
    const payload = malformedPayload();
    for (const fence of ['```', '```json', '~~~']) {
      const input = parseInput(`${fence}\n${payload}\n${fence.slice(0, 3)}\n`, 'issue.md');
      assert.equal(input.kind, INPUT_KIND.payload, fence);
      assert.equal(analyze(input.batches).failures[0]?.cause, 'server.bad-response', fence);
    }
  });

  it('reads lines ended by a carriage return alone (classic Mac OS line ends) as lines', () => {
    const text = `(${ID_A}) Lambda invocation failed with status: 429. Lambda request id: x\r(${ID_A}) Method completed with status: 500\r`;
    const failures = analyze(parseInput(text, 'mac.txt').batches).failures;
    assert.deepEqual(
      failures.map((f) => [f.cause, f.clientStatus]),
      [['limit.backend', 500]],
    );
  });

  it('reads double-spaced text (a blank line after every line, as some pages and chats copy it) as its lines', () => {
    // SYNTHETIC table: its rows, split by the blank lines, would be no table.
    const table = insightsMarkdown('/aws/apigateway/example', '| @timestamp | @message |', [
      `| 2026-11-25 10:15:30.000 | ${EXECUTION_LINE} |`,
      `| 2026-11-25 10:15:31.000 | ${EXECUTION_LINE} again |`,
    ]);
    const plain = parseInput(table, 'copied.md');
    assert.equal(plain.kind, INPUT_KIND.insightsTable);
    for (const lineEnd of ['\n', '\r\n']) {
      const doubled = table.split('\n').join(`${lineEnd}${lineEnd}`);
      assert.deepEqual(parseInput(doubled, 'copied.md'), plain, JSON.stringify(lineEnd));
    }
  });

  it('reads text whose every line is a Markdown list item as the lines without their marks', () => {
    // Behind list marks, the pretty-printed line's lines were no object.
    const object = PRETTY_WAF_ACCESS_LINE;
    const causes = (lines: readonly string[]) =>
      analyze(parseInput(lines.join('\n'), 'notes.md').batches).failures.map((f) => f.cause);
    assert.deepEqual(causes(object), ['auth.waf']);
    assert.deepEqual(causes(object.map((line) => `- ${line}`)), ['auth.waf'], '- ');
    assert.deepEqual(causes(object.map((line) => `+ ${line}`)), ['auth.waf'], '+ ');
    assert.deepEqual(causes(object.map((line, i) => `${i + 1}) ${line}`)), ['auth.waf'], '1) ');
    assert.deepEqual(causes(object.map((line, i) => `  ${i + 8}. ${line}`)), ['auth.waf'], 'indented 8. ');
    // Marks of two kinds are no one list: the text is left as it is.
    const mixed = object.map((line, i) => `${i === 0 ? '* ' : '- '}${line}`).join('\n');
    assert.equal(parseInput(mixed, 'notes.md').batches[0]?.events[0]?.message.startsWith('* {'), true);
  });

  it('keeps a carriage return inside a line of text whose lines end in line feeds', () => {
    const text = `(${ID_A}) Endpoint response body before transformations: {"a":"b\rc"}\n(${ID_A}) Method completed with status: 200`;
    const messages = parseInput(text, 'lf.txt').batches.flatMap((b) => b.events.map((e) => e.message));
    assert.ok(
      messages.some((m) => m.includes('b\rc')),
      JSON.stringify(messages),
    );
  });

  const messagesOf = (lines: readonly string[]) =>
    parseInput(lines.join('\n'), 'pasted.txt').batches.flatMap((b) => b.events.map((e) => e.message));

  it('reads an output commented out line by line (#, # or //) as it reads the output without the marks', () => {
    const plain = output(ID_A, 502).split('\n');
    const command =
      'aws apigateway test-invoke-method --rest-api-id abc123 --resource-id r1 --http-method GET';
    const read = (lines: readonly string[]) =>
      analyze(parseInput([command, ...lines].join('\n'), 'script.sh').batches);
    const expected = read(plain);
    assert.equal(expected.stats.unparsed, 1, 'the command line');
    for (const mark of ['#', '# ', '//', '  # ']) {
      const analysis = read(plain.map((line) => `${mark}${line}`));
      assert.equal(analysis.stats.unparsed, 1, `behind ${JSON.stringify(mark)}, only the command line`);
      assert.deepEqual(analysis.failures, expected.failures);
    }
  });

  it('reads a commented pretty-printed access line as one line, and leaves alone one whose lines do not all carry the mark', () => {
    // SYNTHETIC access line in the shape of the corpus's JSON access logs.
    const commented = [
      '#{',
      '#  "requestId": "synthetic-2",',
      '#  "status": "403",',
      '#  "error_responseType": "MISSING_AUTHENTICATION_TOKEN"',
      '#}',
    ];
    assert.deepEqual(messagesOf(commented), [
      '{"requestId":"synthetic-2","status":"403","error_responseType":"MISSING_AUTHENTICATION_TOKEN"}',
    ]);
    const broken = [...commented.slice(0, 2), '  "status": "403",', ...commented.slice(3)];
    assert.deepEqual(messagesOf(broken), broken);
  });

  it('leaves a commented object to the line ending in a colon above it, past commented blank lines', () => {
    // SYNTHETIC, in the shape of a success trail commented out in a script: the body (a proxy-shaped
    // object whose statusCode is the function's) was read as an access line, a 500 API Gateway never
    // answered.
    for (const blank of ['#', '# ', '#   ']) {
      const lines = [
        `# (${ID_A}) Endpoint response body before transformations:`,
        blank,
        '# {',
        '#   "statusCode": 500,',
        '#   "body": "oops"',
        '# }',
        `# (${ID_A}) Method completed with status: 200`,
      ];
      assert.deepEqual(analyze(parseInput(lines.join('\n'), 'script.sh').batches).failures, [], blank);
    }
  });

  it('leaves a commented object below a line ending in a colon to its message, as a response body', () => {
    const lines = [
      `# (${ID_A}) Endpoint response body before transformations:`,
      '# {',
      '#   "message": "x"',
      '# }',
    ];
    assert.deepEqual(messagesOf(lines), lines);
  });

  it("gives test-invoke-authorizer's client status to the request its log names", () => {
    const text = JSON.stringify({
      clientStatus: 403,
      log: 'Execution log for request test-request\nWed Nov 25 10:15:30 UTC 2026 : Starting authorizer: q2uugl for request: test-request',
      latency: 12,
    });
    const messages = parseInput(text, 'authorizer.json').batches.flatMap((b) =>
      b.events.map((e) => e.message),
    );
    assert.equal(messages.at(-1), 'Method completed with status: 403');
  });

  it('reads a test-invoke log printed as a JSON string (--query log) line by line', () => {
    const log =
      'Execution log for request test-request\nWed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502\n';
    const messages = parseInput(`${JSON.stringify(log)}\n`, 'log.json').batches.flatMap((b) =>
      b.events.map((e) => e.message),
    );
    assert.deepEqual(messages, [
      'Execution log for request test-request',
      'Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502',
    ]);
  });

  it("adds no final line for test-invoke-authorizer's 0, which means the request was allowed", () => {
    const text = JSON.stringify({
      clientStatus: 0,
      log: 'Execution log for request test-request\nWed Nov 25 10:15:30 UTC 2026 : Starting authorizer: q2uugl for request: test-request',
      latency: 12,
    });
    const messages = parseInput(text, 'allowed.json').batches.flatMap((b) => b.events.map((e) => e.message));
    assert.ok(messages.every((m) => !m.includes('Method completed')));
  });
});

describe('JSON arrays of objects pasted as text', () => {
  // SYNTHETIC, in the shape of DataBiosphere/azul#6323's Logs Insights result copied as JSON.
  const object = [
    '    {',
    '        "status": "504",',
    '        "error_responseType": "INTEGRATION_TIMEOUT"',
    '    }',
  ];
  const read = (lines: readonly string[]) => analyze(parseInput(lines.join('\n'), 'copy.json.txt').batches);

  it("reads the objects and takes the array's brackets on lines of their own as punctuation", () => {
    const analysis = read(['Results:', '[', ...object.slice(0, -1), '    },', ...object, ']']);
    assert.deepEqual(
      [analysis.stats.requests, analysis.stats.unparsed, analysis.failures.map((f) => f.cause)],
      [2, 1, ['timeout.integration', 'timeout.integration']],
    );
  });

  it("leaves an object in a response body's array to the body, even when it is the array's only one", () => {
    // SYNTHETIC: a pretty-printed body whose array holds one object with a status field.
    const ID = '0f1e2d3c-0000-4000-8000-000000000000';
    const analysis = read([
      `(${ID}) Endpoint response body before transformations: {`,
      '  "results": [',
      '    {',
      '      "status": "500",',
      '      "message": "one item failed"',
      '    }',
      '  ],',
      '  "ok": true',
      '}',
      `(${ID}) Method completed with status: 200`,
    ]);
    assert.deepEqual(analysis.failures, []);
  });

  it('counts a bracket that opens or closes no object as a line of its own', () => {
    const analysis = read(['[', 'not an object', ']']);
    assert.equal(analysis.stats.unparsed, 3);
  });

  // SYNTHETIC: an execution log's response body printed over several lines, holding an array of
  // objects whose members an access line has too (`requestId`, `status`).
  const id = '(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) ';
  const element = (requestId: string, status: string, last: boolean) => [
    '    {',
    `      "requestId": "${requestId}",`,
    `      "status": "${status}"`,
    last ? '    }' : '    },',
  ];
  const messages = (lines: readonly string[]) =>
    parseInput(lines.join('\n'), 'body.log').batches.flatMap((b) => b.events.map((e) => e.message));

  it("leaves an array of objects inside an execution log's response body as the body's lines", () => {
    const body = [
      `${id}Endpoint response body before transformations: {`,
      '  "errors": [',
      ...element('x-1', '503', false),
      ...element('x-2', '429', true),
      '  ],',
      '  "count": 2',
      '}',
    ];
    const lines = [...body, `${id}Method completed with status: 200`];
    assert.deepEqual(messages(lines), lines);
    const analysis = read(lines);
    assert.deepEqual([analysis.stats.requests, analysis.stats.failed, analysis.stats.unparsed], [1, 0, 0]);
  });

  it("leaves an array of objects under a log line ending in ':' as that message's body", () => {
    const lines = [
      `${id}Endpoint response body before transformations:`,
      '  [',
      ...element('x-1', '504', false),
      ...element('x-2', '502', true),
      '  ]',
      `${id}Method completed with status: 200`,
    ];
    assert.deepEqual(messages(lines), lines);
    const analysis = read(lines);
    assert.deepEqual([analysis.stats.requests, analysis.stats.failed, analysis.stats.unparsed], [1, 0, 0]);
  });
});

describe('Logs Insights rows copied without a header, aligned by spaces', () => {
  // SYNTHETIC rows in the shape of DataBiosphere/azul#7355's (see test/fixtures/real-lines.json).
  const rows = [
    '2025-08-17 03:21:50.172  192.0.2.10  /repository/files/8276ee83  -  302  curl/8.4.0  58.1 MB',
    '2025-08-17 03:21:55.350  192.0.2.10  /repository/files/3e6afaf6  WAF_FILTERED  429  curl/8.4.0   6.8 MB',
  ];
  const messages = (text: string) =>
    parseInput(text, 'rows.txt').batches.flatMap((b) => b.events.map((e) => [e.timestamp, e.message]));

  it('reads each row as the access line it stands for: its time, address, path, response type and status', () => {
    assert.deepEqual(messages(rows.join('\n')), [
      [
        Date.UTC(2025, 7, 17, 3, 21, 50, 172),
        '{"requestTime":"2025-08-17T03:21:50.172Z","status":"302","path":"/repository/files/8276ee83","sourceIp":"192.0.2.10"}',
      ],
      [
        Date.UTC(2025, 7, 17, 3, 21, 55, 350),
        '{"requestTime":"2025-08-17T03:21:55.350Z","status":"429","error.responseType":"WAF_FILTERED","path":"/repository/files/3e6afaf6","sourceIp":"192.0.2.10"}',
      ],
    ]);
    const analysis = analyze(parseInput(rows.join('\n'), 'rows.txt').batches);
    assert.deepEqual(
      [analysis.stats.requests, analysis.stats.unparsed, analysis.failures.map((f) => f.cause)],
      [2, 0, ['auth.waf']],
    );
  });

  it('leaves a dated line whose cells are no request row as it is', () => {
    for (const line of [
      // No path or address beside the status: a job log, not a request.
      '2025-08-17 03:21:50.172  INFO  -  200  items indexed',
      // Single spaces: prose, not aligned cells.
      '2025-08-17 03:21:50 the deploy of /api - 200 routes changed',
      // No response type or `-` right before the status.
      '2025-08-17 03:21:50.172  192.0.2.10  /repository/files  GET  200',
      // SYNTHETIC: a job log's dated line whose only other cells are a duration or a hex word, no
      // address: `00:00:12` and `dead:beef` have colons but are no IPv6 address.
      '2025-08-17 03:21:50.172  worker-3  -  500  00:00:12',
      '2025-08-17 03:21:50  nightly-export  -  503  dead:beef',
      // SYNTHETIC: a Lambda function's own log line (the Node.js runtime's time, request id and level,
      // tab-separated) whose message is a path, `-` and a status separated by tabs.
      '2025-08-17T03:21:50.172Z\t8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d\tINFO\t/orders\t-\t500',
      '2025-08-17T03:21:50.172Z\t8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d\tERROR\t192.0.2.10\t-\t502',
    ]) {
      assert.deepEqual(messages(line), [[0, line]], line);
    }
  });
});

describe('CloudWatch console events rows', () => {
  // Real lines: a course notebook's comment block (AWS Cloud Institute 'Regular Expressions
  // Examples', index file id 19409618990) quoting a row of the console's log events table.
  const block = [
    '# **Hold on** ... **I see** some **calls from IP addresses** that do **not start with 81. For instance**:',
    '# ```',
    '# | 1713481524320 | { "requestId":"cd09a709-7933-4803-b886-bcd8a12e14d7", "ip": "89.248.171.23", "caller":"-", "user":"-","requestTime":"18/Apr/2024:23:05:24 +0000", "httpMethod":"GET","resourcePath":"/moviesummary", "status":"200","protocol":"HTTP/1.1", "responseLength":"4478" }     | 8cdc959f069244cb30b8ad47bce0771d',
    '# ```',
  ];

  it("dates a row's object by its epoch-millisecond cell, behind a comment's mark and between fence lines", () => {
    const events = parseInput(block.join('\n'), 'notebook.py').batches.flatMap((b) => b.events);
    assert.deepEqual(
      events.map((e) => [e.timestamp, e.message.startsWith('{ "requestId":"cd09a709')]),
      [
        [0, false],
        [0, false],
        [1713481524320, true],
        [0, false],
      ],
    );
    const analysis = analyze(parseInput(block.join('\n'), 'notebook.py').batches);
    assert.equal(analysis.stats.requests, 1);
    assert.equal(analysis.stats.unparsed, 3, 'the prose line and the two fences');
  });

  it('reads a row with its closing bar, and leaves one whose middle cell is no object as it is', () => {
    // SYNTHETIC rows in the real row's shape.
    const closed =
      '| 1713481524320 | {"requestId":"synthetic-4","status":"403"} | 8cdc959f069244cb30b8ad47bce0771d |';
    const notObject = '| 1713481524320 | {"requestId":"synthetic-4", | 8cdc959f069244cb30b8ad47bce0771d';
    const events = parseInput([closed, notObject].join('\n'), 'rows.txt').batches.flatMap((b) => b.events);
    assert.deepEqual(
      events.map((e) => [e.timestamp, e.message]),
      [
        [1713481524320, '{"requestId":"synthetic-4","status":"403"}'],
        [0, notObject],
      ],
    );
  });

  it('reads a row of many bars and braces in linear time', () => {
    // SYNTHETIC: a 1.2 MB row whose object cell never parses; every `}` is a place the row may end.
    const script = `
      const { parseInput } = require(${JSON.stringify(join(__dirname, '..', '..', 'cli', 'input.ts'))});
      const row = '| 1713481524320 | {' + '} |x'.repeat(300000);
      console.log(parseInput(row, 'x').batches[0].events[0].timestamp);`;
    assert.equal(outputWithinLimit(script, 'reading a console events row went quadratic'), '0');
  });
});

describe('JSON test-invoke output cut off inside its log string', () => {
  // SYNTHETIC output in the shape of a real paste (stelligent-u lab notes, in
  // test/fixtures/real-successes.json as MD-stelligent-u-test-invoke-truncated-200): the output of
  // `aws apigateway test-invoke-method`, pretty-printed, whose paste stops inside its `log` string.
  const cutOutput = (status: number, logTail: string): string[] => [
    '{',
    `    "status": ${status},`,
    '    "body": "{\\"message\\": \\"Internal server error\\"}",',
    '    "headers": {',
    '        "x-amzn-ErrorType": "InternalServerErrorException"',
    '    },',
    `    "log": "Execution log for request ${ID_A}\\nWed Nov 25 10:15:30 UTC 2026 : Starting execution for request: ${ID_A}\\n${logTail}`,
  ];
  const analysisOf = (lines: readonly string[]) => analyze(parseInput(lines.join('\n'), 'cut.txt').batches);

  it('reads the log up to the cut, ends it with the status above it, and counts none of the output unparsed', () => {
    const lines = [
      ...cutOutput(
        502,
        'Wed Nov 25 10:15:30 UTC 2026 : Execution failed due to configuration error: Malformed Lambda proxy response\\nWed Nov 25 10:15:30 UTC 2026 : Method compl',
      ),
      'and the rest of the output is left out here.',
    ];
    const analysis = analysisOf(lines);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.cause, f.clientStatus]),
      [[ID_A, 'server.bad-response', 502]],
    );
    assert.deepEqual(
      analysis.unparsed.map((u) => u.sample),
      ['and the rest of the output is left out here.'],
      'only the prose after the cut',
    );
  });

  it('reads a cut inside an escape, and reports nothing for an output whose status says it succeeded', () => {
    for (const tail of [
      'Wed Nov 25 10:15:30 UTC 2026 : Method request path: {\\',
      'Method request body: caf\\u00',
    ]) {
      const analysis = analysisOf(cutOutput(200, tail));
      assert.deepEqual(analysis.failures, [], tail);
      assert.equal(analysis.stats.unparsed, 0, tail);
      assert.equal(analysis.stats.requests, 1, tail);
    }
  });

  it('leaves a log string that closes to the JSON readers, and a log member without its output to stand alone', () => {
    const whole = [
      ...cutOutput(502, 'Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502\\n",'),
      '    "latency": 39',
      '}',
    ];
    const analysis = analysisOf(whole);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.clientStatus]),
      [[ID_A, 502]],
    );
    assert.equal(analysis.stats.unparsed, 0);
    // Prose between the output's members and its log: the status above it is not the log's.
    const apart = cutOutput(502, 'Wed Nov 25 10:15:30 UTC 2026 : Method request path: {}');
    apart.splice(-1, 0, 'Here is the log:');
    assert.deepEqual(analysisOf(apart).failures, []);
  });

  // SYNTHETIC: an access-log record pretty-printed as a whole JSON object (the REST JSON preset's
  // fields, its status logged as a number), and members of other objects, above a cut log member.
  const accessObject = [
    '{',
    `    "requestId": "${ID_B}",`,
    '    "ip": "198.51.100.7",',
    '    "requestTime": "25/Nov/2026:10:15:30 +0000",',
    '    "httpMethod": "GET",',
    '    "resourcePath": "/orders",',
    '    "status": 504,',
    '    "protocol": "HTTP/1.1",',
    '    "responseLength": 41,',
    '    "responseType": "INTEGRATION_TIMEOUT"',
    '}',
  ];
  const cutLog = (id: string) =>
    `    "log": "Execution log for request ${id}\\nWed Nov 25 10:15:30 UTC 2026 : Starting execution for request: ${id}\\nWed Nov 25 10:15:30 UTC 2026 : Method request path: {}`;

  it('takes no member of an object that closed above the log: a whole access-log record there is read as itself', () => {
    for (const between of [[], ['    "status": 200,']]) {
      const analysis = analysisOf([...accessObject, ...between, cutLog(ID_A)]);
      assert.deepEqual(
        analysis.failures.map((f) => [f.requestId, f.cause, f.clientStatus]),
        [[ID_B, 'timeout.integration', 504]],
        JSON.stringify(between),
      );
    }
  });

  it('leaves an output whose log string goes on over the next lines, and whose object closes, to the JSON reader', () => {
    // A copy from a document breaks a long string over lines; the pretty-printed object reader
    // joins it, and the whole output is one request, read once.
    const wrapped = [
      ...cutOutput(
        502,
        'Wed Nov 25 10:15:30 UTC 2026 : Execution failed due to configuration error: Malformed Lambda proxy response\\nWed Nov 25 10:15:30 UTC 2026 :',
      ),
      'Method completed with status: 502\\n",',
      '    "latency": 39',
      '}',
    ];
    const analysis = analysisOf(wrapped);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.cause, f.clientStatus]),
      [[ID_A, 'server.bad-response', 502]],
    );
    assert.equal(analysis.stats.requests, 1);
  });

  it("takes no status of another output's members, nor of a nested object", () => {
    const afterAnother = [
      ...cutOutput(
        502,
        'Wed Nov 25 10:15:30 UTC 2026 : Execution failed due to configuration error: Malformed Lambda proxy response',
      ),
      cutLog(ID_B),
    ];
    assert.deepEqual(
      analysisOf(afterAnother).failures.map((f) => [f.requestId, f.clientStatus]),
      [[ID_A, 502]],
    );
    const nested = [
      '{',
      '    "latency": 39,',
      '    "meta": {',
      '        "status": 503',
      '    },',
      cutLog(ID_A),
    ];
    assert.deepEqual(analysisOf(nested).failures, []);
  });
});

describe('test-invoke output printed as YAML (--output yaml)', () => {
  // SYNTHETIC output in the shape of `aws apigateway test-invoke-method --output yaml` as a real
  // notes file printed it (test/fixtures/real-lines.json, CODELITS-GOURMEALS-YAML-*): a list item
  // whose `log` is a double-quoted scalar folded over lines indented deeper than its key.
  const yamlOutput = (id: string, status: number): string[] => [
    `- body: '{"message": "Internal server error"}'`,
    '  headers:',
    '    x-amzn-ErrorType: InternalServerErrorException',
    '  latency: 39',
    `  log: "Execution log for request ${id}\\nWed Nov 25 10:15:30 UTC 2026 : Endpoint`,
    '    response body before transformations: {\\"menuid\\":\\"9\\",\\"name\\":\\"The',
    '    Republic\\"}\\nWed Nov 25 10:15:30 UTC 2026 : Execution failed due to configuration',
    '    error: Malformed Lambda proxy response\\nWed Nov 25 10:15:30 UTC 2026 : Method completed',
    `    with status: ${status}\\n"`,
    '  multiValueHeaders:',
    '    x-amzn-ErrorType:',
    '    - InternalServerErrorException',
    `  status: ${status}`,
  ];
  const messagesOf = (text: string): string[] =>
    parseInput(text, 'yaml.txt').batches.flatMap((b) => b.events.map((e) => e.message));

  it('reads the folded log line by line, with its request id and status, and counts none of the mapping unparsed', () => {
    const text = [
      '# Invoke the API Gateway',
      'aws apigateway test-invoke-method --rest-api-id abc123',
      ...yamlOutput(ID_A, 502),
    ];
    assert.deepEqual(messagesOf(text.join('\n')).slice(2), [
      `Execution log for request ${ID_A}`,
      'Wed Nov 25 10:15:30 UTC 2026 : Endpoint response body before transformations: {"menuid":"9","name":"The Republic"}',
      'Wed Nov 25 10:15:30 UTC 2026 : Execution failed due to configuration error: Malformed Lambda proxy response',
      'Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502',
    ]);
    const analysis = analyze(parseInput(text.join('\n'), 'yaml.txt').batches);
    assert.equal(analysis.stats.unparsed, 2, 'only the comment and the command line');
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.cause, f.clientStatus]),
      [[ID_A, 'server.bad-response', 502]],
    );
  });

  it('reads each item of a list of outputs as a request of its own', () => {
    const text = [...yamlOutput(ID_A, 502), ...yamlOutput(ID_B, 504)].join('\n');
    const analysis = analyze(parseInput(text, 'yaml.txt').batches);
    assert.equal(analysis.stats.unparsed, 0);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.clientStatus]),
      [
        [ID_A, 502],
        [ID_B, 504],
      ],
    );
  });

  it('folds as YAML does: an escaped line end joins without a space, an empty line is a line break, escapes are read', () => {
    const text = [
      'log: "Execution log for request test-request\\nWed Nov 25 10:15:30 UTC 2026 : Method request',
      '  headers: {Accept=\\t\\/x, Name=caf\\u00e9 \\\\o/}\\nWed Nov 25 10:15:30 UTC 2026 : Execution fa\\',
      '  iled due to configuration error: Malformed Lambda proxy response',
      '',
      '  Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502"',
      'latency: 39',
      'status: 502',
    ].join('\n');
    assert.deepEqual(messagesOf(text), [
      'Execution log for request test-request',
      'Wed Nov 25 10:15:30 UTC 2026 : Method request headers: {Accept=\t/x, Name=café \\o/}',
      'Wed Nov 25 10:15:30 UTC 2026 : Execution failed due to configuration error: Malformed Lambda proxy response',
      'Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502',
    ]);
  });

  it('reads a log printed as a literal block (| or |-), dedented, and ends a log without its final line with the status', () => {
    for (const indicator of ['|', '|-']) {
      const text = [
        '- clientStatus: 403',
        '  latency: 12',
        `  log: ${indicator}`,
        '    Execution log for request test-request',
        '    Wed Nov 25 10:15:30 UTC 2026 : Starting authorizer: q2uugl for request: test-request',
        '  policy: null',
      ].join('\n');
      assert.deepEqual(messagesOf(text), [
        'Execution log for request test-request',
        'Wed Nov 25 10:15:30 UTC 2026 : Starting authorizer: q2uugl for request: test-request',
        'Method completed with status: 403',
      ]);
    }
  });

  it('leaves a log key that holds no execution log, or one whose quote never closes, to be read line by line', () => {
    const other = ['log: "Server started"', 'status: 200'];
    assert.deepEqual(messagesOf(other.join('\n')), other);
    const open = ['log: "Execution log for request test-request', 'status: 502'];
    assert.deepEqual(messagesOf(open.join('\n')), open);
  });

  it('leaves a log whose escape names no character (beyond U+10FFFF) to be read line by line, refusing nothing', () => {
    const beyond = ['log: "Execution log for request test-request\\UFFFFFFFF"', 'status: 502'];
    assert.deepEqual(messagesOf(beyond.join('\n')), beyond);
  });

  it("takes no log line indented under the output's keys for one of them: it is read", () => {
    // SYNTHETIC: a log line indented below the output, or between its keys, was passed over as the
    // child of a key and never read.
    const logLine = `    (${ID_B}) Execution failed due to configuration error: Invalid permissions on Lambda function`;
    const output = [
      `log: "Execution log for request ${ID_A}\\nWed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502"`,
      'status: 502',
    ];
    for (const text of [
      [...output, logLine],
      [output[1] ?? '', logLine, output[0] ?? ''],
    ]) {
      const analysis = analyze(parseInput(text.join('\n'), 'yaml.txt').batches);
      assert.deepEqual(
        analysis.failures.map((f) => [f.requestId, f.clientStatus]).sort(),
        [
          [ID_A, 502],
          [ID_B, null],
        ],
        text.join('\n'),
      );
    }
  });

  it('reads YAML outputs in linear time, however many log keys never close', () => {
    // SYNTHETIC: 100,000 `log:` keys whose quote runs on over a deeper line and never closes, then one
    // output; each key is read once, and its lines are passed over, not read again for the next key.
    const script = `
      const { parseInput } = require(${JSON.stringify(join(__dirname, '..', '..', 'cli', 'input.ts'))});
      const open = '- log: "Execution log for request r1\\\\nWed Nov 25 10:15:30 UTC 2026 : x\\n    y\\n'.repeat(100000);
      const closed = '- log: "Execution log for request r2\\\\nWed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502"\\n  status: 502\\n';
      const events = parseInput(open + closed, 'x').batches[0].events;
      const long = '- log: "Execution log for request r3\\\\nx' + '\\n    y'.repeat(300000) + '"\\n';
      console.log(events.length, events.at(-1).message, parseInput(long, 'x').batches[0].events.length);`;
    assert.equal(
      outputWithinLimit(script, 'reading YAML test-invoke output went quadratic'),
      '200002 Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502 2',
    );
  });
});

describe('CloudWatch exports: rows and times', () => {
  const row = (fields: Record<string, string>) =>
    Object.entries(fields).map(([field, value]) => ({ field, value }));

  it('keeps rows of one time in the order they came, and sorts ascending ones', () => {
    const same = `timestamp,message\n1579627365978,${EXECUTION_LINE}\n1579627365978,${EXECUTION_LINE} again\n`;
    assert.deepEqual(
      parseInput(same, 'same.csv').batches[0]?.events.map((e) => e.message),
      [EXECUTION_LINE, `${EXECUTION_LINE} again`],
    );
    const mixed = `timestamp,message\n1579627365979,${EXECUTION_LINE} again\n1579627365978,${EXECUTION_LINE}\n1579627365980,${EXECUTION_LINE} last\n`;
    assert.deepEqual(
      parseInput(mixed, 'mixed.csv').batches[0]?.events.map((e) => e.message),
      [EXECUTION_LINE, `${EXECUTION_LINE} again`, `${EXECUTION_LINE} last`],
    );
  });

  it('orders rows of the same millisecond the same way whether or not a later row follows', () => {
    const a = `${EXECUTION_LINE} a`;
    const b = `${EXECUTION_LINE} b`;
    const newestFirst = (rows: string[]) =>
      parseInput(`timestamp,message\n${rows.join('\n')}\n`, 'x.csv').batches[0]?.events.map((e) => e.message);
    assert.deepEqual(newestFirst([`1579627365979,${b}`, `1579627365978,${a}`]), [a, b]);
    assert.deepEqual(newestFirst([`1579627365980,last`, `1579627365978,${b}`, `1579627365978,${a}`]), [
      a,
      b,
      'last',
    ]);
  });

  it('reads times without a zone as UTC, epoch seconds and epoch milliseconds', () => {
    const utc = Date.UTC(2024, 4, 1, 10, 0, 0);
    for (const text of [
      '2024-05-01 10:00:00.000',
      '2024-05-01T10:00:00.000',
      '1714557600',
      '1714557600000',
      '1714557600.000',
      '1714557600000.25',
      '2024-05-01T12:00:00+02:00',
    ])
      assert.equal(exportedTime(text), utc, text);
    assert.equal(exportedTime('yesterday'), 0);
  });

  it("treats a discovered field called message as a field of the line, not the line (Insights' @message is the line)", () => {
    const results = {
      results: [
        row({ '@timestamp': '2024-05-01 10:00:00.000', status: '403', message: 'Forbidden', '@ptr': 'p1' }),
      ],
      status: 'Complete',
    };
    const [event] = parseInput(JSON.stringify(results), 'fields.json').batches[0]?.events ?? [];
    assert.deepEqual(JSON.parse(event?.message ?? ''), { status: '403', message: 'Forbidden' });
  });

  it("leaves an empty cell out of the row's line: a field that line did not have, not one it logged without a value", () => {
    // SYNTHETIC row: `fields status, routeKey` over a log group where some lines have no routeKey.
    const results = {
      results: [row({ '@timestamp': '2024-05-01 10:00:00.000', status: '404', routeKey: '', '@ptr': 'p1' })],
      status: 'Complete',
    };
    const [event] = parseInput(JSON.stringify(results), 'fields.json').batches[0]?.events ?? [];
    assert.deepEqual(JSON.parse(event?.message ?? ''), { status: '404' });
  });

  it('skips a row that holds none of the queried fields, only @ptr, and reads the rows beside it', () => {
    const results = {
      results: [
        row({
          integrationErrorMessage: 'The Lambda function returned the following error: boom.',
          '@ptr': 'p1',
        }),
        row({ '@ptr': 'p2' }),
      ],
      status: 'Complete',
    };
    const events = parseInput(JSON.stringify(results), 'fields.json').batches.flatMap((b) => b.events);
    assert.deepEqual(
      events.map((e) => JSON.parse(e.message)),
      [{ integrationErrorMessage: 'The Lambda function returned the following error: boom.' }],
    );
  });

  it('refuses the results of a query that was still running, and says to fetch them again', () => {
    const running = { results: [row({ '@message': EXECUTION_LINE, '@ptr': 'p1' })], status: 'Running' };
    assert.throws(
      () => parseInput(JSON.stringify(running), 'running.json'),
      (error: unknown) =>
        error instanceof InputError && /still Running/.test(error.message) && /Complete/.test(error.hint),
    );
  });

  it('refuses an Insights CSV table of statistics', () => {
    assert.throws(
      () => parseInput('@timestamp,message,count(*)\n2024-05-01 10:00:00.000,Forbidden,37\n', 'stats.csv'),
      (error: unknown) => error instanceof InputError && /statistics/.test(error.message),
    );
  });

  it("unwraps a get-log-events event (no id, but CloudWatch's ingestion time), not a body shaped like one", () => {
    const event = JSON.stringify({
      timestamp: 1_700_000_000_000,
      message: ACCESS_LINE,
      ingestionTime: 1_700_000_000_100,
    });
    assert.deepEqual(
      parseInput(`${event}\n`, 'events.jsonl').batches[0]?.events.map((e) => [e.message, e.timestamp]),
      [[ACCESS_LINE, 1_700_000_000_000]],
    );
    const body = `(id1) Endpoint response body before transformations:\n${JSON.stringify({ id: 'e1', timestamp: 1, message: 'x' })}\n`;
    assert.deepEqual(
      parseInput(body, 'body.log').batches[0]?.events.map((e) => e.message),
      ['(id1) Endpoint response body before transformations:', '{"id":"e1","timestamp":1,"message":"x"}'],
    );
  });

  it('reads inputs built to make the rejoining and the CSV header check go quadratic in seconds, not minutes', () => {
    // Each took 19-106 s before these checks were made linear.
    const script = `
      const { parseInput } = require(${JSON.stringify(join(__dirname, '..', '..', 'cli', 'input.ts'))});
      const blocks = Array.from({ length: 120 }, () => '{\\n'.repeat(250) + '"a": 1\\n' + '}\\n'.repeat(250)).join('');
      const dumps = Array.from({ length: 20000 }, (_, i) => '{\\n"id": ' + i + ',\\n  name: \\'x\\'\\n').join('') + '}\\n';
      const header = 'message,'.repeat(25000) + ' \\nrest';
      console.log([blocks, dumps, header].map((text) => parseInput(text, 'x').batches.length).join(','));`;
    assert.equal(outputWithinLimit(script, 'reading the input went quadratic'), '1,1,1');
  });

  it('reads commented objects in linear time, however many commented openings share one run of marked lines', () => {
    // SYNTHETIC: 100,000 `#{` openings over a quoted key each, all behind one mark, one `#}` at the
    // end: the run of marked lines is found once, and the closing line tried once.
    const script = `
      const { parseInput } = require(${JSON.stringify(join(__dirname, '..', '..', 'cli', 'input.ts'))});
      const text = '#{\\n#"a": 1,\\n'.repeat(100000) + '#}\\n';
      console.log(parseInput(text, 'x').batches[0].events.length);`;
    assert.equal(outputWithinLimit(script, 'each commented opening scanned its run again'), '200001');
  });

  it('finds the closing line of indented objects in linear time, however many openings share it', () => {
    // SYNTHETIC: 100,000 indented openings over a quoted key each, one indented closing at the end.
    const script = `
      const { parseInput } = require(${JSON.stringify(join(__dirname, '..', '..', 'cli', 'input.ts'))});
      const text = 'x\\n' + '  {\\n  "a": 1,\\n'.repeat(100000) + '  }\\n';
      console.log(parseInput(text, 'x').batches[0].events.length);`;
    assert.equal(outputWithinLimit(script, 'each indented opening scanned for its closing line'), '200002');
  });

  it('tries each run of brace-less JSON members once, however long, so reading one stays linear', () => {
    // SYNTHETIC: 300,000 member lines with no access-log field; a run tried again from each of its
    // lines would read 500 lines per line.
    const script = `
      const { parseInput } = require(${JSON.stringify(join(__dirname, '..', '..', 'cli', 'input.ts'))});
      const text = '"a": 1,\\n'.repeat(300000);
      console.log(parseInput(text, 'x').batches[0].events.length);`;
    assert.equal(outputWithinLimit(script, 'each member line tried its run again'), '300000');
  });

  it('reads Insights tables built to go quadratic (a row that never ends, a row of many cells) in seconds', () => {
    const script = `
      const { parseInput } = require(${JSON.stringify(join(__dirname, '..', '..', 'cli', 'input.ts'))});
      const head = '| @timestamp | @message |\\n| --- | --- |\\n';
      const endless = (text) => { try { parseInput(text, 'x'); return 'read'; } catch (error) { return error.constructor.name; } };
      const markdown = endless(head + '| 2026-11-25 10:15:30.000 | (id1) body:\\n' + 'x\\n'.repeat(200000));
      const tabs = endless('@timestamp\\t@message\\t@log\\n2026-11-25 10:15:30.000\\t(id1) body:\\n' + 'x\\n'.repeat(200000));
      const dividers = endless(head + '| 2026-11-25 10:15:30.000 | (id1) body:\\n' + '| x\\n'.repeat(200000));
      const wide = parseInput(head + '| 2026-11-25 10:15:30.000 | (id1) ' + 'a | '.repeat(200000) + '|\\n', 'x');
      console.log([markdown, tabs, dividers, wide.batches[0].events[0].message.length].join(','));`;
    assert.equal(
      outputWithinLimit(script, 'reading an Insights table went quadratic'),
      'InputError,InputError,InputError,800005',
    );
  });
});

describe('reading input bytes', () => {
  it('inflates gzip files before detection', () => {
    assert.equal(bytesToText(gzipSync(`${EXECUTION_LINE}\n`), 'x.gz'), `${EXECUTION_LINE}\n`);
  });

  it('refuses a gzip file that inflates beyond the limit, saying it inflates past it and to split it inflated', () => {
    // A 2.9 MB file "larger than 256 MiB" reads as a wrong size: it is the inflated text that is.
    assert.throws(
      () => bytesToText(gzipSync(Buffer.alloc(4 * 1024 * 1024)), 'bomb.gz', 1024 * 1024),
      (error: unknown) =>
        error instanceof InputError &&
        error.message === 'bomb.gz inflates to more than 1 MiB; refused' &&
        /gunzip -c bomb\.gz \| split/.test(error.hint),
    );
  });

  it('drops a UTF-8 byte-order mark, so the first line reads like the others', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    assert.equal(
      bytesToText(Buffer.concat([bom, Buffer.from(`${ACCESS_LINE}\n`)]), 'bom.log'),
      `${ACCESS_LINE}\n`,
    );
  });

  it('decodes UTF-16 behind its byte-order mark, as PowerShell 5 and Notepad write it', () => {
    const text = `${ACCESS_LINE}\r\n${EXECUTION_LINE} é\r\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    assert.equal(bytesToText(le, 'ps5.log'), text);
    assert.equal(bytesToText(be, 'be.log'), text);
    assert.equal(bytesToText(gzipSync(le), 'ps5.log.gz'), text);
  });

  const notText: [string, Buffer, RegExp][] = [
    ['a NUL byte', Buffer.from('abc\u0000def\n'), /^bin\.log is not text: a NUL byte at byte 3$/],
    [
      'invalid UTF-8 after text',
      Buffer.concat([Buffer.from('ok line \uFFFD\n'), Buffer.from([0xc3, 0x28])]),
      /^bin\.log is not text: invalid UTF-8 at byte 12$/,
    ],
    ['a Latin-1 byte', Buffer.from('caf\xe9\n', 'latin1'), /^bin\.log is not text: invalid UTF-8 at byte 3$/],
    [
      'a UTF-16 byte-order mark before an odd number of bytes',
      Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42]),
      /^bin\.log starts with a UTF-16 byte-order mark but is not valid UTF-16 text$/,
    ],
    [
      // Inside the text: NULs ending it are padding, dropped (test/cli/nul-padding.test.ts).
      'UTF-16 holding a NUL character',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\u0000b', 'utf16le')]),
      /^bin\.log is not text: a NUL character at byte 4$/,
    ],
  ];
  for (const [what, bytes, message] of notText) {
    it(`refuses ${what} as not text, naming where`, () => {
      assert.throws(
        () => bytesToText(bytes, 'bin.log'),
        (error: unknown) =>
          error instanceof InputError && message.test(error.message) && /UTF-8/.test(error.hint),
      );
    });
  }

  // SYNTHETIC archives: each format's leading bytes (its magic number, tar's "ustar" at offset 257)
  // over compressed log text, as a colleague's "here are the logs" attachment holds them. Only gzip
  // is inflated, so the user is told what the file is and the command that opens it.
  const logText = Buffer.from(`${ACCESS_LINE}\n${EXECUTION_LINE}\n`.repeat(20));
  const tarHeader = Buffer.alloc(512);
  tarHeader.write('incident.log', 0);
  tarHeader.write('ustar', 257);
  const archives: [string, Buffer, RegExp, RegExp][] = [
    [
      'a zip archive',
      Buffer.concat([
        Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000', 'latin1'),
        deflateRawSync(logText),
      ]),
      /^logs\.bin is a zip archive, not log text$/,
      /unzip logs\.bin/,
    ],
    [
      'a tar archive',
      Buffer.concat([tarHeader, logText, Buffer.alloc(1024)]),
      /^logs\.bin is a tar archive, not log text$/,
      /tar xf logs\.bin/,
    ],
    [
      'a bzip2 file',
      Buffer.concat([Buffer.from('BZh91AY&SY', 'latin1'), deflateRawSync(logText)]),
      /^logs\.bin is bzip2-compressed, not log text$/,
      /bzcat logs\.bin \| apigw-errors classify/,
    ],
    [
      'an xz file',
      Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), deflateRawSync(logText)]),
      /^logs\.bin is xz-compressed, not log text$/,
      /xzcat logs\.bin \| apigw-errors classify/,
    ],
    [
      'a zstd file',
      Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), deflateRawSync(logText)]),
      /^logs\.bin is zstd-compressed, not log text$/,
      /zstdcat logs\.bin \| apigw-errors classify/,
    ],
    [
      'UTF-16LE text without its byte-order mark',
      Buffer.from(logText.toString(), 'utf16le'),
      /^logs\.bin is UTF-16LE text without a byte-order mark$/,
      /iconv -f UTF-16LE -t UTF-8 logs\.bin \| apigw-errors classify/,
    ],
  ];
  for (const [what, bytes, message, hint] of archives) {
    it(`refuses ${what} naming what it is and the command that turns it into log text`, () => {
      assert.throws(
        () => bytesToText(bytes, 'logs.bin'),
        (error: unknown) =>
          error instanceof InputError && message.test(error.message) && hint.test(error.hint),
      );
    });
  }

  it("quotes a file name the shell would split in the command it gives, as a download's name often is", () => {
    assert.throws(
      () =>
        bytesToText(
          Buffer.concat([Buffer.from([0x42, 0x5a, 0x68]), deflateRawSync(logText)]),
          "API logs (it's 3am).bz2",
        ),
      (error: unknown) =>
        error instanceof InputError &&
        error.hint.endsWith(`bzcat 'API logs (it'\\''s 3am).bz2' | apigw-errors classify`),
    );
  });

  it('gives a file name that starts with a dash as ./name, so the command does not read it as options', () => {
    assert.throws(
      () =>
        bytesToText(
          Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), deflateRawSync(logText)]),
          '-report.zip',
        ),
      (error: unknown) => error instanceof InputError && /unzip \.\/-report\.zip -d logs/.test(error.hint),
    );
  });

  it('tells gzipped UTF-16 text without a byte-order mark to be inflated before iconv reads it', () => {
    assert.throws(
      () => bytesToText(gzipSync(Buffer.from(logText.toString(), 'utf16le')), 'u16.log.gz'),
      (error: unknown) =>
        error instanceof InputError &&
        error.message === 'u16.log.gz is gzip-compressed UTF-16LE text without a byte-order mark' &&
        error.hint.endsWith('zcat u16.log.gz | iconv -f UTF-16LE -t UTF-8 | apigw-errors classify'),
    );
  });

  it('names a tar archive inside a gzip file (.tar.gz, .tgz) by the name the user gave', () => {
    const tgz = gzipSync(Buffer.concat([tarHeader, logText, Buffer.alloc(1024)]));
    assert.throws(
      () => bytesToText(tgz, 'logs.tgz'),
      (error: unknown) =>
        error instanceof InputError &&
        error.message === 'logs.tgz is a tar archive, not log text' &&
        /tar xf logs\.tgz/.test(error.hint),
    );
  });

  it('refuses a gzip file whose inflated content is binary', () => {
    assert.throws(
      () => bytesToText(gzipSync(Buffer.from([0x41, 0x00, 0x42])), 'x.gz'),
      (error: unknown) =>
        error instanceof InputError && error.message === 'x.gz (inflated) is not text: a NUL byte at byte 1',
    );
  });

  it('reads a stream up to the limit and refuses one byte more', async () => {
    const ok = await readLimited(Readable.from([Buffer.alloc(600), Buffer.alloc(424)]), '-', 1024);
    assert.equal(ok.length, 1024);
    await assert.rejects(
      readLimited(Readable.from([Buffer.alloc(600), Buffer.alloc(425)]), '-', 1024),
      (error: unknown) => error instanceof InputError && /- is larger than/.test(error.message),
    );
  });
});
