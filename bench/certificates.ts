/**
 * Certificates benchmark: PDFs per second, (1) rendered alone in this process (the PDF and its QR code, no database)
 * and (2) end to end over HTTP (real sockets, keep-alive) against `civitas serve` in its own process, on embedded
 * PGlite and on PostgreSQL: `POST /records/:id/certificate` as a local registrar, each print recorded through the
 * action pipeline, and `POST /certificates/batch` of BENCH_BATCH records. Registered births are made first (a pool
 * the clients print in turn, so most prints after the first round are reprints: the same work). Prints a table and
 * writes bench/results/certificates-<timestamp>.json.
 *
 *   npm run bench:certificates   (BENCH_SECONDS=10 BENCH_CLIENTS=8 BENCH_BATCH=50 BENCH_TARGETS=pglite,postgres)
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDefinition } from '../src/core/forms/test-definitions.js';
import { signCertificateCode, verificationUrl } from '../src/services/registry/certificates/code.js';
import { certificateContent } from '../src/services/registry/certificates/content.js';
import { renderCertificates } from '../src/services/registry/certificates/render.js';
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
import { httpRequest, startServer, stopServer } from './server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const BATCH = Number(process.env.BENCH_BATCH ?? 50);
const POOL = Number(process.env.BENCH_POOL ?? 200);
const TARGETS = (process.env.BENCH_TARGETS ?? 'pglite,postgres').split(',').filter(Boolean);
const PORT = 18_900 + (process.pid % 500);

interface Result {
  /** PDFs (pages) per second */
  readonly perSecond: number;
  readonly count: number;
  /** Latency of one call (a PDF, or a batch), ms */
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly failures: number;
}

/** Runs `work` from `concurrency` loops for `seconds`; each call makes `pages` PDFs. */
async function measure(seconds: number, concurrency: number, pages: number, work: (loop: number) => Promise<void>) {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      while (performance.now() < deadline) {
        const begin = performance.now();
        try {
          await work(loop);
          latencies.push(performance.now() - begin);
        } catch (error) {
          failures += 1;
          if (failures <= 3) console.error((error as Error).message);
        }
      }
    }),
  );
  const sorted = latencies.sort((a, b) => a - b);
  const elapsed = (performance.now() - started) / 1000;
  return {
    perSecond: (latencies.length * pages) / elapsed,
    count: latencies.length * pages,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    failures,
  } satisfies Result;
}

/** The PDF and QR code alone: a realistic birth certificate with a genuinely signed code. */
async function renderOnly(): Promise<Record<string, Result>> {
  const definition = demoDefinition('birth');
  const key = { kid: 'benchkey1234', privateKey: generateKeyPairSync('ed25519').privateKey };
  const content = (n: number) => {
    const registrationNumber = `B2026-CEN-IBO-${String(n).padStart(6, '0')}`;
    const code = signCertificateCode(key, {
      eventType: 'birth',
      registrationNumber,
      registeredOn: '2026-03-04',
      office: 'OFF-IBO',
      recordId: '01a21635-2c6d-7001-a134-ebe84e8d1520',
    });
    return certificateContent({
      definition,
      language: n % 2 ? 'fr' : 'en',
      data: {
        child: { firstNames: `Child ${n}`, familyName: 'Mwale', sex: 'female', birthDate: '2026-03-01' },
        mother: { firstNames: 'Grace', familyName: 'Mwale' },
      },
      registrationNumber,
      registeredOn: '2026-03-04',
      office: 'OFF-IBO',
      timeliness: 'on-time',
      printNumber: 1,
      printedOn: '2026-03-05',
      verificationUrl: verificationUrl(`http://127.0.0.1:${PORT}`, code),
    });
  };
  await renderCertificates([content(0)]); // loads pdf-lib and qrcode: a one-time cost, not measured
  let n = 0;
  const one = await measure(SECONDS / 2, 1, 1, async () => void (await renderCertificates([content(n++)])));
  const batch = await measure(SECONDS / 2, 1, BATCH, async () => {
    await renderCertificates(Array.from({ length: BATCH }, () => content(n++)));
  });
  return { [`render 1 PDF (sign, QR, draw, save)`]: one, [`render a batch of ${BATCH} pages`]: batch };
}

