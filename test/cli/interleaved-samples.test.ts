/**
 * Metamorphic test: real samples mixed as production mixes them. Concurrent requests' execution
 * lines interleave in one log stream, a delivery holds lines of many requests, and CloudWatch Logs
 * delivers at least once. Each relation must keep every request's cause, masked flag and confidence
 * as its sample alone gives them (or a named exception says what the mix took away):
 * - two samples' trails interleaved line by line, each in its own order (every merge of short pairs,
 *   seeded ones of long pairs); samples that share a request id hold two views of one request;
 * - every line twice, adjacent (the whole text twice is test/cli/overlapping-inputs.test.ts's);
 * - one sample's access lines and another's trail in one input, in either order;
 * - an access line before, inside or after the trail of its own request;
 * - a stream's lines spread over deliveries, each delivery in time order, read together (the CLI)
 *   or each alone (the function).
 *
 * The lines are REAL: every sample of ../shared/corpus and test/fixtures/real-*.json, each
 * execution line as a `(requestId) message` event and each access line as an event
 * (test/support/mixing.ts). SYNTHETIC: request ids where the original named none, times where it had
 * none, the merges, doublings, cuts and streams (seeded, so repeatable), and the pairing of one
 * sample's access line with another's trail (no real sample holds both for one request: the access
 * line's request id is rewritten to the trail's).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInput } from '../../cli/input';
import { parseAccessLine } from '../../lambda/core/access-log';
import { executionLogGroupName } from '../../lambda/core/execution-log-group';
import { analyze } from '../../lambda/core/pipeline';
import { ANONYMOUS_ID_PREFIX, type Analysis, type LogBatch } from '../../lambda/core/types';
import { requireCorpus } from '../support/corpus';
import { type Event, type SampleEvents, sampleEvents } from '../support/mixing';

const EXECUTION_GROUP = executionLogGroupName('abc123defg', 'prod');

/** A seeded generator, so every run mixes the same way. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

/** The events pasted as text, one after another (a multi-line message on its following lines). */
const asText = (events: readonly Event[]) =>
  analyze(parseInput(events.map((e) => e.message).join('\n'), 'mixed.log').batches);

/** The events as one delivery (or export) of `logGroup`'s stream, each event whole. */
function batch(events: readonly Event[], logGroup: string | undefined, logStream = 'stream-0'): LogBatch {
  return {
    source: { ...(logGroup === undefined ? {} : { logGroup }), logStream, name: 'mixed' },
    events: events.map((e, i) => ({ id: `${logStream}.${i}`, timestamp: e.timestamp, message: e.message })),
  };
}

/** What must survive a mix, per failure: its request (none for an id the analyzer made up) and verdict. */
function verdicts(analysis: Analysis): string[] {
  return analysis.failures
    .map((f) => {
      const id = f.requestId.startsWith(ANONYMOUS_ID_PREFIX) ? '(no id)' : f.requestId;
      return `${id} ${f.clientStatus} ${f.cause}${f.masked ? ' (masked)' : ''} ${f.confidence}`;
    })
    .sort();
}
const joined = (list: readonly string[]) => list.join('; ') || 'no failure';

const idOf = (e: Event) => /^\(([^)]*)\) /.exec(e.message)?.[1] ?? '';
const idsOf = (s: SampleEvents) => new Set(s.execution.map(idOf));
const shareAnId = (a: SampleEvents, b: SampleEvents) => [...idsOf(a)].some((id) => idsOf(b).has(id));

/** Every merge of a lines and b lines keeping each one's order: which of the two each place takes. */
function* merges(a: number, b: number): Generator<number[]> {
  if (a === 0 && b === 0) yield [];
  if (a > 0) for (const rest of merges(a - 1, b)) yield [0, ...rest];
  if (b > 0) for (const rest of merges(a, b - 1)) yield [1, ...rest];
}
function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}
/** Pairs with at most this many merges are checked in every one; longer pairs in SAMPLED_MERGES. */
const ALL_MERGES_UP_TO = 70;
const SAMPLED_MERGES = 12;
function mergePatterns(a: number, b: number, next: () => number): number[][] {
  if (binomial(a + b, a) <= ALL_MERGES_UP_TO) return [...merges(a, b)];
  return Array.from({ length: SAMPLED_MERGES }, () => {
    const out: number[] = [];
    let [i, j] = [a, b];
    while (i + j > 0) {
      const fromA = next() * (i + j) < i;
      out.push(fromA ? 0 : 1);
      if (fromA) i -= 1;
      else j -= 1;
    }
    return out;
  });
}
function interleave(a: readonly Event[], b: readonly Event[], pattern: readonly number[]): Event[] {
  let [i, j] = [0, 0];
  return pattern.map((from) => (from === 0 ? a[i++] : b[j++]) as Event);
}

