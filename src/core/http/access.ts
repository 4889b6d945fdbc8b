/**
 * Scopes per route. Every route under /api/v1 declares, beside its handler, the scope it needs (`config.scope`) or
 * `PUBLIC`; a route that declares none fails at registration, so it cannot ship unprotected. Checking a scope is the
 * job of an access policy that the auth service installs.
 */
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';
import type { Caller } from './scopes.js';

/** The scope of a route anyone may call. */
export const PUBLIC = 'public';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, once the access policy has let the request in. */
    caller?: Caller;
  }
  interface FastifyContextConfig {
    /** The scope a caller needs, e.g. `area.create`, or PUBLIC. */
    scope?: string;
  }
}

export interface AccessPolicy {
  /** Throws UNAUTHENTICATED (no or bad credentials) or FORBIDDEN (lacks the scope). */
  authorize(request: FastifyRequest, scope: string): Promise<void>;
  readonly description: string;
}

/**
 * Before the auth service exists in a deployment: development mode lets every call through (and says so at start),
 * any other mode refuses every non-public route, so a misconfigured production never serves personal data openly.
 */
export function defaultAccessPolicy(env: string): AccessPolicy {
  if (env === 'development' || env === 'test') {
    return {
      description: 'open (development mode, no auth service)',
      authorize: async (request) => {
        request.caller = DEVELOPMENT_CALLER;
      },
    };
  }
  return {
    description: 'closed (no auth service)',
    authorize: async () => {
      throw new DomainError('UNAUTHENTICATED', 'No authentication service is configured; only public routes answer.');
    },
  };
}

const DEVELOPMENT_CALLER: Caller = Object.freeze({
  sub: 'development',
  kind: 'user',
  role: 'development',
  scope: [],
  office: null,
  jurisdiction: [],
  unrestricted: true,
});
