/**
 * The records assigned to the user, downloaded so they can be read and acted on without a connection: each with its
 * history and the form version it was declared with, encrypted with the user's data key (personal data). The list
 * shows the plain fields only (tracking ID, event type, status, version, when downloaded).
 *
 * The copies follow the server's "assigned to me" workqueue: a record assigned is downloaded (again when its version
 * moved), one no longer assigned is forgotten, unless an action on it still waits on the device.
 */
import type { Api } from '../api/http';
import { getHistory, getQueue, getRecord } from '../api/records';
import { getEventType } from '../api/config';
import type { EventTypeDefinition, HistoryEntry, RecordStatus, RecordView } from '../api/types';
import { store } from './idb';
import { openJson, sealJson, type Sealed } from './vault';

export interface AssignedCopy {
  /** userId:recordId */
  readonly key: string;
  readonly userId: string;
  readonly recordId: string;
  readonly trackingId: string;
  readonly eventType: string;
  readonly status: RecordStatus;
  readonly version: number;
  readonly downloadedAt: string;
  readonly sealed: Sealed;
}

/** What a copy holds, once opened with the user's key. */
export interface AssignedBundle {
  readonly record: RecordView;
  readonly history: readonly HistoryEntry[];
  readonly definition: EventTypeDefinition;
}

/** The most records kept: the server's queue page. */
export const MOST_ASSIGNED = 50;

const copies = store<AssignedCopy>('assigned');
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('civitas-assigned') : undefined;
const listeners = new Set<() => void>();
channel?.addEventListener('message', () => listeners.forEach((listener) => listener()));

/** Called after the copies change, in this tab or another. */
export function onAssignedChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  listeners.forEach((listener) => listener());
  channel?.postMessage('changed');
}

const keyOf = (userId: string, recordId: string) => `${userId}:${recordId}`;

export async function listAssigned(userId: string): Promise<AssignedCopy[]> {
  return (await copies.all())
    .filter((copy) => copy.userId === userId)
    .sort((a, b) => a.trackingId.localeCompare(b.trackingId));
}

/** The user's copy of a record, opened; undefined when the device has none. */
export async function findAssigned(
  key: CryptoKey,
  userId: string,
  recordId: string,
): Promise<(AssignedBundle & { downloadedAt: string }) | undefined> {
  const copy = await copies.get(keyOf(userId, recordId));
  if (!copy) return undefined;
  return { ...(await openJson<AssignedBundle>(key, copy.sealed)), downloadedAt: copy.downloadedAt };
}

export async function keepAssigned(key: CryptoKey, userId: string, bundle: AssignedBundle): Promise<void> {
  const { record } = bundle;
  await copies.put({
    key: keyOf(userId, record.id),
    userId,
    recordId: record.id,
    trackingId: record.trackingId,
    eventType: record.eventType,
    status: record.status,
    version: record.version,
    downloadedAt: new Date().toISOString(),
    sealed: await sealJson(key, bundle),
  });
  changed();
}

export async function forgetAssigned(userId: string, recordId: string): Promise<void> {
  await copies.delete(keyOf(userId, recordId));
  changed();
}

/** Downloads one record as the user sees it now (record, history, its form version) and keeps it. */
export async function downloadRecord(
  api: Api,
  key: CryptoKey,
  userId: string,
  recordId: string,
): Promise<AssignedBundle> {
  const record = await getRecord(api, recordId);
  const [history, definition] = await Promise.all([
    getHistory(api, recordId),
    getEventType(api, record.eventType, record.formVersion),
  ]);
  const bundle = { record, history, definition };
  await keepAssigned(key, userId, bundle);
  return bundle;
}

export interface DownloadDeps {
  readonly api: Api;
  readonly key: CryptoKey;
  readonly userId: string;
  /** Records with an action still waiting on the device: kept even when no longer assigned. */
  readonly pending: ReadonlySet<string>;
}

/** Brings the copies in line with the "assigned to me" queue; answers how many records the device keeps. */
export async function downloadAssigned(deps: DownloadDeps): Promise<number> {
  const queue = await getQueue(deps.api, 'assigned-to-me', MOST_ASSIGNED);
  const kept = new Map((await listAssigned(deps.userId)).map((copy) => [copy.recordId, copy]));
  for (const item of queue.items) {
    if (kept.get(item.id)?.version === item.version && kept.get(item.id)?.status === item.status) continue;
    await downloadRecord(deps.api, deps.key, deps.userId, item.id);
  }
  const assigned = new Set(queue.items.map((item) => item.id));
  for (const recordId of kept.keys()) {
    if (!assigned.has(recordId) && !deps.pending.has(recordId)) await forgetAssigned(deps.userId, recordId);
  }
  return (await listAssigned(deps.userId)).length;
}
