/**
 * The access policy of a node that does not run the auth service (scaled mode: a registry node, say). It checks
 * tokens against the auth service's public keys, fetched from `auth.jwksUrl` and cached, and refuses tokens of
 * sessions the auth service lists as ended, polled every few seconds from the same place. If the auth service is
 * unreachable, the last known list stands: tokens still expire within minutes.
 */
import { createRemoteJWKSet } from 'jose';
import type { AccessPolicy } from '../../core/http/access.js';
import type { Logger } from '../../core/log.js';
import { tokenAccessPolicy } from './access-policy.js';
import { tokenVerifier } from './tokens.js';

export function remoteAccessPolicy(jwksUrl: string, log: Logger, staleMs = 5000): AccessPolicy {
  const keys = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 5000, cacheMaxAge: 600_000 });
  const revokedUrl = new URL('/.well-known/revoked-sessions.json', jwksUrl);
  let revoked = new Set<string>();
  let checkedAt = 0;
  let loading: Promise<void> | undefined;

  async function reload(): Promise<void> {
    checkedAt = Date.now();
    try {
      const response = await fetch(revokedUrl, { signal: AbortSignal.timeout(2000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { sessions?: unknown };
      if (Array.isArray(body.sessions)) revoked = new Set(body.sessions.filter((id) => typeof id === 'string'));
    } catch (error) {
      log.warn({ err: error, url: revokedUrl.href }, 'cannot read the ended sessions from the auth service');
    }
  }

  return tokenAccessPolicy(
    tokenVerifier(keys),
    async (sessionId) => {
      if (Date.now() - checkedAt > staleMs) {
        loading ??= reload().finally(() => (loading = undefined));
        await loading;
      }
      return sessionId !== undefined && revoked.has(sessionId);
    },
    `bearer tokens (keys from ${jwksUrl})`,
  );
}
