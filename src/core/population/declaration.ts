/**
 * A generated birth as the demo country's birth form takes it (countries/demo/events/birth.yaml): the data a clerk
 * would submit, which `validateDeclaration` accepts. Fields the record does not know are left out, never sent empty;
 * the father's section says when his details are not available, and why. A birth in a health facility needs the
 * facility's notification of birth as a document (`documents.proofOfBirth`): pass the id of a stored document, or
 * the declaration is valid but incomplete.
 *
 * @example
 * const data = toBirthDeclaration(record, { proofOfBirth: documentId });
 * validateDeclaration(birth, data, { complete: true, today: '2026-01-01' }); // { errors: [], missing: [] }
 */
import type { GeneratedBirth, GeneratedParent } from './birth-record.js';

export interface BirthDeclarationOptions {
  /** Id of the document proving a birth in a health facility. */
  readonly proofOfBirth?: string;
}

export type BirthDeclaration = Record<string, Record<string, unknown>>;

export function toBirthDeclaration(record: GeneratedBirth, options: BirthDeclarationOptions = {}): BirthDeclaration {
  const { child, informant } = record;
  const declaration: BirthDeclaration = {
    child: withoutEmpty({
      firstNames: child.givenNames,
      familyName: child.familyName,
      sex: child.sex,
      birthDate: child.birthDate,
      placeOfBirthType: child.placeOfBirthType,
      birthFacility: child.placeOfBirthType === 'health-facility' ? child.birthFacility : undefined,
      placeOfBirthArea: child.birthDistrict,
      typeOfBirth: child.typeOfBirth,
    }),
    mother: parentSection(record.mother, 'mother'),
    father: record.father
      ? parentSection(record.father, 'father')
      : { detailsNotAvailable: true, reasonNotAvailable: 'Not known to the informant' },
    informant:
      informant.type === 'other'
        ? {
            type: 'other',
            firstNames: informant.givenNames,
            familyName: informant.familyName,
            relationship: informant.relationship,
          }
        : { type: informant.type },
  };
  if (child.placeOfBirthType === 'health-facility' && options.proofOfBirth !== undefined) {
    declaration.documents = { proofOfBirth: [options.proofOfBirth] };
  }
  return declaration;
}

/** The mother's section also has her country (when not XDM) and phone; the father's has neither field. */
function parentSection(parent: GeneratedParent, section: 'mother' | 'father'): Record<string, unknown> {
  const mother = section === 'mother';
  return withoutEmpty({
    firstNames: parent.givenNames,
    familyName: parent.familyName,
    birthDate: parent.birthDate,
    nationality: parent.nationality,
    otherNationality: mother ? parent.otherNationality : undefined,
    nationalId: parent.nationalId,
    phone: mother ? parent.phone : undefined,
  });
}

function withoutEmpty(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
