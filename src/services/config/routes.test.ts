import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('lists the top-level areas, or the children of one area', async () => {
    const top = (await get('/areas?top=true')).json();
    expect({ total: top.total, codes: codes(top) }).toEqual({ total: 3, codes: ['CEN', 'NTH', 'STH'] });
    expect(codes((await get('/areas?parent=NTH')).json())).toEqual(['NTH-AFI', 'NTH-OSE', 'NTH-ZOB']);
    expect((await get('/areas?parent=NTH-AFI')).json()).toEqual({ items: [], total: 0 });
    expect((await get('/areas?top=false&limit=1')).json().total).toBe(13);
    expect((await get('/areas?top=yes')).statusCode).toBe(400);
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

describe('facility routes', () => {
  let civitas: TestCivitas;
  beforeAll(async () => {
    civitas = await startTestCivitas();
    await importCountryFolder({ db: configDb(civitas.database) }, DEMO, 'test');
  });
  afterAll(async () => {
    await civitas.close();
  });

  const get = (url: string) => civitas.app.inject({ url: `/api/v1${url}` });
  const codes = (body: { items: Array<{ code: string }> }) => body.items.map((facility) => facility.code);

  it('lists every facility with its kind and area path, a page at a time', async () => {
    const all = (await get('/facilities')).json();
    expect(all.total).toBe(20);
    expect(all.items[0]).toEqual({
      code: 'FAC-AFI-GH',
      name: 'Afiya General Hospital',
      kind: 'hospital',
      areaCode: 'NTH-AFI',
      areaPath: ['NTH-AFI', 'NTH'],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const page = (await get('/facilities?limit=2&offset=1')).json();
    expect({ total: page.total, codes: codes(page) }).toEqual({ total: 20, codes: ['FAC-AFI-HC', 'FAC-CHU-CL'] });
  });

  it('lists the facilities of an area and below, of a kind, or both', async () => {
    const central = (await get('/facilities?area=CEN')).json();
    expect({ total: central.total, codes: codes(central) }).toEqual({
      total: 8,
      codes: [
        'FAC-EBO-CL',
        'FAC-EBO-HC',
        'FAC-IBO-GH',
        'FAC-IBO-HC',
        'FAC-ILA-CL',
        'FAC-ILA-DH',
        'FAC-ISA-HC',
        'FAC-ISA-MA',
      ],
    });
    expect(codes((await get('/facilities?kind=hospital')).json())).toEqual([
      'FAC-AFI-GH',
      'FAC-ESE-DH',
      'FAC-IBO-GH',
      'FAC-ILA-DH',
      'FAC-OSE-DH',
    ]);
    expect((await get('/facilities?area=CEN&kind=hospital&limit=1')).json()).toMatchObject({
      total: 2,
      items: [{ code: 'FAC-IBO-GH' }],
    });
    expect((await get('/facilities?area=NOWHERE')).json()).toEqual({ items: [], total: 0 });
    expect((await get('/facilities?kind=Hospital')).statusCode).toBe(400);
    expect((await get('/facilities?kind=dispensary')).statusCode).toBe(400);
  });

  it('answers one facility, or a 404 problem naming the code', async () => {
    expect((await get('/facilities/FAC-IBO-HC')).json()).toMatchObject({
      code: 'FAC-IBO-HC',
      name: 'Ibombo Health Centre',
      kind: 'health-centre',
      areaCode: 'CEN-IBO',
      areaPath: ['CEN-IBO', 'CEN'],
    });
    const missing = await get('/facilities/FAC-NONE');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.json()).toMatchObject({ code: 'CONFIG_FACILITY_NOT_FOUND', field: 'code' });
  });

  it('declares config.read on both routes', async () => {
    const document = (await civitas.app.inject({ url: '/openapi.json' })).json();
    expect(document.paths['/api/v1/facilities'].get.security).toEqual([{ bearer: ['config.read'] }]);
    expect(document.paths['/api/v1/facilities/{code}'].get.security).toEqual([{ bearer: ['config.read'] }]);
  });
});

describe('event type routes', () => {
  let civitas: TestCivitas;
  let folder: string;
  beforeAll(async () => {
    civitas = await startTestCivitas();
    folder = mkdtempSync(join(tmpdir(), 'civitas-country-'));
    cpSync(DEMO, folder, { recursive: true });
    await importCountryFolder({ db: configDb(civitas.database) }, folder, 'test');
    // Version 2 of birth, as a country publishes a change of its form.
    const birth = join(folder, 'events', 'birth.yaml');
    const text = readFileSync(birth, 'utf8')
      .replace(/^version: 1$/m, 'version: 2')
      .replace('label: { en: Birth, fr: Naissance }', 'label: { en: Birth registration, fr: Naissance }');
    writeFileSync(birth, text);
    await importCountryFolder({ db: configDb(civitas.database) }, folder, 'test');
  });
  afterAll(async () => {
    await civitas.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const get = (url: string) => civitas.app.inject({ url: `/api/v1${url}` });

  it('lists each event type at its latest version', async () => {
    const list = await get('/event-types');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      { id: 'birth', version: 2, label: { en: 'Birth registration', fr: 'Naissance' } },
      { id: 'death', version: 1, label: { en: 'Death', fr: 'Décès' } },
      { id: 'marriage', version: 1, label: { en: 'Marriage', fr: 'Mariage' } },
    ]);
  });

  it('answers the latest definition, or the version asked for: a published version stays readable', async () => {
    const latest = (await get('/event-types/birth')).json();
    expect(latest).toMatchObject({ id: 'birth', version: 2, label: { en: 'Birth registration' } });
    expect(latest.form.sections.map((section: { id: string }) => section.id)).toEqual([
      'child',
      'mother',
      'father',
      'informant',
      'documents',
    ]);
    expect((await get('/event-types/birth?version=1')).json()).toMatchObject({
      id: 'birth',
      version: 1,
      label: { en: 'Birth', fr: 'Naissance' },
      registrationNumber: { format: 'B{year}-{district}-{seq:6}' },
    });
    expect((await get('/event-types/birth?version=first')).statusCode).toBe(400);
  });

  it('answers a 404 problem for an unknown event type or version', async () => {
    const unknown = await get('/event-types/adoption');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.json()).toMatchObject({ code: 'CONFIG_EVENT_TYPE_NOT_FOUND', field: 'id' });
    const version = await get('/event-types/birth?version=3');
    expect(version.statusCode).toBe(404);
    expect(version.json()).toMatchObject({ code: 'CONFIG_EVENT_TYPE_NOT_FOUND', field: 'version' });
  });

  it('declares config.read on both routes', async () => {
    const document = (await civitas.app.inject({ url: '/openapi.json' })).json();
    expect(document.paths['/api/v1/event-types'].get.security).toEqual([{ bearer: ['config.read'] }]);
    expect(document.paths['/api/v1/event-types/{id}'].get.security).toEqual([{ bearer: ['config.read'] }]);
  });
});
