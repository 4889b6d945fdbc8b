/** Signing keys rotate on command (and on a schedule) without logging anyone out; replaced keys retire later. */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { issueAccessToken, loadKeys, rotateSigningKeyIfOlderThan } from '../src/services/auth/tokens.js';
import type { AuthDb } from '../src/services/auth/repository.js';
import { tokenWith } from './helpers/auth.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';
import { runCivitas } from './helpers/process.js';

describe('signing key rotation', () => {
  let civitas: TestCivitas | undefined;
  afterEach(async () => {
    await civitas?.close();
  });

  it('keeps old tokens valid, accepts tokens of a key made by another process, and retires replaced keys later', async () => {
    civitas = await startTestCivitas({ services: 'config,auth' });
    const read = (token: string) =>
      civitas!.app.inject({ url: '/api/v1/areas', headers: { authorization: `Bearer ${token}` } });
    const before = await tokenWith(civitas, ['config.read']);
    expect((await read(before)).statusCode).toBe(200);

    // Another process rotates (the command an operator runs), while this server keeps running.
    if (civitas.location.url) {
      const rotated = await runCivitas(['auth', 'rotate-keys'], {
        DATABASE_URL: civitas.location.url,
        CIVITAS_ENV: 'test',
      });
      expect(rotated.stdout).toMatch(/new signing key/);
    } else {
      // PGlite admits one process per data directory: rotate through the same database handle instead.
      const { rotateSigningKey } = await import('../src/services/auth/api.js');
      await rotateSigningKey(civitas.database.forSchema('auth') as AuthDb, civitas.config.secretKey!);
    }
    const db = civitas.database.forSchema('auth') as AuthDb;
    const { current } = await loadKeys(db, civitas.config.secretKey!);
    const after = await issueAccessToken(
      current,
      { sub: 'u', kind: 'user', role: 'r', scope: ['config.read'], office: null, jurisdiction: [] },
      300,
    );
    expect((await read(after)).statusCode).toBe(200);
    expect((await read(before)).statusCode).toBe(200);
    const jwks = (await civitas.app.inject({ url: '/.well-known/jwks.json' })).json<{ keys: unknown[] }>();
    expect(jwks.keys).toHaveLength(2);

    // Once the old key was replaced longer ago than a token lives, it retires and its tokens stop working.
    await sql`update auth.signing_keys set created_at = now() - interval '2 hours'`.execute(civitas.database.root);
    const { openKeyRing } = await import('../src/services/auth/key-ring.js');
    const ring = await openKeyRing({ db, config: civitas.config, log: civitas.log });
    await ring.refresh();
    ring.stop();
    const keys = await sql<{ retired: boolean }>`select retired_at is not null as retired from auth.signing_keys
      order by created_at, kid`.execute(civitas.database.root);
    expect(keys.rows.map((row) => row.retired).sort()).toEqual([false, true]);
  });

  it('makes one key when the schedule fires on several nodes at once, and none while the newest is young', async () => {
    civitas = await startTestCivitas({ services: 'config,auth' });
    const db = civitas.database.forSchema('auth') as AuthDb;
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from auth.signing_keys`.execute(civitas!.database.root))
        .rows[0]!.n;
    const before = await count();
    // The only key is older than the limit (as if 90 days had passed): three nodes' timers fire together.
    await sql`update auth.signing_keys set created_at = now() - interval '91 days'`.execute(civitas.database.root);
    const day = 86_400_000;
    const kids = await Promise.all(
      [1, 2, 3].map(() => rotateSigningKeyIfOlderThan(db, civitas!.config.secretKey!, 90 * day)),
    );
    expect(kids.filter(Boolean)).toHaveLength(1);
    expect(await count()).toBe(before + 1);
    expect(await rotateSigningKeyIfOlderThan(db, civitas.config.secretKey!, 90 * day)).toBeUndefined();
    expect(await count()).toBe(before + 1);
  });

  it('`civitas auth rotate-keys` adds a key to the database', async () => {
    civitas = await startTestCivitas({ services: 'config' });
    await civitas.stop();
    const env = {
      CIVITAS_DATA_DIR: civitas.location.dataDir,
      ...(civitas.location.url ? { DATABASE_URL: civitas.location.url } : {}),
    };
    const result = await runCivitas(['auth', 'rotate-keys'], env);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^new signing key [0-9a-f-]{36}; tokens signed with the previous keys stay valid/);
  });
});
