/**
 * Room paths against the BUILT web app (`next start`), with raw HTTP requests whose paths are sent byte for
 * byte (no client-side URL normalising), and the Join box in real Chromium: every malformed room path answers
 * the room's not-found page (404, never a 500), and every other spelling of a room reaches the canonical room.
 */
import { request } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOM_ROUTE_SEGMENTS } from '../lib/roomPath';
import { CHROMIUM_MISSING_MESSAGE, chromiumAvailable, inCi, launchChromium } from './harness/chromium';
import { promptEditor, UI_TIMEOUT_MS, waitForConnection, waitForPromptText } from './harness/pages';
import { startRoomServer, type TestRoomServer } from './harness/roomServer';
import { startWebApp, type WebApp } from './harness/webApp';

/** Cut or hand-edited links: lone `%`, short and non-hex escapes, bytes that are not UTF-8, overlong UTF-8. */
const MALFORMED = ['violet-otter-42%', '%', '%A', '%ZZ', '%A0', '%C0%AF', '%E0%A4%A', '%ED%A0%80', '%FF', 'violet-otter-42%2', '%%41'];
/** Well-formed escapes that still name no room: NUL, an encoded slash or traversal, accents, nothing, too long. */
const NOT_A_ROOM = ['a%00b', 'a%2Fb', '..%2F..%2Fetc', 'caf%C3%A9', '%20', '---', 'x'.repeat(65), 'a%2541'];

interface RawResponse {
  status: number;
  location: string | undefined;
  body: string;
}

/** GET with the path exactly as given. */
function rawGet(baseUrl: string, path: string): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const haveBrowser = chromiumAvailable();
if (!haveBrowser && inCi()) throw new Error(CHROMIUM_MISSING_MESSAGE);

describe('room paths on the built web app', () => {
  let server: TestRoomServer;
  let web: WebApp;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startRoomServer();
    web = await startWebApp({ PROMPTJAM_SERVER_URL: server.url });
    if (haveBrowser) browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await web?.close();
    await server?.close();
  });

  it.each(ROOM_ROUTE_SEGMENTS.flatMap((route) => [...MALFORMED, ...NOT_A_ROOM].map((segment) => `/${route}/${segment}`)))(
    '%s answers the room not-found page with 404',
    async (path) => {
      const response = await rawGet(web.url, path);
      expect(response.status, web.output().slice(-2000)).toBe(404);
      expect(response.body).toContain('No such room');
    },
  );

  it('a malformed escape on any other path is a 404 too, never a 500', async () => {
    for (const path of ['/nope%', '/%ZZ', '/r/violet-otter-42/%']) expect((await rawGet(web.url, path)).status, path).toBe(404);
  });

  it('redirects every other spelling of a room to its canonical path, keeping the query (tokens)', async () => {
    for (const route of ROOM_ROUTE_SEGMENTS) {
      for (const spelling of ['Violet-Otter-42', 'VIOLET_OTTER_42', 'Violet%20Otter%2042']) {
        const response = await rawGet(web.url, `/${route}/${spelling}?token=abc.def&view=1`);
        expect(response.status, `/${route}/${spelling}`).toBe(308);
        expect(new URL(response.location ?? '', web.url).pathname + new URL(response.location ?? '', web.url).search).toBe(
          `/${route}/violet-otter-42?token=abc.def&view=1`,
        );
      }
      expect((await rawGet(web.url, `/${route}/violet-otter-42`)).status).toBe(200);
    }
  });

  it.runIf(haveBrowser)('"Violet Otter 42" in the Join box opens the room the link violet-otter-42 names', async () => {
    const context = await browser!.newContext();
    try {
      const alice = await context.newPage();
      alice.setDefaultTimeout(UI_TIMEOUT_MS);
      await alice.goto(`${web.url}/r/violet-otter-42`);
      await waitForConnection(alice, 'Connected');
      await promptEditor(alice).click();
      await alice.keyboard.type('an otter in a violet sea');

      const bob = await context.newPage();
      bob.setDefaultTimeout(UI_TIMEOUT_MS);
      await bob.goto(web.url);
      await bob.getByRole('textbox', { name: 'Room name' }).fill('Violet Otter 42');
      await bob.getByRole('button', { name: 'Join' }).click();
      await bob.waitForURL(`${web.url}/r/violet-otter-42`);
      await waitForPromptText(bob, 'an otter in a violet sea');

      const carol = await context.newPage();
      carol.setDefaultTimeout(UI_TIMEOUT_MS);
      await carol.goto(`${web.url}/r/Violet-Otter-42`);
      expect(carol.url()).toBe(`${web.url}/r/violet-otter-42`);
      await waitForPromptText(carol, 'an otter in a violet sea');
    } finally {
      await context.close();
    }
  });
});
