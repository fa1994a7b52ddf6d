/**
 * `apigw-errors`: classifies failed API Gateway requests from log files, stdin or a live pull of
 * CloudWatch Logs. `run` is the whole CLI with injected streams and returns the exit code, so
 * tests drive it in-process; `main` only binds it to the real process.
 */
import type { BigIntStats } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Script } from 'node:vm';
import {
  LOG_READ_ERROR,
  LogEventsReader,
  LogReadError,
  type LogReadErrorCode,
  type PullProgress,
} from '../lambda/adapters/log-events-reader';
import { analyzeParsed, parseBatches } from '../lambda/core/pipeline';
import {
  type Analysis,
  CHECKPOINT_EVERY,
  type Checkpoint,
  type LogBatch,
  UNPARSED_REASON,
  type UnparsedLine,
} from '../lambda/core/types';
import packageJson from '../package.json';
import { HeapLimitError, heapWatch } from './heap-watch';
import {
  decodeBytes,
  fileSize,
  filesUnder,
  InputAccessError,
  InputError,
  type InputKind,
  isDirectory,
  parseInput,
  readFileLimited,
  readLimited,
  skippedText,
} from './input';
import { consoleLink, consoleLinkHint, logGroupOf } from './log-group-value';
import { renderJsonLines, renderReport, renderUnparsedSummary } from './report';
import { parseTimeRange, TimeRangeError } from './time-range';

/** From this many events on, the CLI tells stderr it is analysing (a few seconds of work). */
export const LONG_ANALYSIS_EVENTS = 200_000;

/** Reading local inputs, no progress is shown before this: a short run's stderr stays as it was. */
const PROGRESS_DELAY_MS = 1_000;
/** An input this large takes seconds to read and split into events: said as it starts, whatever the clock. */
const LARGE_INPUT_BYTES = 64 * 1024 * 1024;
/** Between progress lines about local inputs when stderr is not a terminal (a CI log, a file). */
const PROGRESS_EVERY_MS = 5_000;
/** Between redraws on a terminal: 10,000 small files need not mean 10,000 redraws. */
const PROGRESS_REDRAW_MS = 100;
const MIB = 1024 * 1024;

export const EXIT = {
  /** The analysis ran, whatever it found. */
  analyzed: 0,
  /** A bug in this tool. */
  internalError: 1,
  /** Usage error, unreadable input or a failed pull: nothing was analysed. */
  cannotRun: 2,
  /** The user pressed Ctrl-C (SIGINT), as a shell reports a command it ended so (128 + 2). */
  interrupted: 130,
} as const;
type ExitCode = (typeof EXIT)[keyof typeof EXIT];

type Stream<T> = T & { readonly isTTY?: boolean };

export interface CliIo {
  readonly stdin: Stream<Readable>;
  readonly stdout: Stream<Writable>;
  readonly stderr: Stream<Writable>;
  /** NO_COLOR and APIGW_ERRORS_DEBUG are read here; the AWS SDK reads the process environment itself. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock: live mode's default range ends now, and local progress waits PROGRESS_DELAY_MS on it. */
  readonly now?: () => number;
  /** Backoff wait in live mode; tests pass one that records instead of waiting. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Silence after which live mode gives a FilterLogEvents call up; tests shorten it. */
  readonly readTimeoutMs?: number;
  /** From this size on an input is said as soon as its bytes are in (LARGE_INPUT_BYTES); tests lower it. */
  readonly largeInputBytes?: number;
  /**
   * The user's Ctrl-C. `listen` calls the listener on SIGINT until the function it returns is
   * called: the run listens while it waits on a read or a pull. A listener would wait for the
   * synchronous parse and analysis to end, so `breaking` runs them: SIGINT ends the work at once,
   * and it throws ERR_SCRIPT_EXECUTION_INTERRUPTED (breakOnSigint). Either way the progress line is
   * cleared before the run ends with EXIT.interrupted.
   */
  readonly interrupts?: {
    listen(listener: () => void): () => void;
    breaking?<T>(work: () => T): T;
  };
  /** Lists a directory found below a directory argument; tests pass one that fails (root lists any). */
  readonly listDirectory?: (path: string) => Promise<string[]>;
  /** Looks at an entry found below a directory argument (stat, links followed); tests pass one that fails (root can stat anything). */
  readonly statEntry?: (path: string) => Promise<BigIntStats>;
}

/** The user pressed Ctrl-C: the run ends with EXIT.interrupted, its progress line cleared. */
class Interrupted extends Error {
  override readonly name = 'Interrupted';
}

/** `work`, or an Interrupted rejection as soon as the user presses Ctrl-C while it is awaited. */
function untilInterrupted<T>(io: CliIo, work: Promise<T>): Promise<T> {
  const { interrupts } = io;
  if (interrupts === undefined) return work;
  let stop = (): void => {};
  const interrupted = new Promise<never>((_resolve, reject) => {
    stop = interrupts.listen(() => reject(new Interrupted('interrupted')));
  });
  return Promise.race([work, interrupted]).finally(stop);
}

/** Inputs from this size on are parsed under breakOnSigint; a smaller one parses in milliseconds. */
const BREAKING_MIN_BYTES = 1024 * 1024;

/** Where breakOnSigint's script finds the work it runs. */
const BREAKING_WORK = Symbol.for('apigw-errors.breaking-work');
const RUN_BREAKING_WORK = new Script('globalThis[Symbol.for("apigw-errors.breaking-work")]()');

/**
 * Runs synchronous work that SIGINT ends at once, as Node's REPL does a statement: V8 stops it from
 * another thread, and this throws ERR_SCRIPT_EXECUTION_INTERRUPTED. A SIGINT listener would only run
 * once the work had ended; Node's default ends the process with the progress line left on screen.
 */
