/**
 * Every real sample the tests read: the shared corpus files (by id, `S08-10`), then the fixtures'
 * failures (test/fixtures/real-lines.json) and successes (real-successes.json), each with its source.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusLogFiles, readCorpusFile } from './corpus';

interface RealLogs {
  readonly id: string;
  readonly lines: readonly string[];
  /** A successful request's logs (the corpus label's expectNoError, or real-successes.json). */
  readonly success: boolean;
}

interface FixtureSample {
  readonly lines: readonly string[];
}

function fixture(name: string): Record<string, FixtureSample> {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8')) as Record<
    string,
    FixtureSample
  >;
}

export function realLogs(): RealLogs[] {
  const labels = JSON.parse(readCorpusFile('labels.json')) as Record<string, { expectNoError?: boolean }>;
  const corpus = corpusLogFiles().map((file) => {
    const id = file.replace(/\.log$/, '');
    return { id, lines: readCorpusFile(file).split('\n'), success: labels[id]?.expectNoError === true };
  });
  const failures = Object.entries(fixture('real-lines.json')).map(([id, s]) => ({
    id,
    lines: s.lines,
    success: false,
  }));
  const successes = Object.entries(fixture('real-successes.json')).map(([id, s]) => ({
    id,
    lines: s.lines,
    success: true,
  }));
  return [...corpus, ...failures, ...successes];
}

export function realSample(id: string): RealLogs {
  const sample = realLogs().find((s) => s.id === id);
  if (sample === undefined) throw new Error(`no real sample ${id}`);
  return sample;
}

/**
 * Every real sample as one text, named: the fixtures' failures and successes by id, then the corpus
 * files by file name (`S08-10.log`), in the order the metamorphic tests were written against.
 */
export function realSampleTexts(): [name: string, text: string][] {
  const all: [string, string][] = [];
  for (const file of ['real-lines.json', 'real-successes.json']) {
    for (const [name, sample] of Object.entries(fixture(file))) all.push([name, sample.lines.join('\n')]);
  }
  for (const file of corpusLogFiles()) all.push([file, readCorpusFile(file)]);
  return all;
}
