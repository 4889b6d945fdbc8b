/**
 * /health/live (the process answers) and /health/ready (the database and migrations are fine: this node can take
 * requests), for load balancers. A check that is not required (the event bus: writes succeed without it, their
 * events wait in the outbox) is reported, and lists the node as degraded, but does not take it out of rotation: NATS
 * down everywhere would otherwise take every node out at once, for a failure that stops no write.
 */
import type { HttpApp } from './server.js';

export interface Check {
  readonly ok: boolean;
  readonly detail: string;
}

export interface Readiness {
  readonly ready: boolean;
  /** Checks that failed without making the node unready. */
  readonly degraded: readonly string[];
  readonly checks: Readonly<Record<string, Check>>;
}

export type ReadinessProbe = () => Promise<Readiness>;

export function healthRoutes(app: HttpApp, probe: ReadinessProbe): void {
  app.get('/health/live', { schema: { hide: true } }, async () => ({ live: true }));
  app.get('/health/ready', { schema: { hide: true } }, async (_request, reply) => {
    const readiness = await probe();
    return reply.status(readiness.ready ? 200 : 503).send(readiness);
  });
}

/**
 * Runs checks side by side; a check that throws or takes longer than `timeoutMs` fails with why. Those named in
 * `optional` only make the node degraded.
 */
export async function runChecks(
  checks: Record<string, () => Promise<Check>>,
  timeoutMs = 2000,
  optional: readonly string[] = [],
): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<Check>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
      });
      const result = await Promise.race([
        check().catch((error: unknown) => ({ ok: false, detail: (error as Error).message })),
        timeout,
      ]);
      clearTimeout(timer);
      return [name, result] as const;
    }),
  );
  const failed = entries.filter(([, check]) => !check.ok).map(([name]) => name);
  return {
    ready: failed.every((name) => optional.includes(name)),
    degraded: failed.filter((name) => optional.includes(name)),
    checks: Object.fromEntries(entries),
  };
}
