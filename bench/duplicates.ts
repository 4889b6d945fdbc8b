/**
 * Duplicate detection at a national scale: a generated register of births (src/core/population: families, twins,
 * duplicates with typing and phonetic errors, nicknames, swapped names, wrong years) written into the search index of
 * a scratch PostgreSQL database, the model fitted without labels, then the check of one declaration, as the registry
 * runs it on every declare and validate: its latency (one at a time, and with concurrent checks) and its accuracy
 * against the generator's truth (pairs of records of one child) over the records checked.
 *
 * BENCH_RECORDS (default 1,000,000), BENCH_CHECKS (2,000), BENCH_CONCURRENCY (8).
 */
import { loadavg } from 'node:os';
import { openDatabase } from '../src/core/db/open.js';
import { checkDuplicates, type DuplicateCandidate } from '../src/services/search/duplicates/check.js';
import { levelNames } from '../src/services/search/duplicates/compare.js';
import { fitModel } from '../src/services/search/duplicates/models.js';
import { searchDb } from '../src/services/search/repository.js';
import { demoBirth, indexPopulation, type IndexedPerson } from '../test/helpers/population-index.js';
import {
  cleanupRegistry,
  createScratchDatabase,
  fmt,
  gitRevision,
  loadAverageLine,
  machine,
  percentile,
  runThenCleanUp,
  saveResults,
  table,
} from './lib.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

const cleanup = cleanupRegistry();

