/**
 * Parses REST execution-log text in the shapes users have: CloudWatch events `(requestId) message`,
 * console test-invoke output (`Mon Nov 29 13:31:04 UTC 2021 : message`, under an `Execution log for
 * request <id>` header), ISO-timestamped lines, bare messages, and multi-line events whose JSON body
 * continues on the following lines.
 */
import { isoTimeMs } from './iso-time';

/**
 * REST request ids are UUIDs; WebSocket ones are base64 (`PDS1PEC4oAMFpyA=`), padding included. Those
 * are base64url, so in API Gateway's own 16-character shape (GATEWAY_ID) a `-` or `_` may come first.
 */
const PREFIXED = /^\(([0-9A-Za-z][0-9A-Za-z+/_-]{7,63}={0,2}|[A-Za-z0-9_+/-]{15}=)\) ?/;
/**
 * A request id someone hid before pasting the line (`(***)`, `(****…)`, or a placeholder as documentation
 * writes it: `(XXXXX)`, `(xxxxxxxx-xxxx-…)`, `(<request-id>)`, `(...)`): still a prefix, but it names
 * no request.
 */
const MASKED_PREFIX = /^\((?:\*{3,64}|[Xx]{3,64}(?:-[Xx]{1,64}){0,8}|<[\w -]{1,40}>)\) ?/;
/**
 * `(...)` is such a placeholder only before a known message: pasted text also marks lines it left
 * out with it, on a line of its own or inside a body.
 */
const ELIDED_ID = /^\((?:\.{3}|…)\) ?/;

/**
 * A list's number or letter (`(1) `, `(12) `, `(b) `, `(iv) `), as prose numbers points: before a
 * known message it is a paste mark, not an id, so a trail a page numbered line by line stays one
 * request (read as SHORT_ID, each line named a request of its own).
 */
const LIST_NUMBER = /^\((?:\d{1,3}|[A-Za-z]|[ivx]{2,4})\) ?/;

function maskedPrefix(text: string): RegExpExecArray | null {
  const masked = MASKED_PREFIX.exec(text);
  if (masked) return masked;
  const elided = ELIDED_ID.exec(text) ?? LIST_NUMBER.exec(text);
  return elided && isKnownExecutionMessage(text.slice(elided[0].length)) ? elided : null;
}

/**
 * An id shorter than any API Gateway writes (`(abc-1)`, `(12345)`): one a writer shortened or made up
 * when sharing a trail, still one request's lines. Read as an id only before a message API Gateway
 * writes, since pasted text puts `(sic)` and the like before anything, and never when it is a list's
 * number (LIST_NUMBER).
 */
const SHORT_ID = /^\(([0-9A-Za-z][0-9A-Za-z_-]{0,6})\) ?/;
/**
 * An id a writer cut short and marked so (`(7735a87a...)`, `(7735a87a…)`): its start still names the
 * request, read as SHORT_ID is, before a message API Gateway writes only. A digit in it, as ids have:
 * `(Sometimes...)` is prose.
 */
const ELIDED_END_ID = /^\((?=[^)]{0,64}\d)([0-9A-Za-z][0-9A-Za-z_-]{3,63}(?:\.{3}|…))\) ?/;

/** The start of a request id a writer cut short (ELIDED_END_ID), or undefined for a whole one. */
export function elidedIdStem(requestId: string): string | undefined {
  if (requestId.endsWith('...')) return requestId.slice(0, -3);
  if (requestId.endsWith('…')) return requestId.slice(0, -1);
  return undefined;
}

/**
 * The `(requestId) ` prefix at the start of text, unless it is a placeholder: PREFIXED and SHORT_ID
 * also read a run of x's (`(xxxxxxxx-xxxx-…)`, a page's UUID-shaped placeholder, `(XXXXX)`), and no
 * real id is one (REST ids are hex UUIDs).
 */
function prefixOf(text: string): RegExpExecArray | null {
  if (MASKED_PREFIX.test(text)) return null;
  const prefixed = PREFIXED.exec(text);
  if (prefixed) return prefixed;
  const short = SHORT_ID.exec(text) ?? ELIDED_END_ID.exec(text);
  return short && !LIST_NUMBER.test(text) && isKnownExecutionMessage(text.slice(short[0].length))
    ? short
    : null;
}

