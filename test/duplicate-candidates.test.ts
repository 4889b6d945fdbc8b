/**
 * The records a duplicate check compares come from the blocking keys; a key shared by more records than a check
 * takes (a common name, in a national register) yields those whose event date is nearest the declaration's, where a
 * duplicate is, rather than any of them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDuplicates } from '../src/services/search/duplicates/check.js';
import { forgetModels } from '../src/services/search/duplicates/models.js';
import { writeEntries } from '../src/services/search/repository.js';
import { openTestDatabase } from './helpers/database.js';
import { birthEntry, prepareSearchIndex } from './helpers/population-index.js';

const birth = (firstNames: string, birthDate: string) => ({
  child: { firstNames, familyName: 'Banda', sex: 'female', birthDate, placeOfBirthArea: 'CEN-IBO' },
  mother: { firstNames: 'Grace', familyName: 'Banda', birthDate: '1990-03-02' },
});

describe('candidates of a duplicate check', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let index: Awaited<ReturnType<typeof prepareSearchIndex>>;
  // Last in record-id order: the first hundred of a key in any other order would leave it out.
  const duplicate = 'ffffffff-ffff-4fff-bfff-ffffffffffff';

  beforeAll(async () => {
    forgetModels();
    database = await openTestDatabase();
    index = await prepareSearchIndex(database);
    // 240 births whose names share the blocking keys of the declaration below, born over twenty years before it
    // (one register of "Mwansa Banda, mother Grace Banda": every name key is crowded), and the duplicate: the same
    // child, born two days off, in no date key of the declaration's.
    const entries = Array.from({ length: 240 }, (_, n) => {
      const day = new Date(Date.UTC(2000, 0, 1) + n * 30 * 86_400_000).toISOString().slice(0, 10);
      return birthEntry(index.definition, randomUUID(), `T${n}`, birth('Mwansa', day));
    });
    entries.push(birthEntry(index.definition, duplicate, 'TDUP', birth('Mwansa', '2021-06-17')));
    await index.db.transaction().execute((tx) => writeEntries(tx, entries));
  });
  afterAll(async () => {
    forgetModels();
    await database.close();
  });

  it('takes from a crowded key the records born nearest the declaration, and finds the duplicate among them', async () => {
    const check = await checkDuplicates(index.db, {
      recordId: randomUUID(),
      eventType: 'birth',
      data: birth('Mwansa', '2021-06-15'),
    });
    expect(check.compared).toBeLessThanOrEqual(100);
    expect(check.duplicates.map((found) => found.recordId)).toContain(duplicate);
  });
});
