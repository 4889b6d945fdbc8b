/**
 * NYSIIS, the New York State Identification and Intelligence System phonetic code (Taft 1970), in the full-length
 * form of Apache Commons Codec: names that sound alike get the same code, tolerating vowels, doubled letters and
 * common spelling variants. Non-letters are ignored; an input without letters gives ''.
 *
 * @example
 * nysiis('Brian'); // 'BRAN'  (also Brown, Brun)
 * nysiis('MACINTOSH'); // 'MCANT'
 */

const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);
const isVowel = (character: string) => VOWELS.has(character);

const PREFIXES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^MAC/, 'MCC'],
  [/^KN/, 'NN'],
  [/^K/, 'C'],
  [/^(PH|PF)/, 'FF'],
  [/^SCH/, 'SSS'],
];
const SUFFIXES: ReadonlyArray<readonly [RegExp, string]> = [
  [/(EE|IE)$/, 'Y'],
  [/(DT|RT|RD|NT|ND)$/, 'D'],
];

export function nysiis(name: string): string {
  let text = name
    .normalize('NFKD')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  if (text.length === 0) return '';
  for (const [pattern, replacement] of PREFIXES) text = text.replace(pattern, replacement);
  for (const [pattern, replacement] of SUFFIXES) text = text.replace(pattern, replacement);
  const chars = text.split('');
  let key = chars[0]!;
  for (let i = 1; i < chars.length; i += 1) {
    const next = chars[i + 1] ?? ' ';
    const afterNext = chars[i + 2] ?? ' ';
    const transcoded = transcode(chars[i - 1]!, chars[i]!, next, afterNext);
    for (let k = 0; k < transcoded.length && i + k < chars.length; k += 1) chars[i + k] = transcoded[k]!;
    if (chars[i] !== chars[i - 1]) key += chars[i];
  }
  if (key.length > 1) {
    if (key.endsWith('S')) key = key.slice(0, -1);
    if (key.length > 2 && key.endsWith('AY')) key = `${key.slice(0, -2)}Y`;
    if (key.length > 1 && key.endsWith('A')) key = key.slice(0, -1);
  }
  return key;
}

function transcode(previous: string, current: string, next: string, afterNext: string): string {
  if (current === 'E' && next === 'V') return 'AF';
  if (isVowel(current)) return 'A';
  if (current === 'Q') return 'G';
  if (current === 'Z') return 'S';
  if (current === 'M') return 'N';
  if (current === 'K') return next === 'N' ? 'NN' : 'C';
  if (current === 'S' && next === 'C' && afterNext === 'H') return 'SSS';
  if (current === 'P' && next === 'H') return 'FF';
  if (current === 'H' && (!isVowel(previous) || !isVowel(next))) return previous;
  if (current === 'W' && isVowel(previous)) return previous;
  return current;
}
