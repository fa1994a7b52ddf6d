/** decode: base64 → bounded gunzip → JSON → checked shape, with one typed error code per way it can fail. */
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { gzipSync, type ZlibOptions } from 'node:zlib';
import {
  awslogsData,
  checkPayload,
  DECODE_ERROR,
  DecodeError,
  type DecodeErrorCode,
  decodeData,
  decodeEvent,
  MAX_DECOMPRESSED_BYTES,
} from '../../../lambda/core/decode';

function encode(value: unknown): string {
  return gzipSync(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))).toString('base64');
}

const DATA_MESSAGE = {
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: '/aws/apigateway/access',
  logStream: 'stream-1',
  subscriptionFilters: ['analyzer'],
  logEvents: [
    { id: 'e1', timestamp: 1_764_000_000_000, message: '{"requestId":"r1","status":"502"}' },
    { id: 'e2', timestamp: 1_764_000_000_001, message: '{"requestId":"r2","status":"200"}' },
  ],
};

function decodeErrorOf(run: () => unknown): DecodeError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DecodeError, `expected a DecodeError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a DecodeError, nothing was thrown');
}

describe('decodeEvent', () => {
  it('decodes a DATA_MESSAGE built from plain JSON into its events, in order', () => {
    const payload = decodeEvent({ awslogs: { data: encode(DATA_MESSAGE) } });
    assert.equal(payload.messageType, 'DATA_MESSAGE');
    assert.equal(payload.logGroup, '/aws/apigateway/access');
    assert.equal(payload.logStream, 'stream-1');
    assert.equal(payload.owner, '123456789012');
    assert.deepEqual(payload.subscriptionFilters, ['analyzer']);
    assert.deepEqual(payload.logEvents, DATA_MESSAGE.logEvents);
  });

  it('decodes non-ASCII messages as UTF-8, the same text as an all-ASCII payload would keep', () => {
    const messages = [
      '{"path":"/caf\u00e9","status":"404"}',
      'r\u00e9sum\u00e9 \u{1f600} \u4e2d\u6587',
      'plain ascii',
    ];
    const payload = {
      ...DATA_MESSAGE,
      logEvents: messages.map((message, i) => ({ id: `e${i}`, timestamp: i + 1, message })),
    };
    assert.deepEqual(
      decodeData(encode(payload)).logEvents.map((e) => e.message),
      messages,
    );
  });

  it('yields no events for a CONTROL_MESSAGE even when it carries some', () => {
    const control = {
      messageType: 'CONTROL_MESSAGE',
      owner: 'CloudwatchLogs',
      logGroup: '',
      logStream: '',
      subscriptionFilters: [],
      logEvents: [{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE: Checking health of destination' }],
    };
    const payload = decodeEvent({ awslogs: { data: encode(control) } });
    assert.equal(payload.messageType, 'CONTROL_MESSAGE');
    assert.deepEqual(payload.logEvents, []);
  });

  it('accepts base64 broken over several lines, as some tools print it', () => {
    const data = encode(DATA_MESSAGE).replace(/(.{40})/g, '$1\n');
    assert.equal(decodeData(data).logEvents.length, 2);
  });

  it('reads a timestamp JSON overflows to Infinity as 0, like any other timestamp that is no time', () => {
    // SYNTHETIC: JSON.parse reads 1e400 as Infinity, a number that is no time.
    const json =
      '{"messageType":"DATA_MESSAGE","logGroup":"g","logEvents":[{"id":"e1","timestamp":1e400,"message":"a"}]}';
    assert.deepEqual(decodeData(encode(json)).logEvents, [{ id: 'e1', timestamp: 0, message: 'a' }]);
  });

  it('fills a missing event id with its index and a non-numeric timestamp with 0', () => {
    const payload = checkPayload({
      messageType: 'DATA_MESSAGE',
      logGroup: 'g',
      logEvents: [
        { message: 'a', timestamp: 'soon' },
        { message: 'b', timestamp: '42' },
      ],
    });
    assert.deepEqual(payload.logEvents, [
      { id: '0', timestamp: 0, message: 'a' },
      { id: '1', timestamp: 42, message: 'b' },
    ]);
  });

  it('refuses a gzip bomb that inflates past MAX_DECOMPRESSED_BYTES without inflating all of it', () => {
    // 64 MiB of zeros compress to about 64 KiB; the decoder must stop at its bound.
    const bomb = gzipSync(Buffer.alloc(4 * MAX_DECOMPRESSED_BYTES), { level: 9 }).toString('base64');
    assert.ok(bomb.length < 200_000, 'the bomb itself is small');
    const error = decodeErrorOf(() => decodeData(bomb));
    assert.equal(error.code, DECODE_ERROR.tooLarge);
    assert.match(error.message, new RegExp(`more than ${MAX_DECOMPRESSED_BYTES} bytes`));
  });

  it('refuses a gzip bomb whose trailer claims a tiny size, at the same bound (SYNTHETIC stream)', () => {
    // The trailer's size only sizes the decoder's output chunk; the bound must not depend on it.
    const bomb = gzipSync(Buffer.alloc(2 * MAX_DECOMPRESSED_BYTES), { level: 9 });
    bomb.writeUInt32LE(100, bomb.length - 4);
    const error = decodeErrorOf(() => decodeData(bomb.toString('base64')));
    assert.equal(error.code, DECODE_ERROR.tooLarge);
  });

  it('decodes a payload gzipped as two members whole, though the trailer sizes only the last one (SYNTHETIC)', () => {
    const text = JSON.stringify(DATA_MESSAGE);
    const cut = text.indexOf('"logEvents"');
    const twoMembers = Buffer.concat([gzipSync(text.slice(0, cut)), gzipSync(text.slice(cut))]);
    assert.ok(
      twoMembers.readUInt32LE(twoMembers.length - 4) < text.length,
      'the trailer understates the output',
    );
    assert.deepEqual(decodeData(twoMembers.toString('base64')), decodeData(encode(DATA_MESSAGE)));
  });

  it("inflates into one chunk one byte larger than the trailer's size, never smaller than zlib's default nor larger than the bound allows (SYNTHETIC streams)", () => {
    // The point of the trailer's hint is speed (one native call, no copy): pin the chunk asked for.
    const chunks: unknown[] = [];
    // The module object decode.ts calls gunzipSync on (a CommonJS require, not an import's copy).
    const zlib: { gunzipSync: (buf: Buffer, options?: ZlibOptions) => Buffer } = require('node:zlib');
    const original = zlib.gunzipSync;
    const gunzip = mock.method(zlib, 'gunzipSync', (buf: Buffer, options?: ZlibOptions) => {
      chunks.push(options?.chunkSize);
      return original(buf, options);
    });
    try {
      const big = Buffer.from(JSON.stringify({ ...DATA_MESSAGE, padding: 'x'.repeat(100_000) }));
      const small = gzipSync(Buffer.from(JSON.stringify(DATA_MESSAGE)));
      const forgedHuge = Buffer.from(gzipSync(big));
      forgedHuge.writeUInt32LE(0xffffffff, forgedHuge.length - 4);
      decodeData(gzipSync(big).toString('base64'));
      decodeData(small.toString('base64'));
      decodeErrorOf(() => decodeData(forgedHuge.toString('base64')));
      assert.deepEqual(chunks, [big.length + 1, 16 * 1024, MAX_DECOMPRESSED_BYTES + 1]);
    } finally {
      gunzip.mock.restore();
    }
  });

  it('refuses a stream whose trailer does not match what it inflates to (SYNTHETIC)', () => {
    const forged = gzipSync(Buffer.from(JSON.stringify(DATA_MESSAGE)));
    forged.writeUInt32LE(forged.readUInt32LE(forged.length - 4) + 1, forged.length - 4);
    assert.equal(decodeErrorOf(() => decodeData(forged.toString('base64'))).code, DECODE_ERROR.notGzip);
  });

  it('accepts a delivery that inflates to the 16 MiB the README documents, and refuses one a byte larger', () => {
    const documented = 16 * 1024 * 1024; // README, Limits: "awslogs.data may inflate to at most 16 MiB"
    const inflatingTo = (bytes: number): string => {
      const empty = JSON.stringify({ ...DATA_MESSAGE, logEvents: [{ id: 'e1', timestamp: 1, message: '' }] });
      const text = empty.replace('"message":""', `"message":"${'a'.repeat(bytes - empty.length)}"`);
      assert.equal(text.length, bytes);
      return gzipSync(Buffer.from(text)).toString('base64');
    };
    assert.equal(decodeData(inflatingTo(documented)).logEvents.length, 1);
    assert.equal(decodeErrorOf(() => decodeData(inflatingTo(documented + 1))).code, DECODE_ERROR.tooLarge);
  });

  const gzipped = gzipSync(Buffer.from(JSON.stringify(DATA_MESSAGE)));
  const gzippedBase64 = gzipped.toString('base64');
  const failures: readonly {
    readonly name: string;
    readonly event: unknown;
    readonly code: DecodeErrorCode;
    readonly message: RegExp;
  }[] = [
    { name: 'a null event', event: null, code: DECODE_ERROR.notAnEvent, message: /awslogs/ },
    {
      name: 'an API Gateway proxy event',
      event: { httpMethod: 'GET' },
      code: 'not-an-event',
      message: /awslogs/,
    },
    {
      name: 'awslogs.data that is a number',
      event: { awslogs: { data: 42 } },
      code: 'not-an-event',
      message: /data/,
    },
    { name: 'empty data', event: { awslogs: { data: '' } }, code: 'bad-base64', message: /base64/ },
    {
      name: 'data with characters outside base64',
      event: { awslogs: { data: 'H4sI*not*base64' } },
      code: 'bad-base64',
      message: /base64/,
    },
    {
      name: 'data with a character outside base64, in a length base64 allows',
      event: { awslogs: { data: `${gzippedBase64.slice(0, 8)}*${gzippedBase64.slice(9)}` } },
      code: 'bad-base64',
      message: /base64/,
    },
    {
      name: 'base64 of impossible length',
      event: { awslogs: { data: 'H4sIA' } },
      code: 'bad-base64',
      message: /base64/,
    },
    {
      name: 'base64 of plain text',
      event: { awslogs: { data: Buffer.from('hello world').toString('base64') } },
      code: 'not-gzip',
      message: /gzip magic/,
    },
    {
      name: 'gzip whose stream is corrupted after the header',
      event: {
        awslogs: {
          data: Buffer.concat([gzipped.subarray(0, 10), Buffer.alloc(40, 0xff)]).toString('base64'),
        },
      },
      code: 'not-gzip',
      message: /corrupt/,
    },
    {
      name: 'gzip cut in half',
      event: { awslogs: { data: gzipped.subarray(0, Math.floor(gzipped.length / 2)).toString('base64') } },
      code: 'truncated-gzip',
      message: /truncated/,
    },
    {
      name: 'gzip of text that is not JSON',
      event: { awslogs: { data: encode('not json {') } },
      code: 'bad-json',
      message: /not JSON/,
    },
    {
      name: 'a JSON array',
      event: { awslogs: { data: encode([1, 2]) } },
      code: 'bad-shape',
      message: /not a JSON object/,
    },
    {
      name: 'an unknown messageType',
      event: { awslogs: { data: encode({ messageType: 'DATA', logGroup: 'g', logEvents: [] }) } },
      code: 'bad-shape',
      message: /messageType is "DATA"/,
    },
    {
      name: 'logEvents that is not an array',
      event: { awslogs: { data: encode({ messageType: 'DATA_MESSAGE', logGroup: 'g', logEvents: {} }) } },
      code: 'bad-shape',
      message: /logEvents is not an array/,
    },
    {
      name: 'a DATA_MESSAGE without logGroup',
      event: { awslogs: { data: encode({ messageType: 'DATA_MESSAGE', logEvents: [] }) } },
      code: 'bad-shape',
      message: /logGroup/,
    },
    {
      name: 'an event without a string message',
      event: {
        awslogs: {
          data: encode({ messageType: 'DATA_MESSAGE', logGroup: 'g', logEvents: [{ id: 'a', message: 1 }] }),
        },
      },
      code: 'bad-shape',
      message: /logEvents\[0\] has no string "message"/,
    },
  ];

  for (const { name, event, code, message } of failures) {
    it(`rejects ${name} with code ${code} and a message naming what was wrong`, () => {
      const error = decodeErrorOf(() => decodeEvent(event));
      assert.equal(error.code, code);
      assert.equal(error.name, 'DecodeError');
      assert.match(error.message, message);
    });
  }

  // SYNTHETIC payloads, each corrupt at the token's first character, which looks like a GitHub token:
  // V8's own message quotes about ten characters either side of a bad token, on Node.js 20 and 24.
  const TOKEN = 'ghp_SYNTHETICfakeToken0123456789abcdef';
  const corrupt: readonly { readonly name: string; readonly text: string; readonly problem: RegExp }[] = [
    {
      name: 'a bare word where a value should be',
      text: `{"messageType":"DATA_MESSAGE","logGroup":"g","auth":${TOKEN}}`,
      problem: /expected a value, found a letter/,
    },
    {
      name: 'a payload that is not JSON at all',
      text: `${TOKEN} {"messageType":"DATA_MESSAGE"}`,
      problem: /expected a value, found a letter/,
    },
    {
      name: 'a missing comma in an array',
      text: `{"messageType":"DATA_MESSAGE","logEvents":["a" ${TOKEN}]}`,
      problem: /expected ',' or '\]' after an array element, found a letter/,
    },
    {
      name: 'text after the JSON value',
      text: `{"messageType":"DATA_MESSAGE"}${TOKEN}`,
      problem: /expected the end of the text after the JSON value, found a letter/,
    },
    {
      name: 'a control character in a string',
      text: `{"messageType":"DATA_MESSAGE","auth":"\u0001${TOKEN}\u0001"}`,
      problem: /control character inside a string/,
    },
  ];
  for (const { name, text, problem } of corrupt) {
    it(`names the position and kind of error in ${name}, quoting none of its bytes (SYNTHETIC, fake token)`, () => {
      const error = decodeErrorOf(() => decodeData(encode(text)));
      assert.equal(error.code, DECODE_ERROR.badJson);
      assert.match(error.message, problem);
      const position = Number(/at position (\d+) of (\d+)$/.exec(error.message)?.[1]);
      // The first corrupt character: the token's first, or the control character before it.
      const first = Math.min(...[text.indexOf('\u0001'), text.indexOf('ghp_')].filter((i) => i >= 0));
      assert.equal(position, first, error.message);
      assert.ok(!error.message.includes('ghp_'), `the token leaked: ${error.message}`);
      assert.ok(!error.message.includes(TOKEN.slice(4, 10)), `the token leaked: ${error.message}`);
    });
  }

  it('names a messageType that is no type word by its kind, not its text (SYNTHETIC, fake token)', () => {
    const error = decodeErrorOf(() =>
      decodeData(encode({ messageType: `Bearer ${TOKEN}`, logGroup: 'g', logEvents: [] })),
    );
    assert.equal(error.code, DECODE_ERROR.badShape);
    assert.match(error.message, /messageType is a string of 45 characters; expected DATA_MESSAGE/);
    assert.ok(!error.message.includes('ghp_'), error.message);
  });

  it('reads awslogs.data from a subscription event', () => {
    assert.equal(awslogsData({ awslogs: { data: 'abc' } }), 'abc');
  });
});
