/**
 * The outbox: declarations waiting to be sent and drafts, kept in IndexedDB so that nothing typed is lost without a
 * connection. Each item's state, attempts and last error are stored in plain (the list shows them while locked
 * too, without names); its data and files are encrypted with the user's data key.
 */
import type { Declaration } from '../api/types';
import { store } from './idb';
import { openJson, open, seal, sealJson, type Sealed } from './vault';

export type OutboxState = 'draft' | 'waiting' | 'sending' | 'needs-user' | 'sent';

export interface OutboxError {
  readonly message: string;
  /** retry: sent again later by itself; needs-user: the server refused it, the user must act; sign-in: the session ended. */
  readonly kind: 'retry' | 'needs-user' | 'sign-in';
  readonly status?: number;
  readonly at: string;
  readonly fields?: readonly { readonly field: string; readonly message: string }[];
}

export interface OutboxItem {
  readonly id: string;
  readonly userId: string;
  readonly eventType: string;
  readonly state: OutboxState;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly attempts: number;
  /** Epoch milliseconds: not sent again before then. */
  readonly nextAttemptAt: number;
  readonly lastError?: OutboxError;
  /** Idempotency keys: a repeat of either request answers the first answer, never a second record. */
  readonly keys: { readonly create: string; readonly declare: string };
  readonly recordId?: string;
  readonly recordVersion?: number;
  readonly trackingId?: string;
  /** Local file id → the document id the server gave it. */
  readonly uploaded: Readonly<Record<string, string>>;
  readonly sealed: Sealed;
}

/** A file attached to a declaration on this device. */
export interface LocalFile {
  readonly id: string;
  /** The document field it belongs to, sectionId.fieldId. */
  readonly path: string;
  readonly name: string;
  readonly type: string;
  readonly size: number;
}

export interface OutboxPayload {
  readonly data: Declaration;
  readonly files: readonly LocalFile[];
}

interface StoredFile {
  readonly id: string;
  readonly itemId: string;
  readonly sealed: Sealed;
}

export class OutboxFullError extends Error {
  constructor(readonly limit: number) {
    super(`This device already holds ${limit} declarations that are not sent`);
    this.name = 'OutboxFullError';
  }
}

const items = store<OutboxItem>('outbox');
const files = store<StoredFile>('files');
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('civitas-outbox') : undefined;
const listeners = new Set<() => void>();
channel?.addEventListener('message', () => listeners.forEach((listener) => listener()));

/** Called after any change, in this tab or another. */
export function onOutboxChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  listeners.forEach((listener) => listener());
  channel?.postMessage('changed');
}

export async function listOutbox(userId: string): Promise<OutboxItem[]> {
  return (await items.all())
    .filter((item) => item.userId === userId)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export const findOutboxItem = (id: string) => items.get(id);

export const readPayload = (key: CryptoKey, item: OutboxItem) => openJson<OutboxPayload>(key, item.sealed);

export async function readFile(key: CryptoKey, file: LocalFile): Promise<Blob> {
  const stored = await files.get(file.id);
  if (!stored) throw new Error(`The file ${file.name} is no longer on this device`);
  return new Blob([await open(key, stored.sealed)], { type: file.type });
}

export interface SaveInput {
  readonly key: CryptoKey;
  readonly userId: string;
  readonly eventType: string;
  /** The item being edited; a new one when absent. */
  readonly id?: string;
  readonly data: Declaration;
  readonly files: readonly LocalFile[];
  /** Files chosen since the last save: their bytes. */
  readonly blobs: ReadonlyMap<string, Blob>;
  /** draft: kept here; send: waiting to be sent. */
  readonly send: boolean;
  readonly limit: number;
}

/** Saves a draft or queues a declaration; answers the stored item. */
export async function saveToOutbox(input: SaveInput): Promise<OutboxItem> {
  const existing = input.id ? await items.get(input.id) : undefined;
  if (!existing) {
    const unsent = (await listOutbox(input.userId)).filter((item) => item.state !== 'sent').length;
    if (unsent >= input.limit) throw new OutboxFullError(input.limit);
  }
  const id = existing?.id ?? crypto.randomUUID();
  for (const file of input.files) {
    const blob = input.blobs.get(file.id);
    if (blob) await files.put({ id: file.id, itemId: id, sealed: await seal(input.key, await blob.arrayBuffer()) });
  }
  const kept = new Set(input.files.map((file) => file.id));
  if (existing) {
    for (const stale of (await files.all()).filter((file) => file.itemId === id && !kept.has(file.id))) {
      await files.delete(stale.id);
    }
  }
  const now = new Date().toISOString();
  const item: OutboxItem = {
    id,
    userId: input.userId,
    eventType: input.eventType,
    state: input.send ? 'waiting' : 'draft',
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    attempts: 0,
    nextAttemptAt: Date.now(),
    // A changed declaration is a new request: it needs a new key (the server refuses a key reused for other data).
    keys: { create: existing?.keys.create ?? crypto.randomUUID(), declare: crypto.randomUUID() },
    ...(existing?.recordId
      ? { recordId: existing.recordId, recordVersion: existing.recordVersion, trackingId: existing.trackingId }
      : {}),
    uploaded: Object.fromEntries(Object.entries(existing?.uploaded ?? {}).filter(([fileId]) => kept.has(fileId))),
    sealed: await sealJson(input.key, { data: input.data, files: input.files } satisfies OutboxPayload),
  };
  await items.put(item);
  changed();
  return item;
}

/** Changes an item's plain fields (state, attempts, ids); answers the new item. */
export async function updateOutboxItem(id: string, patch: Partial<OutboxItem>): Promise<OutboxItem | undefined> {
  const item = await items.get(id);
  if (!item) return undefined;
  const next: OutboxItem = { ...item, ...patch, updatedAt: new Date().toISOString() };
  await items.put(next);
  changed();
  return next;
}

/** Only ever on the user's word (discard a draft), or for an item the server has. */
export async function deleteOutboxItem(id: string): Promise<void> {
  for (const file of (await files.all()).filter((stored) => stored.itemId === id)) await files.delete(file.id);
  await items.delete(id);
  changed();
}

/** Sent items are kept a day, so the user sees what left; then they go. */
export async function pruneSent(userId: string, keepMs = 86_400_000): Promise<void> {
  const cutoff = new Date(Date.now() - keepMs).toISOString();
  for (const item of await listOutbox(userId)) {
    if (item.state === 'sent' && item.updatedAt < cutoff) await deleteOutboxItem(item.id);
  }
}

/** The files of a sent item are on the server: the device need not keep them. */
export async function dropFiles(itemId: string): Promise<void> {
  for (const file of (await files.all()).filter((stored) => stored.itemId === itemId)) await files.delete(file.id);
}
