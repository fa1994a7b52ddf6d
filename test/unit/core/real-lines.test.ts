/**
 * Real API Gateway log lines found in public sources beyond the shared corpus, each with its source
 * (test/fixtures/real-lines.json). Same contract as the corpus: every failed request gets an
 * accepted cause, both when the lines reach the core as log events and when the CLI reads them as
 * a file. Samples marked `fileOnly` are in a file's shape (a log event object per line, a
 * pretty-printed or wrapped object, a table row, the console's test panel), which only the CLI's
 * input reader unwraps. Real successes (test/fixtures/real-successes.json) must be read whole and
 * report nothing, `fileOnly` the same way.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseInput } from '../../../cli/input';
import { analyze } from '../../../lambda/core/pipeline';
import type { Analysis } from '../../../lambda/core/types';
import { readCorpusFile } from '../../support/corpus';

interface RealSample {
  readonly source: string;
  readonly note: string;
  readonly lines: readonly string[];
  readonly accept: readonly string[];
  readonly masked: boolean | null;
  readonly fileOnly?: boolean;
}

const SAMPLES = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'fixtures', 'real-lines.json'), 'utf8'),
) as Record<string, RealSample>;

function assertAccepted(analysis: Analysis, sample: RealSample): void {
  assert.ok(analysis.failures.length > 0, 'expected a failed request');
  assert.equal(analysis.stats.unparsed, 0, 'every line is read');
  for (const failure of analysis.failures) {
    assert.ok(sample.accept.includes(failure.cause), `got ${failure.cause}: ${failure.evidence.join(' | ')}`);
    if (sample.masked !== null) assert.equal(failure.masked, sample.masked);
  }
}

describe('real log lines from public sources', () => {
  for (const [id, sample] of Object.entries(SAMPLES)) {
    it(`${id}: gets an accepted cause (${sample.accept.join(' or ')}): ${sample.note}`, () => {
      assert.match(sample.source, /\S/, 'every real sample names its source');
      if (!sample.fileOnly) {
        const events = sample.lines.map((message, i) => ({ id: String(i), timestamp: 0, message }));
        assertAccepted(analyze([{ source: { name: `${id}.log` }, events }]), sample);
      }
      assertAccepted(analyze(parseInput(sample.lines.join('\n'), `${id}.log`).batches), sample);
      // Pasted into a document: an indented code block, a Markdown quote.
      for (const paste of ['    ', '> ']) {
        const pasted = sample.lines.map((line) => (line.trim() === '' ? line : `${paste}${line}`));
        assertAccepted(analyze(parseInput(pasted.join('\n'), `${id}.log`).batches), sample);
      }
    });
  }
});

interface RealSuccess {
  readonly source: string;
  readonly note: string;
  readonly lines: readonly string[];
  readonly fileOnly?: boolean;
  /** Lines that are no log lines (a tool's own output around them), counted unparsed, not read. */
  readonly unparsed?: number;
}

const SUCCESSES = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'fixtures', 'real-successes.json'), 'utf8'),
) as Record<string, RealSuccess>;

function assertNothingFailed(analysis: Analysis, unparsed = 0): void {
  assert.ok(analysis.stats.requests > 0, 'expected a request');
  assert.equal(analysis.stats.unparsed, unparsed, 'every log line is read, and only the others are unparsed');
  assert.deepEqual(
    analysis.failures.map((f) => `${f.cause}: ${f.evidence.join(' | ')}`),
    [],
  );
}

describe('real successful requests from public sources', () => {
  for (const [id, sample] of Object.entries(SUCCESSES)) {
    it(`${id}: reports no failure: ${sample.note}`, () => {
      assert.match(sample.source, /\S/, 'every real sample names its source');
      if (!sample.fileOnly) {
        const events = sample.lines.map((message, i) => ({ id: String(i), timestamp: 0, message }));
        assertNothingFailed(analyze([{ source: { name: `${id}.log` }, events }]), sample.unparsed);
      }
      assertNothingFailed(analyze(parseInput(sample.lines.join('\n'), `${id}.log`).batches), sample.unparsed);
    });
  }
});

describe('a real success and a real failure pasted one after the other', () => {
  for (const [successId, failureFile, cause] of [
    ['GH-jsong253-console-cors-options-mock-200', 'S08-03.log', 'server.bad-response'],
    ['GH-jsong253-console-cors-options-mock-200', 'S01-01.log', 'bad-request.body'],
  ] as const) {
    it(`reports only ${failureFile}'s failure (${cause}), under a request of its own, after ${successId}`, () => {
      const success = SUCCESSES[successId];
      assert.ok(success);
      const text = `${success.lines.join('\n')}\n${readCorpusFile(failureFile)}`;
      const analysis = analyze(parseInput(text, 'pasted.log').batches);
      assert.equal(analysis.stats.unparsed, 0);
      assert.deepEqual(
        analysis.failures.map((f) => f.cause),
        [cause],
      );
      assert.ok(!analysis.failures[0]?.requestId.startsWith('bbda39d8'), 'not the success request');
    });
  }
});