export function breakOnSigint<T>(work: () => T): T {
  const scope = globalThis as { [BREAKING_WORK]?: () => T };
  const outer = scope[BREAKING_WORK];
  scope[BREAKING_WORK] = work;
  try {
    return RUN_BREAKING_WORK.runInThisContext({ breakOnSigint: true }) as T;
  } finally {
    scope[BREAKING_WORK] = outer;
  }
}

/** `work` run so that Ctrl-C ends it with Interrupted (breakOnSigint), when the run has interrupts. */
function breaking<T>(io: CliIo, work: () => T): T {
  const run = io.interrupts?.breaking;
  if (run === undefined) return work();
  try {
    return run(work);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED')
      throw new Interrupted('interrupted');
    throw error;
  }
}

/** A usage problem, worded for the `apigw-errors: <what> (<hint>)` line. */
class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly hint = 'run apigw-errors --help',
  ) {
    super(message);
  }
}

export const HELP = `apigw-errors ${packageJson.version}: why is my API Gateway API failing?

Usage:
  apigw-errors classify [--json] [FILE...]
  apigw-errors classify [--json] --log-group NAME [--log-group NAME...] [--since 1h] [--until TIME]
  apigw-errors --help (-h) | --version (-V)

classify reads API Gateway access logs and/or REST execution logs and names the real cause of
every failed request (a 500 that is a throttled Lambda, a 403 that is a wrong URL, ...).

Input (FILE, or stdin when no FILE or FILE is -), detected automatically:
  raw log text            access-log lines (JSON, CLF, XML, CSV, key-value, ' | '-separated) and
                          execution-log lines, mixed
  Lambda event            {"awslogs":{"data":"<base64 gzip>"}} as a subscription delivers it, or
                          its data string alone
  invocation record       a Lambda asynchronous invocation record whose requestPayload is a Lambda
                          event, as the stack's failure queue holds it; also the output of
                          aws sqs receive-message (FailedInvocationsQueueUrl)
  decoded payload         {"messageType":"DATA_MESSAGE","logGroup":...,"logEvents":[...]}
  filter-log-events JSON  the output of aws logs filter-log-events or get-log-events
                          (also printed with --output text, yaml, yaml-stream or table, and with
                          --query 'events[*].[timestamp,message]' --output text)
  Logs Insights JSON      the output of aws logs get-query-results (query @timestamp, @message,
                          @log; also printed with --output yaml, yaml-stream or table)
  test-invoke output      the output of aws apigateway test-invoke-method or test-invoke-authorizer
                          (also printed with --output yaml), or the console's test panel copied
  exported CSV            a CloudWatch CSV download with a message or @message column
  Insights table          Logs Insights results copied as Markdown, ASCII or tab-separated text
  JSON Lines              one Lambda event, decoded payload, invocation record or other JSON output
                          above per line
  messages array          a JSON array of strings, as aws logs filter-log-events
                          --query 'events[].message' prints it
  Gzip files are inflated first; a gzip file or JSON, YAML or table export cut short is refused.
  Each input may hold at most 256 MiB.
  A directory stands for every file below it (an export to S3 copied down with aws s3 cp
  --recursive), in sorted order; hidden files and the export's aws-logs-write-test are skipped.

Live mode (needs logs:FilterLogEvents; credentials and Region from the usual AWS settings):
  --log-group NAME   a log group to pull, by name or ARN (repeat for access and execution log groups)
  --since TIME       start: a duration back from now (30s, 15m, 1h, 2d, 1w) or an ISO time (default: an hour before --until)
  --until TIME       end: same forms (default now)

Output:
  default            a report: masked errors first, counts by cause, top routes, advice
  --json             one JSON object per failed request per line, nothing else on stdout
  Unrecognised lines are summarised on stderr, and so is progress on long work.

Exit status: 0 the analysis ran (whatever it found; an input refused among others that held log
events, or a file or directory below a directory that cannot be read, listed or looked at, is
skipped, named on stderr and counted unparsed), 2 usage error, a named file or directory that
cannot be read or listed, stdin whose read fails, no input holding a log event (empty, binary,
undecodable, unreadable or refused inputs alone), inputs that need more memory than Node allows,
or a failed pull, 1 a bug in apigw-errors, 130 Ctrl-C.
`;

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  'log-group': { type: 'string', multiple: true },
  since: { type: 'string' },
  until: { type: 'string' },
} as const;

const LOG_READ_HINTS: Record<LogReadErrorCode, string> = {
  [LOG_READ_ERROR.notFound]:
    'check the name and the Region: aws logs describe-log-groups --log-group-name-prefix …',
  [LOG_READ_ERROR.accessDenied]: 'the caller needs the IAM permission logs:FilterLogEvents on the log group',
  [LOG_READ_ERROR.noCredentials]:
    'configure AWS credentials: AWS_PROFILE, aws configure, aws sso login, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
  [LOG_READ_ERROR.expiredCredentials]:
    'refresh them: aws sso login, or new temporary credentials for AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN',
  [LOG_READ_ERROR.ssoSignIn]: 'sign in: aws sso login, with --profile NAME for a named profile',
  [LOG_READ_ERROR.badCredentials]:
    'check which credentials are in use with aws sts get-caller-identity; a refused signature may also be a wrong secret key or a clock that is off',
  [LOG_READ_ERROR.noRegion]: 'set AWS_REGION or a region in your AWS profile',
  [LOG_READ_ERROR.badRegion]:
    'set AWS_REGION, or region in your AWS profile, to a Region code such as us-east-1, with no spaces',
  [LOG_READ_ERROR.throttled]:
    'FilterLogEvents allows 5 requests/s per account and Region, shared with other tools; retry later or narrow --since',
  [LOG_READ_ERROR.invalidParameter]: 'check the log group name and --since/--until',
  [LOG_READ_ERROR.unreachable]: 'check the network, or AWS_ENDPOINT_URL_CLOUDWATCH_LOGS if set',
  [LOG_READ_ERROR.unknownHost]:
    "no such host: check the Region (AWS_REGION or the profile's region, such as us-east-1), the network, or AWS_ENDPOINT_URL_CLOUDWATCH_LOGS if set",
  [LOG_READ_ERROR.tooLarge]: 'narrow the time range with --since/--until',
  [LOG_READ_ERROR.unavailable]:
    'a CloudWatch Logs outage, or a proxy between you and it; retry later (APIGW_ERRORS_DEBUG=1 shows the full error)',
  [LOG_READ_ERROR.unexpectedAnswer]:
    'a proxy between you and AWS, or AWS_ENDPOINT_URL_CLOUDWATCH_LOGS pointing elsewhere; APIGW_ERRORS_DEBUG=1 shows the full error',
  [LOG_READ_ERROR.noProgress]: 'retry later, or pull a shorter range with --since/--until',
  [LOG_READ_ERROR.failed]: 'retry; set APIGW_ERRORS_DEBUG=1 to see the full error',
};

