/**
 * Secrets never leave: a metamorphic sweep over every real trail and access line (the shared corpus
 * and the real failure and success fixtures). Each injection below puts SYNTHETIC secrets where a
 * real request carries them (execution-log shapes as API Gateway prints them: `Method request
 * headers: {Name=value, …}`, `Endpoint request body after transformations: {…}` holding the Lambda
 * proxy event with its `headers`, `multiValueHeaders` and `body`), into every other message (a
 * function's error that echoes its input), and into JSON access lines; then every output is built
 * as the CLI and the function build it (the `--json` lines, the report, the stderr summary of
 * unparsed lines, the function's log lines, the alert it publishes with sample trails read back,
 * its EMF metrics) and searched for any 12-character piece of any injected secret.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError, parseInput } from '../../cli/input';
import { renderJsonLines, renderReport, renderUnparsedSummary } from '../../cli/report';
import { loadConfig } from '../../lambda/config';
import { aggregateDelivery, type CountedFailure } from '../../lambda/core/aggregate';
import {
  ALERT_KIND,
  type AlertMessage,
  buildAlertMessage,
  evidenceFor,
} from '../../lambda/core/alert-message';
import { countEmf } from '../../lambda/core/emf';
import { executionLogGroupName } from '../../lambda/core/execution-log-group';
import type { AlertState } from '../../lambda/core/incident';
import { analyze } from '../../lambda/core/pipeline';
import type { WindowCounts } from '../../lambda/core/thresholds';
import { trailsFromEvents } from '../../lambda/core/trail';
import type { LogEvent, SubscriptionPayload } from '../../lambda/core/types';
import type { DeliveryPorts } from '../../lambda/delivery-ports';
import { processDelivery } from '../../lambda/process-delivery';
import { corpusLogFiles, readCorpusFile, requireCorpus } from '../support/corpus';

// ---- SYNTHETIC secrets -------------------------------------------------------------------------

const b64url = (text: string) => Buffer.from(text).toString('base64url');
const JWT_SIGNATURE = 'SYNTHsigXq9ZrT4vB7nM2kL8pW3sD6fG1hJ5yU0iO';
const JWT = `${b64url('{"alg":"RS256","kid":"SYNTHETIC"}')}.${b64url('{"sub":"SYNTHETIC-user","exp":1}')}.${JWT_SIGNATURE}`;
const SECRET = {
  jwtPayload: JWT.split('.')[1] ?? '',
  jwtSignature: JWT_SIGNATURE,
  accessKeyId: 'AKIASYNTHETIC0000KEY',
  secretAccessKey: 'SYNTHETICsecretKEY/0123456789abcdefGHIJ+',
  sessionToken: 'IQoJb3JpZ2luX2VjSYNTHETICsessionTokenAbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
  apiKey: 'SYNTHETICapiKeyq1w2e3r4t5y6u7i8o9pAbCdE',
  cookie: 'SYNTHETICcookie4f9a8b7c6d5e',
  password: 'SYNTHETIC-Pa55w0rd!x',
  clientSecret: 'SYNTHETICclientSecret1q2w3e4r5t6y7u8i9o0p',
  refreshToken: 'SYNTHETICrefresh-zyxwvu9876543210',
  accessToken: 'SYNTHETICaccess-mnbvcx1357924680',
  opaqueToken: 'SYNTHETICopaque-tok-qazwsx2468',
  oauthCode: 'SYNTHETICcode-98765plmokn',
  signature: 'f00dfeed'.repeat(8),
  /** A JWE's ciphertext: its second segment is an encrypted key, no `eyJ` payload. */
  jweCiphertext: 'SYNTHjweCipherTextQ1w2E3r4T5y6U7i8O9p0',
  /** A password holding what ends an unquoted header value. */
  punctuatedPassword: 'SYNTHETIC, pass; word} 0123456789',
  /** A JWT signature in standard base64, as some libraries encode one. */
  standardJwtSignature: 'SYNTHstd+sig/Q1w2E3r4T5y6U7i8O9p0',
  /** A connection string's password holding `/` and a raw `@`. */
  urlPassword: 'SYNTHpa/ss@w0rd9x2c4v',
  /** A password sent percent-encoded in a query value. */
  encodedPassword: 'SYNTHencPassw0rd7y8u',
  /** A request body sent base64, holding a password: the run itself is the secret. */
  base64Body: Buffer.from('{"user":"u","password":"SYNTHb64Passw0rd1q2w"}').toString('base64'),
  /** A request body sent base64url, holding a password. */
  base64UrlBody: Buffer.from('{"user":"bob??>>","password":"SYNTHb64urlPassw0rd3e"}').toString('base64url'),
  /** A new password a reset endpoint echoes under a key named for the reset. */
  resetPassword: 'SYNTHresetPassw0rd3e4r',
  /** A password under a label that follows a `/`: a parameter path as a key, a query value. */
  slashPassword: 'SYNTHslashPassw0rd5t6y',
  /** Values in an object or a list under a secret's label, under keys that are no labels. */
  nestedPassword: 'SYNTHnestedPassw0rd7u8i',
  nestedKey: 'SYNTHnestedKey9o0p1q2w3e',
  /** A password after Gson's escaped `=` (`\u003d`), as a Java function's message holds it. */
  gsonPassword: 'SYNTHgsonPassw0rd4r5t',
  /** A password in a SOAP body's CDATA section. */
  cdataPassword: 'SYNTHcdataPassw0rd6y7u',
  /** A key named for what it unlocks (Azure API Management's subscription key). */
  subscriptionKey: 'SYNTHsubscriptionKey8i9o0p',
  /** A vendor's token, known by its prefix. */
  slackToken: 'xoxb-123456789012-SYNTHslackToken1q2w3e',
  /** A PEM private key's base64 line. */
  pemKeyLine: 'MIIEowIBAAKCAQEASYNTHpemKeyLine5t6y7u8i',
  /** A password in an object, a key in a list, a password quoted in apostrophes, all after Gson's escaped `=` and `'`. */
  gsonNestedPassword: 'SYNTHgsonNested8u9i0o',
  /** A PIN, a one-time password and a card code under suffixed labels. */
  shortCode: 'SYNTHshortCode1a2s3d',
  /** A private key's base64 line, under legacy encryption headers, PHP-escaped, or cut before its END. */
  pemLegacyLine: 'MIIEpAIBAAKCAQEASYNTHpemLegacy9o0p1q',
  /** A password in a CDATA section escaped as Go escapes `<` and `>`, or in a second section. */
  cdataVariantPassword: 'SYNTHcdataVariant7h8j9k',
  /** Vendors' tokens right after an escape's last letter. */
  githubToken: 'ghp_SYNTHgithubToken0a1s2d3f4g5h6j7k8l9',
  stripeKey: 'sk_live_SYNTHstripeKey9z8x7c6v5b4n',
  /** A password in JSON whose quotes .NET escaped as `\u0022`, or in a CDATA section escaped in capitals. */
  dotNetPassword: 'SYNTHdotNetPassw0rd2w3e',
  /** A private key's base64 line after OpenPGP's blank line, or indented under YAML's `key: |`. */
  pemIndentedLine: 'lQOYBGAAAAABCACSYNTHpemIndented4r5t6y',
  /** A password Python printed as bytes, a comma in it. */
  pythonBytesPassword: 'SYNTHpyBytes7u8i9o',
  /** Slack's refresh token. */
  slackRefreshToken: 'xoxe-1-SYNTHslackRefresh1q2w3e4r5t',
  /** A code under a camelCase or PascalCase key (`userPin`, Cognito's `ConfirmationCode`). */
  camelCode: 'SYNTHcamelCode4f5g6h',
  /** A code of digits under a verb-first camelCase key (`confirmPin`) and Amplify's `confirmationCode`. */
  verbFirstCode: '948372615093',
  /** A private key's base64 line percent-encoded in a form or a query. */
  encodedKeyLine: 'MIIEvQIBADANSYNTHencodedKey7j8k9l',
  /** Slack's app-level token. */
  slackAppToken: 'xapp-1-A0SYNTHAPP-1234567890123-5f3c9a1b0e4d7c2b8a6f',
  /** A PuTTY private key file's private line and its MAC. */
  puttyPrivateLine: 'AAAAIFSYNTHputtyPrivate1q2w3e4r5t6y7u8i9o0p',
  puttyMac: '5f3c9a1b0e4d7c2b8a6f1e9d3c5b7a4f',
} as const;
const JWE = `${b64url('{"alg":"RSA-OAEP","enc":"A256GCM"}')}.SYNTHjweEncryptedKey0123.SYNTHjweIv0123.${SECRET.jweCiphertext}.SYNTHjweTag0123`;

