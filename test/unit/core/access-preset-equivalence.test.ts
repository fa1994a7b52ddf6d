/**
 * The same request logged in each of the console's access-log presets (JSON, CLF, CSV, XML, for REST
 * and HTTP APIs) reads the same: the format is the owner's choice, not evidence. SYNTHETIC lines in
 * the presets' variable order, one request per row, with the route matched or logged as `-`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInput } from '../../../cli/input';
import { analyze } from '../../../lambda/core/pipeline';
import type { Cause } from '../../../lambda/core/taxonomy';

const TIME = '27/Nov/2026:05:00:00 +0000';
const REST_ID = '0a4c6e8f-1b3d-4f5a-9c7e-2d4f6a8b0c1e';
const EXTENDED_ID = 'Qx7bYGHiIAMEb3Q=';
const HTTP_ID = 'Rk3dZjKlIAMEa1w=';

function restPresets(status: number, path: string): Record<string, string> {
  return {
    JSON: `{"requestId":"${REST_ID}","extendedRequestId":"${EXTENDED_ID}","ip":"198.51.100.7","caller":"-","user":"-","requestTime":"${TIME}","httpMethod":"GET","resourcePath":"${path}","status":"${status}","protocol":"HTTP/1.1","responseLength":"36"}`,
    CLF: `198.51.100.7 - - [${TIME}] "GET ${path} HTTP/1.1" ${status} 36 ${REST_ID} ${EXTENDED_ID}`,
    CSV: `198.51.100.7,-,-,${TIME},GET,${path},HTTP/1.1,${status},36,${REST_ID},${EXTENDED_ID}`,
    XML: `<request id="${REST_ID}"> <extendedRequestId>${EXTENDED_ID}</extendedRequestId> <ip>198.51.100.7</ip> <caller>-</caller> <user>-</user> <requestTime>${TIME}</requestTime> <httpMethod>GET</httpMethod> <resourcePath>${path}</resourcePath> <status>${status}</status> <protocol>HTTP/1.1</protocol> <responseLength>36</responseLength> </request>`,
  };
}

function httpPresets(status: number, routeKey: string): Record<string, string> {
  return {
    JSON: `{"requestId":"${HTTP_ID}","ip":"198.51.100.7","requestTime":"${TIME}","httpMethod":"GET","routeKey":"${routeKey}","status":"${status}","protocol":"HTTP/1.1","responseLength":"36"}`,
    CLF: `198.51.100.7 - - [${TIME}] "GET ${routeKey} HTTP/1.1" ${status} 36 ${HTTP_ID}`,
    CSV: `198.51.100.7,${TIME},GET,${routeKey},HTTP/1.1,${status},36,${HTTP_ID}`,
    XML: `<request id="${HTTP_ID}"> <ip>198.51.100.7</ip> <requestTime>${TIME}</requestTime> <httpMethod>GET</httpMethod> <routeKey>${routeKey}</routeKey> <status>${status}</status> <protocol>HTTP/1.1</protocol> <responseLength>36</responseLength> </request>`,
  };
}

const ROWS: readonly {
  readonly api: string;
  readonly presets: Record<string, string>;
  readonly cause: Cause;
}[] = [
  { api: 'REST 404 on a matched resource', presets: restPresets(404, '/pets'), cause: 'not-found.backend' },
  { api: "REST 404 with the resource '-'", presets: restPresets(404, '-'), cause: 'not-found.route' },
  { api: 'REST 502', presets: restPresets(502, '/pets'), cause: 'unknown.server' },
  { api: 'HTTP 404 on a matched route', presets: httpPresets(404, 'GET /pets'), cause: 'not-found.backend' },
  { api: "HTTP 404 with the route '-'", presets: httpPresets(404, '-'), cause: 'not-found.route' },
  { api: "HTTP 429 with the route '-'", presets: httpPresets(429, '-'), cause: 'limit.throttle' },
];

describe('one request in every access-log preset (SYNTHETIC)', () => {
  for (const { api, presets, cause } of ROWS) {
    for (const [format, line] of Object.entries(presets)) {
      it(`reads a ${api} logged as ${format} as ${cause}`, () => {
        const failures = analyze(parseInput(line, `access.${format.toLowerCase()}`).batches).failures;
        assert.deepEqual(
          failures.map((f) => f.cause),
          [cause],
        );
      });
    }
  }
});
