/**
 * AWS service integrations that answer 200 while the work asked for failed: a StartSyncExecution
 * whose execution FAILED or TIMED_OUT, a PutEvents, PutRecords or PutRecordBatch with failed
 * entries, an SQS SendMessageBatch, DeleteMessageBatch or ChangeMessageVisibilityBatch or an SNS
 * PublishBatch with `Failed` entries. Every trail here is SYNTHETIC, in the shape of the REST
 * execution log with data trace on (the request sent to the service's host, its 200, its body, the
 * status the method completed with); the bodies follow the services' documented answers
 * (StartSyncExecutionOutput, PutEventsResponse, PutRecordsOutput, PutRecordBatchOutput,
 * SendMessageBatchResult, PublishBatchResponse with BatchResultErrorEntry), in the JSON, query-JSON
 * (`Accept: application/json` on a query request) and XML forms.
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
/** An SQS integration as API Gateway's console builds one: the queue's path, the action in the form body. */
const SQS = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders';
const SNS =
  'https://sns.us-east-1.amazonaws.com/?Action=PublishBatch&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Aorders';
const METADATA = '"ResponseMetadata":{"RequestId":"0b7e6f1a-2c3d-5e4f-8a9b-1c2d3e4f5a6b"}';
const SENT =
  '{"Id":"m1","MD5OfMessageAttributes":null,"MD5OfMessageBody":"0d7ac2dec5f281678f65dcf7fe4681ba","MD5OfMessageSystemAttributes":null,"MessageId":"9d72cd66-5aaf-4c0f-8f03-8fc96b7a45e1","SequenceNumber":null}';

/** A SYNTHETIC failed entry as the JSON forms write one (BatchResultErrorEntry's fields). */
function failedEntry(code: string, senderFault: boolean, message = 'x', id = 'm2'): string {
  return `{"Code":"${code}","Id":"${id}","Message":"${message}","SenderFault":${senderFault}}`;
}

/**
 * A SYNTHETIC SQS batch answer to a query request with `Accept: application/json`: the operation's
 * Response and Result wrap the fields, as SQS's SendMessage answer through API Gateway does.
 */
function queryJson(operation: string, failed: string, successful = SENT): string {
  return `{"${operation}Response":{${METADATA},"${operation}Result":{"Failed":${failed},"Successful":[${successful}]}}}`;
}

/** A SYNTHETIC SQS SendMessageBatch answer in XML (the query protocol's own form). */
function sqsXml(errors: string): string {
  return `<?xml version="1.0"?><SendMessageBatchResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><SendMessageBatchResult><SendMessageBatchResultEntry><Id>m1</Id><MessageId>9d72cd66-5aaf-4c0f-8f03-8fc96b7a45e1</MessageId><MD5OfMessageBody>0d7ac2dec5f281678f65dcf7fe4681ba</MD5OfMessageBody></SendMessageBatchResultEntry>${errors}</SendMessageBatchResult><ResponseMetadata><RequestId>0b7e6f1a-2c3d-5e4f-8a9b-1c2d3e4f5a6b</RequestId></ResponseMetadata></SendMessageBatchResponse>`;
}

