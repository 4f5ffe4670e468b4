/**
 * A model without a VAE encoder cannot start from a picture: in real Chromium against the real server on the
 * demo model's folder less its `vae_encoder/`, a person who draws still gets frames (made from the prompt alone),
 * and the picture says so unobtrusively.
 */
import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi, launchChromium } from './harness/chromium';
import { promptEditor, UI_TIMEOUT_MS, waitForConnection, waitForGeneratedImage } from './harness/pages';
import { startRoomServer, type TestRoomServer } from './harness/roomServer';
import { drawStroke } from './harness/sketch';
import { startWebApp, type WebApp } from './harness/webApp';

/** The demo model `pnpm build` generates (models/demo/sdxl-tiny). */
const DEMO_MODEL_DIR = fileURLToPath(new URL('../../../models/demo/sdxl-tiny', import.meta.url));
const PROMPT = 'a lighthouse at night';

const haveBrowser = chromiumAvailable();
if (!haveBrowser && inCi()) throw new Error(CHROMIUM_MISSING_MESSAGE);

describe.runIf(haveBrowser)('drawing with a model that cannot start from a picture', () => {
  let modelDir: string;
  let server: TestRoomServer;
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    modelDir = await mkdtemp(join(tmpdir(), 'promptjam-e2e-no-encoder-'));
    for (const entry of await readdir(DEMO_MODEL_DIR)) if (entry !== 'vae_encoder') await symlink(join(DEMO_MODEL_DIR, entry), join(modelDir, entry));
    server = await startRoomServer({ model: modelDir });
    web = await startWebApp({ PROMPTJAM_SERVER_URL: server.url });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await web?.close();
    await server?.close();
    await rm(modelDir, { recursive: true, force: true });
  });

  it('frames keep coming from the prompt alone, and the picture says the sketch is not used', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(`${web.url}/r/no-encoder-${Date.now().toString(36)}`);
    await waitForConnection(page, 'Connected');
    await promptEditor(page).click();
    await page.keyboard.type(PROMPT, { delay: 10 });
    await waitForGeneratedImage(page, PROMPT);
    await drawStroke(page, { x: 0.2, y: 0.5 }, { x: 0.8, y: 0.5 });
    const note = page.locator('figure.live-image figcaption', { hasText: 'this model cannot use the sketch' });
    await note.waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(note.getAttribute('title')).resolves.toMatch(/no VAE encoder/);
    await expect(page.locator('figure.live-image img').getAttribute('data-source')).resolves.toBe('text');
  });
});
