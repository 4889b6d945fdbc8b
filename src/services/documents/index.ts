/**
 * documents: supporting documents of declarations (PDF, JPEG, PNG; the type checked on the content, the size limited
 * by `documents.maxBytes`), stored on the filesystem (`documents.folder`) and durable before the upload is answered.
 * A document is readable by its uploader until a registry event links it to a record, then by whoever may read that
 * record.
 */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';
import { linkToRecords } from './consumers.js';
import { documentStore } from './document-store.js';
import './errors.js';
import { createDocuments } from './migrations/0001-create-documents.js';
import type { DocumentsTables } from './repository.js';
import { documentsRoutes } from './routes.js';

export default defineService<DocumentsTables>({
  name: 'documents',
  zone: 'internal',
  description: 'Supporting documents (PDF, JPEG, PNG) of declarations, readable within the scope of their record.',
  migrations: [...coreEventMigrations, createDocuments],
  consumers: [linkToRecords],
  async start(context) {
    const store = documentStore(context.config);
    await store.prepare();
    context.log.info({ store: store.description }, 'documents store ready');
  },
  routes: (app, context) =>
    documentsRoutes(app, {
      db: context.db,
      store: documentStore(context.config),
      maxBytes: context.config.documents.maxBytes,
    }),
});
