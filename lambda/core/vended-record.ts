/**
 * Since September 2026 API Gateway can send a REST stage's execution and access logs through
 * CloudWatch Logs' log delivery, to a log group, bucket or stream the owner chooses, instead of the
 * log groups it manages. Each record then carries the fields the owner picked among four:
 * `resource_arn`, `event_timestamp`, `stage` and `payload` (the record fields of the delivery's
 * CloudFormation and CDK schema). The payload is taken to be the log line API Gateway writes
 * otherwise: no real record has been seen yet, so this reads a string or an object there, and a record
 * with any other key is left to the access-log parser, which counts it unparsed.
 */
import { jsonObject } from './decode';
import { epochTextMs, epochValueMs } from './epoch-time';
import { isoTimeMs } from './iso-time';

/** The only keys a delivered record has (the owner may leave any out but `payload`). */
const RECORD_KEYS: ReadonlySet<string> = new Set(['resource_arn', 'event_timestamp', 'stage', 'payload']);

/** `arn:aws:apigateway:{region}:{account}:/restapis/{api}/stages/{stage}` (any partition). */
const STAGE_ARN = /^arn:aws[\w-]*:apigateway:[\w-]*:\d*:\/restapis\/([A-Za-z0-9]+)\/stages\/([^/]+)$/;

export interface VendedRecord {
  /** The log line the record carries, as API Gateway would have written it to its own log group. */
  readonly line: string;
  readonly timeMs?: number;
  readonly apiId?: string;
  readonly stage?: string;
}

function timeOf(value: unknown): number | undefined {
  if (typeof value === 'string') return isoTimeMs(value) ?? epochTextMs(value.trim());
  return typeof value === 'number' ? epochValueMs(value) : undefined;
}

/**
 * The log line inside a log-delivery record, or undefined when the line is not such a record. Read
 * only for a JSON line no access-log field was found in: a record's own keys are none.
 */
export function unwrapVendedRecord(line: string): VendedRecord | undefined {
  if (!line.includes('"payload"')) return undefined;
  const record = jsonObject(line);
  if (record === undefined) return undefined;
  const keys = Object.keys(record);
  if (!keys.every((key) => RECORD_KEYS.has(key))) return undefined;
  const { payload, resource_arn: arn, event_timestamp: timestamp, stage } = record;
  let inner: string;
  if (typeof payload === 'string') inner = payload.trim();
  else if (payload !== null && typeof payload === 'object' && !Array.isArray(payload))
    inner = JSON.stringify(payload);
  else return undefined;
  if (inner === '') return undefined;
  const stageArn = typeof arn === 'string' ? STAGE_ARN.exec(arn) : null;
  const timeMs = timeOf(timestamp);
  const stageName = stageArn?.[2] ?? (typeof stage === 'string' && stage !== '' ? stage : undefined);
  return {
    line: inner,
    ...(timeMs !== undefined && { timeMs }),
    ...(stageArn?.[1] !== undefined && { apiId: stageArn[1] }),
    ...(stageName !== undefined && { stage: stageName }),
  };
}
