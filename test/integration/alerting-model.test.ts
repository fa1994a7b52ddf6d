/**
 * The alerting model (test/unit/alerting/alert-model.ts) run through the real DynamoDB adapters
 * against dynalite: every table call goes to both the model's in-memory table and the real one,
 * which must agree on every answer and every conditional write, so the in-memory semantics the
 * model's many runs rely on are those of a DynamoDB implementation. A handful of runs, each on a
 * fresh table; FC_SEED=<n> picks others. The access-log lines are SYNTHETIC (see ./deliveries.ts).
 */
import { after, before, describe, it, mock } from 'node:test';
import fc from 'fast-check';
import { createAnalyzerTable, FAKE_AWS_ENV, type LocalDynamo, startDynalite } from '../support/dynalite';
import type { TablePorts } from '../unit/alerting/alert-model';
import { AlertModel, MODEL_CONFIG, step } from '../unit/alerting/alert-model';

/** No shrinking here: each run costs real table calls. Shrink a failure with the in-memory model. */
const SETTINGS = { seed: Number(process.env.FC_SEED ?? 20261126), numRuns: 12, endOnFailure: true } as const;

let dynamo: LocalDynamo;
let tableFor: (tableName: string) => TablePorts;

before(async () => {
  dynamo = await startDynalite();
  Object.assign(process.env, { ...FAKE_AWS_ENV, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
  // The adapters create their client at module load, so the environment must be set first.
  const { awsPorts } = await import('../../lambda/adapters/aws-ports');
  tableFor = (tableName) => awsPorts({ ...MODEL_CONFIG, tableName });
  mock.method(console, 'log', () => {});
});

after(async () => {
  mock.restoreAll();
  await dynamo.close();
});

describe('alerting model against dynalite', () => {
  it('the in-memory table answers every call as DynamoDB does, and the promises hold through the real adapters', {
    timeout: 60_000,
  }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 30 }), async (steps) => {
        run += 1;
        const tableName = `model-${run}`;
        await createAnalyzerTable(dynamo.client, tableName);
        const model = new AlertModel(tableFor(tableName));
        try {
          await model.run(steps);
        } catch (error) {
          throw new Error(`${(error as Error).message}\n${model.trace.join('\n')}`, { cause: error });
        }
      }),
      SETTINGS,
    );
  });
});
