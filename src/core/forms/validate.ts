/**
 * Checks a declaration against its event type's form: every value known, shown and well-formed, and every required
 * field given. A declaration may be saved incomplete; only a complete one must have every required field.
 *
 * @module
 */
import { toIsoDate } from './dates.js';
import type { EventTypeDefinition } from './definition.js';
import type { Field } from './field.js';
import type { FieldError } from './field-errors.js';
import { formFields, isRequired, isVisible } from './form-fields.js';
import { checkRules, checkType } from './value-checks.js';
import { isEmpty, isPlainObject } from './values.js';

export interface ValidateDeclarationOptions {
  /** true: each required field left empty is also an error (`required`); false: they are only listed in `missing`. */
  readonly complete: boolean;
  /** The date `notInFuture` and ages compare with; defaults to the current UTC day. Pass the country's local date. */
  readonly today?: Date | string;
}

export interface DeclarationValidation {
  /** Every problem, in form order (unknown sections and fields first). Empty when the declaration is valid. */
  readonly errors: FieldError[];
  /** Paths of the required fields that are shown and empty, in form order: the declaration is incomplete. */
  readonly missing: string[];
}

/**
 * Validates a declaration (`{ child: { firstNames: 'Ada', ... }, mother: { ... } }`) against the form of the
 * definition it was declared with.
 *
 * @example
 * const { errors, missing } = validateDeclaration(birth, data, { complete: false });
 * // errors: [{ field: 'mother.birthDate', code: 'after', message: 'must not be after Date of birth (child.birthDate), 2025-01-10' }]
 * // missing: ['child.sex']
 */
export function validateDeclaration(
  definition: EventTypeDefinition,
  data: unknown,
  options: ValidateDeclarationOptions,
): DeclarationValidation {
  const errors: FieldError[] = [];
  const missing: string[] = [];
  if (data !== undefined && data !== null && !isPlainObject(data)) {
    errors.push({ field: '', code: 'invalid-type', message: 'must be an object of sections' });
    return { errors, missing };
  }
  const sections = (data ?? {}) as Record<string, unknown>;
  const fields = formFields(definition);
  const sectionIds = new Set(definition.form.sections.map((section) => section.id));
  for (const [sectionId, section] of Object.entries(sections)) {
    if (!sectionIds.has(sectionId)) {
      errors.push({ field: sectionId, code: 'unknown-field', message: 'is not a section of this form' });
    } else if (section !== undefined && section !== null && !isPlainObject(section)) {
      errors.push({ field: sectionId, code: 'invalid-type', message: 'must be an object of fields' });
    } else {
      for (const fieldId of Object.keys(section ?? {}))
        if (!fields.has(`${sectionId}.${fieldId}`))
          errors.push({
            field: `${sectionId}.${fieldId}`,
            code: 'unknown-field',
            message: 'is not a field of this form',
          });
    }
  }

  const today = toIsoDate(options.today ?? new Date());
  for (const { path, section, field } of fields.values()) {
    const sectionData = sections[section.id];
    const value =
      isPlainObject(sectionData) && Object.hasOwn(sectionData, field.id) ? sectionData[field.id] : undefined;
    if (!isVisible(definition, data, path)) {
      if (!isEmpty(value))
        errors.push({ field: path, code: 'hidden', message: 'must be left empty: the answers given hide this field' });
      continue;
    }
    if (isBlank(field, value)) {
      if (isRequired(definition, data, path)) {
        missing.push(path);
        if (options.complete) errors.push({ field: path, code: 'required', message: 'is required' });
      }
      continue;
    }
    const wrongType = checkType(field, value);
    if (wrongType) errors.push({ field: path, ...wrongType });
    else
      for (const problem of checkRules(definition, field, value, data, today)) errors.push({ field: path, ...problem });
  }
  return { errors, missing };
}

/** Not given: absent, null or blank; an empty list of documents; an unticked checkbox. */
function isBlank(field: Field, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (field.type === 'document' && Array.isArray(value)) return value.length === 0;
  return field.type === 'checkbox' && value === false;
}
