/**
 * Parses one API Gateway access-log line in any of AWS's offered formats (JSON, CLF, XML, CSV, for
 * REST, HTTP and WebSocket APIs), a custom JSON format, `key: value, …` text (the Serverless
 * Framework's default), space-joined `key=value` pairs or positional ` | `-separated fields, whatever
 * the key spelling: `$context` names (`error.responseType`), flattened
 * (`error_responseType`, `errorResponseType`), camel or snake case.
 *
 * The readers sit beside this file by format (json-line.ts with json-repairs.ts, clf-line.ts,
 * xml-line.ts, csv-line.ts, key-value-line.ts, pipe-line.ts); every one builds its record with
 * record-builder.ts from the key slots of key-slots.ts, and they share the shapes of request-ids.ts,
 * field-shapes.ts, appended.ts and request-time.ts. The order the formats are tried in lives here.
 */

import type { AccessParse } from './access-parse';
import { parseClf } from './clf-line';
import { hasCsvCommas, parseCsv } from './csv-line';
import { parseJson } from './json-line';
import { KEY_VALUE_START, parseKeyValue, parseSpacedKeyValue, SPACED_KEY_START } from './key-value-line';
import { PIPE, parsePipeSeparated } from './pipe-line';
import { parseXml } from './xml-line';

export type { AccessParse } from './access-parse';
export { GATEWAY_RESPONSE_TYPES } from './appended';
export { mayBeCsv, readCsv, splitCsv } from './csv-line';
export { repairDoubleQuoted } from './json-repairs';
export { isHttpApiLine, isWebSocketLine } from './record-builder';
export { isHttpOrWebSocketRequestId } from './request-ids';
export { parseTime } from './request-time';

/**
 * Whether parseAccessLine may read the line, told without parsing it: false only when no format can
 * (no `{`, `<request`, `key: ` or `key=` at its start, no `[` for CLF's time, too few commas for CSV,
 * no ` | ` between positional fields). For callers that try many pieces of a line.
 */
export function mayBeAccessLine(line: string): boolean {
  const text = line.trimStart();
  const first = text.charCodeAt(0);
  if (
    first === 123 /* { */ ||
    first === 60 /* < */ ||
    text.includes('[') ||
    KEY_VALUE_START.test(text) ||
    SPACED_KEY_START.test(text)
  )
    return true;
  return hasCsvCommas(text) || (first !== 40 /* ( */ && text.includes(PIPE));
}

/**
 * Parses a line as an access log. Returns undefined when the line does not look like any access-log
 * format (so the caller may try execution-log parsing), or a failure with a reason when it looks like
 * one but cannot be read.
 */
export function parseAccessLine(line: string): AccessParse | undefined {
  const text = line.trim();
  if (text.startsWith('{')) {
    const result = parseJson(text);
    // A lone `{` or a fragment is the continuation of a multi-line execution-log body, not an access line.
    return result.ok || text.endsWith('}') ? result : undefined;
  }
  if (text.startsWith('<request')) return parseXml(text);
  return (
    parseKeyValue(text) ??
    parseSpacedKeyValue(text) ??
    parseClf(text) ??
    parseCsv(text) ??
    parsePipeSeparated(text)
  );
}
