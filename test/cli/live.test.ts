import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import dns from 'node:dns';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { EXIT } from '../../cli/main';
import { backoffDelay } from '../../lambda/adapters/log-events-reader';
import {
  type CloudWatchLogsServer,
  type LogsCall,
  type LogsReply,
  startCloudWatchLogsServer,
} from '../support/cloudwatch-logs-server';
import { corpusFile } from '../support/corpus';
import { setEnv, CLI_TEST_ENV as TEST_ENV } from '../support/env';
import { runCli } from './harness';

const ACCESS_GROUP = '/aws/apigateway/example-access';
const EXECUTION_GROUP = 'API-Gateway-Execution-Logs_abc123defg/prod';
const NOW = Date.parse('2026-11-25T12:00:00Z');

let server: CloudWatchLogsServer;
let reply: (call: LogsCall, index: number) => LogsReply | Promise<LogsReply> = () => ({ ok: { events: [] } });
let restoreEnv: () => void = () => {};

before(async () => {
  server = await startCloudWatchLogsServer((call, index) => reply(call, index));
  restoreEnv = setEnv({ ...TEST_ENV, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: server.url });
});

after(async () => {
  restoreEnv();
  await server.close();
});

beforeEach(() => {
  server.calls.length = 0;
});

// Synthetic events wrapping lines in the shape of /work/shared/corpus/S02-01.log.
function events(count: number, stream = 'stream-a', from = 0) {
  return Array.from({ length: count }, (_, i) => ({
    logStreamName: stream,
    timestamp: NOW - 60_000 + from + i,
    ingestionTime: NOW,
    eventId: `${stream}-${from + i}`,
    message: `{"requestId": "synthetic-${from + i}", "status": "200"}`,
  }));
}

/** Runs `body` with these process environment variables set (undefined: unset), then restores them. */
async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}

/**
 * Runs `body` with dns.lookup answering ENOTFOUND for every host, as for a name no DNS knows, so no
 * query leaves the machine; returns what it returned and the hosts looked up.
 */
async function withUnknownHosts<T>(body: () => Promise<T>): Promise<{ result: T; looked: string[] }> {
  const looked: string[] = [];
  const lookup = dns.lookup;
  const notFound = (host: string, options: unknown, callback?: (error: Error) => void) => {
    looked.push(host);
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {
      code: 'ENOTFOUND',
      hostname: host,
      syscall: 'getaddrinfo',
    });
    (typeof options === 'function' ? options : callback)?.(error);
  };
  Object.assign(dns, { lookup: notFound });
  try {
    return { result: await body(), looked };
  } finally {
    Object.assign(dns, { lookup });
  }
}

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

function live(...extra: string[]) {
  return ['classify', '--log-group', ACCESS_GROUP, ...extra];
}

