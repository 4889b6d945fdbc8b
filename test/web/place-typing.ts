/**
 * Timing the place picker the way a user feels it: from each key pressed in the box to the first frame whose
 * suggestions answer the text typed so far (or a later text: a key overtaken by the next one is answered by that
 * one's suggestions). Shared by the browser test and the benchmark.
 *
 * Chromium slows only a page's own thread (`Emulation.setCPUThrottlingRate` on a worker answers "Operation is only
 * supported for pages, not workers"), so the search, which runs in the locations worker, runs at full speed. Each
 * keystroke therefore also carries the worker's own time (`data-search-ms`), and `slowed` counts that part `rate`
 * times: measured + (rate - 1) x worker time, what a phone slow in every thread would take.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface Keystroke {
  /** From the key to the frame showing its suggestions, as measured (the page's thread slowed, the worker not). */
  readonly ms: number;
  /** Of which the worker's search. */
  readonly workerMs: number;
}

/** A keystroke's time with the worker slowed as much as the page: measured + (rate - 1) x the worker's time. */
export const slowed = (keystroke: Keystroke, rate: number) => keystroke.ms + (rate - 1) * keystroke.workerMs;

/** Installs the timer in the page for the box `#<fieldId>` (once per page load). */
export async function watchKeystrokes(page: Page, fieldId: string): Promise<void> {
  await page.evaluate((id) => {
    const box = document.getElementById(id) as HTMLInputElement;
    const list = document.getElementById(box.getAttribute('aria-controls')!)!;
    const typed: { value: string; at: number; ms?: number; workerMs?: number }[] = [];
    let keyAt = 0;
    (window as unknown as { __typed: typeof typed }).__typed = typed;
    box.addEventListener('keydown', () => (keyAt = performance.now()), true);
    // A character with an accent comes as inserted text, without a key event: its input event is the start then.
    box.addEventListener(
      'input',
      (event) => {
        typed.push({ value: box.value, at: keyAt || event.timeStamp });
        keyAt = 0;
      },
      true,
    );
    new MutationObserver(() => {
      const query = list.getAttribute('data-query');
      const workerMs = Number(list.getAttribute('data-search-ms'));
      const answered = typed.map((entry) => entry.value).lastIndexOf(query ?? '\u0000');
      if (answered < 0) return;
      requestAnimationFrame(() => {
        const now = performance.now();
        for (const entry of typed.slice(0, answered + 1)) {
          if (entry.ms !== undefined) continue;
          entry.ms = now - entry.at;
          entry.workerMs = workerMs;
        }
      });
    }).observe(list, { attributes: true, attributeFilter: ['data-query'], childList: true });
  }, fieldId);
}

/** Types `text` key by key into the watched box, `pauseMs` apart, and answers each keystroke's times. */
export async function typeAndTime(page: Page, fieldId: string, text: string, pauseMs = 150): Promise<Keystroke[]> {
  await page.evaluate(() => (window as unknown as { __typed: unknown[] }).__typed.splice(0));
  await page.locator(`#${fieldId}`).focus();
  for (const key of text) {
    await page.keyboard.type(key);
    await page.waitForTimeout(pauseMs);
  }
  await page.waitForFunction(
    (value) => {
      const typed = (window as unknown as { __typed: { value: string; ms?: number }[] }).__typed;
      return typed.length > 0 && typed.every((entry) => entry.ms !== undefined) && typed.at(-1)!.value === value;
    },
    text,
    { timeout: 30_000 },
  );
  return page.evaluate(() =>
    (window as unknown as { __typed: { ms: number; workerMs: number }[] }).__typed.map((entry) => ({
      ms: Math.round(entry.ms * 10) / 10,
      workerMs: Math.round(entry.workerMs * 10) / 10,
    })),
  );
}

/** Slows the page's thread `rate` times (DevTools' CPU throttling; see above for its workers). */
export async function throttleCpu(page: Page, rate: number): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  return cdp;
}
