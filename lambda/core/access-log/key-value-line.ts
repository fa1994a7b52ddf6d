/**
 * Reads `key: value, …` lines (the Serverless Framework's default) and space-joined `key=value`
 * lines, with the guards that keep another program's logfmt and a key forged by a caller's text out.
 */

import { ACCESS_LOG_FORMAT, type AccessLogRecord, UNPARSED_REASON } from '../types';
import type { AccessParse } from './access-parse';
import { AT, normaliseKey, slotOf } from './key-slots';
import { recordFromFields } from './record-builder';
import { GATEWAY_ID } from './request-ids';

/** Each `key: ` of a `key: value, key: value` line: a name at the start or after a comma, then ": ". */
const KEY_VALUE_KEY = /(?:^|,\s*)([A-Za-z_$][\w.$-]*): /g;
export const KEY_VALUE_START = /^[A-Za-z_$][\w.$-]*: /;
/** Fewer pairs than this is more likely a message with a colon than an access-log line. */
const MIN_KEY_VALUE_PAIRS = 3;

/**
 * `requestId: $context.requestId, ip: …, status: $context.status, …`: the Serverless Framework's
 * default access-log format, also common in CDK examples. A value runs to the comma before the next
 * key, so a value that holds ", key: " is cut there.
 */
export function parseKeyValue(line: string): AccessParse | undefined {
  if (!KEY_VALUE_START.test(line)) return undefined;
  const keys = [...line.matchAll(KEY_VALUE_KEY)];
  if (keys.length < MIN_KEY_VALUE_PAIRS) return undefined;
  const pairs = keys.map((match, i): [string, unknown] => {
    const next = keys[i + 1];
    const end = next?.index ?? line.length;
    return [match[1] ?? '', line.slice(match.index + match[0].length, end).trim()];
  });
  const kept = withoutRepeatedKeys(pairs);
  const record = recordFromFields(ACCESS_LOG_FORMAT.keyValue, kept);
  if (statusDropped(record, pairs, kept)) return { ok: false, reason: UNPARSED_REASON.statusUnread };
  return record ? { ok: true, record } : undefined;
}

/** Whether a key names the status the client got (`status`, `methodStatus`, …). */
function isStatusKey(key: string): boolean {
  const slot = slotOf(key);
  return slot !== undefined && (slot.index === AT.status || slot.index === AT.methodStatus);
}

/**
 * Whether the line logs a status that was not read because it came twice with two values
 * (withoutRepeatedKeys dropped it): then the record, read without it, would be a request that did not
 * fail. Looked at only when no status was read, which a success line never is.
 */
function statusDropped(
  record: AccessLogRecord | undefined,
  pairs: readonly (readonly [string, unknown])[],
  kept: readonly (readonly [string, unknown])[],
): boolean {
  if (record?.status !== undefined || kept.length === pairs.length) return false;
  return pairs.some(([key]) => isStatusKey(key)) && !kept.some(([key]) => isStatusKey(key));
}

/** Up to this many pairs, repeated keys are looked for pair by pair; beyond it, with a Set. */
const MAX_PAIRWISE_KEYS = 32;

/**
 * The pairs without any whose key the line has twice with different values. A value runs to the next
 * key, so a caller's header text logged in it (`$context.identity.userAgent`: `x,
 * integrationErrorMessage: …` or `x integrationErrorMessage=…`) can add a pair; when the format logs
 * that key too, one of the two is forged and nothing tells which, so neither is read. (A key the
 * format does not log cannot be told so: docs/limits.md.) The same value twice (a format naming a
 * variable twice) forged nothing that differs: it is read once. Most lines repeat no key and are
 * returned as they are.
 */
function withoutRepeatedKeys(pairs: [string, unknown][]): [string, unknown][] {
  if (!hasRepeatedKey(pairs)) return pairs;
  const firstValue = new Map<string, unknown>();
  const differing = new Set<string>();
  for (const [key, value] of pairs) {
    if (!firstValue.has(key)) firstValue.set(key, value);
    else if (firstValue.get(key) !== value) differing.add(key);
  }
  const kept: [string, unknown][] = [];
  const taken = new Set<string>();
  for (const pair of pairs) {
    if (differing.has(pair[0]) || taken.has(pair[0])) continue;
    taken.add(pair[0]);
    kept.push(pair);
  }
  return kept;
}

