/** Users and tokens for tests of scoped routes. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uuidv7 } from '../../src/core/events/uuidv7.js';
import type { Civitas } from '../../src/main.js';
import { hashPassword } from '../../src/services/auth/passwords.js';
import { insertUsers, type AuthDb } from '../../src/services/auth/repository.js';
import { issueAccessToken, loadKeys } from '../../src/services/auth/tokens.js';

export const TEST_PASSWORD = 'a long test password';

/** A token as the running auth service would issue it, carrying exactly `scope`. */
export async function tokenWith(
  civitas: Civitas,
  scope: readonly string[],
  ttlSeconds = 300,
  who: { sub?: string; office?: string | null; jurisdiction?: readonly string[]; sid?: string } = {},
): Promise<string> {
  const { current } = await loadKeys(authDb(civitas), civitas.config.secretKey!);
  const caller = {
    kind: 'user',
    role: 'test',
    office: null,
    jurisdiction: [],
    ...who,
    sub: who.sub ?? uuidv7(),
  } as const;
  return issueAccessToken(current, { ...caller, scope }, ttlSeconds);
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

export interface SignedIn {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly scope: string;
}

/** Both sign-in steps with the fixed development code (start Civitas with auth.developmentCode=000000). */
export async function signIn(civitas: Civitas, username: string, password = TEST_PASSWORD): Promise<SignedIn> {
  const step1 = await civitas.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (step1.statusCode !== 200) throw new Error(`sign-in of ${username} refused: ${step1.body}`);
  const step2 = await civitas.app.inject({
    method: 'POST',
    url: '/api/v1/auth/verify',
    payload: { challengeId: step1.json().challengeId, code: '000000' },
  });
  if (step2.statusCode !== 200) throw new Error(`code of ${username} refused: ${step2.body}`);
  return step2.json();
}

/** The messages the development provider wrote, newest last. */
export function sentMessages(
  civitas: Civitas & { location: { dataDir: string } },
): Array<{ to: string; body: string }> {
  const outbox = join(civitas.location.dataDir, 'notify-outbox');
  if (!existsSync(outbox)) return [];
  return readdirSync(outbox)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(outbox, name), 'utf8')));
}
