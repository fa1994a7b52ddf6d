/**
 * `aws logs filter-log-events`, `get-log-events` and `get-query-results` printed with `--output yaml`
 * or `--output yaml-stream` (AWS CLI v2; `output = yaml` in ~/.aws/config). The CLI dumps the
 * response with ruamel.yaml (`YAML(typ='safe')`, block style, keys sorted, line width 80, Unicode
 * kept; awscli/formatter.py YAMLDumper); `yaml-stream` dumps each page as a one-item list, so pages
 * follow each other as `- events: …` items. Only these shapes are read, not YAML in general: block
 * mappings of plain keys, block sequences, the empty `[]` / `{}`, and scalars plain, single-quoted,
 * double-quoted (escapes, `\` line-end joins) or block (`|`, `>`, chomping), each folded over lines
 * as YAML folds them. The documents read are handed on as their JSON would be (input.ts).
 */
import { InputError } from './input-error';
import { doubleQuoted } from './yaml-test-invoke';

/** A YAML value of those shapes, as JSON.parse would give the same output's JSON. */
type Value = string | number | boolean | null | readonly Value[] | { readonly [key: string]: Value };
type Mapping = Record<string, Value>;

/** A node read, and the first line after it. */
interface Read {
  readonly value: Value;
  readonly stop: number;
}

const WHY = {
  /** A quoted scalar still open at the input's end, or a page without the keys its end holds. */
  cut: 'cut',
  /** A line that is none of the shapes read here. */
  unread: 'unread',
} as const;

/** Why reading stopped, and at which 0-based line (for a reader of this file; the input is not named by it). */
class Stop extends Error {
  constructor(
    readonly why: (typeof WHY)[keyof typeof WHY],
    readonly line: number,
  ) {
    super(why);
  }
}

/**
 * The first line of each output, as the CLI sorts its keys (encryptionKey and queryLanguage sort
 * before get-query-results' `results`; with --max-items the CLI adds `NextToken`, whose capital
 * sorts before `events`), maybe as yaml-stream's first list item: the list's key alone, so a log
 * whose first line reads `results: 3 rows` stays a log.
 */
const FIRST_LINE =
  /^(?:- )?(?:(?:events|results):(?: \[\])?|(?:NextToken|encryptionKey|nextToken|queryLanguage): \S+)\s*$/;
/** A mapping key as these outputs have them, its value after `: ` or on the lines below. */
const KEY = /^([A-Za-z_@][\w@.-]*):(?: +|$)/;
/** A document marker line: `---` starts a document, `...` ends one. */
const MARKER = /^(?:---|\.\.\.)\s*$/;
/**
 * Every top-level key of a page, by the list it holds: the responses' members (CloudWatch Logs API
 * reference: FilterLogEvents, GetLogEvents, GetQueryResults) and the CLI's `NextToken`. A key of
 * none of them, or one a page already holds, ends the page: what follows is another output, or text
 * after the export (a note, a heading over log lines), never a key of the last page.
 */
const PAGE_KEYS = {
  events: ['NextToken', 'events', 'nextBackwardToken', 'nextForwardToken', 'nextToken', 'searchedLogStreams'],
  results: ['NextToken', 'encryptionKey', 'nextToken', 'queryLanguage', 'results', 'statistics', 'status'],
} as const;

/** Whether a page holding `held` may hold `key` too: some one output has them all. */
function pageKey(held: Mapping, key: string): boolean {
  return Object.values(PAGE_KEYS).some((keys) => {
    const names: readonly string[] = keys;
    return names.includes(key) && Object.keys(held).every((name) => names.includes(name));
  });
}

/** The keys a page ends with, after its events (filter-log-events, get-log-events) or results (get-query-results). */
const CLOSING_KEYS = {
  events: ['nextBackwardToken', 'nextForwardToken', 'nextToken', 'searchedLogStreams'],
  results: ['statistics', 'status'],
} as const;

function indentOf(line: string): number {
  let at = 0;
  while (line.charCodeAt(at) === 32) at++;
  return at;
}

function isBlank(line: string | undefined): boolean {
  return line !== undefined && line.trim() === '';
}

function nextContent(lines: readonly string[], from: number): number {
  let at = from;
  while (at < lines.length && isBlank(lines[at])) at++;
  return at;
}

/** Whether the text at `col` of a line is a sequence item's dash. */
function dashAt(line: string, col: number): boolean {
  return line[col] === '-' && (col + 1 === line.length || line[col + 1] === ' ');
}

