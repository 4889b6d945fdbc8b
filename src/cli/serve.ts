/** `civitas serve`: runs the configured services until SIGTERM or SIGINT, then drains within shutdownTimeoutMs. */
import { startCivitas } from '../main.js';
import { configFromFlags } from './load-config.js';

export async function serve(flags: Record<string, string>): Promise<void> {
  const config = configFromFlags(flags);
  const civitas = await startCivitas(config);
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    civitas.log.info({ signal }, 'stopping: finishing in-flight requests and flushing the outbox');
    const force = setTimeout(() => {
      civitas.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long; exiting anyway');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    void civitas.stop().then(() => {
      civitas.log.info('stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
