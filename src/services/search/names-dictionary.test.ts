/**
 * The dictionary of names (`names`, `name_variants`) that lets a misspelt name find the real one: a name written by a
 * transaction that rolled back (a deadlock, retried) is written again by the retry, and a misspelling then finds it.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/database.js';
import { birthEntry, prepareSearchIndex } from '../../../test/helpers/population-index.js';
import type { EventTypeDefinition } from '../../core/forms/index.js';
import { expandNames } from './queries/name-expansions.js';
import { writeEntries, type SearchDb } from './repository.js';

describe('the dictionary of names', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let db: SearchDb;
  let definition: EventTypeDefinition;

  beforeAll(async () => {
    database = await openTestDatabase();
    ({ db, definition } = await prepareSearchIndex(database));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('holds a name whose first writing rolled back, once a retry writes it', async () => {
    const entry = birthEntry(definition, randomUUID(), 'T-ROLLBACK', {
      child: { firstNames: 'Quirinus', familyName: 'Oyelaran', placeOfBirthArea: 'CEN-IBO' },
    });
    const rolledBack = new Error('deadlock detected (as a retried consumer sees it)');
    await expect(
      db.transaction().execute(async (tx) => {
        await writeEntries(tx, [entry]);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    await db.transaction().execute((tx) => writeEntries(tx, [entry]));

    const { rows } = await sql<{ token: string }>`select token from search.names
      where token in ('quirinus', 'oyelaran') order by token`.execute(db);
    expect(rows.map((row) => row.token)).toEqual(['oyelaran', 'quirinus']);
    const [misspelt] = await expandNames(db, ['quirinis']);
    expect(misspelt!.names).toContain('quirinus');
  });
});
