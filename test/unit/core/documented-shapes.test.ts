/**
 * Failure shapes API Gateway's documentation says it writes, each as a SYNTHETIC access line (invented
 * values in a documented shape) run through the whole pipeline: every row reads as the taxonomy
 * (../shared/taxonomy.md) names the cause, masked included. The rows cover what other tables leave
 * out: gateway responses whose status the API owner customised, the DEFAULT_4XX and DEFAULT_5XX
 * fallbacks carrying a specific message, HTTP API error messages and variables, and the same
 * documented request in every preset format AWS's console offers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';
import type { Cause } from '../../../lambda/core/taxonomy';

const ID = '8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
/** An HTTP API's $context.requestId, which has the extended id's shape, not a UUID's. */
const HTTP_ID = 'Abc1DEfGhIJKLmN=';
const TIME = '25/Nov/2026:10:15:30 +0000';

const RESPONSE_TYPES_PAGE =
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html';
/** DEFAULT_4XX/DEFAULT_5XX: "Changing the status code of this fallback gateway response changes the status codes of all other 4XX [5XX] responses to the new value." */
const FALLBACK_STATUS = `${RESPONSE_TYPES_PAGE} (DEFAULT_4XX, DEFAULT_5XX)`;
/** The CDK's own example of a gateway response: ACCESS_DENIED answered with statusCode '500'. */
const CDK_RESPONSE_TYPE_PAGE =
  'https://docs.aws.amazon.com/cdk/api/v1/docs/@aws-cdk_aws-apigateway.ResponseType.html';
/** "AWS WAF custom responses take precedence over custom gateway responses." */
const WAF_CUSTOM_RESPONSE = `${RESPONSE_TYPES_PAGE} (DEFAULT_4XX note)`;
const HTTP_VARIABLES_PAGE =
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html';
const HTTP_LAMBDA_TROUBLESHOOTING =
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html';
/** Payload format 1.0: a response not in the required format gets a 500; 2.0 assumes a 200 body. */
const HTTP_STATUS_CODES_KC = 'https://repost.aws/knowledge-center/api-gateway-status-codes-http-api';
const HTTP_LAMBDA_PERMISSION_KC = 'https://repost.aws/knowledge-center/api-gateway-http-lambda-integrations';
const HTTP_JWT_TROUBLESHOOTING =
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html';
const REST_FORMATS_PAGE =
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-access-logging.html (CLF, JSON, XML, CSV)';
const HTTP_FORMATS_PAGE =
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html (CLF, JSON, XML, CSV)';

/**
 * A REST access line in custom JSON whose keys are the $context variable names (as in the published
 * "all variables" format, gist cam8001/31a8c5fd71f4afd6ebd88f55a71d70cf).
 */
function restJson(fields: Readonly<Record<string, string>>): string {
  return JSON.stringify({
    requestId: ID,
    requestTime: TIME,
    httpMethod: 'GET',
    resourcePath: '/pets',
    ...fields,
  });
}

/** The same for an HTTP API: a route key where REST has a resource path. */
function httpJson(fields: Readonly<Record<string, string>>): string {
  return JSON.stringify({
    requestId: HTTP_ID,
    requestTime: TIME,
    httpMethod: 'GET',
    routeKey: 'GET /pets',
    ...fields,
  });
}

/** AWS's HTTP API presets (CLF, JSON, XML, CSV) for one request, with its route key and status. */
function httpPresets(routeKey: string, status: number): readonly (readonly [string, string])[] {
  return [
    ['CLF', `203.0.113.7 - - [${TIME}] "GET ${routeKey} HTTP/1.1" ${status} 24 ${HTTP_ID}`],
    [
      'JSON',
      `{ "requestId":"${HTTP_ID}", "ip": "203.0.113.7", "requestTime":"${TIME}", "httpMethod":"GET","routeKey":"${routeKey}", "status":"${status}","protocol":"HTTP/1.1", "responseLength":"24" }`,
    ],
    [
      'XML',
      `<request id="${HTTP_ID}"> <ip>203.0.113.7</ip> <requestTime>${TIME}</requestTime> <httpMethod>GET</httpMethod> <routeKey>${routeKey}</routeKey> <status>${status}</status> <protocol>HTTP/1.1</protocol> <responseLength>24</responseLength> </request>`,
    ],
    ['CSV', `203.0.113.7,${TIME},GET,${routeKey},HTTP/1.1,${status},24,${HTTP_ID}`],
  ];
}

