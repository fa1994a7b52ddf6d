/** analyze over whole batches: what holds however many lines a batch has. Lines are SYNTHETIC. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';

describe('analyze', () => {
  it('counts every unparsed line of a batch of 300,000 without overflowing the stack', () => {
    const events = Array.from({ length: 300_000 }, (_, i) => ({
      id: String(i),
      timestamp: 0,
      message: `noise ${i}`,
    }));
    const analysis = analyze([{ source: { name: 'noise.log' }, events }]);
    assert.equal(analysis.stats.unparsed, 300_000);
    assert.equal(analysis.unparsed.length, 300_000);
  });
});
