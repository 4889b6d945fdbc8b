/**
 * Where credentials' revocation bits live. Each credential gets a random free slot of the current list (random, so a
 * slot says nothing about when or to whom it was issued); a list is replaced by a new one once half full, which keeps
 * random picks quick. A list's token is computed from the credentials table when served, so a revocation shows at
 * once (verifiers may cache it for `ttl`).
 */
import { randomInt } from 'node:crypto';
import type { IssuerKeys } from './issuer-keys.js';
import {
  currentStatusList,
  findStatusList,
  insertStatusList,
  lockIssuer,
  revokedIndexes,
  type CredentialsDb,
} from './repository.js';
import { signStatusListToken, statusBytes } from './status-list.js';

/** 2^17 statuses: 16 KiB of bits before compression, a few hundred bytes after while few are revoked. */
export const STATUS_LIST_SIZE = 131_072;
export const STATUS_LIST_TTL_SECONDS = 300;

export const statusListUri = (issuer: string, id: number) => `${issuer}/identity/status-lists/${id}`;

/**
 * Takes a free slot for a credential, within the caller's transaction: `insert` tries to claim the slot and answers
 * false when another credential holds it already.
 */
export async function takeStatusSlot(
  tx: CredentialsDb,
  insert: (slot: { listId: number; index: number }) => Promise<boolean>,
): Promise<{ listId: number; index: number }> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const list = await usableList(tx);
    const slot = { listId: list.id, index: randomInt(list.size) };
    if (await insert(slot)) return slot;
  }
  throw new Error('no free status list slot after 50 attempts');
}

async function usableList(tx: CredentialsDb): Promise<{ id: number; size: number }> {
  const current = await currentStatusList(tx);
  if (current && current.used < current.size / 2) return current;
  await lockIssuer(tx);
  const again = await currentStatusList(tx);
  if (again && again.used < again.size / 2) return again;
  const next = { id: (again?.id ?? 0) + 1, size: STATUS_LIST_SIZE };
  await insertStatusList(tx, next);
  return next;
}

/** The signed status list token of list `id`, or undefined when there is no such list. */
export async function statusListToken(
  db: CredentialsDb,
  keys: IssuerKeys,
  input: { id: number; issuer: string },
): Promise<string | undefined> {
  const list = await findStatusList(db, input.id);
  if (!list) return undefined;
  return signStatusListToken({
    signer: await keys.signing(),
    uri: statusListUri(input.issuer, list.id),
    statuses: statusBytes(list.size, await revokedIndexes(db, list.id)),
    ttlSeconds: STATUS_LIST_TTL_SECONDS,
  });
}
