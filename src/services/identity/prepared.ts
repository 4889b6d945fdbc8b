/**
 * A statement compiled by Kysely once, not on every request, and on PostgreSQL run as a node-postgres named
 * statement: each pooled connection parses and plans it once, then only binds and runs it. For the lookup of an
 * identity by UIN that is about a third of the PostgreSQL CPU of an unnamed one (docs/benchmarks.md).
 *
 * How: Kysely's PostgreSQL driver passes `CompiledQuery.sql` to `pg`'s `client.query(text, values)` unchanged, and
 * `pg` takes a `{ name, text }` object in that place as a named statement. Nothing else in Kysely reads `sql` when
 * no query logger is configured. test/identity-verification.test.ts checks on PostgreSQL that the statements really
 * are prepared (pg_prepared_statements), so a driver upgrade that stops this fails there, not silently. PGlite (one
 * connection, no network) runs them unnamed. Prepared statements need a session of their own: fine through HAProxy
 * to PostgreSQL; a pooler in transaction mode in between would need its prepared-statement support turned on.
 * A statement names its columns (never `*`), so a migration that adds a column does not break its prepared plans.
 *
 * @module
 */
import type { CompiledQuery, Kysely } from 'kysely';

export interface Prepared<Row> {
  /** Runs the statement with these parameters (in the order of its placeholders). */
  run(parameters: readonly unknown[]): Promise<Row[]>;
}

/**
 * `compiled` is the statement compiled once with stand-in values; `name` must be unique in the process and stand
 * for exactly this SQL text.
 */
export function prepared<DB, Row>(
  db: Kysely<DB>,
  compiled: CompiledQuery<Row>,
  options: { readonly name: string; readonly named: boolean },
): Prepared<Row> {
  // The one place that bends a type: see the module comment.
  const sql = options.named ? ({ name: options.name, text: compiled.sql } as unknown as string) : compiled.sql;
  return {
    async run(parameters) {
      const result = await db.executeQuery<Row>({ ...compiled, sql, parameters });
      return result.rows;
    },
  };
}
