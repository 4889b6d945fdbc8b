import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/load.js';
import { checkNumber, checkUin, checkVid } from './check.js';
import { UIN_RULES, uinRules, VID_RULES, type NumberRules } from './rules.js';
import { verhoeffCheckDigit } from './verhoeff.js';

/** `digits` with its check digit appended. */
const withCheck = (digits: string) => `${digits}${verhoeffCheckDigit(digits)}`;

/** 10-digit rules with every pattern rule off except those given, to see one rule at work. */
function only(rules: Partial<NumberRules>): NumberRules {
  return {
    length: 10,
    notStartWith: [],
    sequenceLimit: 0,
    repeatingLimit: 0,
    repeatingBlockLimit: 0,
    conjugativeEvenDigitsLimit: 0,
    distinctHalves: false,
    restrictedNumbers: [],
    cyclicNumbers: [],
    ...rules,
  };
}

const broken = (rule: string, detail: string) => ({ valid: false, rule, detail });

describe('checkUin', () => {
  it('accepts numbers that follow every rule', () => {
    for (const uin of ['2376906732', '4692357296', '7217503896', '5094714859', '6170587157']) {
      expect(checkUin(uin), uin).toEqual({ valid: true });
    }
  });

  it('checks the text first: non-digits, then the length, then the check digit', () => {
    expect(checkUin('23769a6732')).toEqual(broken('digits', 'contains a non-digit: "a" at position 6'));
    expect(checkUin(' 2376906732')).toEqual(broken('digits', 'contains a non-digit: " " at position 1'));
    expect(checkUin('237690673')).toEqual(broken('length', 'has 9 digits, needs 10'));
    expect(checkUin('23769067322')).toEqual(broken('length', 'has 11 digits, needs 10'));
    expect(checkUin('')).toEqual(broken('length', 'has 0 digits, needs 10'));
    expect(checkUin('2376906737')).toEqual(broken('check-digit', 'check digit should be 2, not 7'));
    // Two digits swapped is a wrong check digit too: the check digit comes before the patterns.
    expect(checkUin('2376906372')).toMatchObject({ rule: 'check-digit' });
  });

  it('names the first rule broken in a fixed order, not the first position', () => {
    // 1xx1 at digits 2-4 would be a repeated digit, 123 at digits 6-8 is a sequence, which comes first.
    const uin = withCheck('571512395');
    expect(checkUin(uin)).toMatchObject({ rule: 'sequence' });
    expect(checkUin(uin, { ...UIN_RULES, sequenceLimit: 0 })).toMatchObject({ rule: 'repeated-digit' });
  });

  it('refuses a number starting with 0 or 1', () => {
    const rules = only({ notStartWith: ['0', '1'] });
    expect(checkNumber(withCheck('054983027'), rules)).toEqual(
      broken('first-digit', 'starts with 0; a number may not start with 0 or 1'),
    );
    expect(checkNumber(withCheck('154983027'), rules)).toMatchObject({ rule: 'first-digit' });
    for (const first of '23456789') expect(checkNumber(withCheck(`${first}54983027`), rules)).toEqual({ valid: true });
    expect(checkNumber(withCheck('785498302'), only({ notStartWith: ['78'] }))).toMatchObject({
      detail: 'starts with 78; a number may not start with 78',
    });
  });

  describe('sequences', () => {
    const rules = only({ sequenceLimit: 3 });
    it.each([
      ['591230475', 'digits 3-5 (123) are an ascending run of 3'],
      ['594320475', 'digits 3-5 (432) are a descending run of 3'],
      ['549017385', 'digits 3-5 (901) are an ascending run of 3, 0 following 9'],
      ['538906274', 'digits 3-5 (890) are an ascending run of 3, 0 following 9'],
      ['541093857', 'digits 3-5 (109) are a descending run of 3, 9 following 0'],
      ['540985273', 'digits 3-5 (098) are a descending run of 3, 9 following 0'],
      ['537210485', 'digits 4-6 (210) are a descending run of 3'],
    ])('refuses %s: %s', (digits, detail) => {
      expect(checkNumber(withCheck(digits), rules)).toEqual(broken('sequence', detail));
    });

    it('allows runs of 2, and steps of 2', () => {
      expect(checkNumber('5125039786', rules)).toEqual({ valid: true });
      expect(checkNumber(withCheck('513579246'), rules)).toEqual({ valid: true });
    });

    it('counts the check digit', () => {
      // Nothing wrong in the first 9 digits, but the check digit 9 follows 78.
      expect(withCheck('296195178')).toBe('2961951789');
      expect(checkUin('2961951789')).toEqual(broken('sequence', 'digits 8-10 (789) are an ascending run of 3'));
    });

    it('follows the limit: with 4, 123 is allowed and 1234 is not', () => {
      const four = only({ sequenceLimit: 4 });
      expect(checkNumber(withCheck('591230475'), four)).toEqual({ valid: true });
      expect(checkNumber(withCheck('512340975'), four)).toEqual(
        broken('sequence', 'digits 2-5 (1234) are an ascending run of 4'),
      );
    });
  });

  describe('repeated digits', () => {
    const rules = only({ repeatingLimit: 2 });
    it('refuses the same digit next to itself (11) or one apart (1x1)', () => {
      expect(checkNumber(withCheck('505382749'), rules)).toEqual(
        broken('repeated-digit', 'digit 3 repeats digit 1 within 2 positions'),
      );
      expect(checkNumber(withCheck('538827495'), rules)).toEqual(
        broken('repeated-digit', 'digit 4 repeats digit 3 within 2 positions'),
      );
    });

    it('allows the same digit two apart (1xx1) with limit 2, not with limit 3', () => {
      expect(checkNumber('5385427932', rules)).toEqual({ valid: true });
      expect(checkNumber('5385427932', only({ repeatingLimit: 3 }))).toEqual(
        broken('repeated-digit', 'digit 4 repeats digit 1 within 3 positions'),
      );
    });
  });

  describe('repeated blocks', () => {
    const rules = only({ repeatingBlockLimit: 2 });
    it('refuses a block of 2 digits seen before (48xx48), even back to back (4848)', () => {
      expect(checkNumber(withCheck('548304869'), rules)).toEqual(
        broken('repeated-block', 'digits 6-7 repeat digits 2-3 (48)'),
      );
      expect(checkNumber(withCheck('548487693'), rules)).toEqual(
        broken('repeated-block', 'digits 4-5 repeat digits 2-3 (48)'),
      );
    });

    it('allows a digit seen before (4xx4), a block reversed (48xx84) and overlapping digits (444)', () => {
      expect(checkNumber(withCheck('540345179'), rules)).toMatchObject({ valid: true });
      expect(checkNumber(withCheck('548308479'), rules)).toMatchObject({ valid: true });
      expect(checkNumber(withCheck('544403792'), only({ repeatingBlockLimit: 2 }))).toEqual({ valid: true });
    });

    it('follows the limit: with 3, 48xx48 is allowed and 482xx482 is not', () => {
      const three = only({ repeatingBlockLimit: 3 });
      expect(checkNumber(withCheck('548304869'), three)).toEqual({ valid: true });
      expect(checkNumber(withCheck('548274829'), three)).toEqual(
        broken('repeated-block', 'digits 6-8 repeat digits 2-4 (482)'),
      );
    });
  });

  describe('even digits', () => {
    const rules = only({ conjugativeEvenDigitsLimit: 3 });
    it.each([
      ['524619573', 'digits 2-4 (246) are 3 of 2, 4, 6, 8 in a row'],
      ['586439572', 'digits 2-4 (864) are 3 of 2, 4, 6, 8 in a row'],
      ['593248715', 'digits 4-6 (248) are 3 of 2, 4, 6, 8 in a row'],
    ])('refuses %s', (digits, detail) => {
      expect(checkNumber(withCheck(digits), rules)).toEqual(broken('even-digits', detail));
    });

    it('does not count 0 as even, as MOSIP does not, and allows two in a row', () => {
      expect(checkNumber(withCheck('520637594'), rules)).toEqual({ valid: true });
      expect(checkNumber(withCheck('524137591'), rules)).toMatchObject({ valid: true });
    });
  });

  describe('halves', () => {
    const rules = only({ distinctHalves: true });
    it('refuses a number whose last 5 digits repeat the first 5', () => {
      expect(checkNumber('2001420014', rules)).toEqual(
        broken('halves', 'the last 5 digits repeat the first 5 (20014)'),
      );
    });

    it('refuses a number whose last 5 digits are the first 5 reversed', () => {
      expect(checkNumber('2005335002', rules)).toEqual(
        broken('halves', 'the last 5 digits (35002) are the first 5 (20053) reversed'),
      );
    });

    it('compares ⌊length / 2⌋ digits, leaving out the middle digit of an odd length', () => {
      const eleven: NumberRules = { ...rules, length: 11 };
      // 2001 4 2001 and a check digit: 5 digits of each half, the middle digit 4 in neither.
      const equal = Array.from({ length: 100 }, (_, index) => `${String(20014 + index)}${String(index % 10)}`)
        .map((head) => head + head.slice(0, 4))
        .map((digits) => withCheck(digits))
        .find((number) => number.slice(0, 5) === number.slice(6));
      expect(equal).toBeDefined();
      expect(checkNumber(equal!, eleven)).toMatchObject({ rule: 'halves' });
      expect(checkNumber(withCheck('2001432001'), eleven)).toEqual({ valid: true });
    });

    it('is never the first rule broken with the default limits: a repeated digit or block comes first', () => {
      expect(checkUin('2001420014')).toMatchObject({ rule: 'repeated-digit' });
      expect(checkUin('2005335002')).toMatchObject({ rule: 'repeated-digit' });
    });
  });

  describe('restricted numbers', () => {
    const rules = only({ restrictedNumbers: ['786', '666'] });
    it('refuses 786 and 666 anywhere', () => {
      expect(checkNumber(withCheck('578693410'), rules)).toEqual(
        broken('restricted-number', 'contains the restricted number 786 at digits 2-4'),
      );
      expect(checkNumber(withCheck('566639572'), rules)).toEqual(
        broken('restricted-number', 'contains the restricted number 666 at digits 2-4'),
      );
      expect(checkNumber(withCheck('523407786'), rules)).toMatchObject({ rule: 'restricted-number' });
    });

    it('allows their digits apart', () => {
      expect(checkNumber(withCheck('578069346'), rules)).toMatchObject({ valid: true });
    });
  });

  describe('cyclic numbers', () => {
    const rules = only({ cyclicNumbers: UIN_RULES.cyclicNumbers });
    it('refuses 142857 anywhere', () => {
      expect(checkNumber('3142857964', rules)).toEqual(
        broken('cyclic-number', 'contains the cyclic number 142857 at digits 2-7'),
      );
      expect(checkNumber('7914285738', rules)).toMatchObject({ rule: 'cyclic-number' });
    });

    it('allows part of a cyclic number, as MOSIP does: only a whole one counts', () => {
      expect(checkNumber(withCheck('714285394'), rules)).toMatchObject({ valid: true });
      // Ten digits of 052631578947368421, the period of 1/19, whose last digit happens to be their check digit.
      expect('052631578947368421').toContain('7894736842');
      expect(checkNumber('7894736842', rules)).toEqual({ valid: true });
    });
  });

  it('reads the limits from the configuration', () => {
    const loaded = loadConfig({
      env: {},
      flags: { 'identity.uinLength': '12', 'identity.restrictedNumbers': '13,4711', 'identity.sequenceLimit': '0' },
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const rules = uinRules(loaded.config.identity);
    expect(rules).toMatchObject({ length: 12, sequenceLimit: 0, restrictedNumbers: ['13', '4711'] });
    // 098 would be a sequence with the default limit.
    expect(checkUin('540985273647', rules)).toEqual({ valid: true });
    expect(checkUin('540985271360', rules)).toEqual(
      broken('restricted-number', 'contains the restricted number 13 at digits 9-10'),
    );
    expect(checkUin('2376906732', rules)).toEqual(broken('length', 'has 10 digits, needs 12'));
  });
});

describe('checkVid', () => {
  it('wants 16 digits and a check digit', () => {
    expect(checkVid('5270541720946904')).toEqual({ valid: true });
    expect(checkVid('5409852733')).toEqual(broken('length', 'has 10 digits, needs 16'));
    expect(checkVid('5270541720946903')).toMatchObject({ rule: 'check-digit' });
  });

  it('applies the start, sequence, repeated digit, repeated block and restricted number rules', () => {
    expect(checkVid(withCheck('152705417209469'))).toMatchObject({ rule: 'first-digit' });
    expect(checkVid(withCheck('527054172094690'))).toMatchObject({ valid: true });
    expect(checkVid(withCheck('527054172345690'))).toMatchObject({ rule: 'sequence' });
    expect(checkVid(withCheck('527054172094490'))).toMatchObject({ rule: 'repeated-digit' });
    expect(checkVid(withCheck('527054172094527'))).toMatchObject({ rule: 'repeated-block' });
    expect(checkVid(withCheck('527054178609469'))).toMatchObject({ rule: 'restricted-number' });
  });

  it('does not apply the UIN-only rules: even digits, halves, cyclic numbers', () => {
    expect(VID_RULES).toMatchObject({ conjugativeEvenDigitsLimit: 0, distinctHalves: false, cyclicNumbers: [] });
    // 468 would be three even digits in a row in a UIN.
    expect(checkVid('7346820423018648')).toEqual({ valid: true });
    expect(checkNumber('7346820423018648', { ...UIN_RULES, length: 16 })).toEqual(
      broken('even-digits', 'digits 3-5 (468) are 3 of 2, 4, 6, 8 in a row'),
    );
  });
});
