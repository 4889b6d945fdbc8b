/**
 * The duplicate model learnt from a generated register of births (families with siblings and twins, duplicates with
 * typing and phonetic errors, nicknames, swapped names, wrong birth years): fitted without labels, the check of each
 * record finds its duplicates and leaves its brothers, sisters and twins alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDuplicates } from '../src/services/search/duplicates/check.js';
import { fitModel, forgetModels } from '../src/services/search/duplicates/models.js';
import { searchDb } from '../src/services/search/repository.js';
import { openTestDatabase } from './helpers/database.js';
import { indexPopulation, type IndexedPerson } from './helpers/population-index.js';

describe('the duplicate model on a generated register', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let people: IndexedPerson[];

  beforeAll(async () => {
    forgetModels();
    database = await openTestDatabase();
    ({ people } = await indexPopulation(database, { count: 3000, seed: 11 }));
  }, 120_000);
  afterAll(async () => {
    forgetModels();
    await database.close();
  });

  it('is fitted from the records alone, and finds duplicates but not relatives', async () => {
    const db = searchDb(database);
    const fitted = await fitModel(db, (await import('./helpers/population-index.js')).demoBirth());
    expect(fitted.model.source).toBe('fitted');
    expect(fitted.pairs).toBeGreaterThan(100);

    const personOf = new Map(people.map((person) => [person.recordId, person.personId]));
    const truePairs = new Set<string>();
    const byPerson = new Map<string, string[]>();
    for (const person of people)
      byPerson.set(person.personId, [...(byPerson.get(person.personId) ?? []), person.recordId]);
    for (const records of byPerson.values())
      for (const a of records) for (const b of records) if (a < b) truePairs.add(`${a}|${b}`);

    // The prior is that of two records taken at random, learnt without labels: near the generator's true share of
    // duplicate pairs among all pairs (a prior among candidate pairs would be thousands of times larger).
    const allPairs = (people.length * (people.length - 1)) / 2;
    const trueShare = truePairs.size / allPairs;
    expect(fitted.model.lambda).toBeGreaterThan(trueShare / 2);
    expect(fitted.model.lambda).toBeLessThan(trueShare * 2);

    const found = new Set<string>();
    let relativesFlagged = 0;
    // Every fifth record is checked (the check of all takes minutes on PGlite); pairs are counted where it is one.
    const checked = new Set(people.filter((_person, index) => index % 5 === 0).map((person) => person.recordId));
    for (const key of [...truePairs]) {
      const [a, b] = key.split('|');
      if (!checked.has(a!) && !checked.has(b!)) truePairs.delete(key);
    }
    for (const person of people.filter((candidate) => checked.has(candidate.recordId))) {
      const check = await checkDuplicates(db, { recordId: person.recordId, eventType: 'birth', data: person.data });
      for (const duplicate of check.duplicates) {
        const [a, b] = [person.recordId, duplicate.recordId].sort();
        found.add(`${a}|${b}`);
        if (personOf.get(duplicate.recordId) !== person.personId) relativesFlagged += 1;
      }
    }
    const truePositives = [...found].filter((pair) => truePairs.has(pair)).length;
    const precision = truePositives / found.size;
    const recall = truePositives / truePairs.size;
    expect(truePairs.size).toBeGreaterThan(80);
    expect(precision, `precision (${relativesFlagged} wrong flags)`).toBeGreaterThan(0.95);
    expect(recall, 'recall').toBeGreaterThan(0.9);
  }, 180_000);
});
