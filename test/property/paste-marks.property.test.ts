/**
 * Paste marks change nothing but the marks: a log line pasted as a list item, behind a writer's label
 * or between typographic quotes reads as the line alone does, and a line of prose that is no log line
 * stays none however it is pasted. Generated lines are SYNTHETIC. Fixed seed, bounded runs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseBatch } from '../../lambda/core/parse';
import type { LogBatch } from '../../lambda/core/types';

const SETTINGS = { seed: Number(process.env.FC_SEED ?? 20261126), numRuns: 300 } as const;

function fileBatch(line: string): LogBatch {
  return { source: { name: 'paste.log' }, events: [{ id: '0', timestamp: 0, message: line }] };
}

/** What a line reads as: its access records, its execution messages (with the id it named) and how many lines were left unparsed. */
function reading(line: string): string {
  const parsed = parseBatch(fileBatch(line));
  return JSON.stringify({
    access: parsed.access,
    execution: parsed.execution.map((l) => [l.message, l.requestId?.startsWith('~') ? '' : l.requestId]),
    unparsed: parsed.unparsed.length,
  });
}

const requestId = fc.uuid();
const status = fc.constantFrom('200', '403', '429', '500', '502', '504');
const method = fc.constantFrom('GET', 'POST', 'DELETE');
const path = fc.constantFrom('/pets', '/pets/{id}', '/');
const message = fc.constantFrom(
  'Method completed with status: 502',
  'Execution failed due to configuration error: Malformed Lambda proxy response',
  'Endpoint request timed out',
  'Lambda execution failed with status 200 due to customer function error: Task timed out',
  'Key throttle limit exceeded for RestApi abc123, Stage prod',
  'Unauthorized request: 8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
  'Access denied. Reason: Could not find issuer for certificate',
  'Malformed Lambda proxy response',
  'General SSLEngine problem',
);

/** Lines that read as log lines alone, in every shape a paste may hold. */
const logLine = fc.oneof(
  fc
    .record({ requestId, status, method, path })
    .map(
      (r) =>
        `{"requestId":"${r.requestId}","httpMethod":"${r.method}","resourcePath":"${r.path}","status":"${r.status}"}`,
    ),
  fc
    .record({ requestId, status, method, path })
    .map(
      (r) =>
        `203.0.113.7 - - [25/Nov/2026:10:15:30 +0000] "${r.method} ${r.path} HTTP/1.1" ${r.status} 36 ${r.requestId}`,
    ),
  fc
    .record({ requestId, status, method, path })
    .map(
      (r) =>
        `203.0.113.7,-,-,25/Nov/2026:10:15:30 +0000,${r.method},${r.path},HTTP/1.1,${r.status},36,${r.requestId}`,
    ),
  fc
    .record({ requestId, status, method, path })
    .map(
      (r) =>
        `requestId: ${r.requestId}, ip: 203.0.113.7, httpMethod: ${r.method}, resourcePath: ${r.path}, status: ${r.status}`,
    ),
  fc
    .record({ requestId, status, first: fc.constantFrom('-', 'message: -', 'msg: Forbidden') })
    .map(
      (r) =>
        `${r.first} ${r.first === '-' ? '- ' : ''}203.0.113.7 [25/Nov/2026:10:15:30 +0000] "GET /pets HTTP/1.1" ${r.status} 36 ${r.requestId}`,
    ),
  fc.record({ requestId, message }).map((r) => `(${r.requestId}) ${r.message}`),
  message.map((m) => `Wed Nov 25 10:15:29 UTC 2026 : ${m}`),
  message,
  requestId.map((id) => `Execution log for request ${id}`),
);

/** How a line is pasted: list markers, labels, typographic quotes, and those nested. */
const wrap = fc.constantFrom<(line: string) => string>(
  (l) => `- ${l}`,
  (l) => `  * ${l}`,
  (l) => `+ ${l}`,
  (l) => `• ${l}`,
  (l) => `1. ${l}`,
  (l) => `12) ${l}`,
  (l) => `> - ${l}`,
  (l) => `Logs: ${l}`,
  (l) => `API Gateway execution log: ${l}`,
  (l) => `CloudWatch log == ${l}`,
  (l) => `“${l}”`,
  (l) => `‘${l}’`,
  (l) => `«\u00a0${l}\u00a0»`,
  (l) => `「${l}」`,
  (l) => `\`${l}\``,
  (l) => `- Logs: \`${l}\``,
  (l) => `  -  “${l}”.`,
);

/** Prose made of words that look like marks, labels and the starts of log lines. */
const word = fc.constantFrom(
  'the',
  'errors',
  'are',
  'common',
  'when',
  'handler',
  'returns',
  'a',
  'string',
  'Malformed Lambda proxy response',
  'General SSLEngine problem',
  'There was an internal error while executing your request',
  'Logs:',
  'message:',
  '-',
  '1.',
  '“',
  '”',
  '`',
  '10.0.0.1',
  '(see',
  'below)',
  'Copy',
  'Forbidden',
  'Method completed with status: 200',
);
const prose = fc
  .tuple(
    fc.constantFrom('Note', 'Why', 'Sometimes', 'Most', 'Our', 'If', 'Check'),
    fc.array(word, { maxLength: 12 }),
  )
  .map(([first, rest]) => [first, ...rest].join(' '));

describe('paste marks, as properties', () => {
  it('a log line pasted with marks reads as the line alone', () => {
    fc.assert(
      fc.property(logLine, wrap, (line, pasted) => {
        assert.equal(reading(pasted(line)), reading(line), pasted(line));
      }),
      SETTINGS,
    );
  });

  it('prose that is no log line stays none, however it is pasted', () => {
    fc.assert(
      fc.property(prose, wrap, (text, pasted) => {
        const alone = parseBatch(fileBatch(text));
        fc.pre(alone.unparsed.length === 1 && alone.execution.length + alone.access.length === 0);
        const parsed = parseBatch(fileBatch(pasted(text)));
        assert.equal(parsed.execution.length + parsed.access.length, 0, pasted(text));
        assert.equal(parsed.unparsed.length, 1, pasted(text));
      }),
      SETTINGS,
    );
  });
});