// ---- where a real request carries them -----------------------------------------------------------

const HEADERS = `Authorization=Bearer ${JWT}, x-api-key=${SECRET.apiKey}, Cookie=session=${SECRET.cookie}; theme=dark, X-Amz-Security-Token=${SECRET.sessionToken}, `;
const QUERY = `token=${SECRET.opaqueToken}, X-Amz-Credential=${SECRET.accessKeyId}/20240101/us-east-1/s3/aws4_request, X-Amz-Signature=${SECRET.signature}, code=${SECRET.oauthCode}, access_token=${SECRET.accessToken}, `;
const URL_QUERY = `?token=${SECRET.opaqueToken}&X-Amz-Credential=${SECRET.accessKeyId}%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=${SECRET.signature}&X-Amz-Security-Token=${SECRET.sessionToken}&api_key=${SECRET.apiKey}&code=${SECRET.oauthCode}`;
/** The Lambda proxy event (payload 1.0) API Gateway builds: headers twice, the second time as arrays. */
const PROXY_EVENT = `"headers":{"Authorization":"Bearer ${JWT}","x-api-key":"${SECRET.apiKey}","Cookie":"sid=${SECRET.cookie}"},"multiValueHeaders":{"x-api-key":["${SECRET.apiKey}"],"Cookie":["sid=${SECRET.cookie}"]},`;
/** A presigned URL passed on in a query (an image proxy's `?url=`), percent-encoded as a URL's query holds it. */
const ENCODED_URL_QUERY = `?url=${encodeURIComponent(`https://bucket.s3.amazonaws.com/k?X-Amz-Credential=${SECRET.accessKeyId}/20240101/us-east-1/s3/aws4_request&X-Amz-Security-Token=${SECRET.sessionToken}&X-Amz-Signature=${SECRET.signature}`)}`;
const JSON_BODY = `{"username":"u","password":"${SECRET.password}","client_secret":"${SECRET.clientSecret}","refresh_token":"${SECRET.refreshToken}","accessToken":"${SECRET.accessToken}"}`;
const FORM_BODY = `grant_type=refresh_token&refresh_token=${SECRET.refreshToken}&client_secret=${SECRET.clientSecret}&password=${SECRET.password}`;

