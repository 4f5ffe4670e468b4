/**
 * "New room" while the room server cannot be reached, in a real browser: the page says so and keeps trying, and
 * once the server is back it claims the room and shows the host panel, with no reload and nothing lost.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi, launchChromium } from './harness/chromium';
import { UI_TIMEOUT_MS, waitForConnection } from './harness/pages';
import { startRoomServer, type TestRoomServer } from './harness/roomServer';
import { startWebApp, type WebApp } from './harness/webApp';

const haveBrowser = chromiumAvailable();
if (!haveBrowser && inCi()) throw new Error(CHROMIUM_MISSING_MESSAGE);
if (!haveBrowser) console.warn(`\n⚠️  SKIPPING web e2e tests: ${CHROMIUM_MISSING_MESSAGE}\n`);

describe.runIf(haveBrowser)('claiming a new room in a real browser', () => {
  let server: TestRoomServer;
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    server = await startRoomServer();
    web = await startWebApp({ PROMPTJAM_SERVER_URL: server.url });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await web?.close();
    await server?.close();
  });

  it('keeps the claim while the server is down and becomes host once it is back', async () => {
    await server.stop();
    const page = await browser.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(`${web.url}/`);
    await page.getByRole('button', { name: 'New room' }).click();
    await page.getByText(/the room server cannot be reached.*trying again/).waitFor();
    expect(new URL(page.url()).searchParams.get('claim')).toBe('1');

    await server.restart();
    await page.getByRole('region', { name: /Host/ }).waitFor();
    await waitForConnection(page, 'Connected');
    expect(new URL(page.url()).searchParams.get('claim')).toBeNull();
  });
});
