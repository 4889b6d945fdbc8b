/**
 * search: Search index of records, fuzzy search and duplicate detection.
 * Only its schema and event tables exist so far; its capabilities arrive with their own issues.
 */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';

export default defineService({
  name: 'search',
  zone: 'internal',
  description: 'Search index of records, fuzzy search and duplicate detection.',
  migrations: coreEventMigrations,
});
