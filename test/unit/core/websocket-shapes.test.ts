/**
 * WebSocket failure shapes API Gateway's documentation describes, each as a SYNTHETIC line (invented
 * values in a documented shape) run through the whole pipeline: every row reads as the taxonomy
 * (../shared/taxonomy.md) names the cause, masked included. Three groups: the four access-log presets
 * the console offers for WebSocket APIs (CLF, JSON, XML, CSV), which log no more than the event type,
 * route key, connection id and status; custom JSON formats with the WebSocket `$context` variables
 * that name a cause; and execution-log trails, whose request ids are base64 (`PDS1PEC4oAMFpyA=`).
 * The sibling documented-shapes.test.ts covers REST and HTTP APIs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';
import type { Cause } from '../../../lambda/core/taxonomy';

/** A WebSocket API's $context.requestId: the extended id's base64 shape, not a UUID. */
const WS_ID = 'Pq1aBcDeFgHiJkA=';
const CONNECTION_ID = 'Pq0zYxWvUtSrQpA=';
const TIME = '25/Nov/2026:10:15:30 +0000';

const WS_LOGGING_PAGE =
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html';
/**
 * The console's WebSocket presets; the JSON one as a real line of Elastic's
 * test-apigateway-websocket.log shows it (fixtures GH-elastic-websocket-*).
 */
const WS_PRESETS = `${WS_LOGGING_PAGE} (console presets CLF, JSON, XML, CSV)`;
/** "If authorization fails on $connect, the connection will not be established, and the client will receive a 401 or 403 response." */
const CONNECT_ROUTE_PAGE =
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html';
/** "API Gateway supports message payloads up to 128 KB"; API Gateway may write no log for a 413 (websocket-api-monitor). */
const WS_ROUTES_PAGE =
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-routes-integrations.html';
/** Execution-log phrases for "an API Gateway REST API or WebSocket API" (authorizers, usage plans, integrations). */
const KC_LOGS = 'https://repost.aws/knowledge-center/api-gateway-logs';
const KC_INTERNAL_ERROR = 'https://repost.aws/knowledge-center/api-gateway-internal-server-error';
/** A real WebSocket trail: fixture GH-crosscut-websocket-authorizer-invoke-permission. */
const CROSSCUT_TRAIL = 'the shape of fixture GH-crosscut-websocket-authorizer-invoke-permission';
const LAMBDA_URI =
  'https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:send/invocations';

/** The console's WebSocket presets for one request: its event type, route key, connection id and status. */
function webSocketPresets(
  eventType: string,
  routeKey: string,
  connectionId: string,
  status: number,
): readonly (readonly [string, string])[] {
  return [
    ['CLF', `203.0.113.7 - - [${TIME}] "${eventType} ${routeKey} ${connectionId}" ${status} ${WS_ID}`],
    [
      'JSON',
      `{"requestId":"${WS_ID}","ip":"203.0.113.7","caller":"-","user":"-","requestTime":"${TIME}","eventType":"${eventType}","routeKey":"${routeKey}","status":"${status}","connectionId":"${connectionId}"}`,
    ],
    [
      'XML',
      `<request id="${WS_ID}"> <ip>203.0.113.7</ip> <caller>-</caller> <user>-</user> <requestTime>${TIME}</requestTime> <eventType>${eventType}</eventType> <routeKey>${routeKey}</routeKey> <status>${status}</status> <connectionId>${connectionId}</connectionId> </request>`,
    ],
    ['CSV', `203.0.113.7,-,-,${TIME},${eventType},${routeKey},${connectionId},${status},${WS_ID}`],
  ];
}

/** A WebSocket access line in custom JSON whose keys are the $context variable names. */
function wsJson(fields: Readonly<Record<string, string>>): string {
  return JSON.stringify({
    requestId: WS_ID,
    requestTime: TIME,
    eventType: 'MESSAGE',
    routeKey: 'sendmessage',
    connectionId: CONNECTION_ID,
    ...fields,
  });
}

/** The same for a $connect request. */
function connectJson(fields: Readonly<Record<string, string>>): string {
  return wsJson({ eventType: 'CONNECT', routeKey: '$connect', ...fields });
}

interface Row {
  readonly shape: string;
  readonly source: string;
  readonly lines: readonly string[];
  readonly cause: Cause;
  readonly masked: boolean;
  /** The group the lines come from: an access log group unless the row is an execution trail. */
  readonly group?: string;
}

const EXECUTION_GROUP = 'API-Gateway-Execution-Logs_a1b2c3d4e5/production';

function classify(lines: readonly string[], group: string) {
  const failures = analyze([
    {
      source: { name: group },
      events: lines.map((message, i) => ({ id: String(i), timestamp: i, message })),
    },
  ]).failures;
  assert.equal(failures.length, 1, `expected one failed request from ${lines.join(' / ')}`);
  return failures[0] as (typeof failures)[number];
}

