import { describe, expect, it } from 'vitest';
import { uuidv7Generator } from './uuidv7.js';

describe('uuidv7', () => {
  it('is a version 7, variant 10 UUID carrying the millisecond time', () => {
    const uuidv7 = uuidv7Generator();
    const id = uuidv7(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
  });

  it('sorts in creation order, also within one millisecond', () => {
    const uuidv7 = uuidv7Generator();
    const now = Date.now();
    const ids = Array.from({ length: 5000 }, () => uuidv7(now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
