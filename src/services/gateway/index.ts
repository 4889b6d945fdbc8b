/**
 * gateway: HTTP ingress. It serves the web app (web/dist, built by `npm run build:web`) from this same program: its
 * files, and its page for every address the app routes itself. Rate limits and routing to other nodes come later.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';
import { webBuild } from './web-build.js';
import { webRoutes, type WebSettings } from './web-routes.js';

/**
 * The checkout's web/dist. This file runs from src/services/gateway (tests, tsx) or bundled into dist/civitas.mjs:
 * the folder with package.json above it is the checkout either way.
 */
export function defaultWebDir(from = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'web', 'dist');
}

export default defineService({
  name: 'gateway',
  zone: 'public',
  description: 'HTTP ingress: the web app files, rate limits, routing to services in this process or on other nodes.',
  migrations: coreEventMigrations,
  rootRoutes(app, context) {
    const web = webBuild(defaultWebDir(), context.log);
    web.files(); // says now, once, if the app is not built
    const settings: WebSettings = { offlineQueueLimit: context.config.web.offlineQueueLimit };
    webRoutes(app, web, settings);
  },
});
