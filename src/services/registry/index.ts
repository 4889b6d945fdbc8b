/**
 * registry: records of births, deaths and any life event the country configures, each an append-only list of actions
 * from which its status follows; the workflow from draft to registration, corrections and certificates; tracking IDs
 * and registration numbers; workqueues.
 */
import { startAuditSealer } from '../../core/audit/seal.js';
import { auditMigrations, type AuditDb } from '../../core/audit/tables.js';
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';
import { certificateDeps, certificateRootRoutes, certificateRoutes } from './certificates/routes.js';
import { keepAreas, keepEventTypes, keepIdentityNumbers } from './consumers.js';
import { duplicateChecker } from './duplicates.js';
import './errors.js';
import { registryEvents } from './events.js';
import { createRecords } from './migrations/0001-create-records.js';
import { recordStateColumn } from './migrations/0003-record-state.js';
import { drafts } from './migrations/0004-drafts.js';
import { recordIdentities } from './migrations/0005-record-identities.js';
import { certificateKeys } from './migrations/0002-certificate-keys.js';
import type { RegistryTables } from './repository.js';
import { registryRoutes } from './routes.js';

export default defineService<RegistryTables>({
  name: 'registry',
  zone: 'internal',
  description: 'Life-event records as append-only actions; workflow; tracking IDs and registration numbers; queues.',
  migrations: [
    ...coreEventMigrations,
    createRecords,
    ...auditMigrations,
    certificateKeys,
    recordStateColumn,
    drafts,
    recordIdentities,
  ],
  events: registryEvents,
  consumers: [keepAreas, keepEventTypes, keepIdentityNumbers],
  routes(app, context) {
    registryRoutes(app, context.db, duplicateChecker(context));
    certificateRoutes(app, certificateDeps(context));
  },
  rootRoutes: (app, context) => certificateRootRoutes(app, certificateDeps(context)),
  // Every node seals the audit log's new entries into its hash chain; one at a time does the work.
  start: async (context) => startAuditSealer(context.db as unknown as AuditDb, context.log, { intervalMs: 1000 }),
});
