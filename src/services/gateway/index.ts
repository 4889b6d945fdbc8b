/**
 * gateway: HTTP ingress: the web app files, rate limits, routing to services in this process or on other nodes.
 * Only its schema and event tables exist so far; its capabilities arrive with their own issues.
 */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';

export default defineService({
  name: 'gateway',
  zone: 'public',
  description: 'HTTP ingress: the web app files, rate limits, routing to services in this process or on other nodes.',
  migrations: coreEventMigrations,
});
