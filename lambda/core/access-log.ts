/**
 * Parses one API Gateway access-log line in any of AWS's offered formats (JSON, CLF, XML, CSV, for
 * REST, HTTP and WebSocket APIs), a custom JSON format, `key: value, …` text (the Serverless
 * Framework's default), space-joined `key=value` pairs or positional ` | `-separated fields, whatever
 * the key spelling: `$context` names (`error.responseType`), flattened
 * (`error_responseType`, `errorResponseType`), camel or snake case.
 */

import { epochTextMs, epochValueMs } from './epoch-time';
import { isPlaceholderId } from './execution-log';
import { isoTimeMs } from './iso-time';
import {
  ACCESS_LOG_FORMAT,
  type AccessLogFormat,
  type AccessLogRecord,
  UNPARSED_REASON,
  type UnparsedReason,
} from './types';

/** An access line read: its record, or why it is none. */
export type AccessParse =
  | { readonly ok: true; readonly record: AccessLogRecord }
  | { readonly ok: false; readonly reason: UnparsedReason; readonly detail?: string };

/**
 * The record's fields a key can fill. (`format`, `timeMs` and the two `no…` marks are the builder's
 * own doing.)
 */
const RECORD_FIELDS = [
  'requestId',
  'extendedRequestId',
  'apiId',
  'stage',
  'domainName',
  'httpMethod',
  'path',
  'resourcePath',
  'routeKey',
  'status',
  'responseType',
  'errorMessage',
  'integrationStatus',
  'integrationServiceStatus',
  'integrationError',
  'integrationLatencyMs',
  'responseLatencyMs',
  'authorizerError',
  'authorizerStatus',
  'authenticateStatus',
  'authorizeStatus',
  'wafStatus',
  'wafResponseCode',
  'wafError',
] as const satisfies readonly Exclude<
  keyof AccessLogRecord,
  'format' | 'timeMs' | 'noRoute' | 'noIntegrationStatus' | 'noResponseType'
>[];

/**
 * Values the builder resolves in finish(): the times, `integrationStatus` written camel-case, which
 * may be either the backend's status or AWS Lambda's (see fieldOf), the generic keys `id` and
 * `message`, which only fill their field when no specific key does, and `methodStatus`, which fills
 * the status whatever a `status` key holds.
 */
const RESOLVED_VALUES = [
  'time',
  'timeEpoch',
  'camelIntegrationStatus',
  'genericId',
  'genericMessage',
  'methodStatus',
  'authorizerServiceStatus',
] as const;

/** A record field, or a value the builder resolves in finish(). */
type Field = (typeof RECORD_FIELDS)[number] | (typeof RESOLVED_VALUES)[number];

const FIELDS: readonly Field[] = [...RECORD_FIELDS, ...RESOLVED_VALUES];
/** Each field's place in a builder's list of values. */
const AT = Object.fromEntries(FIELDS.map((field, index) => [field, index])) as Readonly<
  Record<Field, number>
>;

/**
 * Key aliases (a Map, so keys such as `constructor` in a line cannot reach Object.prototype), compared after lower-casing and removing everything but letters and digits, so
 * `error.responseType`, `error_responseType` and `errorResponseType` are one key. The first field a
 * normalised key maps to wins; more specific keys are listed so they cannot be shadowed.
 */
const ALIASES: ReadonlyMap<string, Field> = new Map<string, Field>(
  Object.entries({
    requestid: 'requestId',
    reqid: 'requestId',
    // Keys are compared whole after normalising, so `identity.id` (identityid) or `integration.requestId`
    // (integrationrequestid) never reach these. A bare `id` may name something else, and published
    // formats log $context.awsEndpointRequestId (the endpoint's own id) as `awsRequestId`, so a
    // `requestId` anywhere in the line wins over either.
    id: 'genericId',
    awsrequestid: 'genericId',
    extendedrequestid: 'extendedRequestId',
    extendedid: 'extendedRequestId',
    requesttime: 'time',
    time: 'time',
    timestamp: 'time',
    timelocal: 'time',
    datetime: 'time',
    requesttimeepoch: 'timeEpoch',
    timeepoch: 'timeEpoch',
    apiid: 'apiId',
    restapiid: 'apiId',
    stage: 'stage',
    stagename: 'stage',
    domainname: 'domainName',
    httpmethod: 'httpMethod',
    method: 'httpMethod',
    requestmethod: 'httpMethod',
    verb: 'httpMethod',
    // A WebSocket API's $context.eventType (CONNECT, MESSAGE, DISCONNECT) stands where HTTP's method does.
    eventtype: 'httpMethod',
    path: 'path',
    requestpath: 'path',
    uri: 'path',
    resourcepath: 'resourcePath',
    resource: 'resourcePath',
    routekey: 'routeKey',
    route: 'routeKey',
    status: 'status',
    statuscode: 'status',
    httpstatus: 'status',
    httpstatuscode: 'status',
    responsestatus: 'status',
    responsecode: 'status',
    // $context.status named as the execution log names it ("Method completed with status: 502"). A
    // published Terraform HTTP API stage logs it as `methodStatus` and $context.integration.status as
    // `status` (index id 18023670755), so it wins over a `status` key.
    methodstatus: 'methodStatus',
    methodresponsestatus: 'methodStatus',
    methodstatuscode: 'methodStatus',
    errorresponsetype: 'responseType',
    responsetype: 'responseType',
    gatewayresponsetype: 'responseType',
    errortype: 'responseType',
    // A nested `"error":{"errorResponseType":…,"errorMessage":…}` (a published Kinesis transformer's format).
    errorerrorresponsetype: 'responseType',
    errormessage: 'errorMessage',
    errormessagestring: 'errorMessage',
    errormsg: 'errorMessage',
    errorerrormessage: 'errorMessage',
    // $context.error.message and .messageString as a published Terraform HTTP API stage names them
    // (index ids 33003583876, 32295016212).
    requesterrormessage: 'errorMessage',
    requesterrormessagestring: 'errorMessage',
    // $context.error.validationErrorString: the request validator's own account of the failure.
    validationerrorstring: 'errorMessage',
    errorvalidationerrorstring: 'errorMessage',
    validationerror: 'errorMessage',
    errorvalidationerror: 'errorMessage',
    validationerr: 'errorMessage',
    errorvalidation: 'errorMessage',
    errorvalstring: 'errorMessage',
    error: 'errorMessage',
    message: 'genericMessage',
    messagestring: 'genericMessage',
    integrationstatus: 'integrationStatus',
    integrationresponsestatus: 'integrationStatus',
    // "The status code returned from an integration" ($context.integration.status), as a published
    // Terraform HTTP API stage names it beside `integrationStatus` for integration.integrationStatus
    // (index ids 33003583876, 32295016212).
    integrationstatuscode: 'integrationStatus',
    // The Lambda function's own status, as AWS describes $context.integration.status for a Lambda proxy
    // (`functionResponseStatus` is in a format copied into many published CDK and Terraform stacks).
    functionresponsestatus: 'integrationStatus',
    functionstatus: 'integrationStatus',
    integrationintegrationstatus: 'integrationServiceStatus',
    integrationservicestatus: 'integrationServiceStatus',
    lambdastatus: 'integrationServiceStatus',
    integrationerror: 'integrationError',
    integrationerrormessage: 'integrationError',
    integrationerr: 'integrationError',
    integrationlatency: 'integrationLatencyMs',
    integrationintegrationlatency: 'integrationLatencyMs',
    integrationlatencyms: 'integrationLatencyMs',
    responselatency: 'responseLatencyMs',
    responselatencyms: 'responseLatencyMs',
    latency: 'responseLatencyMs',
    latencyms: 'responseLatencyMs',
    authorizererror: 'authorizerError',
    authorizeerror: 'authorizerError',
    authenticateerror: 'authorizerError',
    autherror: 'authorizerError',
    authorizerstatus: 'authorizerStatus',
    // The phases around an authorizer have statuses of their own: which one refused tells why.
    authorizestatus: 'authorizeStatus',
    authenticatestatus: 'authenticateStatus',
    // $context.authorizer.integrationStatus, "the status code returned from a Lambda authorizer":
    // Lambda's own for the invoke (200 for an authorizer that ran and answered Deny). It stands for
    // the phase's status only where authorizer.status is not logged (see finish).
    authorizerintegrationstatus: 'authorizerServiceStatus',
    authorizerservicestatus: 'authorizerServiceStatus',
    authorizeresultstatus: 'authorizeStatus',
    wafstatus: 'wafStatus',
    wafresponsecode: 'wafResponseCode',
    // `waf-response` is AWS's own example format's key for $context.wafResponseCode.
    wafresponse: 'wafResponseCode',
    waferror: 'wafError',
  } satisfies Record<string, Field>),
);

