/**
 * Real API Gateway log lines found in public sources beyond the shared corpus, each with its source
 * (test/fixtures/real-lines.json). Same contract as the corpus: every failed request gets an
 * accepted cause.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';

interface RealSample {
  readonly source: string;
  readonly note: string;
  readonly lines: readonly string[];
  readonly accept: readonly string[];
  readonly masked: boolean | null;
}

const SAMPLES = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'fixtures', 'real-lines.json'), 'utf8'),
) as Record<string, RealSample>;

describe('real log lines from public sources', () => {
  for (const [id, sample] of Object.entries(SAMPLES)) {
    it(`${id}: gets an accepted cause (${sample.accept.join(' or ')}): ${sample.note}`, () => {
      assert.match(sample.source, /\S/, 'every real sample names its source');
      const events = sample.lines.map((message, i) => ({ id: String(i), timestamp: 0, message }));
      const analysis = analyze([{ source: { name: `${id}.log` }, events }]);
      assert.ok(analysis.failures.length > 0, 'expected a failed request');
      for (const failure of analysis.failures) {
        assert.ok(
          sample.accept.includes(failure.cause),
          `got ${failure.cause}: ${failure.evidence.join(' | ')}`,
        );
        if (sample.masked !== null) assert.equal(failure.masked, sample.masked);
      }
    });
  }
});
