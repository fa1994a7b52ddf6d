/**
 * The advice for a request only its status classifies (unknown.client, unknown.server) names only
 * the fields its record lacks; a record that lacks none is told what its fields said and where to
 * look next. Every access line here is SYNTHETIC, in a custom JSON format logging some of
 * $context.error.responseType and $context.integration.status; the execution trail is SYNTHETIC too.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAccessLine } from '../../../lambda/core/access-log';
import { classify } from '../../../lambda/core/classify';
import { groupStatusOnlyAdvice } from '../../../lambda/core/status-only-advice';
import { CAUSES } from '../../../lambda/core/taxonomy';
import type { ClassifiedRequest } from '../../../lambda/core/types';

const ID = '7c0c4a3e-0000-4000-8000-00000000a1b2';
const RESPONSE_TYPE = '$context.error.responseType';
const INTEGRATION = /\$context\.integration\./;

/** SYNTHETIC: a trail whose messages name no cause, as a 500 with no body logs it. */
const TRAIL = [
  `Starting execution for request: ${ID}`,
  'HTTP Method: GET, Resource Path: /pets',
  'Method completed with status: 500',
];

function classified(fields: Record<string, string>, trail?: readonly string[]): ClassifiedRequest {
  const line = JSON.stringify({ requestId: ID, httpMethod: 'GET', resourcePath: '/pets', ...fields });
  const parsed = parseAccessLine(line);
  assert.ok(parsed?.ok, line);
  const result = classify({
    requestId: ID,
    access: parsed.record,
    execution: trail === undefined ? undefined : { requestId: ID, messages: trail },
    source: { logGroup: '/aws/apigateway/access' },
  });
  assert.ok(result, `expected a failed request: ${line}`);
  return result;
}

interface Case {
  readonly name: string;
  readonly fields: Record<string, string>;
  readonly trail?: readonly string[];
  readonly cause: 'unknown.client' | 'unknown.server';
  /** Fields the advice must ask for, and fields it must not. */
  readonly asks: readonly (string | RegExp)[];
  readonly asksNot: readonly (string | RegExp)[];
  /** Words the advice must say: the values logged, where to look next. */
  readonly says: readonly RegExp[];
}