/** Fields, and values finish() resolves, whose value is an HTTP status or a number of milliseconds. */
const NUMERIC: ReadonlySet<Field> = new Set<Field>([
  'status',
  'methodStatus',
  'integrationStatus',
  'camelIntegrationStatus',
  'integrationServiceStatus',
  'authorizerStatus',
  'authorizerServiceStatus',
  'authenticateStatus',
  'authorizeStatus',
  'wafStatus',
  'integrationLatencyMs',
  'responseLatencyMs',
]);

const MONTHS: Readonly<Record<string, number>> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

const CLF_TIME = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\s*([+-])(\d{2}):?(\d{2}))?$/;

/** Parses `$context.requestTime` (CLF style), ISO 8601, or epoch seconds/milliseconds, whole or with a fraction. */
export function parseTime(value: string): number | undefined {
  const text = value.trim();
  const clf = CLF_TIME.exec(text);
  if (clf) {
    const [, d, mon, y, h, mi, s, sign, oh, om] = clf;
    const month = MONTHS[(mon ?? '').toLowerCase()];
    if (month === undefined) return undefined;
    const utc = Date.UTC(Number(y), month, Number(d), Number(h), Number(mi), Number(s));
    const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0;
    return utc - offset;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    return isoTimeMs(text);
  }
  return epochTextMs(text);
}

/** parseTime for a value that JSON may have logged as a number: epoch seconds or milliseconds. */
function timeOfValue(value: string | number): number | undefined {
  if (typeof value === 'string') return value ? parseTime(value) : undefined;
  return epochValueMs(value);
}

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The name a key is looked up by: normalised, and without a leading `context` that is not part of a
 * known key, so a format that nests everything under `context` (terraform-aws-modules/apigateway-v2's
 * examples: `{"context":{"status":…,"error":{"message":…},"integration":{…}}}`) or spells the variable
 * whole (`contextIntegrationLatency` for $context.integrationLatency) is read like one that does not.
 */
function nameOf(key: string): string {
  const normalised = normaliseKey(key);
  const name =
    normalised.startsWith('context') && !ALIASES.has(normalised) ? normalised.slice(7) : normalised;
  if (ALIASES.has(name)) return name;
  const expanded = expandedName(name);
  return ALIASES.has(expanded) ? expanded : (groupLeafOf(key) ?? name);
}

/**
 * A name written with a published format's abbreviation (find_string ids 66626389227, 6442230880:
 * `gwError` for $context.error.message, `integError` for $context.integration.error, `integStatus`
 * for $context.integrationStatus) as the access table spells it: `integ` is short for
 * `integration`, and an error named after the gateway (`gw`, `gateway`) is the gateway's own
 * `error.message` (`gwErrorType` its response type). Read only when the name itself is unknown.
 */
function expandedName(name: string): string {
  if (name.startsWith('integ') && !name.startsWith('integration')) return `integration${name.slice(5)}`;
  const gateway = name.startsWith('gwerror') ? 2 : name.startsWith('gatewayerror') ? 7 : 0;
  if (gateway === 0) return name;
  const error = name.slice(gateway);
  return error === 'error' ? 'errormessage' : error;
}

/**
 * A variable nested in a group named after the request's own parts, keyed by its `$context` name
 * (obytes/terraform-aws-lambda-apigw:modules/gw/main.tf: `request.requestId`, `http.routeKey`,
 * `response.status`), or in a group its own name repeats (`integration.integrationErrorMessage`,
 * `error.errorMessage`).
 */
