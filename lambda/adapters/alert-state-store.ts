/**
 * Alert state items: pk `ALERT#<api>#<stage>`, sk the alert subject (a cause id or `error-rate`).
 * Every write is a PutItem conditioned on the version that was read (or on the item not existing),
 * so concurrent invocations race on DynamoDB and exactly one of them wins each step.
 */
import { randomUUID } from 'node:crypto';
import { type AttributeValue, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { type AlertState, STEP_PHASE, type StepPhase } from '../core/incident';
import { isCause } from '../core/taxonomy';
import { type AlertSubject, ERROR_RATE } from '../core/thresholds';
import { dynamo, isConditionFailed, isOwnWrite, keyPart } from './dynamo-client';

export function alertPk(api: string, stage: string): string {
  return `ALERT#${keyPart(api)}#${keyPart(stage)}`;
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

/**
 * An item of a subject this code alerts on that it cannot read (written by another version, with a
 * cause id or a field this one does not know, or damaged) reads as an alert released long ago, at
 * the item's version, so the next breach replaces it. Ignored, it failed every claim's condition
 * (the item exists) until its TTL removed it, days later, and that subject never alerted meanwhile.
 */
function unreadable(item: Record<string, AttributeValue>, subject: AlertSubject): AlertState {
  return {
    api: item.api?.S ?? '',
    stage: item.stage?.S ?? '',
    subject,
    cause: subject === ERROR_RATE ? 'unknown.server' : subject,
    // 0 when it has no numeric version: the claim is then conditioned on that (writeAlertState).
    version: num(item.version) ?? 0,
    phase: STEP_PHASE.released,
    alertWindowStartMs: 0,
    lastBreachWindowStartMs: 0,
    cooldownUntilMs: 0,
    alertCount: 0,
    threshold: 0,
  };
}

/** Reads an item back; an item of a subject this code does not know is ignored (it is never claimed). */
function fromItem(item: Record<string, AttributeValue>): AlertState | undefined {
  const subject = subjectOf(item.sk?.S ?? '');
  if (subject === undefined) return undefined;
  const cause = item.cause?.S ?? '';
  const phase = phaseOf(item.phase);
  const version = num(item.version);
  const alertWindowStartMs = num(item.alertWindowStart);
  const lastBreachWindowStartMs = num(item.lastBreachWindowStart);
  const cooldownUntilMs = num(item.cooldownUntil);
  const alertCount = num(item.alertCount);
  const threshold = num(item.threshold);
  if (
    !isCause(cause) ||
    phase === undefined ||
    version === undefined ||
    alertWindowStartMs === undefined ||
    lastBreachWindowStartMs === undefined ||
    cooldownUntilMs === undefined ||
    alertCount === undefined ||
    threshold === undefined
  ) {
    return unreadable(item, subject);
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
    sentCooldownUntilMs: num(item.sentCooldownUntil),
    lastBreachWindowMs: num(item.lastBreachWindowMs),
    alertWindowMs: num(item.alertWindowMs),
    escalation: phaseOf(item.escalation),
    resolution: phaseOf(item.resolution),
    resolvedWindowStartMs: num(item.resolvedWindowStart),
    resolvedWindowMs: num(item.resolvedWindowMs),
    claimToken: item.claimToken?.S,
    ...(item.claimant?.S === undefined ? {} : { claimant: item.claimant.S }),
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
  if (state.sentCooldownUntilMs !== undefined)
    item.sentCooldownUntil = { N: String(state.sentCooldownUntilMs) };
  if (state.lastBreachWindowMs !== undefined)
    item.lastBreachWindowMs = { N: String(state.lastBreachWindowMs) };
  if (state.alertWindowMs !== undefined) item.alertWindowMs = { N: String(state.alertWindowMs) };
  if (state.escalation !== undefined) item.escalation = { S: state.escalation };
  if (state.resolution !== undefined) item.resolution = { S: state.resolution };
  if (state.resolvedWindowStartMs !== undefined)
    item.resolvedWindowStart = { N: String(state.resolvedWindowStartMs) };
  if (state.resolvedWindowMs !== undefined) item.resolvedWindowMs = { N: String(state.resolvedWindowMs) };
  if (state.claimToken !== undefined) item.claimToken = { S: state.claimToken };
  if (state.claimant !== undefined) item.claimant = { S: state.claimant };
  if (state.leaseUntilMs !== undefined) item.leaseUntil = { N: String(state.leaseUntilMs) };
  return item;
}

/** All alert states of one API + stage, strongly consistent. */
export async function readAlertStates(
  tableName: string,
  api: string,
  stage: string,
  signal?: AbortSignal,
): Promise<AlertState[]> {
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
      { abortSignal: signal },
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
 * Writes the next state if the item still has `expectedVersion` (0: does not exist yet, or has no
 * numeric version, an item this code cannot read). False means another invocation changed it
 * first: re-read and decide again.
 */
export async function writeAlertState(
  tableName: string,
  next: AlertState,
  expectedVersion: number,
  expiresAt: number,
  signal?: AbortSignal,
): Promise<boolean> {
  // Names this one write, so a condition failure can tell its own earlier attempt from a rival's.
  const writeId = randomUUID();
  const item = { ...toItem(next, expiresAt), writeId: { S: writeId } };
  try {
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: item,
        ...(expectedVersion === 0
          ? {
              ConditionExpression: 'attribute_not_exists(#version) OR NOT attribute_type(#version, :number)',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':number': { S: 'N' } },
            }
          : {
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
            }),
      }),
      { abortSignal: signal },
    );
    return true;
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    // A claim so won, taken for a rival's, was deferred to a "twin" and its alert never sent.
    return isOwnWrite(tableName, item, writeId, signal);
  }
}
