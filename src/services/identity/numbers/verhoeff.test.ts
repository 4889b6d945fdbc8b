import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hasValidVerhoeffDigit, verhoeffCheckDigit } from './verhoeff.js';

function randomDigits(length: number): string {
  return Array.from({ length }, () => randomInt(10)).join('');
}

describe('Verhoeff check digit', () => {
  it.each([
    // Wikipedia's worked example and the Rosetta Code task's test numbers.
    ['236', 3],
    ['12345', 1],
    ['123456789012', 0],
    ['142857', 0],
    ['8473643095483728456789273645', 2],
  ])('the check digit of %s is %i', (digits, check) => {
    expect(verhoeffCheckDigit(digits)).toBe(check);
    expect(hasValidVerhoeffDigit(`${digits}${check}`)).toBe(true);
  });

  it('refuses a number whose last digit is not its check digit', () => {
    expect(hasValidVerhoeffDigit('2363')).toBe(true);
    for (const wrong of ['2360', '2361', '2362', '2364', '2365', '2366', '2367', '2368', '2369']) {
      expect(hasValidVerhoeffDigit(wrong)).toBe(false);
    }
  });

  it('detects every single-digit error, the check digit included, in 300 random numbers', () => {
    for (let sample = 0; sample < 300; sample += 1) {
      const digits = randomDigits(sample % 2 === 0 ? 9 : 15);
      const number = `${digits}${verhoeffCheckDigit(digits)}`;
      for (let position = 0; position < number.length; position += 1) {
        for (let digit = 0; digit < 10; digit += 1) {
          if (String(digit) === number[position]) continue;
          const typo = `${number.slice(0, position)}${digit}${number.slice(position + 1)}`;
          expect(hasValidVerhoeffDigit(typo), `${number} → ${typo}`).toBe(false);
        }
      }
    }
  });

  it('detects every swap of two different adjacent digits, the check digit included, in 1000 random numbers', () => {
    for (let sample = 0; sample < 1000; sample += 1) {
      const digits = randomDigits(sample % 2 === 0 ? 9 : 15);
      const number = `${digits}${verhoeffCheckDigit(digits)}`;
      for (let position = 0; position + 1 < number.length; position += 1) {
        if (number[position] === number[position + 1]) continue;
        const swapped =
          number.slice(0, position) + number[position + 1] + number[position] + number.slice(position + 2);
        expect(hasValidVerhoeffDigit(swapped), `${number} → ${swapped}`).toBe(false);
      }
    }
  });

  it('detects all 90 swaps of two different adjacent digits in every position of a 10-digit number', () => {
    for (let a = 0; a < 10; a += 1) {
      for (let b = 0; b < 10; b += 1) {
        if (a === b) continue;
        for (let position = 0; position < 8; position += 1) {
          const digits = `${'3'.repeat(position)}${a}${b}${'7'.repeat(7 - position)}`;
          const number = `${digits}${verhoeffCheckDigit(digits)}`;
          const swapped = `${'3'.repeat(position)}${b}${a}${'7'.repeat(7 - position)}${number.at(-1)}`;
          expect(hasValidVerhoeffDigit(swapped), `${number} → ${swapped}`).toBe(false);
        }
      }
    }
  });

  it('takes digits only', () => {
    expect(() => verhoeffCheckDigit('12a')).toThrow(TypeError);
    expect(hasValidVerhoeffDigit('236 3')).toBe(false);
    expect(hasValidVerhoeffDigit('')).toBe(false);
  });
});
