/**
 * Exports the AWS CLI printed with `--output yaml`, `yaml-stream` or `table` (a profile with
 * `output = yaml`): read as their JSON is, never as raw text whose every line is counted unparsed.
 * The events are the real corpus sample S05-01 (a usage-plan throttle, 429) with SYNTHETIC lines
 * of the same request added to give the printers every scalar style; the wrappers are SYNTHETIC,
 * printed as the AWS CLI's source prints them (./aws-cli-printers.ts) or written by hand.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INPUT_KIND, parseInput } from '../../cli/input';
import { readCorpusFile, requireCorpus } from '../support/corpus';
import {
  awsTable,
  awsYaml,
  awsYamlStream,
  filterLogEventsResponse,
  getLogEventsResponse,
  type LoggedEvent,
} from './aws-cli-printers';
import { runCli } from './harness';

const ID = '4f3e3b0f-39db-11e9-9c2e-5bd7c2de5998';
const STREAM = '3a8b1c2d4e5f60718293a4b5c6d7e8f9';
const T0 = 1713481524320;

/** SYNTHETIC lines of S05-01's request, one per scalar style the YAML emitter picks. */
const STYLED = [
  // Plain (no `: `), long enough to fold over lines at spaces.
  `(${ID}) Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets/invocations`,
  // Single-quoted: `: `, `#`, quotes (one doubled), non-ASCII.
  `(${ID}) Method request headers: {User-Agent=curl "x" #1 it's café — naïve, X-Trace=a  b}`,
  // Double-quoted: a tab and a character beyond the BMP are escaped.
  `(${ID}) Method request query string: {q=snow\tman ☃ 😀, note="a \\ b"}`,
];

function events(): { message: string; timestamp: number }[] {
  const lines = readCorpusFile('S05-01.log').trim().split('\n');
  // The styled lines go before the last one (the method's completion), as they were logged.
  const all = [...lines.slice(0, -1), ...STYLED, ...lines.slice(-1)];
  return all.map((message, i) => ({ message, timestamp: T0 + i }));
}

const filterLogEvents = (list: readonly LoggedEvent[]) =>
  filterLogEventsResponse(list, STREAM, 3819653722637);

/**
 * A filter-log-events page holding only its events: no searchedLogStreams, no token (the shape
 * aws-cli's own awscli/examples/logs/filter-log-events.rst shows for --output yaml's JSON twin).
 */
const eventsOnly = (list: readonly { message: string; timestamp: number }[]) => ({
  events: filterLogEvents(list).events,
});

const getLogEvents = getLogEventsResponse;

const queryResults = (list: readonly { message: string; timestamp: number }[]) => ({
  results: list.map((e, i) => [
    { field: '@timestamp', value: new Date(e.timestamp).toISOString().replace('T', ' ').replace('Z', '') },
    { field: '@message', value: e.message },
    { field: '@logStream', value: STREAM },
    { field: '@ptr', value: `CmAKJwoj${i}` },
  ]),
  statistics: { bytesScanned: 2048, recordsMatched: list.length, recordsScanned: list.length },
  status: 'Complete',
});

/** What the CLI prints for S05-01's request and the styled lines: all read, one throttled request. */
const READ = `${STYLED.length + 4} log events, 1 request, 1 failed, 0 unparsed lines`;

/** SYNTHETIC: YAML as people or other emitters write it (block scalars, `\` line-end joins). */
function handWritten(lines: readonly string[]): string {
  const [first = '', second = '', third = '', ...rest] = lines;
  return [
    'events:',
    '- logStreamName: s',
    '  message: |-',
    `    ${first}`,
    '  timestamp: 1',
    '- logStreamName: s',
    '  message: >',
    `    ${second.slice(0, 40)}`,
    `    ${second.slice(40)}`,
    '  timestamp: 2',
    '- logStreamName: s',
    `  message: "${third.slice(0, 30).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}\\`,
    `    ${third.slice(30).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t')}"`,
    '  timestamp: 3',
    ...rest.flatMap((message, i) => [
      '- logStreamName: s',
      `  message: '${message.replace(/'/g, "''")}'`,
      `  timestamp: ${4 + i}`,
    ]),
    'searchedLogStreams: []',
    '',
  ].join('\n');
}

