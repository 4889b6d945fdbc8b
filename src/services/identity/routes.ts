/** HTTP routes of the identity service: staff routes (tokens, scopes) and the partner verification API (API keys). */
import type { HttpApp } from '../../core/http/server.js';
import { rateLimiter } from '../../core/http/rate-limit.js';
import type { ServiceContext } from '../../core/service.js';
import { uinRules, vidRules } from './numbers/rules.js';
import { partnerCache } from './partner-cache.js';
import { partnerRoutes } from './partner-routes.js';
import { staffRoutes } from './staff-routes.js';
import type { IdentityTables } from './tables.js';
import { transactionLog } from './transaction-log.js';
import { findPartnerByKeyHash, verificationStatements } from './verification-repository.js';

/** Self-service code requests and checks per network address per minute. */
const SELF_SERVICE_PER_MINUTE = 10;

export function identityRoutes(app: HttpApp, context: ServiceContext<IdentityTables>): void {
  const { identity, secretKey } = context.config;
  const rules = { uin: uinRules(identity), vid: vidRules(identity) };
  const partners = partnerCache({
    ttlMs: identity.partnerCacheSeconds * 1000,
    load: (keyHash) => findPartnerByKeyHash(context.db, keyHash),
  });
  staffRoutes(app, {
    db: context.db,
    enrol: { db: context.db, rules: rules.uin, duplicateThreshold: identity.duplicateThreshold },
    vids: { db: context.db, rules: rules.vid, temporaryVidMinutes: identity.temporaryVidMinutes },
    partnerChanged: (partnerId) => partners.forget(partnerId),
  });
  const statements = verificationStatements(context.db, {
    named: context.config.database.url !== undefined,
    durability: identity.verificationLogDurability,
  });
  partnerRoutes(app, {
    verify: {
      db: context.db,
      rules,
      // Development runs without a secret key; the hashes then only keep ids out of plain sight.
      idKey: `identity-transactions:${secretKey ?? 'development'}`,
      otpTtlSeconds: identity.otpTtlSeconds,
      otpMaxAttempts: identity.otpMaxAttempts,
      log: transactionLog({ insert: (entries) => statements.insertTransactions(entries) }),
      identityByUin: (uin) => statements.identityByUin(uin),
    },
    partners,
    partnerLimiter: rateLimiter(identity.partnerRatePerMinute),
    selfLimiter: rateLimiter(SELF_SERVICE_PER_MINUTE),
  });
}
