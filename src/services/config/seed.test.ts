import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/database.js';
import { captureLog } from '../../../test/helpers/log.js';
import { migrate } from '../../core/db/migrate.js';
import type { Database } from '../../core/db/open.js';
import type { ServiceContext } from '../../core/service.js';
import configService from './index.js';
import {
  configDb,
  countAreas,
  countEventTypes,
  countFacilities,
  type ConfigDb,
  type ConfigTables,
} from './repository.js';
import { importCountryFolder, seedCountry } from './seed.js';

const DEMO = fileURLToPath(new URL('../../../countries/demo', import.meta.url));

describe('seedCountry', () => {
  let database: Database;
  let db: ConfigDb;
  let folder: string;
  beforeEach(async () => {
    database = await openTestDatabase();
    await migrate(database.root, [{ schema: 'config', migrations: configService.migrations }]);
    db = configDb(database);
    folder = mkdtempSync(join(tmpdir(), 'civitas-country-'));
    cpSync(DEMO, folder, { recursive: true });
  });
  afterEach(async () => {
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  // The seed reads only the country folder from the configuration.
  const context = () =>
    ({
      name: 'config',
      db,
      log: captureLog('silent').log,
      config: { seed: { country: folder } },
    }) as unknown as ServiceContext<ConfigTables>;
  const outboxSize = async () => (await db.selectFrom('outbox').select('id').execute()).length;

  it('gives a database seeded before event types existed the event types of the folder, and then does nothing', async () => {
    // The folder as it was before it had event types.
    renameSync(join(folder, 'events'), join(folder, 'events-later'));
    await importCountryFolder({ db }, folder, 'seed');
    renameSync(join(folder, 'events-later'), join(folder, 'events'));
    expect(await countEventTypes(db)).toBe(0);

    await seedCountry(context());
    expect(await countEventTypes(db)).toBe(3);
    const after = await outboxSize();
    await seedCountry(context());
    expect(await outboxSize()).toBe(after);
  });

  it('gives a database seeded before facilities existed the facilities of the folder, and then does nothing', async () => {
    renameSync(join(folder, 'facilities.csv'), join(folder, 'facilities-later.csv'));
    await importCountryFolder({ db }, folder, 'seed');
    renameSync(join(folder, 'facilities-later.csv'), join(folder, 'facilities.csv'));
    expect(await countFacilities(db)).toBe(0);

    await seedCountry(context());
    expect(await countFacilities(db)).toBe(20);
    expect(await countAreas(db)).toBe(13);
    const after = await outboxSize();
    await seedCountry(context());
    expect(await outboxSize()).toBe(after);
  });
});
