/**
 * Who may read a document: its uploader while no record refers to it; once linked, whoever may read that record
 * (`record.read` for its event type and area). Anyone else is told there is no such document, exactly as for an
 * unknown id, so probing ids teaches nothing.
 */
import { DomainError } from '../../../core/errors.js';
import { may, type Caller } from '../../../core/http/scopes.js';
import { findDocument, type DocumentRow, type DocumentsDb } from '../repository.js';

export function mayRead(caller: Caller, document: DocumentRow): boolean {
  if (caller.unrestricted) return true;
  if (document.record_id === null) return document.uploaded_by === caller.sub;
  return may(caller, 'record.read', { event: document.event_type, area: document.area_path });
}

/** The document, if the caller may read it; DOCUMENT_NOT_FOUND otherwise. */
export async function getReadableDocument(db: DocumentsDb, caller: Caller, id: string): Promise<DocumentRow> {
  const document = await findDocument(db, id);
  if (!document || !mayRead(caller, document)) {
    throw new DomainError('DOCUMENT_NOT_FOUND', `No document ${id} that you may read.`);
  }
  return document;
}
