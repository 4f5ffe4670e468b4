/**
 * A private room in a real browser against the real server (docs/SECURITY.md, private rooms): the viewer link's
 * page is read-only from the start (no editable prompt, the sketch locked), and the prompt still follows the
 * editors' changes; "New private room" on the landing page makes one whose host copies an editor and a viewer link
 * and an embed snippet carrying the viewer token, and a page with no link is refused with the page's message (and
 * no empty "your text" to copy, nor a picture box still saying it is connecting).
 */
import type { Page } from 'playwright-core';
import { CloseCode, closeAdvice } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from './harness/browserStack';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi } from './harness/chromium';
import { promptEditor, waitForConnection, waitForPromptText } from './harness/pages';

const DESKTOP = { width: 1280, height: 900 };

const haveBrowser = chromiumAvailable();
if (!haveBrowser && inCi()) throw new Error(CHROMIUM_MISSING_MESSAGE);
if (!haveBrowser) console.warn(`\n⚠️  SKIPPING web e2e tests: ${CHROMIUM_MISSING_MESSAGE}\n`);

interface PrivateLinks {
  editor: { path: string };
  viewer: { path: string };
}

describe.runIf(haveBrowser)('a private room in a real browser', () => {
  const stack = useBrowserStack({ viewport: DESKTOP });
  const openPage = (path: string): Promise<Page> => stack.openPage(path);

  it('the viewer link opens a read-only room from the start, which follows the editors', async () => {
    const room = 'quiet-heron-7';
    const response = await fetch(`${stack.server.url.replace(/^ws/, 'http')}/rooms/${room}/private`, { method: 'POST' });
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

  it('"New private room": the host copies editor and viewer links; the viewer reads, the editor types, no link is refused', async () => {
    const host = await openPage('/');
    await host.getByRole('button', { name: 'New private room' }).click();
    // The claim and the lock are settled: their query parameters are gone.
    await host.waitForURL(/\/r\/[a-z0-9-]+$/);
    const roomPath = new URL(host.url()).pathname;
    const room = roomPath.split('/').at(-1)!;
    await waitForConnection(host, 'Connected');
    await host.getByRole('region', { name: /^Host/ }).waitFor();
    const share = host.getByRole('region', { name: /^Invite/ });
    const editorField = share.getByLabel('Editor link (can edit)');
    await editorField.waitFor();
    const editorLink = new URL(await editorField.inputValue());
    const viewerLink = new URL(await share.getByLabel('Viewer link (read-only)').inputValue());
    const viewerToken = viewerLink.searchParams.get('token');
    expect(editorLink.pathname).toBe(roomPath);
    expect(viewerLink.pathname).toBe(roomPath);
    expect(viewerToken).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(editorLink.searchParams.get('token')).not.toBe(viewerToken);
    const snippet = await share.getByLabel('Embed (read-only viewer)').inputValue();
    expect(snippet).toContain(`/embed/${room}?token=${viewerToken}"`);
    const access = await fetch(`${stack.server.url.replace(/^ws/, 'http')}/rooms/${room}/access`);
    expect(await access.json()).toEqual({ room, private: true });

    const viewer = await openPage(`${viewerLink.pathname}${viewerLink.search}`);
    await waitForConnection(viewer, 'Connected');
    await viewer.getByTestId('view-only-link-note').waitFor();
    expect(await promptEditor(viewer).getAttribute('contenteditable')).toBe('false');

    const editor = await openPage(`${editorLink.pathname}${editorLink.search}`);
    await waitForConnection(editor, 'Connected');
    await promptEditor(editor).click();
    await editor.keyboard.insertText('a paper lantern');
    await waitForPromptText(host, 'a paper lantern');
    await waitForPromptText(viewer, 'a paper lantern');

    // The editor link pasted into the landing page's Join box opens the room with its token.
    const joiner = await openPage('/');
    await joiner.getByRole('textbox', { name: 'Room name' }).fill(editorLink.href);
    await joiner.getByRole('button', { name: 'Join' }).click();
    await joiner.waitForURL((url) => url.pathname === roomPath && url.searchParams.get('token') === editorLink.searchParams.get('token'));
    await waitForConnection(joiner, 'Connected');
    await waitForPromptText(joiner, 'a paper lantern');

    const embed = await openPage(new URL(snippet.match(/src="([^"]+)"/)![1]!).pathname + `?token=${viewerToken}`);
    await embed.getByTestId('embed-caption').filter({ hasText: 'a paper lantern' }).waitFor();

    const stranger = await openPage(roomPath);
    const refused = stranger.locator(`[data-testid="connection-notice"][data-close-code="${CloseCode.TokenExpired}"]`);
    await refused.waitFor();
    expect(await refused.innerText()).toContain(closeAdvice(CloseCode.TokenExpired).message);
    // Turned away for good, having typed nothing: no empty "your text" to copy, and the picture box does not
    // claim to be connecting (nor spin).
    expect(await stranger.getByTestId('kept-text').count()).toBe(0);
    expect(await stranger.getByRole('button', { name: 'Copy my text' }).count()).toBe(0);
    const emptyBox = stranger.locator('figure.live-image .live-image-empty');
    expect(await emptyBox.innerText()).toBe('Not connected to this room');
    expect(await emptyBox.locator('.spinner').count()).toBe(0);
  });
});
