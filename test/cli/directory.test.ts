/**
 * A directory given as FILE: what `aws s3 cp --recursive` leaves of a CloudWatch Logs export to S3
 * (CreateExportTask). SYNTHETIC files in that export's layout, as moto's emulation of it writes
 * them (getmoto/moto, moto/logs/models.py create_export_task): `<prefix>/<task id>/<log stream, / as
 * ->/000000.gz`, gzip of lines `<ISO time> <message>`, and an `aws-logs-write-test` object holding
 * "Permission Check Successful", the bucket permission check. The lines are synthetic, in the shape
 * of /work/shared/corpus/S02-01.log (access) and S10-01.log (execution).
 */
import assert from 'node:assert/strict';
import type { BigIntStats } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { filesUnder } from '../../cli/input';
import { EXIT } from '../../cli/main';
import { runCli } from './harness';

let root = '';
const at = (...parts: string[]) => join(root, ...parts);

const TASK = 'a1b2c3d4-0000-4000-8000-000000000001';
const EXECUTION_ID = '8a699106-8d59-11e8-905d-b3747276ed60';
const EXECUTION_LINES = [
  `2026-11-25T14:02:11.000Z (${EXECUTION_ID}) Execution failed due to a timeout error`,
  `2026-11-25T14:02:11.000Z (${EXECUTION_ID}) Method completed with status: 504`,
];
const ACCESS_LINE =
  '2026-11-25T14:02:12.000Z {"requestId": "synthetic-1", "status": "403", "error_responseType": "MISSING_AUTHENTICATION_TOKEN", "error_message": "Missing Authentication Token"}';
/** Would be a failure of its own if read: in a dot-directory, it must not be. */
const HIDDEN_LINE =
  '2026-11-25T14:02:13.000Z {"requestId": "synthetic-hidden", "status": "403", "error_responseType": "MISSING_AUTHENTICATION_TOKEN", "error_message": "Missing Authentication Token"}';

const gz = (lines: readonly string[]) => gzipSync(`${lines.join('\n')}\n`);

/** The files the export holds, in the order a directory argument must read them. */
const EXPORTED = [
  ['export', TASK, 'access-stream', '000000.gz'],
  ['export', TASK, 'execution-stream', '000000.gz'],
  ['export', TASK, 'execution-stream', '000001.gz'],
] as const;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'apigw-errors-dir-'));
  await mkdir(at('export', TASK, 'access-stream'), { recursive: true });
  await mkdir(at('export', TASK, 'execution-stream'), { recursive: true });
  await mkdir(at('export', TASK, '.cache'), { recursive: true });
  await writeFile(at('export', 'aws-logs-write-test'), 'Permission Check Successful');
  await writeFile(at('export', '.DS_Store'), 'not a log');
  await writeFile(at('export', TASK, 'access-stream', '000000.gz'), gz([ACCESS_LINE]));
  await writeFile(at('export', TASK, 'execution-stream', '000000.gz'), gz(EXECUTION_LINES.slice(0, 1)));
  await writeFile(at('export', TASK, 'execution-stream', '000001.gz'), gz(EXECUTION_LINES.slice(1)));
  await writeFile(at('export', TASK, '.cache', '000000.gz'), gz([HIDDEN_LINE]));
  // A link back to the top of the tree: followed, it would read the export again and again.
  await symlink(at('export'), at('export', TASK, 'loop'));
  await mkdir(at('empty'));
  await mkdir(at('only-skipped', '.git'), { recursive: true });
  await writeFile(at('only-skipped', 'aws-logs-write-test'), 'Permission Check Successful');
  await writeFile(at('only-skipped', '.git', 'HEAD'), 'ref: refs/heads/main\n');
  await mkdir(at('huge'));
  await writeFile(at('huge', 'a.log'), `${ACCESS_LINE}\n`);
  await writeFile(at('huge', 'b.log'), '');
  // Sparse: the size is over the limit without writing 257 MiB to disk.
  await truncate(at('huge', 'b.log'), 257 * 1024 * 1024);
  // A link whose target is gone (a file moved after the export was copied down): nothing to read.
  await mkdir(at('dangling'));
  await writeFile(at('dangling', 'a.log'), `${ACCESS_LINE}\n`);
  await symlink(at('dangling', 'moved-away.log'), at('dangling', 'b.log'));
  // A regular file that exists but whose read fails. chmod 000 would not stop a test run as root, so
  // the file is a link to /proc/self/mem: stat calls it a regular file, and reading its first byte
  // fails with EIO for any user (Linux; no page is mapped at address 0).
  await mkdir(at('unreadable'));
  await writeFile(at('unreadable', 'a.log'), `${ACCESS_LINE}\n`);
  await symlink('/proc/self/mem', at('unreadable', 'b.log'));
  await mkdir(at('all-unreadable'));
  await symlink('/proc/self/mem', at('all-unreadable', 'a.log'));
  // Directories below a directory argument whose listing fails (the failure is injected: no mode
  // stops root listing a directory). unlisted/ holds a readable file beside them.
  await mkdir(at('unlisted', 'locked'), { recursive: true });
  await writeFile(at('unlisted', 'a.log'), `${ACCESS_LINE}\n`);
  await writeFile(at('unlisted', 'locked', 'b.log'), `${ACCESS_LINE}\n`);
  await mkdir(at('all-unlisted', 'locked'), { recursive: true });
  await writeFile(at('all-unlisted', 'locked', 'a.log'), `${ACCESS_LINE}\n`);
  // Entries below a directory argument whose stat fails (injected too: root can stat anything).
  await mkdir(at('unstatable'));
  await writeFile(at('unstatable', 'a.log'), `${ACCESS_LINE}\n`);
  await writeFile(at('unstatable', 'denied.log'), `${ACCESS_LINE}\n`);
  await writeFile(at('unstatable', 'eio.log'), `${ACCESS_LINE}\n`);
  await mkdir(at('all-unstatable'));
  await writeFile(at('all-unstatable', 'denied.log'), `${ACCESS_LINE}\n`);
});

