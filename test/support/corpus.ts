/**
 * Where the shared, read-only corpus and cause contract live: beside the project checkout, at
 * ../shared (CI lays a copy there too). They are not part of this repository, so a clone without
 * them must fail with one message that says so, not crash at load with ENOENT.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';

export const CORPUS_DIR = join(__dirname, '..', '..', '..', 'shared', 'corpus');
/** The real-cause taxonomy contract that lambda/core/taxonomy.ts mirrors. */
const CONTRACT_FILE = join(__dirname, '..', '..', '..', 'shared', 'taxonomy.md');

export const CORPUS_MISSING =
  `the shared corpus must be beside the project, at ../shared/corpus (looked for ${CORPUS_DIR}): ` +
  'put a copy of shared/ next to this checkout, as CI does';

export function corpusPresent(): boolean {
  return existsSync(join(CORPUS_DIR, 'labels.json'));
}

/**
 * For a file that builds its tests from the corpus when it loads: true when the corpus is there;
 * otherwise it registers one failing test that says where the corpus must be (nothing is skipped).
 */
export function requireCorpus(): boolean {
  if (corpusPresent()) return true;
  it('needs the shared corpus beside the project', () => assert.fail(CORPUS_MISSING));
  return false;
}

/** A corpus file's path; fails with CORPUS_MISSING when the corpus is not there. */
export function corpusFile(name: string): string {
  assert.ok(corpusPresent(), CORPUS_MISSING);
  return join(CORPUS_DIR, name);
}

export function readCorpusFile(name: string): string {
  return readFileSync(corpusFile(name), 'utf8');
}

/** The corpus's .log files, sorted; none when it is missing (requireCorpus says so). */
export function corpusLogFiles(): string[] {
  if (!corpusPresent()) return [];
  return readdirSync(CORPUS_DIR)
    .filter((file) => file.endsWith('.log'))
    .sort();
}

const CONTRACT_MISSING =
  `the shared cause contract must be beside the project, at ../shared/taxonomy.md (looked for ${CONTRACT_FILE}): ` +
  'put a copy of shared/ next to this checkout, as CI does';

/** The contract's text; fails with CONTRACT_MISSING when it is not there. */
export function readContract(): string {
  assert.ok(existsSync(CONTRACT_FILE), CONTRACT_MISSING);
  return readFileSync(CONTRACT_FILE, 'utf8');
}
