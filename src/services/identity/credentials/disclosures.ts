/**
 * The selective-disclosure half of SD-JWT (RFC 9901 §4.2, §7.1): hiding claims behind digests, and finding them again.
 *
 * A claim marked `disclosable(value)` leaves the payload; in its place its object gains a digest in `_sd` (an array
 * element becomes `{ "...": digest }`). The disclosure is `base64url(JSON [salt, name, value])` (`[salt, value]` for
 * an array element) and its digest is `base64url(SHA-256(ASCII of the disclosure))`. A disclosable value may itself
 * hold disclosable claims (`place_of_birth` → `district`), so a holder can reveal the district and not the province.
 *
 * @example
 * const { payload, disclosures } = conceal({ vct: 'x', place_of_birth: disclosable({ district: disclosable('IBO') }) });
 * reveal(payload, disclosures.map((d) => d.encoded)); // { vct: 'x', place_of_birth: { district: 'IBO' } }
 */
import { createHash, randomBytes } from 'node:crypto';

const DISCLOSABLE = Symbol('disclosable');

/** A value the holder may choose to reveal or keep. */
export interface Disclosable {
  readonly [DISCLOSABLE]: unknown;
}

export function disclosable(value: unknown): Disclosable {
  return { [DISCLOSABLE]: value };
}

function isDisclosable(value: unknown): value is Disclosable {
  return typeof value === 'object' && value !== null && DISCLOSABLE in value;
}

/** The only hash algorithm issued and accepted (`_sd_alg`). */
export const SD_ALG = 'sha-256';

export type JsonObject = { [key: string]: unknown };

export interface Disclosure {
  /** The base64url text that travels after a `~`. */
  readonly encoded: string;
  readonly digest: string;
  /** Where the claim sits once revealed: claim names and array indexes from the payload's root. */
  readonly path: readonly (string | number)[];
}

export const digestOf = (encoded: string): string => createHash('sha256').update(encoded, 'ascii').digest('base64url');

const salt = () => randomBytes(16).toString('base64url');

/** A digest no disclosure matches, so that the number of claims does not show (RFC 9901 §4.2.5). */
const decoy = () => digestOf(randomBytes(16).toString('base64url'));

export interface ConcealOptions {
  /** Decoy digests added to every object that has disclosable claims. 0 when left out. */
  readonly decoys?: number;
}

/**
 * The payload with every `disclosable` value replaced by its digest, and the disclosures, innermost first. `_sd`
 * arrays are sorted, so their order says nothing about the order of the claims.
 */
export function conceal(
  claims: JsonObject,
  options: ConcealOptions = {},
): { payload: JsonObject; disclosures: Disclosure[] } {
  const disclosures: Disclosure[] = [];
  const decoys = options.decoys ?? 0;

  const walk = (value: unknown, path: readonly (string | number)[]): unknown => {
    if (Array.isArray(value)) {
      return value.map((item: unknown, index) => {
        if (!isDisclosable(item)) return walk(item, [...path, index]);
        const inner = walk(item[DISCLOSABLE], [...path, index]);
        const encoded = Buffer.from(JSON.stringify([salt(), inner])).toString('base64url');
        const digest = digestOf(encoded);
        disclosures.push({ encoded, digest, path: [...path, index] });
        return { '...': digest };
      });
    }
    if (typeof value !== 'object' || value === null) return value;
    const out: JsonObject = {};
    const digests: string[] = [];
    for (const [name, item] of Object.entries(value)) {
      if (name === '_sd' || name === '...') throw new Error(`"${name}" cannot be a claim name`);
      if (!isDisclosable(item)) {
        out[name] = walk(item, [...path, name]);
        continue;
      }
      const inner = walk(item[DISCLOSABLE], [...path, name]);
      const encoded = Buffer.from(JSON.stringify([salt(), name, inner])).toString('base64url');
      const digest = digestOf(encoded);
      disclosures.push({ encoded, digest, path: [...path, name] });
      digests.push(digest);
    }
    if (digests.length > 0) {
      for (let i = 0; i < decoys; i += 1) digests.push(decoy());
      out._sd = digests.sort();
    }
    return out;
  };

  return { payload: walk(claims, []) as JsonObject, disclosures };
}

/** A disclosure that cannot be read, or that the payload does not reference exactly once. */
export class DisclosureError extends Error {
  override readonly name = 'DisclosureError';
}

interface Decoded {
  readonly encoded: string;
  readonly name: string | undefined;
  readonly value: unknown;
}

