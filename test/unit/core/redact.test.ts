/** redact: secrets never leave in evidence, alerts or log lines. Every secret below is synthetic. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { redact, redactCut, redactRoute, TOO_LONG_TO_SCAN } from '../../../lambda/core/redact';
import { outputWithinLimit } from '../../support/time-limit';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl';
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

const CASES: readonly {
  readonly name: string;
  readonly text: string;
  readonly secret: string;
  readonly kept?: string;
}[] = [
  {
    name: 'an Authorization header as execution logs print it',
    text: 'Method request headers: {Authorization=Bearer abc.def.ghi123456, Host=api.example.com}',
    secret: 'abc.def.ghi123456',
    kept: 'Host=api.example.com',
  },
  {
    name: 'an Authorization header in JSON',
    text: '{"Authorization":"Basic dXNlcjpwYXNzd29yZA=="}',
    secret: 'dXNlcjpwYXNzd29yZA==',
  },
  {
    name: 'an x-api-key header',
    text: 'Method request headers: {x-api-key=k3yV4lue0123456789, Accept=*/*}',
    secret: 'k3yV4lue0123456789',
    kept: 'Accept=*/*',
  },
  { name: 'an x-api-key in JSON', text: '{"x-api-key": "k3yV4lue0123456789"}', secret: 'k3yV4lue0123456789' },
  {
    name: 'the part of an Authorization header API Gateway quotes back when it is no signature (user:password sent unencoded)',
    text: "'jweems@example.com:hunter2pass' not a valid key=value pair (missing equal-sign) in Authorization header: 'Basic jweems@example.com:hunter2pass'.",
    secret: 'hunter2pass',
    kept: 'not a valid key=value pair',
  },
  {
    name: 'a raw token API Gateway quotes back as the Authorization header',
    text: "'r4wT0kenValue' not a valid key=value pair (missing equal-sign) in Authorization header: 'r4wT0kenValue'.",
    secret: 'r4wT0kenValue',
  },
  {
    name: 'an echoed Authorization header whose password holds a quote',
    text: "'user:p4'ssw0rd' not a valid key=value pair (missing equal-sign) in Authorization header: 'Basic user:p4'ssw0rd'.",
    secret: 'ssw0rd',
    kept: 'not a valid key=value pair',
  },
  {
    name: 'an echoed Authorization header cut with its line (execution logs cut lines at 1 KiB)',
    text: `Gateway response body: {"message":"'abc' not a valid key=value pair (missing equal-sign) in Authorization header: 'Token Zx9${'q'.repeat(900)}`,
    secret: 'Zx9qqq',
    kept: 'Gateway response body',
  },
  {
    name: 'a password in a URL',
    text: 'Connection refused to https://admin:S3cretPassw0rd@backend.example.com/v1',
    secret: 'S3cretPassw0rd',
    kept: 'backend.example.com/v1',
  },
  // SYNTHETIC connection strings a function error may print: a Redis URL's password has no user, a
  // git remote's token no password.
  {
    name: 'a password without a user in a URL',
    text: 'Error: connect to redis://:S3cretPassw0rd@cache.example.com:6379 failed',
    secret: 'S3cretPassw0rd',
    kept: 'cache.example.com:6379 failed',
  },
  // SYNTHETIC connection strings whose password holds `?` or `#`: a function error prints it raw,
  // unencoded, as it was configured.
  {
    name: 'a URL password holding a question mark',
    text: '{"errorMessage":"could not connect to postgres://app:pa?ss99@db.internal:5432/orders"}',
    secret: 'pa?ss99',
    kept: 'db.internal:5432/orders',
  },
  {
    name: 'a URL password holding a hash',
    text: 'Error: connect amqp://svc:S3cr#t@mq.internal/ failed',
    secret: 'S3cr#t',
    kept: 'mq.internal/ failed',
  },
  {
    name: 'a URL password without a user holding a hash',
    text: 'Error: connect to redis://:p#ss1234@cache.example.com:6379 failed',
    secret: 'p#ss1234',
    kept: 'cache.example.com:6379 failed',
  },
  // SYNTHETIC connection strings whose password holds what RFC 3986 allows raw in user information
  // (`, ' ( ) ! * ; =`) or a generated password's brackets, quote or backslash.
  {
    name: 'a URL password holding a comma (an RFC 3986 sub-delim)',
    text: 'Error: connect postgres://app:S3cr,et!@db.internal:5432/app failed',
    secret: 'S3cr,et!',
    kept: 'db.internal:5432/app failed',
  },
  {
    name: 'a URL password holding parentheses and a quote',
    text: "Error: connect postgres://app:pa(ss)'w0rd@db.internal:5432/app failed",
    secret: "pa(ss)'w0rd",
    kept: 'db.internal:5432/app failed',
  },
  {
    name: 'a URL password holding brackets, braces and angle brackets',
    text: 'Error: connect postgres://app:p[a]{s}<s>9@db.internal:5432/app failed',
    secret: 'p[a]{s}<s>9',
    kept: 'db.internal:5432/app failed',
  },
  {
    name: 'a URL password holding a double quote and a backslash',
    text: String.raw`Error: connect postgres://app:pa"s\s9@db.internal:5432/app failed`,
    secret: String.raw`pa"s\s9`,
    kept: 'db.internal:5432/app failed',
  },
  {
    name: 'a URL password without a user holding a comma, in JSON',
    text: '{"url":"redis://:pass,w0rd@cache.internal:6379"}',
    secret: 'pass,w0rd',
    kept: 'cache.internal:6379',
  },
  {
    name: 'a token alone as the user of a URL',
    text: 'fatal: could not read https://ghp_S3cretT0kenValue@git.example.com/org/repo.git',
    secret: 'S3cretT0kenValue',
    kept: 'git.example.com/org/repo.git',
  },
  {
    name: 'a signed URL and a function key in a query',
    text: 'GET https://files.example.net/a.csv?sv=2024-01-01&sig=9f8e7d6c5b4a39281706&code=AzFuncKeyAbc123XYZ==',
    secret: '9f8e7d6c5b4a39281706',
    kept: 'sv=2024-01-01',
  },
  {
    name: 'a function key in a query',
    text: 'https://fn.example.net/api/orders?code=AzFuncKeyAbc123XYZ==&x=1',
    secret: 'AzFuncKeyAbc123XYZ==',
    kept: 'x=1',
  },
  {
    name: 'a presigned S3 URL',
    text: 'https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIDEXAMPLE%2F20261125%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261125T000000Z',
    secret: 'AKIDEXAMPLE%2F20261125',
    kept: 'X-Amz-Date=20261125T000000Z',
  },
  {
    name: 'a Cookie header',
    text: 'Method request headers: {Cookie=session=s3cr3t; theme=dark}',
    secret: 's3cr3t',
  },
  { name: 'a Set-Cookie header', text: '{"Set-Cookie":"sid=0123abcd; HttpOnly"}', secret: '0123abcd' },
  {
    name: 'a bearer token in prose',
    text: 'caller sent Bearer abcdefghijklmnop1234 and failed',
    secret: 'abcdefghijklmnop1234',
    kept: 'and failed',
  },
  {
    name: 'a JWT on its own',
    text: `token ${JWT} rejected`,
    secret: 'eyJzdWIiOiIxMjM0NTY3ODkwIn0',
    kept: 'rejected',
  },
  {
    name: 'a JWT pasted with its start elided, with its signature',
    text: `token …${JWT.slice(12)} rejected`,
    secret: JWT.split('.')[2] ?? '',
    kept: 'rejected',
  },
  {
    name: 'a JWT cut after its payload (a line cut short)',
    text: `Incoming identity: ${JWT.split('.').slice(0, 2).join('.').slice(0, 45)}`,
    secret: JWT.slice(21, 45),
    kept: 'Incoming identity',
  },
  // SYNTHETIC tokens in the compact JOSE shapes whose second segment is no `eyJ` JSON: an encrypted
  // JWE (its second segment is the encrypted key, empty under direct encryption) and a JWS whose
  // payload is not JSON or was cut short.
  {
    name: 'a JWE (five segments) on its own',
    text: 'token eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJ.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji.XFBoMYUZodetZdvTiFvSkQ rejected',
    secret: '5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji',
    kept: 'rejected',
  },
  {
    name: 'a JWE under direct encryption (its key segment empty)',
    text: 'token eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz.XFBoMYUZodetZdvTiFvSkQ rejected',
    secret: '5eym8TW_c8SuK0ltJ3rpYIzOeDQz',
    kept: 'rejected',
  },
  {
    name: 'a JWS whose payload is no JSON object',
    text: 'token eyJhbGciOiJIUzI1NiJ9.U0VDUkVUcGF5bG9hZA.c2lnbmF0dXJlc2lnbmF0dXJl rejected',
    secret: 'U0VDUkVUcGF5bG9hZA',
    kept: 'rejected',
  },
  // SYNTHETIC tokens encoded in standard base64 (`+`, `/`, `=` padding), as some libraries build
  // them: the whole signature goes, not only the base64url run before its first `+`, `/` or `=`.
  {
    name: 'a JWT whose payload carries = padding, with the signature after it',
    text: 'token rejected: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0=.c2lnbmF0dXJlc2lnbmF0dXJlSIG99 at verify',
    secret: 'c2lnbmF0dXJlc2lnbmF0dXJlSIG99',
    kept: 'at verify',
  },
  {
    name: 'a JWT whose signature holds + and / (standard base64)',
    text: 'token rejected: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0+dXJlc2ln/bmF0dXJlSIG99== at verify',
    secret: 'bmF0dXJlSIG99',
    kept: 'at verify',
  },
  {
    name: 'a JWT whose payload holds + and / (standard base64)',
    text: '{"error":"bad token","jwt":eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx+MjM0/NTY3ODkwIn0.c2lnbmF0dXJlSIG99}',
    secret: 'c2lnbmF0dXJlSIG99',
  },
  // SYNTHETIC query strings holding a percent-encoded body or form: the quotes, `:` and `=` that show
  // a label are encoded there (`%22password%22%3A%22…%22`, `password%3D…`).
  {
    name: 'a password in percent-encoded JSON in a query string',
    text: 'GET https://api.example.com/v1/login?body=%7B%22user%22%3A%22bob%22%2C%22password%22%3A%22hunter2xyz%22%7D failed',
    secret: 'hunter2xyz',
    kept: '%22user%22%3A%22bob%22',
  },
  {
    name: 'a password in percent-encoded JSON holding an encoded comma',
    text: 'GET /v1/login?body=%7B%22password%22%3A%22hunter%2C2xyz%22%2C%22user%22%3A%22bob%22%7D failed',
    secret: '2xyz',
    kept: '%22user%22%3A%22bob%22',
  },
  {
    name: 'a percent-encoded password=value pair in the middle of a query value',
    text: 'GET /login?q=user%3Dbob%20password%3Dhunter2xyz%20remember%3D1&page=2 failed',
    secret: 'hunter2xyz',
    kept: 'remember%3D1&page=2',
  },
  {
    name: 'a percent-encoded token=value pair at the start of a query value',
    text: 'GET /cb?state=access_token%3DT0kenVal9x%26scope%3Dread failed',
    secret: 'T0kenVal9x',
    kept: 'scope%3Dread',
  },
  // SYNTHETIC connection strings a function error prints raw, as configured: a password holding `/`
  // or `@` (a URL parser reads user information up to the authority's last `@`).
  {
    name: 'a URL password holding a slash',
    text: 'connect https://bob:pa/ss99zz@db.example.com/x failed',
    secret: 'ss99zz',
    kept: 'db.example.com/x failed',
  },
  {
    name: 'a URL password holding a raw @',
    text: 'connect https://bob:p@ss99zz@db.example.com/x failed',
    secret: 'ss99zz',
    kept: 'db.example.com/x failed',
  },
  {
    name: 'a URL password holding two raw @, the URL without a path',
    text: 'connect postgres://app:p@s@s99zz@db.example.com:5432 failed',
    secret: 's99zz',
    kept: 'db.example.com:5432 failed',
  },
  // SYNTHETIC connection strings whose user name holds a comma or a quote, as configured.
  {
    name: 'a URL password after a user name holding a comma',
    text: 'connect https://bo,b:pw123456@h.example/x failed',
    secret: 'pw123456',
    kept: 'h.example/x failed',
  },
  {
    name: 'a URL password after a user name holding a double quote',
    text: 'connect https://b"ob:pw123456@h.example/x failed',
    secret: 'pw123456',
    kept: 'h.example/x failed',
  },
  // SYNTHETIC request bodies a client sent base64, or that API Gateway passed on base64 (a binary
  // media type: the proxy event's body with isBase64Encoded): the secret shows only decoded, so the
  // whole base64 run goes.
  {
    name: 'a password in a base64 JSON request body',
    text: `Method request body before transformations: ${Buffer.from('{"user":"bob","password":"hunter2SYNTH"}').toString('base64')}`,
    secret: Buffer.from('{"user":"bob","password":"hunter2SYNTH"}').toString('base64').slice(12),
    kept: 'Method request body before transformations',
  },
  {
    name: 'a password in a base64 form body in the Lambda proxy event',
    text: `Endpoint request body after transformations: {"resource":"/login","body":"${Buffer.from('user=bob&password=hunter2SYNTH&remember=1').toString('base64')}","isBase64Encoded":true}`,
    secret: Buffer.from('user=bob&password=hunter2SYNTH&remember=1').toString('base64').slice(12),
    kept: '"isBase64Encoded":true',
  },
  {
    // SYNTHETIC: a Java client's body as Gson wrote it, sent base64: its `=` escaped as `\u003d`.
    name: "a password after Gson's escaped = in a base64 body",
    text: `Method request body before transformations: ${Buffer.from(String.raw`{"note":"login password\u003dhunter2SYNTHGSON"}`).toString('base64')}`,
    secret: Buffer.from(String.raw`{"note":"login password\u003dhunter2SYNTHGSON"}`)
      .toString('base64')
      .slice(12),
  },
  {
    name: 'a password in a base64 body cut with its line',
    text: `Method request body before transformations: ${Buffer.from('{"user":"bob","password":"hunter2SYNTHETIC"}').toString('base64').slice(0, 50)} [TRUNCATED]`,
    secret: Buffer.from('{"user":"bob","password":"hunter2SYNTHETIC"}').toString('base64').slice(20, 50),
  },
  // SYNTHETIC (review R2, F3): API Gateway's 1 KiB cut may split a multi-byte character, so the
  // decoded body ends in 1 to 3 bytes of no character: the text before them is still read. Every
  // cut from 48 to 72 characters: half of them end inside an `é`.
  ...Array.from({ length: 25 }, (_, n) => {
    const body = Buffer.from(`{"password":"SYNTHs3cretPw9","n":"${'é'.repeat(20)}"}`).toString('base64');
    return {
      name: `a password in a base64 body cut after ${48 + n} characters, inside a multi-byte character or not`,
      text: `Endpoint request body after transformations: ${body.slice(0, 48 + n)} [TRUNCATED]`,
      secret: body.slice(8, 48 + n),
      kept: 'Endpoint request body after transformations: ',
    };
  }),
  // SYNTHETIC: a JWT whose payload holds a labelled claim goes whole, its signature with it: the
  // base64 probe leaves a payload to the JWT rules.
  {
    name: 'the signature of a JWT whose payload holds a labelled claim',
    text: `Authorization header: ${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"sub":"x","token":"SYNTHtokValue99"}').toString('base64url')}.SYNTHsigQ1w2E3r4T5y6U7i8`,
    secret: 'SYNTHsigQ1w2E3r4T5y6U7i8',
    kept: 'Authorization header: ',
  },
  // SYNTHETIC: a body in base64url (`-`, `_`), as some clients encode it.
  {
    name: 'a password in a base64url body',
    text: `{"body":"${Buffer.from('{"user":"bob??>>","password":"SYNTHs3cretPw9"}').toString('base64url')}","isBase64Encoded":true}`,
    secret: Buffer.from('{"user":"bob??>>","password":"SYNTHs3cretPw9"}').toString('base64url').slice(8),
    kept: '"isBase64Encoded":true',
  },
  { name: 'an AWS access key id', text: `credentials ${ACCESS_KEY} used`, secret: ACCESS_KEY, kept: 'used' },
  { name: 'an AWS secret access key', text: `aws_secret_access_key=${SECRET_KEY}`, secret: SECRET_KEY },
  {
    name: 'an AWS secret access key cut with its line',
    text: `{"Credentials":{"SecretAccessKey":"${SECRET_KEY.slice(0, 25)} [TRUNCATED]`,
    secret: SECRET_KEY.slice(0, 25),
  },
  // SYNTHETIC: a function error that prints its environment or a credentials file, in the other
  // spellings these labels take (an environment variable, snake_case JSON, an SDK's secretKey).
  {
    name: 'an AWS secret access key as an environment variable (upper case)',
    text: `Lambda execution failed with status 200 due to customer function error: env AWS_SECRET_ACCESS_KEY=${SECRET_KEY} AWS_REGION=us-east-1`,
    secret: SECRET_KEY.slice(0, 20),
    kept: 'AWS_REGION=us-east-1',
  },
  {
    name: 'an AWS secret access key in snake_case JSON',
    text: `{"access_key_id":"x","secret_access_key": "${SECRET_KEY}"}`,
    secret: SECRET_KEY.slice(0, 20),
  },
  {
    name: "an AWS secret key under an SDK's secretKey",
    text: `{"secretKey":"${SECRET_KEY}"}`,
    secret: SECRET_KEY.slice(0, 20),
  },
  // SYNTHETIC: a number under a secret's label may be the secret (a PIN, a numeric key), so it goes,
  // as does a secretKey holding a name or path: a short secret key can hold `/` too.
  {
    name: 'a numeric password (a PIN) in JSON',
    text: '{"password":482913,"user":"u"}',
    secret: '482913',
    kept: '"user":"u"',
  },
  {
    name: 'a secretKey holding a path',
    text: '{"secretKey":"orders/prod/api","error":"AccessDenied"}',
    secret: 'orders/prod/api',
    kept: 'AccessDenied',
  },
  {
    name: 'a quoted password starting with a comma',
    text: '{"password":",S3cretPassw0rd","user":"u"}',
    secret: 'S3cretPassw0rd',
    kept: '"user":"u"',
  },
  // SYNTHETIC secrets starting with a literal: `true` or `null` is a setting's state only when the
  // value ends right after it, not when a bracket and more of the value follow.
  {
    name: 'a token starting with true and a parenthesis',
    text: 'config token=true) s3cr3tT0ken',
    secret: 's3cr3tT0ken',
  },
  {
    name: 'a password starting with null and a bracket',
    text: 'config password=null]hunter2pass',
    secret: 'hunter2pass',
  },
  // SYNTHETIC passwords starting with what follows a string's end (`}`, `]`, `,`): generated ones
  // pick from that punctuation, and only the next JSON key or the line's end says the quote closed.
  {
    name: 'a quoted password starting with a brace and a comma',
    text: '{"password":"},S3cretPassw0rd","user":"u"}',
    secret: 'S3cretPassw0rd',
    kept: '"user":"u"',
  },
  {
    name: 'a quoted password starting with a comma and a single quote',
    text: `{"password":",'S3cretPassw0rd","user":"u"}`,
    secret: 'S3cretPassw0rd',
    kept: '"user":"u"',
  },
  {
    name: 'a quoted password starting with two brackets',
    text: '{"password":"]]S3cretPassw0rd","user":"u"}',
    secret: 'S3cretPassw0rd',
    kept: '"user":"u"',
  },
  {
    name: 'a quoted password starting with a comma and an escaped quote',
    text: String.raw`{"password":",\"S3cretPassw0rd","user":"u"}`,
    secret: 'S3cretPassw0rd',
    kept: '"user":"u"',
  },
  {
    name: 'a quoted password starting with two commas, at the end of its object',
    text: '{"password":",,S3cretPassw0rd"}',
    secret: 'S3cretPassw0rd',
  },
  // SYNTHETIC labels the query rules already knew (`passwd`) or that name a key itself.
  {
    name: 'a passwd in JSON',
    text: '{"user":"u","passwd":"hunter2pass"}',
    secret: 'hunter2pass',
    kept: '"user":"u"',
  },
  {
    name: 'a private key in JSON',
    text: '{"private_key":"-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0","kid":"k1"}',
    secret: 'MIIEvQIBADANBgkqhkiG9w0',
    kept: '"kid":"k1"',
  },
  {
    name: 'a security token header',
    text: 'X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLE, Host=x',
    secret: 'IQoJb3JpZ2luX2VjEXAMPLE',
  },
  {
    name: "a password in JSON inside a Lambda proxy answer's body string (escaped quotes)",
    text: String.raw`Endpoint response body before transformations: {"statusCode":401,"body":"{\"message\":\"denied\",\"password\":\"hunter2pass\"}"}`,
    secret: 'hunter2pass',
    kept: 'denied',
  },
  {
    name: 'an AWS secret access key in JSON quoted again in a JSON string',
    text: String.raw`{"error":"{\"SecretAccessKey\":\"${SECRET_KEY}\"}"}`,
    secret: SECRET_KEY,
  },
  {
    name: "an API key in the Lambda proxy event's multiValueHeaders",
    text: 'Endpoint request body after transformations: {"multiValueHeaders":{"x-api-key":["k3yV4lue0123456789"],"Accept":["*/*"]}}',
    secret: 'k3yV4lue0123456789',
    kept: '"Accept":["*/*"]',
  },
  {
    name: "payload 2.0's cookies array, every cookie in it",
    text: '{"cookies":["sid=0123abcd","csrf=9876zyxw"],"rawPath":"/x"}',
    secret: '9876zyxw',
    kept: '"rawPath":"/x"',
  },
  {
    name: 'a password in a dict a Python function printed (single quotes)',
    text: "Lambda execution failed with status 200 due to customer function error: KeyError: 'user' in {'password': 'hunter2pass', 'path': '/x'}",
    secret: 'hunter2pass',
    kept: "'path': '/x'",
  },
  {
    name: "a presigned URL percent-encoded in another URL's query (an image proxy's ?url=)",
    text: `Endpoint request URI: https://img.example.com/resize?w=100&url=${encodeURIComponent(`https://b.s3.amazonaws.com/k?X-Amz-Credential=${ACCESS_KEY}/20261125/us-east-1/s3/aws4_request&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLE&X-Amz-Signature=${'ab'.repeat(32)}`)}`,
    secret: 'IQoJb3JpZ2luX2VjEXAMPLE',
    kept: 'resize?w=100',
  },
  {
    name: 'an access key id right after a percent-encoded character',
    text: `https://img.example.com/r?url=x%3FX-Amz-Credential%3D${ACCESS_KEY}%2F20261125`,
    secret: ACCESS_KEY,
  },
  {
    name: 'a SigV4 signature',
    text: `Credential=${ACCESS_KEY}/20261125/us-east-1/execute-api/aws4_request, Signature=${'ab'.repeat(32)}`,
    secret: 'ab'.repeat(32),
  },
  // SYNTHETIC sign-up bodies and a function error echoing one: a key that starts with a password
  // word holds the same password (Rails' and Laravel's password_confirmation).
  {
    name: "a password confirmation's JSON key",
    text: '{"email":"a@example.com","password_confirmation":"Hunter2Secret"}',
    secret: 'Hunter2Secret',
    kept: 'a@example.com',
  },
  {
    name: 'a camel-case password confirmation echoed in a function error',
    text: '{"errorMessage":"ValidationError: {\\"passwordConfirmation\\":\\"Hunter2Secret\\"} rejected"}',
    secret: 'Hunter2Secret',
  },
  {
    name: 'a numbered password form field',
    text: 'password2=Hunter2Secret&email=a',
    secret: 'Hunter2Secret',
  },
  { name: 'a passphrase', text: '{"passphrase":"correct horse battery"}', secret: 'correct horse' },
  // SYNTHETIC keys that start with a password word and go on with a word naming no property of it:
  // a reset's token, a new password, a hash.
  {
    name: "a password reset's token",
    text: '{"passwordResetToken":"R3setT0kenValue","passwordPolicy":"strict"}',
    secret: 'R3setT0kenValue',
    kept: '"passwordPolicy":"strict"',
  },
  { name: 'a password reset code', text: 'password_reset_code=834521', secret: '834521' },
  {
    name: "a password history's old hashes",
    text: '{"passwordHistory":["$2b$12$oldHashValue9"],"passwordMinLength":12}',
    secret: 'oldHashValue9',
    kept: '"passwordMinLength":12',
  },
  { name: 'a new password', text: '{"passwordNew":"N3wSecretPw"}', secret: 'N3wSecretPw' },
  { name: 'a password hash', text: "{'password_hash': '$2b$12$abcdefghijk'}", secret: 'abcdefghijk' },
  {
    name: 'a password whose key goes on with a property word and more',
    text: '{"passwordPolicyOverride":"0verr1deSecret"}',
    secret: '0verr1deSecret',
  },
  { name: 'a pwd field', text: "{'user': 'u', 'pwd': 'PwdSecret9'}", secret: 'PwdSecret9' },
  // SYNTHETIC (review R2, F1): a key ending in a word for a password's state or time (`reset`,
  // `changed`, `at`, `mismatch`, `error`) names no setting: a string under it may be the password
  // itself (a reset endpoint echoing the new one). Its real values, booleans, stay by NOT_LITERAL.
  ...(
    [
      ['a JSON key', '{"passwordReset":"SYNTHs3cretPw9"}'],
      ['a snake-case JSON key', '{"password_reset":"SYNTHs3cretPw9"}'],
      ['a form field', 'user=bob&passwordReset=SYNTHs3cretPw9'],
      ['a header in a header map', 'Method request headers: {Password-Reset=SYNTHs3cretPw9, Host=x}'],
      ['a header line', 'X-Password-Reset: SYNTHs3cretPw9'],
      ['an environment variable', 'DB_PASSWORD_RESET=SYNTHs3cretPw9'],
      ['an upper-case key before a colon', 'PASSWORD_EXPIRED: SYNTHs3cretPw9'],
      ['a key ending in at', '{"passwordAt":"SYNTHs3cretPw9"}'],
      ['a key ending in updated', '{"passwordUpdated":"SYNTHs3cretPw9"}'],
      ['a key ending in changed', '{"password_changed":"SYNTHs3cretPw9"}'],
      ['a key ending in valid', '{"passwordValid":"SYNTHs3cretPw9"}'],
      ['a key ending in invalid', '{"passwordInvalid":"SYNTHs3cretPw9"}'],
      ['a key ending in required', '{"newPasswordRequired":"SYNTHs3cretPw9"}'],
      ['a key ending in reset and required', 'passwordResetRequired=SYNTHs3cretPw9'],
      ['a Python dict key ending in mismatch', "{'password_mismatch': 'SYNTHs3cretPw9'}"],
      ['a Python argument ending in at', "Config(password_at='SYNTHs3cretPw9')"],
      ['a key ending in error, before a message', 'passwordError: wrong password SYNTHs3cretPw9 for bob'],
    ] as const
  ).map(([where, text]) => ({
    name: `a string under a password key named for its state: ${where}`,
    text,
    secret: 'SYNTHs3cretPw9',
  })),
  // SYNTHETIC: a label after a path is no path segment.
  {
    name: 'a token after a path and a space',
    text: 'POST /v1/session token:T0kenVal9x failed',
    secret: 'T0kenVal9x',
  },
  { name: 'a pass field', text: '{"pass":"PassSecret9","user":"u"}', secret: 'PassSecret9' },
  // SYNTHETIC (review R2, F2): a label after a `/` is a path's word only before a custom method
  // (`/v1/token:exchange`); a JSON key that is a path, a label in a query value, a path then `=`
  // hold a secret as any label does.
  ...(
    [
      ['a JSON key that is a parameter path', '{"/prod/db/password":"SYNTHs3cretPw9"}'],
      ['a query value holding a path and a label', 'GET /login?next=/home/password=SYNTHs3cretPw9'],
      ['a query value going on after a slash', '/login?x=1/password=SYNTHs3cretPw9'],
      ['a path parameter', 'Method request path: {proxy=files/api-key=SYNTHs3cretPw9}'],
      ['a query value before more parameters', '/cb?state=a/secret=SYNTHs3cretPw9&x=1'],
      ['JSON with escaped slashes', String.raw`{"next":"\/password=SYNTHs3cretPw9"}`],
      ['a header named after a path', 'headers/Authorization: Bearer-less SYNTHs3cretPw9'],
      ['a path segment then =', '/oauth/token=SYNTHs3cretPw9'],
      ['a path segment then : and a value holding a digit', 'https://h.example/v1/token:SYNTHs3cretPw9'],
    ] as const
  ).map(([where, text]) => ({
    name: `a labelled value after a slash: ${where}`,
    text,
    secret: 'SYNTHs3cretPw9',
  })),
  // SYNTHETIC header maps: RFC 6265 lets a cookie's value be quoted, and the cookies after it are
  // as secret.
  {
    name: 'a cookie after a quoted cookie value',
    text: 'Method request headers: {Cookie=pref="a b"; session=SESSIONSECRET9, Host=h}',
    secret: 'SESSIONSECRET9',
    kept: 'Host=h',
  },
  {
    name: 'a quoted Set-Cookie value',
    text: 'Endpoint response headers: {Set-Cookie=sid="SIDSECRETq7x9"; Path=/, Content-Type=text/plain}',
    secret: 'SIDSECRETq7x9',
    kept: 'Content-Type=text/plain',
  },
  // SYNTHETIC rows found by injecting secrets into the unit tests' inputs (service answers, bodies,
  // access lines): shapes the label and URL rules did not read.
  {
    name: 'an STS answer in XML: the secret key and session token as element text',
    text: 'Endpoint response body before transformations: <AssumeRoleResponse><Credentials><AccessKeyId>ASIAEXAMPLE0000XML00</AccessKeyId><SecretAccessKey>wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY0</SecretAccessKey><SessionToken>IQoJb3JpZ2luX2VjXMLSESSION</SessionToken><Expiration>2026-11-25T10:00:00Z</Expiration></Credentials></AssumeRoleResponse>',
    secret: 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY0',
    kept: '<Expiration>2026-11-25T10:00:00Z</Expiration>',
  },
  {
    name: 'a session token as XML element text',
    text: '<Credentials><SessionToken>IQoJb3JpZ2luX2VjXMLSESSION</SessionToken></Credentials>',
    secret: 'IQoJb3JpZ2luX2VjXMLSESSION',
  },
  {
    name: "XML in a proxy answer's JSON string, one element a line: the escaped line break before the tag",
    text: String.raw`Endpoint response body before transformations: {"statusCode":200,"body":"<?xml version=\"1.0\"?>\n<Credentials>\n<SessionToken>FwoGZXIvYXdzXMLESCAPED</SessionToken>\n</Credentials>"}`,
    secret: 'FwoGZXIvYXdzXMLESCAPED',
  },
  {
    name: "XML in a Go function's proxy answer, whose JSON escapes < and > as \\u003c and \\u003e",
    text: String.raw`Endpoint response body before transformations: {"statusCode":200,"body":"\u003cCredentials\u003e\u003cSessionToken\u003eFwoGZXIvYXdzGOESCAPED\u003c/SessionToken\u003e\u003cExpiration\u003e2026-11-25T10:00:00Z\u003c/Expiration\u003e\u003c/Credentials\u003e"}`,
    secret: 'FwoGZXIvYXdzGOESCAPED',
    kept: String.raw`\u003cExpiration\u003e2026-11-25T10:00:00Z`,
  },
  {
    // SYNTHETIC: Gson, the JSON library of many Java functions, escapes `=` as `\u003d` (and `&` as
    // `\u0026`) unless told not to, so a query string in an error message reaches the log so.
    name: "a password in a Java function's error message, its `=` escaped by Gson as \\u003d",
    text: String.raw`Endpoint response body before transformations: {"errorMessage":"Login failed for user\u003dalice\u0026password\u003dhunter2GSONX","errorType":"java.lang.IllegalStateException"}`,
    secret: 'hunter2GSONX',
    kept: 'java.lang.IllegalStateException',
  },
  {
    // SYNTHETIC: the same escape once more, the function's answer quoted in a proxy response's body.
    name: 'a Gson-escaped password in a JSON string inside a JSON string',
    text: String.raw`Endpoint response body before transformations: {"statusCode":500,"body":"{\"error\":\"bad login token\\u003dGSONTOKENX\"}"}`,
    secret: 'GSONTOKENX',
  },
  // SYNTHETIC, a review's lines: Gson's escapes of `=`, `&` and `'` under every rule, not only the
  // header-pair and cookie rules (an environment printed as a map, objects, lists, quoted values).
  {
    name: "a secret key in a Java function's environment map, its `=` escaped by Gson",
    text: String.raw`{"errorMessage":"env {AWS_SECRET_ACCESS_KEY\u003dwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, PATH\u003d/usr/bin}"}`,
    secret: 'bPxRfiCYEXAMPLEKEY',
    kept: 'PATH=/usr/bin',
  },
  {
    name: "an object under a password label after Gson's escaped =",
    text: String.raw`password\u003d{old\u003dA1 x, new\u003dB2GSONNEWX}`,
    secret: 'GSONNEWX',
  },
  {
    name: "lists under an API key, a tokens and a cookie label after Gson's escaped =",
    text: String.raw`{x-api-key\u003d[KEYA1, KEYB2GSONX]} {tokens\u003d[TOKA1, TOKB2GSONX]} cookie\u003d[a\u003d1, b\u003dB2GSONX]`,
    secret: 'B2GSONX',
  },
  {
    name: "a quoted password holding a comma and a semicolon after Gson's escaped =",
    text: String.raw`{"errorMessage":"password\u003d\"S3c, r;etGSONQX\""}`,
    secret: 'GSONQX',
  },
  {
    name: "a password quoted in Gson's escaped apostrophes, holding a comma",
    text: String.raw`{"errorMessage":"password\u003d\u0027S3c, retGSONAPX\u0027"}`,
    secret: 'GSONAPX',
  },
  {
    name: "a token after Gson's escaped = in upper case, in JSON inside a JSON string",
    text: String.raw`{"body":"{\"error\":\"x-api-key\\u003DGSONUPPERX\"}"}`,
    secret: 'GSONUPPERX',
  },
  {
    // SYNTHETIC: a SOAP backend's login, its password in CDATA so that `<` and `&` need no escape.
    name: 'an XML password in a CDATA section, a `<` inside it',
    text: 'Endpoint request body after transformations: <soapenv:Envelope><soapenv:Body><auth:Login><auth:Username>alice</auth:Username><auth:Password><![CDATA[p@ss<CDATAX&1]]></auth:Password></auth:Login></soapenv:Body></soapenv:Envelope>',
    secret: 'CDATAX',
    kept: '<auth:Username>alice</auth:Username>',
  },
  {
    // SYNTHETIC: the same, the line cut by API Gateway at 1 KiB inside the section.
    name: 'an XML password in a CDATA section the line was cut in',
    text: 'Endpoint request body after transformations: <auth:Password><![CDATA[p@ss<CDATACUTX [TRUNCATED]',
    secret: 'CDATACUTX',
  },
  // SYNTHETIC, a review's lines: a CDATA section after an escaped or raw line break, escaped as Go
  // escapes `<` and `>`, and split in two, the usual way to write `]]>` inside one.
  {
    name: 'an XML password in a CDATA section on its own line, in a JSON string of a pretty body',
    text: String.raw`{"body":"<password>\n  <![CDATA[S3cretNLX]]>\n</password>"}`,
    secret: 'S3cretNLX',
  },
  {
    name: 'an XML password in a CDATA section after a raw line break',
    text: '<password>\n<![CDATA[S3cretRAWX]]></password>',
    secret: 'S3cretRAWX',
  },
  {
    name: "an XML password in a CDATA section in a Go function's JSON, < and > escaped",
    text: String.raw`{"body":"\u003cpassword\u003e\u003c![CDATA[S3crGOX]]\u003e\u003c/password\u003e","x":1}`,
    secret: 'S3crGOX',
    kept: '"x":1',
  },
  {
    name: 'an XML password in two CDATA sections, the first ending in ]]',
    text: '<password><![CDATA[ab]]]]><![CDATA[>S3cretTWOX]]></password><user>u</user>',
    secret: 'S3cretTWOX',
    kept: '<user>u</user>',
  },
  {
    name: "an XML password in two CDATA sections in a Go function's JSON, quoted again in a JSON string",
    text: String.raw`{"log":"{\"body\":\"\\u003cpassword\\u003e\\u003c![CDATA[ab]]]]\\u003e\\u003c![CDATA[\\u003eS3crGOTWOX]]\\u003e\\u003c/password\\u003e\",\"x\":1}","x":1}`,
    secret: 'S3crGOTWOX',
    kept: '"x":1',
  },
  // SYNTHETIC: .NET's System.Text.Json escapes `<` and `>` with a capital hex digit (`\u003C`).
  {
    name: "an XML password in a CDATA section in a .NET function's JSON, < and > escaped in capitals",
    text: String.raw`{"body":"\u003Cpassword\u003E\u003C![CDATA[S3crNETX]]\u003E\u003C/password\u003E","x":1}`,
    secret: 'S3crNETX',
    kept: '"x":1',
  },
  {
    name: 'an XML password in a CDATA section, its escapes in mixed case',
    text: String.raw`{"body":"\u003cpassword\u003e\u003C![CDATA[S3crMIXEDX]]\u003e"}`,
    secret: 'S3crMIXEDX',
  },
  // SYNTHETIC: .NET's System.Text.Json escapes `"` as `\u0022`.
  {
    name: 'a password in JSON inside a JSON string, its quotes escaped as .NET escapes them',
    text: String.raw`{"body":"{\u0022password\u0022:\u0022S3crNETQX\u0022,\u0022user\u0022:\u0022bob\u0022}"}`,
    secret: 'S3crNETQX',
    kept: 'bob',
  },
  {
    name: "a PIN quoted in .NET's escaped quotes",
    text: String.raw`{"m":"pin=\u00224321NETPINX\u0022 rejected"}`,
    secret: '4321NETPINX',
    kept: 'rejected',
  },
  // SYNTHETIC: a Python function printing a dict of bytes.
  {
    name: "a PIN and a password as Python prints bytes, b'…'",
    text: "{'pin': b'4321PYPINX', 'password': b'S3c ret PYBYTESX', 'user': 'bob'}",
    secret: 'PYPINX',
    kept: "'user': 'bob'",
  },
  {
    name: 'a password as Python prints bytes, its words after the first',
    text: "{'password': b'S3c ret PYBYTESX', 'user': 'bob'}",
    secret: 'PYBYTESX',
    kept: "'user': 'bob'",
  },
  {
    name: "an XML password in a CDATA section's second raw line",
    text: '<password><![CDATA[line1\nS3cretLINE2X]]></password>\n<user>u</user>',
    secret: 'S3cretLINE2X',
    kept: '<user>u</user>',
  },
  // SYNTHETIC: Slack's refresh token (`xoxe-1-…`) and a rotating token (`xoxe.xoxp-1-…`).
  {
    name: "Slack's refresh token and rotating token",
    text: 'refresh xoxe-1-My0xLTEyMzQ1SLACKREFRESHX0MC0xMjM0NTY3ODkw and xoxe.xoxp-1-Mi0yLTEyMzQ1SLACKROTATEX2Nzg5MA done',
    secret: 'SLACK',
    kept: 'done',
  },
  // SYNTHETIC: Slack's app-level token, in the shape Slack documents (`xapp-1-<app id>-<digits>-<hex>`).
  {
    name: "Slack's app-level token",
    text: 'socket mode: xapp-1-A0123ABCDE-1234567890123-5f3c9a1bSLACKAPPX0e4d7c2b8a6f1e9d3c5b7a4f2e8d6c1b done',
    secret: 'SLACKAPPX',
    kept: 'done',
  },
  // SYNTHETIC: a TOTP, an MFA code, a verification code and a card's security code under their names.
  {
    name: 'time-based one-time passwords, MFA, verification and security codes',
    text: 'totp=111111TOTPX&x=1 {"mfa_code":"222222MFAX","verificationCode":"333333VERIFYX"} security_code: 444SECX card_security_code=555CARDSECX done',
    secret: 'X',
    kept: 'done',
  },
  // SYNTHETIC: keys other platforms' and vendors' headers and settings name by what they unlock.
  {
    name: "an Azure API Management subscription key and a Functions key in a backend's request headers",
    text: 'Endpoint request headers: {Ocp-Apim-Subscription-Key=SUBKEYSECRETX, x-functions-key=FUNCKEYSECRETX, Host=backend.example.com}',
    secret: 'KEYSECRETX',
    kept: 'Host=backend.example.com',
  },
  {
    name: 'app, master, signing, encryption and license keys as JSON keys',
    text: '{"appKey":"APPKEYSECRETX","master_key":"MASTERKEYSECRETX","signingKey":"SIGNKEYSECRETX","encryption_key":"ENCKEYSECRETX","license_key":"LICKEYSECRETX","region":"eu-west-1"}',
    secret: 'KEYSECRETX',
    kept: '"region":"eu-west-1"',
  },
  {
    name: 'a one-time password, a PIN, a card security code and a passcode',
    text: '{"otp":"OTPSECRETX","pin":"PINSECRETX","cvv":"CVVSECRETX","passcode":"PASSCODESECRETX","userId":"u-1"}',
    secret: 'SECRETX',
    kept: '"userId":"u-1"',
  },
  // SYNTHETIC, a review's lines: the short secrets' labels with a suffix (`code`, `number`, `no`, a digit).
  {
    name: 'one-time passwords, PINs, card codes and passcodes under suffixed JSON keys',
    text: '{"otp_code":"SHORTSECRETX1","otpCode":"SHORTSECRETX2","pinCode":"SHORTSECRETX3","pin_number":"SHORTSECRETX4","cvv2":"SHORTSECRETX5","pass_code":"SHORTSECRETX6","userId":"u-1"}',
    secret: 'SHORTSECRETX',
    kept: '"userId":"u-1"',
  },
  { name: "a PIN code in a Python function's dict", text: "{'pinCode': '4821'}", secret: '4821' },
  {
    name: 'a PIN code and a passcode in a header map',
    text: 'Method request headers: {X-PIN-Code=4821, X-Pass-Code=PC2SHORTX, Host=api.example.com}',
    secret: 'SHORTX',
    kept: 'Host=api.example.com',
  },
  {
    name: 'a card code as a pair in prose',
    text: 'card declined cvc2=9173 by issuer',
    secret: '9173',
    kept: ' by issuer',
  },
  { name: 'a card code as an XML element', text: '<Card><CVV2>9173</CVV2></Card>', secret: '9173' },
  { name: 'a passcode header as a line', text: 'X-Pass-Code: PC2SHORTX', secret: 'PC2SHORTX' },
  // SYNTHETIC, a review's lines: a token or a key id right after an escape's last letter.
  {
    name: 'a GitHub token after an escaped line break in a JSON string',
    text: String.raw`{"errorMessage":"token was:\nghp_ESCTOKENXabcdefghijklmnopqrstuvwxyz0"}`,
    secret: 'ESCTOKENX',
    kept: String.raw`token was:\n`,
  },
  {
    name: 'a Stripe key after an escaped tab',
    text: String.raw`{"errorMessage":"key\tsk_live_ESCSTRIPEXabcdefghijklmnop"}`,
    secret: 'ESCSTRIPEX',
  },
  {
    name: 'a Slack token after a percent-encoded =, and one after a Unicode escape',
    text: 'GET /cb?next=%3Dxoxb-123456789012-ESCSLACKXabcdef x \\u0022xoxb-123456789012-ESCSLACKXuvwxyz',
    secret: 'ESCSLACKX',
  },
  {
    name: 'an AWS access key id after an escaped line break',
    text: String.raw`{"errorMessage":"keys:\nAKIAIOSFODNN7EXAMPLE"}`,
    secret: 'AKIAIOSFODNN7EXAMPLE',
  },
  {
    name: 'Slack, GitHub, Stripe and Google API tokens by their shape',
    text: '{"errorMessage":"upstream refused xoxb-123456789012-1234567890123-SLACKSECRETXabcd ghp_GHSECRETXabcdefghijklmnopqrstuvwxyz0 github_pat_11ABCDEFG0GHPATSECRETX_abcdefghijklmnopqrstuvwxyz0123456789 sk_live_STRIPESECRETXabcdefgh AIzaSyA-GOOGLESECRETXabcdefghijklmnopq"}',
    secret: 'SECRETX',
    kept: 'upstream refused',
  },
  {
    name: 'a PEM private key printed in a function error, its lines escaped in a JSON string',
    text: String.raw`{"errorMessage":"bad key -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAPEMSECRETX\nabc+/=\n-----END RSA PRIVATE KEY----- rejected","errorType":"Error"}`,
    secret: 'PEMSECRETX',
    kept: 'rejected',
  },
  {
    name: 'a PEM private key over raw lines, cut at 1 KiB',
    text: 'Endpoint response body before transformations: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANPEMCUTSECRETX [TRUNCATED]',
    secret: 'PEMCUTSECRETX',
  },
  // SYNTHETIC, a review's lines: private keys as PHP's json_encode escapes them (`\/`), legacy
  // encrypted PEM with its header lines, lines escaped as `\u000a`, OpenPGP's and SSH2's armor,
  // lines flattened to spaces and cut.
  {
    name: "a PEM private key in JSON whose writer escapes / (PHP's json_encode)",
    text: String.raw`{"errorMessage":"bad key -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\/PEMSLASHX+abc\nabc=\n-----END PRIVATE KEY-----","errorType":"Error"}`,
    secret: 'PEMSLASHX',
    kept: '"errorType":"Error"',
  },
  {
    name: 'a legacy encrypted PEM private key, its Proc-Type and DEK-Info lines before the base64',
    text: '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF\n\nMIIEpAIBAAKCAQEAPEMLEGACYX0123\n-----END RSA PRIVATE KEY-----\nnext',
    secret: 'PEMLEGACYX',
    kept: '\nnext',
  },
  {
    name: 'a legacy encrypted PEM private key cut at 1 KiB, escaped in a JSON string',
    text: String.raw`Endpoint response body before transformations: {"key":"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF\n\nMIIEpAIBAAKCAQEAPEMLEGACYCUTX [TRUNCATED]`,
    secret: 'PEMLEGACYCUTX',
  },
  {
    name: 'a PEM private key whose line breaks are escaped as \\u000a',
    text: String.raw`{"key":"-----BEGIN PRIVATE KEY-----\u000aMIIEvQIBADANBgkqhkiG9w0BPEMU000AX\u000a-----END PRIVATE KEY-----\u000a","kid":"k1"}`,
    secret: 'PEMU000AX',
    kept: '"kid":"k1"',
  },
  {
    name: 'an OpenPGP private key block',
    text: '-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: x\n\nlQOYBGAAAAABCAC0000000PGPSECRETX\n=AbCd\n-----END PGP PRIVATE KEY BLOCK-----',
    secret: 'PGPSECRETX',
  },
  {
    name: 'an SSH2 encrypted private key with a comment line',
    text: '---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "rsa-key-20260101"\nP2/56wAAAi4AAAA3aWYtbW9kbntzaWduSSH2SECRETX\n---- END SSH2 ENCRYPTED PRIVATE KEY ----',
    secret: 'SSH2SECRETX',
  },
  {
    name: 'a PEM private key whose lines were flattened to single spaces, cut at 1 KiB',
    text: 'Endpoint response body before transformations: -----BEGIN PRIVATE KEY----- MIIEvQIBADANBgkqhkiG9w0BAQEFAASC BKcwggSjAgEAAoIBAQPEMSPACEX [TRUNCATED]',
    secret: 'PEMSPACEX',
  },
  {
    name: 'an XML passphrase of several words, spaced inside its element',
    text: 'Method request body before transformations: <login><password> correct horse battery PASSPHRASEX </password></login>',
    secret: 'PASSPHRASEX',
  },
  {
    name: 'an escaped XML password holding an escaped quote',
    text: String.raw`{"body":"\u003cpassword\u003eab\"QUOTEDLEAKX\u003c/password\u003e"}`,
    secret: 'QUOTEDLEAKX',
  },
  {
    name: 'an escaped XML password spaced inside its element, and one with an escaped attribute',
    text: String.raw`{"body":"\u003cpassword\u003e hunter2ESCSPACED\u003c/password\u003e \u003cpassword type=\"x\"\u003ehunter2ESCATTR\u003c/password\u003e"}`,
    secret: 'hunter2ESC',
  },
  {
    name: 'an XML password whose text opens with a space before its closing tag',
    text: 'Method request body before transformations: <login> <password> hunter2passw0rdSPACED </password> </login>',
    secret: 'hunter2passw0rdSPACED',
  },
  {
    name: 'a URL password that opens with a slash, cut at 1 KiB before its @',
    text: 'Endpoint request body after transformations: {"db":"postgres://user:/S3cr3tSLASHEDpw [TRUNCATED]',
    secret: 'S3cr3tSLASHEDpw',
  },
  {
    name: 'a password and an API key in an XML request body, an attribute on the element',
    text: 'Method request body before transformations: <login><user>jane</user><password type="plain">hunter2pass</password><apiKey>k3yV4lue0123456789</apiKey></login>',
    secret: 'hunter2pass',
    kept: '<user>jane</user>',
  },
  {
    name: 'an API key in an XML request body',
    text: '<login><apiKey>k3yV4lue0123456789</apiKey><x-api-key>k3yV4lue0123456789</x-api-key></login>',
    secret: 'k3yV4lue0123456789',
  },
  {
    name: 'an XML password element cut at 1 KiB inside its text',
    text: `Method request body before transformations: <login><password>hunter2passw0rdLong [TRUNCATED]`,
    secret: 'hunter2passw0rd',
  },
  {
    name: 'a percent-encoded label at the start of a word (an encoded form logged alone)',
    text: 'Unauthorized password%3Dhunter2pass%26user%3Djane',
    secret: 'hunter2pass',
    kept: 'user%3Djane',
  },
  {
    name: 'a percent-encoded label after a quote',
    text: '{"data":"token%3Dk3yV4lue0123456789"}',
    secret: 'k3yV4lue0123456789',
  },
  {
    name: 'a bearer token after a percent-encoded Authorization label and space',
    text: 'GET /debug?h=Authorization%3A%20Bearer%20k3yV4lue0123456789abc&x=1',
    secret: 'k3yV4lue0123456789abc',
    kept: '&x=1',
  },
  {
    name: "a URL's password cut at 1 KiB before its @",
    text: 'Endpoint request URI: postgres://app:hunter2passw0rdLong [TRUNCATED]',
    secret: 'hunter2passw0rd',
  },
  {
    name: 'an OAuth code in the query string execution logs print as a map',
    text: 'Method request query string: {state=xyz, code=SplxlOBeZQQYbYS6WxSbIA, key=k3yV4lue0123456789}',
    secret: 'SplxlOBeZQQYbYS6WxSbIA',
    kept: 'state=xyz',
  },
  {
    name: 'an API key in the query string execution logs print as a map',
    text: 'Method request query string: {key=k3yV4lue0123456789, state=xyz}',
    secret: 'k3yV4lue0123456789',
    kept: 'state=xyz',
  },
];

