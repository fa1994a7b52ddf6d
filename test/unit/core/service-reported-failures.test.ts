/**
 * AWS service integrations that answer 200 while the work asked for failed: a StartSyncExecution
 * whose execution FAILED or TIMED_OUT, a PutEvents, PutRecords or PutRecordBatch with failed
 * entries. Every trail here is SYNTHETIC, in the shape of the REST execution log with data trace on
 * (the request sent to the service's host, its 200, its body, the status the method completed with);
 * the bodies follow the services' documented answers (StartSyncExecutionOutput, PutEventsResponse,
 * PutRecordsOutput, PutRecordBatchOutput).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../lambda/core/pipeline';
import type { Cause } from '../../../lambda/core/taxonomy';
import type { ClassifiedRequest } from '../../../lambda/core/types';

const ID = '5c1f9a62-3d4e-4f7a-9b0c-2e8d7f6a1b3c';

interface Call {
  readonly url: string;
  readonly body: string;
  /** The request's headers line, when the row needs the X-Amz-Target it names. */
  readonly target?: string;
  readonly status?: number;
  readonly clientStatus?: number;
  /** API Gateway's own words after the answer, before the method completed (a mapping template failing). */
  readonly gateway?: string;
}

/** A SYNTHETIC REST trail of one AWS service integration's call. */
function trail({ url, body, target, status = 200, clientStatus = 200, gateway }: Call): string[] {
  return [
    `Starting execution for request: ${ID}`,
    `Endpoint request URI: ${url}`,
    ...(target === undefined
      ? []
      : [
          `Endpoint request headers: {X-Amz-Date=20260101T000000Z, X-Amz-Target=${target}, Accept=application/json, User-Agent=AmazonAPIGateway_abc123}`,
        ]),
    `Received response. Status: ${status}, Integration latency: 40 ms`,
    `Endpoint response body before transformations: ${body}`,
    ...(gateway === undefined ? [] : [gateway]),
    ...(clientStatus < 400 ? ['Successfully completed execution'] : []),
    `Method completed with status: ${clientStatus}`,
  ];
}

function failuresOf(call: Call): readonly ClassifiedRequest[] {
  const events = trail(call).map((message, i) => ({
    id: String(i),
    timestamp: 0,
    message: `(${ID}) ${message}`,
  }));
  return analyze([{ source: { name: 'service-reported-failures.log' }, events }]).failures;
}

const SYNC = 'https://sync-states.us-east-1.amazonaws.com/?Action=StartSyncExecution';
const STATES = 'https://states.us-east-1.amazonaws.com/';
const EVENTS = 'https://events.us-east-1.amazonaws.com/?Action=PutEvents';
const KINESIS = 'https://kinesis.eu-west-1.amazonaws.com/';
const FIREHOSE = 'https://firehose.eu-west-1.amazonaws.com/';

/** A SYNTHETIC StartSyncExecution answer (its fields as SyncExecutionStatus and the output shape name them). */
function execution(status: string, extra = ''): string {
  return `{"billingDetails":{"billedDurationInMilliseconds":100,"billedMemoryUsedInMB":64},${extra}"executionArn":"arn:aws:states:us-east-1:123456789012:express:orders:run-1:0f1e","input":"{\\"status\\":\\"FAILED\\"}","name":"run-1","startDate":1.767225600E9,"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:orders","status":"${status}","stopDate":1.7672256001E9}`;
}

/**
 * A body as the execution log writes one longer than 1 KiB: its first 1,024 characters, then the mark.
 * Step Functions writes its answer's keys in alphabetical order, so a long `cause` (a stack trace) puts
 * `status` past the cut.
 */
function cut(body: string): string {
  return `${body.slice(0, 1024)} [TRUNCATED]`;
}

const LONG_CAUSE = `"cause":"${'at handler (/var/task/index.js:10:5) '.repeat(20)}",`;

const FAILED_EXECUTION = execution(
  'FAILED',
  '"cause":"Payment declined for order 42","error":"PaymentError",',
);

interface Row {
  readonly name: string;
  readonly call: Call;
  readonly cause: Cause;
  /** Words the evidence must show. */
  readonly shows: readonly string[];
}

