/**
 * Parts of real logs, as users hold them: a few lines pasted into an issue, a trail cut at the top or
 * bottom, one line left out, the middle of a long line elided with `...` or its end cut, one field
 * missing from a JSON access line. Every fragment is made from the real samples (the shared corpus,
 * test/fixtures/real-lines.json and real-successes.json) by these operations only: no words are added
 * but the elision marks.
 */
import { InputError, parseInput } from '../../cli/input';
import { analyze } from '../../lambda/core/pipeline';
import type { ClassifiedRequest } from '../../lambda/core/types';
import { realLogs, realSample } from './real-logs';

export { realLogs, realSample };

/** The endpoint URL of a `Sending request to` or `Endpoint request URI:` line: its host, then its path. */
const ENDPOINT_PATH = /((?:Sending request to|Endpoint request URI:) https?:\/\/[^/\s]+)\/\S*/;

/** Lines shorter than this are left whole by the elisions: there is little to elide. */
const LONG_LINE = 60;

function replaceLine(lines: readonly string[], index: number, line: string): string[] {
  return lines.map((l, i) => (i === index ? line : l));
}

/**
 * The fragment operations, by name: `drop-first-K`, `drop-last-K`, `drop-line-I`, `elide-mid-I`
 * (40 %–80 % of line I replaced by `...`), `elide-ends-I` (only its first and last 30 characters
 * kept, around ` ... `), `cut-end-I` (its second half replaced by `...`), `elide-path-I` and
 * `cut-path-I` (the path of the endpoint URL line I names replaced by ` ...`, or the line cut right
 * after its host with `...`), `drop-field-I-KEY` (line I's JSON object without KEY).
 */
export function fragment(lines: readonly string[], name: string): string[] | undefined {
  const [, op, a, b] = /^([a-z-]+?)-(\d+)(?:-(.+))?$/.exec(name) ?? [];
  const n = Number(a);
  const line = lines[n] ?? '';
  switch (op) {
    case 'drop-first':
      return n >= 1 && n < lines.length ? lines.slice(n) : undefined;
    case 'drop-last':
      return n >= 1 && n < lines.length ? lines.slice(0, lines.length - n) : undefined;
    case 'drop-line':
      return lines.length > 1 && n < lines.length ? lines.filter((_, i) => i !== n) : undefined;
    case 'elide-mid':
      return line.length > LONG_LINE
        ? replaceLine(
            lines,
            n,
            `${line.slice(0, Math.floor(line.length * 0.4))}...${line.slice(Math.floor(line.length * 0.8))}`,
          )
        : undefined;
    case 'elide-ends':
      return line.length > LONG_LINE
        ? replaceLine(lines, n, `${line.slice(0, 30)} ... ${line.slice(-30)}`)
        : undefined;
    case 'cut-end':
      return line.length > LONG_LINE
        ? replaceLine(lines, n, `${line.slice(0, Math.max(40, Math.floor(line.length / 2)))}...`)
        : undefined;
    case 'elide-path':
    case 'cut-path': {
      const elided = line.replace(ENDPOINT_PATH, op === 'elide-path' ? '$1 ...' : '$1...');
      return elided === line ? undefined : replaceLine(lines, n, elided);
    }
    case 'drop-field': {
      const object = jsonObject(line);
      if (object === undefined || b === undefined || !Object.hasOwn(object, b)) return undefined;
      const { [b]: _dropped, ...rest } = object;
      return replaceLine(lines, n, JSON.stringify(rest));
    }
    default:
      return undefined;
  }
}

function jsonObject(line: string): Record<string, unknown> | undefined {
  const text = line.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Every fragment operation's name that applies to these lines. */
export function fragmentNames(lines: readonly string[]): string[] {
  const names: string[] = [];
  for (let k = 1; k < lines.length; k++) names.push(`drop-first-${k}`, `drop-last-${k}`);
  if (lines.length > 1) for (let i = 0; i < lines.length; i++) names.push(`drop-line-${i}`);
  lines.forEach((line, i) => {
    if (line.length > LONG_LINE) names.push(`elide-mid-${i}`, `elide-ends-${i}`, `cut-end-${i}`);
    if (ENDPOINT_PATH.test(line)) names.push(`elide-path-${i}`, `cut-path-${i}`);
    for (const key of Object.keys(jsonObject(line) ?? {})) names.push(`drop-field-${i}-${key}`);
  });
  return names;
}

/**
 * The failures the CLI reports for these lines read as one file; none when it refuses the file (a
 * table left with a row shorter than its header): a refusal names no cause.
 */
export function failuresOf(lines: readonly string[]): readonly ClassifiedRequest[] {
  try {
    return analyze(parseInput(lines.join('\n'), 'fragment.log').batches).failures;
  } catch (error) {
    if (error instanceof InputError) return [];
    throw error;
  }
}
