/** Rules reading the gateway's own verdict: its response type, a WAF block, the request validator. */
import type { Cause } from '../taxonomy';
import { certain } from './evidence';
import { SCHEMA_VALIDATION } from './phrases';
import type { Rule } from './rule';

/** Gateway response types that decide the cause on their own (taxonomy: "strongest evidence"). */
const RESPONSE_TYPES: Readonly<Record<string, Cause>> = {
  BAD_REQUEST_BODY: 'bad-request.body',
  BAD_REQUEST_PARAMETERS: 'bad-request.parameters',
  REQUEST_TOO_LARGE: 'bad-request.too-large',
  UNSUPPORTED_MEDIA_TYPE: 'bad-request.media-type',
  UNAUTHORIZED: 'auth.unauthenticated',
  ACCESS_DENIED: 'auth.denied',
  INVALID_API_KEY: 'auth.api-key',
  INVALID_SIGNATURE: 'auth.signature',
  EXPIRED_TOKEN: 'auth.signature',
  WAF_FILTERED: 'auth.waf',
  AUTHORIZER_FAILURE: 'auth.authorizer-error',
  AUTHORIZER_CONFIGURATION_ERROR: 'auth.authorizer-error',
  RESOURCE_NOT_FOUND: 'not-found.route',
  MISSING_AUTHENTICATION_TOKEN: 'not-found.route',
  QUOTA_EXCEEDED: 'limit.quota',
  THROTTLED: 'limit.throttle',
  INTEGRATION_TIMEOUT: 'timeout.integration',
};

export const gatewayResponseType: Rule = {
  name: 'gateway response type',
  causes: [...new Set(Object.values(RESPONSE_TYPES))],
  match: (facts) => {
    const type = facts.responseType;
    const cause =
      type !== undefined && Object.hasOwn(RESPONSE_TYPES, type) ? RESPONSE_TYPES[type] : undefined;
    if (cause === undefined) return undefined;
    const extra = facts.errorMessage ? [`error.message=${facts.errorMessage}`] : [];
    return certain(cause, `responseType=${type}`, ...extra);
  },
};

export const wafBlock: Rule = {
  name: 'waf',
  causes: ['auth.waf'],
  match: (facts) => (facts.wafBlocked ? certain('auth.waf', 'waf response: blocked') : undefined),
};

/** The request validator refused the body, as $context.error.validationErrorString tells (see SCHEMA_VALIDATION). */
export const schemaValidation: Rule = {
  name: 'request validator message',
  causes: ['bad-request.body'],
  match: (facts) => {
    const text = facts.errorMessage;
    if (text === undefined || !SCHEMA_VALIDATION.test(text)) return undefined;
    if (facts.backendStatus !== undefined || facts.serviceStatus !== undefined) return undefined;
    if (facts.clientStatus !== undefined && facts.clientStatus !== 400) return undefined;
    return certain('bad-request.body', text);
  },
};

export const configurationResponseType: Rule = {
  name: 'configuration error response type',
  causes: ['server.configuration'],
  match: (facts) =>
    facts.responseType === 'API_CONFIGURATION_ERROR'
      ? certain('server.configuration', 'responseType=API_CONFIGURATION_ERROR')
      : undefined,
};
