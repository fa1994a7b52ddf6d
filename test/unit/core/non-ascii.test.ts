/**
 * Metamorphic test: real APIs answer in every language. A function's error message, a response body,
 * a path or a user agent may be Japanese, German or emoji, and none of it changes why a request
 * failed. Every real sample must keep its causes, masked flags and confidences with such text in it,
 * delivered as the CLI reads it and as the Lambda function receives it (gzip + base64, where the
 * decoder reads a pure-ASCII payload as Latin-1 and any other as UTF-8), and cut the way execution
 * logs cut a line: at 1024 BYTES, which may fall inside a character (CloudWatch then stores U+FFFD).
 * Every evidence string, alert and CLI output must stay well-formed UTF-16: no half of a surrogate
 * pair (an emoji cut in two) where text is cut at a length limit; SMS text and e-mail subjects stay
 * ASCII within their limits.
 *
 * The samples are REAL (realSampleTexts(): ../shared/corpus and test/fixtures/real-*.json); the
 * non-ASCII text, the fields that carry it, the cuts and the delivery envelopes are SYNTHETIC.
 * Left out, because the rewrite itself would change what the line says: a cut at 1024 bytes of a
 * line whose body is followed by more text (a real paste glues `Execution failed …` after a body:
 * cut, its evidence is gone, as it would be from the real log), and, in the text the CLI reads,
 * lines whose messages sit inside JSON strings (exports, payloads, event objects: a field added
 * there would need escaping; their messages take the words as parsed instead).
 */
import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseInput } from '../../../cli/input';
import { renderJsonLines, renderReport, renderUnparsedSummary } from '../../../cli/report';
import { aggregateDelivery } from '../../../lambda/core/aggregate';
import {
  ALERT_KIND,
  type AlertFacts,
  buildAlertMessage,
  evidenceFor,
  SMS_MAX_CHARS,
  SUBJECT_MAX_CHARS,
} from '../../../lambda/core/alert-message';
import { decodeData } from '../../../lambda/core/decode';
import { analyze } from '../../../lambda/core/pipeline';
import { trailsFromEvents } from '../../../lambda/core/trail';
import type { Analysis, LogBatch, LogEvent } from '../../../lambda/core/types';
import { requireCorpus } from '../../support/corpus';
import { realSampleTexts } from '../../support/real-logs';

/** SYNTHETIC text in three scripts and an emoji (a surrogate pair in UTF-16, four bytes in UTF-8). */
const WORDS = '日本語のメッセージ Größe 🚀';
/** API Gateway cuts an execution-log line at this many bytes. */
const LINE_BYTES = 1024;

/** A half of a surrogate pair with no other half: no character, garbage in JSON, SNS and a terminal. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What a sample's failures are, as a sorted list: cause, masked flag and confidence each. */
function verdicts(analysis: Analysis): string {
  return analysis.failures
    .map((f) => `${f.cause}${f.masked ? ' (masked)' : ''} ${f.confidence}`)
    .sort()
    .join('; ');
}

/** Every evidence string that holds a lone surrogate half. */
function malformedEvidence(analysis: Analysis): string[] {
  return analysis.failures.flatMap((f) => f.evidence.filter((e) => LONE_SURROGATE.test(e)));
}

const withMessages = (batches: readonly LogBatch[], change: (message: string) => string): LogBatch[] =>
  batches.map((b) => ({
    source: b.source,
    events: b.events.map((e) => ({ ...e, message: change(e.message) })),
  }));

/** Fields no rule reads a cause from: who called, and where. */
const FREE_TEXT_FIELD =
  /("(?:userAgent|user[-_]?agent|http_user_agent|path|resourcePath)"\s*:\s*")((?:[^"\\]|\\.)*)"/gi;