/** Pages between progress lines when stderr is not a terminal (a CI log, a file). */
const PROGRESS_EVERY_PAGES = 10;

/** What each option that takes a value expects, for a value parseArgs refuses. */
const OPTION_VALUES: Record<
  string,
  { readonly expects: string; readonly hint: string; readonly example: string }
> = {
  '--since': {
    expects: 'a value such as 1h or an ISO time',
    hint: 'a duration counts back from now, so it has no sign; see --help for the accepted forms',
    example: '--since 1h',
  },
  '--until': {
    expects: 'a value such as 1h or an ISO time',
    hint: 'a duration counts back from now, so it has no sign; see --help for the accepted forms',
    example: '--until 2026-11-25T14:00:00Z',
  },
  '--log-group': {
    expects: 'a log group name',
    hint: 'write a name that starts with a dash as --log-group=NAME',
    example: '--log-group /aws/apigateway/my-api-access',
  },
};

function parseCommandLine(argv: readonly string[]) {
  const parsed = parseOrExplain(argv);
  // parseArgs keeps the last of a repeated option: `--since 2d … --since 1h` (a shell history edit)
  // would pull another range than the user may think.
  for (const name of ['since', 'until'] as const) {
    const given = parsed.tokens.flatMap((token) =>
      token.kind === 'option' && token.name === name ? [token.value] : [],
    );
    if (given.length > 1)
      throw new UsageError(`--${name} given ${given.length} times (${given.join(', ')})`, 'give it once');
  }
  return parsed;
}

/** The command line parsed, or a UsageError that says what an option expects. */
function parseOrExplain(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    // A value starting with a dash (`--since -1h`) is "ambiguous" to parseArgs, whose advice is about
    // its own syntax; say what the option takes instead.
    const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec((error as Error).message);
    const option = ambiguous?.[1];
    const expected = option === undefined ? undefined : OPTION_VALUES[option];
    if (option !== undefined && expected !== undefined) {
      const at = argv.findIndex((arg, i) => arg === option && (argv[i + 1] ?? '').startsWith('-'));
      const value = argv[at + 1] ?? '';
      // `--log-group --since 1h`: the value was forgotten, and the next option taken for it.
      if (value.startsWith('--'))
        throw new UsageError(`${option} needs ${expected.expects}`, `e.g. ${expected.example}`);
      throw new UsageError(`${option} takes ${expected.expects}, not "${value}"`, expected.hint);
    }
    // `classify --since` at the end of the line: Node's own words show its `<value>` placeholder.
    const missing = /^Option '(--[\w-]+) <value>' argument missing/.exec((error as Error).message)?.[1];
    const needed = missing === undefined ? undefined : OPTION_VALUES[missing];
    if (missing !== undefined && needed !== undefined)
      throw new UsageError(`${missing} needs ${needed.expects}`, `e.g. ${needed.example}`);
    // Node's messages run on with advice about `--`; the first sentence names the problem.
    const first = ((error as Error).message.split(/\.\s/)[0] ?? '').replace(/\.$/, '');
    throw new UsageError(first.charAt(0).toLowerCase() + first.slice(1));
  }
}

/**
 * Reads every input. Inputs that hold no log event are refused when none holds one: "No failed
 * requests" for an empty file, /dev/null or an export of a header row alone would read as a healthy
 * API. Among other inputs (a glob over daily exports, one of them a quiet day) an empty one is
 * skipped with a warning. So is one refused for what it holds (a cut gzip file, a binary file, an
 * undecodable event, a statistics table, …), which is also counted unparsed: the run is partly bad,
 * not unusable. When no input holds a log event, the first refused one, or else the first empty one,
 * ends the run on its one line, as it would alone. An input named on the command line that cannot
 * be opened (InputAccessError) ends the run at once: a misspelt path or a missing permission is the
 * command's fault, and a report without the file the user named would pass for a report on it. A
 * file found below a directory that cannot be read, a directory below it that cannot be listed, or
 * an entry below it whose stat fails, is nothing the user named: it is refused as one that holds
 * something wrong is, as a broken link below the directory is skipped.
 */
