/**
 * Metamorphic test: a request is counted in the clock-aligned window of the instant it happened,
 * however that instant is spelled. Every REAL access line that carries a time (../shared/corpus,
 * test/fixtures/real-lines.json and real-successes.json), and every real execution trail, is
 * rewritten with the SAME instant in each plausible spelling, and must land in the same window, get
 * the same `time` and the same cause as the line as published.
 *
 * Only the time's spelling is SYNTHETIC, following what AWS and pipelines write:
 * - `$context.requestTime`, "the CLF-formatted request time (dd/MMM/yyyy:HH:mm:ss +-hhmm)" (API
 *   Gateway's access-logging variables; CDK's AccessLogField.contextRequestTime says the same), with
 *   `+0000` as API Gateway writes it, and other offsets (`+0530`, `-0800`) as a re-formatting
 *   pipeline may write them;
 * - `$context.requestTimeEpoch`, epoch milliseconds (the WebSocket event's `requestTimeEpoch:
 *   1552988358425`), or seconds, as a real HTTP API line of the corpus (F-04) logs it
 *   (`"requestTimeEpoch": "1747602530"`), as a number or a string; and either with a fraction, as a
 *   log shipper or Python's `time.time()` writes seconds (`1795707088.123456`);
 * - ISO 8601 as pipelines publish it: `Z` or an offset with or without its colon, milliseconds or
 *   microseconds, Logs Insights' `yyyy-MM-dd HH:mm:ss.SSS` (UTC, no zone), under `requestTime`,
 *   `@timestamp`, `timestamp` or `time`;
 * - the time only in the CloudWatch event's timestamp (a format that logs none), or a line time a few
 *   seconds before the event's (API Gateway writes the line after the response);
 * - execution lines dated by their event, a console test-invoke stamp (`Thu Nov 26 15:31:28 UTC
 *   2026 : `), or an ISO stamp in `Z` or an offset (`2022-04-23T18:37:47.070+09:00`, corpus S07-12).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInput } from '../../../cli/input';
import { parseAccessLine } from '../../../lambda/core/access-log';
import { aggregateDelivery, windowStartOf } from '../../../lambda/core/aggregate';
import { parseBatch } from '../../../lambda/core/parse';
import { analyze } from '../../../lambda/core/pipeline';
import type { Analysis, LogBatch, LogEvent } from '../../../lambda/core/types';
import { requireCorpus } from '../../support/corpus';
import { realSampleTexts } from '../../support/real-logs';

/** SYNTHETIC time for lines whose original carried none. */
const T0 = Date.UTC(2026, 10, 26, 15, 31, 28, 0);
/** Window lengths: the default, the smallest, the largest, and one that does not divide an hour. */
const WINDOWS = [1, 5, 7, 60] as const;
/** A delivery's fallback time far from every line's, so a line read without its time shows. */
const FALLBACK = Date.UTC(2001, 0, 1);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wall clock `offsetMinutes` east of UTC at `ms`, as a Date read in UTC. */
const shifted = (ms: number, offsetMinutes: number) => new Date(ms + offsetMinutes * 60_000);
function offsetText(offsetMinutes: number, colon: boolean): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
}
function clf(ms: number, offsetMinutes: number): string {
  const d = shifted(ms, offsetMinutes);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${offsetText(offsetMinutes, false)}`;
}
function iso(ms: number, offsetMinutes: number, colon = true, fraction = 3): string {
  const d = shifted(ms, offsetMinutes);
  const frac = fraction === 0 ? '' : `.${pad(d.getUTCMilliseconds(), 3)}${'0'.repeat(fraction - 3)}`;
  const zone = offsetMinutes === 0 && colon ? 'Z' : offsetText(offsetMinutes, colon);
  return `${d.toISOString().slice(0, 19)}${frac}${zone}`;
}
const insights = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
function consoleStamp(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${d.toISOString().slice(11, 19)} UTC ${d.getUTCFullYear()}`;
}

