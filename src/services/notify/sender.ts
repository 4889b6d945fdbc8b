/**
 * The sender: takes due messages, hands each to its channel's provider, and records the outcome. A failed attempt is
 * retried after the configured back-off, up to `maxAttempts`; nothing is lost on a crash (a message is only marked
 * sent after its provider accepted it, and a leased message comes back when the lease ends).
 */
import type { Logger } from '../../core/log.js';
import type { Channel } from './model.js';
import type { Provider } from './providers/provider.js';
import { claimDueMessages, markAttemptFailed, markSent, type MessageRow, type NotifyDb } from './repository.js';

export interface SenderOptions {
  readonly db: NotifyDb;
  readonly providers: Readonly<Record<Channel, Provider>>;
  readonly maxAttempts: number;
  readonly backoffMs: readonly number[];
  readonly pollIntervalMs: number;
  readonly log: Logger;
  /** How long a taken message is reserved for this sender. */
  readonly leaseMs?: number;
}

export interface Sender {
  /** Looks for due messages now (called after a message is queued). */
  wake(): void;
  /** Sends everything that is due, then resolves; for tests and shutdown. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export function startSender(options: SenderOptions): Sender {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function sendOne(row: MessageRow): Promise<void> {
    const provider = options.providers[row.channel];
    try {
      const { providerMessageId } = await provider.send({
        id: row.id,
        channel: row.channel,
        to: row.recipient,
        subject: row.subject,
        body: row.body ?? '',
      });
      await markSent(options.db, row, providerMessageId);
      options.log.info(
        { messageId: row.id, channel: row.channel, template: row.template, attempt: row.attempts },
        'message sent',
      );
    } catch (error) {
      const reason = (error as Error).message;
      const retryAt =
        row.attempts >= options.maxAttempts
          ? undefined
          : new Date(Date.now() + options.backoffMs[Math.min(row.attempts - 1, options.backoffMs.length - 1)]!);
      await markAttemptFailed(options.db, row, reason, retryAt);
      options.log.warn(
        { messageId: row.id, channel: row.channel, provider: provider.name, attempt: row.attempts, reason, retryAt },
        retryAt ? 'message not sent; will retry' : 'message not sent after the last attempt',
      );
    }
  }

  async function pass(): Promise<void> {
    for (;;) {
      const due = await claimDueMessages(options.db, 20, options.leaseMs ?? 60_000);
      if (due.length === 0) return;
      await Promise.all(due.map(sendOne));
    }
  }

  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (error) {
          options.log.warn({ err: error }, 'notify sender cannot reach the database; will retry');
        }
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
      schedule();
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), options.pollIntervalMs);
    timer.unref();
  }

  schedule();
  return {
    wake: () => void run(),
    drain: async () => {
      await run();
      await running;
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
