/**
 * Windowed counters and processed-delivery records in the shared DynamoDB table.
 *
 * Counter item: pk `COUNT#<api>#<stage>#<window start ISO>/PT<minutes>M` (an ISO 8601 interval),
 * sk `CAUSE#<cause>` or `REQUESTS`, so one Query reads everything of one API + stage + window. The
 * window's length is part of the key: after a deploy that changes WindowMinutes, containers of both
 * settings run for a while, and windows of two lengths often start at the same time (12:15 starts a
 * 1-minute and a 15-minute window); under one key, each would read the other's counts as its own. Each update is
 * `ADD count, masked, applied` conditioned on the delivery id not being in `applied` yet: a
 * redelivery, or the retry of an invocation that crashed half-way, changes nothing. (DynamoDB
 * transactions could pair a dedupe item with the ADD instead, but dynalite cannot run them.)
 *
 * Size: `applied` grows by one 16-character id per delivery that touched the key in its window.
 * DynamoDB refuses an item over 400 KB with a ValidationException that no retry can fix, so a full
 * set would fail every later delivery of that key into the failure queue until the window rolled
 * over: the busiest incident's counts, alerts and metrics lost. So an item takes at most
 * MAX_APPLIED_IDS ids (about 160 KB); a delivery that finds it full goes on to the key's next
 * shard (sk `…#1`, `…#2`, …), and readWindow adds the shards up. A full shard never takes another
 * id (sets only grow), so a delivery absent from it is absent for good, and each delivery is still
 * counted once, in one item, by one conditional write. Every update is billed by item size, so
 * keep WindowMinutes short for busy APIs.
 */
