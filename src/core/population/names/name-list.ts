/**
 * The shape of one language's names. Every list is ordered from the most to the least common name, as far as
 * published frequency lists and common usage tell: the generator gives rank r a Zipf-like weight, so the first names
 * of a list are far more frequent than the last, as in real registers (which is what term-frequency weighting in
 * record linkage is about: agreeing on "Banda" proves less than agreeing on "Liswaniso").
 */

export const LANGUAGES = [
  'bemba',
  'nyanja',
  'tonga',
  'lozi',
  'english',
  'swahili',
  'french',
  'portuguese',
  'arabic',
] as const;
export type Language = (typeof LANGUAGES)[number];

export interface NameList {
  readonly language: Language;
  readonly female: readonly string[];
  readonly male: readonly string[];
  readonly family: readonly string[];
}

/** Names written as a block of text, most common first: the lists stay readable (a formatter would give each name a line). */
export function words(text: string): readonly string[] {
  return Object.freeze(text.trim().split(/\s+/));
}
