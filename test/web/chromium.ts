/**
 * The browser of the web tests: the system's Chromium (Debian's `chromium` package), driven by playwright-core. No
 * browser is ever downloaded; without one the tests fail and say how to install it (they never skip).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { beforeAll, beforeEach } from 'vitest';

export const CHROMIUM_PATH = process.env.CIVITAS_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: the web tests need it. Install it with ` +
        '`apt-get install -y chromium` (or set CIVITAS_CHROMIUM to a Chromium binary). They never download a browser.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

/**
 * Runs `setup` once before a file's tests. When it fails (no Chromium, no server), every test fails with its error:
 * a failing beforeAll alone would have vitest report the tests as skipped, and a missing browser must never look
 * like a skip.
 */
export function beforeAllOrFailEach(setup: () => Promise<void>): void {
  let failure: unknown;
  beforeAll(async () => {
    try {
      await setup();
    } catch (error) {
      failure = error;
    }
  });
  beforeEach(() => {
    if (failure !== undefined) throw failure;
  });
}
