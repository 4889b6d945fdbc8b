/**
 * Which service answers which URL path: the one table HAProxy's path routing is rendered from in scaled mode.
 * route-table.test.ts registers every service's real routes and fails when a route is missing here or lands on the
 * wrong service, so a new route cannot silently go to a pool that does not serve it.
 */
import type { ServiceName } from '../../config/schema.js';

/** `any`: every civitas process answers it (health, metrics, the API description). */
export type RouteOwner = ServiceName | 'any';

export interface RoutePrefix {
  /** Matches the path itself and everything below it (`/api/v1/records` and `/api/v1/records/…`). */
  readonly prefix: string;
  readonly owner: RouteOwner;
}

export const ROUTE_TABLE: readonly RoutePrefix[] = [
  { prefix: '/health', owner: 'any' },
  { prefix: '/metrics', owner: 'any' },
  { prefix: '/openapi.json', owner: 'any' },
  { prefix: '/docs', owner: 'any' },
  { prefix: '/api/v1/areas', owner: 'config' },
  { prefix: '/api/v1/offices', owner: 'config' },
  { prefix: '/api/v1/facilities', owner: 'config' },
  { prefix: '/api/v1/locations', owner: 'config' },
  { prefix: '/api/v1/event-types', owner: 'config' },
  { prefix: '/api/v1/auth', owner: 'auth' },
  { prefix: '/api/v1/users', owner: 'auth' },
  { prefix: '/api/v1/roles', owner: 'auth' },

  { prefix: '/api/v1/clients', owner: 'auth' },
  { prefix: '/.well-known/jwks.json', owner: 'auth' },
  { prefix: '/.well-known/revoked-sessions.json', owner: 'auth' },
  { prefix: '/api/v1/records', owner: 'registry' },
  { prefix: '/api/v1/workqueues', owner: 'registry' },
  { prefix: '/api/v1/certificates', owner: 'registry' },
  { prefix: '/verify', owner: 'registry' },
  { prefix: '/.well-known/certificate-keys.json', owner: 'registry' },
  { prefix: '/api/v1/search', owner: 'search' },
  { prefix: '/api/v1/identities', owner: 'identity' },
  { prefix: '/api/v1/identity', owner: 'identity' },
  { prefix: '/identity', owner: 'identity' },
  { prefix: '/.well-known/openid-credential-issuer', owner: 'identity' },
  { prefix: '/.well-known/jwt-vc-issuer', owner: 'identity' },
  { prefix: '/.well-known/oauth-authorization-server/identity', owner: 'identity' },
  { prefix: '/api/v1/documents', owner: 'documents' },
  { prefix: '/api/v1/notifications', owner: 'notify' },
  { prefix: '/api/v1/statistics', owner: 'metrics' },
];

/** Every other path (the web app's files and pages) belongs to the gateway. */
export const DEFAULT_OWNER: ServiceName = 'gateway';

/**
 * The service that answers a path: the longest matching prefix, else the gateway.
 *
 * @example ownerOf('/api/v1/records/123/register') // 'registry'
 */
export function ownerOf(path: string): RouteOwner {
  let best: RoutePrefix | undefined;
  for (const route of ROUTE_TABLE) {
    const matches = path === route.prefix || path.startsWith(`${route.prefix}/`);
    if (matches && (!best || route.prefix.length > best.prefix.length)) best = route;
  }
  return best?.owner ?? DEFAULT_OWNER;
}

/** The table with the longest prefixes first: the order HAProxy must test them in for `ownerOf`'s answer. */
export function routesLongestFirst(): RoutePrefix[] {
  return [...ROUTE_TABLE].sort((a, b) => b.prefix.length - a.prefix.length || a.prefix.localeCompare(b.prefix));
}
