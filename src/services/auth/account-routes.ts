/** HTTP routes of a user's own account, and of API clients (their administration and their token grant). */
import { z } from 'zod';
import { PUBLIC } from '../../core/http/access.js';
import { ProblemSchema } from '../../core/http/problem.js';
import type { HttpApp } from '../../core/http/server.js';
import {
  clientToken,
  createClient,
  listClients,
  revokeClient,
  rotateClientSecret,
  type ClientDeps,
} from './actions/manage-clients.js';
import {
  changeOwnPassword,
  confirmTotpEnrolment,
  ownAccount,
  removeTotp,
  startTotpEnrolment,
} from './actions/own-account.js';
import { UserView } from './model.js';
import { SELF_SCOPE } from './roles.js';
import type { RateLimiter } from '../../core/http/rate-limit.js';
import { acting } from './user-routes.js';

const refusals = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema };

export function ownAccountRoutes(app: HttpApp, deps: ClientDeps): void {
  app.get(
    '/auth/me',
    {
      config: { scope: SELF_SCOPE },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user’s own account',
        response: { 200: UserView.extend({ recoveryCodesLeft: z.number().int() }), ...refusals },
      },
    },
    async (request) => ownAccount(deps, acting(request)),
  );

  app.post(
    '/auth/password',
    {
      config: { scope: SELF_SCOPE },
      schema: {
        tags: ['auth'],
        summary: 'Change your password (your other sessions end)',
        body: z
          .object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) })
          .strict(),
        response: { 204: z.null(), ...refusals },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(deps, { ...acting(request), sessionId: request.caller?.sid }, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/totp',
    {
      config: { scope: SELF_SCOPE },
      schema: {
        tags: ['auth'],
        summary: 'Set up an authenticator app, step 1: a secret to scan (QR code) or type',
        response: {
          200: z.object({ secret: z.string(), otpauthUri: z.string(), qrCodeSvg: z.string() }),
          ...refusals,
          409: ProblemSchema,
        },
      },
    },
    async (request) => startTotpEnrolment(deps, acting(request)),
  );

  app.post(
    '/auth/totp/confirm',
    {
      config: { scope: SELF_SCOPE },
      schema: {
        tags: ['auth'],
        summary: 'Set up an authenticator app, step 2: a code from the app; answers ten one-time recovery codes',
        body: z
          .object({
            code: z
              .string()
              .trim()
              .regex(/^\d{6}$/, 'is 6 digits'),
          })
          .strict(),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }), ...refusals, 409: ProblemSchema },
      },
    },
    async (request) => confirmTotpEnrolment(deps, acting(request), request.body.code),
  );

  app.delete(
    '/auth/totp',
    {
      config: { scope: SELF_SCOPE },
      schema: {
        tags: ['auth'],
        summary: 'Remove the authenticator app (needs your password); codes go by SMS or e-mail again',
        body: z.object({ password: z.string().min(1).max(1024) }).strict(),
        response: { 204: z.null(), ...refusals },
      },
    },
    async (request, reply) => {
      await removeTotp(deps, acting(request), request.body.password);
      return reply.status(204).send(null);
    },
  );
}

const ClientView = z.object({
  id: z.uuid(),
  name: z.string(),
  scope: z.array(z.string()),
  createdAt: z.iso.datetime(),
  secretRotatedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
const WithSecret = ClientView.extend({
  clientSecret: z.string().describe('Shown this once; only its hash is kept'),
});
const ClientId = z.object({ id: z.uuid() });

export function clientRoutes(app: HttpApp, deps: ClientDeps & { limits: { address: RateLimiter } }): void {
  app.get(
    '/clients',
    {
      config: { scope: 'client.manage' },
      schema: { tags: ['clients'], summary: 'API clients', response: { 200: z.array(ClientView), ...refusals } },
    },
    async () => listClients(deps),
  );

  app.post(
    '/clients',
    {
      config: { scope: 'client.manage' },
      schema: {
        tags: ['clients'],
        summary: 'Create an API client; its secret is shown once',
        body: z
          .object({
            name: z.string().trim().min(1, 'is required').max(200),
            scope: z.array(z.string()).min(1, 'give at least one scope').max(50),
          })
          .strict(),
        response: { 201: WithSecret, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await createClient(deps, acting(request), request.body)),
  );

  app.post(
    '/clients/:id/rotate-secret',
    {
      config: { scope: 'client.manage' },
      schema: {
        tags: ['clients'],
        summary: 'A new secret for the client (shown once); the old one stops working',
        params: ClientId,
        response: { 200: WithSecret, ...refusals, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => rotateClientSecret(deps, acting(request), request.params.id),
  );

  app.post(
    '/clients/:id/revoke',
    {
      config: { scope: 'client.manage' },
      schema: {
        tags: ['clients'],
        summary: 'Revoke the client: no new tokens, and its live tokens stop working',
        params: ClientId,
        response: { 200: ClientView, ...refusals, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => revokeClient(deps, acting(request), request.params.id),
  );

  // OAuth 2.0 client credentials (RFC 6749 §4.4): a form body, with the credentials in it or in Basic auth.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.post(
    '/auth/token',
    {
      config: { scope: PUBLIC },
      schema: {
        tags: ['clients'],
        summary: 'Client-credentials grant: an access token for an API client',
        description:
          'Form or JSON body with grant_type=client_credentials; client_id and client_secret in the body or as HTTP Basic.',
        body: z.object({
          grant_type: z.literal('client_credentials'),
          client_id: z.string().max(100).optional(),
          client_secret: z.string().max(200).optional(),
        }),
        response: {
          200: z.object({
            access_token: z.string(),
            token_type: z.literal('Bearer'),
            expires_in: z.number().int(),
            scope: z.string(),
          }),
          400: ProblemSchema,
          401: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request) => {
      deps.limits.address.take(request.ip, 'from your network address');
      const basic = request.headers.authorization?.startsWith('Basic ')
        ? Buffer.from(request.headers.authorization.slice(6), 'base64').toString('utf8')
        : undefined;
      const [basicId, basicSecret] = basic
        ? [basic.slice(0, basic.indexOf(':')), basic.slice(basic.indexOf(':') + 1)]
        : [];
      return clientToken(
        deps,
        {
          clientId: request.body.client_id ?? decodeURIComponent(basicId ?? ''),
          clientSecret: request.body.client_secret ?? decodeURIComponent(basicSecret ?? ''),
        },
        { address: request.ip, requestId: request.id },
      );
    },
  );
}
