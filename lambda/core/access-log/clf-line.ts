/**
 * Reads a line in the CLF presets (REST, HTTP and WebSocket APIs) or a custom format of their shape.
 */

import { ACCESS_LOG_FORMAT, UNPARSED_REASON } from '../types';
import type { AccessParse } from './access-parse';
import { appendedPairs, clfTail } from './appended';
import { LENGTH, targetField, WEBSOCKET_EVENT } from './field-shapes';
import { recordFromFields } from './record-builder';
import { GATEWAY_ID, isIdShaped, isRestIdShaped, quotedValuesAt, requestIdAt, tokenAt } from './request-ids';

/**
 * REST: `ip caller user [time]"METHOD resourcePath PROTOCOL" status length requestId [extendedRequestId]`
 * (the REST preset has no space after the time); HTTP API: `ip - - [time] "METHOD routeKey PROTOCOL" status
 * length requestId`. Fields may be separated by runs of spaces (a preset copied from the old guide, where
 * it was printed over lines, keeps two). What follows the status is read by clfAfterStatus.
 *
 * Linear on any line: every run of spaces is bounded by non-spaces on both sides (`(?! )` after the
 * method, `(?<! )` before the protocol), so no split of a run is retried; `[\s\S]` crosses a stray `\r`
 * that `.` would stop at; and once a quote is followed by a status, the rest always matches.
 */
const CLF =
  /^(\S+) +(\S+) +(\S+) +\[([^\]]+)\] *"(\S+) +(?! )([\s\S]*?)(?:(?<! ) +(HTTP\/[\d.]+|-))?" +(\d{3}|-)(?: +([\s\S]*))?$/;

/**
 * After the status: `length requestId` and anything appended (clfTail). Formats without
 * `$context.responseLength` (the WebSocket CLF preset, custom formats) put the request id right after
 * the status: a token there that is not a number or `-` is the request id.
 */
function clfAfterStatus(text: string): AfterStatus {
  if (!text) return {};
  const [first, afterFirst] = tokenAt(text, 0);
  const at = LENGTH.test(first) ? afterFirst : 0;
  if (at >= text.length) return {};
  if (text.charCodeAt(at) === 34 /* " */) return idAfterQuotedValues(text, at, at > 0);
  return requestIdAt(text, at);
}

interface AfterStatus {
  readonly requestId?: string;
  readonly tail?: string;
  /** Quoted values logged before the request id, read as its error message (clfTail). */
  readonly quotedBefore?: string;
  /** A web server's `combined` line: bytes, then quoted values and no request id after them. */
  readonly combined?: boolean;
}

/**
 * Quoted values where API Gateway's CLF presets put the request id, which they never quote: a custom
 * format's quoted `$context` values before the id (`502 36 "Internal server error" <id>`), whose first
 * word is no id. A single quoted id is the id (`"$context.requestId"`, read so before), and what follows
 * it what the format appends (`"<id>" <extendedRequestId>`), unless a UUID follows it (`"<sub>" <id>`,
 * `"<extendedRequestId>" <id>`); else the id is the id-shaped token after the quoted values
 * (isIdShaped), else a quoted id first among them. With none, two quoted values after the bytes are a
 * web server's `combined` line (nginx's and Apache's referer and user agent, nginx's more quoted
 * fields); one is a message logged with no id.
 */
