/**
 * The signed-in session: signing in (password, code), the PIN that locks and unlocks the screen, renewing the access
 * token before it expires, and signing out. One store for the whole app; components read it with `useSession`.
 *
 * Phases: starting → signed-out → (after the code) set-pin on a device new to the user, or enter-pin → ready.
 * Locking (a button, idle time, a reload) goes back to enter-pin: the server session lives on, but the app forgets
 * every token and key until the PIN is given again.
 */
import { useSyncExternalStore } from 'react';
import { fetchMe, logout, refreshTokens, startLogin, verifyCode } from '../../api/auth';
import { ApiError, callApi, type Api, type RequestOptions } from '../../api/http';
import type { TokenResponse } from '../../api/types';
import { createVault, findVault, forgetVault, resetPinAttempts, unlockVault } from '../../offline/vault';
import {
  forgetSession,
  hasSession,
  lastUser,
  readSession,
  saveSession,
  scopeNames,
  declarableEvents,
  type LastUser,
  type StoredSession,
  type Tokens,
  type User,
} from './stored-session';

export type Phase = 'starting' | 'signed-out' | 'set-pin' | 'enter-pin' | 'ready';

export interface SessionState {
  readonly phase: Phase;
  /** The user signed in, or (while locked) the one the lock screen waits for. */
  readonly user?: User | LastUser;
  /** Why the user is here: a message key of the texts (session-ended, too-many-pins, ...). */
  readonly notice?: string;
  /** enter-pin straight after signing in (the PIN opens this device's data), or after a lock. */
  readonly afterLogin?: boolean;
  readonly attemptsLeft?: number;
}

/** Renew when three quarters of the access token's life is gone. */
const RENEW_AT = 0.75;
const RETRY_RENEWAL_MS = 30_000;

let state: SessionState = { phase: 'starting' };
const listeners = new Set<() => void>();
let key: CryptoKey | undefined;
let session: StoredSession | undefined;
/** Signed in, PIN not given yet. */
let pending: StoredSession | undefined;
let renewalTimer: ReturnType<typeof setTimeout> | undefined;
let renewing: Promise<void> | undefined;

function set(next: SessionState): void {
  state = next;
  listeners.forEach((listener) => listener());
}

export function useSession(): SessionState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

export const currentSession = () => state;

/** While ready: the user's data key and who they are. */
export function unlocked(): { key: CryptoKey; user: User } {
  if (!key || !session) throw new Error('the session is locked');
  return { key, user: session.user };
}

export async function startSession(): Promise<void> {
  const last = await lastUser();
  if (last && (await hasSession(last.userId)) && (await findVault(last.userId))) {
    set({ phase: 'enter-pin', user: last, afterLogin: false });
  } else {
    set({ phase: 'signed-out' });
  }
}

export const beginLogin = startLogin;

/** The second step of signing in; then the PIN is set (first time on this device) or asked for. */
export async function finishLogin(challengeId: string, code: string): Promise<void> {
  const tokens = tokensOf(await verifyCode(challengeId, code));
  const me = await fetchMe(tokens.accessToken);
  const scope = currentScope(tokens.accessToken) ?? '';
  pending = {
    ...tokens,
    user: {
      id: me.id,
      username: me.username,
      name: me.name,
      role: me.role,
      office: me.office,
      language: me.language,
      scopes: scopeNames(scope),
      declares: declarableEvents(scope),
    },
  };
  if (await findVault(me.id)) {
    await resetPinAttempts(me.id);
    set({ phase: 'enter-pin', user: pending.user, afterLogin: true });
  } else {
    set({ phase: 'set-pin', user: pending.user });
  }
}

/** The scope claim of the access token (a JWT); only read to choose what to show, the server decides. */
function currentScope(accessToken: string): string | undefined {
  try {
    const payload = accessToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    return (JSON.parse(atob(payload)) as { scope?: string }).scope;
  } catch {
    return undefined;
  }
}

function tokensOf(answer: TokenResponse, now = Date.now()): Tokens {
  return {
    accessToken: answer.accessToken,
    accessExpiresAt: now + answer.expiresIn * 1000,
    refreshToken: answer.refreshToken,
    refreshExpiresAt: now + answer.refreshExpiresIn * 1000,
  };
}

export async function setPin(pin: string): Promise<void> {
  if (!pending) throw new Error('sign in first');
  key = await createVault(pending.user.id, pin);
  await becomeReady(pending);
}

