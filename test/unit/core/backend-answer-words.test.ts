/**
 * API Gateway refuses a request with its own words (a usage-plan quota, its throttle, an API key, the
 * request validator, WAF) before it calls the integration, and names a network it could not cross
 * only when it got no answer, so those words in what the integration
 * answered are the backend's: another API behind an HTTP proxy (another API Gateway stage, a
 * third-party API) may answer them too. An HTTP backend's answer reads as a Lambda proxy's same
 * answer does: by the status the backend chose. SYNTHETIC trails of a REST API, the same answer
 * from an HTTP proxy integration and from a Lambda proxy integration.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';
import type { Cause } from '../../../lambda/core/taxonomy';

const ID = '6b1f0e2d-7c3a-4e59-a8d4-2f6e9b0c1d3e';
const LAMBDA_URI =
  'https://lambda.eu-west-2.amazonaws.com/2015-03-31/functions/arn:aws:lambda:eu-west-2:210987654321:function:orders/invocations';

const ANSWERS: readonly { readonly status: number; readonly body: string; readonly cause: Cause }[] = [
  { status: 403, body: '{"message":"Quota exceeded for this key"}', cause: 'auth.backend' },
  { status: 400, body: '{"message":"Monthly quota exceeded"}', cause: 'bad-request.backend' },
  { status: 503, body: 'Too Many Requests', cause: 'server.unavailable' },
  { status: 400, body: '{"message":"Invalid request body"}', cause: 'bad-request.backend' },
  {
    status: 400,
    body: '{"message":"Missing required request parameters: [id]"}',
    cause: 'bad-request.backend',
  },
  { status: 403, body: '{"message":"Invalid API Key identifier specified"}', cause: 'auth.backend' },
  { status: 500, body: '{"message":"Request blocked by AWS WAF"}', cause: 'server.function-error' },
  // API Gateway reached the backend: its words about its own upstream are its failure, not a network
  // API Gateway could not cross.
  { status: 502, body: '{"error":"upstream: connection reset by peer"}', cause: 'server.function-error' },
  { status: 503, body: '{"error":"getaddrinfo ENOTFOUND payments.internal"}', cause: 'server.unavailable' },
];

function httpProxy(status: number, body: string): string[] {
  return [
    'Endpoint request URI: https://orders.example.com/v1/orders',
    `Received response. Status: ${status}, Integration latency: 41 ms`,
    `Endpoint response body before transformations: ${body}`,
  ];
}

function lambdaProxy(status: number, body: string): string[] {
  return [
    `Endpoint request URI: ${LAMBDA_URI}`,
    'Received response. Status: 200, Integration latency: 41 ms',
    `Endpoint response body before transformations: {"statusCode":${status},"body":${JSON.stringify(body)}}`,
  ];
}

function causesOf(integration: string[], status: number, body: string): Cause[] {
  const messages = [
    `Starting execution for request: ${ID}`,
    'HTTP Method: POST, Resource Path: /orders',
    ...integration,
    `Method response body after transformations: ${body}`,
    'Successfully completed execution',
    `Method completed with status: ${status}`,
  ];
  const events = messages.map((message, i) => ({
    id: String(i),
    timestamp: 0,
    message: `(${ID}) ${message}`,
  }));
  return analyze([{ source: { name: 'answer.log' }, events }]).failures.map((f) => f.cause);
}

/** Each answer, from an HTTP proxy and from a Lambda proxy, must read as the backend's own cause. */
function readsAsTheBackends(
  title: string,
  answers: readonly { readonly status: number; readonly body: string; readonly cause: Cause }[],
): void {
  describe(title, () => {
    for (const { status, body, cause } of answers) {
      for (const [kind, trail] of [
        ['an HTTP proxy', httpProxy],
        ['a Lambda proxy', lambdaProxy],
      ] as const) {
        it(`reads ${body} answered ${status} by ${kind} as the backend's ${cause}`, () => {
          assert.deepEqual(causesOf(trail(status, body), status, body), [cause]);
        });
      }
    }
  });
}

readsAsTheBackends("API Gateway's own refusal words in the integration's answer (SYNTHETIC)", ANSWERS);

/**
 * An AWS error a plain HTTP backend names in its own answer is what its own AWS calls met, as it is
 * in a function's: its table or queue is missing, not the API's integration target, which is API
 * Gateway's own call to an AWS service (its endpoint an AWS host) or to Lambda. SYNTHETIC answers,
 * from an HTTP proxy and from a Lambda proxy.
 */
const OWN_CALLS: readonly { readonly status: number; readonly body: string; readonly cause: Cause }[] = [
  {
    status: 500,
    body: '{"message":"ResourceNotFoundException: Requested resource not found"}',
    cause: 'server.function-error',
  },
  {
    status: 500,
    body: '{"error":"AWS.SimpleQueueService.NonExistentQueue"}',
    cause: 'server.function-error',
  },
  {
    status: 502,
    body: '{"error":"UnknownOperationException","detail":"<UnknownOperationException/>"}',
    cause: 'server.function-error',
  },
];

readsAsTheBackends("an AWS error in a backend's own answer (SYNTHETIC)", OWN_CALLS);
