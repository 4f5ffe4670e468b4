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

/**
 * The prompt as the editor on `page` shows it: its lines' text without the remote carets' name labels
 * and CodeMirror's placeholder, which are widgets inside the same element.
 */
export async function readPromptText(page: Page): Promise<string> {
  return page.evaluate(readEditorText);
}

function readEditorText(): string {
  const lines = Array.from(document.querySelectorAll('[aria-label="Prompt"] .cm-line'));
  return lines
    .map((line) => {
      const copy = line.cloneNode(true) as HTMLElement;
      for (const widget of Array.from(copy.querySelectorAll('.cm-ySelectionCaret, .cm-placeholder, .cm-widgetBuffer'))) widget.remove();
      return copy.textContent ?? '';
    })
    .join('\n');
}

/** How often the node side re-reads the page while waiting, in ms. */
const POLL_INTERVAL_MS = 100;

/** Waits until the prompt editor on `page` holds exactly `text`; on timeout, says what it held. */
export async function waitForPromptText(page: Page, text: string): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  let seen = await readPromptText(page);
  while (seen !== text) {
    if (Date.now() > deadline) throw new Error(`prompt editor: expected ${JSON.stringify(text)}, found ${JSON.stringify(seen)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    seen = await readPromptText(page);
  }
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
