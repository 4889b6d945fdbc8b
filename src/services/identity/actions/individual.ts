/**
 * Finding the identity behind an individual id a relying party gives: a UIN, or a VID that maps to one. The answer
 * says why an id does not verify (unknown, deactivated, a revoked, expired or used VID) without saying more; the
 * transaction log keeps only a keyed hash of the id.
 */
import { createHmac } from 'node:crypto';
import { DomainError } from '../../../core/errors.js';
import { checkNumber } from '../numbers/check.js';
import type { NumberRules } from '../numbers/rules.js';
import { findIdentityById } from '../repository.js';
import type { IdentityDb } from '../tables.js';
import { findVid, type VerifiableIdentity, type VidRow } from '../verification-repository.js';

export interface NumberKinds {
  readonly uin: NumberRules;
  readonly vid: NumberRules;
}

/** Why an individual id does not verify. */
export type Refusal = 'unknown' | 'deactivated' | 'vid-revoked' | 'vid-expired' | 'vid-used';

export type Individual =
  | {
      readonly kind: 'uin' | 'vid';
      readonly identity: VerifiableIdentity;
      readonly vid?: VidRow;
      readonly refusal?: never;
    }
  | {
      readonly kind: 'uin' | 'vid';
      readonly identity?: VerifiableIdentity;
      readonly vid?: VidRow;
      readonly refusal: Refusal;
    };

/** Which kind of number `id` is, by its length; IDENTITY_NUMBER_INVALID unless it is a valid one. */
export function kindOf(id: string, rules: NumberKinds, field = 'individualId'): 'uin' | 'vid' {
  const kind = id.length === rules.vid.length ? 'vid' : 'uin';
  const check = checkNumber(id, rules[kind]);
  if (!check.valid) {
    throw new DomainError(
      'IDENTITY_NUMBER_INVALID',
      `${field} is not a valid ${kind === 'vid' ? 'VID' : 'UIN'}: it ${check.detail}.`,
      { field },
    );
  }
  return kind;
}

export interface IndividualLookups {
  readonly db: IdentityDb;
  readonly rules: NumberKinds;
  /** The hot lookup of every verification by UIN (a prepared statement on PostgreSQL). */
  readonly identityByUin: (uin: string) => Promise<VerifiableIdentity | undefined>;
}

export async function resolveIndividual(lookups: IndividualLookups, id: string): Promise<Individual> {
  const { db, rules } = lookups;
  const kind = kindOf(id, rules);
  if (kind === 'uin') {
    const identity = await lookups.identityByUin(id);
    if (!identity) return { kind, refusal: 'unknown' };
    return identity.status === 'active' ? { kind, identity } : { kind, identity, refusal: 'deactivated' };
  }
  const vid = await findVid(db, id);
  if (!vid) return { kind, refusal: 'unknown' };
  const identity = await findIdentityById(db, vid.identity_id);
  if (!identity) return { kind, refusal: 'unknown' };
  if (identity.status !== 'active') return { kind, identity, vid, refusal: 'deactivated' };
  if (vid.revoked_at) return { kind, identity, vid, refusal: 'vid-revoked' };
  if (vid.expires_at && vid.expires_at.getTime() <= Date.now()) return { kind, identity, vid, refusal: 'vid-expired' };
  if (vid.type === 'one-time' && vid.used_at) return { kind, identity, vid, refusal: 'vid-used' };
  return { kind, identity, vid };
}

/** A keyed hash of an individual id for the transaction log: the same id always gives the same hash. */
export function hashIndividualId(key: string, id: string): string {
  return createHmac('sha256', key).update(id).digest('hex');
}
