/** The phrase rule: a Rule built from one pattern and the options that say when its words count. */
import type { Facts } from '../facts';
import type { Cause } from '../taxonomy';
import { CONFIDENCE, type Confidence } from '../types';
import { functionRan, integrationAnswered, readsTheBackendsStatus, saysFunctionRan } from './backend-facts';
import { certain, find, isHit, likely } from './evidence';
import { AUTHORIZER_ERROR } from './phrases';
import type { Rule } from './rule';

interface PhraseOptions {
  readonly confidence?: Confidence;
  /** A text that also matches this is about something else and does not count. */
  readonly unless?: RegExp;
  /** Only when the backend did not answer with a status of its own: the phrase is the gateway's. */
  readonly gatewayOnly?: boolean;
  /**
   * Only when Lambda itself failed the invoke: not when the function answered (Lambda service status
   * 200), whose own body may name any error, nor when a backend answered with a status of its own.
   */
  readonly invokeFailureOnly?: boolean;
  /** Not when the integration is a plain HTTP backend: its body is its own and may say anything. */
  readonly notFromHttpBackend?: boolean;
  /**
   * Not when Lambda ran the function (service status 200, a function error): then the phrase is the
   * function's own, from its own AWS calls (its role refused by DynamoDB, a table it cannot find).
   */
  readonly notFromTheFunction?: boolean;
  /**
   * The words of `pattern` API Gateway itself writes into its access-log fields about its call to the
   * integration (see gatewaysOwnField). Once the function ran, only these still name the cause; the
   * rest of the pattern (a runtime's, a library's or an AWS SDK's error names: Node's getaddrinfo,
   * Java's UnknownHostException, AccessDeniedException) is never API Gateway's there. A rule without
   * them names nothing beside a successful invoke.
   */
  readonly gatewaysWording?: RegExp;
  /**
   * The words are API Gateway's refusal of the caller, which it answers before it calls the
   * integration: not in what the integration answered (INTEGRATION_ANSWER), where they are the
   * backend's own (another API behind an HTTP proxy answers "Too Many Requests" or "Invalid API Key
   * identifier specified" too), as notFromTheFunction leaves them to a function that ran. A refusal
   * is decided before the integration, so this implies beforeTheIntegration.
   */
  readonly gatewaysOwnWords?: boolean;
  /**
   * API Gateway's words, but not only before the integration: not in what the integration answered
   * (INTEGRATION_ANSWER), as gatewaysOwnWords, without implying beforeTheIntegration.
   */
  readonly notInTheAnswer?: boolean;
  /**
   * Not when the trail says the authorizer failed: a permission refused then was the authorizer's
   * (its invoke permission or credentials role), and the authorizer rule names both.
   */
  readonly notWhenTheAuthorizerFailed?: boolean;
  /**
   * The evidence to show, when the trail has it, instead of the first text the phrase matched: that
   * one may only flag the cause (a header) where a later line names it (the error itself).
   */
  readonly tellingEvidence?: RegExp;
  /** A further line to show, when the trail has it, that says what the matched one only names. */
  readonly alsoShow?: RegExp;
  /**
   * Not while the trail is in its Lambda authorizer's stage (started, never past it): the integration
   * was not called yet, so the words are about the authorizer, and failedInAuthorizer names it.
   */
  readonly notInTheAuthorizer?: boolean;
  /**
   * The cause is one API Gateway decides before it calls the integration (route matching, the
   * caller's authorization, request validation): not once the logs show the integration answered
   * (integrationAnswered), whose own words these then are.
   */
  readonly beforeTheIntegration?: boolean;
  /**
   * The words are API Gateway's refusal made before it calls the integration (its 413 for a payload
   * over its limit, its 415 for a content type no mapping template takes under passthrough NEVER),
   * but a backend answers the same status in the same words. Beside an integration that answered
   * (integrationAnswered) they are the backend's body: an error status of the backend's own decides
   * (backendStatus reads it, as it would without them), and with none they are only likely.
   */
  readonly alsoTheBackendsWords?: boolean;
}

/**
 * The access-log text field that says `pattern` in API Gateway's own words: `$context.error.message`,
 * and `$context.integrationErrorMessage`, API Gateway's account of its call to the integration
 * ("The IAM role configured on the integration or API Gateway doesn't have permissions to call the
 * integration…", AWS Knowledge Center api-gateway-http-lambda-integrations). A function's own error
 * reaches these fields only behind a lead-in saysFunctionRan reads ("The Lambda function returned the
 * following error: …"), and is then the function's.
 */
function gatewaysOwnField(facts: Facts, pattern: RegExp, unless: RegExp | undefined): string | undefined {
  if (isGatewaysHit(facts.errorMessage, pattern, unless)) return facts.errorMessage;
  if (isGatewaysHit(facts.integrationError, pattern, unless)) return facts.integrationError;
  return undefined;
}

function isGatewaysHit(
  text: string | undefined,
  pattern: RegExp,
  unless: RegExp | undefined,
): text is string {
  return isHit(text, pattern, unless) && !saysFunctionRan(text);
}

export function phrase(name: string, cause: Cause, pattern: RegExp, options: PhraseOptions = {}): Rule {
  const confidence = options.confidence ?? CONFIDENCE.certain;
  return {
    name,
    causes: [cause],
    pattern,
    match: (facts) => {
      if (options.gatewayOnly && facts.backendStatus !== undefined && facts.backendStatus >= 400)
        return undefined;
      if (options.invokeFailureOnly && (facts.serviceStatus === 200 || facts.backendStatus !== undefined))
        return undefined;
      if (options.notFromHttpBackend && facts.httpEndpoint) return undefined;
      // Once the function ran, only API Gateway's own words in its access-log fields still name the
      // cause: a phrase there is no function's, though the successful invoke beside it makes it likely.
      const wording = options.gatewaysWording;
      const saidBesideTheFunction =
        options.notFromTheFunction && functionRan(facts)
          ? ((wording && gatewaysOwnField(facts, wording, options.unless)) ?? null)
          : undefined;
      if (saidBesideTheFunction === null) return undefined;
      if (options.notInTheAuthorizer && facts.authorizerStart !== undefined && !facts.pastAuthorizer)
        return undefined;
      const notInTheAnswer = options.gatewaysOwnWords || options.notInTheAnswer;
      const hit = saidBesideTheFunction ?? find(facts, pattern, options.unless, notInTheAnswer);
      if (hit === undefined) return undefined;
      // notFromTheFunction above only stops these once the function ran, not beside a backend's own status.
      const beforeTheIntegration = options.beforeTheIntegration || options.gatewaysOwnWords;
      if (beforeTheIntegration && integrationAnswered(facts)) return undefined;
      const backendsWords = options.alsoTheBackendsWords === true && integrationAnswered(facts);
      if (backendsWords && readsTheBackendsStatus(facts)) return undefined;
      // After the hit: this rule runs on successful trails too, where the phrase is nearly never there.
      if (options.notWhenTheAuthorizerFailed && find(facts, AUTHORIZER_ERROR) !== undefined) return undefined;
      const shownHit = (options.tellingEvidence && find(facts, options.tellingEvidence)) ?? hit;
      const also = options.alsoShow && find(facts, options.alsoShow);
      const evidence = also === undefined || also === shownHit ? [shownHit] : [shownHit, also];
      return confidence === CONFIDENCE.certain && saidBesideTheFunction === undefined && !backendsWords
        ? certain(cause, ...evidence)
        : likely(cause, ...evidence);
    },
  };
}
