/**
 * One family's births: a mother, a father (missing for one family in five), and the children she had over the
 * years, as a birth register would hold them before anyone entered one twice. Siblings share their family name,
 * their mother's details and usually their district; each has its own given names and birth date. A delivery is of
 * twins with probability `twinRate`: two children with one mother, birth date and place, and different given names.
 * Birth spacing, ages and shares are plausible for the region, not census figures.
 */
import type { AreaSampler, BirthArea } from './birth-areas.js';
import type {
  GeneratedChild,
  GeneratedInformant,
  GeneratedParent,
  Nationality,
  PlaceOfBirthType,
  Sex,
  UnnumberedBirth,
} from './birth-record.js';
import { isoOf } from './calendar.js';
import type { NameSamplers } from './name-samplers.js';
import type { Language } from './names/name-list.js';
import type { Random } from './random.js';
import { weightedChoice } from './weighted-choice.js';

export interface FamilySettings {
  readonly names: NameSamplers;
  readonly areas: AreaSampler;
  /** Share of deliveries that are of twins. */
  readonly twinRate: number;
  /** Births before this day number are not in the register. */
  readonly firstDay: number;
  /** The last day number a birth may fall on (the day before the reference date). */
  readonly lastDay: number;
}

const YEAR = 365;
/** Deliveries per mother (in her life, before the register's window cuts them). */
const DELIVERIES = weightedChoice([1, 2, 3, 4, 5, 6, 7, 8], [22, 24, 20, 14, 9, 6, 3, 2]);
const FATHER_KNOWN = 0.8;
const MOTHER_KEEPS_OWN_NAME = 0.6;
const MIDDLE_NAME = 0.35;
const MOVES_BEFORE_BIRTH = 0.1;
const BORN_AWAY_FROM_HOME = 0.08;
const IN_FACILITY = 0.8;
const FOREIGN = 0.04;

/** Where a parent of each language comes from, when not from the demo country itself. */
const OTHER_COUNTRY: Readonly<Record<Language, string>> = {
  bemba: 'DR Congo',
  nyanja: 'Malawi',
  tonga: 'Zimbabwe',
  lozi: 'Namibia',
  english: 'United Kingdom',
  swahili: 'Tanzania',
  french: 'DR Congo',
  portuguese: 'Mozambique',
  arabic: 'Egypt',
};

/** The births of one family, oldest child first, each with its own `personId` from `nextPersonId`. */
export function familyBirths(
  random: Random,
  settings: FamilySettings,
  familyId: string,
  nextPersonId: () => string,
): UnnumberedBirth[] {
  const { names } = settings;
  const language = names.language(random);
  const fatherFamilyName = names.familyName(random, language);
  const hasFather = random.chance(FATHER_KNOWN);
  const motherFamilyName =
    !hasFather || random.chance(MOTHER_KEEPS_OWN_NAME) ? names.familyName(random, language) : fatherFamilyName;
  const childFamilyName = hasFather ? fatherFamilyName : motherFamilyName;

  // The first delivery may fall before the register's window: her older children are then not in it.
  const span = settings.lastDay - settings.firstDay + 8 * YEAR;
  let day = settings.lastDay - random.int(span);
  const motherAge = 16 + random.int(15) + random.int(8);
  const motherBirth = day - motherAge * YEAR - random.int(YEAR);
  // The mother's birth date is required by the form; the father's is often unknown to the informant.
  const mother = parent(random, settings, language, 'female', motherFamilyName, motherBirth, {
    date: 1,
    id: 0.85,
    phone: 0.8,
  });
  const fatherBirth = motherBirth - random.int(11 * YEAR) + YEAR;
  const father = hasFather
    ? parent(random, settings, language, 'male', fatherFamilyName, fatherBirth, { date: 0.85, id: 0.65, phone: 0 })
    : undefined;

  let home = settings.areas.draw(random);
  const births: UnnumberedBirth[] = [];
  // No child is named like its family (a Lozi Mutumba Mutumba is possible, but reads as a swapped-names mistake).
  const usedFirstNames = new Set<string>([childFamilyName]);
  const deliveries = DELIVERIES.draw(random);
  for (let delivery = 0; delivery < deliveries && day <= settings.lastDay; delivery += 1) {
    if (random.chance(MOVES_BEFORE_BIRTH)) home = settings.areas.draw(random);
    if (day >= settings.firstDay) {
      const area = random.chance(BORN_AWAY_FROM_HOME) ? settings.areas.other(random, home.code) : home;
      const place = placeOfBirth(random, area);
      const twins = random.chance(settings.twinRate);
      for (let child = 0; child < (twins ? 2 : 1); child += 1) {
        const sex: Sex = random.chance(0.51) ? 'male' : 'female';
        const childRecord: GeneratedChild = {
          givenNames: givenNames(random, names, language, sex, usedFirstNames),
          familyName: childFamilyName,
          sex,
          birthDate: isoOf(day),
          birthDistrict: area.code,
          placeOfBirthType: place.type,
          birthFacility: place.facility,
          typeOfBirth: twins ? 'twin' : 'single',
        };
        births.push({
          personId: nextPersonId(),
          familyId,
          language,
          errors: [],
          child: childRecord,
          mother,
          father,
          informant: informant(random, names, language, hasFather, motherFamilyName),
        });
      }
    }
    // Eighteen months to about four and a half years between deliveries.
    day += 540 + random.int(1100);
  }
  return births;
}