type Inject = (line: string) => string;

const after =
  (marker: string, text: string): Inject =>
  (line) => {
    const at = line.indexOf(marker);
    return at < 0 ? line : line.slice(0, at + marker.length) + text + line.slice(at + marker.length);
  };
const URL_IN_LINE = /((?:Endpoint request URI|Sending request to): https?:\/\/[^\s?]+)(\S*)/;
const isJsonObjectLine = (line: string) => line.trimStart().startsWith('{');

/** Into every message (execution-log lines, console lines): after its label and at its end. */
function everywhere(text: string): Inject {
  return (line) => {
    if (isJsonObjectLine(line)) return accessFields(line, text);
    const colon = line.indexOf(': ', line.indexOf(')') + 1);
    const inner = colon < 0 ? line : `${line.slice(0, colon + 2)}${text} ${line.slice(colon + 2)}`;
    return `${inner} ${text}`;
  };
}

/** Into a JSON access line's text fields (`error.message`, `integration.error`, `authorizer.error` …). */
function accessFields(line: string, text: string): string {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return line;
  const fields = record as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields))
    if (/error|message/i.test(key) && typeof value === 'string' && value !== '-')
      fields[key] = `${value} ${text}`;
  return JSON.stringify(fields);
}

const INJECTIONS: readonly { readonly name: string; readonly inject: Inject; readonly successes?: true }[] = [
  {
    name: 'method and endpoint request headers, query strings, paths, URIs (one passing a presigned URL on, encoded), a JSON body and the proxy event',
    successes: true,
    inject: (line) =>
      [
        after('Method request headers: {', HEADERS),
        after('Endpoint request headers: {', HEADERS),
        after('Method request query string: {', QUERY),
        after('Method request path: {', `proxy=reset/${JWT}, `),
        after('Method request body before transformations: ', JSON_BODY),
        after('Endpoint request body after transformations: {', PROXY_EVENT),
        (l: string) => l.replace(URL_IN_LINE, `$1${URL_QUERY}$2`),
        (l: string) =>
          l.replace(/(Endpoint request URI: https?:\/\/[^\s?]+)(\S*)/, `$1${ENCODED_URL_QUERY}$2`),
      ].reduce((l, f) => f(l), line),
  },
  {
    name: 'a form body',
    successes: true,
    inject: after('Method request body before transformations: ', FORM_BODY),
  },
  ...[
    // Labelled pairs as a function prints them, separated as log text separates them.
    `token=${SECRET.opaqueToken}, x-api-key: ${SECRET.apiKey}; password=${SECRET.password}, refresh_token: '${SECRET.refreshToken}'`,
    `aws_secret_access_key=${SECRET.secretAccessKey}, X-Amz-Security-Token: ${SECRET.sessionToken}`,
    // JSON, and JSON in a JSON string as a Lambda proxy answer's body holds it.
    `{"accessToken":"${SECRET.accessToken}","client_secret":"${SECRET.clientSecret}","refreshToken":"${SECRET.refreshToken}"}`,
    `{"statusCode":401,"body":${JSON.stringify(JSON.stringify({ message: 'denied', password: SECRET.password, 'x-api-key': SECRET.apiKey }))}}`,
    `{"Credentials":{"AccessKeyId":"${SECRET.accessKeyId}","SecretAccessKey":"${SECRET.secretAccessKey}","SessionToken":"${SECRET.sessionToken}"}}`,
    // A function that echoes its event: payload 2.0's cookies, payload 1.0's multi-value headers.
    `{"cookies":["sid=${SECRET.cookie}","theme=dark"],"multiValueHeaders":{"X-API-Key":["${SECRET.apiKey}"]}}`,
    // A Python function's dict as it prints it (repr: single quotes).
    `{'client_secret': '${SECRET.clientSecret}', 'password': '${SECRET.password}'}`,
    // Credentials in a line API Gateway cut at 1 KiB, inside the secret key.
    `{"Credentials":{"AccessKeyId":"${SECRET.accessKeyId}","SecretAccessKey":"${SECRET.secretAccessKey.slice(0, 30)} [TRUNCATED]`,
    // A function that prints its environment, an encrypted token, a connection string.
    `AWS_SECRET_ACCESS_KEY=${SECRET.secretAccessKey} AWS_SESSION_TOKEN=${SECRET.sessionToken}`,
    `token ${JWE} rejected, redis://:${SECRET.password}@cache.example.com:6379 refused`,
    // A quoted password holding a comma, a semicolon and a brace, in JSON and in JSON in a JSON string.
    `{"password":"${SECRET.punctuatedPassword}","user":"u"}`,
    `{"body":${JSON.stringify(JSON.stringify({ password: SECRET.punctuatedPassword, user: 'u' }))}}`,
    // A JWT in standard base64, a connection string's user and password holding `,`, `/` and `@`,
    // a password percent-encoded in a query value, a body sent base64.
    `token ${b64url('{"alg":"HS256"}')}.${b64url('{"sub":"SYNTHETIC"}')}=.${SECRET.standardJwtSignature}== rejected, connect https://bo,b:${SECRET.urlPassword}@db.example.com/x`,
    `GET /login?body=${encodeURIComponent(JSON.stringify({ password: SECRET.encodedPassword }))} body ${SECRET.base64Body}`,
    // A body sent base64url.
    `body ${SECRET.base64UrlBody} sent`,
    // A new password under keys named for its reset, in JSON, a header map and the environment.
    `{"passwordReset":"${SECRET.resetPassword}"} {Password-Reset=${SECRET.resetPassword}, Host=h} DB_PASSWORD_RESET=${SECRET.resetPassword}`,
    // Labels after a `/` that start no custom method: a parameter path as a JSON key, a query value.
    `{"/prod/db/password":"${SECRET.slashPassword}"} GET /login?next=/home/password=${SECRET.slashPassword}`,
    // Objects and lists under a secret's label, whose own keys are no labels: in JSON, in JSON in a
    // JSON string, as a Python dict, and as a header map prints it.
    `{"passwordChange":{"old":"${SECRET.nestedPassword}","new":"x"},"apiKeys":["${SECRET.nestedKey}"]} {"body":${JSON.stringify(JSON.stringify({ secret: { value: SECRET.nestedKey } }))}} {'password': {'old': '${SECRET.nestedPassword}'}}`,
    `{"credentials":{"user":"u","pin":"${SECRET.nestedPassword}"}} {token={kid=k1, value=${SECRET.nestedKey}}, Host=h}`,
    // A Java function's message escaped by Gson, a SOAP body's CDATA password, a subscription key, a
    // vendor's token and a PEM private key a function printed.
    `{"errorMessage":"login failed user\\u003du\\u0026password\\u003d${SECRET.gsonPassword}"} <auth:Password><![CDATA[${SECRET.cdataPassword}]]></auth:Password>`,
    `{Ocp-Apim-Subscription-Key=${SECRET.subscriptionKey}, Host=h} slack said invalid_auth for ${SECRET.slackToken}, key -----BEGIN RSA PRIVATE KEY-----\\n${SECRET.pemKeyLine}\\n-----END RSA PRIVATE KEY-----`,
    // Gson's escapes under an object, a list and a quoted value (a Java function's environment map).
    `{"errorMessage":"env {DB\\u003d{password\\u003d${SECRET.gsonNestedPassword}, port\\u003d5432}, x-api-key\\u003d[${SECRET.gsonNestedPassword}], pwd\\u003d\\u0027a, ${SECRET.gsonNestedPassword}\\u0027}"}`,
    // Short secrets under suffixed labels: a header map, JSON, a header line, XML.
    `{X-PIN-Code=${SECRET.shortCode}, Host=h} {"otp_code":"${SECRET.shortCode}","cvv2":"${SECRET.shortCode}"} X-Pass-Code: ${SECRET.shortCode} <pinNumber>${SECRET.shortCode}</pinNumber>`,
    // Private keys as PHP escapes them (\/), with legacy encryption headers, with \u000a line breaks and cut, and SSH2's.
    `{"errorMessage":"key -----BEGIN RSA PRIVATE KEY-----\\nProc-Type: 4,ENCRYPTED\\nDEK-Info: AES-128-CBC,0123456789ABCDEF\\n\\n${SECRET.pemLegacyLine}\\/x\\n-----END RSA PRIVATE KEY-----"} ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\\u000a${SECRET.pemLegacyLine}`,
    // CDATA sections after an escaped line break, escaped as Go escapes them, and split in two.
    `{"body":"<password>\\n  <![CDATA[${SECRET.cdataVariantPassword}]]>\\n</password>\\u003cpassword\\u003e\\u003c![CDATA[${SECRET.cdataVariantPassword}]]\\u003e"} <password><![CDATA[ab]]]]><![CDATA[>${SECRET.cdataVariantPassword}]]></password>`,
    // Vendors' tokens and a key id right after an escaped line break, an escaped tab, an encoded =.
    `{"errorMessage":"token was:\\n${SECRET.githubToken}, key\\t${SECRET.stripeKey}, id\\n${SECRET.accessKeyId}"} GET /cb?next=%3D${SECRET.slackToken}`,
    // .NET's escapes: quotes as \u0022 in JSON in a JSON string, a CDATA section's < and > in capitals.
    `{"body":"{\\u0022password\\u0022:\\u0022${SECRET.dotNetPassword}\\u0022} \\u003Cpassword\\u003E\\u003C![CDATA[${SECRET.dotNetPassword}]]\\u003E"}`,
    // Keys cut before their END lines: OpenPGP's after its blank line, one indented under YAML's key: |.
    `{"m":"-----BEGIN PGP PRIVATE KEY BLOCK-----\\n\\n${SECRET.pemIndentedLine}\\nAbCd key: |\\n    -----BEGIN PRIVATE KEY-----\\n    ${SECRET.pemIndentedLine}\\n    AbCd"}`,
    // Python's bytes, Slack's refresh token, an MFA code before a form's next field.
    `{'password': b'a, ${SECRET.pythonBytesPassword}', 'n': 1} refresh ${SECRET.slackRefreshToken} failed, mfa_code=${SECRET.shortCode}&x=1`,
    // Codes under camelCase and PascalCase keys: Cognito's and IAM's fields, a form, YAML.
    `{"ConfirmationCode":"${SECRET.camelCode}","AuthenticationCode1":"${SECRET.camelCode}"} newPin=${SECRET.camelCode}&x=1 emailVerificationCode: ${SECRET.camelCode} done`,
    // A PIN confirmed beside the new one, a code under a verb-first key in a form, Amplify's lower-case key.
    `{"newPin":"${SECRET.verbFirstCode}","confirmPin":"${SECRET.verbFirstCode}"} confirmOtp=${SECRET.verbFirstCode}&x=1 {"confirmationCode":"${SECRET.camelCode}"}`,
    // A private key percent-encoded in a form body, and one cut before its END line.
    `body cert=-----BEGIN%20PRIVATE%20KEY-----%0A${SECRET.encodedKeyLine}%0A-----END%20PRIVATE%20KEY-----&x=1 k=-----BEGIN+PRIVATE+KEY-----%0A${SECRET.encodedKeyLine}`,
    // Slack's app-level token, after an escaped line break too.
    `socket mode rejected ${SECRET.slackAppToken}\\n${SECRET.slackAppToken}`,
    // A PuTTY private key file a function printed, in a JSON string.
    `{"m":"PuTTY-User-Key-File-2: ssh-rsa\\nEncryption: none\\nPublic-Lines: 1\\nAAAAB3NzaC1yc2E\\nPrivate-Lines: 2\\n${SECRET.puttyPrivateLine}\\n${SECRET.puttyPrivateLine}=\\nPrivate-MAC: ${SECRET.puttyMac}"}`,
    // A token pasted with its start elided (people shorten tokens when they paste logs).
    `rejected token …${JWT.slice(20)}`,
    // Shapes found wherever they are; the Authorization header last, since its label takes the rest of the item.
    `https://admin:${SECRET.password}@db.example.com/x GET https://bucket.s3.amazonaws.com/k${URL_QUERY} Authorization: Bearer ${JWT}`,
  ].map((text) => ({ name: `a function error that echoes ${text.slice(0, 40)}…`, inject: everywhere(text) })),
];

