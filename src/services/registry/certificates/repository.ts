/** The SQL of certificates: their signing keys (in the registry's schema, table `certificate_keys`). */
import { sql, type ColumnType, type Kysely, type Selectable } from 'kysely';
import type { RegistryDb } from '../repository.js';

export interface CertificateKeysTable {
  kid: string;
  public_jwk: ColumnType<Record<string, unknown>, string, never>;
  /** The PKCS#8 PEM of the private key, sealed (see seal.ts). */
  private_key: string;
  created_at: ColumnType<Date, never, never>;
}

export interface CertificateTables {
  certificate_keys: CertificateKeysTable;
}

export type CertificateKeyRow = Selectable<CertificateKeysTable>;
type KeysDb = Kysely<CertificateTables>;

/** The same handle, typed with the certificate tables: they live in the registry's own schema (migration 0002). */
const keysDb = (db: RegistryDb): KeysDb => db as unknown as KeysDb;

/** Every certificate key, oldest first: the first one signs, the others only verify. */
export async function listCertificateKeys(db: RegistryDb): Promise<CertificateKeyRow[]> {
  return keysDb(db).selectFrom('certificate_keys').selectAll().orderBy('created_at').orderBy('kid').execute();
}

export async function insertCertificateKey(
  db: RegistryDb,
  key: { kid: string; publicJwk: Record<string, unknown>; privateKey: string },
): Promise<void> {
  await keysDb(db)
    .insertInto('certificate_keys')
    .values({ kid: key.kid, public_jwk: JSON.stringify(key.publicJwk), private_key: key.privateKey })
    .onConflict((conflict) => conflict.column('kid').doNothing())
    .execute();
}

/** Arbitrary but fixed: nodes creating the first key at once take turns, so only one key is made. */
const FIRST_KEY_LOCK = 7_304_190_215;

/** Holds the first-key lock until the caller's transaction ends. */
export async function lockCertificateKeys(tx: RegistryDb): Promise<void> {
  await sql`select pg_advisory_xact_lock(${FIRST_KEY_LOCK})`.execute(tx);
}
