/**
 * UIN benchmark: how fast the generator makes valid UINs and VIDs (one at a time from crypto.randomInt, and in
 * batches from buffered random bytes), how long 1,000,000 different UINs take in memory (the pool's database comes
 * later), and how much of the number space MOSIP's rules leave: the share of random candidates they reject, the count
 * of valid numbers estimated from it, and that count exactly (every prefix the rules allow, walked once).
 * Pure computation in one process: no database, no network.
 */
import { loadavg } from 'node:os';
import { checkNumber } from '../src/services/identity/numbers/check.js';
import { countValidNumbers } from '../src/services/identity/numbers/count.js';
import {
  bufferedRandomInt,
  cryptoRandomInt,
  generateNumber,
  generateUins,
  type RandomInt,
} from '../src/services/identity/numbers/generate.js';
import { breaksAnyRule, compileRules, RULE_NAMES } from '../src/services/identity/numbers/patterns.js';
import { UIN_RULES, VID_RULES, type NumberRules } from '../src/services/identity/numbers/rules.js';
import { verhoeffDigitOf } from '../src/services/identity/numbers/verhoeff.js';
import { fmt, gitRevision, loadAverageLine, machine, saveResults, table } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const POOL = Number(process.env.BENCH_POOL ?? 1_000_000);
const CANDIDATES = Number(process.env.BENCH_CANDIDATES ?? 10_000_000);
/** Lengths whose number space is estimated, besides the default 10 (which is also counted exactly). */
const OTHER_LENGTHS = [11, 12, 14, 16];

/** Numbers per second from `make`, called for `seconds` (after a short warm-up). */
function rate(seconds: number, make: () => unknown): number {
  const warmUntil = performance.now() + 200;
  while (performance.now() < warmUntil) make();
  let made = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    for (let index = 0; index < 100; index += 1) make();
    made += 100;
  }
  return made / ((performance.now() - started) / 1000);
}

interface Rejection {
  readonly candidates: number;
  readonly accepted: number;
  readonly rejectedShare: number;
  /** Valid numbers in the whole space: 10^(length - 1) candidates × the share accepted. */
  readonly estimatedValid: number;
  /** Half the width of the 95% confidence interval of `estimatedValid`. */
  readonly margin95: number;
}

/**
 * Draws `candidates` numbers the way MOSIP does (length - 1 random digits, 0 to 9 each, and the check digit) and
 * counts those that pass every rule; rejected ones stop at their first bad digit, as in the generator.
 */
function rejection(rules: NumberRules, candidates: number, random: RandomInt): Rejection {
  const compiled = compileRules(rules);
  const digits = new Uint8Array(rules.length);
  const last = rules.length - 1;
  let accepted = 0;
  for (let candidate = 0; candidate < candidates; candidate += 1) {
    // Draw all the digits first: each candidate costs the same random bytes whether it passes or not.
    for (let index = 0; index < last; index += 1) digits[index] = random(10);
    digits[last] = verhoeffDigitOf(digits, last);
    let valid = true;
    for (let end = 0; end <= last && valid; end += 1) valid = !breaksAnyRule(compiled, digits, end);
    if (valid) accepted += 1;
  }
  const share = accepted / candidates;
  const space = 10 ** last;
  return {
    candidates,
    accepted,
    rejectedShare: 1 - share,
    estimatedValid: share * space,
    margin95: 1.96 * Math.sqrt((share * (1 - share)) / candidates) * space,
  };
}

/** Of `candidates` random candidates, the share whose first broken rule (in `checkNumber`'s order) is each rule. */
function firstRuleBroken(rules: NumberRules, candidates: number, random: RandomInt): Map<string, number> {
  const counts = new Map<string, number>(['valid', ...RULE_NAMES].map((name) => [name, 0]));
  const digits = new Uint8Array(rules.length - 1);
  for (let candidate = 0; candidate < candidates; candidate += 1) {
    for (let index = 0; index < digits.length; index += 1) digits[index] = random(10);
    const id = `${digits.join('')}${verhoeffDigitOf(digits, digits.length)}`;
    const result = checkNumber(id, rules);
    const name = result.valid ? 'valid' : result.rule;
    counts.set(name, counts.get(name)! + 1);
  }
  return counts;
}

/** 58.1 million, 2.77 billion, 5.35 trillion. */
function large(value: number): string {
  const [unit, size] = value >= 1e12 ? ['trillion', 1e12] : value >= 1e9 ? ['billion', 1e9] : ['million', 1e6];
  const scaled = value / size;
  return `${fmt(scaled, scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2)} ${unit}`;
}
const percent = (share: number, digits = 2) => `${fmt(share * 100, digits)}%`;

