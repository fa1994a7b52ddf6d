/**
 * Turns one line's raw key/value pairs, from any format, into an AccessLogRecord: each value goes to
 * its key's slot (key-slots.ts), and finish() resolves what the values mean together (which status
 * is whose, what a `-` says, whether the line is an HTTP or WebSocket API's).
 */

import { isPlaceholderId } from '../execution-log';
import { ACCESS_LOG_FORMAT, type AccessLogFormat, type AccessLogRecord } from '../types';
import { WEBSOCKET_EVENT, WEBSOCKET_ROUTE } from './field-shapes';
import { AT, DASH, FIELDS, MARK, READ, type Read, type Slot, slotOf } from './key-slots';
import { isRestRequestId } from './request-ids';
import { timeOfValue } from './request-time';

/** How $context.error.responseType is logged: `THROTTLED`, `DEFAULT_4XX`, `MISSING_AUTHENTICATION_TOKEN`. */
const RESPONSE_TYPE_SHAPE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/** What $context.wafResponseCode logs: `WAF_ALLOW` or `WAF_BLOCK`. */
const WAF_RESPONSE_CODE = /^WAF_[A-Z_]+$/i;

function cleanValue(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value !== 'string') return typeof value === 'boolean' ? String(value) : undefined;
  // Most values are `-` or already clean; only the others pay for trimming and unquoting.
  if (value === '-' || value === '') return undefined;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first > 34 && last > 34) return value === 'null' || value === 'undefined' ? undefined : value;
  let text = value.trim();
  // $context.error.messageString is already quoted; a format that does not quote it leaves the quotes in.
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1).trim();
  if (text === '' || text === '-' || text === 'null' || text === 'undefined') return undefined;
  return text;
}

