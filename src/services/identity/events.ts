/** Events the identity service publishes. */
import { z } from 'zod';
import { defineEvent } from '../../core/events/envelope.js';

/**
 * A UIN was issued to a new identity: for a registered birth (`recordId`, `eventType` name the record, which the
 * registry annotates with the UIN) or for an enrolled adult (`recordId` and `eventType` null).
 */
export const IdentityIssued = defineEvent({
  type: 'identity.issued',
  version: 1,
  description: 'A UIN was issued to a new identity (a registered birth, or an enrolled adult).',
  data: z.object({
    identityId: z.uuid(),
    uin: z.string().regex(/^\d+$/),
    recordId: z.uuid().nullable(),
    eventType: z.string().nullable(),
    source: z.enum(['birth', 'enrolment']),
  }),
});

/** An identity was deactivated (a registered death): verification against its UIN or VIDs fails from now on. */
export const IdentityDeactivated = defineEvent({
  type: 'identity.deactivated',
  version: 1,
  description: 'An identity was deactivated (a registered death); its UIN and VIDs no longer verify.',
  data: z.object({
    identityId: z.uuid(),
    uin: z.string().regex(/^\d+$/),
    reason: z.string(),
    recordId: z.uuid().nullable(),
  }),
});

/** An identity's demographics changed (an approved correction of its birth record); `version` counts the changes. */
export const IdentityDemographicsUpdated = defineEvent({
  type: 'identity.demographics-updated',
  version: 1,
  description: "An identity's demographics were updated by a correction; the previous values stay in its history.",
  data: z.object({
    identityId: z.uuid(),
    version: z.number().int().positive(),
    fields: z.array(z.string()),
    recordId: z.uuid().nullable(),
  }),
});

/**
 * A one-time code must be sent to the contact on record of an identity (a relying party asked to verify the person,
 * or the person asked themselves); the notify service sends it. The code travels in the event, as sign-in codes do:
 * it is single use, expires in minutes, and the event never leaves the platform's own bus.
 */
export const IdentityOtpRequested = defineEvent({
  type: 'identity.otp-requested',
  version: 1,
  description: "A one-time code must be sent to a person's contact on record (identity verification).",
  data: z.object({
    identityId: z.uuid(),
    channel: z.enum(['sms', 'email']),
    to: z.string().min(3),
    language: z.string().min(2),
    code: z.string().regex(/^\d{6}$/),
    minutes: z.number().int().positive(),
    /** Who asked: the relying party's name, or null when the person asked themselves. */
    requestedBy: z.string().nullable(),
  }),
});

export const identityEvents = [
  IdentityIssued,
  IdentityDeactivated,
  IdentityDemographicsUpdated,
  IdentityOtpRequested,
] as const;
