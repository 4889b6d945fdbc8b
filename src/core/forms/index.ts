/**
 * Event types as configuration: the shape of a country's event type definition files (birth, death, marriage, ...),
 * their parsing with line numbers, and the validation of a declaration against its form. Pure: no database, no HTTP.
 *
 * @module
 */
export { CONDITION_SHAPES, Condition, ConditionValue, evaluateCondition } from './conditions.js';
export { blockingPart, COMPARE_METHODS, Deduplication, DuplicateField, type CompareMethod } from './deduplication.js';
export { ageInYears, dayNumber, isIsoDate, toIsoDate } from './dates.js';
export {
  Certificate,
  CustomAction,
  EventTypeDefinition,
  Fees,
  Form,
  LegalPeriods,
  RECORD_STATUSES,
  RecordStatus,
  RegistrationNumber,
  Section,
  Workflow,
} from './definition.js';
export {
  CHOICE_TYPES,
  FIELD_TYPES,
  Field,
  FieldOption,
  FieldPath,
  FieldType,
  FieldValidation,
  TEXT_TYPES,
} from './field.js';
export { FIELD_ERROR_CODES, type FieldError, type FieldErrorCode } from './field-errors.js';
export { findField, formFields, isRequired, isVisible, type FormField } from './form-fields.js';
export { Localized } from './localized.js';
export { parseEventTypeDefinition, type ParseEventTypeDefinitionResult } from './parse.js';
export {
  formatRegistrationNumber,
  registrationNumberProblems,
  registrationNumberSeries,
  type RegistrationNumberValues,
} from './registration-number.js';
export { registrationFee, timeliness, type Timeliness } from './timeliness.js';
export { validateDeclaration, type DeclarationValidation, type ValidateDeclarationOptions } from './validate.js';
export { isEmpty, valueAt, type DeclarationData } from './values.js';
