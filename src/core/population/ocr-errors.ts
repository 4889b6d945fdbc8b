/**
 * The mistakes of reading a scanned or handwritten form: letters whose shapes run together (rn / m, cl / d, vv / w,
 * li / h) or look alike (e / c, i / l, u / v). Unlike typing errors they do not follow the keyboard, and they often
 * change the length of a name by one, which is why they are generated apart.
 *
 * @example
 * ocrError('Chirwa', random); // e.g. 'Chirvva', 'Chlrwa', 'Cliirwa' or 'Chirwo'
 */
import type { Random } from './random.js';

/** [what is written, what is read]. */
const CONFUSIONS: readonly (readonly [string, string])[] = [
  ['rn', 'm'],
  ['m', 'rn'],
  ['cl', 'd'],
  ['d', 'cl'],
  ['w', 'vv'],
  ['vv', 'w'],
  ['h', 'li'],
  ['li', 'h'],
  ['e', 'c'],
  ['c', 'e'],
  ['i', 'l'],
  ['l', 'i'],
  ['u', 'v'],
  ['n', 'ri'],
  ['a', 'o'],
  ['b', 'h'],
];

/** `value` with one misread letter group, or undefined when none of the confusable shapes is in it. */
export function ocrError(value: string, random: Random): string | undefined {
  const options: Array<{ at: number; from: string; to: string }> = [];
  for (const [from, to] of CONFUSIONS) {
    // The first letter is a capital, which these lower-case confusions do not fit.
    for (let at = value.indexOf(from, 1); at >= 0; at = value.indexOf(from, at + 1)) options.push({ at, from, to });
  }
  if (options.length === 0) return undefined;
  const { at, from, to } = random.pick(options);
  return value.slice(0, at) + to + value.slice(at + from.length);
}
