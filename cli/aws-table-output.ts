/**
 * `aws logs filter-log-events`, `get-log-events` and `get-query-results` printed with `--output
 * table` (awscli/formatter.py TableFormatter, awscli/table.py MultiTable). A cell's text is written
 * whole, never wrapped or cut, however wide the table grows (align_left drops the padding of a text
 * that does not fit, nothing else), so each message can be read back from its row. The table is a
 * dashed top border, then sections: a title line between two `+---+` rules (`|` bars around it, one
 * pair more per nesting level), an optional header line and its rule, the rows and a closing rule.
 * A section of one row with headers that is wider than the terminal (80 when written to a file) is
 * printed as `header | value` rows instead; Insights' results are one section of `field | value`
 * rows, one result after another. A message's own line breaks run its row over several lines.
 */
import { InputError } from './input-error';

/** `+----+----+` as a section at `indent` prints it: one `|` each side per level. */
const RULE = /^(\|*)\+(?:-*\+)+(\|*)$/;
const TOP_BORDER = /^-{3,}$/;
/** How far the top border and the title line are looked for: a table as wide as its longest message. */
const HEAD_CHARS = 1 << 20;
/** The outputs read, by the title the CLI gives the table: the operation's name. */
const OPERATION = /^(?:FilterLogEvents|GetLogEvents|GetQueryResults)$/;
/** An ANSI colour sequence: `--color on` colours cells even in a file. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what is matched
const ANSI = /\u001b\[[0-9;]*m/g;

/** One section: its title, nesting level, column count, header line and rows of cells. */
interface Section {
  readonly title: string;
  readonly line: number;
  readonly indent: number;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const WHY = { cut: 'cut', unread: 'unread' } as const;

class Stop extends Error {
  constructor(
    readonly why: (typeof WHY)[keyof typeof WHY],
    readonly line: number,
  ) {
    super(why);
  }
}

interface Rule {
  readonly indent: number;
  readonly columns: number;
}

function ruleOf(line: string | undefined): Rule | undefined {
  const m = line === undefined ? null : RULE.exec(line.trimEnd());
  if (m === null || line === undefined) return undefined;
  const bars = m[1]?.length ?? 0;
  if (bars !== (m[2]?.length ?? 0)) return undefined;
  return { indent: bars, columns: line.trim().slice(bars).replace(/\|+$/, '').split('+').length - 2 };
}

/** A title line's text: centred between equal runs of bars, with no column separator in it. */
function titleOf(line: string): string | undefined {
  const m = /^(\|+) *([^|]*?) *(\|+)$/.exec(line.trimEnd());
  if (m === null || m[1]?.length !== m[3]?.length || !m[2]) return undefined;
  return m[2];
}

/** The cells of a row: `free` is the column whose text may hold `|` (a message), split around. */
function cellsOf(row: string, indent: number, columns: number, free: number): string[] | undefined {
  const bars = '|'.repeat(indent + 1);
  if (!row.startsWith(bars) || !row.endsWith(bars)) return undefined;
  let inner = row.slice(bars.length, row.length - bars.length);
  const cells: string[] = [];
  for (let i = 0; i < free; i++) {
    const at = inner.indexOf('|');
    if (at < 0) return undefined;
    cells.push(inner.slice(0, at));
    inner = inner.slice(at + 1);
  }
  const after: string[] = [];
  for (let i = columns - 1; i > free; i--) {
    const at = inner.lastIndexOf('|');
    if (at < 0) return undefined;
    after.unshift(inner.slice(at + 1));
    inner = inner.slice(0, at);
  }
  // align_left pads a text that fits with two spaces before it and spaces after.
  return [...cells, inner, ...after].map((cell) => (cell.startsWith('  ') ? cell.slice(2) : cell).trimEnd());
}

/**
 * The lines of a rows block grouped into rows: a row ends on the line that ends with its closing
 * bars and is followed by a row's opening bars (or nothing), so a message line of its own that ends
 * in `||` stays inside its row.
 */
function rowsOf(lines: readonly string[], first: number, indent: number): { text: string; line: number }[] {
  const bars = '|'.repeat(indent + 1);
  const rows: { text: string; line: number }[] = [];
  let current: string[] = [];
  lines.forEach((line, i) => {
    current.push(line);
    const next = lines[i + 1];
    if (line.endsWith(bars) && (next === undefined || next.startsWith(bars))) {
      rows.push({ text: current.join('\n'), line: first + i - current.length + 1 });
      current = [];
    }
  });
  if (current.length > 0) throw new Stop(WHY.cut, first + lines.length - 1);
  return rows;
}

/** The sections of the table, from the line after its top border. */
function sections(lines: readonly string[]): Section[] {
  const found: Section[] = [];
  let at = 1;
  while (at < lines.length) {
    const title = titleOf(lines[at] ?? '');
    if (title === undefined) throw new Stop(WHY.unread, at);
    const start = at;
    // The section runs to the line before the next title: a line between two rules, with no separator.
    const rules: { line: number; rule: Rule }[] = [];
    at++;
    for (; at < lines.length; at++) {
      const rule = ruleOf(lines[at]);
      if (rule !== undefined) {
        rules.push({ line: at, rule });
        continue;
      }
      if (
        ruleOf(lines[at - 1]) !== undefined &&
        ruleOf(lines[at + 1]) !== undefined &&
        titleOf(lines[at] ?? '')
      )
        break;
    }
    const [opening, second, third] = rules;
    if (opening === undefined || opening.line !== start + 1) throw new Stop(WHY.cut, at - 1);
    const { indent, columns } = opening.rule;
    const lastRule = rules.at(-1);
    if (lastRule === undefined || lastRule.line !== at - 1) throw new Stop(WHY.cut, at - 1);
    const block = (from: { line: number }, to: { line: number }) => lines.slice(from.line + 1, to.line);
    let headers: string[] = [];
    let rowBlock: { lines: readonly string[]; first: number } = { lines: [], first: at };
    if (rules.length === 3 && second !== undefined && third !== undefined) {
      const header = block(opening, second);
      headers =
        (header.length === 1 && cellsOf(header[0] ?? '', indent, columns, 0)?.map((h) => h.trim())) || [];
      if (headers.length !== columns) throw new Stop(WHY.unread, opening.line + 1);
      rowBlock = { lines: block(second, third), first: second.line + 1 };
    } else if (rules.length === 2 && second !== undefined) {
      rowBlock = { lines: block(opening, second), first: opening.line + 1 };
    } else if (rules.length !== 1) throw new Stop(WHY.unread, start);
    const free = headers.includes('message') ? headers.indexOf('message') : Math.min(1, columns - 1);
    const rows = rowsOf(rowBlock.lines, rowBlock.first, indent).map(({ text, line }) => {
      const cells = cellsOf(text, indent, columns, free);
      if (cells === undefined) throw new Stop(WHY.unread, line);
      return cells;
    });
    found.push({ title, line: start, indent, headers, rows });
  }
  return found;
}

/** A section's rows as records: by its headers, or its `key | value` rows as one record. */
function records(section: Section): Record<string, string>[] {
  const { headers, rows } = section;
  if (headers.length > 0)
    return rows.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i] ?? ''])));
  return [Object.fromEntries(rows.map((row) => [row[0]?.trim() ?? '', row[1] ?? '']))];
}

