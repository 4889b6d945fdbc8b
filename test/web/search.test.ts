/**
 * Search in the web app: the header's quick search (a name, a tracking ID), typed with the keyboard alone, and the
 * advanced search by event, status and a person's name in a role, whose criteria live in the address: going back
 * from a record finds the same results. Results link to the record page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/http.js';
import { sidewaysOverflow, tabTo, unlabelledInputs } from './a11y-checks.js';
import { openInApp, signIn } from './app-steps.js';
import { apiAs, declareBirth } from './api-steps.js';
import { beforeAllOrFailEach, launchChromium } from './chromium.js';
import { startWebServer, type WebServer } from './web-server.js';

describe('search in the web app', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let ada: { id: string; trackingId: string };

  beforeAllOrFailEach(async () => {
    browser = await launchChromium();
    server = await startWebServer({ services: 'config,auth,registry,documents,search,gateway' });
    const agent = await apiAs(server.url, 'f.agent');
    const registrar = await apiAs(server.url, 'l.registrar');
    ada = await declareBirth(agent, { firstNames: 'Ada', familyName: 'Mwale', motherFirstNames: 'Grace' });
    await declareBirth(agent, { firstNames: 'Chanda', familyName: 'Mwale', motherFirstNames: 'Ruth' }, registrar);
    await declareBirth(agent, { firstNames: 'Bupe', familyName: 'Phiri', motherFirstNames: 'Grace' });
    await eventually('the three births are indexed', async () => {
      const found = await registrar('GET', '/search?q=Mwale');
      const other = await registrar('GET', '/search?q=Phiri');
      return found.total === 2 && other.total === 1 ? true : undefined;
    });
    page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    await signIn(page, server.url, 'r.agent');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const resultNames = () => page.locator('table.results tbody tr td:nth-child(2)').allTextContents();

  it('finds records by name from the header, with the keyboard alone', async () => {
    await page.locator('h1').first().focus();
    await page.keyboard.press('Shift+Tab');
    // From the page's heading back up to the header: the search box is reached with Tab.
    await page.locator('header a.brand').focus();
    await tabTo(page, /^Search records/);
    await page.keyboard.type('mwale');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=mwale$/);
    await expect.poll(() => page.locator('[data-testid=search-count]').textContent()).toBe('1–2 of 2 records');
    const names = (await resultNames()).join(' | ');
    expect(names).toContain('Ada Mwale');
    expect(names).toContain('Chanda Mwale');
    expect(await page.locator('table.results').textContent()).toContain('Registered');
  });

  it('finds a record by its tracking ID and opens it', async () => {
    await page.locator('#quick-search').fill(ada.trackingId);
    await page.locator('#quick-search').press('Enter');
    await expect.poll(() => page.locator('[data-testid=search-count]').textContent()).toBe('1–1 of 1 records');
    await page.getByRole('link', { name: ada.trackingId }).click();
    await page.waitForURL(new RegExp(`/records/${ada.id}$`));
    await expect.poll(() => page.locator('h1').textContent()).toContain(ada.trackingId);
  });

  it('searches by event, status and the mother’s name; going back from a record keeps the search', async () => {
    await openInApp(page, '/search/advanced');
    await page.locator('#search-event').selectOption('birth');
    await page.locator('#search-status').selectOption('DECLARED');
    await page.locator('#search-role-0').selectOption('mother');
    await page.locator('#search-name-0').fill('Grace');
    expect(await unlabelledInputs(page)).toEqual([]);
    await page.getByRole('button', { name: 'Search', exact: true }).last().click();
    await page.waitForURL(/\/search\/advanced\?event=birth&status=DECLARED&name=mother%3AGrace$/);
    await expect.poll(() => page.locator('[data-testid=search-count]').textContent()).toBe('1–2 of 2 records');
    expect((await resultNames()).map((text) => text.includes('Grace'))).toEqual([true, true]);

    await page.locator('table.results a').first().click();
    await page.waitForURL(/\/records\//);
    await page.goBack();
    await page.waitForURL(/\/search\/advanced\?/);
    await expect.poll(() => page.locator('#search-name-0').inputValue()).toBe('Grace');
    await expect.poll(() => page.locator('[data-testid=search-count]').textContent()).toBe('1–2 of 2 records');

    // Registered only: neither of Grace's children is.
    await page.locator('#search-status').selectOption('REGISTERED');
    await page.getByRole('button', { name: 'Search', exact: true }).last().click();
    await expect.poll(() => page.locator('p.empty').textContent()).toBe('No record matches.');
  });

  it('fits a 360-px phone', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const path of ['/search?q=mwale', '/search/advanced?event=birth&name=mother%3AGrace']) {
      await openInApp(page, path);
      await page.locator('[data-testid=search-count]').waitFor();
      expect(await sidewaysOverflow(page), path).toBeLessThanOrEqual(0);
    }
  });
});
