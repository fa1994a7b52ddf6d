/**
 * `aws logs filter-log-events` and `get-log-events` printed with `--output text` (the AWS CLI's
 * text format, the default of many profiles). The CLI writes each event as one `EVENTS` row of its
 * fields sorted by name, tab-separated: `eventId, ingestionTime, logStreamName, message, timestamp`
 * for filter-log-events, `ingestionTime, message, timestamp` for get-log-events. The next token(s)
 * come first on a line of their own and `SEARCHEDLOGSTREAMS` rows last; with `--max-items`, the
 * paginated command's resume token comes after all, as a `NEXTTOKEN` row. A message is printed as it
 * is, so its tabs and line breaks stay in it: a row runs until the next row, and its timestamp is
 * after its last tab.
 */

/** The filter-log-events shape of a text row: an event id (digits), its ingestion time, its stream. */
const FILTER_ROW_HEAD = /^EVENTS\t(\d{16,})\t\d+\t([^\t\n]*)\t/;
/** The get-log-events shape: only the ingestion time before the message. */
const GET_ROW_HEAD = /^EVENTS\t\d+\t/;
const ROW_START = /^(?:EVENTS|SEARCHEDLOGSTREAMS|NEXTTOKEN)\t/;
const TRAILING_TIMESTAMP = /\t(\d+)$/;
/** Line feed, carriage return, space and tab: what may follow a row's timestamp. */
const TRAILING_BLANK = new Set([10, 13, 32, 9]);
/** The first lines it may take to reach the first row: the next token(s) line, blank lines. */
const ROW_SEARCH_LINES = 3;

/** One event as the JSON output has it, for the same reader. */
interface TextOutputEvent {
  readonly eventId?: string;
  readonly logStreamName?: string;
  readonly timestamp: number;
  readonly message: string;
}

/** Whether the text is that output: its first rows are `EVENTS` rows of either shape. */
export function isAwsTextOutput(text: string): boolean {
  const lines = text.split('\n', ROW_SEARCH_LINES + 1).filter((line) => line.trim() !== '');
  const first = lines.findIndex((line) => line.startsWith('EVENTS\t'));
  if (first < 0 || first >= ROW_SEARCH_LINES) return false;
  const row = lines[first] ?? '';
  return FILTER_ROW_HEAD.test(row) || GET_ROW_HEAD.test(row);
}

/** The events of that output, in its order; a row without a timestamp after its last tab is undefined. */
export function awsTextOutputEvents(text: string): (TextOutputEvent | undefined)[] {
  const rows: string[] = [];
  let current: string[] | undefined;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (ROW_START.test(line)) {
      if (current) rows.push(current.join('\n'));
      current = line.startsWith('EVENTS\t') ? [line] : undefined;
    } else if (current) {
      current.push(line);
    }
  }
  if (current) rows.push(current.join('\n'));
  return rows.map(eventOfRow);
}

function eventOfRow(row: string): TextOutputEvent | undefined {
  // Blank lines, and the spaces a console window's copy pads each line with, are no part of the
  // timestamp. Not /\s+$/: that retries a run of them from each one, quadratic in a message's blank lines.
  let length = row.length;
  while (length > 0 && TRAILING_BLANK.has(row.charCodeAt(length - 1))) length--;
  const body = row.slice(0, length);
  const timestamp = TRAILING_TIMESTAMP.exec(body);
  if (!timestamp) return undefined;
  const end = body.length - timestamp[0].length;
  const filter = FILTER_ROW_HEAD.exec(body);
  if (filter && filter[0].length <= end) {
    return {
      eventId: filter[1],
      logStreamName: filter[2],
      timestamp: Number(timestamp[1]),
      message: body.slice(filter[0].length, end),
    };
  }
  const get = GET_ROW_HEAD.exec(body);
  if (get && get[0].length <= end) {
    return { timestamp: Number(timestamp[1]), message: body.slice(get[0].length, end) };
  }
  return undefined;
}