describe('live mode against a loopback CloudWatch Logs', () => {
  it('follows nextToken across 3 pages and sends the time range as epoch milliseconds', async () => {
    reply = (call) => {
      const token = call.body.nextToken;
      if (token === undefined)
        return { ok: { events: events(2), nextToken: 'page-2', searchedLogStreams: [] } };
      if (token === 'page-2') return { ok: { events: [], nextToken: 'page-3' } };
      return { ok: { events: events(3, 'stream-b', 2) } };
    };
    const result = await runCli(live('--since', '2026-11-25T10:00:00Z', '--until', '2026-11-25T11:00:00Z'), {
      now: () => NOW,
    });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.deepEqual(
      server.calls.map((c) => [c.operation, c.body.logGroupName, c.body.nextToken]),
      [
        ['FilterLogEvents', ACCESS_GROUP, undefined],
        ['FilterLogEvents', ACCESS_GROUP, 'page-2'],
        ['FilterLogEvents', ACCESS_GROUP, 'page-3'],
      ],
    );
    assert.equal(server.calls[0]?.body.startTime, Date.parse('2026-11-25T10:00:00Z'));
    assert.equal(server.calls[0]?.body.endTime, Date.parse('2026-11-25T11:00:00Z'));
    assert.match(result.stdout, /^5 log events, /);
  });

  // FilterLogEvents may answer a page with no events and the very nextToken it was sent, while it
  // searches streams that hold nothing in the range; sending it again moves on
  // (https://github.com/boto/boto3/issues/1584, https://github.com/aws/aws-cli/issues/3191).
  it('keeps following a nextToken the service returns again on an empty page, until the events come', async () => {
    reply = (_call, index) =>
      index < 4 ? { ok: { events: [], nextToken: 'same' } } : { ok: { events: events(2) } };
    const result = await runCli(live(), { now: () => NOW });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.equal(server.calls.length, 5);
    assert.match(result.stdout, /^2 log events, /);
  });

  it('gives up with one line, instead of calling forever, when the same nextToken comes back page after page', async () => {
    // The backstop error keeps the test finite on a reader that would loop.
    reply = (_call, index) =>
      index < 1000
        ? { ok: { events: [], nextToken: 'same' } }
        : { error: 'InvalidParameterException', message: 'backstop' };
    const result = await runCli(live(), { now: () => NOW });
    assert.equal(result.code, EXIT.cannotRun);
    assert.ok(server.calls.length <= 101, `${server.calls.length} calls`);
    // Progress lines came first (stderr is no terminal here); the error is the one line after them.
    const lines = result.stderr
      .trimEnd()
      .split('\n')
      .filter((line) => !line.includes(': pulling '));
    assert.equal(lines.length, 1, result.stderr);
    assert.match(
      lines[0] ?? '',
      /^apigw-errors: CloudWatch Logs returned the same nextToken for \d+ pages in a row reading \/aws\/apigateway\/example-access, with no events \(/,
    );
  });

  // A user an hour ahead of UTC who types the local time 13:00 at 12:00 UTC asks for a range that has
  // not happened yet: times without an offset are UTC. "No failed requests found" would read as a
  // healthy API.
  for (const args of [
    ['--since', '2026-11-25T13:00'],
    ['--since', '2026-11-25T13:00:00Z', '--until', '2026-11-25T14:00:00Z'],
    ['--since', '2026-11-25T13:00:00+00:30'],
  ]) {
    it(`refuses ${args.join(' ')}, a start in the future, in one line and without calling CloudWatch Logs`, async () => {
      reply = () => ({ ok: { events: [] } });
      const result = await runCli(live(...args), { now: () => NOW });
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(server.calls.length, 0);
      assert.equal(result.stdout, '');
      assert.match(
        result.stderr,
        /^apigw-errors: --since \(2026-11-25T1[23]:\d\d:00\.000Z\) is in the future: it is 2026-11-25T12:00:00\.000Z now \(times without an offset are UTC[^)]*\)\n$/,
      );
    });
  }

  // A user an hour ahead of UTC who types the local 11:00–12:00 pulls 11:00–12:00 UTC: an hour
  // earlier than meant, and maybe nothing. The range pulled, said in UTC, shows it.
  for (const json of [false, true]) {
    it(`says on stderr the range pulled, in UTC, when it finds no log event${json ? ' (--json, whose stdout stays empty)' : ''}, and exits 0`, async () => {
      reply = () => ({ ok: { events: [] } });
      const args = live(
        '--log-group',
        EXECUTION_GROUP,
        '--since',
        '2026-11-25T10:00',
        '--until',
        '2026-11-25T11:00',
      );
      const result = await runCli(json ? [...args, '--json'] : args, { now: () => NOW });
      assert.equal(result.code, EXIT.analyzed, result.stderr);
      if (json) assert.equal(result.stdout, '');
      else assert.match(result.stdout, /^0 log events, /);
      assert.equal(
        result.stderr,
        `apigw-errors: no log event in ${ACCESS_GROUP} or ${EXECUTION_GROUP} from 2026-11-25T10:00:00.000Z to 2026-11-25T11:00:00.000Z (times are UTC, and a time given without an offset is read as UTC)\n`,
      );
    });
  }

  it('says no range when the pull finds log events', async () => {
    reply = () => ({ ok: { events: events(2) } });
    const result = await runCli(live('--since', '2h'), { now: () => NOW });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.doesNotMatch(result.stderr, /no log event/);
  });

  it('defaults to the last hour', async () => {
    reply = () => ({ ok: { events: [] } });
    await runCli(live(), { now: () => NOW });
    assert.equal(server.calls[0]?.body.startTime, NOW - 3_600_000);
    assert.equal(server.calls[0]?.body.endTime, NOW);
  });

  it('backs off with growing waits when throttled twice, then succeeds', async () => {
    reply = (_call, index) =>
      index < 2 ? { error: 'ThrottlingException', message: 'Rate exceeded' } : { ok: { events: events(1) } };
    const { waits, sleep } = recordingSleep();
    const result = await runCli(live(), { now: () => NOW, sleep });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.equal(server.calls.length, 3);
    assert.equal(waits.length, 2);
    const [first = 0, second = 0] = waits;
    assert.ok(first >= 125 && first <= 250, `first wait ${first}`);
    assert.ok(second >= 250 && second <= 500, `second wait ${second}`);
    assert.match(result.stdout, /^1 log event, /);
  });

  it('gives up after a bounded number of throttled retries with a one-line error', async () => {
    reply = () => ({ error: 'ThrottlingException', message: 'Rate exceeded' });
    const { waits, sleep } = recordingSleep();
    const result = await runCli(live(), { now: () => NOW, sleep });
    assert.equal(result.code, EXIT.cannotRun);
    assert.equal(server.calls.length, 7, 'the first attempt and 6 retries');
    assert.equal(waits.length, 6);
    assert.match(
      result.stderr,
      /^apigw-errors: still throttled reading .* \(FilterLogEvents allows 5 requests\/s/,
    );
  });

  // SYNTHETIC answers: the service's own 500 in its JSON 1.1 error shape, and what a proxy or load
  // balancer in front of it sends in a brief outage (an HTML 503, an empty 502, a text 504). The AWS
  // SDK retries 500/502/503/504 itself (TRANSIENT_ERROR_STATUS_CODES in @smithy/core's retry
  // classification); its retries are off here, so the reader's own must cover them.
  const outage: LogsReply[] = [
    { error: 'InternalFailure', message: 'synthetic internal failure', status: 500 },
    {
      raw: {
        status: 503,
        contentType: 'text/html',
        body: '<html><body>503 Service Unavailable</body></html>',
      },
    },
    { raw: { status: 502, contentType: 'text/plain', body: '' } },
    { raw: { status: 504, contentType: 'text/plain', body: 'Gateway Timeout' } },
  ];

  it('retries pages the service or a proxy failed with a 5xx, with backoff, then reads on', async () => {
    reply = (_call, index) => outage[index] ?? { ok: { events: events(1) } };
    const { waits, sleep } = recordingSleep();
    const result = await runCli(live(), { now: () => NOW, sleep });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.equal(server.calls.length, outage.length + 1);
    assert.equal(waits.length, outage.length);
    assert.match(result.stdout, /^1 log event, /);
  });

  for (const answer of outage) {
    const what =
      'raw' in answer
        ? `HTTP ${answer.raw.status} ${answer.raw.contentType}`
        : 'error' in answer
          ? answer.error
          : '';
    it(`gives up after the bounded retries with one line that names the outage, not throttling, when every answer is ${what}`, async () => {
      reply = () => answer;
      const { waits, sleep } = recordingSleep();
      const result = await runCli(live(), { now: () => NOW, sleep });
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(server.calls.length, 7, 'the first attempt and 6 retries');
      assert.equal(waits.length, 6);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(
        result.stderr,
        /^apigw-errors: CloudWatch Logs kept failing reading \/aws\/apigateway\/example-access \(HTTP 50\d[^)]*\) \(a CloudWatch Logs outage/,
      );
    });
  }

  // SYNTHETIC: what a corporate proxy, or an endpoint that is no CloudWatch Logs, may answer. The
  // SDK's error for a body it cannot parse runs over two lines ("… is not valid JSON\n
  // Deserialization error: …").
  const notCloudWatch: { when: string; raw: { status: number; contentType: string; body: string } }[] = [
    {
      when: 'a proxy refuses the request with an HTML page',
      raw: {
        status: 403,
        contentType: 'text/html',
        body: '<html><body>Access to this site is blocked</body></html>',
      },
    },
    {
      when: 'the endpoint answers 200 with a page that is not JSON',
      raw: { status: 200, contentType: 'text/html', body: '<html></html>' },
    },
  ];
  for (const c of notCloudWatch) {
    it(`exits 2 with one line naming the HTTP status when ${c.when}`, async () => {
      reply = () => ({ raw: c.raw });
      const result = await runCli(live(), { now: () => NOW });
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(
          `^apigw-errors: reading ${ACCESS_GROUP} failed: HTTP ${c.raw.status} with an answer that is not CloudWatch Logs' JSON \\(`,
        ),
      );
    });
  }

  const failures: { when: string; error: string; message: RegExp }[] = [
    {
      when: 'the log group does not exist',
      error: 'ResourceNotFoundException',
      message: new RegExp(
        `^apigw-errors: log group ${ACCESS_GROUP} not found \\(check the name and the Region`,
      ),
    },
    {
      when: 'the caller may not read it',
      error: 'AccessDeniedException',
      message:
        /^apigw-errors: not allowed to read .* \(the caller needs the IAM permission logs:FilterLogEvents/,
    },
    {
      when: 'the request is invalid',
      error: 'InvalidParameterException',
      message: /^apigw-errors: FilterLogEvents refused the request for .* \(check the log group name/,
    },
  ];
  for (const c of failures) {
    it(`exits 2 with one line when ${c.when}`, async () => {
      reply = () => ({ error: c.error, message: `synthetic ${c.error}` });
      const result = await runCli(live(), { now: () => NOW });
      assert.equal(result.code, EXIT.cannotRun);
      assert.match(result.stderr, c.message);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1);
      assert.equal(result.stdout, '');
    });
  }

  // The messages are CloudWatch Logs' own for these errors; UnrecognizedClientException's "most
  // likely cause is an Amazon Web Services access key ID or secret key that's not valid" (the
  // CloudWatch Logs API reference). None is cured by a retry or an IAM permission.
  const refused: { when: string; error: string; message: string; expected: RegExp }[] = [
    {
      when: 'the session token has expired',
      error: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
      expected: /^apigw-errors: the AWS credentials have expired \(refresh them: aws sso login/,
    },
    {
      when: 'the access key is not recognised',
      error: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      expected:
        /^apigw-errors: AWS did not accept the credentials reading .*: The security token included in the request is invalid\. \(check which credentials are in use/,
    },
    {
      when: 'the secret key does not match',
      error: 'InvalidSignatureException',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      expected:
        /^apigw-errors: AWS did not accept the credentials reading .* \(check which credentials are in use/,
    },
  ];
  for (const c of refused) {
    it(`exits 2 with one line about the credentials, not a retry or a permission, when ${c.when}`, async () => {
      reply = () => ({ error: c.error, message: c.message });
      const result = await runCli(live(), { now: () => NOW });
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, c.expected);
      assert.doesNotMatch(result.stderr, /\(retry|IAM permission/);
    });
  }

  it("signs a call again once when the service refused its signature for this machine's clock, as the SDK would, and reads on", async () => {
    // The service's answer to a request signed 2 h off (CloudWatch Logs API reference:
    // InvalidSignatureException), dated by the service's clock: the SDK sets its own clock by it.
    const serviceNow = new Date(Date.now() + 2 * 3_600_000).toUTCString();
    reply = (_call, index) =>
      index === 0
        ? {
            error: 'InvalidSignatureException',
            message: 'Signature expired: 20261125T100000Z is now earlier than 20261125T115500Z',
            date: serviceNow,
          }
        : { ok: { events: events(1) } };
    const result = await runCli(live(), { now: () => NOW });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.equal(server.calls.length, 2);
    // A refusal that is no clock's fault is not signed again.
    server.calls.length = 0;
    reply = () => ({
      error: 'InvalidSignatureException',
      message: 'The request signature we calculated does not match',
    });
    const refused = await runCli(live(), { now: () => NOW });
    assert.equal(refused.code, EXIT.cannotRun);
    assert.equal(server.calls.length, 1);
  });

  /**
   * A live run whose SDK finds no credentials: a profile its config lacks; `cliProfile` is what the
   * CLI's own environment holds in AWS_PROFILE.
   */
  async function runWithoutCredentials(cliProfile: string) {
    const home = await mkdtemp(join(tmpdir(), 'apigw-errors-profile-'));
    await writeFile(join(home, 'config'), '[profile ops]\nregion = us-east-1\n');
    const environment = {
      AWS_PROFILE: 'opps',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
    };
    try {
      return await withEnv(environment, () =>
        runCli(live(), { now: () => NOW, env: { AWS_PROFILE: cliProfile } }),
      );
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }

  it('names the profile it found no credentials for when AWS_PROFILE is set, since the SDK does not', async () => {
    const result = await runWithoutCredentials('opps');
    assert.equal(result.code, EXIT.cannotRun);
    assert.equal(server.calls.length, 0);
    assert.match(
      result.stderr,
      /^apigw-errors: no AWS credentials found for profile "opps" \(check that AWS_PROFILE names a profile .*aws configure list-profiles\)\n$/,
    );
  });

  it('names the profile it found no Region for when AWS_PROFILE is set, so a mistyped profile is not sent to look for a region it holds', async () => {
    // The SDK says only "Region is missing" for a profile its config lacks, as for one without a region.
    const home = await mkdtemp(join(tmpdir(), 'apigw-errors-profile-'));
    await writeFile(join(home, 'config'), '[profile ops]\nregion = us-east-1\n');
    try {
      const result = await withEnv(
        { AWS_PROFILE: 'opps', AWS_CONFIG_FILE: join(home, 'config'), AWS_REGION: undefined },
        () => runCli(live(), { now: () => NOW, env: { AWS_PROFILE: 'opps' } }),
      );
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(server.calls.length, 0);
      assert.match(
        result.stderr,
        /^apigw-errors: no AWS Region configured for profile "opps" \(check that AWS_PROFILE names a profile .*aws configure list-profiles.*AWS_REGION.*\)\n$/,
      );
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  // A Region pasted with a trailing space, or written with underscores: the SDK refuses it before
  // any call, and no retry can help.
  for (const region of ['us-east-1 ', 'eu_west_1']) {
    it(`says the Region ${JSON.stringify(region)} is no Region name, instead of suggesting a retry`, async () => {
      const result = await withEnv({ AWS_REGION: region }, () => runCli(live(), { now: () => NOW }));
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(server.calls.length, 0);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.equal(
        result.stderr,
        `apigw-errors: the AWS Region ${JSON.stringify(region)} is not a Region name (set AWS_REGION, or region in your AWS profile, to a Region code such as us-east-1, with no spaces)\n`,
      );
    });
  }

  it('names no profile when AWS_PROFILE is set but empty (export AWS_PROFILE=), giving the usual credentials hint', async () => {
    // The CLI's own environment holds AWS_PROFILE empty, which names no profile.
    const result = await runWithoutCredentials('');
    assert.equal(result.code, EXIT.cannotRun);
    assert.doesNotMatch(result.stderr, /for profile/);
    assert.match(result.stderr, /\(configure AWS credentials: AWS_PROFILE, aws configure/);
  });

  // Profiles as `aws configure sso` writes them (legacy form, and with an [sso-session] section), with
  // no token cached yet: the profile exists, so "check that AWS_PROFILE names a profile" misleads.
  const notSignedIn: readonly { form: string; config: string }[] = [
    {
      form: 'legacy',
      config:
        '[profile ops-sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = ReadLogs\nregion = us-east-1\n',
    },
    {
      form: 'sso-session',
      config:
        '[profile ops-sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadLogs\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n',
    },
  ];
  for (const { form, config } of notSignedIn) {
    it(`tells a user whose AWS SSO profile (${form}) was never signed in to run aws sso login for it, not to check the profile's name`, async () => {
      const home = await mkdtemp(join(tmpdir(), 'apigw-errors-sso-'));
      await writeFile(join(home, 'config'), config);
      const result = await withEnv(
        {
          HOME: home,
          AWS_PROFILE: 'ops-sso',
          AWS_CONFIG_FILE: join(home, 'config'),
          AWS_ACCESS_KEY_ID: undefined,
          AWS_SECRET_ACCESS_KEY: undefined,
        },
        () => runCli(live(), { now: () => NOW, env: { AWS_PROFILE: 'ops-sso' } }),
      );
      await rm(home, { recursive: true, force: true });
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(server.calls.length, 0);
      assert.equal(
        result.stderr,
        'apigw-errors: no valid AWS SSO session for profile "ops-sso" (sign in: aws sso login --profile ops-sso)\n',
      );
    });
  }

  it('says an expired AWS SSO session has expired, rather than that no credentials were found', async () => {
    // A profile as `aws configure sso` writes it (legacy form), and its cached token past its
    // expiresAt in ~/.aws/sso/cache/<sha1 of the start URL>.json, where the SDK looks for it.
    const home = await mkdtemp(join(tmpdir(), 'apigw-errors-sso-'));
    const startUrl = 'https://example.awsapps.com/start';
    await mkdir(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    await writeFile(
      join(home, '.aws', 'config'),
      `[profile expired-sso]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = ReadLogs\nregion = us-east-1\n`,
    );
    await writeFile(
      join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(startUrl).digest('hex')}.json`),
      JSON.stringify({ startUrl, region: 'us-east-1', accessToken: 'x', expiresAt: '2020-01-01T00:00:00Z' }),
    );
    const result = await withEnv(
      {
        HOME: home,
        AWS_PROFILE: 'expired-sso',
        AWS_CONFIG_FILE: join(home, '.aws', 'config'),
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
      },
      () => runCli(live(), { now: () => NOW }),
    );
    await rm(home, { recursive: true, force: true });
    assert.equal(result.code, EXIT.cannotRun);
    assert.equal(server.calls.length, 0);
    assert.match(
      result.stderr,
      /^apigw-errors: the AWS credentials have expired \(refresh them: aws sso login/,
    );
  });

  // A connection that opens and then never answers: a firewall or proxy that swallows the request,
  // a VPN that dropped. The SDK sets no timeout of its own by default.
  it('gives up with one line when CloudWatch Logs accepts the connection but never answers', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const result = await withEnv({ AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: `http://127.0.0.1:${port}` }, () =>
        Promise.race([
          runCli(live(), { now: () => NOW, readTimeoutMs: 300 }),
          new Promise<'still waiting'>((resolve) =>
            setTimeout(() => resolve('still waiting'), 10_000).unref(),
          ),
        ]),
      );
      assert.notEqual(result, 'still waiting', 'the CLI was still waiting after 10 s');
      if (result === 'still waiting') return;
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(
        result.stderr,
        /^apigw-errors: CloudWatch Logs did not answer within 0\.3 s reading \/aws\/apigateway\/example-access \(check the network/,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  // A Region mistyped (us-east1 for us-east-1) makes an endpoint host no DNS knows: the user is to
  // fix the Region, not the network (withUnknownHosts: no query leaves the machine).
  it("names the host it could not find and points at the Region when the endpoint's name does not resolve", async () => {
    const { result, looked } = await withUnknownHosts(() =>
      withEnv({ AWS_REGION: 'us-east1', AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: undefined }, () =>
        runCli(live(), { now: () => NOW }),
      ),
    );
    assert.deepEqual(looked, ['logs.us-east1.amazonaws.com']);
    assert.equal(result.code, EXIT.cannotRun);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    assert.match(
      result.stderr,
      /^apigw-errors: cannot reach CloudWatch Logs at logs\.us-east1\.amazonaws\.com: ENOTFOUND \(no such host: check the Region/,
    );
  });

  // With a Region code of the usual shape, a name no DNS knows is mostly the network's doing (no
  // connection, a VPN or proxy resolving nothing): the network is named first.
  it('points at the network first when the host of a well-formed Region does not resolve', async () => {
    const { result } = await withUnknownHosts(() =>
      withEnv({ AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: undefined }, () =>
        runCli(live(), { now: () => NOW }),
      ),
    );
    assert.equal(result.code, EXIT.cannotRun);
    assert.match(
      result.stderr,
      /^apigw-errors: cannot reach CloudWatch Logs at logs\.us-east-1\.amazonaws\.com: ENOTFOUND \(no such host, though its Region is well formed: check the network and DNS/,
    );
  });

  it("points at the ARN's Region, not AWS_REGION, when a group's ARN names a Region whose host does not resolve", async () => {
    const arn = 'arn:aws:logs:us-east1:123456789012:log-group:/aws/apigateway/my-api-access:*';
    const { result, looked } = await withUnknownHosts(() =>
      withEnv({ AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: undefined }, () =>
        runCli(['classify', '--log-group', arn], { now: () => NOW }),
      ),
    );
    assert.deepEqual(looked, ['logs.us-east1.amazonaws.com']);
    assert.equal(result.code, EXIT.cannotRun);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    assert.match(
      result.stderr,
      /^apigw-errors: cannot reach CloudWatch Logs at logs\.us-east1\.amazonaws\.com: ENOTFOUND \(no such host: check the Region in the log group's ARN \(us-east1; /,
    );
    assert.doesNotMatch(result.stderr, /AWS_REGION/);
  });

  it('writes a progress line every 10 pages when stderr is not a terminal', async () => {
    reply = (_call, index) => ({
      ok: { events: events(1, 'stream-a', index), ...(index < 11 ? { nextToken: `t${index}` } : {}) },
    });
    const result = await runCli(live(), { now: () => NOW });
    assert.equal(result.code, EXIT.analyzed);
    assert.deepEqual(
      result.stderr.split('\n').filter((l) => l.includes('pulling')),
      [`apigw-errors: pulling ${ACCESS_GROUP}: 10 events, 10 pages`],
    );
  });

  it('redraws the progress in place on a terminal', async () => {
    reply = (_call, index) => ({
      ok: { events: events(1, 'stream-a', index), ...(index < 2 ? { nextToken: `t${index}` } : {}) },
    });
    const result = await runCli(live(), { now: () => NOW, stderrIsTTY: true });
    assert.equal(
      result.stderr.split('\r\u001b[K').length - 1,
      3,
      'one carriage return and line clear per page',
    );
    assert.match(result.stderr, /3 events, 3 pages\n/);
  });

  it("ends each log group's progress line on a terminal before the next group's, so the first group's count stays on screen", async () => {
    reply = () => ({ ok: { events: events(2) } });
    const result = await runCli(live('--log-group', EXECUTION_GROUP), { now: () => NOW, stderrIsTTY: true });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.equal(
      result.stderr,
      `\r\u001b[Kpulling ${ACCESS_GROUP}: 2 events, 1 pages\n` +
        `\r\u001b[Kpulling ${EXECUTION_GROUP}: 2 events, 1 pages\n`,
    );
  });

  it('groups the digits of the event count in the progress line, as the report does (SYNTHETIC events)', async () => {
    reply = () => ({ ok: { events: events(1_200) } });
    const result = await runCli(live(), { now: () => NOW, stderrIsTTY: true });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.match(result.stderr, /pulling .*: 1,200 events, 1 pages\n/);
    assert.match(result.stdout, /^1,200 log events, /);
  });

  // The console's address of a log group, in the form real pages link it (e.g. a README's
  // https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252F…):
  // the name is URL-encoded twice, with `$` for `%`.
  const CONSOLE =
    'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups';
  for (const { what, url, name } of [
    {
      what: 'a log group',
      url: `${CONSOLE}/log-group/$252Faws$252Fapigateway$252Fmy-api-access`,
      name: '/aws/apigateway/my-api-access',
    },
    {
      what: "a log group's stream",
      url: `${CONSOLE}/log-group/API-Gateway-Execution-Logs_abc123defg$252Fprod/log-events/8d8f1e3a$252F2026$252F11$252F25`,
      name: 'API-Gateway-Execution-Logs_abc123defg/prod',
    },
    {
      // The stream list filtered by a prefix, as public SageMaker and Airflow code links it ($3F is `?`).
      what: "a log group's streams filtered by prefix",
      url: `${CONSOLE}/log-group/API-Gateway-Execution-Logs_abc123defg$252Fprod$3FlogStreamNameFilter$3Dabc`,
      name: 'API-Gateway-Execution-Logs_abc123defg/prod',
    },
  ]) {
    it(`refuses the console URL of ${what} pasted as --log-group, naming the log group in it, with no AWS call`, async () => {
      const result = await runCli(['classify', '--log-group', url], { now: () => NOW });
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(server.calls.length, 0);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr.split('\n').length, 2, result.stderr);
      assert.ok(
        result.stderr.startsWith('apigw-errors: --log-group takes a log group name, not a console URL ('),
        result.stderr,
      );
      assert.ok(result.stderr.includes(`--log-group ${name}`), result.stderr);
    });
  }

  // SYNTHETIC URLs in the console's form: a stream filter written unencoded by the code that built
  // the link (public code passes stream names and job ids as they are), so Lambda's `[$LATEST]` reads
  // as a `$` escape that decodes to nothing, and a `%` left bare in a filter.
  for (const { what, filter } of [
    { what: "Lambda's [$LATEST] written unencoded", filter: '$3DAPI$252F[$LATEST]' },
    { what: 'a bare % in it', filter: '$3D100$25' },
  ]) {
    it(`names the decoded log group of a console URL whose stream filter does not decode (${what}), and says the filter is not applied`, async () => {
      const url = `${CONSOLE}/log-group/API-Gateway-Execution-Logs_abc123defg$252Fprod$3FlogStreamNameFilter${filter}`;
      const result = await runCli(['classify', '--log-group', url], { now: () => NOW });
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(server.calls.length, 0);
      assert.equal(
        result.stderr,
        "apigw-errors: --log-group takes a log group name, not a console URL (give --log-group API-Gateway-Execution-Logs_abc123defg/prod; the URL's stream filter could not be read, and would not be applied: every stream of the group is read)\n",
      );
    });
  }

  it("says that a console URL's stream filter that decodes would not be applied either", async () => {
    const url = `${CONSOLE}/log-group/API-Gateway-Execution-Logs_abc123defg$252Fprod$3FlogStreamNameFilter$3Dabc`;
    const result = await runCli(['classify', '--log-group', url], { now: () => NOW });
    assert.equal(result.code, EXIT.cannotRun);
    assert.equal(
      result.stderr,
      'apigw-errors: --log-group takes a log group name, not a console URL (give --log-group API-Gateway-Execution-Logs_abc123defg/prod; the URL\'s stream filter "abc" would not be applied: every stream of the group is read)\n',
    );
  });

  // SYNTHETIC URLs in the console's form for one stream's events, and for events searched with a
  // filter pattern (`/log-events$3FfilterPattern$3D…`, often with `$26start$3D-3600000`), as public
  // code and docs link them (e.g. bytewax's EC2 guide: `…/log-group/$252Fbytewax$252Fsyslog/log-events/wikievents$3FfilterPattern$3Dbytewax`).
  const GROUP_URL = `${CONSOLE}/log-group/API-Gateway-Execution-Logs_abc123defg$252Fprod`;
  const REFUSED =
    'apigw-errors: --log-group takes a log group name, not a console URL (give --log-group API-Gateway-Execution-Logs_abc123defg/prod';
  for (const { what, url, said } of [
    {
      what: 'names one stream',
      url: `${GROUP_URL}/log-events/8d8f1e3a$252F2026$252F11$252F25`,
      said: `; the URL's stream "8d8f1e3a/2026/11/25" would not be the only one read: every stream of the group is read)\n`,
    },
    {
      what: 'names one stream that does not decode (an unencoded [$LATEST])',
      url: `${GROUP_URL}/log-events/2026$252F11$252F25$252F[$LATEST]abc`,
      said: "; the URL's stream could not be read, and would not be the only one read: every stream of the group is read)\n",
    },
    {
      what: "carries a filter pattern over the group's events",
      url: `${GROUP_URL}/log-events$3FfilterPattern$3D$2522Execution+failed$2522$26start$3D-3600000`,
      said: ` --since 1h; the URL's filter pattern "\\"Execution failed\\"" would not be applied: every event of the group is read)\n`,
    },
    {
      what: 'names one stream and carries a filter pattern',
      url: `${GROUP_URL}/log-events/8d8f1e3a$252F2026$252F11$252F25$3FfilterPattern$3D504`,
      said: `; the URL's stream "8d8f1e3a/2026/11/25" would not be the only one read, and the URL's filter pattern "504" would not be applied: every event of the group is read)\n`,
    },
    {
      what: 'carries an empty filter pattern (nothing to leave behind but its hour, given as --since)',
      url: `${GROUP_URL}/log-events$3FfilterPattern$3D$26start$3D-3600000`,
      said: ' --since 1h)\n',
    },
  ]) {
    it(`says what a console URL that ${what} would leave out, naming its log group`, async () => {
      const result = await runCli(['classify', '--log-group', url], { now: () => NOW });
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(server.calls.length, 0);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr, `${REFUSED}${said}`);
    });
  }

  // The time range a console URL carries, in the forms public code builds and copies them:
  // `$3Fstart$3D-1800000` (milliseconds back from now) and `$3Fstart$3D1719759600000$26end$3D1722437999000`
  // (epoch milliseconds) in sinofseven/cloudwatch-logs-url-python:tests/unit/test_aws_cloudwatch_logs_url.py,
  // whose README says "To specify a relative time, provide a negative value in milliseconds";
  // `log-events$3Fstart$3D-3600000` in README links (e.g. LocalAtBrown's article-rec-api); an ISO start
  // with its colons encoded twice (`$3Fstart$3D2025-07-17T22$253A42$253A47.557Z`) in a URL copied
  // from the console into a public task list. The group names here are SYNTHETIC.
  for (const { what, url, flags } of [
    {
      what: 'half an hour back from now (negative milliseconds)',
      url: `${GROUP_URL}/log-events$3Fstart$3D-1800000`,
      flags: '--since 30m',
    },
    {
      what: 'a day back from now, after the stream it shows',
      url: `${GROUP_URL}/log-events/8d8f1e3a$252F2026$252F11$252F25$3Fstart$3D-86400000`,
      flags: '--since 1d',
    },
    {
      what: 'a start and an end in epoch milliseconds',
      url: `${GROUP_URL}/log-events$3Fstart$3D1719759600000$26end$3D1722437999000`,
      flags: '--since 2024-06-30T15:00:00.000Z --until 2024-07-31T14:59:59.000Z',
    },
    {
      what: 'an ISO start with its colons encoded twice',
      url: `${GROUP_URL}/log-events$3Fstart$3D2025-07-17T22$253A42$253A47.557Z`,
      flags: '--since 2025-07-17T22:42:47.557Z',
    },
  ]) {
    it(`gives the time range of a console URL (${what}) as --since/--until in the command it suggests`, async () => {
      const result = await runCli(['classify', '--log-group', url], { now: () => NOW });
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(server.calls.length, 0);
      const stream = url.includes('/log-events/')
        ? `; the URL's stream "8d8f1e3a/2026/11/25" would not be the only one read: every stream of the group is read`
        : '';
      assert.equal(result.stderr, `${REFUSED} ${flags}${stream})\n`);
    });
  }

  it("suggests the --since and --until the user gave over a console URL's time range, and says the URL's is not applied", async () => {
    const url = `${GROUP_URL}/log-events$3Fstart$3D-1800000`;
    const result = await runCli(['classify', '--log-group', url, '--since', '2h'], { now: () => NOW });
    assert.equal(result.code, EXIT.cannotRun);
    assert.equal(
      result.stderr,
      `${REFUSED}; the URL's time range would not be applied: --since or --until given wins)\n`,
    );
  });

  for (const { what, query } of [
    { what: 'a word for a start (SYNTHETIC)', query: '$3Fstart$3Dyesterday' },
    { what: 'milliseconds back that are no whole second (SYNTHETIC)', query: '$3Fstart$3D-1500' },
    { what: 'an end that does not decode (SYNTHETIC)', query: '$3Fstart$3D-3600000$26end$3D100$25' },
    // A range --since/--until would refuse: the suggested command would fail.
    { what: 'a start after its end (SYNTHETIC)', query: '$3Fstart$3D1722437999000$26end$3D1719759600000' },
    { what: 'an hour back until 1970 (SYNTHETIC)', query: '$3Fstart$3D-3600000$26end$3D0' },
    { what: 'a start in the year 5138 (SYNTHETIC)', query: '$3Fstart$3D99999999999999' },
  ]) {
    it(`says a console URL's time range that cannot be read (${what}) is not applied, naming --since and --until`, async () => {
      const result = await runCli(['classify', '--log-group', `${GROUP_URL}/log-events${query}`], {
        now: () => NOW,
      });
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(server.calls.length, 0);
      assert.equal(
        result.stderr,
        `${REFUSED}; the URL's time range could not be read, and would not be applied: give it as --since and --until)\n`,
      );
    });
  }

  // A Logs Insights console URL: `#logsV2:logs-insights$3FqueryDetail$3D` then the query's detail in
  // the console's JSURL-like notation (`~(key~value…)`, `~(~a~b)` a list, `~'` a string with `*2f`
  // for `/`), the whole once more encoded twice with `$` for `%` when the console copies it. Shapes:
  // a URL copied from the console in a question (stackoverflow.com/q/69816735, as on
  // coderapp.vercel.app/answer/69816735: `…$3FqueryDetail$3D$257E$2528end$257E$25272021-07-18T20*3a59*3a59.000Z
  // $257Estart$257E…$257EtimeType$257E$2527ABSOLUTE$257Etz$257E$2527Local…$257Esource$257E$2528$257E$2527*2faws
  // *2flambda*2f######$2529$2529$26tab$3Dlogs`, its group redacted by the asker);
  // naomichi-y/cloudwatch-insights-url-builder:spec/cloudwatch_logs_insights_url_builder_spec.rb
  // (`end$257E0$257Estart$257E-86400$257EtimeType$257E$2527RELATIVE$257Eunit$257E$2527seconds`);
  // the once-encoded `~(end~0~start~-3600~timeType~'RELATIVE~unit~'seconds~editorString~'~isLiveTail~false
  // ~queryId~'~source~(~'*2faws*2f…))` of public runbooks and link builders, a source given as the
  // group's ARN (`~source~(~'arn*3aaws*3alogs*3a…*3alog-group*3a*2f…)`) and ABSOLUTE epoch milliseconds
  // (`start~${ms}~end~${ms}~timeType~'ABSOLUTE`) in public link-building code. Group names, times and
  // queries here are SYNTHETIC.
  const INSIGHTS =
    'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:logs-insights';
  /** The console's copy: `~` `(` `)` `'` escaped, then the whole encoded again, `$` for `%`. */
  const copied = (detail: string) =>
    `${INSIGHTS}$3FqueryDetail$3D${encodeURIComponent(detail.replace(/[~()']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).replaceAll('%', '$')}`;
  const QUERY = "editorString~'fields*20*40timestamp*2c*20*40message*0a*7c*20filter*20status*20*3e*3d*20500";
  const NOT_RUN = "; the URL's Logs Insights query would not be run: every event of the";
  for (const { what, url, said } of [
    {
      what: "copied from the console with an absolute range in UTC, the console's tab after it",
      url: `${copied(`~(end~'2026-11-24T20*3a59*3a59.000Z~start~'2026-11-24T18*3a00*3a00.000Z~timeType~'ABSOLUTE~tz~'Local~${QUERY}~isLiveTail~false~queryId~'0f0e4f7c-5d6b-4b8e-9a1c-2f8e1f3a9b7d~source~(~'*2faws*2fapigateway*2fmy-api-access))`)}$26tab$3Dlogs`,
      said: `give --log-group /aws/apigateway/my-api-access --since 2026-11-24T18:00:00.000Z --until 2026-11-24T20:59:59.000Z${NOT_RUN} group is read`,
    },
    {
      what: 'of the last hour, encoded once, with no query',
      url: `${INSIGHTS}$3FqueryDetail$3D~(end~0~start~-3600~timeType~'RELATIVE~unit~'seconds~editorString~'~isLiveTail~false~queryId~'~source~(~'API-Gateway-Execution-Logs_abc123defg*2fprod))`,
      said: 'give --log-group API-Gateway-Execution-Logs_abc123defg/prod --since 1h',
    },
    {
      what: 'over two log groups for the last day',
      url: copied(
        `~(end~0~start~-86400~timeType~'RELATIVE~unit~'seconds~tz~'Local~${QUERY}~isLiveTail~false~source~(~'*2Faws*2Fapigateway*2Fmy-api-access~'API-Gateway-Execution-Logs_abc123defg*2Fprod))`,
      ),
      said: `give --log-group /aws/apigateway/my-api-access --log-group API-Gateway-Execution-Logs_abc123defg/prod --since 1d${NOT_RUN} groups is read`,
    },
    {
      what: "naming its group by the group's ARN",
      url: `${INSIGHTS}$3FqueryDetail$3D~(end~0~start~-1800~timeType~'RELATIVE~tz~'LOCAL~unit~'seconds~${QUERY}~source~(~'arn*3aaws*3alogs*3aus-east-1*3a123456789012*3alog-group*3aAPI-Gateway-Execution-Logs_abc123defg*2fprod))`,
      said: `give --log-group arn:aws:logs:us-east-1:123456789012:log-group:API-Gateway-Execution-Logs_abc123defg/prod --since 30m${NOT_RUN} group is read`,
    },
    {
      what: 'with an absolute range in epoch milliseconds',
      url: `${INSIGHTS}$3FqueryDetail$3D~(start~1764000000000~end~1764003600000~timeType~'ABSOLUTE~tz~'UTC~editorString~'~source~(~'*2faws*2fapigateway*2fmy-api-access))`,
      said: 'give --log-group /aws/apigateway/my-api-access --since 2025-11-24T16:00:00.000Z --until 2025-11-24T17:00:00.000Z',
    },
    {
      // As public builders write it with encodeURIComponent where the console writes `*2f`: the
      // fragment's `$3F` is percent-decoded, and so is the name's `%2F`.
      what: 'whose group is percent-encoded instead of escaped',
      url: `${INSIGHTS}$3FqueryDetail$3D~(end~0~start~-3600~timeType~'RELATIVE~unit~'seconds~editorString~'~source~(~'%2Faws%2Flambda%2Forders))`,
      said: 'give --log-group /aws/lambda/orders --since 1h',
    },
    {
      what: 'whose relative range has no unit (SYNTHETIC)',
      url: `${INSIGHTS}$3FqueryDetail$3D~(end~0~start~-3600~timeType~'RELATIVE~editorString~'~source~(~'*2faws*2fapigateway*2fmy-api-access))`,
      said: "give --log-group /aws/apigateway/my-api-access; the URL's time range could not be read, and would not be applied: give it as --since and --until",
    },
    {
      what: 'whose absolute range counts back from now (SYNTHETIC)',
      url: `${INSIGHTS}$3FqueryDetail$3D~(start~-3600000~timeType~'ABSOLUTE~editorString~'~source~(~'*2faws*2fapigateway*2fmy-api-access))`,
      said: "give --log-group /aws/apigateway/my-api-access; the URL's time range could not be read, and would not be applied: give it as --since and --until",
    },
    {
      what: 'whose absolute range ends in the future (SYNTHETIC)',
      url: `${INSIGHTS}$3FqueryDetail$3D~(end~'2027-01-01T00*3a00*3a00.000Z~start~'2026-12-31T00*3a00*3a00.000Z~timeType~'ABSOLUTE~editorString~'~source~(~'*2faws*2fapigateway*2fmy-api-access))`,
      said: "give --log-group /aws/apigateway/my-api-access; the URL's time range could not be read, and would not be applied: give it as --since and --until",
    },
  ]) {
    it(`names the log groups and time range of a Logs Insights console URL ${what} in the command it suggests`, async () => {
      const result = await runCli(['classify', '--log-group', url], { now: () => NOW });
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(server.calls.length, 0);
      assert.equal(result.stdout, '');
      assert.equal(
        result.stderr,
        `apigw-errors: --log-group takes a log group name, not a console URL (${said})\n`,
      );
    });
  }

  it("suggests the --since the user gave over a Logs Insights URL's range, and says the URL's is not applied", async () => {
    const url = `${INSIGHTS}$3FqueryDetail$3D~(end~0~start~-3600~timeType~'RELATIVE~unit~'seconds~editorString~'~source~(~'*2faws*2fapigateway*2fmy-api-access))`;
    const result = await runCli(['classify', '--log-group', url, '--since', '2h'], { now: () => NOW });
    assert.equal(result.code, EXIT.cannotRun);
    assert.equal(
      result.stderr,
      "apigw-errors: --log-group takes a log group name, not a console URL (give --log-group /aws/apigateway/my-api-access; the URL's time range would not be applied: --since or --until given wins)\n",
    );
  });

  for (const { what, detail } of [
    {
      what: 'an empty source, no group chosen (SYNTHETIC)',
      detail: "~(end~0~start~-3600~timeType~'RELATIVE~unit~'seconds~editorString~'~source~(~))",
    },
    {
      what: 'no source (SYNTHETIC)',
      detail: "~(end~0~start~-3600~timeType~'RELATIVE~unit~'seconds~editorString~')",
    },
    {
      what: 'a detail cut short by the paste (SYNTHETIC)',
      detail: "~(end~0~start~-3600~timeType~'RELATIVE~unit~'seconds~editorString~'~source~(~'*2faws*2flam",
    },
    {
      what: 'a source that is no log group name (SYNTHETIC)',
      detail: "~(end~0~start~-3600~timeType~'RELATIVE~unit~'seconds~editorString~'~source~(~'my*20group))",
    },
    {
      what: 'an ARN whose group part is no log group name, shell syntax the suggested command would run (SYNTHETIC)',
      detail:
        "~(end~0~start~-3600~timeType~'RELATIVE~unit~'seconds~source~(~'arn*3aaws*3alogs*3aus-east-1*3a123456789012*3alog-group*3ax*3brm*20-rf*20*7e))",
    },
    {
      what: 'more sources than the 50 a Logs Insights query takes (SYNTHETIC)',
      detail: `~(end~0~start~-3600~timeType~'RELATIVE~unit~'seconds~source~(${Array.from({ length: 51 }, (_, i) => `~'g${i}`).join('')}))`,
    },
  ]) {
    it(`still asks for the group's name when a Logs Insights console URL holds ${what}`, async () => {
      const result = await runCli(['classify', '--log-group', `${INSIGHTS}$3FqueryDetail$3D${detail}`], {
        now: () => NOW,
      });
      assert.equal(result.code, EXIT.cannotRun);
      assert.equal(server.calls.length, 0);
      assert.equal(
        result.stderr,
        "apigw-errors: --log-group takes a log group name, not a console URL (copy the log group's name from the console)\n",
      );
    });
  }

  it("still asks for the group's name when a log group's console URL has no group before its query (SYNTHETIC)", async () => {
    for (const url of [
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$3Fstart$3D-3600000',
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$3FlogStreamNameFilter$3Dabc',
    ]) {
      const result = await runCli(['classify', '--log-group', url], { now: () => NOW });
      assert.equal(
        result.stderr,
        "apigw-errors: --log-group takes a log group name, not a console URL (copy the log group's name from the console)\n",
        url,
      );
    }
  });

  it('suggests --log-group=NAME for a group whose name starts with - or #, which a shell or the option parser would misread (SYNTHETIC)', async () => {
    const url = `${INSIGHTS}$3FqueryDetail$3D~(end~0~start~-3600~timeType~'RELATIVE~unit~'seconds~source~(~'*23ops~'-edge))`;
    const result = await runCli(['classify', '--log-group', url], { now: () => NOW });
    assert.match(result.stderr, /give --log-group=#ops --log-group=-edge --since 1h/);
  });

  it('clears the progress line on a terminal and exits 130 when the user presses Ctrl-C during a pull', async () => {
    const listeners = new Set<() => void>();
    const interrupts = {
      listen(listener: () => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    reply = async (_call, index) => {
      if (index === 0) return { ok: { events: events(2), nextToken: 't1' } };
      // Ctrl-C while the second page is awaited, its progress line on screen.
      for (const listener of listeners) listener();
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { ok: { events: events(2, 'stream-a', 2) } };
    };
    const result = await runCli(live(), { now: () => NOW, stderrIsTTY: true, interrupts });
    assert.equal(result.code, EXIT.interrupted);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `\r\u001b[Kpulling ${ACCESS_GROUP}: 2 events, 1 pages\r\u001b[K`);
    assert.equal(listeners.size, 0, 'no listener is left behind');
  });

  it('counts retries in the progress line, after throttling or a server error alike', async () => {
    reply = (_call, index) =>
      index === 0
        ? { error: 'ThrottlingException', message: 'Rate exceeded' }
        : index === 1
          ? { error: 'InternalFailure', message: 'synthetic internal failure', status: 500 }
          : { ok: { events: events(1) } };
    const { sleep } = recordingSleep();
    const result = await runCli(live(), { now: () => NOW, sleep, stderrIsTTY: true });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.match(result.stderr, /1 events, 1 pages, 2 retries after throttling or server errors\n$/);
  });

  it('pulls a log group given twice once, so its events are not counted twice', async () => {
    reply = () => ({ ok: { events: events(2) } });
    const result = await runCli(live('--log-group', EXECUTION_GROUP, '--log-group', ACCESS_GROUP), {
      now: () => NOW,
    });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.deepEqual(
      server.calls.map((c) => c.body.logGroupName),
      [ACCESS_GROUP, EXECUTION_GROUP],
    );
    assert.match(result.stdout, /^4 log events, /);
  });

  it('pulls a log group given by the ARN the console shows, naming it by its ARN and reading its API and stage from its name', async () => {
    const execution = (await readFile(corpusFile('S06-01.log'), 'utf8')).split('\n').filter((l) => l !== '');
    reply = () => ({
      ok: {
        events: execution.map((message, i) => ({ timestamp: NOW - 1000 + i, eventId: `x${i}`, message })),
      },
    });
    const arn = `arn:aws:logs:us-east-1:123456789012:log-group:${EXECUTION_GROUP}`;
    const result = await runCli(['classify', '--log-group', `${arn}:*`, '--json'], { now: () => NOW });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.deepEqual(
      server.calls.map((c) => [c.body.logGroupIdentifier, c.body.logGroupName]),
      [[arn, undefined]],
    );
    const records = result.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { api: string; stage: string; cause: string });
    assert.deepEqual(
      records.map((r) => [r.api, r.stage, r.cause]),
      [['abc123defg', 'prod', 'limit.backend']],
    );
  });

  it("pulls a log group given by its ARN with and without the console's :* once", async () => {
    reply = () => ({ ok: { events: events(2) } });
    const arn = `arn:aws:logs:us-east-1:123456789012:log-group:${ACCESS_GROUP}`;
    const result = await runCli(['classify', '--log-group', arn, '--log-group', `${arn}:*`], {
      now: () => NOW,
    });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.deepEqual(
      server.calls.map((c) => c.body.logGroupIdentifier),
      [arn],
    );
    assert.match(result.stdout, /^2 log events, /);
  });

  it("reads a log group given by its ARN in the ARN's Region, and a group given by name in the configured one", async () => {
    reply = () => ({ ok: { events: events(1) } });
    const arn = `arn:aws:logs:eu-west-1:123456789012:log-group:${ACCESS_GROUP}`;
    const result = await runCli(['classify', '--log-group', `${arn}:*`, '--log-group', EXECUTION_GROUP], {
      now: () => NOW,
    });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.deepEqual(
      server.calls.map((c) => [c.region, c.body.logGroupIdentifier ?? c.body.logGroupName]),
      [
        ['eu-west-1', arn],
        ['us-east-1', EXECUTION_GROUP],
      ],
    );
  });

  it('pulls every log group and analyses all their events together', async () => {
    const execution = (await readFile(corpusFile('S06-01.log'), 'utf8')).split('\n').filter((l) => l !== '');
    reply = (call) =>
      call.body.logGroupName === EXECUTION_GROUP
        ? {
            ok: {
              events: execution.map((message, i) => ({
                logStreamName: 'exec',
                timestamp: NOW - 1000 + i,
                eventId: `x${i}`,
                message,
              })),
            },
          }
        : { ok: { events: events(2) } };
    const result = await runCli([...live('--log-group', EXECUTION_GROUP), '--json'], { now: () => NOW });
    assert.equal(result.code, EXIT.analyzed, result.stderr);
    assert.deepEqual(
      server.calls.map((c) => c.body.logGroupName),
      [ACCESS_GROUP, EXECUTION_GROUP],
    );
    // The execution lines are real (corpus S06-01: a Lambda reserved-concurrency throttle behind a 502).
    const records = result.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { requestId: string; cause: string; masked: boolean });
    assert.deepEqual(
      records.map((r) => [r.requestId, r.cause, r.masked]),
      [['a5e3de30-8d59-11e8-b2f5-9339f1c001b0', 'limit.backend', true]],
    );
  });
});

describe('the installed command in live mode', () => {
  const bin = join(__dirname, '..', '..', 'bin', 'apigw-errors.js');
  /**
   * The bin shim in a child process, against the loopback server, with the SDK's own settings.
   * Asynchronous: the server answers from this process's event loop.
   */
  function runBin(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    delete env.NODE_OPTIONS;
    return new Promise((resolve, reject) => {
      execFile(process.execPath, [bin, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
      });
    });
  }

  // On Node 20 (the README's minimum) the AWS SDK emits a 7-line NodeVersionSupportWarning when the
  // client is created. It is about the SDK's future releases, not the user's logs or command.
  it('prints exactly its own one-line error on stderr, and no AWS SDK warning', async () => {
    reply = () => ({ error: 'ResourceNotFoundException', message: 'synthetic ResourceNotFoundException' });
    const result = await runBin(...live());
    assert.equal(result.status, EXIT.cannotRun, result.stderr);
    assert.doesNotMatch(result.stderr, /NodeVersionSupportWarning|Warning/);
    assert.match(result.stderr, /^apigw-errors: log group .* not found \([^\n]*\)\n$/);
  });

  // `apigw-errors classify --log-group … 2>&1 | head -1`, or stderr piped to a reader that stops:
  // the progress lines meet a closed pipe, while the report still has somewhere to go.
  it('still writes the report and exits 0 when stderr is closed while progress is being written', async () => {
    let stderrClosed: () => void = () => {};
    const closed = new Promise<void>((resolve) => {
      stderrClosed = resolve;
    });
    reply = async (_call, index) => {
      if (index >= 10) await closed;
      return {
        ok: { events: events(1, 'stream-a', index), ...(index < 30 ? { nextToken: `t${index}` } : {}) },
      };
    };
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [bin, ...live()], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.once('data', () => {
      child.stderr.destroy();
      stderrClosed();
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, EXIT.analyzed);
    assert.match(stdout, /^31 log events, /);
  });

  it('prints nothing on stderr when a pull succeeds', async () => {
    reply = () => ({ ok: { events: events(2) } });
    const result = await runBin(...live());
    assert.equal(result.status, EXIT.analyzed, result.stderr);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^2 log events, /);
  });
});

describe('backoff delay', () => {
  const cases: { attempt: number; random: number; expected: number }[] = [
    { attempt: 0, random: 0, expected: 125 },
    { attempt: 0, random: 1, expected: 250 },
    { attempt: 1, random: 0, expected: 250 },
    { attempt: 3, random: 0.5, expected: 1500 },
    { attempt: 10, random: 0, expected: 4000 },
    { attempt: 10, random: 1, expected: 8000 },
  ];
  for (const c of cases) {
    it(`waits ${c.expected} ms on retry ${c.attempt} with jitter ${c.random}: half fixed, half random, capped at 8 s`, () => {
      assert.equal(
        backoffDelay(c.attempt, 250, 8000, () => c.random),
        c.expected,
      );
    });
  }
});
