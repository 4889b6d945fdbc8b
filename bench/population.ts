/**
 * Population generator benchmark: how fast `civitas generate population` makes a synthetic birth register
 * (src/core/population/), records per second and peak memory, for the records alone (iterated, nothing kept) and
 * for the whole command writing CSV to a file under the system's temporary folder (deleted afterwards). In one
 * process, no database. Prints a table and writes bench/results/population-<timestamp>.json.
 *
 *   node --import tsx bench/population.ts [--count 1000000] [--seed 1]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generatePopulationCommand } from '../src/cli/generate.js';
import { readCountryAreas } from '../src/core/population/birth-areas.js';
import { generatePopulation } from '../src/core/population/generate.js';
import { fmt, gitRevision, loadAverageLine, machine, ROOT, saveResults, table } from './lib.js';

const { values: options } = parseArgs({
  options: { count: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '1' } },
});
const COUNT = Number(options.count);
const SEED = options.seed;
const COUNTRY = join(ROOT, 'countries', 'demo');

/** Peak resident memory of this process so far, in MiB (the kernel's high-water mark). */
const peakMiB = () => process.resourceUsage().maxRSS / 1024;

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const before = machine();
  console.log(`Civitas population generator benchmark, revision ${gitRevision()}; ${COUNT} records, seed ${SEED}`);
  console.log(loadAverageLine(loadBefore));
  const tmp = mkdtempSync(join(tmpdir(), 'civitas-bench-population-'));
  try {
    const areas = readCountryAreas(COUNTRY);
    let started = performance.now();
    let duplicates = 0;
    for (const record of generatePopulation({ count: COUNT, seed: SEED, areas })) {
      if (record.errors.length > 0) duplicates += 1;
    }
    const iterateSeconds = (performance.now() - started) / 1000;
    const iteratePeak = peakMiB();

    const out = join(tmp, 'population.csv');
    const log = console.log;
    console.log = () => undefined;
    started = performance.now();
    try {
      await generatePopulationCommand([], { count: String(COUNT), seed: SEED, country: COUNTRY, out });
    } finally {
      console.log = log;
    }
    const csvSeconds = (performance.now() - started) / 1000;
    const bytes = statSync(out).size;
    const csvPeak = peakMiB();

    console.log('');
    console.log(
      table(
        ['run', 'records', 'seconds', 'records per second', 'peak RSS MiB (process so far)'],
        [
          [
            'records only (iterated)',
            String(COUNT),
            fmt(iterateSeconds, 2),
            fmt(COUNT / iterateSeconds),
            fmt(iteratePeak),
          ],
          ['CSV to a file (the command)', String(COUNT), fmt(csvSeconds, 2), fmt(COUNT / csvSeconds), fmt(csvPeak)],
        ],
      ),
    );
    console.log(
      `CSV: ${fmt(bytes / 2 ** 20, 1)} MiB; duplicates: ${duplicates} (${fmt((duplicates / COUNT) * 100, 1)}%)`,
    );
    saveResults('population', {
      name: 'population',
      revision: gitRevision(),
      date: new Date().toISOString(),
      machine: before,
      loadAverageBefore: loadBefore,
      count: COUNT,
      seed: SEED,
      iterate: { seconds: iterateSeconds, perSecond: COUNT / iterateSeconds, peakRssMiB: iteratePeak },
      csv: { seconds: csvSeconds, perSecond: COUNT / csvSeconds, peakRssMiB: csvPeak, bytes },
      duplicates,
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
