import { CAUSE_IDS, type Cause, isCause } from './taxonomy';

/** Per-cause threshold overrides, e.g. `limit.backend=1,auth.integration-permission=1`. */
export type CauseThresholds = Readonly<Partial<Record<Cause, number>>>;

/**
 * The CloudFormation AllowedPattern for the `CauseThresholds` parameter: empty, or a comma-separated
 * list of `cause=N` with known cause ids. Built from the taxonomy so the two can never drift.
 */
const CAUSE_ALTERNATION = CAUSE_IDS.map((c) => c.replace(/[.-]/g, (m) => `\\${m}`)).join('|');
export const CAUSE_THRESHOLDS_PATTERN = `^$|^(${CAUSE_ALTERNATION})=[1-9][0-9]{0,6}(,(${CAUSE_ALTERNATION})=[1-9][0-9]{0,6})*$`;

export class CauseThresholdsError extends Error {
  override readonly name = 'CauseThresholdsError';
}

/** Parses `cause=N,…`; throws a CauseThresholdsError that names the bad entry and the fix. */
export function parseCauseThresholds(text: string): CauseThresholds {
  const result: Partial<Record<Cause, number>> = {};
  const trimmed = text.trim();
  if (trimmed === '') return result;
  for (const entry of trimmed.split(',')) {
    const [rawCause = '', rawValue, ...rest] = entry.split('=');
    const cause = rawCause.trim();
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
    const value = Number(rawValue.trim());
    if (!Number.isInteger(value) || value < 1) {
      throw new CauseThresholdsError(
        `CauseThresholds value for ${cause} is "${rawValue}"; it must be a whole number of at least 1`,
      );
    }
    if (Object.hasOwn(result, cause)) {
      throw new CauseThresholdsError(`CauseThresholds names ${cause} twice; keep one entry`);
    }
    result[cause] = value;
  }
  return result;
}
