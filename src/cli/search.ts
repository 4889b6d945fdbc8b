/**
 * `civitas search reindex [--fresh]`: rebuilds the search index from the registry's records, with progress. A run cut
 * off goes on from where it stopped the next time; --fresh empties the index and starts over.
 */
import { migrate } from '../core/db/migrate.js';
import { openDatabase } from '../core/db/open.js';
import { loadServices } from '../services/index.js';
import { MIN_RECORDS, REINDEX_CONNECTIONS, refitModels, reindex, searchDb } from '../services/search/api.js';
import { configFromFlags } from './load-config.js';
import { ProgressBar } from './progress-bar.js';

export async function searchReindex(flags: Record<string, string>): Promise<void> {
  const config = configFromFlags(flags, ['fresh']);
  const database = await openDatabase({
    url: config.database.url,
    dataDir: config.dataDir,
    poolSize: REINDEX_CONNECTIONS,
  });
  try {
    const services = await loadServices(['registry', 'search']);
    await migrate(
      database.root,
      services.map((service) => ({ schema: service.name, migrations: service.migrations })),
    );
    const progress = new ProgressBar('reindex');
    const result = await reindex(database, {
      fresh: flags.fresh !== undefined,
      onProgress: ({ done, total }) => progress.show('records', done, total),
    });
    progress.done();
    const rate = Math.round(result.indexed / Math.max(result.seconds, 0.001));
    const { phases } = result;
    console.log(
      `search: ${result.indexed} records indexed${result.resumed ? ' (resumed)' : ''} in ${result.seconds.toFixed(1)} s (${rate}/s)`,
    );
    console.log(
      `search: pages ${phases.pages.toFixed(1)} s, indexes ${phases.indexes.toFixed(1)} s, ` +
        `statistics ${phases.analyze.toFixed(1)} s, duplicate models ${phases.models.toFixed(1)} s`,
    );
    for (const model of result.models) printModel(model);
  } finally {
    await database.close();
  }
}

/** `civitas search fit [--event <type>]`: fits the duplicate models again now (after a bulk load, say). */
export async function searchFit(flags: Record<string, string>): Promise<void> {
  const config = configFromFlags(flags, ['event']);
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, poolSize: 2 });
  try {
    const services = await loadServices(['search']);
    await migrate(
      database.root,
      services.map((service) => ({ schema: service.name, migrations: service.migrations })),
    );
    const reports = await refitModels(searchDb(database), {
      force: true,
      ...(flags.event ? { eventType: flags.event } : {}),
    });
    if (reports.length === 0) console.log('search: no event type with duplicate rules is indexed');
    for (const report of reports) printModel(report);
  } finally {
    await database.close();
  }
}

function printModel(model: { eventType: string; records: number; pairs: number }): void {
  console.log(
    model.pairs > 0
      ? `search: ${model.eventType} duplicate model fitted on ${model.records} records, ${model.pairs} candidate pairs`
      : `search: ${model.eventType} keeps typical duplicate weights (${model.records} records; fitted from ${MIN_RECORDS})`,
  );
}
