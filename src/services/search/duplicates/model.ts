/**
 * The duplicate model of an event type and how it scores a pair. Three classes, as in `civitas dedupe`
 * (src/core/linkage/relatives.ts): the same person entered twice (M), two relatives (R: brothers, sisters, twins,
 * who share the family fields), or unrelated (U). Under R the family fields agree as under M, and the person's own
 * fields vary as under U, except that relatives share the event date with probability `TWIN_SHARE`. So agreement on
 * a mother's name is no evidence of a duplicate against a sibling; only the child's own fields are.
 *
 * Per field and level: m = P(level | M), u = P(level | U); an exact agreement on a common value is worth less than on
 * a rare one (term frequencies: u of that value instead of the field's average).
 *
 * The priors are those of two records taken at random, not of two records a blocking key brought together: every
 * field's agreement counts in the score, the blocked ones too, so a prior among candidates would count the blocking
 * agreement twice. And a register ten times larger holds ten times more strangers for each duplicate: a per-pair
 * prior falls with its size, which keeps a "Mohammed Abdallah" from matching every other one in a national register.
 */
import type { DuplicateField, EventTypeDefinition } from '../../../core/forms/index.js';
import { TWIN_SHARE } from '../../../core/linkage/relatives.js';
import { levelNames, MISSING } from './compare.js';

export interface FieldParameters {
  readonly field: string;
  readonly m: number[];
  readonly u: number[];
  /** Normalised value → share of records holding it, for the values common enough to matter. */
  readonly frequencies?: Record<string, number>;
}

/** Stored models of another version are not used (version 1 had priors among candidate pairs). */
export const MODEL_VERSION = 2;

export interface DuplicateModel {
  readonly version: typeof MODEL_VERSION;
  readonly fields: FieldParameters[];
  /** P(M) and P(R) of two records of the type taken at random. */
  readonly lambda: number;
  readonly relatives: number;
  /** How the model came about: `default` (too few records yet) or `fitted` on `records` records. */
  readonly source: 'default' | 'fitted';
  readonly records: number;
}

/** Where fitting starts, and the model of a registry too small to learn from: typical shares per level. */
function defaultM(rule: DuplicateField): number[] {
  switch (rule.compare) {
    case 'exact':
      return [0.95, 0.05];
    case 'name':
      return [0.8, 0.07, 0.03, 0.02, 0.03, 0.02, 0.03];
    case 'jaro-winkler':
      return [0.82, 0.1, 0.04, 0.04];
    case 'levenshtein':
      return [0.9, 0.06, 0.04];
    case 'phonetic':
      return [0.85, 0.1, 0.05];
    case 'date':
      return [0.85, 0.05, 0.04, 0.01, 0.02, 0.03];
    case 'number':
      return [0.9, 0.07, 0.03];
  }
}

function defaultU(rule: DuplicateField): number[] {
  switch (rule.compare) {
    case 'exact':
      // Between a sex (one in two) and a district (one in ten or more): refitted from the records once there are some.
      return [0.3, 0.7];
    case 'name':
      return [0.01, 0.005, 0.001, 0.0005, 0.01, 0.03, 0.9435];
    case 'jaro-winkler':
      return [0.01, 0.01, 0.03, 0.95];
    case 'levenshtein':
      return [0.001, 0.004, 0.995];
    case 'phonetic':
      return [0.01, 0.02, 0.97];
    case 'date':
      return [0.003, 0.01, 0.01, 0.0005, 0.002, 0.9745];
    case 'number':
      return [0.05, 0.1, 0.85];
  }
}

/** The size of register the default priors assume. */
const DEFAULT_REGISTER = 200;

export function defaultModel(definition: EventTypeDefinition): DuplicateModel {
  const rules = definition.deduplication?.fields ?? [];
  return {
    version: MODEL_VERSION,
    fields: rules.map((rule) => ({ field: rule.field, m: defaultM(rule), u: defaultU(rule) })),
    // A small register (the default serves fewer than a few hundred records): about one record in ten has a
    // duplicate, and one in two a brother or sister.
    lambda: 0.1 / DEFAULT_REGISTER,
    relatives: 0.5 / DEFAULT_REGISTER,
    source: 'default',
    records: 0,
  };
}

