/**
 * A second (third, fourth) record of a child already registered, with the mistakes that make duplicates hard to
 * find: a name mistyped, spelt as it sounds, shortened to a nickname or misread from a scan; given and family names
 * swapped; the middle name left out; the birth date a day, a year or a digit off or with day and month swapped; the
 * mother's identity number left out or mistyped; the father left out; the birth entered in the district the family
 * moved to. One to three mistakes each, drawn by weight among those that fit the record (a nickname only for a name
 * that has one); the duplicate always differs from the original in at least one column of the CSV.
 */
import type { AreaSampler } from './birth-areas.js';
import type { DuplicateError, GeneratedParent, UnnumberedBirth, Writable } from './birth-record.js';
import { populationCsvValues } from './csv-writer.js';
import { dateError, type DateErrorKind } from './date-errors.js';
import { nicknamesOf } from './nicknames.js';
import { ocrError } from './ocr-errors.js';
import { phoneticVariants } from './phonetic-variants.js';
import type { Random } from './random.js';
import { digitError, typingError } from './typing-errors.js';
import { weightedChoice } from './weighted-choice.js';

export interface DuplicateSettings {
  readonly areas: AreaSampler;
  /** The latest birth date a mistake may produce (the day before the reference date). */
  readonly latest: string;
}

/** How often each mistake is made, relative to the others. */
const WEIGHTS: Readonly<Record<DuplicateError, number>> = {
  typo: 22,
  phonetic: 10,
  nickname: 6,
  'swapped-names': 5,
  'missing-middle-name': 6,
  'date-day': 6,
  'date-day-month-swapped': 4,
  'date-year': 5,
  'date-digit': 5,
  'mother-id-missing': 7,
  'mother-id-typo': 4,
  'father-missing': 6,
  moved: 7,
  ocr: 5,
};
const KINDS = weightedChoice(Object.keys(WEIGHTS) as DuplicateError[], Object.values(WEIGHTS));
const MISTAKES = weightedChoice([1, 2, 3], [55, 30, 15]);

interface Draft extends Omit<Writable<UnnumberedBirth>, 'child' | 'mother' | 'father' | 'errors'> {
  child: Writable<UnnumberedBirth['child']>;
  mother: Writable<GeneratedParent>;
  father: GeneratedParent | undefined;
  errors: DuplicateError[];
}

export function makeDuplicate(original: UnnumberedBirth, random: Random, settings: DuplicateSettings): UnnumberedBirth {
  const draft: Draft = {
    ...original,
    child: { ...original.child },
    mother: { ...original.mother },
    errors: [],
  };
  const wanted = MISTAKES.draw(random);
  for (let attempt = 0; attempt < 30 && draft.errors.length < wanted; attempt += 1) {
    const kind = KINDS.draw(random);
    if (!draft.errors.includes(kind) && applyMistake(draft, kind, random, settings)) draft.errors.push(kind);
  }
  // Mistakes can cancel out (a name typed wrong, then swapped with an equal one): a duplicate must differ.
  while (sameColumns(draft, original)) {
    draft.child.givenNames = typingError(draft.child.givenNames, random);
    if (!draft.errors.includes('typo')) draft.errors.push('typo');
  }
  return draft;
}

function applyMistake(draft: Draft, kind: DuplicateError, random: Random, settings: DuplicateSettings): boolean {
  const { child, mother } = draft;
  switch (kind) {
    case 'typo':
      return changeName(draft, random, (name) => typingError(name, random));
    case 'ocr':
      return changeName(draft, random, (name) => ocrError(name, random));
    case 'phonetic':
      return changeName(draft, random, (name) => pickOf(phoneticVariants(name), random));
    case 'nickname': {
      const first = child.givenNames.split(' ')[0]!;
      const nickname = pickOf(nicknamesOf(first), random);
      if (!nickname) return false;
      child.givenNames = child.givenNames.replace(first, nickname);
      return true;
    }
    case 'swapped-names':
      [child.givenNames, child.familyName] = [child.familyName, child.givenNames];
      return child.givenNames !== child.familyName;
    case 'missing-middle-name': {
      const space = child.givenNames.indexOf(' ');
      if (space < 0) return false;
      child.givenNames = child.givenNames.slice(0, space);
      return true;
    }
    case 'date-day':
    case 'date-day-month-swapped':
    case 'date-year':
    case 'date-digit':
      return changeDate(draft, kind, random, settings);
    case 'mother-id-missing':
      if (mother.nationalId === undefined) return false;
      mother.nationalId = undefined;
      return true;
    case 'mother-id-typo':
      if (mother.nationalId === undefined) return false;
      mother.nationalId = digitError(mother.nationalId, random);
      return true;
    case 'father-missing':
      if (draft.father === undefined) return false;
      draft.father = undefined;
      // Whoever declared the birth, it was not a father whose details are missing.
      if (draft.informant.type === 'father') draft.informant = { type: 'mother' };
      return true;
    case 'moved': {
      const area = settings.areas.other(random, child.birthDistrict);
      if (area.code === child.birthDistrict) return false;
      child.birthDistrict = area.code;
      if (child.placeOfBirthType === 'health-facility') {
        child.birthFacility = area.facilities.length > 0 ? random.pick(area.facilities) : undefined;
        if (child.birthFacility === undefined) child.placeOfBirthType = 'private-home';
      }
      return true;
    }
  }
}

/** One name part of the child (most often) or the mother changed by `change`; false when it could not be. */
function changeName(draft: Draft, random: Random, change: (name: string) => string | undefined): boolean {
  const roll = random.float();
  const [holder, field] =
    roll < 0.45
      ? [draft.child, 'givenNames' as const]
      : roll < 0.7
        ? [draft.child, 'familyName' as const]
        : roll < 0.85
          ? [draft.mother, 'givenNames' as const]
          : [draft.mother, 'familyName' as const];
  const parts = holder[field].split(' ');
  const at = random.int(parts.length);
  const changed = change(parts[at]!);
  if (changed === undefined || changed === parts[at] || changed.length === 0) return false;
  parts[at] = changed;
  holder[field] = parts.join(' ');
  return true;
}

/** The child's birth date (three times in four) or the mother's, kept in order: a mother is born before her child. */
function changeDate(draft: Draft, kind: DateErrorKind, random: Random, settings: DuplicateSettings): boolean {
  const { child, mother } = draft;
  const parentsBorn = [mother.birthDate, draft.father?.birthDate].filter((date): date is string => !!date).sort();
  if (random.chance(0.75) || mother.birthDate === undefined) {
    const changed = dateError(child.birthDate, kind, random, {
      earliest: parentsBorn[parentsBorn.length - 1] ?? '1900-01-01',
      latest: settings.latest,
    });
    if (changed === undefined) return false;
    child.birthDate = changed;
    return true;
  }
  const changed = dateError(mother.birthDate, kind, random, { earliest: '1900-01-01', latest: child.birthDate });
  if (changed === undefined) return false;
  mother.birthDate = changed;
  return true;
}

function pickOf(values: readonly string[], random: Random): string | undefined {
  return values.length === 0 ? undefined : random.pick(values);
}

function sameColumns(a: UnnumberedBirth, b: UnnumberedBirth): boolean {
  const left = populationCsvValues(a);
  const right = populationCsvValues(b);
  return left.every((value, index) => value === right[index]);
}
