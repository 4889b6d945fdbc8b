/**
 * Remembers a small result (0..127) per pair of value codes, because the same two names meet again and again across
 * candidate pairs. Few distinct values: a full table. Many: a direct-mapped cache of 2^20 slots where a newer pair
 * overwrites an older one, so memory stays fixed however many values there are.
 */
const MAX_PACKED_VALUES = 8_000_000;

export class PairCache {
  private readonly dense: Int8Array | undefined;
  /**
   * Direct-mapped slots holding `key * 128 + result` in one number (exact below 2^53 for up to 8 million values),
   * so a look-up touches one cache line, not one for the key and another for the result; -1 when empty.
   */
  private readonly slots: Float64Array | undefined;

  constructor(
    private readonly size: number,
    private readonly compute: (a: number, b: number) => number,
  ) {
    if (size <= 2048) {
      this.dense = new Int8Array(size * size).fill(-1);
    } else if (size <= MAX_PACKED_VALUES) {
      this.slots = new Float64Array(1 << 20).fill(-1);
    }
  }

  /** The result for two codes, in either order. */
  get(a: number, b: number): number {
    const low = a < b ? a : b;
    const high = a < b ? b : a;
    if (this.dense) {
      const slot = low * this.size + high;
      let result = this.dense[slot]!;
      if (result < 0) {
        result = this.compute(low, high);
        this.dense[slot] = result;
      }
      return result;
    }
    // Beyond what a slot can hold: values that many are nearly all unique, and a cache would rarely hit anyway.
    if (!this.slots) return this.compute(low, high);
    const key = (low * this.size + high) * 128;
    const slot = (Math.imul(low, 0x9e3779b1) ^ Math.imul(high, 0x85ebca6b)) >>> 12;
    const stored = this.slots[slot]! - key;
    if (stored >= 0 && stored < 128) return stored;
    const result = this.compute(low, high);
    this.slots[slot] = key + result;
    return result;
  }
}
