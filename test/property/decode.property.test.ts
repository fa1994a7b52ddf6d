/**
 * Property-based hardening of the decoder: whatever bytes arrive, decode either returns a checked
 * payload or throws a DecodeError, never anything else. Fixed seed, bounded runs, so failures replay.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { DECODE_ERROR, DecodeError, decodeData, decodeEvent } from '../../lambda/core/decode';
import { jsonFault } from '../../lambda/core/decode-json-fault';
import type { SubscriptionPayload } from '../../lambda/core/types';

/** Fixed seed so a failure replays; FC_SEED=<n> explores other inputs once, locally. */
const SETTINGS = { seed: Number(process.env.FC_SEED ?? 20261125), numRuns: 200 } as const;
const CODES = new Set<string>(Object.values(DECODE_ERROR));

/** Runs decode and returns the payload or the DecodeError; any other throw fails the property. */
function outcome(run: () => SubscriptionPayload): SubscriptionPayload | DecodeError {
  try {
    return run();
  } catch (error) {
    assert.ok(error instanceof DecodeError, `threw something other than DecodeError: ${String(error)}`);
    assert.ok(CODES.has(error.code), `unknown code ${error.code}`);
    assert.ok(error.message.length > 0);
    return error;
  }
}

function validPayload(messages: readonly string[]): Buffer {
  return gzipSync(
    Buffer.from(
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: '/aws/apigateway/access',
        logStream: 's',
        subscriptionFilters: ['f'],
        logEvents: messages.map((message, i) => ({ id: String(i), timestamp: i, message })),
      }),
    ),
  );
}

