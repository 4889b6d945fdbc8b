/**
 * Relying parties (banks, clinics, telcos) registered by an administrator, each with a policy (verification types,
 * match types, e-KYC attributes) and an API key. The key is shown once, at registration or rotation, and stored as a
 * SHA-256 hash: 256 random bits need no slow hash. A revoked partner's (or a replaced) key stops working at once on
 * the node that made the change, and on every other node within `identity.partnerCacheSeconds` (partner-cache.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { appendAudit } from '../../../core/audit/append.js';
import { DomainError } from '../../../core/errors.js';
import { uuidv7 } from '../../../core/events/uuidv7.js';
import type { Caller } from '../../../core/http/scopes.js';
import type { RateLimiter } from '../../../core/http/rate-limit.js';
import {
  EKYC_ATTRIBUTES,
  type IdentityDb,
  type PartnerPolicy as PolicyType,
  type VerificationType,
} from '../tables.js';
import type { PartnerCache } from '../partner-cache.js';
import {
  findPartner,
  insertPartner,
  listPartners,
  updatePartner,
  type PartnerRow,
} from '../verification-repository.js';

export const PartnerPolicy = z
  .object({
    verificationTypes: z
      .array(z.enum(['demographic', 'otp', 'ekyc']))
      .min(1)
      .describe('What the partner may do: demographic (yes/no on given details), otp, ekyc (consented details)'),
    matchTypes: z
      .array(z.enum(['exact', 'partial', 'phonetic']))
      .default(['exact'])
      .describe('The demographic match types it may ask for; exact is always allowed'),
    ekycAttributes: z.array(z.enum(EKYC_ATTRIBUTES)).default([]).describe('The attributes e-KYC may return to it'),
  })
  .strict();

export const newApiKey = () => `cvp_${randomBytes(32).toString('base64url')}`;
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export function toPartnerView(partner: PartnerRow) {
  return {
    id: partner.id,
    name: partner.name,
    policy: partner.policy,
    createdAt: partner.created_at.toISOString(),
    keyRotatedAt: partner.key_rotated_at?.toISOString() ?? null,
    revokedAt: partner.revoked_at?.toISOString() ?? null,
  };
}

interface Acting {
  readonly caller: Caller;
  readonly requestId: string;
}

/** Told when a partner's key, policy or standing changed, once it is committed (the partner cache forgets it). */
export type PartnerChanged = (partnerId: string) => void;

const audit = (tx: IdentityDb, acting: Acting, action: string, partnerId: string) =>
  appendAudit(tx, {
    actor: acting.caller.sub,
    actorRole: acting.caller.role,
    action,
    subject: partnerId,
    requestId: acting.requestId,
  });

export async function registerPartner(db: IdentityDb, acting: Acting, input: { name: string; policy: PolicyType }) {
  const id = uuidv7();
  const apiKey = newApiKey();
  await db.transaction().execute(async (tx) => {
    await insertPartner(tx, {
      id,
      name: input.name,
      policy: input.policy,
      keyHash: hashApiKey(apiKey),
      createdBy: acting.caller.sub,
    });
    await audit(tx, acting, 'identity.partner.registered', id);
  });
  return { ...toPartnerView((await findPartner(db, id))!), apiKey };
}

async function livePartner(db: IdentityDb, id: string): Promise<PartnerRow> {
  const partner = /^[0-9a-f-]{36}$/i.test(id) ? await findPartner(db, id) : undefined;
  if (!partner) throw new DomainError('IDENTITY_PARTNER_NOT_FOUND', `No partner ${id}.`);
  if (partner.revoked_at) throw new DomainError('IDENTITY_PARTNER_REVOKED', `The partner ${partner.name} is revoked.`);
  return partner;
}

export async function listAllPartners(db: IdentityDb) {
  return (await listPartners(db)).map(toPartnerView);
}

/** A new key; the old one stops working at once here, within the partner cache's TTL on other nodes. */
export async function rotatePartnerKey(db: IdentityDb, acting: Acting, id: string, changed: PartnerChanged) {
  await livePartner(db, id);
  const apiKey = newApiKey();
  await db.transaction().execute(async (tx) => {
    await updatePartner(tx, id, { keyHash: hashApiKey(apiKey) });
    await audit(tx, acting, 'identity.partner.key-rotated', id);
  });
  changed(id);
  return { ...toPartnerView((await findPartner(db, id))!), apiKey };
}

export async function changePartnerPolicy(
  db: IdentityDb,
  acting: Acting,
  id: string,
  policy: PolicyType,
  changed: PartnerChanged,
) {
  await livePartner(db, id);
  await db.transaction().execute(async (tx) => {
    await updatePartner(tx, id, { policy });
    await audit(tx, acting, 'identity.partner.policy-changed', id);
  });
  changed(id);
  return toPartnerView((await findPartner(db, id))!);
}

export async function revokePartner(db: IdentityDb, acting: Acting, id: string, changed: PartnerChanged) {
  await livePartner(db, id);
  await db.transaction().execute(async (tx) => {
    await updatePartner(tx, id, { revoke: true });
    await audit(tx, acting, 'identity.partner.revoked', id);
  });
  changed(id);
  return toPartnerView((await findPartner(db, id))!);
}

/** The key a request carries: `x-api-key: <key>` or `Authorization: ApiKey <key>`. */
export function apiKeyOf(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim();
  const match = /^ApiKey\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

const REFUSED = 'Send the API key of a registered, unrevoked partner: x-api-key: <key> or Authorization: ApiKey <key>.';

/**
 * The partner whose key the request carries, counted against its rate limit; IDENTITY_PARTNER_UNAUTHENTICATED for no
 * key, a wrong one or a revoked partner's, RATE_LIMITED (429, Retry-After) past its requests per minute.
 */
export async function authenticatePartner(
  partners: Pick<PartnerCache, 'find'>,
  limiter: RateLimiter,
  request: Pick<FastifyRequest, 'headers'>,
): Promise<PartnerRow> {
  const key = apiKeyOf(request);
  if (!key) throw new DomainError('IDENTITY_PARTNER_UNAUTHENTICATED', REFUSED);
  const partner = await partners.find(hashApiKey(key));
  if (!partner || partner.revoked_at) throw new DomainError('IDENTITY_PARTNER_UNAUTHENTICATED', REFUSED);
  limiter.take(partner.id, 'by this partner');
  return partner;
}

/** FORBIDDEN-like refusal unless the partner's policy allows `type`. */
export function demandVerificationType(partner: PartnerRow, type: VerificationType): void {
  if (!partner.policy.verificationTypes.includes(type)) {
    throw new DomainError(
      'IDENTITY_VERIFICATION_NOT_ALLOWED',
      `The policy of partner ${partner.name} does not allow ${type} verification.`,
    );
  }
}