/** Whether a key comes twice, told without allocating for the few keys a line has. */
function hasRepeatedKey(pairs: readonly (readonly [string, unknown])[]): boolean {
  if (pairs.length > MAX_PAIRWISE_KEYS) return new Set(pairs.map(([key]) => key)).size < pairs.length;
  for (let i = 1; i < pairs.length; i++) {
    const key = pairs[i]?.[0];
    for (let j = 0; j < i; j++) if (pairs[j]?.[0] === key) return true;
  }
  return false;
}

/**
 * Each `key=` of a `key=value key=value` line: a name at the start or after a space, then `=`, maybe
 * with a space either side (`integrationErrorMessage = $context.integrationErrorMessage`).
 */
const SPACED_KEY = /(?:^| )([A-Za-z_][\w.]*)( ?)=( ?)/g;
export const SPACED_KEY_START = /^[A-Za-z_][\w.]* ?= ?/;

/**
 * Fields whose values are messages, which may hold ` word=` text of their own. Not the response type:
 * it is one word (`MISSING_AUTHENTICATION_TOKEN`).
 */
const MESSAGE_FIELDS: ReadonlySet<number> = new Set([
  AT.errorMessage,
  AT.genericMessage,
  AT.integrationError,
  AT.authorizerError,
  AT.wafError,
]);

/** A key written as a format names a variable: more than one word (`userAgent`, `identity.sourceIp`, `source_ip`). */
const COMPOUND_KEY = /^.[^A-Z._]*[A-Z._]/;

/**
 * The one-word keys of AWS's own JSON presets (`"ip": "$context.identity.sourceIp", "caller": …,
 * "user": …, "protocol": …`) that the access table does not read: a format copied from the preset
 * names its variables so, and such a key after a message starts a pair as a compound one does.
 */
const PRESET_WORD_KEYS: ReadonlySet<string> = new Set(['ip', 'caller', 'user', 'protocol']);

/**
 * The ` key=` matches (SPACED_KEY) that start a pair. A key written with spaces around its `=` starts
 * one only when the access table knows it: in a message, ` x = y` is prose. Inside a message value
 * (MESSAGE_FIELDS, not a `-`), an unknown key starts one only when it is compound, as formats name
 * variables, or one of the presets' own words (PRESET_WORD_KEYS): API Gateway's own messages hold
 * single words before `=` ("Invalid key=value pair (missing equal-sign) in Authorization header", a
 * SigV4 message's appended `Authorization=…`). A message's value opening with `"` (a quoted
 * $context.error.messageString) runs to its closing quote, the first `"` before a space or the
 * line's end. Another field's (a route key, a User-Agent the format quotes) runs to one only before
 * ` key=` or the line's end with no `="` first (fieldClosingQuote); else its quote is the caller's and
 * hides nothing. Not to the line's last such quote: logfmt quotes every value with a space, so a line
 * holds several quoted values, and the fields between them are the format's own. A caller's `"` in a
 * quoted User-Agent can still end it early (`x" status=500 z="y`); a field so forged that the format
 * also logs is a repeated key, which is not read (withoutRepeatedKeys); docs/limits.md says the rest.
 */
function spacedKeys(line: string): SpacedKeys {
  const keys: RegExpExecArray[] = [];
  let statusHidden = false;
  let inMessage = false;
  let quotedTo = -1;
  let quotedField = false;
  let unclosed = false;
  let fieldUnclosed = false;
  for (const match of line.matchAll(SPACED_KEY)) {
    if (match.index < quotedTo) {
      // A message's text may say `status=`; inside a quoted header value it may be the format's own.
      if (quotedField && !statusHidden) statusHidden = isStatusKey(match[1] ?? '');
      continue;
    }
    const key = match[1] ?? '';
    const slot = slotOf(key);
    if (
      slot === undefined &&
      (match[2] !== '' ||
        match[3] !== '' ||
        (inMessage && !COMPOUND_KEY.test(key) && !PRESET_WORD_KEYS.has(key)))
    )
      continue;
    keys.push(match as RegExpExecArray);
    const valueAt = match.index + match[0].length;
    const opening = line.charCodeAt(valueAt);
    const message = slot !== undefined && MESSAGE_FIELDS.has(slot.index);
    inMessage = message && !(opening === 45 /* - */ && line.charCodeAt(valueAt + 1) === 32);
    if (message && opening === 34 /* " */ && !unclosed) {
      quotedTo = closingQuote(line, valueAt + 1);
      quotedField = false;
      // None closes here, so none further on: later quotes are not searched again (a line of many
      // `k="` stays linear).
      unclosed = quotedTo < 0;
    } else if (!message && opening === 34 /* " */ && !fieldUnclosed) {
      const closing = fieldClosingQuote(line, valueAt + 1);
      if (closing >= 0) {
        quotedTo = closing;
        quotedField = true;
      }
      fieldUnclosed = closing === -2;
    }
  }
  return { keys, statusHidden };
}

