/**
 * Staff reads of identities: the identity itself with its history and VIDs, and who verified it. Every read is
 * audited (personal data), and an unknown UIN is simply not found.
 */
import { appendAudit } from '../../../core/audit/append.js';
import { DomainError } from '../../../core/errors.js';
import { toIdentityView } from '../api.js';
import { demographicsHistory, findIdentityByUin } from '../repository.js';
import type { IdentityDb, IdentityRow } from '../tables.js';
import { listTransactions, listVids } from '../verification-repository.js';
import type { Acting } from './enrol.js';

export async function getIdentity(db: IdentityDb, uin: string): Promise<IdentityRow> {
  const identity = /^\d{1,40}$/.test(uin) ? await findIdentityByUin(db, uin) : undefined;
  if (!identity) throw new DomainError('IDENTITY_NOT_FOUND', `No identity has the UIN ${uin}.`);
  return identity;
}

const audit = (db: IdentityDb, acting: Acting, action: string, identityId: string) =>
  appendAudit(db, {
    actor: acting.caller.sub,
    actorRole: acting.caller.role,
    action,
    subject: identityId,
    requestId: acting.requestId,
  });

export async function readIdentity(db: IdentityDb, acting: Acting, uin: string) {
  const identity = await getIdentity(db, uin);
  const [history, vids] = await Promise.all([demographicsHistory(db, identity.id), listVids(db, identity.id)]);
  await audit(db, acting, 'identity.read', identity.id);
  return {
    ...toIdentityView(identity),
    source: identity.source,
    sourceRecordId: identity.source_record_id,
    createdAt: identity.created_at.toISOString(),
    deactivation: identity.deactivated_at
      ? {
          at: identity.deactivated_at.toISOString(),
          reason: identity.deactivation_reason ?? '',
          recordId: identity.deactivation_record_id,
        }
      : null,
    history: history.map((version) => ({
      version: version.version,
      givenNames: version.given_names,
      familyName: version.family_name,
      birthDate: version.birth_date,
      sex: version.sex,
      cause: version.cause,
      recordId: version.record_id,
      changedAt: version.changed_at.toISOString(),
    })),
    vids: vids.map(toVidView),
  };
}

export function toVidView(vid: Awaited<ReturnType<typeof listVids>>[number]) {
  return {
    vid: vid.vid,
    type: vid.type,
    expiresAt: vid.expires_at?.toISOString() ?? null,
    createdAt: vid.created_at.toISOString(),
    revokedAt: vid.revoked_at?.toISOString() ?? null,
    usedAt: vid.used_at?.toISOString() ?? null,
  };
}

export async function verificationsOf(db: IdentityDb, identityId: string, limit = 200) {
  const rows = await listTransactions(db, identityId, limit);
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    type: row.type,
    result: row.result,
    reason: row.reason,
    idKind: row.id_kind,
    partner: row.partner_id ? { id: row.partner_id, name: row.partner_name ?? '' } : null,
  }));
}

/** Who verified the identity of this UIN, newest first; audited. */
export async function readVerifications(db: IdentityDb, acting: Acting, uin: string) {
  const identity = await getIdentity(db, uin);
  await audit(db, acting, 'identity.verifications.read', identity.id);
  return verificationsOf(db, identity.id);
}
