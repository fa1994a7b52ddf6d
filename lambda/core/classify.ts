/** Turns one joined request into the contract record, or nothing when the request did not fail. */
import type { Facts } from './facts';
import { factsOf } from './facts';
import { redact } from './redact';
import { RULES, type RuleMatch } from './rules';
import { CAUSES, type Cause, familyOf, isMasked } from './taxonomy';
import { type ClassifiedRequest, CONFIDENCE, type RequestRecord } from './types';

/** Causes whose evidence proves a failure even when the client saw 2xx/3xx. */
const PROVES_FAILURE_DESPITE_STATUS: ReadonlySet<Cause> = new Set<Cause>([
  'limit.backend',
  'auth.integration-permission',
  'auth.authorizer-error',
  'server.function-error',
  'server.bad-response',
  'server.configuration',
  'timeout.function',
  'timeout.integration',
  'network.unreachable',
]);

export function firstMatch(facts: Facts): RuleMatch | undefined {
  for (const rule of RULES) {
    const match = rule.match(facts);
    if (match !== undefined) return match;
  }
  return undefined;
}

function failed(facts: Facts, match: RuleMatch): boolean {
  if (facts.clientStatus === undefined) return match.confidence !== CONFIDENCE.statusOnly;
  if (facts.clientStatus >= 400) return true;
  return match.confidence === CONFIDENCE.certain && PROVES_FAILURE_DESPITE_STATUS.has(match.cause);
}

export function classify(request: RequestRecord): ClassifiedRequest | undefined {
  const facts = factsOf(request);
  const match = firstMatch(facts);
  if (match === undefined || !failed(facts, match)) return undefined;
  const { access, execution, source } = request;
  const timeMs = access?.timeMs ?? execution?.timeMs;
  const info = CAUSES[match.cause];
  const clientStatus = facts.clientStatus ?? null;
  const result: ClassifiedRequest = {
    requestId: request.requestId,
    time:
      timeMs !== undefined && Number.isFinite(timeMs) && timeMs > 0
        ? new Date(timeMs).toISOString()
        : undefined,
    api: access?.apiId ?? execution?.apiId ?? source.logGroup ?? source.name,
    stage: access?.stage ?? execution?.stage,
    method: access?.httpMethod ?? execution?.httpMethod,
    route: access?.routeKey ?? access?.resourcePath ?? execution?.resourcePath ?? access?.path,
    clientStatus,
    cause: match.cause,
    family: familyOf(match.cause),
    masked: isMasked(match.cause, facts.clientStatus),
    retry: info.retry,
    owner: info.owner,
    confidence: match.confidence,
    evidence: match.evidence.map(redact),
    advice: info.advice,
  };
  // Optional fields are left out rather than written as undefined, so the JSON carries only what is known.
  for (const key of ['time', 'api', 'stage', 'method', 'route'] as const) {
    if (result[key] === undefined) delete (result as Partial<ClassifiedRequest>)[key];
  }
  return result;
}
