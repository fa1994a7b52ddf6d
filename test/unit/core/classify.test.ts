/**
 * Rules and classify: every cause in the taxonomy (../shared/taxonomy.md) is reachable from the
 * evidence the taxonomy lists for it, precedence between rules, masked, confidence and redaction.
 * Every access field and execution message here is SYNTHETIC, written after the taxonomy's evidence.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAccessLine } from '../../../lambda/core/access-log';
import { classify } from '../../../lambda/core/classify';
import { factsOf, proxyStatusOf } from '../../../lambda/core/facts';
import { clip, RULE_ORDER, RULES } from '../../../lambda/core/rules';
import { CAUSE_IDS, type Cause } from '../../../lambda/core/taxonomy';
import {
  type AccessLogRecord,
  type ClassifiedRequest,
  CONFIDENCE,
  type Confidence,
  type RequestRecord,
} from '../../../lambda/core/types';

const ID = '8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6';

interface Evidence {
  readonly access?: Omit<AccessLogRecord, 'format'>;
  readonly messages?: readonly string[];
}

function request({ access, messages }: Evidence): RequestRecord {
  return {
    requestId: ID,
    access: access ? { format: 'json', requestId: ID, ...access } : undefined,
    execution: messages ? { requestId: ID, messages, apiId: 'abc123defg', stage: 'prod' } : undefined,
    source: { logGroup: '/aws/apigateway/access' },
  };
}

function classified(evidence: Evidence): ClassifiedRequest {
  const result = classify(request(evidence));
  assert.ok(result, 'expected a failed request');
  return result;
}

/** An access-log line as the parser reads it, classified as a request of the access log group. */
function classifiedLine(line: string): ClassifiedRequest | undefined {
  const parsed = parseAccessLine(line);
  assert.ok(parsed?.ok, line);
  return classify({ requestId: ID, access: parsed.record, source: { logGroup: '/aws/apigateway/access' } });
}

const LAMBDA_URI =
  'Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations';

/** One or more rows per cause: the taxonomy's evidence for it, in synthetic form. */
const ROWS: readonly { readonly cause: Cause; readonly evidence: string; readonly input: Evidence }[] = [
  {
    cause: 'bad-request.body',
    evidence: 'responseType BAD_REQUEST_BODY',
    input: { access: { status: 400, responseType: 'BAD_REQUEST_BODY' } },
  },
  {
    cause: 'bad-request.body',
    evidence: '"Request body does not match model schema"',
    input: {
      messages: [
        'Request body does not match model schema for content type application/json: [object has missing required properties (["name"])]',
        'Method completed with status: 400',
      ],
    },
  },
  {
    cause: 'bad-request.parameters',
    evidence: 'responseType BAD_REQUEST_PARAMETERS',
    input: { access: { status: 400, responseType: 'BAD_REQUEST_PARAMETERS' } },
  },
  {
    cause: 'bad-request.parameters',
    evidence: '"Missing required request parameters"',
    input: {
      messages: [
        'Request validation failed for parameters',
        'Missing required request parameters: [x-tenant-id]',
        'Method completed with status: 400',
      ],
    },
  },
  {
    cause: 'bad-request.backend',
    evidence: 'integration status 422',
    input: { access: { status: 422, integrationStatus: 422, integrationServiceStatus: 200 } },
  },
  {
    cause: 'bad-request.backend',
    evidence: 'ValidationException in the endpoint response',
    input: {
      messages: [
        'Endpoint response body before transformations: {"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error detected"}',
        'Method completed with status: 400',
      ],
    },
  },
  {
    cause: 'bad-request.too-large',
    evidence: 'responseType REQUEST_TOO_LARGE',
    input: { access: { status: 413, responseType: 'REQUEST_TOO_LARGE' } },
  },
  { cause: 'bad-request.too-large', evidence: 'status 431 alone', input: { access: { status: 431 } } },
  {
    cause: 'bad-request.media-type',
    evidence: 'responseType UNSUPPORTED_MEDIA_TYPE',
    input: { access: { status: 415, responseType: 'UNSUPPORTED_MEDIA_TYPE' } },
  },
  {
    cause: 'auth.unauthenticated',
    evidence: 'responseType UNAUTHORIZED',
    input: { access: { status: 401, responseType: 'UNAUTHORIZED', errorMessage: 'Unauthorized' } },
  },
  {
    cause: 'auth.unauthenticated',
    evidence: '"Unauthorized request"',
    input: { messages: [`Unauthorized request: ${ID}`, 'Method completed with status: 401'] },
  },
  {
    cause: 'auth.denied',
    evidence: 'responseType ACCESS_DENIED',
    input: { access: { status: 403, responseType: 'ACCESS_DENIED' } },
  },
  {
    cause: 'auth.denied',
    evidence: '"not authorized to perform: execute-api:Invoke"',
    input: {
      access: {
        status: 403,
        errorMessage:
          'User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/pets',
      },
    },
  },
  {
    cause: 'auth.api-key',
    evidence: 'responseType INVALID_API_KEY',
    input: { access: { status: 403, responseType: 'INVALID_API_KEY' } },
  },
  {
    cause: 'auth.api-key',
    evidence: '"Forbidden" on a method that requires a key',
    input: { access: { status: 403, errorMessage: 'Forbidden' } },
  },
  {
    cause: 'auth.signature',
    evidence: 'responseType INVALID_SIGNATURE',
    input: { access: { status: 403, responseType: 'INVALID_SIGNATURE' } },
  },
  {
    cause: 'auth.signature',
    evidence: 'responseType EXPIRED_TOKEN',
    input: { access: { status: 403, responseType: 'EXPIRED_TOKEN' } },
  },
  {
    cause: 'auth.waf',
    evidence: 'responseType WAF_FILTERED',
    input: { access: { status: 403, responseType: 'WAF_FILTERED' } },
  },
  { cause: 'auth.waf', evidence: 'waf status 403', input: { access: { status: 403, wafStatus: 403 } } },
  {
    cause: 'auth.backend',
    evidence: 'integration status 403 with Lambda service status 200',
    input: { access: { status: 403, integrationStatus: 403, integrationServiceStatus: 200 } },
  },
  {
    cause: 'auth.backend',
    evidence: '"Received response. Status: 401" from an HTTP endpoint',
    input: {
      messages: [
        'Sending request to https://backend.example.com/pets',
        'Received response. Status: 401, Integration latency: 12 ms',
        'Method completed with status: 401',
      ],
    },
  },
  {
    cause: 'auth.authorizer-error',
    evidence: 'responseType AUTHORIZER_FAILURE',
    input: { access: { status: 500, responseType: 'AUTHORIZER_FAILURE' } },
  },
  {
    cause: 'auth.authorizer-error',
    evidence: 'responseType AUTHORIZER_CONFIGURATION_ERROR',
    input: { access: { status: 500, responseType: 'AUTHORIZER_CONFIGURATION_ERROR' } },
  },
  {
    cause: 'auth.authorizer-error',
    evidence: 'authorizer error with a 500',
    input: { access: { status: 500, authorizerError: 'Internal error' } },
  },
  {
    // SYNTHETIC: signature words beside a 500 are about the gateway's own credentials, not the caller's
    // signature, which is refused with a 403.
    cause: 'auth.authorizer-error',
    evidence: 'authorizer error naming an invalid security token, with a 500',
    input: {
      access: { status: 500, authorizerError: 'The security token included in the request is invalid.' },
    },
  },
  {
    // The wording of terraform-aws-modules/terraform-aws-apigateway-v2#87 (an HTTP API's Step Functions integration).
    cause: 'auth.integration-permission',
    evidence: "an HTTP API's words for a role it may not assume",
    input: {
      access: {
        status: 500,
        errorMessage:
          'API Gateway doesn’t have permissions to assume the IAM role configured on the integration. Check the permissions and try again.',
      },
    },
  },
  {
    cause: 'auth.authorizer-error',
    evidence: 'a 5xx after the authorizer started and before the method did, with no other words',
    input: {
      messages: [
        'Starting authorizer: abc123 for request: test-request',
        'Incoming identity: ***xyz',
        'Method completed with status: 500',
      ],
    },
  },
  {
    // The words of pwrdrvr/microapps-core's README (an HTTP API IAM authorizer behind CloudFront,
    // which dropped the SigV4 headers), logged with no status.
    cause: 'auth.signature',
    evidence: "an IAM authorizer's words about the caller's signature, with no status",
    input: {
      access: {
        authorizerError:
          "The request for the IAM Authorizer doesn't match the format that API Gateway expects.",
      },
    },
  },
  {
    cause: 'auth.integration-permission',
    evidence: '"Invalid permissions on Lambda function"',
    input: {
      messages: [
        'Execution failed due to configuration error: Invalid permissions on Lambda function',
        'Method completed with status: 500',
      ],
    },
  },
  {
    cause: 'auth.integration-permission',
    evidence: 'AccessDenied from a service integration',
    input: {
      messages: [
        'Endpoint response body before transformations: <Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
        'Method completed with status: 500',
      ],
    },
  },
  {
    cause: 'not-found.route',
    evidence: 'responseType RESOURCE_NOT_FOUND',
    input: { access: { status: 404, responseType: 'RESOURCE_NOT_FOUND' } },
  },
  {
    cause: 'not-found.route',
    evidence: 'MISSING_AUTHENTICATION_TOKEN on a REST API',
    input: {
      access: {
        status: 403,
        responseType: 'MISSING_AUTHENTICATION_TOKEN',
        errorMessage: 'Missing Authentication Token',
      },
    },
  },
  {
    cause: 'not-found.route',
    evidence: 'HTTP API "Not Found" with no route',
    input: { access: { status: 404, errorMessage: 'Not Found' } },
  },
  {
    cause: 'not-found.backend',
    evidence: 'integration status 404',
    input: { access: { status: 404, integrationStatus: 404, integrationServiceStatus: 200 } },
  },
  {
    cause: 'conflict.state',
    evidence: 'integration status 409',
    input: { access: { status: 409, integrationStatus: 409 } },
  },
  {
    cause: 'conflict.state',
    evidence: 'ConditionalCheckFailedException',
    input: {
      messages: [
        'Endpoint response body before transformations: {"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}',
        'Method completed with status: 400',
      ],
    },
  },
  {
    cause: 'conflict.duplicate',
    evidence: '409 naming a duplicate idempotency key',
    input: {
      access: { status: 409, integrationStatus: 409 },
      messages: [
        'Endpoint response body before transformations: {"statusCode":409,"body":"{\\"error\\":\\"duplicate idempotency key\\"}"}',
      ],
    },
  },
  {
    cause: 'limit.quota',
    evidence: 'responseType QUOTA_EXCEEDED',
    input: { access: { status: 429, responseType: 'QUOTA_EXCEEDED' } },
  },
  {
    cause: 'limit.quota',
    evidence: '"Limit Exceeded"',
    input: { access: { status: 429, errorMessage: 'Limit Exceeded' } },
  },
  {
    cause: 'limit.throttle',
    evidence: 'responseType THROTTLED',
    input: { access: { status: 429, responseType: 'THROTTLED' } },
  },
  {
    cause: 'limit.throttle',
    evidence: '"Too Many Requests"',
    input: { access: { status: 429, errorMessage: 'Too Many Requests' } },
  },
  {
    cause: 'limit.throttle',
    evidence: 'a stage throttle in the execution log',
    input: {
      messages: [
        'Stage throttle limit exceeded for RestApi abc123defg, Stage prod',
        'Method completed with status: 429',
      ],
    },
  },
  {
    cause: 'limit.backend',
    evidence: 'Lambda service status 429',
    input: { access: { status: 500, integrationServiceStatus: 429 } },
  },
  {
    cause: 'limit.backend',
    evidence: '"Lambda invocation failed with status: 429"',
    input: {
      messages: [
        'Lambda invocation failed with status: 429. Lambda request id: 5f0d',
        'Method completed with status: 500',
      ],
    },
  },
  {
    cause: 'limit.backend',
    evidence: '"Rate Exceeded." with INTEGRATION_FAILURE',
    input: {
      access: { status: 500, responseType: 'INTEGRATION_FAILURE', integrationError: 'Rate Exceeded.' },
    },
  },
  {
    cause: 'limit.backend',
    evidence: 'ProvisionedThroughputExceededException in the endpoint response',
    input: {
      messages: [
        'Endpoint response body before transformations: {"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"}',
        'Method completed with status: 500',
      ],
    },
  },
  {
    cause: 'server.function-error',
    evidence: 'X-Amz-Function-Error with errorType in the body',
    input: {
      messages: [
        LAMBDA_URI,
        'Endpoint response headers: {X-Amz-Executed-Version=$LATEST, X-Amz-Function-Error=Unhandled}',
        'Endpoint response body before transformations: {"errorType":"TypeError","errorMessage":"Cannot read properties of undefined"}',
        'Lambda execution failed with status 200 due to customer function error: Cannot read properties of undefined. Lambda request id: 5f0d',
        'Method completed with status: 502',
      ],
    },
  },
  {
    cause: 'server.function-error',
    evidence: 'integration status 500 from the function',
    input: { access: { status: 500, integrationStatus: 500, integrationServiceStatus: 200 } },
  },
  {
    cause: 'server.bad-response',
    evidence: '"Malformed Lambda proxy response"',
    input: {
      messages: [
        LAMBDA_URI,
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'Method completed with status: 502',
      ],
    },
  },
  {
    cause: 'server.configuration',
    evidence: 'responseType API_CONFIGURATION_ERROR',
    input: { access: { status: 500, responseType: 'API_CONFIGURATION_ERROR' } },
  },
  {
    cause: 'server.configuration',
    evidence: '"Execution failed due to configuration error" of another kind',
    input: {
      messages: [
        'Execution failed due to configuration error: Unable to transform request',
        'Method completed with status: 500',
      ],
    },
  },
  {
    cause: 'server.unavailable',
    evidence: 'integration status 503',
    input: { access: { status: 503, integrationStatus: 503 } },
  },
  {
    cause: 'server.unavailable',
    evidence: '"Service Unavailable" from the backend',
    input: { access: { status: 503, integrationError: 'Service Unavailable' } },
  },
  {
    cause: 'timeout.function',
    evidence: '"Task timed out after N seconds"',
    input: {
      messages: [
        LAMBDA_URI,
        'Endpoint response body before transformations: {"errorMessage":"2026-11-25T10:15:33.001Z 5f0d Task timed out after 3.00 seconds"}',
        'Method completed with status: 502',
      ],
    },
  },
  {
    cause: 'timeout.integration',
    evidence: 'responseType INTEGRATION_TIMEOUT',
    input: { access: { status: 504, responseType: 'INTEGRATION_TIMEOUT' } },
  },
  {
    cause: 'timeout.integration',
    evidence: '"Execution failed due to a timeout error"',
    input: {
      messages: [
        'Endpoint request timed out',
        'Execution failed due to a timeout error',
        'Method completed with status: 504',
      ],
    },
  },
  {
    cause: 'timeout.integration',
    evidence: 'integration latency at the limit',
    input: { access: { status: 504, integrationLatencyMs: 29_001 } },
  },
  {
    cause: 'network.unreachable',
    evidence: 'responseType INTEGRATION_FAILURE without throttling',
    input: {
      access: { status: 502, responseType: 'INTEGRATION_FAILURE', integrationError: 'Internal error' },
    },
  },
  {
    cause: 'network.unreachable',
    evidence: '"Network error communicating with endpoint"',
    input: {
      messages: [
        'Execution failed due to configuration error: Network error communicating with endpoint',
        'Method completed with status: 502',
      ],
    },
  },
  {
    cause: 'network.unreachable',
    evidence: 'an unknown host',
    input: { access: { status: 502, integrationError: 'java.net.UnknownHostException: backend.internal' } },
  },
  { cause: 'unknown.client', evidence: 'nothing but a 4xx', input: { access: { status: 400 } } },
  { cause: 'unknown.server', evidence: 'nothing but a 5xx', input: { access: { status: 500 } } },
];

describe('classify: every cause of the taxonomy is reachable from its evidence', () => {
  for (const { cause, evidence, input } of ROWS) {
    it(`classifies ${evidence} as ${cause}`, () => {
      const result = classified(input);
      assert.equal(result.cause, cause, `evidence: ${result.evidence.join(' | ')}`);
      assert.equal(result.family, cause.slice(0, cause.indexOf('.')));
      assert.ok(result.evidence.length > 0, 'a cause always carries its evidence');
    });
  }

  it('has a row for each of the 29 causes', () => {
    assert.equal(CAUSE_IDS.length, 29);
    assert.deepEqual(new Set(ROWS.map((r) => r.cause)), new Set(CAUSE_IDS));
  });

  it('names every rule in the table', () => {
    assert.ok(RULES.every((r) => r.name.length > 0));
  });

  it('has every rule return only the causes it declares, which lets a 2xx skip the rules that cannot prove a failure', () => {
    let matches = 0;
    for (const row of ROWS) {
      const facts = factsOf(request(row.input));
      for (const rule of RULES) {
        const match = rule.match(facts);
        if (match === undefined) continue;
        matches += 1;
        assert.ok(
          rule.causes.includes(match.cause),
          `${rule.name} returned ${match.cause}, not in its causes`,
        );
      }
    }
    assert.ok(matches >= ROWS.length, 'every row is matched by at least one rule');
  });
});

describe('classify: precedence', () => {
  it('takes a throttled backend over the "Malformed Lambda proxy response" it causes', () => {
    const result = classified({
      messages: [
        LAMBDA_URI,
        'Endpoint response body before transformations: {"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}',
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'Method completed with status: 502',
      ],
    });
    assert.equal(result.cause, 'limit.backend');
    assert.equal(result.masked, true);
  });

  it('takes the function timeout over the customer function error that reports it', () => {
    const result = classified({
      messages: [
        LAMBDA_URI,
        'Endpoint response body before transformations: {"errorMessage":"2026-11-25T10:15:33.001Z 5f0d Task timed out after 6.01 seconds"}',
        'Lambda execution failed with status 200 due to customer function error: 2026-11-25T10:15:33.001Z 5f0d Task timed out after 6.01 seconds. Lambda request id: 5f0d',
        'Method completed with status: 502',
      ],
    });
    assert.equal(result.cause, 'timeout.function');
  });

  it('counts "Successfully completed execution" that answered 400 as a failure', () => {
    const result = classified({
      messages: [
        LAMBDA_URI,
        'Received response. Status: 200, Integration latency: 20 ms',
        'Endpoint response body before transformations: {"statusCode":400,"body":"{\\"message\\":\\"bad id\\"}"}',
        'Method response body after transformations: {"message":"bad id"}',
        'Successfully completed execution',
        'Method completed with status: 400',
      ],
    });
    assert.equal(result.clientStatus, 400);
    assert.equal(result.cause, 'bad-request.backend');
  });

  const notFailures: readonly { readonly name: string; readonly input: Evidence }[] = [
    { name: 'a 200 with no evidence', input: { access: { status: 200 } } },
    { name: 'a 302 redirect', input: { access: { status: 302 } } },
    {
      name: 'a successful Lambda proxy trail',
      input: {
        messages: [
          LAMBDA_URI,
          'Received response. Status: 200, Integration latency: 20 ms',
          'Successfully completed execution',
          'Method completed with status: 200',
        ],
      },
    },
    {
      name: 'a 200 whose body only looks like a throttle',
      input: { access: { status: 200, integrationError: 'ThrottlingException mentioned in a log' } },
    },
  ];
  for (const { name, input } of notFailures) {
    it(`does not count ${name} as a failure`, () => {
      assert.equal(classify(request(input)), undefined);
    });
  }

  it('counts a 200 whose logs prove a Lambda throttle as a failure', () => {
    const result = classified({ access: { status: 200, integrationServiceStatus: 429 } });
    assert.equal(result.cause, 'limit.backend');
  });

  it('keeps every rule that RULE_ORDER says must come first ahead of the rule it must precede, naming only rules in the table', () => {
    const names = RULES.map((rule) => rule.name);
    assert.equal(new Set(names).size, names.length, 'rule names are unique, so a name picks one rule');
    for (const [earlier, later, why] of RULE_ORDER) {
      assert.ok(names.includes(earlier), `RULE_ORDER names no rule in RULES: ${earlier}`);
      assert.ok(names.includes(later), `RULE_ORDER names no rule in RULES: ${later}`);
      assert.ok(
        names.indexOf(earlier) < names.indexOf(later),
        `${earlier} must come before ${later}: ${why}`,
      );
    }
  });
});

describe('classify: the evidence a long message gives', () => {
  it('keeps the words just before the phrase, such as the table a throttled call named (SYNTHETIC body)', () => {
    const result = classified({
      messages: [
        'Endpoint request URI: https://orders.example.com/v1/orders',
        'Received response. Status: 500, Integration latency: 20 ms',
        `Endpoint response body before transformations: {"trace":"${'a'.repeat(300)}","error":"table orders-history-archive: ProvisionedThroughputExceededException"}`,
        'Method completed with status: 500',
      ],
    });
    assert.equal(result.cause, 'limit.backend');
    assert.match(
      result.evidence[0] ?? '',
      /table orders-history-archive: ProvisionedThroughputExceededException/,
    );
  });
});

describe('classify: what the caller sent is not evidence', () => {
  const REQUEST_SIDE = [
    'Method request path: {id=ThrottlingException}',
    'Method request query string: {q=Task timed out after 3.00 seconds}',
    'Method request headers: {Idempotency-Key=9f1c, X-Debug=Rate exceeded, Host=api.example.com}',
    'Method request body before transformations: {"errorType":"Network error communicating with endpoint","duplicate":true}',
    'Endpoint request URI: https://backend.example.com/orders?note=Malformed%20Lambda%20proxy%20response',
    'Endpoint request headers: {Idempotency-Key=9f1c, x-api-key=Invalid API Key identifier}',
    'Endpoint request body after transformations: {"errorMessage":"AccessDenied","reason":"ConditionalCheckFailed"}',
  ];

  it('classifies a 409 whose request only carried an Idempotency-Key header as a state conflict, not a duplicate', () => {
    const result = classified({
      messages: [
        ...REQUEST_SIDE,
        'Sending request to https://backend.example.com/orders',
        'Received response. Status: 409, Integration latency: 12 ms',
        'Endpoint response body before transformations: {"message":"order is closed"}',
        'Method completed with status: 409',
      ],
    });
    assert.equal(result.cause, 'conflict.state');
  });

  it('classifies a bare 500 as unknown.server even when request headers and bodies name failure phrases', () => {
    const result = classified({ messages: [...REQUEST_SIDE, 'Method completed with status: 500'] });
    assert.equal(result.cause, 'unknown.server');
  });

  it('still reads the same phrases from the endpoint response', () => {
    const result = classified({
      messages: [
        ...REQUEST_SIDE,
        'Endpoint response body before transformations: {"__type":"ThrottlingException","message":"Rate exceeded"}',
        'Method completed with status: 500',
      ],
    });
    assert.equal(result.cause, 'limit.backend');
  });

  it('does not read a phrase from the resource path the caller chose in a routine message', () => {
    const result = classified({
      messages: [
        'Starting execution for request: 8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
        'HTTP Method: GET, Resource Path: /v1/SlowDown',
        'Execution failed due to configuration error: Invalid permissions on Lambda function',
        'Method completed with status: 500',
      ],
    });
    assert.equal(result.cause, 'auth.integration-permission');
  });

  it('still reads a routine-looking message that carries more than its routine words', () => {
    const result = classified({
      messages: ['Method completed with status: 500 after ThrottlingException from Lambda'],
    });
    assert.equal(result.cause, 'limit.backend');
  });
});