async function readSources(
  files: readonly string[],
  io: CliIo,
  progress: RunProgress,
  checkpoint: Checkpoint,
): Promise<{ batches: LogBatch[]; unparsed: UnparsedLine[] }> {
  const batches: LogBatch[] = [];
  // What the inputs left out unread (payloads that do not decode, refused inputs), for the report's
  // unparsed count.
  const unparsed: UnparsedLine[] = [];
  // Inputs left out, in order: empty ones, and ones refused for what they hold.
  const leftOut: { readonly error: InputError; readonly label: string; readonly refused: boolean }[] = [];
  const { files: expanded, bytes: total, empty, below, unlisted } = await expandDirectories(files, io);
  for (const directory of empty) leftOut.push({ ...directory, refused: false });
  for (const { path: label, error } of unlisted) {
    leftOut.push({ error, label, refused: true });
    unparsed.push(refusedLine(error, label));
  }
  progress.expect(expanded.length, total);
  // A Ctrl-C between reads, or while a small input is parsed, is kept for the next read: Node's
  // default would end the run with the progress line left on the terminal.
  let pressed = false;
  const stopKeeping = io.interrupts?.listen(() => {
    pressed = true;
  });
  try {
    await readEach();
    // One pressed during the last parse reaches its listener once the event loop turns.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    stopKeeping?.();
  }
  if (pressed) throw new Interrupted('interrupted');
  if (batches.length === 0) {
    const first = leftOut.find((input) => input.refused) ?? leftOut[0];
    if (first !== undefined) throw first.error;
  }
  for (const { error, label, refused } of leftOut) {
    // A refusal is named as it would be alone, its hint too; one that does not name the input (too
    // many JSON documents) is put after the input's name. `cannot read <file>` names it at the end.
    const named = error instanceof InputAccessError || afterName(error.message, label) !== undefined;
    const line = !refused ? error.message : `${named ? '' : `${label}: `}${error.message} (${error.hint})`;
    progress.note(`apigw-errors: skipped: ${line}\n`);
  }
  return { batches, unparsed };

  async function readEach(): Promise<void> {
    for (const file of expanded) {
      if (pressed) throw new Interrupted('interrupted');
      const label = file === '-' ? 'stdin' : file;
      let size = 0;
      // What the inputs before this one hold may already fill the heap: said before this one is read.
      checkpoint();
      try {
        const bytes = await untilInterrupted(
          io,
          file === '-' ? readLimited(io.stdin, label) : readFileLimited(file),
        );
        size = bytes.length;
        // stdin's places are named as a file's are (`stdin message 2`), not after its `-` argument.
        const parse = () => {
          const { text, trailingNuls } = decodeBytes(bytes, label);
          // Judged on the text: a gzip file of 21 MiB may hold 200 MiB of log.
          progress.opened(label, Math.max(size, text.length));
          return { text, trailingNuls, input: parseInput(text, label, checkpoint) };
        };
        // A small input's parse takes milliseconds: the keeper holds a Ctrl-C for that long, and
        // breaking would cost a thread started and joined per input, seconds over thousands of files.
        const { text, trailingNuls, input } =
          bytes.length >= BREAKING_MIN_BYTES ? breaking(io, parse) : parse();
        if (trailingNuls > 0) progress.note(`apigw-errors: ${trailingNulsNote(label, trailingNuls)}\n`);
        for (const note of input.notes ?? []) progress.note(`apigw-errors: ${note}\n`);
        for (const note of input.skipped ?? []) progress.note(`apigw-errors: skipped: ${note}\n`);
        for (const line of input.unparsed ?? []) unparsed.push(line);
        if (input.batches.every((batch) => batch.events.length === 0))
          leftOut.push({ error: noEvents(label, text, input.kind), label, refused: false });
        // A loop, not push(...): 200,000 JSON Lines are 200,000 batches, too many arguments for one call.
        else for (const batch of input.batches) batches.push(batch);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        if (error instanceof InputAccessError && !below.has(file)) throw error;
        leftOut.push({ error, label, refused: true });
        for (const line of error.unparsed ?? [refusedLine(error, label)]) unparsed.push(line);
      }
      progress.read(size);
      checkpoint();
    }
  }
}

/** Padding dropped from an input's end is told, so nothing is left out unsaid. */
function trailingNulsNote(label: string, count: number): string {
  const bytes = count === 1 ? 'byte' : 'bytes';
  return `${label}: ${count} trailing NUL ${bytes} ignored (the padding a crashed or preallocating writer leaves after its text)`;
}

/** A refused input's message after its name: `<name>: <what>` or `<name> <what>` leave `<what>`. */
function afterName(message: string, label: string): string | undefined {
  if (message.startsWith(`${label}: `)) return message.slice(label.length + 2);
  if (message.startsWith(`${label} `)) return message.slice(label.length + 1);
  return undefined;
}

/** An input refused whole, as the report counts it: one line, the sample its name. */
function refusedLine(error: InputError, label: string): UnparsedLine {
  return {
    reason: UNPARSED_REASON.refusedInput,
    detail:
      error instanceof InputAccessError
        ? `cannot read: ${error.hint}`
        : (afterName(error.message, label) ?? error.message),
    sample: label,
  };
}

/** The analysis with what the inputs left out unread counted among its unparsed lines, first. */
function countingUnread(analysis: Analysis, unread: readonly UnparsedLine[]): Analysis {
  if (unread.length === 0) return analysis;
  return {
    ...analysis,
    unparsed: [...unread, ...analysis.unparsed],
    stats: { ...analysis.stats, unparsed: analysis.stats.unparsed + unread.length },
  };
}

/**
 * FILEs with each directory replaced by the files below it (an S3 export of CloudWatch Logs copied
 * down with `aws s3 cp --recursive`), each then read as if given on the command line. A directory
 * with nothing to read is an empty input (`empty`): refused alone, as an empty file is, and skipped
 * among inputs that hold log events (a glob of daily exports, one of them a quiet day's).
 */
