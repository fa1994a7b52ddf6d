/**
 * Every labelled sample of real API Gateway logs in ../shared/corpus gets an accepted cause and the
 * right `masked`; the success trails yield no error. The corpus is read-only and shared, so the
 * test reads it in place (CI lays a copy of shared/ beside the clone).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';
import type { LogBatch } from '../../../lambda/core/types';
import { CORPUS_MISSING, corpusPresent, readCorpusFile } from '../../support/corpus';

interface Label {
  readonly accept: readonly string[];
  readonly masked: boolean | null;
  readonly expectNoError: boolean;
  readonly note: string;
}

function batchOf(id: string): LogBatch {
  const text = readCorpusFile(`${id}.log`);
  // Each line of a sample file is one event, as the CLI reads raw text.
  const events = text.split('\n').map((message, i) => ({ id: String(i), timestamp: 0, message }));
  return { source: { name: `${id}.log` }, events };
}

describe('the labelled corpus of real API Gateway logs', () => {
  it('is present beside the project', () => {
    assert.ok(corpusPresent(), CORPUS_MISSING);
  });
  // Without it, the test above says where it must be; there are no labels to build tests from.
  if (!corpusPresent()) return;

  const labels = JSON.parse(readCorpusFile('labels.json')) as Record<string, Label>;
  for (const [id, label] of Object.entries(labels)) {
    if (label.expectNoError) {
      it(`${id}: a successful trail yields no failed request (${label.note})`, () => {
        const analysis = analyze([batchOf(id)]);
        assert.deepEqual(analysis.failures, []);
        assert.ok(analysis.stats.requests > 0, 'the trail is still seen as a request');
      });
      continue;
    }
    it(`${id}: every failed request gets an accepted cause (${label.accept.join(' or ')})`, () => {
      const analysis = analyze([batchOf(id)]);
      assert.ok(analysis.failures.length > 0, 'expected at least one failed request');
      for (const failure of analysis.failures) {
        assert.ok(
          label.accept.includes(failure.cause),
          `got ${failure.cause}; evidence: ${failure.evidence.join(' | ')}`,
        );
        if (label.masked !== null) assert.equal(failure.masked, label.masked, 'masked');
        assert.ok(failure.evidence.length > 0, 'a cause always carries its evidence');
      }
      assert.equal(analysis.stats.unparsed, 0, 'no line of a real sample is left unparsed');
    });
  }
});

/** The failed requests' causes, masks and statuses, and the unparsed count: what a paste must not change. */
function outcomes(text: string, id: string): { failures: string[]; unparsed: number } {
  const events = text.split('\n').map((message, i) => ({ id: String(i), timestamp: 0, message }));
  const analysis = analyze([{ source: { name: `${id}.log` }, events }]);
  return {
    failures: analysis.failures.map((f) => `${f.cause} masked=${f.masked} status=${f.clientStatus}`).sort(),
    unparsed: analysis.stats.unparsed,
  };
}

describe('the corpus pasted the way documents show code', () => {
  if (!corpusPresent()) return;
  const labels = JSON.parse(readCorpusFile('labels.json')) as Record<string, Label>;
  const pastes: Readonly<Record<string, (line: string) => string>> = {
    'an indented code block (four spaces)': (line) => `    ${line}`,
    'a Markdown quote': (line) => `> ${line}`,
    'a quoted, indented block': (line) => `>     ${line}`,
  };
  for (const id of Object.keys(labels)) {
    it(`${id}: gets the same failures, and reads every line, in each pasted form`, () => {
      const text = readCorpusFile(`${id}.log`);
      const expected = outcomes(text, id);
      for (const [form, paste] of Object.entries(pastes)) {
        const pasted = text
          .split('\n')
          .map((line) => (line.trim() === '' ? line : paste(line)))
          .join('\n');
        assert.deepEqual(outcomes(pasted, id), expected, form);
      }
    });
  }
});
