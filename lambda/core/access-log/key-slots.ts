/**
 * Which record field a raw key fills, whatever its spelling (`$context` names, flattened, camel or
 * snake case, nested under `context` or a group): the record's fields, the key aliases, and each key's
 * slot (its place, how its value is read, what a `-` or the key's mere presence notes), remembered per
 * key.
 */

import type { AccessLogRecord } from '../types';

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

export const FIELDS: readonly Field[] = [...RECORD_FIELDS, ...RESOLVED_VALUES];
/** Each field's place in a builder's list of values. */
export const AT = Object.fromEntries(FIELDS.map((field, index) => [field, index])) as Readonly<
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

export function normaliseKey(key: string): string {
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
 * A name written with a published format's abbreviation (public code search ids 66626389227, 6442230880:
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
  // `connectionId` has no field, only a mark (newSlot), but is a key the table knows all the same.
  return leaf !== undefined && (ALIASES.has(leaf) || leaf === 'connectionid') ? leaf : undefined;
}

/**
 * A JSON key as the key=value reader's names see it: a grouped key (GROUPED_KEY) by its leaf, so
 * `http.routeKey` names what `routeKey` does; any other key as it is.
 */
export function groupedLeafKey(key: string): string {
  const match = GROUPED_KEY.exec(key);
  return match?.[1] ?? match?.[3] ?? key;
}

/** How a slot reads a value: as text, as a status or number of milliseconds, or as a time (kept as logged). */
export const READ = { text: 0, number: 1, time: 2 } as const;
export type Read = (typeof READ)[keyof typeof READ];

/** What a `-` in a slot notes: the gateway had nothing to log there, which is evidence in itself for some. */
export const DASH = {
  nothing: 0,
  noRoute: 1,
  noIntegrationStatus: 2,
  camelDash: 3,
  noRouteKey: 4,
  noResponseType: 5,
} as const;
type Dash = (typeof DASH)[keyof typeof DASH];

/** What the mere presence of a key tells finish(), whatever its value. */
export const MARK = {
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
export interface Slot {
  readonly index: number;
  readonly read: Read;
  readonly dash: Dash;
  readonly mark: Mark;
  /** A WAF status or error key, which some formats fill with $context.wafResponseCode (see put). */
  readonly waf: boolean;
}

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

export function slotOf(key: string): Slot | undefined {
  let slot = SLOT_OF_KEY.get(key);
  if (slot === undefined) {
    slot = newSlot(key);
    if (SLOT_OF_KEY.size < MAX_REMEMBERED_KEYS) SLOT_OF_KEY.set(key, slot);
  }
  return slot ?? undefined;
}
