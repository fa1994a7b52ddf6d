/** What a classification rule is and what it returns: the shape every entry of RULES has. */
import type { Facts } from '../facts';
import type { Cause } from '../taxonomy';
import type { Confidence } from '../types';

export interface RuleMatch {
  readonly cause: Cause;
  readonly confidence: Confidence;
  readonly evidence: readonly string[];
}

export interface Rule {
  readonly name: string;
  /** Every cause the rule can return, so callers can run only the rules that can give an answer they need. */
  readonly causes: readonly Cause[];
  readonly match: (facts: Facts) => RuleMatch | undefined;
  /** The phrase a phrase rule looks for, exposed so tests can check it against any trail. */
  readonly pattern?: RegExp;
}
