/**
 * Working without a connection: the app, started once, keeps working when the network goes away. A declaration made
 * offline waits on the device (encrypted), survives a reload served by the service worker, and is sent exactly once
 * when the connection returns.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { fillBirth, openInApp, sendDeclaration, signIn, unlockWithPin, waitForPlacesKept } from './app-steps.js';
import { beforeAllOrFailEach, launchChromium } from './chromium.js';
import { recordsCreatedBy, startWebServer, type WebServer } from './web-server.js';

describe('the web app offline', () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAllOrFailEach(async () => {
    browser = await launchChromium();
    server = await startWebServer();
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const item = () => page.locator('[data-testid=outbox-item]');

  it('declares without a connection, reloads from the service worker, and sends once back online', async () => {
    await signIn(page, server.url, 'k.mumba');
    // The service worker has taken over and kept the configuration the forms need; the places are on the device.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.waitForFunction(async () => {
      const cache = await caches.open('civitas-config-1');
      const kept = (await cache.keys()).map((request) => new URL(request.url).pathname);
      return ['/api/v1/event-types/birth', '/api/v1/offices'].every((path) => kept.includes(path));
    });
    await waitForPlacesKept(page);

    await context.setOffline(true);
    await expect.poll(() => page.locator('.status').textContent()).toBe('Offline');
    await fillBirth(page, { firstNames: 'Offline', familyName: 'Banda' });
    await sendDeclaration(page);
    await expect.poll(() => item().getAttribute('data-state')).toBe('waiting');

    // A reload without a connection: the service worker serves the app; the PIN opens the session and the data.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await unlockWithPin(page);
    await openInApp(page, '/outbox');
    await expect.poll(() => item().count()).toBe(1);
    expect(await item().getAttribute('data-state')).toBe('waiting');
    expect(await item().textContent()).toContain('Offline Banda');
    // The forms open from the kept configuration too.
    await openInApp(page, '/declare/birth');
    await page.locator('#field-child-firstNames').waitFor();
    expect(await recordsCreatedBy(server.civitas, 'k.mumba')).toHaveLength(0);

    await openInApp(page, '/outbox');
    await context.setOffline(false);
    await expect.poll(() => item().getAttribute('data-state'), { timeout: 20_000 }).toBe('sent');
    const trackingId = await item().locator('[data-testid=outbox-tracking-id]').textContent();
    const records = await recordsCreatedBy(server.civitas, 'k.mumba');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ tracking_id: trackingId, status: 'DECLARED' });
  });

  it('keeps nothing readable while locked: the lock screen shows no record, and the stored data is encrypted', async () => {
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.locator('#unlock-pin').waitFor();
    expect(await page.locator('body').textContent()).not.toContain('Banda');
    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('civitas');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const read = (name: string) =>
        new Promise<unknown[]>((resolve) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
        });
      const dump = JSON.stringify([await read('outbox'), await read('sessions')], (_key, value) =>
        value instanceof ArrayBuffer ? new TextDecoder().decode(value) : value,
      );
      return dump;
    });
    expect(stored).not.toContain('Banda');
    expect(stored).not.toContain('refreshToken');
    await unlockWithPin(page);
    expect(await page.locator('header .who').textContent()).toBe('Kasonde Mumba');
  });

  it('keeps a draft saved midway on the device, and opens it where it was left', async () => {
    await openInApp(page, '/declare/birth');
    await page.locator('#field-child-firstNames').fill('Halfway');
    await page.locator('#field-child-sex').selectOption('male');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.getByText('Draft saved on this device.').waitFor();
    await openInApp(page, '/outbox');
    const draft = page.locator('[data-testid=outbox-item][data-state=draft]');
    await expect.poll(() => draft.count()).toBe(1);
    expect(await draft.getByTestId('outbox-state').textContent()).toBe('Draft on this device');
    await draft.getByRole('link', { name: 'Edit' }).click();
    expect(await page.locator('#field-child-firstNames').inputValue()).toBe('Halfway');
    expect(await page.locator('#field-child-sex').inputValue()).toBe('male');
    // A draft stays on the device: the server knows only the declaration sent earlier.
    expect(await recordsCreatedBy(server.civitas, 'k.mumba')).toHaveLength(1);
  });
});