describe('AWS CLI exports printed as YAML or as a table', () => {
  if (!requireCorpus()) return;
  const list = events();
  const cases: readonly { shape: string; text: () => string }[] = [
    { shape: 'filter-log-events --output yaml', text: () => awsYaml(filterLogEvents(list)) },
    {
      shape: 'filter-log-events --output yaml-stream, one page per event',
      text: () => awsYamlStream(list.map((e) => filterLogEvents([e]))),
    },
    { shape: 'get-query-results --output yaml', text: () => awsYaml(queryResults(list)) },
    {
      shape: 'two --output yaml exports saved into one file with >>',
      text: () => awsYaml(filterLogEvents(list.slice(0, 3))) + awsYaml(filterLogEvents(list.slice(3))),
    },
    {
      shape: 'two --output yaml exports as documents of one stream (---)',
      text: () =>
        `---\n${awsYaml(filterLogEvents(list.slice(0, 3)))}---\n${awsYaml(filterLogEvents(list.slice(3)))}`,
    },
    {
      shape: 'YAML with CRLF line ends (the CLI on Windows)',
      text: () => awsYaml(filterLogEvents(list)).replace(/\n/g, '\r\n'),
    },
    {
      shape: 'hand-written YAML: literal and folded blocks, an escaped line end',
      text: () => handWritten(list.map((e) => e.message)),
    },
    {
      shape: 'filter-log-events --output table',
      text: () => awsTable('FilterLogEvents', filterLogEvents(list)),
    },
    {
      shape: 'filter-log-events --output table --color on',
      text: () =>
        awsTable('FilterLogEvents', filterLogEvents(list)).replace(
          /(\|\| {2})(\d{56})/g,
          '$1\u001b[1m\u001b[34m$2\u001b[0m',
        ),
    },
    {
      shape: 'get-query-results --output table',
      text: () => awsTable('GetQueryResults', queryResults(list)),
    },
  ];
  for (const { shape, text } of cases) {
    it(`reads every event of ${shape} and finds the throttled request`, async () => {
      const { code, stdout, stderr } = await runCli(['classify', '-'], { stdin: text() });
      assert.equal(code, 0, stderr);
      assert.match(stdout, new RegExp(READ));
      assert.match(stdout, /1 {2}limit\.throttle {2}API Gateway throttling \(status 429\)/);
    });
  }

  it('reads a table of one event, printed as `header | value` rows, and a message holding `|`', async () => {
    const [event] = list.filter((e) => e.message.includes('Key throttle limit exceeded'));
    assert.ok(event);
    const piped = { ...event, message: `${event.message} | route=/pets|x` };
    const text = awsTable('FilterLogEvents', filterLogEvents([piped]));
    assert.match(text, /\|\| {2}message +\| {2}\(/);
    const { code, stdout, stderr } = await runCli(['classify', '-'], { stdin: text });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /1 log event, 1 request, 1 failed, 0 unparsed lines/);
    assert.match(stdout, /limit\.throttle/);
  });

  const CUT = ' looks cut short| ends inside| ends mid-scalar';
  const refusals: readonly { case: string; text: () => string; says: RegExp }[] = [
    {
      case: 'a YAML export cut inside a quoted message',
      text: () => {
        const whole = awsYaml(filterLogEvents(list));
        return whole.slice(0, whole.indexOf('Method request headers'));
      },
      says: /AWS CLI --output yaml whose last value ends mid-scalar/,
    },
    {
      case: "a YAML export cut inside an event's mapping, before its timestamp",
      text: () => {
        const whole = awsYaml(filterLogEvents(list));
        const second = whole.indexOf('- eventId', whole.indexOf('- eventId') + 1);
        return whole.slice(0, whole.indexOf('  timestamp', second));
      },
      says: /AWS CLI --output yaml that ends inside its events/,
    },
    {
      case: "a YAML export cut inside an event's mapping, before its message",
      text: () => {
        const whole = awsYaml(eventsOnly(list));
        return whole.slice(0, whole.lastIndexOf('  message'));
      },
      says: /AWS CLI --output yaml that ends inside its events/,
    },
    {
      case: 'a YAML export holding only events, cut inside a plain message folded over lines',
      text: () => {
        const whole = awsYaml(eventsOnly(list));
        return whole.slice(0, whole.indexOf('Sending request to') + 30);
      },
      says: /AWS CLI --output yaml that ends inside its events/,
    },
    {
      // get-log-events' events have neither eventId nor logStreamName, and its page always ends with
      // its two tokens: without them it was cut, between events or before the tokens.
      case: 'a get-log-events YAML export cut before its tokens',
      text: () => {
        const whole = awsYaml(getLogEvents(list));
        return whole.slice(0, whole.indexOf('nextBackwardToken'));
      },
      says: /AWS CLI --output yaml that ends inside its events/,
    },
    {
      case: 'a get-log-events YAML export cut between two events',
      text: () => {
        const whole = awsYaml(getLogEvents(list));
        return whole.slice(0, whole.indexOf('- ingestionTime', whole.indexOf('- ingestionTime') + 1));
      },
      says: /AWS CLI --output yaml that ends inside its events/,
    },
    {
      case: "a yaml-stream export whose last page was cut inside its last event's mapping",
      text: () => {
        const whole = awsYamlStream([filterLogEvents(list.slice(0, 2)), filterLogEvents(list.slice(2))]);
        return whole.slice(0, whole.lastIndexOf('    timestamp'));
      },
      says: /document 2: AWS CLI --output yaml that ends inside its events/,
    },
    {
      case: 'a table cut inside its rows',
      text: () => {
        const whole = awsTable('FilterLogEvents', filterLogEvents(list));
        return whole.slice(0, whole.indexOf('Method request headers'));
      },
      says: /AWS CLI --output table that ends inside a section/,
    },
    {
      case: 'a table cut before its closing rule',
      text: () =>
        awsTable('FilterLogEvents', filterLogEvents(list)).trimEnd().split('\n').slice(0, -1).join('\n'),
      says: /AWS CLI --output table that ends inside a section/,
    },
  ];
  for (const refusal of refusals) {
    it(`refuses ${refusal.case} with exit 2 and one line that names it`, async () => {
      const { code, stdout, stderr } = await runCli(['classify', '-'], { stdin: refusal.text() });
      assert.equal(code, 2, stdout);
      assert.match(stderr, refusal.says);
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, new RegExp(CUT.slice(1)));
    });
  }

  const notTheOutput: readonly { case: string; text: () => string }[] = [
    {
      case: 'YAML that starts as the export but holds an anchor (no YAML in general is read)',
      text: () =>
        awsYaml(filterLogEvents(list)).replace('searchedLogStreams: []', 'searchedLogStreams: &a []'),
    },
    {
      case: 'a log whose first line is `results: 3 rows`',
      text: () => ['results: 3 rows', ...list.map((e) => e.message)].join('\n'),
    },
    {
      case: 'a log under the `$ cat` command that printed it',
      text: () => ['$ cat app.log', ...list.map((e) => e.message)].join('\n'),
    },
    {
      case: 'a table whose section holds a line of another shape',
      text: () => awsTable('FilterLogEvents', filterLogEvents(list)).replace(/\n\|\+-/, '\nnot a rule\n|+-'),
    },
  ];
  for (const other of notTheOutput) {
    it(`leaves ${other.case} to the raw-text reader, as before`, () => {
      assert.equal(parseInput(other.text(), 'f').kind, INPUT_KIND.rawText);
    });
  }
});

