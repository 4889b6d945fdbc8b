/**
 * How values are cleaned before they are compared: the same person's name typed with or without accents, capitals,
 * hyphens or doubled spaces must become one value, and a postcode or an identity number keeps only its letters and
 * digits.
 *
 * @example
 * normalizeName('  Zoë  O’Brien-Smith '); // 'zoe obrien smith'
 * normalizeCode('SW1A 1AA'); // 'sw1a1aa'
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;

function fold(value: string): string {
  return value.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** Letters only; apostrophes vanish (O'Brien = OBrien), other separators become single spaces. */
export function normalizeName(value: string): string {
  return fold(value)
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim();
}

/** Letters and digits; everything else becomes single spaces. */
export function normalizeText(value: string): string {
  return fold(value)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Letters and digits only, without spaces: codes and identity numbers are often typed with or without them. */
export function normalizeCode(value: string): string {
  return fold(value).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Text without its spaces, so that 'lubuma place' and 'lubumaplace' are equal. */
export function squash(value: string): string {
  return value.replace(/ /g, '');
}
