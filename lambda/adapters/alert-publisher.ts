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

/**
 * How long one Publish may take, the SDK's retries included. The SDK's own socket timeout is
 * minutes, past the function's timeout (60 s by default): a Publish left unanswered held the
 * invocation, its alert claimed, until Lambda ended it. SNS answers a Publish in well under a
 * second; a bound too short would fail, and so send again, alerts SNS did deliver.
 */
const PUBLISH_TIMEOUT_MS = 10_000;

/**
 * Below this the Publish is still made, with this bound: the alert is the point of the invocation,
 * and an abort that fires before the request leaves would fail one SNS was never asked for.
 */
const MIN_PUBLISH_MS = 1_000;

/**
 * Returns the SNS MessageId. Errors propagate so the invocation fails and Lambda retries; a Publish
 * SNS has not answered within `timeoutMs` (the caller's bound, when shorter than the publisher's own)
 * fails with a TimeoutError that says so.
 */
export async function publishAlert(
  topicArn: string,
  alert: AlertMessage,
  timeoutMs: number = PUBLISH_TIMEOUT_MS,
): Promise<string> {
  const attributes = Object.fromEntries(
    Object.entries(alert.attributes).map(([name, value]) => [
      name,
      { DataType: 'String', StringValue: value },
    ]),
  );
  const { client, PublishCommand } = await snsClient();
  // Whole milliseconds: AbortSignal.timeout throws on a fraction. NaN leaves the publisher's own.
  const callerMs = Number.isNaN(timeoutMs) ? PUBLISH_TIMEOUT_MS : timeoutMs;
  const boundMs = Math.floor(Math.max(MIN_PUBLISH_MS, Math.min(PUBLISH_TIMEOUT_MS, callerMs)));
  const signal = AbortSignal.timeout(boundMs);
  try {
    const result = await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: alert.subject,
        Message: alert.message,
        MessageStructure: 'json',
        MessageAttributes: attributes,
      }),
      { abortSignal: signal },
    );
    return result.MessageId ?? '';
  } catch (error) {
    if (!signal.aborted) throw error;
    // The SDK's AbortError says only "Request aborted": this names what did not answer, and when.
    throw Object.assign(
      new Error(`SNS did not answer the Publish within ${Math.round(boundMs / 100) / 10} s`),
      {
        name: 'TimeoutError',
        cause: error,
      },
    );
  }
}
