/**
 * How the outbox is sent: how long one request may take before it counts as lost, and the first wait before trying
 * again (it doubles each time). A slow link may need more; a test of timeouts and retries sets less, in
 * `localStorage['civitas.syncTimeoutMs']` and `localStorage['civitas.syncFirstWaitMs']`.
 */
import { DEFAULT_TIMEOUT_MS } from '../../api/http';
import { FIRST_WAIT_MS } from '../../offline/retry-queue';

function stored(name: string, fallback: number, least: number): number {
  const value = Number(localStorage.getItem(name));
  return Number.isFinite(value) && value >= least ? value : fallback;
}

export const syncTimeoutMs = () => stored('civitas.syncTimeoutMs', DEFAULT_TIMEOUT_MS, 500);
export const syncFirstWaitMs = () => stored('civitas.syncFirstWaitMs', FIRST_WAIT_MS, 100);
