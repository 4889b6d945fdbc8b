/**
 * Transitivity. "Is the same person" is an equivalence: if x is y and y is z, then x is z. Whatever the dependence
 * between the two judgements, P(x = z) ≥ P(x = y) + P(y = z) − 1 (Fréchet's lower bound), so two confident links
 * imply a third that the pairwise model scored low (two copies garbled in different fields) or never compared (no
 * shared blocking key). Applied until nothing changes; an implied pair is reported with the larger of its own score
 * and the bound. A weak link implies nothing: twins at 0.3 stay apart even if one of them has a duplicate. Records
 * linked to more than `MAX_LINKS` others are left as they are (a cluster that large is a data problem to look at).
 *
 * @example
 * closeTransitively({ a: [0, 1], b: [1, 2], score: [0.99, 0.98] }, 0.5); // adds 0-2 with score 0.97
 */
import type { FoundPairs } from './pipeline.js';

const MAX_LINKS = 64;

export function closeTransitively(pairs: FoundPairs, threshold: number): FoundPairs {
  const scores = new Map<string, number>();
  const links = new Map<number, Set<number>>();
  const key = (x: number, y: number) => (x < y ? `${x},${y}` : `${y},${x}`);
  const link = (x: number, y: number) => {
    for (const [from, to] of [
      [x, y],
      [y, x],
    ] as const) {
      let set = links.get(from);
      if (!set) links.set(from, (set = new Set()));
      set.add(to);
    }
  };
  pairs.a.forEach((a, index) => {
    const score = pairs.score[index]!;
    if (score < threshold) return;
    scores.set(key(a, pairs.b[index]!), score);
    link(a, pairs.b[index]!);
  });
  const queue = [...links.keys()].sort((x, y) => x - y);
  const queued = new Set(queue);
  // A moving head, not shift(): shifting an array of a million records is linear each time, quadratic in all.
  for (let head = 0; head < queue.length; head += 1) {
    const middle = queue[head]!;
    queued.delete(middle);
    const around = [...(links.get(middle) ?? [])].sort((x, y) => x - y);
    if (around.length > MAX_LINKS) continue;
    for (let i = 0; i < around.length; i += 1) {
      for (let j = i + 1; j < around.length; j += 1) {
        const x = around[i]!;
        const z = around[j]!;
        const bound = scores.get(key(x, middle))! + scores.get(key(middle, z))! - 1;
        if (bound < threshold || bound <= (scores.get(key(x, z)) ?? 0)) continue;
        scores.set(key(x, z), bound);
        link(x, z);
        for (const changed of [x, z]) {
          if (queued.has(changed)) continue;
          queued.add(changed);
          queue.push(changed);
        }
      }
    }
  }
  const entries = [...scores.entries()].map(([pair, score]) => {
    const [a, b] = pair.split(',').map(Number);
    return { a: a!, b: b!, score };
  });
  return {
    a: Int32Array.from(entries, (entry) => entry.a),
    b: Int32Array.from(entries, (entry) => entry.b),
    score: Float64Array.from(entries, (entry) => entry.score),
  };
}
