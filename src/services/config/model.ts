/** The administrative area: the country's tree of provinces, districts and below, by code. */
import { z } from 'zod';

export const AreaCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'use 1 to 64 letters, digits, - or _, starting with a letter or digit')
  .describe('Stable code of the area, e.g. "CEN-01"');

export const AreaKind = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'use a lower-case word such as province or district')
  .describe('Level of the area in the country, e.g. "province", "district"');

export const NewArea = z
  .object({
    code: AreaCode,
    name: z.string().trim().min(1, 'is required').max(200).describe('Name of the area'),
    kind: AreaKind,
    parentCode: AreaCode.nullable().default(null).describe('Code of the enclosing area; null at the top'),
  })
  .strict();
export type NewArea = z.infer<typeof NewArea>;

export const Area = NewArea.extend({
  createdAt: z.iso.datetime().describe('When the area was first added'),
  updatedAt: z.iso.datetime().describe('When the area last changed'),
});
export type Area = z.infer<typeof Area>;