async function expandDirectories(
  files: readonly string[],
  io: CliIo,
): Promise<{
  files: string[];
  bytes: number | undefined;
  empty: { error: InputError; label: string }[];
  /** The files that stand for a directory, not named on the command line. */
  below: Set<string>;
  /** Entries below a directory argument that could not be looked at: a directory not listed, a failing stat. */
  unlisted: { path: string; error: InputAccessError }[];
}> {
  const expanded: string[] = [];
  const found = new Set<string>();
  const empty: { error: InputError; label: string }[] = [];
  const unlisted: { path: string; error: InputAccessError }[] = [];
  // Unknown with stdin or a pipe among the inputs: its size is known once it is read.
  let total: number | undefined = 0;
  for (const file of files) {
    if (file === '-') {
      expanded.push(file);
      total = undefined;
      continue;
    }
    if (!(await isDirectory(file))) {
      expanded.push(file);
      if (total !== undefined) {
        const size = await fileSize(file);
        total = size === undefined ? undefined : total + size;
      }
      continue;
    }
    const {
      files: below,
      skipped,
      bytes,
      unlisted: locked,
    } = await filesUnder(file, io.listDirectory, io.statEntry);
    for (const entry of locked) unlisted.push(entry);
    const left = skippedText(skipped);
    // Nothing read, but an entry below it could not be looked at: its cannot-read line says why.
    if (below.length === 0 && locked.length > 0) continue;
    if (below.length === 0) {
      const error = new InputError(
        `${file} holds no files to read${left === '' ? '' : `; skipped ${left}`}`,
        'give a directory of log files, such as an export to S3 copied down with aws s3 cp --recursive',
      );
      empty.push({ error, label: file });
      continue;
    }
    const plural = below.length === 1 ? '' : 's';
    // Said before the files are read: a file refused later then follows a line that promised it.
    io.stderr.write(
      `apigw-errors: ${file}: reading ${below.length} file${plural}${left === '' ? '' : `, skipped ${left}`}\n`,
    );
    // Loops, not push(...below): a directory may hold more files than one call takes arguments.
    for (const path of below) {
      expanded.push(path);
      found.add(path);
    }
    if (total !== undefined) total += bytes;
  }
  return { files: expanded, bytes: total, empty, below: found, unlisted };
}

type RunProgress = ReturnType<typeof runProgress>;

/**
 * Progress of a run on local inputs, on stderr: files and bytes read of the total, then the analysis.
 * Nothing until the run has taken PROGRESS_DELAY_MS; then redrawn in place on a terminal (and cleared
 * before the report or an error), otherwise a line every PROGRESS_EVERY_MS. The clock is read once
 * per file, never per line. A run that is still quick says it is analysing from LONG_ANALYSIS_EVENTS
 * events on, the few seconds that takes. After a live pull, which shows its own progress, only the
 * analysis is left to say.
 */
function runProgress(io: CliIo) {
  const now = io.now ?? Date.now;
  const { stderr } = io;
  const start = now();
  let shownAt: number | undefined;
  let drawn = false;
  let files = 0;
  let bytes = 0;
  let total: { files: number; bytes: number | undefined } = { files: 0, bytes: undefined };
  let analysing: number | undefined;
  /** The input being split into events, once its bytes are in: a large one takes seconds. */
  let current: { label: string; size: number } | undefined;
  const show = (text: string): void => {
    if (stderr.isTTY) {
      stderr.write(`\r\u001b[K${text}`);
      drawn = true;
    } else {
      stderr.write(`apigw-errors: ${text}\n`);
    }
  };
  const clear = (): void => {
    if (drawn) stderr.write('\r\u001b[K');
    drawn = false;
  };
  const mib = (n: number): string => (n / MIB).toFixed(1);
  return {
    expect(fileCount: number, byteCount: number | undefined): void {
      total = { files: fileCount, bytes: byteCount };
    },
    /** An input's bytes are in and it is being split into events: a large one is said at once. */
    opened(label: string, size: number): void {
      current = { label, size };
      if (size < (io.largeInputBytes ?? LARGE_INPUT_BYTES)) return;
      const of = total.files > 1 ? ` (${files + 1} of ${total.files} files)` : '';
      show(`reading ${label}${of}: ${mib(size)} MiB…`);
      shownAt = now();
    },
    /** One input read and parsed; after the last, the analysis is the next thing said. */
    read(size: number): void {
      current = undefined;
      files += 1;
      bytes += size;
      if (files >= total.files) return;
      const at = now();
      if (at - start < PROGRESS_DELAY_MS) return;
      if (shownAt !== undefined && at - shownAt < (stderr.isTTY ? PROGRESS_REDRAW_MS : PROGRESS_EVERY_MS))
        return;
      shownAt = at;
      const of = total.bytes === undefined ? '' : ` of ${mib(total.bytes)}`;
      show(`reading: ${files} of ${total.files} files, ${mib(bytes)}${of} MiB`);
    },
    /** A line of its own (a skipped input), on a line the progress does not share. */
    note(line: string): void {
      clear();
      stderr.write(line);
    },
    /** How far the run got, for a line that stops it: `reading input 2 of 3, 40.0 of 60.0 MiB read`. */
    where(): string {
      const inputs = `${total.files} input${total.files === 1 ? '' : 's'}`;
      if (files < total.files) {
        const of = total.bytes === undefined ? '' : ` of ${mib(total.bytes)}`;
        // Its bytes in, an input is split into events before it counts as read.
        const splitting =
          current === undefined ? '' : ` (splitting ${current.label}, ${mib(current.size)} MiB, into events)`;
        return `reading input ${files + 1} of ${total.files}${splitting}, ${mib(bytes)}${of} MiB read`;
      }
      const events =
        analysing === undefined ? 'the log events' : `${analysing.toLocaleString('en')} log events`;
      // After a live pull no input was read here.
      return `analysing ${events}${total.files === 0 ? '' : ` of the ${inputs} (${mib(bytes)} MiB)`}`;
    },
    /** Many events are about to be parsed, seconds before the analysis proper is said. */
    parsing(events: number): void {
      if (events >= LONG_ANALYSIS_EVENTS) show(`reading ${events.toLocaleString('en')} log events…`);
    },
    analysing(events: number): void {
      analysing = events;
      if (events >= LONG_ANALYSIS_EVENTS || now() - start >= PROGRESS_DELAY_MS)
        show(`analysing ${events.toLocaleString('en')} log events…`);
    },
    done: clear,
  };
}

