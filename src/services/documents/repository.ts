/** All SQL of the documents service. */
import { sql, type ColumnType, type Selectable } from 'kysely';
import type { Database } from '../../core/db/open.js';
import type { CoreEventTables, ServiceDb } from '../../core/events/tables.js';

export interface DocumentsTable {
  id: string;
  content_type: string;
  size: number;
  sha256: string;
  /** The uploader's file name, sanitised. */
  name: string | null;
  /** The token subject of the uploader (a user or an API client). */
  uploaded_by: string;
  uploaded_at: ColumnType<Date, never, never>;
  record_id: string | null;
  /** The linked record's area and the areas above it, innermost first. */
  area_path: ColumnType<string[] | null, never, string>;
  event_type: string | null;
  linked_at: ColumnType<Date | null, never, Date>;
}

export interface DocumentsTables {
  documents: DocumentsTable;
}

export type DocumentsDb = ServiceDb<DocumentsTables>;
export type DocumentRow = Selectable<DocumentsTable>;

/** The documents service's handle on a database, for tests and commands that run without the server. */
export function documentsDb(database: Pick<Database, 'forSchema'>): DocumentsDb {
  return database.forSchema<DocumentsTables & CoreEventTables>('documents');
}

export interface NewDocumentRow {
  readonly id: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly name: string | null;
  readonly uploadedBy: string;
}

export async function insertDocument(db: DocumentsDb, document: NewDocumentRow): Promise<DocumentRow> {
  return db
    .insertInto('documents')
    .values({
      id: document.id,
      content_type: document.contentType,
      size: document.size,
      sha256: document.sha256,
      name: document.name,
      uploaded_by: document.uploadedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findDocument(db: DocumentsDb, id: string): Promise<DocumentRow | undefined> {
  return db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface RecordLink {
  readonly recordId: string;
  readonly eventType: string;
  readonly areaPath: readonly string[];
}

/**
 * Links the documents among `ids` to a record: those not linked yet, and those linked to this same record already
 * (whose area may have changed). A document linked to another record stays with it: naming someone else's document
 * in a declaration does not make it readable. Ids that are no document here are ignored. Answers the ids linked.
 */
export async function linkDocuments(db: DocumentsDb, ids: readonly string[], link: RecordLink): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('documents')
    .set({
      record_id: link.recordId,
      event_type: link.eventType,
      area_path: JSON.stringify(link.areaPath),
      linked_at: sql<Date>`coalesce(linked_at, now())`,
    })
    .where('id', 'in', ids)
    .where((eb) => eb.or([eb('record_id', 'is', null), eb('record_id', '=', link.recordId)]))
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}