// ---- the real inputs ---------------------------------------------------------------------------

interface RealInput {
  readonly name: string;
  readonly lines: readonly string[];
  readonly success: boolean;
}

function realInputs(): RealInput[] {
  const inputs: RealInput[] = corpusLogFiles().map((file) => ({
    name: file,
    lines: readCorpusFile(file).split('\n'),
    success: false,
  }));
  for (const [fixture, success] of [
    ['real-lines.json', false],
    ['real-successes.json', true],
  ] as const) {
    const samples = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', fixture), 'utf8')) as Record<
      string,
      { lines: string[] }
    >;
    for (const [name, { lines }] of Object.entries(samples)) inputs.push({ name, lines, success });
  }
  return inputs;
}

// ---- every output ------------------------------------------------------------------------------

const T = Date.UTC(2026, 10, 25, 17, 58);
const WINDOW_MINUTES = 5;

/**
 * Every output of one input, from one analysis: what `classify --json FILE` and `classify FILE` write
 * (stdout and the stderr summary of unparsed lines), and what the function writes for the same
 * requests (its `failed-request` log lines and EMF metrics, one alert per cause and window built as
 * it builds them, with the sample trails read back from the events). The wiring of those in
 * processDelivery is checked once below.
 */
function outputsOf(text: string, name: string): Record<string, string> | undefined {
  let input: ReturnType<typeof parseInput>;
  try {
    input = parseInput(text, name);
  } catch (error) {
    // An input the injection made unreadable (a test-invoke JSON whose structure it broke).
    if (error instanceof InputError) return undefined;
    throw error;
  }
  const analysis = analyze(input.batches);
  // FilterLogEvents reads the execution log group only; every event is a superset of it.
  const events = input.batches.flatMap((batch) => batch.events);
  const counts = aggregateDelivery(analysis, {
    windowMinutes: WINDOW_MINUTES,
    countExecutionLogs: true,
    fallbackTimeMs: T,
  });
  const incidents = new Map<string, CountedFailure[]>();
  for (const counted of counts.counted) {
    const key = `${counted.api}|${counted.stage}|${counted.windowStartMs}|${counted.failure.cause}`;
    incidents.set(key, [...(incidents.get(key) ?? []), counted]);
  }
  const alerts = [...incidents.values()].map((group) => {
    const [{ api, stage, windowStartMs, failure } = counts.counted[0] as CountedFailure] = group;
    const evidence = evidenceFor(counts.counted, { api, stage, windowStartMs }, failure.cause);
    const message = buildAlertMessage({
      kind: ALERT_KIND.alert,
      api,
      stage,
      windowStartMs,
      windowMinutes: WINDOW_MINUTES,
      subject: failure.cause,
      cause: failure.cause,
      count: group.length,
      masked: group.filter((c) => c.failure.masked).length,
      threshold: 1,
      requests: group.length,
      evidence,
      trails: trailsFromEvents(
        evidence.samples.map((sample) => sample.requestId),
        events,
      ),
    });
    return JSON.stringify(message);
  });
  return {
    'CLI --json': renderJsonLines(analysis.failures),
    'CLI report': renderReport(analysis, { color: false }),
    'CLI stderr (unparsed lines)': renderUnparsedSummary(analysis.unparsed),
    "function's failed-request log lines": analysis.failures
      .map((failure) => JSON.stringify({ type: 'failed-request', ...failure }))
      .join('\n'),
    "function's EMF metrics": JSON.stringify(
      countEmf({ namespace: 'N', counted: counts.counted, requests: analysis.requests, fallbackTimeMs: T }),
    ),
    'alert e-mail, SMS and subject with trails': alerts.join('\n'),
  };
}

