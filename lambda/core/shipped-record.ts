/**
 * A log shipper's record around one CloudWatch Logs event, as people export or paste them: Datadog's
 * Forwarder (`{"aws":{"awslogs":{…}},"ddsource":…,"message":"(id) …"}`), Splunk's HTTP Event Collector
 * (`{"sourcetype":"aws:cloudwatchlogs","event":"(id) …"}`), Fluent Bit and Vector (`{"log":…}`), exports
 * that keep Logs Insights' `@message`. The line inside is read when it is an API Gateway log line
 * itself; any other record stays what it was (unparsed, with its reason).
 */
import { parseAccessLine } from './access-log';
import { isRecord, jsonObject } from './decode';
import { isKnownExecutionMessage, readExecutionLine } from './execution-log';

/** The fields shippers put the event's message in, in the order they are looked at. */
const LINE_FIELDS = ['message', 'event', 'log', '@message'] as const;
/** One of them holding a string, or `event` an object: the only records worth parsing. */
const HAS_LINE_FIELD = /"(?:message|event|log|@message)"\s*:\s*"|"event"\s*:\s*\{/;

/**
 * An access line in any format, or an execution line as CloudWatch stores it: with its `(id) `, or
 * behind a stamp before a message API Gateway writes. A message alone is not enough: API Gateway's
 * own response bodies (`{"message":"Unauthorized"}`) and applications' JSON logs
 * (`{"level":"warn","message":"Invalid token"}`) hold the same words in the same field, and an ISO
 * time starts any application's line.
 */
function isLogLine(text: string, fromApiGateway: () => boolean): boolean {
  const json = text.startsWith('{');
  if (json && parseAccessLine(text)?.ok === true) return true;
  const shape = readExecutionLine(text);
  if (shape.requestId !== undefined || (shape.stamped && isKnownExecutionMessage(shape.message))) return true;
  // A web server's or an application's text line (nginx's CLF, `status: 500, …`) reads as an access
  // line too: only a record that names API Gateway vouches for one. JSON lines name their fields.
  // Asked last: it serialises the record again, which most records (execution lines) never need.
  return !json && fromApiGateway() && parseAccessLine(text)?.ok === true;
}

/**
 * A record naming API Gateway as AWS and shippers do: its source, log group or tags
 * (`ddsource:apigateway`, `/aws/apigateway/…`, the Serverless Framework's `/aws/api-gateway/…`,
 * `API-Gateway-Execution-Logs_…`, `Amazon API Gateway`). Not as a part of a longer name, nor spelt
 * `api-gateway` elsewhere: that is how teams name the Kubernetes pods and services of their own
 * gateways and clients (`api-gateway-7d9f8c`, `payments-api-gateway-client`), whose nginx or
 * application lines read as access lines too.
 */
const NAMES_API_GATEWAY =
  /(?<![A-Za-z0-9-])apigateway(?![A-Za-z0-9-])|(?<![A-Za-z0-9-])aws\/api-gateway\/|\bAPI Gateway\b|\bAPI-Gateway-Execution-Logs_/i;

/** A CloudWatch log event's message, or an object's JSON for any other event object. */
function eventText(event: Record<string, unknown>): string {
  const { message } = event;
  const cloudWatchEvent =
    typeof message === 'string' &&
    typeof event.timestamp === 'number' &&
    ('id' in event || 'eventId' in event || 'ingestionTime' in event);
  return cloudWatchEvent ? message : JSON.stringify(event);
}

/** The API Gateway line a shipper's record carries, or undefined when it carries none. */
export function unwrapShippedRecord(line: string): string | undefined {
  if (!HAS_LINE_FIELD.test(line)) return undefined;
  const record = jsonObject(line);
  if (record === undefined) return undefined;
  for (const field of LINE_FIELDS) {
    const value = record[field];
    // Splunk's HTTP Event Collector also takes the event as an object: a JSON access line's fields,
    // or the CloudWatch log event itself (`{"id","timestamp","message"}`), whose message is the line.
    // No shipper puts an object in the other fields: there it is an application's structured log.
    const text = field === 'event' && isRecord(value) ? eventText(value) : value;
    if (typeof text === 'string' && Object.hasOwn(record, field)) {
      const inner = text.trim();
      // What names API Gateway must be the record's own, not words of the line it carries.
      const fromApiGateway = (): boolean => {
        const { [field]: _carried, ...own } = record;
        return NAMES_API_GATEWAY.test(JSON.stringify(own));
      };
      if (inner !== '' && isLogLine(inner, fromApiGateway)) return inner;
    }
  }
  return undefined;
}
