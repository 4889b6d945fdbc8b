/**
 * The identity service's public surface for other services and commands: the events it publishes and the identity
 * record as others may see it.
 *
 * @module
 */
import type { Kysely } from 'kysely';
import type { IdentityTables, IdentityRow } from './tables.js';

export {
  IdentityDeactivated,
  IdentityDemographicsUpdated,
  IdentityIssued,
  IdentityOtpRequested,
  identityEvents,
} from './events.js';
export { identityDb, type IdentityDb } from './tables.js';

/** An identity as other services see it. Personal data: read it only on behalf of someone with a scope, and audit it. */
export interface IdentityView {
  readonly identityId: string;
  readonly uin: string;
  readonly status: 'active' | 'deactivated';
  readonly givenNames: string;
  readonly familyName: string;
  /** YYYY-MM-DD. */
  readonly birthDate: string;
  readonly sex: string;
  /** The area of birth and the areas above it (innermost first); empty strings when not known (enrolled adults). */
  readonly birthPlace: { readonly area: string; readonly areaPath: readonly string[] };
  readonly contact: { readonly phone?: string; readonly email?: string };
  readonly parents: { readonly motherUin?: string; readonly fatherUin?: string };
}

/**
 * A handle or a transaction whose unqualified tables are the identity schema's (`identityDb(database)`, or the
 * identity service's own `context.db`). Kysely's table types are invariant, so any service handle bound to the
 * identity schema is accepted.
 */
export type IdentitySchemaHandle = object;

/**
 * The identity with this UIN or id, or undefined. Deactivated identities are found too: check `status`.
 *
 * @example
 * const person = await findIdentity(context.db, { uin: '5918043672' });
 * if (person?.status !== 'active') throw new DomainError(...);
 */
export async function findIdentity(
  db: IdentitySchemaHandle,
  key: { readonly uin: string } | { readonly identityId: string },
): Promise<IdentityView | undefined> {
  const handle = db as Kysely<IdentityTables>;
  const query = handle.selectFrom('identities').selectAll();
  const row =
    'uin' in key
      ? await query.where('uin', '=', key.uin).executeTakeFirst()
      : /^[0-9a-f-]{36}$/i.test(key.identityId)
        ? await query.where('id', '=', key.identityId).executeTakeFirst()
        : undefined;
  return row && toIdentityView(row);
}

export function toIdentityView(row: IdentityRow): IdentityView {
  return {
    identityId: row.id,
    uin: row.uin,
    status: row.status,
    givenNames: row.given_names,
    familyName: row.family_name,
    birthDate: row.birth_date,
    sex: row.sex,
    birthPlace: { area: row.birth_area ?? '', areaPath: row.birth_area_path },
    contact: {
      ...(row.phone ? { phone: row.phone } : {}),
      ...(row.email ? { email: row.email } : {}),
    },
    parents: {
      ...(row.mother_uin ? { motherUin: row.mother_uin } : {}),
      ...(row.father_uin ? { fatherUin: row.father_uin } : {}),
    },
  };
}
