import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import { migrate } from '../../../core/db/migrate.js';
import { certificateKeys as certificateKeysTable } from '../migrations/0002-certificate-keys.js';
import { registryDb } from '../repository.js';
import { readCertificateCode, signCertificateCode, verifyCertificateSignature } from './code.js';
import { certificateKeys } from './keys.js';
import { listCertificateKeys } from './repository.js';

const SECRET = 'a test secret key of at least 32 characters';

describe('certificate keys', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    database = await openTestDatabase();
    await migrate(database.root, [{ schema: 'registry', migrations: [certificateKeysTable] }]);
  });
  afterAll(async () => {
    await database.close();
  });

  it('makes one key on first use, even when several nodes ask at once, and keeps it sealed', async () => {
    const db = registryDb(database);
    const nodes = [certificateKeys(db, SECRET), certificateKeys(db, SECRET), certificateKeys(db, SECRET)];
    const keys = await Promise.all(nodes.map((node) => node.signing()));
    expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
    const rows = await listCertificateKeys(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.private_key).not.toMatch(/PRIVATE KEY/);

    const code = signCertificateCode(keys[0]!, {
      eventType: 'birth',
      registrationNumber: 'B2026-CEN-IBO-000001',
      registeredOn: '2026-03-04',
      office: null,
      recordId: '01a21635-2c6d-7001-a134-ebe84e8d1520',
    });
    const read = readCertificateCode(code);
    const publicKey = await nodes[2]!.publicKey(keys[0]!.kid);
    expect(read.ok && publicKey && verifyCertificateSignature(read, publicKey)).toBe(true);
    expect((await nodes[1]!.keySet()).keys).toEqual([rows[0]!.public_jwk]);
    expect(await nodes[0]!.publicKey('unknown')).toBeUndefined();
  });

  it('cannot open the private key with another secretKey', async () => {
    const other = certificateKeys(registryDb(database), 'another secret key of at least 32 characters');
    await expect(other.signing()).rejects.toThrow();
  });
});
