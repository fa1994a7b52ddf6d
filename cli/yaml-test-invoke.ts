/**
 * `aws apigateway test-invoke-method --output yaml` (and `test-invoke-authorizer`'s): the output's
 * mapping printed as YAML, maybe as a list item (`- body: …`). Its `log` is one YAML scalar: double
 * quoted and folded over indented lines, as the CLI's emitter prints it, or a literal block (`|`,
 * `|-`). The mapping's other keys (body, headers, multiValueHeaders, latency, status) are its
 * structure, no log lines; the status is kept for the log that lacks its final line.
 */

import { isLogLine } from './log-lines';

/** One test-invoke output found in YAML: its lines, its decoded log and the status beside it. */
export interface YamlTestInvoke {
  readonly from: number;
  readonly to: number;
  readonly value: { readonly log: string; readonly status?: number; readonly clientStatus?: number };
}

/** The keys of test-invoke-method's and test-invoke-authorizer's output: only these make the mapping. */
const OUTPUT_KEYS: ReadonlySet<string> = new Set([
  'status',
  'body',
  'headers',
  'multiValueHeaders',
  'log',
  'latency',
  'clientStatus',
  'policy',
  'principalId',
  'authorization',
  'claims',
]);

/** A mapping key's line: its indentation, a list item's dash, the key, then its value. */
const KEY_LINE = /^( *)(- +)?([A-Za-z]+):(?: +(.*))?$/;

/** The value of `log:` when it may hold an execution log: a double-quoted scalar, or a literal block. */
const LOG_VALUE = /^(?:"Execution\b|\|[-+]?[1-9]?$)/;

const HEADER = 'Execution log for request ';

/** YAML's one-character escapes in a double-quoted scalar (`\/` and `\"` as in JSON). */
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/** The hex digits that follow `\x`, `\u` and `\U`. */
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

interface KeyLine {
  readonly dashed: boolean;
  /** Where the key starts: the mapping's column. */
  readonly column: number;
  readonly key: string;
  readonly value: string;
}

function keyLine(line: string): KeyLine | undefined {
  const m = KEY_LINE.exec(line.trimEnd());
  if (m === null) return undefined;
  const indent = m[1]?.length ?? 0;
  const dash = m[2] ?? '';
  return { dashed: dash !== '', column: indent + dash.length, key: m[3] ?? '', value: m[4] ?? '' };
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** A scalar's text as YAML reads it, with its last line. */
interface Scalar {
  readonly text: string;
  readonly end: number;
}

/** One physical line of a double-quoted scalar, decoded, and how it ends. */
interface QuotedLine {
  /** Its text, less the white space a line break trims (kept before the closing quote or an escaped break). */
  readonly text: string;
  /** Its closing quote is on it. */
  readonly closed: boolean;
  /** It ended in a backslash: the line break is escaped, so the next line joins without a space. */
  readonly joined: boolean;
}

/** The character an escape stands for, and the escape's length after its backslash; undefined for none of YAML's. */
function escapeAt(line: string, at: number): { char: string; length: number } | undefined {
  const next = line[at] ?? '';
  const hex = HEX_LENGTH[next];
  if (hex === undefined) {
    const char = ESCAPES[next];
    return char === undefined ? undefined : { char, length: 1 };
  }
  const digits = line.slice(at + 1, at + 1 + hex);
  const code = /^[0-9a-fA-F]+$/.test(digits) && digits.length === hex ? Number.parseInt(digits, 16) : -1;
  return code >= 0 && code <= 0x10ffff ? { char: String.fromCodePoint(code), length: 1 + hex } : undefined;
}

/**
 * A line of a double-quoted scalar decoded up to its closing quote or its end; undefined when it
 * holds an escape YAML does not know, or text after the closing quote other than a comment.
 */
function quotedLine(line: string): QuotedLine | undefined {
  let text = '';
  /** The text's length up to its last character that a line break does not trim. */
  let kept = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === '"') {
      const rest = line.slice(i + 1).trim();
      return rest === '' || rest.startsWith('#') ? { text, closed: true, joined: false } : undefined;
    }
    if (c !== '\\') {
      text += c;
      if (c !== ' ' && c !== '\t') kept = text.length;
      continue;
    }
    if (i === line.length - 1) return { text, closed: false, joined: true };
    const escaped = escapeAt(line, i + 1);
    if (escaped === undefined) return undefined;
    text += escaped.char;
    kept = text.length;
    i += escaped.length;
  }
  return { text: text.slice(0, kept), closed: false, joined: false };
}

/**
 * The double-quoted scalar starting after its quote at `lines[start].slice(offset)`: continuation
 * lines (indented deeper than `column`) lose their leading white space, a line break becomes a
 * space (an empty line a line feed), and an escaped line end joins with nothing. Undefined when it
 * does not close before a line that is not indented deeper. `stop` is the first line not read.
 */
