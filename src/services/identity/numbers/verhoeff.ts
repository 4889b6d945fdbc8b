/**
 * The Verhoeff check digit (J. Verhoeff, 1969), which MOSIP puts at the end of every UIN and VID. It catches every
 * single-digit error and every swap of two adjacent digits, which a sum-of-digits check such as Luhn does not (Luhn
 * misses 09 ↔ 90). The tables are those of the dihedral group D5 and its standard permutation.
 *
 * @module
 */

/** Multiplication in D5: `MULTIPLY[a][b]` is a·b. */
const MULTIPLY: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

/** `PERMUTE[i % 8][digit]`: the digit at position i, counted from the right, is permuted i times. */
const PERMUTE: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** The inverse of each element of D5. */
const INVERSE: readonly number[] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/**
 * The check digit of the first `count` digits of `digits` (values 0–9), for the generator's digit arrays.
 * @internal
 */
export function verhoeffDigitOf(digits: ArrayLike<number>, count: number): number {
  let check = 0;
  for (let fromRight = 0; fromRight < count; fromRight += 1) {
    check = MULTIPLY[check]![PERMUTE[(fromRight + 1) % 8]![digits[count - 1 - fromRight]!]!]!;
  }
  return INVERSE[check]!;
}

/**
 * The Verhoeff check digit to append to a string of digits.
 *
 * @example verhoeffCheckDigit('236') // 3, so 2363 is valid
 * @throws TypeError when `digits` holds anything but 0–9
 */
export function verhoeffCheckDigit(digits: string): number {
  return verhoeffDigitOf(toDigits(digits), digits.length);
}

/**
 * Whether the last digit of `number` is the Verhoeff check digit of the ones before it.
 *
 * @example hasValidVerhoeffDigit('2363') // true
 * @example hasValidVerhoeffDigit('2336') // false: two adjacent digits swapped
 */
export function hasValidVerhoeffDigit(number: string): boolean {
  if (!/^\d+$/.test(number)) return false;
  const digits = toDigits(number);
  let check = 0;
  for (let fromRight = 0; fromRight < digits.length; fromRight += 1) {
    check = MULTIPLY[check]![PERMUTE[fromRight % 8]![digits[digits.length - 1 - fromRight]!]!]!;
  }
  return check === 0;
}

function toDigits(text: string): Uint8Array {
  const digits = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) throw new TypeError(`not a digit: ${JSON.stringify(text[index])} in ${text}`);
    digits[index] = digit;
  }
  return digits;
}