/** Whether text starts with a CloudWatch `(requestId) ` prefix that names a request. */
export function startsWithRequestId(text: string): boolean {
  return prefixOf(text) !== null;
}
/**
 * A time a page replaced with a placeholder, as a regex source to match case-insensitively
 * (`<timestamp>`, `<TIMESTAMP>`, `<date time>`, `YYYY-MM-DDTHH:MM:SSZ`): it dates nothing.
 */
export const PLACEHOLDER_TIME = String.raw`<(?:time ?stamp|date ?time|time|date)>|YYYY-MM-DD[T ]HH:MM:SS(?:\.[sS]+)?Z?`;
/** `... ` where a pasted line's stamp was cut; only taken off before a known message. */
const ELIDED_STAMP = /^(?:\.{3}|…) (?:: )?/;
/**
 * A stamp a page replaced with a placeholder (`<timestamp> `, `YYYY-MM-DDTHH:MM:SSZ `, the console's
 * `<timestamp> : `): it dates nothing, and is only taken off before a known message.
 */
const PLACEHOLDER_STAMP = new RegExp(String.raw`^(?:${PLACEHOLDER_TIME})(?: :)?[\t ]+`, 'i');
const ISO_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?\s+/;
/**
 * The ISO stamp with a space for the `T`, as Logs Insights shows `@timestamp` (in UTC) and many tail
 * tools print it. Only taken off before a known message: a date at the start of a line is otherwise
 * any text.
 */
const SPACED_ISO_STAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?[ \t]+/;
/**
 * `zappa tail`'s `[<log stream>] [2016-10-11 15:26:57] ` in front of each event. The time is the
 * reader's local time, with no zone, so it dates nothing; taken off only before a known message.
 */
const ZAPPA_STAMP = /^(?:\[[\w+/=.$-]{1,64}\] )?\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:[.,]\d+)?\] /;
/**
 * The console's stamp. The weekday is not read (the date is), and pages reproduce it loosely (AWS's
 * own Knowledge Center prints `WE Aug 03 …`), so any two or three letters stand for it.
 */
const SPACED_STAMP_SOURCE = '[A-Z][A-Za-z]{1,2} [A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} UTC \\d{4} : ';
const HEADER = /^Execution log for request (\S+)/;
/**
 * The messages in which API Gateway itself names the request. Only these: a body, an error message
 * or what the caller sent may say "for request <id>" about anything.
 */
const REQUEST_ID_IN_TEXT =
  /^(?:Starting execution|Verifying Usage Plan|Starting authorizer: \S+) for request:? ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;

/**
 * How execution-log messages begin; a line starting otherwise, outside a request, is not ours. The last
 * three are what follows AWS's `Execution failed due to configuration error: `, which pastes often drop:
 * AWS writes each whole, so only the whole text is one (a sentence that starts with it is prose about it).
 * `User: <principal> is not authorized to perform: execute-api:…` is IAM's or a resource policy's refusal
 * of the caller as AWS's 403 pages quote it; only about execute-api, since IAM refusing a function's own
 * call (`… to perform: dynamodb:PutItem`) is that function's log. `Lambda was not able to create an ENI`
 * / `… set up VPC access` / `Lambda was unable to decrypt the environment variables` are Lambda's own
 * messages for an invoke it refused on the function's setup (ENILimitReached, SubnetIPAddressLimitReached,
 * the KMS exceptions), which API Gateway logs as the endpoint's answer and pastes quote alone; only
 * these openings with Lambda's `because …` (`because the KMS …` for a key), since "Lambda was unable to
 * …" is also how prose tells of a function's own failures. `Lambda Customer Function Error:…` is what a
 * REST API's `$context.integration.error` says of a function error, its value right after the colon,
 * which pages quote alone as they quote an HTTP API's `The Lambda function returned the following error`.
 */