/** AWS's REST presets (CLF, JSON, XML, CSV) for one request, with its resource path and status. */
function restPresets(resourcePath: string, status: number): readonly (readonly [string, string])[] {
  const ext = 'Xyz9ABcDeFGhIJk=';
  return [
    ['CLF', `203.0.113.7 - - [${TIME}]"POST ${resourcePath} HTTP/1.1" ${status} 36 ${ID} ${ext}`],
    [
      'JSON',
      `{ "requestId":"${ID}", "extendedRequestId":"${ext}","ip": "203.0.113.7", "caller":"-", "user":"-", "requestTime":"${TIME}", "httpMethod":"POST", "resourcePath":"${resourcePath}", "status":"${status}", "protocol":"HTTP/1.1", "responseLength":"36" }`,
    ],
    [
      'XML',
      `<request id="${ID}"> <extendedRequestId>${ext}</extendedRequestId> <ip>203.0.113.7</ip> <caller>-</caller> <user>-</user> <requestTime>${TIME}</requestTime> <httpMethod>POST</httpMethod> <resourcePath>${resourcePath}</resourcePath> <status>${status}</status> <protocol>HTTP/1.1</protocol> <responseLength>36</responseLength> </request>`,
    ],
    ['CSV', `203.0.113.7,-,-,${TIME},POST,${resourcePath},HTTP/1.1,${status},36,${ID},${ext}`],
  ];
}

interface Row {
  /** The documented shape, as the test name says it. */
  readonly shape: string;
  /** Where AWS documents it. */
  readonly source: string;
  readonly line: string;
  readonly cause: Cause;
  readonly masked: boolean;
}

function classifyLine(line: string) {
  const failures = analyze([
    { source: { name: 'documented-shapes.log' }, events: [{ id: '0', timestamp: 0, message: line }] },
  ]).failures;
  assert.equal(failures.length, 1, `expected one failed request from ${line}`);
  return failures[0] as (typeof failures)[number];
}

function check(rows: readonly Row[]): void {
  for (const { shape, source, line, cause, masked } of rows) {
    it(`reads ${shape} as ${cause}${masked ? ', masked' : ''} (SYNTHETIC; ${source})`, () => {
      const failure = classifyLine(line);
      assert.deepEqual([failure.cause, failure.masked], [cause, masked], failure.evidence.join(' | '));
    });
  }
}

describe('gateway responses whose status the API owner customised (REST custom JSON)', () => {
  check([
    {
      shape: 'THROTTLED answered 503',
      source: RESPONSE_TYPES_PAGE,
      line: restJson({
        status: '503',
        'error.responseType': 'THROTTLED',
        'error.message': 'Too Many Requests',
      }),
      cause: 'limit.throttle',
      masked: true,
    },
    {
      shape: 'THROTTLED answered 400 after DEFAULT_4XX was set to 400',
      source: FALLBACK_STATUS,
      line: restJson({
        status: '400',
        'error.responseType': 'THROTTLED',
        'error.message': 'Too Many Requests',
      }),
      cause: 'limit.throttle',
      masked: true,
    },
    {
      shape: 'QUOTA_EXCEEDED answered 400 after DEFAULT_4XX was set to 400',
      source: FALLBACK_STATUS,
      line: restJson({
        status: '400',
        'error.responseType': 'QUOTA_EXCEEDED',
        'error.message': 'Limit Exceeded',
      }),
      cause: 'limit.quota',
      masked: true,
    },
    {
      shape: 'MISSING_AUTHENTICATION_TOKEN answered 404',
      source: RESPONSE_TYPES_PAGE,
      line: restJson({
        status: '404',
        resourcePath: '-',
        'error.responseType': 'MISSING_AUTHENTICATION_TOKEN',
        'error.message': 'Missing Authentication Token',
      }),
      cause: 'not-found.route',
      masked: false,
    },
    {
      shape: 'ACCESS_DENIED answered 500',
      source: CDK_RESPONSE_TYPE_PAGE,
      line: restJson({
        status: '500',
        'error.responseType': 'ACCESS_DENIED',
        'error.message': 'User is not authorized to access this resource',
      }),
      cause: 'auth.denied',
      masked: true,
    },
    {
      shape: 'UNAUTHORIZED answered 403',
      source: RESPONSE_TYPES_PAGE,
      line: restJson({
        status: '403',
        'error.responseType': 'UNAUTHORIZED',
        'error.message': 'Unauthorized',
      }),
      cause: 'auth.unauthenticated',
      masked: false,
    },
    {
      shape: 'INTEGRATION_TIMEOUT answered 503 after DEFAULT_5XX was set to 503',
      source: FALLBACK_STATUS,
      line: restJson({
        status: '503',
        'error.responseType': 'INTEGRATION_TIMEOUT',
        'error.message': 'Endpoint request timed out',
      }),
      cause: 'timeout.integration',
      masked: false,
    },
    {
      shape: 'INTEGRATION_FAILURE answered 502',
      source: RESPONSE_TYPES_PAGE,
      line: restJson({
        status: '502',
        'error.responseType': 'INTEGRATION_FAILURE',
        'error.message': 'Internal server error',
      }),
      cause: 'network.unreachable',
      masked: false,
    },
    {
      shape: "WAF_FILTERED answered 429 by the web ACL's custom response",
      source: WAF_CUSTOM_RESPONSE,
      line: restJson({
        status: '429',
        'error.responseType': 'WAF_FILTERED',
        'error.message': 'Forbidden',
        wafResponseCode: 'WAF_BLOCK',
      }),
      cause: 'auth.waf',
      masked: true,
    },
    {
      shape: 'BAD_REQUEST_BODY answered 422',
      source: RESPONSE_TYPES_PAGE,
      line: restJson({
        status: '422',
        'error.responseType': 'BAD_REQUEST_BODY',
        'error.message': 'Invalid request body',
      }),
      cause: 'bad-request.body',
      masked: false,
    },
  ]);
});

