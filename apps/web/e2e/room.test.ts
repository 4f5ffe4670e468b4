import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi, launchChromium } from './harness/chromium';
import {
  promptEditor,
  UI_TIMEOUT_MS,
  waitForConnection,
  waitForGeneratedImage,
  waitForPeopleCount,
  waitForPromptText,
} from './harness/pages';
import { startRoomServer, type TestRoomServer } from './harness/roomServer';
import { isWrite, recordSentMessages, type SentMessage } from './harness/sentMessages';
import { startWebApp, WEB_APP_DIR, type WebApp } from './harness/webApp';

/** Screenshots land here (gitignored; CI keeps them as artifacts). */
const ARTIFACT_DIR = join(WEB_APP_DIR, 'test-results');
const PROMPT = 'a lighthouse on a cliff at sunset, oil painting';
const DESKTOP = { width: 1440, height: 900 };

const haveBrowser = chromiumAvailable();
// In CI a missing browser fails this file; elsewhere the browser tests are skipped, loudly.
if (!haveBrowser && inCi()) throw new Error(CHROMIUM_MISSING_MESSAGE);
if (!haveBrowser) console.warn(`\n⚠️  SKIPPING web e2e tests: ${CHROMIUM_MISSING_MESSAGE}\n`);

describe.runIf(haveBrowser)('room in a real browser against the real server', () => {
  let server: TestRoomServer;
  let web: WebApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const roomId = `e2e-${Date.now().toString(36)}`;
  let alice: Page;
  let bob: Page;

  async function openPage(path: string, viewport = DESKTOP, beforeGoto?: (page: Page) => void): Promise<Page> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    beforeGoto?.(page);
    await page.goto(`${web.url}${path}`);
    return page;
  }

  beforeAll(async () => {
    server = await startRoomServer();
    web = await startWebApp({ PROMPTJAM_SERVER_URL: server.url });
    browser = await launchChromium();
    await mkdir(ARTIFACT_DIR, { recursive: true });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await web?.close();
    await server?.close();
  });

  it('two people in one room see the same prompt and the frame made from it', async () => {
    alice = await openPage(`/r/${roomId}`);
    bob = await openPage(`/r/${roomId}`);
    await waitForConnection(alice, 'Connected');
    await waitForConnection(bob, 'Connected');

    await promptEditor(alice).click();
    await alice.keyboard.type(PROMPT, { delay: 15 });

    await waitForPromptText(alice, PROMPT);
    await waitForPromptText(bob, PROMPT);
    const seenByAlice = await waitForGeneratedImage(alice, PROMPT);
    const seenByBob = await waitForGeneratedImage(bob, PROMPT);
    expect(seenByAlice.naturalWidth).toBeGreaterThan(0);
    expect(seenByBob).toEqual(seenByAlice);

    // Both are listed as present, and the status line names the model.
    await waitForPeopleCount(alice, 2);
    expect(await alice.locator('.model-name').innerText()).not.toBe('');
  });

  it('answers 404 for room names outside the protocol pattern', async () => {
    for (const path of ['/r/bad%2Fname', '/r/a%2541', `/embed/${'x'.repeat(65)}`]) {
      expect((await fetch(`${web.url}${path}`)).status, path).toBe(404);
    }
  });

  it('shares parameters: steps and the seed lock set by one person show for the other', async () => {
    await alice.getByRole('radio', { name: '3' }).check();
    await bob.waitForFunction(() => (document.querySelector('input[type=radio][value="3"]') as HTMLInputElement | null)?.checked === true);
    const reroll = bob.getByRole('button', { name: /Re-roll/ });
    expect(await reroll.isDisabled()).toBe(false);
    await alice.getByRole('button', { name: /Lock/ }).click();
    await bob.getByRole('button', { name: /Locked/ }).waitFor();
    expect(await reroll.isDisabled()).toBe(true);
    await alice.getByRole('button', { name: /Locked/ }).click();
    await bob.getByRole('button', { name: /^Lock$/ }).waitFor();
  });

  it('undo reverts only your own edit', async () => {
    await promptEditor(bob).click();
    await bob.keyboard.press('End');
    await bob.keyboard.type(', stormy');
    await waitForPromptText(alice, `${PROMPT}, stormy`);
    // The prompt's undo (the sketch has its own, in "Your sketch edits").
    const promptUndo = bob.getByRole('group', { name: 'Your edits', exact: true }).getByRole('button', { name: /Undo/ });
    await promptUndo.click();
    await waitForPromptText(alice, PROMPT);
    await waitForPromptText(bob, PROMPT);
    // Alice's own typing is not on Bob's undo stack.
    expect(await promptUndo.isDisabled()).toBe(true);
  });

  it('saves a screenshot of the room', async () => {
    await waitForGeneratedImage(alice, PROMPT);
    await alice.screenshot({ path: join(ARTIFACT_DIR, 'room-desktop.png') });
    // A history frame opens large, with a download named after its prompt and seed; Escape closes it.
    await alice.getByRole('button', { name: /^Frame \d+:/ }).first().click();
    const dialog = alice.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('link', { name: /Download/ }).getAttribute('download')).toMatch(/^promptjam-.+-seed\d+-\d+\.\w+$/);
    await alice.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const phone = await openPage(`/r/${roomId}`, { width: 390, height: 844 });
    await waitForGeneratedImage(phone, PROMPT);
    await phone.screenshot({ path: join(ARTIFACT_DIR, 'room-phone.png'), fullPage: true });
    await phone.context().close();
    await waitForPeopleCount(alice, 2);
  });

  it('the embed shows the live frame with its prompt and offers nothing to edit', async () => {
    let sent: SentMessage[] = [];
    const embed = await openPage(`/embed/${roomId}`, { width: 512, height: 576 }, (page) => {
      sent = recordSentMessages(page);
    });
    await waitForGeneratedImage(embed, PROMPT);
    // It synced (sent sync step 1) but never an edit or a presence announcement.
    expect(sent.some((m) => m.type === 0 && m.syncType === 0)).toBe(true);
    expect(sent.filter(isWrite)).toEqual([]);
    expect(await embed.getByTestId('embed-caption').innerText()).toBe(PROMPT);
    expect(await embed.locator('[contenteditable="true"], input, textarea, [role="textbox"]').count()).toBe(0);
    await embed.screenshot({ path: join(ARTIFACT_DIR, 'embed.png') });
    // A viewer is not a person in the room.
    expect(await alice.locator('.people .person').count()).toBe(2);
  });

  it('reconnects by itself after a server restart, showing it, with the document intact', async () => {
    await server.stop();
    await waitForConnection(alice, 'Reconnecting');
    await server.restart();
    await waitForConnection(alice, 'Connected');
    await waitForPromptText(alice, PROMPT);
    await waitForGeneratedImage(alice, PROMPT);
  });

  it('a restarted server restores the prompt and the latest frame from its store', async () => {
    // With every client gone, nothing but the server's store can bring the room back.
    for (const context of contexts.splice(0)) await context.close();
    await server.restart();
    const newcomer = await openPage(`/r/${roomId}`);
    await waitForPromptText(newcomer, PROMPT);
    await waitForGeneratedImage(newcomer, PROMPT);
  });
});
