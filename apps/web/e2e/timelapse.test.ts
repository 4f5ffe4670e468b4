/**
 * The jam as a timelapse in a real browser: the room page's "Download the jam" button is off (and says why) until
 * the room has a finished frame; after a typed jam it downloads an animated WebP whose pages are the server's
 * history, frame for frame. The server runs the demo model with every frame refined (no refine pause), as a model
 * without a preview decoder does.
 */
import { readFile } from 'node:fs/promises';
import type { TimelapseManifest } from '@promptjam/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi, launchChromium } from './harness/chromium';
import { promptEditor, UI_TIMEOUT_MS, waitForConnection, waitForGeneratedImage, waitForPromptText } from './harness/pages';
import { startRoomServer, type TestRoomServer } from './harness/roomServer';
import { startWebApp, type WebApp } from './harness/webApp';

/** The jam: each burst of typing is added to the prompt once the frame of the one before is shown. */
const BURSTS = ['a tiny robot', ' watering', ' a sunflower', ', watercolour'];

const haveBrowser = chromiumAvailable();
if (!haveBrowser && inCi()) throw new Error(CHROMIUM_MISSING_MESSAGE);
if (!haveBrowser) console.warn(`\n⚠️  SKIPPING web e2e tests: ${CHROMIUM_MISSING_MESSAGE}\n`);

describe.runIf(haveBrowser)('the jam as a timelapse in a real browser', () => {
  let server: TestRoomServer;
  let web: WebApp;
  let browser: Browser;
  let context: BrowserContext;
  const roomId = `jam-${Date.now().toString(36)}`;

  beforeAll(async () => {
    server = await startRoomServer({ refinePauseMs: 0 });
    web = await startWebApp({ PROMPTJAM_SERVER_URL: server.url });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await web?.close();
    await server?.close();
  });

  async function manifest(): Promise<TimelapseManifest> {
    const response = await fetch(`${server.url.replace('ws:', 'http:')}/rooms/${roomId}/timelapse.json`);
    expect(response.status).toBe(200);
    return (await response.json()) as TimelapseManifest;
  }

  async function historyEndsWith(prompt: string): Promise<TimelapseManifest> {
    for (const deadline = Date.now() + UI_TIMEOUT_MS; Date.now() < deadline; ) {
      const current = await manifest();
      if (current.frames.at(-1)?.prompt === prompt) return current;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the timelapse never ended with ${JSON.stringify(prompt)}`);
  }

  it('downloads a typed jam as an animated image with one page per frame of the history', async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(`${web.url}/r/${roomId}`);
    await waitForConnection(page, 'Connected');

    const download = page.getByRole('link', { name: 'Download the jam' });
    await page.getByTestId('timelapse-note').filter({ hasText: 'starts with the first finished frame' }).waitFor();
    expect(await page.getByRole('button', { name: 'Download the jam' }).isDisabled()).toBe(true);

    let prompt = '';
    await promptEditor(page).click();
    for (const burst of BURSTS) {
      await page.keyboard.type(burst, { delay: 10 });
      prompt += burst;
      await waitForPromptText(page, prompt);
      await waitForGeneratedImage(page, prompt);
    }
    const history = await historyEndsWith(prompt);
    expect(history.frames.length).toBeGreaterThanOrEqual(BURSTS.length);
    await page.getByTestId('timelapse-note').filter({ hasText: `${history.frames.length} frames` }).waitFor();

    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toMatch(new RegExp(`^promptjam-${roomId}-\\d{8}-\\d{4}\\.webp$`));
    const bytes = await readFile((await file.path())!);
    const image = await sharp(bytes).metadata();
    expect(image.format).toBe('webp');
    expect(image.pages).toBe(history.frames.length);
    expect(await manifest()).toEqual(history);
  });
});
