/**
 * The CloudWatch console's copy of selected events: each event's time on a line of its own above its
 * message, maybe with the `Copy` button's word between them. Those lines are part of the event below
 * them, so the report counts one log event per message.
 *
 * The messages are REAL (the shared corpus and test/fixtures/real-lines.json, each named below);
 * the time and `Copy` lines around them are SYNTHETIC, except in the one published copy read whole.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInput } from '../../cli/input';
import { renderReport } from '../../cli/report';
import { analyze } from '../../lambda/core/pipeline';
import { UNPARSED_REASON } from '../../lambda/core/types';
import { requireCorpus } from '../support/corpus';
import { realSample } from '../support/real-logs';

/** The report's first line and the failures' verdicts, for an input read as one file. */
function read(text: string) {
  const analysis = analyze(parseInput(text, 'copied.txt').batches);
  return {
    analysis,
    header: renderReport(analysis, { color: false }).split('\n')[0],
    verdicts: analysis.failures.map((f) => [f.requestId, f.cause, f.masked, f.confidence, f.clientStatus]),
  };
}

/** SYNTHETIC: each message under a time of its own, the wrapping the console's copy puts around it. */
function consoleCopy(messages: readonly string[], wrap: (time: string, message: string) => string[]) {
  return messages
    .flatMap((message, i) => wrap(`2019-02-25T10:00:${String(10 + i).padStart(2, '0')}.000Z`, message))
    .join('\n');
}

const WRAPPINGS: Readonly<Record<string, (time: string, message: string) => string[]>> = {
  'a time above each message': (time, message) => [time, message],
  "a time and the Copy button's word above each message": (time, message) => [time, 'Copy', message],
  'a zone-less time with a space, a blank line and Copy above each message': (time, message) => [
    time.replace('T', ' ').replace('Z', ''),
    '',
    'Copy',
    message,
  ],
  'the whole copy quoted as Markdown': (time, message) => [`> ${time}`, '> Copy', `> ${message}`],
};

