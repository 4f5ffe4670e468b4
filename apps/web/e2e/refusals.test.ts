/**
 * Refusals a person can meet, in a real browser against the real server (issue 11, cases 1 and 4): the page
 * says why in words, follows the code's retry policy (protocol's CLOSE_ADVICE) instead of spinning on
 * "Connecting…" or reconnecting in a loop, and never drops what the person typed.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from './harness/browserStack';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi } from './harness/chromium';
import { promptEditor, waitForConnection, waitForPromptText } from './harness/pages';

/** Longest prompt this test's server accepts: far below what the editor allows, so typing can cross it. */
const MAX_PROMPT_CHARS = 30;
/** Sockets one address may hold: two people in, the third from the same address is refused. */
const MAX_CONNECTIONS_PER_IP = 2;
/** Long enough for y-websocket's own backoff (100 ms doubling, capped at 2.5 s) to have reconnected, in ms. */
const LONGER_THAN_BACKOFF_MS = 4000;

const haveBrowser = chromiumAvailable();
if (!haveBrowser && inCi()) throw new Error(CHROMIUM_MISSING_MESSAGE);
if (!haveBrowser) console.warn(`\n⚠️  SKIPPING web e2e tests: ${CHROMIUM_MISSING_MESSAGE}\n`);

describe.runIf(haveBrowser)('refusals in a real browser', () => {
  const stack = useBrowserStack({
    serverOptions: { limits: { maxPromptChars: MAX_PROMPT_CHARS, maxConnectionsPerIp: MAX_CONNECTIONS_PER_IP } },
    viewport: { width: 1280, height: 900 },
  });

  /** Opens `path` in a fresh browser context; counts the WebSockets the page opens. */
  async function openPage(path: string): Promise<{ page: Page; sockets: () => number }> {
    let opened = 0;
    const page = await stack.openPage(path, { beforeGoto: (p) => p.on('websocket', () => opened++) });
    return { page, sockets: () => opened };
  }

  it('an edit the room cannot take: the page says why, stops reconnecting, keeps the text to copy, and rejoins', async () => {
    const { page, sockets } = await openPage('/r/refused-edit');
    await waitForConnection(page, 'Connected');
    const typed = 'a red fox in the snow, watercolour, soft light';
    await promptEditor(page).click();
    await page.keyboard.type(typed, { delay: 10 });

    const notice = page.getByTestId('connection-notice');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.getAttribute('data-close-code')).toBe('4414');
    expect(await notice.innerText()).toContain('Your change would make the prompt longer than this room allows.');
    expect(await notice.innerText()).toContain(`limit ${MAX_PROMPT_CHARS}`);
    await waitForConnection(page, 'Disconnected');
    // Everything typed is offered back, including what was typed after the refusal.
    await page.waitForFunction((text) => (document.querySelector('[data-testid="kept-text"]') as HTMLTextAreaElement | null)?.value === text, typed);
    expect(await notice.getByRole('button', { name: 'Copy my text' }).isEnabled()).toBe(true);
    // A final close is not retried: no new socket while y-websocket's backoff would have reconnected.
    await page.waitForTimeout(LONGER_THAN_BACKOFF_MS);
    expect(sockets()).toBe(1);

    await notice.getByRole('button', { name: 'Rejoin room' }).click();
    await waitForConnection(page, 'Connected');
    await notice.waitFor({ state: 'detached' });
    // The room kept what fitted; the editor now shows the room's text.
    await waitForPromptText(page, typed.slice(0, MAX_PROMPT_CHARS));
    expect(sockets()).toBe(2);
    await page.context().close();
  });

  it('a link whose token was cut short is told why (4402) and not retried, instead of "Connecting…" forever', async () => {
    const { page, sockets } = await openPage('/r/cut-link?token=eyJyIjoiY3V0');
    const notice = page.getByTestId('connection-notice');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.getAttribute('data-close-code')).toBe('4402');
    expect(await notice.innerText()).toContain('token is not valid for this room');
    await waitForConnection(page, 'Disconnected');
    await page.waitForTimeout(LONGER_THAN_BACKOFF_MS);
    expect(sockets()).toBe(1);
    await page.context().close();
  });

  it('a third person behind the same address is told why (4430), waits instead of spinning, and gets in once a place frees', async () => {
    const first = await openPage('/r/one-address');
    const second = await openPage('/r/one-address');
    await waitForConnection(first.page, 'Connected');
    await waitForConnection(second.page, 'Connected');
    const third = await openPage('/r/one-address');

    const notice = third.page.getByTestId('connection-notice');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.getAttribute('data-close-code')).toBe('4430');
    const text = await notice.innerText();
    expect(text).toContain('Too many connections from your network');
    expect(text).toContain(`${MAX_CONNECTIONS_PER_IP} connections open`);
    await waitForConnection(third.page, 'Waiting to reconnect');
    await third.page.waitForTimeout(LONGER_THAN_BACKOFF_MS);
    expect(third.sockets()).toBe(1);

    await first.page.context().close();
    await notice.getByRole('button', { name: 'Try now' }).click();
    await waitForConnection(third.page, 'Connected');
    await notice.waitFor({ state: 'detached' });
  });
});
