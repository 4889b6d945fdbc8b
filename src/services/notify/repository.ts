/** All SQL of the notify service. */
import { sql, type ColumnType, type Selectable } from 'kysely';
import type { ServiceDb } from '../../core/events/tables.js';
import type { Channel, Message, MessageStatus } from './model.js';

export interface MessagesTable {
  id: string;
  channel: Channel;
  recipient: string;
  template: string;
  language: string;
  subject: string | null;
  body: string | null;
  sensitive: boolean;
  status: MessageStatus;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Date;
  last_error: string | null;
  provider_message_id: string | null;
  trace_id: string;
  created_at: ColumnType<Date, never, never>;
  sent_at: Date | null;
}

export interface NotifyTables {
  messages: MessagesTable;
}

export type NotifyDb = ServiceDb<NotifyTables>;
export type MessageRow = Selectable<MessagesTable>;

export async function insertMessage(
  db: NotifyDb,
  row: Omit<MessagesTable, 'created_at' | 'attempts' | 'last_error' | 'provider_message_id' | 'sent_at' | 'status'>,
): Promise<void> {
  await db
    .insertInto('messages')
    .values({ ...row, status: 'pending' })
    .execute();
}

/**
 * Takes up to `limit` due messages for sending and leases them for `leaseMs`: a node that dies while sending leaves
 * them to be taken again when the lease ends. Safe with several senders (SKIP LOCKED) and in one statement.
 */
export async function claimDueMessages(db: NotifyDb, limit: number, leaseMs: number): Promise<MessageRow[]> {
  return db
    .updateTable('messages')
    .set({
      attempts: sql`attempts + 1`,
      next_attempt_at: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
    })
    .where(
      'id',
      'in',
      db
        .selectFrom('messages')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', sql<Date>`now()`)
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

export async function markSent(db: NotifyDb, row: MessageRow, providerMessageId: string | undefined): Promise<void> {
  await db
    .updateTable('messages')
    .set({
      status: 'sent',
      sent_at: new Date(),
      provider_message_id: providerMessageId ?? null,
      last_error: null,
      // A one-time code has done its job once delivered: it is not kept.
      ...(row.sensitive ? { body: null, subject: null } : {}),
    })
    .where('id', '=', row.id)
    .execute();
}

/** Records a failed attempt: tried again at `retryAt`, or marked failed when there is none. */
export async function markAttemptFailed(
  db: NotifyDb,
  row: MessageRow,
  error: string,
  retryAt: Date | undefined,
): Promise<void> {
  await db
    .updateTable('messages')
    .set({
      last_error: error.slice(0, 500),
      ...(retryAt
        ? { next_attempt_at: retryAt }
        : { status: 'failed', ...(row.sensitive ? { body: null, subject: null } : {}) }),
    })
    .where('id', '=', row.id)
    .execute();
}

export async function findMessage(db: NotifyDb, id: string): Promise<Message | undefined> {
  const row = await db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toMessage(row) : undefined;
}

function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    channel: row.channel,
    to: row.recipient,
    template: row.template,
    language: row.language,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}
