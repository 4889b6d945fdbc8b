/**
 * The keys a running auth service signs and verifies with. They are read again every minute (and at once when a
 * token names a key we have not seen, e.g. after `civitas auth rotate-keys` on another node); on that beat the
 * current key is replaced when older than `auth.keyRotationDays`, and keys replaced longer ago than a token lives
 * are retired. Several nodes doing this at once is harmless: at worst two new keys, both valid.
 */
import type { JSONWebKeySet } from 'jose';
import type { Config } from '../../config/schema.js';
import type { Logger } from '../../core/log.js';
import type { AuthDb } from './repository.js';
import {
  loadKeys,
  retireReplacedKeys,
  rotateSigningKeyIfOlderThan,
  tokenVerifier,
  type SigningKey,
  type VerifiedToken,
} from './tokens.js';

export interface KeyRing {
  current(): SigningKey;
  jwks(): JSONWebKeySet;
  verify(token: string): Promise<VerifiedToken>;
  /** Reads the keys again (rotating and retiring as due). */
  refresh(): Promise<void>;
  stop(): void;
}

export async function openKeyRing(deps: { db: AuthDb; config: Config; log: Logger }): Promise<KeyRing> {
  const secretKey = deps.config.secretKey!;
  const ttl = deps.config.auth.accessTokenTtlSeconds;
  let loaded = await loadKeys(deps.db, secretKey);
  let verifier = tokenVerifier(loaded.jwks);
  let lastRefresh = 0;

  async function refresh(): Promise<void> {
    lastRefresh = Date.now();
    const maxAge = deps.config.auth.keyRotationDays * 86_400_000;
    if (Date.now() - loaded.currentSince.getTime() > maxAge) {
      const kid = await rotateSigningKeyIfOlderThan(deps.db, secretKey, maxAge);
      if (kid) deps.log.info({ kid }, 'token signing key rotated (scheduled)');
    }
    const retired = await retireReplacedKeys(deps.db, ttl);
    if (retired > 0) deps.log.info({ retired }, 'replaced token signing keys retired');
    const next = await loadKeys(deps.db, secretKey);
    const changed = next.jwks.keys.map((key) => key.kid).join() !== loaded.jwks.keys.map((key) => key.kid).join();
    loaded = next;
    // A new verifier also forgets the tokens it had verified: those of a retired key must stop working.
    if (changed) verifier = tokenVerifier(next.jwks);
  }

  const timer = setInterval(() => {
    refresh().catch((error: unknown) => deps.log.warn({ err: error }, 'cannot refresh token signing keys'));
  }, 60_000);
  timer.unref();

  return {
    current: () => loaded.current,
    jwks: () => loaded.jwks,
    async verify(token) {
      try {
        return await verifier(token);
      } catch (error) {
        // A key made by another node since we last looked: look again, at most every 5 s.
        if ((error as { code?: string }).code !== 'ERR_JWKS_NO_MATCHING_KEY' || Date.now() - lastRefresh < 5000)
          throw error;
        await refresh();
        return verifier(token);
      }
    },
    refresh,
    stop: () => clearInterval(timer),
  };
}
