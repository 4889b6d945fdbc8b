/**
 * Identity credentials in people's wallets: an SD-JWT VC of a person's identity and birth registration, issued over
 * OpenID4VCI (pre-authorized code and PIN), each claim selectively disclosable, revocable through a token status
 * list, verifiable offline with the keys at /.well-known/jwt-vc-issuer. Part of the identity service, in its schema.
 *
 * The identity service wires it in: `credentialMigrations` after its own, `credentialRoutes` in its routes,
 * `credentialRootRoutes` in its root routes, and `revokeCredentialsOf` in the transaction that deactivates an identity.
 */
import type { Migration } from '../../../core/db/migrate.js';
import type { HttpApp } from '../../../core/http/server.js';
import type { ServiceContext } from '../../../core/service.js';
import { credentialDeps } from './deps.js';
import './errors.js';
import { createCredentials } from './migrations/0100-credentials.js';
import { credentialPublicRoutes } from './root-routes.js';
import { credentialApiRoutes } from './routes.js';

export { revokeCredentialsOf } from './actions/revoke-credential.js';

export const credentialMigrations: readonly Migration[] = [createCredentials];

/** The /api/v1 routes: offers, listing and revocation (scoped), and the OpenID4VCI endpoints (public). */
export function credentialRoutes<Tables>(app: HttpApp, context: ServiceContext<Tables>): void {
  credentialApiRoutes(app, credentialDeps(context));
}

/** The routes outside /api/v1: issuer metadata, keys, credential type metadata, status lists. */
export function credentialRootRoutes<Tables>(app: HttpApp, context: ServiceContext<Tables>): void {
  credentialPublicRoutes(app, credentialDeps(context));
}