function toStatus(text: string): number | undefined {
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** A raw value as its slot reads it; undefined when it is no usable value. */
function readValue(read: Read, raw: unknown): string | number | undefined {
  // JSON formats log statuses, latencies and epoch times as numbers: keep them, without a round trip through text.
  if (read !== READ.text && typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  const value = cleanValue(raw);
  return read === READ.number && value !== undefined ? toStatus(value) : value;
}

/**
 * One undefined per field: a builder's values start as a copy. Copying this packed list costs a third
 * of filling a new Array (whose list stays holey), and it is done once per line.
 */
const NO_VALUES: readonly undefined[] = FIELDS.map(() => undefined);

type MutableRecord = { -readonly [K in keyof AccessLogRecord]: AccessLogRecord[K] };

/**
 * Collects one line's values; the first usable value of a field wins. Values sit in a list by slot
 * and become a record only in finish(), so a line's many keys cost no dynamic property stores.
 */
export class RecordBuilder {
  private readonly values: (string | number | undefined)[] = NO_VALUES.slice();
  /**
   * A `-` was logged for the resource path, the route key, the backend's status, a camel
   * `integrationStatus`, the gateway's response type.
   */
  private noRoute = false;
  private noRouteKey = false;
  private noIntegrationStatus = false;
  private noResponseType = false;
  private camelDash = false;
  /** Whether the line has a separated `integration.status` key, with a value or not. */
  private separatedStatus = false;
  /** Whether a specific request-id or error-message key is in the line, even as `-`. */
  private specificId = false;
  private specificMessage = false;
  private eventTypeKey = false;
  private connectionIdKey = false;
  private readonly format: AccessLogFormat;

  constructor(format: AccessLogFormat) {
    this.format = format;
  }

  add(key: string, raw: unknown): void {
    const slot = slotOf(key);
    if (slot !== undefined) this.put(slot, raw);
  }

  /**
   * Reads one value into its slot. In JSON, `""` and `null` are the `-` API Gateway wrote, rewritten
   * by a pipeline on the way (a published Kinesis transformer of REST access logs replaces every
   * `"-"` with `""`, index id 22095726713): the key was logged without a value, which is evidence for
   * a route key or a backend status, unlike a key the format does not log.
   */
  put(slot: Slot, raw: unknown): void {
    switch (slot.mark) {
      case MARK.separatedStatus:
        this.separatedStatus = true;
        break;
      case MARK.specificId:
        this.specificId = true;
        break;
      case MARK.specificMessage:
        this.specificMessage = true;
        break;
      case MARK.bareError:
        if (cleanValue(raw) !== undefined) this.specificMessage = true;
        break;
      case MARK.eventType:
        this.eventTypeKey = true;
        break;
      case MARK.connectionId:
        this.connectionIdKey = true;
        return;
    }
    if (raw === '-' || (this.format === ACCESS_LOG_FORMAT.json && (raw === '' || raw === null))) {
      if (slot.dash === DASH.noRoute) this.noRoute = true;
      else if (slot.dash === DASH.noRouteKey) this.noRouteKey = true;
      else if (slot.dash === DASH.noIntegrationStatus) this.noIntegrationStatus = true;
      else if (slot.dash === DASH.camelDash) this.camelDash = true;
      else if (slot.dash === DASH.noResponseType) this.noResponseType = true;
      return;
    }
    // Published formats log $context.wafResponseCode under `wafStatus` or `wafError` too: its value is
    // never a status or an error, and read as one it would hide a block or mark every allowed request.
    if (slot.waf && typeof raw === 'string' && WAF_RESPONSE_CODE.test(raw.trim())) {
      if (this.values[AT.wafResponseCode] === undefined) this.values[AT.wafResponseCode] = raw.trim();
      return;
    }
    if (this.values[slot.index] === undefined) this.values[slot.index] = readValue(slot.read, raw);
  }

  /** The record, or undefined when nothing in it is access-log evidence. */
  finish(): AccessLogRecord | undefined {
    const v = this.values;
    const record: MutableRecord = { format: this.format };
    // One named store per field, in a fixed order: a loop over field names made every store a slow
    // lookup by name.
    const genericId = v[AT.genericId] as string | undefined;
    const requestId =
      !this.specificId && genericId !== undefined ? genericId : (v[AT.requestId] as string | undefined);
    // A placeholder a page put for the id names no request: the line is a request of its own, not
    // a repeat of every other line with the same placeholder.
    if (requestId !== undefined && !isPlaceholderId(requestId)) record.requestId = requestId;
    if (v[AT.extendedRequestId] !== undefined) record.extendedRequestId = v[AT.extendedRequestId] as string;
    if (v[AT.apiId] !== undefined) record.apiId = v[AT.apiId] as string;
    if (v[AT.stage] !== undefined) record.stage = v[AT.stage] as string;
    if (v[AT.domainName] !== undefined) record.domainName = v[AT.domainName] as string;
    if (v[AT.httpMethod] !== undefined) record.httpMethod = v[AT.httpMethod] as string;
    if (v[AT.path] !== undefined) record.path = v[AT.path] as string;
    if (v[AT.resourcePath] !== undefined) record.resourcePath = v[AT.resourcePath] as string;
    if (v[AT.routeKey] !== undefined) record.routeKey = v[AT.routeKey] as string;
    const status = v[AT.methodStatus] ?? v[AT.status];
    if (status !== undefined) record.status = status as number;
    // A response type is one upper-case word (DEFAULT_4XX); published formats also log
    // $context.error.messageString under `errorType`, and such a value is the message.
    const responseType = v[AT.responseType] as string | undefined;
    const typeIsMessage = responseType !== undefined && !RESPONSE_TYPE_SHAPE.test(responseType);
    if (responseType !== undefined && !typeIsMessage) record.responseType = responseType;
    // Beside any request id: the rules that read it as "no gateway response" hold only on a REST API
    // and tell the API type themselves (an HTTP or WebSocket API has no gateway responses to
    // customise), while the advice needs to know the field was logged.
    else if (this.noResponseType && responseType === undefined) record.noResponseType = true;
    const errorMessage =
      (v[AT.errorMessage] as string | undefined) ?? (typeIsMessage ? responseType : undefined);
    if (errorMessage !== undefined) record.errorMessage = errorMessage;
    if (v[AT.integrationStatus] !== undefined) record.integrationStatus = v[AT.integrationStatus] as number;
    if (v[AT.integrationServiceStatus] !== undefined)
      record.integrationServiceStatus = v[AT.integrationServiceStatus] as number;
    if (v[AT.integrationError] !== undefined) record.integrationError = v[AT.integrationError] as string;
    if (v[AT.integrationLatencyMs] !== undefined)
      record.integrationLatencyMs = v[AT.integrationLatencyMs] as number;
    if (v[AT.responseLatencyMs] !== undefined) record.responseLatencyMs = v[AT.responseLatencyMs] as number;
    if (v[AT.authorizerError] !== undefined) record.authorizerError = v[AT.authorizerError] as string;
    // The phase's own status first, whatever the key order: a Lambda authorizer's invoke status
    // beside it (Lambda's 200) would hide its refusal.
    const authorizerStatus = v[AT.authorizerStatus] ?? v[AT.authorizerServiceStatus];
    if (authorizerStatus !== undefined) record.authorizerStatus = authorizerStatus as number;
    if (v[AT.authenticateStatus] !== undefined)
      record.authenticateStatus = v[AT.authenticateStatus] as number;
    if (v[AT.authorizeStatus] !== undefined) record.authorizeStatus = v[AT.authorizeStatus] as number;
    if (v[AT.wafStatus] !== undefined) record.wafStatus = v[AT.wafStatus] as number;
    if (v[AT.wafResponseCode] !== undefined) record.wafResponseCode = v[AT.wafResponseCode] as string;
    if (v[AT.wafError] !== undefined) record.wafError = v[AT.wafError] as string;
    this.resolveRouteShape(record);
    if (this.noIntegrationStatus) record.noIntegrationStatus = true;
    this.resolveIntegrationStatus(record);
    const genericMessage = v[AT.genericMessage] as string | undefined;
    if (!this.specificMessage && genericMessage !== undefined) record.errorMessage = genericMessage;
    const time = v[AT.time];
    const timeEpoch = v[AT.timeEpoch];
    const timeMs =
      (timeEpoch !== undefined ? timeOfValue(timeEpoch) : undefined) ??
      (time !== undefined ? timeOfValue(time) : undefined);
    if (timeMs !== undefined) record.timeMs = timeMs;
    // An HTTP status is a whole number from 100 to 599: anything else is no status.
    if (
      record.status !== undefined &&
      (record.status < 100 || record.status > 599 || !Number.isInteger(record.status))
    ) {
      record.status = undefined;
    }
    // An integration's or authorizer's error message is API Gateway's own evidence even without a
    // status: a Logs Insights row of `fields integrationErrorMessage` holds nothing else.
    const isAccessLog =
      record.status !== undefined ||
      record.responseType !== undefined ||
      record.integrationStatus !== undefined ||
      record.integrationServiceStatus !== undefined ||
      record.integrationError !== undefined ||
      record.authorizerError !== undefined;
    return isAccessLog ? record : undefined;
  }

  /**
   * Marks whether the line says no route matched (noRoute, noRouteKey) and whether its format is a
   * WebSocket API's (webSocketFormat).
   *
   * A `-` route key is no route matched, on an HTTP API's line only where no eventType key says
   * WebSocket. A REST API has neither $context.routeKey nor $context.eventType: a format copied from
   * another API's, or one logging every variable (SUMO-DOCS-PKIX-PRETTY-PRINTED), logs both as `-` on
   * every request, so beside a REST request id they say nothing, eventType key or not.
   * A connectionId key says WebSocket whatever the route key, beside any id but a REST API's, for
   * the same reason, and so does an eventType key logged as '-' (a request refused before its event
   * was known); one with a value says it by its value (isWebSocketLine). The id is read only for a
   * line that has such a key.
   */
  private resolveRouteShape(record: MutableRecord): void {
    const v = this.values;
    const eventTypeDash = this.eventTypeKey && v[AT.httpMethod] === undefined;
    const restId =
      (this.noRouteKey || this.connectionIdKey || eventTypeDash) &&
      isRestRequestId(v[AT.requestId] as string | undefined);
    // An event the API named (MESSAGE, CONNECT) makes the line a WebSocket API's whatever its id.
    const routeKeyDash =
      this.noRouteKey && (!restId || WEBSOCKET_EVENT.test((v[AT.httpMethod] as string | undefined) ?? ''));
    if (this.noRoute || routeKeyDash) record.noRoute = true;
    // Nor beside an HTTP method or a resource path (logsHttpRequest), whatever the id.
    const webSocketKey = (this.connectionIdKey || eventTypeDash) && !restId && !logsHttpRequest(v);
    if (webSocketKey) record.webSocketFormat = true;
    if (routeKeyDash && !this.eventTypeKey && !webSocketKey) record.noRouteKey = true;
  }

  /**
   * A camel `integrationStatus` is `$context.integrationStatus`: for a Lambda proxy AWS Lambda's own
   * status for the invoke ("not from the backend Lambda function code"), for an HTTP integration the
   * backend's. Beside a separated `integration.status`, when it differs from the backend's status the
   * integration is a Lambda proxy, and it is what integrationServiceStatus holds (unless
   * `integration.integrationStatus` already gave it). Alone, it is taken for the backend's status,
   * except a success while the client got an error: a backend that answered 2xx is passed on as it
   * is (or mapped by a non-proxy integration, which is why an error there stays the backend's), so
   * that is Lambda's 200 for an invoke whose function answered the error itself (corpus F-04 logs
   * both: `integration_status` 401, `integrationStatus` 200). On an HTTP API, which passes an HTTP
   * backend's status on unchanged and maps none, a 4xx beside the client's 5xx is Lambda's (or an AWS
   * service's) refusal of API Gateway's call, not a backend's answer to the caller.
   */
  private resolveIntegrationStatus(record: MutableRecord): void {
    const camelStatus = this.values[AT.camelIntegrationStatus] as number | undefined;
    if (!this.separatedStatus) {
      if (camelStatus === undefined) {
        if (this.camelDash) record.noIntegrationStatus = true;
      } else if (
        record.status !== undefined &&
        record.status >= 400 &&
        record.integrationServiceStatus === undefined &&
        (camelStatus < 400 || (camelStatus < 500 && record.status >= 500 && isHttpApiLine(record)))
      ) {
        record.integrationServiceStatus = camelStatus;
      } else record.integrationStatus = camelStatus;
    } else if (
      camelStatus !== undefined &&
      camelStatus !== record.integrationStatus &&
      record.integrationServiceStatus === undefined
    ) {
      record.integrationServiceStatus = camelStatus;
    }
  }
}

/**
 * Whether a line's values hold an HTTP method or a resource path: WebSocket APIs log neither
 * (websocket-api-logging), so a line with either is a REST format's logging every variable, its
 * connectionId and eventType as `-`, whatever its request id (a placeholder, a generic `id` key, none).
 */
function logsHttpRequest(values: readonly (string | number | undefined)[]): boolean {
  const method = values[AT.httpMethod] as string | undefined;
  return values[AT.resourcePath] !== undefined || (method !== undefined && !WEBSOCKET_EVENT.test(method));
}

/**
 * A WebSocket API's line: an event type where HTTP logs the method, a route key only it has, or a
 * connectionId key or an eventType key logged as `-` (webSocketFormat).
 */
export function isWebSocketLine(record: AccessLogRecord): boolean {
  return (
    record.webSocketFormat === true ||
    WEBSOCKET_EVENT.test(record.httpMethod ?? '') ||
    WEBSOCKET_ROUTE.test(record.routeKey ?? '')
  );
}

/**
 * An HTTP API's line: a route key, maybe `-` (REST APIs have none: a `-` beside a REST request id is not
 * noted, see finish), that is no WebSocket API's.
 */
export function isHttpApiLine(record: AccessLogRecord): boolean {
  return (record.routeKey !== undefined || record.noRouteKey === true) && !isWebSocketLine(record);
}

/** Builds a record from raw key/value pairs; undefined when nothing in it is access-log evidence. */
export function recordFromFields(
  format: AccessLogFormat,
  pairs: Iterable<readonly [string, unknown]>,
): AccessLogRecord | undefined {
  const builder = new RecordBuilder(format);
  for (const [key, raw] of pairs) builder.add(key, raw);
  return builder.finish();
}