const GROUPED_KEY =
  /^(?:context[._])?(?:(?:request|response|http)[._]([A-Za-z]\w*)|(integration|error)[._](\2\w*))$/i;

/**
 * The leaf's name of a grouped key (GROUPED_KEY) the access table knows, read only when the whole key
 * is unknown. Only those groups: under others a leaf is another party's (`integration.requestId` is
 * the backend's request id, `authorizer.integrationLatency` the authorizer's, `api.id` the API's).
 */
function groupLeafOf(key: string): string | undefined {
  const match = GROUPED_KEY.exec(key);
  const leaf = match ? normaliseKey(match[1] ?? match[3] ?? '') : undefined;
  return leaf !== undefined && ALIASES.has(leaf) ? leaf : undefined;
}

/** How a slot reads a value: as text, as a status or number of milliseconds, or as a time (kept as logged). */
const READ = { text: 0, number: 1, time: 2 } as const;
type Read = (typeof READ)[keyof typeof READ];

/** What a `-` in a slot notes: the gateway had nothing to log there, which is evidence in itself for some. */
const DASH = {
  nothing: 0,
  noRoute: 1,
  noIntegrationStatus: 2,
  camelDash: 3,
  noRouteKey: 4,
  noResponseType: 5,
} as const;
type Dash = (typeof DASH)[keyof typeof DASH];

/** What the mere presence of a key tells finish(), whatever its value. */
const MARK = {
  nothing: 0,
  /** A separated `integration.status` key. */
  separatedStatus: 1,
  /** A specific request-id key. */
  specificId: 2,
  /** A specific error-message key. */
  specificMessage: 3,
  /**
   * A bare `error` key: it often holds $context.authorizer.error or the integration's error, so only
   * a value there, not a '-', sets a generic message aside.
   */
  bareError: 4,
  /**
   * A `$context.eventType` key, even as `-`: only WebSocket APIs have the variable (HTTP APIs have
   * neither it nor connectionId, per API Gateway's HTTP API logging variables), so beside a `-` route
   * key it says the line is no HTTP API's. Formats that log every variable on a REST API log it as `-`
   * too: beside a REST request id it says nothing (finish).
   */
  eventType: 5,
  /**
   * A `$context.connectionId` key, even as `-` (a request refused before it had a connection): only
   * WebSocket APIs have the variable (websocket-api-logging; neither HTTP APIs' logging variables nor
   * REST's name it), and an HTTP API's stage refuses a format naming a variable it lacks (ApiGatewayV2's
   * BadRequestException "The following context variables are not supported"). Its value is not read:
   * the key says the format is a WebSocket API's, except beside a REST request id (finish), as a REST
   * format logging every variable logs it as `-`.
   */
  connectionId: 6,
} as const;
type Mark = (typeof MARK)[keyof typeof MARK];

/** Where a raw key's value goes (its place in the builder's values), how it is read, and what it notes. */
interface Slot {
  readonly index: number;
  readonly read: Read;
  readonly dash: Dash;
  readonly mark: Mark;
  /** A WAF status or error key, which some formats fill with $context.wafResponseCode (see put). */
  readonly waf: boolean;
}

/** How $context.error.responseType is logged: `THROTTLED`, `DEFAULT_4XX`, `MISSING_AUTHENTICATION_TOKEN`. */
const RESPONSE_TYPE_SHAPE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/** What $context.wafResponseCode logs: `WAF_ALLOW` or `WAF_BLOCK`. */
const WAF_RESPONSE_CODE = /^WAF_[A-Z_]+$/i;

/**
 * Raw key → slot, remembered: a delivery repeats the same dozen keys on every line, so each is
 * normalised once. Bounded so hostile keys cannot grow it without limit.
 */
const SLOT_OF_KEY = new Map<string, Slot | null>();
const MAX_REMEMBERED_KEYS = 2048;

/** `integration.status`, `integration_status`, `integ.status`, …: the key names `$context.integration.status` itself. */
const SEPARATED_INTEGRATION_STATUS = /integ(?:ration)?[^a-z0-9]+status/i;

/**
 * `$context.integration.status` is the backend's status (for a Lambda proxy, the function's own
 * statusCode), while `$context.integrationStatus` is, for a Lambda proxy, "the status code returned
 * from AWS Lambda, not from the backend Lambda function code" (API Gateway's REST and HTTP API variable
 * references). Both normalise to `integrationstatus`; a key that keeps a separator between the two
 * words is the former, a camel `integrationStatus` is the latter and is resolved in finish().
 */
function fieldOf(key: string): Field | undefined {
  const name = nameOf(key);
  const field = ALIASES.get(name);
  return name === 'integrationstatus' && !SEPARATED_INTEGRATION_STATUS.test(key)
    ? 'camelIntegrationStatus'
    : field;
}

function markOf(field: Field, key: string): Mark {
  if (field === 'integrationStatus') return MARK.separatedStatus;
  if (field === 'httpMethod' && nameOf(key) === 'eventtype') return MARK.eventType;
  if (field === 'requestId') return MARK.specificId;
  if (field !== 'errorMessage') return MARK.nothing;
  return nameOf(key) === 'error' ? MARK.bareError : MARK.specificMessage;
}

function dashOf(field: Field): Dash {
  // A route key, unlike a resource path, is only an HTTP or WebSocket API's: its `-` says which API too.
  if (field === 'routeKey') return DASH.noRouteKey;
  if (field === 'resourcePath') return DASH.noRoute;
  if (field === 'integrationStatus') return DASH.noIntegrationStatus;
  if (field === 'responseType') return DASH.noResponseType;
  return field === 'camelIntegrationStatus' ? DASH.camelDash : DASH.nothing;
}

/** The slot of a `connectionId` key: only its presence is read (MARK.connectionId), so it has no place. */
const CONNECTION_ID_SLOT: Slot = {
  index: -1,
  read: READ.text,
  dash: DASH.nothing,
  mark: MARK.connectionId,
  waf: false,
};

