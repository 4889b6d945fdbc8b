/**
 * The fields of an event type's form by path (`sectionId.fieldId`), and whether each is shown and required for the
 * answers given.
 *
 * @module
 */
import { evaluateCondition } from './conditions.js';
import type { EventTypeDefinition, Section } from './definition.js';
import type { Field } from './field.js';

export interface FormField {
  /** `sectionId.fieldId` */
  readonly path: string;
  readonly section: Section;
  readonly field: Field;
}

const indexes = new WeakMap<EventTypeDefinition, ReadonlyMap<string, FormField>>();

/** Every field of the form, in form order, by path. */
export function formFields(definition: EventTypeDefinition): ReadonlyMap<string, FormField> {
  let index = indexes.get(definition);
  if (!index) {
    const fields = new Map<string, FormField>();
    for (const section of definition.form.sections)
      for (const field of section.fields) {
        const path = `${section.id}.${field.id}`;
        fields.set(path, { path, section, field });
      }
    indexes.set(definition, fields);
    index = fields;
  }
  return index;
}

/** The field at `sectionId.fieldId`, or `undefined` when the form has none. */
export function findField(definition: EventTypeDefinition, path: string): FormField | undefined {
  return formFields(definition).get(path);
}

function getField(definition: EventTypeDefinition, path: string): FormField {
  const found = findField(definition, path);
  if (!found) throw new Error(`the ${definition.id} form (version ${definition.version}) has no field ${path}`);
  return found;
}

/**
 * Whether the field is shown for these answers: its section's `visibleIf` and its own both hold (or are absent).
 * Throws when the form has no such field.
 *
 * @example isVisible(birth, { father: { detailsNotAvailable: true } }, 'father.firstNames') // false
 */
export function isVisible(definition: EventTypeDefinition, data: unknown, path: string): boolean {
  const { section, field } = getField(definition, path);
  if (section.visibleIf && !evaluateCondition(section.visibleIf, data)) return false;
  return field.visibleIf === undefined || evaluateCondition(field.visibleIf, data);
}

/** Whether the field must have a value for these answers: it is shown, and `required` is true or holds. */
export function isRequired(definition: EventTypeDefinition, data: unknown, path: string): boolean {
  const { field } = getField(definition, path);
  if (!isVisible(definition, data, path)) return false;
  return typeof field.required === 'boolean' ? field.required : evaluateCondition(field.required, data);
}
