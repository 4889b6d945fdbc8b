/** The identity service's tables, as Kysely sees them. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { AuditTables } from '../../core/audit/tables.js';
import type { Database } from '../../core/db/open.js';
import type { CoreEventTables, ServiceDb } from '../../core/events/tables.js';

type Created = ColumnType<Date, never, never>;

export interface UinPoolTable {
  uin: string;
  seq: Generated<number>;
  generated_at: Created;
  issued_at: ColumnType<Date | null, never, Date>;
}

export type IdentityStatus = 'active' | 'deactivated';
export type IdentitySource = 'birth' | 'enrolment';

export interface IdentitiesTable {
  id: string;
  uin: string;
  status: ColumnType<IdentityStatus, never, IdentityStatus>;
  given_names: string;
  family_name: string;
  /** YYYY-MM-DD. */
  birth_date: string;
  sex: string;
  birth_area: string | null;
  /** The birth area and the areas above it, innermost first. */
  birth_area_path: ColumnType<string[], string, string>;
  phone: string | null;
  email: string | null;
  mother_uin: string | null;
  father_uin: string | null;
  source: IdentitySource;
  source_record_id: string | null;
  registration_number: string | null;
  /** NYSIIS code of the family name: a blocking key of de-duplication. */
  family_name_code: string;
  demographics_version: ColumnType<number, never, number>;
  created_at: Created;
  updated_at: ColumnType<Date, never, Date>;
  deactivated_at: ColumnType<Date | null, never, Date>;
  deactivation_reason: ColumnType<string | null, never, string>;
  deactivation_record_id: ColumnType<string | null, never, string | null>;
}

export interface DemographicsHistoryTable {
  identity_id: string;
  version: number;
  given_names: string;
  family_name: string;
  birth_date: string;
  sex: string;
  birth_area: string | null;
  /** birth, enrolment, correction. */
  cause: string;
  record_id: string | null;
  changed_by: string;
  changed_at: Created;
}

export type ReviewStatus = 'pending' | 'duplicate' | 'not-duplicate';

export interface EnrolmentReviewsTable {
  id: string;
  status: ColumnType<ReviewStatus, never, ReviewStatus>;
  /** The enrolment as submitted (personal data, kept until decided). */
  enrolment: ColumnType<EnrolmentData, string, never>;
  /** The identities it may duplicate, best first, with their scores. */
  candidates: ColumnType<ReviewCandidate[], string, never>;
  created_by: string;
  created_at: Created;
  decided_by: ColumnType<string | null, never, string>;
  decided_at: ColumnType<Date | null, never, Date>;
  reason: ColumnType<string | null, never, string>;
  /** The identity issued (not a duplicate) or the one it duplicates. */
  identity_id: ColumnType<string | null, never, string>;
}

export interface EnrolmentData {
  readonly givenNames: string;
  readonly familyName: string;
  readonly birthDate: string;
  readonly sex: string;
  readonly birthArea?: string | undefined;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly motherUin?: string | undefined;
  readonly fatherUin?: string | undefined;
}

export interface ReviewCandidate {
  readonly identityId: string;
  readonly score: number;
}

export type VidType = 'perpetual' | 'temporary' | 'one-time';

export interface VidsTable {
  vid: string;
  identity_id: string;
  type: VidType;
  expires_at: Date | null;
  created_by: string;
  created_at: Created;
  revoked_at: ColumnType<Date | null, never, Date>;
  used_at: ColumnType<Date | null, never, Date>;
}

export type VerificationType = 'demographic' | 'otp' | 'ekyc';
export type MatchType = 'exact' | 'partial' | 'phonetic';

/** The attributes e-KYC can return, when a partner's policy allows them. */
export const EKYC_ATTRIBUTES = [
  'givenNames',
  'familyName',
  'fullName',
  'birthDate',
  'sex',
  'birthPlace',
  'phone',
  'email',
] as const;
export type EkycAttribute = (typeof EKYC_ATTRIBUTES)[number];

export interface PartnerPolicy {
  verificationTypes: VerificationType[];
  matchTypes: MatchType[];
  ekycAttributes: EkycAttribute[];
}

export interface PartnersTable {
  id: string;
  name: string;
  policy: ColumnType<PartnerPolicy, string, string>;
  key_hash: ColumnType<string, string, string>;
  created_by: string;
  created_at: Created;
  key_rotated_at: ColumnType<Date | null, never, Date>;
  revoked_at: ColumnType<Date | null, never, Date>;
}

export interface OtpsTable {
  id: string;
  identity_id: string;
  /** Null when the person asked for it themselves (self-service). */
  partner_id: string | null;
  code_hash: string;
  expires_at: Date;
  attempts: ColumnType<number, never, number>;
  consumed_at: ColumnType<Date | null, never, Date>;
  created_at: Created;
}

export interface TransactionsTable {
  id: string;
  partner_id: string | null;
  type: string;
  /** yes, no, sent, refused. */
  result: string;
  reason: string | null;
  identity_id: string | null;
  /** HMAC of the number given (UIN or VID), never the number. */
  individual_id_hash: string;
  id_kind: string;
  at: Created;
}

export interface IdentityTables extends AuditTables {
  uin_pool: UinPoolTable;
  identities: IdentitiesTable;
  demographics_history: DemographicsHistoryTable;
  enrolment_reviews: EnrolmentReviewsTable;
  vids: VidsTable;
  partners: PartnersTable;
  otps: OtpsTable;
  transactions: TransactionsTable;
}

export type IdentityDb = ServiceDb<IdentityTables>;
export type IdentityRow = Selectable<IdentitiesTable>;

/** The identity service's handle on a database, for tests, commands and other services' api calls. */
export function identityDb(database: Pick<Database, 'forSchema'>): IdentityDb {
  return database.forSchema<IdentityTables & CoreEventTables>('identity');
}
