/** SQL of identities, their demographics history and enrolment reviews. */
import { sql, type Selectable } from 'kysely';
import type {
  DemographicsHistoryTable,
  EnrolmentData,
  EnrolmentReviewsTable,
  IdentityDb,
  IdentityRow,
  IdentitySource,
  ReviewCandidate,
  ReviewStatus,
} from './tables.js';

/** What an identity says about a person that verification compares and corrections change. */
export interface Demographics {
  readonly givenNames: string;
  readonly familyName: string;
  /** YYYY-MM-DD. */
  readonly birthDate: string;
  readonly sex: string;
}

export interface NewIdentity {
  readonly id: string;
  readonly uin: string;
  readonly demographics: Demographics;
  readonly familyNameCode: string;
  readonly birthArea: string | null;
  readonly birthAreaPath: readonly string[];
  readonly phone: string | null;
  readonly email: string | null;
  readonly motherUin: string | null;
  readonly fatherUin: string | null;
  readonly source: IdentitySource;
  readonly sourceRecordId: string | null;
  readonly registrationNumber: string | null;
  readonly createdBy: string;
}

/**
 * Inserts an identity and version 1 of its demographics history. Answers false, inserting nothing, when an identity
 * of the same source record exists already (a redelivered or re-published registration, or another node's race).
 */
export async function insertIdentity(tx: IdentityDb, identity: NewIdentity): Promise<boolean> {
  const inserted = await tx
    .insertInto('identities')
    .values({
      id: identity.id,
      uin: identity.uin,
      given_names: identity.demographics.givenNames,
      family_name: identity.demographics.familyName,
      birth_date: identity.demographics.birthDate,
      sex: identity.demographics.sex,
      birth_area: identity.birthArea,
      birth_area_path: JSON.stringify(identity.birthAreaPath),
      phone: identity.phone,
      email: identity.email,
      mother_uin: identity.motherUin,
      father_uin: identity.fatherUin,
      source: identity.source,
      source_record_id: identity.sourceRecordId,
      registration_number: identity.registrationNumber,
      family_name_code: identity.familyNameCode,
    })
    .onConflict((conflict) => conflict.column('source_record_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  await insertHistory(tx, {
    identity_id: identity.id,
    version: 1,
    ...historyValues(identity.demographics, identity.birthArea),
    cause: identity.source,
    record_id: identity.sourceRecordId,
    changed_by: identity.createdBy,
  });
  return true;
}

function historyValues(demographics: Demographics, birthArea: string | null) {
  return {
    given_names: demographics.givenNames,
    family_name: demographics.familyName,
    birth_date: demographics.birthDate,
    sex: demographics.sex,
    birth_area: birthArea,
  };
}

async function insertHistory(
  tx: IdentityDb,
  row: Omit<Selectable<DemographicsHistoryTable>, 'changed_at'>,
): Promise<void> {
  await tx.insertInto('demographics_history').values(row).execute();
}

export async function findIdentityByUin(db: IdentityDb, uin: string): Promise<IdentityRow | undefined> {
  return db.selectFrom('identities').selectAll().where('uin', '=', uin).executeTakeFirst();
}