/** One HTTP request to the server under test. */
function request(
  path: string,
  options: { method?: string; agent?: Agent; token?: string; body?: unknown } = {},
): Promise<{ statusCode: number; body: Buffer }> {
  return httpRequest(`http://127.0.0.1:${PORT}${path}`, {
    method: options.method ?? 'GET',
    ...(options.agent ? { agent: options.agent } : {}),
    headers: {
      ...(options.body ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(options.body ? { body: JSON.stringify(options.body) } : {}),
  });
}

async function post(path: string, body: unknown, agent: Agent, token?: string) {
  const response = await request(`/api/v1${path}`, { method: 'POST', agent, body, ...(token ? { token } : {}) });
  if (response.statusCode >= 300) throw new Error(`${path}: ${response.statusCode} ${response.body.toString()}`);
  return response.body;
}
const json = (body: Buffer) => JSON.parse(body.toString('utf8')) as Record<string, unknown>;

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const declaration = (n: number) => ({
  child: {
    firstNames: `Child ${n}`,
    familyName: ['Banda', 'Phiri', 'Mwale', 'Tembo', 'Zulu'][n % 5],
    sex: n % 2 ? 'female' : 'male',
    birthDate: daysAgo(1 + (n % 20)),
    placeOfBirthType: 'private-home',
    placeOfBirthArea: 'CEN-IBO',
    placeOfBirthAddress: `Plot ${n}`,
  },
  mother: { firstNames: 'Grace', familyName: 'Banda', birthDate: '1994-05-06', nationality: 'XDM' },
  father: { detailsNotAvailable: true, reasonNotAvailable: 'Not known' },
  informant: { type: 'mother' },
});

/** Prints over HTTP against a fresh server: single certificates, then batches. */
async function endToEnd(target: string, agent: Agent): Promise<Record<string, Result>> {
  const challenge = json(
    await post('/auth/login', { username: 'l.registrar', password: 'civitas-demo-password' }, agent),
  );
  const token = String(
    json(await post('/auth/verify', { challengeId: challenge.challengeId, code: '000000' }, agent)).accessToken,
  );
  // The registry learns the event types from config's events just after start: wait for them.
  for (let tries = 0; ; tries++) {
    try {
      await post('/records', { eventType: 'birth' }, agent, token);
      break;
    } catch (error) {
      if (tries > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const pool: Array<{ id: string; version: number }> = [];
  let made = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (made < POOL) {
        const n = made++;
        const { id } = json(await post('/records', { eventType: 'birth' }, agent, token));
        await post(`/records/${String(id)}/declare`, { version: 1, data: declaration(n) }, agent, token);
        await post(`/records/${String(id)}/register`, { version: 2 }, agent, token);
        pool.push({ id: String(id), version: 3 });
      }
    }),
  );
  console.log(`${target}: ${pool.length} registered births to print`);

  // Each client prints its own share of the pool in turn, so no two clients ever print the same record at once.
  const share = (loop: number, clients: number) => pool.filter((_, index) => index % clients === loop);
  const cursors = new Map<number, number>();
  const next = (loop: number, clients: number, count: number) => {
    const mine = share(loop, clients);
    const start = cursors.get(loop) ?? 0;
    cursors.set(loop, start + count);
    return Array.from({ length: count }, (_, index) => mine[(start + index) % mine.length]!);
  };
  const checkPdf = (body: Buffer) => {
    if (body.subarray(0, 5).toString() !== '%PDF-') throw new Error(`not a PDF: ${body.subarray(0, 200).toString()}`);
  };

  const single = await measure(SECONDS, CLIENTS, 1, async (loop) => {
    const [record] = next(loop, CLIENTS, 1);
    checkPdf(await post(`/records/${record!.id}/certificate`, { version: record!.version }, agent, token));
    record!.version += 1;
  });
  cursors.clear();
  const batchClients = Math.max(1, Math.min(2, Math.floor(POOL / BATCH / 2)));
  const batch = await measure(SECONDS, batchClients, BATCH, async (loop) => {
    const records = next(loop, batchClients, BATCH);
    checkPdf(await post('/certificates/batch', { records }, agent, token));
    for (const record of records) record.version += 1;
  });
  return {
    [`${target}: POST /records/:id/certificate, ${CLIENTS} clients`]: single,
    [`${target}: POST /certificates/batch of ${BATCH}, ${batchClients} client(s)`]: batch,
  };
}

async function main(): Promise<void> {
  const cleanup = cleanupRegistry();
  await runThenCleanUp(async () => {
    console.log(
      `Civitas certificates benchmark, revision ${gitRevision()}; ${SECONDS} s per measurement over HTTP, ` +
        `${SECONDS / 2} s per render measurement`,
    );
    console.log(loadAverageLine(loadavg()));
    const before = machine();
    const results: Record<string, Result> = { ...(await renderOnly()) };
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    cleanup.add(() => agent.destroy());
    for (const target of TARGETS) {
      const dataDir = mkdtempSync(join(tmpdir(), `civitas-bench-certificates-${target}-`));
      cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
      const env: Record<string, string> = {
        CIVITAS_ENV: 'development',
        CIVITAS_SERVICES: 'config,auth,registry',
        CIVITAS_DATA_DIR: dataDir,
        CIVITAS_AUTH_DEVELOPMENT_CODE: '000000',
        PORT: String(PORT),
        LOG_LEVEL: 'warn',
      };
      if (target === 'postgres') {
        const scratch = await createScratchDatabase('civitas_bench_cert');
        cleanup.add(() => scratch.drop());
        env.DATABASE_URL = scratch.url;
      }
      const server = await startServer(env, PORT);
      try {
        Object.assign(results, await endToEnd(target, agent));
      } finally {
        await stopServer(server);
      }
    }
    console.log(
      table(
        ['what', 'PDFs/s', 'PDFs', 'p50 ms', 'p95 ms', 'p99 ms', 'failed'],
        Object.entries(results).map(([what, result]) => [
          what,
          fmt(result.perSecond, 1),
          String(result.count),
          fmt(result.p50, 1),
          fmt(result.p95, 1),
          fmt(result.p99, 1),
          String(result.failures),
        ]),
      ),
    );
    console.log('Latency is per call: one PDF, or one whole batch.');
    saveResults('certificates', {
      name: 'certificates',
      revision: gitRevision(),
      date: new Date().toISOString(),
      machine: before,
      seconds: SECONDS,
      clients: CLIENTS,
      batch: BATCH,
      results,
    });
  }, cleanup);
}

await main();
