/**
 * Comparison vectors (one level per comparison) counted by distinct pattern: a million candidate pairs usually show
 * a few thousand patterns, so estimating the model runs over those, not over the pairs.
 */
export class PatternTable {
  private readonly ids = new Map<number, number>();
  private levelRows: Uint8Array;
  private count = 0;

  /** `radix[c]`: the number of levels of comparison c, missing included. */
  constructor(readonly radix: readonly number[]) {
    this.levelRows = new Uint8Array(64 * radix.length);
  }

  get size(): number {
    return this.count;
  }

  /** The id of a comparison vector, added when new. */
  idOf(levels: Uint8Array): number {
    let key = 0;
    for (let c = 0; c < this.radix.length; c += 1) key = key * this.radix[c]! + levels[c]!;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.count;
      this.count += 1;
      const width = this.radix.length;
      if (this.count * width > this.levelRows.length) {
        const grown = new Uint8Array(this.levelRows.length * 2);
        grown.set(this.levelRows);
        this.levelRows = grown;
      }
      this.levelRows.set(levels.subarray(0, width), id * width);
      this.ids.set(key, id);
    }
    return id;
  }

  /** All patterns' levels, row by row (`radix.length` per pattern). */
  get rows(): Uint8Array {
    return this.levelRows;
  }

  /** The level of comparison `c` in pattern `id`. */
  level(id: number, c: number): number {
    return this.levelRows[id * this.radix.length + c]!;
  }
}

/** How often each pattern of a table occurs in some set of pairs. */
export class PatternCounts {
  counts = new Float64Array(256);

  add(id: number, times = 1): void {
    if (id >= this.counts.length) {
      const grown = new Float64Array(Math.max(id + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[id]! += times;
  }

  total(): number {
    let sum = 0;
    for (const count of this.counts) sum += count;
    return sum;
  }
}
