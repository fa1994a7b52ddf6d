/**
 * Metamorphic test over the REAL trails that call an AWS service other than Lambda (an SQS, Step
 * Functions, execute-api or ELB host in `Endpoint request URI:` / `Sending request to`), and the
 * real samples that are an AWS service's answer body alone (SQS's AccessDenied and
 * UnknownOperationException, no URL pasted): each is rewritten in a way that keeps what the service
 * answered, and must keep its verdicts (request id, client status, cause, masked flag, confidence),
 * or what a named exception below says the rewrite took away.
 *
 * Every variant is a SYNTHETIC rewrite of real lines, named by what it does:
 * - `body-cut-N`, `body-cut-N-truncated`: the `Endpoint response body before transformations:`
 *   message cut at its N-th character (every 64th), bare as a paste cuts it, or followed by
 *   ` [TRUNCATED]` as API Gateway cuts a body at 1 KiB;
 * - `data-trace-off`: the request and response header and body lines gone, with a body's
 *   continuation lines, as `dataTraceEnabled=false` logs the trail;
 * - `region-eu-west-3`, `account-changed`, `fips-host`, `partition-swapped`: the region and account
 *   in every host, URL and ARN changed, the service's host its `-fips` one, or the trail moved
 *   between the `aws` and `aws-cn` partitions (`.amazonaws.com` ↔ `.amazonaws.com.cn`);
 * - `json-keys-reordered`: the answer's JSON keys in reverse order at every depth, pretty-printed
 *   on one line;
 * - `target-header-added`, `request-headers-removed`: an `Endpoint request headers:` line with the
 *   `X-Amz-Target` of the operation the integration calls (JSON-protocol services), or the trail's
 *   request headers line left out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cause } from '../../../lambda/core/taxonomy';
import type { ClassifiedRequest, Confidence } from '../../../lambda/core/types';
import { failuresOf, realLogs } from '../../support/fragments';

const ENDPOINT_HOST = /(?:Endpoint request URI:|Sending request to) https?:\/\/([^/\s?]+)/;
const AWS_HOST = /\.amazonaws\.com(?:\.cn)?$/;

/**
 * The real samples that are an AWS service's answer with no endpoint line: what the rewrites of the
 * answer body apply to, though no host can be rewritten.
 */
const BODY_ONLY_SERVICE_ANSWERS = [
  'GH-apigateway-sqs-lambda-1-sqs-access-denied',
  'GLENNLUM-oct16-sqs-json-access-denied-body-only',
  'GH-kdevkr-sqs-unknown-operation',
] as const;

function callsAwsService(lines: readonly string[]): boolean {
  return lines.some((line) => {
    const host = ENDPOINT_HOST.exec(line)?.[1];
    return host !== undefined && AWS_HOST.test(host) && !host.startsWith('lambda.');
  });
}

const SAMPLES = realLogs().filter(
  (s) => callsAwsService(s.lines) || (BODY_ONLY_SERVICE_ANSWERS as readonly string[]).includes(s.id),
);

/** What a failure is judged by. */
interface Verdict {
  readonly requestId: string;
  readonly status: number | null;
  readonly cause: Cause;
  readonly masked: boolean;
  readonly confidence: Confidence;
}

function verdictsOf(lines: readonly string[]): Verdict[] {
  return failuresOf(lines)
    .map((f: ClassifiedRequest) => ({
      requestId: f.requestId,
      status: f.clientStatus ?? null,
      cause: f.cause,
      masked: f.masked,
      confidence: f.confidence,
    }))
    .sort((a, b) => a.requestId.localeCompare(b.requestId));
}

// ---- the rewrites ------------------------------------------------------------------------------

const BODY_MESSAGE = 'Endpoint response body before transformations:';
/** Data-trace lines: what API Gateway logs only with `dataTraceEnabled=true`. */
const DATA_TRACE_MESSAGE =
  /(?:Method request headers|Method request body before transformations|Endpoint request headers|Endpoint request body after transformations|Endpoint response headers|Endpoint response body before transformations|Method response body after transformations|Method response headers):/;
/** A line's own start: the request id in parentheses or a console test stamp, as these trails write them. */
const LINE_PREFIX = /^(?:\([0-9a-f-]{36}\) |\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : )/;

function replaceAt(lines: readonly string[], index: number, line: string): string[] {
  return lines.map((l, i) => (i === index ? line : l));
}

