/**
 * Subscription filter patterns. Access logs go through whole, because error rates need the
 * successful requests too; execution logs are filtered to the lines the classifier reads. At INFO
 * level that is a bit over half of each request's lines: what the caller sent (method request path,
 * query, headers, body), the request built from it and the method response lines stay out, and they
 * are the long ones.
 */

/** CloudWatch Logs rejects subscription filter patterns longer than this. */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

/** Matches every event: the empty pattern. */
export const ACCESS_LOG_FILTER_PATTERN = '';

/**
 * Phrases of REST execution-log lines that carry evidence (status, integration response, gateway
 * errors) or start a request's trail (method, path). Terms are case-sensitive, so both spellings
 * of `timed out`/`timeout` are kept.
 */
export const EXECUTION_LOG_TERMS = [
  'Method completed with status',
  'Execution failed',
  'Lambda execution failed',
  'Lambda invocation failed',
  'Endpoint response body before transformations',
  'Endpoint response headers',
  'Starting execution',
  // A Lambda authorizer's start: a 5xx before the method started is the authorizer's failure.
  'Starting authorizer',
  'HTTP Method',
  'Authorizer',
  'API Key',
  'throttle',
  'Quota',
  'Request body does not match',
  'Missing required request parameters',
  'Unauthorized',
  'not authorized',
  'timed out',
  'timeout',
  'Rate Exceeded',
  'Malformed',
  'Network error',
  'Invalid permissions',
  // What follows "Execution failed due to configuration error: " when a line carries it alone, and the
  // HTTP API's words for a role that may not call the integration or authorizer; a REST API's
  // $context.integration.error for a function error, which pages quote alone as a line.
  'internal error while executing',
  'SSLEngine',
  'IAM role configured',
  'Customer Function Error',
  // Lambda's own refusal of an invoke on the function's setup (`Lambda was not able to create an ENI…`,
  // `Lambda was unable to decrypt the environment variables…`), which a page may quote as a line alone.
  'Lambda was',
  // A resource policy or mutual TLS refusing the caller: "Access denied. Reason: …".
  'Access denied',
  // SigV4 refusing the caller's signature, in the words the signature rule reads (an IAM authorizer's
  // malformed request already holds 'Authorizer'). Short and case-sensitive, so that the method and
  // endpoint request headers, whose Authorization and X-Amz-Security-Token carry `Credential=` and
  // `Signature=` on every signed request, stay out.
  'signature we calculated',
  'security token',
  'Signature expired',
  'Signature not yet',
  'Credential should',
  'Credential scope',
  'SignatureException',
  'ExpiredToken',
  // The endpoint and its answer: whether the backend is Lambda, an AWS service or a plain HTTP
  // server decides whose refusal a 403 is, and its status is the backend's own.
  'Sending request to',
  'Endpoint request URI',
  'Received response',
  // A Step Functions path-override integration names its operation only in the endpoint request
  // headers' X-Amz-Target: a StartSyncExecution answers 200 for a FAILED execution, and only that
  // name tells it from a DescribeExecution, whose FAILED is the answer asked for. Only those
  // requests' headers are delivered.
  'StartSyncExecution',
  // SQS's JSON protocol names its batch operations there too, the only name of one whose answer does
  // not open with its Failed entries. As X-Amz-Target spells them, not the bare operation, which a
  // query-protocol request body or an API's own paths and fields may hold on every request.
  'SQS.SendMessageBatch',
  'SQS.DeleteMessageBatch',
  'SQS.ChangeMessageVisibilityBatch',
  // API Gateway's own answer, with its response type and status (WebSocket APIs log it).
  'Gateway response type',
  // The gateway passed an answer on, not an error of its own ("Successfully completed execution"; the
  // authorizer's "Successfully completed authorizer execution" says the request got past it): after
  // a successful invoke, the status a non-proxy integration response mapped is the backend's answer.
  'Successfully completed',
] as const;

/** `?"term" ?"term" …`: an unstructured-log pattern that matches an event containing any term. */
function anyTermPattern(terms: readonly string[]): string {
  return terms.map((term) => `?"${term}"`).join(' ');
}

export const EXECUTION_LOG_FILTER_PATTERN = anyTermPattern(EXECUTION_LOG_TERMS);

/** Where a filter pattern's braces, brackets or quotes fail to pair up, as an error shows it. */
export interface UnbalancedMark {
  /** The character that is not closed, or that closes nothing (or the wrong opener). */
  readonly mark: string;
  /** Its 1-based position in the pattern. */
  readonly at: number;
  /** The opener it should have closed, when it closes the wrong one. */
  readonly opened?: { readonly mark: string; readonly at: number };
  readonly kind: 'unclosed' | 'stray';
}

const CLOSER_OF: Readonly<Record<string, string>> = { '{': '}', '[': ']' };

/**
 * The first `{`/`[`/`"` of a filter pattern that is never closed, or the first `}`/`]` that closes
 * nothing or the wrong opener; undefined when they pair up. Quoted terms (where `\` escapes) and
 * `%regex%` terms (whose `{m,n}` and `[a-z]` are their own) are skipped, so a JSON pattern
 * `{ $.x = "a}" }`, a space-delimited `[a, b=5*]` and a quoted term `"a \" b"` all pass: CloudWatch
 * Logs would refuse an unpaired one only at deploy, after CloudFormation had begun.
 */
export function unbalancedMark(pattern: string): UnbalancedMark | undefined {
  const open: { mark: string; at: number }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '"' || c === '%') {
      let end = i + 1;
      while (end < pattern.length && pattern[end] !== c) end += pattern[end] === '\\' ? 2 : 1;
      if (end >= pattern.length) {
        // An unclosed regex is left to CloudWatch Logs: a lone % may be part of a plain term.
        if (c === '"') return { mark: c, at: i + 1, kind: 'unclosed' };
        break;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      open.push({ mark: c, at: i + 1 });
    } else if (c === '}' || c === ']') {
      const opened = open.pop();
      if (opened === undefined) return { mark: c, at: i + 1, kind: 'stray' };
      if (CLOSER_OF[opened.mark] !== c) return { mark: c, at: i + 1, opened, kind: 'stray' };
    }
  }
  const unclosed = open.pop();
  return unclosed === undefined ? undefined : { ...unclosed, kind: 'unclosed' };
}
