/**
 * Reads a line in the XML presets: `<request id="…">` and one element per variable.
 */

import { ACCESS_LOG_FORMAT, UNPARSED_REASON } from '../types';
import type { AccessParse } from './access-parse';
import { recordFromFields } from './record-builder';

export function parseXml(line: string): AccessParse {
  const pairs: [string, unknown][] = [];
  const id = /<request\s+id="([^"]*)"/.exec(line);
  if (id) pairs.push(['requestId', id[1]]);
  for (const m of line.matchAll(/<([A-Za-z][\w.-]*)>([^<]*)<\/\1>/g))
    pairs.push([m[1] ?? '', unescapeXml(m[2] ?? '')]);
  const record = recordFromFields(ACCESS_LOG_FORMAT.xml, pairs);
  return record ? { ok: true, record } : { ok: false, reason: UNPARSED_REASON.xmlWithoutAccessElement };
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
