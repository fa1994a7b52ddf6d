/** The alert message: SMS and subject limits for every cause, the plain cause sentence, severity, evidence. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAccessLine } from '../../../lambda/core/access-log';
import { aggregateDelivery, type CountedFailure } from '../../../lambda/core/aggregate';
import {
  ALERT_KIND,
  ALERTS_TOPIC_DISPLAY_NAME,
  type AlertFacts,
  type AlertKind,
  buildAlertMessage,
  causeSentence,
  evidenceFor,
  insightsQuery,
  NO_EVIDENCE,
  SEVERITY,
  SMS_MAX_CHARS,
  SMS_SEGMENT_CHARS,
  SMS_TOPIC_PREFIX,
  SNS_MESSAGE_MAX_BYTES,
  SUBJECT_MAX_CHARS,
  severityOf,
} from '../../../lambda/core/alert-message';
import { classify } from '../../../lambda/core/classify';
import { analyze } from '../../../lambda/core/pipeline';
import { CAUSE_IDS, CAUSES, type Cause } from '../../../lambda/core/taxonomy';
import { type AlertSubject, ERROR_RATE } from '../../../lambda/core/thresholds';
import { trailCausesFromEvents, trailsFromEvents } from '../../../lambda/core/trail';
import type { LogEvent } from '../../../lambda/core/types';
import { THRESHOLD_GROUP_OF } from '../../support/contract';
import { realSample } from '../../support/real-logs';
import { failure, T0 } from './synthetic';

/** The GSM 03.38 basic character set: each of these is one septet in a single SMS segment. */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

function facts(overrides: Partial<AlertFacts> = {}): AlertFacts {
  return {
    kind: ALERT_KIND.alert,
    api: 'abc123defg',
    stage: 'prod',
    windowStartMs: T0 + 5 * 60_000,
    windowMinutes: 5,
    subject: 'limit.backend',
    cause: 'limit.backend',
    count: 57,
    masked: 57,
    threshold: 10,
    requests: 0,
    alertCount: 12,
    evidence: {
      clientStatuses: [500, 502],
      maskedStatuses: [500, 502],
      topRoutes: [{ route: 'GET /orders', count: 40 }],
      samples: [
        {
          requestId: 'r-1',
          method: 'GET',
          route: '/orders',
          clientStatus: 502,
          evidence: ['Lambda throttling'],
        },
      ],
    },
    trails: new Map(),
    ...overrides,
  };
}

