/**
 * Properties of the short alert texts, the SMS and the e-mail subject, over SYNTHETIC alert facts
 * (fixed seed, so a failure replays): within their limits, the window always whole at the end, a
 * name marked ".." only when it was cut, and a masked cause said so whenever it fits.
 *
 * The rule pinned for "masked": the SMS always says it (its shortest form, ", some masked", fits
 * beside 16 characters of any name at counts up to ten million). The subject, 99 characters, says
 * it unless even its shortest form would not fit beside 16 characters of the name (all of a
 * shorter one): it gives way after the cause's words and the trail's cause, before the name does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ALERT_KIND,
  type AlertFacts,
  buildAlertMessage,
  SMS_MAX_CHARS,
  SUBJECT_MAX_CHARS,
} from '../../../lambda/core/alert-message';
import { CAUSE_IDS, CAUSES, type Cause } from '../../../lambda/core/taxonomy';
import { ERROR_RATE } from '../../../lambda/core/thresholds';

/** FC_SEED=<n> explores other inputs once, locally. */
const SETTINGS = { seed: Number(process.env.FC_SEED ?? 20261127), numRuns: 3000 } as const;
/** A name shortened below this many characters is one the texts would rather not show. */
const MIN_NAME_CHARS = 16;
const MAX_COUNT = 10_000_000;
const STATUS_ONLY: readonly Cause[] = CAUSE_IDS.filter((c) => c.startsWith('unknown.'));

/** API ids, stage names and log groups standing in for an API: short, long and in between. */
const name = (maxLength: number) =>
  fc.oneof(
    fc.constantFrom('abc123defg', 'prod', 'production', '$default', '/aws/apigateway/my-api-access'),
    fc.stringMatching(new RegExp(`^[a-zA-Z0-9_$/-]{1,${maxLength}}$`)),
  );

const generated = fc
  .record({
    kind: fc.constantFrom(...Object.values(ALERT_KIND)),
    rate: fc.boolean(),
    cause: fc.constantFrom(...CAUSE_IDS),
    api: name(512),
    stage: name(128),
    count: fc.integer({ min: 1, max: MAX_COUNT }),
    causeShare: fc.double({ min: 0, max: 1, noNaN: true }),
    maskedShare: fc.constantFrom(0, 0.3, 1),
    extraRequests: fc.integer({ min: 0, max: MAX_COUNT }),
    statuses: fc.constantFrom([], [502], [500, 502], [400, 403, 404, 409, 429, 500, 502, 503, 504]),
    alertShare: fc.double({ min: 0, max: 1, noNaN: true }),
    alertWindowMinutes: fc.option(fc.constantFrom(1, 5, 60, 1440), { nil: undefined }),
    windowStartMs: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    windowMinutes: fc.constantFrom(1, 5, 15, 60),
    trailCause: fc.option(fc.constantFrom<Cause>('limit.backend', 'auth.integration-permission'), {
      nil: undefined,
    }),
  })
  .map((g): AlertFacts => {
    const causeCount = g.rate ? Math.max(1, Math.floor(g.count * g.causeShare)) : g.count;
    const masked = Math.floor(causeCount * g.maskedShare);
    return {
      kind: g.kind,
      api: g.api,
      stage: g.stage,
      windowStartMs: g.windowStartMs,
      windowMinutes: g.windowMinutes,
      subject: g.rate ? ERROR_RATE : g.cause,
      cause: g.cause,
      count: g.count,
      causeCount: g.rate ? causeCount : undefined,
      masked,
      threshold: g.rate ? 5 : 10,
      requests: Math.min(g.count + g.extraRequests, MAX_COUNT),
      alertCount: Math.max(1, Math.floor(g.count * g.alertShare)),
      alertWindowMinutes: g.alertWindowMinutes,
      evidence: {
        clientStatuses: g.statuses,
        maskedStatuses: masked > 0 ? g.statuses : [],
        topRoutes: [],
        samples: [{ requestId: 'r-1', method: 'GET', route: '/orders', clientStatus: 502, evidence: [] }],
      },
      trails: new Map(),
      trailCauses:
        g.trailCause !== undefined && STATUS_ONLY.includes(g.cause)
          ? new Map([['r-1', { cause: g.trailCause, evidence: [] }]])
          : undefined,
    };
  });

