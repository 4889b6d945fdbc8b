/**
 * documents: Supporting documents and certificate files.
 * Only its schema and event tables exist so far; its capabilities arrive with their own issues.
 */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';

export default defineService({
  name: 'documents',
  zone: 'internal',
  description: 'Supporting documents and certificate files.',
  migrations: coreEventMigrations,
});
