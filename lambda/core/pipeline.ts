/** The whole pure pipeline over plain data: parse → join → classify. No I/O, no AWS. */
import type { Analysis, LogBatch } from './types';

export interface AnalyzeOptions {
  /** See AnalyzerConfig.countExecutionLogs; the CLI always joins everything it reads. */
  readonly countExecutionOnlyFailures?: boolean;
}

/**
 * Analyzes batches read together (one delivery, or all files of one CLI run): lines of one
 * request are joined across batches by request id.
 */
export function analyze(batches: readonly LogBatch[], _options: AnalyzeOptions = {}): Analysis {
  // Placeholder until the parser and classifier land: reports every event as unparsed.
  const unparsed = batches.flatMap((b) =>
    b.events.map((e) => ({
      reason: 'not implemented yet',
      sample: e.message.slice(0, 200),
      source: b.source,
    })),
  );
  const events = batches.reduce((n, b) => n + b.events.length, 0);
  return {
    failures: [],
    requests: [],
    unparsed,
    stats: { events, accessLines: 0, executionLines: 0, requests: 0, failed: 0, unparsed: unparsed.length },
  };
}
