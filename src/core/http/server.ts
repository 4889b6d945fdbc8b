/**
 * The HTTP server (Fastify): request ids, zod validation and serialisation, problem+json errors, latency metrics,
 * scope checks, and the OpenAPI 3.1 document (/openapi.json, browsable at /docs) generated from the routes' schemas.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from '../log.js';
import { DomainError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { uuidv7 } from '../events/uuidv7.js';
import { PUBLIC, type AccessPolicy } from './access.js';
import { build, problemOf, PROBLEM_CONTENT_TYPE } from './problem.js';

export type HttpApp = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export const API_PREFIX = '/api/v1';

/** A route under /api/v1 and the scope it declared: what the generated access tests walk. */
export interface ApiRoute {
  readonly method: string;
  readonly url: string;
  readonly scope: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route under /api/v1 with its scope, in registration order. */
    apiRoutes: readonly ApiRoute[];
  }
}

export interface HttpServerOptions {
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly bodyLimitBytes: number;
  readonly trustProxy: boolean;
  readonly version: string;
  /** Read on every request, so the auth service can install its policy after the server is built. */
  readonly access: () => AccessPolicy;
  /** Serve HTTPS with this certificate and key (PEM) instead of HTTP. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer } | undefined;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function createHttpServer(options: HttpServerOptions): Promise<HttpApp> {
  // An HTTPS server hands handlers the same request and response objects; only the listening socket differs.
  const app = Fastify({
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' as const } } : {}),
    loggerInstance: options.log as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy,
    // One line per request is written by our onResponse hook, with the route's latency and status.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : uuidv7();
    },
    return503OnClosing: true,
    // Every schema is zod: giving Fastify the zod compilers up front spares it loading ajv at start.
    // (Fastify types these factories for ajv; at run time it calls them exactly as it calls the zod compilers.)
    schemaController: {
      compilersFactory: {
        buildValidator: (() => validatorCompiler) as never,
        buildSerializer: (() => serializerCompiler) as never,
      },
    },
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const apiRoutes: ApiRoute[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(API_PREFIX)) return;
    const scope = route.config?.scope;
    if (!scope) throw new Error(`route ${route.method} ${route.url} declares no scope (config.scope, or PUBLIC)`);
    for (const method of [route.method].flat())
      if (method !== 'HEAD') apiRoutes.push({ method, url: route.url, scope });
    // The scope shows in the OpenAPI document beside the route.
    route.schema = {
      ...route.schema,
      ...(scope === PUBLIC ? {} : { security: [{ bearer: [scope] }] }),
      description: `${route.schema?.description ?? ''}\n\nRequired scope: \`${scope}\``.trim(),
    };
  });

  // On shutdown, connections busy with a request would otherwise stay open on keep-alive and hold up close():
  // every response sent from then on closes its connection.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  // Before the body is even read: an unauthenticated caller learns nothing, not even whether its body is valid.
  app.addHook('onRequest', async (request) => {
    const scope = request.routeOptions.config?.scope;
    if (scope && scope !== PUBLIC) await options.access().authorize(request, scope);
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    options.metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    request.log[level](
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  app.setErrorHandler((error, request, reply) => {
    const problem = problemOf(error, request.id, request.url);
    if (problem.status >= 500) request.log.error({ err: error, requestId: request.id }, 'request failed');
    if (error instanceof DomainError && error.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
    }
    void reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  });

  app.setNotFoundHandler((request, reply) => {
    const problem = build('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url}.`, request.id, request.url);
    void reply.status(404).type(PROBLEM_CONTENT_TYPE).send(problem);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Civitas API',
        version: options.version,
        description: 'Civil registration, national identity and data exchange. Errors are application/problem+json.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          // Relying parties of the identity-verification API (banks, clinics) present a partner API key.
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app;
}