function check(rows: readonly Row[]): void {
  for (const { shape, source, lines, cause, masked, group } of rows) {
    it(`reads ${shape} as ${cause}${masked ? ', masked' : ''} (SYNTHETIC; ${source})`, () => {
      const failure = classify(lines, group ?? '/aws/apigateway/websocket-access');
      assert.deepEqual([failure.cause, failure.masked], [cause, masked], failure.evidence.join(' | '));
    });
  }
}

describe("WebSocket requests in every preset format AWS's console offers", () => {
  const presetRows: readonly {
    readonly what: string;
    readonly request: readonly [string, string, string, number];
    readonly cause: Cause;
    readonly source: string;
  }[] = [
    {
      what: '$connect refused 403 (an API key, IAM or an authorizer: the preset cannot tell)',
      request: ['CONNECT', '$connect', CONNECTION_ID, 403],
      cause: 'unknown.client',
      source: CONNECT_ROUTE_PAGE,
    },
    {
      what: '$connect answered 500 with nothing else logged',
      request: ['CONNECT', '$connect', CONNECTION_ID, 500],
      cause: 'unknown.server',
      source: WS_PRESETS,
    },
    {
      what: 'a message answered 429 (a throttle or a usage-plan quota: the preset cannot tell)',
      request: ['MESSAGE', '$default', CONNECTION_ID, 429],
      cause: 'unknown.client',
      source: WS_PRESETS,
    },
    {
      what: 'a message answered 413 (over the 128 KB payload limit)',
      request: ['MESSAGE', 'sendmessage', CONNECTION_ID, 413],
      cause: 'bad-request.too-large',
      source: WS_ROUTES_PAGE,
    },
    {
      what: 'a $disconnect answered 500 with nothing else logged',
      request: ['DISCONNECT', '$disconnect', CONNECTION_ID, 500],
      cause: 'unknown.server',
      source: WS_PRESETS,
    },
    // Refused before route selection: event type, route key and connection id all '-', as in the real
    // 403 of fixture GH-elastic-websocket-403-no-route.
    {
      what: 'a 403 refused before route selection (all three fields -)',
      request: ['-', '-', '-', 403],
      cause: 'unknown.client',
      source: WS_PRESETS,
    },
    {
      what: 'a 429 refused before route selection: no HTTP API throttle, a WebSocket API has quotas',
      request: ['-', '-', '-', 429],
      cause: 'unknown.client',
      source: WS_PRESETS,
    },
    {
      what: 'a 404 refused before route selection (no route matched)',
      request: ['-', '-', '-', 404],
      cause: 'not-found.route',
      source: WS_PRESETS,
    },
  ];
  for (const { what, request, cause, source } of presetRows)
    for (const [format, line] of webSocketPresets(...request))
      check([
        { shape: `a WebSocket ${format} preset line: ${what}`, source, lines: [line], cause, masked: false },
      ]);

  it('reads no route key from a CLF preset line refused before route selection (SYNTHETIC; the console CLF preset)', () => {
    const [, line] = webSocketPresets('-', '-', '-', 403)[0] as readonly [string, string];
    const failure = classify([line], '/aws/apigateway/websocket-access');
    assert.deepEqual([failure.route, failure.method], [undefined, undefined]);
  });
});

