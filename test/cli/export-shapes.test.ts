/**
 * The real corpus lines CloudWatch stores (`(id) message` and JSON access lines), re-exported in
 * every shape the CLI reads exported logs in, must get the same causes as the file itself. The
 * lines are real (../shared/corpus); only the wrappers (times, stream and group names) are made here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInput } from '../../cli/input';
import { analyze } from '../../lambda/core/pipeline';
import { awsLogsTailJson } from '../support/aws-logs-tail';
import { corpusLogFiles, readCorpusFile, requireCorpus } from '../support/corpus';
import { realSample } from '../support/real-logs';
import {
  awsTable,
  awsYaml,
  awsYamlStream,
  filterLogEventsResponse,
  getLogEventsResponse,
} from './aws-cli-printers';

const T0 = Date.UTC(2026, 10, 25, 10, 15, 30);
const STREAM = 'e4da3b7fbbce2345d7772b0674a318d5';
const GROUP = '/aws/apigateway/example';

/** One stored event: a line as CloudWatch keeps it, with the body lines that continue it. */
interface StoredEvent {
  readonly message: string;
  readonly timestamp: number;
}

/** The events of a corpus file, if it holds CloudWatch's own shapes only (no console or ISO stamps). */
function storedEvents(text: string): StoredEvent[] | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (!/^[({]/.test(lines[0] ?? '')) return undefined;
  if (lines.some((line) => /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} |^\d{4}-\d{2}-\d{2}/.test(line)))
    return undefined;
  const messages: string[] = [];
  for (const line of lines) {
    if (/^[({]/.test(line) || messages.length === 0) messages.push(line);
    else messages[messages.length - 1] += `\n${line}`;
  }
  return messages.map((message, i) => ({ message, timestamp: T0 + i * 1000 }));
}

const iso = (ms: number) => new Date(ms).toISOString();
const insightsTime = (ms: number) => iso(ms).replace('T', ' ').replace('Z', '');

/** What FilterLogEvents and GetLogEvents answer for these events, as the AWS CLI prints them. */
const filterLogEvents = (events: readonly StoredEvent[]) =>
  filterLogEventsResponse(events, STREAM, 37_000_000_000);
const getLogEvents = getLogEventsResponse;

/** What GetQueryResults answers for `fields @timestamp, @message, @log`, newest first. */
const queryResults = (events: readonly StoredEvent[]) => ({
  results: [...events].reverse().map((e, i) => [
    { field: '@timestamp', value: insightsTime(e.timestamp) },
    { field: '@message', value: e.message },
    { field: '@log', value: `123456789012:${GROUP}` },
    { field: '@ptr', value: `ptr${i}` },
  ]),
  statistics: { recordsMatched: events.length },
  status: 'Complete',
});
const csvField = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** Each way the same events reach the CLI once exported. */
const SHAPES: Readonly<Record<string, (events: readonly StoredEvent[]) => string>> = {
  'aws logs tail': (events) =>
    events.map((e) => `${iso(e.timestamp).replace('Z', '+00:00')} ${STREAM} ${e.message}`).join('\n'),
  // A JSON message re-indented below its `<time> <stream> ` header, any other on the header's line
  // (test/support/aws-logs-tail.ts, from the AWS CLI's tail.py).
  'aws logs tail --format json': (events) =>
    awsLogsTailJson(
      events.map((e) => ({ timestamp: e.timestamp, logStreamName: STREAM, message: e.message })),
    ),
  // The SAM CLI: `<stream> <UTC time, no zone, microseconds> <message>`, a JSON message re-indented
  // by two (samcli/lib/observability/cw_logs/cw_log_formatters.py).
  'sam logs': (events) =>
    events
      .map((e) => {
        const time = iso(e.timestamp).replace('Z', '000');
        let message = e.message;
        try {
          if (message.startsWith('{')) message = JSON.stringify(JSON.parse(message), null, 2);
        } catch {
          // Not JSON: printed as it is.
        }
        return `${STREAM} ${time} ${message}`;
      })
      .join('\n'),
  // A CloudWatch Logs export to S3 (CreateExportTask): `<ISO time> <message>` lines, no stream.
  'S3 export (CreateExportTask)': (events) =>
    events.map((e) => `${iso(e.timestamp)} ${e.message}`).join('\n'),
  'awslogs get': (events) => events.map((e) => `${GROUP} ${STREAM} ${e.message}`).join('\n'),
  'awslogs get --timestamp': (events) =>
    events.map((e) => `${GROUP} ${STREAM} ${iso(e.timestamp)} ${e.message}`).join('\n'),
  'Logs Insights get-query-results, newest first': (events) => JSON.stringify(queryResults(events)),
  // The AWS CLI's other output formats (SYNTHETIC printers after its source: ./aws-cli-printers.ts).
  'filter-log-events --output yaml': (events) => awsYaml(filterLogEvents(events)),
  'get-log-events --output yaml': (events) => awsYaml(getLogEvents(events)),
  'filter-log-events --output yaml-stream, two pages': (events) =>
    awsYamlStream([
      { ...filterLogEvents(events.slice(0, 1)), nextToken: 'eyJuZXh0VG9rZW4iOiAiYWJjIn0' },
      filterLogEvents(events.slice(1)),
    ]),
  'get-query-results --output yaml, newest first': (events) => awsYaml(queryResults(events)),
  'filter-log-events --output table': (events) => awsTable('FilterLogEvents', filterLogEvents(events)),
  'get-log-events --output table': (events) => awsTable('GetLogEvents', getLogEvents(events)),
  'get-query-results --output table, newest first': (events) =>
    awsTable('GetQueryResults', queryResults(events)),
  'console CSV download': (events) =>
    ['timestamp,message', ...events.map((e) => `${e.timestamp},${csvField(e.message)}`)].join('\n'),
  'Logs Insights CSV': (events) =>
    ['@timestamp,@message', ...events.map((e) => `${insightsTime(e.timestamp)},${csvField(e.message)}`)].join(
      '\r\n',
    ),
  // The console's own copy, with the title and settings it writes above the table (a `|` in its query too).
  'Logs Insights table copied as Markdown, newest first': (events) =>
    [
      '**CloudWatch Logs Insights**  ',
      'region: us-east-1  ',
      `log-group-names: ${GROUP}  `,
      'start-time: -3600s  ',
      'end-time: 0s  ',
      'query-string:',
      '```',
      'fields @timestamp, @message, @logStream',
      '| sort @timestamp desc',
      '```',
      '---',
      '| @timestamp | @message | @logStream |',
      '| --- | --- | --- |',
      ...[...events].reverse().map((e) => `| ${insightsTime(e.timestamp)} | ${e.message} | ${STREAM} |`),
    ].join('\n'),
  'Logs Insights table copied as ASCII': (events) => {
    const rows = [['@timestamp', '@message'], ...events.map((e) => [insightsTime(e.timestamp), e.message])];
    const width = (column: number) => Math.max(...rows.map((row) => (row[column] ?? '').length));
    const line = (row: readonly string[]) =>
      `| ${row.map((cell, column) => cell.padEnd(width(column))).join(' | ')} |`;
    const rule = '-'.repeat(width(0) + width(1) + 7);
    const divider = `|${'-'.repeat(width(0) + 2)}|${'-'.repeat(width(1) + 2)}|`;
    const [header = [], ...body] = rows;
    return [rule, line(header), divider, ...body.map(line), rule].join('\n');
  },
  'Logs Insights rows copied as tab-separated text': (events) =>
    [
      '@timestamp\t@message\t@log',
      ...events.map((e) => `${insightsTime(e.timestamp)}\t${e.message}\t123456789012:${GROUP}`),
    ].join('\n'),
  // The AWS CLI's text format: the next token alone first, then one EVENTS row per event, fields
  // sorted by name, the message as it is (its line breaks too).
  'filter-log-events --output text': (events) =>
    [
      'eyJuZXh0VG9rZW4iOiAiYWJjIn0',
      ...events.map(
        (e, i) =>
          `EVENTS\t${String(37_000_000_000 + i).padStart(56, '3')}\t${e.timestamp + 40}\t${STREAM}\t${e.message}\t${e.timestamp}`,
      ),
      `SEARCHEDLOGSTREAMS\t${STREAM}\tTrue`,
    ].join('\n'),
  'get-log-events --output text': (events) =>
    [
      'b/37000000000000000000000000000000000000000000000000000000\tf/37000000000000000000000000000000000000000000000000000009',
      ...events.map((e) => `EVENTS\t${e.timestamp + 40}\t${e.message}\t${e.timestamp}`),
    ].join('\n'),
  // The text format of a JMESPath list: the columns asked for, tab-separated, the message as it is.
  "filter-log-events --query 'events[*].[timestamp,message]' --output text": (events) =>
    events.map((e) => `${e.timestamp}\t${e.message}`).join('\n'),
  "filter-log-events --query 'events[*].[logStreamName,message]' --output text": (events) =>
    events.map((e) => `${STREAM}\t${e.message}`).join('\n'),
  "filter-log-events --query 'events[*].[timestamp,logStreamName,message]' --output text": (events) =>
    events.map((e) => `${e.timestamp}\t${STREAM}\t${e.message}`).join('\n'),
  "jq -c '.events[]' of filter-log-events": (events) =>
    events
      .map((e, i) =>
        JSON.stringify({
          logStreamName: STREAM,
          timestamp: e.timestamp,
          message: e.message,
          eventId: `e${i}`,
        }),
      )
      .join('\n'),
};

function outcomes(text: string, name: string): { failures: string[]; unparsed: number; requests: number } {
  const analysis = analyze(parseInput(text, name).batches);
  return {
    failures: analysis.failures.map((f) => `${f.cause} masked=${f.masked} status=${f.clientStatus}`).sort(),
    unparsed: analysis.stats.unparsed,
    requests: analysis.stats.requests,
  };
}

/**
 * Corpus files whose lines are all stored events, and so can be re-exported: 12 of the 28 when this
 * was written (the others are console or pasted output). Fewer would mean the corpus or the reading
 * of it changed, and this test quietly covered less.
 */
const MIN_EXPORTABLE_FILES = 12;

describe('real corpus lines, exported in every shape the CLI reads', () => {
  if (!requireCorpus()) return;
  const exportable = corpusLogFiles().flatMap((file) => {
    const text = readCorpusFile(file);
    const events = storedEvents(text);
    return events === undefined ? [] : [{ file, text, events }];
  });

  it(`exercises at least ${MIN_EXPORTABLE_FILES} corpus files`, () => {
    assert.ok(
      exportable.length >= MIN_EXPORTABLE_FILES,
      `only ${exportable.length} corpus files are exportable: ${exportable.map((e) => e.file).join(', ')}`,
    );
  });

  for (const { file, text, events } of exportable) {
    it(`${file}: every export gives the causes and the number of requests the file itself gives`, () => {
      const expected = outcomes(text, file);
      assert.equal(expected.unparsed, 0);
      for (const [shape, exportAs] of Object.entries(SHAPES)) {
        assert.deepEqual(outcomes(exportAs(events), `${file} as ${shape}`), expected, shape);
      }
    });
  }
});

describe("an export's `<ISO time> <message>` line whose JSON message holds `(word) ` after a space", () => {
  // A message's first word is no log stream: `aws logs tail`'s `<time> <stream> <message>` read it as
  // one when a later word looked like a line's start, as a User-Agent's `(platform) ` does, and the
  // line became an execution message of that word's request (its request lost, counted unparsed).
  const ROWS: readonly { name: string; message: string; failures: string[]; requests: number }[] = [
    {
      // REAL: test/fixtures/real-successes.json SUCC-timewarp-nested-json-200 (a Siege User-Agent).
      name: 'a real nested-JSON access line answered 200',
      message: realSample('SUCC-timewarp-nested-json-200').lines[0] ?? '',
      failures: [],
      requests: 1,
    },
    {
      // SYNTHETIC: a 504 whose User-Agent names its platform in parentheses.
      name: 'a SYNTHETIC access line answered 504 after an integration timeout',
      message:
        '{"requestId":"6f1c2a3b-0000-4000-8000-000000000504","status":"504","userAgent":"Mozilla/5.0 (apple-x86_64-darwin20.4.0) Siege/4.1.6","integrationErrorMessage":"Endpoint request timed out","responseType":"INTEGRATION_TIMEOUT"}',
      failures: ['timeout.integration masked=false status=504'],
      requests: 1,
    },
  ];
  for (const row of ROWS) {
    it(`reads ${row.name} behind an export's time as the line itself, with or without a zone`, () => {
      for (const time of [
        '2026-11-25T10:15:30.000Z',
        '2026-11-25T10:15:30.000+00:00',
        '2026-11-25T10:15:30',
      ]) {
        assert.deepEqual(
          outcomes(`${time} ${row.message}`, 'export.log'),
          { failures: row.failures, unparsed: 0, requests: row.requests },
          time,
        );
      }
    });
  }
});
