/** The PostgreSQL database of the run: scratch or kept, its synchronous_commit, and the verifications it logged. */
import { ADMIN_DATABASE_URL, createScratchDatabase, withClient, type CleanupRegistry } from '../lib.js';

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  /** It already holds the identities of an earlier run with the same count. */
  readonly loaded: boolean;
}

/**
 * The database of the run: a scratch one dropped at the end, or the one `keepDatabase` names, kept, and reused
 * when it already holds `identities` loaded identities (otherwise made again).
 */
export async function benchDatabase(
  keepDatabase: string | undefined,
  identities: number,
  cleanup: CleanupRegistry,
): Promise<BenchDatabase> {
  if (!keepDatabase) {
    const scratch = await createScratchDatabase('civitas_bench_idverify');
    cleanup.add(() => scratch.drop());
    return { name: scratch.name, url: scratch.url, loaded: false };
  }
  // The name goes into SQL unquoted.
  if (!/^civitas_bench_[a-z0-9_]+$/.test(keepDatabase)) {
    throw new Error('BENCH_KEEP_DATABASE must look like civitas_bench_<lower-case letters, digits, _>');
  }
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${keepDatabase}`;
  const exists = await withClient(ADMIN_DATABASE_URL, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [keepDatabase]);
    return found.rowCount === 1;
  });
  const loaded =
    exists &&
    (await withClient(url.toString(), async (client) => {
      const table = await client.query<{ present: boolean }>(
        "select to_regclass('public.bench_uins') is not null as present",
      );
      if (!table.rows[0]!.present) return false;
      const count = await client.query<{ n: number }>('select count(*)::int as n from public.bench_uins');
      return count.rows[0]!.n === identities;
    }));
  if (!loaded) {
    await withClient(ADMIN_DATABASE_URL, async (client) => {
      await client.query(`drop database if exists ${keepDatabase} with (force)`);
      await client.query(`create database ${keepDatabase}`);
    });
  }
  console.log(`Database ${keepDatabase} kept${loaded ? ', its identities reused' : ''}`);
  return { name: keepDatabase, url: url.toString(), loaded };
}

/**
 * Sets the database's synchronous_commit for the server's connections; undefined leaves the server's default, and
 * resets a kept database that an earlier run may have changed.
 */
export async function setSynchronousCommit(database: BenchDatabase, value: string | undefined): Promise<void> {
  if (value) {
    // The value goes into SQL unquoted.
    if (!/^(on|off|local|remote_write|remote_apply)$/.test(value)) throw new Error('bad synchronous_commit');
    await withClient(database.url, (client) =>
      client.query(`alter database ${database.name} set synchronous_commit = ${value}`),
    );
    console.log(`synchronous_commit = ${value} for the scratch database`);
  } else if (database.loaded) {
    await withClient(database.url, (client) =>
      client.query(`alter database ${database.name} reset synchronous_commit`),
    );
  }
}

/** How many verifications the identity service has logged (its transaction log). */
export async function loggedVerifications(url: string): Promise<number> {
  return withClient(url, async (client) =>
    Number((await client.query<{ n: string }>('select count(*) as n from identity.transactions')).rows[0]!.n),
  );
}
