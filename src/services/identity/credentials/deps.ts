/** What the credential routes and actions need, made once per running identity service. */
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../../config/schema.js';
import { rateLimiter, type RateLimiter } from '../../../core/http/rate-limit.js';
import type { ServiceContext } from '../../../core/service.js';
import { findIdentity, type IdentityView } from '../api.js';
import { issuerKeys, type IssuerKeys } from './issuer-keys.js';
import { credentialsDb, type CredentialsDb } from './repository.js';

export type CredentialSettings = Config['identity']['credentials'];

export type FindIdentity = (
  db: object,
  key: { readonly uin: string } | { readonly identityId: string },
) => Promise<IdentityView | undefined>;

export interface CredentialDeps {
  /** The identity schema, seen with the credential tables (and the audit log, which the identity schema has). */
  readonly db: CredentialsDb;
  readonly secretKey: string;
  readonly settings: CredentialSettings;
  readonly keys: IssuerKeys;
  readonly findIdentity: FindIdentity;
  /** Attempts per network address per minute at the public endpoints. */
  readonly limits: { readonly token: RateLimiter; readonly credential: RateLimiter; readonly nonce: RateLimiter };
}

const running = new WeakMap<object, CredentialDeps>();

/** One set of keys and counters per running identity service, shared by its /api/v1 routes and its root routes. */
export function credentialDeps<Tables>(context: ServiceContext<Tables>): CredentialDeps {
  let deps = running.get(context);
  if (!deps) {
    deps = makeCredentialDeps({
      db: context.db,
      secretKey: context.config.secretKey!,
      settings: context.config.identity.credentials,
    });
    running.set(context, deps);
  }
  return deps;
}

export function makeCredentialDeps(input: {
  readonly db: object;
  readonly secretKey: string;
  readonly settings: CredentialSettings;
  readonly findIdentity?: FindIdentity;
}): CredentialDeps {
  const db = credentialsDb(input.db);
  return {
    db,
    secretKey: input.secretKey,
    settings: input.settings,
    keys: issuerKeys(db, input.secretKey),
    findIdentity: input.findIdentity ?? findIdentity,
    limits: { token: rateLimiter(30), credential: rateLimiter(30), nonce: rateLimiter(120) },
  };
}

/**
 * The credential issuer identifier: `identity.credentials.issuerUrl`, or this request's own scheme and host (behind a
 * proxy, set http.trustProxy). Credentials name it as `iss`, and wallets fetch its metadata from it.
 */
export function issuerOf(settings: CredentialSettings, request: FastifyRequest): string {
  return (settings.issuerUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}
