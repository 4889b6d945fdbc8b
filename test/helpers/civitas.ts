/** Starts Civitas in this process on a fresh test database, for `app.inject()` tests. */
import type { Logger } from '../../src/core/log.js';
import { startCivitas, type Civitas } from '../../src/main.js';
import { testConfig } from './config.js';
import { createTestDatabase, type TestDatabaseLocation } from './database.js';

export interface TestCivitas extends Civitas {
  readonly location: TestDatabaseLocation;
  /** Stops it and drops its database. */
  close(): Promise<void>;
}

export interface TestCivitasOptions {
  /** Reuse a database (to restart on the same data); it is then not dropped on close. */
  readonly location?: TestDatabaseLocation;
  readonly log?: Logger;
}

export async function startTestCivitas(
  flags: Record<string, string> = {},
  options: TestCivitasOptions = {},
): Promise<TestCivitas> {
  const location = options.location ?? (await createTestDatabase());
  const civitas = await startCivitas(testConfig(location, { services: 'config,metrics', ...flags }), {
    listen: false,
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    ...civitas,
    location,
    close: async () => {
      await civitas.stop();
      if (!options.location) await location.drop();
    },
  };
}
