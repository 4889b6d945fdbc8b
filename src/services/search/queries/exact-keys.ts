/**
 * What a typed query could be besides a name: a tracking ID, a registration number, an identity number or a phone
 * number. Each reading becomes an exact key of `search.keys` (as indexing/entry.ts writes them); one index probe
 * tries them all.
 *
 * @example
 * exactKeys('7KQ2-MXH4'); // ['tracking:7kq2mxh4', 'number:7kq2mxh4', 'id:7kq2mxh4', ...]
 * exactKeys('+260 97 1234567'); // [..., 'phone:971234567']
 */
import { normalizeCode } from '../../../core/linkage/normalize.js';
import { phoneKey } from '../indexing/entry.js';

/** What an exact key is of: reported (as a kind, never the value) in the audit log. */
export type KeyKind = 'tracking' | 'number' | 'id' | 'phone';

/** A phone number has at least this many digits; fewer are not looked up as one. */
const SHORTEST_PHONE = 7;

export function exactKeys(query: string): string[] {
  const code = normalizeCode(query);
  if (code.length === 0) return [];
  const keys = [`tracking:${code}`, `number:${code}`, `id:${code}`];
  const digits = query.replace(/\D/g, '');
  // Only digits and phone punctuation: "+260 97-123 4567" is a phone number, "B2024-IBO-000012" is not.
  if (digits.length >= SHORTEST_PHONE && /^[\d\s+().-]+$/.test(query.trim())) keys.push(`phone:${phoneKey(query)}`);
  return keys;
}

/** Whether a query looks like a code rather than a name: it has a digit, or is one word of a tracking ID's length. */
export function looksLikeCode(query: string): boolean {
  const trimmed = query.trim();
  return /\d/.test(trimmed) || /^[A-Za-z]{8}$/.test(trimmed.replace(/[\s-]/g, ''));
}

/** The kind of key a matched key string is. */
export function keyKind(key: string): KeyKind {
  return key.slice(0, key.indexOf(':')) as KeyKind;
}
