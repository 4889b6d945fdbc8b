/**
 * Identities follow the registry's events: a registered birth creates the child's identity and issues its UIN, a
 * registered death deactivates the deceased's identity, an approved correction of a birth record updates the
 * demographics (keeping the history). Each is idempotent: consumers skip event ids they have processed, and a record
 * has at most one identity (unique source record), whatever is redelivered or re-published.
 */
import { defineConsumer, type ConsumerDefinition } from '../../core/events/consumer.js';
import type { EventEnvelope } from '../../core/events/envelope.js';
import { appendEvent } from '../../core/events/outbox.js';
import { RecordCorrected, RecordRegistered, type RecordEventData } from '../registry/api.js';
import { issueIdentity } from './actions/issue-identity.js';
import { IdentityDeactivated, IdentityDemographicsUpdated } from './events.js';
import { familyNameCode } from './matching.js';
import type { NumberRules } from './numbers/rules.js';
import {
  deactivateIdentity,
  findIdentityByRecord,
  findIdentityByRegistrationNumber,
  findIdentityByUin,
  knownUins,
  updateDemographics,
  type Demographics,
} from './repository.js';
import type { IdentityDb, IdentityRow, IdentityTables } from './tables.js';

export interface IdentityConsumerDeps {
  /** The configured UIN rules, for filling an empty pool on the spot. */
  readonly rules: () => NumberRules;
  /** Called in the deactivating transaction (e.g. to revoke the person's credentials). */
  readonly afterDeactivation?: (tx: IdentityDb, identityId: string, reason: string) => Promise<void>;
}

type Section = Readonly<Record<string, unknown>>;
const text = (section: Section | undefined, field: string): string | undefined => {
  const value = section?.[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/** The child's demographics in a birth declaration, or undefined when one is missing. */
export function childDemographics(record: RecordEventData): Demographics | undefined {
  const child = record.data.child;
  const givenNames = text(child, 'firstNames');
  const familyName = text(child, 'familyName');
  const birthDate = text(child, 'birthDate');
  const sex = text(child, 'sex');
  if (!givenNames || !familyName || !birthDate || !sex) return undefined;
  return { givenNames, familyName, birthDate, sex };
}

async function issueForBirth(
  tx: IdentityDb,
  deps: IdentityConsumerDeps,
  event: EventEnvelope,
  record: RecordEventData,
) {
  const demographics = childDemographics(record);
  if (!demographics) throw new Error(`birth record ${record.recordId} lacks the child's name, birth date or sex`);
  const { mother, father, informant } = record.data;
  const motherId = text(mother, 'nationalId');
  const fatherId = text(father, 'nationalId');
  const known = await knownUins(
    tx,
    [motherId, fatherId].filter((id): id is string => id !== undefined),
  );
  const area = text(record.data.child, 'placeOfBirthArea') ?? record.areaPath[0] ?? null;
  const areaPath =
    area === null ? [] : record.areaPath.includes(area) ? record.areaPath.slice(record.areaPath.indexOf(area)) : [area];
  await issueIdentity(tx, deps.rules(), {
    demographics,
    birthArea: area,
    birthAreaPath: areaPath,
    phone: text(mother, 'phone') ?? text(informant, 'phone') ?? text(father, 'phone') ?? null,
    email: text(mother, 'email') ?? text(informant, 'email') ?? null,
    motherUin: motherId && known.has(motherId) ? motherId : null,
    fatherUin: fatherId && known.has(fatherId) ? fatherId : null,
    source: 'birth',
    sourceRecordId: record.recordId,
    registrationNumber: record.registrationNumber,
    createdBy: record.actor.userId,
    eventType: record.eventType,
    traceId: event.traceId,
  });
}

/** The deceased's identity: by the UIN the declaration gives, else by a link to their birth record. */
async function deceasedIdentity(tx: IdentityDb, record: RecordEventData): Promise<IdentityRow | undefined> {
  const deceased = record.data.deceased;
  const uin = text(deceased, 'nationalId');
  const byUin = uin ? await findIdentityByUin(tx, uin) : undefined;
  if (byUin) return byUin;
  const birthRecordId = text(deceased, 'birthRecordId');
  if (birthRecordId && /^[0-9a-f-]{36}$/i.test(birthRecordId)) {
    const byRecord = await findIdentityByRecord(tx, birthRecordId);
    if (byRecord) return byRecord;
  }
  const birthRegistrationNumber = text(deceased, 'birthRegistrationNumber');
  return birthRegistrationNumber ? findIdentityByRegistrationNumber(tx, birthRegistrationNumber) : undefined;
}

async function deactivateForDeath(
  tx: IdentityDb,
  deps: IdentityConsumerDeps,
  event: EventEnvelope,
  record: RecordEventData,
) {
  const identity = await deceasedIdentity(tx, record);
  // A death of someone without an identity here (a foreigner, an unknown UIN) changes nothing.
  if (!identity) return;
  const reason = 'death';
  if (!(await deactivateIdentity(tx, identity.id, { reason, recordId: record.recordId }))) return;
  await deps.afterDeactivation?.(tx, identity.id, reason);
  await appendEvent(tx, 'identity', IdentityDeactivated, {
    subject: identity.id,
    traceId: event.traceId,
    data: { identityId: identity.id, uin: identity.uin, reason, recordId: record.recordId },
  });
}

async function correctBirth(tx: IdentityDb, event: EventEnvelope, record: RecordEventData) {
  const identity = await findIdentityByRecord(tx, record.recordId);
  const demographics = childDemographics(record);
  if (!identity || !demographics) return;
  const before: Demographics = {
    givenNames: identity.given_names,
    familyName: identity.family_name,
    birthDate: identity.birth_date,
    sex: identity.sex,
  };
  const fields = (Object.keys(demographics) as (keyof Demographics)[]).filter(
    (field) => demographics[field] !== before[field],
  );
  if (fields.length === 0) return;
  const version = await updateDemographics(tx, identity.id, {
    demographics,
    familyNameCode: familyNameCode(demographics.familyName),
    cause: 'correction',
    recordId: record.recordId,
    by: record.actor.userId,
  });
  await appendEvent(tx, 'identity', IdentityDemographicsUpdated, {
    subject: identity.id,
    traceId: event.traceId,
    data: { identityId: identity.id, version, fields, recordId: record.recordId },
  });
}

/** The identity service's consumers of registry events. */
export function identityConsumers(deps: IdentityConsumerDeps): ConsumerDefinition<IdentityTables>[] {
  return [
    defineConsumer<IdentityTables>({
      name: 'issue-uin-on-birth',
      events: [RecordRegistered],
      async handle(event, tx) {
        const record = RecordRegistered.data.parse(event.data);
        if (record.eventType === 'birth') await issueForBirth(tx, deps, event, record);
      },
    }),
    defineConsumer<IdentityTables>({
      name: 'deactivate-on-death',
      events: [RecordRegistered],
      async handle(event, tx) {
        const record = RecordRegistered.data.parse(event.data);
        if (record.eventType === 'death') await deactivateForDeath(tx, deps, event, record);
      },
    }),
    defineConsumer<IdentityTables>({
      name: 'correct-demographics',
      events: [RecordCorrected],
      async handle(event, tx) {
        const record = RecordCorrected.data.parse(event.data);
        if (record.eventType === 'birth') await correctBirth(tx, event, record);
      },
    }),
  ];
}
