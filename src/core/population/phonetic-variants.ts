/**
 * Other spellings of a name that sound the same: known groups first (Mohammed / Muhammad / Mohamed, the commonest
 * case of one person written two ways), then spelling rules that clerks apply to names they hear rather than read
 * (ph / f, c / k, a final ie / y, doubled letters, the long vowels of Tonga written short, the apostrophe of Ng'andu
 * left out). A variant always differs from the name it was made from.
 *
 * @example
 * phoneticVariants('Mohammed'); // ['Muhammad', 'Mohamed', 'Mohammad', 'Muhammed', 'Mohamad']
 * phoneticVariants('Mweemba'); // ['Mwemba']
 */

const GROUPS: readonly (readonly string[])[] = [
  ['Mohammed', 'Muhammad', 'Mohamed', 'Mohammad', 'Muhammed', 'Mohamad'],
  ['Ahmed', 'Ahmad'],
  ['Hussein', 'Husain', 'Hussain'],
  ['Hassan', 'Hasan', 'Hassani'],
  ['Yusuf', 'Yousef', 'Youssef', 'Yusef'],
  ['Omar', 'Umar', 'Omari'],
  ['Osman', 'Othman', 'Usman'],
  ['Suleiman', 'Sulaiman', 'Selemani'],
  ['Ismail', 'Ismael'],
  ['Mustafa', 'Mustapha'],
  ['Khadija', 'Khadijah', 'Hadija'],
  ['Aisha', 'Aysha', 'Ayesha'],
  ['Fatima', 'Fatma', 'Fatuma'],
  ['Zainab', 'Zaynab', 'Zeinab'],
  ['Maryam', 'Mariam', 'Mariamu'],
  ['Layla', 'Laila', 'Leila'],
  ['Rashid', 'Rashidi'],
  ['Musa', 'Mussa'],
  ['Issa', 'Isa'],
  ['Catherine', 'Katherine', 'Kathryn', 'Catharine'],
  ['Stephen', 'Steven'],
  ['Philip', 'Phillip'],
  ['Mathews', 'Matthews'],
  ['Sarah', 'Sara'],
  ['Anne', 'Ann'],
  ['Rachel', 'Rachael'],
  ['Elizabeth', 'Elisabeth'],
  ['Teresa', 'Theresa'],
  ['Isabel', 'Isabelle', 'Izabel'],
  ['Luís', 'Luiz', 'Luis'],
  ['Thandiwe', 'Tandiwe'],
];

const GROUP_OF = new Map<string, readonly string[]>();
for (const group of GROUPS) for (const name of group) GROUP_OF.set(name.toLowerCase(), group);

/** [pattern, replacement]: each applied alone, at its first match, to make one variant. */
const RULES: readonly (readonly [RegExp, string])[] = [
  [/ph/i, 'f'],
  [/(?<!^)f/i, 'ph'],
  [/c(?=[aou])/i, 'k'],
  [/k(?=[aou])/i, 'c'],
  [/ck/i, 'k'],
  [/ie$/i, 'y'],
  [/(?<=[^aeiou])y$/i, 'ie'],
  [/th/i, 't'],
  [/ou/i, 'u'],
  [/ee/i, 'e'],
  [/oo/i, 'o'],
  [/aa/i, 'a'],
  [/([bdfglmnprst])\1/i, '$1'],
  [/(?<=[aeiou])([lmnrst])(?=[aeiou])/i, '$1$1'],
  [/'/, ''],
  [/ei/i, 'ai'],
  [/(?<=.)y(?=[aeiou])/i, 'i'],
];

export function phoneticVariants(name: string): string[] {
  const group = GROUP_OF.get(name.toLowerCase());
  if (group) return group.filter((other) => other.toLowerCase() !== name.toLowerCase());
  const variants = new Set<string>();
  for (const [pattern, replacement] of RULES) {
    const match = pattern.exec(name);
    if (!match) continue;
    let variant = name.replace(pattern, replacement);
    // Keep the capital when the rule changed the first letter (Catherine → Katherine).
    if (match.index === 0) variant = variant.charAt(0).toUpperCase() + variant.slice(1);
    if (variant !== name && variant.length > 1) variants.add(variant);
  }
  return [...variants];
}
