/** /health/live (the process answers) and /health/ready (database, bus and migrations are fine), for load balancers. */
import type { HttpApp } from './server.js';

export interface Check {
  readonly ok: boolean;
  readonly detail: string;
}

export interface Readiness {
  readonly ready: boolean;
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

/** Runs checks side by side; a check that throws or takes longer than `timeoutMs` fails with why. */
export async function runChecks(checks: Record<string, () => Promise<Check>>, timeoutMs = 2000): Promise<Readiness> {
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
  return { ready: entries.every(([, check]) => check.ok), checks: Object.fromEntries(entries) };
}