/** Looks at entries as the file system does, but fails as a directory without search permission or a bad disk would. */
async function statFailing(path: string): Promise<BigIntStats> {
  if (path.endsWith('/denied.log'))
    throw Object.assign(new Error(`EACCES: permission denied, stat '${path}'`), { code: 'EACCES' });
  if (path.endsWith('/eio.log'))
    throw Object.assign(new Error(`EIO: i/o error, stat '${path}'`), { code: 'EIO' });
  return stat(path, { bigint: true });
}

/** Lists directories as the file system does, but fails with EACCES on any named `locked`. */
async function lockedDenied(path: string): Promise<string[]> {
  if (path.endsWith('/locked'))
    throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
  return readdir(path);
}

after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a directory as input (an S3 export of CloudWatch Logs copied down)', () => {
  it('lists every regular file below it in sorted order, without hidden files, dot-directories, the export marker or a link loop', async () => {
    const listing = await filesUnder(at('export'));
    assert.deepEqual(
      listing.files.map((file) => relative(root, file)),
      EXPORTED.map((parts) => join(...parts)),
    );
    assert.deepEqual(listing.skipped, { hidden: 2, marker: 1, repeated: 1, special: 0, broken: 0 });
  });

  it('reads the files as if each were given on the command line', async () => {
    const whole = await runCli(['classify', '--json', at('export')]);
    const each = await runCli(['classify', '--json', ...EXPORTED.map((parts) => at(...parts))]);
    assert.equal(whole.code, EXIT.analyzed, whole.stderr);
    assert.equal(whole.stdout, each.stdout);
    const requests = whole.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { requestId: string }).requestId)
      .sort();
    assert.deepEqual(requests, [EXECUTION_ID, 'synthetic-1']);
  });

  it('says on one stderr line how many files it read and skipped, and counts no marker line unparsed', async () => {
    const { stderr } = await runCli(['classify', at('export')]);
    assert.match(
      stderr,
      /^apigw-errors: .*export: reading 3 files, skipped 4 \(2 hidden, 1 aws-logs-write-test marker, 1 link to something already read\)\n/,
    );
    assert.doesNotMatch(stderr, /Permission Check|unparsed|not recognised/i);
  });

  it('names no skipped files when it skipped none', async () => {
    const { stderr } = await runCli(['classify', at('export', TASK, 'access-stream')]);
    assert.match(stderr, /^apigw-errors: .*access-stream: reading 1 file\n/);
  });

  const refused = [
    {
      when: 'the directory is empty',
      dir: 'empty',
      message: /^apigw-errors: .*empty holds no files to read \(give a directory of log files[^()]*\)\n$/,
    },
    {
      when: 'the directory holds only hidden files and the export marker',
      dir: 'only-skipped',
      message:
        /^apigw-errors: .*only-skipped holds no files to read; skipped 2 \(1 hidden, 1 aws-logs-write-test marker\) \(give a directory of log files[^()]*\)\n$/,
    },
  ];
  it('skips a file below it that is over the size limit, naming it, and reads the others', async () => {
    const { code, stdout, stderr } = await runCli(['classify', at('huge')]);
    assert.equal(code, EXIT.analyzed, stderr);
    assert.match(stdout, /^1 log event, 1 request, 1 failed, 1 unparsed line\n/);
    assert.match(stderr, /^apigw-errors: skipped: .*b\.log is larger than 256 MiB; refused \(split it/m);
  });

  it('skips a link below it whose target is gone, counting it on the listing line, and reads the others', async () => {
    const { code, stdout, stderr } = await runCli(['classify', at('dangling')]);
    assert.equal(code, EXIT.analyzed, stderr);
    assert.match(stdout, /^1 log event, 1 request, 1 failed, 0 unparsed lines\n/);
    assert.match(stderr, /^apigw-errors: .*dangling: reading 1 file, skipped 1 \(1 broken link\)\n/);
  });

  it('skips a file below it that cannot be read, naming it and counting it unparsed, and reads the others', async () => {
    const { code, stdout, stderr } = await runCli(['classify', at('unreadable')]);
    assert.equal(code, EXIT.analyzed, stderr);
    assert.match(stdout, /^1 log event, 1 request, 1 failed, 1 unparsed line\n/);
    assert.match(stderr, /^apigw-errors: .*unreadable: reading 2 files\n/);
    assert.match(
      stderr,
      /^apigw-errors: skipped: cannot read \S*unreadable\/b\.log \(EIO: i\/o error, read\)\n/m,
    );
  });

  it('exits 2 on the one cannot-read line when no file below it can be read', async () => {
    const { code, stdout, stderr } = await runCli(['classify', at('all-unreadable')]);
    assert.equal(code, EXIT.cannotRun);
    assert.equal(stdout, '');
    assert.match(
      stderr,
      /^apigw-errors: .*all-unreadable: reading 1 file\napigw-errors: cannot read \S*all-unreadable\/a\.log \(EIO: i\/o error, read\)\n$/,
    );
  });

  it('skips a directory below it that cannot be listed, naming it and counting it unparsed, and reads the others', async () => {
    const { code, stdout, stderr } = await runCli(['classify', at('unlisted')], {
      listDirectory: lockedDenied,
    });
    assert.equal(code, EXIT.analyzed, stderr);
    assert.match(stdout, /^1 log event, 1 request, 1 failed, 1 unparsed line\n/);
    assert.match(stderr, /^apigw-errors: .*unlisted: reading 1 file\n/);
    assert.match(
      stderr,
      /^apigw-errors: skipped: cannot read \S*unlisted\/locked \(permission denied; check the file mode\)\n/m,
    );
  });

  it('exits 2 on the one cannot-read line when the only directory below it cannot be listed', async () => {
    const { code, stdout, stderr } = await runCli(['classify', at('all-unlisted')], {
      listDirectory: lockedDenied,
    });
    assert.equal(code, EXIT.cannotRun);
    assert.equal(stdout, '');
    assert.match(
      stderr,
      /^apigw-errors: cannot read \S*all-unlisted\/locked \(permission denied; check the file mode\)\n$/,
    );
  });

  it('exits 2 when the directory named on the command line cannot be listed, though others can be read', async () => {
    const { code, stdout, stderr } = await runCli(
      ['classify', at('dangling'), at('all-unlisted', 'locked')],
      {
        listDirectory: lockedDenied,
      },
    );
    assert.equal(code, EXIT.cannotRun);
    assert.equal(stdout, '');
    assert.match(
      stderr,
      /\napigw-errors: cannot read \S*all-unlisted\/locked \(permission denied; check the file mode\)\n$/,
    );
  });

  // A stat needs search (x) permission on the directory holding the entry, not read permission on
  // the entry itself: the hint names what to fix.
  it('skips an entry below it whose stat fails for another reason than a broken link, naming it and counting it unparsed, and reads the others', async () => {
    const { code, stdout, stderr } = await runCli(['classify', at('unstatable')], {
      statEntry: statFailing,
    });
    assert.equal(code, EXIT.analyzed, stderr);
    assert.match(stdout, /^1 log event, 1 request, 1 failed, 2 unparsed lines\n/);
    assert.match(stderr, /^apigw-errors: .*unstatable: reading 1 file\n/);
    assert.match(
      stderr,
      /^apigw-errors: skipped: cannot read \S*unstatable\/denied\.log \(permission denied; check the search \(x\) permission of the directory holding it\)\n/m,
    );
    assert.match(
      stderr,
      /^apigw-errors: skipped: cannot read \S*unstatable\/eio\.log \(EIO: i\/o error, stat /m,
    );
  });

  it('exits 2 on the one cannot-read line when the only entry below it cannot be looked at', async () => {
    const { code, stdout, stderr } = await runCli(['classify', at('all-unstatable')], {
      statEntry: statFailing,
    });
    assert.equal(code, EXIT.cannotRun);
    assert.equal(stdout, '');
    assert.match(
      stderr,
      /^apigw-errors: cannot read \S*all-unstatable\/denied\.log \(permission denied; check the search \(x\) permission of the directory holding it\)\n$/,
    );
  });

  it('exits 2 when a file named on the command line cannot be read, though another can (an EIO on read)', async () => {
    const { code, stdout, stderr } = await runCli([
      'classify',
      at('dangling', 'a.log'),
      at('unreadable', 'b.log'),
    ]);
    assert.equal(code, EXIT.cannotRun);
    assert.equal(stdout, '');
    assert.match(stderr, /^apigw-errors: cannot read \S*unreadable\/b\.log \(EIO: i\/o error, read\)\n$/);
  });

  for (const { when, dir, message } of refused) {
    it(`refuses with exit 2 and one line when ${when}`, async () => {
      const { code, stdout, stderr } = await runCli(['classify', at(dir)]);
      assert.equal(code, EXIT.cannotRun);
      assert.equal(stdout, '');
      assert.match(stderr, message);
    });
  }
});
