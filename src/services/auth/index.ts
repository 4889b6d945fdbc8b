/**
 * auth: users, roles and scopes, the two-step sign-in (password, then a one-time code), and signed access tokens
 * whose public keys are at /.well-known/jwks.json. It installs the access policy every route's scope is checked by.
 */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService, type ServiceContext } from '../../core/service.js';
import { tokenAccessPolicy } from './access-policy.js';
import './errors.js';
import { authEvents } from './events.js';
import { createAuth } from './migrations/0001-create-auth.js';
import { lockoutAndAudit } from './migrations/0002-lockout-and-audit.js';
import type { AuthTables } from './repository.js';
import { authRoutes, jwksRoute } from './routes.js';
import { seedDemoUsers } from './seed.js';
import { openKeyRing, type KeyRing } from './key-ring.js';

// Keys are loaded in start(); routes and the policy of the same running instance find them by its context.
const keysOf = new WeakMap<ServiceContext<AuthTables>, KeyRing>();
const keys = (context: ServiceContext<AuthTables>): KeyRing => {
  const found = keysOf.get(context);
  if (!found) throw new Error('auth keys are not loaded yet');
  return found;
};

export default defineService<AuthTables>({
  name: 'auth',
  zone: 'internal',
  description: 'Users, roles and scopes, two-step sign-in, signed access tokens (JWKS).',
  migrations: [...coreEventMigrations, createAuth, lockoutAndAudit],
  events: authEvents,
  seed: seedDemoUsers,
  async start(context) {
    const ring = await openKeyRing(context);
    keysOf.set(context, ring);
    return async () => ring.stop();
  },
  async accessPolicy(context) {
    return tokenAccessPolicy((token) => keys(context).verify(token));
  },
  routes: (app, context) =>
    authRoutes(app, {
      db: context.db,
      config: context.config,
      key: () => keys(context).current(),
      jwks: () => keys(context).jwks(),
    }),
  rootRoutes: (app, context) => jwksRoute(app, { jwks: () => keys(context).jwks() }),
});
