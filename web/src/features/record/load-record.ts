/**
 * A record for its page: from the server, or, without a connection, from the copy downloaded because it is assigned
 * to the user (then `offline` says when that copy was taken).
 */
import { ApiError } from '../../api/http';
import { getHistory, getRecord } from '../../api/records';
import type { EventTypeDefinition, HistoryEntry, RecordView } from '../../api/types';
import { findAssigned, keepAssigned } from '../../offline/assigned-records';
import { api, unlocked } from '../session/session';
import { eventType } from '../shell/config-store';

export interface LoadedRecord {
  readonly record: RecordView;
  readonly history: readonly HistoryEntry[];
  readonly definition: EventTypeDefinition;
  /** Read from the device's copy: when it was downloaded. */
  readonly offline?: { readonly downloadedAt: string };
}

export async function loadRecord(id: string): Promise<LoadedRecord> {
  const { key, user } = unlocked();
  const copy = () => findAssigned(key, user.id, id);
  if (navigator.onLine === false) {
    const kept = await copy();
    if (kept) return { ...kept, offline: { downloadedAt: kept.downloadedAt } };
  }
  try {
    const record = await getRecord(api, id);
    const [history, definition] = await Promise.all([
      getHistory(api, id),
      eventType(record.eventType, record.formVersion),
    ]);
    // The device's copy of an assigned record follows what was just read.
    if (record.assignedTo === user.id) void keepAssigned(key, user.id, { record, history, definition });
    return { record, history, definition };
  } catch (error) {
    // No answer (no connection, or a dead one): the copy, if the device has one.
    if (!(error instanceof ApiError) || error.kind === 'http') throw error;
    const kept = await copy();
    if (!kept) throw error;
    return { ...kept, offline: { downloadedAt: kept.downloadedAt } };
  }
}
