/**
 * The search service's copy of the event types, from the config service's events: the form tells which fields are
 * names, identity numbers and phones, and the duplicate rules which keys block and which fields compare.
 */
import { sql } from 'kysely';
import { EventTypeDefinition } from '../../core/forms/index.js';
import { t, type SearchDb } from './repository.js';

// A published version never changes (a change is a new version), so a parsed one is kept, as the registry does.
const parsed = new Map<string, EventTypeDefinition>();

export async function storeEventType(db: SearchDb, id: string, version: number, definition: unknown): Promise<void> {
  await sql`insert into ${t.event_types} (id, version, definition) values (${id}, ${version}, ${JSON.stringify(definition)})
    on conflict do nothing`.execute(db);
  parsed.delete(`${id}@${version}`);
}

/** The event type at this version (the latest without one); undefined when the service has not received it. */
export async function eventTypeAt(
  db: SearchDb,
  id: string,
  version?: number,
): Promise<EventTypeDefinition | undefined> {
  const cached = version === undefined ? undefined : parsed.get(`${id}@${version}`);
  if (cached) return cached;
  let query = db.selectFrom('event_types').select('definition').where('id', '=', id);
  query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  const definition = row ? EventTypeDefinition.parse(row.definition) : undefined;
  // A missing one is not remembered: it may arrive any moment.
  if (definition) parsed.set(`${id}@${definition.version}`, definition);
  return definition;
}
