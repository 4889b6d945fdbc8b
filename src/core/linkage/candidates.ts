/**
 * Walks the candidate pairs of the blocking passes: the union of the pairs of records sharing a key in some pass,
 * each pair once (where its first shared key is), with the set of passes it belongs to, without ever storing a set
 * of pairs: a pair met again in a later block is recognised by comparing the two records' earlier keys. A block
 * larger than `maxBlockSize` (a very common name in a big file) would give a quadratic number of pairs: its records
 * are instead sorted by `sortKey` and each is paired with the next `window` ones, and the caller is told so it can
 * warn.
 */
import type { BlockingPass } from './blocking.js';

export interface CandidateOptions {
  readonly size: number;
  /** Linking two files: records below `split` come from the first, the rest from the second; only pairs across. */
  readonly split?: number;
  readonly maxBlockSize: number;
  readonly window: number;
  /** Orders the records of an oversized block so that neighbours are alike. */
  readonly sortKey: (record: number) => string;
  /** Called as each pass starts, and with the number of passes at the end. */
  readonly onPass?: (pass: number) => void;
}

export interface PassStats {
  readonly pass: string;
  readonly blocks: number;
  /** Pairs of this pass (including those an earlier pass found). */
  readonly pairs: number;
  /** Pairs no earlier pass found. */
  readonly newPairs: number;
  readonly oversizedBlocks: number;
  readonly recordsInOversizedBlocks: number;
}

/**
 * `visit(a, b, passes)` once per candidate pair, with a < b (in link mode a is from the first file and b from the
 * second) and `passes` the bit set of the passes whose keys the two share (bit p for pass p; at most 32 passes).
 */
export function forEachCandidate(
  passes: readonly BlockingPass[],
  options: CandidateOptions,
  visit: (a: number, b: number, passes: number) => void,
): PassStats[] {
  if (passes.length > 32) throw new Error('at most 32 blocking passes');
  const oversized = passes.map((pass) => new Uint8Array(pass.keyCount));
  const split = options.split;
  const stats: PassStats[] = [];
  // Every record's keys of every pass side by side, so that checking which passes share a key reads one short row
  // per record instead of one long array per pass and slot.
  const starts = Int32Array.from(passes, (_, p) => passes.slice(0, p).reduce((sum, pass) => sum + pass.keys.length, 0));
  const ends = Int32Array.from(passes, (pass, p) => starts[p]! + pass.keys.length);
  const width = ends[passes.length - 1] ?? 0;
  const rows = new Int32Array(options.size * width);
  passes.forEach((pass, p) =>
    pass.keys.forEach((slot, s) => {
      for (let record = 0; record < options.size; record += 1) rows[record * width + starts[p]! + s] = slot[record]!;
    }),
  );
  /** Whether a and b share a key of pass q that is not `below` or above (and whose block was compared in full). */
  const share = (rowA: number, rowB: number, q: number, below: number): boolean => {
    const skipped = oversized[q]!;
    for (let i = starts[q]!; i < ends[q]!; i += 1) {
      const key = rows[rowA + i]!;
      if (key < 0 || key >= below || skipped[key] === 1) continue;
      for (let j = starts[q]!; j < ends[q]!; j += 1) if (rows[rowB + j] === key) return true;
    }
    return false;
  };

  passes.forEach((pass, passIndex) => {
    options.onPass?.(passIndex);
    const { offsets, members } = groupByKey(pass, options.size);
    const isNew = (a: number, b: number, key: number): boolean => {
      const rowA = a * width;
      const rowB = b * width;
      for (let earlier = 0; earlier < passIndex; earlier += 1) if (share(rowA, rowB, earlier, 0x7fffffff)) return false;
      return !share(rowA, rowB, passIndex, key);
    };
    const sharedLater = (a: number, b: number): number => {
      const rowA = a * width;
      const rowB = b * width;
      let mask = 1 << passIndex;
      for (let later = passIndex + 1; later < passes.length; later += 1) {
        if (share(rowA, rowB, later, 0x7fffffff)) mask |= 1 << later;
      }
      return mask;
    };
    let pairs = 0;
    let newPairs = 0;
    let oversizedBlocks = 0;
    let recordsInOversized = 0;
    const emit = (a: number, b: number, key: number) => {
      pairs += 1;
      if (!isNew(a, b, key)) return;
      newPairs += 1;
      visit(a, b, sharedLater(a, b));
    };
    for (let key = 0; key < pass.keyCount; key += 1) {
      const start = offsets[key]!;
      const end = offsets[key + 1]!;
      const count = end - start;
      if (count < 2) continue;
      if (count > options.maxBlockSize) {
        oversized[passIndex]![key] = 1;
        oversizedBlocks += 1;
        recordsInOversized += count;
        windowPairs(members.subarray(start, end), options, (a, b) => emit(a, b, key));
        continue;
      }
      if (split === undefined) {
        for (let i = start; i < end; i += 1) {
          const a = members[i]!;
          for (let j = i + 1; j < end; j += 1) emit(a, members[j]!, key);
        }
      } else {
        // Members are in record order: the first file's records come first.
        let firstOfSecond = start;
        while (firstOfSecond < end && members[firstOfSecond]! < split) firstOfSecond += 1;
        for (let i = start; i < firstOfSecond; i += 1) {
          const a = members[i]!;
          for (let j = firstOfSecond; j < end; j += 1) emit(a, members[j]!, key);
        }
      }
    }
    stats.push({
      pass: pass.name,
      blocks: pass.keyCount,
      pairs,
      newPairs,
      oversizedBlocks,
      recordsInOversizedBlocks: recordsInOversized,
    });
  });
  options.onPass?.(passes.length);
  return stats;
}

