/**
 * HTTP routes of identity credentials under /api/v1: staff make offers, list and revoke credentials (scoped); wallets
 * use the OpenID4VCI token, nonce and credential endpoints (public: the pre-authorized code, its PIN and the access
 * token are the credentials there). The wallet endpoints answer problem+json with the OAuth `error` added.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { appendAudit } from '../../../core/audit/append.js';
import { DomainError } from '../../../core/errors.js';
import { PUBLIC } from '../../../core/http/access.js';
import { PROBLEM_CONTENT_TYPE, problemOf, ProblemSchema } from '../../../core/http/problem.js';
import type { HttpApp } from '../../../core/http/server.js';
import { createCredentialOffer, PRE_AUTHORIZED_GRANT } from './actions/create-offer.js';
import { issueCredential } from './actions/issue-credential.js';
import { redeemOffer } from './actions/redeem-offer.js';
import { revokeCredential } from './actions/revoke-credential.js';
import { issuerOf, type CredentialDeps } from './deps.js';
import { OAUTH_ERRORS } from './errors.js';
import { listCredentialsOf, type CredentialRow } from './repository.js';
import { newNonce } from './secrets.js';
import { statusListUri } from './status-lists.js';

const Uin = z.string().regex(/^\d{6,32}$/, 'must be the digits of a UIN');
const refusals = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const OAuthProblem = ProblemSchema.extend({
  error: z.string().optional().describe('The OAuth error code, for wallets'),
  error_description: z.string().optional(),
});
const oauthRefusals = { 400: OAuthProblem, 401: OAuthProblem, 409: OAuthProblem, 429: OAuthProblem };

const Offer = z.object({
  offerId: z.uuid(),
  expiresAt: z.iso.datetime(),
  credentialOffer: z.record(z.string(), z.unknown()).describe('The credential offer (OpenID4VCI §4.1.1), by value'),
  credentialOfferUri: z.string().describe('openid-credential-offer://?credential_offer=…: what the QR code carries'),
  txCode: z
    .string()
    .describe('The PIN: give it to the person apart from the QR code (told, or on paper). It is shown this once.'),
});

const Credential = z.object({
  id: z.uuid(),
  vct: z.string(),
  statusListUri: z.string(),
  statusIndex: z.number().int(),
  issuedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  revokedReason: z.string().nullable(),
});

export function credentialApiRoutes(app: HttpApp, deps: CredentialDeps): void {
  app.post(
    '/identity/credential-offers',
    {
      config: { scope: 'identity.credential.offer' },
      schema: {
        tags: ['identity credentials'],
        summary: 'Offer a person a credential of their identity for their wallet (OpenID4VCI, pre-authorized code)',
        description:
          'Show the answered `credentialOfferUri` as a QR code to the person (or the parent of a child), and give ' +
          'them the `txCode` PIN separately. The offer is good once, for `identity.credentials.offerMinutes`.',
        body: z.object({ uin: Uin }).strict(),
        response: { 201: Offer, ...refusals },
      },
    },
    async (request, reply) => {
      const offer = await createCredentialOffer(deps, {
        uin: request.body.uin,
        caller: request.caller!,
        requestId: request.id,
        issuer: issuerOf(deps.settings, request),
      });
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({
          offerId: offer.offerId,
          expiresAt: offer.expiresAt.toISOString(),
          credentialOffer: offer.credentialOffer as unknown as Record<string, unknown>,
          credentialOfferUri: offer.offerUri,
          txCode: offer.txCode,
        });
    },
  );

  app.get(
    '/identity/credentials',
    {
      config: { scope: 'identity.credential.read' },
      schema: {
        tags: ['identity credentials'],
        summary: 'The credentials issued to a person, with their status',
        querystring: z.object({ uin: Uin }).strict(),
        response: { 200: z.object({ credentials: z.array(Credential) }), ...refusals },
      },
    },
    async (request) => {
      const person = await deps.findIdentity(deps.db, { uin: request.query.uin });
      if (!person) {
        throw new DomainError(
          'IDENTITY_CREDENTIAL_IDENTITY_NOT_FOUND',
          `No identity has the UIN ${request.query.uin}.`,
        );
      }
      const rows = await listCredentialsOf(deps.db, person.identityId);
      await appendAudit(deps.db, {
        actor: request.caller!.sub,
        actorRole: request.caller!.role,
        action: 'identity.credential.read',
        subject: person.identityId,
        detail: { count: rows.length },
        requestId: request.id,
      });
      const issuer = issuerOf(deps.settings, request);
      return { credentials: rows.map((row) => credentialOf(row, issuer)) };
    },
  );

  app.post(
    '/identity/credentials/:id/revoke',
    {
      config: { scope: 'identity.credential.revoke' },
      schema: {
        tags: ['identity credentials'],
        summary: 'Revoke a credential (a lost or stolen phone, a credential issued in error)',
        description: 'Verifiers see it revoked in its status list at once (or after caching it for at most 5 minutes).',
        params: z.object({ id: z.uuid() }),
        body: z.object({ reason: z.string().trim().min(1).max(500) }).strict(),
        response: { 200: Credential, ...refusals },
      },
    },
    async (request) => {
      const row = await revokeCredential(deps, {
        id: request.params.id,
        reason: request.body.reason,
        caller: request.caller!,
        requestId: request.id,
      });
      return credentialOf(row, issuerOf(deps.settings, request));
    },
  );

  app.register(async (wallets) => walletRoutes(wallets, deps), { prefix: '/identity/oid4vci' });
}

function credentialOf(row: CredentialRow, issuer: string) {
  return {
    id: row.id,
    vct: row.vct,
    statusListUri: statusListUri(issuer, row.status_list_id),
    statusIndex: row.status_index,
    issuedAt: row.issued_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokedReason: row.revoked_reason,
  };
}

const TokenRequest = z.object({
  grant_type: z.string(),
  'pre-authorized_code': z.string().min(1).max(200),
  tx_code: z.string().max(50).optional(),
});

const CredentialRequest = z.object({
  credential_configuration_id: z.string().max(200).optional(),
  proofs: z.object({ jwt: z.array(z.string().max(10_000)).min(1).max(1) }).optional(),
  proof: z.object({ proof_type: z.literal('jwt'), jwt: z.string().max(10_000) }).optional(),
});

/** The OpenID4VCI endpoints, in a plugin of their own: form bodies, and OAuth errors beside problem+json. */
function walletRoutes(app: HttpApp, deps: CredentialDeps): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.setErrorHandler(oauthErrorHandler);

  app.post(
    '/token',
    {
      config: { scope: PUBLIC },
      schema: {
        tags: ['identity credentials'],
        summary: 'Token endpoint: the pre-authorized code and its PIN for an access token (form or JSON body)',
        body: TokenRequest,
        response: {
          200: z.object({
            access_token: z.string(),
            token_type: z.literal('Bearer'),
            expires_in: z.number().int(),
            c_nonce: z.string(),
            c_nonce_expires_in: z.number().int(),
          }),
          ...oauthRefusals,
        },
      },
    },
    async (request, reply) => {
      deps.limits.token.take(request.ip, 'to redeem credential offers');
      if (request.body.grant_type !== PRE_AUTHORIZED_GRANT) {
        throw new DomainError('IDENTITY_CREDENTIAL_UNSUPPORTED_GRANT', `Only ${PRE_AUTHORIZED_GRANT} is supported.`);
      }
      const token = await redeemOffer(deps, {
        preAuthorizedCode: request.body['pre-authorized_code'],
        txCode: request.body.tx_code,
      });
      return reply.header('cache-control', 'no-store').send(token);
    },
  );

  app.post(
    '/nonce',
    {
      config: { scope: PUBLIC },
      schema: {
        tags: ['identity credentials'],
        summary: 'Nonce endpoint: a fresh c_nonce for the key proof',
        response: { 200: z.object({ c_nonce: z.string() }), 429: OAuthProblem },
      },
    },
    async (request, reply) => {
      deps.limits.nonce.take(request.ip, 'to get nonces');
      return reply.header('cache-control', 'no-store').send({ c_nonce: newNonce(deps.secretKey) });
    },
  );

  app.post(
    '/credential',
    {
      config: { scope: PUBLIC },
      schema: {
        tags: ['identity credentials'],
        summary: 'Credential endpoint: the SD-JWT VC, bound to the key the proof shows (Authorization: Bearer)',
        body: CredentialRequest,
        response: { 200: z.object({ credentials: z.array(z.object({ credential: z.string() })) }), ...oauthRefusals },
      },
    },
    async (request, reply) => {
      deps.limits.credential.take(request.ip, 'to fetch credentials');
      const { body } = request;
      const { credential } = await issueCredential(deps, {
        accessToken: bearerOf(request),
        configurationId: body.credential_configuration_id,
        proof: body.proofs?.jwt[0] ?? body.proof?.jwt,
        issuer: issuerOf(deps.settings, request),
        requestId: request.id,
      });
      return reply.header('cache-control', 'no-store').send({ credentials: [{ credential }] });
    },
  );
}

function bearerOf(request: FastifyRequest): string | undefined {
  const match = /^Bearer ([\w.~+/-]+=*)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

function oauthErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const problem = problemOf(error, request.id, request.url);
  if (problem.status >= 500) request.log.error({ err: error, requestId: request.id }, 'request failed');
  if (error instanceof DomainError && error.retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
  }
  const oauth = OAUTH_ERRORS[problem.code];
  if (problem.code === 'IDENTITY_CREDENTIAL_INVALID_TOKEN') {
    void reply.header('www-authenticate', 'Bearer error="invalid_token"');
  }
  void reply
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .header('cache-control', 'no-store')
    .send(oauth ? { ...problem, error: oauth, error_description: problem.detail } : problem);
}
