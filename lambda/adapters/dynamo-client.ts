/** One DynamoDB client per Lambda container: created at module load, reused by every invocation. */
import { createHash } from 'node:crypto';
import { type AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { headOf } from '../core/text-head';

/**
 * How long one DynamoDB request may take. The SDK sets no limit: a request whose connection hangs
 * would hold the invocation until Lambda ends it, and the retry, after the alert claims' lease, could
 * send an alert again. The item writes here answer in milliseconds; one abandoned is retried by the
 * SDK like any transient error, and every write is safe to repeat (counters by their delivery id,
 * alert states and delivery records by their write id).
 */
const REQUEST_TIMEOUT_MS = 5_000;
const CONNECTION_TIMEOUT_MS = 3_000;

// Region, credentials and AWS_ENDPOINT_URL_DYNAMODB come from the environment, the standard way.
export const dynamo = new DynamoDBClient({
  requestHandler: {
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Without it, a request past requestTimeout is only warned about, never abandoned.
    throwOnRequestTimeout: true,
  },
});

/** DynamoDB's answer to a failed ConditionExpression: expected, not an error. */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * Whether the item at `item`'s key is the write that carried `writeId`: the SDK retries a
 * conditional write whose answer was lost (a connection reset, or a 500 after DynamoDB committed
 * it), and the retry fails on the condition the first attempt's own write broke.
 */
export async function isOwnWrite(
  tableName: string,
  item: Record<string, AttributeValue>,
  writeId: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const { Item } = await dynamo.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { pk: item.pk as AttributeValue, sk: item.sk as AttributeValue },
      ConsistentRead: true,
      ProjectionExpression: 'writeId',
    }),
    { abortSignal: signal },
  );
  return Item?.writeId?.S === writeId;
}

/**
 * Longest API or stage name written into a key as it is, in UTF-8 bytes: DynamoDB refuses a
 * partition key over 2,048 bytes (not characters) on every retry alike. Real names are short (an
 * API id has 10 characters, a stage at most 128, a log group standing in for the API at most 512).
 */
const MAX_KEY_PART_BYTES = 512;

/**
 * An API or stage name as a part of a key: itself, or, when longer than any real one (only a
 * misread custom field holds such a value), its start and a hash of the whole, so the key stays
 * within DynamoDB's limit and still names that one scope.
 */
export function keyPart(value: string): string {
  // A UTF-16 unit is at most 3 bytes of UTF-8, so only a name over 128 units pays for counting bytes.
  if (value.length <= MAX_KEY_PART_BYTES / 4 || Buffer.byteLength(value, 'utf8') <= MAX_KEY_PART_BYTES)
    return value;
  const hash = createHash('sha256').update(value).digest('hex').slice(0, 16);
  return `${headOf(value, 64)}~${hash}`;
}