describe('classify: masked, confidence and the record it returns', () => {
  const masked: readonly { readonly name: string; readonly input: Evidence; readonly masked: boolean }[] = [
    {
      name: 'a throttled Lambda behind a 500',
      input: { access: { status: 500, integrationServiceStatus: 429 } },
      masked: true,
    },
    {
      name: 'a wrong route behind a 403',
      input: { access: { status: 403, responseType: 'MISSING_AUTHENTICATION_TOKEN' } },
      masked: true,
    },
    {
      name: 'a wrong route answered 404',
      input: { access: { status: 404, responseType: 'RESOURCE_NOT_FOUND' } },
      masked: false,
    },
    {
      name: 'an API Gateway throttle answered 429',
      input: { access: { status: 429, responseType: 'THROTTLED' } },
      masked: false,
    },
    {
      name: 'an authorizer failure behind a 500',
      input: { access: { status: 500, responseType: 'AUTHORIZER_FAILURE' } },
      masked: true,
    },
    {
      name: 'a function error answered 502',
      input: { access: { status: 502, integrationStatus: 500 } },
      masked: false,
    },
    { name: 'a bare 500', input: { access: { status: 500 } }, masked: false },
    {
      name: "a backend's not-found answered 410, a status of no family's",
      input: { access: { status: 410, integrationStatus: 404 } },
      masked: false,
    },
    {
      name: 'an API Gateway throttle whose gateway response was customised to 420',
      input: { access: { status: 420, responseType: 'THROTTLED' } },
      masked: false,
    },
    {
      name: 'an API Gateway throttle customised to 400',
      input: { access: { status: 400, responseType: 'THROTTLED' } },
      masked: true,
    },
    {
      name: 'a backend conflict answered 409',
      input: { access: { status: 409, integrationStatus: 409 } },
      masked: false,
    },
    {
      name: "a backend's validation error answered 422",
      input: { access: { status: 422, integrationStatus: 422 } },
      masked: false,
    },
    {
      // SYNTHETIC: a DynamoDB integration passing its 400 on; the client sees a bad request.
      name: 'a failed conditional write behind a 400',
      input: {
        messages: [
          'Endpoint response body before transformations: {"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}',
          'Method completed with status: 400',
        ],
      },
      masked: true,
    },
    {
      // SYNTHETIC: a Step Functions integration passing its 400 on.
      name: 'a duplicate execution behind a 400',
      input: {
        messages: [
          `Endpoint response body before transformations: {"__type":"com.amazonaws.swf.service.model#ExecutionAlreadyExists","message":"Execution Already Exists: 'arn:aws:states:us-east-1:123456789012:execution:orders:42'"}`,
          'Method completed with status: 400',
        ],
      },
      masked: true,
    },
  ];
  for (const row of masked) {
    it(`marks ${row.name} as ${row.masked ? 'masked' : 'not masked'}`, () => {
      assert.equal(classified(row.input).masked, row.masked);
    });
  }

  const confidence: readonly {
    readonly name: string;
    readonly input: Evidence;
    readonly confidence: Confidence;
  }[] = [
    {
      name: 'a gateway response type',
      input: { access: { status: 429, responseType: 'THROTTLED' } },
      confidence: CONFIDENCE.certain,
    },
    {
      name: 'a Lambda service status',
      input: { access: { status: 500, integrationServiceStatus: 429 } },
      confidence: CONFIDENCE.certain,
    },
    {
      name: 'an execution-log phrase',
      input: {
        messages: [
          'Execution failed due to configuration error: Invalid permissions on Lambda function',
          'Method completed with status: 500',
        ],
      },
      confidence: CONFIDENCE.certain,
    },
    {
      name: 'a throttle pattern in a body alone',
      input: {
        messages: [
          'Endpoint response body before transformations: {"__type":"ThrottlingException"}',
          'Method completed with status: 500',
        ],
      },
      confidence: CONFIDENCE.likely,
    },
    { name: 'nothing but the status', input: { access: { status: 503 } }, confidence: CONFIDENCE.statusOnly },
  ];
  for (const row of confidence) {
    it(`is ${row.confidence} when ${row.name} decided the cause`, () => {
      assert.equal(classified(row.input).confidence, row.confidence);
    });
  }

  it('returns the contract record with route, method, api, stage and time, and no undefined fields', () => {
    const result = classified({
      access: {
        status: 500,
        integrationServiceStatus: 429,
        apiId: 'abc123defg',
        stage: 'prod',
        httpMethod: 'POST',
        resourcePath: '/orders',
        timeMs: Date.UTC(2026, 10, 25, 10, 15, 30),
      },
    });
    assert.deepEqual(
      { ...result, advice: undefined, retry: undefined, owner: undefined },
      {
        requestId: ID,
        time: '2026-11-25T10:15:30.000Z',
        api: 'abc123defg',
        stage: 'prod',
        method: 'POST',
        route: '/orders',
        clientStatus: 500,
        cause: 'limit.backend',
        family: 'limit',
        masked: true,
        confidence: 'certain',
        evidence: ['integration.integrationStatus=429 (Lambda service)'],
        advice: undefined,
        retry: undefined,
        owner: undefined,
      },
    );
    const bare = classified({ access: { status: 500 } });
    for (const key of ['time', 'stage', 'method', 'route'] as const) assert.equal(key in bare, false, key);
  });

  it('reads the final status of a trail whose page lost the space after the colon (SYNTHETIC)', () => {
    for (const final of ['Method completed with status:502', 'Method completed with status: 502']) {
      const result = classified({ messages: ['Starting execution for request: x', final] });
      assert.equal(result.clientStatus, 502, final);
    }
  });

  it('tells, for a backend that has no such item, that a retry does not bring back what a 410 says is gone', () => {
    // SYNTHETIC: a backend's 410 Gone.
    const result = classified({
      access: { status: 410, resourcePath: '/orders/{id}', integrationStatus: 410 },
    });
    assert.equal(result.cause, 'not-found.backend');
    assert.match(result.advice, /410 Gone/);
    assert.match(result.advice, /never after a 410/);
  });

  it('uses null for the client status when no line recorded it', () => {
    const result = classified({
      messages: ['Execution failed due to configuration error: Invalid permissions on Lambda function'],
    });
    assert.equal(result.clientStatus, null);
    assert.equal(result.masked, true, 'integration permission is masked by construction');
  });

  it('removes secrets from the evidence it returns', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl';
    const result = classified({
      access: {
        status: 401,
        responseType: 'UNAUTHORIZED',
        errorMessage: `token ${jwt} rejected, x-api-key: abcdef123456`,
      },
    });
    const text = result.evidence.join(' ');
    assert.doesNotMatch(text, /eyJhbGci/);
    assert.doesNotMatch(text, /abcdef123456/);
    assert.match(text, /responseType=UNAUTHORIZED/);
  });

  it('removes secrets from the route when the format logs the path the caller sent', () => {
    // SYNTHETIC: a format logging $context.path, whose caller put a JWT in a path segment and a
    // signature in the query; the record reaches the CLI's output and the function's own log lines.
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl';
    const result = classified({
      access: { status: 502, path: `/sessions/${jwt}/refresh?X-Amz-Signature=${'a'.repeat(64)}` },
    });
    assert.equal(result.route, '/sessions/[redacted-jwt]/refresh?X-Amz-Signature=[redacted]');
  });

  it('removes a secret before cutting the evidence short, so half a token is not left behind', () => {
    // A JWT that runs across the 200-character cut: cut first, it no longer looks like one.
    const jwt = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${'a'.repeat(150)}.c2lnbmF0dXJl`;
    const result = classified({
      access: {
        status: 401,
        responseType: 'UNAUTHORIZED',
        errorMessage: `Unauthorized: ${'w'.repeat(120)} ${jwt}`,
      },
    });
    assert.doesNotMatch(result.evidence.join(' '), /eyJhbGci|aaaaaaaa/);
  });

  it('removes what API Gateway quotes back of an Authorization header it could not read as a signature', () => {
    // SYNTHETIC, in the wording of real 403s (a Bearer token sent to a REST route the stage lacks).
    const result = classified({
      access: {
        status: 403,
        resourcePath: '/x',
        errorMessage:
          "'jweems@example.com:hunter2pass' not a valid key=value pair (missing equal-sign) in Authorization header: 'Basic jweems@example.com:hunter2pass'.",
      },
    });
    assert.equal(result.cause, 'not-found.route');
    assert.doesNotMatch(result.evidence.join(' '), /hunter2pass/);
  });

  it('removes a secret from a long message before taking the part around the phrase', () => {
    const jwt = `eyJhbGciOiJIUzI1NiJ9.eyJ${'b'.repeat(120)}.c2lnbmF0dXJl`;
    const result = classified({
      messages: [
        `Endpoint response body before transformations: {"token":"x","note":"${'n'.repeat(300)} ${jwt} Task timed out after 3.00 seconds"}`,
        'Method completed with status: 502',
      ],
    });
    assert.equal(result.cause, 'timeout.function');
    assert.doesNotMatch(result.evidence.join(' '), /bbbbbbbb/);
  });

  it('keeps evidence short: one line of at most about 200 characters', () => {
    const result = classified({
      messages: [
        `Endpoint response body before transformations: {"errorType":"Error","errorMessage":"${'x'.repeat(3000)}"}`,
        'Method completed with status: 502',
      ],
    });
    for (const e of result.evidence) {
      assert.ok(e.length <= 260, `evidence of ${e.length} chars`);
      assert.doesNotMatch(e, /\n/);
    }
  });
});

describe('classify: rules that decide only narrow cases', () => {
  // Each row is a case where its rule's answer differs from what the rules after it would give;
  // removing any one of these rules fails its row (a mutation check found them untested).
  const rows: readonly {
    readonly name: string;
    readonly input: Evidence;
    readonly cause: Cause;
    readonly confidence: Confidence;
  }[] = [
    {
      name: "a WAF block named only in the error message, with no WAF field logged, is the WAF's",
      input: { access: { status: 403, errorMessage: 'Request blocked by AWS WAF' } },
      cause: 'auth.waf',
      confidence: CONFIDENCE.certain,
    },
    {
      name: 'an Unsupported Media Type message makes a 415 certain',
      input: { access: { status: 415, errorMessage: 'Unsupported Media Type' } },
      cause: 'bad-request.media-type',
      confidence: CONFIDENCE.certain,
    },
    {
      name: "API Gateway's too-large words name the cause whatever status a custom gateway response gave",
      input: { access: { status: 400, errorMessage: 'Request too long' } },
      cause: 'bad-request.too-large',
      confidence: CONFIDENCE.certain,
    },
    {
      name: "a backend's own 500 comes before the mapping error it then caused",
      input: {
        messages: [
          'Endpoint request URI: http://backend.example.com/orders',
          'Received response. Status: 500, Integration latency: 12 ms',
          'Execution failed due to configuration error: Unable to transform response',
          'Method completed with status: 500',
        ],
      },
      cause: 'server.function-error',
      confidence: CONFIDENCE.certain,
    },
    {
      name: "a REST 502 after Lambda's own 200 is the function's failure, even under a generic DEFAULT_5XX",
      input: { access: { status: 502, responseType: 'DEFAULT_5XX', integrationServiceStatus: 200 } },
      cause: 'server.function-error',
      confidence: CONFIDENCE.likely,
    },
    {
      name: 'a 504 whose integration took exactly 28.5 s is at the integration timeout',
      input: { access: { status: 504, integrationLatencyMs: 28_500 } },
      cause: 'timeout.integration',
      confidence: CONFIDENCE.likely,
    },
    {
      name: 'a timeout API Gateway names in its error message is certain, not only likely from the latency beside it',
      input: {
        access: { status: 504, integrationLatencyMs: 29_001, errorMessage: 'Endpoint request timed out' },
      },
      cause: 'timeout.integration',
      confidence: CONFIDENCE.certain,
    },
    {
      name: "Lambda's own 500 to the invoke behind INTEGRATION_FAILURE is Lambda's service failing, not an unreachable network",
      input: { access: { status: 502, responseType: 'INTEGRATION_FAILURE', integrationServiceStatus: 500 } },
      cause: 'server.unavailable',
      confidence: CONFIDENCE.likely,
    },
    {
      name: 'a 503 whose integration took as long as the integration timeout is likely that timeout',
      input: { access: { status: 503, integrationLatencyMs: 29_000 } },
      cause: 'timeout.integration',
      confidence: CONFIDENCE.likely,
    },
    {
      name: "an HTTP backend's own 431 is a request too large, not a generic bad request",
      input: {
        messages: [
          'Endpoint request URI: http://backend.example.com/orders',
          'Received response. Status: 431, Integration latency: 3 ms',
          'Method completed with status: 431',
        ],
      },
      cause: 'bad-request.too-large',
      confidence: CONFIDENCE.certain,
    },
    {
      name: "an HTTP backend's own 400 whose body says Unauthorized is its bad request, not API Gateway's refusal",
      input: {
        messages: [
          'Endpoint request URI: http://backend.example.com/orders',
          'Received response. Status: 400, Integration latency: 3 ms',
          'Endpoint response body before transformations: Unauthorized request: the order id is missing',
          'Method completed with status: 400',
        ],
      },
      cause: 'bad-request.backend',
      confidence: CONFIDENCE.certain,
    },
    {
      name: "a backend's 500 behind a 200 the client saw is still the backend failing",
      input: { access: { status: 200, integrationStatus: 500 } },
      cause: 'server.function-error',
      confidence: CONFIDENCE.certain,
    },
    ...(['StateMachineDeleting', 'StateMachineDoesNotExist'] as const).map((code) => ({
      // SYNTHETIC REST trail of a Step Functions StartExecution integration: a state machine being
      // deleted is the integration's target going away, like one that no longer exists.
      name: `Step Functions' ${code} through a StartExecution integration is the integration's missing target`,
      input: {
        messages: [
          'Endpoint request URI: https://states.us-east-1.amazonaws.com/?Action=StartExecution',
          'Received response. Status: 400, Integration latency: 18 ms',
          `Endpoint response body before transformations: {"__type":"com.amazonaws.swf.service.v2.model#${code}","message":"arn:aws:states:us-east-1:123456789012:stateMachine:orders"}`,
          'Method completed with status: 400',
        ],
      },
      cause: 'server.configuration' as const,
      confidence: CONFIDENCE.certain,
    })),
    {
      // SYNTHETIC: the default integration response (empty selection pattern) catches a plain HTTP
      // backend's 503 as it catches its 500; both are the backend failing, so both count.
      name: "a plain HTTP backend's 503 behind a 200 the client saw is still the backend being unavailable",
      input: { access: { status: 200, integrationStatus: 503 } },
      cause: 'server.unavailable',
      confidence: CONFIDENCE.certain,
    },
    {
      name: "a REST trail's plain HTTP backend 503 with an empty body passed on as 200 is still the backend being unavailable",
      input: {
        messages: [
          'Endpoint request URI: http://backend.example.com/orders',
          'Received response. Status: 503, Integration latency: 12 ms',
          'Endpoint response body before transformations: ',
          'Method completed with status: 200',
        ],
      },
      cause: 'server.unavailable',
      confidence: CONFIDENCE.certain,
    },
    {
      name: "Lambda's error object behind a 500, its headers not at hand, is certainly the function's error",
      input: {
        messages: [
          'Endpoint response body before transformations: {"errorMessage":"bad input"}',
          'Method completed with status: 500',
        ],
      },
      cause: 'server.function-error',
      confidence: CONFIDENCE.certain,
    },
    {
      name: "a backend's own 500 comes before the API_CONFIGURATION_ERROR response it then caused",
      input: { access: { status: 500, integrationStatus: 500, responseType: 'API_CONFIGURATION_ERROR' } },
      cause: 'server.function-error',
      confidence: CONFIDENCE.certain,
    },
    // SYNTHETIC access records from here on. Lambda's own 500 for the invoke is its service failing,
    // which a retry may get past: likely, since API Gateway's words do not say which part of Lambda failed.
    {
      name: "Lambda's own 500 for the invoke is only likely its service being unavailable",
      input: { access: { status: 502, errorMessage: 'Lambda invocation failed with status: 500' } },
      cause: 'server.unavailable',
      confidence: CONFIDENCE.likely,
    },
    {
      name: "a backend's own 500 that names a ServiceException is the backend failing, not Lambda's service",
      input: {
        access: {
          status: 500,
          integrationStatus: 500,
          integrationError: 'ServiceException: the service failed',
        },
      },
      cause: 'server.function-error',
      confidence: CONFIDENCE.certain,
    },
    {
      name: 'a REST 503 that only says Service Unavailable, with no backend status, is only likely the backend being unavailable',
      input: { access: { status: 503, responseType: 'DEFAULT_5XX', errorMessage: 'Service Unavailable' } },
      cause: 'server.unavailable',
      confidence: CONFIDENCE.likely,
    },
    // An error name in a bare 400's message may be any backend's or function's words: only likely.
    {
      name: 'a 400 whose message names ExecutionAlreadyExists is only likely a duplicate request',
      input: { access: { status: 400, errorMessage: 'ExecutionAlreadyExists' } },
      cause: 'conflict.duplicate',
      confidence: CONFIDENCE.likely,
    },
    {
      name: 'a 400 whose message names a ValidationException is only likely the backend refusing the body',
      input: { access: { status: 400, errorMessage: 'ValidationException: 1 validation error detected' } },
      cause: 'bad-request.backend',
      confidence: CONFIDENCE.likely,
    },
    {
      name: 'a 400 whose message names a failed conditional check is only likely a state conflict',
      input: {
        access: {
          status: 400,
          errorMessage: 'ConditionalCheckFailedException: The conditional request failed',
        },
      },
      cause: 'conflict.state',
      confidence: CONFIDENCE.likely,
    },
    {
      name: 'a WAF that blocked with a custom 400 is still the WAF',
      input: { access: { status: 400, wafStatus: 400 } },
      cause: 'auth.waf',
      confidence: CONFIDENCE.certain,
    },
  ];
  for (const { name, input, cause, confidence } of rows) {
    it(name, () => {
      const result = classified(input);
      assert.equal(result.cause, cause, `evidence: ${result.evidence.join(' | ')}`);
      assert.equal(result.confidence, confidence);
    });
  }
});

describe('classify: authorizer policies', () => {
  it('reads a Deny policy returned by a Lambda authorizer as access denied, not as an authorizer failure', () => {
    // Synthetic trail in the shape of the authorizer lines of corpus sample S02-10.
    const result = classified({
      messages: [
        `Starting authorizer: q8togz for request: ${ID}`,
        'Authorizer result body before parsing: {"principalId":"user-1","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders"}]}}',
        'Method completed with status: 403',
      ],
    });
    assert.equal(result.cause, 'auth.denied');
    assert.equal(result.confidence, CONFIDENCE.likely);
    assert.equal(result.masked, false);
  });

  it('shows the Deny statement as the evidence of a likely denial, not the start of a long policy', () => {
    // Synthetic: an Allow statement long enough to push the Deny out of an excerpt of the policy's start.
    const allow = `{"Action":"execute-api:Invoke","Effect":"Allow","Resource":["${Array.from({ length: 6 }, (_, i) => `arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders/${i}`).join('","')}"]}`;
    const result = classified({
      messages: [
        `Authorizer result body before parsing: {"principalId":"u1","policyDocument":{"Version":"2012-10-17","Statement":[${allow},{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/DELETE/orders"}]}}`,
        'Method completed with status: 403',
      ],
    });
    assert.equal(result.cause, 'auth.denied');
    assert.match(result.evidence.join(' '), /"Effect":"Deny"/);
  });

  it("reads API Gateway's own refusal after an authorizer's policy as a certain denial", () => {
    // Synthetic, in the shape of the real chalice #971 fixture's last lines.
    const result = classified({
      messages: [
        'Authorizer result body before parsing: {"principalId":"u1","policyDocument":{"Statement":[{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"*"}]}}',
        'Successfully completed authorizer execution',
        'The client is not authorized to perform this operation.',
        'Method completed with status: 403',
      ],
    });
    assert.equal(result.cause, 'auth.denied');
    assert.equal(result.confidence, CONFIDENCE.certain);
  });

  it('reports nothing for an authorizer test whose policy allows every method and denies a few (no method ran, no status)', () => {
    // Synthetic, in the shape of the console's "Test your authorizer" output: a Deny statement applies
    // only to the methods in its Resource, so it says nothing about a request that was never made.
    const evidence = {
      messages: [
        'Starting authorizer: abc123 for request: test-request',
        'Incoming identity: ***xyz',
        'Authorizer result body before parsing: {"principalId":"u1","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/*/*"},{"Action":"execute-api:Invoke","Effect":"Deny","Resource":["arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/DELETE/locations/*"]}]}}',
        'Using valid authorizer policy for principal: ***u1',
        'Successfully completed authorizer execution',
      ],
    };
    assert.equal(classify(request(evidence)), undefined);
  });

  it('reads a timeout while the Lambda authorizer ran as the authorizer failing, not the integration timing out', () => {
    // SYNTHETIC: the integration was never called, so "make the backend faster" would mislead.
    const inAuthorizer = classified({
      messages: [
        'Starting authorizer: abc123 for request: r1',
        'Execution failed due to a timeout error',
        'Method completed with status: 504',
      ],
    });
    assert.equal(inAuthorizer.cause, 'auth.authorizer-error');
    assert.deepEqual(inAuthorizer.evidence, [
      'Starting authorizer: abc123 for request: r1',
      'Execution failed due to a timeout error',
    ]);
    // Past the authorizer, the same words are the integration's.
    const afterIt = classified({
      messages: [
        'Starting authorizer: abc123 for request: r1',
        'Successfully completed authorizer execution',
        'Starting execution for request: r1',
        'Execution failed due to a timeout error',
        'Method completed with status: 504',
      ],
    });
    assert.equal(afterIt.cause, 'timeout.integration');
  });

  it("leaves a 5xx after the method started to the method's own rules, whatever authorizer ran before it", () => {
    const result = classified({
      messages: [
        'Starting authorizer: abc123 for request: r1',
        'Successfully completed authorizer execution',
        'Starting execution for request: r1',
        'Method completed with status: 500',
      ],
    });
    assert.equal(result.cause, 'unknown.server');
  });

  it('leaves a 5xx to the method when an excerpt without its Starting execution line shows the authorizer passed', () => {
    // SYNTHETIC excerpts, as people paste the lines they think matter: the authorizer's success, or a
    // line only the method writes, says the failure came after the authorizer.
    for (const passed of [
      'Successfully completed authorizer execution',
      'Method request body before transformations: {"id":1}',
      'Endpoint response body before transformations: {"statusCode":500,"body":"oops"}',
    ]) {
      const result = classified({
        messages: [
          'Starting authorizer: abc123 for request: r1',
          passed,
          'Method completed with status: 500',
        ],
      });
      assert.notEqual(result.cause, 'auth.authorizer-error', passed);
    }
  });

  it('reads an authorizer test whose whole policy allows nothing as a likely denial, and one cut at 1 KiB as nothing', () => {
    // Synthetic, in the shape of the real SpaceFinder "Test authorizer" fixture: no status, one Deny statement.
    const denyAll =
      'Authorizer result body before parsing: {"principalId":"","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Deny","Resource":["arn:aws:execute-api:us-east-1:123456789012:abc123defg/null/*/*"]}]}}';
    const trail = (policy: string) => ({
      messages: [
        'Starting authorizer: abc123 for request: test-request',
        policy,
        'Successfully completed authorizer execution',
      ],
    });
    const result = classified(trail(denyAll));
    assert.equal(result.cause, 'auth.denied');
    assert.equal(result.confidence, CONFIDENCE.likely);
    // An Allow statement may follow where the execution log cut the policy.
    const cut = `${denyAll.slice(0, 200)} [TRUNCATED]`;
    assert.equal(classify(request(trail(cut))), undefined);
  });

  it("names the backend's 403, not the authorizer's Deny statement, when the request reached the integration", () => {
    // Synthetic: the policy allows GET and denies DELETE; the GET went through and the backend
    // (an HTTP endpoint, or a Lambda proxy's statusCode) answered 403 itself.
    const policy =
      'Authorizer result body before parsing: {"principalId":"u1","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/*"},{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/DELETE/*"}]}}';
    const integrations = [
      [
        'Endpoint request URI: https://backend.example.com/orders',
        'Received response. Status: 403, Integration latency: 25 ms',
        'Endpoint response body before transformations: {"error":"not your order"}',
      ],
      [
        LAMBDA_URI,
        'Received response. Status: 200, Integration latency: 25 ms',
        'Endpoint response body before transformations: {"statusCode":403,"body":"{\\"error\\":\\"not your order\\"}"}',
      ],
    ];
    for (const integration of integrations) {
      const result = classified({
        messages: [
          `Starting authorizer: q8togz for request: ${ID}`,
          policy,
          'Successfully completed authorizer execution',
          ...integration,
          'Successfully completed execution',
          'Method completed with status: 403',
        ],
      });
      assert.equal(result.cause, 'auth.backend');
    }
  });

  it("does not read a Deny statement in the backend's own 403 body as the authorizer's denial", () => {
    const result = classified({
      messages: [
        'Endpoint request URI: https://iam.amazonaws.com/?Action=SimulatePrincipalPolicy',
        'Received response. Status: 403, Integration latency: 20 ms',
        'Endpoint response body before transformations: {"Statement":[{"Effect":"Deny","Action":"*"}]}',
        'Method completed with status: 403',
      ],
    });
    assert.notEqual(result.cause, 'auth.denied');
  });
});