describe('WebSocket $context variables that name a cause (custom JSON)', () => {
  check([
    {
      shape: 'a message refused with error.responseType THROTTLED',
      source: WS_LOGGING_PAGE,
      lines: [
        wsJson({ status: '429', 'error.responseType': 'THROTTLED', 'error.message': 'Too Many Requests' }),
      ],
      cause: 'limit.throttle',
      masked: false,
    },
    {
      shape: 'a message refused with error.responseType QUOTA_EXCEEDED',
      source: WS_LOGGING_PAGE,
      lines: [
        wsJson({ status: '429', 'error.responseType': 'QUOTA_EXCEEDED', 'error.message': 'Limit Exceeded' }),
      ],
      cause: 'limit.quota',
      masked: false,
    },
    {
      shape: 'a message 429 whose error.message alone says "Limit Exceeded"',
      source: WS_LOGGING_PAGE,
      lines: [wsJson({ status: '429', 'error.message': 'Limit Exceeded' })],
      cause: 'limit.quota',
      masked: false,
    },
    {
      shape: '$connect without a valid API key (error.responseType INVALID_API_KEY)',
      source: WS_LOGGING_PAGE,
      lines: [
        connectJson({ status: '403', 'error.responseType': 'INVALID_API_KEY', 'error.message': 'Forbidden' }),
      ],
      cause: 'auth.api-key',
      masked: false,
    },
    {
      shape: 'a message refused with a bare "Forbidden" (a missing API key or no matching route alike)',
      source: 'aws-samples/simple-websockets-chat-app#24',
      lines: [wsJson({ routeKey: '$default', status: '403', 'error.message': 'Forbidden' })],
      cause: 'unknown.client',
      masked: false,
    },
    {
      shape: '$connect whose Lambda authorizer returned a Deny policy (authorizer.status 403)',
      source: CONNECT_ROUTE_PAGE,
      lines: [
        connectJson({
          status: '403',
          'authorizer.status': '403',
          'authorizer.error': '-',
          'integration.status': '-',
        }),
      ],
      cause: 'auth.denied',
      masked: false,
    },
    {
      shape: '$connect whose Lambda authorizer threw Unauthorized (authorizer.status 401)',
      source: CONNECT_ROUTE_PAGE,
      lines: [
        connectJson({
          status: '401',
          'authorizer.status': '401',
          'authorizer.error': 'Unauthorized',
          'integration.status': '-',
        }),
      ],
      cause: 'auth.unauthenticated',
      masked: false,
    },
    {
      shape: '$connect with IAM authorization that refused the signature (authenticate.status 403)',
      source: WS_LOGGING_PAGE,
      lines: [
        connectJson({
          status: '403',
          'authenticate.status': '403',
          'authenticate.error': '-',
          'integration.status': '-',
        }),
      ],
      cause: 'auth.signature',
      masked: false,
    },
    {
      shape: '$connect whose Lambda authorizer failed (error.responseType AUTHORIZER_FAILURE, 500)',
      source: WS_LOGGING_PAGE,
      lines: [
        connectJson({
          status: '500',
          'error.responseType': 'AUTHORIZER_FAILURE',
          'error.message': 'Internal server error',
        }),
      ],
      cause: 'auth.authorizer-error',
      masked: true,
    },
    {
      shape: '$connect whose authorizer API Gateway could not invoke (AUTHORIZER_CONFIGURATION_ERROR, 500)',
      source: CROSSCUT_TRAIL,
      lines: [
        connectJson({
          status: '500',
          'error.responseType': 'AUTHORIZER_CONFIGURATION_ERROR',
          'error.message': 'Internal server error',
        }),
      ],
      cause: 'auth.authorizer-error',
      masked: true,
    },
    {
      shape: "$connect whose integration answered 403 itself (the $connect function's own refusal)",
      source: CONNECT_ROUTE_PAGE,
      lines: [
        connectJson({ status: '403', 'integration.status': '403', 'integration.integrationStatus': '200' }),
      ],
      cause: 'auth.backend',
      masked: false,
    },
    {
      shape: '$connect 500 whose integration error says API Gateway may not invoke the function',
      source: KC_INTERNAL_ERROR,
      lines: [
        connectJson({
          status: '500',
          'integration.error':
            'Execution failed due to configuration error: Invalid permissions on Lambda function',
        }),
      ],
      cause: 'auth.integration-permission',
      masked: true,
    },
    {
      shape: 'a message 500 with integration.integrationStatus 429 (AWS Lambda throttled the invoke)',
      source: WS_LOGGING_PAGE,
      lines: [
        wsJson({
          status: '500',
          'error.message': 'Internal server error',
          'integration.integrationStatus': '429',
          'integration.status': '-',
        }),
      ],
      cause: 'limit.backend',
      masked: true,
    },
    {
      shape: "a message 500 with integration.status 500 after Lambda's 200 (the function's own error)",
      source: WS_LOGGING_PAGE,
      lines: [wsJson({ status: '500', 'integration.integrationStatus': '200', 'integration.status': '500' })],
      cause: 'server.function-error',
      masked: false,
    },
    {
      shape: 'a $disconnect 500 whose integration error says the proxy response was malformed',
      source: 'https://github.com/michalkvasnicak/aws-lambda-graphql/pull/48',
      lines: [
        wsJson({
          eventType: 'DISCONNECT',
          routeKey: '$disconnect',
          status: '500',
          'integration.error': 'Execution failed due to configuration error: Malformed Lambda proxy response',
        }),
      ],
      cause: 'server.bad-response',
      masked: false,
    },
    {
      shape: 'a message 504 with error.responseType INTEGRATION_TIMEOUT',
      source: WS_LOGGING_PAGE,
      lines: [
        wsJson({
          status: '504',
          'error.responseType': 'INTEGRATION_TIMEOUT',
          'error.message': 'Endpoint request timed out',
        }),
      ],
      cause: 'timeout.integration',
      masked: false,
    },
    {
      shape: 'a message 413 whose error.message says "Request Entity Too Large"',
      source: WS_ROUTES_PAGE,
      lines: [wsJson({ status: '413', 'error.message': 'Request Entity Too Large' })],
      cause: 'bad-request.too-large',
      masked: false,
    },
  ]);
});

