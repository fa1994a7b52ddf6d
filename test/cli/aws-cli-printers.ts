/**
 * SYNTHETIC printers: what the AWS CLI v2 prints for a response with `--output yaml`, `yaml-stream`
 * and `table`, rebuilt here from its source so tests can wrap real log lines in them.
 *
 * YAML: awscli/formatter.py dumps with ruamel.yaml `YAML(typ='safe')`, `default_flow_style=False`
 * (so libyaml's emitter through ruamel.yaml.clib): keys sorted, best indent 2, line width 80,
 * Unicode kept but characters beyond the BMP escaped, a sequence under a mapping key at the key's
 * column; yaml-stream dumps each page as `[page]`. A string is plain when libyaml's analysis allows
 * it and it would not resolve to another type, else single-quoted when allowed, else double-quoted;
 * long ones fold at a single space once the column passes 80 (libyaml's emitter.c, followed here).
 *
 * Table: awscli/formatter.py TableFormatter and awscli/table.py MultiTable, as printed to a file or
 * pipe (no terminal: width 80, no colour). A cell's text is written whole, never cut; a section of
 * one row with headers that is wider than 80 is turned into `header | value` rows.
 */

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

/** libyaml's IS_PRINTABLE (tab and characters beyond the BMP are not). */
function printable(c: string): boolean {
  const code = c.codePointAt(0) ?? 0;
  return (
    code === 0x0a ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff)
  );
}

const isBreak = (c: string) => c === '\n' || c === '\r' || c === '\x85' || c === '\u2028' || c === '\u2029';
const isBlankz = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || isBreak(c);

/** What libyaml's yaml_emitter_analyze_scalar allows for a string in block context. */
function analyze(text: string): { plain: boolean; single: boolean } {
  if (text === '') return { plain: false, single: true };
  const chars = [...text];
  let block = text.startsWith('---') || text.startsWith('...');
  let special = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  chars.forEach((c, i) => {
    const followedByWhitespace = isBlankz(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) block = true;
      if ((c === '?' || c === ':' || c === '-') && followedByWhitespace) block = true;
    } else {
      if (c === ':' && followedByWhitespace) block = true;
      if (c === '#' && precededByWhitespace) block = true;
    }
    if (!printable(c)) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousBreak = true;
      previousSpace = false;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  });
  let plain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || block || lineBreaks);
  let single = true;
  if (breakSpace) plain = single = false;
  if (spaceBreak || special) plain = single = false;
  return { plain, single };
}

/** Whether a plain scalar would resolve to something else than a string (ruamel's YAML 1.2 resolver, roughly). */
function resolvesOtherwise(text: string): boolean {
  return (
    /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/.test(text) ||
    /^[-+]?(?:\.\d+|\d[\d_]*(?:\.[\d_]*)?)(?:[eE][-+]?\d+)?$/.test(text) ||
    /^\d{4}-\d\d?-\d\d?/.test(text)
  );
}

const ESCAPE: Readonly<Record<string, string>> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xa0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

/** libyaml's output buffer: the column decides where a long scalar folds. */
class Out {
  text = '';
  column = 0;
  whitespace = true;
  indention = true;
  write(s: string): void {
    this.text += s;
    this.column += [...s].length;
    this.whitespace = false;
    this.indention = false;
  }
  /** yaml_emitter_write_break: a line feed as the output's line break, any other break as it is. */
  newline(lineBreak = '\n'): void {
    this.text += lineBreak;
    this.column = 0;
    this.whitespace = true;
    this.indention = true;
  }
  /** yaml_emitter_write_indent */
  indent(indent: number): void {
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.newline();
    while (this.column < indent) {
      this.text += ' ';
      this.column++;
    }
    this.whitespace = true;
    this.indention = true;
  }
  indicator(s: string, needWhitespace: boolean, isWhitespace = false, isIndention = false): void {
    const indention = this.indention;
    if (needWhitespace && !this.whitespace) this.write(' ');
    this.write(s);
    this.whitespace = isWhitespace;
    this.indention = indention && isIndention;
  }
}

