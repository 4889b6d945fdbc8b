/**
 * The relatives class. Fellegi-Sunter with two classes takes agreement on a family name, a mother's name and an
 * address as independent pieces of evidence, so two siblings (or twins) look like one child entered twice. Here a
 * pair is one of three: the same person (M), two relatives (R: different people of one family), or unrelated (U).
 * Under R the family's fields (`roles.ts`) agree as they do for M, while the person's own fields (given names,
 * birth date, identity number) vary as for U, except that relatives are born on the same day (twins) with
 * probability `TWIN_SHARE`. So whatever a family shares cancels out between M and R, and only the person's own
 * fields can tell one child entered twice from a brother or sister.
 *
 * The shares of M and R among all pairs are estimated by EM over the candidates (the components stay fixed): a
 * file without families (FEBRL) gets an R share near zero and two-class results, a birth register with families
 * gets one that keeps siblings and twins apart.
 */
import type { Comparison } from './comparisons.js';
import type { CandidateSet } from './candidate-set.js';
import type { LinkageModel } from './model.js';
import { exactLevelShare, type PairRarity } from './pair-rarity.js';
import type { FieldRole } from './roles.js';

/** Of relatives who share a household, the share born on the same day (twins and other multiple births). */
export const TWIN_SHARE = 0.03;

/**
 * A weak prior: before looking at the data, any register holding families is taken to hold a couple of pairs of
 * relatives, so that a file too small to show its families (a pair of twins and a few others) does not take the
 * twins for one child entered twice. On a file of thousands of records it changes nothing.
 */
export const RELATIVES_PRIOR_PAIRS = 2;

export interface PairEvidence {
  /** Per candidate: log2 of P(levels | same person) / P(levels | unrelated). */
  readonly person: Float64Array;
  /** Per candidate: log2 of P(levels | relatives) / P(levels | unrelated); -Infinity when the class is off. */
  readonly relatives: Float64Array;
  /** Whether the file has both kinds of field, so that relatives can be told apart at all. */
  readonly relativesPossible: boolean;
}

export function pairEvidence(
  comparisons: readonly Comparison[],
  roles: readonly FieldRole[],
  candidates: CandidateSet,
  model: LinkageModel,
  rarity: PairRarity,
): PairEvidence {
  const { table } = candidates;
  const family = roles.map((role) => role === 'family');
  const relativesPossible = family.some(Boolean) && family.some((value) => !value);
  const personBase = exactLevelShare(table, model);
  const relativesBase = exactLevelShare(table, model, (c) => family[c]!);
  for (let id = 0; id < table.size; id += 1) {
    let person = personBase[id]!;
    let relatives = relativesBase[id]!;
    for (let c = 0; c < comparisons.length; c += 1) {
      const level = table.level(id, c);
      const weight = model.weights[c]![level]!;
      person += weight;
      if (family[c]) relatives += weight;
      else if (comparisons[c]!.kind === 'date' && level === 0) relatives += Math.log2(TWIN_SHARE / model.u[c]![0]!);
    }
    personBase[id] = person;
    relativesBase[id] = relatives;
  }
  const person = new Float64Array(candidates.count);
  const relatives = new Float64Array(candidates.count);
  for (let pair = 0; pair < candidates.count; pair += 1) {
    const id = candidates.pattern[pair]!;
    person[pair] = personBase[id]! + rarity.all[pair]!;
    relatives[pair] = relativesPossible ? relativesBase[id]! + rarity.family[pair]! : -Infinity;
  }
  return { person, relatives, relativesPossible };
}

export interface ClassShares {
  /** Share of all possible pairs that are one person twice. */
  readonly person: number;
  /** Share of all possible pairs that are two relatives. */
  readonly relatives: number;
}

/**
 * EM for the two shares, all other pairs being unrelated; starts from the two-class share. Pairs whose Bayes factors
 * are both below 2^-10 change the sums by at most a thousandth, however many they are, and are left out.
 */
export function estimateClassShares(all: PairEvidence, possiblePairs: number, startPerson: number): ClassShares {
  const keep: number[] = [];
  for (let pair = 0; pair < all.person.length; pair += 1) {
    if (all.person[pair]! >= -10 || all.relatives[pair]! >= -10) keep.push(pair);
  }
  const evidence: PairEvidence = {
    person: Float64Array.from(keep, (pair) => all.person[pair]!),
    relatives: Float64Array.from(keep, (pair) => all.relatives[pair]!),
    relativesPossible: all.relativesPossible,
  };
  let person = startPerson;
  let relatives = evidence.relativesPossible ? startPerson : 0;
  for (let iteration = 0; iteration < 200; iteration += 1) {
    let personSum = 0;
    let relativesSum = 0;
    forEachPosterior(evidence, { person, relatives }, (personPosterior, relativesPosterior) => {
      personSum += personPosterior;
      relativesSum += relativesPosterior;
    });
    const nextPerson = clamp(personSum / possiblePairs);
    const nextRelatives = evidence.relativesPossible
      ? clamp((relativesSum + RELATIVES_PRIOR_PAIRS) / possiblePairs)
      : 0;
    const change =
      Math.abs(nextPerson - person) / person + Math.abs(nextRelatives - relatives) / Math.max(relatives, 1e-300);
    person = nextPerson;
    relatives = nextRelatives;
    if (change < 1e-6) break;
  }
  return { person, relatives };
}

/** Per candidate: the probability that the two records are one person. */
export function personPosteriors(evidence: PairEvidence, shares: ClassShares): Float64Array {
  const result = new Float64Array(evidence.person.length);
  let pair = 0;
  forEachPosterior(evidence, shares, (personPosterior) => {
    result[pair] = personPosterior;
    pair += 1;
  });
  return result;
}

function forEachPosterior(
  evidence: PairEvidence,
  shares: ClassShares,
  visit: (person: number, relatives: number) => void,
): void {
  const logPerson = Math.log2(shares.person);
  const logRelatives = shares.relatives > 0 ? Math.log2(shares.relatives) : -Infinity;
  const logUnrelated = Math.log2(Math.max(1 - shares.person - shares.relatives, 1e-300));
  for (let pair = 0; pair < evidence.person.length; pair += 1) {
    const a = logPerson + evidence.person[pair]!;
    const r = logRelatives + evidence.relatives[pair]!;
    const top = Math.max(a, r, logUnrelated);
    const pa = 2 ** (a - top);
    const pr = 2 ** (r - top);
    const total = pa + pr + 2 ** (logUnrelated - top);
    visit(pa / total, pr / total);
  }
}

function clamp(share: number): number {
  return Math.min(0.45, Math.max(1e-15, share));
}