import { randomUUID } from 'node:crypto';
import { GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { type CounterIncrement, type CounterKey, REQUESTS_COUNTER } from '../core/aggregate';
import { type Cause, isCause } from '../core/taxonomy';
import type { CauseCount, WindowCounts } from '../core/thresholds';
import { dynamo, isConditionFailed, isOwnWrite, keyPart } from './dynamo-client';

/** Parallel writes per delivery: enough to hide latency, few enough not to burst the table. */
const WRITE_CONCURRENCY = 8;

/**
 * Delivery ids one counter item holds before the next shard takes over: 10,000 × 16 characters is
 * about 160 KB, far enough under DynamoDB's 400 KB item limit whatever else the item holds.
 * `size()` of a set is its number of elements (DynamoDB's condition-expression functions page).
 */
const MAX_APPLIED_IDS = 10_000;
/** A bound on the walk, not a capacity: 100 full shards would be a million deliveries per key and window. */
const MAX_SHARDS = 100;

const REQUESTS_SK = 'REQUESTS';
const CAUSE_SK_PREFIX = 'CAUSE#';

export function counterPk(api: string, stage: string, windowStartMs: number, windowMinutes: number): string {
  return `COUNT#${keyPart(api)}#${keyPart(stage)}#${new Date(windowStartMs).toISOString()}/PT${windowMinutes}M`;
}

function counterSk(subject: CounterIncrement['subject'], shard: number): string {
  const base = subject === REQUESTS_COUNTER ? REQUESTS_SK : `${CAUSE_SK_PREFIX}${subject}`;
  return shard === 0 ? base : `${base}#${shard}`;
}

/** `CAUSE#limit.backend#2` → `CAUSE#limit.backend` (cause ids hold no `#`). */
function unsharded(sk: string): string {
  return sk.replace(/#\d+$/, '');
}

/** A processed-delivery record its writer took back (takeBack): the delivery counts as not processed. */
const TAKEN_BACK = 'takenBack';

function deliveryKey(deliveryId: string) {
  return { pk: { S: `DELIVERY#${deliveryId}` }, sk: { S: 'DELIVERY' } };
}

interface ApplyResult {
  /** Counters this call changed. */
  readonly applied: number;
  /** Counters that already held this delivery (a redelivery or a retry). */
  readonly alreadyApplied: number;
  /** The keys of the counters this call changed: their metrics are this invocation's to write. */
  readonly appliedKeys: readonly CounterKey[];
  /**
   * The error of a write that failed, after which no further batch was written. Returned, not
   * thrown, so the caller still writes the metrics of the keys applied before it, then throws it.
   */
  readonly failure?: unknown;
}

/**
 * Applies one increment once: true if this call applied it, false if the delivery was applied
 * before (a redelivery, a retry, or a concurrent copy that won). Walks the key's shards from the
 * first until one holds this delivery or takes it.
 */
async function applyOne(
  tableName: string,
  deliveryId: string,
  increment: CounterIncrement,
  expiresAt: number,
  windowMinutes: number,
): Promise<boolean> {
  const pk = counterPk(increment.api, increment.stage, increment.windowStartMs, windowMinutes);
  for (let shard = 0; shard < MAX_SHARDS; shard++) {
    const key = { pk: { S: pk }, sk: { S: counterSk(increment.subject, shard) } };
    try {
      await dynamo.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression:
            'ADD #count :count, #masked :masked, #applied :delivery SET #expiresAt = :expiresAt, #api = :api, #stage = :stage, #windowStart = :windowStart',
          ConditionExpression:
            'NOT contains(#applied, :deliveryId) AND (attribute_not_exists(#applied) OR size(#applied) < :maxIds)',
          ExpressionAttributeNames: {
            '#count': 'count',
            '#masked': 'masked',
            '#applied': 'applied',
            '#expiresAt': 'expiresAt',
            '#api': 'api',
            '#stage': 'stage',
            '#windowStart': 'windowStart',
          },
          ExpressionAttributeValues: {
            ':count': { N: String(increment.count) },
            ':masked': { N: String(increment.masked) },
            ':delivery': { SS: [deliveryId] },
            ':deliveryId': { S: deliveryId },
            ':maxIds': { N: String(MAX_APPLIED_IDS) },
            ':expiresAt': { N: String(expiresAt) },
            ':api': { S: increment.api },
            ':stage': { S: increment.stage },
            ':windowStart': { N: String(increment.windowStartMs) },
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
    if (await holdsDelivery(tableName, key, deliveryId, expiresAt)) return false;
  }
  throw new Error(`counter ${pk} ${counterSk(increment.subject, 0)}: all ${MAX_SHARDS} shards full`);
}

/**
 * Whether a counter item whose condition failed holds the delivery (then it was applied) rather
 * than being full. A write conditioned on the id, so DynamoDB answers it strongly consistently;
 * it changes nothing but an expiry the item lacks.
 */
async function holdsDelivery(
  tableName: string,
  key: { pk: { S: string }; sk: { S: string } },
  deliveryId: string,
  expiresAt: number,
): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
        ConditionExpression: 'contains(#applied, :deliveryId)',
        ExpressionAttributeNames: { '#applied': 'applied', '#expiresAt': 'expiresAt' },
        ExpressionAttributeValues: {
          ':deliveryId': { S: deliveryId },
          ':expiresAt': { N: String(expiresAt) },
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/**
 * One conditional UpdateItem per distinct counter key, the increments counted in windows of
 * `windowMinutes`; stops at a batch with any other DynamoDB error.
 */
export async function applyIncrements(
  tableName: string,
  deliveryId: string,
  increments: readonly CounterIncrement[],
  expiresAt: number,
  windowMinutes: number,
): Promise<ApplyResult> {
  const appliedKeys: CounterKey[] = [];
  let alreadyApplied = 0;
  for (let i = 0; i < increments.length; i += WRITE_CONCURRENCY) {
    const batch = increments.slice(i, i + WRITE_CONCURRENCY);
    const results = await Promise.allSettled(
      batch.map((inc) => applyOne(tableName, deliveryId, inc, expiresAt, windowMinutes)),
    );
    let failure: unknown;
    results.forEach((result, j) => {
      const { api, stage, windowStartMs, subject } = batch[j] as CounterIncrement;
      if (result.status === 'rejected') failure ??= result.reason;
      else if (result.value) appliedKeys.push({ api, stage, windowStartMs, subject });
      else alreadyApplied += 1;
    });
    if (failure !== undefined) return { applied: appliedKeys.length, alreadyApplied, appliedKeys, failure };
  }
  return { applied: appliedKeys.length, alreadyApplied, appliedKeys };
}

function numberOf(item: Record<string, { N?: string }>, name: string): number {
  const value = Number(item[name]?.N ?? '0');
  return Number.isFinite(value) ? value : 0;
}

/** Everything counted for one API + stage + window of `windowMinutes`, read strongly consistent. */
export async function readWindow(
  tableName: string,
  api: string,
  stage: string,
  windowStartMs: number,
  windowMinutes: number,
): Promise<WindowCounts> {
  const causes: Partial<Record<Cause, CauseCount>> = {};
  let requests = 0;
  let exclusiveStartKey: QueryCommand['input']['ExclusiveStartKey'];
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: counterPk(api, stage, windowStartMs, windowMinutes) } },
        ProjectionExpression: 'sk, #count, #masked',
        ExpressionAttributeNames: { '#count': 'count', '#masked': 'masked' },
        ConsistentRead: true,
        ExclusiveStartKey: exclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      // A key's shards add up (applyOne).
      const sk = unsharded(item.sk?.S ?? '');
      if (sk === REQUESTS_SK) requests += numberOf(item, 'count');
      const cause = sk.slice(CAUSE_SK_PREFIX.length);
      if (sk.startsWith(CAUSE_SK_PREFIX) && isCause(cause)) {
        const before = causes[cause] ?? { count: 0, masked: 0 };
        causes[cause] = {
          count: before.count + numberOf(item, 'count'),
          masked: before.masked + numberOf(item, 'masked'),
        };
      }
    }
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey !== undefined);
  return { api, stage, windowStartMs, requests, causes };
}

/** Whether a delivery was fully processed before (a redelivery recognised early). */
export async function isDeliveryProcessed(tableName: string, deliveryId: string): Promise<boolean> {
  const result = await dynamo.send(
    new GetItemCommand({ TableName: tableName, Key: deliveryKey(deliveryId), ConsistentRead: true }),
  );
  return result.Item !== undefined && result.Item[TAKEN_BACK] === undefined;
}

/** Records a fully processed delivery; false when a concurrent copy recorded it first. */
export async function markDeliveryProcessed(
  tableName: string,
  deliveryId: string,
  logGroup: string,
  expiresAt: number,
): Promise<boolean> {
  // Names this write: a record whose answer was lost is still this invocation's, and so is the
  // UnparsedLines metric only the recording invocation writes.
  const writeId = randomUUID();
  const item = {
    ...deliveryKey(deliveryId),
    logGroup: { S: logGroup || '-' },
    expiresAt: { N: String(expiresAt) },
    writeId: { S: writeId },
  };
  try {
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(#takenBack)',
        ExpressionAttributeNames: { '#takenBack': TAKEN_BACK },
      }),
    );
    return true;
  } catch (error) {
    if (!isConditionFailed(error)) return takeBack(tableName, deliveryId, writeId, error);
  }
  try {
    return await isOwnWrite(tableName, item, writeId);
  } catch (error) {
    // Its own record whose answer was lost, unread: the delivery fails, and the retry that would
    // find it recorded skips it, UnparsedLines never written.
    return takeBack(tableName, deliveryId, writeId, error);
  }
}

/**
 * Takes back the record this write may have committed, then throws `error`: a record taken back
 * counts as absent, so Lambda's retry records the delivery and writes its UnparsedLines rather
 * than skipping it as a duplicate. (An update, not a delete: the function may not delete items.) A
 * record that is not this write's (a rival copy's, which writes them) is left; none at all was never
 * written. If taking it back fails too, the retry skips the delivery: its UnparsedLines lost.
 */
async function takeBack(
  tableName: string,
  deliveryId: string,
  writeId: string,
  error: unknown,
): Promise<never> {
  try {
    await dynamo.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: deliveryKey(deliveryId),
        UpdateExpression: 'SET #takenBack = :true',
        ConditionExpression: '#writeId = :writeId',
        ExpressionAttributeNames: { '#takenBack': TAKEN_BACK, '#writeId': 'writeId' },
        ExpressionAttributeValues: { ':true': { BOOL: true }, ':writeId': { S: writeId } },
      }),
    );
  } catch (removal) {
    if (!isConditionFailed(removal)) throw error;
  }
  throw error;
}
