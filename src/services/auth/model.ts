import { z } from 'zod';

export const LoginRequest = z
  .object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(1024) })
  .strict();

export const LoginChallenge = z.object({
  challengeId: z.uuid().describe('Send it back with the code to /auth/verify'),
  channel: z
    .enum(['sms', 'email', 'development', 'totp'])
    .describe('Where the code went (development: the fixed code; totp: the code is in the authenticator app)'),
  expiresAt: z.iso.datetime(),
});

export const VerifyRequest = z
  .object({
    challengeId: z.uuid(),
    code: z
      .string()
      .trim()
      .min(6, 'is 6 digits, or a recovery code')
      .max(20, 'is 6 digits, or a recovery code')
      .describe('The 6-digit code, or (with an authenticator app) one of the recovery codes'),
  })
  .strict();

export const TokenResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds'),
  refreshToken: z.string().describe('Send it to /auth/refresh for the next access token; it is good once'),
  refreshExpiresIn: z.number().int().describe('Seconds the refresh token stays valid unused'),
  scope: z.string().describe('Space-separated scopes the token carries'),
});

export const RefreshRequest = z.object({ refreshToken: z.string().min(20).max(200) }).strict();

const Phone = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'use the international form, e.g. +260971234567')
  .describe('Mobile number for sign-in codes (E.164)');
const Email = z.email('is not an e-mail address').describe('E-mail address for sign-in codes');
const Language = z
  .string()
  .regex(/^[a-z]{2}$/, 'use a two-letter language code such as en or fr')
  .describe('Language of messages');

export const NewUser = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'use 2 to 64 lower-case letters, digits, dots, - or _')
      .describe('Sign-in name, unique'),
    name: z.string().trim().min(1, 'is required').max(200).describe('Full name'),
    role: z.string().trim().min(1).describe('One of the roles (see GET /roles)'),
    office: z.string().trim().min(1).nullable().default(null).describe('Office code; null for national staff'),
    email: Email.nullable().default(null),
    phone: Phone.nullable().default(null),
    language: Language.default('en'),
  })
  .strict();
export type NewUser = z.infer<typeof NewUser>;

export const UserChangesRequest = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    office: z.string().trim().min(1).nullable(),
    email: Email.nullable(),
    phone: Phone.nullable(),
    language: Language,
  })
  .partial()
  .strict();

export const UserView = z.object({
  id: z.uuid(),
  username: z.string(),
  name: z.string(),
  role: z.string(),
  office: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  language: z.string(),
  active: z.boolean(),
  passwordSet: z.boolean().describe('False until an invited user sets their password'),
  secondFactor: z.enum(['totp', 'sms', 'email', 'none']).describe('How the user receives sign-in codes'),
  lockedUntil: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type UserView = z.infer<typeof UserView>;
