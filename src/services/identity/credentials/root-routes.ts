/**
 * Outside /api/v1, for anyone: the metadata wallets and verifiers discover the issuer by, its public keys, the type
 * metadata of its credential, and the status lists verifiers check revocation with.
 */
import { z } from 'zod';
import { DomainError } from '../../../core/errors.js';
import { PUBLIC } from '../../../core/http/access.js';
import type { HttpApp } from '../../../core/http/server.js';
import { issuerOf, type CredentialDeps } from './deps.js';
import {
  authorizationServerMetadata,
  credentialIssuerMetadata,
  jwtVcIssuerMetadata,
  typeMetadata,
} from './metadata.js';
import { NATIONAL_IDENTITY } from './national-identity.js';
import { STATUS_LIST_TTL_SECONDS, statusListToken } from './status-lists.js';

const publicRoute = { config: { scope: PUBLIC }, schema: { hide: true } } as const;
const CACHED = 'public, max-age=300';

export function credentialPublicRoutes(app: HttpApp, deps: CredentialDeps): void {
  app.get('/.well-known/openid-credential-issuer', publicRoute, async (request, reply) =>
    reply
      .header('cache-control', CACHED)
      .send(credentialIssuerMetadata(issuerOf(deps.settings, request), deps.settings.ageThresholds)),
  );

  app.get('/.well-known/oauth-authorization-server/identity/oid4vci', publicRoute, async (request, reply) =>
    reply.header('cache-control', CACHED).send(authorizationServerMetadata(issuerOf(deps.settings, request))),
  );

  app.get('/.well-known/jwt-vc-issuer', publicRoute, async (request, reply) =>
    reply
      .header('cache-control', CACHED)
      .send(jwtVcIssuerMetadata(issuerOf(deps.settings, request), await deps.keys.keySet())),
  );

  app.get(`/identity/vct/${NATIONAL_IDENTITY}`, publicRoute, async (request, reply) =>
    reply.header('cache-control', CACHED).send(typeMetadata(issuerOf(deps.settings, request))),
  );

  app.get(
    '/identity/status-lists/:id',
    {
      config: { scope: PUBLIC },
      schema: {
        tags: ['identity credentials'],
        summary: 'A status list token (application/statuslist+jwt): which credentials are revoked',
        params: z.object({ id: z.coerce.number().int().positive().max(2_000_000_000) }),
      },
    },
    async (request, reply) => {
      const token = await statusListToken(deps.db, deps.keys, {
        id: request.params.id,
        issuer: issuerOf(deps.settings, request),
      });
      if (!token) {
        throw new DomainError('IDENTITY_CREDENTIAL_STATUS_LIST_NOT_FOUND', `No status list ${request.params.id}.`);
      }
      return reply
        .type('application/statuslist+jwt')
        .header('cache-control', `public, max-age=${STATUS_LIST_TTL_SECONDS}`)
        .send(token);
    },
  );
}
