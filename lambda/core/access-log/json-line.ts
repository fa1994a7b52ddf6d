/**
 * Reads a JSON access line, a preset's or a custom format's, its nested objects flattened into dotted keys.
 */

import { isGatewayOwnMessage } from '../http-status';
import { ACCESS_LOG_FORMAT, type AccessLogRecord, UNPARSED_REASON } from '../types';
import type { AccessParse } from './access-parse';
import {
  repairBareValues,
  repairDoubleQuoted,
  repairUnescapedQuotes,
  unwrapDoubleBraces,
} from './json-repairs';
import { groupedLeafKey } from './key-slots';
import { isGatewayOnlyField } from './key-value-line';
import { RecordBuilder } from './record-builder';
import { isHttpOrWebSocketRequestId } from './request-ids';

/** Whether something enumerable was added to Object.prototype, so that for…in would list it too. */
function prototypeHasEnumerable(): boolean {
  for (const _ in Object.prototype) return true;
  return false;
}

/**
 * Adds nested JSON objects under dotted keys (`{"error":{"message":…}}` → `error.message`), straight
 * into the builder so no list of pairs is built per line.
 */
function addFlattened(
  builder: RecordBuilder,
  value: Record<string, unknown>,
  prefix = '',
  depth = 0,
  ownOnly = prototypeHasEnumerable(),
): void {
  // for…in rather than Object.keys: V8 then reads `value[key]` by the object's layout instead of
  // looking each key up by name. JSON.parse makes plain objects, whose own keys are all for…in
  // lists unless Object.prototype was given an enumerable property.
  for (const key in value) {
    if (ownOnly && !Object.hasOwn(value, key)) continue;
    const child = value[key];
    const name = prefix ? `${prefix}.${key}` : key;
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) {
      // Access-log formats are at most a few levels deep; anything deeper is not ours.
      if (depth < 4) addFlattened(builder, child as Record<string, unknown>, name, depth + 1, ownOnly);
    } else {
      builder.add(name, child);
    }
  }
}

const LAMBDA_PROXY_OBJECT = 'a Lambda proxy response or event (isBase64Encoded), not an access-log line';

/** The fields of a Lambda proxy integration's response (AWS's documented output format). */
const PROXY_RESPONSE_KEYS: ReadonlySet<string> = new Set([
  'statusCode',
  'body',
  'headers',
  'multiValueHeaders',
  'cookies',
  'isBase64Encoded',
]);

/** A function's proxy response without isBase64Encoded: a statusCode and a body, and nothing else it has not. */
function isProxyResponse(value: object): boolean {
  if (!Object.hasOwn(value, 'statusCode') || !Object.hasOwn(value, 'body')) return false;
  for (const key of Object.keys(value)) if (!PROXY_RESPONSE_KEYS.has(key)) return false;
  return true;
}

/**
 * An application's log record: a logging library's level and message keys (as the logfmt reader's
 * LOGFMT_KEYS), and no field only API Gateway's formats write (isGatewayOnlyField, at any depth). A
 * custom format may log `$context.error.message` as `message` beside a key of its own named `level`:
 * Lambda's own JSON logs (timestamp, level, message, a UUID requestId) have the same keys, so what
 * the message says decides (loggedGatewayMessage) beside the status as a template writes it
 * (templateStatus), or a status under that name beside an id only API Gateway makes.
 */
function isApplicationLog(value: Record<string, unknown>, record: AccessLogRecord): boolean {
  // Logging libraries' level keys (ECS writes `log.level`, dotted or nested), which no `$context`
  // variable is named. Asked of every JSON access line, so no list is walked.
  const log = value.log;
  const hasLevel =
    Object.hasOwn(value, 'level') ||
    Object.hasOwn(value, 'severity') ||
    Object.hasOwn(value, 'levelname') ||
    Object.hasOwn(value, 'log.level') ||
    (log !== null && typeof log === 'object' && Object.hasOwn(log, 'level'));
  if (!hasLevel) return false;
  const message = typeof value.message === 'string' ? value.message : value.msg;
  if (typeof message !== 'string') return false;
  const status = statusUnderItsName(value);
  if (templateStatus(status) && loggedGatewayMessage(message, record.status)) return false;
  // An HTTP or WebSocket API's id, under whichever key the format named it; not a UUID, a REST API's:
  // Lambda's JSON logs write the function's request id, a UUID too, as `requestId`.
  if (status !== UNNAMED && isHttpOrWebSocketRequestId(record.requestId)) return false;
  return !namesGatewayField(value, '', 0);
}

/**
 * `$context.error.message` as API Gateway logs it: `-` or nothing when it had no error, else its own
 * words for the status (isGatewayOwnMessage). An application's message says what it was doing.
 */