/** Insights' `field | value` rows, one result after another: a result ends at its `@ptr` or a field it already holds. */
function results(section: Section): { field: string; value: string }[][] {
  const grouped: { field: string; value: string }[][] = [];
  let current: { field: string; value: string }[] = [];
  for (const [field = '', value = ''] of section.rows) {
    const name = field.trim();
    if (current.some((cell) => cell.field === name) || current.at(-1)?.field === '@ptr') {
      grouped.push(current);
      current = [];
    }
    current.push({ field: name, value });
  }
  if (current.length > 0) grouped.push(current);
  return grouped;
}

/** The page the table was printed from, as its JSON would hold it. */
function pageOf(operation: string, found: readonly Section[]): Record<string, unknown> {
  const [top, ...nested] = found;
  const page: Record<string, unknown> = top === undefined ? {} : { ...records(top)[0] };
  if (operation === 'GetQueryResults') {
    page.results = nested.filter((s) => s.title === 'results' && s.indent === 1).flatMap(results);
    page.statistics = {};
  } else {
    page.events = nested.filter((s) => s.title === 'events' && s.indent === 1).flatMap(records);
    page.searchedLogStreams = [];
  }
  return page;
}

const KIND = 'AWS CLI --output table';

/** A line no table holds where a section may end: it opens with neither a bar nor a rule's `+`. */
const isOtherText = (line: string) => line.trim() !== '' && !line.startsWith('|') && !line.startsWith('+');

/** A Markdown table's delimiter row (`|---|:---:|`): the CLI's rules join their dashes with `+`, never `|`. */
const MARKDOWN_DELIMITER = /^\|? *:?-+:? *(?:\| *:?-+:? *)+\|?$/;

