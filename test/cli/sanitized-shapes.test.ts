/**
 * Metamorphic test: people who post API Gateway logs publicly (GitHub issues, re:Post, blogs, Stack
 * Overflow) sanitize them first: they hide request ids, account ids, regions, API ids, function
 * names, IPs, headers, bodies, times and keys behind placeholders. Each sanitization below leaves the
 * text that names the cause as it was, so every real sample must keep, sanitized, the causes, masked
 * flags and confidences the original gets (as a multiset: ids may change), unless EXCEPTIONS names
 * the sample and what the sanitization took away.
 *
 * The samples are REAL (realSampleTexts(): ../shared/corpus and test/fixtures/real-*.json). The
 * sanitizations are SYNTHETIC: substitutions in the spellings such pages use (`xxxxxxxx-xxxx-…`,
 * `<request-id>`, `123456789012`, `<region>`, `{...}`, `[REDACTED]`, `eyJ...`, `AKIA****`, …).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInput } from '../../cli/input';
import { analyze } from '../../lambda/core/pipeline';
import { requireCorpus } from '../support/corpus';
import { realSampleTexts } from '../support/real-logs';

type Sanitize = (text: string) => string;

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const ACCOUNT_IN_ARN = /(arn:aws[\w-]*:[\w-]+:[\w-]*:)\d{12}(?=:)/g;
const ACCOUNT_IN_PATH = /\/\d{12}(?=\/)/g;
const REGION =
  /\b(?:us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:gov-)?(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b/g;
const API_ID = /\b[a-z0-9]{10}(?=\.execute-api\.)/g;
const API_HOST = /\b[a-z0-9]{10}\.execute-api\.[a-z0-9-]+\.amazonaws\.com\b/g;
const FUNCTION_IN_ARN = /(function:)[\w-]+/g;
const FUNCTION_IN_PATH = /(\/functions\/)(?!arn:)[^/\s]+/g;
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
const ISO_TIME = /\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?/g;
const CONSOLE_TIME = /\b[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}(?= : )/g;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const ACCESS_KEY = /\b(A[KS]IA)[0-9A-Z]{16}\b/g;
/** The rest of a message, up to its line's end or an escaped `\n` (test-invoke JSON holds the log as one string). */
const REST = String.raw`(?:(?!\\n)[^\n])*`;
const after = (label: string) => new RegExp(`(${label}: )${REST}`, 'g');
const REQUEST_HEADERS = after('(?:Method|Endpoint) request headers');
const RESPONSE_HEADERS = after('Endpoint response headers');
const REQUEST_BODY = after('(?:Method request body before|Endpoint request body after) transformations');
const SECRET_HEADER = /\b(Authorization|x-api-key|X-Amz-Security-Token|Cookie)=[^,}\s\\]*/gi;
const field = (name: string) => new RegExp(`("${name}"\\s*:\\s*")[^"]*"`, 'g');

const to =
  (pattern: RegExp, placeholder: string): Sanitize =>
  (text) =>
    text.replace(pattern, placeholder);
const requestIds = (placeholder: string) => to(UUID, placeholder);
const accounts =
  (placeholder: string): Sanitize =>
  (text) =>
    text.replace(ACCOUNT_IN_ARN, `$1${placeholder}`).replace(ACCOUNT_IN_PATH, `/${placeholder}`);

