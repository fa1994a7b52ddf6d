/**
 * Access-log key conventions, metamorphic. The same API Gateway request reaches users' logs in many
 * formats: each user writes their own `$context` → key mapping. Every REAL JSON access line of the
 * shared corpus and of test/fixtures/real-lines.json / real-successes.json is rewritten here, a
 * SYNTHETIC re-keying: its real values stay, only the key names, the layout (flat, dotted, nested),
 * the spelling of an empty value, or the format (AWS's CLF, CSV and XML presets) change. Each rewrite
 * must give every failed request of the sample the same cause, `masked` flag and confidence as the
 * original line.
 *
 * The conventions follow what AWS and CDK document or publish:
 * - keys named after the variables of API Gateway's access-logging references ("Variables for access
 *   logging for API Gateway", "Customize HTTP API access logs"), dotted as there (`error.responseType`),
 *   with the `$context.` prefix itself, flattened with `_` as Logs Insights names nested fields
 *   (`integration_integrationStatus`), camel, Pascal, snake (CDK's AccessLogFormat.custom example:
 *   `request_id`, `source_ip`), kebab (`waf-response` in AWS's own example), upper or lower case, or
 *   nested objects (`{"error":{"responseType":…}}`, also under a `context` object);
 * - the keys of AWS's JSON preset and CDK's `jsonWithStandardFields` (`requestId`, `ip`, `caller`,
 *   `user`, `requestTime`, `httpMethod`, `resourcePath`/`routeKey`, `status`, `protocol`,
 *   `responseLength`) for the fields those name;
 * - statuses and latencies as numbers (a format that leaves `$context.status` unquoted), and a value
 *   API Gateway had none for (`-`) written `""` or `null` by a pipeline that rewrites it, or absent;
 * - AWS's CLF, CSV and XML presets for REST, HTTP and WebSocket APIs ("Access logging for REST APIs",
 *   "Configure logging for HTTP APIs", "Configure logging for WebSocket APIs"), alone or with the error
 *   variables appended, for a line whose deciding fields the preset carries.
 *
 * A rewrite that no user could write is skipped: two variables on one key (`integration.latency` and
 * `integrationLatency` both camel-cased to `integrationLatency`), a preset for a line that logs a
 * deciding field the preset cannot carry (a response type, an integration status; a `-` route key or
 * backend status is evidence too), or a CSV preset for a line that did not log the method and
 * protocol its columns are found by (the test would have to invent them).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseInput } from '../../../cli/input';
import { parseAccessLine } from '../../../lambda/core/access-log';
import { analyze } from '../../../lambda/core/pipeline';
import type { Analysis } from '../../../lambda/core/types';
import { CORPUS_DIR, corpusPresent, requireCorpus } from '../../support/corpus';

/**
 * The `$context` variable each key of the real lines holds (by its name and the format it came
 * from). A key missing here fails the test, so a new real line makes its meaning explicit.
 */
const VARIABLE_OF_KEY: Readonly<Record<string, string>> = {
  requestId: 'requestId',
  extendedRequestId: 'extendedRequestId',
  requestTime: 'requestTime',
  requestTimeEpoch: 'requestTimeEpoch',
  ip: 'identity.sourceIp',
  sourceIp: 'identity.sourceIp',
  identity_sourceIp: 'identity.sourceIp',
  'identity.sourceIp': 'identity.sourceIp',
  identity_userAgent: 'identity.userAgent',
  'identity.userAgent': 'identity.userAgent',
  caller: 'identity.caller',
  identityCaller: 'identity.caller',
  user: 'identity.user',
  identityUser: 'identity.user',
  httpMethod: 'httpMethod',
  method: 'httpMethod',
  eventType: 'eventType',
  connectionId: 'connectionId',
  resourcePath: 'resourcePath',
  routeKey: 'routeKey',
  path: 'path',
  protocol: 'protocol',
  status: 'status',
  httpStatusCode: 'status',
  responseLength: 'responseLength',
  responseLatency: 'responseLatency',
  apiId: 'apiId',
  stage: 'stage',
  domainName: 'domainName',
  domainPrefix: 'domainPrefix',
  accountId: 'accountId',
  xrayTraceId: 'xrayTraceId',
  webaclArn: 'webaclArn',
  awsEndpointRequestId: 'awsEndpointRequestId',
  awsEndpointRequestId2: 'awsEndpointRequestId2',
  customDomain_basePathMatched: 'customDomain.basePathMatched',
  error_message: 'error.message',
  errorMessage: 'error.message',
  'error.errorMessage': 'error.message',
  error_messageString: 'error.messageString',
  error_responseType: 'error.responseType',
  errorResponseType: 'error.responseType',
  'error.errorResponseType': 'error.responseType',
  integration_status: 'integration.status',
  'integration.status': 'integration.status',
  integration_integrationStatus: 'integration.integrationStatus',
  integrationIntegrationStatus: 'integration.integrationStatus',
  'integration.integrationStatus': 'integration.integrationStatus',
  integration_error: 'integration.error',
  'integration.error': 'integration.error',
  // SALBLOG's "Execution failed due to configuration error: …" and oficina's HTTP API format: either
  // integration error variable; the analyzer reads both alike.
  integrationError: 'integration.error',
  integrationErrorMessage: 'integrationErrorMessage',
  integration_latency: 'integration.latency',
  'integration.latency': 'integration.latency',
  integration_requestId: 'integration.requestId',
  'integration.requestId': 'integration.requestId',
  integrationLatency: 'integrationLatency',
  integrationStatus: 'integrationStatus',
  authorizerError: 'authorizer.error',
  authorizer_error: 'authorizer.error',
  'authorizer.error': 'authorizer.error',
  authorizerStatus: 'authorizer.status',
  'authorizer.status': 'authorizer.status',
  authorizerIntegrationStatus: 'authorizer.integrationStatus',
  authorizerRequestId: 'authorizer.requestId',
  'authorizer.requestId': 'authorizer.requestId',
  'authorizer.principalId': 'authorizer.principalId',
  'authorizer.latency': 'authorizer.latency',
  authorizer_claims_property: 'authorizer.claims.property',
  authorizer_property: 'authorizer.property',
  authorizeError: 'authorize.error',
  'authorize.error': 'authorize.error',
  authorizeStatus: 'authorize.status',
  'authorize.status': 'authorize.status',
  'authorize.latency': 'authorize.latency',
  authenticateError: 'authenticate.error',
  'authenticate.error': 'authenticate.error',
  authenticateStatus: 'authenticate.status',
  'authenticate.status': 'authenticate.status',
  'authenticate.latency': 'authenticate.latency',
  'waf.error': 'waf.error',
  'waf.status': 'waf.status',
  'waf.latency': 'waf.latency',
  'waf.responseCode': 'wafResponseCode',
};

