/**
 * JSON logs (pino). Secrets and personal data are redacted by key wherever they appear in a logged object, so a
 * careless `log.info({ body })` still cannot leak a password or a name.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Object keys whose values are never written to the log. */
export const REDACTED_KEYS = [
  'password',
  'newPassword',
  'secret',
  'secretKey',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'apiKey',
  'otp',
  'firstName',
  'lastName',
  'givenName',
  'familyName',
  'surname',
  'birthDate',
  'dateOfBirth',
  'phone',
  'email',
  'nationalId',
  'uin',
] as const;

const REDACT_PATHS = [
  ...REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export function createLogger(options: { level: string; name?: string }, destination?: DestinationStream): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'civitas',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