/** Whether a Markdown table starts at `at`: a `|` line over its delimiter row. */
function markdownTableAt(lines: readonly string[], at: number): boolean {
  return (lines[at] ?? '').startsWith('|') && MARKDOWN_DELIMITER.test((lines[at + 1] ?? '').trim());
}

/**
 * Where text after the table may start (a terminal copy's shell prompt, maybe the next command and
 * its output): the first line of other text, or of a Markdown table, right after a rule (a
 * message's own lines follow its row's first line, never a rule), and the first of the lines that end the input and are blank or
 * other text. lines.length for none.
 */
function textAfter(lines: readonly string[]): { readonly first: number; readonly run: number } {
  let run = lines.length;
  for (let at = lines.length - 1; at >= 0; at--) {
    const line = lines[at] ?? '';
    if (line.trim() === '') continue;
    if (!isOtherText(line)) break;
    run = at;
  }
  let previous: string | undefined;
  for (const [at, line] of lines.entries()) {
    if (at >= run) break;
    if (line.trim() === '') continue;
    if ((isOtherText(line) || markdownTableAt(lines, at)) && ruleOf(previous) !== undefined)
      return { first: at, run };
    previous = line.trimEnd();
  }
  return { first: run, run };
}

/**
 * The page the lines from `start` to `end` hold; undefined for a line of another shape, refused when
 * cut short (unless `whole` only is asked for: then undefined too).
 */
function pageFrom(
  all: readonly string[],
  start: number,
  end: number,
  name: string,
  whole: boolean,
): Record<string, unknown> | undefined {
  let last = end;
  while (last > start && (all[last - 1] ?? '').trim() === '') last--;
  const lines = all.slice(start, last).map((line) => line.trimEnd());
  const operation = titleOf(lines[1] ?? '');
  if (!TOP_BORDER.test(lines[0] ?? '') || operation === undefined || !OPERATION.test(operation))
    return undefined;
  try {
    return pageOf(operation, sections(lines));
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    if (!whole && (error.why === WHY.cut || error.line >= lines.length - 1))
      throw new InputError(
        `${name}: ${KIND} that ends inside a section`,
        'save it again, the file looks cut short; or re-run the command with --output json',
      );
    // A line of another shape: no table this reader knows, so the text is read as before.
    return undefined;
  }
}

/** Whether a table starts with the line at `at`: its top border over an operation's title. */
function tableAt(lines: readonly string[], at: number): boolean {
  return (
    TOP_BORDER.test((lines[at] ?? '').replace(ANSI, '').trimEnd()) &&
    OPERATION.test(titleOf((lines[at + 1] ?? '').replace(ANSI, '')) ?? '')
  );
}

/**
 * The 0-based line where the first table of the text starts, undefined for none: text after an
 * export (a bare prompt, a sentence) may come before the next one.
 */
export function awsTableStart(text: string): number | undefined {
  if (!text.includes('---')) return undefined;
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const at = lines.findIndex((_, i) => tableAt(lines, i));
  return at < 0 ? undefined : at;
}

/**
 * The page of the input when it is that output, to be read as its JSON is, and the 0-based line
 * where text after the table starts, if any (the caller reads it, maybe as another output).
 * Undefined when the input is not one, or holds a line of another shape (it stays raw text, as
 * before); refused when it was cut short (a section without its closing rule, a row without its
 * closing bars), text after it or not.
 */
export function awsTableOutputDocuments(
  text: string,
  name: string,
): { readonly pages: Record<string, unknown>[]; readonly textFrom?: number } | undefined {
  // Its top border and title decide, before a large input is split into lines.
  const head = text.trimStart().slice(0, HEAD_CHARS).replace(ANSI, '').split('\n', 2);
  if (!TOP_BORDER.test(head[0]?.trimEnd() ?? '') || !OPERATION.test(titleOf(head[1] ?? '') ?? ''))
    return undefined;
  const all = text.replace(ANSI, '').replace(/\r\n/g, '\n').split('\n');
  const start = all.findIndex((line) => line.trim() !== '');
  const { first, run } = textAfter(all);
  const whole = first < run ? pageFrom(all, start, first, name, true) : undefined;
  if (whole !== undefined) return { pages: [whole], textFrom: first };
  const page = pageFrom(all, start, run, name, false);
  if (page === undefined) return undefined;
  return { pages: [page], ...(run < all.length && { textFrom: run }) };
}