/** The ` key=` matches that start a pair, and whether a status key was hidden inside a quoted field. */
interface SpacedKeys {
  readonly keys: RegExpExecArray[];
  readonly statusHidden: boolean;
}

const KEY_AFTER_QUOTE = /[A-Za-z_][\w.]* ?=/y;

/**
 * Where the `"` closing a quoted field that is no message is: the first unescaped one before ` key=`
 * or the line's end, so a caller's ` key=` text inside a User-Agent the format quotes is no pair. -1 when a `="` (a
 * value opening) comes first: then the opening quote was the caller's, as in a UA of `"x`; the next
 * search starts there. -2 when none closes up to the line's end, so none further on does either.
 */
function fieldClosingQuote(line: string, from: number): number {
  for (let at = line.indexOf('"', from); at >= 0; at = line.indexOf('"', at + 1)) {
    if (isEscaped(line, at)) continue;
    const before = line.charCodeAt(at - 1);
    if (before === 61 /* = */ || (before === 32 && line.charCodeAt(at - 2) === 61)) return -1;
    if (at + 1 === line.length) return at;
    KEY_AFTER_QUOTE.lastIndex = at + 2;
    if (line.charCodeAt(at + 1) === 32 && KEY_AFTER_QUOTE.test(line)) return at;
  }
  return -2;
}

/**
 * Whether the character at `at` follows an odd run of backslashes: API Gateway writes a caller's `"`
 * as `\"` (docs/limits.md), which is inside the value, never its close (`\\"` is a backslash, then one).
 */
function isEscaped(line: string, at: number): boolean {
  let slashes = 0;
  while (line.charCodeAt(at - 1 - slashes) === 92 /* \ */) slashes++;
  return slashes % 2 === 1;
}

/**
 * Where the `"` that closes a quoted value is: the first unescaped one at the line's end or before a
 * space (-1: none). A message may quote the caller (a validator's echo of the body), whose `"`
 * API Gateway writes `\"`: as in fieldClosingQuote, that one is inside the value.
 */
function closingQuote(line: string, from: number): number {
  let at = line.indexOf('"', from);
  while (at >= 0 && at + 1 < line.length && (line.charCodeAt(at + 1) !== 32 || isEscaped(line, at)))
    at = line.indexOf('"', at + 1);
  return at;
}

/**
 * `key=$context.x` pairs joined by spaces: CDK stages that build their format as
 * `['requestId=$context.requestId', 'status=$context.status', …].join(' ')` (public code search ids
 * 57100903267, 56693388350), also written `key = $context.x`. Values hold spaces (a request time, a
 * route key, an error message), so a value runs to the next ` key=` that starts a pair (spacedKeys),
 * as parseKeyValue's runs to the next `, key: `. Ordinary text holding `a=b` words is no access line: it
 * needs as many pairs as parseKeyValue, one of them a key the table knows, and a status or other
 * access-log evidence (recordFromFields).
 */
export function parseSpacedKeyValue(line: string): AccessParse | undefined {
  if (!SPACED_KEY_START.test(line)) return undefined;
  const { keys, statusHidden } = spacedKeys(line);
  if (keys.length < MIN_KEY_VALUE_PAIRS || !keys.some((match) => slotOf(match[1] ?? '') !== undefined))
    return undefined;
  const pairs = keys.map((match, i): [string, unknown] => {
    const next = keys[i + 1];
    const end = next?.index ?? line.length;
    return [match[1] ?? '', line.slice(match.index + match[0].length, end).trim()];
  });
  if (!isGatewayLine(pairs)) return undefined;
  const kept = withoutRepeatedKeys(pairs);
  const record = recordFromFields(ACCESS_LOG_FORMAT.keyValue, kept);
  if (record?.status === undefined && (statusHidden || statusDropped(record, pairs, kept)))
    return { ok: false, reason: UNPARSED_REASON.statusUnread };
  return record ? { ok: true, record } : undefined;
}

