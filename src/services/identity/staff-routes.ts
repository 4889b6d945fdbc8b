/**
 * Staff routes of identities (staff tokens and scopes): enrolment of adults and its duplicate reviews, reading an
 * identity and who verified it, virtual IDs, and the registration of relying parties.
 */
import { z } from 'zod';
import { ProblemSchema } from '../../core/http/problem.js';
import type { HttpApp } from '../../core/http/server.js';
import { decideEnrolment, enrolAdult, pendingReviews, type EnrolDeps } from './actions/enrol.js';
import {
  changePartnerPolicy,
  listAllPartners,
  PartnerPolicy,
  type PartnerChanged,
  registerPartner,
  revokePartner,
  rotatePartnerKey,
} from './actions/partners.js';
import { readIdentity, readVerifications } from './actions/read-identity.js';
import { createVid, revokeVirtualId, type VidDeps } from './actions/vids.js';
import type { IdentityDb } from './tables.js';

export interface StaffRoutesDeps {
  readonly db: IdentityDb;
  readonly enrol: EnrolDeps;
  readonly vids: VidDeps;
  /** Called once a partner's key, policy or standing changed (this node's partner cache forgets it). */
  readonly partnerChanged: PartnerChanged;
}

const refusals = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const Uin = z.object({ uin: z.string().min(1).max(40).describe('The UIN') });

const Enrolment = z
  .object({
    givenNames: z.string().trim().min(1).max(200),
    familyName: z.string().trim().min(1).max(100),
    birthDate: IsoDate,
    sex: z.enum(['female', 'male', 'unknown']),
    birthArea: z.string().min(1).max(100).optional().describe('The area code of the place of birth, when known'),
    phone: z
      .string()
      .regex(/^\+[1-9][0-9]{6,14}$/, 'use the international form +...')
      .optional(),
    email: z.email().optional(),
    motherUin: z.string().regex(/^\d+$/).optional(),
    fatherUin: z.string().regex(/^\d+$/).optional(),
  })
  .strict();

const Partner = z.object({
  id: z.uuid(),
  name: z.string(),
  policy: PartnerPolicy,
  createdAt: z.iso.datetime(),
  keyRotatedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
const PartnerWithKey = Partner.extend({ apiKey: z.string().describe('Shown this once: store it now') });

const Vid = z.object({
  vid: z.string(),
  type: z.enum(['perpetual', 'temporary', 'one-time']),
  expiresAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  usedAt: z.iso.datetime().nullable(),
});

const Verification = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  type: z.string(),
  result: z.string(),
  reason: z.string().nullable(),
  idKind: z.string().describe('uin or vid: which kind of number the relying party gave'),
  partner: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('null: the person themselves'),
});

