/**
 * Workshop features in a real browser against the real server: the operator's word list holds a prompt (the
 * page says so and keeps the last frame) and releases it when the prompt changes; the projector view shows the
 * live frame, the prompt and the join QR code, follows edits, and hides parts on its keyboard shortcuts; whoever
 * creates a room from the landing page is its host and can lock the prompt so that a second page cannot change it.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi, launchChromium } from './harness/chromium';
import { promptEditor, UI_TIMEOUT_MS, waitForConnection, waitForGeneratedImage, waitForPromptText } from './harness/pages';
import { startRoomServer, type TestRoomServer } from './harness/roomServer';
import { startWebApp, WEB_APP_DIR, type WebApp } from './harness/webApp';

const DESKTOP = { width: 1280, height: 800 };

/**
 * How the projector's join link is laid out: the text of each of its lines as rendered (the pieces a line box
 * holds, so a line broken mid-word shows as two), whether every line stays inside the side column, and whether the
 * type is at least 20 px.
 */
async function linkLayout(show: Page): Promise<{ lines: string[][]; fits: boolean; readable: boolean }> {
  return show.getByTestId('show-link').evaluate((link) => {
    const column = link.parentElement!.getBoundingClientRect();
    const lines = Array.from(link.children, (line) => {
      const range = document.createRange();
      range.selectNodeContents(line);
      // One rect per line box the text occupies; cut the text where each box ends.
      const text = line.textContent ?? '';
      const pieces: string[] = [];
      let start = 0;
      let top = Number.NaN;
      for (let i = 0; i < text.length; i += 1) {
        const char = document.createRange();
        char.setStart(line.firstChild!, i);
        char.setEnd(line.firstChild!, i + 1);
        const charTop = Math.round(char.getBoundingClientRect().top);
        if (i > 0 && charTop !== top) {
          pieces.push(text.slice(start, i));
          start = i;
        }
        top = charTop;
      }
      pieces.push(text.slice(start));
      return { pieces, box: range.getBoundingClientRect() };
    });
    return {
      lines: lines.map((line) => line.pieces),
      fits: lines.every(({ box }) => box.left >= column.left - 1 && box.right <= column.right + 1),
      readable: parseFloat(getComputedStyle(link).fontSize) >= 20,
    };
  });
}

const haveBrowser = chromiumAvailable();
if (!haveBrowser && inCi()) throw new Error(CHROMIUM_MISSING_MESSAGE);
if (!haveBrowser) console.warn(`\n⚠️  SKIPPING web e2e tests: ${CHROMIUM_MISSING_MESSAGE}\n`);

