/** Starts Civitas in this process on a fresh test database, for `app.inject()` tests. */
import { startCivitas, type Civitas } from '../../src/main.js';
import { testConfig } from './config.js';
import { createTestDatabase, type TestDatabaseLocation } from './database.js';

export interface TestCivitas extends Civitas {
  readonly location: TestDatabaseLocation;
  /** Stops it and drops its database. */
  close(): Promise<void>;
}

export async function startTestCivitas(flags: Record<string, string> = {}): Promise<TestCivitas> {
  const location = await createTestDatabase();
  const civitas = await startCivitas(testConfig(location, { services: 'config,metrics', ...flags }), { listen: false });
  return {
    ...civitas,
    location,
    close: async () => {
      await civitas.stop();
      await location.drop();
    },
  };
}