function idAfterQuotedValues(text: string, from: number, afterBytes: boolean): AfterStatus {
  const { end, count } = quotedValuesAt(text, from);
  const quoted = text.slice(from, end).trimEnd();
  const [firstQuoted = ''] = quoted.split('"', 2).slice(1);
  const [next = ''] = end < text.length ? tokenAt(text, end) : [];
  // Looked at first: the extended id after a quoted id is id-shaped too, and would be taken for the id.
  // A UUID after it is a REST request id, which no preset appends: the quoted value is something else
  // id-shaped logged before the id (a Cognito sub, an integration's id, shown as a message), or the
  // extended id when API Gateway made it (below).
  if (count === 1 && isIdShaped(firstQuoted) && !isRestIdShaped(next)) return requestIdAt(text, from);
  if (count === 1 && GATEWAY_ID.test(firstQuoted) && isRestIdShaped(next)) {
    // An id API Gateway makes, quoted before a REST request id: its extended id
    // (`"$context.extendedRequestId" $context.requestId`), kept as such rather than shown as a message.
    const { requestId, tail } = requestIdAt(text, end);
    return { requestId, tail: `${firstQuoted} ${tail}` };
  }
  // Several quoted values, the last an id and no REST id after them: a format that quotes its request
  // id after its other values (`"$context.error.message" "$context.requestId"`). A web server's
  // referer and user agent are never id-shaped, so its combined line is still told below.
  const lastOpen = count >= 2 && quoted.endsWith('"') ? quoted.lastIndexOf('"', quoted.length - 2) : -1;
  const lastQuoted = lastOpen < 0 ? '' : quoted.slice(lastOpen + 1, -1);
  if (lastOpen > 0 && isIdShaped(lastQuoted) && !isRestIdShaped(next)) {
    // `"<message>" "<requestId>" "<extendedRequestId>"`: the REST id before the id API Gateway made.
    const previousClose = quoted.lastIndexOf('"', lastOpen - 1);
    const previousOpen = previousClose > 0 ? quoted.lastIndexOf('"', previousClose - 1) : -1;
    const previous = previousOpen < 0 ? '' : quoted.slice(previousOpen + 1, previousClose);
    if (GATEWAY_ID.test(lastQuoted) && isRestIdShaped(previous)) {
      return {
        requestId: previous,
        tail: `${lastQuoted} ${text.slice(end)}`,
        ...(previousOpen > 0 && { quotedBefore: quoted.slice(0, previousOpen).trimEnd() }),
      };
    }
    return {
      requestId: lastQuoted,
      tail: text.slice(end),
      quotedBefore: quoted.slice(0, lastOpen).trimEnd(),
    };
  }
  if (isIdShaped(next)) {
    const { requestId, tail } = requestIdAt(text, end);
    // What follows the id is what the preset appends there (an extended id, a type); the quoted
    // values are the message unless a message follows too (clfTail).
    return { requestId, tail, quotedBefore: quoted };
  }
  if (isIdShaped(firstQuoted)) return requestIdAt(text, from);
  if (afterBytes && count >= 2) return { combined: true };
  return { tail: text.slice(from) };
}

/**
 * A WebSocket CLF line quotes `"eventType routeKey connectionId"` and no protocol: the route key is
 * all but the last word (the connection id).
 */
function webSocketRoute(target: string): string {
  const space = target.lastIndexOf(' ');
  return space < 0 ? target : target.slice(0, space).trimEnd();
}

export function parseClf(line: string): AccessParse | undefined {
  // CLF's time opens with ` [` (spaces, then the bracket): a line without one is told without the
  // pattern, which parseAccessLine tries on every execution-log line.
  if (!line.includes(' [')) return undefined;
  const m = CLF.exec(line);
  if (!m) return undefined;
  const [, , , , time, method = '', target = '', protocol, status, afterStatus] = m;
  const { requestId, tail, quotedBefore, combined } = clfAfterStatus(afterStatus ?? '');
  if (combined) return { ok: false, reason: UNPARSED_REASON.webServerCombined };
  // A `-` method with no protocol is a WebSocket API's event type, logged so for a request refused
  // before its event was known (`"- - -"`, the connection id `-` matched as the protocol; an HTTP
  // request line has a method and a protocol): read it as the eventType key, so that its `-` route
  // key is no HTTP API's.
  const unknownEvent = method === '-' && (protocol === undefined || protocol === '-');
  const pairs: [string, unknown][] = [
    ['requestTime', time],
    [unknownEvent ? 'eventType' : 'httpMethod', method],
    ['status', status],
    ['requestId', requestId],
    ...appendedPairs(clfTail(tail, quotedBefore)),
  ];
  if (protocol === undefined && (unknownEvent || WEBSOCKET_EVENT.test(method)))
    pairs.push(['routeKey', webSocketRoute(target)]);
  else pairs.push([unknownEvent ? 'routeKey' : targetField(target, requestId), target]);
  const record = recordFromFields(ACCESS_LOG_FORMAT.clf, pairs);
  return record ? { ok: true, record } : { ok: false, reason: UNPARSED_REASON.clfWithoutStatus };
}
