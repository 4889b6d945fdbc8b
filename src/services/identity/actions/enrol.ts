/**
 * Enrolling an adult who was not born in the registry (today's population). Before a UIN is issued the person is
 * compared with the identities sharing a blocking key (birth date, phonetic code of the family name); a likely
 * duplicate is held for a person to review instead of getting a second number. Deciding "not a duplicate" issues
 * the UIN; "duplicate" issues nothing and names the identity it duplicates.
 */
import { appendAudit } from '../../../core/audit/append.js';
import { DomainError } from '../../../core/errors.js';
import { uuidv7 } from '../../../core/events/uuidv7.js';
import type { Caller } from '../../../core/http/scopes.js';
import { demographicSimilarity, familyNameCode } from '../matching.js';
import type { NumberRules } from '../numbers/rules.js';
import {
  blockingCandidates,
  decideReview,
  insertReview,
  knownUins,
  listReviews,
  lockReview,
  type ReviewRow,
} from '../repository.js';
import type { EnrolmentData, IdentityDb, IdentityRow, ReviewCandidate } from '../tables.js';
import { issueIdentity } from './issue-identity.js';

export interface EnrolDeps {
  readonly db: IdentityDb;
  readonly rules: NumberRules;
  readonly duplicateThreshold: number;
}

export interface Acting {
  readonly caller: Caller;
  readonly requestId: string;
}

/** Identities at least `threshold` alike, best first (at most 10). */
export async function likelyDuplicates(
  db: IdentityDb,
  person: EnrolmentData,
  threshold: number,
): Promise<ReviewCandidate[]> {
  const candidates = await blockingCandidates(db, {
    birthDate: person.birthDate,
    familyNameCode: familyNameCode(person.familyName),
  });
  return candidates
    .map((identity) => ({
      identityId: identity.id,
      score: Math.round(demographicSimilarity(person, demographicsOf(identity)) * 1000) / 1000,
    }))
    .filter((candidate) => candidate.score >= threshold)
    .sort((a, b) => b.score - a.score)
    .slice(0, 10);
}

const demographicsOf = (identity: IdentityRow) => ({
  givenNames: identity.given_names,
  familyName: identity.family_name,
  birthDate: identity.birth_date,
  sex: identity.sex,
});

async function issueEnrolment(tx: IdentityDb, deps: EnrolDeps, person: EnrolmentData, acting: Acting) {
  const parents = await knownUins(
    tx,
    [person.motherUin, person.fatherUin].filter((uin): uin is string => !!uin),
  );
  const { identity } = await issueIdentity(tx, deps.rules, {
    demographics: person,
    birthArea: person.birthArea ?? null,
    birthAreaPath: person.birthArea ? [person.birthArea] : [],
    phone: person.phone ?? null,
    email: person.email ?? null,
    motherUin: person.motherUin && parents.has(person.motherUin) ? person.motherUin : null,
    fatherUin: person.fatherUin && parents.has(person.fatherUin) ? person.fatherUin : null,
    source: 'enrolment',
    sourceRecordId: null,
    registrationNumber: null,
    createdBy: acting.caller.sub,
    eventType: null,
    traceId: acting.requestId,
  });
  await appendAudit(tx, {
    actor: acting.caller.sub,
    actorRole: acting.caller.role,
    action: 'identity.enrol',
    subject: identity.id,
    requestId: acting.requestId,
  });
  return identity;
}

export type EnrolOutcome =
  | { readonly status: 'issued'; readonly identityId: string; readonly uin: string }
  | { readonly status: 'review'; readonly reviewId: string; readonly candidates: number };

export async function enrolAdult(deps: EnrolDeps, acting: Acting, person: EnrolmentData): Promise<EnrolOutcome> {
  const duplicates = await likelyDuplicates(deps.db, person, deps.duplicateThreshold);
  return deps.db.transaction().execute(async (tx) => {
    if (duplicates.length > 0) {
      const reviewId = uuidv7();
      await insertReview(tx, { id: reviewId, enrolment: person, candidates: duplicates, createdBy: acting.caller.sub });
      await appendAudit(tx, {
        actor: acting.caller.sub,
        actorRole: acting.caller.role,
        action: 'identity.enrol-held',
        subject: reviewId,
        detail: { candidates: duplicates.length, bestScore: duplicates[0]!.score },
        requestId: acting.requestId,
      });
      return { status: 'review', reviewId, candidates: duplicates.length } as const;
    }
    const identity = await issueEnrolment(tx, deps, person, acting);
    return { status: 'issued', identityId: identity.id, uin: identity.uin } as const;
  });
}

export function toReviewView(review: ReviewRow) {
  return {
    id: review.id,
    status: review.status,
    enrolment: review.enrolment,
    candidates: review.candidates,
    createdAt: review.created_at.toISOString(),
    decidedAt: review.decided_at?.toISOString() ?? null,
    reason: review.reason,
    identityId: review.identity_id,
  };
}

/** Pending reviews, oldest first; reading them is audited (they hold personal data). */
export async function pendingReviews(db: IdentityDb, acting: Acting, limit = 100) {
  const reviews = await listReviews(db, 'pending', limit);
  await appendAudit(db, {
    actor: acting.caller.sub,
    actorRole: acting.caller.role,
    action: 'identity.reviews.read',
    subject: 'enrolment-reviews',
    detail: { count: reviews.length },
    requestId: acting.requestId,
  });
  return reviews.map(toReviewView);
}

export async function decideEnrolment(
  deps: EnrolDeps,
  acting: Acting,
  reviewId: string,
  decision: { decision: 'duplicate' | 'not-duplicate'; reason: string; duplicateOf?: string | undefined },
) {
  return deps.db.transaction().execute(async (tx) => {
    const review = /^[0-9a-f-]{36}$/i.test(reviewId) ? await lockReview(tx, reviewId) : undefined;
    if (!review) throw new DomainError('IDENTITY_REVIEW_NOT_FOUND', `No enrolment review ${reviewId}.`);
    if (review.status !== 'pending') {
      throw new DomainError(
        'IDENTITY_REVIEW_DECIDED',
        `The review ${reviewId} was decided already (${review.status}).`,
      );
    }
    let identityId: string;
    let uin: string | null = null;
    if (decision.decision === 'duplicate') {
      const duplicateOf = decision.duplicateOf ?? review.candidates[0]!.identityId;
      if (!review.candidates.some((candidate) => candidate.identityId === duplicateOf)) {
        throw new DomainError('VALIDATION_FAILED', 'duplicateOf must be one of the review’s candidates.', {
          field: 'duplicateOf',
        });
      }
      identityId = duplicateOf;
    } else {
      const identity = await issueEnrolment(tx, deps, review.enrolment, acting);
      identityId = identity.id;
      uin = identity.uin;
    }
    await decideReview(tx, review.id, {
      status: decision.decision,
      by: acting.caller.sub,
      reason: decision.reason,
      identityId,
    });
    await appendAudit(tx, {
      actor: acting.caller.sub,
      actorRole: acting.caller.role,
      action: 'identity.review.decided',
      subject: review.id,
      detail: { decision: decision.decision, identityId },
      requestId: acting.requestId,
    });
    return { id: review.id, status: decision.decision, identityId, uin };
  });
}
