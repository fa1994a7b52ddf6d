/** Lambda entry: one CloudWatch Logs subscription delivery → classified failures in the function's log. */
import { DecodeError, decodeEvent } from './core/decode';
import { analyze } from './core/pipeline';

export async function handler(event: unknown): Promise<void> {
  let payload: ReturnType<typeof decodeEvent>;
  try {
    payload = decodeEvent(event);
  } catch (error) {
    // Poison data: retrying cannot fix it, so it is reported and the delivery acknowledged.
    if (error instanceof DecodeError) {
      console.log(JSON.stringify({ type: 'delivery-rejected', code: error.code, reason: error.message }));
      return;
    }
    throw error;
  }
  const analysis = analyze([
    { source: { logGroup: payload.logGroup, logStream: payload.logStream }, events: payload.logEvents },
  ]);
  for (const failure of analysis.failures)
    console.log(JSON.stringify({ type: 'failed-request', ...failure }));
  console.log(JSON.stringify({ type: 'delivery-summary', logGroup: payload.logGroup, ...analysis.stats }));
}
