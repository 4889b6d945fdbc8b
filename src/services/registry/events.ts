/**
 * Events the registry publishes. Life-event types are configuration, so each event is a family: the middle part is
 * the event type (`registry.birth.registered`, `registry.adoption.registered`), with one schema for all of them.
 */
import { z } from 'zod';
import { defineEvent } from '../../core/events/envelope.js';

const RecordEventData = z.object({
  recordId: z.uuid(),
  trackingId: z.string(),
  eventType: z.string(),
  formVersion: z.number().int().positive(),
  status: z.string(),
  /** How many actions the record has after this one: consumers keep the newest state by it. */
  version: z.number().int().positive().optional(),
  registrationNumber: z.string().nullable(),
  /** INCOMPLETE, POTENTIAL_DUPLICATE, CORRECTION_REQUESTED, PRINTED, as the record shows them. */
  flags: z.array(z.string()).optional(),
  /** The record's area and every area above it, innermost first. */
  areaPath: z.array(z.string()),
  actor: z.object({ userId: z.string(), role: z.string(), office: z.string().nullable() }),
  at: z.iso.datetime(),
  /** The declaration as it stands after the action (personal data: the bus stays inside the platform). */
  data: z.record(z.string(), z.record(z.string(), z.unknown())),
  /** What the action changed (validation edits, corrections), when it changed declaration fields. */
  changes: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  reason: z.string().optional(),
});
export type RecordEventData = z.infer<typeof RecordEventData>;

const family = (action: string, description: string) =>
  defineEvent({ type: `registry.*.${action}`, version: 1, description, data: RecordEventData });

export const RecordDeclared = family('declared', 'A record was declared (possibly incomplete).');
export const RecordValidated = family('validated', 'A declaration was checked and validated.');
export const RecordRegistered = family('registered', 'A record was registered: the legal act, with its number.');
export const RecordRejected = family('rejected', 'A declaration was sent back for updates, with a reason.');
export const RecordArchived = family('archived', 'A record was archived (or marked a duplicate).');
export const RecordCorrected = family('corrected', 'A correction of a registered record was approved.');
export const RecordNotDuplicate = family(
  'not-duplicate',
  'A record flagged a potential duplicate was found not to be one, with the reason.',
);
export const CertificatePrinted = family('certificate-printed', 'A certificate of a registered record was printed.');

export const registryEvents = [
  RecordDeclared,
  RecordValidated,
  RecordRegistered,
  RecordRejected,
  RecordArchived,
  RecordCorrected,
  RecordNotDuplicate,
  CertificatePrinted,
] as const;
