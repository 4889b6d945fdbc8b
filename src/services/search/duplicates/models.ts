/**
 * Fitting an event type's duplicate model from the records themselves, without labels, and finding the current one.
 *
 * - u (how often unrelated records agree at each level) from random pairs of a sample of records;
 * - term frequencies: the share of records holding each common value, so that two "Banda"s count less than two
 *   "Nkhoma"s;
 * - m and the share of duplicates among candidate pairs by expectation-maximisation over the pairs the blocking keys
 *   find for a sample, on the person's own fields only: the family fields agree for brothers and sisters as much as
 *   for one child entered twice, and would teach EM to take siblings for duplicates;
 * - the priors, P(M) and P(R) of two records taken at random: the expected duplicates and relatives among the real
 *   candidates of a sample (found as the check finds them), over all the pairs those records could form; a fixed
 *   point, as the priors decide the posteriors that are summed.
 *
 * A registry with fewer than `MIN_RECORDS` records of the type uses the typical values of `defaultModel`.
 */
import { sql } from 'kysely';
import { blockingPart, type EventTypeDefinition } from '../../../core/forms/index.js';
import { t, type SearchDb } from '../repository.js';
import { levelNames, MISSING } from './compare.js';
import { pairLevels, prepare, prepareValues, swapPartners, type PreparedDeclaration } from './levels.js';
import { blockingKeys, eventDateOf } from '../indexing/entry.js';
import { findCandidates } from './candidates.js';
import { classLikelihoods, defaultModel, MODEL_VERSION, posteriors, type DuplicateModel } from './model.js';
import { threeClassEm, type ThreeClassFit } from '../../../core/linkage/three-class-em.js';

export const MIN_RECORDS = 200;
const SAMPLE = 3000;
const RANDOM_PAIRS = 30_000;
const EM_RECORDS = 1000;
const PRIOR_STRENGTH = 20;
const PAIRS_PER_KEY = 30;
/** Records whose real candidates set the priors. */
const PRIOR_RECORDS = 500;
/** A value held by at least this many sampled records gets its own frequency. */
const FREQUENT = 3;

type Data = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface FitReport {
  readonly eventType: string;
  readonly records: number;
  readonly pairs: number;
  readonly model: DuplicateModel;
}

