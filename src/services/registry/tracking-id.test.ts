import { describe, expect, it } from 'vitest';
import { newTrackingId, readTrackingId } from './tracking-id.js';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

describe('tracking IDs', () => {
  it('are 8 unambiguous characters that check out, and do not repeat', () => {
    const ids = new Set(Array.from({ length: 2000 }, newTrackingId));
    expect(ids.size).toBe(2000);
    for (const id of ids) {
      expect(id).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
      expect(readTrackingId(id)).toEqual({ ok: true, id });
    }
  });

  it('are read in any case, with spaces or dashes', () => {
    const id = newTrackingId();
    expect(readTrackingId(`${id.slice(0, 4).toLowerCase()}-${id.slice(4)}`)).toEqual({ ok: true, id });
  });

  it('catch every single mistyped character and every swap of neighbours', () => {
    for (let n = 0; n < 50; n++) {
      const id = newTrackingId();
      for (let position = 0; position < id.length; position++) {
        for (const char of ALPHABET) {
          if (char === id[position]) continue;
          const typo = id.slice(0, position) + char + id.slice(position + 1);
          expect(readTrackingId(typo).ok, typo).toBe(false);
        }
        const next = id[position + 1];
        if (next !== undefined && next !== id[position]) {
          const swapped = id.slice(0, position) + next + id[position] + id.slice(position + 2);
          expect(readTrackingId(swapped).ok, swapped).toBe(false);
        }
      }
    }
  });

  it('say why a string is not a tracking ID', () => {
    expect(readTrackingId('ABC')).toMatchObject({ ok: false, reason: 'has 8 characters' });
    expect(readTrackingId('0BCDEFGH')).toMatchObject({ ok: false, reason: expect.stringContaining('"0"') });
  });
});
