/**
 * `civitas events dead-letters` lists the events consumers set aside; `civitas events retry <id>|--all` hands them to
 * their consumer again, here and now (the handler is idempotent, and what succeeds leaves the dead letters).
 */
import type { Kysely } from 'kysely';
import { SERVICE_NAMES } from '../config/schema.js';
import { openDatabase, type Database } from '../core/db/open.js';
import { bindConsumer, handleBatch, type BoundConsumer } from '../core/events/consumer.js';
import { checkEnvelope } from '../core/events/envelope.js';
import type { CoreEventTables } from '../core/events/tables.js';
import { EVENT_CATALOG, loadServices } from '../services/index.js';
import { UsageError } from './args.js';
import { configFromFlags } from './load-config.js';

interface Located {
  readonly consumer: BoundConsumer;
  readonly db: Kysely<CoreEventTables>;
}

async function consumersOf(database: Database, flags: Record<string, string>): Promise<Located[]> {
  const config = configFromFlags(flags, ['all']);
  const services = await loadServices(config.services.length > 0 ? config.services : [...SERVICE_NAMES]);
  return services.flatMap((service) =>
    (service.consumers ?? []).map((definition) => {
      const db = database.forSchema<CoreEventTables>(service.name);
      return { consumer: bindConsumer(service.name, db, definition), db };
    }),
  );
}

async function withDatabase<T>(flags: Record<string, string>, run: (database: Database) => Promise<T>): Promise<T> {
  const config = configFromFlags(flags, ['all']);
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, poolSize: 2 });
  try {
    return await run(database);
  } finally {
    await database.close();
  }
}

export async function listDeadLetters(flags: Record<string, string>): Promise<void> {
  await withDatabase(flags, async (database) => {
    let total = 0;
    for (const { consumer, db } of await consumersOf(database, flags)) {
      const rows = await db
        .selectFrom('dead_letters')
        .selectAll()
        .where('consumer', '=', consumer.name)
        .orderBy('id')
        .execute();
      for (const row of rows) {
        total += 1;
        console.log(
          `${consumer.id} #${row.id} ${row.created_at.toISOString()} ${row.type ?? '(no type)'} ${row.event_id ?? ''} ` +
            `after ${row.attempts} attempt(s): ${row.reason}`,
        );
      }
    }
    console.log(`${total} dead letter(s)`);
  });
}

export async function retryDeadLetters(words: string[], flags: Record<string, string>): Promise<void> {
  const id = words[0] === undefined ? undefined : Number(words[0]);
  if (!flags.all && (id === undefined || !Number.isInteger(id))) {
    throw new UsageError(
      'usage: civitas events retry <dead-letter id> [--services <name>] | civitas events retry --all',
    );
  }
  await withDatabase(flags, async (database) => {
    let retried = 0;
    let failed = 0;
    for (const { consumer, db } of await consumersOf(database, flags)) {
      let query = db.selectFrom('dead_letters').selectAll().where('consumer', '=', consumer.name);
      if (id !== undefined && !flags.all) query = query.where('id', '=', id);
      for (const row of await query.orderBy('id').execute()) {
        const check = checkEnvelope(row.envelope, EVENT_CATALOG);
        const outcome = check.ok
          ? (await handleBatch(consumer, [check.event]))[0]!
          : { ok: false as const, error: new Error(check.reason) };
        if (outcome.ok) {
          await db.deleteFrom('dead_letters').where('id', '=', row.id).execute();
          retried += 1;
          console.log(`${consumer.id} #${row.id}: handled`);
        } else {
          failed += 1;
          console.log(`${consumer.id} #${row.id}: still failing: ${outcome.error.message}`);
        }
      }
    }
    console.log(`${retried} handled, ${failed} still failing`);
    if (failed > 0) process.exitCode = 1;
  });
}
