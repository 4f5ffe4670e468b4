/**
 * The stack most browser tests run against, set up once per `describe`: a real room server, the built web app
 * pointed at it, and Chromium. `openPage` opens a path in a fresh browser context (each page is its own person:
 * its own storage, seat and presence); every context, the browser, the app and the server are closed after the
 * last test.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium';
import { UI_TIMEOUT_MS } from './pages';
import { startRoomServer, type TestRoomServer } from './roomServer';
import { startWebApp, type WebApp } from './webApp';

/** The desktop viewport the room tests use unless they say otherwise. */
export const DESKTOP = { width: 1440, height: 900 };

/** How {@link BrowserStack.openPage} opens a page. */
export interface OpenPageOptions {
  viewport?: { width: number; height: number };
  /** Runs on the new page before it navigates (to listen for its WebSockets or messages from the start). */
  beforeGoto?: (page: Page) => void;
}

/** What a test file gets from {@link useBrowserStack}; the fields are set once `beforeAll` has run. */
export interface BrowserStack {
  readonly server: TestRoomServer;
  readonly web: WebApp;
  readonly browser: Browser;
  openPage(path: string, options?: OpenPageOptions): Promise<Page>;
}

/** What {@link useBrowserStack} starts. */
export interface BrowserStackOptions {
  /** The room server's options (its own names, e.g. `limits`), over the test server's defaults. */
  serverOptions?: Record<string, unknown>;
  /** The viewport of pages opened without one (default {@link DESKTOP}). */
  viewport?: { width: number; height: number };
}

/**
 * Registers `beforeAll`/`afterAll` in the calling `describe` that start the server, the web app and Chromium, and
 * close them after.
 */
export function useBrowserStack({ serverOptions = {}, viewport: defaultViewport = DESKTOP }: BrowserStackOptions = {}): BrowserStack {
  let server: TestRoomServer | undefined;
  let web: WebApp | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`e2e: the ${what} is not started (use the stack inside a test)`);
    return value;
  };

  beforeAll(async () => {
    server = await startRoomServer(serverOptions);
    web = await startWebApp({ PROMPTJAM_SERVER_URL: server.url });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await web?.close();
    await server?.close();
  });

  return {
    get server() {
      return started(server, 'room server');
    },
    get web() {
      return started(web, 'web app');
    },
    get browser() {
      return started(browser, 'browser');
    },
    async openPage(path, { viewport = defaultViewport, beforeGoto } = {}) {
      const context = await started(browser, 'browser').newContext({ viewport, deviceScaleFactor: 1 });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(UI_TIMEOUT_MS);
      beforeGoto?.(page);
      await page.goto(`${started(web, 'web app').url}${path}`);
      return page;
    },
  };
}