describe('SMS and subject limits', () => {
  const longStage = 's'.repeat(128);
  const variants: [string, Partial<AlertFacts>][] = [
    ['a short name', {}],
    ['the longest stage name', { stage: longStage }],
    ['a $default stage and a huge count', { stage: '$default', count: 123_456_789, alertCount: 12_345_678 }],
    [
      'the longest stage name, a huge count and an alert counted in windows of another length',
      { stage: longStage, count: 123_456_789, alertCount: 12_345_678, alertWindowMinutes: 60 },
    ],
    ['characters outside GSM-7 and ASCII', { stage: 'prød~[x]{y}|é€', api: 'äpi`^' }],
  ];
  const kinds: [AlertKind, AlertSubject | 'cause'][] = [
    [ALERT_KIND.alert, 'cause'],
    [ALERT_KIND.alert, ERROR_RATE],
    [ALERT_KIND.escalation, 'cause'],
    [ALERT_KIND.escalation, ERROR_RATE],
    [ALERT_KIND.resolved, 'cause'],
    [ALERT_KIND.resolved, ERROR_RATE],
  ];
  for (const cause of CAUSE_IDS) {
    it(`${cause}: every SMS fits one GSM-7 segment behind SNS's display-name prefix and names the cause, every subject is ASCII under 100 and names it too`, () => {
      for (const [, overrides] of variants) {
        for (const [kind, subject] of kinds) {
          const message = buildAlertMessage(
            facts({
              cause,
              kind,
              subject: subject === 'cause' ? cause : subject,
              evidence: { ...NO_EVIDENCE, maskedStatuses: [500, 502, 503, 504] },
              requests: 1000,
              ...overrides,
            }),
          );
          const context = `${kind} ${subject} ${JSON.stringify(overrides)}: ${message.sms}`;
          assert.ok(message.sms.length <= SMS_MAX_CHARS, context);
          // What the phone receives: SNS puts the topic's display name and "> " before it.
          assert.ok((SMS_TOPIC_PREFIX + message.sms).length <= SMS_SEGMENT_CHARS, context);
          assert.ok(
            [...message.sms].every((c) => GSM7_BASIC.has(c) && c !== '\n' && c !== '\r'),
            context,
          );
          assert.ok(message.subject.length < 100, message.subject);
          assert.match(message.subject, /^[\x20-\x7e]+$/, message.subject);
          // The facts survive any shortening: the cause id (or "error rate") is always there, in the
          // SMS and in the e-mail subject alike, and the subject still ends with its window.
          const named = subject === ERROR_RATE && kind === 'resolved' ? 'error rate' : cause;
          assert.ok(message.sms.includes(named), context);
          assert.ok(message.subject.includes(named), message.subject);
          assert.match(message.subject, /\d\d:\d\d-\d\d:\d\dZ$/, message.subject);
        }
      }
    });
  }

  const longSubjects: [string, Partial<AlertFacts>, string][] = [
    ['the longest stage name', { stage: 'x'.repeat(128) }, '57x limit.backend'],
    [
      'an API named by a long log group',
      { api: `/aws/vendedlogs/${'g'.repeat(120)}`, kind: ALERT_KIND.resolved },
      'resolved limit.backend',
    ],
    [
      'a long cause masked as four statuses',
      {
        kind: ALERT_KIND.escalation,
        cause: 'auth.integration-permission',
        subject: 'auth.integration-permission',
        count: 1_234_567,
        masked: 1_234_567,
        evidence: { ...NO_EVIDENCE, maskedStatuses: [500, 502, 503, 504] },
      },
      '1234567x auth.integration-permission',
    ],
    [
      'an error rate on a long stage',
      { subject: ERROR_RATE, stage: 's'.repeat(128), count: 60, requests: 1000 },
      '6% errors, mostly limit.backend',
    ],
  ];
  for (const [name, overrides, what] of longSubjects) {
    it(`keeps what happened and when in the subject, shortening the name instead, for ${name}`, () => {
      const { subject } = buildAlertMessage(facts(overrides));
      assert.ok(subject.length < 100, subject);
      assert.match(subject, /^[\x20-\x7e]+$/, subject);
      assert.ok(subject.includes(what), subject);
      assert.ok(subject.endsWith(' 12:05-12:10Z'), subject);
    });
  }

  it('drops a long list of masked statuses from the SMS before the window would be cut', () => {
    const { sms } = buildAlertMessage(
      facts({
        kind: ALERT_KIND.escalation,
        cause: 'auth.integration-permission',
        subject: 'auth.integration-permission',
        count: 1_234_567,
        masked: 1_234_567,
        alertCount: 123_456,
        stage: 'production-eu-west-1',
        evidence: { ...NO_EVIDENCE, maskedStatuses: [400, 403, 404, 409, 429, 500, 502, 503, 504] },
      }),
    );
    assert.ok(sms.length <= SMS_MAX_CHARS, sms);
    assert.equal(
      sms,
      'abc123defg/production-eu-west-1: ESCALATED 1234567x (alert at 123456) auth.integration-permission, masked, 12:05-12:10Z',
    );
  });

  it('an escalated error-rate SMS on a busy API keeps its whole window and 16 characters of the name, dropping the masked count and the alert window first', () => {
    // SYNTHETIC facts: ten million requests in five minutes, after a WindowMinutes retune.
    const { sms } = buildAlertMessage(
      facts({
        kind: ALERT_KIND.escalation,
        subject: ERROR_RATE,
        cause: 'auth.integration-permission',
        threshold: 5,
        count: 6_666_666,
        causeCount: 3_333_333,
        masked: 1_666_666,
        requests: 9_999_999,
        alertCount: 1_200_000,
        alertWindowMinutes: 60,
        stage: 'production',
      }),
    );
    assert.ok(sms.length <= SMS_MAX_CHARS, sms);
    assert.match(sms, /, 12:05-12:10Z$/, sms);
    assert.match(
      sms,
      /^abc123defg\/prod.{0,20}: ESCALATED 66\.7% errors \(6666666\/9999999, alert at 1200000/,
      sms,
    );
    assert.match(sms, /mostly auth\.integration-permission, some masked, /, sms);
    // Ten times that, more than a window holds at API Gateway's default quota: the window still ends it.
    const huge = buildAlertMessage(
      facts({
        kind: ALERT_KIND.escalation,
        subject: ERROR_RATE,
        cause: 'auth.integration-permission',
        count: 66_666_666,
        causeCount: 33_333_333,
        masked: 16_666_666,
        requests: 99_999_999,
        alertCount: 12_000_000,
        alertWindowMinutes: 60,
      }),
    ).sms;
    assert.ok(huge.length <= SMS_MAX_CHARS, huge);
    assert.match(huge, /^abc123defg\/prod: ESCALATED .*, 12:05-12:10Z$/, huge);
  });

  it("an escalated SMS cuts a mid-length stage before it drops the alert's window length, as it does for a longer one", () => {
    // SYNTHETIC facts: an escalation after a deploy changed WindowMinutes from 60 to 5. Without
    // "in 60 min", "alert at 12" reads as 12 in a 5-minute window, a twelfth of the alert's rate.
    const escalated = (stage: string) =>
      buildAlertMessage(
        facts({
          kind: ALERT_KIND.escalation,
          count: 1_234_567,
          masked: 123_456,
          alertCount: 12,
          alertWindowMinutes: 60,
          stage,
        }),
      ).sms;
    for (const length of [40, 60, 80]) {
      const sms = escalated('p'.repeat(length));
      assert.ok(sms.length <= SMS_MAX_CHARS, sms);
      assert.match(sms, /alert at 12 in 60 min/, sms);
    }
  });

  it('an error-rate resolution the rate was no longer judged for never reads as a plain recovery in the subject, whatever the stage length', () => {
    for (let length = 1; length <= 128; length++) {
      const { subject } = buildAlertMessage(
        facts({
          kind: ALERT_KIND.resolved,
          subject: ERROR_RATE,
          threshold: 5,
          count: 0,
          masked: 0,
          requests: 0,
          rateNotJudged: true,
          stage: 'p'.repeat(length),
        }),
      );
      assert.ok(subject.length <= SUBJECT_MAX_CHARS, subject);
      assert.match(subject, /resolved error rate, no longer judged /, `stage of ${length}: ${subject}`);
    }
  });

  it('keeps the facts and shortens the stage when a name is too long', () => {
    const { sms } = buildAlertMessage(facts({ stage: 'x'.repeat(128) }));
    assert.equal(sms.length, SMS_MAX_CHARS);
    assert.match(
      sms,
      /^abc123defg\/x{16,}\.\.: 57x backend throttled \(limit\.backend\), masked as 500\/502, 12:05-12:10Z$/,
    );
  });

  it('keeps at least 16 characters of a shortened API/stage name in the SMS, dropping detail first', () => {
    const statusLists = [[], [500, 502], [400, 403, 404, 409, 429, 500, 502, 503, 504]];
    for (const cause of CAUSE_IDS)
      for (const kind of [ALERT_KIND.alert, ALERT_KIND.escalation])
        for (const maskedStatuses of statusLists) {
          const { sms } = buildAlertMessage(
            facts({
              kind,
              cause,
              subject: cause,
              count: 1_234_567,
              stage: 'x'.repeat(128),
              evidence: { ...NO_EVIDENCE, maskedStatuses },
            }),
          );
          const name = sms.split('..:')[0] ?? '';
          assert.ok(name.length >= 16, sms);
        }
  });

  it('keeps every fact and the whole API and stage in an SMS of exactly SMS_MAX_CHARS characters', () => {
    const text = (stage: string) =>
      `abc123defg/${stage}: 57x backend throttled (limit.backend), masked as 500/502, 12:05-12:10Z`;
    const stage = 's'.repeat(SMS_MAX_CHARS - text('').length);
    assert.equal(buildAlertMessage(facts({ stage })).sms, text(stage));
  });

  it('keeps every fact and the whole API and stage in an e-mail subject of exactly 99 characters', () => {
    const line = (stage: string) =>
      `[critical] APIGW abc123defg/${stage}: 57x limit.backend masked as 500/502 12:05-12:10Z`;
    const stage = 's'.repeat(99 - line('').length);
    assert.equal(buildAlertMessage(facts({ stage })).subject, line(stage));
  });

  it('still names the masked statuses in the subject when a long name keeps exactly its 16 shortest characters', () => {
    const { subject } = buildAlertMessage(
      facts({
        stage: 'x'.repeat(128),
        count: 57_000_000,
        masked: 57_000_000,
        evidence: { ...facts().evidence, maskedStatuses: [500, 502, 503, 504] },
      }),
    );
    assert.equal(
      subject,
      '[critical] APIGW abc123defg/xxxxx..: 57000000x limit.backend masked as 500/502/503/504 12:05-12:10Z',
    );
  });

  it('an escalated error-rate subject of abc123defg/prod names the whole scope, not marked as cut, and drops "masked" only when it would not fit beside it', () => {
    const { subject } = buildAlertMessage(
      facts({
        kind: ALERT_KIND.escalation,
        subject: ERROR_RATE,
        threshold: 5,
        count: 114,
        causeCount: 57,
        masked: 28,
        requests: 171,
        evidence: { ...NO_EVIDENCE, maskedStatuses: [502] },
      }),
    );
    assert.ok(subject.includes(' abc123defg/prod: '), subject);
    assert.ok(!subject.includes('..'), subject);
    // "28 masked" beside the whole scope would take the subject past 99 characters.
    assert.ok(
      subject.replace(/ (\d\d:\d\d-\d\d:\d\dZ)$/, ', 28 masked $1').length > SUBJECT_MAX_CHARS,
      subject,
    );
  });

  it('marks a subject\'s scope with ".." only when the scope was cut', () => {
    for (const stage of ['p', 'prod', 'production', 'production-eu', 'production-eu-west-1', 's'.repeat(40)])
      for (const kind of [ALERT_KIND.alert, ALERT_KIND.escalation])
        for (const subject of [ERROR_RATE, 'cause'] as const)
          for (const cause of CAUSE_IDS) {
            const scope = `abc123defg/${stage}`;
            const text = buildAlertMessage(
              facts({
                kind,
                cause,
                subject: subject === 'cause' ? cause : subject,
                stage,
                count: 114,
                causeCount: 57,
                masked: 28,
                requests: 171,
              }),
            ).subject;
            const shown = /APIGW (.*?): /.exec(text)?.[1] ?? '';
            if (shown.endsWith('..')) assert.ok(scope.length > shown.length - 2, text);
            else assert.equal(shown, scope, text);
            assert.ok(scope.startsWith(shown.replace(/\.\.$/, '')), text);
          }
  });

  it('keeps the facts and shortens the API and stage in the e-mail subject when a name is too long', () => {
    const { subject } = buildAlertMessage(facts({ stage: 'x'.repeat(128) }));
    assert.equal(subject.length, 99);
    assert.match(
      subject,
      /^\[critical\] APIGW abc123defg\/x+\.\.: 57x limit\.backend masked as 500\/502 12:05-12:10Z$/,
    );
  });
});

describe('the SMS as the phone shows it', () => {
  it("SNS's prefix is the topic's display name, upper-cased, then '> ', and leaves the rest of one segment to the text", () => {
    // SNS developer guide, publishing SMS to a topic: a display name MyTopic turns "Hello World!"
    // into "MYTOPIC> Hello World!". The construct gives the topic ALERTS_TOPIC_DISPLAY_NAME.
    assert.equal(SMS_TOPIC_PREFIX, `${ALERTS_TOPIC_DISPLAY_NAME.toUpperCase()}> `);
    assert.equal(SMS_SEGMENT_CHARS, 160);
    assert.equal(SMS_MAX_CHARS, SMS_SEGMENT_CHARS - SMS_TOPIC_PREFIX.length);
  });

  it("the topic's display name fits the ten characters SNS takes of it, so the SMS prefix holds the whole name", () => {
    // AWS Mobile SDK for Xamarin developer guide, "Send and Receive SMS Notifications"
    // (awsdocs/aws-xamarin-developer-guide:doc_source/sns-send-sms.rst): "the first ten (10)
    // characters of the display name are used as the initial part of the text message prefix". A
    // longer name would reach the phone cut ("API GATEWA> ").
    const SNS_SMS_DISPLAY_NAME_CHARS = 10;
    assert.ok(ALERTS_TOPIC_DISPLAY_NAME.length <= SNS_SMS_DISPLAY_NAME_CHARS, ALERTS_TOPIC_DISPLAY_NAME);
    assert.equal(
      SMS_TOPIC_PREFIX,
      `${ALERTS_TOPIC_DISPLAY_NAME.slice(0, SNS_SMS_DISPLAY_NAME_CHARS).toUpperCase()}> `,
    );
  });

  it("names every cause in words in a first alert's SMS, masked as two statuses, on a 20-character stage", () => {
    // The room a short prefix leaves goes to the words, which tell the person paged what happened.
    for (const cause of CAUSE_IDS) {
      const { sms } = buildAlertMessage(
        facts({ cause, subject: cause, count: 657, masked: 657, stage: 'production-eu-west-1' }),
      );
      assert.ok(sms.includes(`${CAUSES[cause].title} (${cause}), masked as 500/502`), sms);
    }
  });

  it("a resolution's SMS names the cause in words and by id, as the alert's does, and by id alone when a long name leaves no room", () => {
    for (const cause of CAUSE_IDS) {
      const { sms } = buildAlertMessage(facts({ kind: ALERT_KIND.resolved, cause, subject: cause }));
      assert.equal(
        sms,
        `abc123defg/prod: RESOLVED ${CAUSES[cause].title} (${cause}), under 10 in 12:05-12:10Z`,
      );
    }
    const byId = (stage: string) => `abc123defg/${stage}: RESOLVED limit.backend, under 10 in 12:05-12:10Z`;
    const stage = 's'.repeat(SMS_MAX_CHARS - byId('').length);
    assert.equal(buildAlertMessage(facts({ kind: ALERT_KIND.resolved, stage })).sms, byId(stage));
  });
});

/** A sample whose access line logged no status. */
const UNLOGGED_STATUS = {
  requestId: 'r-9',
  clientStatus: null,
  evidence: ['Lambda throttling'],
} as const;

describe('message content', () => {
  it('ends the cause sentence once when the evidence ends in a period of its own, as "Rate Exceeded." does', () => {
    // The real wording "Execution failed due to configuration error: Rate Exceeded." (10 corpus lines).
    const ended = { ...NO_EVIDENCE, clientStatuses: [500], maskedStatuses: [500] };
    const sample = { requestId: 'r-1', method: 'GET', route: '/orders', clientStatus: 500 };
    for (const evidence of [ended, { ...ended, maskedStatuses: [] }]) {
      const { email } = buildAlertMessage(
        facts({ evidence: { ...evidence, samples: [{ ...sample, evidence: ['Rate Exceeded.'] }] } }),
      );
      assert.match(email, /Rate Exceeded\b/);
      assert.doesNotMatch(email, /Exceeded\.\./, email);
    }
  });

  it("an error-rate escalation's SMS gives the rate and all failures, not all failures as the dominant cause's", () => {
    const { sms } = buildAlertMessage(
      facts({
        kind: ALERT_KIND.escalation,
        subject: ERROR_RATE,
        threshold: 5,
        count: 600,
        masked: 500,
        causeCount: 500,
        requests: 1000,
        alertCount: 60,
      }),
    );
    assert.equal(
      sms,
      'abc123defg/prod: ESCALATED 60% errors (600/1000, alert at 60 failed), mostly backend throttled (limit.backend), masked as 500/502, 12:05-12:10Z',
    );
  });

  it("an error-rate escalation says the alert fired at a number of failed requests, which its rate's percentage is not", () => {
    const message = buildAlertMessage(
      facts({
        kind: ALERT_KIND.escalation,
        subject: ERROR_RATE,
        threshold: 5,
        count: 600,
        masked: 0,
        causeCount: 500,
        requests: 1000,
        // The alert fired at 60 failures (6%): beside "60% errors", a bare "alert at 60" reads as 60%.
        alertCount: 60,
      }),
    );
    assert.match(message.sms, /ESCALATED 60% errors \(600\/1000, alert at 60 failed\)/);
    assert.match(
      message.email.split('\n')[0] ?? '',
      /^ESCALATED \(alert fired at 60 failed\): .* 60% of requests failed/,
    );
    const cause = buildAlertMessage(facts({ kind: ALERT_KIND.escalation, count: 657, alertCount: 57 }));
    assert.match(cause.sms, /ESCALATED 657x \(alert at 57\) /);
  });

  it('the e-mail subject says what happened in words (backend throttled, wrong route), beside the cause id, when the name leaves room', () => {
    const throttledSubject = buildAlertMessage(
      facts({ evidence: { ...NO_EVIDENCE, maskedStatuses: [502] } }),
    ).subject;
    assert.match(throttledSubject, /: 57x backend throttled \(limit\.backend\) masked as 502 12:05-12:10Z$/);
    const wrongRoute = buildAlertMessage(
      facts({
        cause: 'not-found.route',
        subject: 'not-found.route',
        count: 150,
        masked: 150,
        threshold: 100,
        evidence: { ...NO_EVIDENCE, maskedStatuses: [403] },
      }),
    ).subject;
    assert.match(wrongRoute, /: 150x wrong route \(not-found\.route\) masked as 403 12:05-12:10Z$/);
    const resolved = buildAlertMessage(facts({ kind: ALERT_KIND.resolved })).subject;
    assert.match(resolved, /: resolved backend throttled \(limit\.backend\) 12:05-12:10Z$/);
    // A name that leaves no room for the words keeps the cause id, whole, and the name.
    const long = buildAlertMessage(facts({ stage: 's'.repeat(20) })).subject;
    assert.match(long, new RegExp(`/${'s'.repeat(20)}: 57x limit\\.backend masked as 500/502 12:05-12:10Z$`));
  });

  it("an error-rate alert counts its dominant cause's masked failures against that cause's failures, not against every failure in the window", () => {
    const rate = (overrides: Partial<AlertFacts>) =>
      causeSentence(
        facts({ subject: ERROR_RATE, threshold: 5, count: 60, causeCount: 40, requests: 1000, ...overrides }),
      );
    // All 40 of limit.backend's failures masked: the other 20 failures are other causes'.
    assert.doesNotMatch(rate({ masked: 40 }), /of 60|masked\)/);
    assert.match(rate({ masked: 30 }), /\(30 of 40 masked\)/);
    assert.match(rate({ masked: 30, evidence: NO_EVIDENCE }), /\(30 of 40 masked\)/);
  });

  it('an error-rate alert or escalation whose dominant cause was masked says so in the SMS and the subject, as a cause alert does', () => {
    for (const kind of [ALERT_KIND.alert, ALERT_KIND.escalation]) {
      const rate = (overrides: Partial<AlertFacts>) =>
        buildAlertMessage(
          facts({
            kind,
            subject: ERROR_RATE,
            threshold: 5,
            count: 60,
            causeCount: 40,
            requests: 1000,
            ...overrides,
          }),
        );
      const all = rate({ masked: 40, evidence: { ...NO_EVIDENCE, maskedStatuses: [502] } });
      // When both do not fit, the statuses give way before the words.
      assert.match(
        all.sms,
        /mostly backend throttled \(limit\.backend\), masked( as 502)?, 12:05-12:10Z$/,
        all.sms,
      );
      if (kind === ALERT_KIND.alert) assert.match(all.sms, /masked as 502/, all.sms);
      assert.match(
        all.subject,
        /mostly (backend throttled \()?limit\.backend\)? masked( as 502)? 12:05-12:10Z$/,
        all.subject,
      );
      const some = rate({ masked: 30, evidence: NO_EVIDENCE });
      assert.match(
        some.sms,
        /mostly (backend throttled \()?limit\.backend\)?, 30 masked, 12:05-12:10Z$/,
        some.sms,
      );
      // An escalation's "alert at" leaves no room for the words here; an alert keeps them.
      if (kind === ALERT_KIND.alert) assert.match(some.sms, /backend throttled/, some.sms);
      assert.match(some.subject, /limit\.backend\)?, 30 masked 12:05-12:10Z$/, some.subject);
      const none = rate({ masked: 0 });
      assert.doesNotMatch(`${none.sms} ${none.subject}`, /masked/);
    }
  });

  it('formats the SMS the way a pager shows it', () => {
    assert.equal(
      buildAlertMessage(facts()).sms,
      'abc123defg/prod: 57x backend throttled (limit.backend), masked as 500/502, 12:05-12:10Z',
    );
  });

  const sentences: [string, Partial<AlertFacts>, string][] = [
    [
      'a masked cause names the status clients saw and the real cause',
      {},
      'Clients saw 500 Internal Server Error or 502 Bad Gateway; the real cause is backend throttled (limit.backend): Lambda throttling. The status masks it: status-code alarms see a different problem.',
    ],
    [
      'a partly masked cause says how many were masked',
      { masked: 7 },
      'Clients saw 500 Internal Server Error or 502 Bad Gateway; the real cause is backend throttled (limit.backend): Lambda throttling (7 of 57 masked). The status masks it: status-code alarms see a different problem.',
    ],
    [
      'a masked cause without a logged status still says it was masked',
      { evidence: { ...NO_EVIDENCE, samples: [UNLOGGED_STATUS] } },
      'The real cause is backend throttled (limit.backend): Lambda throttling, masked behind a status of another kind.',
    ],
    [
      'a masked cause none of whose failures came in the alerting delivery says so, not that statuses went unlogged',
      { evidence: NO_EVIDENCE },
      'The real cause is backend throttled (limit.backend), masked behind a status of another kind. None of these failures came in the delivery that raised this alert, so their statuses are not shown.',
    ],
    [
      'an unmasked cause says the status is the cause',
      {
        cause: 'limit.throttle',
        masked: 0,
        evidence: { ...NO_EVIDENCE, clientStatuses: [429] },
      },
      'Clients saw 429 Too Many Requests, and that is the real cause: API Gateway throttling (limit.throttle).',
    ],
    [
      'an unmasked cause without a status says it was not logged',
      {
        cause: 'server.function-error',
        masked: 0,
        evidence: { ...NO_EVIDENCE, samples: [{ ...UNLOGGED_STATUS, evidence: [] }] },
      },
      'The cause is function error (server.function-error) (the client status was not logged).',
    ],
    [
      'an unmasked cause none of whose failures came in the alerting delivery says so, not that the status went unlogged',
      { cause: 'server.function-error', masked: 0, evidence: NO_EVIDENCE },
      'The cause is function error (server.function-error). None of these failures came in the delivery that raised this alert, so their statuses are not shown.',
    ],
    [
      'a partly masked cause whose failures in the alerting delivery were not masked does not say their status masks it',
      {
        masked: 30,
        evidence: {
          ...NO_EVIDENCE,
          clientStatuses: [429],
          samples: [{ requestId: 'r-2', clientStatus: 429, evidence: ['Lambda throttling'] }],
        },
      },
      'Clients saw 429 Too Many Requests, and that is the real cause: backend throttled (limit.backend): Lambda throttling. 30 of the 57 in the window were masked behind a status of another kind, which status-code alarms see as a different problem.',
    ],
    [
      'a status-only cause says the logs show only the status, not that the status is the real cause',
      {
        cause: 'unknown.server',
        masked: 0,
        evidence: {
          ...NO_EVIDENCE,
          clientStatuses: [502],
          samples: [{ requestId: 'r-3', clientStatus: 502, evidence: ['status=502'] }],
        },
      },
      'Clients saw 502 Bad Gateway; the logs show only that status, so the cause is not known (server error (no detail logged), unknown.server).',
    ],
    [
      'a status-only cause none of whose failures came in the alerting delivery says the cause is not known',
      { cause: 'unknown.client', masked: 0, evidence: NO_EVIDENCE },
      'The logs show only the status of these failures, so the cause is not known (client error (no detail logged), unknown.client). None of these failures came in the delivery that raised this alert, so their statuses are not shown.',
    ],
  ];
  for (const [name, overrides, expected] of sentences) {
    it(name, () => assert.equal(causeSentence(facts(overrides)), expected));
  }

  const headlines: [string, Partial<AlertFacts>, string][] = [
    ['all masked', {}, '57 requests failed with backend throttled (limit.backend), masked as 500/502, in'],
    [
      'partly masked',
      { masked: 7 },
      '57 requests failed with backend throttled (limit.backend), 7 of them masked as 500/502, in',
    ],
  ];
  for (const [name, overrides, expected] of headlines) {
    it(`the e-mail's first line says how many were masked when ${name}`, () => {
      const [first] = buildAlertMessage(facts(overrides)).email.split('\n');
      assert.ok(first?.includes(expected), first);
    });
  }

  it('the e-mail carries count, threshold, window, API, stage, routes, samples with trails, advice and a query', () => {
    const message = buildAlertMessage(
      facts({
        trails: new Map([
          ['r-1', ['Sending request to https://lambda…', 'Method completed with status: 502']],
        ]),
        analyzerLogGroup: '/aws/lambda/analyzer',
      }),
    );
    for (const expected of [
      /^API abc123defg stage prod: 57 requests failed with backend throttled \(limit\.backend\), masked as 500\/502, in 12:05-12:10 UTC\./,
      /Count: 57 in the window, 57 masked; threshold 10 \(limit errors\)\./,
      /Window: 2026-11-25 12:05-12:10 UTC \(5 min\)/,
      /API: abc123defg\nStage: prod/,
      /Top routes \(this delivery\): GET \/orders \(40\)/,
      /- r-1 GET \/orders, status 502\n {2}evidence: Lambda throttling\n {2}trail \(the evidence above is not in it\):\n {4}Sending request to/,
      /Retry: yes, with backoff/,
      /What to do: The backend \(Lambda concurrency/,
      /Logs Insights on \/aws\/lambda\/analyzer, time range from 2026-11-25 12:05 UTC to when this message was sent [^\n]*:\n {2}filter type = "failed-request"/,
    ]) {
      assert.match(message.email, expected);
    }
    assert.deepEqual(JSON.parse(message.message), {
      default: message.email,
      email: message.email,
      sms: message.sms,
    });
    assert.deepEqual(message.attributes, {
      severity: 'critical',
      cause: 'limit.backend',
      api: 'abc123defg',
      stage: 'prod',
      kind: 'alert',
    });
  });

  const rates: [number, number, string][] = [
    [7, 100, '7%'],
    [1, 3, '33.3%'],
    [1, 16, '6.3%'],
  ];
  for (const [count, requests, shown] of rates) {
    it(`shows ${count} of ${requests} as ${shown}`, () => {
      const { sms } = buildAlertMessage(facts({ subject: ERROR_RATE, count, requests, masked: 0 }));
      assert.ok(sms.includes(`: ${shown} errors (${count}/${requests})`), sms);
    });
  }

  it('an error-rate alert states the rate, the request count and the dominant cause', () => {
    const message = buildAlertMessage(
      facts({
        subject: ERROR_RATE,
        cause: 'auth.denied',
        count: 60,
        requests: 500,
        causeCount: 40,
        threshold: 5,
        masked: 0,
      }),
    );
    assert.match(
      message.email,
      /Error rate: 12% \(60 failed of 500 requests\); threshold 5%\.\nDominant cause: auth\.denied with 40 failures\./,
    );
    assert.equal(
      message.sms,
      'abc123defg/prod: 12% errors (60/500), mostly access denied (auth.denied), 12:05-12:10Z',
    );
    assert.equal(message.attributes.severity, 'warning');
  });

  const quietWindows: [string, Partial<AlertFacts>, RegExp][] = [
    [
      'a window without traffic says it had no requests',
      { requests: 0, count: 0, causeCount: 0 },
      /Error rate: no requests counted in the window; threshold 5%\./,
    ],
    [
      'a window of successes gives its rate',
      { requests: 200, count: 0, causeCount: 0 },
      /Error rate: 0% \(0 failed of 200 requests\); threshold 5%\./,
    ],
  ];
  for (const [name, overrides, rate] of quietWindows) {
    it(`a resolved error rate names no dominant cause for a window without failures: ${name}`, () => {
      const { email } = buildAlertMessage(
        facts({ kind: ALERT_KIND.resolved, subject: ERROR_RATE, threshold: 5, masked: 0, ...overrides }),
      );
      assert.match(email, rate);
      assert.doesNotMatch(email, /Dominant cause|with 0 failures/);
    });
  }

  // The resolved window is 12:10-12:15; a new alert may come from the window starting at the cooldown's end.
  const cooldowns: [string, number, RegExp | undefined][] = [
    [
      'says until when a new incident stays silent, while the cooldown outlasts the resolved window',
      T0 + 30 * 60_000,
      /a new breach of this threshold in a later window starting before 2026-11-25 12:30 UTC sends no alert/,
    ],
    ['says nothing of the cooldown once it ends with the resolved window', T0 + 15 * 60_000, undefined],
  ];
  for (const [name, cooldownUntilMs, said] of cooldowns) {
    it(`a resolved e-mail ${name}`, () => {
      const { email } = buildAlertMessage(
        facts({ kind: ALERT_KIND.resolved, windowStartMs: T0 + 10 * 60_000, cooldownUntilMs }),
      );
      if (said) assert.match(email, said);
      else assert.doesNotMatch(email, /sends no alert/);
    });
  }

  it('a missing trail is explained, never silently left out', () => {
    const message = buildAlertMessage(facts({ trailNote: 'skipped: CloudWatch Logs throttled' }));
    assert.match(message.email, /Execution-log trail: skipped: CloudWatch Logs throttled/);
  });

  it('the Logs Insights time range starts with the window and does not end with it: the function logs a failure when it processes its delivery, after the request, and a replayed export hours after', () => {
    for (const kind of [ALERT_KIND.alert, ALERT_KIND.escalation, ALERT_KIND.resolved]) {
      const { email } = buildAlertMessage(facts({ kind, analyzerLogGroup: 'analyzer-logs' }));
      const line =
        email.split('\n').find((l) => l.startsWith('Investigate in CloudWatch Logs Insights')) ?? '';
      const window = /Window: (\d{4}-\d\d-\d\d) (\d\d:\d\d)-(\d\d:\d\d) UTC/.exec(email);
      assert.ok(window, email);
      assert.ok(line.includes(`from ${window[1]} ${window[2]} UTC`), line);
      assert.ok(!line.includes(`${window[2]}-${window[3]}`), `the range ends at the window's end: ${line}`);
    }
  });

  it('the Logs Insights query filters the analyzer log lines by API, stage and (for a cause) the cause', () => {
    assert.equal(
      insightsQuery({ api: 'a', stage: 'p', subject: 'limit.backend', cause: 'limit.backend' }),
      'filter type = "failed-request" and api = "a" and stage = "p" and cause = "limit.backend"\n| stats count(*) as failures by cause, clientStatus, route\n| sort failures desc',
    );
    assert.doesNotMatch(
      insightsQuery({ api: 'a', stage: 'p', subject: ERROR_RATE, cause: 'limit.backend' }),
      /cause =/,
    );
  });
});

