/**
 * API Gateway refuses a payload over its 10 MB limit (413, REQUEST_TOO_LARGE) and a content type no
 * mapping template handles under passthrough NEVER (415, UNSUPPORTED_MEDIA_TYPE) before it calls the
 * integration. A backend answers 413 and 415 too, with the same words in its body ("Request Entity
 * Too Large", "Unsupported Media Type"). So once the logs show the integration answered (a status of
 * the backend's own, Lambda's 200 for the invoke, a function that ran), the words are the backend's
 * answer, not API Gateway's refusal: the backend's own error status decides, as it would without
 * them, and with none the words name their cause only `likely` (taxonomy: `likely` for a body
 * pattern). Alone, they stay API Gateway's refusal, certain.
 *
 * Every access line and execution message here is SYNTHETIC.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cause } from '../../../lambda/core/taxonomy';
import type { ClassifiedRequest } from '../../../lambda/core/types';
import { classifiedFields, classifiedTrail } from '../../support/classified';

function verdict(result: ClassifiedRequest | undefined): string {
  assert.ok(result, 'a failed request');
  return `${result.cause} ${result.confidence}`;
}

interface Words {
  readonly words: string;
  readonly cause: Cause;
  /** The status API Gateway answers with these words. */
  readonly status: string;
}

const WORDS: readonly Words[] = [
  { words: 'Unsupported Media Type', cause: 'bad-request.media-type', status: '415' },
  { words: 'Unsupported content type: text/plain', cause: 'bad-request.media-type', status: '415' },
  { words: 'Request Entity Too Large', cause: 'bad-request.too-large', status: '413' },
  { words: 'Payload Too Large', cause: 'bad-request.too-large', status: '413' },
];

/** How an access line shows the integration answered with no error status of the backend's own. */
const ANSWERED_WITHOUT_ERROR_STATUS: readonly (readonly [label: string, fields: Record<string, string>])[] = [
  ["Lambda's 200 for the invoke ($context.integrationStatus)", { integrationStatus: '200' }],
  ["Lambda's 200 on an HTTP API line", { routeKey: 'POST /orders', integrationStatus: '200' }],
  ["Lambda's 200 ($context.integration.integrationStatus)", { 'integration.integrationStatus': '200' }],
  ["the backend's 200, mapped to the client's status", { 'integration.status': '200' }],
];

/** The backend's own error statuses the words may come with. */
const BACKEND_STATUSES = ['400', '413', '415', '422'] as const;

/** A REST trail where an HTTP backend answered `backend`, its body saying `words`, the client got `client`. */
function httpBackendTrail(words: string, backend: string, client: string): string[] {
  const body = JSON.stringify({ message: words });
  return [
    'Starting execution for request: 8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
    'Endpoint request URI: https://backend.example.com/orders',
    'Sending request to https://backend.example.com/orders',
    `Received response. Status: ${backend}, Integration latency: 12 ms`,
    `Endpoint response body before transformations: ${body}`,
    `Method response body after transformations: ${body}`,
    `Method completed with status: ${client}`,
  ];
}

/** A REST trail where Lambda answered the invoke 200 (a non-proxy function) and the client got `client`. */
function lambdaTrail(words: string, client: string): string[] {
  const body = JSON.stringify({ message: words });
  return [
    'Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
    'Received response. Status: 200, Integration latency: 40 ms',
    'Endpoint response headers: {Date=Fri, 27 Nov 2026 08:00:00 GMT, Content-Type=application/json, X-Amz-Executed-Version=$LATEST}',
    `Endpoint response body before transformations: ${body}`,
    `Method completed with status: ${client}`,
  ];
}

/** A REST trail where a Lambda proxy's function answered `statusCode` with the words as its body. */
function lambdaProxyTrail(words: string, statusCode: string): string[] {
  return [
    'Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations',
    'Received response. Status: 200, Integration latency: 40 ms',
    `Endpoint response body before transformations: {"statusCode":${statusCode},"body":${JSON.stringify(words)}}`,
    `Method completed with status: ${statusCode}`,
  ];
}

const NEUTRAL = 'the order could not be taken';

describe('classify: "Unsupported Media Type" and "Request Entity Too Large" beside an integration that answered are the backend\'s words', () => {
  for (const { words, cause, status } of WORDS) {
    for (const field of ['errorMessage', 'integrationErrorMessage']) {
      it(`reads "${words}" in ${field} with no integration answer as API Gateway's refusal, ${cause} certain (SYNTHETIC)`, () => {
        assert.equal(verdict(classifiedFields({ status, [field]: words })), `${cause} certain`);
      });
      for (const [label, answered] of ANSWERED_WITHOUT_ERROR_STATUS) {
        it(`reads "${words}" in ${field} beside ${label} as the backend's body, ${cause} only likely (SYNTHETIC)`, () => {
          assert.equal(verdict(classifiedFields({ status, ...answered, [field]: words })), `${cause} likely`);
        });
      }
      for (const backend of BACKEND_STATUSES) {
        it(`reads "${words}" in ${field} beside the backend's own ${backend} as that status alone reads (SYNTHETIC)`, () => {
          const withWords = classifiedFields({
            status: backend,
            'integration.status': backend,
            [field]: words,
          });
          const without = classifiedFields({ status: backend, 'integration.status': backend });
          assert.equal(verdict(withWords), verdict(without));
        });
      }
    }
    it(`reads "${words}" in a REST trail where an HTTP backend answered 200, mapped to ${status}, as ${cause} only likely (SYNTHETIC)`, () => {
      assert.equal(verdict(classifiedTrail(httpBackendTrail(words, '200', status))), `${cause} likely`);
    });
    it(`reads "${words}" in a REST trail where Lambda answered the invoke 200 and the client got ${status} as ${cause} only likely (SYNTHETIC)`, () => {
      assert.equal(verdict(classifiedTrail(lambdaTrail(words, status))), `${cause} likely`);
    });
    for (const backend of BACKEND_STATUSES) {
      it(`reads "${words}" in an HTTP backend's own ${backend} body in a REST trail as that status alone reads (SYNTHETIC)`, () => {
        assert.equal(
          verdict(classifiedTrail(httpBackendTrail(words, backend, backend))),
          verdict(classifiedTrail(httpBackendTrail(NEUTRAL, backend, backend))),
        );
      });
      it(`reads "${words}" as a Lambda proxy function's own ${backend} body in a REST trail as that status alone reads (SYNTHETIC)`, () => {
        assert.equal(
          verdict(classifiedTrail(lambdaProxyTrail(words, backend))),
          verdict(classifiedTrail(lambdaProxyTrail(NEUTRAL, backend))),
        );
      });
    }
  }
});