/** A SYNTHETIC SNS PublishBatch answer in XML: `Failed` and `Successful` lists of `member`s. */
function snsXml(failed: string): string {
  return `<PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishBatchResult><Failed>${failed}</Failed><Successful><member><Id>e1</Id><MessageId>5a454f05-b5f9-48ee-8511-222144fbef01</MessageId></member></Successful></PublishBatchResult><ResponseMetadata><RequestId>0b7e6f1a-2c3d-5e4f-8a9b-1c2d3e4f5a6b</RequestId></ResponseMetadata></PublishBatchResponse>`;
}

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
  {
    name: "SendMessageBatch's entry invalid by the sender's fault is the service's validation of it",
    call: {
      url: SQS,
      body: queryJson(
        'SendMessageBatch',
        `[${failedEntry('InvalidParameterValue', true, 'One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.')}]`,
      ),
    },
    cause: 'bad-request.backend',
    shows: [
      'SQS SendMessageBatch answered 200 with 1 entry in Failed',
      'Code InvalidParameterValue (SenderFault true): One or more parameters are invalid',
    ],
  },
  {
    name: "SendMessageBatch told by its X-Amz-Target (SQS's JSON protocol) names a key the role may not use",
    call: {
      url: 'https://sqs.us-east-1.amazonaws.com/',
      target: 'AmazonSQS.SendMessageBatch',
      body: `{"Failed":[${failedEntry('KMS.AccessDeniedException', true, 'User is not authorized to perform kms:GenerateDataKey')}],"Successful":[]}`,
    },
    cause: 'auth.integration-permission',
    shows: ['SQS SendMessageBatch', 'Code KMS.AccessDeniedException'],
  },
  {
    name: "SendMessageBatch's XML answer with an InternalError entry is AWS's own fault",
    call: {
      url: SQS,
      body: sqsXml(
        '<BatchResultErrorEntry><Id>m2</Id><SenderFault>false</SenderFault><Code>InternalError</Code><Message>We encountered an internal error.</Message></BatchResultErrorEntry>',
      ),
    },
    cause: 'server.unavailable',
    shows: ['Code InternalError (SenderFault false): We encountered an internal error.'],
  },
  {
    name: 'an entry code no row knows is told by its SenderFault false, as AWS failing it',
    call: { url: SQS, body: queryJson('SendMessageBatch', `[${failedEntry('SomeNewCode', false)}]`) },
    cause: 'server.unavailable',
    shows: ['Code SomeNewCode (SenderFault false)'],
  },
  {
    name: 'an entry code no row knows is told by its SenderFault true, as the entry being invalid',
    call: { url: SQS, body: queryJson('SendMessageBatch', `[${failedEntry('SomeNewCode', true)}]`) },
    cause: 'bad-request.backend',
    shows: ['Code SomeNewCode (SenderFault true)'],
  },
  {
    name: "a throttled KMS key on the queue is the backend's limit, whatever its SenderFault",
    call: {
      url: SQS,
      body: queryJson('SendMessageBatch', `[${failedEntry('KMS.ThrottlingException', true)}]`),
    },
    cause: 'limit.backend',
    shows: ['Code KMS.ThrottlingException'],
  },
  {
    name: "a disabled key on the queue is the integration's configuration",
    call: {
      url: SQS,
      body: queryJson('SendMessageBatch', `[${failedEntry('KMS.DisabledException', true)}]`),
    },
    cause: 'server.configuration',
    shows: ['Code KMS.DisabledException'],
  },
  {
    name: 'a key refused beside a throttled request decides, and the throttle is named too',
    call: {
      url: SQS,
      body: queryJson(
        'SendMessageBatch',
        `[${failedEntry('RequestThrottled', true, 'x', 'm2')},${failedEntry('KMS.AccessDeniedException', true, 'x', 'm3')}]`,
      ),
    },
    cause: 'auth.integration-permission',
    shows: ['SQS SendMessageBatch answered 200 with 2 entries in Failed', 'also RequestThrottled'],
  },
  {
    name: "SQS's JSON answer whose request headers are not at hand is told a batch by its leading Failed list",
    call: {
      url: 'https://sqs.us-east-1.amazonaws.com/',
      body: `{"Failed":[${failedEntry('InternalError', false)}],"Successful":[${SENT}]}`,
    },
    cause: 'server.unavailable',
    shows: ['SQS batch answered 200 with 1 entry in Failed', 'Code InternalError'],
  },
  {
    name: "SQS's legacy queue.amazonaws.com host answers as SQS",
    call: {
      url: 'https://queue.amazonaws.com/123456789012/orders',
      body: queryJson('SendMessageBatch', `[${failedEntry('InvalidMessageContents', true)}]`),
    },
    cause: 'bad-request.backend',
    shows: ['SQS SendMessageBatch', 'Code InvalidMessageContents'],
  },
  {
    name: 'a Failed list cut after a whole entry says the list was cut, and names the entry',
    call: {
      url: SQS,
      body: `${queryJson('SendMessageBatch', `[${failedEntry('InvalidParameterValue', true)},${failedEntry('InvalidParameterValue', true, 'y'.repeat(1100), 'm3')}]`).slice(0, 1024)} [TRUNCATED]`,
    },
    cause: 'bad-request.backend',
    shows: ['with failed entries (the list was cut off)', 'Code InvalidParameterValue'],
  },
  {
    name: "DeleteMessageBatch's invalid receipt handle is the caller's entry, refused by the service",
    call: {
      url: SQS,
      body: queryJson(
        'DeleteMessageBatch',
        `[${failedEntry('ReceiptHandleIsInvalid', true, 'The input receipt handle is invalid.')}]`,
        '',
      ),
    },
    cause: 'bad-request.backend',
    shows: ['SQS DeleteMessageBatch', 'Code ReceiptHandleIsInvalid'],
  },
  {
    name: "ChangeMessageVisibilityBatch's message no longer in flight is the caller's entry",
    call: {
      url: SQS,
      target: 'AmazonSQS.ChangeMessageVisibilityBatch',
      body: `{"Failed":[${failedEntry('AWS.SimpleQueueService.MessageNotInflight', true)}],"Successful":[]}`,
    },
    cause: 'bad-request.backend',
    shows: ['SQS ChangeMessageVisibilityBatch', 'Code AWS.SimpleQueueService.MessageNotInflight'],
  },
  {
    name: "PublishBatch's throttled member is the backend's limit",
    call: {
      url: SNS,
      body: snsXml(
        '<member><Code>Throttled</Code><Id>e2</Id><Message>Rate exceeded</Message><SenderFault>false</SenderFault></member>',
      ),
    },
    cause: 'limit.backend',
    shows: [
      'SNS PublishBatch answered 200 with 1 entry in Failed',
      'Code Throttled (SenderFault false): Rate exceeded',
    ],
  },
  {
    name: "PublishBatch's JSON answer with a topic key the role may not use is its permission",
    call: {
      url: SNS,
      body: `{"PublishBatchResponse":{"PublishBatchResult":{"Failed":[${failedEntry('KMSAccessDenied', true, 'Access to the key was denied', 'e2')}],"Successful":[]},${METADATA}}}`,
    },
    cause: 'auth.integration-permission',
    shows: ['SNS PublishBatch', 'Code KMSAccessDenied'],
  },
  {
    name: "PublishBatch's invalid parameter is the service's validation of the entry",
    call: {
      url: SNS,
      body: snsXml(
        '<member><Code>InvalidParameter</Code><Id>e2</Id><Message>Invalid parameter: Message too long</Message><SenderFault>true</SenderFault></member>',
      ),
    },
    cause: 'bad-request.backend',
    shows: ['Code InvalidParameter'],
  },
  {
    name: 'a Failed list cut before its first code is counted, and says the codes were cut',
    call: {
      url: SQS,
      body: `${queryJson('SendMessageBatch', `[{"Code":"InvalidParameterValue${'x'.repeat(1100)}"}]`).slice(0, 1024)} [TRUNCATED]`,
    },
    cause: 'server.function-error',
    shows: ['SQS SendMessageBatch answered 200 with failed entries', 'cut off'],
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
    name: 'a SendMessageBatch with "Failed":[]',
    call: { url: SQS, body: queryJson('SendMessageBatch', '[]') },
  },
  {
    name: 'a SendMessageBatch with "Failed":null',
    call: { url: SQS, body: queryJson('SendMessageBatch', 'null') },
  },
  {
    name: 'a SendMessageBatch in SQS JSON protocol with "Failed":[]',
    call: {
      url: 'https://sqs.us-east-1.amazonaws.com/',
      target: 'AmazonSQS.SendMessageBatch',
      body: `{"Failed":[],"Successful":[${SENT}]}`,
    },
  },
  { name: 'a SendMessageBatch XML answer with no error entry', call: { url: SQS, body: sqsXml('') } },
  { name: 'a PublishBatch XML answer with an empty Failed list', call: { url: SNS, body: snsXml('') } },
  {
    name: 'a SendMessageBatch cut before its Failed list',
    call: {
      url: 'https://sqs.us-east-1.amazonaws.com/',
      target: 'AmazonSQS.SendMessageBatch',
      body: `{"Successful":[${SENT.repeat(10)}`.slice(0, 1024),
    },
  },
  {
    name: 'an SQS ReceiveMessage whose message is a batch answer someone queued',
    call: {
      url: SQS,
      body: `{"ReceiveMessageResponse":{${METADATA},"ReceiveMessageResult":{"messages":[{"Attributes":null,"Body":"{\\"Failed\\":[{\\"Code\\":\\"InternalError\\",\\"Id\\":\\"m2\\",\\"SenderFault\\":false}]}","MD5OfBody":"a6a30ffa140e3e258baad55e6ccbb7cb","MessageId":"5c8fd071-8633-4c8e-bc89-d7689c6692e8"}]}}}`,
    },
  },
  {
    name: 'an SQS ReceiveMessage told by its X-Amz-Target, its message a batch answer',
    call: {
      url: 'https://sqs.us-east-1.amazonaws.com/',
      target: 'AmazonSQS.ReceiveMessage',
      body: `{"Messages":[{"Body":"{\\"Failed\\":[${failedEntry('InternalError', false).replaceAll('"', '\\"')}]}","MessageId":"5c8fd071"}]}`,
    },
  },
  {
    name: 'an SQS GetQueueAttributes whose queue policy names Failed',
    call: {
      url: SQS,
      body: `{"GetQueueAttributesResponse":{"GetQueueAttributesResult":{"Attributes":{"Policy":"{\\"Failed\\":[{\\"Code\\":\\"x\\"}]}"}},${METADATA}}}`,
    },
  },
  {
    name: 'an SNS Publish (not a batch) answer',
    call: {
      url: 'https://sns.us-east-1.amazonaws.com/?Action=Publish',
      body: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>5a454f05</MessageId></PublishResult></PublishResponse>',
    },
  },
  {
    name: "a plain HTTP backend's own answer shaped like a SendMessageBatch with failed entries",
    call: {
      url: 'https://api.example.com/batch',
      body: queryJson('SendMessageBatch', `[${failedEntry('InternalError', false)}]`),
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
