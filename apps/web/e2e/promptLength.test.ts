/**
 * The prompt's length rule in a real browser: a paste over the cap inserts what fits and says plainly how much
 * was cut (offering the cut text to copy); a paste within the rule reaches the room whole.
 */
import { MAX_PROMPT_CHARS } from '@promptjam/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi, launchChromium } from './harness/chromium';
import { promptEditor, readPromptText, UI_TIMEOUT_MS, waitForConnection, waitForPromptText } from './harness/pages';
import { startRoomServer, type TestRoomServer } from './harness/roomServer';
import { startWebApp, type WebApp } from './harness/webApp';

const haveBrowser = chromiumAvailable();
if (!haveBrowser && inCi()) throw new Error(CHROMIUM_MISSING_MESSAGE);
if (!haveBrowser) console.warn(`\n⚠️  SKIPPING prompt length browser tests: ${CHROMIUM_MISSING_MESSAGE}\n`);

/** A real-looking text of exactly `length` characters, as copied from a long document. */
function textOf(length: number): string {
  const words = 'a lighthouse on a cliff at sunset, oil painting, dramatic sky, crashing waves. ';
  return words.repeat(Math.ceil(length / words.length)).slice(0, length);
}

/** Select all, then paste `text` through the browser's paste event (what Ctrl+V delivers to the editor). */
async function selectAllAndPaste(page: Page, text: string): Promise<void> {
  await promptEditor(page).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate((pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    const target = document.querySelector('[aria-label="Prompt"]');
    if (target === null) throw new Error('no prompt editor');
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

describe.runIf(haveBrowser)('prompt length in a real browser', () => {
  let server: TestRoomServer;
  let web: WebApp;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startRoomServer();
    web = await startWebApp({ PROMPTJAM_SERVER_URL: server.url });
    browser = await launchChromium();
    context = await browser.newContext();
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await web?.close();
    await server?.close();
  });

  async function openRoom(roomId: string): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(`${web.url}/r/${roomId}`);
    await waitForConnection(page, 'Connected');
    return page;
  }

  it('a 2,500-character paste over the old text is inserted whole and reaches the room', async () => {
    const alice = await openRoom('paste-2500');
    const bob = await openRoom('paste-2500');
    await promptEditor(alice).click();
    await alice.keyboard.type('old text');
    await waitForPromptText(bob, 'old text');
    const pasted = textOf(2_500);
    await selectAllAndPaste(alice, pasted);
    await waitForPromptText(alice, pasted);
    await waitForPromptText(bob, pasted);
    expect(await alice.locator('.prompt-cut').count()).toBe(0);
  });

  it('a 10,000-character paste inserts the first characters that fit and says 6,000 were cut', async () => {
    const alice = await openRoom('paste-10000');
    await promptEditor(alice).click();
    await alice.keyboard.type('old text');
    const pasted = textOf(10_000);
    await selectAllAndPaste(alice, pasted);
    await waitForPromptText(alice, pasted.slice(0, MAX_PROMPT_CHARS));
    const note = alice.locator('.prompt-cut');
    await note.waitFor({ state: 'visible' });
    expect(await note.innerText()).toContain(`the last ${(10_000 - MAX_PROMPT_CHARS).toLocaleString('en')} characters you added did not fit`);
    await expect(alice.getByRole('button', { name: 'Copy the cut text' }).isVisible()).resolves.toBe(true);
    // The next edit that fits clears the note.
    await alice.keyboard.press('Backspace');
    await note.waitFor({ state: 'detached' });
    expect((await readPromptText(alice)).length).toBe(MAX_PROMPT_CHARS - 1);
  });
});
