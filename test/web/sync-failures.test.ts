/**
 * Sending the outbox through everything a bad connection does: server errors, a request that times out after the
 * server did the work, an answer lost on the way back, "too many requests", and a refusal. Every declaration ends
 * either sent exactly once or shown as needing the user, and the one that needs the user, once fixed, is sent into
 * the same record.
 */
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { choosePlace, fillBirth, sendDeclaration, signIn } from './app-steps.js';
import { beforeAllOrFailEach, launchChromium } from './chromium.js';
import { recordsCreatedBy, startWebServer, type WebServer } from './web-server.js';

type Fault = 'server-error' | 'timeout' | 'lost-answer' | 'too-many' | 'pass';

/** What each attempt of a request meets, by its idempotency key (or, without one, by the order of calls). */
const PLAN: Record<'upload' | 'create' | 'declare', readonly Fault[]> = {
  upload: ['server-error'],
  create: ['server-error', 'lost-answer'],
  declare: ['timeout', 'too-many'],
};

describe('sending the outbox through failures', () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const met: Array<{ step: string; fault: Fault }> = [];

  beforeAllOrFailEach(async () => {
    browser = await launchChromium();
    server = await startWebServer();
    // page.route sees every request only without the service worker in between.
    context = await browser.newContext({ serviceWorkers: 'block' });
    await context.addInitScript(() => {
      localStorage.setItem('civitas.syncTimeoutMs', '1500');
      localStorage.setItem('civitas.syncFirstWaitMs', '200');
    });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function inject(step: keyof typeof PLAN, route: Route, seen: Map<string, number>) {
    const key = (await route.request().headerValue('idempotency-key')) ?? 'no key';
    const attempt = seen.get(key) ?? 0;
    seen.set(key, attempt + 1);
    const fault = PLAN[step][attempt] ?? 'pass';
    met.push({ step, fault });
    switch (fault) {
      case 'server-error':
        return route.fulfill({
          status: 503,
          contentType: 'application/problem+json',
          body: JSON.stringify({ status: 503, code: 'UNAVAILABLE', detail: 'The server is restarting.' }),
        });
      case 'too-many':
        return route.fulfill({
          status: 429,
          headers: { 'retry-after': '1' },
          contentType: 'application/problem+json',
          body: JSON.stringify({ status: 429, code: 'RATE_LIMITED', detail: 'Too many requests.' }),
        });
      case 'lost-answer':
        // The server does the work; its answer never arrives.
        await route.fetch();
        return route.abort('connectionreset');
      case 'timeout': {
        // The server does the work, but answers after the app has given up waiting.
        const response = await route.fetch();
        await sleep(2500);
        return route.fulfill({ response }).catch(() => undefined);
      }
      case 'pass':
        return route.continue();
    }
  }

  it('ends with every declaration sent once or shown as needing the user', async () => {
    await signIn(page, server.url, 'k.mumba');
    const seen = { upload: new Map<string, number>(), create: new Map<string, number>(), declare: new Map() };
    await page.route(/\/api\/v1\/documents\?/, (route) => inject('upload', route, seen.upload));
    await page.route(/\/api\/v1\/records$/, (route) => inject('create', route, seen.create));
    await page.route(/\/api\/v1\/records\/[^/]+\/declare$/, (route) => inject('declare', route, seen.declare));

    // One the server accepts, one it refuses: the clerk may not declare outside her district.
    await fillBirth(page, { firstNames: 'Through', familyName: 'Storms' });
    await sendDeclaration(page);
    await fillBirth(page, { firstNames: 'Elsewhere', familyName: 'Phiri', area: 'CEN-ISA' });
    await sendDeclaration(page);

    const items = page.locator('[data-testid=outbox-item]');
    const states = async () => (await items.evaluateAll((list) => list.map((item) => item.dataset.state))).sort();
    await expect.poll(states, { timeout: 60_000, interval: 250 }).toEqual(['needs-user', 'sent']);
    // Each failure was met on the way.
    for (const fault of ['server-error', 'lost-answer', 'timeout', 'too-many'] as const) {
      expect(met.map((entry) => entry.fault)).toContain(fault);
    }

    const refused = items.filter({ hasText: 'Elsewhere Phiri' });
    expect(await refused.getAttribute('data-state')).toBe('needs-user');
    expect(await refused.getByTestId('outbox-error').textContent()).toMatch(/403/);

    // Exactly one record each: the retries after the lost answer and the timeout got the first answer back.
    const records = await recordsCreatedBy(server.civitas, 'k.mumba');
    expect(records.map((record) => record.status).sort()).toEqual(['DECLARED', 'DRAFT']);
    const declared = records.find((record) => record.status === 'DECLARED')!;
    const sentTrackingId = await items
      .filter({ hasText: 'Through Storms' })
      .getByTestId('outbox-tracking-id')
      .textContent();
    expect(declared.tracking_id).toBe(sentTrackingId);
    const { rows } = await sql<{ declares: number }>`select count(*)::int as declares from registry.actions
      where record_id = ${declared.id} and type = 'DECLARE'`.execute(server.civitas.database.root);
    expect(rows[0]!.declares).toBe(1);

    // The user fixes the refused one (her own district) and sends it again: into the record already started.
    await page.unrouteAll({ behavior: 'wait' });
    await refused.getByRole('link', { name: 'Fix it' }).click();
    await page.locator('.error', { hasText: 'The server refused it' }).waitFor();
    await page.locator('.steps button', { hasText: "Child's details" }).click();
    await choosePlace(page, 'field-child-placeOfBirthArea', 'CEN-IBO', 'CEN-IBO');
    await page.locator('.steps button', { hasText: 'Review' }).click();
    await sendDeclaration(page);
    await expect.poll(states, { timeout: 20_000 }).toEqual(['sent', 'sent']);
    const after = await recordsCreatedBy(server.civitas, 'k.mumba');
    expect(after.map((record) => record.id).sort()).toEqual(records.map((record) => record.id).sort());
    expect(after.every((record) => record.status === 'DECLARED')).toBe(true);
  });
});