/** A plain scalar as YAML's core schema resolves it (the CLI quotes a string that would resolve otherwise). */
function resolvePlain(text: string): Value {
  if (/^(?:~|null|Null|NULL|)$/.test(text)) return null;
  if (/^(?:true|True|TRUE)$/.test(text)) return true;
  if (/^(?:false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?(?:0|[1-9]\d*)(?:\.\d*)?(?:[eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}

/** A flow scalar's text between line breaks, and the breaks before it (`\n`, U+2028, U+2029). */
interface Part {
  readonly text: string;
  readonly breaks: string;
}

/**
 * Line breaks folded as YAML folds a flow scalar's (libyaml's scanner): a line feed alone is a space,
 * a line feed and more keep only the more; a line or paragraph separator (U+2028, U+2029) is kept
 * with every break after it.
 */
function folded(parts: readonly Part[]): string {
  return parts
    .map(({ text, breaks }) => {
      if (breaks === '') return text;
      const trailing = breaks.slice(1);
      return (breaks[0] === '\n' ? (trailing === '' ? ' ' : trailing) : breaks) + text;
    })
    .join('');
}

/** A plain scalar from `col` of `line`, continued on the lines indented deeper than `parent`. */
function plain(lines: readonly string[], line: number, col: number, parent: number): Read {
  const parts: Part[] = [{ text: (lines[line] ?? '').slice(col).trim(), breaks: '' }];
  let stop = line + 1;
  let breaks = '\n';
  for (let at = line + 1; at < lines.length; at++) {
    const raw = lines[at] ?? '';
    if (isBlank(raw)) {
      breaks += '\n';
      continue;
    }
    if (indentOf(raw) <= parent) break;
    parts.push({ text: raw.trim(), breaks });
    breaks = '\n';
    stop = at + 1;
  }
  return { value: parts.length === 1 ? resolvePlain(parts[0]?.text ?? '') : folded(parts), stop };
}

/**
 * A line or paragraph separator (and NEL, which the pure-Python emitter leaves in single quotes too):
 * a line break to the emitter, which writes it as it is and then the indentation.
 */
const SEPARATOR = /[\u0085\u2028\u2029]/;

/**
 * A single-quoted scalar whose quote is at `col`: `''` is a quote; it folds as a plain one does. The
 * blanks around a line break are the layout's, not the text's: dropped, as a YAML reader drops them.
 */
function singleQuoted(lines: readonly string[], line: number, col: number, parent: number): Read {
  const parts: Part[] = [];
  let text = '';
  let breaks = '';
  /** A line break: ends the text before it, or adds to the breaks when only blanks were since the last. */
  const lineBreak = (brk: string) => {
    if (breaks !== '' && text.trim() === '') breaks += brk;
    else {
      parts.push({ text: text.trimEnd(), breaks });
      breaks = brk;
    }
    text = '';
  };
  for (let at = line; at < lines.length; at++) {
    const raw = lines[at] ?? '';
    if (at > line) {
      lineBreak('\n');
      // Not isBlank: String.trim takes the separators for blanks.
      const content = raw.replace(/^[ \t]+/, '');
      if (content === '') continue;
      // A separator right after a line feed is written where the line starts, before the indentation.
      if (indentOf(raw) <= parent && !SEPARATOR.test(content[0] ?? '')) throw new Stop(WHY.unread, at);
    }
    let i = at === line ? col + 1 : indentOf(raw);
    for (; i < raw.length; i++) {
      const c = raw[i] ?? '';
      if (SEPARATOR.test(c)) lineBreak(c);
      else if (breaks !== '' && text === '' && (c === ' ' || c === '\t')) continue;
      else if (c !== "'") text += c;
      else if (raw[i + 1] === "'") text += raw[i++];
      else break;
    }
    if (i < raw.length) {
      if (raw.slice(i + 1).trim() !== '') throw new Stop(WHY.unread, at);
      parts.push({ text, breaks });
      return { value: folded(parts), stop: at + 1 };
    }
  }
  throw new Stop(WHY.cut, lines.length - 1);
}

/** A double-quoted scalar whose quote is at `col`, read as the test-invoke reader reads one. */
function doubleQuotedAt(lines: readonly string[], line: number, col: number, parent: number): Read {
  const { scalar, stop } = doubleQuoted(lines, line, col + 1, parent);
  if (scalar !== undefined) return { value: scalar.text, stop };
  throw new Stop(stop >= lines.length ? WHY.cut : WHY.unread, Math.min(stop, lines.length - 1));
}

const BLOCK_HEADER = /^([|>])(?:([-+])([1-9])?|([1-9])([-+])?)?$/;

/** A literal (`|`) or folded (`>`) block scalar under its header, with its chomping indicator. */
function blockScalar(lines: readonly string[], line: number, header: string, parent: number): Read {
  const m = BLOCK_HEADER.exec(header);
  if (m === null) throw new Stop(WHY.unread, line);
  const literal = m[1] === '|';
  const chomp = m[2] ?? m[5] ?? '';
  const given = m[3] ?? m[4];
  let indent = given === undefined ? -1 : Math.max(parent, 0) + Number(given);
  const body: string[] = [];
  let stop = line + 1;
  for (let at = line + 1; at < lines.length; at++) {
    const raw = lines[at] ?? '';
    if (isBlank(raw)) {
      body.push('');
      continue;
    }
    const own = indentOf(raw);
    if (indent < 0) indent = own;
    if (own <= parent || own < indent) break;
    body.push(raw.slice(indent));
    stop = at + 1;
  }
  let last = body.length;
  while (last > 0 && body[last - 1] === '') last--;
  const content = body.slice(0, last);
  const trailing = body.length - last;
  const text = literal ? content.join('\n') : foldBlock(content);
  const end =
    content.length === 0 ? '' : chomp === '-' ? '' : chomp === '+' ? '\n'.repeat(trailing + 1) : '\n';
  return { value: text + end, stop };
}

/** A folded block's lines: a break between two lines of text is a space, unless either is more indented. */
function foldBlock(content: readonly string[]): string {
  let out = '';
  let breaks = 0;
  let started = false;
  let previousMore = false;
  for (const text of content) {
    if (text === '') {
      breaks++;
      continue;
    }
    const more = text.startsWith(' ') || text.startsWith('\t');
    if (!started) out += '\n'.repeat(breaks);
    else if (!more && !previousMore) out += breaks > 0 ? '\n'.repeat(breaks) : ' ';
    else out += '\n'.repeat(breaks + 1);
    out += text;
    started = true;
    previousMore = more;
    breaks = 0;
  }
  return out;
}

/** A value written after its key's `: ` or a dash, at `col`; continuation lines are deeper than `parent`. */
function inline(lines: readonly string[], line: number, col: number, parent: number): Read {
  const raw = lines[line] ?? '';
  const rest = raw.slice(col).trimEnd();
  if (dashAt(raw, col)) return sequence(lines, line, col);
  if (KEY.test(rest)) return mapping(lines, line, col);
  const first = rest[0];
  if (first === "'") return singleQuoted(lines, line, col, parent);
  if (first === '"') return doubleQuotedAt(lines, line, col, parent);
  if (first === '|' || first === '>') return blockScalar(lines, line, rest, parent);
  if (rest === '[]') return { value: [], stop: line + 1 };
  if (rest === '{}') return { value: {}, stop: line + 1 };
  // Flow collections with members, anchors, aliases, tags and comments: never in these outputs.
  if (first === '[' || first === '{' || first === '&' || first === '*' || first === '!' || first === '#')
    throw new Stop(WHY.unread, line);
  return plain(lines, line, col, parent);
}

/** A node on the lines below its key or dash (`line` is blank after it): deeper than `parent`. */
function below(lines: readonly string[], line: number, parent: number, indentless: boolean): Read {
  const next = nextContent(lines, line + 1);
  const raw = lines[next];
  if (raw === undefined) return { value: null, stop: line + 1 };
  const indent = indentOf(raw);
  if (indent > parent) return inline(lines, next, indent, parent);
  // A sequence under a mapping key may stand at the key's own column, as the CLI prints it.
  if (indentless && indent === parent && dashAt(raw, indent)) return sequence(lines, next, indent);
  return { value: null, stop: line + 1 };
}

/** A block sequence whose first dash is at `col` of `line`. */
function sequence(lines: readonly string[], line: number, col: number): Read {
  const items: Value[] = [];
  let at = line;
  for (;;) {
    const raw = lines[at] ?? '';
    const content = col + 1 + indentOf(raw.slice(col + 1));
    const item =
      raw.slice(col + 1).trim() === '' ? below(lines, at, col, false) : inline(lines, at, content, col);
    items.push(item.value);
    const next = nextContent(lines, item.stop);
    const following = lines[next];
    if (following === undefined || indentOf(following) !== col || !dashAt(following, col))
      return { value: items, stop: item.stop };
    at = next;
  }
}

/**
 * A block mapping whose first key is at `col` of `line`. A key it already holds ends it: two outputs
 * saved into one file (`>>`) follow each other without a `---`, and the second is a document of its own.
 */
function mapping(
  lines: readonly string[],
  line: number,
  col: number,
  holds: (held: Mapping, key: string) => boolean = () => true,
): Read {
  const value: Mapping = {};
  let at = line;
  for (;;) {
    const raw = lines[at] ?? '';
    const key = KEY.exec(raw.slice(col));
    if (key === null) throw new Stop(WHY.unread, at);
    const name = key[1] ?? '';
    if (Object.hasOwn(value, name) || !holds(value, name)) return { value, stop: at };
    const valueCol = col + key[0].length;
    const read =
      raw.slice(valueCol).trim() === '' ? below(lines, at, col, true) : inline(lines, at, valueCol, col);
    value[name] = read.value;
    const next = nextContent(lines, read.stop);
    const following = lines[next];
    if (
      following === undefined ||
      indentOf(following) !== col ||
      dashAt(following, col) ||
      MARKER.test(following)
    )
      return { value, stop: read.stop };
    at = next;
  }
}

/**
 * The top-level documents of the text; yaml-stream's list items (one page each) are documents too.
 * They end at a top-level line that starts no output (`end`, its 0-based line): text after them.
 */
function documents(lines: readonly string[]): { readonly found: Value[]; readonly end?: number } {
  const found: Value[] = [];
  let at = 0;
  for (;;) {
    at = nextContent(lines, at);
    while (at < lines.length && MARKER.test(lines[at] ?? '')) at = nextContent(lines, at + 1);
    const raw = lines[at];
    if (raw === undefined) return { found };
    if (indentOf(raw) !== 0) throw new Stop(WHY.unread, at);
    if (!FIRST_LINE.test(raw)) return { found, end: at };
    const read = KEY.test(raw) ? mapping(lines, at, 0, pageKey) : inline(lines, at, 0, -1);
    // A loop, not push(...): a page may hold more events than one call takes arguments.
    if (Array.isArray(read.value)) for (const item of read.value) found.push(item);
    else found.push(read.value);
    at = read.stop;
  }
}

/** The first line that is not blank or a document marker, found without splitting a large input. */
function firstLine(text: string): string {
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end < 0 ? text.length : end).replace(/\r$/, '');
    if (!isBlank(line) && !MARKER.test(line)) return line;
    at = end < 0 ? text.length : end + 1;
  }
  return '';
}

function isMapping(value: Value | undefined): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Which of the outputs a page is, by the list it holds; undefined for none. */
function listKey(page: Mapping): keyof typeof CLOSING_KEYS | undefined {
  if (Array.isArray(page.events)) return 'events';
  if (Array.isArray(page.results)) return 'results';
  return undefined;
}

const KIND = 'AWS CLI --output yaml';
const HINT = 're-run the command with --output json, or save it again if it was cut short';

/** Whether a page holds a log event or an Insights row as these outputs print them. */
function holdsOne(page: Mapping, key: keyof typeof CLOSING_KEYS): boolean {
  const list = page[key];
  if (!Array.isArray(list)) return false;
  return key === 'events'
    ? list.some((event) => isMapping(event) && typeof event.message === 'string')
    : list.some((row) => Array.isArray(row) && row.some((cell) => isMapping(cell) && 'field' in cell));
}

/**
 * The keys every log event has, filter-log-events' and get-log-events' alike, sorted after the others
 * (eventId, ingestionTime, logStreamName): a last event without both was cut inside its mapping.
 */
const EVENT_KEYS = ['message', 'timestamp'] as const;

/**
 * Whether a page without the keys that close it is whole anyway: a filter-log-events page may hold
 * only `events` (aws-cli's own example shows one), so it ends where its last event does. That event
 * ended (the input's end, a new top-level key, `---`, another page, text after it: documents()
 * stopped there) and is whole when it holds every key an event has; a cut inside a quoted scalar is
 * refused before. A get-log-events page (events without an eventId or a logStreamName) always ends
 * with its two tokens, and Insights' results with their status: without them they were cut.
 */
function lastEventWhole(page: Mapping, key: keyof typeof CLOSING_KEYS): boolean {
  const list = page[key];
  if (key !== 'events' || !Array.isArray(list)) return false;
  const last: Value | undefined = list[list.length - 1];
  return (
    isMapping(last) &&
    typeof last.message === 'string' &&
    EVENT_KEYS.every((name) => Object.hasOwn(last, name) && last[name] !== null) &&
    (Object.hasOwn(last, 'eventId') || Object.hasOwn(last, 'logStreamName'))
  );
}

/** A line no export holds at its top level: not a key, not a list item, not a marker, not indented. */
function isOtherText(line: string): boolean {
  return indentOf(line) === 0 && !KEY.test(line) && !dashAt(line, 0) && !MARKER.test(line);
}

/**
 * Where text after the export may start: the first line of other text (a terminal copy's shell
 * prompt, maybe the next command and its output), and the first line of the run of lines of other
 * text, or blank, that ends the input. lines.length for none.
 */
function textAfter(lines: readonly string[]): { readonly first: number; readonly run: number } {
  let run = lines.length;
  for (let at = lines.length - 1; at >= 0; at--) {
    const line = lines[at] ?? '';
    if (isBlank(line)) continue;
    if (!isOtherText(line)) break;
    run = at;
  }
  const first = lines.findIndex((line, at) => at > 0 && !isBlank(line) && isOtherText(line));
  return { first: first < 0 ? run : Math.min(first, run), run };
}

/** Whether each of Insights' rows is a list of `field` / `value` mappings (not another YAML's `results`). */
function insightsRows(page: Mapping): boolean {
  const rows = page.results;
  return (
    Array.isArray(rows) &&
    rows.every(
      (row) =>
        Array.isArray(row) &&
        row.every(
          (cell) => isMapping(cell) && Object.keys(cell).every((k) => k === 'field' || k === 'value'),
        ),
    )
  );
}

/** The pages the lines hold, and where text after them starts; undefined for a line of another shape; refused when cut short. */
function pagesOf(
  lines: readonly string[],
  name: string,
): { readonly pages: Mapping[]; readonly end?: number } | undefined {
  let pages: Value[];
  let end: number | undefined;
  try {
    ({ found: pages, end } = documents(lines));
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    if (error.why === WHY.cut)
      throw new InputError(`${name}: ${KIND} whose last value ends mid-scalar`, HINT);
    return undefined;
  }
  const read: Mapping[] = [];
  for (const page of pages) {
    const key = isMapping(page) ? listKey(page) : undefined;
    if (!isMapping(page) || key === undefined) return undefined;
    if (key === 'results' && !insightsRows(page)) return undefined;
    const closed = CLOSING_KEYS[key].some((closing) => Object.hasOwn(page, closing));
    if (!closed && !holdsOne(page, key)) return undefined;
    if (!closed && !lastEventWhole(page, key)) {
      const where = pages.length === 1 ? name : `${name} document ${read.length + 1}`;
      throw new InputError(`${where}: ${KIND} that ends inside its ${key}`, HINT);
    }
    read.push(page);
  }
  if (read.length === 0) return undefined;
  return { pages: read, ...(end !== undefined && { end }) };
}

/** The pages the lines hold when they are whole, else undefined. */
function wholePagesOf(lines: readonly string[], name: string): ReturnType<typeof pagesOf> {
  try {
    return pagesOf(lines, name);
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/**
 * The documents of the input when it is that output: each a page as its JSON would be, to be read
 * as that JSON is, and the 0-based line where text after the export starts, if any (the first line
 * of other text after whole pages; the caller reads it, maybe as another output). Undefined when
 * the input is not one, or holds a line of another shape: it stays raw text, as before. One that
 * was cut short (a quoted scalar still open at its end, a page without the keys that end it), text
 * after it or not, is refused, as a cut JSON export is, rather than read in part.
 */
export function awsYamlOutputDocuments(
  text: string,
  name: string,
): { readonly pages: Mapping[]; readonly textFrom?: number } | undefined {
  if (!FIRST_LINE.test(firstLine(text))) return undefined;
  const all = text.replace(/\r\n/g, '\n').split('\n');
  const { first, run } = textAfter(all);
  const whole = first < run ? wholePagesOf(all.slice(0, first), name) : undefined;
  if (whole !== undefined) return { pages: whole.pages, textFrom: whole.end ?? first };
  const read = pagesOf(all.slice(0, run), name);
  if (read === undefined) return undefined;
  const textFrom = read.end ?? (run < all.length ? run : undefined);
  return { pages: read.pages, ...(textFrom !== undefined && { textFrom }) };
}
