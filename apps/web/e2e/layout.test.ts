/**
 * The room's layout in real Chromium against the real server and the built web app: on a phone the prompt comes
 * first with the picture right under it, both in the first screen, and the sketch tools after them; on a desktop
 * the picture has the left column and the prompt heads the right one; a long prompt scrolls inside the editor on a
 * phone instead of pushing the picture off the first screen. Screenshots land in test-results/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi, launchChromium } from './harness/chromium';
import { promptEditor, UI_TIMEOUT_MS, waitForConnection, waitForGeneratedImage } from './harness/pages';
import { startRoomServer, type TestRoomServer } from './harness/roomServer';
import { startWebApp, WEB_APP_DIR, type WebApp } from './harness/webApp';

const ARTIFACT_DIR = join(WEB_APP_DIR, 'test-results');
const PROMPT = 'a paper boat on a puddle';
/** An iPhone 12-15's CSS viewport. */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

/** Where the parts a person looks for sit on the page, in CSS pixels (page coordinates, not the viewport's). */
interface Boxes {
  prompt: DOMRect;
  picture: DOMRect;
  sketchTools: DOMRect;
  params: DOMRect;
}

async function boxesOf(page: Page): Promise<Boxes> {
  return page.evaluate(() => {
    const box = (selector: string): DOMRect => {
      const node = document.querySelector(selector);
      if (node === null) throw new Error(`${selector} is not on the page`);
      const rect = node.getBoundingClientRect();
      return new DOMRect(rect.x + window.scrollX, rect.y + window.scrollY, rect.width, rect.height);
    };
    return {
      prompt: box('.prompt-panel'),
      picture: box('figure.live-image'),
      sketchTools: box('.sketch-panel'),
      params: box('.params'),
    };
  });
}

const haveBrowser = chromiumAvailable();
if (!haveBrowser && inCi()) throw new Error(CHROMIUM_MISSING_MESSAGE);
if (!haveBrowser) console.warn(`\n⚠️  SKIPPING web e2e tests: ${CHROMIUM_MISSING_MESSAGE}\n`);

describe.runIf(haveBrowser)('the room layout on a phone and a desktop', () => {
  let server: TestRoomServer;
  let web: WebApp;
  let browser: Browser;
  const roomId = `layout-${Date.now().toString(36)}`;

  async function openRoom(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(`${web.url}/r/${roomId}`);
    await waitForConnection(page, 'Connected');
    return page;
  }

  /** Opens the room at `viewport` once its frame shows, saves `screenshot` and returns where its parts sit. */
  async function layoutAt(viewport: { width: number; height: number }, screenshot: string): Promise<{ page: Page; boxes: Boxes }> {
    const page = await openRoom(viewport);
    await waitForGeneratedImage(page, PROMPT);
    await page.screenshot({ path: join(ARTIFACT_DIR, screenshot) });
    return { page, boxes: await boxesOf(page) };
  }

  beforeAll(async () => {
    server = await startRoomServer();
    web = await startWebApp({ PROMPTJAM_SERVER_URL: server.url });
    browser = await launchChromium();
    await mkdir(ARTIFACT_DIR, { recursive: true });
    const page = await openRoom(DESKTOP);
    await promptEditor(page).click();
    await page.keyboard.type(PROMPT, { delay: 10 });
    await waitForGeneratedImage(page, PROMPT);
    await page.context().close();
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await web?.close();
    await server?.close();
  });

  it('on a phone: the prompt first, the picture right under it (both on the first screen), then the sketch tools', async () => {
    const { page: phone, boxes } = await layoutAt(PHONE, 'layout-phone.png');
    const { prompt, picture, sketchTools, params } = boxes;
    expect(prompt.bottom).toBeLessThanOrEqual(picture.top);
    expect(picture.bottom).toBeLessThanOrEqual(sketchTools.top);
    expect(sketchTools.bottom).toBeLessThanOrEqual(params.top);
    // Nothing but the page header and the prompt above the picture: it starts within the first screen, and the
    // prompt is whole in it.
    expect(prompt.top).toBeLessThan(PHONE.height / 4);
    expect(picture.top).toBeLessThan(PHONE.height / 2);
    expect(prompt.bottom).toBeLessThanOrEqual(PHONE.height);
    // One column: each part as wide as the screen allows, none beside another.
    for (const part of [prompt, picture, sketchTools]) expect(part.right).toBeLessThanOrEqual(PHONE.width);
    // Tab reaches the prompt before any sketch tool (reading and keyboard order agree).
    const order = await phone.evaluate(() => {
      const prompt = document.querySelector('[aria-label="Prompt"]')!;
      const firstTool = document.querySelector('.sketch-panel input, .sketch-panel button')!;
      return prompt.compareDocumentPosition(firstTool) & Node.DOCUMENT_POSITION_FOLLOWING ? 'prompt first' : 'tools first';
    });
    expect(order).toBe('prompt first');
    await phone.context().close();
  });

  it('on a desktop: the picture on the left, the prompt at the top of the right column', async () => {
    const { page: desktop, boxes } = await layoutAt(DESKTOP, 'layout-desktop.png');
    const { prompt, picture, sketchTools, params } = boxes;
    expect(picture.right).toBeLessThanOrEqual(prompt.left);
    expect(Math.abs(prompt.top - picture.top)).toBeLessThan(2);
    // The sketch tools stay under the picture; the params follow the prompt in the right column.
    expect(sketchTools.left).toBeLessThan(prompt.left);
    expect(params.left).toBeGreaterThanOrEqual(prompt.left);
    // The right column does not wait for the picture column: the params follow the prompt closely.
    expect(params.top - prompt.bottom).toBeLessThan(200);
    await desktop.context().close();
  });

  // Last: it lengthens the room's prompt, which the tests above wait to see painted.
  it('on a phone a long prompt scrolls inside the editor: the picture stays on the first screen', async () => {
    const phone = await openRoom(PHONE);
    await promptEditor(phone).click();
    await phone.keyboard.press('End');
    await phone.keyboard.insertText(', in the style of a watercolour with soft washes'.repeat(25));
    await phone.locator('.prompt-editor .cm-scroller').evaluate((scroller) => {
      if (scroller.scrollHeight <= scroller.clientHeight) throw new Error('the long prompt does not overflow the editor');
    });
    const { prompt, picture } = await boxesOf(phone);
    await phone.screenshot({ path: join(ARTIFACT_DIR, 'layout-phone-long-prompt.png') });
    expect(prompt.bottom).toBeLessThanOrEqual(picture.top);
    expect(prompt.bottom).toBeLessThanOrEqual(PHONE.height);
    // At least half the picture is on the first screen (above it: the header, the editor and its notes).
    expect(picture.top + picture.height / 2).toBeLessThanOrEqual(PHONE.height);
    await phone.context().close();
  });
});
