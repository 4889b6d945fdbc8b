/**
 * Numbers to dense ids 0, 1, 2… in order of first sight: an open-addressing hash table on typed arrays, because a
 * `Map` keyed by numbers above 2^30 boxes every key and is several times slower on millions of blocking keys.
 * Keys must be non-negative integers below 2^53.
 */
export class DenseIds {
  private keys: Float64Array;
  private ids: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Float64Array(capacity).fill(-1);
    this.ids = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The id of `key`, given the next free id when new. */
  idOf(key: number): number {
    let slot = hash(key) & this.mask;
    for (;;) {
      const stored = this.keys[slot]!;
      if (stored === key) return this.ids[slot]!;
      if (stored === -1) break;
      slot = (slot + 1) & this.mask;
    }
    const id = this.count;
    this.keys[slot] = key;
    this.ids[slot] = id;
    this.count += 1;
    if (this.count * 2 > this.keys.length) this.grow();
    return id;
  }

  private grow(): void {
    const keys = this.keys;
    const ids = this.ids;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.ids = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    for (let old = 0; old < keys.length; old += 1) {
      const key = keys[old]!;
      if (key === -1) continue;
      let slot = hash(key) & this.mask;
      while (this.keys[slot] !== -1) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.ids[slot] = ids[old]!;
    }
  }
}

function hash(key: number): number {
  const low = key | 0;
  const high = (key / 4294967296) | 0;
  let h = Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}
