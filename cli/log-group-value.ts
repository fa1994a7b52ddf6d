/**
 * What a `--log-group` value names: a log group's name, its ARN, or a CloudWatch console URL pasted
 * instead (a log group's page, its events or a search, or a Logs Insights query), which a pull does
 * not take: the refusal suggests the command that pulls what the URL showed (its groups and time range)
 * and says what of it a pull would leave behind (a stream filter, one stream, a filter pattern, a query).
 */
import { type DetailValue, insightsDetail } from './insights-link';
import { durationText, parseTimePoint, parseTimeRange, TimeRangeError } from './time-range';

/** A log group's ARN as the console shows it (`…:log-group:NAME:*`): its name and its ARN without `:*`. */
const LOG_GROUP_ARN = /^(arn:aws[a-z-]*:logs:([a-z0-9-]+):\d{12}:log-group:([^:]+))(?::\*)?$/;

/** A `--log-group` value: a name, or an ARN, which names the group the logs came from too. */
export function logGroupOf(value: string): { logGroupName: string; logGroupArn?: string; region?: string } {
  const arn = LOG_GROUP_ARN.exec(value);
  return arn?.[1] !== undefined && arn[2] !== undefined && arn[3] !== undefined
    ? { logGroupName: arn[3], logGroupArn: arn[1], region: arn[2] }
    : { logGroupName: value };
}

/** The CloudWatch console's address (`https://<region>.console.aws.amazon.com/cloudwatch/…`, or a China Region's). */
export const CONSOLE_URL = /^https?:\/\/([a-z0-9-]+\.)*console\.(aws\.amazon\.com|amazonaws\.cn)\//i;
/**
 * What follows `log-group/` in its `#logsV2:log-groups/log-group/<name>[/log-events[/<stream>]]`
 * fragment, with a query after it (`$3F…`); `/` inside a name is encoded, so a bare one parts them.
 */
const CONSOLE_LOG_GROUP = /#logsV2:log-groups\/log-group\/([^?&]+)/;

/** The query after the group or its events, `?` written `$3F` (or `$253F`): a stream list's `?logStreamNameFilter=…`, a search's `?filterPattern=…&start=…`. */
const CONSOLE_QUERY = /\$(?:25)?3F/i;

/** What a console URL pasted as `--log-group` names: its groups (none when they cannot be read) and what a pull would leave out. */
export interface ConsoleLink {
  readonly logGroupNames: readonly string[];
  /** A Logs Insights URL's query: it would not be run; unset without one or when empty. */
  readonly insightsQuery?: string;
  /** The stream list's prefix filter; `null` when it does not decode; unset without one. */
  readonly streamFilter?: string | null;
  /** The one stream whose events it shows (`/log-events/<stream>`); `null` when it does not decode. */
  readonly stream?: string | null;
  /** The events' search (`filterPattern`); `null` when it does not decode; unset without one or when empty. */
  readonly filterPattern?: string | null;
  /** Its time range (`start`, `end`) as `--since`/`--until` values; `null` when it cannot be read; unset without one. */
  readonly range?: { readonly since?: string; readonly until?: string } | null;
}

/** A `start` or `end` in a query that did not decode: the range is there, but cannot be read. */
const CONSOLE_TIME_KEY = /\$(?:25)?(?:3F|26)(?:start|end)\$(?:25)?3D/i;

/**
 * A console URL's `start` or `end` as a `--since`/`--until` value, or null when it is none of the
 * console's forms: negative milliseconds back from now (`-3600000`, the console's relative range),
 * epoch milliseconds, or an ISO time.
 */
function consoleTime(value: string): string | null {
  if (/^-\d+$/.test(value)) return durationText(-Number(value)) ?? null;
  if (/^\d+$/.test(value)) {
    const ms = Number(value);
    return Number.isSafeInteger(ms) && ms <= 8.64e15 ? new Date(ms).toISOString() : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  try {
    parseTimePoint(value, 'start', 0);
    return value;
  } catch {
    return null;
  }
}

/**
 * A console URL's time range, from its query's parameters (null: a time that cannot be read, or a
 * range --since and --until would refuse, such as a start not before its end or in the future: the
 * command suggested with it would fail).
 */
function consoleRange(params: URLSearchParams, now: () => number): ConsoleLink['range'] {
  const start = params.get('start') || undefined;
  const end = params.get('end') || undefined;
  if (start === undefined && end === undefined) return undefined;
  const since = start === undefined ? undefined : consoleTime(start);
  const until = end === undefined ? undefined : consoleTime(end);
  return checkedRange(since, until, now);
}

/** `--since`/`--until` values read from a console URL, or null when one could not be read or --since and --until would refuse them. */
function checkedRange(
  since: string | null | undefined,
  until: string | null | undefined,
  now: () => number,
): ConsoleLink['range'] {
  if (since === null || until === null) return null;
  try {
    parseTimeRange(since, until, now());
  } catch (error) {
    if (error instanceof TimeRangeError) return null;
    throw error;
  }
  return { ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) };
}

