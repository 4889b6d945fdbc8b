import { describe, expect, it } from 'vitest';
import { DenseIds } from './dense-ids.js';

describe('dense ids of numbers', () => {
  it('numbers keys 0, 1, 2… in order of first sight, the same key always the same id, across growth', () => {
    const ids = new DenseIds(4);
    const keys = Array.from({ length: 5000 }, (_, index) => (index * 2_654_435_761) % 2 ** 52);
    keys.forEach((key, index) => expect(ids.idOf(key)).toBe(index));
    keys.forEach((key, index) => expect(ids.idOf(key)).toBe(index));
    expect(ids.size).toBe(5000);
    expect(ids.idOf(0)).toBe(0);
  });
});
