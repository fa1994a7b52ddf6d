/**
 * What the readers of pasted shapes (console panels, YAML test-invoke output) never take for their
 * own text: a log line, which is read as one.
 */
import { isExecutionHeader, readExecutionLine } from '../lambda/core/execution-log';

/**
 * A log line: an execution log's header, or any line behind a request id or a stamp the
 * execution-log reader takes off (the console's, an ISO time as `aws logs tail` prints it).
 */
export function isLogLine(line: string): boolean {
  return isExecutionHeader(line) || readExecutionLine(line).stamped;
}
