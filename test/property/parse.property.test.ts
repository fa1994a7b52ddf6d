/**
 * Property-based hardening of the parsers and the pipeline: parseAccessLine, parseBatch and analyze
 * never throw, every bad line becomes a counted unparsed result with a reason, hostile keys cannot
 * pollute prototypes, and mixed formats in one delivery are each recognised. Generated lines are
 * synthetic. Fixed seed, bounded runs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { mayBeCsv, parseAccessLine, readCsv, splitCsv } from '../../lambda/core/access-log';
import { decodeData } from '../../lambda/core/decode';
import { MAX_LINE_CHARS, parseBatch } from '../../lambda/core/parse';
import { analyze } from '../../lambda/core/pipeline';
import type { AccessLogRecord, Analysis, LogBatch, LogEvent } from '../../lambda/core/types';
import { realLogs } from '../support/real-logs';

/** Fixed seed so a failure replays; FC_SEED=<n> explores other inputs once, locally. */
const SETTINGS = { seed: Number(process.env.FC_SEED ?? 20261125), numRuns: 200 } as const;

/**
 * Every key an AccessLogRecord may own; anything else is junk that leaked in. Written out here, not
 * imported from lambda/core/access-log/, so the check does not trust the parser's own list of fields.
 */
const RECORD_KEYS = new Set<string>([
  'format',
  'requestId',
  'extendedRequestId',
  'timeMs',
  'apiId',
  'stage',
  'domainName',
  'httpMethod',
  'path',
  'resourcePath',
  'routeKey',
  'status',
  'responseType',
  'errorMessage',
  'integrationStatus',
  'integrationServiceStatus',
  'integrationError',
  'integrationLatencyMs',
  'responseLatencyMs',
  'authorizerError',
  'authorizerStatus',
  'authenticateStatus',
  'authorizeStatus',
  'wafStatus',
  'wafResponseCode',
  'wafError',
  'noRoute',
  'noIntegrationStatus',
  'noResponseType',
]);

/** The keys whose value is a flag, `true` when set. */
const FLAG_KEYS = new Set<string>(['noRoute', 'noIntegrationStatus', 'noResponseType']);

function assertCleanRecord(record: AccessLogRecord): void {
  assert.equal(Object.getPrototypeOf(record), Object.prototype);
  for (const key in record) assert.ok(Object.hasOwn(record, key) && RECORD_KEYS.has(key), `junk key ${key}`);
  for (const [key, value] of Object.entries(record)) {
    if (FLAG_KEYS.has(key)) assert.equal(value, true, `flag ${key}`);
    else
      assert.ok(typeof value === 'string' || typeof value === 'number', `non-scalar value ${String(value)}`);
  }
}

function assertNotPolluted(): void {
  const probe = {} as Record<string, unknown>;
  assert.equal(probe.polluted, undefined, 'Object.prototype was polluted');
  assert.equal(Object.hasOwn(Object.prototype, 'polluted'), false);
}

function batchOf(lines: readonly string[], logGroup = '/aws/apigateway/access'): LogBatch {
  return {
    source: { logGroup },
    events: lines.map((message, i) => ({ id: String(i), timestamp: i, message })),
  };
}

function assertConsistent(analysis: Analysis, events: number): void {
  const { stats } = analysis;
  assert.equal(stats.events, events);
  assert.equal(stats.unparsed, analysis.unparsed.length);
  assert.equal(stats.requests, analysis.requests.length);
  assert.equal(stats.failed, analysis.failures.length);
  assert.ok(stats.failed <= stats.requests);
  assert.ok(stats.requests <= stats.accessLines + stats.executionLines);
  for (const u of analysis.unparsed) {
    assert.ok(u.reason.length > 0, 'every unparsed line says why');
    assert.ok(u.sample.length <= 201, 'samples stay short');
  }
  for (const f of analysis.failures) assert.ok(f.evidence.length > 0);
}

const text = fc.string({ unit: 'binary', maxLength: 300 });
const noNewline = (s: string): string => s.replace(/[\r\n]/g, ' ');