function writePlain(out: Out, text: string, indent: number): void {
  if (!out.whitespace) out.write(' ');
  const chars = [...text];
  let spaces = false;
  chars.forEach((c, i) => {
    if (c === ' ') {
      if (!spaces && out.column > BEST_WIDTH && chars[i + 1] !== ' ') out.indent(indent);
      else out.write(c);
      spaces = true;
    } else {
      out.write(c);
      spaces = false;
    }
  });
}

function writeSingle(out: Out, text: string, indent: number): void {
  out.indicator("'", true);
  const chars = [...text];
  let spaces = false;
  let breaks = false;
  chars.forEach((c, i) => {
    if (c === ' ') {
      if (!spaces && out.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1 && chars[i + 1] !== ' ')
        out.indent(indent);
      else out.write(c);
      spaces = true;
    } else if (isBreak(c)) {
      if (!breaks && c === '\n') out.newline();
      out.newline(c);
      breaks = true;
    } else {
      if (breaks) out.indent(indent);
      out.write(c === "'" ? "''" : c);
      spaces = false;
      breaks = false;
    }
  });
  if (breaks) out.indent(indent);
  out.indicator("'", false);
}

function writeDouble(out: Out, text: string, indent: number): void {
  out.indicator('"', true);
  const chars = [...text];
  let spaces = false;
  chars.forEach((c, i) => {
    if (!printable(c) || c === '\ufeff' || isBreak(c) || c === '"' || c === '\\') {
      const code = c.codePointAt(0) ?? 0;
      const named = ESCAPE[c];
      const hex = code.toString(16).toUpperCase();
      out.write(
        `\\${named ?? (code <= 0xff ? `x${hex.padStart(2, '0')}` : code <= 0xffff ? `u${hex.padStart(4, '0')}` : `U${hex.padStart(8, '0')}`)}`,
      );
      spaces = false;
    } else if (c === ' ') {
      if (!spaces && out.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        out.indent(indent);
        if (chars[i + 1] === ' ') out.write('\\');
      } else out.write(c);
      spaces = true;
    } else {
      out.write(c);
      spaces = false;
    }
  });
  out.indicator('"', false);
}

function writeScalar(out: Out, value: string | number | boolean | null, indent: number): void {
  if (typeof value !== 'string') {
    writePlain(out, value === null ? 'null' : String(value), indent);
    return;
  }
  const { plain, single } = analyze(value);
  if (plain && !resolvesOtherwise(value)) writePlain(out, value, indent);
  else if (single) writeSingle(out, value, indent);
  else writeDouble(out, value, indent);
}

const isCollection = (value: Json): value is readonly Json[] | { readonly [key: string]: Json } =>
  typeof value === 'object' && value !== null;
const isEmpty = (value: Json) =>
  isCollection(value) && (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0);

/** A node in block context; `indent` is the enclosing collection's, `mappingValue` whether it is a key's value. */
function writeNode(out: Out, value: Json, indent: number, mappingValue: boolean): void {
  if (!isCollection(value)) {
    writeScalar(out, value, indent + BEST_INDENT);
    return;
  }
  if (isEmpty(value)) {
    out.indicator(Array.isArray(value) ? '[]' : '{}', true);
    return;
  }
  if (Array.isArray(value)) {
    // A sequence under a mapping key is indentless (mapping context and not at an indention).
    const own = indent < 0 ? 0 : mappingValue && !out.indention ? indent : indent + BEST_INDENT;
    for (const item of value) {
      out.indent(own);
      out.indicator('-', true, false, true);
      writeNode(out, item, own, false);
    }
    return;
  }
  const own = indent < 0 ? 0 : indent + BEST_INDENT;
  for (const key of Object.keys(value).sort()) {
    out.indent(own);
    out.write(key);
    out.indicator(':', false);
    writeNode(out, (value as { readonly [key: string]: Json })[key] ?? null, own, true);
  }
}

/** A log event as a response lists it: its message and its time. */
export interface LoggedEvent {
  readonly message: string;
  readonly timestamp: number;
}

