/** Removes secrets from text before it leaves: evidence in an alert or a log line, a route, a CLI sample cut short. */

/**
 * A quote around a label or a value, escaped as often as the text was put in a JSON string: a Lambda
 * proxy answer's `"body":"{\\"password\\":\\"…\\"}"`, or JSON quoted again in a JSON log field.
 * Single quotes too: a Python function prints a dict as `{'password': '…'}`.
 */
const Q = String.raw`(?:\\*["'])?`;

/**
 * A value's characters up to a quote or one of `stop`, short of the backslashes that escape its
 * closing quote (`\"` in JSON quoted in a JSON string): taken, they would leave `[redacted]"`, a
 * quote that no longer says it is escaped. Backslashes before anything else are the value's.
 */
const valueUpTo = (stop: string): string => String.raw`(?:[^"\\${stop}]|\\+(?![\\"]))`;

/**
 * Nouns that name a password's setting or a count, not its value: a key ending in one after a
 * password word (`passwordPolicy`, `password_min_length`, `passwordMaxAge`, Cognito's
 * `InvalidPasswordException`, an error's type) labels a setting or an error, which diagnosis needs.
 */
const PASSWORD_SETTING =
  'policy|policies|rules?|requirements?|complexity|strength|length|len|minimum|maximum|min|max|characters|chars|digits|symbols|numbers|uppercase|lowercase|expiry|expiration|age|days|count|attempts|retries|failures|violation|exception';
/**
 * Words for a password's state or time. As a key's last word they name a setting's state only after
 * a setting or `expires` (`passwordExpiresAt`, `passwordMinLengthRequired`): alone after the password
 * word (`passwordReset`, `password_changed`, `passwordAt`, `passwordError`) a string under them may
 * be the password itself (a reset endpoint echoing the new one), and their real values, booleans,
 * stay by NOT_LITERAL anyway.
 */
const PASSWORD_STATE =
  'reset|changed|updated|valid|invalid|mismatch|error|failed|enabled|disabled|required|expired|at|time|date';
/**
 * The rest of a key that names only a password's properties: any of these words, then a setting, or
 * a setting or `expires` and a state. Any other word after the password word (`Confirmation`, `2`,
 * `ResetToken`, `Hash`, `New`) keeps the key a secret's, and so does one ending in a word that may
 * name passwords themselves (`passwordHistory`, a list of old hashes; `passwordLast`): those only
 * lead to a property (`PasswordHistoryPolicyViolationException`).
 */
const PASSWORD_PROPERTY = String.raw`(?:[-_]?(?:history|last|reuse|expires?|requires?|${PASSWORD_STATE}|${PASSWORD_SETTING})){0,7}[-_]?(?:(?:${PASSWORD_SETTING}|expires)[-_]?(?:${PASSWORD_STATE})|${PASSWORD_SETTING})(?![\w-])`;

/**
 * A path segment that is a resource's word and a custom method (`/v1/token:exchange`,
 * `/users/{id}/password:reset`): a `/`, a word, a `:` and a verb's letters ending the segment (at a
 * `/ ? #`, a quote, a backslash, a bracket, white space, `,` or the end). Not a label after a `/`
 * otherwise: a JSON key that is a path (`"/prod/db/password":`), a label in a query value
 * (`?next=/home/password=…`), a path then `=`, or a value holding a digit (`/token:S3cr…`).
 */
const CUSTOM_METHOD = String.raw`(?<=/)[\w-]{1,40}:[a-z]+(?=[/?#\s,"'\\)\]}]|$)`;
/**
 * Short labels of short secrets: a one-time password, a PIN, a card's security code, as whole words
 * or a key's last word after a `-` or `_` (`spinner`, `opinion`, `pinned` are none, nor a camelCase
 * `userPin`: under the rules' `i` flag it cannot be told from `spin`), with a suffix naming the value
 * (`otp_code`, `pinCode`, `X-PIN-Code`, `pin_number`) and a digit (`cvv2`); a passcode as words
 * (`pass_code`, `X-Pass-Code`). The rest of a key after them (`pin_count`, `otp_attempts`,
 * `cvc_check`) is no sign, so those stay. A time-based one-time password (`totp`), and an MFA, a
 * verification or a card's security code as words (`mfa_code`, `verificationCode`, `security_code`).
 * Prose names them (`PIN: required`, `Enter your PIN`), so an unquoted value under them is one token
 * (SHORT_LABELLED).
 */
const NUMERIC_CODE_LABEL = String.raw`(?:(?:t?otp|pin|cvv|cvc)(?:[-_]?(?:code|number|no))?\d?|(?:mfa|verification|security)[-_]?code)`;
const PASSCODE_LABEL = 'pass[-_]?code';
const SHORT_SECRET_LABEL = `(?<![A-Za-z])(?:${NUMERIC_CODE_LABEL}|${PASSCODE_LABEL})(?![A-Za-z])`;
/**
 * A code's or a PIN's label as a camelCase or PascalCase key's last word (`userPin`, `smsOtpCode`,
 * `cardSecurityCode`, Cognito's `ConfirmationCode`, IAM's `AuthenticationCode1`), read CASE-SENSITIVELY
 * by rules of their own (CAMEL_CODE_RULES): its capital after a lower-case letter or a digit, or
 * starting the key, is what tells `userPin` from `spin`, `compassCode` and `Pinterest`. Only in a
 * key's position: before a quote then `:` (JSON, a Python dict), before `=`, or before `:` and a space
 * (YAML, a log's prose). A `:` right before a non-space is a name's (`function:sendVerificationCode:prod`
 * in a Lambda URI, an ARN's, a custom method's), so names keep their words. A name whose first word
 * is a verb names an operation, a handler, a metric or a state (`sendOtp: 504 Gateway Timeout`,
 * `"latencyMs":{"getOtp":120}`, a Step Functions state `"VerifyPin":{"Type":"Task"}`), and one after
 * `#` DynamoDB's placeholder for an attribute's name (`"#userPin": "userPin"`): neither holds a code.
 * One after `:` is the placeholder for its value (`":userPin": {"S": "1234"}`), which is the code.
 */
const CAMEL_CODE_WORD =
  'Pin|PIN|Otp|OTP|Totp|TOTP|Cvv|CVV|Cvc|CVC|MfaCode|MFACode|SecurityCode|VerificationCode|ConfirmationCode|AuthenticationCode[12]?';
const CAMEL_PASSCODE_WORD = 'Passcode|PassCode|PASSCODE';
/**
 * Space on a line around a short or camelCase label's sign: also the no-break and thin spaces French
 * typography sets before a colon (`OTP\u00a0: 123456`) and pages copy after one.
 */
const LINE_SPACE = String.raw`[ \t\u00a0\u2009\u202f]`;
const CAMEL_KEY_END = String.raw`(?=\\*["']${LINE_SPACE}*:|${LINE_SPACE}*=|:${LINE_SPACE})`;
/**
 * Verbs that start an operation's name (`resendOtp`, `ValidateSecurityCode`), and `has`, `is`, which
 * start a flag's (`hasPin`: whether one is set), first letter in either case.
 */
const OPERATION_VERB =
  'get|send|resend|verify|validate|check|reset|request|generate|regenerate|confirm|create|update|delete|set|fetch|issue|rotate|revoke|submit|handle|process|has|is'
    .split('|')
    .map((verb) => `[${verb.charAt(0)}${verb.charAt(0).toUpperCase()}]${verb.slice(1)}`)
    .join('|');
/**
 * Before a label's word: not a name that starts with a verb, then at most capitalised words
 * (`getUserPin`; `targetPin`, `settingsPin` start with none), nor one after `#`. Bounded looks back,
 * tried only where a label's word starts.
 */
const NOT_AN_OPERATION = `(?<!(?<![A-Za-z0-9])(?:${OPERATION_VERB})(?:[A-Z][A-Za-z0-9]{0,40})?)(?<!#[A-Za-z0-9]{0,40})`;
/** A camelCase or PascalCase name ending in one of `words`, wherever it stands. */
const camelName = (words: string): string =>
  String.raw`(?:(?<=[a-z0-9])|(?<![A-Za-z0-9]))(?=${words})${NOT_AN_OPERATION}(?:${words})(?:[-_]?(?:Code|CODE|Number|NUMBER|No))?\d?`;
const camelKey = (words: string): string => `${camelName(words)}${CAMEL_KEY_END}`;
/**
 * Code keys of more than one word written lower-case first, as Amplify sends Cognito's
 * `confirmationCode`: a whole key only, not after `#`. (`verificationCode`, `securityCode`, `mfaCode`,
 * `otpCode`, `pinCode` are the short labels' already, read in any case.)
 */
const LOWER_CODE_KEY = `(?<![A-Za-z0-9#])(?:confirmationCode|authenticationCode[12]?)${CAMEL_KEY_END}`;
const CAMEL_CODE_KEY = `(?:${camelKey(CAMEL_CODE_WORD)}|${LOWER_CODE_KEY})`;
const CAMEL_PASSCODE_KEY = camelKey(CAMEL_PASSCODE_WORD);
/**
 * Labels whose value is a secret, as headers, JSON keys, form fields or prose name them. A key that
 * starts with a password word holds a password too (`password_confirmation`, `passwordConfirmation`,
 * `password2`, `passcodeNew`), unless the rest of it names the password's properties
 * (PASSWORD_PROPERTY); `pass` and `pwd` only as whole words (`bypass`, `compass` are none). Keys
 * named for what they unlock (an Azure API Management `Ocp-Apim-Subscription-Key`, a Functions
 * `x-functions-key`, an `appKey`, a `signing_key`): not any `…Key` (`partitionKey`, `publicKey`, an
 * `accessKey` id name no secret). A passcode alone is a short label's. None is a path segment
 * before a custom method (CUSTOM_METHOD).
 */
/** Keys named for what they unlock. */
const UNLOCKING_KEY = '(?:subscription|functions?|master|admin|app|auth|signing|encryption|license)[-_]?key';
const LONG_SECRET_LABEL = String.raw`authorization|x-api-key|api[-_]?key|x-amz-security-token|x-amz-session-token|token|id[-_]?token|access[-_]?token|refresh[-_]?token|pass(?:word|wd|phrase|[-_]?code(?=[\w-]))(?!${PASSWORD_PROPERTY})[\w-]{0,32}|(?<![A-Za-z])(?:pass|pwd)(?![A-Za-z])|${UNLOCKING_KEY}|private[-_]?key|secret|client[-_]?secret`;
/** Any secret's label, short or long. */
const SECRET_LABEL = `(?!${CUSTOM_METHOD})(?:${LONG_SECRET_LABEL}|${SHORT_SECRET_LABEL})`;
/**
 * Not a label but an ARN's resource type: `arn:aws:secretsmanager:us-east-1:123456789012:secret:name`
 * names a secret, it holds none, and an AccessDenied message goes on after it with the reason
 * ("because no identity-based policy allows …"). Bounded, and failing at once unless a `:` comes
 * right before, so testing it at every position costs nothing.
 */
