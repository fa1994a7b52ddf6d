/**
 * Parts of real logs (test/support/fragments.ts): with fewer lines the analyzer may say less, but the
 * cause it names must be one the lines left support. Each row is a fragment of a real sample that
 * once got a cause its remaining lines contradict, and the cause they do support.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requireCorpus } from '../../support/corpus';
import { failuresOf, fragment, realSample } from '../../support/fragments';

interface Row {
  readonly sample: string;
  readonly fragment: string;
  /** The causes of the failures reported, in order; none for a success's fragment. */
  readonly causes: readonly string[];
  readonly why: string;
}

const ROWS: readonly Row[] = [
  {
    sample: 'GH-devportal-62-invalid-permissions',
    fragment: 'elide-mid-0',
    causes: ['auth.integration-permission'],
    why: "an endpoint URL whose host was elided names no HTTP backend: API Gateway's own 'Invalid permissions on Lambda function' still decides",
  },
  {
    sample: 'TFAWS-14965-console-invalid-permissions',
    fragment: 'elide-mid-6',
    causes: ['auth.integration-permission'],
    why: 'the elided Sending request line does not hide the Endpoint request URI named before it',
  },
  {
    sample: 'KCKO-LAMBDA-INTEGRATION-INVALID-PERMISSIONS-QUOTED',
    fragment: 'elide-ends-0',
    causes: ['auth.integration-permission'],
    why: "a host cut by ' ... ' is no host",
  },
  {
    sample: 'GH-careervp-401-authorizer-error-field',
    fragment: 'drop-field-0-status',
    causes: ['auth.unauthenticated'],
    why: 'a Lambda authorizer\'s "Unauthorized" is its refusal of the caller (401 by design), status or not, not the authorizer failing',
  },
  {
    sample: 'GH-terraform-aws-737-authorizer-invalid-endpoint',
    fragment: 'drop-last-2',
    causes: ['auth.authorizer-error'],
    why: "a configuration error while the trail is still in its Lambda authorizer (started, never past it) is the authorizer's, with or without the 'Authorizer error' line after it",
  },
  {
    sample: 'GH-rotemtam-handled-error-422-to-400',
    fragment: 'drop-line-31',
    causes: ['bad-request.backend'],
    why: "without the headers saying Handled, a 400 beside Lambda's error object is still the function's error the integration mapped to a client status: an unmapped one answers 502 or 200",
  },
  {
    sample: 'GH-rotemtam-handled-error-422-to-400',
    fragment: 'drop-first-32',
    causes: ['bad-request.backend'],
    why: 'the method response body alone, the error object the client got with its 400, is the mapped answer too',
  },
  {
    sample: 'JA-PANEL-hello-world-malformed-502',
    fragment: 'drop-line-24',
    causes: ['server.bad-response'],
    why: "without the 'Malformed Lambda proxy response' line, a 502 after Lambda answered 200 with a body that is no error object is still a response the gateway could not read, not a function error",
  },
  {
    sample: 'GH-miniaws-console-malformed-proxy-502',
    fragment: 'drop-line-14',
    causes: ['server.bad-response'],
    why: "without the 'Malformed Lambda proxy response' line, a 502 after Lambda answered 200 with a body that is no error object is still a response the gateway could not read, not a function error",
  },
  {
    sample: 'YOU54F-hello-world-string-malformed-502',
    fragment: 'drop-line-4',
    causes: ['server.bad-response'],
    why: "without the 'Malformed Lambda proxy response' line, a 502 after Lambda answered 200 with a body that is no error object is still a response the gateway could not read, not a function error",
  },
  {
    sample: 'CODELITS-GOURMEALS-YAML-TESTINVOKE-MALFORMED-502',
    fragment: 'elide-mid-14',
    causes: ['server.bad-response'],
    why: "without the 'Malformed Lambda proxy response' line, a 502 after Lambda answered 200 with a body that is no error object is still a response the gateway could not read, not a function error",
  },
  {
    sample: 'RAMDHAVE-lambda-nonproxy-output-mapping-invalid-200',
    fragment: 'drop-line-4',
    causes: ['unknown.server'],
    why: "without the 'Output mapping refers to an invalid method response' line, a 500 after Lambda answered 200 with data and no statusCode did not come from the function: the lines left name no cause",
  },
  {
    sample: 'SUCC-JRESTLESS-panel-colon-labels-200',
    fragment: 'drop-line-4',
    causes: [],
    why: 'the console panel without its \'Response Body:\' label leaves the function\'s proxy response ({"statusCode": 500, "isBase64Encoded": false, …}) on its own: that is no access line, and the request succeeded',
  },
  {
    sample: 'SUCC-JRESTLESS-panel-colon-labels-200',
    fragment: 'drop-first-5',
    causes: [],
    why: 'the same proxy response at the top of what was pasted',
  },
  {
    sample: 'CHALICE-536-console-proxy-400-badrequest',
    fragment: 'elide-path-0',
    causes: ['bad-request.backend'],
    why: 'a whole Lambda host with only its path elided still names the Lambda integration whose proxy answer chose the 400',
  },
  {
    sample: 'CHALICE-536-console-proxy-400-badrequest',
    fragment: 'cut-path-0',
    causes: ['bad-request.backend'],
    why: 'the same line cut right after the whole host',
  },
  {
    sample: 'GH-universal-form-urlencoded-sqs-403',
    fragment: 'elide-path-6',
    causes: ['auth.integration-permission'],
    why: "a whole SQS host with only its path elided still names the AWS service whose 403 refused API Gateway's role, not a backend refusing the caller",
  },
  {
    sample: 'GH-aws-cdk-projects-sqs-access-denied',
    fragment: 'cut-path-0',
    causes: ['auth.integration-permission'],
    why: 'the same for a line cut right after the whole SQS host, with its AccessDenied body',
  },
];

describe('fragments of real logs name only causes their lines support', () => {
  if (!requireCorpus()) return;
  for (const row of ROWS) {
    it(`${row.sample}, ${row.fragment}: ${row.causes.join(', ') || 'no failure'} (${row.why})`, () => {
      const lines = fragment(realSample(row.sample).lines, row.fragment);
      assert.ok(lines, `${row.fragment} applies to ${row.sample}`);
      const failures = failuresOf(lines);
      assert.deepEqual(
        failures.map((f) => f.cause),
        row.causes,
        failures.map((f) => f.evidence.join(' | ')).join('\n'),
      );
    });
  }
});
