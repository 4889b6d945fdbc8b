/**
 * `npm run screenshots`: pictures of the web app's main screens for the README, on a desktop (1280×800) and a phone
 * (360×740), written to docs/screenshots/. It starts Civitas in single mode on a fresh database with the demo
 * country, declares and registers a few births through the API, and drives the system Chromium through sign-in,
 * the workqueue, the birth form, a record, search, statistics and administration.
 *
 * The statistics screen needs a year of registrations to show anything: the script writes a made-up year of them
 * straight into the metrics tables (no records behind them), with a fixed seed so the pictures stay the same.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { uuidv7 } from '../../src/core/events/uuidv7.js';
import { eventually } from '../helpers/http.js';
import { daysAgo, openInApp, signIn } from './app-steps.js';
import { apiAs, declareBirth } from './api-steps.js';
import { launchChromium } from './chromium.js';
import { startWebServer, type WebServer } from './web-server.js';

const OUT = fileURLToPath(new URL('../../docs/screenshots', import.meta.url));
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } } as const;
type Viewport = keyof typeof VIEWPORTS;

const BIRTHS = [
  { firstNames: 'Ada', familyName: 'Mwale', motherFirstNames: 'Grace' },
  { firstNames: 'Bwalya', familyName: 'Phiri', motherFirstNames: 'Ruth' },
  { firstNames: 'Chanda', familyName: 'Mwale', motherFirstNames: 'Grace' },
  { firstNames: 'Dalitso', familyName: 'Banda', motherFirstNames: 'Esther' },
  { firstNames: 'Emeka', familyName: 'Tembo', motherFirstNames: 'Mary' },
  { firstNames: 'Faith', familyName: 'Zulu', motherFirstNames: 'Joyce' },
];

/** A small deterministic random source (mulberry32), so the made-up statistics are the same on every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Twelve months of made-up birth registrations per district, more of them on time as the year goes on. */
async function fakeAYearOfStatistics(server: WebServer): Promise<void> {
  const random = seeded(8);
  const { rows: districts } = await sql<{ code: string; parent_code: string }>`
    select code, parent_code from config.areas where parent_code is not null`.execute(server.civitas.database.root);
  const registrations: Record<string, unknown>[] = [];
  const areas: Record<string, unknown>[] = [];
  const now = new Date();
  for (let back = 11; back >= 0; back--) {
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 10));
    for (const district of districts) {
      const count = Math.round(8 + random() * 14 + (11 - back));
      for (let index = 0; index < count; index++) {
        const late = random() < 0.45 - (11 - back) * 0.025;
        const days = late ? 31 + Math.floor(random() * 500) : Math.floor(random() * 30);
        const registeredAt = new Date(month.getTime() + Math.floor(random() * 15) * 86_400_000);
        const recordId = uuidv7();
        registrations.push({
          record_id: recordId,
          event_type: 'birth',
          registered_at: registeredAt,
          registered_month: registeredAt.toISOString().slice(0, 7),
          event_date: new Date(registeredAt.getTime() - days * 86_400_000).toISOString().slice(0, 10),
          timeliness: days <= 30 ? 'on-time' : days <= 365 ? 'late' : 'delayed',
        });
        areas.push(
          { area_code: district.code, record_id: recordId },
          { area_code: district.parent_code, record_id: recordId },
        );
      }
    }
  }
  const metrics = server.civitas.database.forSchema<Record<string, Record<string, unknown>>>('metrics');
  for (let start = 0; start < registrations.length; start += 500) {
    await metrics
      .insertInto('registrations')
      .values(registrations.slice(start, start + 500))
      .execute();
  }
  for (let start = 0; start < areas.length; start += 500) {
    await metrics
      .insertInto('registration_areas')
      .values(areas.slice(start, start + 500))
      .execute();
  }
}

