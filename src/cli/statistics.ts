/**
 * `civitas statistics rebuild`: fills the statistics from the registry's records, with progress. For a metrics
 * service added to a registry that already holds registrations (it counts only what it sees by events); safe to run
 * again, and while civitas serves.
 */
import { migrate } from '../core/db/migrate.js';
import { openDatabase } from '../core/db/open.js';
import { loadServices } from '../services/index.js';
import { rebuildStatistics } from '../services/metrics/api.js';
import { configFromFlags } from './load-config.js';
import { ProgressBar } from './progress-bar.js';

export async function statisticsRebuild(flags: Record<string, string>): Promise<void> {
  const config = configFromFlags(flags, []);
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, poolSize: 2 });
  try {
    const services = await loadServices(['config', 'registry', 'metrics']);
    await migrate(
      database.root,
      services.map((service) => ({ schema: service.name, migrations: service.migrations })),
    );
    const progress = new ProgressBar('statistics');
    const result = await rebuildStatistics(database, {
      onProgress: ({ done, total }) => progress.show('records', done, total),
    });
    progress.done();
    console.log(
      `statistics: ${result.registrations} registrations kept from ${result.read} records in ${result.seconds.toFixed(1)} s` +
        (result.skipped > 0 ? `; ${result.skipped} left out (their event type version is unknown to config)` : ''),
    );
  } finally {
    await database.close();
  }
}
