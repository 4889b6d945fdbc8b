/**
 * Checking a UIN or VID someone gives us: which rule it breaks first, in words an operator can act on.
 *
 * @module
 */
import { patternRules, type RuleName } from './patterns.js';
import { UIN_RULES, VID_RULES, type NumberRules } from './rules.js';
import { verhoeffCheckDigit } from './verhoeff.js';

export type NumberCheck =
  { readonly valid: true } | { readonly valid: false; readonly rule: RuleName; readonly detail: string };

const VALID: NumberCheck = Object.freeze({ valid: true });

/**
 * Whether `id` follows `rules`, or the first rule it breaks in the order of `RULE_NAMES`: non-digits, then length,
 * then the check digit, then the digit patterns. Positions in `detail` count from 1.
 *
 * @example checkNumber('2345', rules) // { valid: false, rule: 'length', detail: 'has 4 digits, needs 10' }
 */
export function checkNumber(id: string, rules: NumberRules): NumberCheck {
  const nonDigit = id.search(/\D/);
  if (nonDigit >= 0) {
    return broken('digits', `contains a non-digit: ${JSON.stringify(id[nonDigit])} at position ${nonDigit + 1}`);
  }
  if (id.length !== rules.length) return broken('length', `has ${id.length} digits, needs ${rules.length}`);
  const expected = verhoeffCheckDigit(id.slice(0, -1));
  const given = Number(id.at(-1));
  if (given !== expected) return broken('check-digit', `check digit should be ${expected}, not ${given}`);
  const digits = Uint8Array.from(id, (char) => char.charCodeAt(0) - 48);
  for (const rule of patternRules(rules)) {
    for (let end = 0; end < digits.length; end += 1) {
      const start = rule.breaksAt(digits, end);
      if (start >= 0) return broken(rule.name, rule.describe(id, start, end));
    }
  }
  return VALID;
}

/**
 * Checks a UIN: 10 digits by default, the last a Verhoeff check digit, and every MOSIP UIN rule.
 *
 * @example checkUin('2345678901') // { valid: false, rule: 'check-digit', detail: 'check digit should be 6, not 1' }
 */
export function checkUin(id: string, rules: NumberRules = UIN_RULES): NumberCheck {
  return checkNumber(id, rules);
}

/** Checks a VID: 16 digits by default, the last a Verhoeff check digit, and MOSIP's VID rules. */
export function checkVid(id: string, rules: NumberRules = VID_RULES): NumberCheck {
  return checkNumber(id, rules);
}

function broken(rule: RuleName, detail: string): NumberCheck {
  return { valid: false, rule, detail };
}
