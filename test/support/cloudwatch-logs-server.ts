/**
 * A loopback stand-in for the CloudWatch Logs API speaking its real wire protocol (AWS JSON 1.1:
 * POST /, X-Amz-Target: Logs_20140328.<Operation>, errors as {"__type","message"} with status 400),
 * so the real SDK client is exercised end to end. Each test scripts the answers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LogsCall {
  readonly operation: string;
  readonly body: Record<string, unknown>;
  /** The Region the SDK signed the call for (SigV4's credential scope). */
  readonly region?: string;
}

export type LogsReply =
  | { readonly ok: Record<string, unknown> }
  | {
      readonly error: string;
      readonly message?: string;
      readonly status?: number;
      /** The answer's Date header, for a service clock away from this machine's. */
      readonly date?: string;
    }
  /** Not the service's answer: what a proxy or load balancer in between may send instead. */
  | { readonly raw: { readonly status: number; readonly contentType: string; readonly body: string } };

export interface CloudWatchLogsServer {
  /** For AWS_ENDPOINT_URL_CLOUDWATCH_LOGS. */
  readonly url: string;
  readonly calls: LogsCall[];
  close(): Promise<void>;
}

const TARGET_PREFIX = 'Logs_20140328.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown, date?: string): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': `test-${Date.now()}`,
    ...(date === undefined ? {} : { date }),
  });
  response.end(text);
}

/**
 * Starts the server on 127.0.0.1 and an ephemeral port; `reply` answers each call in order (a
 * promise holds the answer back until the test is ready).
 */
export async function startCloudWatchLogsServer(
  reply: (call: LogsCall, index: number) => LogsReply | Promise<LogsReply>,
): Promise<CloudWatchLogsServer> {
  const calls: LogsCall[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const target = request.headers['x-amz-target'];
      const contentType = request.headers['content-type'] ?? '';
      if (
        request.method !== 'POST' ||
        typeof target !== 'string' ||
        !target.startsWith(TARGET_PREFIX) ||
        !contentType.startsWith(CONTENT_TYPE)
      ) {
        send(response, 400, {
          __type: 'UnknownOperationException',
          message: `expected POST with X-Amz-Target ${TARGET_PREFIX}* and ${CONTENT_TYPE}`,
        });
        return;
      }
      const text = await readBody(request);
      const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(request.headers.authorization ?? '')?.[1];
      const call: LogsCall = {
        operation: target.slice(TARGET_PREFIX.length),
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
        ...(region === undefined ? {} : { region }),
      };
      calls.push(call);
      const answer = await reply(call, calls.length - 1);
      if ('ok' in answer) send(response, 200, answer.ok);
      else if ('raw' in answer) {
        response.writeHead(answer.raw.status, {
          'content-type': answer.raw.contentType,
          'content-length': Buffer.byteLength(answer.raw.body),
        });
        response.end(answer.raw.body);
      } else
        send(
          response,
          answer.status ?? 400,
          { __type: answer.error, message: answer.message ?? answer.error },
          answer.date,
        );
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