function parent(
  random: Random,
  settings: FamilySettings,
  language: Language,
  sex: Sex,
  familyName: string,
  birthDay: number,
  shares: { readonly date: number; readonly id: number; readonly phone: number },
): GeneratedParent {
  const foreign = random.chance(FOREIGN);
  const nationality: Nationality = foreign ? 'other' : 'XDM';
  return {
    givenNames: givenNames(random, settings.names, language, sex, new Set([familyName]), 0.2),
    familyName,
    birthDate: random.chance(shares.date) ? isoOf(birthDay) : undefined,
    nationality,
    otherNationality: foreign ? OTHER_COUNTRY[language] : undefined,
    nationalId: random.chance(shares.id) ? nationalId(random) : undefined,
    phone: random.chance(shares.phone) ? phone(random) : undefined,
  };
}

/** A first name unlike the siblings' (parents do not give two children one name), and sometimes a middle name. */
function givenNames(
  random: Random,
  names: NameSamplers,
  language: Language,
  sex: Sex,
  taken: Set<string>,
  middleShare = MIDDLE_NAME,
): string {
  let first = names.givenName(random, language, sex);
  for (let attempt = 0; attempt < 20 && taken.has(first); attempt += 1) first = names.givenName(random, language, sex);
  taken.add(first);
  if (!random.chance(middleShare)) return first;
  let middle = names.givenName(random, language, sex);
  for (let attempt = 0; attempt < 5 && middle === first; attempt += 1) middle = names.givenName(random, language, sex);
  return middle === first ? first : `${first} ${middle}`;
}

function placeOfBirth(random: Random, area: BirthArea): { type: PlaceOfBirthType; facility: string | undefined } {
  if (area.facilities.length > 0 && random.chance(IN_FACILITY)) {
    return { type: 'health-facility', facility: random.pick(area.facilities) };
  }
  return { type: random.chance(0.85) ? 'private-home' : 'other', facility: undefined };
}

function informant(
  random: Random,
  names: NameSamplers,
  language: Language,
  hasFather: boolean,
  motherFamilyName: string,
): GeneratedInformant {
  const roll = random.float();
  if (roll < 0.1) {
    return {
      type: 'other',
      givenNames: names.givenName(random, language, 'female'),
      familyName: motherFamilyName,
      relationship: random.chance(0.7) ? 'Grandmother' : 'Aunt',
    };
  }
  return { type: hasFather && roll < 0.3 ? 'father' : 'mother' };
}

/** Ten digits, not starting with 0; any digits do (the demo form checks only the length). */
export function nationalId(random: Random): string {
  return `${random.between(100_000, 999_999)}${String(random.int(10_000)).padStart(4, '0')}`;
}

/** A Zambian-style mobile number: +260 9, a network digit, seven more. */
function phone(random: Random): string {
  return `+2609${random.pick(['5', '6', '7'])}${String(random.int(10_000_000)).padStart(7, '0')}`;
}
