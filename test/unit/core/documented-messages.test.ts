/**
 * Messages AWS's documentation gives for a failed request that no other table here holds, each as a
 * SYNTHETIC access line (invented values around the documented words) run through the whole
 * pipeline: every row reads as the taxonomy (../shared/taxonomy.md) names the cause. The gateway
 * response types, the Knowledge Center's execution-log phrases and the HTTP API and WebSocket
 * messages are pinned in classify, documented-shapes, documented-wordings and websocket-shapes; this
 * table adds what IAM's SigV4 troubleshooting page lists, which API Gateway answers an IAM-authorised
 * caller with (its INVALID_SIGNATURE response), in a format that logs $context.error.message alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';
import type { Cause } from '../../../lambda/core/taxonomy';
import type { Confidence } from '../../../lambda/core/types';

const ID = '8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
/** An HTTP API's $context.requestId, which has the extended id's shape, not a UUID's. */
const HTTP_ID = 'Abc1DEfGhIJKLmN=';
const TIME = '25/Nov/2026:10:15:30 +0000';

/** "the signature verification step fails with the following error message: …" */
const SIGV4_PAGE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/signature-v4-troubleshooting.html';

/** A REST custom JSON line whose keys are the $context variable names, without error.responseType. */
function restJson(message: string): string {
  return JSON.stringify({
    requestId: ID,
    requestTime: TIME,
    httpMethod: 'GET',
    resourcePath: '/pets',
    status: '403',
    'error.message': message,
  });
}

/** The same for an HTTP API route with IAM authorization. */
function httpJson(message: string): string {
  return JSON.stringify({
    requestId: HTTP_ID,
    requestTime: TIME,
    httpMethod: 'GET',
    routeKey: 'GET /pets',
    status: '403',
    'error.message': message,
  });
}

interface Row {
  /** The documented wording, as the test name says it. */
  readonly wording: string;
  /** The message as API Gateway would log it, the documented placeholders filled in. */
  readonly message: string;
  readonly cause: Cause;
  readonly confidence: Confidence;
}

/** The credential-scope and timing checks of SigV4 verification: the caller signed wrongly, so auth.signature. */
const SIGV4_ROWS: readonly Row[] = [
  {
    wording: 'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP',
    message:
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261124' != '20261125', from '20261125T101530Z'.",
    cause: 'auth.signature',
    confidence: 'certain',
  },
  {
    wording: 'Signature not yet current: <date> is still later than <date>',
    message:
      'Signature not yet current: 20261125T103030Z is still later than 20261125T102530Z (20261125T102030Z + 5 min.)',
    cause: 'auth.signature',
    confidence: 'certain',
  },
  {
    wording: 'Credential should be scoped to a valid Region, not <region-code>',
    message: "Credential should be scoped to a valid region, not 'us-west-2'. ",
    cause: 'auth.signature',
    confidence: 'certain',
  },
  {
    wording: "Credential should be scoped to correct service: '<service>'",
    message: "Credential should be scoped to correct service: 'execute-api'. ",
    cause: 'auth.signature',
    confidence: 'certain',
  },
];

function onlyFailure(line: string) {
  const failures = analyze([
    { source: { name: 'documented-messages.log' }, events: [{ id: '0', timestamp: 0, message: line }] },
  ]).failures;
  assert.equal(failures.length, 1, `expected one failed request from ${line}`);
  return failures[0] as (typeof failures)[number];
}

describe("SigV4 verification messages IAM's troubleshooting page lists, as API Gateway's 403 error message", () => {
  for (const [api, line] of [
    ['REST', restJson],
    ['HTTP API', httpJson],
  ] as const) {
    for (const { wording, message, cause, confidence } of SIGV4_ROWS) {
      it(`reads a ${api} 403 "${wording}" as ${cause}, ${confidence}, not masked (SYNTHETIC; ${SIGV4_PAGE})`, () => {
        const failure = onlyFailure(line(message));
        assert.deepEqual(
          [failure.cause, failure.masked, failure.confidence],
          [cause, false, confidence],
          failure.evidence.join(' | '),
        );
      });
    }
  }
});