/** The index of the first line carrying this message, and the text before the message. */
function messageAt(
  lines: readonly string[],
  message: string | RegExp,
): { index: number; prefix: string } | undefined {
  for (const [index, line] of lines.entries()) {
    const at = typeof message === 'string' ? line.indexOf(message) : line.search(message);
    if (at >= 0) return { index, prefix: line.slice(0, at) };
  }
  return undefined;
}

function bodyCuts(lines: readonly string[]): [string, string[]][] {
  const body = messageAt(lines, BODY_MESSAGE);
  if (body === undefined) return [];
  const line = lines[body.index] as string;
  const message = line.slice(body.prefix.length);
  const variants: [string, string[]][] = [];
  for (let n = 64; n < message.length; n += 64) {
    const cut = `${body.prefix}${message.slice(0, n)}`;
    variants.push([`body-cut-${n}`, replaceAt(lines, body.index, cut)]);
    variants.push([`body-cut-${n}-truncated`, replaceAt(lines, body.index, `${cut} [TRUNCATED]`)]);
  }
  return variants;
}

/**
 * The trail without its data-trace lines. A body's continuation lines (a multi-line request body)
 * go with it: every line up to the next that starts as the trail's lines start.
 */
function dataTraceOff(lines: readonly string[]): string[] | undefined {
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    if (DATA_TRACE_MESSAGE.test(line)) {
      dropping = LINE_PREFIX.test(line);
      continue;
    }
    if (dropping && !LINE_PREFIX.test(line)) continue;
    dropping = false;
    kept.push(line);
  }
  return kept.length === lines.length ? undefined : kept;
}

const REGION =
  /\b(?:us|eu|ap|sa|ca|me|af|cn)-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d\b/g;

function rewriteAll(lines: readonly string[], rewrite: (line: string) => string): string[] | undefined {
  const out = lines.map(rewrite);
  return out.every((l, i) => l === lines[i]) ? undefined : out;
}

/** Hosts, URLs and ARNs in another region of the same partition. */
function regionChanged(lines: readonly string[]): string[] | undefined {
  return rewriteAll(lines, (l) =>
    l.replace(REGION, (region) => (region.startsWith('cn-') ? 'cn-north-1' : 'eu-west-3')),
  );
}

/** A 12-digit account in an ARN or a queue URL's path. */
function accountChanged(lines: readonly string[]): string[] | undefined {
  return rewriteAll(lines, (l) =>
    l
      .replace(/(arn:aws(?:-cn)?:[a-z0-9-]+:[a-z0-9-]*:)\d{12}(?=:)/g, '$1210987654321')
      .replace(/(amazonaws\.com(?:\.cn)?\/)\d{12}(?=\/)/g, '$1210987654321'),
  );
}

/** A service's own host (`sqs.<region>.…`, `states.<region>.…`) as its FIPS endpoint. */
function fipsHost(lines: readonly string[]): string[] | undefined {
  return rewriteAll(lines, (l) =>
    l.replace(
      /\b(https?:\/\/)(sqs|states|sns|events|kinesis|firehose|dynamodb)\.([a-z]{2}-[a-z]+-\d\.amazonaws\.com)/g,
      '$1$2-fips.$3',
    ),
  );
}

/** The trail moved to the other partition: its hosts, regions and ARNs with it. */
function partitionSwapped(lines: readonly string[]): string[] | undefined {
  const china = lines.some((l) => /\.amazonaws\.com\.cn\b/.test(l));
  return rewriteAll(lines, (l) =>
    china
      ? l
          .replace(/\.amazonaws\.com\.cn\b/g, '.amazonaws.com')
          .replace(REGION, 'eu-west-3')
          .replace(/\barn:aws-cn:/g, 'arn:aws:')
      : l
          .replace(/\.amazonaws\.com\b/g, '.amazonaws.com.cn')
          .replace(REGION, 'cn-north-1')
          .replace(/\barn:aws:/g, 'arn:aws-cn:'),
  );
}