/** The function itself over one delivery: its log lines (EMF included) and the alerts it publishes, trails read back. */
async function functionOutputs(lines: readonly string[]): Promise<{ text: string; alerts: number }> {
  const logEvents: LogEvent[] = lines.map((message, i) => ({ id: `e${i}`, timestamp: T, message }));
  const payload: SubscriptionPayload = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: 'API-Gateway-Execution-Logs_sweep0001/prod',
    logStream: 's',
    subscriptionFilters: [],
    logEvents,
  };
  // Sample trails are read from every alerted scope's execution log group.
  const groups = analyze([{ source: { logGroup: payload.logGroup }, events: logEvents }]).failures.map((f) =>
    executionLogGroupName(f.api ?? 'unknown', f.stage ?? 'unknown'),
  );
  const config = loadConfig({
    TABLE_NAME: 't',
    TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:t',
    SERVER_ERROR_THRESHOLD: '1',
    LIMIT_ERROR_THRESHOLD: '1',
    CLIENT_ERROR_THRESHOLD: '1',
    EXECUTION_LOG_GROUPS: [...new Set(groups)].join(','),
  });
  const out: string[] = [];
  let alerts = 0;
  const states = new Map<string, AlertState>();
  const counts = new Map<string, number>();
  const ports: DeliveryPorts = {
    isDeliveryProcessed: async () => false,
    markDeliveryProcessed: async () => true,
    applyIncrements: async (_id, increments) => {
      for (const i of increments) {
        const key = `${i.api}|${i.stage}|${i.windowStartMs}|${i.subject}`;
        counts.set(key, (counts.get(key) ?? 0) + i.count);
      }
      return { applied: increments.length, alreadyApplied: 0, appliedKeys: increments };
    },
    readWindow: async (api, stage, windowStartMs) => {
      const causes: Record<string, { count: number; masked: number }> = {};
      let requests = 0;
      for (const [key, count] of counts) {
        const [a, s, w, subject] = key.split('|');
        if (a !== api || s !== stage || Number(w) !== windowStartMs || subject === undefined) continue;
        if (subject === 'requests') requests = count;
        else causes[subject] = { count, masked: 0 };
      }
      return { api, stage, windowStartMs, requests, causes: causes as WindowCounts['causes'] };
    },
    readAlertStates: async (api, stage) =>
      [...states.values()].filter((s) => s.api === api && s.stage === stage),
    writeAlertState: async (next) => {
      states.set(`${next.api}|${next.stage}|${next.subject}`, next);
      return true;
    },
    publish: async (alert: AlertMessage) => {
      out.push(JSON.stringify(alert));
      alerts += 1;
      return `m${alerts}`;
    },
    readTrails: async ({ requestIds }) => ({
      kind: 'events',
      events: logEvents.filter((e) => requestIds.some((id) => e.message.includes(id))),
    }),
    log: (line) => out.push(JSON.stringify(line)),
    now: () => T + 60_000,
    sleep: async () => {},
  };
  await processDelivery(payload, config, ports);
  return { text: out.join('\n'), alerts };
}