const KNOWN_MESSAGE =
  /^(Extended Request Id|Verifying Usage Plan|API Key|Usage Plan|Starting (execution|authorizer)|Using valid authorizer policy|HTTP Method|Method (request|response|completed)|Endpoint (request|response)|Sending request|Received response|Successfully completed|Execution failed|Lambda (execution|invocation) failed|Lambda was (?:not able to (?:create an ENI|set up VPC access) .{0,200}? because |unable to decrypt the environment variables because (?:the )?KMS )|Lambda Customer Function Error:\S|Request (body|validation)|Missing required request|Authoriz|Unauthorized|User is not authorized|User: \S+ is not authorized to perform: execute-api:|Incoming identity|Client certificate|Key throttle|Method throttle|Stage throttle|Account throttle|Throttl|Quota|Limit Exceeded|Too Many Requests|AWS Integration Endpoint|X-ray Tracing ID|Integration (response|latency)|Transformed|Network error|Gateway response|Invalid|Could not|Unable to|Forbidden|Access denied|Missing Authentication Token|The (security token|request signature|client is not authorized|IAM role configured|response from the Lambda Authorizer|request for the IAM Authorizer|Lambda function returned the following error)|Signature expired|Request too long|Cache|Caching|Skipping|(?:Malformed Lambda (proxy )?response|There was an internal error while executing your request|General SSLEngine problem)\.?\s*$)/;

/** The console's time with no space before the colon, as a translated page prints it (`UTC 2022: …`). */
const TIGHT_STAMP_SOURCE = '[A-Z][A-Za-z]{1,2} [A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} UTC \\d{4}: ';
/**
 * Where lines that lost their breaks are split at such a stamp: only before one of a trail's own
 * entries, none of the generic openings KNOWN_MESSAGE also takes (`Invalid`, `Unable to`, `Too Many
 * Requests`, `Unauthorized`, `Forbidden`, `Quota`, `Cache`), which a body's or a script's text may
 * hold after a date of its own (`{"error":"job … UTC 2022: Too Many Requests"}`).
 */
const TRAIL_ENTRY =
  '(?:Execution log for request|Extended Request Id|Verifying Usage Plan|Usage Plan check|API Key[ :]|Starting (?:execution|authorizer)|Incoming identity|Using valid authorizer policy|Authorizer result|Unauthorized request: \\S|Unauthorized\\s*(?:$|[A-Z][A-Za-z]{1,2} [A-Z][a-z]{2} [ \\d]\\d \\d{2}:)|AuthorizerConfigurationException|HTTP Method:|Method (?:request|response|completed with status)|Endpoint (?:request|response)|Sending request to|Received response\\.|Successfully completed|Execution failed due to|Lambda (?:execution|invocation) failed with status|Gateway response|Request body|Request validation|Missing required request|(?:Key|Method|Stage|Account) throttle|AWS Integration Endpoint RequestId|X-ray Tracing ID|Malformed Lambda (?:proxy )?response|There was an internal error|General SSLEngine problem|Invalid permissions on Lambda function)';
/**
 * The console's stamp at a line's start: spaced, or tight before a message API Gateway writes (a
 * test's `Execution log for request` header, or KNOWN_MESSAGE), since `date` prints the same time and
 * a script's `echo "$(date): backing off"` is no stamp.
 */
const CONSOLE_STAMP = new RegExp(
  `^(?:${SPACED_STAMP_SOURCE}|${TIGHT_STAMP_SOURCE}(?=Execution log for request|${KNOWN_MESSAGE.source.slice(1)}))`,
);
/** Console output sometimes loses its line breaks, leaving several entries on one line. */
const CONSOLE_STAMPS = new RegExp(`${SPACED_STAMP_SOURCE}|${TIGHT_STAMP_SOURCE}(?=${TRAIL_ENTRY})`, 'g');

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

