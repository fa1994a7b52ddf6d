/**
 * access-log: every AWS preset format (REST and HTTP APIs), custom JSON in any key spelling, value
 * shapes, the double-quoted messageString quirk, and requestTime parsing. Every line here is
 * synthetic: the AWS preset templates from the API Gateway developer guide filled with invented values.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAccessLine, parseTime, splitCsv } from '../../../lambda/core/access-log';
import { analyze } from '../../../lambda/core/pipeline';
import type { AccessLogRecord } from '../../../lambda/core/types';
import { outputWithinLimit } from '../../support/time-limit';

const ID = '8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
const EXT = 'Abc1DEfGhIJKLmN=';
/** 25 Nov 2026 10:15:30 UTC, the time every preset line below carries. */
const TIME_MS = Date.UTC(2026, 10, 25, 10, 15, 30);

function record(line: string): AccessLogRecord {
  const parsed = parseAccessLine(line);
  assert.ok(parsed?.ok, `expected an access record from ${line}, got ${JSON.stringify(parsed)}`);
  return parsed.record;
}

describe('parseAccessLine: AWS preset formats (synthetic values in the exact preset templates)', () => {
  const presets: readonly {
    readonly name: string;
    readonly line: string;
    readonly expected: Partial<AccessLogRecord>;
  }[] = [
    {
      // $context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime]"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId
      name: 'REST CLF (no space between the time and the quoted request)',
      line: `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000]"GET /pets/{id} HTTP/1.1" 502 36 ${ID} ${EXT}`,
      expected: {
        format: 'clf',
        httpMethod: 'GET',
        resourcePath: '/pets/{id}',
        status: 502,
        requestId: ID,
        extendedRequestId: EXT,
      },
    },
    {
      // $context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId
      name: 'HTTP API CLF',
      line: `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "GET GET /pets HTTP/1.1" 404 23 ${EXT}`,
      expected: { format: 'clf', httpMethod: 'GET', routeKey: 'GET /pets', status: 404, requestId: EXT },
    },
    {
      // The HTTP API CLF preset with $context.integrationErrorMessage appended, as AWS's "Troubleshooting
      // issues with HTTP API Lambda integrations" guide tells users to do.
      name: 'HTTP API CLF with the integration error message appended',
      line: `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "GET $default HTTP/1.1" 500 35 ${EXT} The IAM role configured on the integration or API Gateway doesn't have permissions to call the integration. Check the permissions and try again.`,
      expected: {
        format: 'clf',
        httpMethod: 'GET',
        routeKey: '$default',
        status: 500,
        requestId: EXT,
        extendedRequestId: undefined,
        integrationError:
          "The IAM role configured on the integration or API Gateway doesn't have permissions to call the integration. Check the permissions and try again.",
      },
    },
    {
      // The same with no space between $context.requestId and $context.integrationErrorMessage, as in a
      // real line (fixture GH-alexa-virtualbuttons-3-http-clf-integration-error-glued); this one SYNTHETIC.
      name: 'HTTP API CLF with the integration error message glued to the request id',
      line: `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "POST ANY /orders HTTP/1.1" 500 35 ${EXT}The response from the Lambda function doesn't match the format that API Gateway expects. Lambda body is invalid JSON`,
      expected: {
        format: 'clf',
        status: 500,
        requestId: EXT,
        extendedRequestId: undefined,
        integrationError:
          "The response from the Lambda function doesn't match the format that API Gateway expects. Lambda body is invalid JSON",
      },
    },
    {
      name: 'REST CLF with a message appended after the extended request id',
      line: `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000]"GET /pets HTTP/1.1" 504 41 ${ID} ${EXT} Endpoint request timed out`,
      expected: {
        format: 'clf',
        resourcePath: '/pets',
        status: 504,
        requestId: ID,
        extendedRequestId: EXT,
        integrationError: 'Endpoint request timed out',
      },
    },
    {
      // Review R3's F3, SYNTHETIC: the same text glued to the extended request id, the id text is
      // glued to in a REST preset (it ends with $context.extendedRequestId), as to an HTTP API's above.
      name: 'REST CLF with a message glued to the extended request id',
      line: `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000]"GET /pets HTTP/1.1" 504 41 ${ID} ${EXT}Endpoint request timed out`,
      expected: {
        format: 'clf',
        status: 504,
        requestId: ID,
        extendedRequestId: EXT,
        integrationError: 'Endpoint request timed out',
      },
    },
    {
      // The Serverless Framework's default (also in many CDK examples): requestId: $context.requestId, ip: $context.identity.sourceIp, caller: $context.identity.caller, user: $context.identity.user, requestTime: $context.requestTime, httpMethod: $context.httpMethod, resourcePath: $context.resourcePath, status: $context.status, protocol: $context.protocol, responseLength: $context.responseLength
      name: 'Serverless Framework key-value',
      line: `requestId: ${ID}, ip: 203.0.113.7, caller: -, user: -, requestTime: 25/Nov/2026:10:15:30 +0000, httpMethod: GET, resourcePath: /pets/{id}, status: 502, protocol: HTTP/1.1, responseLength: 36`,
      expected: {
        format: 'key-value',
        httpMethod: 'GET',
        resourcePath: '/pets/{id}',
        status: 502,
        requestId: ID,
      },
    },
    {
      // { "requestId":"$context.requestId", "extendedRequestId":"$context.extendedRequestId","ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod", "resourcePath":"$context.resourcePath", "status":"$context.status", "protocol":"$context.protocol", "responseLength":"$context.responseLength" }
      name: 'REST JSON',
      line: `{ "requestId":"${ID}", "extendedRequestId":"${EXT}","ip": "203.0.113.7", "caller":"-", "user":"-", "requestTime":"25/Nov/2026:10:15:30 +0000", "httpMethod":"POST", "resourcePath":"/orders", "status":"500", "protocol":"HTTP/1.1", "responseLength":"36" }`,
      expected: {
        format: 'json',
        httpMethod: 'POST',
        resourcePath: '/orders',
        status: 500,
        requestId: ID,
        extendedRequestId: EXT,
      },
    },
    {
      // { "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod","routeKey":"$context.routeKey", "status":"$context.status","protocol":"$context.protocol", "responseLength":"$context.responseLength" }
      name: 'HTTP API JSON',
      line: `{ "requestId":"${EXT}", "ip": "203.0.113.7", "requestTime":"25/Nov/2026:10:15:30 +0000", "httpMethod":"GET","routeKey":"GET /pets/{id}", "status":"503","protocol":"HTTP/1.1", "responseLength":"33" }`,
      expected: {
        format: 'json',
        httpMethod: 'GET',
        routeKey: 'GET /pets/{id}',
        status: 503,
        requestId: EXT,
      },
    },
    {
      // <request id="$context.requestId"> <extendedRequestId>$context.extendedRequestId</extendedRequestId> <ip>…</ip> <caller>…</caller> <user>…</user> <requestTime>…</requestTime> <httpMethod>…</httpMethod> <resourcePath>…</resourcePath> <status>…</status> <protocol>…</protocol> <responseLength>…</responseLength> </request>
      name: 'REST XML',
      line: `<request id="${ID}"> <extendedRequestId>${EXT}</extendedRequestId> <ip>203.0.113.7</ip> <caller>-</caller> <user>-</user> <requestTime>25/Nov/2026:10:15:30 +0000</requestTime> <httpMethod>DELETE</httpMethod> <resourcePath>/pets/{id}</resourcePath> <status>403</status> <protocol>HTTP/1.1</protocol> <responseLength>42</responseLength> </request>`,
      expected: {
        format: 'xml',
        httpMethod: 'DELETE',
        resourcePath: '/pets/{id}',
        status: 403,
        requestId: ID,
        extendedRequestId: EXT,
      },
    },
    {
      // <request id="$context.requestId"> <ip>…</ip> <requestTime>…</requestTime> <httpMethod>…</httpMethod> <routeKey>…</routeKey> <status>…</status> <protocol>…</protocol> <responseLength>…</responseLength> </request>
      name: 'HTTP API XML',
      line: `<request id="${EXT}"> <ip>203.0.113.7</ip> <requestTime>25/Nov/2026:10:15:30 +0000</requestTime> <httpMethod>PUT</httpMethod> <routeKey>PUT /pets/{id}</routeKey> <status>429</status> <protocol>HTTP/1.1</protocol> <responseLength>24</responseLength> </request>`,
      expected: { format: 'xml', httpMethod: 'PUT', routeKey: 'PUT /pets/{id}', status: 429, requestId: EXT },
    },
    {
      // $context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength,$context.requestId,$context.extendedRequestId
      name: 'REST CSV',
      line: `203.0.113.7,-,-,25/Nov/2026:10:15:30 +0000,GET,/pets/{id},HTTP/1.1,504,36,${ID},${EXT}`,
      expected: {
        format: 'csv',
        httpMethod: 'GET',
        resourcePath: '/pets/{id}',
        status: 504,
        requestId: ID,
        extendedRequestId: EXT,
      },
    },
    {
      // The same in the REST CSV preset (review R3's F3); SYNTHETIC.
      name: 'REST CSV with a message glued to the extended request id',
      line: `203.0.113.7,-,-,25/Nov/2026:10:15:30 +0000,GET,/pets/{id},HTTP/1.1,504,36,${ID},${EXT}Endpoint request timed out`,
      expected: {
        format: 'csv',
        status: 504,
        requestId: ID,
        extendedRequestId: EXT,
        integrationError: 'Endpoint request timed out',
      },
    },
    {
      // SYNTHETIC: a variable appended to the REST CSV preset with a space, not a comma, after the
      // request id. Read as the CLF preset reads it; left in the id, the text would be printed as the
      // id, unredacted.
      name: 'REST CSV with a message after the request id and a space',
      line: `203.0.113.7,-,-,25/Nov/2026:10:15:30 +0000,GET,/pets/{id},HTTP/1.1,504,36,${ID} Endpoint request timed out`,
      expected: { format: 'csv', status: 504, requestId: ID, integrationError: 'Endpoint request timed out' },
    },
    {
      // SYNTHETIC: the REST CLF preset's tail (extended id, then a response type) appended to the CSV
      // preset with spaces: read as the CLF preset reads it.
      name: 'REST CSV with the extended id and a response type after the request id, spaced',
      line: `203.0.113.7,-,-,25/Nov/2026:10:15:30 +0000,GET,/pets/{id},HTTP/1.1,502,36,${ID} ${EXT} INTEGRATION_FAILURE`,
      expected: {
        format: 'csv',
        status: 502,
        requestId: ID,
        extendedRequestId: EXT,
        responseType: 'INTEGRATION_FAILURE',
        integrationError: undefined,
      },
    },
    {
      // $context.identity.sourceIp,$context.requestTime,$context.httpMethod,$context.routeKey,$context.protocol,$context.status,$context.responseLength,$context.requestId
      name: 'HTTP API CSV',
      line: `203.0.113.7,25/Nov/2026:10:15:30 +0000,GET,GET /pets,HTTP/1.1,500,35,${EXT}`,
      expected: { format: 'csv', httpMethod: 'GET', routeKey: 'GET /pets', status: 500, requestId: EXT },
    },
    {
      // The same mistake as the glued CLF line above, in the CSV preset (review R1's F5); SYNTHETIC.
      name: 'HTTP API CSV with the integration error message glued to the request id',
      line: `203.0.113.7,25/Nov/2026:10:15:30 +0000,GET,GET /pets,HTTP/1.1,500,35,${EXT}The IAM role configured on the integration or API Gateway doesn't have permissions to call the integration. Check the permissions and try again.`,
      expected: {
        format: 'csv',
        routeKey: 'GET /pets',
        status: 500,
        requestId: EXT,
        extendedRequestId: undefined,
        integrationError:
          "The IAM role configured on the integration or API Gateway doesn't have permissions to call the integration. Check the permissions and try again.",
      },
    },
  ];

  for (const { name, line, expected } of presets) {
    it(`reads the ${name} preset with its status, ids, method, route and time`, () => {
      const parsed = record(line);
      for (const [key, value] of Object.entries(expected)) {
        assert.equal(parsed[key as keyof AccessLogRecord], value, key);
      }
      assert.equal(parsed.timeMs, TIME_MS);
    });
  }
});