const NOT_IN_ARN = String.raw`(?<!\barn:[\w-]{1,32}:[\w-]{1,64}:[\w-]{0,32}:[\w*-]{0,12}:)`;
/** A cookie header, a Set-Cookie, or payload 2.0's `cookies` array. */
const COOKIE_LABEL = '(?:set-)?cookies?';

/**
 * The prefix Python prints before a quoted value: bytes' `b'…'`, Python 2 text's `u'…'`. A value
 * quoted after it is a quoted value (`{'pin': b'1234'}`), its prefix kept before the quote.
 */
const PYTHON_PREFIX = String.raw`(?:[bu](?=\\*["']))?`;

/**
 * A value the quoted-value rule already took: the rules for unquoted values leave it, and the quote
 * after it, alone (they end a value at `,` or `;`, not at a single quote).
 */
const DONE = String.raw`(?!\s*(?:${PYTHON_PREFIX}\\*["'])?\[redacted\])`;

/**
 * After a quote, the next JSON member (`,"errorType":`) or the end of the object, list or string
 * with nothing after it on the line: the quote closed a message ending in a label (`"missing
 * token=","errorType":…`), it opened no value. Not any `,`, `}` or `]`: a generated password may
 * start with them (`"},S3cret…"`). A value that happens to look like a next key (`,"a":`) is the
 * price; a leaked password is worse than a redacted word. Bounded: a run of `}` is no stack of calls.
 */
const CLOSED = String.raw`(?:\s*(?:[}\]]|\\*["'])){0,16}\s*(?:,\s*(?:[{[]\s*){0,16}\\*["'][A-Za-z_$][\w.$-]{0,128}\\*["']\s*:|\n|$)`;

/**
 * Not a value but its state: a bare `true`, `false` or `null` (`None`, `True` as Python prints a
 * dict) says whether a secret is set or a key enabled, which diagnosis needs, and is never a secret.
 * A bare number may be one (a PIN, a numeric key), so it is not named here. Only when the value
 * ends right after it (`,`, `;`, `}`, the line's end), or after a `)` or `]` that only white space
 * follows (`Config(password=None)`): `token=true) s3cr3t` is a secret that starts with a literal.
 */
const NOT_LITERAL = String.raw`(?!\s*(?:true|false|null|none)[)\]\s]*(?:[,;}\n]|$))`;
/** The same in any case, for the rules read case-sensitively (`True`, `None` as Python prints them, `NULL`). */
const anyCase = (word: string): string =>
  [...word].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('');
const NOT_LITERAL_ANY_CASE = String.raw`(?!\s*(?:${['true', 'false', 'null', 'none'].map(anyCase).join('|')})[)\]\s]*(?:[,;}\n]|$))`;

/** A quoted value's characters (groups 2 and 3 are its opening quote's escape and quote). */
const QUOTED_BODY = String.raw`(?:(?!\3)[^\\\n]|\\+(?!\\|\3)|\2\2\\\3)`;
/** What ends a sample cut before it was redacted (redactCut). */
const CUT_MARK = '…';
/** API Gateway's mark after a line it cut at 1 KiB, as a pattern. */
const TRUNCATED_PATTERN = String.raw` \[TRUNCATED\]`;
/** The end of a line that was cut: API Gateway's mark at 1 KiB, or a cut sample's. */
const CUT_END = `(?:${TRUNCATED_PATTERN}|${CUT_MARK})$`;
/** A value's characters short of any quote: one opened inside a string ends where that string does. */
const INNER_BODY = String.raw`(?:[^"'\\\n]|\\+(?![\\"']))`;

/**
 * A rule: its pattern, its replacement, and a literal every match holds, when there is one: text
 * without it is not scanned (most evidence holds no `eyJ` or `%3`). The literal is looked for in
 * the case its pattern reads: under the `i` flag in any case (.NET writes `\u003C![CDATA[`).
 */
type Rule = readonly [pattern: RegExp, replacement: string, needs?: string];

/** The text with every rule applied in order. */
function applied(text: string, rules: readonly Rule[]): string {
  let out = text;
  for (const [pattern, replacement, needs] of rules)
    if (needs === undefined || holds(out, needs, pattern.ignoreCase)) out = out.replace(pattern, replacement);
  return out;
}

/** Literals as patterns in any case, built once each. */
const LITERALS_IN_ANY_CASE = new Map<string, RegExp>();

/** Whether the text holds the literal, in any case when `ignoreCase`. */
function holds(text: string, literal: string, ignoreCase: boolean): boolean {
  if (!ignoreCase) return text.includes(literal);
  let pattern = LITERALS_IN_ANY_CASE.get(literal);
  if (pattern === undefined) {
    pattern = new RegExp(literal.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'), 'i');
    LITERALS_IN_ANY_CASE.set(literal, pattern);
  }
  return pattern.test(text);
}

/**
 * Labels that name a collection of secrets, only before an object or a list (`"tokens":["…"]`,
 * `"apiKeys":[…]`, `"credentials":{…}`): as labels of a single value they would also take counts
 * (`"output_tokens":40`) and prose (`Invalid credentials: …`).
 */
const SECRETS_LABEL = '(?:tokens|api[-_]?keys|secrets|client[-_]?secrets|private[-_]?keys|credentials)';
/** A number as JSON writes one (bounded, so that a long run of digits is read once). */
const NUMBER = String.raw`-?\d[\d.eE+-]{0,40}`;
/** A JSON key, quoted as the label's string may be escaped. */
const NUMBER_KEY = String.raw`\\*["'][\w.-]{1,64}\\*["']\s*:\s*`;
/**
 * What follows a `tokens` label when it holds counts, not secrets: a list or an object of numbers
 * alone (`"max_tokens":[1]`, a usage object's `"tokens":{"input":12,"output":40}`). Not under the other
 * collection labels, where numbers may be the secrets (a card number, a PIN, a key's digits).
 */
const TOKEN_COUNTS = String.raw`\s*(?:\[\s*(?:${NUMBER}\s*,\s*){0,1000}${NUMBER}\s*\]|\{\s*(?:${NUMBER_KEY}${NUMBER}\s*,\s*){0,1000}${NUMBER_KEY}${NUMBER}\s*\})`;
/**
 * A DynamoDB number (`"tokens":{"N":"3"}`, `"apiKeys":{"N":"12"}`): an attribute's count, under any
 * collection label. The label's pattern is case-insensitive, so `{"n":"1234"}` passes too: a lower-case
 * `n` of at most 40 digits is accepted as the price of one pattern (Node 20 has no inline case switch).
 */
const DYNAMODB_NUMBER = String.raw`\s*\{\s*\\*["']N\\*["']\s*:\s*\\*["'][\d.eE+-]{1,40}\\*["']\s*\}`;
/**
 * A collection's label only as a key, alone or the last word of a longer one (`"db_secrets"`,
 * `"oauthTokens"`, a prefix of at most 40 characters, so that the look back stays short): quoted
 * (`"secrets":[`, group 3 the backslashes before its closing quote) or before `=` (`secrets=[`, a
 * header map's), not prose before `: ` (`Missing secrets: ["DB"]`, which names what is missing), and
 * not before counts (TOKEN_COUNTS under `tokens`, DYNAMODB_NUMBER under any). A longer key's collection of strings goes too, though it may hold none
 * (an LLM's `stop_tokens`): a prefix cannot tell `stop_` from `oauth_`.
 */
const SECRETS_KEY = String.raw`(?:(?<=["'][\w-]{0,40})${SECRETS_LABEL}(\\*)["']\s*[=:]|(?<![^\s"'{,])[\w-]{0,40}?${SECRETS_LABEL}\s*=)(?!${DYNAMODB_NUMBER})(?!(?<=tokens\\*["']?\s*[=:])${TOKEN_COUNTS})`;
/**
 * A label, then an object or a list: group 1 is all before its `{` or `[`, group 2 (or 4, SECRETS_KEY's,
 * in the group `plural`) the backslashes before the label's closing quote, the escape of the strings
 * inside (`\"` in JSON quoted in a JSON string). A setting's noun (`passwordPolicy: {…}`) is no
 * SECRET_LABEL, so its object stays.
 */
const BRACKETED_LABELLED = new RegExp(
  String.raw`(${NOT_IN_ARN}(?:(?:${SECRET_LABEL}|${COOKIE_LABEL})(?:(\\*)["'])?\s*[=:]|(?<plural>${SECRETS_KEY}))\s*)[{[]`,
  'gi',
);

/** The same under a camelCase code key (CAMEL_CODE_KEY), read case-sensitively: `"userPin":{…}`. */
const CAMEL_BRACKETED = new RegExp(
  String.raw`(${NOT_IN_ARN}(?:${CAMEL_CODE_KEY}|${CAMEL_PASSCODE_KEY})(?:(\\*)["'])?\s*[=:]\s*)[{[]`,
  'g',
);

/** Where the scan of a value in brackets stopped: after its close, or at its line's end or string's. */
type BracketedEnd = { readonly closed: boolean; readonly at: number };

/**
 * Where the object or list opening at `open` ends: right after its matching close, counting only
 * brackets outside strings. A string opens and closes at a quote escaped as the label's own is
 * (`escapes` backslashes, after any escaped backslashes), a double one or a single one as Python
 * prints a dict; a quote escaped as a string's character is one, and a double quote escaped any
 * other way closes the JSON string the value is inside, where it ends unclosed, as it does at its
 * line's end (`acrossLines`: only at a cut line's, or inside a string). One pass, no stack of calls:
 * deep nesting costs its length.
 */
function bracketedEnd(text: string, open: number, escapes: number, acrossLines: boolean): BracketedEnd {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    // Over lines, a line cut inside it still ends it, and so does one ending inside a string (a stray quote).
    if (c === '\n' && (!acrossLines || quote !== undefined || cutAt(text, i)))
      return { closed: false, at: i };
    let run = i;
    while (text[run] === '\\') run++;
    const next = text[run];
    if (next === '"' || next === "'") {
      const count = run - i;
      i = run;
      // Quoted once more, each backslash doubles and a quote gains one: at this depth a string's
      // backslash is `2 * escapes + 2` of them, its quote `escapes`, its escaped quote `2 * escapes + 1`.
      // A double quote escaped any other way is one of a string around the value, which ends there.
      // A single quote so is an apostrophe.
      const escaping = count % (2 * escapes + 2);
      if (escaping !== escapes) {
        if (next === '"' && escaping !== 2 * escapes + 1) return { closed: false, at: i - count };
        continue;
      }
      if (quote === undefined) quote = next;
      else if (next === quote) quote = undefined;
      continue;
    }
    if (run > i) {
      i = run - 1;
      continue;
    }
    if (quote !== undefined) continue;
    if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return { closed: true, at: i + 1 };
  }
  return { closed: false, at: text.length };
}

/** Whether the line ending at `at` was cut: API Gateway's mark at 1 KiB, or a cut sample's. */
function cutAt(text: string, at: number): boolean {
  const line = text.slice(Math.max(0, at - TRUNCATED_MARK.length), at);
  return line.endsWith(TRUNCATED_MARK) || line.endsWith(CUT_MARK);
}

