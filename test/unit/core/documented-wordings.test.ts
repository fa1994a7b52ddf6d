/**
 * The wordings AWS's own pages quote for REST API failures, each in a SYNTHETIC trail of CloudWatch
 * events (`(requestId) message`) around the quoted message: every row reads as the taxonomy
 * (../shared/taxonomy.md) names the cause. The pages' whole real lines are fixtures
 * (test/fixtures/real-lines.json); these rows keep the wordings that pages give as templates
 * (`<api-resource-arn>`) or as a response's message, with the trail API Gateway writes around them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';
import type { Cause } from '../../../lambda/core/taxonomy';

const ID = '8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
const RESOURCE = 'arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/pets';
const FORBIDDEN_PAGE = 'https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden';
const USAGE_PLAN_TEST_PAGE =
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-usage-plan-test-with-postman.html (awsdocs/amazon-api-gateway-developer-guide)';
const LAMBDA_URI =
  'https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations';

interface Row {
  readonly page: string;
  /** The quoted wording the row is about. */
  readonly wording: string;
  readonly messages: readonly string[];
  /** The cause and client status of the one failed request, or null for a request that did not fail. */
  readonly expected: readonly [Cause, number] | null;
}

const ROWS: readonly Row[] = [
  {
    page: FORBIDDEN_PAGE,
    wording: 'User is not authorized to access this resource with an explicit deny',
    messages: [
      `Starting authorizer: q8togz for request: ${ID}`,
      'User is not authorized to access this resource with an explicit deny',
      'Method completed with status: 403',
    ],
    expected: ['auth.denied', 403],
  },
  {
    page: FORBIDDEN_PAGE,
    wording:
      'User: <user-arn> is not authorized to perform: execute-api:Invoke on resource: <api-resource-arn> with an explicit deny',
    messages: [
      'Extended Request Id: MY92nHDwwwIdGxzR=',
      `User: arn:aws:iam::123456789012:user/bob is not authorized to perform: execute-api:Invoke on resource: ${RESOURCE} with an explicit deny`,
      'Method completed with status: 403',
    ],
    expected: ['auth.denied', 403],
  },
  {
    page: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html',
    wording:
      'User: anonymous is not authorized to perform: execute-api:Invoke on resource: <api-resource-arn>',
    messages: [
      'Extended Request Id: MY92nHDwwwIdGxzR=',
      `User: anonymous is not authorized to perform: execute-api:Invoke on resource:${RESOURCE}`,
      'Method completed with status: 403',
    ],
    expected: ['auth.denied', 403],
  },
  {
    page: FORBIDDEN_PAGE,
    wording: 'The security token included in the request is invalid.',
    messages: ['The security token included in the request is invalid.', 'Method completed with status: 403'],
    expected: ['auth.signature', 403],
  },
  {
    page: FORBIDDEN_PAGE,
    wording: 'Signature expired',
    messages: [
      'Signature expired: 20261125T101530Z is now earlier than 20261125T102030Z (20261125T102530Z - 5 min.)',
      'Method completed with status: 403',
    ],
    expected: ['auth.signature', 403],
  },
  {
    page: FORBIDDEN_PAGE,
    wording: 'Invalid API Key identifier specified',
    messages: [
      `Verifying Usage Plan for request: ${ID}. API Key: ****abcd API Stage: abc123defg/prod`,
      "API Key ****abcd not authorized because method 'GET /pets' requires API Key and API Key is not associated with a Usage Plan for API Stage abc123defg/prod: Invalid API Key identifier specified",
      'Method completed with status: 403',
    ],
    expected: ['auth.api-key', 403],
  },
  {
    page: 'https://repost.aws/knowledge-center/api-gateway-logs',
    wording: 'Unauthorized request: <request-id> after Starting authorizer',
    messages: [
      `Starting authorizer: 62mgrc for request: ${ID}`,
      `Unauthorized request: ${ID}`,
      'Method completed with status: 401',
    ],
    expected: ['auth.unauthenticated', 401],
  },
  {
    page: 'awsdocs/amazon-api-gateway-developer-guide doc_source/api-gateway-request-validation-test.md',
    wording: 'Missing required request parameters: [q1]',
    messages: [
      `Starting execution for request: ${ID}`,
      'HTTP Method: GET, Resource Path: /validation',
      'Request validation failed for parameters',
      'Missing required request parameters: [q1]',
      'Method completed with status: 400',
    ],
    expected: ['bad-request.parameters', 400],
  },
  {
    page: 'awsdocs/amazon-api-gateway-developer-guide doc_source/api-gateway-request-validation-test.md',
    wording: "Invalid request body (a type not in the enum; the log line in the validator's words)",
    messages: [
      `Starting execution for request: ${ID}`,
      'HTTP Method: POST, Resource Path: /validation',
      'Request body does not match model schema for content type application/json: [instance value ("bird") not found in enum (possible values: ["dog","cat","fish"])]',
      'Method completed with status: 400',
    ],
    expected: ['bad-request.body', 400],
  },
  {
    // "you will see an Execution failed due to a timeout error message after the 'Endpoint request
    // body after transformations:' line".
    page: 'https://repost.aws/knowledge-center/api-gateway-504-errors',
    wording: 'Execution failed due to a timeout error',
    messages: [
      `Starting execution for request: ${ID}`,
      `Endpoint request URI: ${LAMBDA_URI}`,
      'Endpoint request body after transformations: {"resource":"/pets"}',
      `Sending request to ${LAMBDA_URI}`,
      'Execution failed due to a timeout error',
      'Method completed with status: 504',
    ],
    expected: ['timeout.integration', 504],
  },
  {
    // API Gateway serves the request without the plan's limits and logs this error: "You can ignore
    // such occasional errors".
    page: USAGE_PLAN_TEST_PAGE,
    wording: 'Usage Plan check failed due to an internal error',
    messages: [
      `Verifying Usage Plan for request: ${ID}. API Key: ****abcd API Stage: abc123defg/prod`,
      'Usage Plan check failed due to an internal error',
      `Starting execution for request: ${ID}`,
      'Successfully completed execution',
      'Method completed with status: 200',
    ],
    expected: null,
  },
  {
    page: USAGE_PLAN_TEST_PAGE,
    wording: 'Usage Plan check failed due to an internal error, then a function error',
    messages: [
      'Usage Plan check failed due to an internal error',
      `Starting execution for request: ${ID}`,
      `Endpoint request URI: ${LAMBDA_URI}`,
      'Received response. Status: 200, Integration latency: 15 ms',
      'Endpoint response body before transformations: "hello"',
      'Execution failed due to configuration error: Malformed Lambda proxy response',
      'Method completed with status: 502',
    ],
    expected: ['server.bad-response', 502],
  },
  {
    // re:Post's answers name a VPC link used in its first minutes, a stage variable holding the
    // wrong id and an HTTP API's VPC link on a REST API: the integration's setup, not the network.
    page: 'https://repost.aws/es/questions/QUTm5i_IQiRu6RFb5YFu2nsQ/execution-failed-due-to-configuration-error-invalid-vpclink-id-96czbs-referenced-in-integration',
    wording:
      'Execution failed due to configuration error: Invalid vpclink id 96czbs referenced in integration',
    messages: [
      `Starting execution for request: ${ID}`,
      'Execution failed due to configuration error: Invalid vpclink id 96czbs referenced in integration',
      'Method completed with status: 500',
    ],
    expected: ['server.configuration', 500],
  },
];

describe("wordings AWS's pages quote, in SYNTHETIC CloudWatch trails", () => {
  for (const { page, wording, messages, expected } of ROWS) {
    it(`reads "${wording}" as ${expected ? expected.join(' with status ') : 'no failure'} (${page})`, () => {
      const events = messages.map((message, i) => ({
        id: String(i),
        timestamp: 0,
        message: `(${ID}) ${message}`,
      }));
      const failures = analyze([{ source: { name: 'documented.log' }, events }]).failures;
      assert.deepEqual(
        failures.map((f) => [f.cause, f.clientStatus]),
        expected ? [expected] : [],
        failures.map((f) => f.evidence.join(' | ')).join('\n'),
      );
    });
  }
});
