/**
 * What a positional field holds, told by its shape (an HTTP method, a route key or resource path, a
 * response length, a request time), and WebSocket's event types and route keys, which the record
 * builder reads in any format.
 */

import { GATEWAY_ID } from './request-ids';

export const HTTP_METHODS = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY|CONNECT|TRACE|\$default)$/i;

/**
 * HTTP API presets put the route key ("GET /pets") where REST presets put the resource path; a
 * WebSocket API's `$connect` and `$disconnect`, and either's `$default`, are route keys too (no
 * resource path starts with `$`).
 */
export function isRouteKey(target: string): boolean {
  if (target === '$default' || WEBSOCKET_ROUTE.test(target)) return true;
  const parts = target.split(' ');
  return parts.length === 2 && HTTP_METHODS.test(parts[0] ?? '');
}

/**
 * Which variable a CLF or CSV preset's target is. A route key names itself; a `-` (no route matched,
 * or no resource) is either, and the request id tells: an HTTP API's is one API Gateway made, a REST
 * API's is a UUID. Read so, an HTTP API preset's unmatched request is an HTTP API's, as the same
 * request is in its JSON and XML presets, which name the key. An id of neither shape tells nothing,
 * and the `-` stays a resource path, as a REST preset's is.
 */
export function targetField(target: string, requestId: string | undefined): 'routeKey' | 'resourcePath' {
  if (isRouteKey(target)) return 'routeKey';
  return target === '-' && requestId !== undefined && GATEWAY_ID.test(requestId)
    ? 'routeKey'
    : 'resourcePath';
}

/** `$context.responseLength`: a number, or `-` when there was no response body. */
export const LENGTH = /^(?:\d+|-)$/;

/** `$context.eventType` of a WebSocket API, which its presets log where HTTP logs the method. */
export const WEBSOCKET_EVENT = /^(?:CONNECT|MESSAGE|DISCONNECT)$/;

/** Route keys only a WebSocket API has (`$default` is an HTTP API's too). */
export const WEBSOCKET_ROUTE = /^\$(?:connect|disconnect)$/;

/**
 * A positional field holding `$context.requestTime`, which API Gateway writes CLF style
 * (`27/Nov/2026:14:40:01 +0000`): how the CSV and ` | ` readers find the request time by shape.
 */
export const REQUEST_TIME_FIELD = /^\d{1,2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}/;