function windowOf(facts: AlertFacts): string {
  const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  return `${hhmm(facts.windowStartMs)}-${hhmm(facts.windowStartMs + facts.windowMinutes * 60_000)}Z`;
}

/** The failures the masked count is a share of: an error rate's dominant cause's. */
function maskedOf(facts: AlertFacts): number {
  return facts.subject === ERROR_RATE ? (facts.causeCount ?? facts.count) : facts.count;
}

/** The shortest way to say the cause was masked: "masked", or for a share its count or "some". */
function shortestMasked(facts: AlertFacts): string {
  if (facts.masked >= maskedOf(facts)) return 'masked';
  const count = String(facts.masked);
  return `${count.length < 'some'.length ? count : 'some'} masked`;
}

/** The name as the text shows it; asserts it is the whole name, or a shorter head of it marked "..". */
function shownName(text: string, before: string, scope: string): string {
  assert.ok(text.startsWith(before), text);
  const shown = text.slice(before.length, text.indexOf(': ', before.length));
  if (shown === scope) return shown;
  assert.ok(shown.endsWith('..'), `an uncut name differs from ${scope}: ${text}`);
  const head = shown.slice(0, -2);
  assert.ok(
    head.length < scope.length && scope.startsWith(head),
    `"${shown}" is not a cut ${scope}: ${text}`,
  );
  return shown;
}

describe('the SMS and the e-mail subject over any alert facts', () => {
  it('the SMS fits, ends with its whole window, marks only a cut name with "..", keeps 16 characters of it and says masked', () => {
    fc.assert(
      fc.property(generated, (facts) => {
        const { sms } = buildAlertMessage(facts);
        assert.ok(sms.length <= SMS_MAX_CHARS, sms);
        assert.ok(sms.endsWith(` ${windowOf(facts)}`), sms);
        const scope = `${facts.api}/${facts.stage}`;
        const shown = shownName(sms, '', scope);
        if (shown !== scope) assert.ok(shown.length - 2 >= MIN_NAME_CHARS, sms);
        if (facts.kind === ALERT_KIND.resolved) return;
        assert.ok(sms.includes(facts.cause), sms);
        if (facts.kind === ALERT_KIND.escalation) assert.match(sms, /ESCALATED/);
        if (facts.masked > 0) assert.match(sms, /masked/);
      }),
      SETTINGS,
    );
  });

  it('the subject fits, ends with its whole window, marks only a cut name with "..", and drops "masked" only when even its shortest form would leave under 16 characters of the name', () => {
    fc.assert(
      fc.property(generated, (facts) => {
        const { subject } = buildAlertMessage(facts);
        assert.ok(subject.length <= SUBJECT_MAX_CHARS, subject);
        assert.match(subject, /^[\x20-\x7e]+$/);
        assert.ok(subject.endsWith(` ${windowOf(facts)}`), subject);
        const scope = `${facts.api}/${facts.stage}`;
        const before = /^\[[a-z]+\] (ESCALATED )?APIGW /.exec(subject)?.[0] ?? '';
        const shown = shownName(subject, before, scope);
        if (facts.kind === ALERT_KIND.resolved) return;
        assert.ok(subject.includes(facts.cause), subject);
        if (facts.masked === 0 || subject.includes('masked')) return;
        // Words go first: a subject without "masked" names the cause by id alone, without a trail's.
        assert.ok(!subject.includes(`${CAUSES[facts.cause].title} (`), subject);
        assert.ok(!subject.includes('(exec log:'), subject);
        const fewestNameChars = Math.min(scope.length, MIN_NAME_CHARS + 2);
        const withMasked =
          subject.length - shown.length + fewestNameChars + `, ${shortestMasked(facts)}`.length;
        assert.ok(withMasked > SUBJECT_MAX_CHARS, `"masked" would fit: ${subject}`);
      }),
      SETTINGS,
    );
  });
});
