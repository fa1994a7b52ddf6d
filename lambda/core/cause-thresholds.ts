import { CAUSE_IDS, type Cause, isCause } from './taxonomy';

/** Per-cause threshold overrides, e.g. `limit.backend=1,auth.integration-permission=1`. */
export type CauseThresholds = Readonly<Partial<Record<Cause, number>>>;

/**
 * The CloudFormation AllowedPattern for the `CauseThresholds` parameter: empty, or a comma-separated
 * list of `cause=N` with known cause ids. Built from the taxonomy so the two can never drift.
 */
const CAUSE_ALTERNATION = CAUSE_IDS.map((c) => c.replace(/[.-]/g, (m) => `\\${m}`)).join('|');
/** N: a whole number from 1 to 9,999,999, digits only (no sign, fraction, exponent or leading zero). */
const THRESHOLD_DIGITS = '[1-9][0-9]{0,6}';
/**
 * Refuses a cause named twice, which the function would refuse at every cold start: an entry's cause
 * (from the start or a comma, past spaces, up to its `=`) found again as a later entry's whole cause.
 * Anchored on entry starts, not `\b`: cause ids hold `-` and `.`, and `limit.backend` ends
 * `bad-request.backend`. CloudFormation reads AllowedPattern as Java regex, which has lookahead and
 * backreferences as JavaScript does; this lookahead's group is group 1.
 */
const NO_CAUSE_TWICE = '(?!.*(?:^|,) *([^ ,=]+)=.*, *\\1=)';
/** Spaces may stand around the commas and at the ends (`limit.backend=5, auth.denied=3`), not inside an entry. */
export const CAUSE_THRESHOLDS_PATTERN = `^ *$|^${NO_CAUSE_TWICE} *(${CAUSE_ALTERNATION})=${THRESHOLD_DIGITS}( *, *(${CAUSE_ALTERNATION})=${THRESHOLD_DIGITS})* *$`;
const EDGE_SPACES = /^ +| +$/g;
const THRESHOLD = new RegExp(`^${THRESHOLD_DIGITS}$`);

export class CauseThresholdsError extends Error {
  override readonly name = 'CauseThresholdsError';
}

/** Parses `cause=N,…`; throws a CauseThresholdsError that names the bad entry and the fix. */
export function parseCauseThresholds(text: string): CauseThresholds {
  const result: Partial<Record<Cause, number>> = {};
  const trimmed = text.replace(EDGE_SPACES, '');
  if (trimmed === '') return result;
  for (const entry of trimmed.split(',')) {
    const [cause = '', rawValue, ...rest] = entry.replace(EDGE_SPACES, '').split('=');
    if (rawValue === undefined || rest.length > 0) {
      throw new CauseThresholdsError(
        `CauseThresholds entry "${entry}" is not of the form cause=N (for example limit.backend=1)`,
      );
    }
    if (!isCause(cause)) {
      throw new CauseThresholdsError(
        `CauseThresholds names unknown cause "${cause}"; use one of: ${CAUSE_IDS.join(', ')}`,
      );
    }
    // N exactly as the stack parameter's pattern takes it, so the construct and the function accept
    // what a deploy would (Number() would also take 1e3, 0x10, 5.0 and 99999999).
    if (!THRESHOLD.test(rawValue)) {
      throw new CauseThresholdsError(
        `CauseThresholds value for ${cause} is "${rawValue}"; it must be a whole number from 1 to 9999999, in digits only`,
      );
    }
    const value = Number(rawValue);
    if (Object.hasOwn(result, cause)) {
      throw new CauseThresholdsError(`CauseThresholds names ${cause} twice; keep one entry`);
    }
    result[cause] = value;
  }
  return result;
}
