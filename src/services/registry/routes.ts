/** HTTP routes of the registry: records, their actions and history, and the workqueues. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { appendAudit } from '../../core/audit/append.js';
import { DomainError } from '../../core/errors.js';
import { ProblemSchema } from '../../core/http/problem.js';
import { grantsOf, may, type Caller } from '../../core/http/scopes.js';
import type { DuplicateChecker } from './duplicates.js';
import type { HttpApp } from '../../core/http/server.js';
import { act, fieldNames, recordView, targetOf, type ActInput, type Acting } from './actions/act.js';
import { createRecord } from './actions/create-record.js';
import { idempotently, type Answer } from './idempotency.js';
import type { ActionType } from './record-state.js';
import {
  actionsOf,
  findRecord,
  identityNumberOf,
  findDraft,
  findRecordByTrackingId,
  listRecords,
  saveDraft,
  stateOf,
  type QueueFilter,
  type RecordRow,
  type RegistryDb,
} from './repository.js';
import { readTrackingId } from './tracking-id.js';

const Declaration = z
  .record(z.string(), z.record(z.string(), z.unknown()))
  .describe('Section → field → value, as the event type’s form defines');
const RecordView = z.object({
  id: z.uuid(),
  trackingId: z.string(),
  eventType: z.string(),
  formVersion: z.number().int(),
  status: z.string(),
  flags: z.array(z.string()).describe('INCOMPLETE, POTENTIAL_DUPLICATE, CORRECTION_REQUESTED, PRINTED'),
  version: z.number().int().describe('Quote it in the next action: a stale version is refused with 409'),
  registrationNumber: z.string().nullable(),
  assignedTo: z.string().nullable(),
  area: z.string().nullable(),
  areaPath: z.array(z.string()),
  office: z.string().nullable(),
  data: Declaration,
  pendingCorrection: z.object({ data: Declaration, reason: z.string() }).nullable(),
  rejectionReason: z.string().nullable(),
  duplicates: z
    .array(z.object({ recordId: z.uuid(), trackingId: z.string(), probability: z.number() }))
    .describe('Likely duplicates to review (POTENTIAL_DUPLICATE); compare them at /search/duplicates/{id}'),
  customActions: z.array(z.string()),
  identityNumber: z
    .string()
    .nullable()
    .optional()
    .describe('The UIN the identity service issued to the subject (a registered birth), once it has'),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
});
const RecordId = z.object({ id: z.uuid() });
const QueueItem = RecordView.pick({
  id: true,
  trackingId: true,
  eventType: true,
  status: true,
  flags: true,
  version: true,
  registrationNumber: true,
  assignedTo: true,
  area: true,
  office: true,
  createdAt: true,
}).extend({ updatedAt: z.iso.datetime() });

/** A queue entry, from the records table alone (one query for a page); GET the record for the rest. */
function queueItem(row: RecordRow): z.infer<typeof QueueItem> {
  return {
    id: row.id,
    trackingId: row.tracking_id,
    eventType: row.event_type,
    status: row.status,
    flags: [
      ...(row.incomplete ? ['INCOMPLETE'] : []),
      ...(row.potential_duplicate ? ['POTENTIAL_DUPLICATE'] : []),
      ...(row.correction_requested ? ['CORRECTION_REQUESTED'] : []),
      ...(row.certificates_printed > 0 ? ['PRINTED'] : []),
    ],
    version: row.version,
    registrationNumber: row.registration_number,
    assignedTo: row.assigned_to,
    area: row.area_code,
    office: row.office,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
const refusals = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};

/** The actions with a route each, its path, and the scope its route declares (the rules in act.ts decide the rest). */
const ACTION_ROUTES: ReadonlyArray<{ path: string; type: Exclude<ActionType, 'CREATE' | 'CUSTOM'>; scope: string }> = [
  { path: 'declare', type: 'DECLARE', scope: 'record.declare' },
  { path: 'validate', type: 'VALIDATE', scope: 'record.validate' },
  { path: 'register', type: 'REGISTER', scope: 'record.register' },
  { path: 'reject', type: 'REJECT', scope: 'record.validate' },
  { path: 'archive', type: 'ARCHIVE', scope: 'record.archive' },
  { path: 'mark-duplicate', type: 'MARK_DUPLICATE', scope: 'record.register' },
  { path: 'mark-not-duplicate', type: 'MARK_NOT_DUPLICATE', scope: 'record.register' },
  { path: 'print-certificate', type: 'PRINT_CERTIFICATE', scope: 'record.print' },
  { path: 'request-correction', type: 'REQUEST_CORRECTION', scope: 'record.correct' },
  { path: 'approve-correction', type: 'APPROVE_CORRECTION', scope: 'record.correct.approve' },
  { path: 'reject-correction', type: 'REJECT_CORRECTION', scope: 'record.correct.approve' },
  { path: 'assign', type: 'ASSIGN', scope: 'record.read' },
  { path: 'unassign', type: 'UNASSIGN', scope: 'record.read' },
];

const ActionBody = z
  .object({
    version: z.number().int().positive().describe('The record version you last read'),
    data: Declaration.optional().describe('Declaration fields (declare, validate with changes, request-correction)'),
    incomplete: z.boolean().optional().describe('declare: send it on purpose without every required field'),
    reason: z.string().trim().max(2000).optional(),
    collector: z
      .object({
        type: z.string().trim().min(1).max(50).describe('e.g. mother, father, informant, other'),
        name: z.string().trim().min(1).max(200),
        idType: z.string().trim().max(50).optional(),
        idNumber: z.string().trim().max(50).optional(),
      })
      .strict()
      .optional()
      .describe('print-certificate: who collects the certificate'),
  })
  .strict();

/** Workqueues: what a user's desk shows, each within the caller's jurisdiction. */
const QUEUES = {
  'in-progress': { statuses: ['DRAFT'], mine: true },
  'ready-for-review': { statuses: ['DECLARED', 'VALIDATED'] },
  'requires-updates': { statuses: ['REJECTED'] },
  'ready-to-print': { statuses: ['REGISTERED'], printed: false },
  'assigned-to-me': { assigned: true },
  'sent-for-approval': { statuses: ['REGISTERED'], correctionRequested: true },
} as const satisfies Record<
  string,
  { statuses?: readonly string[]; mine?: true; printed?: false; assigned?: true; correctionRequested?: true }
>;

function acting(request: FastifyRequest): Acting {
  return { caller: request.caller!, requestId: request.id };
}

async function send<T>(reply: FastifyReply, answer: Answer<T>) {
  if (answer.replayed) void reply.header('idempotent-replayed', 'true');
  return reply.status(answer.status).send(answer.body);
}

/** Which records a list may show: `withinArea` and `eventTypes` as a workqueue filters them; {} for all. */
export interface Readable {
  readonly withinArea?: string;
  readonly eventTypes?: readonly string[];
}

/**
 * The records the caller may read, as one list filter: {} for all, null for none. Each `record.read` grant becomes
 * an area (`my-jurisdiction` is the caller's office's area) and event types; a grant with another condition, or
 * with several areas, cannot be one filter and lists nothing (its records still open one by one). Grants on one
 * area join their event types; of grants on different areas, the first is listed (never more than any one allows).
 */
export function readableFilter(caller: Caller): Readable | null {
  if (may(caller, 'record.read', {})) return {};
  const grants: Readable[] = [];
  for (const grant of grantsOf(caller, 'record.read')) {
    const areas = grant.conditions.get('area');
    const events = grant.conditions.get('event');
    if ([...grant.conditions.keys()].some((key) => key !== 'area' && key !== 'event')) continue;
    if (areas && areas.length !== 1) continue;
    const area = areas?.[0] === 'my-jurisdiction' ? caller.jurisdiction[0] : areas?.[0];
    if (areas && area === undefined) continue;
    grants.push({ ...(area !== undefined ? { withinArea: area } : {}), ...(events ? { eventTypes: events } : {}) });
  }
  const [first] = grants;
  if (!first) return null;
  const sameArea = grants.filter((grant) => grant.withinArea === first.withinArea);
  if (sameArea.some((grant) => !grant.eventTypes)) return first.withinArea ? { withinArea: first.withinArea } : {};
  const eventTypes = [...new Set(sameArea.flatMap((grant) => grant.eventTypes!))];
  return { ...(first.withinArea ? { withinArea: first.withinArea } : {}), eventTypes };
}

/** The record, if the caller may read it; every read of one is audited. */
async function readable(
  db: RegistryDb,
  request: FastifyRequest,
  row: RecordRow | undefined,
  what: string,
  action = 'record.read',
) {
  const caller = request.caller!;
  if (!row || !may(caller, 'record.read', targetOf(row))) {
    throw new DomainError('REGISTRY_RECORD_NOT_FOUND', `No record ${what} within your jurisdiction.`);
  }
  await appendAudit(db, { actor: caller.sub, actorRole: caller.role, action, subject: row.id, requestId: request.id });
  return { ...recordView(row, await stateOf(db, row)), identityNumber: await identityNumberOf(db, row.id) };
}

export function registryRoutes(app: HttpApp, db: RegistryDb, findDuplicates?: DuplicateChecker): void {
  app.post(
    '/records',
    {
      config: { scope: 'record.declare' },
      schema: {
        tags: ['records'],
        summary: 'Start a record (a draft) of a life event; it gets its tracking ID',
        description: 'Send an `Idempotency-Key` header: a retry then answers the same record, never a second one.',
        body: z.object({ eventType: z.string().min(1).max(32).describe('e.g. birth, death, marriage') }).strict(),
        response: { 201: RecordView, ...refusals },
      },
    },
    async (request, reply) =>
      send(
        reply,
        await idempotently(db, request, async (tx) => ({
          status: 201,
          body: await createRecord(tx, acting(request), request.body),
        })),
      ),
  );

  for (const route of ACTION_ROUTES) {
    app.post(
      `/records/:id/${route.path}`,
      {
        config: { scope: route.scope },
        schema: {
          tags: ['records'],
          summary: `${route.type} the record`,
          params: RecordId,
          body: ActionBody,
          response: { 200: RecordView, ...refusals },
        },
      },
      async (request, reply) => {
        // Declaring and validating look for likely duplicates first, outside the action's transaction.
        const duplicates =
          findDuplicates && (route.type === 'DECLARE' || route.type === 'VALIDATE')
            ? await findDuplicates(db, request.params.id, request.body)
            : undefined;
        return send(
          reply,
          await idempotently(db, request, async (tx) => {
            const input: ActInput = { ...request.body, type: route.type, duplicates };
            return { status: 200, body: (await act(tx, acting(request), request.params.id, input)).record };
          }),
        );
      },
    );
  }

  app.post(
    '/records/:id/actions/:action',
    {
      // The scope of a custom action is configuration: the handler checks it; reading the record is the door.
      config: { scope: 'record.read' },
      schema: {
        tags: ['records'],
        summary: 'A custom action the event type configures (e.g. approve-late-registration)',
        params: RecordId.extend({ action: z.string().regex(/^[a-z][a-z0-9-]*$/) }),
        body: ActionBody,
        response: { 200: RecordView, ...refusals },
      },
    },
    async (request, reply) =>
      send(
        reply,
        await idempotently(db, request, async (tx) => {
          const input: ActInput = { ...request.body, type: 'CUSTOM', customAction: request.params.action };
          return { status: 200, body: (await act(tx, acting(request), request.params.id, input)).record };
        }),
      ),
  );

  app.put(
    '/records/:id/draft',
    {
      config: { scope: 'record.declare' },
      schema: {
        tags: ['records'],
        summary: 'Save what you have typed so far into a record not yet declared (yours only; replaced on each save)',
        params: RecordId,
        body: z.object({ data: Declaration }).strict(),
        response: { 200: z.object({ savedAt: z.iso.datetime() }), ...refusals },
      },
    },
    async (request) => {
      const caller = request.caller!;
      const row = await findRecord(db, request.params.id);
      const state = row && (await stateOf(db, row));
      if (!row || !state || state.createdBy !== caller.sub) {
        throw new DomainError('REGISTRY_RECORD_NOT_FOUND', `No draft of yours is record ${request.params.id}.`);
      }
      if (state.status !== 'DRAFT' && state.status !== 'REJECTED') {
        throw new DomainError('REGISTRY_WRONG_STATUS', `A ${state.status} record has no draft any more.`);
      }
      await db.transaction().execute(async (tx) => {
        await saveDraft(tx, row.id, caller.sub, request.body.data);
        await appendAudit(tx, {
          actor: caller.sub,
          actorRole: caller.role,
          action: 'record.save-draft',
          subject: row.id,
          detail: { fields: fieldNames(request.body.data) },
          requestId: request.id,
        });
      });
      return { savedAt: new Date().toISOString() };
    },
  );

  app.get(
    '/records/:id/draft',
    {
      config: { scope: 'record.declare' },
      schema: {
        tags: ['records'],
        summary: 'Your saved draft of a record',
        params: RecordId,
        response: { 200: z.object({ data: Declaration, savedAt: z.iso.datetime() }), ...refusals },
      },
    },
    async (request) => {
      const draft = await findDraft(db, request.params.id);
      if (!draft || draft.user_id !== request.caller!.sub) {
        throw new DomainError('REGISTRY_RECORD_NOT_FOUND', `No draft of yours is record ${request.params.id}.`);
      }
      return { data: draft.data, savedAt: draft.saved_at.toISOString() };
    },
  );

  app.get(
    '/records/:id',
    {
      config: { scope: 'record.read' },
      schema: { tags: ['records'], summary: 'A record', params: RecordId, response: { 200: RecordView, ...refusals } },
    },
    async (request) => readable(db, request, await findRecord(db, request.params.id), request.params.id),
  );

  app.get(
    '/records/by-tracking-id/:trackingId',
    {
      config: { scope: 'record.read' },
      schema: {
        tags: ['records'],
        summary: 'A record by its tracking ID (typing mistakes are caught by its check character)',
        params: z.object({ trackingId: z.string().max(20) }),
        response: { 200: RecordView, ...refusals },
      },
    },
    async (request) => {
      const read = readTrackingId(request.params.trackingId);
      if (!read.ok) {
        throw new DomainError('VALIDATION_FAILED', `params.trackingId: ${read.reason}`, {
          field: 'params.trackingId',
        });
      }
      return readable(db, request, await findRecordByTrackingId(db, read.id), read.id);
    },
  );

  app.get(
    '/records/:id/history',
    {
      config: { scope: 'record.read' },
      schema: {
        tags: ['records'],
        summary: 'Who did what to the record, and when: its actions in order',
        params: RecordId,
        response: {
          200: z.array(
            z.object({
              seq: z.number().int(),
              type: z.string(),
              at: z.iso.datetime(),
              userId: z.string(),
              role: z.string(),
              office: z.string().nullable(),
              data: Declaration.optional(),
              reason: z.string().optional(),
              details: z.record(z.string(), z.unknown()).optional(),
            }),
          ),
          ...refusals,
        },
      },
    },
    async (request) => {
      await readable(db, request, await findRecord(db, request.params.id), request.params.id, 'record.read-history');
      return actionsOf(db, request.params.id);
    },
  );

  app.get(
    '/workqueues/:queue',
    {
      config: { scope: 'record.read' },
      schema: {
        tags: ['records'],
        summary: 'A workqueue, within your jurisdiction, most recently changed first',
        params: z.object({ queue: z.enum(Object.keys(QUEUES) as [keyof typeof QUEUES]) }),
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          })
          .strict(),
        response: {
          200: z.object({ items: z.array(QueueItem), total: z.number().int() }),
          ...refusals,
        },
      },
    },
    async (request) => {
      const caller = request.caller!;
      const readable = readableFilter(caller);
      if (readable === null) return { items: [], total: 0 };
      const queue: (typeof QUEUES)[keyof typeof QUEUES] = QUEUES[request.params.queue];
      const filter: QueueFilter = {
        ...('statuses' in queue ? { statuses: queue.statuses } : {}),
        ...('mine' in queue ? { createdBy: caller.sub } : {}),
        ...('assigned' in queue ? { assignedTo: caller.sub } : {}),
        ...('printed' in queue ? { printed: false } : {}),
        ...('correctionRequested' in queue ? { flags: { correctionRequested: true } } : {}),
        ...readable,
        limit: request.query.limit,
        offset: request.query.offset,
      };
      const { rows, total } = await listRecords(db, filter);
      return { items: rows.map(queueItem), total };
    },
  );
}
