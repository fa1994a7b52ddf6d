/**
 * The reason phrase of each status the analyzer names: what an alert prints beside a status, and the
 * words API Gateway answers a status with by default (an HTTP API's `{"message":"Not Found"}`, REST's
 * `"Forbidden"`), which a bare-status verdict leaves out of its evidence.
 */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The gateway's generic 5xx message: it names nothing, and is what a function that threw gets too. */
export const GENERIC_SERVER_ERROR = /^Internal server error$/i;

/**
 * Whether a logged message is only the words API Gateway answers a status with by default: its reason
 * phrase (STATUS_TEXT) and, for any 5xx, REST's `"Internal server error"`, which a Lambda's 500 and
 * 502 both get (AWS Lambda's "Handling Lambda errors with an API Gateway API"). They say nothing the
 * status does not.
 */
export function saysOnlyTheStatus(message: string, status: number): boolean {
  const words = message.trim().replace(/\.$/, '').toLowerCase();
  return (
    words === '' ||
    words === STATUS_TEXT[status]?.toLowerCase() ||
    (status >= 500 && GENERIC_SERVER_ERROR.test(words))
  );
}

/**
 * The messages of API Gateway's default gateway responses that are not a status's reason phrase, as
 * `$context.error.message` logs them (the rules' phrases read each: ROUTE_NOT_FOUND, INTEGRATION_TIMEOUT,
 * QUOTA, BODY_INVALID, API_KEY, TOO_LARGE), lower-cased.
 */
const GATEWAY_RESPONSE_MESSAGES: ReadonlySet<string> = new Set([
  'missing authentication token',
  'endpoint request timed out',
  'limit exceeded',
  'invalid request body',
  'invalid api key identifier specified',
  'request too long',
] as const);

/**
 * Whether a message is one API Gateway itself answers a status with: the status's default words
 * (saysOnlyTheStatus) or a default gateway response's message. No application's log says only this.
 */
export function isGatewayOwnMessage(message: string, status: number | undefined): boolean {
  return (
    saysOnlyTheStatus(message, status ?? 0) ||
    GATEWAY_RESPONSE_MESSAGES.has(message.trim().replace(/\.$/, '').toLowerCase())
  );
}