describe('classify: HTTP API statuses', () => {
  it('reads a bare 503 from an HTTP API as its integration timing out', () => {
    // Synthetic HTTP API access line: route key set, no integration status logged.
    const result = classified({
      access: { status: 503, routeKey: 'GET /reports', errorMessage: 'Service Unavailable' },
    });
    assert.equal(result.cause, 'timeout.integration');
    assert.equal(result.confidence, 'likely');
  });

  it("reads a 503 whose integration status is logged as '-' as the integration timing out", () => {
    const result = classified({
      access: { status: 503, routeKey: 'GET /reports', noIntegrationStatus: true },
    });
    assert.equal(result.cause, 'timeout.integration');
  });

  it('does not read an HTTP API 503 as an integration timeout when the logged latency is below the shortest timeout, 50 ms', () => {
    // SYNTHETIC HTTP API lines (README's JSON format with routeKey): an HTTP API's integration timeout
    // is configurable from 50 ms to 30 s, so a wait of a few milliseconds ran out of no timeout.
    const fast: readonly Omit<AccessLogRecord, 'format'>[] = [
      {
        status: 503,
        routeKey: 'GET /reports',
        errorMessage: 'Service Unavailable',
        noIntegrationStatus: true,
        integrationLatencyMs: 7,
        responseLatencyMs: 9,
      },
      {
        status: 503,
        routeKey: 'GET /reports',
        errorMessage: 'Service Unavailable',
        noIntegrationStatus: true,
        responseLatencyMs: 12,
      },
    ];
    for (const access of fast) {
      const result = classified({ access });
      assert.notEqual(result.cause, 'timeout.integration', JSON.stringify(access));
      assert.equal(result.cause, 'server.unavailable', JSON.stringify(access));
    }
    const slow = classified({
      access: { status: 503, routeKey: 'GET /reports', noIntegrationStatus: true, integrationLatencyMs: 50 },
    });
    assert.equal(slow.cause, 'timeout.integration');
    // The whole response took 30 s though the integration's latency reads 0: every logged wait must
    // be short to rule the timeout out.
    const waited = classified({
      access: {
        status: 503,
        routeKey: 'GET /reports',
        noIntegrationStatus: true,
        integrationLatencyMs: 0,
        responseLatencyMs: 30_001,
      },
    });
    assert.equal(waited.cause, 'timeout.integration');
  });

  it('leaves a bare 503 from a format with no integration fields a bare server status, since a backend may have sent it', () => {
    const result = classified({ access: { status: 503, routeKey: 'ANY /api/{proxy+}' } });
    assert.equal(result.cause, 'unknown.server');
  });

  it("advises on an HTTP API's integration timeout with its own limit, 30 s, not only REST's 29 s", () => {
    // HTTP API quotas: maximum integration timeout 30 seconds (awsdocs http-api-quotas); REST: 29 s.
    const result = classified({
      access: { status: 503, routeKey: 'GET /reports', errorMessage: 'Service Unavailable' },
    });
    assert.equal(result.cause, 'timeout.integration');
    assert.match(result.advice, /30 s on HTTP APIs/);
  });

  /**
   * $context.integrationStatus is, for a Lambda proxy integration, "the status code returned from AWS
   * Lambda, not from the backend Lambda function" (HTTP API access-log variables), and an HTTP API
   * passes an HTTP backend's status on unchanged: a 4xx there beside the client's 5xx is Lambda
   * refusing API Gateway's invoke, not the backend answering the caller. SYNTHETIC lines in the shape
   * of a custom HTTP API JSON format logging $context.integrationStatus.
   */
  const lambdaRefusals: readonly { status: number; cause: Cause }[] = [
    { status: 403, cause: 'auth.integration-permission' },
    { status: 404, cause: 'server.configuration' },
    { status: 429, cause: 'limit.backend' },
  ];
  for (const { status, cause } of lambdaRefusals) {
    it(`reads an HTTP API 500 whose $context.integrationStatus is ${status} as Lambda's refusal, ${cause}, not the backend's ${status}`, () => {
      const parsed = parseAccessLine(
        `{"requestId":"${ID}","httpMethod":"GET","routeKey":"GET /orders","status":"500","integrationStatus":"${status}"}`,
      );
      assert.ok(parsed?.ok);
      const result = classify({
        requestId: ID,
        access: parsed.record,
        source: { logGroup: '/aws/apigateway/access' },
      });
      assert.ok(result);
      assert.equal(result.cause, cause);
      assert.doesNotMatch(result.evidence.join(' '), /\(backend\)/);
    });
  }

  /**
   * Review R1's F3 and R3's F1. SYNTHETIC messages: an HTTP API 500 after the integration's 200 and
   * Lambda's 200 with an integration error logged that no phrase rule knows (the phrase rules run
   * first and read the wordings they know). The two 200s still say the function failed or answered
   * badly (likely), and the message, which may say more, is the first evidence.
   */
  for (const message of [
    'Invalid response parameter mapping expression',
    'Integration response of size 10485761 bytes exceeds the 10 MB limit',
    'Internal server error',
    'An error occurred',
  ])
    it(`reads an HTTP API 500 after two 200s with an integration error logged ("${message}") as the function's failure, with the message first in the evidence`, () => {
      const result = classifiedLine(
        `{"requestId":"ANlnRjAmoAMEagQ=","routeKey":"ANY /x","status":"500","integrationStatus":"200","integrationServiceStatus":"200","integrationError":"${message}"}`,
      );
      assert.ok(result);
      assert.equal(result.cause, 'server.function-error');
      assert.equal(result.confidence, 'likely');
      assert.ok(result.evidence[0]?.includes(message), JSON.stringify(result.evidence));
    });

  /**
   * Review R3's F4. SYNTHETIC lines: a bare-status verdict shows the text no rule read, labelled by what
   * the line says it is. A key naming the integration error says so; text appended to a CLF or CSV line
   * has no key, and on a REST line it is usually $context.error.message, so it is only a logged message.
   */
  it('labels unknown words beside a bare status "integration error" only when a key named them so', () => {
    const keyed = classifiedLine(
      '{"requestId":"ANlnRjAmoAMEanQ=","routeKey":"GET /x","status":"500","integrationStatus":"200","integrationErrorMessage":"Something odd happened"}',
    );
    assert.deepEqual(keyed?.evidence, ['status=500', 'integration error: Something odd happened']);
    for (const line of [
      `1.2.3.4 - - [27/Nov/2026:10:00:00 +0000] "GET /items HTTP/1.1" 500 36 ${ID} Xw3QdGq5oAMFZbx= Something odd happened`,
      `1.2.3.4,-,-,27/Nov/2026:10:00:04 +0000,GET,/items,HTTP/1.1,500,12,${ID},Xw3QdGq5oAMFZbx=,Something odd happened`,
    ]) {
      const appended = classifiedLine(line);
      assert.deepEqual(appended?.evidence, ['status=500', 'logged message: Something odd happened'], line);
    }
  });

  it('leaves out an error message that is only the reason phrase of any status the alerts name, a 409 "Conflict" too (SYNTHETIC line)', () => {
    const line = '{"requestId":"r1","resourcePath":"/items","status":"409","errorMessage":"Conflict"}';
    assert.deepEqual(classifiedLine(line)?.evidence, ['status=409'], line);
  });

  it("leaves out text appended to a REST CLF or CSV line that is only the status's default words, as it does an error message (SYNTHETIC lines)", () => {
    for (const line of [
      `1.2.3.4 - - [27/Nov/2026:10:00:00 +0000] "GET /items HTTP/1.1" 500 36 ${ID} Xw3QdGq5oAMFZbx= Internal server error`,
      `1.2.3.4,-,-,27/Nov/2026:10:00:04 +0000,GET,/items,HTTP/1.1,500,12,${ID},Xw3QdGq5oAMFZbx=,Internal server error`,
    ]) {
      assert.deepEqual(classifiedLine(line)?.evidence, ['status=500'], line);
    }
  });

  /**
   * Review R3's F4, third bullet. SYNTHETIC lines: a logged error message ($context.error.message,
   * messageString or a validator's string, read as `errorMessage`) no rule knows the words of is shown
   * beside the bare status as the integration error is, once, and not when it is only the words API
   * Gateway answers that status with by default ("Internal server error" for a Lambda's 500 and 502,
   * per AWS Lambda's "Handling Lambda errors with an API Gateway API"; a status's own reason phrase).
   */
  const REST = `"requestId":"${ID}","resourcePath":"/items","httpMethod":"GET"`;
  for (const [line, evidence] of [
    [
      `{${REST},"status":"500","errorMessage":"Some odd words"}`,
      ['status=500', 'error message: Some odd words'],
    ],
    [
      `{${REST},"status":"418","errorMessage":"Some odd words"}`,
      ['status=418', 'error message: Some odd words'],
    ],
    [
      `{${REST},"status":"500","errorMessage":"Odd words","integrationErrorMessage":"Other odd words"}`,
      ['status=500', 'integration error: Other odd words', 'error message: Odd words'],
    ],
    [
      `{${REST},"status":"500","errorMessage":"Same odd words","integrationErrorMessage":"Same odd words"}`,
      ['status=500', 'integration error: Same odd words'],
    ],
    [`{${REST},"status":"500","errorMessage":"Internal server error"}`, ['status=500']],
    [
      '{"requestId":"ANlnRjAmoAMEanQ=","routeKey":"GET /x","status":"500","errorMessage":"Internal Server Error"}',
      ['status=500'],
    ],
    [`{${REST},"status":"418","errorMessage":"I'm a teapot"}`, ['status=418', "error message: I'm a teapot"]],
  ] as const)
    it(`shows a logged error message no rule read beside the bare status, unless it is the status's default words (${line})`, () => {
      const result = classifiedLine(line);
      assert.ok(result);
      assert.equal(result.confidence, CONFIDENCE.statusOnly, JSON.stringify(result));
      assert.deepEqual(result.evidence, evidence);
    });

  it('removes a secret from a logged error message shown beside the bare status', () => {
    // SYNTHETIC line; the token is invented.
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl';
    const result = classifiedLine(
      `{${REST},"status":"500","errorMessage":"Odd words, Authorization: Bearer ${token}"}`,
    );
    assert.ok(result);
    assert.match(result.evidence[1] ?? '', /^error message: Odd words/);
    assert.doesNotMatch(result.evidence.join(' '), /eyJhbGci|c2lnbmF0dXJl/);
  });

  it('cuts a long logged error message beside the bare status as it cuts other evidence', () => {
    // SYNTHETIC line.
    const long = 'odd '.repeat(100).trim();
    const result = classifiedLine(`{${REST},"status":"500","errorMessage":"${long}"}`);
    assert.ok(result);
    assert.equal(result.evidence[1], clip(`error message: ${long}`));
    assert.ok((result.evidence[1]?.length ?? 0) < long.length);
  });

  it("does not read an HTTP API 500 after two 200s as the function's failure when the integration error names a non-Lambda AWS service", () => {
    // SYNTHETIC line: an AWS service integration (SQS) whose URL the logged integration error names.
    const message = 'Error calling https://sqs.us-east-1.amazonaws.com/123456789012/q: something odd';
    const result = classifiedLine(
      `{"requestId":"ANlnRjAmoAMEagR=","routeKey":"POST /q","status":"500","integrationStatus":"200","integrationServiceStatus":"200","integrationError":"${message}"}`,
    );
    assert.ok(result);
    assert.notEqual(result.cause, 'server.function-error');
  });

  /**
   * Review R1's F4. API Gateway's words for a VPC link id it does not know ("Invalid vpclink id 96czbs
   * referenced in integration", re:Post, in an execution log after "Execution failed due to
   * configuration error: ") in the access log's integration error field, without that lead-in:
   * the integration's setup wherever it is written. SYNTHETIC lines; the HTTP API wording is invented.
   */
  for (const line of [
    `{"requestId":"${ID}","httpMethod":"GET","resourcePath":"/items","status":"500","integrationStatus":"-","integrationError":"Invalid vpclink id 96czbs referenced in integration","responseType":"-"}`,
    '{"requestId":"ANlnRjAmoAMEadQ=","routeKey":"GET /items","status":"503","integrationStatus":"-","integrationError":"VPC link vpclink-abc: Invalid VPC link id, not found","integrationLatency":"-"}',
  ])
    it(`reads an unknown VPC link id in the access log's integration error as the integration's configuration (${line})`, () => {
      const result = classifiedLine(line);
      assert.deepEqual([result?.cause, result?.confidence], ['server.configuration', CONFIDENCE.certain]);
    });

  it("does not read an invalid VPC link id in the backend's own answer as the integration's configuration", () => {
    // Review R3's F2. SYNTHETIC trail: a backend (one that wraps API Gateway's management API) answers
    // 400 with a BadRequestException naming an invalid VPC link id. The words are its answer, not API
    // Gateway's: its own 400 decides.
    const result = classified({
      messages: [
        `Starting execution for request: ${ID}`,
        'HTTP Method: POST, Resource Path: /links',
        'Endpoint request URI: https://backend.example.com/links',
        'Received response. Status: 400, Integration latency: 25 ms',
        'Endpoint response body before transformations: {"message":"BadRequestException: Invalid VPC link id vl-123 for this account"}',
        'Method completed with status: 400',
      ],
    });
    assert.equal(result.cause, 'bad-request.backend');
  });

  it("still reads an unknown VPC link id after the execution log's configuration-error lead-in as the integration's configuration", () => {
    // SYNTHETIC trail around the re:Post wording "Execution failed due to configuration error: Invalid
    // vpclink id 96czbs referenced in integration".
    const result = classified({
      messages: [
        `Starting execution for request: ${ID}`,
        'HTTP Method: GET, Resource Path: /items',
        'Execution failed due to configuration error: Invalid vpclink id 96czbs referenced in integration',
        'Method completed with status: 500',
      ],
    });
    assert.deepEqual([result.cause, result.confidence], ['server.configuration', CONFIDENCE.certain]);
  });

  /**
   * SYNTHETIC lines in AWS's default HTTP API JSON format (requestId, ip, requestTime, httpMethod,
   * routeKey, status, protocol, responseLength), which logs a request no route matched with its
   * route key as `-`: the key still says the API is an HTTP API, since REST formats have no route key.
   * Their request id is one API Gateway made for an HTTP API (16 characters of base64 ending in `=`).
   */
  const unrouted: readonly { name: string; line: string; cause: Cause; id?: string }[] = [
    {
      name: 'a 429 is the gateway throttling it, since no integration could have answered',
      line: '"routeKey":"-","status":"429"',
      cause: 'limit.throttle',
    },
    {
      name: 'a 403 "Forbidden" is a refusal, not an API key (HTTP APIs have none)',
      line: '"routeKey":"-","status":"403","errorMessage":"Forbidden"',
      cause: 'auth.denied',
    },
    {
      name: 'a 503 is no integration timing out, since none was called',
      line: '"routeKey":"-","status":"503","integrationStatus":"-"',
      cause: 'unknown.server',
    },
    {
      name: 'a REST 429 with its resource path logged as `-` stays a bare 429 (a quota or a WAF rate rule answer so too)',
      line: '"resourcePath":"-","status":"429"',
      cause: 'unknown.client',
      id: ID,
    },
  ];
  for (const row of unrouted) {
    it(`with the route key logged as '-', ${row.name}`, () => {
      const parsed = parseAccessLine(
        `{"requestId":"${row.id ?? 'Abc1DEfGhIJKLmN='}","ip":"198.51.100.7","requestTime":"25/Nov/2026:10:00:00 +0000","httpMethod":"GET",${row.line},"protocol":"HTTP/1.1","responseLength":"23"}`,
      );
      assert.ok(parsed?.ok);
      const result = classify({
        requestId: ID,
        access: parsed.record,
        source: { logGroup: '/aws/apigateway/access' },
      });
      assert.equal(result?.cause, row.cause);
    });
  }

  /**
   * A REST stage logging with a format copied from an HTTP API logs `"routeKey":"-"` on every request
   * (REST has no $context.routeKey; real-successes.json's SUCC-serverless-ca-cloudfront-origin-mtls-200
   * is such a line, with a UUID request id, as every REST API's is). SYNTHETIC lines in that fixture's
   * shape: each reads as the same line without the key does, never as an HTTP API's.
   */
  const restCopied: readonly { name: string; fields: string }[] = [
    {
      name: 'a 403 "Forbidden" with no response type',
      fields: '"errorMessage":"Forbidden","errorResponseType":"-","integrationStatus":"-","status":"403"',
    },
    {
      name: 'a 403 that no integration answered',
      fields: '"errorMessage":"-","errorResponseType":"-","integrationStatus":"-","status":"403"',
    },
    {
      name: 'a 429 that no integration answered',
      fields: '"errorMessage":"-","errorResponseType":"-","integrationStatus":"-","status":"429"',
    },
    {
      name: 'a 404 that no integration answered',
      fields: '"errorMessage":"-","errorResponseType":"-","integrationStatus":"-","status":"404"',
    },
    {
      name: 'a 503 with the gateway\'s "Service Unavailable"',
      fields:
        '"errorMessage":"Service Unavailable","errorResponseType":"-","integrationStatus":"-","status":"503"',
    },
    {
      name: 'a 500 beside the backend status 403',
      fields: '"errorMessage":"-","errorResponseType":"-","integrationStatus":"403","status":"500"',
    },
  ];
  const restLine = (routeKey: string, fields: string) => {
    const parsed = parseAccessLine(
      `{"extendedRequestId":"YvEEXF3JrPEFiEw=","httpMethod":"POST","integrationError":"-","ip":"203.0.113.7","protocol":"HTTP/1.1","requestId":"${ID}","requestTime":"25/Nov/2026:10:15:30 +0000",${routeKey}${fields}}`,
    );
    assert.ok(parsed?.ok);
    return classify({ requestId: ID, access: parsed.record, source: { logGroup: '/aws/apigateway/access' } });
  };
  for (const row of restCopied) {
    it(`reads a REST line that logs its route key as '-', ${row.name}, as the same line without the key`, () => {
      const dash = restLine('"routeKey":"-",', row.fields);
      const without = restLine('', row.fields);
      assert.ok(dash && without);
      assert.deepEqual([dash.cause, dash.confidence], [without.cause, without.confidence]);
    });
  }

  /**
   * A REST stage whose format logs every `$context` variable, the HTTP and WebSocket ones too, logs
   * `"eventType": "-"`, `"routeKey": "-"`, `"connectionId": "-"` and `"messageId": "-"` on every request:
   * REST has none of them, and API Gateway writes `-` for a variable with no value. Real-lines.json's
   * SUMO-DOCS-PKIX-PRETTY-PRINTED (SumoLogic/sumologic-documentation:docs/integrations/amazon-aws/api-gateway.md)
   * is such a line, with a UUID request id. SYNTHETIC lines in its shape: each reads as the same line
   * without those keys does, never as a WebSocket or HTTP API's request that matched no route.
   */
  const allVariables = '"eventType":"-","routeKey":"-","connectionId":"-","connectedAt":"-","messageId":"-",';
  const everyVariableLine = (keys: string, fields: string) => {
    const parsed = parseAccessLine(
      `{"requestId":"bf04adbf-eacc-4601-8c14-94605f242e1a","extendedRequestId":"Sca3bFUQgi0EYeA=","identitySourceIp":"198.51.100.7","requestTime":"01/Feb/2024:06:47:49 +0000",${keys}"apiId":"9iljix61i7","stage":"test","integrationError":"-",${fields}}`,
    );
    assert.ok(parsed?.ok);
    return classify({ requestId: ID, access: parsed.record, source: { logGroup: '/aws/apigateway/access' } });
  };
  for (const row of restCopied) {
    it(`reads a REST line that logs every variable, eventType and route key as '-', ${row.name}, as the same line without them`, () => {
      const every = everyVariableLine(allVariables, row.fields);
      const without = everyVariableLine('', row.fields);
      assert.ok(every && without);
      assert.deepEqual([every.cause, every.confidence], [without.cause, without.confidence]);
    });
  }

  /**
   * A placeholder where the request id was (`xxxxxxxx-xxxx-…`, as pages and redactions print one) names
   * no API type: the line reads as the same line without a request id. SYNTHETIC lines in the copied
   * shape above.
   */
  for (const row of restCopied) {
    it(`reads a '-' route key beside a placeholder request id as beside none, ${row.name}`, () => {
      const line = (id: string) => {
        const parsed = parseAccessLine(
          `{"httpMethod":"POST","ip":"203.0.113.7",${id}"requestTime":"25/Nov/2026:10:15:30 +0000","routeKey":"-",${row.fields}}`,
        );
        assert.ok(parsed?.ok);
        return classify({
          requestId: ID,
          access: parsed.record,
          source: { logGroup: '/aws/apigateway/access' },
        });
      };
      const placeholder = line('"requestId":"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",');
      const none = line('');
      assert.ok(placeholder && none);
      assert.deepEqual([placeholder.cause, placeholder.confidence], [none.cause, none.confidence]);
    });
  }

  /**
   * SYNTHETIC: the WebSocket JSON preset line of fixture GH-elastic-websocket-403-no-route (Elastic's
   * test-apigateway-websocket.log: eventType and routeKey '-', no connectionId) with another status and
   * a WebSocket API's request id (Iq9gwFDNoAMFo1A=, line 3 of the same file): beside the fixture's own
   * UUID, a REST API's shape, the line reads as a REST API's. HTTP APIs have no $context.eventType (API Gateway's HTTP API
   * logging variables), so an eventType key, even '-', says the '-' route key is a WebSocket API's,
   * which has usage-plan quotas.
   */
  const webSocketUnrouted: readonly { name: string; status: string; cause: Cause }[] = [
    {
      name: 'a 429 stays a bare 429 (a WebSocket API has usage-plan quotas)',
      status: '429',
      cause: 'unknown.client',
    },
    { name: 'a 404 matched no route', status: '404', cause: 'not-found.route' },
  ];
  for (const row of webSocketUnrouted) {
    it(`with eventType and route key logged as '-' beside a WebSocket request id, ${row.name}`, () => {
      const parsed = parseAccessLine(
        `{"requestId": "Iq9gwFDNoAMFo1A=","ip": "192.0.2.0","caller": "-","user": "-","requestTime": "19/Jul/2023:16:17:17 +0000","eventType": "-","routeKey": "-","status": "${row.status}","connectionId": "-"}`,
      );
      assert.ok(parsed?.ok);
      const result = classify({
        requestId: ID,
        access: parsed.record,
        source: { logGroup: '/aws/apigateway/websocket-access' },
      });
      assert.equal(result?.cause, row.cause);
    });
  }

  it("reads a '-' route key beside an event type (MESSAGE) as a WebSocket route not matched, whatever the request id", () => {
    // SYNTHETIC: the WebSocket preset line above with an event the API named, so the line is a WebSocket
    // API's whatever its id: its '-' route key is no route matched, with a UUID id as with base64.
    const cause = (requestId: string) => {
      const parsed = parseAccessLine(
        `{"requestId": "${requestId}","ip": "192.0.2.0","caller": "-","user": "-","requestTime": "19/Jul/2023:16:17:17 +0000","eventType": "MESSAGE","routeKey": "-","status": "404","connectionId": "Iq9gwFDNoAMCJKw="}`,
      );
      assert.ok(parsed?.ok);
      return classify({
        requestId: ID,
        access: parsed.record,
        source: { logGroup: '/aws/apigateway/websocket-access' },
      })?.cause;
    };
    assert.equal(cause('Iq9gwFDNoAMFo1A='), 'not-found.route');
    assert.equal(cause('177a5660-9b20-4614-b620-51dd4d56fb4c'), 'not-found.route');
  });

  /**
   * A WebSocket format without `eventType` (`requestId`, `routeKey`, `status`, `connectionId`), refused
   * before route selection with a UUID request id, reads as a REST line: the '-' route key is set aside
   * as a REST stage's. It stands because a WebSocket API logs no UUID there: its $context.requestId is
   * "Same as $context.extendedRequestId" (websocket-api-logging), an id API Gateway makes and a caller
   * cannot set, 16 characters of base64 in every real WebSocket line (Elastic's Iq9gwFDNoAMFo1A=, the
   * trail of GH-crosscut-websocket-authorizer-invoke-permission). The one UUID in a WebSocket preset,
   * GH-elastic-websocket-403-no-route, names no API and was logged two minutes after the REST lines of
   * Elastic's test-apigateway-rest.log: no evidence that a WebSocket API wrote it. SYNTHETIC lines in
   * that fixture's shape, its eventType key left out; each reads as the same line without the route key.
   */
  const unroutedUuid: readonly { name: string; fields: string }[] = [
    { name: 'a 429 stays a bare 429, no HTTP API throttle', fields: '"status": "429"' },
    { name: 'a 404 is no unmatched route', fields: '"status": "404"' },
    { name: 'a 403 "Forbidden" is a REST API\'s', fields: '"status": "403","error.message": "Forbidden"' },
  ];
  for (const row of unroutedUuid) {
    it(`reads a '-' route key beside a UUID request id as a REST line's though the format is WebSocket's, ${row.name}`, () => {
      const line = (routeKey: string) => {
        const parsed = parseAccessLine(
          `{"requestId": "177a5660-9b20-4614-b620-51dd4d56fb4c","ip": "192.0.2.0","caller": "-","user": "-","requestTime": "19/Jul/2023:16:17:17 +0000",${routeKey}${row.fields},"connectionId": "-"}`,
        );
        assert.ok(parsed?.ok);
        const request = {
          requestId: ID,
          access: parsed.record,
          source: { logGroup: '/aws/apigateway/websocket-access' },
        };
        const { httpApi, webSocket, noRoute } = factsOf(request);
        return [classify(request)?.cause, httpApi, webSocket, noRoute];
      };
      assert.deepEqual(line('"routeKey": "-",'), line(''));
      assert.deepEqual(line('"routeKey": "-",').slice(1), [false, false, false]);
    });
  }

  /** A SYNTHETIC access line's cause, and whether it reads as an HTTP API's and a WebSocket API's line. */
  const webSocketReading = (text: string) => {
    const parsed = parseAccessLine(text);
    assert.ok(parsed?.ok);
    const request = {
      requestId: ID,
      access: parsed.record,
      source: { logGroup: '/aws/apigateway/websocket-access' },
    };
    const { httpApi, webSocket } = factsOf(request);
    return [classify(request)?.cause, httpApi, webSocket];
  };

  /**
   * A WebSocket format without `eventType` that logs `$context.connectionId`. SYNTHETIC lines in the
   * shape of real-lines.json's GH-elastic-websocket-connect-500 (Elastic's WebSocket JSON preset, its
   * base64 request and connection ids), the eventType key left out and an integration status added.
   * Only WebSocket APIs have $context.connectionId (websocket-api-logging; HTTP APIs' logging variables
   * and REST's have none), and an HTTP API's stage refuses a format naming a variable it lacks
   * (ApiGatewayV2's BadRequestException "The following context variables are not supported",
   * serverless/serverless#7038). So beside a WebSocket request id the key, even as '-', says the line is
   * a WebSocket API's, which has usage-plan quotas and API keys: each line reads as the same line with its
   * event type logged, while without the key it reads as an HTTP API's.
   */
  const CONNECTION = '"connectionId":"Iq8gj1UmIAMCKpA=",';
  const connectionIdRows: readonly { name: string; keys: string; fields: string }[] = [
    { name: "a 429 with the route key '-'", keys: CONNECTION, fields: '"routeKey":"-","status":"429"' },
    {
      name: "a 429 with the route key and the connection id '-'",
      keys: '"connectionId":"-",',
      fields: '"routeKey":"-","status":"429"',
    },
    {
      name: 'a 403 "Forbidden" with the route key \'-\'',
      keys: CONNECTION,
      fields: '"routeKey":"-","status":"403","error.message":"Forbidden"',
    },
    { name: "a 404 with the route key '-'", keys: CONNECTION, fields: '"routeKey":"-","status":"404"' },
    {
      name: "a 429 on a route no integration answered ('-')",
      keys: CONNECTION,
      fields: '"routeKey":"sendmessage","status":"429","integrationStatus":"-"',
    },
    {
      name: "a 403 on a route no integration answered ('-')",
      keys: CONNECTION,
      fields: '"routeKey":"sendmessage","status":"403","integrationStatus":"-"',
    },
    {
      name: "a 503 on a route no integration answered ('-')",
      keys: CONNECTION,
      fields: '"routeKey":"sendmessage","status":"503","integrationStatus":"-"',
    },
  ];
  for (const row of connectionIdRows) {
    it(`reads a connectionId key beside a WebSocket request id as a WebSocket API's line, ${row.name}`, () => {
      const line = (keys: string) =>
        webSocketReading(
          `{"requestId":"Iq9gwFDNoAMFo1A=","ip":"192.0.2.0","caller":"-","user":"-","requestTime":"26/Jul/2023:12:20:46 +0000",${keys}${row.fields}}`,
        );
      assert.deepEqual(line(row.keys), line(`"eventType":"MESSAGE",${row.keys}`));
      assert.deepEqual(line(row.keys).slice(1), [false, true]);
      assert.equal(line('')[1], true, 'without the key the line is an HTTP API format');
    });
  }

  /**
   * The same for an eventType key logged as '-' (a request refused before its event was known) in a
   * format without connectionId. SYNTHETIC: the line of GH-elastic-websocket-403-no-route (Elastic's
   * WebSocket JSON preset) with a WebSocket request id (Iq9gwFDNoAMFo1A=, line 3 of the same file) and
   * its connectionId key left out. HTTP APIs lack $context.eventType as they lack connectionId, so the
   * line is a WebSocket API's, where a bare "Forbidden" decides nothing (a missing API key and a
   * refused caller answer it alike): each reads as the same line with its connectionId key.
   */
  const eventTypeDashRows: readonly { name: string; fields: string }[] = [
    { name: 'a 403 "Forbidden"', fields: '"status":"403","error.message":"Forbidden"' },
    { name: 'a 429', fields: '"status":"429"' },
    { name: 'a 404', fields: '"status":"404"' },
  ];
  for (const row of eventTypeDashRows) {
    it(`reads an eventType key logged as '-' beside a WebSocket request id as a WebSocket API's line, ${row.name}`, () => {
      const line = (keys: string) =>
        webSocketReading(
          `{"requestId": "Iq9gwFDNoAMFo1A=","ip": "192.0.2.0","caller": "-","user": "-","requestTime": "19/Jul/2023:16:17:17 +0000","eventType": "-","routeKey": "-",${keys}${row.fields}}`,
        );
      assert.deepEqual(line(''), line('"connectionId": "-",'));
      assert.deepEqual(line('').slice(1), [false, true]);
    });
  }

  it('keeps a 503 that the backend itself returned as the backend being unavailable', () => {
    const result = classified({ access: { status: 503, routeKey: 'GET /reports', integrationStatus: 503 } });
    assert.equal(result.cause, 'server.unavailable');
  });
});

