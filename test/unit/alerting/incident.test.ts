/** One alert per incident: claim, cooldown, escalation, resolution and crashed claims, over plain state. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AlertState,
  CLAIM_LEASE_MARGIN_MS,
  decideOnBreach,
  decideResolution,
  holdsClaim,
  type IncidentAction,
  type IncidentContext,
  leaseUntil,
  leftOver,
  MAX_INVOCATION_MS,
  published,
  released,
  resolutionWindow,
  STEP_PHASE,
  unsettledBreach,
  windowAfterLastBreach,
  withLastBreachLength,
} from '../../../lambda/core/incident';
import type { Breach, WindowCounts } from '../../../lambda/core/thresholds';
import { MIN, T0 } from './synthetic';

const NOW = Date.UTC(2026, 10, 25, 18, 0);
const LEASE = NOW + 70_000;
const CTX: IncidentContext = {
  windowMs: 5 * MIN,
  cooldownMs: 30 * MIN,
  nowMs: NOW,
  leaseUntilMs: LEASE,
  token: 'delivery-2',
};
const SCOPE = { api: 'abc123defg', stage: 'prod' };

function breach(count: number): Breach {
  return {
    kind: 'cause',
    subject: 'limit.backend',
    cause: 'limit.backend',
    count,
    masked: count,
    threshold: 10,
  };
}

const PUBLISHED: AlertState = {
  ...SCOPE,
  subject: 'limit.backend',
  cause: 'limit.backend',
  version: 2,
  phase: STEP_PHASE.published,
  alertWindowStartMs: T0,
  lastBreachWindowStartMs: T0,
  cooldownUntilMs: T0 + 30 * MIN,
  alertCount: 12,
  threshold: 10,
};

describe('decideOnBreach', () => {
  const cases: [string, AlertState | undefined, number, number, string][] = [
    ['the first breach of a subject alerts', undefined, T0, 12, 'alert'],
    [
      'a breach while another invocation holds the claim waits',
      { ...PUBLISHED, phase: 'claimed', leaseUntilMs: NOW + 1 },
      T0,
      12,
      'none',
    ],
    [
      'a claim is still honoured at the very instant its lease ends',
      { ...PUBLISHED, phase: 'claimed', leaseUntilMs: NOW },
      T0,
      12,
      'none',
    ],
    [
      'a claim whose lease ran out (its claimant crashed) is taken over',
      { ...PUBLISHED, phase: 'claimed', leaseUntilMs: NOW - 1 },
      T0,
      12,
      'alert',
    ],
    [
      'a released claim (its publish failed) is claimed again',
      { ...PUBLISHED, phase: 'released' },
      T0,
      12,
      'alert',
    ],
    ['the same window again is suppressed', PUBLISHED, T0, 13, 'none'],
    [
      'a later window inside the cooldown only records the breach',
      PUBLISHED,
      T0 + 5 * MIN,
      12,
      'record-breach',
    ],
    ['the first window at the end of the cooldown alerts again', PUBLISHED, T0 + 30 * MIN, 12, 'alert'],
    ['late data for a window before the alert is ignored', PUBLISHED, T0 - 5 * MIN, 12, 'none'],
    ['ten times the alerted count escalates', PUBLISHED, T0, 120, 'escalate'],
    ['just under ten times does not', PUBLISHED, T0, 119, 'none'],
    ['an escalation is sent once', { ...PUBLISHED, escalation: 'published' }, T0, 500, 'none'],
    ['a released escalation is claimed again', { ...PUBLISHED, escalation: 'released' }, T0, 500, 'escalate'],
    [
      'a resolved incident stays quiet for the rest of its cooldown',
      { ...PUBLISHED, resolution: 'published' },
      T0 + 20 * MIN,
      500,
      'none',
    ],
    [
      'a breach in the very window a resolution judged quiet (its late data came after) alerts again',
      { ...PUBLISHED, resolution: 'published' },
      T0 + 5 * MIN,
      12,
      'alert',
    ],
    [
      'a breach in the window a resolution judged quiet alerts again after that breach was recorded while the resolution was being published',
      {
        ...PUBLISHED,
        resolution: 'published',
        resolvedWindowStartMs: T0 + 5 * MIN,
        lastBreachWindowStartMs: T0 + 5 * MIN,
      },
      T0 + 5 * MIN,
      12,
      'alert',
    ],
    [
      'a breach in a 5-minute window inside the 15-minute one a resolution judged quiet (WindowMinutes changed since) alerts again',
      {
        ...PUBLISHED,
        resolution: 'published',
        resolvedWindowStartMs: T0 + 15 * MIN,
        resolvedWindowMs: 15 * MIN,
        lastBreachWindowStartMs: T0,
      },
      T0 + 25 * MIN,
      12,
      'alert',
    ],
    [
      'a breach in a 5-minute window after the 15-minute one a resolution judged quiet waits for the cooldown to end',
      {
        ...PUBLISHED,
        cooldownUntilMs: T0 + 60 * MIN,
        resolution: 'published',
        resolvedWindowStartMs: T0 + 15 * MIN,
        resolvedWindowMs: 15 * MIN,
        lastBreachWindowStartMs: T0,
      },
      T0 + 30 * MIN,
      12,
      'none',
    ],
    [
      'a released claim in the window a resolution judged quiet is claimed again, though the last alert sent covered the windows around it',
      {
        ...PUBLISHED,
        phase: 'released',
        alertWindowStartMs: T0 + 5 * MIN,
        lastBreachWindowStartMs: T0 + 5 * MIN,
        cooldownUntilMs: T0 + 35 * MIN,
        sentCooldownUntilMs: T0 + 30 * MIN,
      },
      T0 + 5 * MIN,
      12,
      'alert',
    ],
    [
      "late data for the window where the last sent alert's cooldown ends alerts, while the next incident's claim is released",
      {
        ...PUBLISHED,
        phase: 'released',
        alertWindowStartMs: T0 + 35 * MIN,
        lastBreachWindowStartMs: T0 + 35 * MIN,
        cooldownUntilMs: T0 + 65 * MIN,
        sentCooldownUntilMs: T0 + 30 * MIN,
      },
      T0 + 30 * MIN,
      12,
      'alert',
    ],
    [
      'a breach in that window while another invocation publishes the resolution raises nothing itself, and is recorded',
      { ...PUBLISHED, resolution: 'claimed', leaseUntilMs: NOW + 1 },
      T0 + 5 * MIN,
      12,
      'record-breach',
    ],
  ];
  for (const [name, state, windowStartMs, count, expected] of cases) {
    it(name, () =>
      assert.equal(decideOnBreach(SCOPE, state, breach(count), windowStartMs, CTX).kind, expected),
    );
  }

  it('a new claim carries the breach, the cooldown end, a lease and the next version', () => {
    const action = decideOnBreach(SCOPE, undefined, breach(12), T0 + 5 * MIN, CTX);
    assert.deepEqual(action, {
      kind: 'alert',
      next: {
        ...SCOPE,
        subject: 'limit.backend',
        cause: 'limit.backend',
        phase: 'claimed',
        alertWindowStartMs: T0 + 5 * MIN,
        lastBreachWindowStartMs: T0 + 5 * MIN,
        lastBreachWindowMs: 5 * MIN,
        cooldownUntilMs: T0 + 35 * MIN,
        alertCount: 12,
        alertWindowMs: 5 * MIN,
        threshold: 10,
        claimToken: 'delivery-2',
        leaseUntilMs: LEASE,
        version: 1,
      },
    });
  });

  it('records the end of a longer window that starts before the last breach and ends after it, and nothing for one that ends inside it', () => {
    // Alerted and last breached in 12:05–12:06 (1-minute windows); 15-minute windows now.
    const state = {
      ...PUBLISHED,
      alertWindowStartMs: T0 + 5 * MIN,
      lastBreachWindowStartMs: T0 + 5 * MIN,
      lastBreachWindowMs: MIN,
    };
    const ctx = { ...CTX, windowMs: 15 * MIN };
    const action = decideOnBreach(SCOPE, state, breach(12), T0, ctx);
    assert.equal(action.kind, 'record-breach');
    const next = action.kind === 'record-breach' ? action.next : state;
    assert.equal(next.lastBreachWindowStartMs, T0 + 5 * MIN);
    assert.equal(next.lastBreachWindowStartMs + (next.lastBreachWindowMs ?? 0), T0 + 15 * MIN);
    assert.equal(decideOnBreach(SCOPE, next, breach(12), T0, ctx).kind, 'none');
    // In one length, a window before the last breach ends before it does: late data, nothing to record.
    assert.equal(
      decideOnBreach(SCOPE, { ...state, lastBreachWindowMs: 5 * MIN }, breach(12), T0, CTX).kind,
      'none',
    );
  });

  it('escalates on the rate when the alert was counted in windows of another length', () => {
    // Alerted at 12 in 1 minute; 5-minute windows now: 120 is 24 a minute, 600 is 120 a minute.
    const state = { ...PUBLISHED, alertCount: 12, alertWindowMs: MIN };
    assert.notEqual(decideOnBreach(SCOPE, state, breach(120), T0 + 5 * MIN, CTX).kind, 'escalate');
    assert.equal(decideOnBreach(SCOPE, state, breach(600), T0 + 5 * MIN, CTX).kind, 'escalate');
  });

  it('an escalation for late data keeps the later window the incident last breached', () => {
    const state = { ...PUBLISHED, lastBreachWindowStartMs: T0 + 15 * MIN };
    const action = decideOnBreach(SCOPE, state, breach(120), T0 + 5 * MIN, CTX);
    assert.equal(action.kind, 'escalate');
    assert.equal(action.kind === 'escalate' && action.next.lastBreachWindowStartMs, T0 + 15 * MIN);
  });

  it('a cooldown of 0 still allows one alert per window', () => {
    const ctx = { ...CTX, cooldownMs: 0 };
    const first = decideOnBreach(SCOPE, undefined, breach(12), T0, ctx);
    assert.ok(first.kind === 'alert');
    const done = published(first.next, 'alert');
    assert.equal(decideOnBreach(SCOPE, done, breach(13), T0, ctx).kind, 'none');
    assert.equal(decideOnBreach(SCOPE, done, breach(12), T0 + 5 * MIN, ctx).kind, 'alert');
  });
});

function quiet(windowStartMs: number, count: number): WindowCounts {
  return { ...SCOPE, windowStartMs, requests: 0, causes: { 'limit.backend': { count, masked: count } } };
}

describe('an error-rate breach', () => {
  const rate: Breach = {
    kind: 'rate',
    subject: 'error-rate',
    cause: 'limit.backend',
    causeCount: 40,
    count: 60,
    requests: 500,
    ratePercent: 12,
    threshold: 5,
  };
  const cases: [string, AlertState | undefined, number, string][] = [
    ['alerts when its dominant cause has no alert', undefined, T0, 'alert'],
    [
      'stays quiet while its dominant cause is alerting: one incident, one alert',
      PUBLISHED,
      T0 + 5 * MIN,
      'none',
    ],
    [
      'stays quiet while its dominant cause is being published',
      { ...PUBLISHED, phase: 'claimed', leaseUntilMs: NOW + 1 },
      T0,
      'none',
    ],
    [
      'alerts once the dominant cause was resolved',
      { ...PUBLISHED, resolution: 'published' },
      T0 + 5 * MIN,
      'alert',
    ],
    [
      "stays quiet for a window up to the resolved dominant cause's last breach: its alert reported it",
      { ...PUBLISHED, resolution: 'published', lastBreachWindowStartMs: T0 + 5 * MIN },
      T0 + 5 * MIN,
      'none',
    ],
    ["alerts after the dominant cause's cooldown", PUBLISHED, T0 + 30 * MIN, 'alert'],
    [
      "stays quiet for a window the dominant cause's last alert sent reported while its next incident's claim is released",
      {
        ...PUBLISHED,
        phase: 'released',
        alertWindowStartMs: T0 + 30 * MIN,
        lastBreachWindowStartMs: T0 + 30 * MIN,
        cooldownUntilMs: T0 + 60 * MIN,
        sentCooldownUntilMs: T0 + 30 * MIN,
      },
      T0,
      'none',
    ],
  ];
  for (const [name, causeState, windowStartMs, expected] of cases) {
    it(name, () =>
      assert.equal(decideOnBreach(SCOPE, undefined, rate, windowStartMs, CTX, causeState).kind, expected),
    );
  }

  it("left to its dominant cause's alert, is recorded on a released rate claim, which the retry claims again with it", () => {
    const releasedRate: AlertState = { ...PUBLISHED, subject: 'error-rate', threshold: 5, phase: 'released' };
    const action = decideOnBreach(SCOPE, releasedRate, rate, T0 + 10 * MIN, CTX, PUBLISHED);
    assert.equal(action.kind, 'record-breach');
    assert.equal(action.kind === 'record-breach' && action.next.lastBreachWindowStartMs, T0 + 10 * MIN);
  });
});

describe('resolution', () => {
  const cases: [string, AlertState, number, number | undefined][] = [
    ['not while the window after the last breach is still open', PUBLISHED, T0 + 5 * MIN, undefined],
    [
      'once a later window shows the window after the last breach is over',
      PUBLISHED,
      T0 + 10 * MIN,
      T0 + 5 * MIN,
    ],
    [
      'counted from the last breach, not from the alert',
      { ...PUBLISHED, lastBreachWindowStartMs: T0 + 15 * MIN },
      T0 + 25 * MIN,
      T0 + 20 * MIN,
    ],
    ['not twice', { ...PUBLISHED, resolution: 'published' }, T0 + 60 * MIN, undefined],
    [
      'not for an alert that was never published',
      { ...PUBLISHED, phase: 'released' },
      T0 + 60 * MIN,
      undefined,
    ],
    [
      'again after a failed resolution publish',
      { ...PUBLISHED, resolution: 'released' },
      T0 + 10 * MIN,
      T0 + 5 * MIN,
    ],
  ];
  for (const [name, state, current, expected] of cases) {
    it(`resolutionWindow: ${name}`, () => assert.equal(resolutionWindow(state, current, CTX), expected));
  }

  it('resolves when the quiet window stayed under the threshold the alert fired at, and names that window', () => {
    const action = decideResolution(PUBLISHED, quiet(T0 + 5 * MIN, 9), CTX, true);
    assert.equal(action.kind, 'resolve');
    assert.equal(action.kind === 'resolve' && action.next.resolution, 'claimed');
    assert.equal(action.kind === 'resolve' && action.next.resolvedWindowStartMs, T0 + 5 * MIN);
  });

  const rateAlert: AlertState = { ...PUBLISHED, subject: 'error-rate', threshold: 5 };
  const rateWindows: [string, number, number, IncidentAction['kind']][] = [
    ['80% of 50 requests, under MinRequests', 50, 40, 'record-breach'],
    ['2% of 50 requests', 50, 1, 'resolve'],
    ['the one request there failed', 1, 1, 'record-breach'],
    ['no requests at all', 0, 3, 'resolve'],
  ];
  for (const [name, requests, failures, expected] of rateWindows) {
    it(`judges a rate alert's quiet window on any traffic: ${name} → ${expected}`, () => {
      const window = { ...quiet(T0 + 5 * MIN, failures), requests };
      assert.equal(decideResolution(rateAlert, window, CTX, true).kind, expected);
    });
  }

  it('resolves a rate alert whatever its quiet window holds once the rate is not judged (access logs filtered to failures)', () => {
    const failuresOnly = { ...quiet(T0 + 5 * MIN, 2), requests: 2 };
    assert.equal(decideResolution(rateAlert, failuresOnly, CTX, true).kind, 'record-breach');
    assert.equal(decideResolution(rateAlert, failuresOnly, CTX, false).kind, 'resolve');
  });

  it('judges a cause alert on its threshold whether or not the rate is judged', () => {
    assert.equal(decideResolution(PUBLISHED, quiet(T0 + 5 * MIN, 10), CTX, false).kind, 'record-breach');
  });

  it('records a breach instead when late data put the quiet window over the threshold', () => {
    const action = decideResolution(PUBLISHED, quiet(T0 + 5 * MIN, 10), CTX, true);
    assert.equal(action.kind, 'record-breach');
    assert.equal(action.kind === 'record-breach' && action.next.lastBreachWindowStartMs, T0 + 5 * MIN);
  });
});

describe('leaseUntil', () => {
  it("ends just after the claimant's deadline, when Lambda gives one", () => {
    assert.equal(leaseUntil(NOW, NOW + 60_000), NOW + 60_000 + CLAIM_LEASE_MARGIN_MS);
  });
  it("otherwise after Lambda's longest possible invocation", () => {
    assert.equal(leaseUntil(NOW, undefined), NOW + MAX_INVOCATION_MS + CLAIM_LEASE_MARGIN_MS);
  });
});

describe('published and released', () => {
  const claimed: AlertState = {
    ...PUBLISHED,
    escalation: 'claimed',
    claimToken: 'd',
    leaseUntilMs: NOW,
    version: 7,
  };
  const cases: [string, 'alert' | 'escalate' | 'resolve', keyof AlertState][] = [
    ['the alert', 'alert', 'phase'],
    ['the escalation', 'escalate', 'escalation'],
    ['the resolution', 'resolve', 'resolution'],
  ];
  for (const [name, step, field] of cases) {
    it(`mark ${name} and drop the claim, bumping the version`, () => {
      for (const [mark, phase] of [
        [published, 'published'],
        [released, 'released'],
      ] as const) {
        const next = mark(claimed, step);
        assert.equal(next[field], phase);
        // A released step keeps its delivery's token: that delivery's retry sends it (retriedAlert).
        assert.equal(next.claimToken, phase === 'released' ? claimed.claimToken : undefined);
        assert.equal(next.claimant, undefined);
        assert.equal(next.leaseUntilMs, undefined);
        assert.equal(next.version, 8);
      }
    });
  }
});

describe('holdsClaim', () => {
  const ours = decideOnBreach(SCOPE, undefined, breach(12), T0, { ...CTX, claimant: 'invocation-a' });
  const twins = decideOnBreach(SCOPE, undefined, breach(12), T0, { ...CTX, claimant: 'invocation-b' });

  it("tells an invocation's claim from its twin's, made under the same delivery and deadline", () => {
    assert.ok(ours.kind === 'alert' && twins.kind === 'alert');
    assert.equal(holdsClaim(ours.next, ours.next, 'alert'), true);
    assert.equal(holdsClaim(twins.next, ours.next, 'alert'), false);
  });

  it('still holds its claim after a breach another invocation recorded on it', () => {
    assert.ok(ours.kind === 'alert');
    const recorded = decideOnBreach(SCOPE, ours.next, breach(12), T0 + 5 * MIN, CTX);
    assert.equal(recorded.kind, 'record-breach');
    assert.ok(recorded.kind === 'record-breach');
    assert.equal(holdsClaim(recorded.next, ours.next, 'alert'), true);
  });
});

describe('unsettledBreach', () => {
  const cases: [string, AlertState, number | undefined][] = [
    ['an alert out with its breaches in its cooldown leaves nothing to decide', PUBLISHED, undefined],
    [
      'a breach in the last window of the cooldown is the same incident',
      { ...PUBLISHED, lastBreachWindowStartMs: T0 + 25 * MIN },
      undefined,
    ],
    [
      'a breach recorded during the claim in the window where the cooldown ends begins the next incident',
      { ...PUBLISHED, lastBreachWindowStartMs: T0 + 30 * MIN },
      T0 + 30 * MIN,
    ],
    [
      'a resolution out with no breach recorded since it was claimed leaves nothing to decide',
      { ...PUBLISHED, resolution: 'published', resolvedWindowStartMs: T0 + 5 * MIN },
      undefined,
    ],
    ...[5, 10].map((minutes): [string, AlertState, number] => [
      `a resolution out after a breach ${minutes} minutes after the alerted window was recorded during its claim decides its quiet window again`,
      {
        ...PUBLISHED,
        resolution: 'published',
        resolvedWindowStartMs: T0 + 5 * MIN,
        lastBreachWindowStartMs: T0 + minutes * MIN,
      },
      T0 + 5 * MIN,
    ]),
    [
      'a claim that is not published yet settles nothing',
      { ...PUBLISHED, phase: STEP_PHASE.released, lastBreachWindowStartMs: T0 + 30 * MIN },
      undefined,
    ],
    [
      'a live alert claim settles nothing: its claimant decides the breach recorded on it',
      {
        ...PUBLISHED,
        phase: STEP_PHASE.claimed,
        leaseUntilMs: LEASE,
        lastBreachWindowStartMs: T0 + 30 * MIN,
      },
      undefined,
    ],
    [
      "an alert claim lapsed less than a minute ago leaves the next incident's breach recorded on it to its claimant's Lambda retry",
      {
        ...PUBLISHED,
        phase: STEP_PHASE.claimed,
        leaseUntilMs: NOW - 59_000,
        lastBreachWindowStartMs: T0 + 30 * MIN,
      },
      undefined,
    ],
    [
      "an alert claim lapsed over a minute ago, its claimant's retry past, leaves the next incident's breach recorded on it to decide",
      {
        ...PUBLISHED,
        phase: STEP_PHASE.claimed,
        leaseUntilMs: NOW - 61_000,
        lastBreachWindowStartMs: T0 + 30 * MIN,
      },
      T0 + 30 * MIN,
    ],
    [
      'an alert claim lapsed over a minute ago, with its breaches in its cooldown, leaves nothing to decide',
      {
        ...PUBLISHED,
        phase: STEP_PHASE.claimed,
        leaseUntilMs: NOW - 61_000,
        lastBreachWindowStartMs: T0 + 25 * MIN,
      },
      undefined,
    ],
  ];
  for (const [name, state, expected] of cases) {
    it(name, () => assert.equal(unsettledBreach(state, NOW, CTX.windowMs), expected));
  }

  it('in one length, decides the quiet window again exactly when the last breach starts in it or after', () => {
    const resolved = T0 + 15 * MIN;
    for (let minutes = 0; minutes <= 25; minutes += 5) {
      const state: AlertState = {
        ...PUBLISHED,
        resolution: 'published',
        resolvedWindowStartMs: resolved,
        resolvedWindowMs: 5 * MIN,
        lastBreachWindowStartMs: T0 + minutes * MIN,
        lastBreachWindowMs: 5 * MIN,
      };
      const expected = T0 + minutes * MIN >= resolved ? resolved : undefined;
      assert.equal(unsettledBreach(state, NOW, 5 * MIN), expected, `last breach at +${minutes} min`);
    }
  });

  // A deploy changed WindowMinutes: a container of the other length recorded its breach on the claim.
  const shortened: AlertState = {
    ...PUBLISHED,
    cooldownUntilMs: T0 + 30 * MIN,
    resolution: 'published',
    // Judged quiet in 1-minute windows: 12:20–12:21, after a 1-minute breach at 12:19.
    resolvedWindowStartMs: T0 + 20 * MIN,
    resolvedWindowMs: MIN,
    // Then an old container's 15-minute breach of 12:15–12:30, recorded through to its end.
    lastBreachWindowStartMs: T0 + 19 * MIN,
    lastBreachWindowMs: 11 * MIN,
  };
  it('a 15-minute breach recorded during the claim that starts before the quiet minute but overlaps it is decided again in the 15-minute window it was counted in', () => {
    assert.equal(unsettledBreach(shortened, NOW, 15 * MIN), T0 + 15 * MIN);
  });
  it('a 1-minute container decides again the quiet minute that 15-minute breach overlaps', () => {
    assert.equal(unsettledBreach(shortened, NOW, MIN), T0 + 20 * MIN);
  });
  it('a breach of the other length recorded during the claim that ends where the quiet window starts leaves nothing to decide', () => {
    const before = { ...shortened, lastBreachWindowStartMs: T0 + 5 * MIN, lastBreachWindowMs: 15 * MIN };
    assert.equal(unsettledBreach(before, NOW, 15 * MIN), undefined);
    assert.equal(unsettledBreach(before, NOW, MIN), undefined);
  });
  it('a 1-minute breach recorded during the claim inside the 15 minutes judged quiet is decided again in its own minute by a 1-minute container', () => {
    const lengthened: AlertState = {
      ...PUBLISHED,
      cooldownUntilMs: T0 + 30 * MIN,
      resolution: 'published',
      resolvedWindowStartMs: T0 + 15 * MIN,
      resolvedWindowMs: 15 * MIN,
      lastBreachWindowStartMs: T0 + 20 * MIN,
      lastBreachWindowMs: MIN,
    };
    assert.equal(unsettledBreach(lengthened, NOW, MIN), T0 + 20 * MIN);
    assert.equal(unsettledBreach(lengthened, NOW, 15 * MIN), T0 + 15 * MIN);
  });
});

describe('leftOver', () => {
  const released: AlertState = { ...PUBLISHED, phase: STEP_PHASE.released, claimToken: 'delivery-1' };
  const nextIncident: AlertState = { ...PUBLISHED, lastBreachWindowStartMs: T0 + 30 * MIN };
  const cases: [string, AlertState | undefined, boolean, ReturnType<typeof leftOver>][] = [
    ['a subject with no state leaves nothing to decide', undefined, false, undefined],
    ['an alert out with its breaches in its cooldown leaves nothing to decide', PUBLISHED, false, undefined],
    [
      'a breach recorded on a published claim where the cooldown ends is left to decide as unsettled',
      nextIncident,
      false,
      { windowStartMs: T0 + 30 * MIN, why: 'unsettled-breach' },
    ],
    [
      "another delivery's alert whose Publish failed is left to that delivery's retry",
      released,
      false,
      undefined,
    ],
    [
      "this delivery's own alert whose Publish failed in an earlier run is its retry's to send first",
      { ...released, claimToken: CTX.token },
      false,
      { windowStartMs: T0, why: 'retried-alert' },
    ],
    [
      "another delivery's alert whose Publish failed is sent first beside an error-rate breach it holds back",
      released,
      true,
      { windowStartMs: T0, why: 'held-back' },
    ],
    [
      'an alert claim whose release failed too, its lease lapsed, is sent first beside an error-rate breach it holds back',
      { ...PUBLISHED, phase: STEP_PHASE.claimed, claimToken: 'delivery-1', leaseUntilMs: NOW - 1 },
      true,
      { windowStartMs: T0, why: 'held-back' },
    ],
    [
      "a live alert claim holds back the error rate but is its claimant's to send",
      { ...PUBLISHED, phase: STEP_PHASE.claimed, claimToken: 'delivery-1', leaseUntilMs: LEASE },
      true,
      undefined,
    ],
    [
      'beside an error-rate breach, a sent alert still leaves its unsettled breach to decide',
      nextIncident,
      true,
      { windowStartMs: T0 + 30 * MIN, why: 'unsettled-breach' },
    ],
  ];
  for (const [name, state, dominatesRate, expected] of cases) {
    it(name, () => assert.deepEqual(leftOver(state, CTX, dominatesRate), expected));
  }
});

describe('windowAfterLastBreach', () => {
  const at = (hhmm: string) => Date.UTC(2026, 10, 25, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3)));
  const cases: [string, number | undefined, number, string][] = [
    // last breach, its window's length (undefined: not recorded), this invocation's length, expected
    ['12:05', 5, 5, '12:10'],
    ['12:05', 5, 15, '12:15'],
    ['12:00', 15, 1, '12:15'],
    ['12:00', 15, 5, '12:15'],
    ['12:15', 15, 10, '12:30'],
    ['12:05', undefined, 15, '12:15'],
    ['12:05', undefined, 5, '12:10'],
  ];
  for (const [last, breachMinutes, minutes, expected] of cases) {
    it(`after a breach of ${last} (${breachMinutes ?? 'unknown'} min) in ${minutes}-minute windows is ${expected}`, () => {
      const state = {
        ...PUBLISHED,
        lastBreachWindowStartMs: at(last),
        lastBreachWindowMs: breachMinutes === undefined ? undefined : breachMinutes * MIN,
      };
      assert.equal(
        new Date(windowAfterLastBreach(state, minutes * MIN)).toISOString().slice(11, 16),
        expected,
      );
    });
  }

  it("records this invocation's window length only when the action moved the last breach", () => {
    const before = { ...PUBLISHED, lastBreachWindowMs: 15 * MIN };
    const moved = { ...before, lastBreachWindowStartMs: before.lastBreachWindowStartMs + 15 * MIN };
    assert.equal(withLastBreachLength(before, moved, 5 * MIN).lastBreachWindowMs, 5 * MIN);
    assert.equal(
      withLastBreachLength(before, { ...before, version: 9 }, 5 * MIN).lastBreachWindowMs,
      15 * MIN,
    );
    assert.equal(withLastBreachLength(undefined, PUBLISHED, 5 * MIN).lastBreachWindowMs, 5 * MIN);
  });

  it("keeps the incident's last breach end when a shorter window inside it moves the last breach", () => {
    // 12:00–12:15 breached; then 12:05–12:06 in 1-minute windows, and 12:07–12:14 in 7-minute ones.
    const before = { ...PUBLISHED, lastBreachWindowMs: 15 * MIN };
    for (const [startMinute, minutes] of [
      [5, 1],
      [7, 7],
    ] as const) {
      const moved = { ...before, lastBreachWindowStartMs: T0 + startMinute * MIN, version: 3 };
      const next = withLastBreachLength(before, moved, minutes * MIN);
      assert.equal(next.lastBreachWindowStartMs + (next.lastBreachWindowMs ?? 0), T0 + 15 * MIN);
      assert.equal(windowAfterLastBreach(next, minutes * MIN) >= T0 + 15 * MIN, true);
    }
    // A window ending later than the previous one is its own end.
    const later = { ...before, lastBreachWindowStartMs: T0 + 14 * MIN, version: 3 };
    assert.equal(withLastBreachLength(before, later, 5 * MIN).lastBreachWindowMs, 5 * MIN);
  });

  it("does not carry a finished incident's last breach into the next incident's alert", () => {
    const before = { ...PUBLISHED, lastBreachWindowStartMs: T0 + 30 * MIN, lastBreachWindowMs: 60 * MIN };
    const next = {
      ...before,
      phase: STEP_PHASE.claimed,
      alertWindowStartMs: T0 + 35 * MIN,
      lastBreachWindowStartMs: T0 + 35 * MIN,
      version: 3,
    };
    assert.equal(withLastBreachLength(before, next, MIN).lastBreachWindowMs, MIN);
  });
});
