/**
 * Evidence helpers shared by every rule: a match's constructors (certain, likely), the search for a
 * phrase in a request's messages and access-log fields, and the clipping and excerpting that keep
 * each piece of evidence one short, redacted line.
 */
import type { Facts } from '../facts';
import { redact } from '../redact';
import type { Cause } from '../taxonomy';
import { headOf, tailFrom } from '../text-head';
import { CONFIDENCE } from '../types';
import type { RuleMatch } from './rule';

const MAX_EVIDENCE_CHARS = 200;

/**
 * What clip's whitespace folding would change: a whitespace other than a space, a run of two, or
 * one at either end (trim removes exactly what \s matches). Most evidence has none, and one search
 * costs less than the replace and trim that would copy it unchanged.
 */
const FOLDABLE_WHITESPACE = /[^\S ]|\s\s|^\s|\s$/;

/** Evidence as one line of at most MAX_EVIDENCE_CHARS, cut between characters, never inside an emoji. */
export function clip(text: string): string {
  const oneLine = FOLDABLE_WHITESPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
  return oneLine.length > MAX_EVIDENCE_CHARS ? `${headOf(oneLine, MAX_EVIDENCE_CHARS)}…` : oneLine;
}

/**
 * Evidence as it leaves: secrets removed first, then cut to one short line, since a secret cut in
 * half (a JWT without its last segment) no longer looks like one.
 */
export function shown(text: string): string {
  return clip(redact(text));
}

export function certain(cause: Cause, ...evidence: string[]): RuleMatch {
  return { cause, confidence: CONFIDENCE.certain, evidence: evidence.map(shown) };
}

export function likely(cause: Cause, ...evidence: string[]): RuleMatch {
  return { cause, confidence: CONFIDENCE.likely, evidence: evidence.map(shown) };
}

/**
 * True when `pattern` may match one of the messages joined (by newlines) in `joined`. A match in one
 * message is also a match in the joined text once ^ and $ may match at line breaks (the multiline
 * flag): the same characters, with a newline, like a string edge, around them. So a miss on the
 * joined text rules out every message with one search instead of one per message. Patterns with
 * look-arounds (which could see a neighbouring message) are always searched message by message.
 */
export function mayMatchSomeMessage(pattern: RegExp, joined: string): boolean {
  const search = joinedSearch(pattern);
  return search === undefined || search.test(joined);
}

const JOINED_SEARCH = new Map<RegExp, RegExp | undefined>();

function joinedSearch(pattern: RegExp): RegExp | undefined {
  if (JOINED_SEARCH.has(pattern)) return JOINED_SEARCH.get(pattern);
  const safe = !pattern.global && !pattern.sticky && !/\(\?<?[=!]/.test(pattern.source);
  const search = safe ? new RegExp(pattern.source, `${pattern.flags.replace('m', '')}m`) : undefined;
  JOINED_SEARCH.set(pattern, search);
  return search;
}

/**
 * What the integration answered, as the trail shows it: its response headers and body, and the
 * method response API Gateway mapped from them. Words there are the backend's.
 */
const INTEGRATION_ANSWER = /^(?:Endpoint|Method) response (?:body|headers)/;

/**
 * The first execution message matching `pattern`, or the access-log text field that does; a text
 * that also matches `unless` does not count, nor, with `notInTheAnswer`, a message of what the
 * integration answered (INTEGRATION_ANSWER).
 */
export function find(
  facts: Facts,
  pattern: RegExp,
  unless?: RegExp,
  notInTheAnswer = false,
): string | undefined {
  if (facts.evidenceMessages.length > 0 && mayMatchSomeMessage(pattern, facts.evidenceText)) {
    for (const message of facts.evidenceMessages) {
      if (!isHit(message, pattern, unless)) continue;
      if (notInTheAnswer && INTEGRATION_ANSWER.test(message)) continue;
      // Redacted before the excerpt, which may cut the message in the middle of a secret.
      return excerpt(redact(message), pattern);
    }
  }
  // The access-log text fields, in this order.
  if (isHit(facts.errorMessage, pattern, unless)) return facts.errorMessage;
  if (isHit(facts.integrationError, pattern, unless)) return facts.integrationError;
  if (isHit(facts.authorizerError, pattern, unless)) return facts.authorizerError;
  return undefined;
}

/** A module-level function, not a closure per call: `find` runs for every phrase rule on every failure. */
export function isHit(text: string | undefined, pattern: RegExp, unless: RegExp | undefined): text is string {
  return text !== undefined && pattern.test(text) && !(unless?.test(text) ?? false);
}

/** Every execution message matching `pattern`, then every access-log text field that does, in find's order. */
export function findAll(facts: Facts, pattern: RegExp): string[] {
  const hits: string[] = [];
  if (mayMatchSomeMessage(pattern, facts.evidenceText))
    for (const message of facts.evidenceMessages) addHit(hits, message, pattern);
  addHit(hits, facts.errorMessage, pattern);
  addHit(hits, facts.integrationError, pattern);
  addHit(hits, facts.authorizerError, pattern);
  return hits;
}

/** A module-level function, not a closure per call, as isHit is for `find`. */
function addHit(hits: string[], text: string | undefined, pattern: RegExp): void {
  if (text !== undefined && pattern.test(text)) hits.push(excerpt(redact(text), pattern));
}

/** Letters, digits, `-` and `_`: the characters of an id or a name a cut would split. */
function isWordCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 45 ||
    code === 95
  );
}

/** The most of a cut word an excerpt drops to open on a whole one: a UUID's rest, not a host name. */
const MAX_WORD_REST = 24;

/**
 * Where an excerpt starting at `start` opens on a whole word: past the rest of a word the window
 * cut, and the ", " or " " after it, when that rest is short and ends before the match at `at`. The
 * words just before the match stay ("table orders-archive: ProvisionedThroughputExceeded…").
 */
function wordStart(message: string, start: number, at: number): number {
  if (start === 0 || !isWordCode(message.charCodeAt(start - 1))) return start;
  const limit = Math.min(at, start + MAX_WORD_REST);
  let end = start;
  while (end < limit && isWordCode(message.charCodeAt(end))) end++;
  if (end === limit && end < at) return start;
  if (message.charCodeAt(end) === 44 && message.charCodeAt(end + 1) === 32) end += 2;
  else if (message.charCodeAt(end) === 32) end++;
  return end <= at ? end : start;
}

/**
 * Keeps the part of a long message around the match, so a 1 KiB body becomes a readable phrase,
 * opening on a whole word: a cut request id ("…1e8-bf58-f5dde8cf91a3, x-amzn-ErrorType=…") would
 * read as a value of its own.
 */
export function excerpt(message: string, pattern: RegExp): string {
  if (message.length <= MAX_EVIDENCE_CHARS) return message;
  const at = message.search(pattern);
  if (at < 0) return message;
  const head = headOf(message, Math.min(message.indexOf(':') + 1 || 40, 60));
  const start = wordStart(message, Math.max(0, at - 40), at);
  return start <= head.length ? message : `${head} …${tailFrom(message, start)}`;
}
