/**
 * auth: users, roles and scopes, the two-step sign-in (password, then a one-time code or an authenticator app),
 * sessions with rotating refresh tokens, signed access tokens whose public keys are at /.well-known/jwks.json, staff
 * administration and API clients. It installs the access policy every route's scope is checked by.
 */
import { coreEventMigrations } from '../../core/events/tables.js';
import { rateLimiter, type RateLimiter } from '../../core/http/rate-limit.js';
import { defineService, type ServiceContext } from '../../core/service.js';
import { tokenAccessPolicy } from './access-policy.js';
import { clientRoutes, ownAccountRoutes } from './account-routes.js';
import { keepOffices } from './consumers.js';
import './errors.js';
import { authEvents } from './events.js';
import { openKeyRing, type KeyRing } from './key-ring.js';
import { createAuth } from './migrations/0001-create-auth.js';
import { lockoutAndAudit } from './migrations/0002-lockout-and-audit.js';
import { sessionsAndAccounts } from './migrations/0003-sessions-and-accounts.js';
import { countryRoles } from './migrations/0004-roles.js';
import type { AuthTables } from './repository.js';
import { authRoutes, publicKeyRoutes } from './routes.js';
import { seedRolesAndStaff } from './seed.js';
import { deleteExpiredRefreshTokens } from './sessions-repository.js';
import { revocationList, type RevocationList } from './sessions.js';
import { userRoutes } from './user-routes.js';

type Context = ServiceContext<AuthTables>;

/** What one running auth service holds in memory: its keys, the revoked sessions, the rate-limit counters. */
interface Runtime {
  ring?: KeyRing;
  readonly revocations: RevocationList;
  readonly limits: { readonly address: RateLimiter; readonly user: RateLimiter };
}

const runtimes = new WeakMap<Context, Runtime>();
function runtime(context: Context): Runtime {
  let found = runtimes.get(context);
  if (!found) {
    found = {
      revocations: revocationList(context.db, context.config.auth.accessTokenTtlSeconds),
      limits: {
        address: rateLimiter(context.config.auth.attemptsPerMinutePerAddress),
        user: rateLimiter(context.config.auth.attemptsPerMinutePerUser),
      },
    };
    runtimes.set(context, found);
  }
  return found;
}
const keys = (context: Context): KeyRing => {
  const ring = runtime(context).ring;
  if (!ring) throw new Error('auth keys are not loaded yet');
  return ring;
};

function deps(context: Context) {
  const { revocations, limits } = runtime(context);
  return {
    db: context.db,
    config: context.config,
    revocations,
    limits,
    key: () => keys(context).current(),
    jwks: () => keys(context).jwks(),
  };
}

export default defineService<AuthTables>({
  name: 'auth',
  zone: 'internal',
  description: 'Users, roles and scopes, two-step sign-in, sessions, signed access tokens (JWKS), API clients.',
  migrations: [...coreEventMigrations, createAuth, lockoutAndAudit, sessionsAndAccounts, countryRoles],
  events: authEvents,
  consumers: [keepOffices],
  seed: seedRolesAndStaff,
  async start(context) {
    runtime(context).ring = await openKeyRing(context);
    const sweep = setInterval(() => {
      deleteExpiredRefreshTokens(context.db).catch((error: unknown) =>
        context.log.warn({ err: error }, 'cannot delete expired refresh tokens'),
      );
    }, 3_600_000);
    sweep.unref();
    return async () => {
      clearInterval(sweep);
      runtime(context).ring?.stop();
    };
  },
  async accessPolicy(context) {
    const { revocations } = runtime(context);
    return tokenAccessPolicy(
      (token) => keys(context).verify(token),
      (sessionId) => revocations.isRevoked(sessionId),
    );
  },
  routes(app, context) {
    authRoutes(app, deps(context));
    userRoutes(app, deps(context));
    ownAccountRoutes(app, deps(context));
    clientRoutes(app, deps(context));
  },
  rootRoutes: (app, context) => publicKeyRoutes(app, deps(context)),
});
