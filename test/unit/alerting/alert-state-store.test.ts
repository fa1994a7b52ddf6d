/**
 * The alert state store keeps what the engine decides on: a state written is the state read back,
 * the last sent alert's cooldown (sentCooldownUntilMs) included, and an item the previous version
 * wrote, which has no such attribute, still reads (without it).
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { readAlertStates, writeAlertState } from '../../../lambda/adapters/alert-state-store';
import type { AlertState } from '../../../lambda/core/incident';

const dynamo = mockClient(DynamoDBClient);

/** A new incident's claim made while the alert before it, whose cooldown it keeps, had gone out. */
const CLAIMED: AlertState = {
  api: 'abc123defg',
  stage: 'prod',
  subject: 'server.function-error',
  cause: 'server.function-error',
  version: 4,
  phase: 'claimed',
  alertWindowStartMs: 3_600_000,
  lastBreachWindowStartMs: 3_900_000,
  lastBreachWindowMs: 300_000,
  cooldownUntilMs: 5_400_000,
  sentCooldownUntilMs: 1_800_000,
  alertCount: 12,
  alertWindowMs: 300_000,
  threshold: 5,
  claimToken: 'delivery-1',
  leaseUntilMs: 9_000_000,
};

async function roundTrip(state: AlertState): Promise<AlertState[]> {
  await writeAlertState('alerts', state, state.version - 1, 1_000);
  const item = dynamo.commandCalls(PutItemCommand)[0]?.args[0].input.Item;
  assert.ok(item);
  dynamo.on(QueryCommand).resolves({ Items: [item] });
  return readAlertStates('alerts', state.api, state.stage);
}

describe('alert state store', () => {
  afterEach(() => dynamo.reset());

  it('reads back the state it wrote, the cooldown of the last alert sent included', async () => {
    dynamo.on(PutItemCommand).resolves({});
    assert.deepEqual(await roundTrip(CLAIMED), [
      {
        ...CLAIMED,
        escalation: undefined,
        resolution: undefined,
        resolvedWindowStartMs: undefined,
        resolvedWindowMs: undefined,
      },
    ]);
  });

  it('reads back the window a resolution judged quiet, and its length', async () => {
    dynamo.on(PutItemCommand).resolves({});
    const resolving: AlertState = {
      ...CLAIMED,
      resolution: 'claimed',
      resolvedWindowStartMs: 4_200_000,
      resolvedWindowMs: 900_000,
    };
    assert.deepEqual(await roundTrip(resolving), [{ ...resolving, escalation: undefined }]);
  });

  it("reads an item written before the last breach window's length was kept as not knowing it", async () => {
    dynamo.on(PutItemCommand).resolves({});
    const { lastBreachWindowMs: _none, ...previous } = CLAIMED;
    const [read] = await roundTrip(previous);
    assert.equal(read?.lastBreachWindowMs, undefined);
    assert.equal(read?.lastBreachWindowStartMs, CLAIMED.lastBreachWindowStartMs);
  });

  it('reads an item the previous version wrote, without a sentCooldownUntil attribute, as having none', async () => {
    dynamo.on(PutItemCommand).resolves({});
    const { sentCooldownUntilMs: _none, ...previous } = CLAIMED;
    const [read] = await roundTrip(previous);
    assert.equal(read?.sentCooldownUntilMs, undefined);
    assert.deepEqual(
      { ...read, sentCooldownUntilMs: undefined },
      {
        ...previous,
        sentCooldownUntilMs: undefined,
        escalation: undefined,
        resolution: undefined,
        resolvedWindowStartMs: undefined,
        resolvedWindowMs: undefined,
      },
    );
    const item = dynamo.commandCalls(PutItemCommand)[0]?.args[0].input.Item ?? {};
    assert.equal(
      Object.hasOwn(item, 'sentCooldownUntil'),
      false,
      'no attribute for a value it does not have',
    );
  });
});