function noEvents(label: string, text: string, kind: InputKind): InputError {
  const hint =
    label === 'stdin'
      ? 'pipe API Gateway log lines in, give a FILE, or pull with --log-group NAME'
      : 'give a file of API Gateway access or execution log lines, or an export of a time range that has events';
  if (text.trim() === '') return new InputError(`${label} is empty`, hint);
  return new InputError(`${label} holds no log events (read as ${kind})`, hint);
}

/**
 * A live-mode read error as `<what> (<hint>)`. The SDK's message does not name the profile it could
 * not resolve, and the usual cause is a typo in it (a profile its config lacks has neither
 * credentials nor a Region, and the Region is missed first when AWS_REGION is unset); an SSO profile
 * never signed in exists, though, and needs a sign-in for that profile.
 */
function logReadLine(error: LogReadError, profile: string | undefined): string {
  // The ARN's Region was used, whatever AWS_REGION or the profile say.
  if (error instanceof ArnLogReadError && error.code === LOG_READ_ERROR.unknownHost)
    return `${error.message} (no such host: check the Region in the log group's ARN (${error.region}; a Region code such as us-east-1), the network, or AWS_ENDPOINT_URL_CLOUDWATCH_LOGS if set)`;
  if (profile !== undefined && error.code === LOG_READ_ERROR.noCredentials)
    return `no AWS credentials found for profile "${profile}" (check that AWS_PROFILE names a profile in ~/.aws/config or ~/.aws/credentials: aws configure list-profiles)`;
  if (profile !== undefined && error.code === LOG_READ_ERROR.noRegion)
    return `no AWS Region configured for profile "${profile}" (check that AWS_PROFILE names a profile in ~/.aws/config: aws configure list-profiles; then set region in it, or AWS_REGION)`;
  if (profile !== undefined && error.code === LOG_READ_ERROR.ssoSignIn)
    return `${error.message} for profile "${profile}" (sign in: aws sso login --profile ${profile})`;
  if (error.code === LOG_READ_ERROR.unknownHost && WELL_FORMED_REGION_HOST.test(error.message))
    return `${error.message} (no such host, though its Region is well formed: check the network and DNS (a VPN or a proxy), that the Region exists, or AWS_ENDPOINT_URL_CLOUDWATCH_LOGS if set)`;
  return `${error.message} (${LOG_READ_HINTS[error.code]})`;
}

/**
 * CloudWatch Logs' endpoint host with a Region code of the usual shape (`us-east-1`, `us-gov-west-1`,
 * `cn-north-1`): its name not resolving is then mostly the network's doing, not a mistyped Region's
 * (`us-east1`), though a well-formed code may still name no Region.
 */
const WELL_FORMED_REGION_HOST =
  / at logs\.[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}\.amazonaws\.com(?:\.cn)?:/;

/** A pull error of a group given by its ARN, read in the ARN's Region. */
class ArnLogReadError extends LogReadError {
  constructor(
    error: LogReadError,
    readonly region: string,
  ) {
    super(error.code, error.logGroup, error.message);
    this.stack = error.stack;
  }
}

/** Progress on stderr: redrawn in place on a terminal, otherwise a line every few pages. */
function progressReporter(stderr: CliIo['stderr']) {
  let drawn = false;
  return {
    onPage(progress: PullProgress): void {
      const retries =
        progress.retries > 0 ? `, ${progress.retries} retries after throttling or server errors` : '';
      const text = `pulling ${progress.logGroup}: ${progress.events.toLocaleString('en')} events, ${progress.pages.toLocaleString('en')} pages${retries}`;
      if (stderr.isTTY) {
        stderr.write(`\r\u001b[K${text}`);
        drawn = true;
      } else if (progress.pages % PROGRESS_EVERY_PAGES === 0) {
        stderr.write(`apigw-errors: ${text}\n`);
      }
    },
    done(): void {
      if (drawn) stderr.write('\n');
      drawn = false;
    },
    clear(): void {
      if (drawn) stderr.write('\r\u001b[K');
      drawn = false;
    },
  };
}

/** How far a pull got, over every group pulled so far: what the run holds. */
interface PulledSoFar {
  /** The group being pulled, and its events and pages added to the groups' before it. */
  readonly page: PullProgress;
  /** Which group it is (from 1), of how many. */
  readonly group: number;
  readonly groups: number;
}

/**
 * Every event of the groups in the range. `onPage` sees each page once read (the heap watch checks
 * there: a long pull holds every event until the analysis starts).
 */
