/**
 * Which two names of a three- or more-word search are looked up as a pair. matchingRecords looks the first two slots
 * up in `name_pairs` and checks each further slot per pair found, so a common first pair is costly: "Chanda Mwansa
 * John" found 12,700 Chanda Mwansas and checked each for a John (140 ms at a million records), where the Mwansa Johns
 * are a few hundred. The slots are reordered so that the pair with the fewest postings comes first; the result is
 * the same in any order (each slot is filled by a different name of the person, and the score is their sum).
 *
 * The postings of each pair are counted for the two best names each slot stands for (the typed one and its closest
 * variant, so that a typing error does not make a pair look rare), up to a cap: three small index-only counts.
 *
 * @example
 * await rarestPairFirst(db, group); // slots [chanda, mwansa, john] → [mwansa, john, chanda]
 */
import { sql } from 'kysely';
import { pairKey } from '../indexing/names.js';
import { t, type SearchDb } from '../repository.js';
import type { NameGroup, NameSlot } from './name-match.js';

/** Counting stops here: past it, a pair is common enough that which is commoner hardly matters. */
const COUNTED = 5000;

export async function rarestPairFirst(db: SearchDb, group: NameGroup): Promise<NameGroup> {
  if (group.slots.length < 3) return group;
  const candidates: { first: number; second: number; pairs: string[] }[] = [];
  group.slots.forEach((a, i) => {
    group.slots.forEach((b, j) => {
      if (j > i) candidates.push({ first: i, second: j, pairs: representativePairs(a, b) });
    });
  });
  const counts = candidates.map(
    ({ pairs }) => sql<number>`(select count(*) from (select 1 from ${t.name_pairs} p
      where p.pair = any(${pairs}::text[]) ${group.role === undefined ? sql`` : sql`and p.role = ${group.role}`}
      limit ${COUNTED}) as x)`,
  );
  const { rows } = await sql<{ counts: number[] }>`select array[${sql.join(counts)}]::int[] as counts`.execute(db);
  const sizes = rows[0]!.counts;
  let best = 0;
  sizes.forEach((size, i) => {
    if (size < sizes[best]!) best = i;
  });
  const { first, second } = candidates[best]!;
  const rest = group.slots.filter((_, i) => i !== first && i !== second);
  return { ...group, slots: [group.slots[first]!, group.slots[second]!, ...rest] };
}

/** The pairs of the two best names each slot stands for, keyed as `name_pairs` keeps them. */
function representativePairs(a: NameSlot, b: NameSlot): string[] {
  const best = (slot: NameSlot) => slot.expansion.names.slice(0, 2);
  return [...new Set(best(a).flatMap((x) => best(b).map((y) => pairKey(x, y))))];
}
