/**
 * Conditions: when a field is shown (`visibleIf`) or required (`required`), from the answers given so far.
 *
 * ```yaml
 * visibleIf: { field: child.placeOfBirthType, equals: health-facility }
 * visibleIf: { not: { field: father.detailsNotAvailable, equals: true } }
 * required: { any: [{ field: informant.type, in: [other] }, { field: informant.phone, notEmpty: true }] }
 * ```
 *
 * @module
 */
import { z } from 'zod';
import { isEmpty, valueAt } from './values.js';

/** A value a condition compares with: an option value, a number or a checkbox's `true`/`false`. */
export const ConditionValue = z.union([z.string(), z.number(), z.boolean()]);
export type ConditionValue = z.infer<typeof ConditionValue>;

export type Condition =
  | { readonly field: string; readonly equals: ConditionValue }
  | { readonly field: string; readonly in: readonly ConditionValue[] }
  | { readonly field: string; readonly notEmpty: true }
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };

/** Written in every "a condition is ..." message, so a country's author sees the shapes allowed. */
export const CONDITION_SHAPES =
  'a condition is { field, equals }, { field, in: [...] }, { field, notEmpty: true }, { all: [...] }, ' +
  '{ any: [...] } or { not: condition }';

const fieldPath = z.string().describe('The field the condition reads, as sectionId.fieldId');

export const Condition: z.ZodType<Condition> = z
  .lazy(() =>
    z.union(
      [
        z.strictObject({
          field: fieldPath,
          equals: ConditionValue.describe('True when the value is exactly this'),
        }),
        z.strictObject({
          field: fieldPath,
          in: z.array(ConditionValue).min(1).describe('True when the value is one of these'),
        }),
        z.strictObject({
          field: fieldPath,
          notEmpty: z.literal(true).describe('True when the field has a value (a ticked checkbox, a non-blank text)'),
        }),
        z.strictObject({ all: z.array(Condition).min(1).describe('True when every condition is true') }),
        z.strictObject({ any: z.array(Condition).min(1).describe('True when at least one condition is true') }),
        z.strictObject({ not: Condition.describe('True when this condition is false') }),
      ],
      { error: CONDITION_SHAPES },
    ),
  )
  .describe(CONDITION_SHAPES);

/**
 * Whether a condition holds for a declaration's data. Comparisons are exact (`'1'` is not `1`); an absent value
 * equals nothing, and an unticked checkbox is `false` only when the client sent `false`: to test "not ticked", write
 * `{ not: { field, equals: true } }`.
 *
 * @example evaluateCondition({ field: 'informant.type', equals: 'other' }, { informant: { type: 'other' } }) // true
 */
export function evaluateCondition(condition: Condition, data: unknown): boolean {
  if ('all' in condition) return condition.all.every((inner) => evaluateCondition(inner, data));
  if ('any' in condition) return condition.any.some((inner) => evaluateCondition(inner, data));
  if ('not' in condition) return !evaluateCondition(condition.not, data);
  const value = valueAt(data, condition.field);
  if ('equals' in condition) return value === condition.equals;
  if ('in' in condition) return condition.in.some((candidate) => candidate === value);
  return !isEmpty(value);
}

/** Every comparison inside a condition, with its place in it (for checks that the fields exist). */
export function* comparisons(
  condition: Condition,
  at: readonly (string | number)[] = [],
): Generator<{ condition: Extract<Condition, { field: string }>; at: (string | number)[] }> {
  if ('all' in condition)
    for (const [i, inner] of condition.all.entries()) yield* comparisons(inner, [...at, 'all', i]);
  else if ('any' in condition)
    for (const [i, inner] of condition.any.entries()) yield* comparisons(inner, [...at, 'any', i]);
  else if ('not' in condition) yield* comparisons(condition.not, [...at, 'not']);
  else yield { condition, at: [...at] };
}
