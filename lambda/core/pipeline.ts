/** The whole pure pipeline over plain data: parse → join → classify. No I/O, no AWS. */
import { classify } from './classify';
import { joinRequests, type SourcedLines } from './join';
import { joinCutIdsAcross, parseBatch } from './parse';
import {
  type Analysis,
  CHECKPOINT_EVERY,
  type Checkpoint,
  type ClassifiedRequest,
  type LogBatch,
  type RequestRecord,
  type RequestSummary,
  UNKNOWN_SCOPE,
  type UnparsedLine,
} from './types';

/** Names a joined request's cause, or nothing when it did not fail. */
type Classifier = (request: RequestRecord) => ClassifiedRequest | undefined;

/** Batches parsed, before their requests are joined: what analyzeParsed reads. */
interface ParsedBatches {
  readonly parsed: readonly SourcedLines[];
  readonly unparsed: readonly UnparsedLine[];
  /** Log events as the report counts them (a pasted time alone above a message is part of its event). */
  readonly events: number;
  readonly accessLines: number;
  readonly executionLines: number;
}

/**
 * Parses batches read together, the first step of analyze: the CLI says how many events it analyses
 * from here, the count the report gives. Ids a writer cut short are joined over all the batches, as
 * their lines are joined into requests (a trail split over two files is one request).
 */
export function parseBatches(batches: readonly LogBatch[], checkpoint?: Checkpoint): ParsedBatches {
  const parsed: SourcedLines[] = [];
  const unparsed: UnparsedLine[] = [];
  let events = 0;
  let accessLines = 0;
  let executionLines = 0;
  batches.forEach((batch, index) => {
    checkpoint?.();
    const { access, execution, unparsed: bad, events: count } = parseBatch(batch, index, checkpoint, false);
    parsed.push({ source: batch.source, access, execution });
    events += count;
    accessLines += access.length;
    executionLines += execution.length;
    // A loop, not push(...bad): spreading a few hundred thousand arguments overflows the stack.
    for (const line of bad) unparsed.push(line);
  });
  checkpoint?.();
  joinCutIdsAcross(parsed);
  return { parsed, unparsed, events, accessLines, executionLines };
}

/**
 * Analyzes batches read together (one delivery, or all files of one CLI run): lines of one request
 * are joined across batches by request id, and the strongest evidence decides its cause.
 * `classifyRequest` is only ever replaced by the benchmark, to measure everything but classification.
 */
export function analyze(batches: readonly LogBatch[], classifyRequest: Classifier = classify): Analysis {
  return analyzeParsed(parseBatches(batches), classifyRequest);
}

/** analyze after its parse: joins the parsed lines into requests and classifies each. */
export function analyzeParsed(
  { parsed, unparsed, events, accessLines, executionLines }: ParsedBatches,
  classifyRequest: Classifier = classify,
  checkpoint?: Checkpoint,
): Analysis {
  const failures: ClassifiedRequest[] = [];
  const requests: RequestSummary[] = [];
  for (const request of joinRequests(parsed, checkpoint)) {
    if (checkpoint !== undefined && (requests.length + 1) % CHECKPOINT_EVERY === 0) checkpoint();
    const failure = classifyRequest(request);
    if (failure) failures.push(failure);
    // The failure's own scope when it failed, so its count and the request total meet in one window.
    requests.push({
      requestId: request.requestId,
      api:
        failure?.api ??
        request.access?.apiId ??
        request.execution?.apiId ??
        request.source.logGroup ??
        UNKNOWN_SCOPE,
      stage: failure?.stage ?? request.access?.stage ?? request.execution?.stage ?? UNKNOWN_SCOPE,
      timeMs: request.access?.timeMs ?? request.execution?.timeMs,
      fromAccessLog: request.access !== undefined,
    });
  }
  return {
    failures,
    requests,
    unparsed,
    stats: {
      events,
      accessLines,
      executionLines,
      requests: requests.length,
      failed: failures.length,
      unparsed: unparsed.length,
    },
  };
}
