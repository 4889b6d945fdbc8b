/**
 * What relying parties ask: does this person's id match these details (demographic), send the person a code and
 * check it (otp), and, with that code as the person's consent, the details the partner's policy allows (e-KYC).
 * Answers never hold the stored values of what was compared; every request is a row of the transaction log, which
 * names the identity and a keyed hash of the id given, never the id or any detail.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/outbox.js';
import { uuidv7 } from '../../../core/events/uuidv7.js';
import { IdentityOtpRequested } from '../events.js';
import { matchName } from '../matching.js';
import type { EkycAttribute, IdentityDb, MatchType } from '../tables.js';
import type { TransactionLog } from '../transaction-log.js';
import {
  countOtpAttempt,
  insertOtp,
  lockOtp,
  useOneTimeVid,
  type PartnerRow,
  type VerifiableIdentity,
} from '../verification-repository.js';
import {
  hashIndividualId,
  resolveIndividual,
  type Individual,
  type IndividualLookups,
  type NumberKinds,
  type Refusal,
} from './individual.js';
import { demandVerificationType } from './partners.js';

export interface VerifyDeps {
  readonly db: IdentityDb;
  readonly rules: NumberKinds;
  /** Key of the hashes of individual ids in the transaction log. */
  readonly idKey: string;
  readonly otpTtlSeconds: number;
  readonly otpMaxAttempts: number;
  /** Where every verification is recorded, before its answer is given. */
  readonly log: TransactionLog;
  readonly identityByUin: IndividualLookups['identityByUin'];
}

/** A partner, or the person themselves (self-service, no partner). */
export type Requester = PartnerRow | null;

export interface FieldAnswer {
  readonly match: boolean;
  readonly matchType: MatchType | null;
}

export interface DemographicQuestion {
  readonly individualId: string;
  readonly name?: string | undefined;
  readonly givenNames?: string | undefined;
  readonly familyName?: string | undefined;
  readonly birthDate?: string | undefined;
  readonly sex?: string | undefined;
  readonly matchType?: MatchType | undefined;
}

const DEMOGRAPHIC_FIELDS = ['name', 'givenNames', 'familyName', 'birthDate', 'sex'] as const;
type DemographicField = (typeof DEMOGRAPHIC_FIELDS)[number];

async function log(
  deps: VerifyDeps,
  requester: Requester,
  individualId: string,
  individual: Individual | undefined,
  entry: { type: string; result: string; reason?: string | null; id?: string },
): Promise<string> {
  const id = entry.id ?? uuidv7();
  await deps.log.append({
    id,
    partnerId: requester?.id ?? null,
    type: entry.type,
    result: entry.result,
    reason: entry.reason ?? null,
    identityId: individual?.identity?.id ?? null,
    individualIdHash: hashIndividualId(deps.idKey, individualId),
    idKind: individual?.kind ?? 'uin',
  });
  return id;
}

/** A one-time VID is spent by its first successful verification; false if another request spent it first. */
async function spend(deps: VerifyDeps, individual: Individual): Promise<boolean> {
  if (individual.vid?.type !== 'one-time') return true;
  return useOneTimeVid(deps.db, individual.vid.vid);
}

function answerField(
  field: DemographicField,
  given: string,
  identity: VerifiableIdentity,
  leniency: MatchType,
): FieldAnswer {
  switch (field) {
    case 'name':
      return matchName(given, `${identity.given_names} ${identity.family_name}`, leniency);
    case 'givenNames':
      return matchName(given, identity.given_names, leniency);
    case 'familyName':
      return matchName(given, identity.family_name, leniency);
    case 'birthDate':
      return given === identity.birth_date ? { match: true, matchType: 'exact' } : { match: false, matchType: null };
    case 'sex':
      return given.toLowerCase() === identity.sex.toLowerCase()
        ? { match: true, matchType: 'exact' }
        : { match: false, matchType: null };
  }
}