/**
 * Text that only looks labelled, which evidence and alert trails need whole. SYNTHETIC, in the
 * wording IAM documents for an explicit or implicit denial ("User: … is not authorized to perform:
 * … on resource: … because no identity-based policy allows the … action").
 */
const KEPT: readonly { readonly name: string; readonly text: string }[] = [
  // SYNTHETIC XML that names secrets' settings or other things, not their values.
  {
    name: 'XML elements named for a password setting, a token type and an error code',
    text: '<PasswordPolicy><MinimumPasswordLength>12</MinimumPasswordLength></PasswordPolicy><TokenType>Bearer</TokenType><Code>ExpiredToken</Code>',
  },
  // SYNTHETIC: words that hold the new labels' letters but name no secret.
  {
    name: 'access key ids, a partition key, a pin count, a spinner and a public key',
    text: '{"accessKeyId":"ASIAEXAMPLEKEYID","accessKey":"minio-user","partitionKey":"user#1","pin_count":3,"spinner":"on","publicKey":"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"}',
  },
  // SYNTHETIC: Stripe's prefixes in words that are no keys (a real key has more after its prefix).
  {
    name: "Stripe's prefixes in test and setting names",
    text: 'sk_test_connection failed; rk_test_permissions ok; see tests/rk_test_integrationSuite.ts',
  },
  // SYNTHETIC: a private key's BEGIN line with no key after it, as a parser's error names it.
  {
    name: 'a PEM header named in an error message, no key after it',
    text: '{"errorMessage":"expected -----BEGIN PRIVATE KEY----- header but found PUBLIC KEY at line 1"}',
  },
  {
    name: 'a PEM header on a line of its own, prose on the next',
    text: 'bad -----BEGIN PRIVATE KEY-----\nnext line here\n---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ---- expected',
  },
  // SYNTHETIC: words holding a short secret's label, its counts and checks, and prose naming one.
  {
    name: "a PIN's and a one-time password's counts, a card check, and words holding pin",
    text: '{"pin_count":3,"otp_attempts":2,"cvc_check":"pass","opinion":"ok","spinning":true,"pinned":false} OTP sent to +1 555 0100. Enter your PIN 1234 at GET /pin/reset',
  },
  {
    name: 'a PEM certificate and public key',
    text: '{"cert":"-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIU\\n-----END CERTIFICATE-----","pub":"-----BEGIN PUBLIC KEY-----"}',
  },
  {
    name: 'a URL with a port cut at 1 KiB',
    text: 'Endpoint request URI: https://db.example.com:8443 [TRUNCATED]',
  },
  // SYNTHETIC error messages naming a generic type or a usage string, not an XML element's value.
  {
    name: "a Java generic type naming an API key class in a backend's parse error",
    text: 'Endpoint response body before transformations: {"error":"JSON parse error: Cannot deserialize value of type `java.util.List<com.acme.ApiKey>` from Object value; expected array","status":400}',
  },
  {
    name: 'a TypeScript promise of a token in a function error',
    text: '{"errorMessage":"expected Promise<Token> but the handler returned undefined"}',
  },
  {
    name: 'a command usage string naming its password argument',
    text: '{"errorMessage":"usage: login <username> <password> -- missing argument"}',
  },
  {
    name: 'a validation message naming a password field, in a body cut at 1 KiB',
    text: 'Endpoint response body before transformations: {"message":"the <password> field is required","errorType":"ValidationError","trace":["at handler (/var/task/index.js:1:1) [TRUNCATED]',
  },
  {
    name: 'a validation message naming a password field inside an XML element',
    text: '<error>the <password> field is required</error>',
  },
  {
    name: "an escaped Java generic type naming an API key class in a function's error",
    text: String.raw`{"errorMessage":"cannot unmarshal into List\u003ccom.acme.ApiKey\u003e: bad input for field foo","errorType":"JsonParseException"}`,
  },
  // SYNTHETIC URLs with a port and a path in a line cut at 1 KiB: no user information in them.
  {
    name: 'a callback URL with a port and a path in a body cut at 1 KiB',
    text: 'Endpoint request body after transformations: {"callback":"http://10.0.0.5:8080/api/orders","status":503,"detail":"upstream_down" [TRUNCATED]',
  },
  {
    name: 'a URL with a port and a path cut at 1 KiB',
    text: 'Endpoint request URI: https://backend.example.com:8443/v1/orders/123/items [TRUNCATED]',
  },
  { name: 'a percent-encoded path word before a custom method', text: 'GET /users/password%3Areset' },
  { name: 'a code in a query string map of no credential', text: 'Method request path: {code=ABC123}' },
  {
    name: "a Secrets Manager ARN, whose resource type is `secret:`, and the denial's reason after it",
    text: 'Endpoint response body before transformations: {"errorType":"AccessDeniedException","errorMessage":"User: arn:aws:sts::123456789012:assumed-role/orders-role/orders-fn is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/orders-db-AbCdEf because no identity-based policy allows the secretsmanager:GetSecretValue action"}',
  },
  {
    name: 'a Secrets Manager ARN in another partition, in a header map',
    text: 'Endpoint request headers: {X-Secret-Arn=arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db-AbCdEf, Accept=*/*}',
  },
  // SYNTHETIC: a URL without a path, then an address in the next field; user information never
  // spans a separator or a quote.
  {
    name: "a URL's host when an e-mail address follows in the next key=value field",
    text: 'callback=https://hooks.example.com,owner=ops@example.com,status=502',
  },
  {
    name: "a URL's host when an e-mail address follows in the next JSON field",
    text: '{"url":"https://api.partner.example","contact":"ops@partner.example","status":503}',
  },
  {
    name: "a URL's host when an e-mail address follows in the next JSON field, after a JSON key",
    text: '{"url":"https://api.partner.example","b":"x","contact":"ops@partner.example"}',
  },
  {
    name: "a URL's host in a JSON list before another URL with user information's address",
    text: '{"urls":["https://a.example","mailto:ops@a.example"]}',
  },
  {
    name: "a URL's host in a Markdown link to an e-mail address",
    text: 'owner: [https://a.example](mailto:ops@a.example)',
  },
  // SYNTHETIC configuration a function error prints: a boolean or null under a secret's label is
  // its state (set or not, enabled or not), never the secret.
  { name: 'a boolean under a private key label', text: '{"privateKey":false,"error":"KMS key disabled"}' },
  { name: 'a boolean under a secret label', text: '{"secret":false,"error":"missing"}' },
  { name: 'null under a password label', text: '{"user":"u","password":null}' },
  { name: 'a boolean under a secret key label', text: "{'secretKey': True, 'region': 'us-east-1'}" },
  { name: 'null under a cookie label', text: '{"cookies":null,"rawPath":"/x"}' },
  { name: 'a boolean in a header map', text: 'Endpoint request headers: {x-api-key=true, Accept=*/*}' },
  { name: 'null as the last argument a Python repr prints', text: 'init failed: Config(password=None)' },
  // SYNTHETIC messages ending in a label: the quote after it closes their string, it opens no value.
  {
    name: 'a message ending in a label, before the next JSON key',
    text: '{"errorMessage":"missing token=","errorType":"AuthError"}',
  },
  { name: 'a message ending in a label, at the end of its object', text: '{"message":"expected password:"}' },
  { name: 'a message ending in a label, in a list', text: `{'errors': ['bad secret=']}` },
  // SYNTHETIC: percent-encoded configuration state, as JSON's bare literals are kept.
  { name: 'a percent-encoded null password', text: 'GET /x?cfg=%7B%22password%22%3Anull%7D' },
  // SYNTHETIC: a port is no password, so the path after it is no user information either.
  {
    name: 'an e-mail address in the path of a URL with a port',
    text: 'GET https://api.example.com:8443/v1/users/jane@example.com failed',
  },
  {
    name: 'an e-mail address in the path of a URL after a user and password',
    text: 'GET https://api.example.com/v1/users/jane@example.com/a:b@c failed',
  },
  // SYNTHETIC settings and errors named after a password's properties, not its value: a policy, a
  // length, a reset's or expiry's state. Cognito's error types (InvalidPasswordException,
  // PasswordResetRequiredException) carry no secret: the SDKs mark their message not sensitive.
  {
    name: 'a password policy object and its settings',
    text: '{"passwordPolicy":{"minLength":12,"requireSymbols":true},"password_policy":"min 12 chars","passwordMinLength":12,"error":"InvalidPasswordException"}',
  },
  {
    name: "a password reset's and expiry's state, and settings named by a noun",
    text: 'passwordReset=true, passwordResetRequired=false, password-expires-at=2026-12-01, passwordMaxAge=90, passwordStrength=weak',
  },
  // SYNTHETIC: an object under a setting's noun is a setting; counts named `…_tokens` are no secrets.
  { name: "a password policy object after a header map's colon", text: 'passwordPolicy: {"minLength": 8}' },
  { name: 'token counts in a usage object', text: '{"usage":{"input_tokens":12,"output_tokens":40}}' },
  // SYNTHETIC, a review's lines: a collection's label is one only as a key with its own left edge,
  // and a DynamoDB number under it is a count.
  {
    name: 'the names of missing secrets in prose before a list',
    text: String.raw`{"errorMessage":"Missing secrets: [\"DB\",\"API\"]"}`,
  },
  // A list or object of numbers alone under such a label is a count, not a secret (an LLM's `stop_tokens`
  // list of strings is redacted: a prefixed label cannot be told from `oauth_tokens`).
  {
    name: 'numbers under keys ending in _tokens',
    text: '{"max_tokens":[1],"usage":{"tokens":{"input":12,"output":40}}}',
  },
  { name: 'a DynamoDB number under a plural label', text: '{"tokens":{"N":"3"},"apiKeys":{"N":"12"}}' },
  { name: 'credentials named in prose before an object', text: 'Invalid credentials: {"user":"jane"}' },
  {
    name: 'booleans under password state keys and a policy object',
    text: '{"passwordResetRequired":true,"passwordChanged":false,"passwordValid":null,"passwordPolicy":{"minLength":12}}',
  },
  {
    name: "Cognito's password error types and their messages",
    text: 'InvalidPasswordException: Password did not conform with policy: Password not long enough; PasswordResetRequiredException: Password reset required for the user',
  },
  // SYNTHETIC execution-log lines naming a resource whose path segment is a label and a custom
  // method (`/v1/token:exchange`, as Google-style APIs name them): the route a failure is read by.
  {
    name: 'a resource path whose segment is a label before a colon',
    text: 'HTTP Method: POST, Resource Path: /v1/token:exchange, /users/{id}/password:reset, /secret:rotate',
  },
  {
    name: 'custom methods in JSON and in JSON in a JSON string',
    text: String.raw`{"path":"/v1/token:exchange","body":"{\"next\":\"/users/{id}/password:reset\"}","x":"/api-key:rotate?dry=1"}`,
  },
  // SYNTHETIC: a base64 body without a secret, decoded, is the request a failure is read by.
  {
    name: 'a base64 request body holding no secret',
    text: `Method request body before transformations: ${Buffer.from('{"action":"buy","quantity":2}').toString('base64')}`,
  },
  // SYNTHETIC: names that start with Slack's prefixes, with no token's digit run after them.
  {
    name: "a path and an object key starting with Slack's prefixes but holding no token",
    text: 'Resource Path: /v1/brands/xoxo-fashion-store/items {"key":"images/xoxo-valentines-2024.png","doc":"xoxp-feature-rollout-plan"}',
  },
  {
    name: "names that start with Slack's app-level prefix but hold no token",
    text: 'GET /v1/apps/xapp-store/items {"name":"xapp-1-beta","doc":"xapp-migration-guide-2024"}',
  },
  // SYNTHETIC: a BEGIN line named in a message, a word after it that only base64's letters spell.
  {
    name: "a private key's BEGIN line in prose before an exception's name",
    text: 'Error: expected -----BEGIN PRIVATE KEY----- InvalidKeySpecException at Parser.parse (parser.js:10:5)',
  },
  {
    name: "a private key's BEGIN line in a message before an exception's name on the next line, escaped",
    text: String.raw`{"errorMessage":"bad key: -----BEGIN PRIVATE KEY-----\nUnsupportedKeyFormatException thrown\n at x","errorType":"E"}`,
  },
  {
    name: "a private key's BEGIN line in a message before a raw line of words",
    text: 'no key after -----BEGIN EC PRIVATE KEY-----\nInvalidKeySpecificationError happened',
  },
  // SYNTHETIC: keys that only start with a code's name.
  {
    name: "keys that start with a verification or security code's name",
    text: '{"verification_code_sent":true,"security_code_check":"pass","mfa_code_length":6,"totp_enabled":"yes"}',
  },
  {
    name: 'an e-mail address in the path or query of a URL (after its host)',
    text: 'GET https://api.example.com/v1/users/jane@example.com?cc=joe@example.com failed',
  },
  // SYNTHETIC: names holding a code's capitalised label that are no key before a value (the cases
  // the reverted camelCase labels, 34b6380, ate), and keys that only hold one.
  {
    name: 'a Lambda URI and an ARN whose function or resource name ends in a code, a custom method, and an error name in prose',
    text: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:sendVerificationCode:prod/invocations arn:aws:cognito-idp:us-east-1:123456789012:ConfirmationCode:x POST /users/resendVerificationCode:send InvalidVerificationCode: the code is wrong',
  },
  {
    name: "words and keys holding a PIN's or a code's name that are none",
    text: 'spin=1 compassCode=x {"pinCount":3,"hasPin":true,"userPinLength":4,"otpSent":true} drop a mapPin in prose Pinterest=board',
  },
  // SYNTHETIC: operations, handlers and states named for a verb on a code (sendOtp, VerifyPin), with
  // the status, count, duration or state definition after them.
  {
    name: 'operations named for a verb on a code, before a status, a count or a duration',
    text: 'POST /v1/sendOtp: 504 Gateway Timeout after 29000 ms {"errorMessage":"verifyOtp: 400 Bad Request from upstream"} getOtp: 3 attempts; Error in verifyPin: 500 handler.ResendOtp: 12',
  },
  {
    name: 'metrics and timers named for a verb on a code',
    text: 'Metric sendOtp = 12 over 5 minutes; timer resetPin = 350 ms {"latencyMs":{"getOtp":120,"verifyPin":35},"counts":{"sendOtp":3,"resendOtp":1,"validateSecurityCode":2}}',
  },
  // SYNTHETIC: names holding a lower-case code key inside a longer word or after `#`.
  {
    name: 'a lower-case confirmation code key inside a longer name, after # or before a count',
    text: '{"reconfirmationCode":"x","#confirmationCode":"a","confirmationCodeSent":true} confirmationCode: 3 attempts',
  },
  // SYNTHETIC: an HTTP status and its reason phrase, or a number and a unit, after a camelCase code key.
  {
    name: 'an HTTP status and its phrase, or a number and a unit, under a camelCase code key',
    text: 'smsOtp: 500 Internal Server Error; loginPin: 401 Unauthorized; lookupPin: 404 Not Found {"errorMessage":"userPin: 400 Bad Request"} userOtp: 29000 ms; smsOtp = 500 ms; userPin: 1500ms; emailOtp: 3000 seconds; userPin: 6 digits',
  },
  // SYNTHETIC: keys saying whether a code is set (hasPin, isOtp...), read as verb-first keys.
  {
    name: 'flags, numbers and words under keys saying whether a code is set',
    text: '{"hasPin":1,"hasPin":"yes","isPinSet":true,"isOtp":"no","hasOtp":false,"HasUserPin":0} hasPin=1 isOtp: enabled',
  },
  // SYNTHETIC: under a verb-first key, numbers in JSON, objects, lists, words and numbers then a word.
  {
    name: 'numbers, objects, lists and words under keys that start with a verb',
    text: '{"latencyMs":{"getOtp":120,"confirmPin":4500},"verifyPin":{"ok":true},"setPin":[1,2],"resetPin":"done"} sendOtp: 504 Gateway Timeout; confirmOtp=1234 rejected; timer resetPin = 350 ms; sendOtp=12',
  },
  {
    name: 'a Step Functions definition whose state is named for a verb on a code',
    text: '{"StartAt":"VerifyPin","States":{"VerifyPin":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:verify","Next":"Done"},"Done":{"Type":"Succeed"}}}',
  },
  {
    name: "DynamoDB's placeholder for an attribute's name",
    text: 'ExpressionAttributeNames: {"#userPin": "userPin", "#newPin":"newPin"} UpdateExpression: SET #userPin = :newPin',
  },
  // SYNTHETIC: a Go struct's fields and XML elements named for a verb on a code, and names after a `:`.
  {
    name: "a Go struct's fields and XML elements named for a verb on a code",
    text: '{Step:VerifyPin ResendOtp:2 Name:x} <SendOtp>3</SendOtp><GetUserPin>12</GetUserPin> see function:sendVerificationCode:prod',
  },
  // SYNTHETIC: a count of one or two digits then a word under a code's key: no code is that short.
  {
    name: 'a count of attempts or retries under a camelCase code key',
    text: 'CodeMismatchException in ConfirmSignUp: ConfirmationCode: 3 attempts exceeded; userPin = 2 retries left',
  },
  // SYNTHETIC: the same count under a short code label, as a login error says it.
  {
    name: 'a count of attempts or tries under a short code label',
    text: 'Invalid PIN: 3 attempts left; wrong OTP: 2 attempts remaining; otp=12 tries',
  },
  // SYNTHETIC: a status or a measure under a camelCase code key, no-break spaced as the Lambda path gets them.
  {
    name: 'a status and a measure no-break spaced under camelCase code keys',
    text: 'userPin:\u00a0401\u00a0Unauthorized; userOtp:\u00a029000\u00a0ms; loginPin: 3\u00a0attempts left',
  },
  // SYNTHETIC: names that start with Slack's app-level prefix and a digit, but not its app id (A…).
  {
    name: "release names that start with Slack's app-level prefix and a digit run",
    text: 'release xapp-2-20261128-rc1 deployed; see xapp-12-release-notes and xapp-2024-roadmap-plan',
  },
  // SYNTHETIC: a PuTTY key's Private-Lines header named in prose, the words after it no key lines.
  {
    name: "a PuTTY key's Private-Lines header in prose before words",
    text: 'Private-Lines: 2 then words and more words; config: Private-Lines: 2 is unsupported; status=400',
  },
];

