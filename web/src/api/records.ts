/** Records: start, declare, act on, read, and print; workqueues. */
import { json, type Api } from './http';
import type { Declaration, HistoryEntry, Page, QueueItem, RecordView } from './types';

export const QUEUES = [
  'in-progress',
  'ready-for-review',
  'requires-updates',
  'ready-to-print',
  'assigned-to-me',
  'sent-for-approval',
] as const;
export type QueueName = (typeof QUEUES)[number];

export type RecordAction = 'validate' | 'register' | 'reject' | 'assign' | 'unassign' | 'archive';

export const createRecord = (api: Api, eventType: string, idempotencyKey: string, timeoutMs?: number) =>
  json<RecordView>(api('/records', { body: { eventType }, idempotencyKey, timeoutMs }));

export const declareRecord = (
  api: Api,
  id: string,
  body: { version: number; data: Declaration },
  idempotencyKey: string,
  timeoutMs?: number,
) => json<RecordView>(api(`/records/${id}/declare`, { body, idempotencyKey, timeoutMs }));

export const actOn = (api: Api, id: string, action: RecordAction, body: { version: number; reason?: string }) =>
  json<RecordView>(api(`/records/${id}/${action}`, { body, idempotencyKey: crypto.randomUUID() }));

export const getRecord = (api: Api, id: string) => json<RecordView>(api(`/records/${id}`));

export const getHistory = (api: Api, id: string) => json<HistoryEntry[]>(api(`/records/${id}/history`));

export const getQueue = (api: Api, queue: QueueName, limit = 50, offset = 0) =>
  json<Page<QueueItem>>(api(`/workqueues/${queue}?limit=${limit}&offset=${offset}`));

export interface Collector {
  readonly type: string;
  readonly name: string;
}

/** The certificate as a PDF; printing is recorded on the record (its version goes up). */
export async function printCertificate(
  api: Api,
  id: string,
  body: { version: number; language?: string; collector?: Collector },
): Promise<Blob> {
  return (await api(`/records/${id}/certificate`, { body, accept: 'application/pdf' })).blob();
}

export async function downloadDocument(api: Api, id: string): Promise<Blob> {
  return (await api(`/documents/${id}`, { accept: '*/*' })).blob();
}