export async function verifyDemographics(deps: VerifyDeps, partner: PartnerRow, question: DemographicQuestion) {
  demandVerificationType(partner, 'demographic');
  const leniency = question.matchType ?? 'exact';
  if (leniency !== 'exact' && !partner.policy.matchTypes.includes(leniency)) {
    throw new DomainError(
      'IDENTITY_VERIFICATION_NOT_ALLOWED',
      `The policy of partner ${partner.name} does not allow ${leniency} matching.`,
    );
  }
  const asked = DEMOGRAPHIC_FIELDS.filter((field) => question[field] !== undefined);
  if (asked.length === 0) {
    throw new DomainError('VALIDATION_FAILED', `Give at least one of ${DEMOGRAPHIC_FIELDS.join(', ')} to compare.`);
  }
  const individual = await resolveIndividual(deps, question.individualId);
  if (individual.refusal) {
    const transactionId = await log(deps, partner, question.individualId, individual, {
      type: 'demographic',
      result: 'no',
      reason: individual.refusal,
    });
    return { transactionId, match: false, reason: individual.refusal as Refusal | undefined, fields: {} };
  }
  const fields: Partial<Record<DemographicField, FieldAnswer>> = {};
  for (const field of asked) fields[field] = answerField(field, question[field]!, individual.identity, leniency);
  let match = asked.every((field) => fields[field]!.match);
  let reason: Refusal | undefined;
  if (match && !(await spend(deps, individual))) [match, reason] = [false, 'vid-used'];
  const transactionId = await log(deps, partner, question.individualId, individual, {
    type: 'demographic',
    result: match ? 'yes' : 'no',
    reason: reason ?? null,
  });
  return { transactionId, match, ...(reason ? { reason } : {}), fields };
}

const hashCode = (otpId: string, code: string) => createHash('sha256').update(`${otpId}:${code}`).digest('hex');

function masked(contact: string): string {
  if (contact.includes('@')) {
    const [user, domain] = contact.split('@');
    return `${user!.slice(0, 1)}***@${domain}`;
  }
  return `${contact.slice(0, 4)}${'*'.repeat(Math.max(0, contact.length - 6))}${contact.slice(-2)}`;
}

/**
 * Sends a 6-digit code to the person's contact on record (through notify, by an event in the same transaction as the
 * code's hash). Answers the transaction id to verify it with.
 */
export async function requestOtp(deps: VerifyDeps, requester: Requester, individualId: string, traceId: string) {
  if (requester) demandVerificationType(requester, requester.policy.verificationTypes.includes('otp') ? 'otp' : 'ekyc');
  const individual = await resolveIndividual(deps, individualId);
  const type = requester ? 'otp-request' : 'self-otp-request';
  if (individual.refusal) {
    const transactionId = await log(deps, requester, individualId, individual, {
      type,
      result: 'refused',
      reason: individual.refusal,
    });
    return { transactionId, sent: false, reason: individual.refusal as Refusal | undefined };
  }
  const { identity } = individual;
  const channel: 'sms' | 'email' | undefined = identity.phone ? 'sms' : identity.email ? 'email' : undefined;
  if (!channel) {
    await log(deps, requester, individualId, individual, { type, result: 'refused', reason: 'no-contact' });
    throw new DomainError('IDENTITY_NO_CONTACT', 'This identity has no phone number or e-mail address on record.');
  }
  const to = (channel === 'sms' ? identity.phone : identity.email)!;
  const transactionId = uuidv7();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(Date.now() + deps.otpTtlSeconds * 1000);
  await deps.db.transaction().execute(async (tx) => {
    await insertOtp(tx, {
      id: transactionId,
      identityId: identity.id,
      partnerId: requester?.id ?? null,
      codeHash: hashCode(transactionId, code),
      expiresAt,
    });
    await appendEvent(tx, 'identity', IdentityOtpRequested, {
      subject: identity.id,
      traceId,
      data: {
        identityId: identity.id,
        channel,
        to,
        language: 'en',
        code,
        minutes: Math.max(1, Math.round(deps.otpTtlSeconds / 60)),
        requestedBy: requester?.name ?? null,
      },
    });
  });
  await log(deps, requester, individualId, individual, { type, result: 'sent', id: uuidv7() });
  return { transactionId, sent: true, channel, maskedTo: masked(to), expiresAt: expiresAt.toISOString() };
}

export type OtpRefusal = 'otp-wrong' | 'otp-expired' | 'otp-attempts' | 'otp-used';

/**
 * Checks a code in its own transaction, which commits the attempt whether or not it matched (so wrong tries count);
 * a right code is spent. The code must be the one sent for this identity at this requester's request.
 */
