/**
 * A private room's viewer link in a real browser against the real server (docs/SECURITY.md, private rooms): the
 * page is read-only from the start (no editable prompt, the sketch locked), and the prompt still follows the
 * editors' changes.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi, launchChromium } from './harness/chromium';
import { promptEditor, UI_TIMEOUT_MS, waitForConnection, waitForPromptText } from './harness/pages';
import { startRoomServer, type TestRoomServer } from './harness/roomServer';
import { startWebApp, type WebApp } from './harness/webApp';

const DESKTOP = { width: 1280, height: 900 };

const haveBrowser = chromiumAvailable();
if (!haveBrowser && inCi()) throw new Error(CHROMIUM_MISSING_MESSAGE);
if (!haveBrowser) console.warn(`\n⚠️  SKIPPING web e2e tests: ${CHROMIUM_MISSING_MESSAGE}\n`);

interface PrivateLinks {
  editor: { path: string };
  viewer: { path: string };
}

describe.runIf(haveBrowser)('a private room in a real browser', () => {
  let server: TestRoomServer;
  let web: WebApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function openPage(path: string): Promise<Page> {
    const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(`${web.url}${path}`);
    return page;
  }

  beforeAll(async () => {
    server = await startRoomServer();
    web = await startWebApp({ PROMPTJAM_SERVER_URL: server.url });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await web?.close();
    await server?.close();
  });

  it('the viewer link opens a read-only room from the start, which follows the editors', async () => {
    const room = 'quiet-heron-7';
    const response = await fetch(`${server.url.replace(/^ws/, 'http')}/rooms/${room}/private`, { method: 'POST' });
    expect(response.status).toBe(201);
    const links = (await response.json()) as PrivateLinks;

    const editor = await openPage(links.editor.path);
    await waitForConnection(editor, 'Connected');
    const viewer = await openPage(links.viewer.path);
    await waitForConnection(viewer, 'Connected');
    expect(await promptEditor(viewer).getAttribute('contenteditable')).toBe('false');
    await viewer.getByTestId('sketch-locked').waitFor();
    await viewer.getByTestId('view-only-link-note').waitFor();

    await promptEditor(editor).click();
    await editor.keyboard.insertText('a paper boat');
    await waitForPromptText(viewer, 'a paper boat');
    expect(await promptEditor(viewer).getAttribute('contenteditable')).toBe('false');
  });
});
