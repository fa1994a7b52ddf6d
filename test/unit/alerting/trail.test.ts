/** Sample trails: the log group chosen, the filter pattern, and bounded, redacted trail text. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deliveryIdOf } from '../../../lambda/core/delivery-id';
import {
  executionLogGroupFor,
  trailCausesFromEvents,
  trailFilterPattern,
  trailLogGroupFor,
  trailsFromEvents,
} from '../../../lambda/core/trail';
import { realSample } from '../../support/real-logs';

describe('executionLogGroupFor', () => {
  const configured = [
    'API-Gateway-Execution-Logs_abc123defg/prod',
    'API-Gateway-Execution-Logs_abc123defg/dev',
  ];
  const cases: [string, string, string, string | undefined][] = [
    ['the configured group of the API and stage', 'abc123defg', 'prod', configured[0]],
    ['nothing for another stage', 'abc123defg', 'beta', undefined],
    ['nothing for another API', 'zzz9999999', 'prod', undefined],
    ['nothing for a prefix of a configured stage', 'abc123defg', 'pro', undefined],
  ];
  for (const [name, api, stage, expected] of cases) {
    it(name, () => assert.equal(executionLogGroupFor(api, stage, configured), expected));
  }
});

describe('trailLogGroupFor', () => {
  const prod = 'API-Gateway-Execution-Logs_abc123defg/prod';
  const dev = 'API-Gateway-Execution-Logs_abc123defg/dev';
  const accessGroup = '/aws/apigateway/orders-access';
  // [behaviour, api, stage, configured execution log groups, the group read (or undefined)]
  const cases: [string, string, string, readonly string[], string | undefined][] = [
    ['reads the configured group of a named API and stage', 'abc123defg', 'prod', [prod, dev], prod],
    [
      'reads the sole configured group when the access line names no API and stage',
      accessGroup,
      'unknown',
      [prod],
      prod,
    ],
    [
      'reads the sole configured group when the access line names the API but no stage',
      'abc123defg',
      'unknown',
      [dev],
      dev,
    ],
    [
      'reads the sole configured group when the access line names the stage but no API',
      accessGroup,
      'prod',
      [prod],
      prod,
    ],
    [
      'reads the sole configured group when neither an API nor a log group is known',
      'unknown',
      'unknown',
      [prod],
      prod,
    ],
    ['reads the sole group even when it is listed twice', accessGroup, 'unknown', [prod, prod], prod],
    [
      'reads no group of a named stage that is not configured, though one group is',
      'abc123defg',
      'beta',
      [prod],
      undefined,
    ],
    [
      'reads no group when the scope is unknown and several groups are configured',
      accessGroup,
      'unknown',
      [prod, dev],
      undefined,
    ],
    [
      'reads no group when the scope is unknown and none is configured',
      accessGroup,
      'unknown',
      [],
      undefined,
    ],
    ['reads no group of a named stage when none is configured', 'abc123defg', 'prod', [], undefined],
  ];
  for (const [name, api, stage, configured, expected] of cases) {
    it(name, () => {
      const found = trailLogGroupFor(api, stage, configured);
      assert.equal(found.kind === 'group' ? found.logGroupName : undefined, expected);
    });
  }

  it("marks the scope's own group, and not the sole group read for a scope that names none", () => {
    assert.deepEqual(trailLogGroupFor('abc123defg', 'prod', [prod]), {
      kind: 'group',
      logGroupName: prod,
      ofScope: true,
    });
    assert.deepEqual(trailLogGroupFor(accessGroup, 'unknown', [prod]), {
      kind: 'group',
      logGroupName: prod,
      ofScope: false,
    });
  });

  /** The note of a lookup that reads no group. */
  function noteOf(api: string, stage: string, configured: readonly string[]): string {
    const found = trailLogGroupFor(api, stage, configured);
    assert.equal(found.kind, 'note');
    return found.kind === 'note' ? found.note : '';
  }

  it('names the group to configure for a named stage, as before', () => {
    assert.equal(
      noteOf('abc123defg', 'beta', [prod]),
      'not read: add API-Gateway-Execution-Logs_abc123defg/beta to the CDK context key executionLogGroups to include sample trails',
    );
  });
  it('never names a group that cannot exist when the scope is unknown', () => {
    for (const configured of [[], [prod, dev]]) {
      for (const [api, stage] of [
        [accessGroup, 'unknown'],
        ['abc123defg', 'unknown'],
        [accessGroup, 'prod'],
        ['unknown', 'unknown'],
      ] as const) {
        const note = noteOf(api, stage, configured);
        assert.doesNotMatch(note, /API-Gateway-Execution-Logs_/, note);
        assert.match(note, /Recommended access-log format/, note);
      }
    }
  });

  it('says which access-log fields are missing, so the stage and its group are not known', () => {
    assert.match(noteOf(accessGroup, 'unknown', [prod, dev]), /log no \$context\.apiId and \$context\.stage/);
    assert.match(noteOf('abc123defg', 'unknown', [prod, dev]), /log no \$context\.stage,/);
    assert.match(noteOf(accessGroup, 'prod', [prod, dev]), /log no \$context\.apiId,/);
  });

  it("says that several groups are read but which is the stage's is not known, and with none that one must be added", () => {
    assert.match(noteOf(accessGroup, 'unknown', [prod, dev]), /which of the 2 execution log groups/);
    assert.match(noteOf(accessGroup, 'unknown', []), /executionLogGroups/);
  });
});

