/** The whole pure pipeline over plain data: parse → join → classify. No I/O, no AWS. */
import { classify } from './classify';
import { joinRequests, type SourcedAccess, type SourcedExecution } from './join';
import { parseBatch } from './parse';
import type { Analysis, ClassifiedRequest, LogBatch, RequestSummary, UnparsedLine } from './types';

/**
 * Analyzes batches read together (one delivery, or all files of one CLI run): lines of one request
 * are joined across batches by request id, and the strongest evidence decides its cause.
 */
export function analyze(batches: readonly LogBatch[]): Analysis {
  const access: SourcedAccess[] = [];
  const execution: SourcedExecution[] = [];
  const unparsed: UnparsedLine[] = [];
  let events = 0;
  batches.forEach((batch, index) => {
    const parsed = parseBatch(batch, index);
    events += parsed.events;
    for (const record of parsed.access) access.push({ record, source: batch.source });
    for (const line of parsed.execution) execution.push({ line, source: batch.source });
    unparsed.push(...parsed.unparsed);
  });

  const failures: ClassifiedRequest[] = [];
  const requests: RequestSummary[] = [];
  for (const request of joinRequests(access, execution)) {
    const failure = classify(request);
    if (failure) failures.push(failure);
    requests.push({
      requestId: request.requestId,
      api:
        failure?.api ??
        request.access?.apiId ??
        request.execution?.apiId ??
        request.source.logGroup ??
        request.source.name ??
        '-',
      stage: failure?.stage ?? request.access?.stage ?? request.execution?.stage ?? '-',
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
      accessLines: access.length,
      executionLines: execution.length,
      requests: requests.length,
      failed: failures.length,
      unparsed: unparsed.length,
    },
  };
}
