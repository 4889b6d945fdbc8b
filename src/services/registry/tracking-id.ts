/**
 * Tracking IDs: what a family is told when a record is created, and what they read back over the phone. Seven
 * random characters from an alphabet without look-alikes (no 0/O, 1/I/L) and a check character, e.g. `7KQ2MXH4`.
 * The check is a position-weighted sum modulo 31 (a prime, the alphabet's size), so any one mistyped character and
 * any two swapped neighbours are caught.
 */
import { randomInt } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const BODY_LENGTH = 7;

function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * ALPHABET.indexOf(body[i]!);
  // The check character c makes sum + (length + 1) * c ≡ 0 (mod 31); length + 1 is invertible modulo a prime.
  const weight = body.length + 1;
  for (let c = 0; c < ALPHABET.length; c++) if ((sum + weight * c) % ALPHABET.length === 0) return ALPHABET[c]!;
  throw new Error('unreachable: 31 is prime');
}

export function newTrackingId(): string {
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  return body + checkCharacter(body);
}

/** The tracking ID as typed (any case, spaces and dashes ignored), or why it cannot be one. */
export function readTrackingId(input: string): { ok: true; id: string } | { ok: false; reason: string } {
  const id = input.toUpperCase().replace(/[\s-]/g, '');
  if (id.length !== BODY_LENGTH + 1) return { ok: false, reason: `has ${BODY_LENGTH + 1} characters` };
  const wrong = [...id].find((char) => !ALPHABET.includes(char));
  if (wrong) return { ok: false, reason: `contains "${wrong}", which tracking IDs never use` };
  if (checkCharacter(id.slice(0, BODY_LENGTH)) !== id[BODY_LENGTH]) {
    return { ok: false, reason: 'does not check out: a character is mistyped' };
  }
  return { ok: true, id };
}