/** The cause of a status the integration itself answered, with nothing else to read (likely). */
const BACKEND_ANSWERS: readonly { readonly status: number; readonly cause: Cause }[] = [
  { status: 400, cause: 'bad-request.backend' },
  { status: 403, cause: 'auth.backend' },
  { status: 404, cause: 'not-found.backend' },
  { status: 409, cause: 'conflict.state' },
  { status: 429, cause: 'limit.backend' },
  { status: 500, cause: 'server.function-error' },
  { status: 502, cause: 'server.function-error' },
  { status: 503, cause: 'server.unavailable' },
];

/**
 * `$context.integrationStatus` logged alone: a success while the client got an error is Lambda's 200
 * for an invoke whose function chose the error (the parser keeps it as the Lambda service's status).
 * Access records SYNTHETIC, in the shape of the common HTTP API format
 * `{…"status":"$context.status","integrationStatus":"$context.integrationStatus",…}`.
 */
describe('classify: an invoke that succeeded while the client got an error', () => {
  // A 502 after Lambda's 200 has its own rule (the function errored or its answer could not be mapped).
  for (const { status, cause } of BACKEND_ANSWERS.filter((row) => row.status !== 502)) {
    it(`reads a ${status} after a successful invoke as the function's own answer, ${cause}, likely`, () => {
      const result = classified({
        access: { status, routeKey: 'POST /orders', integrationServiceStatus: 200 },
      });
      assert.equal(result.cause, cause);
      assert.equal(result.confidence, 'likely');
      assert.match(result.evidence[0] ?? '', /integrationStatus=200: the invoke succeeded/);
    });
  }

  it("reads the gateway's generic Internal Server Error after a successful invoke as the function failing", () => {
    const result = classified({
      access: {
        status: 500,
        routeKey: 'POST /orders',
        errorMessage: 'Internal Server Error',
        integrationServiceStatus: 200,
      },
    });
    assert.deepEqual([result.cause, result.confidence], ['server.function-error', 'likely']);
  });

  it("lets the gateway's own words decide over the successful invoke", () => {
    const result = classified({
      access: {
        status: 500,
        routeKey: 'POST /orders',
        integrationServiceStatus: 200,
        integrationError:
          "The response from the Lambda function doesn't match the format that API Gateway expects.",
      },
    });
    assert.equal(result.cause, 'server.bad-response');
  });

  it('says nothing of the function when the gateway named a response type of its own', () => {
    const result = classified({
      access: {
        status: 403,
        resourcePath: '/orders',
        responseType: 'DEFAULT_4XX',
        integrationServiceStatus: 200,
      },
    });
    assert.doesNotMatch(result.evidence.join(' '), /the invoke succeeded/);
  });

  it('finds no failure in a success after a successful invoke', () => {
    assert.equal(
      classify(request({ access: { status: 200, routeKey: 'POST /orders', integrationServiceStatus: 200 } })),
      undefined,
    );
  });
});

/**
 * `$context.integrationErrorMessage` is API Gateway's own account of its call to the integration:
 * AWS's Knowledge Center (api-gateway-http-lambda-integrations) quotes the IAM-role message below as
 * what an HTTP API logs when it may not invoke the function, and a function's own error reaches the
 * field only behind API Gateway's lead-in ("The Lambda function returned the following error: …").
 * So a message in API Gateway's words beside a successful invoke (integrationStatus 2xx) still names
 * the cause, only likely as the two disagree, and never leaves the line weaker (status-only) than the
 * same line without it. Access lines SYNTHETIC, in the shape of the common HTTP API JSON format.
 */
describe("classify: API Gateway's own integration error message beside the integration's status", () => {
  const IAM_ROLE =
    "The IAM role configured on the integration or API Gateway doesn't have permissions to call the integration. Check the permissions and try again.";
  const ROWS: readonly {
    readonly message: string | undefined;
    readonly statuses: readonly (string | undefined)[];
    readonly verdict: readonly [Cause, Confidence];
  }[] = [
    { message: IAM_ROLE, statuses: ['-', undefined], verdict: ['auth.integration-permission', 'certain'] },
    { message: IAM_ROLE, statuses: ['200'], verdict: ['auth.integration-permission', 'likely'] },
    {
      message: 'Execution failed due to configuration error: Invalid permissions on Lambda function',
      statuses: ['200'],
      verdict: ['auth.integration-permission', 'likely'],
    },
    // Lambda's 403 in API Gateway's words, no body naming why: the invoke request API Gateway was
    // configured to build (test/unit/core/logging-levels.test.ts), only likely.
    {
      message: 'Lambda invocation failed with status: 403',
      statuses: ['200'],
      verdict: ['server.configuration', 'likely'],
    },
    {
      message: 'Lambda invocation failed with status: 404',
      statuses: ['200'],
      verdict: ['server.configuration', 'likely'],
    },
    {
      message: 'Lambda invocation failed with status: 413',
      statuses: ['200'],
      verdict: ['bad-request.too-large', 'likely'],
    },
    {
      message: 'Network error communicating with endpoint',
      statuses: ['200'],
      verdict: ['network.unreachable', 'likely'],
    },
    // Names nothing: the successful invoke decides, as without the message.
    { message: 'Internal server error', statuses: ['200'], verdict: ['server.function-error', 'likely'] },
    { message: undefined, statuses: ['200'], verdict: ['server.function-error', 'likely'] },
    // The function's own error, in API Gateway's lead-in, stays the function's.
    {
      message:
        'The Lambda function returned the following error: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/orders-role/orders is not authorized to perform: dynamodb:GetItem. Check your Lambda function code and try again.',
      statuses: ['200'],
      verdict: ['server.function-error', 'certain'],
    },
  ];
  for (const { message, statuses, verdict } of ROWS) {
    for (const integrationStatus of statuses) {
      for (const routeKey of ['GET /orders', undefined]) {
        const line = JSON.stringify({
          requestId: 'r-1',
          ...(routeKey !== undefined && { routeKey }),
          status: '500',
          ...(integrationStatus !== undefined && { integrationStatus }),
          ...(message !== undefined && { integrationErrorMessage: message }),
        });
        const api = routeKey === undefined ? 'a line with no route key' : 'an HTTP API line';
        const said = message === undefined ? 'no message' : `"${message.slice(0, 50)}…"`;
        it(`reads status 500, integrationStatus ${integrationStatus ?? 'not logged'} and ${said} in ${api} as ${verdict.join(', ')}`, () => {
          const result = classifiedLine(line);
          assert.deepEqual([result?.cause, result?.confidence], verdict);
        });
      }
    }
  }

  it("reads API Gateway's own message in $context.error.message beside a successful invoke too", () => {
    const result = classifiedLine(
      JSON.stringify({ requestId: 'r-1', status: '500', integrationStatus: '200', errorMessage: IAM_ROLE }),
    );
    assert.deepEqual([result?.cause, result?.confidence], ['auth.integration-permission', 'likely']);
  });

  it("keeps the function's own error in $context.error.message the function's, behind API Gateway's lead-in", () => {
    const result = classifiedLine(
      JSON.stringify({
        requestId: 'r-1',
        status: '500',
        integrationStatus: '200',
        errorMessage:
          'The Lambda function returned the following error: AccessDeniedException. Check your Lambda function code and try again.',
      }),
    );
    assert.equal(result?.cause, 'server.function-error');
  });

  // API Gateway refuses a caller before it calls the integration: beside a successful invoke these
  // words are not its refusal of this request (README: "So did words of API Gateway's own refusals
  // of a caller"), whichever field holds them. The lines stay as they were read before such words
  // counted there: only the status is known.
  const REFUSALS: readonly (readonly [status: string, message: string, refusal: Cause])[] = [
    ['429', 'Too Many Requests', 'limit.throttle'],
    ['429', 'Limit Exceeded', 'limit.quota'],
    ['403', 'The security token included in the request is invalid.', 'auth.signature'],
    ['403', 'Signature expired: 20190101T000000Z is now earlier than 20190101T000500Z', 'auth.signature'],
    [
      '403',
      'User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/orders',
      'auth.denied',
    ],
    ['403', 'Invalid API Key identifier specified', 'auth.api-key'],
    ['400', 'Invalid request body', 'bad-request.body'],
    ['400', 'Missing required request parameters: [id]', 'bad-request.parameters'],
  ];
  for (const [status, message, refusal] of REFUSALS) {
    for (const field of ['errorMessage', 'integrationErrorMessage']) {
      it(`does not read "${message.slice(0, 40)}" in ${field} beside integrationStatus 200 as API Gateway's refusal (${refusal})`, () => {
        const result = classifiedLine(
          JSON.stringify({ requestId: 'r-1', status, integrationStatus: '200', [field]: message }),
        );
        assert.notEqual(result?.cause, refusal);
        assert.deepEqual([result?.cause, result?.confidence], ['unknown.client', 'status-only']);
      });
    }
  }

  // SYNTHETIC messages. Beside a successful invoke only API Gateway's own wording in its fields names
  // a cause: a runtime's or a library's error name (Node's getaddrinfo, Java's UnknownHostException,
  // an AWS SDK's exception) is never what API Gateway writes there, so the line reads as the same line
  // without the message does (the function's failure), as it did before such messages counted.
  const NOT_GATEWAYS_WORDS: readonly (readonly [message: string, wouldBe: Cause])[] = [
    ['getaddrinfo ENOTFOUND db.internal', 'network.unreachable'],
    ['connect ECONNREFUSED 10.0.1.12:5432', 'network.unreachable'],
    ['read ECONNRESET', 'network.unreachable'],
    ['java.net.UnknownHostException: db.internal: Name or service not known', 'network.unreachable'],
    [
      'javax.net.ssl.SSLHandshakeException: PKIX path building failed: unable to find valid certification path to requested target',
      'network.unreachable',
    ],
    [
      'AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/orders-role/orders is not authorized to perform: dynamodb:GetItem',
      'auth.integration-permission',
    ],
    ['ResourceNotFoundException: Cannot do operations on a non-existent table', 'server.configuration'],
    ['Function not found: arn:aws:lambda:us-east-1:123456789012:function:billing', 'server.configuration'],
    [
      'RequestTooLargeException: Request must be smaller than 6291456 bytes for the InvokeFunction operation',
      'bad-request.too-large',
    ],
  ];
  for (const [message, wouldBe] of NOT_GATEWAYS_WORDS) {
    for (const field of ['integrationErrorMessage', 'errorMessage']) {
      it(`reads "${message.slice(0, 40)}…" in ${field} beside integrationStatus 200 as the function's failure, not ${wouldBe} (SYNTHETIC)`, () => {
        const line = { requestId: 'r-1', routeKey: 'GET /orders', status: '502', integrationStatus: '200' };
        const without = classifiedLine(JSON.stringify(line));
        const result = classifiedLine(JSON.stringify({ ...line, [field]: message }));
        assert.notEqual(result?.cause, wouldBe);
        assert.deepEqual([result?.cause, result?.confidence], [without?.cause, without?.confidence]);
      });
    }
  }

  // API Gateway's own words for its call to an HTTP or VPC-link integration, as its execution logs
  // and $context.integration.error print them (AWS Knowledge Center api-gateway-500-error-vpc; the
  // PKIX line of fixture SO3-KC-SSL-SELFSIGNED-PKIX), keep naming the network beside a 200.
  // Access lines SYNTHETIC.
  const GATEWAYS_NETWORK_WORDS = [
    'Network error communicating with endpoint',
    'Execution failed due to configuration error: There was an internal error while executing your request',
    "Execution failed due to configuration error: Host name 'domain.com.com' does not match the certificate subject provided by the peer (CN=myinstance.com)",
    'Execution failed due to configuration error: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
  ];
  for (const message of GATEWAYS_NETWORK_WORDS) {
    for (const field of ['integrationErrorMessage', 'errorMessage']) {
      it(`still reads API Gateway's "${message.slice(0, 60)}…" in ${field} beside integrationStatus 200 as the network, likely (SYNTHETIC line)`, () => {
        const result = classifiedLine(
          JSON.stringify({ requestId: 'r-1', status: '502', integrationStatus: '200', [field]: message }),
        );
        assert.deepEqual([result?.cause, result?.confidence], ['network.unreachable', 'likely']);
      });
    }
  }
});

/**
 * On a REST API every error API Gateway answers itself is a gateway response with a type, an
 * unspecified one DEFAULT_4XX or DEFAULT_5XX (API Gateway developer guide, "Gateway response types
 * for API Gateway"), so a status whose `$context.error.responseType` is logged as `-` is the
 * integration's, passed on or mapped. Access records SYNTHETIC, in the shape of the Logs Insights
 * rows of real-lines.json's AZUL-7940 and AZUL-7660 (`error_responseType`, `status`, `latency`).
 */
describe('classify: a REST status sent with no gateway response (response type logged as -)', () => {
  for (const { status, cause } of BACKEND_ANSWERS) {
    it(`reads a ${status} with no gateway response as the integration's own answer, ${cause}, likely`, () => {
      const result = classified({ access: { status, resourcePath: '/files', noResponseType: true } });
      assert.deepEqual([result.cause, result.confidence], [cause, 'likely']);
      assert.match(result.evidence[0] ?? '', /responseType '-'/);
    });
  }

  it('reads it so from the access line itself', () => {
    const result = classifiedLine(
      '{"sourceIp":"203.0.113.9","method":"GET","path_str":"/files","error_responseType":"-","status":"503","latency":"7291"}',
    );
    assert.deepEqual([result?.cause, result?.confidence], ['server.unavailable', 'likely']);
  });

  it('reads it so from a REST CLF preset with "$context.error.messageString" $context.error.responseType appended', () => {
    const result = classifiedLine(
      `203.0.113.9 - - [25/Nov/2026:10:15:30 +0000] "GET /files HTTP/1.1" 503 36 ${ID} Abc1DEfGhIJKLmN= "-" -`,
    );
    assert.deepEqual([result?.cause, result?.confidence], ['server.unavailable', 'likely']);
  });

  it('keeps the bare status when the line also says no integration answered (a MOCK, or a failure before the call)', () => {
    const result = classified({
      access: { status: 500, resourcePath: '/files', noResponseType: true, noIntegrationStatus: true },
    });
    assert.deepEqual([result.cause, result.confidence], ['unknown.server', 'status-only']);
  });

  it('keeps the bare status on an HTTP or WebSocket API, which has no gateway responses to customise', () => {
    for (const access of [
      { status: 500, routeKey: 'GET /files', noResponseType: true },
      { status: 500, routeKey: '$connect', httpMethod: 'CONNECT', noResponseType: true },
    ] as const) {
      assert.equal(classified({ access }).cause, 'unknown.server');
    }
  });

  it("keeps the bare status beside the gateway's own error message, which only a gateway response carries", () => {
    // SYNTHETIC: a REST line whose message says API Gateway answered, and an HTTP API's Logs Insights
    // row (no request id, no route key) with its own "Internal Server Error" and a '-' response type.
    for (const line of [
      `{"requestId":"${ID}","status":"500","errorMessage":"Internal server error","errorResponseType":"-","resourcePath":"/files"}`,
      '{"path":"/files","status":"500","error_message":"Internal Server Error","error_responseType":"-"}',
    ]) {
      const parsed = parseAccessLine(line);
      assert.ok(parsed?.ok);
      const result = classify({
        requestId: ID,
        access: parsed.record,
        source: { logGroup: '/aws/apigateway/access' },
      });
      assert.deepEqual([result?.cause, result?.confidence], ['unknown.server', 'status-only'], line);
    }
  });

  it('keeps the bare status when the format logs no response type at all', () => {
    assert.equal(classified({ access: { status: 503, resourcePath: '/files' } }).cause, 'unknown.server');
  });

  it("does not read it as an integration's answer beside a resource path logged as '-': no resource matched, so none was called (SYNTHETIC)", () => {
    const result = classified({ access: { status: 404, noRoute: true, noResponseType: true } });
    assert.equal(result.cause, 'not-found.route');
  });

  it("keeps the bare status beside Lambda's own error status: the invoke failed, so no function answered (SYNTHETIC)", () => {
    const result = classified({
      access: { status: 502, resourcePath: '/files', integrationServiceStatus: 502, noResponseType: true },
    });
    assert.deepEqual([result.cause, result.confidence], ['unknown.server', 'status-only']);
  });

  it('keeps the bare status beside an integration error message, which says the integration failed (SYNTHETIC)', () => {
    const result = classified({
      access: { status: 500, resourcePath: '/files', integrationError: 'boom', noResponseType: true },
    });
    assert.deepEqual([result.cause, result.confidence], ['unknown.server', 'status-only']);
  });
});

/**
 * Real wordings found in published material (an error-text audit); the records are SYNTHETIC, the
 * texts as published (public code search ids 62047811020 and 10882544894 in the project's search index).
 */
/**
 * The enhanced observability variables' phases (authenticate, authorizer, authorize), each with its
 * own status; access records SYNTHETIC, in the phases' documented meaning.
 */
