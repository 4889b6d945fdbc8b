import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  compressStatusList,
  decompressStatusList,
  INVALID,
  signStatusListToken,
  statusAt,
  statusBytes,
  VALID,
  verifyStatusListToken,
} from './status-list.js';

describe('a status list', () => {
  it('packs index 0 into the lowest bit of the first byte, as the draft’s example does', () => {
    const bytes = statusBytes(16, [0, 3, 4, 5, 7, 8, 9, 13, 15]);
    expect([...bytes]).toEqual([0xb9, 0xa3]);
    // The draft's own compressed example of these 16 statuses.
    expect([...decompressStatusList('eNrbuRgAAhcBXQ')]).toEqual([0xb9, 0xa3]);
    expect([...decompressStatusList(compressStatusList(bytes))]).toEqual([0xb9, 0xa3]);
    expect(statusAt(bytes, 3)).toBe(INVALID);
    expect(statusAt(bytes, 6)).toBe(VALID);
    expect(statusAt(bytes, 16)).toBeUndefined();
    expect(statusAt(Uint8Array.of(0b1110_0100), 1, 2)).toBe(1);
    expect(statusAt(Uint8Array.of(0b1110_0100), 3, 2)).toBe(3);
  });

  it('compresses a large, mostly valid list to little', () => {
    expect(compressStatusList(statusBytes(1 << 17, [5, 70_000])).length).toBeLessThan(100);
    expect(() => statusBytes(8, [8])).toThrow(RangeError);
  });

  it('travels as a signed token that says which index is revoked, and nothing forged passes', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const uri = 'https://id.example/identity/status-lists/1';
    const token = await signStatusListToken({
      signer: { alg: 'ES256', kid: 'k', privateKey },
      uri,
      statuses: statusBytes(1024, [42]),
      ttlSeconds: 300,
    });
    const list = await verifyStatusListToken(token, { issuerKey: publicKey, uri });
    expect(list.statusAt(42)).toBe(INVALID);
    expect(list.statusAt(41)).toBe(VALID);

    await expect(verifyStatusListToken(token, { issuerKey: publicKey, uri: `${uri}0` })).rejects.toThrow();
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    await expect(verifyStatusListToken(token, { issuerKey: other, uri })).rejects.toThrow();
    const later = new Date(Date.now() + 3600_000);
    await expect(verifyStatusListToken(token, { issuerKey: publicKey, uri, now: later })).rejects.toThrow();
  });
});