describe('--help on AWS CLI YAML and table exports', () => {
  it('names yaml, yaml-stream and table for filter-log-events and get-query-results, and refuses them cut as the README says', async () => {
    const help = (await runCli(['--help'])).stdout.replace(/\s+/g, ' ');
    assert.match(help, /get-log-events \(also printed with --output text, yaml, yaml-stream or table,/);
    assert.match(help, /get-query-results \([^)]*also printed with --output yaml, yaml-stream or table\)/);
    assert.match(help, /a gzip file or JSON, YAML or table export cut short is refused/);
  });
});

describe('terminal copies of AWS CLI YAML and table exports', () => {
  if (!requireCorpus()) return;
  const list = events();
  const table = () => awsTable('FilterLogEvents', filterLogEvents(list));
  const yaml = () => awsYaml(filterLogEvents(list));
  const lineCount = (text: string) => text.trimEnd().split('\n').length;
  // SYNTHETIC command lines and prompts, as terminals show them.
  const copies: readonly {
    copy: string;
    text: () => string;
    /** Lines of the copy that are not the export: counted unparsed. */
    unparsed: number;
    /** What the notes on stderr say, each a line of its own. */
    notes: () => readonly RegExp[];
  }[] = [
    {
      copy: 'a table under its `$ aws …` command line',
      text: () => `$ aws logs filter-log-events --log-group-name x --output table\n${table()}`,
      unparsed: 1,
      notes: () => [
        /^apigw-errors: stdin line 1 precedes the AWS CLI --output table export; read as log text$/m,
      ],
    },
    {
      copy: 'a whole table, then the shell prompt',
      text: () => `${table()}user@host:~$ `,
      unparsed: 1,
      notes: () => [
        new RegExp(
          `^apigw-errors: stdin line ${lineCount(table()) + 1} on follows the AWS CLI --output table export; read as log text$`,
          'm',
        ),
      ],
    },
    {
      copy: 'a table between a bare `aws …` line and the next command',
      text: () => `aws logs filter-log-events --output table\n${table()}$ ls\nnotes.txt\n`,
      unparsed: 3,
      notes: () => [/stdin line 1 precedes/, new RegExp(`stdin line ${lineCount(table()) + 2} on follows`)],
    },
    {
      copy: 'YAML under its `$ aws …` command line',
      text: () => `$ aws logs filter-log-events --log-group-name x --output yaml\n${yaml()}`,
      unparsed: 1,
      notes: () => [
        /^apigw-errors: stdin line 1 precedes the AWS CLI --output yaml export; read as log text$/m,
      ],
    },
    {
      copy: 'whole YAML, then the shell prompt',
      text: () => `${yaml()}user@host:~$ `,
      unparsed: 1,
      notes: () => [
        new RegExp(
          `^apigw-errors: stdin line ${lineCount(yaml()) + 1} on follows the AWS CLI --output yaml export; read as log text$`,
          'm',
        ),
      ],
    },
    {
      copy: 'yaml-stream between PowerShell prompts',
      text: () =>
        `PS C:\\Users\\me> aws logs filter-log-events --output yaml-stream\r\n${awsYamlStream(
          list.map((e) => filterLogEvents([e])),
        ).replace(/\n/g, '\r\n')}PS C:\\Users\\me> `,
      unparsed: 2,
      notes: () => [/stdin line 1 precedes/, /on follows the AWS CLI --output yaml export/],
    },
    {
      copy: 'get-query-results YAML under a zsh `% aws …` line',
      text: () => `% aws logs get-query-results --query-id q --output yaml\n${awsYaml(queryResults(list))}`,
      unparsed: 1,
      notes: () => [/stdin line 1 precedes the AWS CLI --output yaml export/],
    },
  ];
  for (const { copy, text, unparsed, notes } of copies) {
    it(`reads ${copy}: every event, the lines around the export counted unparsed and named`, async () => {
      const { code, stdout, stderr } = await runCli(['classify', '-'], { stdin: text() });
      assert.equal(code, 0, stderr);
      assert.match(
        stdout,
        new RegExp(
          `^${list.length + unparsed} log events, 1 request, 1 failed, ${unparsed} unparsed lines?$`,
          'm',
        ),
      );
      assert.match(stdout, /1 {2}limit\.throttle {2}API Gateway throttling \(status 429\)/);
      for (const note of notes()) assert.match(stderr, note);
    });
  }

  it('reads a copy of two runs: YAML, the prompt and the next command, its table, the prompt', async () => {
    const first = yaml();
    const copy = `${first}$ aws logs filter-log-events --output table\n${table()}$ `;
    const parsed = parseInput(copy, 'copy.txt');
    assert.equal(parsed.kind, INPUT_KIND.awsYamlOutput);
    assert.equal(parsed.batches.flatMap((b) => b.events).length, 2 * list.length + 2);
    const { code, stdout, stderr } = await runCli(['classify', '-'], { stdin: copy });
    assert.equal(code, 0, stderr);
    assert.match(
      stdout,
      new RegExp(`^${2 * list.length + 2} log events, 1 request, 1 failed, 2 unparsed lines$`, 'm'),
    );
    const after = lineCount(first) + 1;
    assert.match(
      stderr,
      new RegExp(
        `^apigw-errors: stdin line ${after} follows the AWS CLI --output yaml export; read as log text$`,
        'm',
      ),
    );
    assert.match(
      stderr,
      new RegExp(
        `^apigw-errors: stdin line ${after + lineCount(table()) + 1} on follows the AWS CLI --output table export; read as log text$`,
        'm',
      ),
    );
  });

  it('refuses a whole YAML export, the next command and its table cut short (exit 2)', async () => {
    const copy = `${yaml()}$ aws logs filter-log-events --output table\n${table().slice(0, table().indexOf('Method request headers'))}`;
    const { code, stdout, stderr } = await runCli(['classify', '-'], { stdin: copy });
    assert.equal(code, 2, stdout);
    assert.match(stderr, /AWS CLI --output table that ends inside a section/);
  });

  const cutThenText: readonly { case: string; text: () => string; says: RegExp }[] = [
    {
      case: 'a table cut inside its rows, then the shell prompt',
      text: () => `${table().slice(0, table().indexOf('Method request headers'))}\nuser@host:~$ `,
      says: /AWS CLI --output table that ends inside a section/,
    },
    {
      case: "YAML cut inside an event's mapping, then the shell prompt",
      text: () => `${yaml().slice(0, yaml().lastIndexOf('  timestamp'))}user@host:~$ `,
      says: /AWS CLI --output yaml that ends inside its events/,
    },
  ];
  for (const refusal of cutThenText) {
    it(`still refuses ${refusal.case} (exit 2)`, async () => {
      const { code, stdout, stderr } = await runCli(['classify', '-'], { stdin: refusal.text() });
      assert.equal(code, 2, stdout);
      assert.match(stderr, refusal.says);
    });
  }
});

