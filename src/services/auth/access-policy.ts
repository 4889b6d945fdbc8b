/** The access policy the auth service installs: a valid bearer token that carries the route's scope. */
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.js';
import type { AccessPolicy } from '../../core/http/access.js';
import type { VerifiedToken } from './tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, once the access policy has checked the token. */
    caller?: VerifiedToken;
  }
}

export function tokenAccessPolicy(verify: (token: string) => Promise<VerifiedToken>): AccessPolicy {
  return {
    description: 'bearer tokens (auth service)',
    async authorize(request: FastifyRequest, scope: string) {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      if (!token) throw new DomainError('UNAUTHENTICATED', 'Send an access token: Authorization: Bearer <token>.');
      let caller: VerifiedToken;
      try {
        caller = await verify(token);
      } catch {
        throw new DomainError('UNAUTHENTICATED', 'The access token is not valid or has expired; sign in again.');
      }
      if (!caller.scope.includes(scope)) {
        throw new DomainError('FORBIDDEN', `This needs the scope ${scope}, which your role does not grant.`);
      }
      request.caller = caller;
    },
  };
}
