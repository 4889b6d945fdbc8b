/** HTTP routes of the metrics service: thin handlers with a declared scope and zod in and out. */
import { z } from 'zod';
import { DomainError } from '../../core/errors.js';
import { ProblemSchema } from '../../core/http/problem.js';
import type { HttpApp } from '../../core/http/server.js';
import type { ServiceContext } from '../../core/service.js';
import { eventCounts, listEstimates, saveEstimates, type MetricsTables } from './repository.js';
import { completeness, monthsBetween, registrationsByMonth } from './statistics.js';

export const MetricsScopes = { read: 'statistics.read', estimates: 'statistics.estimates.manage' } as const;

/** The longest span of months one request may ask for. */
export const MAX_MONTHS = 60;

const refusals = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema };
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'use YYYY-MM');
const Year = z.coerce.number().int().min(1900).max(2200);
const EventType = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'use an event type such as birth')
  .describe('The event type, e.g. birth');
const AreaCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'is not an area code');
const Areas = z
  .string()
  .transform((text) => text.split(',').filter(Boolean))
  .pipe(z.array(AreaCode).min(1).max(200))
  .describe('Area codes, comma-separated (at most 200): each counts the records in it or in an area below it');

const Counts = {
  total: z.number().int(),
  onTime: z.number().int().describe('Registered within the legal period (e.g. 30 days after the event)'),
  late: z.number().int().describe('After the legal period, within the late period'),
  delayed: z.number().int().describe('After the late period'),
};

const ByMonth = z.object({
  eventType: z.string().nullable(),
  from: Month,
  to: Month,
  months: z.array(Month),
  series: z.array(
    z.object({
      area: z.string().nullable().describe('The area asked for; null when none was (the whole country)'),
      months: z.array(z.object({ month: Month, ...Counts })),
    }),
  ),
});

const Completeness = z.object({
  eventType: z.string(),
  year: z.number().int(),
  yearElapsed: z.number().describe('The share of the year gone by (1 for past years)'),
  areas: z.array(
    z.object({
      area: z.string(),
      ...Counts,
      expected: z.number().int().nullable().describe('Events expected in the whole year (the estimate), if set'),
      expectedToDate: z.number().int().nullable().describe('The estimate times the share of the year gone by'),
      completeness: z.number().nullable().describe('Registered events of the year / expectedToDate'),
      onTimeCompleteness: z.number().nullable().describe('Registered on time / expectedToDate'),
    }),
  ),
});

const Estimates = z.object({
  eventType: z.string(),
  year: z.number().int(),
  items: z.array(z.object({ area: z.string(), expected: z.number().int() })),
});

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

  app.get(
    '/statistics/registrations',
    {
      config: { scope: MetricsScopes.read },
      schema: {
        tags: ['metrics'],
        summary: 'Registrations by area and month of registration, on time, late and delayed',
        querystring: z
          .object({
            eventType: EventType.optional().describe('Only this event type; all types without it'),
            from: Month.optional().describe('First month, YYYY-MM (default: eleven months before `to`)'),
            to: Month.optional().describe('Last month, YYYY-MM (default: this month)'),
            areas: Areas.optional(),
          })
          .strict(),
        response: { 200: ByMonth, ...refusals },
      },
    },
    async (request) => {
      const to = request.query.to ?? new Date().toISOString().slice(0, 7);
      const from = request.query.from ?? monthsBefore(to, 11);
      if (from > to) throw invalid('from', 'from: must not be after to');
      if (monthsBetween(from, to).length > MAX_MONTHS) {
        throw invalid('from', `from: ask for at most ${MAX_MONTHS} months at once`);
      }
      return registrationsByMonth(db, { ...request.query, from, to });
    },
  );

  app.get(
    '/statistics/completeness',
    {
      config: { scope: MetricsScopes.read },
      schema: {
        tags: ['metrics'],
        summary: 'Completeness: events of a year registered, against the events expected, per area',
        querystring: z
          .object({
            eventType: EventType,
            year: Year.optional().describe('The year the events happened in (default: this year)'),
            areas: Areas,
          })
          .strict(),
        response: { 200: Completeness, ...refusals },
      },
    },
    async (request) => {
      const now = new Date();
      const { eventType, areas } = request.query;
      return completeness(db, { eventType, areas, year: request.query.year ?? now.getUTCFullYear(), now });
    },
  );

  app.get(
    '/statistics/estimates',
    {
      config: { scope: MetricsScopes.read },
      schema: {
        tags: ['metrics'],
        summary: 'The expected numbers of events per area in a year, that completeness is measured against',
        querystring: z.object({ eventType: EventType, year: Year }).strict(),
        response: { 200: Estimates, ...refusals },
      },
    },
    async (request) => ({ ...request.query, items: await listEstimates(db, request.query) }),
  );

  app.put(
    '/statistics/estimates',
    {
      config: { scope: MetricsScopes.estimates },
      schema: {
        tags: ['metrics'],
        summary: 'Set expected numbers of events per area for a year (null removes one); answers them all',
        body: z
          .object({
            eventType: EventType,
            year: Year,
            estimates: z
              .array(z.object({ area: AreaCode, expected: z.number().int().min(0).max(100_000_000).nullable() }))
              .min(1)
              .max(1000),
          })
          .strict(),
        response: { 200: Estimates, ...refusals },
      },
    },
    async (request) => {
      const { eventType, year, estimates } = request.body;
      await saveEstimates(db, { eventType, year, estimates, by: request.caller!.sub });
      return { eventType, year, items: await listEstimates(db, { eventType, year }) };
    },
  );
}

function monthsBefore(month: string, count: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const invalid = (field: string, detail: string) => new DomainError('VALIDATION_FAILED', detail, { field });
