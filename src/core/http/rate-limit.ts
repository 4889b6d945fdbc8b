/**
 * A fixed-window counter per key (a network address, a username), kept in this process's memory. Each node counts on
 * its own, so a cluster of three allows up to three times the limit: enough to stop guessing passwords at speed, and
 * it needs nothing shared. Memory stays bounded: expired windows are dropped, and past `maxKeys` the oldest go.
 */
import { DomainError } from '../errors.js';

export interface RateLimiter {
  /** Counts one attempt for `key`; throws RATE_LIMITED with Retry-After once the key is over its limit. */
  take(key: string, what: string): void;
}

export function rateLimiter(limit: number, windowMs = 60_000, maxKeys = 100_000): RateLimiter {
  const windows = new Map<string, { count: number; endsAt: number }>();

  function prune(now: number): void {
    for (const [key, window] of windows) if (window.endsAt <= now) windows.delete(key);
    // Still full of live windows (an attack from many addresses): drop the oldest, insertion order.
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  }

  return {
    take(key, what) {
      const now = Date.now();
      let window = windows.get(key);
      if (!window || window.endsAt <= now) {
        if (windows.size >= maxKeys) prune(now);
        window = { count: 0, endsAt: now + windowMs };
        windows.delete(key);
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count > limit) {
        const retryAfterSeconds = (window.endsAt - now) / 1000;
        throw new DomainError(
          'RATE_LIMITED',
          `Too many attempts ${what}; try again in ${Math.ceil(retryAfterSeconds)} s.`,
          { retryAfterSeconds },
        );
      }
    },
  };
}
