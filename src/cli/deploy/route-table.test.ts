import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/helpers/config.js';
import { openTestDatabase } from '../../../test/helpers/database.js';
import { startTestCivitas, type TestCivitas } from '../../../test/helpers/civitas.js';
import { SERVICE_NAMES, type ServiceName } from '../../config/schema.js';
import { defaultAccessPolicy } from '../../core/http/access.js';
import { API_PREFIX, createHttpServer, type HttpApp } from '../../core/http/server.js';
import { createLogger } from '../../core/log.js';
import { createMetrics } from '../../core/metrics.js';
import type { ServiceContext } from '../../core/service.js';
import { SERVICE_LOADERS } from '../../services/index.js';
import { DEFAULT_OWNER, ownerOf, ROUTE_TABLE } from './route-table.js';

interface Registered {
  readonly method: string;
  readonly url: string;
}

/** Registers one service's routes on a server of its own, the way src/main.ts does, and lists them. */
async function routesOf(service: ServiceName, database: Awaited<ReturnType<typeof openTestDatabase>>) {
  const definition = await SERVICE_LOADERS[service]();
  const config = testConfig(database.location, { services: service });
  const log = createLogger({ level: 'silent' });
  const app: HttpApp = await createHttpServer({
    log,
    metrics: createMetrics(),
    bodyLimitBytes: 1_048_576,
    trustProxy: false,
    version: 'test',
    access: () => defaultAccessPolicy('test'),
  });
  const routes: Registered[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  const context: ServiceContext = { name: service, config, db: database.forSchema(service), database, log };
  if (definition.routes)
    await app.register(async (scoped) => definition.routes?.(scoped as HttpApp, context), { prefix: API_PREFIX });
  if (definition.rootRoutes) await app.register(async (scoped) => definition.rootRoutes?.(scoped as HttpApp, context));
  await app.ready();
  await app.close();
  return routes;
}

describe('the route table HAProxy routes by in scaled mode', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const byService = new Map<ServiceName, Registered[]>();

  beforeAll(async () => {
    database = await openTestDatabase();
    for (const service of SERVICE_NAMES) byService.set(service, await routesOf(service, database));
  });
  afterAll(async () => database?.close());

  it('sends every route a service registers to that service', () => {
    const wrong: string[] = [];
    for (const [service, routes] of byService) {
      for (const route of routes) {
        const owner = ownerOf(route.url);
        if (owner !== service) wrong.push(`${route.method} ${route.url}: served by ${service}, table says ${owner}`);
      }
    }
    expect(wrong).toEqual([]);
    expect([...byService.values()].flat().length).toBeGreaterThan(50);
  });

  it('has no prefix that none of its service routes match', () => {
    const stale = ROUTE_TABLE.filter((entry) => entry.owner !== 'any').filter(
      (entry) =>
        !(byService.get(entry.owner as ServiceName) ?? []).some(
          (route) => route.url === entry.prefix || route.url.startsWith(`${entry.prefix}/`),
        ),
    );
    expect(stale).toEqual([]);
  });

  it('sends the web app (any other path) to the gateway, which serves it', () => {
    expect(ownerOf('/records/123')).toBe(DEFAULT_OWNER);
    expect(byService.get(DEFAULT_OWNER)!.some((route) => route.url === '/*')).toBe(true);
  });

  describe('on a running server with every service', () => {
    let civitas: TestCivitas;
    beforeAll(async () => {
      civitas = await startTestCivitas({ services: 'all' });
    });
    afterAll(async () => civitas?.close());

    it('serves every route each service registers on its own', () => {
      const missing = [...byService.values()]
        .flat()
        .filter((route) => !civitas.app.hasRoute({ method: route.method as 'GET', url: route.url }));
      expect(missing).toEqual([]);
    });

    it('sends each of its routes to a pool that serves it', () => {
      const routes = listRoutes(civitas.app);
      expect(routes.length).toBeGreaterThan(50);
      const wrong = routes.filter((path) => {
        const owner = ownerOf(path);
        return owner !== 'any' && !(byService.get(owner) ?? []).some((route) => route.url === path);
      });
      expect(wrong).toEqual([]);
      for (const path of routes.filter((candidate) => ownerOf(candidate) === 'any')) {
        expect(['/health', '/metrics', '/openapi.json', '/docs'].some((prefix) => path.startsWith(prefix))).toBe(true);
      }
    });

    it('answers the paths every process serves', async () => {
      for (const path of ['/health/ready', '/health/live', '/metrics', '/docs/']) {
        expect(ownerOf(path)).toBe('any');
        const response = await civitas.app.inject({ method: 'GET', url: path });
        expect(response.statusCode, path).toBeLessThan(400);
      }
    });
  });
});

/** Every route of a running server, from Fastify's route tree (`printRoutes`), as full paths. */
function listRoutes(app: HttpApp): string[] {
  const paths: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = path;
    if (match[3]) paths.push(path.startsWith('/') ? path : `/${path}`);
  }
  return paths;
}
