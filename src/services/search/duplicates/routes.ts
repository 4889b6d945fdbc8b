/**
 * The side-by-side view of a record flagged as a potential duplicate: each likely duplicate with the two values of
 * every compared field, the level they agree at, its weight, and the probability of "the same person"; a hint where
 * relatives (twins, siblings) explain the pair better. The decision itself is a registry action (mark-duplicate,
 * mark-not-duplicate); this view only reads, and is audited.
 */
import { z } from 'zod';
import { appendAudit } from '../../../core/audit/append.js';
import { DomainError } from '../../../core/errors.js';
import { ProblemSchema } from '../../../core/http/problem.js';
import { may } from '../../../core/http/scopes.js';
import type { HttpApp } from '../../../core/http/server.js';
import { eventTypeAt } from '../event-types.js';
import { blockingKeys } from '../indexing/entry.js';
import type { SearchDb } from '../repository.js';
import { scoreAgainst } from './check.js';

/** Candidates shown: the likely duplicates, then near misses (twins, siblings) down to `LEAST`, at most `SHOWN`. */
const SHOWN = 10;
const LEAST = 0.01;

const ComparedField = z.object({
  field: z.string().describe('section.field'),
  method: z.string(),
  level: z.string().describe('How the two values agree: exact, jw>=0.92, year 1-3 off, different, missing, ...'),
  weight: z.number().describe('log2 of the evidence this field adds for "the same person" (negative: against)'),
  family: z.boolean().describe('A value relatives share: it cannot tell a duplicate from a sibling or twin'),
  values: z.tuple([z.unknown(), z.unknown()]).describe('This record’s value, then the candidate’s'),
});

const Comparison = z.object({
  recordId: z.uuid(),
  trackingId: z.string(),
  status: z.string(),
  threshold: z.number(),
  candidates: z.array(
    z.object({
      recordId: z.uuid(),
      trackingId: z.string(),
      status: z.string(),
      registrationNumber: z.string().nullable(),
      probability: z.number().describe('Probability that both records are the same person'),
      likelyDuplicate: z.boolean().describe('At or above the threshold'),
      likelyRelatives: z
        .boolean()
        .describe('Relatives (twins, siblings) explain the pair better than one person entered twice'),
      fields: z.array(ComparedField),
    }),
  ),
});

export function duplicateRoutes(app: HttpApp, db: SearchDb): void {
  app.get(
    '/search/duplicates/:recordId',
    {
      config: { scope: 'record.read' },
      schema: {
        tags: ['search'],
        summary: 'Compare a record side by side with its likely duplicates, field by field',
        params: z.object({ recordId: z.uuid() }),
        response: { 200: Comparison, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const caller = request.caller!;
      const row = await db
        .selectFrom('records')
        .selectAll()
        .where('record_id', '=', request.params.recordId)
        .executeTakeFirst();
      if (!row || !may(caller, 'record.read', { event: row.event_type, area: row.area_path, office: row.office })) {
        throw new DomainError(
          'SEARCH_RECORD_NOT_FOUND',
          `No record ${request.params.recordId} within your jurisdiction.`,
        );
      }
      const definition = await eventTypeAt(db, row.event_type);
      const threshold = definition?.deduplication?.threshold ?? 1;
      const candidates = definition?.deduplication
        ? await scoreAgainst(
            db,
            definition,
            { recordId: row.record_id, data: row.data },
            blockingKeys(definition, row.data),
          )
        : [];
      const shown = candidates.filter((candidate) => candidate.probability >= LEAST).slice(0, SHOWN);
      await appendAudit(db, {
        actor: caller.sub,
        actorRole: caller.role,
        action: 'record.compare-duplicates',
        subject: row.record_id,
        detail: { candidates: shown.map((candidate) => candidate.recordId) },
        requestId: request.id,
      });
      return {
        recordId: row.record_id,
        trackingId: row.tracking_id,
        status: row.status,
        threshold,
        candidates: shown.map((candidate) => ({
          ...candidate,
          likelyDuplicate: candidate.probability >= threshold,
          fields: candidate.fields.map((field) => ({ ...field, values: [...field.values] as [unknown, unknown] })),
        })),
      };
    },
  );
}
