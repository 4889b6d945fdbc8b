/**
 * Blocking: which pairs of records are compared at all. Comparing every pair of a million records is 5·10^11
 * comparisons; instead each pass gives every record one or more keys, and only records sharing a key are compared.
 * Several passes with different keys catch what one misses (a typo in the birth year, a misspelt surname, a
 * transposed postcode), and a pair is compared once, in the first pass that finds it.
 *
 * Keys are made of parts, each from the fields of one kind:
 * - `sound`: the NYSIIS code of any name field (names share one set of values, so names given in the other order
 *   still share a key), `start`: its first two letters;
 * - `date`: the whole date, `year`: its year;
 * - `code`: a code field's value; `text`: any text field's value (spaces ignored; address lines swapped still meet);
 * - `id`: an identity number.
 * The passes, in order, when the file has the fields: sound+year, date, both name sounds, start+code (most varied
 * code first), id; then sound+code, text+code and sound+text. A pass whose keys would give more than `pairBudget`
 * pairs (a big file, or very common values) is narrowed by one more part (the initial of another name field, the
 * most varied code, the birth year); one still over budget is left out (the first five only beyond ten times it).
 */
import { DenseIds } from './dense-ids.js';
import type { PreparedField } from './fields.js';

export interface BlockingPass {
  readonly name: string;
  /** One array per key slot: each record's key (dense ids from 0), or -1 when it has none in that slot. */
  readonly keys: readonly Int32Array[];
  readonly keyCount: number;
  /** Fields whose values decide this pass's keys: its pairs say little about how they differ between matches. */
  readonly fields: readonly number[];
  /** Pairs its keys give (the sum over keys of n·(n-1)/2, before capping large blocks). */
  readonly pairs: number;
}

export interface BlockingOptions {
  readonly size: number;
  /** Largest number of pairs a pass may give; default 20 per record, at least 100,000. */
  readonly pairBudget?: number;
}

/**
 * A key part: per slot, each record's value id (-1 when missing), ids below `cardinality`; `slotFields[s]` is the
 * field slot s comes from. Combining two parts never pairs two slots of the same field (the sound of a surname with
 * the initial of that same surname says nothing new).
 */
interface KeyPart {
  readonly name: string;
  readonly slots: readonly Int32Array[];
  readonly slotFields: readonly number[];
  readonly cardinality: number;
  /** Every field the part's values depend on. */
  readonly fields: readonly number[];
}

export function blockingPasses(fields: readonly PreparedField[], options: BlockingOptions): BlockingPass[] {
  const { size } = options;
  const budget = options.pairBudget ?? Math.max(100_000, 5 * size);
  const indexOf = (field: PreparedField) => fields.indexOf(field);
  const names = fields.filter((field) => field.kind === 'name');
  const date = fields.find((field) => field.kind === 'date');
  const codes = fields
    .filter((field) => field.kind === 'code')
    .sort((a, b) => b.space.values.length - a.space.values.length);
  const texts = fields.filter((field) => field.kind === 'text');
  const ids = fields.filter((field) => field.kind === 'id');

  const sound = names.length > 0 ? soundPart(names, indexOf) : undefined;
  const start = names.length > 0 ? startPart(names, indexOf, 2) : undefined;
  const initial = names.length > 0 ? startPart(names, indexOf, 1) : undefined;
  const year = date ? yearPart(date, indexOf(date)) : undefined;
  const whole = (field: PreparedField): KeyPart => ({
    name: field.column,
    slots: [field.codes],
    slotFields: [indexOf(field)],
    cardinality: field.space.values.length,
    fields: [indexOf(field)],
  });
  const text: KeyPart | undefined =
    texts.length > 0
      ? {
          name: texts.length > 1 ? 'any text field' : texts[0]!.column,
          slots: texts.map((field) => field.codes),
          slotFields: texts.map(indexOf),
          cardinality: texts[0]!.space.values.length,
          fields: texts.map(indexOf),
        }
      : undefined;

  const core: KeyPart[][] = [];
  const extra: KeyPart[][] = [];
  if (sound && year) core.push([sound, year]);
  if (date) core.push([whole(date)]);
  if (names.length >= 2) core.push([bothSoundsPart(names, indexOf)]);
  if (start) for (const code of codes.slice(0, 1)) core.push([start, whole(code)]);
  for (const id of ids) core.push([whole(id)]);
  if (sound) for (const code of codes) extra.push([sound, whole(code)]);
  if (text) for (const code of codes) extra.push([text, whole(code)]);
  if (sound && text) extra.push([sound, text]);
  // What may narrow a pass that gives too many pairs (a big file: a million records share 36,500 birth dates).
  // The birth year last: the first passes use it already, and a year typed wrong should not hide a pair from all.
  const narrowers = [initial, codes[0] ? whole(codes[0]) : undefined, year].filter(
    (part): part is KeyPart => part !== undefined,
  );

  const passes: BlockingPass[] = [];
  for (const parts of core) {
    const chosen = narrowed(parts, narrowers, size, budget, 10);
    if (chosen) passes.push(combine(chosen, size));
  }
  for (const parts of extra) {
    const chosen = narrowed(parts, narrowers, size, budget, 1);
    if (chosen) passes.push(combine(chosen, size));
  }
  if (passes.length === 0) {
    // Nothing to block on but the values themselves: each field's exact value, most selective first.
    const candidates = fields
      .map((field) => ({ parts: [whole(field)], pairs: estimatePairs([whole(field)], size) }))
      .sort((a, b) => a.pairs - b.pairs);
    for (const [index, candidate] of candidates.entries()) {
      if (index === 0 || candidate.pairs <= budget) passes.push(combine(candidate.parts, size));
    }
  }
  return passes;
}

