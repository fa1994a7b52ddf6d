/**
 * Rules for a caller refused before the integration: IAM's authenticate phase, a Lambda authorizer
 * that failed or refused, the policy's Deny, a bare "Forbidden".
 */
import type { Facts } from '../facts';
import { redact } from '../redact';
import { integrationAnswered } from './backend-facts';
import { certain, clip, excerpt, find, likely } from './evidence';
import {
  AUTHORIZER_ERROR,
  AUTHORIZER_WHY,
  FORBIDDEN,
  INTEGRATION_PERMISSION,
  INTEGRATION_TIMEOUT,
  NOT_THE_INTEGRATION,
  SIGNATURE,
  UNAUTHENTICATED,
} from './phrases';
import type { Rule, RuleMatch } from './rule';

const MISSING_TOKEN = /Missing Authentication Token/i;

/**
 * "Missing Authentication Token" after IAM's authenticate phase answered 401 or 403: only a method
 * that exists and uses IAM authorization has that phase, so the path was right and the request was
 * not signed (or not as IAM expects), the classic confusion with a wrong path. Read from the response
 * type, or in a format that logs none from the gateway's words ($context.error.message, or the
 * phase's own $context.authenticate.error). Ahead of the rules that would read either as a wrong path.
 */
export const unsignedOnIamMethod: Rule = {
  name: 'missing authentication token after the authenticate phase',
  causes: ['auth.signature'],
  match: (facts) => {
    const phase = facts.authenticateStatus;
    if (phase !== 403 && phase !== 401) return undefined;
    const outcome = `after authenticate.status=${phase}: the method exists and uses IAM; the request was not signed`;
    if (facts.responseType === 'MISSING_AUTHENTICATION_TOKEN') {
      const extra = facts.errorMessage ? [`error.message=${facts.errorMessage}`] : [];
      return likely('auth.signature', `responseType=${facts.responseType} ${outcome}`, ...extra);
    }
    // The phase refused the request before the integration: beside an integration that answered,
    // the words are the backend's.
    const hit = find(facts, MISSING_TOKEN);
    return hit === undefined || integrationAnswered(facts)
      ? undefined
      : likely('auth.signature', `${hit} ${outcome}`);
  },
};

/**
 * An authorizer runs before the integration: one that failed or refused the caller left none to
 * call, so beside an integration that answered, its words and fields name nothing.
 */
export const authorizerFailure: Rule = {
  name: 'authorizer failure',
  causes: ['auth.authorizer-error', 'auth.unauthenticated'],
  match: (facts) => {
    const verdict = authorizerFailed(facts);
    return verdict === undefined || integrationAnswered(facts) ? undefined : verdict;
  },
};

function authorizerFailed(facts: Facts): RuleMatch | undefined {
  const hit = find(facts, AUTHORIZER_ERROR);
  // A Lambda authorizer that throws "Unauthorized" is how it answers 401, by design.
  if (hit !== undefined && facts.clientStatus === 401) return likely('auth.unauthenticated', hit);
  if (hit !== undefined) {
    // "Authorizer error", or the result body, alone does not say why; API Gateway's reason or a
    // refused permission beside it does.
    const why = find(facts, AUTHORIZER_WHY);
    const permission = find(facts, INTEGRATION_PERMISSION, NOT_THE_INTEGRATION);
    const reasons = [why, permission].filter((text): text is string => text !== undefined && text !== hit);
    return certain('auth.authorizer-error', hit, ...reasons);
  }
  // With no status, an authorizer's words refusing the caller (an IAM authorizer's about its
  // signature, a Lambda authorizer's "Unauthorized", answered 401 by design) are the caller's
  // failure, read by the phrase rules; beside a 5xx they are the gateway's own.
  const authorizerError = facts.authorizerError;
  const refusedTheCaller =
    facts.clientStatus === undefined &&
    authorizerError !== undefined &&
    (SIGNATURE.test(authorizerError) || UNAUTHENTICATED.test(authorizerError));
  if (authorizerError !== undefined && !refusedTheCaller && (facts.clientStatus ?? 500) >= 500) {
    return certain('auth.authorizer-error', `authorizer.error=${authorizerError}`);
  }
  // Any phase around the authorizer that failed on the gateway's side.
  for (const [variable, status] of [
    ['authorizer.status', facts.authorizerStatus],
    ['authenticate.status', facts.authenticateStatus],
    ['authorize.status', facts.authorizeStatus],
  ] as const) {
    if (status !== undefined && status >= 500)
      return certain('auth.authorizer-error', `${variable}=${status}`);
  }
  return undefined;
}

