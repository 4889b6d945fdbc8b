import { beforeAll, describe, expect, it } from 'vitest';
import { checkNumber, checkUin, checkVid } from './check.js';
import { countValidNumbers } from './count.js';
import {
  bufferedRandomInt,
  generateNumber,
  generateUin,
  generateUins,
  generateVid,
  type RandomInt,
} from './generate.js';
import { breaksAnyRule, compileRules } from './patterns.js';
import { UIN_RULES, VID_RULES, type NumberRules } from './rules.js';
import { verhoeffCheckDigit } from './verhoeff.js';

/** A reproducible RandomInt (mulberry32), for tests that must not depend on luck. */
function seededRandom(seed: number): RandomInt {
  let state = seed >>> 0;
  return (max) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * max);
  };
}

/** What the generator's digit-by-digit test says of a whole number. */
function generatorAccepts(id: string, rules: NumberRules): boolean {
  const compiled = compileRules(rules);
  const digits = Uint8Array.from(id, (char) => char.charCodeAt(0) - 48);
  for (let end = 0; end < digits.length; end += 1) if (breaksAnyRule(compiled, digits, end)) return false;
  return true;
}

const VARIANTS: Record<string, NumberRules> = {
  'UIN defaults': UIN_RULES,
  'VID defaults': VID_RULES,
  'UIN of 12 digits, loose limits': {
    ...UIN_RULES,
    length: 12,
    sequenceLimit: 4,
    repeatingLimit: 1,
    repeatingBlockLimit: 3,
    conjugativeEvenDigitsLimit: 4,
    restrictedNumbers: ['13', '4711'],
  },
  'UIN of 11 digits, strict limits': {
    ...UIN_RULES,
    length: 11,
    sequenceLimit: 2,
    repeatingLimit: 3,
    conjugativeEvenDigitsLimit: 2,
    notStartWith: ['0', '1', '92'],
  },
};

describe('generateUins', () => {
  let uins: string[] = [];
  beforeAll(() => {
    uins = generateUins(100_000);
  });

  it('never makes a number that fails checkUin, in 100,000', () => {
    const failures = uins.map((uin) => ({ uin, result: checkUin(uin) })).filter(({ result }) => !result.valid);
    expect(failures.slice(0, 5)).toEqual([]);
    expect(uins.every((uin) => /^\d{10}$/.test(uin))).toBe(true);
  });

  it('makes different numbers', () => {
    expect(new Set(uins).size).toBe(uins.length);
  });

  it('never starts with 0 or 1, and every other first digit and every check digit appears', () => {
    const first = new Map<string, number>();
    const last = new Map<string, number>();
    for (const uin of uins) {
      first.set(uin[0]!, (first.get(uin[0]!) ?? 0) + 1);
      last.set(uin.at(-1)!, (last.get(uin.at(-1)!) ?? 0) + 1);
    }
    expect([...first.keys()].sort()).toEqual(['2', '3', '4', '5', '6', '7', '8', '9']);
    // The rules favour no first digit much: each has 12.5% ± 2.5% of the numbers.
    for (const count of first.values()) expect(Math.abs(count / uins.length - 0.125)).toBeLessThan(0.025);
    expect([...last.keys()].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('uses every digit in every other position', () => {
    for (let position = 1; position < 10; position += 1) {
      expect(new Set(uins.map((uin) => uin[position])).size, `position ${position + 1}`).toBe(10);
    }
  });
});

describe('generateUin and generateVid', () => {
  it('make valid numbers from crypto.randomInt', () => {
    for (let index = 0; index < 2000; index += 1) {
      const uin = generateUin();
      expect(checkUin(uin), uin).toEqual({ valid: true });
      const vid = generateVid();
      expect(vid).toHaveLength(16);
      expect(checkVid(vid), vid).toEqual({ valid: true });
    }
  });

  it('follow the rules they are given', () => {
    for (const [name, rules] of Object.entries(VARIANTS)) {
      const random = seededRandom(name.length);
      const ids = Array.from({ length: 2000 }, () => generateNumber(rules, random));
      expect(ids.filter((id) => !checkNumber(id, rules).valid).slice(0, 5), name).toEqual([]);
      expect(ids.every((id) => id.length === rules.length)).toBe(true);
    }
  });

  it('depend on nothing but the random source', () => {
    expect(generateUins(50, UIN_RULES, seededRandom(42))).toEqual(generateUins(50, UIN_RULES, seededRandom(42)));
    expect(generateUins(50, UIN_RULES, seededRandom(42))).not.toEqual(generateUins(50, UIN_RULES, seededRandom(43)));
  });

  it('say so when the rules let no number through', () => {
    const none: NumberRules = { ...UIN_RULES, notStartWith: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] };
    expect(() => generateNumber(none, bufferedRandomInt())).toThrow(/no 10-digit number passed the rules/);
  });

  it('say so when the rules allow too few numbers for the count asked', () => {
    const tiny: NumberRules = { ...UIN_RULES, length: 4 };
    expect(() => generateUins(100_000, tiny)).toThrow(/too few 4-digit numbers for 100000 different ones/);
  });
});

describe('the generator and the checker', () => {
  it('agree on 100,000 random candidates under each set of rules', () => {
    for (const [name, rules] of Object.entries(VARIANTS)) {
      const random = seededRandom(7);
      const disagreements: string[] = [];
      let accepted = 0;
      for (let sample = 0; sample < 100_000; sample += 1) {
        const digits = Array.from({ length: rules.length - 1 }, () => random(10)).join('');
        const id = `${digits}${verhoeffCheckDigit(digits)}`;
        const valid = checkNumber(id, rules).valid;
        if (generatorAccepts(id, rules) !== valid) disagreements.push(id);
        if (valid) accepted += 1;
      }
      expect(disagreements.slice(0, 5), name).toEqual([]);
      expect(accepted, name).toBeGreaterThan(0);
    }
  });

  it('agree on every number of 6 and 7 digits: the exact count equals a check of each candidate', () => {
    for (const rules of [
      { ...UIN_RULES, length: 6 },
      { ...VID_RULES, length: 6 },
      { ...UIN_RULES, length: 7, restrictedNumbers: ['42'], repeatingLimit: 1 },
    ]) {
      let checked = 0;
      const prefixes = 10 ** (rules.length - 1);
      for (let prefix = 0; prefix < prefixes; prefix += 1) {
        const digits = String(prefix).padStart(rules.length - 1, '0');
        if (checkNumber(`${digits}${verhoeffCheckDigit(digits)}`, rules).valid) checked += 1;
      }
      expect(countValidNumbers(rules)).toBe(checked);
      expect(checked).toBeGreaterThan(0);
    }
  });
});

describe('bufferedRandomInt', () => {
  it('draws every value below max about equally often', () => {
    for (const max of [10, 7, 256]) {
      const random = bufferedRandomInt(1024);
      const counts = new Array<number>(max).fill(0);
      const draws = max * 2000;
      for (let index = 0; index < draws; index += 1) counts[random(max)]! += 1;
      // Chi-squared with max - 1 degrees of freedom stays well below 2 × (max - 1) + 60 unless it is biased.
      const chiSquared = counts.reduce((sum, count) => sum + (count - 2000) ** 2 / 2000, 0);
      expect(chiSquared, `max ${max}`).toBeLessThan(2 * (max - 1) + 60);
    }
  });

  it('refuses a range it cannot draw from one byte', () => {
    const random = bufferedRandomInt();
    expect(() => random(0)).toThrow(RangeError);
    expect(() => random(257)).toThrow(RangeError);
  });
});