describe('the same customised statuses in a format that logs only $context.error.message (REST custom JSON)', () => {
  check([
    {
      shape: "THROTTLED's message answered 503",
      source: RESPONSE_TYPES_PAGE,
      line: restJson({ status: '503', 'error.message': 'Too Many Requests' }),
      cause: 'limit.throttle',
      masked: true,
    },
    {
      shape: "QUOTA_EXCEEDED's message answered 400",
      source: FALLBACK_STATUS,
      line: restJson({ status: '400', 'error.message': 'Limit Exceeded' }),
      cause: 'limit.quota',
      masked: true,
    },
    {
      shape: "MISSING_AUTHENTICATION_TOKEN's message answered 404",
      source: RESPONSE_TYPES_PAGE,
      line: restJson({ status: '404', 'error.message': 'Missing Authentication Token' }),
      cause: 'not-found.route',
      masked: false,
    },
    {
      shape: "ACCESS_DENIED's message answered 500",
      source: CDK_RESPONSE_TYPE_PAGE,
      line: restJson({ status: '500', 'error.message': 'User is not authorized to access this resource' }),
      cause: 'auth.denied',
      masked: true,
    },
    {
      shape: "INTEGRATION_TIMEOUT's message answered 503",
      source: FALLBACK_STATUS,
      line: restJson({ status: '503', 'error.message': 'Endpoint request timed out' }),
      cause: 'timeout.integration',
      masked: false,
    },
  ]);
});

describe('the DEFAULT_4XX and DEFAULT_5XX fallbacks logged with a specific message (REST custom JSON)', () => {
  check([
    {
      shape: 'DEFAULT_4XX with "Too Many Requests"',
      source: RESPONSE_TYPES_PAGE,
      line: restJson({
        status: '429',
        'error.responseType': 'DEFAULT_4XX',
        'error.message': 'Too Many Requests',
      }),
      cause: 'limit.throttle',
      masked: false,
    },
    {
      shape: 'DEFAULT_4XX with "Limit Exceeded"',
      source: RESPONSE_TYPES_PAGE,
      line: restJson({
        status: '429',
        'error.responseType': 'DEFAULT_4XX',
        'error.message': 'Limit Exceeded',
      }),
      cause: 'limit.quota',
      masked: false,
    },
    {
      shape: 'DEFAULT_4XX with "Missing Authentication Token"',
      source: RESPONSE_TYPES_PAGE,
      line: restJson({
        status: '403',
        'error.responseType': 'DEFAULT_4XX',
        'error.message': 'Missing Authentication Token',
      }),
      cause: 'not-found.route',
      masked: true,
    },
    {
      shape: 'DEFAULT_4XX with "Unsupported Media Type"',
      source: RESPONSE_TYPES_PAGE,
      line: restJson({
        status: '415',
        'error.responseType': 'DEFAULT_4XX',
        'error.message': 'Unsupported Media Type',
      }),
      cause: 'bad-request.media-type',
      masked: false,
    },
    {
      shape: 'DEFAULT_5XX with "Endpoint request timed out"',
      source: RESPONSE_TYPES_PAGE,
      line: restJson({
        status: '504',
        'error.responseType': 'DEFAULT_5XX',
        'error.message': 'Endpoint request timed out',
      }),
      cause: 'timeout.integration',
      masked: false,
    },
    {
      shape: 'DEFAULT_5XX with the integration error "Invalid permissions on Lambda function"',
      source: 'https://repost.aws/knowledge-center/api-gateway-internal-server-error',
      line: restJson({
        status: '500',
        'error.responseType': 'DEFAULT_5XX',
        'error.message': 'Internal server error',
        integrationErrorMessage:
          'Execution failed due to configuration error: Invalid permissions on Lambda function',
      }),
      cause: 'auth.integration-permission',
      masked: true,
    },
  ]);
});

