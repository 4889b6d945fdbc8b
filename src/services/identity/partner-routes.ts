/**
 * The verification API of relying parties: authenticated by the partner's API key (`x-api-key` or
 * `Authorization: ApiKey ...`), not by staff tokens, so the routes are PUBLIC to the token check and check the key
 * themselves before the body is read. And the person's own view of who verified them, with a code sent to them.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PUBLIC } from '../../core/http/access.js';
import { ProblemSchema } from '../../core/http/problem.js';
import type { RateLimiter } from '../../core/http/rate-limit.js';
import type { HttpApp } from '../../core/http/server.js';
import { authenticatePartner } from './actions/partners.js';
import { verificationsOf } from './actions/read-identity.js';
import {
  ekyc,
  ownVerifications,
  requestOtp,
  verifyDemographics,
  verifyOtp,
  type VerifyDeps,
} from './actions/verify.js';
import type { PartnerCache } from './partner-cache.js';
import { EKYC_ATTRIBUTES } from './tables.js';
import type { PartnerRow } from './verification-repository.js';

export interface PartnerRoutesDeps {
  readonly verify: VerifyDeps;
  /** Partners by API key hash, kept for identity.partnerCacheSeconds. */
  readonly partners: PartnerCache;
  /** Per partner: identity.partnerRatePerMinute. */
  readonly partnerLimiter: RateLimiter;
  /** Per network address, for the self-service routes. */
  readonly selfLimiter: RateLimiter;
}

const refusals = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  409: ProblemSchema,
  429: ProblemSchema,
};
const IndividualId = z.string().trim().min(1).max(40).describe('A UIN or a VID (told apart by their lengths)');
const MatchTypeSchema = z.enum(['exact', 'partial', 'phonetic']);
const FieldAnswer = z.object({ match: z.boolean(), matchType: MatchTypeSchema.nullable() });
const Reason = z
  .string()
  .optional()
  .describe('Why not: unknown, deactivated, vid-revoked, vid-expired, vid-used, otp-wrong, otp-expired, otp-attempts');
const OtpAnswer = {
  individualId: IndividualId,
  transactionId: z.string().max(64).describe('The transactionId the otp request answered'),
  otp: z.string().regex(/^\d{6}$/, 'six digits'),
};
const Security = [{ apiKey: [] }];

export function partnerRoutes(app: HttpApp, deps: PartnerRoutesDeps): void {
  const partners = new WeakMap<FastifyRequest, PartnerRow>();
  const partnerOf = (request: FastifyRequest) => partners.get(request)!;
  // Before the body is read, as the token check of staff routes: no key, no answer.
  const byPartner = {
    config: { scope: PUBLIC },
    onRequest: async (request: FastifyRequest) => {
      partners.set(request, await authenticatePartner(deps.partners, deps.partnerLimiter, request));
    },
  };

  app.post(
    '/identity/verify/demographic',
    {
      ...byPartner,
      schema: {
        tags: ['identity verification'],
        summary: 'Does this UIN or VID belong to a person with these details? Yes or no per field, never the values',
        description:
          'Give any of name (full), givenNames, familyName, birthDate, sex; `matchType` (exact by default, partial or ' +
          'phonetic if the policy allows) sets how lenient name matching is. `match` is true only if every field ' +
          'given matches. A deactivated identity answers no with reason `deactivated`. Authenticate with the API key.',
        security: Security,
        body: z
          .object({
            individualId: IndividualId,
            name: z.string().max(300).optional(),
            givenNames: z.string().max(200).optional(),
            familyName: z.string().max(100).optional(),
            birthDate: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
              .optional(),
            sex: z.string().max(20).optional(),
            matchType: MatchTypeSchema.optional(),
          })
          .strict(),
        response: {
          200: z.object({
            transactionId: z.uuid(),
            match: z.boolean(),
            reason: Reason,
            fields: z.object({
              name: FieldAnswer.optional(),
              givenNames: FieldAnswer.optional(),
              familyName: FieldAnswer.optional(),
              birthDate: FieldAnswer.optional(),
              sex: FieldAnswer.optional(),
            }),
          }),
          ...refusals,
        },
      },
    },
    async (request) => verifyDemographics(deps.verify, partnerOf(request), request.body),
  );

  app.post(
    '/identity/otp',
    {
      ...byPartner,
      schema: {
        tags: ['identity verification'],
        summary: "Send a 6-digit code to the person's phone or e-mail on record, to verify them or as e-KYC consent",
        security: Security,
        body: z.object({ individualId: IndividualId }).strict(),
        response: {
          200: z.object({
            transactionId: z.uuid(),
            sent: z.boolean(),
            reason: Reason,
            channel: z.enum(['sms', 'email']).optional(),
            maskedTo: z.string().optional().describe('The contact, mostly hidden, to tell the person where to look'),
            expiresAt: z.iso.datetime().optional(),
          }),
          ...refusals,
        },
      },
    },
    async (request) => requestOtp(deps.verify, partnerOf(request), request.body.individualId, request.id),
  );

  app.post(
    '/identity/verify/otp',
    {
      ...byPartner,
      schema: {
        tags: ['identity verification'],
        summary: 'Check the code the person received: proves they hold the contact on record',
        security: Security,
        body: z.object(OtpAnswer).strict(),
        response: {
          200: z.object({ transactionId: z.uuid(), verified: z.boolean(), reason: Reason }),
          ...refusals,
        },
      },
    },
    async (request) => verifyOtp(deps.verify, partnerOf(request), request.body),
  );

  app.post(
    '/identity/verify/ekyc',
    {
      ...byPartner,
      schema: {
        tags: ['identity verification'],
        summary: "With the person's code as consent, the attributes the partner's policy allows",
        security: Security,
        body: z.object({ ...OtpAnswer, attributes: z.array(z.enum(EKYC_ATTRIBUTES)).optional() }).strict(),
        response: {
          200: z.object({
            transactionId: z.uuid(),
            verified: z.boolean(),
            reason: Reason,
            attributes: z.record(z.string(), z.unknown()),
          }),
          ...refusals,
        },
      },
    },
    async (request) => ekyc(deps.verify, partnerOf(request), request.body),
  );

  const self = {
    config: { scope: PUBLIC },
    onRequest: async (request: FastifyRequest) => deps.selfLimiter.take(request.ip, 'from this address'),
  };

  app.post(
    '/identity/self/otp',
    {
      ...self,
      schema: {
        tags: ['identity verification'],
        summary: 'A person asks for a code to their own contact on record, to see who verified them',
        body: z.object({ individualId: IndividualId }).strict(),
        response: {
          200: z.object({
            transactionId: z.uuid(),
            sent: z.boolean(),
            reason: Reason,
            channel: z.enum(['sms', 'email']).optional(),
            maskedTo: z.string().optional(),
            expiresAt: z.iso.datetime().optional(),
          }),
          ...refusals,
        },
      },
    },
    async (request) => requestOtp(deps.verify, null, request.body.individualId, request.id),
  );

  app.post(
    '/identity/self/verifications',
    {
      ...self,
      schema: {
        tags: ['identity verification'],
        summary: 'With the code they received, the person sees who verified them, when and how',
        body: z.object(OtpAnswer).strict(),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                at: z.iso.datetime(),
                type: z.string(),
                result: z.string(),
                reason: z.string().nullable(),
                idKind: z.string(),
                partner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
              }),
            ),
          }),
          ...refusals,
        },
      },
    },
    async (request) => ({
      items: await verificationsOf(deps.verify.db, await ownVerifications(deps.verify, request.body)),
    }),
  );
}
