/**
 * Model-based test of the alerting engine (see ./alert-model.ts): generated sequences of
 * deliveries, redeliveries, interleaved invocations, SNS failures, retries and clock jumps through
 * the real processDelivery, checked against what the README's "Alerting" section promises. Fixed
 * seed and bounded runs; FC_SEED=<n> (and FC_RUNS=<n>) explores other sequences once, locally.
 */
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AlertModel, step } from './alert-model';

const SETTINGS = {
  seed: Number(process.env.FC_SEED ?? 20261125),
  numRuns: Number(process.env.FC_RUNS ?? 150),
} as const;

describe('alerting model', () => {
  it('counts each delivery once and sends one alert per incident per cooldown, never losing a breach', {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 30 }), async (steps) => {
        const model = new AlertModel();
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
