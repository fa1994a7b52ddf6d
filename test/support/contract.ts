/**
 * The keys of one classified request, written out from taxonomy.md ("What one classified request
 * carries") rather than imported from the code, so tests check the code against the contract.
 */
export const REQUIRED_KEYS: readonly string[] = [
  'requestId',
  'clientStatus',
  'cause',
  'family',
  'masked',
  'retry',
  'owner',
  'confidence',
  'evidence',
  'advice',
];

/** Present only when the logs said them. */
const OPTIONAL_KEYS: readonly string[] = ['time', 'api', 'stage', 'method', 'route'];

export const CONTRACT_KEYS: readonly string[] = [...REQUIRED_KEYS, ...OPTIONAL_KEYS];

/**
 * The threshold group of every cause, written out from the README's cause table ("threshold
 * group") rather than read from taxonomy.ts, so a cause moved to the wrong group fails a test.
 */
export const THRESHOLD_GROUP_OF: Readonly<Record<string, 'server' | 'limit' | 'client'>> = {
  'bad-request.body': 'client',
  'bad-request.parameters': 'client',
  'bad-request.backend': 'client',
  'bad-request.too-large': 'client',
  'bad-request.media-type': 'client',
  'auth.unauthenticated': 'client',
  'auth.denied': 'client',
  'auth.api-key': 'client',
  'auth.signature': 'client',
  'auth.waf': 'client',
  'auth.backend': 'client',
  'auth.authorizer-error': 'server',
  'auth.integration-permission': 'server',
  'not-found.route': 'client',
  'not-found.backend': 'client',
  'conflict.state': 'client',
  'conflict.duplicate': 'client',
  'limit.quota': 'limit',
  'limit.throttle': 'limit',
  'limit.backend': 'limit',
  'server.function-error': 'server',
  'server.bad-response': 'server',
  'server.configuration': 'server',
  'server.unavailable': 'server',
  'timeout.function': 'server',
  'timeout.integration': 'server',
  'network.unreachable': 'server',
  'unknown.client': 'client',
  'unknown.server': 'server',
};
