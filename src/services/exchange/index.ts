/**
 * exchange: The dataspace connector: catalog, contract negotiation, transfers, did:web identity.
 * Only its schema and event tables exist so far; its capabilities arrive with their own issues.
 */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';

export default defineService({
  name: 'exchange',
  zone: 'public',
  description: 'The dataspace connector: catalog, contract negotiation, transfers, did:web identity.',
  migrations: coreEventMigrations,
});
