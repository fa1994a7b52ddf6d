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