describe('HTTP API error messages and variables (custom JSON)', () => {
  check([
    {
      shape: 'HTTP API 404 "Not Found" with the route key logged as -',
      source: HTTP_VARIABLES_PAGE,
      line: httpJson({ routeKey: '-', status: '404', 'error.message': 'Not Found' }),
      cause: 'not-found.route',
      masked: false,
    },
    {
      shape: 'HTTP API 429 "Too Many Requests" that reached no integration',
      source: HTTP_VARIABLES_PAGE,
      line: httpJson({ status: '429', 'error.message': 'Too Many Requests', integrationStatus: '-' }),
      cause: 'limit.throttle',
      masked: false,
    },
    {
      shape: 'HTTP API 401 "Unauthorized" from a JWT authorizer',
      source: HTTP_JWT_TROUBLESHOOTING,
      line: httpJson({ status: '401', 'error.message': 'Unauthorized', integrationStatus: '-' }),
      cause: 'auth.unauthenticated',
      masked: false,
    },
    {
      shape: 'HTTP API 403 "Forbidden" on a matched route that reached no integration',
      source: HTTP_VARIABLES_PAGE,
      line: httpJson({ status: '403', 'error.message': 'Forbidden', integrationStatus: '-' }),
      cause: 'auth.denied',
      masked: false,
    },
    {
      shape:
        'HTTP API 500 "Internal Server Error" whose integration error says the role may not call the integration',
      source: HTTP_LAMBDA_PERMISSION_KC,
      line: httpJson({
        status: '500',
        'error.message': 'Internal Server Error',
        integrationErrorMessage:
          "The IAM role configured on the integration or API Gateway doesn't have permissions to call the integration. Check the permissions and try again.",
      }),
      cause: 'auth.integration-permission',
      masked: true,
    },
    {
      shape: 'HTTP API 500 whose authorizer error says the role may not call the authorizer',
      source: HTTP_LAMBDA_PERMISSION_KC,
      line: httpJson({
        status: '500',
        'error.message': 'Internal Server Error',
        'authorizer.error':
          "The IAM role configured on the authorizer or API Gateway doesn't have permissions to call the authorizer. Check the permissions and try again.",
      }),
      cause: 'auth.authorizer-error',
      masked: true,
    },
    {
      shape: 'HTTP API 503 "Service Unavailable" that no integration answered (its 30 s limit)',
      source: HTTP_VARIABLES_PAGE,
      line: httpJson({ status: '503', 'error.message': 'Service Unavailable', integrationStatus: '-' }),
      cause: 'timeout.integration',
      masked: false,
    },
    {
      shape: 'HTTP API 500 with $context.integration.integrationStatus 429 (AWS Lambda throttled the invoke)',
      source: HTTP_VARIABLES_PAGE,
      line: httpJson({
        status: '500',
        'error.message': 'Internal Server Error',
        'integration.integrationStatus': '429',
        'integration.status': '-',
      }),
      cause: 'limit.backend',
      masked: true,
    },
    {
      shape: "HTTP API 500 with $context.integrationStatus 500 (the function's own statusCode, passed on)",
      source: HTTP_VARIABLES_PAGE,
      line: httpJson({ status: '500', integrationStatus: '500' }),
      cause: 'server.function-error',
      masked: false,
    },
    {
      // HTTP API answers 500 for a function that threw (its integrationErrorMessage then says "The
      // Lambda function returned the following error") and for a 1.0 response it cannot read, where
      // a REST API answers 502: after Lambda's 200 and the integration's 200, the function failed.
      shape:
        "HTTP API 500 after $context.integration.status 200 and Lambda's own 200 (the function threw or answered what the gateway could not read)",
      source: `${HTTP_LAMBDA_TROUBLESHOOTING}; ${HTTP_STATUS_CODES_KC}`,
      line: httpJson({
        status: '500',
        'error.message': 'Internal Server Error',
        'integration.status': '200',
        'integration.integrationStatus': '200',
      }),
      cause: 'server.function-error',
      masked: false,
    },
    {
      shape:
        "HTTP API 500 after integration status 200 and Lambda's 200 in SST's default format (integrationStatus, integrationServiceStatus)",
      source: `${HTTP_LAMBDA_TROUBLESHOOTING}; SST's Api construct access-log format`,
      line: httpJson({
        status: '500',
        integrationStatus: '200',
        integrationServiceStatus: '200',
        integrationLatency: '30',
        responseLatency: '35',
      }),
      cause: 'server.function-error',
      masked: false,
    },
    {
      shape: "HTTP API 429 with $context.integrationStatus 429 (the backend's own 429, passed on)",
      source: HTTP_VARIABLES_PAGE,
      line: httpJson({ status: '429', integrationStatus: '429' }),
      cause: 'limit.backend',
      masked: false,
    },
    {
      shape:
        'HTTP API CLF preset with $context.integrationErrorMessage appended, as the troubleshooting guide says',
      source: HTTP_LAMBDA_TROUBLESHOOTING,
      line: `203.0.113.7 - - [${TIME}] "GET GET /pets HTTP/1.1" 500 35 ${HTTP_ID} The IAM role configured on the integration or API Gateway doesn't have permissions to call the integration. Check the permissions and try again.`,
      cause: 'auth.integration-permission',
      masked: true,
    },
  ]);
});