describe('redact', () => {
  for (const { name, text, secret, kept } of CASES) {
    it(`removes ${name}`, () => {
      const out = redact(text);
      assert.ok(!out.includes(secret), `secret left in: ${out}`);
      assert.match(out, /redacted/);
      if (kept !== undefined) assert.ok(out.includes(kept), `lost harmless text: ${out}`);
    });
  }

  // The test-invoke output in test/fixtures/real-lines.json (CODELITS-GOURMEALS-…) prints the proxy
  // event as JSON in a JSON string: `\"apiKey\":\"test-invoke-api-key\",\"principalOrgId\"`.
  const ESCAPED: readonly [string, string, string][] = [
    [
      'once',
      String.raw`{\"apiKey\":\"test-invoke-api-key\",\"principalOrgId\":null}`,
      String.raw`{\"apiKey\":\"[redacted]\",\"principalOrgId\":null}`,
    ],
    [
      'twice',
      String.raw`{\\\"apiKey\\\":\\\"test-invoke-api-key\\\",\\\"stage\\\":\\\"dev\\\"}`,
      String.raw`{\\\"apiKey\\\":\\\"[redacted]\\\",\\\"stage\\\":\\\"dev\\\"}`,
    ],
    [
      'with an escaped backslash inside the value',
      String.raw`{\"password\":\"ab\\\\cd\",\"user\":\"u\"}`,
      String.raw`{\"password\":\"[redacted]\",\"user\":\"u\"}`,
    ],
    [
      'as a cookie',
      String.raw`{\"Cookie\":\"session=abc123\",\"Host\":\"h\"}`,
      String.raw`{\"Cookie\":\"[redacted]\",\"Host\":\"h\"}`,
    ],
  ];
  // SYNTHETIC bodies whose quoted secret holds what ends an unquoted header value (`,`, `;`, `}`, a
  // space) or an escaped quote: the whole quoted value goes, and the text after it stays.
  const QUOTED: readonly [string, string, string][] = [
    ['a comma and a space', '{"password":"SEC, RET","user":"u"}', '{"password":"[redacted]","user":"u"}'],
    [
      'a semicolon and a brace',
      '{"client_secret" : "a;b}SECRET","user":"u"}',
      '{"client_secret" : "[redacted]","user":"u"}',
    ],
    [
      'an escaped quote',
      String.raw`{"password":"SEC\"RET","user":"u"}`,
      '{"password":"[redacted]","user":"u"}',
    ],
    [
      'a comma, in JSON quoted in a JSON string',
      String.raw`{"body":"{\"refresh_token\":\"a,b\\\"SECRET\",\"user\":\"u\"}"}`,
      String.raw`{"body":"{\"refresh_token\":\"[redacted]\",\"user\":\"u\"}"}`,
    ],
    [
      'a comma, single-quoted',
      "{'password': 'SEC, RET', 'path': '/x'}",
      "{'password': '[redacted]', 'path': '/x'}",
    ],
    // Cut before its closing quote: by API Gateway at 1 KiB, or by the CLI's 200-character sample.
    [
      'a comma, cut with its line by API Gateway',
      'Endpoint response body before transformations: {"user":"u","password":"SEC, RET [TRUNCATED]\nMethod completed with status: 502, "a", b',
      'Endpoint response body before transformations: {"user":"u","password":"[redacted]\nMethod completed with status: 502, "a", b',
    ],
    ['a comma, cut with a sample', '{"password":"SEC, RE…', '{"password":"[redacted]'],
    [
      'a space, single-quoted and cut with its line',
      '{"errorMessage":"bad password: \'SEC RET [TRUNCATED]',
      '{"errorMessage":"bad password: \'[redacted]',
    ],
    // Not closed on a line that was not cut: a stray quote or apostrophe inside an enclosing string,
    // whose value ends where that string does; the error type and stack trace after it stay.
    [
      'letters only, unclosed inside a message (after an apostrophe)',
      `Endpoint response body before transformations: {"errorMessage":"Invalid token: 'abc","errorType":"UnauthorizedError","stackTrace":["at verify (/var/task/index.js:10:5)"]}`,
      `Endpoint response body before transformations: {"errorMessage":"Invalid token: '[redacted]","errorType":"UnauthorizedError","stackTrace":["at verify (/var/task/index.js:10:5)"]}`,
    ],
    [
      'a space, unclosed inside a message',
      `{"errorMessage":"bad password: 'SEC RET","errorType":"AuthError"}`,
      `{"errorMessage":"bad password: '[redacted]","errorType":"AuthError"}`,
    ],
    [
      'a comma, double-quoted and unclosed inside a single-quoted message',
      `{'error': 'bad token="SEC, RET', 'path': '/x'}`,
      `{'error': 'bad token="[redacted]', 'path': '/x'}`,
    ],
  ];
  // SYNTHETIC bodies whose secret's label holds an object or a list: every value inside goes, with
  // the keys, up to its matching close (brackets and quotes inside strings are the strings'), or to
  // the end of the line when the line was cut inside it; the text after it stays.
  const NESTED: readonly [string, string, string][] = [
    [
      'a password change in a request body',
      'Method request body before transformations: {"passwordChange":{"old":"hunter2","new":"correct horse"},"user":"jane"}',
      'Method request body before transformations: {"passwordChange":[redacted],"user":"jane"}',
    ],
    [
      'a password object',
      'Endpoint response body before transformations: {"password":{"value":"hunter2"}}',
      'Endpoint response body before transformations: {"password":[redacted]}',
    ],
    [
      'credentials, whose `pass` alone was a label',
      '{"credentials":{"user":"jane","pass":"x"},"status":401}',
      '{"credentials":[redacted],"status":401}',
    ],
    ['a list of tokens', '{"tokens":["eyJabc","abc123"],"n":2}', '{"tokens":[redacted],"n":2}'],
    ['a list of API keys', '{"apiKeys":["k1","k2"]}', '{"apiKeys":[redacted]}'],
    // SYNTHETIC: a collection's label as a key, quoted or before `=`, at a key's left edge.
    [
      'a list of secrets in a header map',
      'headers: {secrets=[s3cr3t1, s3cr3t2], Host=h}',
      'headers: {secrets=[redacted], Host=h}',
    ],
    ["a Python dict's client secrets", "{'client_secrets': ['Zx9Kq2Lp']}", "{'client_secrets': [redacted]}"],
    [
      'STS credentials in JSON in a JSON string',
      String.raw`{"body":"{\"Credentials\":{\"SecretAccessKey\":\"wJalrXUt\"}}"}`,
      String.raw`{"body":"{\"Credentials\":[redacted]}"}`,
    ],
    ['tokens after a comma', '{"n":2,"tokens":["abc123"]}', '{"n":2,"tokens":[redacted]}'],
    // SYNTHETIC, a review's lines: a collection's label at the end of a longer key is still one.
    [
      'secrets under a prefixed key',
      '{"db_secrets":{"host":"db","pw":"S3cr3tPa55"},"dbSecrets":{"x":"Y5ecret"}}',
      '{"db_secrets":[redacted],"dbSecrets":[redacted]}',
    ],
    [
      'OAuth tokens under a prefixed key',
      '{"oauth_tokens":{"access":"a","refresh":"r3fr3sh-t0k3n-val"}}',
      '{"oauth_tokens":[redacted]}',
    ],
    [
      "a header map's prefixed credentials",
      'aws_credentials={"x":"S3cr3tPa55word"}',
      'aws_credentials=[redacted]',
    ],
    // SYNTHETIC, a review's lines: numbers under a collection label other than `tokens` may be the secrets.
    [
      'numbers under credentials, secrets, API keys and private keys',
      '{"credentials":{"cardNumber":4111111111111111,"cvv":123},"secrets":{"pin":1234},"apiKeys":[123456789012],"privateKeys":{"d":1234567890123456789}}',
      '{"credentials":[redacted],"secrets":[redacted],"apiKeys":[redacted],"privateKeys":[redacted]}',
    ],
    ['a secret object', '{"secret":{"k":"v"}}', '{"secret":[redacted]}'],
    [
      'nested objects and lists, then the error type',
      '{"secret":{"k":"v","n":{"a":["b",{"c":"d"}]}},"errorType":"X"}',
      '{"secret":[redacted],"errorType":"X"}',
    ],
    [
      'brackets and escaped quotes inside its strings',
      String.raw`{"password":{"a":"}{\"]","b":"it's ["},"user":"u"}`,
      '{"password":[redacted],"user":"u"}',
    ],
    [
      'strings ending in an escaped backslash',
      String.raw`{"password":{"a":"x\\","b":"}"},"user":"u"}`,
      '{"password":[redacted],"user":"u"}',
    ],
    [
      'strings ending in an escaped backslash, in JSON in a JSON string',
      String.raw`{"body":"{\"password\":{\"a\":\"x\\\\\",\"b\":\"}\"},\"user\":\"u\"}"}`,
      String.raw`{"body":"{\"password\":[redacted],\"user\":\"u\"}"}`,
    ],
    [
      "an object in a proxy answer's body, JSON in a JSON string",
      String.raw`{"statusCode":500,"body":"{\"password\":{\"old\":\"x}\",\"note\":\"it's\"}}","isBase64Encoded":false}`,
      String.raw`{"statusCode":500,"body":"{\"password\":[redacted]}","isBase64Encoded":false}`,
    ],
    [
      'a Python dict',
      "init failed: {'password': {'old': 'x', 'new': 'y'}, 'user': 'bob'}",
      "init failed: {'password': [redacted], 'user': 'bob'}",
    ],
    [
      'a map in a header map',
      'Method request headers: {password={old=x, new=y}, Host=abc}',
      'Method request headers: {password=[redacted], Host=abc}',
    ],
    ['a list of lists', '{"x-api-key":[["k1"],["k2"]],"Host":"h"}', '{"x-api-key":[redacted],"Host":"h"}'],
    [
      'an object cut with its line by API Gateway',
      'Endpoint response body before transformations: {"password":{"old":"hunter2","new":"corr [TRUNCATED]',
      'Endpoint response body before transformations: {"password":[redacted]',
    ],
    [
      'an object cut by API Gateway after its strings closed',
      '{"message":"bad","secret":{"a":"x","b":[1, 2 [TRUNCATED]\nMethod completed with status: 502',
      '{"message":"bad","secret":[redacted]\nMethod completed with status: 502',
    ],
    ['an object cut with a sample', '{"password":{"old":"hunter2","new":"co…', '{"password":[redacted]'],
  ];
  for (const [what, text, expected] of NESTED) {
    it(`removes all of an object or list under a secret label: ${what}`, () =>
      assert.equal(redact(text), expected));
  }
  // SYNTHETIC, a review's lines: a collection under a plural label is read over lines (pretty-printed
  // JSON puts one over several); one left unclosed on a line not cut goes too, up to the text's end or
  // the end of the string it is in: every value after its bracket is inside it.
  const UNCLOSED_COLLECTIONS: readonly [string, string, string][] = [
    ['an object closed on the next line', '{"tokens":{\n"a":"S3cretTokValue"}}', '{"tokens":[redacted]}'],
    [
      'a pretty-printed list',
      '{\n  "tokens": [\n    "abc123"\n  ],\n  "n": 2\n}',
      '{\n  "tokens": [redacted],\n  "n": 2\n}',
    ],
    ['a list left open at the end', '{"apiKeys":["AbCdEfGh12345678"', '{"apiKeys":[redacted]'],
    ['a list left open over lines', '{"tokens":["abc123",\n"def456"', '{"tokens":[redacted]'],
    [
      'a list left open in a JSON string that ends first',
      String.raw`{"body":"{\"tokens\":[\"AbCd1234\"","errorType":"X"}`,
      String.raw`{"body":"{\"tokens\":[redacted]","errorType":"X"}`,
    ],
    [
      'a list cut by API Gateway before the next line',
      '{"tokens":["abc1 [TRUNCATED]\nMethod completed with status: 502',
      '{"tokens":[redacted]\nMethod completed with status: 502',
    ],
  ];
  for (const [what, text, expected] of UNCLOSED_COLLECTIONS) {
    it(`removes the secrets of a collection under a plural label: ${what}`, () =>
      assert.equal(redact(text), expected));
  }
  it('reads a brace left open under a label on a line not cut as a single value, keeping the error type after it', () =>
    // SYNTHETIC: no object closes before the message's string does, so none is read to the line's end.
    assert.equal(
      redact('{"errorMessage":"expected token: {abc","errorType":"ParseError"}'),
      '{"errorMessage":"expected token: [redacted]","errorType":"ParseError"}',
    ));
  // SYNTHETIC sentences ending in base64 JSON or a JWT: the full stop is the sentence's, no segment.
  const SENTENCES: readonly [string, string, string][] = [
    [
      'base64 JSON an API echoes',
      '{"message":"Cannot parse payload eyJhY3Rpb24iOiJidXkifQ.","code":400}',
      '{"message":"Cannot parse payload eyJhY3Rpb24iOiJidXkifQ.","code":400}',
    ],
    ['a JWT', `token ${JWT}. Rejected`, 'token [redacted-jwt]. Rejected'],
    [
      'a JWT in standard base64, padded',
      'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx+MjM0/NTY3ODkwIn0=.c2lnbmF0/dXJl+c2ln==. Rejected',
      'token [redacted-jwt]. Rejected',
    ],
    [
      'a JWT cut after its payload',
      'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0. Rejected',
      'token [redacted-jwt]. Rejected',
    ],
  ];
  for (const [what, text, expected] of SENTENCES) {
    it(`keeps the full stop after ${what}`, () => assert.equal(redact(text), expected));
  }

  for (const [what, text, expected] of QUOTED) {
    it(`removes all of a quoted secret holding ${what}`, () => assert.equal(redact(text), expected));
  }

  // SYNTHETIC: Python prints bytes as `b'…'`, and Python 2 text as `u'…'`: the value is quoted after its prefix.
  const PYTHON_PREFIXED: readonly [string, string, string][] = [
    ['bytes', "{'password': b'S3c ret, PYX', 'user': 'bob'}", "{'password': b'[redacted]', 'user': 'bob'}"],
    ["bytes under a short secret's label", "{'pin': b'1234', 'n': 1}", "{'pin': b'[redacted]', 'n': 1}"],
    ['bytes in double quotes', `{'otp': b"123456"}`, `{'otp': b"[redacted]"}`],
    ["Python 2's text", "{'pin': u'1234'}", "{'pin': u'[redacted]'}"],
  ];
  for (const [what, text, expected] of PYTHON_PREFIXED) {
    it(`removes all of a secret quoted as Python prints ${what}, keeping its prefix and quotes`, () =>
      assert.equal(redact(text), expected));
  }

  // SYNTHETIC: a CDATA section goes up to its end, a second one after it too, and the element's
  // closing tag and what follows stay.
  const SECTIONS: readonly [string, string, string][] = [
    [
      'two sections',
      '<password><![CDATA[ab]]]]><![CDATA[>S3cret]]></password><user>u</user>',
      '<password><![CDATA[[redacted]]]></password><user>u</user>',
    ],
    [
      "Go's escapes",
      String.raw`"\u003cpassword\u003e\u003c![CDATA[S3cr]]\u003e\u003c/password\u003e\u003cuser\u003eu\u003c/user\u003e","x":1`,
      String.raw`"\u003cpassword\u003e\u003c![CDATA[[redacted]]]\u003e\u003c/password\u003e\u003cuser\u003eu\u003c/user\u003e","x":1`,
    ],
    // SYNTHETIC: a section's text over raw lines, as a pretty-printed body holds it.
    [
      'a section whose text is on its own raw line',
      '<password><![CDATA[\nS3cretRawNL\n]]></password>\n<user>u</user>',
      '<password><![CDATA[[redacted]]]></password>\n<user>u</user>',
    ],
    [
      "a section's second raw line",
      '<password><![CDATA[line1\nS3cretLine2]]></password><user>u</user>',
      '<password><![CDATA[[redacted]]]></password><user>u</user>',
    ],
    // SYNTHETIC: a section left open, its line cut or not: only its line goes, so a Lambda error or a
    // SOAP fault on the lines after it stays, and it does not run on to another element's section.
    [
      'a section cut at 1 KiB, a Lambda error after it',
      '<password><![CDATA[S3cr [TRUNCATED]\nSTART RequestId: 1\nERROR Invoke Error {"errorType":"TypeError"}',
      '<password><![CDATA[[redacted]\nSTART RequestId: 1\nERROR Invoke Error {"errorType":"TypeError"}',
    ],
    [
      'a section left open before a SOAP fault',
      '<password><![CDATA[abc\nFault: <faultstring>Invalid credentials</faultstring>',
      '<password><![CDATA[[redacted]\nFault: <faultstring>Invalid credentials</faultstring>',
    ],
    [
      'a section left open whose text starts on the next line',
      '<password><![CDATA[\n  S3cretC\n<x>more</x>',
      '<password><![CDATA[[redacted]\n<x>more</x>',
    ],
    [
      'a section cut whose text starts on the next line',
      '<Envelope><password><![CDATA[\n  S3cretD [TRUNCATED]',
      '<Envelope><password><![CDATA[[redacted]',
    ],
    [
      'a section hand-written in lower case',
      '<password><![cdata[S3cretT]]></password>',
      '<password><![cdata[[redacted]]]></password>',
    ],
    [
      "a section left open before another element's section",
      '<password><![CDATA[open\nline2\n<note><![CDATA[keep me]]></note>\nTypeError: boom',
      '<password><![CDATA[[redacted]\nline2\n<note><![CDATA[keep me]]></note>\nTypeError: boom',
    ],
    [
      'a section cut in a JSON string, escaped as Go escapes',
      String.raw`{"body":"\u003cpassword\u003e\u003c![CDATA[S3cr","x":1}`,
      String.raw`{"body":"\u003cpassword\u003e\u003c![CDATA[[redacted]","x":1}`,
    ],
  ];
  for (const [what, text, expected] of SECTIONS) {
    it(`removes a secret's CDATA section and keeps the rest: ${what}`, () =>
      assert.equal(redact(text), expected));
  }

  // SYNTHETIC: a private key goes between its BEGIN and END lines; cut, only its run of base64 lines
  // (a line shorter than a full one is its last), so what follows it stays.
  const KEYS: readonly [string, string, string][] = [
    [
      'its END line and the text after it',
      'x -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIAbc\n-----END EC PRIVATE KEY----- y',
      'x -----BEGIN EC PRIVATE KEY-----[redacted]-----END EC PRIVATE KEY----- y',
    ],
    [
      "API Gateway's cut mark with its space",
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B [TRUNCATED]',
      '-----BEGIN PRIVATE KEY-----[redacted] [TRUNCATED]',
    ],
    [
      'the line after a last, shorter line',
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nabc=\nMethod completed with status: 502',
      '-----BEGIN PRIVATE KEY-----[redacted]\nMethod completed with status: 502',
    ],
    // SYNTHETIC: OpenPGP armor always has a blank line after its BEGIN line, with no header before
    // it from GnuPG 2.1 on.
    [
      "an OpenPGP key's cut mark, the key after a blank line",
      '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGAAAAABCAC0000000PGPBLANKX0123456789ab\nAbCd0123PGPBLANKCUTX [TRUNCATED]',
      '-----BEGIN PGP PRIVATE KEY BLOCK-----[redacted] [TRUNCATED]',
    ],
    [
      "an OpenPGP key's cut mark, its blank line escaped in a JSON string with CRLF",
      String.raw`{"key":"-----BEGIN PGP PRIVATE KEY BLOCK-----\r\n\r\nlQOYBGAAAAABCAC0000000PGPBLANKX0123456789ab\r\nAbCd0123PGPBLANKCUTX [TRUNCATED]`,
      '{"key":"-----BEGIN PGP PRIVATE KEY BLOCK-----[redacted] [TRUNCATED]',
    ],
    // SYNTHETIC: a key indented in YAML (`key: |`), with tabs, or in a JSON string, cut before its END.
    [
      'the cut mark of an indented key in raw YAML',
      'tls:\n  key: |\n      -----BEGIN PRIVATE KEY-----\n      MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n      abc0INDENTCUTX [TRUNCATED]',
      'tls:\n  key: |\n      -----BEGIN PRIVATE KEY-----[redacted] [TRUNCATED]',
    ],
    [
      'the cut mark of a key indented with tabs',
      '-----BEGIN PRIVATE KEY-----\n\tMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n\tabc0TABCUTX [TRUNCATED]',
      '-----BEGIN PRIVATE KEY-----[redacted] [TRUNCATED]',
    ],
    [
      'the cut mark of an indented key escaped in a JSON string',
      String.raw`{"m":"tls: |\n    -----BEGIN PRIVATE KEY-----\n    MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n    abc0ESCINDENTX [TRUNCATED]`,
      String.raw`{"m":"tls: |\n    -----BEGIN PRIVATE KEY-----[redacted] [TRUNCATED]`,
    ],
    [
      'the cut mark of an indented OpenPGP key, its blank line indented too',
      'k: |\n  -----BEGIN PGP PRIVATE KEY BLOCK-----\n  \n  lQOYBGAAAAABCAC0000000PGPBLANKX0123456789ab\n  AbCd0123INDPGPX [TRUNCATED]',
      'k: |\n  -----BEGIN PGP PRIVATE KEY BLOCK-----[redacted] [TRUNCATED]',
    ],
    // SYNTHETIC: a key line holds a digit, `+` or `/` (a key's base64 does within a few characters),
    // or is a full line of 64; a line cut right after is the key's whatever it holds.
    [
      'the cut mark after a last line of letters only',
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7abcdefghijk\nabcdefLETTERSX [TRUNCATED]',
      '-----BEGIN PRIVATE KEY-----[redacted] [TRUNCATED]',
    ],
    [
      'the cut mark after a full first line of letters only',
      `-----BEGIN PRIVATE KEY-----\n${'ABCDEFGHabcdefgh'.repeat(4)}\nQRSTuvwxFULLX [TRUNCATED]`,
      '-----BEGIN PRIVATE KEY-----[redacted] [TRUNCATED]',
    ],
  ];
  // SYNTHETIC: private keys percent-encoded in a form or a query, under names that are no labels.
  const ENCODED_KEYS: readonly [string, string, string][] = [
    [
      'a form field holding a whole key, keeping the next field',
      'body key=-----BEGIN%20PRIVATE%20KEY-----%0AMIIEvQIBADANBgkqhkiG9w0B%2BSYNTH%0A-----END%20PRIVATE%20KEY-----&x=1',
      'body key=-----BEGIN%20PRIVATE%20KEY-----[redacted]-----END%20PRIVATE%20KEY-----&x=1',
    ],
    [
      "a key with + for spaces and %2D for -, cut before its END, up to the run's end",
      'k=%2D%2D%2D%2D%2DBEGIN+RSA+PRIVATE+KEY%2D%2D%2D%2D%2D%0AMIIEpAIBAAKCAQEA%0AAAA next',
      'k=%2D%2D%2D%2D%2DBEGIN+RSA+PRIVATE+KEY%2D%2D%2D%2D%2D[redacted] next',
    ],
    [
      'a query in a JSON string, up to its quote',
      '{"q":"k=-----BEGIN%20EC%20PRIVATE%20KEY-----%0AMHcCAQEE","x":1}',
      '{"q":"k=-----BEGIN%20EC%20PRIVATE%20KEY-----[redacted]","x":1}',
    ],
    [
      'an END line in the next field, which is not this run',
      'a=-----BEGIN%20PRIVATE%20KEY-----%0AMIIE&b=-----END%20PRIVATE%20KEY-----',
      'a=-----BEGIN%20PRIVATE%20KEY-----[redacted]&b=-----END%20PRIVATE%20KEY-----',
    ],
    [
      'a BEGIN line alone in prose',
      'expected -----BEGIN%20PRIVATE%20KEY----- header',
      'expected -----BEGIN%20PRIVATE%20KEY----- header',
    ],
    // SYNTHETIC: what ends a run besides & and white space: a cut's mark, the separators of other
    // forms and of a URL's fragment, Gson's escaped & (shown as &), and a quote escaped in a JSON
    // string, whose escape stays.
    // SYNTHETIC: a form percent-encoded twice (a query passed in another's), its % as %25.
    [
      'a key percent-encoded twice',
      'u=%3Fk%3D%252D%252D%252D%252D%252DBEGIN%2520PRIVATE%2520KEY%252D%252D%252D%252D%252D%250AMIIEvQIB%250A%252D%252D%252D%252D%252DEND%2520PRIVATE%2520KEY%252D%252D%252D%252D%252D&x=1',
      'u=%3Fk%3D%252D%252D%252D%252D%252DBEGIN%2520PRIVATE%2520KEY%252D%252D%252D%252D%252D[redacted]%252D%252D%252D%252D%252DEND%2520PRIVATE%2520KEY%252D%252D%252D%252D%252D&x=1',
    ],
    [
      "a key cut, up to the cut's mark",
      'k=-----BEGIN%20PRIVATE%20KEY-----%0AMIIEvQIBADAN…',
      'k=-----BEGIN%20PRIVATE%20KEY-----[redacted]…',
    ],
    [
      'keys before ;, , and # in the same text',
      'a=-----BEGIN%20PRIVATE%20KEY-----%0AMIIE1;x=1 b=-----BEGIN%20PRIVATE%20KEY-----%0AMIIE2,y=2 c=-----BEGIN%20PRIVATE%20KEY-----%0AMIIE3#top',
      'a=-----BEGIN%20PRIVATE%20KEY-----[redacted];x=1 b=-----BEGIN%20PRIVATE%20KEY-----[redacted],y=2 c=-----BEGIN%20PRIVATE%20KEY-----[redacted]#top',
    ],
    [
      "a key before Gson's escaped & and an escaped quote in a JSON string",
      String.raw`{"m":"a=-----BEGIN%20PRIVATE%20KEY-----%0AMIIE1\u0026x=1 {\"b\":\"-----BEGIN%20PRIVATE%20KEY-----%0AMIIE2\"}"}`,
      String.raw`{"m":"a=-----BEGIN%20PRIVATE%20KEY-----[redacted]&x=1 {\"b\":\"-----BEGIN%20PRIVATE%20KEY-----[redacted]\"}"}`,
    ],
  ];
  // SYNTHETIC: a PuTTY private key file (format 3; format 2 has the same private part), public
  // lines kept, private lines and MAC gone.
  const PUTTY_HEAD = [
    'PuTTY-User-Key-File-3: ssh-ed25519',
    'Encryption: none',
    'Comment: eddsa-key-20260101',
    'Public-Lines: 2',
    'AAAAC3NzaC1lZDI1NTE5AAAAISYNTHpublicLine0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c',
    'AAAAbSYNTHpublic2',
  ].join('\n');
  const PUTTY_PRIVATE = [
    'Private-Lines: 2',
    'AAAAIFSYNTHprivateLine1q2w3e4r5t6y7u8i9o0p1a2s3d4f5g6h7j8k9l0z1x2c3v4',
    'AAAASYNTHprivate2b3n=',
    'Private-MAC: 5f3c9a1b0e4d7c2b8a6f1e9d3c5b7a4f2e8d6c1b0a9f8e7d6c5b4a3f2e1d0c9b',
  ].join('\n');
  const PUTTY: readonly [string, string, string][] = [
    [
      'on raw lines',
      `${PUTTY_HEAD}\n${PUTTY_PRIVATE}\nnext`,
      `${PUTTY_HEAD}\nPrivate-Lines: 2[redacted]\nPrivate-MAC: [redacted]\nnext`,
    ],
    [
      'in a JSON string',
      JSON.stringify({ m: `${PUTTY_HEAD}\n${PUTTY_PRIVATE}`, n: 1 }),
      JSON.stringify({ m: `${PUTTY_HEAD}\nPrivate-Lines: 2[redacted]\nPrivate-MAC: [redacted]`, n: 1 }),
    ],
    [
      'cut before its MAC',
      `${PUTTY_HEAD}\n${PUTTY_PRIVATE.split('\n').slice(0, 2).join('\n')}`,
      `${PUTTY_HEAD}\nPrivate-Lines: 2[redacted]`,
    ],
    [
      'flattened to one line, its last line short before the MAC',
      'Private-Lines: 2 AAAAIFSYNTHprivateLine1q2w3e4r AAAAb= Private-MAC: 5f3c9a1b next',
      'Private-Lines: 2[redacted] Private-MAC: [redacted] next',
    ],
    [
      'flattened to one line, its lines followed by words',
      'Private-Lines: 1 AAAAIFSYNTHprivateLine1q2w3e4r then more words',
      'Private-Lines: 1[redacted] then more words',
    ],
    [
      'flattened to one line and cut after a short line',
      'Private-Lines: 2 AAAAIFSYNTHprivateLine1q2w3e4r AAAAb',
      'Private-Lines: 2[redacted]',
    ],
    [
      'flattened to one line',
      `${PUTTY_HEAD}\n${PUTTY_PRIVATE}`.replaceAll('\n', ' '),
      `${PUTTY_HEAD} Private-Lines: 2[redacted] Private-MAC: [redacted]`.replaceAll('\n', ' '),
    ],
  ];
  for (const [what, text, expected] of PUTTY) {
    it(`removes a PuTTY private key's private lines and MAC ${what}, keeping its public lines`, () =>
      assert.equal(redact(text), expected));
  }

  for (const [what, text, expected] of ENCODED_KEYS) {
    it(`removes a percent-encoded private key: ${what}`, () => assert.equal(redact(text), expected));
  }

  for (const [what, text, expected] of KEYS) {
    it(`removes a private key's lines and keeps ${what}`, () => assert.equal(redact(text), expected));
  }

  // SYNTHETIC: a short secret's label (a one-time password, a PIN, a card code, a passcode) names
  // one in prose too: an unquoted value under it is one token, so the next header line and the rest
  // of a message stay; a quoted value, a list, an object or an element goes whole, as under any label.
  const SHORT: readonly [string, string, string][] = [
    ['a header line before the next one', 'X-OTP: 123456\nHost: h', 'X-OTP: [redacted]\nHost: h'],
    [
      'a header line before the next one, escaped in a JSON string',
      String.raw`{"m":"X-OTP: 123456\nHost: h"}`,
      String.raw`{"m":"X-OTP: [redacted]\nHost: h"}`,
    ],
    ['a word of prose in a message', '{"message":"PIN: required"}', '{"message":"PIN: [redacted]"}'],
    ['a pair before prose', 'pin=1234 rejected for u-1', 'pin=[redacted] rejected for u-1'],
    ['a quoted value holding spaces', '{"otp":"12 34 56","x":1}', '{"otp":"[redacted]","x":1}'],
    ['a list', 'pin: ["1 2","3 4"] x', 'pin: [redacted] x'],
    ['an object', 'cvv={a=1 2, b=3 4} x', 'cvv=[redacted] x'],
    ['an element spaced inside', '<passcode> 9 8 7 </passcode>', '<passcode>[redacted]</passcode>'],
    // SYNTHETIC: a form body's next field, and a closing bracket around the pair.
    [
      'a form field before the next one',
      '{"body":"user=bob&otp=123456&remember=true"}',
      '{"body":"user=bob&otp=[redacted]&remember=true"}',
    ],
    ['a pair in parentheses', '(pin=1234) failed', '(pin=[redacted]) failed'],
    // SYNTHETIC: a passcode is no number: its symbols are its own, not the end of a pair.
    [
      'a passcode holding a bracket and an exclamation mark',
      'passcode=Ab)c12! rejected',
      'passcode=[redacted] rejected',
    ],
    [
      'a passcode header holding brackets and an ampersand',
      'X-Pass-Code: Zz(9)x&y\nHost: h',
      'X-Pass-Code: [redacted]\nHost: h',
    ],
    ['a pair in square brackets', '[cvv=123] rejected', '[cvv=[redacted]] rejected'],
    // SYNTHETIC: a code shown or typed spaced: two runs of 2 to 4 digits and one space are one value.
    ['a spaced code in a header map', '{X-OTP=123 456, Host=h}', '{X-OTP=[redacted], Host=h}'],
    ['a spaced code before prose', 'otp: 123 456 sent', 'otp: [redacted] sent'],
    ['a spaced PIN', 'pin=12 34', 'pin=[redacted]'],
    ['a code spaced in three runs', 'otp: 12 34 56 sent', 'otp: [redacted] sent'],
    ['a code spaced in four runs', '{X-OTP=12 34 56 78, Host=h}', '{X-OTP=[redacted], Host=h}'],
    ['a code spaced in five runs', 'X-OTP: 12 34 56 78 90\nHost: h', 'X-OTP: [redacted]\nHost: h'],
    ['a code spaced digit by digit', 'otp: 1 2 3 4 5 6 sent', 'otp: [redacted] sent'],
    ['a code spaced by a no-break space', 'otp: 123\u00a0456 sent', 'otp: [redacted] sent'],
    ['a code spaced by narrow no-break spaces', 'otp: 12\u202f34\u202f56', 'otp: [redacted]'],
    ['a code spaced twice over', 'otp: 12  34 56 sent', 'otp: [redacted] sent'],
    ['a code of eight digits spaced digit by digit', 'otp: 1 2 3 4 5 6 7 8 sent', 'otp: [redacted] sent'],
    // SYNTHETIC: a tab-separated export's next columns after a code are no part of it.
    [
      'a code before the next columns of a tab-separated row',
      'X-OTP: 1234\t200\t35',
      'X-OTP: [redacted]\t200\t35',
    ],
    // SYNTHETIC: French typography's no-break space before the colon, and one after it.
    [
      'a code after a no-break space before the colon',
      'OTP\u00a0: 123456 sent',
      'OTP\u00a0: [redacted] sent',
    ],
    ['a code after a no-break space after the colon', 'otp:\u00a0123456 sent', 'otp:\u00a0[redacted] sent'],
    ['a card code after a thin space', 'cvv:\u2009123 ok', 'cvv:\u2009[redacted] ok'],
    ['a spaced code ending a sentence', 'Your otp: 123 456. Use it now', 'Your otp: [redacted]. Use it now'],
    ['a spaced code before an exclamation mark', 'otp: 12 34 56!', 'otp: [redacted]!'],
    ['a spaced code in HTML', '<p>otp: 123 456</p>', '<p>otp: [redacted]</p>'],
    ['a spaced code before a colon', 'otp: 123 456: expired', 'otp: [redacted]: expired'],
    // SYNTHETIC: a time, a date or an address after a code is no run of it.
    ['a code before a time', 'otp: 1234 12:30:00 UTC', 'otp: [redacted] 12:30:00 UTC'],
    ['a code before a date', 'pin: 1234 2024-01-01T00:00:00Z', 'pin: [redacted] 2024-01-01T00:00:00Z'],
    ['a code before an address', 'pin: 1234 10.0.0.1', 'pin: [redacted] 10.0.0.1'],
    // SYNTHETIC: one or two digits then a code's capitals are the code's start, no count.
    ['a code of digits then capitals', 'security_code: 12 ABCD', 'security_code: [redacted] ABCD'],
    ['a PIN of digits then letters and digits', 'PIN: 12 A1B2C3', 'PIN: [redacted] A1B2C3'],
    ['a spaced code under a camelCase key', 'userPin: 12 34 ok', 'userPin: [redacted] ok'],
    [
      'a code under a camelCase key after a no-break space',
      'userPin:\u00a01234 ok',
      'userPin:\u00a0[redacted] ok',
    ],
    [
      'a code under a verb-first key after a no-break space',
      'confirmOtp:\u00a0123456',
      'confirmOtp:\u00a0[redacted]',
    ],
    [
      'a code under a verb-first key before a no-break space and =',
      'verifyPin\u00a0= 4321',
      'verifyPin\u00a0= [redacted]',
    ],
    [
      'a code under a verb-first key, a no-break space before the next field',
      'confirmOtp:\u00a0123456\u00a0; x',
      'confirmOtp:\u00a0[redacted]\u00a0; x',
    ],
    ['a code then a longer number, which is no half of it', 'pin=12 345678 x', 'pin=[redacted] 345678 x'],
    ['a code then a word', 'pin=1234 rejected', 'pin=[redacted] rejected'],
  ];
  // SYNTHETIC: a code's or a PIN's label as a camelCase or PascalCase key's last word, AWS APIs'
  // fields among them (Cognito's ConfirmSignUp and ConfirmForgotPassword, IAM's EnableMFADevice).
  const CAMEL: readonly [string, string, string][] = [
    // SYNTHETIC: DynamoDB's placeholder for a value holds the value itself; a code then a word.
    [
      "DynamoDB's placeholder for a PIN's value",
      'ExpressionAttributeValues: {":userPin": {"S": "1234"}}',
      'ExpressionAttributeValues: {":userPin": [redacted]}',
    ],
    [
      'a code of six digits then a word',
      'ConfirmationCode: 123456 expired',
      'ConfirmationCode: [redacted] expired',
    ],
    ['a PIN after spaces around =, then a word', 'userPin = 1234 rejected', 'userPin = [redacted] rejected'],
    [
      'a key that only starts with a verb',
      '{"settingsPin":"1234","issuerOtp":"654321"}',
      '{"settingsPin":"[redacted]","issuerOtp":"[redacted]"}',
    ],
    ['a camelCase PIN in JSON', '{"userPin":"1234","x":1}', '{"userPin":"[redacted]","x":1}'],
    // SYNTHETIC: a Go struct printed with %+v, its fields' names right before a `:`, and XML elements.
    [
      "a Go struct's fields printed with %+v",
      '{UserPin:1234 Name:bob} &{Name:bob ConfirmationCode:123456}',
      '{UserPin:[redacted] Name:bob} &{Name:bob ConfirmationCode:[redacted]}',
    ],
    [
      'XML elements named for a code, a namespace prefix or not',
      '<UserPin>1234</UserPin><ns:ConfirmationCode>123456</ns:ConfirmationCode><x>1</x>',
      '<UserPin>[redacted]</UserPin><ns:ConfirmationCode>[redacted]</ns:ConfirmationCode><x>1</x>',
    ],
    ['a camelCase PIN in a form', 'newPin=1234&x=1', 'newPin=[redacted]&x=1'],
    // SYNTHETIC: codes whose letters spell a unit are no measures: a unit is a word of its own, or ms.
    [
      "codes holding a unit's letters between digits or before punctuation",
      'userOtp=4s7k2&x=1 UserOtp: 2ms4; userPin=12s4; userOtp=12times3; userPin=1234s;x',
      'userOtp=[redacted]&x=1 UserOtp: [redacted]; userPin=[redacted]; userOtp=[redacted]; userPin=[redacted];x',
    ],
    ['a card security code', '{"cardSecurityCode":"123"}', '{"cardSecurityCode":"[redacted]"}'],
    ['an SMS one-time code', '{"smsOtpCode":"123456"}', '{"smsOtpCode":"[redacted]"}'],
    [
      'an e-mail verification code',
      '{"emailVerificationCode":"829301"}',
      '{"emailVerificationCode":"[redacted]"}',
    ],
    [
      "Cognito's ConfirmationCode",
      '{"ClientId":"c1","ConfirmationCode":"123456","Username":"bob"}',
      '{"ClientId":"c1","ConfirmationCode":"[redacted]","Username":"bob"}',
    ],
    [
      "IAM's AuthenticationCode1 and AuthenticationCode2",
      '{"AuthenticationCode1":"123456","AuthenticationCode2":"654321","UserName":"bob"}',
      '{"AuthenticationCode1":"[redacted]","AuthenticationCode2":"[redacted]","UserName":"bob"}',
    ],
    [
      'a TOTP and an MFA code as PascalCase keys',
      '{"TOTP":"123456","MfaCode":"654321"}',
      '{"TOTP":"[redacted]","MfaCode":"[redacted]"}',
    ],
    [
      "a Python dict's number, its literal kept",
      "{'userPin': 1234, 'hasPin': True}",
      "{'userPin': [redacted], 'hasPin': True}",
    ],
    ['a YAML key before prose', 'userPin: 1234 rejected', 'userPin: [redacted] rejected'],
    [
      'a list and an object',
      'userPin=[1,2] {"newPin":{"a":"1"},"x":1}',
      'userPin=[redacted] {"newPin":[redacted],"x":1}',
    ],
    ['a passcode with its symbols', 'mfaPasscode=Ab)c! x', 'mfaPasscode=[redacted] x'],
    // SYNTHETIC: a status code's number before a word that is not its phrase, and a code before a word.
    [
      'a number that is no status before its phrase, or is before a word that is no unit',
      'userPin: 404 Unauthorized; smsOtp: 1234 msg; userOtp: 500 Internal',
      'userPin: [redacted] Unauthorized; smsOtp: [redacted] msg; userOtp: 500 Internal',
    ],
    [
      'a quoted code of digits under a key saying whether a code is set',
      '{"hasPin":"1234","isOtp":"654321"}',
      '{"hasPin":"[redacted]","isOtp":"[redacted]"}',
    ],
    // SYNTHETIC: code keys written lower-case first, as Amplify sends Cognito's confirmationCode.
    [
      'codes under keys written lower-case first',
      '{"confirmationCode":"123456","authenticationCode1":"111111","authenticationCode2":"222222","securityCode":"123","mfaCode":"654321","otpCode":"123456","pinCode":"1234"}',
      '{"confirmationCode":"[redacted]","authenticationCode1":"[redacted]","authenticationCode2":"[redacted]","securityCode":"[redacted]","mfaCode":"[redacted]","otpCode":"[redacted]","pinCode":"[redacted]"}',
    ],
    [
      'a confirmation code in a form and as YAML',
      'confirmationCode=123456&x=1 authenticationCode1: 123456 ok',
      'confirmationCode=[redacted]&x=1 authenticationCode1: [redacted] ok',
    ],
    // SYNTHETIC: a code under a key whose first word is a verb (confirmPin, verifyPin, submitOtp): a
    // quoted string of digits, or an unquoted run of digits ending the value, is a code by its shape.
    [
      'a confirmed PIN beside the new one',
      '{"newPin":"1234","confirmPin":"1234"}',
      '{"newPin":"[redacted]","confirmPin":"[redacted]"}',
    ],
    [
      'quoted codes of digits under keys that start with a verb',
      '{"ConfirmPIN":"1234","verifyPin":"1234","setPin":"1234","resetPin":"1234","submitOtp":"123 456","getOtp":"123-456"}',
      '{"ConfirmPIN":"[redacted]","verifyPin":"[redacted]","setPin":"[redacted]","resetPin":"[redacted]","submitOtp":"[redacted]","getOtp":"[redacted]"}',
    ],
    [
      'unquoted codes of digits ending the value under keys that start with a verb',
      'confirmOtp=123456&x=1 verifyPin: 4321; (setPin=9876) resetPin = 1234\nsubmitOtp=654321',
      'confirmOtp=[redacted]&x=1 verifyPin: [redacted]; (setPin=[redacted]) resetPin = [redacted]\nsubmitOtp=[redacted]',
    ],
    [
      'a passcode holding a digit under a key that starts with a verb',
      'confirmPasscode=abc123&x=1 {"resetPasscode":"Ab1!"}',
      'confirmPasscode=[redacted]&x=1 {"resetPasscode":"[redacted]"}',
    ],
    [
      'a PIN in JSON in a JSON string',
      String.raw`{"body":"{\"userPin\":\"1234\"}"}`,
      String.raw`{"body":"{\"userPin\":\"[redacted]\"}"}`,
    ],
  ];
  for (const [what, text, expected] of CAMEL) {
    it(`removes ${what} under a camelCase code key, and only that`, () =>
      assert.equal(redact(text), expected));
  }

  for (const [what, text, expected] of SHORT) {
    it(`removes ${what} under a short secret's label, and only that`, () =>
      assert.equal(redact(text), expected));
  }

  for (const [how, text, expected] of ESCAPED) {
    it(`keeps the escape of the quote closing a value quoted in a JSON string ${how}`, () =>
      assert.equal(redact(text), expected));
  }

  for (const { name, text } of KEPT) {
    it(`keeps ${name} whole`, () => assert.equal(redact(text), text));
  }

  // SYNTHETIC: .NET's escaped `"` and `+` in a Cookie header and in secrets' base64.
  const DOTNET: readonly [string, string, string][] = [
    [
      'a Cookie header with a quoted value, escaped as .NET escapes a quote',
      String.raw`{"m":"Cookie: theme=\u0022dark\u0022; session=S3cretSid; csrf=abc","errorType":"X"}`,
      '{"m":"Cookie: [redacted]","errorType":"X"}',
    ],
    [
      'a Cookie header with a quoted value in a JSON string',
      String.raw`{"m":"Cookie: a=\"b c\"; sid=S3cretSid2","x":1}`,
      '{"m":"Cookie: [redacted]","x":1}',
    ],
    [
      "a bearer token holding .NET's escaped +",
      String.raw`{"m":"Authorization: Bearer abcdefgh\u002BijklmnopTAIL","x":1}`,
      '{"m":"Authorization: [redacted]","x":1}',
    ],
    [
      "a JWT's signature holding .NET's escaped +",
      String.raw`{"m":"token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcd\u002BSIGTAILX rejected"}`,
      '{"m":"token [redacted-jwt] rejected"}',
    ],
  ];
  for (const [what, text, expected] of DOTNET) {
    it(`removes ${what} whole`, () => assert.equal(redact(text), expected));
  }

  it("shows Gson's escaped =, & and ' as the characters themselves, without the backslashes before them", () => {
    // SYNTHETIC: a Java function's message as Gson writes it, and once more quoted in a JSON string.
    assert.equal(
      redact(
        String.raw`{"errorMessage":"user\u003dalice\u0026role\u003Dadmin, can\u0027t","body":"{\"q\":\"a\\u003db\"}"}`,
      ),
      String.raw`{"errorMessage":"user=alice&role=admin, can't","body":"{\"q\":\"a=b\"}"}`,
    );
  });

  // SYNTHETIC: .NET's System.Text.Json escapes `"` as `\u0022` once or in JSON quoted
  // again: it is a quote escaped at the depth its backslashes say, shown as one (`\"`, `\\\"`), so
  // the string around it still ends where it did.
  const ESCAPED_QUOTES: readonly [string, string, string][] = [
    [
      'JSON in a JSON string',
      String.raw`{"body":"{\u0022password\u0022:\u0022S3crNet\u0022}","x":1}`,
      String.raw`{"body":"{\"password\":\"[redacted]\"}","x":1}`,
    ],
    [
      "a short secret's quoted value in a message",
      String.raw`{"m":"pin=\u00221234\u0022","x":1}`,
      String.raw`{"m":"pin=\"[redacted]\"","x":1}`,
    ],
    [
      'JSON in a JSON string quoted again',
      String.raw`{"log":"{\"body\":\"{\\u0022apiKey\\u0022:\\u0022S3cr\\u0022,\\u0022user\\u0022:\\u0022bob\\u0022}\"}"}`,
      String.raw`{"log":"{\"body\":\"{\\\"apiKey\\\":\\\"[redacted]\\\",\\\"user\\\":\\\"bob\\\"}\"}"}`,
    ],
    [
      'a quote escaped in JSON quoted again, after its escaped backslash',
      String.raw`{"log":"{\"m\":\"pin=\\\u00221234\\\u0022 x\"}","q":"\u0022a\u0022"}`,
      String.raw`{"log":"{\"m\":\"pin=\\\"[redacted]\\\" x\"}","q":"\"a\""}`,
    ],
  ];
  for (const [where, text, expected] of ESCAPED_QUOTES) {
    it(`reads .NET's escaped quote as an escaped quote at its depth: ${where}`, () =>
      assert.equal(redact(text), expected));
  }

  it('leaves text without secrets unchanged', () => {
    const text = 'Execution failed due to configuration error: Malformed Lambda proxy response';
    assert.equal(redact(text), text);
  });

  it('is idempotent', () => {
    for (const { text } of CASES) assert.equal(redact(redact(text)), redact(text));
  });

  it('redacts text full of echoed Authorization headers, on one line or many, in linear time', () => {
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const echo = "'a' not a valid key=value pair (missing equal-sign) in Authorization header: 'b' ";
      const oneLine = redact(echo.repeat(3000));
      const manyLines = redact((echo + '\\n').repeat(3000));
      console.log(!oneLine.includes("'b'") && !manyLines.includes("'b'"));`;
    assert.equal(outputWithinLimit(script, 'redacting echoed Authorization headers went quadratic'), 'true');
  });

  it('redacts a 256 KiB message of word boundaries in linear time (an unbounded URL scheme was quadratic)', () => {
    // Alert trails redact whole messages; 40,000 characters of `a.a.a…` took 1.4 s with the unbounded rule.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      console.log(redact('a.'.repeat(131072) + 'https://u:p@h').endsWith('https://[redacted]@h'));`;
    assert.equal(outputWithinLimit(script, 'the URL password rule backtracks'), 'true');
  });
  it('redacts values of 256 KiB of backslashes, before a quote or not, in linear time', () => {
    // Each run of backslashes is tried whole, then shorter, to see whether it escapes the closing quote.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const run = '\\\\'.repeat(262144);
      const outs = [redact('"token":"a' + run + '"'), redact('cookie=a' + run + 'b'), redact(('token:a' + run.slice(0, 64) + '"').repeat(4096))];
      console.log(outs.every((out) => out.includes('[redacted]')));`;
    assert.equal(outputWithinLimit(script, 'a value of backslashes backtracks'), 'true');
  });
  it('redacts 4 MiB of percent-encoded words and separators in linear time', () => {
    // SYNTHETIC: every encoded space may start a key and every encoded = end one; a key's length is
    // bounded, so each start reads at most 64 characters.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = ('%20' + 'ab'.repeat(40) + '%3D').repeat(4 * 1048576 / 86) + '%20password%3DS3cret';
      console.log(redact(text).endsWith('password%3D[redacted]'));`;
    assert.equal(outputWithinLimit(script, 'the percent-encoded label rule backtracks'), 'true');
  });
  it('redacts 4 MiB of XML element starts and of query-string maps, closed or not, in linear time', () => {
    // SYNTHETIC: every `<` may start a secret's element, every map's item a credential; each map is
    // read to its `}` or its line's end once.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const xml = ('<' + 'a'.repeat(60) + 'password ').repeat(1048576 / 70) + '<token>'.repeat(1048576 / 7) +
        '<![CDATA['.repeat(1048576 / 9) + '\\n' + '<token> <![CDATA[x]]\\n'.repeat(1048576 / 22);
      const maps = 'query string: {code=x}'.repeat(1048576 / 22) + 'query string: {code=x\\n'.repeat(1048576 / 22);
      console.log(redact(xml + maps + 'query string: {code=S3cret').endsWith('{code=[redacted]'));`;
    assert.equal(
      outputWithinLimit(script, 'the XML element or query-string map rule went quadratic'),
      'true',
    );
  });
  it('redacts a line of spaces after a secret-named element, raw or escaped, in linear time', () => {
    // SYNTHETIC: a spaced value is looked for up to its own closing tag, once, not once per space.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const spaces = ' '.repeat(262144);
      const lines = ['<password>' + spaces, '<password>' + spaces + 'x'.repeat(131072), '"\\\\u003cpassword\\\\u003e' + spaces, '\\\\u003cpassword a=\\\\"b\\\\"\\\\u003e' + spaces];
      console.log(lines.every((line) => redact(line).length > 0));`;
    assert.equal(outputWithinLimit(script, 'a spaced XML value was read once per space'), 'true');
  });
  it('redacts 4 MiB of URL schemes, passwords and raw @ in linear time', () => {
    // SYNTHETIC: a password may hold `/` and `@`, so each scheme could read on to the next one.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = ('a://b:c/' + 'd@'.repeat(60)).repeat(4 * 1048576 / 128) + ' https://u:p/w@h';
      console.log(redact(text).endsWith(' https://[redacted]@h'));`;
    assert.equal(outputWithinLimit(script, 'the URL password rule backtracks'), 'true');
  });
  it("redacts 4 MiB of short secrets' labels, suffixed, spaced or signed, in linear time", () => {
    // SYNTHETIC: every label may start a pair; a run of spaces or signs after it is read once.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = ('X-PIN-Code' + ' '.repeat(54)).repeat(1048576 / 64) + 'otp_code_number2'.repeat(1048576 / 16) +
        'cvv2:'.repeat(1048576 / 5) + 'pin=1&'.repeat(1048576 / 6) + 'pin=12 '.repeat(1048576 / 7) + 'otp=1234 12345 '.repeat(1048576 / 15) + '(otp=1)]'.repeat(1048576 / 8) + 'mfa_verification-security_totp'.repeat(1048576 / 31) + ('pass-code=' + '\\\\t'.repeat(27)).repeat(1048576 / 64) + ' pin=S3cret';
      console.log(redact(text).endsWith(' pin=[redacted]'));`;
    assert.equal(outputWithinLimit(script, "a short secret's label rule backtracks"), 'true');
  });
  it('redacts 4 MiB of cookie headers opening quoted values, closed or not, raw or escaped, in linear time', () => {
    // SYNTHETIC: each quoted value is read to its closing quote once; one left open ends the header.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = ('Cookie: a="' + 'x'.repeat(53)).repeat(1048576 / 64) + ('Cookie: a=\\\\\\"' + '\\\\'.repeat(50)).repeat(1048576 / 64) +
        'Cookie: ' + 'a="b"; '.repeat(1048576 / 7) + '=\\\\"'.repeat(1048576 / 3) + '\\n pin=S3cret';
      console.log(redact(text).endsWith(' pin=[redacted]'));`;
    assert.equal(outputWithinLimit(script, 'the cookie rule backtracks'), 'true');
  });
  it("redacts 4 MiB of PuTTY keys' Private-Lines headers, with lines or not, and MACs in linear time", () => {
    // SYNTHETIC: each header reads at most its lines, once; the next header is looked for after them.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = 'Private-Lines: 9999\\n'.repeat(1048576 / 21) + ('Private-Lines: 9999\\n' + 'QUJD\\n'.repeat(9)).repeat(1048576 / 66) +
        'Private-MAC: '.repeat(1048576 / 13) + ('Private-Lines: 1 ' + 'a'.repeat(47)).repeat(1048576 / 64) + ' pin=S3cret';
      console.log(redact(text).endsWith(' pin=[redacted]'));`;
    assert.equal(outputWithinLimit(script, "a PuTTY key's rule went quadratic"), 'true');
  });
  it("redacts 4 MiB of flattened PuTTY keys' Private-Lines headers before short words and MACs in linear time", () => {
    // SYNTHETIC: each flattened line is read once, a short one ending the key unless a MAC follows it.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = ('Private-Lines: 9999 ' + 'QUJDQUJDQUJDQUJDQUJD '.repeat(2) + 'ab ').repeat(1048576 / 65) +
        ('Private-Lines: 9999 ab Private-MAC: ').repeat(1048576 / 36) + 'Private-Lines: 2 is unsupported pin=S3cret';
      console.log(redact(text).endsWith(' is unsupported pin=[redacted]'));`;
    assert.equal(outputWithinLimit(script, "a flattened PuTTY key's lines are read again"), 'true');
  });
  it('redacts 4 MiB of camelCase code labels, in and out of a key position, in linear time', () => {
    // SYNTHETIC: every capital may start a label; a key's end and a value are read once each.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = 'aPinCode1'.repeat(1048576 / 9) + 'xVerificationCode:a'.repeat(1048576 / 19) + 'userPin= '.repeat(1048576 / 9) +
        ('"userOtp": ' + 'a'.repeat(53)).repeat(1048576 / 64) + '"userPin":{'.repeat(1048576 / 11) + '\\n' +
        'userPin=['.repeat(1048576 / 9) + '\\n' + '"userPin":"'.repeat(1048576 / 11) + '\\n userPin=S3cret1';
      console.log(redact(text).endsWith(' userPin=[redacted]'));`;
    assert.equal(outputWithinLimit(script, 'a camelCase code label rule backtracks'), 'true');
  });
  it('redacts 4 MiB of camelCase and Go code keys run together with no space, redact and redactCut alike, in linear time', () => {
    // SYNTHETIC: an unquoted value's digit is looked for in its first 64 characters only, so a run of
    // keys (userPin=userPin=…, {UserPin:{UserPin:…) is not read to its end once per key.
    const script = `
      const { redact, redactCut } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = 'userPin='.repeat(1048576 / 8) + '{UserPin:'.repeat(1048576 / 9) + 'PinPinPinPin='.repeat(1048576 / 13) +
        'userPin=userPin='.repeat(1048576 / 16) + '\\n userPin=S3cret1';
      console.log(redact(text).endsWith(' userPin=[redacted]') && redactCut(text).length > 0);`;
    assert.equal(
      outputWithinLimit(script, 'a camelCase or Go code key rule reads a run of keys once per key'),
      'true',
    );
  });
  it('redacts 4 MiB of statuses, measures and near-misses under camelCase code keys, spaced or run together, in linear time', () => {
    // SYNTHETIC: a status's phrase and a measure's unit are looked for right after the key, bounded.
    const script = `
      const { redact, redactCut } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = 'userPin: 500 Internal '.repeat(1048576 / 22) + 'userPin=1ms'.repeat(1048576 / 11) + 'userOtp: 1234567890123456789012345 m '.repeat(1048576 / 36) +
        'smsOtp: 404 No'.repeat(1048576 / 14) + '\\n userPin=S3cret1';
      console.log(redact(text).endsWith(' userPin=[redacted]') && redactCut(text).length > 0);`;
    assert.equal(
      outputWithinLimit(script, 'a status or measure after a camelCase code key backtracks'),
      'true',
    );
  });
  it('redacts 4 MiB of codes under verb-first and lower-case-first keys, quoted or not, run together with no space or not, in linear time', () => {
    // SYNTHETIC: a verb-first key's value is at most 12 digits, or 64 characters of a passcode, read once per key.
    const script = `
      const { redact, redactCut } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = 'confirmPin="1'.repeat(1048576 / 13) + 'confirmPin=1'.repeat(1048576 / 12) + 'verifyPin: 1 2 3 4 5 6 7 8 9 '.repeat(1048576 / 30) +
        ('confirmPasscode=' + '1'.repeat(60)).repeat(1048576 / 76) + ('"setPin":"' + '1-'.repeat(20)).repeat(1048576 / 50) +
        'getAbcdefghijAbcdefghijAbcdefghijAbcdefghijOtp='.repeat(1048576 / 47) + 'confirmationCode='.repeat(1048576 / 17) + 'hasPin="1'.repeat(1048576 / 9) + 'isPin=isPin='.repeat(1048576 / 12) +
        '"authenticationCode1":"'.repeat(1048576 / 23) + '\\n confirmPin=1234';
      console.log(redact(text).endsWith(' confirmPin=[redacted]') && redactCut(text).length > 0);`;
    assert.equal(outputWithinLimit(script, 'a verb-first code key rule backtracks'), 'true');
  });
  it("redacts 4 MiB of camelCase code labels after verbs, capitalised words and #'s, and of counts, in linear time", () => {
    // SYNTHETIC: the look back for an operation's verb or a placeholder's # is bounded, and tried only
    // where a label's word starts; a count's look ahead reads two digits.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = ('get' + 'Abcdefghij'.repeat(5) + 'Pin= ').repeat(1048576 / 61) + ('#' + 'a'.repeat(50) + 'Otp: 1').repeat(1048576 / 57) +
        'userPin: 1 a '.repeat(1048576 / 13) + 'Pin'.repeat(1048576 / 3) + ' "sendOtp":{'.repeat(1048576 / 12) + '\\n userPin=S3cret1';
      console.log(redact(text).endsWith(' userPin=[redacted]'));`;
    assert.equal(
      outputWithinLimit(script, 'a camelCase code label rule backtracks after a verb or a #'),
      'true',
    );
  });
  it('redacts 4 MiB of XML elements and Go struct fields named for a code, closed or not, in linear time', () => {
    // SYNTHETIC: an element's text is read once up to the next tag; a field's name is bounded.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = ('<aPin>' + 'x'.repeat(58)).repeat(1048576 / 64) + '<ns:UserPin>'.repeat(1048576 / 12) + '\\n' +
        (' ' + 'A'.repeat(60) + 'Pin:').repeat(1048576 / 65) + '{aPin:a'.repeat(1048576 / 7) + '\\n userPin=S3cret1';
      console.log(redact(text).endsWith(' userPin=[redacted]'));`;
    assert.equal(outputWithinLimit(script, 'a camelCase XML element or Go field rule backtracks'), 'true');
  });
  it('redacts 4 MiB of percent-encoded private-key BEGIN lines, with and without an END, in linear time', () => {
    // SYNTHETIC: each BEGIN's END and run's end are looked for once, not once per BEGIN.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const begin = '%2D%2D%2D%2D%2DBEGIN+A+B+C+D+E+PRIVATE+KEY-----';
      const text = (begin + '&').repeat(1048576 / 48) + ('-'.repeat(60) + 'BEGIN%20').repeat(1048576 / 68) +
        begin.repeat(1048576 / 47) + ' ' + ('a=' + begin + '%0A&').repeat(1048576 / 53) + '%25%252D%25%2520'.repeat(1048576 / 16) + '-----END%20PRIVATE%20KEY----- pin=S3cret';
      console.log(redact(text).endsWith(' pin=[redacted]'));`;
    assert.equal(outputWithinLimit(script, 'the percent-encoded private key rule went quadratic'), 'true');
  });
  it("redacts a percent-encoded private key's BEGIN line before 4 MiB of backslashes and of run ends in linear time", () => {
    // SYNTHETIC: a run of backslashes is read once for the quote it may escape, not once per backslash.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const begin = 'k=-----BEGIN%20PRIVATE%20KEY-----%0A';
      const text = begin + '\\\\'.repeat(4194304) + 'a ' + (begin + 'M;#,…').repeat(1048576 / 40) + ' pin=S3cret';
      console.log(redact(text).endsWith(' pin=[redacted]'));`;
    assert.equal(outputWithinLimit(script, "a percent-encoded key's run end backtracks"), 'true');
  });
  it('redacts 4 MiB of private-key BEGIN lines without an END, and 8 MiB of one base64 line, in linear time', () => {
    // SYNTHETIC: each BEGIN line's END is looked for once, not once per BEGIN; a header line may
    // itself hold a BEGIN line, so only a few are read after each.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const begin = '-----BEGIN RSA PRIVATE KEY-----';
      const text = begin.repeat(1048576 / 31) + ('\\\\n' + 'Comment: ' + begin).repeat(1048576 / 42) + ('\\n' + 'Comment: ' + begin).repeat(1048576 / 42) +
        ('---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\\\\nProc-Type: 4\\\\n' + 'QUJD'.repeat(8) + '\\\\\\\\/ ').repeat(1048576 / 96) +
        ('\\\\\\\\'.repeat(40) + begin).repeat(1048576 / 71) + ' pin=S3cret';
      const long = '-----BEGIN PRIVATE KEY-----\\\\n' + 'QUJD'.repeat(2 * 1048576) + '\\\\n-----END PRIVATE KEY----- pin=S3cret';
      console.log(redact(text).endsWith(' pin=[redacted]') && redact(long) === '-----BEGIN PRIVATE KEY-----[redacted]\\\\n-----END PRIVATE KEY----- pin=[redacted]');`;
    assert.equal(outputWithinLimit(script, 'the private key rule went quadratic'), 'true');
  });
  it('redacts 4 MiB of private-key BEGIN lines before blank lines, indentation, escaped tabs and words in linear time', () => {
    // SYNTHETIC: a key's lines may be indented and OpenPGP's start after a blank line; each BEGIN
    // line reads the white space after it once.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const begin = '-----BEGIN PGP PRIVATE KEY BLOCK-----';
      const text = (begin + '\\n  \\n' + ' \\t'.repeat(20)).repeat(1048576 / 100) + (begin + '\\\\n' + '\\\\t'.repeat(30)).repeat(1048576 / 100) +
        (begin + ' ' + 'Abc'.repeat(21) + ' ').repeat(1048576 / 102) + begin + '\\n' + 'Abcd'.repeat(1048576) + ' ' +
        begin + '\\n' + ' '.repeat(1048576) + '\\n' + '\\t'.repeat(1048576) + begin + '\\n' + '\\\\'.repeat(1048576) + ' pin=S3cret';
      console.log(redact(text).endsWith(' pin=[redacted]'));`;
    assert.equal(outputWithinLimit(script, 'the private key rule reads indentation again'), 'true');
  });
  it('redacts 4 MiB of secret-named elements before line breaks, CDATA sections and escaped ones in linear time', () => {
    // SYNTHETIC: the white space between an element and its section is bounded, and a run of
    // sections, raw or escaped, is one value read once.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = ('<token>' + '\\\\n '.repeat(20)).repeat(1048576 / 67) + ('<token>' + '\\\\'.repeat(60)).repeat(1048576 / 67) +
        '<token><![CDATA[a' + ']]><![CDATA['.repeat(1048576 / 12) + 'b]]>\\n' + '<token><![CDATA[' + 'x'.repeat(4 * 1048576) + '\\n' +
        '\\\\u003ctoken\\\\u003e\\\\u003c![CDATA[a' + ']]\\\\u003e\\\\u003c![CDATA['.repeat(1048576 / 22) + '\\n' +
        '\\\\u003ctoken\\\\u003e\\\\u003c![CDATA[' + '\\\\"'.repeat(1048576) + '\\n' + '\\\\'.repeat(1048576) + 'u003ctoken' +
        ('\\\\'.repeat(60) + 'u003ctoken\\\\u003e').repeat(1048576 / 80) + '\\n pin=S3cret';
      const out = redact(text);
      console.log(out.endsWith('\\n pin=[redacted]') && out.includes('<token><![CDATA[[redacted]]]>\\n'));`;
    assert.equal(outputWithinLimit(script, 'the CDATA rules backtrack'), 'true');
  });
  it('redacts 4 MiB of CDATA sections over raw lines, open or closed, in linear time, reading at most 64 Ki characters of lines', () => {
    // SYNTHETIC: a section left open reads its 64 Ki characters of lines once, then its line's end.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = '<token><![CDATA[\\n'.repeat(1048576 / 17) + '<token><![CDATA[a\\n]]>\\n'.repeat(1048576 / 23) +
        '<token><![CDATA[' + '\\n'.repeat(1048576) + ']]\\n'.repeat(1048576 / 3) + '\\n pin=S3cret';
      const long = redact('<token><![CDATA[' + ('a'.repeat(63) + '\\n').repeat(2048) + 'b]]> pin=S3cret');
      console.log(redact(text).endsWith('\\n pin=[redacted]') && long.startsWith('<token><![CDATA[[redacted]\\n' + 'a'.repeat(63) + '\\n') &&
        long.endsWith('b]]> pin=[redacted]'));`;
    assert.equal(outputWithinLimit(script, 'the CDATA rule reads lines again'), 'true');
  });
  it("redacts 4 MiB of query parameters whose names hold secrets' names, in a route and in evidence, in linear time", () => {
    // SYNTHETIC: every `&` may start a name, whose prefix is bounded.
    const script = `
      const { redact, redactRoute } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = '/x?' + ('&' + 'spin_app-'.repeat(8)).repeat(1048576 / 73) + '&' + 'a'.repeat(1048576) + '&passphrase&pass'.repeat(1048576 / 16) +
        '&' + 'security_mfa_'.repeat(1048576 / 13) + '&user_pin=S3cret';
      console.log(redactRoute(text).endsWith('&user_pin=[redacted]') && redact(text).endsWith('&user_pin=[redacted]'));`;
    assert.equal(outputWithinLimit(script, 'the query name rule backtracks'), 'true');
  });
  it("redacts 4 MiB of vendors' prefixes after escapes, and 8 MiB tokens, in linear time, without running out of stack", () => {
    // SYNTHETIC: a token may start after an escape's last letter; a counted run is `{n}` then `*`;
    // Slack's digit run, and an app-level token's app id, are read once.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = '\\\\nxoxb-%3Dghp_\\\\u0041AIza\\\\tsk_live_\\\\rAKIA'.repeat(1048576 / 40) + ('xoxe.xoxp-' + '1'.repeat(54) + ' ').repeat(1048576 / 64) +
        'xoxb-' + '1'.repeat(1048576) + ' ' + 'xoxb-1-'.repeat(1048576 / 7) + ' ' + 'xapp-1-'.repeat(1048576 / 7) + ' ' +
        ('xapp-1-A' + 'B'.repeat(55) + ' ').repeat(1048576 / 64) + ' pin=S3cret';
      const run = 'a'.repeat(8 * 1048576);
      const long = ['\\\\nxoxb-1-' + run, 'xapp-1-A0123ABCDE-1' + run, '%3Dsk_live_' + run, '\\\\tghp_' + run, 'AIza' + run].map(redact);
      console.log(redact(text).endsWith(' pin=[redacted]') && long.every((out) => out.endsWith('[redacted-token]')));`;
    assert.equal(outputWithinLimit(script, 'a vendor token rule backtracks'), 'true');
  });
  it("reads 4 MiB of backslash runs before Gson's and .NET's escapes and near-escapes in linear time", () => {
    // SYNTHETIC: only a run's first backslash may start an escape, so each run is read once.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = ('\\\\'.repeat(60) + 'u003').repeat(1048576 / 64) + ('\\\\u00' + '\\\\'.repeat(30) + 'u0027').repeat(1048576 / 40) +
        ('\\\\'.repeat(64) + 'u0022').repeat(1048576 / 69) + '\\\\'.repeat(1048576) + 'u0022 ' +
        '\\\\'.repeat(1048576) + 'u003d ' + 'token\\u003dS3cret';
      console.log(redact(text).endsWith(' token=[redacted]'));`;
    assert.equal(outputWithinLimit(script, "reading Gson's escapes backtracks"), 'true');
  });
  it('shows a text whose scan runs out of stack as too long to scan, whole, rather than throwing or letting it through', () => {
    // SYNTHETIC: an escaped CDATA section of 4 MiB on one line, as only a pasted body could hold.
    const text = `\\u003cpassword\\u003e\\u003c![CDATA[S3cretLONG${'a'.repeat(4 * 1024 * 1024)}`;
    assert.equal(redact(text), TOO_LONG_TO_SCAN);
  });

  it('redacts 4 MiB of vendor token prefixes and PEM key headers in linear time', () => {
    // SYNTHETIC: every prefix may start a token, every header a key whose lines run to the text's end.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = 'xoxb-ghp_AIzask_live_'.repeat(1048576 / 21) + '-----BEGIN PRIVATE KEY-----\\\\'.repeat(1048576 / 29) +
        ('-----BEGIN PRIVATE KEY-----' + 'a\\\\n'.repeat(64) + ' -').repeat(2 * 1048576 / 286) + ' pin=S3cret';
      console.log(redact(text).endsWith(' pin=[redacted]'));`;
    assert.equal(outputWithinLimit(script, 'a vendor token or PEM key rule backtracks'), 'true');
  });
  it('redacts 4 MiB of base64 runs in linear time, each decoded once', () => {
    // SYNTHETIC: runs that decode to text holding a label, and runs that decode to none.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const secret = Buffer.from('{"password":"S3cret","note":"' + 'x'.repeat(60) + '"}').toString('base64');
      const plain = Buffer.from('{"note":"' + 'y'.repeat(80) + '"}').toString('base64');
      const text = (secret + ' ' + plain + ' ').repeat(4 * 1048576 / 256);
      const out = redact(text);
      console.log(!out.includes(secret) && out.includes(plain));`;
    assert.equal(outputWithinLimit(script, 'decoding base64 runs went quadratic'), 'true');
  });
  it('redacts one run of 8 MiB of base64 characters, dashes and underscores among them, without running out of stack', () => {
    // SYNTHETIC: a greedy run of at least 16 kept a backtrack entry per character.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const text = 'abcd'.repeat(2 * 1048576) + ' ' + 'ab-c_d+/'.repeat(1048576);
      console.log(redact(text) === text);`;
    assert.equal(outputWithinLimit(script, 'a long base64 run backtracks'), 'true');
  });
  it('redacts an 8 MiB bearer token and an 8 MiB JWT payload whole, without running out of stack', () => {
    // SYNTHETIC: a counted run (`{8,}`, `{5,}`) kept a backtrack entry per character, as BASE64_RUN did.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const run = 'a'.repeat(8 * 1048576);
      console.log(redact('Bearer ' + run) === 'Bearer [redacted]' && redact('x eyJ' + run + '.sig') === 'x [redacted-jwt]');`;
    assert.equal(outputWithinLimit(script, 'a long token run overflows the stack'), 'true');
  });
  it('redacts a quoted label followed by 4 MiB of closing brackets, without running out of stack', () => {
    // SYNTHETIC: deciding whether the quote closed a string reads the brackets after it; unbounded,
    // each one was a step to backtrack, and 4 MiB of them threw instead of redacting.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      console.log(redact('password="' + '}'.repeat(4 * 1048576) + 'S3cret"') === 'password="[redacted]"');`;
    assert.equal(
      outputWithinLimit(script, 'the closing brackets after a quote overflow or backtrack'),
      'true',
    );
  });
  it('redacts an object under a label nested 1 Mi deep, and 5 MiB of unclosed braces after labels, in linear time', () => {
    // SYNTHETIC: each label's object is read to its matching close; unclosed, the labels inside it are
    // not read again, or `password={password={…` would read the rest of the text once per label.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const deep = redact('{"password":' + '[{"a":'.repeat(1048576) + '1' + '}]'.repeat(1048576) + ',"user":"u"}');
      const open = redact('password={' + '{'.repeat(5 * 1048576) + 'S3cret');
      const labels = redact('"password":{'.repeat(5 * 1048576 / 12) + 'S3cret');
      const cut = redact('"secret":{"a":['.repeat(5 * 1048576 / 16) + 'S3cret [TRUNCATED]');
      console.log(
        deep === '{"password":[redacted],"user":"u"}' &&
          !open.includes('S3cret') && !labels.includes('S3cret') && cut === '"secret":[redacted]',
      );`;
    assert.equal(outputWithinLimit(script, 'an object under a label is read more than once'), 'true');
  });
  it('redacts 5 MiB of plural labels opening collections over lines, never closed, in linear time', () => {
    // SYNTHETIC: a collection under a plural label is read over lines, once; the labels inside an
    // unclosed one are not read again.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const lines = redact('"tokens":[\\n'.repeat(5 * 1048576 / 11) + '"S3cret"');
      const strings = redact('{"apiKeys":[' + '"a",\\n'.repeat(1048576) + '"S3cret"');
      console.log(!lines.includes('S3cret') && !strings.includes('S3cret'));`;
    assert.equal(outputWithinLimit(script, 'an unclosed collection is read more than once'), 'true');
  });
  it('redacts 4 MiB of values quoted at a thousand escape depths in linear time', () => {
    // SYNTHETIC: a quoted value that passed over quotes escaped at any other depth scanned past every
    // opening of another depth (29 s for this text); one that passes only its own escaped quote, 0.1 s.
    const script = `
      const { redact } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'lambda', 'core', 'redact.ts'))});
      const parts = [];
      for (let k = 0, length = 0; length < 4 * 1048576; k++) {
        parts.push('token:' + '\\\\'.repeat(k % 1000) + "'");
        length += 7 + (k % 1000);
      }
      console.log(redact(parts.join('')).includes('[redacted]'));`;
    assert.equal(outputWithinLimit(script, 'a quoted value scans past quotes of other depths'), 'true');
  });
});

