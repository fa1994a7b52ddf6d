/**
 * One request classified from a single source, for table tests of the rules: an access line built
 * from its fields (as JSON), or an execution trail of messages, under one fixed request id.
 */
import assert from 'node:assert/strict';
import { parseAccessLine } from '../../lambda/core/access-log';
import { classify } from '../../lambda/core/classify';
import type { ClassifiedRequest } from '../../lambda/core/types';

const ID = '8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6';

/**
 * The request of one JSON access line with these fields (and the fixed request id), joined with the
 * REST execution trail of `messages` when given.
 */
export function classifiedFields(
  fields: Record<string, string>,
  messages?: readonly string[],
): ClassifiedRequest | undefined {
  const parsed = parseAccessLine(JSON.stringify({ requestId: ID, ...fields }));
  assert.ok(parsed?.ok);
  return classify({
    requestId: ID,
    access: parsed.record,
    ...(messages && { execution: { requestId: ID, messages, apiId: 'abc123defg', stage: 'prod' } }),
    source: { logGroup: '/aws/apigateway/access' },
  });
}

/** The request of one REST execution trail of these messages (without their request-id prefix). */
export function classifiedTrail(messages: readonly string[]): ClassifiedRequest | undefined {
  return classify({
    requestId: ID,
    execution: { requestId: ID, messages, apiId: 'abc123defg', stage: 'prod' },
    source: { logGroup: 'API-Gateway-Execution-Logs_abc123defg/prod' },
  });
}
