/**
 * Reads a line in the CSV presets (REST and HTTP APIs, WebSocket), positional, located by the shapes
 * of their fields.
 */

import { ACCESS_LOG_FORMAT } from '../types';
import type { AccessParse } from './access-parse';
import { appendedPairs, csvTail } from './appended';
import { HTTP_METHODS, LENGTH, REQUEST_TIME_FIELD, targetField, WEBSOCKET_EVENT } from './field-shapes';
import { recordFromFields } from './record-builder';
import { csvRequestIdAt, isRestRequestId } from './request-ids';

/** Splits one CSV record, honouring double-quoted fields with commas and doubled quotes. */
export function splitCsv(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"' && current === '') quoted = true;
    else if (c === ',') {
      fields.push(current);
      current = '';
    } else current += c;
  }
  fields.push(current);
  return fields;
}

/** Commas a line needs to be read as CSV: six fields, fewer than any preset has (HTTP's has eight). */
const MIN_CSV_COMMAS = 5;

/**
 * AWS's CSV presets are positional: REST `ip,caller,user,time,method,resourcePath,protocol,status,length,
 * requestId[,extendedRequestId]`, HTTP `ip,time,method,routeKey,protocol,status,length,requestId`. Fields are
 * located by their shape around the protocol column rather than by fixed index.
 */
export function parseCsv(line: string): AccessParse | undefined {
  return mayBeCsv(line) ? readCsv(line) : undefined;
}

/**
 * Every CSV the presets write has a protocol field (`HTTP/1.1`) or, for WebSocket, a request time
 * (`25/Nov/2026:10:15:30`): a field read as either holds the same characters in the line, since
 * neither holds a quote or a comma. So a line with neither, or with fewer commas than a preset's
 * fields less one, is no CSV, told without splitting it: an execution-log line such as `HTTP Method:
 * GET, Resource Path: /items` is split no more.
 */
const CSV_PROTOCOL_OR_TIME = /HTTP\/|\d\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}/;

/** Exported for tests only: whether readCsv may read the line (false only when it cannot). */
export function mayBeCsv(line: string): boolean {
  return hasCsvCommas(line) && CSV_PROTOCOL_OR_TIME.test(line);
}

/** Whether a line holds as many commas as a CSV preset's fields less one, counted no further. */
export function hasCsvCommas(line: string): boolean {
  let commas = 0;
  for (let at = line.indexOf(','); at >= 0 && commas < MIN_CSV_COMMAS; at = line.indexOf(',', at + 1))
    commas += 1;
  return commas >= MIN_CSV_COMMAS;
}

/** Exported for tests only: parseCsv without its pre-check. */
export function readCsv(line: string): AccessParse | undefined {
  const fields = splitCsv(line).map((f) => f.trim());
  if (fields.length < MIN_CSV_COMMAS + 1) return undefined;
  const protocol = fields.findIndex((f) => /^HTTP\/[\d.]+$/.test(f));
  return protocol < 0 ? parseWebSocketCsv(fields) : parseHttpCsv(fields, protocol);
}

function parseHttpCsv(fields: readonly string[], protocol: number): AccessParse | undefined {
  const methodAt = fields.findIndex((f) => HTTP_METHODS.test(f));
  if (protocol < 0 || methodAt < 0 || methodAt >= protocol) return undefined;
  const status = fields[protocol + 1];
  if (status === undefined || !/^(\d{3}|-)$/.test(status)) return undefined;
  const target = fields.slice(methodAt + 1, protocol).join(',');
  const { requestId, after } = csvRequestIdAt(fields, csvRequestIdIndex(fields, protocol + 3));
  const pairs: [string, unknown][] = [
    ['httpMethod', fields[methodAt]],
    ['status', status],
    ['requestId', requestId],
    ...appendedPairs(csvTail(after)),
    ['requestTime', fields.find((f) => REQUEST_TIME_FIELD.test(f))],
    [targetField(target, requestId), target],
  ];
  const record = recordFromFields(ACCESS_LOG_FORMAT.csv, pairs);
  return record ? { ok: true, record } : undefined;
}

/**
 * Where a CSV line's request id is: the preset's place (`at`, after the status and response length),
 * unless a format with extra columns (`$context.wafResponseCode` after the status, public code search id
 * 10367314101) put a number or `-` there, which no request id is: then the later field that is a REST
 * API's id (a UUID; WAF, the column seen, is REST's only), when exactly one is. Two or more (an
 * authorizer's claims.sub or principalId, $context.integration.requestId beside the id) leave the id
 * untold, and a user's id taken for it would merge all that user's requests into one: the preset's
 * place is kept. Not an HTTP API's shape: a REST preset's extended id has it too, and follows an id
 * edited to a number when pasted (`1234`), which stays the id, as any edited id in the preset's place
 * does.
 */
function csvRequestIdIndex(fields: readonly string[], at: number): number {
  if (!LENGTH.test(fields[at] ?? '')) return at;
  let found = at;
  for (let k = at + 1; k < fields.length; k++) {
    if (!isRestRequestId(fields[k])) continue;
    if (found !== at) return at;
    found = k;
  }
  return found;
}

/**
 * The WebSocket CSV preset, `ip,caller,user,time,eventType,routeKey,connectionId,status,requestId`, has no
 * protocol column: it is located by its event type, with a status three columns on and a request time
 * (which every WebSocket preset logs) somewhere in the line. A request refused before route selection
 * logs its event type as `-` (a real WebSocket 403 in JSON has `"eventType": "-", "routeKey": "-"`):
 * then the event type is the `-` right after the request time.
 */
function parseWebSocketCsv(fields: readonly string[]): AccessParse | undefined {
  const timeAt = fields.findIndex((f) => REQUEST_TIME_FIELD.test(f));
  const time = fields[timeAt];
  if (time === undefined) return undefined;
  let eventAt = fields.findIndex((f) => WEBSOCKET_EVENT.test(f));
  if (eventAt < 0 && fields[timeAt + 1] === '-') eventAt = timeAt + 1;
  if (eventAt < 0) return undefined;
  const status = fields[eventAt + 3];
  if (status === undefined || !/^(\d{3}|-)$/.test(status)) return undefined;
  const { requestId, after } = csvRequestIdAt(fields, eventAt + 4);
  const pairs: [string, unknown][] = [
    ['eventType', fields[eventAt]],
    ['routeKey', fields[eventAt + 1]],
    ['status', status],
    ['requestId', requestId],
    ['requestTime', time],
    ...appendedPairs(csvTail(after)),
  ];
  const record = recordFromFields(ACCESS_LOG_FORMAT.csv, pairs);
  return record ? { ok: true, record } : undefined;
}
