import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCivitas, type TestCivitas } from '../../../test/helpers/civitas.js';
import { configDb } from './repository.js';
import { importCountryFolder } from './seed.js';

const DEMO = fileURLToPath(new URL('../../../countries/demo', import.meta.url));

describe('office routes', () => {
  let civitas: TestCivitas;
  beforeAll(async () => {
    civitas = await startTestCivitas();
    await importCountryFolder({ db: configDb(civitas.database) }, DEMO, 'test');
  });
  afterAll(async () => {
    await civitas.close();
  });

  const get = (url: string) => civitas.app.inject({ url: `/api/v1${url}` });
  const codes = (body: { items: Array<{ code: string }> }) => body.items.map((office) => office.code);

  it('lists every office with its area path, a page at a time', async () => {
    const all = (await get('/offices')).json();
    expect(all.total).toBe(10);
    expect(all.items[0]).toEqual({
      code: 'OFF-AFI',
      name: 'Afiya Registration Office',
      areaCode: 'NTH-AFI',
      areaPath: ['NTH-AFI', 'NTH'],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const page = (await get('/offices?limit=2&offset=1')).json();
    expect({ total: page.total, codes: codes(page) }).toEqual({ total: 10, codes: ['OFF-CHU', 'OFF-EBO'] });
  });

  it('lists the offices whose area path holds the given area', async () => {
    expect(codes((await get('/offices?area=CEN')).json())).toEqual(['OFF-EBO', 'OFF-IBO', 'OFF-ILA', 'OFF-ISA']);
    expect((await get('/offices?area=CEN-IBO')).json()).toMatchObject({ total: 1, items: [{ code: 'OFF-IBO' }] });
    expect((await get('/offices?area=NOWHERE')).json()).toEqual({ items: [], total: 0 });
    expect((await get('/offices?area=not%20a%20code')).statusCode).toBe(400);
  });

  it('answers one office, or a 404 problem naming the code', async () => {
    expect((await get('/offices/OFF-IBO')).json()).toMatchObject({
      code: 'OFF-IBO',
      areaCode: 'CEN-IBO',
      areaPath: ['CEN-IBO', 'CEN'],
    });
    const missing = await get('/offices/OFF-NONE');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.json()).toMatchObject({ code: 'CONFIG_OFFICE_NOT_FOUND', field: 'code' });
  });

  it('declares config.read on both routes', async () => {
    const document = (await civitas.app.inject({ url: '/openapi.json' })).json();
    expect(document.paths['/api/v1/offices'].get.security).toEqual([{ bearer: ['config.read'] }]);
    expect(document.paths['/api/v1/offices/{code}'].get.security).toEqual([{ bearer: ['config.read'] }]);
  });
});
