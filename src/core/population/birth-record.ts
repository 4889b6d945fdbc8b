/**
 * One generated birth record: a child, its mother, its father when known, and who declared the birth, plus the
 * ground truth a benchmark scores against (which person and family the record is of, and for a duplicate the
 * mistakes made in it). Field values are what a clerk would have entered, so a duplicate's names and dates may be
 * wrong; `personId` never is.
 */
import type { Language } from './names/name-list.js';

export type Sex = 'male' | 'female';
export type PlaceOfBirthType = 'health-facility' | 'private-home' | 'other';
export type Nationality = 'XDM' | 'other';

/** The mistakes a duplicate can hold; see `duplicates.ts`. */
export const DUPLICATE_ERRORS = [
  'typo',
  'phonetic',
  'nickname',
  'swapped-names',
  'missing-middle-name',
  'date-day',
  'date-day-month-swapped',
  'date-year',
  'date-digit',
  'mother-id-missing',
  'mother-id-typo',
  'father-missing',
  'moved',
  'ocr',
] as const;
export type DuplicateError = (typeof DUPLICATE_ERRORS)[number];

export interface GeneratedChild {
  /** One or two given names, first name first: "Grace Mwansa". */
  readonly givenNames: string;
  readonly familyName: string;
  readonly sex: Sex;
  /** YYYY-MM-DD */
  readonly birthDate: string;
  /** Area code of the district of birth. */
  readonly birthDistrict: string;
  readonly placeOfBirthType: PlaceOfBirthType;
  /** Facility code, for a birth in a health facility. */
  readonly birthFacility: string | undefined;
  readonly typeOfBirth: 'single' | 'twin';
}

export interface GeneratedParent {
  readonly givenNames: string;
  readonly familyName: string;
  readonly birthDate: string | undefined;
  readonly nationality: Nationality;
  /** The country, when `nationality` is 'other'. */
  readonly otherNationality: string | undefined;
  /** Ten digits, or undefined when the parent has none or did not give it. */
  readonly nationalId: string | undefined;
  /** +2609xxxxxxxx, or undefined. */
  readonly phone: string | undefined;
}

export type GeneratedInformant =
  | { readonly type: 'mother' | 'father' }
  | {
      readonly type: 'other';
      readonly givenNames: string;
      readonly familyName: string;
      readonly relationship: string;
    };

export interface GeneratedBirth {
  /** Unique per record: R0000001, R0000002, ... in the order records are produced. */
  readonly recordId: string;
  /** The child: the same for a record and its duplicates, different for twins and siblings. */
  readonly personId: string;
  /** The mother's family (her children share it). */
  readonly familyId: string;
  /** The language the family's names come from. */
  readonly language: Language;
  /** Empty for the first record of a child; for a duplicate, the mistakes made in it (at least one). */
  readonly errors: readonly DuplicateError[];
  readonly child: GeneratedChild;
  readonly mother: GeneratedParent;
  /** undefined: the father's details are not available. */
  readonly father: GeneratedParent | undefined;
  readonly informant: GeneratedInformant;
}

/** A birth as made, before it is given its record id. */
export type UnnumberedBirth = Omit<GeneratedBirth, 'recordId'>;

export type Writable<T> = { -readonly [K in keyof T]: T[K] };
