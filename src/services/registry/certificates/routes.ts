/**
 * HTTP routes of certificates: printing one or a batch (PDF), and, outside /api/v1 and for anyone, verifying a
 * certificate's code and the public keys that let anyone verify offline.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PUBLIC } from '../../../core/http/access.js';
import { ProblemSchema } from '../../../core/http/problem.js';
import { rateLimiter, type RateLimiter } from '../../../core/http/rate-limit.js';
import type { HttpApp } from '../../../core/http/server.js';
import type { ServiceContext } from '../../../core/service.js';
import type { Acting } from '../actions/act.js';
import type { RegistryDb, RegistryTables } from '../repository.js';
import { certificateKeys, type CertificateKeys } from './keys.js';
import { printCertificates } from './print.js';
import { NOT_GENUINE, verifyCertificate } from './verify.js';

/** Verifications one network address may ask for per minute: plenty for a clerk at a desk, slow for a crawler. */
const VERIFICATIONS_PER_MINUTE = 60;
export const MAX_BATCH = 500;

export interface CertificateDeps {
  readonly db: RegistryDb;
  readonly keys: CertificateKeys;
  readonly verifications: RateLimiter;
}

const running = new WeakMap<object, CertificateDeps>();

/** One set of keys and counters per running registry, shared by its /api/v1 routes and its root routes. */
export function certificateDeps(context: ServiceContext<RegistryTables>): CertificateDeps {
  let deps = running.get(context);
  if (!deps) {
    deps = {
      db: context.db,
      keys: certificateKeys(context.db, context.config.secretKey!),
      verifications: rateLimiter(VERIFICATIONS_PER_MINUTE),
    };
    running.set(context, deps);
  }
  return deps;
}

const Language = z
  .string()
  .regex(/^[a-z]{2}$/)
  .optional()
  .describe('Two-letter code, one of the event type’s languages; its first one when left out');
const Collector = z
  .object({
    type: z.string().trim().min(1).max(50).describe('e.g. mother, father, informant, other'),
    name: z.string().trim().min(1).max(200),
    idType: z.string().trim().max(50).optional(),
    idNumber: z.string().trim().max(50).optional(),
  })
  .strict()
  .describe('Who collects the certificate');
const refusals = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
};
const PDF_ANSWER =
  'Answers the certificate as `application/pdf`. Every print is recorded as a PRINT_CERTIFICATE action; from the ' +
  'second print of a record on, the certificate says it is a reprint. Only REGISTERED records can be printed.';

const acting = (request: FastifyRequest): Acting => ({ caller: request.caller!, requestId: request.id });
/** Where the QR code's address starts: this request's own scheme and host (behind a proxy, set http.trustProxy). */
const baseUrl = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

function sendPdf(reply: FastifyReply, pdf: Uint8Array, name: string) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${name.replace(/[^\w.-]/g, '_')}.pdf"`)
    .header('cache-control', 'no-store')
    .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
}

export function certificateRoutes(app: HttpApp, deps: CertificateDeps): void {
  app.post(
    '/records/:id/certificate',
    {
      config: { scope: 'record.print' },
      schema: {
        tags: ['certificates'],
        summary: 'Print the record’s certificate (PDF)',
        description: PDF_ANSWER,
        params: z.object({ id: z.uuid() }),
        body: z
          .object({
            version: z.number().int().positive().describe('The record version you last read'),
            language: Language,
            collector: Collector.optional(),
            copies: z.number().int().min(1).max(10).optional().describe('Copies to print (pages); 1 when left out'),
          })
          .strict(),
        response: refusals,
      },
    },
    async (request, reply) => {
      const { version, language, collector, copies } = request.body;
      const key = await deps.keys.signing();
      const { pdf, certificates } = await printCertificates(
        deps.db,
        acting(request),
        [{ id: request.params.id, version, collector, copies }],
        { language, baseUrl: baseUrl(request), key },
      );
      return sendPdf(reply, pdf, certificates[0]!.registrationNumber);
    },
  );

  app.post(
    '/certificates/batch',
    {
      config: { scope: 'record.print' },
      schema: {
        tags: ['certificates'],
        summary: `Print up to ${MAX_BATCH} certificates as one PDF, a page each`,
        description:
          `${PDF_ANSWER} All prints are recorded in one transaction: if any record is refused, none is printed ` +
          'and the problem names it (`field`: `records.<index>...`).',
        body: z
          .object({
            records: z
              .array(z.object({ id: z.uuid(), version: z.number().int().positive() }).strict())
              .min(1)
              .max(MAX_BATCH),
            language: Language,
          })
          .strict(),
        response: refusals,
      },
    },
    async (request, reply) => {
      const key = await deps.keys.signing();
      const { pdf, certificates } = await printCertificates(deps.db, acting(request), request.body.records, {
        language: request.body.language,
        baseUrl: baseUrl(request),
        key,
      });
      return sendPdf(reply, pdf, `certificates-${certificates.length}`);
    },
  );
}

const Verification = z.union([
  z.object({
    genuine: z.literal(true),
    eventType: z.string(),
    registrationNumber: z.string(),
    registeredOn: z.iso.date(),
    office: z.string().nullable(),
  }),
  z.object({ genuine: z.literal(false), reason: z.enum(NOT_GENUINE), detail: z.string() }),
]);

/** Outside /api/v1, for anyone: the QR code opens /verify/<code>. */
export function certificateRootRoutes(app: HttpApp, deps: CertificateDeps): void {
  app.get(
    // A wildcard, not `:code`: a code is ~250 characters and Fastify refuses parameters longer than 100.
    '/verify/*',
    {
      config: { scope: PUBLIC },
      schema: {
        tags: ['certificates'],
        summary: 'Whether a certificate is genuine, from the code its QR code carries',
        description:
          'Answers only what the code states (event type, registration number and date, registering office) once ' +
          'its signature and the register confirm it; otherwise why not. Rate-limited per network address.',
        params: z.object({ '*': z.string().min(1).max(2000).describe('The certificate code') }),
        response: { 200: Verification, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      deps.verifications.take(request.ip, 'to verify certificates');
      const verification = await verifyCertificate(deps.db, deps.keys, request.params['*']);
      return reply.header('cache-control', 'no-store').send(verification);
    },
  );

  app.get(
    '/.well-known/certificate-keys.json',
    { config: { scope: PUBLIC }, schema: { hide: true } },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(await deps.keys.keySet()),
  );
}
