/**
 * What an event type's configuration looks like: a country writes one YAML file per life event (birth, death,
 * marriage, adoption, ...) and the registry reads it with `parseEventTypeDefinition`. The descriptions below are the
 * reference of that file.
 *
 * @module
 */
import { z } from 'zod';
import { Condition } from './conditions.js';
import { Deduplication } from './deduplication.js';
import { checkDefinition } from './definition-checks.js';
import { Field, FieldPath, Identifier } from './field.js';
import { Localized } from './localized.js';

/** A record's statuses a custom action may be allowed in (DESIGN.md, "Records: events and actions"). */
export const RECORD_STATUSES = ['DRAFT', 'DECLARED', 'VALIDATED', 'REGISTERED', 'REJECTED', 'ARCHIVED'] as const;
export const RecordStatus = z.enum(RECORD_STATUSES);
export type RecordStatus = z.infer<typeof RecordStatus>;

export const Section = z.strictObject({
  id: Identifier.describe('Unique in the form, e.g. child, mother'),
  label: Localized.describe('Heading of the section'),
  visibleIf: Condition.optional().describe(
    'Shown only when this holds; every field of a hidden section must be left empty',
  ),
  fields: z.array(Field).min(1),
});
export type Section = z.infer<typeof Section>;

export const Form = z.strictObject({
  sections: z.array(Section).min(1).describe('In the order the form shows them'),
});
export type Form = z.infer<typeof Form>;

export const RegistrationNumber = z.strictObject({
  format: z
    .string()
    .min(1)
    .describe(
      'e.g. B{year}-{district}-{seq:6}. Tokens: {year} of registration, {office} code of the registering office, ' +
        '{district} code of the area at areaLevel that holds the record, {seq:N} the sequence zero-padded to N digits',
    ),
  areaLevel: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'use an area kind such as district')
    .optional()
    .describe('The kind of area {district} stands for (e.g. district); required when the format uses {district}'),
});
export type RegistrationNumber = z.infer<typeof RegistrationNumber>;

export const LegalPeriods = z
  .strictObject({
    onTimeDays: z.number().int().nonnegative().describe('Registered within this many days of the event: on time'),
    lateDays: z.number().int().positive().describe('Else within this many days: late; after that: delayed'),
  })
  .refine((periods) => periods.lateDays > periods.onTimeDays, {
    path: ['lateDays'],
    message: 'must be more than onTimeDays',
  });
export type LegalPeriods = z.infer<typeof LegalPeriods>;

const fee = z.number().nonnegative();
export const Fees = z.strictObject({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'use a three-letter currency code such as ZMW')
    .describe('ISO 4217 code'),
  onTime: fee.describe('Fee for an on-time registration'),
  late: fee.describe('Fee for a late registration'),
  delayed: fee.describe('Fee for a delayed registration'),
});
export type Fees = z.infer<typeof Fees>;

export const CustomAction = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'use kebab-case, e.g. approve-late-registration')
    .describe('Unique in the event type, e.g. approve-late-registration'),
  label: Localized,
  scope: z
    .string()
    .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'write a scope name such as record.approve-late')
    .describe('The scope a role must grant to take this action'),
  allowedIn: z.array(RecordStatus).min(1).describe('The record statuses in which the action may be taken'),
  requiresReason: z.boolean().default(false).describe('Whether the user must give a reason'),
});
export type CustomAction = z.infer<typeof CustomAction>;

export const Workflow = z.strictObject({
  requiresValidation: z
    .boolean()
    .default(true)
    .describe('Whether a declaration must be validated before it can be registered'),
  lateRegistrationApproval: z
    .string()
    .optional()
    .describe('A custom action that a late or delayed registration needs before it can be registered'),
});
export type Workflow = z.infer<typeof Workflow>;

export const Certificate = z.strictObject({
  template: Localized.describe('Per language: a template file name, or the template inline'),
  fields: z.array(FieldPath).min(1).describe('The fields the certificate shows'),
  identityNumber: z
    .boolean()
    .default(false)
    .describe('Print the UIN the identity service issued to the subject (births), once issued'),
});
export type Certificate = z.infer<typeof Certificate>;

const EventTypeDefinitionShape = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, 'use a lower-case word such as birth')
    .describe('The event type, e.g. birth; it names scopes such as record.declare:birth'),
  version: z
    .number()
    .int()
    .positive()
    .describe('Raise it when the form changes: a record keeps the version it was declared with'),
  label: Localized.describe('Name of the event; its languages are the ones every other text must have'),
  subjectField: FieldPath.describe('The text field whose value names the record, e.g. child.familyName'),
  areaField: FieldPath.describe('The area field that decides the jurisdiction, e.g. child.placeOfBirthArea'),
  dateField: FieldPath.describe('The date of the event, e.g. child.birthDate'),
  registrationNumber: RegistrationNumber,
  legalPeriods: LegalPeriods,
  fees: Fees,
  customActions: z.array(CustomAction).default([]).describe('Actions this event type adds to the standard ones'),
  workflow: Workflow.default({ requiresValidation: true }),
  form: Form,
  certificate: Certificate.optional(),
  deduplication: Deduplication.optional().describe(
    'How likely duplicates of a declaration are found; without it, records of this type are not checked',
  ),
});

/** The checks that span the file (ids, references, languages) run only once every part has the right shape. */
export const EventTypeDefinition = EventTypeDefinitionShape.superRefine(checkDefinition).describe(
  'An event type: its form, registration number, legal periods, fees, workflow and certificate',
);
export type EventTypeDefinition = z.infer<typeof EventTypeDefinitionShape>;