export { defaultM, defaultU };

export interface FieldScore {
  readonly field: string;
  readonly method: string;
  /** The level's name (`exact`, `jw>=0.92`, `year 1-3 off`, `missing`, ...). */
  readonly level: string;
  /** log2 of m/u at this level: what the field adds to the evidence of one person (0 when missing). */
  readonly weight: number;
  readonly family: boolean;
}

export interface PairScore {
  /** P(same person | the levels). */
  readonly probability: number;
  /** Whether relatives (siblings, twins) explain the pair better than one person entered twice. */
  readonly likelyRelatives: boolean;
  readonly fields: FieldScore[];
}

/** log2 of the likelihood of a pair's levels if one person (M), relatives (R) or unrelated (U), before the priors. */
export interface ClassLikelihoods {
  readonly logM: number;
  readonly logR: number;
  readonly logU: number;
  readonly fields: FieldScore[];
}

/**
 * The likelihoods of a pair from its levels (one per rule, MISSING where a value is missing). `values` is the
 * normalised value of each field of the new record, for term frequencies.
 */
export function classLikelihoods(
  model: DuplicateModel,
  definition: EventTypeDefinition,
  levels: readonly number[],
  values: readonly string[],
): ClassLikelihoods {
  const rules = definition.deduplication?.fields ?? [];
  const hasFamily = rules.some((rule) => rule.family);
  let logM = 0;
  let logU = 0;
  let logR = hasFamily ? 0 : -Infinity;
  const fields: FieldScore[] = [];
  rules.forEach((rule, index) => {
    const level = levels[index]!;
    const names = levelNames(rule);
    if (level === MISSING) {
      fields.push({ field: rule.field, method: rule.compare, level: 'missing', weight: 0, family: rule.family });
      return;
    }
    const parameters = model.fields[index]!;
    const m = parameters.m[level]!;
    let u = parameters.u[level]!;
    if (level === 0) u = parameters.frequencies?.[values[index]!] ?? u;
    logM += Math.log2(m);
    logU += Math.log2(u);
    if (rule.family) logR += Math.log2(m);
    else if (rule.field === definition.dateField) logR += Math.log2(level === 0 ? TWIN_SHARE : (1 - TWIN_SHARE) * u);
    else logR += Math.log2(u);
    fields.push({
      field: rule.field,
      method: rule.compare,
      level: names[level]!,
      weight: Math.log2(m / u),
      family: rule.family,
    });
  });
  return { logM, logR, logU, fields };
}

/** P(M), P(R) of a pair from its likelihoods and the per-pair priors `lambda` (M) and `relatives` (R). */
export function posteriors(
  likelihoods: Pick<ClassLikelihoods, 'logM' | 'logR' | 'logU'>,
  lambda: number,
  relatives: number,
): { readonly m: number; readonly r: number } {
  const logM = likelihoods.logM + Math.log2(lambda);
  const logR = likelihoods.logR + (relatives > 0 ? Math.log2(relatives) : -Infinity);
  const logU = likelihoods.logU + Math.log2(Math.max(1e-300, 1 - lambda - relatives));
  const top = Math.max(logM, logU, logR);
  const total = 2 ** (logM - top) + 2 ** (logU - top) + 2 ** (logR - top);
  return { m: 2 ** (logM - top) / total, r: 2 ** (logR - top) / total };
}

/** Scores a pair from its levels: its probability of being one person under the model's priors. */
export function scorePair(
  model: DuplicateModel,
  definition: EventTypeDefinition,
  levels: readonly number[],
  values: readonly string[],
): PairScore {
  const likelihoods = classLikelihoods(model, definition, levels, values);
  const hasFamily = definition.deduplication?.fields.some((rule) => rule.family) ?? false;
  const posterior = posteriors(likelihoods, model.lambda, hasFamily ? model.relatives : 0);
  return {
    probability: posterior.m,
    likelyRelatives: likelihoods.logR + Math.log2(model.relatives) > likelihoods.logM + Math.log2(model.lambda),
    fields: likelihoods.fields,
  };
}
