import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { breakOnSigint, EXIT, LONG_ANALYSIS_EVENTS } from '../../cli/main';
import { hasAnsi, runCli } from './harness';

let dir = '';
const path = (name: string) => join(dir, name);

// Synthetic lines in the shape of /work/shared/corpus/S02-01.log (access) and S10-01.log (execution).
const ACCESS_LINE =
  '{"requestId": "synthetic-1", "status": "403", "error_responseType": "MISSING_AUTHENTICATION_TOKEN", "error_message": "Missing Authentication Token"}';
/** Lines of ACCESS_LINE that make 1 MiB. */
const BIG_LINES = Math.ceil((1024 * 1024) / (ACCESS_LINE.length + 1));
const EXECUTION_LINES = [
  '(8a699106-8d59-11e8-905d-b3747276ed60) Execution failed due to a timeout error',
  '(8a699106-8d59-11e8-905d-b3747276ed60) Method completed with status: 504',
];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'apigw-errors-cli-'));
  await writeFile(path('access.log'), `${ACCESS_LINE}\n`);
  await writeFile(path('execution.log'), `${EXECUTION_LINES.join('\n')}\n`);
  // SYNTHETIC: ACCESS_LINE's request over and over, 1 MiB or more.
  await writeFile(path('big.log'), `${ACCESS_LINE}\n`.repeat(BIG_LINES));
  await writeFile(path('garbage.txt'), `${ACCESS_LINE}\nnot a log line\nnor is this one\n`);
  await writeFile(path('random.bin'), Buffer.from([0x41, 0x0a, 0x9f, 0x00, 0x17, 0xe2, 0x0a]));
  await writeFile(path('latin1.log'), Buffer.from(`${ACCESS_LINE}\ncaf\xe9\n`, 'latin1'));
  // No NUL byte, but hardly a valid UTF-8 sequence in it: binary, not a log with an odd accent.
  await writeFile(
    path('not-utf8.bin'),
    Buffer.from(Array.from({ length: 400 }, (_, i) => 0x80 + ((i * 37) % 0x7f))),
  );
  await writeFile(path('empty.log'), '');
  await writeFile(path('blank.log'), '\n  \r\n\n');
  await writeFile(path('stray-nul.log'), `${ACCESS_LINE}\n${'x'.repeat(60)}\u0000\n`);
  await writeFile(path('header-only.csv'), 'timestamp,message\n');
  await writeFile(path('no-events.json'), JSON.stringify({ events: [], searchedLogStreams: [] }));
  const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  await writeFile(path('powershell.log'), utf16(`${ACCESS_LINE}\r\n${EXECUTION_LINES.join('\r\n')}\r\n`));
  await writeFile(path('utf8-bom.log'), `\uFEFF${ACCESS_LINE}\n`);
  await writeFile(path('bad-event.json'), JSON.stringify({ awslogs: { data: 'not base64!!' } }));
  await writeFile(path('huge.log'), '');
  // Sparse: the size is over the limit without writing 257 MiB to disk.
  await truncate(path('huge.log'), 257 * 1024 * 1024);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('exit codes and error messages', () => {
  const usageErrors: {
    when: string;
    argv: () => string[];
    message: RegExp;
    stdinIsTTY?: boolean;
    stdin?: string;
  }[] = [
    { when: 'no command is given', argv: () => [], message: /^apigw-errors: missing command \(.+\)\n$/ },
    {
      when: 'the command is unknown',
      argv: () => ['explain'],
      message: /^apigw-errors: unknown command "explain" \(.+\)\n$/,
    },
    {
      when: 'an option is unknown',
      argv: () => ['classify', '--bogus'],
      message: /^apigw-errors: unknown option '--bogus' \(.+\)\n$/,
    },
    {
      when: 'an option lacks its value, saying what it takes as when the next option follows it',
      argv: () => ['classify', '--since'],
      message: /^apigw-errors: --since needs a value such as 1h or an ISO time \(e\.g\. --since 1h\)\n$/,
    },
    {
      when: '--log-group ends the command line without its name',
      argv: () => ['classify', '--log-group'],
      message:
        /^apigw-errors: --log-group needs a log group name \(e\.g\. --log-group \/aws\/apigateway\/my-api-access\)\n$/,
    },
    {
      when: '--since is given without --log-group',
      argv: () => ['classify', '--since', '1h', path('access.log')],
      message: /--since and --until only apply to --log-group/,
    },
    {
      when: '--until is given without --log-group',
      argv: () => ['classify', '--until', '2026-11-25T14:00:00Z', path('access.log')],
      message: /--since and --until only apply to --log-group/,
    },
    {
      when: '--since is given twice, which parseArgs alone would settle by keeping the last',
      argv: () => ['classify', '--log-group', 'g', '--since', '2d', '--since', '1h'],
      message: /^apigw-errors: --since given 2 times \(2d, 1h\) \(give it once\)\n$/,
    },
    {
      when: '--until is given twice, in its = form too',
      argv: () => ['classify', '--log-group', 'g', '--until=2026-11-25T14:00:00Z', '--until', '1h'],
      message: /^apigw-errors: --until given 2 times \(2026-11-25T14:00:00Z, 1h\) \(give it once\)\n$/,
    },
    {
      when: 'files and --log-group are mixed',
      argv: () => ['classify', '--log-group', 'g', path('access.log')],
      message: /give FILEs or --log-group, not both/,
    },
    {
      when: 'stdin is named twice',
      argv: () => ['classify', '-', '-'],
      message: /stdin \(-\) given more than once/,
    },
    {
      when: 'nothing is piped and no file is given',
      argv: () => ['classify'],
      message: /^apigw-errors: no input \(give a FILE, pipe logs on stdin/,
      stdinIsTTY: true,
    },
    {
      when: '--since is neither a duration nor a timestamp, with the accepted forms as its one hint',
      argv: () => ['classify', '--log-group', 'g', '--since', 'yesterday'],
      message:
        /^apigw-errors: --since "yesterday" is neither a duration nor a timestamp \([^()]*15m, 1h, 2d[^()]*2026-11-25T14:00:00Z[^()]*\)\n$/,
    },
    {
      when: '--since is a negative duration, which parseArgs calls ambiguous',
      argv: () => ['classify', '--log-group', 'g', '--since', '-1h'],
      message:
        /^apigw-errors: --since takes a value such as 1h or an ISO time, not "-1h" \(a duration counts back from now, so it has no sign; see --help for the accepted forms\)\n$/,
    },
    {
      when: '--log-group is given no value before the next option',
      argv: () => ['classify', '--log-group', '--since', '1h'],
      message:
        /^apigw-errors: --log-group needs a log group name \(e\.g\. --log-group \/aws\/apigateway\/my-api-access\)\n$/,
    },
    {
      when: 'the second --log-group starts with a dash',
      argv: () => ['classify', '--log-group', 'a', '--log-group', '-b'],
      message: /^apigw-errors: --log-group takes a log group name, not "-b" \(/,
    },
    {
      when: '--until is a duration too large to be a time',
      argv: () => ['classify', '--log-group', 'g', '--since', '1h', '--until', '99999999999999w'],
      message:
        /^apigw-errors: --until "99999999999999w" is too far back: it reaches before 1970.* \(a duration counts back from now/,
    },
    {
      when: '--since is a date that does not exist',
      argv: () => ['classify', '--log-group', 'g', '--since', '2026-02-30'],
      message: /^apigw-errors: --since "2026-02-30" is not a real date and time \(check the day of the month/,
    },
    {
      when: '--since is not before --until, with a hint about the order rather than the forms',
      argv: () => ['classify', '--log-group', 'g', '--since', '0m'],
      message:
        /^apigw-errors: --since \(.+\) is not before --until \(.+\) \(the start must come first; [^()]*\)\n$/,
    },
    {
      when: '--log-group is empty',
      argv: () => ['classify', '--log-group', ''],
      message: /^apigw-errors: --log-group is empty \(give a log group name/,
    },
    {
      when: '--log-group has a space pasted after the name',
      argv: () => ['classify', '--log-group', '/aws/apigateway/access '],
      message:
        /^apigw-errors: --log-group "\/aws\/apigateway\/access " holds white space, which no log group name does \(remove the white space pasted with it\)\n$/,
    },
    {
      when: "--log-group ends in a CRLF file's carriage return, shown escaped",
      argv: () => ['classify', '--log-group', '/aws/apigateway/access\r'],
      message:
        /^apigw-errors: --log-group "\/aws\/apigateway\/access\\r" holds white space, which no log group name does \(remove the white space pasted with it\)\n$/,
    },
    {
      when: '--log-group names two groups separated by a tab',
      argv: () => ['classify', '--log-group', '/aws/a\t/aws/b'],
      message:
        /^apigw-errors: --log-group "\/aws\/a\\t\/aws\/b" holds white space, which no log group name does \(give each log group with its own --log-group\)\n$/,
    },
    {
      when: '--log-group names several groups joined by commas, as the stack context takes them',
      argv: () => ['classify', '--log-group', '/aws/apigateway/a,/aws/apigateway/b'],
      message:
        /^apigw-errors: --log-group "\/aws\/apigateway\/a,\/aws\/apigateway\/b" holds a comma, which no log group name does \(give each log group with its own --log-group\)\n$/,
    },
    {
      when: 'a file does not exist',
      argv: () => ['classify', path('missing.log')],
      message: /cannot read .*missing\.log \(no such file; check the path\)/,
    },
    // SYNTHETIC names, ARNs and URLs given where a FILE goes: no such file, and the way to read what they name.
    {
      when: 'a FILE is a log group name',
      argv: () => ['classify', '/aws/apigateway/my-api-access'],
      message:
        /^apigw-errors: cannot read \/aws\/apigateway\/my-api-access \(no such file; to pull a log group, give --log-group \/aws\/apigateway\/my-api-access\)\n$/,
    },
    {
      when: 'a FILE is an execution log group name',
      argv: () => ['classify', 'API-Gateway-Execution-Logs_abc123defg/prod'],
      message:
        /^apigw-errors: cannot read API-Gateway-Execution-Logs_abc123defg\/prod \(no such file; to pull a log group, give --log-group API-Gateway-Execution-Logs_abc123defg\/prod\)\n$/,
    },
    {
      when: "a FILE is a log group's ARN as the console shows it",
      argv: () => ['classify', 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/x:*'],
      message:
        /^apigw-errors: cannot read arn:aws:logs:us-east-1:123456789012:log-group:\/aws\/apigateway\/x:\* \(no such file; to pull a log group, give --log-group 'arn:aws:logs:us-east-1:123456789012:log-group:\/aws\/apigateway\/x:\*'\)\n$/,
    },
    {
      when: 'a FILE is an s3:// URL of an export',
      argv: () => ['classify', 's3://my-bucket/exports/task-1/'],
      message:
        /^apigw-errors: cannot read s3:\/\/my-bucket\/exports\/task-1\/ \(no such file; copy it down first: aws s3 cp --recursive s3:\/\/my-bucket\/exports\/task-1\/ logs && apigw-errors classify logs\)\n$/,
    },
    {
      when: 'a FILE is a CloudWatch console URL',
      argv: () => [
        'classify',
        'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Faws$252Fapigateway$252Fx',
      ],
      message:
        /^apigw-errors: cannot read https:.* \(no such file; a console URL is no file: give it as --log-group 'https:[^']*', which names the command that pulls its log group\)\n$/,
    },
    {
      when: 'a file is over 256 MiB',
      argv: () => ['classify', path('huge.log')],
      message: /huge\.log is larger than 256 MiB; refused \(split it/,
    },
    {
      when: 'a Lambda event carries data that is not base64',
      argv: () => ['classify', path('bad-event.json')],
      message:
        /bad-event\.json: awslogs\.data is not valid base64 \[bad-base64\] \(awslogs\.data must be base64/,
    },
    {
      when: 'a file is empty (a user told "No failed requests" would think the API healthy)',
      argv: () => ['classify', path('empty.log')],
      message:
        /^apigw-errors: .*empty\.log is empty \(give a file of API Gateway access or execution log lines/,
    },
    {
      when: 'a file holds only blank lines',
      argv: () => ['classify', path('blank.log')],
      message: /^apigw-errors: .*blank\.log is empty \(/,
    },
    {
      when: 'the file is /dev/null',
      argv: () => ['classify', '/dev/null'],
      message: /^apigw-errors: \/dev\/null is empty \(/,
    },
    {
      when: 'stdin is empty',
      argv: () => ['classify'],
      stdin: '',
      message:
        /^apigw-errors: stdin is empty \(pipe API Gateway log lines in, give a FILE, or pull with --log-group NAME\)\n$/,
    },
    {
      when: 'a CSV export has only its header row',
      argv: () => ['classify', path('header-only.csv')],
      message:
        /^apigw-errors: .*header-only\.csv holds no log events \(read as CSV exported from CloudWatch\) \(/,
    },
    {
      when: 'filter-log-events output has no events',
      argv: () => ['classify', path('no-events.json')],
      message: /no-events\.json holds no log events \(read as filter-log-events or get-log-events output\)/,
    },
    {
      // What `aws logs filter-log-events --query 'events[].message'` prints when nothing matched.
      when: 'the JSON array of messages is empty',
      argv: () => ['classify'],
      stdin: '[]\n',
      message: /^apigw-errors: stdin holds no log events \(read as a JSON array of messages/,
    },
    {
      when: 'a file is binary (NUL bytes)',
      argv: () => ['classify', path('random.bin')],
      message: /^apigw-errors: .*random\.bin is not text: a NUL byte at byte 3 \(give log text in UTF-8/,
    },
    {
      when: 'a file is mostly invalid UTF-8',
      argv: () => ['classify', path('not-utf8.bin')],
      message: /not-utf8\.bin is not text: invalid UTF-8 at byte 0 \(/,
    },
  ];
  for (const c of usageErrors) {
    it(`exits 2 with a one-line message when ${c.when}`, async () => {
      const result = await runCli(c.argv(), {
        stdinIsTTY: c.stdinIsTTY ?? false,
        ...(c.stdin !== undefined && { stdin: c.stdin }),
      });
      // The number itself: scripts test for 2, whatever the constant is called.
      assert.equal(result.code, 2);
      assert.match(result.stderr, c.message);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, 'one line, no stack trace');
      assert.equal(result.stdout, '');
    });
  }

  it('adds the stack below its one line when APIGW_ERRORS_DEBUG is set, and only then', async () => {
    const quiet = await runCli(['explain']);
    assert.equal(quiet.stderr.trimEnd().split('\n').length, 1);
    const debug = await runCli(['explain'], { env: { APIGW_ERRORS_DEBUG: '1' } });
    assert.equal(debug.code, 2);
    assert.match(
      debug.stderr,
      /^apigw-errors: unknown command "explain" \(.+\)\n\w*Error: unknown command "explain"\n\s+at /,
    );
  });

  it('skips an empty input among others with a warning, and analyses the rest', async () => {
    const result = await runCli(['classify', '--json', path('access.log'), path('blank.log')]);
    assert.equal(result.code, EXIT.analyzed);
    assert.notEqual(result.stdout, '');
    assert.match(result.stderr, /^apigw-errors: skipped: .*blank\.log is empty\n$/);
  });

  it('says on stderr that it left out a statistics table pasted beside log lines, and analyses the lines', async () => {
    // SYNTHETIC: an issue's paste of a `stats` table and a trail.
    const stdin = [
      '| status | count(*) |',
      '| --- | --- |',
      '| 502 | 17 |',
      '',
      '(a5e3de30-8d59-11e8-b2f5-9339f1c001b0) Method completed with status: 502',
    ].join('\n');
    const result = await runCli(['classify', '--json'], { stdin });
    assert.equal(result.code, EXIT.analyzed);
    assert.equal(result.stdout.trimEnd().split('\n').length, 1);
    assert.match(
      result.stderr,
      /^apigw-errors: skipped: .*holds statistics, not log events; its rows were left out/,
    );
  });

  it('reads a text file with one stray NUL byte in it rather than refusing it as binary', async () => {
    const result = await runCli(['classify', '--json', path('stray-nul.log')]);
    assert.equal(result.code, EXIT.analyzed);
    assert.equal(result.stdout.trimEnd().split('\n').length, 1);
  });

  it('reads a log saved in Latin-1 with an accent in it, counting the line it cannot read', async () => {
    const result = await runCli(['classify', '--json', path('latin1.log')]);
    assert.equal(result.code, EXIT.analyzed);
    assert.equal(result.stdout.trimEnd().split('\n').length, 1, 'the access line is classified');
    assert.match(result.stderr, /^apigw-errors: 1 line not recognised/);
  });

  it('analyses text with lines it does not recognise: exit 0, those lines counted as unparsed on stderr', async () => {
    const result = await runCli(['classify', path('garbage.txt')]);
    assert.equal(result.code, EXIT.analyzed);
    assert.match(result.stdout, /^3 log events, /);
    assert.match(result.stderr, /^apigw-errors: 2 lines not recognised/);
  });

  it('reads a UTF-16 file with its byte-order mark (PowerShell 5) like the same lines in UTF-8', async () => {
    const utf16 = await runCli(['classify', '--json', path('powershell.log')]);
    const utf8 = await runCli(['classify', '--json', path('access.log'), path('execution.log')]);
    assert.equal(utf16.code, EXIT.analyzed);
    assert.equal(utf16.stderr, '');
    assert.deepEqual(
      utf16.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).cause),
      ['not-found.route', 'timeout.integration'],
    );
    assert.equal(utf16.stdout.trimEnd().split('\n').length, utf8.stdout.trimEnd().split('\n').length);
  });

  it('drops a UTF-8 byte-order mark, so the first line is still read', async () => {
    const result = await runCli(['classify', '--json', path('utf8-bom.log')]);
    assert.equal(result.code, EXIT.analyzed);
    assert.equal(result.stderr, '', 'no unparsed line');
    assert.equal(JSON.parse(result.stdout).cause, 'not-found.route');
  });

  it('prints help and the version on stdout with exit 0', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, EXIT.analyzed);
    assert.match(help.stdout, /apigw-errors classify \[--json\] \[FILE\.\.\.\]/);
    // Every kind of input the reader detects is listed, the array of messages too.
    assert.match(help.stdout, /--query 'events\[\]\.message'/);
    assert.match(
      help.stdout,
      /test-invoke-method or test-invoke-authorizer\n +\(also printed with --output yaml\)/,
    );
    const version = await runCli(['--version']);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it("lists the console's test panel among the inputs and says exit 2 covers a named file whose read fails and stdin's, as the README does", async () => {
    const help = (await runCli(['--help'])).stdout.replace(/\s+/g, ' ');
    assert.match(help, /the console's test panel/);
    assert.match(
      help,
      /2 usage error, a named file or directory that cannot be read or listed, stdin whose read fails,/,
    );
  });

  it('prints the same help for -h as for --help', async () => {
    const short = await runCli(['-h']);
    assert.equal(short.code, EXIT.analyzed);
    assert.equal(short.stdout, (await runCli(['--help'])).stdout);
  });
});

describe('reading several inputs', () => {
  it('reads stdin when no file is given, and joins all files and stdin into one analysis', async () => {
    const result = await runCli(['classify', path('access.log'), '-', path('execution.log')], {
      stdin: 'one more line from stdin\n',
    });
    assert.equal(result.code, EXIT.analyzed);
    assert.match(result.stdout, /^4 log events, /);
    const fromStdin = await runCli(['classify'], { stdin: `${ACCESS_LINE}\n` });
    assert.match(fromStdin.stdout, /^1 log event, /);
  });
});

describe('output streams', () => {
  it('writes no ANSI codes when stdout is not a TTY, even without NO_COLOR', async () => {
    const result = await runCli(['classify', path('access.log')], { stdoutIsTTY: false });
    assert.equal(hasAnsi(result.stdout), false);
  });

  it('colours a TTY, unless NO_COLOR is set', async () => {
    const tty = await runCli(['classify', path('access.log')], { stdoutIsTTY: true });
    assert.equal(hasAnsi(tty.stdout), true);
    const noColor = await runCli(['classify', path('access.log')], {
      stdoutIsTTY: true,
      env: { NO_COLOR: '1' },
    });
    assert.equal(hasAnsi(noColor.stdout), false);
  });

  it('colours a TTY when NO_COLOR is set but empty, as no-color.org says', async () => {
    const empty = await runCli(['classify', path('access.log')], {
      stdoutIsTTY: true,
      env: { NO_COLOR: '' },
    });
    assert.equal(hasAnsi(empty.stdout), true);
  });

  it('--json writes only JSON lines on stdout; diagnostics go to stderr', async () => {
    const result = await runCli([
      'classify',
      '--json',
      path('access.log'),
      path('execution.log'),
      path('garbage.txt'),
    ]);
    assert.equal(result.code, EXIT.analyzed);
    for (const line of result.stdout.split('\n').filter((l) => l !== '')) {
      assert.doesNotThrow(() => JSON.parse(line), `not JSON: ${line}`);
    }
    assert.match(result.stderr, /not recognised/);
  });
});

describe('long work', () => {
  it('says on stderr that it is reading, then analysing, the events of a large input, and stays quiet for small input', async () => {
    // Synthetic success lines in the JSON access-log shape of corpus sample F-04.
    const line = (i: number) => `{"requestId":"r-${i}","status":"200","routeKey":"GET /pets"}`;
    const big = Array.from({ length: LONG_ANALYSIS_EVENTS }, (_, i) => line(i)).join('\n');
    const large = await runCli(['classify', '--json'], { stdin: big });
    assert.equal(large.code, EXIT.analyzed);
    assert.match(large.stderr, /reading 200,000 log events…\napigw-errors: analysing 200,000 log events/);
    assert.equal(large.stdout, '', 'successes print no JSON line');

    const small = await runCli(['classify', '--json'], { stdin: line(1) });
    assert.doesNotMatch(small.stderr, /reading|analysing/);
  });
});

describe('progress on long local work', () => {
  const MIB = 1024 * 1024;
  /** SYNTHETIC success lines in the JSON access-log shape of corpus sample F-04, 128 bytes each with the newline. */
  const mebibyte = (file: number) =>
    Array.from({ length: MIB / 128 }, (_, i) => {
      const base = `{"requestId":"p-${file}-${i}","status":"200","routeKey":"GET /pets","path":"/pets/`;
      return `${base}${'x'.repeat(127 - base.length - 2)}"}\n`;
    }).join('');
  let files: string[] = [];

  before(async () => {
    await mkdir(path('progress'));
    files = [1, 2, 3].map((n) => path(join('progress', `${n}.log`)));
    for (const [n, file] of files.entries()) await writeFile(file, mebibyte(n));
  });

  /** A clock that moves on by stepMs each time it is read, so a run looks as slow as a test needs. */
  const ticking = (stepMs: number) => {
    let time = 0;
    return () => {
      time += stepMs;
      return time;
    };
  };

  it('says on stderr how many files and MiB it has read of the total, then that it is analysing, when the run is slow', async () => {
    const result = await runCli(['classify', '--json', ...files], { now: ticking(10_000) });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    const progress = result.stderr.split('\n').filter((line) => line !== '');
    assert.deepEqual(progress, [
      'apigw-errors: reading: 1 of 3 files, 1.0 of 3.0 MiB',
      'apigw-errors: reading: 2 of 3 files, 2.0 of 3.0 MiB',
      'apigw-errors: analysing 24,576 log events…',
    ]);
    assert.equal(result.stdout, '', 'successes print no JSON line, and progress never goes to stdout');
  });

  it('says which large input it is reading as soon as its bytes are in, before splitting it into events, however fast the clock says the run is', async () => {
    const result = await runCli(['classify', '--json', files[0] ?? ''], { largeInputBytes: MIB });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.deepEqual(
      result.stderr.split('\n').filter((line) => line !== ''),
      [`apigw-errors: reading ${files[0]}: 1.0 MiB…`],
    );
  });

  it('judges a gzip input by the log it holds, not its compressed size, when it says a large input is being read', async () => {
    const gz = path('progress-one.log.gz');
    await writeFile(gz, gzipSync(mebibyte(9)));
    const result = await runCli(['classify', '--json', gz], { largeInputBytes: MIB });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.match(result.stderr, new RegExp(`^apigw-errors: reading ${gz}: 1\\.0 MiB…$`, 'm'));
  });

  it('names the file among several when it says a large input is being read', async () => {
    const result = await runCli(['classify', '--json', ...files], { largeInputBytes: MIB });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.match(
      result.stderr,
      new RegExp(`^apigw-errors: reading ${files[1]} \\(2 of 3 files\\): 1\\.0 MiB…$`, 'm'),
    );
  });

  it('says it is analysing as many events as the report counts for a console copy, not its time and Copy lines', async () => {
    // SYNTHETIC: the console's copy of selected events (each time on a line of its own, then its Copy
    // button's word) around success lines in the JSON access-log shape of corpus sample F-04.
    const events = [1, 2, 3].map((i) => `{"requestId":"c-${i}","status":"200","routeKey":"GET /pets"}`);
    const copy = events.flatMap((line, i) => [`2026-11-25T14:02:1${i}.000Z`, 'Copy', line]).join('\n');
    const result = await runCli(['classify'], { stdin: copy, now: ticking(10_000) });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.match(result.stderr, new RegExp(`^apigw-errors: analysing ${events.length} log events…$`, 'm'));
    assert.match(result.stdout, new RegExp(`^${events.length} log events, `));
  });

  it('counts the files of a directory, as an S3 export of many files is read', async () => {
    const result = await runCli(['classify', path('progress')], { now: ticking(10_000) });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.match(result.stderr, /^apigw-errors: reading: 2 of 3 files, 2\.0 of 3\.0 MiB$/m);
    assert.doesNotMatch(result.stdout, /reading|analysing/);
  });

  it('writes a line every few seconds rather than one per file when stderr is not a terminal', async () => {
    const many = Array.from({ length: 12 }, () => path('access.log'));
    const result = await runCli(['classify', '--json', ...many], { now: ticking(1_000) });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    const lines = result.stderr.split('\n').filter((line) => line.includes('reading:'));
    assert.ok(lines.length >= 1, 'a slow run shows progress');
    assert.ok(lines.length < many.length - 2, `not one line per file: ${lines.length}`);
  });

  it('writes its next line when 5 seconds have passed since the last, not sooner, when stderr is not a terminal', async () => {
    // The clock moves 1 s each time it is read: once at the start and once per file read, so file n is read at n + 1 s.
    const many = Array.from({ length: 12 }, () => path('access.log'));
    const result = await runCli(['classify', '--json', ...many], { now: ticking(1_000) });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    const read = result.stderr
      .split('\n')
      .flatMap((line) => /^apigw-errors: reading: (\d+) of 12 files/.exec(line)?.[1] ?? []);
    assert.deepEqual(read, ['1', '6', '11']);
  });

  it("redraws a terminal's progress at most every 100 ms rather than once per file", async () => {
    const many = Array.from({ length: 60 }, () => path('access.log'));
    const result = await runCli(['classify', '--json', ...many], { now: ticking(50), stderrIsTTY: true });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    const redraws = result.stderr.split('\r\u001b[Kreading:').length - 1;
    assert.ok(redraws >= 1, 'a slow run shows progress');
    assert.ok(redraws <= many.length / 2, `not one redraw per file: ${redraws}`);
  });

  it('redraws the progress in place on a terminal and clears it before the report', async () => {
    const result = await runCli(['classify', ...files], { now: ticking(10_000), stderrIsTTY: true });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.equal(
      result.stderr,
      '\r\u001b[Kreading: 1 of 3 files, 1.0 of 3.0 MiB' +
        '\r\u001b[Kreading: 2 of 3 files, 2.0 of 3.0 MiB' +
        '\r\u001b[Kanalysing 24,576 log events…' +
        '\r\u001b[K',
    );
    assert.match(result.stdout, /^24,576 log events, /);
  });

  it('clears the progress line on a terminal before a refused input says why', async () => {
    const result = await runCli(['classify', files[0] ?? '', files[1] ?? '', path('huge.log')], {
      now: ticking(10_000),
      stderrIsTTY: true,
    });
    // Among other inputs, the refused one is skipped and the others are analysed.
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    const cleared = result.stderr.indexOf('\r\u001b[Kapigw-errors: skipped: ');
    assert.ok(cleared > 0, `the skipped line follows a line clear: ${JSON.stringify(result.stderr)}`);
    assert.match(result.stderr.slice(0, cleared), /reading: 2 of 3 files, 2\.0 of 259\.0 MiB$/);
    assert.match(result.stderr.slice(cleared), /huge\.log is larger than 256 MiB; refused/);
  });

  it('clears the progress line on a terminal before a file that cannot be read ends the run', async () => {
    const result = await runCli(['classify', files[0] ?? '', files[1] ?? '', path('missing.log')], {
      now: ticking(10_000),
      stderrIsTTY: true,
    });
    assert.equal(result.code, EXIT.cannotRun);
    const cleared = result.stderr.indexOf('\r\u001b[Kapigw-errors: ');
    assert.ok(cleared > 0, `the error line follows a line clear: ${JSON.stringify(result.stderr)}`);
    assert.match(result.stderr.slice(0, cleared), /reading: 2 of 3 files, 2\.0 of 2\.0 MiB$/);
    assert.match(result.stderr.slice(cleared), /cannot read .*missing\.log \(no such file/);
  });

  it('gives no MiB total when a FILE is a pipe (<(zcat …)), whose size is known only once read', async () => {
    const pipe = path('progress-pipe');
    execFileSync('mkfifo', [pipe]);
    try {
      const [run] = await Promise.all([
        runCli(['classify', '--json', pipe, files[0] ?? '', files[1] ?? ''], { now: ticking(10_000) }),
        writeFile(pipe, mebibyte(9)),
      ]);
      assert.equal(run.code, EXIT.analyzed, run.stderr);
      const progress = run.stderr.split('\n').filter((line) => line.includes('reading:'));
      assert.deepEqual(progress, [
        'apigw-errors: reading: 1 of 3 files, 1.0 MiB',
        'apigw-errors: reading: 2 of 3 files, 2.0 MiB',
      ]);
    } finally {
      await rm(pipe);
    }
  });

  it('gives no MiB total when stdin is among the inputs, whose size is known only once read', async () => {
    const run = await runCli(['classify', '--json', '-', files[0] ?? '', files[1] ?? ''], {
      stdin: mebibyte(9),
      now: ticking(10_000),
    });
    assert.equal(run.code, EXIT.analyzed, run.stderr);
    const progress = run.stderr.split('\n').filter((line) => line.includes('reading:'));
    assert.deepEqual(progress, [
      'apigw-errors: reading: 1 of 3 files, 1.0 MiB',
      'apigw-errors: reading: 2 of 3 files, 2.0 MiB',
    ]);
  });

  it('prints no progress when the run ends within the delay', async () => {
    const result = await runCli(['classify', '--json', ...files], { now: ticking(100), stderrIsTTY: true });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.equal(result.stderr, '');
    const plain = await runCli(['classify', '--json', ...files], { now: ticking(100) });
    assert.equal(plain.stderr, '');
  });
});

describe('Ctrl-C while reading local inputs', () => {
  it('clears the progress line on a terminal and exits 130, with no report', async () => {
    const listeners = new Set<() => void>();
    const interrupts = {
      listen(listener: () => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    // A pipe that stays open: the user presses Ctrl-C while the run waits on it.
    const stdin = new Readable({
      read() {
        setImmediate(() => {
          for (const listener of listeners) listener();
        });
      },
    });
    let clock = 0;
    const result = await runCli(['classify', path('access.log'), '-'], {
      stdin,
      stderrIsTTY: true,
      // Two seconds a reading: the progress line is due once the first input is read.
      now: () => (clock += 2_000),
      interrupts,
    });
    stdin.destroy();
    assert.equal(result.code, EXIT.interrupted);
    assert.equal(result.stdout, '');
    const clear = '\r\u001b[K';
    assert.ok(result.stderr.startsWith(`${clear}reading: 1 of 2 files`), JSON.stringify(result.stderr));
    assert.ok(result.stderr.endsWith(clear), 'the progress line is cleared last');
    assert.ok(!result.stderr.includes('\n'), 'nothing is left on a line of its own');
    assert.equal(listeners.size, 0, 'no listener is left behind');
  });
});

describe('Ctrl-C while parsing or analysing (synchronous work)', () => {
  /**
   * The user's Ctrl-C during the `at`-th piece of synchronous work the run does: a real SIGINT to
   * this process, sent as that piece starts, then a wait standing for long work. Only the real
   * breakOnSigint can end that wait; without it the signal would end the test process.
   */
  function ctrlCDuring(at: number) {
    let pieces = 0;
    return {
      listen: () => () => {},
      breaking<T>(work: () => T): T {
        return breakOnSigint(() => {
          if (++pieces === at) {
            process.kill(process.pid, 'SIGINT');
            const until = Date.now() + 10_000;
            while (Date.now() < until) {
              // Long work: the signal must end it.
            }
          }
          return work();
        });
      },
    };
  }

  // An input of 1 MiB or more is parsed as a piece of its own; access.log, smaller, is not.
  for (const { phase, at, shown } of [
    // Piece 1 parses the second input; the progress line says one of two is read.
    { phase: 'the second input (1 MiB) is parsed', at: 1, shown: 'reading: 1 of 2 files' },
    // Pieces 2 and 3: the parse of the batches, then the analysis, its line drawn before it.
    {
      phase: 'the events are analysed',
      at: 3,
      shown: `analysing ${(BIG_LINES + 1).toLocaleString('en')} log events…`,
    },
  ]) {
    it(`clears the progress line on a terminal and exits 130, with no report, when Ctrl-C comes while ${phase}`, async () => {
      let clock = 0;
      const started = Date.now();
      const result = await runCli(['classify', path('access.log'), path('big.log')], {
        stderrIsTTY: true,
        // Two seconds a reading: the progress line is due once the first input is read.
        now: () => (clock += 2_000),
        interrupts: ctrlCDuring(at),
      });
      assert.ok(Date.now() - started < 10_000, 'the signal ended the work at once');
      assert.equal(result.code, EXIT.interrupted, result.stderr);
      assert.equal(result.stdout, '');
      const clear = '\r\u001b[K';
      assert.ok(result.stderr.includes(`${clear}${shown}`), JSON.stringify(result.stderr));
      assert.ok(result.stderr.endsWith(clear), 'the progress line is cleared last');
      assert.ok(!result.stderr.includes('\n'), 'nothing is left on a line of its own');
    });
  }

  it('keeps a Ctrl-C pressed while a small input is parsed for the next read: the line cleared, exit 130', async () => {
    const listeners = new Set<() => void>();
    let clock = 0;
    const result = await runCli(['classify', path('access.log'), path('execution.log')], {
      stderrIsTTY: true,
      // The clock is read once the first input is parsed, before the second is read: the user's
      // Ctrl-C then, when no read is awaited.
      now: () => {
        clock += 2_000;
        if (clock === 4_000) for (const listener of listeners) listener();
        return clock;
      },
      interrupts: {
        listen(listener: () => void) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
    });
    assert.equal(result.code, EXIT.interrupted, result.stderr);
    assert.equal(result.stdout, '');
    const clear = '\r\u001b[K';
    assert.equal(result.stderr, `${clear}reading: 1 of 2 files, 0.0 of 0.0 MiB${clear}`);
    assert.equal(listeners.size, 0, 'no listener is left behind');
  });
});
