/**
 * Civitas in single mode for the browser tests: one process (this one), listening on a free port, on a fresh test
 * database with the demo country and its staff, serving the built web app.
 */
import { sql } from 'kysely';
import { startCivitas, type Civitas } from '../../src/main.js';
import { testConfig } from '../helpers/config.js';
import { createTestDatabase } from '../helpers/database.js';
import { eventually } from '../helpers/http.js';
import { ensureWebBuilt } from './web-build.js';

export const DEMO_PIN = '2580';

export interface WebServer {
  readonly civitas: Civitas;
  /** e.g. http://127.0.0.1:39511 */
  readonly url: string;
  close(): Promise<void>;
}

export async function startWebServer(flags: Record<string, string> = {}): Promise<WebServer> {
  await ensureWebBuilt();
  const location = await createTestDatabase();
  const civitas = await startCivitas(
    testConfig(location, {
      env: 'development',
      services: 'config,auth,registry,documents,gateway',
      'auth.developmentCode': '000000',
      'outbox.pollIntervalMs': '50',
      ...flags,
    }),
  );
  await eventually('the registry and auth know the demo country', async () => {
    const { rows } = await sql<{ types: number; offices: number }>`select
      (select count(distinct id)::int from registry.event_types) as types,
      (select count(*)::int from auth.offices) as offices`.execute(civitas.database.root);
    return rows[0]!.types >= 3 && rows[0]!.offices >= 10 ? true : undefined;
  });
  return {
    civitas,
    url: civitas.url.replace('0.0.0.0', '127.0.0.1'),
    close: async () => {
      await civitas.stop();
      await location.drop();
    },
  };
}

/** The records a user started, as the server has them. */
export async function recordsCreatedBy(civitas: Civitas, username: string) {
  const { rows } = await sql<{ id: string; tracking_id: string; status: string }>`
    select r.id, r.tracking_id, r.status from registry.records r
    join auth.users u on u.id = r.created_by
    where u.username = ${username} order by r.created_at`.execute(civitas.database.root);
  return rows;
}
