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

/**
 * A user must receive a code to set their password: a new account (invitation) or a reset. Like the sign-in code it
 * travels in the event, is single use and expires.
 */
export const AccountCodeRequested = defineEvent({
  type: 'auth.account-code.requested',
  version: 1,
  description: 'A code to set a password must be sent to a user (new account, or password reset).',
  data: z.object({
    userId: z.uuid(),
    purpose: z.enum(['invitation', 'reset']),
    channel: z.enum(['sms', 'email']),
    to: z.string().min(3),
    language: z.string().min(2),
    name: z.string().min(1),
    username: z.string().min(1),
    code: z.string().min(8),
    minutes: z.number().int().positive(),
  }),
});

export const authEvents = [LoginCodeRequested, AccountCodeRequested] as const;
