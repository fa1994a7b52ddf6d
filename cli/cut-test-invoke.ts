/**
 * `aws apigateway test-invoke-method` JSON output pasted cut off inside its `log` string: the paste
 * stops mid-line (`… : Method r:`), so neither the string nor the object ever closes and no JSON
 * reader takes it. What the log shows up to the cut is still the test's execution log, and the
 * `status` member above it still says how the test ended.
 */
import type { YamlTestInvoke } from './yaml-test-invoke';

/** The `log` member of a pretty-printed output, its string's opening quote and the log's header. */
const LOG_MEMBER = /^\s*"log"\s*:\s*(?="Execution log for request )/;
/** A line of the output's members above the log: a member, a bracket, or nothing. */
const MEMBER_LINE = /^\s*(?:["{}[\]]|$)/;
const STATUS_MEMBER = /^\s*"(status|clientStatus)"\s*:\s*(\d{3})\s*,?\s*$/;
/** Pretty-printed JSON puts each bracket of a nested value on the line of its member or alone. */
const CLOSES = /^\s*[}\]]/;
const OPENS = /[{[]\s*$/;
const KEYED = /^\s*"/;
/** Another output's log member: its members are that output's. */
const OTHER_LOG = /^\s*"log"\s*:/;
/** How far above its log the output's `{` may be: its status, body, headers and multi-value headers. */
const MAX_MEMBER_LINES = 60;
/** The longest escape a cut can leave unfinished: `\u` and three of its four hex digits. */
const LONGEST_ESCAPE_START = 5;

/** The value of a JSON string literal cut before its closing quote, maybe inside an escape. */
function cutStringValue(literal: string): string | undefined {
  for (let drop = 0; drop <= LONGEST_ESCAPE_START && drop < literal.length; drop++) {
    try {
      const value: unknown = JSON.parse(`${literal.slice(0, literal.length - drop)}"`);
      if (typeof value === 'string') return value;
    } catch {
      // An unfinished escape at the cut: try again without its last character.
    }
  }
  return undefined;
}

/**
 * The status members between the output's `{` and its log, and where the output starts. Read upward
 * by the brackets of pretty-printed JSON: a nested value's members (its headers) are not the
 * output's, and an object or array that closes above the log without being a member's value (a
 * whole access-log record printed above it) is no part of it, nor is another output's log member.
 */
function membersAbove(
  lines: readonly string[],
  at: number,
): { from: number; status?: number; clientStatus?: number } {
  let status: number | undefined;
  let clientStatus: number | undefined;
  const found = (from: number) => ({
    from,
    ...(status !== undefined && { status }),
    ...(clientStatus !== undefined && { clientStatus }),
  });
  /** How many nested values the scan is inside, read from below. */
  let depth = 0;
  for (let index = at - 1; index >= Math.max(0, at - MAX_MEMBER_LINES); index--) {
    const line = lines[index] ?? '';
    if (!MEMBER_LINE.test(line)) break;
    if (CLOSES.test(line)) {
      depth += 1;
      continue;
    }
    if (OPENS.test(line)) {
      const keyed = KEYED.test(line);
      // The output's own `{`, or the member whose value it is inside a larger document.
      if (depth === 0) return keyed || line.trim() === '{' ? found(index) : { from: at };
      depth -= 1;
      // A value closed above the log that is no member's: a separate object or array.
      if (depth === 0 && !keyed) break;
      continue;
    }
    if (depth > 0) continue;
    if (OTHER_LOG.test(line)) break;
    const member = STATUS_MEMBER.exec(line);
    if (member?.[1] === 'status') status = Number(member[2]);
    else if (member?.[1] === 'clientStatus') clientStatus = Number(member[2]);
  }
  // No opening brace above: only the log member is the output's; members without it prove nothing.
  return { from: at };
}

/**
 * Every JSON test-invoke output whose `log` string is cut off, each the range of lines from its `{`
 * (or its `log` line when none is found above it) to that line. A `log` string that closes is left
 * to the JSON readers, which read its whole object.
 */
export function cutTestInvokes(lines: readonly string[]): YamlTestInvoke[] {
  const found: YamlTestInvoke[] = [];
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at] ?? '';
    if (!line.includes('"log"')) continue;
    const member = LOG_MEMBER.exec(line);
    if (member === null) continue;
    const literal = line.slice(member[0].length).trimEnd();
    if (isWholeString(literal)) continue;
    const log = cutStringValue(literal);
    if (log === undefined) continue;
    const { from, ...statuses } = membersAbove(lines, at);
    found.push({ from: Math.max(from, (found.at(-1)?.to ?? -1) + 1), to: at, value: { log, ...statuses } });
  }
  return found;
}

/** A string literal that closes on its line (maybe followed by the comma before the next member). */
function isWholeString(literal: string): boolean {
  try {
    return typeof JSON.parse(literal.replace(/,\s*$/, '')) === 'string';
  } catch {
    return false;
  }
}