describe('message attributes SNS takes: printable ASCII, never empty', () => {
  // SYNTHETIC API and stage names: only a misread custom access-log field holds such a value. SNS
  // documents a String attribute as printable ASCII that must not be empty (API reference,
  // MessageAttributeValue); a tab it accepts is then filtered out on delivery to SQS
  // (aws/aws-sdk-java-v2#5828); a half of a surrogate pair makes the SDK's query serializer throw
  // URIError on every retry, and leak the half-built form into the container's next Publish.
  const rows: [string, Partial<AlertFacts>, { api: string; stage: string }][] = [
    [
      'an API id and a stage as they are',
      { api: 'abc123defg', stage: 'prod' },
      { api: 'abc123defg', stage: 'prod' },
    ],
    ['half of a surrogate pair', { api: 'a\ud800b', stage: 'prod\udc00' }, { api: 'a?b', stage: 'prod?' }],
    ['control characters and a tab', { api: 'x\u0000y\u0007', stage: 'p\tq' }, { api: 'x?y?', stage: 'p?q' }],
    ['non-ASCII characters', { api: '日本', stage: 'é🚀' }, { api: '??', stage: '???' }],
    ['blank names', { api: ' ', stage: '   ' }, { api: 'unknown', stage: 'unknown' }],
  ];
  for (const [name, overrides, expected] of rows) {
    it(`an alert whose scope has ${name} sends api and stage as printable ASCII`, () => {
      const { attributes } = buildAlertMessage(facts(overrides));
      assert.deepEqual({ api: attributes.api, stage: attributes.stage }, expected);
    });
  }

  it('a long name is cut to the attribute limit without leaving a character in two', () => {
    const { attributes } = buildAlertMessage(facts({ api: `${'a'.repeat(16 * 1024 - 1)}🚀` }));
    assert.equal(attributes.api, `${'a'.repeat(16 * 1024 - 1)}?`);
  });
});