/** Keys kept as they are in every rewrite: their variable is not known (corpus F-04's own name). */
const KEPT_KEYS: ReadonlySet<string> = new Set(['integrationStatus_alternate']);

/** Variables whose value is a status, a length or a number of milliseconds: what a format may leave unquoted. */
const NUMERIC = /(?:^|\.)(?:status|integrationStatus|responseLength|requestTimeEpoch|[a-zA-Z]*[lL]atency)$/;

type Value = string | number | null;
/** One line: its variables in the original order, and the keys kept verbatim. */
interface Variables {
  readonly pairs: readonly (readonly [string, Value])[];
  readonly kept: readonly (readonly [string, Value])[];
}

function variablesOf(line: string): Variables {
  const pairs: [string, Value][] = [];
  const kept: [string, Value][] = [];
  const visit = (value: Record<string, unknown>, prefix: string): void => {
    for (const [key, child] of Object.entries(value)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (child !== null && typeof child === 'object') {
        visit(child as Record<string, unknown>, name);
        continue;
      }
      if (KEPT_KEYS.has(name)) {
        kept.push([name, child as Value]);
        continue;
      }
      const variable = VARIABLE_OF_KEY[name];
      assert.ok(variable !== undefined, `say which $context variable the real key ${name} holds`);
      pairs.push([variable, child as Value]);
    }
  };
  visit(JSON.parse(line) as Record<string, unknown>, '');
  return { pairs, kept };
}

/** `integration.integrationStatus` → [integration, integration, status]. */
function wordsOf(variable: string): string[] {
  return variable
    .split('.')
    .flatMap((segment) => segment.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' '))
    .map((word) => word.toLowerCase());
}

const capital = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** The keys of AWS's JSON preset (and CDK's jsonWithStandardFields) for the variables they name. */
const AWS_PRESET_KEYS: Readonly<Record<string, string>> = {
  requestId: 'requestId',
  'identity.sourceIp': 'ip',
  'identity.caller': 'caller',
  'identity.user': 'user',
  requestTime: 'requestTime',
  httpMethod: 'httpMethod',
  resourcePath: 'resourcePath',
  routeKey: 'routeKey',
  status: 'status',
  protocol: 'protocol',
  responseLength: 'responseLength',
};

const camelOf = (variable: string): string =>
  variable
    .split('.')
    .map((segment, i) => (i === 0 ? segment : capital(segment)))
    .join('');

/** Key conventions: the key a user writes for a variable, or a nested layout. */
const KEY_CONVENTIONS: Readonly<Record<string, (variable: string) => string>> = {
  'variable names, dotted': (v) => v,
  '$context variable names': (v) => `$context.${v}`,
  'Logs Insights names (dots as underscores)': (v) => v.replace(/\./g, '_'),
  camel: camelOf,
  Pascal: (v) => capital(camelOf(v)),
  snake: (v) => wordsOf(v).join('_'),
  kebab: (v) => wordsOf(v).join('-'),
  'upper snake': (v) => wordsOf(v).join('_').toUpperCase(),
  'lower case, dotted': (v) => v.toLowerCase(),
  'upper case, dotted': (v) => v.toUpperCase(),
  "AWS's JSON preset keys, camel otherwise": (v) => AWS_PRESET_KEYS[v] ?? camelOf(v),
  'nested objects': (v) => v,
  "nested objects under 'context'": (v) => `context.${v}`,
};
const NESTED: ReadonlySet<string> = new Set(['nested objects', "nested objects under 'context'"]);

