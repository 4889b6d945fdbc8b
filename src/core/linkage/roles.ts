/**
 * Whose attribute a field is. Relatives share a family name, a mother, an address; only the person's own fields
 * (given names, birth date, identity number, sex) tell two children of one family apart. The relatives class of the
 * model (`relatives.ts`) needs to know which is which; the header says it.
 *
 * @example
 * fieldRole('surname', 'name'); // 'family'
 * fieldRole('mother_birth_date', 'date'); // 'family'
 * fieldRole('date_of_birth', 'date'); // 'person'
 */
import type { ComparedKind } from './kinds.js';

export type FieldRole = 'person' | 'family';

const ABOUT_SOMEONE_ELSE = /(mother|father|parent|guardian|spouse|husband|wife|informant|household|head|maiden)/;
const FAMILY_NAME = /(sur|family|last|clan)_?names?|^(surname|lastname|familyname|apellidos?|nom)$/;
const OWN_TRAIT = /(^|_)(sex|gender)(_|$)/;

export function fieldRole(column: string, kind: ComparedKind): FieldRole {
  const header = column
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
  if (ABOUT_SOMEONE_ELSE.test(header)) return 'family';
  switch (kind) {
    case 'name':
      return FAMILY_NAME.test(header) ? 'family' : 'person';
    case 'date':
    case 'id':
      return 'person';
    case 'code':
      return OWN_TRAIT.test(header) ? 'person' : 'family';
    case 'text':
      return 'family';
  }
}
