/**
 * API Gateway decides some causes before it calls the integration: it matches the route, then
 * authorizes the caller (resource policy, IAM signature, authorizer, API key and usage plan, WAF),
 * then validates the request, and only then calls the integration (API Gateway developer guide, "How
 * API Gateway resource policies affect authorization workflow": a request refused there never reaches
 * the integration). So when the logs show the integration was called and answered (an integration
 * status that is a number, Lambda's 200 for the invoke, a trail with the endpoint's response), none of
 * those causes is why the request failed: words naming one are the backend's own, or what the
 * function's own calls met, and the rule that reads them steps aside.
 *
 * Every access line and execution message here is SYNTHETIC, in API Gateway's wordings for each
 * refusal.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cause } from '../../../lambda/core/taxonomy';
import { classifiedFields, classifiedTrail } from '../../support/classified';

/** Causes API Gateway decides before it calls the integration. */
const BEFORE_THE_INTEGRATION: ReadonlySet<Cause> = new Set<Cause>([
  'not-found.route',
  'auth.unauthenticated',
  'auth.denied',
  'auth.api-key',
  'auth.signature',
  'auth.waf',
  'auth.authorizer-error',
  'limit.throttle',
  'limit.quota',
  'bad-request.body',
  'bad-request.parameters',
]);

/** How the logs show the integration answered, in an access line. */
const ANSWERED: readonly (readonly [label: string, fields: Record<string, string>])[] = [
  ["Lambda's 200 for the invoke ($context.integrationStatus)", { integrationStatus: '200' }],
  ["Lambda's 200 on an HTTP API line", { routeKey: 'GET /orders', integrationStatus: '200' }],
  ["the backend's 200 ($context.integration.status)", { 'integration.status': '200' }],
  ["Lambda's 200 ($context.integration.integrationStatus)", { 'integration.integrationStatus': '200' }],
];

/** REST execution trails of an integration that answered, with `words` where the backend put them. */
function answeredTrails(words: string, status: string): readonly (readonly [string, string[]])[] {
  const body = JSON.stringify({ message: words });
  return [
    [
      'an HTTP backend answered 200, mapped to the status',
      [
        'Starting execution for request: 8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
        'Endpoint request URI: https://backend.example.com/orders',
        'Sending request to https://backend.example.com/orders',
        'Received response. Status: 200, Integration latency: 12 ms',
        `Endpoint response body before transformations: ${body}`,
        `Method response body after transformations: ${body}`,
        `Method completed with status: ${status}`,
      ],
    ],
    [
      "Lambda answered the invoke 200 (a non-proxy function's answer, cut before the end)",
      [
        'Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
        'Received response. Status: 200, Integration latency: 40 ms',
        'Endpoint response headers: {Date=Fri, 27 Nov 2026 08:00:00 GMT, Content-Type=application/json, X-Amz-Executed-Version=$LATEST}',
        `Endpoint response body before transformations: ${body}`,
        `Method completed with status: ${status}`,
      ],
    ],
  ];
}

interface Row {
  readonly status: string;
  readonly words: string;
  /** The pre-integration cause the words name. */
  readonly refusal: Cause;
  /** What the same words name when no integration answered: they are known words, so the test could fail. */
  readonly alone: Cause;
  /** Also put the words in a REST trail the integration answered. */
  readonly trail?: boolean;
}

function describeRows(title: string, rows: readonly Row[]): void {
  describe(title, () => {
    for (const { status, words, refusal, alone, trail = true } of rows) {
      for (const field of ['errorMessage', 'integrationErrorMessage']) {
        it(`reads "${words.slice(0, 45)}" in ${field} as ${alone} when no integration answered (SYNTHETIC)`, () => {
          assert.equal(classifiedFields({ status, [field]: words })?.cause, alone);
        });
        for (const [label, answered] of ANSWERED) {
          it(`does not read "${words.slice(0, 45)}" in ${field} beside ${label} as ${refusal}, nor as any cause decided before the integration (SYNTHETIC)`, () => {
            const result = classifiedFields({ status, ...answered, [field]: words });
            assert.ok(result, 'a failed request');
            assert.notEqual(result.cause, refusal);
            assert.ok(!BEFORE_THE_INTEGRATION.has(result.cause), result.cause);
          });
        }
      }
      if (!trail) continue;
      for (const [label, messages] of answeredTrails(words, status)) {
        it(`does not read "${words.slice(0, 45)}" in a REST trail where ${label} as ${refusal} (SYNTHETIC)`, () => {
          const result = classifiedTrail(messages);
          assert.ok(result, 'a failed request');
          assert.ok(!BEFORE_THE_INTEGRATION.has(result.cause), result.cause);
        });
      }
    }
  });
}

