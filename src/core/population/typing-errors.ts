/**
 * The mistakes of a clerk typing a name or a number: one letter inserted, left out, replaced or two letters swapped.
 * Inserted and replacing letters are the neighbours of the intended key on a QWERTY keyboard (or of the digit on a
 * number row), because that is where a finger slips; a uniformly random letter would make errors no clerk makes
 * ("Mwale" → "Mwqle" is common, "Mwzle" is not).
 *
 * @example
 * typingError('Mwale', random); // e.g. 'Mwqle', 'Mwle', 'Mwaale' or 'Mawle'
 */
import type { Random } from './random.js';

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Keys next to each key: same row left and right, and the keys above and below that touch it. */
const NEIGHBOURS: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  ROWS.forEach((row, r) => {
    for (let c = 0; c < row.length; c += 1) {
      const near = [
        row[c - 1],
        row[c + 1],
        ROWS[r - 1]?.[c],
        ROWS[r - 1]?.[c + 1],
        ROWS[r + 1]?.[c],
        ROWS[r + 1]?.[c - 1],
      ];
      map.set(row[c]!, near.filter((key): key is string => key !== undefined).join(''));
    }
  });
  return map;
})();

export type TypingErrorKind = 'insertion' | 'deletion' | 'substitution' | 'transposition';

/** A key next to `char` (same case), or `char` itself when it is not on the keyboard (an accent, a space). */
export function neighbourKey(char: string, random: Random): string {
  const lower = char.toLowerCase();
  const near = NEIGHBOURS.get(lower);
  if (!near) return char;
  const key = near[random.int(near.length)]!;
  return lower === char ? key : key.toUpperCase();
}

/**
 * `value` with one typing error; always different from `value` when it has at least two characters. The first
 * letter is rarely wrong (people look at the start of a word), so errors fall on the others.
 */
export function typingError(value: string, random: Random, kind?: TypingErrorKind): string {
  if (value.length < 2) return value + neighbourKey(value || 'a', random);
  const chosen = kind ?? random.pick(KINDS);
  const at = 1 + random.int(value.length - 1);
  switch (chosen) {
    case 'insertion': {
      // A doubled letter or a neighbour typed with it.
      const extra = random.chance(0.4) ? value[at - 1]! : neighbourKey(value[at - 1]!, random);
      return value.slice(0, at) + extra + value.slice(at);
    }
    case 'deletion':
      return value.slice(0, at) + value.slice(at + 1);
    case 'substitution': {
      const key = neighbourKey(value[at]!, random);
      return key === value[at]
        ? value.slice(0, at) + value.slice(at + 1)
        : value.slice(0, at) + key + value.slice(at + 1);
    }
    case 'transposition': {
      const first = Math.min(at, value.length - 2);
      if (value[first] === value[first + 1]) return value.slice(0, first) + value.slice(first + 1);
      return value.slice(0, first) + value[first + 1]! + value[first]! + value.slice(first + 2);
    }
  }
}

const KINDS: readonly TypingErrorKind[] = ['insertion', 'deletion', 'substitution', 'transposition'];

/** One digit of a number replaced by a digit next to it on the number row (7 → 6 or 8; 0 → 9; 1 → 2). */
export function digitError(value: string, random: Random): string {
  const positions: number[] = [];
  for (let index = 0; index < value.length; index += 1) if (isDigit(value.charCodeAt(index))) positions.push(index);
  if (positions.length === 0) return value;
  const at = random.pick(positions);
  const row = DIGIT_ROW.indexOf(value[at]!);
  const next = row === 0 ? 1 : row === DIGIT_ROW.length - 1 ? row - 1 : row + (random.chance(0.5) ? -1 : 1);
  return value.slice(0, at) + DIGIT_ROW[next]! + value.slice(at + 1);
}

const DIGIT_ROW = '1234567890';
const isDigit = (code: number) => code >= 48 && code <= 57;
