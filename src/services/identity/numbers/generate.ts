/**
 * Making UINs and VIDs: random digits from a cryptographic source, the Verhoeff check digit appended, kept only when
 * every rule passes (MOSIP's generator does the same). A candidate is dropped at its first digit that breaks a rule
 * and the next one starts from nothing, which is the same as drawing whole candidates and filtering them, so every
 * valid number is equally likely and none follows from another.
 *
 * @module
 */
import { randomFillSync, randomInt } from 'node:crypto';
import { breaksAnyRule, compileRules, type CompiledRules } from './patterns.js';
import { UIN_RULES, VID_RULES, type NumberRules } from './rules.js';
import { verhoeffDigitOf } from './verhoeff.js';

/** A uniformly random integer in [0, max). */
export type RandomInt = (max: number) => number;

/** `crypto.randomInt`, one call per digit (Node draws its bytes from the system CSPRNG, a few KiB at a time). */
export const cryptoRandomInt: RandomInt = (max) => randomInt(max);

/** Candidates tried before concluding that the rules let (almost) nothing through. */
const MAX_CANDIDATES = 10_000_000;
/** Duplicates in a row before concluding that the rules allow too few numbers for the count asked. */
const MAX_DUPLICATES_IN_A_ROW = 10_000;

/**
 * A faster `RandomInt` for `max` ≤ 256, from the same CSPRNG: it fills `bufferBytes` random bytes at a time
 * (`crypto.randomFillSync`) and takes one byte per draw, dropping bytes ≥ the largest multiple of `max` so that
 * every result is equally likely. UINs come about 1.8 times as fast as with `cryptoRandomInt` (bench/uin.ts).
 */
export function bufferedRandomInt(bufferBytes = 65_536): RandomInt {
  const buffer = new Uint8Array(bufferBytes);
  let next = bufferBytes;
  return (max) => {
    if (!(max >= 1 && max <= 256)) throw new RangeError(`bufferedRandomInt draws below 1..256, not ${max}`);
    const limit = 256 - (256 % max);
    for (;;) {
      if (next === bufferBytes) {
        randomFillSync(buffer);
        next = 0;
      }
      const byte = buffer[next++]!;
      if (byte < limit) return byte % max;
    }
  };
}

/**
 * One number that follows `rules`.
 *
 * @throws Error when no candidate of 10 million passes (rules too strict for the length)
 */
export function generateNumber(rules: NumberRules, random: RandomInt = cryptoRandomInt): string {
  const compiled = compileRules(rules);
  const digits = new Uint8Array(rules.length);
  for (let candidate = 0; candidate < MAX_CANDIDATES; candidate += 1) {
    if (drawCandidate(digits, compiled, random)) return toText(digits);
  }
  throw new Error(
    `no ${rules.length}-digit number passed the rules in ${MAX_CANDIDATES.toLocaleString('en')} tries; loosen the identity.* limits`,
  );
}

/**
 * A new UIN, from `crypto.randomInt`. It is not issued: the identity service's pool makes it unique for ever.
 *
 * @example generateUin() // '5918043672' (random)
 */
export function generateUin(rules: NumberRules = UIN_RULES, random: RandomInt = cryptoRandomInt): string {
  return generateNumber(rules, random);
}

/** A new VID (16 digits by default), from `crypto.randomInt`. */
export function generateVid(rules: NumberRules = VID_RULES, random: RandomInt = cryptoRandomInt): string {
  return generateNumber(rules, random);
}

/**
 * `count` different numbers that follow `rules`, one at a time, so that a caller can stream them. By default from
 * `bufferedRandomInt`, the faster source for batches.
 *
 * @throws Error when the rules allow too few numbers for `count`
 */
export function* uniqueNumbers(
  count: number,
  rules: NumberRules,
  random: RandomInt = bufferedRandomInt(),
): Generator<string, void, undefined> {
  const seen = new Set<string>();
  let duplicatesInARow = 0;
  while (seen.size < count) {
    const id = generateNumber(rules, random);
    if (seen.has(id)) {
      duplicatesInARow += 1;
      if (duplicatesInARow >= MAX_DUPLICATES_IN_A_ROW) {
        throw new Error(`the rules allow too few ${rules.length}-digit numbers for ${count} different ones`);
      }
      continue;
    }
    duplicatesInARow = 0;
    seen.add(id);
    yield id;
  }
}

/**
 * `count` different UINs for the pool.
 *
 * @example generateUins(10_000) // 10,000 distinct valid UINs
 */
export function generateUins(
  count: number,
  rules: NumberRules = UIN_RULES,
  random: RandomInt = bufferedRandomInt(),
): string[] {
  return Array.from(uniqueNumbers(count, rules, random));
}

/** Draws digits into `digits`, the last one the check digit; false at the first digit that breaks a rule. */
function drawCandidate(digits: Uint8Array, rules: CompiledRules, random: RandomInt): boolean {
  const last = digits.length - 1;
  for (let end = 0; end <= last; end += 1) {
    digits[end] = end < last ? random(10) : verhoeffDigitOf(digits, last);
    if (breaksAnyRule(rules, digits, end)) return false;
  }
  return true;
}

const DIGIT_TEXT = '0123456789';

function toText(digits: Uint8Array): string {
  let text = '';
  for (const digit of digits) text += DIGIT_TEXT[digit];
  return text;
}
