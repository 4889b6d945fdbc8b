/**
 * Per-service migrations. Each service owns one schema and its own `migrations` table there. All run under one
 * transaction-scoped advisory lock, so several nodes starting together apply each migration exactly once, and a
 * service's pending migrations either all apply or none do.
 */
import { sql, type Kysely } from 'kysely';
import type { RootDb } from './open.js';

/** A migration: `up` runs with unqualified names resolving in the service's schema. */
export interface Migration {
  /** Unique within the service and sorted in apply order, e.g. `0001-create-areas`. */
  readonly name: string;
  up(db: Kysely<Record<string, never>>, schema: string): Promise<void>;
}

export interface MigrationPlan {
  readonly schema: string;
  readonly migrations: readonly Migration[];
}

export interface MigrationOutcome {
  readonly schema: string;
  readonly applied: readonly string[];
}

/** Arbitrary but fixed: every Civitas process takes this same lock to migrate. */
const MIGRATION_LOCK_KEY = 7_304_190_214;

export async function migrate(root: RootDb, plans: readonly MigrationPlan[]): Promise<MigrationOutcome[]> {
  // The common case, a restart with nothing to do, costs two reads and no lock.
  const state = await migrationState(root, plans);
  if (state.pending.length === 0 && state.unknown.length === 0) {
    return plans.map((plan) => ({ schema: plan.schema, applied: [] }));
  }
  const outcomes: MigrationOutcome[] = [];
  for (const plan of plans) {
    const applied = await root.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
      await sql`create schema if not exists ${sql.id(plan.schema)}`.execute(trx);
      await sql`create table if not exists ${sql.id(plan.schema, 'migrations')} (
        name text primary key,
        applied_at timestamptz not null default now()
      )`.execute(trx);
      const done = new Set(await appliedNames(trx, plan.schema));
      const known = new Set(plan.migrations.map((migration) => migration.name));
      const unknown = [...done].filter((name) => !known.has(name));
      if (unknown.length > 0) {
        throw new Error(
          `schema ${plan.schema} has migrations this version does not know (${unknown.join(', ')}): the database is newer than the program`,
        );
      }
      const newlyApplied: string[] = [];
      for (const migration of plan.migrations) {
        if (done.has(migration.name)) continue;
        await migration.up(trx.withSchema(plan.schema) as RootDb, plan.schema);
        await sql`insert into ${sql.id(plan.schema, 'migrations')} (name) values (${migration.name})`.execute(trx);
        newlyApplied.push(migration.name);
      }
      return newlyApplied;
    });
    outcomes.push({ schema: plan.schema, applied });
  }
  return outcomes;
}

/** Migrations in `plans` not yet applied: empty means the database is up to date (readiness checks this). */
export async function pendingMigrations(root: RootDb, plans: readonly MigrationPlan[]): Promise<string[]> {
  return (await migrationState(root, plans)).pending;
}

/** What is pending, and what the database has applied that these plans do not know (a newer program migrated it). */
async function migrationState(
  root: RootDb,
  plans: readonly MigrationPlan[],
): Promise<{ pending: string[]; unknown: string[] }> {
  if (plans.length === 0) return { pending: [], unknown: [] };
  const withTable = await sql<{ schema: string }>`select n.nspname as schema from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where c.relname = 'migrations' and n.nspname = any(${plans.map((plan) => plan.schema)})`.execute(root);
  const existing = withTable.rows.map((row) => row.schema);
  const applied = new Set<string>();
  if (existing.length > 0) {
    const union = sql.join(
      existing.map((schema) => sql`select ${schema} || '/' || name as name from ${sql.id(schema, 'migrations')}`),
      sql` union all `,
    );
    for (const row of (await sql<{ name: string }>`${union}`.execute(root)).rows) applied.add(row.name);
  }
  const known = new Set(
    plans.flatMap((plan) => plan.migrations.map((migration) => `${plan.schema}/${migration.name}`)),
  );
  return {
    pending: [...known].filter((name) => !applied.has(name)),
    unknown: [...applied].filter((name) => !known.has(name)),
  };
}

async function appliedNames(db: RootDb, schema: string): Promise<string[]> {
  const result = await sql<{ name: string }>`select name from ${sql.id(schema, 'migrations')} order by name`.execute(
    db,
  );
  return result.rows.map((row) => row.name);
}