function loggedGatewayMessage(message: string, status: number | undefined): boolean {
  return message.trim() === '-' || isGatewayOwnMessage(message, status);
}

const THREE_DIGITS = /^\d{3}$/;

/**
 * `$context.status`'s own name, alone, behind a `context` prefix or in a group named after the
 * request's parts, as keys so written are read (`context.status`, `$context.status`,
 * `context_status`, `contextStatus`, `response.status`): not a library's `statusCode` or
 * `status_code`.
 */
const STATUS_NAME = /^(?:\$?context[._])?(?:(?:request|response|http)[._])?status$|^\$?contextStatus$/;
/** An object whose `status` is `$context.status` nested: `context`, `$context`, or a request part's group. */
const STATUS_GROUP = /^(?:\$?context|request|response|http)$/;
/** No status logged under `$context.status`'s name. */
const UNNAMED: unique symbol = Symbol('no status under its name');

/**
 * The value logged under `$context.status`'s name (STATUS_NAME, or `status` in a STATUS_GROUP object),
 * or UNNAMED. A nested object is read as its dotted keys, so each spelling decides alike. Asked only
 * of a line with a level and a message key, so its keys may be walked.
 */
function statusUnderItsName(value: Record<string, unknown>): unknown {
  if (Object.hasOwn(value, 'status')) return value.status;
  for (const key of Object.keys(value)) {
    const child = value[key];
    if (STATUS_NAME.test(key)) return child;
    if (
      STATUS_GROUP.test(key) &&
      child !== null &&
      typeof child === 'object' &&
      Object.hasOwn(child, 'status')
    )
      return (child as Record<string, unknown>).status;
  }
  return UNNAMED;
}

/**
 * Whether the status is logged as a format template writes it, `"status":"$context.status"`: under
 * `$context.status`'s own name (statusUnderItsName) and as a JSON string of three digits. The
 * gateway's words alone do not tell: a function's error handler logs its status's reason phrase
 * (`Internal Server Error`, `Bad Gateway`), and a client the answer it got (`Endpoint request timed
 * out`), each with a numeric `status` or `statusCode`.
 */
function templateStatus(status: unknown): boolean {
  return typeof status === 'string' && THREE_DIGITS.test(status);
}

function namesGatewayField(value: Record<string, unknown>, prefix: string, depth: number): boolean {
  for (const key of Object.keys(value)) {
    const child = value[key];
    const name = prefix ? `${prefix}.${key}` : key;
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) {
      if (depth < 4 && namesGatewayField(child as Record<string, unknown>, name, depth + 1)) return true;
    } else if (isGatewayOnlyField(name, child) || isGatewayOnlyField(groupedLeafKey(name), child)) {
      // A grouped key (`http.routeKey`) names what its leaf does, as the record reads it.
      return true;
    }
  }
  return false;
}

/** The value a JSON text holds, or undefined when it is no JSON (JSON.parse never returns undefined). */
function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function parseJson(line: string): AccessParse {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    // Only a line JSON.parse refused pays for the repairs. Unescaped quotes are repaired last, and
    // only when the others were not enough, since telling them apart from the end of a value is a guess.
    // A repair that changed nothing is not parsed again: a parse that throws costs tens of
    // microseconds (its stack trace), and a delivery of short broken lines took seconds.
    const repaired = repairBareValues(repairDoubleQuoted(unwrapDoubleBraces(line)));
    value = repaired === line ? undefined : jsonOrUndefined(repaired);
    if (value === undefined) {
      const requoted = repairUnescapedQuotes(repaired);
      value = requoted === repaired ? undefined : jsonOrUndefined(requoted);
    }
    if (value === undefined) {
      return {
        ok: false,
        reason: UNPARSED_REASON.invalidJson,
        detail: (error as Error).message.slice(0, 120),
      };
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: UNPARSED_REASON.jsonNotAnObject };
  }
  // A Lambda proxy response (or the event API Gateway sends): no $context variable is named
  // isBase64Encoded, and its statusCode is what a function returned, pasted beside the logs, not a
  // status the access log recorded.
  if (Object.hasOwn(value, 'isBase64Encoded') || isProxyResponse(value)) {
    return { ok: false, reason: UNPARSED_REASON.jsonWithoutAccessField, detail: LAMBDA_PROXY_OBJECT };
  }
  const builder = new RecordBuilder(ACCESS_LOG_FORMAT.json);
  addFlattened(builder, value as Record<string, unknown>);
  const record = builder.finish();
  if (record === undefined) return { ok: false, reason: UNPARSED_REASON.jsonWithoutAccessField };
  // Asked only of a line read as an access line: most lines have no level key, and pay one lookup each.
  if (isApplicationLog(value as Record<string, unknown>, record))
    return { ok: false, reason: UNPARSED_REASON.applicationLog };
  return { ok: true, record };
}
