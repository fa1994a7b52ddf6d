/** Runs the CLI in-process with captured streams, as a user would see it. */
import { Readable, Writable } from 'node:stream';
import { type CliIo, run } from '../../cli/main';

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface RunOptions {
  /** What is piped in; a stream stands for a pipe whose reads may fail. */
  readonly stdin?: string | Buffer | Readable;
  /** Whether stdin is a terminal (nothing piped). */
  readonly stdinIsTTY?: boolean;
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
  readonly env?: Record<string, string | undefined>;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly readTimeoutMs?: number;
  readonly largeInputBytes?: number;
  /** The user's Ctrl-C: each listener the run registers is passed to this, to be called for it. */
  readonly interrupts?: CliIo['interrupts'];
  /** Lists a directory below a directory argument in place of the file system (a failure to inject). */
  readonly listDirectory?: CliIo['listDirectory'];
  readonly statEntry?: CliIo['statEntry'];
}

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const piped =
    options.stdin instanceof Readable ? options.stdin : Readable.from([Buffer.from(options.stdin ?? '')]);
  const stdin = Object.assign(piped, {
    isTTY: options.stdinIsTTY ?? false,
  });
  const stdout = new Capture(options.stdoutIsTTY ?? false);
  const stderr = new Capture(options.stderrIsTTY ?? false);
  const io: CliIo = {
    stdin,
    stdout,
    stderr,
    env: options.env ?? {},
    // Still unless a test moves it: progress waits on the clock, and no test's stderr may depend on
    // how fast the machine runs it.
    now: options.now ?? frozenAt(Date.now()),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.readTimeoutMs ? { readTimeoutMs: options.readTimeoutMs } : {}),
    ...(options.largeInputBytes ? { largeInputBytes: options.largeInputBytes } : {}),
    ...(options.interrupts ? { interrupts: options.interrupts } : {}),
    ...(options.listDirectory ? { listDirectory: options.listDirectory } : {}),
    ...(options.statEntry ? { statEntry: options.statEntry } : {}),
  };
  const code = await run(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function frozenAt(time: number): () => number {
  return () => time;
}

/** Whether text holds an ANSI escape sequence (colour, cursor movement). */
export function hasAnsi(text: string): boolean {
  return text.includes('\u001b[');
}
