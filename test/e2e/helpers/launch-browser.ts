// Runtime: Node (tests). Chromium from the system (apt's /usr/bin/chromium), driven by playwright-core.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env['FETCHPOINT_CHROMIUM'] ?? '/usr/bin/chromium';

/** Launches headless Chromium with everything that phones home switched off. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}; install it with "apt-get install -y chromium" or set FETCHPOINT_CHROMIUM.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