describe('classify: the phase that refused the caller', () => {
  const cases: readonly {
    readonly name: string;
    readonly access: Omit<AccessLogRecord, 'format'>;
    readonly cause: Cause;
    readonly confidence: string;
  }[] = [
    {
      name: 'an IAM caller whose credentials verified but whose policy does not allow the call is denied',
      access: { status: 403, authenticateStatus: 200, authorizeStatus: 403 },
      cause: 'auth.denied',
      confidence: 'certain',
    },
    {
      name: "a Lambda authorizer's Deny, refused in the authorize phase, is denied",
      access: { status: 403, authorizerStatus: 200, authorizeStatus: 403 },
      cause: 'auth.denied',
      confidence: 'certain',
    },
    {
      name: 'an IAM caller whose signed credentials did not verify is likely a signature problem',
      access: { status: 403, authenticateStatus: 403 },
      cause: 'auth.signature',
      confidence: 'likely',
    },
    {
      name: 'an authorizer that answered 401 left the caller unauthenticated',
      access: { status: 401, authorizerStatus: 401 },
      cause: 'auth.unauthenticated',
      confidence: 'certain',
    },
    {
      name: 'an authorizer that answered 403 denied the caller',
      access: { status: 403, authorizerStatus: 403 },
      cause: 'auth.denied',
      confidence: 'certain',
    },
  ];
  for (const { name, access, cause, confidence } of cases) {
    it(`reads ${name}`, () => {
      const result = classified({
        access: { resourcePath: '/orders', noIntegrationStatus: true, ...access },
      });
      assert.deepEqual([result.cause, result.confidence], [cause, confidence]);
    });
  }

  it("reads Missing Authentication Token after IAM's authenticate phase refused as an unsigned request, not a wrong path", () => {
    const result = classified({
      access: {
        status: 403,
        resourcePath: '/orders',
        responseType: 'MISSING_AUTHENTICATION_TOKEN',
        errorMessage: 'Missing Authentication Token',
        authenticateStatus: 403,
      },
    });
    assert.deepEqual([result.cause, result.confidence], ['auth.signature', 'likely']);
    const withoutPhase = classified({
      access: {
        status: 403,
        responseType: 'MISSING_AUTHENTICATION_TOKEN',
        errorMessage: 'Missing Authentication Token',
      },
    });
    assert.equal(withoutPhase.cause, 'not-found.route');
  });

  it('reads Missing Authentication Token after the authenticate phase refused as unsigned in a format without the response type too', () => {
    // SYNTHETIC values in the shape of published REST formats that log $context.error.message (or
    // only $context.authenticate.error) beside $context.authenticate.status, but no error.responseType.
    const byMessage = classified({
      access: {
        status: 403,
        resourcePath: '/orders',
        errorMessage: 'Missing Authentication Token',
        authenticateStatus: 403,
        noIntegrationStatus: true,
      },
    });
    assert.deepEqual([byMessage.cause, byMessage.confidence], ['auth.signature', 'likely']);
    const byPhaseError = classified({
      access: {
        status: 403,
        resourcePath: '/orders',
        authorizerError: 'Missing Authentication Token',
        authenticateStatus: 403,
        noIntegrationStatus: true,
      },
    });
    assert.deepEqual([byPhaseError.cause, byPhaseError.confidence], ['auth.signature', 'likely']);
    const withoutPhase = classified({
      access: { status: 403, resourcePath: '/orders', errorMessage: 'Missing Authentication Token' },
    });
    assert.equal(withoutPhase.cause, 'not-found.route');
  });

  it('leaves a 403 the backend answered to the backend, whatever the phases before it said', () => {
    const result = classified({
      access: {
        status: 403,
        resourcePath: '/orders',
        authenticateStatus: 200,
        authorizeStatus: 200,
        integrationStatus: 403,
      },
    });
    assert.equal(result.cause, 'auth.backend');
  });

  it("reads a phase's own 5xx as the authorizer stage failing", () => {
    const result = classified({ access: { status: 500, resourcePath: '/orders', authorizeStatus: 500 } });
    assert.deepEqual([result.cause, result.evidence], ['auth.authorizer-error', ['authorize.status=500']]);
  });

  // SYNTHETIC: a 401 is API Gateway's UNAUTHORIZED answer (the caller is not authenticated), whichever
  // phase logged it; ACCESS_DENIED is a 403. Before the phases were read apart this line was
  // auth.unauthenticated; a 401 must never be called a certain denial.
  it('reads a 401 the authorize phase answered as unauthenticated, not denied', () => {
    const result = classified({
      access: { status: 401, resourcePath: '/orders', noIntegrationStatus: true, authorizeStatus: 401 },
    });
    assert.deepEqual([result.cause, result.masked], ['auth.unauthenticated', false]);
  });

  // SYNTHETIC record; the message is the wording IAM answers a SigV4 request without its date
  // header. `authenticate.error` is parsed into authorizerError, so the generic "authorizer answered
  // with an error" rule used to decide first and call the IAM refusal a denial.
  it("lets the authenticate phase's status name a refusal whose error text no signature phrase knows", () => {
    const result = classified({
      access: {
        status: 403,
        resourcePath: '/orders',
        noIntegrationStatus: true,
        authenticateStatus: 403,
        authorizerError:
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      },
    });
    assert.deepEqual([result.cause, result.confidence], ['auth.signature', 'likely']);
  });

  // SYNTHETIC record; the message is the Cognito authorizer's wording for an expired token. The one
  // error field the three phases share is read by the phrases first, as the README says.
  it("lets a known phrase in the phases' error field name the cause before the phase's status", () => {
    const result = classified({
      access: {
        status: 403,
        resourcePath: '/orders',
        noIntegrationStatus: true,
        authorizerStatus: 403,
        authorizerError: 'The incoming token has expired',
      },
    });
    assert.deepEqual([result.cause, result.confidence], ['auth.unauthenticated', 'certain']);
  });

  // SYNTHETIC: the access-only shortcut for a plain success must read the phases' statuses as the
  // full rules do, so the same access line is judged alike with or without a trail beside it.
  for (const phase of ['authorizerStatus', 'authenticateStatus', 'authorizeStatus'] as const) {
    it(`judges a 2xx with ${phase} 500 alike with and without an execution trail`, () => {
      const access = { status: 200, resourcePath: '/orders', [phase]: 500 };
      const alone = classify(request({ access }));
      const withTrail = classify(request({ access, messages: ['Method request path: {}'] }));
      assert.deepEqual([alone?.cause, alone?.evidence], [withTrail?.cause, withTrail?.evidence]);
      assert.equal(alone?.cause, 'auth.authorizer-error');
    });
  }
});

/** Lambda's own status for an invoke the function never answered; access records SYNTHETIC. */
describe("classify: Lambda's refusal of the invoke, read from its status", () => {
  const cases: readonly { readonly status: number; readonly cause: Cause }[] = [
    { status: 403, cause: 'auth.integration-permission' },
    { status: 404, cause: 'server.configuration' },
    { status: 409, cause: 'server.unavailable' },
    { status: 413, cause: 'bad-request.too-large' },
    { status: 415, cause: 'bad-request.media-type' },
    { status: 500, cause: 'server.unavailable' },
    { status: 503, cause: 'server.unavailable' },
  ];
  for (const { status, cause } of cases) {
    it(`reads Lambda's ${status} for an invoke the function did not answer as ${cause}, likely`, () => {
      const result = classified({
        access: {
          status: 500,
          resourcePath: '/orders',
          noIntegrationStatus: true,
          integrationServiceStatus: status,
        },
      });
      assert.deepEqual([result.cause, result.confidence], [cause, 'likely']);
    });
  }

  it("advises on Lambda's own failure without claiming the backend answered 503", () => {
    const result = classified({
      access: {
        status: 500,
        resourcePath: '/orders',
        noIntegrationStatus: true,
        integrationServiceStatus: 500,
      },
    });
    assert.equal(result.cause, 'server.unavailable');
    assert.match(result.advice, /Lambda failed the invoke itself/);
    assert.doesNotMatch(result.advice, /^The backend answered 503/);
  });

  it("leaves a client error beside Lambda's status to the rules for the backend: a non-proxy integration maps statuses", () => {
    const result = classified({
      access: {
        status: 400,
        resourcePath: '/orders',
        noIntegrationStatus: true,
        integrationServiceStatus: 404,
      },
    });
    assert.notEqual(result.cause, 'server.configuration');
  });

  it('reads a status logged the same in both integration fields as the backend answering it', () => {
    const result = classified({
      access: { status: 409, resourcePath: '/orders', integrationStatus: 409, integrationServiceStatus: 409 },
    });
    assert.deepEqual([result.cause, result.confidence], ['conflict.state', 'certain']);
  });

  it("lets a phrase in the logs name Lambda's refusal more precisely than its status", () => {
    const result = classified({
      access: {
        status: 500,
        resourcePath: '/orders',
        noIntegrationStatus: true,
        integrationServiceStatus: 502,
        integrationError:
          'Lambda was not able to create an ENI in the VPC of the Lambda function because the limit for Network Interfaces has been reached. ENILimitReachedException',
      },
    });
    assert.equal(result.cause, 'server.configuration');
  });
});

describe("classify: API Gateway's 'Lambda invocation failed with status: N' is Lambda's own status for the invoke", () => {
  // SYNTHETIC trails: API Gateway's phrase as real trails write it (fixtures
  // KC-lambda-template-invoke-error-403 and GH-k1k7gu3ct7-lambda-throttled; without the colon as in
  // SWEEP2-jotform-blog-invoke-400-could-not-parse-wrapped), with no body naming Lambda's exception,
  // then the 500 the client got; with and without the Lambda endpoint line before it.
  const trails = (status: number): readonly (readonly string[])[] => [
    [
      `Lambda invocation failed with status: ${status}. Lambda request id: 1f0c`,
      'Method completed with status: 500',
    ],
    [
      LAMBDA_URI,
      `Lambda invocation failed with status: ${status}. Lambda request id: 1f0c`,
      'Method completed with status: 500',
    ],
    [`Lambda invocation failed with status ${status}`, 'Method completed with status: 500'],
  ];
  // The Invoke API's statuses (Lambda API reference, Invoke, Errors) that name one cause. Lambda's 403
  // stated so is the invoke request API Gateway was configured to build (AWS's Knowledge Center
  // api-gateway-lambda-template-invoke-error), not the invoke permission it lacks, which API Gateway
  // logs as "Invalid permissions on Lambda function" (test/unit/core/logging-levels.test.ts).
  const named: readonly { readonly status: number; readonly cause: Cause }[] = [
    { status: 403, cause: 'server.configuration' },
    { status: 404, cause: 'server.configuration' },
    { status: 409, cause: 'server.unavailable' },
    { status: 413, cause: 'bad-request.too-large' },
    { status: 415, cause: 'bad-request.media-type' },
    { status: 429, cause: 'limit.backend' },
    { status: 500, cause: 'server.unavailable' },
    { status: 502, cause: 'server.configuration' },
    { status: 503, cause: 'server.unavailable' },
  ];
  for (const { status, cause } of named) {
    it(`reads Lambda's ${status} stated by API Gateway, with no exception named, as ${cause}`, () => {
      for (const messages of trails(status)) {
        const result = classified({ messages });
        assert.equal(result.cause, cause, messages.join(' | '));
        // The client got a 500: masked unless the cause is a server error too.
        assert.equal(result.masked, !cause.startsWith('server.'));
      }
    });
  }

  // A REST access format logging `$context.integrationStatus`, for a Lambda proxy "the status code
  // returned from AWS Lambda, not from the backend Lambda function code" (API Gateway's REST variable
  // reference): for a refused invoke it is the status the phrase states. SYNTHETIC line in the shape
  // of the common JSON formats.
  for (const { status, cause } of named) {
    it(`reads Lambda's ${status} stated by API Gateway as ${cause} beside an access line whose integrationStatus is that ${status}`, () => {
      const parsed = parseAccessLine(
        `{"requestId":"${ID}","httpMethod":"POST","resourcePath":"/orders","status":"500","integrationStatus":"${status}"}`,
      );
      assert.ok(parsed?.ok);
      const messages = [
        `Lambda invocation failed with status: ${status}. Lambda request id: 1f0c`,
        'Method completed with status: 500',
      ];
      const result = classify({
        requestId: ID,
        access: parsed.record,
        execution: { requestId: ID, messages, apiId: 'abc123defg', stage: 'prod' },
        source: { logGroup: '/aws/apigateway/access' },
      });
      assert.equal(result?.cause, cause);
    });
  }

  it("leaves Lambda's 400, 408 and 410 bare: each stands for Invoke errors of different causes, or none the taxonomy has", () => {
    for (const status of [400, 408, 410]) {
      for (const messages of trails(status)) {
        const result = classified({ messages });
        assert.deepEqual(
          [result.cause, result.confidence],
          ['unknown.server', 'status-only'],
          messages.join(' | '),
        );
      }
    }
  });

  it("gives Lambda's status from the phrase as the evidence, not an access-log field that was never read", () => {
    const result = classified({
      messages: [
        'Lambda invocation failed with status: 409. Lambda request id: 1f0c',
        'Method completed with status: 500',
      ],
    });
    assert.deepEqual([result.cause, result.confidence], ['server.unavailable', 'likely']);
    assert.match(result.evidence[0] ?? '', /^Lambda invocation failed with status: 409/);
    assert.doesNotMatch(result.evidence.join(' '), /integration\.integrationStatus/);
  });

  it("keeps the phrase and Lambda's own words as a throttle's evidence", () => {
    // SYNTHETIC, in the shape of fixture GH-k1k7gu3ct7-lambda-throttled.
    const result = classified({
      messages: [
        'Lambda invocation failed with status: 429. Lambda request id: 1f0c',
        'Execution failed due to configuration error: Rate Exceeded.',
        'Method completed with status: 500',
      ],
    });
    assert.deepEqual([result.cause, result.confidence], ['limit.backend', 'certain']);
    assert.deepEqual(result.evidence, [
      'Lambda invocation failed with status: 429. Lambda request id: 1f0c',
      'Execution failed due to configuration error: Rate Exceeded.',
    ]);
  });

  it("reads the status from the phrase only when neither the access log nor a Lambda endpoint's answer gave one", () => {
    // SYNTHETIC: the phrase's number differs from the better source's, to show which one is read.
    const phrase = 'Lambda invocation failed with status: 409. Lambda request id: 1f0c';
    const alone = factsOf(request({ messages: [phrase] }));
    assert.equal(alone.serviceStatus, 409);
    const received = factsOf(
      request({
        messages: [LAMBDA_URI, 'Received response. Status: 503, Integration latency: 12 ms', phrase],
      }),
    );
    assert.equal(received.serviceStatus, 503);
    const logged = factsOf(
      request({ access: { status: 500, integrationServiceStatus: 429 }, messages: [phrase] }),
    );
    assert.equal(logged.serviceStatus, 429);
  });

  it("does not read the phrase quoted in a function's own error as Lambda's status: the function ran", () => {
    // SYNTHETIC: a function that invoked another function and threw with the phrase in its message.
    const messages = [
      LAMBDA_URI,
      'Lambda execution failed with status 200 due to customer function error: Lambda invocation failed with status: 404. Lambda request id: 1f0c',
      'Method completed with status: 502',
    ];
    assert.notEqual(factsOf(request({ messages })).serviceStatus, 404);
    assert.equal(classified({ messages }).cause, 'server.function-error');
  });

  it("leaves a function's own error, Lambda's status 200 with X-Amz-Function-Error, a function error", () => {
    // SYNTHETIC, in the shape of fixture GH-miniaws-console-context-succeed-502 (a function that threw).
    const result = classified({
      messages: [
        LAMBDA_URI,
        'Received response. Status: 200, Integration latency: 25 ms',
        'Endpoint response headers: {Date=Wed, 25 Nov 2026 10:00:00 GMT, Content-Type=application/json, X-Amz-Function-Error=Unhandled}',
        'Endpoint response body before transformations: {"errorType":"TypeError","errorMessage":"boom"}',
        'Lambda execution failed with status 200 due to customer function error: boom. Lambda request id: 1f0c',
        'Method completed with status: 502',
      ],
    });
    assert.deepEqual([result.cause, result.masked], ['server.function-error', false]);
  });
});

describe("classify: the request validator's own account of a bad body", () => {
  // $context.error.validationErrorString values as API Gateway's validator writes them; records SYNTHETIC.
  for (const text of [
    '[object has missing required properties (["name","age"])]',
    '[instance type (string) does not match any allowed primitive type (allowed: ["integer"])]',
    '[object instance has properties which are not allowed by the schema: ["nickname"]]',
    '[instance value ("blue") not found in enum (possible values: ["red","green"])]',
    '[ECMA 262 regex "^[0-9]{5}$" does not match input string "12a45"]',
    '[numeric instance is greater than the required maximum (maximum: 10, found: 12)]',
  ]) {
    it(`reads "${text.slice(0, 40)}…" as the body failing its model`, () => {
      const result = classified({ access: { status: 400, resourcePath: '/users', errorMessage: text } });
      assert.equal(result.cause, 'bad-request.body');
    });
  }

  it("does not blame the caller for the same library's words in a function's own error", () => {
    const result = classified({
      messages: [
        'Received response. Status: 200, Integration latency: 45 ms',
        'Lambda execution failed with status 200 due to customer function error: config.json: object has missing required properties (["tableName"]). Lambda request id: 1',
        'Method completed with status: 502',
      ],
    });
    assert.equal(result.cause, 'server.function-error');
  });

  it('does not read them in an error a backend answered', () => {
    const result = classified({
      access: {
        status: 500,
        resourcePath: '/users',
        integrationStatus: 500,
        errorMessage: 'numeric instance is greater than the required maximum',
      },
    });
    assert.notEqual(result.cause, 'bad-request.body');
  });
});

describe("classify: API Gateway's INTEGRATION_FAILURE", () => {
  // Access records SYNTHETIC, in the key names of the corpus' azul samples (S02-01, S06-03).
  it('reads an INTEGRATION_FAILURE no integration answered as the integration unreachable', () => {
    const result = classified({ access: { status: 500, responseType: 'INTEGRATION_FAILURE' } });
    assert.deepEqual([result.cause, result.confidence], ['network.unreachable', 'certain']);
  });

  it('reads an INTEGRATION_FAILURE after Lambda answered the invoke as the function failing, likely', () => {
    const result = classified({
      access: { status: 502, responseType: 'INTEGRATION_FAILURE', integrationServiceStatus: 200 },
    });
    assert.deepEqual([result.cause, result.confidence], ['server.function-error', 'likely']);
  });

  it("lets the status the function answered decide after Lambda's 200", () => {
    const result = classified({
      access: {
        status: 502,
        responseType: 'INTEGRATION_FAILURE',
        integrationServiceStatus: 200,
        integrationStatus: 502,
      },
    });
    assert.deepEqual([result.cause, result.confidence], ['server.function-error', 'certain']);
  });
});

describe('classify: real error wordings', () => {
  it("does not read AWS failing to evaluate the API's WAF rules as a WAF block", () => {
    const result = classified({
      access: {
        status: 500,
        resourcePath: '/x',
        errorMessage: 'There was an error evaluating the AWS WAF rules associated with this API',
      },
    });
    assert.notEqual(result.cause, 'auth.waf');
  });

  it('reads the older "not a valid key=value pair" refusal of an Authorization header like the newer one', () => {
    const result = classified({
      access: {
        status: 403,
        resourcePath: '/x',
        errorMessage:
          "'abc' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer abc'.",
      },
    });
    assert.equal(result.cause, 'not-found.route');
  });

  it("reads Lambda's own 503 for the invoke as the function being unavailable for now", () => {
    const result = classified({
      messages: [
        'Lambda invocation failed with status: 503. Lambda request id: 0f1e2d3c-0000-4000-8000-000000000000',
        'Method completed with status: 503',
      ],
    });
    assert.equal(result.cause, 'server.unavailable');
  });

  it("reads Lambda's 502 for the invoke as the function's setup, likely, and the exception's name when logged, certain", () => {
    // SYNTHETIC: Lambda's Invoke errors answered 502 (InvalidRuntime, KMSAccessDenied, ENILimitReached…).
    const bare = classified({
      messages: [
        'Lambda invocation failed with status: 502. Lambda request id: 0f1e2d3c-0000-4000-8000-000000000000',
        'Method completed with status: 500',
      ],
    });
    assert.deepEqual([bare.cause, bare.confidence], ['server.configuration', 'likely']);
    const named = classified({
      messages: [
        'Lambda invocation failed with status: 502. Lambda request id: 0f1e2d3c-0000-4000-8000-000000000000',
        'Execution failed due to configuration error: KMSAccessDeniedException: Lambda was unable to decrypt the environment variables',
        'Method completed with status: 500',
      ],
    });
    assert.deepEqual([named.cause, named.confidence], ['server.configuration', 'certain']);
  });

  it('names a function whose process died, not the malformed answer API Gateway then got, and leaves a returned error object malformed', () => {
    // SYNTHETIC trails in the shape of real pastes (test/fixtures/real-lines.json: SWEEP2-notes-process-exited-…).
    const crashed = classified({
      messages: [
        'Endpoint response body before transformations: {"errorMessage":"RequestId: 0f1e2d3c-0000-4000-8000-000000000000 Process exited before completing request"}',
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'Method completed with status: 502',
      ],
    });
    assert.equal(crashed.cause, 'server.function-error');
    const returned = classified({
      messages: [
        'Endpoint response body before transformations: {"message":"ok"}',
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'Method completed with status: 502',
      ],
    });
    assert.equal(returned.cause, 'server.bad-response');
  });

  it("reads API Gateway's older 'Execution failed: …' as the method's setup, likely, when nothing more specific is said", () => {
    const result = classified({ messages: ['Execution failed: null', 'Method completed with status: 500'] });
    assert.deepEqual([result.cause, result.confidence], ['server.configuration', 'likely']);
  });

  it("leaves a backend's own error status before API Gateway's older, vaguer 'Execution failed: …'", () => {
    // SYNTHETIC: a plain HTTP backend answered 404, then 503, and the trail also says 'Execution failed: null'.
    for (const [status, cause] of [
      [404, 'not-found.backend'],
      [503, 'server.unavailable'],
    ] as const) {
      const result = classified({
        messages: [
          'Endpoint request URI: https://orders.example.com/v1/orders/42',
          `Received response. Status: ${status}, Integration latency: 12 ms`,
          'Execution failed: null',
          `Method completed with status: ${status}`,
        ],
      });
      assert.equal(result.cause, cause);
    }
  });

  it("keeps Lambda's own message for a 502 it failed the invoke with as the certain evidence, not the bare status", () => {
    // SYNTHETIC: Lambda's EC2UnexpectedException (an Invoke error answered 502) in its own words,
    // which no exception name in LAMBDA_FUNCTION_CONFIGURATION covers.
    const result = classified({
      messages: [
        LAMBDA_URI,
        'Lambda invocation failed with status: 502. Lambda request id: 0f1e2d3c-0000-4000-8000-000000000000',
        'Execution failed due to configuration error: Lambda received an unexpected EC2 client exception while setting up for the Lambda function.',
        'Method completed with status: 500',
      ],
    });
    assert.deepEqual([result.cause, result.confidence], ['server.configuration', 'certain']);
    assert.match(result.evidence[0] ?? '', /unexpected EC2 client exception/);
  });

  it('leaves a 502 in the integration status alone bare: a plain HTTP backend logs its own 502 there too', () => {
    const result = classified({
      access: {
        status: 502,
        resourcePath: '/orders',
        noIntegrationStatus: true,
        integrationServiceStatus: 502,
      },
    });
    assert.notEqual(result.cause, 'server.configuration');
  });

  it("reads 'Invalid JSON in response' as an authorizer's failure only in API Gateway's words, not in a function's or backend's own text", () => {
    // SYNTHETIC: a proxy function that threw its own 'Invalid JSON in response' (a common message of
    // HTTP client code that could not parse a third party's answer), then the Malformed API Gateway writes.
    const thrown = classified({
      messages: [
        LAMBDA_URI,
        'Received response. Status: 200, Integration latency: 120 ms',
        'Endpoint response headers: {Date=Thu, 26 Nov 2026 12:00:00 GMT, Content-Type=application/json, X-Amz-Function-Error=Unhandled, X-Amz-Executed-Version=$LATEST}',
        'Endpoint response body before transformations: {"errorType":"ValueError","errorMessage":"Invalid JSON in response: Expecting value: line 1 column 1 (char 0)"}',
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'Method completed with status: 502',
      ],
    });
    assert.equal(thrown.cause, 'server.bad-response');
    // SYNTHETIC: a non-proxy Lambda integration's function error naming the same words.
    const customer = classified({
      messages: [
        LAMBDA_URI,
        'Received response. Status: 200, Integration latency: 120 ms',
        'Lambda execution failed with status 200 due to customer function error: Invalid JSON in response. Lambda request id: 0f1e2d3c-0000-4000-8000-000000000000',
        'Method completed with status: 502',
      ],
    });
    assert.equal(customer.cause, 'server.function-error');
    // SYNTHETIC: a plain HTTP backend's own 502 body.
    const backend = classified({
      messages: [
        'Endpoint request URI: https://orders.example.com/v1/orders',
        'Received response. Status: 502, Integration latency: 40 ms',
        'Endpoint response body before transformations: {"error":"Invalid JSON in response from the payments service"}',
        'Method completed with status: 502',
      ],
    });
    assert.equal(backend.cause, 'server.function-error');
    // API Gateway's own words about an authorizer's answer stay the authorizer's (the dev.to quote).
    const authorizer = classified({
      messages: [
        'Execution failed due to configuration error: Invalid JSON in response: Can not deserialize instance of java.lang.String out of START_ARRAY token',
      ],
    });
    assert.equal(authorizer.cause, 'auth.authorizer-error');
  });
});

