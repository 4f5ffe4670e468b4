import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium; a test tool's own browser download cannot work on this machine. */
export const CHROMIUM_PATH = process.env.PROMPTJAM_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for headless Debian chromium in a container (no sandbox, no GPU, no background network). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Whether the browser the e2e tests need is installed. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Why the e2e tests cannot run, in words that say how to fix it. */
export const CHROMIUM_MISSING_MESSAGE =
  `e2e: chromium not found at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\` ` +
  '(or set PROMPTJAM_CHROMIUM_PATH). The browser tests are skipped outside CI and fail in CI (CI=true).';

/** Whether we run in CI, where a missing browser is a failure rather than a skip. */
export function inCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

/** Launches headless chromium with the flags above. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
