/**
 * What an AWS service integration (SQS, SNS, DynamoDB, Step Functions, Kinesis, S3) answered, read by
 * what the service means by it. Every trail here is SYNTHETIC, built in the shape of the real SQS
 * trails in test/fixtures/real-lines.json (GH-kdevkr-sqs-unknown-operation: SQS's 404
 * `<UnknownOperationException/>`; GH-universal-form-urlencoded-sqs-403): the request sent to the
 * service's host, its status, its body when data trace is on, and the status the method completed
 * with. A default integration response with no selection pattern passes any answer on as 200.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';
import type { Cause } from '../../../lambda/core/taxonomy';

const ID = 'b11db56d-0b10-4755-9b7b-0b7e1d8599c4';

interface Answer {
  readonly url: string;
  readonly status: number;
  readonly body?: string;
}

/** A SYNTHETIC REST trail of one AWS service integration's call, ending in the client's status. */
function trail({ url, status, body }: Answer, clientStatus: number): string[] {
  return [
    `Starting execution for request: ${ID}`,
    `Sending request to ${url}`,
    `Received response. Status: ${status}, Integration latency: 2 ms`,
    ...(body === undefined ? [] : [`Endpoint response body before transformations: ${body}`]),
    ...(clientStatus < 400 ? ['Successfully completed execution'] : []),
    `Method completed with status: ${clientStatus}`,
  ];
}

function causesOf(lines: readonly string[]): { causes: Cause[]; evidence: string } {
  const events = lines.map((message, i) => ({ id: String(i), timestamp: 0, message: `(${ID}) ${message}` }));
  const failures = analyze([{ source: { name: 'service-integration.log' }, events }]).failures;
  return {
    causes: failures.map((f) => f.cause),
    evidence: failures.map((f) => f.evidence.join(' | ')).join('\n'),
  };
}

const SQS_QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders';

describe("SQS's answer to an operation it does not know (SYNTHETIC trails)", () => {
  for (const clientStatus of [404, 500, 200]) {
    it(`counts SQS's 404 <UnknownOperationException/> answered ${clientStatus} as the integration's configuration`, () => {
      const { causes, evidence } = causesOf(
        trail({ url: SQS_QUEUE, status: 404, body: '<UnknownOperationException/>' }, clientStatus),
      );
      assert.deepEqual(causes, ['server.configuration'], evidence);
    });
  }
});

/**
 * The Query and JSON protocols (SQS, SNS, DynamoDB, Step Functions, Kinesis…) name the operation in
 * the request (`Action=`, `X-Amz-Target`) and answer a missing queue, table or state machine with a
 * 400 code; their common errors' only 404 is MalformedQueryString (the SQS API Reference's "Common
 * Errors"). So their bare 404 is a request the integration built wrong. S3 names the object in the
 * path, and its 404 (NoSuchKey) is the key the caller asked for. Not SNS: its 404 NotFound is a
 * subscription or endpoint the caller may name (Unsubscribe, GetSubscriptionAttributes).
 */
const ONE_PATH_SERVICES: readonly { readonly service: string; readonly url: string }[] = [
  { service: 'SQS', url: SQS_QUEUE },
  { service: 'DynamoDB', url: 'https://dynamodb.eu-west-1.amazonaws.com/' },
  { service: 'Step Functions', url: 'https://states.us-east-1.amazonaws.com/?Action=StartExecution' },
  { service: 'Kinesis', url: 'https://kinesis.us-east-1.amazonaws.com/' },
];

describe("a bare 404 from an AWS service reads by what that service's 404 means (SYNTHETIC trails)", () => {
  for (const { service, url } of ONE_PATH_SERVICES) {
    for (const clientStatus of [404, 500, 200]) {
      it(`reads ${service}'s bare 404, answered ${clientStatus}, as the integration's configuration`, () => {
        const { causes, evidence } = causesOf(trail({ url, status: 404 }, clientStatus));
        assert.deepEqual(causes, ['server.configuration'], evidence);
      });
    }
  }

  const S3_OBJECT = 'https://s3.us-east-1.amazonaws.com/orders-bucket/invoices/42.pdf';
  for (const clientStatus of [404, 500]) {
    it(`keeps S3's bare 404, answered ${clientStatus}, the backend's missing object`, () => {
      const { causes, evidence } = causesOf(trail({ url: S3_OBJECT, status: 404 }, clientStatus));
      assert.deepEqual(causes, ['not-found.backend'], evidence);
    });
  }

  it("keeps S3's 404 NoSuchKey the backend's missing object", () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>invoices/42.pdf</Key></Error>';
    const { causes, evidence } = causesOf(trail({ url: S3_OBJECT, status: 404, body }, 404));
    assert.deepEqual(causes, ['not-found.backend'], evidence);
  });

  it("does not count S3's bare 404 behind a 200 as a failure: mapping a missing object to an empty success is a design", () => {
    const { causes } = causesOf(trail({ url: S3_OBJECT, status: 404 }, 200));
    assert.deepEqual(causes, []);
  });
});

