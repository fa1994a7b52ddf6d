/** Publishes an alert to the SNS topic: one message, a variant per protocol, filterable attributes. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { AlertMessage } from '../core/alert-message';

// One client per container; AWS_ENDPOINT_URL_SNS and the region come from the environment.
const sns = new SNSClient({});

/** Returns the SNS MessageId. Errors propagate so the invocation fails and Lambda retries. */
export async function publishAlert(topicArn: string, alert: AlertMessage): Promise<string> {
  const attributes = Object.fromEntries(
    Object.entries(alert.attributes).map(([name, value]) => [
      name,
      { DataType: 'String', StringValue: value },
    ]),
  );
  const result = await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: alert.subject,
      Message: alert.message,
      MessageStructure: 'json',
      MessageAttributes: attributes,
    }),
  );
  return result.MessageId ?? '';
}