export async function fitModel(db: SearchDb, definition: EventTypeDefinition): Promise<FitReport> {
  const rules = definition.deduplication?.fields ?? [];
  const counted = await db
    .selectFrom('records')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('event_type', '=', definition.id)
    .executeTakeFirstOrThrow();
  const records = Number(counted.n);
  if (rules.length === 0 || records < MIN_RECORDS) {
    return { eventType: definition.id, records, pairs: 0, model: defaultModel(definition) };
  }
  // Sorting every record by random() read the whole table (2.6 s at a million): a large one is sampled by pages
  // first, twice as many as needed (a page holds a few consecutive records, the sample hundreds of pages).
  const percent = Math.min(100, (100 * 2 * SAMPLE) / records);
  const sampling = records > 4 * SAMPLE ? sql`tablesample system (${sql.lit(percent)})` : sql``;
  const sample = await sql<{ record_id: string; data: Data }>`select record_id, data from ${t.records} ${sampling}
    where event_type = ${definition.id} order by random() limit ${SAMPLE}`.execute(db);
  const prepared = sample.rows.map((row) => prepare(rules, row.data));
  const partners = swapPartners(rules);
  const start = defaultModel(definition);

  // u from random pairs (a random pair is almost surely two people), with half a pair at each level.
  const uCounts = rules.map((rule) => new Array<number>(levelNames(rule).length).fill(0.5));
  let seed = 0x9e3779b9;
  const random = () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  for (let pair = 0; pair < RANDOM_PAIRS; pair += 1) {
    const a = Math.floor(random() * prepared.length);
    const b = Math.floor(random() * prepared.length);
    if (a === b) continue;
    pairLevels(definition, prepared[a]!, prepared[b]!, partners).forEach((level, rule) => {
      if (level !== MISSING) uCounts[rule]![level]! += 1;
    });
  }
  const u = uCounts.map((counts) => normalise(counts));

  // Candidate pairs of a sample, as the check finds them, by blocking pass. Each pass's pairs were chosen for
  // agreeing on its fields, so EM runs once per pass without them, and the passes' estimates are averaged.
  const emIds = sample.rows.slice(0, EM_RECORDS).map((row) => row.record_id);
  // A common key (a popular name's code) holds thousands of records: a few of each are enough to learn from.
  const pairs = await sql<{ a: string; pass: string; data_b: Data }>`
    select k1.record_id as a, split_part(k1.key, ':', 2) as pass, r.data as data_b
    from ${t.keys} k1
    cross join lateral (
      select k2.record_id from ${t.keys} k2
      where k2.key = k1.key and k2.record_id <> k1.record_id limit ${PAIRS_PER_KEY}
    ) other
    join ${t.records} r on r.record_id = other.record_id
    where k1.record_id = any(${emIds}::uuid[]) and k1.key like ${`block:%:${definition.id}:%`}`.execute(db);
  const byId = new Map(sample.rows.map((row, index) => [row.record_id, prepared[index]!]));
  const passes = new Map<number, Map<string, { levels: Int8Array; count: number }>>();
  for (const pair of pairs.rows) {
    const mine = byId.get(pair.a) as PreparedDeclaration;
    const levels = Int8Array.from(pairLevels(definition, mine, prepare(rules, pair.data_b), partners));
    const pass = Number(pair.pass);
    const patterns = passes.get(pass) ?? new Map<string, { levels: Int8Array; count: number }>();
    passes.set(pass, patterns);
    const key = levels.join(',');
    const seen = patterns.get(key);
    if (seen) seen.count += 1;
    else patterns.set(key, { levels, count: 1 });
  }
  const fitted = averageFits(
    [...passes].map(([pass, patterns]) => {
      const blockedOn = new Set(
        (definition.deduplication?.blocking[pass] ?? []).map((part) => blockingPart(part).field),
      );
      const include = rules.map((rule) => !blockedOn.has(rule.field));
      const fit = threeClassEm({
        patterns: [...patterns.values()].map((pattern) => pattern.levels),
        counts: [...patterns.values()].map((pattern) => pattern.count),
        family: rules.map((rule) => rule.family),
        include,
        eventDate: rules.findIndex((rule) => rule.field === definition.dateField),
        u,
        startM: start.fields.map((field) => field.m),
        lambda: start.lambda,
        relatives: start.relatives,
        priorStrength: PRIOR_STRENGTH,
      });
      return { fit, include, pairs: [...patterns.values()].reduce((sum, pattern) => sum + pattern.count, 0) };
    }),
    start.fields.map((field) => field.m),
  );
  const fields = rules.map((rule, index) => ({
    field: rule.field,
    m: fitted?.m[index] ?? start.fields[index]!.m,
    u: u[index]!,
    frequencies: frequenciesOf(prepared, index),
  }));
  const priors = await fitPriors(db, definition, { ...start, fields }, sample.rows.slice(0, PRIOR_RECORDS), records);
  const model: DuplicateModel = {
    version: MODEL_VERSION,
    fields,
    lambda: priors.lambda,
    relatives: priors.relatives,
    source: 'fitted',
    records,
  };
  await db
    .insertInto('models')
    .values({ event_type: definition.id, records, pairs: pairs.rows.length, parameters: JSON.stringify(model) })
    .execute();
  cache.delete(definition.id);
  return { eventType: definition.id, records, pairs: pairs.rows.length, model };
}

/**
 * P(M) and P(R) of two records taken at random: the sum of the candidates' posteriors of the `sampled` records over
 * all the pairs they could form with the register's `records`, iterated until it holds still.
 */