function newSlot(key: string): Slot | null {
  const field = fieldOf(key);
  if (field === undefined) return nameOf(key) === 'connectionid' ? CONNECTION_ID_SLOT : null;
  const read =
    field === 'time' || field === 'timeEpoch' ? READ.time : NUMERIC.has(field) ? READ.number : READ.text;
  const waf = field === 'wafStatus' || field === 'wafError';
  return { index: AT[field], read, dash: dashOf(field), mark: markOf(field, key), waf };
}

function slotOf(key: string): Slot | undefined {
  let slot = SLOT_OF_KEY.get(key);
  if (slot === undefined) {
    slot = newSlot(key);
    if (SLOT_OF_KEY.size < MAX_REMEMBERED_KEYS) SLOT_OF_KEY.set(key, slot);
  }
  return slot ?? undefined;
}

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
class RecordBuilder {
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
    // Only where the request id is no HTTP or WebSocket API's (GATEWAY_ID): those APIs have no
    // gateway responses to customise, so a `-` there may say nothing about who answered.
    else if (this.noResponseType && responseType === undefined && !GATEWAY_ID.test(requestId ?? ''))
      record.noResponseType = true;
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
    if (record.status !== undefined && (record.status < 100 || record.status > 599)) {
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
function recordFromFields(
  format: AccessLogFormat,
  pairs: Iterable<readonly [string, unknown]>,
): AccessLogRecord | undefined {
  const builder = new RecordBuilder(format);
  for (const [key, raw] of pairs) builder.add(key, raw);
  return builder.finish();
}

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

/**
 * Repairs the known quirk of formats that quote `$context.error.messageString`, which is already
 * quoted: `"message":""Forbidden""` is invalid JSON. White space may stand before the closing
 * `,` or `}` (a pretty-printed copy of such a line).
 */
export function repairDoubleQuoted(line: string): string {
  return line.replace(
    /:\s*""((?:[^"\\]|\\.)*)""(\s*[,}])/g,
    (_m, inner: string, tail: string) => `:"${inner}"${tail}`,
  );
}

/**
 * Repairs a format written inside a second pair of braces (`{{"requestId":…}}`), as the Serverless
 * Framework's default HTTP API format was in early 2020 (serverless/serverless#7559).
 */
function unwrapDoubleBraces(line: string): string {
  const text = line.trim();
  return text.startsWith('{{') && text.endsWith('}}') ? text.slice(1, -1) : line;
}

/** Space, tab, carriage return, line feed: JSON's white space. */
function isJsonSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10;
}

/** The index of the first character at or after `from` that is not JSON white space. */
function skipJsonSpace(line: string, from: number): number {
  let i = from;
  while (i < line.length && isJsonSpace(line.charCodeAt(i))) i++;
  return i;
}

/**
 * Repairs two more quirks of hand-written JSON formats, outside strings only:
 * - a numeric variable left unquoted (`"integrationStatus": $context.integrationStatus`) that API
 *   Gateway had no value for, so it wrote a bare `-`: `"integrationStatus": -,` becomes
 *   `"integrationStatus": "-",`, which the record builder reads as 'no value';
 * - a comma before `}` or `]` (the last field of a format written with a trailing comma) is dropped.
 * One pass that tracks strings; each run of white space is looked over at most twice, so the repair
 * stays linear on any line.
 */
function repairBareValues(line: string): string {
  let out = '';
  let copied = 0;
  let inString = false;
  /** The last character outside strings that is not white space. */
  let previous = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (inString) {
      if (code === 92 /* \ */) i++;
      else if (code === 34 /* " */) inString = false;
      continue;
    }
    if (isJsonSpace(code)) continue;
    if (code === 34) {
      inString = true;
    } else if (code === 45 /* - */ && previous === 58 /* : */) {
      const next = line.charCodeAt(skipJsonSpace(line, i + 1));
      // A `-` followed by digits is a negative number; only a `-` that stands alone is repaired.
      if (next === 44 /* , */ || next === 125 /* } */ || next === 93 /* ] */) {
        out += `${line.slice(copied, i)}"-"`;
        copied = i + 1;
      }
    } else if (code === 44 /* , */) {
      const next = line.charCodeAt(skipJsonSpace(line, i + 1));
      if (next === 125 || next === 93) {
        out += line.slice(copied, i);
        copied = i + 1;
        continue;
      }
    }
    previous = code;
  }
  return copied === 0 ? line : out + line.slice(copied);
}

/** The longest key a lookahead reads when it decides whether a quote ends a value. */
const MAX_KEY_LOOKAHEAD = 200;

/** Whether `line` holds, from `from` on, white space, `"key"`, white space and `:`: the next key of an object. */
function keyStartsAt(line: string, from: number): boolean {
  let i = skipJsonSpace(line, from);
  if (line.charCodeAt(i) !== 34 /* " */) return false;
  const limit = Math.min(line.length, i + 1 + MAX_KEY_LOOKAHEAD);
  for (i += 1; i < limit; i++) {
    const code = line.charCodeAt(i);
    if (code === 92 /* \ */) return false;
    if (code === 34) return line.charCodeAt(skipJsonSpace(line, i + 1)) === 58 /* : */;
  }
  return false;
}

/**
 * Whether the quote at `at` ends the string it is in, judged by what follows it: a key ends before
 * its `:`; an object's value before `}` or before `,` and the next key; an array's element before
 * `,` or `]`.
 */
function endsString(line: string, at: number, isKey: boolean, container: number): boolean {
  const next = skipJsonSpace(line, at + 1);
  const code = line.charCodeAt(next);
  if (isKey) return code === 58 /* : */;
  if (container === 91 /* [ */) return code === 44 /* , */ || code === 93 /* ] */;
  if (container === 123 /* { */) return code === 125 /* } */ || (code === 44 && keyStartsAt(line, next + 1));
  return next >= line.length;
}

/** The characters a JSON escape may follow its backslash with, `u` aside. */
const JSON_ESCAPED = '"\\/bfnrt';

/** Whether `line` at `at` continues a JSON escape after its backslash: `"\\/bfnrt`, or `u` and four hex digits. */
function startsJsonEscape(line: string, at: number): boolean {
  const code = line.charCodeAt(at);
  if (code !== 117 /* u */) return JSON_ESCAPED.includes(line.charAt(at)) && at < line.length;
  for (let k = at + 1; k <= at + 4; k++) {
    const hex = line.charCodeAt(k) | 32;
    if (!((hex >= 48 && hex <= 57) || (hex >= 97 && hex <= 102))) return false;
  }
  return true;
}

/**
 * Repairs quotes API Gateway wrote inside a quoted value without escaping them: it writes
 * `$context` values as they are, so `"validation":"$context.error.validationErrorString"` becomes
 * `"validation":"[object has missing required properties (["name"])]"`. A quote inside a string
 * that is not followed by what ends a string there (endsString) is escaped. One pass; each quote
 * looks ahead over white space and at most one key, so the repair stays linear.
 */
function repairUnescapedQuotes(line: string): string {
  let out = '';
  let copied = 0;
  const containers: number[] = [];
  let expectKey = false;
  let inString = false;
  let isKey = false;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    const container = containers.at(-1) ?? 0;
    if (inString) {
      if (code === 92 /* \ */) {
        // Its backslashes too (a validator's `^\d{5}$`, a probe's `..\..\`): one that starts no JSON
        // escape is a backslash of the value.
        if (startsJsonEscape(line, i + 1)) i++;
        else {
          out += `${line.slice(copied, i)}\\\\`;
          copied = i + 1;
        }
      } else if (code === 34 /* " */) {
        if (endsString(line, i, isKey, container)) inString = false;
        else {
          out += `${line.slice(copied, i)}\\"`;
          copied = i + 1;
        }
      }
      continue;
    }
    if (code === 34) {
      inString = true;
      isKey = container === 123 && expectKey;
    } else if (code === 123 /* { */) {
      containers.push(code);
      expectKey = true;
    } else if (code === 91 /* [ */) {
      containers.push(code);
    } else if (code === 125 || code === 93) {
      containers.pop();
    } else if (code === 44 /* , */) {
      expectKey = container === 123;
    } else if (code === 58 /* : */) {
      expectKey = false;
    }
  }
  return copied === 0 ? line : out + line.slice(copied);
}

const LAMBDA_PROXY_OBJECT = 'a Lambda proxy response or event (isBase64Encoded), not an access-log line';

/** The value a JSON text holds, or undefined when it is no JSON (JSON.parse never returns undefined). */
function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseJson(line: string): AccessParse {
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
  if (Object.hasOwn(value, 'isBase64Encoded')) {
    return { ok: false, reason: UNPARSED_REASON.jsonWithoutAccessField, detail: LAMBDA_PROXY_OBJECT };
  }
  const builder = new RecordBuilder(ACCESS_LOG_FORMAT.json);
  addFlattened(builder, value as Record<string, unknown>);
  const record = builder.finish();
  return record ? { ok: true, record } : { ok: false, reason: UNPARSED_REASON.jsonWithoutAccessField };
}

const HTTP_METHODS = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY|CONNECT|TRACE|\$default)$/i;

/** HTTP API presets put the route key ("GET /pets") where REST presets put the resource path. */
function isRouteKey(target: string): boolean {
  if (target === '$default') return true;
  const parts = target.split(' ');
  return parts.length === 2 && HTTP_METHODS.test(parts[0] ?? '');
}

/**
 * An id API Gateway made: an HTTP or WebSocket API's `$context.requestId`, any API's
 * `$context.extendedRequestId` (`AZzecgvEPHcEPew=`): 16 characters of base64 (URL-safe in every log
 * seen), the last an `=`, as in every real log and response header here (an AWS page's invented
 * `MY92nHDwwwIdGxzR=` has 17). A REST API's `$context.requestId` is a UUID, the caller's
 * own or API Gateway's, or `{{UUID}}_REPLACED_INVALID_REQUEST_ID`; an id edited by whoever pasted it
 * (`req-1`, a UUID cut short) is neither, and one whose letters were x'ed out (`xx389x71-xx67-…`)
 * keeps a UUID's shape (REST_REQUEST_ID).
 */
const GATEWAY_ID = /^[A-Za-z0-9_+/-]{15}=$/;

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
function isRestRequestId(requestId: string | undefined): boolean {
  return (
    requestId !== undefined &&
    requestId.charCodeAt(8) === 45 /* - */ &&
    REST_REQUEST_ID.test(requestId) &&
    !isPlaceholderId(requestId)
  );
}

/**
 * Which variable a CLF or CSV preset's target is. A route key names itself; a `-` (no route matched,
 * or no resource) is either, and the request id tells: an HTTP API's is one API Gateway made, a REST
 * API's is a UUID. Read so, an HTTP API preset's unmatched request is an HTTP API's, as the same
 * request is in its JSON and XML presets, which name the key. An id of neither shape tells nothing,
 * and the `-` stays a resource path, as a REST preset's is.
 */
function targetField(target: string, requestId: string | undefined): 'routeKey' | 'resourcePath' {
  if (isRouteKey(target)) return 'routeKey';
  return target === '-' && requestId !== undefined && GATEWAY_ID.test(requestId)
    ? 'routeKey'
    : 'resourcePath';
}

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
  // find_string id 26449109507) is not part of the message.
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
 * made (GATEWAY_ID: no caller can set it, and every real one has that shape): appended text with a
 * digit (an API id, a UUID, an epoch time, a word) stays text, and after an HTTP API preset's request
 * id, which no extended id follows, it is what users appended. Text glued to the extended id is split
 * off as requestIdAt splits it from a request id (hasGluedText).
 */
function clfTail(text: string | undefined): Appended {
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
function csvTail(fields: readonly string[]): Appended {
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
function appendedPairs(appended: Appended): [string, unknown][] {
  return [
    ['extendedRequestId', appended.extendedRequestId],
    ['responseType', appended.responseType],
    ['errorMessage', appended.errorMessage],
    ['integrationErrorMessage', appended.integrationError],
  ];
}

/** The token of `text` that starts at `from` (which is not a space), and where the next one starts. */
function tokenAt(text: string, from: number): readonly [string, number] {
  let end = text.indexOf(' ', from);
  if (end < 0) end = text.length;
  let next = end;
  while (text.charCodeAt(next) === 32) next++;
  return [text.slice(from, end), next];
}

/** `$context.responseLength`: a number, or `-` when there was no response body. */
const LENGTH = /^(?:\d+|-)$/;

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

/** The CLF request id token at `from` and the text after it, glued text included (hasGluedText). */
function requestIdAt(text: string, from: number): { requestId: string; tail: string } {
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
 * the first of them, as requestIdAt reads a CLF line.
 */
function csvRequestIdAt(
  fields: readonly string[],
  at: number,
): { requestId: string | undefined; after: readonly string[] } {
  const requestId = fields[at];
  const after = fields.slice(at + 1);
  if (requestId === undefined || !hasGluedText(requestId)) return { requestId, after };
  return {
    requestId: requestId.slice(0, GATEWAY_ID_LENGTH),
    after: [requestId.slice(GATEWAY_ID_LENGTH), ...after],
  };
}

/** `$context.eventType` of a WebSocket API, which its presets log where HTTP logs the method. */
const WEBSOCKET_EVENT = /^(?:CONNECT|MESSAGE|DISCONNECT)$/;

/** Route keys only a WebSocket API has (`$default` is an HTTP API's too). */
const WEBSOCKET_ROUTE = /^\$(?:connect|disconnect)$/;

/**
 * A WebSocket CLF line quotes `"eventType routeKey connectionId"` and no protocol: the route key is
 * all but the last word (the connection id).
 */
function webSocketRoute(target: string): string {
  const space = target.lastIndexOf(' ');
  return space < 0 ? target : target.slice(0, space).trimEnd();
}

function parseClf(line: string): AccessParse | undefined {
  // CLF's time opens with ` [` (spaces, then the bracket): a line without one is told without the
  // pattern, which parseAccessLine tries on every execution-log line.
  if (!line.includes(' [')) return undefined;
  const m = CLF.exec(line);
  if (!m) return undefined;
  const [, , , , time, method = '', target = '', protocol, status, afterStatus] = m;
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

function parseXml(line: string): AccessParse {
  const pairs: [string, unknown][] = [];
  const id = /<request\s+id="([^"]*)"/.exec(line);
  if (id) pairs.push(['requestId', id[1]]);
  for (const m of line.matchAll(/<([A-Za-z][\w.-]*)>([^<]*)<\/\1>/g))
    pairs.push([m[1] ?? '', unescapeXml(m[2] ?? '')]);
  const record = recordFromFields(ACCESS_LOG_FORMAT.xml, pairs);
  return record ? { ok: true, record } : { ok: false, reason: UNPARSED_REASON.xmlWithoutAccessElement };
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Splits one CSV record, honouring double-quoted fields with commas and doubled quotes. */
export function splitCsv(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"' && current === '') quoted = true;
    else if (c === ',') {
      fields.push(current);
      current = '';
    } else current += c;
  }
  fields.push(current);
  return fields;
}

/** CSV presets have at least this many fields, so as many commas less one. */
const MIN_CSV_COMMAS = 5;

const CSV_TIME = /^\d{1,2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}/;

/**
 * AWS's CSV presets are positional: REST `ip,caller,user,time,method,resourcePath,protocol,status,length,
 * requestId[,extendedRequestId]`, HTTP `ip,time,method,routeKey,protocol,status,length,requestId`. Fields are
 * located by their shape around the protocol column rather than by fixed index.
 */
function parseCsv(line: string): AccessParse | undefined {
  return mayBeCsv(line) ? readCsv(line) : undefined;
}

/**
 * Every CSV the presets write has a protocol field (`HTTP/1.1`) or, for WebSocket, a request time
 * (`25/Nov/2026:10:15:30`): a field read as either holds the same characters in the line, since
 * neither holds a quote or a comma. So a line with neither, or with fewer commas than a preset's
 * fields less one, is no CSV, told without splitting it: an execution-log line such as `HTTP Method:
 * GET, Resource Path: /items` is split no more.
 */
const CSV_PROTOCOL_OR_TIME = /HTTP\/|\d\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}/;

/** Exported for tests only: whether readCsv may read the line (false only when it cannot). */
export function mayBeCsv(line: string): boolean {
  return hasCsvCommas(line) && CSV_PROTOCOL_OR_TIME.test(line);
}

/** Whether a line holds as many commas as a CSV preset's fields less one, counted no further. */
function hasCsvCommas(line: string): boolean {
  let commas = 0;
  for (let at = line.indexOf(','); at >= 0 && commas < MIN_CSV_COMMAS; at = line.indexOf(',', at + 1))
    commas += 1;
  return commas >= MIN_CSV_COMMAS;
}

/** Exported for tests only: parseCsv without its pre-check. */
export function readCsv(line: string): AccessParse | undefined {
  const fields = splitCsv(line).map((f) => f.trim());
  if (fields.length < 6) return undefined;
  const protocol = fields.findIndex((f) => /^HTTP\/[\d.]+$/.test(f));
  return protocol < 0 ? parseWebSocketCsv(fields) : parseHttpCsv(fields, protocol);
}

function parseHttpCsv(fields: readonly string[], protocol: number): AccessParse | undefined {
  const methodAt = fields.findIndex((f) => HTTP_METHODS.test(f));
  if (protocol < 0 || methodAt < 0 || methodAt >= protocol) return undefined;
  const status = fields[protocol + 1];
  if (status === undefined || !/^(\d{3}|-)$/.test(status)) return undefined;
  const target = fields.slice(methodAt + 1, protocol).join(',');
  const { requestId, after } = csvRequestIdAt(fields, csvRequestIdIndex(fields, protocol + 3));
  const pairs: [string, unknown][] = [
    ['httpMethod', fields[methodAt]],
    ['status', status],
    ['requestId', requestId],
    ...appendedPairs(csvTail(after)),
    ['requestTime', fields.find((f) => CSV_TIME.test(f))],
    [targetField(target, requestId), target],
  ];
  const record = recordFromFields(ACCESS_LOG_FORMAT.csv, pairs);
  return record ? { ok: true, record } : undefined;
}

/**
 * Where a CSV line's request id is: the preset's place (`at`, after the status and response length),
 * unless a format with extra columns (`$context.wafResponseCode` after the status, find_string id
 * 10367314101) put a number or `-` there, which no request id is: then the later field that is a REST
 * API's id (a UUID; WAF, the column seen, is REST's only), when exactly one is. Two or more (an
 * authorizer's claims.sub or principalId, $context.integration.requestId beside the id) leave the id
 * untold, and a user's id taken for it would merge all that user's requests into one: the preset's
 * place is kept. Not an HTTP API's shape: a REST preset's extended id has it too, and follows an id
 * edited to a number when pasted (`1234`), which stays the id, as any edited id in the preset's place
 * does.
 */
function csvRequestIdIndex(fields: readonly string[], at: number): number {
  if (!LENGTH.test(fields[at] ?? '')) return at;
  let found = at;
  for (let k = at + 1; k < fields.length; k++) {
    if (!isRestRequestId(fields[k])) continue;
    if (found !== at) return at;
    found = k;
  }
  return found;
}

/**
 * The WebSocket CSV preset, `ip,caller,user,time,eventType,routeKey,connectionId,status,requestId`, has no
 * protocol column: it is located by its event type, with a status three columns on and a request time
 * (which every WebSocket preset logs) somewhere in the line. A request refused before route selection
 * logs its event type as `-` (a real WebSocket 403 in JSON has `"eventType": "-", "routeKey": "-"`):
 * then the event type is the `-` right after the request time.
 */
function parseWebSocketCsv(fields: readonly string[]): AccessParse | undefined {
  const timeAt = fields.findIndex((f) => CSV_TIME.test(f));
  const time = fields[timeAt];
  if (time === undefined) return undefined;
  let eventAt = fields.findIndex((f) => WEBSOCKET_EVENT.test(f));
  if (eventAt < 0 && fields[timeAt + 1] === '-') eventAt = timeAt + 1;
  if (eventAt < 0) return undefined;
  const status = fields[eventAt + 3];
  if (status === undefined || !/^(\d{3}|-)$/.test(status)) return undefined;
  const { requestId, after } = csvRequestIdAt(fields, eventAt + 4);
  const pairs: [string, unknown][] = [
    ['eventType', fields[eventAt]],
    ['routeKey', fields[eventAt + 1]],
    ['status', status],
    ['requestId', requestId],
    ['requestTime', time],
    ...appendedPairs(csvTail(after)),
  ];
  const record = recordFromFields(ACCESS_LOG_FORMAT.csv, pairs);
  return record ? { ok: true, record } : undefined;
}

/** Each `key: ` of a `key: value, key: value` line: a name at the start or after a comma, then ": ". */
const KEY_VALUE_KEY = /(?:^|,\s*)([A-Za-z_$][\w.$-]*): /g;
const KEY_VALUE_START = /^[A-Za-z_$][\w.$-]*: /;
/** Fewer pairs than this is more likely a message with a colon than an access-log line. */
const MIN_KEY_VALUE_PAIRS = 3;

/**
 * `requestId: $context.requestId, ip: …, status: $context.status, …`: the Serverless Framework's
 * default access-log format, also common in CDK examples. A value runs to the comma before the next
 * key, so a value that holds ", key: " is cut there.
 */
function parseKeyValue(line: string): AccessParse | undefined {
  if (!KEY_VALUE_START.test(line)) return undefined;
  const keys = [...line.matchAll(KEY_VALUE_KEY)];
  if (keys.length < MIN_KEY_VALUE_PAIRS) return undefined;
  const pairs = keys.map((match, i): [string, unknown] => {
    const next = keys[i + 1];
    const end = next?.index ?? line.length;
    return [match[1] ?? '', line.slice(match.index + match[0].length, end).trim()];
  });
  const record = recordFromFields(ACCESS_LOG_FORMAT.keyValue, withoutRepeatedKeys(pairs));
  return record ? { ok: true, record } : undefined;
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
const SPACED_KEY_START = /^[A-Za-z_][\w.]* ?= ?/;

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
 * line's end. Another field's (a User-Agent the format quotes) runs to one only before ` key=` or the
 * line's end with no `="` first (fieldClosingQuote); else its quote is the caller's and hides nothing.
 */
function spacedKeys(line: string): RegExpExecArray[] {
  const keys: RegExpExecArray[] = [];
  let inMessage = false;
  let quotedTo = -1;
  let unclosed = false;
  let fieldUnclosed = false;
  for (const match of line.matchAll(SPACED_KEY)) {
    if (match.index < quotedTo) continue;
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
      // None closes here, so none further on: later quotes are not searched again (a line of many
      // `k="` stays linear).
      unclosed = quotedTo < 0;
    } else if (!message && opening === 34 /* " */ && !fieldUnclosed) {
      const closing = fieldClosingQuote(line, valueAt + 1);
      if (closing >= 0) quotedTo = closing;
      fieldUnclosed = closing === -2;
    }
  }
  return keys;
}

const KEY_AFTER_QUOTE = /[A-Za-z_][\w.]* ?=/y;

/**
 * Where the `"` closing a quoted field that is no message is: the first before ` key=` or the line's
 * end, so a caller's ` key=` text inside a User-Agent the format quotes is no pair. -1 when a `="` (a
 * value opening) comes first: then the opening quote was the caller's, as in a UA of `"x`; the next
 * search starts there. -2 when none closes up to the line's end, so none further on does either.
 */
function fieldClosingQuote(line: string, from: number): number {
  for (let at = line.indexOf('"', from); at >= 0; at = line.indexOf('"', at + 1)) {
    const before = line.charCodeAt(at - 1);
    if (before === 61 /* = */ || (before === 32 && line.charCodeAt(at - 2) === 61)) return -1;
    if (at + 1 === line.length) return at;
    KEY_AFTER_QUOTE.lastIndex = at + 2;
    if (line.charCodeAt(at + 1) === 32 && KEY_AFTER_QUOTE.test(line)) return at;
  }
  return -2;
}

/** Where the `"` that closes a quoted value is: the first one at the line's end or before a space (-1: none). */
function closingQuote(line: string, from: number): number {
  let at = line.indexOf('"', from);
  while (at >= 0 && at + 1 < line.length && line.charCodeAt(at + 1) !== 32) at = line.indexOf('"', at + 1);
  return at;
}

/**
 * `key=$context.x` pairs joined by spaces: CDK stages that build their format as
 * `['requestId=$context.requestId', 'status=$context.status', …].join(' ')` (find_string ids
 * 57100903267, 56693388350), also written `key = $context.x`. Values hold spaces (a request time, a
 * route key, an error message), so a value runs to the next ` key=` that starts a pair (spacedKeys),
 * as parseKeyValue's runs to the next `, key: `. Ordinary text holding `a=b` words is no access line: it
 * needs as many pairs as parseKeyValue, one of them a key the table knows, and a status or other
 * access-log evidence (recordFromFields).
 */
function parseSpacedKeyValue(line: string): AccessParse | undefined {
  if (!SPACED_KEY_START.test(line)) return undefined;
  const keys = spacedKeys(line);
  if (keys.length < MIN_KEY_VALUE_PAIRS || !keys.some((match) => slotOf(match[1] ?? '') !== undefined))
    return undefined;
  const pairs = keys.map((match, i): [string, unknown] => {
    const next = keys[i + 1];
    const end = next?.index ?? line.length;
    return [match[1] ?? '', line.slice(match.index + match[0].length, end).trim()];
  });
  if (!isGatewayLine(pairs)) return undefined;
  const record = recordFromFields(ACCESS_LOG_FORMAT.keyValue, withoutRepeatedKeys(pairs));
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
 * Names (normalised, as nameOf compares them) only API Gateway's formats use: `$context` variables and
 * the access table's spellings of them that an application's own log would not write. Not `status`,
 * `method`, `path`, `latency`, `error` or `message`: every HTTP server's logfmt has those.
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
]);

/**
 * Whether a space-joined line is API Gateway's, not another program's logfmt (which has a status, a
 * method, a path and often a `request_id` UUID too): no logfmt key (LOGFMT_KEYS), and one key only
 * API Gateway's formats name (GATEWAY_NAMES, with or without a leading `context`), or a `requestId`
 * (not snake-case `request_id`, as Heroku and Go servers write) holding an id API Gateway makes.
 */
function isGatewayLine(pairs: readonly (readonly [string, unknown])[]): boolean {
  let gateway = false;
  for (const [key, value] of pairs) {
    // logfmt's keys are short: longer ones are not lower-cased to be looked up.
    if (key.length <= MAX_LOGFMT_KEY && LOGFMT_KEYS.has(key.toLowerCase())) return false;
    if (gateway) continue;
    const normalised = normaliseKey(key);
    const name = normalised.startsWith('context') ? normalised.slice(7) : normalised;
    gateway =
      GATEWAY_NAMES.has(name) ||
      (name === 'requestid' &&
        !key.includes('_') &&
        typeof value === 'string' &&
        (isRestRequestId(value) || GATEWAY_ID.test(value)));
  }
  return gateway;
}

/** What separates the fields of a positional format that joins its variables with ` | `. */
const PIPE = ' | ';
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
 * $context.httpMethod | $context.resourcePath | $context.status`, find_string ids 41875250262,
 * 42080430643). Nothing names the fields, so they are told by shape, and only when that cannot be
 * wrong: one field is an id API Gateway makes (a REST UUID or an HTTP or WebSocket API's id, then
 * maybe the REST extended id), exactly one is a status (100 to 599), no other field is a number (a
 * latency or a response length of any number of digits could be the status, so the line is left
 * unread whatever its digits) or a log level (an application's log: a Lambda's own request id has
 * the REST id's shape, and a line number a status's), and the line is no Markdown table row
 * (`| … |`). A method, the resource path or route key right after it, and a request time are read
 * too; other fields are not, since nothing says which variable they are.
 */
function parsePipeSeparated(line: string): AccessParse | undefined {
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
    else if (methodAt < 0 && HTTP_METHODS.test(field)) methodAt = i;
    else if (time === undefined && (CSV_TIME.test(field) || ISO_FIELD.test(field))) time = field;
  }
  if (requestId === undefined || status === undefined) return undefined;
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

/**
 * Whether parseAccessLine may read the line, told without parsing it: false only when no format can
 * (no `{`, `<request`, `key: ` or `key=` at its start, no `[` for CLF's time, too few commas for CSV,
 * no ` | ` between positional fields). For callers that try many pieces of a line.
 */
export function mayBeAccessLine(line: string): boolean {
  const text = line.trimStart();
  const first = text.charCodeAt(0);
  if (
    first === 123 /* { */ ||
    first === 60 /* < */ ||
    text.includes('[') ||
    KEY_VALUE_START.test(text) ||
    SPACED_KEY_START.test(text)
  )
    return true;
  return hasCsvCommas(text) || (first !== 40 /* ( */ && text.includes(PIPE));
}

/**
 * Parses a line as an access log. Returns undefined when the line does not look like any access-log
 * format (so the caller may try execution-log parsing), or a failure with a reason when it looks like
 * one but cannot be read.
 */
export function parseAccessLine(line: string): AccessParse | undefined {
  const text = line.trim();
  if (text.startsWith('{')) {
    const result = parseJson(text);
    // A lone `{` or a fragment is the continuation of a multi-line execution-log body, not an access line.
    return result.ok || text.endsWith('}') ? result : undefined;
  }
  if (text.startsWith('<request')) return parseXml(text);
  return (
    parseKeyValue(text) ??
    parseSpacedKeyValue(text) ??
    parseClf(text) ??
    parseCsv(text) ??
    parsePipeSeparated(text)
  );
}
