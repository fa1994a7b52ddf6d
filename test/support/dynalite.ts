/**
 * A real DynamoDB implementation (dynalite, in memory) on 127.0.0.1 with the analyzer's table, so
 * integration tests exercise genuine condition expressions and atomic ADDs instead of mocks.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';

interface DynaliteOptions {
  readonly createTableMs?: number;
  readonly deleteTableMs?: number;
  readonly updateTableMs?: number;
}
type DynaliteFactory = (options: DynaliteOptions) => Server;

export interface LocalDynamo {
  readonly endpoint: string;
  /** DynamoDB operations received (the X-Amz-Target suffix, e.g. `UpdateItem`), in order. */
  readonly operations: string[];
  readonly tableName: string;
  readonly client: DynamoDBClient;
  close(): Promise<void>;
}

/** Fake credentials: dynalite ignores them, but the SDK refuses to sign without some. */
export const FAKE_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_SESSION_TOKEN: 'test',
  AWS_REGION: 'us-east-1',
} as const;

/**
 * Creates a table with the key schema the stack defines (pk, sk), e.g. a fresh one per test run, and
 * waits until it is ACTIVE: dynalite, as DynamoDB, answers a table still CREATING with
 * ResourceNotFoundException, and even with createTableMs 0 it turns ACTIVE after an asynchronous
 * write that a loaded machine can let the next request overtake.
 */
export async function createAnalyzerTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  for (let attempt = 0; ; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (attempt >= 200) throw new Error(`table ${tableName} is still ${Table?.TableStatus} after 200 checks`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Starts dynalite on an ephemeral loopback port and creates the table the stack defines. */
export async function startDynalite(tableName = 'analyzer-test'): Promise<LocalDynamo> {
  // dynalite ships no type declarations; the factory's shape is typed above.
  const dynalite: DynaliteFactory = require('dynalite');
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const operations: string[] = [];
  // An extra listener only observes; dynalite's own listener still answers every request.
  server.on('request', (req: IncomingMessage) => {
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') operations.push(target.slice(target.indexOf('.') + 1));
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: FAKE_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await createAnalyzerTable(client, tableName);
  return {
    endpoint,
    operations,
    tableName,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve, reject) => {
        // The SDK keeps connections alive; without this, close() would wait for them to idle out.
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      });
    },
  };
}
