/**
 * Startup against a cluster: the first statements may reach a PostgreSQL that is not (yet) the writable primary.
 * HAProxy counts a server as up until its first failed check, so for a second or two after HAProxy (re)starts a
 * connection can land on a standby; during a failover there is briefly no primary at all. Both pass on their own, so
 * startup waits for them instead of exiting. Anything else (a wrong password, a bad migration) fails at once.
 */
import type { Logger } from '../log.js';

/** SQLSTATEs and socket errors that mean "no writable primary here yet", not "something is wrong". */
const TRANSIENT_CODES = new Set([
  '25006', // read_only_sql_transaction: a standby answered
  '57P01', // admin_shutdown: the server is stopping (a switchover)
  '57P03', // cannot_connect_now: the server is starting or in recovery
  '08000',
  '08001',
  '08003',
  '08006', // connection exceptions
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

export function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  // node-postgres reports a connection the server closed mid-query without a code.
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|server closed the connection/i.test(message);
}

export interface WaitOptions {
  readonly log: Logger;
  /** Give up after this long; the error is then thrown as it is. */
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** What is being done, for the log ("migrate"). */
  readonly step: string;
}

/** Runs `attempt` until it succeeds, retrying only transient database errors, for at most `timeoutMs`. */
export async function retryUntilPrimary<T>(attempt: () => Promise<T>, options: WaitOptions): Promise<T> {
  const started = Date.now();
  const interval = options.intervalMs ?? 1000;
  let tries = 0;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      tries += 1;
      const waited = Date.now() - started;
      if (!isTransientDatabaseError(error) || waited + interval > options.timeoutMs) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      // Once per try would flood the log in a long failover; the first and every tenth say enough.
      if (tries === 1 || tries % 10 === 0) {
        options.log.warn(
          { step: options.step, tries, waitedMs: waited, reason },
          'no writable PostgreSQL primary yet; waiting',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}
