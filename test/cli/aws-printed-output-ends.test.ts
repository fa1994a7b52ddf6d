/**
 * Where an AWS CLI YAML or table export ends, and what follows it: another export of another
 * command, a note, a heading over indented log lines, a Markdown table, a prompt or a sentence.
 * Nothing after a whole export is swallowed into its last page or dropped, and nothing there makes
 * the export look cut. The events are the real corpus samples S05-01 (a usage-plan throttle, 429)
 * and S07-01 (a function timeout, 502); every wrapper, note and prompt is SYNTHETIC.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INPUT_KIND, parseInput } from '../../cli/input';
import { readCorpusFile, requireCorpus } from '../support/corpus';
import { awsTable, awsYaml } from './aws-cli-printers';
import { runCli } from './harness';

const STREAM = 'abc/stream';

function sample(name: string, t0: number): { message: string; timestamp: number }[] {
  return readCorpusFile(name)
    .trim()
    .split('\n')
    .map((message, i) => ({ message, timestamp: t0 + i }));
}

const filterLogEvents = (list: readonly { message: string; timestamp: number }[]) => ({
  events: list.map((e, i) => ({
    eventId: `e${i}`,
    ingestionTime: e.timestamp,
    logStreamName: STREAM,
    message: e.message,
    timestamp: e.timestamp,
  })),
  searchedLogStreams: [],
});

const queryResults = (list: readonly { message: string; timestamp: number }[]) => ({
  results: list.map((e, i) => [
    { field: '@timestamp', value: new Date(e.timestamp).toISOString().replace('T', ' ').replace('Z', '') },
    { field: '@message', value: e.message },
    { field: '@ptr', value: `ptr${i}` },
  ]),
  statistics: { bytesScanned: 1, recordsMatched: list.length, recordsScanned: list.length },
  status: 'Complete',
});

describe('what follows a whole AWS CLI YAML or table export', () => {
  if (!requireCorpus()) return;
  const throttle = sample('S05-01.log', 1700000000000);
  const timeout = sample('S07-01.log', 1700000100000);
  const lines = (list: readonly { message: string }[], indent = '') =>
    list.map((e) => `${indent}${e.message}\n`).join('');
  const lineCount = (text: string) => text.trimEnd().split('\n').length;
  const yaml = () => awsYaml(filterLogEvents(throttle));
  const table = () => awsTable('FilterLogEvents', filterLogEvents(throttle));
  const cases: readonly {
    after: string;
    text: () => string;
    /** Both failures found: the throttle and, where the text holds it, the timeout. */
    failed: 1 | 2;
    /** The 1-based line a note names as where text after an export starts, if one must. */
    textFrom?: () => number;
  }[] = [
    {
      after: 'YAML, then an `Errors:` heading over indented log lines',
      text: () => `${yaml()}Errors:\n${lines(timeout, '  ')}`,
      failed: 2,
      textFrom: () => lineCount(yaml()) + 1,
    },
    {
      after: 'YAML, then a `Note: …` line',
      text: () => `${yaml()}Note: the 429 above is the one from the ticket\n`,
      failed: 1,
      textFrom: () => lineCount(yaml()) + 1,
    },
    {
      after: 'YAML, then a note with an open quote',
      text: () => `${yaml()}Note: "the 429 is the one from the ticket\n`,
      failed: 1,
      textFrom: () => lineCount(yaml()) + 1,
    },
    {
      after: "YAML, then another command's YAML (no command line between)",
      text: () => `${yaml()}logGroups:\n- arn: arn:aws:logs:eu-west-2:1:log-group:x:*\n  logGroupName: x\n`,
      failed: 1,
      textFrom: () => lineCount(yaml()) + 1,
    },
    {
      after: 'get-query-results YAML, then a second `status:` line',
      text: () => `${awsYaml(queryResults(throttle))}status: done\n`,
      failed: 1,
      textFrom: () => lineCount(awsYaml(queryResults(throttle))) + 1,
    },
    {
      after: 'filter-log-events YAML, then get-query-results YAML (>>)',
      text: () => yaml() + awsYaml(queryResults(timeout)),
      failed: 2,
    },
    {
      after: 'get-query-results YAML, then filter-log-events YAML (>>)',
      text: () => awsYaml(queryResults(timeout)) + yaml(),
      failed: 2,
    },
    {
      after: 'a table, a bare prompt line, the next command and its table',
      text: () =>
        `${table()}user@host:~$\nuser@host:~$ aws logs filter-log-events --output table\n${awsTable('FilterLogEvents', filterLogEvents(timeout))}`,
      failed: 2,
      textFrom: () => lineCount(table()) + 1,
    },
    {
      after: 'a table, a sentence, then a second table',
      text: () =>
        `${table()}and then the second run:\n${awsTable('FilterLogEvents', filterLogEvents(timeout))}`,
      failed: 2,
      textFrom: () => lineCount(table()) + 1,
    },
    {
      after: 'a table, then a Markdown table',
      text: () => `${table()}| request | status |\n|---|---|\n| 4f3e3b0f | 429 |\n`,
      failed: 1,
      textFrom: () => lineCount(table()) + 1,
    },
    {
      after: 'a table, a blank line, then a Markdown table',
      text: () => `${table()}\n| request | status |\n|---|---|\n| 4f3e3b0f | 429 |\n`,
      failed: 1,
      textFrom: () => lineCount(table()) + 2,
    },
  ];
  for (const { after, text, failed, textFrom } of cases) {
    it(`reads ${after}: every failure found, the text after the export named`, async () => {
      const { code, stdout, stderr } = await runCli(['classify', '-'], { stdin: text() });
      assert.equal(code, 0, stderr);
      assert.match(stdout, new RegExp(`^\\d+ log events, ${failed} requests?, ${failed} failed,`, 'm'));
      assert.match(stdout, /limit\.throttle/);
      if (failed === 2) assert.match(stdout, /timeout\.function/);
      if (textFrom !== undefined)
        assert.match(
          stderr,
          new RegExp(
            `^apigw-errors: stdin lines? ${textFrom()}\\b.* follows? the AWS CLI --output \\w+ export`,
            'm',
          ),
        );
    });
  }

  it('reads YAML of two commands joined by >> as two documents, each of its own kind', () => {
    const parsed = parseInput(yaml() + awsYaml(queryResults(timeout)), 'f');
    assert.equal(parsed.kind, INPUT_KIND.awsYamlOutput);
    assert.equal(parsed.batches.flatMap((b) => b.events).length, throttle.length + timeout.length);
  });

  // SYNTHETIC: an application's own config, whose `results` are not Insights rows.
  const configs: readonly { config: string; text: string }[] = [
    {
      config: 'a config with `results:` and `status:`',
      text: `results:\n- name: smoke\n  message: (${'4f3e3b0f-39db-11e9-9c2e-5bd7c2de5998'}) Method completed with status: 429\nstatus: failed\n`,
    },
    {
      config: 'the same under its `$ cat` line',
      text: `$ cat app.yaml\nresults:\n- name: smoke\n  message: (4f3e3b0f-39db-11e9-9c2e-5bd7c2de5998) Method completed with status: 429\nstatus: failed\n`,
    },
    {
      config: 'a config whose `results` rows are lists of other mappings',
      text: 'results:\n- - name: smoke\n    value: 1\nstatus: failed\n',
    },
  ];
  for (const { config, text } of configs) {
    it(`leaves ${config} to the raw-text reader: no Insights export`, () => {
      const parsed = parseInput(text, 'app.yaml');
      assert.notEqual(parsed.kind, INPUT_KIND.awsYamlOutput);
      assert.ok(parsed.batches.flatMap((b) => b.events).length >= lineCount(text));
    });
  }
});

describe('yaml-stream of many pages', () => {
  it('reads 300,000 pages of one event each: every event, no stack overflow', () => {
    // SYNTHETIC pages: more than one call's arguments (spread into push) can take.
    const page = (i: number) =>
      `- events:\n  - logStreamName: s\n    message: m${i}\n    timestamp: ${i}\n  searchedLogStreams: []\n`;
    const parts: string[] = [];
    for (let i = 0; i < 300_000; i++) parts.push(page(i));
    const parsed = parseInput(parts.join(''), 'f');
    assert.equal(parsed.kind, INPUT_KIND.awsYamlOutput);
    assert.equal(
      parsed.batches.reduce((n, b) => n + b.events.length, 0),
      300_000,
    );
  });
});
