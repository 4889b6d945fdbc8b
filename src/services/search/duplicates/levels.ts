/** The comparison levels of a pair of declarations under an event type's duplicate rules, field by field. */
import { valueAt, type DuplicateField, type EventTypeDefinition } from '../../../core/forms/index.js';
import { compareValues, normalizedValue } from './compare.js';

type Data = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface PreparedDeclaration {
  /** The normalised value of each rule's field ('' when missing). */
  readonly values: string[];
}

export function prepare(rules: readonly DuplicateField[], data: Data): PreparedDeclaration {
  return { values: rules.map((rule) => normalizedValue(rule.compare, valueAt(data, rule.field))) };
}

/** The same from the fields' values as text, in the order of the rules (as the candidates are read). */
export function prepareValues(
  rules: readonly DuplicateField[],
  values: readonly (string | null)[],
): PreparedDeclaration {
  return { values: rules.map((rule, index) => normalizedValue(rule.compare, values[index])) };
}

/** For each name rule, the other name rule of the same section (given ↔ family), to see names swapped. */
export function swapPartners(rules: readonly DuplicateField[]): (number | undefined)[] {
  return rules.map((rule, index) => {
    if (rule.compare !== 'name') return undefined;
    const section = rule.field.split('.')[0];
    const partner = rules.findIndex(
      (other, at) => at !== index && other.compare === 'name' && other.field.split('.')[0] === section,
    );
    return partner < 0 ? undefined : partner;
  });
}

export function pairLevels(
  definition: EventTypeDefinition,
  a: PreparedDeclaration,
  b: PreparedDeclaration,
  partners = swapPartners(definition.deduplication?.fields ?? []),
): number[] {
  const rules = definition.deduplication?.fields ?? [];
  const levels = rules.map((rule, index) => {
    const partner = partners[index];
    const swapped = partner === undefined ? undefined : { a: a.values[partner]!, b: b.values[partner]! };
    return compareValues(rule, a.values[index]!, b.values[index]!, swapped);
  });
  // One value in several fields of a record (the child's family name is usually the mother's): agreeing on it is one
  // piece of evidence, counted in the first field that has it.
  rules.forEach((_rule, index) => {
    if (levels[index] !== 0) return;
    const value = a.values[index]!;
    if (rules.some((_other, earlier) => earlier < index && levels[earlier] === 0 && a.values[earlier] === value))
      levels[index] = -1;
  });
  // Names swapped show in both fields: one piece of evidence, counted in the first of the two.
  rules.forEach((_rule, index) => {
    const partner = partners[index];
    if (partner !== undefined && partner < index && levels[partner] === 3 && levels[index] === 3) levels[index] = -1;
  });
  return levels;
}
