/** Prints the README's cause table from the taxonomy, so the docs are generated from the code. */
import { CAUSE_IDS, CAUSES, typicalStatusText } from '../lambda/core/taxonomy';

export function causeTableMarkdown(): string {
  const rows = CAUSE_IDS.map((id) => {
    const c = CAUSES[id];
    return `| \`${id}\` | ${c.title} | ${typicalStatusText(c)} | ${c.group} | ${c.owner} | ${c.retry} |`;
  });
  return [
    '| cause | meaning | typical status | threshold group | who fixes it | retry |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (require.main === module) console.log(causeTableMarkdown());
