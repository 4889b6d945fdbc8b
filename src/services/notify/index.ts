/**
 * notify: SMS and e-mail through an outbox and pluggable providers.
 * Only its schema and event tables exist so far; its capabilities arrive with their own issues.
 */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';

export default defineService({
  name: 'notify',
  zone: 'internal',
  description: 'SMS and e-mail through an outbox and pluggable providers.',
  migrations: coreEventMigrations,
});
