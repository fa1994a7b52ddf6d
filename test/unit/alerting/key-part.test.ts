/**
 * DynamoDB limits a partition key to 2,048 BYTES of UTF-8, so a scope name must be measured in bytes:
 * 400 CJK characters are 1,200 bytes. dynalite counts characters, so only this test can see it.
 * Names are SYNTHETIC: only a misread custom field logs such an API id or stage.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertPk } from '../../../lambda/adapters/alert-state-store';
import { counterPk } from '../../../lambda/adapters/counter-store';
import { keyPart } from '../../../lambda/adapters/dynamo-client';

const DYNAMO_PK_MAX_BYTES = 2048;
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('scope names in DynamoDB keys', () => {
  const names = {
    'CJK characters': '界'.repeat(400),
    'two-byte letters': 'ß'.repeat(500),
    emoji: '🚀'.repeat(300),
    ASCII: 'x'.repeat(3000),
  };

  for (const [kind, name] of Object.entries(names)) {
    it(`keeps counter and alert keys within DynamoDB's 2,048 bytes for a long name of ${kind}`, () => {
      const T = Date.UTC(2026, 10, 26, 12, 0);
      // The longest window (60 minutes) makes the longest key.
      assert.ok(
        bytes(counterPk(name, name, T, 60)) <= DYNAMO_PK_MAX_BYTES,
        `${bytes(counterPk(name, name, T, 60))} bytes`,
      );
      assert.ok(bytes(alertPk(name, name)) <= DYNAMO_PK_MAX_BYTES);
      assert.doesNotMatch(keyPart(name), LONE_SURROGATE);
    });
  }

  it('writes a real API id or stage into the key as it is', () => {
    for (const name of ['abc123defg', 'prod', 'API-Gateway-Execution-Logs_abc123defg/prod', 'é'.repeat(256)])
      assert.equal(keyPart(name), name);
  });

  it('keeps the first 64 UTF-16 units of a long name, as the README says, one fewer rather than half an emoji', () => {
    const head = (name: string) => keyPart(name).split('~')[0];
    assert.equal(head('界'.repeat(400)), '界'.repeat(64));
    assert.equal(head('🚀'.repeat(300)), '🚀'.repeat(32));
    assert.equal(head(`a${'🚀'.repeat(300)}`), `a${'🚀'.repeat(31)}`);
  });

  it('tells apart long names that share their start', () => {
    const start = '界'.repeat(300);
    assert.notEqual(keyPart(`${start}a`), keyPart(`${start}b`));
  });
});