/** How a value is written: as logged, numbers unquoted, and API Gateway's `-` (no value) otherwise. */
const VALUE_CONVENTIONS: Readonly<Record<string, (variable: string, value: Value) => Value | undefined>> = {
  'values as logged': (_v, value) => value,
  'numbers unquoted': (v, value) =>
    typeof value === 'string' && NUMERIC.test(v) && /^\d+$/.test(value) ? Number(value) : value,
  'no value as ""': (_v, value) => (value === '-' ? '' : value),
  'no value as null': (_v, value) => (value === '-' ? null : value),
  'no value absent': (_v, value) => (value === '-' ? undefined : value),
};

/** The rewritten JSON line, or undefined when two variables would share one key (no user can write that). */
function rewriteJson(
  vars: Variables,
  keyOf: (variable: string) => string,
  nested: boolean,
  writeValue: (variable: string, value: Value) => Value | undefined,
): string | undefined {
  const out: Record<string, unknown> = {};
  const put = (key: string, value: Value): boolean => {
    const path = nested ? key.split('.') : [key];
    let target = out;
    for (const segment of path.slice(0, -1)) {
      const next = target[segment] ?? {};
      if (typeof next !== 'object' || next === null) return false;
      target[segment] = next;
      target = next as Record<string, unknown>;
    }
    const leaf = path[path.length - 1] ?? '';
    if (Object.hasOwn(target, leaf)) return false;
    target[leaf] = value;
    return true;
  };
  const seen = new Set<string>();
  for (const [variable, raw] of vars.pairs) {
    const key = keyOf(variable);
    // A variable logged under two keys in the original (`ip` and `identity_sourceIp`) is one variable.
    if (seen.has(variable)) continue;
    seen.add(variable);
    const value = writeValue(variable, raw);
    if (value === undefined) {
      // Absent, but still a key no other variable may take.
      if (!put(key, '-')) return undefined;
      deleteKey(out, nested ? key.split('.') : [key]);
      continue;
    }
    if (!put(key, value)) return undefined;
  }
  for (const [key, value] of vars.kept) out[key] = value;
  return JSON.stringify(out);
}

function deleteKey(out: Record<string, unknown>, path: readonly string[]): void {
  let target = out;
  for (const segment of path.slice(0, -1)) target = target[segment] as Record<string, unknown>;
  delete target[path[path.length - 1] ?? ''];
}

/** AWS's presets, by API type: the variables each logs, in order, and how it writes them. */
interface Preset {
  readonly api: 'rest' | 'http' | 'websocket';
  readonly format: 'clf' | 'csv' | 'xml';
  /**
   * Variables API Gateway always logs in this preset that the CSV parser locates its columns by: a
   * line whose format did not log them cannot be written in the preset without inventing them.
   */
  readonly needs?: readonly string[];
  readonly carries: readonly string[];
  readonly write: (get: (variable: string) => string) => string;
}

/** The variables of AWS's presets, in the order each writes them (CLF and CSV alike; XML its own). */
const REST_COLUMNS = [
  'identity.sourceIp',
  'identity.caller',
  'identity.user',
  'requestTime',
  'httpMethod',
  'resourcePath',
  'protocol',
  'status',
  'responseLength',
  'requestId',
  'extendedRequestId',
];
const REST_XML_COLUMNS = [
  'requestId',
  'identity.sourceIp',
  'identity.caller',
  'identity.user',
  'requestTime',
  'httpMethod',
  'resourcePath',
  'status',
  'protocol',
  'responseLength',
];
const HTTP_COLUMNS = [
  'identity.sourceIp',
  'requestTime',
  'httpMethod',
  'routeKey',
  'protocol',
  'status',
  'responseLength',
  'requestId',
];
const HTTP_XML_COLUMNS = [
  'requestId',
  'identity.sourceIp',
  'requestTime',
  'httpMethod',
  'routeKey',
  'status',
  'protocol',
  'responseLength',
];
const WEBSOCKET_COLUMNS = [
  'identity.sourceIp',
  'identity.caller',
  'identity.user',
  'requestTime',
  'eventType',
  'routeKey',
  'connectionId',
  'status',
  'requestId',
];
const WEBSOCKET_XML_COLUMNS = [
  'requestId',
  'identity.sourceIp',
  'identity.caller',
  'identity.user',
  'requestTime',
  'eventType',
  'routeKey',
  'status',
  'connectionId',
];

