/**
 * Small seeded populations for the linkage tests: people with a given and a family name, a birth date, a street
 * address and a village, some entered more than once with the mistakes registers hold (typos, names in the other
 * order, a missing value, a birth year typed a few years off). `person[i]` says who row i is.
 */
import { mulberry32 } from './u-probabilities.js';

const GIVEN = [
  'amara',
  'chidi',
  'emeka',
  'tunde',
  'zainab',
  'fatima',
  'ibrahim',
  'kofi',
  'kwame',
  'grace',
  'peter',
  'joseph',
  'esther',
  'daniel',
  'aminata',
  'mohamed',
  'nia',
  'baraka',
  'lindiwe',
  'sipho',
  'yaw',
  'efua',
  'halima',
  'musa',
  'ana',
  'joao',
  'maria',
  'ngozi',
  'aisha',
  'mariama',
  'akosua',
  'ruth',
  'isatu',
  'thandi',
  'abena',
  'rehema',
];
const FAMILY = [
  'okafor',
  'bello',
  'sesay',
  'mensah',
  'banda',
  'phiri',
  'kamara',
  'otieno',
  'dlamini',
  'asante',
  'juma',
  'silva',
  'mwangi',
  'nkosi',
  'diallo',
  'traore',
  'keita',
  'ndlovu',
  'moyo',
  'tembo',
  'mbeki',
  'achebe',
  'adeyemi',
  'boateng',
];
const STREETS = ['market road', 'river lane', 'hill street', 'palm avenue', 'lake road', 'school road', 'wharf road'];
const VILLAGES = ['ibo', 'kano', 'bo', 'kumasi', 'zomba', 'mzuzu', 'makeni', 'kisumu', 'mbabane', 'tamale', 'tanga'];

export const TEST_PEOPLE_COLUMNS = ['id', 'given_name', 'family_name', 'date_of_birth', 'address', 'village'];

export interface TestPeople {
  readonly rows: string[][];
  readonly person: number[];
}

export function testPeople(people: number, duplicates: number, seed = 7): TestPeople {
  const random = mulberry32(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const originals = Array.from({ length: people }, () => {
    const year = 1950 + Math.floor(random() * 70);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    return [
      pick(GIVEN),
      pick(FAMILY),
      `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      `${1 + Math.floor(random() * 120)} ${pick(STREETS)}`,
      pick(VILLAGES),
    ];
  });
  const rows = originals.map((values, index) => [`p${index}`, ...values]);
  const person = originals.map((_, index) => index);
  for (let copy = 0; copy < duplicates; copy += 1) {
    const who = Math.floor(random() * people);
    const values = [...originals[who]!];
    const mistake = copy % 5;
    if (mistake === 0) values[0] = typo(values[0]!, random);
    if (mistake === 1) [values[0], values[1]] = [values[1]!, values[0]!];
    if (mistake === 2) values[2] = `${Number(values[2]!.slice(0, 4)) + 2}${values[2]!.slice(4)}`;
    if (mistake === 3) values[3] = '';
    if (mistake === 4) values[1] = typo(values[1]!, random);
    rows.push([`p${who}-copy${copy}`, ...values]);
    person.push(who);
  }
  return { rows, person };
}

function typo(value: string, random: () => number): string {
  const at = 1 + Math.floor(random() * (value.length - 2));
  return value.slice(0, at) + value[at + 1] + value[at] + value.slice(at + 2);
}

/** Pairs of rows that are one person, as "i-j" with i < j. */
export function truePairs(person: readonly number[]): Set<string> {
  const pairs = new Set<string>();
  for (let i = 0; i < person.length; i += 1) {
    for (let j = i + 1; j < person.length; j += 1) if (person[i] === person[j]) pairs.add(`${i}-${j}`);
  }
  return pairs;
}

/**
 * Families of a birth register: brothers and sisters share a family name, a mother and an address. Among them one
 * pair of twins (Kofi and Kwame Mensah: same birth date, different given names), and three children entered twice:
 * with the birth year typed two years off (Tunde Bello, 4 and 5), with given and family name in the other order
 * (Fatima Sesay, 7 and 8), with a misspelt family name and a shortened street name (Grace Banda, 13 and 14).
 */
export const FAMILY_REGISTER = `id,given_name,family_name,date_of_birth,mother_name,address,village
1,Amara,Okafor,2015-03-04,Ngozi Okafor,12 Market Road,Ibo
2,Chidi,Okafor,2017-08-19,Ngozi Okafor,12 Market Road,Ibo
3,Emeka,Okafor,2019-11-02,Ngozi Okafor,12 Market Road,Ibo
4,Tunde,Bello,2012-06-21,Aisha Bello,4 River Lane,Kano
5,Tunde,Bello,2014-06-21,Aisha Bello,4 River Lane,Kano
6,Zainab,Bello,2016-02-11,Aisha Bello,4 River Lane,Kano
7,Fatima,Sesay,2013-09-30,Mariama Sesay,7 Hill Street,Bo
8,Sesay,Fatima,2013-09-30,Mariama Sesay,7 Hill Street,Bo
9,Ibrahim,Sesay,2010-05-14,Mariama Sesay,7 Hill Street,Bo
10,Kofi,Mensah,2018-01-05,Akosua Mensah,21 Palm Avenue,Kumasi
11,Kwame,Mensah,2018-01-05,Akosua Mensah,21 Palm Avenue,Kumasi
12,Ama,Mensah,2014-07-23,Akosua Mensah,21 Palm Avenue,Kumasi
13,Grace,Banda,2011-12-01,Mary Banda,3 Lake Road,Zomba
14,Grace,Bandah,2011-12-01,Mary Banda,3 Lake Rd,Zomba
15,Peter,Banda,2009-04-17,Mary Banda,3 Lake Road,Zomba
16,Joseph,Phiri,2016-10-09,Ruth Phiri,9 School Road,Mzuzu
17,Esther,Phiri,2018-03-28,Ruth Phiri,9 School Road,Mzuzu
18,Daniel,Phiri,2013-06-15,Ruth Phiri,9 School Road,Mzuzu
19,Aminata,Kamara,2012-08-08,Isatu Kamara,15 Wharf Road,Makeni
20,Mohamed,Kamara,2015-01-19,Isatu Kamara,15 Wharf Road,Makeni
21,Nia,Otieno,2017-05-05,Achieng Otieno,2 Station Road,Kisumu
22,Baraka,Otieno,2019-09-12,Achieng Otieno,2 Station Road,Kisumu
23,Lindiwe,Dlamini,2014-02-27,Thandi Dlamini,30 Church Street,Mbabane
24,Sipho,Dlamini,2016-11-30,Thandi Dlamini,30 Church Street,Mbabane
25,Yaw,Asante,2011-03-03,Abena Asante,5 Mango Street,Tamale
26,Efua,Asante,2013-10-10,Abena Asante,5 Mango Street,Tamale
27,Halima,Juma,2015-06-06,Rehema Juma,11 Beach Road,Tanga
28,Musa,Juma,2017-12-24,Rehema Juma,11 Beach Road,Tanga
29,Ana,Silva,2012-04-01,Maria Silva,8 Rua Nova,Beira
30,Joao,Silva,2014-08-15,Maria Silva,8 Rua Nova,Beira
`;

/** The register's duplicates, by id. */
export const FAMILY_REGISTER_DUPLICATES = ['4-5', '7-8', '13-14'];
