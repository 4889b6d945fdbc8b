import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenWith } from '../../../../test/helpers/auth.js';
import { startTestCivitas, type TestCivitas } from '../../../../test/helpers/civitas.js';
import { eventually } from '../../../../test/helpers/http.js';

describe('offices managed through the API', () => {
  let civitas: TestCivitas;
  let national: string;
  let local: string;
  let reader: string;

  beforeAll(async () => {
    // Development mode seeds the demo country; the auth service keeps its own copy of the offices from the events.
    civitas = await startTestCivitas({ env: 'development', services: 'config,auth' });
    national = await tokenWith(civitas, ['config.read', 'config.office.manage']);
    local = await tokenWith(civitas, ['config.read', 'config.office.manage[area=my-jurisdiction]'], 300, {
      office: 'OFF-IBO',
      jurisdiction: ['CEN-IBO', 'CEN'],
    });
    reader = await tokenWith(civitas, ['config.read']);
  });
  afterAll(async () => {
    await civitas.close();
  });

  const call = (token: string, method: 'POST' | 'PATCH', url: string, payload: object) =>
    civitas.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, payload });
  const authOffice = (code: string) =>
    sql<{ name: string; area_path: string[] }>`select name, area_path from auth.offices where code = ${code}`
      .execute(civitas.database.root)
      .then(({ rows }) => rows[0]);

  it('adds an office with its area path, and the auth service learns it from the event', async () => {
    const created = await call(national, 'POST', '/offices', {
      code: 'OFF-NEW',
      name: 'New Town Office',
      areaCode: 'NTH-OSE',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.location).toBe('/api/v1/offices/OFF-NEW');
    expect(created.json()).toMatchObject({ code: 'OFF-NEW', areaCode: 'NTH-OSE', areaPath: ['NTH-OSE', 'NTH'] });
    const copy = await eventually('auth knows OFF-NEW', () => authOffice('OFF-NEW'));
    expect(copy).toEqual({ name: 'New Town Office', area_path: ['NTH-OSE', 'NTH'] });
  });

  it('refuses a code in use and an unknown area, naming the field', async () => {
    const twice = await call(national, 'POST', '/offices', { code: 'OFF-IBO', name: 'Again', areaCode: 'CEN-IBO' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'CONFIG_OFFICE_EXISTS', field: 'code' });
    const nowhere = await call(national, 'POST', '/offices', { code: 'OFF-X', name: 'X', areaCode: 'NOWHERE' });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json()).toMatchObject({ field: 'areaCode' });
  });

  it('renames and moves an office; publishes what changed, and nothing when nothing did', async () => {
    const moved = await call(national, 'PATCH', '/offices/OFF-NEW', { name: 'Zobwe Town Office', areaCode: 'NTH-ZOB' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ name: 'Zobwe Town Office', areaPath: ['NTH-ZOB', 'NTH'] });
    await eventually('auth follows the move', async () =>
      (await authOffice('OFF-NEW'))?.area_path[0] === 'NTH-ZOB' ? true : undefined,
    );
    const { rows } = await sql<{ changed: string[] }>`select data->'changed' as changed from config.outbox
      where type = 'config.office.updated' and subject = 'OFF-NEW'`.execute(civitas.database.root);
    expect(rows.map((row) => row.changed)).toEqual([['name', 'areaCode', 'areaPath']]);
    const same = await call(national, 'PATCH', '/offices/OFF-NEW', { name: 'Zobwe Town Office' });
    expect(same.statusCode).toBe(200);
    const { rows: after } = await sql`select 1 from config.outbox
      where type = 'config.office.updated' and subject = 'OFF-NEW'`.execute(civitas.database.root);
    expect(after).toHaveLength(1);
    expect((await call(national, 'PATCH', '/offices/OFF-NONE', { name: 'N' })).statusCode).toBe(404);
  });

  it('lets a local administrator manage the offices of their own area only, moves included', async () => {
    const own = await call(local, 'PATCH', '/offices/OFF-IBO', { name: 'Ibombo Civil Registry' });
    expect(own.statusCode, own.body).toBe(200);
    const elsewhere = await call(local, 'POST', '/offices', { code: 'OFF-Y', name: 'Y', areaCode: 'NTH-OSE' });
    expect(elsewhere.statusCode).toBe(403);
    const away = await call(local, 'PATCH', '/offices/OFF-IBO', { areaCode: 'NTH-OSE' });
    expect(away.statusCode).toBe(403);
    const other = await call(local, 'PATCH', '/offices/OFF-ISA', { name: 'Mine now' });
    expect(other.statusCode).toBe(403);
    const office = await civitas.app.inject({
      url: '/api/v1/offices/OFF-Y',
      headers: { authorization: `Bearer ${reader}` },
    });
    expect(office.statusCode, 'the refused insert is rolled back').toBe(404);
  });

  it('refuses without the scope', async () => {
    const refused = await call(reader, 'POST', '/offices', { code: 'OFF-Z', name: 'Z', areaCode: 'CEN-IBO' });
    expect(refused.statusCode).toBe(403);
  });
});
