/**
 * Idempotent writes: a POST with an `Idempotency-Key` header is done once per caller and key. The answer is stored
 * in the same transaction as the change, so a retry (the offline app resending after a lost answer, a client after a
 * timeout) gets the first answer back and never makes a second record, even after a crash in between.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.js';
import { findIdempotentAnswer, saveIdempotentAnswer, type RegistryDb } from './repository.js';

export interface Answer<T> {
  readonly status: number;
  readonly body: T;
  /** True when this is a stored answer to an earlier request with the same key. */
  readonly replayed?: boolean;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

export async function idempotently<T>(
  db: RegistryDb,
  request: FastifyRequest,
  run: (tx: RegistryDb) => Promise<Answer<T>>,
): Promise<Answer<T>> {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return db.transaction().execute(run);
  const key = Array.isArray(header) ? header[0]! : header;
  if (!KEY.test(key)) {
    throw new DomainError('VALIDATION_FAILED', 'headers.idempotency-key: use 1 to 200 visible ASCII characters', {
      field: 'headers.idempotency-key',
    });
  }
  const caller = request.caller?.sub ?? 'anonymous';
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
  const replay = async (): Promise<Answer<T> | undefined> => {
    const previous = await findIdempotentAnswer(db, caller, key);
    if (!previous) return undefined;
    if (previous.request_hash !== requestHash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another request.', {
        field: 'headers.idempotency-key',
      });
    }
    return { status: previous.status, body: previous.body as T, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return await db.transaction().execute(async (tx) => {
      const answer = await run(tx);
      await saveIdempotentAnswer(tx, { caller, key, requestHash, status: answer.status, body: answer.body });
      return answer;
    });
  } catch (error) {
    // The same key raced in twice: the other request won; answer as it did.
    if ((error as { code?: string }).code === '23505') {
      const winner = await replay();
      if (winner) return winner;
    }
    throw error;
  }
}
