/**
 * Actions on downloaded records (validate, print the certificate) taken without a connection, waiting to be sent:
 * the record's offline counterpart of the declarations' outbox. Each keeps the version of the record it was taken
 * on, its idempotency key, its state, attempts and last error in plain; what it carries (who collects a certificate)
 * is encrypted. Nothing leaves the queue on its own: a refusal or a conflict (the record changed on the server) stays
 * on the item until the user retries it on the current version or discards it.
 *
 * States: waiting → sending → sent; or needs-user (refused), conflict (changed on the server), sign-in.
 */
import type { CertificateCollector } from '../api/record-actions';
import { listOutbox } from './outbox';
import { store } from './idb';
import { openJson, sealJson, type Sealed } from './vault';

export type QueuedActionType = 'validate' | 'print';
export type QueuedActionState = 'waiting' | 'sending' | 'needs-user' | 'conflict' | 'sent';

export interface QueuedActionError {
  readonly message: string;
  /** retry: tried again by itself; needs-user: refused; conflict: the record changed; sign-in: the session ended. */
  readonly kind: 'retry' | 'needs-user' | 'conflict' | 'sign-in';
  readonly status?: number;
  readonly at: string;
}

export interface QueuedAction {
  readonly id: string;
  readonly userId: string;
  readonly recordId: string;
  readonly trackingId: string;
  readonly type: QueuedActionType;
  /** The record's version the user saw when taking the action. */
  readonly version: number;
  readonly idempotencyKey: string;
  readonly state: QueuedActionState;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly attempts: number;
  /** Epoch milliseconds: not sent again before then. */
  readonly nextAttemptAt: number;
  readonly lastError?: QueuedActionError;
  /** Once sent: the record's version after it. */
  readonly appliedVersion?: number;
  /** Sent, but its answer was lost: the server has the action (its history says so), not the certificate file. */
  readonly answerLost?: boolean;
  /** The action's details (print: language and collector), encrypted. */
  readonly sealed: Sealed;
  /** print, once sent: the certificate, encrypted. */
  readonly certificate?: Sealed;
}

export interface QueuedActionDetails {
  readonly language?: string;
  readonly collector?: CertificateCollector;
}

export class QueueFullError extends Error {
  constructor(readonly limit: number) {
    super(`This device already holds ${limit} declarations and actions that are not sent`);
    this.name = 'QueueFullError';
  }
}

const actions = store<QueuedAction>('actions');
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('civitas-actions') : undefined;
const listeners = new Set<() => void>();
channel?.addEventListener('message', () => listeners.forEach((listener) => listener()));

export function onActionsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  listeners.forEach((listener) => listener());
  channel?.postMessage('changed');
}

export async function listActions(userId: string, recordId?: string): Promise<QueuedAction[]> {
  return (await actions.all())
    .filter((action) => action.userId === userId && (recordId === undefined || action.recordId === recordId))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export const unsentActions = (list: readonly QueuedAction[]) => list.filter((action) => action.state !== 'sent');

export const readDetails = (key: CryptoKey, action: QueuedAction) => openJson<QueuedActionDetails>(key, action.sealed);

export interface QueueInput {
  readonly key: CryptoKey;
  readonly userId: string;
  readonly recordId: string;
  readonly trackingId: string;
  readonly type: QueuedActionType;
  readonly version: number;
  readonly details?: QueuedActionDetails;
  /** The key of a request already tried once (its answer lost): the queue sends it again with it. */
  readonly idempotencyKey?: string;
  /** The device's limit of unsent declarations and actions together. */
  readonly limit: number;
}

/** Queues an action; one waits per record at a time (the next depends on the server's answer to it). */
export async function queueAction(input: QueueInput): Promise<QueuedAction> {
  const mine = unsentActions(await listActions(input.userId));
  if (mine.some((action) => action.recordId === input.recordId)) {
    throw new Error('An action on this record already waits on this device: send or discard it first');
  }
  const declarations = (await listOutbox(input.userId)).filter((item) => item.state !== 'sent').length;
  if (mine.length + declarations >= input.limit) throw new QueueFullError(input.limit);
  const now = new Date().toISOString();
  const action: QueuedAction = {
    id: crypto.randomUUID(),
    userId: input.userId,
    recordId: input.recordId,
    trackingId: input.trackingId,
    type: input.type,
    version: input.version,
    idempotencyKey: input.idempotencyKey ?? crypto.randomUUID(),
    state: 'waiting',
    createdAt: now,
    updatedAt: now,
    attempts: 0,
    nextAttemptAt: Date.now(),
    sealed: await sealJson(input.key, input.details ?? {}),
  };
  await actions.put(action);
  changed();
  return action;
}

export async function updateAction(id: string, patch: Partial<QueuedAction>): Promise<QueuedAction | undefined> {
  const action = await actions.get(id);
  if (!action) return undefined;
  const next: QueuedAction = { ...action, ...patch, updatedAt: new Date().toISOString() };
  await actions.put(next);
  changed();
  return next;
}

/** Try again now. A conflict is tried on `version` (the record as it is now), as a new request. */
export async function retryAction(id: string, version?: number): Promise<void> {
  await updateAction(id, {
    state: 'waiting',
    nextAttemptAt: Date.now(),
    ...(version !== undefined ? { version, idempotencyKey: crypto.randomUUID(), lastError: undefined } : {}),
  });
}

/** Only on the user's word, or once sent and seen. */
export async function discardAction(id: string): Promise<void> {
  await actions.delete(id);
  changed();
}

/** Sent actions are kept a day (the user sees what left, and opens a certificate printed offline); then they go. */
export async function pruneSentActions(userId: string, keepMs = 86_400_000): Promise<void> {
  const cutoff = new Date(Date.now() - keepMs).toISOString();
  for (const action of await listActions(userId)) {
    if (action.state === 'sent' && action.updatedAt < cutoff) await discardAction(action.id);
  }
}
