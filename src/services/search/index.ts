/**
 * search: an index of records kept from the registry's events only (rebuilt with `civitas search reindex`), quick and
 * advanced search that tolerates typing errors and phonetic variants within the caller's jurisdiction, and duplicate
 * detection: per event type, blocking keys pick candidates and a Fellegi-Sunter model, learnt from the records
 * themselves, scores them. Every search of personal data is audited.
 */
import { startAuditSealer } from '../../core/audit/seal.js';
import { auditMigrations, type AuditDb } from '../../core/audit/tables.js';
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';
import { keepEventTypes, keepIndex } from './consumers.js';
import { startRefitting } from './duplicates/refit.js';
import { duplicateRoutes } from './duplicates/routes.js';
import './errors.js';
import { createIndex } from './migrations/0001-create-index.js';
import { searchIndexes } from './migrations/0002-search-indexes.js';
import { namePairs } from './migrations/0003-name-pairs.js';
import { sortKeyInPostings } from './migrations/0004-sort-key-in-postings.js';
import { eventDateInKeys } from './migrations/0005-event-date-in-keys.js';
import { areaInPostings } from './migrations/0006-area-in-postings.js';
import { namesInByteOrder } from './migrations/0007-names-in-byte-order.js';
import type { SearchTables } from './repository.js';
import { searchRoutes } from './routes.js';

export default defineService<SearchTables>({
  name: 'search',
  zone: 'internal',
  description: 'Search index of records, fuzzy search and duplicate detection.',
  migrations: [
    ...coreEventMigrations,
    ...auditMigrations,
    createIndex,
    searchIndexes,
    namePairs,
    sortKeyInPostings,
    eventDateInKeys,
    areaInPostings,
    namesInByteOrder,
  ],
  consumers: [keepEventTypes, keepIndex],
  routes: (app, context) => {
    searchRoutes(app, context);
    duplicateRoutes(app, context.db);
  },
  async start(context) {
    const stopSealer = startAuditSealer(context.db as unknown as AuditDb, context.log, { intervalMs: 1000 });
    const stopRefitting = startRefitting(context.db, context.log);
    return async () => {
      await stopRefitting();
      await stopSealer();
    };
  },
});
