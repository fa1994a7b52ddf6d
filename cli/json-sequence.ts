/**
 * JSON documents written one after another: two `aws logs filter-log-events` outputs saved with `>>`,
 * `cat`ted exports, a payload pasted twice. JSON.parse reads one value only, so such a text is no
 * document to it; this finds where each top-level value ends and parses each on its own.
 */

import { InputError } from './input-error';

/**
 * The most documents one input may hold one after another: `cat` over a folder of exports stays far
 * below it; more are refused with a message, not read as raw text where their lines mean nothing.
 */
export const MAX_DOCUMENTS = 10_000;

/**
 * The index after the bracket that closes the `{` or `[` at `from`, or -1 when it never closes. Only
 * brackets are counted: strings (escapes included) are skipped, so a brace in a message is none, and
 * JSON.parse judges the rest.
 */
export function valueEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i = stringEnd(text, i + 1);
      if (i < 0) return -1;
    } else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The index of the quote that ends the string whose text starts at `from`, or -1. */
function stringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34 /* " */) return i;
  }
  return -1;
}

/** Whether a character opens an object or an array. */
export function opensValue(c: number): boolean {
  return c === 123 /* { */ || c === 91 /* [ */;
}

/** The index of the first character at or after `from` that is not JSON white space. */
export function skipSpace(text: string, from: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
  }
  return i;
}

/**
 * The values of a text that is two or more JSON objects or arrays one after another (with or without
 * white space between), each accepted by `accept`; undefined when the text is anything else; an
 * InputError past MAX_DOCUMENTS accepted ones. The first
 * value is judged before the next is looked for, so a file of JSON access lines costs its first line,
 * and one value alone, or with text after it, is never parsed.
 */
export function jsonSequence(text: string, accept: (value: unknown) => boolean): unknown[] | undefined {
  const values: unknown[] = [];
  let at = skipSpace(text, 0);
  while (at < text.length) {
    if (values.length === MAX_DOCUMENTS) throw tooManyDocuments();
    if (!opensValue(text.charCodeAt(at))) return undefined;
    const end = valueEnd(text, at);
    if (end < 0) return undefined;
    // One document alone, or one with text after it, is no sequence: the reader before has parsed it
    // already, and a large one (an Insights result copied as a JSON array) parsed again would cost
    // its time and memory twice. Both are told from the character after it, before parsing.
    const next = skipSpace(text, end);
    if (next === text.length ? values.length === 0 : !opensValue(text.charCodeAt(next))) return undefined;
    const value = parsed(text.slice(at, end));
    if (value === undefined || !accept(value)) return undefined;
    values.push(value);
    at = next;
  }
  return values.length >= 2 ? values : undefined;
}

/** The refusal of an input past MAX_DOCUMENTS documents. */
export function tooManyDocuments(): InputError {
  return new InputError(
    `more than ${MAX_DOCUMENTS.toLocaleString('en-US')} JSON documents one after another`,
    'split the input, e.g. run apigw-errors classify on each export or on the folder that holds them',
  );
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
