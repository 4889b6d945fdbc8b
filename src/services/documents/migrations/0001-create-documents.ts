import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * What is known of each stored file. The bytes live in the document store, written (and synced) before this row
 * commits; `record_id`, `area_path` and `event_type` stay null until a registry event refers to the document.
 */
export const createDocuments: Migration = {
  name: '0001-create-documents',
  async up(db, schema) {
    await db.schema
      .createTable('documents')
      .addColumn('id', 'uuid', (column) => column.primaryKey())
      .addColumn('content_type', 'text', (column) => column.notNull())
      .addColumn('size', 'integer', (column) => column.notNull())
      .addColumn('sha256', 'text', (column) => column.notNull())
      .addColumn('name', 'text')
      .addColumn('uploaded_by', 'text', (column) => column.notNull())
      .addColumn('uploaded_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('record_id', 'uuid')
      .addColumn('area_path', 'jsonb')
      .addColumn('event_type', 'text')
      .addColumn('linked_at', 'timestamptz')
      .execute();
    await sql`create index documents_record on ${sql.id(schema, 'documents')} (record_id) where record_id is not null`.execute(
      db,
    );
  },
};