/** What FilterLogEvents answers for events of one stream (eventIds counted up from `firstId`). */
export const filterLogEventsResponse = (events: readonly LoggedEvent[], stream: string, firstId: number) => ({
  events: events.map((e, i) => ({
    eventId: String(firstId + i).padStart(56, '3'),
    ingestionTime: e.timestamp + 40,
    logStreamName: stream,
    message: e.message,
    timestamp: e.timestamp,
  })),
  searchedLogStreams: [],
});

/** What GetLogEvents answers: events without an eventId or a stream, and the two tokens closing the page. */
export const getLogEventsResponse = (events: readonly LoggedEvent[]) => ({
  events: events.map((e) => ({
    ingestionTime: e.timestamp + 40,
    message: e.message,
    timestamp: e.timestamp,
  })),
  nextBackwardToken: 'b/37000000000000000000000000000000000000000000000000000000',
  nextForwardToken: 'f/37000000000000000000000000000000000000000000000000000009',
});

/** `--output yaml`: the response dumped once. */
export function awsYaml(response: Json): string {
  const out = new Out();
  writeNode(out, response, -1, false);
  return `${out.text}\n`;
}

/** `--output yaml-stream`: each page dumped as a one-item list, one after another. */
export function awsYamlStream(pages: readonly Json[]): string {
  return pages.map((page) => awsYaml([page])).join('');
}

// --- table -----------------------------------------------------------------------------------

interface Section {
  title: string;
  indent: number;
  headers: string[];
  rows: string[][];
}

const TERMINAL_WIDTH = 80;

/** Python's round(): half to even. */
function pyRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

const cellText = (value: Json): string =>
  typeof value === 'boolean' ? (value ? 'True' : 'False') : value === null ? 'None' : String(value);

class Table {
  readonly sections: Section[] = [];
  private get current(): Section {
    const section = this.sections.at(-1);
    if (section === undefined) throw new Error('no section');
    return section;
  }
  newSection(title: string, indent: number): void {
    this.sections.push({ title, indent, headers: [], rows: [] });
  }
  header(headers: string[]): void {
    this.current.headers = headers;
  }
  row(cells: readonly Json[]): void {
    this.current.rows.push(cells.map(cellText));
  }
}

const isScalar = (value: Json) => !isCollection(value);

function scalarKeys(value: { readonly [key: string]: Json }): [string[], string[]] {
  const keys = Object.keys(value).sort();
  return [keys.filter((k) => isScalar(value[k] ?? null)), keys.filter((k) => !isScalar(value[k] ?? null))];
}

/** TableFormatter._build_table */
function build(table: Table, title: string | undefined, current: Json, indent: number): boolean {
  if (
    !current ||
    (Array.isArray(current) && current.length === 0) ||
    (isCollection(current) && isEmpty(current))
  )
    return false;
  if (title !== undefined) table.newSection(title, indent);
  if (Array.isArray(current)) {
    const first = current[0] ?? null;
    if (isCollection(first) && !Array.isArray(first)) {
      const list = current as readonly { readonly [key: string]: Json }[];
      const headers = [...new Set(list.flatMap((item) => scalarKeys(item)[0]))].sort();
      const more = [...new Set(list.flatMap((item) => scalarKeys(item)[1]))].sort();
      table.header(headers);
      list.forEach((item, i) => {
        if (i > 0 && more.length > 0) {
          table.newSection(title ?? '', indent);
          table.header(headers);
        }
        table.row(headers.map((h) => item[h] ?? ''));
        for (const key of more) if (key in item) build(table, key, item[key] ?? null, indent + 1);
      });
    } else {
      for (const item of current) {
        if (isScalar(item)) table.row([item]);
        else if (Array.isArray(item) && item.every(isScalar)) table.row(item);
        else build(table, undefined, item, indent);
      }
    }
  } else if (isCollection(current)) {
    const dict = current as { readonly [key: string]: Json };
    const [headers, more] = scalarKeys(dict);
    if (headers.length === 1) table.row([headers[0] ?? '', dict[headers[0] ?? ''] ?? '']);
    else if (headers.length > 0) {
      table.header(headers);
      table.row(headers.map((h) => dict[h] ?? ''));
    }
    for (const key of more) build(table, key, dict[key] ?? null, indent + 1);
  }
  return true;
}