const PRESETS: Readonly<Record<string, Preset>> = {
  'REST CLF': {
    api: 'rest',
    format: 'clf',
    carries: REST_COLUMNS,
    write: (g) =>
      `${g('identity.sourceIp')} ${g('identity.caller')} ${g('identity.user')} [${g('requestTime')}]"${g('httpMethod')} ${g('resourcePath')} ${g('protocol')}" ${g('status')} ${g('responseLength')} ${g('requestId')} ${g('extendedRequestId')}`,
  },
  'REST CSV': {
    api: 'rest',
    format: 'csv',
    needs: ['httpMethod', 'protocol'],
    carries: REST_COLUMNS,
    write: (g) => REST_COLUMNS.map(g).join(','),
  },
  'REST XML': {
    api: 'rest',
    format: 'xml',
    carries: REST_XML_COLUMNS,
    write: (g) =>
      `<request id="${g('requestId')}"> <ip>${g('identity.sourceIp')}</ip> <caller>${g('identity.caller')}</caller> <user>${g('identity.user')}</user> <requestTime>${g('requestTime')}</requestTime> <httpMethod>${g('httpMethod')}</httpMethod> <resourcePath>${g('resourcePath')}</resourcePath> <status>${g('status')}</status> <protocol>${g('protocol')}</protocol> <responseLength>${g('responseLength')}</responseLength> </request>`,
  },
  'HTTP CLF': {
    api: 'http',
    format: 'clf',
    carries: HTTP_COLUMNS,
    write: (g) =>
      `${g('identity.sourceIp')} - - [${g('requestTime')}] "${g('httpMethod')} ${g('routeKey')} ${g('protocol')}" ${g('status')} ${g('responseLength')} ${g('requestId')}`,
  },
  'HTTP CSV': {
    api: 'http',
    format: 'csv',
    needs: ['httpMethod', 'protocol'],
    carries: HTTP_COLUMNS,
    write: (g) => HTTP_COLUMNS.map(g).join(','),
  },
  'HTTP XML': {
    api: 'http',
    format: 'xml',
    carries: HTTP_XML_COLUMNS,
    write: (g) =>
      `<request id="${g('requestId')}"> <ip>${g('identity.sourceIp')}</ip> <requestTime>${g('requestTime')}</requestTime> <httpMethod>${g('httpMethod')}</httpMethod> <routeKey>${g('routeKey')}</routeKey> <status>${g('status')}</status> <protocol>${g('protocol')}</protocol> <responseLength>${g('responseLength')}</responseLength> </request>`,
  },
  'WebSocket CLF': {
    api: 'websocket',
    format: 'clf',
    carries: WEBSOCKET_COLUMNS,
    write: (g) =>
      `${g('identity.sourceIp')} ${g('identity.caller')} ${g('identity.user')} [${g('requestTime')}] "${g('eventType')} ${g('routeKey')} ${g('connectionId')}" ${g('status')} ${g('requestId')}`,
  },
  'WebSocket CSV': {
    api: 'websocket',
    format: 'csv',
    needs: ['requestTime'],
    carries: WEBSOCKET_COLUMNS,
    write: (g) => WEBSOCKET_COLUMNS.map(g).join(','),
  },
  'WebSocket XML': {
    api: 'websocket',
    format: 'xml',
    carries: WEBSOCKET_XML_COLUMNS,
    write: (g) =>
      `<request id="${g('requestId')}"> <ip>${g('identity.sourceIp')}</ip> <caller>${g('identity.caller')}</caller> <user>${g('identity.user')}</user> <requestTime>${g('requestTime')}</requestTime> <eventType>${g('eventType')}</eventType> <routeKey>${g('routeKey')}</routeKey> <status>${g('status')}</status> <connectionId>${g('connectionId')}</connectionId> </request>`,
  },
};

/** The variables users append to a preset, and how each format writes one. */
interface Appended {
  readonly carries: readonly string[];
  /**
   * The values to append (none when they are all `-`, as a format that appends nothing). `logs` says
   * whether the line logs a variable at all, even as `-`.
   */
  readonly values: (
    get: (variable: string) => string,
    logs: (variable: string) => boolean,
  ) => readonly (readonly [string, string])[];
}

/**
 * What users append after a preset's request id (README, Parsing): `"$context.error.messageString"
 * $context.error.responseType` (messageString is logged in quotes), or, as AWS's HTTP API
 * troubleshooting guide shows, `$context.integrationErrorMessage`.
 */
const APPENDED: Readonly<Record<string, Appended>> = {
  '': { carries: [], values: () => [] },
  ' + "messageString" responseType': {
    carries: ['error.message', 'error.messageString', 'error.responseType'],
    values: (g, logs) => {
      const message = g('error.messageString') === '-' ? g('error.message') : g('error.messageString');
      // A response type logged as `-` is evidence (no gateway response): not invented for a line
      // that does not log one.
      if (message === '-' && g('error.responseType') === '-' && !logs('error.responseType')) return [];
      return [
        ['messageString', `"${message}"`],
        ['responseType', g('error.responseType')],
      ];
    },
  },
  ' + integrationErrorMessage': {
    carries: ['integrationErrorMessage', 'integration.error'],
    values: (g) => {
      const message =
        g('integrationErrorMessage') === '-' ? g('integration.error') : g('integrationErrorMessage');
      return message === '-' ? [] : [['integrationErrorMessage', message]];
    },
  },
};