describe("SNS's 256 KiB limit on a message and its attributes", () => {
  // SYNTHETIC values: only a misread custom field logs a route or an API id this long (a line
  // holds at most 256 KiB).
  const huge = (unit: string) => unit.repeat(Math.ceil(200_000 / unit.length));
  const withRoute = (route: string): Partial<AlertFacts> => {
    const ordinary = facts().evidence;
    return { evidence: { ...ordinary, samples: ordinary.samples.map((s) => ({ ...s, route })) } };
  };
  const headline = buildAlertMessage(facts()).email.split('\n')[0] ?? '-';
  const cases: [string, Partial<AlertFacts>, boolean][] = [
    ['an ASCII route', withRoute(`/${huge('p')}`), true],
    ['a route of 3-byte characters', withRoute(`/${huge('路')}`), true],
    ['a route of emoji, never cut in two', withRoute(`/${huge('🚀')}`), true],
    ['a route of control characters JSON writes in six bytes', withRoute(`/${huge('\u0001')}`), true],
    // Its headline is longer than the room: the subject and SMS, shortened, say what happened.
    ['an API id and a stage', { api: `abc${huge('a')}`, stage: huge('s') }, false],
  ];
  for (const [name, overrides, headlineKept] of cases) {
    it(`an alert with ${name} fits, cut with a note that says so`, () => {
      const message = buildAlertMessage(facts(overrides));
      const attributeBytes = Object.entries(message.attributes).reduce(
        (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value) + 'String'.length,
        0,
      );

      assert.ok(Buffer.byteLength(message.message) + attributeBytes <= SNS_MESSAGE_MAX_BYTES);
      assert.ok(
        message.email.endsWith(
          "\n… (cut here: SNS takes at most 256 KiB per message; the analyzer's log has a line per failed request)",
        ),
      );
      if (headlineKept) assert.ok(message.email.startsWith(headline), 'the headline is kept');
      else assert.match(message.subject, /limit\.backend/);
      assert.equal(
        /[\ud800-\udbff](?![\udc00-\udfff])/.test(message.email),
        false,
        'no half of a surrogate pair',
      );
    });
  }

  it('an alert of ordinary size is not cut', () => {
    assert.equal(buildAlertMessage(facts()).email.includes('cut here'), false);
  });
});