/** A Deny statement in the policy a Lambda authorizer returned, not in any other body. */
const DENY_STATEMENT = /^Authorizer result body before parsing:[\s\S]*"Effect"\s*:\s*"Deny"/i;
/** The Deny itself, which the evidence shows: a policy's start is often its Allow statements. */
const DENY_EFFECT = /"Effect"\s*:\s*"Deny"/i;

/** A policy that allows something: only then may a Deny in it leave the request allowed. */
const ALLOW_EFFECT = /"Effect"\s*:\s*"Allow"/i;
/** Execution logs cut a long message at 1 KiB and say so: a statement may be missing after the cut. */
const CUT_MESSAGE = /\[TRUNCATED\]\s*$/;

/**
 * A Deny statement in the authorizer's policy of a request refused with a 403: the denial, with API
 * Gateway's own words ("The client is not authorized to perform this operation") missing from the
 * lines at hand. A Deny alone proves nothing: a policy commonly allows most methods and denies a
 * few, and a statement applies only to the methods in its Resource, so an authorizer test, or a trail
 * cut before the method ran, shows the policy of a request that may well have succeeded; and a
 * request whose integration answered was allowed. Without any status (an authorizer test), only a
 * whole policy that allows nothing denies whatever method it is used for.
 */
export const denyPolicyBehind403: Rule = {
  name: 'authorizer deny policy',
  causes: ['auth.denied'],
  pattern: DENY_STATEMENT,
  match: (facts) => {
    // A status from the integration means the authorizer let the request through: the 403 is the
    // backend's, whatever the policy denies to other methods.
    if (facts.backendStatus !== undefined) return undefined;
    if (facts.clientStatus !== 403 && facts.clientStatus !== undefined) return undefined;
    const policy = facts.evidenceMessages.find((message) => DENY_STATEMENT.test(message));
    if (policy === undefined || integrationAnswered(facts)) return undefined;
    if (facts.clientStatus === undefined && (ALLOW_EFFECT.test(policy) || CUT_MESSAGE.test(policy)))
      return undefined;
    return likely('auth.denied', excerpt(redact(policy), DENY_EFFECT));
  },
};

/** API Gateway's words for a failure it answers with a 5xx (a configuration error, a timeout). */
const GATEWAY_FAILED = /^Execution failed due to /;

/**
 * A 5xx for a request whose trail ran its Lambda authorizer and never got past it: the request
 * failed in the authorizer, whatever words for it the lines at hand lack (a console authorizer test,
 * a trail cut short). A 5xx after the authorizer succeeded or the method started is the method's,
 * even when the excerpt at hand lacks the `Starting execution` line.
 */
export const failedInAuthorizer: Rule = {
  name: 'failed before the method, in the authorizer',
  causes: ['auth.authorizer-error'],
  match: (facts) => {
    if (facts.authorizerStart === undefined || facts.pastAuthorizer) return undefined;
    // Without a status, API Gateway's own "Execution failed due to …" is the 5xx it answers.
    const failed = facts.clientStatus === undefined ? find(facts, GATEWAY_FAILED) : undefined;
    const answered5xx = facts.clientStatus === undefined ? failed !== undefined : facts.clientStatus >= 500;
    // An integration that answered says the request got past the authorizer, whatever lines are at hand.
    if (!answered5xx || integrationAnswered(facts)) return undefined;
    // A timeout then was the authorizer's (the integration was not called yet): it says why.
    const why = find(facts, INTEGRATION_TIMEOUT) ?? failed;
    return likely(
      'auth.authorizer-error',
      clip(redact(facts.authorizerStart)),
      ...(why === undefined ? [] : [why]),
    );
  },
};