describe.runIf(haveBrowser)('workshop features in a real browser', () => {
  let listDir: string;
  let server: TestRoomServer;
  let web: WebApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function openPage(path: string, viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(`${web.url}${path}`);
    return page;
  }

  beforeAll(async () => {
    listDir = await mkdtemp(join(tmpdir(), 'promptjam-e2e-words-'));
    const listPath = join(listDir, 'blocked.txt');
    await writeFile(listPath, 'volcano\n');
    server = await startRoomServer({ blockedWords: listPath });
    web = await startWebApp({ PROMPTJAM_SERVER_URL: server.url });
    browser = await launchChromium();
    await mkdir(join(WEB_APP_DIR, 'test-results'), { recursive: true });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await web?.close();
    await server?.close();
    if (listDir) await rm(listDir, { recursive: true, force: true });
  });

  it('a blocked word holds rendering with a status, the last frame stays, and removing the word resumes', async () => {
    const page = await openPage(`/r/words-${Date.now().toString(36)}`);
    await waitForConnection(page, 'Connected');
    const editor = promptEditor(page);
    await editor.click();
    await page.keyboard.type('a quiet harbour', { delay: 10 });
    await waitForGeneratedImage(page, 'a quiet harbour');

    // One edit (as if pasted), so no frame of a partly typed word can come first.
    await page.keyboard.insertText(' below a Volcano');
    await waitForPromptText(page, 'a quiet harbour below a Volcano');
    const status = page.getByTestId('render-status');
    await status.filter({ hasText: "held by the room's word list" }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await status.innerText()).not.toMatch(/volcano/i);
    // The last frame stays on screen.
    await waitForGeneratedImage(page, 'a quiet harbour');

    for (let i = 0; i < 'Volcano'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('hill', { delay: 10 });
    await waitForGeneratedImage(page, 'a quiet harbour below a hill');
    expect(await status.innerText()).not.toMatch(/held/);
  });

  it('the projector view shows the live frame, the prompt, the QR code and the people count, and follows edits', async () => {
    const roomId = `show-${Date.now().toString(36)}`;
    const editor = await openPage(`/r/${roomId}`);
    await waitForConnection(editor, 'Connected');
    await promptEditor(editor).click();
    await editor.keyboard.insertText('a red kite over the dunes');
    await waitForGeneratedImage(editor, 'a red kite over the dunes');

    const show = await openPage(`/show/${roomId}`, { width: 1920, height: 1080 });
    await waitForGeneratedImage(show, 'a red kite over the dunes');
    expect(await show.getByTestId('show-prompt').innerText()).toBe('a red kite over the dunes');
    const qr = show.getByTestId('show-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('alt')).toBe(`QR code for ${web.url}/r/${roomId}`);
    const host = web.url.replace(/^http:\/\//, '');
    expect(await show.getByTestId('show-link').textContent()).toBe(`${host}/r/${roomId}`);
    // Readable from the back: the host on one line, the path on the next, neither broken mid-word nor off the
    // column, in a large type; on a smaller projector too.
    expect(await linkLayout(show)).toEqual({ lines: [[host], [`/r/${roomId}`]], fits: true, readable: true });
    await show.getByTestId('show-people').filter({ hasText: /^1 person in the room$/ }).waitFor();
    // The image fills most of a 1080p screen's height; nothing on the page can be edited.
    const box = await show.locator('figure.live-image').boundingBox();
    expect(box!.height).toBeGreaterThan(600);
    expect(await show.locator('[contenteditable="true"], input, textarea, button, [role="textbox"]').count()).toBe(0);

    await show.screenshot({ path: join(WEB_APP_DIR, 'test-results', 'show.png') });
    await show.setViewportSize({ width: 1280, height: 720 });
    expect(await linkLayout(show)).toEqual({ lines: [[host], [`/r/${roomId}`]], fits: true, readable: true });
    await show.screenshot({ path: join(WEB_APP_DIR, 'test-results', 'show-720p.png') });
    await show.setViewportSize({ width: 1920, height: 1080 });

    await editor.keyboard.insertText(' at dusk');
    await show.getByTestId('show-prompt').filter({ hasText: 'a red kite over the dunes at dusk' }).waitFor();
    await waitForGeneratedImage(show, 'a red kite over the dunes at dusk');

    await show.keyboard.press('p');
    await show.getByTestId('show-prompt').waitFor({ state: 'detached' });
    await show.keyboard.press('q');
    await qr.waitFor({ state: 'detached' });
    await show.keyboard.press('q');
    await qr.waitFor();
  });

  it('the creator of a room is its host: locking the prompt stops a second page from changing it, unlocking lets it', async () => {
    const host = await openPage('/');
    await host.getByRole('button', { name: 'New room' }).click();
    await host.waitForURL(/\/r\/[a-z0-9-]+$/);
    const roomPath = new URL(host.url()).pathname;
    await waitForConnection(host, 'Connected');
    const panel = host.getByRole('region', { name: /Host/ });
    await panel.waitFor();
    await promptEditor(host).click();
    await host.keyboard.insertText('a paper boat');

    const guest = await openPage(roomPath);
    await waitForPromptText(guest, 'a paper boat');
    expect(await guest.getByRole('region', { name: /Host/ }).count()).toBe(0);

    await panel.getByRole('button', { name: 'Lock the prompt' }).click();
    await guest.getByTestId('prompt-locked').waitFor();
    expect(await guest.getByTestId('host-note').innerText()).toMatch(/ locked the prompt$/);
    expect(await promptEditor(guest).getAttribute('contenteditable')).toBe('false');
    await promptEditor(guest).click({ force: true });
    await guest.keyboard.type(' sinking', { delay: 10 });
    // The host still edits while the prompt is locked; the guest's keystrokes went nowhere.
    await promptEditor(host).click();
    await host.keyboard.press('End');
    await host.keyboard.insertText(' at sea');
    await waitForPromptText(guest, 'a paper boat at sea');
    await waitForPromptText(host, 'a paper boat at sea');

    await panel.getByRole('button', { name: 'Unlock the prompt' }).click();
    await guest.getByTestId('prompt-locked').waitFor({ state: 'detached' });
    expect(await guest.getByTestId('host-note').innerText()).toMatch(/ unlocked the prompt$/);
    await promptEditor(guest).click();
    await guest.keyboard.press('End');
    await guest.keyboard.insertText(', sunny');
    await waitForPromptText(host, 'a paper boat at sea, sunny');
  });
});