describe('severityOf', () => {
  const cases: [AlertKind, AlertSubject, Cause, string][] = [
    [ALERT_KIND.alert, 'server.function-error', 'server.function-error', SEVERITY.critical],
    [ALERT_KIND.alert, 'auth.integration-permission', 'auth.integration-permission', SEVERITY.critical],
    [ALERT_KIND.alert, 'limit.backend', 'limit.backend', SEVERITY.critical],
    [ALERT_KIND.alert, 'limit.throttle', 'limit.throttle', SEVERITY.warning],
    [ALERT_KIND.alert, 'auth.denied', 'auth.denied', SEVERITY.info],
    [ALERT_KIND.alert, ERROR_RATE, 'auth.denied', SEVERITY.warning],
    [ALERT_KIND.escalation, 'auth.denied', 'auth.denied', SEVERITY.warning],
    [ALERT_KIND.escalation, 'limit.throttle', 'limit.throttle', SEVERITY.critical],
    [ALERT_KIND.escalation, 'limit.backend', 'limit.backend', SEVERITY.critical],
    [ALERT_KIND.resolved, 'server.function-error', 'server.function-error', SEVERITY.info],
  ];
  for (const [kind, subject, cause, expected] of cases) {
    it(`${kind} of ${subject} is ${expected}`, () =>
      assert.equal(severityOf(kind, subject, cause), expected));
  }

  // The README's `severity` attribute: critical when clients get 5xx (the server group, and
  // limit.backend, which API Gateway reports as 5xx), warning for other limits, info for client mistakes.
  const documented = (cause: string): string =>
    THRESHOLD_GROUP_OF[cause] === 'server' || cause === 'limit.backend'
      ? SEVERITY.critical
      : THRESHOLD_GROUP_OF[cause] === 'limit'
        ? SEVERITY.warning
        : SEVERITY.info;
  it('gives the alert of every cause the severity the README documents for it', () => {
    assert.deepEqual(
      Object.fromEntries(CAUSE_IDS.map((cause) => [cause, severityOf(ALERT_KIND.alert, cause, cause)])),
      Object.fromEntries(CAUSE_IDS.map((cause) => [cause, documented(cause)])),
    );
  });
});