describe('trailFilterPattern', () => {
  it('matches any of the sample ids, each quoted', () => {
    assert.equal(trailFilterPattern(['a-1', 'b-2', 'c-3']), '?"a-1" ?"b-2" ?"c-3"');
  });
  it('drops quotes and backslashes that would break the pattern', () => {
    assert.equal(trailFilterPattern(['a"b\\c']), '?"abc"');
  });
});

describe('trailsFromEvents', () => {
  // Synthetic execution-log events in the `(requestId) message` shape of the corpus.
  const event = (timestamp: number, message: string) => ({ id: String(timestamp), timestamp, message });

  it('groups lines per sample in time order without the request-id prefix', () => {
    const trails = trailsFromEvents(
      ['r1', 'r2'],
      [
        event(2, '(r1) Method completed with status: 502'),
        event(1, '(r2) Sending request to https://lambda'),
        event(1, '(r1) Sending request to https://lambda'),
      ],
    );
    assert.deepEqual(Object.fromEntries(trails), {
      r1: ['Sending request to https://lambda', 'Method completed with status: 502'],
      r2: ['Sending request to https://lambda'],
    });
  });

  it('removes secrets before the trail can leave in an e-mail', () => {
    const trails = trailsFromEvents(
      ['r1'],
      [
        event(
          1,
          '(r1) Endpoint request headers: {Authorization=Bearer eyJhbGciOi.eyJzdWIiOiIx.sig, x-api-key=abcdef123456}',
        ),
      ],
    );
    const [line] = trails.get('r1') ?? [];
    assert.doesNotMatch(line ?? '', /eyJhbGciOi|abcdef123456/);
    assert.match(line ?? '', /\[redacted/);
  });

  it('keeps the start and the end of a long trail and says how much was left out', () => {
    const events = Array.from({ length: 25 }, (_, i) => event(i, `(r1) line ${i}`));
    const trail = trailsFromEvents(['r1'], events).get('r1') ?? [];
    assert.deepEqual(trail, [
      'line 0',
      'line 1',
      'line 2',
      '… 15 more lines …',
      ...Array.from({ length: 7 }, (_, i) => `line ${18 + i}`),
    ]);
  });

  it('puts a multi-line event (a pretty-printed body) on one line', () => {
    const [line] =
      trailsFromEvents(
        ['r1'],
        [event(1, '(r1) Endpoint response body before transformations:\n{\n    "Reason": "x"\n}')],
      ).get('r1') ?? [];
    assert.equal(line, 'Endpoint response body before transformations: { "Reason": "x" }');
  });

  it('cuts a very long line', () => {
    const [line] = trailsFromEvents(['r1'], [event(1, `(r1) ${'x'.repeat(1000)}`)]).get('r1') ?? [];
    assert.equal(line?.length, 301);
  });

  it('cuts a long line between characters, never inside an emoji', () => {
    // SYNTHETIC: a body in Japanese whose 300th UTF-16 unit is the first half of an emoji.
    const body = `${'語'.repeat(299)}🚀 end`;
    const [line] = trailsFromEvents(['r1'], [event(1, `(r1) ${body}`)]).get('r1') ?? [];
    assert.equal(line, `${'語'.repeat(299)}…`);
  });

  it('gives an empty trail for a sample with no lines', () => {
    assert.deepEqual(trailsFromEvents(['none'], []).get('none'), []);
  });
});

describe('deliveryIdOf', () => {
  const events = [{ id: '1' }, { id: '2' }];
  it('is the same for a redelivery of the same events', () => {
    assert.equal(deliveryIdOf('g', 's', events), deliveryIdOf('g', 's', [{ id: '1' }, { id: '2' }]));
    assert.match(deliveryIdOf('g', 's', events), /^[0-9a-f]{16}$/);
  });
  const different: [string, string][] = [
    ['another log group', deliveryIdOf('g2', 's', events)],
    ['another stream', deliveryIdOf('g', 's2', events)],
    ['other events', deliveryIdOf('g', 's', [{ id: '1' }, { id: '3' }])],
    ['fewer events', deliveryIdOf('g', 's', [{ id: '1' }])],
  ];
  for (const [name, id] of different) {
    it(`differs for ${name}`, () => assert.notEqual(id, deliveryIdOf('g', 's', events)));
  }
});

describe('trailCausesFromEvents', () => {
  const GROUP = 'API-Gateway-Execution-Logs_k1k7gu3ct7/test';
  /** Real lines: the fixtures' GH-k1k7gu3ct7-lambda-throttled (source in test/fixtures/real-lines.json). */
  const throttled = (id: string) =>
    realSample('GH-k1k7gu3ct7-lambda-throttled').lines.map((line, i) => ({
      id: `${id}-${i}`,
      timestamp: 1_000 + i,
      message: line.replace(/^\([^)]+\) /, `(${id}) `),
    }));

  it("classifies each sample's trail with the delivery pipeline: a Lambda 429 the client saw as 500 is limit.backend", () => {
    const causes = trailCausesFromEvents(GROUP, ['a-1', 'b-2'], [...throttled('a-1'), ...throttled('b-2')]);
    assert.deepEqual([...causes.keys()], ['a-1', 'b-2']);
    assert.equal(causes.get('a-1')?.cause, 'limit.backend');
    assert.ok(
      causes.get('a-1')?.evidence.some((e) => e.includes('Lambda invocation failed with status: 429')),
      JSON.stringify(causes.get('a-1')),
    );
  });

  it('leaves out a request the filter pattern matched that is not a sample, and samples without events', () => {
    const causes = trailCausesFromEvents(GROUP, ['a-1', 'c-3'], [...throttled('a-1'), ...throttled('x-9')]);
    assert.deepEqual([...causes.keys()], ['a-1']);
  });
});
