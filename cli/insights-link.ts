/**
 * The query detail of a CloudWatch Logs Insights console URL
 * (`…#logsV2:logs-insights$3FqueryDetail$3D~(end~0~start~-3600~timeType~'RELATIVE~unit~'seconds~…~source~(~'*2faws*2f…))`):
 * what a user pastes as `--log-group` after looking at the logs in Logs Insights. The detail is an
 * object in the console's JSURL-like notation: `~(key~value~key~value)` an object, `~(~value~value)`
 * a list, `~'text` a string (`*2f` for `/`, `**20ac` for a character beyond a byte, `!` for `$`),
 * `~-3600` a number, `~false` a word. The console encodes the whole once more, twice, `$` for `%`,
 * when it copies the URL; hand-built links often leave that out.
 */

/** A value of the notation. */
export type DetailValue =
  | string
  | number
  | boolean
  | null
  | readonly DetailValue[]
  | { readonly [key: string]: DetailValue };

/** After `#logsV2:logs-insights` (or the older `#logs-insights:`), up to the end of the URL. */
const INSIGHTS_FRAGMENT = /#logs(?:V2:logs-insights|-insights:)(.*)$/s;

/** Where the detail starts once its layers of encoding are off. */
const DETAIL_START = /^[?:]?queryDetail=(?=~\()/;

/** Deeper than any detail the console writes; a bound on the reader's recursion. */
const MAX_DEPTH = 16;

/**
 * The query detail of a Logs Insights console URL, or undefined when the URL is none or its
 * detail does not read: anything after the detail (the console's `&tab=logs`) is ignored.
 */
export function insightsDetail(url: string): DetailValue | undefined {
  let text = INSIGHTS_FRAGMENT.exec(url)?.[1];
  if (text === undefined) return undefined;
  // Three layers at most: `$3F…$3D` once, the console's copy twice more.
  for (let pass = 0; pass <= 3; pass++) {
    const start = DETAIL_START.exec(text);
    if (start !== null) return readDetail(text.slice(start[0].length));
    if (pass === 3) return undefined;
    try {
      const decoded = decodeURIComponent(text.replaceAll('$', '%'));
      if (decoded === text) return undefined;
      text = decoded;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

class Unreadable extends Error {}

/** The value the text starts with, or undefined when it is not one. */
export function readDetail(text: string): DetailValue | undefined {
  let at = 0;
  const fail = (): never => {
    throw new Unreadable();
  };
  const expect = (char: string) => {
    if (text[at] !== char) fail();
    at += 1;
  };
  // A string or key runs to the next `~` or `)`.
  const word = (): string => {
    let out = '';
    while (at < text.length && text[at] !== '~' && text[at] !== ')') {
      const char = text[at] as string;
      if (char === '!') {
        out += '$';
        at += 1;
      } else if (char === '*') {
        const wide = text[at + 1] === '*';
        const hex = wide ? text.slice(at + 2, at + 6) : text.slice(at + 1, at + 3);
        if (!(wide ? /^[0-9a-f]{4}$/i : /^[0-9a-f]{2}$/i).test(hex)) fail();
        out += String.fromCharCode(Number.parseInt(hex, 16));
        at += wide ? 6 : 3;
      } else {
        out += char;
        at += 1;
      }
    }
    return out;
  };
  const value = (depth: number): DetailValue => {
    if (depth > MAX_DEPTH) fail();
    expect('~');
    const first = text[at];
    if (first === "'") {
      at += 1;
      return word();
    }
    if (first === '(') {
      at += 1;
      if (text[at] === '~') {
        const list: DetailValue[] = [];
        // `~(~)` is an empty list.
        if (text[at + 1] === ')') at += 1;
        else while (text[at] === '~') list.push(value(depth + 1));
        expect(')');
        return list;
      }
      const object: Record<string, DetailValue> = {};
      while (text[at] !== ')') {
        const key = word();
        // Defined, not assigned: a `__proto__` key would set the object's prototype, and with it
        // fields (`source`) the URL never gave.
        Object.defineProperty(object, key, {
          value: value(depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        if (text[at] === '~') at += 1;
        else if (text[at] !== ')') fail();
      }
      expect(')');
      return object;
    }
    const plain = word();
    if (/^-?\d+(?:\.\d+)?$/.test(plain)) return Number(plain);
    if (plain === 'true') return true;
    if (plain === 'false') return false;
    if (plain === 'null') return null;
    return fail();
  };
  try {
    return value(0);
  } catch (error) {
    if (error instanceof Unreadable) return undefined;
    throw error;
  }
}
