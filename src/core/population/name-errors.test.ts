import { describe, expect, it } from 'vitest';
import { dateError } from './date-errors.js';
import { nicknamesOf } from './nicknames.js';
import { ocrError } from './ocr-errors.js';
import { phoneticVariants } from './phonetic-variants.js';
import { seededRandom } from './random.js';
import { digitError, typingError } from './typing-errors.js';

const bounds = { earliest: '1990-01-01', latest: '2025-12-31' };

describe('the mistakes made in names and dates', () => {
  it('a typing error changes a name by one edit, with a key next to the intended one', () => {
    const random = seededRandom('typos');
    for (let index = 0; index < 500; index += 1) {
      const typed = typingError('Mwale', random);
      expect(typed).not.toBe('Mwale');
      expect(Math.abs(typed.length - 5)).toBeLessThanOrEqual(1);
      expect(typed[0]).toBe('M');
    }
    expect(typingError('Mwale', random, 'transposition')).toMatch(/^(Mawle|Mwlae|Mwael)$/);
    const substituted = typingError('Mwale', seededRandom(3), 'substitution');
    const changed = [...substituted].find((char, index) => char !== 'Mwale'[index]);
    expect(['wsdq', 'qwesx', 'kop', 'wrsd'].some((near) => near.includes(changed!))).toBe(true);
  });

  it('a digit error changes one digit to its neighbour on the number row', () => {
    const typed = digitError('1234567890', seededRandom(1));
    expect(typed).toHaveLength(10);
    expect([...typed].filter((char, index) => char !== '1234567890'[index])).toHaveLength(1);
  });

  it('spelling variants: known groups, then sound-alike rules; never the name itself', () => {
    expect(phoneticVariants('Mohammed')).toEqual(['Muhammad', 'Mohamed', 'Mohammad', 'Muhammed', 'Mohamad']);
    expect(phoneticVariants('Catherine')).toContain('Katherine');
    expect(phoneticVariants('Mweemba')).toContain('Mwemba');
    expect(phoneticVariants('Sophie')).toContain('Sofie');
    expect(phoneticVariants('Philip')).toEqual(['Phillip']);
    expect(phoneticVariants("Ng'andu")).toContain('Ngandu');
    for (const name of ['Banda', 'Mohammed', 'Choolwe', 'Sophie']) expect(phoneticVariants(name)).not.toContain(name);
  });

  it('nicknames only for names that have a settled one', () => {
    expect(nicknamesOf('Elizabeth')).toContain('Betty');
    expect(nicknamesOf('joseph')).toContain('Joe');
    expect(nicknamesOf('Mwansa')).toEqual([]);
  });

  it('an OCR error misreads letter shapes, or says there is nothing to misread', () => {
    expect(ocrError('Kamanga', seededRandom(1))).not.toBe('Kamanga');
    expect(ocrError('Oz', seededRandom(1))).toBeUndefined();
  });

  it('date mistakes give real dates within bounds, or nothing', () => {
    const random = seededRandom('dates');
    expect(dateError('2019-03-07', 'date-day-month-swapped', random, bounds)).toBe('2019-07-03');
    expect(dateError('2019-03-13', 'date-day-month-swapped', random, bounds)).toBeUndefined();
    expect(['2019-03-06', '2019-03-08']).toContain(dateError('2019-03-07', 'date-day', random, bounds));
    expect(dateError('2025-12-31', 'date-day', seededRandom(2), { ...bounds, latest: '2025-12-31' })).not.toBe(
      '2026-01-01',
    );
    for (let index = 0; index < 300; index += 1) {
      for (const kind of ['date-day', 'date-year', 'date-digit'] as const) {
        const date = dateError('2020-02-29', kind, random, bounds);
        if (date === undefined) continue;
        expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date);
        expect(date >= bounds.earliest && date <= bounds.latest).toBe(true);
      }
    }
    const year = dateError('2010-06-15', 'date-year', random, bounds)!;
    expect(Math.abs(Number(year.slice(0, 4)) - 2010)).toBeGreaterThanOrEqual(1);
    expect(Math.abs(Number(year.slice(0, 4)) - 2010)).toBeLessThanOrEqual(3);
  });
});
