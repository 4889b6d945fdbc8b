import { describe, expect, it } from 'vitest';
import { termFrequencyAdjustments } from './term-frequency.js';

describe('term-frequency adjustment', () => {
  it('lowers the weight of agreeing on a common value and raises it for a rare one', () => {
    const [common, rare, unused] = termFrequencyAdjustments(Int32Array.of(50, 1, 0), 100, 0.1);
    expect(common).toBeCloseTo(Math.log2(0.1 / 0.5), 10);
    expect(rare).toBeCloseTo(Math.log2(0.1 / 0.01), 10);
    expect(unused).toBe(0);
  });

  it('leaves a value exactly as frequent as the field’s average agreement alone', () => {
    expect(termFrequencyAdjustments(Int32Array.of(10), 100, 0.1)[0]).toBeCloseTo(0, 12);
  });
});