/** A CloudWatch log event as the API or `jq -c '.logEvents[]'` prints it, its message a string. */
const EVENT_OBJECT = /^\s*\{"(?:id|eventId|timestamp|ingestionTime|logStreamName|message)"/;
/** A body an execution line logs as a JSON object. */
const JSON_BODY = /(body (?:before|after) transformations: )\{(\s*)(\}?)/;

/**
 * SYNTHETIC: the words at the end of a user agent or path, in a new first field of a JSON access
 * line, and in a new first field of a logged JSON body.
 */
function withWords(message: string): string {
  let out = message.replace(FREE_TEXT_FIELD, `$1$2 — ${WORDS}"`);
  if (out.startsWith('{"')) out = `{"note":"${WORDS}",${out.slice(1)}`;
  return out.replace(JSON_BODY, (_, head: string, space: string, close: string) =>
    close === '' ? `${head}{${space}"メッセージ":"${WORDS}",` : `${head}{"メッセージ":"${WORDS}"}`,
  );
}

/**
 * SYNTHETIC: a long body's last field, in `char` repeated, cut where API Gateway cuts the line: at
 * 1024 bytes, inside a character, decoded as CloudWatch stores it (a replacement character). Only
 * lines that end with their body and are short enough that the cut falls in the added field, so
 * what the line said stays before it.
 */
function cutInsideCharacter(message: string, char: string): string {
  const at = message.trimEnd().length - 1;
  if (!JSON_BODY.test(message) || message[at] !== '}' || Buffer.byteLength(message) > LINE_BYTES - 64)
    return message;
  const head = `${message.slice(0, at)}${message[at - 1] === '{' ? '' : ','}"detail":"`;
  const charBytes = Buffer.byteLength(char);
  // A one-byte shift until byte 1024 falls inside one of the characters, not between two.
  let pad = '';
  while ((LINE_BYTES - Buffer.byteLength(head + pad)) % charBytes === 0) pad += 'x';
  const long = head + pad + char.repeat(Math.ceil(LINE_BYTES / charBytes));
  const cut = Buffer.from(long).subarray(0, LINE_BYTES).toString('utf8');
  assert.ok(cut.endsWith('\uFFFD'), 'the cut falls inside a character');
  return cut;
}

/** The batches as CloudWatch Logs delivers them to the function: JSON, gzip, base64, then decoded. */
function delivered(batches: readonly LogBatch[]): LogBatch[] {
  return batches.map((b, i) => {
    const payload = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: b.source.logGroup ?? `/synthetic/group-${i}`,
      logStream: b.source.logStream ?? 'stream-0',
      subscriptionFilters: ['apigw-error-analyzer'],
      logEvents: b.events,
    };
    const decoded = decodeData(gzipSync(Buffer.from(JSON.stringify(payload))).toString('base64'));
    return { source: b.source, events: decoded.logEvents };
  });
}

/** SYNTHETIC time for requests whose logs carry none. */
const T0 = Date.UTC(2026, 10, 26, 15, 30);

