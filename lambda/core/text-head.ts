/** Cutting text to a length in UTF-16 units without cutting a character in two. */

/**
 * The first `max` units of `text`, one fewer when the last kept would be the first half of a
 * surrogate pair (an emoji, a rare CJK character): a half alone is no character, and JSON, SNS and
 * terminals show it as garbage. One unit is read, so it costs nothing on ASCII text.
 */
export function headOf(text: string, max: number): string {
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/**
 * `text` from `start` on, one unit later when `start` would fall on the second half of a surrogate
 * pair: an excerpt then opens on a whole character.
 */
export function tailFrom(text: string, start: number): string {
  const first = text.charCodeAt(start);
  return text.slice(first >= 0xdc00 && first <= 0xdfff ? start + 1 : start);
}

const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/g;

/**
 * `text` as a name AWS takes only in printable ASCII (a metric's dimension value, an SNS message
 * attribute): each other UTF-16 unit as `?` (a half of a surrogate pair included, so the result is
 * well-formed), at most `max` units, and `blank` when nothing but spaces is left (neither takes an
 * empty value). One character per unit, so cutting first costs nothing on a huge name.
 */
export function printableAscii(text: string, max: number, blank: string): string {
  const ascii = text.slice(0, max).replace(NOT_PRINTABLE_ASCII, '?');
  return ascii.trim() === '' ? blank : ascii;
}

/** How much of an unparsed line its sample keeps, for the user to recognise it. */
const SAMPLE_CHARS = 200;

/**
 * An unparsed line's sample: its first 200 units, marked cut when the line went on (the report
 * redacts a cut sample so), with `mark` after a cut one (the parser's `…`).
 */
export function sampleOf(text: string, mark = ''): { readonly sample: string; readonly cut?: true } {
  return text.length > SAMPLE_CHARS
    ? { sample: `${headOf(text, SAMPLE_CHARS)}${mark}`, cut: true }
    : { sample: text };
}
