import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

export const createMessages: Migration = {
  name: '0001-create-messages',
  async up(db, schema) {
    await db.schema
      .createTable('messages')
      .addColumn('id', 'uuid', (column) => column.primaryKey())
      .addColumn('channel', 'text', (column) => column.notNull())
      .addColumn('recipient', 'text', (column) => column.notNull())
      .addColumn('template', 'text', (column) => column.notNull())
      .addColumn('language', 'text', (column) => column.notNull())
      .addColumn('subject', 'text')
      .addColumn('body', 'text')
      .addColumn('sensitive', 'boolean', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'timestamptz', (column) => column.notNull())
      .addColumn('last_error', 'text')
      .addColumn('provider_message_id', 'text')
      .addColumn('trace_id', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('sent_at', 'timestamptz')
      .execute();
    await sql`create index messages_due on ${sql.id(schema, 'messages')} (next_attempt_at) where status = 'pending'`.execute(
      db,
    );
  },
};