// ---- the search ----------------------------------------------------------------------------------

const FRAGMENT = 12;
const SECRETS = Object.values(SECRET);

/**
 * The first piece of `secret` at least FRAGMENT characters long that `text` holds. Any such piece
 * holds one of the secret's aligned FRAGMENT/2 blocks, so the blocks are searched first.
 */
function leakedPiece(secret: string, text: string): string | undefined {
  const half = FRAGMENT / 2;
  let blockSeen = false;
  for (let i = 0; i + half <= secret.length && !blockSeen; i += half)
    blockSeen = text.includes(secret.slice(i, i + half));
  if (!blockSeen) return undefined;
  for (let i = 0; i + FRAGMENT <= secret.length; i++) {
    const piece = secret.slice(i, i + FRAGMENT);
    if (text.includes(piece)) return piece;
  }
  return undefined;
}

function leaksIn(outputs: Record<string, string>, original: string): string[] {
  const found: string[] = [];
  for (const [where, text] of Object.entries(outputs)) {
    for (const secret of SECRETS) {
      const piece = leakedPiece(secret, text);
      // A piece the real lines already hold is no injected secret.
      if (piece === undefined || original.includes(piece)) continue;
      const at = text.indexOf(piece);
      found.push(`${where}: …${text.slice(Math.max(0, at - 80), at + 40)}…`);
    }
  }
  return found;
}

