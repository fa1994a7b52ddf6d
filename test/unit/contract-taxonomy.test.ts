/**
 * lambda/core/taxonomy.ts mirrors the contract, ../shared/taxonomy.md: the same cause ids, and for
 * each the same retry guidance, owner and typical client status. The contract's table is parsed
 * here; the README's table is generated from taxonomy.ts (readme.test.ts keeps those two in step).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CAUSE_IDS, CAUSES, isCause } from '../../lambda/core/taxonomy';
import { causeTableMarkdown } from '../../scripts/cause-table';
import { readContract } from '../support/corpus';

interface ContractRow {
  readonly cause: string;
  readonly status: string;
  readonly retry: string;
  readonly owner: string;
}

/** The cells of a Markdown table row, without the outer pipes. */
function cells(line: string): string[] {
  return line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

/** The rows of the first table whose header has all the named columns, keyed by cause id. */
function tableRows(text: string, columns: Record<keyof ContractRow, string>): Map<string, ContractRow> {
  const lines = text.split('\n');
  const headerAt = lines.findIndex((line) => {
    const header = cells(line);
    return Object.values(columns).every((name) => header.includes(name));
  });
  assert.ok(headerAt >= 0, `no table with the columns ${Object.values(columns).join(', ')}`);
  const header = cells(lines[headerAt] ?? '');
  const index = (key: keyof ContractRow) => header.indexOf(columns[key]);
  const rows = new Map<string, ContractRow>();
  for (const line of lines.slice(headerAt + 2)) {
    if (!line.startsWith('|')) break;
    const row = cells(line);
    assert.equal(row.length, header.length, `a row with ${row.length} cells: ${line}`);
    const cause = (row[index('cause')] ?? '').replace(/`/g, '');
    assert.ok(!rows.has(cause), `${cause} is listed twice`);
    rows.set(cause, {
      cause,
      status: row[index('status')] ?? '',
      retry: row[index('retry')] ?? '',
      owner: row[index('owner')] ?? '',
    });
  }
  return rows;
}

const contract = () =>
  tableRows(readContract(), {
    cause: 'cause',
    status: 'typical client status',
    retry: 'retry',
    owner: 'who fixes it',
  });

describe('the taxonomy against the contract (../shared/taxonomy.md)', () => {
  it('has every cause of the contract, and no other', () => {
    const ids = [...contract().keys()];
    assert.ok(ids.length >= 29, `the contract table has only ${ids.length} rows; is it parsed right?`);
    assert.deepEqual([...CAUSE_IDS].sort(), ids.sort());
  });

  it("gives each cause the contract's retry guidance, word for word", () => {
    const rows = [...contract().values()].filter((row) => isCause(row.cause));
    assert.deepEqual(
      Object.fromEntries(rows.map((row) => [row.cause, isCause(row.cause) ? CAUSES[row.cause].retry : ''])),
      Object.fromEntries(rows.map((row) => [row.cause, row.retry])),
    );
  });

  it("gives each cause the contract's owner, word for word", () => {
    const rows = [...contract().values()].filter((row) => isCause(row.cause));
    assert.deepEqual(
      Object.fromEntries(rows.map((row) => [row.cause, isCause(row.cause) ? CAUSES[row.cause].owner : ''])),
      Object.fromEntries(rows.map((row) => [row.cause, row.owner])),
    );
  });

  it("shows each cause's typical client status in the README table as the contract writes it (4xx, 500 (masked), …)", () => {
    const readme = tableRows(causeTableMarkdown(), {
      cause: 'cause',
      status: 'typical status',
      retry: 'retry',
      owner: 'who fixes it',
    });
    const shown = [...readme.values()].map((row) => [row.cause, row.status]);
    const written = [...contract().values()].map((row) => [row.cause, row.status]);
    assert.deepEqual(Object.fromEntries(shown), Object.fromEntries(written));
  });

  it("gives advice that does not say again what the retry guidance's explanation says (they are read one under the other)", () => {
    // Four words in a row of the explanation after "; " (the contract's "maybe; raise the function
    // timeout or make it faster") found in the advice are the same thing said twice.
    const repeated: string[] = [];
    for (const cause of CAUSE_IDS) {
      const { retry, advice } = CAUSES[cause];
      const explanation = retry.split('; ')[1];
      if (explanation === undefined) continue;
      const words = explanation.toLowerCase().split(/\s+/);
      const said = advice.toLowerCase().replace(/[.,;:]/g, '');
      for (let i = 0; i + 4 <= words.length; i++) {
        const run = words.slice(i, i + 4).join(' ');
        if (said.includes(run)) repeated.push(`${cause}: "${run}"`);
      }
    }
    assert.deepEqual(repeated, []);
  });

  it('tells the owner of an unreachable backend what to check for a TLS failure, which target health and security groups do not explain (corpus S08-11: a host name the certificate does not match)', () => {
    assert.match(CAUSES['network.unreachable'].advice, /TLS[^.]*host name[^.]*certificate/);
  });

  it('keeps each numeric typical status among those the contract writes for the cause', () => {
    for (const row of contract().values()) {
      if (!isCause(row.cause)) continue;
      for (const status of CAUSES[row.cause].typicalStatus) {
        const written: string[] = row.status.match(/\b\d(?:\d\d|xx)\b/g) ?? [];
        assert.ok(
          written.includes(String(status)) || written.includes(`${String(status)[0]}xx`),
          `${row.cause}: ${status} is not among "${row.status}"`,
        );
      }
    }
  });
});
