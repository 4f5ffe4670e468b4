/**
 * The shared sketch in real Chromium, two people in one room against the real server and the built web app:
 * strokes appear on the other page while they are drawn, the first stroke keeps the picture it was drawn on (the
 * next frame is img2img from that picture and the stroke, not from a white page), undo is per person, clear is
 * undoable, a dropped PNG becomes the starting canvas, and a restart keeps the sketch.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi, launchChromium } from './harness/chromium';
import { promptEditor, UI_TIMEOUT_MS, waitForConnection, waitForGeneratedImage } from './harness/pages';
import { startRoomServer, type TestRoomServer } from './harness/roomServer';
import {
  cellDistance,
  drawStroke,
  dropPng,
  FRAME_GRID,
  inkAt,
  shownFrameCells,
  startStroke,
  waitForFrame,
  waitForInk,
  waitForSameFrame,
  type ShownFrame,
} from './harness/sketch';
import { startWebApp, type WebApp } from './harness/webApp';

const PROMPT = 'a red fox in the snow';
const DESKTOP = { width: 1440, height: 900 };
// Alice draws across the top, Bob across the bottom.
const ALICE_LINE = { from: { x: 0.15, y: 0.25 }, to: { x: 0.85, y: 0.25 } };
const BOB_LINE = { from: { x: 0.15, y: 0.75 }, to: { x: 0.85, y: 0.75 } };
const ALICE_SPOT = { x: 0.5, y: 0.25 };
const BOB_SPOT = { x: 0.5, y: 0.75 };
/** A white page as {@link shownFrameCells} reads it. */
const WHITE = Array.from({ length: FRAME_GRID * FRAME_GRID }, (): [number, number, number] => [255, 255, 255]);

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
  let textCells: Array<[number, number, number]>;
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
    textCells = await shownFrameCells(bob);
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

  it('the first stroke keeps the picture it was drawn on: the next frame is img2img from it and the stroke, not a white page', async () => {
    const [seenByBob, seenByAlice] = await waitForSameFrame([bob, alice], lastSeq, 'image');
    expect(seenByAlice!.hash).toBe(seenByBob!.hash);
    expect(seenByBob!.hash).not.toBe(textFrame.hash);
    await expect(bob.locator('figure.live-image figcaption').innerText()).resolves.toMatch(/^from the picture and sketch/);
    // The frame Alice drew on is the room's starting picture now, for everyone.
    await bob.getByRole('button', { name: 'Remove picture' }).waitFor({ state: 'visible' });
    // Real pixels: the frame stays close to the picture Alice drew on, far from a white page (measured: about 5
    // from the picture, 88 from white, out of 255).
    const fromPicture = await shownFrameCells(bob);
    expect(cellDistance(fromPicture, textCells)).toBeLessThan(cellDistance(fromPicture, WHITE) / 3);
    lastSeq = seenByBob!.seq;
    // Without the picture the same stroke is drawn on the white default background.
    await bob.getByRole('button', { name: 'Remove picture' }).click();
    const onWhite = await waitForSameFrame([bob, alice], lastSeq, 'sketch');
    await expect(bob.locator('figure.live-image figcaption').innerText()).resolves.toMatch(/^from the sketch/);
    // What the first stroke used to do to everyone's picture: mostly white (measured: about 17 from white, 72 from
    // the picture).
    const fromWhite = await shownFrameCells(bob);
    expect(cellDistance(fromWhite, WHITE)).toBeLessThan(cellDistance(fromWhite, textCells));
    lastSeq = onWhite[0]!.seq;
    // Undo puts the picture back (one undo step of Bob's).
    await sketchEdits(bob).getByRole('button', { name: 'Undo', exact: true }).click();
    lastSeq = (await waitForSameFrame([bob, alice], lastSeq, 'image'))[0]!.seq;
  });

  it('an embed viewer sees the frames drawn from the sketch, never the strokes themselves', async () => {
    const context = await browser.newContext({ viewport: { width: 640, height: 480 }, deviceScaleFactor: 1 });
    contexts.push(context);
    const embed = await context.newPage();
    await embed.goto(`${web.url}/embed/${roomId}`);
    const shown = await waitForFrame(embed, 0, 'image');
    expect(shown.seq).toBeGreaterThan(0);
    await expect(embed.locator('figure.live-image figcaption').innerText()).resolves.toMatch(/^from the picture and sketch/);
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
    // The badge says what the frame came from: the dropped picture alone once the strokes are cleared.
    await bob.getByRole('button', { name: 'Clear', exact: true }).click();
    await bob.waitForFunction(() => document.querySelector('figure.live-image figcaption')?.textContent?.startsWith('from the starting picture'), null, {
      timeout: UI_TIMEOUT_MS,
    });
    await bob.keyboard.press('Control+z');
    await bob.waitForFunction(() => document.querySelector('figure.live-image figcaption')?.textContent?.startsWith('from the picture and sketch'), null, {
      timeout: UI_TIMEOUT_MS,
    });
    lastSeq = (await waitForFrame(bob, lastSeq, 'image')).seq;
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
