/** All SQL of identity credentials: their tables live in the identity schema (migration 0100-credentials). */
import { sql, type ColumnType, type Kysely, type Selectable } from 'kysely';

type Created = ColumnType<Date, never, never>;

export interface CredentialIssuerKeysTable {
  kid: string;
  public_jwk: ColumnType<Record<string, unknown>, string, never>;
  /** The PKCS#8 PEM of the private key, sealed (see seal.ts). */
  private_key: string;
  created_at: Created;
}

export interface CredentialOffersTable {
  id: string;
  identity_id: string;
  pre_authorized_code_hash: string;
  tx_code_hash: string;
  tx_code_failures: ColumnType<number, never, number>;
  expires_at: Date;
  created_by: string;
  created_at: Created;
  redeemed_at: ColumnType<Date | null, never, Date>;
  access_token_hash: ColumnType<string | null, never, string>;
  access_token_expires_at: ColumnType<Date | null, never, Date>;
  credential_issued_at: ColumnType<Date | null, never, Date>;
}

export interface CredentialStatusListsTable {
  id: number;
  size: number;
  created_at: Created;
}

export interface CredentialsTable {
  id: string;
  identity_id: string;
  offer_id: string;
  vct: string;
  status_list_id: number;
  status_index: number;
  holder_key_thumbprint: string;
  issued_at: Created;
  expires_at: Date;
  revoked_at: ColumnType<Date | null, never, Date>;
  revoked_reason: ColumnType<string | null, never, string>;
  revoked_by: ColumnType<string | null, never, string>;
}

export interface CredentialTables {
  credential_issuer_keys: CredentialIssuerKeysTable;
  credential_offers: CredentialOffersTable;
  credential_status_lists: CredentialStatusListsTable;
  credentials: CredentialsTable;
}

/** A handle on the identity schema, typed with the credential tables only. */
export type CredentialsDb = Kysely<CredentialTables>;
export type IssuerKeyRow = Selectable<CredentialIssuerKeysTable>;
export type OfferRow = Selectable<CredentialOffersTable>;
export type CredentialRow = Selectable<CredentialsTable>;

/**
 * Any handle or transaction bound to the identity schema (the identity service's `context.db`, a transaction of the
 * identity core) seen with the credential tables: Kysely's table types are invariant, so the caller's own type is
 * accepted and re-typed here.
 */
export const credentialsDb = (db: object): CredentialsDb => db as CredentialsDb;

export async function listIssuerKeys(db: CredentialsDb): Promise<IssuerKeyRow[]> {
  return db.selectFrom('credential_issuer_keys').selectAll().orderBy('created_at').orderBy('kid').execute();
}

export async function insertIssuerKey(
  db: CredentialsDb,
  key: { kid: string; publicJwk: Record<string, unknown>; privateKey: string },
): Promise<void> {
  await db
    .insertInto('credential_issuer_keys')
    .values({ kid: key.kid, public_jwk: JSON.stringify(key.publicJwk), private_key: key.privateKey })
    .onConflict((conflict) => conflict.column('kid').doNothing())
    .execute();
}

/** Arbitrary but fixed: nodes making the first issuer key, or a new status list, at once take turns. */
const ISSUER_LOCK = 7_304_190_731;

