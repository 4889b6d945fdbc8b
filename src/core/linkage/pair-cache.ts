/**
 * Remembers a small result (0..127) per pair of value codes, because the same two names meet again and again across
 * candidate pairs. Few distinct values: a full table. Many: a direct-mapped cache of 2^20 slots where a newer pair
 * overwrites an older one, so memory stays fixed however many values there are.
 */
export class PairCache {
  private readonly dense: Int8Array | undefined;
  private readonly keys: Float64Array | undefined;
  private readonly results: Int8Array | undefined;

  constructor(
    private readonly size: number,
    private readonly compute: (a: number, b: number) => number,
  ) {
    if (size <= 2048) {
      this.dense = new Int8Array(size * size).fill(-1);
    } else {
      this.keys = new Float64Array(1 << 20).fill(-1);
      this.results = new Int8Array(1 << 20);
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
    const key = low * this.size + high;
    const slot = (Math.imul(low, 0x9e3779b1) ^ Math.imul(high, 0x85ebca6b)) >>> 12;
    if (this.keys![slot] === key) return this.results![slot]!;
    const result = this.compute(low, high);
    this.keys![slot] = key;
    this.results![slot] = result;
    return result;
  }
}
