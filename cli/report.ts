/**
 * Renders an Analysis for people (the default output) and for machines (`--json`). Pure: the
 * caller decides colour from the output stream and writes the strings.
 */
import { redact, redactCut } from '../lambda/core/redact';
import { routeLabel, topRoutes } from '../lambda/core/routes';
import { groupStatusOnlyAdvice, isStatusOnlyCause } from '../lambda/core/status-only-advice';
import { CAUSES, type Cause } from '../lambda/core/taxonomy';
import { headOf } from '../lambda/core/text-head';
import type { Analysis, ClassifiedRequest, UnparsedLine } from '../lambda/core/types';

interface ReportOptions {
  /** ANSI colour, only for a TTY without NO_COLOR (decided by the caller). */
  readonly color: boolean;
}

const TOP_ROUTES = 5;
const SAMPLE_IDS = 3;
const CAUSE_ROUTES = 3;
const UNPARSED_SAMPLES = 3;

const ANSI = {
  bold: '\u001b[1m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  dim: '\u001b[2m',
  reset: '\u001b[0m',
} as const;
type Style = keyof Omit<typeof ANSI, 'reset'>;

function styler(color: boolean): (style: Style, text: string) => string {
  return color ? (style, text) => `${ANSI[style]}${text}${ANSI.reset}` : (_style, text) => text;
}

/** A count as the report and the progress line write it: `540,000`. */
function counted(count: number): string {
  return count.toLocaleString('en');
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${counted(count)} ${count === 1 ? one : many}`;
}

interface CauseGroup {
  readonly cause: Cause;
  readonly failures: readonly ClassifiedRequest[];
}

/** Failures grouped by cause, most frequent first; ties keep the taxonomy's order. */
function byCause(failures: readonly ClassifiedRequest[]): CauseGroup[] {
  const groups = new Map<Cause, ClassifiedRequest[]>();
  for (const failure of failures) {
    const list = groups.get(failure.cause);
    if (list) list.push(failure);
    else groups.set(failure.cause, [failure]);
  }
  return [...groups]
    .map(([cause, list]) => ({ cause, failures: list }))
    .sort((a, b) => b.failures.length - a.failures.length);
}

/** The statuses clients saw, "500/502"; undefined when no line of these requests logged one. */
function loggedStatuses(failures: readonly ClassifiedRequest[]): string | undefined {
  const statuses = [...new Set(failures.map((f) => f.clientStatus))]
    .filter((s): s is number => s !== null)
    .sort((a, b) => a - b);
  return statuses.length > 0 ? statuses.join('/') : undefined;
}

/** C0 and C1 control characters: log text may carry them, and a terminal would act on them. */
const CONTROL_CHARS = /\p{Cc}/gu;
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Log text as it can be printed: each control character written as its escape. */
function printable(text: string): string {
  return text.replace(
    CONTROL_CHARS,
    (c) => NAMED_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * What decided a cause, shown from its first sample request: the line or field that says why (already
 * short and redacted by the rules), one per line.
 */
function evidenceLines(failure: ClassifiedRequest | undefined): string[] {
  const [first, ...more] = (failure?.evidence ?? []).map(printable);
  if (failure === undefined || first === undefined) return [];
  return [`    evidence (${failure.requestId}): ${first}`, ...more.map((e) => `      ${e}`)];
}

/**
 * The routes of one cause's failures, most first: the top routes above count every cause together,
 * and a route two causes share would read as one problem. Nothing when no failure of it logged one.
 */
function causeRoutes(failures: readonly ClassifiedRequest[]): string[] {
  const routes = topRoutes(failures, CAUSE_ROUTES);
  if (routes.length === 0) return [];
  return [
    `    routes: ${routes.map(({ route, count }) => `${printable(route)} (${counted(count)})`).join(', ')}`,
  ];
}

/** The human report: masked errors first, because they are what status-code monitoring misses. */
export function renderReport(analysis: Analysis, options: ReportOptions): string {
  const style = styler(options.color);
  const { stats } = analysis;
  const out: string[] = [];
  out.push(
    style(
      'bold',
      `${plural(stats.events, 'log event')}, ${plural(stats.requests, 'request')}, ${counted(stats.failed)} failed, ${plural(stats.unparsed, 'unparsed line')}`,
    ),
  );
  if (stats.requests === 0) {
    // "No failed requests" would read as a healthy API when nothing was read as a request at all.
    const why = stats.unparsed > 0 ? ' (the lines not recognised are summarised on stderr)' : '';
    out.push('', `No API Gateway request found, so nothing can be said about failures${why}.`);
    return `${out.join('\n')}\n`;
  }
  if (analysis.failures.length === 0) {
    out.push('', 'No failed requests found.');
    return `${out.join('\n')}\n`;
  }
  const groups = byCause(analysis.failures);

  const masked = groups
    .map((g) => ({ cause: g.cause, failures: g.failures.filter((f) => f.masked) }))
    .filter((g) => g.failures.length > 0);
  if (masked.length > 0) {
    const total = masked.reduce((n, g) => n + g.failures.length, 0);
    out.push(
      '',
      style(
        'red',
        style(
          'bold',
          `MASKED ERRORS: ${plural(total, 'request')} failed for another reason than the status says`,
        ),
      ),
    );
    for (const g of masked) {
      const noun = g.failures.length === 1 ? 'request' : 'requests';
      const statuses = loggedStatuses(g.failures);
      const unlogged = g.failures.filter((f) => f.clientStatus === null).length;
      // With no status logged, the masking is the cause's own: API Gateway answers it with a status
      // of another family (a refused invoke is a 500), so the client saw that.
      const masks = CAUSES[g.cause].typicalStatus.filter((s) => s >= 500).join('/');
      const seen =
        statuses === undefined
          ? `with no logged status${masks ? ` (API Gateway answers this cause ${masks})` : ''}`
          : `answered ${statuses}${unlogged > 0 ? ` (${counted(unlogged)} with no logged status)` : ''}`;
      out.push(
        `  ${counted(g.failures.length)} ${noun} ${seen} whose real cause is ${CAUSES[g.cause].title} (${g.cause})`,
      );
    }
  }

  out.push('', style('bold', 'Failed requests by cause'));
  const width = groups.reduce((most, g) => Math.max(most, g.cause.length), Number.NEGATIVE_INFINITY);
  const countWidth = counted(groups[0]?.failures.length ?? 0).length;
  for (const g of groups) {
    const maskedCount = g.failures.filter((f) => f.masked).length;
    const note = maskedCount > 0 ? style('yellow', `  [${counted(maskedCount)} masked]`) : '';
    out.push(
      `  ${counted(g.failures.length).padStart(countWidth)}  ${g.cause.padEnd(width)}  ${CAUSES[g.cause].title} (status ${loggedStatuses(g.failures) ?? 'not logged'})${note}`,
    );
  }

  // A lone "(route not logged)" row says nothing the counts above do not: no section then.
  if (analysis.failures.some((f) => routeLabel(f) !== undefined)) {
    out.push('', style('bold', 'Top routes'));
    const routes = topRoutes(analysis.failures, TOP_ROUTES, '(route not logged)');
    const routeCountWidth = counted(routes[0]?.count ?? 0).length;
    for (const { route, count } of routes)
      out.push(`  ${counted(count).padStart(routeCountWidth)}  ${printable(route)}`);
  }

  out.push('', style('bold', 'What to do'));
  for (const g of groups) {
    const info = CAUSES[g.cause];
    const ids = g.failures.slice(0, SAMPLE_IDS).map((f) => f.requestId);
    out.push(
      '',
      `  ${style('bold', g.cause)}: ${info.title} (${plural(g.failures.length, 'request')})`,
      ...evidenceLines(g.failures[0]),
      ...causeRoutes(g.failures),
      `    owner: ${info.owner}; retry: ${info.retry}`,
      `    ${groupAdvice(g.cause, g.failures)}`,
      style('dim', `    sample request ids: ${ids.join(', ')}`),
    );
  }
  return `${out.join('\n')}\n`;
}

/**
 * A cause's advice for its group: a status-only cause's is built from what its requests' lines lack
 * (groupStatusOnlyAdvice), since one request's status and fields are not the group's (two stages'
 * exports, REST and HTTP lines in one input); any other cause's is the taxonomy's, which classify
 * gives each of its requests.
 */
function groupAdvice(cause: Cause, failures: readonly ClassifiedRequest[]): string {
  return isStatusOnlyCause(cause) ? groupStatusOnlyAdvice(cause, failures) : CAUSES[cause].advice;
}

/** The contract fields of one failed request, in the contract's order; optional ones only when known. */
const JSON_KEYS = [
  'requestId',
  'time',
  'api',
  'stage',
  'method',
  'route',
  'clientStatus',
  'cause',
  'family',
  'masked',
  'retry',
  'owner',
  'confidence',
  'evidence',
  'advice',
] as const satisfies readonly (keyof ClassifiedRequest)[];

/** One JSON object per line; picks the contract keys so nothing else leaks into the output. */
export function renderJsonLines(failures: readonly ClassifiedRequest[]): string {
  return failures
    .map((failure) => {
      const picked: Record<string, unknown> = {};
      for (const key of JSON_KEYS) if (failure[key] !== undefined) picked[key] = failure[key];
      return `${JSON.stringify(picked)}\n`;
    })
    .join('');
}

/** A sample's length in the summary; a longer one is cut there and marked `…`, as evidence is. */
const SHOWN_SAMPLE_CHARS = 120;

/**
 * A sample is cut at 200 characters before it is redacted, and its maker says so: the value its cut
 * ended in may be half a secret, and goes. A whole line of 200 characters is no cut one.
 */
function redactedSample(line: UnparsedLine): string {
  return line.cut === true ? redactCut(line.sample) : redact(line.sample);
}

function shownSample(sample: string): string {
  return sample.length > SHOWN_SAMPLE_CHARS ? `${headOf(sample, SHOWN_SAMPLE_CHARS)}…` : sample;
}

/**
 * The stderr summary of lines nothing recognised: counts by reason and a few samples. A sample is the
 * start of a line as it was written, which may echo a request (a pretty-printed body, a header map),
 * so it is redacted like evidence before it is shown; only the few shown are, since a file of
 * millions of unparsed lines would pay for every one.
 */
export function renderUnparsedSummary(unparsed: readonly UnparsedLine[]): string {
  if (unparsed.length === 0) return '';
  const reasons = new Map<string, number>();
  for (const line of unparsed) reasons.set(line.reason, (reasons.get(line.reason) ?? 0) + 1);
  const out = [`apigw-errors: ${plural(unparsed.length, 'line')} not recognised as API Gateway logs:`];
  for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]))
    out.push(`  ${counted(count)} × ${reason}`);
  out.push('  samples:');
  for (const line of unparsed.slice(0, UNPARSED_SAMPLES)) {
    const where = line.source?.name ?? line.source?.logGroup;
    const detail = line.detail === undefined ? '' : ` (${line.detail})`;
    out.push(`    ${where ? `${where}: ` : ''}${JSON.stringify(shownSample(redactedSample(line)))}${detail}`);
  }
  return `${out.join('\n')}\n`;
}
