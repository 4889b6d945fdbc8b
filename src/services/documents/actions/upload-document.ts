/**
 * Stores an uploaded document: its type checked on the content, its bytes made durable in the store, then its
 * metadata committed. A crash between the two leaves a file no row names (never a row without its file).
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../../../core/errors.js';
import { uuidv7 } from '../../../core/events/uuidv7.js';
import type { Caller } from '../../../core/http/scopes.js';
import type { DocumentStore } from '../document-store.js';
import {
  DOCUMENT_TYPES,
  DOCUMENT_TYPE_NAMES,
  isDocumentType,
  sanitizeFileName,
  sniffDocumentType,
} from '../file-types.js';
import { insertDocument, type DocumentRow, type DocumentsDb } from '../repository.js';

export interface UploadDocumentDeps {
  readonly db: DocumentsDb;
  readonly store: DocumentStore;
}

export interface UploadDocumentInput {
  readonly bytes: Uint8Array;
  /** The media type the client declared (Content-Type without parameters). */
  readonly declaredType: string;
  /** The client's file name, unsanitised. */
  readonly name?: string | undefined;
  readonly caller: Caller;
}

export async function uploadDocument(deps: UploadDocumentDeps, input: UploadDocumentInput): Promise<DocumentRow> {
  const contentType = checkContent(input.bytes, input.declaredType);
  const id = uuidv7();
  await deps.store.put(id, input.bytes);
  try {
    return await insertDocument(deps.db, {
      id,
      contentType,
      size: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      name: sanitizeFileName(input.name) ?? null,
      uploadedBy: input.caller.sub,
    });
  } catch (error) {
    await deps.store.remove(id).catch(() => undefined);
    throw error;
  }
}

/** The document's type: what its content is, which must be what the client said it is. */
export function checkContent(bytes: Uint8Array, declaredType: string) {
  if (!isDocumentType(declaredType)) throw refusedContentType(declaredType);
  if (bytes.length === 0)
    throw new DomainError('DOCUMENT_EMPTY', 'The body is empty: send the file itself as the body.');
  const actual = sniffDocumentType(bytes);
  if (actual === undefined) {
    throw new DomainError(
      'DOCUMENT_TYPE_REFUSED',
      `The content is not a ${DOCUMENT_TYPES[declaredType].label} (it does not start like one), nor any other ` +
        'accepted file: only PDF, JPEG and PNG files are accepted.',
    );
  }
  if (actual !== declaredType) {
    throw new DomainError(
      'DOCUMENT_TYPE_MISMATCH',
      `The content is a ${DOCUMENT_TYPES[actual].label} but was sent as ${declaredType}: send it with ` +
        `Content-Type: ${actual}.`,
    );
  }
  return actual;
}

export function refusedContentType(declared: string): DomainError {
  const given = declared === '' ? 'No Content-Type was sent' : `Content-Type ${declared} is not accepted`;
  return new DomainError(
    'DOCUMENT_TYPE_REFUSED',
    `${given}: send the file as the raw body with Content-Type ${DOCUMENT_TYPE_NAMES.join(', ')}.`,
  );
}
