import { describe, expect, it } from 'vitest';
import { demoDefinition } from './test-definitions.js';
import { validateDeclaration } from './validate.js';

const birth = demoDefinition('birth');
const death = demoDefinition('death');
const marriage = demoDefinition('marriage');
const today = '2025-06-15';

/** A complete, valid birth declaration; tests change one thing in it. */
function validBirth() {
  return {
    child: {
      firstNames: 'Ada Grace',
      familyName: 'Mwale',
      sex: 'female',
      birthDate: '2025-06-01',
      placeOfBirthType: 'health-facility',
      birthFacility: 'FAC-IBO-01',
      placeOfBirthArea: 'CEN-IBO',
      typeOfBirth: 'single',
      attendant: 'midwife',
      weightAtBirth: 3.2,
    } as Record<string, unknown>,
    mother: {
      firstNames: 'Chanda',
      familyName: 'Mwale',
      birthDate: '1995-03-12',
      nationality: 'XDM',
      nationalId: '1234567890',
      maritalStatus: 'married',
      previousLiveBirths: 1,
      phone: '+260971234567',
    } as Record<string, unknown>,
    father: {
      detailsNotAvailable: false,
      firstNames: 'Bwalya',
      familyName: 'Mwale',
      birthDate: '1990-11-30',
      nationality: 'XDM',
    } as Record<string, unknown>,
    informant: { type: 'mother' } as Record<string, unknown>,
    documents: { proofOfBirth: ['0197a3c2-5d1e-7c4a-9b2f-3e4d5c6b7a80'] } as Record<string, unknown>,
  };
}