/** Appended values as each format writes them: words after CLF, fields after CSV, elements in XML. */
function appendTo(
  line: string,
  format: Preset['format'],
  values: readonly (readonly [string, string])[],
): string {
  if (values.length === 0) return line;
  if (format === 'clf') return `${line} ${values.map(([, value]) => value).join(' ')}`;
  if (format === 'csv') return `${line},${values.map(([, value]) => value).join(',')}`;
  const elements = values
    .map(([name, value]) => `<${name}>${value.replace(/^"|"$/g, '')}</${name}> `)
    .join('');
  return line.replace('</request>', `${elements}</request>`);
}

/**
 * Variables that can decide nothing about a cause: who called, ids, lengths, the phases' latencies.
 * A preset may drop these. (A `-` in a route key, resource path or backend status is evidence, so
 * those must be carried even when empty.)
 */
const NOT_DECIDING: ReadonlySet<string> = new Set([
  'identity.sourceIp',
  'identity.userAgent',
  'identity.caller',
  'identity.user',
  'requestTime',
  'requestTimeEpoch',
  'extendedRequestId',
  'protocol',
  'responseLength',
  'apiId',
  'stage',
  'domainName',
  'domainPrefix',
  'accountId',
  'xrayTraceId',
  'webaclArn',
  'awsEndpointRequestId',
  'awsEndpointRequestId2',
  'customDomain.basePathMatched',
  'connectionId',
  'path',
  'integration.requestId',
  'authorizer.requestId',
  'authorizer.principalId',
  'authorizer.claims.property',
  'authorizer.property',
  'authorizer.latency',
  'authorize.latency',
  'authenticate.latency',
  'waf.latency',
  'integration.latency',
  'integrationLatency',
  'responseLatency',
]);
const DASH_IS_EVIDENCE: ReadonlySet<string> = new Set([
  'routeKey',
  'resourcePath',
  'integration.status',
  'integrationStatus',
  'eventType',
  // On a REST API, no gateway response: the integration answered (README, Classification step 4).
  'error.responseType',
]);

function apiOf(vars: Variables): Preset['api'] {
  const has = (v: string): boolean => vars.pairs.some(([variable]) => variable === v);
  if (has('eventType') || has('connectionId')) return 'websocket';
  return has('routeKey') ? 'http' : 'rest';
}

/** The line in a preset (plus appended variables), or undefined when it cannot carry a deciding field. */
function rewritePreset(vars: Variables, preset: Preset, appended: Appended): string | undefined {
  if (apiOf(vars) !== preset.api) return undefined;
  if (preset.needs?.some((need) => !vars.pairs.some(([variable]) => variable === need))) return undefined;
  const carried = new Set([...preset.carries, ...appended.carries]);
  for (const [variable, value] of vars.pairs) {
    if (carried.has(variable) || NOT_DECIDING.has(variable)) continue;
    if (value === '-' && !DASH_IS_EVIDENCE.has(variable)) continue;
    return undefined;
  }
  if (vars.kept.some(([, value]) => value !== '-')) return undefined;
  const get = (variable: string): string => {
    const found = vars.pairs.find(([v]) => v === variable)?.[1];
    return found === undefined || found === null || found === '' ? '-' : String(found);
  };
  const logs = (variable: string): boolean => vars.pairs.some(([v]) => v === variable);
  return appendTo(preset.write(get), preset.format, appended.values(get, logs));
}

interface Sample {
  readonly id: string;
  readonly lines: readonly string[];
  readonly fileOnly: boolean;
}

function samples(): Sample[] {
  const out: Sample[] = [];
  for (const file of ['real-lines.json', 'real-successes.json']) {
    const fixtures = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'fixtures', file), 'utf8'),
    ) as Record<string, { lines: string[]; fileOnly?: boolean }>;
    for (const [id, sample] of Object.entries(fixtures))
      out.push({ id, lines: sample.lines, fileOnly: sample.fileOnly === true });
  }
  if (corpusPresent()) {
    for (const file of readdirSync(CORPUS_DIR)
      .filter((f) => f.endsWith('.log'))
      .sort())
      out.push({
        id: file,
        lines: readFileSync(join(CORPUS_DIR, file), 'utf8').split('\n'),
        fileOnly: false,
      });
  }
  return out;
}

/** A line JSON.parse reads whole that the analyzer takes for an access line. */
function isJsonAccessLine(line: string): boolean {
  const text = line.trim();
  if (!text.startsWith('{')) return false;
  try {
    JSON.parse(text);
  } catch {
    return false;
  }
  return parseAccessLine(text)?.ok === true;
}

function analysisOf(sample: Sample, lines: readonly string[]): Analysis {
  if (sample.fileOnly) return analyze(parseInput(lines.join('\n'), `${sample.id}.log`).batches);
  const events = lines.map((message, i) => ({ id: String(i), timestamp: 0, message }));
  return analyze([{ source: { name: `${sample.id}.log` }, events }]);
}

/**
 * What must not change: each failure's cause, masked flag and confidence, and the number of lines
 * left unread.
 */
function outcome(analysis: Analysis, withConfidence = true): string {
  const failures = analysis.failures
    .map((f) => `${f.cause}${f.masked ? ' (masked)' : ''}${withConfidence ? ` [${f.confidence}]` : ''}`)
    .sort();
  return `${failures.join(', ') || 'no failure'}; unparsed ${analysis.stats.unparsed}`;
}