/**
 * The parts of a pass that keeps within the budget: `parts` themselves, else narrowed by the first of `narrowers`
 * that brings them within; else the narrowest of those, when it is at most `leeway` times the budget.
 */
function narrowed(
  parts: readonly KeyPart[],
  narrowers: readonly KeyPart[],
  size: number,
  budget: number,
  leeway: number,
): KeyPart[] | undefined {
  const pairs = estimatePairs(parts, size);
  if (pairs <= budget) return [...parts];
  let best = { parts: [...parts], pairs };
  for (const narrower of narrowers) {
    if (parts.includes(narrower)) continue;
    const candidate = [...parts, narrower];
    // Slots are never paired with a slot of the same field, so a narrower on the pass's own field gives no keys.
    if (slotSets(candidate).length === 0) continue;
    const candidatePairs = estimatePairs(candidate, size);
    if (candidatePairs <= budget) return candidate;
    if (candidatePairs < best.pairs) best = { parts: candidate, pairs: candidatePairs };
  }
  return best.pairs <= budget * leeway ? best.parts : undefined;
}

/**
 * The pairs a pass would give, from the keys of about 100,000 evenly spread records (a pair survives sampling one
 * record in k with probability 1/k², so their pairs times k² estimate the total).
 */
function estimatePairs(parts: readonly KeyPart[], size: number): number {
  const step = Math.max(1, Math.ceil(size / 100_000));
  const sample = Int32Array.from({ length: Math.ceil(size / step) }, (_, index) => index * step);
  return countPairs(buildKeys(parts, sample).keys, sample.length) * step * step;
}

function soundPart(names: readonly PreparedField[], indexOf: (field: PreparedField) => number): KeyPart {
  const space = names[0]!.space;
  return {
    name: names.length > 1 ? 'sound of any name' : `sound of ${names[0]!.column}`,
    slots: names.map((name) => mapValues(name.codes, space.phonetic)),
    slotFields: names.map(indexOf),
    cardinality: space.phoneticCodes.length,
    fields: names.map(indexOf),
  };
}

function startPart(
  names: readonly PreparedField[],
  indexOf: (field: PreparedField) => number,
  letters: number,
): KeyPart {
  const prefixes = new Map<string, number>();
  const byValue = Int32Array.from(names[0]!.space.values, (value) => {
    const prefix = value.replace(/ /g, '').slice(0, letters);
    let id = prefixes.get(prefix);
    if (id === undefined) {
      id = prefixes.size;
      prefixes.set(prefix, id);
    }
    return id;
  });
  const what = letters === 1 ? 'initial' : 'start';
  return {
    name: names.length > 1 ? `${what} of any name` : `${what} of ${names[0]!.column}`,
    slots: names.map((name) => mapValues(name.codes, byValue)),
    slotFields: names.map(indexOf),
    cardinality: prefixes.size,
    fields: names.map(indexOf),
  };
}