async function main(): Promise<void> {
  const load = loadavg();
  const scratch = await createScratchDatabase('civitas_bench_duplicates');
  cleanup.add(() => scratch.drop());
  const database = await openDatabase({ url: scratch.url, dataDir: '/tmp', poolSize: CONCURRENCY + 2 });
  cleanup.add(() => database.close());

  let started = performance.now();
  const { people } = await indexPopulation(database, {
    count: RECORDS,
    seed: 2026,
    batch: 2000,
    onProgress: (done) => {
      if (done % 100_000 < 2000) process.stderr.write(`\rindexed ${done}/${RECORDS}`);
    },
  });
  const indexSeconds = (performance.now() - started) / 1000;
  process.stderr.write('\n');
  const db = searchDb(database);
  started = performance.now();
  const fitted = await fitModel(db, demoBirth());
  const fitSeconds = (performance.now() - started) / 1000;

  // Every n-th record is checked against all the others.
  const step = Math.max(1, Math.floor(people.length / CHECKS));
  const checked = people.filter((_person, index) => index % step === 0).slice(0, CHECKS);
  // With the record's form version, as the registry asks (without one, the newest is read and parsed every time).
  const check = (person: IndexedPerson) =>
    checkDuplicates(db, { recordId: person.recordId, eventType: 'birth', formVersion: 1, data: person.data });

  const sequential: number[] = [];
  const found = new Map<string, DuplicateCandidate[]>();
  for (const person of checked) {
    const at = performance.now();
    const result = await check(person);
    sequential.push(performance.now() - at);
    found.set(person.recordId, [...result.duplicates]);
  }
  const concurrent: number[] = [];
  let next = 0;
  started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < checked.length) {
        const person = checked[next++]!;
        const at = performance.now();
        await check(person);
        concurrent.push(performance.now() - at);
      }
    }),
  );
  const concurrentSeconds = (performance.now() - started) / 1000;

  // Accuracy over the pairs that involve a checked record.
  const recordsOf = new Map<string, string[]>();
  for (const person of people)
    recordsOf.set(person.personId, [...(recordsOf.get(person.personId) ?? []), person.recordId]);
  const byRecord = new Map(people.map((person) => [person.recordId, person]));
  let truePairs = 0;
  let flagged = 0;
  let correct = 0;
  const falseFlags: { person: IndexedPerson; candidate: DuplicateCandidate; relative: boolean }[] = [];
  for (const person of checked) {
    truePairs += recordsOf.get(person.personId)!.length - 1;
    for (const candidate of found.get(person.recordId)!) {
      flagged += 1;
      const other = byRecord.get(candidate.recordId)!;
      if (other.personId === person.personId) correct += 1;
      else falseFlags.push({ person, candidate, relative: other.familyId === person.familyId });
    }
  }
  const precision = correct / Math.max(1, flagged);
  const recall = correct / Math.max(1, truePairs);
  const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);

  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const s = sorted(sequential);
  const c = sorted(concurrent);
  const results = {
    machine: machine(),
    revision: gitRevision(),
    records: people.length,
    indexSeconds,
    fitSeconds,
    modelPairs: fitted.pairs,
    checks: checked.length,
    sequentialMs: { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) },
    concurrent: {
      clients: CONCURRENCY,
      perSecond: checked.length / concurrentSeconds,
      p50: percentile(c, 50),
      p95: percentile(c, 95),
      p99: percentile(c, 99),
    },
    accuracy: {
      truePairs,
      flagged,
      correct,
      precision,
      recall,
      f1,
      falseFlagsOfRelatives: falseFlags.filter((flag) => flag.relative).length,
    },
    loadAverage: loadAverageLine(load),
  };
  console.log(
    table(
      ['records', 'index s', 'fit s', 'checks', 'p50 ms', 'p95 ms', 'p99 ms', `${CONCURRENCY} clients/s`, `p95 ms`],
      [
        [
          fmt(people.length),
          fmt(indexSeconds, 1),
          fmt(fitSeconds, 1),
          fmt(checked.length),
          fmt(results.sequentialMs.p50, 1),
          fmt(results.sequentialMs.p95, 1),
          fmt(results.sequentialMs.p99, 1),
          fmt(results.concurrent.perSecond),
          fmt(results.concurrent.p95, 1),
        ],
      ],
    ),
  );
  console.log(
    table(
      ['true pairs', 'flagged', 'correct', 'precision', 'recall', 'F1'],
      [[fmt(truePairs), fmt(flagged), fmt(correct), fmt(precision, 4), fmt(recall, 4), fmt(f1, 4)]],
    ),
  );
  if (Number(process.env.BENCH_EXPLAIN ?? 0) > 0) {
    const model = fitted.model;
    console.log(
      `\nmodel: P(duplicate) ${model.lambda.toFixed(4)}, P(relatives) ${model.relatives.toFixed(4)} among candidate pairs`,
    );
    const rules = demoBirth().deduplication!.fields;
    console.log(
      table(
        ['field', 'level', 'm', 'u', 'weight'],
        model.fields.flatMap((field, index) =>
          levelNames(rules[index]!).map((level, at) => [
            field.field,
            level,
            fmt(field.m[at]!, 4),
            fmt(field.u[at]!, 4),
            fmt(Math.log2(field.m[at]! / field.u[at]!), 2),
          ]),
        ),
      ),
    );
  }
  const relatives = falseFlags.filter((flag) => flag.relative).length;
  console.log(
    `false flags: ${fmt(relatives)} of a brother, sister or twin; ${fmt(falseFlags.length - relatives)} unrelated`,
  );
  // BENCH_EXPLAIN=n shows n false flags field by field: what the model took for one person.
  for (const { candidate, relative } of falseFlags.slice(0, Number(process.env.BENCH_EXPLAIN ?? 0))) {
    console.log(`\n${relative ? 'relative' : 'unrelated'}, p=${candidate.probability.toFixed(4)}`);
    console.log(
      table(
        ['field', 'new', 'candidate', 'level', 'weight'],
        candidate.fields.map((field) => [
          field.field,
          String(field.values[0] ?? ''),
          String(field.values[1] ?? ''),
          field.level,
          fmt(field.weight, 2),
        ]),
      ),
    );
  }
  console.log(results.loadAverage);
  saveResults('duplicates', results);
}

await runThenCleanUp(main, cleanup);