export function staffRoutes(app: HttpApp, deps: StaffRoutesDeps): void {
  const acting = (request: { caller?: unknown; id: string }) => ({
    caller: request.caller as NonNullable<import('fastify').FastifyRequest['caller']>,
    requestId: request.id,
  });

  app.post(
    '/identities',
    {
      config: { scope: 'identity.enrol' },
      schema: {
        tags: ['identity'],
        summary: 'Enrol an adult not born in the registry: issues a UIN, or holds a likely duplicate for review',
        body: Enrolment,
        response: {
          201: z.object({ status: z.literal('issued'), identityId: z.uuid(), uin: z.string() }),
          202: z.object({ status: z.literal('review'), reviewId: z.uuid(), candidates: z.number().int() }),
          ...refusals,
        },
      },
    },
    async (request, reply) => {
      const outcome = await enrolAdult(deps.enrol, acting(request), request.body);
      return outcome.status === 'issued' ? reply.status(201).send(outcome) : reply.status(202).send(outcome);
    },
  );

  app.get(
    '/identities/reviews',
    {
      config: { scope: 'identity.review' },
      schema: {
        tags: ['identity'],
        summary: 'Enrolments held as likely duplicates, waiting for a decision (oldest first)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                status: z.string(),
                enrolment: Enrolment.extend({ sex: z.string() }),
                candidates: z.array(z.object({ identityId: z.uuid(), score: z.number() })),
                createdAt: z.iso.datetime(),
                decidedAt: z.iso.datetime().nullable(),
                reason: z.string().nullable(),
                identityId: z.uuid().nullable(),
              }),
            ),
          }),
          ...refusals,
        },
      },
    },
    async (request) => ({ items: await pendingReviews(deps.db, acting(request)) }),
  );

  app.post(
    '/identities/reviews/:id',
    {
      config: { scope: 'identity.review' },
      schema: {
        tags: ['identity'],
        summary: 'Decide a held enrolment: a duplicate (no UIN) or not a duplicate (the UIN is issued)',
        params: z.object({ id: z.string() }),
        body: z
          .object({
            decision: z.enum(['duplicate', 'not-duplicate']),
            reason: z.string().trim().min(1).max(1000),
            duplicateOf: z.uuid().optional().describe('The candidate identity it duplicates (default: the best)'),
          })
          .strict(),
        response: {
          200: z.object({
            id: z.uuid(),
            status: z.enum(['duplicate', 'not-duplicate']),
            identityId: z.uuid(),
            uin: z.string().nullable().describe('The UIN issued (not a duplicate); null for a duplicate'),
          }),
          ...refusals,
        },
      },
    },
    async (request) => decideEnrolment(deps.enrol, acting(request), request.params.id, request.body),
  );

  app.get(
    '/identities/:uin',
    {
      config: { scope: 'identity.read' },
      schema: {
        tags: ['identity'],
        summary: 'An identity: demographics and their history, status, parents, contact, virtual IDs (audited)',
        params: Uin,
        response: { 200: z.record(z.string(), z.unknown()), ...refusals },
      },
    },
    async (request) => readIdentity(deps.db, acting(request), request.params.uin),
  );

  app.get(
    '/identities/:uin/verifications',
    {
      config: { scope: 'identity.read' },
      schema: {
        tags: ['identity'],
        summary: 'Who verified this identity, when, how and with what result, newest first (audited)',
        params: Uin,
        response: { 200: z.object({ items: z.array(Verification) }), ...refusals },
      },
    },
    async (request) => ({ items: await readVerifications(deps.db, acting(request), request.params.uin) }),
  );

  app.post(
    '/identities/:uin/vids',
    {
      config: { scope: 'identity.vid.manage' },
      schema: {
        tags: ['identity'],
        summary: 'Make a virtual ID for an identity: perpetual, temporary (expires) or one-time',
        params: Uin,
        body: z
          .object({
            type: z.enum(['perpetual', 'temporary', 'one-time']),
            expiresInMinutes: z.number().int().positive().optional().describe('Temporary only; at most the default'),
          })
          .strict(),
        response: { 201: Vid, ...refusals },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createVid(deps.vids, acting(request), request.params.uin, request.body)),
  );

  app.post(
    '/identities/:uin/vids/:vid/revoke',
    {
      config: { scope: 'identity.vid.manage' },
      schema: {
        tags: ['identity'],
        summary: 'Revoke a virtual ID: it verifies no more, and its number is never given again',
        params: Uin.extend({ vid: z.string() }),
        response: { 200: Vid, ...refusals },
      },
    },
    async (request) => revokeVirtualId(deps.vids, acting(request), request.params.uin, request.params.vid),
  );

  const PartnerId = z.object({ id: z.string().describe('The partner id') });

  app.post(
    '/identity/partners',
    {
      config: { scope: 'identity.partner.manage' },
      schema: {
        tags: ['identity'],
        summary: 'Register a relying party with its policy; answers its API key, shown this once',
        body: z.object({ name: z.string().trim().min(1).max(200), policy: PartnerPolicy }).strict(),
        response: { 201: PartnerWithKey, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await registerPartner(deps.db, acting(request), request.body)),
  );

  app.get(
    '/identity/partners',
    {
      config: { scope: 'identity.partner.manage' },
      schema: {
        tags: ['identity'],
        summary: 'The relying parties, with their policies (never their keys)',
        response: { 200: z.object({ items: z.array(Partner) }), ...refusals },
      },
    },
    async () => ({ items: await listAllPartners(deps.db) }),
  );

  app.put(
    '/identity/partners/:id/policy',
    {
      config: { scope: 'identity.partner.manage' },
      schema: {
        tags: ['identity'],
        summary: "Change a relying party's policy",
        description: 'Applies at once on this node, and on every other node within identity.partnerCacheSeconds.',
        params: PartnerId,
        body: PartnerPolicy,
        response: { 200: Partner, ...refusals },
      },
    },
    async (request) =>
      changePartnerPolicy(deps.db, acting(request), request.params.id, request.body, deps.partnerChanged),
  );

  app.post(
    '/identity/partners/:id/rotate-key',
    {
      config: { scope: 'identity.partner.manage' },
      schema: {
        tags: ['identity'],
        summary: 'A new API key for a relying party (shown this once); the old key stops working at once',
        description:
          'The old key is refused at once by this node, and by every other node within identity.partnerCacheSeconds.',
        params: PartnerId,
        response: { 200: PartnerWithKey, ...refusals },
      },
    },
    async (request) => rotatePartnerKey(deps.db, acting(request), request.params.id, deps.partnerChanged),
  );

  app.post(
    '/identity/partners/:id/revoke',
    {
      config: { scope: 'identity.partner.manage' },
      schema: {
        tags: ['identity'],
        summary: 'Revoke a relying party: its key stops working at once',
        description:
          'The key is refused at once by this node, and by every other node within identity.partnerCacheSeconds.',
        params: PartnerId,
        response: { 200: Partner, ...refusals },
      },
    },
    async (request) => revokePartner(deps.db, acting(request), request.params.id, deps.partnerChanged),
  );
}