function decode(encoded: string): Decoded {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(encoded)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new DisclosureError('a disclosure is not base64url JSON');
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string') throw new DisclosureError('a disclosure is malformed');
  if (parsed.length === 2) return { encoded, name: undefined, value: parsed[1] };
  if (parsed.length === 3 && typeof parsed[1] === 'string') {
    if (parsed[1] === '_sd' || parsed[1] === '...') throw new DisclosureError(`a disclosure names "${parsed[1]}"`);
    return { encoded, name: parsed[1], value: parsed[2] };
  }
  throw new DisclosureError('a disclosure is malformed');
}

/**
 * The claims the disclosures reveal (RFC 9901 §7.1 steps 3-5): every digest is looked up once, decoys and
 * undisclosed digests vanish, `_sd` and `_sd_alg` are dropped. Throws DisclosureError for a disclosure that is
 * unreadable, referenced twice, referenced nowhere, or that would overwrite a claim.
 */
export function reveal(payload: JsonObject, encoded: readonly string[]): JsonObject {
  const byDigest = new Map<string, Decoded>();
  for (const text of encoded) {
    const digest = digestOf(text);
    if (byDigest.has(digest)) throw new DisclosureError('the same disclosure is sent twice');
    byDigest.set(digest, decode(text));
  }
  const seen = new Set<string>();
  const take = (digest: unknown): Decoded | undefined => {
    if (typeof digest !== 'string') throw new DisclosureError('a digest is not a string');
    if (seen.has(digest)) throw new DisclosureError('a digest appears twice');
    seen.add(digest);
    return byDigest.get(digest);
  };

  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const item of value) {
        const isReference =
          typeof item === 'object' && item !== null && !Array.isArray(item) && Object.keys(item).join() === '...';
        if (!isReference) {
          out.push(walk(item));
          continue;
        }
        const found = take((item as { '...': unknown })['...']);
        if (found === undefined) continue;
        if (found.name !== undefined) throw new DisclosureError('an array element is disclosed with a claim name');
        out.push(walk(found.value));
      }
      return out;
    }
    if (typeof value !== 'object' || value === null) return value;
    const out: JsonObject = {};
    for (const [name, item] of Object.entries(value)) {
      if (name !== '_sd' && name !== '_sd_alg') out[name] = walk(item);
    }
    const digests = (value as JsonObject)._sd;
    if (digests === undefined) return out;
    if (!Array.isArray(digests)) throw new DisclosureError('_sd is not an array');
    for (const digest of digests) {
      const found = take(digest);
      if (found === undefined) continue;
      if (found.name === undefined) throw new DisclosureError('a claim is disclosed without its name');
      if (Object.hasOwn(out, found.name)) throw new DisclosureError(`the claim ${found.name} is disclosed twice`);
      out[found.name] = walk(found.value);
    }
    return out;
  };

  const revealed = walk(payload) as JsonObject;
  for (const digest of byDigest.keys()) {
    if (!seen.has(digest)) throw new DisclosureError('a disclosure belongs to no claim of this credential');
  }
  return revealed;
}

/**
 * Where each disclosure sits in the payload (for a holder choosing what to reveal), found by walking the payload
 * and the disclosures it references. Disclosures the payload does not reference are left out.
 */
export function locateDisclosures(payload: JsonObject, encoded: readonly string[]): Disclosure[] {
  const byDigest = new Map(encoded.map((text) => [digestOf(text), text] as const));
  const located: Disclosure[] = [];
  const walk = (value: unknown, path: readonly (string | number)[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => {
        const digest = (item as { '...'?: unknown } | null)?.['...'];
        const text = typeof digest === 'string' ? byDigest.get(digest) : undefined;
        if (text === undefined) return walk(item, [...path, index]);
        located.push({ encoded: text, digest: digest as string, path: [...path, index] });
        walk(decode(text).value, [...path, index]);
      });
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [name, item] of Object.entries(value)) if (name !== '_sd') walk(item, [...path, name]);
    const digests = (value as JsonObject)._sd;
    for (const digest of Array.isArray(digests) ? digests : []) {
      const text = typeof digest === 'string' ? byDigest.get(digest) : undefined;
      if (text === undefined) continue;
      const { name, value: inner } = decode(text);
      if (name === undefined) continue;
      located.push({ encoded: text, digest: digest as string, path: [...path, name] });
      walk(inner, [...path, name]);
    }
  };
  walk(payload, []);
  return located;
}
