/** SYNTHETIC classified requests and request summaries, built by hand for the alerting core's tests. */
import { CAUSES, type Cause, familyOf, isMasked } from '../../../lambda/core/taxonomy';
import type { ClassifiedRequest, RequestSummary } from '../../../lambda/core/types';

export const T0 = Date.UTC(2026, 10, 25, 12, 0);
export const MIN = 60_000;

export function failure(
  cause: Cause,
  overrides: Partial<Omit<ClassifiedRequest, 'cause'>> & { readonly timeMs?: number } = {},
): ClassifiedRequest {
  const { timeMs, ...rest } = overrides;
  const clientStatus =
    rest.clientStatus === undefined ? (CAUSES[cause].typicalStatus[0] ?? 500) : rest.clientStatus;
  return {
    requestId: rest.requestId ?? `req-${Math.random().toString(16).slice(2, 10)}`,
    time: new Date(timeMs ?? T0).toISOString(),
    api: 'abc123defg',
    stage: 'prod',
    method: 'GET',
    route: '/orders',
    family: familyOf(cause),
    masked: isMasked(cause, clientStatus ?? undefined),
    retry: CAUSES[cause].retry,
    owner: CAUSES[cause].owner,
    confidence: 'certain',
    evidence: [],
    advice: CAUSES[cause].advice,
    ...rest,
    clientStatus,
    cause,
  };
}

export function request(requestId: string, overrides: Partial<RequestSummary> = {}): RequestSummary {
  return { requestId, api: 'abc123defg', stage: 'prod', timeMs: T0, fromAccessLog: true, ...overrides };
}
