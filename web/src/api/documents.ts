/** Supporting documents: uploaded as the raw file (PDF, JPEG or PNG), referred to by id in a declaration. */
import { json, type Api } from './http';
import type { UploadedDocument } from './types';

export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export const uploadDocument = (api: Api, file: Blob, name: string, timeoutMs?: number) =>
  json<UploadedDocument>(api(`/documents?name=${encodeURIComponent(name)}`, { body: file, timeoutMs }));