describe('AWS CLI YAML and table exports at their edges', () => {
  if (!requireCorpus()) return;
  const list = events();
  // SYNTHETIC: a response body logged over two lines, the first ending in `||` as a table's row does.
  const piped = {
    message: `(${ID}) Endpoint response body before transformations: run a ||\nb`,
    timestamp: T0 - 1,
  };
  /** `unparsed`: lines around the export (a command, a prompt), read as log text and counted; 0 unless given. */
  const edges: readonly { edge: string; text: () => string; events: number; unparsed?: number }[] = [
    {
      edge: 'YAML of --max-items, whose NextToken sorts before the events',
      text: () =>
        awsYaml({
          NextToken: 'eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==',
          ...filterLogEvents(list),
        }),
      events: list.length,
    },
    {
      edge: 'yaml-stream of --max-items',
      text: () => awsYamlStream([{ NextToken: 'eyJ0b2tlbiI6IDF9', ...filterLogEvents(list) }]),
      events: list.length,
    },
    {
      edge: 'filter-log-events YAML holding only its events, no searchedLogStreams and no token (review 3 finding 2)',
      text: () => awsYaml(eventsOnly(list)),
      events: list.length,
    },
    {
      edge: 'yaml-stream of two pages holding only events',
      text: () => awsYamlStream([eventsOnly(list.slice(0, 3)), eventsOnly(list.slice(3))]),
      events: list.length,
    },
    {
      edge: 'YAML holding only its events under the command that printed it, then the prompt',
      text: () =>
        `$ aws logs filter-log-events --log-group-name API-Gateway-Execution-Logs_uwe3g5jm54/Prod --output yaml\n${awsYaml(eventsOnly(list))}$ `,
      // The command and the prompt: two lines of text, each counted as one event.
      events: list.length + 2,
      unparsed: 2,
    },
    {
      edge: 'two YAML exports holding only events saved into one file with >>',
      text: () => awsYaml(eventsOnly(list.slice(0, 3))) + awsYaml(eventsOnly(list.slice(3))),
      events: list.length,
    },
    {
      edge: 'YAML holding only events, then a `---` and another page',
      text: () => `${awsYaml(eventsOnly(list.slice(0, 3)))}---\n${awsYaml(filterLogEvents(list.slice(3)))}`,
      events: list.length,
    },
    {
      edge: 'get-query-results YAML whose NextToken sorts before the results (review 3 finding 3)',
      text: () => awsYaml({ NextToken: 'eyJuZXh0VG9rZW4iOiBudWxsfQ==', ...queryResults(list) }),
      events: list.length,
    },
    {
      edge: 'get-query-results yaml-stream with NextToken',
      text: () => awsYamlStream([{ NextToken: 'eyJ0b2tlbiI6IDF9', ...queryResults(list) }]),
      events: list.length,
    },
    {
      edge: 'a table whose message runs over lines, one ending in `||`',
      text: () => awsTable('FilterLogEvents', filterLogEvents([piped, ...list])),
      events: list.length + 1,
    },
  ];
  for (const { edge, text, events: count, unparsed = 0 } of edges) {
    it(`reads ${edge}: every event, nothing of the export unparsed`, async () => {
      const { code, stdout, stderr } = await runCli(['classify', '-'], { stdin: text() });
      assert.equal(code, 0, stderr);
      assert.match(
        stdout,
        new RegExp(`^${count} log events, 1 request, 1 failed, ${unparsed} unparsed lines$`, 'm'),
      );
      assert.match(stdout, /limit\.throttle/);
    });
  }

  it('keeps a message line that ends in `||` whole in a table row', () => {
    const parsed = parseInput(awsTable('FilterLogEvents', filterLogEvents([piped, ...list])), 'f');
    assert.equal(parsed.kind, INPUT_KIND.awsTableOutput);
    assert.equal(parsed.batches[0]?.events[0]?.message, piped.message);
  });

  // U+2028 and U+2029 are line breaks to YAML: libyaml writes them as they are inside single quotes,
  // then the next line's indentation (PyYAML's CSafeDumper, width 80, allow_unicode), and drops that
  // indentation when reading, keeping the character.
  const separators: readonly { message: string; libyaml: string }[] = [
    { message: 'a\u2028b', libyaml: "message: 'a\u2028  b'\n" },
    { message: 'a\u2029b', libyaml: "message: 'a\u2029  b'\n" },
    { message: 'a\u2028\nb', libyaml: "message: 'a\u2028\n  b'\n" },
    { message: 'a\n\u2028b', libyaml: "message: 'a\n\n\u2028  b'\n" },
    { message: 'a\u2028\u2029b', libyaml: "message: 'a\u2028\u2029  b'\n" },
  ];
  it('reads a NEL as the pure-Python emitter leaves it in single quotes: the indentation after it dropped', () => {
    // SYNTHETIC: PyYAML's pure emitter (and ruamel.yaml's without its C part) writes U+0085 as it is, then indents.
    const text = `events:\n- logStreamName: s\n  message: '(${ID}) nel\u0085    x'\n  timestamp: 1\nsearchedLogStreams: []\n`;
    assert.equal(parseInput(text, 'f').batches[0]?.events[0]?.message, `(${ID}) nel\u0085x`);
  });
  for (const { message, libyaml } of separators) {
    it(`prints ${JSON.stringify(message)} as libyaml does and reads it back whole`, () => {
      assert.equal(awsYaml({ message }), libyaml);
      const page = {
        events: [{ logStreamName: 's', message: `(${ID}) ${message}`, timestamp: 1 }],
        searchedLogStreams: [],
      };
      const parsed = parseInput(awsYaml(page), 'f');
      assert.equal(parsed.kind, INPUT_KIND.awsYamlOutput);
      assert.equal(parsed.batches[0]?.events[0]?.message, `(${ID}) ${message}`);
    });
  }
});
