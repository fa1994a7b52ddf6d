/**
 * Property-based hardening of the CLI's input reader: whatever text a user gives it, parseInput either
 * returns batches the pipeline can analyze or refuses the input with an InputError (a one-line message
 * and exit 2), never another exception (a stack trace). The text is generated from the fragments the
 * reader's detections look for (tables, CSV headers, JSON envelopes, export prefixes), so the
 * generator reaches every reader. Generated text is synthetic. Fixed seed, bounded runs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InputError, parseInput } from '../../cli/input';
import { analyze } from '../../lambda/core/pipeline';

/** Fixed seed so a failure replays; FC_SEED=<n> explores other inputs once, locally. */
const SETTINGS = { seed: Number(process.env.FC_SEED ?? 20261126), numRuns: 400 } as const;

/** Pieces of the shapes the reader detects, glued at random: most texts mix several readers' cues. */
const FRAGMENTS = [
  '|',
  ' | ',
  '| @timestamp | @message |',
  '| --- | --- |',
  '|---|---|',
  '@timestamp\t@message\t@log',
  '@timestamp\t\tstatus',
  '\t',
  '\t\t',
  '---',
  '```',
  '**CloudWatch Logs Insights**',
  'log-group-names: /aws/apigateway/x',
  'log-group-names: a, b',
  'query-string:',
  '$nl---',
  'timestamp,message',
  '@timestamp,@message',
  '"',
  '""',
  ',',
  '{',
  '}',
  '{"awslogs":{"data":"H4sI"}}',
  '{"messageType":"DATA_MESSAGE","logEvents":[]}',
  '{"results":[],"status":"Complete"}',
  '{"requestId":"r1","status":"502"}',
  '(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Method completed with status: 502',
  '2026-11-25 10:15:30.000',
  '2026-11-25T10:15:30Z e4da3b7fbbce2345d7772b0674a318d5 ',
  'count(*)',
  'EVENTS\t',
  'EVENTS\t1764065730500\t',
  `EVENTS\t${'3'.repeat(56)}\t1764065730500\tstream\t`,
  '\t1764065730000',
  'SEARCHEDLOGSTREAMS\tstream\tTrue',
  '    ',
  '> ',
  '>',
  '\\|',
  '\r',
  ' ',
  'x',
] as const;

/** Whole lines as the readers' shapes have them, so tables, headers and rows follow one another. */
const LINES = [
  '| @timestamp | @message |',
  '| @timestamp | @message | @log |',
  '| @timestamp | status | error.responseType |',
  '| --- | --- |',
  '| --- | --- | --- |',
  '| 2026-11-25 10:15:30.000 | {"requestId":"r1","status":"502"} |',
  '| 2026-11-25 10:15:30.000 | (a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Method completed with status: 502 | 1:/aws/x |',
  '@timestamp\t@message',
  '@timestamp\t\t@message\t@log',
  '2026-11-25 10:15:30.000\t{"requestId":"r1","status":"502"}',
  '2026-11-25 10:15:30.000\t\t(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) body:\t1:/aws/x',
  '**CloudWatch Logs Insights**',
  'log-group-names: /aws/apigateway/x',
  '---',
  '```',
  '',
  // The console's test panels, both layouts and an authorizer test's, and their labels alone.
  'Request: /todos',
  '/todos - GET method test results',
  'Request',
  'Status: 502',
  'Status',
  '502',
  'Latency: 39 ms',
  'Latency ms',
  'Response Code: 500 - Internal server error',
  'Response',
  'Response Body',
  'Response headers',
  'ステータス: 502',
  'Logs',
  'ログ',
  'Execution log for request r1',
  'Wed Nov 25 10:15:30 UTC 2026 : Method completed with status: 502',
  // A one-line object wrapped after a comma, a one-cell table row, a log-delivery record.
  '{"status":"403",',
  ' "integrationStatus":"200"}',
  '| {"requestId":"r1","status":"502"} |',
  '{"resource_arn":"arn:aws:apigateway:us-east-1:1:/restapis/a1/stages/p","payload":"(r1) Method completed with status: 502"}',
] as const;

/** A line: a whole one of the shapes above, or fragments glued at random. */
const line = fc.oneof(
  fc.constantFrom(...LINES),
  fc
    .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })), { maxLength: 8 })
    .map((parts) => parts.join('')),
);

const text = fc.array(line, { maxLength: 24 }).map((lines) => lines.join('\n'));

/** CloudWatch's own `(id) message` lines, which no reader may take for anything else. */
const ID_LINE = /^\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\) \S/;

describe('parseInput: any text is read or refused with a one-line reason', () => {
  it("never swallows a CloudWatch (id) line into a console panel, an object or a table row's cell", () => {
    const idLine = fc
      .constantFrom('Method completed with status: 502', 'Execution failed due to a timeout error')
      .map((message) => `(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) ${message}`);
    const raw = fc.array(fc.oneof(fc.constantFrom(...LINES.slice(-21)), idLine), { maxLength: 30 });
    fc.assert(
      fc.property(raw, (lines) => {
        let parsed: ReturnType<typeof parseInput>;
        try {
          parsed = parseInput(lines.join('\n'), 'generated.txt');
        } catch (error) {
          if (error instanceof InputError) return;
          throw error;
        }
        const read = parsed.batches.flatMap((b) => b.events.map((e) => e.message)).join('\n');
        for (const given of lines.filter((l) => ID_LINE.test(l))) assert.ok(read.includes(given), given);
      }),
      SETTINGS,
    );
  });

  it('returns batches the pipeline analyzes, or throws an InputError, for any mix of the shapes it detects', () => {
    let refused = 0;
    let read = 0;
    fc.assert(
      fc.property(text, (input) => {
        try {
          const { batches } = parseInput(input, 'generated.txt');
          analyze(batches);
          read += 1;
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          assert.doesNotMatch(error.message, /\n/);
          refused += 1;
        }
      }),
      SETTINGS,
    );
    // Both outcomes must occur, or the generator has stopped reaching one of them.
    assert.ok(read > 0 && refused > 0, `read ${read}, refused ${refused}`);
  });
});
