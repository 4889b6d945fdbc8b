/**
 * What the two offline queues (declarations in the outbox, actions on assigned records) share: sending every item
 * that is due, what a failed attempt makes of an item (wait for sign-in, try again later, or stop for the user), and
 * the runner that sends now, when the connection returns, when asked, and when the next retry falls due, in one tab
 * at a time (a Web Lock).
 */
import { ApiError, type Api } from '../api/http';

/** What sending a queue needs: the user's API, the key its stored items are sealed with, and how to wait. */
export interface QueueDeps {
  readonly api: Api;
  readonly key: CryptoKey;
  readonly userId: string;
  /** How long one request may take before it counts as lost. */
  readonly timeoutMs: number;
  /** The wait before the second attempt; it doubles with each failure, up to 5 minutes. */
  readonly firstWaitMs?: number;
  /** The session ended: items wait until the user signs in again. */
  readonly onSignInNeeded: () => void;
}

/** The fields of a queued item the queue itself reads and writes. */
export interface QueuedItem {
  readonly state: string;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError?: { readonly kind: string } | undefined;
}

export const FIRST_WAIT_MS = 1000;
const LONGEST_WAIT_MS = 5 * 60_000;

/** 1 s, 2 s, 4 s, ... up to 5 minutes, give or take a fifth (so many devices do not come back at once). */
export function backoffMs(
  attempts: number,
  retryAfterMs?: number,
  firstWaitMs = FIRST_WAIT_MS,
  random = Math.random(),
): number {
  const exponential = Math.min(LONGEST_WAIT_MS, firstWaitMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential * (0.8 + 0.4 * random);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Sends every item that is due, one after the other; answers when the next one is due (or undefined). */
export async function sendEveryDue<Item extends QueuedItem>(
  list: () => Promise<Item[]>,
  send: (item: Item) => Promise<Item>,
  now: number,
): Promise<number | undefined> {
  // Without a connection every attempt would fail at once and only lengthen the wait after it returns.
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  for (const item of offline ? [] : await list()) {
    // An item left "sending" by a closed tab or a crash is sent again: every step is safe to repeat.
    const due = (item.state === 'waiting' || item.state === 'sending') && item.nextAttemptAt <= now;
    if (!due) continue;
    const outcome = await send(item);
    // Signed out: every other item would fail the same way.
    if (outcome.lastError?.kind === 'sign-in') break;
  }
  const waiting = (await list()).filter((item) => item.state === 'waiting');
  return waiting.length === 0 ? undefined : Math.min(...waiting.map((item) => item.nextAttemptAt));
}

/** The session ended (401): the item waits for the user to sign in again. Undefined for any other error. */
export function waitForSignIn(error: unknown, attempts: number, at: string) {
  if (!(error instanceof ApiError && error.kind === 'http' && error.status === 401)) return undefined;
  return {
    state: 'waiting' as const,
    attempts,
    nextAttemptAt: Date.now() + LONGEST_WAIT_MS,
    lastError: { kind: 'sign-in' as const, message: error.message, status: 401, at },
  };
}

/** A lost answer or a server fault: the item is tried again later, waiting longer after each failure. */
export function retryLater(error: unknown, attempts: number, at: string, firstWaitMs?: number) {
  const retryAfter = error instanceof ApiError ? error.retryAfterMs : undefined;
  return {
    state: 'waiting' as const,
    attempts,
    nextAttemptAt: Date.now() + backoffMs(attempts, retryAfter, firstWaitMs),
    lastError: {
      kind: 'retry' as const,
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof ApiError && error.status ? { status: error.status } : {}),
      at,
    },
  };
}

export interface QueueRunnerOptions {
  /** The Web Lock's name: one tab sends. */
  readonly lock: string;
  /** What it sends, for the console when a pass fails. */
  readonly what: string;
  /** One pass: `force` says everything waiting is due now (back online, or asked). Answers when to pass again. */
  readonly pass: (force: boolean) => Promise<number | undefined>;
}

export interface QueueRunner {
  /** Passes now; forced, everything waiting is sent whatever its wait. */
  kick(force?: boolean): void;
  stop(): void;
}

export function startQueueRunner(options: QueueRunnerOptions): QueueRunner {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = false;
  let force = false;
  const schedule = (at: number | undefined) => {
    clearTimeout(timer);
    if (at !== undefined && !stopped) timer = setTimeout(() => kick(), Math.max(50, at - Date.now()));
  };
  const pass = async () => {
    const forced = force;
    force = false;
    schedule(await options.pass(forced));
  };
  async function run() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        if (stopped) return;
        if ('locks' in navigator)
          await navigator.locks.request(options.lock, { ifAvailable: true }, async (lock) => {
            if (lock) await pass();
            else schedule(Date.now() + 5000);
          });
        else await pass();
      } while (again);
    } catch (error) {
      console.warn(`sending ${options.what} failed; trying again in 30 s`, error);
      schedule(Date.now() + 30_000);
    } finally {
      running = false;
    }
  }
  function kick(forced = false) {
    if (forced) force = true;
    void run();
  }
  const online = () => kick(true);
  window.addEventListener('online', online);
  online();
  return {
    kick,
    stop() {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('online', online);
    },
  };
}
