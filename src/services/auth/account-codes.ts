/**
 * Codes that let a user set a password: sent when an account is made (invitation) or a password is reset. They are
 * typed from an SMS, so they are short, but they come with a username anyone may know, so they need more than six
 * digits: 8 characters of a 31-letter alphabet (about 40 bits), 5 tries per code, and per-user rate limits.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import { appendEvent } from '../../core/events/outbox.js';
import { uuidv7 } from '../../core/events/uuidv7.js';
import { insertPasswordReset } from './accounts-repository.js';
import { AccountCodeRequested } from './events.js';
import type { AuthDb, UserRow } from './repository.js';

const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

export function newAccountCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export function hashAccountCode(code: string): string {
  return createHash('sha256').update(code.toLowerCase().replace(/[\s-]/g, '')).digest('hex');
}

/** Whether the user can be sent a code at all. */
export const reachable = (user: Pick<UserRow, 'phone' | 'email'>) => Boolean(user.phone ?? user.email);

/**
 * Records a new code for the user (replacing any earlier one) and queues the message with it, in the caller's
 * transaction. Answers when the code expires.
 */
export async function sendAccountCode(
  tx: AuthDb,
  config: Config,
  user: Pick<UserRow, 'id' | 'name' | 'username' | 'phone' | 'email' | 'language'>,
  purpose: 'invitation' | 'reset',
  traceId: string,
): Promise<Date> {
  const minutes = purpose === 'invitation' ? config.auth.invitationTtlHours * 60 : config.auth.codeTtlSeconds / 60;
  const expiresAt = new Date(Date.now() + minutes * 60_000);
  const code = newAccountCode();
  await insertPasswordReset(tx, {
    id: uuidv7(),
    user_id: user.id,
    code_hash: hashAccountCode(code),
    purpose,
    expires_at: expiresAt,
  });
  const channel = user.phone ? 'sms' : 'email';
  await appendEvent(tx, 'auth', AccountCodeRequested, {
    subject: user.id,
    traceId,
    data: {
      userId: user.id,
      purpose,
      channel,
      to: (channel === 'sms' ? user.phone : user.email)!,
      language: user.language,
      name: user.name,
      username: user.username,
      code,
      minutes: Math.round(minutes),
    },
  });
  return expiresAt;
}