describe('WebSocket execution-log trails (base64 request ids)', () => {
  const at = (message: string) => `(${WS_ID}) ${message}`;
  check(
    (
      [
        {
          shape: 'a $connect authorizer that refused the token',
          source: KC_LOGS,
          lines: [
            at(`Starting authorizer: 62mgrc for request: ${WS_ID}`),
            at(`Unauthorized request: ${WS_ID}`),
            at('Gateway response type: UNAUTHORIZED with status code: 401'),
          ],
          cause: 'auth.unauthenticated',
          masked: false,
        },
        {
          shape: '$connect without a valid API key',
          source: KC_LOGS,
          lines: [
            at(`Verifying Usage Plan for request: ${WS_ID}. API Key:  API Stage: a1b2c3d4e5/production`),
            at('Gateway response type: INVALID_API_KEY with status code: 403'),
          ],
          cause: 'auth.api-key',
          masked: false,
        },
        {
          shape: 'a $connect function API Gateway may not invoke',
          source: KC_INTERNAL_ERROR,
          lines: [
            at(`Starting execution for request: ${WS_ID}`),
            at('Execution failed due to configuration error: Invalid permissions on Lambda function'),
            at('Gateway response type: DEFAULT_5XX with status code: 500'),
          ],
          cause: 'auth.integration-permission',
          masked: true,
        },
        {
          shape: 'an authorizer API Gateway may not invoke',
          source: CROSSCUT_TRAIL,
          lines: [
            at('Execution failed due to configuration error: Invalid permissions on Lambda function'),
            at('Execution failed due to configuration error: Authorizer error'),
            at('Gateway response type: AUTHORIZER_CONFIGURATION_ERROR with status code: 500'),
          ],
          cause: 'auth.authorizer-error',
          masked: true,
        },
        {
          shape: 'a message route whose function threw',
          source: KC_INTERNAL_ERROR,
          lines: [
            at(`Sending request to ${LAMBDA_URI}`),
            at('Received response. Status: 200, Integration latency: 15 ms'),
            at(
              'Lambda execution failed with status 200 due to customer function error: boom. Lambda request id: 1a2b',
            ),
            at('Gateway response type: DEFAULT_5XX with status code: 500'),
          ],
          cause: 'server.function-error',
          masked: false,
        },
        {
          shape: 'a message route whose Lambda invoke was throttled',
          source: KC_INTERNAL_ERROR,
          lines: [
            at(`Sending request to ${LAMBDA_URI}`),
            at(
              'Execution failed due to configuration error: Lambda invocation failed with status: 429. Lambda request id: 1a2b',
            ),
            at('Gateway response type: DEFAULT_5XX with status code: 500'),
          ],
          cause: 'limit.backend',
          masked: true,
        },
        {
          shape: 'a message route whose integration timed out',
          source: KC_LOGS,
          lines: [
            at(`Sending request to ${LAMBDA_URI}`),
            at('Execution failed due to a timeout error'),
            at('Gateway response type: INTEGRATION_TIMEOUT with status code: 504'),
          ],
          cause: 'timeout.integration',
          masked: false,
        },
        {
          shape: 'a message refused by the stage throttle',
          source: WS_LOGGING_PAGE,
          lines: [at('Gateway response type: THROTTLED with status code: 429')],
          cause: 'limit.throttle',
          masked: false,
        },
      ] as const
    ).map((row) => ({ ...row, group: EXECUTION_GROUP })),
  );
});

/**
 * A WebSocket request id is base64url (`Iq9gjE_aIAMFZTg=` in a real Elastic line has an `_`), so any
 * of its 64 characters may come first: API Gateway's first characters vary across the real ids
 * (`A`, `D`, `I`, `P`, `S`, `b`…), and an id that starts with `-` or `_` is as much a request id.
 */
describe('WebSocket execution-log trails whose request id starts with any base64url character', () => {
  for (const id of ['_DS1PEC4oAMFpyA=', '-DS1PEC4oAMFpyA=']) {
    it(`reads a trail prefixed (${id}) as its request's, not as unparsed lines (SYNTHETIC; ${CROSSCUT_TRAIL})`, () => {
      const lines = [
        `(${id}) Execution failed due to configuration error: Invalid permissions on Lambda function`,
        `(${id}) Execution failed due to configuration error: Authorizer error`,
        `(${id}) Gateway response type: AUTHORIZER_CONFIGURATION_ERROR with status code: 500`,
      ];
      const analysis = analyze([
        {
          source: { name: EXECUTION_GROUP },
          events: lines.map((message, i) => ({ id: String(i), timestamp: i, message })),
        },
      ]);
      assert.deepEqual(analysis.unparsed, []);
      assert.deepEqual(
        analysis.failures.map((f) => [f.requestId, f.cause, f.masked]),
        [[id, 'auth.authorizer-error', true]],
      );
    });
  }
});
