/** Accessibility checks the browser tests share: labelled inputs, no sideways scrolling, keyboard-only moves. */
import type { Page } from 'playwright-core';

/** Inputs, selects and text areas with no accessible name (no label, aria-label or aria-labelledby). */
export async function unlabelledInputs(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement>('input, select, textarea')]
      .filter((element) => element.type !== 'hidden' && element.offsetParent !== null)
      .filter(
        (element) =>
          (element.labels?.length ?? 0) === 0 &&
          !element.getAttribute('aria-label') &&
          !element.getAttribute('aria-labelledby'),
      )
      .map((element) => element.outerHTML.slice(0, 120)),
  );
}

/** How far the page is wider than the window (0: nothing to scroll sideways). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** The focused element's accessible text: its label's, else its own text or value. */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLInputElement | null;
    if (!element) return '';
    const label = element.labels?.[0]?.textContent ?? element.getAttribute('aria-label') ?? '';
    return `${label} ${element.textContent ?? ''}`.trim();
  });
}

/** Presses Tab until the focused element's name matches (at most `limit` times); throws if it never does. */
export async function tabTo(page: Page, name: RegExp, limit = 60): Promise<void> {
  for (let count = 0; count < limit; count++) {
    await page.keyboard.press('Tab');
    if (name.test(await focusedName(page))) return;
  }
  throw new Error(`no element named ${name} reached with Tab`);
}
