/**
 * Life events are configuration: a country adds adoption with a YAML file (its form, numbers, and a custom action),
 * imports its folder, and the registry walks an adoption through its whole lifecycle with no code change. A record
 * keeps the form version it was declared with when the country publishes a new one.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configDb, importCountryFolder } from '../src/services/config/api.js';
import { addUser, tokenWith } from './helpers/auth.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';
import { eventually } from './helpers/http.js';

const adoption = (version: number, extraField = '') => `
id: adoption
version: ${version}
label: { en: Adoption, fr: Adoption }
subjectField: child.familyName
areaField: order.courtArea
dateField: order.date
registrationNumber: { format: 'A{year}-{seq:5}' }
legalPeriods: { onTimeDays: 90, lateDays: 365 }
fees: { currency: XDC, onTime: 0, late: 0, delayed: 0 }
customActions:
  - id: escalate
    label: { en: Escalate to the national office, fr: Transmettre au bureau national }
    scope: record.escalate
    allowedIn: [DECLARED]
    requiresReason: true
form:
  sections:
    - id: child
      label: { en: Child, fr: Enfant }
      fields:
        - { id: firstNames, type: text, label: { en: First names, fr: Prénoms }, required: true }
        - { id: familyName, type: text, label: { en: Family name, fr: Nom }, required: true }
        - { id: birthDate, type: date, label: { en: Date of birth, fr: Date de naissance }, required: true }${extraField}
    - id: order
      label: { en: Court order, fr: Décision du tribunal }
      fields:
        - { id: date, type: date, label: { en: Date, fr: Date }, required: true, validation: { notInFuture: true } }
        - { id: courtArea, type: area, label: { en: Court district, fr: District du tribunal }, required: true }
        - { id: parentNames, type: text, label: { en: Adoptive parents, fr: Parents adoptifs }, required: true }
`;

describe('a life event added by configuration', () => {
  let civitas: TestCivitas;
  let country: string;
  let token: string;

  const importCountry = async () => {
    await importCountryFolder({ db: configDb(civitas.database) }, country, 'test');
  };
  const versions = async () => {
    const { rows } = await sql<{ version: number }>`select version from registry.event_types where id = 'adoption'
      order by version`.execute(civitas.database.root);
    return rows.map((row) => row.version);
  };
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    country = mkdtempSync(join(tmpdir(), 'civitas-country-'));
    cpSync('countries/demo', country, { recursive: true });
    writeFileSync(join(country, 'events', 'adoption.yaml'), adoption(1));
    civitas = await startTestCivitas({ services: 'config,auth,registry', 'outbox.pollIntervalMs': '50' });
    await importCountry();
    await eventually('the registry has the adoption form', async () =>
      (await versions()).includes(1) ? true : undefined,
    );
    const sub = await addUser(civitas, { username: 'clerk', role: 'local-registrar', phone: '+260977000111' });
    token = await tokenWith(
      civitas,
      ['record.read', 'record.declare', 'record.validate', 'record.register', 'record.escalate', 'record.print'],
      300,
      { sub, office: 'OFF-IBO', jurisdiction: ['CEN-IBO', 'CEN'] },
    );
  });
  afterAll(async () => {
    await civitas.close();
    rmSync(country, { recursive: true, force: true });
  });

  it('walks an adoption from draft to certificate, with its custom action', async () => {
    const { id } = (await call('POST', '/records', { eventType: 'adoption' })).json();
    const data = {
      child: { firstNames: 'Kofi', familyName: 'Banda', birthDate: '2020-02-29' },
      order: { date: '2026-01-15', courtArea: 'CEN-IBO', parentNames: 'Mary and John Banda' },
    };
    expect((await call('POST', `/records/${id}/declare`, { version: 1, data })).json()).toMatchObject({
      status: 'DECLARED',
      formVersion: 1,
    });
    const noReason = await call('POST', `/records/${id}/actions/escalate`, { version: 2 });
    expect(noReason.json()).toMatchObject({ status: 400, field: 'reason' });
    const unknown = await call('POST', `/records/${id}/actions/approve-late-registration`, { version: 2 });
    expect(unknown.json()).toMatchObject({ status: 400, field: 'action' });
    const escalated = await call('POST', `/records/${id}/actions/escalate`, { version: 2, reason: 'Foreign order' });
    expect(escalated.json()).toMatchObject({ status: 'DECLARED', customActions: ['escalate'], version: 3 });
    await call('POST', `/records/${id}/validate`, { version: 3 });
    const registered = (await call('POST', `/records/${id}/register`, { version: 4 })).json();
    expect(registered.registrationNumber).toBe(`A${new Date().getUTCFullYear()}-00001`);
    expect((await call('POST', `/records/${id}/print-certificate`, { version: 5 })).statusCode).toBe(200);
    const { rows } = await sql<{ type: string }>`select type from registry.outbox where subject = ${id}
      order by id`.execute(civitas.database.root);
    expect(rows.map((row) => row.type)).toContain('registry.adoption.registered');
  });

  it('keeps a record on the form version it was declared with', async () => {
    const { id } = (await call('POST', '/records', { eventType: 'adoption' })).json();
    // Version 2 adds a required field; the record started on version 1 is still declared and validated by version 1.
    writeFileSync(
      join(country, 'events', 'adoption.yaml'),
      adoption(
        2,
        `\n        - { id: nationality, type: text, label: { en: Nationality, fr: Nationalité }, required: true }`,
      ),
    );
    await importCountry();
    await eventually('version 2 is published', async () => ((await versions()).includes(2) ? true : undefined));
    const data = {
      child: { firstNames: 'Ama', familyName: 'Phiri', birthDate: '2021-05-01' },
      order: { date: '2026-02-01', courtArea: 'CEN-IBO', parentNames: 'Esther Phiri' },
    };
    expect((await call('POST', `/records/${id}/declare`, { version: 1, data })).json()).toMatchObject({
      status: 'DECLARED',
      formVersion: 1,
    });
    const fresh = (await call('POST', '/records', { eventType: 'adoption' })).json();
    expect(fresh.formVersion).toBe(2);
    const refused = await call('POST', `/records/${fresh.id}/declare`, { version: 1, data });
    expect(refused.json()).toMatchObject({ status: 400, field: 'data.child.nationality' });
  });
});
