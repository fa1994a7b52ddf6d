/**
 * A loopback HTTP server that speaks the SNS AWS Query protocol well enough for the real SDK
 * client: form-encoded `Action=Publish` in, the real XML `PublishResponse` out. It records every
 * Publish and can be told to fail the next calls with a 500 or a Throttling error in SNS's XML
 * ErrorResponse shape, to test what the handler does when SNS is down. It can also publish and then
 * lose the answer (socket destroyed, or a 500 after recording the message), as a network fault
 * between SNS and the function would: the SDK's retry, or Lambda's, then publishes it again.
 * Like SNS, it refuses a message that with its attributes (names, types and values) passes 256 KiB:
 * 400 InvalidParameter "Invalid parameter: Message too long" (the SNS developer guide's message
 * attributes page; the answer as quoted in wellcomecollection/platform#1460).
 * It can also refuse a Publish as SNS does when the topic's KMS key cannot be used: 400
 * KMSAccessDenied, which the SDK does not retry (its message as quoted in aws/aws-cdk#24337).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedPublish {
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly messageStructure?: string;
  readonly attributes: Readonly<Record<string, { readonly dataType: string; readonly value: string }>>;
  readonly messageId: string;
}

export const SNS_FAILURE = {
  internal: 'internal',
  throttling: 'throttling',
} as const;
export type SnsFailure = (typeof SNS_FAILURE)[keyof typeof SNS_FAILURE];

/** Refusals the SDK does not retry: one failed Publish fails the call. */
export const SNS_REFUSAL = {
  kmsAccessDenied: 'kms-access-denied',
} as const;
export type SnsRefusal = (typeof SNS_REFUSAL)[keyof typeof SNS_REFUSAL];

/**
 * A Publish taken in and never answered, nor recorded as published (a connection that hangs): the
 * SDK's socket timeout is minutes, so only the caller's own bound ends the wait.
 */
export const SNS_HANG = {
  noAnswer: 'no-answer',
} as const;
export type SnsHang = (typeof SNS_HANG)[keyof typeof SNS_HANG];

/** Faults after the message is recorded as published: the caller never hears it was. */
export const SNS_LOST = {
  reset: 'lost-reset',
  internal: 'lost-500',
} as const;
export type SnsLost = (typeof SNS_LOST)[keyof typeof SNS_LOST];
export type SnsFault = SnsFailure | SnsRefusal | SnsLost | SnsHang;

export interface SnsServer {
  readonly endpoint: string;
  readonly publishes: RecordedPublish[];
  /** Every Publish request that arrived, including the failed ones. */
  attempts: number;
  failNext(count: number, failure: SnsFailure | SnsRefusal | SnsHang): void;
  /**
   * Chooses each Publish's fault from its form (after failNext's are used up); undefined for none.
   * Undefined turns the chooser off.
   */
  inject(choose: ((form: URLSearchParams) => SnsFault | undefined) | undefined): void;
  /** The publishes whose answer was lost (also in `publishes`: they were sent). */
  readonly lostAnswers: RecordedPublish[];
  close(): Promise<void>;
}

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** SNS's limit on a message and its attributes together. */
export const SNS_MAX_MESSAGE_BYTES = 256 * 1024;

function publishBytes(form: URLSearchParams, attributes: RecordedPublish['attributes']): number {
  let bytes = Buffer.byteLength(form.get('Message') ?? '');
  for (const [name, { dataType, value }] of Object.entries(attributes)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(dataType) + Buffer.byteLength(value);
  }
  return bytes;
}

function errorXml(type: string, code: string, message: string): string {
  return `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function attributesOf(form: URLSearchParams): RecordedPublish['attributes'] {
  const attributes: Record<string, { dataType: string; value: string }> = {};
  for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n++) {
    const prefix = `MessageAttributes.entry.${n}`;
    attributes[form.get(`${prefix}.Name`) ?? ''] = {
      dataType: form.get(`${prefix}.Value.DataType`) ?? '',
      value: form.get(`${prefix}.Value.StringValue`) ?? '',
    };
  }
  return attributes;
}

export async function startSnsServer(): Promise<SnsServer> {
  const failures: (SnsFailure | SnsRefusal | SnsHang)[] = [];
  let choose: ((form: URLSearchParams) => SnsFault | undefined) | undefined;
  const send = (res: ServerResponse, status: number, xml: string) => {
    res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
    res.end(xml);
  };
  const state: SnsServer = {
    endpoint: '',
    publishes: [],
    lostAnswers: [],
    attempts: 0,
    failNext: (count, failure) => {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    inject: (next) => {
      choose = next;
    },
    close: () => Promise.resolve(),
  };
  const server = createServer(async (req, res) => {
    const form = new URLSearchParams(await readBody(req));
    if (form.get('Action') !== 'Publish' || form.get('Version') !== '2010-03-31') {
      send(res, 400, errorXml('Sender', 'InvalidAction', `unsupported action ${form.get('Action')}`));
      return;
    }
    state.attempts += 1;
    const failure = failures.shift() ?? choose?.(form);
    // Held open: close() ends the connection (closeAllConnections).
    if (failure === SNS_HANG.noAnswer) return;
    if (failure === SNS_FAILURE.internal) {
      send(res, 500, errorXml('Receiver', 'InternalError', 'An internal service error has occurred.'));
      return;
    }
    if (failure === SNS_FAILURE.throttling) {
      send(res, 400, errorXml('Sender', 'Throttling', 'Rate exceeded'));
      return;
    }
    if (failure === SNS_REFUSAL.kmsAccessDenied) {
      const message = `The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: ${randomUUID()}; Proxy: null)`;
      send(res, 400, errorXml('Sender', 'KMSAccessDenied', message));
      return;
    }
    if (publishBytes(form, attributesOf(form)) > SNS_MAX_MESSAGE_BYTES) {
      send(res, 400, errorXml('Sender', 'InvalidParameter', 'Invalid parameter: Message too long'));
      return;
    }
    const messageId = randomUUID();
    const recorded: RecordedPublish = {
      topicArn: form.get('TopicArn') ?? '',
      subject: form.get('Subject') ?? undefined,
      message: form.get('Message') ?? '',
      messageStructure: form.get('MessageStructure') ?? undefined,
      attributes: attributesOf(form),
      messageId,
    };
    state.publishes.push(recorded);
    if (failure === SNS_LOST.reset || failure === SNS_LOST.internal) {
      state.lostAnswers.push(recorded);
      if (failure === SNS_LOST.reset) req.socket.destroy();
      else send(res, 500, errorXml('Receiver', 'InternalError', 'An internal service error has occurred.'));
      return;
    }
    send(
      res,
      200,
      `<PublishResponse xmlns="${XMLNS}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The SDK keeps connections alive; without this, close() would wait for them to idle out.
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  });
}
