/**
 * With less evidence the analyzer may say less, never something else. Over fragments of every real
 * sample (test/support/fragments.ts: leading, trailing or single lines dropped, the middle or the
 * end of a long line elided with `...`, one field dropped from a JSON access line):
 * - a successful request's fragment reports no failure;
 * - a failed request's fragment reports a cause the whole sample had, an `unknown.*`, or a cause
 *   listed in TRANSITIONS, whose evidence must show what in the lines left supports it.
 * Fixed seed, bounded runs; FC_SEED=<n> explores other fragments once, locally, and FRAGMENTS=all
 * checks them all.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ClassifiedRequest } from '../../lambda/core/types';
import { requireCorpus } from '../support/corpus';
import { failuresOf, fragment, fragmentNames, realLogs } from '../support/fragments';

const SETTINGS = { seed: Number(process.env.FC_SEED ?? 20261126), numRuns: 2000 } as const;

/** Words that mark a message elided or cut: the specific part of it is then not at hand. */
const ELIDED = /\.\.\.|…/;

interface Transition {
  /** What in the new failure's evidence (and the fragment's lines) shows the lines left support it. */
  readonly supported: (failure: ClassifiedRequest, evidence: string, lines: readonly string[]) => boolean;
  readonly why: string;
}

const evidenceMatches =
  (pattern: RegExp) =>
  (_failure: ClassifiedRequest, evidence: string): boolean =>
    pattern.test(evidence);

/** Words of API Gateway's permission to call the integration, which server.configuration excludes. */
const PERMISSION = /Invalid permissions|AccessDenied|permission to assume/;
/** The function's answer, shown: a 502 after it is then no guess between a function error and a bad response. */
const ANSWER_SHOWN = /Endpoint response body before transformations:\s*\S/;

/**
 * Every change of cause a fragment of a real sample shows, `from→to`, judged against the taxonomy:
 * the lines that named the first cause are gone, and those left name the second.
 */
const TRANSITIONS: Readonly<Record<string, Transition>> = {
  'server.configuration→auth.integration-permission': {
    supported: evidenceMatches(/AccessDenied|Invalid permissions/),
    why: "without 'Unable to determine service/operation name', an AccessDenied is a refusal of API Gateway's call (Lambda's bare 403 stays server.configuration)",
  },
  'server.configuration→auth.backend': {
    supported: evidenceMatches(/integration\.status=40[13] \(backend\)/),
    why: 'without the body or the endpoint line, a 403 the endpoint answered is a backend refusing (taxonomy: "Received response. Status: 403")',
  },
  'server.configuration→not-found.backend': {
    supported: evidenceMatches(/integration\.status=404 \(backend\)/),
    why: "without <UnknownOperationException/>, the endpoint's 404 is the backend's",
  },
  'server.configuration→bad-request.backend': {
    supported: evidenceMatches(/integration\.status=4\d\d \(backend\)/),
    why: "without the service's error body, the endpoint's 400 is the backend's",
  },
  'server.configuration→server.bad-response': {
    supported: evidenceMatches(/Malformed Lambda proxy response/),
    why: "the body naming Lambda's own failure is gone or no longer joined to the trail: API Gateway's 'Malformed' is left",
  },
  'server.function-error→server.bad-response': {
    supported: evidenceMatches(/Malformed Lambda proxy response/),
    why: "the function's error body is gone or detached: API Gateway's 'Malformed' is left",
  },
  'limit.backend→server.bad-response': {
    supported: evidenceMatches(/Malformed Lambda proxy response/),
    why: "Lambda's throttle body and headers are gone: API Gateway's 'Malformed' is left",
  },
  'server.function-error→network.unreachable': {
    supported: evidenceMatches(/INTEGRATION_FAILURE/),
    why: "without Lambda's status 200 or the function's words, INTEGRATION_FAILURE is the network's",
  },
  'bad-request.backend→server.function-error': {
    supported: (failure, evidence) =>
      failure.clientStatus === null && /errorMessage|X-Amz-Function-Error/.test(evidence),
    why: "without the 4xx it was mapped to, Lambda's error object is a function error",
  },
  'server.bad-response→server.function-error': {
    supported: (_failure, evidence, lines) =>
      /integration\.status=5\d\d|errorMessage/.test(evidence) ||
      (/integrationStatus=200/.test(evidence) && !lines.some((line) => ANSWER_SHOWN.test(line))),
    why: "without 'Malformed', a 5xx the function answered, its error, or a 502 after its 200 with its answer not at hand",
  },
  'server.bad-response→server.configuration': {
    supported: (_failure, evidence) => /configuration error/.test(evidence) && ELIDED.test(evidence),
    why: "'Execution failed due to configuration error: …' with what follows elided",
  },
  'network.unreachable→server.configuration': {
    supported: (_failure, evidence) => /configuration error/.test(evidence) && ELIDED.test(evidence),
    why: "'Execution failed due to configuration error: …' with the network words elided",
  },
  'auth.integration-permission→server.configuration': {
    supported: (_failure, evidence) =>
      /configuration error|API_CONFIGURATION_ERROR/.test(evidence) && !PERMISSION.test(evidence),
    why: 'the permission words are gone: a configuration error is left',
  },
  'auth.authorizer-error→server.configuration': {
    supported: (_failure, evidence, lines) =>
      /configuration error/.test(evidence) && !lines.some((line) => /Starting authorizer/.test(line)),
    why: "the authorizer's lines are gone or elided: a configuration error is left, in no authorizer's stage",
  },
  'auth.authorizer-error→auth.integration-permission': {
    supported: evidenceMatches(
      /Invalid permissions on Lambda function|permission to assume the provided role/,
    ),
    why: "without 'Authorizer error', the refused invoke permission or role names no authorizer",
  },
  'auth.integration-permission→auth.backend': {
    supported: evidenceMatches(/integration\.status=403 \(backend\)/),
    why: "without the AWS service's endpoint line or its AccessDenied body, a 403 the endpoint answered is the backend's",
  },
  'timeout.function→server.function-error': {
    supported: evidenceMatches(/errorMessage/),
    why: "'Task timed out' cut from the function's error object",
  },
  'auth.waf→auth.api-key': {
    supported: (failure, evidence) => failure.confidence === 'likely' && /Forbidden/.test(evidence),
    why: "without WAF_FILTERED, a REST API's bare 'Forbidden' is likely a missing API key (README)",
  },
  'auth.signature→auth.authorizer-error': {
    supported: (failure, evidence) =>
      failure.clientStatus === null && /authorizer\.error=/.test(evidence) && ELIDED.test(evidence),
    why: "an IAM authorizer's words about the signature elided, with no status: the authorizer's error is left",
  },
};

