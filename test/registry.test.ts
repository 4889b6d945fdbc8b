/**
 * A birth from draft to certificate over the HTTP API, as the demo staff would do it, and the rules around it:
 * scopes, jurisdiction, versions, idempotent retries, append-only history, events.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAudit } from '../src/core/audit/seal.js';
import type { AuditDb } from '../src/core/audit/tables.js';
import { verifyAuditChain } from '../src/core/audit/verify.js';
import { registryDb } from '../src/services/registry/repository.js';
import { type TestCivitas } from './helpers/civitas.js';
import { birthDeclaration, daysAgo, startDemoCountry } from './helpers/records.js';

describe('registering a birth', () => {
  let civitas: TestCivitas;
  let tokens: Record<string, string> = {};

  beforeAll(async () => {
    ({ civitas, tokens } = await startDemoCountry([
      'f.agent',
      'r.agent',
      'l.registrar',
      'e.sakala',
      'n.registrar',
      'p.manager',
    ]));
  });
  afterAll(async () => {
    await civitas.close();
  });

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object, headers = {}) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${tokens[who]}`, ...headers },
      ...(payload ? { payload } : {}),
    });

  it('goes from draft to registered and printed, with a number, events and a history', async () => {
    const created = await call('f.agent', 'POST', '/records', { eventType: 'birth' });
    expect(created.statusCode, created.body).toBe(201);
    const record = created.json();
    expect(record).toMatchObject({ status: 'DRAFT', version: 1, eventType: 'birth', formVersion: 1 });
    expect(record.trackingId).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);

    const declared = await call('f.agent', 'POST', `/records/${record.id}/declare`, {
      version: 1,
      data: birthDeclaration(),
    });
    expect(declared.json()).toMatchObject({ status: 'DECLARED', version: 2, area: 'CEN-IBO', flags: [] });

    // A field agent may not validate or register; a registration agent validates.
    expect((await call('f.agent', 'POST', `/records/${record.id}/register`, { version: 2 })).statusCode).toBe(403);
    const validated = await call('r.agent', 'POST', `/records/${record.id}/validate`, { version: 2 });
    expect(validated.json()).toMatchObject({ status: 'VALIDATED', version: 3 });

    // Another district's registrar cannot even see it.
    expect((await call('e.sakala', 'GET', `/records/${record.id}`)).statusCode).toBe(404);
    expect((await call('e.sakala', 'POST', `/records/${record.id}/register`, { version: 3 })).statusCode).toBe(404);

    const registered = await call('l.registrar', 'POST', `/records/${record.id}/register`, { version: 3 });
    expect(registered.statusCode, registered.body).toBe(200);
    const year = new Date().getUTCFullYear();
    expect(registered.json()).toMatchObject({ status: 'REGISTERED', registrationNumber: `B${year}-CEN-IBO-000001` });

    const queue = await call('l.registrar', 'GET', '/workqueues/ready-to-print');
    expect(queue.json().items.map((item: { id: string }) => item.id)).toContain(record.id);
    const printed = await call('l.registrar', 'POST', `/records/${record.id}/print-certificate`, {
      version: 4,
      collector: { type: 'mother', name: 'Grace Mwale', idType: 'national-id', idNumber: '1234567890' },
    });
    expect(printed.json()).toMatchObject({ status: 'REGISTERED', flags: ['PRINTED'], version: 5 });
    const after = await call('l.registrar', 'GET', '/workqueues/ready-to-print');
    expect(after.json().items.map((item: { id: string }) => item.id)).not.toContain(record.id);

    const history = (await call('n.registrar', 'GET', `/records/${record.id}/history`)).json();
    expect(history.map((action: { type: string }) => action.type)).toEqual([
      'CREATE',
      'DECLARE',
      'VALIDATE',
      'REGISTER',
      'PRINT_CERTIFICATE',
    ]);
    expect(history[3]).toMatchObject({ role: 'local-registrar', office: 'OFF-IBO' });

    const { rows } = await sql<{ type: string }>`select type from registry.outbox where subject = ${record.id}
      order by id`.execute(civitas.database.root);
    expect(rows.map((row) => row.type)).toEqual([
      'registry.birth.declared',
      'registry.birth.validated',
      'registry.birth.registered',
      'registry.birth.certificate-printed',
    ]);
    const byTracking = await call('f.agent', 'GET', `/records/by-tracking-id/${record.trackingId.toLowerCase()}`);
    expect(byTracking.json()).toMatchObject({ id: record.id });
  });

  it('numbers registrations without gaps per district and year', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = (await call('l.registrar', 'POST', '/records', { eventType: 'birth' })).json();
      await call('l.registrar', 'POST', `/records/${id}/declare`, { version: 1, data: birthDeclaration() });
      numbers.push(
        (await call('l.registrar', 'POST', `/records/${id}/register`, { version: 2 })).json().registrationNumber,
      );
    }
    expect(numbers.map((number) => number.slice(-6))).toEqual(['000002', '000003', '000004']);
  });

  it('refuses a stale version, a wrong status, bad data and another district, changing nothing', async () => {
    const { id } = (await call('f.agent', 'POST', '/records', { eventType: 'birth' })).json();
    const stale = await call('f.agent', 'POST', `/records/${id}/declare`, { version: 7, data: birthDeclaration() });
    expect(stale.json()).toMatchObject({ status: 409, code: 'REGISTRY_VERSION_CONFLICT' });
    const early = await call('l.registrar', 'POST', `/records/${id}/register`, { version: 1 });
    expect(early.json()).toMatchObject({ status: 409, code: 'REGISTRY_WRONG_STATUS' });

    const bad = birthDeclaration();
    bad.child.sex = 'dragon';
    (bad.mother as Record<string, unknown>).birthDate = daysAgo(1);
    const invalid = await call('f.agent', 'POST', `/records/${id}/declare`, { version: 1, data: bad });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((error: { field: string }) => error.field)).toEqual(
      expect.arrayContaining(['data.child.sex', 'data.mother.birthDate']),
    );
    const elsewhere = await call('f.agent', 'POST', `/records/${id}/declare`, {
      version: 1,
      data: birthDeclaration('NTH-OSE'),
    });
    expect(elsewhere.statusCode).toBe(403);
    const unknownArea = await call('f.agent', 'POST', `/records/${id}/declare`, {
      version: 1,
      data: birthDeclaration('NOWHERE'),
    });
    expect(unknownArea.json()).toMatchObject({ status: 400, field: 'data.child.placeOfBirthArea' });

    const unchanged = (await call('f.agent', 'GET', `/records/${id}`)).json();
    expect(unchanged).toMatchObject({ status: 'DRAFT', version: 1, data: {} });
  });

  it('takes an incomplete declaration, marked so, and registers only once it is complete', async () => {
    const { id } = (await call('f.agent', 'POST', '/records', { eventType: 'birth' })).json();
    const partial = birthDeclaration();
    delete (partial.mother as Partial<typeof partial.mother>).birthDate;
    const refused = await call('f.agent', 'POST', `/records/${id}/declare`, { version: 1, data: partial });
    expect(refused.json()).toMatchObject({ status: 400, field: 'data.mother.birthDate' });
    const declared = await call('f.agent', 'POST', `/records/${id}/declare`, {
      version: 1,
      data: partial,
      incomplete: true,
    });
    expect(declared.json()).toMatchObject({ status: 'DECLARED', flags: ['INCOMPLETE'] });
    const early = await call('l.registrar', 'POST', `/records/${id}/register`, { version: 2 });
    expect(early.json()).toMatchObject({ code: 'REGISTRY_NOT_READY' });
    const completed = await call('r.agent', 'POST', `/records/${id}/validate`, {
      version: 2,
      data: { mother: { birthDate: '1990-01-01' } },
    });
    expect(completed.json()).toMatchObject({ status: 'VALIDATED', flags: [] });
    expect((await call('l.registrar', 'POST', `/records/${id}/register`, { version: 3 })).statusCode).toBe(200);
  });

  it('answers a retried request with the first answer, never a second record', async () => {
    const headers = { 'idempotency-key': 'tablet-7:draft-42' };
    const first = await call('f.agent', 'POST', '/records', { eventType: 'birth' }, headers);
    const retry = await call('f.agent', 'POST', '/records', { eventType: 'birth' }, headers);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(first.json().id);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const other = await call('f.agent', 'POST', '/records', { eventType: 'death' }, headers);
    expect(other.json()).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });

    const id = first.json().id;
    const declare = { version: 1, data: birthDeclaration() };
    const once = await call('f.agent', 'POST', `/records/${id}/declare`, declare, { 'idempotency-key': 'k2' });
    const twice = await call('f.agent', 'POST', `/records/${id}/declare`, declare, { 'idempotency-key': 'k2' });
    expect([once.statusCode, twice.statusCode]).toEqual([200, 200]);
    expect(twice.json().version).toBe(2);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from registry.actions
      where record_id = ${id}`.execute(civitas.database.root);
    expect(rows[0]!.n).toBe(2);
  });

  it('keeps history append-only: the database refuses to change or delete an action', async () => {
    await expect(sql`update registry.actions set role = 'forged'`.execute(civitas.database.root)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from registry.actions`.execute(civitas.database.root)).rejects.toThrow(/append-only/);
  });

  it('lets only the assignee act, and a registrar unassign others', async () => {
    const { id } = (await call('f.agent', 'POST', '/records', { eventType: 'birth' })).json();
    await call('f.agent', 'POST', `/records/${id}/declare`, { version: 1, data: birthDeclaration() });
    expect((await call('r.agent', 'POST', `/records/${id}/assign`, { version: 2 })).json()).toMatchObject({
      version: 3,
      assignedTo: expect.any(String),
    });
    const blocked = await call('l.registrar', 'POST', `/records/${id}/register`, { version: 3 });
    expect(blocked.json()).toMatchObject({ status: 409, code: 'REGISTRY_ASSIGNED_TO_OTHER' });
    expect((await call('f.agent', 'POST', `/records/${id}/unassign`, { version: 3 })).statusCode).toBe(409);
    expect((await call('l.registrar', 'POST', `/records/${id}/unassign`, { version: 3 })).statusCode).toBe(200);
    expect((await call('l.registrar', 'POST', `/records/${id}/register`, { version: 4 })).statusCode).toBe(200);
  });

  it('releases the record when it is handed on: validated by an assigned agent, the registrar registers at once', async () => {
    const { id } = (await call('f.agent', 'POST', '/records', { eventType: 'birth' })).json();
    await call('f.agent', 'POST', `/records/${id}/declare`, { version: 1, data: birthDeclaration() });
    expect((await call('r.agent', 'POST', `/records/${id}/assign`, { version: 2 })).statusCode).toBe(200);
    const validated = await call('r.agent', 'POST', `/records/${id}/validate`, { version: 3 });
    expect(validated.json()).toMatchObject({ status: 'VALIDATED', assignedTo: null });
    const registered = await call('l.registrar', 'POST', `/records/${id}/register`, { version: 4 });
    expect(registered.json()).toMatchObject({ status: 'REGISTERED', assignedTo: null });
  });

  it('audits every action and every read of a record in a hash chain that shows tampering', async () => {
    const { id } = (await call('f.agent', 'POST', '/records', { eventType: 'birth' })).json();
    await call('f.agent', 'POST', `/records/${id}/declare`, { version: 1, data: birthDeclaration() });
    await call('l.registrar', 'GET', `/records/${id}`);
    await call('e.sakala', 'GET', `/records/${id}`); // refused: not a read
    const { rows } = await sql<{
      action: string;
      actor_role: string;
      detail: unknown;
    }>`select action, actor_role, detail
      from registry.audit_log where subject = ${id} order by id`.execute(civitas.database.root);
    expect(rows.map((row) => [row.action, row.actor_role])).toEqual([
      ['record.create', 'field-agent'],
      ['record.declare', 'field-agent'],
      ['record.read', 'local-registrar'],
    ]);
    // Field names, never the values.
    expect(JSON.stringify(rows[1]!.detail)).toContain('child.firstNames');
    expect(JSON.stringify(rows)).not.toContain('Mwale');

    const db = registryDb(civitas.database) as unknown as AuditDb;
    await sealAudit(db, {});
    expect(await verifyAuditChain(db, {})).toMatchObject({ ok: true });
    await sql`update registry.audit_log set actor_role = 'national-registrar'
      where subject = ${id} and action = 'record.read'`.execute(civitas.database.root);
    expect(await verifyAuditChain(db, {})).toMatchObject({ ok: false, brokenAt: { kind: 'edited' } });
    await sql`update registry.audit_log set actor_role = 'local-registrar'
      where subject = ${id} and action = 'record.read'`.execute(civitas.database.root);
  });

  it('refuses everything to a role without record scopes', async () => {
    expect((await call('p.manager', 'POST', '/records', { eventType: 'birth' })).statusCode).toBe(403);
    expect((await call('p.manager', 'GET', '/workqueues/ready-for-review')).statusCode).toBe(403);
  });
});
