/**
 * Checks of one value against its field: first its type (what any value of a date, a phone number, ... looks like),
 * then the field's own validation rules.
 */
import { ageInYears, dayNumber } from './dates.js';
import type { EventTypeDefinition } from './definition.js';
import type { Field } from './field.js';
import type { FieldError, FieldErrorCode } from './field-errors.js';
import { findField } from './form-fields.js';
import { valueAt } from './values.js';

type Problem = Omit<FieldError, 'field'>;
const problem = (code: FieldErrorCode, message: string): Problem => ({ code, message });

const PHONE = /^\+[1-9]\d{1,14}$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const CODE_MESSAGES = {
  area: 'must be an area code',
  facility: 'must be a facility code',
  office: 'must be an office code',
} as const;
const DOCUMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** Whether a given (not empty) value has the shape its field's type needs. */
export function checkType(field: Field, value: unknown): Problem | undefined {
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'id-number':
      return typeof value === 'string' ? undefined : problem('invalid-type', 'must be text');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : problem('invalid-number', 'must be a number');
    case 'date':
      return typeof value === 'string' && dayNumber(value) !== undefined
        ? undefined
        : problem('invalid-date', 'must be a real date written YYYY-MM-DD');
    case 'select':
    case 'radio':
      return field.options?.some((option) => option.value === value)
        ? undefined
        : problem('not-an-option', `must be one of ${field.options?.map((option) => option.value).join(', ')}`);
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : problem('invalid-type', 'must be true or false');
    case 'phone':
      return typeof value === 'string' && PHONE.test(value)
        ? undefined
        : problem('invalid-phone', 'must be an international phone number such as +260971234567');
    case 'email':
      return typeof value === 'string' && value.length <= 254 && EMAIL.test(value)
        ? undefined
        : problem('invalid-email', 'must be an e-mail address');
    case 'area':
    case 'facility':
    case 'office':
      return typeof value === 'string' && CODE.test(value)
        ? undefined
        : problem('invalid-code', CODE_MESSAGES[field.type]);
    case 'document': {
      const ids = Array.isArray(value) ? value : [value];
      return ids.every((id) => typeof id === 'string' && DOCUMENT_ID.test(id))
        ? undefined
        : problem('invalid-document', 'must be a document id or a list of document ids');
    }
  }
}

/** The field's validation rules, on a value of the right type that is not empty. */
export function checkRules(
  definition: EventTypeDefinition,
  field: Field,
  value: unknown,
  data: unknown,
  today: string,
): Problem[] {
  const rules = field.validation;
  if (!rules) return [];
  const problems: Problem[] = [];
  if (typeof value === 'string' && field.type !== 'date') {
    const length = [...value].length;
    if (rules.minLength !== undefined && length < rules.minLength)
      problems.push(problem('too-short', `must have at least ${rules.minLength} characters`));
    if (rules.maxLength !== undefined && length > rules.maxLength)
      problems.push(problem('too-long', `must have at most ${rules.maxLength} characters`));
    if (rules.pattern !== undefined && !new RegExp(`^(?:${rules.pattern})$`).test(value))
      problems.push(problem('pattern', rules.patternMessage?.en ?? `must match ${rules.pattern}`));
  }
  if (typeof value === 'number') {
    if (rules.min !== undefined && value < rules.min) problems.push(problem('min', `must be at least ${rules.min}`));
    if (rules.max !== undefined && value > rules.max) problems.push(problem('max', `must be at most ${rules.max}`));
  }
  if (field.type === 'date' && typeof value === 'string') {
    if (rules.notInFuture && value > today) problems.push(problem('in-future', `must not be after today (${today})`));
    const other = (path: string) => {
      const date = valueAt(data, path);
      const label = findField(definition, path)?.field.label.en ?? path;
      return typeof date === 'string' && dayNumber(date) !== undefined
        ? { date, name: `${label} (${path})` }
        : undefined;
    };
    const notBefore = rules.notBefore === undefined ? undefined : other(rules.notBefore);
    if (notBefore && value < notBefore.date)
      problems.push(problem('before', `must not be before ${notBefore.name}, ${notBefore.date}`));
    const notAfter = rules.notAfter === undefined ? undefined : other(rules.notAfter);
    if (notAfter && value > notAfter.date)
      problems.push(problem('after', `must not be after ${notAfter.name}, ${notAfter.date}`));
    const minAge = rules.minAgeYears;
    const on = minAge?.relativeTo === undefined ? { date: today, name: 'today' } : other(minAge.relativeTo);
    if (minAge && on && ageInYears(value, on.date) < minAge.years)
      problems.push(problem('too-young', `must be at least ${minAge.years} years before ${on.name}, ${on.date}`));
  }
  return problems;
}
