/** Publishes an alert to the SNS topic: one message, a variant per protocol, filterable attributes. */
import type { SNSClient } from '@aws-sdk/client-sns';
import type { AlertMessage } from '../core/alert-message';

/**
 * One client per container, loaded on the first alert: most invocations never publish, so the SNS
 * client stays out of every cold start. AWS_ENDPOINT_URL_SNS and the region come from the environment.
 */
let sns:
  | Promise<{ client: SNSClient; PublishCommand: typeof import('@aws-sdk/client-sns').PublishCommand }>
  | undefined;

function snsClient() {
  sns ??= import('@aws-sdk/client-sns').then(({ SNSClient, PublishCommand }) => ({
    client: new SNSClient({}),
    PublishCommand,
  }));
  return sns;
}

/** Returns the SNS MessageId. Errors propagate so the invocation fails and Lambda retries. */
export async function publishAlert(topicArn: string, alert: AlertMessage): Promise<string> {
  const attributes = Object.fromEntries(
    Object.entries(alert.attributes).map(([name, value]) => [
      name,
      { DataType: 'String', StringValue: value },
    ]),
  );
  const { client, PublishCommand } = await snsClient();
  const result = await client.send(
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
