/**
 * The country's administrative areas (a tree of provinces, districts and below, by code), its registration offices and
 * its health facilities, each in one area.
 */
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

export const OfficeCode = AreaCode.describe('Stable code of the registration office, e.g. "OFF-IBO"');

export const NewOffice = z
  .object({
    code: OfficeCode,
    name: z.string().trim().min(1, 'is required').max(200).describe('Name of the office'),
    areaCode: AreaCode.describe('Code of the area the office is in'),
  })
  .strict();
export type NewOffice = z.infer<typeof NewOffice>;

export const AreaPath = z
  .array(AreaCode)
  .min(1)
  .describe("The area's code, then each enclosing area's code up to the top: innermost first");

export const Office = NewOffice.extend({
  areaPath: AreaPath,
  createdAt: z.iso.datetime().describe('When the office was first added'),
  updatedAt: z.iso.datetime().describe('When the office last changed'),
});
export type Office = z.infer<typeof Office>;

export const FacilityCode = AreaCode.describe('Stable code of the health facility, e.g. "FAC-IBO-GH"');

/** The kinds of health facility a birth or death may take place in. */
export const FacilityKind = z
  .enum(['hospital', 'health-centre', 'clinic', 'maternity'], {
    error: 'use hospital, health-centre, clinic or maternity',
  })
  .describe('What the facility is: hospital, health-centre, clinic or maternity');
export type FacilityKind = z.infer<typeof FacilityKind>;

export const NewFacility = z
  .object({
    code: FacilityCode,
    name: z.string().trim().min(1, 'is required').max(200).describe('Name of the facility'),
    kind: FacilityKind,
    areaCode: AreaCode.describe('Code of the area the facility is in'),
  })
  .strict();
export type NewFacility = z.infer<typeof NewFacility>;

export const Facility = NewFacility.extend({
  areaPath: AreaPath,
  createdAt: z.iso.datetime().describe('When the facility was first added'),
  updatedAt: z.iso.datetime().describe('When the facility last changed'),
});
export type Facility = z.infer<typeof Facility>;