/** The console's twice-encoded text (`$252F` for `/`) decoded, or null when it does not decode. */
function consoleDecoded(encoded: string): string | null {
  try {
    return decodeURIComponent(decodeURIComponent(encoded.replaceAll('$', '%')));
  } catch {
    return null;
  }
}

/**
 * What a console URL pasted as `--log-group` names, or undefined for a value that is no console URL.
 * The console encodes the name twice, `$` standing for `%` (`/` is `$252F`): sent as a name, it is
 * a group that does not exist. The group, a stream after it and a query (a stream filter, a filter
 * pattern) are decoded apart: one that does not decode (a `[$LATEST]` or a `%` left bare by the
 * code that built the link) must not leave the group's name encoded.
 */
export function consoleLink(value: string, now: () => number): ConsoleLink | undefined {
  if (!CONSOLE_URL.test(value.trim())) return undefined;
  const tail = CONSOLE_LOG_GROUP.exec(value)?.[1];
  if (tail === undefined) return insightsLink(value, now) ?? { logGroupNames: [] };
  const at = tail.search(CONSOLE_QUERY);
  const [group = '', events, stream] = (at < 0 ? tail : tail.slice(0, at)).split('/');
  let logGroupName = group.replaceAll('$', '%');
  // Twice: `$252F` is `%252F`, then `%2F`, then `/`; a stray `%` leaves what decoded so far.
  for (let pass = 0; pass < 2; pass++) {
    try {
      logGroupName = decodeURIComponent(logGroupName);
    } catch {
      break;
    }
  }
  // No group before the query (`log-group/$3Fstart…`), or none CloudWatch would take: none is named.
  const link: { -readonly [K in keyof ConsoleLink]: ConsoleLink[K] } = {
    logGroupNames: LOG_GROUP_NAME.test(logGroupName) ? [logGroupName] : [],
  };
  if (events === 'log-events' && stream !== undefined && stream !== '') link.stream = consoleDecoded(stream);
  if (at < 0) return link;
  const encodedQuery = tail.slice(at);
  const query = consoleDecoded(encodedQuery);
  const params = query === null ? undefined : new URLSearchParams(query.slice(1));
  for (const [key, name] of [
    ['streamFilter', 'logStreamNameFilter'],
    ['filterPattern', 'filterPattern'],
  ] as const) {
    // A query that does not decode holds a value that cannot be read, when it holds the key at all.
    const got =
      params === undefined
        ? encodedQuery.includes(name)
          ? null
          : undefined
        : (params.get(name) ?? undefined);
    if (got !== undefined && got !== '') link[key] = got;
  }
  const range =
    params === undefined
      ? CONSOLE_TIME_KEY.test(encodedQuery)
        ? null
        : undefined
      : consoleRange(params, now);
  if (range !== undefined) link.range = range;
  return link;
}

