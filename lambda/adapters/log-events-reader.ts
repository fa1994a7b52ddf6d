/**
 * Pulls log events with CloudWatch Logs FilterLogEvents: every page (nextToken), with exponential
 * backoff and jitter on throttling, failures turned into a LogReadError with a closed code.
 */
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { LogBatch, LogEvent } from '../core/types';

export const LOG_READ_ERROR = {
  notFound: 'log-group-not-found',
  accessDenied: 'access-denied',
  noCredentials: 'no-credentials',
  expiredCredentials: 'expired-credentials',
  ssoSignIn: 'sso-sign-in',
  badCredentials: 'bad-credentials',
  noRegion: 'no-region',
  badRegion: 'bad-region',
  throttled: 'throttled',
  invalidParameter: 'invalid-parameter',
  unreachable: 'unreachable',
  unknownHost: 'unknown-host',
  tooLarge: 'too-large',
  unavailable: 'unavailable',
  unexpectedAnswer: 'unexpected-answer',
  noProgress: 'no-progress',
  failed: 'failed',
} as const;
export type LogReadErrorCode = (typeof LOG_READ_ERROR)[keyof typeof LOG_READ_ERROR];

export class LogReadError extends Error {
  override readonly name = 'LogReadError';
  constructor(
    readonly code: LogReadErrorCode,
    readonly logGroup: string,
    message: string,
  ) {
    super(message);
  }
}

interface LogEventsQuery {
  readonly logGroupName: string;
  /**
   * The group's ARN (without the trailing `:*`), when it was given as one: FilterLogEvents then
   * names it by ARN, which also reaches a group another account shares.
   */
  readonly logGroupArn?: string;
  /** Epoch milliseconds, inclusive. */
  readonly startTime: number;
  /** Epoch milliseconds, inclusive; omitted means "up to now". */
  readonly endTime?: number;
}

export interface PullProgress {
  readonly logGroup: string;
  readonly pages: number;
  readonly events: number;
  readonly retries: number;
}

interface LogEventsReaderOptions {
  /** Retries of one page after throttling before giving up. */
  readonly maxRetries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Most message bytes one read may hold, so a huge range fails clearly instead of exhausting memory. */
  readonly maxBytes?: number;
  /**
   * Silence on an open connection (or a connection not made) after which one call is given up. The
   * SDK's HTTP handler waits forever by default, so a request a firewall or proxy swallowed hung.
   */
  readonly readTimeoutMs?: number;
  /** The Region to call; by default the SDK's own setting (AWS_REGION, the profile's region). */
  readonly region?: string;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly onPage?: (progress: PullProgress) => void;
}

/** Throttling (5 requests/s per account and Region): worth another attempt after a wait. */
const THROTTLING = new Set(['ThrottlingException', 'LimitExceededException']);

/**
 * A brief outage, worth another attempt too: the service's own 503, or any answer with a status the
 * AWS SDK itself retries (TRANSIENT_ERROR_STATUS_CODES in @smithy/core's retry classification), such
 * as an HTML 503 or an empty 502 from a proxy or load balancer in between.
 */
const OUTAGE_NAMES = new Set(['ServiceUnavailableException']);
const OUTAGE_STATUSES = new Set([500, 502, 503, 504]);

const CREDENTIALS_REFUSED = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
]);

/** Error names that say nothing of their own: an unreadable body (an HTML page) or none. */
const ANONYMOUS_NAMES = new Set(['', 'Error', 'SyntaxError', 'Unknown']);

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function isThrottling(error: unknown): boolean {
  return THROTTLING.has((error as { name?: string }).name ?? '');
}

function isOutage(error: unknown): boolean {
  const status = httpStatus(error);
  return (
    OUTAGE_NAMES.has((error as { name?: string }).name ?? '') ||
    (status !== undefined && OUTAGE_STATUSES.has(status) && !isThrottling(error))
  );
}

/**
 * Empty pages in a row that hand back the nextToken they were sent before a read gives up. The
 * service does repeat a token while it searches streams with nothing in the range, and sending it
 * again moves on (boto3#1584, aws-cli#3191), so a repeat alone is no end; without a bound, a token
 * that never moves would be called with forever.
 */
const MAX_SAME_TOKEN_PAGES = 100;

const DEFAULTS = {
  maxRetries: 6,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxBytes: 256 * 1024 * 1024,
  /** Generous: one FilterLogEvents call scans for a bounded time and answers, even with an empty page. */
  readTimeoutMs: 60_000,
} as const;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * "Equal jitter": half the capped exponential delay is fixed so waits really grow, the other half
 * random so parallel pullers do not retry in lockstep.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const cap = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(cap / 2 + random() * (cap / 2));
}

/** The SDK's mark on an error answered by a service whose clock is minutes from this machine's, once it has corrected for it. */
function clockSkewCorrected(error: unknown): boolean {
  return (error as { $metadata?: { clockSkewCorrected?: boolean } }).$metadata?.clockSkewCorrected === true;
}

