/**
 * HTTP routes of the documents service. An upload is the raw file as the body (no multipart, no base64), up to
 * `documents.maxBytes`, which may exceed the server's general body limit; a download is the file, as an attachment.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DomainError } from '../../core/errors.js';
import { ProblemSchema } from '../../core/http/problem.js';
import type { HttpApp } from '../../core/http/server.js';
import { getReadableDocument } from './actions/read-document.js';
import { refusedContentType, uploadDocument } from './actions/upload-document.js';
import type { DocumentStore } from './document-store.js';
import {
  attachmentDisposition,
  DOCUMENT_TYPE_NAMES,
  DOCUMENT_TYPES,
  isDocumentType,
  mediaTypeOf,
} from './file-types.js';
import type { DocumentRow, DocumentsDb } from './repository.js';

export interface DocumentsRoutesDeps {
  readonly db: DocumentsDb;
  readonly store: DocumentStore;
  readonly maxBytes: number;
}

const DocumentId = z.object({ id: z.uuid().describe('The document id, as the upload answered it') });

const Uploaded = z.object({
  id: z.uuid(),
  contentType: z.enum(DOCUMENT_TYPE_NAMES),
  size: z.number().int().describe('Bytes'),
  sha256: z.string().describe('SHA-256 of the content, hex'),
});

const DocumentMeta = Uploaded.extend({
  name: z.string().nullable().describe('The file name given at upload, sanitised'),
  uploadedAt: z.iso.datetime(),
  recordId: z.uuid().nullable().describe('The record whose declaration refers to it; null until one does'),
  eventType: z.string().nullable(),
});

const refusals = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export function documentsRoutes(app: HttpApp, { db, store, maxBytes }: DocumentsRoutesDeps): void {
  // This plugin's own parsers: the body arrives whole, as bytes, only on these routes.
  for (const type of DOCUMENT_TYPE_NAMES) {
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  }

  app.post(
    '/documents',
    {
      config: { scope: 'record.declare' },
      bodyLimit: maxBytes,
      // Before the body is read: a wrong type or an announced size over the limit is refused without reading it.
      preParsing: async (request, _reply, payload) => {
        const declared = mediaTypeOf(request.headers['content-type']);
        if (!isDocumentType(declared)) throw refusedContentType(declared);
        const length = Number(request.headers['content-length']);
        if (Number.isFinite(length) && length > maxBytes) throw tooLarge(maxBytes, length);
        return payload;
      },
      schema: {
        tags: ['documents'],
        summary: 'Upload a supporting document (PDF, JPEG or PNG) as the raw request body',
        description:
          `Send the file's bytes as the body with \`Content-Type\` ${DOCUMENT_TYPE_NAMES.join(', ')}; the type is ` +
          'checked on the content. Refer to the answered `id` in a declaration (a document field) to attach it. ' +
          'Until a record refers to it, only you can read it.',
        querystring: z
          .object({ name: z.string().max(1000).optional().describe('The original file name (kept, sanitised)') })
          .strict(),
        response: { 201: Uploaded, 413: ProblemSchema, 415: ProblemSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const document = await uploadDocument(
        { db, store },
        {
          bytes: bodyBytes(request),
          declaredType: mediaTypeOf(request.headers['content-type']),
          name: request.query.name,
          caller: request.caller!,
        },
      );
      return reply
        .status(201)
        .header('location', `/api/v1/documents/${document.id}`)
        .send({
          id: document.id,
          contentType: document.content_type as Uploaded['contentType'],
          size: document.size,
          sha256: document.sha256,
        });
    },
  );

  app.get(
    '/documents/:id',
    {
      config: { scope: 'record.read' },
      schema: {
        tags: ['documents'],
        summary: 'Download a document (its uploader, or whoever may read the record that refers to it)',
        params: DocumentId,
        response: {
          200: z.unknown().describe('The file itself, as application/pdf, image/jpeg or image/png'),
          ...refusals,
        },
      },
    },
    async (request, reply) => {
      const document = await getReadableDocument(db, request.caller!, request.params.id);
      const stream = await store.read(document.id).catch((error: unknown) => {
        request.log.error({ err: error, document: document.id }, 'the file of a stored document cannot be read');
        throw new Error('document file unreadable');
      });
      return reply
        .type(document.content_type)
        .header('content-length', String(document.size))
        .header('content-disposition', attachmentDisposition(fileNameOf(document)))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );

  app.get(
    '/documents/:id/meta',
    {
      config: { scope: 'record.read' },
      schema: {
        tags: ['documents'],
        summary: "A document's metadata: type, size, checksum, name, and the record that refers to it",
        params: DocumentId,
        response: { 200: DocumentMeta, ...refusals },
      },
    },
    async (request) => {
      const document = await getReadableDocument(db, request.caller!, request.params.id);
      return {
        id: document.id,
        contentType: document.content_type as Uploaded['contentType'],
        size: document.size,
        sha256: document.sha256,
        name: document.name,
        uploadedAt: document.uploaded_at.toISOString(),
        recordId: document.record_id,
        eventType: document.event_type,
      };
    },
  );
}

type Uploaded = z.infer<typeof Uploaded>;

function bodyBytes(request: FastifyRequest): Buffer {
  // Only this plugin's buffer parsers reach the handler (preParsing refused every other type).
  if (!Buffer.isBuffer(request.body)) throw refusedContentType(mediaTypeOf(request.headers['content-type']));
  return request.body;
}

function tooLarge(maxBytes: number, size: number): DomainError {
  return new DomainError(
    'BODY_TOO_LARGE',
    `A document may be at most ${maxBytes} bytes (documents.maxBytes); this one is ${size} bytes.`,
  );
}

function fileNameOf(document: DocumentRow): string {
  if (document.name) return document.name;
  const type = isDocumentType(document.content_type) ? DOCUMENT_TYPES[document.content_type] : undefined;
  return type ? `${document.id}.${type.extension}` : document.id;
}
