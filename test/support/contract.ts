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
export const OPTIONAL_KEYS: readonly string[] = ['time', 'api', 'stage', 'method', 'route'];

export const CONTRACT_KEYS: readonly string[] = [...REQUIRED_KEYS, ...OPTIONAL_KEYS];