const FAILED_ROWS: readonly Row[] = [
  {
    name: 'a StartSyncExecution whose execution FAILED is the workflow failing, named by its error',
    call: { url: SYNC, body: FAILED_EXECUTION },
    cause: 'server.function-error',
    shows: ['"status":"FAILED"', 'error=PaymentError', 'cause=Payment declined'],
  },
  {
    name: "a StartSyncExecution whose execution TIMED_OUT hit the state machine's own timeout",
    call: { url: SYNC, body: execution('TIMED_OUT', '"error":"States.Timeout",') },
    cause: 'timeout.function',
    shows: ['"status":"TIMED_OUT"', 'error=States.Timeout'],
  },
  {
    name: 'a StartSyncExecution sent to the states host is told by the Action its URL names',
    call: { url: `${STATES}?Action=StartSyncExecution`, body: FAILED_EXECUTION },
    cause: 'server.function-error',
    shows: ['error=PaymentError'],
  },
  {
    name: 'a StartSyncExecution sent to the states host is told by its X-Amz-Target header',
    call: { url: STATES, target: 'AWSStepFunctions.StartSyncExecution', body: FAILED_EXECUTION },
    cause: 'server.function-error',
    shows: ['error=PaymentError'],
  },
  {
    name: 'a StartSyncExecution whose failure the owner mapped to a 500 still names the workflow',
    call: { url: SYNC, body: FAILED_EXECUTION, clientStatus: 500 },
    cause: 'server.function-error',
    shows: ['error=PaymentError'],
  },
  {
    name: 'a StartSyncExecution cut before its status is told FAILED by the error its answer names',
    call: { url: SYNC, body: cut(execution('FAILED', `${LONG_CAUSE}"error":"PaymentError",`)) },
    cause: 'server.function-error',
    shows: ['error=PaymentError'],
  },
  {
    name: 'a StartSyncExecution cut before its status is told TIMED_OUT by States.Timeout',
    call: { url: SYNC, body: cut(execution('TIMED_OUT', `${LONG_CAUSE}"error":"States.Timeout",`)) },
    cause: 'timeout.function',
    shows: ['error=States.Timeout'],
  },
  {
    name: "PutEvents' throttled entry is the backend's limit",
    call: {
      url: EVENTS,
      body: '{"Entries":[{"ErrorCode":"ThrottlingException","ErrorMessage":"Rate exceeded"}],"FailedEntryCount":1}',
    },
    cause: 'limit.backend',
    shows: ['"FailedEntryCount":1', 'ErrorCode ThrottlingException: Rate exceeded'],
  },
  {
    name: "PutEvents' InternalFailure entry is AWS's own fault",
    call: {
      url: EVENTS,
      body: '{"Entries":[{"EventId":"1a2b"},{"ErrorCode":"InternalFailure","ErrorMessage":"Internal Service Failure"}],"FailedEntryCount":1}',
    },
    cause: 'server.unavailable',
    shows: ['ErrorCode InternalFailure'],
  },
  {
    name: "PutEvents' entry refused for its source is the integration role's permission",
    call: {
      url: EVENTS,
      body: '{"Entries":[{"ErrorCode":"NotAuthorizedForSourceException","ErrorMessage":"Not authorized for the source."}],"FailedEntryCount":1}',
    },
    cause: 'auth.integration-permission',
    shows: ['ErrorCode NotAuthorizedForSourceException'],
  },
  {
    name: "PutEvents' malformed detail is the service's validation of the entry",
    call: {
      url: EVENTS,
      body: '{"Entries":[{"ErrorCode":"MalformedDetail","ErrorMessage":"Detail is malformed."}],"FailedEntryCount":1}',
    },
    cause: 'bad-request.backend',
    shows: ['ErrorCode MalformedDetail'],
  },
  {
    name: 'an entry code no row knows is still counted, as the backend failing its work',
    call: {
      url: EVENTS,
      body: '{"Entries":[{"ErrorCode":"SomeNewException","ErrorMessage":"New."}],"FailedEntryCount":1}',
    },
    cause: 'server.function-error',
    shows: ['ErrorCode SomeNewException'],
  },
  {
    name: 'entries whose count was cut off still count by their error code',
    call: {
      url: EVENTS,
      body: '{"Entries":[{"EventId":"1a2b"},{"ErrorCode":"ThrottlingException","ErrorMessage":"Rate exceeded"},{"EventId":"3c4d"},{"Ev',
    },
    cause: 'limit.backend',
    shows: ['the count was cut off', 'ErrorCode ThrottlingException'],
  },
  {
    name: "PutRecords' record over the shard's throughput is the backend's limit",
    call: {
      url: KINESIS,
      body: '{"FailedRecordCount":2,"Records":[{"SequenceNumber":"4959","ShardId":"shardId-000000000000"},{"ErrorCode":"ProvisionedThroughputExceededException","ErrorMessage":"Rate exceeded for shard shardId-000000000001 in stream orders under account 123456789012."},{"ErrorCode":"ProvisionedThroughputExceededException","ErrorMessage":"Rate exceeded for shard shardId-000000000001 in stream orders under account 123456789012."}]}',
    },
    cause: 'limit.backend',
    shows: [
      '"FailedRecordCount":2',
      'ErrorCode ProvisionedThroughputExceededException: Rate exceeded for shard',
    ],
  },
  {
    name: "PutRecords' InternalFailure record is AWS's own fault",
    call: {
      url: KINESIS,
      body: '{"FailedRecordCount":1,"Records":[{"ErrorCode":"InternalFailure","ErrorMessage":"Internal Service Failure"}]}',
    },
    cause: 'server.unavailable',
    shows: ['ErrorCode InternalFailure'],
  },
  {
    name: "a KMS throttle on the stream's key is the backend's limit",
    call: {
      url: KINESIS,
      body: '{"FailedRecordCount":1,"Records":[{"ErrorCode":"KMSThrottlingException","ErrorMessage":"Rate exceeded"}]}',
    },
    cause: 'limit.backend',
    shows: ['ErrorCode KMSThrottlingException'],
  },
  {
    name: "a disabled key on the stream is the integration's configuration",
    call: {
      url: KINESIS,
      body: '{"FailedRecordCount":1,"Records":[{"ErrorCode":"KMSDisabledException","ErrorMessage":"Key is disabled"}]}',
    },
    cause: 'server.configuration',
    shows: ['ErrorCode KMSDisabledException'],
  },
  {
    name: 'a permission refused beside a throttle decides, as no retry fixes it, and the throttle is named too',
    call: {
      url: KINESIS,
      body: '{"FailedRecordCount":2,"Records":[{"ErrorCode":"ProvisionedThroughputExceededException","ErrorMessage":"Rate exceeded"},{"ErrorCode":"KMSAccessDeniedException","ErrorMessage":"User is not authorized to perform kms:GenerateDataKey"}]}',
    },
    cause: 'auth.integration-permission',
    shows: ['ErrorCode KMSAccessDeniedException', 'also ProvisionedThroughputExceededException'],
  },
  {
    name: 'a count above 0 whose entries were cut off is counted, and says the codes were cut',
    call: {
      url: KINESIS,
      body: '{"EncryptionType":"NONE","FailedRecordCount":7,"Records":[{"SequenceNumber":"49590338271490256608559692538361571095921575989136588898","ShardId":"shardId-000000000000"},{"SequenceNumber":"4959',
    },
    cause: 'server.function-error',
    shows: ['"FailedRecordCount":7', 'cut off'],
  },
  {
    name: "PutRecordBatch's ServiceUnavailableException record is AWS's own fault",
    call: {
      url: FIREHOSE,
      body: '{"Encrypted":false,"FailedPutCount":1,"RequestResponses":[{"ErrorCode":"ServiceUnavailableException","ErrorMessage":"Slow down."}]}',
    },
    cause: 'server.unavailable',
    shows: ['"FailedPutCount":1', 'ErrorCode ServiceUnavailableException'],
  },
];

