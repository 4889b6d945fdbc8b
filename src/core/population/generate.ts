/**
 * A synthetic national birth register, streamed: families are made one at a time (`families.ts`), some children get
 * duplicate records (`duplicates.ts`), and records leave through a small shuffle buffer so that a duplicate is not
 * always next to its original (as in a real register, where the second record comes months later from another
 * office). Nothing else is kept, so a million records need a few megabytes, and the same options give the same
 * records in the same order on any machine.
 *
 * @example
 * for (const record of generatePopulation({ seed: 7, count: 1000, areas: readCountryAreas('countries/demo') })) {
 *   record.recordId; // 'R0000001'
 *   record.personId; // equal for a child's duplicates
 * }
 */
import { areaSampler, type BirthArea } from './birth-areas.js';
import type { GeneratedBirth, UnnumberedBirth } from './birth-record.js';
import { dayOf, isoOf } from './calendar.js';
import { makeDuplicate } from './duplicates.js';
import { familyBirths } from './families.js';
import { nameSamplers } from './name-samplers.js';
import { childSeed, seededRandom } from './random.js';
import { weightedChoice } from './weighted-choice.js';

export interface PopulationOptions {
  /** Records to produce, duplicates included. */
  readonly count: number;
  /** Any text or number; the same seed gives the same records. Default 1. */
  readonly seed?: string | number;
  /** Share of children who have 1 to 3 duplicate records (default 0.1). */
  readonly duplicateRate?: number;
  /** Share of deliveries that are of twins (default 0.015). */
  readonly twinRate?: number;
  /** The districts births happen in (see `readCountryAreas`). */
  readonly areas: readonly BirthArea[];
  /** Births are before this day, so output does not depend on when it is made. Default 2026-01-01. */
  readonly referenceDate?: string;
  /** How many years before the reference date the register starts (default 30). */
  readonly years?: number;
}

export const POPULATION_DEFAULTS = {
  seed: 1,
  duplicateRate: 0.1,
  twinRate: 0.015,
  referenceDate: '2026-01-01',
  years: 30,
} as const;

/** Records waiting to leave; larger mixes more, and costs memory and nothing else. */
const SHUFFLE_BUFFER = 8192;
/** A child with duplicates has 1, 2 or 3 of them. */
const DUPLICATES_PER_CHILD = weightedChoice([1, 2, 3], [60, 30, 10]);

export function* generatePopulation(options: PopulationOptions): Generator<GeneratedBirth, void, undefined> {
  const settings = checkOptions(options);
  const families = seededRandom(childSeed(settings.seed, 'families'));
  const mistakes = seededRandom(childSeed(settings.seed, 'duplicates'));
  const order = seededRandom(childSeed(settings.seed, 'order'));
  const areas = areaSampler(settings.areas);
  const reference = dayOf(settings.referenceDate);
  const familySettings = {
    names: nameSamplers(),
    areas,
    twinRate: settings.twinRate,
    firstDay: reference - Math.round(settings.years * 365.25),
    lastDay: reference - 1,
  };
  const duplicateSettings = { areas, latest: isoOf(reference - 1) };
  const width = Math.max(7, String(settings.count).length);
  let people = 0;
  let familiesMade = 0;
  const nextPersonId = () => `P${String(++people).padStart(width, '0')}`;

  const buffer: UnnumberedBirth[] = [];
  let made = 0;
  let emitted = 0;
  const numbered = (birth: UnnumberedBirth): GeneratedBirth => ({
    recordId: `R${String(++emitted).padStart(width, '0')}`,
    ...birth,
  });
  while (made < settings.count) {
    const familyId = `F${String(++familiesMade).padStart(width, '0')}`;
    for (const birth of familyBirths(families, familySettings, familyId, nextPersonId)) {
      const copies = mistakes.chance(settings.duplicateRate) ? DUPLICATES_PER_CHILD.draw(mistakes) : 0;
      const records = [birth];
      for (let copy = 0; copy < copies; copy += 1) records.push(makeDuplicate(birth, mistakes, duplicateSettings));
      for (const record of records) {
        if (made === settings.count) break;
        made += 1;
        if (buffer.length < SHUFFLE_BUFFER) {
          buffer.push(record);
          continue;
        }
        const slot = order.int(SHUFFLE_BUFFER);
        yield numbered(buffer[slot]!);
        buffer[slot] = record;
      }
      if (made === settings.count) break;
    }
  }
  for (let index = buffer.length - 1; index > 0; index -= 1) {
    const other = order.int(index + 1);
    [buffer[index], buffer[other]] = [buffer[other]!, buffer[index]!];
  }
  for (const record of buffer) yield numbered(record);
}

/** Options with their defaults, or a RangeError naming the first wrong one. */
function checkOptions(options: PopulationOptions): Required<PopulationOptions> {
  const settings = { ...POPULATION_DEFAULTS, ...dropUndefined(options) } as Required<PopulationOptions>;
  const share = (name: string, value: number) => {
    if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be a share from 0 to 1, not ${value}`);
  };
  if (!Number.isSafeInteger(settings.count) || settings.count < 0) {
    throw new RangeError(`count must be a whole number of records, not ${settings.count}`);
  }
  share('duplicateRate', settings.duplicateRate);
  share('twinRate', settings.twinRate);
  if (settings.areas.length === 0) throw new RangeError('areas: give at least one district');
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(settings.referenceDate) ||
    isoOf(dayOf(settings.referenceDate)) !== settings.referenceDate
  ) {
    throw new RangeError(`referenceDate must be a date written YYYY-MM-DD, not ${settings.referenceDate}`);
  }
  if (!(settings.years >= 1 && settings.years <= 100))
    throw new RangeError(`years must be from 1 to 100, not ${settings.years}`);
  return settings;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
