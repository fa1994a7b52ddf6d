/**
 * Repairs of the JSON that hand-written access-log formats make invalid (a quoted value quoted again,
 * doubled braces, a bare `-`, a trailing comma, quotes and backslashes left unescaped in a value),
 * tried only on a line JSON.parse refused.
 */

/**
 * Repairs the known quirk of formats that quote `$context.error.messageString`, which is already
 * quoted: `"message":""Forbidden""` is invalid JSON. White space may stand before the closing
 * `,` or `}` (a pretty-printed copy of such a line).
 */
export function repairDoubleQuoted(line: string): string {
  return line.replace(
    /:\s*""((?:[^"\\]|\\.)*)""(\s*[,}])/g,
    (_m, inner: string, tail: string) => `:"${inner}"${tail}`,
  );
}

/**
 * Repairs a format written inside a second pair of braces (`{{"requestId":…}}`), as the Serverless
 * Framework's default HTTP API format was in early 2020 (serverless/serverless#7559).
 */
export function unwrapDoubleBraces(line: string): string {
  const text = line.trim();
  return text.startsWith('{{') && text.endsWith('}}') ? text.slice(1, -1) : line;
}

/** Space, tab, carriage return, line feed: JSON's white space. */
function isJsonSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10;
}

/** The index of the first character at or after `from` that is not JSON white space. */
function skipJsonSpace(line: string, from: number): number {
  let i = from;
  while (i < line.length && isJsonSpace(line.charCodeAt(i))) i++;
  return i;
}

/**
 * Repairs two more quirks of hand-written JSON formats, outside strings only:
 * - a numeric variable left unquoted (`"integrationStatus": $context.integrationStatus`) that API
 *   Gateway had no value for, so it wrote a bare `-`: `"integrationStatus": -,` becomes
 *   `"integrationStatus": "-",`, which the record builder reads as 'no value';
 * - a comma before `}` or `]` (the last field of a format written with a trailing comma) is dropped.
 * One pass that tracks strings; each run of white space is looked over at most twice, so the repair
 * stays linear on any line.
 */
export function repairBareValues(line: string): string {
  let out = '';
  let copied = 0;
  let inString = false;
  /** The last character outside strings that is not white space. */
  let previous = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (inString) {
      if (code === 92 /* \ */) i++;
      else if (code === 34 /* " */) inString = false;
      continue;
    }
    if (isJsonSpace(code)) continue;
    if (code === 34) {
      inString = true;
    } else if (code === 45 /* - */ && previous === 58 /* : */) {
      const next = line.charCodeAt(skipJsonSpace(line, i + 1));
      // A `-` followed by digits is a negative number; only a `-` that stands alone is repaired.
      if (next === 44 /* , */ || next === 125 /* } */ || next === 93 /* ] */) {
        out += `${line.slice(copied, i)}"-"`;
        copied = i + 1;
      }
    } else if (code === 44 /* , */) {
      const next = line.charCodeAt(skipJsonSpace(line, i + 1));
      if (next === 125 || next === 93) {
        out += line.slice(copied, i);
        copied = i + 1;
        continue;
      }
    }
    previous = code;
  }
  return copied === 0 ? line : out + line.slice(copied);
}

/** The longest key a lookahead reads when it decides whether a quote ends a value. */
const MAX_KEY_LOOKAHEAD = 200;

/** Whether `line` holds, from `from` on, white space, `"key"`, white space and `:`: the next key of an object. */
function keyStartsAt(line: string, from: number): boolean {
  let i = skipJsonSpace(line, from);
  if (line.charCodeAt(i) !== 34 /* " */) return false;
  const limit = Math.min(line.length, i + 1 + MAX_KEY_LOOKAHEAD);
  for (i += 1; i < limit; i++) {
    const code = line.charCodeAt(i);
    if (code === 92 /* \ */) return false;
    if (code === 34) return line.charCodeAt(skipJsonSpace(line, i + 1)) === 58 /* : */;
  }
  return false;
}

/**
 * Whether the quote at `at` ends the string it is in, judged by what follows it: a key ends before
 * its `:`; an object's value before `}` or before `,` and the next key; an array's element before
 * `,` or `]`.
 */
function endsString(line: string, at: number, isKey: boolean, container: number): boolean {
  const next = skipJsonSpace(line, at + 1);
  const code = line.charCodeAt(next);
  if (isKey) return code === 58 /* : */;
  if (container === 91 /* [ */) return code === 44 /* , */ || code === 93 /* ] */;
  if (container === 123 /* { */) return code === 125 /* } */ || (code === 44 && keyStartsAt(line, next + 1));
  return next >= line.length;
}

/** The characters a JSON escape may follow its backslash with, `u` aside. */
const JSON_ESCAPED = '"\\/bfnrt';

/** Whether `line` at `at` continues a JSON escape after its backslash: `"\\/bfnrt`, or `u` and four hex digits. */
function startsJsonEscape(line: string, at: number): boolean {
  const code = line.charCodeAt(at);
  if (code !== 117 /* u */) return JSON_ESCAPED.includes(line.charAt(at)) && at < line.length;
  for (let k = at + 1; k <= at + 4; k++) {
    const hex = line.charCodeAt(k) | 32;
    if (!((hex >= 48 && hex <= 57) || (hex >= 97 && hex <= 102))) return false;
  }
  return true;
}

/**
 * Repairs quotes API Gateway wrote inside a quoted value without escaping them: it writes
 * `$context` values as they are, so `"validation":"$context.error.validationErrorString"` becomes
 * `"validation":"[object has missing required properties (["name"])]"`. A quote inside a string
 * that is not followed by what ends a string there (endsString) is escaped. One pass; each quote
 * looks ahead over white space and at most one key, so the repair stays linear.
 */
export function repairUnescapedQuotes(line: string): string {
  let out = '';
  let copied = 0;
  const containers: number[] = [];
  let expectKey = false;
  let inString = false;
  let isKey = false;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    const container = containers.at(-1) ?? 0;
    if (inString) {
      if (code === 92 /* \ */) {
        // Its backslashes too (a validator's `^\d{5}$`, a probe's `..\..\`): one that starts no JSON
        // escape is a backslash of the value.
        if (startsJsonEscape(line, i + 1)) i++;
        else {
          out += `${line.slice(copied, i)}\\\\`;
          copied = i + 1;
        }
      } else if (code === 34 /* " */) {
        if (endsString(line, i, isKey, container)) inString = false;
        else {
          out += `${line.slice(copied, i)}\\"`;
          copied = i + 1;
        }
      }
      continue;
    }
    if (code === 34) {
      inString = true;
      isKey = container === 123 && expectKey;
    } else if (code === 123 /* { */) {
      containers.push(code);
      expectKey = true;
    } else if (code === 91 /* [ */) {
      containers.push(code);
    } else if (code === 125 || code === 93) {
      containers.pop();
    } else if (code === 44 /* , */) {
      expectKey = container === 123;
    } else if (code === 58 /* : */) {
      expectKey = false;
    }
  }
  return copied === 0 ? line : out + line.slice(copied);
}