describe('classify: Lambda service and AWS service answers', () => {
  // Synthetic trails in the shape of corpus sample S06-01 ("(id) message" lines of a Lambda integration).
  const cases: readonly (readonly [string, readonly string[], Cause])[] = [
    [
      'a trail pasted without its endpoint lines still reads the status a proxy body asked for',
      [
        'Received response. Status: 200, Integration latency: 25 ms',
        'Endpoint response body before transformations: {"statusCode":503,"body":"{\\"message\\":\\"maintenance\\"}"}',
        'Successfully completed execution',
        'Method completed with status: 503',
      ],
      'server.unavailable',
    ],
    [
      'a trail pasted as its last two lines still reads the status a proxy body asked for',
      [
        'Endpoint response body before transformations: {"statusCode":409,"body":"{\\"message\\":\\"version mismatch\\"}"}',
        'Method completed with status: 409',
      ],
      'conflict.state',
    ],
    [
      'a pasted proxy body whose own body is an object is no answer the function chose: API Gateway refuses it',
      [
        'Endpoint response body before transformations: {"statusCode":502,"body":{"message":"x"}}',
        'Method completed with status: 502',
      ],
      'unknown.server',
    ],
    [
      'a pasted body with an object body and a 404 is an answer passed on (a proxy answers a malformed response 502 only)',
      [
        'Endpoint response body before transformations: {"statusCode":404,"body":{"message":"order 42 not found"}}',
        'Method completed with status: 404',
      ],
      'not-found.backend',
    ],
    [
      "a proxy body's statusCode is not the answer when API Gateway failed the request after it",
      [
        'Endpoint response body before transformations: {"statusCode":500,"body":"{\\"message\\":\\"x\\"}"}',
        'Execution failed due to configuration error: Unable to transform response',
        'Method completed with status: 500',
      ],
      'server.configuration',
    ],
    [
      "an HTTP backend's own status wins over a statusCode in its body",
      [
        'Endpoint request URI: https://backend.example.com/reports',
        'Received response. Status: 503, Integration latency: 112 ms',
        'Endpoint response body before transformations: {"statusCode":500,"message":"database pool exhausted"}',
        'Successfully completed execution',
        'Method completed with status: 500',
      ],
      'server.unavailable',
    ],
    [
      // A fragment of the row above: only Lambda answers an invoke 200 with the function's statusCode
      // in its body, so another status the endpoint answered is the endpoint's own.
      "a trail pasted without its endpoint line keeps the endpoint's non-200 status over a statusCode in its body",
      [
        'Received response. Status: 503, Integration latency: 112 ms',
        'Endpoint response body before transformations: {"statusCode":500,"message":"database pool exhausted"}',
        'Successfully completed execution',
        'Method completed with status: 500',
      ],
      'server.unavailable',
    ],
    [
      'a 413 from Lambda is a payload over its limit',
      [
        'Lambda invocation failed with status: 413. Lambda request id: 1f0c',
        'Method completed with status: 500',
      ],
      'bad-request.too-large',
    ],
    [
      'a 403 from Lambda with no body naming why is the invoke request API Gateway was configured to build, not its permission',
      [
        'Lambda invocation failed with status: 403. Lambda request id: 1f0c',
        'Method completed with status: 500',
      ],
      'server.configuration',
    ],
    [
      'a missing DynamoDB table behind an AWS integration is a configuration error',
      [
        'Received response. Status: 400, Integration latency: 12 ms',
        'Endpoint response body before transformations: {"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}',
        'Method completed with status: 500',
      ],
      'server.configuration',
    ],
    [
      'a TLS handshake failure with an HTTP backend is the backend being unreachable',
      [
        'Execution failed due to configuration error: General SSLEngine problem',
        'Method completed with status: 500',
      ],
      'network.unreachable',
    ],
    [
      "Lambda's own service error is the backend being unavailable, not the function failing",
      [
        'Endpoint response body before transformations: {"Message":"An error occurred and the request cannot be processed.","Type":"Service"}',
        'Method completed with status: 500',
      ],
      'server.unavailable',
    ],
    [
      "Lambda unable to decrypt the function's environment is the function's configuration, not API Gateway's permission",
      [
        'Lambda invocation failed with status: 502. Lambda request id: 1f0c',
        "Execution failed due to configuration error: Lambda was unable to decrypt the environment variables because KMS access was denied. Please check the function's KMS key settings. KMS Exception: AccessDeniedExceptionKMS Message: The ciphertext refers to a customer master key that does not exist",
        'Method completed with status: 500',
      ],
      'server.configuration',
    ],
    [
      "a file system the function cannot mount is the function's configuration even though Lambda answers 403",
      [
        'Endpoint response headers: {x-amzn-ErrorType=EFSMountFailureException, Content-Type=application/json}',
        'Lambda invocation failed with status: 403. Lambda request id: 1f0c',
        'Method completed with status: 500',
      ],
      'server.configuration',
    ],
    [
      'a function still being created is the backend unavailable for now, not a state conflict of the caller',
      [
        'Endpoint response headers: {x-amzn-ErrorType=ResourceConflictException}',
        'Endpoint response body before transformations: {"Type":"User","message":"The operation cannot be performed at this time. The function is currently in the following state: Pending"}',
        'Lambda invocation failed with status: 409. Lambda request id: 1f0c',
        'Method completed with status: 500',
      ],
      'server.unavailable',
    ],
    [
      "a file system that does not answer in time is the function's network",
      [
        'Endpoint response headers: {x-amzn-ErrorType=EFSMountTimeoutException}',
        'Lambda invocation failed with status: 408. Lambda request id: 1f0c',
        'Method completed with status: 500',
      ],
      'network.unreachable',
    ],
    [
      'Lambda throttled by EC2 while starting the function is a backend throttle',
      [
        'Execution failed due to configuration error: Lambda was throttled by Amazon EC2 during Lambda function initialization using the execution role provided for the function.',
        'Method completed with status: 500',
      ],
      'limit.backend',
    ],
    [
      "Lambda's own payload limit message is a request too large",
      [
        'Execution failed due to configuration error: 6291556 byte payload is too large for the RequestResponse invocation type (limit 6291456 bytes); Request must be smaller than 6291456 bytes for the InvokeFunction operation',
        'Method completed with status: 500',
      ],
      'bad-request.too-large',
    ],
    [
      "Lambda's message that the function's subnets are out of addresses is the function's configuration",
      [
        'Lambda invocation failed with status: 502. Lambda request id: 1f0c',
        'Endpoint response body before transformations: {"Message":"Lambda was not able to set up VPC access for the Lambda function because one or more configured subnets has no available IP addresses.","Type":"User"}',
        'Method completed with status: 500',
      ],
      'server.configuration',
    ],
    [
      "Lambda's message that an idle function's VPC connection is gone is the backend unavailable for now",
      [
        'Lambda invocation failed with status: 502. Lambda request id: 1f0c',
        'Endpoint response body before transformations: {"Message":"The function is inactive and its VPC connection is no longer available. Wait for the VPC connection to reestablish and try again.","Type":"User"}',
        'Method completed with status: 500',
      ],
      'server.unavailable',
    ],
    [
      'a client certificate refused by mutual TLS is access denied',
      ['Access denied. Reason: Could not find issuer for certificate', 'Method completed with status: 403'],
      'auth.denied',
    ],
    [
      'a resource policy refusing the caller is access denied',
      ['The client is not authorized to perform this operation.', 'Method completed with status: 403'],
      'auth.denied',
    ],
  ];
  for (const [what, messages, cause] of cases) {
    it(what, () => {
      assert.equal(classified({ messages }).cause, cause);
    });
  }
});

describe("classify: each of Lambda's own wordings names its cause alone", () => {
  // SYNTHETIC access lines: the wording alone in the integration error field, without the exception
  // name or status that usually comes beside it, so each alternative of its phrase is checked.
  const cases: readonly (readonly [string, number, string, Cause])[] = [
    [
      'a deleted function',
      500,
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:orders',
      'server.configuration',
    ],
    ['an invoke payload over the limit', 500, 'RequestTooLargeException', 'bad-request.too-large'],
    [
      'a function still being created',
      500,
      'The function is currently in the following state: Pending',
      'server.unavailable',
    ],
    ['a runtime that exited', 502, 'Runtime exited with error: signal: killed', 'server.function-error'],
  ];
  for (const [what, status, integrationError, cause] of cases) {
    it(`reads ${what} as ${cause}`, () => {
      assert.equal(classified({ access: { status, integrationError } }).cause, cause);
    });
  }
});

describe('classify: handled errors of a non-proxy Lambda integration', () => {
  // Synthetic trails in the shape of a non-proxy integration whose function returned callback(err):
  // Lambda marks the answer Handled and the integration response maps it to a status of the owner's choice.
  const trail = (status: number, body: string) => [
    `Endpoint response body before transformations: ${body}`,
    'Endpoint response headers: {Connection=keep-alive, X-Amz-Function-Error=Handled, Content-Type=application/json}',
    'Successfully completed execution',
    `Method completed with status: ${status}`,
  ];

  const rows: readonly (readonly [number, Cause])[] = [
    [400, 'bad-request.backend'],
    [404, 'not-found.backend'],
    [403, 'auth.backend'],
  ];
  for (const [status, cause] of rows) {
    it(`reads a handled error mapped to ${status} as the backend's own answer (${cause}), not masked`, () => {
      const result = classified({
        messages: trail(status, '{"errorMessage":"Error: Request failed with status code 422"}'),
      });
      assert.equal(result.cause, cause);
      assert.equal(result.masked, false);
      assert.equal(result.confidence, CONFIDENCE.certain);
    });
  }

  it('keeps a handled error mapped to a 5xx as the function failing', () => {
    const result = classified({ messages: trail(502, '{"errorMessage":"boom","errorType":"Error"}') });
    assert.equal(result.cause, 'server.function-error');
  });
});

describe('classify: access-log-only refusals', () => {
  it('reads an Authorization header refused as a signature on REST as a likely wrong route, masked', () => {
    const result = classified({
      access: {
        status: 403,
        responseType: 'DEFAULT_4XX',
        errorMessage:
          "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter.",
      },
    });
    assert.equal(result.cause, 'not-found.route');
    assert.equal(result.confidence, CONFIDENCE.likely);
    assert.equal(result.masked, true);
  });

  it('reads an authorizer error with a 401 as the caller not authenticated', () => {
    const result = classified({
      access: {
        status: 401,
        routeKey: 'GET /pets',
        authorizerError: 'the token does not have a valid audience',
      },
    });
    assert.equal(result.cause, 'auth.unauthenticated');
  });

  it('reads an authorizer error with a 403 as the caller denied', () => {
    const result = classified({ access: { status: 403, authorizerError: 'scope not allowed' } });
    assert.equal(result.cause, 'auth.denied');
  });

  it("reads REST's integration.error for a function that threw as the function's error, not the network", () => {
    // The wording seen in a real Logs Insights table of DataBiosphere/azul PR #6624 (a Python KeyError).
    const result = classified({
      access: {
        status: 502,
        responseType: 'INTEGRATION_FAILURE',
        integrationError: "Lambda Customer Function Error:'AZUL_S3_BUCKET'",
      },
    });
    assert.deepEqual([result.cause, result.masked], ['server.function-error', false]);
  });

  it("keeps an INTEGRATION_FAILURE naming EC2's throttle of the function as a backend throttle", () => {
    const result = classified({
      access: {
        status: 500,
        responseType: 'INTEGRATION_FAILURE',
        integrationError:
          'Lambda was throttled by Amazon EC2 during Lambda function initialization using the execution role provided for the function.',
      },
    });
    assert.equal(result.cause, 'limit.backend');
  });
});

describe('classify: a bare status, read with what the access log says the gateway did', () => {
  const cases: readonly {
    readonly name: string;
    readonly access: Omit<AccessLogRecord, 'format'>;
    readonly cause: Cause;
    readonly confidence: Confidence;
  }[] = [
    {
      name: 'a REST 404 on a matched resource is likely the backend not finding the item',
      access: { status: 404, resourcePath: '/sub/{proxy+}' },
      cause: 'not-found.backend',
      confidence: CONFIDENCE.likely,
    },
    {
      name: "an HTTP API 404 on a matched route key (the $default route matches everything) is likely the backend's",
      access: { status: 404, routeKey: '$default' },
      cause: 'not-found.backend',
      confidence: CONFIDENCE.likely,
    },
    {
      name: 'a 404 with no route logged stays a bare client status',
      access: { status: 404, path: '/prod/pets/7' },
      cause: 'unknown.client',
      confidence: CONFIDENCE.statusOnly,
    },
    {
      name: "an HTTP API's own Not Found is a wrong route, whatever else the line holds",
      access: { status: 404, errorMessage: 'Not Found' },
      cause: 'not-found.route',
      confidence: CONFIDENCE.certain,
    },
    {
      name: "a 404 whose route key is logged as '-' matched no route: a wrong URL",
      access: { status: 404, noRoute: true, noIntegrationStatus: true },
      cause: 'not-found.route',
      confidence: CONFIDENCE.likely,
    },
    {
      name: "a 404 with route key '-' but a logged resource path matched a REST resource: the backend's",
      access: { status: 404, noRoute: true, resourcePath: '/pets/{id}' },
      cause: 'not-found.backend',
      confidence: CONFIDENCE.likely,
    },
    {
      name: "a 404 with route key '-' that the backend answered is the backend's, for certain",
      access: { status: 404, noRoute: true, integrationStatus: 404 },
      cause: 'not-found.backend',
      confidence: CONFIDENCE.certain,
    },
    {
      name: "an HTTP API 429 no integration answered is the gateway's throttling",
      access: { status: 429, routeKey: 'POST /orders', noIntegrationStatus: true },
      cause: 'limit.throttle',
      confidence: CONFIDENCE.likely,
    },
    {
      name: 'a REST 429 no integration answered may be a quota or a WAF rate rule, so it stays a bare status',
      access: { status: 429, resourcePath: '/orders', noIntegrationStatus: true },
      cause: 'unknown.client',
      confidence: CONFIDENCE.statusOnly,
    },
    {
      name: 'a 404 on a matched resource that reached no integration (a MOCK, say) stays a bare status',
      access: { status: 404, resourcePath: '/pets/{id}', noIntegrationStatus: true },
      cause: 'unknown.client',
      confidence: CONFIDENCE.statusOnly,
    },
    {
      name: "a 429 the backend answered is the backend's throttling, not the gateway's",
      access: { status: 429, integrationStatus: 429 },
      cause: 'limit.backend',
      confidence: CONFIDENCE.certain,
    },
    {
      name: 'a 429 from a format that does not log the backend status stays a bare client status',
      access: { status: 429 },
      cause: 'unknown.client',
      confidence: CONFIDENCE.statusOnly,
    },
    {
      name: 'a 401 no integration answered is the caller refused before the backend',
      access: { status: 401, noIntegrationStatus: true },
      cause: 'auth.unauthenticated',
      confidence: CONFIDENCE.likely,
    },
    {
      name: 'an HTTP API 403 on a matched route no integration answered is the caller refused (HTTP APIs have no API keys)',
      access: { status: 403, routeKey: 'GET /me', noIntegrationStatus: true },
      cause: 'auth.denied',
      confidence: CONFIDENCE.likely,
    },
    {
      name: 'a REST 403 no integration answered may be a wrong path, an API key or WAF, so it stays a bare status',
      access: { status: 403, resourcePath: '/me', noIntegrationStatus: true },
      cause: 'unknown.client',
      confidence: CONFIDENCE.statusOnly,
    },
    {
      name: "a 403 whose route key is logged as '-' matched no route, so it stays a bare status",
      access: { status: 403, noRoute: true, noIntegrationStatus: true },
      cause: 'unknown.client',
      confidence: CONFIDENCE.statusOnly,
    },
    {
      name: 'a 504 whose response took the integration timeout, in a format without the integration latency, timed out',
      access: { status: 504, resourcePath: '/reports', responseLatencyMs: 29_034 },
      cause: 'timeout.integration',
      confidence: CONFIDENCE.likely,
    },
    {
      name: 'a 504 whose integration answered quickly did not time out, however long the response took',
      access: { status: 504, resourcePath: '/reports', integrationLatencyMs: 120, responseLatencyMs: 29_034 },
      cause: 'unknown.server',
      confidence: CONFIDENCE.statusOnly,
    },
    {
      name: 'a 414 (URI too long) is the caller sending too large a request, likely',
      access: { status: 414, resourcePath: '/search' },
      cause: 'bad-request.too-large',
      confidence: CONFIDENCE.likely,
    },
    {
      name: 'a 414 the backend answered is too large a request for it, likely',
      access: { status: 414, resourcePath: '/search', integrationStatus: 414 },
      cause: 'bad-request.too-large',
      confidence: CONFIDENCE.likely,
    },
    {
      // SYNTHETIC: 410 Gone says what 404 says, and that the resource will not come back.
      name: 'a 410 the backend answered is a resource it no longer has, likely',
      access: { status: 410, resourcePath: '/orders/{id}', integrationStatus: 410 },
      cause: 'not-found.backend',
      confidence: CONFIDENCE.likely,
    },
    {
      // SYNTHETIC: 412 Precondition Failed is a conditional request (If-Match) meeting a changed state.
      name: "a 412 the backend answered is a condition the resource's state failed, likely",
      access: { status: 412, resourcePath: '/orders/{id}', integrationStatus: 412 },
      cause: 'conflict.state',
      confidence: CONFIDENCE.likely,
    },
    {
      // SYNTHETIC: a 412 whose answer names a duplicate, as a 409's may.
      name: 'a 412 the backend answered naming a duplicate is a duplicate, likely',
      access: {
        status: 412,
        resourcePath: '/orders',
        integrationStatus: 412,
        errorMessage: 'Order already exists (duplicate idempotency key)',
      },
      cause: 'conflict.duplicate',
      confidence: CONFIDENCE.likely,
    },
    {
      // SYNTHETIC: a refused connection, an unknown host or a failed TLS handshake fails within a
      // second (the real PKIX failure in real-lines.json, SUMO-DOCS-PKIX-PRETTY-PRINTED, took 258 ms).
      name: 'a 504 quicker than a second, as a network failure answers, stays a bare status',
      access: { status: 504, resourcePath: '/reports', responseLatencyMs: 400 },
      cause: 'unknown.server',
      confidence: CONFIDENCE.statusOnly,
    },
    {
      // SYNTHETIC (review A's f1 shape): a method whose integration timeout is 10 s, not 29 s
      // (REST's timeoutInMillis takes 50 ms to 29 s; CDK's LambdaIntegration({ timeout })).
      name: "a REST 504 with no response type and integration status '-' after 10 s is the integration's shorter timeout",
      access: {
        status: 504,
        resourcePath: '/reports',
        noIntegrationStatus: true,
        integrationLatencyMs: 10_003,
      },
      cause: 'timeout.integration',
      confidence: CONFIDENCE.likely,
    },
    {
      // SYNTHETIC (review R1's F1): an HTTP API format that logs no routeKey (a public Pulumi component's
      // requestId, httpMethod, path, status, responseLatency, integrationLatency); its id has the shape API
      // Gateway makes for HTTP and WebSocket APIs, never a REST one.
      name: 'a 504 after 5 s whose request id is an HTTP API id is no REST integration timeout, even with no routeKey logged',
      access: {
        status: 504,
        requestId: 'ANlnRjAmoAMEapQ=',
        path: '/x',
        responseLatencyMs: 5_000,
        integrationLatencyMs: 4_990,
        noIntegrationStatus: true,
      },
      cause: 'unknown.server',
      confidence: CONFIDENCE.statusOnly,
    },
    {
      // SYNTHETIC (review R1's F2): a format that does not log the integration status cannot tell the
      // gateway's timeout from a backend's or a function's own 504 passed on, nor from a slow failure.
      name: 'a REST 504 after 6.5 s in a format that does not log the integration status stays a bare status',
      access: { status: 504, resourcePath: '/reports', responseLatencyMs: 6_512 },
      cause: 'unknown.server',
      confidence: CONFIDENCE.statusOnly,
    },
    {
      name: 'a REST 504 after 6.5 s in a format logging only the integration latency stays a bare status',
      access: {
        status: 504,
        requestId: 'c0ffee00-1111-4222-8333-444455556666',
        resourcePath: '/reports',
        integrationLatencyMs: 6_490,
        responseLatencyMs: 6_512,
      },
      cause: 'unknown.server',
      confidence: CONFIDENCE.statusOnly,
    },
    {
      name: 'a REST 504 typed INTEGRATION_FAILURE after 10 s stays an unreachable integration',
      access: {
        status: 504,
        resourcePath: '/reports',
        responseType: 'INTEGRATION_FAILURE',
        noIntegrationStatus: true,
        integrationLatencyMs: 10_003,
      },
      cause: 'network.unreachable',
      confidence: CONFIDENCE.certain,
    },
    {
      name: "a REST 504 with the response type logged as '-' after 10 s is the integration's own 504, not the gateway's timeout",
      access: { status: 504, resourcePath: '/reports', noResponseType: true, integrationLatencyMs: 10_003 },
      cause: 'server.function-error',
      confidence: CONFIDENCE.likely,
    },
    {
      name: "an HTTP API 504 with integration status '-' after 10 s is no timeout of its own (HTTP APIs answer 503)",
      access: {
        status: 504,
        routeKey: 'GET /reports',
        noIntegrationStatus: true,
        integrationLatencyMs: 10_003,
      },
      cause: 'unknown.server',
      confidence: CONFIDENCE.statusOnly,
    },
    {
      name: 'a 500 no integration answered says nothing more than its status',
      access: { status: 500, noIntegrationStatus: true, noRoute: true },
      cause: 'unknown.server',
      confidence: CONFIDENCE.statusOnly,
    },
    {
      name: "a gateway RESOURCE_NOT_FOUND on a matched resource is still the gateway's",
      access: { status: 404, resourcePath: '/pets', responseType: 'RESOURCE_NOT_FOUND' },
      cause: 'not-found.route',
      confidence: CONFIDENCE.certain,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = classified({ access: c.access });
      assert.deepEqual([result.cause, result.confidence], [c.cause, c.confidence]);
    });
  }
});

describe("classify: Lambda's error names only count when Lambda failed the invoke", () => {
  it('does not fail a 200 whose function body names a Lambda error', () => {
    const result = classify(
      request({
        messages: [
          'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations',
          'Received response. Status: 200, Integration latency: 12 ms',
          'Endpoint response body before transformations: {"statusCode":200,"body":"{\\"hint\\":\\"InvalidZipFileException and EFSMountTimeoutException are documented\\"}"}',
          'Successfully completed execution',
          'Method completed with status: 200',
        ],
      }),
    );
    assert.equal(result, undefined);
  });

  // SYNTHETIC REST trails of a function that ran (Lambda's 200) and threw the error Lambda's Invoke
  // API gave it when it invoked another function: the error name is its own call's, not its invoke's.
  for (const [errorType, notThis] of [
    ['KMSAccessDeniedException', 'server.configuration'],
    ['EFSMountConnectivityException', 'network.unreachable'],
  ] as const) {
    it(`reads a 502 whose function ran and threw ${errorType} from its own call as its error, not ${notThis} (SYNTHETIC)`, () => {
      const result = classified({
        messages: [
          LAMBDA_URI,
          'Received response. Status: 200, Integration latency: 31 ms',
          'Endpoint response headers: {Date=Fri, 27 Nov 2026 10:00:00 GMT, Content-Type=application/json, X-Amz-Function-Error=Unhandled}',
          `Endpoint response body before transformations: {"errorType":"${errorType}","errorMessage":"invoking function:pricing failed"}`,
          'Lambda execution failed with status 200 due to customer function error: invoking function:pricing failed. Lambda request id: 7a2e',
          'Method completed with status: 502',
        ],
      });
      assert.equal(result.cause, 'server.function-error', `evidence: ${result.evidence.join(' | ')}`);
    });
  }

  it("keeps a backend's own 409 naming ResourceConflictException as a state conflict", () => {
    const result = classified({
      access: {
        status: 409,
        integrationStatus: 409,
        integrationError: 'ResourceConflictException: order 42 changed',
      },
    });
    assert.equal(result.cause, 'conflict.state');
  });

  it("keeps a backend's own 403 that says access denied as the backend's refusal", () => {
    const result = classified({
      access: {
        status: 403,
        integrationStatus: 403,
        integrationError: 'Access denied. Reason: not your order',
      },
    });
    assert.equal(result.cause, 'auth.backend');
  });

  it('reads a Forbidden with an authorizer error as the authorizer refusing, not a missing API key', () => {
    const result = classified({
      access: { status: 403, errorMessage: 'Forbidden', authorizerError: 'scope orders:write missing' },
    });
    assert.equal(result.cause, 'auth.denied');
  });
});

/**
 * An AWS service that throttles API Gateway's call says so in its own error shape. Amazon SES's query
 * API answers a Throttling error whose message is "Daily message quota exceeded" or "Maximum sending
 * rate exceeded" (SES developer guide, manage-sending-quotas-errors; AWS Messaging blog, "How to
 * handle a 'Throttling – Maximum sending rate exceeded' error"). SYNTHETIC trails of a REST AWS
 * integration with SES, passed on as 400 or, with only the default integration response, as 200.
 */
describe('classify: an AWS service integration throttled by its own limits', () => {
  for (const message of ['Daily message quota exceeded.', 'Maximum sending rate exceeded.']) {
    for (const status of [400, 200]) {
      it(`reads SES's Throttling "${message}" answered ${status} as the backend's limit, not API Gateway's usage-plan quota`, () => {
        const result = classified({
          messages: [
            'Endpoint request URI: https://email.us-east-1.amazonaws.com/?Action=SendEmail',
            'Received response. Status: 400, Integration latency: 35 ms',
            `Endpoint response body before transformations: <ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>${message}</Message></Error><RequestId>5a8b2c1d-0000-4000-8000-000000000000</RequestId></ErrorResponse>`,
            `Method completed with status: ${status}`,
          ],
        });
        assert.deepEqual([result.cause, result.masked], ['limit.backend', true]);
      });
    }
  }
});

describe("classify: an AWS service's own error-type header naming a throttling code", () => {
  // SYNTHETIC trails of a DynamoDB integration. The AWS JSON protocols may name the error in an
  // `X-Amzn-Errortype` header (smithy-lang/smithy docs/source-2.0/aws/protocols/aws-json.rst.template),
  // and the AWS SDKs retry all four codes as throttling (smithy-lang/smithy-typescript
  // packages/service-error-classification/src/constants.ts THROTTLING_ERROR_CODES).
  for (const code of [
    'ThrottlingException',
    'TooManyRequestsException',
    'ProvisionedThroughputExceededException',
    'RequestLimitExceeded',
  ]) {
    it(`reads x-amzn-ErrorType=${code} as the backend's limit for certain, as the service named its own throttle`, () => {
      const result = classified({
        messages: [
          'Endpoint request URI: https://dynamodb.us-east-1.amazonaws.com/?Action=PutItem',
          'Received response. Status: 400, Integration latency: 5 ms',
          `Endpoint response headers: {Content-Type=application/x-amz-json-1.0, x-amzn-RequestId=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOP, x-amzn-ErrorType=${code}}`,
          'Method completed with status: 500',
        ],
      });
      assert.deepEqual([result.cause, result.confidence], ['limit.backend', 'certain']);
    });
  }
});