export function doubleQuoted(
  lines: readonly string[],
  start: number,
  offset: number,
  column: number,
): { scalar?: Scalar; stop: number } {
  const parts: string[] = [];
  let breaks = 0;
  let joined = false;
  for (let at = start; at < lines.length; at++) {
    const raw = lines[at] ?? '';
    if (at > start) {
      if (raw.trim() === '') {
        breaks += 1;
        continue;
      }
      if (indentOf(raw) <= column) return { stop: at };
      parts.push(breaks > 0 ? '\n'.repeat(breaks) : joined ? '' : ' ');
    }
    const line = quotedLine(at > start ? raw.trimStart() : raw.slice(offset));
    if (line === undefined) return { stop: at + 1 };
    parts.push(line.text);
    if (line.closed) return { scalar: { text: parts.join(''), end: at }, stop: at + 1 };
    breaks = 0;
    joined = line.joined;
  }
  return { stop: lines.length };
}

/**
 * A literal block scalar (`|`, `|-`, `|+`) under its key: the lines below indented deeper than
 * `column` (blank ones too), less the first one's indentation. Its chomping leaves blank lines only,
 * which are no log lines.
 */
function literalBlock(lines: readonly string[], start: number, column: number): Scalar | undefined {
  let indent = -1;
  let end = start;
  const kept: string[] = [];
  for (let at = start + 1; at < lines.length; at++) {
    const line = lines[at] ?? '';
    if (line.trim() === '') {
      kept.push('');
      continue;
    }
    const own = indentOf(line);
    if (own <= column) break;
    if (indent < 0) indent = own;
    if (own < indent) break;
    kept.push(line.slice(indent));
    end = at;
  }
  return end > start ? { text: kept.join('\n'), end } : undefined;
}

/** The integer status a key's value holds, as `status: 502` prints it. */
function statusValue(value: string): number | undefined {
  return /^\d{1,3}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/** Whether a line is one more key of the mapping at `column`, or a list item's first key there. */
function siblingAt(line: string, column: number): KeyLine | undefined {
  const key = keyLine(line);
  return key !== undefined && key.column === column && OUTPUT_KEYS.has(key.key) ? key : undefined;
}

/**
 * The mapping around a `log` key at `column`, from its first key (a list item's dash) to its last
 * key's last child, never above `floor`. A line indented deeper than the column is a key's child
 * (a header, a folded value), unless it is a log line: that is read, and ends the mapping. Keys are
 * taken once each, so a second output's keys end it.
 */
function mappingAround(
  lines: readonly string[],
  log: { at: number; end: number; key: KeyLine },
  floor: number,
): { from: number; to: number; keys: Map<string, KeyLine> } {
  const { column } = log.key;
  const keys = new Map<string, KeyLine>([['log', log.key]]);
  let from = log.at;
  for (let at = log.at - 1; at >= floor && !log.key.dashed; at--) {
    const line = lines[at] ?? '';
    if (line.trim() === '' || isLogLine(line.trim())) break;
    if (indentOf(line) > column) continue;
    const key = siblingAt(line, column);
    if (key === undefined || keys.has(key.key)) break;
    keys.set(key.key, key);
    from = at;
    if (key.dashed) break;
  }
  let to = log.end;
  for (let at = log.end + 1; at < lines.length; at++) {
    const line = lines[at] ?? '';
    if (line.trim() === '' || isLogLine(line.trim())) break;
    if (indentOf(line) > column) {
      to = at;
      continue;
    }
    const key = siblingAt(line, column);
    if (key === undefined || key.dashed || keys.has(key.key)) break;
    keys.set(key.key, key);
    to = at;
  }
  return { from, to, keys };
}

/** The `log` value at a key line: its decoded text and last line, or where reading it stopped. */
function logValueAt(lines: readonly string[], at: number, key: KeyLine): { scalar?: Scalar; stop: number } {
  if (key.value.startsWith('"')) {
    const offset = (lines[at] ?? '').indexOf('"') + 1;
    return doubleQuoted(lines, at, offset, key.column);
  }
  const scalar = literalBlock(lines, at, key.column);
  return scalar === undefined ? { stop: at + 1 } : { scalar, stop: scalar.end + 1 };
}

/**
 * Every test-invoke output printed as YAML, in order, each a range of lines no other reader takes.
 * A `log` key is read once, and a value that does not close is passed over whole, so the work
 * stays linear.
 */
export function yamlTestInvokes(lines: readonly string[]): YamlTestInvoke[] {
  const found: YamlTestInvoke[] = [];
  let floor = 0;
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at] ?? '';
    if (!line.includes('log:')) continue;
    const key = keyLine(line);
    if (key?.key !== 'log' || !LOG_VALUE.test(key.value)) continue;
    const { scalar, stop } = logValueAt(lines, at, key);
    if (scalar === undefined || !scalar.text.trimStart().startsWith(HEADER)) {
      at = Math.max(at, stop - 1);
      continue;
    }
    const { from, to, keys } = mappingAround(lines, { at, end: scalar.end, key }, floor);
    const status = statusValue(keys.get('status')?.value ?? '');
    const clientStatus = statusValue(keys.get('clientStatus')?.value ?? '');
    found.push({
      from,
      to,
      value: {
        log: scalar.text,
        ...(status !== undefined && { status }),
        ...(clientStatus !== undefined && { clientStatus }),
      },
    });
    floor = to + 1;
    at = to;
  }
  return found;
}
