/**
 * Edit distances for short codes and identity numbers: the optimal-string-alignment form of Damerau-Levenshtein
 * (insertions, deletions, substitutions and transpositions of adjacent characters, no substring edited twice).
 *
 * @example
 * damerauLevenshtein('4957843', '4975843'); // 1 (a transposition)
 * withinOneEdit('2257', '2283'); // false
 */

let previousRow = new Int32Array(64);
let row = new Int32Array(64);
let twoBack = new Int32Array(64);

export function damerauLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const width = b.length + 1;
  if (width > row.length) {
    previousRow = new Int32Array(width * 2);
    row = new Int32Array(width * 2);
    twoBack = new Int32Array(width * 2);
  }
  for (let j = 0; j < width; j += 1) previousRow[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    row[0] = i;
    const codeA = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j += 1) {
      const codeB = b.charCodeAt(j - 1);
      const cost = codeA === codeB ? 0 : 1;
      let best = Math.min(previousRow[j]! + 1, row[j - 1]! + 1, previousRow[j - 1]! + cost);
      if (i > 1 && j > 1 && codeA === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === codeB) {
        best = Math.min(best, twoBack[j - 2]! + 1);
      }
      row[j] = best;
    }
    const spare = twoBack;
    twoBack = previousRow;
    previousRow = row;
    row = spare;
  }
  return previousRow[b.length]!;
}

/** Whether two strings are at most one insertion, deletion, substitution or adjacent transposition apart. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const lengthA = a.length;
  const lengthB = b.length;
  if (Math.abs(lengthA - lengthB) > 1) return false;
  let start = 0;
  while (start < lengthA && start < lengthB && a.charCodeAt(start) === b.charCodeAt(start)) start += 1;
  let endA = lengthA;
  let endB = lengthB;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA -= 1;
    endB -= 1;
  }
  const restA = endA - start;
  const restB = endB - start;
  if (restA <= 1 && restB <= 1) return true;
  // Two differing characters side by side, swapped.
  return (
    restA === 2 &&
    restB === 2 &&
    a.charCodeAt(start) === b.charCodeAt(start + 1) &&
    a.charCodeAt(start + 1) === b.charCodeAt(start)
  );
}
