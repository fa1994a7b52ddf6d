/** The README tells the truth about what the code defines: causes, parameters and commands. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { causeTableMarkdown } from '../../scripts/cause-table';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('README', () => {
  it('carries the cause table exactly as the taxonomy generates it', () => {
    assert.ok(README.includes(causeTableMarkdown()), 'regenerate it with: npx tsx scripts/cause-table.ts');
  });

  it('names only npm scripts that exist', () => {
    const named = [...README.matchAll(/npm (?:run ([a-z:-]+)|(start|test)\b)/g)].map(
      (m) => m[1] ?? m[2] ?? '',
    );
    assert.ok(
      named.includes('start') && named.includes('ci'),
      'the quick start runs npm start and npm run ci',
    );
    for (const name of named) {
      assert.ok(
        Object.hasOwn(PACKAGE.scripts, name),
        `README runs "${name}" but package.json has no such script`,
      );
    }
  });

  it('documents every stack parameter', () => {
    const stack = readFileSync(join(__dirname, '..', '..', 'lib', 'api-error-analyzer-stack.ts'), 'utf8');
    // Parameter ids are the PascalCase ids in the stack's parameter table and text() calls.
    const parameters = [...stack.matchAll(/(?:id: |text\(\s*)'([A-Z]\w+)'/g)].map((m) => m[1] ?? '');
    assert.ok(parameters.length >= 10, `expected the stack's parameters, found ${parameters.join(', ')}`);
    for (const name of parameters)
      assert.ok(README.includes(`\`${name}\``), `README does not document ${name}`);
  });
});
