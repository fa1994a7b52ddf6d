/**
 * What a REST stage's execution log still proves at the levels users run it at: INFO without "full
 * request and response data" (`dataTraceEnabled` false: no headers, no bodies) and ERROR (the failure
 * lines alone). Each row is a SYNTHETIC trail cut from the real sample it names (a fixture of
 * test/fixtures/real-lines.json or a corpus file), its request id our own: the lines that level does
 * not write are dropped, the others kept as the sample has them. The cause must be the one the lines
 * left prove, at a confidence no stronger than they allow; a line that has more than one reading in
 * the real samples is `likely`, never `certain`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';
import type { Cause } from '../../../lambda/core/taxonomy';
import type { Confidence } from '../../../lambda/core/types';

const ID = '5e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const SQS_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders-queue';
const LAMBDA_URI =
  'https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations';

/** The start of a REST trail whose SQS integration answered 403 (GH-aws-cdk-projects-sqs-access-denied, INFO). */
const SQS_403 = [
  `Starting execution for request: ${ID}`,
  'HTTP Method: POST, Resource Path: /orders',
  `Sending request to ${SQS_URL}`,
  'Received response. Status: 403, Integration latency: 2 ms',
] as const;

interface Row {
  readonly what: string;
  /** The real sample the trail is cut from, and the level whose lines it keeps. */
  readonly from: string;
  readonly messages: readonly string[];
  /** The cause, confidence and client status of the one failed request, or null when none failed. */
  readonly expected: readonly [Cause, Confidence, number | null] | null;
  /** Whether the failed request is masked (the client saw another cause's status), when the row says. */
  readonly masked?: boolean;
  /** Words its evidence must show, when the row says. */
  readonly shows?: string;
}

