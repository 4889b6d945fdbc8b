import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../errors.js';
import { rateLimiter } from './rate-limit.js';

describe('rate limiter', () => {
  afterEach(() => vi.useRealTimers());

  it('allows the limit per key and window, then refuses with the time to wait', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const limiter = rateLimiter(3, 60_000);
    for (let i = 0; i < 3; i++) limiter.take('10.0.0.1', 'from this address');
    limiter.take('10.0.0.2', 'from this address');
    let refused: unknown;
    vi.advanceTimersByTime(20_000);
    try {
      limiter.take('10.0.0.1', 'from this address');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('RATE_LIMITED');
    expect((refused as DomainError).retryAfterSeconds).toBe(40);
    vi.advanceTimersByTime(40_000);
    expect(() => limiter.take('10.0.0.1', 'from this address')).not.toThrow();
  });

  it('keeps memory bounded under many keys', () => {
    const limiter = rateLimiter(1, 60_000, 100);
    for (let i = 0; i < 1000; i++) limiter.take(`key-${i}`, 'x');
    // The newest keys are still counted: a second attempt is refused.
    expect(() => limiter.take('key-999', 'x')).toThrow(/Too many attempts/);
  });
});