async function pullLogGroups(
  logGroups: readonly string[],
  since: string | undefined,
  until: string | undefined,
  io: CliIo,
  onPage: (pulled: PulledSoFar) => void,
): Promise<LogBatch[]> {
  const range = parseTimeRange(since, until, (io.now ?? Date.now)());
  const progress = progressReporter(io.stderr);
  // The groups pulled before the current one: their events are held too.
  const before = { events: 0, pages: 0 };
  // The current group's, as its last page counted them.
  const current = { events: 0, pages: 0 };
  let group = 0;
  let groupCount = 0;
  // One reader per Region: a group given by its ARN is read in the ARN's Region.
  const readers = new Map<string | undefined, LogEventsReader>();
  const readerFor = (region: string | undefined): LogEventsReader => {
    const known = readers.get(region);
    if (known !== undefined) return known;
    const reader = new LogEventsReader(undefined, {
      onPage: (page) => {
        progress.onPage(page);
        current.events = page.events;
        current.pages = page.pages;
        onPage({
          page: { ...page, events: before.events + page.events, pages: before.pages + page.pages },
          group,
          groups: groupCount,
        });
      },
      ...(io.sleep ? { sleep: io.sleep } : {}),
      ...(io.readTimeoutMs ? { readTimeoutMs: io.readTimeoutMs } : {}),
      ...(region === undefined ? {} : { region }),
    });
    readers.set(region, reader);
    return reader;
  };
  const batches: LogBatch[] = [];
  try {
    // One group after another: FilterLogEvents' account-wide 5 requests/s leaves no room for parallel pulls.
    // A group named twice (a shell history edit, a variable that repeats one, its ARN with and
    // without `:*`) is pulled once: pulled twice, its events would be counted twice and cost twice
    // the account's FilterLogEvents quota. A name and an ARN stay apart: the ARN may be another
    // account's group.
    const groups = new Map(
      logGroups.map(logGroupOf).map((group) => [group.logGroupArn ?? group.logGroupName, group]),
    );
    groupCount = groups.size;
    for (const { region, ...query } of groups.values()) {
      group++;
      current.events = 0;
      current.pages = 0;
      const read = untilInterrupted(io, readerFor(region).read({ ...query, ...range }));
      batches.push(
        ...(await read.catch((error: unknown) => {
          throw region !== undefined && error instanceof LogReadError
            ? new ArnLogReadError(error, region)
            : error;
        })),
      );
      before.events += current.events;
      before.pages += current.pages;
      progress.done();
    }
    if (batches.every((batch) => batch.events.length === 0))
      io.stderr.write(`apigw-errors: ${noEventsPulled([...groups.keys()], range)}\n`);
  } catch (error) {
    // Ended by Ctrl-C: the line is gone, not kept as a finished group's count is.
    if (error instanceof Interrupted) progress.clear();
    throw error;
  } finally {
    progress.done();
  }
  return batches;
}

/**
 * What a pull that found no event pulled: the groups and the range, in UTC. A local time typed
 * without its offset was read as UTC, and may have pulled hours away from what was meant; the
 * report's "0 log events" alone (and `--json`'s nothing) would not show it.
 */
function noEventsPulled(groups: readonly string[], range: { startTime: number; endTime: number }): string {
  const last = groups.at(-1) ?? '';
  const named =
    groups.length > 3
      ? `${groups.length} log groups`
      : groups.length > 1
        ? `${groups.slice(0, -1).join(', ')} or ${last}`
        : last;
  const from = new Date(range.startTime).toISOString();
  const to = new Date(range.endTime).toISOString();
  return `no log event in ${named} from ${from} to ${to} (times are UTC, and a time given without an offset is read as UTC)`;
}

/**
 * The batches without events an earlier batch of the same group name already held: a group given by
 * its name and by its ARN is pulled twice (the ARN may be another account's group, which the name
 * cannot reach), and CloudWatch's eventId names one event of a group wherever it is read from, so
 * each is counted once.
 */