/**
 * The JSON protocols answer a request with no valid signature of API Gateway's credentials role 400
 * (the AWS common errors MissingAuthenticationToken and IncompleteSignature, as exceptions), where
 * their query APIs answer 403: either way the service refused the credentials API Gateway sent, as
 * InvalidClientTokenId says, not the caller's request.
 */
const UNSIGNED_ANSWERS: readonly { readonly what: string; readonly answer: Answer }[] = [
  {
    what: "DynamoDB's MissingAuthenticationTokenException",
    answer: {
      url: 'https://dynamodb.us-east-1.amazonaws.com/',
      status: 400,
      body: '{"__type":"com.amazon.coral.service#MissingAuthenticationTokenException","message":"Request is missing Authentication Token"}',
    },
  },
  {
    what: "Step Functions' IncompleteSignatureException",
    answer: {
      url: 'https://states.us-east-1.amazonaws.com/?Action=StartExecution',
      status: 400,
      body: '{"__type":"com.amazon.coral.service#IncompleteSignatureException","message":"Authorization header requires \'Signature\' parameter."}',
    },
  },
  {
    what: "Kinesis's MissingAuthenticationTokenException",
    answer: {
      url: 'https://kinesis.us-east-1.amazonaws.com/',
      status: 400,
      body: '{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}',
    },
  },
];

describe("an AWS service's refusal of a request API Gateway did not sign (SYNTHETIC trails)", () => {
  for (const { what, answer } of UNSIGNED_ANSWERS) {
    for (const clientStatus of [400, 500, 200]) {
      it(`reads ${what}, answered ${clientStatus}, as API Gateway's credentials refused`, () => {
        const { causes, evidence } = causesOf(trail(answer, clientStatus));
        assert.deepEqual(causes, ['auth.integration-permission'], evidence);
      });
    }
  }
});

describe('answers that only an AWS service means as its error (SYNTHETIC trails)', () => {
  it("reads SNS's 404 NotFound for a subscription the caller named as its not-found, and a bare one mapped to 200 as no failure", () => {
    const url = 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe';
    const body =
      '<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Subscription does not exist</Message></Error></ErrorResponse>';
    assert.deepEqual(causesOf(trail({ url, status: 404, body }, 404)).causes, ['not-found.backend']);
    assert.deepEqual(causesOf(trail({ url, status: 404 }, 200)).causes, []);
  });

  it("does not count a plain HTTP backend's XML naming an exception element when the integration mapped it to 200", () => {
    const url = 'https://backend.example.com/api/items';
    for (const body of [
      '<error><NotFoundException>item 3 missing</NotFoundException></error>',
      '<Error><Message>No item 3</Message><InnerException><Message>x</Message></InnerException></Error>',
    ]) {
      assert.deepEqual(causesOf(trail({ url, status: 404, body }, 200)).causes, [], body);
    }
  });

  it("counts S3's 403 refusing the object's KMS key behind a 200: no missing key is refused kms:Decrypt", () => {
    const body =
      '<Error><Code>AccessDenied</Code><Message>User: arn:aws:sts::111122223333:assumed-role/r/s is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/1</Message></Error>';
    const url = 'https://b.s3.us-east-1.amazonaws.com/k';
    assert.deepEqual(causesOf(trail({ url, status: 403, body }, 200)).causes, [
      'auth.integration-permission',
    ]);
  });

  it("counts S3 Control's and S3 on Outposts' bare 403 behind a 200, FIPS hosts too: their APIs have no keys to be missing", () => {
    for (const url of [
      'https://123456789012.s3-control.us-east-1.amazonaws.com/v20180820/jobs',
      'https://123456789012.s3-control-fips.us-east-1.amazonaws.com/v20180820/jobs',
      'https://s3-outposts-fips.us-east-1.amazonaws.com/v20180820/bucket',
      'https://s3-data-123456789012.op-01ac5d28a6a232904.s3-outposts.us-east-1.amazonaws.com/k',
    ]) {
      assert.deepEqual(
        causesOf(trail({ url, status: 403 }, 200)).causes,
        ['auth.integration-permission'],
        url,
      );
    }
  });

  it("counts SNS's bare 404 to a Publish behind a 200: the topic the integration names is missing", () => {
    const url =
      'https://sns.us-east-1.amazonaws.com/?Action=Publish&TopicArn=arn:aws:sns:us-east-1:123456789012:gone';
    assert.deepEqual(causesOf(trail({ url, status: 404 }, 200)).causes, ['server.configuration']);
  });
});