function consoleTime(stamp: string): number | undefined {
  const m = /^\w{2,3} (\w{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})/.exec(stamp);
  if (!m) return undefined;
  const month = Object.hasOwn(MONTHS, m[1] ?? '') ? MONTHS[m[1] ?? ''] : undefined;
  if (month === undefined) return undefined;
  return Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

interface ExecutionLineShape {
  readonly requestId?: string;
  readonly timeMs?: number;
  readonly message: string;
  /** True when the line carried a prefix or stamp, so it cannot be the continuation of a body. */
  readonly stamped: boolean;
  /**
   * True when the line opens with an ISO time but holds no execution-log message after it: another
   * program's log line (a Lambda runtime's, an application's), which no body continues onto either.
   */
  readonly foreign?: true;
}

/** Reads one physical line's prefix (request id, ISO or console stamp); the rest is the message. */
export function readExecutionLine(line: string): ExecutionLineShape {
  // CloudWatch's own shape, nearly every line: "(" cannot start an ISO or console stamp, so only the prefix is read.
  if (line.charCodeAt(0) === 40 /* ( */) {
    const prefixed = prefixOf(line);
    if (prefixed) return { requestId: prefixed[1], message: line.slice(prefixed[0].length), stamped: true };
    const masked = maskedPrefix(line);
    if (masked) return { message: line.slice(masked[0].length), stamped: true };
    return { message: line, stamped: false };
  }
  let rest = line;
  let timeMs: number | undefined;
  let stamped = false;
  // Pasted logs often elide a line's stamp: `... Execution failed …` still starts a message.
  const elided = ELIDED_STAMP.exec(rest);
  if (elided && isKnownAfterPrefix(rest.slice(elided[0].length))) {
    rest = rest.slice(elided[0].length);
    stamped = true;
  }
  const placeholder = PLACEHOLDER_STAMP.exec(rest);
  if (placeholder && isKnownAfterPrefix(rest.slice(placeholder[0].length))) {
    rest = rest.slice(placeholder[0].length);
    stamped = true;
  }
  const zappa = ZAPPA_STAMP.exec(rest);
  if (zappa && isKnownAfterPrefix(rest.slice(zappa[0].length))) {
    rest = rest.slice(zappa[0].length);
    stamped = true;
  }
  const spaced = SPACED_ISO_STAMP.exec(rest);
  const iso =
    ISO_STAMP.exec(rest) ?? (spaced && isKnownAfterPrefix(rest.slice(spaced[0].length)) ? spaced : null);
  // An ISO time opens any program's log line (a Lambda runtime dates each of its own so): it makes an
  // execution line only before a request id, a console stamp or a message API Gateway writes.
  if (iso && !stamped && !isExecutionAfterStamp(rest.slice(iso[0].length))) {
    return { message: line, stamped: false, foreign: true };
  }
  if (iso) {
    timeMs = isoTimeMs(iso[0].trimEnd());
    rest = rest.slice(iso[0].length);
    stamped = true;
  }
  const consoleStamp = CONSOLE_STAMP.exec(rest);
  if (consoleStamp) {
    timeMs = consoleTime(consoleStamp[0]) ?? timeMs;
    rest = rest.slice(consoleStamp[0].length);
    stamped = true;
  }
  const prefixed = prefixOf(rest);
  if (prefixed) {
    return { requestId: prefixed[1], timeMs, message: rest.slice(prefixed[0].length), stamped: true };
  }
  const masked = maskedPrefix(rest);
  if (masked) return { timeMs, message: rest.slice(masked[0].length), stamped: true };
  return { timeMs, message: rest, stamped };
}

export function isKnownExecutionMessage(message: string): boolean {
  return KNOWN_MESSAGE.test(message.trimStart());
}

/** A table's column rule, a list's or quote's mark, or an elision between a time and its message. */
const MARK_AFTER_STAMP = /^(?:[|>*•-]|\.{3}|…)[ \t]+/;

/** What may follow an ISO time on an execution line: a request id, a console stamp or a known message. */
function isExecutionAfterStamp(stamped: string): boolean {
  // A `| ` between time and message is a table's column rule (as CLOUDWATCH_LINE reads it); a list's
  // or a quote's mark, or an elision, one a page put before the message.
  const text = stamped.replace(MARK_AFTER_STAMP, '');
  return (
    prefixOf(text) !== null ||
    maskedPrefix(text) !== null ||
    CONSOLE_STAMP.test(text) ||
    isKnownExecutionMessage(text) ||
    isExecutionHeader(text)
  );
}

/**
 * A Lambda function's own log line, as its runtime writes it: the platform's `START`, `END`,
 * `REPORT` and `INIT_…` lines, a level before or after an ISO time and the function's request id
 * (Python's `[ERROR]\t2026-…Z\t<id>\t…`, Node.js's `2026-…Z\t<id>\tERROR\t…`), or its timeout
 * line; also behind the prefix `aws logs tail`, `sam logs` or a `--query … --output text` export puts
 * before it (a Lambda log stream is named `YYYY/MM/DD/[version]…`), and with .NET's lower-case levels.
 * Named so that a user who exported the function's log group learns that is what it holds.
 */
const LAMBDA_RUNTIME_LINE =
  /^(?:(?:\d{4}-\d{2}-\d{2}T\S+|\d{10}|\d{13})[\t ]+(?=\d{4}\/\d{2}\/\d{2}\/)\S+[\t ]+|\d{4}\/\d{2}\/\d{2}\/\S+[\t ]+(?:\d{4}-\d{2}-\d{2}T\S+[\t ]+)?)?(?:(?:START|END|REPORT) RequestId: |(?:INIT|RESTORE)_(?:START|REPORT|RUNTIME_DONE)\b|\[(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\]\t\d{4}-\d{2}-\d{2}T|\d{4}-\d{2}-\d{2}T[\d:.]+Z(?:\t[\w-]{8,64}\t(?:TRACE|DEBUG|INFO|WARN|ERROR|FATAL|trce|dbug|info|warn|fail|crit)\t| [\w-]{8,64} Task timed out after ))/;

export function isLambdaRuntimeLine(line: string): boolean {
  return LAMBDA_RUNTIME_LINE.test(line);
}

/** A known message, maybe behind a request id (`(id) Method completed …`): not `(truncated) …`. */
function isKnownAfterPrefix(text: string): boolean {
  const prefix = prefixOf(text) ?? maskedPrefix(text);
  return isKnownExecutionMessage(prefix ? text.slice(prefix[0].length) : text);
}

/** A line that is a CloudWatch `(id) …` event, maybe behind an ISO stamp, a `|` or an elision. */
const CLOUDWATCH_LINE = /^(?:(?:\.{3}|…) (?:: )?|\d{4}-\d{2}-\d{2}T\S+\s+(?:\|\s+)?)?\(/;

/**
 * Whether a stamp inside a line starts an entry: after white space (lost line breaks), glued to
 * the `[TRUNCATED]` with which the console cuts a long message, or glued to a closing bracket before a
 * known message. A stamp inside a quoted or escaped body (`"Thu Apr 05 …`, `\\nThu Apr 05 …`) is
 * the body's text.
 */
function startsEntry(line: string, at: number): boolean {
  const before = line.charCodeAt(at - 1);
  if (before === 32 || before === 9 || line.endsWith('[TRUNCATED]', at)) return true;
  // Glued to a message's last bracket or brace (lost line breaks), before a message API Gateway
  // writes; never to a quote or a letter, as inside a quoted or escaped body.
  if (before !== 125 /* } */ && before !== 93 /* ] */ && before !== 41 /* ) */) return false;
  const stamp = CONSOLE_STAMP.exec(line.slice(at));
  return stamp !== null && isKnownExecutionMessage(line.slice(at + stamp[0].length));
}

/**
 * Splits console lines that lost their line breaks into one entry per stamp. Found by searching for
 * the stamps themselves: a look-ahead after white space backtracked quadratically on long runs of it.
 */
export function splitConsoleEntries(line: string): string[] {
  // Every console stamp holds " UTC "; a line without it is one entry, found without a search (but
  // for a final status a page glued to the message before it). A CloudWatch `(id) …` line is one
  // event, one entry: a stamp in it is text the caller or backend wrote.
  if (!line.includes(' UTC ')) return withFinalStatusApart(line);
  if (CLOUDWATCH_LINE.test(line)) return [line];
  const entries: string[] = [];
  let start = 0;
  for (const stamp of line.matchAll(CONSOLE_STAMPS)) {
    if (stamp.index === 0 || !startsEntry(line, stamp.index)) continue;
    const entry = line.slice(start, stamp.index).trimEnd();
    if (entry !== '') entries.push(entry);
    start = stamp.index;
  }
  entries.push(line.slice(start));
  return entries;
}

const GLUED_FINAL_STATUS = ' Method completed with status';

/**
 * The messages AWS writes just before a trail's final status: a failure, a refusal, the response. Not
 * KNOWN_MESSAGE's generic openings (`Unable to`, `Invalid`, `Forbidden`, `Could not`, `Cache`), with
 * which prose starts as often ("Unable to reproduce it. Method completed with status: 502 in prod").
 */
const BEFORE_FINAL_STATUS =
  /^(?:Execution failed|Lambda (?:execution|invocation) failed|Method response|Endpoint response|Endpoint request timed out|Successfully completed|Gateway response|Unauthorized|User is not authorized|User: \S+ is not authorized to perform: execute-api:|Access denied|Missing Authentication Token|API Key|Usage Plan|(?:Key|Method|Stage|Account) throttle|Request body|Request validation|Missing required request|Authoriz|The (?:security token|request signature|client is not authorized|IAM role configured|response from the Lambda Authorizer|Lambda function returned)|Malformed Lambda (?:proxy )?response|Invalid permissions on Lambda function|There was an internal error|Network error|Signature expired|Limit Exceeded|Too Many Requests|Quota)/;

/**
 * A known message and the trail's final status that a page flattened onto one line (`Execution failed
 * due to configuration error: Malformed Lambda proxy response. Method completed with status: 502`):
 * two entries, so the status is read. Anything else stays one entry: so does a message whose body or
 * headers hold the phrase (`… body before transformations: {"log":"… Method completed with status:
 * 200"}`), which leaves a quote, brace or bracket open before it.
 */
function withFinalStatusApart(line: string): string[] {
  const at = line.indexOf(GLUED_FINAL_STATUS);
  if (at <= 0) return [line];
  // The sentence's stops before the phrase, trimmed by hand: /[.;,]+$/ retries at every stop of a
  // long run, quadratic in it.
  let end = at;
  while (end > 0 && isStop(line.charCodeAt(end - 1))) end--;
  const head = line.slice(0, end);
  return BEFORE_FINAL_STATUS.test(head.trimStart()) && closesAll(head) ? [head, line.slice(at + 1)] : [line];
}

/** `.`, `;` or `,`. */
function isStop(c: number): boolean {
  return c === 46 || c === 59 || c === 44;
}

/** Whether text leaves no double quote, brace or bracket open: the phrase after it is outside any body. */
function closesAll(text: string): boolean {
  let quotes = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */ && text.charCodeAt(i - 1) !== 92 /* \\ */) quotes++;
    else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return quotes % 2 === 0 && depth <= 0;
}

/** An id a page left out: `...`, `<request-id>`, `[REDACTED]`, `xxxxxxxx-…`, `****`. */
const PLACEHOLDER_ID = /^(?:\.{3}|…|[<[].*|[Xx]{3,64}(?:-[Xx]{1,64}){0,8}|\*{3,64})$/;

/**
 * Whether an id (a console header's, an access line's) is a placeholder a page put for it: it names
 * no request. Tested on its first character first: every access line carries an id, and a real one
 * (REST's hex UUID; WebSocket's base64 but for one in 32) starts with none of these.
 */
export function isPlaceholderId(id: string): boolean {
  const first = id.charCodeAt(0);
  return (
    (first === 46 /* . */ ||
      first === 8230 /* … */ ||
      first === 60 /* < */ ||
      first === 91 /* [ */ ||
      first === 88 /* X */ ||
      first === 120 /* x */ ||
      first === 42) /* * */ &&
    PLACEHOLDER_ID.test(id)
  );
}

/** The request id a message names, from a header or a "... for request: <id>" phrase. */
export function requestIdNamedIn(message: string): string | undefined {
  const header = HEADER.exec(message)?.[1];
  if (header !== undefined) return isPlaceholderId(header) ? undefined : header;
  return REQUEST_ID_IN_TEXT.exec(message)?.[1];
}

export function isExecutionHeader(message: string): boolean {
  return HEADER.test(message);
}

/**
 * Whether a line starts with the console's stamp (`Wed Nov 25 10:15:30 UTC 2026 : `), or with a
 * placeholder a page put for it (`<timestamp> : `) before a known message, as readExecutionLine reads it.
 */
export function startsWithConsoleStamp(line: string): boolean {
  if (CONSOLE_STAMP.test(line)) return true;
  const placeholder = PLACEHOLDER_STAMP.exec(line);
  return placeholder !== null && isKnownAfterPrefix(line.slice(placeholder[0].length));
}

/**
 * API Gateway's last word on a request and its status, as every reader of a trail reads it: a page or a
 * translation may have lost the space after the colon (`status:502`).
 */
export const FINAL_STATUS_SOURCE = String.raw`Method completed with status:? ?(\d{3})`;
/** The final status anywhere in a line (behind a stamp or an id). */
const FINAL_STATUS = new RegExp(FINAL_STATUS_SOURCE);

/** Whether a line holds a request's final `Method completed with status` message. */
export function holdsFinalStatus(line: string): boolean {
  return FINAL_STATUS.test(line);
}