/**
 * logfmt's own keys (Go's log/slog and go-kit, logrus, Heroku's router: `time= level= msg=`, `ts=`,
 * `at=error code=H12`), which no `$context` variable is named: a line holding one is another
 * program's log. (Not `caller`, which names `$context.identity.caller` too.)
 */
const LOGFMT_KEYS: ReadonlySet<string> = new Set(['level', 'msg', 'at', 'ts']);
const MAX_LOGFMT_KEY = 5;

/**
 * Names (as normaliseKey writes them, a leading `context` removed as isGatewayLine does) only API Gateway's formats use: `$context` variables and
 * the access table's spellings of them that an application's own log would not write. Not `status`,
 * `method`, `path`, `latency`, `error` or `message`: every HTTP server's logfmt has those; nor
 * `xrayTraceId`, which every application X-Ray traces logs beside its own request id and status.
 */
const GATEWAY_NAMES: ReadonlySet<string> = new Set([
  'extendedrequestid',
  'apiid',
  'restapiid',
  'domainname',
  'httpmethod',
  'requesttime',
  'requesttimeepoch',
  'resourcepath',
  'resourceid',
  'routekey',
  'responselatency',
  'responselatencyms',
  'responselength',
  'integrationlatency',
  'integrationlatencyms',
  'integrationstatus',
  'integrationintegrationstatus',
  'integrationerror',
  'integrationerrormessage',
  'integrationrequestid',
  'errormessage',
  'errormessagestring',
  'errorresponsetype',
  'authorizererror',
  'authorizerstatus',
  'authorizerlatency',
  'authorizerintegrationstatus',
  'authorizeerror',
  'authorizestatus',
  'authenticateerror',
  'authenticatestatus',
  'wafresponsecode',
  'eventtype',
  'connectionid',
  // $context.identity.*, named whole (`identity.sourceIp`): the bare words (`sourceIp`, `caller`,
  // `user`) and `stage` are any service's own, as its UUIDs are, so alone they tell nothing.
  'identityaccountid',
  'identityapikey',
  'identityapikeyid',
  'identitycaller',
  'identityclientcertsubjectdn',
  'identityclientcertissuerdn',
  'identityclientcertserialnumber',
  'identitycognitoauthenticationprovider',
  'identitycognitoauthenticationtype',
  'identitycognitoidentityid',
  'identitycognitoidentitypoolid',
  'identityprincipalorgid',
  'identitysourceip',
  'identityuser',
  'identityuseragent',
  'identityuserarn',
  'identityvpcid',
  'identityvpceid',
]);

/**
 * Whether a space-joined line is API Gateway's, not another program's logfmt (which has a status, a
 * method, a path and often a request id, `request_id` or `requestId`, that is a UUID): no logfmt key
 * (LOGFMT_KEYS), and one key only API Gateway's formats name (GATEWAY_NAMES, with or without a leading
 * `context`), or a `requestId` (not snake-case `request_id`, as Heroku and Go servers write) holding
 * an id only API Gateway makes (GATEWAY_ID: an HTTP or WebSocket API's). Not a UUID, a REST API's id:
 * any service makes those, so a REST line is told by its keys.
 */
function isGatewayLine(pairs: readonly (readonly [string, unknown])[]): boolean {
  let gateway = false;
  for (const [key, value] of pairs) {
    // logfmt's keys are short: longer ones are not lower-cased to be looked up.
    if (key.length <= MAX_LOGFMT_KEY && LOGFMT_KEYS.has(key.toLowerCase())) return false;
    if (!gateway) gateway = isGatewayOnlyField(key, value);
  }
  return gateway;
}

/**
 * Whether a key (and its value) is one only API Gateway's formats write: a GATEWAY_NAMES name, with or
 * without a leading `context`, or a `requestId` (not `request_id`) holding an id only API Gateway
 * makes (GATEWAY_ID). The JSON reader asks it too, of a line with a logging library's keys.
 */
export function isGatewayOnlyField(key: string, value: unknown): boolean {
  const normalised = normaliseKey(key);
  const name = normalised.startsWith('context') ? normalised.slice(7) : normalised;
  return (
    GATEWAY_NAMES.has(name) ||
    (name === 'requestid' && !key.includes('_') && typeof value === 'string' && GATEWAY_ID.test(value))
  );
}