async function fitPriors(
  db: SearchDb,
  definition: EventTypeDefinition,
  model: DuplicateModel,
  sampled: readonly { record_id: string; data: Data }[],
  records: number,
): Promise<{ lambda: number; relatives: number }> {
  const rules = definition.deduplication?.fields ?? [];
  const partners = swapPartners(rules);
  const likelihoods: { logM: number; logR: number; logU: number }[] = [];
  for (const row of sampled) {
    const mine = prepare(rules, row.data);
    const candidates = await findCandidates(
      db,
      definition,
      { recordId: row.record_id, eventDate: eventDateOf(definition, row.data) },
      blockingKeys(definition, row.data),
    );
    for (const candidate of candidates) {
      const levels = pairLevels(definition, mine, prepareValues(rules, candidate.values), partners);
      likelihoods.push(classLikelihoods(model, definition, levels, mine.values));
    }
  }
  const possible = sampled.length * Math.max(1, records - 1);
  const hasFamily = rules.some((rule) => rule.family);
  let lambda = 1 / possible;
  let relatives = hasFamily ? 1 / possible : 0;
  for (let iteration = 0; iteration < 200; iteration += 1) {
    let sumM = 0;
    let sumR = 0;
    for (const pair of likelihoods) {
      const posterior = posteriors(pair, lambda, relatives);
      sumM += posterior.m;
      sumR += posterior.r;
    }
    const nextLambda = Math.max(0.01, sumM) / possible;
    const nextRelatives = hasFamily ? Math.max(0.01, sumR) / possible : 0;
    const done =
      Math.abs(nextLambda - lambda) <= lambda * 1e-4 && Math.abs(nextRelatives - relatives) <= relatives * 1e-4;
    lambda = nextLambda;
    relatives = nextRelatives;
    if (done) break;
  }
  return { lambda, relatives };
}

/** The passes' estimates, weighted by their pairs; a field's m from the passes it took part in. */
function averageFits(
  fits: readonly { fit: ThreeClassFit; include: readonly boolean[]; pairs: number }[],
  startM: readonly number[][],
): ThreeClassFit | undefined {
  const total = fits.reduce((sum, entry) => sum + entry.pairs, 0);
  if (total === 0) return undefined;
  const m = startM.map((row, field) => {
    const taking = fits.filter((entry) => entry.include[field]);
    const weight = taking.reduce((sum, entry) => sum + entry.pairs, 0);
    if (weight === 0) return [...row];
    return row.map(
      (_share, level) => taking.reduce((sum, entry) => sum + entry.fit.m[field]![level]! * entry.pairs, 0) / weight,
    );
  });
  const average = (pick: (fit: ThreeClassFit) => number) =>
    fits.reduce((sum, entry) => sum + pick(entry.fit) * entry.pairs, 0) / total;
  return { m, lambda: average((fit) => fit.lambda), relatives: average((fit) => fit.relatives) };
}

function frequenciesOf(prepared: readonly PreparedDeclaration[], rule: number): Record<string, number> | undefined {
  const counts = new Map<string, number>();
  let present = 0;
  for (const declaration of prepared) {
    const value = declaration.values[rule]!;
    if (value === '') continue;
    present += 1;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const frequent = [...counts].filter(([, count]) => count >= FREQUENT);
  if (frequent.length === 0) return undefined;
  return Object.fromEntries(frequent.map(([value, count]) => [value, count / present]));
}

const normalise = (counts: readonly number[]) => {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.map((count) => count / total);
};

// The newest model of each event type, re-read now and then (another node may have fitted a newer one).
const MODEL_CACHE_MS = 60_000;
const cache = new Map<string, { at: number; model: DuplicateModel; definition: EventTypeDefinition }>();

export async function modelFor(db: SearchDb, definition: EventTypeDefinition): Promise<DuplicateModel> {
  const hit = cache.get(definition.id);
  if (hit && hit.definition === definition && Date.now() - hit.at < MODEL_CACHE_MS) return hit.model;
  const row = await db
    .selectFrom('models')
    .select('parameters')
    .where('event_type', '=', definition.id)
    .orderBy('fitted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const stored = row?.parameters as DuplicateModel | undefined;
  // A model fitted under other rules (the form changed) does not fit: typical values until the next fit.
  const fits =
    stored !== undefined &&
    stored.version === MODEL_VERSION &&
    stored.fields.length === (definition.deduplication?.fields.length ?? 0) &&
    stored.fields.every((field, index) => field.field === definition.deduplication!.fields[index]!.field);
  const model = fits ? stored : defaultModel(definition);
  cache.set(definition.id, { at: Date.now(), model, definition });
  return model;
}

/** Forgets cached models (tests run several databases in one process). */
export function forgetModels(): void {
  cache.clear();
}
