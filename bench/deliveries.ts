/**
 * Deterministic, realistic subscription deliveries for the benchmark: access-log JSON lines in the
 * recommended format and REST execution-log trails, about 1 MiB of messages each. Every line is
 * SYNTHETIC, generated from a seeded PRNG in the shapes of the real corpus.
 */
import { gzipSync } from 'node:zlib';

/** mulberry32: tiny, fast and seedable, so every run builds the same bytes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchEvent {
  readonly id: string;
  readonly timestamp: number;
  readonly message: string;
}

export interface Delivery {
  readonly kind: 'access' | 'execution';
  readonly logGroup: string;
  readonly events: readonly BenchEvent[];
  /** `awslogs.data`: base64 of the gzipped payload, as Lambda receives it. */
  readonly data: string;
  readonly uncompressedBytes: number;
}

const T0 = Date.UTC(2026, 10, 25, 12, 0);
const APIS = ['a1b2c3d4e5', 'f6g7h8i9j0', 'k1l2m3n4o5'] as const;
const STAGES = ['prod', 'staging'] as const;
const ROUTES = ['/pets', '/pets/{id}', '/orders', '/orders/{orderId}/items', '/users/{userId}'] as const;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function uuid(random: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

function clfTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

interface Outcome {
  readonly status: number;
  readonly responseType: string;
  readonly message: string;
  readonly integrationStatus: string;
  readonly serviceStatus: string;
  readonly integrationError: string;
  readonly latency: number;
}

/** Weighted outcomes: mostly successes, then the failures real APIs see most. */
const ACCESS_OUTCOMES: readonly (readonly [number, Outcome])[] = [
  [
    70,
    {
      status: 200,
      responseType: '-',
      message: '-',
      integrationStatus: '200',
      serviceStatus: '200',
      integrationError: '-',
      latency: 45,
    },
  ],
  [
    6,
    {
      status: 500,
      responseType: 'INTEGRATION_FAILURE',
      message: 'Internal server error',
      integrationStatus: '-',
      serviceStatus: '429',
      integrationError: 'Rate Exceeded.',
      latency: 12,
    },
  ],
  [
    5,
    {
      status: 502,
      responseType: 'DEFAULT_5XX',
      message: 'Internal server error',
      integrationStatus: '500',
      serviceStatus: '200',
      integrationError: '-',
      latency: 210,
    },
  ],
  [
    4,
    {
      status: 504,
      responseType: 'INTEGRATION_TIMEOUT',
      message: 'Endpoint request timed out',
      integrationStatus: '-',
      serviceStatus: '-',
      integrationError: '-',
      latency: 29_000,
    },
  ],
  [
    5,
    {
      status: 403,
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      message: 'Missing Authentication Token',
      integrationStatus: '-',
      serviceStatus: '-',
      integrationError: '-',
      latency: 0,
    },
  ],
  [
    4,
    {
      status: 429,
      responseType: 'THROTTLED',
      message: 'Too Many Requests',
      integrationStatus: '-',
      serviceStatus: '-',
      integrationError: '-',
      latency: 0,
    },
  ],
  [
    3,
    {
      status: 404,
      responseType: '-',
      message: '-',
      integrationStatus: '404',
      serviceStatus: '200',
      integrationError: '-',
      latency: 30,
    },
  ],
  [
    3,
    {
      status: 400,
      responseType: 'BAD_REQUEST_BODY',
      message: 'Invalid request body',
      integrationStatus: '-',
      serviceStatus: '-',
      integrationError: '-',
      latency: 0,
    },
  ],
];

function weighted<T>(random: () => number, table: readonly (readonly [number, T])[]): T {
  const total = table.reduce((sum, [w]) => sum + w, 0);
  let r = random() * total;
  for (const [w, item] of table) {
    r -= w;
    if (r < 0) return item;
  }
  return (table.at(-1) as readonly [number, T])[1];
}

/** One access-log line in the recommended JSON format (keys as the README recommends). */
function accessLine(random: () => number, timeMs: number): string {
  const o = weighted(random, ACCESS_OUTCOMES);
  const method = pick(random, METHODS);
  const route = pick(random, ROUTES);
  return JSON.stringify({
    requestId: uuid(random),
    extendedRequestId: `${uuid(random).slice(0, 14).replace(/-/g, 'X')}=`,
    requestTime: clfTime(timeMs),
    requestTimeEpoch: timeMs,
    apiId: pick(random, APIS),
    stage: pick(random, STAGES),
    httpMethod: method,
    resourcePath: route,
    routeKey: '-',
    status: o.status,
    'error.responseType': o.responseType,
    'error.message': o.message,
    'integration.status': o.integrationStatus,
    'integration.integrationStatus': o.serviceStatus,
    'integration.error': o.integrationError,
    'integration.latency': o.latency,
    responseLatency: o.latency + 8,
  });
}

const LAMBDA_URI = (api: string) =>
  `Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${api}-handler/invocations`;

/** A REST execution trail: the lines API Gateway writes for one request, ending in its verdict. */
function executionTrail(random: () => number, api: string, stage: string): string[] {
  const id = uuid(random);
  const method = pick(random, METHODS);
  const route = pick(random, ROUTES);
  const head = [
    `Extended Request Id: ${id.slice(0, 14).replace(/-/g, 'Q')}=`,
    `Verifying Usage Plan for request: ${id}. API Key:  API Stage: ${api}/${stage}`,
    `API Key  authorized because method '${method} ${route}' does not require API Key. Request will not contribute to throttle or quota limits`,
    `Usage Plan check succeeded for API Key  and API Stage ${api}/${stage}`,
    `Starting execution for request: ${id}`,
    `HTTP Method: ${method}, Resource Path: ${route}`,
    'Method request path: {id=42}',
    'Method request query string: {}',
    `Method request headers: {Accept=application/json, User-Agent=python-requests/2.31.0, X-Forwarded-Proto=https, Host=${api}.execute-api.us-east-1.amazonaws.com, X-Amzn-Trace-Id=Root=1-6745a0b2-${id.replace(/-/g, '').slice(0, 24)}}`,
    'Method request body before transformations: ',
    LAMBDA_URI(api),
    `Endpoint request headers: {X-Amz-Date=20261125T120000Z, x-amzn-apigateway-api-id=${api}, Accept=application/json, User-Agent=AmazonAPIGateway_${api}, Host=lambda.us-east-1.amazonaws.com, X-Amz-Content-Sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, x-amzn-lambda-integration-tag=${id}}`,
    `Endpoint request body after transformations: {"resource":"${route}","path":"${route.replace(/\{\w+\}/, '42')}","httpMethod":"${method}","headers":{"Accept":"application/json"}}`,
    'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/invocations',
  ];
  const kind = random();
  let tail: string[];
  if (kind < 0.7) {
    tail = [
      'Received response. Status: 200, Integration latency: 41 ms',
      'Endpoint response headers: {Date=Wed, 25 Nov 2026 12:00:00 GMT, Content-Type=application/json, X-Amz-Executed-Version=$LATEST}',
      'Endpoint response body before transformations: {"statusCode":200,"body":"{\\"ok\\":true}"}',
      'Method response body after transformations: {"ok":true}',
      'Method response headers: {Content-Type=application/json}',
      'Successfully completed execution',
      'Method completed with status: 200',
    ];
  } else if (kind < 0.8) {
    tail = [
      'Lambda invocation failed with status: 429. Lambda request id: 5a2f0c9e-1111-4a4a-9b9b-000000000001',
      'Execution failed due to configuration error: Rate Exceeded.',
      'Method completed with status: 500',
    ];
  } else if (kind < 0.88) {
    tail = [
      'Received response. Status: 200, Integration latency: 3012 ms',
      'Endpoint response headers: {X-Amz-Executed-Version=$LATEST, X-Amz-Function-Error=Unhandled}',
      'Endpoint response body before transformations: {"errorMessage":"2026-11-25T12:00:03.012Z 5a2f0c9e Task timed out after 3.00 seconds"}',
      'Lambda execution failed with status 200 due to customer function error: 2026-11-25T12:00:03.012Z 5a2f0c9e Task timed out after 3.00 seconds. Lambda request id: 5a2f0c9e',
      'Method completed with status: 502',
    ];
  } else if (kind < 0.95) {
    tail = [
      'Received response. Status: 200, Integration latency: 18 ms',
      'Endpoint response headers: {X-Amz-Executed-Version=$LATEST}',
      'Endpoint response body before transformations: {"message":"ok"}',
      'Execution failed due to configuration error: Malformed Lambda proxy response',
      'Method completed with status: 502',
    ];
  } else {
    tail = [
      'Execution failed due to configuration error: Invalid permissions on Lambda function',
      'Method completed with status: 500',
    ];
  }
  return [...head, ...tail].map((line) => `(${id}) ${line}`);
}

function encode(logGroup: string, events: readonly BenchEvent[]): { data: string; bytes: number } {
  const json = JSON.stringify({
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup,
    logStream: 'bench-stream',
    subscriptionFilters: ['apigw-error-analyzer'],
    logEvents: events,
  });
  return { data: gzipSync(Buffer.from(json)).toString('base64'), bytes: Buffer.byteLength(json) };
}

const ONE_MIB = 1024 * 1024;

/** Builds a delivery whose messages add up to about `bytes` uncompressed. */
export function buildDelivery(kind: Delivery['kind'], seed: number, bytes = ONE_MIB): Delivery {
  const random = prng(seed);
  const events: BenchEvent[] = [];
  let size = 0;
  let n = 0;
  const api = pick(random, APIS);
  const stage = pick(random, STAGES);
  const logGroup =
    kind === 'access' ? '/aws/apigateway/access' : `API-Gateway-Execution-Logs_${api}/${stage}`;
  while (size < bytes) {
    const timeMs = T0 + n * 25;
    const messages = kind === 'access' ? [accessLine(random, timeMs)] : executionTrail(random, api, stage);
    for (const message of messages) {
      events.push({ id: String(36_000_000_000_000_000 + n), timestamp: timeMs, message });
      size += message.length;
      n += 1;
    }
  }
  const { data, bytes: uncompressedBytes } = encode(logGroup, events);
  return { kind, logGroup, events, data, uncompressedBytes };
}

/** A delivery of exactly `count` access-log events over a fixed set of api/stage/cause keys. */
export function keyedAccessDelivery(
  count: number,
  seed: number,
  timeMs: number,
): { awslogs: { data: string } } {
  const random = prng(seed);
  const events: BenchEvent[] = [];
  for (let i = 0; i < count; i++) {
    const api = APIS[i % 2] ?? 'a1b2c3d4e5';
    const status = [200, 500, 403, 429][i % 4] ?? 200;
    const responseType = {
      200: '-',
      500: 'INTEGRATION_FAILURE',
      403: 'MISSING_AUTHENTICATION_TOKEN',
      429: 'THROTTLED',
    }[status];
    const message = JSON.stringify({
      requestId: uuid(random),
      requestTimeEpoch: timeMs,
      apiId: api,
      stage: 'prod',
      status,
      'error.responseType': responseType,
      'integration.integrationStatus': status === 500 ? '429' : '-',
      'integration.error': status === 500 ? 'Rate Exceeded.' : '-',
    });
    events.push({ id: `${seed}-${i}`, timestamp: timeMs, message });
  }
  return { awslogs: { data: encode('/aws/apigateway/access', events).data } };
}
