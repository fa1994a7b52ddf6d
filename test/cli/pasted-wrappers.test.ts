/**
 * Metamorphic test: a log reaches the CLI wrapped the way editors, pages and clipboards wrap text —
 * other line ends, indented, quoted, in a Markdown code block. None of these touches a log line's
 * words, so every real sample must keep, wrapped, the causes, masked flags and confidences the
 * original gets.
 *
 * The samples are REAL (realSampleTexts(): ../shared/corpus and test/fixtures/real-*.json); the
 * wrappers are SYNTHETIC. The double-spaced wrapper puts a blank line after every line, the
 * sample's own blank lines too, as a page that double-spaces does: one blank line becomes three.
 * The list-item wrappers mark every non-blank line, numbered ones counting non-blank lines only.
 * Left out, because it still loses what some samples say: prose around the sample (one real
 * fragment of `"key": value` lines is then read with the prose).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consolePanels } from '../../cli/console-panel';
import { parseInput } from '../../cli/input';
import { analyze } from '../../lambda/core/pipeline';
import { requireCorpus } from '../support/corpus';
import { realSampleTexts } from '../support/real-logs';

const eachLine = (text: string, wrap: (line: string) => string) =>
  text
    .split('\n')
    .map((line) => (line === '' ? line : wrap(line)))
    .join('\n');

/** Every non-blank line numbered as a list item, counting non-blank lines only, as an editor renumbers. */
function numbered(text: string, mark: '.' | ')'): string {
  let count = 0;
  return eachLine(text, (line) => `${++count}${mark} ${line}`);
}

const WRAPPERS: Readonly<Record<string, (text: string) => string>> = {
  'CRLF line ends (Windows)': (text) => text.replace(/\n/g, '\r\n'),
  'CR line ends alone (classic Mac OS)': (text) => text.replace(/\n/g, '\r'),
  'trailing spaces on every line': (text) => eachLine(text, (line) => `${line}  `),
  'every line indented by a tab': (text) => eachLine(text, (line) => `\t${line}`),
  'every line indented by four spaces (a Markdown code block)': (text) =>
    eachLine(text, (line) => `    ${line}`),
  'every line behind a Markdown quote mark': (text) => eachLine(text, (line) => `> ${line}`),
  'a Markdown code fence around the whole': (text) => `\`\`\`\n${text}\n\`\`\`\n`,
  'a Markdown code fence with a language around the whole': (text) => `\`\`\`log\n${text}\n\`\`\``,
  'a tilde fence around the whole': (text) => `~~~\n${text}\n~~~`,
  // A page that double-spaces puts a blank line after every line, its own blank lines too: one
  // blank line of the sample becomes three.
  'a blank line between every two lines (double-spaced)': (text) => text.split('\n').join('\n\n'),
  'every line a Markdown list item (- )': (text) => eachLine(text, (line) => `- ${line}`),
  'every line a Markdown list item (* )': (text) => eachLine(text, (line) => `* ${line}`),
  'every line a numbered list item (1. , 2. , …)': (text) => numbered(text, '.'),
  'every line a numbered list item (1) , 2) , …)': (text) => numbered(text, ')'),
};

/** What a sample's failures are, as a sorted list: cause, masked flag and confidence each. */
function verdicts(text: string, name: string): string {
  const failures = analyze(parseInput(text, name).batches).failures;
  return failures
    .map((f) => `${f.cause}${f.masked ? ' (masked)' : ''} ${f.confidence}`)
    .sort()
    .join('; ');
}

describe('real samples, pasted inside the wrappers editors and pages put around them', () => {
  const samples = requireCorpus() ? realSampleTexts() : [];
  const originals = new Map(samples.map(([name, text]) => [name, verdicts(text, `${name}.log`)]));

  it('has real samples with failures to wrap', () => {
    assert.ok(samples.length > 250, `${samples.length} samples`);
    assert.ok([...originals.values()].filter((v) => v !== '').length > 150);
  });

  for (const [wrapper, wrap] of Object.entries(WRAPPERS)) {
    it(`keeps every sample's causes, masked flags and confidences with ${wrapper}`, () => {
      const changed: string[] = [];
      for (const [name, text] of samples) {
        const wrapped = verdicts(wrap(text), `${name}.log`);
        const original = originals.get(name) ?? '';
        if (wrapped !== original)
          changed.push(`${name}: ${original || 'no failure'} became ${wrapped || 'no failure'}`);
      }
      assert.deepEqual(changed, []);
    });
  }
});

/**
 * A console panel's titles as the console writes them (cli/console-panel.ts), with the colon some
 * pages add: only a line that is one of them alone is rewritten.
 */
const PANEL_TITLE =
  /^(?:Request|Status|Latency|Response(?: Body| body| Headers| headers)?|Logs?|リクエスト|ステータス|レイテンシー|レーテンシー|レスポンス本文|レスポンスヘッダー|ログ|\S.* - [A-Z]+ method test results|\S.* - Test Authorizer\b.*):?$/;
/** The fixed words of a title, which notes may write in another case; not a path or an API's name. */
const FIXED_TITLE = /^(?:Request|Status|Latency|Response(?: Body| body| Headers| headers)?|Logs?):?$/;

/** SYNTHETIC: how notes and issue pages render a panel's titles as Markdown headings. */
const HEADINGS: Readonly<Record<string, (title: string) => string>> = {
  '`# ` before each title': (title) => `# ${title}`,
  'a level-2 heading closed by its marks (`## Logs ##`)': (title) => `## ${title} ##`,
  'a level-6 heading in lower case (`###### response body`)': (title) =>
    `###### ${FIXED_TITLE.test(title) ? title.toLowerCase() : title}`,
  'a level-3 heading in upper case (`### RESPONSE HEADERS`)': (title) =>
    `### ${FIXED_TITLE.test(title) ? title.toUpperCase() : title}`,
};

/** The sample with each panel title the CLI reads in it rewritten, or undefined when it shows none. */
function withHeadingTitles(text: string, heading: (title: string) => string): string | undefined {
  const lines = text.split('\n');
  let rewritten = 0;
  for (const { from, to } of consolePanels(lines).panels)
    for (let i = from; i <= to; i++) {
      const line = lines[i] ?? '';
      if (!PANEL_TITLE.test(line.trim())) continue;
      lines[i] = `${/^[ \t]*/.exec(line)?.[0] ?? ''}${heading(line.trim())}`;
      rewritten += 1;
    }
  return rewritten === 0 ? undefined : lines.join('\n');
}

describe("real console panels, their titles pasted as Markdown headings (a note's or an issue page's)", () => {
  const samples = requireCorpus() ? realSampleTexts() : [];
  const panels = samples.filter(([, text]) => withHeadingTitles(text, (title) => title) !== undefined);

  it('has real console panels of each layout to rewrite', () => {
    assert.ok(panels.length >= 10, `${panels.length} samples`);
  });

  for (const [name, heading] of Object.entries(HEADINGS)) {
    it(`keeps every panel's causes, masked flags and confidences with ${name}`, () => {
      const changed: string[] = [];
      for (const [sample, text] of panels) {
        const original = verdicts(text, `${sample}.log`);
        const rewritten = verdicts(withHeadingTitles(text, heading) ?? text, `${sample}.log`);
        if (rewritten !== original)
          changed.push(`${sample}: ${original || 'no failure'} became ${rewritten || 'no failure'}`);
      }
      assert.deepEqual(changed, []);
    });
  }
});