const CASES: readonly Case[] = [
  {
    name: 'a 5xx line logging nothing but the status keeps the taxonomy advice',
    fields: { status: '502' },
    cause: 'unknown.server',
    asks: [RESPONSE_TYPE, INTEGRATION],
    asksNot: [],
    says: [/enable execution logs/],
  },
  {
    name: 'a 4xx line logging nothing but the status keeps the taxonomy advice',
    fields: { status: '400' },
    cause: 'unknown.client',
    asks: [RESPONSE_TYPE, '$context.integration.status'],
    asksNot: [],
    says: [],
  },
  {
    name: 'a 5xx line logging its response type asks only for the integration fields',
    fields: { status: '500', responseType: 'DEFAULT_5XX' },
    cause: 'unknown.server',
    asks: [INTEGRATION],
    asksNot: [RESPONSE_TYPE],
    says: [/response type DEFAULT_5XX/, /500 status/, /enable execution logs/],
  },
  {
    name: 'a 4xx line logging its response type asks only for the integration status',
    fields: { status: '400', responseType: 'DEFAULT_4XX' },
    cause: 'unknown.client',
    asks: ['$context.integration.status'],
    asksNot: [RESPONSE_TYPE],
    says: [/response type DEFAULT_4XX/],
  },
  {
    name: 'a 5xx line logging its integration status as "-" asks only for the response type',
    fields: { status: '500', integrationStatus: '-' },
    cause: 'unknown.server',
    asks: [RESPONSE_TYPE],
    asksNot: [INTEGRATION],
    says: [/integration status "-" \(no integration answered\)/],
  },
  {
    name: 'a 5xx request whose execution log was joined does not ask to enable execution logs',
    fields: { status: '500' },
    trail: TRAIL,
    cause: 'unknown.server',
    asks: [RESPONSE_TYPE, INTEGRATION],
    asksNot: [/enable execution logs/],
    says: [/execution log names no cause/],
  },
  {
    name: 'a 5xx line logging both fields names their values and asks for execution logs',
    fields: { status: '500', responseType: 'DEFAULT_5XX', integrationStatus: '-' },
    cause: 'unknown.server',
    asks: [],
    asksNot: [RESPONSE_TYPE, INTEGRATION, /^Only/],
    says: [/response type DEFAULT_5XX/, /integration status "-"/, /Enable execution logs/],
  },
  {
    name: 'a 4xx line logging both fields names their values and asks for execution logs',
    fields: { status: '400', responseType: 'DEFAULT_4XX', integrationStatus: '-' },
    cause: 'unknown.client',
    asks: [],
    asksNot: [RESPONSE_TYPE, INTEGRATION],
    says: [/response type DEFAULT_4XX/, /integration status "-"/, /Enable execution logs/],
  },
  {
    name: 'a 5xx request logging both fields and its execution log names them all and sends the reader to the backend',
    fields: { status: '500', responseType: 'DEFAULT_5XX', integrationStatus: '-' },
    trail: TRAIL,
    cause: 'unknown.server',
    asks: [],
    asksNot: [RESPONSE_TYPE, INTEGRATION, /enable execution logs/i],
    says: [/Neither log names a cause beyond the 500 status/, /backend's own logs/],
  },
  {
    name: 'a 5xx line logging an error message that names no cause names the message as known',
    fields: { status: '502', message: 'Something went wrong' },
    cause: 'unknown.server',
    asks: [RESPONSE_TYPE, INTEGRATION],
    asksNot: [/^Only the 5xx status is known/, /^Only the 502 status is known/],
    says: [/^Only the 502 status and the error message are known\./, /enable execution logs/],
  },
  {
    name: 'a 4xx line logging an error message that names no cause names the message as known',
    fields: { status: '400', message: 'Something went wrong' },
    cause: 'unknown.client',
    asks: [RESPONSE_TYPE, '$context.integration.status'],
    asksNot: [/status is known/],
    says: [/^Only the 400 status and the error message are known\./],
  },
];

const has = (text: string, want: string | RegExp) =>
  typeof want === 'string' ? text.includes(want) : want.test(text);

describe('advice for a request only its status classifies', () => {
  for (const c of CASES) {
    it(`${c.name} (SYNTHETIC)`, () => {
      const result = classified(c.fields, c.trail);
      assert.equal(result.cause, c.cause);
      const { advice } = result;
      for (const want of c.asks) assert.ok(has(advice, want), `should ask for ${want}: ${advice}`);
      for (const not of c.asksNot) assert.ok(!has(advice, not), `should not say ${not}: ${advice}`);
      for (const say of c.says) assert.match(advice, say);
      // The taxonomy's contract: one or two sentences.
      const sentences = advice.split(/(?<=\.)\s+(?=[A-Z])/).length;
      assert.ok(sentences >= 1 && sentences <= 2, `${sentences} sentences: ${advice}`);
    });
  }

  it('names the error message as known in a group whose every line logged one, though their statuses differ (SYNTHETIC)', () => {
    const samples = [
      classified({ status: '502', message: 'Something went wrong' }),
      classified({ status: '503', message: 'Try later' }),
    ];
    const advice = groupStatusOnlyAdvice('unknown.server', samples);
    assert.match(
      advice,
      /^Only the 5xx status and the error message are known\. Add \$context\.error\.responseType/,
    );
  });

  it('gives the taxonomy advice, the same text, to a line that logs nothing but the status (SYNTHETIC)', () => {
    assert.equal(classified({ status: '503' }).advice, CAUSES['unknown.server'].advice);
    assert.equal(classified({ status: '409' }).advice, CAUSES['unknown.client'].advice);
  });

  it('gives every other cause its constant advice, whatever else the line logs (SYNTHETIC)', () => {
    const result = classified({ status: '500', responseType: 'DEFAULT_5XX', integrationStatus: '500' });
    assert.notEqual(result.cause.slice(0, 8), 'unknown.');
    assert.equal(result.advice, CAUSES[result.cause].advice);
  });
});

/**
 * HTTP and WebSocket APIs have no execution logs (REST only), and their `-` response type is logged
 * as a REST API's is. SYNTHETIC lines, in custom JSON formats of those APIs.
 */
describe('advice for an HTTP or WebSocket API request only its status classifies', () => {
  const HTTP_ID = 'AZzecgvEPHcEPew=';
  const failure = (fields: Record<string, string>): ClassifiedRequest => {
    const line = JSON.stringify({ requestId: HTTP_ID, ...fields });
    const parsed = parseAccessLine(line);
    assert.ok(parsed?.ok, line);
    const result = classify({ requestId: HTTP_ID, access: parsed.record, source: { logGroup: '/aws/http' } });
    assert.ok(result, line);
    return result;
  };

  it('does not ask an HTTP API line for the response type it logged as "-", nor to enable execution logs (SYNTHETIC, review R1 of session 29, F3)', () => {
    for (const fields of [
      { routeKey: 'POST /orders', status: '500', responseType: '-', integrationStatus: '-' } as Record<
        string,
        string
      >,
      // An HTTP API format that logs no route key: its request id alone says it is no REST API's.
      { status: '500', responseType: '-', integrationStatus: '-' },
    ]) {
      const { cause, advice } = failure(fields);
      assert.equal(cause, 'unknown.server', JSON.stringify(fields));
      assert.doesNotMatch(advice, /Add \$context\.error\.responseType/);
      assert.doesNotMatch(advice, /execution logs/i);
      assert.match(advice, /response type "-"/);
    }
  });

  it('never suggests execution logs to an HTTP or WebSocket API, whatever its line lacks (SYNTHETIC)', () => {
    for (const fields of [
      { routeKey: 'GET /items', status: '502' } as Record<string, string>,
      { routeKey: 'GET /items', status: '500', responseType: '-' },
      { routeKey: '$connect', eventType: 'CONNECT', status: '500', integrationStatus: '-' },
      { status: '503' },
      // No route key: the request id alone says no REST API, which alone answers with gateway responses.
      { status: '502', responseType: '-' },
    ]) {
      const { cause, advice } = failure(fields);
      assert.equal(cause, 'unknown.server', JSON.stringify(fields));
      assert.doesNotMatch(advice, /execution logs/i, JSON.stringify(fields));
    }
    // A REST line logging as little is still told of them.
    assert.match(classified({ status: '502' }).advice, /execution logs/);
  });

  it("keeps the taxonomy's advice for an HTTP API 4xx line logging only its status: it names no execution logs (SYNTHETIC)", () => {
    assert.equal(failure({ routeKey: 'GET /items', status: '429' }).advice, CAUSES['unknown.client'].advice);
  });
});