describe('redactCut', () => {
  // SYNTHETIC samples cut inside a secret before they were redacted: what showed it was cut away.
  // Only back to where a value starts (`/ ? & = , ; : @`) in that run: a sample of one long path or
  // URL keeps what the user recognises it by. A run still in a URL's authority (a `://` and no `/`
  // after it) may be user information whose `@` was cut away, and a run after `Bearer` a token too
  // short to be found: they go whole.
  const CUT: readonly [string, string, string][] = [
    ["a URL's password before its @", 'connect redis://:S3cretPassw0rd…', 'connect …'],
    ["a token as a URL's user before its @", 'fatal: https://ghp_S3cretT0kenValue', 'fatal: …'],
    ["a URL's user and password holding = before its @", 'connect postgres://admin:S3cr=t9', 'connect …'],
    ["a URL's user and password holding ? before its @", 'connect postgres://app:pa?ss9', 'connect …'],
    [
      "a URL's user and password holding # and & before its @",
      'connect postgres://admin:Xk9#q&Lm2',
      'connect …',
    ],
    ["a URL's user and password holding / before its @", 'connect postgres://admin:S3/cr3t9', 'connect …'],
    ['a bearer token holding a slash, cut short', 'caller sent Bearer abc/de', 'caller sent Bearer …'],
    ['a bearer token cut to a few characters', 'caller sent Bearer Zx9…', 'caller sent Bearer …'],
    ['an access key id', 'sent key=AKIAIOSFOD', 'sent key=…'],
    [
      'minified JSON, keeping its keys',
      '{"status":"500","path":"/orders/12',
      '{"status":"500","path":"/orders/…',
    ],
    [
      'a long path, keeping the path',
      '2026-11-27T10:00:00Z GET https://api.example.com/v1/tenants/acme-corp/orders/7f3c2a91-5b6e',
      '2026-11-27T10:00:00Z GET https://api.example.com/v1/tenants/acme-corp/orders/…',
    ],
    ['a query value', 'GET /cb?state=ok&page=9f8e7d6c5b4a3928', 'GET /cb?state=ok&page=…'],
    ['a JWT header cut at its dot', 'caller sent eyJhbGciOiJIUzI1NiJ9.', 'caller sent …'],
    ['a quoted password the cut left unclosed, unmarked', '{"password":"SEC, RE', '{"password":"[redacted]'],
    // SYNTHETIC (review R2, F4): user information whose user holds a quote or whose password holds
    // quotes or brackets, cut before its `@`: the run the cut ended in starts after them, so the
    // authority is read on the token the cut ended in.
    [
      "a URL's password whose user holds a quote",
      'connect mongodb://a"b:SYNTHs3cretPw9/xxxx',
      'connect mongodb://…',
    ],
    [
      "a URL's password holding a quote",
      'connect postgres://app:pa"SYNTHs3cretPw9/x',
      'connect postgres://…',
    ],
    ["a URL's password holding brackets", "connect redis://app:p[a]'SYNTHs3cretPw9{", 'connect redis://…'],
    [
      'JSON keys after a URL without a path (no user information)',
      '{"url":"https://h.example","status":"50',
      '{"url":"https://h.example","status":"…',
    ],
  ];
  for (const [what, text, expected] of CUT) {
    it(`drops what a cut ended in: ${what}`, () => assert.equal(redactCut(text), expected));
  }

  // SYNTHETIC: redactCut's own answer ends in the mark when it left a value out (`key=…`), and read
  // again nothing more goes and the mark stays: a text cut right after `","`, a `=`, a `://`.
  const AGAIN: readonly string[] = [
    '{"a":"b","c',
    'sent key=AKIAIOSFOD',
    'connect redis://:S3cretPassw0rd…',
    'connect mongodb://a"b:SYNTHs3cretPw9/xxxx',
    'caller sent Bearer abc/de',
    'abc …',
    // SYNTHETIC: a percent-encoded key cut inside its run.
    'key=-----BEGIN%20PRIVATE%20KEY-----%0AMIIE…%0A-----END%20PRIVATE%20KEY-----',
    // SYNTHETIC: a count, a status or a measure under a code's key, its word the one the cut leaves out.
    'userPin: 12 ab',
    'userPin=12 x',
    'The userPin = 4 digits',
    'loginPin: 401 Unauthorized',
    'userOtp: 29000 ms',
    'timer resetPin = 350 ms',
    'setPin=1234 ok',
  ];
  for (const text of AGAIN) {
    it(`gives its own answer back unchanged: ${text}`, () => {
      const once = redactCut(text);
      assert.equal(redactCut(once), once);
    });
  }
  it('gives its own answer back unchanged for any text of labels, quotes, separators and marks', () => {
    const piece = fc.constantFrom(
      '","',
      '"',
      "'",
      'password',
      'token',
      'pin',
      'key',
      '=',
      ':',
      ': ',
      '/',
      '://',
      'https',
      '@',
      '&',
      '?',
      ',',
      ';',
      '{',
      '}',
      '[',
      ' ',
      'Bearer ',
      'a',
      'S3c',
      '12',
      '…',
      ' [TRUNCATED]',
      '\\',
      'eyJhbGciOi',
      '.',
      // A percent-encoded key's BEGIN line and body, and what ends its run.
      '-----BEGIN%20PRIVATE%20KEY-----',
      '%0A',
      'MIIE',
      '#',
      '\\u0026',
      // camelCase and PascalCase code keys, verb-first ones, counts, statuses, measures, XML and Go forms.
      'userPin',
      'UserPin',
      'ConfirmationCode',
      'confirmationCode',
      'confirmPin',
      'setPin',
      ' = ',
      '1234',
      '123 456',
      '3 attempts',
      '500 Internal',
      '401',
      ' ms',
      'ok',
      '<UserPin>',
      '</UserPin>',
      '{UserPin:',
      ' Name:',
      ':userPin',
      'True',
      '\n',
    );
    for (const seed of [20261128, 7, 1234, 42, 99])
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
          const once = redactCut(pieces.join(''));
          assert.equal(redactCut(once), once);
        }),
        { seed, numRuns: 3000 },
      );
  });

  it('leaves a sample cut after white space as redact does', () => {
    assert.equal(redactCut('Bearer abcdefghijkl0123 '), redact('Bearer abcdefghijkl0123 '));
  });
});

