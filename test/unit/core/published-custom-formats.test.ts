/**
 * Custom access-log formats published in public code that the parser once missed (a sweep of real
 * format definitions, review C of session 28). Every line here is SYNTHETIC: the published format
 * rendered with invented values of the documented shapes. Each format's source is cited by
 * `repo:path` or by the code index's file id (`public code search id N`), as the sweep found it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAccessLine } from '../../../lambda/core/access-log';
import { analyze } from '../../../lambda/core/pipeline';
import { type AccessLogRecord, type ClassifiedRequest, UNPARSED_REASON } from '../../../lambda/core/types';
import { failuresOf } from '../../support/fragments';

const REST_ID = 'c0ffee00-1111-4222-8333-444455556666';
const HTTP_ID = 'AZzecgvEPHcEPew=';
const NO_PERMISSION =
  "The IAM role configured on the integration or API Gateway doesn't have permissions to call the integration. Check the permissions and try again.";

function record(line: string): AccessLogRecord {
  const parsed = parseAccessLine(line);
  assert.ok(parsed?.ok, `expected an access record from ${line}, got ${JSON.stringify(parsed)}`);
  return parsed.record;
}

function onlyFailure(line: string): ClassifiedRequest {
  const failures = failuresOf([line]);
  assert.equal(failures.length, 1, `one failed request from ${line}: ${JSON.stringify(failures)}`);
  return failures[0] as ClassifiedRequest;
}

describe('space-joined key=value formats (CDK stages joining `key=$context.x` with spaces)', () => {
  // sourceIp=$context.identity.sourceIp requestId=$context.requestId requestTime=$context.requestTime
  // httpMethod=$context.httpMethod path=$context.path routeKey=$context.routeKey status=$context.status
  // error.message=… error.messageString=… authorizer.error=… userAgent=… responseLatency=…
  // integrationErrorMessage=$context.integrationErrorMessage — CDK HttpStage, public code search ids
  // 57100903267, 56676512330, 57056567489.
  const httpStage = (routeKey: string, status: number, message: string, integrationError: string) =>
    `sourceIp=198.51.100.7 requestId=${HTTP_ID} requestTime=27/Nov/2026:14:40:01 +0000 httpMethod=POST path=/orders routeKey=${routeKey} status=${status} error.message=${message} error.messageString="${message}" authorizer.error=- userAgent=curl/8.5.0 responseLatency=9 integrationErrorMessage=${integrationError}`;

  it('reads a value with spaces up to the next key, so the request id, status and route key are kept (SYNTHETIC)', () => {
    const line = `requestId=${HTTP_ID} routeKey=- status=404 error.message=Not Found`;
    const r = record(line);
    assert.equal(r.requestId, HTTP_ID);
    assert.equal(r.status, 404);
    assert.equal(r.errorMessage, 'Not Found');
    assert.equal(r.noRoute, true);
    assert.equal(onlyFailure(line).cause, 'not-found.route');
  });

  it("reads the CDK HttpStage format's integration error to its missing-permission cause (SYNTHETIC)", () => {
    const r = record(httpStage('POST /orders', 500, 'Internal Server Error', NO_PERMISSION));
    assert.equal(r.routeKey, 'POST /orders');
    assert.equal(r.timeMs, Date.UTC(2026, 10, 27, 14, 40, 1));
    assert.equal(r.integrationError, NO_PERMISSION);
    const failure = onlyFailure(httpStage('POST /orders', 500, 'Internal Server Error', NO_PERMISSION));
    assert.equal(failure.requestId, HTTP_ID);
    assert.equal(failure.clientStatus, 500);
    assert.equal(failure.cause, 'auth.integration-permission');
  });

  it('keeps a gateway message holding ` key=` words whole, quoted or not, so it still names the cause (SYNTHETIC line; the message is real: test/fixtures/real-lines.json AZUL-7470-anvilprod-default4xx-403-keyvalue-stats-row, github.com/DataBiosphere/azul/issues/7470)', () => {
    const message = 'Invalid key=value pair (missing equal-sign) in Authorization header';
    const line = httpStage('GET /items', 403, message, '-');
    const r = record(line);
    assert.equal(r.errorMessage, message);
    assert.equal(r.responseLatencyMs, 9);
    // The same request logged as JSON is read to its cause; the space-joined line must not lose it.
    const json = `{"requestId":"${HTTP_ID}","httpMethod":"POST","routeKey":"GET /items","status":"403","error.message":"${message}","responseLatency":"9"}`;
    assert.equal(onlyFailure(line).cause, onlyFailure(json).cause);
    assert.equal(onlyFailure(line).cause, 'not-found.route');
    // A quoted value runs to its closing quote, even past a word the table knows (SYNTHETIC text).
    const quoted = record(
      `requestId=${HTTP_ID} error.messageString="Bad input: requestId=x status=999" status=400 responseLatency=9`,
    );
    assert.equal(quoted.errorMessage, 'Bad input: requestId=x status=999');
    assert.equal(quoted.requestId, HTTP_ID);
    assert.equal(quoted.status, 400);
    // A compound key the table does not know (the format's userAgent) still ends a message.
    const authorizer = record(
      `requestId=${HTTP_ID} status=401 authorizer.error=Unauthorized userAgent=curl/8.5.0 responseLatency=9`,
    );
    assert.equal(authorizer.authorizerError, 'Unauthorized');
  });

  it('reads the WebSocketStage variant, whose throttled request is a throttle (SYNTHETIC, public code search id 56693388350)', () => {
    const line = `sourceIp=198.51.100.7 requestId=${HTTP_ID} requestTime=27/Nov/2026:14:40:01 +0000 routeKey=GET /items status=429 error.message=Too Many Requests error.messageString="Too Many Requests" authorizer.error=- userAgent=curl/8.5.0 connectionId=- eventType=-`;
    assert.equal(onlyFailure(line).cause, 'limit.throttle');
  });

  it('reads `key = value` with spaces around the equals sign (SYNTHETIC, public code search ids 41677733096, 41929779924)', () => {
    const line = `requestId=${HTTP_ID} integrationErrorMessage = ${NO_PERMISSION} error.message = Internal Server Error`;
    const r = record(line);
    assert.equal(r.requestId, HTTP_ID);
    assert.equal(r.integrationError, NO_PERMISSION);
    assert.equal(r.errorMessage, 'Internal Server Error');
    assert.equal(onlyFailure(line).cause, 'auth.integration-permission');
  });

  it("ends a message or response type at a one-word key of AWS's own JSON preset (ip, caller, user, protocol), so the cause stays (SYNTHETIC)", () => {
    const type = record(
      `requestId=${REST_ID} status=403 error.responseType=MISSING_AUTHENTICATION_TOKEN caller=- user=-`,
    );
    assert.equal(type.responseType, 'MISSING_AUTHENTICATION_TOKEN');
    assert.equal(
      onlyFailure(
        `requestId=${REST_ID} status=403 error.responseType=MISSING_AUTHENTICATION_TOKEN caller=- user=-`,
      ).cause,
      'not-found.route',
    );
    const message = record(
      `requestId=${REST_ID} status=429 error.message=Too Many Requests ip=198.51.100.7 protocol=HTTP/1.1`,
    );
    assert.equal(message.errorMessage, 'Too Many Requests');
  });

  it("reads the fields after a User-Agent opening with a quote that nothing closes before a `=\"`: the quote was the caller's, or the format's around a status it logs nowhere else (SYNTHETIC)", () => {
    // In a format that quotes nothing, the UA `"x`; in one that quotes it, the UA `x status=504
    // error.messageString="Endpoint request timed out`: the same line. Which cannot be told, and a field
    // the format does not log is read whoever wrote it (docs/limits.md).
    const line = `requestId=${REST_ID} userAgent="x status=504 error.messageString="Endpoint request timed out" responseLatency=29003`;
    assert.equal(record(line).status, 504);
    const before = `requestId=${REST_ID} status=504 userAgent="x error.messageString="Endpoint request timed out" responseLatency=29003`;
    assert.equal(record(before).status, 504);
    // A status the format logs too is then a repeated key, neither value read: the line is no request.
    const twice = `requestId=${REST_ID} userAgent="x status=200 z="y" status=504 integrationStatus=-`;
    assert.equal(parseAccessLine(twice)?.ok === true, false);
  });

  it("leaves other software's logfmt lines (Go slog, go-kit, Heroku's router) unread, even with a status, a method and a request id (SYNTHETIC)", () => {
    for (const text of [
      'time=2026-11-27T10:00:01.000Z level=ERROR msg="handled request" method=POST path=/orders status=500 request_id=4a2d3b5f-0c8e-4d2f-9a4b-3c7e0f1d2b80 duration=30ms',
      'at=error code=H12 desc="Request timeout" method=GET path="/" host=myapp.herokuapp.com request_id=3f1c2a4e-9b7d-4c1e-8f3a-2b6d9e0c1a7f fwd="1.2.3.4" dyno=web.1 connect=0ms service=30000ms status=503 bytes=0',
      'level=error ts=2026-11-27T10:00:00Z caller=main.go:42 msg="upstream error" status=500 method=POST path=/orders',
      'method=POST path=/orders status=500 request_id=4a2d3b5f-0c8e-4d2f-9a4b-3c7e0f1d2b80 duration=30ms',
      // A function logging its event's requestContext: API Gateway's keys, but a function's log line.
      `time=2026-11-27T10:00:01.000Z level=ERROR msg="request failed" requestId=${HTTP_ID} routeKey=POST /orders status=500`,
    ])
      assert.equal(parseAccessLine(text)?.ok === true, false, text);
  });

  it("leaves a service's logfmt line with a camel-case requestId UUID unread: any program makes UUIDs, and no key there is a $context variable's (SYNTHETIC)", () => {
    for (const text of [
      `time=2026-11-27T10:00:01Z requestId=${REST_ID} status=500 path=/x`,
      `requestId=${REST_ID} method=POST path=/orders status=500 duration=30ms`,
      `requestId=${REST_ID} status=502 route=/orders latency=30`,
    ])
      assert.equal(parseAccessLine(text)?.ok === true, false, text);
  });

  it('reads a line naming a $context variable, or a requestId only API Gateway makes, whatever its other keys (SYNTHETIC)', () => {
    assert.equal(record(`requestId=${REST_ID} status=502 integrationStatus=200`).status, 502);
    assert.equal(record(`requestId=${REST_ID} resourcePath=/orders status=504`).status, 504);
    assert.equal(record(`requestId=${HTTP_ID} status=500 path=/orders`).requestId, HTTP_ID);
  });

  it("reads a REST line whose only $context names are $context.identity.* ones, which no other program's logfmt writes (SYNTHETIC)", () => {
    assert.equal(
      record(`requestId=${REST_ID} identity.sourceIp=198.51.100.7 stage=prod status=504`).status,
      504,
    );
    assert.equal(
      record(
        `requestId=${REST_ID} status=403 stage=prod identity.sourceIp=198.51.100.7 identity.userAgent=curl/8.5.0`,
      ).status,
      403,
    );
    assert.equal(
      record(`requestId=${REST_ID} identity.caller=- identity.user=- status=502 protocol=HTTP/1.1`).status,
      502,
    );
    // Generic words alone (`stage`, `sourceIp`, `caller`, `user`) are any service's, as its UUIDs are;
    // so is an X-Ray trace id, which every traced application logs (review R3 of session 29).
    for (const text of [
      `requestId=${REST_ID} sourceIp=198.51.100.7 status=500 path=/prod/orders stage=prod`,
      `requestId=${REST_ID} ip=198.51.100.7 caller=- user=- status=502 protocol=HTTP/1.1`,
      `requestId=${REST_ID} status=500 xrayTraceId=1-6747a1b0-0123456789abcdef01234569 durationMs=12`,
      `requestId=${REST_ID} sourceIp=198.51.100.7 status=504 xrayTraceId=Root=1-67a1b2c3-0123456789abcdef01234567`,
    ])
      assert.equal(parseAccessLine(text)?.ok === true, false, text);
  });

  it('leaves text that merely holds a few `a=b` words, or no key an access log has, unread (SYNTHETIC)', () => {
    for (const text of [
      'status=500',
      'retry=3 backoff=200 jitter=true',
      'user=alice action=login result=failed attempts=500',
      'Endpoint request URI: https://example.com/items?status=500&requestId=abc&x=1',
    ])
      assert.equal(parseAccessLine(text)?.ok === true, false, text);
  });
});

describe('CSV presets with extra columns before the request id', () => {
  // $context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.identity.apiKeyId,
  // $context.identity.userAgent,$context.requestTime,$context.httpMethod,$context.resourcePath,
  // $context.protocol,$context.status,$context.wafResponseCode,$context.responseLength,
  // $context.requestId,$context.extendedRequestId — public code search id 10367314101.
  const line = `198.51.100.7,-,-,-,curl/8.5.0,27/Nov/2026:14:40:01 +0000,GET,-,HTTP/1.1,403,-,36,${REST_ID},Kx1AbCdEoAMEabc=`;

  it('takes the field shaped like a request id, not the response length where the preset has its id (SYNTHETIC)', () => {
    const r = record(line);
    assert.equal(r.requestId, REST_ID);
    assert.equal(r.extendedRequestId, 'Kx1AbCdEoAMEabc=');
    assert.equal(r.status, 403);
    const failure = onlyFailure(line);
    assert.equal(failure.requestId, REST_ID);
    assert.ok(
      failure.evidence.every((item) => !item.includes(REST_ID)),
      `the id is no logged message: ${JSON.stringify(failure.evidence)}`,
    );
  });

  it('keeps the positional id when the field there is not a number, even beside an id-shaped field (SYNTHETIC)', () => {
    for (const id of ['req-1', '1234']) {
      const edited = `198.51.100.7,-,-,25/Nov/2026:10:15:30 +0000,GET,/pets,HTTP/1.1,502,36,${id},Abc1DEfGhIJKLmN=`;
      assert.equal(record(edited).requestId, id);
    }
  });

  it("does not take a later UUID for the id when two later fields are UUIDs, so a user's id does not merge requests (SYNTHETIC)", () => {
    // Extra columns …,status,responseLength,integrationLatency,$context.authorizer.claims.sub,requestId:
    // the same user's sub on every line comes before the request's own id.
    const sub = '7d1c4f6e-2b3a-4c5d-8e9f-0a1b2c3d4e5f';
    const lines = [
      `203.0.113.9,-,-,27/Nov/2026:10:00:00 +0000,GET,/orders,HTTP/1.1,502,36,29001,${sub},3f1c2a4e-9b7d-4c1e-8f3a-2b6d9e0c1a7f`,
      `203.0.113.9,-,-,27/Nov/2026:10:00:05 +0000,GET,/orders,HTTP/1.1,502,36,29002,${sub},4a2d3b5f-0c8e-4d2f-9a4b-3c7e0f1d2b80`,
      `203.0.113.9,-,-,27/Nov/2026:10:00:09 +0000,GET,/admin,HTTP/1.1,403,36,29003,${sub},5b3e4c6a-1d9f-4e3a-8b5c-4d8f1a2e3c91`,
    ];
    for (const line of lines) assert.notEqual(record(line).requestId, sub, line);
    assert.equal(failuresOf(lines).length, 3);
  });
});

describe('JSON formats grouping variables under objects other than `context`', () => {
  // obytes/terraform-aws-lambda-apigw:modules/gw/main.tf: {"api":{…},"client":{…},"error":{"errorMessage":
  // "$context.error.message","messageString":…,"responseType":…},"http":{"httpMethod":…,"path":…,
  // "protocol":…,"routeKey":"$context.routeKey"},"integration":{"integrationErrorMessage":…,
  // "integrationLatency":…,"integrationStatus":…},"request":{"extendedRequestId":…,"requestId":…,
  // "requestTime":…},"response":{…,"status":"$context.status"}}
  const line = `{"api":{"apiId":"a1b2c3d4e5","stage":"prod"},"client":{"sourceIp":"198.51.100.7"},"error":{"errorMessage":"Internal Server Error","messageString":"\\"Internal Server Error\\"","responseType":"-"},"http":{"httpMethod":"POST","path":"/orders","protocol":"HTTP/1.1","routeKey":"POST /orders"},"integration":{"integrationErrorMessage":"${NO_PERMISSION}","integrationLatency":"-","integrationStatus":"-"},"request":{"extendedRequestId":"Kx1AbCdEoAMEabc=","requestId":"${HTTP_ID}","requestTime":"27/Nov/2026:14:40:01 +0000"},"response":{"responseLatency":"9","responseLength":"36","status":"500"}}`;

  it('reads request.requestId, http.routeKey and integration.integrationErrorMessage by their leaf names (SYNTHETIC)', () => {
    const r = record(line);
    assert.equal(r.requestId, HTTP_ID);
    assert.equal(r.extendedRequestId, 'Kx1AbCdEoAMEabc=');
    assert.equal(r.routeKey, 'POST /orders');
    assert.equal(r.integrationError, NO_PERMISSION);
    assert.equal(r.timeMs, Date.UTC(2026, 10, 27, 14, 40, 1));
    const failure = onlyFailure(line);
    assert.equal(failure.requestId, HTTP_ID);
    assert.equal(failure.route, 'POST /orders');
    assert.equal(failure.cause, 'auth.integration-permission');
  });

  it("does not read another party's id or latency in a group as the request's own (SYNTHETIC)", () => {
    const r = record(
      `{"requestId":"${HTTP_ID}","status":"500","integration":{"requestId":"lambda-req-1","latency":"5"},"authorizer":{"requestId":"auth-req-1","integrationLatency":"7"},"api":{"id":"a1b2c3d4e5"}}`,
    );
    assert.equal(r.requestId, HTTP_ID);
    assert.equal(r.integrationLatencyMs, 5);
    const alone = record(
      `{"status":"500","integration":{"requestId":"lambda-req-1"},"api":{"id":"a1b2c3d4e5"}}`,
    );
    assert.equal(alone.requestId, undefined);
  });
});

describe('short names of a published serverless LOG_FORMAT (gwError, integError, integStatus)', () => {
  // {"date":"$context.requestTime","reqId":"$context.requestId",…,"path":"$context.resourcePath",
  // "status":"$context.status",…,"gwError":"$context.error.message","integError":"$context.integration.error",
  // "integStatus":"$context.integrationStatus","integLatency":"$context.integrationLatency",…}
  // — public code search ids 66626389227, 6442230880, 69221168280, 5735762090.
  it("reads gwError as the gateway's error message: a missing token on a REST API is a wrong route (SYNTHETIC)", () => {
    const line = `{"reqId":"${REST_ID}","path":"-","realPath":"/prod/itemz","status":"403","gwError":"Missing Authentication Token","integError":"-"}`;
    assert.equal(record(line).errorMessage, 'Missing Authentication Token');
    assert.equal(onlyFailure(line).cause, 'not-found.route');
  });

  it("reads integError and integStatus as the integration's error and status: a throttled Lambda (SYNTHETIC)", () => {
    const line = `{"date":"27/Nov/2026:14:40:01 +0000","reqId":"${REST_ID}","integReqId":"-","path":"/orders","realPath":"/prod/orders","status":"500","gwError":"Internal server error","integError":"Rate Exceeded.","integStatus":"429","integLatency":"12"}`;
    const r = record(line);
    assert.equal(r.integrationError, 'Rate Exceeded.');
    assert.equal(r.integrationStatus, 429);
    assert.equal(r.integrationLatencyMs, 12);
    assert.equal(r.requestId, REST_ID);
    assert.equal(onlyFailure(line).cause, 'limit.backend');
  });
});

describe('a separator written before an appended $context.integrationErrorMessage', () => {
  // $context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey
  // $context.protocol" $context.status $context.responseLength $context.requestId |
  // $context.integrationErrorMessage — public code search ids 26449109507, 26372224857.
  const line = `198.51.100.7 - - [27/Nov/2026:14:40:01 +0000] "POST POST /orders HTTP/1.1" 500 36 ${HTTP_ID} | ${NO_PERMISSION}`;

  it("is not kept at the start of the integration's error, nor of the evidence (SYNTHETIC)", () => {
    assert.equal(record(line).integrationError, NO_PERMISSION);
    const failure = onlyFailure(line);
    assert.equal(failure.cause, 'auth.integration-permission');
    assert.ok(
      failure.evidence.every((item) => !item.startsWith('|')),
      JSON.stringify(failure.evidence),
    );
  });
});

describe("positional formats separating $context variables with ' | '", () => {
  // $context.requestId | $context.identity.sourceIp | $context.httpMethod | $context.resourcePath |
  // $context.status — public code search ids 41875250262, 42080430643.
  const line = `${REST_ID} | 198.51.100.7 | GET | - | 403`;

  it('counts the request by its id and status instead of dropping it (SYNTHETIC)', () => {
    const r = record(line);
    assert.equal(r.requestId, REST_ID);
    assert.equal(r.status, 403);
    assert.equal(r.httpMethod, 'GET');
    const failure = onlyFailure(line);
    assert.equal(failure.requestId, REST_ID);
    assert.equal(failure.clientStatus, 403);
  });

  it('reads an HTTP API route key and request time in such a line (SYNTHETIC)', () => {
    const r = record(`${HTTP_ID} | 27/Nov/2026:14:40:01 +0000 | POST | POST /orders | 502`);
    assert.equal(r.routeKey, 'POST /orders');
    assert.equal(r.timeMs, Date.UTC(2026, 10, 27, 14, 40, 1));
    assert.equal(r.status, 502);
  });

  it('reads a line with an epoch time or an account id beside the status: ten digits or more is never a status, latency or length (SYNTHETIC)', () => {
    assert.equal(record(`${REST_ID} | 1795790401000 | GET | /items | 502`).status, 502);
    assert.equal(record(`${REST_ID} | 198.51.100.7 | GET | /items | 502 | 123456789012`).status, 502);
  });

  it('leaves a line whose status cannot be told, or with no id, or a Markdown table row, unread (SYNTHETIC)', () => {
    for (const text of [
      `${REST_ID} | GET | /orders | 403 | 250`,
      `198.51.100.7 | GET | /orders | 403`,
      `| ${REST_ID} | GET | - | 403 |`,
      `${REST_ID} | 403`,
      `${REST_ID} | ${REST_ID} | GET | 403`,
      // An execution-log event whose message the caller's body filled with such fields.
      `(${REST_ID}) Method request body before transformations: ${REST_ID} | GET | 403`,
    ])
      assert.equal(parseAccessLine(text)?.ok === true, false, text);
  });

  it("leaves an application's ' | ' log line unread: a log level, or a line number beside the Lambda's request id, is no access line (SYNTHETIC)", () => {
    for (const text of [
      // Python logging `%(asctime)s | %(levelname)s | %(aws_request_id)s | %(filename)s | %(lineno)d | %(message)s`.
      `2026-11-27 10:00:00,123 | INFO | ${REST_ID} | handler.py | 404 | order lookup started`,
      `2026-11-27 10:00:00,123 | info | ${REST_ID} | handler.py | 142 | Processing order`,
      `${REST_ID} | ERROR | Task timed out after 3.00 seconds | 502`,
      `${REST_ID} | Warning | GET | /orders | 503`,
    ])
      assert.equal(parseAccessLine(text)?.ok === true, false, text);
  });

  it('reads every line of a format logging a number beside the status alike, whatever its digits: all unread (SYNTHETIC)', () => {
    // $context.requestId | $context.identity.sourceIp | $context.httpMethod | $context.resourcePath |
    // $context.status | $context.responseLatency: the latency cannot be told from a status by shape.
    for (const latency of ['7', '120', '1200', '29001'])
      assert.equal(
        parseAccessLine(`${REST_ID} | 198.51.100.7 | POST | /orders | 500 | ${latency}`)?.ok === true,
        false,
        latency,
      );
  });
});

describe("a ' | ' format that also logs a variable which is often '-'", () => {
  // `$context.requestId | $context.httpMethod | $context.resourcePath | $context.status |
  // $context.error.message`: the message is `-` on most lines, a 5xx's too when the integration said nothing.
  it("reads the status of a line whose error message is '-', so its failure is counted (SYNTHETIC)", () => {
    for (const [line, status] of [
      [`${REST_ID} | GET | /items | 200 | -`, 200],
      [`${REST_ID} | 203.0.113.9 | GET | /items | 502 | -`, 502],
      [`${REST_ID} | GET | /items | 500 | Internal server error`, 500],
    ] as const) {
      assert.equal(record(line).status, status, line);
    }
  });
});

describe("a WebSocket API's line in a ' | ' format", () => {
  // `$context.requestId | $context.requestTime | $context.eventType | $context.routeKey |
  // $context.status`: a WebSocket API logs its event type where an HTTP API logs the method.
  it('reads the $connect, $disconnect and $default route keys after the event type as the route (SYNTHETIC)', () => {
    for (const [event, routeKey] of [
      ['CONNECT', '$connect'],
      ['DISCONNECT', '$disconnect'],
      ['MESSAGE', '$default'],
    ] as const) {
      const line = `${HTTP_ID} | 27/Nov/2026:14:40:01 +0000 | ${event} | ${routeKey} | 500`;
      const r = record(line);
      assert.equal(r.routeKey, routeKey, line);
      assert.equal(r.httpMethod, event, line);
      assert.equal(r.status, 500, line);
    }
  });
});

describe("a 1xx number in a ' | ' line", () => {
  it('reads 101 as the status only on a WebSocket or HTTP API line, where it is the upgrade that succeeded, never a failure (SYNTHETIC)', () => {
    const upgrade = `${HTTP_ID} | 27/Nov/2026:14:40:01 +0000 | CONNECT | - | 101`;
    assert.equal(record(upgrade).status, 101);
    assert.equal(failuresOf([upgrade]).length, 0);
  });

  it('leaves a line unread when its only status-shaped number is a 1xx no API Gateway status can be there: a REST API upgrades nothing, and 1xx other than 101 is never final (SYNTHETIC)', () => {
    // `$context.requestId | $context.identity.sourceIp | $context.httpMethod | $context.resourcePath |
    // $context.status | $context.responseLatency` with a `-` status: the 1xx is the latency.
    for (const text of [
      `${REST_ID} | 198.51.100.7 | GET | /items | - | 150`,
      `${REST_ID} | 198.51.100.7 | GET | /items | 101`,
      `${HTTP_ID} | 198.51.100.7 | GET | /items | 100`,
    ])
      assert.equal(parseAccessLine(text)?.ok === true, false, text);
  });

  it('reads a line with a 1xx beside a 4xx or 5xx as it reads one with any number beside the status: unread, since which is the status cannot be told (SYNTHETIC)', () => {
    for (const text of [
      `${REST_ID} | 198.51.100.7 | GET | /items | 502 | 101`,
      `${HTTP_ID} | 198.51.100.7 | GET | /items | 101 | 502`,
    ])
      assert.equal(parseAccessLine(text)?.ok === true, false, text);
  });
});

describe("a caller's header text forging a field in key-value lines", () => {
  it('reads neither value of a key that appears twice in a space-joined line: one is forged (SYNTHETIC)', () => {
    // The CDK format logs integrationErrorMessage after userAgent; a caller's User-Agent holds a copy.
    const line = `requestId=${HTTP_ID} routeKey=GET /items status=500 error.message=Internal Server Error userAgent=x integrationErrorMessage=${NO_PERMISSION} responseLatency=3 integrationErrorMessage=-`;
    const r = record(line);
    assert.equal(r.integrationError, undefined);
    assert.equal(r.status, 500);
    assert.notEqual(onlyFailure(line).cause, 'auth.integration-permission');
  });

  it('reads no key inside a User-Agent the format itself quotes (userAgent="$context.identity.userAgent"), so a caller forges no cause (SYNTHETIC)', () => {
    // The caller sent the UA `Mozilla/5.0 integrationErrorMessage=The Lambda function returned the following error: Rate Exceeded.`
    const line = `requestId=${REST_ID} status=502 userAgent="Mozilla/5.0 integrationErrorMessage=The Lambda function returned the following error: Rate Exceeded." integrationStatus=200`;
    assert.equal(record(line).integrationError, undefined);
    assert.notEqual(onlyFailure(line).cause, 'limit.backend');
    // A status inside the quoted UA neither replaces nor contradicts the format's own.
    const status = record(`requestId=${REST_ID} status=502 userAgent="curl status=200" integrationStatus=-`);
    assert.equal(status.status, 502);
  });

  it('reads neither value of a field a caller\'s `"` forges inside a User-Agent the format quotes when the format logs it too, and reads a forged field it does not log (SYNTHETIC)', () => {
    // The caller sent the UA `x" status=500 error.responseType=WAF_FILTERED z="y`: its own quote ends
    // the format's, as it ends a quoted route key between a format's fields, which must be read.
    const hiding = `requestId=${REST_ID} status=200 userAgent="x" status=500 error.responseType=WAF_FILTERED z="y" responseLatency=5`;
    const r = parseAccessLine(hiding);
    assert.equal(r?.ok === false && r.reason, UNPARSED_REASON.statusUnread);
    // A field the format does not log cannot be told from a forged one (docs/limits.md): it is read.
    const forging = `requestId=${REST_ID} userAgent="x" error.responseType=WAF_FILTERED integrationErrorMessage=The Lambda function returned the following error: Rate Exceeded. z="y" status=403 responseLatency=5`;
    const f = record(forging);
    assert.equal(f.status, 403);
    assert.equal(f.responseType, 'WAF_FILTERED');
  });

  it('reads neither value of a status a caller forges after a `="` inside a User-Agent the format quotes, when the format logs its own (SYNTHETIC)', () => {
    // The caller sent the UA `x a="b" status=200 error.responseType=INTEGRATION_FAILURE z=y`.
    const line = `requestId=${REST_ID} status=502 userAgent="x a="b" status=200 error.responseType=INTEGRATION_FAILURE z=y" integrationStatus=-`;
    const r = parseAccessLine(line);
    assert.equal(r?.ok === false && r.reason, UNPARSED_REASON.statusUnread);
  });

  it('reads no field a caller forges with an escaped quote inside a User-Agent the format quotes: a `\\"` never closes it (SYNTHETIC, review R3 of session 29)', () => {
    // The caller sent the UA `x" responseType=INTEGRATION_FAILURE integrationStatus=429 z="y`, its
    // quotes escaped as API Gateway escapes a header's quotes (`\"`); the format logs neither field.
    const p = parseAccessLine(
      String.raw`requestId=4f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b ip=203.0.113.9 httpMethod=GET resourcePath=/orders status=403 userAgent="x\" responseType=INTEGRATION_FAILURE integrationStatus=429 z=\"y" responseLength=36`,
    );
    assert.ok(p?.ok);
    assert.equal(p.record.integrationStatus, undefined);
    assert.equal(p.record.responseType, undefined);
    assert.equal(p.record.status, 403);
    // An escaped backslash before the quote leaves the quote itself unescaped: it closes the value,
    // so the status after it is the format's, not text inside a value closed by a later quote.
    const closed = record(
      String.raw`requestId=${REST_ID} userAgent="x\\" status=504 path=/a" integrationStatus=-`,
    );
    assert.equal(closed.status, 504);
  });

  it('reads a quoted message whose text holds an escaped quote to its real close: a `\\"` inside it neither forges nor hides a field (SYNTHETIC)', () => {
    // The validator echoed the caller's body `x" status=200 integrationStatus=429 z="y`, its quotes
    // escaped as API Gateway escapes them (`\"`); the format logs the status after the message.
    const p = parseAccessLine(
      String.raw`requestId=${REST_ID} error.messageString="Invalid request body: x\" status=200 integrationStatus=429 z=\"y" status=400 error.responseType=BAD_REQUEST_BODY`,
    );
    assert.ok(p?.ok);
    assert.equal(p.record.status, 400);
    assert.equal(p.record.integrationStatus, undefined);
    assert.equal(p.record.responseType, 'BAD_REQUEST_BODY');
  });

  it('reads a User-Agent holding quotes of its own but no ` key=` after them whole, and the fields after it (SYNTHETIC)', () => {
    const r = record(
      `requestId=${REST_ID} userAgent="Mozilla/5.0 "beta" build a=b" status=504 integrationStatus=-`,
    );
    assert.equal(r.status, 504);
    assert.equal(r.noIntegrationStatus, true);
  });

  it('keeps every field between two quoted values: a quoted value ends at its first closing quote before ` key=` (SYNTHETIC, the rows of review R1 of session 29)', () => {
    // logfmt quotes any value with a space (a route key, a User-Agent) and a quoted
    // $context.error.messageString: the fields between two such values are the format's own.
    const rest = `requestId=${REST_ID} ip="198.51.100.7" httpMethod="POST" resourcePath="/orders" status=502 userAgent="curl/8.5.0" responseLatency=30`;
    assert.equal(record(rest).status, 502);
    assert.equal(record(rest).resourcePath, '/orders');
    const http = `requestId="AZzecgvEPHcEP42=" routeKey="POST /orders" status=500 integrationErrorMessage="-" userAgent="curl/8.5.0"`;
    assert.equal(record(http).status, 500);
    const throttled = `requestId=${HTTP_ID} sourceIp=198.51.100.7 httpMethod=GET routeKey="GET /items" status=429 error.message="Too Many Requests" userAgent="curl/8.5.0"`;
    assert.equal(record(throttled).status, 429);
    assert.equal(onlyFailure(throttled).cause, 'limit.throttle');
    const browser = `requestId=${REST_ID} userAgent="Mozilla/5.0 (X11)" status=502 httpMethod=POST resourcePath=/orders error.message="Internal server error" integrationStatus=200`;
    assert.equal(record(browser).status, 502);
    const failure = onlyFailure(browser);
    assert.equal(failure.clientStatus, 502);
    assert.equal(failure.cause, 'server.function-error');
  });

  it("counts a line of API Gateway's whose status cannot be read (logged twice with two values, or inside a quoted value) unparsed, never as a request that did not fail (SYNTHETIC)", () => {
    const lines = [
      // A caller's `x" status=500 z="y` in a quoted User-Agent: two statuses, neither read.
      `requestId=${REST_ID} status=502 userAgent="x" status=200 z="y" integrationStatus=200 resourcePath=/orders`,
      // The only status key inside a quoted User-Agent.
      `requestId=${REST_ID} userAgent="curl status=200" integrationStatus=200 resourcePath=/orders`,
      `requestId: ${REST_ID}, status: 502, userAgent: x, status: 200, integrationStatus: 200`,
    ];
    for (const line of lines) {
      const parsed = parseAccessLine(line);
      assert.equal(parsed?.ok === false && parsed.reason, UNPARSED_REASON.statusUnread, line);
    }
    const result = analyze([
      {
        source: { name: 'a.log' },
        events: lines.map((message, i) => ({ id: `${i}`, timestamp: 0, message })),
      },
    ]);
    assert.equal(result.unparsed.length, lines.length);
    assert.equal(result.stats.requests, 0);
    // A status logged as `-` is no status to read: such a line stays a request.
    assert.equal(
      record(`requestId=${REST_ID} status=- integrationStatus=200 resourcePath=/orders`).status,
      undefined,
    );
  });

  it('reads a key logged twice with the same value: nothing there was forged to a different one (SYNTHETIC)', () => {
    assert.equal(record(`requestId=${REST_ID} status=500 integrationStatus=200 status=500`).status, 500);
  });

  it('reads neither value of a key that appears twice in a `key: value,` line (SYNTHETIC)', () => {
    const forged = `requestId: ${REST_ID}, ip: 198.51.100.7, status: 500, userAgent: x, integrationErrorMessage: ${NO_PERMISSION}, responseLength: 36, integrationErrorMessage: -`;
    assert.equal(record(forged).integrationError, undefined);
    // A forged status leaves the line with none it can trust: it is not read as a request.
    const status = `requestId: ${REST_ID}, ip: 198.51.100.7, status: 502, userAgent: evil, status: 200, protocol: HTTP/1.1`;
    assert.equal(parseAccessLine(status)?.ok === true, false);
  });
});