/**
 * Key mappings of published formats (public repositories, found by their `$context` variables), for
 * the variables they name; other variables get camel keys, as a user extending the format would
 * write. Terraform's jsonencode sorts the keys.
 */
const PUBLISHED: Readonly<
  Record<
    string,
    {
      readonly keys: Readonly<Record<string, string>>;
      readonly sorted: boolean;
      /** Why the confidence may fall, when a variable the original logged has no readable key here. */
      readonly confidenceMayFall?: string;
    }
  >
> = {
  // An HTTP API stage in Terraform (index id 18023670755): `status` holds the integration's status
  // and `methodStatus` the client's.
  'Terraform tileserver stage (methodStatus = $context.status, status = $context.integration.status)': {
    sorted: true,
    // Beside `methodStatus`, a `status` key is not read: here it is the backend's status, but a format
    // that logs $context.status twice would make every gateway refusal look like the backend's. The
    // backend's status is then inferred from the Lambda service status (`likely`), not read (`certain`).
    confidenceMayFall: 'the backend status logged as `status` beside `methodStatus` is not read',
    keys: {
      'authorizer.error': 'authorizerError',
      'authorizer.principalId': 'authorizerPrincipalId',
      'error.message': 'errorMsg',
      'identity.sourceIp': 'sourceIp',
      'identity.userAgent': 'userAgent',
      integrationErrorMessage: 'integrationErrorMessage',
      'integration.integrationStatus': 'integrationStatus',
      'integration.status': 'status',
      status: 'methodStatus',
    },
  },
  // An HTTP API stage in a blog post's Terraform (index ids 33003583876, 32295016212).
  'Terraform blog stage (integrationStatusCode = $context.integration.status, requestErrorMessage = $context.error.message)':
    {
      sorted: true,
      keys: {
        'authorizer.error': 'authorizerError',
        'identity.sourceIp': 'identitySourceIP',
        'integration.error': 'integrationError',
        'integration.latency': 'integrationLatency',
        'integration.requestId': 'integrationRequestId',
        'integration.integrationStatus': 'integrationStatus',
        'integration.status': 'integrationStatusCode',
        'error.message': 'requestErrorMessage',
        'error.messageString': 'requestErrorMessageString',
      },
    },
};

function rewritePublished(vars: Variables, mapping: (typeof PUBLISHED)[string]): string | undefined {
  const line = rewriteJson(
    vars,
    (v) => mapping.keys[v] ?? camelOf(v),
    false,
    (_v, value) => value,
  );
  if (line === undefined || !mapping.sorted) return line;
  const object = JSON.parse(line) as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : 1))));
}

type Rewrite = (vars: Variables) => string | undefined;

interface Convention {
  readonly name: string;
  readonly rewrite: Rewrite;
  /** An AWS preset, which fits only the few lines whose deciding fields it carries. */
  readonly preset: boolean;
  /** Why the confidence may fall (a published mapping only), when it may. */
  readonly confidenceMayFall?: string;
}

function conventions(): Convention[] {
  const out: Convention[] = [];
  for (const [keyName, keyOf] of Object.entries(KEY_CONVENTIONS))
    for (const [valueName, writeValue] of Object.entries(VALUE_CONVENTIONS))
      out.push({
        name: `${keyName}, ${valueName}`,
        rewrite: (vars) => rewriteJson(vars, keyOf, NESTED.has(keyName), writeValue),
        preset: false,
      });
  for (const [name, mapping] of Object.entries(PUBLISHED))
    out.push({
      name,
      rewrite: (vars) => rewritePublished(vars, mapping),
      preset: false,
      confidenceMayFall: mapping.confidenceMayFall,
    });
  for (const [presetName, preset] of Object.entries(PRESETS))
    for (const [appendedName, appended] of Object.entries(APPENDED))
      out.push({
        name: `${presetName}${appendedName}`,
        rewrite: (vars) => rewritePreset(vars, preset, appended),
        preset: true,
      });
  return out;
}

describe('access-log key conventions: a real line rewritten into any convention keeps its cause (SYNTHETIC re-keying)', () => {
  if (!requireCorpus()) return;
  const all = samples()
    .map((sample) => ({ sample, at: sample.lines.flatMap((line, i) => (isJsonAccessLine(line) ? [i] : [])) }))
    .filter(({ at }) => at.length > 0);

  it('finds the real JSON access lines to rewrite', () => {
    assert.ok(all.length >= 25, `only ${all.length} samples with JSON access lines`);
  });

  const originals = new Map(
    all.map(({ sample }) => {
      const analysis = analysisOf(sample, sample.lines);
      return [sample.id, { full: outcome(analysis), causes: outcome(analysis, false) }];
    }),
  );

  for (const { name, rewrite, preset, confidenceMayFall } of conventions()) {
    const what =
      confidenceMayFall === undefined ? 'cause, masked flag and confidence' : 'cause and masked flag';
    it(`${name}: every rewritten line gets the original ${what}`, () => {
      const differences: string[] = [];
      let compared = 0;
      for (const { sample, at } of all) {
        const lines = [...sample.lines];
        let rewritten = true;
        for (const i of at) {
          const line = rewrite(variablesOf((sample.lines[i] ?? '').trim()));
          if (line === undefined) rewritten = false;
          else lines[i] = line;
        }
        if (!rewritten) continue;
        compared += 1;
        const original = originals.get(sample.id);
        const expected = confidenceMayFall === undefined ? original?.full : original?.causes;
        const got = outcome(analysisOf(sample, lines), confidenceMayFall === undefined);
        if (got !== expected)
          differences.push(`${sample.id}: ${got}, expected ${expected}\n    ${lines[at[0] ?? 0]}`);
      }
      assert.deepEqual(differences, []);
      // A JSON convention can write nearly every line (not those where it puts two variables on one
      // key); a preset, the few lines of its API type whose deciding fields it carries.
      assert.ok(compared >= (preset ? 2 : all.length - 2), `only ${compared} samples rewritten`);
    });
  }
});

