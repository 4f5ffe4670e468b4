import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { judgeRoomPath, ROOM_ROUTE_SEGMENTS } from './roomPath';

const APP_DIR = fileURLToPath(new URL('../app', import.meta.url));

/** Every malformed shape of a percent-escape or room segment a cut or hand-edited link can have. */
const MALFORMED = ['%', '%A', '%ZZ', '%A0', '%C0%AF', '%E0%A4%A', '%ED%A0%80', '%FF', 'violet-otter-42%', 'violet-otter-42%2', '%%41'];
const NOT_A_ROOM = ['a%00b', 'a%2Fb', '..%2F..%2Fetc', 'caf%C3%A9', '%20', '---', 'x'.repeat(65)];

describe('judgeRoomPath', () => {
  it.each(ROOM_ROUTE_SEGMENTS.flatMap((route) => MALFORMED.map((segment) => `/${route}/${segment}`)))('%s is not found (malformed escape)', (path) => {
    expect(judgeRoomPath(path)).toMatchObject({ action: 'not-found' });
  });

  it.each(ROOM_ROUTE_SEGMENTS.flatMap((route) => NOT_A_ROOM.map((segment) => `/${route}/${segment}`)))('%s is not found (names no room)', (path) => {
    expect(judgeRoomPath(path)).toMatchObject({ action: 'not-found' });
  });

  it('a malformed escape anywhere is not found, on any route', () => {
    for (const path of ['/nope%', '/a/%ZZ/b', '/r/violet-otter-42/%']) expect(judgeRoomPath(path)).toMatchObject({ action: 'not-found' });
  });

  it('redirects other spellings of a room to its canonical path, on every room route', () => {
    for (const route of ROOM_ROUTE_SEGMENTS) {
      for (const spelling of ['Violet-Otter-42', 'VIOLET_OTTER_42', 'violet%20otter%2042', 'Violet%20Otter%2042', '%EF%BD%96iolet-otter-42']) {
        expect(judgeRoomPath(`/${route}/${spelling}`)).toEqual({ action: 'redirect', pathname: `/${route}/violet-otter-42` });
      }
    }
  });

  it('serves canonical room paths and every other well-formed path as they are', () => {
    for (const path of ['/', '/r/violet-otter-42', '/embed/violet-otter-42', '/show/violet-otter-42', '/icon.svg', '/r', '/r/a/b', '/about%20us']) {
      expect(judgeRoomPath(path)).toEqual({ action: 'serve' });
    }
  });

  it('lists every /<segment>/[room] route of the app, so each is guarded', () => {
    const routes = readdirSync(APP_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .filter((entry) => readdirSync(join(APP_DIR, entry.name)).includes('[room]'))
      .map((entry) => entry.name);
    expect(routes.length).toBeGreaterThan(0);
    expect([...ROOM_ROUTE_SEGMENTS].sort()).toEqual(routes.sort());
  });
});
