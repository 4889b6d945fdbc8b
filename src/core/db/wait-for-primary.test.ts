import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/database.js';
import { captureLog } from '../../../test/helpers/log.js';
import type { Database } from './open.js';
import { isTransientDatabaseError, retryUntilPrimary } from './wait-for-primary.js';

// A read-only transaction gets the same error (SQLSTATE 25006) a standby gives for any write.
async function createSchemaReadOnly(database: Database, schema: string): Promise<void> {
  await database.root.transaction().execute(async (trx) => {
    await sql`set transaction read only`.execute(trx);
    await sql`create schema ${sql.id(schema)}`.execute(trx);
  });
}

async function createSchema(database: Database, schema: string): Promise<void> {
  await sql`create schema ${sql.id(schema)}`.execute(database.root);
}

async function schemaExists(database: Database, schema: string): Promise<boolean> {
  const result = await sql`select 1 from information_schema.schemata where schema_name = ${schema}`.execute(
    database.root,
  );
  return result.rows.length === 1;
}

describe('retryUntilPrimary', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  it('waits while the database answers read-only, then runs the step once it can write', async () => {
    const { log, text } = captureLog();
    let attempts = 0;
    await retryUntilPrimary(
      async () => {
        attempts += 1;
        // The first two attempts reach "a standby".
        if (attempts <= 2) await createSchemaReadOnly(database, 'waited');
        else await createSchema(database, 'waited');
      },
      { log, timeoutMs: 5000, intervalMs: 10, step: 'migrate' },
    );
    expect(attempts).toBe(3);
    expect(await schemaExists(database, 'waited')).toBe(true);
    expect(text()).toContain('no writable PostgreSQL primary yet');
  });

  it('fails at once on an error that waiting cannot mend', async () => {
    const { log } = captureLog();
    let attempts = 0;
    const step = retryUntilPrimary(
      async () => {
        attempts += 1;
        await sql`select * from no_such_table`.execute(database.root);
      },
      { log, timeoutMs: 5000, intervalMs: 10, step: 'migrate' },
    );
    await expect(step).rejects.toThrow(/no_such_table/);
    expect(attempts).toBe(1);
  });

  it('gives up after the time limit with the database error itself', async () => {
    const { log } = captureLog();
    let attempts = 0;
    const step = retryUntilPrimary(
      async () => {
        attempts += 1;
        await createSchemaReadOnly(database, 'never');
      },
      { log, timeoutMs: 200, intervalMs: 50, step: 'migrate' },
    );
    await expect(step).rejects.toThrow(/read-only transaction/);
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(10);
    expect(await schemaExists(database, 'never')).toBe(false);
  });
});

describe('isTransientDatabaseError', () => {
  it('knows refused connections and standbys from real faults', () => {
    expect(isTransientDatabaseError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(isTransientDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isTransientDatabaseError(Object.assign(new Error('password authentication failed'), { code: '28P01' })),
    ).toBe(false);
    expect(isTransientDatabaseError(undefined)).toBe(false);
  });
});
