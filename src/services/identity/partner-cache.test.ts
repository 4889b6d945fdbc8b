import { describe, expect, it } from 'vitest';
import { partnerCache } from './partner-cache.js';
import type { PartnerRow } from './verification-repository.js';

const partner = (id: string, keyHash: string) =>
  ({
    id,
    name: `Partner ${id}`,
    key_hash: keyHash,
    policy: { verificationTypes: ['demographic'], matchTypes: ['exact'], ekycAttributes: [] },
    created_by: 'test',
    created_at: new Date(0),
    key_rotated_at: null,
    revoked_at: null,
  }) as PartnerRow;

/** A table of partners by key hash that counts its reads, and a clock the test moves. */
function setup(ttlMs: number, maxEntries?: number) {
  const rows = new Map<string, PartnerRow>([
    ['hash-a', partner('a', 'hash-a')],
    ['hash-b', partner('b', 'hash-b')],
  ]);
  const reads: string[] = [];
  let now = 0;
  let gate: Promise<void> | undefined;
  const cache = partnerCache({
    ttlMs,
    ...(maxEntries ? { maxEntries } : {}),
    now: () => now,
    load: async (keyHash) => {
      reads.push(keyHash);
      await gate;
      return rows.get(keyHash);
    },
  });
  return {
    cache,
    rows,
    reads,
    advance: (ms: number) => (now += ms),
    hold: () => {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return () => {
        gate = undefined;
        open();
      };
    },
  };
}

describe('partner cache', () => {
  it('reads a partner once per TTL, and again once it has expired', async () => {
    const { cache, reads, advance } = setup(5000);
    expect((await cache.find('hash-a'))?.id).toBe('a');
    advance(4999);
    expect((await cache.find('hash-a'))?.id).toBe('a');
    expect(reads).toEqual(['hash-a']);
    advance(1);
    await cache.find('hash-a');
    expect(reads).toEqual(['hash-a', 'hash-a']);
  });

  it('serves what it read until the TTL ends: a partner revoked elsewhere is seen revoked after it', async () => {
    const { cache, rows, advance } = setup(5000);
    await cache.find('hash-a');
    rows.set('hash-a', { ...rows.get('hash-a')!, revoked_at: new Date() });
    expect((await cache.find('hash-a'))?.revoked_at).toBeNull();
    advance(5000);
    expect((await cache.find('hash-a'))?.revoked_at).toBeInstanceOf(Date);
  });

  it('forgets a changed partner at once, and a read under way then does not put the old row back', async () => {
    const { cache, rows, reads, hold } = setup(5000);
    await cache.find('hash-a');
    const release = hold();
    const during = cache.find('hash-b');
    rows.set('hash-a', { ...rows.get('hash-a')!, revoked_at: new Date() });
    cache.forget('a');
    release();
    await during;
    expect((await cache.find('hash-a'))?.revoked_at).toBeInstanceOf(Date);
    // hash-b was read before the change was known: it is read again, not served from memory.
    await cache.find('hash-b');
    expect(reads).toEqual(['hash-a', 'hash-b', 'hash-a', 'hash-b']);
  });

  it('does not keep unknown keys, so a partner registered meanwhile is found at once', async () => {
    const { cache, rows, reads } = setup(5000);
    expect(await cache.find('hash-new')).toBeUndefined();
    rows.set('hash-new', partner('new', 'hash-new'));
    expect((await cache.find('hash-new'))?.id).toBe('new');
    expect(reads).toEqual(['hash-new', 'hash-new']);
  });

  it('shares one read among concurrent lookups of a key', async () => {
    const { cache, reads, hold } = setup(5000);
    const release = hold();
    const found = Promise.all([cache.find('hash-a'), cache.find('hash-a'), cache.find('hash-a')]);
    release();
    expect((await found).map((row) => row?.id)).toEqual(['a', 'a', 'a']);
    expect(reads).toEqual(['hash-a']);
  });

  it('reads every time with a TTL of 0', async () => {
    const { cache, reads } = setup(0);
    await cache.find('hash-a');
    await cache.find('hash-a');
    expect(reads).toEqual(['hash-a', 'hash-a']);
  });

  it('keeps at most maxEntries partners, dropping the oldest', async () => {
    const { cache, reads } = setup(5000, 1);
    await cache.find('hash-a');
    await cache.find('hash-b');
    await cache.find('hash-b');
    await cache.find('hash-a');
    expect(reads).toEqual(['hash-a', 'hash-b', 'hash-a']);
  });
});