interface Sample {
  readonly id: string;
  readonly lines: readonly string[];
  readonly success: boolean;
  readonly causes: ReadonlySet<string>;
  readonly fragments: readonly string[];
}

function samples(): Sample[] {
  return realLogs().map((logs) => ({
    ...logs,
    causes: new Set(failuresOf(logs.lines).map((f) => f.cause)),
    fragments: fragmentNames(logs.lines),
  }));
}

/** Why the fragment's failure breaks the rule, or nothing when it keeps it. */
function unsupported(
  sample: Sample,
  lines: readonly string[],
  failure: ClassifiedRequest,
): string | undefined {
  if (sample.success) return `a success's fragment reported ${failure.cause}`;
  if (failure.cause.startsWith('unknown.') || sample.causes.has(failure.cause)) return undefined;
  const evidence = failure.evidence.join(' | ');
  for (const from of sample.causes) {
    const transition = TRANSITIONS[`${from}→${failure.cause}`];
    if (transition?.supported(failure, evidence, lines)) return undefined;
  }
  return `${[...sample.causes].join(', ')} became ${failure.cause} (${evidence})`;
}

describe('fragments of real logs, as properties', () => {
  if (!requireCorpus()) return;
  const all = samples().filter((s) => s.fragments.length > 0);

  it('every real sample has fragments and a failure sample reads as failed whole', () => {
    assert.ok(all.length > 250, `${all.length} samples`);
    for (const sample of all) assert.equal(sample.causes.size === 0, sample.success, sample.id);
  });

  const check = (sample: Sample, name: string): void => {
    const lines = fragment(sample.lines, name);
    assert.ok(lines, `${sample.id} ${name}`);
    for (const failure of failuresOf(lines)) {
      const problem = unsupported(sample, lines, failure);
      assert.equal(problem, undefined, `${sample.id}, ${name}: ${problem}`);
    }
  };

  it('a fragment names no cause its remaining lines do not support, and a success stays one', () => {
    // FRAGMENTS=all checks every fragment (some 12,000: 10 to 20 s) instead of a fixed sample of them.
    if (process.env.FRAGMENTS === 'all') {
      for (const sample of all) for (const name of sample.fragments) check(sample, name);
      return;
    }
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (s, f) => {
        const sample = all[s % all.length] as Sample;
        check(sample, sample.fragments[f % sample.fragments.length] as string);
      }),
      SETTINGS,
    );
  });

  it('every listed transition says why it is supported', () => {
    for (const [key, transition] of Object.entries(TRANSITIONS)) {
      assert.match(key, /^[a-z-]+\.[a-z-]+→[a-z-]+\.[a-z-]+$/);
      assert.match(transition.why, /\S/);
    }
  });
});
