/**
 * hooks: Webhook subscriptions and signed deliveries with retries.
 * Only its schema and event tables exist so far; its capabilities arrive with their own issues.
 */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';

export default defineService({
  name: 'hooks',
  zone: 'internal',
  description: 'Webhook subscriptions and signed deliveries with retries.',
  migrations: coreEventMigrations,
});
