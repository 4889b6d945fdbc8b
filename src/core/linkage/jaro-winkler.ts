/**
 * Jaro and Jaro-Winkler similarity (Winkler 1990): 1 for equal strings, 0 for strings with nothing in common.
 * Characters are compared as UTF-16 code units, so normalise (case, accents) before calling.
 *
 * @example
 * jaroWinkler('MARTHA', 'MARHTA'); // 0.9611…
 * jaroWinkler('DIXON', 'DICKSONX'); // 0.8133…
 */

/** Scratch flags reused between calls: comparing millions of pairs should not allocate per pair. */
let matchedA = new Uint8Array(64);
let matchedB = new Uint8Array(64);

export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) return 0;
  if (lengthA > matchedA.length) matchedA = new Uint8Array(lengthA * 2);
  if (lengthB > matchedB.length) matchedB = new Uint8Array(lengthB * 2);
  matchedA.fill(0, 0, lengthA);
  matchedB.fill(0, 0, lengthB);
  const window = Math.max(0, Math.floor(Math.max(lengthA, lengthB) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < lengthA; i += 1) {
    const code = a.charCodeAt(i);
    const end = Math.min(i + window + 1, lengthB);
    for (let j = Math.max(0, i - window); j < end; j += 1) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === code) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches += 1;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let j = 0;
  for (let i = 0; i < lengthA; i += 1) {
    if (matchedA[i] === 0) continue;
    while (matchedB[j] === 0) j += 1;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions += 1;
    j += 1;
  }
  return (matches / lengthA + matches / lengthB + (matches - transpositions / 2) / matches) / 3;
}

/** Jaro similarity raised for a common prefix of up to 4 characters (scale 0.1), when Jaro is above 0.7. */
export function jaroWinkler(a: string, b: string): number {
  const similarity = jaro(a, b);
  if (similarity <= 0.7) return similarity;
  const limit = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix += 1;
  return similarity + prefix * 0.1 * (1 - similarity);
}

/**
 * A cheap upper bound of `jaroWinkler(a, b)` from which characters each string holds (`maskOf`), to skip the full
 * computation for pairs that cannot reach a threshold: most pairs of unrelated names share few letters.
 */
export function jaroWinklerBound(a: string, b: string, maskA: number, maskB: number): number {
  let inB = 0;
  for (let i = 0; i < a.length; i += 1) if (maskB & letterBit(a.charCodeAt(i))) inB += 1;
  let inA = 0;
  for (let j = 0; j < b.length; j += 1) if (maskA & letterBit(b.charCodeAt(j))) inA += 1;
  const matches = Math.min(inA, inB);
  if (matches === 0) return 0;
  const jaroBound = (matches / a.length + matches / b.length + 1) / 3;
  let prefix = 0;
  const limit = Math.min(4, a.length, b.length);
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix += 1;
  return jaroBound <= 0.7 ? jaroBound : jaroBound + prefix * 0.1 * (1 - jaroBound);
}

/** The set of characters of a string as 32 bits (letters a-z their own bit; anything else shares the rest). */
export function maskOf(value: string): number {
  let mask = 0;
  for (let i = 0; i < value.length; i += 1) mask |= letterBit(value.charCodeAt(i));
  return mask;
}

function letterBit(code: number): number {
  const letter = code - 97;
  return letter >= 0 && letter < 26 ? 1 << letter : 1 << (26 + (code % 6));
}

/**
 * A cruder upper bound of `jaroWinkler` than `jaroWinklerBound`, from the lengths and letter masks alone (no look
 * at the strings): each letter bit one string has and the other lacks is at least one character that cannot match.
 * It costs a few integer operations on small per-value arrays, so the hot comparison loop can skip the cached
 * similarity (a likely cache miss) for the many pairs of names that have little in common.
 */
export function jaroWinklerCeiling(lengthA: number, lengthB: number, maskA: number, maskB: number): number {
  const matches = Math.min(lengthA - bitCount(maskA & ~maskB), lengthB - bitCount(maskB & ~maskA));
  if (matches <= 0) return 0;
  const jaroBound = (matches / lengthA + matches / lengthB + 1) / 3;
  const prefix = Math.min(4, lengthA, lengthB);
  return jaroBound <= 0.7 ? jaroBound : jaroBound + prefix * 0.1 * (1 - jaroBound);
}

function bitCount(value: number): number {
  let x = value - ((value >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