/** One alert per cause the sample's failures count toward, with its sample requests and their trails. */
function alertsOf(analysis: Analysis, batches: readonly LogBatch[]): AlertFacts[] {
  const { counted } = aggregateDelivery(analysis, {
    windowMinutes: 5,
    countExecutionLogs: true,
    fallbackTimeMs: T0,
  });
  const events = batches.flatMap((b) => b.events);
  const seen = new Set<string>();
  return counted.flatMap(({ api, stage, windowStartMs, failure }) => {
    const key = `${api} ${stage} ${windowStartMs} ${failure.cause}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const evidence = evidenceFor(counted, { api, stage, windowStartMs }, failure.cause);
    const count = counted.filter((c) => c.failure.cause === failure.cause).length;
    return [
      {
        kind: ALERT_KIND.alert,
        api,
        stage,
        windowStartMs,
        windowMinutes: 5,
        subject: failure.cause,
        cause: failure.cause,
        count,
        masked: failure.masked ? count : 0,
        threshold: 1,
        requests: 0,
        evidence,
        trails: trailsFromEvents(
          evidence.samples.map((r) => r.requestId),
          events,
        ),
      },
    ];
  });
}

/** What of an alert is malformed: a lone surrogate anywhere, or SMS and subject text SNS refuses. */
function alertFaults(facts: AlertFacts): string[] {
  const message = buildAlertMessage(facts);
  const faults: string[] = [];
  if (LONE_SURROGATE.test(message.email)) faults.push('lone surrogate in the e-mail');
  if (!/^[\x20-\x7e]*$/.test(message.sms) || message.sms.length > SMS_MAX_CHARS)
    faults.push(`SMS ${message.sms}`);
  if (!/^[\x20-\x7e]*$/.test(message.subject) || message.subject.length > SUBJECT_MAX_CHARS)
    faults.push(`subject ${message.subject}`);
  return faults;
}

const messagesOf = (batches: readonly LogBatch[]): string[] =>
  batches.flatMap((b) => b.events.map((e: LogEvent) => e.message));

interface Sample {
  readonly name: string;
  readonly batches: readonly LogBatch[];
  readonly verdicts: string;
}

describe('real samples with text in other scripts than ASCII', () => {
  const texts = requireCorpus() ? realSampleTexts() : [];
  const samples: Sample[] = texts.map(([name, text]) => {
    const { batches } = parseInput(text, `${name}.log`);
    return { name, batches, verdicts: verdicts(analyze(batches)) };
  });
  const byName = new Map(samples.map((s) => [s.name, s]));
  const failing = samples.filter((s) => s.verdicts !== '');

  it('has real samples with failures, and the words land in many of them', () => {
    assert.ok(samples.length > 250, `${samples.length} samples`);
    assert.ok(failing.length > 150, `${failing.length} with failures`);
    const changed = failing.filter(
      (s) => messagesOf(withMessages(s.batches, withWords)).join('\n') !== messagesOf(s.batches).join('\n'),
    );
    assert.ok(changed.length > 80, `${changed.length} samples took the words`);
  });

  it("keeps every sample's causes, masked flags and confidences with the words in free-text fields and bodies", () => {
    const changed: string[] = [];
    for (const s of samples) {
      const got = verdicts(analyze(withMessages(s.batches, withWords)));
      if (got !== s.verdicts)
        changed.push(`${s.name}: ${s.verdicts || 'no failure'} became ${got || 'no failure'}`);
    }
    assert.deepEqual(changed, []);
  });

  it('keeps the verdicts with the words written into the text the CLI reads, line by line', () => {
    const changed: string[] = [];
    let took = 0;
    for (const [name, text] of texts) {
      // A line holding escaped quotes is JSON inside a JSON string (an export, a payload), a line
      // that is a CloudWatch event object holds its message in a string: their messages take the
      // words in the test above, as parsed.
      const written = text
        .split('\n')
        .map((line) => (line.includes('\\"') || EVENT_OBJECT.test(line) ? line : withWords(line)))
        .join('\n');
      if (written !== text) took += 1;
      const got = verdicts(analyze(parseInput(written, `${name}.log`).batches));
      const original = byName.get(name)?.verdicts ?? '';
      if (got !== original)
        changed.push(`${name}: ${original || 'no failure'} became ${got || 'no failure'}`);
    }
    assert.deepEqual(changed, []);
    assert.ok(took > 80, `${took} texts took the words`);
  });

  it('reads the same events and verdicts from a subscription delivery, ASCII (Latin-1 fast path) and not', () => {
    const changed: string[] = [];
    let ascii = 0;
    for (const s of samples) {
      const variants = { original: s.batches, 'with the words': withMessages(s.batches, withWords) };
      if (isAscii(Buffer.from(messagesOf(s.batches).join('\n')))) ascii += 1;
      for (const [label, batches] of Object.entries(variants)) {
        const received = delivered(batches);
        if (messagesOf(received).join('\n') !== messagesOf(batches).join('\n'))
          changed.push(`${s.name} ${label}: the decoded messages differ`);
        const got = verdicts(analyze(received));
        if (got !== s.verdicts)
          changed.push(`${s.name} ${label}: ${s.verdicts || 'no failure'} became ${got || 'no failure'}`);
      }
    }
    assert.deepEqual(changed, []);
    assert.ok(ascii > 200, `${ascii} pure-ASCII samples take the fast path`);
  });

  for (const char of ['語', '🚀', 'ß']) {
    it(`keeps the verdicts when a body is cut at 1024 bytes inside a '${char}', as the function receives it`, () => {
      const changed: string[] = [];
      let cut = 0;
      for (const s of samples) {
        const batches = withMessages(s.batches, (m) => cutInsideCharacter(m, char));
        const messages = messagesOf(batches);
        cut += messages.filter((m) => m.endsWith('\uFFFD')).length;
        const analysis = analyze(delivered(batches));
        const got = verdicts(analysis);
        if (got !== s.verdicts)
          changed.push(`${s.name}: ${s.verdicts || 'no failure'} became ${got || 'no failure'}`);
        for (const e of malformedEvidence(analysis))
          changed.push(`${s.name}: lone surrogate in ${JSON.stringify(e)}`);
      }
      assert.deepEqual(changed, []);
      assert.ok(cut > 50, `${cut} lines cut`);
    });
  }

  it('never leaves half an emoji in evidence, with an emoji right where evidence is cut at its length limit', () => {
    const changed: string[] = [];
    let placed = 0;
    for (const s of failing) {
      const clipped = analyze(s.batches).failures.flatMap((f) => f.evidence.filter((e) => e.endsWith('…')));
      for (const evidence of clipped) {
        const head = evidence.slice(0, -2);
        if (!messagesOf(s.batches).some((m) => m.includes(head))) continue;
        placed += 1;
        // SYNTHETIC: the emoji takes the last place evidence keeps, its second half the first it drops.
        const analysis = analyze(withMessages(s.batches, (m) => m.split(head).join(`${head}🚀`)));
        const got = verdicts(analysis);
        if (got !== s.verdicts) changed.push(`${s.name}: ${s.verdicts} became ${got}`);
        for (const e of malformedEvidence(analysis))
          changed.push(`${s.name}: lone surrogate in ${JSON.stringify(e)}`);
      }
    }
    assert.deepEqual(changed, []);
    assert.ok(placed > 10, `${placed} cut evidence strings`);
  });

  it('never leaves half an emoji in evidence, with an emoji right where the excerpt of a long message starts', () => {
    const changed: string[] = [];
    let placed = 0;
    for (const s of failing) {
      const excerpts = analyze(s.batches).failures.flatMap((f) => f.evidence.filter((e) => e.includes(' …')));
      for (const evidence of excerpts) {
        const tail = (evidence.split(' …')[1] ?? '').replace(/…$/, '').slice(0, 20);
        if (tail.length < 2 || !messagesOf(s.batches).some((m) => m.includes(tail))) continue;
        placed += 1;
        // SYNTHETIC: the emoji straddles where the excerpt starts, its first half the last unit left out.
        const at = (m: string) => m.indexOf(tail) + 1;
        const analysis = analyze(
          withMessages(s.batches, (m) => (m.includes(tail) ? `${m.slice(0, at(m))}🚀${m.slice(at(m))}` : m)),
        );
        for (const e of malformedEvidence(analysis))
          changed.push(`${s.name}: lone surrogate in ${JSON.stringify(e)}`);
      }
    }
    assert.deepEqual(changed, []);
    assert.ok(placed > 3, `${placed} excerpts`);
  });

  it('never leaves half an emoji in evidence with the words anywhere', () => {
    const changed: string[] = [];
    for (const s of failing)
      for (const e of malformedEvidence(analyze(withMessages(s.batches, withWords))))
        changed.push(`${s.name}: lone surrogate in ${JSON.stringify(e)}`);
    assert.deepEqual(changed, []);
  });

  it('builds well-formed alerts (e-mail, ASCII SMS and subject within their limits) from every sample with the words', () => {
    const faults: string[] = [];
    let alerts = 0;
    let withTheWords = 0;
    for (const s of failing) {
      const batches = withMessages(s.batches, withWords);
      for (const facts of alertsOf(analyze(batches), batches)) {
        alerts += 1;
        if (buildAlertMessage(facts).email.includes('🚀')) withTheWords += 1;
        for (const fault of alertFaults(facts)) faults.push(`${s.name} ${facts.cause}: ${fault}`);
        // SYNTHETIC: a scope name of emoji, as no API id or stage name can be, shortened in SMS and subject.
        for (const fault of alertFaults({ ...facts, stage: '🚀語'.repeat(60) }))
          faults.push(`${s.name} ${facts.cause} (emoji stage): ${fault}`);
      }
    }
    assert.deepEqual(faults, []);
    assert.ok(alerts > 150 && withTheWords > 50, `${alerts} alerts, ${withTheWords} show the words`);
  });

  it('prints a well-formed CLI report, JSON lines and unparsed summary for every sample with the words', () => {
    const faults: string[] = [];
    for (const s of samples) {
      const analysis = analyze(withMessages(s.batches, withWords));
      const outputs = {
        report: renderReport(analysis, { color: false }),
        'JSON lines': renderJsonLines(analysis.failures),
        'unparsed summary': renderUnparsedSummary(analysis.unparsed),
      };
      for (const [name, text] of Object.entries(outputs))
        if (LONE_SURROGATE.test(text) || /\\ud[89ab]/i.test(text)) faults.push(`${s.name}: ${name}`);
    }
    assert.deepEqual(faults, []);
  });
});