/** JSON written with its keys in reverse order at every depth, a space after each `{`, `:` and `,`. */
function reordered(value: unknown): string {
  if (Array.isArray(value)) return `[ ${value.map(reordered).join(', ')} ]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).reverse();
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${reordered(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

function jsonKeysReordered(lines: readonly string[]): string[] | undefined {
  const body = messageAt(lines, BODY_MESSAGE);
  if (body === undefined) return undefined;
  const line = lines[body.index] as string;
  const text = line.slice(body.prefix.length + BODY_MESSAGE.length).trim();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  return replaceAt(lines, body.index, `${body.prefix}${BODY_MESSAGE} ${reordered(value)}`);
}

/**
 * The operation a JSON-protocol integration calls, by its host: Step Functions' names itself in the
 * URL's `Action=` (the real URL runs it into the next word: only its known name is taken); SQS's
 * queue URL names none, and these samples' integrations send SendMessage (GH-universal's body,
 * `Action=SendMessage`; the CDK project queues messages).
 */
const TARGETS = [
  [
    /^states\./,
    (url: string) => /Action=(StartSyncExecution|StartExecution)/.exec(url)?.[1],
    'AWSStepFunctions',
  ],
  [/^sqs\./, () => 'SendMessage', 'AmazonSQS'],
] as const;

function targetHeaderAdded(lines: readonly string[]): string[] | undefined {
  if (lines.some((l) => l.includes('Endpoint request headers:'))) return undefined;
  const sending = messageAt(lines, 'Sending request to ');
  if (sending === undefined) return undefined;
  const url = (lines[sending.index] as string).slice(sending.prefix.length + 'Sending request to '.length);
  const host = /^https?:\/\/([^/\s?]+)/.exec(url)?.[1] ?? '';
  for (const [hostPattern, operationOf, prefix] of TARGETS) {
    const operation = hostPattern.test(host) ? operationOf(url) : undefined;
    if (operation === undefined) continue;
    const headers = `${sending.prefix}Endpoint request headers: {X-Amz-Target=${prefix}.${operation}, User-Agent=AmazonAPIGateway_v944po9kjb, Content-Type=application/x-amz-json-1.0, Host=${host}}`;
    return [...lines.slice(0, sending.index), headers, ...lines.slice(sending.index)];
  }
  return undefined;
}

function requestHeadersRemoved(lines: readonly string[]): string[] | undefined {
  const kept = lines.filter((l) => !l.includes('Endpoint request headers:'));
  return kept.length === lines.length ? undefined : kept;
}

// ---- the relations -----------------------------------------------------------------------------

type Judge = (original: readonly Verdict[], variant: readonly Verdict[]) => string | undefined;

const RANK: Record<Confidence, number> = { certain: 2, likely: 1, 'status-only': 0 };

function same(original: readonly Verdict[], variant: readonly Verdict[]): string | undefined {
  return JSON.stringify(original) === JSON.stringify(variant) ? undefined : 'verdicts changed';
}

/**
 * A cut body keeps every failure's id, status, cause and masked flag; its confidence may drop from
 * certain to likely, never rise: the cut may take the words (an error code, a status in the answer)
 * that made the cause certain, and what is left still points to it. A success stays one.
 */
function keepsCauseConfidenceMayDrop(
  original: readonly Verdict[],
  variant: readonly Verdict[],
): string | undefined {
  if (original.length !== variant.length) return 'a failure was lost or added';
  for (const [i, o] of original.entries()) {
    const v = variant[i] as Verdict;
    if (o.requestId !== v.requestId || o.status !== v.status || o.cause !== v.cause || o.masked !== v.masked)
      return `${o.requestId}: ${o.cause} became ${v.cause}`;
    if (
      RANK[v.confidence] > RANK[o.confidence] ||
      (o.confidence === 'certain' && v.confidence === 'status-only')
    )
      return `${o.requestId}: confidence ${o.confidence} became ${v.confidence}`;
  }
  return undefined;
}

interface Relation {
  readonly name: string;
  readonly variants: (lines: readonly string[]) => [string, string[]][];
  readonly judge: Judge;
}

function one(name: string, rewrite: (lines: readonly string[]) => string[] | undefined) {
  return (lines: readonly string[]): [string, string[]][] => {
    const variant = rewrite(lines);
    return variant === undefined ? [] : [[name, variant]];
  };
}

const RELATIONS: readonly Relation[] = [
  { name: 'the answer body cut every 64 characters', variants: bodyCuts, judge: keepsCauseConfidenceMayDrop },
  // The same judge: the body was what made a cause certain (SQS's AccessDenied). A less specific
  // cause of the same family would be allowed here too, but no sample needs one: an AWS service's
  // status alone still names the cause its body did (a 403 the role refused, a 400 API Gateway
  // could not map).
  {
    name: 'data trace off',
    variants: one('data-trace-off', dataTraceOff),
    judge: keepsCauseConfidenceMayDrop,
  },
  {
    name: 'region, account, FIPS host and partition changed',
    variants: (lines) => [
      ...one('region-eu-west-3', regionChanged)(lines),
      ...one('account-changed', accountChanged)(lines),
      ...one('fips-host', fipsHost)(lines),
      ...one('partition-swapped', partitionSwapped)(lines),
    ],
    judge: same,
  },
  {
    name: "the answer's JSON keys reordered",
    variants: one('json-keys-reordered', jsonKeysReordered),
    judge: same,
  },
  {
    name: 'the X-Amz-Target header added or the request headers removed',
    variants: (lines) => [
      ...one('target-header-added', targetHeaderAdded)(lines),
      ...one('request-headers-removed', requestHeadersRemoved)(lines),
    ],
    judge: same,
  },
];

/**
 * Where a rewrite takes away all that named the cause: the samples that are their answer body alone
 * (no endpoint line says which service answered), with that body gone or cut before its error's
 * name. What is left is all a reader has.
 */
const EXCEPTIONS: readonly {
  readonly sample: (typeof BODY_ONLY_SERVICE_ANSWERS)[number];
  readonly variants: RegExp;
  /** The causes left; none when nothing left says a request failed. */
  readonly leaves: readonly Cause[];
  readonly why: string;
}[] = [
  {
    sample: 'GH-apigateway-sqs-lambda-1-sqs-access-denied',
    variants: /^(?:body-cut-(?:64|128)(?:-truncated)?|data-trace-off)$/,
    leaves: [],
    why: 'its one line cut before <Code>AccessDenied (an XML prolog and an ErrorResponse opening left), or gone: no status, no error',
  },
  {
    sample: 'GLENNLUM-oct16-sqs-json-access-denied-body-only',
    variants: /^(?:body-cut-64(?:-truncated)?|data-trace-off)$/,
    leaves: [],
    why: 'its one line cut at {"Error":{"Code", before the code, or gone: no status, no error',
  },
  {
    sample: 'GH-kdevkr-sqs-unknown-operation',
    variants: /^(?:body-cut-64(?:-truncated)?|data-trace-off)$/,
    leaves: ['not-found.backend'],
    why: "a 404 left alone, with no endpoint line to say SQS answered it: a backend's own not found",
  },
];

function exceptionFor(sample: string, variant: string) {
  return EXCEPTIONS.find((e) => e.sample === sample && e.variants.test(variant));
}

describe('real AWS-service trails rewritten (SYNTHETIC variants of real lines)', () => {
  const excepted = new Set<(typeof EXCEPTIONS)[number]>();
  it('finds the real samples that call an AWS service other than Lambda', () => {
    assert.ok(SAMPLES.length >= 10, SAMPLES.map((s) => s.id).join(', '));
  });
  for (const relation of RELATIONS) {
    it(`keeps the verdicts when ${relation.name}`, () => {
      const problems: string[] = [];
      let checked = 0;
      for (const sample of SAMPLES) {
        const original = verdictsOf(sample.lines);
        for (const [name, lines] of relation.variants(sample.lines)) {
          checked++;
          const variant = verdictsOf(lines);
          const exception = exceptionFor(sample.id, name);
          if (exception !== undefined) excepted.add(exception);
          const problem =
            sample.success && variant.length > 0
              ? 'a success became a failure'
              : exception !== undefined
                ? JSON.stringify(variant.map((v) => v.cause)) === JSON.stringify(exception.leaves)
                  ? undefined
                  : `not what the exception says is left (${exception.why})`
                : relation.judge(original, variant);
          if (problem !== undefined)
            problems.push(
              `${sample.id} ${name}: ${problem}\n  was ${JSON.stringify(original)}\n  now ${JSON.stringify(variant)}`,
            );
        }
      }
      assert.ok(checked > 0, 'no sample had this rewrite');
      assert.deepEqual(problems, []);
    });
  }
  it('uses every named exception, so none outlives the rewrite it excuses', () => {
    assert.deepEqual(
      EXCEPTIONS.filter((e) => !excepted.has(e)).map((e) => e.sample),
      [],
    );
  });
});
