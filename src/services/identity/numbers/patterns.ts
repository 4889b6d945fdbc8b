/**
 * The digit-pattern rules of `NumberRules`. Each rule is one function answering "do the digits that end at position
 * `end` break it?" with the first position involved, or -1. Two drivers use them: `patternRules` lists the rules
 * that are on in a fixed order, so that the checker runs each over the whole number and names the first broken;
 * `breaksAnyRule` runs them all on the newest digit, so that the generator drops a candidate at its first bad digit.
 * (Direct calls there, not a loop over closures: V8 inlines them, and the generator is about twice as fast.)
 *
 * @module
 */
import type { NumberRules } from './rules.js';

/** The rules in the order `checkNumber` reports them; the first three concern the number as text. */
export const RULE_NAMES = [
  'digits',
  'length',
  'check-digit',
  'first-digit',
  'sequence',
  'repeated-digit',
  'repeated-block',
  'even-digits',
  'halves',
  'restricted-number',
  'cyclic-number',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];
export type PatternRuleName = Exclude<RuleName, 'digits' | 'length' | 'check-digit'>;

/** A rule that is on, for the checker. */
export interface PatternRule {
  readonly name: PatternRuleName;
  /** The first position of digits ending at `end` (0-based) that break the rule, or -1. */
  readonly breaksAt: (digits: Uint8Array, end: number) => number;
  /** Plain English for a break `breaksAt` found in `id`, with digit positions counted from 1. */
  readonly describe: (id: string, start: number, end: number) => string;
}

/** `NumberRules` with its digit strings as digit arrays, for the generator. */
export interface CompiledRules {
  readonly notStartWith: readonly Uint8Array[];
  readonly sequenceLimit: number;
  readonly repeatingLimit: number;
  readonly repeatingBlockLimit: number;
  readonly conjugativeEvenDigitsLimit: number;
  /** Digits in each half compared by the halves rule; 0 when the rule is off. */
  readonly half: number;
  readonly restrictedNumbers: readonly Uint8Array[];
  readonly cyclicNumbers: readonly Uint8Array[];
}

const compiledRules = new WeakMap<NumberRules, CompiledRules>();
const ruleLists = new WeakMap<NumberRules, readonly PatternRule[]>();

export function compileRules(rules: NumberRules): CompiledRules {
  let compiled = compiledRules.get(rules);
  if (!compiled) {
    compiled = Object.freeze({
      notStartWith: rules.notStartWith.map(toDigits),
      sequenceLimit: rules.sequenceLimit,
      repeatingLimit: rules.repeatingLimit,
      repeatingBlockLimit: rules.repeatingBlockLimit,
      conjugativeEvenDigitsLimit: rules.conjugativeEvenDigitsLimit,
      half: rules.distinctHalves ? Math.floor(rules.length / 2) : 0,
      restrictedNumbers: rules.restrictedNumbers.map(toDigits),
      cyclicNumbers: rules.cyclicNumbers.map(toDigits),
    });
    compiledRules.set(rules, compiled);
  }
  return compiled;
}

/** Whether the digits ending at `end` break any rule: the generator's test of each new digit. */
export function breaksAnyRule(rules: CompiledRules, digits: Uint8Array, end: number): boolean {
  return (
    // Most candidates fail on a repeated digit, then on the first digit: those go first.
    (rules.repeatingLimit > 0 && repeatedDigitAt(digits, end, rules.repeatingLimit) >= 0) ||
    prefixAt(digits, end, rules.notStartWith) >= 0 ||
    (rules.sequenceLimit > 0 && sequenceAt(digits, end, rules.sequenceLimit) >= 0) ||
    (rules.repeatingBlockLimit > 0 && repeatedBlockAt(digits, end, rules.repeatingBlockLimit) >= 0) ||
    (rules.conjugativeEvenDigitsLimit > 0 && evenDigitsAt(digits, end, rules.conjugativeEvenDigitsLimit) >= 0) ||
    (rules.half > 0 && halvesAt(digits, end, rules.half) >= 0) ||
    containedAt(digits, end, rules.restrictedNumbers) >= 0 ||
    containedAt(digits, end, rules.cyclicNumbers) >= 0
  );
}

