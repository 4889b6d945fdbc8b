/** The shapes the Civitas API answers (see /docs on the server), as far as the app reads them. */

export type Localized = Readonly<Record<string, string>>;

export interface TokenResponse {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly refreshExpiresIn: number;
  readonly scope: string;
}

export interface LoginChallenge {
  readonly challengeId: string;
  readonly channel: 'sms' | 'email' | 'development' | 'totp';
  readonly expiresAt: string;
}

export interface Me {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly role: string;
  readonly office: string | null;
  readonly language: string;
}

export type RecordStatus = 'DRAFT' | 'DECLARED' | 'VALIDATED' | 'REGISTERED' | 'REJECTED' | 'ARCHIVED';
export type Declaration = Record<string, Record<string, unknown>>;

export interface RecordView {
  readonly id: string;
  readonly trackingId: string;
  readonly eventType: string;
  readonly formVersion: number;
  readonly status: RecordStatus;
  readonly flags: readonly string[];
  readonly version: number;
  readonly registrationNumber: string | null;
  readonly assignedTo: string | null;
  readonly area: string | null;
  readonly office: string | null;
  readonly data: Declaration;
  readonly rejectionReason: string | null;
  readonly duplicates: readonly { recordId: string; trackingId: string; probability: number }[];
  /** A correction asked for and not yet approved or rejected: the changed fields and why. */
  readonly pendingCorrection?: { readonly data: Declaration; readonly reason: string } | null;
  readonly identityNumber?: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface QueueItem {
  readonly id: string;
  readonly trackingId: string;
  readonly eventType: string;
  readonly status: RecordStatus;
  readonly flags: readonly string[];
  readonly version: number;
  readonly registrationNumber: string | null;
  readonly assignedTo: string | null;
  readonly area: string | null;
  readonly office: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface HistoryEntry {
  readonly seq: number;
  readonly type: string;
  readonly at: string;
  readonly userId: string;
  readonly role: string;
  readonly office: string | null;
  readonly reason?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Condition =
  | { readonly field: string; readonly equals: string | number | boolean }
  | { readonly field: string; readonly in: readonly (string | number | boolean)[] }
  | { readonly field: string; readonly notEmpty: true }
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };

export type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'select'
  | 'radio'
  | 'checkbox'
  | 'phone'
  | 'email'
  | 'id-number'
  | 'area'
  | 'facility'
  | 'office'
  | 'document';

export interface FieldValidation {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly patternMessage?: Localized;
  readonly min?: number;
  readonly max?: number;
  readonly notInFuture?: boolean;
  readonly notBefore?: string;
  readonly notAfter?: string;
  readonly minAgeYears?: { readonly years: number; readonly relativeTo?: string };
}

export interface Field {
  readonly id: string;
  readonly type: FieldType;
  readonly label: Localized;
  readonly required?: boolean | Condition;
  readonly visibleIf?: Condition;
  readonly options?: readonly { readonly value: string; readonly label: Localized }[];
  readonly validation?: FieldValidation;
}

export interface Section {
  readonly id: string;
  readonly label: Localized;
  readonly visibleIf?: Condition;
  readonly fields: readonly Field[];
}

export interface EventTypeDefinition {
  readonly id: string;
  readonly version: number;
  readonly label: Localized;
  readonly subjectField: string;
  readonly areaField: string;
  readonly dateField: string;
  readonly workflow?: { readonly requiresValidation?: boolean };
  readonly form: { readonly sections: readonly Section[] };
}

export interface EventTypeSummary {
  readonly id: string;
  readonly version: number;
  readonly label: Localized;
}

export interface Place {
  readonly code: string;
  readonly name: string;
  readonly kind?: string;
  readonly areaCode?: string;
  readonly parentCode?: string | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
}

export interface UploadedDocument {
  readonly id: string;
  readonly contentType: string;
  readonly size: number;
}

export interface WebSettings {
  readonly offlineQueueLimit: number;
}
