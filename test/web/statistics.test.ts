/**
 * Statistics in the web app: a performance manager sees registrations by month and by area as charts, drills down
 * to a province with the keyboard, and the screen's code is fetched only when opened; a national administrator sets
 * the expected births, and completeness follows. The screen fits a 360-px phone and every input is labelled.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/http.js';
import { sidewaysOverflow, tabTo, unlabelledInputs } from './a11y-checks.js';
import { signIn } from './app-steps.js';
import { apiAs, declareBirth, type Call } from './api-steps.js';
import { beforeAllOrFailEach, launchChromium } from './chromium.js';
import { startWebServer, type WebServer } from './web-server.js';

describe('statistics in the web app', () => {
  let server: WebServer;
  let browser: Browser;
  let manager: Page;
  let api: Call;
  const scripts: string[] = [];
  const areaReads: string[] = [];
  const thisMonth = new Date().toISOString().slice(0, 7);
  const thisYear = new Date().getUTCFullYear();

  beforeAllOrFailEach(async () => {
    browser = await launchChromium();
    server = await startWebServer({ services: 'config,auth,registry,documents,metrics,gateway' });
    const [agent, registrar, northAgent, northRegistrar] = await Promise.all([
      apiAs(server.url, 'f.agent'),
      apiAs(server.url, 'l.registrar'),
      apiAs(server.url, 'b.chanda'),
      apiAs(server.url, 'e.sakala'),
    ]);
    for (const firstNames of ['Ada', 'Bwalya', 'Chipo']) {
      await declareBirth(agent, { firstNames, familyName: 'Mwale' }, registrar);
    }
    await declareBirth(northAgent, { firstNames: 'Dalitso', familyName: 'Banda', area: 'NTH-OSE' }, northRegistrar);
    api = await apiAs(server.url, 'p.manager');
    await eventually('metrics counted the four registrations', async () => {
      const answer = (await api('GET', `/statistics/registrations?eventType=birth&from=${thisMonth}`)) as {
        series: { months: { total: number }[] }[];
      };
      return answer.series[0]!.months[0]!.total === 4 ? true : undefined;
    });
    manager = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    manager.on('request', (request) => {
      const url = new URL(request.url());
      if (request.resourceType() === 'script') scripts.push(url.pathname);
      if (url.pathname.startsWith('/api/v1/areas')) areaReads.push(`${url.pathname}${url.search}`);
    });
    await signIn(manager, server.url, 'p.manager');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const areaBars = (page: Page, chart: string) =>
    page
      .locator(`[data-testid=${chart}-svg] g[data-area]`)
      .evaluateAll((groups) =>
        groups.map((group) => [group.getAttribute('data-area'), group.getAttribute('data-value')]),
      );

  it('draws registrations by month and by province; the screen is fetched only when opened', async () => {
    expect(scripts.some((path) => path.includes('statistics-page'))).toBe(false);
    await manager.getByRole('link', { name: 'Statistics' }).click();
    await expect.poll(() => manager.locator('[data-testid=stats-total]').textContent()).toBe('4');
    expect(scripts.some((path) => path.includes('statistics-page'))).toBe(true);
    expect(await manager.locator('[data-testid=stats-on-time]').textContent()).toBe('100%');
    expect(await manager.locator('[data-testid=stats-completeness]').textContent()).toBe('—');
    const month = manager.locator(`[data-testid=stats-months-svg] g[data-month="${thisMonth}"]`);
    expect(await month.getAttribute('data-total')).toBe('4');
    expect(await month.locator('rect.bar.onTime').count()).toBe(1);
    expect(await areaBars(manager, 'stats-areas')).toEqual([
      ['CEN', '3'],
      ['NTH', '1'],
      ['STH', '0'],
    ]);
    // No estimates yet: completeness says so per area; the manager cannot set them.
    expect(await manager.locator('[data-testid=stats-completeness-svg]').textContent()).toContain('no estimate');
    expect(await manager.locator('form.estimates').count()).toBe(0);
    expect(await unlabelledInputs(manager)).toEqual([]);
  });

  it('drills down to a province with the keyboard', async () => {
    await manager.locator('h1').focus();
    await tabTo(manager, /^Area/);
    await manager.keyboard.type('Central');
    await manager.locator('#stats-area[aria-activedescendant]').waitFor();
    await manager.keyboard.press('Enter');
    await expect.poll(() => manager.locator('[data-testid=stats-total]').textContent()).toBe('3');
    expect((await areaBars(manager, 'stats-areas')).find(([code]) => code === 'CEN-IBO')).toEqual(['CEN-IBO', '3']);
    expect(await manager.locator('#stats-months-title').textContent()).toBe('Registrations by month, Central Province');
    // One level of the tree at a time, never every area (a large country has 100,000).
    expect(areaReads.length).toBeGreaterThan(0);
    expect(areaReads.filter((read) => !/[?&](top=true|parent=)|^\/api\/v1\/areas\/[A-Z]/.test(read))).toEqual([]);
  });

  it('fits a 360-px phone', async () => {
    await manager.setViewportSize({ width: 360, height: 740 });
    expect(await sidewaysOverflow(manager)).toBeLessThanOrEqual(0);
    await manager.setViewportSize({ width: 1280, height: 800 });
  });

  it('lets a national administrator set the expected births; completeness follows', async () => {
    const admin = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    await signIn(admin, server.url, 'n.admin');
    await admin.getByRole('link', { name: 'Statistics' }).click();
    await admin.locator('form.estimates').waitFor();
    expect(await unlabelledInputs(admin)).toEqual([]);
    await admin.getByLabel('Central Province', { exact: true }).fill('12');
    await admin.getByLabel('Northern Province', { exact: true }).fill('six');
    await admin.getByRole('button', { name: 'Save the estimates' }).click();
    expect(await admin.locator('#estimate-NTH-error').textContent()).toBe('Enter a whole number.');
    await admin.getByLabel('Northern Province', { exact: true }).fill('6');
    await admin.getByRole('button', { name: 'Save the estimates' }).click();
    await expect
      .poll(() => admin.locator('form.estimates [role=status]').textContent())
      .toBe('The estimates are saved.');

    const answer = (await api('GET', `/statistics/completeness?eventType=birth&year=${thisYear}&areas=CEN,NTH`)) as {
      areas: { area: string; total: number; expectedToDate: number }[];
    };
    const [central, north] = answer.areas;
    const expected = (central!.total + north!.total) / (central!.expectedToDate + north!.expectedToDate);
    await expect
      .poll(() => admin.locator('[data-testid=stats-completeness]').textContent())
      .toBe(`${Math.round(expected * 100)}%`);
    const bars = await areaBars(admin, 'stats-completeness');
    expect(bars.map(([code]) => code)).toEqual(['CEN', 'NTH', 'STH']);
    expect(Number(bars[0]![1])).toBeCloseTo(central!.total / central!.expectedToDate, 2);
    expect(bars[2]![1]).toBe('');
    await admin.context().close();
  });
});