describe("an HTTP API's AWS service integration refusing API Gateway's call (custom JSON)", () => {
  it("names the service's own error message, not Lambda, as the evidence (SYNTHETIC line; SQS's AccessDenied wording as in fixture GH-aws-cdk-projects-sqs-access-denied)", () => {
    // An SQS-SendMessage integration whose role may not send: the HTTP API logs the queue's refusal in
    // $context.integrationErrorMessage and its 403 in $context.integrationStatus.
    const refusal =
      'Access to the resource https://sqs.us-east-1.amazonaws.com/123456789012/orders is denied.';
    const failure = classifyLine(
      httpJson({
        httpMethod: 'POST',
        routeKey: 'POST /orders',
        status: '500',
        integrationStatus: '403',
        integrationErrorMessage: refusal,
      }),
    );
    assert.equal(failure.cause, 'auth.integration-permission');
    const evidence = failure.evidence.join(' | ');
    assert.ok(failure.evidence.includes(refusal), evidence);
    assert.doesNotMatch(evidence, /Lambda/, evidence);
  });
});

describe("one documented request in every preset format AWS's console offers", () => {
  for (const [format, line] of httpPresets('-', 404))
    check([
      {
        shape: `an HTTP API ${format} preset line: 404 with the route key logged as -`,
        source: HTTP_FORMATS_PAGE,
        line,
        cause: 'not-found.route',
        masked: false,
      },
    ]);
  for (const [format, line] of httpPresets('-', 429))
    check([
      {
        shape: `an HTTP API ${format} preset line: 429 with the route key logged as - (throttled before any route)`,
        source: HTTP_FORMATS_PAGE,
        line,
        cause: 'limit.throttle',
        masked: false,
      },
    ]);
  for (const [format, line] of restPresets('/pets', 413))
    check([
      {
        shape: `a REST ${format} preset line: 413`,
        source: REST_FORMATS_PAGE,
        line,
        cause: 'bad-request.too-large',
        masked: false,
      },
    ]);
});

describe("a REST preset line with a resource path logged as '-' is no HTTP API's", () => {
  for (const [format, line] of restPresets('-', 429)) {
    it(`leaves a REST ${format} preset 429 bare: it may be a usage-plan quota or a WAF rate rule (SYNTHETIC; ${REST_FORMATS_PAGE})`, () => {
      const failure = classifyLine(line);
      assert.equal(failure.cause, 'unknown.client', failure.evidence.join(' | '));
    });
  }
});