const byTime = (events: readonly Event[]) => [...events].sort((x, y) => x.timestamp - y.timestamp);

/**
 * The events spread over 2–4 deliveries of as many streams at random, each delivery in time order as
 * CloudWatch Logs sends a stream's events (a stable sort: equal times keep their order).
 */
function spread(events: readonly Event[], next: () => number): Event[][] {
  const count = 2 + Math.floor(next() * 3);
  const parts: Event[][] = Array.from({ length: count }, () => []);
  for (const event of events) parts[Math.floor(next() * count)]?.push(event);
  return parts.filter((part) => part.length > 0).map(byTime);
}

/** Whether some request has lines in two deliveries: its trail was cut. */
function cutsATrail(parts: readonly (readonly Event[])[]): boolean {
  const seen = new Map<string, number>();
  return parts.some((part, i) =>
    part.some((event) => {
      const at = seen.get(idOf(event));
      seen.set(idOf(event), i);
      return at !== undefined && at !== i;
    }),
  );
}

/**
 * A sample's first access line made the access line of `trail`'s first request: its request id
 * rewritten to the trail's (SYNTHETIC pairing). None when the line names no request id.
 */
function accessLineOf(sample: SampleEvents, trail: readonly Event[]): Event | undefined {
  const line = sample.access[0];
  const parsed = line && parseAccessLine(line.message);
  const id = parsed?.ok ? parsed.record.requestId : undefined;
  if (line === undefined || id === undefined || !line.message.includes(id)) return undefined;
  return { ...line, message: line.message.replaceAll(id, idOf(trail[0] as Event)) };
}