/** Holds the issuer lock until the caller's transaction ends. */
export async function lockIssuer(tx: CredentialsDb): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ISSUER_LOCK})`.execute(tx);
}

export async function insertOffer(
  db: CredentialsDb,
  offer: {
    id: string;
    identityId: string;
    preAuthorizedCodeHash: string;
    txCodeHash: string;
    expiresAt: Date;
    createdBy: string;
  },
): Promise<void> {
  await db
    .insertInto('credential_offers')
    .values({
      id: offer.id,
      identity_id: offer.identityId,
      pre_authorized_code_hash: offer.preAuthorizedCodeHash,
      tx_code_hash: offer.txCodeHash,
      expires_at: offer.expiresAt,
      created_by: offer.createdBy,
    })
    .execute();
}

/** The offer of this pre-authorized code, locked until the transaction ends. */
export async function lockOfferByCode(tx: CredentialsDb, codeHash: string): Promise<OfferRow | undefined> {
  return tx
    .selectFrom('credential_offers')
    .selectAll()
    .where('pre_authorized_code_hash', '=', codeHash)
    .forUpdate()
    .executeTakeFirst();
}

/** The offer this access token was issued for, locked until the transaction ends. */
export async function lockOfferByAccessToken(tx: CredentialsDb, tokenHash: string): Promise<OfferRow | undefined> {
  return tx
    .selectFrom('credential_offers')
    .selectAll()
    .where('access_token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

export async function countTxCodeFailure(db: CredentialsDb, offerId: string): Promise<void> {
  await db
    .updateTable('credential_offers')
    .set({ tx_code_failures: sql<number>`tx_code_failures + 1` })
    .where('id', '=', offerId)
    .execute();
}

export async function markOfferRedeemed(
  tx: CredentialsDb,
  offerId: string,
  accessToken: { hash: string; expiresAt: Date },
): Promise<void> {
  await tx
    .updateTable('credential_offers')
    .set({
      redeemed_at: sql<Date>`now()`,
      access_token_hash: accessToken.hash,
      access_token_expires_at: accessToken.expiresAt,
    })
    .where('id', '=', offerId)
    .execute();
}

export async function markCredentialIssued(tx: CredentialsDb, offerId: string): Promise<void> {
  await tx
    .updateTable('credential_offers')
    .set({ credential_issued_at: sql<Date>`now()` })
    .where('id', '=', offerId)
    .execute();
}

/** The newest status list, and how many of its slots are taken. */
export async function currentStatusList(
  db: CredentialsDb,
): Promise<{ id: number; size: number; used: number } | undefined> {
  const row = await db
    .selectFrom('credential_status_lists as list')
    .select((eb) => [
      'list.id',
      'list.size',
      eb
        .selectFrom('credentials')
        .whereRef('credentials.status_list_id', '=', 'list.id')
        .select(sql<number>`count(*)::int`.as('used'))
        .as('used'),
    ])
    .orderBy('list.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { id: row.id, size: row.size, used: row.used ?? 0 };
}

export async function insertStatusList(db: CredentialsDb, list: { id: number; size: number }): Promise<void> {
  await db
    .insertInto('credential_status_lists')
    .values(list)
    .onConflict((c) => c.column('id').doNothing())
    .execute();
}

export async function findStatusList(db: CredentialsDb, id: number) {
  return db.selectFrom('credential_status_lists').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The revoked indexes of a list. */
export async function revokedIndexes(db: CredentialsDb, listId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('credentials')
    .select('status_index')
    .where('status_list_id', '=', listId)
    .where('revoked_at', 'is not', null)
    .execute();
  return rows.map((row) => row.status_index);
}

/** Inserts the credential unless its status slot is taken (then answers false: pick another slot). */
export async function insertCredential(
  db: CredentialsDb,
  credential: Omit<CredentialRow, 'issued_at' | 'revoked_at' | 'revoked_reason' | 'revoked_by'>,
): Promise<boolean> {
  const inserted = await db
    .insertInto('credentials')
    .values(credential)
    .onConflict((conflict) => conflict.constraint('credentials_status_slot').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findCredential(db: CredentialsDb, id: string): Promise<CredentialRow | undefined> {
  return db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCredentialsOf(db: CredentialsDb, identityId: string): Promise<CredentialRow[]> {
  return db.selectFrom('credentials').selectAll().where('identity_id', '=', identityId).orderBy('issued_at').execute();
}

/** Revokes the credentials named (or all of an identity's) that are not revoked yet; answers those it revoked. */
export async function revokeCredentials(
  db: CredentialsDb,
  where: { id: string } | { identityId: string },
  revocation: { reason: string; by: string },
): Promise<CredentialRow[]> {
  return db
    .updateTable('credentials')
    .set({ revoked_at: sql<Date>`now()`, revoked_reason: revocation.reason, revoked_by: revocation.by })
    .where('id' in where ? 'id' : 'identity_id', '=', 'id' in where ? where.id : where.identityId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .execute();
}
