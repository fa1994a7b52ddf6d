/**
 * Alert state items: pk `ALERT#<api>#<stage>`, sk the alert subject (a cause id or `error-rate`).
 * Every write is a PutItem conditioned on the version that was read (or on the item not existing),
 * so concurrent invocations race on DynamoDB and exactly one of them wins each step.
 */
import { type AttributeValue, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { type AlertState, STEP_PHASE, type StepPhase } from '../core/incident';
import { isCause } from '../core/taxonomy';
import { type AlertSubject, ERROR_RATE } from '../core/thresholds';
import { dynamo, isConditionFailed } from './dynamo-client';

export function alertPk(api: string, stage: string): string {
  return `ALERT#${api}#${stage}`;
}

const PHASES: readonly string[] = Object.values(STEP_PHASE);

function phaseOf(value: AttributeValue | undefined): StepPhase | undefined {
  const text = value?.S;
  return text !== undefined && PHASES.includes(text) ? (text as StepPhase) : undefined;
}

function num(value: AttributeValue | undefined): number | undefined {
  if (value?.N === undefined) return undefined;
  const n = Number(value.N);
  return Number.isFinite(n) ? n : undefined;
}

function subjectOf(sk: string): AlertSubject | undefined {
  if (sk === ERROR_RATE) return ERROR_RATE;
  return isCause(sk) ? sk : undefined;
}

/** Reads an item back; an item this code did not write (or an older shape) is ignored. */
function fromItem(item: Record<string, AttributeValue>): AlertState | undefined {
  const subject = subjectOf(item.sk?.S ?? '');
  const cause = item.cause?.S ?? '';
  const phase = phaseOf(item.phase);
  const version = num(item.version);
  const alertWindowStartMs = num(item.alertWindowStart);
  const lastBreachWindowStartMs = num(item.lastBreachWindowStart);
  const cooldownUntilMs = num(item.cooldownUntil);
  const alertCount = num(item.alertCount);
  const threshold = num(item.threshold);
  if (
    subject === undefined ||
    !isCause(cause) ||
    phase === undefined ||
    version === undefined ||
    alertWindowStartMs === undefined ||
    lastBreachWindowStartMs === undefined ||
    cooldownUntilMs === undefined ||
    alertCount === undefined ||
    threshold === undefined
  ) {
    return undefined;
  }
  return {
    api: item.api?.S ?? '',
    stage: item.stage?.S ?? '',
    subject,
    cause,
    version,
    phase,
    alertWindowStartMs,
    lastBreachWindowStartMs,
    cooldownUntilMs,
    alertCount,
    threshold,
    escalation: phaseOf(item.escalation),
    resolution: phaseOf(item.resolution),
    claimToken: item.claimToken?.S,
    leaseUntilMs: num(item.leaseUntil),
  };
}

function toItem(state: AlertState, expiresAt: number): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {
    pk: { S: alertPk(state.api, state.stage) },
    sk: { S: state.subject },
    api: { S: state.api },
    stage: { S: state.stage },
    cause: { S: state.cause },
    version: { N: String(state.version) },
    phase: { S: state.phase },
    alertWindowStart: { N: String(state.alertWindowStartMs) },
    lastBreachWindowStart: { N: String(state.lastBreachWindowStartMs) },
    cooldownUntil: { N: String(state.cooldownUntilMs) },
    alertCount: { N: String(state.alertCount) },
    threshold: { N: String(state.threshold) },
    expiresAt: { N: String(expiresAt) },
  };
  if (state.escalation !== undefined) item.escalation = { S: state.escalation };
  if (state.resolution !== undefined) item.resolution = { S: state.resolution };
  if (state.claimToken !== undefined) item.claimToken = { S: state.claimToken };
  if (state.leaseUntilMs !== undefined) item.leaseUntil = { N: String(state.leaseUntilMs) };
  return item;
}

/** All alert states of one API + stage, strongly consistent. */
export async function readAlertStates(tableName: string, api: string, stage: string): Promise<AlertState[]> {
  const states: AlertState[] = [];
  let exclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: alertPk(api, stage) } },
        ConsistentRead: true,
        ExclusiveStartKey: exclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const state = fromItem(item);
      if (state !== undefined) states.push(state);
    }
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey !== undefined);
  return states;
}

/**
 * Writes the next state if the item still has `expectedVersion` (0: does not exist yet).
 * False means another invocation changed it first: re-read and decide again.
 */
export async function writeAlertState(
  tableName: string,
  next: AlertState,
  expectedVersion: number,
  expiresAt: number,
): Promise<boolean> {
  try {
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: toItem(next, expiresAt),
        ...(expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
            }),
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
