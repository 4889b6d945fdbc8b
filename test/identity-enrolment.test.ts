/**
 * Enrolment of adults not born in the registry: a new person gets a UIN at once; a likely duplicate of an existing
 * identity is held for a person to review instead of getting a second number, and the decision (with its reason)
 * issues the UIN or names the identity it duplicates. Staff reads are audited.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUin } from '../src/services/identity/numbers/check.js';
import { tokenWith } from './helpers/auth.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';

describe('enrolment of adults', () => {
  let civitas: TestCivitas;
  let staff: string;

  beforeAll(async () => {
    civitas = await startTestCivitas({
      env: 'development',
      services: 'config,auth,identity',
      'identity.poolSize': '100',
      'identity.poolRefillBelow': '20',
    });
    staff = await tokenWith(civitas, ['identity.enrol', 'identity.read', 'identity.review']);
  });
  afterAll(async () => {
    await civitas.close();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: object, token = staff) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
  const chileshe = { givenNames: 'Chileshe', familyName: 'Mwansa', birthDate: '1979-11-02', sex: 'male' };

  it('issues a UIN to a new person, readable by staff with its history, each read audited', async () => {
    const enrolled = await call('POST', '/identities', { ...chileshe, email: 'chileshe@example.org' });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    const { uin, identityId } = enrolled.json();
    expect(checkUin(uin)).toEqual({ valid: true });
    const read = await call('GET', `/identities/${uin}`);
    expect(read.json()).toMatchObject({
      uin,
      status: 'active',
      givenNames: 'Chileshe',
      source: 'enrolment',
      contact: { email: 'chileshe@example.org' },
      history: [{ version: 1, cause: 'enrolment' }],
    });
    expect((await call('GET', '/identities/2345678901')).statusCode).toBe(404);
    const { rows } = await sql<{ action: string }>`select action from identity.audit_log
      where subject = ${identityId} order by id`.execute(civitas.database.root);
    expect(rows.map((row) => row.action)).toEqual(['identity.enrol', 'identity.read']);
    // Reading needs its scope.
    expect(
      (await call('GET', `/identities/${uin}`, undefined, await tokenWith(civitas, ['identity.enrol']))).statusCode,
    ).toBe(403);
  });

  it('holds a likely duplicate for review instead of giving a second UIN, and issues it once decided not one', async () => {
    const held = await call('POST', '/identities', { ...chileshe, givenNames: 'Chilese', familyName: 'Mwanza' });
    expect(held.statusCode, held.body).toBe(202);
    expect(held.json()).toMatchObject({ status: 'review', candidates: 1 });
    const { count } = (
      await sql<{ count: number }>`select count(*)::int as count from identity.identities`.execute(
        civitas.database.root,
      )
    ).rows[0]!;
    expect(count).toBe(1);

    const queue = (await call('GET', '/identities/reviews')).json().items;
    expect(queue).toEqual([
      expect.objectContaining({
        id: held.json().reviewId,
        status: 'pending',
        enrolment: expect.objectContaining({ givenNames: 'Chilese' }),
        candidates: [{ identityId: expect.any(String), score: expect.any(Number) }],
      }),
    ]);
    const noReason = await call('POST', `/identities/reviews/${held.json().reviewId}`, { decision: 'not-duplicate' });
    expect(noReason.statusCode).toBe(400);
    const decided = await call('POST', `/identities/reviews/${held.json().reviewId}`, {
      decision: 'not-duplicate',
      reason: 'Twin brother; birth notices seen',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'not-duplicate', uin: expect.stringMatching(/^\d{10}$/) });
    const again = await call('POST', `/identities/reviews/${held.json().reviewId}`, {
      decision: 'duplicate',
      reason: 'second thoughts',
    });
    expect(again.json().code).toBe('IDENTITY_REVIEW_DECIDED');
    expect((await call('GET', '/identities/reviews')).json().items).toEqual([]);
  });

  it('issues nothing for an enrolment decided a duplicate, naming the identity it duplicates', async () => {
    const original = (
      await call('POST', '/identities', {
        givenNames: 'Natasha',
        familyName: 'Phiri',
        birthDate: '1992-03-30',
        sex: 'female',
      })
    ).json();
    const held = await call('POST', '/identities', {
      givenNames: 'Natasha',
      familyName: 'Phiri',
      birthDate: '1992-03-30',
      sex: 'female',
    });
    expect(held.statusCode).toBe(202);
    const decided = await call('POST', `/identities/reviews/${held.json().reviewId}`, {
      decision: 'duplicate',
      reason: 'Same person enrolled twice',
    });
    expect(decided.json()).toEqual({
      id: held.json().reviewId,
      status: 'duplicate',
      identityId: original.identityId,
      uin: null,
    });
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from identity.identities
      where family_name = 'Phiri'`.execute(civitas.database.root);
    expect(rows[0]!.count).toBe(1);
  });

  it('does not hold a different person who shares a name or a birth date', async () => {
    const namesake = await call('POST', '/identities', { ...chileshe, birthDate: '1985-04-17' });
    expect(namesake.statusCode, namesake.body).toBe(201);
    const sameDay = await call('POST', '/identities', { ...chileshe, givenNames: 'Mutale', familyName: 'Bwalya' });
    expect(sameDay.statusCode, sameDay.body).toBe(201);
  });
});
