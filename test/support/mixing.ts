/**
 * Real samples as the events a log stream holds, for the mixing metamorphics
 * (test/cli/interleaved-samples.test.ts): each execution line as one `(requestId) message` event,
 * each access line as one event, at the time the sample gave it.
 */
import { parseInput } from '../../cli/input';
import { parseAccessLine } from '../../lambda/core/access-log';
import { parseBatch } from '../../lambda/core/parse';
import { realSampleTexts } from './real-logs';

/** SYNTHETIC time for lines whose original carried none. */
export const T0 = Date.UTC(2021, 10, 29, 13, 31, 4);
/**
 * Ids the parser gave lines that had none, and the console's `test-request` (every test's), are no
 * request ids: numbered instead, so no two samples share one by accident.
 */
const REQUEST_ID = /^[0-9A-Za-z][0-9A-Za-z-]{7,63}$/;
const namesARequest = (id: string) => REQUEST_ID.test(id) && id !== 'test-request';

export interface Event {
  readonly timestamp: number;
  readonly message: string;
}

export interface SampleEvents {
  readonly name: string;
  readonly execution: readonly Event[];
  readonly access: readonly Event[];
}

export function sampleEvents(): SampleEvents[] {
  let synthetic = 0;
  return realSampleTexts().map(([name, text]) => {
    const { batches } = parseInput(text, `${name}.log`);
    const ids = new Map<string, string>();
    const idOf = (id: string) => {
      if (namesARequest(id)) return id;
      if (!ids.has(id)) {
        synthetic += 1;
        ids.set(id, `00000000-0000-4000-8000-${String(synthetic).padStart(12, '0')}`);
      }
      return ids.get(id) ?? id;
    };
    const execution: Event[] = [];
    const access: Event[] = [];
    batches.forEach((batch, index) => {
      for (const event of batch.events)
        if (parseAccessLine(event.message)?.ok === true)
          access.push({ timestamp: event.timestamp > 0 ? event.timestamp : T0, message: event.message });
      for (const line of parseBatch(batch, index).execution)
        execution.push({
          timestamp: line.timeMs !== undefined && line.timeMs > 0 ? line.timeMs : T0,
          message: `(${idOf(line.requestId ?? 'no-id')}) ${line.message}`,
        });
    });
    return { name, execution, access };
  });
}