describe("the console's copy of selected events (times on lines of their own)", () => {
  if (!requireCorpus()) return;
  // REAL: /work/shared/corpus/S05-01.log (ericallam/aws-api-gateway-log-parser:__tests__/parsing.test.js),
  // one throttled request's four execution-log lines.
  const messages = realSample('S05-01').lines.filter((line) => line.trim() !== '');
  const plain = read(messages.join('\n'));

  it('has a real sample of four messages with a failure to compare with', () => {
    assert.equal(messages.length, 4);
    assert.equal(plain.header, '4 log events, 1 request, 1 failed, 0 unparsed lines');
  });

  for (const [wrapping, wrap] of Object.entries(WRAPPINGS)) {
    it(`counts one log event per message with ${wrapping}, and keeps its causes`, () => {
      const copied = read(consoleCopy(messages, wrap));
      assert.equal(copied.header, plain.header);
      assert.deepEqual(copied.verdicts, plain.verdicts);
      assert.equal(copied.analysis.stats.events, messages.length);
    });
  }

  it('counts the published copy of one event, its time and Copy lines kept, as one log event', () => {
    // REAL: test/fixtures/real-lines.json GH-tf-http-api-clf-integration-permission-as-commented (a
    // Terraform file's comment: the console's time line, its Copy button and the CLF access line).
    const copied = read(
      realSample('GH-tf-http-api-clf-integration-permission-as-commented').lines.join('\n'),
    );
    assert.equal(copied.header, '1 log event, 1 request, 1 failed, 0 unparsed lines');
    assert.deepEqual(
      copied.analysis.failures.map((f) => f.cause),
      ['auth.integration-permission'],
    );
  });

  it('counts a time with no message under it as an event of its own and an unparsed line, at the end or above another time', () => {
    // SYNTHETIC: the copy's first time lost its message (another time follows it), and so did its
    // last (the selection ended there).
    const text = [
      '2019-02-25T10:00:09.000Z',
      consoleCopy(messages, (time, message) => [time, 'Copy', message]),
      '2019-02-25T10:00:20.000Z',
      'Copy',
    ].join('\n');
    const copied = read(text);
    assert.equal(copied.header, '6 log events, 1 request, 1 failed, 2 unparsed lines');
    assert.deepEqual(copied.verdicts, plain.verdicts);
    assert.deepEqual(
      copied.analysis.unparsed.map((u) => [u.reason, u.sample]),
      [
        [UNPARSED_REASON.notALogLine, '2019-02-25T10:00:09.000Z'],
        [UNPARSED_REASON.notALogLine, '2019-02-25T10:00:20.000Z'],
      ],
    );
  });

  it('counts a Copy line under no time as the unparsed line it is', () => {
    // SYNTHETIC: the button's word with no time above it is no part of any event's copy.
    const copied = read([...messages, 'Copy'].join('\n'));
    assert.equal(copied.header, '5 log events, 1 request, 1 failed, 1 unparsed line');
  });

  // SYNTHETIC: an expanded row, as the brief for this reader describes it (no copy of one was found
  // published): the console shows the event's message again under its row, below a blank line and
  // maybe the expanded view's Copy button.
  const EXPANDED: Readonly<Record<string, (time: string, message: string) => string[]>> = {
    'a time above the message': (time, message) => [time, message, '', message],
    'a time and Copy above the message, and Copy above its repeat': (time, message) => [
      time,
      'Copy',
      message,
      '',
      'Copy',
      message,
    ],
    "the table copy's time and tab before the message": (time, message) => [
      `${time}\t${message}`,
      '',
      message,
    ],
    "the table copy's row, then a blank line and Copy above the repeat": (time, message) => [
      `${time}\t${message}`,
      '',
      'Copy',
      message,
    ],
    'a blank line of spaces between the message and its repeat': (time, message) => [
      time,
      message,
      '   ',
      message,
    ],
    'a blank line of ideographic space between the message and its repeat': (time, message) => [
      time,
      message,
      '\u3000',
      message,
    ],
    'Copy between two blank lines above the repeat': (time, message) => [
      time,
      message,
      '',
      'Copy',
      '',
      message,
    ],
  };

  for (const [shape, wrap] of Object.entries(EXPANDED)) {
    it(`counts an expanded row's repeated message as the one event it is, with ${shape}`, () => {
      const copied = read(consoleCopy(messages, wrap));
      assert.equal(copied.header, plain.header);
      assert.deepEqual(copied.verdicts, plain.verdicts);
      assert.equal(copied.analysis.stats.events, messages.length);
    });
  }

  it('counts two events with the same message twice when each has its own time line', () => {
    // SYNTHETIC: the same real message logged twice, each event copied under its own time (with
    // a blank line between the events, as an expanded row's repeat has).
    const [first = ''] = messages;
    for (const wrap of [WRAPPINGS['a time above each message'], EXPANDED['a time above the message']]) {
      const copied = read(
        consoleCopy([first, first], (time, message) => [...(wrap?.(time, message) ?? []), '']),
      );
      const once = read(consoleCopy([first], (time, message) => wrap?.(time, message) ?? []));
      assert.equal(copied.analysis.stats.events, 2 * once.analysis.stats.events);
    }
  });

  it('counts a message repeated below a blank line twice when no time line is above it', () => {
    // SYNTHETIC: a paste of bare lines, one of them given twice: no console copy, two events.
    const [first = ''] = messages;
    const copied = read([first, '', first].join('\n'));
    assert.equal(copied.analysis.stats.events, 2);
  });

  // SYNTHETIC: shapes that are no expanded row's repeat, so each repeated message is an event of its
  // own (a copy can hold the same message twice: a client retrying, an API logging one line twice).
  const NOT_REPEATS: Readonly<Record<string, (time: string, message: string) => string[]>> = {
    'the same message under Copy with no blank line between': (time, message) => [
      time,
      message,
      'Copy',
      message,
    ],
    'a blank line and two Copy lines above the second': (time, message) => [
      time,
      message,
      '',
      'Copy',
      'Copy',
      message,
    ],
    'the first under two Copy lines, not under its time': (time, message) => [
      time,
      'Copy',
      'Copy',
      message,
      '',
      message,
    ],
    'a tab row whose first cell is no time': (_time, message) => [`row 1\t${message}`, '', message],
  };

  for (const [shape, wrap] of Object.entries(NOT_REPEATS)) {
    it(`counts a message given twice as two events with ${shape}`, () => {
      const copied = read(consoleCopy(messages, wrap));
      // Every message twice: none of its repeats is dropped as an expanded row's.
      const once = read(consoleCopy(messages, (time, message) => wrap(time, message).slice(0, -1)));
      assert.equal(copied.analysis.stats.events, once.analysis.stats.events + messages.length);
    });
  }

  it("counts the message under a table copy's row as an event of its own when it is not the row's message", () => {
    // SYNTHETIC: the table copy's row of one real message, a blank line, the next real message, then
    // the row of a third.
    const [first = '', second = '', third = ''] = messages;
    const copied = read(
      [`2019-02-25T10:00:10.000Z\t${first}`, '', second, `2019-02-25T10:00:11.000Z\t${third}`].join('\n'),
    );
    assert.equal(copied.analysis.stats.events, 3);
  });

  it("counts one log event per row of the console's table copy and Logs Insights' copy (time and message on one line)", () => {
    // SYNTHETIC: the same real messages behind a time and a tab, as those copies put them.
    for (const separator of ['T', ' ']) {
      const copied = read(
        consoleCopy(messages, (time, message) => [`${time.replace('T', separator)}\t${message}`]),
      );
      assert.equal(copied.header, plain.header, separator);
      assert.deepEqual(copied.verdicts, plain.verdicts, separator);
    }
  });
});