describe('validateDeclaration', () => {
  it('accepts a complete, valid birth declaration', () => {
    expect(validateDeclaration(birth, validBirth(), { complete: true, today })).toEqual({ errors: [], missing: [] });
  });

  it('lists an empty required field as missing, and makes it an error only for a complete declaration', () => {
    const data = validBirth();
    delete data.child.sex;
    data.mother.firstNames = '  ';
    expect(validateDeclaration(birth, data, { complete: false, today })).toEqual({
      errors: [],
      missing: ['child.sex', 'mother.firstNames'],
    });
    expect(validateDeclaration(birth, data, { complete: true, today })).toEqual({
      errors: [
        { field: 'child.sex', code: 'required', message: 'is required' },
        { field: 'mother.firstNames', code: 'required', message: 'is required' },
      ],
      missing: ['child.sex', 'mother.firstNames'],
    });
  });

  it('requires a field when its condition holds, and only then', () => {
    const data = validBirth();
    delete data.documents.proofOfBirth;
    expect(validateDeclaration(birth, data, { complete: false, today }).missing).toEqual(['documents.proofOfBirth']);
    data.child.placeOfBirthType = 'private-home';
    delete data.child.birthFacility;
    expect(validateDeclaration(birth, data, { complete: true, today })).toEqual({ errors: [], missing: [] });
  });

  it("refuses the father's details when they are marked not available, and asks for the reason", () => {
    const data = validBirth();
    data.father.detailsNotAvailable = true;
    const result = validateDeclaration(birth, data, { complete: false, today });
    expect(result.errors.map((error) => [error.field, error.code])).toEqual([
      ['father.firstNames', 'hidden'],
      ['father.familyName', 'hidden'],
      ['father.birthDate', 'hidden'],
      ['father.nationality', 'hidden'],
    ]);
    expect(result.missing).toEqual(['father.reasonNotAvailable']);
    data.father = { detailsNotAvailable: true, reasonNotAvailable: 'Unknown to the mother' };
    expect(validateDeclaration(birth, data, { complete: true, today })).toEqual({ errors: [], missing: [] });
  });

  it("refuses a mother born after the child, naming the child's birth date", () => {
    const data = validBirth();
    data.mother.birthDate = '2025-06-02';
    expect(validateDeclaration(birth, data, { complete: true, today }).errors).toEqual([
      {
        field: 'mother.birthDate',
        code: 'after',
        message: 'must not be after Date of birth (child.birthDate), 2025-06-01',
      },
    ]);
  });

  it('refuses a birth date in the future, and one that is not a real date', () => {
    const data = validBirth();
    data.child.birthDate = '2025-06-16';
    data.mother.birthDate = '1995-02-29';
    expect(validateDeclaration(birth, data, { complete: true, today }).errors).toEqual([
      { field: 'child.birthDate', code: 'in-future', message: 'must not be after today (2025-06-15)' },
      { field: 'mother.birthDate', code: 'invalid-date', message: 'must be a real date written YYYY-MM-DD' },
    ]);
    data.child.birthDate = '2025-06-15';
    expect(validateDeclaration(birth, data, { complete: true, today }).errors.map((error) => error.field)).toEqual([
      'mother.birthDate',
    ]);
  });

  it('refuses a value that is not among the options', () => {
    const data = validBirth();
    data.child.sex = 'F';
    expect(validateDeclaration(birth, data, { complete: true, today }).errors).toEqual([
      { field: 'child.sex', code: 'not-an-option', message: 'must be one of male, female, unknown' },
    ]);
  });

  it('refuses unknown sections and fields', () => {
    const data = { ...validBirth(), grandmother: { firstNames: 'Esther' } };
    data.child.nickname = 'Adi';
    expect(validateDeclaration(birth, data, { complete: true, today }).errors).toEqual([
      { field: 'child.nickname', code: 'unknown-field', message: 'is not a field of this form' },
      { field: 'grandmother', code: 'unknown-field', message: 'is not a section of this form' },
    ]);
  });

  it('checks the type of each value and its rules', () => {
    const data = validBirth();
    data.child.firstNames = 42;
    data.child.weightAtBirth = 9;
    data.child.placeOfBirthArea = 'CEN IBO';
    data.mother.nationalId = '12345';
    data.mother.phone = '0971234567';
    data.mother.previousLiveBirths = '1';
    data.father.detailsNotAvailable = 'no';
    data.documents.proofOfBirth = [42];
    expect(validateDeclaration(birth, data, { complete: false, today }).errors).toEqual([
      { field: 'child.firstNames', code: 'invalid-type', message: 'must be text' },
      { field: 'child.placeOfBirthArea', code: 'invalid-code', message: 'must be an area code' },
      { field: 'child.weightAtBirth', code: 'max', message: 'must be at most 7' },
      { field: 'mother.nationalId', code: 'pattern', message: 'must have 10 digits' },
      { field: 'mother.previousLiveBirths', code: 'invalid-number', message: 'must be a number' },
      {
        field: 'mother.phone',
        code: 'invalid-phone',
        message: 'must be an international phone number such as +260971234567',
      },
      { field: 'father.detailsNotAvailable', code: 'invalid-type', message: 'must be true or false' },
      {
        field: 'documents.proofOfBirth',
        code: 'invalid-document',
        message: 'must be a document id or a list of document ids',
      },
    ]);
  });

  it('refuses a declaration that is not an object of sections', () => {
    expect(validateDeclaration(birth, [], { complete: false, today }).errors).toEqual([
      { field: '', code: 'invalid-type', message: 'must be an object of sections' },
    ]);
    expect(validateDeclaration(birth, { child: 'Ada' }, { complete: false, today }).errors[0]).toEqual({
      field: 'child',
      code: 'invalid-type',
      message: 'must be an object of fields',
    });
  });

  it('lists every required field of an empty declaration, which is allowed while incomplete', () => {
    const { errors, missing } = validateDeclaration(birth, {}, { complete: false, today });
    expect(errors).toEqual([]);
    expect(missing).toEqual([
      'child.firstNames',
      'child.familyName',
      'child.sex',
      'child.birthDate',
      'child.placeOfBirthType',
      'child.placeOfBirthArea',
      'mother.firstNames',
      'mother.familyName',
      'mother.birthDate',
      'mother.nationality',
      'father.firstNames',
      'father.familyName',
      'informant.type',
    ]);
  });

  it('hides a whole section by its condition: the spouse of a deceased who was not married', () => {
    const data = {
      deceased: { firstNames: 'Joseph', familyName: 'Banda', sex: 'male', maritalStatus: 'widowed' },
      death: {
        dateOfDeath: '2025-05-01',
        placeOfDeathType: 'usual-residence',
        placeOfDeathArea: 'NTH-OSE',
        manner: 'natural',
      },
      informant: { type: 'son', firstNames: 'Peter', familyName: 'Banda' },
      spouse: { firstNames: 'Mary' },
    };
    expect(validateDeclaration(death, data, { complete: true, today }).errors).toEqual([
      { field: 'spouse.firstNames', code: 'hidden', message: 'must be left empty: the answers given hide this field' },
    ]);
    data.deceased.maritalStatus = 'married';
    expect(validateDeclaration(death, data, { complete: false, today })).toEqual({
      errors: [],
      missing: ['spouse.familyName'],
    });
  });

  it('refuses a spouse younger than 18 on the day of the marriage', () => {
    const party = (birthDate: string) => ({
      firstNames: 'A',
      familyName: 'B',
      birthDate,
      previousMaritalStatus: 'single',
    });
    const data = {
      partyOne: party('2007-05-02'),
      partyTwo: party('2007-05-01'),
      marriage: { date: '2025-05-01', type: 'civil', placeOfMarriageArea: 'STH-EMB', officiantName: 'C' },
      witnesses: { witnessOneName: 'D', witnessTwoName: 'E' },
    };
    expect(validateDeclaration(marriage, data, { complete: true, today }).errors).toEqual([
      {
        field: 'partyOne.birthDate',
        code: 'too-young',
        message: 'must be at least 18 years before Date of marriage (marriage.date), 2025-05-01',
      },
    ]);
  });
});
