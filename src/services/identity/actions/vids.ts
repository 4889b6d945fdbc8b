/**
 * Virtual IDs: numbers of another length (vidLength) that stand for a UIN, so a relying party can verify a person
 * without learning their UIN. Perpetual until revoked, temporary (they expire), or one-time (spent by the first
 * successful verification). A VID is never reused: its number is the primary key, revoked or not.
 */
import { appendAudit } from '../../../core/audit/append.js';
import { DomainError } from '../../../core/errors.js';
import { generateVid } from '../numbers/generate.js';
import type { NumberRules } from '../numbers/rules.js';
import type { IdentityDb, VidType } from '../tables.js';
import { findVid, insertVid, revokeVid } from '../verification-repository.js';
import type { Acting } from './enrol.js';
import { getIdentity, toVidView } from './read-identity.js';

export interface VidDeps {
  readonly db: IdentityDb;
  readonly rules: NumberRules;
  readonly temporaryVidMinutes: number;
}

export async function createVid(
  deps: VidDeps,
  acting: Acting,
  uin: string,
  input: { type: VidType; expiresInMinutes?: number | undefined },
) {
  const identity = await getIdentity(deps.db, uin);
  if (identity.status !== 'active') {
    throw new DomainError('IDENTITY_NOT_ACTIVE', 'The identity is deactivated: no VID can be made for it.');
  }
  const minutes = Math.min(input.expiresInMinutes ?? deps.temporaryVidMinutes, deps.temporaryVidMinutes);
  const expiresAt = input.type === 'temporary' ? new Date(Date.now() + minutes * 60_000) : null;
  return deps.db.transaction().execute(async (tx) => {
    let vid = generateVid(deps.rules);
    // A clash with an existing VID is astronomically rare; draw again if it happens.
    while (
      !(await insertVid(tx, {
        vid,
        identityId: identity.id,
        type: input.type,
        expiresAt,
        createdBy: acting.caller.sub,
      }))
    ) {
      vid = generateVid(deps.rules);
    }
    await appendAudit(tx, {
      actor: acting.caller.sub,
      actorRole: acting.caller.role,
      action: 'identity.vid.created',
      subject: identity.id,
      detail: { type: input.type },
      requestId: acting.requestId,
    });
    return toVidView((await findVid(tx, vid))!);
  });
}

export async function revokeVirtualId(deps: VidDeps, acting: Acting, uin: string, vid: string) {
  const identity = await getIdentity(deps.db, uin);
  const found = await findVid(deps.db, vid);
  if (!found || found.identity_id !== identity.id) {
    throw new DomainError('IDENTITY_VID_NOT_FOUND', 'This identity has no such VID.');
  }
  await deps.db.transaction().execute(async (tx) => {
    if (!found.revoked_at) await revokeVid(tx, vid);
    await appendAudit(tx, {
      actor: acting.caller.sub,
      actorRole: acting.caller.role,
      action: 'identity.vid.revoked',
      subject: identity.id,
      requestId: acting.requestId,
    });
  });
  return toVidView((await findVid(deps.db, vid))!);
}
