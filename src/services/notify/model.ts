/** A notification to send: which template, to whom, in which language, with which values. */
import { z } from 'zod';

export const Channel = z.enum(['sms', 'email']).describe('sms or email');
export type Channel = z.infer<typeof Channel>;

export const NotificationRequest = z
  .object({
    channel: Channel,
    to: z.string().trim().min(3).max(320).describe('Phone number in international form (+...) or e-mail address'),
    template: z
      .string()
      .regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/, 'is not a template name')
      .describe('Template name, e.g. auth.login-code'),
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/, 'use a language code such as en or fr')
      .default('en')
      .describe('Language of the message; falls back to English when the template has no text in it'),
    variables: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .default({})
      .describe('Values for the template'),
  })
  .strict()
  .superRefine((request, context) => {
    const valid =
      request.channel === 'sms'
        ? /^\+[1-9][0-9]{6,14}$/.test(request.to)
        : /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(request.to);
    if (!valid) {
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message:
          request.channel === 'sms' ? 'is not a phone number in international form (+...)' : 'is not an e-mail address',
      });
    }
  });
export type NotificationRequest = z.infer<typeof NotificationRequest>;

export const MessageStatus = z.enum(['pending', 'sent', 'failed']);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const Message = z.object({
  id: z.uuid(),
  channel: Channel,
  to: z.string(),
  template: z.string(),
  language: z.string(),
  status: MessageStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
});
export type Message = z.infer<typeof Message>;
