/**
 * A Lambda function's own AWS calls meet refusals too (its execution role denied by DynamoDB, a table
 * it cannot find, an expired token): the error object it throws then names them, and the request
 * failed because the function failed, not because API Gateway's role or integration is wrong. Every
 * runtime answers an unhandled error with an object that starts with `errorType` or `errorMessage`
 * (Node.js `{"errorType","errorMessage","trace"}`, Python `{"errorMessage","errorType","requestId",
 * "stackTrace"}`), which only a function that ran writes. SYNTHETIC trails, in the shapes of the real
 * samples test/fixtures/real-lines.json SLS-6684-lucaslopesr-trace-id-typeerror (the body line alone,
 * on one line) and SWEEP2-ghslack-cloudwatch-pretty-errortype-body-no-status (the body line alone,
 * pretty-printed, with its request id), with other errors the same function could have thrown.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';

const ID = '6b1f0e2d-7c3a-4e59-a8d4-2f6e9b0c1d3e';

/** Errors a function's own AWS SDK calls throw, as the SDKs name them. */
const OWN_CALL_ERRORS: readonly { readonly errorType: string; readonly errorMessage: string }[] = [
  {
    errorType: 'AccessDeniedException',
    errorMessage:
      'User: arn:aws:sts::210987654321:assumed-role/orders-role/orders is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:eu-west-2:210987654321:table/orders because no identity-based policy allows the dynamodb:GetItem action',
  },
  {
    errorType: 'ClientError',
    errorMessage:
      'An error occurred (AccessDeniedException) when calling the GetItem operation: User: arn:aws:sts::210987654321:assumed-role/orders-role/orders is not authorized to perform: dynamodb:GetItem',
  },
  {
    errorType: 'UnrecognizedClientException',
    errorMessage: 'The security token included in the request is invalid.',
  },
  { errorType: 'ResourceNotFoundException', errorMessage: 'Requested resource not found' },
];

/** The function's error object as each runtime writes it. */
const RUNTIMES: readonly (readonly [name: string, body: (type: string, message: string) => object])[] = [
  [
    'Node.js',
    (errorType, errorMessage) => ({
      errorType,
      errorMessage,
      trace: [`${errorType}: ${errorMessage}`, '    at Runtime.handler (/var/task/index.js:9:87)'],
    }),
  ],
  [
    'Python',
    (errorType, errorMessage) => ({
      errorMessage,
      errorType,
      requestId: 'b50e7f7f-1612-4b55-8f04-aee9a0754c44',
      stackTrace: ['  File "/var/task/app.py", line 12, in handler\n'],
    }),
  ],
];

/** The body line alone, one line or pretty-printed as a CloudWatch message of several lines. */
const LAYOUTS: readonly (readonly [name: string, line: (body: object) => string])[] = [
  ['on one line', (body) => `Endpoint response body before transformations: ${JSON.stringify(body)}`],
  [
    'pretty-printed',
    (body) => `Endpoint response body before transformations:\n${JSON.stringify(body, null, 4)}`,
  ],
];

function verdicts(message: string): [string, boolean, string][] {
  const events = [{ id: '1', timestamp: 0, message: `(${ID}) ${message}` }];
  return analyze([{ source: { name: 'body.log' }, events }]).failures.map((f) => [
    f.cause,
    f.masked,
    f.confidence,
  ]);
}

describe("classify: a function's own error object names what its own calls met", () => {
  for (const { errorType, errorMessage } of OWN_CALL_ERRORS) {
    for (const [runtime, body] of RUNTIMES) {
      for (const [layout, line] of LAYOUTS) {
        it(`reads a ${runtime} error object ${layout} naming ${errorType} "${errorMessage.slice(0, 40)}…" as the function's failure, not API Gateway's integration (SYNTHETIC)`, () => {
          assert.deepEqual(verdicts(line(body(errorType, errorMessage))), [
            ['server.function-error', false, 'certain'],
          ]);
        });
      }
    }
  }
});

