/**
 * `civitas cluster status`: every running node reports itself (name, services, version) and leaves the list on a
 * clean stop; a node that stopped beating is shown silent and counted a problem; the outboxes and, with NATS, the
 * stream and its consumers are shown.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { problemsIn, renderStatus } from '../src/cli/cluster.js';
import { clusterStatus } from '../src/core/cluster/status.js';
import { openDatabase, type Database } from '../src/core/db/open.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';
import { createTestDatabase, NATS_URL } from './helpers/database.js';
import { deleteStream, uniqueStream } from './helpers/nats.js';

const running: TestCivitas[] = [];
afterEach(async () => {
  for (const civitas of running.splice(0)) await civitas.close();
});

describe('cluster status', () => {
  it('lists each running node with its services, and forgets a node that stopped cleanly', async () => {
    const location = await createTestDatabase();
    const first = await startTestCivitas({ services: 'config,registry', 'node.name': 'node-a' }, { location });
    running.push(first);
    let status = await clusterStatus({ database: first.database });
    expect(status.nodes.ok && status.nodes.value.map((node) => [node.name, node.services, node.alive])).toEqual([
      ['node-a', ['config', 'registry'], true],
    ]);
    expect(status.database.ok && status.database.value.primary).toBe(true);
    expect(status.outbox.ok && status.outbox.value.map((lag) => lag.schema)).toEqual(
      expect.arrayContaining(['config', 'registry']),
    );
    expect(problemsIn(status)).toEqual([]);
    expect(renderStatus(status, [])).toMatch(/node-a\s+up\s+config,registry/);

    await first.stop();
    running.length = 0;
    // PGlite holds one process's lock on its data directory: look from a fresh connection after the stop.
    const database: Database = await openDatabase({ url: location.url, dataDir: location.dataDir });
    try {
      status = await clusterStatus({ database });
      expect(status.nodes.ok && status.nodes.value).toEqual([]);
      expect(problemsIn(status)).toContain('no civitas node has reported');
    } finally {
      await database.close();
      await location.drop();
    }
  });

  it('shows a node that stopped beating as silent, and says so as a problem', async () => {
    const civitas = await startTestCivitas({ services: 'config', 'node.name': 'node-b' });
    running.push(civitas);
    await sql`update cluster.nodes set seen_at = now() - interval '2 minutes'`.execute(civitas.database.root);
    const status = await clusterStatus({ database: civitas.database });
    expect(status.nodes.ok && status.nodes.value[0]?.alive).toBe(false);
    expect(problemsIn(status)).toEqual([expect.stringMatching(/^node node-b silent for 1[12]\d s$/)]);
    expect(renderStatus(status, problemsIn(status))).toContain('SILENT');
  });

  it('says which part cannot be reached instead of failing', async () => {
    const civitas = await startTestCivitas({ services: 'config', 'node.name': 'node-c' });
    running.push(civitas);
    const status = await clusterStatus({
      database: civitas.database,
      patroniUrls: ['http://127.0.0.1:1'],
      nats: { servers: 'nats://127.0.0.1:1', stream: 'NONE' },
    });
    expect(status.patroni?.ok).toBe(false);
    expect(status.nats?.ok).toBe(false);
    expect(status.nodes.ok).toBe(true);
    const problems = problemsIn(status);
    expect(problems.some((problem) => problem.startsWith('patroni: no Patroni REST API answered'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('nats:'))).toBe(true);
  });

  describe.runIf(NATS_URL)('with NATS JetStream', () => {
    it('shows the stream and each consumer with its backlog', async () => {
      const { stream, subjectPrefix } = uniqueStream();
      const civitas = await startTestCivitas({
        services: 'config,registry',
        'node.name': 'node-d',
        'nats.url': NATS_URL!,
        'nats.stream': stream,
        'nats.subjectPrefix': subjectPrefix,
      });
      running.push(civitas);
      try {
        const status = await clusterStatus({ database: civitas.database, nats: { servers: NATS_URL!, stream } });
        expect(status.nats?.ok).toBe(true);
        if (!status.nats?.ok) return;
        expect(status.nats.value.stream.name).toBe(stream);
        expect(status.nats.value.consumers.length).toBeGreaterThan(0);
        expect(renderStatus(status, [])).toContain(`stream ${stream}`);
      } finally {
        await civitas.stop();
        running.length = 0;
        await deleteStream(NATS_URL!, stream);
        await civitas.location.drop();
      }
    });
  });
});
