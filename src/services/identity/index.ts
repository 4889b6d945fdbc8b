/**
 * identity: Unique identification numbers and virtual IDs, the identity lifecycle and the verification API.
 * Only its schema and event tables exist so far; its capabilities arrive with their own issues.
 */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';

export default defineService({
  name: 'identity',
  zone: 'internal',
  description: 'Unique identification numbers and virtual IDs, the identity lifecycle and the verification API.',
  migrations: coreEventMigrations,
});
