/**
 * Stops a run whose inputs need more memory than this Node process may use, before V8 does: V8's
 * own end is a fatal "JavaScript heap out of memory" with a native stack trace, after a long wait
 * while it collects garbage over and over. The long loops of reading and analysis call `check`
 * every few thousand items. It reads the heap's size in use (under a microsecond). Garbage counts
 * in that size, and V8 may run its first full collection only when the heap is full, so past
 * COLLECT_FROM of the limit the watch collects garbage itself to learn what the run holds, and
 * stops the run when that passes STOP_ABOVE. A collection is forced again only once half of what
 * was left free is used, or STOP_ABOVE of the limit if that comes first (but never within half of
 * what STOP_ABOVE leaves free): V8 counts full collections that free little, forced ones too, and
 * gives up after four in a row once the old generation holds 80% of its limit.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MIB = 1024 * 1024;

/** Below this share of the limit in use, garbage included, the watch does nothing more. */
export const COLLECT_FROM = 0.7;
/**
 * Held after a full collection above this share of the old generation's limit, the run stops. From
 * 80% on V8 itself may give up (four full collections in a row that free little while collecting
 * takes most of the time, forced ones included), and at 85% a live pull on a loaded 2-core machine
 * still ended in V8's crash; at 90% V8 often died first. Measured with synthetic inputs (see
 * docs/limits.md, CLI input): a run V8 would just have finished is stopped with up to about a sixth more heap
 * than it needed.
 */
export const STOP_ABOVE = 0.8;

