import { describe, expect, it } from 'vitest';
import { evaluateCondition } from './conditions.js';
import { valueAt } from './values.js';

const data = { informant: { type: 'other', phone: ' ' }, father: { detailsNotAvailable: true }, child: { weight: 3 } };

describe('evaluateCondition', () => {
  it('compares exactly, tests lists and emptiness', () => {
    expect(evaluateCondition({ field: 'informant.type', equals: 'other' }, data)).toBe(true);
    expect(evaluateCondition({ field: 'child.weight', equals: '3' }, data)).toBe(false);
    expect(evaluateCondition({ field: 'informant.type', in: ['mother', 'other'] }, data)).toBe(true);
    expect(evaluateCondition({ field: 'informant.phone', notEmpty: true }, data)).toBe(false);
    expect(evaluateCondition({ field: 'mother.phone', notEmpty: true }, data)).toBe(false);
  });

  it('combines conditions with all, any and not', () => {
    const fatherKnown = { not: { field: 'father.detailsNotAvailable', equals: true } };
    expect(evaluateCondition(fatherKnown, data)).toBe(false);
    expect(evaluateCondition(fatherKnown, {})).toBe(true);
    expect(evaluateCondition({ all: [fatherKnown, { field: 'informant.type', equals: 'other' }] }, data)).toBe(false);
    expect(evaluateCondition({ any: [fatherKnown, { field: 'informant.type', equals: 'other' }] }, data)).toBe(true);
  });
});

describe('valueAt', () => {
  it('reads sectionId.fieldId, and nothing from a missing section or an inherited key', () => {
    expect(valueAt(data, 'informant.type')).toBe('other');
    expect(valueAt(data, 'mother.type')).toBeUndefined();
    expect(valueAt({ child: {} }, 'child.constructor')).toBeUndefined();
    expect(() => valueAt(data, 'informant')).toThrow(/sectionId\.fieldId/);
  });
});
