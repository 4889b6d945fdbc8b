/**
 * How an event type finds likely duplicates of a new declaration among the records already there: which fields to
 * compare and how, the blocking keys that pick the few records worth comparing, and the score above which a record
 * is flagged. The search service applies it (src/services/search/duplicates/); the weights of each comparison's
 * levels are estimated from the country's own records, so only the shape is configured here.
 *
 * @module
 */
import { z } from 'zod';
import { FieldPath } from './field.js';

export const COMPARE_METHODS = ['exact', 'name', 'jaro-winkler', 'levenshtein', 'phonetic', 'date', 'number'] as const;
export type CompareMethod = (typeof COMPARE_METHODS)[number];

export const DuplicateField = z.strictObject({
  field: FieldPath.describe('The field compared, e.g. child.firstNames'),
  compare: z
    .enum(COMPARE_METHODS)
    .describe(
      'exact; name (Jaro-Winkler, phonetic code, names swapped or a middle name missing); jaro-winkler; ' +
        'levenshtein (edits); phonetic (same NYSIIS code); date (within days, a digit off, day and month swapped, ' +
        'year 1-3 off); number (within a distance)',
    ),
  similarity: z
    .number()
    .gt(0)
    .lt(1)
    .optional()
    .describe('jaro-winkler: the similarity of a close match (default 0.92; a looser level at 0.8 follows)'),
  maxEdits: z.number().int().min(1).max(3).optional().describe('levenshtein: edits of a close match (default 1)'),
  withinDays: z.number().int().min(1).max(366).optional().describe('date: days apart that still count as close'),
  maxDistance: z.number().positive().optional().describe('number: difference that still counts as close'),
  family: z
    .boolean()
    .default(false)
    .describe(
      "A value relatives share (a mother's details, the family name, the place): agreement on it cannot tell one " +
        'child entered twice from a brother, sister or twin, so only the other fields can',
    ),
});
export type DuplicateField = z.infer<typeof DuplicateField>;

/** `section.field` or `section.field:phonetic` / `:year` / `:initial`: one part of a blocking key. */
export const BlockingPart = z
  .string()
  .regex(
    /^[a-z][A-Za-z0-9]{0,63}\.[a-z][A-Za-z0-9]{0,63}(:(phonetic|year|initial))?$/,
    'write section.field, optionally followed by :phonetic, :year or :initial',
  );

export const Deduplication = z.strictObject({
  threshold: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.8)
    .describe('Probability that two records are one, above which the new one is flagged a potential duplicate'),
  fields: z.array(DuplicateField).min(2).describe('The fields compared, each with its method'),
  blocking: z
    .array(z.array(BlockingPart).min(1))
    .min(1)
    .describe(
      'Keys that pick the candidates: a record is compared with those sharing all parts of at least one key, ' +
        'e.g. [child.birthDate] or [mother.familyName:phonetic, child.birthDate:year]',
    ),
});
export type Deduplication = z.infer<typeof Deduplication>;

/** The field a blocking part reads, and how it transforms the value. */
export function blockingPart(part: string): { field: string; transform: 'value' | 'phonetic' | 'year' | 'initial' } {
  const [field, transform] = part.split(':') as [string, 'phonetic' | 'year' | 'initial' | undefined];
  return { field, transform: transform ?? 'value' };
}
