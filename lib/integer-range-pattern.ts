/**
 * A regular expression that accepts exactly the whole numbers from `min` to `max`, written without
 * leading zeros. CloudFormation can only constrain a String parameter by pattern, and a Number
 * parameter accepts fractions (`2.5`) that the function would refuse at cold start, after the deploy
 * had reported success.
 */
export function integerRangePattern(min: number, max: number): string {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || min > max) {
    throw new RangeError(`integerRangePattern(${min}, ${max}): need whole numbers 0 ≤ min ≤ max`);
  }
  const alternatives: string[] = [];
  // One run of alternatives per number of digits, so no alternative needs a leading zero.
  for (let digits = String(min).length; digits <= String(max).length; digits++) {
    const low = Math.max(min, digits === 1 ? 0 : 10 ** (digits - 1));
    const high = Math.min(max, 10 ** digits - 1);
    alternatives.push(...sameLength(String(low), String(high)));
  }
  return `^(?:${alternatives.join('|')})$`;
}

/** Alternatives matching every number from `low` to `high`, both written with the same number of digits. */
function sameLength(low: string, high: string): string[] {
  if (low === high) return [low];
  const [first = '', rest = ''] = [low.slice(0, 1), low.slice(1)];
  const [last = '', highRest = ''] = [high.slice(0, 1), high.slice(1)];
  if (first === last) return sameLength(rest, highRest).map((tail) => `${first}${tail}`);
  const alternatives: string[] = [];
  let from = Number(first);
  let to = Number(last);
  // The partial blocks at either end, then whole blocks of any digits in between.
  if (/[^0]/.test(rest)) {
    alternatives.push(...sameLength(rest, '9'.repeat(rest.length)).map((tail) => `${first}${tail}`));
    from += 1;
  }
  const upper = /[^9]/.test(highRest)
    ? sameLength('0'.repeat(highRest.length), highRest).map((tail) => `${last}${tail}`)
    : [];
  if (upper.length > 0) to -= 1;
  if (from <= to) {
    const lead = from === to ? String(from) : `[${from}-${to}]`;
    alternatives.push(`${lead}${anyDigits(rest.length)}`);
  }
  alternatives.push(...upper);
  return alternatives;
}

function anyDigits(count: number): string {
  return count === 0 ? '' : count === 1 ? '[0-9]' : `[0-9]{${count}}`;
}
