/**
 * How many numbers the rules allow, counted exactly: every prefix that breaks no rule is extended by each digit, and
 * each full-length-but-one prefix by its check digit. The rules cut the tree early, so the 10-digit UIN space (10⁹
 * candidates) takes seconds, not the hours a loop over every candidate would.
 *
 * @module
 */
import { breaksAnyRule, compileRules } from './patterns.js';
import type { NumberRules } from './rules.js';
import { verhoeffDigitOf } from './verhoeff.js';

/**
 * The count of numbers that pass `rules`: the size of the space the generator draws from.
 *
 * @example countValidNumbers(UIN_RULES) // 58,106,898 of the 10⁹ possible 10-digit UINs
 */
export function countValidNumbers(rules: NumberRules): number {
  const compiled = compileRules(rules);
  const digits = new Uint8Array(rules.length);
  const last = rules.length - 1;
  const visit = (end: number): number => {
    if (end === last) {
      digits[end] = verhoeffDigitOf(digits, last);
      return breaksAnyRule(compiled, digits, end) ? 0 : 1;
    }
    let count = 0;
    for (let digit = 0; digit < 10; digit += 1) {
      digits[end] = digit;
      if (!breaksAnyRule(compiled, digits, end)) count += visit(end + 1);
    }
    return count;
  };
  return visit(0);
}
