/** `civitas config import <folder>`: validates every file first, reports file:line, writes all of them or nothing. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabaseLocation } from './helpers/database.js';
import { runCivitas } from './helpers/process.js';

describe('civitas config import', () => {
  let location: TestDatabaseLocation | undefined;
  afterEach(async () => {
    await location?.drop();
  });

  it('imports the demo country, is idempotent, and refuses a broken folder without writing any of its files', async () => {
    location = await createTestDatabase();
    const env = {
      CIVITAS_DATA_DIR: join(location.dataDir, 'data'),
      ...(location.url ? { DATABASE_URL: location.url } : {}),
    };
    const first = await runCivitas(['config', 'import', 'countries/demo'], env);
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toBe(
      'areas: 13 created, 0 updated, 0 unchanged\noffices: 10 created, 0 updated, 0 unchanged',
    );
    const unchanged = 'areas: 0 created, 0 updated, 13 unchanged\noffices: 0 created, 0 updated, 10 unchanged';
    const again = await runCivitas(['config', 'import', 'countries/demo'], env);
    expect(again.stdout.trim()).toBe(unchanged);

    const broken = join(location.dataDir, 'broken');
    mkdirSync(broken);
    writeFileSync(
      join(broken, 'areas.csv'),
      'code,name,kind,parent_code\nNEW,New Province,province,\nX,,district,GONE\n',
    );
    writeFileSync(join(broken, 'offices.csv'), 'code,name,area_code\nOFF-NEW,,NEW\n');
    const refused = await runCivitas(['config', 'import', broken], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Nothing was imported/);
    expect(refused.stderr).toContain(`${join(broken, 'areas.csv')}:3: name: is required`);
    expect(refused.stderr).toContain(`${join(broken, 'offices.csv')}:2: name: is required`);

    writeFileSync(join(broken, 'areas.csv'), 'code,name,kind,parent_code\nNEW,New Province,province,\n');
    writeFileSync(join(broken, 'offices.csv'), 'code,name,area_code\nOFF-NEW,New Office,GONE\n');
    const unknownArea = await runCivitas(['config', 'import', broken], env);
    expect(unknownArea.code).toBe(2);
    expect(unknownArea.stderr).toContain(
      `${join(broken, 'offices.csv')}:2: area_code: OFF-NEW names unknown area GONE`,
    );
    const after = await runCivitas(['config', 'import', 'countries/demo'], env);
    expect(after.stdout.trim()).toBe(unchanged);
    // Once mended, the province NEW comes as created: the refused imports wrote nothing of it.
    writeFileSync(join(broken, 'offices.csv'), 'code,name,area_code\nOFF-NEW,New Office,NEW\n');
    const mended = await runCivitas(['config', 'import', broken], env);
    expect(mended.stdout.trim()).toBe(
      'areas: 1 created, 0 updated, 0 unchanged\noffices: 1 created, 0 updated, 0 unchanged',
    );
  });
});
