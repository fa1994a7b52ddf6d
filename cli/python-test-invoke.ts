/**
 * boto3's `test_invoke_method` (or `test_invoke_authorizer`) response as Python prints it
 * (`print(response)`, a notebook cell's output): a dict's repr, not JSON. Its strings are in single
 * quotes, or in double quotes when they hold a single quote and no double one, with Python's escapes.
 * Its `log` and `status` (`clientStatus` for an authorizer) are read as the CLI's JSON output's are.
 */

const HEADER = 'Execution log for request ';
/** The `log` key, its string's opening quote, and the header every test-invoke log starts with. */
const LOG_KEY = /'log': (['"])Execution log for request /;
/** A top-level status key of the response (`HTTPStatusCode` in its metadata is boto3's own). */
const STATUS_KEY = /'(status|clientStatus)': (\d{1,3})\b/;

/** Python's one-character escapes in a string literal's repr. */
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** The string whose text starts at `from` and ends at the next unescaped `quote`: its value and end. */
function pythonString(text: string, from: number, quote: string): { value: string; end: number } | undefined {
  const parts: string[] = [];
  let chunk = from;
  for (let at = from; at < text.length; at++) {
    const c = text[at];
    if (c === quote) {
      parts.push(text.slice(chunk, at));
      return { value: parts.join(''), end: at + 1 };
    }
    if (c !== '\\') continue;
    parts.push(text.slice(chunk, at));
    const kind = text[at + 1] ?? '';
    const hex = HEX_LENGTH[kind];
    if (hex !== undefined) {
      const code = Number.parseInt(text.slice(at + 2, at + 2 + hex), 16);
      if (!/^[0-9a-fA-F]+$/.test(text.slice(at + 2, at + 2 + hex)) || code > 0x10ffff) return undefined;
      parts.push(String.fromCodePoint(code));
      at += 1 + hex;
    } else {
      // An unknown escape stays as written, as Python keeps it.
      parts.push(ESCAPES[kind] ?? `\\${kind}`);
      at += 1;
    }
    chunk = at + 1;
  }
  return undefined;
}

/** The test-invoke output a printed Python dict holds, if the line is one with an execution log. */
export function pythonTestInvoke(
  line: string,
): { log: string; status?: number; clientStatus?: number } | undefined {
  if (!line.startsWith("{'")) return undefined;
  const key = LOG_KEY.exec(line);
  if (key === null) return undefined;
  const from = key.index + key[0].length - HEADER.length;
  const log = pythonString(line, from, key[1] ?? "'");
  if (log === undefined) return undefined;
  // The status is a key of the response, not text inside its log.
  const status = STATUS_KEY.exec(line.slice(0, key.index)) ?? STATUS_KEY.exec(line.slice(log.end));
  if (status === null) return undefined;
  const value = Number(status[2]);
  return status[1] === 'clientStatus'
    ? { log: log.value, clientStatus: value }
    : { log: log.value, status: value };
}
