/**
 * The README and the reference pages under docs/ link to each other by heading: every relative link
 * leads to a file that exists and, with an anchor, to a heading of that file, and a page's contents
 * list names exactly its headings. Moving text between pages must not leave a link behind.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const DOCS = join(ROOT, 'docs');
const PAGES = [
  join(ROOT, 'README.md'),
  ...(existsSync(DOCS)
    ? readdirSync(DOCS)
        .filter((name) => name.endsWith('.md'))
        .sort()
        .map((name) => join(DOCS, name))
    : []),
];

/** GitHub's anchor for a heading: lower case, punctuation but hyphens dropped, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

/** The text outside fenced code blocks, where a `#` starts no heading. */
function outsideFences(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The text outside code blocks and inline code, where a `](` is no link. */
function prose(text: string): string {
  return outsideFences(text).replace(/(`+)[^`\n]*?\1/g, '');
}

function headingsOf(text: string): string[] {
  return [...outsideFences(text).matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug((match[1] ?? '').trim()));
}

describe('README and docs/ links', () => {
  it('has at least the README to check', () => {
    assert.ok(PAGES.length >= 1);
  });

  for (const page of PAGES) {
    const name = relative(ROOT, page);
    const text = readFileSync(page, 'utf8');

    it(`${name}: every relative link leads to an existing file and heading`, () => {
      const broken: string[] = [];
      for (const match of prose(text).matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1] ?? '';
        if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
        const [path = '', anchor] = target.split('#');
        const file = path === '' ? page : resolve(dirname(page), path);
        if (!existsSync(file)) {
          broken.push(`${target}: no file ${relative(ROOT, file)}`);
          continue;
        }
        if (anchor === undefined) continue;
        if (!file.endsWith('.md')) {
          broken.push(`${target}: an anchor into a file that is not Markdown`);
          continue;
        }
        if (!headingsOf(readFileSync(file, 'utf8')).includes(anchor))
          broken.push(`${target}: ${relative(ROOT, file)} has no heading #${anchor}`);
      }
      assert.deepEqual(broken, []);
    });

    it(`${name}: gives each heading its own anchor`, () => {
      const seen = headingsOf(text);
      assert.deepEqual(
        seen.filter((anchor, i) => seen.indexOf(anchor) !== i),
        [],
        'two headings with one anchor: GitHub numbers the second, and links to it break silently',
      );
    });

    if (page !== PAGES[0] && /^## Contents$/m.test(text)) {
      it(`${name}: lists every section in its contents, each link leading to a heading`, () => {
        const headings = [...outsideFences(text).matchAll(/^#{2,3} (.+)$/gm)]
          .map((match) => match[1] ?? '')
          .filter((heading) => heading !== 'Contents');
        const start = text.indexOf('## Contents\n');
        const end = text.indexOf('\n#', start + 1);
        const contents = text.slice(start, end < 0 ? undefined : end);
        const links = [...contents.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
        assert.deepEqual(links, headings.map(slug));
      });
    }
  }
});