describeRows('classify: a route that was found, since its integration answered', [
  { status: '404', words: 'Resource not found', refusal: 'not-found.route', alone: 'not-found.route' },
  { status: '404', words: 'Not Found', refusal: 'not-found.route', alone: 'not-found.route' },
  { status: '404', words: 'No route matched', refusal: 'not-found.route', alone: 'not-found.route' },
  {
    status: '403',
    words: 'Missing Authentication Token',
    refusal: 'not-found.route',
    alone: 'not-found.route',
  },
  {
    status: '403',
    words:
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter.",
    refusal: 'not-found.route',
    alone: 'not-found.route',
  },
  // The review's case: a function's own DynamoDB error beside Lambda's 200. Alone, in an access
  // field, it names a missing integration target.
  {
    status: '404',
    words: 'ResourceNotFoundException: Requested resource not found',
    refusal: 'not-found.route',
    alone: 'server.configuration',
  },
]);

describeRows('classify: a caller the authorizer let through, since the integration answered', [
  { status: '401', words: 'Unauthorized', refusal: 'auth.unauthenticated', alone: 'auth.unauthenticated' },
  {
    status: '401',
    words: 'Unauthorized request: 8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
    refusal: 'auth.unauthenticated',
    alone: 'auth.unauthenticated',
  },
  { status: '401', words: 'JWT is expired', refusal: 'auth.unauthenticated', alone: 'auth.unauthenticated' },
  {
    status: '401',
    words: 'The incoming token has expired',
    refusal: 'auth.unauthenticated',
    alone: 'auth.unauthenticated',
  },
  {
    status: '500',
    words: 'Authorizer error',
    refusal: 'auth.authorizer-error',
    alone: 'auth.authorizer-error',
  },
  {
    status: '500',
    words: 'AuthorizerConfigurationException',
    refusal: 'auth.authorizer-error',
    alone: 'auth.authorizer-error',
  },
]);

/**
 * The authorizer's and the authentication phases' own fields ($context.authorizer.error,
 * $context.authorizer.status, $context.authorize.status, $context.authenticate.status) and an
 * authorizer's Deny policy in the trail: a request they refused never reached the integration (a real
 * refusal logs its integration status as `-`: real-lines.json GH-careervp-401-authorizer-error-field).
 */
describe('classify: authorizer and phase fields beside an integration that answered', () => {
  const DENY_POLICY =
    'Authorizer result body before parsing: {"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders"}]}}';
  const ROWS: readonly (readonly [label: string, fields: Record<string, string>, messages?: string[]])[] = [
    ['authorizer.error "Unauthorized" with a 401', { status: '401', 'authorizer.error': 'Unauthorized' }],
    ['an unknown authorizer.error with a 403', { status: '403', 'authorizer.error': 'access refused' }],
    ['an unknown authorizer.error with a 500', { status: '500', 'authorizer.error': 'access refused' }],
    ['authorizer.status 401', { status: '401', 'authorizer.status': '401' }],
    ['authorizer.status 403', { status: '403', 'authorizer.status': '403' }],
    ['authorizer.status 500', { status: '500', 'authorizer.status': '500' }],
    ['authorize.status 403', { status: '403', 'authorize.status': '403' }],
    ['authenticate.status 403', { status: '403', 'authenticate.status': '403' }],
    [
      'authenticate.status 403 and "Missing Authentication Token"',
      { status: '403', 'authenticate.status': '403', errorMessage: 'Missing Authentication Token' },
    ],
    ["an authorizer's Deny policy in the trail with a 403", { status: '403' }, [DENY_POLICY]],
    [
      'a trail cut in its authorizer with a 500',
      { status: '500' },
      ['Starting authorizer: q8togz for request: 8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6'],
    ],
  ];
  for (const [label, fields, messages] of ROWS) {
    const classifiedWith = (extra: Record<string, string>) =>
      classifiedFields({ ...fields, ...extra }, messages);
    it(`reads ${label} as a cause decided before the integration when none answered (SYNTHETIC)`, () => {
      const result = classifiedWith({ integrationStatus: '-' });
      assert.ok(result && BEFORE_THE_INTEGRATION.has(result.cause), result?.cause);
    });
    for (const [answeredLabel, answered] of ANSWERED) {
      it(`does not read ${label} beside ${answeredLabel} as a cause decided before the integration (SYNTHETIC)`, () => {
        const result = classifiedWith(answered);
        assert.ok(result, 'a failed request');
        assert.ok(!BEFORE_THE_INTEGRATION.has(result.cause), result.cause);
      });
    }
  }
});

