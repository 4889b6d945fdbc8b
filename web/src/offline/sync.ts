/**
 * Sending the outbox. Each waiting item goes through steps that are each safe to repeat: upload its files (each id
 * kept as soon as it is known), start the record (Idempotency-Key), declare it (another key). A lost answer or a
 * server fault is tried again later, waiting longer each time; a refusal (4xx) stops the item and shows it to the
 * user, who fixes it or discards it: nothing is ever dropped on its own.
 */
import { ApiError, type Api } from '../api/http';
import { uploadDocument } from '../api/documents';
import { createRecord, declareRecord } from '../api/records';
import type { Declaration } from '../api/types';
import {
  dropFiles,
  listOutbox,
  readFile,
  readPayload,
  updateOutboxItem,
  type OutboxError,
  type OutboxItem,
} from './outbox';

export interface SyncDeps {
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
export async function sendDue(deps: SyncDeps, now = Date.now()): Promise<number | undefined> {
  // Without a connection every attempt would fail at once and only lengthen the wait after it returns.
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  for (const item of offline ? [] : await listOutbox(deps.userId)) {
    // An item left "sending" by a closed tab or a crash is sent again: every step is safe to repeat.
    const due = (item.state === 'waiting' || item.state === 'sending') && item.nextAttemptAt <= now;
    if (!due) continue;
    const outcome = await sendItem(deps, item);
    if (outcome.lastError?.kind === 'sign-in') break;
  }
  const waiting = (await listOutbox(deps.userId)).filter((item) => item.state === 'waiting');
  return waiting.length === 0 ? undefined : Math.min(...waiting.map((item) => item.nextAttemptAt));
}

export async function sendItem(deps: SyncDeps, start: OutboxItem): Promise<OutboxItem> {
  let item = (await updateOutboxItem(start.id, { state: 'sending' })) ?? start;
  const save = async (patch: Partial<OutboxItem>) => {
    item = (await updateOutboxItem(item.id, patch)) ?? { ...item, ...patch };
  };
  try {
    const payload = await readPayload(deps.key, item);
    const uploaded: Record<string, string> = { ...item.uploaded };
    for (const file of payload.files) {
      if (uploaded[file.id]) continue;
      const blob = await readFile(deps.key, file);
      uploaded[file.id] = (await uploadDocument(deps.api, blob, file.name, deps.timeoutMs)).id;
      await save({ uploaded: { ...uploaded } });
    }
    if (!item.recordId) {
      const record = await createRecord(deps.api, item.eventType, item.keys.create, deps.timeoutMs);
      await save({ recordId: record.id, recordVersion: record.version, trackingId: record.trackingId });
    }
    const data = withDocuments(payload.data, payload.files, uploaded);
    const declared = await declareRecord(
      deps.api,
      item.recordId!,
      { version: item.recordVersion ?? 1, data },
      item.keys.declare,
      deps.timeoutMs,
    );
    await save({
      state: 'sent',
      recordVersion: declared.version,
      trackingId: declared.trackingId,
      lastError: undefined,
      attempts: item.attempts + 1,
    });
    await dropFiles(item.id);
  } catch (error) {
    await save(failure(item, error, deps));
  }
  return item;
}

function failure(item: OutboxItem, error: unknown, deps: SyncDeps): Partial<OutboxItem> {
  const attempts = item.attempts + 1;
  const at = new Date().toISOString();
  if (error instanceof ApiError && error.kind === 'http' && error.status === 401) {
    deps.onSignInNeeded();
    return {
      state: 'waiting',
      attempts,
      nextAttemptAt: Date.now() + LONGEST_WAIT_MS,
      lastError: { kind: 'sign-in', message: error.message, status: 401, at },
    };
  }
  if (error instanceof ApiError && !error.retryable) {
    const lastError: OutboxError = {
      kind: 'needs-user',
      message: error.message,
      status: error.status,
      at,
      ...(error.problem?.errors ? { fields: error.problem.errors } : {}),
    };
    return { state: 'needs-user', attempts, lastError };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    state: 'waiting',
    attempts,
    nextAttemptAt:
      Date.now() + backoffMs(attempts, error instanceof ApiError ? error.retryAfterMs : undefined, deps.firstWaitMs),
    lastError: {
      kind: 'retry',
      message,
      ...(error instanceof ApiError && error.status ? { status: error.status } : {}),
      at,
    },
  };
}

/** The declaration with each document field set to the ids of its uploaded files. */
export function withDocuments(
  data: Declaration,
  files: readonly { id: string; path: string }[],
  uploaded: Readonly<Record<string, string>>,
): Declaration {
  const result: Declaration = Object.fromEntries(Object.entries(data).map(([id, section]) => [id, { ...section }]));
  for (const file of files) {
    const [sectionId, fieldId] = file.path.split('.') as [string, string];
    const section = (result[sectionId] ??= {});
    const ids = Array.isArray(section[fieldId]) ? (section[fieldId] as string[]) : [];
    section[fieldId] = [...ids, uploaded[file.id]!];
  }
  return result;
}

/**
 * Keeps the outbox moving: sends what is due now, when the connection returns, when asked (`kick`), and when the
 * next retry falls due. One tab sends at a time (a Web Lock); the others only watch.
 */
let active: { kick(): void } | undefined;

/** Something new waits: send it now if the outbox is being sent (the app is unlocked). */
export function kickSync(): void {
  active?.kick();
}

export function startSync(deps: SyncDeps): { kick(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = false;
  const schedule = (at: number | undefined) => {
    clearTimeout(timer);
    if (at !== undefined && !stopped) timer = setTimeout(kick, Math.max(50, at - Date.now()));
  };
  let force = false;
  const pass = async () => {
    // Back online, or asked: everything waiting is due now, whatever its wait.
    const now = force ? Number.POSITIVE_INFINITY : Date.now();
    force = false;
    schedule(await sendDue(deps, now));
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
          await navigator.locks.request('civitas-sync', { ifAvailable: true }, async (lock) => {
            if (lock) await pass();
            else schedule(Date.now() + 5000);
          });
        else await pass();
      } while (again);
    } catch (error) {
      console.warn('sending the outbox failed; trying again in 30 s', error);
      schedule(Date.now() + 30_000);
    } finally {
      running = false;
    }
  }
  function kick() {
    void run();
  }
  const online = () => {
    force = true;
    kick();
  };
  window.addEventListener('online', online);
  online();
  active = { kick };
  return {
    kick,
    stop() {
      active = undefined;
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('online', online);
    },
  };
}

/** "Try again now": the item is due at once, its wait forgotten. */
export async function retryNow(id: string): Promise<void> {
  await updateOutboxItem(id, { state: 'waiting', nextAttemptAt: Date.now() });
}