function describe(error: unknown, logGroup: string, timeoutMs: number): LogReadError {
  const name = (error as { name?: string }).name ?? '';
  const code = (error as { code?: string }).code ?? '';
  // One line: the CLI prints `apigw-errors: <what> (<hint>)`, and some SDK messages run on (a body
  // it could not parse adds "Deserialization error: …" on a line of its own).
  const message = ((error as { message?: string }).message ?? String(error)).split('\n')[0]?.trim() ?? '';
  const status = httpStatus(error);
  if (name === 'ResourceNotFoundException') {
    return new LogReadError(LOG_READ_ERROR.notFound, logGroup, `log group ${logGroup} not found`);
  }
  if (name === 'AccessDeniedException') {
    return new LogReadError(
      LOG_READ_ERROR.accessDenied,
      logGroup,
      `not allowed to read ${logGroup}: ${message}`,
    );
  }
  // A session token past its expiry (the service's ExpiredTokenException), or an AWS SSO session
  // past its expiresAt (the SDK's credential provider says so before any request is sent).
  if (
    name === 'ExpiredTokenException' ||
    (name === 'CredentialsProviderError' && /\bhas expired\b/i.test(message))
  ) {
    return new LogReadError(LOG_READ_ERROR.expiredCredentials, logGroup, 'the AWS credentials have expired');
  }
  // Credentials the service does not accept: an unknown access key ("the most likely cause is an …
  // access key ID or secret key that's not valid", the CloudWatch Logs API reference) or a signature
  // made with the wrong secret key or a clock that is off.
  if (CREDENTIALS_REFUSED.has(name)) {
    return new LogReadError(
      LOG_READ_ERROR.badCredentials,
      logGroup,
      `AWS did not accept the credentials reading ${logGroup}: ${message}`,
    );
  }
  // An AWS SSO profile with no valid token cached: "The SSO session associated with this profile is
  // invalid. To refresh this SSO session run aws sso login …" (the SDK's words, both profile forms).
  if (name === 'CredentialsProviderError' && /\baws sso login\b/i.test(message)) {
    return new LogReadError(LOG_READ_ERROR.ssoSignIn, logGroup, 'no valid AWS SSO session');
  }
  if (name === 'CredentialsProviderError') {
    return new LogReadError(LOG_READ_ERROR.noCredentials, logGroup, 'no AWS credentials found');
  }
  // The SDK says "Region is missing" when none is set, and refuses an empty one (AWS_REGION="") as not a hostname.
  if (/region is missing|region not accepted: region=""/i.test(message)) {
    return new LogReadError(LOG_READ_ERROR.noRegion, logGroup, 'no AWS Region configured');
  }
  // Any other Region it refuses so (a trailing space pasted with it, underscores) is no Region name:
  // refused before any call, so a retry cannot help.
  const refusedRegion = /region not accepted: region="(.*)" is not a valid hostname component/i.exec(message);
  if (refusedRegion !== null) {
    return new LogReadError(
      LOG_READ_ERROR.badRegion,
      logGroup,
      `the AWS Region ${JSON.stringify(refusedRegion[1])} is not a Region name`,
    );
  }
  if (isThrottling(error)) {
    return new LogReadError(
      LOG_READ_ERROR.throttled,
      logGroup,
      `still throttled reading ${logGroup}: ${message}`,
    );
  }
  if (isOutage(error)) {
    const what = [status === undefined ? '' : `HTTP ${status}`, ANONYMOUS_NAMES.has(name) ? '' : name]
      .filter((part) => part !== '')
      .join(' ');
    return new LogReadError(
      LOG_READ_ERROR.unavailable,
      logGroup,
      `CloudWatch Logs kept failing reading ${logGroup} (${what})`,
    );
  }
  if (name === 'InvalidParameterException') {
    return new LogReadError(
      LOG_READ_ERROR.invalidParameter,
      logGroup,
      `FilterLogEvents refused the request for ${logGroup}: ${message}`,
    );
  }
  // The SDK could not parse the answer: an HTML page from a proxy, or an endpoint that is not CloudWatch Logs.
  if (name === 'SyntaxError' && status !== undefined) {
    return new LogReadError(
      LOG_READ_ERROR.unexpectedAnswer,
      logGroup,
      `reading ${logGroup} failed: HTTP ${status} with an answer that is not CloudWatch Logs' JSON`,
    );
  }
  // The HTTP handler's own timeouts (connection not made, or no byte for readTimeoutMs).
  if (name === 'TimeoutError') {
    return new LogReadError(
      LOG_READ_ERROR.unreachable,
      logGroup,
      `CloudWatch Logs did not answer within ${timeoutMs / 1000} s reading ${logGroup}`,
    );
  }
  // A name DNS does not know: mostly a mistyped Region (us-east1), which makes the endpoint's host.
  if (code === 'ENOTFOUND') {
    const host = (error as { hostname?: unknown }).hostname;
    const at = typeof host === 'string' && host !== '' ? ` at ${host}` : '';
    return new LogReadError(
      LOG_READ_ERROR.unknownHost,
      logGroup,
      `cannot reach CloudWatch Logs${at}: ENOTFOUND`,
    );
  }
  if (['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(code)) {
    // Named as ENOTFOUND's is: a refused endpoint is often a local one (AWS_ENDPOINT_URL_…) left set.
    const { address, port, hostname } = error as { address?: unknown; port?: unknown; hostname?: unknown };
    const host = typeof address === 'string' && address !== '' ? address : hostname;
    const at =
      typeof host === 'string' && host !== ''
        ? ` at ${host}${typeof port === 'number' ? `:${port}` : ''}`
        : '';
    return new LogReadError(
      LOG_READ_ERROR.unreachable,
      logGroup,
      `cannot reach CloudWatch Logs${at}: ${code}`,
    );
  }
  return new LogReadError(
    LOG_READ_ERROR.failed,
    logGroup,
    `reading ${logGroup} failed: ${name ? `${name}: ` : ''}${message}`,
  );
}

export class LogEventsReader {
  private readonly options: Required<Omit<LogEventsReaderOptions, 'onPage' | 'region'>> &
    Pick<LogEventsReaderOptions, 'onPage' | 'region'>;

  /**
   * The SDK's own retries are off (maxAttempts 1) so that throttling is retried once, here, with
   * a bound the caller chose, instead of SDK attempts multiplied by ours.
   */
  private readonly client: CloudWatchLogsClient;

  constructor(client?: CloudWatchLogsClient, options: LogEventsReaderOptions = {}) {
    this.options = { ...DEFAULTS, sleep: delay, random: Math.random, ...options };
    const timeout = this.options.readTimeoutMs;
    this.client =
      client ??
      new CloudWatchLogsClient({
        maxAttempts: 1,
        requestHandler: { connectionTimeout: timeout, socketTimeout: timeout },
        ...(options.region === undefined ? {} : { region: options.region }),
      });
  }

  /** Every event of the range, one batch per log stream (so continuation lines stay adjacent). */
  async read(query: LogEventsQuery): Promise<LogBatch[]> {
    const { logGroupName } = query;
    const byStream = new Map<string, LogEvent[]>();
    let nextToken: string | undefined;
    let pages = 0;
    let events = 0;
    let retries = 0;
    let bytes = 0;
    let sameToken = 0;
    do {
      const page = await this.page(query, nextToken, () => {
        retries++;
      });
      pages++;
      const stuck =
        nextToken !== undefined && page.nextToken === nextToken && (page.events ?? []).length === 0;
      sameToken = stuck ? sameToken + 1 : 0;
      if (sameToken >= MAX_SAME_TOKEN_PAGES) {
        throw new LogReadError(
          LOG_READ_ERROR.noProgress,
          logGroupName,
          `CloudWatch Logs returned the same nextToken for ${sameToken} pages in a row reading ${logGroupName}, with no events`,
        );
      }
      for (const event of page.events ?? []) {
        const message = event.message ?? '';
        bytes += message.length;
        if (bytes > this.options.maxBytes) {
          throw new LogReadError(
            LOG_READ_ERROR.tooLarge,
            logGroupName,
            `${logGroupName} holds more than ${Math.round(this.options.maxBytes / 1024 / 1024)} MiB in this time range`,
          );
        }
        const stream = event.logStreamName ?? '';
        const list = byStream.get(stream) ?? [];
        if (list.length === 0) byStream.set(stream, list);
        list.push({ id: event.eventId ?? `${stream}#${events}`, timestamp: event.timestamp ?? 0, message });
        events++;
      }
      this.options.onPage?.({ logGroup: logGroupName, pages, events, retries });
      nextToken = page.nextToken;
    } while (nextToken);
    return [...byStream].map(([stream, streamEvents]) => ({
      source: stream === '' ? { logGroup: logGroupName } : { logGroup: logGroupName, logStream: stream },
      events: streamEvents,
    }));
  }

  private async page(query: LogEventsQuery, nextToken: string | undefined, onRetry: () => void) {
    const command = new FilterLogEventsCommand({
      // The API takes a name or an identifier, never both.
      ...(query.logGroupArn === undefined
        ? { logGroupName: query.logGroupName }
        : { logGroupIdentifier: query.logGroupArn }),
      startTime: query.startTime,
      endTime: query.endTime,
      nextToken,
    });
    let skewRetried = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.client.send(command);
      } catch (error) {
        // A signature refused for a clock that is off: the SDK has set its clock by the service's
        // answer (maxAttempts 1 keeps it from retrying itself), so the same call signed again passes.
        if (clockSkewCorrected(error) && !skewRetried) {
          skewRetried = true;
          continue;
        }
        if (!(isThrottling(error) || isOutage(error)) || attempt >= this.options.maxRetries)
          throw describe(error, query.logGroupName, this.options.readTimeoutMs);
        onRetry();
        await this.options.sleep(
          backoffDelay(attempt, this.options.baseDelayMs, this.options.maxDelayMs, this.options.random),
        );
      }
    }
  }
}
