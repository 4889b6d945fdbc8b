/**
 * Identities follow the registry: a registered birth gets exactly one UIN (redelivered or re-published events
 * included), valid under the UIN rules and drawn from the pool; a registered death deactivates the identity, and
 * an approved correction updates its demographics while keeping their history.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleBatch } from '../src/core/events/consumer.js';
import type { EventEnvelope } from '../src/core/events/envelope.js';
import { uuidv7 } from '../src/core/events/uuidv7.js';
import { findIdentity } from '../src/services/identity/api.js';
import { checkUin } from '../src/services/identity/numbers/check.js';
import { identityDb } from '../src/services/identity/tables.js';
import { tokenWith } from './helpers/auth.js';
import { type TestCivitas } from './helpers/civitas.js';
import { eventually } from './helpers/http.js';
import { birthDeclaration, daysAgo, startDemoCountry } from './helpers/records.js';

describe('identities from registry events', () => {
  let civitas: TestCivitas;
  let tokens: Record<string, string> = {};

  beforeAll(async () => {
    ({ civitas, tokens } = await startDemoCountry(['f.agent', 'r.agent', 'l.registrar'], {
      services: 'config,auth,registry,identity',
      'identity.poolSize': '300',
      'identity.poolRefillBelow': '100',
    }));
  });
  afterAll(async () => {
    await civitas.close();
  });

  const db = () => identityDb(civitas.database);
  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload ? { payload } : {}),
    });

  async function register(eventType: 'birth' | 'death', data: object): Promise<string> {
    const { id } = (await call('f.agent', 'POST', '/records', { eventType })).json();
    const declared = await call('f.agent', 'POST', `/records/${id}/declare`, { version: 1, data });
    expect(declared.statusCode, declared.body).toBe(200);
    const registered = await call('l.registrar', 'POST', `/records/${id}/register`, { version: 2 });
    expect(registered.json(), registered.body).toMatchObject({ status: 'REGISTERED' });
    return id as string;
  }

  const identityOf = (recordId: string) =>
    eventually(`the identity of record ${recordId}`, () =>
      db().selectFrom('identities').selectAll().where('source_record_id', '=', recordId).executeTakeFirst(),
    );

  function deathDeclaration(nationalId: string) {
    return {
      deceased: {
        firstNames: 'Ada',
        familyName: 'Mwale',
        sex: 'female',
        nationalId,
        maritalStatus: 'single',
      },
      death: {
        dateOfDeath: daysAgo(1),
        placeOfDeathType: 'other',
        placeOfDeathArea: 'CEN-IBO',
        placeOfDeathAddress: 'Plot 12, Ibombo',
        manner: 'natural',
      },
      informant: { type: 'other-family', relationship: 'Aunt', firstNames: 'Grace', familyName: 'Mwale' },
    };
  }

  it('fills the UIN pool in the background, with numbers that follow the rules', async () => {
    const unissued = await eventually('the pool is filled', async () => {
      const { rows } = await sql<{ count: number }>`select count(*)::int as count from identity.uin_pool
        where issued_at is null`.execute(civitas.database.root);
      return rows[0]!.count >= 300 ? rows[0]!.count : undefined;
    });
    expect(unissued).toBe(300);
    const sample = await db().selectFrom('uin_pool').select('uin').limit(300).execute();
    for (const { uin } of sample) expect(checkUin(uin), uin).toEqual({ valid: true });
  });

  it('issues exactly one valid UIN to a registered birth, linked to the record and its parents, and says so', async () => {
    const mother = await register('birth', birthDeclaration());
    const motherIdentity = await identityOf(mother);
    const declaration = birthDeclaration();
    const childId = await register('birth', {
      ...declaration,
      child: { ...declaration.child, firstNames: 'Chanda' },
      mother: { ...declaration.mother, nationalId: motherIdentity.uin, phone: '+260971234567' },
    });
    const child = await identityOf(childId);
    expect(checkUin(child.uin)).toEqual({ valid: true });
    const view = await findIdentity(civitas.database.forSchema('identity'), { uin: child.uin });
    expect(view).toEqual({
      identityId: child.id,
      uin: child.uin,
      status: 'active',
      givenNames: 'Chanda',
      familyName: 'Mwale',
      birthDate: declaration.child.birthDate,
      sex: 'female',
      birthPlace: { area: 'CEN-IBO', areaPath: expect.arrayContaining(['CEN-IBO']) },
      contact: { phone: '+260971234567' },
      parents: { motherUin: motherIdentity.uin },
    });
    const pool = await db().selectFrom('uin_pool').selectAll().where('uin', '=', child.uin).executeTakeFirstOrThrow();
    expect(pool.issued_at).not.toBeNull();
    const { rows } = await sql<{ data: { uin: string; recordId: string; eventType: string } }>`select data
      from identity.outbox where type = 'identity.issued' and data->>'recordId' = ${childId}`.execute(
      civitas.database.root,
    );
    expect(rows.map((row) => row.data)).toEqual([
      expect.objectContaining({ uin: child.uin, recordId: childId, eventType: 'birth', identityId: child.id }),
    ]);
  });

  it('gives a record one identity when its registration is delivered twice or published again', async () => {
    const recordId = await register('birth', birthDeclaration());
    const first = await identityOf(recordId);
    const { rows } = await sql<EventEnvelope & { trace_id: string }>`select id, type, version, time, subject,
      trace_id, data from registry.outbox where subject = ${recordId} and type = 'registry.birth.registered'`.execute(
      civitas.database.root,
    );
    const row = rows[0]!;
    const event: EventEnvelope = {
      id: row.id,
      type: row.type,
      version: row.version,
      time: new Date(row.time).toISOString(),
      source: 'registry',
      subject: row.subject,
      traceId: row.trace_id,
      data: row.data,
    };
    const consumer = civitas.consumers.find((bound) => bound.id === 'identity.issue-uin-on-birth')!;
    // The same event again (a redelivery), and as a new event (published again), twice at once.
    const again = { ...event, id: uuidv7() };
    const outcomes = await Promise.all([
      handleBatch(consumer, [event]),
      handleBatch(consumer, [again]),
      handleBatch(consumer, [{ ...event, id: uuidv7() }]),
    ]);
    expect(outcomes.flat().every((outcome) => outcome.ok)).toBe(true);
    expect(outcomes[0]).toEqual([{ ok: true, duplicate: true }]);
    const identities = await db()
      .selectFrom('identities')
      .selectAll()
      .where('source_record_id', '=', recordId)
      .execute();
    expect(identities.map((identity) => identity.uin)).toEqual([first.uin]);
    const issued = await sql<{ count: number }>`select count(*)::int as count from identity.outbox
      where type = 'identity.issued' and data->>'recordId' = ${recordId}`.execute(civitas.database.root);
    expect(issued.rows[0]!.count).toBe(1);
  });

  it('deactivates the identity of a registered death, keeping the reason and the death record', async () => {
    const birthId = await register('birth', birthDeclaration());
    const person = await identityOf(birthId);
    const deathId = await register('death', deathDeclaration(person.uin));
    const deactivated = await eventually('the identity is deactivated', async () => {
      const row = await db().selectFrom('identities').selectAll().where('id', '=', person.id).executeTakeFirst();
      return row?.status === 'deactivated' ? row : undefined;
    });
    expect(deactivated).toMatchObject({ deactivation_reason: 'death', deactivation_record_id: deathId });
    const { rows } = await sql<{ data: object }>`select data from identity.outbox
      where type = 'identity.deactivated' and subject = ${person.id}`.execute(civitas.database.root);
    expect(rows.map((row) => row.data)).toEqual([
      { identityId: person.id, uin: person.uin, reason: 'death', recordId: deathId },
    ]);

    // Relying parties are told it is deactivated, and nothing else.
    const admin = await tokenWith(civitas, ['identity.partner.manage']);
    const bank = await civitas.app.inject({
      method: 'POST',
      url: '/api/v1/identity/partners',
      headers: { authorization: `Bearer ${admin}` },
      payload: { name: 'Bank', policy: { verificationTypes: ['demographic'] } },
    });
    const answer = await civitas.app.inject({
      method: 'POST',
      url: '/api/v1/identity/verify/demographic',
      headers: { 'x-api-key': bank.json().apiKey },
      payload: { individualId: person.uin, givenNames: 'Ada', familyName: 'Mwale' },
    });
    expect(answer.json()).toEqual({
      transactionId: expect.any(String),
      match: false,
      reason: 'deactivated',
      fields: {},
    });
  });

  it('updates the demographics of a corrected birth record, keeping every version in the history', async () => {
    const recordId = await register('birth', birthDeclaration());
    const person = await identityOf(recordId);
    await call('r.agent', 'POST', `/records/${recordId}/request-correction`, {
      version: 3,
      data: { child: { firstNames: 'Adah' } },
      reason: 'Misspelt at declaration',
    });
    const approved = await call('l.registrar', 'POST', `/records/${recordId}/approve-correction`, { version: 4 });
    expect(approved.json(), approved.body).toMatchObject({ status: 'REGISTERED' });
    const corrected = await eventually('the correction reaches the identity', async () => {
      const row = await db().selectFrom('identities').selectAll().where('id', '=', person.id).executeTakeFirst();
      return row?.given_names === 'Adah' ? row : undefined;
    });
    expect(corrected).toMatchObject({ uin: person.uin, demographics_version: 2 });
    const history = await db()
      .selectFrom('demographics_history')
      .select(['version', 'given_names', 'cause', 'record_id'])
      .where('identity_id', '=', person.id)
      .orderBy('version')
      .execute();
    expect(history).toEqual([
      { version: 1, given_names: 'Ada', cause: 'birth', record_id: recordId },
      { version: 2, given_names: 'Adah', cause: 'correction', record_id: recordId },
    ]);
  });
});
