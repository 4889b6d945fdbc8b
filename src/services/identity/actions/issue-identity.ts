/**
 * Creates an identity and issues its UIN, in the caller's transaction: the number is taken from the pool, the
 * identity and its first demographics version are written, and `identity.issued` goes to the outbox, all or nothing.
 */
import { appendEvent } from '../../../core/events/outbox.js';
import { uuidv7 } from '../../../core/events/uuidv7.js';
import { IdentityIssued } from '../events.js';
import { familyNameCode } from '../matching.js';
import type { NumberRules } from '../numbers/rules.js';
import { lockUnissuedUin, markIssued } from '../pool.js';
import { findIdentityByRecord, insertIdentity, type Demographics, type NewIdentity } from '../repository.js';
import type { IdentityDb, IdentityRow } from '../tables.js';

export interface IssueIdentityInput extends Omit<NewIdentity, 'id' | 'uin' | 'familyNameCode'> {
  readonly demographics: Demographics;
  /** The record's event type, for `identity.issued` (null for an enrolment). */
  readonly eventType: string | null;
  readonly traceId: string;
}

/**
 * The identity of `input`, issued now; or, for a source record that has one already, that one (`created` false).
 */
export async function issueIdentity(
  tx: IdentityDb,
  rules: NumberRules,
  input: IssueIdentityInput,
): Promise<{ identity: IdentityRow; created: boolean }> {
  if (input.sourceRecordId) {
    const existing = await findIdentityByRecord(tx, input.sourceRecordId);
    if (existing) return { identity: existing, created: false };
  }
  const uin = await lockUnissuedUin(tx, rules);
  const id = uuidv7();
  const created = await insertIdentity(tx, {
    ...input,
    id,
    uin,
    familyNameCode: familyNameCode(input.demographics.familyName),
  });
  if (!created) {
    // Another delivery of the same record won the race: its identity stands, and this number stays in the pool.
    return { identity: (await findIdentityByRecord(tx, input.sourceRecordId!))!, created: false };
  }
  await markIssued(tx, uin);
  await appendEvent(tx, 'identity', IdentityIssued, {
    subject: id,
    traceId: input.traceId,
    data: {
      identityId: id,
      uin,
      recordId: input.sourceRecordId,
      eventType: input.eventType,
      source: input.source,
    },
  });
  const identity = await tx.selectFrom('identities').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { identity, created: true };
}
