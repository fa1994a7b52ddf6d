/**
 * Where and how a text JSON.parse refused breaks JSON's grammar, said without quoting it. V8's own
 * messages quote a window of the input (`Unexpected token 'g', ..."auth":ghp_SYNTHE"... is not valid
 * JSON`), and a corrupt delivery's bytes may be a secret; they also differ between Node.js versions.
 * Run only on the failure path: a delivery that parses never pays for this second pass.
 */

/** A break in JSON's grammar: the UTF-16 index JSON.parse would count, and what was wrong there. */
export interface JsonFault {
  readonly position: number;
  readonly problem: string;
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
/** Characters a JSON string may follow a backslash with (`u` is checked on its own). */
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'].map((c) => c.charCodeAt(0)));
/** JSON's punctuation: naming it quotes grammar, not data. */
const PUNCTUATION = new Set(['{', '}', '[', ']', ':', ',', '"'].map((c) => c.charCodeAt(0)));
const LITERALS = ['true', 'false', 'null'] as const;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** What a character is, by kind only: a letter of a token is as secret as the token. */
function kindOf(c: number): string {
  if (PUNCTUATION.has(c)) return `'${String.fromCharCode(c)}'`;
  if (isDigit(c)) return 'a digit';
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return 'a letter';
  if (c < 0x20 || c === 0x7f) return 'a control character';
  if (c > 0x7f) return 'a non-ASCII character';
  return 'a symbol';
}

/** Where a grammar step expects something else, or the text ends before the value does. */
function unexpected(text: string, at: number, expected: string): JsonFault {
  const found = at < text.length ? kindOf(text.charCodeAt(at)) : 'the end of the text';
  return { position: at, problem: `expected ${expected}, found ${found}` };
}

/** The index after the string whose opening quote is at `at`, or the fault inside it. */
function stringEnd(text: string, at: number): number | JsonFault {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { position: i, problem: 'a control character inside a string (not escaped)' };
    if (c !== 0x5c) continue;
    const next = text.charCodeAt(i + 1);
    if (next === 0x75 /* u */) {
      for (let h = i + 2; h < i + 6; h++) {
        if (!isHex(text.charCodeAt(h)))
          return { position: i, problem: 'a \\u escape without four hex digits' };
      }
      i += 5;
    } else if (ESCAPES.has(next)) i++;
    else return { position: i, problem: 'a backslash escape JSON does not define' };
  }
  return { position: at, problem: 'a string that never ends' };
}

/** The index after the digits from `at`, or -1 when there is none. */
function digitsEnd(text: string, at: number): number {
  let i = at;
  while (isDigit(text.charCodeAt(i))) i++;
  return i > at ? i : -1;
}

/** The index after the number starting at `at` (a `-` or a digit), or the fault inside it. */
function numberEnd(text: string, at: number): number | JsonFault {
  let i = text.charCodeAt(at) === 0x2d ? at + 1 : at;
  if (text.charCodeAt(i) === 0x30) i++;
  else {
    const end = digitsEnd(text, i);
    if (end < 0) return unexpected(text, i, "a digit after '-'");
    i = end;
  }
  if (text.charCodeAt(i) === 0x2e) {
    const end = digitsEnd(text, i + 1);
    if (end < 0) return unexpected(text, i + 1, 'a digit after the decimal point');
    i = end;
  }
  if ((text.charCodeAt(i) | 0x20) === 0x65 /* e, E */) {
    i++;
    if (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d) i++;
    const end = digitsEnd(text, i);
    if (end < 0) return unexpected(text, i, 'a digit in the exponent');
    i = end;
  }
  return i;
}

/** The index after the value starting at `at` when it is a scalar, or the fault there. */
function scalarEnd(text: string, at: number): number | JsonFault {
  const c = text.charCodeAt(at);
  if (c === 0x22) return stringEnd(text, at);
  if (c === 0x2d || isDigit(c)) return numberEnd(text, at);
  const literal = LITERALS.find((word) => word.charCodeAt(0) === c);
  if (literal === undefined) return unexpected(text, at, 'a value');
  for (let k = 1; k < literal.length; k++) {
    if (text.charCodeAt(at + k) !== literal.charCodeAt(k))
      return unexpected(text, at + k, `the rest of ${literal}`);
  }
  return at + literal.length;
}

/** The containers a value may be inside, as the stack of open ones records them. */
const CONTAINER = { array: 0, object: 1 } as const;
type Container = (typeof CONTAINER)[keyof typeof CONTAINER];

/**
 * The first break in JSON's grammar in `text`, or undefined when there is none. Iterative, as
 * JSON.parse is, so a deeply nested text cannot overflow the stack.
 */
export function jsonFault(text: string): JsonFault | undefined {
  const open: Container[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (SPACE.has(text.charCodeAt(i))) i++;
  };
  for (;;) {
    // A value is expected at i.
    skipSpace();
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      i++;
      skipSpace();
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (text.charCodeAt(i) !== close) {
        open.push(c === 0x7b ? CONTAINER.object : CONTAINER.array);
        if (c === 0x7b) {
          const key = memberKey(text, i);
          if (typeof key !== 'number') return key;
          i = key;
        }
        continue;
      }
      i++;
    } else {
      const end = scalarEnd(text, i);
      if (typeof end !== 'number') return end;
      i = end;
    }
    // A value ended at i: close what it ends, then a `,` asks for the next.
    for (;;) {
      skipSpace();
      const inside = open.at(-1);
      if (inside === undefined) {
        return i < text.length ? unexpected(text, i, 'the end of the text after the JSON value') : undefined;
      }
      const after = text.charCodeAt(i);
      if (after === 0x2c) {
        i++;
        if (inside === CONTAINER.object) {
          skipSpace();
          const key = memberKey(text, i);
          if (typeof key !== 'number') return key;
          i = key;
        }
        break;
      }
      if (after === (inside === CONTAINER.object ? 0x7d : 0x5d)) {
        open.pop();
        i++;
        continue;
      }
      return unexpected(
        text,
        i,
        inside === CONTAINER.object
          ? "',' or '}' after a property value"
          : "',' or ']' after an array element",
      );
    }
  }
}

/** The index after a member's key and its colon, starting at the key's quote, or the fault there. */
function memberKey(text: string, at: number): number | JsonFault {
  if (text.charCodeAt(at) !== 0x22) return unexpected(text, at, 'a property name in double quotes');
  const end = stringEnd(text, at);
  if (typeof end !== 'number') return end;
  let i = end;
  while (SPACE.has(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 0x3a) return unexpected(text, i, "':' after a property name");
  return i + 1;
}
