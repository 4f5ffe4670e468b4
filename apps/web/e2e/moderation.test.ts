/**
 * A host running a room in a real browser against the real server: removing a participant (their page says why,
 * does not come back by itself, is refused when it tries during the ban, even after a reload, and gets back in
 * once the ban is over), making the room view-only and opening it again, locking the sketch (the drawing surface
 * shows it and takes no strokes), clearing and restoring the prompt, promoting a participant to co-host and
 * revoking that co-host's link again, and the owner above the co-hosts: every people list shows who is the owner and
 * who a co-host, a co-host's panel offers nothing against the owner, and the owner takes a co-host's link away.
 * The ban is 25 s here: long enough for the refusals checked during it on a busy machine.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserStack } from './harness/browserStack';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi } from './harness/chromium';
import { promptEditor, waitForConnection, waitForPromptText } from './harness/pages';
import { drawStroke, inkAt, waitForInk } from './harness/sketch';
import { WEB_APP_DIR } from './harness/webApp';

const DESKTOP = { width: 1280, height: 900 };
const BAN_SECONDS = 25;

const haveBrowser = chromiumAvailable();
if (!haveBrowser && inCi()) throw new Error(CHROMIUM_MISSING_MESSAGE);
if (!haveBrowser) console.warn(`\n⚠️  SKIPPING web e2e tests: ${CHROMIUM_MISSING_MESSAGE}\n`);

describe.runIf(haveBrowser)('host moderation in a real browser', () => {
  const stack = useBrowserStack({ serverOptions: { limits: { removeBanSeconds: BAN_SECONDS } }, viewport: DESKTOP });
  const openPage = (path: string): Promise<Page> => stack.openPage(path);

  /** A host on a new room from the landing page, and a named guest in it; returns both and the host panel. */
  async function hostAndGuest(guestName: string) {
    const host = await openPage('/');
    await host.getByRole('button', { name: 'New room' }).click();
    await host.waitForURL(/\/r\/[a-z0-9-]+$/);
    const roomPath = new URL(host.url()).pathname;
    await waitForConnection(host, 'Connected');
    const panel = host.getByRole('region', { name: /Host/ });
    await panel.waitFor();
    const guest = await openPage(roomPath);
    await waitForConnection(guest, 'Connected');
    await guest.getByLabel('Your name').fill(guestName);
    await guest.getByRole('button', { name: 'Save' }).click();
    const row = panel.getByRole('list', { name: 'People in the room' }).getByRole('listitem').filter({ hasText: guestName });
    await row.waitFor();
    return { host, guest, panel, row, roomPath };
  }

  beforeAll(async () => {
    await mkdir(join(WEB_APP_DIR, 'test-results'), { recursive: true });
  });

  it('a removed participant sees why, is refused during the ban (also after a reload), and gets back in after it', async () => {
    const { host, guest, row } = await hostAndGuest('Bea');
    await row.getByRole('button', { name: 'Remove' }).click();
    await row.getByRole('button', { name: 'Yes, remove Bea' }).click();
    const removedAt = Date.now();

    const removed = guest.locator('[data-testid="connection-notice"][data-close-code="4440"]');
    await removed.waitFor();
    expect(await removed.innerText()).toContain('The host removed you from this room.');
    await host.getByTestId('host-note').filter({ hasText: / removed Bea$/ }).waitFor();
    // The host's list no longer shows her.
    await row.waitFor({ state: 'detached' });

    // The page does not reconnect by itself; asking to rejoin, or reloading, is refused while the ban lasts.
    await guest.getByRole('button', { name: 'Rejoin room' }).click();
    const stillRemoved = guest.locator('[data-testid="connection-notice"][data-close-code="4441"]');
    await stillRemoved.waitFor();
    await guest.reload();
    await stillRemoved.waitFor();
    expect(await stillRemoved.innerText()).toMatch(/You can rejoin when the time is up/);
    expect(Date.now() - removedAt).toBeLessThan(BAN_SECONDS * 1000);

    await guest.waitForTimeout(Math.max(0, removedAt + BAN_SECONDS * 1000 + 500 - Date.now()));
    await guest.getByRole('button', { name: 'Rejoin room' }).click();
    await waitForConnection(guest, 'Connected');
    await host.getByRole('list', { name: 'People in the room' }).getByRole('listitem').filter({ hasText: 'Bea' }).waitFor();
  });

  it('a view-only room and a locked sketch: the guest cannot edit or draw, and can again once the host opens them', async () => {
    const { host, guest, panel } = await hostAndGuest('Cy');
    await promptEditor(host).click();
    await host.keyboard.insertText('a lantern');
    await waitForPromptText(guest, 'a lantern');

    await panel.getByRole('button', { name: 'Make the room view-only' }).click();
    await guest.getByTestId('viewer-only-note').waitFor();
    expect(await promptEditor(guest).getAttribute('contenteditable')).toBe('false');
    await guest.getByTestId('sketch-locked').waitFor();
    // Keys pressed in the read-only prompt stay there: "e" there does not switch the sketch to the eraser.
    await promptEditor(guest).click();
    await guest.keyboard.press('e');
    expect(await guest.getByRole('radio', { name: 'Pen (B)' }).isChecked()).toBe(true);
    await panel.getByRole('button', { name: 'Let everyone edit' }).click();
    await guest.getByTestId('viewer-only-note').waitFor({ state: 'detached' });
    expect(await guest.getByTestId('host-note').innerText()).toMatch(/ opened the room for editing$/);

    await panel.getByRole('button', { name: 'Lock the sketch' }).click();
    await guest.getByTestId('sketch-locked').waitFor();
    await host.screenshot({ path: join(WEB_APP_DIR, 'test-results', 'host-panel.png'), fullPage: true });
    await guest.screenshot({ path: join(WEB_APP_DIR, 'test-results', 'sketch-locked.png'), fullPage: true });
    const spot = { x: 0.3, y: 0.5 };
    await drawStroke(guest, { x: 0.2, y: 0.5 }, { x: 0.4, y: 0.5 });
    // Nothing drawn, nothing sent: the guest stays connected and neither page shows ink.
    await guest.waitForTimeout(500);
    expect((await inkAt(guest, spot))[3]).toBe(0);
    expect((await inkAt(host, spot))[3]).toBe(0);
    expect(await guest.getByTestId('connection-notice').count()).toBe(0);

    await panel.getByRole('button', { name: 'Unlock the sketch' }).click();
    await guest.getByTestId('sketch-locked').waitFor({ state: 'detached' });
    await drawStroke(guest, { x: 0.2, y: 0.5 }, { x: 0.4, y: 0.5 });
    await waitForInk(host, spot);
  });

  it('the host clears and restores the prompt, promotes the guest (whose page gets a host panel) and revokes that link again', async () => {
    const { host, guest, panel, row } = await hostAndGuest('Dee');
    await promptEditor(guest).click();
    await guest.keyboard.insertText('a tin robot');
    await waitForPromptText(host, 'a tin robot');

    await panel.getByRole('button', { name: 'Clear the prompt' }).click();
    await waitForPromptText(guest, '');
    await panel.getByRole('button', { name: 'Undo clearing the prompt' }).click();
    await waitForPromptText(guest, 'a tin robot');
    expect(await guest.getByTestId('host-note').innerText()).toMatch(/ restored the prompt$/);

    expect(await guest.getByRole('region', { name: /Host/ }).count()).toBe(0);
    await row.getByRole('button', { name: 'Make co-host' }).click();
    const guestPanel = guest.getByRole('region', { name: /Host/ });
    await guestPanel.waitFor();
    await waitForConnection(guest, 'Connected');
    await guestPanel.getByRole('button', { name: 'Lock the prompt' }).click();
    await host.getByTestId('host-note').filter({ hasText: /^Dee locked the prompt$/ }).waitFor();

    // Revoking every other host link takes the co-host's panel away; the host keeps theirs (with a fresh link).
    await panel.getByRole('button', { name: 'Revoke other host links' }).click();
    await guestPanel.waitFor({ state: 'detached' });
    await host.getByTestId('host-note').filter({ hasText: / revoked every other host link$/ }).waitFor();
    // No longer a host, the guest's prompt is locked like everyone else's, until the host unlocks it.
    await guest.getByTestId('prompt-locked').waitFor();
    await panel.getByRole('button', { name: 'Unlock the prompt' }).click();
    await guest.getByTestId('prompt-locked').waitFor({ state: 'detached' });
  });

  it('every people list shows the owner and the co-host; a co-host cannot act on the owner; the owner demotes the co-host', async () => {
    const { host, guest, panel, row, roomPath } = await hostAndGuest('Flo');
    await host.getByLabel('Your name').fill('Ada');
    await host.getByRole('button', { name: 'Save' }).click();
    const roleIn = (page: Page, name: string) => page.getByRole('list', { name: 'People here' }).getByRole('listitem').filter({ hasText: name }).getByTestId('person-role');
    await roleIn(guest, 'Ada').filter({ hasText: /^owner$/ }).waitFor();
    expect(await roleIn(host, 'Ada').innerText()).toBe('owner');
    expect(await roleIn(host, 'Flo').count()).toBe(0);

    await row.getByRole('button', { name: 'Make co-host' }).click();
    const guestPanel = guest.getByRole('region', { name: /Host/ });
    await guestPanel.waitFor();
    await roleIn(host, 'Flo').filter({ hasText: /^co-host$/ }).waitFor();
    await roleIn(guest, 'Flo').filter({ hasText: /^co-host$/ }).waitFor();
    const bystander = await openPage(roomPath);
    await waitForConnection(bystander, 'Connected');
    await roleIn(bystander, 'Ada').filter({ hasText: /^owner$/ }).waitFor();
    await roleIn(bystander, 'Flo').filter({ hasText: /^co-host$/ }).waitFor();

    // The co-host's panel: no way to remove or demote the owner, nor to revoke the owner's link.
    const ownerRow = guestPanel.getByRole('list', { name: 'People in the room' }).getByRole('listitem').filter({ hasText: 'Ada' });
    await ownerRow.waitFor();
    expect(await ownerRow.getByRole('button').count()).toBe(0);
    expect(await guestPanel.getByRole('button', { name: 'Revoke other host links' }).count()).toBe(0);

    // The owner takes the co-host's link away: the panel goes, the lists show a guest again.
    await panel.getByRole('list', { name: 'People in the room' }).getByRole('listitem').filter({ hasText: 'Flo' }).getByRole('button', { name: 'Take co-host away' }).click();
    await guestPanel.waitFor({ state: 'detached' });
    await host.getByTestId('host-note').filter({ hasText: /^Ada took Flo's co-host link away$/ }).waitFor();
    await bystander.waitForFunction(() => ![...document.querySelectorAll('[aria-label="People here"] li')].some((li) => li.textContent?.includes('Flo') && li.textContent.includes('co-host')));
    expect(await roleIn(host, 'Ada').innerText()).toBe('owner');

    // The owner tries a co-host link they made in their own browser: it stays the owner's browser.
    await panel.getByRole('button', { name: 'Make a co-host link' }).click();
    const coHostLink = await panel.getByLabel('Co-host link').inputValue();
    const ownTab = await host.context().newPage();
    await ownTab.goto(coHostLink);
    await waitForConnection(ownTab, 'Connected');
    await ownTab.getByRole('region', { name: /^Host/ }).getByText('you own this room').waitFor();
    expect(await ownTab.getByRole('button', { name: 'Revoke other host links' }).count()).toBe(1);
  });
});
