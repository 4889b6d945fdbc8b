/**
 * Serving the web app: its files, and index.html for any other page address the app routes itself (`/records/…`),
 * but never for the addresses the server answers itself (/api, /health, ...): those keep their problem+json 404.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC } from '../../core/http/access.js';
import { build, PROBLEM_CONTENT_TYPE } from '../../core/http/problem.js';
import type { HttpApp } from '../../core/http/server.js';
import { extensionOf } from './content-types.js';
import { MISSING_BUILD_PAGE } from './missing-build-page.js';
import type { WebBuild } from './web-build.js';
import type { Encoded, WebFile } from './web-files.js';

/** Paths the server owns: a miss there is an API 404, never the app's page. */
export const RESERVED_PREFIXES = ['/api', '/health', '/.well-known', '/openapi.json', '/docs', '/metrics', '/verify'];

/**
 * The page's policy: scripts, styles and connections to this server only; PDFs and pictures the app makes itself
 * (blob: URLs) may be shown; no other site may frame it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface WebSettings {
  /** Declarations and drafts a device may hold unsent (the app refuses more until some are sent). */
  readonly offlineQueueLimit: number;
}

export function isReserved(path: string): boolean {
  return RESERVED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

export function webRoutes(app: HttpApp, web: WebBuild, settings: WebSettings): void {
  // Settings the app reads at start (and the service worker keeps for offline starts).
  app.get('/settings.json', { config: { scope: PUBLIC }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'no-cache').send(settings),
  );

  app.get('/*', { config: { scope: PUBLIC }, schema: { hide: true } }, async (request, reply) => {
    const path = pathOf(request.url);
    if (path === undefined || isReserved(path)) return notFound(request, reply);
    const files = web.files();
    const file = files?.get(path === '/' ? '/index.html' : path);
    if (file) return sendFile(request, reply, file);
    // A file that is not there (an old hashed asset, a typo) is a 404: answering it with the page would hand a
    // script tag HTML. An address without an extension is one of the app's own pages.
    if (extensionOf(path) !== '' || path.startsWith('/assets/')) return notFound(request, reply);
    if (!files) {
      return reply
        .status(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(MISSING_BUILD_PAGE);
    }
    const index = files.get('/index.html');
    return index ? sendFile(request, reply, index) : notFound(request, reply);
  });
}

function pathOf(url: string): string | undefined {
  const raw = url.split('?')[0]!;
  try {
    const path = decodeURIComponent(raw);
    return path.includes('\0') || path.split('/').includes('..') ? undefined : path;
  } catch {
    return undefined;
  }
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  const problem = build('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url}.`, request.id, request.url);
  return reply.status(404).type(PROBLEM_CONTENT_TYPE).send(problem);
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: WebFile) {
  const encoding = chooseEncoding(request.headers['accept-encoding'], file);
  const chosen: Encoded = (encoding && file[encoding]) || file.identity;
  void reply
    .header('cache-control', file.cacheControl)
    .header('etag', chosen.etag)
    .header('x-content-type-options', 'nosniff');
  if (file.gzip || file.brotli) void reply.header('vary', 'accept-encoding');
  if (file.type.startsWith('text/html')) {
    void reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('referrer-policy', 'no-referrer');
  }
  if (matches(request.headers['if-none-match'], chosen.etag)) return reply.status(304).send();
  if (encoding) void reply.header('content-encoding', encoding === 'brotli' ? 'br' : 'gzip');
  return reply.type(file.type).send(chosen.body);
}

/** brotli when the browser takes it, else gzip, else the plain file (a `q=0` refuses an encoding). */
export function chooseEncoding(header: string | undefined, file: WebFile): 'brotli' | 'gzip' | undefined {
  if (!header) return undefined;
  const accepted = new Set(
    header
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, ...params]) => !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param)))
      .map(([name]) => name!.trim().toLowerCase()),
  );
  if (file.brotli && accepted.has('br')) return 'brotli';
  if (file.gzip && (accepted.has('gzip') || accepted.has('*'))) return 'gzip';
  return undefined;
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === etag || tag === '*';
  });
}