/** Each sanitization, by what it does. */
const SANITIZATIONS: Readonly<Record<string, Sanitize>> = {
  'request ids → xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx': requestIds('xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'),
  'request ids → <request-id>': requestIds('<request-id>'),
  'request ids → REQUEST_ID': requestIds('REQUEST_ID'),
  'request ids → ...': requestIds('...'),
  'request ids → ***': requestIds('***'),
  'request ids → abc123': requestIds('abc123'),
  'request ids → 12345': requestIds('12345'),
  'account ids → 123456789012': accounts('123456789012'),
  'account ids → XXXXXXXXXXXX': accounts('XXXXXXXXXXXX'),
  'account ids → <account-id>': accounts('<account-id>'),
  'account ids → {AccountId}': accounts('{AccountId}'),
  'account ids → ${AWS::AccountId}': accounts('$${AWS::AccountId}'),
  'account ids → *****': accounts('*****'),
  'regions → <region>': to(REGION, '<region>'),
  'regions → {region}': to(REGION, '{region}'),
  'regions → us-east-x': to(REGION, 'us-east-x'),
  'API ids → <api-id>': to(API_ID, '<api-id>'),
  'API ids → xxxxxxxxxx': to(API_ID, 'xxxxxxxxxx'),
  'apiId field → <api-id>': to(field('apiId'), '$1<api-id>"'),
  'requestId field → <request-id>': to(field('requestId'), '$1<request-id>"'),
  'requestId field → xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx': to(
    field('requestId'),
    '$1xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"',
  ),
  'requestId field → ***': to(field('requestId'), '$1***"'),
  'execution log group → API-Gateway-Execution-Logs_<api-id>': to(
    /(API-Gateway-Execution-Logs_)[a-z0-9]{10}/g,
    '$1<api-id>',
  ),
  'API hosts → example.com': to(API_HOST, 'example.com'),
  'function names → <function-name>': (text) =>
    text.replace(FUNCTION_IN_ARN, '$1<function-name>').replace(FUNCTION_IN_PATH, '$1<function-name>'),
  'function names → my-function': (text) =>
    text.replace(FUNCTION_IN_ARN, '$1my-function').replace(FUNCTION_IN_PATH, '$1my-function'),
  'IPs → x.x.x.x': to(IPV4, 'x.x.x.x'),
  'IPs → <ip>': to(IPV4, '<ip>'),
  'request headers → {...}': to(REQUEST_HEADERS, '$1{...}'),
  'request headers → [REDACTED]': to(REQUEST_HEADERS, '$1[REDACTED]'),
  'secret header values → ***': to(SECRET_HEADER, '$1=***'),
  'response headers → <redacted>': to(RESPONSE_HEADERS, '$1<redacted>'),
  'request bodies → {...}': to(REQUEST_BODY, '$1{...}'),
  'request bodies → <redacted>': to(REQUEST_BODY, '$1<redacted>'),
  'requestTime field → <timestamp>': to(field('requestTime'), '$1<timestamp>"'),
  'ISO times → <timestamp>': to(ISO_TIME, '<timestamp>'),
  'ISO times → YYYY-MM-DDTHH:MM:SSZ': to(ISO_TIME, 'YYYY-MM-DDTHH:MM:SSZ'),
  'console times → <timestamp>': to(CONSOLE_TIME, '<timestamp>'),
  'JWTs → eyJ...': to(JWT, 'eyJ...'),
  'access keys → AKIA****': to(ACCESS_KEY, '$1****'),
};

/**
 * Samples whose evidence a sanitization truly removes, by sanitization, each with why. Giving every
 * request one made-up id (REQUEST_ID, abc123) merges several requests' trails into one: which line
 * belonged to which request is gone. Redacting Lambda's response headers takes away its
 * X-Amz-Function-Error or error type, which made the cause certain.
 */
const EXCEPTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'request ids → REQUEST_ID': { 'SIB-ericallam-multiple-requests-malformed-then-200s': 'several requests' },
  'request ids → abc123': { 'SIB-ericallam-multiple-requests-malformed-then-200s': 'several requests' },
  'request ids → 12345': { 'SIB-ericallam-multiple-requests-malformed-then-200s': 'several requests' },
  'response headers → <redacted>': {
    'GH-rotemtam-handled-error-422-to-400': 'X-Amz-Function-Error=Handled made it certain',
    'NGROK-reserved-concurrency-malformed-502': 'x-amzn-ErrorType=TooManyRequestsException made it certain',
    'SO-50929878-awslogs-throttle-malformed-502': 'x-amzn-ErrorType=TooManyRequestsException made it certain',
    'S06-01.log': 'x-amzn-ErrorType=TooManyRequestsException made it certain',
    'MINE-INTL-KCIT-template-invoke-403-accessdenied-joined-one-line':
      'one line: the redaction runs to its end and takes the AccessDeniedException body after the headers',
  },
};

/**
 * Samples whose evidence a sanitization leaves in place but the analyzer does not read yet: defects
 * still open, listed so the test guards everything else. Each names what is not read.
 */
const KNOWN_GAPS: Readonly<Record<string, Readonly<Record<string, string>>>> = {};

function summaries(text: string, name: string): string[] {
  return analyze(parseInput(text, name).batches)
    .failures.map((f) => `${f.cause}${f.masked ? ' (masked)' : ''} ${f.confidence}`)
    .sort();
}

describe('real samples sanitized as people publish them', () => {
  const samples = realSampleTexts().map(([name, text]) => ({ name, text, expected: summaries(text, name) }));

  it('finds the real samples: the corpus and both fixture files', () => {
    requireCorpus();
    assert.ok(samples.length > 250, String(samples.length));
  });

  for (const [sanitization, sanitize] of Object.entries(SANITIZATIONS)) {
    it(`keeps every sample's causes, masked flags and confidences when ${sanitization}`, () => {
      const changed: string[] = [];
      let touched = 0;
      for (const { name, text, expected } of samples) {
        const sanitized = sanitize(text);
        if (sanitized === text) continue;
        touched++;
        if (EXCEPTIONS[sanitization]?.[name] !== undefined || KNOWN_GAPS[sanitization]?.[name] !== undefined)
          continue;
        const got = summaries(sanitized, name);
        if (got.join(' | ') !== expected.join(' | '))
          changed.push(`${name}: ${expected.join(' | ') || 'none'} → ${got.join(' | ') || 'none'}`);
      }
      assert.ok(touched > 0, `${sanitization} changes no sample`);
      assert.deepEqual(changed, []);
    });
  }
});
