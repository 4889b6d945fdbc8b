/**
 * identity: unique identification numbers (UINs) issued from a pre-generated pool to registered births and enrolled
 * adults, virtual IDs, the identity lifecycle (deactivated by a registered death, corrected with its history kept),
 * and the verification API of relying parties (partners with API keys and a policy).
 */
import { auditMigrations } from '../../core/audit/tables.js';
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';
import { identityConsumers } from './consumers.js';
import {
  credentialMigrations,
  credentialRootRoutes,
  credentialRoutes,
  revokeCredentialsOf,
} from './credentials/index.js';
import './errors.js';
import { identityEvents } from './events.js';
import { createIdentities } from './migrations/0001-create-identities.js';
import { createVerification } from './migrations/0002-verification.js';
import { uinRules, type NumberRules } from './numbers/rules.js';
import { keepPoolFilled } from './pool.js';
import { identityRoutes } from './routes.js';
import type { IdentityTables } from './tables.js';

// Consumers are declared before any configuration is read; start() sets the configured rules, which only an
// issuer that finds the pool empty needs (to generate a few numbers on the spot).
let configuredRules: NumberRules = uinRules();

export default defineService<IdentityTables>({
  name: 'identity',
  zone: 'internal',
  description: 'Unique identification numbers and virtual IDs, the identity lifecycle and the verification API.',
  migrations: [
    ...coreEventMigrations,
    ...auditMigrations,
    createIdentities,
    createVerification,
    ...credentialMigrations,
  ],
  events: identityEvents,
  // A death deactivates the identity and, in the same transaction, revokes the credentials in the person's wallet.
  consumers: identityConsumers({ rules: () => configuredRules, afterDeactivation: revokeCredentialsOf }),
  routes: (app, context) => {
    identityRoutes(app, context);
    credentialRoutes(app, context);
  },
  rootRoutes: (app, context) => credentialRootRoutes(app, context),
  async start(context) {
    const { identity } = context.config;
    configuredRules = uinRules(identity);
    const stop = keepPoolFilled({
      db: context.db,
      rules: configuredRules,
      size: identity.poolSize,
      refillBelow: identity.poolRefillBelow,
      checkIntervalMs: identity.poolCheckIntervalMs,
      onFilled: ({ inserted, ms }) => {
        if (inserted > 0) context.log.info({ inserted, ms: Math.round(ms) }, 'UIN pool refilled');
      },
      onError: (error) => context.log.warn({ err: error }, 'UIN pool refill failed; retrying later'),
    });
    return stop;
  },
});