/**
 * An object or a list under a secret's label goes whole, every value in it and the labels too
 * (`"passwordChange":{"old":"…","new":"…"}`, `"tokens":["…"]`, a header map's `password={…}`), up
 * to its matching close, or to the end of its line when the line was cut inside it (the mark with
 * it, as a quoted value's). One left unclosed on a line not cut, or in a string that ends first, is
 * no object this can read: the rules after this one take its value as before, and so the labels
 * inside it, which this then does not scan again, so that text of labels and brackets is read once.
 * A plural label's (`"tokens":[`) is read over lines, as pretty-printed JSON puts a collection, and
 * goes even left unclosed, up to the end of the text or of the string it is in: no rule after this one
 * finds a value under that label, and every value after its bracket is inside it.
 */
function withoutBracketedSecrets(text: string, pattern = BRACKETED_LABELLED): string {
  if (!text.includes('{') && !text.includes('[')) return text;
  let out = '';
  let copied = 0;
  let unclosedUntil = -1;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const open = m.index + m[0].length - 1;
    if (open < unclosedUntil) continue;
    const plural = m.groups?.plural !== undefined;
    const end = bracketedEnd(text, open, (m[2] ?? m[4])?.length ?? 0, plural);
    const cut = !end.closed && (end.at === text.length || text[end.at] === '\n') && cutAt(text, end.at);
    if (end.closed || cut || plural) {
      out += `${text.slice(copied, m.index)}${m[1]}[redacted]`;
      copied = end.at;
      pattern.lastIndex = end.at;
    } else unclosedUntil = end.at;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * A short secret's unquoted value (SHORT_SECRET_LABEL): one token, up to white space, `,`, `;`, `}`,
 * a quote, a backslash (an escaped line break), a form's next field (`&`) or a closing bracket
 * (`(pin=1234) failed`), so that prose after it (`pin=1234 rejected`), the next header line
 * (`X-OTP: 123456` then `Host: h`) and the next field stay; its sign and the value on its line.
 */
const shortLabelled = (label: string, value: string): Rule => [
  new RegExp(
    String.raw`(${NOT_IN_ARN}(?!${CUSTOM_METHOD})(?<![A-Za-z])${label}(?![A-Za-z])${Q}${LINE_SPACE}*[=:]${DONE}${NOT_LITERAL}(?!\s*\\*["']${CLOSED})${LINE_SPACE}*${Q})${value}`,
    'gi',
  ),
  '$1[redacted]',
];
/** A code's unquoted value's characters: digits, so a form's `&` or a closing bracket ends it. */
const CODE_CHARACTER = String.raw`[^\s,;}"'\\&)\]]`;
/**
 * A code's unquoted value: one token, or two to eight runs of 1 to 4 digits, as a code is shown and
 * typed spaced (`123 456`, `12 34 56`, `1 2 3 4 5 6 7 8`), one or two spaces, no-break or thin spaces
 * between: its later runs are the code's too, up to whatever no letter or digit after them
 * (`otp: 123 456.`, `123 456</p>`). A run of more than 4 digits after it is no part of it, nor is a
 * column after a tab (an export's next field), nor a number a stop and a digit go on with (a time,
 * a date, an address: `otp: 1234 12:30:00`).
 */
const CODE_VALUE = String.raw`(?:\d{1,4}(?:[ \u00a0\u2009\u202f]{1,2}\d{1,4}){1,7}(?!\w|[.:/-]\d)|${CODE_CHARACTER}+)`;
/**
 * A count under a camelCase code key (read case-sensitively), no code: a number of one or two digits
 * then a word in lower case (`3 attempts exceeded`, `2 retries left`). A code's letters are most often
 * capitals (`12 AB3C`), so they stay a code's.
 */
const COUNT_THEN_WORD = String.raw`\d{1,2}${LINE_SPACE}+[a-z]+(?![A-Za-z0-9])`;
/**
 * The same under a short code label, which is read in any case, so that a word in lower case cannot
 * be told from a code's letters: the words a count of tries is said with (`Invalid PIN: 3 attempts left`).
 */
const COUNT_OF_TRIES = String.raw`\d{1,2}${LINE_SPACE}+(?:attempts?|tries|try|retries|retry|times|failures?|failed|more|left|remaining)(?![A-Za-z0-9])`;
/** A passcode's unquoted value: its symbols are its own. */
const PASSCODE_VALUE = String.raw`[^\s,;}"'\\]+`;
/**
 * A short code label's value (`pin`, `OTP`): a number of one or two digits then a word of tries is a
 * count (`Invalid PIN: 3 attempts left`), as under a camelCase code key: no PIN or one-time code is that short.
 */
const SHORT_CODE_VALUE = `(?!${COUNT_OF_TRIES})${CODE_VALUE}`;
const SHORT_LABELLED: readonly Rule[] = [
  shortLabelled(NUMERIC_CODE_LABEL, SHORT_CODE_VALUE),
  shortLabelled(PASSCODE_LABEL, PASSCODE_VALUE),
];

/** The list rule (LABELLED_RULES) for the labels in `label`: a list of values goes whole. */
const listLabelled = (label: string, flags: string): Rule => [
  new RegExp(String.raw`(${NOT_IN_ARN}(?:${label})${Q}\s*[=:]\s*)\[[^\]\n]*\]?`, flags),
  '$1[redacted]',
];

/**
 * The quoted-value rule (LABELLED_RULES) for the labels in `label`: a quoted value runs to its closing
 * quote (see there). Groups 2 and 3 are its quote's escape and quote, so `label` captures nothing.
 */
const quotedLabelled = (label: string, flags: string): Rule => [
  new RegExp(
    String.raw`(${NOT_IN_ARN}(?:${label})${Q}\s*[=:]\s*${PYTHON_PREFIX}(\\*)(["'])(?!${CLOSED}))(?:${QUOTED_BODY}+(?=\2\3)|${QUOTED_BODY}*${CUT_END}|${INNER_BODY}+(?=\\*(?!\3)["']))`,
    flags,
  ),
  '$1[redacted]',
];

/**
 * A camelCase code key's value (CAMEL_CODE_KEY), read case-sensitively: a list whole, a quoted value
 * whole, an unquoted one as a short secret's is (one token), a bare literal staying. A key that is
 * prose's word before `: ` (`InvalidVerificationCode: the code …`, an error's name) has no digit
 * after it: a code's unquoted value holds one, looked for in its first 64 characters so that a run
 * of keys (`userPin=userPin=…`) is not read to its end once per key. A number of one or two digits
 * then a word is a count (`ConfirmationCode: 3 attempts exceeded`): no code is that short.
 */
/** HTTP status codes and the first word of their standard reason phrases (RFC 9110 and the registry). */
const HTTP_REASON_FIRST_WORDS = {
  100: 'Continue',
  101: 'Switching',
  102: 'Processing',
  103: 'Early',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non',
  204: 'No',
  205: 'Reset',
  206: 'Partial',
  207: 'Multi',
  208: 'Already',
  226: 'IM',
  300: 'Multiple',
  301: 'Moved',
  302: 'Found',
  303: 'See',
  304: 'Not',
  305: 'Use',
  307: 'Temporary',
  308: 'Permanent',
  400: 'Bad',
  401: 'Unauthorized',
  402: 'Payment',
  403: 'Forbidden',
  404: 'Not',
  405: 'Method',
  406: 'Not',
  407: 'Proxy',
  408: 'Request',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length',
  412: 'Precondition',
  413: 'Content|Payload',
  414: 'URI',
  415: 'Unsupported',
  416: 'Range',
  417: 'Expectation',
  421: 'Misdirected',
  422: 'Unprocessable',
  423: 'Locked',
  424: 'Failed',
  425: 'Too',
  426: 'Upgrade',
  428: 'Precondition',
  429: 'Too',
  431: 'Request',
  451: 'Unavailable',
  500: 'Internal',
  501: 'Not',
  502: 'Bad',
  503: 'Service',
  504: 'Gateway',
  505: 'HTTP',
  506: 'Variant',
  507: 'Insufficient',
  508: 'Loop',
  510: 'Not',
  511: 'Network',
} as const;
/** Units a measure under a code's key is counted in (`userOtp: 29000 ms`, `userPin: 6 digits`). */
const MEASURE_UNIT = 'ms|s|sec|secs|seconds|attempts|retries|digits|tries|times';
/**
 * Prose after a camelCase code key, no code: an HTTP status then its reason phrase's first word
 * (`smsOtp: 500 Internal Server Error`, `loginPin: 401 Unauthorized`), or a number then a unit as a
 * word of its own, or `ms` (`userOtp: 29000 ms`, `1500ms`), with no letter or digit after it: a code
 * may hold a unit's letters (`4s7k2`, `1234s`). `userPin: 1234 rejected`, `userPin: 404 Unauthorized`
 * stay codes.
 */
const STATUS_OR_MEASURE = String.raw`(?:${Object.entries(HTTP_REASON_FIRST_WORDS)
  .map(([status, word]) => `${status}${LINE_SPACE}+(?:${word})`)
  .join('|')}(?![A-Za-z])|\d{1,20}(?:${LINE_SPACE}(?:${MEASURE_UNIT})|ms)(?![A-Za-z0-9]))`;

const camelLabelled = (label: string, value: string): Rule => [
  new RegExp(
    String.raw`(${NOT_IN_ARN}${label}${Q}${LINE_SPACE}*[=:]${DONE}${NOT_LITERAL_ANY_CASE}(?!\s*\\*["']${CLOSED})${LINE_SPACE}*${Q})${value}`,
    'g',
  ),
  '$1[redacted]',
];
/**
 * A camelCase code key whose first word is a verb (`confirmPin`, `verifyPin`, `submitOtp`, `ConfirmPIN`),
 * then at most one capitalised word: it names an operation as often as it holds a code, so only a value
 * that is a code by its shape goes. Not after `#` (a name's placeholder) nor inside a longer name.
 */
const verbFirstKey = (words: string): string =>
  String.raw`(?<![A-Za-z0-9#])(?:${OPERATION_VERB})(?:[A-Z][A-Za-z0-9]{0,40}?)??(?:${words})(?:[-_]?(?:Code|CODE|Number|NUMBER|No))?\d?`;
/** Where an unquoted code ends its value: a separator, a quote, a closing bracket, a line's end, a cut's. */
const CODE_VALUE_END = String.raw`(?=${LINE_SPACE}*(?:[,;}&"'\\)\]\r\n]|${CUT_END}|$))`;
/**
 * Under a verb-first key: a quoted string of 3 to 12 digits (a space or a dash between them), or, after
 * a key not quoted (`confirmOtp=123456`, `verifyPin: 4321`), a run of 3 to 12 digits that ends the value.
 * A number in JSON (`"latencyMs":{"getOtp":120}`), an object, a list, a word, a number then a word
 * (`sendOtp: 504 Gateway Timeout`, `resetPin = 350 ms`) stay. A passcode's so named: a quoted value
 * or an unquoted one ending the value, of at most 64 characters, holding a digit.
 */
const VERB_FIRST_CODE_RULES: readonly Rule[] = [
  [
    new RegExp(
      String.raw`(${NOT_IN_ARN}${verbFirstKey(CAMEL_CODE_WORD)}${Q}\s*[=:]\s*${PYTHON_PREFIX}(\\*)(["']))\d(?:[ -]?\d){2,11}(?=\2\3)`,
      'g',
    ),
    '$1[redacted]',
  ],
  [
    new RegExp(
      String.raw`(${NOT_IN_ARN}${verbFirstKey(CAMEL_CODE_WORD)}(?:${LINE_SPACE}*=|:${LINE_SPACE})${LINE_SPACE}*)\d{3,12}(?!\d)${CODE_VALUE_END}`,
      'g',
    ),
    '$1[redacted]',
  ],
  [
    new RegExp(
      String.raw`(${NOT_IN_ARN}${verbFirstKey(CAMEL_PASSCODE_WORD)}${Q}\s*[=:]\s*${PYTHON_PREFIX}(\\*)(["']))(?=[^"'\\\n]{0,63}\d)[^"'\\\n]{1,64}(?=\2\3)`,
      'g',
    ),
    '$1[redacted]',
  ],
  [
    new RegExp(
      String.raw`(${NOT_IN_ARN}${verbFirstKey(CAMEL_PASSCODE_WORD)}(?:${LINE_SPACE}*=|:${LINE_SPACE})${LINE_SPACE}*)(?=${CODE_CHARACTER}{0,63}\d)${CODE_CHARACTER}{1,64}${CODE_VALUE_END}`,
      'g',
    ),
    '$1[redacted]',
  ],
];
const CAMEL_CODE_RULES: readonly Rule[] = [
  listLabelled(`${CAMEL_CODE_KEY}|${CAMEL_PASSCODE_KEY}`, 'g'),
  quotedLabelled(`${CAMEL_CODE_KEY}|${CAMEL_PASSCODE_KEY}`, 'gm'),
  camelLabelled(
    CAMEL_CODE_KEY,
    String.raw`(?=${CODE_CHARACTER}{0,63}\d)(?!${COUNT_THEN_WORD}|${STATUS_OR_MEASURE})${CODE_VALUE}`,
  ),
  camelLabelled(CAMEL_PASSCODE_KEY, PASSCODE_VALUE),
  ...VERB_FIRST_CODE_RULES,
  // An XML element so named (`<UserPin>`, `<ns:ConfirmationCode>`), its text up to its own closing tag.
  [
    new RegExp(
      String.raw`(<(?<camelElement>(?:[A-Za-z][\w.-]{0,32}:)?[A-Za-z0-9]{0,64}?${camelName(`${CAMEL_CODE_WORD}|${CAMEL_PASSCODE_WORD}`)})(?:\s[^<>\n]{0,256})?>)[^<\n]+(?=<\/\k<camelElement>>)`,
      'g',
    ),
    '$1[redacted]',
  ],
  // A Go struct's field as `%+v` prints it, after its `{` or the previous field's space, the field's
  // name exported (a capital first) right before `:` (`{UserPin:1234 Name:bob}`): a code's value
  // holding a digit, up to the next field's space or the struct's `}`.
  [
    new RegExp(
      String.raw`((?<=[{ ])(?=[A-Z])[A-Za-z0-9]{0,64}?${camelName(CAMEL_CODE_WORD)}:)(?=${CODE_CHARACTER}{0,63}\d)${CODE_CHARACTER}+`,
      'g',
    ),
    '$1[redacted]',
  ],
];

/** Secrets found by the label before them: a header, a cookie, a `password=` pair. */
/** An XML element's name that is a secret's label (`password`, `SessionToken`, `ns:apiKey`, `SecretAccessKey`). */
const XML_SECRET_NAME = String.raw`[\w.:-]{0,64}?(?:${SECRET_LABEL}|${COOKIE_LABEL}|secret_?(?:access_?)?key)`;

/**
 * White space between an element and its text, raw or escaped in a JSON string (`\n  ` in a pretty
 * body): bounded, so each element start reads at most this much.
 */
const XML_SPACE = String.raw`(?:[ \t\r\n]|\\+[nrt]){0,256}`;
/**
 * No word right before an escaped `<` (`\u003c`), but the end of an escape (`\n`, or the `\u003e` before it).
 */
const ESCAPED_TAG_START = String.raw`(?<![\w.$](?<!\\[nrt]|\\u[0-9a-fA-F]{4}))`;
/**
 * A CDATA section's text on its line, of `character`s, up to its end (`close`), and the sections that
 * open (`open`) right after it. Raw XML's sections, read over lines, are withoutCdataSecrets'.
 */
function cdataBody(close: string, open: string, character: string): string {
  const onLine = `(?:(?!${close})${character})`;
  return `${onLine}+(?:${close}${open}${onLine}*)*`;
}
/** How far a CDATA section's text is read over raw line breaks: its `]]>` comes sooner, or it was cut. */
const MAX_CDATA_CHARS = 65536;

/** A secret element's opening and its CDATA section's (raw XML), after white space or line breaks. */
const CDATA_HEAD = new RegExp(
  String.raw`(?<!(?<!\\)[\w.$])<${XML_SECRET_NAME}(?:\s[^<>\n]{0,256})?>${XML_SPACE}<!\[CDATA\[`,
  'gi',
);
const CDATA_CLOSE = ']]>';
const CDATA_OPEN = '<![CDATA[';
const CDATA_ANY_CASE = /<!\[CDATA\[/i;
const CDATA_OPENS = /<!\[CDATA\[/gi;
const CDATA_OPEN_AT = /^<!\[CDATA\[$/i;

/**
 * A secret element's text in a CDATA section (SOAP writes a password so, since `<` and `&` need no
 * escape there): up to the section's `]]>` and through the sections that open right after it
 * (`ab]]]]><![CDATA[>cd` is how `]]>` is written inside one), over raw line breaks (a pretty body
 * puts the text on a line of its own) when its `]]>` comes within MAX_CDATA_CHARS and before any
 * other section opens; else it was left open or cut, and only the rest of its line goes, so a
 * Lambda error or a SOAP fault on the lines after it stays. Each `]]>`, `<![CDATA[` and line break
 * is found once, by pointers that only move forward.
 */
function withoutCdataSecrets(text: string): string {
  if (!CDATA_ANY_CASE.test(text)) return text;
  let out = '';
  let copied = 0;
  let close = -2;
  let open = -2;
  let lineEnd = -2;
  /** The first of `what` at or after `at`, from the pointer `known` when it is still ahead. */
  const next = (known: number, what: string, at: number): number =>
    known !== -1 && known < at ? text.indexOf(what, at) : known;
  /** The next section's opening in any case (a hand-written `<![cdata[` too), as `next` finds the others. */
  const nextOpen = (at: number): number => {
    if (open === -1 || open >= at) return open;
    CDATA_OPENS.lastIndex = at;
    return CDATA_OPENS.exec(text)?.index ?? -1;
  };
  CDATA_HEAD.lastIndex = 0;
  for (let m = CDATA_HEAD.exec(text); m !== null; m = CDATA_HEAD.exec(text)) {
    const from = m.index + m[0].length;
    let at = from;
    let to: number;
    for (;;) {
      close = next(close, CDATA_CLOSE, at);
      open = nextOpen(at);
      if (close >= 0 && close - at <= MAX_CDATA_CHARS && (open < 0 || open > close)) {
        to = close;
        if (
          !CDATA_OPEN_AT.test(
            text.slice(close + CDATA_CLOSE.length, close + CDATA_CLOSE.length + CDATA_OPEN.length),
          )
        )
          break;
        at = close + CDATA_CLOSE.length + CDATA_OPEN.length;
        continue;
      }
      // Left open or cut: the rest of the first line that holds its text (a pretty body puts it on
      // the line after the opening), white space and line breaks before it read at most once.
      let text0 = at;
      while (text0 < text.length && text0 - at < MAX_CDATA_CHARS && /[ \t\r\n]/.test(text[text0] as string))
        text0++;
      lineEnd = next(lineEnd, '\n', text0);
      to = lineEnd < 0 ? text.length : lineEnd;
      break;
    }
    if (to <= from) continue;
    out += `${text.slice(copied, from)}[redacted]`;
    copied = to;
    CDATA_HEAD.lastIndex = to;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const LABELLED_RULES: readonly Rule[] = [
  // A list of values: the Lambda proxy event's `multiValueHeaders` ("x-api-key":["…"]), payload
  // 2.0's `"cookies":["a=1","b=2"]`. The whole list goes.
  listLabelled(`${SECRET_LABEL}|${COOKIE_LABEL}`, 'gi'),
  // A quoted value runs to its closing quote: the quote it opened with, escaped as often (`"`, `\"`,
  // `'`), so a `,`, `;`, `}` or space in a password is inside it, and so is a quote escaped as a
  // string at that depth escapes it (`\"` in `"…"`, `\\\"` in `\"…\"`). Only that one count: a
  // value passing over quotes escaped any other way would scan past the openings of values quoted
  // at other depths, and text made of them would take quadratic time. A value that reaches the end
  // of its line unclosed was cut there when the line was (API Gateway's ` [TRUNCATED]` at 1 KiB, a
  // sample's `…`): the rest of the line goes with it. On a line not cut, its quote was a stray one
  // (`"Invalid token: 'abc","errorType":…`): the value ends where the string around it does, before
  // the other kind of quote, and the error type and stack trace after it stay. One stopped by a
  // quote escaped otherwise is left to the rules below, which end it at `,`, `;` or `}`, as header
  // maps print values. A Python prefix before the quote (`b'…'`, PYTHON_PREFIX) stays with the label.
  quotedLabelled(`${SECRET_LABEL}|${COOKIE_LABEL}`, 'gim'),
  // A cookie header holds several name=value pairs: everything up to the end of the header goes, a
  // quoted value among them (RFC 6265's `pref="a b"`, `\"a b\"` in a JSON string) with the cookies after it.
  [
    new RegExp(
      String.raw`(${COOKIE_LABEL}${Q}\s*[=:]${DONE}${NOT_LITERAL}(?!\s*\\*["']${CLOSED})\s*${Q})(?:${valueUpTo(',}\\n')}|"[^"\n,}]*"|\\+"[^"\\\n,}]*\\+")*`,
      'gi',
    ),
    '$1[redacted]',
  ],
  // Header-style pairs as execution logs print them: `Authorization=…`, `x-api-key: …`, `"Cookie":"…"`.
  [
    new RegExp(
      String.raw`(${NOT_IN_ARN}(?!${CUSTOM_METHOD})(?:${LONG_SECRET_LABEL})${Q}\s*[=:]${DONE}${NOT_LITERAL}(?!\s*\\*["']${CLOSED})\s*${Q})(${valueUpTo(',;}\\s')}${valueUpTo(',;}')}*)`,
      'gi',
    ),
    '$1[redacted]',
  ],
  ...SHORT_LABELLED,
  ...CAMEL_CODE_RULES,
  // The same in a JSON string whose writer escapes `<` and `>` (Go's encoding/json, Gson), quoted
  // again or not (`\\u003c`), with the escaped element's guards: up to the section's escaped end, or
  // the string's end (its escapes read in pairs) or the line's when it was cut inside it. Only a
  // run's first backslash starts a tag, so a long run is read once.
  [
    new RegExp(
      String.raw`(${ESCAPED_TAG_START}(?<!\\)\\+u003c${XML_SECRET_NAME}(?:\s(?:[^\\\n]|\\+"){0,256})?\\+u003e${XML_SPACE}\\+u003c!\[CDATA\[)${cdataBody(String.raw`\]\]\\+u003e`, String.raw`\\+u003c!\[CDATA\[`, String.raw`(?:[^\n"\\]|\\[^\n])`)}`,
      'gi',
    ),
    '$1[redacted]',
    'u003c![CDATA[',
  ],
  // An XML element named for a secret (`<password>`, an STS answer's `<SecretAccessKey>` and
  // `<SessionToken>`, `<apiKey>`), attributes or not: its text, up to the next tag or the end of a
  // line cut inside it. Only the whole name before `>` or an attribute: `<TokenType>`,
  // `<PasswordPolicy>` and `<Code>ExpiredToken</Code>` name no secret's value. Not a generic type
  // (`List<com.acme.ApiKey>`, `Promise<Token>`: a word right before the `<`, though not the `n` of an
  // escaped `\n` in XML inside a JSON string) nor prose naming a field (`<password> -- missing`, `the
  // <password> field is required`): white space right after the `>` starts a value only when the
  // element's own closing tag ends it (a passphrase's words), or one word and a cut follow it. Nor
  // white space escaped in a JSON string before the next tag (`\n  ` before a CDATA section, which the
  // rules above read).
  [
    new RegExp(
      String.raw`((?<!(?<!\\)[\w.$])<(?<xmlName>${XML_SECRET_NAME})(?:\s[^<>\n]{0,256})?>)(?!${XML_SPACE}<)(?=[^<\s]|[ \t]+[^<\s][^<\n]*<\/\k<xmlName>>|[ \t]+[^<\s]+[ \t]*${CUT_END})[^<\n]+`,
      'gi',
    ),
    '$1[redacted]',
    '<',
  ],
  // The same element in a JSON string whose writer escapes `<` and `>` (Go's encoding/json, Gson):
  // `\u003cSessionToken\u003e…\u003c/SessionToken\u003e`, its attributes' quotes escaped, with the same
  // guards: no word right before it (but the end of an escape, `\n` or the `\u003e` before it), and a
  // value opening with white space only up to its own closing tag or as one word before a cut; the
  // value ends at the string's quote, its escapes (`\"`) read in pairs. White space must end in a word
  // before the closing tag is looked for: a long run of it is read once, not once per space.
  [
    new RegExp(
      String.raw`(${ESCAPED_TAG_START}\\u003c(?<escName>${XML_SECRET_NAME})(?:\s(?:[^\\\n]|\\"){0,256})?\\u003e)(?=[^\s\\]|\\(?!u003c)|[ \t]+(?![ \t])(?:(?!\\u003c)[^\n])+\\u003c\/\k<escName>\\u003e|[ \t]+[^\s\\]+[ \t]*${CUT_END})(?:(?!\\u003c)(?:[^\n"\\]|\\[^\n]))+`,
      'gi',
    ),
    '$1[redacted]',
    '\\u003',
  ],
];

/**
 * A secret's label and value percent-encoded in a query (a JSON body or a form passed in one:
 * `?body=%7B%22password%22%3A%22…%22%7D`, `?q=user%3Dbob%20password%3D…`): its quotes, `:` and `=`
 * are encoded. Only where a key starts in a query (after `?`, `&`, `=`, `+` or an encoded space,
 * quote, `&`, `,`, `;`, `?`, `[` or `{`), or a word (an encoded form logged alone, `password%3D…`),
 * and before an encoded `:` or `=`: a path's encoded word
 * (`/users/password%3Areset`) is none. An encoded-quoted value runs to its encoded quote, an
 * unquoted one to an encoded space, quote, `&`, `,`, `;`, `]` or `}`; a bare literal is a setting's
 * state, as NOT_LITERAL says.
 */
const ENCODED_STOP = '%(?:2[0267c]|3b|5d|7d)';
const ENCODED_LABELLED = new RegExp(
  String.raw`((?:[?&=+]|%(?:2[0267c]|3[bf]|5b|7b)|(?<![^\s"'(]))[A-Za-z0-9_.-]{0,64}?${SECRET_LABEL}(?:%2[27])?%3[ad](?:%20|\+)*(?!(?:true|false|null|none)(?:${ENCODED_STOP}|[&\s"',;}]|$))(?:%2[27])?)(?:(?<=%2[27])(?:[^&\s"'%#]|%(?!2[27])[0-9a-f]{2})+|(?<!%2[27])(?:[^&\s"',;}%#]|(?!${ENCODED_STOP})%[0-9a-f]{2})+)`,
  'gi',
);

/**
 * Right after an escape's last letter, where a shaped secret may start though a letter precedes
 * it: a JSON string's `\n`, `\r`, `\t` or `\uXXXX`, a percent-encoded character's `%XX`.
 */
const AFTER_ESCAPE = String.raw`(?<=\\[nrt]|\\u[0-9A-Fa-f]{4}|%[0-9A-Fa-f]{2})`;

/** Secrets found by their own shape, wherever they are: tokens, keys, signatures, credentials in URLs. */
// Each counted run is `{n}` then `*`, never `{n,}`, as BASE64_RUN's (see there): a token of several MiB
// must not overflow the stack.
const SHAPED_RULES: readonly Rule[] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8}[A-Za-z0-9._~+/=-]*/gi, '$1 [redacted]'],
  // The same percent-encoded (`Authorization%3A%20Bearer%20…` in a query), after an encoded space,
  // which ends no word: the encoded label rule ends the value at that space, after the scheme.
  [/(?<![A-Za-z])(Bearer|Basic)%20[A-Za-z0-9._~+/=-]{8}[A-Za-z0-9._~+/=-]*/gi, '$1%20[redacted]', '%20'],
  // JWTs: three base64url segments, the payload starting with `eyJ` ({"…), as the header does unless
  // it was cut or elided (`…J9.eyJ….sig`, pasted shortened): the payload finds the token, with its
  // signature, or without it when the text was cut there. Else an `eyJ` header followed by one to
  // four segments: a JWE (`header.key.iv.ciphertext.tag`, the key empty under direct encryption) or
  // a JWS whose payload is no JSON object. Every segment holds something but a JWE's key: a `.` after
  // the last is a sentence's full stop. The head is a whole run (none before it), so each run is
  // scanned once. First a token encoded in standard base64, as some libraries build one (`+`, `/`,
  // `=` padding): its segments run over them. Not when the token starts a path segment (after a
  // `/`, or a `.` inside another run): a path holds no raw `/` in a token, and the segment after it
  // (`/sessions/<jwt>/refresh`) is the path's; there the base64url rule after this one finds it.
  [
    /(?<![A-Za-z0-9_+/.-])(?:[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_+/-]{5}[A-Za-z0-9_+/-]*={0,2}(?:\.[A-Za-z0-9_+/-]+={0,2})?|eyJ[A-Za-z0-9_+/-]{5}[A-Za-z0-9_+/-]*={0,2}(?:(?:\.[A-Za-z0-9_+/-]+={0,2}){1,4}|\.(?:\.[A-Za-z0-9_+/-]+={0,2}){3}))/g,
    '[redacted-jwt]',
    'eyJ',
  ],
  [
    /(?<![A-Za-z0-9_-])(?:[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]{5}[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)?|eyJ[A-Za-z0-9_-]{5}[A-Za-z0-9_-]*(?:(?:\.[A-Za-z0-9_-]+){1,4}|\.(?:\.[A-Za-z0-9_-]+){3}))/g,
    '[redacted-jwt]',
    'eyJ',
  ],
  // AWS access key ids and the secret that usually follows them: 40 characters, fewer when the line
  // was cut inside it (API Gateway cuts execution-log lines at 1 KiB), and the label says what it is,
  // in any case and spelling: a credentials file's `aws_secret_access_key`, the environment's
  // `AWS_SECRET_ACCESS_KEY` (a function error that prints its environment), STS's `SecretAccessKey`,
  // snake_case JSON's `secret_access_key`, an SDK's `secretKey`.
  // Also right after an escape (`X-Amz-Credential%3DAKIA…` in an encoded URL, `\nAKIA…` in a JSON string).
  [
    new RegExp(String.raw`(?:\b|${AFTER_ESCAPE})(AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\b`, 'g'),
    '[redacted-aws-key]',
  ],
  [
    new RegExp(
      String.raw`(secret_?(?:access_?)?key)(${Q}\s*[=:]${NOT_LITERAL}\s*${Q})[A-Za-z0-9/+=]{1,40}`,
      'gi',
    ),
    '$1$2[redacted]',
  ],
  // Vendors' tokens, which say what they are by their prefix: Slack's `xoxb-…` (bot, user, app,
  // refresh and rotating tokens: the prefix, a run of digits and a `-`, so that `xoxo-fashion-store`
  // and `xoxp-feature-rollout-plan` stay) and app-level tokens in the shape Slack documents,
  // `xapp-<digit>-A<app id's capitals and digits>-<digits>-…` (so `xapp-store`, `xapp-12-release-notes`
  // and `xapp-2-20261128-rc1` stay; one cut inside its app id shows no secret), GitHub's `ghp_…` and
  // `github_pat_…`, Stripe's secret and restricted keys (at least 20 characters after the prefix, as
  // real ones have: `sk_test_connection`, `rk_test_integrationSuite` name tests), Google's API keys.
  // After a word's edge or an escape's last letter (`\nghp_…`, `\tsk_live_…`, `%3Dxoxb-…`).
  [
    new RegExp(
      String.raw`(?:(?<![A-Za-z0-9_-])|${AFTER_ESCAPE})(?:(?:xoxe\.)?xox[abpers]-[0-9]+-[A-Za-z0-9-]{8}[A-Za-z0-9-]*|xapp-[0-9]{1,3}-A[A-Z0-9]{6,}-[0-9][A-Za-z0-9-]*|gh[pousr]_[A-Za-z0-9]{30}[A-Za-z0-9]*|github_pat_\w{30}\w*|[sr]k_(?:live|test)_[A-Za-z0-9]{20}[A-Za-z0-9]*|AIza[0-9A-Za-z_-]{30}[0-9A-Za-z_-]*)`,
      'g',
    ),
    '[redacted-token]',
  ],
  // SigV4 signatures in URLs or headers, also in a URL percent-encoded into another's query.
  [/(Signature(?:=|%3D))[0-9a-f]{64}/gi, '$1[redacted]'],
  // A URL's user information, all of it: `https://user:pass@host`, a password without a user
  // (`redis://:pass@host`), a token as the user (`https://<token>@git.example.com`). It ends before
  // the host, so an address after it (`/users/jane@example.com`, `?cc=joe@…`) is no user. A
  // password after a `:` may hold anything but white space: a connection string a function prints
  // holds it raw, as configured (`postgres://app:pa?ss@db`, `pa/ss`, `S3cr,et!`, `pa(ss)`, RFC
  // 3986's sub-delims and a generated password's quotes and brackets), and an `@` in it too when
  // another `@` follows before the host ends (a URL parser takes the authority's last `@`). Digits
  // after the `:` up to a `/` are a port, no password, so the path after them is no user
  // information; nor is another URL's `://`. A user before a password may hold a `,` or a `"`, but
  // not the two side by side, nor a `"` before the `:`: that is JSON's next key (`"https://h",
  // "contact":"ops@h"`). A user alone or a token holds
  // no quote, bracket, backslash or comma: they end a URL in logs (`"url":"https://a.example",
  // "contact":"ops@a.example"`, `callback=https://h,owner=ops@h`), so the host of a URL without a
  // path is not taken for a user before the next field's address. After a port (`https://h:8443,
  // owner=ops@h`) it is, and the text up to the `@` goes: a leaked password is worse than a lost host.
  // Bounded, so a long run of `a.a.a…` (a word boundary at every letter) cannot make each start
  // scan the rest of the text.
  [
    /(\b[a-z][a-z0-9+.-]{0,31}:\/\/)(?:(?:[^/?#\s@:"'\\,<>(){}[\]]|(?<!"),(?!")|(?<!,)"(?![,:])){0,256}:(?![0-9]{0,5}(?:[/?#\s]|$))(?:[^\s@:]|:(?!\/\/)|@(?=[^\s@/?#]{0,256}@)){1,256}|[^/?#\s@"'\\,<>(){}[\]]{1,513})@/gi,
    '$1[redacted]@',
  ],
  // The same user and password cut at 1 KiB before the `@` (API Gateway's mark right after them): no
  // `@` shows them, so the cut does. Not a host and port (digits before the mark, or before a path).
  // A sample the CLI cut (`…`) is redactCut's.
  [
    new RegExp(
      String.raw`(\b[a-z][a-z0-9+.-]{0,31}:\/\/)[^/?#\s@:"'\\,<>(){}[\]]{0,256}:(?![0-9]{1,5}(?:[/?#]|${TRUNCATED_PATTERN}$))[^\s@]{1,256}(?=${TRUNCATED_PATTERN}$)`,
      'gim',
    ),
    '$1[redacted]',
    // Only a line API Gateway cut holds one: the rule is not tried on any other text.
    ' [TRUNCATED]',
  ],
  // Query parameters that carry credentials: signed URLs (`sig`, `X-Amz-Credential`), function keys
  // (`code`), keys, passwords (`pass` and `passphrase` only as whole names: `bypass` is none). A presigned URL passed on in a query (an image proxy's `?url=`) is percent-encoded
  // there (`%3F`, `%26`, `%3D`), and its value then runs to the end of that URL.
  [
    /((?:[?&]|%3F|%26)(?:sig|signature|code|key|apikey|api_key|token|access_token|id_token|refresh_token|client_secret|password|pwd|pass|passphrase|x-amz-credential|x-amz-signature|x-amz-security-token)(?:=|%3D))[^&\s"',;}]+/gi,
    '$1[redacted]',
  ],
  [ENCODED_LABELLED, '$1[redacted]', '%3'],
  // Query parameters named for a secret (`secret`, `api-key`, `auth_token`, `x-api-key`, a passcode,
  // a key named for what it unlocks, `subscription-key` as Azure API Management accepts it, a short
  // secret's name: `otp`, `user_pin`, `cvc2`): the label rules find them in evidence, and in a route
  // a query's names are its own, no path words.
  [
    new RegExp(
      String.raw`((?:[?&]|%3F|%26)[A-Za-z0-9_.-]{0,64}?(?:authorization|api[-_]?key|token|secret|password|passwd|${UNLOCKING_KEY}|private[-_]?key|${SHORT_SECRET_LABEL})(?:=|%3D))[^&\s"',;}]+`,
      'gi',
    ),
    '$1[redacted]',
  ],
];

/**
 * Evidence repeats across a delivery ("responseType=THROTTLED" on every throttled line), so short
 * texts are redacted once. Bounded in entries and length so logs cannot grow it without limit.
 */
const REDACTED = new Map<string, string>();
const MAX_REMEMBERED = 1024;
const MAX_REMEMBERED_CHARS = 512;

/**
 * API Gateway's answer to an Authorization header it cannot read as a signature quotes the header
 * back: `'<part>' not a valid key=value pair (missing equal-sign) in Authorization header: '<header>'.`
 * The quoted parts may hold quotes themselves, or be cut with the line, so no pattern can find their
 * ends: from the first quote before the phrase, and from the label after it, to the end of the line,
 * everything goes.
 */
const ECHO_PHRASE = 'not a valid key=value pair';
const HEADER_LABEL = 'Authorization header:';

/** One line's echo removed; everything after the label goes, other echoes on the line with it. */
function withoutEchoOnLine(line: string): string {
  const at = line.indexOf(ECHO_PHRASE);
  if (at < 0) return line;
  const quote = line.indexOf("'");
  const head = quote >= 0 && quote < at ? `${line.slice(0, quote)}'[redacted]' ` : line.slice(0, at);
  const label = line.indexOf(HEADER_LABEL, at);
  return label >= 0
    ? `${head}${line.slice(at, label + HEADER_LABEL.length)} '[redacted]'`
    : head + line.slice(at);
}

function withoutEchoedAuthorization(text: string): string {
  return text.split('\n').map(withoutEchoOnLine).join('\n');
}

const RULES = [...LABELLED_RULES, ...SHAPED_RULES];

/**
 * A private key's BEGIN and END lines: PEM's (PKCS #1 and #8, SEC 1, OpenSSH), OpenPGP's armor and
 * SSH2's (RFC 4716). A certificate or a public key is no secret.
 */
const KEY_BEGIN =
  /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|---- BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY ----/g;
const KEY_END =
  /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|---- END [A-Z0-9 ]{0,40}PRIVATE KEY ----/g;
/** How far after its BEGIN line a key's END line is looked for: a 4096-bit RSA key is about 3 Ki characters. */
const MAX_KEY_CHARS = 16384;
/** A line break, raw or escaped in a JSON string once or more (`\n`, `\r\n`, `\u000a`). */
const KEY_LINE_BREAK = String.raw`(?:\r?\n|\r|(?:\\+r)?\\+n|\\+r|(?:\\+u000[dD])?\\+u000[aA])`;
/**
 * A line break and the next line's indentation: spaces or tabs, raw or a tab escaped in a JSON string
 * (a key under YAML's `key: |`, or in a config printed indented).
 */
const KEY_NEW_LINE = String.raw`${KEY_LINE_BREAK}(?:[ \t]|\\+t)*`;
/** What separates a key's lines: a line break, or a single space where line breaks were flattened. */
const KEY_LINE_SEPARATOR = new RegExp(`${KEY_NEW_LINE}| (?! )`, 'y');
/** The blank line OpenPGP's armor always has after its BEGIN line, when no header line comes first (GnuPG 2.1 on). */
const KEY_BLANK_LINE = new RegExp(KEY_NEW_LINE, 'y');
/**
 * A header line before an encrypted key's base64 (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`, SSH2's
 * `Comment: "…"`, OpenPGP's `Version: …`), and the blank line after the last. At most
 * MAX_KEY_HEADERS of them: a header line may itself hold a BEGIN line, and each BEGIN reads its own.
 */
const KEY_HEADER_LINE = new RegExp(
  String.raw`(?:Proc-Type|DEK-Info|Comment|Version):(?:[^\r\n\\]|\\+["/]){0,256}${KEY_NEW_LINE}(?:${KEY_NEW_LINE})?`,
  'y',
);
const MAX_KEY_HEADERS = 8;
/** A full base64 line is 64 or 70 characters: one shorter than this is a key's last. */
const MIN_KEY_LINE = 16;
/** PEM's line length: a line this long is a key's whatever characters it holds. */
const FULL_KEY_LINE = 64;

/**
 * Private keys a function printed: from the end of the BEGIN line to the start of the next END line
 * when it comes within MAX_KEY_CHARS, whatever is between; else (the text was cut inside the key) the
 * run of base64 lines after it (header lines first), and nothing after that run; with no such run
 * (a BEGIN line named in prose: `expected -----BEGIN PRIVATE KEY----- header`), nothing. Each END is
 * looked for once, from the first BEGIN after the last one found: text of BEGIN lines with no END
 * is read once.
 */
function withoutPrivateKeys(text: string): string {
  if (!text.includes('PRIVATE KEY')) return text;
  let out = '';
  let copied = 0;
  // The start of the first END line after the last BEGIN line's end; -1 when there is none.
  let end = -2;
  KEY_BEGIN.lastIndex = 0;
  for (let m = KEY_BEGIN.exec(text); m !== null; m = KEY_BEGIN.exec(text)) {
    const from = m.index + m[0].length;
    if (end !== -1 && end < from) {
      KEY_END.lastIndex = from;
      end = KEY_END.exec(text)?.index ?? -1;
    }
    const to = end >= 0 && end - from <= MAX_KEY_CHARS ? end : cutKeyEnd(text, from);
    if (to === undefined || to === from) continue;
    out += `${text.slice(copied, from)}[redacted]`;
    copied = to;
    KEY_BEGIN.lastIndex = to;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * A private key's BEGIN and END lines percent-encoded, as a form or a query holds one
 * (`key=-----BEGIN%20PRIVATE%20KEY-----%0AMIIE…`): a space as `%20` or `+`, a `-` raw or as `%2D`;
 * encoded twice too (`%2520`, `%252D`), as a query passed in another's holds one.
 */
const ENCODED_DASHES = '(?:-|%(?:25)?2[dD]){5}';
const ENCODED_SPACE = String.raw`(?:%(?:25)?20|\+)`;
const encodedKeyLine = (word: string): RegExp =>
  new RegExp(
    `${ENCODED_DASHES}${word}${ENCODED_SPACE}(?:[A-Z0-9]{1,16}${ENCODED_SPACE}){0,4}PRIVATE${ENCODED_SPACE}KEY(?:${ENCODED_SPACE}BLOCK)?${ENCODED_DASHES}`,
    'g',
  );
const ENCODED_KEY_BEGIN = encodedKeyLine('BEGIN');
const ENCODED_KEY_END = encodedKeyLine('END');
/**
 * What ends a percent-encoded run: a form's next field (`&`, or `;` as some forms separate them), a
 * list's `,`, a URL's fragment (`#`), white space, a quote and the backslashes escaping it in a JSON
 * string, or a cut's mark (`…`), which redactCut must find again. Gson's `\u0026` is shown as `&`
 * before this is read. None of these is a percent-encoded character's.
 */
const ENCODED_RUN_END = /[&;,#\s…]|(?<!\\)\\*["']/g;

/**
 * Percent-encoded private keys: from the end of the encoded BEGIN line to the start of the encoded
 * END line in the same run, else (cut, or sent without it) to the run's end. Each END and each run's
 * end is looked for once, from the first BEGIN after the last one found, as withoutPrivateKeys does.
 */
function withoutEncodedPrivateKeys(text: string): string {
  if (!text.includes('PRIVATE')) return text;
  let out = '';
  let copied = 0;
  let end = -2;
  let runEnd = -2;
  ENCODED_KEY_BEGIN.lastIndex = 0;
  for (let m = ENCODED_KEY_BEGIN.exec(text); m !== null; m = ENCODED_KEY_BEGIN.exec(text)) {
    const from = m.index + m[0].length;
    if (end !== -1 && end < from) {
      ENCODED_KEY_END.lastIndex = from;
      end = ENCODED_KEY_END.exec(text)?.index ?? -1;
    }
    if (runEnd < from) {
      ENCODED_RUN_END.lastIndex = from;
      runEnd = ENCODED_RUN_END.exec(text)?.index ?? text.length;
    }
    const to = end >= 0 && end <= runEnd ? end : runEnd;
    if (to === from) continue;
    out += `${text.slice(copied, from)}[redacted]`;
    copied = to;
    ENCODED_KEY_BEGIN.lastIndex = to;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * A PuTTY private key file's private part (`PuTTY-User-Key-File-2:`/`-3:`): its `Private-Lines: N`
 * header, then N lines of base64, raw or escaped line breaks as a PEM key's (KEY_LINE_SEPARATOR);
 * and its `Private-MAC:`, a MAC over the private part. Its public lines are no secret and stay.
 */
const PUTTY_PRIVATE_LINES = new RegExp(
  String.raw`Private-Lines:[ \t]*(\d{1,4})[ \t]*(?=${KEY_LINE_BREAK}| (?! ))`,
  'g',
);
const PUTTY_PRIVATE_MAC = /(Private-MAC:[ \t]*)[0-9A-Fa-f]+/g;
const PUTTY_MAC_LABEL = 'Private-MAC:';

/**
 * Whether the separator of `length` at `at` is a single space: the file's line breaks flattened, where
 * prose may follow `Private-Lines: N` too (`Private-Lines: 2 is unsupported`).
 */
function isFlattened(text: string, at: number, length: number): boolean {
  return length === 1 && text[at] === ' ';
}

/**
 * A PuTTY key's private lines, from the line break after `Private-Lines: N` to the end of the Nth
 * base64 line, or of the last one when the text was cut or the key's lines end sooner; and its MAC.
 * After a flattened line break (one space), a line is a key's only when it is at least MIN_KEY_LINE
 * characters of base64, or the last, shorter, right before `Private-MAC:` or where the text was cut:
 * words of prose after the header are shorter and stay.
 */
function withoutPuttyKeys(text: string): string {
  if (!text.includes('Private-')) return text;
  let out = '';
  let copied = 0;
  PUTTY_PRIVATE_LINES.lastIndex = 0;
  for (let m = PUTTY_PRIVATE_LINES.exec(text); m !== null; m = PUTTY_PRIVATE_LINES.exec(text)) {
    const from = m.index + m[0].length;
    const first = matchedLength(KEY_LINE_SEPARATOR, text, from);
    let flattened = isFlattened(text, from, first);
    let at = from + first;
    let to = from;
    for (let lines = Number(m[1]); lines > 0; lines--) {
      const line = base64LineAt(text, at);
      if (line.characters === 0) break;
      const separator = matchedLength(KEY_LINE_SEPARATOR, text, line.end);
      if (
        flattened &&
        line.characters < MIN_KEY_LINE &&
        !cutRightAfter(text, line.end) &&
        !(separator > 0 && text.startsWith(PUTTY_MAC_LABEL, line.end + separator))
      )
        break;
      to = line.end;
      if (separator === 0) break;
      flattened = isFlattened(text, to, separator);
      at = to + separator;
    }
    if (to === from) continue;
    out += `${text.slice(copied, from)}[redacted]`;
    copied = to;
    PUTTY_PRIVATE_LINES.lastIndex = to;
  }
  const linesOut = copied === 0 ? text : out + text.slice(copied);
  return linesOut.replace(PUTTY_PRIVATE_MAC, '$1[redacted]');
}

/** The length of what `pattern` (sticky) matches at `at`, 0 when nothing. */
function matchedLength(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0].length ?? 0;
}

/**
 * Where the base64 lines of a key cut before its END line end, starting at `from` (its BEGIN line's
 * end): after a line break or a space, and a blank line (OpenPGP's), any header lines, then lines
 * of base64 (`\/` counts as `/`, as PHP's json_encode escapes it), the first at least MIN_KEY_LINE
 * characters long, up to a shorter one, which is the last, or anything else; undefined when no such
 * first line follows. A key line holds a digit, `+` or `/` (a key's base64 does within a few
 * characters), ends in base64's `=` padding, or is a full line: a word that only base64's letters
 * spell (`expected -----BEGIN PRIVATE KEY----- InvalidKeySpecException at …`) is prose, not a key.
 * A line the text was cut right after is the key's whatever it holds: the cut may have come before
 * its first digit.
 */
function cutKeyEnd(text: string, from: number): number | undefined {
  let at = from + matchedLength(KEY_LINE_SEPARATOR, text, from);
  at += matchedLength(KEY_BLANK_LINE, text, at);
  for (let headers = 0; headers < MAX_KEY_HEADERS; headers++) {
    const header = matchedLength(KEY_HEADER_LINE, text, at);
    if (header === 0) break;
    at += header;
  }
  let lineEnd: number | undefined;
  for (;;) {
    const line = base64LineAt(text, at);
    if (line.characters < (lineEnd === undefined ? MIN_KEY_LINE : 1)) break;
    if (!line.keyLike && line.characters < FULL_KEY_LINE && !cutRightAfter(text, line.end)) break;
    lineEnd = line.end;
    const separator = matchedLength(KEY_LINE_SEPARATOR, text, lineEnd);
    if (line.characters < MIN_KEY_LINE || separator === 0) break;
    at = lineEnd + separator;
  }
  return lineEnd;
}

/** Whether the text ends at `at`, or was cut there: API Gateway's mark, or a cut sample's. */
function cutRightAfter(text: string, at: number): boolean {
  return at === text.length || text.startsWith(TRUNCATED_MARK, at) || text.startsWith(CUT_MARK, at);
}

const BASE64_CHARACTER = /[A-Za-z0-9+/=]/;
/** What a key's base64 holds within a few characters, and a word of prose does not: a digit, `+`, `/`. */
const KEY_CHARACTER = /[0-9+/]/;

/**
 * The base64 characters from `at` (`\/`, `\\/` counting as one `/`), where they end, and whether
 * they look like a key's (a KEY_CHARACTER, or `=` padding at their end).
 */
function base64LineAt(
  text: string,
  at: number,
): { readonly characters: number; readonly end: number; readonly keyLike: boolean } {
  let characters = 0;
  let keyLike = false;
  let i = at;
  for (;;) {
    const c = text[i];
    if (c === undefined) break;
    if (BASE64_CHARACTER.test(c)) {
      if (!keyLike && KEY_CHARACTER.test(c)) keyLike = true;
      i++;
    } else if (c === '\\') {
      let run = i;
      while (text[run] === '\\') run++;
      if (text[run] !== '/') break;
      keyLike = true;
      i = run + 1;
    } else break;
    characters++;
  }
  return { characters, end: i, keyLike: keyLike || (i > at && text[i - 1] === '=') };
}

/** Labelled and shaped secrets removed: private keys first, then objects and lists under a label, whole. */
function withoutSecrets(text: string): string {
  const bracketed = withoutBracketedSecrets(
    withoutCdataSecrets(withoutPrivateKeys(withoutPuttyKeys(withoutEncodedPrivateKeys(text)))),
  );
  const out = applied(withoutBracketedSecrets(bracketed, CAMEL_BRACKETED), RULES);

  return out.includes(QUERY_MAP) ? withoutQueryMapCredentials(out) : out;
}

/**
 * The query string as execution logs print it, a map (`Method request query string: {code=…, key=…}`):
 * the names the query rule reads as credentials (an OAuth `code`, a `key`, a `sig`), which as labels
 * anywhere else would name error codes and any map's keys. Each map is read once, up to its `}` or
 * its line's end.
 */
const QUERY_MAP = 'query string: {';
const QUERY_MAP_CREDENTIAL =
  /((?:^|, )(?:sig|signature|code|key|x-amz-credential|x-amz-signature)=)[^,}\n]+/gi;

function withoutQueryMapCredentials(text: string): string {
  let out = '';
  let copied = 0;
  for (let at = text.indexOf(QUERY_MAP); at >= 0; at = text.indexOf(QUERY_MAP, copied)) {
    const start = at + QUERY_MAP.length;
    let end = start;
    while (end < text.length && text[end] !== '}' && text[end] !== '\n') end++;
    out += text.slice(copied, start) + text.slice(start, end).replace(QUERY_MAP_CREDENTIAL, '$1[redacted]');
    copied = end;
  }
  return out + text.slice(copied);
}

/**
 * Gson, the JSON library of many Java functions, escapes `=`, `&` and `'` by default (HTML-safe:
 * `\u003d`, `\u0026`, `\u0027`; `\\u003d` in a string quoted again), so a function's
 * `password\u003d{…}` or `password\u003d\u0027…\u0027` holds a label, a sign and a quote that
 * every rule reads only as the characters themselves: they are read, and shown, so. .NET's
 * System.Text.Json escapes `"` so too (`\u0022`), and `+` (`\u002B`, inside base64 secrets), hiding JSON's labels in a JSON string
 * (`{\u0022password\u0022:\u0022…\u0022}`): a `"` is structural, so it is read as the escaped
 * quote at the depth its backslashes say (escapedQuote), never a bare one, which would end the
 * string around it. Only a run's first backslash starts one, so a long run of them is read once.
 */
// A JSON escape's `u` is lower-case, as the literal looked for first (`u00`); its hex digits are in any case.
const GSON_ESCAPE = /(?<!\\)(\\+)u00(3[dD]|2[267bB])/g;
const GSON_CHARACTERS: Readonly<Record<string, string>> = { '3d': '=', '26': '&', '27': "'", '2b': '+' };

function withGsonEscapesRead(text: string): string {
  if (!text.includes('u00')) return text;
  return text.replace(GSON_ESCAPE, (written, backslashes: string, code: string) =>
    code === '22' ? escapedQuote(backslashes.length) : (GSON_CHARACTERS[code.toLowerCase()] ?? written),
  );
}

/**
 * `\u0022` behind `count` backslashes, written as `\"` at the same depth. An odd run ends in the
 * escape's own backslash, the others escaping backslashes: the quote keeps them all (`\\\"` for
 * `\\\u0022`). An even run escapes only backslashes, so the escape is one of the text quoted once
 * less, behind half as many: its quote there, quoted once more (each backslash doubled, the quote
 * escaped by one more).
 */
function escapedQuote(count: number): string {
  let depth = 0;
  let run = count;
  while (run % 2 === 0) {
    run /= 2;
    depth++;
  }
  for (; depth > 0; depth--) run = 2 * run + 1;
  return `${'\\'.repeat(run)}"`;
}

function redactAll(text: string): string {
  try {
    const out = withoutSecrets(withoutBase64Secrets(withGsonEscapesRead(text)));
    return out.includes(ECHO_PHRASE) ? withoutEchoedAuthorization(out) : out;
  } catch (error) {
    // V8 keeps a backtrack entry per character of some patterns' loops: a value of several MiB on one
    // line (a pasted body, never an API Gateway line, which is cut at 1 KiB) can run out of stack.
    // Then nothing of the text is shown: a secret in it is never let through, and the run goes on.
    if (error instanceof RangeError) return TOO_LONG_TO_SCAN;
    throw error;
  }
}

/** What a text redaction could not scan (redactAll) is shown as. */
export const TOO_LONG_TO_SCAN = '[redacted: too long to scan]';

/**
 * A run of base64 long enough to hold a labelled secret (`password=…` is 12 bytes, 16 characters),
 * whole: none of its characters before it, so each run is read once. The standard alphabet, as API
 * Gateway encodes a body, or base64url's (`-`, `_`), as some clients do: a request id or a name
 * that is such a run decodes to no text, and stays.
 */
// `{16}` then `*`, not `{16,}`: V8 keeps a backtrack entry per character of a counted loop, and a
// run of a few MiB ran out of stack.
const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16}[A-Za-z0-9+/_-]*={0,2}(?![A-Za-z0-9+/_=-])/g;
/**
 * Characters of a run decoded at most: execution-log lines are cut at 1 KiB, so a request body in
 * one is far shorter; a longer run is read up to here, as if cut there.
 */
const MAX_BASE64_CHARS = 65536;
/** Decoded bytes that are no text: control characters but tab and line ends, or invalid UTF-8. */
const NOT_TEXT = /(?![\t\n\r])[\p{Cc}\ufffd]/u;
/**
 * A JWT's payload after its header's `.`: the JWT rules take it whole, with its header and
 * signature; replaced here, it would leave them a token they no longer find.
 */
const JWT_PAYLOAD = /^eyJ[A-Za-z0-9_-]{5}/;
/** API Gateway's mark after a line it cut at 1 KiB. */
const TRUNCATED_MARK = ' [TRUNCATED]';

/**
 * A request body the client sent base64, or that API Gateway passes on base64 (a binary media type:
 * the Lambda proxy event's `body` beside `"isBase64Encoded":true`), shows a password only decoded.
 * A run that decodes to text the rules would redact goes whole (`[redacted-base64]`): re-encoding
 * what they leave would show a body the caller never sent. A run decoding to no text (a hash, an id,
 * a path) or to text without a secret stays. Decoded runs are not decoded again. Only evidence,
 * trails and samples pay for it: lines that parse and succeed are never redacted.
 */
function withoutBase64Secrets(text: string): string {
  return text.replace(BASE64_RUN, (run: string, at: number) => {
    if (text[at - 1] === '.' && JWT_PAYLOAD.test(run)) return run;
    const long = run.length > MAX_BASE64_CHARS;
    const bytes = Buffer.from(long ? run.slice(0, MAX_BASE64_CHARS) : run, 'base64');
    const decoded = bytes.toString('utf8', 0, withoutCutCharacter(bytes));
    if (NOT_TEXT.test(decoded)) return run;
    // Cut with its line (API Gateway's mark, a sample's, the text's end): a value left open runs to the cut.
    const rest = text.slice(at + run.length, at + run.length + TRUNCATED_MARK.length);
    const cut = long || rest === '' || rest === TRUNCATED_MARK || rest.startsWith(CUT_MARK);
    // Gson's escapes read as characters, as in any text (withGsonEscapesRead), only to look.
    const probe = withGsonEscapesRead(cut ? `${decoded}${CUT_MARK}` : decoded);
    return withoutSecrets(probe) === probe ? run : '[redacted-base64]';
  });
}

/**
 * Where the bytes end short of a last character cut before its end: API Gateway cuts a line at 1 KiB
 * wherever it falls, inside a multi-byte character too, and 1 to 3 bytes of it are no text. Any
 * other byte that is none still makes the run no text.
 */
function withoutCutCharacter(bytes: Buffer): number {
  let lead = bytes.length - 1;
  while (lead > bytes.length - 4 && lead > 0 && ((bytes[lead] as number) & 0xc0) === 0x80) lead--;
  const first = bytes[lead];
  if (first === undefined || first < 0xc0) return bytes.length;
  const size = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : 2;
  return lead + size > bytes.length ? lead : bytes.length;
}

export function redact(text: string): string {
  if (text.length > MAX_REMEMBERED_CHARS) return redactAll(text);
  let out = REDACTED.get(text);
  if (out === undefined) {
    out = redactAll(text);
    if (REDACTED.size < MAX_REMEMBERED) REDACTED.set(text, out);
  }
  return out;
}

const REDACTED_ROUTES = new Map<string, string>();

/**
 * A route or path with the secrets a caller may have put in it removed: tokens, keys, signatures
 * and credentials in its query. Only by their shape: a path's own words (`/v1/token:exchange`,
 * `/users/password:reset`) are no header labels.
 */
export function redactRoute(route: string): string {
  let out = REDACTED_ROUTES.get(route);
  if (out === undefined) {
    out = withoutShapedSecrets(withoutEncodedPrivateKeys(route));
    // A URL percent-encoded into a query (a proxy's `?url=https%3A%2F%2Fuser%3Apass%40host`) may show a
    // secret only decoded: then the route is shown decoded, that secret gone too.
    const decoded = out.includes('%') ? decodedOrUndefined(out) : undefined;
    if (decoded !== undefined) {
      const redacted = withoutShapedSecrets(decoded);
      if (redacted !== decoded) out = redacted;
    }
    if (REDACTED_ROUTES.size < MAX_REMEMBERED && route.length <= MAX_REMEMBERED_CHARS)
      REDACTED_ROUTES.set(route, out);
  }
  return out;
}

function withoutShapedSecrets(text: string): string {
  return applied(text, SHAPED_RULES);
}

/** The text percent-decoded, or undefined when a `%` in it starts no escape. */
function decodedOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * Text cut before it could be redacted (the CLI's 200-character samples of unparsed lines): a secret
 * the cut went through may have lost what shows it (a URL's `@`, a JWT's payload, a key id's last
 * characters), and redacting what comes before it can bring it into view. It is redacted as a cut
 * line (a quoted value left open runs to its end), then the run the cut ended in, after a space,
 * quote or bracket, goes from where its last value starts (after `/ ? & = , ; : @`), or whole: a
 * sample of minified JSON keeps its keys, one of a long URL its path. Whole also when the run is
 * still in a URL's authority (a `://` and no `/` after it, or a `user:` and a password that is no
 * port): it may be user information cut before its `@`, whose user and password (`admin:S3cr=`,
 * `admin:S3/cr`) hold where a value starts. And whole after
 * `Bearer` or `Basic`: a token cut too short to be found (`abc/`).
 */
export function redactCut(text: string): string {
  // What the cut leaves out may be what made a value prose: the word after a count, a status or a
  // measure under a code's key (`userPin: 12 ab` cut to `userPin: 12 …`). Read again without it, that
  // value is a code, so the answer is cut again until it stays as it is (twice, most often).
  let out = cutOnce(text);
  for (let pass = 0; pass < MAX_CUT_PASSES; pass++) {
    const again = cutOnce(out);
    if (again === out) break;
    out = again;
  }
  return out;
}
/** How often a cut answer is read again at most: each pass only redacts more, and one is enough so far. */
const MAX_CUT_PASSES = 4;

/** One reading of a cut text (redactCut). */
function cutOnce(text: string): string {
  const marked = redact(text.endsWith(CUT_MARK) ? text : `${text}${CUT_MARK}`);
  const out = marked.endsWith(CUT_MARK) ? marked.slice(0, -CUT_MARK.length) : marked;
  // With nothing to leave out, a text its maker marked cut keeps the mark: this function's own answer
  // ends so (`key=…`), and read again it must stay as it is.
  const whole = text.endsWith(CUT_MARK) && marked.endsWith(CUT_MARK) ? marked : out;
  let start = out.length;
  while (start > 0 && !CUT_RUN_END.test(out[start - 1] as string)) start--;
  const scheme = out.lastIndexOf('://');
  if (
    start < out.length &&
    // A `://` the cut came right after holds no user information yet.
    ((scheme >= start &&
      scheme + 3 < out.length &&
      (out.indexOf('/', scheme + 3) < 0 || PASSWORD_BEFORE_AT.test(out.slice(scheme + 3)))) ||
      AUTH_SCHEME_BEFORE.test(out.slice(Math.max(0, start - 16), start)))
  )
    return `${out.slice(0, start)}${CUT_MARK}`;
  // Also when the cut fell right after a quote or a bracket: a password may hold them.
  const authority = authorityCutAt(out);
  if (authority !== undefined) return `${out.slice(0, authority)}${CUT_MARK}`;
  if (start === out.length) return whole;
  let value = out.length;
  while (value > start && !VALUE_START.test(out[value - 1] as string)) value--;
  return value === out.length ? whole : `${out.slice(0, value)}${CUT_MARK}`;
}

/**
 * Where the text should end when the token the cut ended in (up to white space) is a URL's user and
 * password with no `@` yet, read as the URL rule reads them: a user holding a `"` or a password
 * holding quotes or brackets (`mongodb://a"b:S3cr…`) has its run start after them, past the `://`.
 * Right after that `://` (the last one: a password holds none, as the URL rule reads it); undefined
 * when the token is none.
 */
function authorityCutAt(text: string): number | undefined {
  let token = text.length;
  while (token > 0 && !WHITE_SPACE.test(text[token - 1] as string)) token--;
  const separator = text.lastIndexOf('://');
  if (separator < token || !SCHEME_BEFORE.test(text.slice(Math.max(token, separator - 32), separator)))
    return undefined;
  return USER_AND_PASSWORD_CUT.test(text.slice(separator + 3)) ? separator + 3 : undefined;
}

const WHITE_SPACE = /\s/;
/** A URL's scheme right before its `://`. */
const SCHEME_BEFORE = /\b[a-z][a-z0-9+.-]{0,31}$/i;
/**
 * After a URL's `://`, up to the end: a user (as the URL rule allows it: a `,` or a `"`, not side by
 * side, no `"` before the `:`, so JSON's next key after a URL without a path is none), then a
 * password that is no port, with no `@`. Anchored at both ends, and the user holds no `:`, so it is
 * read once.
 */
const USER_AND_PASSWORD_CUT =
  /^(?:[^/?#\s@:"'\\,<>(){}[\]]|(?<!"),(?!")|(?<!,)"(?![,:])){0,256}:(?![0-9]{0,5}(?:[/?#]|$))[^\s@]*$/;

/** What a secret's characters cannot be: white space, quotes, brackets, a backslash. */
const CUT_RUN_END = /[\s"'`<>{}[\]\\|^]/;
/**
 * After a URL's `://`, a user and a password with no `@` yet: the colon is followed by no port (digits
 * then the path), so a `/` after it is the password's (`postgres://admin:S3/cr…` cut before its `@`).
 */
const PASSWORD_BEFORE_AT = /^[^/?#\s@:]*:(?![0-9]{0,5}(?:[/?#]|$))[^\s@]*$/;
/** An HTTP authentication scheme before the run: what follows it is a credential. */
const AUTH_SCHEME_BEFORE = /\b(?:bearer|basic)\s+$/i;
/** What a value in a URL, a query, a key=value list or user information starts after. */
const VALUE_START = /[/?&=,;:@]/;