/**
 * SYNTHETIC lines whose `-` decides the cause (README, Classification step 5): the real lines above
 * have none. API Gateway writes `-` for a variable without a value: a route key or resource path no
 * route matched, a backend status no integration answered. Under any key convention and with the `-`
 * written `""` or `null`, the cause stays; with the key left out it cannot (a field the format does not
 * log proves nothing), so the status alone is left.
 */
const DASH_DECIDES: readonly {
  readonly name: string;
  readonly pairs: readonly (readonly [string, Value])[];
}[] = [
  {
    name: 'an HTTP API 404 that matched no route',
    pairs: [
      ['requestId', 'r1'],
      ['routeKey', '-'],
      ['status', '404'],
      ['integration.status', '-'],
    ],
  },
  {
    name: 'an HTTP API 429 no integration answered',
    pairs: [
      ['requestId', 'r2'],
      ['routeKey', 'GET /orders'],
      ['status', '429'],
      ['integration.status', '-'],
    ],
  },
  {
    name: 'an HTTP API 403 on a matched route no integration answered',
    pairs: [
      ['requestId', 'r3'],
      ['routeKey', 'GET /orders'],
      ['status', '403'],
      ['integration.status', '-'],
    ],
  },
  {
    name: 'an HTTP API 401 no integration answered ($context.integrationStatus)',
    pairs: [
      ['requestId', 'r4'],
      ['routeKey', 'GET /orders'],
      ['status', '401'],
      ['integrationStatus', '-'],
    ],
  },
  {
    name: 'an HTTP API 503 on a matched route no integration answered',
    pairs: [
      ['requestId', 'r5'],
      ['routeKey', 'GET /orders'],
      ['status', '503'],
      ['integration.status', '-'],
    ],
  },
  {
    name: 'a REST API 404 that matched no resource',
    pairs: [
      ['requestId', 'r6'],
      ['resourcePath', '-'],
      ['status', '404'],
      ['httpMethod', 'GET'],
    ],
  },
];

function lineOutcome(line: string): string {
  return outcome(
    analyze([{ source: { name: 'dash.log' }, events: [{ id: '1', timestamp: 0, message: line }] }]),
  );
}

describe('access-log key conventions: a `-` that decides keeps deciding when written "" or null (SYNTHETIC lines)', () => {
  for (const { name, pairs } of DASH_DECIDES) {
    it(`${name}: the same cause in every key convention and empty-value spelling; the status alone when the key is left out`, () => {
      const vars: Variables = { pairs, kept: [] };
      const original = lineOutcome(JSON.stringify(Object.fromEntries(pairs)));
      assert.doesNotMatch(original, /unknown\./, 'the `-` decides the original');
      const differences: string[] = [];
      for (const [keyName, keyOf] of Object.entries(KEY_CONVENTIONS))
        for (const [valueName, writeValue] of Object.entries(VALUE_CONVENTIONS)) {
          const line = rewriteJson(vars, keyOf, NESTED.has(keyName), writeValue);
          if (line === undefined) continue;
          const got = lineOutcome(line);
          const absent = valueName === 'no value absent';
          if (absent ? !/^unknown\.\w+ \[status-only\]/.test(got) : got !== original)
            differences.push(
              `${keyName}, ${valueName}: ${got}, expected ${absent ? 'unknown.*' : original}\n    ${line}`,
            );
        }
      assert.deepEqual(differences, []);
    });
  }
});

/**
 * SYNTHETIC lines: a custom format that logs a key of its own named `level` beside
 * `$context.error.message` as `message` is read as an access line when its status is logged as a
 * template writes it, under `$context.status`'s name (docs/parsing.md). Keys prefixed with `context`
 * are read as without it, and a nested object is read as its dotted keys, so every spelling of that
 * name behind a `context` prefix decides alike; a library's `statusCode` does not.
 */
const LEVELLED_ID = '8f3d2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
const levelled = (status: Record<string, unknown>): string =>
  JSON.stringify({ level: 'info', message: 'Internal server error', requestId: LEVELLED_ID, ...status });
