/** `civitas migrate`: applies pending migrations of the named services (all when none are named), then exits. */
import { SERVICE_NAMES } from '../config/schema.js';
import { migrate } from '../core/db/migrate.js';
import { openDatabase } from '../core/db/open.js';
import { loadServices } from '../services/index.js';
import { configFromFlags } from './load-config.js';

export async function migrateCommand(flags: Record<string, string>): Promise<void> {
  const config = configFromFlags(flags);
  const names = config.services.length > 0 ? config.services : [...SERVICE_NAMES];
  const services = await loadServices(names);
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, poolSize: 2 });
  try {
    const outcomes = await migrate(
      database.root,
      services.map((service) => ({ schema: service.name, migrations: service.migrations })),
    );
    for (const outcome of outcomes) {
      const what = outcome.applied.length > 0 ? `applied ${outcome.applied.join(', ')}` : 'up to date';
      console.log(`${outcome.schema}: ${what}`);
    }
  } finally {
    await database.close();
  }
}