/** The inputs need more heap than this Node allows: one line, exit 2. */
export class HeapLimitError extends Error {
  override readonly name = 'HeapLimitError';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** An old-space size among Node's options, in any form (`--max-old-space-size-percentage` too). */
const OLD_SPACE_FLAG = /max[-_]old[-_]space[-_]size/;
/** An old-space size in the form flagMib reads. */
const READ_OLD_SPACE_FLAG = /^--max[-_]old[-_]space[-_]size=\d+$/;
/**
 * Node's own old-space size as a share of the machine's memory. It wins over any
 * --max-old-space-size, wherever given, and reaches V8 as one, so the young generation is as large as
 * without it. Node 24.21 refuses it in NODE_OPTIONS; the Node 22 backport's documentation lists it
 * among the options NODE_OPTIONS takes (nodejs/node#59631), so both places are looked at.
 */
const OLD_SPACE_PERCENTAGE_FLAG = /^--max[-_]old[-_]space[-_]size[-_]percentage=/;
/** V8's smallest semi-space on 64-bit machines, in MiB. */
const MIN_SEMI_SPACE_MIB = 1;
/** Up to this old generation V8 gives a semi-space 1/256 of it (its "low memory" ratio). */
const LOW_MEMORY_OLD = 256 * MIB;

/** How a V8 release sizes the young generation after the old one. */
interface YoungSizing {
  /** Old generation per semi-space above LOW_MEMORY_OLD. */
  readonly ratio: number;
  /** The largest semi-space V8 chooses itself, in MiB (the young generation is three of them). */
  readonly maxSemiMib: number;
}

/**
 * The sizing of the V8 release `v8Version` (process.versions.v8), measured with real child
 * processes (see the tests): Node 20 (V8 11.3) and 22 (V8 12.4) make semi-spaces of 1/128 of the old
 * generation up to 16 MiB, Node 24 (V8 13.6) of 1/32 up to 64 MiB. A later release is taken to size
 * as the latest one measured: a young generation sized too large only stops a run a little early.
 */
function youngSizing(v8Version: string): YoungSizing {
  return Number.parseInt(v8Version, 10) >= 13
    ? { ratio: 32, maxSemiMib: 64 }
    : { ratio: 128, maxSemiMib: 16 };
}

/**
 * The semi-space V8 gives an old generation of `old` bytes when no semi-space size is set
 * (V8's Heap::YoungGenerationSizeFromOldGenerationSize): 1/256 of it up to 256 MiB, then 1/ratio,
 * from 1 MiB to the release's largest, in 256 KiB pages.
 */
function defaultSemi(old: number, sizing: YoungSizing): number {
  const semi = old / (old <= LOW_MEMORY_OLD ? 256 : sizing.ratio);
  const clamped = Math.min(Math.max(semi, MIN_SEMI_SPACE_MIB * MIB), sizing.maxSemiMib * MIB);
  const page = 256 * 1024;
  return Math.ceil(clamped / page) * page;
}

/** V8 rounds the largest semi-space up to a power of two (Heap::ConfigureHeap). */
function powerOfTwo(bytes: number): number {
  return 2 ** Math.ceil(Math.log2(bytes));
}

/**
 * The old generation V8 leaves beside its young generation in `heapSizeLimit` when no size is set
 * but the heap's (a default heap, or --max-heap-size): V8 finds the largest old generation whose
 * young generation fits beside it (GenerationSizesFromHeapSize), rounds that young generation's
 * semi-space up to a power of two, and gives the old generation the rest.
 */
function defaultOld(heapSizeLimit: number, sizing: YoungSizing): number {
  let lower = 0;
  let upper = heapSizeLimit + 1;
  while (lower + 1 < upper) {
    const old = Math.floor((lower + upper) / 2);
    if (old + 3 * defaultSemi(old, sizing) <= heapSizeLimit) lower = old;
    else upper = old;
  }
  return heapSizeLimit - 3 * powerOfTwo(defaultSemi(lower, sizing));
}

/**
 * The last value of a V8 size flag (in MiB) among Node's options; V8 takes `-` and `_` alike. 0 is
 * V8's "not set" (`--max-old-space-size=0` leaves the default heap), so it gives undefined.
 */
function flagMib(options: readonly string[], flag: string): number | undefined {
  let value: number | undefined;
  const pattern = new RegExp(`^--${flag.replace(/-/g, '[-_]')}=(\\d+)$`);
  for (const option of options) {
    const match = pattern.exec(option);
    if (match?.[1] !== undefined) value = Number(match[1]);
  }
  return value === 0 ? undefined : value;
}

/**
 * The old generation's limit in bytes: what the run's data may take, since everything that lives
 * through a collection goes there. V8's heap_size_limit adds the young generation's three
 * semi-spaces (48 MiB for a default 4 GiB heap on Node 20, 192 MiB on Node 24, less for a small
 * one), which hold only new objects: V8 gives up when the old generation is full, the young one
 * nearly empty. `--max-old-space-size` when Node's options (NODE_OPTIONS, then the command line's,
 * which win) give it; otherwise the heap limit less the young generation as the running V8
 * (`v8Version`) sizes it.
 */
export function oldGenerationLimit(
  heapSizeLimit: number,
  options: readonly string[],
  v8Version: string = process.versions.v8,
): number {
  const percentage = options.some((option) => OLD_SPACE_PERCENTAGE_FLAG.test(option));
  const old = percentage ? undefined : flagMib(options, 'max-old-space-size');
  if (old !== undefined && old * MIB <= heapSizeLimit) return old * MIB;
  const semi = flagMib(options, 'max-semi-space-size');
  const sizing = youngSizing(v8Version);
  // Without any size given (0 is none) V8 sizes the young generation after the old one: its largest
  // only from a 2 GiB old generation on, a few MiB in a small heap (--max-heap-size=200, a small
  // machine's default). An old-space size given in a form not read here (`-max-old-space-size=`, a
  // quoted value) leaves the young generation as large as without it, its largest on most machines:
  // the smaller limit is kept.
  const fitting =
    semi === undefined &&
    !options.some((option) => OLD_SPACE_FLAG.test(option) && !READ_OLD_SPACE_FLAG.test(option))
      ? defaultOld(heapSizeLimit, sizing)
      : heapSizeLimit - 3 * powerOfTwo((semi ?? sizing.maxSemiMib) * MIB);
  // Options that leave no room for an old generation do not describe this heap (V8's limit always
  // holds its young generation): half the limit then. A real old generation may be less than half:
  // Node 24's `--max-old-space-size=100` has a 292 MiB heap limit.
  return fitting > 0 ? fitting : heapSizeLimit / 2;
}

/** NODE_OPTIONS' options. */
function environmentOptions(): string[] {
  return (process.env.NODE_OPTIONS ?? '').split(/\s+/);
}

/** Node's options as V8 got them: NODE_OPTIONS first, then the command line's. */
function nodeOptions(): string[] {
  return [...environmentOptions(), ...process.execArgv];
}

/**
 * The change that raises the old generation's limit to `mib`, for the hint. An old-space size on
 * node's command line (`node --max-old-space-size=512 bin/apigw-errors.js …`, any spelling, 0 too)
 * comes after NODE_OPTIONS and wins over it, so the size is raised there; otherwise in NODE_OPTIONS,
 * whose old-space size V8 also takes over a command line's --max-heap-size. A percentage there wins
 * over both, so it is the one to replace.
 */
export function raiseLimitHint(
  mib: number,
  commandLine: readonly string[],
  environment: readonly string[] = [],
): string {
  const has = (options: readonly string[], flag: RegExp) => options.some((option) => flag.test(option));
  const wins = '(the percentage wins over any --max-old-space-size)';
  if (has(commandLine, OLD_SPACE_PERCENTAGE_FLAG))
    return `node --max-old-space-size=${mib} in place of --max-old-space-size-percentage on node's command line ${wins}`;
  const onCommandLine = has(commandLine, OLD_SPACE_FLAG);
  const raise = onCommandLine
    ? `node --max-old-space-size=${mib} (on node's command line, where it is set now; NODE_OPTIONS would not override it)`
    : `NODE_OPTIONS=--max-old-space-size=${mib}`;
  if (!has(environment, OLD_SPACE_PERCENTAGE_FLAG)) return raise;
  return onCommandLine
    ? `${raise}, and drop --max-old-space-size-percentage from NODE_OPTIONS ${wins}`
    : `${raise} in place of its --max-old-space-size-percentage ${wins}`;
}

/** Whether a run that holds `held` bytes after a full collection stops: more than STOP_ABOVE of the limit. */
export function heapFull(held: number, limit: number): boolean {
  return held > limit * STOP_ABOVE;
}

/**
 * The size in use from which the next look collects garbage, after a collection that left `held`:
 * half of what it left free, but no later than STOP_ABOVE of the limit, where V8 may give up on its
 * own before the watch looks again; and never sooner than half of what STOP_ABOVE leaves free past
 * `held`, or a run that fits holding just under STOP_ABOVE would be collected at every look (each
 * collection marks all it holds, and V8 counts the time against the run).
 */
export function nextCollectAbove(held: number, limit: number): number {
  return Math.max(
    limit * COLLECT_FROM,
    Math.min(held + (limit - held) / 2, limit * STOP_ABOVE),
    held + (limit * (1 - STOP_ABOVE)) / 2,
  );
}

/** What the watch reads of the heap, and how it collects garbage. */
export interface HeapProbe {
  /** The old generation's limit in bytes (oldGenerationLimit). */
  readonly limit: number;
  /** Bytes in use now, garbage included. */
  used(): number;
  /** A full garbage collection. */
  collect(): void;
  /** Node's command-line options, where the hint looks for the limit (none when not given). */
  readonly commandLine?: readonly string[];
  /** NODE_OPTIONS' options, where the hint looks for a percentage that wins over any size. */
  readonly environment?: readonly string[];
}

let fullCollection: (() => void) | undefined;

/** A full collection, as `node --expose-gc`'s gc(); the flag is set on first use, as jest-leak-detector does. */
function collectGarbage(): void {
  if (fullCollection === undefined) {
    setFlagsFromString('--expose-gc');
    fullCollection = runInNewContext('gc') as () => void;
  }
  fullCollection();
}

function v8Probe(): HeapProbe {
  return {
    limit: oldGenerationLimit(getHeapStatistics().heap_size_limit, nodeOptions()),
    used: () => getHeapStatistics().used_heap_size,
    collect: collectGarbage,
    commandLine: process.execArgv,
    environment: environmentOptions(),
  };
}

/** How the hint tells to make a run smaller when it reads inputs. */
const SPLIT_INPUTS = 'split the inputs across runs';

/**
 * A watch for one run. `where` says how far the run got (`reading input 2 of 3, 40.0 of 60.0 MiB
 * read`), for the line that stops it; `split` how to make the run smaller, for its hint.
 */
export function heapWatch(
  where: () => string,
  probe: HeapProbe = v8Probe(),
  split: string = SPLIT_INPUTS,
): { check(): void } {
  let collectAbove = probe.limit * COLLECT_FROM;
  return {
    check(): void {
      if (probe.used() < collectAbove) return;
      probe.collect();
      // Right after a full collection the young generation is empty: what is in use is held.
      const held = probe.used();
      if (heapFull(held, probe.limit)) throw heapLimitError(probe, where(), split);
      collectAbove = nextCollectAbove(held, probe.limit);
    },
  };
}

function heapLimitError(probe: HeapProbe, where: string, split: string): HeapLimitError {
  const suggested = 2 ** Math.ceil(Math.log2((2 * probe.limit) / MIB));
  return new HeapLimitError(
    `the inputs need more memory than this Node allows (${Math.round(probe.limit / MIB)} MiB of heap); stopped ${where}`,
    `${split}, or raise the limit if the machine has the memory: ${raiseLimitHint(suggested, probe.commandLine ?? [], probe.environment ?? [])}`,
  );
}
