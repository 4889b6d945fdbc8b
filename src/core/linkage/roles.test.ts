import { describe, expect, it } from 'vitest';
import { fieldRole } from './roles.js';

describe('whose attribute a field is', () => {
  it('takes family names, parents’ details and addresses as shared by a family', () => {
    expect(fieldRole('surname', 'name')).toBe('family');
    expect(fieldRole('Family Name', 'name')).toBe('family');
    expect(fieldRole('mother_name', 'name')).toBe('family');
    expect(fieldRole('mother.birthDate', 'date')).toBe('family');
    expect(fieldRole('father_id', 'id')).toBe('family');
    expect(fieldRole('address_1', 'text')).toBe('family');
    expect(fieldRole('postcode', 'code')).toBe('family');
  });

  it('takes given names, birth dates, identity numbers and sex as the person’s own', () => {
    expect(fieldRole('given_name', 'name')).toBe('person');
    expect(fieldRole('name', 'name')).toBe('person');
    expect(fieldRole('date_of_birth', 'date')).toBe('person');
    expect(fieldRole('soc_sec_id', 'id')).toBe('person');
    expect(fieldRole('sex', 'code')).toBe('person');
  });
});