/** The rules that are on (a limit of 0 or an empty list is off), in `RULE_NAMES` order. */
export function patternRules(rules: NumberRules): readonly PatternRule[] {
  let list = ruleLists.get(rules);
  if (list) return list;
  const compiled = compileRules(rules);
  const {
    notStartWith,
    sequenceLimit,
    repeatingLimit,
    repeatingBlockLimit,
    conjugativeEvenDigitsLimit,
    half,
    restrictedNumbers,
    cyclicNumbers,
  } = compiled;
  const all: (PatternRule | false)[] = [
    notStartWith.length > 0 && {
      name: 'first-digit',
      breaksAt: (digits, end) => prefixAt(digits, end, notStartWith),
      describe: (id, _start, end) =>
        `starts with ${id.slice(0, end + 1)}; a number may not start with ${rules.notStartWith.join(' or ')}`,
    },
    sequenceLimit > 0 && {
      name: 'sequence',
      breaksAt: (digits, end) => sequenceAt(digits, end, sequenceLimit),
      describe: (id, start, end) => {
        const run = id.slice(start, end + 1);
        const ascending = (Number(run[1]) - Number(run[0]) + 10) % 10 === 1;
        const wraps = ascending ? run.includes('90') : run.includes('09');
        return (
          `${span(start, end)} (${run}) are ${ascending ? 'an ascending' : 'a descending'} run of ${sequenceLimit}` +
          (wraps ? (ascending ? ', 0 following 9' : ', 9 following 0') : '')
        );
      },
    },
    repeatingLimit > 0 && {
      name: 'repeated-digit',
      breaksAt: (digits, end) => repeatedDigitAt(digits, end, repeatingLimit),
      describe: (_id, start, end) => `digit ${end + 1} repeats digit ${start + 1} within ${repeatingLimit} positions`,
    },
    repeatingBlockLimit > 0 && {
      name: 'repeated-block',
      breaksAt: (digits, end) => repeatedBlockAt(digits, end, repeatingBlockLimit),
      describe: (id, start, end) =>
        `${span(end - repeatingBlockLimit + 1, end)} repeat ${span(start, start + repeatingBlockLimit - 1)} ` +
        `(${id.slice(start, start + repeatingBlockLimit)})`,
    },
    conjugativeEvenDigitsLimit > 0 && {
      name: 'even-digits',
      breaksAt: (digits, end) => evenDigitsAt(digits, end, conjugativeEvenDigitsLimit),
      describe: (id, start, end) =>
        `${span(start, end)} (${id.slice(start, end + 1)}) are ${conjugativeEvenDigitsLimit} of 2, 4, 6, 8 in a row`,
    },
    half > 0 && {
      name: 'halves',
      breaksAt: (digits, end) => halvesAt(digits, end, half),
      describe: (id) => {
        const first = id.slice(0, half);
        const last = id.slice(id.length - half);
        return first === last
          ? `the last ${half} digits repeat the first ${half} (${first})`
          : `the last ${half} digits (${last}) are the first ${half} (${first}) reversed`;
      },
    },
    restrictedNumbers.length > 0 && {
      name: 'restricted-number',
      breaksAt: (digits, end) => containedAt(digits, end, restrictedNumbers),
      describe: (id, start, end) => `contains the restricted number ${id.slice(start, end + 1)} at ${span(start, end)}`,
    },
    cyclicNumbers.length > 0 && {
      name: 'cyclic-number',
      breaksAt: (digits, end) => containedAt(digits, end, cyclicNumbers),
      describe: (id, start, end) => `contains the cyclic number ${id.slice(start, end + 1)} at ${span(start, end)}`,
    },
  ];
  list = Object.freeze(all.filter((rule) => rule !== false));
  ruleLists.set(rules, list);
  return list;
}

/** A prefix of `prefixes` that ends at `end`: 0, or -1. */
function prefixAt(digits: Uint8Array, end: number, prefixes: readonly Uint8Array[]): number {
  for (const prefix of prefixes) if (prefix.length === end + 1 && sameDigits(digits, 0, prefix, 0, end + 1)) return 0;
  return -1;
}

/** `limit` digits in a row each one more (or each one less) than the one before, modulo 10: 123, 901, 109, 210. */
function sequenceAt(digits: Uint8Array, end: number, limit: number): number {
  if (end < limit - 1) return -1;
  let ascending = true;
  let descending = true;
  for (let index = end - limit + 2; index <= end; index += 1) {
    const step = (digits[index]! - digits[index - 1]! + 10) % 10;
    ascending &&= step === 1;
    descending &&= step === 9;
  }
  return ascending || descending ? end - limit + 1 : -1;
}

/** The same digit again within `limit` positions: with 2, `11` and `1x1` (MOSIP's `(\d)\d{0,limit-1}\1`). */
function repeatedDigitAt(digits: Uint8Array, end: number, limit: number): number {
  for (let back = 1; back <= limit && back <= end; back += 1) if (digits[end - back] === digits[end]) return end - back;
  return -1;
}

/**
 * The last `limit` digits appeared before, not overlapping them: with 2, `48xx48` or `4848`. A longer repeated block
 * holds a repeated block of `limit` digits, so this is MOSIP's `(\d{limit,}).*?\1`.
 */
function repeatedBlockAt(digits: Uint8Array, end: number, limit: number): number {
  const block = end - limit + 1;
  for (let earlier = 0; earlier <= block - limit; earlier += 1) {
    if (sameDigits(digits, earlier, digits, block, limit)) return earlier;
  }
  return -1;
}

/** `limit` digits in a row from 2, 4, 6, 8 (MOSIP's `[2468]{limit}`: 0 does not count). */
function evenDigitsAt(digits: Uint8Array, end: number, limit: number): number {
  if (end < limit - 1) return -1;
  for (let index = end - limit + 1; index <= end; index += 1) {
    const digit = digits[index]!;
    if (digit === 0 || digit % 2 === 1) return -1;
  }
  return end - limit + 1;
}

/** At the last digit: the first `half` digits equal to the last ones, or to the last ones reversed. */
function halvesAt(digits: Uint8Array, end: number, half: number): number {
  const length = digits.length;
  if (end !== length - 1) return -1;
  let same = true;
  let mirrored = true;
  for (let index = 0; index < half; index += 1) {
    same &&= digits[index] === digits[length - half + index];
    mirrored &&= digits[index] === digits[length - 1 - index];
  }
  return same || mirrored ? 0 : -1;
}

/** One of `numbers` ending at `end`. */
function containedAt(digits: Uint8Array, end: number, numbers: readonly Uint8Array[]): number {
  for (const number of numbers) {
    const start = end - number.length + 1;
    if (start >= 0 && sameDigits(digits, start, number, 0, number.length)) return start;
  }
  return -1;
}

/** "digit 4" or "digits 4-6", from 0-based positions. */
function span(start: number, end: number): string {
  return start === end ? `digit ${start + 1}` : `digits ${start + 1}-${end + 1}`;
}

function toDigits(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0) - 48);
}

/** Equal digits at `a[aStart..aStart+length)` and `b[bStart..bStart+length)`. */
function sameDigits(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  for (let offset = 0; offset < length; offset += 1) if (a[aStart + offset] !== b[bStart + offset]) return false;
  return true;
}
