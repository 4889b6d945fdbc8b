import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCivitas } from '../../../test/helpers/civitas.js';
import { eventually } from '../../../test/helpers/http.js';
import { birthDeclaration, daysAgo, startDemoCountry } from '../../../test/helpers/records.js';
import { rebuildStatistics } from './rebuild.js';

describe('statistics rebuilt from the registry', () => {
  let civitas: TestCivitas;
  let tokens: Record<string, string> = {};

  beforeAll(async () => {
    ({ civitas, tokens } = await startDemoCountry(['n.registrar'], {
      services: 'config,auth,registry,metrics',
    }));
  });
  afterAll(async () => {
    await civitas.close();
  });

  const call = (who: string, url: string, payload: object) =>
    civitas.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${tokens[who]}` },
      payload,
    });

  async function declareBirth(area: string, birthDate: string): Promise<string> {
    const { id } = (await call('n.registrar', '/records', { eventType: 'birth' })).json();
    const declared = await call('n.registrar', `/records/${id}/declare`, {
      version: 1,
      data: birthDeclaration(area, birthDate),
    });
    expect(declared.statusCode, declared.body).toBe(200);
    return id as string;
  }

  /** What statistics hold, in a stable order. */
  async function statisticsRows() {
    const root = civitas.database.root;
    const registrations = await sql`select record_id, event_type, registered_at, registered_month, event_date,
      timeliness from metrics.registrations order by record_id`.execute(root);
    const areas = await sql`select record_id, area_code from metrics.registration_areas
      order by record_id, area_code`.execute(root);
    return { registrations: registrations.rows, areas: areas.rows };
  }

  it('gives back what the events had built, with the real registration times, and again unchanged', async () => {
    const registered: string[] = [];
    for (const [area, days] of [
      ['CEN-IBO', 3],
      ['NTH-OSE', 12],
      ['STH-EMB', 20],
    ] as const) {
      const id = await declareBirth(area, daysAgo(days));
      const answer = await call('n.registrar', `/records/${id}/register`, { version: 2 });
      expect(answer.statusCode, answer.body).toBe(200);
      registered.push(id);
    }
    // A later action moves the record's last change, not its registration time.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const assigned = await call('n.registrar', `/records/${registered[0]}/assign`, { version: 3 });
    expect(assigned.statusCode, assigned.body).toBe(200);
    // A declared record that was never registered is not a registration.
    const pending = await declareBirth('CEN-IBO', daysAgo(5));
    expect(registered.length).toBeGreaterThan(0);

    const built = await eventually('metrics kept every registration', async () => {
      const rows = await statisticsRows();
      return rows.registrations.length === registered.length ? rows : undefined;
    });
    expect(built.registrations.map((row) => (row as { record_id: string }).record_id)).not.toContain(pending);

    // A metrics service added later: nothing of what came before.
    const root = civitas.database.root;
    await sql`delete from metrics.registration_areas`.execute(root);
    await sql`delete from metrics.registrations`.execute(root);
    await sql`delete from metrics.event_types`.execute(root);

    const progress: number[] = [];
    const result = await rebuildStatistics(civitas.database, {
      pageSize: 2,
      onProgress: ({ done }) => progress.push(done),
    });
    expect(result).toMatchObject({ read: registered.length + 1, registrations: registered.length, skipped: 0 });
    expect(progress.at(-1)).toBe(registered.length + 1);
    expect(await statisticsRows()).toEqual(built);

    const again = await rebuildStatistics(civitas.database);
    expect(again.registrations).toBe(registered.length);
    expect(await statisticsRows()).toEqual(built);
  });
});