if (requireCorpus()) {
  const samples = sampleEvents();
  const trails = samples.filter((s) => s.execution.length > 0);
  const withAccess = samples.filter((s) => s.access.length > 0);
  const alone = new Map(samples.map((s) => [s.name, verdicts(asText([...s.access, ...s.execution]))]));
  const aloneOf = (s: SampleEvents) => alone.get(s.name) ?? [];
  /** Each trail sample's first request's lines, for the access-line placements. */
  const firstRequest = (s: SampleEvents) =>
    s.execution.filter((e) => idOf(e) === idOf(s.execution[0] as Event));

  describe('real samples mixed as a log stream and its deliveries mix them', () => {
    it('reads the real samples: trails and access lines, none holding both for one request', () => {
      assert.ok(trails.length >= 200, `${trails.length} samples with execution lines`);
      assert.ok(withAccess.length >= 60, `${withAccess.length} samples with access lines`);
      assert.deepEqual(
        samples.filter((s) => s.access.length > 0 && s.execution.length > 0).map((s) => s.name),
        [],
      );
    });

    it("keeps every request's cause, masked flag and confidence when two samples' trails interleave line by line", () => {
      const next = random(20261127);
      const differences: string[] = [];
      let merged = 0;
      trails.forEach((a, i) => {
        // Each sample with the next one and with one seeded partner.
        for (const k of [1, 2 + Math.floor(next() * (trails.length - 2))]) {
          const b = trails[(i + k) % trails.length] as SampleEvents;
          if (shareAnId(a, b)) continue;
          const want = joined([...aloneOf(a), ...aloneOf(b)].sort());
          for (const pattern of mergePatterns(a.execution.length, b.execution.length, next)) {
            merged += 1;
            const got = joined(verdicts(asText(interleave(a.execution, b.execution, pattern))));
            if (got !== want) {
              differences.push(`${a.name} + ${b.name} [${pattern.join('')}]: ${want} became ${got}`);
              break;
            }
          }
        }
      });
      assert.deepEqual(differences, []);
      assert.ok(merged >= 4000, `${merged} merges`);
    });

    // Samples sharing a request id are two copies of one request's logs, published twice or in
    // two shapes (a console copy and its CloudWatch lines): interleaved, they are rightly one request.
    it('reads two samples that share a request id, interleaved, as that one request, with the verdict both give and the status either knows', () => {
      const differences: string[] = [];
      let pairs = 0;
      for (let i = 0; i < trails.length; i++)
        for (let j = i + 1; j < trails.length; j++) {
          const [a, b] = [trails[i] as SampleEvents, trails[j] as SampleEvents];
          if (!shareAnId(a, b)) continue;
          pairs += 1;
          // Both name the same cause, masked flag and confidence; one may lack the status (a
          // console panel's trail without its `Method completed` line): the status is the one known.
          const [va, vb] = [aloneOf(a), aloneOf(b)];
          const want = joined(va.map((v, k) => (v.includes(' null ') ? (vb[k] ?? v) : v)));
          assert.equal(
            joined(va.map((v) => v.replace(/ (null|\d{3}) /, ' '))),
            joined(vb.map((v) => v.replace(/ (null|\d{3}) /, ' '))),
            `${a.name} ${b.name}`,
          );
          for (const pattern of mergePatterns(a.execution.length, b.execution.length, random(pairs))) {
            const got = joined(verdicts(asText(interleave(a.execution, b.execution, pattern))));
            if (got !== want)
              differences.push(`${a.name} + ${b.name} [${pattern.join('')}]: ${want} became ${got}`);
          }
        }
      assert.deepEqual(differences, []);
      assert.ok(pairs >= 15, `${pairs} pairs`);
    });

    it('keeps every verdict and counts no request twice when every line comes twice, but an access line naming no request, which may be two', () => {
      const differences: string[] = [];
      for (const s of samples) {
        const events = [...s.access, ...s.execution];
        const [once, twice] = [asText(events), asText(events.flatMap((e) => [e, e]))];
        const named = (a: Analysis) => verdicts(a).filter((v) => !v.startsWith('(no id)'));
        const unnamed = (a: Analysis) => verdicts(a).filter((v) => v.startsWith('(no id)'));
        const unnamedRequests = (a: Analysis) =>
          a.requests.filter((r) => r.requestId.startsWith(ANONYMOUS_ID_PREFIX)).length;
        // Exception (as for a whole text twice): an access line without a request id cannot be told
        // from a second request that failed alike, so it may count twice, with its own verdict.
        const unnamedKept =
          joined(unnamed(twice)) === joined(unnamed(once)) ||
          joined(unnamed(twice)) === joined([...unnamed(once), ...unnamed(once)].sort());
        const countsKept =
          twice.stats.requests - unnamedRequests(twice) === once.stats.requests - unnamedRequests(once) &&
          [unnamedRequests(once), 2 * unnamedRequests(once)].includes(unnamedRequests(twice));
        if (joined(named(twice)) !== joined(named(once)) || !unnamedKept || !countsKept)
          differences.push(
            `${s.name}: ${joined(verdicts(once))} (${once.stats.requests} requests) became ${joined(verdicts(twice))} (${twice.stats.requests})`,
          );
      }
      assert.deepEqual(differences, []);
    });

    it("keeps both samples' verdicts when one sample's access lines and another's trail are read together, in either order", () => {
      const next = random(99);
      const differences: string[] = [];
      for (const a of withAccess)
        for (let k = 0; k < 3; k++) {
          const b = trails[Math.floor(next() * trails.length)] as SampleEvents;
          const want = joined([...aloneOf(a), ...aloneOf(b)].sort());
          // The exception below (docs/limits.md, "CLI input"): after a trail whose last message ends
          // in `:` (MD-ES-lambda-invocation-403-new-region's `… Lambda request id:`), a pasted access
          // line is read as that message's body, so only the other order must keep both verdicts.
          const endsInColon = /:\s*$/.test(b.execution.at(-1)?.message ?? '');
          const orders = {
            'access lines first': [...a.access, ...b.execution],
            ...(endsInColon ? {} : { 'trail first': [...b.execution, ...a.access] }),
          };
          for (const [order, events] of Object.entries(orders)) {
            const got = joined(verdicts(asText(events)));
            if (got !== want) differences.push(`${a.name} + ${b.name}, ${order}: ${want} became ${got}`);
          }
        }
      assert.deepEqual(differences, []);
    });

    // An older AWS guide had users send access logs to the execution log group, so its deliveries
    // may hold an access line among the trails. Each event there is whole: an access line right after
    // `Method request body before transformations:` was read as that body, and its request lost.
    it("gives a request one verdict wherever its access line sits in an execution log group's events: before, inside or after its trail", () => {
      const next = random(5);
      const differences: string[] = [];
      let placed = 0;
      for (const a of withAccess)
        for (let k = 0; k < 4; k++) {
          const own = firstRequest(trails[Math.floor(next() * trails.length)] as SampleEvents);
          const line = accessLineOf(a, own);
          if (line === undefined) continue;
          const seen = new Map<string, number[]>();
          for (let at = 0; at <= own.length; at++) {
            placed += 1;
            const events = [...own.slice(0, at), line, ...own.slice(at)];
            const got = joined(verdicts(analyze([batch(events, EXECUTION_GROUP)])));
            seen.set(got, [...(seen.get(got) ?? []), at]);
          }
          if (seen.size > 1)
            differences.push(
              `${a.name}'s line in ${idOf(line)}'s trail: ${[...seen].map(([v, at]) => `at ${at}: ${v}`).join(' | ')}`,
            );
        }
      assert.deepEqual(differences, []);
      assert.ok(placed >= 500, `${placed} placements`);
    });

    // Exception (docs/limits.md, "CLI input"): pasted text has no mark where a multi-line message
    // ends, so a line right after a message ending in `:` (a body's header) is read as that body,
    // as CloudWatch's own multi-line events are. Everywhere else the access line keeps its place.
    it('gives a request one verdict wherever its access line is pasted among its trail, but right after a message ending in a colon, read as its body', () => {
      const next = random(6);
      const differences: string[] = [];
      let asBody = 0;
      for (const a of withAccess)
        for (let k = 0; k < 4; k++) {
          const own = firstRequest(trails[Math.floor(next() * trails.length)] as SampleEvents);
          const line = accessLineOf(a, own);
          if (line === undefined) continue;
          const want = joined(verdicts(asText([line, ...own])));
          for (let at = 1; at <= own.length; at++) {
            const got = joined(verdicts(asText([...own.slice(0, at), line, ...own.slice(at)])));
            if (/:\s*$/.test(own[at - 1]?.message ?? '')) asBody += got === want ? 0 : 1;
            else if (got !== want)
              differences.push(`${a.name}'s line after ${idOf(line)}'s line ${at}: ${want} became ${got}`);
          }
        }
      assert.deepEqual(differences, []);
      assert.ok(asBody > 0, 'the exception is real: some line after a colon was read as a body');
    });

    it('keeps every verdict when a stream is delivered whole in time order, or spread over deliveries the CLI reads together', () => {
      const differences: string[] = [];
      trails.forEach((s, i) => {
        const partner = trails[(i + 1) % trails.length] as SampleEvents;
        // Two samples' requests in one stream, as a delivery holds many requests.
        const both = shareAnId(s, partner) ? [s] : [s, partner];
        const events = both.flatMap((x) => x.execution);
        const want = joined(both.flatMap(aloneOf).sort());
        const whole = joined(verdicts(analyze([batch(byTime(events), EXECUTION_GROUP)])));
        if (whole !== want) differences.push(`${s.name} delivered whole: ${want} became ${whole}`);
        const next = random(s.name.length * 7919 + events.length);
        for (let r = 0; r < 4; r++) {
          const parts = spread(events, next);
          const got = joined(
            verdicts(analyze(parts.map((part, j) => batch(part, EXECUTION_GROUP, `stream-${j}`)))),
          );
          if (got !== want)
            differences.push(`${s.name} in ${parts.length} deliveries: ${want} became ${got}`);
        }
      });
      assert.deepEqual(differences, []);
    });

    // Exception (docs/limits.md, "Joining in the Lambda function"): the function analyses each
    // delivery alone, so a trail spread over two is classified from each part.
    it('keeps every verdict when the function analyses each delivery alone, unless a trail was cut between deliveries', () => {
      const differences: string[] = [];
      let cut = 0;
      let whole = 0;
      for (const s of trails) {
        const next = random(s.name.length * 104_729 + s.execution.length);
        for (let r = 0; r < 6; r++) {
          const parts = spread(s.execution, next);
          if (cutsATrail(parts)) {
            cut += 1;
            continue;
          }
          whole += 1;
          const got = joined(
            parts.flatMap((part) => verdicts(analyze([batch(part, EXECUTION_GROUP)]))).sort(),
          );
          if (got !== joined(aloneOf(s))) differences.push(`${s.name}: ${joined(aloneOf(s))} became ${got}`);
        }
      }
      assert.deepEqual(differences, []);
      assert.ok(whole >= 300 && cut >= 300, `${whole} uncut and ${cut} cut spreads`);
    });
  });
}
