import { z } from 'zod';

export const LoginRequest = z
  .object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(1024) })
  .strict();

export const LoginChallenge = z.object({
  challengeId: z.uuid().describe('Send it back with the code to /auth/verify'),
  channel: z.enum(['sms', 'email', 'development']).describe('Where the code went (development: the fixed code)'),
  expiresAt: z.iso.datetime(),
});

export const VerifyRequest = z
  .object({ challengeId: z.uuid(), code: z.string().regex(/^\d{6}$/, 'is 6 digits') })
  .strict();

export const TokenResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds'),
  scope: z.string().describe('Space-separated scopes the token carries'),
});