/** One spelling of an instant in an access line: its text, quoted in JSON unless `json` says how. */
interface Spelling {
  /** Undefined when the spelling cannot hold this instant (seconds for a time with milliseconds). */
  readonly text: (ms: number) => string | undefined;
  /** The JSON value, when it is not the quoted text (a number). */
  readonly json?: (ms: number) => string | undefined;
  /** Whether fixed-position formats (CLF, CSV, key-value) may hold it: they log $context.requestTime. */
  readonly anyFormat?: true;
}
const whole = (ms: number) => ms % 1000 === 0;
/** `1795707088.123`: epoch seconds with the milliseconds as a fraction, as a log shipper rewrites them. */
const secondsWithFraction = (ms: number) => `${Math.floor(ms / 1000)}.${pad(ms % 1000, 3)}`;
const SPELLINGS: Readonly<Record<string, Spelling>> = {
  'CLF +0000': { text: (ms) => (whole(ms) ? clf(ms, 0) : undefined), anyFormat: true },
  'CLF +0530': { text: (ms) => (whole(ms) ? clf(ms, 330) : undefined), anyFormat: true },
  'CLF -0800': { text: (ms) => (whole(ms) ? clf(ms, -480) : undefined), anyFormat: true },
  'CLF +1345 (Chatham summer)': { text: (ms) => (whole(ms) ? clf(ms, 825) : undefined), anyFormat: true },
  'ISO Z, milliseconds': { text: (ms) => iso(ms, 0) },
  'ISO Z, seconds': { text: (ms) => (whole(ms) ? iso(ms, 0, true, 0) : undefined) },
  'ISO Z, microseconds': { text: (ms) => iso(ms, 0, true, 6) },
  'ISO Z, nanoseconds': { text: (ms) => iso(ms, 0, true, 9) },
  'ISO +00:00': { text: (ms) => iso(ms, 0, false).replace('+0000', '+00:00') },
  'ISO +05:30': { text: (ms) => iso(ms, 330) },
  'ISO +0530': { text: (ms) => iso(ms, 330, false) },
  'ISO -08:00': { text: (ms) => iso(ms, -480) },
  'ISO -0800': { text: (ms) => iso(ms, -480, false) },
  'Logs Insights @timestamp (UTC, no zone)': { text: insights },
  'epoch ms, number': { text: (ms) => String(ms), json: (ms) => String(ms) },
  'epoch ms, string': { text: (ms) => String(ms) },
  'epoch s, number': {
    text: (ms) => (whole(ms) ? String(ms / 1000) : undefined),
    json: (ms) => (whole(ms) ? String(ms / 1000) : undefined),
  },
  'epoch s, string': { text: (ms) => (whole(ms) ? String(ms / 1000) : undefined) },
  'epoch s with milliseconds, number': { text: secondsWithFraction, json: secondsWithFraction },
  'epoch s with milliseconds, string': { text: secondsWithFraction },
  'epoch s with microseconds (time.time()), string': { text: (ms) => `${secondsWithFraction(ms)}789` },
  'epoch s with microseconds (time.time()), number': {
    text: (ms) => `${secondsWithFraction(ms)}789`,
    json: (ms) => `${secondsWithFraction(ms)}789`,
  },
  'epoch ms with a fraction, number': { text: (ms) => `${ms}.75`, json: (ms) => `${ms}.75` },
  'epoch ms with a fraction, string': { text: (ms) => `${ms}.999` },
};
/** Keys a time is published under, each with the spellings it may hold. */
const TIME_KEYS = ['requestTime', '@timestamp', 'timestamp', 'time', 'requestTimeEpoch'] as const;

/** What counting depends on: each failure's cause, status, time and windows; each request's windows. */
function outcome(analysis: Analysis): string[] {
  const lines: string[] = [];
  for (const f of analysis.failures) {
    const windows = WINDOWS.map((minutes) =>
      windowStartOf(f.time === undefined ? FALLBACK : Date.parse(f.time), minutes),
    );
    lines.push(`${f.cause} ${f.clientStatus} ${f.time} ${windows.join(',')}`);
  }
  for (const minutes of WINDOWS) {
    const counts = aggregateDelivery(analysis, {
      windowMinutes: minutes,
      countExecutionLogs: true,
      fallbackTimeMs: FALLBACK,
    });
    for (const i of counts.increments)
      lines.push(
        `${minutes}m ${new Date(i.windowStartMs).toISOString()} ${i.subject}=${i.count}/${i.masked}`,
      );
  }
  return lines.sort();
}

/** Which time keys the line holds, and where: `"key": value` in a JSON line. */
const JSON_TIME_MEMBER =
  /"(requestTime|requestTimeEpoch|timeEpoch|@timestamp|timestamp|time|datetime|timeLocal)"\s*:\s*("(?:[^"\\]|\\.)*"|\d+(?:\.\d+)?)/g;
