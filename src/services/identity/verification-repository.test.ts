import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { IdentityDb, IdentityTables } from './tables.js';
import { verificationStatements } from './verification-repository.js';

/** A handle that compiles and records queries instead of running them. */
function recordingDb() {
  const sent: CompiledQuery[] = [];
  const db = new Kysely<IdentityTables>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => void sent.push(event.query),
  }).withSchema('identity') as unknown as IdentityDb;
  return { db, sent };
}

const entry = {
  id: '019a0000-0000-7000-8000-000000000001',
  partnerId: '019a0000-0000-7000-8000-000000000002',
  type: 'demographic',
  result: 'no',
  reason: 'unknown',
  identityId: null,
  individualIdHash: 'abc',
  idKind: 'uin',
};

describe('verification statements', () => {
  it('sends the hot statements named on PostgreSQL, with their parameters in placeholder order', async () => {
    const { db, sent } = recordingDb();
    const statements = verificationStatements(db, { named: true, durability: 'async' });
    await statements.identityByUin('2345678901');
    await statements.insertTransactions([entry, { ...entry, id: '019a0000-0000-7000-8000-000000000003' }]);
    expect(sent.map((query) => (query.sql as unknown as { name: string }).name)).toEqual([
      'identity_by_uin',
      'identity_log_async',
    ]);
    expect(sent[0]!.parameters).toEqual(['2345678901']);
    expect(sent[1]!.parameters).toEqual([
      [entry.id, '019a0000-0000-7000-8000-000000000003'],
      [entry.partnerId, entry.partnerId],
      ['demographic', 'demographic'],
      ['no', 'no'],
      ['unknown', 'unknown'],
      [null, null],
      ['abc', 'abc'],
      ['uin', 'uin'],
    ]);
  });

  it('looks an identity up by UIN by the columns verification needs, never *', async () => {
    const { db, sent } = recordingDb();
    await verificationStatements(db, { named: false, durability: 'sync' }).identityByUin('2345678901');
    const text = sent[0]!.sql;
    expect(text).toMatch(/^select "id", "status", "given_names", .* from "identity"\."identities" where "uin" = \$1$/);
    expect(text).not.toContain('*');
  });

  it('commits the log rows without waiting for the WAL flush only when durability is async', async () => {
    const { db, sent } = recordingDb();
    await verificationStatements(db, { named: false, durability: 'async' }).insertTransactions([entry]);
    await verificationStatements(db, { named: false, durability: 'sync' }).insertTransactions([entry]);
    const [asynchronous, synchronous] = sent.map((query) => query.sql.replace(/\s+/g, ' '));
    expect(asynchronous).toContain(`(select set_config('synchronous_commit', 'off', true)) as off`);
    expect(synchronous).not.toContain('synchronous_commit');
    for (const text of [asynchronous, synchronous]) {
      expect(text).toContain('insert into "identity"."transactions"');
      expect(text).toContain('from unnest($1::uuid[], $2::uuid[], $3::text[]');
    }
  });
});
