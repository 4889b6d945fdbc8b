/** Events the auth service publishes. */
import { z } from 'zod';
import { defineEvent } from '../../core/events/envelope.js';

/**
 * A user passed the password step and needs their one-time code; the notify service sends it. The code travels in the
 * event: it is single use and expires in minutes, and the event never leaves the platform's own bus.
 */
export const LoginCodeRequested = defineEvent({
  type: 'auth.login-code.requested',
  version: 1,
  description: 'A sign-in code must be sent to a user.',
  data: z.object({
    userId: z.uuid(),
    channel: z.enum(['sms', 'email']),
    to: z.string().min(3),
    language: z.string().min(2),
    code: z.string().regex(/^\d{6}$/),
    minutes: z.number().int().positive(),
  }),
});

export const authEvents = [LoginCodeRequested] as const;