function main(): void {
  const before = machine();
  console.log(`Civitas UIN benchmark, revision ${gitRevision()}; ${SECONDS} s per rate, ${before.cpuModel}`);
  console.log(loadAverageLine(loadavg()));
  const buffered = bufferedRandomInt();

  const rates = {
    uinSingle: rate(SECONDS, () => generateNumber(UIN_RULES, cryptoRandomInt)),
    uinBatch: rate(SECONDS, () => generateNumber(UIN_RULES, buffered)),
    vidSingle: rate(SECONDS, () => generateNumber(VID_RULES, cryptoRandomInt)),
    vidBatch: rate(SECONDS, () => generateNumber(VID_RULES, buffered)),
  };
  const poolStarted = performance.now();
  const pool = generateUins(POOL);
  const poolSeconds = (performance.now() - poolStarted) / 1000;
  if (new Set(pool).size !== POOL) throw new Error('the pool holds a number twice');

  console.log('');
  console.log(
    table(
      ['generation', 'numbers per second'],
      [
        ['UIN, one at a time (crypto.randomInt per digit)', fmt(rates.uinSingle)],
        ['UIN, batch (randomFillSync, 64 KiB at a time)', fmt(rates.uinBatch)],
        ['VID, one at a time (crypto.randomInt per digit)', fmt(rates.vidSingle)],
        ['VID, batch (randomFillSync, 64 KiB at a time)', fmt(rates.vidBatch)],
        [`${POOL.toLocaleString('en')} different UINs in memory (generateUins)`, fmt(POOL / poolSeconds)],
      ],
    ),
  );
  console.log(`${POOL.toLocaleString('en')} different valid UINs in memory: ${fmt(poolSeconds, 2)} s`);

  const tenDigits = rejection(UIN_RULES, CANDIDATES, buffered);
  const countStarted = performance.now();
  const exact = countValidNumbers(UIN_RULES);
  const countSeconds = (performance.now() - countStarted) / 1000;
  const byRule = firstRuleBroken(UIN_RULES, Math.min(CANDIDATES, 2_000_000), buffered);
  const byRuleTotal = [...byRule.values()].reduce((sum, count) => sum + count, 0);

  console.log('');
  console.log(
    `Random 9-digit candidates (+ check digit): ${CANDIDATES.toLocaleString('en')} drawn, ` +
      `${percent(tenDigits.rejectedShare)} rejected by the rules`,
  );
  console.log(
    `Valid 10-digit UINs, estimated: ${large(tenDigits.estimatedValid)} ± ${large(tenDigits.margin95)} (95%); ` +
      `counted exactly: ${exact.toLocaleString('en')} (${fmt(countSeconds, 1)} s) of 1,000,000,000 candidates`,
  );
  console.log('');
  console.log(
    table(
      ['first rule broken (checkNumber order)', 'share of candidates'],
      [...byRule].filter(([, count]) => count > 0).map(([name, count]) => [name, percent(count / byRuleTotal)]),
    ),
  );

  const lengths = OTHER_LENGTHS.map((length) => {
    const rules = { ...UIN_RULES, length };
    return {
      length,
      ...rejection(rules, Math.min(CANDIDATES, 2_000_000), buffered),
      perSecond: rate(Math.min(SECONDS, 1), () => generateNumber(rules, buffered)),
    };
  });
  console.log('');
  console.log(
    table(
      ['UIN length (default rules)', 'candidates rejected', 'valid numbers (estimate)', 'batch per second'],
      [
        ['10', percent(tenDigits.rejectedShare), `${large(exact)} (exact)`, fmt(rates.uinBatch)],
        ...lengths.map((row) => [
          String(row.length),
          percent(row.rejectedShare),
          `${large(row.estimatedValid)} ± ${fmt((row.margin95 / row.estimatedValid) * 100, 1)}%`,
          fmt(row.perSecond),
        ]),
      ],
    ),
  );

  saveResults('uin', {
    name: 'uin',
    revision: gitRevision(),
    date: new Date().toISOString(),
    machine: before,
    seconds: SECONDS,
    rates,
    pool: { count: POOL, seconds: poolSeconds, perSecond: POOL / poolSeconds },
    rejection: { ...tenDigits, exactValid: exact, exactCountSeconds: countSeconds },
    firstRuleBroken: Object.fromEntries([...byRule].map(([name, count]) => [name, count / byRuleTotal])),
    lengths,
  });
}

main();