export async function findIdentityById(db: IdentityDb, id: string): Promise<IdentityRow | undefined> {
  return db.selectFrom('identities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findIdentityByRecord(db: IdentityDb, recordId: string): Promise<IdentityRow | undefined> {
  return db.selectFrom('identities').selectAll().where('source_record_id', '=', recordId).executeTakeFirst();
}

export async function findIdentityByRegistrationNumber(
  db: IdentityDb,
  registrationNumber: string,
): Promise<IdentityRow | undefined> {
  return db
    .selectFrom('identities')
    .selectAll()
    .where('registration_number', '=', registrationNumber)
    .executeTakeFirst();
}

/** Which of `uins` are identities here. */
export async function knownUins(db: IdentityDb, uins: readonly string[]): Promise<Set<string>> {
  if (uins.length === 0) return new Set();
  const rows = await db.selectFrom('identities').select('uin').where('uin', 'in', uins).execute();
  return new Set(rows.map((row) => row.uin));
}

/**
 * Sets new demographics and appends them to the history as the next version, in the caller's transaction. Locks the
 * identity so that two corrections at once get versions one after the other.
 */
export async function updateDemographics(
  tx: IdentityDb,
  identityId: string,
  change: { demographics: Demographics; familyNameCode: string; cause: string; recordId: string | null; by: string },
): Promise<number> {
  const current = await tx
    .selectFrom('identities')
    .select(['demographics_version', 'birth_area'])
    .where('id', '=', identityId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const version = current.demographics_version + 1;
  await tx
    .updateTable('identities')
    .set({
      given_names: change.demographics.givenNames,
      family_name: change.demographics.familyName,
      birth_date: change.demographics.birthDate,
      sex: change.demographics.sex,
      family_name_code: change.familyNameCode,
      demographics_version: version,
      updated_at: new Date(),
    })
    .where('id', '=', identityId)
    .execute();
  await insertHistory(tx, {
    identity_id: identityId,
    version,
    ...historyValues(change.demographics, current.birth_area),
    cause: change.cause,
    record_id: change.recordId,
    changed_by: change.by,
  });
  return version;
}

export async function demographicsHistory(db: IdentityDb, identityId: string) {
  return db
    .selectFrom('demographics_history')
    .selectAll()
    .where('identity_id', '=', identityId)
    .orderBy('version')
    .execute();
}

/** Deactivates an active identity; answers false when it was deactivated already. */
export async function deactivateIdentity(
  tx: IdentityDb,
  identityId: string,
  why: { reason: string; recordId: string | null },
): Promise<boolean> {
  const result = await tx
    .updateTable('identities')
    .set({
      status: 'deactivated',
      deactivated_at: new Date(),
      deactivation_reason: why.reason,
      deactivation_record_id: why.recordId,
      updated_at: new Date(),
    })
    .where('id', '=', identityId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Identities sharing a blocking key with the person: the same birth date, or the same phonetic code of the family
 * name. At most `limit`, which bounds the cost of a very common name.
 */
export async function blockingCandidates(
  db: IdentityDb,
  keys: { birthDate: string; familyNameCode: string },
  limit = 500,
): Promise<IdentityRow[]> {
  const [byDate, byName] = await Promise.all([
    db.selectFrom('identities').selectAll().where('birth_date', '=', keys.birthDate).limit(limit).execute(),
    db.selectFrom('identities').selectAll().where('family_name_code', '=', keys.familyNameCode).limit(limit).execute(),
  ]);
  const seen = new Set(byDate.map((row) => row.id));
  return [...byDate, ...byName.filter((row) => !seen.has(row.id))];
}

export type ReviewRow = Selectable<EnrolmentReviewsTable>;

export async function insertReview(
  tx: IdentityDb,
  review: { id: string; enrolment: EnrolmentData; candidates: readonly ReviewCandidate[]; createdBy: string },
): Promise<void> {
  await tx
    .insertInto('enrolment_reviews')
    .values({
      id: review.id,
      enrolment: JSON.stringify(review.enrolment),
      candidates: JSON.stringify(review.candidates),
      created_by: review.createdBy,
    })
    .execute();
}

export async function listReviews(db: IdentityDb, status: ReviewStatus, limit: number): Promise<ReviewRow[]> {
  return db
    .selectFrom('enrolment_reviews')
    .selectAll()
    .where('status', '=', status)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

/** The review, locked for deciding it. */
export async function lockReview(tx: IdentityDb, id: string): Promise<ReviewRow | undefined> {
  return tx.selectFrom('enrolment_reviews').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function decideReview(
  tx: IdentityDb,
  id: string,
  decision: { status: ReviewStatus; by: string; reason: string; identityId: string },
): Promise<void> {
  await tx
    .updateTable('enrolment_reviews')
    .set({
      status: decision.status,
      decided_by: decision.by,
      decided_at: sql<Date>`now()`,
      reason: decision.reason,
      identity_id: decision.identityId,
    })
    .where('id', '=', id)
    .execute();
}