/** Access lines in every format, with values drawn from what logs really hold. */
const requestId = fc.uuid();
const status = fc.constantFrom('200', '400', '403', '404', '429', '500', '502', '503', '504');
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH');
const resourcePath = fc.constantFrom('/pets', '/pets/{id}', '/orders/{orderId}/items', '/');
const jsonAccess = fc
  .record({
    requestId,
    status,
    method,
    resourcePath,
    responseType: fc.constantFrom('-', 'THROTTLED', 'INTEGRATION_FAILURE'),
  })
  .map(
    (r) =>
      `{"requestId":"${r.requestId}","requestTime":"25/Nov/2026:10:15:30 +0000","httpMethod":"${r.method}","resourcePath":"${r.resourcePath}","status":"${r.status}","error":{"responseType":"${r.responseType}"}}`,
  );
const clfAccess = fc
  .record({ requestId, status, method, resourcePath })
  .map(
    (r) =>
      `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000]"${r.method} ${r.resourcePath} HTTP/1.1" ${r.status} 36 ${r.requestId} Ext=`,
  );
const csvAccess = fc
  .record({ requestId, status, method, resourcePath })
  .map(
    (r) =>
      `203.0.113.7,-,-,25/Nov/2026:10:15:30 +0000,${r.method},${r.resourcePath},HTTP/1.1,${r.status},36,${r.requestId},Ext=`,
  );
const xmlAccess = fc
  .record({ requestId, status, method, resourcePath })
  .map(
    (r) =>
      `<request id="${r.requestId}"> <requestTime>25/Nov/2026:10:15:30 +0000</requestTime> <httpMethod>${r.method}</httpMethod> <resourcePath>${r.resourcePath}</resourcePath> <status>${r.status}</status> </request>`,
  );
/** WebSocket presets: CLF (with one space, or the Serverless Framework's two, before the request id) and CSV. */
const wsEvent = fc.constantFrom(
  ['CONNECT', '$connect'],
  ['MESSAGE', 'sendmessage'],
  ['MESSAGE', '$default'],
  ['DISCONNECT', '$disconnect'],
);
const wsId = fc.stringMatching(/^[A-Za-z0-9]{15}=$/);
const wsClfAccess = fc
  .record({ event: wsEvent, id: wsId, connection: wsId, status, gap: fc.constantFrom(' ', '  ') })
  .map(
    (r) =>
      `192.0.2.10 - - [25/Nov/2026:10:15:30 +0000] "${r.event[0]} ${r.event[1]} ${r.connection}" ${r.status}${r.gap}${r.id}`,
  );
const wsCsvAccess = fc
  .record({ event: wsEvent, id: wsId, connection: wsId, status })
  .map(
    (r) =>
      `198.51.100.23,-,-,25/Nov/2026:10:15:30 +0000,${r.event[0]},${r.event[1]},${r.connection},${r.status},${r.id}`,
  );
const accessLine = fc.oneof(jsonAccess, clfAccess, csvAccess, xmlAccess, wsClfAccess, wsCsvAccess);
/** Lines no parser should claim: a tilde cannot start any access or execution shape. */
const garbageLine = text.map((s) => `~${noNewline(s)}`);

