/**
 * Who is named how: the languages of the demo country's families (how common each is) and, per language, where
 * its families take their children's given names from. A Bemba family often gives an English first or middle name
 * (Grace Mwansa Bwalya); a Swahili family an Arabic one; an Arabic family almost never a Bantu one. The weights are
 * plausible for a Zambia-like country, not census figures.
 */
import { ARABIC } from './arabic.js';
import { ENGLISH } from './english.js';
import { FRENCH } from './french.js';
import type { Language, NameList } from './name-list.js';
import { PORTUGUESE } from './portuguese.js';
import { SWAHILI } from './swahili.js';
import { BEMBA, LOZI, NYANJA, TONGA } from './zambian.js';

export const NAME_LISTS: Readonly<Record<Language, NameList>> = {
  bemba: BEMBA,
  nyanja: NYANJA,
  tonga: TONGA,
  lozi: LOZI,
  english: ENGLISH,
  swahili: SWAHILI,
  french: FRENCH,
  portuguese: PORTUGUESE,
  arabic: ARABIC,
};

/** Share of families of each language. */
export const FAMILY_LANGUAGES: Readonly<Record<Language, number>> = {
  bemba: 0.26,
  nyanja: 0.2,
  tonga: 0.14,
  lozi: 0.07,
  english: 0.1,
  swahili: 0.08,
  french: 0.05,
  portuguese: 0.05,
  arabic: 0.05,
};

/** Per family language: the languages its given names come from, and how often. */
export const GIVEN_NAME_SOURCES: Readonly<Record<Language, Readonly<Partial<Record<Language, number>>>>> = {
  bemba: { bemba: 0.55, english: 0.35, nyanja: 0.1 },
  nyanja: { nyanja: 0.55, english: 0.35, bemba: 0.1 },
  tonga: { tonga: 0.55, english: 0.35, lozi: 0.1 },
  lozi: { lozi: 0.55, english: 0.35, tonga: 0.1 },
  english: { english: 0.85, bemba: 0.05, nyanja: 0.05, french: 0.05 },
  swahili: { swahili: 0.65, arabic: 0.2, english: 0.15 },
  french: { french: 0.85, english: 0.15 },
  portuguese: { portuguese: 0.85, english: 0.15 },
  arabic: { arabic: 0.9, swahili: 0.1 },
};