describe('decode properties', () => {
  it('throws only DecodeError for any event value', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        outcome(() => decodeEvent(value));
        outcome(() => decodeEvent({ awslogs: value }));
        outcome(() => decodeEvent({ awslogs: { data: value } }));
      }),
      SETTINGS,
    );
  });

  it('throws only DecodeError for any string as awslogs.data (wrong base64 included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (data) => {
        outcome(() => decodeData(data));
      }),
      SETTINGS,
    );
  });

  it('throws only DecodeError for arbitrary bytes, with or without gzip magic in front', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), (bytes, magic) => {
        const buffer = magic
          ? Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), bytes])
          : Buffer.from(bytes);
        const result = outcome(() => decodeData(buffer.toString('base64')));
        if (!magic && !(buffer[0] === 0x1f && buffer[1] === 0x8b)) {
          const expected = buffer.length === 0 ? DECODE_ERROR.badBase64 : DECODE_ERROR.notGzip;
          assert.ok(result instanceof DecodeError && result.code === expected, `expected ${expected}`);
        }
      }),
      SETTINGS,
    );
  });

  it('refuses every strict prefix of a valid delivery as truncated or corrupt gzip', () => {
    const whole = validPayload(['{"requestId":"r1","status":"502"}', 'x'.repeat(300)]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: whole.length - 1 }), (cut) => {
        const result = outcome(() => decodeData(whole.subarray(0, cut).toString('base64')));
        assert.ok(result instanceof DecodeError, `a ${cut}-byte prefix decoded`);
        assert.ok(
          result.code === DECODE_ERROR.truncatedGzip ||
            result.code === DECODE_ERROR.notGzip ||
            result.code === DECODE_ERROR.badBase64,
          result.code,
        );
      }),
      SETTINGS,
    );
  });

  it('throws only DecodeError when any byte of a valid delivery is corrupted', () => {
    const whole = validPayload([
      '{"requestId":"r1","status":"502"}',
      '(abc12345-x) Method completed with status: 502',
    ]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: whole.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (at, xor) => {
          const corrupted = Buffer.from(whole);
          corrupted[at] = (corrupted[at] ?? 0) ^ xor;
          outcome(() => decodeData(corrupted.toString('base64')));
        },
      ),
      SETTINGS,
    );
  });

  it('refuses any JSON that is not a subscription payload as bad-shape, and never bad-json', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = outcome(() =>
          decodeData(gzipSync(Buffer.from(JSON.stringify(value) ?? 'null')).toString('base64')),
        );
        if (result instanceof DecodeError) assert.equal(result.code, DECODE_ERROR.badShape);
      }),
      SETTINGS,
    );
  });

  it("finds a fault in a text exactly when JSON.parse refuses it, at or before V8's own position", () => {
    // The decoder's bad-json message is built from jsonFault, not V8's words: it must agree with V8.
    const JSON_BITS = [
      '{',
      '}',
      '[',
      ']',
      ':',
      ',',
      '"',
      '\\',
      '-',
      '.',
      'e',
      '0',
      '1',
      'true',
      'nul',
      ' ',
      '\u0001',
    ];
    const texts = fc.oneof(
      fc
        .json()
        .chain((json) =>
          fc.tuple(
            fc.constant(json),
            fc.integer({ min: 0, max: json.length }),
            fc.integer({ min: 0, max: 3 }),
            fc.constantFrom(...JSON_BITS),
          ),
        )
        .map(([json, at, drop, bit]) => json.slice(0, at) + bit + json.slice(at + drop)),
      fc.array(fc.constantFrom(...JSON_BITS), { maxLength: 12 }).map((bits) => bits.join('')),
      fc.json(),
    );
    fc.assert(
      fc.property(texts, (text) => {
        let v8: string | undefined;
        try {
          JSON.parse(text);
        } catch (error) {
          v8 = (error as Error).message;
        }
        const fault = jsonFault(text);
        assert.equal(fault === undefined, v8 === undefined, `${JSON.stringify(text)}: V8 says ${v8}`);
        const v8At = /at position (\d+)/.exec(v8 ?? '')?.[1];
        if (fault !== undefined && v8At !== undefined) assert.ok(fault.position <= Number(v8At), v8);
      }),
      { ...SETTINGS, numRuns: 2000 },
    );
  });

  it('checks every event of a DATA_MESSAGE whatever its shape', () => {
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 8 }), (events) => {
        const data = gzipSync(
          Buffer.from(JSON.stringify({ messageType: 'DATA_MESSAGE', logGroup: 'g', logEvents: events })),
        ).toString('base64');
        const result = outcome(() => decodeData(data));
        if (!(result instanceof DecodeError)) {
          for (const event of result.logEvents) {
            assert.equal(typeof event.message, 'string');
            assert.equal(typeof event.id, 'string');
            assert.ok(Number.isFinite(event.timestamp));
          }
        }
      }),
      SETTINGS,
    );
  });

  it('decodes invalid UTF-8 inside messages into replacement characters instead of failing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), (bytes) => {
        // Raw bytes spliced into the JSON string literal; quotes, backslashes and controls are masked out.
        const safe = Buffer.from(bytes.map((b) => (b < 0x20 || b === 0x22 || b === 0x5c ? 0x41 : b)));
        const json = Buffer.concat([
          Buffer.from(
            '{"messageType":"DATA_MESSAGE","logGroup":"g","logEvents":[{"id":"1","timestamp":1,"message":"',
          ),
          safe,
          Buffer.from('"}]}'),
        ]);
        const result = outcome(() => decodeData(gzipSync(json).toString('base64')));
        assert.ok(
          !(result instanceof DecodeError),
          `refused: ${result instanceof DecodeError ? result.message : ''}`,
        );
        assert.equal(result.logEvents.length, 1);
      }),
      SETTINGS,
    );
  });

  it('refuses a gzip bomb of 256 MiB of zeros with bounded memory, in a fresh process', () => {
    // A child process measures its own peak RSS so earlier tests in this process cannot hide growth.
    const script = `
      const { createGzip } = require('node:zlib');
      const { decodeData } = require(${JSON.stringify(join(__dirname, '..', '..', 'lambda', 'core', 'decode.ts'))});
      const gzip = createGzip({ level: 6 });
      const parts = [];
      gzip.on('data', (c) => parts.push(c));
      gzip.on('end', () => {
        const data = Buffer.concat(parts).toString('base64');
        parts.length = 0;
        const before = process.memoryUsage().rss;
        let code = 'none';
        try { decodeData(data); } catch (e) { code = e.code; }
        const peak = process.resourceUsage().maxRSS * 1024;
        console.log(JSON.stringify({ code, before, peak, compressed: data.length }));
      });
      const zeros = Buffer.alloc(1024 * 1024);
      let left = 256;
      (function write() {
        while (left > 0) { left--; if (!gzip.write(zeros)) { gzip.once('drain', write); return; } }
        gzip.end();
      })();`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
      code: string;
      before: number;
      peak: number;
      compressed: number;
    };
    assert.equal(result.code, DECODE_ERROR.tooLarge);
    assert.ok(result.compressed < 1024 * 1024, 'the bomb is small on the wire');
    const growthMb = (result.peak - result.before) / 1024 / 1024;
    assert.ok(growthMb < 96, `decoding a 256 MiB bomb grew the process by ${growthMb.toFixed(1)} MB`);
  });
});
