/**
 * Custom CLF-like formats that quote `$context` values before the request id: the quoted API Gateway
 * messages keep the causes they name, and an id quoted there is read for what it is. Every line is
 * SYNTHETIC, in the shape `... $context.status $context.responseLength "<quoted values>" <ids>`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAccessLine } from '../../../lambda/core/access-log';
import type { Cause } from '../../../lambda/core/taxonomy';
import { failuresOf } from '../../support/fragments';

const P = '203.0.113.7 - - [27/Nov/2026:19:50:33 +0000] "GET /pets HTTP/1.1"';
const U = '0c4a1b2e-5d3f-4e6a-9b7c-8d9e0f1a2b3c';
const G = 'Bt3xVHFDoAMEbJw=';

const ROWS: readonly { readonly status: number; readonly quoted: string; readonly cause: Cause }[] = [
  {
    status: 403,
    quoted: '"User is not authorized to access this resource with an explicit deny"',
    cause: 'auth.denied',
  },
  {
    status: 403,
    quoted: '"The security token included in the request is invalid."',
    cause: 'auth.signature',
  },
  { status: 401, quoted: '"The incoming token has expired"', cause: 'auth.unauthenticated' },
  { status: 400, quoted: '"Missing required request parameters: [id]"', cause: 'bad-request.parameters' },
  { status: 500, quoted: '"Authorizer error" "AUTHORIZER_FAILURE"', cause: 'auth.authorizer-error' },
  { status: 403, quoted: '"Forbidden" "WAF_FILTERED"', cause: 'auth.waf' },
  { status: 504, quoted: '"-" "Endpoint request timed out"', cause: 'timeout.integration' },
];

describe('quoted values before a CLF line request id (SYNTHETIC lines)', () => {
  for (const { status, quoted, cause } of ROWS) {
    it(`keeps the cause ${quoted} names, with the extended id after the request id`, () => {
      const failures = failuresOf([`${P} ${status} 36 ${quoted} ${U} ${G}`]);
      assert.deepEqual(
        failures.map((f) => [f.requestId, f.cause, f.confidence]),
        [[U, cause, 'certain']],
      );
    });
  }

  // SYNTHETIC, a review's lines: a format that quotes its request id after a quoted message
  // (`"$context.error.message" "$context.requestId"`), which is no web server's combined line.
  for (const [status, quoted, id] of [
    [502, '"Internal server error"', `"${U}"`],
    [504, '"Endpoint request timed out"', `"${U}" ${G}`],
    [500, '"Internal Server Error"', '"AZzecgvEPHcEPew="'],
  ] as const) {
    it(`reads the quoted request id after ${quoted} (${id}) and keeps the failure`, () => {
      const parsed = parseAccessLine(`${P} ${status} 36 ${quoted} ${id}`);
      assert.ok(parsed?.ok, JSON.stringify(parsed));
      assert.equal(parsed.record.requestId, id.split('"')[1]);
      assert.equal(parsed.record.errorMessage, quoted.slice(1, -1));
      if (id.endsWith(G)) assert.equal(parsed.record.extendedRequestId, G);
      assert.equal(failuresOf([`${P} ${status} 36 ${quoted} ${id}`]).length, 1);
    });
  }

  it('reads a quoted request id and a quoted extended id after a quoted message as the id and the extended id', () => {
    // SYNTHETIC, a review's line: `"$context.error.message" "$context.requestId" "$context.extendedRequestId"`.
    const parsed = parseAccessLine(`${P} 502 36 "Internal server error" "${U}" "${G}"`);
    assert.ok(parsed?.ok, JSON.stringify(parsed));
    assert.equal(parsed.record.requestId, U);
    assert.equal(parsed.record.extendedRequestId, G);
    assert.equal(parsed.record.errorMessage, 'Internal server error');
  });

  it('reads an id API Gateway makes, quoted before a REST request id, as its extended id, not as a message', () => {
    const parsed = parseAccessLine(`${P} 502 36 "${G}" ${U}`);
    assert.ok(parsed?.ok);
    assert.equal(parsed.record.requestId, U);
    assert.equal(parsed.record.extendedRequestId, G);
    assert.equal(parsed.record.errorMessage, undefined);
  });
});
