/** What other modules (the CLI) may use of the metrics service. */
export { rebuildStatistics, type RebuildProgress, type RebuildResult } from './rebuild.js';
export { metricsDb } from './repository.js';
