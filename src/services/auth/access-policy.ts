/**
 * The access policy the auth service installs: a valid bearer token, of a session not revoked, carrying a scope of the
 * route's name. Conditions of the scope (area, office, event…) are checked by the handler against what it acts on.
 */
import { DomainError } from '../../core/errors.js';
import type { AccessPolicy } from '../../core/http/access.js';
import { holdsScope } from '../../core/http/scopes.js';
import type { VerifiedToken } from './tokens.js';

export function tokenAccessPolicy(
  verify: (token: string) => Promise<VerifiedToken>,
  isRevoked: (sessionId: string | undefined) => Promise<boolean> = async () => false,
  description = 'bearer tokens (auth service)',
): AccessPolicy {
  return {
    description,
    async authorize(request, scope) {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      if (!token) throw new DomainError('UNAUTHENTICATED', 'Send an access token: Authorization: Bearer <token>.');
      let caller: VerifiedToken;
      try {
        caller = await verify(token);
      } catch {
        throw new DomainError('UNAUTHENTICATED', 'The access token is not valid or has expired; sign in again.');
      }
      if (await isRevoked(caller.sid)) {
        throw new DomainError('UNAUTHENTICATED', 'This session has ended (signed out or revoked); sign in again.');
      }
      if (!holdsScope(caller, scope)) {
        throw new DomainError('FORBIDDEN', `This needs the scope ${scope}, which your role does not grant.`);
      }
      request.caller = caller;
    },
  };
}
