/**
 * Partners by the hash of their API key, kept in this process for `ttlMs` so that a verification does not read
 * `identity.partners` each time. The price: a key revoked or rotated, or a policy changed, on another node keeps
 * working there with what it had until its entry expires (at most `ttlMs`); the node that makes the change forgets
 * the partner at once. Only partners found are kept (a wrong key is looked up every time, as before), at most
 * `maxEntries` of them, the oldest dropped first; concurrent lookups of one key share one read.
 *
 * @module
 */
import type { PartnerRow } from './verification-repository.js';

export interface PartnerCache {
  /** The partner whose key hashes to `keyHash`, from memory when read less than the TTL ago. */
  find(keyHash: string): Promise<PartnerRow | undefined>;
  /** Forgets the partner (its key was rotated, it was revoked, its policy changed): the next lookup reads it. */
  forget(partnerId: string): void;
}

export interface PartnerCacheOptions {
  /** 0 turns the cache off: every lookup reads the database. */
  readonly ttlMs: number;
  readonly maxEntries?: number;
  readonly load: (keyHash: string) => Promise<PartnerRow | undefined>;
  /** The clock, for tests. */
  readonly now?: () => number;
}

export function partnerCache(options: PartnerCacheOptions): PartnerCache {
  const { ttlMs, load, maxEntries = 1000, now = Date.now } = options;
  const entries = new Map<string, { partner: PartnerRow; expiresAt: number }>();
  const loading = new Map<string, Promise<PartnerRow | undefined>>();
  // Bumped by forget(): a read that started before it must not put back what it read.
  let generation = 0;

  async function read(keyHash: string): Promise<PartnerRow | undefined> {
    const started = generation;
    const partner = await load(keyHash);
    if (partner && started === generation) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(keyHash, { partner, expiresAt: now() + ttlMs });
    }
    return partner;
  }

  return {
    find(keyHash) {
      if (ttlMs === 0) return load(keyHash);
      const entry = entries.get(keyHash);
      if (entry && entry.expiresAt > now()) return Promise.resolve(entry.partner);
      if (entry) entries.delete(keyHash);
      const shared = loading.get(keyHash);
      if (shared) return shared;
      const pending: Promise<PartnerRow | undefined> = read(keyHash).finally(() => {
        if (loading.get(keyHash) === pending) loading.delete(keyHash);
      });
      loading.set(keyHash, pending);
      return pending;
    },
    forget(partnerId) {
      generation += 1;
      for (const [keyHash, entry] of entries) if (entry.partner.id === partnerId) entries.delete(keyHash);
      loading.clear();
    },
  };
}
