/**
 * A stable id for one subscription delivery. CloudWatch Logs redelivers the same events with the
 * same ids, so the id survives retries and lets every counter update be applied once.
 */
import { createHash } from 'node:crypto';
import type { LogEvent } from './types';

/** 16 hex digits (64 bits): collisions are negligible for the deliveries of one counter window. */
const ID_LENGTH = 16;

export function deliveryIdOf(
  logGroup: string,
  logStream: string,
  events: readonly Pick<LogEvent, 'id'>[],
): string {
  const hash = createHash('sha256').update(logGroup).update('\n').update(logStream);
  for (const event of events) hash.update('\n').update(event.id);
  return hash.digest('hex').slice(0, ID_LENGTH);
}
