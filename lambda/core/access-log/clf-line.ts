/**
 * Reads a line in the CLF presets (REST, HTTP and WebSocket APIs) or a custom format of their shape.
 */

import { ACCESS_LOG_FORMAT, UNPARSED_REASON } from '../types';
import type { AccessParse } from './access-parse';
import { appendedPairs, clfTail } from './appended';
import { LENGTH, targetField, WEBSOCKET_EVENT } from './field-shapes';
import { recordFromFields } from './record-builder';
import { requestIdAt, tokenAt } from './request-ids';

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
function clfAfterStatus(text: string): { requestId?: string; tail?: string } {
  if (!text) return {};
  const [first, afterFirst] = tokenAt(text, 0);
  if (!LENGTH.test(first)) return requestIdAt(text, 0);
  if (afterFirst >= text.length) return {};
  return requestIdAt(text, afterFirst);
}

/**
 * A web server's `combined` log after the status: bytes (or `-`), then a quoted referer and a quoted
 * user agent (nginx may add more quoted fields). API Gateway's CLF presets put the request id after
 * the bytes, unquoted; custom formats append their quoted `$context` values after the request id.
 */
const COMBINED_AFTER_STATUS = /^(?:\d+|-) +"[^"]*" +"/;

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
  if (afterStatus !== undefined && COMBINED_AFTER_STATUS.test(afterStatus)) {
    return { ok: false, reason: UNPARSED_REASON.webServerCombined };
  }
  const { requestId, tail } = clfAfterStatus(afterStatus ?? '');
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
    ...appendedPairs(clfTail(tail)),
  ];
  if (protocol === undefined && (unknownEvent || WEBSOCKET_EVENT.test(method)))
    pairs.push(['routeKey', webSocketRoute(target)]);
  else pairs.push([unknownEvent ? 'routeKey' : targetField(target, requestId), target]);
  const record = recordFromFields(ACCESS_LOG_FORMAT.clf, pairs);
  return record ? { ok: true, record } : { ok: false, reason: UNPARSED_REASON.clfWithoutStatus };
}