describe('evidenceFor', () => {
  const at = (f: ReturnType<typeof failure>, api = 'abc123defg', windowStartMs = T0): CountedFailure => ({
    failure: f,
    api,
    stage: 'prod',
    timeMs: T0,
    windowStartMs,
  });

  it('takes statuses, top routes and three samples from the matching failures only', () => {
    const counted = [
      at(failure('limit.backend', { requestId: 'a', clientStatus: 502, route: '/orders' })),
      at(failure('limit.backend', { requestId: 'b', clientStatus: 429, route: '/orders' })),
      at(failure('limit.backend', { requestId: 'c', clientStatus: 500, route: '/users' })),
      at(failure('limit.backend', { requestId: 'd', clientStatus: 500, route: '/pay', method: 'POST' })),
      at(failure('limit.backend', { requestId: 'other-api' }), 'zzz'),
      at(failure('limit.backend', { requestId: 'other-window' }), 'abc123defg', T0 + 300_000),
      at(failure('server.function-error', { requestId: 'other-cause' })),
    ];
    const evidence = evidenceFor(
      counted,
      { api: 'abc123defg', stage: 'prod', windowStartMs: T0 },
      'limit.backend',
    );
    assert.deepEqual(evidence.clientStatuses, [429, 500, 502]);
    assert.deepEqual(evidence.maskedStatuses, [500, 502]);
    assert.deepEqual(evidence.topRoutes, [
      { route: 'GET /orders', count: 2 },
      { route: 'GET /users', count: 1 },
      { route: 'POST /pay', count: 1 },
    ]);
    assert.deepEqual(
      evidence.samples.map((s) => s.requestId),
      ['a', 'b', 'c'],
    );
  });

  it('names at most the three routes with the most failures', () => {
    const counted = [
      ...['a', 'b', 'c'].map((id) => at(failure('limit.backend', { requestId: id, route: '/orders' }))),
      ...['d', 'e'].map((id) => at(failure('limit.backend', { requestId: id, route: '/users' }))),
      ...['f', 'g'].map((id) =>
        at(failure('limit.backend', { requestId: id, route: '/pay', method: 'POST' })),
      ),
      at(failure('limit.backend', { requestId: 'h', route: '/health' })),
    ];
    const evidence = evidenceFor(
      counted,
      { api: 'abc123defg', stage: 'prod', windowStartMs: T0 },
      'limit.backend',
    );
    assert.deepEqual(
      evidence.topRoutes.map((r) => r.route),
      ['GET /orders', 'GET /users', 'POST /pay'],
    );
  });

  // SYNTHETIC access lines in the JSON shape of test/integration/deliveries.ts, logging
  // `$context.path` (the request's own path, so a token in it too) instead of the resource path.
  const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFZ2eP7fq6w';
  const SIGNATURE = 'a'.repeat(64);
  const secretPaths: [string, string, string][] = [
    ['a JWT in a path segment', `/magic-link/${JWT}`, JWT],
    ['a signed-URL signature in a query string', `/files?X-Amz-Signature=${SIGNATURE}`, SIGNATURE],
    ['a function key in a query string', '/hook?code=s3cr3t-function-key', 's3cr3t-function-key'],
  ];
  for (const [name, path, secret] of secretPaths) {
    it(`keeps ${name} that the access log put in the route out of the alert`, () => {
      const line = JSON.stringify({
        requestId: 'r-secret',
        apiId: 'abc123defg',
        stage: 'prod',
        httpMethod: 'GET',
        path,
        status: '500',
        requestTimeEpoch: String(T0 / 1000),
      });
      const analysis = analyze([
        {
          source: { logGroup: '/aws/apigateway/access', logStream: 's' },
          events: [{ id: '1', timestamp: T0, message: line }],
        },
      ]);
      const { counted } = aggregateDelivery(analysis, {
        windowMinutes: 5,
        countExecutionLogs: false,
        fallbackTimeMs: T0,
      });
      const evidence = evidenceFor(
        counted,
        { api: 'abc123defg', stage: 'prod', windowStartMs: T0 },
        'unknown.server',
      );
      assert.equal(evidence.samples.length, 1, 'the failure is a sample');
      const message = buildAlertMessage(
        facts({ cause: 'unknown.server', subject: 'unknown.server', evidence }),
      );
      assert.ok(!message.message.includes(secret), message.email);
    });
  }
});

describe("the e-mail's execution-log trail marks the evidence", () => {
  // SYNTHETIC trail lines, in the shapes of API Gateway's execution log.
  const trail = [
    'Sending request to https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/f/invocations',
    'Lambda invocation failed with status: 429. Lambda request id: 5b0f4b5a-0000-4000-8000-000000000000',
    'Execution failed due to configuration error: Malformed Lambda proxy response',
    'Method completed with status: 502',
  ];
  const withSample = (evidence: string[], lines: readonly string[] = trail) =>
    buildAlertMessage(
      facts({
        evidence: {
          ...facts().evidence,
          samples: [{ requestId: 'r-1', method: 'GET', route: '/orders', clientStatus: 502, evidence }],
        },
        trails: new Map([['r-1', lines]]),
      }),
    );
  const trailOf = (email: string) => {
    const lines = email.split('\n');
    const start = lines.findIndex((l) => l.startsWith('- r-1 '));
    const end = lines.findIndex((l, i) => i > start && l === '');
    return lines.slice(start + 1, end);
  };

  it('marks the trail line that is the evidence, and only that line', () => {
    const { email } = withSample([trail[1] ?? '']);
    const shown = trailOf(email);
    assert.deepEqual(
      shown.filter((l) => l.startsWith('  ▶ ')),
      [`  ▶ ${trail[1]}`],
    );
    assert.ok(shown.includes(`    ${trail[2]}`), shown.join('\n'));
    assert.ok(shown.includes('  trail (▶ = evidence):'), shown.join('\n'));
  });

  it('marks a long line whose evidence is an excerpt around the match, cut at both ends', () => {
    const body = `Endpoint response body before transformations: {"items":[${'"x",'.repeat(50)}"y"],"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}`;
    const evidence = `Endpoint response body before transformations: …${body.slice(body.indexOf('"y"]'), body.indexOf('"y"]') + 140)}…`;
    const { email } = withSample([evidence], [trail[0] ?? '', `${body.slice(0, 299)}…`]);
    assert.deepEqual(
      trailOf(email).filter((l) => l.startsWith('  ▶ ')),
      [`  ▶ ${body.slice(0, 299)}…`],
    );
  });

  it('says the evidence is not in the trail when no line of it is, so no line reads as the cause', () => {
    const { email, sms } = withSample(['integration.integrationStatus=429 (Lambda service)']);
    const shown = trailOf(email);
    assert.ok(shown.includes('  trail (the evidence above is not in it):'), shown.join('\n'));
    assert.ok(!shown.some((l) => l.includes('▶')), shown.join('\n'));
    assert.ok(!sms.includes('▶') && !sms.includes('trail'), sms);
  });

  it('marks nothing on a short evidence text that many lines could contain', () => {
    const { email } = withSample(['429']);
    assert.ok(!trailOf(email).some((l) => l.includes('▶')), email);
  });
});