describe('parseAccessLine: custom JSON formats in any key spelling', () => {
  const spellings: readonly { readonly name: string; readonly line: string }[] = [
    {
      name: 'nested $context-style objects',
      line: '{"requestId":"r1","status":502,"error":{"responseType":"INTEGRATION_FAILURE","message":"Internal server error"},"integration":{"status":"-","integrationStatus":"429","error":"Rate Exceeded.","latency":12}}',
    },
    {
      name: 'dotted keys',
      line: '{"requestId":"r1","status":502,"error.responseType":"INTEGRATION_FAILURE","error.message":"Internal server error","integration.integrationStatus":"429","integration.error":"Rate Exceeded.","integration.latency":"12"}',
    },
    {
      name: 'flattened error_responseType keys',
      line: '{"requestId":"r1","status":"502","error_responseType":"INTEGRATION_FAILURE","error_message":"Internal server error","integration_integrationStatus":429,"integration_error":"Rate Exceeded.","integration_latency":12}',
    },
    {
      name: 'camelCase errorResponseType keys',
      line: '{"requestId":"r1","status":"502","errorResponseType":"INTEGRATION_FAILURE","errorMessage":"Internal server error","integrationIntegrationStatus":"429","integrationError":"Rate Exceeded.","integrationLatency":"12"}',
    },
    {
      name: 'snake_case error_response_type keys',
      line: '{"request_id":"r1","status_code":"502","error_response_type":"INTEGRATION_FAILURE","error_message":"Internal server error","integration_integration_status":"429","integration_error":"Rate Exceeded.","integration_latency":"12"}',
    },
  ];
  for (const { name, line } of spellings) {
    it(`reads the same fields from ${name}`, () => {
      const parsed = record(line);
      assert.equal(parsed.requestId, 'r1');
      assert.equal(parsed.status, 502);
      assert.equal(parsed.responseType, 'INTEGRATION_FAILURE');
      assert.equal(parsed.errorMessage, 'Internal server error');
      assert.equal(parsed.integrationServiceStatus, 429);
      assert.equal(parsed.integrationError, 'Rate Exceeded.');
      assert.equal(parsed.integrationLatencyMs, 12);
      assert.equal(parsed.integrationStatus, undefined, 'integration.status "-" is left undefined');
    });
  }

  const values: readonly {
    readonly name: string;
    readonly value: string;
    readonly status: number | undefined;
  }[] = [
    { name: 'a JSON number', value: '500', status: 500 },
    { name: 'a quoted string', value: '"500"', status: 500 },
    { name: 'a string with spaces around it', value: '" 500 "', status: 500 },
    { name: 'a dash', value: '"-"', status: undefined },
    { name: 'an empty string', value: '""', status: undefined },
    { name: 'null', value: 'null', status: undefined },
    { name: 'a non-number', value: '"abc"', status: undefined },
    { name: 'a number outside HTTP statuses', value: '"999"', status: undefined },
    { name: 'a JSON number with a fraction', value: '502.5', status: undefined },
    { name: 'a quoted number with a fraction', value: '"502.5"', status: undefined },
  ];
  for (const { name, value, status } of values) {
    it(`reads a status given as ${name} as ${status ?? 'absent'}`, () => {
      const parsed = parseAccessLine(
        `{"requestId":"r1","status":${value},"error":{"responseType":"DEFAULT_5XX"}}`,
      );
      assert.ok(parsed?.ok);
      assert.equal(parsed.record.status, status);
    });
  }

  it('recovers the double-quoted ""Forbidden"" messageString quirk instead of rejecting the line', () => {
    const parsed = record(
      '{"requestId":"r1","status":"403","errorMessage":""Forbidden"","responseType":"INVALID_API_KEY"}',
    );
    assert.equal(parsed.errorMessage, 'Forbidden');
    assert.equal(parsed.status, 403);
    assert.equal(parsed.responseType, 'INVALID_API_KEY');
  });

  it('repairs quotes API Gateway left unescaped inside a value, such as a validation error string', () => {
    // AWS writes $context values as they are; validation errors quote the property names.
    const flat = record(
      '{"requestId":"r1","status":"400","error.responseType":"BAD_REQUEST_BODY","validationErrorString":"[object has missing required properties (["name","age"])]","ip":"198.51.100.7"}',
    );
    assert.equal(flat.requestId, 'r1');
    assert.equal(flat.responseType, 'BAD_REQUEST_BODY');
    const nested = record(
      '{"id":"r2","error":{"message":"Invalid request body","type":"BAD_REQUEST_BODY","validation":"[instance type (string) does not match any allowed primitive type (allowed: ["integer"])]"},"response":{"status":"400"}}',
    );
    assert.equal(nested.requestId, 'r2');
    assert.equal(nested.status, 400);
    assert.equal(nested.errorMessage, 'Invalid request body');
  });

  it('repairs backslashes API Gateway left unescaped inside a value, such as a validator regex or a Windows path (SYNTHETIC lines)', () => {
    // As with its quotes: a pattern's `\d` or a probe's `..\..\` is written as it is, no JSON escape.
    const validator = record(
      String.raw`{"requestId":"r1","status":"400","error.responseType":"BAD_REQUEST_BODY","validationErrorString":"[ECMA 262 regex "^\d{5}$" does not match input string "abc"]"}`,
    );
    assert.equal(validator.responseType, 'BAD_REQUEST_BODY');
    assert.equal(
      validator.errorMessage,
      String.raw`[ECMA 262 regex "^\d{5}$" does not match input string "abc"]`,
    );
    const probe = record(
      String.raw`{"requestId":"r2","status":"403","error.responseType":"MISSING_AUTHENTICATION_TOKEN","path":"/prod/..\..\windows\win.ini"}`,
    );
    assert.equal(probe.status, 403);
    assert.equal(probe.path, String.raw`/prod/..\..\windows\win.ini`);
  });

  it('leaves a line unparsed when a stray quote cannot be told from the end of a value', () => {
    const parsed = parseAccessLine('{"requestId":"r3","status":"500","error":"say "hi", "there": now"}');
    assert.ok(parsed !== undefined && !parsed.ok);
    assert.match(parsed.reason, /invalid JSON/);
  });

  it('reads a line whose format was written inside a second pair of braces ({{…}})', () => {
    const parsed = record('{{"requestId":"r2","routeKey":"GET /path","status":"500","protocol":"HTTP/1.1"}}');
    assert.equal(parsed.requestId, 'r2');
    assert.equal(parsed.status, 500);
    assert.equal(parsed.routeKey, 'GET /path');
  });

  it("reads an integration's or authorizer's error alone as an access record: Logs Insights rows may hold nothing else", () => {
    const integration = record(
      '{"integrationErrorMessage":"The Lambda function returned the following error: boom."}',
    );
    assert.equal(integration.integrationError, 'The Lambda function returned the following error: boom.');
    assert.equal(integration.status, undefined);
    assert.equal(record('{"authorizer.error":"Unauthorized"}').authorizerError, 'Unauthorized');
    const xml = record(
      '<request id="r1"> <integrationErrorMessage>Rate Exceeded.</integrationErrorMessage> </request>',
    );
    assert.equal(xml.integrationError, 'Rate Exceeded.');
  });

  /**
   * Formats that leave numeric variables unquoted (`"integrationStatus": $context.integrationStatus`)
   * get a bare `-` when API Gateway has no value, and hand-written formats end with a comma: both are
   * invalid JSON. Every line SYNTHETIC; the first is the shape of a public Terraform format
   * (`"responseLength":$context.responseLength, "integrationStatus": $context.integrationStatus, …,
   * "integration": { …, "status": $context.integration.status } }`) with invented values.
   */
  const repaired: readonly {
    readonly name: string;
    readonly line: string;
    readonly expected: Partial<AccessLogRecord>;
  }[] = [
    {
      name: "unquoted numeric variables logged as '-', nested and at the end of the object",
      line: '{ "requestId":"Q8NnAiztIAMEV41=", "routeKey":"-", "status":"404", "responseLength":23, "integrationStatus": -, "integrationErrorMessage": "-", "integration": { "error": "-", "integrationstatus": -, "latency": -, "status": - } }',
      expected: {
        requestId: 'Q8NnAiztIAMEV41=',
        status: 404,
        noRoute: true,
        integrationStatus: undefined,
        integrationServiceStatus: undefined,
        integrationLatencyMs: undefined,
        noIntegrationStatus: true,
      },
    },
    {
      name: "a '-' with no space around it",
      line: '{"requestId":"r1","status":403,"responseLatency":4,"integrationLatency":-,"integrationStatus":-,"resourcePath":"-"}',
      expected: { status: 403, responseLatencyMs: 4, noIntegrationStatus: true, noRoute: true },
    },
    {
      name: "a '-' followed by tabs and the closing brace",
      line: '{"requestId":"r1","status":502,"integrationStatus":	-	}',
      expected: { status: 502, noIntegrationStatus: true },
    },
    {
      name: 'a trailing comma before the closing brace',
      line: '{"requestId":"r1","status":"504","errorMessage":"Endpoint request timed out","responseType":"INTEGRATION_TIMEOUT","integrationLatency":"29001",}',
      expected: { status: 504, responseType: 'INTEGRATION_TIMEOUT', integrationLatencyMs: 29001 },
    },
    {
      name: 'a trailing comma inside a nested object, with spaces before the brace',
      line: '{"requestId":"r1","status":502,"integration":{"status":500,"latency":12, },}',
      expected: { status: 502, integrationStatus: 500, integrationLatencyMs: 12 },
    },
    {
      name: "a '-' and a doubled-quoted messageString in one line",
      line: '{"requestId":"r1","status":403,"errorMessage":""Forbidden"","integrationStatus": -,}',
      expected: { status: 403, errorMessage: 'Forbidden', noIntegrationStatus: true },
    },
    {
      name: "text inside strings that looks like ': -,' or ',}', which stays as written",
      line: '{"requestId":"r1","status":500,"errorMessage":"a: -, b,} c","n":-1,"integrationStatus": -}',
      expected: { status: 500, errorMessage: 'a: -, b,} c', noIntegrationStatus: true },
    },
    {
      name: 'an escaped quote before a colon and dash inside a string',
      line: '{"requestId":"r1","status":500,"errorMessage":"say \\": -,\\" ok","integrationLatency": -}',
      expected: { status: 500, errorMessage: 'say ": -," ok' },
    },
  ];
  for (const { name, line, expected } of repaired) {
    it(`repairs ${name} instead of rejecting the line`, () => {
      const parsed = record(line);
      for (const [key, value] of Object.entries(expected)) {
        assert.equal(parsed[key as keyof AccessLogRecord], value, key);
      }
    });
  }

  it('repairs a long line of dashes, commas and spaces in linear time', () => {
    // Each repair is a single pass; a pattern that rescanned the rest of the line from every comma or
    // colon would take minutes here.
    const script = `
      const { parseAccessLine } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'access-log'))});
      const n = 100000;
      const lines = [
        '{"status":500,' + '"a":' + ' '.repeat(n) + '-' + ' '.repeat(n) + 'x}',
        '{"status":500' + ','.padEnd(n, ' ').repeat(20) + '}',
        '{"status":500,' + '"a": -,'.repeat(n) + '"b":1,}',
        '{"status":500,"a":""' + 'x'.repeat(n) + '}',
      ];
      console.log(lines.map((line) => String(parseAccessLine(line).ok)).join(','));`;
    assert.equal(outputWithinLimit(script, 'the JSON repair rescans the line'), 'false,false,true,false');
  });

  it('repairs a long line of stray quotes in linear time', () => {
    // Each quote looks ahead over white space and at most one key of bounded length.
    const script = `
      const { parseAccessLine } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'access-log'))});
      const n = 20000;
      const lines = [
        '{"status":500,"a":"' + ('","' + 'k'.repeat(190)).repeat(n) + '"}',
        '{"status":500,"a":"' + '" ,'.repeat(n) + ' '.repeat(n) + '"}',
        '{"status":500,"a":"' + '"x'.repeat(n * 10) + '"}',
      ];
      console.log(lines.map((line) => String(parseAccessLine(line).ok)).join(','));`;
    assert.equal(outputWithinLimit(script, 'the quote repair rescans the line'), 'true,true,true');
  });

  it('unquotes a messageString that arrived as a quoted value inside a JSON string', () => {
    assert.equal(
      record('{"status":403,"error":{"message":"\\"Missing Authentication Token\\""}}').errorMessage,
      'Missing Authentication Token',
    );
  });

  it('ignores keys such as constructor and __proto__ without touching Object.prototype', () => {
    const parsed = record('{"status":500,"constructor":"x","__proto__":{"polluted":"yes"},"toString":"y"}');
    assert.equal(parsed.status, 500);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('reads only the keys in the line even when something enumerable was added to Object.prototype (synthetic)', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto['error.responseType'] = 'THROTTLED';
    try {
      assert.equal(parseAccessLine('{"level":"info","msg":"started"}')?.ok, false);
      assert.equal(record('{"status":200,"integration":{"status":"-"}}').responseType, undefined);
    } finally {
      delete proto['error.responseType'];
    }
  });

  const rejected: readonly { readonly name: string; readonly line: string; readonly reason: RegExp }[] = [
    {
      name: 'a JSON object with no access-log field',
      line: '{"level":"info","msg":"started"}',
      reason: /without any access-log field/,
    },
    { name: 'broken JSON', line: '{"status":500 "x":1}', reason: /invalid JSON/ },
    {
      name: 'JSON with a bare word where a value goes',
      line: '{"status":500,"x":abc}',
      reason: /invalid JSON/,
    },
    {
      name: "JSON whose only error fields are '-'",
      line: '{"integrationErrorMessage":"-","authorizer.error":"-"}',
      reason: /without any access-log field/,
    },
    {
      name: 'JSON whose only status is out of range',
      line: '{"status":"42"}',
      reason: /without any access-log field/,
    },
    {
      // SYNTHETIC, in the output format AWS documents for a Lambda proxy integration.
      name: "a Lambda proxy response, whose statusCode is the function's",
      line: '{"statusCode":500,"headers":{"Content-Type":"application/json"},"body":"{}","isBase64Encoded":false}',
      reason: /without any access-log field/,
    },
    // SYNTHETIC applications' logs, in the shapes their libraries write: a status, but a log level
    // and a message, and none of the names only API Gateway's formats use.
    {
      name: "Go slog's JSON log of a failed request",
      line: '{"time":"2026-11-27T10:00:00Z","level":"ERROR","msg":"request failed","method":"GET","path":"/orders","status":500}',
      reason: /application's log record/,
    },
    {
      name: "winston's JSON log with a statusCode",
      line: '{"level":"error","message":"upstream failed","statusCode":502}',
      reason: /application's log record/,
    },
    {
      name: "Powertools for AWS Lambda's log with a status",
      line: '{"level":"INFO","message":"done","timestamp":"2026-11-27 10:00:00,000+0000","service":"orders","status":500}',
      reason: /application's log record/,
    },
    {
      name: "Python's JSON logger's levelname",
      line: '{"levelname":"ERROR","message":"boom","status_code":503}',
      reason: /application's log record/,
    },
    {
      name: "an ECS logger's log, its level a dotted log.level key",
      line: '{"@timestamp":"2026-11-27T10:00:00Z","log.level":"error","message":"boom","ecs.version":"1.6.0","statusCode":502}',
      reason: /application's log record/,
    },
    {
      name: 'a log with its level nested under log',
      line: '{"@timestamp":"2026-11-27T10:00:00Z","log":{"level":"error","logger":"app"},"message":"boom","statusCode":502}',
      reason: /application's log record/,
    },
    {
      name: "a Google-style log's severity",
      line: '{"severity":"ERROR","message":"boom","status":500}',
      reason: /application's log record/,
    },
    // SYNTHETIC: Lambda's own JSON log format (timestamp, level, message, a UUID requestId), which a
    // REST API's custom format can look like: only the message tells them apart.
    {
      name: "Lambda's JSON log format with a status, its message the function's own words",
      line: `{"timestamp":"2026-11-27T10:00:00.000Z","level":"ERROR","message":"order 42 failed","requestId":"${ID}","status":502}`,
      reason: /application's log record/,
    },
    {
      name: "an application's log with a status and a UUID under request_id",
      line: `{"level":"error","message":"upstream failed","request_id":"${ID}","status":502}`,
      reason: /application's log record/,
    },
    {
      name: "an application's log naming the status statusCode beside an HTTP-API-shaped id",
      line: `{"level":"error","message":"upstream failed","request_id":"${EXT}","statusCode":502}`,
      reason: /application's log record/,
    },
    // SYNTHETIC, a review's lines: applications' logs whose message is the status's reason phrase or a
    // gateway response's words (a function's error handler, a client logging the answer it got). API
    // Gateway's words in `message` tell an access line only beside `status` logged as a JSON string,
    // as a format template writes `"status":"$context.status"`.
    {
      name: "an application's log of 'Internal Server Error' with a numeric status and a UUID requestId",
      line: `{"level":"error","message":"Internal Server Error","status":500,"requestId":"${ID}"}`,
      reason: /application's log record/,
    },
    {
      name: "Lambda's JSON log format of 'Internal Server Error' with a statusCode",
      line: `{"timestamp":"2026-11-27T19:50:33.000Z","level":"ERROR","message":"Internal Server Error","requestId":"${ID}","statusCode":500}`,
      reason: /application's log record/,
    },
    {
      name: "a Powertools-like log of 'Bad Gateway' with a statusCode",
      line: '{"level":"ERROR","message":"Bad Gateway","statusCode":502,"service":"orders"}',
      reason: /application's log record/,
    },
    {
      name: "an application's log of 'Invalid request body' with a numeric 400",
      line: `{"level":"error","message":"Invalid request body","status":400,"requestId":"${ID}"}`,
      reason: /application's log record/,
    },
    {
      name: "an application's log of 'Limit exceeded' with a numeric 429",
      line: `{"level":"warn","message":"Limit exceeded","status":429,"requestId":"${ID}"}`,
      reason: /application's log record/,
    },
    {
      name: "an application's log with an empty message and a numeric 200",
      line: `{"level":"info","message":"","status":200,"requestId":"${ID}"}`,
      reason: /application's log record/,
    },
    {
      name: "a client's log of the gateway's 'Endpoint request timed out' with a numeric 504",
      line: `{"severity":"ERROR","msg":"Endpoint request timed out","requestId":"${ID}","status":504,"method":"GET"}`,
      reason: /application's log record/,
    },
  ];
  // SYNTHETIC, a review's lines: HTTP servers' error logs (Go, Express, Spring write a level, the
  // status's reason phrase or nothing, a numeric status, the path and the client's address) are no
  // access lines, however much of their message is API Gateway's words too.
  const serversErrorLogs: readonly { readonly name: string; readonly line: string }[] = [
    {
      name: "an application's own message beside a numeric status, ip and path",
      line: '{"level":"error","message":"order lookup failed","status":500,"ip":"203.0.113.9","path":"/orders"}',
    },
    {
      name: 'the reason phrase beside a numeric status, path and ip',
      line: '{"level":"error","message":"Internal Server Error","status":500,"path":"/orders","ip":"203.0.113.9"}',
    },
    {
      name: "a Go server's warning for a missing favicon",
      line: '{"level":"warn","msg":"Not Found","path":"/favicon.ico","status":404,"ip":"10.0.0.1"}',
    },
    {
      name: 'an empty message beside a numeric status and path',
      line: '{"level":"error","msg":"","status":500,"path":"/a"}',
    },
    {
      name: "the gateway's words beside a statusCode and path",
      line: '{"level":"error","message":"Internal Server Error","statusCode":500,"path":"/orders"}',
    },
  ];
  for (const { name, line } of serversErrorLogs) {
    it(`reports ${name} as an application's log, not an access line`, () => {
      const parsed = parseAccessLine(line);
      assert.ok(parsed !== undefined && !parsed.ok, JSON.stringify(parsed));
      assert.match(parsed.reason, /application's log record/);
    });
  }
  const proxyResponse = '{"statusCode":502,"body":"{\\"message\\":\\"Internal server error\\"}"}';
  it("reports a bare Lambda proxy response {statusCode, body} as one, not as an access line's status", () => {
    // SYNTHETIC, the output a function returns to a Lambda proxy integration, without isBase64Encoded.
    const parsed = parseAccessLine(proxyResponse);
    assert.ok(parsed !== undefined && !parsed.ok, JSON.stringify(parsed));
    assert.match(parsed.detail ?? '', /Lambda proxy response/);
  });

  // SYNTHETIC custom API Gateway JSON formats: a `message` key ($context.error.message) without a
  // level, and a level key beside a name only API Gateway's formats use, are read as access lines.
  const kept: readonly { readonly name: string; readonly line: string; readonly status: number }[] = [
    {
      name: 'a message key and no level',
      line: `{"requestId":"${ID}","status":"502","message":"Internal server error"}`,
      status: 502,
    },
    {
      name: 'a level key beside routeKey',
      line: '{"level":"error","message":"Internal Server Error","routeKey":"GET /orders","status":500}',
      status: 500,
    },
    {
      name: 'a level key beside an HTTP API request id',
      line: `{"level":"error","msg":"x","requestId":"${EXT}","status":503}`,
      status: 503,
    },
    // SYNTHETIC, a review's lines (custom REST formats read so before application logs were told
    // apart): a level key and $context.error.message as `message` or `msg`, in API Gateway's own words.
    {
      name: "a level key and the gateway's 'Internal server error' as message, beside a UUID request id",
      line: `{"level":"info","message":"Internal server error","requestId":"${ID}","status":"502"}`,
      status: 502,
    },
    {
      name: "a severity key and the gateway's 'Endpoint request timed out' as msg, beside a method",
      line: `{"severity":"ERROR","msg":"Endpoint request timed out","requestId":"${ID}","status":"504","method":"GET"}`,
      status: 504,
    },
    {
      name: "a level key and the gateway's message, the request id under rid",
      line: `{"level":"info","message":"Internal server error","rid":"${ID}","status":"502"}`,
      status: 502,
    },
    {
      name: "a level key and the gateway's message, the request id under request_id",
      line: `{"level":"info","message":"Internal server error","request_id":"${ID}","status":"502"}`,
      status: 502,
    },
    {
      name: "a level key and the gateway's 'Missing Authentication Token'",
      line: `{"level":"info","message":"Missing Authentication Token","requestId":"${ID}","status":"403"}`,
      status: 403,
    },
    {
      name: "a level key and the status's reason phrase as message ('Forbidden')",
      line: `{"level":"info","message":"Forbidden","requestId":"${ID}","status":"403"}`,
      status: 403,
    },
    {
      name: "a level key and a message logged as '-' (no error message)",
      line: `{"level":"info","message":"-","requestId":"${ID}","status":"502"}`,
      status: 502,
    },
    {
      name: 'a level key and an empty message',
      line: `{"level":"info","msg":"","requestId":"${ID}","status":"502"}`,
      status: 502,
    },
    {
      name: 'a level key, status, and an HTTP API request id under request_id',
      line: `{"level":"error","msg":"x","request_id":"${EXT}","status":503}`,
      status: 503,
    },
  ];
  for (const { name, line, status } of kept) {
    it(`reads a JSON access line with ${name}`, () => {
      assert.equal(record(line).status, status);
    });
  }
  for (const { name, line, reason } of rejected) {
    it(`reports ${name} as not an access line, with a reason`, () => {
      const parsed = parseAccessLine(line);
      assert.ok(parsed !== undefined && !parsed.ok, JSON.stringify(parsed));
      assert.match(parsed.reason, reason);
    });
  }

  it('reads a request id a page replaced with a placeholder as none, and keeps real ids however they start', () => {
    // SYNTHETIC ids: placeholders as published logs spell them, and WebSocket ids (base64) that
    // start with the letters a placeholder does.
    const ids: readonly [string, string | undefined][] = [
      ['<request-id>', undefined],
      ['xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', undefined],
      ['XXXXX', undefined],
      ['***', undefined],
      ['[REDACTED]', undefined],
      ['...', undefined],
      [ID, ID],
      ['Xq9gwFDNoAMFo1A=', 'Xq9gwFDNoAMFo1A='],
      ['xxxxxxxxxxxxxxA=', 'xxxxxxxxxxxxxxA='],
    ];
    for (const [id, expected] of ids) {
      assert.equal(record(`{"requestId":"${id}","status":"500"}`).requestId, expected, id);
      assert.equal(record(`{"id":"${id}","status":"500"}`).requestId, expected, `generic ${id}`);
      assert.equal(
        record(`203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "GET /pets HTTP/1.1" 502 36 ${id}`).requestId,
        expected,
        `CLF ${id}`,
      );
    }
  });

  it('leaves a lone "{" (an execution-log body continuing) for the execution-log parser', () => {
    assert.equal(parseAccessLine('{'), undefined);
    assert.equal(parseAccessLine('{"statusCode": 500,'), undefined);
  });

  it('leaves plain execution-log text for the execution-log parser', () => {
    assert.equal(
      parseAccessLine('(8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6) Method completed with status: 502'),
      undefined,
    );
  });
});

describe('parseAccessLine: key names of real formats', () => {
  const cases: readonly {
    readonly name: string;
    readonly line: string;
    readonly expected: Partial<AccessLogRecord>;
  }[] = [
    {
      // Format of OpenCerts/opencerts-doh serverless.ts (logs.restApi.format), values SYNTHETIC.
      name: 'id and extendedId for the request ids, as OpenCerts/opencerts-doh logs them',
      line: '{"id":"c0a80101-0000-4000-8000-000000000005","extendedId":"Dq6tfEh4IAMFq005=","path":"/resolve","method":"GET","time":"25/Nov/2025:14:02:11 +0000","source":"198.51.100.23","resourcePath":"/resolve","error":{"message":"Internal server error","type":"DEFAULT_5XX","validation":"-"},"waf":{"response":"-","error":"-","status":"-"},"response":{"latency":"12","length":"42","status":"502"}}',
      expected: {
        requestId: 'c0a80101-0000-4000-8000-000000000005',
        extendedRequestId: 'Dq6tfEh4IAMFq005=',
        status: 502,
        responseType: 'DEFAULT_5XX',
        errorMessage: 'Internal server error',
      },
    },
    {
      // SYNTHETIC, keys as in public Terraform (message = "$context.error.message", messageString = …).
      name: 'message and messageString for $context.error.message(String)',
      line: '{"requestId":"r1","httpMethod":"GET","resourcePath":"-","status":"403","message":"Missing Authentication Token","messageString":"\\"Missing Authentication Token\\""}',
      expected: { requestId: 'r1', status: 403, errorMessage: 'Missing Authentication Token' },
    },
    {
      name: 'a generic id or message written before the specific key, which still wins',
      line: '{"id":"caller-42","message":"GET /pets served","requestId":"r1","status":"404","error.message":"-"}',
      expected: { requestId: 'r1', status: 404 },
    },
    {
      name: 'messageString alone, unquoted',
      line: '{"requestId":"r1","status":"429","messageString":"\\"Limit Exceeded\\""}',
      expected: { status: 429, errorMessage: 'Limit Exceeded' },
    },
    {
      // SYNTHETIC: REST's $context.authorize.error ("The authorization error message").
      name: 'authorize_error for $context.authorize.error',
      line: '{"requestId":"r1","status":"403","authorize_error":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:eu-west-1:123456789012:abcde12345/prod/GET/admin with an explicit deny","authorize_status":"403"}',
      expected: {
        status: 403,
        authorizeStatus: 403,
        authorizerError:
          'User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:eu-west-1:123456789012:abcde12345/prod/GET/admin with an explicit deny',
      },
    },
    {
      name: 'a nested authorize.error',
      line: '{"requestId":"r1","status":500,"authorize":{"error":"Authorizer error","status":"500"}}',
      expected: { authorizerError: 'Authorizer error', authorizeStatus: 500 },
    },
    {
      name: 'a camel authorizeError',
      line: '{"requestId":"r1","status":403,"authorizeError":"denied"}',
      expected: { authorizerError: 'denied' },
    },
    {
      name: 'a WebSocket authenticate.error',
      line: '{"requestId":"r1","status":401,"authenticate":{"error":"Unauthorized","status":"401"}}',
      expected: { authorizerError: 'Unauthorized', authenticateStatus: 401 },
    },
    {
      name: 'nested ids (the caller, the integration, the authorizer), none of them the request id',
      line: '{"status":502,"identity":{"id":"AIDAEXAMPLE"},"user":{"id":"u-17"},"integration":{"requestId":"6b1c1c1e-2222-4b3b-8c8c-1d1d1d1d1d1d"},"authorizer":{"requestId":"a1"},"identityId":"eu-west-1:abc","connection":{"id":"Iq8gj1UmIAMCKpA="}}',
      expected: { status: 502, requestId: undefined, extendedRequestId: undefined },
    },
    {
      name: 'a top-level id after nested ones',
      line: '{"user":{"id":"u-17"},"identity":{"id":"AIDAEXAMPLE"},"id":"r1","status":500}',
      expected: { requestId: 'r1', status: 500 },
    },
  ];
  for (const { name, line, expected } of cases) {
    it(`reads ${name}`, () => {
      const parsed = record(line);
      for (const [key, value] of Object.entries(expected)) {
        assert.equal(parsed[key as keyof AccessLogRecord], value, key);
      }
    });
  }

  it("reads a generic message when a bare 'error' key (often the authorizer's error) is '-'", () => {
    const parsed = record('{"requestId":"r1","status":"503","error":"-","message":"Service Unavailable"}');
    assert.equal(parsed.errorMessage, 'Service Unavailable');
  });

  it("leaves a generic message out when the line has the gateway's own error message key, even as '-'", () => {
    const parsed = record(
      '{"requestId":"r1","status":"404","message":"GET /pets served","error.message":"-"}',
    );
    assert.equal(parsed.errorMessage, undefined);
  });
});

/**
 * Key spellings found in access-log formats published on GitHub (Terraform `jsonencode`, CDK
 * `JSON.stringify`, CloudFormation `Format`, vendor docs), each with the `$context` variable the format
 * logs under it and where it was seen. The key names are real; every line and value is SYNTHETIC.
 */
/**
 * `errorType` holds $context.error.responseType in some published formats and
 * $context.error.messageString in others (found mining published formats); lines SYNTHETIC.
 */
describe('parseAccessLine: a response type is one upper-case word', () => {
  const cases: readonly {
    readonly name: string;
    readonly line: string;
    readonly expected: Partial<AccessLogRecord>;
  }[] = [
    {
      name: 'errorType holding a response type is the response type',
      line: '{"requestId":"r1","status":"403","errorType":"MISSING_AUTHENTICATION_TOKEN"}',
      expected: { responseType: 'MISSING_AUTHENTICATION_TOKEN', errorMessage: undefined },
    },
    {
      name: 'errorType holding a message is the message',
      line: '{"requestId":"r1","status":"403","errorType":"Missing Authentication Token"}',
      expected: { responseType: undefined, errorMessage: 'Missing Authentication Token' },
    },
    {
      name: 'errorType holding a one-word message is the message too',
      line: '{"requestId":"r1","status":"403","errorType":"Forbidden"}',
      expected: { responseType: undefined, errorMessage: 'Forbidden' },
    },
    {
      name: 'a message key beside it still wins',
      line: '{"requestId":"r1","status":"403","errorType":"Forbidden","errorMessage":"User is not authorized"}',
      expected: { responseType: undefined, errorMessage: 'User is not authorized' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const parsed = parseAccessLine(c.line);
      assert.ok(parsed?.ok);
      for (const [field, value] of Object.entries(c.expected)) {
        assert.equal(parsed.record[field as keyof AccessLogRecord], value, field);
      }
    });
  }
});

describe('parseAccessLine: real format keys: spellings from published formats', () => {
  const cases: readonly {
    readonly key: string;
    readonly variable: string;
    readonly source: string;
    readonly value: string;
    readonly expected: Partial<AccessLogRecord>;
  }[] = [
    {
      key: 'context.status',
      variable: '$context.status',
      source:
        'terraform-aws-modules/terraform-aws-apigateway-v2 examples/complete-http/main.tf, nested under `context`',
      value: '502',
      expected: { status: 502 },
    },
    {
      key: 'context.integration.integrationStatus',
      variable: '$context.integration.integrationStatus',
      source: 'terraform-aws-modules/terraform-aws-apigateway-v2 examples/complete-http/main.tf',
      value: '200',
      expected: { integrationServiceStatus: 200 },
    },
    {
      key: 'contextIntegrationLatency',
      variable: '$context.integrationLatency',
      source: "Sumo Logic's AWS API Gateway app docs, JSON formats for REST and HTTP APIs",
      value: '1234',
      expected: { integrationLatencyMs: 1234 },
    },
    {
      key: 'integrationLatencyMs',
      variable: '$context.integrationLatency',
      source:
        'public Terraform REST stage modules (index ids 19130985147, 19177395865; 56510117313 for $context.integration.latency)',
      value: '1234',
      expected: { integrationLatencyMs: 1234 },
    },
    {
      key: 'responseLatencyMs',
      variable: '$context.responseLatency',
      source: 'public Terraform REST stage modules (index ids 19130985147, 19177395865)',
      value: '2345',
      expected: { responseLatencyMs: 2345 },
    },
    {
      key: 'latencyMs',
      variable: '$context.responseLatency',
      source: 'public Terraform HTTP API stage (index id 71415761464)',
      value: '2345',
      expected: { responseLatencyMs: 2345 },
    },
    {
      key: 'functionResponseStatus',
      variable: '$context.integration.status',
      source:
        'a format copied into many CDK and Terraform stacks (index ids 65805967340, 4828527171, 60363006648, 38738391825, 14274282629, 10910396054)',
      value: '504',
      expected: { integrationStatus: 504 },
    },
    {
      key: 'functionStatus',
      variable: '$context.integration.status',
      source: 'a CDK stack test asserting its format (index id 70209052544)',
      value: '504',
      expected: { integrationStatus: 504 },
    },
    {
      key: 'waf-response',
      variable: '$context.wafResponseCode',
      source:
        "AWS's example REST format, as published in Terraform and docs (index ids 32422375985, 52874619644)",
      value: 'WAF_BLOCK',
      expected: { wafResponseCode: 'WAF_BLOCK' },
    },
    {
      key: 'wafResponse',
      variable: '$context.wafResponseCode',
      source: 'public Terraform REST stages (index ids 69692291063, 56176969194, 43401058353, 54690683380)',
      value: 'WAF_BLOCK',
      expected: { wafResponseCode: 'WAF_BLOCK' },
    },
    {
      key: 'waf_response',
      variable: '$context.wafResponseCode',
      source: 'public Terraform REST stage (index id 32564674700)',
      value: 'WAF_ALLOW',
      expected: { wafResponseCode: 'WAF_ALLOW' },
    },
    {
      key: 'waf.response',
      variable: '$context.wafResponseCode',
      source: 'OpenCerts/opencerts-doh serverless.ts (logs.restApi.format)',
      value: 'WAF_BLOCK',
      expected: { wafResponseCode: 'WAF_BLOCK' },
    },
    {
      key: 'validationErr',
      variable: '$context.error.validationErrorString',
      source: 'public Terraform REST stage (index id 71060956222)',
      value: '[object has missing required properties (["name"])]',
      expected: { errorMessage: '[object has missing required properties (["name"])]' },
    },
    {
      key: 'errorValString',
      variable: '$context.error.validationErrorString',
      source: 'public Terraform REST stage (index id 23322868807)',
      value: '[instance type (string) does not match any allowed primitive type (allowed: ["integer"])]',
      expected: {
        errorMessage:
          '[instance type (string) does not match any allowed primitive type (allowed: ["integer"])]',
      },
    },
    {
      key: 'authError',
      variable: '$context.authorizer.error',
      source: 'public Terraform HTTP API stages (index ids 52030959450, 32440821721)',
      value: 'Unauthorized',
      expected: { authorizerError: 'Unauthorized' },
    },
    {
      key: 'auth_error',
      variable: '$context.authorizer.error',
      source: 'public Terraform HTTP API stage (index id 52474546304)',
      value: 'Unauthorized',
      expected: { authorizerError: 'Unauthorized' },
    },
    {
      key: 'authorizerServiceStatus',
      variable: '$context.authorizer.status',
      source:
        'the same copied format as functionResponseStatus (index ids 65805967340, 4828527171, 23316894350)',
      value: '500',
      expected: { authorizerStatus: 500 },
    },
    {
      key: 'authorizeResultStatus',
      variable: '$context.authorize.status',
      source: 'the same copied format (index ids 4828527171, 23316894350)',
      value: '403',
      // The authorize phase's status, read apart from the authorizer's since the phases are.
      expected: { authorizeStatus: 403 },
    },
    {
      key: 'integrationErr',
      variable: '$context.integrationErrorMessage / $context.integration.error',
      source:
        'public Terraform stages (index ids 71597697768, 61406533189; 68953014044 for integration.error)',
      value: 'Internal server error from integration',
      expected: { integrationError: 'Internal server error from integration' },
    },
    {
      // The same stage logs $context.integration.status as `status` (the row's 502), so `methodStatus`
      // must win over it: a throttle or an unknown route has no integration status at all.
      key: 'methodStatus',
      variable: '$context.status',
      source: 'a public Terraform HTTP API stage (index id 18023670755)',
      value: '429',
      expected: { status: 429 },
    },
    {
      key: 'integrationStatusCode',
      variable: '$context.integration.status',
      source: "a blog post's Terraform HTTP API stage (index ids 33003583876, 32295016212)",
      value: '404',
      expected: { integrationStatus: 404 },
    },
    {
      key: 'requestErrorMessage',
      variable: '$context.error.message',
      source: "a blog post's Terraform HTTP API stage (index ids 33003583876, 32295016212)",
      value: 'Endpoint request timed out',
      expected: { errorMessage: 'Endpoint request timed out' },
    },
    {
      key: 'requestErrorMessageString',
      variable: '$context.error.messageString',
      source: "a blog post's Terraform HTTP API stage (index ids 33003583876, 32295016212)",
      value: '"Not Found"',
      expected: { errorMessage: 'Not Found' },
    },
    {
      key: 'errorMsg',
      variable: '$context.error.message',
      source: 'public Terraform stages (index ids 18023670755, 19166044084 as errormsg)',
      value: 'Internal server error',
      expected: { errorMessage: 'Internal server error' },
    },
  ];
  for (const { key, variable, source, value, expected } of cases) {
    it(`reads ${key} as ${variable} (${source})`, () => {
      const line = JSON.stringify(
        key === 'context.status' ? { [key]: value } : { status: '502', [key]: value },
      );
      const parsed = record(line);
      for (const [field, want] of Object.entries(expected)) {
        assert.equal(parsed[field as keyof AccessLogRecord], want, field);
      }
    });
  }

  it("reads terraform-aws-modules/apigateway-v2's format, which nests every variable under `context`", () => {
    // Keys as in examples/complete-http/main.tf (copied into many projects); values SYNTHETIC.
    const parsed = record(
      '{"context":{"domainName":"api.example.test","integrationErrorMessage":"The Lambda function returned the following error: Task timed out","protocol":"HTTP/1.1","requestId":"Dq6tfEh4IAMFq0x=","requestTime":"25/Nov/2026:10:15:30 +0000","responseLength":"32","routeKey":"POST /orders","stage":"$default","status":"500","error":{"message":"Internal Server Error","responseType":"-"},"identity":{"sourceIP":"198.51.100.7"},"integration":{"error":"-","integrationStatus":"200"}}}',
    );
    assert.equal(parsed.status, 500);
    assert.equal(parsed.requestId, 'Dq6tfEh4IAMFq0x=');
    assert.equal(parsed.domainName, 'api.example.test');
    assert.equal(parsed.stage, '$default');
    assert.equal(parsed.routeKey, 'POST /orders');
    assert.equal(parsed.errorMessage, 'Internal Server Error');
    assert.equal(parsed.integrationError, 'The Lambda function returned the following error: Task timed out');
    assert.equal(parsed.integrationServiceStatus, 200);
    assert.equal(parsed.timeMs, TIME_MS);
  });

  it('reads $context.wafResponseCode logged under wafStatus or wafError as the WAF response code', () => {
    // wafStatus = "$context.wafResponseCode" in public Terraform REST stages (index ids 69434389605,
    // 62377227833), wafError = "$context.wafResponseCode" in another (index id 52647715866); values SYNTHETIC.
    const blocked = record(
      '{"requestId":"r1","status":"403","wafStatus":"WAF_BLOCK","errorMessage":"Forbidden"}',
    );
    assert.equal(blocked.wafResponseCode, 'WAF_BLOCK');
    assert.equal(blocked.wafStatus, undefined);
    const allowed = record('{"requestId":"r2","status":"200","wafError":"WAF_ALLOW"}');
    assert.equal(allowed.wafResponseCode, 'WAF_ALLOW');
    assert.equal(allowed.wafError, undefined);
    // $context.waf.status and $context.waf.error themselves are still read as they are.
    const waf = record('{"requestId":"r3","status":"403","wafStatus":"403","wafError":"WAF rule matched"}');
    assert.equal(waf.wafStatus, 403);
    assert.equal(waf.wafError, 'WAF rule matched');
  });

  it("reads a camel integrationStatus beside functionStatus as AWS Lambda's own status", () => {
    // Keys as in index id 70209052544 (integrationStatus = $context.integration.integrationStatus,
    // functionStatus = $context.integration.status); values SYNTHETIC.
    const parsed = record(
      '{"requestId":"r1","status":"502","integrationStatus":"200","functionStatus":"502","errorResponseType":"-"}',
    );
    assert.equal(parsed.integrationStatus, 502);
    assert.equal(parsed.integrationServiceStatus, 200);
  });

  it("keeps the first camel integrationStatus when Sumo Logic's format also logs contextIntegrationStatus", () => {
    // Sumo Logic's HTTP API format logs both; values SYNTHETIC.
    const parsed = record(
      '{"status":"502","integrationStatus":"502","contextIntegrationStatus":"200","requestId":"r1"}',
    );
    assert.equal(parsed.status, 502);
    assert.equal(parsed.integrationStatus, 502);
  });
});

/**
 * `$context.integration.status` is the backend's status (for a Lambda proxy, the function's own
 * statusCode); `$context.integrationStatus` is, for a Lambda proxy, AWS Lambda's status for the invoke
 * ("not from the backend Lambda function code", API Gateway's variable reference). Both normalise to
 * `integrationstatus`. Every line SYNTHETIC; the first two use the key spellings of a published HTTP
 * API access line that logged `"integration_status":"401"` beside `"integrationStatus…":"200"`.
 */
describe('parseAccessLine: integration.status against integrationStatus', () => {
  const cases: readonly {
    readonly name: string;
    readonly line: string;
    readonly expected: Partial<AccessLogRecord>;
  }[] = [
    {
      name: 'camel integrationStatus before a nested integration.status',
      line: '{"requestId":"r1","status":"401","integrationStatus":"200","integration":{"status":"401","integrationStatus":"200","error":"-"}}',
      expected: { integrationStatus: 401, integrationServiceStatus: 200 },
    },
    {
      name: 'integration_status before camel integrationStatus, with no integration.integrationStatus',
      line: '{"requestId":"r1","status":"401","integration_status":"401","integrationStatus":"200"}',
      expected: { integrationStatus: 401, integrationServiceStatus: 200 },
    },
    {
      name: 'camel integrationStatus before a dotted integration.status, as JSON numbers',
      line: '{"requestId":"r1","status":502,"integrationStatus":200,"integration.status":500}',
      expected: { integrationStatus: 500, integrationServiceStatus: 200 },
    },
    {
      name: 'key-value text with integrationStatus before integration.status',
      line: 'requestId: r1, status: 500, integrationStatus: 200, integration.status: 500',
      expected: { integrationStatus: 500, integrationServiceStatus: 200 },
    },
    {
      name: "camel integrationStatus alone (an HTTP backend's status, or Lambda's: kept as the backend's)",
      line: '{"requestId":"r1","status":"404","integrationStatus":"404"}',
      expected: {
        integrationStatus: 404,
        integrationServiceStatus: undefined,
        noIntegrationStatus: undefined,
      },
    },
    {
      name: 'camel integrationStatus alone, a success while the client got an error (Lambda answered, its function chose the error)',
      line: '{"requestId":"r1","routeKey":"POST /orders","status":"409","integrationStatus":"200"}',
      expected: {
        integrationStatus: undefined,
        integrationServiceStatus: 200,
        noIntegrationStatus: undefined,
      },
    },
    {
      name: 'camel integrationStatus alone, a success the client got too (kept as the backend status)',
      line: '{"requestId":"r1","status":201,"integrationStatus":200}',
      expected: { integrationStatus: 200, integrationServiceStatus: undefined },
    },
    {
      name: 'camel integrationStatus alone, an error beside another error (kept as the backend status: a non-proxy integration maps statuses)',
      line: '{"requestId":"r1","status":"400","integrationStatus":"404"}',
      expected: { integrationStatus: 404, integrationServiceStatus: undefined },
    },
    {
      name: "camel integrationStatus alone on an HTTP API, a 4xx beside the client's 5xx (AWS Lambda's own status: an HTTP API passes a backend's status on unchanged)",
      line: '{"requestId":"r1","routeKey":"GET /orders","status":"500","integrationStatus":"403"}',
      expected: { integrationStatus: undefined, integrationServiceStatus: 403 },
    },
    {
      name: 'camel integrationStatus alone on a WebSocket API, a 4xx beside a 5xx (kept as the backend status: its integrations map statuses too)',
      line: '{"requestId":"r1","eventType":"MESSAGE","routeKey":"sendmessage","status":"500","integrationStatus":"404"}',
      expected: { integrationStatus: 404, integrationServiceStatus: undefined },
    },
    {
      name: "camel integrationStatus '-' alone",
      line: '{"requestId":"r1","status":"404","integrationStatus":"-"}',
      expected: { integrationStatus: undefined, noIntegrationStatus: true },
    },
    {
      name: "integration.status '-' with camel integrationStatus 200 (Lambda answered, the function gave no status)",
      line: '{"requestId":"r1","status":502,"integrationStatus":200,"integration":{"status":"-"}}',
      expected: { integrationStatus: undefined, noIntegrationStatus: true, integrationServiceStatus: 200 },
    },
    {
      name: "camel integrationStatus '-' before integration_status 200",
      line: '{"requestId":"r1","status":200,"integrationStatus":"-","integration_status":"200"}',
      expected: {
        integrationStatus: 200,
        noIntegrationStatus: undefined,
        integrationServiceStatus: undefined,
      },
    },
    {
      name: 'both logging the same status (a non-Lambda integration)',
      line: '{"requestId":"r1","status":503,"integrationStatus":503,"integration":{"status":503}}',
      expected: { integrationStatus: 503, integrationServiceStatus: undefined },
    },
    {
      name: 'integration.integrationStatus, which names the service status outright',
      line: '{"requestId":"r1","status":500,"integrationStatus":"200","integration":{"status":"500","integrationStatus":"429"}}',
      expected: { integrationStatus: 500, integrationServiceStatus: 429 },
    },
  ];
  for (const { name, line, expected } of cases) {
    it(`reads ${name}`, () => {
      const parsed = record(line);
      for (const [key, value] of Object.entries(expected)) {
        assert.equal(parsed[key as keyof AccessLogRecord], value, key);
      }
    });
  }
});

describe('parseAccessLine: a `-` that is evidence', () => {
  it("notes a route key logged as '-' (no route matched) and a backend status logged as '-' (no integration answered)", () => {
    const parsed = record('{"requestId":"r1","routeKey":"-","status":"404","integrationStatus":"-"}');
    assert.deepEqual(
      [parsed.routeKey, parsed.noRoute, parsed.integrationStatus, parsed.noIntegrationStatus],
      [undefined, true, undefined, true],
    );
  });

  it("notes no route for AWS's HTTP API CLF and CSV presets, which write an unmatched route key as '-'", () => {
    const clf = record(`203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "GET - HTTP/1.1" 404 23 ${EXT}`);
    const csv = record(`203.0.113.7,25/Nov/2026:10:15:30 +0000,GET,-,HTTP/1.1,404,23,${EXT}`);
    assert.deepEqual([clf.status, clf.noRoute, csv.status, csv.noRoute], [404, true, 404, true]);
  });

  it("reads the '-' in an HTTP API CLF or CSV preset as its route key, and the '-' in a REST one as its resource path", () => {
    // SYNTHETIC preset lines. An HTTP API's request id has the extended id's shape; a REST API's is a UUID.
    const httpClf = record(`203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "GET - HTTP/1.1" 429 24 ${EXT}`);
    const httpCsv = record(`203.0.113.7,25/Nov/2026:10:15:30 +0000,GET,-,HTTP/1.1,429,24,${EXT}`);
    const restClf = record(
      `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000]"GET - HTTP/1.1" 429 36 ${ID} ${EXT}`,
    );
    const restCsv = record(`203.0.113.7,-,-,25/Nov/2026:10:15:30 +0000,GET,-,HTTP/1.1,429,36,${ID},${EXT}`);
    // A caller's id that is no UUID is logged so (set-up-access-logging: `{{UUID}}_REPLACED_INVALID_REQUEST_ID`).
    const replaced = record(
      `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000]"GET - HTTP/1.1" 429 36 ${ID}_REPLACED_INVALID_REQUEST_ID ${EXT}`,
    );
    assert.deepEqual(
      [httpClf, httpCsv, restClf, restCsv, replaced].map((r) => [r.noRoute, r.noRouteKey === true]),
      [
        [true, true],
        [true, true],
        [true, false],
        [true, false],
        [true, false],
      ],
    );
  });

  // Request ids as pages print them. API Gateway's own (an HTTP or WebSocket API's requestId, any API's
  // extendedRequestId) are 16 characters ending in one `=`, of the URL-safe base64 alphabet, as in
  // GH-tf-http-api-clf-integration-permission, TFAPIGWV2-87-httpapi-sfn-assume-role-access (`_`) and
  // GH-sam-cli-2637-http-api-jwt-500-dotted-keys (`-`) in real-lines.json. A REST id edited by whoever
  // pasted it is neither that nor a UUID: x'ed out (BLOG-heroween-vpc-link-error's
  // `xx389x71-xx67-442x-9073-441x13535xx1`), mistyped (GH-willianantunes-options-preflight-partial's
  // `Ze08ac47-…`), renamed (the corpus's `s02-01-synthetic-id`), shortened, or a stand-in.
  const gatewayIds = ['AZzecgvEPHcEPew=', 'fQke_hDCDoEEMpw=', 'AV8S6j-SDoEEP9A='];
  const editedIds = [
    'xx389x71-xx67-442x-9073-441x13535xx1',
    'Ze08ac47-b24b-417f-9d8c-13a4bb335ac3',
    's02-01-synthetic-id',
    '8f3d2c1a-1b2c-4d5e',
    'req-1',
    'request-123',
    'abc123',
    '1234',
    // An HTTP API's id with its `=` cut off: no shape to tell by, so the `-` stays what it was.
    'AV8S6j-SDoEEP9A',
  ];

  it("reads the '-' in a CLF or CSV preset as a route key for every HTTP API request id shape pages print", () => {
    // SYNTHETIC HTTP API preset lines, with the real ids above.
    const read = gatewayIds.flatMap((id) => [
      record(`203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "GET - HTTP/1.1" 429 24 ${id}`).noRouteKey,
      record(`203.0.113.7,25/Nov/2026:10:15:30 +0000,GET,-,HTTP/1.1,429,24,${id}`).noRouteKey,
    ]);
    assert.deepEqual(read, Array(gatewayIds.length * 2).fill(true));
  });

  it("leaves the '-' in a CLF or CSV preset a resource path when the request id was edited, even to one with a digit", () => {
    // SYNTHETIC REST preset lines, with the edited ids above where the UUID was.
    const read = editedIds.map((id) => [
      id,
      record(`203.0.113.7 - - [25/Nov/2026:10:15:30 +0000]"GET - HTTP/1.1" 429 36 ${id} ${EXT}`).noRouteKey,
      record(`203.0.113.7,-,-,25/Nov/2026:10:15:30 +0000,GET,-,HTTP/1.1,429,36,${id},${EXT}`).noRouteKey,
    ]);
    assert.deepEqual(
      read,
      editedIds.map((id) => [id, undefined, undefined]),
    );
  });

  // SYNTHETIC lines. A published Kinesis transformer of REST access logs rewrites every `"-"` to `""`
  // (index id 22095726713, whose test line is real-successes.json's SUCC-timewarp-nested-json-200);
  // `null` is the same rewrite in JSON's own word for no value.
  for (const empty of ['""', 'null']) {
    it(`reads a route key, resource path or backend status written ${empty} in JSON as the '-' it stands for`, () => {
      const http = record(
        `{"requestId":"r1","routeKey":${empty},"status":"404","integrationStatus":${empty}}`,
      );
      const rest = record(
        `{"requestId":"r2","resourcePath":${empty},"status":"404","integration":{"status":${empty}}}`,
      );
      assert.deepEqual(
        [http.noRoute, http.noRouteKey, http.noIntegrationStatus, rest.noRoute, rest.noIntegrationStatus],
        [true, true, true, true, true],
      );
    });
  }

  it('notes nothing when the format does not log those fields, or logs values', () => {
    const absent = record('{"requestId":"r1","status":"404"}');
    assert.deepEqual(
      [absent.noRoute, absent.noIntegrationStatus, absent.noResponseType],
      [undefined, undefined, undefined],
    );
    const logged = record(
      '{"requestId":"r1","routeKey":"GET /pets","status":"404","integrationStatus":"404","error_responseType":"DEFAULT_4XX"}',
    );
    assert.deepEqual(
      [logged.noRoute, logged.noIntegrationStatus, logged.noResponseType],
      [undefined, undefined, undefined],
    );
  });

  it("notes a response type logged as '-' (API Gateway sent no gateway response of its own), in any key spelling", () => {
    for (const key of ['error_responseType', 'errorResponseType', 'error.responseType', 'responseType']) {
      const parsed = record(`{"requestId":"r1","status":"503","${key}":"-"}`);
      assert.deepEqual([parsed.responseType, parsed.noResponseType], [undefined, true], key);
    }
    // A pipeline that rewrote every '-' as "" (see RecordBuilder.put) says the same.
    assert.equal(record('{"requestId":"r1","status":"503","errorResponseType":""}').noResponseType, true);
  });

  it("notes it beside an HTTP or WebSocket API's request id too: the field was logged, and the rules reading it tell the API type", () => {
    // SYNTHETIC: an HTTP API format that logs no route key, whose request id is one API Gateway made.
    const parsed = record(`{"requestId":"${EXT}","status":"500","errorResponseType":"-"}`);
    assert.equal(parsed.noResponseType, true);
    assert.equal(record(`{"requestId":"${ID}","status":"500","errorResponseType":"-"}`).noResponseType, true);
  });

  /**
   * A REST stage whose owner copied an HTTP API JSON format logs `"routeKey":"-"` on every request:
   * REST has no $context.routeKey (API Gateway lists it for HTTP and WebSocket APIs only), so the
   * gateway writes `-` (real-successes.json's SUCC-serverless-ca-cloudfront-origin-mtls-200, a REST
   * line with a UUID request id). The lines here are SYNTHETIC, in that fixture's shape.
   */
  const copiedFormat = (requestId: string, routeKey: string) =>
    `{"errorMessage":"-","errorResponseType":"-","extendedRequestId":"${EXT}","httpMethod":"POST","integrationError":"-","integrationStatus":"-","ip":"203.0.113.7","protocol":"HTTP/1.1","requestId":"${requestId}","requestTime":"25/Nov/2026:10:15:30 +0000",${routeKey}"status":"404"}`;
  const restIds = [
    ID,
    ID.toUpperCase(),
    // A caller's id that is no UUID (set-up-access-logging: `{{UUID}}_REPLACED_INVALID_REQUEST_ID`).
    `${ID}_REPLACED_INVALID_REQUEST_ID`,
    // A UUID edited by whoever pasted it is still a REST API's (BLOG-heroween-vpc-link-error's).
    'xx389x71-xx67-442x-9073-441x13535xx1',
  ];

  it("reads a '-' route key beside a REST request id as no evidence at all, as if the key were not logged", () => {
    const read = restIds.map((id) => {
      const dash = record(copiedFormat(id, '"routeKey":"-",'));
      const without = record(copiedFormat(id, ''));
      return [id, dash.noRoute, dash.noRouteKey, without.noRoute, without.noRouteKey];
    });
    assert.deepEqual(
      read,
      restIds.map((id) => [id, undefined, undefined, undefined, undefined]),
    );
  });

  it("reads a '-' eventType and route key beside a REST request id as no evidence, as a format logging every variable writes them", () => {
    // SYNTHETIC: the copied shape with `eventType` too, as real-lines.json's SUMO-DOCS-PKIX-PRETTY-PRINTED
    // (a REST line whose format logs every $context variable) logs it: REST has no $context.eventType.
    const read = restIds.map((id) => {
      const dash = record(copiedFormat(id, '"eventType":"-","routeKey":"-","connectionId":"-",'));
      return [id, dash.noRoute, dash.noRouteKey, dash.httpMethod];
    });
    assert.deepEqual(
      read,
      restIds.map((id) => [id, undefined, undefined, 'POST']),
    );
  });

  it("reads a '-' route key beside a placeholder request id as beside none: a placeholder tells no API type", () => {
    // SYNTHETIC: the copied shape with the placeholders pages and redactions put for a request id (the
    // corpus's S07-04.log prints `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` for an id). Letters x'ed out of a
    // real UUID (`xx389x71-…`, above) keep its digits and stay a REST id.
    const placeholders = ['xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', 'XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX'];
    const none = record(copiedFormat('', '"routeKey":"-",').replace('"requestId":"",', ''));
    const read = placeholders.map((id) => {
      const line = record(copiedFormat(id, '"routeKey":"-",'));
      return [id, line.requestId, line.noRoute, line.noRouteKey];
    });
    assert.deepEqual(
      read,
      placeholders.map((id) => [id, none.requestId, none.noRoute, none.noRouteKey]),
    );
    assert.deepEqual([none.noRoute, none.noRouteKey], [true, true]);
  });

  it("still reads a '-' route key as an HTTP API's unmatched route beside an HTTP API's id, an edited one or none", () => {
    // SYNTHETIC: the same shape with ids that are no REST API's (an HTTP API's, edited, left out).
    const ids = ['AZzecgvEPHcEPew=', 'req-1', '8f3d2c1a-1b2c-4d5e'];
    const read = ids.map((id) => {
      const line = record(copiedFormat(id, '"routeKey":"-",'));
      return [id, line.noRoute, line.noRouteKey];
    });
    const noId = record('{"routeKey":"-","status":"404","integrationStatus":"-"}');
    assert.deepEqual(
      [...read, ['none', noId.noRoute, noId.noRouteKey]],
      [...ids, 'none'].map((id) => [id, true, true]),
    );
  });
});

describe('splitCsv', () => {
  const rows: readonly { readonly line: string; readonly fields: readonly string[] }[] = [
    { line: 'a,b,c', fields: ['a', 'b', 'c'] },
    { line: 'a,"b,c",d', fields: ['a', 'b,c', 'd'] },
    { line: 'a,"say ""hi""",d', fields: ['a', 'say "hi"', 'd'] },
    { line: ',,', fields: ['', '', ''] },
    { line: 'a,b"c,d', fields: ['a', 'b"c', 'd'] },
  ];
  for (const { line, fields } of rows) {
    it(`splits ${line} into ${fields.length} fields honouring quotes`, () => {
      assert.deepEqual(splitCsv(line), fields);
    });
  }

  it('reads a quoted REST CSV resource path holding a space as a resource path, not an HTTP API route key', () => {
    const parsed = record(
      `203.0.113.7,-,-,25/Nov/2026:10:15:30 +0000,GET,"/! /",HTTP/1.1,200,1,${ID},${EXT}`,
    );
    assert.equal(parsed.resourcePath, '/! /');
    assert.equal(parsed.routeKey, undefined);
  });

  it('keeps a comma inside a quoted resource path of a REST CSV line', () => {
    const parsed = record(
      `203.0.113.7,-,-,25/Nov/2026:10:15:30 +0000,GET,"/a,b",HTTP/1.1,500,1,${ID},${EXT}`,
    );
    assert.equal(parsed.resourcePath, '/a,b');
    assert.equal(parsed.requestId, ID);
  });
});

/**
 * Fields users append to a CLF or CSV preset: `$context.integrationErrorMessage` (AWS's HTTP API
 * troubleshooting guide), or `"$context.error.messageString" $context.error.responseType`. A trailing
 * token is the response type only when it is one of API Gateway's gateway response types. SYNTHETIC.
 */
describe('parseAccessLine: fields appended to the CLF and CSV presets', () => {
  it('keeps the space after each comma of text appended to a CSV preset, as a message is written (SYNTHETIC line)', () => {
    const csv = record(
      `198.51.100.23,25/Nov/2026:10:15:30 +0000,POST,POST /orders,HTTP/1.1,500,35,${EXT},Something failed, then the retry failed, too`,
    );
    assert.equal(csv.integrationError, 'Something failed, then the retry failed, too');
  });

  const PERMISSIONS =
    "The IAM role configured on the integration or API Gateway doesn't have permissions to call the integration. Check the permissions and try again.";
  const cases: readonly {
    readonly name: string;
    readonly line: string;
    readonly expected: Partial<AccessLogRecord>;
  }[] = [
    {
      name: 'HTTP API CSV + ,$context.integrationErrorMessage',
      line: `198.51.100.23,25/Nov/2026:10:15:30 +0000,POST,POST /orders,HTTP/1.1,500,35,${EXT},${PERMISSIONS}`,
      expected: { status: 500, requestId: EXT, extendedRequestId: undefined, integrationError: PERMISSIONS },
    },
    {
      name: 'REST CSV + ,"$context.error.messageString",$context.error.responseType',
      line: `203.0.113.7,-,-,25/Nov/2026:10:15:30 +0000,GET,/items,HTTP/1.1,429,36,${ID},${EXT},"Limit Exceeded",QUOTA_EXCEEDED`,
      expected: {
        requestId: ID,
        extendedRequestId: EXT,
        errorMessage: 'Limit Exceeded',
        responseType: 'QUOTA_EXCEEDED',
        integrationError: undefined,
      },
    },
    {
      name: 'HTTP API CLF + $context.error.responseType alone, DEFAULT_4XX: a response type, not an extended id',
      line: `198.51.100.23 - - [25/Nov/2026:10:15:30 +0000] "GET GET /pets HTTP/1.1" 404 23 ${ID} DEFAULT_4XX`,
      expected: { status: 404, requestId: ID, extendedRequestId: undefined, responseType: 'DEFAULT_4XX' },
    },
    {
      name: 'REST CLF + "$context.error.messageString" $context.error.responseType (usage-plan quota)',
      line: `198.51.100.23 - - [25/Nov/2026:10:15:30 +0000]"GET /items HTTP/1.1" 429 36 ${ID} ${EXT} "Limit Exceeded" QUOTA_EXCEEDED`,
      expected: {
        status: 429,
        requestId: ID,
        extendedRequestId: EXT,
        errorMessage: 'Limit Exceeded',
        responseType: 'QUOTA_EXCEEDED',
        integrationError: undefined,
      },
    },
    {
      name: 'REST CLF + "$context.error.messageString" $context.error.responseType (authorizer failure)',
      line: `198.51.100.23 - - [25/Nov/2026:10:15:30 +0000]"GET /items HTTP/1.1" 500 36 ${ID} ${EXT} "Internal server error" AUTHORIZER_FAILURE`,
      expected: { errorMessage: 'Internal server error', responseType: 'AUTHORIZER_FAILURE' },
    },
    {
      // The `-` after the quoted messageString is the response type logged as `-`: no gateway response.
      name: 'REST CLF + the same two fields for a request without an error ("-" -)',
      line: `198.51.100.23 - - [25/Nov/2026:10:15:30 +0000]"GET /items HTTP/1.1" 200 36 ${ID} ${EXT} "-" -`,
      expected: {
        status: 200,
        extendedRequestId: EXT,
        errorMessage: undefined,
        responseType: undefined,
        noResponseType: true,
        integrationError: undefined,
      },
    },
    {
      name: 'REST CLF + a response type alone',
      line: `198.51.100.23 - - [25/Nov/2026:10:15:30 +0000]"GET /items HTTP/1.1" 429 36 ${ID} ${EXT} THROTTLED`,
      expected: {
        extendedRequestId: EXT,
        responseType: 'THROTTLED',
        errorMessage: undefined,
        integrationError: undefined,
      },
    },
    {
      name: 'HTTP API CLF + "$context.error.messageString" $context.error.responseType, no extended id',
      line: `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "GET - HTTP/1.1" 404 23 ${EXT} "Not Found" RESOURCE_NOT_FOUND`,
      expected: {
        requestId: EXT,
        extendedRequestId: undefined,
        errorMessage: 'Not Found',
        responseType: 'RESOURCE_NOT_FOUND',
      },
    },
    {
      name: 'CLF + a message whose last word is in capitals but no gateway response type',
      line: `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "GET $default HTTP/1.1" 500 35 ${EXT} Backend said NOT_READY`,
      expected: {
        responseType: undefined,
        errorMessage: undefined,
        integrationError: 'Backend said NOT_READY',
      },
    },
  ];
  for (const { name, line, expected } of cases) {
    it(`reads ${name}`, () => {
      const parsed = record(line);
      for (const [key, value] of Object.entries(expected)) {
        assert.equal(parsed[key as keyof AccessLogRecord], value, key);
      }
    });
  }

  /**
   * $context.extendedRequestId is made by API Gateway and cannot be set by the caller
   * (set-up-access-logging): every one in the real samples (corpus and fixtures) is 16 characters of
   * base64 ending in `=`. Other text appended after an HTTP API preset's request id (which has no
   * extended id) is no extended id, even with a digit in it: a word, an $context.apiId, an
   * $context.awsEndpointRequestId (a UUID), a $context.requestTimeEpoch. SYNTHETIC lines.
   */
  const notExtended = [
    ['a word with a digit', 'abc12345 backend refused'],
    ['an API id', 'abcde12345 backend refused'],
    ['an endpoint request id', `${ID} backend refused`],
    ['a time in milliseconds', '1764065730000'],
    ['base64 padding of another length', 'QUJDREVGRw== backend refused'],
  ] as const;
  for (const [kind, text] of notExtended) {
    it(`keeps ${kind} appended after an HTTP API's request id as appended text, not an extended id`, () => {
      const clf = record(
        `198.51.100.23 - - [25/Nov/2026:10:15:30 +0000] "POST POST /orders HTTP/1.1" 500 35 ${EXT} ${text}`,
      );
      const csv = record(
        `198.51.100.23,25/Nov/2026:10:15:30 +0000,POST,POST /orders,HTTP/1.1,500,35,${EXT},${text}`,
      );
      const message = /[A-Za-z]/.test(text) ? text : undefined;
      assert.deepEqual(
        [clf.extendedRequestId, clf.integrationError, csv.extendedRequestId, csv.integrationError],
        [undefined, message, undefined, message],
      );
    });
  }
});

/**
 * WebSocket API presets. CLF: `$context.identity.sourceIp $context.identity.caller $context.identity.user
 * [$context.requestTime] "$context.eventType $context.routeKey $context.connectionId" $context.status
 * $context.requestId` (the console's CLF and aws-cdk's WebSocketStage default; the Serverless Framework's
 * websockets/lib/stage.js writes two spaces before the request id). It has no response length. CSV:
 * `$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,
 * $context.eventType,$context.routeKey,$context.connectionId,$context.status,$context.requestId`.
 * Values SYNTHETIC.
 */
describe('parseAccessLine: WebSocket presets', () => {
  const WS_ID = 'PDS1PEC4oAMFpyA=';
  const CONNECTION = 'PDS1PFfGoAMCJ3Q=';
  const cases: readonly {
    readonly name: string;
    readonly line: string;
    readonly expected: Partial<AccessLogRecord>;
  }[] = [
    {
      name: 'CLF (console, CDK WebSocketStage default) for a failed $connect',
      line: `192.0.2.10 - - [25/Nov/2026:10:15:30 +0000] "CONNECT $connect ${CONNECTION}" 500 ${WS_ID}`,
      expected: { format: 'clf', httpMethod: 'CONNECT', routeKey: '$connect', status: 500, requestId: WS_ID },
    },
    {
      name: "CLF with the Serverless Framework's two spaces before the request id",
      line: `192.0.2.10 - - [25/Nov/2026:10:15:30 +0000] "CONNECT $connect ${CONNECTION}" 500  ${WS_ID}`,
      expected: { routeKey: '$connect', status: 500, requestId: WS_ID, resourcePath: undefined },
    },
    {
      name: 'CLF for a message to a custom route',
      line: `192.0.2.10 - - [25/Nov/2026:10:15:30 +0000] "MESSAGE sendmessage ${CONNECTION}" 429 ${WS_ID}`,
      expected: { httpMethod: 'MESSAGE', routeKey: 'sendmessage', status: 429, requestId: WS_ID },
    },
    {
      name: 'CLF for a disconnect',
      line: `192.0.2.10 - - [25/Nov/2026:10:15:30 +0000] "DISCONNECT $disconnect ${CONNECTION}" 200 ${WS_ID}`,
      expected: { routeKey: '$disconnect', status: 200, requestId: WS_ID },
    },
    {
      name: "CLF for a message that matched no route ('-')",
      line: `192.0.2.10 - - [25/Nov/2026:10:15:30 +0000] "MESSAGE - ${CONNECTION}" 404 ${WS_ID}`,
      expected: { routeKey: undefined, noRoute: true, status: 404, requestId: WS_ID },
    },
    {
      name: 'CSV for a failed $connect',
      line: `198.51.100.23,-,-,25/Nov/2026:10:15:30 +0000,CONNECT,$connect,${CONNECTION},500,${WS_ID}`,
      expected: { format: 'csv', httpMethod: 'CONNECT', routeKey: '$connect', status: 500, requestId: WS_ID },
    },
    {
      name: 'CSV for a throttled message',
      line: `198.51.100.23,-,-,25/Nov/2026:10:15:30 +0000,MESSAGE,sendmessage,${CONNECTION},429,${WS_ID}`,
      expected: { httpMethod: 'MESSAGE', routeKey: 'sendmessage', status: 429, requestId: WS_ID },
    },
    {
      name: 'CSV for a disconnect',
      line: `198.51.100.23,-,-,25/Nov/2026:10:15:30 +0000,DISCONNECT,$disconnect,${CONNECTION},200,${WS_ID}`,
      expected: { routeKey: '$disconnect', status: 200, requestId: WS_ID },
    },
    {
      name: "CSV for a message that matched no route ('-')",
      line: `198.51.100.23,-,-,25/Nov/2026:10:15:30 +0000,MESSAGE,-,${CONNECTION},404,${WS_ID}`,
      expected: { routeKey: undefined, noRoute: true, status: 404 },
    },
    {
      // The same request as real-lines.json's GH-elastic-websocket-403-no-route, in the CSV preset.
      name: "CSV for a request refused before route selection (event type, route key and connection id '-')",
      line: `198.51.100.23,-,-,25/Nov/2026:10:15:30 +0000,-,-,-,403,${WS_ID}`,
      expected: {
        format: 'csv',
        httpMethod: undefined,
        noRoute: true,
        noRouteKey: undefined,
        status: 403,
        requestId: WS_ID,
      },
    },
    {
      name: 'JSON with eventType, which is the event as CLF and CSV give it',
      line: `{ "requestId":"${WS_ID}", "ip": "198.51.100.23", "caller":"-", "user":"-", "requestTime":"25/Nov/2026:10:15:30 +0000", "eventType":"MESSAGE", "routeKey":"sendmessage", "status":"502", "connectionId":"${CONNECTION}" }`,
      expected: {
        format: 'json',
        httpMethod: 'MESSAGE',
        routeKey: 'sendmessage',
        status: 502,
        requestId: WS_ID,
      },
    },
  ];
  for (const { name, line, expected } of cases) {
    it(`reads the ${name}`, () => {
      const parsed = record(line);
      for (const [key, value] of Object.entries(expected)) {
        assert.equal(parsed[key as keyof AccessLogRecord], value, key);
      }
      assert.equal(parsed.timeMs, TIME_MS);
    });
  }

  it('takes the token after the status for the request id whenever it is not a length', () => {
    // SYNTHETIC: custom REST CLF formats without $context.responseLength, or with it logged as '-'.
    const without = record(
      `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000]"GET /pets HTTP/1.1" 502 ${ID} ${EXT}`,
    );
    const dash = record(
      `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000]"GET /pets HTTP/1.1" 502 - ${ID} ${EXT}`,
    );
    assert.deepEqual(
      [without.requestId, without.extendedRequestId, dash.requestId, dash.extendedRequestId],
      [ID, EXT, ID, EXT],
    );
  });

  it('does not read a CSV line with an event type but no request time as a WebSocket preset', () => {
    assert.equal(parseAccessLine(`a,b,MESSAGE,sendmessage,${CONNECTION},500,${WS_ID}`), undefined);
  });

  it("reads a connectionId key, however spelled or nested and even as '-', as a WebSocket format's, beside any id but a REST API's", () => {
    // SYNTHETIC: custom WebSocket formats that log no eventType. Only WebSocket APIs have
    // $context.connectionId; a REST format logging every variable logs it as '-' beside a UUID.
    const lines = [
      `{"requestId":"${WS_ID}","routeKey":"-","status":"429","connectionId":"${CONNECTION}"}`,
      `{"requestId":"${WS_ID}","routeKey":"-","status":"429","connection_id":"-"}`,
      `{"requestId":"${WS_ID}","status":"429","context":{"routeKey":"sendmessage","connectionId":"${CONNECTION}"}}`,
      `<request id="${WS_ID}"> <routeKey>-</routeKey> <status>429</status> <connectionId>-</connectionId> </request>`,
      `requestId: ${WS_ID}, routeKey: -, status: 429, connectionId: ${CONNECTION}`,
    ];
    assert.deepEqual(
      lines.map((line) => [record(line).webSocketFormat, record(line).noRouteKey]),
      lines.map(() => [true, undefined]),
    );
    const rest = record(`{"requestId":"${ID}","routeKey":"-","status":"429","connectionId":"-"}`);
    const none = record(`{"requestId":"${WS_ID}","routeKey":"-","status":"429"}`);
    assert.deepEqual(
      [rest.webSocketFormat, rest.noRouteKey, none.webSocketFormat, none.noRouteKey],
      [undefined, undefined, undefined, true],
    );
  });

  it("reads an eventType key logged as '-', with no route key or connectionId, as a WebSocket format's beside any id but a REST API's", () => {
    // SYNTHETIC: a format logging eventType but neither routeKey nor connectionId. A REST format
    // logging every variable writes eventType as '-' beside its UUID, which no WebSocket API's id has.
    const fields = '"eventType":"-","status":"403","errorMessage":"Forbidden"';
    const rest = record(`{"requestId":"${ID}",${fields}}`);
    const webSocket = record(`{"requestId":"${WS_ID}",${fields}}`);
    assert.deepEqual([rest.webSocketFormat, webSocket.webSocketFormat], [undefined, true]);
  });

  it("does not read a connectionId or '-' eventType key as a WebSocket format's beside an HTTP method or a resource path, which no WebSocket API logs", () => {
    // SYNTHETIC: a REST format logging every variable (connectionId and eventType '-') whose request id
    // is no UUID in a `requestId` key: a placeholder, under a generic `id` key, or not logged. WebSocket
    // APIs have neither $context.httpMethod nor $context.resourcePath (websocket-api-logging), so the
    // line's own method and resource say REST whatever its id.
    const every =
      '"eventType":"-","routeKey":"-","connectionId":"-","status":"403","errorMessage":"Forbidden"';
    const lines = [
      `{"requestId":"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx","httpMethod":"GET","resourcePath":"/pets",${every}}`,
      `{"id":"${ID}","httpMethod":"GET","resourcePath":"/pets",${every}}`,
      `{"httpMethod":"GET",${every}}`,
      `{"resourcePath":"/pets",${every}}`,
    ];
    assert.deepEqual(
      lines.map((line) => record(line).webSocketFormat),
      lines.map(() => undefined),
    );
  });
});

describe('parseAccessLine: CLF edge cases', () => {
  it('reads a CLF line that logs no request id, so the failure is still counted', () => {
    const parsed = record('203.0.113.7 - - [25/Nov/2026:10:15:30 +0000]"GET /pets HTTP/1.1" 502 36');
    assert.equal(parsed.status, 502);
    assert.equal(parsed.requestId, undefined);
  });

  // SYNTHETIC lines in nginx's and Apache's "combined" format: `"referer" "user agent"` after the
  // bytes, where API Gateway's CLF presets write the request id, which they never quote.
  const combined: readonly { readonly name: string; readonly line: string }[] = [
    {
      name: 'a referer',
      line: '203.0.113.9 - - [27/Nov/2026:10:00:00 +0000] "GET /checkout HTTP/1.1" 502 157 "https://shop.example.com/cart" "Mozilla/5.0 (X11; Linux x86_64)"',
    },
    {
      name: "a '-' referer",
      line: '203.0.113.9 - - [27/Nov/2026:10:00:00 +0000] "GET /checkout HTTP/1.1" 502 157 "-" "curl/8.0"',
    },
    {
      name: "a '-' byte count and nginx's forwarded-for after the user agent",
      line: '203.0.113.9 - alice [27/Nov/2026:10:00:00 +0000] "POST /pay HTTP/2.0" 500 - "-" "curl/8.0" "198.51.100.4"',
    },
    // SYNTHETIC, a review's line: two quoted values and no id among or after them. (Two quoted values
    // whose last is an id are a custom format's message and quoted request id: clf-quoted-values.test.ts.)
    {
      name: "two quoted values, the second '-'",
      line: '203.0.113.5 - - [27/Nov/2026:10:00:00 +0000] "GET /orders HTTP/1.1" 502 36 "Internal server error" "-"',
    },
  ];
  for (const { name, line } of combined) {
    it(`counts a web server's combined log line with ${name} unparsed, naming it, not as a request`, () => {
      const parsed = parseAccessLine(line);
      assert.equal(parsed?.ok, false);
      assert.match(parsed?.ok === false ? parsed.reason : '', /web server's combined/);
    });
  }

  it('still reads quoted values a custom format appends after the request id', () => {
    // SYNTHETIC: `… $context.requestId "$context.identity.userAgent" "$context.error.messageString"`.
    const parsed = record(
      `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "GET /pets HTTP/1.1" 502 36 ${ID} "curl/8.0" "Internal server error"`,
    );
    assert.equal(parsed.requestId, ID);
    assert.equal(parsed.status, 502);
  });

  // SYNTHETIC, a review's lines: custom CLF formats that log quoted `$context` values before the
  // request id. A quoted value is the id only when it is the only one, id-shaped, and the token after
  // it is no request id (a quoted UUID then an extended id, below); else the id is the id-shaped token
  // after the quoted values, even when a quoted id-shaped value (a Cognito sub, an extended id) opens them.
  const quotedBeforeId: readonly {
    readonly name: string;
    readonly line: string;
    readonly requestId: string | undefined;
  }[] = [
    {
      name: 'one quoted value between the bytes and the request id',
      line: `203.0.113.5 - - [27/Nov/2026:10:00:00 +0000] "GET /orders HTTP/1.1" 502 36 "Internal server error" ${ID}`,
      requestId: ID,
    },
    {
      name: 'two quoted values between the bytes and the request id',
      line: `203.0.113.5 - - [27/Nov/2026:10:00:00 +0000] "GET /orders HTTP/1.1" 502 36 "Internal server error" "Lambda.Unknown" ${ID}`,
      requestId: ID,
    },
    {
      name: 'two quoted values and two spaces before the request id',
      line: `203.0.113.5 - - [27/Nov/2026:10:00:00 +0000] "GET /orders HTTP/1.1" 502 200 "Internal server error" "Lambda.Unknown"  ${ID}`,
      requestId: ID,
    },
    {
      name: 'quoted values right after the status (no bytes logged) and an HTTP API id after them',
      line: `203.0.113.5 - - [27/Nov/2026:10:00:00 +0000] "GET /orders HTTP/1.1" 502 "Internal server error" "x" ${EXT}`,
      requestId: EXT,
    },
    {
      name: 'a quoted UUID (a Cognito sub) before the request id and its extended id',
      line: `203.0.113.9 - - [27/Nov/2026:10:00:00 +0000] "GET /orders HTTP/1.1" 502 36 "8d2e4c1a-0b3f-4e5d-9a7c-6b1f2e3d4c5a" ${ID} ${EXT}`,
      requestId: ID,
    },
    {
      name: 'a quoted extended id before the request id',
      line: `203.0.113.9 - - [27/Nov/2026:10:00:00 +0000] "GET /orders HTTP/1.1" 502 36 "${EXT}" ${ID}`,
      requestId: ID,
    },
    {
      name: 'one quoted value after the bytes and no request id',
      line: '203.0.113.5 - - [27/Nov/2026:10:00:00 +0000] "GET /orders HTTP/1.1" 502 36 "Internal server error"',
      requestId: undefined,
    },
  ];
  for (const { name, line, requestId } of quotedBeforeId) {
    it(`reads ${name} as an access line, taking no quoted word as the request id`, () => {
      const parsed = record(line);
      assert.deepEqual([parsed.status, parsed.requestId], [502, requestId]);
    });
  }

  it("joins a CLF line logging a quoted id-shaped value before the request id with the id's execution trail as one request", () => {
    // SYNTHETIC: the quoted value was taken for the id, and the line and its trail made two failures.
    const lines = [
      `203.0.113.9 - - [27/Nov/2026:10:00:00 +0000] "GET /orders HTTP/1.1" 502 36 "8d2e4c1a-0b3f-4e5d-9a7c-6b1f2e3d4c5a" ${ID} ${EXT}`,
      `(${ID}) Starting execution for request: ${ID}`,
      `(${ID}) Method completed with status: 502`,
    ];
    const events = lines.map((message, i) => ({ id: String(i), timestamp: 0, message }));
    const analysis = analyze([{ source: { name: 'mixed.log' }, events }]);
    assert.deepEqual(
      analysis.failures.map((f) => f.requestId),
      [ID],
    );
  });

  it('counts two requests whose CLF lines log the same quoted message before different ids as two failures', () => {
    // SYNTHETIC: `"Internal` was read as both lines' request id, and the join made one request of them.
    const line = (id: string) =>
      `203.0.113.5 - - [27/Nov/2026:10:00:00 +0000] "GET /orders HTTP/1.1" 502 36 "Internal server error" ${id}`;
    const lines = [line(ID), line('0c4a1b2e-5d3f-4e6a-9b7c-8d9e0f1a2b3c')];
    const events = lines.map((message, i) => ({ id: String(i), timestamp: 0, message }));
    const analysis = analyze([{ source: { name: 'access.log' }, events }]);
    assert.deepEqual([analysis.stats.requests, analysis.stats.failed], [2, 2]);
  });

  // SYNTHETIC, a review's lines: a format quoting its request id and appending the extended id
  // (`… $context.responseLength "$context.requestId" $context.extendedRequestId`). The quoted id is the
  // request id, as before b15e7d7, not a message before the extended id.
  const P = '203.0.113.7 - - [27/Nov/2026:19:50:33 +0000] "GET /pets HTTP/1.1"';
  const U = '0c4a1b2e-5d3f-4e6a-9b7c-8d9e0f1a2b3c';
  const G = 'Bt3xVHFDoAMEbJw=';
  const quotedIdThenExtended: readonly { readonly name: string; readonly line: string }[] = [
    { name: 'after the bytes', line: `${P} 504 36 "${U}" ${G}` },
    { name: 'right after the status (no bytes logged)', line: `${P} 504 "${U}" ${G}` },
    { name: 'two spaces before the extended id', line: `${P} 504 36 "${U}"  ${G}` },
  ];
  for (const { name, line } of quotedIdThenExtended) {
    it(`reads a quoted request id ${name} as the id and the token after it as the extended id`, () => {
      const parsed = record(line);
      assert.deepEqual([parsed.requestId, parsed.extendedRequestId, parsed.errorMessage], [U, G, undefined]);
    });
  }

  it("joins a quoted request id's CLF line with its execution trail as one timed-out request", () => {
    // SYNTHETIC: read as request G with U as its message, the line made a second, status-only failure.
    const lines = [
      `${P} 504 36 "${U}" ${G}`,
      `(${U}) Starting execution for request: ${U}`,
      `(${U}) Execution failed due to a timeout error`,
      `(${U}) Method completed with status: 504`,
    ];
    const events = lines.map((message, i) => ({ id: String(i), timestamp: 0, message }));
    const analysis = analyze([{ source: { name: 'mixed.log' }, events }]);
    assert.deepEqual(
      analysis.failures.map((f) => [f.requestId, f.cause]),
      [[U, 'timeout.integration']],
    );
  });

  // SYNTHETIC, a review's lines: a quoted message before the request id, and the extended id after it.
  // The id's tail held the extended id, and the message was dropped for it.
  const quotedMessageThenIds: readonly {
    readonly name: string;
    readonly line: string;
    readonly expected: Partial<AccessLogRecord>;
  }[] = [
    {
      name: 'the extended id',
      line: `${P} 504 36 "Endpoint request timed out" ${U} ${G}`,
      expected: { requestId: U, extendedRequestId: G, errorMessage: 'Endpoint request timed out' },
    },
    {
      name: 'the extended id and a response type',
      line: `${P} 504 36 "Endpoint request timed out" ${U} ${G} INTEGRATION_TIMEOUT`,
      expected: {
        requestId: U,
        extendedRequestId: G,
        responseType: 'INTEGRATION_TIMEOUT',
        errorMessage: 'Endpoint request timed out',
      },
    },
    {
      name: 'nothing',
      line: `${P} 504 36 "Endpoint request timed out" ${U}`,
      expected: { requestId: U, errorMessage: 'Endpoint request timed out' },
    },
  ];
  for (const { name, line, expected } of quotedMessageThenIds) {
    it(`keeps a quoted message before the request id as the error message with ${name} after the id`, () => {
      const parsed = record(line);
      const actual = Object.fromEntries(
        Object.keys(expected).map((k) => [k, parsed[k as keyof AccessLogRecord]]),
      );
      assert.deepEqual(actual, expected);
      assert.equal(parsed.integrationError, undefined);
    });
  }

  it('reads a timeout message before the request id as a timeout whether or not the extended id follows', () => {
    const causes = [
      `${P} 504 36 "Endpoint request timed out" ${U} ${G}`,
      `${P} 504 36 "Endpoint request timed out" ${U}`,
    ].map((message) =>
      analyze([
        { source: { name: 'access.log' }, events: [{ id: '0', timestamp: 0, message }] },
      ]).failures.map((f) => f.cause),
    );
    assert.deepEqual(causes, [['timeout.integration'], ['timeout.integration']]);
  });

  it('takes the first token after the request id as the extended id even after two spaces', () => {
    const parsed = record(
      `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000]"GET /pets HTTP/1.1" 502 36 ${ID}  ${EXT}`,
    );
    assert.equal(parsed.extendedRequestId, EXT);
    assert.equal(parsed.integrationError, undefined);
  });

  const spaced: readonly {
    readonly name: string;
    readonly line: string;
    readonly expected: Partial<AccessLogRecord>;
  }[] = [
    {
      // SYNTHETIC. The old developer guide printed the REST CLF preset over lines as
      // `$context.identity.caller  \` + `$context.identity.user`; joined, that leaves two spaces.
      name: 'the old REST CLF preset joined with two spaces between caller and user',
      line: `198.51.100.23 -  - [25/Nov/2026:10:15:30 +0000] "GET /pets HTTP/1.1" 502 36 ${ID}`,
      expected: {
        format: 'clf',
        httpMethod: 'GET',
        resourcePath: '/pets',
        status: 502,
        requestId: ID,
        timeMs: TIME_MS,
      },
    },
    {
      name: 'runs of spaces between every field',
      line: `203.0.113.7   -  -   [25/Nov/2026:10:15:30 +0000]   "GET   /pets/{id}   HTTP/1.1"   502   36   ${ID}   ${EXT}`,
      expected: {
        httpMethod: 'GET',
        resourcePath: '/pets/{id}',
        status: 502,
        requestId: ID,
        extendedRequestId: EXT,
        timeMs: TIME_MS,
      },
    },
    {
      name: 'an HTTP API route key with two spaces before the protocol',
      line: `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "GET GET /pets  HTTP/1.1" 404  23 ${EXT}`,
      expected: { routeKey: 'GET /pets', status: 404, requestId: EXT },
    },
    {
      name: 'a status with nothing after it',
      line: '203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "GET /pets HTTP/1.1" 503',
      expected: { resourcePath: '/pets', status: 503, requestId: undefined },
    },
  ];
  for (const { name, line, expected } of spaced) {
    it(`reads ${name}`, () => {
      const parsed = record(line);
      for (const [key, value] of Object.entries(expected)) {
        assert.equal(parsed[key as keyof AccessLogRecord], value, key);
      }
    });
  }

  it('reads long adversarial CLF lines in linear time', () => {
    // Runs of spaces where the pattern allows them, many quotes that are not followed by a status,
    // a carriage return that `.` would not cross: a pattern that retried each split of a run, or
    // rescanned the rest of the line from every quote, would take minutes on these.
    const script = `
      const { parseAccessLine } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'access-log'))});
      const n = 200000;
      const head = '203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "';
      const lines = [
        head + 'GET' + ' '.repeat(n) + 'x',
        head + 'GET /a' + ' '.repeat(n) + 'x" 500 1 r',
        head + 'GET /' + '" 5000 '.repeat(n / 8) + 'x',
        head + 'GET /' + '" 500x '.repeat(n / 8),
        head + 'GET /' + '" 500 a\\r'.repeat(n / 8),
        head + 'GET /' + '"  '.repeat(n / 4) + 'x',
        'a' + ' '.repeat(n) + 'b' + ' '.repeat(n) + 'c' + ' '.repeat(n) + '[x',
      ];
      console.log(lines.map((line) => { const p = parseAccessLine(line); return p && p.ok ? p.record.status : '-'; }).join(','));`;
    assert.equal(outputWithinLimit(script, 'the CLF pattern backtracks'), '-,500,-,-,500,-,-');
  });

  it('reads a CLF line with a long run of spaces in its appended text without backtracking for minutes', () => {
    // A lazy tail followed by \s*$ backtracked quadratically: 200,000 spaces took about a minute.
    const script = `
      const { parseAccessLine } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'access-log'))});
      const line = '203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "GET $default HTTP/1.1" 500 35 ${EXT} x' + ' '.repeat(200000) + 'y';
      console.log(parseAccessLine(line).record.status);`;
    assert.equal(outputWithinLimit(script, 'the CLF pattern backtracks'), '500');
  });
});

describe('parseAccessLine: key-value lines', () => {
  it('keeps a value that holds commas but no ", key: " whole', () => {
    const parsed = record(
      `requestId: ${ID}, requestTime: 25/Nov/2026:10:15:30 +0000, status: 504, errorMessage: Endpoint request timed out, sorry, integrationLatency: 29001`,
    );
    assert.equal(parsed.errorMessage, 'Endpoint request timed out, sorry');
    assert.equal(parsed.integrationLatencyMs, 29001);
  });

  it('does not take a message with a colon or two for a key-value access line', () => {
    assert.equal(parseAccessLine('Method completed with status: 502'), undefined);
    assert.equal(parseAccessLine('status: 502, reason: timeout'), undefined);
  });
});

describe('parseTime', () => {
  const times: readonly { readonly text: string; readonly ms: number | undefined }[] = [
    { text: '25/Nov/2026:10:15:30 +0000', ms: TIME_MS },
    { text: '25/Nov/2026:12:15:30 +0200', ms: TIME_MS },
    { text: '25/Nov/2026:05:15:30 -0500', ms: TIME_MS },
    { text: '25/Nov/2026:10:15:30 +00:00', ms: TIME_MS },
    { text: '25/Nov/2026:10:15:30', ms: TIME_MS },
    { text: '2026-11-25T10:15:30Z', ms: TIME_MS },
    { text: '2026-11-25T11:15:30+01:00', ms: TIME_MS },
    { text: String(TIME_MS / 1000), ms: TIME_MS },
    { text: String(TIME_MS), ms: TIME_MS },
    { text: `${TIME_MS / 1000}.123`, ms: TIME_MS + 123 },
    { text: `${TIME_MS / 1000}.5`, ms: TIME_MS + 500 },
    // A fraction finer than a millisecond is dropped, as Date drops an ISO time's microseconds.
    { text: `${TIME_MS / 1000}.123999`, ms: TIME_MS + 123 },
    { text: `${TIME_MS}.999`, ms: TIME_MS },
    { text: ` ${TIME_MS / 1000}.010 `, ms: TIME_MS + 10 },
    // The bounds the README gives: seconds from 1973, milliseconds from April 1970, both to 2286.
    { text: '100000000', ms: Date.UTC(1973, 2, 3, 9, 46, 40) },
    { text: '10000000000', ms: Date.UTC(1970, 3, 26, 17, 46, 40) },
    { text: '9999999999999', ms: Date.UTC(2286, 10, 20, 17, 46, 39, 999) },
    // Too few or too many digits for a time of those ranges: a count, a latency, an id.
    { text: '12.5', ms: undefined },
    { text: '12345678.9', ms: undefined },
    { text: `${TIME_MS}0.5`, ms: undefined },
    { text: `${TIME_MS / 1000}.`, ms: undefined },
    { text: `.${TIME_MS}`, ms: undefined },
    { text: `${TIME_MS / 1000}.1.2`, ms: undefined },
    { text: '25/Foo/2026:10:15:30 +0000', ms: undefined },
    { text: 'yesterday', ms: undefined },
    { text: '12', ms: undefined },
  ];
  for (const { text, ms } of times) {
    it(`reads "${text}" as ${ms === undefined ? 'no time' : new Date(ms).toISOString()}`, () => {
      assert.equal(parseTime(text), ms);
    });
  }

  it('reads a zone-less ISO time as UTC whatever the zone of the machine running it', () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      assert.equal(parseTime('2026-11-25T10:15:30'), TIME_MS);
      assert.equal(parseTime('2026-11-25 10:15:30.000'), TIME_MS);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('prefers requestTimeEpoch over requestTime when both are present', () => {
    const parsed = record(
      `{"status":500,"requestTime":"01/Jan/2020:00:00:00 +0000","requestTimeEpoch":${TIME_MS}}`,
    );
    assert.equal(parsed.timeMs, TIME_MS);
  });

  const numericEpochs: readonly { readonly json: string; readonly ms: number | undefined }[] = [
    { json: String(TIME_MS), ms: TIME_MS },
    { json: String(TIME_MS / 1000), ms: TIME_MS },
    { json: `"${TIME_MS / 1000}"`, ms: TIME_MS },
    { json: `${TIME_MS / 1000}.5`, ms: TIME_MS + 500 },
    { json: `"${TIME_MS / 1000}.125"`, ms: TIME_MS + 125 },
    { json: `${TIME_MS}.5`, ms: TIME_MS },
    { json: `"${TIME_MS}.5"`, ms: TIME_MS },
    { json: '12', ms: undefined },
    { json: '12.5', ms: undefined },
    { json: `${TIME_MS}0.5`, ms: undefined },
  ];
  for (const { json, ms } of numericEpochs) {
    it(`reads requestTimeEpoch ${json} as ${ms === undefined ? 'no time' : new Date(ms).toISOString()}, as the same digits in text would be`, () => {
      const parsed = record(`{"status":500,"requestTimeEpoch":${json}}`);
      assert.equal(parsed.timeMs, ms);
    });
  }
});

describe('parseAccessLine: every key spelling it reads, one row each', () => {
  // One row per alias, written as published formats spell the key, so that removing an alias (or
  // mapping it to another field) fails its row. SYNTHETIC values.
  type Spelling = readonly [key: string, field: keyof AccessLogRecord, value: string | number, read: unknown];
  const clf = '25/Nov/2026:10:15:30 +0000';
  const rows: readonly Spelling[] = [
    ['requestId', 'requestId', 'r-1', 'r-1'],
    ['reqId', 'requestId', 'r-1', 'r-1'],
    // $context.requestId spelled whole: a leading `context` is dropped before the lookup.
    ['contextRequestId', 'requestId', 'r-1', 'r-1'],
    ['id', 'requestId', 'r-1', 'r-1'],
    ['extendedRequestId', 'extendedRequestId', EXT, EXT],
    ['extendedId', 'extendedRequestId', EXT, EXT],
    ['requestTime', 'timeMs', clf, TIME_MS],
    ['time', 'timeMs', clf, TIME_MS],
    ['timestamp', 'timeMs', clf, TIME_MS],
    ['time_local', 'timeMs', clf, TIME_MS],
    ['dateTime', 'timeMs', clf, TIME_MS],
    ['requestTimeEpoch', 'timeMs', TIME_MS, TIME_MS],
    ['timeEpoch', 'timeMs', TIME_MS, TIME_MS],
    ['apiId', 'apiId', 'abc123defg', 'abc123defg'],
    ['restApiId', 'apiId', 'abc123defg', 'abc123defg'],
    ['stage', 'stage', 'prod', 'prod'],
    ['stageName', 'stage', 'prod', 'prod'],
    ['domainName', 'domainName', 'api.example.com', 'api.example.com'],
    ['httpMethod', 'httpMethod', 'POST', 'POST'],
    ['method', 'httpMethod', 'POST', 'POST'],
    ['requestMethod', 'httpMethod', 'POST', 'POST'],
    ['verb', 'httpMethod', 'POST', 'POST'],
    ['eventType', 'httpMethod', 'MESSAGE', 'MESSAGE'],
    ['path', 'path', '/prod/orders', '/prod/orders'],
    ['requestPath', 'path', '/prod/orders', '/prod/orders'],
    ['uri', 'path', '/prod/orders', '/prod/orders'],
    ['resourcePath', 'resourcePath', '/orders', '/orders'],
    ['resource', 'resourcePath', '/orders', '/orders'],
    ['routeKey', 'routeKey', 'POST /orders', 'POST /orders'],
    ['route', 'routeKey', 'POST /orders', 'POST /orders'],
    ['status', 'status', '503', 503],
    ['statusCode', 'status', '503', 503],
    ['httpStatus', 'status', '503', 503],
    ['httpStatusCode', 'status', '503', 503],
    ['responseStatus', 'status', '503', 503],
    ['responseCode', 'status', '503', 503],
    ['methodStatus', 'status', '503', 503],
    ['methodResponseStatus', 'status', '503', 503],
    ['methodStatusCode', 'status', '503', 503],
    ['error.responseType', 'responseType', 'THROTTLED', 'THROTTLED'],
    ['responseType', 'responseType', 'THROTTLED', 'THROTTLED'],
    ['gatewayResponseType', 'responseType', 'THROTTLED', 'THROTTLED'],
    ['errorType', 'responseType', 'THROTTLED', 'THROTTLED'],
    ['error.errorResponseType', 'responseType', 'THROTTLED', 'THROTTLED'],
    ['error.message', 'errorMessage', 'Too Many Requests', 'Too Many Requests'],
    ['error.messageString', 'errorMessage', 'Too Many Requests', 'Too Many Requests'],
    ['errorMsg', 'errorMessage', 'Too Many Requests', 'Too Many Requests'],
    ['requestErrorMessage', 'errorMessage', 'Too Many Requests', 'Too Many Requests'],
    ['requestErrorMessageString', 'errorMessage', '"Too Many Requests"', 'Too Many Requests'],
    ['error.errorMessage', 'errorMessage', 'Too Many Requests', 'Too Many Requests'],
    ['error', 'errorMessage', 'Too Many Requests', 'Too Many Requests'],
    ['message', 'errorMessage', 'Too Many Requests', 'Too Many Requests'],
    ['messageString', 'errorMessage', 'Too Many Requests', 'Too Many Requests'],
    [
      'validationErrorString',
      'errorMessage',
      'object has missing required properties',
      'object has missing required properties',
    ],
    [
      'error.validationErrorString',
      'errorMessage',
      'object has missing required properties',
      'object has missing required properties',
    ],
    [
      'validationError',
      'errorMessage',
      'object has missing required properties',
      'object has missing required properties',
    ],
    [
      'error_validationError',
      'errorMessage',
      'object has missing required properties',
      'object has missing required properties',
    ],
    [
      'validationErr',
      'errorMessage',
      'object has missing required properties',
      'object has missing required properties',
    ],
    [
      'errorValidation',
      'errorMessage',
      'object has missing required properties',
      'object has missing required properties',
    ],
    [
      'errorValString',
      'errorMessage',
      'object has missing required properties',
      'object has missing required properties',
    ],
    ['integration.status', 'integrationStatus', '404', 404],
    ['integration.responseStatus', 'integrationStatus', '404', 404],
    ['functionResponseStatus', 'integrationStatus', '404', 404],
    ['functionStatus', 'integrationStatus', '404', 404],
    ['integrationStatusCode', 'integrationStatus', '404', 404],
    ['integration.integrationStatus', 'integrationServiceStatus', '429', 429],
    ['integrationServiceStatus', 'integrationServiceStatus', '429', 429],
    ['lambdaStatus', 'integrationServiceStatus', '429', 429],
    ['integration.error', 'integrationError', 'Rate Exceeded.', 'Rate Exceeded.'],
    ['integrationErrorMessage', 'integrationError', 'Rate Exceeded.', 'Rate Exceeded.'],
    ['integrationErr', 'integrationError', 'Rate Exceeded.', 'Rate Exceeded.'],
    ['integrationLatency', 'integrationLatencyMs', '1234', 1234],
    ['integration.integrationLatency', 'integrationLatencyMs', '1234', 1234],
    ['integrationLatencyMs', 'integrationLatencyMs', '1234', 1234],
    ['responseLatency', 'responseLatencyMs', '1234', 1234],
    ['responseLatencyMs', 'responseLatencyMs', '1234', 1234],
    ['latency', 'responseLatencyMs', '1234', 1234],
    ['latencyMs', 'responseLatencyMs', '1234', 1234],
    ['authorizer.error', 'authorizerError', 'Unauthorized', 'Unauthorized'],
    ['authorize.error', 'authorizerError', 'Unauthorized', 'Unauthorized'],
    ['authenticate.error', 'authorizerError', 'Unauthorized', 'Unauthorized'],
    ['authError', 'authorizerError', 'Unauthorized', 'Unauthorized'],
    ['authorizer.status', 'authorizerStatus', '401', 401],
    ['authorize.status', 'authorizeStatus', '401', 401],
    ['authenticate.status', 'authenticateStatus', '401', 401],
    ['authorizer.integrationStatus', 'authorizerStatus', '401', 401],
    ['authorizerServiceStatus', 'authorizerStatus', '401', 401],
    ['authorizeResultStatus', 'authorizeStatus', '401', 401],
    ['waf.status', 'wafStatus', '403', 403],
    ['wafResponseCode', 'wafResponseCode', 'WAF_BLOCK', 'WAF_BLOCK'],
    ['waf-response', 'wafResponseCode', 'WAF_BLOCK', 'WAF_BLOCK'],
    ['waf.error', 'wafError', 'Forbidden', 'Forbidden'],
  ];
  for (const [key, field, value, read] of rows) {
    it(`reads "${key}" as ${field}`, () => {
      // A status makes the line an access line; the status rows give their own.
      const line = field === 'status' ? { [key]: value } : { [key]: value, status: 502 };
      assert.deepEqual(record(JSON.stringify(line))[field], read);
    });
  }

  it("prefers the line's requestId to an awsRequestId (the endpoint's own id in published formats), whatever their order", () => {
    const line = { awsRequestId: 'lambda-id', requestId: 'r-1', status: 502 };
    assert.equal(record(JSON.stringify(line)).requestId, 'r-1');
    assert.equal(record(JSON.stringify({ awsRequestId: 'lambda-id', status: 502 })).requestId, 'lambda-id');
  });

  // SYNTHETIC values in a real key order: GH-sam-cli-2637's format (test/fixtures/real-lines.json)
  // logs `authorizer.integrationStatus` before `authorizer.status`, as an alphabetical one does.
  it("reads the authorizer phase's status from authorizer.status, not the Lambda authorizer's invoke status, whatever their order", () => {
    // AWS: $context.authorizer.integrationStatus is "the status code returned from a Lambda
    // authorizer" (Lambda's 200: it ran and answered Deny), $context.authorizer.status the phase's.
    const denied = { 'authorizer.status': '403', 'authorizer.integrationStatus': '200', status: '403' };
    assert.equal(record(JSON.stringify(denied)).authorizerStatus, 403);
    const reversed = { 'authorizer.integrationStatus': '200', 'authorizer.status': '403', status: '403' };
    assert.equal(record(JSON.stringify(reversed)).authorizerStatus, 403);
    const phaseDash = { 'authorizer.integrationStatus': '500', 'authorizer.status': '-', status: '500' };
    assert.equal(record(JSON.stringify(phaseDash)).authorizerStatus, 500);
  });
});
