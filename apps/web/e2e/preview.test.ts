/**
 * Preview and refine in a real browser: while the prompt changes the live image carries a small "Preview" tag, the
 * refined frame that follows the pause drops it, and previews stay out of the history strip. The room server runs
 * the demo model with its tiny preview decoder (picked by default) and a long refine pause, so the preview is on
 * screen long enough to be seen on a loaded machine.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi, launchChromium } from './harness/chromium';
import { generatedImage, promptEditor, UI_TIMEOUT_MS, waitForConnection, waitForPromptText } from './harness/pages';
import { startRoomServer, type TestRoomServer } from './harness/roomServer';
import { startWebApp, type WebApp } from './harness/webApp';

const PROMPT = 'a paper lantern floating over a lake';
const REFINE_PAUSE_MS = 4_000;

const haveBrowser = chromiumAvailable();
if (!haveBrowser && inCi()) throw new Error(CHROMIUM_MISSING_MESSAGE);
if (!haveBrowser) console.warn(`\n⚠️  SKIPPING web e2e tests: ${CHROMIUM_MISSING_MESSAGE}\n`);

describe.runIf(haveBrowser)('preview and refined frames in a real browser', () => {
  let server: TestRoomServer;
  let web: WebApp;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startRoomServer({ refinePauseMs: REFINE_PAUSE_MS });
    web = await startWebApp({ PROMPTJAM_SERVER_URL: server.url });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await web?.close();
    await server?.close();
  });

  it('tags the live preview, replaces it with the refined frame after the pause, and keeps only refined frames in the history', async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(`${web.url}/r/e2e-preview-${Date.now().toString(36)}`);
    await waitForConnection(page, 'Connected');
    await promptEditor(page).click();
    await page.keyboard.type(PROMPT, { delay: 15 });
    await waitForPromptText(page, PROMPT);

    const badge = page.locator('figure.live-image .quality-badge');
    await generatedImage(page, PROMPT).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await badge.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    expect(await badge.innerText()).toBe('Preview');
    // The refined frame of the same prompt follows the pause and carries no tag.
    await badge.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await generatedImage(page, PROMPT).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // Every preview was superseded: the history holds the one refined frame.
    await page.waitForFunction(() => document.querySelectorAll('.history-list li').length === 1, undefined, { timeout: UI_TIMEOUT_MS });
  });
});
