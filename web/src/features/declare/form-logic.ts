/**
 * A configured form's rules, as the server applies them (src/core/forms): when a section or a field shows, when it
 * is required, and which values a declaration sends (none for hidden fields, none blank).
 */
import type { Condition, Declaration, EventTypeDefinition, Field, Section } from '../../api/types';

export function valueAt(data: Declaration, path: string): unknown {
  const [sectionId, fieldId] = path.split('.') as [string, string];
  return data[sectionId]?.[fieldId];
}

/** Not given: absent, null, blank, an empty list, an unticked checkbox. */
export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return true;
  if (typeof value === 'string') return value.trim() === '';
  return Array.isArray(value) && value.length === 0;
}

export function holds(condition: Condition, data: Declaration): boolean {
  if ('all' in condition) return condition.all.every((inner) => holds(inner, data));
  if ('any' in condition) return condition.any.some((inner) => holds(inner, data));
  if ('not' in condition) return !holds(condition.not, data);
  const value = valueAt(data, condition.field);
  if ('equals' in condition) return value === condition.equals;
  if ('in' in condition) return condition.in.some((candidate) => candidate === value);
  return !isEmpty(value);
}

export const sectionShown = (section: Section, data: Declaration) =>
  section.visibleIf === undefined || holds(section.visibleIf, data);

export const fieldShown = (section: Section, field: Field, data: Declaration) =>
  sectionShown(section, data) && (field.visibleIf === undefined || holds(field.visibleIf, data));

export function fieldRequired(section: Section, field: Field, data: Declaration): boolean {
  if (!fieldShown(section, field, data)) return false;
  const required = field.required ?? false;
  return typeof required === 'boolean' ? required : holds(required, data);
}

/** A copy with one value set (or removed, for undefined). */
export function withValue(data: Declaration, path: string, value: unknown): Declaration {
  const [sectionId, fieldId] = path.split('.') as [string, string];
  const section = { ...(data[sectionId] ?? {}) };
  if (value === undefined) delete section[fieldId];
  else section[fieldId] = value;
  return { ...data, [sectionId]: section };
}

/**
 * What is sent: the values of the fields shown, without blanks (the server refuses a value in a hidden field, and an
 * answer changed later can hide a field filled before). Document fields are filled with ids when sending.
 */
export function declarationToSend(definition: EventTypeDefinition, data: Declaration): Declaration {
  const result: Declaration = {};
  for (const section of definition.form.sections) {
    for (const field of section.fields) {
      if (field.type === 'document') continue;
      const value = data[section.id]?.[field.id];
      if (!fieldShown(section, field, data) || isEmpty(value)) continue;
      (result[section.id] ??= {})[field.id] = typeof value === 'string' ? value.trim() : value;
    }
  }
  return result;
}
