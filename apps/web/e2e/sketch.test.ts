/**
 * The shared sketch in real Chromium, two people in one room against the real server and the built web app:
 * strokes appear on the other page while they are drawn, the next frame is img2img from the sketch, undo is per
 * person, clear is undoable, a dropped PNG becomes the starting canvas, and a restart keeps the sketch.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi, launchChromium } from './harness/chromium';
import { promptEditor, UI_TIMEOUT_MS, waitForConnection, waitForGeneratedImage } from './harness/pages';
import { startRoomServer, type TestRoomServer } from './harness/roomServer';
import { drawStroke, dropPng, inkAt, startStroke, waitForFrame, waitForInk, waitForSameFrame, type ShownFrame } from './harness/sketch';
import { startWebApp, type WebApp } from './harness/webApp';

const PROMPT = 'a red fox in the snow';
const DESKTOP = { width: 1440, height: 900 };
// Alice draws across the top, Bob across the bottom.
const ALICE_LINE = { from: { x: 0.15, y: 0.25 }, to: { x: 0.85, y: 0.25 } };
const BOB_LINE = { from: { x: 0.15, y: 0.75 }, to: { x: 0.85, y: 0.75 } };
const ALICE_SPOT = { x: 0.5, y: 0.25 };
const BOB_SPOT = { x: 0.5, y: 0.75 };

/** The sketch's own undo and redo (the prompt has another pair). */
function sketchEdits(page: Page) {
  return page.getByRole('group', { name: 'Your sketch edits', exact: true });
}

const haveBrowser = chromiumAvailable();
if (!haveBrowser && inCi()) throw new Error(CHROMIUM_MISSING_MESSAGE);
if (!haveBrowser) console.warn(`\n⚠️  SKIPPING web e2e tests: ${CHROMIUM_MISSING_MESSAGE}\n`);

describe.runIf(haveBrowser)('the shared sketch in a real browser', () => {
  let server: TestRoomServer;
  let web: WebApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const roomId = `sketch-${Date.now().toString(36)}`;
  let alice: Page;
  let bob: Page;
  let textFrame: ShownFrame;
  let lastSeq = 0;

  async function openPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(`${web.url}/r/${roomId}`);
    await waitForConnection(page, 'Connected');
    return page;
  }

  beforeAll(async () => {
    server = await startRoomServer();
    web = await startWebApp({ PROMPTJAM_SERVER_URL: server.url });
    browser = await launchChromium();
    alice = await openPage();
    bob = await openPage();
    await promptEditor(alice).click();
    await alice.keyboard.type(PROMPT, { delay: 10 });
    await waitForGeneratedImage(bob, PROMPT);
    textFrame = await waitForFrame(bob, 0, 'text');
    lastSeq = textFrame.seq;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await web?.close();
    await server?.close();
  });

  it("Alice's stroke appears on Bob's page while she is still drawing", async () => {
    await alice.getByRole('radio', { name: 'Red', exact: true }).click();
    await startStroke(alice, ALICE_LINE.from, ALICE_LINE.to);
    await waitForInk(bob, ALICE_SPOT);
    await alice.mouse.up();
    const [r, g, b] = await inkAt(bob, ALICE_SPOT);
    expect([r > 200, g < 80, b < 80]).toEqual([true, true, true]);
  });

  it('the next frame both receive is img2img from the sketch and differs from the text-only frame', async () => {
    const [seenByBob, seenByAlice] = await waitForSameFrame([bob, alice], lastSeq, 'sketch');
    expect(seenByAlice!.hash).toBe(seenByBob!.hash);
    expect(seenByBob!.hash).not.toBe(textFrame.hash);
    await expect(bob.locator('figure.live-image figcaption').innerText()).resolves.toMatch(/from the sketch/);
    lastSeq = seenByBob!.seq;
  });

  it('an embed viewer sees the frames drawn from the sketch, never the strokes themselves', async () => {
    const context = await browser.newContext({ viewport: { width: 640, height: 480 }, deviceScaleFactor: 1 });
    contexts.push(context);
    const embed = await context.newPage();
    await embed.goto(`${web.url}/embed/${roomId}`);
    const shown = await waitForFrame(embed, 0, 'sketch');
    expect(shown.seq).toBeGreaterThan(0);
    await expect(embed.locator('figure.live-image figcaption').innerText()).resolves.toMatch(/from the sketch/);
    // The show/hide toggle is each person's own: an embed shows the room's frames only, no stroke layer.
    await expect(embed.locator('canvas').count()).resolves.toBe(0);
    await context.close();
  });

  it("undo removes only the undoer's stroke", async () => {
    await bob.getByRole('radio', { name: 'Blue', exact: true }).click();
    await drawStroke(bob, BOB_LINE.from, BOB_LINE.to);
    await waitForInk(alice, BOB_SPOT);
    await sketchEdits(alice).getByRole('button', { name: 'Undo', exact: true }).click();
    for (const page of [alice, bob]) {
      await waitForInk(page, ALICE_SPOT, false);
      await waitForInk(page, BOB_SPOT);
    }
    // Redo brings Alice's stroke back for everyone.
    await sketchEdits(alice).getByRole('button', { name: 'Redo', exact: true }).click();
    await waitForInk(bob, ALICE_SPOT);
  });

  it('clear removes every stroke and one undo brings them all back', async () => {
    await bob.getByRole('button', { name: 'Clear', exact: true }).click();
    for (const page of [alice, bob]) {
      await waitForInk(page, ALICE_SPOT, false);
      await waitForInk(page, BOB_SPOT, false);
    }
    await bob.keyboard.press('Control+z');
    for (const page of [alice, bob]) {
      await waitForInk(page, ALICE_SPOT);
      await waitForInk(page, BOB_SPOT);
    }
  });

  it('a dropped PNG becomes the starting canvas', async () => {
    await dropPng(alice, 640, 480, '#22aa44');
    const [seenByBob] = await waitForSameFrame([bob, alice], lastSeq, 'image');
    await bob.getByRole('button', { name: 'Remove picture' }).waitFor({ state: 'visible' });
    lastSeq = seenByBob!.seq;
  });

  it('a restart keeps the sketch: a person joining afterwards sees it', async () => {
    await server.restart();
    await waitForConnection(alice, 'Connected');
    const carol = await openPage();
    await waitForInk(carol, ALICE_SPOT);
    await waitForInk(carol, BOB_SPOT);
    await waitForFrame(carol, 0, 'image');
  });
});
