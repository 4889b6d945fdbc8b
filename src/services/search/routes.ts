/**
 * HTTP routes of the search service: the quick search (one box) and the advanced search (criteria). Both answer
 * only records the caller's `record.read` scope allows, and each search is audited: who searched, what kind of
 * query and how many results, never the query itself (it is personal data).
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { appendAudit } from '../../core/audit/append.js';
import { ProblemSchema } from '../../core/http/problem.js';
import type { HttpApp } from '../../core/http/server.js';
import type { ServiceContext } from '../../core/service.js';
import { advancedSearch } from './queries/advanced-search.js';
import { quickSearch } from './queries/quick-search.js';
import { MOST_COUNTED, SORT_ORDERS } from './queries/result-page.js';
import type { SearchDb, SearchTables } from './repository.js';

const refusals = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema };

const Paging = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
};

const SearchResults = z.object({
  total: z
    .number()
    .int()
    .describe(
      `How many records match, within your jurisdiction; counted up to ${MOST_COUNTED} (see totalIsLowerBound)`,
    ),
  totalIsLowerBound: z
    .boolean()
    .describe(
      `True when more than ${MOST_COUNTED} match: total is then ${MOST_COUNTED} and means "${MOST_COUNTED} or more"`,
    ),
  items: z.array(
    z.object({
      recordId: z.uuid(),
      trackingId: z.string(),
      eventType: z.string(),
      status: z.string(),
      registrationNumber: z.string().nullable(),
      area: z.string().nullable(),
      office: z.string().nullable(),
      eventDate: z.string().nullable().describe('The date of the event (birth, death), YYYY-MM-DD'),
      registeredAt: z.iso.datetime().nullable(),
      flags: z.array(z.string()).describe('POTENTIAL_DUPLICATE'),
      score: z.number().nullable().describe('How well the names matched: 1 per name typed exactly, less for variants'),
      names: z.record(z.string(), z.string()).describe("Who the record names, by role: { child: 'Ada Mwale' }"),
    }),
  ),
});

const DateRange = z
  .object({ from: z.iso.date().optional(), to: z.iso.date().optional() })
  .strict()
  .describe('Inclusive dates, YYYY-MM-DD');
const Role = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]*$/)
  .max(40);
const NameText = z.string().trim().min(1).max(200);

const AdvancedQuery = z
  .object({
    eventType: z.string().min(1).max(32).optional(),
    status: z
      .array(
        z
          .string()
          .regex(/^[A-Z_]+$/)
          .max(30),
      )
      .max(10)
      .optional(),
    names: z
      .array(
        z
          .object({
            role: Role.describe('The form section: child, deceased, mother, father, informant, spouse'),
            name: NameText.optional().describe('Any of the names, in any order'),
            given: NameText.optional(),
            family: NameText.optional(),
          })
          .strict()
          .refine((criterion) => criterion.name ?? criterion.given ?? criterion.family, 'give name, given or family'),
      )
      .max(6)
      .optional(),
    eventDate: DateRange.optional().describe('The date of birth or death'),
    registeredAt: DateRange.optional(),
    declaredAt: DateRange.optional(),
    area: z.string().min(1).max(40).optional().describe('An area code: records in it or in an area below it'),
    office: z.string().min(1).max(40).optional(),
    potentialDuplicate: z.boolean().optional(),
    sort: z.enum(SORT_ORDERS).default('relevance'),
    ...Paging,
  })
  .strict();

export function searchRoutes(app: HttpApp, context: ServiceContext<SearchTables>): void {
  const db = context.db as SearchDb;

  app.get(
    '/search',
    {
      config: { scope: 'record.read' },
      schema: {
        tags: ['search'],
        summary: 'Quick search: a tracking ID, registration number, identity or phone number, or a name',
        description:
          'Names tolerate typing errors, phonetic variants, accents, swapped given and family names and missing ' +
          'middle names; records matching every word come first, exact spellings before variants, newest first.',
        querystring: z.object({ q: z.string().trim().min(1).max(200), ...Paging }).strict(),
        response: { 200: SearchResults, ...refusals },
      },
    },
    async (request) => {
      const { kind, page } = await quickSearch(db, request.caller!, request.query);
      await audit(db, request, { kind, results: page.total });
      return page;
    },
  );

  app.post(
    '/search/records',
    {
      config: { scope: 'record.read' },
      schema: {
        tags: ['search'],
        summary: 'Advanced search: by event, status, names by role, dates, area, office and flags',
        body: AdvancedQuery,
        response: { 200: SearchResults, ...refusals },
      },
    },
    async (request) => {
      const { status, ...criteria } = request.body;
      const page = await advancedSearch(db, request.caller!, { ...criteria, ...(status ? { statuses: status } : {}) });
      await audit(db, request, {
        kind: 'advanced',
        criteria: Object.keys(request.body).filter((key) => !['sort', 'limit', 'offset'].includes(key)),
        roles: (request.body.names ?? []).map((criterion) => criterion.role),
        results: page.total,
      });
      return page;
    },
  );
}

/** One audit entry per search: what kind of search and how many records it found, never what was typed. */
async function audit(db: SearchDb, request: FastifyRequest, detail: Record<string, string | number | string[]>) {
  const caller = request.caller!;
  await appendAudit(db, {
    actor: caller.sub,
    actorRole: caller.role,
    action: 'record.search',
    subject: 'records',
    detail,
    requestId: request.id,
  });
}
