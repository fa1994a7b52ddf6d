/**
 * Reads positional fields joined by ` | `, only when their shapes leave no doubt.
 */

import { ACCESS_LOG_FORMAT } from '../types';
import type { AccessParse } from './access-parse';
import { HTTP_METHODS, isRouteKey, REQUEST_TIME_FIELD, targetField, WEBSOCKET_EVENT } from './field-shapes';
import { recordFromFields } from './record-builder';
import { GATEWAY_ID, isRestRequestId } from './request-ids';

/** What separates the fields of a positional format that joins its variables with ` | `. */
export const PIPE = ' | ';
/** Fewer fields than this is too little to tell a log line from text. */
const MIN_PIPE_FIELDS = 3;
const STATUS_FIELD = /^[1-5]\d{2}$/;
const ISO_FIELD = /^\d{4}-\d{2}-\d{2}T/;
/**
 * A field that says the line is no access line this reader can be sure of: a number (not the status)
 * that could be a latency or a response length, or a log level. Ten digits or more is neither (an
 * epoch time, an account id), nor a status.
 */
const NOT_PIPE_ACCESS_FIELD = /^(?:\d{1,9}|info|error|warn(?:ing)?|debug|trace|fatal)$/i;

/**
 * Positional fields joined by ` | ` (`$context.requestId | $context.identity.sourceIp |
 * $context.httpMethod | $context.resourcePath | $context.status`, public code search ids 41875250262,
 * 42080430643). Nothing names the fields, so they are told by shape, and only when that cannot be
 * wrong: one field is an id API Gateway makes (a REST UUID or an HTTP or WebSocket API's id, then
 * maybe the REST extended id), exactly one is a status (200 to 599, or a WebSocket upgrade's 101 beside
 * an HTTP or WebSocket API's id), no other field is a short
 * number or a log level (NOT_PIPE_ACCESS_FIELD: a latency or a length could be the status; an
 * application's log has a Lambda request id of the REST id's shape and line numbers of a status's),
 * and the line is no Markdown table row (`| … |`). A method (or a WebSocket API's event type), the
 * resource path or route key right after it, and a request time are read too; other fields are not,
 * since nothing says which variable they are. A `-` is read as no field at all: a format's error
 * message or integration status is `-` on most lines, and its failures must still be counted.
 */
export function parsePipeSeparated(line: string): AccessParse | undefined {
  // An execution-log event opens with its `(requestId)`, which no access line's first field does: the
  // lines parseAccessLine is tried on most are told without a scan.
  const first = line.charCodeAt(0);
  if (first === 40 /* ( */ || first === 124 /* | */ || line.endsWith('|') || !line.includes(PIPE))
    return undefined;
  // Split on the literal separator, then trimmed: a pattern with runs of spaces would rescan them.
  const fields = line.split(PIPE).map((field) => field.trim());
  if (fields.length < MIN_PIPE_FIELDS) return undefined;
  let requestId: string | undefined;
  let extendedRequestId: string | undefined;
  let status: string | undefined;
  let methodAt = -1;
  let time: string | undefined;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? '';
    if (isRestRequestId(field) || GATEWAY_ID.test(field)) {
      if (requestId === undefined) requestId = field;
      else if (extendedRequestId === undefined && isRestRequestId(requestId) && GATEWAY_ID.test(field))
        extendedRequestId = field;
      else return undefined;
    } else if (STATUS_FIELD.test(field)) {
      if (status !== undefined) return undefined;
      status = field;
    } else if (NOT_PIPE_ACCESS_FIELD.test(field)) return undefined;
    else if (methodAt < 0 && (HTTP_METHODS.test(field) || WEBSOCKET_EVENT.test(field))) methodAt = i;
    else if (time === undefined && (REQUEST_TIME_FIELD.test(field) || ISO_FIELD.test(field))) time = field;
  }
  if (requestId === undefined || status === undefined) return undefined;
  // A 1xx is final only as a WebSocket API's 101 upgrade (an HTTP or WebSocket API's id): any other is
  // a number that could be a latency or a length, as NOT_PIPE_ACCESS_FIELD's are.
  if (status.charCodeAt(0) === 49 /* 1 */ && (status !== '101' || !GATEWAY_ID.test(requestId)))
    return undefined;
  const pairs: [string, unknown][] = [
    ['requestId', requestId],
    ['extendedRequestId', extendedRequestId],
    ['status', status],
    ['requestTime', time],
  ];
  const target = methodAt < 0 ? undefined : fields[methodAt + 1];
  if (methodAt >= 0) pairs.push(['httpMethod', fields[methodAt]]);
  if (target !== undefined && (target === '-' || target.startsWith('/') || isRouteKey(target)))
    pairs.push([targetField(target, requestId), target]);
  const record = recordFromFields(ACCESS_LOG_FORMAT.delimited, pairs);
  return record ? { ok: true, record } : undefined;
}