describe("an unknown.* alert names the cause its sample trails' execution logs name", () => {
  const GROUP = 'API-Gateway-Execution-Logs_abc123defg/prod';
  const IDS = ['r-1', 'r-2', 'r-3'] as const;
  /**
   * A real trail's events under another request id, one event per `(id) ` line. Real lines: the
   * fixtures' GH-k1k7gu3ct7-lambda-throttled (Lambda refused the invoke with 429, the client got
   * 500) and GH-k1k7gu3ct7-function-error, sources in test/fixtures/real-lines.json.
   */
  const realTrail = (sample: string, id: string, keep?: (line: string) => boolean): LogEvent[] =>
    realSample(sample)
      .lines.filter((line) => keep?.(line) ?? true)
      .map((line, i) => ({
        id: `${id}-${i}`,
        timestamp: T0 + 5 * 60_000 + i,
        message: line.replace(/^\([^)]+\) /, `(${id}) `),
      }));
  const THROTTLED = 'GH-k1k7gu3ct7-lambda-throttled';
  const FUNCTION_ERROR = 'GH-k1k7gu3ct7-function-error';

  /** An unknown.server alert: the access lines logged only the status, 500, of every sample. */
  function unknownFacts(events: readonly LogEvent[], overrides: Partial<AlertFacts> = {}): AlertFacts {
    return facts({
      subject: 'unknown.server',
      cause: 'unknown.server',
      masked: 0,
      evidence: {
        clientStatuses: [500],
        maskedStatuses: [],
        topRoutes: [{ route: 'GET /orders', count: 57 }],
        samples: IDS.map((requestId) => ({
          requestId,
          method: 'GET',
          route: '/orders',
          clientStatus: 500,
          evidence: ['status=500'],
        })),
      },
      trails: trailsFromEvents(IDS, events),
      trailCauses: trailCausesFromEvents(GROUP, IDS, events),
      executionLogGroup: GROUP,
      ...overrides,
    });
  }
  const throttledEvents = () => IDS.flatMap((id) => realTrail(THROTTLED, id));

  it("says near the top of the e-mail what the sampled trails name, with how many of the samples' trails name it", () => {
    const { email } = buildAlertMessage(unknownFacts(throttledEvents()));
    const top = email.split('\n').slice(0, 5);
    assert.ok(
      top.includes(
        'The execution logs of 3 of 3 sampled requests name the cause: backend throttled (limit.backend).',
      ),
      email,
    );
    assert.match(
      top[0] ?? '',
      /57 requests failed with server error \(no detail logged\) \(unknown\.server\)/,
    );
  });

  it('puts the named cause into the SMS, in one GSM-7 segment, beside the cause it counts under', () => {
    const { sms } = buildAlertMessage(unknownFacts(throttledEvents()));
    assert.match(
      sms,
      /^abc123defg\/prod: 57x .*unknown\.server.*\(exec log: backend throttled\), 12:05-12:10Z$/,
    );
    assert.ok(sms.length <= SMS_MAX_CHARS, `${sms.length}: ${sms}`);
  });

  it('names the trail cause in an escalation and an error-rate alert on unknown.server too', () => {
    const escalation = buildAlertMessage(
      unknownFacts(throttledEvents(), { kind: ALERT_KIND.escalation, count: 657 }),
    );
    assert.match(escalation.sms, /ESCALATED 657x .*\(exec log: backend throttled\)/);
    assert.match(escalation.email, /name the cause: backend throttled \(limit\.backend\)\./);
    const rate = buildAlertMessage(
      unknownFacts(throttledEvents(), { subject: ERROR_RATE, threshold: 5, requests: 200, causeCount: 57 }),
    );
    assert.match(rate.sms, /mostly .*unknown\.server.*\(exec log: backend throttled\)/);
    assert.match(rate.email, /name the cause: backend throttled \(limit\.backend\)\./);
  });

  it('names the trail cause in the e-mail subject, which stays under 100 characters', () => {
    const { subject } = buildAlertMessage(unknownFacts(throttledEvents()));
    assert.match(
      subject,
      /^\[critical\] APIGW abc123defg\/prod: 57x unknown\.server \(exec log: limit\.backend\) 12:05-12:10Z$/,
    );
    const long = buildAlertMessage(unknownFacts(throttledEvents(), { stage: 's'.repeat(128) })).subject;
    assert.ok(long.length < 100, long);
    assert.match(long, /57x unknown\.server.* 12:05-12:10Z$/);
  });

  it('lists each cause with its count when the sampled trails name different ones', () => {
    const events = [
      ...realTrail(THROTTLED, 'r-1'),
      ...realTrail(FUNCTION_ERROR, 'r-2'),
      ...realTrail(THROTTLED, 'r-3'),
    ];
    const { email, sms } = buildAlertMessage(unknownFacts(events));
    assert.ok(
      email.includes(
        'The execution logs of 3 of 3 sampled requests name causes: backend throttled (limit.backend) in 2, function error (server.function-error) in 1.',
      ),
      email,
    );
    assert.match(sms, /\(exec log: backend throttled \+1 more\)/);
  });

  it('counts only the samples whose trail names a cause, and says nothing of a trail showing only the status', () => {
    // r-3's trail is only its real last line, "Method completed with status: 500".
    const events = [
      ...realTrail(THROTTLED, 'r-1'),
      ...realTrail(THROTTLED, 'r-2'),
      ...realTrail(THROTTLED, 'r-3', (line) => line.includes('Method completed')),
    ];
    const { email } = buildAlertMessage(unknownFacts(events));
    assert.ok(
      email.includes(
        'The execution logs of 2 of 3 sampled requests name the cause: backend throttled (limit.backend).',
      ),
      email,
    );
    const statusOnly = buildAlertMessage(
      unknownFacts(
        IDS.flatMap((id) => realTrail(THROTTLED, id, (line) => line.includes('Method completed'))),
      ),
    );
    assert.doesNotMatch(statusOnly.email, /name the cause|name causes|trail names/);
    assert.doesNotMatch(statusOnly.sms, /exec log/);
  });

  it('says nothing extra when no trails were read', () => {
    const { email, sms } = buildAlertMessage(
      unknownFacts([], {
        trails: new Map(),
        trailCauses: undefined,
        trailNote: 'skipped: CloudWatch Logs throttled',
      }),
    );
    assert.doesNotMatch(email, /name the cause|name causes|trail names/);
    assert.doesNotMatch(sms, /exec log/);
  });

  it("names each sample's trail cause in the sample list and marks the lines that name it", () => {
    const { email } = buildAlertMessage(unknownFacts(throttledEvents()));
    const lines = email.split('\n');
    const at = lines.indexOf('- r-1 GET /orders, status 500');
    assert.ok(at >= 0, email);
    const sample = lines.slice(at + 1, lines.indexOf('- r-2 GET /orders, status 500'));
    assert.ok(sample.includes('  trail names: backend throttled (limit.backend)'), sample.join('\n'));
    assert.ok(sample.includes('  trail (▶ = evidence):'), sample.join('\n'));
    assert.ok(
      sample.some((l) => l.startsWith('  ▶ Lambda invocation failed with status: 429')),
      sample.join('\n'),
    );
  });

  it("says the count's logs show only the status when the trails name a cause, and never calls the status the real cause", () => {
    const { email } = buildAlertMessage(unknownFacts(throttledEvents()));
    assert.ok(
      email.includes(
        'Clients saw 500 Internal Server Error; the logs these failures were counted from show only that status, so they count as server error (no detail logged) (unknown.server).',
      ),
      email,
    );
    assert.doesNotMatch(email, /that is the real cause|the real cause is/);
  });

  const adviceOf = (email: string) => email.split('\n').find((l) => l.startsWith('What to do: ')) ?? '';

  it('does not tell a stack that reads the execution logs to enable them, but which access-log fields let it count the real cause', () => {
    for (const cause of ['unknown.server', 'unknown.client'] as const) {
      const advice = adviceOf(
        buildAlertMessage(unknownFacts(throttledEvents(), { subject: cause, cause })).email,
      );
      assert.doesNotMatch(advice, /enable execution logs/, advice);
      assert.match(advice, /\$context\.error\.responseType/, advice);
      assert.match(advice, /Recommended access-log format/, advice);
      assert.match(advice, /count the real cause/, advice);
    }
    const unread = buildAlertMessage(
      unknownFacts([], {
        trails: new Map(),
        trailCauses: undefined,
        trailNote: 'skipped: CloudWatch Logs throttled',
      }),
    ).email;
    assert.doesNotMatch(
      adviceOf(unread),
      /enable execution logs/,
      'the group is configured, its lookup failed',
    );
  });

  it('still suggests execution logs to a stack that does not read them', () => {
    const advice = adviceOf(
      buildAlertMessage(
        unknownFacts([], { trails: new Map(), trailCauses: undefined, executionLogGroup: undefined }),
      ).email,
    );
    assert.match(advice, /execution logs/, advice);
  });

  /** SYNTHETIC samples whose access line logged more than the status, each with the advice classify gave it. */
  const loggedSamples = (fields: Record<string, string>) => {
    const line = JSON.stringify({ requestId: 'r', status: '500', ...fields });
    const parsed = parseAccessLine(line);
    assert.ok(parsed?.ok, line);
    const failure = classify({ requestId: 'r', access: parsed.record, source: { logGroup: 'g' } });
    assert.equal(failure?.cause, 'unknown.server', line);
    return {
      clientStatuses: [500],
      maskedStatuses: [],
      topRoutes: [],
      samples: IDS.map((requestId) => ({
        requestId,
        clientStatus: 500,
        evidence: ['status=500'],
        advice: failure.advice,
        adviceParts: failure.adviceParts,
      })),
    };
  };

  /** The e-mail's advice for these samples from a stack that reads no execution log of the stage. */
  const adviceWithoutExecutionLogs = (evidence: AlertFacts['evidence']) =>
    adviceOf(
      buildAlertMessage(
        unknownFacts([], {
          evidence,
          trails: new Map(),
          trailCauses: undefined,
          executionLogGroup: undefined,
        }),
      ).email,
    );

  it("asks a stack that reads the execution logs only for the access-log fields the samples' line lacks (SYNTHETIC)", () => {
    const advice = adviceOf(
      buildAlertMessage(
        unknownFacts(throttledEvents(), { evidence: loggedSamples({ responseType: 'DEFAULT_5XX' }) }),
      ).email,
    );
    assert.match(advice, /response type DEFAULT_5XX/, advice);
    assert.match(advice, /add \$context\.integration\.\* to the access-log format/, advice);
    assert.doesNotMatch(advice, /\$context\.error\.responseType|enable execution logs/, advice);
  });

  it('names what a line logging both fields said, and asks for no field, with or without execution logs read (SYNTHETIC)', () => {
    const evidence = loggedSamples({ responseType: 'DEFAULT_5XX', integrationStatus: '-' });
    const read = adviceOf(buildAlertMessage(unknownFacts(throttledEvents(), { evidence })).email);
    assert.match(read, /response type DEFAULT_5XX and integration status "-"/, read);
    assert.match(read, /already reads the stage's execution logs/, read);
    assert.doesNotMatch(read, /\$context\.|enable execution logs/, read);
    const unread = adviceWithoutExecutionLogs(evidence);
    assert.equal(unread, `What to do: ${evidence.samples[0]?.advice}`);
    assert.match(unread, /Enable execution logs/, unread);
  });

  it("does not give one sample's advice as the group's when the samples' advice differs, with or without execution logs read (SYNTHETIC, reviews R1 and R3 of session 29)", () => {
    const typed = loggedSamples({ responseType: 'DEFAULT_5XX' });
    const bare = loggedSamples({ integrationStatus: '-' });
    const evidence = {
      ...typed,
      samples: [typed.samples[0], bare.samples[1]].filter((s) => s !== undefined),
    };
    const read = adviceOf(buildAlertMessage(unknownFacts(throttledEvents(), { evidence })).email);
    assert.doesNotMatch(read, /DEFAULT_5XX|integration status "-"/, read);
    assert.match(read, /already reads the stage's execution logs/, read);
    assert.match(read, /add \$context\.error\.responseType and \$context\.integration\.\*/, read);
    const unread = adviceWithoutExecutionLogs(evidence);
    // One sample lacks each field: both are asked for, and, the lines being REST's, execution logs.
    assert.equal(
      unread,
      'What to do: The access log names no cause for these failures. Add $context.error.responseType and $context.integration.* to the access-log format, or enable execution logs, to learn more.',
    );
  });

  it("tells an HTTP API's group of differing statuses which access-log fields to add, never to enable execution logs it does not have (SYNTHETIC, review R3 of session 29)", () => {
    // HTTP API lines logging only their status: their advice differs by the status alone.
    const sample = (requestId: string, status: string) => {
      const parsed = parseAccessLine(JSON.stringify({ requestId, routeKey: 'GET /orders', status }));
      assert.ok(parsed?.ok);
      const failure = classify({ requestId, access: parsed.record, source: { logGroup: 'g' } });
      assert.equal(failure?.cause, 'unknown.server');
      const { advice, adviceParts, evidence } = failure;
      return { requestId, clientStatus: Number(status), evidence, advice, adviceParts };
    };
    const samples = [sample('Qx1aBcDeFgHiJkL=', '500'), sample('Qx1aBcDeFgHiJkM=', '502')];
    assert.notEqual(samples[0]?.advice, samples[1]?.advice);
    const evidence = { clientStatuses: [500, 502], maskedStatuses: [], topRoutes: [], samples };
    const email = buildAlertMessage(
      unknownFacts([], { evidence, trails: new Map(), trailCauses: undefined, executionLogGroup: undefined }),
    ).email;
    const advice = adviceOf(email);
    assert.doesNotMatch(advice, /execution logs/, advice);
    assert.match(
      advice,
      /Add \$context\.error\.responseType and \$context\.integration\.\* to the access-log format/,
      advice,
    );
    assert.match(advice, /5xx/, advice);
  });

  it("builds the advice from the samples' fields, not by reading their advice text back (SYNTHETIC)", () => {
    // Advice text naming a field inside what the line said is not a field the line lacks.
    const evidence = loggedSamples({ responseType: 'DEFAULT_5XX', integrationStatus: '-' });
    const worded = {
      ...evidence,
      samples: evidence.samples.map((s) => ({
        ...s,
        advice: `${s.advice} See $context.error.responseType. Also.`,
      })),
    };
    const read = adviceOf(buildAlertMessage(unknownFacts(throttledEvents(), { evidence: worded })).email);
    assert.doesNotMatch(read, /add \$context/, read);
    assert.match(read, /response type DEFAULT_5XX and integration status "-"/, read);
  });

  it("leaves an alert on a named cause as it was: its own trails' cause is not said again", () => {
    const named = unknownFacts(throttledEvents(), { subject: 'limit.backend', cause: 'limit.backend' });
    const { email, sms } = buildAlertMessage(named);
    assert.doesNotMatch(email, /name the cause|name causes|trail names/);
    assert.doesNotMatch(sms, /exec log/);
  });

  it('keeps count, cause and window and shortens the name first when a long stage leaves no room', () => {
    const { sms } = buildAlertMessage(unknownFacts(throttledEvents(), { stage: 's'.repeat(128) }));
    assert.ok(sms.length <= SMS_MAX_CHARS, `${sms.length}: ${sms}`);
    assert.match(sms, /57x .*unknown\.server.*, 12:05-12:10Z$/);
    assert.match(sms, /^abc123defg\/s{8,}\.\./);
  });
});
