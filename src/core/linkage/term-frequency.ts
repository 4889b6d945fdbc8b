/**
 * Term-frequency adjustment: agreeing on "smith" says less than agreeing on "wojciechowski". The exact level's u is
 * the field's average chance that two unrelated records agree; for a given value it is the chance that the other
 * record has that value too, its frequency. So the exact level's weight log2(m/u) becomes log2(m/frequency): what
 * to add is log2(u / frequency), below zero for common values and above for rare ones.
 *
 * Used for names, text and codes, whose values recur for good reasons. Not for dates and identity numbers: nearly
 * every value is rare there, so a file's own duplicates are most of what makes one recur, and a small file's counts
 * say little about how rare a date of birth really is.
 *
 * @example
 * termFrequencyAdjustments(Int32Array.of(50, 1), 100, 0.1); // [log2(0.1 / 0.5), log2(0.1 / 0.01)] = [-2.32, 3.32]
 */
export function termFrequencyAdjustments(counts: Int32Array, present: number, uExact: number): Float64Array {
  return Float64Array.from(counts, (count) => (count === 0 ? 0 : Math.log2(uExact / (count / Math.max(present, 1)))));
}