/** Records grouped by key (compressed rows): members[offsets[k]..offsets[k+1]) hold key k, in record order, once. */
function groupByKey(pass: BlockingPass, size: number): { offsets: Int32Array; members: Int32Array } {
  const offsets = new Int32Array(pass.keyCount + 1);
  for (const slot of pass.keys) {
    for (let record = 0; record < size; record += 1) {
      const key = slot[record]!;
      if (key >= 0) offsets[key + 1]! += 1;
    }
  }
  for (let key = 0; key < pass.keyCount; key += 1) offsets[key + 1]! += offsets[key]!;
  const fill = offsets.slice(0, pass.keyCount);
  const members = new Int32Array(offsets[pass.keyCount]!);
  const lastAdded = new Int32Array(pass.keyCount).fill(-1);
  for (let record = 0; record < size; record += 1) {
    for (const slot of pass.keys) {
      const key = slot[record]!;
      if (key < 0 || lastAdded[key] === record) continue;
      lastAdded[key] = record;
      members[fill[key]!] = record;
      fill[key]! += 1;
    }
  }
  // A record with the same key in two slots is listed once: close the gaps it leaves.
  let write = 0;
  for (let key = 0; key < pass.keyCount; key += 1) {
    const start = offsets[key]!;
    offsets[key] = write;
    for (let at = start; at < fill[key]!; at += 1) members[write++] = members[at]!;
  }
  offsets[pass.keyCount] = write;
  return { offsets, members: members.subarray(0, write) };
}

function windowPairs(block: Int32Array, options: CandidateOptions, emit: (a: number, b: number) => void): void {
  const sorted = Array.from(block)
    .map((record) => ({ record, key: options.sortKey(record) }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.record - y.record));
  for (let i = 0; i < sorted.length; i += 1) {
    const end = Math.min(sorted.length, i + 1 + options.window);
    for (let j = i + 1; j < end; j += 1) {
      const a = sorted[i]!.record;
      const b = sorted[j]!.record;
      const [low, high] = a < b ? [a, b] : [b, a];
      if (options.split !== undefined && !(low < options.split && high >= options.split)) continue;
      emit(low, high);
    }
  }
}
