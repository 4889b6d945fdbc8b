/** SQL of partners, virtual IDs, one-time codes and the verification transaction log. */
import { sql, type Selectable } from 'kysely';
import { prepared } from './prepared.js';
import type {
  IdentitiesTable,
  IdentityDb,
  IdentityRow,
  OtpsTable,
  PartnerPolicy,
  PartnersTable,
  VidsTable,
  VidType,
} from './tables.js';

export type PartnerRow = Selectable<PartnersTable>;
export type VidRow = Selectable<VidsTable>;
export type OtpRow = Selectable<OtpsTable>;

export async function insertPartner(
  tx: IdentityDb,
  partner: { id: string; name: string; policy: PartnerPolicy; keyHash: string; createdBy: string },
): Promise<void> {
  await tx
    .insertInto('partners')
    .values({
      id: partner.id,
      name: partner.name,
      policy: JSON.stringify(partner.policy),
      key_hash: partner.keyHash,
      created_by: partner.createdBy,
    })
    .execute();
}

export async function findPartner(db: IdentityDb, id: string): Promise<PartnerRow | undefined> {
  return db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPartnerByKeyHash(db: IdentityDb, keyHash: string): Promise<PartnerRow | undefined> {
  return db.selectFrom('partners').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export async function listPartners(db: IdentityDb): Promise<PartnerRow[]> {
  return db.selectFrom('partners').selectAll().orderBy('created_at').execute();
}

export async function updatePartner(
  tx: IdentityDb,
  id: string,
  change: { keyHash?: string; policy?: PartnerPolicy; revoke?: boolean },
): Promise<void> {
  await tx
    .updateTable('partners')
    .set({
      ...(change.keyHash ? { key_hash: change.keyHash, key_rotated_at: new Date() } : {}),
      ...(change.policy ? { policy: JSON.stringify(change.policy) } : {}),
      ...(change.revoke ? { revoked_at: new Date() } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function insertVid(
  tx: IdentityDb,
  vid: { vid: string; identityId: string; type: VidType; expiresAt: Date | null; createdBy: string },
): Promise<boolean> {
  const inserted = await tx
    .insertInto('vids')
    .values({
      vid: vid.vid,
      identity_id: vid.identityId,
      type: vid.type,
      expires_at: vid.expiresAt,
      created_by: vid.createdBy,
    })
    .onConflict((conflict) => conflict.column('vid').doNothing())
    .returning('vid')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findVid(db: IdentityDb, vid: string): Promise<VidRow | undefined> {
  return db.selectFrom('vids').selectAll().where('vid', '=', vid).executeTakeFirst();
}

export async function listVids(db: IdentityDb, identityId: string): Promise<VidRow[]> {
  return db.selectFrom('vids').selectAll().where('identity_id', '=', identityId).orderBy('created_at').execute();
}

export async function revokeVid(tx: IdentityDb, vid: string): Promise<void> {
  await tx.updateTable('vids').set({ revoked_at: new Date() }).where('vid', '=', vid).execute();
}

/** Marks a one-time VID used; false when another verification used it first. */
export async function useOneTimeVid(tx: IdentityDb, vid: string): Promise<boolean> {
  const result = await tx
    .updateTable('vids')
    .set({ used_at: new Date() })
    .where('vid', '=', vid)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertOtp(
  tx: IdentityDb,
  otp: { id: string; identityId: string; partnerId: string | null; codeHash: string; expiresAt: Date },
): Promise<void> {
  await tx
    .insertInto('otps')
    .values({
      id: otp.id,
      identity_id: otp.identityId,
      partner_id: otp.partnerId,
      code_hash: otp.codeHash,
      expires_at: otp.expiresAt,
    })
    .execute();
}

/** The code, locked for checking it (attempts count one at a time). */
export async function lockOtp(tx: IdentityDb, id: string): Promise<OtpRow | undefined> {
  return tx.selectFrom('otps').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function countOtpAttempt(tx: IdentityDb, id: string, consumed: boolean): Promise<void> {
  await tx
    .updateTable('otps')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      ...(consumed ? { consumed_at: new Date() } : {}),
    }))
    .where('id', '=', id)
    .execute();
}

export interface TransactionEntry {
  readonly id: string;
  readonly partnerId: string | null;
  readonly type: string;
  readonly result: string;
  readonly reason: string | null;
  readonly identityId: string | null;
  readonly individualIdHash: string;
  readonly idKind: string;
}

/** The columns of the transaction log, in the order of insertTransactions' arrays. */
const ENTRY_FIELDS = [
  'id',
  'partnerId',
  'type',
  'result',
  'reason',
  'identityId',
  'individualIdHash',
  'idKind',
] as const satisfies readonly (keyof TransactionEntry)[];

/**
 * Rows of the transaction log in one statement whose text is the same for any number of rows (one array per
 * column), so that it can be prepared. `async` commits it with synchronous_commit off: `set_config(..., true)` in
 * the statement itself lasts until the end of its implicit transaction, so that commit does not wait for the WAL
 * flush, and it costs no extra round trip (BEGIN, SET LOCAL, COMMIT). See transaction-log.ts for what that risks.
 */
function insertTransactionsQuery(db: IdentityDb, durability: 'async' | 'sync') {
  const array = (type: 'uuid' | 'text') => sql`${[]}::${sql.raw(type)}[]`;
  const rows = sql`unnest(${array('uuid')}, ${array('uuid')}, ${array('text')}, ${array('text')}, ${array('text')},
    ${array('uuid')}, ${array('text')}, ${array('text')})
    as t(id, partner_id, type, result, reason, identity_id, individual_id_hash, id_kind)`;
  const off = durability === 'async' ? sql`, (select set_config('synchronous_commit', 'off', true)) as off` : sql``;
  return db
    .insertInto('transactions')
    .columns(['id', 'partner_id', 'type', 'result', 'reason', 'identity_id', 'individual_id_hash', 'id_kind'])
    .expression(
      sql`select t.id, t.partner_id, t.type, t.result, t.reason, t.identity_id, t.individual_id_hash, t.id_kind
        from ${rows}${off}`,
    );
}

/**
 * What verification reads of an identity, named (a prepared statement must not say `*`): no more, since every
 * column costs parsing on each of thousands of lookups a second.
 */
const VERIFICATION_COLUMNS = [
  'id',
  'status',
  'given_names',
  'family_name',
  'birth_date',
  'sex',
  'birth_area',
  'birth_area_path',
  'phone',
  'email',
] as const satisfies readonly (keyof IdentitiesTable)[];

/** An identity as verification sees it: what it compares, and what e-KYC and codes may need. */
export type VerifiableIdentity = Pick<IdentityRow, (typeof VERIFICATION_COLUMNS)[number]>;

/** The statements every verification runs: compiled once, and prepared on each connection when `named`. */
export interface VerificationStatements {
  identityByUin(uin: string): Promise<VerifiableIdentity | undefined>;
  /** Rows of the transaction log in one statement, committed as `durability` says. */
  insertTransactions(entries: readonly TransactionEntry[]): Promise<void>;
}

export function verificationStatements(
  db: IdentityDb,
  options: { readonly named: boolean; readonly durability: 'async' | 'sync' },
): VerificationStatements {
  const { named, durability } = options;
  const byUin = prepared(db, db.selectFrom('identities').select(VERIFICATION_COLUMNS).where('uin', '=', '').compile(), {
    name: 'identity_by_uin',
    named,
  });
  const insert = prepared(db, insertTransactionsQuery(db, durability).compile(), {
    name: `identity_log_${durability}`,
    named,
  });
  return {
    async identityByUin(uin) {
      const rows: VerifiableIdentity[] = await byUin.run([uin]);
      return rows[0];
    },
    async insertTransactions(entries) {
      await insert.run(ENTRY_FIELDS.map((field) => entries.map((entry) => entry[field])));
    },
  };
}

/** Who verified this identity, newest first, with the partner's name. */
export async function listTransactions(db: IdentityDb, identityId: string, limit: number) {
  return db
    .selectFrom('transactions as t')
    .leftJoin('partners as p', 'p.id', 't.partner_id')
    .select(['t.id', 't.type', 't.result', 't.reason', 't.at', 't.id_kind', 't.partner_id', 'p.name as partner_name'])
    .where('t.identity_id', '=', identityId)
    .orderBy('t.at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(limit)
    .execute();
}
