/**
 * One field of a declaration form: its type, labels, when it shows, when it is required and how its value is checked.
 *
 * @module
 */
import { z } from 'zod';
import { Condition } from './conditions.js';
import { Localized } from './localized.js';

export const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'radio',
  'checkbox',
  'phone',
  'email',
  'id-number',
  'area',
  'facility',
  'office',
  'document',
] as const;

export const FieldType = z
  .enum(FIELD_TYPES)
  .describe(
    'text, textarea, number, date (YYYY-MM-DD), select or radio (one of options), checkbox (true/false), ' +
      'phone (E.164, +260971234567), email, id-number, area / facility / office (a code), ' +
      'document (an uploaded document id, or a list of them)',
  );
export type FieldType = z.infer<typeof FieldType>;

/** Field types whose value is a string that length and pattern rules apply to. */
export const TEXT_TYPES: ReadonlySet<FieldType> = new Set(['text', 'textarea', 'phone', 'email', 'id-number']);
/** Field types whose value is one of `options`. */
export const CHOICE_TYPES: ReadonlySet<FieldType> = new Set(['select', 'radio']);

export const Identifier = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]{0,63}$/, 'use a camelCase word: a lower-case letter, then letters or digits');

export const FieldPath = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]{0,63}\.[a-z][A-Za-z0-9]{0,63}$/, 'write a field as sectionId.fieldId')
  .describe('A field, as sectionId.fieldId, e.g. child.birthDate');

export const FieldOption = z.strictObject({
  value: z.string().min(1).describe('What the declaration stores, e.g. female'),
  label: Localized.describe('What the form shows'),
});
export type FieldOption = z.infer<typeof FieldOption>;

export const FieldValidation = z
  .strictObject({
    minLength: z.number().int().nonnegative().optional().describe('Text: fewest characters'),
    maxLength: z.number().int().positive().optional().describe('Text: most characters'),
    pattern: z
      .string()
      .optional()
      .describe('Text: a regular expression the whole value must match (anchored for you), e.g. [0-9]{9}'),
    patternMessage: Localized.optional().describe('Text: what to tell the user when the pattern does not match'),
    min: z.number().optional().describe('Number: smallest value'),
    max: z.number().optional().describe('Number: largest value'),
    notInFuture: z.boolean().optional().describe('Date: not after today'),
    notBefore: FieldPath.optional().describe('Date: not before the date in this other field'),
    notAfter: FieldPath.optional().describe('Date: not after the date in this other field'),
    minAgeYears: z
      .strictObject({
        years: z.number().int().positive().describe('Fewest whole years'),
        relativeTo: FieldPath.optional().describe('The date the age is reached by; today when left out'),
      })
      .optional()
      .describe('Date of birth: the person is at least this old on the date of another field'),
  })
  .describe('Rules on the value, checked when it is given');
export type FieldValidation = z.infer<typeof FieldValidation>;

export const Field = z.strictObject({
  id: Identifier.describe(
    'Unique in its section; the value is addressed as sectionId.fieldId (child.birthDate, mother.birthDate)',
  ),
  type: FieldType,
  label: Localized.describe('What the form shows'),
  required: z
    .union([z.boolean(), Condition])
    .default(false)
    .describe('true, false, or a condition; a required field that is shown and empty keeps the declaration incomplete'),
  visibleIf: Condition.optional().describe('Shown only when this holds; a hidden field must be left empty'),
  options: z.array(FieldOption).min(1).optional().describe('select and radio: the values to choose from'),
  validation: FieldValidation.optional(),
});
export type Field = z.infer<typeof Field>;
