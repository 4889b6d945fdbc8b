import { describe, expect, it } from 'vitest';
import { transactionLog } from './transaction-log.js';
import type { TransactionEntry } from './verification-repository.js';

const entry = (id: string): TransactionEntry => ({
  id,
  partnerId: null,
  type: 'demographic',
  result: 'yes',
  reason: null,
  identityId: null,
  individualIdHash: 'hash',
  idKind: 'uin',
});

/** An insert the test completes by hand, recording the batches it was given. */
function manualInsert() {
  const batches: string[][] = [];
  const pending: Array<{ ids: string[]; finish: (error?: Error) => void }> = [];
  const insert = (entries: readonly TransactionEntry[]) =>
    new Promise<void>((resolve, reject) => {
      const ids = entries.map((one) => one.id);
      batches.push(ids);
      pending.push({ ids, finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { insert, batches, pending };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('transaction log', () => {
  it('writes a lone entry at once, and entries that arrive while writers are busy together next', async () => {
    const { insert, batches, pending } = manualInsert();
    const log = transactionLog({ insert, writers: 1 });
    const settled: string[] = [];
    const append = (id: string) => log.append(entry(id)).then(() => settled.push(id));
    const first = append('1');
    const rest = ['2', '3', '4'].map(append);
    await tick();
    expect(batches).toEqual([['1']]);
    expect(settled).toEqual([]);
    pending[0]!.finish();
    await first;
    await tick();
    expect(batches).toEqual([['1'], ['2', '3', '4']]);
    // Nobody hears back before their own row is written.
    expect(settled).toEqual(['1']);
    pending[1]!.finish();
    await Promise.all(rest);
    expect(settled).toEqual(['1', '2', '3', '4']);
  });

  it('caps a batch at maxBatch rows', async () => {
    const { insert, batches, pending } = manualInsert();
    const log = transactionLog({ insert, writers: 1, maxBatch: 2 });
    const all = ['1', '2', '3', '4', '5'].map((id) => log.append(entry(id)));
    for (let step = 0; step < 3; step++) {
      await tick();
      pending[step]!.finish();
    }
    await Promise.all(all);
    expect(batches).toEqual([['1'], ['2', '3'], ['4', '5']]);
  });

  it('fails only the entry that cannot be written when a batch fails', async () => {
    const batches: string[][] = [];
    const log = transactionLog({
      writers: 1,
      insert: async (entries) => {
        batches.push(entries.map((one) => one.id));
        await tick();
        if (entries.some((one) => one.id === 'bad')) throw new Error('violates a constraint');
      },
    });
    const outcomes = await Promise.allSettled(['1', '2', 'bad', '3'].map((id) => log.append(entry(id))));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(batches).toEqual([['1'], ['2', 'bad', '3'], ['2'], ['bad'], ['3']]);
  });
});