async function prepareData(server: WebServer): Promise<{ registered: string }> {
  const [agent, registrar, admin] = await Promise.all([
    apiAs(server.url, 'f.agent'),
    apiAs(server.url, 'l.registrar'),
    apiAs(server.url, 'n.admin'),
  ]);
  let registered = '';
  for (const [index, birth] of BIRTHS.entries()) {
    const record = await declareBirth(
      agent,
      { ...birth, birthDate: daysAgo(2 + index) },
      index % 2 ? registrar : undefined,
    );
    if (index === 1) registered = record.id;
  }
  await fakeAYearOfStatistics(server);
  const year = new Date().getUTCFullYear();
  await admin('PUT', '/statistics/estimates', {
    eventType: 'birth',
    year,
    estimates: [
      { area: 'CEN', expected: 900 },
      { area: 'NTH', expected: 760 },
      { area: 'STH', expected: 640 },
    ],
  });
  await eventually('the births are indexed', async () => {
    const found = await registrar('GET', '/search?q=Mwale');
    return found.total === 2 ? true : undefined;
  });
  return { registered };
}

/** A fresh profile signed in as `username`, in English, at the viewport's size. */
async function signedIn(browser: Browser, server: WebServer, username: string, viewport: Viewport): Promise<Page> {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: VIEWPORTS[viewport], locale: 'en-GB' });
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.setItem('civitas.language', 'en'));
  await signIn(page, server.url, username);
  return page;
}

async function shoot(page: Page, name: string, viewport: Viewport): Promise<void> {
  // Fonts, charts and lazily loaded screens settle; the text cursor does not blink into the picture.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  const path = join(OUT, `${viewport}-${name}.png`);
  await page.screenshot({ path });
  console.log(`  ${path}`);
}

async function screens(browser: Browser, server: WebServer, registered: string, viewport: Viewport): Promise<void> {
  const visitor = await browser.newContext({ serviceWorkers: 'block', viewport: VIEWPORTS[viewport], locale: 'en-GB' });
  const login = await visitor.newPage();
  await login.goto(server.url);
  await login.locator('#username').waitFor();
  await shoot(login, 'login', viewport);
  await visitor.close();

  const registrar = await signedIn(browser, server, 'n.registrar', viewport);
  await openInApp(registrar, '/queues/ready-for-review');
  await registrar.locator('table.queue tbody tr').first().waitFor();
  await shoot(registrar, 'workqueue', viewport);

  await openInApp(registrar, '/declare/birth');
  await registrar.locator('#field-child-firstNames').fill('Grace');
  await registrar.locator('#field-child-familyName').fill('Mulenga');
  await registrar.locator('#field-child-sex').selectOption('female');
  await shoot(registrar, 'declare', viewport);

  await openInApp(registrar, `/records/${registered}`);
  await registrar.locator('[data-testid=registration-number]').waitFor();
  await shoot(registrar, 'record', viewport);

  await openInApp(registrar, '/search?q=mwale');
  await registrar.locator('[data-testid=search-count]').waitFor();
  await shoot(registrar, 'search', viewport);

  await openInApp(registrar, '/statistics');
  await registrar.locator('[data-testid=stats-months-svg]').waitFor();
  // The charts, rather than the choices above them.
  await registrar
    .locator(viewport === 'phone' ? '.chart' : '.tiles')
    .first()
    .evaluate((element) => element.scrollIntoView());
  await shoot(registrar, 'statistics', viewport);
  await registrar.context().close();

  const admin = await signedIn(browser, server, 'n.admin', viewport);
  await openInApp(admin, '/admin/users');
  await admin.locator('table.queue tbody tr').first().waitFor();
  await shoot(admin, 'admin', viewport);
  await admin.context().close();
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const server = await startWebServer({ services: 'config,auth,registry,documents,search,metrics,gateway' });
  const browser = await launchChromium();
  try {
    const { registered } = await prepareData(server);
    for (const viewport of Object.keys(VIEWPORTS) as Viewport[]) {
      console.log(`${viewport}:`);
      await screens(browser, server, registered, viewport);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
