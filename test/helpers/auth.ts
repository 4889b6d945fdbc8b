/** Users and tokens for tests of scoped routes. */
import { uuidv7 } from '../../src/core/events/uuidv7.js';
import type { Civitas } from '../../src/main.js';
import { hashPassword } from '../../src/services/auth/passwords.js';
import { insertUsers, type AuthDb } from '../../src/services/auth/repository.js';
import { issueAccessToken, loadKeys } from '../../src/services/auth/tokens.js';

export const TEST_PASSWORD = 'a long test password';

/** A token as the running auth service would issue it, carrying exactly `scope`. */
export async function tokenWith(civitas: Civitas, scope: readonly string[], ttlSeconds = 300): Promise<string> {
  const { current } = await loadKeys(authDb(civitas), civitas.config.secretKey!);
  return issueAccessToken(current, { sub: uuidv7(), role: 'test', scope }, ttlSeconds);
}

export async function addUser(
  civitas: Civitas,
  user: { username: string; role: string; phone?: string; email?: string; active?: boolean },
): Promise<string> {
  const id = uuidv7();
  await insertUsers(authDb(civitas), [
    {
      id,
      username: user.username,
      name: user.username,
      role: user.role,
      office: null,
      email: user.email ?? null,
      phone: user.phone ?? null,
      language: 'en',
      password_hash: await hashPassword(TEST_PASSWORD),
    },
  ]);
  return id;
}

function authDb(civitas: Civitas): AuthDb {
  return civitas.database.forSchema('auth') as AuthDb;
}