const STATUS_SPELLINGS: readonly { readonly name: string; readonly status: Record<string, unknown> }[] = [
  { name: 'a context object', status: { context: { status: '502' } } },
  { name: 'a dotted context.status', status: { 'context.status': '502' } },
  { name: '$context.status', status: { '$context.status': '502' } },
  { name: 'a $context object', status: { $context: { status: '502' } } },
  { name: 'context_status', status: { context_status: '502' } },
  { name: 'contextStatus', status: { contextStatus: '502' } },
];

describe("access-log key conventions: a level key beside the gateway's words, the status under any spelling of $context.status's name (SYNTHETIC lines)", () => {
  const original = lineOutcome(levelled({ status: '502' }));
  it('reads the line with the status under `status` as an access line', () => {
    assert.equal(original, 'unknown.server [status-only]; unparsed 0');
  });
  for (const { name, status } of STATUS_SPELLINGS)
    it(`reads the status logged under ${name} as under status: an access line with the same cause`, () => {
      assert.equal(lineOutcome(levelled(status)), original);
    });
  const applicationLogs: readonly { readonly name: string; readonly status: Record<string, unknown> }[] = [
    { name: 'a numeric $context.status', status: { '$context.status': 502 } },
    { name: 'a statusCode', status: { statusCode: '502' } },
    { name: 'a context.statusCode', status: { 'context.statusCode': '502' } },
    { name: 'a status_code', status: { status_code: '502' } },
  ];
  // An HTTP API's id (under request_id, which names no field only API Gateway logs) beside a status
  // under that name makes an access line whatever the message.
  const HTTP_API_ID = 'Xq9gwFDNoAMFo1A=';
  for (const { name, status } of [{ name: 'status', status: { status: 503 } }, ...STATUS_SPELLINGS])
    it(`reads a status logged under ${name} beside an HTTP API's request id as an access line, whatever the message`, () => {
      const line = JSON.stringify({ level: 'error', msg: 'x', request_id: HTTP_API_ID, ...status });
      assert.equal(parseAccessLine(line)?.ok, true, line);
    });
  for (const { name, status } of applicationLogs)
    it(`still counts the line with ${name} as an application's log`, () => {
      assert.equal(lineOutcome(levelled(status)), 'no failure; unparsed 1');
    });
});

/**
 * SYNTHETIC lines: keys grouped under `request`, `response` or `http` (as obytes/terraform-aws-lambda-apigw
 * groups them) are read by their leaf's name (docs/parsing.md), so each line reads as its flat
 * original: a WebSocket API's `connectionId`, and the names that tell a custom format with a level key
 * from an application's log.
 */
const GROUPED: readonly { readonly name: string; readonly flat: object; readonly grouped: object }[] = [
  {
    name: "a WebSocket API's connectionId under request",
    flat: { requestId: 'PDS1PEC4oAMFpyA=', routeKey: '-', status: '429', connectionId: 'PDS1PFfGoAMCJ3Q=' },
    grouped: {
      request: { requestId: 'PDS1PEC4oAMFpyA=', connectionId: 'PDS1PFfGoAMCJ3Q=' },
      http: { routeKey: '-' },
      response: { status: '429' },
    },
  },
  {
    name: 'a level key beside a routeKey under http',
    flat: { level: 'error', message: 'Internal Server Error', routeKey: 'GET /orders', status: 500 },
    grouped: {
      level: 'error',
      message: 'Internal Server Error',
      http: { routeKey: 'GET /orders' },
      response: { status: 500 },
    },
  },
  {
    name: "a level key beside an HTTP API's request id under request",
    flat: { level: 'error', msg: 'x', requestId: 'Abc1DEfGhIJKLmN=', status: 503 },
    grouped: {
      level: 'error',
      msg: 'x',
      request: { requestId: 'Abc1DEfGhIJKLmN=' },
      response: { status: 503 },
    },
  },
  {
    name: "a level key beside the gateway's words and a quoted status under response",
    flat: { level: 'info', message: 'Internal server error', requestId: LEVELLED_ID, status: '502' },
    grouped: {
      level: 'info',
      message: 'Internal server error',
      request: { requestId: LEVELLED_ID },
      response: { status: '502' },
    },
  },
];

describe('access-log key conventions: keys grouped under request, response or http read as their flat originals (SYNTHETIC lines)', () => {
  for (const { name, flat, grouped } of GROUPED)
    it(`reads ${name} as the flat line: the same cause and the same lines unread`, () => {
      const original = lineOutcome(JSON.stringify(flat));
      assert.doesNotMatch(original, /unparsed 1/, 'the flat line is an access line');
      assert.equal(lineOutcome(JSON.stringify(grouped)), original);
    });
  for (const [name, line] of [
    ['its own message', { level: 'error', message: 'Request failed', response: { status: 502 } }],
    ['a library status code', { level: 'error', message: 'Bad Gateway', response: { statusCode: '502' } }],
  ] as const)
    it(`still counts an application's log with a status under response (${name}) as one`, () => {
      assert.equal(lineOutcome(JSON.stringify(line)), 'no failure; unparsed 1');
    });
});
