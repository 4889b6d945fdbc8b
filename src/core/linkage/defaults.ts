/**
 * Where EM starts, and what it leans on when a file is too small to say much: the share of true duplicates at each
 * comparison level, as record-linkage practice finds it in registers (most duplicates agree exactly; a few percent
 * carry a typo; fewer still disagree). They are a starting point and a weak prior, not fitted to any data set.
 */
import type { ComparedKind } from './kinds.js';

export const STARTING_M: Readonly<Record<ComparedKind, readonly number[]>> = {
  // exact, jw>=0.92, swapped, phonetic, jw>=0.8, different
  name: [0.8, 0.08, 0.03, 0.03, 0.03, 0.03],
  // exact, jw>=0.92, swapped, jw>=0.8, different
  text: [0.8, 0.08, 0.04, 0.04, 0.04],
  // exact, one digit off, day/month swapped, year 1-3 off, different
  date: [0.85, 0.08, 0.02, 0.02, 0.03],
  // exact, one edit, different
  code: [0.85, 0.08, 0.07],
  id: [0.9, 0.06, 0.04],
};

/** How many pairs' worth of weight the starting m keeps as a prior once EM has run. */
export const PRIOR_STRENGTH = 10;

/** Pairs whose posterior probability of being one person is at least this are reported. */
export const DEFAULT_THRESHOLD = 0.5;

/** Blocks with more records than this are compared by sorted neighbourhood instead of all pairs. */
export const MAX_BLOCK_SIZE = 1000;
export const OVERSIZED_BLOCK_WINDOW = 20;