describe("an AWS service's 200 that reports the work failed (SYNTHETIC trails)", () => {
  for (const { name, call, cause, shows } of FAILED_ROWS) {
    it(name, () => {
      const failures = failuresOf(call);
      assert.equal(failures.length, 1, JSON.stringify(failures));
      const [failure] = failures as [ClassifiedRequest];
      const evidence = failure.evidence.join(' | ');
      assert.equal(failure.cause, cause, evidence);
      assert.equal(failure.confidence, 'likely', evidence);
      // A failure behind a 2xx is another family's than the status the client saw.
      assert.equal(
        failure.masked,
        (call.clientStatus ?? 200) < 400 || !cause.startsWith('server.'),
        evidence,
      );
      for (const words of shows) assert.ok(evidence.includes(words), `${words} not in: ${evidence}`);
    });
  }
});

const SUCCESS_ROWS: readonly { readonly name: string; readonly call: Call }[] = [
  { name: 'a StartSyncExecution that SUCCEEDED', call: { url: SYNC, body: execution('SUCCEEDED') } },
  {
    name: 'a DescribeExecution answering FAILED: the caller asked about an execution, and got its answer',
    call: { url: `${STATES}?Action=DescribeExecution`, body: FAILED_EXECUTION },
  },
  {
    name: 'a DescribeExecution told by its X-Amz-Target',
    call: { url: STATES, target: 'AWSStepFunctions.DescribeExecution', body: FAILED_EXECUTION },
  },
  {
    name: 'a states call naming no operation at all',
    call: { url: STATES, body: FAILED_EXECUTION },
  },
  {
    name: 'a PutEvents with "FailedEntryCount":0',
    call: { url: EVENTS, body: '{"Entries":[{"EventId":"1a2b"}],"FailedEntryCount":0}' },
  },
  {
    name: 'a PutRecords with "FailedRecordCount":0',
    call: {
      url: KINESIS,
      body: '{"FailedRecordCount":0,"Records":[{"SequenceNumber":"4959","ShardId":"shardId-000000000000"}]}',
    },
  },
  {
    name: 'a PutRecordBatch with "FailedPutCount":0',
    call: {
      url: FIREHOSE,
      body: '{"Encrypted":false,"FailedPutCount":0,"RequestResponses":[{"RecordId":"r1"}]}',
    },
  },
  {
    name: "a plain HTTP backend's own data naming failed records",
    call: {
      url: 'https://api.example.com/ingest',
      body: '{"FailedRecordCount":3,"Records":[{"ErrorCode":"ProvisionedThroughputExceededException"}]}',
    },
  },
  {
    name: "another AWS service's data naming a failed count (a DynamoDB item)",
    call: {
      url: 'https://dynamodb.us-east-1.amazonaws.com/',
      body: '{"Item":{"FailedEntryCount":{"N":"3"},"status":{"S":"FAILED"}}}',
    },
  },
  {
    name: 'an S3 GetObject from a bucket named like a service, its object an archived PutEvents answer',
    call: {
      url: 'https://events.s3.us-east-1.amazonaws.com/archive/2026-11-27.json',
      body: '{"Entries":[{"ErrorCode":"ThrottlingException","ErrorMessage":"Rate exceeded"}],"FailedEntryCount":1}',
    },
  },
  {
    name: "an EventBridge ListTargetsByRule whose target's header parameters hold an ErrorCode",
    call: {
      url: 'https://events.us-east-1.amazonaws.com/?Action=ListTargetsByRule',
      body: '{"Targets":[{"Arn":"arn:aws:events:us-east-1:123456789012:api-destination/orders/1a2b","HttpParameters":{"HeaderParameters":{"ErrorCode":"static"}},"Id":"t1"}]}',
    },
  },
  {
    name: 'a DescribeExecution whose request headers name StartSyncExecution too, in a value a caller mapped',
    call: {
      url: STATES,
      target: 'AWSStepFunctions.StartSyncExecution, X-Amz-Target=AWSStepFunctions.DescribeExecution',
      body: FAILED_EXECUTION,
    },
  },
];

describe("an AWS service's 200 that reports no failed work stays a success (SYNTHETIC trails)", () => {
  for (const { name, call } of SUCCESS_ROWS) {
    it(`counts nothing for ${name}`, () => {
      assert.deepEqual(failuresOf(call), []);
    });
  }
});

describe("API Gateway's own failure after a service's answer (SYNTHETIC trails)", () => {
  const unmappable = {
    url: EVENTS,
    clientStatus: 500,
    gateway: 'Execution failed due to configuration error: Unable to transform response',
  };
  for (const code of ['InvalidArgument', 'InternalFailure']) {
    it(`is the method's configuration, not the ${code} entry its template could not map`, () => {
      const failures = failuresOf({
        ...unmappable,
        body: `{"Entries":[{"ErrorCode":"${code}","ErrorMessage":"x"}],"FailedEntryCount":1}`,
      });
      assert.equal(failures.length, 1);
      assert.equal(failures[0]?.cause, 'server.configuration', failures[0]?.evidence.join(' | '));
    });
  }
});
