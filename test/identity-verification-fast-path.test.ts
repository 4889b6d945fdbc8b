/**
 * What makes verification fast must not change what it answers: each node keeps partners in memory for
 * identity.partnerCacheSeconds (a key revoked or rotated on another node is refused once that has passed; the node
 * that changes a partner forgets it at once), the transaction log is written by group commit with the configured
 * durability (every answer given is in the log), and on PostgreSQL the hot statements are prepared.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey, newApiKey } from '../src/services/identity/actions/partners.js';
import type { IdentityDb } from '../src/services/identity/tables.js';
import { verificationStatements } from '../src/services/identity/verification-repository.js';
import { tokenWith } from './helpers/auth.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';
import { DATABASE_KIND } from './helpers/database.js';

const CACHE_SECONDS = 2;

describe.each(['async', 'sync'] as const)('verification with the log committed %s', (durability) => {
  let civitas: TestCivitas;
  let admin: string;
  let person: { uin: string; identityId: string };

  beforeAll(async () => {
    civitas = await startTestCivitas({
      env: 'development',
      services: 'config,auth,identity',
      'identity.poolSize': '200',
      'identity.poolRefillBelow': '50',
      'identity.partnerCacheSeconds': String(CACHE_SECONDS),
      'identity.verificationLogDurability': durability,
    });
    admin = await tokenWith(civitas, ['identity.partner.manage', 'identity.enrol']);
    const enrolled = await civitas.app.inject({
      method: 'POST',
      url: '/api/v1/identities',
      headers: { authorization: `Bearer ${admin}` },
      payload: { givenNames: 'Chanda', familyName: 'Mwale', birthDate: '1979-03-21', sex: 'male' },
    });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    person = enrolled.json();
  });
  afterAll(async () => {
    await civitas.close();
  });

  const staffCall = (method: 'POST' | 'PUT', url: string, payload?: object) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${admin}` },
      ...(payload ? { payload } : {}),
    });
  const partner = async (name: string) => {
    const registered = await staffCall('POST', '/identity/partners', {
      name,
      policy: { verificationTypes: ['demographic'] },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    return registered.json<{ id: string; apiKey: string }>();
  };
  const verify = (key: string, question: object = { individualId: person.uin, sex: 'male' }) =>
    civitas.app.inject({
      method: 'POST',
      url: '/api/v1/identity/verify/demographic',
      headers: { 'x-api-key': key },
      payload: question,
    });

  it('refuses a key revoked or replaced on another node once identity.partnerCacheSeconds have passed', async () => {
    const revoked = await partner('Revoked elsewhere');
    const rotated = await partner('Rotated elsewhere');
    expect((await verify(revoked.apiKey)).statusCode).toBe(200);
    expect((await verify(rotated.apiKey)).statusCode).toBe(200);

    // Another node changes the rows; this one is not told.
    const newKey = newApiKey();
    await sql`update identity.partners set revoked_at = now() where id = ${revoked.id}`.execute(civitas.database.root);
    await sql`update identity.partners set key_hash = ${hashApiKey(newKey)}, key_rotated_at = now()
      where id = ${rotated.id}`.execute(civitas.database.root);
    // A new key was never looked up here, so it works at once.
    expect((await verify(newKey)).statusCode).toBe(200);
    // The trade-off, documented with the setting: until the TTL ends this node still knows the old rows.
    expect((await verify(revoked.apiKey)).statusCode).toBe(200);

    await sleep(CACHE_SECONDS * 1000 + 100);
    const refused = await verify(revoked.apiKey);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('IDENTITY_PARTNER_UNAUTHENTICATED');
    expect((await verify(rotated.apiKey)).statusCode).toBe(401);
    expect((await verify(newKey)).statusCode).toBe(200);
  });

  it('applies a revocation, a new key or a new policy made on this node at once', async () => {
    const bank = await partner('Changed here');
    expect((await verify(bank.apiKey)).statusCode).toBe(200);
    const policy = await staffCall('PUT', `/identity/partners/${bank.id}/policy`, { verificationTypes: ['otp'] });
    expect(policy.statusCode, policy.body).toBe(200);
    const notAllowed = await verify(bank.apiKey);
    expect(notAllowed.statusCode).toBe(403);
    expect(notAllowed.json().code).toBe('IDENTITY_VERIFICATION_NOT_ALLOWED');

    await staffCall('PUT', `/identity/partners/${bank.id}/policy`, { verificationTypes: ['demographic'] });
    expect((await verify(bank.apiKey)).statusCode).toBe(200);
    const { apiKey } = (await staffCall('POST', `/identity/partners/${bank.id}/rotate-key`)).json<{ apiKey: string }>();
    expect((await verify(bank.apiKey)).statusCode).toBe(401);
    expect((await verify(apiKey)).statusCode).toBe(200);
    await staffCall('POST', `/identity/partners/${bank.id}/revoke`);
    expect((await verify(apiKey)).statusCode).toBe(401);
  });

  it('has every answer it gave in the log, also when many verifications arrive at once', async () => {
    const bank = await partner('Busy bank');
    const questions = Array.from({ length: 60 }, (_, n) =>
      n % 3 === 0
        ? { individualId: person.uin, familyName: 'Banda' }
        : { individualId: person.uin, givenNames: 'Chanda', birthDate: '1979-03-21' },
    );
    const answers = await Promise.all(questions.map((question) => verify(bank.apiKey, question)));
    expect(answers.map((answer) => answer.statusCode)).toEqual(questions.map(() => 200));
    const given = answers.map((answer) => answer.json<{ transactionId: string; match: boolean }>());
    expect(given.filter((answer) => answer.match)).toHaveLength(40);

    const { rows } = await sql<{ id: string; result: string }>`select id, result from identity.transactions
      where partner_id = ${bank.id}`.execute(civitas.database.root);
    const logged = new Map(rows.map((row) => [row.id, row.result]));
    expect(logged.size).toBe(60);
    for (const answer of given) expect(logged.get(answer.transactionId)).toBe(answer.match ? 'yes' : 'no');
  });

  it.skipIf(DATABASE_KIND !== 'postgres')(
    'prepares the lookup by UIN and the log insert on the PostgreSQL connection that runs them',
    async () => {
      const prepared = await civitas.database.root.connection().execute(async (connection) => {
        const db = connection.withSchema('identity') as unknown as IdentityDb;
        const statements = verificationStatements(db, { named: true, durability });
        for (let round = 0; round < 2; round++) {
          expect((await statements.identityByUin(person.uin))?.id).toBe(person.identityId);
          await statements.insertTransactions([
            {
              id: crypto.randomUUID(),
              partnerId: null,
              type: 'demographic',
              result: 'yes',
              reason: null,
              identityId: person.identityId,
              individualIdHash: 'test',
              idKind: 'uin',
            },
          ]);
        }
        const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(connection);
        return rows.map((row) => row.name);
      });
      expect(prepared).toEqual(expect.arrayContaining(['identity_by_uin', `identity_log_${durability}`]));
    },
  );
});