describe('redactRoute', () => {
  const ROUTES: readonly { route: string; expected: string }[] = [
    { route: `/sessions/${JWT}/refresh`, expected: '/sessions/[redacted-jwt]/refresh' },
    // A JWT in a path segment is base64url, as a path holds it: the segment after it stays.
    { route: `GET /sessions/${JWT}/refresh/x`, expected: 'GET /sessions/[redacted-jwt]/refresh/x' },
    // SYNTHETIC: a URL passed percent-encoded in a query (a proxy's ?url=) with its password in it;
    // found only decoded, so the route is shown decoded.
    {
      route: '/fetch?url=https%3A%2F%2Fadmin%3AS3cr3tPw9%40db.example%2Fx',
      expected: '/fetch?url=https://[redacted]@db.example/x',
    },
    // Encoded text with nothing to remove stays as logged.
    { route: '/search?q=a%20b%2Fc', expected: '/search?q=a%20b%2Fc' },
    // SYNTHETIC: a password under `pass` or `passphrase`, and codes under their names.
    {
      route: '/login?pwd=S3cr&pass=S3cr2&passphrase=abc&user=bob',
      expected: '/login?pwd=[redacted]&pass=[redacted]&passphrase=[redacted]&user=bob',
    },
    {
      route: '/v1/verify?totp=1&mfa_code=2&verification_code=3&securityCode=4&page=1',
      expected:
        '/v1/verify?totp=[redacted]&mfa_code=[redacted]&verification_code=[redacted]&securityCode=[redacted]&page=1',
    },
    { route: '/v1/x?bypass=cache&compass=n', expected: '/v1/x?bypass=cache&compass=n' },
    // SYNTHETIC: words that start with Slack's `xox` but have no token's digits after the prefix.
    { route: '/v1/brands/xoxo-fashion-store/items', expected: '/v1/brands/xoxo-fashion-store/items' },
    { route: '/v1/files/xoxp-feature-rollout-plan', expected: '/v1/files/xoxp-feature-rollout-plan' },
    { route: `/keys/${ACCESS_KEY}`, expected: '/keys/[redacted-aws-key]' },
    {
      route: `/download?X-Amz-Signature=${'ab'.repeat(32)}`,
      expected: '/download?X-Amz-Signature=[redacted]',
    },
    { route: '/hook?code=Zm9vYmFy&x=1', expected: '/hook?code=[redacted]&x=1' },
    { route: '/login?user=a&password=hunter2', expected: '/login?user=a&password=[redacted]' },
    { route: '/cb?token=abc123', expected: '/cb?token=[redacted]' },
    // Query parameters named for a secret, which redact() cut by their label before routes had their own rules.
    { route: '/hook?secret=s3cr3tvalue', expected: '/hook?secret=[redacted]' },
    { route: '/v1/items?api-key=abc123&page=2', expected: '/v1/items?api-key=[redacted]&page=2' },
    { route: '/cb?auth_token=abc123', expected: '/cb?auth_token=[redacted]' },
    { route: '/x?a=1&x-api-key=abc123', expected: '/x?a=1&x-api-key=[redacted]' },
    { route: '/x?access-token=abc', expected: '/x?access-token=[redacted]' },
    { route: '/x?client-secret=zz', expected: '/x?client-secret=[redacted]' },
    {
      route: `/resize?url=${encodeURIComponent(`https://b/k?X-Amz-Signature=${'ab'.repeat(32)}`)}`,
      expected: '/resize?url=https%3A%2F%2Fb%2Fk%3FX-Amz-Signature%3D[redacted]',
    },
    // SYNTHETIC: a percent-encoded JSON body or form pair in a query value.
    {
      route: '/search?filter=%7B%22password%22%3A%22hunter2%22%7D',
      expected: '/search?filter=%7B%22password%22%3A%22[redacted]%22%7D',
    },
    {
      route: '/login?data=password%3Dhunter2&x=1',
      expected: '/login?data=password%3D[redacted]&x=1',
    },
    // A path's own words, encoded, are still no labels.
    { route: '/users/password%3Areset', expected: '/users/password%3Areset' },
    { route: '/x?tokens=5&monkey=1', expected: '/x?tokens=5&monkey=1' },
    // SYNTHETIC, a review's route: the short secrets' names and keys named for what they unlock
    // (Azure API Management accepts its subscription key as `?subscription-key=`), suffixed or not.
    {
      route: '/v1/verify?otp=123456&pin=1234&passcode=PC&subscription-key=SK&cvv=123&appKey=AK',
      expected:
        '/v1/verify?otp=[redacted]&pin=[redacted]&passcode=[redacted]&subscription-key=[redacted]&cvv=[redacted]&appKey=[redacted]',
    },
    {
      route: '/v1/pay?otp_code=1&user_pin=2&cvc2=3&pass-code=4&code=5&x-functions-key=6&n=7',
      expected:
        '/v1/pay?otp_code=[redacted]&user_pin=[redacted]&cvc2=[redacted]&pass-code=[redacted]&code=[redacted]&x-functions-key=[redacted]&n=7',
    },
    {
      route: '/pin/reset?spin=3&pin_count=2&opinion=ok&turkey=1',
      expected: '/pin/reset?spin=3&pin_count=2&opinion=ok&turkey=1',
    },
    // A path's own words are no header labels: evidence's `token: …` rule would cut these.
    { route: 'POST /v1/token:exchange', expected: 'POST /v1/token:exchange' },
    { route: '/users/password:reset', expected: '/users/password:reset' },
    { route: '/secret:rotate', expected: '/secret:rotate' },
    { route: '/orders/{id}', expected: '/orders/{id}' },
    // SYNTHETIC: a private key percent-encoded in a query, under a name that is no label.
    {
      route:
        '/v1/certs?cert=-----BEGIN%20PRIVATE%20KEY-----%0AMIIEvQIBADANBgkqhkiG9w0B%0A-----END%20PRIVATE%20KEY-----&x=1',
      expected: '/v1/certs?cert=-----BEGIN%20PRIVATE%20KEY-----[redacted]-----END%20PRIVATE%20KEY-----&x=1',
    },
  ];
  for (const { route, expected } of ROUTES) {
    it(`reads ${route.slice(0, 60)} as ${expected.slice(0, 60)}`, () => {
      assert.equal(redactRoute(route), expected);
    });
  }
});