describeRows("classify: API Gateway's refusals of a caller beside a backend that answered", [
  {
    status: '403',
    words: 'Invalid API Key identifier specified',
    refusal: 'auth.api-key',
    alone: 'auth.api-key',
  },
  { status: '403', words: 'Forbidden', refusal: 'auth.api-key', alone: 'auth.api-key' },
  {
    status: '403',
    words: 'The security token included in the request is invalid.',
    refusal: 'auth.signature',
    alone: 'auth.signature',
  },
  {
    status: '403',
    words: 'Signature expired: 20190101T000000Z is now earlier than 20190101T000500Z',
    refusal: 'auth.signature',
    alone: 'auth.signature',
  },
  {
    status: '403',
    words:
      'User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/orders with an explicit deny',
    refusal: 'auth.denied',
    alone: 'auth.denied',
  },
  { status: '403', words: 'Request blocked by AWS WAF', refusal: 'auth.waf', alone: 'auth.waf' },
  { status: '429', words: 'Too Many Requests', refusal: 'limit.throttle', alone: 'limit.throttle' },
  { status: '429', words: 'Limit Exceeded', refusal: 'limit.quota', alone: 'limit.quota' },
  { status: '400', words: 'Invalid request body', refusal: 'bad-request.body', alone: 'bad-request.body' },
  {
    status: '400',
    words: 'Missing required request parameters: [id]',
    refusal: 'bad-request.parameters',
    alone: 'bad-request.parameters',
  },
]);

describe("classify: the gateway's own verdict and a refused invoke stay as they were", () => {
  it('keeps a gateway response type authoritative whatever the integration status says (SYNTHETIC)', () => {
    const result = classifiedFields({
      status: '403',
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      'integration.status': '200',
      errorMessage: 'Missing Authentication Token',
    });
    assert.deepEqual([result?.cause, result?.confidence], ['not-found.route', 'certain']);
  });

  it("keeps Lambda's refusal of an invoke body it could not parse as JSON the body's fault: no function answered (SYNTHETIC, in the shape of real-lines.json SWEEP2-jotform-blog-invoke-400-could-not-parse-wrapped)", () => {
    const result = classifiedTrail([
      'Lambda invocation failed with status 400',
      "Execution failed: Could not parse request body into json: Unexpected character ('-' (code 45))",
    ]);
    assert.equal(result?.cause, 'bad-request.body');
  });
});

describe("classify: a Lambda authorizer's own invoke status is no answer of the integration, nor the phase's", () => {
  // SYNTHETIC values; key order of GH-sam-cli-2637's real format (real-lines.json), which logs
  // authorizer.integrationStatus (Lambda's status for the authorizer's invoke) before authorizer.status.
  it('reads a Lambda authorizer that ran and refused the caller (Lambda 200, authorizer.status 403) as the refusal, whatever the key order (SYNTHETIC)', () => {
    for (const fields of [
      { status: '403', 'authorizer.integrationStatus': '200', 'authorizer.status': '403' },
      { status: '403', 'authorizer.status': '403', 'authorizer.integrationStatus': '200' },
    ]) {
      const result = classifiedFields({ ...fields, 'authorizer.error': '-', 'integration.status': '-' });
      assert.deepEqual([result?.cause, result?.confidence], ['auth.denied', 'certain']);
    }
  });
});

