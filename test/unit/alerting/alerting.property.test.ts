/**
 * Properties of the alerting core over generated inputs (fixed seed, so a failure replays):
 * counting never loses or invents a request, and no API, stage, count or cause can push the SMS or
 * the subject past their limits.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { aggregateDelivery, REQUESTS_COUNTER } from '../../../lambda/core/aggregate';
import {
  ALERT_KIND,
  buildAlertMessage,
  NO_EVIDENCE,
  SMS_MAX_CHARS,
  SMS_SEGMENT_CHARS,
  SMS_TOPIC_PREFIX,
} from '../../../lambda/core/alert-message';
import { CAUSE_IDS } from '../../../lambda/core/taxonomy';
import { ERROR_RATE } from '../../../lambda/core/thresholds';
import { failure, request, T0 } from './synthetic';

/** FC_SEED=<n> explores other inputs once, locally. */
const SETTINGS = { seed: Number(process.env.FC_SEED ?? 20261125), numRuns: 300 } as const;
const GSM7_SAFE = /^[ !"#$%&'()*+,\-./0-9:;<=>?@A-Z_a-z]*$/;

describe('alerting properties', () => {
  it('the increments add up to exactly the counted failures and the access-log requests', () => {
    const generated = fc.record({
      failures: fc.array(
        fc.record({
          cause: fc.constantFrom(...CAUSE_IDS),
          stage: fc.constantFrom('prod', 'dev', ''),
          offsetMs: fc.integer({ min: -3_600_000, max: 3_600_000 }),
          fromAccessLog: fc.boolean(),
        }),
        { maxLength: 60 },
      ),
      windowMinutes: fc.integer({ min: 1, max: 1440 }),
      countExecutionLogs: fc.boolean(),
    });
    fc.assert(
      fc.property(generated, ({ failures, windowMinutes, countExecutionLogs }) => {
        const classified = failures.map((f, i) =>
          failure(f.cause, { requestId: `r${i}`, stage: f.stage, timeMs: T0 + f.offsetMs }),
        );
        const requests = failures.map((f, i) =>
          request(`r${i}`, { stage: f.stage, timeMs: T0 + f.offsetMs, fromAccessLog: f.fromAccessLog }),
        );
        const counts = aggregateDelivery(
          {
            failures: classified,
            requests,
            unparsed: [],
            stats: { events: 0, accessLines: 0, executionLines: 0, requests: 0, failed: 0, unparsed: 0 },
          },
          { windowMinutes, countExecutionLogs, fallbackTimeMs: T0 },
        );
        const sum = (requestTotals: boolean) =>
          counts.increments
            .filter((i) => (i.subject === REQUESTS_COUNTER) === requestTotals)
            .reduce((n, i) => n + i.count, 0);
        const seenInAccess = failures.filter((f) => f.fromAccessLog).length;
        assert.equal(sum(true), seenInAccess);
        assert.equal(sum(false), countExecutionLogs ? failures.length : seenInAccess);
        assert.equal(counts.counted.length + counts.executionOnly.length, failures.length);
        const keys = counts.increments.map((i) => `${i.api}|${i.stage}|${i.windowStartMs}|${i.subject}`);
        assert.equal(new Set(keys).size, keys.length, 'one increment per distinct key');
        for (const i of counts.increments) assert.equal(i.windowStartMs % (windowMinutes * 60_000), 0);
      }),
      SETTINGS,
    );
  });

  it('no API, stage, count or cause pushes the SMS past one GSM-7 segment or the subject past 99 ASCII characters', () => {
    const generated = fc.record({
      api: fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme' }),
      stage: fc.string({ minLength: 1, maxLength: 128, unit: 'grapheme' }),
      cause: fc.constantFrom(...CAUSE_IDS),
      kind: fc.constantFrom(...Object.values(ALERT_KIND)),
      rate: fc.boolean(),
      count: fc.integer({ min: 1, max: 2_000_000_000 }),
      requests: fc.integer({ min: 0, max: 2_000_000_000 }),
      masked: fc.nat({ max: 10 }),
      statuses: fc.array(fc.integer({ min: 100, max: 599 }), { maxLength: 6 }),
      windowStartMs: fc.integer({ min: 0, max: 4_102_444_800_000 }),
      windowMinutes: fc.integer({ min: 1, max: 1440 }),
    });
    fc.assert(
      fc.property(generated, (g) => {
        const message = buildAlertMessage({
          kind: g.kind,
          api: g.api,
          stage: g.stage,
          windowStartMs: g.windowStartMs,
          windowMinutes: g.windowMinutes,
          subject: g.rate ? ERROR_RATE : g.cause,
          cause: g.cause,
          count: g.count,
          masked: g.masked,
          threshold: 10,
          requests: g.requests,
          alertCount: g.count,
          evidence: { ...NO_EVIDENCE, maskedStatuses: g.statuses, clientStatuses: g.statuses },
          trails: new Map(),
        });
        assert.ok(message.sms.length <= SMS_MAX_CHARS, message.sms);
        assert.ok((SMS_TOPIC_PREFIX + message.sms).length <= SMS_SEGMENT_CHARS, message.sms);
        assert.match(message.sms, GSM7_SAFE);
        assert.ok(message.subject.length < 100, message.subject);
        assert.match(message.subject, /^[\x20-\x7e]+$/);
        // However long the API or stage, the subject still names the cause (or the error rate).
        const named = g.rate && g.kind === ALERT_KIND.resolved ? 'error rate' : g.cause;
        assert.ok(message.subject.includes(named), message.subject);
      }),
      SETTINGS,
    );
  });
});
