import type { Page } from 'playwright-core';

/** Generous waits: a loaded 2-core machine renders demo frames and starts pages slowly, in ms. */
export const UI_TIMEOUT_MS = 60_000;

/** The prompt editor (CodeMirror's content element, accessible name "Prompt"). */
export function promptEditor(page: Page) {
  return page.getByRole('textbox', { name: 'Prompt', exact: true });
}

/** The live image whose accessible name says it was made from `prompt`. */
export function generatedImage(page: Page, prompt: string) {
  return page.locator('figure.live-image').getByRole('img', { name: `Generated image: ${prompt}`, exact: true });
}

/** Waits until the prompt editor on `page` holds exactly `text`. */
export async function waitForPromptText(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelector('[aria-label="Prompt"]')?.textContent === expected,
    text,
    { timeout: UI_TIMEOUT_MS },
  );
}

/** Waits for the live image made from `prompt` to be shown and decoded (non-zero natural size). */
export async function waitForGeneratedImage(page: Page, prompt: string): Promise<{ naturalWidth: number; naturalHeight: number }> {
  const image = generatedImage(page, prompt);
  await image.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  return image.evaluate((node) => {
    const img = node as HTMLImageElement;
    return { naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight };
  });
}

/** Waits for the connection pill to read `text` (e.g. "Connected", "Reconnecting…"). */
export async function waitForConnection(page: Page, text: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}

/** Waits until the presence list shows exactly `count` people. */
export async function waitForPeopleCount(page: Page, count: number): Promise<void> {
  await page.waitForFunction((expected) => document.querySelectorAll('.people .person').length === expected, count, {
    timeout: UI_TIMEOUT_MS,
  });
}
