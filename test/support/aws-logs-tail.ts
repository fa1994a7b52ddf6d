/**
 * What `aws logs tail <group> --format json` prints, rebuilt from the AWS CLI's own code
 * (aws/aws-cli: awscli/customizations/logs/tail.py, PrettyJSONLogEventsFormatter) with colour off,
 * as it is when the output is no terminal (a file, a pipe):
 *
 *     '%s %s %s' % (timestamp.isoformat(), logStreamName, _format_pretty_json(message))
 *
 * `_format_pretty_json` gives `'\n' + json.dumps(json.loads(message), indent=4)` for a message that
 * is entirely JSON, so the header `<time> <stream> ` (its space kept) stands alone on its line above
 * the re-indented message; any other message follows the header on its line, as it is. Each event is
 * then right-stripped and ends with one line break. The time is a UTC datetime's isoformat():
 * microseconds only when there are any, and `+00:00` for the zone.
 */

/** Python's `datetime.isoformat()` of a UTC time in epoch milliseconds. */
export function pythonIsoFormat(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % 1000 === 0 ? `${iso.slice(0, 19)}+00:00` : `${iso.slice(0, 23)}000+00:00`;
}

/** Python's `json.dumps(value, indent=4)`: JSON.stringify's layout, with non-ASCII escaped (ensure_ascii). */
function pythonJsonDumps(value: unknown): string {
  return JSON.stringify(value, null, 4).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The message as `_format_pretty_json` prints it. */
function prettyJson(message: string): string {
  try {
    return `\n${pythonJsonDumps(JSON.parse(message))}`;
  } catch {
    return message;
  }
}

export interface TailedEvent {
  readonly timestamp: number;
  readonly logStreamName: string;
  readonly message: string;
}

/** The whole output of `aws logs tail --format json` for these events. */
export function awsLogsTailJson(events: readonly TailedEvent[]): string {
  return events
    .map(
      (e) => `${`${pythonIsoFormat(e.timestamp)} ${e.logStreamName} ${prettyJson(e.message)}`.trimEnd()}\n`,
    )
    .join('');
}
