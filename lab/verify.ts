/**
 * After a failure test: is every acknowledged birth in the database exactly once, registered, and did the events it
 * raised get through (the identity service issued its child one identity number)? Read straight from PostgreSQL
 * through HAProxy's primary port, so the answer does not depend on the civitas nodes that were just broken.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { LoadResult } from './load.js';

export interface Outcome {
  readonly sent: number;
  readonly acknowledged: number;
  readonly found: number;
  readonly duplicates: number;
  readonly lost: number;
  /** Acknowledged births whose child has an identity number (the registered event reached identity). */
  readonly withIdentity: number;
  /** Registered children holding more than one identity (an event handled twice in effect). */
  readonly doubleIdentities: number;
  /** Births that were never acknowledged (given up): not lost, the client knows they failed. */
  readonly unacknowledged: number;
}

interface Row {
  marker: string;
  copies: number;
  registered: number;
  identities: number;
}

async function readBack(databaseUrl: string, runId: string): Promise<Map<string, Row>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<Row>(
      `select r.data->'child'->>'placeOfBirthAddress' as marker,
              count(distinct r.id)::int as copies,
              count(distinct r.id) filter (where r.status = 'REGISTERED')::int as registered,
              count(i.id)::int as identities
         from registry.records r
         left join identity.identities i on i.source_record_id = r.id
        where r.data->'child'->>'placeOfBirthAddress' like $1
        group by 1`,
      [`Lab ${runId} %`],
    );
    return new Map(rows.map((row) => [row.marker, row]));
  } finally {
    await client.end();
  }
}

/**
 * Compares what the clients were told with what the database holds. Waits up to `eventsWithinMs` for identity
 * numbers, since events travel after the answer.
 */
export async function checkOutcome(
  databaseUrl: string,
  runId: string,
  load: LoadResult,
  eventsWithinMs = 60_000,
): Promise<Outcome> {
  const acknowledged = load.births.filter((birth) => birth.acknowledged);
  const deadline = Date.now() + eventsWithinMs;
  for (;;) {
    const rows = await readBack(databaseUrl, runId);
    const found = acknowledged.filter((birth) => (rows.get(birth.marker)?.registered ?? 0) >= 1).length;
    const withIdentity = acknowledged.filter((birth) => (rows.get(birth.marker)?.identities ?? 0) >= 1).length;
    const outcome: Outcome = {
      sent: load.births.length,
      acknowledged: acknowledged.length,
      found,
      duplicates: [...rows.values()].filter((row) => row.copies > 1).length,
      lost: acknowledged.length - found,
      withIdentity,
      doubleIdentities: [...rows.values()].filter((row) => row.identities > 1).length,
      unacknowledged: load.births.length - acknowledged.length,
    };
    if (withIdentity === acknowledged.length || Date.now() > deadline) return outcome;
    await sleep(1000);
  }
}

/**
 * The write outage after a failure at `from`: the longest time, in seconds, with no successful answer at all until
 * `until`, and the time from the failure to the first write sent after it that got through (an answer to a request
 * sent before the failure proves nothing about the cluster after it).
 */
export function outage(
  load: Pick<LoadResult, 'successes' | 'sentAt'>,
  from: number,
  until: number,
): { longestGap: number; firstWrite: number } {
  let previous = from;
  let longest = 0;
  let first: number | undefined;
  for (const [index, at] of load.successes.entries()) {
    if (at < from) continue;
    if (at > until) break;
    if (load.sentAt[index]! >= from) first ??= at;
    longest = Math.max(longest, at - previous);
    previous = at;
  }
  longest = Math.max(longest, until - previous);
  return { longestGap: longest / 1000, firstWrite: ((first ?? until) - from) / 1000 };
}
