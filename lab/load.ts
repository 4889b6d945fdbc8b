/**
 * The lab's load generator: clients that declare and register births through HAProxy while a failure test breaks
 * something. Each birth is three requests (create, declare, register), each with its own Idempotency-Key, retried
 * with the same key after a timeout, a dropped connection or a 5xx, exactly as a careful client would; so a retry
 * never makes a second record, and a birth counts as acknowledged only when its register request got a 2xx.
 * Every birth carries a marker (its place-of-birth address), so the check afterwards can find it in the database.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Birth {
  readonly n: number;
  readonly marker: string;
  acknowledged: boolean;
  /** Milliseconds from the first request to the register's 2xx, once acknowledged. */
  ms?: number;
  recordId?: string;
  /** The last answer that ended this birth without a 2xx (it is then neither acknowledged nor expected). */
  error?: string;
}

export interface LoadResult {
  readonly births: readonly Birth[];
  /** Epoch ms of every 2xx answer, in order. */
  readonly successes: readonly number[];
  /** Epoch ms at which each of those requests was sent (same order). */
  readonly sentAt: readonly number[];
  /** Requests that failed and were retried (timeouts, dropped connections, 5xx). */
  readonly retries: number;
}

export interface Load {
  /** Stops starting births, lets those under way finish (or give up at their deadline), and answers what happened. */
  stop(): Promise<LoadResult>;
  /** Acknowledged births so far. */
  acknowledged(): number;
}

export interface LoadOptions {
  /** e.g. http://127.0.0.1:18100 (HAProxy). */
  readonly baseUrl: string;
  readonly token: string;
  readonly clients: number;
  readonly runId: string;
  /** A birth that has not got through in this long is given up (and not counted acknowledged). */
  readonly birthDeadlineMs?: number;
  readonly requestTimeoutMs?: number;
}

const DISTRICTS = ['CEN-IBO', 'CEN-ISA', 'CEN-ILA', 'NTH-OSE', 'STH-EMB'];
const SYLLABLES = ['ka', 'lu', 'mo', 'ne', 'ri', 'sa', 'to', 'vi', 'ba', 'de', 'fi', 'go', 'ha', 'ji', 'ko', 'ma'];
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * A name no other birth of the run shares or nearly shares: syllables picked by a hash of the run, the birth and the
 * field, so the duplicate check (rightly) finds nothing to flag and every birth can be registered.
 */
function uniqueName(n: number, salt: string): string {
  const bytes = createHash('sha256').update(`${salt}:${n}`).digest();
  let name = '';
  for (let i = 0; i < 5; i++) name += SYLLABLES[bytes[i]! % SYLLABLES.length];
  return name[0]!.toUpperCase() + name.slice(1);
}

/** The marker, which the check afterwards looks for, is the place-of-birth address: no duplicate rule reads it. */
function declaration(marker: string, n: number, runId: string) {
  return {
    child: {
      firstNames: uniqueName(n, `${runId}:child-given`),
      familyName: uniqueName(n, `${runId}:child-family`),
      sex: n % 2 ? 'female' : 'male',
      birthDate: daysAgo(1 + (n % 25)),
      placeOfBirthType: 'private-home',
      placeOfBirthArea: DISTRICTS[n % DISTRICTS.length],
      placeOfBirthAddress: marker,
    },
    mother: {
      firstNames: uniqueName(n, `${runId}:mother-given`),
      familyName: uniqueName(n, `${runId}:mother-family`),
      birthDate: daysAgo(6000 + (n % 5000)),
      nationality: 'XDM',
    },
    father: { detailsNotAvailable: true, reasonNotAvailable: 'Not known' },
    informant: { type: 'mother' },
  };
}

/** A 4xx that a retry cannot fix ends the birth; 408, 425, 429 and every 5xx are worth another try. */
const retryable = (status: number) => status >= 500 || status === 408 || status === 425 || status === 429;

export function startLoad(options: LoadOptions): Load {
  const births: Birth[] = [];
  const successes: number[] = [];
  const sentAt: number[] = [];
  let retries = 0;
  let stopping = false;
  const birthDeadline = options.birthDeadlineMs ?? 90_000;
  const timeout = options.requestTimeoutMs ?? 10_000;

  /** POSTs until a 2xx (answers its JSON) or a final failure (throws); the same key on every try. */
  async function post(path: string, body: unknown, key: string, deadline: number): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      let failure: string;
      const sent = Date.now();
      try {
        const response = await fetch(`${options.baseUrl}/api/v1${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${options.token}`,
            'idempotency-key': key,
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeout),
        });
        const text = await response.text();
        if (response.ok) {
          successes.push(Date.now());
          sentAt.push(sent);
          return text ? (JSON.parse(text) as Record<string, unknown>) : {};
        }
        failure = `${path}: ${response.status} ${text.slice(0, 200)}`;
        if (!retryable(response.status)) throw new FinalFailure(failure);
      } catch (error) {
        if (error instanceof FinalFailure) throw error;
        failure = `${path}: ${(error as Error).message}`;
      }
      retries += 1;
      if (Date.now() > deadline) throw new FinalFailure(`gave up after ${attempt + 1} tries; last: ${failure}`);
      // Short waits: the outage the table reports should be the cluster's, not the client's back-off.
      await sleep(Math.min(100 * 2 ** attempt, 500));
    }
  }

  async function register(birth: Birth): Promise<void> {
    const started = performance.now();
    const deadline = Date.now() + birthDeadline;
    const key = `${options.runId}-${birth.n}`;
    try {
      const record = await post('/records', { eventType: 'birth' }, `${key}-create`, deadline);
      birth.recordId = String(record.id);
      await post(
        `/records/${birth.recordId}/declare`,
        { version: 1, data: declaration(birth.marker, birth.n, options.runId) },
        `${key}-declare`,
        deadline,
      );
      await post(`/records/${birth.recordId}/register`, { version: 2 }, `${key}-register`, deadline);
      birth.acknowledged = true;
      birth.ms = performance.now() - started;
    } catch (error) {
      birth.error = (error as Error).message;
    }
  }

  let counter = 0;
  const clients = Array.from({ length: options.clients }, async () => {
    while (!stopping) {
      const n = counter++;
      const birth: Birth = { n, marker: `Lab ${options.runId} ${n}`, acknowledged: false };
      births.push(birth);
      await register(birth);
    }
  });

  return {
    acknowledged: () => births.filter((birth) => birth.acknowledged).length,
    stop: async () => {
      stopping = true;
      await Promise.all(clients);
      return { births, successes, sentAt, retries };
    },
  };
}

class FinalFailure extends Error {}

/** Signs in as a demo user through the lab's front door (development code), retrying while the cluster settles. */
export async function signIn(baseUrl: string, username: string, password: string, code = '000000'): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const post = async (path: string, body: unknown) => {
        const response = await fetch(`${baseUrl}/api/v1${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
        return (await response.json()) as Record<string, unknown>;
      };
      const { challengeId } = await post('/auth/login', { username, password });
      const { accessToken } = await post('/auth/verify', { challengeId, code });
      return String(accessToken);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}