/** The sounds of the first two name fields together, in either order. */
function bothSoundsPart(names: readonly PreparedField[], indexOf: (field: PreparedField) => number): KeyPart {
  const [first, second] = names;
  const phonetic = first!.space.phonetic;
  const cardinality = first!.space.phoneticCodes.length;
  const slot = new Int32Array(first!.codes.length);
  for (let record = 0; record < slot.length; record += 1) {
    const a = first!.codes[record]!;
    const b = second!.codes[record]!;
    const soundA = a < 0 ? -1 : phonetic[a]!;
    const soundB = b < 0 ? -1 : phonetic[b]!;
    slot[record] = soundA < 0 || soundB < 0 ? -1 : Math.min(soundA, soundB) * cardinality + Math.max(soundA, soundB);
  }
  return {
    name: `sounds of ${first!.column} and ${second!.column}`,
    slots: [slot],
    slotFields: [indexOf(first!)],
    cardinality: cardinality * cardinality,
    fields: [indexOf(first!), indexOf(second!)],
  };
}

function yearPart(date: PreparedField, index: number): KeyPart {
  const byValue = Int32Array.from(date.space.values, (value) =>
    /^\d{8}$/.test(value) ? Number(value.slice(0, 4)) : -1,
  );
  return {
    name: `year of ${date.column}`,
    slots: [mapValues(date.codes, byValue)],
    slotFields: [index],
    cardinality: 10_000,
    fields: [index],
  };
}

function mapValues(codes: Int32Array, byValue: Int32Array): Int32Array {
  return Int32Array.from(codes, (code) => (code < 0 ? -1 : byValue[code]!));
}

/** Every way to take one slot of each part, never two slots of the same field. */
function slotSets(parts: readonly KeyPart[]): Int32Array[][] {
  type SlotSet = { slots: Int32Array[]; fields: number[] };
  return parts
    .reduce<SlotSet[]>(
      (sets, part) =>
        sets.flatMap((set) =>
          part.slots.flatMap((slot, s) =>
            set.fields.includes(part.slotFields[s]!)
              ? []
              : [{ slots: [...set.slots, slot], fields: [...set.fields, part.slotFields[s]!] }],
          ),
        ),
      [{ slots: [], fields: [] }],
    )
    .map((set) => set.slots);
}

/** The keys of the given records (indices into the fields), one array per slot set, as dense ids. */
function buildKeys(parts: readonly KeyPart[], records: Int32Array | undefined): { keys: Int32Array[]; count: number } {
  const sets = slotSets(parts);
  const radix = parts.map((part) => part.cardinality);
  const length = records ? records.length : (sets[0]?.[0]?.length ?? 0);
  const dense = new DenseIds(length);
  const keys = sets.map((set) => {
    const column = new Int32Array(length);
    for (let index = 0; index < length; index += 1) {
      const record = records ? records[index]! : index;
      let key = 0;
      for (let p = 0; p < set.length; p += 1) {
        const value = set[p]![record]!;
        if (value < 0) {
          key = -1;
          break;
        }
        key = key * radix[p]! + value;
      }
      column[index] = key < 0 ? -1 : dense.idOf(key);
    }
    return column;
  });
  return { keys, count: dense.size };
}

/** Σ n·(n-1)/2 over keys, a record counted once per key however many of its slots hold it. */
function countPairs(keys: readonly Int32Array[], size: number): number {
  const counts: number[] = [];
  for (let record = 0; record < size; record += 1) {
    for (let s = 0; s < keys.length; s += 1) {
      const key = keys[s]![record]!;
      if (key < 0) continue;
      let repeated = false;
      for (let t = 0; t < s; t += 1) if (keys[t]![record] === key) repeated = true;
      if (repeated) continue;
      while (counts.length <= key) counts.push(0);
      counts[key]! += 1;
    }
  }
  let pairs = 0;
  for (const count of counts) pairs += (count * (count - 1)) / 2;
  return pairs;
}

/** A pass whose keys are every combination of one slot of each part (never two slots of one field). */
function combine(parts: readonly KeyPart[], size: number): BlockingPass {
  const { keys, count } = buildKeys(parts, undefined);
  return {
    name: parts.map((part) => part.name).join(' + '),
    keys: keys.length > 0 ? keys : [new Int32Array(size).fill(-1)],
    keyCount: count,
    fields: [...new Set(parts.flatMap((part) => part.fields))],
    pairs: countPairs(keys, size),
  };
}
