import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderJsonLines, renderReport, renderUnparsedSummary } from '../../cli/report';
import { analyze } from '../../lambda/core/pipeline';
import { CAUSES, type Cause, familyOf, isCause } from '../../lambda/core/taxonomy';
import { type Analysis, type ClassifiedRequest, UNPARSED_REASON } from '../../lambda/core/types';
import { CONTRACT_KEYS, REQUIRED_KEYS } from '../support/contract';
import { hasAnsi } from './harness';

// Synthetic classified requests, hand-built to exercise rendering; not output of the real pipeline.
function failure(
  requestId: string,
  cause: Cause,
  clientStatus: number | null,
  masked: boolean,
  extra: Partial<ClassifiedRequest> = {},
): ClassifiedRequest {
  return {
    requestId,
    clientStatus,
    cause,
    family: familyOf(cause),
    masked,
    retry: CAUSES[cause].retry,
    owner: CAUSES[cause].owner,
    confidence: 'certain',
    evidence: ['synthetic evidence'],
    advice: CAUSES[cause].advice,
    ...extra,
  };
}

const FAILURES: ClassifiedRequest[] = [
  failure('t1', 'limit.backend', 500, true, { method: 'POST', route: '/orders' }),
  failure('t2', 'limit.backend', 502, true, { method: 'POST', route: '/orders' }),
  failure('t3', 'limit.backend', 500, true, { method: 'POST', route: '/orders' }),
  failure('t4', 'limit.backend', 500, true, { method: 'POST', route: '/orders' }),
  failure('r1', 'not-found.route', 403, true, { method: 'GET', route: '/ordrs' }),
  failure('f1', 'server.function-error', 502, false, {
    method: 'GET',
    route: '/orders/{id}',
    time: '2026-11-25T10:00:00.000Z',
    api: 'abc123defg',
    stage: 'prod',
  }),
  failure('u1', 'unknown.client', 400, false),
];

function analysisOf(failures: ClassifiedRequest[], unparsed = 0): Analysis {
  return {
    failures,
    requests: [],
    unparsed: Array.from({ length: unparsed }, (_, i) => ({
      reason: UNPARSED_REASON.notALogLine,
      sample: `line ${i}`,
    })),
    stats: {
      events: 40,
      accessLines: 30,
      executionLines: 10,
      requests: 25,
      failed: failures.length,
      unparsed,
    },
  };
}