async function checkOtp(
  deps: VerifyDeps,
  requester: Requester,
  identityId: string,
  transactionId: string,
  code: string,
): Promise<OtpRefusal | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(transactionId)) return 'otp-wrong';
  return deps.db.transaction().execute(async (tx) => {
    const otp = await lockOtp(tx, transactionId);
    if (!otp || otp.identity_id !== identityId || otp.partner_id !== (requester?.id ?? null)) return 'otp-wrong';
    if (otp.consumed_at) return 'otp-used';
    if (otp.attempts >= deps.otpMaxAttempts) return 'otp-attempts';
    if (otp.expires_at.getTime() <= Date.now()) return 'otp-expired';
    const given = Buffer.from(hashCode(otp.id, code), 'hex');
    const right = timingSafeEqual(given, Buffer.from(otp.code_hash, 'hex'));
    await countOtpAttempt(tx, otp.id, right);
    return right ? undefined : 'otp-wrong';
  });
}

export interface OtpAnswer {
  readonly individualId: string;
  readonly transactionId: string;
  readonly otp: string;
}

/** Checks the code and spends a one-time VID; answers why not when it fails. */
async function consent(
  deps: VerifyDeps,
  requester: Requester,
  answer: OtpAnswer,
  type: string,
): Promise<
  { individual: Individual & { identity: VerifiableIdentity }; logId: string } | { refusal: string; logId: string }
> {
  const individual = await resolveIndividual(deps, answer.individualId);
  let refusal: string | undefined = individual.refusal;
  if (!refusal) refusal = await checkOtp(deps, requester, individual.identity!.id, answer.transactionId, answer.otp);
  if (!refusal && !(await spend(deps, individual))) refusal = 'vid-used';
  const logId = await log(deps, requester, answer.individualId, individual, {
    type,
    result: refusal ? 'no' : 'yes',
    reason: refusal ?? null,
  });
  return refusal
    ? { refusal, logId }
    : { individual: individual as Individual & { identity: VerifiableIdentity }, logId };
}

export async function verifyOtp(deps: VerifyDeps, partner: PartnerRow, answer: OtpAnswer) {
  demandVerificationType(partner, 'otp');
  const outcome = await consent(deps, partner, answer, 'otp');
  return 'refusal' in outcome
    ? { transactionId: outcome.logId, verified: false, reason: outcome.refusal }
    : { transactionId: outcome.logId, verified: true };
}

function attributeOf(identity: VerifiableIdentity, attribute: EkycAttribute): unknown {
  switch (attribute) {
    case 'givenNames':
      return identity.given_names;
    case 'familyName':
      return identity.family_name;
    case 'fullName':
      return `${identity.given_names} ${identity.family_name}`;
    case 'birthDate':
      return identity.birth_date;
    case 'sex':
      return identity.sex;
    case 'birthPlace':
      return identity.birth_area ? { area: identity.birth_area, areaPath: identity.birth_area_path } : null;
    case 'phone':
      return identity.phone;
    case 'email':
      return identity.email;
  }
}

/**
 * With the person's code as consent, the attributes the partner's policy allows (of those asked, when it asks for
 * some). A wrong, expired or used code is IDENTITY_OTP_INVALID; the attempt counts all the same.
 */
export async function ekyc(
  deps: VerifyDeps,
  partner: PartnerRow,
  answer: OtpAnswer & { attributes?: readonly EkycAttribute[] | undefined },
) {
  demandVerificationType(partner, 'ekyc');
  const outcome = await consent(deps, partner, answer, 'ekyc');
  if ('refusal' in outcome) {
    if (outcome.refusal === 'deactivated' || outcome.refusal === 'unknown' || outcome.refusal.startsWith('vid-')) {
      return { transactionId: outcome.logId, verified: false, reason: outcome.refusal, attributes: {} };
    }
    throw new DomainError(
      'IDENTITY_OTP_INVALID',
      `The one-time code is not accepted (${outcome.refusal}): ask for a new one.`,
      { field: 'otp' },
    );
  }
  const allowed = partner.policy.ekycAttributes;
  const wanted = answer.attributes ? allowed.filter((name) => answer.attributes!.includes(name)) : allowed;
  const attributes: Partial<Record<EkycAttribute, unknown>> = {};
  for (const name of wanted) {
    const value = attributeOf(outcome.individual.identity, name);
    if (value !== null && value !== undefined) attributes[name] = value;
  }
  return { transactionId: outcome.logId, verified: true, attributes };
}

/**
 * Self-service: with a code the person asked for themselves, the verifications made against their identity.
 */
export async function ownVerifications(deps: VerifyDeps, answer: OtpAnswer) {
  const outcome = await consent(deps, null, answer, 'self-service');
  if ('refusal' in outcome) {
    throw new DomainError('IDENTITY_OTP_INVALID', `The one-time code is not accepted (${outcome.refusal}).`, {
      field: 'otp',
    });
  }
  return outcome.individual.identity.id;
}
