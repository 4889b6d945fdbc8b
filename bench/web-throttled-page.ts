/**
 * A browser page on a slow phone: Chromium's network throttled to a slow-3G profile and its CPU slowed 4 times,
 * through the DevTools protocol (what Lighthouse's "simulated throttling" stands for).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const SLOW_3G = { downloadKbps: 400, uploadKbps: 400, latencyMs: 400 } as const;
export const CPU_SLOWDOWN = 4;

export async function throttledPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: SLOW_3G.latencyMs,
    downloadThroughput: (SLOW_3G.downloadKbps * 1000) / 8,
    uploadThroughput: (SLOW_3G.uploadKbps * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return { context, page };
}

/**
 * Records, in the page's own clock (ms since navigation start), when each selector first appears: installed before
 * the page's scripts run, so it sees the very first frame that shows it.
 */
export async function watchFor(context: BrowserContext, marks: Record<string, string>): Promise<void> {
  // No named function inside: the runner (tsx) would wrap it in a helper the page does not have.
  await context.addInitScript((wanted: Record<string, string>) => {
    const seen: Record<string, number> = {};
    (window as unknown as { __marks: Record<string, number> }).__marks = seen;
    new MutationObserver(() => {
      for (const [name, selector] of Object.entries(wanted)) {
        if (seen[name] === undefined && document.querySelector(selector)) seen[name] = performance.now();
      }
    }).observe(document, { childList: true, subtree: true, attributes: true });
  }, marks);
}

export async function marks(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => ({ ...(window as unknown as { __marks: Record<string, number> }).__marks }));
}
