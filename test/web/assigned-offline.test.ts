/**
 * Records assigned to the user, offline: assigned, the record is kept on the device; without a connection, after a
 * reload, it opens from there and is validated, the validation waiting on the device; back online it is sent and
 * applied exactly once. A validation whose answer is lost is sent again with its key and still applied once; one
 * taken on a record that changed on the server meanwhile is shown as a conflict, never dropped.
 */
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { apiAs, declareBirth, type Call } from './api-steps.js';
import { openInApp, signIn, unlockWithPin } from './app-steps.js';
import { beforeAllOrFailEach, launchChromium } from './chromium.js';
import { startWebServer, type WebServer } from './web-server.js';

describe('assigned records offline', () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let clerk: Call;
  let registrar: Call;

  beforeAllOrFailEach(async () => {
    browser = await launchChromium();
    server = await startWebServer();
    clerk = await apiAs(server.url, 'k.mumba');
    registrar = await apiAs(server.url, 'l.registrar');
    context = await browser.newContext();
    page = await context.newPage();
    await signIn(page, server.url, 'r.agent');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The record's actions of a type, as the server has them. */
  async function actionsOf(recordId: string, type: string): Promise<number> {
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from registry.actions where record_id = ${recordId} and type = ${type}
    `.execute(server.civitas.database.root);
    return rows[0]!.count;
  }

  async function assignToMe(recordId: string): Promise<void> {
    await openInApp(page, `/records/${recordId}`);
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByRole('button', { name: 'Unassign' }).waitFor();
  }

  const queued = () => page.getByTestId('queued-action');

  it('keeps an assigned record, validates it offline after a reload, and applies it once back online', async () => {
    const birth = await declareBirth(clerk, { firstNames: 'Offline', familyName: 'Phiri' });
    await assignToMe(birth.id);
    await openInApp(page, '/offline-records');
    await page.getByRole('link', { name: birth.trackingId }).waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    await context.setOffline(true);
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await unlockWithPin(page);
    await openInApp(page, '/offline-records');
    await page.getByRole('link', { name: birth.trackingId }).click();
    await page.getByTestId('offline-copy').waitFor();
    expect(await page.getByTestId('record-status').textContent()).toBe('Declared');
    expect(await page.locator('.record-data').textContent()).toContain('Offline');
    // Offline, only what can wait on the device is offered.
    expect(await page.getByRole('button', { name: 'Unassign' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.getByText('No connection: the validation waits on this device').waitFor();
    await expect.poll(() => queued().getAttribute('data-state')).toBe('waiting');
    expect(await actionsOf(birth.id, 'VALIDATE')).toBe(0);

    await context.setOffline(false);
    await expect.poll(() => queued().getAttribute('data-state'), { timeout: 30_000 }).toBe('sent');
    await expect.poll(() => page.getByTestId('record-status').textContent(), { timeout: 10_000 }).toBe('Validated');
    expect(await actionsOf(birth.id, 'VALIDATE')).toBe(1);
  });

  it('sends a validation whose answer was lost again with its key: applied once', async () => {
    const birth = await declareBirth(clerk, { firstNames: 'Lost', familyName: 'Answer' });
    await assignToMe(birth.id);
    const keys: string[] = [];
    let cut = true;
    await page.route(`**/api/v1/records/${birth.id}/validate`, async (route) => {
      keys.push(route.request().headers()['idempotency-key']!);
      // The first reaches the server, its answer does not reach the page.
      const response = await route.fetch();
      if (cut) {
        cut = false;
        expect(response.status()).toBe(200);
        await route.abort('connectionreset');
      } else await route.fulfill({ response });
    });
    await page.getByRole('button', { name: 'Validate' }).click();
    await expect.poll(() => queued().getAttribute('data-state'), { timeout: 30_000 }).toBe('sent');
    await page.unroute(`**/api/v1/records/${birth.id}/validate`);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(1);
    expect(await actionsOf(birth.id, 'VALIDATE')).toBe(1);
    await expect.poll(() => page.getByTestId('record-status').textContent()).toBe('Validated');
  });

  it('shows a validation taken on a record changed on the server meanwhile as a conflict, and keeps it', async () => {
    const birth = await declareBirth(clerk, { firstNames: 'Changed', familyName: 'Meanwhile' });
    await assignToMe(birth.id);
    await context.setOffline(true);
    await page.reload();
    await unlockWithPin(page);
    await openInApp(page, `/records/${birth.id}`);
    await page.getByTestId('offline-copy').waitFor();
    await page.getByRole('button', { name: 'Validate' }).click();
    await expect.poll(() => queued().getAttribute('data-state')).toBe('waiting');

    // Meanwhile the registrar takes the record back and sends it back for updates.
    await registrar('POST', `/records/${birth.id}/unassign`, { version: 3 });
    await registrar('POST', `/records/${birth.id}/reject`, { version: 4, reason: 'The birth date is wrong' });

    await context.setOffline(false);
    await expect.poll(() => queued().getAttribute('data-state'), { timeout: 30_000 }).toBe('conflict');
    expect(await queued().getByTestId('queued-error').textContent()).toContain('changed on the server');
    expect(await actionsOf(birth.id, 'VALIDATE')).toBe(0);
    // It stays, through a reload too, until the user decides.
    await page.reload();
    await unlockWithPin(page);
    await openInApp(page, `/records/${birth.id}`);
    await expect.poll(() => queued().getAttribute('data-state')).toBe('conflict');
    page.once('dialog', (dialog) => void dialog.accept());
    await queued().getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => queued().count()).toBe(0);
    expect(await page.getByTestId('record-status').textContent()).toBe('Requires updates');
  });
});
