/**
 * Text users append after a CLF or CSV preset's request id (the REST extended id, a gateway response
 * type, an error message), read into the fields the rules look at.
 */

import { csvRequestIdAt, GATEWAY_ID, requestIdAt } from './request-ids';

const HAS_LETTER = /[A-Za-z]/;

/**
 * API Gateway's gateway response types (developer guide, "Gateway response types for API Gateway"):
 * the values `$context.error.responseType` takes. A word appended after a CLF or CSV preset is read as
 * the response type only when it is one of these.
 */
export const GATEWAY_RESPONSE_TYPES: ReadonlySet<string> = new Set([
  'ACCESS_DENIED',
  'API_CONFIGURATION_ERROR',
  'AUTHORIZER_CONFIGURATION_ERROR',
  'AUTHORIZER_FAILURE',
  'BAD_REQUEST_PARAMETERS',
  'BAD_REQUEST_BODY',
  'DEFAULT_4XX',
  'DEFAULT_5XX',
  'EXPIRED_TOKEN',
  'INTEGRATION_FAILURE',
  'INTEGRATION_TIMEOUT',
  'INVALID_API_KEY',
  'INVALID_SIGNATURE',
  'MISSING_AUTHENTICATION_TOKEN',
  'QUOTA_EXCEEDED',
  'REQUEST_TOO_LARGE',
  'RESOURCE_NOT_FOUND',
  'THROTTLED',
  'UNAUTHORIZED',
  'UNSUPPORTED_MEDIA_TYPE',
  'WAF_FILTERED',
]);

/** What users append after a preset's request id, read into the fields the rules look at. */
interface Appended {
  readonly extendedRequestId?: string;
  readonly responseType?: string;
  readonly errorMessage?: string;
  readonly integrationError?: string;
}

/** A `|` written between a preset's fields and appended text, with the white space after it. */
const SEPARATOR_BEFORE = /^\|(?:\s+|$)/;

function isQuoted(text: string): boolean {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"');
}

/**
 * The appended text once the extended id and response type are taken off. Beside a response type, or
 * in quotes as `$context.error.messageString` is logged, it is the gateway's error message; otherwise
 * it is what AWS's HTTP API troubleshooting guide tells users to append, `$context.integrationErrorMessage`
 * ("… doesn't have permissions to call the integration").
 */
function appendedMessage(appended: string, responseType: string | undefined): Appended {
  // A separator the format put before it (`$context.requestId | $context.integrationErrorMessage`,
  // public code search id 26449109507) is not part of the message.
  const message = SEPARATOR_BEFORE.test(appended) ? appended.replace(SEPARATOR_BEFORE, '') : appended;
  if (!HAS_LETTER.test(message)) return responseType === undefined ? {} : { responseType };
  return responseType !== undefined || isQuoted(message)
    ? { responseType, errorMessage: message }
    : { integrationError: message };
}

/**
 * What follows the request id in a CLF line: the REST preset's extended request id, then any text
 * users append, whose last word is `$context.error.responseType` when it names a gateway response
 * type (a `-` after a quoted `"-"` is that variable with no error). The extended id is one API Gateway
 * made (GATEWAY_ID: no caller can set it, and every real one has that shape): appended text of any
 * other shape (an API id, a UUID, an epoch time, a word) stays text, and after an HTTP API preset's request
 * id, which no extended id follows, it is what users appended. Text glued to the extended id is split
 * off as requestIdAt splits it from a request id (hasGluedText).
 */
export function clfTail(text: string | undefined, quotedBefore?: string): Appended {
  const appended = tailAfterId(text);
  // Quoted values a format logs before the id (`"$context.error.message" <id> <extendedRequestId>`) are
  // its error message: the extended id after the id does not replace them, a message after it does.
  if (quotedBefore === undefined || appended.errorMessage !== undefined) return appended;
  const { errorMessage } = appendedMessage(quotedBefore, undefined);
  return errorMessage === undefined ? appended : { ...appended, errorMessage };
}

/** clfTail of what follows the id alone. */
function tailAfterId(text: string | undefined): Appended {
  const tail = text?.trim();
  if (!tail) return {};
  const { requestId: first, tail: afterFirst } = requestIdAt(tail, 0);
  const extendedRequestId = GATEWAY_ID.test(first) ? first : undefined;
  let rest = extendedRequestId === undefined ? tail : afterFirst;
  const space = rest.lastIndexOf(' ');
  const last = rest.slice(space + 1);
  const before = space < 0 ? '' : rest.slice(0, space).trimEnd();
  let responseType: string | undefined;
  if (GATEWAY_RESPONSE_TYPES.has(last)) {
    responseType = last;
    rest = before;
  } else if (last === '-' && isQuoted(before)) {
    // Logged as `-`, which is evidence of its own (no gateway response), read by the record builder.
    responseType = last;
    rest = before;
  }
  return { extendedRequestId, ...appendedMessage(rest, responseType) };
}

/** The same for the fields after a CSV preset's request id, glued text split off as csvRequestIdAt does. */
export function csvTail(fields: readonly string[]): Appended {
  // Variables appended with spaces, not commas (a space split them from the id: csvRequestIdAt): one
  // field, read as a CLF line's tail is, its first word maybe the extended id, its last a response type.
  if (fields.length === 1 && fields[0]?.includes(' ')) return tailAfterId(fields[0]);
  const { requestId: first, after } = csvRequestIdAt(fields, 0);
  if (first === undefined) return {};
  const extendedRequestId = GATEWAY_ID.test(first) ? first : undefined;
  let rest = extendedRequestId === undefined ? fields : after;
  const last = rest[rest.length - 1];
  const responseType = last !== undefined && GATEWAY_RESPONSE_TYPES.has(last) ? last : undefined;
  if (responseType !== undefined) rest = rest.slice(0, -1);
  // The fields were trimmed: appended text is a message, whose commas are followed by a space.
  return { extendedRequestId, ...appendedMessage(rest.join(', '), responseType) };
}

/** An Appended as pairs for recordFromFields. */
export function appendedPairs(appended: Appended): [string, unknown][] {
  return [
    ['extendedRequestId', appended.extendedRequestId],
    ['responseType', appended.responseType],
    ['errorMessage', appended.errorMessage],
    ['integrationErrorMessage', appended.integrationError],
  ];
}
