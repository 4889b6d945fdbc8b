/**
 * Drawing names as a family of a given language would choose them: the family name from its own language's list,
 * each given name first from one of the languages its families borrow from (`GIVEN_NAME_SOURCES`), then from that
 * list with Zipf-like weights. Built once per population; a draw costs two binary searches.
 */
import { FAMILY_LANGUAGES, GIVEN_NAME_SOURCES, NAME_LISTS } from './names/languages.js';
import { LANGUAGES, type Language } from './names/name-list.js';
import type { Random } from './random.js';
import type { Sex } from './birth-record.js';
import { weightedChoice, zipfWeights, type WeightedChoice } from './weighted-choice.js';

export interface NameSamplers {
  language(random: Random): Language;
  givenName(random: Random, language: Language, sex: Sex): string;
  familyName(random: Random, language: Language): string;
}

export function nameSamplers(): NameSamplers {
  const ranked = (names: readonly string[]) => weightedChoice(names, zipfWeights(names.length));
  const lists = new Map<
    Language,
    { female: WeightedChoice<string>; male: WeightedChoice<string>; family: WeightedChoice<string> }
  >();
  const sources = new Map<Language, WeightedChoice<Language>>();
  for (const language of LANGUAGES) {
    const list = NAME_LISTS[language];
    lists.set(language, { female: ranked(list.female), male: ranked(list.male), family: ranked(list.family) });
    const from = Object.entries(GIVEN_NAME_SOURCES[language]) as [Language, number][];
    sources.set(
      language,
      weightedChoice(
        from.map(([source]) => source),
        from.map(([, weight]) => weight),
      ),
    );
  }
  const languages = weightedChoice(
    LANGUAGES,
    LANGUAGES.map((language) => FAMILY_LANGUAGES[language]),
  );
  return {
    language: (random) => languages.draw(random),
    givenName: (random, language, sex) => lists.get(sources.get(language)!.draw(random))![sex].draw(random),
    familyName: (random, language) => lists.get(language)!.family.draw(random),
  };
}
