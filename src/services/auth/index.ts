/**
 * auth: Users, roles and scopes, passwords, second factor, signed tokens (JWKS), API clients, login audit.
 * Only its schema and event tables exist so far; its capabilities arrive with their own issues.
 */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';

export default defineService({
  name: 'auth',
  zone: 'internal',
  description: 'Users, roles and scopes, passwords, second factor, signed tokens (JWKS), API clients, login audit.',
  migrations: coreEventMigrations,
});
