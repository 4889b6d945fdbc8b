/**
 * The session in the web app: the access token is renewed before it expires (the user notices nothing), an idle
 * screen locks and the PIN opens it again without signing in, wrong PINs are counted, and signing out ends the
 * session on the server too.
 */
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openInApp, signIn, unlockWithPin } from './app-steps.js';
import { beforeAllOrFailEach, launchChromium } from './chromium.js';
import { startWebServer, type WebServer } from './web-server.js';

describe('the session in the web app', () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const refreshes: Request[] = [];
  const logins: Request[] = [];

  beforeAllOrFailEach(async () => {
    browser = await launchChromium();
    server = await startWebServer();
    context = await browser.newContext({ serviceWorkers: 'block' });
    // The page's clock is the test's: ten minutes pass in a moment.
    await context.clock.install();
    page = await context.newPage();
    page.on('request', (request) => {
      if (request.url().endsWith('/api/v1/auth/refresh')) refreshes.push(request);
      if (/\/api\/v1\/auth\/(login|verify)$/.test(request.url())) logins.push(request);
    });
    await signIn(page, server.url, 'r.agent');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renews the access token before it expires, while the user works', async () => {
    // The token lives 15 minutes; it is renewed after three quarters of that. The user keeps working meanwhile.
    for (let minute = 0; minute < 12; minute++) {
      await context.clock.fastForward(60_000);
      await page.keyboard.press('Shift');
    }
    await expect.poll(() => refreshes.length).toBe(1);
    const renewed = await refreshes[0]!.response();
    expect(renewed?.status()).toBe(200);
    // The next call uses the new token.
    const queue = page.waitForResponse((response) => response.url().includes('/api/v1/workqueues/requires-updates'));
    await openInApp(page, '/queues/requires-updates');
    expect((await queue).status()).toBe(200);
    expect((await queue).request().headers().authorization).toBe(`Bearer ${(await renewed!.json()).accessToken}`);
  });

  it('locks the screen after ten idle minutes; wrong PINs are counted; the PIN opens it without signing in', async () => {
    await context.clock.fastForward(10 * 60_000 + 1000);
    await page.locator('#unlock-pin').waitFor();
    expect(await page.locator('header.top').count()).toBe(0);
    await page.locator('#unlock-pin').fill('1111');
    await page.locator('form button[type=submit]').click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toBe('Wrong PIN. 4 attempts left.');
    await unlockWithPin(page);
    expect(await page.locator('header .who').textContent()).toBe('Rafael Agent');
    // No new sign-in: the password and the code were asked once, at the start.
    expect(logins.map((request) => new URL(request.url()).pathname)).toEqual([
      '/api/v1/auth/login',
      '/api/v1/auth/verify',
    ]);
  });

  it('signs out: back to the sign-in page, and the session is over on the server', async () => {
    const logout = page.waitForRequest((request) => request.url().endsWith('/api/v1/auth/logout'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    const spent = JSON.parse((await logout).postData()!).refreshToken as string;
    await page.locator('#username').waitFor();
    const again = await fetch(`${server.url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: spent }),
    });
    expect(again.status).toBe(401);
    // A reload now starts at the sign-in page, not the PIN.
    await page.reload();
    await page.locator('#username').waitFor();
  });

  it("speaks the user's language: a French user's form names its fields and what is wrong in French", async () => {
    const french = await browser.newContext({ serviceWorkers: 'block' });
    try {
      const page = await french.newPage();
      await signIn(page, server.url, 'd.kabwe');
      await openInApp(page, '/declare/birth');
      expect(await page.locator('label[for=field-child-firstNames]').textContent()).toBe('Prénom(s) *');
      await page.locator('.form-section button[type=submit]').click();
      await expect.poll(() => page.locator('#field-child-firstNames-error').textContent()).toBe('Obligatoire.');
      await page.locator('#field-child-birthDate').fill('2999-01-01');
      await page.locator('.form-section button[type=submit]').click();
      await expect
        .poll(() => page.locator('#field-child-birthDate-error').textContent())
        .toBe('Cette date est dans le futur.');
    } finally {
      await french.close();
    }
  });
});