describe('classify: throttling the function met on its own calls', () => {
  it("is the backend's limit, but only likely: Lambda did not refuse the invoke", () => {
    const result = classified({
      messages: [
        'Lambda execution failed with status 200 due to customer function error: An error occurred (TooManyRequestsException) when calling the Publish operation: Rate exceeded',
        'Method completed with status: 502',
      ],
    });
    assert.equal(result.cause, 'limit.backend');
    assert.equal(result.confidence, 'likely');
  });
});

describe("classify: a function's own AWS errors are the function's, not API Gateway's", () => {
  // SYNTHETIC trails. The first has the shape of a real console line (serverless/serverless#8671),
  // with the function's own DynamoDB call refused instead of its Cognito one.
  const lambdaCall = [
    'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
    'Received response. Status: 200, Integration latency: 120 ms',
  ];
  const cases: readonly { what: string; messages: string[]; cause: Cause }[] = [
    {
      what: 'a function error whose text is its role refused by DynamoDB',
      messages: [
        'Lambda execution failed with status 200 due to customer function error: An error occurred (AccessDeniedException) when calling the GetItem operation: User: arn:aws:sts::123456789012:assumed-role/signup-role/signup is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:ap-south-1:123456789012:table/users',
        'Method completed with status: 502',
      ],
      cause: 'server.function-error',
    },
    {
      what: 'a function error naming a table it cannot find',
      messages: [
        'Lambda execution failed with status 200 due to customer function error: ResourceNotFoundException: Requested resource not found',
        'Method completed with status: 502',
      ],
      cause: 'server.function-error',
    },
    {
      what: 'an unhandled error after Lambda answered 200, from a secret the function may not read',
      messages: [
        ...lambdaCall,
        'Endpoint response headers: {X-Amz-Function-Error=Unhandled, X-Amz-Executed-Version=$LATEST}',
        'Endpoint response body before transformations: {"errorMessage":"User: arn:aws:sts::123456789012:assumed-role/orders-role/orders is not authorized to perform: secretsmanager:GetSecretValue","errorType":"AccessDeniedException"}',
        'Method completed with status: 502',
      ],
      cause: 'server.function-error',
    },
    {
      what: 'a proxy answer of 403 whose body says AccessDenied',
      messages: [
        ...lambdaCall,
        'Endpoint response body before transformations: {"statusCode":403,"body":"{\\"message\\":\\"AccessDenied: Access Denied\\"}"}',
        'Successfully completed execution',
        'Method completed with status: 403',
      ],
      cause: 'auth.backend',
    },
    {
      what: 'a proxy answer of 404 whose body names ResourceNotFoundException',
      messages: [
        ...lambdaCall,
        'Endpoint response body before transformations: {"statusCode":404,"body":"{\\"message\\":\\"ResourceNotFoundException: Requested resource not found\\"}"}',
        'Successfully completed execution',
        'Method completed with status: 404',
      ],
      cause: 'not-found.backend',
    },
    {
      what: 'a proxy answer of 503 whose body names a connection it could not make',
      messages: [
        ...lambdaCall,
        'Endpoint response body before transformations: {"statusCode":503,"body":"connect ECONNREFUSED 10.0.0.12:5432"}',
        'Successfully completed execution',
        'Method completed with status: 503',
      ],
      cause: 'server.unavailable',
    },
  ];
  for (const { what, messages, cause } of cases) {
    it(`reads ${what} as ${cause}`, () => {
      assert.equal(classified({ messages }).cause, cause);
    });
  }

  // SYNTHETIC HTTP API access records: $context.integrationErrorMessage in the wording HTTP APIs give
  // a Lambda function's own error ("The Lambda function returned the following error: … Check your
  // Lambda function code and try again.", as in fixture GH-evidence-app-http-api-insights-function-errors),
  // logged without $context.integrationStatus; AWS's troubleshooting page (http-api-troubleshooting-lambda)
  // has users append this variable to the CLF preset.
  const httpApiFunctionErrors: readonly { what: string; error: string }[] = [
    {
      what: 'its role refused by DynamoDB',
      error:
        'AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/orders-role/orders is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/orders',
    },
    { what: 'a table it cannot find', error: 'ResourceNotFoundException: Requested resource not found' },
    { what: 'a connection it could not make', error: 'connect ECONNREFUSED 10.0.0.12:5432' },
  ];
  for (const { what, error } of httpApiFunctionErrors) {
    it(`reads an HTTP API's "The Lambda function returned the following error" naming ${what} as the function's error`, () => {
      const result = classified({
        access: {
          status: 500,
          routeKey: 'POST /orders',
          errorMessage: 'Internal Server Error',
          integrationError: `The Lambda function returned the following error: ${error}. Check your Lambda function code and try again.`,
        },
      });
      assert.deepEqual([result.cause, result.masked], ['server.function-error', false]);
    });
  }

  it("still reads API Gateway's own refusal to invoke the function as the integration's permission", () => {
    const result = classified({
      messages: [
        'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
        'Execution failed due to configuration error: Invalid permissions on Lambda function',
        'Method completed with status: 500',
      ],
    });
    assert.equal(result.cause, 'auth.integration-permission');
  });
});

/**
 * API Gateway refuses a caller (a bad signature, its throttle or quota, an API key, WAF, a request
 * validator) before it calls the integration, so once Lambda ran the function these words in its
 * error are what the function's own calls met. SYNTHETIC: a REST trail in the shape of API Gateway's
 * Lambda proxy execution log (X-Amz-Function-Error=Unhandled, "Lambda execution failed with status 200
 * due to customer function error", as in the real fixtures' function errors), and an HTTP API access
 * record whose $context.integrationErrorMessage gives the function's error in HTTP APIs' wording; the
 * errors are common wordings of AWS SDK and HTTP client exceptions.
 */
describe("classify: a caller's refusal named in a function's own error is the function's error", () => {
  const errors: readonly { what: string; error: string }[] = [
    {
      what: 'an invalid security token',
      error: 'UnrecognizedClientException: The security token included in the request is invalid.',
    },
    {
      what: 'an expired signature',
      error:
        'InvalidSignatureException: Signature expired: 20240312T100000Z is now earlier than 20240312T100500Z (20240312T101000Z - 5 min.)',
    },
    {
      what: "a third party's 429",
      error: '429 Client Error: Too Many Requests for url: https://api.example.com/v1/items',
    },
    {
      what: "a third party's quota",
      error: "Quota exceeded for quota metric 'Read requests' of service 'sheets.googleapis.com'",
    },
    {
      what: 'another API refusing its role',
      error:
        'User: arn:aws:sts::123456789012:assumed-role/orders-role/orders is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/stock',
    },
    { what: 'a body another service refused', error: 'Invalid request body: expected an object' },
    { what: 'parameters another service wanted', error: 'Missing required request parameters: [sku]' },
  ];
  for (const { what, error } of errors) {
    it(`reads a REST function error naming ${what} as the function failing, unmasked`, () => {
      const result = classified({
        messages: [
          LAMBDA_URI,
          'Received response. Status: 200, Integration latency: 312 ms',
          'Endpoint response headers: {Content-Type=application/json, X-Amz-Function-Error=Unhandled, X-Amz-Executed-Version=$LATEST}',
          `Endpoint response body before transformations: {"errorType":"Error","errorMessage":"${error}","trace":[]}`,
          `Lambda execution failed with status 200 due to customer function error: ${error}. Lambda request id: 0f0f0f0f-1111-2222-3333-444444444444`,
          'Method completed with status: 502',
        ],
      });
      assert.deepEqual([result.cause, result.masked], ['server.function-error', false]);
    });

    it(`reads an HTTP API function error naming ${what} as the function failing, unmasked`, () => {
      const result = classified({
        access: {
          status: 500,
          routeKey: 'POST /orders',
          errorMessage: 'Internal Server Error',
          integrationError: `The Lambda function returned the following error: ${error} Check your Lambda function code and try again.`,
        },
      });
      assert.deepEqual([result.cause, result.masked], ['server.function-error', false]);
    });
  }
});

/**
 * A refusal's own message may quote what the caller sent: a resource policy's denial names the
 * request's path in its resource ARN, a request validator quotes the body's value. A caller who puts
 * a function's error marker there must not turn API Gateway's refusal into a function error (a
 * critical alert the owner cannot act on). SYNTHETIC trails in the shape of API Gateway's execution
 * log: the denial's wording as AWS's knowledge center quotes it ("User: anonymous is not authorized
 * to perform: execute-api:Invoke on resource: <arn>"), the validator's as the real fixtures log it.
 */
describe("classify: a function's error marker quoted from the caller inside API Gateway's refusal", () => {
  const cases: readonly { what: string; refusal: string; status: number; cause: Cause }[] = [
    {
      what: "a resource policy's denial of a path naming X-Amz-Function-Error",
      refusal:
        'User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/X-Amz-Function-Error=Unhandled',
      status: 403,
      cause: 'auth.denied',
    },
    {
      what: "a request validator's message quoting a body value that names a function error",
      refusal:
        'Request body does not match model schema for content type application/json: [instance value ("The Lambda function returned the following error") not found in enum (possible values: ["a","b"])]',
      status: 400,
      cause: 'bad-request.body',
    },
  ];
  for (const { what, refusal, status, cause } of cases) {
    it(`reads ${what} as ${cause}, not as the function failing`, () => {
      const result = classified({
        messages: [
          'Starting execution for request: 0f0f0f0f-1111-2222-3333-444444444444',
          'HTTP Method: GET, Resource Path: /{proxy+}',
          refusal,
          `Method completed with status: ${status}`,
        ],
      });
      assert.equal(result.cause, cause);
    });
  }
});

describe('classify: AccessDenied, the caller or API Gateway', () => {
  it("reads an AccessDeniedException about execute-api as the caller denied, not API Gateway's role", () => {
    const result = classified({
      messages: [
        'Endpoint response body before transformations: {"__type":"AccessDeniedException","Message":"User: arn:aws:iam::123456789012:user/ci is not authorized to perform: execute-api:Invoke"}',
        'Method completed with status: 403',
      ],
    });
    assert.equal(result.cause, 'auth.denied');
  });

  it("reads an AccessDeniedException from a service integration as API Gateway's role refused", () => {
    const result = classified({
      messages: [
        'Endpoint response body before transformations: {"__type":"com.amazon.coral.service#AccessDeniedException","Message":"User: arn:aws:sts::123456789012:assumed-role/apigw-sqs/x is not authorized to perform: sqs:SendMessage"}',
        'Method completed with status: 500',
      ],
    });
    assert.equal(result.cause, 'auth.integration-permission');
  });
});

describe('classify: HTTP API and authorizer answers', () => {
  // HTTP API's authorizer.error texts, in the wording AWS documents them (synthetic lines), logged
  // under a key such as "error" that does not say they are the authorizer's.
  it("reads an HTTP API authorizer its role may not call as the authorizer's configuration error", () => {
    const result = classified({
      access: {
        status: 500,
        routeKey: 'GET /pets',
        errorMessage:
          "The IAM role configured on the authorizer or API Gateway doesn't have permissions to call the authorizer. Check the permissions and try again.",
      },
    });
    assert.deepEqual([result.cause, result.masked], ['auth.authorizer-error', true]);
  });

  it("reads an HTTP API authorizer's answer of the wrong shape as the authorizer's error, not the integration's", () => {
    const result = classified({
      access: {
        status: 500,
        routeKey: 'GET /pets',
        errorMessage:
          "The response from the Lambda Authorizer function doesn't match the format that API Gateway expects. Simple response did not include 'isAuthorized'",
      },
    });
    assert.equal(result.cause, 'auth.authorizer-error');
  });
  it('reads an unsigned request to an IAM-authorized HTTP API route as a signature problem, not a bad response', () => {
    const result = classified({
      access: {
        status: 403,
        routeKey: 'GET /pets',
        authorizerError:
          "The request for the IAM Authorizer doesn't match the format that API Gateway expects.",
      },
    });
    assert.equal(result.cause, 'auth.signature');
  });

  it('reads a bare Forbidden on an HTTP API, which has no API keys, as the caller denied', () => {
    const result = classified({ access: { status: 403, routeKey: 'GET /pets', errorMessage: 'Forbidden' } });
    assert.equal(result.cause, 'auth.denied');
    assert.equal(result.confidence, CONFIDENCE.likely);
  });

  it('keeps a bare Forbidden on a REST API as a likely API key problem', () => {
    const result = classified({ access: { status: 403, resourcePath: '/pets', errorMessage: 'Forbidden' } });
    assert.equal(result.cause, 'auth.api-key');
  });

  it('reads a Lambda authorizer that threw Unauthorized, answered 401, as the caller not authenticated', () => {
    const result = classified({
      messages: [
        'Starting authorizer: 62ab8c for request: 8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
        'Authorizer result body before parsing: {"errorType":"Error","errorMessage":"Unauthorized"}',
        'Method completed with status: 401',
      ],
    });
    assert.equal(result.cause, 'auth.unauthenticated');
  });

  it('reads the integration permission message with the typographic apostrophe AWS pages print', () => {
    const result = classified({
      access: {
        status: 500,
        routeKey: '$default',
        integrationError:
          'The IAM role configured on the integration or API Gateway doesn\u2019t have permissions to call the integration. Check the permissions and try again.',
      },
    });
    assert.equal(result.cause, 'auth.integration-permission');
  });
});

describe('classify: AWS service integrations', () => {
  const sqs = (status: number, ...rest: string[]) => ({
    messages: [
      'Sending request to https://sqs.us-east-1.amazonaws.com/123456789012/orders',
      `Received response. Status: ${status}, Integration latency: 8 ms`,
      ...rest,
      `Method completed with status: ${status}`,
    ],
  });

  it("reads an AWS service's body-less 403 as refusing API Gateway's role, not the caller", () => {
    const result = classified(sqs(403));
    assert.deepEqual([result.cause, result.confidence], ['auth.integration-permission', CONFIDENCE.likely]);
  });

  it("keeps a 403 from an HTTP backend on EC2 or behind a load balancer as the backend's own refusal", () => {
    for (const host of [
      'ec2-203-0-113-7.compute-1.amazonaws.com',
      'internal-orders-123.us-east-1.elb.amazonaws.com',
    ]) {
      const result = classified({
        messages: [
          `Sending request to http://${host}/orders`,
          'Received response. Status: 403, Integration latency: 8 ms',
          'Method completed with status: 403',
        ],
      });
      assert.equal(result.cause, 'auth.backend', host);
    }
  });

  it("does not take a customer backend's own InvalidAction error for a service's unknown operation", () => {
    const result = classified({
      messages: [
        'Sending request to https://orders.example.com/orders',
        'Received response. Status: 409, Integration latency: 8 ms',
        'Endpoint response body before transformations: {"error":"InvalidAction","message":"order already shipped"}',
        'Method completed with status: 409',
      ],
    });
    assert.equal(result.cause, 'conflict.state');
  });

  it("reads the integration's endpoint, not a Lambda authorizer's called before it", () => {
    const result = classified({
      messages: [
        'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:authorizer/invocations',
        'Authorizer result body before parsing: {"principalId":"u1","policyDocument":{"Statement":[{"Effect":"Allow"}]}}',
        'Sending request to https://sqs.us-east-1.amazonaws.com/123456789012/orders',
        'Received response. Status: 403, Integration latency: 8 ms',
        'Method completed with status: 403',
      ],
    });
    assert.equal(result.cause, 'auth.integration-permission');
  });

  it("keeps an HTTP backend's own AccessDenied page as its refusal, not API Gateway's permission", () => {
    for (const host of [
      'https://intranet.example.com/docs',
      'http://my-bucket.s3-website-us-east-1.amazonaws.com/index.html',
    ]) {
      const result = classified({
        messages: [
          `Sending request to ${host}`,
          'Received response. Status: 403, Integration latency: 8 ms',
          'Endpoint response body before transformations: <html><h1>403 Forbidden</h1><ul><li>Code: AccessDenied</li></ul></html>',
          'Method completed with status: 403',
        ],
      });
      assert.equal(result.cause, 'auth.backend', host);
    }
  });

  it("keeps 401s, PrivateLink endpoints' 403s and dual-stack hosts apart", () => {
    const answer = (host: string, status: number) =>
      classified({
        messages: [
          `Sending request to https://${host}/x`,
          `Received response. Status: ${status}, Integration latency: 8 ms`,
          `Method completed with status: ${status}`,
        ],
      }).cause;
    assert.equal(
      answer('search-logs-abc.us-east-1.es.amazonaws.com', 401),
      'auth.backend',
      "a service's 401 refuses the caller's token",
    );
    assert.equal(answer('vpce-0a1b-2c3d.vpce-svc-0123.us-east-1.vpce.amazonaws.com', 403), 'auth.backend');
    assert.equal(answer('sqs.us-east-1.api.aws', 403), 'auth.integration-permission');
  });

  it("reads the Query and JSON services' unknown-operation shapes as the integration misconfigured", () => {
    for (const body of [
      '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>x</Message></Error></ErrorResponse>',
      '{"__type":"com.amazon.coral.service#UnknownOperationException"}',
    ]) {
      const result = classified(sqs(400, `Endpoint response body before transformations: ${body}`));
      assert.equal(result.cause, 'server.configuration', body);
    }
  });

  it('knows a FIPS Lambda endpoint for Lambda: its 429 is the service throttling the invoke', () => {
    const result = classified({
      messages: [
        'Sending request to https://lambda-fips.us-gov-west-1.amazonaws.com/2015-03-31/functions/f/invocations',
        'Received response. Status: 429, Integration latency: 3 ms',
        'Method completed with status: 500',
      ],
    });
    assert.deepEqual([result.cause, result.masked], ['limit.backend', true]);
  });

  it('reads an operation the service does not know as the integration misconfigured, not a missing item', () => {
    const result = classified(
      sqs(404, 'Endpoint response body before transformations: <UnknownOperationException/>'),
    );
    assert.equal(result.cause, 'server.configuration');
  });
  // Synthetic trails in the shape of a REST API with an AWS service integration (DynamoDB, SQS, Step Functions).
  const trail = (uri: string, status: number, body: string, clientStatus: number) => [
    `Endpoint request URI: ${uri}`,
    `Received response. Status: ${status}, Integration latency: 12 ms`,
    `Endpoint response body before transformations: ${body}`,
    `Method completed with status: ${clientStatus}`,
  ];

  it("counts a service's 400 that the default integration response passed on as 200, masked", () => {
    const result = classified({
      messages: trail(
        'https://dynamodb.us-east-1.amazonaws.com/?Action=PutItem',
        400,
        '{"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"One or more parameter values were invalid"}',
        200,
      ),
    });
    assert.equal(result.cause, 'bad-request.backend');
    assert.equal(result.clientStatus, 200);
    assert.equal(result.masked, true);
  });

  it('counts an access line whose backend answered 400 behind a 200, naming a conditional check as a state conflict', () => {
    const result = classified({
      access: { status: 200, integrationStatus: 400, integrationError: 'The conditional request failed' },
    });
    assert.equal(result.cause, 'conflict.state');
    assert.equal(result.masked, true);
  });

  it('does not count a service that answered 200', () => {
    const result = classify(
      request({
        messages: trail(
          'https://events.us-east-1.amazonaws.com/?Action=PutEvents',
          200,
          '{"Entries":[{"EventId":"11111111-2222-3333-4444-555555555555"}],"FailedEntryCount":0}',
          200,
        ),
      }),
    );
    assert.equal(result, undefined);
  });

  it("reads a service's own error field as the service's, not as a Lambda function error", () => {
    const result = classified({
      messages: trail(
        'https://events.us-east-1.amazonaws.com/?Action=PutEvents',
        400,
        '{"__type":"ValidationException","ErrorMessage":"Detail is malformed"}',
        400,
      ),
    });
    assert.equal(result.cause, 'bad-request.backend');
  });

  it("reads a service refusing API Gateway's signature as the integration's permission, not the caller's signature", () => {
    const result = classified({
      messages: trail(
        'https://sqs.us-east-1.amazonaws.com/123456789012/orders',
        403,
        '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error></ErrorResponse>',
        500,
      ),
    });
    assert.equal(result.cause, 'auth.integration-permission');
  });

  it('reads a Step Functions execution that already exists as a duplicate request', () => {
    const result = classified({
      messages: trail(
        'https://states.us-east-1.amazonaws.com/?Action=StartExecution',
        400,
        '{"__type":"com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists","message":"Execution Already Exists: \'arn:aws:states:us-east-1:123456789012:execution:OrderFlow:order-42\'"}',
        400,
      ),
    });
    assert.equal(result.cause, 'conflict.duplicate');
  });

  it('reads Step Functions at its running-executions limit as the backend throttling', () => {
    const result = classified({
      messages: trail(
        'https://states.us-east-1.amazonaws.com/?Action=StartExecution',
        400,
        '{"__type":"com.amazonaws.swf.service.v2.model#ExecutionLimitExceeded","message":"Maximum number of running executions reached"}',
        500,
      ),
    });
    assert.equal(result.cause, 'limit.backend');
  });
});

describe('classify: cases from the second accuracy audit', () => {
  // SYNTHETIC lines in the shapes AWS documents, except where a source is named.
  const cases: readonly {
    what: string;
    input: Parameters<typeof classified>[0];
    cause: Cause;
    confidence?: string;
  }[] = [
    {
      // Wording from AWS Knowledge Center api-gateway-lambda-template-invoke-error (a real trail).
      what: 'a Lambda integration called with GET, which Lambda cannot map to an operation',
      input: {
        messages: [
          'Received response. Status: 403, Integration latency: 3 ms',
          'Endpoint response body before transformations: <AccessDeniedException><Message>Unable to determine service/operation name to be authorized</Message></AccessDeniedException>',
          'Lambda invocation failed with status: 403. Lambda request id: abc1d2ef-34ab-56c7-de8f-90123a456789',
          'Execution failed due to configuration error:',
          'Method completed with status: 500',
        ],
      },
      cause: 'server.configuration',
    },
    {
      what: 'a caller refused another execute-api action than Invoke (cache invalidation)',
      input: {
        access: {
          status: 403,
          errorMessage:
            'User: anonymous is not authorized to perform: execute-api:InvalidateCache on resource: arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets',
        },
      },
      cause: 'auth.denied',
    },
    {
      what: "an SQS integration whose queue does not exist (SQS's own message)",
      input: {
        access: {
          status: 500,
          routeKey: 'POST /orders',
          integrationStatus: 400,
          integrationError: 'The specified queue does not exist for this wsdl version.',
        },
      },
      cause: 'server.configuration',
    },
    {
      what: "a backend's own 429 beside its throttling words",
      input: {
        access: {
          status: 500,
          routeKey: 'POST /orders',
          integrationStatus: 429,
          integrationError: 'Rate Exceeded.',
        },
      },
      cause: 'limit.backend',
      confidence: 'certain',
    },
    {
      what: 'an HTTP API 503 whose integration error names another failure than a timeout',
      input: {
        access: {
          status: 503,
          routeKey: 'GET /svc',
          noIntegrationStatus: true,
          integrationError: 'Failed to resolve service instance from AWS Cloud Map',
        },
      },
      cause: 'unknown.server',
    },
  ];
  for (const { what, input, cause, confidence } of cases) {
    it(`reads ${what} as ${cause}`, () => {
      const result = classified(input);
      assert.equal(result.cause, cause, result.evidence.join(' | '));
      if (confidence !== undefined) assert.equal(result.confidence, confidence);
    });
  }
});

describe('classify: an authorizer API Gateway may not invoke', () => {
  // SYNTHETIC trails in the shapes of real ones (test/fixtures/real-lines.json: SIB-jsong253-…, KC-rest-api-lambda-authorizer-…).
  const refusals = [
    'Execution failed due to configuration error: Invalid permissions on Lambda function',
    'Execution failed due to configuration error: API Gateway does not have permission to assume the provided role arn:aws:iam::123456789012:role/authorizer-invoke',
  ];
  for (const refusal of refusals) {
    it(`names the authorizer, with the refusal as evidence, when "${refusal.slice(49, 90)}…" precedes "Authorizer error"`, () => {
      const result = classified({
        messages: [
          refusal,
          'Execution failed due to configuration error: Authorizer error',
          'Method completed with status: 500',
        ],
      });
      assert.equal(result.cause, 'auth.authorizer-error');
      assert.equal(result.masked, true);
      assert.deepEqual(result.evidence, [
        'Execution failed due to configuration error: Authorizer error',
        refusal,
      ]);
    });
    it(`still reads "${refusal.slice(49, 90)}…" without an authorizer error as the integration's permission`, () => {
      const result = classified({ messages: [refusal, 'Method completed with status: 500'] });
      assert.equal(result.cause, 'auth.integration-permission');
    });
  }
});