export function withoutEventsReadTwice(batches: readonly LogBatch[], check: Checkpoint): LogBatch[] {
  // It holds a key per event beside the events and their filtered copies: a pull that just fitted
  // may outgrow the heap here.
  const seen = new Set<string>();
  let looked = 0;
  return batches.map((batch) => ({
    ...batch,
    events: batch.events.filter((event) => {
      if (++looked % CHECKPOINT_EVERY === 0) check();
      const key = `${batch.source.logGroup ?? ''}\u0000${event.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  }));
}

/**
 * Every usage error about where the logs come from (FILEs or stdin, or --log-group with its time
 * range), before any reading or heap watch starts.
 */
function checkSourceArgs(
  values: ReturnType<typeof parseCommandLine>['values'],
  files: readonly string[],
  stdinIsTty: boolean,
  now: () => number,
): void {
  const logGroups = values['log-group'] ?? [];
  if (logGroups.length > 0) {
    if (files.length > 0) throw new UsageError('give FILEs or --log-group, not both');
    if (logGroups.some((name) => name.trim() === '')) {
      throw new UsageError(
        '--log-group is empty',
        'give a log group name, e.g. --log-group /aws/apigateway/my-api-access',
      );
    }
    for (const value of logGroups) {
      const link = consoleLink(value, now);
      if (link === undefined) continue;
      throw new UsageError(
        '--log-group takes a log group name, not a console URL',
        consoleLinkHint(link, values.since !== undefined || values.until !== undefined),
      );
    }
    for (const value of logGroups) {
      // No log group name holds white space or a comma: a pasted space, or several names in one value
      // as the stack's -c accessLogGroups=a,b takes them, would only be "not found".
      const stray = /[\s,]/.exec(value);
      if (stray === null) continue;
      // Quoted as JSON quotes it, so a tab or a CRLF file's \r shows instead of moving the cursor.
      throw new UsageError(
        `--log-group ${JSON.stringify(value)} holds ${stray[0] === ',' ? 'a comma' : 'white space'}, which no log group name does`,
        stray[0] === ',' || /\s/.test(value.trim())
          ? 'give each log group with its own --log-group'
          : 'remove the white space pasted with it',
      );
    }
    return;
  }
  if (values.since !== undefined || values.until !== undefined) {
    throw new UsageError(
      '--since and --until only apply to --log-group',
      'add --log-group NAME, or drop them',
    );
  }
  const sources = files.length > 0 ? files : ['-'];
  if (sources.filter((f) => f === '-').length > 1) throw new UsageError('stdin (-) given more than once');
  if (sources.includes('-') && stdinIsTty) {
    throw new UsageError('no input', 'give a FILE, pipe logs on stdin, or pull with --log-group NAME');
  }
}

async function classify(
  values: ReturnType<typeof parseCommandLine>['values'],
  files: readonly string[],
  io: CliIo,
): Promise<ExitCode> {
  // The clock is read only for a console URL's range: a run's own reads of it come first.
  checkSourceArgs(values, files, io.stdin.isTTY === true, io.now ?? Date.now);
  const logGroups = values['log-group'] ?? [];
  let batches: LogBatch[];
  let unread: UnparsedLine[] = [];
  let progress: RunProgress | undefined;
  let pulled: PulledSoFar | undefined;
  let pullEnded = false;
  // Stops the run with one line before the heap is full (V8's own end is a fatal error and a stack trace).
  // A pull has no inputs to split: it is made smaller by time range or log group.
  const watch = heapWatch(
    () => {
      if (progress !== undefined) return progress.where();
      if (pulled === undefined) return 'before reading';
      const events = pulled.page.events.toLocaleString('en');
      if (pullEnded) return `removing events read twice from the ${events} events pulled`;
      const { page, group, groups } = pulled;
      const pages = `${page.pages.toLocaleString('en')} page${page.pages === 1 ? '' : 's'}`;
      return groups > 1
        ? `pulling ${page.logGroup}, log group ${group} of ${groups}, after ${events} events in ${pages} in all`
        : `pulling ${page.logGroup} after ${events} events in ${pages}`;
    },
    undefined,
    logGroups.length > 0
      ? `pull a shorter time range (--since, --until)${logGroups.length > 1 ? ' or fewer log groups per run' : ''}`
      : undefined,
  );
  if (logGroups.length > 0) {
    // Checked once a page, not once an event: a page holds up to 10,000 events or 1 MB.
    const pulledBatches = await pullLogGroups(logGroups, values.since, values.until, io, (sofar) => {
      pulled = sofar;
      watch.check();
    });
    pullEnded = true;
    batches = breaking(io, () => withoutEventsReadTwice(pulledBatches, watch.check));
    // The pull showed its own progress; what is left to say is the analysis.
    progress = runProgress(io);
  } else {
    const sources = files.length > 0 ? files : ['-'];
    const reading = runProgress(io);
    progress = reading;
    // A refused input's line starts on a line of its own.
    ({ batches, unparsed: unread } = await readSources(sources, io, reading, watch.check).catch(
      (error: unknown) => {
        reading.done();
        throw error;
      },
    ));
  }
  try {
    // Analysis takes seconds from a few hundred thousand events on: say so before a wait the user would
    // notice. The events are counted once parsed, as the report counts them: a console copy's time and
    // Copy lines are part of the event below them.
    progress.parsing(batches.reduce((sum, batch) => sum + batch.events.length, 0));
    const parsed = breaking(io, () => parseBatches(batches, watch.check));
    progress.analysing(parsed.events);
    const analysis = breaking(io, () =>
      countingUnread(analyzeParsed(parsed, undefined, watch.check), unread),
    );
    progress.done();
    if (values.json) {
      io.stdout.write(renderJsonLines(analysis.failures));
    } else {
      io.stdout.write(renderReport(analysis, { color: io.stdout.isTTY === true && !io.env.NO_COLOR }));
    }
    io.stderr.write(renderUnparsedSummary(analysis.unparsed));
    return EXIT.analyzed;
  } finally {
    // A bug in the analysis: its line starts on a line of its own.
    progress.done();
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandLine(argv);
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.analyzed;
  }
  if (values.version) {
    io.stdout.write(`${packageJson.version}\n`);
    return EXIT.analyzed;
  }
  const [command, ...files] = positionals;
  if (command === undefined)
    throw new UsageError('missing command', 'try apigw-errors classify FILE, or --help');
  if (command !== 'classify')
    throw new UsageError(`unknown command "${command}"`, 'the command is classify; see --help');
  return classify(values, files, io);
}

/** The whole CLI. Never throws: every failure becomes one stderr line and an exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    const debug = io.env.APIGW_ERRORS_DEBUG ? `\n${(error as Error).stack ?? ''}` : '';
    if (error instanceof UsageError || error instanceof InputError) {
      io.stderr.write(`apigw-errors: ${error.message} (${error.hint})${debug}\n`);
      return EXIT.cannotRun;
    }
    if (error instanceof TimeRangeError || error instanceof HeapLimitError) {
      io.stderr.write(`apigw-errors: ${error.message} (${error.hint})${debug}\n`);
      return EXIT.cannotRun;
    }
    // The shell shows the ^C; the progress line was cleared on the way here.
    if (error instanceof Interrupted) return EXIT.interrupted;
    if (error instanceof LogReadError) {
      io.stderr.write(`apigw-errors: ${logReadLine(error, io.env.AWS_PROFILE || undefined)}${debug}\n`);
      return EXIT.cannotRun;
    }
    io.stderr.write(
      `apigw-errors: internal error: ${(error as Error).message ?? String(error)} (a bug; please report it with the command you ran; APIGW_ERRORS_DEBUG=1 shows the stack)${debug}\n`,
    );
    return EXIT.internalError;
  }
}

/** Binds run() to the process. Waits for stdout to flush, since process.exit does not on every platform. */
export async function main(): Promise<void> {
  // On Node < 22 the AWS SDK prints a 7-line NodeVersionSupportWarning (process.emitWarning, no
  // code) about its releases from 2027 when live mode creates its client. It says nothing about the
  // user's logs and would bury the one line this tool prints; this is the SDK's own switch for it,
  // and a user who sets the variable decides.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // `apigw-errors … | head` closes the pipe early; that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.analyzed);
  });
  // A closed stderr (`… 2>&1 | head`, or its reader gone) loses only progress and notes: the run goes
  // on, and the report still reaches stdout. Without a listener the EPIPE was an uncaught exception.
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const code = await run(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    interrupts: {
      listen(listener) {
        process.on('SIGINT', listener);
        return () => process.off('SIGINT', listener);
      },
      breaking: breakOnSigint,
    },
  });
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