export async function unlock(pin: string): Promise<void> {
  const user = state.user;
  if (!user) return;
  const userId = 'id' in user ? user.id : user.userId;
  const result = await unlockVault(userId, pin);
  if (!result.ok) {
    if (result.attemptsLeft > 0) {
      set({ ...state, attemptsLeft: result.attemptsLeft, notice: 'wrong-pin' });
      return;
    }
    // Too many wrong PINs: the stored session goes; the password (and the code) are needed again.
    await forgetSession(userId);
    pending = undefined;
    set({ phase: 'signed-out', notice: 'too-many-pins' });
    return;
  }
  key = result.key;
  const stored = pending ?? (await readSession(result.key, userId));
  if (!stored) {
    set({ phase: 'signed-out', notice: 'session-ended' });
    return;
  }
  await becomeReady(stored);
}

async function becomeReady(next: StoredSession): Promise<void> {
  session = next;
  pending = undefined;
  await saveSession(key!, next);
  set({ phase: 'ready', user: next.user });
  scheduleRenewal();
  // After a reload the access token may have expired: renew now, while the user looks at the first page.
  if (next.accessExpiresAt - Date.now() < 30_000) void renew().catch(() => undefined);
}

/** The screen locks: nothing stays in memory that could read the device's data or call the API. */
export function lock(): void {
  if (state.phase !== 'ready' || !session) return;
  const user = session.user;
  forgetInMemory();
  set({ phase: 'enter-pin', user, afterLogin: false });
}

function forgetInMemory(): void {
  clearTimeout(renewalTimer);
  key = undefined;
  session = undefined;
  pending = undefined;
}

export async function signOut(): Promise<void> {
  const current = session ?? pending;
  forgetInMemory();
  if (current) {
    await forgetSession(current.user.id);
    // Ends the session on the server too; without a connection it simply expires.
    await logout(current.refreshToken).catch(() => undefined);
  }
  set({ phase: 'signed-out' });
}

/**
 * The user forgot their PIN. Their unsent declarations were encrypted with it and cannot be read any more: they go,
 * and the user chooses a new PIN after signing in with the password.
 */
export async function forgetPin(): Promise<void> {
  const user = state.user;
  if (!user) return;
  const userId = 'id' in user ? user.id : user.userId;
  const { deleteOutboxItem, listOutbox } = await import('../../offline/outbox');
  for (const item of await listOutbox(userId)) await deleteOutboxItem(item.id);
  await forgetVault(userId);
  await forgetSession(userId);
  if (pending) set({ phase: 'set-pin', user: pending.user });
  else set({ phase: 'signed-out' });
}

function scheduleRenewal(): void {
  clearTimeout(renewalTimer);
  if (!session) return;
  const lifetime = session.accessExpiresAt - Date.now();
  const wait = Math.max(1000, lifetime * RENEW_AT);
  renewalTimer = setTimeout(() => {
    renew().catch((error: unknown) => {
      if (!(error instanceof ApiError && error.kind === 'http')) {
        clearTimeout(renewalTimer);
        renewalTimer = setTimeout(scheduleRenewal, RETRY_RENEWAL_MS);
      }
    });
  }, wait);
}

/**
 * A new access token for the refresh token. Tabs take turns (a Web Lock): a refresh token is good once, and one
 * spent twice ends the session. A tab that waited reads what the other stored, and uses it if it is fresh.
 */
export function renew(): Promise<void> {
  renewing ??= (async () => {
    try {
      const run = async () => {
        if (!session || !key) throw new ApiError('http', 'The screen is locked', 401);
        const stored = await readSession(key, session.user.id).catch(() => undefined);
        if (stored && stored.refreshToken !== session.refreshToken && stored.accessExpiresAt - Date.now() > 60_000) {
          session = stored;
          return;
        }
        try {
          const answer = await refreshTokens(session.refreshToken);
          session = { ...session, ...tokensOf(answer) };
          await saveSession(key, session);
        } catch (error) {
          if (error instanceof ApiError && error.kind === 'http' && error.status < 500 && error.status !== 429) {
            sessionEnded();
          }
          throw error;
        }
      };
      if ('locks' in navigator) await navigator.locks.request('civitas-renew', run);
      else await run();
      scheduleRenewal();
    } finally {
      renewing = undefined;
    }
  })();
  return renewing;
}

/** The server ended the session (signed out elsewhere, expired, deactivated): sign in again; unsent items stay. */
function sessionEnded(): void {
  const user = session?.user;
  forgetInMemory();
  if (user) void forgetSession(user.id);
  set({ phase: 'signed-out', notice: 'session-ended' });
}

/** Calls the API as the signed-in user; a refused token is renewed once and the call made again. */
export const api: Api = async (path: string, options: RequestOptions = {}) => {
  if (!session) throw new ApiError('http', 'The screen is locked', 401);
  if (session.accessExpiresAt - Date.now() < 10_000) await renew().catch(() => undefined);
  try {
    return await callApi(path, { ...options, token: session?.accessToken });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401 && session)) throw error;
    await renew();
    return callApi(path, { ...options, token: session?.accessToken });
  }
};