describe('classify: why an authorizer failed', () => {
  // SYNTHETIC trails in the shape of the shared corpus's S02-08 (an authorizer that returned null).
  for (const why of [
    'Execution failed due to configuration error: Could not parse policy',
    'Execution failed due to configuration error: Invalid JSON in response: null',
  ]) {
    it(`shows "${why.slice(45)}" beside the result body it follows, since the body alone does not say what went wrong`, () => {
      const result = classified({
        messages: ['Authorizer result body before parsing: null', why, 'AuthorizerConfigurationException'],
      });
      assert.equal(result.cause, 'auth.authorizer-error');
      assert.deepEqual(result.evidence, ['Authorizer result body before parsing: null', why]);
    });
  }
});

describe('classify: why an authorizer failed, when the line that names the failure says why', () => {
  // SYNTHETIC trails; the wording is API Gateway's (AUTHORIZER_ERROR, test/unit/core/documented-wordings).
  it('shows "Invalid JSON in response" once when it is also the line that names the authorizer error', () => {
    const why = 'Execution failed due to configuration error: Invalid JSON in response: {"principalId":';
    const result = classified({ messages: [why, 'Method completed with status: 500'] });
    assert.equal(result.cause, 'auth.authorizer-error');
    assert.deepEqual(result.evidence, [why]);
  });
});

describe("classify: API Gateway's own answer named in the trail", () => {
  it('reads the response type and the status of a "Gateway response type" line when no access line says them', () => {
    const result = classified({
      messages: ['Gateway response type: THROTTLED with status code: 429'],
    });
    assert.equal(result.cause, 'limit.throttle');
    assert.equal(result.clientStatus, 429);
  });

  it('lets the final "Method completed" status win over it', () => {
    const result = classified({
      messages: [
        'Execution failed due to configuration error: Authorizer error',
        'Gateway response type: AUTHORIZER_CONFIGURATION_ERROR with status code: 500',
        'Method completed with status: 500',
      ],
    });
    assert.equal(result.cause, 'auth.authorizer-error');
    assert.equal(result.clientStatus, 500);
  });
});

describe('classify: a 2xx is not failed by words in the data it returned', () => {
  // SYNTHETIC bodies of successful answers, logged whole by full request/response logging.
  const http = [
    'Sending request to https://orders.example.com/v1/jobs',
    'Received response. Status: 200, Integration latency: 35 ms',
  ];
  // A non-proxy Lambda integration's answer, which names no status of its own: Lambda's 200 for the
  // invoke, and no X-Amz-Function-Error, say the function returned it.
  const lambda = [
    'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:jobs/invocations',
    'Received response. Status: 200, Integration latency: 35 ms',
    'Endpoint response headers: {Content-Type=application/json, X-Amz-Executed-Version=$LATEST}',
  ];
  const bodies = [
    '{"ok":true,"errorMessage":null,"items":[]}',
    // Data whose first key a proxy response also has, whole (not cut): no statusCode hidden in it.
    '{"body":{"jobs":[{"state":"FAILED","log":"Task timed out after 900.00 seconds"}]}}',
    '{"isBase64Encoded":false,"note":"Task timed out after 3.00 seconds, resumed"}',
    '{"jobs":[{"id":1,"state":"FAILED","log":"Task timed out after 900.00 seconds"}]}',
    '{"services":[{"name":"payments","status":"degraded","detail":"connection reset by peer"}]}',
    '{"message":"Execution failed due to configuration error in the partner system; retry scheduled"}',
    '{"audit":[{"event":"AccessDenied","user":"bob"}]}',
    '{"status":"done","note":"Malformed Lambda proxy response was fixed in v2"}',
  ];
  // The trail cut before its `Method completed` line (a paste's excerpt): the backend's 200 that API
  // Gateway completed normally is passed on as a success all the same, so its data proves nothing.
  const ends: readonly (readonly [string, readonly string[]])[] = [
    ['a 200', ['Method completed with status: 200']],
    ["a backend's 200 whose trail is cut before its final status", []],
  ];
  for (const [integration, calls] of [
    ['an HTTP backend', http],
    ['a non-proxy Lambda integration', lambda],
  ] as const) {
    for (const [what, end] of ends) {
      for (const body of bodies) {
        it(`counts no failure for ${what} from ${integration} whose body is ${body}`, () => {
          const result = classify(
            request({
              messages: [
                ...calls,
                `Endpoint response body before transformations: ${body}`,
                `Method response body after transformations: ${body}`,
                'Successfully completed execution',
                ...end,
              ],
            }),
          );
          assert.equal(result, undefined);
        });
      }
    }
  }

  it("names the function's timeout from the body once Lambda's header has proved a 200 failed", () => {
    // SYNTHETIC: a non-proxy Lambda integration whose default response maps the timed-out invoke to 200.
    const result = classified({
      messages: [
        'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
        'Received response. Status: 200, Integration latency: 3012 ms',
        'Endpoint response headers: {X-Amz-Function-Error=Unhandled, X-Amz-Executed-Version=$LATEST}',
        'Endpoint response body before transformations: {"errorMessage":"2026-11-25T10:15:33.001Z 5a2f Task timed out after 3.00 seconds"}',
        'Method response body after transformations: {"errorMessage":"2026-11-25T10:15:33.001Z 5a2f Task timed out after 3.00 seconds"}',
        'Successfully completed execution',
        'Method completed with status: 200',
      ],
    });
    assert.equal(result.cause, 'timeout.function');
    assert.equal(result.masked, true);
  });

  it("does not read a Lambda proxy's answer cut before its statusCode, in a trail cut before its final status, as a success", () => {
    // SYNTHETIC: a proxy response whose headers pushed its statusCode past the 1 KiB cut; its status
    // is unknown, not Lambda's 200 for the invoke, so its body's words still decide.
    const result = classified({
      messages: [
        'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
        'Received response. Status: 200, Integration latency: 20 ms',
        'Endpoint response headers: {Content-Type=application/json, X-Amz-Executed-Version=$LATEST}',
        `Endpoint response body before transformations: {"headers":{"Content-Type":"application/json"},"body":"{\\"__type\\":\\"ProvisionedThroughputExceededException\\",\\"message\\":\\"Rate exceeded ${'x'.repeat(700)} [TRUNCATED]`,
        'Successfully completed execution',
      ],
    });
    assert.equal(result.cause, 'limit.backend');
  });

  it('reads such a cut proxy answer alike when a pasted line continues its message after the cut', () => {
    // SYNTHETIC: the line after the cut carries no request id, so the parser joins it to the body.
    const result = classified({
      messages: [
        'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
        'Received response. Status: 200, Integration latency: 20 ms',
        `Endpoint response body before transformations: {"headers":{"Content-Type":"application/json"},"body":"{\\"__type\\":\\"ProvisionedThroughputExceededException\\",\\"message\\":\\"Rate exceeded ${'x'.repeat(700)} [TRUNCATED]\n}`,
        'Successfully completed execution',
      ],
    });
    assert.equal(result.cause, 'limit.backend');
  });

  for (const [what, end] of [
    ['a 200', ['Method completed with status: 200']],
    ['a trail cut before its final status', []],
  ] as const) {
    it(`still counts ${what} behind which Lambda's header says the function failed`, () => {
      const result = classified({
        messages: [
          'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
          'Received response. Status: 200, Integration latency: 20 ms',
          'Endpoint response headers: {X-Amz-Function-Error=Unhandled, X-Amz-Executed-Version=$LATEST}',
          'Endpoint response body before transformations: {"errorMessage":"boom","errorType":"Error"}',
          'Method response body after transformations: {"errorMessage":"boom","errorType":"Error"}',
          'Successfully completed execution',
          ...end,
        ],
      });
      assert.equal(result.cause, 'server.function-error');
      if (end.length > 0) assert.equal(result.masked, true);
    });
  }
});

/**
 * A non-proxy Lambda integration whose integration response maps the function's failure to a 4xx:
 * a timed-out or crashed function gave no verdict on the request, so the cause is its failure.
 * SYNTHETIC trails, in the shape of Lambda's non-proxy answers.
 */
describe('classify: a function failure the owner mapped to a 4xx', () => {
  const rows: readonly (readonly [string, string, string, Cause])[] = [
    [
      'a timeout mapped to 408 is the function timing out',
      '{"errorMessage":"2026-11-25T10:15:33.001Z 5a2f Task timed out after 3.00 seconds"}',
      'Method completed with status: 408',
      'timeout.function',
    ],
    [
      'a crash mapped to 400 is the function failing',
      '{"errorType":"Runtime.ExitError","errorMessage":"RequestId: 5a2f Error: Runtime exited with error: signal: killed"}',
      'Method completed with status: 400',
      'server.function-error',
    ],
  ];
  for (const [what, body, completed, cause] of rows) {
    it(what, () => {
      const result = classified({
        messages: [
          'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
          'Received response. Status: 200, Integration latency: 3012 ms',
          'Endpoint response headers: {X-Amz-Function-Error=Unhandled, X-Amz-Executed-Version=$LATEST}',
          `Endpoint response body before transformations: ${body}`,
          completed,
        ],
      });
      assert.equal(result.cause, cause);
    });
  }
});

describe('classify: a backend status behind a 2xx/3xx is no failure on its own', () => {
  const cases: readonly (readonly [string, Evidence])[] = [
    [
      'a non-proxy Lambda whose body holds a nested statusCode',
      {
        messages: [
          'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:checks/invocations',
          'Received response. Status: 200, Integration latency: 30 ms',
          'Endpoint response body before transformations: {"checks":[{"url":"https://example.com","statusCode":404}]}',
          'Successfully completed execution',
          'Method completed with status: 200',
        ],
      },
    ],
    [
      "an HTTP backend's 404 that the integration response maps to an empty 200",
      {
        messages: [
          'Sending request to https://backend.example.com/orders?user=7',
          'Received response. Status: 404, Integration latency: 8 ms',
          'Endpoint response body before transformations: {"message":"no orders"}',
          'Method response body after transformations: []',
          'Successfully completed execution',
          'Method completed with status: 200',
        ],
      },
    ],
    [
      // SYNTHETIC: many non-AWS APIs write errors as {"Error":{"Code":…}}, the shape AWS's query APIs
      // answer in JSON; only from an AWS service does it prove the service failed.
      'an HTTP backend\'s 404 with an {"Error":{"Code":…}} body that the integration response maps to 200',
      {
        messages: [
          'Sending request to https://api.example.com/orders/1',
          'Received response. Status: 404, Integration latency: 12 ms',
          'Endpoint response body before transformations: {"Error":{"Code":"NotFound","Message":"no such order"}}',
          'Successfully completed execution',
          'Method completed with status: 200',
        ],
      },
    ],
    [
      'an access line with a backend 404 behind a 200 and no error',
      { access: { status: 200, integrationStatus: 404 } },
    ],
    [
      'a backend 401 mapped to a redirect to the login page',
      { access: { status: 302, integrationStatus: 401 } },
    ],
  ];
  for (const [what, evidence] of cases) {
    it(`does not count ${what}`, () => {
      assert.equal(classify(request(evidence)), undefined);
    });
  }
});

describe("classify: an AWS service's own 5xx behind a 2xx/3xx is a failure", () => {
  // SYNTHETIC trails of a non-proxy AWS integration whose default integration response passes the
  // service's error on as 200, the body line absent (cut, or logged at ERROR level): the status alone
  // is the service failing, which no design maps to a success, as a function's 500 is.
  for (const [service, status] of [
    ['s3', 500],
    ['dynamodb', 500],
    ['sqs', 503],
  ] as const) {
    it(`counts ${service}'s ${status} passed on as 200 as server.unavailable, masked`, () => {
      const result = classified({
        messages: [
          `Endpoint request URI: https://${service}.us-east-1.amazonaws.com/orders`,
          `Received response. Status: ${status}, Integration latency: 20 ms`,
          'Successfully completed execution',
          'Method completed with status: 200',
        ],
      });
      assert.equal(result.cause, 'server.unavailable');
      assert.equal(result.masked, true);
    });
  }
});

describe("classify: AWS service endpoints in every partition's domain", () => {
  // SYNTHETIC trails: SQS's query-JSON error passed on as 200 by a default integration response, at
  // hosts of the China, European Sovereign Cloud and isolated partitions.
  for (const domain of ['amazonaws.com.cn', 'amazonaws.eu', 'c2s.ic.gov', 'sc2s.sgov.gov']) {
    it(`counts an SQS error behind a 200 from sqs.<region>.${domain}, masked`, () => {
      const result = classified({
        messages: [
          `Endpoint request URI: https://sqs.region-1.${domain}/123456789012/orders`,
          'Received response. Status: 400, Integration latency: 12 ms',
          'Endpoint response body before transformations: {"Error":{"Code":"AWS.SimpleQueueService.NonExistentQueue","Message":"The specified queue does not exist."}}',
          'Method completed with status: 200',
        ],
      });
      assert.equal(result.masked, true);
      assert.equal(result.clientStatus, 200);
    });
  }
});

describe('proxyStatusOf: the status a Lambda proxy response asks for', () => {
  const rows: readonly (readonly [string, string, number | undefined])[] = [
    ['statusCode first, as functions usually write it', '{"statusCode":502,"body":"{}"}', 502],
    ['statusCode after other keys', '{"headers":{"a":"b"},"isBase64Encoded":false,"statusCode":"404"}', 404],
    [
      'only a statusCode nested in the data',
      '{"checks":[{"url":"https://example.com","statusCode":404}]}',
      undefined,
    ],
    ['a top-level statusCode next to nested ones', '{"items":[{"statusCode":500}],"statusCode":200}', 200],
    [
      'a body cut at 1 KiB, read by its first statusCode',
      '{"headers":{"x":"y"},"statusCode":503,"body":"aaaa [TRUNCATED]',
      503,
    ],
    ['text that is not JSON', 'Bad response', undefined],
    ['the highest status HTTP allows, after other keys', '{"body":"{}","statusCode":599}', 599],
    ['the lowest status HTTP allows, after other keys', '{"body":"{}","statusCode":100}', 100],
    ['a number too large for a status, after other keys', '{"body":"{}","statusCode":600}', undefined],
    ['a number too large for a status, first', '{"statusCode":600,"body":"{}"}', undefined],
    ['four digits, first, not its first three', '{"statusCode":5000,"body":"{}"}', undefined],
    [
      'a number too large for a status in a cut body',
      '{"headers":{},"statusCode":700,"body":"a [TRUNCATED]',
      undefined,
    ],
    [
      'a number too large for a status in a cut body, not a nested statusCode after it',
      '{"statusCode":700,"body":"{}","multiValueHeaders":{},"checks":[{"statusCode":500}],"x":"a [TRUNCATED]',
      undefined,
    ],
    [
      'a cut body whose first statusCode is no number, not a nested statusCode after it',
      '{"statusCode":null,"body":"{}","checks":[{"statusCode":500}],"x":"a [TRUNCATED]',
      undefined,
    ],
  ];
  for (const [what, body, expected] of rows) {
    it(`reads ${what} as ${expected ?? 'no status'}`, () => {
      assert.equal(proxyStatusOf(body), expected);
    });
  }
});

/**
 * WebSocket access records, SYNTHETIC, in the shape of the WebSocket presets (event type where HTTP
 * logs the method, a route key, integration status `-`). WebSocket APIs have API keys and usage
 * plans, which HTTP APIs lack, so the HTTP API readings of a bare 403, 429 or Forbidden do not apply.
 */
describe('classify: WebSocket API statuses', () => {
  it('tells a WebSocket access line from an HTTP API one by its event type or a $connect/$disconnect route', () => {
    const facts = (access: Omit<AccessLogRecord, 'format'>) => factsOf(request({ access }));
    for (const access of [
      { status: 403, httpMethod: 'CONNECT', routeKey: '$connect' },
      { status: 500, httpMethod: 'MESSAGE', routeKey: 'sendmessage' },
      { status: 500, routeKey: '$disconnect' },
    ]) {
      assert.deepEqual(
        [facts(access).webSocket, facts(access).httpApi],
        [true, false],
        JSON.stringify(access),
      );
    }
    assert.deepEqual(
      [
        facts({ status: 500, httpMethod: 'GET', routeKey: '$default' }).webSocket,
        facts({ status: 500, routeKey: '$default' }).httpApi,
      ],
      [false, true],
    );
  });

  it('keeps a WebSocket 403 on $connect no integration answered a bare status: it may be a missing API key', () => {
    const result = classified({
      access: { status: 403, httpMethod: 'CONNECT', routeKey: '$connect', noIntegrationStatus: true },
    });
    assert.equal(result.cause, 'unknown.client');
    assert.equal(result.confidence, CONFIDENCE.statusOnly);
  });

  it('keeps a WebSocket 429 no integration answered a bare status: it may be a usage-plan quota', () => {
    const result = classified({
      access: { status: 429, httpMethod: 'MESSAGE', routeKey: 'sendmessage', noIntegrationStatus: true },
    });
    assert.equal(result.cause, 'unknown.client');
  });

  it('does not read a Forbidden on a WebSocket API as an API key or a refusal: an unmatched message says it too', () => {
    const result = classified({
      access: { status: 403, httpMethod: 'MESSAGE', routeKey: 'sendmessage', errorMessage: 'Forbidden' },
    });
    assert.equal(result.cause, 'unknown.client');
  });

  it('still reads a WebSocket 401 no integration answered as the caller not authenticated', () => {
    const result = classified({
      access: { status: 401, httpMethod: 'CONNECT', routeKey: '$connect', noIntegrationStatus: true },
    });
    assert.equal(result.cause, 'auth.unauthenticated');
  });
});

describe('classify: a 502 after Lambda answered 200, by what the trail shows of the answer', () => {
  // SYNTHETIC trails in the shape of the console's REST test output (Lambda proxy integration).
  const trail = (body: string) => [
    LAMBDA_URI,
    'Received response. Status: 200, Integration latency: 20 ms',
    `Endpoint response body before transformations: ${body}`,
    'Method completed with status: 502',
  ];
  const rows: readonly (readonly [string, string, Cause])[] = [
    ['a string, no proxy response', '"hello world"', 'server.bad-response'],
    ['an object without a statusCode', '{"menuid":"978-1420931693"}', 'server.bad-response'],
    ['its start elided when pasted', '...","trace":[]}', 'server.function-error'],
    ['its start elided with an ellipsis', '…{"menuid":1}', 'server.function-error'],
  ];
  for (const [what, body, cause] of rows) {
    it(`reads a body that is ${what} as ${cause}`, () => {
      const result = classified({ messages: trail(body) });
      assert.equal(result.cause, cause);
      assert.equal(result.confidence, CONFIDENCE.likely);
    });
  }

  it('keeps a 502 with no body at hand as the likely function error', () => {
    const result = classified({
      messages: [
        LAMBDA_URI,
        'Received response. Status: 200, Integration latency: 20 ms',
        'Method completed with status: 502',
      ],
    });
    assert.equal(result.cause, 'server.function-error');
  });
});

/**
 * The evidence of a function error is what tells its owner why: the error Lambda returned, not the
 * header that only says there was one. SYNTHETIC trails in the shape of corpus S07-05 (a REST Lambda
 * proxy trail whose response headers, carrying X-Amz-Function-Error=Unhandled, come before the body
 * and the "customer function error" line).
 */
describe('classify: a function error shows the error the function returned', () => {
  const headers =
    'Endpoint response headers: {Date=Wed, 25 Nov 2026 10:00:00 GMT, Content-Type=application/json, X-Amz-Function-Error=Unhandled, X-Amz-Executed-Version=$LATEST}';

  it('shows the error object of the response body rather than the header that flags it', () => {
    const result = classified({
      messages: [
        LAMBDA_URI,
        'Received response. Status: 200, Integration latency: 31 ms',
        headers,
        'Endpoint response body before transformations: {"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading \'sku\')","trace":[]}',
        "Lambda execution failed with status 200 due to customer function error: Cannot read properties of undefined (reading 'sku'). Lambda request id: 0f0f0f0f-1111-2222-3333-444444444444",
        'Method completed with status: 502',
      ],
    });
    assert.equal(result.cause, 'server.function-error');
    assert.match(
      result.evidence.join('\n'),
      /TypeError.*Cannot read properties of undefined \(reading 'sku'\)/,
    );
    assert.doesNotMatch(result.evidence.join('\n'), /^Endpoint response headers/m);
  });

  it("shows Lambda's customer function error line when the body is not in the trail", () => {
    const result = classified({
      messages: [
        LAMBDA_URI,
        headers,
        'Lambda execution failed with status 200 due to customer function error: orders table not found. Lambda request id: 0f0f0f0f-1111-2222-3333-444444444444',
        'Method completed with status: 502',
      ],
    });
    assert.equal(result.cause, 'server.function-error');
    assert.match(result.evidence.join('\n'), /customer function error: orders table not found/);
  });

  it('keeps the header as evidence when it is all the trail says', () => {
    const result = classified({
      messages: [LAMBDA_URI, headers, 'Method completed with status: 502'],
    });
    assert.equal(result.cause, 'server.function-error');
    assert.match(result.evidence.join('\n'), /X-Amz-Function-Error=Unhandled/);
  });
});

/**
 * A backend that refused a request says why in its answer, which the trail shows: the evidence of its
 * status carries that body. SYNTHETIC trails in the shape of corpus S01-04 (a Lambda proxy answering
 * {"statusCode":400,"body":…} with Lambda's invoke status 200).
 */
describe("classify: a backend's own error status shows the body it answered with", () => {
  it('shows the response body beside the status the backend answered', () => {
    const result = classified({
      messages: [
        LAMBDA_URI,
        'Received response. Status: 200, Integration latency: 86 ms',
        'Endpoint response body before transformations: {"statusCode":400,"body":"\\"Unknown coupon code SPRING-26.\\""}',
        'Method completed with status: 400',
      ],
    });
    assert.equal(result.cause, 'bad-request.backend');
    assert.match(result.evidence.join('\n'), /integration\.status=400 \(backend\)/);
    assert.match(result.evidence.join('\n'), /Unknown coupon code SPRING-26/);
  });

  it('removes secrets from the body it shows', () => {
    const result = classified({
      messages: [
        LAMBDA_URI,
        'Received response. Status: 200, Integration latency: 40 ms',
        'Endpoint response body before transformations: {"statusCode":401,"body":"{\\"error\\":\\"token rejected\\",\\"authorization\\":\\"Bearer abcdefghijklmnopqrstuvwxyz0123456789\\"}"}',
        'Method completed with status: 401',
      ],
    });
    assert.equal(result.cause, 'auth.backend');
    assert.match(result.evidence.join('\n'), /token rejected/);
    assert.doesNotMatch(result.evidence.join('\n'), /abcdefghijklmnopqrstuvwxyz0123456789/);
  });

  it('shows no body when the backend answered an empty one, which says nothing (SYNTHETIC)', () => {
    const result = classified({
      messages: [
        'Endpoint request URI: https://orders.example.com/v1/orders/42',
        'Received response. Status: 404, Integration latency: 9 ms',
        'Endpoint response body before transformations: ',
        'Method completed with status: 404',
      ],
    });
    assert.equal(result.cause, 'not-found.backend');
    assert.deepEqual(result.evidence, ['integration.status=404 (backend)']);
  });

  it('shows a 409 body that names a duplicate once, not again as the body (SYNTHETIC)', () => {
    const body = 'Endpoint response body before transformations: {"message":"duplicate order 42"}';
    const result = classified({
      messages: [
        'Endpoint request URI: https://orders.example.com/v1/orders',
        'Received response. Status: 409, Integration latency: 9 ms',
        body,
        'Method completed with status: 409',
      ],
    });
    assert.equal(result.cause, 'conflict.duplicate');
    assert.deepEqual(result.evidence, ['integration.status=409 (backend)', body]);
  });

  it('shows the status alone when the access log is all there is', () => {
    const result = classified({
      access: { status: 404, integrationStatus: 404, integrationServiceStatus: 200 },
    });
    assert.equal(result.cause, 'not-found.backend');
    assert.deepEqual(result.evidence, ['integration.status=404 (backend)']);
  });
});

/**
 * "Malformed Lambda proxy response" says that the gateway could not read the function's answer, not
 * what was wrong with it: the answer itself, when the trail has it, shows that. SYNTHETIC trail in the
 * shape of corpus S08-02 (a proxy response whose body is an object, not a string).
 */
describe('classify: a malformed response shows the response the gateway could not read', () => {
  it('shows the response body beside the malformed-response line', () => {
    const result = classified({
      messages: [
        LAMBDA_URI,
        'Received response. Status: 200, Integration latency: 12 ms',
        'Endpoint response body before transformations: {"statusCode": 200, "body": {"orders": []}}',
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'Method completed with status: 502',
      ],
    });
    assert.equal(result.cause, 'server.bad-response');
    assert.match(result.evidence.join('\n'), /Malformed Lambda proxy response/);
    assert.match(result.evidence.join('\n'), /"body": \{"orders": \[\]\}/);
  });

  it('shows the malformed-response line alone when the body is not in the trail', () => {
    const result = classified({
      messages: [
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'Method completed with status: 502',
      ],
    });
    assert.equal(result.cause, 'server.bad-response');
    assert.equal(result.evidence.length, 1);
  });
});