describe('human report', () => {
  const report = renderReport(analysisOf(FAILURES, 2), { color: false });

  it('starts with the totals', () => {
    assert.equal(report.split('\n')[0], '40 log events, 25 requests, 7 failed, 2 unparsed lines');
  });

  it('groups the digits of large counts, as the progress line does (SYNTHETIC counts)', () => {
    const many = Array.from({ length: 1_200 }, (_, i) => failure(`m${i}`, 'limit.backend', 500, true));
    const big = analysisOf(many, 1_001);
    const text = renderReport(
      { ...big, stats: { ...big.stats, events: 540_000, requests: 250_000 } },
      { color: false },
    );
    assert.equal(
      text.split('\n')[0],
      '540,000 log events, 250,000 requests, 1,200 failed, 1,001 unparsed lines',
    );
    assert.match(text, /^ {2}1,200 requests answered 500 whose real cause/m);
    assert.match(text, /^ {2}1,200 {2}limit\.backend /m);
    assert.match(text, /\(1,200 requests\)$/m);
    assert.match(renderUnparsedSummary(big.unparsed), /^apigw-errors: 1,001 lines not recognised/);
    assert.match(renderUnparsedSummary(big.unparsed), /^ {2}1,001 × /m);
  });

  it('calls out masked errors first, plainly, with the statuses the clients saw', () => {
    const masked = report.indexOf('MASKED ERRORS');
    assert.ok(masked > 0);
    assert.ok(masked < report.indexOf('Failed requests by cause'));
    assert.match(
      report,
      /4 requests answered 500\/502 whose real cause is backend throttled \(limit\.backend\)/,
    );
    assert.match(report, /1 request answered 403 whose real cause is wrong route \(not-found\.route\)/);
  });

  it('counts failures by cause, most frequent first, with titles', () => {
    const section = report.slice(report.indexOf('Failed requests by cause'), report.indexOf('Top routes'));
    const causes = [...section.matchAll(/^\s+\d+\s+(\S+)\s/gm)].map((m) => m[1]);
    assert.deepEqual(causes, ['limit.backend', 'not-found.route', 'server.function-error', 'unknown.client']);
    assert.match(section, /4 {2}limit\.backend\s+backend throttled \(status 500\/502\)\s+\[4 masked\]/);
  });

  it('lists the top routes with counts, and says when a route was not logged', () => {
    const section = report.slice(report.indexOf('Top routes'), report.indexOf('What to do'));
    assert.match(section, /4 {2}POST \/orders/);
    assert.match(section, /1 {2}\(route not logged\)/);
  });

  it('leaves the top routes out when no failed request logged a route, instead of one "(route not logged)" row', () => {
    // SYNTHETIC: failures whose logs named no method and no route.
    const text = renderReport(
      analysisOf([failure('n1', 'unknown.server', 500, false), failure('n2', 'limit.backend', 502, true)]),
      { color: false },
    );
    assert.doesNotMatch(text, /Top routes/);
    assert.doesNotMatch(text, /route not logged/);
    assert.match(text, /Failed requests by cause[\s\S]*\n\nWhat to do\n/);
  });

  it('notes the masked count of a cause even when one request of it was masked', () => {
    const section = report.slice(report.indexOf('Failed requests by cause'), report.indexOf('Top routes'));
    assert.match(section, /1 {2}not-found\.route\s+wrong route \(status 403\)\s+\[1 masked\]/);
    assert.doesNotMatch(section, /server\.function-error.*masked/);
  });

  it('lists only the 5 routes with the most failures, most first', () => {
    // SYNTHETIC: route i failed i times, for 7 routes.
    const many = Array.from({ length: 7 }, (_, r) =>
      Array.from({ length: r + 1 }, (_, i) =>
        failure(`m${r}-${i}`, 'server.function-error', 502, false, { method: 'GET', route: `/r${r + 1}` }),
      ),
    ).flat();
    const text = renderReport(analysisOf(many), { color: false });
    const section = text.slice(text.indexOf('Top routes'), text.indexOf('What to do'));
    const routes = [...section.matchAll(/^\s+(\d+)\s+GET (\/r\d)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(routes, ['7 /r7', '6 /r6', '5 /r5', '4 /r4', '3 /r3']);
  });

  it("gives a status-only cause the advice of its first sample, which names what that request's line lacks", () => {
    // SYNTHETIC advice, as classify writes it for a line that logged its response type.
    const advice =
      'Only the 500 status and response type DEFAULT_5XX are known. Add $context.integration.* to the access-log format, or enable execution logs, to learn more.';
    const text = renderReport(analysisOf([failure('u5', 'unknown.server', 500, false, { advice })]), {
      color: false,
    });
    assert.ok(text.includes(`    ${advice}`), text);
    assert.ok(!text.includes(CAUSES['unknown.server'].advice), text);
  });

  it("gives a status-only cause's group its samples' advice only when all agree, else advice built from the fields they lack: one request's status is not the group's (SYNTHETIC lines, reviews R1 and R3 of session 29)", () => {
    // Two unknown.server requests of one run: a REST 500 no integration answered, a 503 the integration answered 200.
    const ID = '7c0c4a3e-0000-4000-8000-00000000a1b';
    const lines = [
      JSON.stringify({ requestId: `${ID}1`, status: '500', integrationStatus: '-', resourcePath: '/orders' }),
      JSON.stringify({
        requestId: `${ID}2`,
        status: '503',
        'integration.status': '200',
        resourcePath: '/orders',
      }),
    ];
    const analysis = analyze([
      {
        source: { name: 'a.log' },
        events: lines.map((message, i) => ({ id: `${i}`, timestamp: 0, message })),
      },
    ]);
    assert.deepEqual(
      analysis.failures.map((f) => f.cause),
      ['unknown.server', 'unknown.server'],
    );
    const mixed = renderReport(analysis, { color: false });
    assert.doesNotMatch(mixed, /Only the 50\d status|integration status/);
    // Both lines logged the integration's status, so only the response type is asked for.
    assert.ok(
      mixed.includes(
        '    The access log names no cause for these failures. Add $context.error.responseType to the access-log format, or enable execution logs, to learn more.',
      ),
      mixed,
    );
    // Agreeing samples keep their own advice.
    const advice = analysis.failures[0]?.advice ?? '';
    const same = renderReport(
      analysisOf([
        failure('u5', 'unknown.server', 500, false, { advice }),
        failure('u6', 'unknown.server', 500, false, { advice }),
      ]),
      { color: false },
    );
    assert.ok(same.includes(`    ${advice}`), same);
  });

  it("tells an HTTP API's group of differing statuses which access-log fields to add, never to enable execution logs it does not have (SYNTHETIC lines, review R3 of session 29)", () => {
    const lines = ['500', '502'].map((status, i) =>
      JSON.stringify({ requestId: `Qx1aBcDeFgHiJk${i}=`, routeKey: 'GET /orders', status }),
    );
    const analysis = analyze([
      {
        source: { name: 'h.log' },
        events: lines.map((message, i) => ({ id: `${i}`, timestamp: 0, message })),
      },
    ]);
    assert.deepEqual(
      analysis.failures.map((f) => f.cause),
      ['unknown.server', 'unknown.server'],
    );
    const text = renderReport(analysis, { color: false });
    const advice = text.slice(text.indexOf('What to do'));
    assert.doesNotMatch(advice, /execution logs/, advice);
    assert.match(
      advice,
      /Add \$context\.error\.responseType and \$context\.integration\.\* to the access-log format/,
      advice,
    );
  });

  it('gives advice and at most 3 sample request ids per cause', () => {
    assert.ok(report.includes(CAUSES['limit.backend'].advice));
    assert.match(report, /sample request ids: t1, t2, t3\n/);
    assert.doesNotMatch(report, /t4/);
  });

  it('shows under each cause the evidence of its first sample request, so the reader sees why (SYNTHETIC evidence)', () => {
    const shown = renderReport(
      analysisOf([
        failure('e1', 'server.configuration', 500, false, {
          evidence: [
            'Execution failed due to configuration error: Output mapping refers to an invalid method response: 200',
          ],
        }),
        failure('e2', 'server.configuration', 500, false, { evidence: ['second request evidence'] }),
        failure('e3', 'limit.backend', 502, true, {
          evidence: [
            'x-amzn-ErrorType=TooManyRequestsException',
            '{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded"}',
          ],
        }),
      ]),
      { color: false },
    );
    const section = shown.slice(shown.indexOf('  server.configuration:'), shown.indexOf('  limit.backend:'));
    assert.match(
      section,
      /evidence \(e1\): Execution failed due to configuration error: Output mapping refers to an invalid method response: 200\n/,
    );
    assert.doesNotMatch(shown, /second request evidence/);
    assert.match(
      shown,
      /evidence \(e3\): x-amzn-ErrorType=TooManyRequestsException\n\s+\{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded"\}\n/,
    );
  });

  it('shows control characters in evidence as escapes, so a log line cannot drive the terminal (SYNTHETIC evidence)', () => {
    const shown = renderReport(
      analysisOf([
        failure('c1', 'unknown.server', 500, false, {
          evidence: ['error.message=\u001b[2Jgone\r\nfake line'],
        }),
      ]),
      { color: false },
    );
    assert.ok(!shown.includes('\u001b'), 'no raw escape character');
    assert.match(shown, /evidence \(c1\): error\.message=\\u001b\[2Jgone\\r\\nfake line\n/);
  });

  it('names under each cause the routes of its own failures, so a route shared by causes is not read as one problem (SYNTHETIC requests)', () => {
    const limitSection = report.slice(
      report.indexOf('  limit.backend:'),
      report.indexOf('  not-found.route:'),
    );
    assert.match(limitSection, /routes: POST \/orders \(4\)\n/);
    const routeSection = report.slice(
      report.indexOf('  not-found.route:'),
      report.indexOf('  server.function-error:'),
    );
    assert.match(routeSection, /routes: GET \/ordrs \(1\)\n/);
    assert.doesNotMatch(routeSection, /POST \/orders/);
    const unknown = report.slice(report.indexOf('  unknown.client:'));
    assert.doesNotMatch(unknown, /routes:/);
  });

  it("names at most 3 of a cause's routes, most first (SYNTHETIC requests)", () => {
    // Route i failed i times with the same cause, for 4 routes.
    const many = Array.from({ length: 4 }, (_, r) =>
      Array.from({ length: r + 1 }, (_, i) =>
        failure(`q${r}-${i}`, 'limit.backend', 429, false, { method: 'GET', route: `/q${r + 1}` }),
      ),
    ).flat();
    const text = renderReport(analysisOf(many), { color: false });
    assert.match(text, /routes: GET \/q4 \(4\), GET \/q3 \(3\), GET \/q2 \(2\)\n/);
  });

  it('shows control characters in a logged route as escapes in the top routes (SYNTHETIC route)', () => {
    const shown = renderReport(
      analysisOf([failure('c2', 'unknown.client', 400, false, { method: 'GET', route: '/a\u001b[2Jb' })]),
      { color: false },
    );
    assert.ok(!shown.includes('\u001b'), 'no raw escape character');
    assert.match(shown, /Top routes\n {2}1 {2}GET \/a\\u001b\[2Jb\n/);
  });

  it('says plainly when no line logged the status clients saw', () => {
    const trailOnly = renderReport(analysisOf([failure('x1', 'limit.backend', null, true)]), {
      color: false,
    });
    assert.match(
      trailOnly,
      /1 request with no logged status \(API Gateway answers this cause 500\/502\/503\/504\) whose real cause is backend throttled \(limit\.backend\)/,
    );
    assert.match(trailOnly, /limit\.backend\s+backend throttled \(status not logged\)/);
  });

  it('counts the requests with no logged status apart when others of the cause logged one', () => {
    const mixed = renderReport(
      analysisOf([failure('x1', 'limit.backend', 500, true), failure('x2', 'limit.backend', null, true)]),
      { color: false },
    );
    assert.match(
      mixed,
      /2 requests answered 500 \(1 with no logged status\) whose real cause is backend throttled/,
    );
  });

  it('says so when no request failed, without a masked section', () => {
    const empty = renderReport(analysisOf([]), { color: false });
    assert.match(empty, /No failed requests found/);
    assert.doesNotMatch(empty, /MASKED/);
  });

  it('does not say no request failed when no request was found at all, and points to the unparsed lines', () => {
    const nothing: Analysis = {
      ...analysisOf([], 3),
      stats: { events: 3, accessLines: 0, executionLines: 0, requests: 0, failed: 0, unparsed: 3 },
    };
    const shown = renderReport(nothing, { color: false });
    assert.doesNotMatch(shown, /No failed requests found/);
    assert.match(shown, /No API Gateway request found/);
    assert.match(shown, /stderr/);
  });

  it('has no ANSI codes without colour and has them with colour', () => {
    assert.equal(hasAnsi(report), false);
    assert.equal(hasAnsi(renderReport(analysisOf(FAILURES), { color: true })), true);
  });
});

describe('JSON Lines output', () => {
  it('writes one parseable object per failed request with only the contract keys', () => {
    const withExtra = [
      ...FAILURES,
      { ...failure('x1', 'auth.waf', 403, false), internalNote: 'must not leak' },
    ];
    const lines = renderJsonLines(withExtra).trimEnd().split('\n');
    assert.equal(lines.length, withExtra.length);
    for (const line of lines) {
      const record = JSON.parse(line) as Record<string, unknown>;
      for (const key of Object.keys(record)) assert.ok(CONTRACT_KEYS.includes(key), `unexpected key ${key}`);
      for (const key of REQUIRED_KEYS) assert.ok(key in record, `missing key ${key}`);
      assert.ok(typeof record.cause === 'string' && isCause(record.cause));
    }
  });

  it('includes the optional fields when known', () => {
    const record = JSON.parse(renderJsonLines([FAILURES[5] as ClassifiedRequest])) as Record<string, unknown>;
    assert.deepEqual(
      [record.time, record.api, record.stage, record.method, record.route],
      ['2026-11-25T10:00:00.000Z', 'abc123defg', 'prod', 'GET', '/orders/{id}'],
    );
  });

  it('writes nothing when nothing failed', () => {
    assert.equal(renderJsonLines([]), '');
  });
});

describe('unparsed summary', () => {
  it('counts lines by reason and shows at most 3 samples, each with what the parser said', () => {
    const summary = renderUnparsedSummary([
      { reason: UNPARSED_REASON.notALogLine, sample: 'a', source: { name: 'x.log' } },
      { reason: UNPARSED_REASON.notALogLine, sample: 'b', source: { name: 'x.log' } },
      { reason: UNPARSED_REASON.invalidJson, detail: 'Unexpected end of JSON input', sample: '{"c"' },
      { reason: UNPARSED_REASON.notALogLine, sample: 'd' },
    ]);
    assert.match(summary, /^apigw-errors: 4 lines not recognised/);
    assert.match(summary, /3 × neither an access-log line.*\n\s+1 × invalid JSON\n/);
    assert.match(summary, /x\.log: "a"/);
    assert.match(summary, /"\{\\"c\\"" \(Unexpected end of JSON input\)/);
    assert.doesNotMatch(summary, /"d"/);
  });

  it('keeps one line per reason however many positions the JSON errors name', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `{"status":${'1'.repeat(i % 300)}x}`);
    const analysis = analyze([
      {
        source: { name: 'broken.log' },
        events: lines.map((message, i) => ({ id: String(i), timestamp: 0, message })),
      },
    ]);
    const reasonLines = renderUnparsedSummary(analysis.unparsed)
      .split('\n')
      .filter((line) => / × /.test(line));
    assert.deepEqual(reasonLines, ['  2,000 × invalid JSON']);
  });

  it('shows a sample that echoes a request with its secrets removed (SYNTHETIC pretty-printed proxy event line)', () => {
    const summary = renderUnparsedSummary([
      {
        reason: UNPARSED_REASON.notALogLine,
        sample:
          '  "headers": {"Authorization": "Bearer SYNTHETICtoken0123456789", "x-api-key": "SYNTHETICkey0123456789"},',
      },
    ]);
    assert.doesNotMatch(summary, /SYNTHETICtoken|SYNTHETICkey/);
    assert.match(summary, /redacted/);
  });

  it('shows no part of a secret the 200-character sample cut in half, even when redacting what comes before it brings the cut into view (SYNTHETIC line)', () => {
    const jwe = `eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.${'k'.repeat(20)}.${'i'.repeat(16)}.${'c'.repeat(20)}.${'t'.repeat(22)}`;
    const head = `not a log line: token ${jwe} rejected, redis://:`;
    const password = 'SYNTHETICpass0123456789abcdefghij';
    const line = `${head}${password}@cache.example.com:6379 refused`;
    assert.ok(head.length < 190 && head.length + password.length > 200, 'the cut falls inside the password');
    const analysis = analyze([
      { source: { name: 'app.log' }, events: [{ id: '1', timestamp: 0, message: line }] },
    ]);
    const summary = renderUnparsedSummary(analysis.unparsed);
    assert.match(summary, /\[redacted-jwt\] rejected/);
    assert.doesNotMatch(summary, /SYNTHETIC/);
  });

  it('shows neither the user nor the head of a URL password holding = that the sample cut before its @ (SYNTHETIC line)', () => {
    // The bearer token's redaction shortens the sample enough for the cut URL to show in 120 characters.
    const head = `yyyyyyyyyyyyyyyyyy SYNTHETIC junk Bearer ${'A'.repeat(130)} conn postgres://admin:S3cr=`;
    const line = `${head}t9Qx7@db.internal:5432/app and more text after the cut`;
    assert.ok(head.length < 200 && line.length > 200, 'the cut falls inside the password');
    const analysis = analyze([
      { source: { name: 'app.log' }, events: [{ id: '1', timestamp: 0, message: line }] },
    ]);
    const summary = renderUnparsedSummary(analysis.unparsed);
    assert.match(summary, /Bearer \[redacted\] conn …/);
    assert.doesNotMatch(summary, /admin|S3cr/);
  });

  // SYNTHETIC access line made of one long URL, 200 characters long.
  const LONG_URL_LINE =
    '2026-11-27T10:00:00Z GET https://api.example.com/v1/tenants/acme-corp/orders/7f3c2a91-5b6e-4d8a-9c1f-2e7b8a6d4c3f/items/line-items/0042/attachments/invoice-2026-11-27-final-v2.pdf?download=true&locale=en-GB 502';
  it('shows the path of a cut sample that is one long URL, dropping only its last segment (SYNTHETIC line)', () => {
    const summary = renderUnparsedSummary([
      { reason: UNPARSED_REASON.notALogLine, sample: `${LONG_URL_LINE}/more`.slice(0, 200), cut: true },
    ]);
    assert.match(summary, /GET https:\/\/api\.example\.com\/v1\/tenants\/acme-corp\/orders\//);
  });

  it('shows a whole sample of 199 or 200 characters as it is, no cut assumed (SYNTHETIC lines)', () => {
    for (const sample of [LONG_URL_LINE.slice(0, 199), LONG_URL_LINE.slice(0, 200)]) {
      assert.equal(sample.length >= 199, true);
      const summary = renderUnparsedSummary([{ reason: UNPARSED_REASON.notALogLine, sample }]);
      assert.ok(summary.includes(JSON.stringify(`${sample.slice(0, 120)}…`)), summary);
    }
  });

  it('marks the sample of a line longer than 200 characters as cut, and a shorter one not (SYNTHETIC lines)', () => {
    const analysis = analyze([
      {
        source: { name: 'app.log' },
        events: [
          { id: '1', timestamp: 0, message: `not a log line: ${LONG_URL_LINE}` },
          { id: '2', timestamp: 0, message: 'not a log line either' },
        ],
      },
    ]);
    assert.deepEqual(
      analysis.unparsed.map((line) => line.cut === true),
      [true, false],
    );
  });

  it('cuts a sample at 120 characters between characters, never inside an emoji (SYNTHETIC line)', () => {
    const summary = renderUnparsedSummary([
      { reason: UNPARSED_REASON.notALogLine, sample: `${'語'.repeat(119)}🚀 and more` },
    ]);
    assert.match(summary, new RegExp(`"${'語'.repeat(119)}…"`));
    assert.doesNotMatch(summary, /\\ud83d/);
  });

  it('marks a cut sample with …, as the 200-character cut does, and leaves a whole one unmarked (SYNTHETIC lines)', () => {
    const long = 'x'.repeat(121);
    const summary = renderUnparsedSummary([
      { reason: UNPARSED_REASON.notALogLine, sample: long },
      { reason: UNPARSED_REASON.notALogLine, sample: 'y'.repeat(120) },
    ]);
    assert.match(summary, new RegExp(`"${'x'.repeat(120)}…"`));
    assert.match(summary, new RegExp(`"${'y'.repeat(120)}"`));
  });

  it('is empty when every line was recognised', () => {
    assert.equal(renderUnparsedSummary([]), '');
  });
});
