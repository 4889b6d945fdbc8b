/**
 * API clients: integrations (a health system pushing birth notifications, a statistics office pulling data) that get
 * access tokens with the client-credentials grant. The secret is shown once, at creation or rotation, and stored as a
 * hash; revoking a client stops its live tokens too. An administrator can give a client only scopes meant for
 * integrations or scopes they hold themselves.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../../config/schema.js';
import { DomainError } from '../../../core/errors.js';
import { uuidv7 } from '../../../core/events/uuidv7.js';
import { parseScope } from '../../../core/http/scopes.js';
import {
  findApiClient,
  insertApiClient,
  listApiClients,
  revokeApiClient,
  setApiClientSecret,
  type ApiClientRow,
} from '../clients-repository.js';
import { audit, type AuditAction, type AuthDb } from '../repository.js';
import { CLIENT_SCOPES } from '../roles.js';
import { insertSession, revokeSessions } from '../sessions-repository.js';
import type { RevocationList } from '../sessions.js';
import { issueAccessToken, type SigningKey } from '../tokens.js';
import type { Acting } from './manage-users.js';

export interface ClientDeps {
  readonly db: AuthDb;
  readonly config: Config;
  readonly revocations: RevocationList;
  readonly key: () => SigningKey;
}

// 256 random bits: a fast hash is the right way to store it (nothing to brute-force).
const newSecret = () => `cvs_${randomBytes(32).toString('base64url')}`;
const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function toClientView(client: ApiClientRow) {
  return {
    id: client.id,
    name: client.name,
    scope: client.scope,
    createdAt: client.created_at.toISOString(),
    secretRotatedAt: client.secret_rotated_at?.toISOString() ?? null,
    revokedAt: client.revoked_at?.toISOString() ?? null,
  };
}

function checkScopes(acting: Acting, scopes: readonly string[]): void {
  scopes.forEach((scope, index) => {
    try {
      parseScope(scope);
    } catch (error) {
      throw new DomainError('VALIDATION_FAILED', `scope.${index}: ${(error as Error).message}`, {
        field: `scope.${index}`,
      });
    }
    const grantable = (CLIENT_SCOPES as readonly string[]).includes(scope) || acting.caller.scope.includes(scope);
    if (!grantable) {
      throw new DomainError('FORBIDDEN', `You cannot give a client the scope ${scope}: it is not yours to give.`);
    }
  });
}

export async function createClient(deps: ClientDeps, acting: Acting, input: { name: string; scope: string[] }) {
  checkScopes(acting, input.scope);
  const id = uuidv7();
  const clientSecret = newSecret();
  await deps.db.transaction().execute(async (tx) => {
    await insertApiClient(tx, {
      id,
      name: input.name,
      scope: input.scope,
      secret_hash: hashSecret(clientSecret),
      created_by: acting.caller.sub,
    });
    // The client's tokens belong to one session, so revoking the client ends them all.
    await insertSession(tx, { id, subjectId: id, kind: 'client', address: acting.address });
    await record(tx, acting, 'client.created', { id, name: input.name }, `scopes ${input.scope.join(' ')}`);
  });
  return { ...toClientView((await findApiClient(deps.db, id))!), clientSecret };
}

export async function listClients(deps: ClientDeps) {
  return (await listApiClients(deps.db)).map(toClientView);
}

async function liveClient(deps: ClientDeps, id: string): Promise<ApiClientRow> {
  const client = await findApiClient(deps.db, id);
  if (!client) throw new DomainError('CLIENT_NOT_FOUND', `No API client ${id}.`);
  if (client.revoked_at) throw new DomainError('CLIENT_REVOKED', `The API client ${client.name} is revoked.`);
  return client;
}

/** A new secret; the old one stops working at once (tokens already issued live out their few minutes). */
export async function rotateClientSecret(deps: ClientDeps, acting: Acting, id: string) {
  const client = await liveClient(deps, id);
  const clientSecret = newSecret();
  await deps.db.transaction().execute(async (tx) => {
    await setApiClientSecret(tx, id, hashSecret(clientSecret));
    await record(tx, acting, 'client.secret-rotated', client, null);
  });
  return { ...toClientView((await findApiClient(deps.db, id))!), clientSecret };
}

export async function revokeClient(deps: ClientDeps, acting: Acting, id: string) {
  const client = await liveClient(deps, id);
  await deps.db.transaction().execute(async (tx) => {
    await revokeApiClient(tx, id);
    deps.revocations.add(await revokeSessions(tx, { id }, 'API client revoked'));
    await record(tx, acting, 'client.revoked', client, null);
  });
  return toClientView((await findApiClient(deps.db, id))!);
}

const CLIENT_REFUSED = 'Unknown client, wrong secret, or a revoked client.';

/** The client-credentials grant: an access token carrying the client's scopes. */
export async function clientToken(
  deps: ClientDeps,
  input: { clientId: string; clientSecret: string },
  trail: { address: string | null; requestId: string },
) {
  const client = /^[0-9a-f-]{36}$/i.test(input.clientId) ? await findApiClient(deps.db, input.clientId) : undefined;
  const given = Buffer.from(hashSecret(input.clientSecret), 'hex');
  const valid = client && timingSafeEqual(given, Buffer.from(client.secret_hash, 'hex')) && !client.revoked_at;
  const entry = { user_id: client?.id ?? null, username: client?.name ?? null, address: trail.address };
  if (!client || !valid) {
    await audit(deps.db, { ...entry, request_id: trail.requestId, action: 'client.token-refused', detail: null });
    throw new DomainError('AUTH_CLIENT_INVALID', CLIENT_REFUSED);
  }
  const ttl = deps.config.auth.accessTokenTtlSeconds;
  const accessToken = await issueAccessToken(
    deps.key(),
    {
      sub: client.id,
      kind: 'client',
      role: 'api-client',
      scope: client.scope,
      office: null,
      jurisdiction: [],
      sid: client.id,
    },
    ttl,
  );
  await audit(deps.db, { ...entry, request_id: trail.requestId, action: 'client.token-issued', detail: null });
  return { access_token: accessToken, token_type: 'Bearer' as const, expires_in: ttl, scope: client.scope.join(' ') };
}

async function record(
  tx: AuthDb,
  acting: Acting,
  action: AuditAction,
  client: { id: string; name: string },
  detail: string | null,
) {
  await audit(tx, {
    action,
    user_id: client.id,
    username: client.name,
    address: acting.address,
    request_id: acting.requestId,
    detail: `by ${acting.caller.sub}${detail ? `: ${detail}` : ''}`,
  });
}
