/**
 * registry: Birth, death and other life-event records as append-only actions; workflow; certificates; audit trail.
 * Only its schema and event tables exist so far; its capabilities arrive with their own issues.
 */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';

export default defineService({
  name: 'registry',
  zone: 'internal',
  description: 'Birth, death and other life-event records as append-only actions; workflow; certificates; audit trail.',
  migrations: coreEventMigrations,
});