/**
 * functionRan (and so integrationAnswered) reads the integration's evidence only. A Lambda
 * authorizer is a Lambda function too: the words API Gateway writes for a function that failed
 * ("The Lambda function returned the following error: …", "X-Amz-Function-Error") say nothing of the
 * integration when they are the authorizer's, in $context.authorizer.error or in a REST trail's
 * authorizer section. The real values of $context.authorizer.error found for a Lambda authorizer are
 * API Gateway's own sentences ("The IAM role configured on the authorizer …", "The response from the
 * Lambda Authorizer function doesn't match the format …": real-lines.json
 * CLASSMETHOD-http-api-lambda-authorizer-no-invoke-permission, QA-mantil-52-http-api-autherror-json);
 * what it writes for an authorizer that threw is not published, so the rows below guard the
 * integration's lead-in showing up there.
 */
describe("classify: a Lambda authorizer's own failure is no answer of the integration", () => {
  const AUTHORIZER_CRASH =
    "The Lambda function returned the following error: Cannot find module 'jsonwebtoken'. Check your Lambda function code and try again.";

  // SYNTHETIC values in the key shapes of real HTTP API formats: `authorizerError` (real-lines.json
  // KCKO-HTTPAPI-AUTHORIZERERROR-MEMBER-CURLY-KEY) and the dotted `authorizer.error`,
  // `integration.status`, `integrationErrorMessage` of GH-sam-cli-2637-http-api-jwt-500-dotted-keys.
  const LINES: readonly Record<string, string>[] = [
    { routeKey: 'GET /orders', status: '500', integrationStatus: '-', authorizerError: AUTHORIZER_CRASH },
    {
      routeKey: 'GET /orders',
      status: '500',
      'integration.status': '-',
      'integration.error': '-',
      'authorizer.error': AUTHORIZER_CRASH,
      'authorizer.status': '-',
      integrationErrorMessage: '-',
      'error.message': 'Internal Server Error',
    },
  ];
  for (const fields of LINES) {
    it(`reads an HTTP API 500 whose authorizer error holds the function-error lead-in, and no integration status, as the authorizer's failure (SYNTHETIC, keys ${Object.keys(fields).join(', ')})`, () => {
      const result = classifiedFields(fields);
      assert.equal(result?.cause, 'auth.authorizer-error');
    });
  }

  it("reads a REST trail whose authorizer section shows its function's error as the authorizer's failure (SYNTHETIC, in the shape of real-lines.json JSONG-test-authorizer-panel-response-code-500)", () => {
    const result = classifiedTrail([
      'Starting authorizer: q8togz for request: 8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
      'Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:authorize/invocations',
      'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:authorize/invocations',
      // SYNTHETIC: what a Lambda invoke writes when its function failed, here in the authorizer's section.
      'Endpoint response headers: {Date=Fri, 09 Jun 2023 20:04:15 GMT, Content-Type=application/json, X-Amz-Function-Error=Unhandled, X-Amz-Executed-Version=$LATEST}',
      "Lambda execution failed with status 200 due to customer function error: Cannot find module 'jsonwebtoken'.",
      // As the real trail goes on.
      'Authorizer result body before parsing: {"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module \'jsonwebtoken\'"}',
      'Execution failed due to configuration error: Invalid JSON in response: Unrecognized field "errorType" , not marked as ignorable',
      'AuthorizerConfigurationException',
    ]);
    assert.equal(result?.cause, 'auth.authorizer-error');
  });

  it("still reads the integration's function error after an authorizer that let the request through (SYNTHETIC)", () => {
    const result = classifiedTrail([
      'Starting authorizer: q8togz for request: 8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
      'Authorizer result body before parsing: {"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"}]}}',
      'Successfully completed authorizer execution',
      'Starting execution for request: 8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
      'Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
      'Endpoint response headers: {Date=Fri, 09 Jun 2023 20:04:15 GMT, Content-Type=application/json, X-Amz-Function-Error=Unhandled, X-Amz-Executed-Version=$LATEST}',
      'Lambda execution failed with status 200 due to customer function error: Forbidden: User is not authorized to access this resource with an explicit deny',
      'Method completed with status: 502',
    ]);
    assert.ok(result, 'a failed request');
    assert.ok(!BEFORE_THE_INTEGRATION.has(result.cause), result.cause);
  });
});
