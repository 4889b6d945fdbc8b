/**
 * What a correction changes: the fields whose value differs from the registered one (a cleared field is sent as
 * null), and, to show a correction, each changed field with its value before and after.
 */
import type { Declaration, EventTypeDefinition, Field } from '../../api/types';
import { fieldShown, isEmpty } from '../declare/form-logic';

const same = (a: unknown, b: unknown) => (isEmpty(a) && isEmpty(b)) || JSON.stringify(a) === JSON.stringify(b);

/** The changed fields of `edited` against `registered`, as the request-correction action takes them. */
export function changesBetween(
  definition: EventTypeDefinition,
  registered: Declaration,
  edited: Declaration,
): Declaration {
  const changes: Declaration = {};
  for (const section of definition.form.sections) {
    for (const field of section.fields) {
      if (field.type === 'document') continue;
      const before = registered[section.id]?.[field.id];
      const shown = fieldShown(section, field, edited);
      const after = shown ? edited[section.id]?.[field.id] : undefined;
      if (same(before, after)) continue;
      const value = typeof after === 'string' ? after.trim() : after;
      (changes[section.id] ??= {})[field.id] = isEmpty(value) ? null : value;
    }
  }
  return changes;
}

export interface ChangedField {
  readonly path: string;
  readonly field: Field;
  readonly before: unknown;
  readonly after: unknown;
}

/** Each field `changes` sets, with its value in `registered`. */
export function changedFields(
  definition: EventTypeDefinition,
  registered: Declaration,
  changes: Declaration,
): ChangedField[] {
  const found: ChangedField[] = [];
  for (const section of definition.form.sections) {
    for (const field of section.fields) {
      if (!(field.id in (changes[section.id] ?? {}))) continue;
      found.push({
        path: `${section.id}.${field.id}`,
        field,
        before: registered[section.id]?.[field.id],
        after: changes[section.id]![field.id],
      });
    }
  }
  return found;
}

export const countChanges = (changes: Declaration) =>
  Object.values(changes).reduce((sum, section) => sum + Object.keys(section).length, 0);
