/** The errors a declaration's values can have: a stable code for programs, an English message for people. */

export const FIELD_ERROR_CODES = [
  'unknown-field',
  'hidden',
  'required',
  'invalid-type',
  'invalid-date',
  'invalid-number',
  'invalid-phone',
  'invalid-email',
  'invalid-code',
  'invalid-document',
  'not-an-option',
  'too-short',
  'too-long',
  'pattern',
  'min',
  'max',
  'in-future',
  'before',
  'after',
  'too-young',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export interface FieldError {
  /** The value's path, `sectionId.fieldId`; a section id alone for a whole section, `''` for the whole declaration. */
  readonly field: string;
  readonly code: FieldErrorCode;
  /** In English, to follow the field's name: "is required", "must not be after 2025-03-01". */
  readonly message: string;
}