const CLF_TEXT = /\d{1,2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}(?: [+-]\d{4})?/;

interface TimedLine {
  readonly ms: number;
  /** The line with its time spelled by `spelling` under `key` (JSON) or in place; undefined when it cannot. */
  readonly respell: (spelling: Spelling, key?: string) => string | undefined;
  /** The line without its time (JSON only). */
  readonly untimed?: string;
}

function timedLine(message: string): TimedLine | undefined {
  const parsed = parseAccessLine(message);
  if (parsed?.ok !== true || parsed.record.timeMs === undefined) return undefined;
  const ms = parsed.record.timeMs;
  const members = [...message.matchAll(JSON_TIME_MEMBER)];
  if (parsed.record.format === 'json' && members.length > 0) {
    const first = members[0]?.index ?? 0;
    // Every time member goes; the spelled one takes the first one's place.
    const remove = (text: string) =>
      text
        .replace(JSON_TIME_MEMBER, '\uE000')
        .replace(/\uE000\s*,\s*/g, '')
        .replace(/,?\s*\uE000/g, '');
    const before = remove(message.slice(0, first));
    const after = remove(message.slice(first));
    const untimed = `${before}${after}`;
    return {
      ms,
      untimed,
      respell: (spelling, key = members[0]?.[1] ?? 'requestTime') => {
        const value =
          spelling.json?.(ms) ??
          (spelling.text(ms) === undefined ? undefined : JSON.stringify(spelling.text(ms)));
        if (value === undefined) return undefined;
        const rest = after.trimStart().startsWith('}') ? after : `, ${after.trimStart()}`;
        return `${before}"${key}": ${value}${rest}`;
      },
    };
  }
  const clfText = CLF_TEXT.exec(message)?.[0];
  if (clfText === undefined) return undefined;
  return {
    ms,
    respell: (spelling) => {
      if (spelling.anyFormat !== true) return undefined;
      const text = spelling.text(ms);
      return text === undefined ? undefined : message.replace(clfText, text);
    },
  };
}

function withMessages(batches: readonly LogBatch[], map: (event: LogEvent) => LogEvent): LogBatch[] {
  return batches.map((batch) => ({ ...batch, events: batch.events.map(map) }));
}

interface Sample {
  readonly name: string;
  readonly batches: readonly LogBatch[];
  readonly timed: ReadonlyMap<string, TimedLine>;
  /** The outcome of the lines as published. */
  readonly before: readonly string[];
}

let loaded: Sample[] | undefined;
/** Read once for both groups of tests: parsing every real file is most of their time. */
function samples(): Sample[] {
  loaded ??= realSampleTexts().map(([name, text]) => {
    const { batches } = parseInput(text, `${name}.log`);
    const timed = new Map<string, TimedLine>();
    for (const batch of batches)
      for (const event of batch.events) {
        const line = timedLine(event.message);
        if (line !== undefined) timed.set(event.message, line);
      }
    return { name, batches, timed, before: outcome(analyze(batches)) };
  });
  return loaded;
}

