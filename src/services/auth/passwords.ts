/**
 * Passwords: argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane), a minimum length, and a refusal of
 * the most common passwords. Hashes only; a password is never logged or returned.
 */

// algorithm 2 is argon2id (the package's enum is a const enum, which isolated modules cannot read).
export const ARGON2_PARAMETERS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MINIMUM_PASSWORD_LENGTH = 12;

const COMMON = new Set([
  'password1234',
  '123456789012',
  'qwertyuiop12',
  'passwordpassword',
  'iloveyou1234',
  'administrator',
  'welcome12345',
  'letmein12345',
  'changeme1234',
  'password123!',
  'qwerty123456',
  '1q2w3e4r5t6y',
]);

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MINIMUM_PASSWORD_LENGTH) return `must be at least ${MINIMUM_PASSWORD_LENGTH} characters`;
  if (COMMON.has(password.toLowerCase())) return 'is too common';
  if (new Set(password).size < 4) return 'is too simple';
  return undefined;
}

// The native argon2 module is loaded with the first password, not at start.
const argon2 = () => import('@node-rs/argon2');

export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, ARGON2_PARAMETERS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await (await argon2()).verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing: verifying against it costs what a real check costs, so an unknown user answers as slowly. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('decoy password, never valid');
  return decoy;
}
