/**
 * Drawing from a list with unequal weights: a cumulative table and a binary search, so a draw costs one random
 * number and a few comparisons however long the list is. `zipfWeights` gives the skew of real name frequencies, where
 * the commonest names are held by many people each and most names by few.
 *
 * @example
 * const surname = weightedChoice(['Banda', 'Phiri', 'Tembo'], zipfWeights(3));
 * surname.draw(random); // 'Banda' about half the time
 */
import type { Random } from './random.js';

export interface WeightedChoice<T> {
  readonly values: readonly T[];
  draw(random: Random): T;
}

export function weightedChoice<T>(values: readonly T[], weights: readonly number[]): WeightedChoice<T> {
  if (values.length === 0 || values.length !== weights.length) {
    throw new Error(`weightedChoice: ${values.length} values and ${weights.length} weights`);
  }
  const cumulative = new Float64Array(values.length);
  let total = 0;
  weights.forEach((weight, index) => {
    if (!(weight >= 0)) throw new Error(`weightedChoice: weight ${index} is ${weight}`);
    total += weight;
    cumulative[index] = total;
  });
  if (total <= 0) throw new Error('weightedChoice: the weights add up to nothing');
  return {
    values,
    draw(random) {
      const target = random.float() * total;
      let low = 0;
      let high = cumulative.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (cumulative[middle]! > target) high = middle;
        else low = middle + 1;
      }
      return values[low]!;
    },
  };
}

/**
 * Weights 1 / (rank + offset)^exponent for ranks 1..n. The exponent near 1 is Zipf's law, which name frequencies
 * follow closely; the offset flattens the head a little, so the first name of a list gets about a tenth of its draws
 * rather than a quarter.
 */
export function zipfWeights(n: number, exponent = 1, offset = 2): number[] {
  return Array.from({ length: n }, (_, index) => 1 / (index + 1 + offset) ** exponent);
}