describe('parser properties', () => {
  it('parseAccessLine never throws and returns only clean records or a reason', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.json(), accessLine), (line) => {
        const parsed = parseAccessLine(line);
        if (parsed === undefined) return;
        if (parsed.ok) assertCleanRecord(parsed.record);
        else assert.ok(parsed.reason.length > 0);
      }),
      SETTINGS,
    );
  });

  it('parseBatch and analyze never throw on arbitrary events, in any log group, and keep consistent stats', () => {
    const event = fc.record({
      id: fc.string(),
      timestamp: fc.oneof(fc.integer(), fc.constant(0)),
      message: text,
    });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 30 }),
        fc.constantFrom('/aws/apigateway/access', 'API-Gateway-Execution-Logs_abc123/prod', ''),
        (events: LogEvent[], logGroup) => {
          const batch: LogBatch = { source: { logGroup }, events };
          const parsed = parseBatch(batch);
          assert.equal(parsed.events, events.length);
          assertConsistent(analyze([batch, batch]), events.length * 2);
        },
      ),
      SETTINGS,
    );
  });

  it('recognises every access line of a mixed-format delivery and counts every other line as unparsed', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(accessLine, garbageLine), { minLength: 1, maxLength: 40 }), (lines) => {
        const access = lines.filter((l) => !l.startsWith('~')).length;
        const analysis = analyze([batchOf(lines)]);
        assert.equal(analysis.stats.accessLines, access);
        assert.equal(analysis.stats.unparsed, lines.length - access);
        assert.equal(analysis.stats.executionLines, 0);
        assertConsistent(analysis, lines.length);
      }),
      SETTINGS,
    );
  });

  it("reads an access line inside a log-delivery record or a shipper's record as the same line", () => {
    const wrap = fc.constantFrom(
      (line: string) => JSON.stringify({ event_timestamp: 1764065730000, payload: line }),
      (line: string) => JSON.stringify({ ddsource: 'apigateway', message: line }),
      (line: string) =>
        JSON.stringify({ sourcetype: 'aws:cloudwatchlogs', source: '/aws/apigateway/access', event: line }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(accessLine, wrap), { minLength: 1, maxLength: 20 }), (pairs) => {
        const bare = analyze([batchOf(pairs.map(([line]) => line))]);
        const wrapped = analyze([batchOf(pairs.map(([line, into]) => into(line)))]);
        assert.equal(wrapped.stats.accessLines, pairs.length);
        assert.equal(wrapped.stats.unparsed, 0);
        assert.deepEqual(
          wrapped.failures.map((f) => [f.requestId, f.cause]),
          bare.failures.map((f) => [f.requestId, f.cause]),
        );
      }),
      SETTINGS,
    );
  });

  it('accounts for access, execution and garbage lines mixed in one gzip delivery', () => {
    const executionLine = fc
      .record({ id: requestId, status })
      .map((r) => [
        `(${r.id}) Starting execution for request: ${r.id}`,
        `(${r.id}) Method completed with status: ${r.status}`,
      ]);
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            accessLine.map((l) => [l]),
            executionLine,
            garbageLine.map((l) => [l]),
          ),
          { maxLength: 20 },
        ),
        (groups) => {
          const lines = groups.flat();
          const data = gzipSync(
            JSON.stringify({
              messageType: 'DATA_MESSAGE',
              logGroup: 'mixed',
              logEvents: lines.map((message, i) => ({ id: String(i), timestamp: i, message })),
            }),
          ).toString('base64');
          const payload = decodeData(data);
          const analysis = analyze([{ source: { logGroup: payload.logGroup }, events: payload.logEvents }]);
          const executions = lines.filter((l) => l.startsWith('(')).length;
          // A garbage line right after an execution line may continue its message; it is never lost silently.
          assert.equal(analysis.stats.executionLines, executions);
          assert.equal(
            analysis.stats.accessLines,
            lines.filter((l) => !l.startsWith('(') && !l.startsWith('~')).length,
          );
          assertConsistent(analysis, lines.length);
        },
      ),
      SETTINGS,
    );
  });

  it('never lets __proto__, constructor or prototype keys reach a record or Object.prototype', () => {
    const hostileKey = fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      'valueOf',
    );
    fc.assert(
      fc.property(hostileKey, hostileKey, fc.jsonValue(), (outer, inner, value) => {
        const line = `{"status":"500","${outer}":{"${inner}":{"polluted":"yes"}},"error":{"${outer}":${JSON.stringify(value)},"responseType":"THROTTLED"},"${inner}":"x"}`;
        const parsed = parseAccessLine(line);
        assert.ok(parsed?.ok, JSON.stringify(parsed));
        assertCleanRecord(parsed.record);
        assert.equal(parsed.record.status, 500);
        analyze([batchOf([line, `{"__proto__":{"polluted":"yes"},"status":502}`])]);
        assertNotPolluted();
      }),
      SETTINGS,
    );
  });

  it('keeps commas and quotes inside a CSV field in that one field', () => {
    const field = fc.string({ maxLength: 30 }).map(noNewline);
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 8 }), (fields) => {
        const line = fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(',');
        assert.deepEqual(splitCsv(line), fields);
      }),
      SETTINGS,
    );
  });

  it('skips the CSV reader only on lines it could not read (SYNTHETIC fields, and every real line)', () => {
    // Fields a preset writes, quoted or padded or not, among arbitrary ones: the pre-check must pass
    // every line the reader reads, wherever its protocol or time falls and however it is quoted.
    const token = fc.constantFrom(
      'HTTP/1.1',
      'HTTP/2.0',
      '25/Nov/2026:10:15:30 +0000',
      '5/Nov/2026:10:15:30',
      'GET',
      'MESSAGE',
      'CONNECT',
      '-',
      '500',
      '/pets',
      'GET /pets',
      '203.0.113.7',
      '',
    );
    const field = fc
      .tuple(fc.oneof(token, fc.string({ maxLength: 12 }).map(noNewline)), fc.nat(3))
      .map(([text, style]) =>
        style === 0
          ? text
          : style === 1
            ? `"${text.replaceAll('"', '""')}"`
            : style === 2
              ? ` ${text} `
              : ` "${text}"`,
      );
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 12 }), (fields) => {
        const line = fields.join(',');
        if (readCsv(line) !== undefined) assert.ok(mayBeCsv(line), line);
      }),
      { ...SETTINGS, numRuns: 2000 },
    );
    let read = 0;
    for (const sample of realLogs()) {
      for (const line of sample.lines) {
        const text = line.trim();
        if (readCsv(text) === undefined) continue;
        read += 1;
        assert.ok(mayBeCsv(text), `${sample.id}: ${text}`);
      }
    }
    // The oracle is not vacuous: the generated fields hit the reader too.
    const hits = fc
      .sample(fc.array(field, { minLength: 6, maxLength: 12 }), { seed: SETTINGS.seed, numRuns: 2000 })
      .filter((fields) => readCsv(fields.join(',')) !== undefined).length;
    assert.ok(hits > 0 || read > 0, 'no line was read as CSV');
  });

  it('reads a REST CSV line whose quoted resource path holds commas and quotes', () => {
    const path = fc.string({ minLength: 1, maxLength: 30 }).map((s) => `/${noNewline(s).trim()}`);
    fc.assert(
      fc.property(path, requestId, status, (resource, id, code) => {
        const quoted = `"${resource.replaceAll('"', '""')}"`;
        const parsed = parseAccessLine(
          `203.0.113.7,-,-,25/Nov/2026:10:15:30 +0000,GET,${quoted},HTTP/1.1,${code},36,${id},Ext=`,
        );
        assert.ok(parsed?.ok, JSON.stringify(parsed));
        assert.equal(parsed.record.requestId, id);
        assert.equal(parsed.record.status, Number(code));
        assert.equal(parsed.record.resourcePath, resource.trim() === '' ? undefined : resource.trim());
      }),
      SETTINGS,
    );
  });

  it("reads JSON formats with unquoted numbers that API Gateway wrote as '-', with or without a trailing comma", () => {
    // Synthetic: `"integrationStatus": $context.integrationStatus` unquoted, as some formats write it.
    const numberOrDash = fc.oneof(fc.constant('-'), fc.integer({ min: 100, max: 599 }).map(String));
    const space = fc.constantFrom('', ' ', '  ', '\t');
    fc.assert(
      fc.property(
        requestId,
        status,
        numberOrDash,
        numberOrDash,
        space,
        space,
        fc.boolean(),
        (id, code, backend, latency, before, after, trailingComma) => {
          const line = `{"requestId":"${id}","status":${code},"integration":{"status":${before}${backend}${after},"latency":${before}${latency}${after}${trailingComma ? ',' : ''}},"integrationLatency":${before}${latency}${after}${trailingComma ? ',' : ''}}`;
          const parsed = parseAccessLine(line);
          assert.ok(parsed?.ok, `${line}: ${JSON.stringify(parsed)}`);
          assertCleanRecord(parsed.record);
          assert.equal(parsed.record.requestId, id);
          assert.equal(parsed.record.status, Number(code));
          assert.equal(parsed.record.integrationStatus, backend === '-' ? undefined : Number(backend));
          assert.equal(parsed.record.noIntegrationStatus, backend === '-' ? true : undefined);
          assert.equal(parsed.record.integrationLatencyMs, latency === '-' ? undefined : Number(latency));
        },
      ),
      SETTINGS,
    );
  });

  it('reads a CLF line the same whatever runs of spaces separate its fields', () => {
    const gap = fc.integer({ min: 1, max: 4 }).map((n) => ' '.repeat(n));
    const gaps = fc.array(gap, { minLength: 11, maxLength: 11 });
    fc.assert(
      fc.property(
        requestId,
        status,
        method,
        resourcePath,
        gaps,
        fc.boolean(),
        (id, code, verb, path, g, glued) => {
          const at = (i: number): string => g[i] ?? ' ';
          // The REST preset has no space between the time and the quote; others have one or more.
          const afterTime = glued ? '' : at(3);
          const line = `203.0.113.7${at(0)}-${at(1)}-${at(2)}[25/Nov/2026:10:15:30 +0000]${afterTime}"${verb}${at(4)}${path}${at(5)}HTTP/1.1"${at(6)}${code}${at(7)}36${at(8)}${id}${at(9)}Dq6tfEh4IAMFqTg=`;
          const parsed = parseAccessLine(line);
          assert.ok(parsed?.ok, `${line}: ${JSON.stringify(parsed)}`);
          assertCleanRecord(parsed.record);
          assert.deepEqual(
            [
              parsed.record.httpMethod,
              parsed.record.resourcePath,
              parsed.record.status,
              parsed.record.requestId,
            ],
            [verb, path, Number(code), id],
          );
          assert.equal(parsed.record.extendedRequestId, 'Dq6tfEh4IAMFqTg=');
        },
      ),
      SETTINGS,
    );
  });

  it('reads the route key, status and request id of every WebSocket CLF and CSV preset line', () => {
    fc.assert(
      fc.property(wsEvent, wsId, wsId, status, fc.boolean(), (event, id, connection, code, csv) => {
        const line = csv
          ? `198.51.100.23,-,-,25/Nov/2026:10:15:30 +0000,${event[0]},${event[1]},${connection},${code},${id}`
          : `192.0.2.10 - - [25/Nov/2026:10:15:30 +0000] "${event[0]} ${event[1]} ${connection}" ${code}  ${id}`;
        const parsed = parseAccessLine(line);
        assert.ok(parsed?.ok, `${line}: ${JSON.stringify(parsed)}`);
        assertCleanRecord(parsed.record);
        assert.deepEqual(
          [parsed.record.routeKey, parsed.record.status, parsed.record.requestId, parsed.record.httpMethod],
          [event[1], Number(code), id, event[0]],
        );
      }),
      SETTINGS,
    );
  });

  it('survives deep nesting in JSON lines', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.boolean(), (depth, arrays) => {
        const line = arrays
          ? `{"status":500,"a":${'['.repeat(depth)}1${']'.repeat(depth)}}`
          : `{"status":500,"a":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
        const parsed = parseAccessLine(line);
        assert.ok(parsed?.ok);
        assert.equal(parsed.record.status, 500);
      }),
      { ...SETTINGS, numRuns: 50 },
    );
  });

  it('cuts 5 MB lines of any format instead of failing on them', () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const lines = [
      `{"status":"500","error":{"message":"${huge}"}}`,
      `(8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6) Endpoint response body before transformations: ${huge}`,
      huge,
      `{${huge}`,
      `<request id="r">${huge}`,
      `a,b,${huge},HTTP/1.1,500`,
    ];
    for (const logGroup of ['/aws/apigateway/access', 'API-Gateway-Execution-Logs_abc123/prod']) {
      const analysis = analyze([batchOf(lines, logGroup)]);
      assertConsistent(analysis, lines.length);
      for (const f of analysis.failures) for (const e of f.evidence) assert.ok(e.length < MAX_LINE_CHARS);
    }
  });

  it('parses invalid UTF-8 decoded to replacement characters like any other text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const line = Buffer.from(bytes).toString('utf8');
        assertConsistent(
          analyze([batchOf([line, `{"status":"502","x":"${noNewline(line).replace(/["\\]/g, '')}"}`])]),
          2,
        );
      }),
      SETTINGS,
    );
  });
});
