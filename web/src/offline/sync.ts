/**
 * Sending the outbox. Each waiting item goes through steps that are each safe to repeat: upload its files (each id
 * kept as soon as it is known), start the record (Idempotency-Key), declare it (another key). A lost answer or a
 * server fault is tried again later, waiting longer each time; a refusal (4xx) stops the item and shows it to the
 * user, who fixes it or discards it: nothing is ever dropped on its own.
 */
import { ApiError } from '../api/http';
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
import {
  retryLater,
  sendEveryDue,
  startQueueRunner,
  waitForSignIn,
  type QueueDeps,
  type QueueRunner,
} from './retry-queue';

export type SyncDeps = QueueDeps;

/** Sends every item that is due, one after the other; answers when the next one is due (or undefined). */
export function sendDue(deps: SyncDeps, now = Date.now()): Promise<number | undefined> {
  return sendEveryDue(
    () => listOutbox(deps.userId),
    (item) => sendItem(deps, item),
    now,
  );
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
  const signIn = waitForSignIn(error, attempts, at);
  if (signIn) {
    deps.onSignInNeeded();
    return signIn;
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
  return retryLater(error, attempts, at, deps.firstWaitMs);
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
let active: QueueRunner | undefined;

/** Something new waits: send it now if the outbox is being sent (the app is unlocked). */
export function kickSync(): void {
  active?.kick();
}

export function startSync(deps: SyncDeps): { kick(): void; stop(): void } {
  // Back online, or asked: everything waiting is due now, whatever its wait.
  const runner = startQueueRunner({
    lock: 'civitas-sync',
    what: 'the outbox',
    pass: (force) => sendDue(deps, force ? Number.POSITIVE_INFINITY : Date.now()),
  });
  active = runner;
  return {
    kick: () => runner.kick(),
    stop() {
      active = undefined;
      runner.stop();
    },
  };
}

/** "Try again now": the item is due at once, its wait forgotten. */
export async function retryNow(id: string): Promise<void> {
  await updateOutboxItem(id, { state: 'waiting', nextAttemptAt: Date.now() });
}
