/** The session as kept on the device between page loads, encrypted with the user's data key. */
import { store } from '../../offline/idb';
import { openJson, sealJson, type Sealed } from '../../offline/vault';

export interface User {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly role: string;
  readonly office: string | null;
  readonly language: string;
  /** Scope names the session carries, conditions removed (record.register[area=...] → record.register). */
  readonly scopes: readonly string[];
  /** Event types the user may declare: every one ('all'), or those the scope's event condition names. */
  readonly declares: 'all' | readonly string[];
}

export interface Tokens {
  readonly accessToken: string;
  /** Epoch milliseconds. */
  readonly accessExpiresAt: number;
  readonly refreshToken: string;
  readonly refreshExpiresAt: number;
}

export interface StoredSession extends Tokens {
  readonly user: User;
}

/** Who used the device last, in plain: the lock screen greets them by name. */
export interface LastUser {
  readonly userId: string;
  readonly name: string;
  readonly username: string;
}

const sessions = store<{ userId: string; sealed: Sealed }>('sessions');
const meta = store<{ key: string; value: LastUser }>('meta');

export async function saveSession(key: CryptoKey, session: StoredSession): Promise<void> {
  await sessions.put({ userId: session.user.id, sealed: await sealJson(key, session) });
  await meta.put({
    key: 'lastUser',
    value: { userId: session.user.id, name: session.user.name, username: session.user.username },
  });
}

export async function readSession(key: CryptoKey, userId: string): Promise<StoredSession | undefined> {
  const stored = await sessions.get(userId);
  return stored ? openJson<StoredSession>(key, stored.sealed) : undefined;
}

export const hasSession = async (userId: string) => (await sessions.get(userId)) !== undefined;

export const forgetSession = (userId: string) => sessions.delete(userId);

export const lastUser = async () => (await meta.get('lastUser'))?.value;

/** `record.declare[event=birth|death,area=...]` → ['birth', 'death']; a scope without an event condition → 'all'. */
export function declarableEvents(scope: string): 'all' | string[] {
  const events = new Set<string>();
  for (const entry of scope.split(' ')) {
    const match = /^record\.declare(?:\[(.*)\])?$/.exec(entry);
    if (!match) continue;
    const condition = (match[1] ?? '').split(',').find((part) => part.startsWith('event='));
    if (!condition) return 'all';
    condition
      .slice('event='.length)
      .split('|')
      .forEach((event) => events.add(event));
  }
  return [...events];
}

export function scopeNames(scope: string): string[] {
  return [
    ...new Set(
      scope
        .split(' ')
        .filter(Boolean)
        .map((entry) => entry.replace(/\[.*$/, '')),
    ),
  ];
}
