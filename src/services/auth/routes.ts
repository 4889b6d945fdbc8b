/** HTTP routes of signing in and out: the two sign-in steps, refresh, sign-out, password reset, and the public keys. */
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import { PUBLIC } from '../../core/http/access.js';
import { ProblemSchema } from '../../core/http/problem.js';
import type { RateLimiter } from '../../core/http/rate-limit.js';
import type { HttpApp } from '../../core/http/server.js';
import { finishLogin } from './actions/finish-login.js';
import { refreshSession, signOut, type SessionDeps } from './actions/refresh-session.js';
import { completePasswordReset, requestPasswordReset } from './actions/reset-password.js';
import { startLogin } from './actions/start-login.js';
import { LoginChallenge, LoginRequest, RefreshRequest, TokenResponse, VerifyRequest } from './model.js';

export interface AuthRouteDeps extends SessionDeps {
  readonly jwks: () => JSONWebKeySet;
  /** Attempts per network address, and per username, on the routes anyone can call. */
  readonly limits: { readonly address: RateLimiter; readonly user: RateLimiter };
}

const Username = z.string().trim().min(1).max(100);
const problems = { 400: ProblemSchema, 401: ProblemSchema, 429: ProblemSchema };

export function authRoutes(app: HttpApp, deps: AuthRouteDeps): void {
  const fromAddress = (ip: string) => deps.limits.address.take(ip, 'from your network address');
  const forUser = (username: string) => deps.limits.user.take(username.toLowerCase(), 'for this user');
  const trail = (request: { id: string; ip: string }) => ({ address: request.ip, requestId: request.id });

  app.post(
    '/auth/login',
    {
      config: { scope: PUBLIC },
      schema: {
        tags: ['auth'],
        summary: 'Sign in, step 1: username and password; a one-time code is sent to the user',
        body: LoginRequest,
        response: { 200: LoginChallenge, ...problems, 409: ProblemSchema },
      },
    },
    async (request) => {
      fromAddress(request.ip);
      forUser(request.body.username);
      return startLogin(deps, request.body, { traceId: request.id, address: request.ip });
    },
  );

  app.post(
    '/auth/verify',
    {
      config: { scope: PUBLIC },
      schema: {
        tags: ['auth'],
        summary: 'Sign in, step 2: the one-time code; answers an access token and a refresh token',
        body: VerifyRequest,
        response: { 200: TokenResponse, ...problems },
      },
    },
    async (request) => {
      fromAddress(request.ip);
      return finishLogin(deps, request.body, { traceId: request.id, address: request.ip });
    },
  );

  app.post(
    '/auth/refresh',
    {
      config: { scope: PUBLIC },
      schema: {
        tags: ['auth'],
        summary: 'A new access token for a refresh token; the refresh token is spent and a new one returned',
        description: 'Presenting a spent refresh token again ends its whole session (it was copied).',
        body: RefreshRequest,
        response: { 200: TokenResponse, ...problems },
      },
    },
    async (request) => {
      fromAddress(request.ip);
      return refreshSession(deps, request.body.refreshToken, trail(request));
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { scope: PUBLIC },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends the session of this refresh token and every access token it issued',
        body: RefreshRequest,
        response: { 204: z.null(), 400: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      fromAddress(request.ip);
      await signOut(deps, request.body.refreshToken, trail(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { scope: PUBLIC },
      schema: {
        tags: ['auth'],
        summary: 'Forgot password: sends a code to the user’s phone or e-mail (same answer for unknown users)',
        body: z.object({ username: Username }).strict(),
        response: { 202: z.object({ accepted: z.literal(true) }), 400: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      fromAddress(request.ip);
      forUser(request.body.username);
      await requestPasswordReset(deps, request.body.username, trail(request));
      return reply.status(202).send({ accepted: true as const });
    },
  );

  app.post(
    '/auth/password-reset/complete',
    {
      config: { scope: PUBLIC },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with the code of a reset or of a new account’s invitation',
        description: 'Ends every session of the user.',
        body: z
          .object({
            username: Username,
            code: z.string().trim().min(8).max(20).describe('The code from the message, e.g. k7qm-2xwd'),
            newPassword: z.string().min(1).max(1024).describe('At least 12 characters, not a common password'),
          })
          .strict(),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      fromAddress(request.ip);
      forUser(request.body.username);
      await completePasswordReset(deps, request.body, trail(request));
      return reply.status(204).send(null);
    },
  );
}

/**
 * What other nodes need to check tokens without running the auth service: the public keys, and the sessions ended
 * recently (ids of revoked sessions are random and give nothing away; their tokens are what must stop working).
 */
export function publicKeyRoutes(app: HttpApp, deps: Pick<AuthRouteDeps, 'jwks' | 'revocations'>): void {
  app.get('/.well-known/jwks.json', { config: { scope: PUBLIC }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(deps.jwks()),
  );
  app.get(
    '/.well-known/revoked-sessions.json',
    { config: { scope: PUBLIC }, schema: { hide: true } },
    async (_request, reply) =>
      reply.header('cache-control', 'no-store').send({ sessions: await deps.revocations.current() }),
  );
}