const ROWS: readonly Row[] = [
  // AWS's Knowledge Center api-gateway-lambda-template-invoke-error: an integration HTTP method other
  // than POST makes Lambda answer 403 "Unable to determine service/operation name to be authorized",
  // logged as "Lambda invocation failed with status: 403" and an empty configuration error. A missing
  // invoke permission is logged otherwise, "Invalid permissions on Lambda function" with no Lambda
  // status (Knowledge Center api-gateway-rest-api-lambda-integrations; fixtures
  // GH-k1k7gu3ct7-invalid-permissions, SALBLOG-json-access-invalid-permissions). Without the body,
  // Lambda's 403 is the invoke request API Gateway built, not yet a permission it lacks.
  {
    what: "Lambda's 403 for the invoke, its body not logged, is the integration's configuration, only likely",
    from: 'KC-lambda-template-invoke-error-403, INFO without data trace',
    messages: [
      `Starting execution for request: ${ID}`,
      'HTTP Method: GET, Resource Path: /orders',
      `Sending request to ${LAMBDA_URI}`,
      'Received response. Status: 403, Integration latency: 3 ms',
      'Lambda invocation failed with status: 403. Lambda request id: abc1d2ef-34ab-56c7-de8f-90123a456789',
      'Execution failed due to configuration error:',
      'Method completed with status: 500',
    ],
    expected: ['server.configuration', 'likely', 500],
  },
  {
    what: "Lambda's 403 for the invoke in the failure lines alone is the integration's configuration, only likely",
    from: 'SLS-1312-lambda-get-unable-to-determine-operation, ERROR level',
    messages: [
      'Lambda invocation failed with status: 403. Lambda request id: 8c6a3a2e-33c8-11e6-b5f3-0d1d4c4c4e4a',
      'Execution failed due to configuration error:',
    ],
    expected: ['server.configuration', 'likely', null],
  },
  {
    what: 'the body naming the wrong operation still makes it certain',
    from: 'KC-lambda-template-invoke-error-403, INFO with data trace',
    messages: [
      'Received response. Status: 403, Integration latency: 3 ms',
      'Endpoint response body before transformations: <AccessDeniedException><Message>Unable to determine service/operation name to be authorized</Message></AccessDeniedException>',
      'Lambda invocation failed with status: 403. Lambda request id: abc1d2ef-34ab-56c7-de8f-90123a456789',
      'Execution failed due to configuration error:',
      'Method completed with status: 500',
    ],
    expected: ['server.configuration', 'certain', 500],
  },
  {
    what: "API Gateway's own words for a missing invoke permission stay a certain integration permission",
    from: 'GH-k1k7gu3ct7-invalid-permissions, ERROR level',
    messages: ['Execution failed due to configuration error: Invalid permissions on Lambda function'],
    expected: ['auth.integration-permission', 'certain', null],
  },
  // Lambda's 403 is refused for the authorizer's invoke here: "Authorizer error" says whose call it was
  // (an ERROR-level stage writes only these two lines; the authorizer's own lines are INFO).
  {
    what: "a Lambda authorizer's invoke Lambda refused with 403 is the authorizer's failure, not the integration's configuration",
    from: 'KC-rest-api-lambda-authorizer-invalid-permissions, its permission line as a Lambda 403, ERROR level (SYNTHETIC)',
    messages: [
      'Lambda invocation failed with status: 403. Lambda request id: 1111d2ef-34ab-56c7-de8f-90123a456789',
      'Execution failed due to configuration error: Authorizer error',
    ],
    expected: ['auth.authorizer-error', 'certain', null],
    masked: true,
  },
  // An AWS service integration whose default integration response maps every answer to 200 (the
  // usual SQS integration): the service refusing API Gateway's role is then a 200, and only the body
  // ({"Error":{"Code":"AccessDenied"…}}) said so at INFO with data trace. Without it, the service's
  // 403 to the request API Gateway signed is still its role refused (SQS and SNS answer nothing else
  // with 403); S3's, below, is not, as a missing key answers 403 too.
  {
    what: "an AWS service's 403 behind a 200 is still the role it refused, only likely",
    from: 'GH-aws-cdk-projects-sqs-access-denied and GH-universal-form-urlencoded-sqs-403, INFO without data trace',
    messages: [...SQS_403, 'Successfully completed execution', 'Method completed with status: 200'],
    expected: ['auth.integration-permission', 'likely', 200],
  },
  // The real sample itself: its integration response then named a method response that does not
  // exist, a configuration error of API Gateway's own after the answer. Fixing that mapping would
  // still leave the message refused, so the refusal stays the cause, as the body made it certain.
  {
    what: "an AWS service's 403 before API Gateway's own configuration error is still the role it refused, only likely",
    from: 'GH-aws-cdk-projects-sqs-access-denied, INFO without data trace',
    messages: [
      ...SQS_403,
      'Execution failed due to configuration error: Output mapping refers to an invalid method response: 200',
      'Method completed with status: 500',
    ],
    expected: ['auth.integration-permission', 'likely', 500],
    masked: true,
    shows: 'Output mapping refers to an invalid method response',
  },
  // The same with the service's body logged, naming another error than a refusal (its request
  // expired): the permission phrases would have read a refusal there, so the body says otherwise.
  {
    what: "an AWS service's 403 whose logged body names no refusal, before API Gateway's own configuration error, stays the configuration",
    from: 'GH-aws-cdk-projects-sqs-access-denied, its body another error code, INFO with data trace (SYNTHETIC)',
    messages: [
      ...SQS_403,
      'Endpoint response body before transformations: <?xml version="1.0"?><ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>Sender</Type><Code>RequestExpired</Code><Message>Request has expired.</Message></Error></ErrorResponse>',
      'Execution failed due to configuration error: Output mapping refers to an invalid method response: 200',
      'Method completed with status: 500',
    ],
    expected: ['server.configuration', 'certain', 500],
  },
  {
    what: "an AWS service's 403 whose body, pretty-printed over lines, names no refusal, before API Gateway's own configuration error, stays the configuration",
    from: 'GH-aws-cdk-projects-sqs-access-denied, its body another error code over lines, INFO with data trace (SYNTHETIC)',
    messages: [
      ...SQS_403,
      'Endpoint response body before transformations:\n{\n    "__type": "com.amazonaws.sqs#RequestExpired",\n    "message": "Request has expired."\n}',
      'Execution failed due to configuration error: Output mapping refers to an invalid method response: 200',
      'Method completed with status: 500',
    ],
    expected: ['server.configuration', 'certain', 500],
  },
  {
    what: "an SNS 403 whose cut body names its AuthorizationError, before API Gateway's own configuration error, is still the role refused",
    from: 'GH-aws-cdk-projects-sqs-access-denied, its integration an SNS Publish, INFO with data trace (SYNTHETIC)',
    messages: [
      `Starting execution for request: ${ID}`,
      'HTTP Method: POST, Resource Path: /orders',
      'Sending request to https://sns.eu-west-1.amazonaws.com/?Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A123456789012%3Aorders',
      'Received response. Status: 403, Integration latency: 2 ms',
      'Endpoint response body before transformations: <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>User: arn:aws:sts::123456789012:assumed-role/orders-api/BackplaneAssumeRoleSession is not auth [TRUNCATED]',
      'Execution failed due to configuration error: Output mapping refers to an invalid method response: 200',
      'Method completed with status: 500',
    ],
    expected: ['auth.integration-permission', 'likely', 500],
  },
  // S3 answers a missing key 403 AccessDenied, not 404, when the role lacks s3:ListBucket (AWS's
  // GetObject and HeadObject references): an existence check mapping that 403 to 200 is a working
  // design. A HEAD has no body, and a bare "Access Denied" is the same for both; only a body naming
  // the permission refused tells a role refused from a missing key.
  {
    what: "S3's 403 to a HEAD behind a 200 may be a missing key, no failure",
    from: 'GH-aws-cdk-projects-sqs-access-denied, its integration an S3 HEAD instead, INFO (SYNTHETIC)',
    messages: [
      `Starting execution for request: ${ID}`,
      'HTTP Method: HEAD, Resource Path: /files/{key}',
      'Sending request to https://s3.eu-west-1.amazonaws.com/my-bucket/reports/2026-11.csv',
      'Received response. Status: 403, Integration latency: 2 ms',
      'Successfully completed execution',
      'Method completed with status: 200',
    ],
    expected: null,
  },
  {
    what: "S3's 403 before API Gateway's own configuration error stays the configuration: the key may be missing",
    from: 'GH-aws-cdk-projects-sqs-access-denied, its integration an S3 GET instead, INFO without data trace (SYNTHETIC)',
    messages: [
      `Starting execution for request: ${ID}`,
      'HTTP Method: GET, Resource Path: /files/{key}',
      'Sending request to https://s3.eu-west-1.amazonaws.com/my-bucket/reports/2026-11.csv',
      'Received response. Status: 403, Integration latency: 2 ms',
      'Execution failed due to configuration error: Output mapping refers to an invalid method response: 200',
      'Method completed with status: 500',
    ],
    expected: ['server.configuration', 'certain', 500],
  },
  {
    what: "S3's 403 to a GET behind a 200, its body not logged, may be a missing key, no failure",
    from: 'GH-aws-cdk-projects-sqs-access-denied, its integration an S3 GET instead, INFO without data trace (SYNTHETIC)',
    messages: [
      `Starting execution for request: ${ID}`,
      'HTTP Method: GET, Resource Path: /files/{key}',
      'Sending request to https://s3.eu-west-1.amazonaws.com/my-bucket/reports/2026-11.csv',
      'Received response. Status: 403, Integration latency: 2 ms',
      'Successfully completed execution',
      'Method completed with status: 200',
    ],
    expected: null,
  },
  {
    what: "S3's bare AccessDenied behind a 200 may be a missing key, no failure",
    from: 'GH-aws-cdk-projects-sqs-access-denied, its integration an S3 GET instead, INFO with data trace (SYNTHETIC)',
    messages: [
      `Starting execution for request: ${ID}`,
      'HTTP Method: GET, Resource Path: /files/{key}',
      'Sending request to https://s3.eu-west-1.amazonaws.com/my-bucket/reports/2026-11.csv',
      'Received response. Status: 403, Integration latency: 2 ms',
      'Endpoint response body before transformations: <?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>8B2V0J1XQ7M3K9ZC</RequestId></Error>',
      'Successfully completed execution',
      'Method completed with status: 200',
    ],
    expected: null,
  },
  {
    what: "S3's AccessDenied naming the permission the role lacks behind a 200 is the role refused",
    from: "GH-aws-cdk-projects-sqs-access-denied, its integration an S3 GET instead, the body in S3's access-denied wording, INFO with data trace (SYNTHETIC)",
    messages: [
      `Starting execution for request: ${ID}`,
      'HTTP Method: GET, Resource Path: /files/{key}',
      'Sending request to https://s3.eu-west-1.amazonaws.com/my-bucket/reports/2026-11.csv',
      'Received response. Status: 403, Integration latency: 2 ms',
      'Endpoint response body before transformations: <?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/apigw-s3/BackplaneAssumeRoleSession is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::my-bucket/reports/2026-11.csv" because no identity-based policy allows the s3:GetObject action</Message></Error>',
      'Successfully completed execution',
      'Method completed with status: 200',
    ],
    expected: ['auth.integration-permission', 'certain', 200],
  },
  {
    what: "S3 Object Lambda's 403 behind a 200 is the owner's function answering, no failure",
    from: 'GH-aws-cdk-projects-sqs-access-denied, its integration S3 Object Lambda instead, INFO without data trace (SYNTHETIC)',
    messages: [
      `Starting execution for request: ${ID}`,
      'HTTP Method: GET, Resource Path: /files/{key}',
      'Sending request to https://my-bucket-123456789012.s3-object-lambda.eu-west-1.amazonaws.com/files/x',
      'Received response. Status: 403, Integration latency: 2 ms',
      'Successfully completed execution',
      'Method completed with status: 200',
    ],
    expected: null,
  },
  {
    what: "SNS's 403 behind a 200 is still the role it refused, only likely",
    from: 'GH-aws-cdk-projects-sqs-access-denied, its integration SNS Publish instead, INFO without data trace (SYNTHETIC)',
    messages: [
      `Starting execution for request: ${ID}`,
      'HTTP Method: POST, Resource Path: /files/{key}',
      'Sending request to https://sns.eu-west-1.amazonaws.com/?Action=Publish',
      'Received response. Status: 403, Integration latency: 2 ms',
      'Successfully completed execution',
      'Method completed with status: 200',
    ],
    expected: ['auth.integration-permission', 'likely', 200],
  },
  {
    what: "a plain HTTP backend's 403 behind a 200 stays the owner's mapping, no failure",
    from: 'GH-aws-cdk-projects-sqs-access-denied, its endpoint an HTTP backend instead, INFO without data trace',
    messages: [
      `Starting execution for request: ${ID}`,
      'HTTP Method: POST, Resource Path: /orders',
      'Sending request to https://orders.example.com/orders',
      'Received response. Status: 403, Integration latency: 2 ms',
      'Successfully completed execution',
      'Method completed with status: 200',
    ],
    expected: null,
  },
];

describe('execution logs without data trace or at ERROR level (SYNTHETIC trails cut from real samples)', () => {
  for (const { what, from, messages, expected, masked, shows } of ROWS) {
    it(`${what} (${from})`, () => {
      const events = messages.map((message, i) => ({
        id: String(i),
        timestamp: 0,
        message: `(${ID}) ${message}`,
      }));
      const failures = analyze([{ source: { name: 'levels.log' }, events }]).failures;
      assert.deepEqual(
        failures.map((f) => [f.cause, f.confidence, f.clientStatus]),
        expected ? [expected] : [],
        failures.map((f) => f.evidence.join(' | ')).join('\n'),
      );
      if (masked !== undefined)
        assert.deepEqual(
          failures.map((f) => f.masked),
          [masked],
        );
      if (shows !== undefined)
        assert.ok(
          failures.some((f) => f.evidence.some((e) => e.includes(shows))),
          failures.map((f) => f.evidence.join(' | ')).join('\n'),
        );
    });
  }
});
