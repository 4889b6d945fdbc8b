import { z } from 'zod';
import type { HttpApp } from '../../core/http/server.js';
import type { ServiceContext } from '../../core/service.js';
import { eventCounts, type MetricsTables } from './repository.js';

export const MetricsScopes = { read: 'statistics.read' } as const;

export function metricsRoutes(app: HttpApp, { db }: ServiceContext<MetricsTables>): void {
  app.get(
    '/statistics/events',
    {
      config: { scope: MetricsScopes.read },
      schema: {
        tags: ['metrics'],
        summary: 'How many events of each type the platform has seen',
        response: { 200: z.object({ counts: z.record(z.string(), z.number().int()) }) },
      },
    },
    async () => ({ counts: await eventCounts(db) }),
  );
}