/** An authorizer that answered with an error and a 401 or 403 refused the caller (a JWT's audience, an expired token). */
export const authorizerRefusal: Rule = {
  name: 'authorizer refused the caller',
  causes: ['auth.unauthenticated', 'auth.denied'],
  match: (facts) => {
    if (facts.authorizerError === undefined || integrationAnswered(facts)) return undefined;
    const evidence = `authorizer.error=${facts.authorizerError}`;
    if (facts.clientStatus === 401) return likely('auth.unauthenticated', evidence);
    if (facts.clientStatus === 403) return likely('auth.denied', evidence);
    return undefined;
  },
};

/**
 * Which phase refused the caller, from the enhanced observability variables (AWS Compute Blog,
 * "Troubleshooting Amazon API Gateway with enhanced observability variables"). The phases run in
 * order: authenticate (IAM verifies the signed request's credentials), authorizer (a Lambda, JWT or
 * Cognito authorizer judges the token), authorize (the policy from either is evaluated). The first
 * that answered the client's own 401 or 403, with no integration called, is the refusal.
 */
export const phaseRefusal: Rule = {
  name: 'authentication or authorization phase refused the caller',
  causes: ['auth.signature', 'auth.unauthenticated', 'auth.denied'],
  match: (facts) => {
    const status = facts.clientStatus;
    if (status !== 401 && status !== 403) return undefined;
    if (
      facts.authenticateStatus !== status &&
      facts.authorizerStatus !== status &&
      facts.authorizeStatus !== status
    )
      return undefined;
    // A phase that refused the caller left no integration to call.
    if (integrationAnswered(facts)) return undefined;
    // The phase's own words, when logged, say more than its status (one field holds all three phases').
    const error = facts.authorizerError !== undefined ? [`error=${facts.authorizerError}`] : [];
    if (facts.authenticateStatus === status) {
      const evidence = `authenticate.status=${status} (IAM refused the request's signed credentials)`;
      // A signature that does not verify, an expired or invalid token: answered 403 by IAM.
      return status === 403
        ? likely('auth.signature', evidence, ...error)
        : likely('auth.unauthenticated', evidence, ...error);
    }
    if (facts.authorizerStatus === status) {
      const evidence = `authorizer.status=${status}`;
      return status === 401
        ? certain('auth.unauthenticated', evidence, ...error)
        : certain('auth.denied', evidence, ...error);
    }
    // The policy's refusal is a 403; a 401 is API Gateway's UNAUTHORIZED whichever phase logged it.
    if (facts.authorizeStatus === status)
      return status === 401
        ? certain('auth.unauthenticated', `authorize.status=${status}`, ...error)
        : certain('auth.denied', `authorize.status=${status} (the policy did not allow the call)`, ...error);
    return undefined;
  },
};

/**
 * REST answers a bare "Forbidden" for a missing or invalid API key (WAF and private APIs are rarer);
 * HTTP APIs have no API keys, so there it is an authorizer or IAM policy refusing the caller. A
 * WebSocket API answers "Forbidden" to a missing API key, an IAM refusal and a message that matches
 * no route alike (aws-samples/simple-websockets-chat-app#24), so there the word decides nothing.
 */
export const bareForbidden: Rule = {
  name: 'forbidden',
  causes: ['auth.api-key', 'auth.denied'],
  pattern: FORBIDDEN,
  match: (facts) => {
    if (facts.webSocket) return undefined;
    const hit = find(facts, FORBIDDEN);
    // An API key, a policy or an authorizer refuses before the integration: beside one that
    // answered, the word is the backend's.
    if (hit === undefined || integrationAnswered(facts)) return undefined;
    return likely(facts.httpApi ? 'auth.denied' : 'auth.api-key', hit);
  },
};
