/**
 * An AWS service integration's error reads the same in each shape the service may answer it in: the
 * query APIs' XML (`<Error><Code>X</Code>…`), the same APIs' JSON when asked for JSON
 * (`{"Error":{"Code":"X",…,"Type":"Sender"}}`, as an SQS integration's trail in a public README
 * shows it), and the JSON protocol's `"__type":"…#X"` (SQS since 2023, DynamoDB, Step Functions).
 * The shape is the service's wire format, chosen by the integration's headers, not a different
 * failure. Every body here is SYNTHETIC, built on the error codes the services' API references name
 * (SQS RequestThrottled, OverLimit, KmsAccessDenied and KmsThrottled, and the common errors
 * InvalidParameterCombination, MissingParameter and ValidationError, SNS Throttled, KMSAccessDenied,
 * KMSThrottling and NotFound "Topic does not exist", SES Throttling, and the services' own 500s:
 * DynamoDB InternalServerError, SNS InternalError, the common InternalFailure), in a SYNTHETIC trail of a
 * REST AWS integration: the service's status passed on, the default integration response's 500
 * that no method response maps, or the 200 of a default integration response with no selection
 * pattern, which passes the service's error body on as a success.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';
import type { Cause } from '../../../lambda/core/taxonomy';

const ID = '3c9e7a51-2b4d-4f6a-9e8c-0d1f2a3b4c5d';

interface Shape {
  readonly name: string;
  readonly host: string;
  readonly status: number;
  readonly body: string;
}

/** The query APIs' XML error and the same error as JSON; `type` is the JSON protocol's `__type`, when the service has one. */
function shapes(host: string, status: number, code: string, message: string, type?: string): Shape[] {
  const all: Shape[] = [
    {
      name: 'query XML',
      host,
      status,
      body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>5a8b2c1d-0000-4000-8000-000000000000</RequestId></ErrorResponse>`,
    },
    {
      name: 'query JSON',
      host,
      status,
      body: `{"Error":{"Code":"${code}","Message":"${message}","Type":"Sender"},"RequestId":"5a8b2c1d-0000-4000-8000-000000000000"}`,
    },
  ];
  if (type !== undefined)
    all.push({ name: 'JSON protocol', host, status, body: `{"__type":"${type}","message":"${message}"}` });
  return all;
}

const MEANINGS: readonly { readonly meaning: string; readonly cause: Cause; readonly shapes: Shape[] }[] = [
  {
    meaning: "SES's Throttling (a sending quota)",
    cause: 'limit.backend',
    shapes: shapes('email', 400, 'Throttling', 'Daily message quota exceeded.'),
  },
  {
    meaning: "SQS's RequestThrottled",
    cause: 'limit.backend',
    shapes: shapes(
      'sqs',
      400,
      'RequestThrottled',
      'Request is throttled.',
      'com.amazonaws.sqs#RequestThrottled',
    ),
  },
  {
    meaning: "SQS's OverLimit (a ReceiveMessage over the queue's in-flight messages)",
    cause: 'limit.backend',
    shapes: shapes(
      'sqs',
      403,
      'OverLimit',
      'The maximum number of in flight messages is reached.',
      'com.amazonaws.sqs#OverLimit',
    ),
  },
  {
    meaning: "SNS's Throttled",
    cause: 'limit.backend',
    shapes: shapes('sns', 400, 'Throttled', 'Request is throttled.'),
  },
  {
    meaning: "the queue's KMS key refusing API Gateway's role",
    cause: 'auth.integration-permission',
    shapes: shapes(
      'sqs',
      400,
      'KMS.AccessDeniedException',
      "The caller doesn't have the required KMS access.",
      'com.amazonaws.sqs#KmsAccessDenied',
    ),
  },
  {
    meaning: "KMS throttling the queue's key",
    cause: 'limit.backend',
    shapes: shapes(
      'sqs',
      400,
      'KMS.ThrottlingException',
      'Request was denied due to request throttling.',
      'com.amazonaws.sqs#KmsThrottled',
    ),
  },
  {
    meaning: "SQS's refusal of a parameter value",
    cause: 'bad-request.backend',
    shapes: shapes('sqs', 400, 'InvalidParameterValue', 'Value for parameter MessageBody is invalid.'),
  },
  {
    meaning: "SQS's refusal of parameters used together",
    cause: 'bad-request.backend',
    shapes: shapes(
      'sqs',
      400,
      'InvalidParameterCombination',
      'Parameters that must not be used together were used together.',
    ),
  },
  {
    meaning: "SQS's missing parameter",
    cause: 'bad-request.backend',
    shapes: shapes('sqs', 400, 'MissingParameter', 'The request must contain the parameter QueueUrl.'),
  },
  {
    meaning: "SQS's refusal of the input's constraints",
    cause: 'bad-request.backend',
    shapes: shapes(
      'sqs',
      400,
      'ValidationError',
      'The input fails to satisfy the constraints specified by an AWS service.',
    ),
  },
  {
    meaning: "SNS's refusal of a parameter",
    cause: 'bad-request.backend',
    shapes: shapes('sns', 400, 'InvalidParameter', 'Invalid parameter: Message too long'),
  },
  {
    meaning: "DynamoDB's refusal of a parameter",
    cause: 'bad-request.backend',
    shapes: shapes(
      'dynamodb',
      400,
      'ValidationException',
      'One or more parameter values were invalid',
      'com.amazon.coral.validate#ValidationException',
    ),
  },
  {
    meaning: "the topic's KMS key refusing API Gateway's role",
    cause: 'auth.integration-permission',
    shapes: shapes(
      'sns',
      400,
      'KMSAccessDenied',
      "The ciphertext references a key that doesn't exist or that you don't have access to.",
    ),
  },
  {
    meaning: "KMS throttling the topic's key",
    cause: 'limit.backend',
    shapes: shapes('sns', 400, 'KMSThrottling', 'The request was denied due to request throttling.'),
  },
  {
    meaning: "SQS's missing queue",
    cause: 'server.configuration',
    shapes: shapes(
      'sqs',
      400,
      'AWS.SimpleQueueService.NonExistentQueue',
      'The specified queue does not exist.',
      'com.amazonaws.sqs#QueueDoesNotExist',
    ),
  },
  {
    meaning: "SNS's missing topic",
    cause: 'server.configuration',
    shapes: shapes('sns', 404, 'NotFound', 'Topic does not exist'),
  },
  {
    meaning: "DynamoDB's internal server error",
    cause: 'server.unavailable',
    shapes: shapes(
      'dynamodb',
      500,
      'InternalServerError',
      'Internal server error',
      'com.amazonaws.dynamodb.v20120810#InternalServerError',
    ),
  },
  {
    meaning: "SNS's internal error",
    cause: 'server.unavailable',
    shapes: shapes('sns', 500, 'InternalError', 'Request could not be completed.'),
  },
  {
    meaning: "the query APIs' common InternalFailure",
    cause: 'server.unavailable',
    shapes: shapes(
      'sqs',
      500,
      'InternalFailure',
      'The request processing has failed because of an unknown error.',
    ),
  },
  {
    meaning: 'an action the service does not know',
    cause: 'server.configuration',
    shapes: shapes(
      'sqs',
      400,
      'InvalidAction',
      'The action SendMesage is not valid for this endpoint.',
      'com.amazon.coral.service#UnknownOperationException',
    ),
  },
];

function trailOf(shape: Shape, clientStatus: number): string[] {
  const lines = [
    `Starting execution for request: ${ID}`,
    `Sending request to https://${shape.host}.us-east-1.amazonaws.com/123456789012/orders`,
    `Received response. Status: ${shape.status}, Integration latency: 12 ms`,
    `Endpoint response body before transformations: ${shape.body}`,
  ];
  if (clientStatus === 500)
    lines.push(
      'Execution failed due to configuration error: Output mapping refers to an invalid method response: 200',
    );
  if (clientStatus < 400) lines.push('Successfully completed execution');
  lines.push(`Method completed with status: ${clientStatus}`);
  return lines;
}

describe("an AWS service integration's error in each of the service's wire shapes (SYNTHETIC)", () => {
  for (const { meaning, cause, shapes: each } of MEANINGS) {
    for (const shape of each) {
      for (const clientStatus of new Set([shape.status, 500, 200])) {
        it(`reads ${meaning} as ${shape.name}, answered ${clientStatus}, as ${cause}`, () => {
          const events = trailOf(shape, clientStatus).map((message, i) => ({
            id: String(i),
            timestamp: 0,
            message: `(${ID}) ${message}`,
          }));
          const failures = analyze([{ source: { name: 'service.log' }, events }]).failures;
          assert.deepEqual(
            failures.map((f) => f.cause),
            [cause],
            failures.map((f) => f.evidence.join(' | ')).join('\n'),
          );
        });
      }
    }
  }
});

/**
 * Hosts under amazonaws.com that run the owner's code: AppSync's GraphQL endpoint (the owner's
 * resolvers), an OpenSearch domain (the owner's queries and scripts; an OpenSearch Serverless
 * collection likewise), a SageMaker endpoint (the owner's model container). Their 500 is the
 * owner's to fix, as a plain HTTP backend's is, not an AWS service's own outage.
 */
const OWNER_CODE_HOSTS: readonly { readonly what: string; readonly url: string; readonly body: string }[] = [
  {
    what: 'an AppSync GraphQL endpoint (the owner’s resolvers)',
    url: 'https://abcdefghijklmnopqrstuvwxyz.appsync-api.us-east-1.amazonaws.com/graphql',
    body: '{"data":null,"errors":[{"message":"Resolver failed"}]}',
  },
  {
    what: 'an OpenSearch domain (the owner’s query script)',
    url: 'https://search-orders-abc123def456.us-east-1.es.amazonaws.com/orders/_search',
    body: '{"error":{"type":"script_exception","reason":"runtime error"},"status":500}',
  },
  {
    what: 'an OpenSearch domain in a VPC',
    url: 'https://vpc-orders-abc123def456.us-east-1.es.amazonaws.com/orders/_search',
    body: '{"error":{"type":"script_exception","reason":"runtime error"},"status":500}',
  },
  {
    what: 'an OpenSearch domain on its aos endpoint',
    url: 'https://search-orders-abc123def456.aos.us-east-1.on.aws/orders/_search',
    body: '{"error":{"type":"script_exception","reason":"runtime error"},"status":500}',
  },
  {
    what: 'an OpenSearch Serverless collection',
    url: 'https://abc123def456ghi789.us-east-1.aoss.amazonaws.com/orders/_search',
    body: '{"error":{"type":"script_exception","reason":"runtime error"},"status":500}',
  },
  {
    what: 'a SageMaker endpoint (the owner’s model container)',
    url: 'https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/my-model/invocations',
    body: '{"ErrorCode":"INTERNAL_FAILURE_FROM_MODEL","Message":"Received server error (500) from model"}',
  },
];

describe("a 500 from an AWS host that runs the owner's code reads as the backend's error (SYNTHETIC)", () => {
  for (const { what, url, body } of OWNER_CODE_HOSTS) {
    for (const clientStatus of [500, 200]) {
      it(`a 500 from ${what}, answered ${clientStatus}, reads server.function-error`, () => {
        const lines = [
          `Starting execution for request: ${ID}`,
          `Sending request to ${url}`,
          'Received response. Status: 500, Integration latency: 12 ms',
          `Endpoint response body before transformations: ${body}`,
          ...(clientStatus < 400 ? ['Successfully completed execution'] : []),
          `Method completed with status: ${clientStatus}`,
        ];
        const events = lines.map((message, i) => ({
          id: String(i),
          timestamp: 0,
          message: `(${ID}) ${message}`,
        }));
        const failures = analyze([{ source: { name: 'owner-code.log' }, events }]).failures;
        assert.deepEqual(
          failures.map((f) => f.cause),
          ['server.function-error'],
          failures.map((f) => f.evidence.join(' | ')).join('\n'),
        );
      });
    }
  }
});
