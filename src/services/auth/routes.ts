/** HTTP routes of the auth service: the two sign-in steps, and the public keys. */
import type { JSONWebKeySet } from 'jose';
import { PUBLIC } from '../../core/http/access.js';
import { ProblemSchema } from '../../core/http/problem.js';
import type { HttpApp } from '../../core/http/server.js';
import type { Config } from '../../config/schema.js';
import { finishLogin } from './actions/finish-login.js';
import { startLogin } from './actions/start-login.js';
import { LoginChallenge, LoginRequest, TokenResponse, VerifyRequest } from './model.js';
import type { AuthDb } from './repository.js';
import type { SigningKey } from './tokens.js';

export interface AuthRouteDeps {
  readonly db: AuthDb;
  readonly config: Config;
  readonly key: () => SigningKey;
  readonly jwks: () => JSONWebKeySet;
}

export function authRoutes(app: HttpApp, deps: AuthRouteDeps): void {
  app.post(
    '/auth/login',
    {
      config: { scope: PUBLIC },
      schema: {
        tags: ['auth'],
        summary: 'Sign in, step 1: username and password; a one-time code is sent to the user',
        body: LoginRequest,
        response: { 200: LoginChallenge, 400: ProblemSchema, 401: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => startLogin(deps, request.body, { traceId: request.id, address: request.ip }),
  );

  app.post(
    '/auth/verify',
    {
      config: { scope: PUBLIC },
      schema: {
        tags: ['auth'],
        summary: 'Sign in, step 2: the one-time code; answers an access token',
        body: VerifyRequest,
        response: { 200: TokenResponse, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (request) => finishLogin(deps, request.body, { traceId: request.id, address: request.ip }),
  );
}

export function jwksRoute(app: HttpApp, deps: Pick<AuthRouteDeps, 'jwks'>): void {
  app.get('/.well-known/jwks.json', { config: { scope: PUBLIC }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(deps.jwks()),
  );
}
