/**
 * Sessions and rotating refresh tokens. A sign-in opens a session; each refresh spends the refresh token and hands out
 * a new one in the same session. A spent token presented again means it was copied: the whole session is revoked, so
 * the thief and the user both have to sign in again. Access tokens carry the session id (`sid`), and every node
 * refuses tokens of a revoked session within seconds (see `revocationList`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from '../../core/events/uuidv7.js';
import { audit, type AuthDb } from './repository.js';
import {
  findRefreshToken,
  insertRefreshToken,
  insertSession,
  markRefreshTokenUsed,
  revokeSessions,
  sessionsRevokedSince,
} from './sessions-repository.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface Trail {
  readonly address: string | null;
  readonly requestId: string;
}

/** Opens a session for a user who just signed in; answers its id and first refresh token. */
export async function openSession(
  db: AuthDb,
  subject: { id: string; kind: 'user' | 'client' },
  ttlSeconds: number,
  trail: Trail,
): Promise<{ sessionId: string; refreshToken: string }> {
  const sessionId = uuidv7();
  await insertSession(db, { id: sessionId, subjectId: subject.id, kind: subject.kind, address: trail.address });
  return { sessionId, refreshToken: await newRefreshToken(db, sessionId, ttlSeconds) };
}

async function newRefreshToken(db: AuthDb, sessionId: string, ttlSeconds: number): Promise<string> {
  // 256 random bits: unguessable, so a fast hash is the right way to store it.
  const token = randomBytes(32).toString('base64url');
  await insertRefreshToken(db, {
    token_hash: hashToken(token),
    session_id: sessionId,
    expires_at: new Date(Date.now() + ttlSeconds * 1000),
  });
  return token;
}

export type RefreshOutcome =
  | { readonly kind: 'ok'; readonly sessionId: string; readonly userId: string; readonly refreshToken: string }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'reused'; readonly sessionId: string; readonly userId: string };

/** Spends a refresh token and issues the next one; a spent token revokes its session. */
export async function rotateRefreshToken(
  db: AuthDb,
  token: string,
  ttlSeconds: number,
  trail: Trail,
): Promise<RefreshOutcome> {
  return db.transaction().execute(async (tx): Promise<RefreshOutcome> => {
    const found = await findRefreshToken(tx, hashToken(token));
    if (!found || found.kind !== 'user' || found.revoked_at) return { kind: 'invalid' };
    const who = { user_id: found.subject_id, username: null, address: trail.address, request_id: trail.requestId };
    if (found.used_at) {
      await revokeSessions(tx, { id: found.session_id }, 'a spent refresh token was used again');
      await audit(tx, { ...who, action: 'token.reuse-detected', detail: `session ${found.session_id} revoked` });
      return { kind: 'reused', sessionId: found.session_id, userId: found.subject_id };
    }
    if (found.expires_at.getTime() < Date.now()) return { kind: 'invalid' };
    await markRefreshTokenUsed(tx, found.token_hash);
    await audit(tx, { ...who, action: 'token.refreshed', detail: `session ${found.session_id}` });
    const refreshToken = await newRefreshToken(tx, found.session_id, ttlSeconds);
    return { kind: 'ok', sessionId: found.session_id, userId: found.subject_id, refreshToken };
  });
}

/** Ends the session a refresh token belongs to (logout). Unknown tokens are ignored: logging out twice is fine. */
export async function revokeByRefreshToken(db: AuthDb, token: string, trail: Trail): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    const found = await findRefreshToken(tx, hashToken(token));
    if (!found || found.revoked_at) return [];
    const revoked = await revokeSessions(tx, { id: found.session_id }, 'signed out');
    await audit(tx, {
      action: 'session.revoked',
      user_id: found.subject_id,
      username: null,
      address: trail.address,
      request_id: trail.requestId,
      detail: `session ${found.session_id}: signed out`,
    });
    return revoked;
  });
}

/**
 * The sessions revoked recently, as seen by this node: read again from the database when older than `staleMs` (so
 * another node's logout takes effect here within that time), and updated at once for revocations made here. Only
 * revocations younger than an access token's lifetime matter: older sessions have no live access token.
 */
export function revocationList(db: AuthDb, tokenTtlSeconds: number, staleMs = 5000) {
  const revoked = new Map<string, number>();
  let loadedAt = 0;
  let loading: Promise<void> | undefined;

  async function reload(): Promise<void> {
    const since = Date.now() - (tokenTtlSeconds + 60) * 1000;
    const rows = await sessionsRevokedSince(db, new Date(since));
    revoked.clear();
    for (const row of rows) revoked.set(row.id, row.revoked_at.getTime());
    loadedAt = Date.now();
  }

  async function fresh(): Promise<ReadonlyMap<string, number>> {
    if (Date.now() - loadedAt > staleMs) {
      loading ??= reload().finally(() => (loading = undefined));
      await loading;
    }
    return revoked;
  }

  return {
    async isRevoked(sessionId: string | undefined): Promise<boolean> {
      return sessionId !== undefined && (await fresh()).has(sessionId);
    },
    /** Every session revoked within an access token's lifetime: what nodes without the auth service poll. */
    async current(): Promise<string[]> {
      return [...(await fresh()).keys()];
    },
    /** Notes revocations made by this node, before the next reload would see them. */
    add(sessionIds: readonly string[]): void {
      for (const id of sessionIds) revoked.set(id, Date.now());
    },
  };
}

export type RevocationList = ReturnType<typeof revocationList>;
