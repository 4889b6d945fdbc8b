/**
 * Text for the PDF's standard fonts (Helvetica, Courier), which only have the WinAnsi characters: Latin-1 (é, è, à, ç,
 * ñ, ö, ß, ...) and a few more (€, Œ, Š, quotes, dashes). Anything else would make pdf-lib throw, so it is written as
 * the nearest Latin letter (ł → l, ő → o, ɓ → b) or, failing that, as "?". A country whose names need other scripts
 * needs an embedded Unicode font instead.
 */

/** The 27 characters WinAnsi puts at 0x80–0x9F, besides Latin-1 at 0x20–0x7E and 0xA0–0xFF. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Letters without a decomposition to a base letter and a mark, and punctuation WinAnsi lacks. */
const NEAREST: Readonly<Record<string, string>> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  ı: 'i',
  ŀ: 'l',
  Ŀ: 'L',
  ŋ: 'ng',
  Ŋ: 'NG',
  ŧ: 't',
  Ŧ: 'T',
  ſ: 's',
  ɓ: 'b',
  Ɓ: 'B',
  ɗ: 'd',
  Ɗ: 'D',
  ƙ: 'k',
  Ƙ: 'K',
  ƴ: 'y',
  Ƴ: 'Y',
  ɛ: 'e',
  Ɛ: 'E',
  ɔ: 'o',
  Ɔ: 'O',
  ə: 'e',
  Ə: 'E',
  ʼ: '’',
  ʻ: '‘',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '−': '-',
  '′': "'",
  '″': '"',
};

export function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char);
}

/**
 * The text with every character the standard fonts can draw; line breaks and other controls become spaces,
 * invisible characters go.
 *
 * @example toWinAnsi('Łódź, Ségolène') // 'Lódz, Ségolène'
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (/\p{Cf}|\p{M}/u.test(char)) continue; // invisible (soft hyphen, joiners) or a mark left uncomposed
    if (isWinAnsi(char)) out += char;
    else if (/\s|\p{Cc}/u.test(char)) out += ' ';
    else out += NEAREST[char] ?? withoutMarks(char);
  }
  return out;
}

function withoutMarks(char: string): string {
  const base = char.normalize('NFD').replace(/\p{M}/gu, '');
  return base !== '' && [...base].every(isWinAnsi) ? base : '?';
}
