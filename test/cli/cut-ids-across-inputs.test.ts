/**
 * Request ids a writer cut short (`(4f3e3b0f...)`) across the inputs of one run. All inputs of a run
 * are analysed together (overlapping-inputs.test.ts), and a cut id joined the whole id within one
 * input only: a trail split over two files, or an export's two streams, was two requests, one of them
 * without its final status.
 *
 * The lines are REAL, from /work/shared/corpus/S05-01.log (a method throttled, labelled
 * limit.throttle) and S07-01.log (a function timeout, 502); the cut ids, the access lines, the split into files and the other whole ids are SYNTHETIC.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseInput } from '../../cli/input';
import { EXIT } from '../../cli/main';
import { analyze } from '../../lambda/core/pipeline';
import { outputWithinLimit } from '../support/time-limit';
import { runCli } from './harness';

const S05_ID = '4f3e3b0f-39db-11e9-9c2e-5bd7c2de5998';
const S05_LINES = readFileSync(new URL('../../../shared/corpus/S05-01.log', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
/** S05-01's trail without its final line, and that line with its id cut short as a page cuts it. */
const HEAD = S05_LINES.slice(0, -1);
const cutLast = (mark: string) => (S05_LINES.at(-1) ?? '').replace(S05_ID, `${S05_ID.slice(0, 8)}${mark}`);
const S07_ID = '286364ab-3a83-11e9-8dc8-db3cf4c83204';
/** S07-01's trail (GET /echo on stage Prod) with every id cut to 8 characters, as a console copy shows it. */
const S07_CUT = readFileSync(new URL('../../../shared/corpus/S07-01.log', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => line.replace(`(${S07_ID})`, `(${S07_ID.slice(0, 8)}...)`));
/** Another request whose whole id starts as S05's does: a cut id of 8 characters could be either's. */
const OTHER_ID = `${S05_ID.slice(0, 8)}-ffff-11e9-9c2e-5bd7c2de5998`;

/** REAL fixture trails (sources in test/fixtures/real-lines.json) that never write `Method completed`. */
const FIXTURES = JSON.parse(
  readFileSync(new URL('../fixtures/real-lines.json', import.meta.url), 'utf8'),
) as Record<string, { readonly lines: readonly string[] }>;
/** A fixture's lines with its whole id cut to 8 characters, as a console copy shows it. */
function fixtureCut(name: string, id: string): string[] {
  const lines = FIXTURES[name]?.lines;
  assert.ok(lines !== undefined, name);
  return lines.map((line) => line.replace(`(${id})`, `(${id.slice(0, 8)}...)`));
}
const ROLE_ID = '7735a87a-73d3-439b-8079-2f731fec9980';
const AUTHORIZER_ID = '9cef3834-f42c-46d7-83fe-a6401a431398';
const POLICY_ID = '412e45a2-9321-4077-8b0b-f044a4364918';

/** Failures of files analysed together, as the CLI analyses its inputs: requestId, status, cause. */
function failuresOf(files: readonly (readonly string[])[]) {
  const batches = files.flatMap((lines, i) => parseInput(lines.join('\n'), `file-${i + 1}.log`).batches);
  return analyze(batches).failures.map((f) => [f.requestId, f.clientStatus, f.cause]);
}

describe('request ids cut short across the inputs of one run', () => {
  const ROWS: readonly {
    readonly what: string;
    readonly files: readonly (readonly string[])[];
    readonly failures: readonly (readonly unknown[])[];
  }[] = [
    {
      what: 'a trail whose final line, its id cut with three dots, is in a second file',
      files: [HEAD, [cutLast('...')]],
      failures: [[S05_ID, 429, 'limit.throttle']],
    },
    {
      what: 'the same with an ellipsis, the cut line in the first file',
      files: [[cutLast('…')], HEAD],
      failures: [[S05_ID, 429, 'limit.throttle']],
    },
    {
      what: "a cut id whose whole id is an access line's in another file",
      files: [
        [`{"requestId":"${S05_ID}","status":"429","httpMethod":"POST","resourcePath":"/"}`],
        S05_LINES.map((line) => line.replace(S05_ID, `${S05_ID.slice(0, 13)}...`)),
      ],
      failures: [[S05_ID, 429, 'limit.throttle']],
    },
    {
      what: "a cut id whose whole id is another file's access line naming the trail's API, stage, method and extended id",
      files: [
        [
          `{"requestId":"${S05_ID}","extendedRequestId":"Vts2FFmArPEFh8g=","apiId":"uwe3g5jm54","stage":"Prod","httpMethod":"POST","status":"429"}`,
        ],
        S05_LINES.map((line) => line.replace(S05_ID, `${S05_ID.slice(0, 8)}...`)),
      ],
      failures: [[S05_ID, 429, 'limit.throttle']],
    },
    {
      what: "a cut trail whose whole id is another file's access line with the stage in its path and no stage field",
      files: [[`{"requestId":"${S07_ID}","status":"502","httpMethod":"GET","path":"/Prod/echo"}`], S07_CUT],
      failures: [[S07_ID, 502, 'timeout.function']],
    },
    {
      what: "a cut trail whose whole id is another file's CLF line with the stage in its path",
      files: [
        [`1.2.3.4 - - [27/Feb/2019:11:31:00 +0000] "GET /Prod/echo HTTP/1.1" 502 36 ${S07_ID}`],
        S07_CUT,
      ],
      failures: [[S07_ID, 502, 'timeout.function']],
    },
    {
      what: "a cut trail ending with API Gateway's own answer (`Gateway response type: … with status code: 500`) whose whole id is another file's access line with that status (SYNTHETIC access line)",
      files: [
        fixtureCut('CRUD-assume-role-trust-500', ROLE_ID),
        [`{"requestId":"${ROLE_ID}","status":"500","httpMethod":"GET","path":"/prod/items"}`],
      ],
      failures: [[ROLE_ID, 500, 'auth.integration-permission']],
    },
    {
      what: "an authorizer's refusal, no status line in its trail, whose whole id is another file's access line with 401 (SYNTHETIC access line)",
      files: [
        fixtureCut('GH-kintai-console-copy-time-above-unauthorized', AUTHORIZER_ID),
        [`{"requestId":"${AUTHORIZER_ID}","status":"401","httpMethod":"GET","path":"/dev/attendance"}`],
      ],
      failures: [[AUTHORIZER_ID, 401, 'auth.unauthenticated']],
    },
    {
      what: "a resource policy's refusal, no status line, whose whole id is another file's access line with 403 (SYNTHETIC access line)",
      files: [
        fixtureCut('GH-azul-5939-resource-policy-deny', POLICY_ID),
        [`{"requestId":"${POLICY_ID}","status":"403","httpMethod":"GET","path":"/index/files"}`],
      ],
      failures: [[POLICY_ID, 403, 'auth.denied']],
    },
  ];
  for (const row of ROWS) {
    it(`joins ${row.what} to that whole id: one request`, () => {
      assert.deepEqual(failuresOf(row.files), row.failures);
    });
  }

  /** S05-01's trail with every id cut to its first 8 characters, as a console copy shows it. */
  const ALL_CUT = S05_LINES.map((line) => line.replace(S05_ID, `${S05_ID.slice(0, 8)}...`));
  /** S05-01's trail without its final status, every id cut. */
  const HEAD_CUT = ALL_CUT.slice(0, -1);
  /** SYNTHETIC: an access line of another request whose whole id starts as S05's, with these fields. */
  const otherAccess = (fields: string) => [`{"requestId":"${OTHER_ID}",${fields}}`];
  const APART: readonly {
    readonly what: string;
    readonly files: readonly (readonly string[])[];
    readonly failures: readonly (readonly unknown[])[];
  }[] = [
    {
      what: "another file's only line starting with the cut id is another request's 200 (review finding 1)",
      files: [otherAccess('"status":"200","httpMethod":"GET","resourcePath":"/health"'), ALL_CUT],
      failures: [['4f3e3b0f…', 429, 'limit.throttle']],
    },
    {
      what: 'the cut id matches one whole id in its own file and another in a second file (review finding 2)',
      files: [[...HEAD, cutLast('...')], [`(${OTHER_ID}) Method completed with status: 200`]],
      failures: [[S05_ID, 429, 'limit.throttle']],
    },
    {
      what: "the trail, cut before its final status, and the other file's line is another request's 200",
      files: [otherAccess('"status":"200"'), HEAD_CUT],
      failures: [['4f3e3b0f…', null, 'limit.throttle']],
    },
    {
      what: "the trail, cut before its final status, and the other file's trail has none either",
      files: [[`(${OTHER_ID}) Starting execution for request: ${OTHER_ID}`], HEAD_CUT],
      failures: [['4f3e3b0f…', null, 'limit.throttle']],
    },
    {
      what: "the cut trail's final status is 200 and the other file's whole id is a throttled trail without its final line (review 3 finding 4)",
      files: [[`(${S05_ID.slice(0, 8)}...) Method completed with status: 200`], HEAD],
      failures: [[S05_ID, null, 'limit.throttle']],
    },
    {
      what: "the trail, with no final status, names another API than the other file's line",
      files: [otherAccess('"apiId":"a1b2c3d4e5","status":"429"'), HEAD_CUT],
      failures: [
        [OTHER_ID, 429, 'unknown.client'],
        ['4f3e3b0f…', null, 'limit.throttle'],
      ],
    },
    {
      // SYNTHETIC: a page that lost the space after the final status's colon (`status:429`).
      what: "the trail's final status, written without the space after its colon, is not the other file's line's",
      files: [
        otherAccess('"status":"504"'),
        ALL_CUT.map((line) =>
          line.replace('Method completed with status: 429', 'Method completed with status:429'),
        ),
      ],
      failures: [
        [OTHER_ID, 504, 'unknown.server'],
        ['4f3e3b0f…', 429, 'limit.throttle'],
      ],
    },
    {
      what: "the trail names another stage than the other file's line",
      files: [otherAccess('"stage":"Dev","status":"429"'), ALL_CUT],
      failures: [
        [OTHER_ID, 429, 'unknown.client'],
        ['4f3e3b0f…', 429, 'limit.throttle'],
      ],
    },
    {
      what: "the trail names another HTTP method than the other file's line",
      files: [otherAccess('"httpMethod":"GET","status":"429"'), ALL_CUT],
      failures: [
        [OTHER_ID, 429, 'unknown.client'],
        ['4f3e3b0f…', 429, 'limit.throttle'],
      ],
    },
    {
      what: "the trail names another extended request id than the other file's line",
      files: [otherAccess('"extendedRequestId":"AbCdEfGhIjKlMnO=","status":"429"'), ALL_CUT],
      failures: [
        [OTHER_ID, 429, 'unknown.client'],
        ['4f3e3b0f…', 429, 'limit.throttle'],
      ],
    },
    {
      what: "the trail's resource path is not the other file's line's",
      files: [
        otherAccess('"path":"/health","status":"429"'),
        // SYNTHETIC: the HTTP Method line a trail logs, cut as the rest.
        [`(${S05_ID.slice(0, 8)}...) HTTP Method: POST, Resource Path: /orders`, ...ALL_CUT],
      ],
      failures: [
        [OTHER_ID, 429, 'unknown.client'],
        ['4f3e3b0f…', 429, 'limit.throttle'],
      ],
    },
  ];
  for (const row of APART) {
    it(`keeps a cut id apart from another input's whole id when ${row.what}`, () => {
      assert.deepEqual(
        failuresOf(row.files).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
        row.failures,
      );
    });
  }

  it('keeps a cut id apart when whole ids of two files both start with it, as within one file', () => {
    const failures = failuresOf([
      S05_LINES,
      [`(${OTHER_ID}) Method completed with status: 200`],
      [cutLast('...').replace('429', '500')],
    ]);
    assert.deepEqual(
      failures.map(([id]) => id),
      [S05_ID, '4f3e3b0f…'],
    );
  });

  it('keeps an id cut to fewer than 8 characters apart from a whole id in another file', () => {
    const failures = failuresOf([HEAD, [(S05_LINES.at(-1) ?? '').replace(S05_ID, '4f3e3b...')]]);
    assert.deepEqual(
      failures.map(([id]) => id),
      [S05_ID, '4f3e3b…'],
    );
  });

  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'apigw-errors-cut-ids-'));
    await mkdir(join(root, 'export', 'stream-a'), { recursive: true });
    await mkdir(join(root, 'export', 'stream-b'), { recursive: true });
    await writeFile(join(root, 'export', 'stream-a', '000000'), `${HEAD.join('\n')}\n`);
    await writeFile(join(root, 'export', 'stream-b', '000000'), `${cutLast('...')}\n`);
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reports one request for a trail split over two files named, or over the files of a directory', async () => {
    for (const args of [
      [join(root, 'export', 'stream-a', '000000'), join(root, 'export', 'stream-b', '000000')],
      [join(root, 'export')],
    ]) {
      const run = await runCli(['classify', '--json', ...args]);
      assert.equal(run.code, EXIT.analyzed, run.stderr);
      const failures = run.stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { requestId: string; cause: string });
      assert.deepEqual(
        failures.map((f) => [f.requestId, f.cause]),
        [[S05_ID, 'limit.throttle']],
        args.join(' '),
      );
    }
  });

  it('joins the cut ids of 32,000 requests across two inputs in n log n time', () => {
    // SYNTHETIC: each request's final line in a second input, its id cut to 13 characters.
    const script = `
      const { parseBatches } = require(${JSON.stringify(join(__dirname, '..', '..', 'lambda', 'core', 'pipeline.ts'))});
      const whole = [];
      const cut = [];
      for (let i = 0; i < 32000; i++) {
        const id = i.toString(16).padStart(8, '0') + '-39db-11e9-9c2e-5bd7c2de5998';
        whole.push('(' + id + ') Key throttle limit exceeded for RestApi uwe3g5jm54, Stage Prod, Resource k0w8mc, HttpMethod POST. Limit: 1.00 Burst: 1');
        cut.push('(' + id.slice(0, 13) + '...) Method completed with status: 429');
      }
      const batch = (name, lines) => ({ source: { name }, events: lines.map((message, i) => ({ id: name + i, timestamp: 0, message })) });
      const started = process.hrtime.bigint();
      const { parsed } = parseBatches([batch('a.log', whole), batch('b.log', cut)]);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      process.stderr.write('parsed 64,000 lines of 32,000 requests in ' + Math.round(ms) + ' ms\\n');
      console.log(new Set(parsed.flatMap((p) => p.execution.map((l) => l.requestId))).size);`;
    assert.equal(outputWithinLimit(script, 'joining cut-short ids across inputs went quadratic'), '32000');
  });
});
