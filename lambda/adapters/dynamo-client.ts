/** One DynamoDB client per Lambda container: created at module load, reused by every invocation. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

// Region, credentials and AWS_ENDPOINT_URL_DYNAMODB come from the environment, the standard way.
export const dynamo = new DynamoDBClient({});

/** DynamoDB's answer to a failed ConditionExpression: expected, not an error. */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