/**
 * A REST trail of a Lambda proxy integration whose function ran and failed (SYNTHETIC, in the shape
 * of the real corpus sample S07-05: Lambda's 200 for the invoke, X-Amz-Function-Error, the error
 * object, the customer-function-error line, 502).
 */
function functionFailedTrail(errorMessage: string): string[] {
  return [
    `Starting execution for request: ${ID}`,
    'HTTP Method: POST, Resource Path: /orders',
    'Sending request to https://lambda.eu-west-2.amazonaws.com/2015-03-31/functions/arn:aws:lambda:eu-west-2:210987654321:function:orders/invocations',
    'Received response. Status: 200, Integration latency: 284 ms',
    'Endpoint response headers: {Date=Fri, 28 Jun 2024 23:38:28 GMT, Content-Type=application/json, Content-Length=313, Connection=keep-alive, x-amzn-RequestId=b50e7f7f-1612-4b55-8f04-aee9a0754c44, X-Amz-Function-Error=Unhandled, X-Amz-Executed-Version=$LATEST}',
    `Endpoint response body before transformations: ${JSON.stringify({ errorType: 'Error', errorMessage, trace: [`Error: ${errorMessage}`] })}`,
    `Lambda execution failed with status 200 due to customer function error: ${errorMessage}. Lambda request id: b50e7f7f-1612-4b55-8f04-aee9a0754c44`,
    'Method completed with status: 502',
  ];
}

function trailVerdicts(messages: readonly string[]): [string, boolean, string][] {
  const events = messages.map((message, i) => ({
    id: String(i),
    timestamp: 0,
    message: `(${ID}) ${message}`,
  }));
  return analyze([{ source: { name: 'trail.log' }, events }]).failures.map((f) => [
    f.cause,
    f.masked,
    f.confidence,
  ]);
}

describe("classify: a timeout the function's own call met is the function's failure", () => {
  // A function calling another API behind API Gateway gets its 504 body and throws its message.
  for (const errorMessage of [
    'Endpoint request timed out',
    'Request failed with status code 504: {"message": "Endpoint request timed out"}',
  ]) {
    it(`reads a function that ran 284 ms and threw "${errorMessage}" as its own failure, not the integration timing out (SYNTHETIC)`, () => {
      assert.deepEqual(trailVerdicts(functionFailedTrail(errorMessage)), [
        ['server.function-error', false, 'certain'],
      ]);
    });
  }

  it('still reads API Gateway timing out on a function that never answered as the integration timeout (SYNTHETIC)', () => {
    const trail = [
      `Starting execution for request: ${ID}`,
      'HTTP Method: POST, Resource Path: /orders',
      'Sending request to https://lambda.eu-west-2.amazonaws.com/2015-03-31/functions/arn:aws:lambda:eu-west-2:210987654321:function:orders/invocations',
      'Execution failed due to a timeout error',
      'Method completed with status: 504',
    ];
    assert.deepEqual(trailVerdicts(trail), [['timeout.integration', false, 'certain']]);
  });
});

describe("classify: only Lambda's own error object says the function ran", () => {
  it('does not take a body whose keys differ in case from the runtime\'s ("ErrorMessage", "ERRORTYPE") for a function that ran, so the integration\'s missing queue is still named (SYNTHETIC)', () => {
    for (const key of ['ErrorMessage', 'ERRORTYPE']) {
      const trail = [
        `Starting execution for request: ${ID}`,
        'Endpoint request URI: https://sqs.eu-west-2.amazonaws.com/210987654321/orders',
        `Endpoint response body before transformations: {"${key}":"The specified queue does not exist for this wsdl version.","__type":"AWS.SimpleQueueService.NonExistentQueue"}`,
        'Method completed with status: 500',
      ];
      assert.deepEqual(trailVerdicts(trail)[0]?.[0], 'server.configuration', key);
    }
  });
});
