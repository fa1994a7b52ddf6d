/**
 * JSON Lines of many lines: each line is one small payload, so an input of 200,000 lines makes
 * 200,000 batches, and spreading them into one call's arguments (`push(...batches)`) overflowed the
 * stack (an internal error, exit 1). And JSON Lines of more than 10,000 lines with one stray text line
 * (the shell prompt a terminal copy took) were refused as "more than 10,000 JSON documents one after
 * another", a limit made for pretty-printed documents, while up to 10,000 lines were read with the
 * stray line named.
 *
 * All payloads here are SYNTHETIC: subscription payloads (DATA_MESSAGE) of one event each, the
 * execution line in them shaped as /work/shared/corpus/S05-01.log's final line.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXIT } from '../../cli/main';
import { runCli } from './harness';

/** SYNTHETIC: request `i`'s id, as API Gateway writes one (a UUID). */
const idOf = (i: number) => `${i.toString(16).padStart(8, '0')}-39db-11e9-9c2e-5bd7c2de5998`;

/** SYNTHETIC: one subscription payload on one line, its one event request `i`'s final line. */
const payloadLine = (i: number, status: number) =>
  JSON.stringify({
    messageType: 'DATA_MESSAGE',
    owner: '1',
    logGroup: 'API-Gateway-Execution-Logs_uwe3g5jm54/Prod',
    logStream: 's',
    subscriptionFilters: ['f'],
    logEvents: [
      {
        id: `${i}`,
        timestamp: 1_700_000_000_000 + i,
        message: `(${idOf(i)}) Method completed with status: ${status}`,
      },
    ],
  });

/** `count` payload lines, every 50th a 502. */
const payloadLines = (count: number) =>
  Array.from({ length: count }, (_, i) => payloadLine(i, i % 50 === 0 ? 502 : 200));

describe('JSON Lines of many lines', () => {
  it('reads 200,000 JSON Lines through the CLI without overflowing the stack', async () => {
    const lines = payloadLines(200_000);
    const started = performance.now();
    const run = await runCli(['classify', '--json', '-'], { stdin: `${lines.join('\n')}\n` });
    const ms = performance.now() - started;
    process.stderr.write(`200,000 JSON Lines classified in-process in ${Math.round(ms)} ms\n`);
    assert.equal(run.code, EXIT.analyzed, run.stderr);
    assert.equal(run.stdout.split('\n').filter((line) => line !== '').length, 4_000);
  });
});
