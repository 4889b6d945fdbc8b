/** metrics: registration statistics (for now, counts of every event by type); Prometheus metrics are served by core. */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';
import { countEvents } from './consumers.js';
import { createEventCounts } from './migrations/0001-create-event-counts.js';
import type { MetricsTables } from './repository.js';
import { metricsRoutes } from './routes.js';

export default defineService<MetricsTables>({
  name: 'metrics',
  zone: 'internal',
  description: 'Registration statistics: completeness, timeliness, counts by area; event counts.',
  migrations: [...coreEventMigrations, createEventCounts],
  consumers: [countEvents],
  routes: metricsRoutes,
});
