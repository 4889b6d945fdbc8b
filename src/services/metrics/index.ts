/** metrics: registration statistics (by area and month, timeliness, completeness) and event counts; Prometheus metrics are served by core. */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';
import { countEvents, keepEventTypes, keepRegistrations } from './consumers.js';
import { createEventCounts } from './migrations/0001-create-event-counts.js';
import { createRegistrations } from './migrations/0002-create-registrations.js';
import type { MetricsTables } from './repository.js';
import { metricsRoutes } from './routes.js';

export default defineService<MetricsTables>({
  name: 'metrics',
  zone: 'internal',
  description: 'Registration statistics: completeness, timeliness, counts by area; event counts.',
  migrations: [...coreEventMigrations, createEventCounts, createRegistrations],
  consumers: [countEvents, keepEventTypes, keepRegistrations],
  routes: metricsRoutes,
});