function maxWidths(section: Section): number[] {
  const widths: number[] = [];
  for (const row of [...(section.headers.length > 0 ? [section.headers] : []), ...section.rows])
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  return widths;
}

function columnWidths(section: Section, padding: number, max?: number): number[] {
  const unscaled = maxWidths(section).map((w) => w + padding);
  if (max === undefined || unscaled.length === 0) return unscaled;
  const total = unscaled.reduce((a, b) => a + b, 0);
  const scaled = unscaled.map((w) => pyRound((max / total) * w));
  let off = scaled.reduce((a, b) => a + b, 0) - max;
  while (off !== 0) {
    const order = [...scaled.keys()];
    if (off < 0) order.reverse();
    for (const i of order) {
      if (off > 0) {
        scaled[i] = (scaled[i] ?? 0) - 1;
        off--;
      } else {
        scaled[i] = (scaled[i] ?? 0) + 1;
        off++;
      }
      if (off === 0) break;
    }
  }
  return scaled;
}

function totalWidth(section: Section): number {
  const columns = columnWidths(section, 0).reduce((a, w) => a + w + 4, 0) + 2 + 2 * section.indent;
  return Math.max([...section.title].length + 2 + 2 * section.indent, columns);
}

function centered(text: string, length: number, left = '|', right = '|'): string {
  const textLength = [...text].length;
  const start = Math.floor(length / 2) - Math.floor(textLength / 2) - 1;
  const sofar = left.length + start + textLength;
  return `${left}${' '.repeat(Math.max(start, 0))}${text}${' '.repeat(Math.max(length - right.length - sofar, 0))}${right}`;
}

function alignedLeft(text: string, length: number, left: string): string {
  const textLength = [...text].length;
  const padding = length - (textLength + 2 + left.length + 1) >= 0 ? 2 : 0;
  const sofar = left.length + padding + textLength;
  return `${left}${' '.repeat(padding)}${text}${' '.repeat(Math.max(length - sofar - 1, 0))}|`;
}

function ruleLine(widths: readonly number[]): string {
  return widths.map((w, i) => (i === 0 ? `+${'-'.repeat(w - 2)}+` : `${'-'.repeat(w - 1)}+`)).join('');
}

/** `--output table`, as written to a file or a pipe. */
export function awsTable(operation: string, response: Json): string {
  const table = new Table();
  if (!build(table, operation, response, 0)) return '';
  let max = Math.max(...table.sections.map(totalWidth));
  if (max > TERMINAL_WIDTH) {
    for (const section of table.sections) {
      const [values] = section.rows;
      if (section.rows.length === 1 && section.headers.length > 0 && values !== undefined) {
        section.rows = section.headers.map((h, i) => [h, values[i] ?? '']);
        section.headers = [];
      }
    }
    max = Math.max(...table.sections.map(totalWidth));
  }
  const lines = [`${'-'.repeat(max)}`];
  for (const section of table.sections) {
    const bars = '|'.repeat(section.indent);
    const width = max - 2 * section.indent;
    const put = (line: string) => lines.push(`${bars}${line}${bars}`);
    if (section.title) {
      put(centered(section.title, width));
      if (section.headers.length === 0 && section.rows.length === 0) put(`+${'-'.repeat(width - 2)}+`);
    }
    const widths = columnWidths(section, 4, width);
    if (section.headers.length > 0) {
      put(ruleLine(widths));
      put(section.headers.map((h, i) => centered(h, widths[i] ?? 0, i === 0 ? '|' : '')).join(''));
    }
    if (section.rows.length > 0) {
      put(ruleLine(widths));
      for (const row of section.rows)
        put(row.map((cell, i) => alignedLeft(cell, widths[i] ?? 0, i === 0 ? '|' : '')).join(''));
      put(ruleLine(widths));
    }
  }
  return `${lines.join('\n')}\n`;
}
