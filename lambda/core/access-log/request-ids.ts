/**
 * The shapes of the request ids API Gateway makes, which tell a REST API's line from an HTTP or
 * WebSocket API's, and the reading of a positional preset's request id that has text glued to it.
 */

import { isPlaceholderId } from '../execution-log';

/**
 * An id API Gateway made: an HTTP or WebSocket API's `$context.requestId`, any API's
 * `$context.extendedRequestId` (`AZzecgvEPHcEPew=`): 16 characters of base64 (URL-safe in every log
 * seen), the last an `=`, as in every real log and response header here (an AWS page's invented
 * `MY92nHDwwwIdGxzR=` has 17). A REST API's `$context.requestId` is a UUID, the caller's
 * own or API Gateway's, or `{{UUID}}_REPLACED_INVALID_REQUEST_ID`; an id edited by whoever pasted it
 * (`req-1`, a UUID cut short) is neither, and one whose letters were x'ed out (`xx389x71-xx67-…`)
 * keeps a UUID's shape (REST_REQUEST_ID).
 */
export const GATEWAY_ID = /^[A-Za-z0-9_+/-]{15}=$/;

/**
 * Whether a request id is one API Gateway made for an HTTP or WebSocket API (GATEWAY_ID): no REST
 * API's `$context.requestId` has that shape, so the line is no REST API's whatever keys it logs.
 */
export function isHttpOrWebSocketRequestId(requestId: string | undefined): boolean {
  return requestId !== undefined && GATEWAY_ID.test(requestId);
}

/**
 * A REST API's `$context.requestId`: a UUID, or `{{UUID}}_REPLACED_INVALID_REQUEST_ID` for a caller's id
 * that is none (set-up-access-logging), in any letters, since one edited when pasted (`xx389x71-xx67-…`)
 * still has the shape, which no id API Gateway makes for an HTTP API (GATEWAY_ID) has. Nor for a
 * WebSocket API: its `$context.requestId` is "Same as `$context.extendedRequestId`" (websocket-api-logging),
 * which a caller cannot set, and base64 in every real WebSocket line. So a UUID is read as REST even in
 * a WebSocket format without an eventType key; the one UUID seen in a WebSocket preset
 * (GH-elastic-websocket-403-no-route) names no API and may be a REST stage's (see its fixture note).
 */
const REST_REQUEST_ID =
  /^[0-9A-Za-z]{8}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{12}(?:_REPLACED_INVALID_REQUEST_ID)?$/;

/**
 * Whether the line's own `requestId` key holds a REST API's id (a generic `id` key may name anything).
 * Not a placeholder a page or a redaction put for it (`xxxxxxxx-xxxx-…`, all x's): it has a UUID's shape
 * but no id behind it, so it tells no API type, and the line reads as one without an id.
 */
export function isRestRequestId(requestId: string | undefined): boolean {
  return (
    requestId !== undefined &&
    requestId.charCodeAt(8) === 45 /* - */ &&
    REST_REQUEST_ID.test(requestId) &&
    !isPlaceholderId(requestId)
  );
}

/** The token of `text` that starts at `from` (which is not a space), and where the next one starts. */
export function tokenAt(text: string, from: number): readonly [string, number] {
  let end = text.indexOf(' ', from);
  if (end < 0) end = text.length;
  let next = end;
  while (text.charCodeAt(next) === 32) next++;
  return [text.slice(from, end), next];
}

/** The length of every id GATEWAY_ID matches. */
const GATEWAY_ID_LENGTH = 16;

/**
 * Whether a request id token has text glued to it. Users append $context.integrationErrorMessage
 * with no space or comma after an HTTP API's request id (`ANlnRjAmoAMEanQ=The response …` in a real
 * CLF line): then the id is the token's first GATEWAY_ID_LENGTH characters. No REST id (a UUID) nor
 * any other id API Gateway makes is longer and starts so.
 */
function hasGluedText(token: string): boolean {
  return token.length > GATEWAY_ID_LENGTH && GATEWAY_ID.test(token.slice(0, GATEWAY_ID_LENGTH));
}

/** Whether a CLF token has a REST API's request id's shape (REST_REQUEST_ID), an x'ed out one too. */
export function isRestIdShaped(token: string): boolean {
  return REST_REQUEST_ID.test(token);
}

/**
 * Whether a CLF token has a request id's shape: a REST API's UUID (an x'ed out one too), an id API
 * Gateway made, or one with text glued to it (hasGluedText).
 */
export function isIdShaped(token: string): boolean {
  return REST_REQUEST_ID.test(token) || GATEWAY_ID.test(token) || hasGluedText(token);
}

/**
 * Where the run of quoted values (`"a b" "c"`, each closed, spaces between) that starts at `from`
 * ends, the spaces after it included, and how many values it holds. An unclosed quote ends the run
 * at the line's end. Linear: each quote is found once.
 */
export function quotedValuesAt(text: string, from: number): { end: number; count: number } {
  let at = from;
  let count = 0;
  while (text.charCodeAt(at) === 34 /* " */) {
    const close = text.indexOf('"', at + 1);
    count++;
    if (close < 0) return { end: text.length, count };
    at = close + 1;
    if (at < text.length && text.charCodeAt(at) !== 32) return { end: at, count };
    while (text.charCodeAt(at) === 32) at++;
  }
  return { end: at, count };
}

/** The CLF request id token at `from` and the text after it, glued text included (hasGluedText). */
export function requestIdAt(text: string, from: number): { requestId: string; tail: string } {
  const [requestId, afterId] = tokenAt(text, from);
  if (hasGluedText(requestId)) {
    return {
      requestId: requestId.slice(0, GATEWAY_ID_LENGTH),
      tail: text.slice(from + GATEWAY_ID_LENGTH),
    };
  }
  return { requestId, tail: text.slice(afterId) };
}

/**
 * A CSV preset's request id at field `at` and the fields after it, text glued to the id (hasGluedText)
 * or after a REST id and a space (a variable appended with a space, not a comma) the first of them,
 * as requestIdAt reads a CLF line.
 */
export function csvRequestIdAt(
  fields: readonly string[],
  at: number,
): { requestId: string | undefined; after: readonly string[] } {
  const requestId = fields[at];
  const after = fields.slice(at + 1);
  if (requestId === undefined) return { requestId, after };
  if (hasGluedText(requestId)) {
    return {
      requestId: requestId.slice(0, GATEWAY_ID_LENGTH),
      after: [requestId.slice(GATEWAY_ID_LENGTH), ...after],
    };
  }
  const space = requestId.indexOf(' ');
  if (space > 0 && REST_REQUEST_ID.test(requestId.slice(0, space))) {
    return { requestId: requestId.slice(0, space), after: [requestId.slice(space + 1).trim(), ...after] };
  }
  return { requestId, after };
}