describe('no injected secret leaves in any output', () => {
  if (!requireCorpus()) return;
  const inputs = realInputs();

  for (const { name, inject, successes } of INJECTIONS) {
    it(`from ${name}`, () => {
      const leaks: string[] = [];
      let alerts = 0;
      for (const input of inputs) {
        if (input.success && !successes) continue;
        const injected = input.lines.map((line) => (line.trim() === '' ? line : inject(line))).join('\n');
        const original = input.lines.join('\n');
        if (injected === original) continue;
        const outputs = outputsOf(injected, input.name);
        if (outputs === undefined) continue;
        alerts += outputs['alert e-mail, SMS and subject with trails']?.split('\n').length ?? 0;
        for (const leak of leaksIn(outputs, original)) leaks.push(`${input.name}: ${leak}`);
      }
      assert.ok(alerts > 30, `only ${alerts} alerts built: the sweep no longer reaches them`);
      assert.deepEqual(leaks.slice(0, 5), [], `${leaks.length} leaks`);
    });
  }

  it('from every injection at once, through the function as it runs (log lines, EMF, published alerts with trails)', async () => {
    const leaks: string[] = [];
    let alerts = 0;
    let trails = 0;
    for (const input of inputs.filter((i) => i.name.endsWith('.log'))) {
      const injected = input.lines.map((line) =>
        line.trim() === '' ? line : INJECTIONS.reduce((l, { inject }) => inject(l), line),
      );
      const outputs = await functionOutputs(injected);
      alerts += outputs.alerts;
      if (outputs.text.includes('\\n    ')) trails += 1;
      for (const leak of leaksIn({ function: outputs.text }, input.lines.join('\n')))
        leaks.push(`${input.name}: ${leak}`);
    }
    assert.ok(alerts > 20 && trails > 5, `${alerts} alerts, ${trails} inputs with trails`);
    assert.deepEqual(leaks.slice(0, 5), [], `${leaks.length} leaks`);
  });
});
