import { describe, expect, it } from 'vitest';
import { nysiis } from './nysiis.js';

describe('NYSIIS phonetic code', () => {
  it('gives the codes of the published examples', () => {
    const expected: Record<string, string> = {
      MACINTOSH: 'MCANT',
      KNUTH: 'NAT',
      KOEHN: 'CAN',
      PHILLIPSON: 'FALAPSAN',
      PFEISTER: 'FASTAR',
      SCHOENHOEFT: 'SANAFT',
      MCKEE: 'MCY',
      MACKIE: 'MCY',
      HEITSCHMIDT: 'HATSNAD',
      BART: 'BAD',
      HURD: 'HAD',
      HUNT: 'HAD',
      WESTERLUND: 'WASTARLAD',
      CASSTEVENS: 'CASTAFAN',
      VASQUEZ: 'VASG',
      FRAZIER: 'FRASAR',
      BOWMAN: 'BANAN',
      MCKNIGHT: 'MCNAGT',
      RICKERT: 'RACAD',
      DEUTSCH: 'DAT',
      WESTPHAL: 'WASTFAL',
      SHRIVER: 'SRAVAR',
      KUHL: 'CAL',
      RAWSON: 'RASAN',
      JILES: 'JAL',
      CARRAWAY: 'CARY',
      YAMADA: 'YANAD',
      "O'Daniel": 'ODANAL',
      Schmidt: 'SNAD',
      Kobwick: 'CABWAC',
      Ohlo: 'OL',
      Um: 'UN',
    };
    for (const [name, code] of Object.entries(expected)) expect(nysiis(name), name).toBe(code);
  });

  it('gives names that sound alike one code', () => {
    for (const name of ['Brian', 'Brown', 'Brun']) expect(nysiis(name)).toBe('BRAN');
    for (const name of ['Capp', 'Cope', 'Copp', 'Kipp']) expect(nysiis(name)).toBe('CAP');
    for (const name of ['Smith', 'Schmit']) expect(nysiis(name)).toBe('SNAT');
    expect(nysiis('Trueman')).toBe(nysiis('Truman'));
    expect(nysiis('Müller')).toBe(nysiis('Muller'));
  });

  it('ignores what is not a letter and codes nothing as empty', () => {
    expect(nysiis(' 123 ')).toBe('');
    expect(nysiis('o’brien')).toBe(nysiis('OBRIEN'));
  });
});
