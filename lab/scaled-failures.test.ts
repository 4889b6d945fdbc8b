/**
 * Scaled mode under failure (`npm run test:lab`): services split across six processes on three nodes, two copies
 * of registry and of identity behind HAProxy's path routing. Killing one copy of each while births are declared and
 * registered loses nothing: HAProxy routes to the other copy, and the killed identity copy's events are handled by
 * the other (they share one durable NATS consumer).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLost } from './assertions.js';
import { startLab, type Lab } from './cluster.js';
import { signIn, startLoad } from './load.js';
import { formatRows, type Row } from './report.js';
import { checkOutcome, outage } from './verify.js';

let lab: Lab;
let token: string;

beforeAll(async () => {
  lab = await startLab({ mode: 'scaled', keep: process.env.LAB_KEEP === '1' });
  token = await signIn(lab.baseUrl, 'n.registrar', 'civitas-demo-password');
}, 300_000);

afterAll(async () => {
  await lab?.stop({ keep: process.env.LAB_KEEP === '1' });
}, 60_000);

describe('scaled lab: failures under load', () => {
  it('runs every service in at least two processes', () => {
    for (const service of ['registry', 'identity', 'auth', 'gateway']) {
      expect(lab.topology.processes.filter((plan) => plan.services.includes(service as never)).length).toBeGreaterThan(
        1,
      );
    }
  });

  it('SIGKILL one registry and one identity process: nothing acknowledged is lost, every child gets one UIN', async () => {
    const runId = `s-${Date.now().toString(36)}`;
    const load = startLoad({ baseUrl: lab.baseUrl, token, clients: 6, runId });
    await sleep(3000);
    const registry = lab.topology.processes.find(
      (plan) => plan.services.length === 1 && plan.services[0] === 'registry',
    )!;
    const identity = lab.topology.processes.find(
      (plan) => plan.services.length === 1 && plan.services[0] === 'identity',
    )!;
    const failedAt = Date.now();
    await lab.processes.kill(lab.processes.find(registry.node, registry.id));
    await lab.processes.kill(lab.processes.find(identity.node, identity.id));
    await sleep(6000);
    const result = await load.stop();
    const stoppedAt = Date.now();
    const outcome = await checkOutcome(lab.databaseUrl, runId, result);
    const { longestGap, firstWrite } = outage(result, failedAt, stoppedAt);
    const row: Row = {
      test: 'scaled: kill registry + identity copies',
      outcome,
      outageSeconds: longestGap,
      firstWriteSeconds: firstWrite,
      note: `${registry.node}/${registry.id} and ${identity.node}/${identity.id} killed`,
    };
    console.log(`\n${formatRows([row])}\n`);
    expectNothingLost(outcome);
  });
});