describe('a request is counted in the window of the instant it happened, however the instant is spelled', () => {
  if (!requireCorpus()) return;
  const all = samples();
  const timedSamples = all.filter((s) => s.timed.size > 0);

  it('the real corpus and fixtures hold access lines of every time shape to rewrite', () => {
    const lines = timedSamples.reduce((n, s) => n + s.timed.size, 0);
    assert.ok(lines >= 60, `only ${lines} timed access lines`);
  });

  for (const [spellingName, spelling] of Object.entries(SPELLINGS)) {
    it(`an access line's time spelled as ${spellingName} keeps its window, time and cause`, () => {
      const changed: string[] = [];
      let rewritten = 0;
      for (const sample of timedSamples) {
        const { before } = sample;
        const batches = withMessages(sample.batches, (event) => {
          const line = sample.timed.get(event.message);
          const message = line?.respell(spelling);
          if (message === undefined) return event;
          rewritten += 1;
          return { ...event, message };
        });
        const after = outcome(analyze(batches));
        if (after.join('\n') !== before.join('\n'))
          changed.push(
            `${sample.name}:\n  before ${before.join('\n         ')}\n  after  ${after.join('\n         ')}`,
          );
      }
      assert.ok(rewritten > 0, 'no line could hold this spelling');
      assert.deepEqual(changed, []);
    });
  }

  for (const key of TIME_KEYS) {
    it(`a JSON access line's time under "${key}" keeps its window, time and cause in every spelling`, () => {
      const changed: string[] = [];
      for (const sample of timedSamples) {
        const { before } = sample;
        for (const [spellingName, spelling] of Object.entries(SPELLINGS)) {
          const batches = withMessages(sample.batches, (event) => {
            const line = sample.timed.get(event.message);
            const message = line?.untimed === undefined ? undefined : line.respell(spelling, key);
            return message === undefined ? event : { ...event, message };
          });
          const after = outcome(analyze(batches));
          if (after.join('\n') !== before.join('\n'))
            changed.push(
              `${sample.name} (${spellingName}): ${after.filter((l) => !before.includes(l)).join('; ')}`,
            );
        }
      }
      assert.deepEqual(changed, []);
    });
  }

  it('an access line whose format logs no time is dated by its CloudWatch event, to the same window', () => {
    const changed: string[] = [];
    for (const sample of timedSamples) {
      const { before } = sample;
      const batches = withMessages(sample.batches, (event) => {
        const line = sample.timed.get(event.message);
        return line?.untimed === undefined ? event : { ...event, message: line.untimed, timestamp: line.ms };
      });
      const after = outcome(analyze(batches));
      if (after.join('\n') !== before.join('\n'))
        changed.push(`${sample.name}: ${after.filter((l) => !before.includes(l)).join('; ')}`);
    }
    assert.deepEqual(changed, []);
  });

  it("an access line's own time wins over its event's later timestamp (the line is written after the response)", () => {
    const changed: string[] = [];
    for (const sample of timedSamples) {
      const { before } = sample;
      // Three days: an export replayed into a subscribed group counts in the windows of its own times.
      for (const lag of [1, 29_000, 59_999, 300_000, 3 * 86_400_000]) {
        const batches = withMessages(sample.batches, (event) => {
          const line = sample.timed.get(event.message);
          return line === undefined ? event : { ...event, timestamp: line.ms + lag };
        });
        const after = outcome(analyze(batches));
        if (after.join('\n') !== before.join('\n'))
          changed.push(`${sample.name} (+${lag} ms): ${after.filter((l) => !before.includes(l)).join('; ')}`);
      }
    }
    assert.deepEqual(changed, []);
  });

  it("an access line dated more than a minute after its own CloudWatch event (a zone error, a skewed clock) is counted at the event's time", () => {
    // API Gateway writes the line after the response, so a request's time is never after the event
    // that stores it; PutLogEvents takes no event more than 2 hours ahead of the writer's clock.
    const wrong: string[] = [];
    for (const sample of timedSamples) {
      for (const ahead of [60_001, 3_600_000, 9 * 3_600_000, 365 * 86_400_000]) {
        const batches = withMessages(sample.batches, (event) => {
          const line = sample.timed.get(event.message);
          return line === undefined ? event : { ...event, timestamp: line.ms - ahead };
        });
        const stored = new Set(
          batches.flatMap((b) => b.events.filter((e) => sample.timed.has(e.message)).map((e) => e.timestamp)),
        );
        for (const f of analyze(batches).failures)
          if (f.time !== undefined && !stored.has(Date.parse(f.time)))
            wrong.push(`${sample.name} (line ${ahead} ms ahead): counted at ${f.time}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('an access line up to a minute after its own event keeps its own time (clocks agree to well within it)', () => {
    const changed: string[] = [];
    for (const sample of timedSamples) {
      const { before } = sample;
      for (const ahead of [1, 999, 60_000]) {
        const batches = withMessages(sample.batches, (event) => {
          const line = sample.timed.get(event.message);
          return line === undefined ? event : { ...event, timestamp: line.ms - ahead };
        });
        const after = outcome(analyze(batches));
        if (after.join('\n') !== before.join('\n'))
          changed.push(
            `${sample.name} (-${ahead} ms): ${after.filter((l) => !before.includes(l)).join('; ')}`,
          );
      }
    }
    assert.deepEqual(changed, []);
  });

  it('an access line with no time of its own, dated by its event, counts in that event time in every window', () => {
    const changed: string[] = [];
    for (const sample of all) {
      const untimed = sample.batches.flatMap((b) =>
        b.events.filter((e) => parseAccessLine(e.message)?.ok === true && !sample.timed.has(e.message)),
      );
      if (untimed.length === 0) continue;
      for (const ms of [
        T0,
        T0 + 299_999,
        Date.UTC(2024, 1, 29, 23, 59, 59, 999),
        Date.UTC(2026, 2, 29, 1, 0, 0),
      ]) {
        const batches = withMessages(sample.batches, (event) => ({ ...event, timestamp: ms }));
        const analysis = analyze(batches);
        for (const f of analysis.failures)
          if (f.time !== undefined && f.time !== new Date(ms).toISOString())
            changed.push(`${sample.name}: ${f.time} for an event at ${new Date(ms).toISOString()}`);
      }
    }
    assert.deepEqual(changed, []);
  });
});

describe('an execution trail is dated by its first line, however the time is spelled', () => {
  if (!requireCorpus()) return;
  const all = samples();

  /** The file's execution lines as `(id) message` events, each with its time or a SYNTHETIC one. */
  function trails(sample: Sample): LogEvent[] {
    const events: LogEvent[] = [];
    // Ids the parser gave lines that had none (console output) are no request ids: numbered instead.
    const ids = new Map<string, string>();
    const idOf = (id: string) => {
      if (/^[0-9A-Za-z][0-9A-Za-z-]{7,63}$/.test(id)) return id;
      if (!ids.has(id)) ids.set(id, `00000000-0000-4000-8000-${String(ids.size).padStart(12, '0')}`);
      return ids.get(id) ?? id;
    };
    sample.batches.forEach((batch, index) => {
      for (const line of parseBatch(batch, index).execution) {
        if (line.message.includes('\n')) return;
        events.push({
          id: `x${events.length}`,
          timestamp: line.timeMs !== undefined && line.timeMs > 0 ? line.timeMs : T0 + events.length * 37,
          message: `(${idOf(line.requestId ?? 'no-id')}) ${line.message}`,
        });
      }
    });
    return events;
  }

  const STAMPS: Readonly<Record<string, (ms: number) => string>> = {
    'ISO Z': (ms) => `${iso(ms, 0)} `,
    'ISO +09:00 (corpus S07-12)': (ms) => `${iso(ms, 540)}\t`,
    'ISO -0800': (ms) => `${iso(ms, -480, false)} `,
    'ISO, microseconds': (ms) => `${iso(ms, 0, true, 6)} `,
    'Logs Insights, no zone': (ms) => `${insights(ms)}\t`,
  };

  for (const [name, stamp] of Object.entries(STAMPS)) {
    it(`execution lines stamped ${name} count in the window their events would`, () => {
      const changed: string[] = [];
      for (const sample of all) {
        const events = trails(sample);
        if (events.length === 0) continue;
        const before = outcome(analyze([{ source: { name: sample.name }, events }]));
        const text = events.map((e) => `${stamp(e.timestamp)}${e.message}`).join('\n');
        const after = outcome(analyze(parseInput(text, `${sample.name}.log`).batches));
        if (after.join('\n') !== before.join('\n'))
          changed.push(
            `${sample.name}: ${after.filter((l) => !before.includes(l)).join('; ')} / ${before.filter((l) => !after.includes(l)).join('; ')}`,
          );
      }
      assert.deepEqual(changed, []);
    });
  }

  it('console test-invoke stamps (UTC, to the second) date a trail as its events would', () => {
    const changed: string[] = [];
    for (const sample of all) {
      const events = trails(sample).map((e) => ({ ...e, timestamp: e.timestamp - (e.timestamp % 1000) }));
      if (events.length === 0) continue;
      const before = outcome(analyze([{ source: { name: sample.name }, events }]));
      const text = events.map((e) => `${consoleStamp(e.timestamp)} : ${e.message}`).join('\n');
      const after = outcome(analyze(parseInput(text, `${sample.name}.log`).batches));
      if (after.join('\n') !== before.join('\n'))
        changed.push(
          `${sample.name}: ${after.filter((l) => !before.includes(l)).join('; ')} / ${before.filter((l) => !after.includes(l)).join('; ')}`,
        );
    }
    assert.deepEqual(changed, []);
  });
});
