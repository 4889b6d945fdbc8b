/**
 * The parts of a record's life after the happy path: sent back for updates and declared again, corrected after
 * registration (old and new values, reason, approval), archived; and their refusals.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCivitas } from './helpers/civitas.js';
import { birthDeclaration, startDemoCountry } from './helpers/records.js';

describe('rejections, corrections and archiving', () => {
  let civitas: TestCivitas;
  let tokens: Record<string, string> = {};

  beforeAll(async () => {
    ({ civitas, tokens } = await startDemoCountry(['f.agent', 'r.agent', 'l.registrar']));
  });
  afterAll(async () => {
    await civitas.close();
  });

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload ? { payload } : {}),
    });
  const declared = async () => {
    const { id } = (await call('f.agent', 'POST', '/records', { eventType: 'birth' })).json();
    await call('f.agent', 'POST', `/records/${id}/declare`, { version: 1, data: birthDeclaration() });
    return id as string;
  };

  it('saves drafts for their author only, until the record is declared', async () => {
    const { id } = (await call('f.agent', 'POST', '/records', { eventType: 'birth' })).json();
    const partial = { child: { firstNames: 'Ad' } };
    const saved = await civitas.app.inject({
      method: 'PUT',
      url: `/api/v1/records/${id}/draft`,
      headers: { authorization: `Bearer ${tokens['f.agent']}` },
      payload: { data: partial },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await call('f.agent', 'GET', `/records/${id}/draft`)).json()).toMatchObject({ data: partial });
    expect((await call('r.agent', 'GET', `/records/${id}/draft`)).statusCode).toBe(404);
    // The draft is not the record: its history and data do not change.
    expect((await call('f.agent', 'GET', `/records/${id}`)).json()).toMatchObject({ version: 1, data: {} });
    await call('f.agent', 'POST', `/records/${id}/declare`, { version: 1, data: birthDeclaration() });
    expect((await call('f.agent', 'GET', `/records/${id}/draft`)).statusCode).toBe(404);
  });

  it('sends a declaration back with a reason, and takes it declared again', async () => {
    const id = await declared();
    const noReason = await call('r.agent', 'POST', `/records/${id}/reject`, { version: 2 });
    expect(noReason.json()).toMatchObject({ status: 400, field: 'reason' });
    const rejected = await call('r.agent', 'POST', `/records/${id}/reject`, {
      version: 2,
      reason: 'The mother’s date of birth looks wrong',
    });
    expect(rejected.json()).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'The mother’s date of birth looks wrong',
    });
    const queue = (await call('f.agent', 'GET', '/workqueues/requires-updates')).json();
    expect(queue.items.map((item: { id: string }) => item.id)).toContain(id);
    const again = await call('f.agent', 'POST', `/records/${id}/declare`, {
      version: 3,
      data: { mother: { birthDate: '1993-04-02' } },
    });
    expect(again.json()).toMatchObject({ status: 'DECLARED', rejectionReason: null, version: 4 });
    expect(again.json().data.mother.birthDate).toBe('1993-04-02');
    expect(again.json().data.child.firstNames).toBe('Ada');
  });

  it('corrects a registered record only once approved, keeping old and new values in the history', async () => {
    const id = await declared();
    await call('l.registrar', 'POST', `/records/${id}/register`, { version: 2 });
    const requested = await call('r.agent', 'POST', `/records/${id}/request-correction`, {
      version: 3,
      data: { child: { firstNames: 'Adah' } },
      reason: 'Misspelt at declaration; see the hospital notice',
    });
    expect(requested.json()).toMatchObject({
      status: 'REGISTERED',
      flags: ['CORRECTION_REQUESTED'],
      pendingCorrection: { data: { child: { firstNames: 'Adah' } } },
    });
    expect(requested.json().data.child.firstNames).toBe('Ada');
    const queue = (await call('l.registrar', 'GET', '/workqueues/sent-for-approval')).json();
    expect(queue.items.map((item: { id: string }) => item.id)).toContain(id);
    // An agent may ask, not approve; a second request waits for the first.
    expect((await call('r.agent', 'POST', `/records/${id}/approve-correction`, { version: 4 })).statusCode).toBe(403);
    const second = await call('r.agent', 'POST', `/records/${id}/request-correction`, {
      version: 4,
      data: { child: { familyName: 'Banda' } },
      reason: 'again',
    });
    expect(second.json()).toMatchObject({ code: 'REGISTRY_NOT_READY' });

    const approved = await call('l.registrar', 'POST', `/records/${id}/approve-correction`, { version: 4 });
    expect(approved.json()).toMatchObject({ status: 'REGISTERED', flags: [], pendingCorrection: null });
    expect(approved.json().data.child.firstNames).toBe('Adah');
    const history = (await call('l.registrar', 'GET', `/records/${id}/history`)).json();
    expect(history.find((action: { type: string }) => action.type === 'REQUEST_CORRECTION')).toMatchObject({
      data: { child: { firstNames: 'Adah' } },
      details: { previous: { child: { firstNames: 'Ada' } } },
      reason: 'Misspelt at declaration; see the hospital notice',
    });
    const { rows } = await sql<{ type: string; data: { changes?: unknown } }>`select type, data from registry.outbox
      where subject = ${id} and type = 'registry.birth.corrected'`.execute(civitas.database.root);
    expect(rows).toHaveLength(1);

    await call('r.agent', 'POST', `/records/${id}/request-correction`, {
      version: 5,
      data: { child: { sex: 'male' } },
      reason: 'Sex recorded wrongly',
    });
    const refused = await call('l.registrar', 'POST', `/records/${id}/reject-correction`, {
      version: 6,
      reason: 'The birth notice says female',
    });
    expect(refused.json()).toMatchObject({ pendingCorrection: null, flags: [] });
    expect(refused.json().data.child.sex).toBe('female');
  });

  it('archives a declaration, after which nothing more can be done to it', async () => {
    const id = await declared();
    expect((await call('f.agent', 'POST', `/records/${id}/archive`, { version: 2 })).statusCode).toBe(403);
    const archived = await call('l.registrar', 'POST', `/records/${id}/archive`, { version: 2, reason: 'Duplicate' });
    expect(archived.json()).toMatchObject({ status: 'ARCHIVED' });
    const after = await call('l.registrar', 'POST', `/records/${id}/register`, { version: 3 });
    expect(after.json()).toMatchObject({ status: 409, code: 'REGISTRY_WRONG_STATUS' });
    const duplicate = await call('l.registrar', 'POST', `/records/${id}/mark-duplicate`, { version: 3, reason: 'x' });
    expect(duplicate.json()).toMatchObject({ code: 'REGISTRY_WRONG_STATUS' });
  });
});