/** What CloudWatch Logs takes as a log group's name. */
const LOG_GROUP_NAME = /^[\w./#-]{1,512}$/;

/** The most log groups one Logs Insights query takes: a `source` of more is no console URL's. */
const MAX_INSIGHTS_GROUPS = 50;

/** Whether a Logs Insights `source` entry is a log group's name, or an ARN whose group part is one. */
function isGroupOrArn(entry: DetailValue): entry is string {
  if (typeof entry !== 'string') return false;
  const name = LOG_GROUP_ARN.exec(entry)?.[3] ?? entry;
  return LOG_GROUP_NAME.test(name);
}

/**
 * What a Logs Insights console URL names: the groups of its `source`, when each is a log group's
 * name or ARN (checked as a name too: the hint is a command to paste into a shell), and its range;
 * undefined when it names no group that reads with confidence.
 */
function insightsLink(value: string, now: () => number): ConsoleLink | undefined {
  const detail = insightsDetail(value);
  if (detail === undefined || detail === null || typeof detail !== 'object' || Array.isArray(detail))
    return undefined;
  const fields = detail as { readonly [key: string]: DetailValue };
  const source = fields.source;
  if (!Array.isArray(source) || source.length === 0 || source.length > MAX_INSIGHTS_GROUPS) return undefined;
  const names = new Set<string>();
  for (const group of source as readonly DetailValue[]) {
    if (!isGroupOrArn(group)) return undefined;
    names.add(group);
  }
  const query = fields.editorString;
  const range = insightsRange(fields, now);
  return {
    logGroupNames: [...names],
    ...(typeof query === 'string' && query.trim() !== '' && { insightsQuery: query }),
    ...(range !== undefined && { range }),
  };
}

/** Milliseconds in each unit a relative Logs Insights range may count in. */
const INSIGHTS_UNIT_MS: { readonly [unit: string]: number } = {
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/**
 * A Logs Insights URL's range: RELATIVE, `start` and `end` counted back from now in its `unit`
 * (`end` 0 is now); ABSOLUTE, epoch milliseconds or ISO times. Anything else is a range that cannot
 * be read (null).
 */
function insightsRange(
  fields: { readonly [key: string]: DetailValue },
  now: () => number,
): ConsoleLink['range'] {
  const { start, end, timeType, unit } = fields;
  if (start === undefined && end === undefined) return undefined;
  if (timeType === 'RELATIVE') {
    const unitMs = typeof unit === 'string' ? INSIGHTS_UNIT_MS[unit] : undefined;
    const back = (time: DetailValue | undefined, zero: undefined | null) => {
      if (time === undefined || time === 0) return zero;
      return unitMs === undefined || typeof time !== 'number' ? null : (durationText(-time * unitMs) ?? null);
    };
    // No start is no range the console would show: refused as unreadable.
    return checkedRange(back(start, null), back(end, undefined), now);
  }
  if (timeType === 'ABSOLUTE') {
    // Epoch milliseconds as a number, an ISO time as a string; a time back from now is no absolute one.
    const at = (time: DetailValue | undefined) =>
      time === undefined
        ? undefined
        : (typeof time === 'number' && time >= 0) || (typeof time === 'string' && /^\d{4}-/.test(time))
          ? consoleTime(String(time))
          : null;
    return checkedRange(at(start), at(end), now);
  }
  return null;
}

/**
 * The hint of the refusal of a console URL given as `--log-group`: the command that pulls what it
 * showed, and what a pull would leave behind. `flagsGiven`: the user gave --since or --until, which win.
 */
export function consoleLinkHint(link: ConsoleLink, flagsGiven: boolean): string {
  // A pull reads every event of every stream of the group: what the URL narrowed it to (a stream
  // filter, one stream, a filter pattern) is said to be left behind.
  const leftBehind = (what: string, value: string | null | undefined, applied: string) =>
    value === undefined
      ? []
      : value === null
        ? [`the URL's ${what} could not be read, and would not be ${applied}`]
        : [`the URL's ${what} ${JSON.stringify(value)} would not be ${applied}`];
  const said = [
    ...leftBehind('stream filter', link.streamFilter, 'applied'),
    ...leftBehind('stream', link.stream, 'the only one read'),
    ...leftBehind('filter pattern', link.filterPattern, 'applied'),
    // A query is long and spans lines: named, not quoted.
    ...(link.insightsQuery === undefined ? [] : ["the URL's Logs Insights query would not be run"]),
  ];
  const groups = link.logGroupNames.length > 1 ? 'groups' : 'group';
  const read =
    link.filterPattern === undefined && link.insightsQuery === undefined
      ? `every stream of the ${groups}`
      : `every event of the ${groups}`;
  // The range the URL showed is the one the user wants pulled, unless their own flags say otherwise.
  const range = link.range;
  const rangeFlags =
    range === undefined || range === null || flagsGiven
      ? ''
      : `${range.since === undefined ? '' : ` --since ${range.since}`}${range.until === undefined ? '' : ` --until ${range.until}`}`;
  const rangeSaid =
    range === undefined
      ? ''
      : flagsGiven
        ? "; the URL's time range would not be applied: --since or --until given wins"
        : range === null
          ? "; the URL's time range could not be read, and would not be applied: give it as --since and --until"
          : '';
  return link.logGroupNames.length === 0
    ? "copy the log group's name from the console"
    : `give ${link.logGroupNames.map(logGroupOption).join(' ')}${rangeFlags}${said.length === 0 ? '' : `; ${said.join(', and ')}: ${read} is read`}${rangeSaid}`;
}

/**
 * `--log-group NAME` as a command line gives it; `--log-group=NAME` for a name starting with `-`
 * (the option parser would take it for an option) or `#` (a shell would take the rest for a comment).
 */
function logGroupOption(name: string): string {
  return name.startsWith('-') || name.startsWith('#') ? `--log-group=${name}` : `--log-group ${name}`;
}
